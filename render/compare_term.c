/*
 * compare_term.c - compare's table for a terminal.  Rows are grouped as
 * benchstat groups them: a header line per benchmark (tool, benchmark and
 * parameters), then one short line per metric, and one per variant when
 * there are several.  The table is fitted to the terminal's width: the least
 * important columns are left out first (and named under the table), then a
 * metric too long for its column gets a line of its own; a field is never
 * cut.  Widths are counted in display cells (render/table.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/compare_priv.h"
#include "render/format.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A table whose columns may be left out, in the order drop[] gives. */
struct fit_row {
	char *block; /* a header line spanning the table, or NULL for a row of cells */
	char **cell;
	unsigned char *style;
};

struct fit_table {
	size_t ncols;
	const char **head; /* borrowed */
	bool *right;
	int *drop; /* 0: always shown; else the order in which it is left out */
	bool *on;
	size_t *w;
	struct fit_row *rows;
	size_t n, cap;
	size_t indent;     /* of the rows of cells; block lines start at 0 */
	size_t shrink_col; /* the column that gets lines of its own when still too wide */
	size_t shrink_w;   /* its width after that, or SIZE_MAX */
	size_t wrap_col;   /* the last column, wrapped at commas rather than left out */
	size_t wrap_min;   /* its narrowest width (its longest item), 0: no such column */
	size_t wrap_w;     /* its width after fitting, or SIZE_MAX */
	int wrap_keep;     /* columns of this drop order or less come back only when
			    * the wrapped column fits unwrapped */
};

static void fit_init(struct fit_table *t, size_t ncols, size_t indent)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->head = kv_xcalloc(ncols, sizeof(*t->head));
	t->right = kv_xcalloc(ncols, sizeof(*t->right));
	t->drop = kv_xcalloc(ncols, sizeof(*t->drop));
	t->on = kv_xcalloc(ncols, sizeof(*t->on));
	t->w = kv_xcalloc(ncols, sizeof(*t->w));
	t->indent = indent;
	t->shrink_w = SIZE_MAX;
	t->wrap_w = SIZE_MAX;
	for (size_t i = 0; i < ncols; i++) {
		t->on[i] = true;
	}
}

static void fit_free(struct fit_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->rows[i].block);
		for (size_t c = 0; t->rows[i].cell != NULL && c < t->ncols; c++) {
			free(t->rows[i].cell[c]);
		}
		free(t->rows[i].cell);
		free(t->rows[i].style);
	}
	free(t->rows);
	free(t->head);
	free(t->right);
	free(t->drop);
	free(t->on);
	free(t->w);
}

static struct fit_row *fit_push(struct fit_table *t)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->rows = kv_xreallocarray(t->rows, t->cap, sizeof(*t->rows));
	}
	memset(&t->rows[t->n], 0, sizeof(t->rows[t->n]));
	return &t->rows[t->n++];
}

static void fit_block(struct fit_table *t, char *text)
{
	fit_push(t)->block = text;
}

/* A new row of empty cells; fill them with kv_xstrdup'ed text. */
static struct fit_row *fit_row(struct fit_table *t)
{
	struct fit_row *r = fit_push(t);

	r->cell = kv_xcalloc(t->ncols, sizeof(*r->cell));
	r->style = kv_xcalloc(t->ncols, sizeof(*r->style));
	return r;
}

static size_t cell_w(const char *s)
{
	return s != NULL ? kv_display_width(s) : 0;
}

/* A column's width as printed. */
static size_t col_w(const struct fit_table *t, size_t c)
{
	if (c == t->shrink_col && t->shrink_w < t->w[c]) {
		return t->shrink_w;
	}
	if (t->wrap_min > 0 && c == t->wrap_col && t->wrap_w < t->w[c]) {
		return t->wrap_w;
	}
	return t->w[c];
}

static size_t fit_total(const struct fit_table *t)
{
	size_t total = t->indent, k = 0;

	for (size_t c = 0; c < t->ncols; c++) {
		if (t->on[c]) {
			total += col_w(t, c);
			k++;
		}
	}
	return total + (k > 1 ? 2 * (k - 1) : 0);
}

