/*
 * report_appendix.c - the PDF report's appendix: every comparison in one
 * compact table, one line per metric and variant in the style of benchstat
 * (each side's estimate ± its interval, ×C, the overhead's interval, p,
 * verdict, n), grouped by tool; then the metrics measured on one side
 * only, which compare could not compare.  Numbers as `kvperf compare`
 * prints them.
 *
 * The rest of the report cuts long names with "…"; the appendix gives each
 * whole once, wrapped, breaking onto the next page inside a name longer
 * than a page: a tool, a benchmark and its parameters in their headings, a
 * metric or a configuration too long for its column (more than
 * KV_NAME_CHARS or HEAD_CHARS characters) in a paragraph of its own above
 * its row, the column then cut as elsewhere; where a long name comes again
 * it is cut.  A name of ten thousand characters is about three quarters of
 * a page.
 *
 * A study whose table would be more than COMPACT_PAGES pages gets the
 * compact appendix instead (see compact_wanted): two columns a page, fewer
 * numbers, names cut to the column.
 */
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/charts.h"
#include "render/compare_out.h"
#include "render/format.h"
#include "render/layout.h"
#include "render/report_doc.h"
#include "render/text.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define SIZE   6.5 /* the table's type, unless the page is too narrow for it */
#define LEAD   8.4 /* its lines */
#define INDENT 8   /* metrics under their benchmark */
#define SEP    7   /* between columns */
/* A configuration's name as a column's head: at most this many characters
 * (the names are given whole above the table when longer). */
#define HEAD_CHARS 31
#define CELL       (KV_NAME_BUF + 8) /* bytes of a cell: a name cut, and "†" */

static const struct kv_rgb ink = {0.1, 0.1, 0.1}, soft = {0.4, 0.4, 0.4};

enum col {
	C_NAME,
	C_VARIANT,
	C_BASE,
	C_VALUE,
	C_COST,
	C_OVERHEAD,
	C_GAP,
	C_P,
	C_VERDICT,
	C_N,
	NCOL
};

static const int align[NCOL] = {0, 0, 2, 2, 2, 0, 2, 2, 0, 2};

/* The table being drawn: which columns, where, and the tool whose rows
 * are on the page (its name is repeated on a new page). */
struct table {
	bool on[NCOL];
	double x[NCOL], w[NCOL]; /* x: the left end, or the right end when right-aligned */
	char head[NCOL][KV_NAME_SIZE(HEAD_CHARS)];
	const char *tool;  /* the current group, or NULL */
	double size, lead; /* the type: SIZE, smaller when the columns need it */
	bool split;        /* the overhead's interval under its point, to fit */
	GHashTable *given; /* the long names given whole so far (borrowed strings) */
};

/* Whether name is long (the rest of the report cuts it: a parameter
 * string's keys and values when params) and not yet given whole; it counts
 * as given from now on. */
static bool first_whole(GHashTable *given, const char *name, bool params)
{
	char buf[KV_NAME_BUF], *p = params ? kv_params_cut(name, KV_NAME_CHARS) : NULL;
	bool cut =
	    strcmp(p != NULL ? p : kv_name_cut(name, KV_NAME_CHARS, buf, sizeof(buf)), name) != 0;

	free(p);
	if (!cut || g_hash_table_contains(given, name)) {
		return false;
	}
	g_hash_table_add(given, (gpointer)(uintptr_t)name);
	return true;
}

/* Appends name: whole when short or the first time it is given whole
 * (first_whole), else cut as the rest of the report cuts it.  Returns true
 * when it gave a long name whole. */
static bool add_name(struct kv_strbuf *sb, GHashTable *given, const char *name, bool params)
{
	char buf[KV_NAME_BUF], *p = NULL;
	bool given_before = g_hash_table_contains(given, name);

	if (first_whole(given, name, params) || !given_before) {
		kv_strbuf_adds(sb, name);
		return !given_before && g_hash_table_contains(given, name);
	}
	p = params ? kv_params_cut(name, KV_NAME_CHARS) : NULL;
	kv_strbuf_adds(sb, p != NULL ? p : kv_name_cut(name, KV_NAME_CHARS, buf, sizeof(buf)));
	free(p);
	return false;
}

/* The flags that say why a number is missing or means little. */
static void why(const struct kv_comparison *c, char *buf, size_t size)
{
	static const enum kv_flag shown[] = {KV_FLAG_UNBOUNDED_CI, KV_FLAG_UNSUPPORTED,
					     KV_FLAG_CONSTANT, KV_FLAG_FEW_SAMPLES};
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]) && len < size; i++) {
		if (c->flags & shown[i]) {
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : " ",
						kv_flag_name(shown[i]));
		}
	}
}

/* The cells of comparison c; first: the first variant of its metric (the
 * name and baseline are shown once).  The metric's and the variant's names
 * are cut to KV_NAME_CHARS characters. */
