/*
 * strbuf.h - a growable, always NUL-terminated string.
 *
 * Initialise with KV_STRBUF_INIT or kv_strbuf_init(); release with
 * kv_strbuf_release().  Appending never fails (see xalloc.h).
 */
#ifndef UTIL_STRBUF_H
#define UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util/error.h"

struct kv_strbuf {
	char *buf;  /* the text, NUL-terminated; NULL until something is appended */
	size_t len; /* bytes in buf, not counting the NUL */
	size_t cap; /* bytes allocated */
};

#define KV_STRBUF_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void kv_strbuf_init(struct kv_strbuf *sb);
/* Frees the text; sb may be reused after kv_strbuf_init(). */
void kv_strbuf_release(struct kv_strbuf *sb);
/* Returns the text ("" while empty); borrowed: valid until the next change. */
const char *kv_strbuf_str(const struct kv_strbuf *sb);
void kv_strbuf_add(struct kv_strbuf *sb, const char *s, size_t n);
void kv_strbuf_adds(struct kv_strbuf *sb, const char *s);
void kv_strbuf_addc(struct kv_strbuf *sb, char c);
void kv_strbuf_addf(struct kv_strbuf *sb, const char *fmt, ...) KV_PRINTF(2, 3);
void kv_strbuf_vaddf(struct kv_strbuf *sb, const char *fmt, va_list ap) KV_PRINTF(2, 0);
/* Cuts the text back to len bytes (len <= sb->len). */
void kv_strbuf_truncate(struct kv_strbuf *sb, size_t len);
/* Returns the text as a new string the caller frees with free(); sb is left empty. */
char *kv_strbuf_detach(struct kv_strbuf *sb);

#endif