/* Keeps the columns that fit width, the most important first, then narrows
 * shrink_col; returns how many columns were left out. */
static size_t fit_to(struct fit_table *t, size_t width)
{
	size_t dropped = 0;

	for (size_t c = 0; c < t->ncols; c++) {
		t->w[c] = t->on[c] ? cell_w(t->head[c]) : 0;
		for (size_t i = 0; t->on[c] && i < t->n; i++) {
			if (t->rows[i].cell != NULL) {
				size_t w = cell_w(t->rows[i].cell[c]);
				t->w[c] = w > t->w[c] ? w : t->w[c];
			}
		}
	}
	/* the wrapped column at its narrowest while columns are chosen */
	bool wrap = t->wrap_min > 0 && t->on[t->wrap_col] && t->wrap_min < t->w[t->wrap_col];
	if (wrap) {
		t->wrap_w = t->wrap_min;
	}
	/* The columns that may be left out are taken back most important
	 * first (the highest drop order), each group when it fits: a narrow
	 * column can come back where a wide one did not. */
	int top = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		if (t->drop[c] > 0 && t->on[c]) {
			t->on[c] = false;
			dropped++;
			top = t->drop[c] > top ? t->drop[c] : top;
		}
	}
	for (int order = top; order >= 1; order--) {
		bool group[64] = {false};
		for (size_t c = 0; c < t->ncols && c < 64; c++) {
			if (t->drop[c] == order && !t->on[c]) {
				group[c] = t->on[c] = true;
			}
		}
		/* the less important columns come back only where the wrapped
		 * column still fits unwrapped: a column of p-values is not
		 * worth every flag on two lines */
		size_t keep = t->wrap_w;
		if (wrap && order <= t->wrap_keep) {
			t->wrap_w = SIZE_MAX;
		}
		bool fits = fit_total(t) <= width;
		t->wrap_w = keep;
		for (size_t c = 0; c < t->ncols && c < 64; c++) {
			if (group[c]) {
				t->on[c] = fits;
				dropped -= fits;
			}
		}
	}
	if (wrap) { /* then as wide as the rest leaves it */
		size_t rest = fit_total(t) - t->wrap_w;
		t->wrap_w = width > rest + t->wrap_min ? width - rest : t->wrap_min;
		t->wrap_w = t->wrap_w < t->w[t->wrap_col] ? t->wrap_w : SIZE_MAX;
	}
	if (fit_total(t) > width && t->on[t->shrink_col]) {
		size_t rest = fit_total(t) - t->w[t->shrink_col];
		size_t min = cell_w(t->head[t->shrink_col]);
		t->shrink_w = width > rest + min ? width - rest : min;
	}
	return dropped;
}

static void pad(FILE *f, size_t n)
{
	while (n-- > 0) {
		fputc(' ', f);
	}
}

/* Prints escaped text wrapped to width cells at its spaces, and after a
 * comma inside a word ("bs=4k,rw=read") when that word does not fit: the
 * first line after first, the others after rest.  A piece wider than a line
 * is not cut.  No newline at the end. */
static void wrap_nonl(FILE *f, const char *text, size_t width, const char *first, const char *rest)
{
	char *e = kv_escape_dup(text), *p = e;
	const char *lead = first;
	size_t col = 0;
	bool space = false; /* the piece follows a space (else a comma, or the start) */

	while (*p != '\0') {
		size_t sp = strspn(p, " ");
		space = space || sp > 0;
		char *word = p + sp;
		size_t len = strcspn(word, " ");
		if (len == 0) {
			break;
		}
		/* a piece: up to and with a comma inside the word, when the
		 * whole word does not fit on this line */
		char save = word[len];
		word[len] = '\0';
		size_t ww = kv_display_width(word), piece = len;
		size_t room = col == 0 ? width - strlen(lead) : width - col - (space ? 1 : 0);
		if (ww > room && strchr(word, ',') != NULL) {
			char *comma = strchr(word, ',');
			piece = (size_t)(comma - word) + 1;
		}
		word[len] = save;
		char psave = word[piece];
		word[piece] = '\0';
		size_t pw = kv_display_width(word);
		if (col == 0) {
			fputs(lead, f);
			col = strlen(lead);
		} else if (col + (space ? 1 : 0) + pw > width) {
			fputc('\n', f);
			lead = rest;
			fputs(lead, f);
			col = strlen(lead);
		} else if (space) {
			fputc(' ', f);
			col++;
		}
		fputs(word, f);
		col += pw;
		word[piece] = psave;
		p = word + piece;
		space = false;
	}
	free(e);
}

