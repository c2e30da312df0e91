/*
 * escape.h - text from the data made safe for a terminal, a log or a CSV.
 *
 * Names come from the files kvperf reads and from the command line: a
 * configuration named "\033]0;x\007\033[2J" would set a terminal's title and
 * clear its screen, a newline would start a second, fake line of output.
 * Every byte that is a control character or not UTF-8 is therefore shown as
 * "\xNN" (two lower-case hex digits), one escape per byte:
 *
 *   C0 (0x00-0x1f, newline and tab included)  "\x1b", "\x0a", "\x09"
 *   DEL (0x7f)                                "\x7f"
 *   C1 (U+0080-U+009F, UTF-8 c2 80 - c2 9f)   "\xc2\x9b"
 *   a byte that is not valid UTF-8            "\xff", "\xc0\xaf" (overlong)
 *
 * Everything else, UTF-8 included ("µs", "×", CJK), is copied as it is.  A
 * backslash is not escaped: "\x1b" in the output may have been those four
 * characters in the input, which is harmless.  The escaped text holds no
 * control character and is valid UTF-8, so escaping it again changes
 * nothing.
 */
#ifndef UTIL_ESCAPE_H
#define UTIL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/error.h"
#include "util/strbuf.h"

/* The width of one escape ("\x1b") in characters. */
#define KV_ESCAPE_WIDTH 4

/* Returns the length in bytes (1 to 4) of the printable UTF-8 character s
 * starts with, or 0 when its first byte must be escaped (or is the NUL). */
size_t kv_escape_char_len(const char *s);

/* Writes s escaped to out, NUL-terminated, truncated to fit size bytes at a
 * character or escape boundary (never inside one); out may be NULL when
 * size is 0.  Returns the length the whole escaped text has, like
 * snprintf: it was truncated when that is >= size. */
size_t kv_escape_ctrl(const char *s, char *out, size_t size);

/* Returns s escaped as a new string; free with free(). */
char *kv_escape_dup(const char *s);

/* Appends s escaped to sb. */
void kv_strbuf_add_escaped(struct kv_strbuf *sb, const char *s);

/* Writes s escaped to f. */
void kv_fputs_escaped(const char *s, FILE *f);

/* Formats one line and writes it to f escaped, then a newline: for text
 * output whose arguments come from the data. */
void kv_fprintf_line(FILE *f, const char *fmt, ...) KV_PRINTF(2, 3);

/* Whether s needs no escape at all. */
bool kv_escape_clean(const char *s);

/* Whether s is valid UTF-8 (control characters allowed). */
bool kv_utf8_valid(const char *s);

/* Writes JSON text to f with DEL and the C1 characters, which JSON allows
 * raw inside strings, as \u007f and \u0080-\u009f (they occur only inside
 * strings, so the JSON means the same). */
void kv_fputs_json(const char *json, FILE *f);

#endif