static void cells(const struct doc *d, const struct kv_comparison *c, bool first,
		  char cell[NCOL][CELL])
{
	const struct kv_compare_opts *o = d->in->o;
	char p[32], rng[64], name[KV_NAME_BUF];

	for (size_t k = 0; k < NCOL; k++) {
		cell[k][0] = '\0';
	}
	if (first) {
		snprintf(cell[C_NAME], CELL, "%s%s",
			 kv_name_cut(c->base->metric, KV_NAME_CHARS, name, sizeof(name)),
			 c->merged_into != NULL ? " \xe2\x80\xa0" : "");
		kv_fmt_side(&c->bs, kv_side_estimate(&c->bs, o), c->base->unit, cell[C_BASE], 160);
	}
	kv_name_cut(c->var->config, KV_NAME_CHARS, cell[C_VARIANT], CELL);
	kv_fmt_side(&c->vs, kv_side_estimate(&c->vs, o), c->var->unit, cell[C_VALUE], 160);
	kv_fmt_cost(c->cost, cell[C_COST], 160);
	kv_fmt_pct(c->overhead_pct, p, sizeof(p));
	if (isnan(c->overhead_lo) || isnan(c->overhead_hi) || isnan(c->overhead_pct)) {
		snprintf(cell[C_OVERHEAD], 160, "%s", p);
	} else {
		kv_fmt_pct_range(c->overhead_lo, c->overhead_hi, rng, sizeof(rng));
		snprintf(cell[C_OVERHEAD], 160, "%s %s", p, rng);
	}
	if (o->reference != NULL) {
		kv_fmt_gap(&c->gap, strcmp(c->var->config, o->reference) == 0, cell[C_GAP], 160);
	}
	kv_fmt_p(o->adjust == KV_ADJ_NONE ? c->p : c->p_adjusted, cell[C_P], 160);
	kv_fmt_verdict(c, cell[C_VERDICT], 160);
	snprintf(cell[C_N], 160, "%zu/%zu", c->bs.n, c->vs.n);
}

static void header(struct kv_flow *f, void *arg)
{
	struct table *t = arg;
	cairo_t *cr = f->d->cr;

	cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
	for (size_t k = 0; k < NCOL; k++) {
		if (t->on[k]) {
			kv_text(cr, t->x[k], f->y + t->size, t->size, true, align[k], t->head[k]);
		}
	}
	cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
	cairo_set_line_width(cr, 0.4);
	cairo_move_to(cr, MARGIN, f->y + t->lead);
	cairo_line_to(cr, f->d->w - MARGIN, f->y + t->lead);
	cairo_stroke(cr);
	f->y += t->lead + 3;
	if (t->tool != NULL) {
		char buf[KV_NAME_BUF + 16], name[KV_NAME_BUF];
		snprintf(buf, sizeof(buf), "%s (continued)",
			 kv_name_cut(t->tool, KV_NAME_CHARS, name, sizeof(name)));
		cairo_set_source_rgb(cr, soft.r, soft.g, soft.b);
		kv_text_fit_style(cr, MARGIN, f->y + 7.5, 7.5, true, f->d->w - 2 * MARGIN, 0, buf);
		f->y += 12;
	}
}

/* Keeps in top the four longest cells seen of a column, longest first:
 * the column is as wide as the widest of them measures (measuring every
 * cell of 10,000 rows would lay out 10,000 texts a column). */
static void keep_longest(char top[4][CELL], const char *cell)
{
	size_t len = strlen(cell), j = 4;

	while (j > 0 && strlen(top[j - 1]) < len) {
		j--;
	}
	if (j < 4) {
		memmove(top[j + 1], top[j], (3 - j) * sizeof(top[0]));
		memcpy(top[j], cell, len + 1);
	}
}

/* Columns as wide as their widest cell; the name's column takes the rest
 * and wraps. */
static void layout(struct doc *d, struct table *t)
{
	const struct kv_compare_result *r = d->in->r;
	static const char *const head[NCOL] = {"metric",
					       "variant",
					       "",
					       "",
					       "\xc3\x97"
					       "C",
					       "overhead",
					       "gap closed",
					       "p",
					       "verdict",
					       "n"};
	char cell[NCOL][CELL];

	for (size_t k = 0; k < NCOL; k++) {
		snprintf(t->head[k], sizeof(t->head[k]), "%s", head[k]);
		t->on[k] = true;
	}
	kv_name_cut(d->in->o->baseline, HEAD_CHARS, t->head[C_BASE], sizeof(t->head[C_BASE]));
	kv_name_cut(r->nvariants == 1 ? r->variants[0] : "variant", HEAD_CHARS, t->head[C_VALUE],
		    sizeof(t->head[C_VALUE]));
	snprintf(t->head[C_P], sizeof(t->head[C_P]), "%s",
		 d->in->o->adjust == KV_ADJ_NONE ? "p" : "p (adj)");
	t->on[C_VARIANT] = r->nvariants > 1;
	t->on[C_GAP] = d->in->o->reference != NULL;
	/* measuring every cell costs a layout each: measure the longest few of
	 * each column (the digits are all as wide) */
	char(*top)[4][CELL] = kv_xcalloc(NCOL, sizeof(*top));
	for (size_t i = 0; i < r->n; i++) {
		cells(d, &r->c[i], true, cell);
		for (size_t k = 1; k < NCOL; k++) {
			keep_longest(top[k], cell[k]);
		}
	}
	/* 6.5 points, down to 5 when the name's column would be narrower than 100 */
	double rest = 0;
	for (t->size = SIZE; t->size >= 5; t->size -= 0.5) {
		for (size_t k = 0; k < NCOL; k++) {
			t->w[k] = kv_text_width(d->cr, t->size, true, t->head[k]);
			for (size_t j = 0; k > 0 && j < 4 && top[k][j][0]; j++) {
				t->w[k] = fmax(
				    t->w[k], kv_text_width(d->cr, t->size, k == C_COST, top[k][j]));
			}
		}
		/* a variant's name wraps in at most a fifth of the page */
		t->w[C_VARIANT] = fmin(t->w[C_VARIANT], (d->w - 2 * MARGIN) / 5);
		rest = d->w - 2 * MARGIN;
		for (size_t k = 1; k < NCOL; k++) {
			rest -= t->on[k] ? t->w[k] + SEP : 0;
		}
		if (rest >= 100) {
			break;
		}
	}
	t->size = fmax(t->size, 5);
	t->lead = t->size + 1.9;
	t->split = rest < 60;
	if (t->split) { /* the interval goes under the point */
		double w = 0;
		for (size_t j = 0; j < 4 && top[C_OVERHEAD][j][0]; j++) {
			char *sp = strchr(top[C_OVERHEAD][j], ' ');
			if (sp != NULL) {
				*sp = '\0';
				w = fmax(w, kv_text_width(d->cr, t->size, false, sp + 1));
			}
			w = fmax(w, kv_text_width(d->cr, t->size, false, top[C_OVERHEAD][j]));
		}
		rest += t->w[C_OVERHEAD] - w;
		t->w[C_OVERHEAD] = w;
	}
	free(top);
	t->w[C_NAME] = fmax(rest, 60);
	double at = MARGIN;
	for (size_t k = 0; k < NCOL; k++) {
		if (t->on[k]) {
			t->x[k] = align[k] == 2 ? at + t->w[k] : at;
			at += t->w[k] + SEP;
		}
	}
	t->tool = NULL;
}