static void wrap(FILE *f, const char *text, size_t width, const char *first, const char *rest)
{
	wrap_nonl(f, text, width, first, rest);
	fputc('\n', f);
}

/* A list "a,b,c" in lines of at most w cells, broken after its commas; the
 * lines after the first start at column pos.  An item is never cut. */
static void wrap_items(FILE *f, const char *s, size_t w, size_t pos)
{
	size_t col = 0;

	while (*s != '\0') {
		size_t len = strcspn(s, ",");
		len += s[len] == ',';
		char *item = kv_xstrndup(s, len);
		size_t iw = cell_w(item);
		if (col > 0 && col + iw > w) {
			fputc('\n', f);
			pad(f, pos);
			col = 0;
		}
		kv_fputs_escaped(item, f);
		col += iw;
		free(item);
		s += len;
	}
}

static void print_cells(const struct fit_table *t, const char *const *cell,
			const unsigned char *style, bool color, FILE *f)
{
	size_t last = 0,
	       pending = t->indent; /* spaces owed: written before text, never at the end */

	for (size_t c = 0; c < t->ncols; c++) {
		last = t->on[c] ? c : last;
	}
	for (size_t c = 0, k = 0, pos = t->indent; c < t->ncols; c++) {
		if (!t->on[c]) {
			continue;
		}
		const char *s = cell[c] != NULL ? cell[c] : "";
		size_t w = col_w(t, c);
		size_t sw = cell_w(s), gap = sw < w ? w - sw : 0;
		bool styled = color && style != NULL && style[c] != KV_STYLE_NONE;
		if (k++ > 0) {
			pending += 2;
			pos += 2;
		}
		if (t->right[c]) {
			pending += gap;
		}
		if (*s != '\0') {
			pad(f, pending);
			pending = 0;
		}
		if (c == last && t->wrap_min > 0 && c == t->wrap_col && sw > w) {
			wrap_items(f, s, w, pos);
			break;
		}
		pos += w;
		if (styled) {
			fputs(kv_style_ansi((enum kv_style)style[c]), f);
		}
		kv_fputs_escaped(s, f);
		if (styled) {
			fputs("\033[0m", f);
		}
		if (!t->right[c]) {
			pending += gap;
		}
	}
	fputc('\n', f);
}

static void fit_print(struct fit_table *t, size_t width, bool color, FILE *f)
{
	print_cells(t, t->head, NULL, false, f);
	for (size_t i = 0; i < t->n; i++) {
		struct fit_row *r = &t->rows[i];
		if (r->block != NULL) {
			if (color) {
				fputs(kv_style_ansi(KV_STYLE_BOLD), f);
			}
			wrap_nonl(f, r->block, width, "", "    ");
			fputs(color ? "\033[0m\n" : "\n", f);
			continue;
		}
		const char *name = r->cell[t->shrink_col];
		if (t->on[t->shrink_col] && name != NULL && cell_w(name) > t->shrink_w) {
			/* too long for its column: a line of its own, the cells under it */
			pad(f, t->indent);
			kv_fputs_escaped(name, f);
			fputc('\n', f);
			char *keep = r->cell[t->shrink_col];
			r->cell[t->shrink_col] = NULL;
			print_cells(t, (const char *const *)r->cell, r->style, color, f);
			r->cell[t->shrink_col] = keep;
		} else {
			print_cells(t, (const char *const *)r->cell, r->style, color, f);
		}
	}
}

