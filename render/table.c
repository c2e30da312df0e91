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

/* Code points that take no cell (combining marks, zero-width characters)
 * and that take two (East Asian Wide and Fullwidth, emoji), as terminals
 * draw them: the ranges of Unicode 15's EastAsianWidth.txt (W and F) and
 * of its general categories Mn/Me, merged where they touch. */
static const uint32_t zero_width[][2] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},   {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},   {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},   {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};
static const uint32_t double_width[][2] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
    {0x17000, 0x18CFF}, {0x1AFF0, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F320},
    {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
    {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
    {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E},
    {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4},
    {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
    {0x1F6D5, 0x1F6D7}, {0x1F6DC, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC},
    {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945},
    {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static bool in_ranges(uint32_t c, const uint32_t (*r)[2], size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < r[mid][0]) {
			hi = mid;
		} else if (c > r[mid][1]) {
			lo = mid + 1;
		} else {
			return true;
		}
	}
	return false;
}

size_t kv_char_width(uint32_t c)
{
	if (in_ranges(c, zero_width, ARRAY_SIZE(zero_width))) {
		return 0;
	}
	return in_ranges(c, double_width, ARRAY_SIZE(double_width)) ? 2 : 1;
}

size_t kv_display_width(const char *s)
{
	size_t w = 0;

	while (*s != '\0') {
		size_t n = kv_escape_char_len(s);
		if (n == 0) {
			w += KV_ESCAPE_WIDTH; /* a byte printed as "\x1b" */
			s++;
			continue;
		}
		const unsigned char *u = (const unsigned char *)s;
		uint32_t c = n == 1   ? u[0]
			     : n == 2 ? (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F)
			     : n == 3
				 ? (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 |
				       (u[2] & 0x3F)
				 : (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 |
				       (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
		w += kv_char_width(c);
		s += n;
	}
	return w;
}

static void pad(FILE *f, size_t n)
{
	while (n-- > 0) {
		fputc(' ', f);
	}
}

const char *kv_style_ansi(enum kv_style style)
{
	/* The reports' verdict colours (Okabe & Ito's vermillion and blue, in
	 * the 256-colour palette), grey for no change, bold for headings. */
	static const char *const on[] = {"", "\033[38;5;166m", "\033[38;5;25m", "\033[2m",
					 "\033[1m"};

	return (unsigned)style < ARRAY_SIZE(on) ? on[style] : "";
}

static void print_row(const struct kv_table *t, FILE *f, const char *indent, char *const *row,
		      const unsigned char *style, const size_t *width)
{
	fputs(indent, f);
	for (size_t i = 0; i < t->ncols; i++) {
		size_t w = kv_display_width(row[i]);
		bool last = i + 1 == t->ncols;

		bool styled = t->color && style != NULL && style[i] != KV_STYLE_NONE;
		if (t->right[i]) {
			pad(f, width[i] - w);
		}
		if (styled) {
			fputs(kv_style_ansi((enum kv_style)style[i]), f);
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

void kv_tsv_field(FILE *f, const char *s)
{
	char *owned = kv_escape_clean(s) ? NULL : kv_escape_dup(s);
	const char *e = owned != NULL ? owned : s;

	if (formula_like(e)) {
		fputc('\'', f);
	}
	fputs(e, f);
	free(owned);
}

static void tsv_row(const struct kv_table *t, FILE *f, char *const *row)
{
	for (size_t i = 0; i < t->ncols; i++) {
		if (i > 0) {
			fputc('\t', f);
		}
		kv_tsv_field(f, row[i]);
	}
	fputc('\n', f);
}

void kv_table_print_tsv(const struct kv_table *t, FILE *f)
{
	tsv_row(t, f, t->head);
	for (size_t r = 0; r < t->nrows; r++) {
		tsv_row(t, f, t->cells + r * t->ncols);
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
