/*
 * table.h - tables as aligned text, CSV (RFC 4180) or GitHub markdown.
 *
 * Cells are copied in; the table owns them.  Pure: no database, no
 * statistics.
 */
#ifndef RENDER_TABLE_H
#define RENDER_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct kv_table;

/* Returns a new table with ncols columns and these headers (copied); free
 * with kv_table_free().  right[i] right-aligns column i in text (numbers). */
struct kv_table *kv_table_new(size_t ncols, const char *const *headers, const bool *right);
void kv_table_free(struct kv_table *t);
/* Appends a row of ncols cells (NULL cells print as empty). */
void kv_table_add(struct kv_table *t, const char *const *cells);
size_t kv_table_rows(const struct kv_table *t);

/* Styles for a cell in text output on a terminal. */
enum kv_style { KV_STYLE_NONE, KV_STYLE_RED, KV_STYLE_GREEN, KV_STYLE_DIM, KV_STYLE_BOLD };
/* Styles cell col of the last row added. */
void kv_table_style(struct kv_table *t, size_t col, enum kv_style style);
/* Whether text output uses the styles (ANSI colours); off by default. */
void kv_table_set_color(struct kv_table *t, bool on);
/* GitHub markdown: a header row, a separator, '|' escaped in cells. */
void kv_table_print_markdown(const struct kv_table *t, FILE *f);

/* Columns separated by two spaces, padded by display width (UTF-8 aware),
 * the last column unpadded. */
void kv_table_print_text(const struct kv_table *t, FILE *f, const char *indent);
/* RFC 4180 quoting (fields quoted when they hold a comma, quote or newline),
 * header row first, rows ended by "\n". */
void kv_table_print_csv(const struct kv_table *t, FILE *f);

/* Writes s to f as one CSV field. */
void kv_csv_field(FILE *f, const char *s);
/* Returns the number of terminal columns s takes (UTF-8 code points that
 * are not continuation bytes). */
size_t kv_display_width(const char *s);

#endif