/* Names the columns fit_to left out, under the table. */
static void left_out(const struct fit_table *t, size_t width, FILE *f)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;

	for (size_t c = 0; c < t->ncols; c++) {
		if (!t->on[c]) {
			kv_strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", t->head[c]);
		}
	}
	if (sb.len > 0) {
		char line[1024];
		snprintf(
		    line, sizeof(line),
		    "(left out to fit %zu columns: %s; a wider terminal, COLUMNS=, or --format "
		    "tsv shows them)",
		    width, kv_strbuf_str(&sb));
		wrap(f, line, width, "", "  ");
	}
	kv_strbuf_release(&sb);
}

/* Text written by fn to a memory stream, then wrapped line by line. */
static void wrapped(FILE *f, size_t width, char *text)
{
	char *line = text, *nl;

	while (*line != '\0') {
		nl = strchr(line, '\n');
		if (nl != NULL) {
			*nl = '\0';
		}
		if (*line == '\0') {
			fputc('\n', f);
		} else {
			/* already escaped by the sentences' writers: print as it is */
			size_t lead = strspn(line, " ");
			char ind[16];
			snprintf(ind, sizeof(ind), "%*s", (int)(lead + 2 < 15 ? lead + 2 : 14), "");
			struct kv_strbuf sb = KV_STRBUF_INIT;
			kv_strbuf_adds(&sb, line);
			wrap(f, kv_strbuf_str(&sb), width, "", ind);
			kv_strbuf_release(&sb);
		}
		if (nl == NULL) {
			break;
		}
		line = nl + 1;
	}
}

enum {
	T_METRIC,
	T_VARIANT,
	T_BASE,
	T_VALUE,
	T_CHANGE,
	T_COST,
	T_OVERHEAD,
	T_GAP,
	T_P,
	T_VERDICT,
	T_FLAGS,
	T_NCOLS
};

static char *block_name(const struct kv_series *s)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;

	kv_strbuf_addf(&sb, "%s %s", s->tool, s->benchmark);
	if (s->params[0] != '\0') {
		kv_strbuf_addf(&sb, " %s", s->params);
	}
	return kv_strbuf_detach(&sb);
}

static void main_rows(const struct kv_compare_result *r, const struct kv_compare_opts *o,
		      struct fit_table *t, unsigned *seen)
{
	char *prev = NULL;

	for (size_t i = 0; i < r->n;) {
		const struct kv_comparison *c0 = &r->c[i];
		char *name = block_name(c0->base);
		char buf[192];

		if (prev == NULL || strcmp(prev, name) != 0) {
			free(prev);
			prev = kv_xstrdup(name);
			fit_block(t, name);
		} else {
			free(name);
		}
		for (size_t v = 0, shown = 0; v < r->nvariants; v++) {
			const struct kv_comparison *c = NULL;
			for (size_t j = i; j < r->n && r->c[j].base == c0->base; j++) {
				if (strcmp(r->c[j].var->config, r->variants[v]) == 0) {
					c = &r->c[j];
				}
			}
			if (c == NULL) {
				continue;
			}
			struct fit_row *row = fit_row(t);
			if (shown++ == 0) {
				row->cell[T_METRIC] = kv_xstrdup(c0->base->metric);
				kv_fmt_side(&c0->bs, kv_side_estimate(&c0->bs, o), c0->base->unit,
					    buf, sizeof(buf));
				row->cell[T_BASE] = kv_xstrdup(buf);
			}
			row->cell[T_VARIANT] = kv_xstrdup(r->variants[v]);
			struct kv_cmp_cells x;
			kv_cmp_cells(c, o, ",", &x);
			row->cell[T_VALUE] = x.value;
			row->cell[T_CHANGE] = x.change;
			row->cell[T_COST] = x.cost;
			row->cell[T_OVERHEAD] = x.overhead;
			row->cell[T_GAP] = x.gap;
			row->cell[T_P] = x.p;
			row->cell[T_VERDICT] = x.verdict;
			row->cell[T_FLAGS] = x.flags;
			row->style[T_OVERHEAD] = row->style[T_VERDICT] =
			    (unsigned char)kv_verdict_style(c->verdict);
			*seen |= c->flags;
		}
		while (i < r->n && r->c[i].base == c0->base) {
			i++;
		}
	}
	free(prev);
}