/* A group's heading: the tool (bold, with a bookmark), or a benchmark and
 * its parameters, whole, kept with the first row under it (a heading
 * longer than a page flows onto the next). */
static void group(struct kv_flow *f, const char *text, bool tool, int outline)
{
	cairo_t *cr = f->d->cr;
	double size = tool ? 8 : SIZE, lead = tool ? 11 : LEAD;
	struct kv_run run = {text, size, tool, tool ? ink : soft};
	double w = f->d->w - 2 * MARGIN;
	int lines = kv_doc_runs(cr, MARGIN, 0, w, lead, &run, 1, false);
	double pad = tool && !f->empty ? 5 : 1;
	bool whole = pad + lead * lines + LEAD <= kv_flow_bottom(f->d) - MARGIN - 40;

	kv_flow_need(f, pad + (whole ? lead * lines : lead) + LEAD);
	f->y += f->empty ? 0 : pad;
	if (tool) {
		kv_doc_outline(f->d, outline, text, f->y);
	}
	kv_flow_runs(f, MARGIN, w, size, lead, &run, 1);
}

/* A name too long for its column, whole, in a paragraph above its row. */
static void whole_name(struct kv_flow *f, const struct table *t, const char *text)
{
	struct kv_run run = {text, t->size, false, ink};

	kv_flow_need(f, 3 * t->lead);
	kv_flow_runs(f, MARGIN + INDENT, f->d->w - 2 * MARGIN - INDENT, t->size, t->lead, &run, 1);
}

static void row(struct kv_flow *f, const struct table *t, const struct kv_comparison *c, bool first)
{
	cairo_t *cr = f->d->cr;
	char cell[NCOL][CELL], flags[96];
	struct kv_rgb col = c->verdict == KV_WORSE    ? kv_color_worse()
			    : c->verdict == KV_BETTER ? kv_color_better()
						      : ink;

	if (first && first_whole(t->given, c->base->metric, false)) {
		whole_name(f, t, c->base->metric);
	}
	cells(f->d, c, first, cell);
	why(c, flags, sizeof(flags));
	/* where its detail panel is, when the charts draw its metric and not
	 * every one (the reference then tells which were drawn) */
	int page = f->d->sel->page[c - f->d->in->r->c];
	char ref[32] = "", dest[64], attr[96];
	if (first && page > 0 && !f->d->sel->all) {
		snprintf(ref, sizeof(ref), " \xe2\x96\xb8 p. %d", page);
	}
	struct kv_run name[] = {{cell[C_NAME], t->size, false, ink},
				{flags, t->size - 0.5, false, soft},
				{ref, t->size - 0.5, false, soft}};
	struct kv_run variant = {cell[C_VARIANT], t->size, false, ink};
	double wn = t->w[C_NAME] - INDENT;
	size_t nn = first ? 3 : 1;
	int lines = kv_doc_runs(cr, 0, 0, wn, t->lead, name, nn, false);
	if (!first && flags[0]) { /* the flags of a second variant go where its name would */
		name[0] = name[1];
		lines = kv_doc_runs(cr, 0, 0, wn, t->lead, name, 1, false);
	}
	int lv = t->on[C_VARIANT]
		     ? kv_doc_runs(cr, 0, 0, t->w[C_VARIANT], t->lead, &variant, 1, false)
		     : 1;
	lines = lv > lines ? lv : lines;
	char *interval = t->split ? strchr(cell[C_OVERHEAD], ' ') : NULL;
	if (interval != NULL) {
		*interval++ = '\0';
	}
	lines = lines < (interval != NULL ? 2 : 1) ? (interval != NULL ? 2 : 1) : lines;
	kv_flow_need(f, t->lead * lines);
	double y = f->y + t->size;
	if (ref[0]) { /* the name links to the panel */
		kv_chart_dest(f->d->in->r, c->base, dest, sizeof(dest));
		snprintf(attr, sizeof(attr), "dest='%s'", dest);
		cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
	}
	kv_doc_runs(cr, MARGIN + INDENT, y, wn, t->lead, name, nn, true);
	if (ref[0]) {
		cairo_tag_end(cr, CAIRO_TAG_LINK);
	}
	if (t->on[C_VARIANT]) {
		kv_doc_runs(cr, t->x[C_VARIANT], y, t->w[C_VARIANT], t->lead, &variant, 1, true);
	}
	for (size_t k = C_BASE; k < NCOL; k++) {
		if (!t->on[k] || cell[k][0] == '\0') {
			continue;
		}
		bool colored = k == C_COST || k == C_OVERHEAD || k == C_VERDICT;
		struct kv_rgb ck = colored ? col : ink;
		cairo_set_source_rgb(cr, ck.r, ck.g, ck.b);
		kv_text(cr, t->x[k], y, t->size, k == C_COST, align[k], cell[k]);
		if (k == C_OVERHEAD && interval != NULL) {
			kv_text(cr, t->x[k], y + t->lead, t->size, false, align[k], interval);
		}
	}
	f->y += t->lead * lines;
	f->empty = false;
}

