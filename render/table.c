/* table.c - aligned text, markdown and CSV tables. */
#include "render/table.h"

#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/xalloc.h"

struct kv_table {
	size_t ncols;
	char **head;          /* ncols headers */
	bool *right;          /* ncols alignments */
	char **cells;         /* nrows * ncols, row-major */
	unsigned char *style; /* nrows * ncols, enum kv_style */
	size_t nrows, cap;
	bool color; /* print styles as ANSI escapes */
};

struct kv_table *kv_table_new(size_t ncols, const char *const *headers, const bool *right)
{
	struct kv_table *t = kv_xcalloc(1, sizeof(*t));

	t->ncols = ncols;
	t->head = kv_xcalloc(ncols, sizeof(*t->head));
	t->right = kv_xcalloc(ncols, sizeof(*t->right));
	for (size_t i = 0; i < ncols; i++) {
		t->head[i] = kv_xstrdup(headers[i]);
		t->right[i] = right != NULL && right[i];
	}
	return t;
}

void kv_table_free(struct kv_table *t)
{
	if (t == NULL) {
		return;
	}
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->head[i]);
	}
	for (size_t i = 0; i < t->nrows * t->ncols; i++) {
		free(t->cells[i]);
	}
	free(t->head);
	free(t->right);
	free(t->cells);
	free(t->style);
	free(t);
}

void kv_table_add(struct kv_table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->cells = kv_xreallocarray(t->cells, t->cap * t->ncols, sizeof(*t->cells));
		t->style = kv_xreallocarray(t->style, t->cap * t->ncols, sizeof(*t->style));
	}
	memset(t->style + t->nrows * t->ncols, 0, t->ncols);
	for (size_t i = 0; i < t->ncols; i++) {
		t->cells[t->nrows * t->ncols + i] = kv_xstrdup(cells[i] != NULL ? cells[i] : "");
	}
	t->nrows++;
}

void kv_table_style(struct kv_table *t, size_t col, enum kv_style style)
{
	if (t->nrows > 0 && col < t->ncols) {
		t->style[(t->nrows - 1) * t->ncols + col] = (unsigned char)style;
	}
}

void kv_table_set_color(struct kv_table *t, bool on)
{
	t->color = on;
}

size_t kv_table_rows(const struct kv_table *t)
{
	return t->nrows;
}

size_t kv_display_width(const char *s)
{
	size_t w = 0;

	while (*s != '\0') {
		size_t n = kv_escape_char_len(s);
		w += n > 0 ? 1 : KV_ESCAPE_WIDTH; /* a byte printed as "\x1b" */
		s += n > 0 ? n : 1;
	}
	return w;
}

static void pad(FILE *f, size_t n)
{
	while (n-- > 0) {
		fputc(' ', f);
	}
}

static void print_row(const struct kv_table *t, FILE *f, const char *indent, char *const *row,
		      const unsigned char *style, const size_t *width)
{
	static const char *const on[] = {"", "\033[31m", "\033[32m", "\033[2m", "\033[1m"};

	fputs(indent, f);
	for (size_t i = 0; i < t->ncols; i++) {
		size_t w = kv_display_width(row[i]);
		bool last = i + 1 == t->ncols;

		bool styled = t->color && style != NULL && style[i] != KV_STYLE_NONE;
		if (t->right[i]) {
			pad(f, width[i] - w);
		}
		if (styled) {
			fputs(on[style[i]], f);
		}
		kv_fputs_escaped(row[i], f);
		if (styled) {
			fputs("\033[0m", f);
		}
		if (!t->right[i] && !last) {
			pad(f, width[i] - w);
		}
		if (!last) {
			fputs("  ", f);
		}
	}
	fputc('\n', f);
}

void kv_table_print_text(const struct kv_table *t, FILE *f, const char *indent)
{
	size_t *width = kv_xcalloc(t->ncols, sizeof(*width));

	for (size_t i = 0; i < t->ncols; i++) {
		width[i] = kv_display_width(t->head[i]);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t w = kv_display_width(t->cells[r * t->ncols + i]);
			width[i] = w > width[i] ? w : width[i];
		}
	}
	print_row(t, f, indent, t->head, NULL, width);
	for (size_t r = 0; r < t->nrows; r++) {
		print_row(t, f, indent, t->cells + r * t->ncols, t->style + r * t->ncols, width);
	}
	free(width);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool kv_csv_number(const char *s)
{
	size_t digits = 0;

	if (*s == '+' || *s == '-') {
		s++;
	}
	if (strcmp(s, "inf") == 0) {
		return true; /* an interval's open end, as compare writes it */
	}
	for (; is_digit(*s); s++) {
		digits++;
	}
	if (*s == '.') {
		for (s++; is_digit(*s); s++) {
			digits++;
		}
	}
	if (digits == 0) {
		return false;
	}
	if (*s == 'e' || *s == 'E') {
		s += s[1] == '+' || s[1] == '-' ? 2 : 1;
		if (!is_digit(*s)) {
			return false;
		}
		while (is_digit(*s)) {
			s++;
		}
	}
	return *s == '\0';
}

/* OWASP, "CSV Injection": a spreadsheet runs a cell that starts with one of
 * these as a formula (tab and carriage return are escaped before this). */
static bool formula_like(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL && !kv_csv_number(s);
}

void kv_csv_field(FILE *f, const char *s)
{
	char *owned = kv_escape_clean(s) ? NULL : kv_escape_dup(s);
	const char *e = owned != NULL ? owned : s;
	bool quote = strpbrk(e, ",\"") != NULL;

	if (quote) {
		fputc('"', f);
	}
	if (formula_like(e)) {
		fputc('\'', f);
	}
	for (const char *p = e; *p; p++) {
		if (*p == '"') {
			fputc('"', f);
		}
		fputc(*p, f);
	}
	if (quote) {
		fputc('"', f);
	}
	free(owned);
}

static void csv_row(const struct kv_table *t, FILE *f, char *const *row)
{
	for (size_t i = 0; i < t->ncols; i++) {
		if (i > 0) {
			fputc(',', f);
		}
		kv_csv_field(f, row[i]);
	}
	fputs("\n", f);
}

void kv_table_print_csv(const struct kv_table *t, FILE *f)
{
	csv_row(t, f, t->head);
	for (size_t r = 0; r < t->nrows; r++) {
		csv_row(t, f, t->cells + r * t->ncols);
	}
}

static void md_row(const struct kv_table *t, FILE *f, char *const *row)
{
	fputc('|', f);
	for (size_t i = 0; i < t->ncols; i++) {
		fputc(' ', f);
		char *e = kv_escape_dup(row[i]);
		for (const char *p = e; *p; p++) {
			if (*p == '|') {
				fputc('\\', f);
			}
			fputc(*p, f);
		}
		free(e);
		fputs(" |", f);
	}
	fputc('\n', f);
}

void kv_table_print_markdown(const struct kv_table *t, FILE *f)
{
	md_row(t, f, t->head);
	fputc('|', f);
	for (size_t i = 0; i < t->ncols; i++) {
		fputs(t->right[i] ? " ---: |" : " --- |", f);
	}
	fputc('\n', f);
	for (size_t r = 0; r < t->nrows; r++) {
		md_row(t, f, t->cells + r * t->ncols);
	}
}