static void write_main(const struct kv_compare_result *r, const struct kv_compare_opts *o,
		       size_t width, bool color, unsigned *seen, FILE *f)
{
	struct fit_table t;
	/* left out first: change (the overhead says it), C, p, the two means
	 * together; the flags, last, are wrapped instead */
	static const int drop[T_NCOLS] = {
	    [T_CHANGE] = 1, [T_COST] = 2, [T_P] = 3, [T_BASE] = 4, [T_VALUE] = 4, [T_GAP] = 5,
	};

	fit_init(&t, T_NCOLS, 2);
	memcpy(t.drop, drop, sizeof(drop));
	t.head[T_METRIC] = "metric";
	t.head[T_VARIANT] = "variant";
	t.head[T_BASE] = o->baseline;
	t.head[T_VALUE] = r->nvariants == 1 ? r->variants[0] : "value";
	t.head[T_CHANGE] = "change";
	t.head[T_COST] = "\xc3\x97"
			 "C";
	t.head[T_OVERHEAD] = "overhead";
	t.head[T_GAP] = "gap closed";
	t.head[T_P] = o->adjust == KV_ADJ_NONE ? "p" : "p (adj)";
	t.head[T_VERDICT] = "verdict";
	t.head[T_FLAGS] = "flags";
	for (size_t c = T_BASE; c <= T_P; c++) {
		t.right[c] = true;
	}
	t.on[T_VARIANT] = r->nvariants > 1;
	t.on[T_GAP] = o->reference != NULL;
	t.shrink_col = T_METRIC;
	main_rows(r, o, &t, seen);
	bool flags = false;
	for (size_t i = 0; i < t.n; i++) {
		flags = flags || (t.rows[i].cell != NULL && t.rows[i].cell[T_FLAGS][0] != '\0');
	}
	t.on[T_FLAGS] = flags;
	t.wrap_col = T_FLAGS;
	t.wrap_min = 0;
	for (size_t i = 0; i < t.n; i++) { /* the longest flag */
		const char *p = t.rows[i].cell != NULL ? t.rows[i].cell[T_FLAGS] : "";
		while (*p != '\0') {
			size_t len = strcspn(p, ",");
			len += p[len] == ',';
			t.wrap_min = len > t.wrap_min ? len : t.wrap_min;
			p += len;
		}
	}
	t.wrap_min = t.wrap_min < 5 ? 5 : t.wrap_min; /* "flags" */
	t.wrap_keep = 3;                              /* change, C, p */
	/* columns off from the start are not "left out" */
	bool off[T_NCOLS];
	for (size_t c = 0; c < T_NCOLS; c++) {
		off[c] = !t.on[c];
		t.drop[c] = off[c] ? 0 : t.drop[c];
	}
	fit_to(&t, width);
	fit_print(&t, width, color, f);
	for (size_t c = 0; c < T_NCOLS; c++) {
		if (off[c]) {
			t.on[c] = true; /* not to be named as left out */
		}
	}
	left_out(&t, width, f);
	fit_free(&t);
}