/* The configurations whose names the table cuts, whole. */
static void whole_configs(struct kv_flow *f, GHashTable *given, bool force)
{
	const struct doc *d = f->d;
	const struct kv_compare_result *r = d->in->r;
	char name[KV_NAME_SIZE(HEAD_CHARS)];
	bool cut = strcmp(kv_name_cut(d->in->o->baseline, HEAD_CHARS, name, sizeof(name)),
			  d->in->o->baseline) != 0;

	for (size_t v = 0; v < r->nvariants; v++) {
		cut = cut || strcmp(kv_name_cut(r->variants[v], HEAD_CHARS, name, sizeof(name)),
				    r->variants[v]) != 0;
	}
	cut = cut || force;
	for (size_t v = 0; cut && v <= r->nvariants; v++) {
		struct kv_run run[] = {
		    {v == 0 ? "baseline: " : "variant: ", 7, true, soft},
		    {v == 0 ? d->in->o->baseline : r->variants[v - 1], 7, false, ink}};
		f->y += 2;
		kv_flow_runs(f, MARGIN, d->w - 2 * MARGIN, 7, 10, run, 2);
		first_whole(given, run[1].text, false); /* given: cut where it comes again */
	}
}

/*
 * The compact appendix, for a study whose table above would be more than
 * COMPACT_PAGES pages (about 5,000 comparisons): two columns a page, one
 * line per comparison with its metric (and variant), ×C and its interval,
 * the overhead, p and the verdict; each side's estimate, the overhead's
 * interval, n, the gap closed and the flags are left out (the sentence
 * above the table says where they are), and names are cut to the column.
 * 10,000 comparisons take about 60 pages instead of 134.
 */
#define COMPACT_PAGES 60
#define CSIZE         6.5 /* the compact table's type, 6 when the columns need it */
#define CLEAD         7.8
#define CSEP          5  /* between a column's cells */
#define GUTTER        16 /* between the two columns */
#define CINDENT       4  /* metrics under their benchmark */
#define CCELL         (KV_NAME_BUF + 8)

enum ck { K_NAME, K_VARIANT, K_COST, K_CI, K_OVER, K_P, K_VERDICT, NK };
static const int calign[NK] = {0, 0, 2, 0, 2, 2, 0};

struct compact {
	struct doc *d;
	int top;        /* the appendix's bookmark */
	double cw;      /* a column's width */
	int col;        /* 0 left, 1 right */
	double y, ytop; /* the next line's top; the columns' top on this page */
	double yleft;   /* where the left column ended, on the right one */
	double size, lead;
	bool on[NK];
	double x[NK], w[NK]; /* from the column's left end; x the right end when right-aligned */
	char head[NK][32];
	const char *tool;              /* the group being drawn */
	const struct kv_series *bench; /* its benchmark and parameters */
	bool tools;                    /* the study has several tools */
};

/* Whether the one-line-a-comparison table would take more than
 * COMPACT_PAGES pages: its lines (a row each, a heading each, a tool's
 * heading about two) against a page's. */
static bool compact_wanted(const struct doc *d)
{
	const struct kv_compare_result *r = d->in->r;
	double lines = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct kv_series *b = r->c[i].base, *p = i > 0 ? r->c[i - 1].base : NULL;
		lines += 1;
		if (p == NULL || strcmp(p->tool, b->tool) != 0) {
			lines += 2;
		}
		if (p == NULL || strcmp(p->benchmark, b->benchmark) != 0 ||
		    strcmp(p->params, b->params) != 0) {
			lines += 1;
		}
	}
	double page = (kv_flow_bottom(d) - MARGIN - 20 - LEAD - 3) / LEAD;
	return lines / page > COMPACT_PAGES;
}

/* C's interval, "[0.936, 0.943]", with a decimal more than C as
 * kv_fmt_cost prints it, more (up to 6) until its ends read apart; ""
 * without one. */
static void fmt_cost_ci(const struct kv_comparison *c, char *buf, size_t size)
{
	char cost[64], lo[48], hi[48];
	const char *dot = strchr(kv_fmt_cost(c->cost, cost, sizeof(cost)), '.');
	int dec = (dot != NULL ? (int)strspn(dot + 1, "0123456789") : 0) + 1;

	buf[0] = '\0';
	if (isnan(c->cost_lo) || isnan(c->cost_hi)) {
		return;
	}
	for (;; dec++) {
		snprintf(lo, sizeof(lo), isinf(c->cost_lo) ? "inf" : "%.*f", dec, c->cost_lo);
		snprintf(hi, sizeof(hi), isinf(c->cost_hi) ? "inf" : "%.*f", dec, c->cost_hi);
		if (dec >= 6 || strcmp(lo, hi) != 0) {
			break;
		}
	}
	snprintf(buf, size, "[%s, %s]", lo, hi);
}

