/* escape.c - control characters and bytes that are not UTF-8 shown as \xNN. */
#include "util/escape.h"

#include <stdarg.h>
#include <string.h>

#include "util/strbuf.h"

/* Returns the length (1 to 4) of the well-formed UTF-8 sequence s starts
 * with, or 0 when it starts with none (or with the NUL).  Overlong forms,
 * surrogates and code points above U+10FFFF are not well formed (Unicode
 * 15.0, section 3.9, table 3-7).  Never reads past a NUL. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf; /* the second byte's range */
	size_t n;

	if (s[0] == 0) {
		return 0;
	}
	if (s[0] < 0x80) {
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		lo = s[0] == 0xe0 ? 0xa0 : 0x80; /* overlong */
		hi = s[0] == 0xed ? 0x9f : 0xbf; /* surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		lo = s[0] == 0xf0 ? 0x90 : 0x80; /* overlong */
		hi = s[0] == 0xf4 ? 0x8f : 0xbf; /* above U+10FFFF */
	} else {
		return 0; /* a continuation byte, c0, c1 (overlong) or f5-ff */
	}
	if (s[1] < lo || s[1] > hi) {
		return 0;
	}
	for (size_t i = 2; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			return 0;
		}
	}
	return n;
}

size_t kv_escape_char_len(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	if (s[0] < 0x20 || s[0] == 0x7f) {
		return 0;
	}
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
		return 0; /* C1: U+0080-U+009F */
	}
	return utf8_len(s);
}

/* Calls put(ctx, piece, len) for each piece of s escaped: a printable
 * character, or one escape. */
static void escape_each(const char *s, void (*put)(void *, const char *, size_t), void *ctx)
{
	static const char hex[] = "0123456789abcdef";

	while (*s != '\0') {
		size_t n = kv_escape_char_len(s);
		if (n > 0) {
			put(ctx, s, n);
			s += n;
			continue;
		}
		unsigned char c = (unsigned char)*s++;
		char e[KV_ESCAPE_WIDTH] = {'\\', 'x', hex[c >> 4], hex[c & 0xf]};
		put(ctx, e, sizeof(e));
	}
}

struct bounded {
	char *out;      /* the destination, or NULL when size is 0 */
	size_t size;    /* its size in bytes */
	size_t written; /* bytes written to out */
	size_t len;     /* the whole escaped length so far */
	bool full;      /* a piece did not fit: nothing more is written */
};

/* A piece goes whole or not at all, so truncation splits no character. */
static void put_bounded(void *ctx, const char *p, size_t n)
{
	struct bounded *b = ctx;

	if (!b->full && b->written + n < b->size) {
		memcpy(b->out + b->written, p, n);
		b->written += n;
	} else {
		b->full = true;
	}
	b->len += n;
}

size_t kv_escape_ctrl(const char *s, char *out, size_t size)
{
	struct bounded b = {out, size, 0, 0, false};

	escape_each(s, put_bounded, &b);
	if (size > 0) {
		out[b.written] = '\0';
	}
	return b.len;
}

static void put_strbuf(void *ctx, const char *p, size_t n)
{
	kv_strbuf_add(ctx, p, n);
}

void kv_strbuf_add_escaped(struct kv_strbuf *sb, const char *s)
{
	escape_each(s, put_strbuf, sb);
}

char *kv_escape_dup(const char *s)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;

	kv_strbuf_add_escaped(&sb, s);
	return kv_strbuf_detach(&sb);
}

static void put_file(void *ctx, const char *p, size_t n)
{
	fwrite(p, 1, n, ctx);
}

void kv_fputs_escaped(const char *s, FILE *f)
{
	escape_each(s, put_file, f);
}

bool kv_escape_clean(const char *s)
{
	size_t n;

	while ((n = kv_escape_char_len(s)) > 0) {
		s += n;
	}
	return *s == '\0';
}

bool kv_utf8_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	while ((n = utf8_len(s)) > 0) {
		s += n;
	}
	return *s == '\0';
}

void kv_fputs_json(const char *json, FILE *f)
{
	const char *p = json, *run = json;

	for (; *p != '\0'; p++) {
		unsigned char c = (unsigned char)p[0];
		bool del = c == 0x7f;
		bool c1 = c == 0xc2 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9f;
		if (!del && !c1) {
			continue;
		}
		fwrite(run, 1, (size_t)(p - run), f);
		fprintf(f, "\\u%04x", del ? 0x7fu : (unsigned)(unsigned char)p[1]);
		p += c1;
		run = p + 1;
	}
	fwrite(run, 1, (size_t)(p - run), f);
}

void kv_fprintf_line(FILE *f, const char *fmt, ...)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	kv_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	kv_fputs_escaped(kv_strbuf_str(&sb), f);
	fputc('\n', f);
	kv_strbuf_release(&sb);
}
