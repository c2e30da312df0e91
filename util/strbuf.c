/* strbuf.c - a growable string. */
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void kv_strbuf_init(struct kv_strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void kv_strbuf_release(struct kv_strbuf *sb)
{
	if (sb == NULL) {
		return;
	}
	free(sb->buf);
	kv_strbuf_init(sb);
}

const char *kv_strbuf_str(const struct kv_strbuf *sb)
{
	return sb->buf != NULL ? sb->buf : "";
}

static void grow(struct kv_strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need <= sb->cap) {
		return;
	}
	size_t cap = sb->cap > 0 ? sb->cap : 64;
	while (cap < need) {
		cap *= 2;
	}
	sb->buf = kv_xreallocarray(sb->buf, cap, 1);
	sb->cap = cap;
}

void kv_strbuf_add(struct kv_strbuf *sb, const char *s, size_t n)
{
	grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void kv_strbuf_adds(struct kv_strbuf *sb, const char *s)
{
	kv_strbuf_add(sb, s, strlen(s));
}

void kv_strbuf_addc(struct kv_strbuf *sb, char c)
{
	kv_strbuf_add(sb, &c, 1);
}

void kv_strbuf_vaddf(struct kv_strbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n <= 0) {
		return;
	}
	grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void kv_strbuf_addf(struct kv_strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kv_strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void kv_strbuf_truncate(struct kv_strbuf *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->buf[len] = '\0';
	}
}

char *kv_strbuf_detach(struct kv_strbuf *sb)
{
	char *s = sb->buf != NULL ? sb->buf : kv_xstrdup("");

	kv_strbuf_init(sb);
	return s;
}