static void ccells(const struct doc *d, const struct kv_comparison *c, char cell[NK][CCELL])
{
	char name[KV_NAME_BUF];

	snprintf(cell[K_NAME], CCELL, "%s%s",
		 kv_name_cut(c->base->metric, KV_NAME_CHARS, name, sizeof(name)),
		 c->merged_into != NULL ? " \xe2\x80\xa0" : "");
	kv_name_cut(c->var->config, KV_NAME_CHARS, cell[K_VARIANT], CCELL);
	kv_fmt_cost(c->cost, cell[K_COST], CCELL);
	fmt_cost_ci(c, cell[K_CI], CCELL);
	kv_fmt_pct(c->overhead_pct, cell[K_OVER], CCELL);
	kv_fmt_p(d->in->o->adjust == KV_ADJ_NONE ? c->p : c->p_adjusted, cell[K_P], CCELL);
	kv_fmt_verdict(c, cell[K_VERDICT], CCELL);
}

/* The columns' cells as wide as their widest (measured on the longest few
 * of each); the metric's takes the rest, at 6.5 points or 6 when that
 * leaves it less than 70. */
static void clayout(struct compact *t)
{
	const struct doc *d = t->d;
	const struct kv_compare_result *r = d->in->r;
	static const char *const head[NK] = {"metric",
					     "variant",
					     "\xc3\x97"
					     "C",
					     "",
					     "overhead",
					     "p",
					     "verdict"};
	char cell[NK][CCELL];
	char(*top)[4][CCELL] = kv_xcalloc(NK, sizeof(*top));

	for (size_t k = 0; k < NK; k++) {
		snprintf(t->head[k], sizeof(t->head[k]), "%s", head[k]);
		t->on[k] = true;
	}
	snprintf(t->head[K_P], sizeof(t->head[K_P]), "%s",
		 d->in->o->adjust == KV_ADJ_NONE ? "p" : "p (adj)");
	t->on[K_VARIANT] = r->nvariants > 1;
	for (size_t i = 0; i < r->n; i++) {
		ccells(d, &r->c[i], cell);
		for (size_t k = K_NAME; k < NK; k++) {
			if (k != K_VARIANT) {
				keep_longest(top[k], cell[k]);
			}
		}
	}
	double vw = 0;
	for (size_t v = 0; v < r->nvariants; v++) {
		char name[KV_NAME_BUF];
		vw = fmax(vw, kv_text_width(
				  d->cr, CSIZE, false,
				  kv_name_cut(r->variants[v], KV_NAME_CHARS, name, sizeof(name))));
	}
	/* the numbers' cells first; the name gets the rest, shared with the
	 * variant's (at most its widest name, the metric's keeping what its
	 * longest names need, from 45 points to half) */
	double rest = 0, v = 0;
	for (t->size = CSIZE; t->size >= 6; t->size -= 0.5) {
		for (size_t k = 0; k < NK; k++) {
			t->w[k] = kv_text_width(d->cr, t->size, true, t->head[k]);
			for (size_t j = 0; k >= K_COST && j < 4 && top[k][j][0]; j++) {
				t->w[k] = fmax(
				    t->w[k], kv_text_width(d->cr, t->size, k == K_COST, top[k][j]));
			}
		}
		rest = t->cw;
		for (size_t k = K_COST; k < NK; k++) {
			rest -= t->w[k] + CSEP;
		}
		if (!t->on[K_VARIANT]) {
			if (rest >= 70) {
				break;
			}
			continue;
		}
		double name = 0;
		for (size_t j = 0; j < 4 && top[K_NAME][j][0]; j++) {
			name = fmax(name, kv_text_width(d->cr, t->size, false, top[K_NAME][j]));
		}
		name += CINDENT + (d->sel->all ? 0
					       : kv_text_width(d->cr, t->size - 0.5, false,
							       " \xe2\x96\xb8 p. 99"));
		name = fmax(40, fmin(name, (rest - CSEP) / 2));
		v = fmin(fmax(t->w[K_VARIANT], vw * t->size / CSIZE), rest - CSEP - name);
		if (v >= 36) {
			break;
		}
	}
	free(top);
	t->size = fmax(t->size, 6);
	t->lead = CLEAD * t->size / CSIZE;
	if (t->on[K_VARIANT]) {
		t->w[K_VARIANT] = fmax(v, 20);
		rest -= t->w[K_VARIANT] + CSEP;
	}
	t->w[K_NAME] = fmax(rest, 25);
	double at = 0;
	for (size_t k = 0; k < NK; k++) {
		if (t->on[k]) {
			t->x[k] = calign[k] == 2 ? at + t->w[k] : at;
			at += t->w[k] + (k == K_COST ? CSEP - 2 : CSEP);
		}
	}
}

static double cx0(const struct compact *t)
{
	return MARGIN + t->col * (t->cw + GUTTER);
}

/* The benchmark and its parameters (after the tool when there are
 * several), cut to fit width with "(cont.)" after it when cont. */
static void bench_line(struct compact *t, bool cont)
{
	cairo_t *cr = t->d->cr;
	struct kv_strbuf sb = KV_STRBUF_INIT;
	char name[KV_NAME_BUF], *p = kv_params_cut(t->bench->params, KV_NAME_CHARS);
	double x = cx0(t), room = t->cw;

	if (t->tools && cont) {
		kv_strbuf_addf(&sb, "%s \xc2\xb7 ",
			       kv_name_cut(t->tool, KV_NAME_CHARS, name, sizeof(name)));
	}
	kv_strbuf_adds(&sb, kv_name_cut(t->bench->benchmark, KV_NAME_CHARS, name, sizeof(name)));
	if (t->bench->params[0]) {
		kv_strbuf_addc(&sb, ' ');
		kv_strbuf_adds(&sb, p != NULL ? p : t->bench->params);
	}
	free(p);
	cairo_set_source_rgb(cr, soft.r, soft.g, soft.b);
	if (cont) {
		room -= kv_text_width(cr, t->size, false, " (cont.)");
	}
	double wd =
	    kv_text_fit_style(cr, x, t->y + t->size, t->size, false, room, 0, kv_strbuf_str(&sb));
	if (cont) {
		kv_text(cr, x + wd, t->y + t->size, t->size, false, 0, " (cont.)");
	}
	t->y += t->lead;
	kv_strbuf_release(&sb);
}