static void write_summary(const struct kv_compare_result *r, const struct kv_compare_opts *o,
			  size_t width, bool color, FILE *f)
{
	enum { S_VAR, S_CAT, S_K, S_RUNS, S_G, S_OVER, S_VERDICT, S_METHOD, S_GAP, S_NCOLS };
	static const int drop[S_NCOLS] = {
	    [S_METHOD] = 1, [S_RUNS] = 2, [S_K] = 3, [S_G] = 4, [S_GAP] = 5,
	};
	struct fit_table t;

	fit_init(&t, S_NCOLS, 2);
	memcpy(t.drop, drop, sizeof(drop));
	t.head[S_VAR] = "variant";
	t.head[S_CAT] = "category";
	t.head[S_K] = "metrics";
	t.head[S_RUNS] = "runs (b/v)";
	t.head[S_G] = "\xc3\x97"
		      "G";
	t.head[S_OVER] = "overhead [interval]";
	t.head[S_VERDICT] = "verdict";
	t.head[S_METHOD] = "interval method";
	t.head[S_GAP] = "gap closed";
	t.right[S_K] = t.right[S_RUNS] = t.right[S_G] = t.right[S_OVER] = t.right[S_GAP] = true;
	t.on[S_GAP] = o->reference != NULL;
	t.drop[S_GAP] = t.on[S_GAP] ? t.drop[S_GAP] : 0;
	t.shrink_col = S_CAT;
	for (size_t i = 0; i < r->nsummary; i++) {
		const struct kv_summary_row *s = &r->summary[i];
		struct fit_row *row = fit_row(&t);
		char buf[128];
		row->cell[S_VAR] = kv_xstrdup(s->variant);
		row->cell[S_CAT] = kv_xstrdup(s->category);
		snprintf(buf, sizeof(buf), "%zu", s->s.k);
		row->cell[S_K] = kv_xstrdup(buf);
		snprintf(buf, sizeof(buf), "%zu/%zu", s->s.runs_b, s->s.runs_v);
		row->cell[S_RUNS] = kv_xstrdup(buf);
		row->cell[S_G] = kv_xstrdup(kv_fmt_cost(s->s.cost, buf, sizeof(buf)));
		kv_fmt_overhead(s->s.overhead_pct, 100 * (s->s.lo - 1), 100 * (s->s.hi - 1), buf,
				sizeof(buf));
		row->cell[S_OVER] = kv_xstrdup(buf);
		row->cell[S_VERDICT] = kv_xstrdup(kv_verdict_short(s->verdict));
		kv_fmt_sum_method(&s->s, buf, sizeof(buf));
		row->cell[S_METHOD] = kv_xstrdup(buf);
		kv_fmt_gap(&s->gap, o->reference != NULL && strcmp(s->variant, o->reference) == 0,
			   buf, sizeof(buf));
		row->cell[S_GAP] = kv_xstrdup(buf);
		row->style[S_OVER] = row->style[S_VERDICT] =
		    (unsigned char)kv_verdict_style(s->verdict);
	}
	bool gap_off = !t.on[S_GAP];
	fit_to(&t, width);
	fit_print(&t, width, color, f);
	t.on[S_GAP] = t.on[S_GAP] || gap_off;
	left_out(&t, width, f);
	fit_free(&t);
}

/* The sentences a function writes, wrapped to width. */
#define WRAPPED(f, width, call)                                                                    \
	do {                                                                                       \
		char *buf_ = NULL;                                                                 \
		size_t len_ = 0;                                                                   \
		FILE *m_ = open_memstream(&buf_, &len_);                                           \
		if (m_ == NULL) {                                                                  \
			fputs("kvperf: out of memory\n", stderr);                                  \
			abort();                                                                   \
		}                                                                                  \
		call;                                                                              \
		fclose(m_);                                                                        \
		wrapped(f, width, buf_);                                                           \
		free(buf_);                                                                        \
	} while (0)

void kv_compare_write_term(const struct kv_compare_result *r, const struct kv_compare_opts *o,
			   const struct kv_out_style *st, FILE *f)
{
	size_t width = st->width > 0 ? (size_t)st->width : 100;
	unsigned seen = 0;

	width = width < 40 ? 40 : width;
	WRAPPED(f, width, kv_cmp_method_line(r, o, m_));
	fputc('\n', f);
	if (!st->summary_only) {
		write_main(r, o, width, st->color, &seen, f);
		fputc('\n', f);
	}
	WRAPPED(f, width, kv_cmp_notes_top(r, o, m_));
	fputc('\n', f);
	WRAPPED(f, width, kv_cmp_summary_heading(o, m_));
	fputc('\n', f);
	write_summary(r, o, width, st->color, f);
	WRAPPED(f, width, kv_cmp_notes_bottom(r, o, seen, m_));
}
