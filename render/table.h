/*
 * table.h - tables as aligned text, CSV (RFC 4180) or GitHub markdown.
 *
 * Cells are copied in; the table owns them.  Pure: no database, no
 * statistics.  Cells come from the data, so every format prints them with
 * their control characters and bytes that are not UTF-8 escaped as "\x1b"
 * (util/escape.h): a name never moves the cursor or starts a line.
 */
#ifndef RENDER_TABLE_H
#define RENDER_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct kv_table;

/* Returns a new table with ncols columns and these headers (copied); free
 * with kv_table_free().  right[i] right-aligns column i in text (numbers). */
struct kv_table *kv_table_new(size_t ncols, const char *const *headers, const bool *right);
void kv_table_free(struct kv_table *t);
/* Appends a row of ncols cells (NULL cells print as empty). */
void kv_table_add(struct kv_table *t, const char *const *cells);
size_t kv_table_rows(const struct kv_table *t);

/* Styles for a cell in text output on a terminal: the reports' colours of
 * a worse and a better verdict, grey for no significant change, bold. */
enum kv_style { KV_STYLE_NONE, KV_STYLE_WORSE, KV_STYLE_BETTER, KV_STYLE_DIM, KV_STYLE_BOLD };
/* The ANSI escape that starts a style ("" for none); "\033[0m" ends it. */
const char *kv_style_ansi(enum kv_style style);
/* Styles cell col of the last row added. */
void kv_table_style(struct kv_table *t, size_t col, enum kv_style style);
/* Whether text output uses the styles (ANSI colours); off by default. */
void kv_table_set_color(struct kv_table *t, bool on);
/* GitHub markdown: a header row, a separator, '|' escaped in cells. */
void kv_table_print_markdown(const struct kv_table *t, FILE *f);

/* Columns separated by two spaces, padded by display width (UTF-8 aware,
 * escapes counted as printed), the last column unpadded. */
void kv_table_print_text(const struct kv_table *t, FILE *f, const char *indent);
/* One row per line, header row first, rows ended by "\n", each cell as
 * kv_csv_field() writes it. */
void kv_table_print_csv(const struct kv_table *t, FILE *f);

/* Writes s to f as one CSV field: control characters escaped (so a field
 * never holds a line break), a leading "'" when a spreadsheet would take
 * the field for a formula (it starts with =, +, - or @, and is not a plain
 * number, kv_csv_number(); OWASP's rule against CSV injection), and RFC
 * 4180 quoting when it holds a comma or a quote. */
void kv_csv_field(FILE *f, const char *s);
/* Whether s is a plain number a spreadsheet reads as one: an optional sign,
 * digits with an optional fraction and exponent ("-0.5", "1e-3", ".5"), or
 * "inf" ("-inf": an interval's open end). */
bool kv_csv_number(const char *s);
/* Tab-separated values: one row per line, fields as kv_tsv_field() writes
 * them.  TSV has no quoting: control characters (tab and newline among
 * them) are escaped, so a field never holds a separator. */
void kv_table_print_tsv(const struct kv_table *t, FILE *f);
/* One TSV field: escaped, with the leading "'" of kv_csv_field(). */
void kv_tsv_field(FILE *f, const char *s);
/* Returns the number of terminal cells s takes as the tables print it:
 * two for an East Asian wide or fullwidth character (CJK, emoji), none for
 * a combining mark, one for any other, four per escaped byte ("\x1b"). */
size_t kv_display_width(const char *s);
/* The cells one code point takes (0, 1 or 2), as kv_display_width counts. */
size_t kv_char_width(uint32_t c);

#endif