/* A column's top: the heads of its cells over a rule; with cont, the
 * group going on from the column before. */
static void column_top(struct compact *t, bool cont)
{
	cairo_t *cr = t->d->cr;
	double x = cx0(t);

	cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
	for (size_t k = 0; k < NK; k++) {
		if (t->on[k] && t->head[k][0]) {
			kv_text(cr, x + t->x[k], t->y + t->size, t->size, true, calign[k],
				t->head[k]);
		}
	}
	cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
	cairo_set_line_width(cr, 0.4);
	cairo_move_to(cr, x, t->y + t->lead);
	cairo_line_to(cr, x + t->cw, t->y + t->lead);
	cairo_stroke(cr);
	t->y += t->lead + 3;
	if (cont && t->bench != NULL) {
		bench_line(t, true);
	}
}

/* Room for h points in the column: else the next column, or the next
 * page's first.  cont: a group's row follows (its heading is repeated). */
static void croom(struct compact *t, double h, bool cont)
{
	struct doc *d = t->d;

	if (t->y + h <= kv_flow_bottom(d)) {
		return;
	}
	if (t->col == 0) {
		t->col = 1;
		t->yleft = t->y;
	} else {
		kv_doc_new_page(d, NULL);
		cairo_set_source_rgb(d->cr, 0.45, 0.45, 0.45);
		kv_text(d->cr, MARGIN, MARGIN + 7, 7.5, false, 0, "Appendix (continued)");
		t->ytop = MARGIN + 20;
		t->col = 0;
	}
	t->y = t->ytop;
	column_top(t, cont);
}

static void crow(struct compact *t, const struct kv_comparison *c)
{
	struct doc *d = t->d;
	cairo_t *cr = d->cr;
	char cell[NK][CCELL], ref[32] = "", dest[64], attr[96];
	struct kv_rgb col = c->verdict == KV_WORSE    ? kv_color_worse()
			    : c->verdict == KV_BETTER ? kv_color_better()
						      : ink;

	croom(t, t->lead, true);
	ccells(d, c, cell);
	double x = cx0(t), y = t->y + t->size, wn = t->w[K_NAME] - CINDENT;
	int page = d->sel->page[c - d->in->r->c];
	if (page > 0 && !d->sel->all) {
		snprintf(ref, sizeof(ref), " \xe2\x96\xb8 p. %d", page);
		/* the page when the name keeps 30 points, else the mark alone */
		if (wn - kv_text_width(cr, t->size - 0.5, false, ref) < 30) {
			snprintf(ref, sizeof(ref), " \xe2\x96\xb8");
		}
		kv_chart_dest(d->in->r, c->base, dest, sizeof(dest));
		snprintf(attr, sizeof(attr), "dest='%s'", dest);
		cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
	}
	double wr = ref[0] ? kv_text_width(cr, t->size - 0.5, false, ref) : 0;
	cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
	double used =
	    kv_text_fit_style(cr, x + CINDENT, y, t->size, false, wn - wr, 0, cell[K_NAME]);
	if (ref[0]) {
		cairo_set_source_rgb(cr, soft.r, soft.g, soft.b);
		kv_text(cr, x + CINDENT + used, y, t->size - 0.5, false, 0, ref);
		cairo_tag_end(cr, CAIRO_TAG_LINK);
	}
	for (size_t k = K_VARIANT; k < NK; k++) {
		if (!t->on[k] || cell[k][0] == '\0') {
			continue;
		}
		struct kv_rgb ck = k == K_VARIANT || k == K_P ? ink : col;
		cairo_set_source_rgb(cr, ck.r, ck.g, ck.b);
		if (k == K_VARIANT) {
			kv_text_fit_style(cr, x + t->x[k], y, t->size, false, t->w[k], 0, cell[k]);
		} else {
			kv_text(cr, x + t->x[k], y, t->size, k == K_COST, calign[k], cell[k]);
		}
	}
	t->y += t->lead;
}

/* Every comparison in two columns a page (see COMPACT_PAGES). */
static void compact_comparisons(struct kv_flow *f, int top, GHashTable *given)
{
	struct doc *d = f->d;
	const struct kv_compare_result *r = d->in->r;
	struct compact t = {.d = d, .top = top, .cw = (d->w - 2 * MARGIN - GUTTER) / 2};
	char level[32], buf[2048], n[32], variants[KV_NAME_BUF], base[KV_NAME_BUF];

	clayout(&t);
	for (size_t i = 1; i < r->n && !t.tools; i++) {
		t.tools = strcmp(r->c[i].base->tool, r->c[0].base->tool) != 0;
	}
	kv_fmt_level(1 - r->alpha_printed, level, sizeof(level));
	if (r->nvariants == 1) {
		kv_name_cut(r->variants[0], KV_NAME_CHARS, variants, sizeof(variants));
	} else {
		snprintf(variants, sizeof(variants), "%zu variants", r->nvariants);
	}
	kv_flow_heading(f, "Appendix: every comparison", "one line per comparison, two columns",
			40);
	snprintf(
	    buf, sizeof(buf),
	    "The %s comparisons of %s against %s, one a line: the metric%s, \xc3\x97"
	    "C and its interval at %s, the overhead, p%s and the verdict, as kvperf "
	    "compare prints them; a name too long for its column is cut with an "
	    "ellipsis (\xe2\x80\xa6). Left out, to keep the report short: each side's %s and its "
	    "interval, the overhead's interval, the runs (n)%s and the flags; "
	    "kvperf compare --format csv prints them for every comparison, and the "
	    "workbook (kvperf report -o FILE.xlsx) has them on its Summary sheet, "
	    "every name whole. \xe2\x80\xa0 an exact multiple of another metric, counted "
	    "once in the geometric mean.",
	    kv_fmt_count(r->n, n, sizeof(n)), variants,
	    kv_name_cut(d->in->o->baseline, KV_NAME_CHARS, base, sizeof(base)),
	    r->nvariants > 1 ? " and the variant" : "", level,
	    d->in->o->adjust == KV_ADJ_NONE ? "" : " adjusted",
	    d->in->o->estimator == KV_EST_MEAN ? "mean" : "median",
	    d->in->o->reference != NULL ? ", the gap closed" : "");
	kv_flow_paragraph(f, 7, 0.3, buf);
	if (!d->sel->all) {
		char drawn[32], all[32];
		snprintf(buf, sizeof(buf),
			 "\xe2\x96\xb8 p. 7: the metric's detail panel is on page 7 (a link). The "
			 "charts draw %s of the %s metrics, those that matter most (see the "
			 "Summary); this table has every one.",
			 kv_fmt_count(d->sel->drawn, drawn, sizeof(drawn)),
			 kv_fmt_count(d->sel->metrics, all, sizeof(all)));
		kv_flow_paragraph(f, 7, 0.3, buf);
	}
	/* the variants whole when their column cuts one */
	bool cut = false;
	for (size_t v = 0; t.on[K_VARIANT] && v < r->nvariants; v++) {
		char name[KV_NAME_BUF];
		kv_name_cut(r->variants[v], KV_NAME_CHARS, name, sizeof(name));
		cut = cut || kv_text_width(d->cr, t.size, false, name) > t.w[K_VARIANT];
	}
	whole_configs(f, given, cut);
	f->y += 4;
	t.ytop = t.y = f->y;
	column_top(&t, false);
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_comparison *c = &r->c[i];
		if (t.tool == NULL || strcmp(t.tool, c->base->tool) != 0) {
			t.bench = NULL;
			croom(&t, 3 + 10 + 2 * t.lead, false);
			t.y += t.y > t.ytop + t.lead + 3 ? 3 : 0;
			t.tool = c->base->tool;
			char name[KV_NAME_BUF];
			kv_doc_outline(d, top, t.tool, t.y);
			cairo_set_source_rgb(d->cr, ink.r, ink.g, ink.b);
			kv_text_fit_style(d->cr, cx0(&t), t.y + 7.5, 7.5, true, t.cw, 0,
					  kv_name_cut(t.tool, KV_NAME_CHARS, name, sizeof(name)));
			t.y += 10;
		}
		if (t.bench == NULL || strcmp(t.bench->benchmark, c->base->benchmark) != 0 ||
		    strcmp(t.bench->params, c->base->params) != 0) {
			croom(&t, 2 * t.lead, false);
			t.bench = c->base;
			bench_line(&t, false);
		}
		crow(&t, c);
	}
	f->y = t.col == 0 ? t.y : fmax(t.y, t.yleft);
	f->empty = false;
}

/* Every comparison, grouped by tool, then benchmark and parameters. */
static void comparisons(struct kv_flow *f, int top, GHashTable *given)
{
	struct doc *d = f->d;
	const struct kv_compare_result *r = d->in->r;
	struct table t;
	char level[32], conf[32], buf[1024];

	if (compact_wanted(d)) {
		compact_comparisons(f, top, given);
		return;
	}
	layout(d, &t);
	t.given = given;
	kv_fmt_level(1 - r->alpha_printed, level, sizeof(level));
	kv_fmt_level(d->in->o->confidence, conf, sizeof(conf));
	kv_flow_heading(f, "Appendix: every comparison", "one line per metric and variant", 40);
	snprintf(buf, sizeof(buf),
		 "Each side: the %s of its run means \xc2\xb1 half its %s interval, relative to "
		 "it; \xc3\x97"
		 "C and the overhead with its interval at %s, p%s and the verdict, as kvperf "
		 "compare prints them; n: runs of the baseline / the variant. "
		 "\xe2\x80\xa0 an exact multiple of another metric, counted once in the "
		 "geometric mean.%s",
		 d->in->o->estimator == KV_EST_MEAN ? "mean" : "median", conf, level,
		 d->in->o->adjust == KV_ADJ_NONE ? "" : " adjusted",
		 d->in->o->reference != NULL
		     ? " Gap closed: the share of the reference's overhead the variant recovers."
		     : "");
	kv_flow_paragraph(f, 7, 0.3, buf);
	if (!d->sel->all) {
		char drawn[32], all[32];
		snprintf(buf, sizeof(buf),
			 "\xe2\x96\xb8 p. 7: the metric's detail panel is on page 7 (a link). The "
			 "charts draw %s of the %s metrics, those that matter most (see the "
			 "Summary); this table has every one.",
			 kv_fmt_count(d->sel->drawn, drawn, sizeof(drawn)),
			 kv_fmt_count(d->sel->metrics, all, sizeof(all)));
		kv_flow_paragraph(f, 7, 0.3, buf);
	}
	whole_configs(f, given, false);
	f->y += 4;
	f->header = header, f->header_arg = &t;
	header(f, &t);
	const char *tool = NULL;
	const struct kv_series *bench = NULL;
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_comparison *c = &r->c[i];
		bool first = i == 0 || r->c[i - 1].base != c->base;
		if (tool == NULL || strcmp(tool, c->base->tool) != 0) {
			struct kv_strbuf sb = KV_STRBUF_INIT;
			tool = c->base->tool;
			t.tool = NULL;
			add_name(&sb, given, tool, false);
			group(f, kv_strbuf_str(&sb), true, top);
			kv_strbuf_release(&sb);
			t.tool = tool;
			bench = NULL;
		}
		if (bench == NULL || strcmp(bench->benchmark, c->base->benchmark) != 0 ||
		    strcmp(bench->params, c->base->params) != 0) {
			struct kv_strbuf sb = KV_STRBUF_INIT;
			bench = c->base;
			add_name(&sb, given, bench->benchmark, false);
			if (bench->params[0]) {
				kv_strbuf_addc(&sb, ' ');
				add_name(&sb, given, bench->params, true);
			}
			group(f, kv_strbuf_str(&sb), false, top);
			kv_strbuf_release(&sb);
		}
		row(f, &t, c, first);
	}
	f->header = NULL;
}

/* The metrics that only one side has, each once ("only in k8s-1.34"; a
 * metric only the baseline has names every variant without it). */
static void one_side(struct kv_flow *f, int top, GHashTable *given)
{
	const struct kv_compare_result *r = f->d->in->r;
	cairo_t *cr = f->d->cr;
	const char *tool = NULL;
	char name[KV_NAME_BUF];

	if (r->nunmatched == 0) {
		return;
	}
	kv_flow_heading(f, "Measured on one side only",
			"not compared: the other side has no samples of these metrics", 30);
	kv_doc_outline(f->d, top, "Measured on one side only", f->y - 18);
	double wk = 0;
	for (size_t i = 0; i < r->nunmatched; i++) {
		char *cut = kv_series_name(r->unmatched[i].series, false, true);
		wk = fmax(wk, kv_text_width(cr, SIZE, false, cut) + 6);
		free(cut);
	}
	double room = f->d->w - 2 * MARGIN - INDENT;
	wk = fmin(wk, room * 0.6);
	for (size_t i = 0; i < r->nunmatched; i++) {
		const struct kv_unmatched *u = &r->unmatched[i];
		bool seen = false;
		for (size_t j = 0; j < i && u->in_baseline; j++) {
			seen = seen ||
			       (r->unmatched[j].in_baseline && r->unmatched[j].series == u->series);
		}
		if (seen) {
			continue;
		}
		if (tool == NULL || strcmp(tool, u->series->tool) != 0) {
			struct kv_strbuf sb = KV_STRBUF_INIT;
			tool = u->series->tool;
			add_name(&sb, given, tool, false);
			group(f, kv_strbuf_str(&sb), false, top);
			kv_strbuf_release(&sb);
		}
		struct kv_strbuf where = KV_STRBUF_INIT, whole = KV_STRBUF_INIT;
		kv_strbuf_addf(&where, "only in %s",
			       kv_name_cut(u->in_baseline ? f->d->in->o->baseline : u->variant,
					   KV_NAME_CHARS, name, sizeof(name)));
		if (u->in_baseline) {
			kv_strbuf_addf(&where, ", not in %s",
				       kv_name_cut(u->variant, KV_NAME_CHARS, name, sizeof(name)));
			for (size_t j = i + 1; j < r->nunmatched; j++) {
				const struct kv_unmatched *w = &r->unmatched[j];
				if (w->in_baseline && w->series == u->series) {
					kv_strbuf_addf(&where, ", %s",
						       kv_name_cut(w->variant, KV_NAME_CHARS, name,
								   sizeof(name)));
				}
			}
		}
		kv_strbuf_addf(&where, " (%zu run%s)", u->series->n_runs,
			       u->series->n_runs == 1 ? "" : "s");
		/* a long name not given whole yet: whole above the row */
		bool any = add_name(&whole, given, u->series->benchmark, false);
		if (u->series->params[0]) {
			kv_strbuf_addc(&whole, ' ');
			any = add_name(&whole, given, u->series->params, true) || any;
		}
		kv_strbuf_addc(&whole, ' ');
		any = add_name(&whole, given, u->series->metric, false) || any;
		char *cut = kv_series_name(u->series, false, true);
		if (any) {
			struct kv_run run = {kv_strbuf_str(&whole), SIZE, false, ink};
			kv_flow_need(f, 3 * LEAD);
			kv_flow_runs(f, MARGIN + INDENT, room, SIZE, LEAD, &run, 1);
		}
		struct kv_run name_run = {cut, SIZE, false, ink},
			      place = {kv_strbuf_str(&where), SIZE, false, soft};
		int a = kv_doc_runs(cr, 0, 0, wk - 6, LEAD, &name_run, 1, false);
		int b = kv_doc_runs(cr, 0, 0, room - wk, LEAD, &place, 1, false);
		int lines = a > b ? a : b;
		kv_flow_need(f, LEAD * lines);
		kv_doc_runs(cr, MARGIN + INDENT, f->y + SIZE, wk - 6, LEAD, &name_run, 1, true);
		kv_doc_runs(cr, MARGIN + INDENT + wk, f->y + SIZE, room - wk, LEAD, &place, 1,
			    true);
		f->y += LEAD * lines;
		f->empty = false;
		free(cut);
		kv_strbuf_release(&where);
		kv_strbuf_release(&whole);
	}
}

void kv_doc_appendix_pages(struct doc *d)
{
	struct kv_flow f;

	/* keys borrowed from the comparison, which outlives the table */
	GHashTable *given = g_hash_table_new(g_str_hash, g_str_equal);

	int top = kv_doc_new_page(d, "Appendix");
	kv_flow_init(&f, d, "Appendix (continued)");
	comparisons(&f, top, given);
	f.y += 6;
	one_side(&f, top, given);
	g_hash_table_destroy(given);
}
