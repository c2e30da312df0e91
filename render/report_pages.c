/*
 * report_pages.c - the PDF report's chart pages: the forest plot, the heat
 * map (several variants), every benchmark's metrics as small multiples and
 * the parameter sweeps.
 */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <ctype.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "render/charts.h"
#include "render/compare_out.h"
#include "render/format.h"
#include "render/layout.h"
#include "render/report_doc.h"
#include "render/text.h"
#include "util/outfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A plot of rows (forest or heat map) over as many pages as it needs, every
 * page on one axis, balanced so that the last is not nearly empty. */
static void rows_pages(struct doc *d, struct kv_forest *f, bool heatmap, const char *outline)
{
	struct kv_box b = kv_doc_body(d);
	size_t *start = NULL;
	char note[160], drawn[32], all[32];

	if (!d->sel->all) { /* which metrics, over the plot on every page */
		snprintf(note, sizeof(note),
			 "%s of the %s metrics: those that matter most (see the Summary); every "
			 "comparison is in the appendix",
			 kv_fmt_count(d->sel->drawn, drawn, sizeof(drawn)),
			 kv_fmt_count(d->sel->metrics, all, sizeof(all)));
		b.y += 12, b.h -= 12;
	}
	size_t pages = kv_forest_pages(d->cr, f, heatmap, b.w, b.h, &start);
	for (size_t p = 0; p < pages || p == 0; p++) {
		size_t first = pages ? start[p] : 0, n = pages ? start[p + 1] - first : 0;
		kv_doc_new_page(d, p == 0 ? outline : NULL);
		if (!d->sel->all) {
			cairo_set_source_rgb(d->cr, 0.4, 0.4, 0.4);
			kv_text_fit(d->cr, b.x, b.y - 6, KV_SMALL_SIZE, b.w, 0, note);
		}
		b.h = kv_forest_height(d->cr, f, heatmap, b.w, first, n);
		if (heatmap) {
			kv_chart_heatmap(d->cr, b, f, first, n, p + 1, pages);
		} else {
			kv_chart_forest(d->cr, b, f, first, n, p + 1, pages);
		}
	}
	free(start);
}

/* One forest plot: of the variant, or of every variant side by side on
 * rows in one order.  Its labels link to the detail panels. */
void kv_doc_forest_pages(struct doc *d)
{
	const struct kv_compare_result *r = d->in->r;
	struct kv_forest f;
	char title[KV_NAME_BUF + 16], name[KV_NAME_BUF];

	if (d->sel->drawn == 0) {
		return;
	}
	kv_forest_init(&f, d->in, r->nvariants == 1 ? r->variants[0] : NULL, d->sel->on);
	f.links = true;
	if (r->nvariants == 1) {
		snprintf(title, sizeof(title), "Forest plot: %s",
			 kv_name_cut(r->variants[0], KV_NAME_CHARS, name, sizeof(name)));
	} else {
		snprintf(title, sizeof(title), "Forest plot");
	}
	rows_pages(d, &f, false, title);
	kv_forest_release(&f);
}

/* With one variant a heat map would repeat the forest plot: none. */
void kv_doc_heatmap_pages(struct doc *d)
{
	struct kv_forest f;

	if (d->in->r->nvariants < 2 || d->sel->drawn == 0) {
		return;
	}
	kv_forest_init(&f, d->in, NULL, d->sel->on);
	f.links = true;
	rows_pages(d, &f, true, "Heat map");
	kv_forest_release(&f);
}

static int cmp_series(const void *a, const void *b)
{
	const struct kv_series *x = (*(const struct kv_comparison *const *)a)->base;
	const struct kv_series *y = (*(const struct kv_comparison *const *)b)->base;
	int c = strcmp(x->tool, y->tool);

	c = c ? c : strcmp(x->benchmark, y->benchmark);
	c = c ? c : strcmp(x->params, y->params);
	c = c ? c : strcmp(x->metric, y->metric);
	if (c == 0 && x != y) { /* two series of one name: keep them apart, in order */
		c = (uintptr_t)x < (uintptr_t)y ? -1 : 1;
	}
	return c;
}

static bool same_benchmark(const struct kv_series *a, const struct kv_series *b)
{
	return strcmp(a->tool, b->tool) == 0 && strcmp(a->benchmark, b->benchmark) == 0 &&
	       strcmp(a->params, b->params) == 0;
}

#define DETAIL_COLS 3
#define DETAIL_GAP  12
#define HEAD_LINES  3 /* a benchmark's heading: a long name ends with "…" */

/* A panel of a row shared by benchmarks of fewer panels than a row has. */
struct cell {
	const struct kv_comparison **cs; /* the metric's comparisons */
	size_t n;
	bool first;    /* its benchmark's first panel: the benchmark's bookmark */
	bool new_tool; /* its tool's first: the tool's bookmark */
};

/* Where the detail pages are: the page's y, the bookmarks open, and the
 * row being filled with the panels of small benchmarks. */
struct detail_flow {
	struct doc *d;
	double y, bottom;
	int details, tool; /* outline ids */
	struct cell row[DETAIL_COLS];
	size_t ncell;
};

static void detail_page(struct detail_flow *fl)
{
	struct kv_box b = kv_doc_body(fl->d);

	kv_doc_new_page(fl->d, NULL);
	fl->y = b.y;
	fl->bottom = b.y + b.h;
}

/* A benchmark's heading text: tool, benchmark and parameters (each name
 * cut), what kind of rows; a new string. */
static char *heading_text(const struct kv_comparison *c, bool cont)
{
	char *name = kv_series_name(c->base, true, false);
	struct kv_strbuf sb = KV_STRBUF_INIT;

	kv_strbuf_addf(&sb, "%s%s%s", name,
		       c->flags & KV_FLAG_SUMMARY ? " \xc2\xb7 per-run summary" : "",
		       cont ? " (continued)" : "");
	free(name);
	return kv_strbuf_detach(&sb);
}

/* A benchmark's heading: tool, benchmark and parameters. */
static void detail_heading(cairo_t *cr, const struct kv_comparison *c, bool cont, double x,
			   double y, double w, bool draw, double *h)
{
	char *buf = heading_text(c, cont);

	*h = kv_text_lines_max(cr, w, 9, true, HEAD_LINES, buf) * 12 + 4;
	if (draw) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		kv_text_wrap_max(cr, x, y - 2, w, 9, true, HEAD_LINES, buf);
		cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
		kv_draw_line(cr, x, y + *h - 1, x + w, y + *h - 1, 0.5);
	}
	free(buf);
}

/* A packed panel's heading: its benchmark, at 7.5 points; its height. */
static double cell_heading(cairo_t *cr, const struct kv_comparison *c, double x, double y, double w,
			   bool draw)
{
	char *buf = heading_text(c, false);

	if (draw) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		kv_text_wrap_max(cr, x, y - 2, w, 8, true, HEAD_LINES, buf);
	}
	double h = kv_text_lines_max(cr, w, 8, true, HEAD_LINES, buf) * 11 + 3;
	free(buf);
	return h;
}

/* A panel at b, the destination of its forest row's link. */
static void detail_panel(struct doc *d, struct kv_box b, const struct kv_comparison **cs, size_t n)
{
	char dest[64], attr[96];

	kv_chart_dest(d->in->r, cs[0]->base, dest, sizeof(dest));
	snprintf(attr, sizeof(attr), "name='%s'", dest);
	for (size_t k = 0; k < n; k++) { /* for the appendix's references */
		d->sel->page[cs[k] - d->in->r->c] = d->page;
	}
	cairo_tag_begin(d->cr, CAIRO_TAG_DEST, attr);
	kv_chart_detail(d->cr, b, d->in, cs, n);
	cairo_tag_end(d->cr, CAIRO_TAG_DEST);
}

/* Draws the row of packed panels, each under its benchmark's heading. */
static void flush_cells(struct detail_flow *fl)
{
	struct doc *d = fl->d;
	struct kv_box b = kv_doc_body(d);
	double pw = (b.w - (DETAIL_COLS - 1) * DETAIL_GAP) / DETAIL_COLS, row_h = 0,
	       head[DETAIL_COLS];

	for (size_t k = 0; k < fl->ncell; k++) {
		const struct cell *c = &fl->row[k];
		head[k] = cell_heading(d->cr, c->cs[0], 0, 0, pw, false);
		row_h =
		    fmax(row_h, head[k] + kv_chart_detail_height(d->cr, pw, d->in, c->cs, c->n));
	}
	if (fl->ncell > 0 && fl->y + row_h > fl->bottom) {
		detail_page(fl);
	}
	for (size_t k = 0; k < fl->ncell; k++) {
		const struct cell *c = &fl->row[k];
		const struct kv_series *s = c->cs[0]->base;
		double x = b.x + (pw + DETAIL_GAP) * (double)k;
		if (c->new_tool) {
			fl->tool = kv_doc_outline(d, fl->details, s->tool, fl->y);
		}
		if (c->first) {
			char *text = kv_series_name(s, false, false);
			kv_doc_outline(d, fl->tool, text, fl->y);
			free(text);
		}
		cell_heading(d->cr, c->cs[0], x, fl->y, pw, true);
		detail_panel(d, (struct kv_box){x, fl->y + head[k], pw, row_h - head[k]}, c->cs,
			     c->n);
	}
	if (fl->ncell > 0) {
		fl->y += row_h + DETAIL_GAP;
	}
	fl->ncell = 0;
}

/* The panels of one benchmark, cs[0..n) its comparisons sorted by metric. */
static void detail_benchmark(struct detail_flow *fl, const struct kv_comparison **cs, size_t n,
			     bool new_tool)
{
	struct doc *d = fl->d;
	struct kv_box b = kv_doc_body(d);
	double pw = (b.w - (DETAIL_COLS - 1) * DETAIL_GAP) / DETAIL_COLS, hh;

	/* the panels: a metric's comparisons, one per variant */
	size_t np = 0, *at = kv_xmalloc((n + 1) * sizeof(*at));
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || cs[i]->base != cs[i - 1]->base) {
			at[np++] = i;
		}
	}
	at[np] = n;
	if (np < DETAIL_COLS) { /* fewer than a row: it shares one */
		if (fl->ncell + np > DETAIL_COLS) {
			flush_cells(fl);
		}
		for (size_t k = 0; k < np; k++) {
			fl->row[fl->ncell++] = (struct cell){cs + at[k], at[k + 1] - at[k], k == 0,
							     k == 0 && new_tool};
		}
		free(at);
		return;
	}
	flush_cells(fl);
	detail_heading(d->cr, cs[0], false, b.x, 0, b.w, false, &hh);
	for (size_t p = 0; p < np; p += DETAIL_COLS) {
		double row_h = 0;
		for (size_t k = p; k < np && k < p + DETAIL_COLS; k++) {
			row_h = fmax(row_h, kv_chart_detail_height(d->cr, pw, d->in, cs + at[k],
								   at[k + 1] - at[k]));
		}
		bool first = p == 0;
		/* a heading stays with its first row of panels */
		if (fl->y + row_h + (first ? hh : 0) > fl->bottom) {
			detail_page(fl);
			if (!first) {
				detail_heading(d->cr, cs[0], true, b.x, fl->y, b.w, true, &hh);
				fl->y += hh + 4;
			}
		}
		if (first) {
			const struct kv_series *s = cs[0]->base;
			if (new_tool) { /* a tool's bookmark at its first benchmark */
				fl->tool = kv_doc_outline(d, fl->details, s->tool, fl->y);
			}
			detail_heading(d->cr, cs[0], false, b.x, fl->y, b.w, true, &hh);
			char *text = kv_series_name(s, false, false);
			kv_doc_outline(d, fl->tool, text, fl->y);
			free(text);
			fl->y += hh + 4;
		}
		for (size_t k = p; k < np && k < p + DETAIL_COLS; k++) {
			struct kv_box pb = {b.x + (pw + DETAIL_GAP) * (double)(k - p), fl->y, pw,
					    row_h};
			detail_panel(d, pb, cs + at[k], at[k + 1] - at[k]);
		}
		fl->y += row_h + DETAIL_GAP;
	}
	free(at);
}

/* Small multiples: a heading per benchmark, a panel per metric, three to a
 * row (benchmarks of one or two metrics share rows, each panel under its
 * benchmark's name); bookmarks per tool and per benchmark; each panel the
 * destination of its forest row's link. */
void kv_doc_detail_pages(struct doc *d)
{
	const struct kv_compare_result *r = d->in->r;
	const struct kv_comparison **c = kv_xmalloc((r->n ? r->n : 1) * sizeof(*c));
	struct detail_flow fl = {.d = d};
	size_t n = 0;
	char note[1024];

	if (d->sel->drawn == 0) {
		free(c);
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (d->sel->on[i]) {
			c[n++] = &r->c[i];
		}
	}
	/* by name, then the variants in their order (qsort is not stable) */
	qsort(c, n, sizeof(*c), cmp_series);
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		while (j < n && c[j]->base == c[i]->base) {
			j++;
		}
		for (size_t a = i; a < j; a++) { /* few variants: insertion sort */
			for (size_t b = a; b > i && c[b] - r->c < c[b - 1] - r->c; b--) {
				const struct kv_comparison *t = c[b];
				c[b] = c[b - 1], c[b - 1] = t;
			}
		}
		i = j - 1;
	}
	fl.details = kv_doc_new_page(d, "Details");
	struct kv_box b = kv_doc_body(d);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	double y = kv_text_wrap(d->cr, b.x, b.y - 3, b.w, KV_TITLE_SIZE, true,
				"Details: every sample of every configuration, metric by metric");
	cairo_set_source_rgb(d->cr, 0.25, 0.25, 0.25);
	y = kv_text_wrap(
	    d->cr, b.x, y, b.w, KV_SMALL_SIZE, false,
	    "Dots: every sample (jittered sideways). Box: the quartiles and the median; "
	    "whiskers: the last samples within 1.5 times the box's height of it (Tukey). "
	    "An axis starts at 0 unless the samples span two decades (then it is a log "
	    "axis). Each panel's title gives the comparison as in the forest plot, whose "
	    "labels link here.");
	kv_doc_selection_text(d->sel, note, sizeof(note));
	if (note[0]) {
		y = kv_text_wrap(d->cr, b.x, y + 2, b.w, KV_SMALL_SIZE, false, note);
	}
	fl.y = y + 14, fl.bottom = b.y + b.h, fl.tool = fl.details;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && same_benchmark(c[j]->base, c[i]->base); j++) {
		}
		bool new_tool = i == 0 || strcmp(c[i]->base->tool, c[i - 1]->base->tool) != 0;
		if (new_tool) { /* a row of small benchmarks holds one tool's */
			flush_cells(&fl);
		}
		detail_benchmark(&fl, c + i, j - i, new_tool);
	}
	flush_cells(&fl);
	free(c);
}

/* The place of sweep s: its first metric in the order of the selection. */
static size_t sweep_rank(const struct doc *d, const struct kv_sweep *s)
{
	size_t best = SIZE_MAX;

	for (size_t k = 0; k < s->n; k++) {
		size_t i = (size_t)(s->c[k] - d->in->r->c), r = d->sel->rank[i];
		best = d->sel->on[i] && r < best ? r : best;
	}
	return best;
}

/* The sweeps with a metric drawn, four to a page: when not every metric is
 * drawn, at most a page of them for each 16 metrics drawn, those of the
 * metrics that matter most, in their order by name. */
void kv_doc_sweep_pages(struct doc *d)
{
	struct kv_sweep *sw;
	size_t n = kv_doc_find_sweeps(d->in->r, d->sel->on, &sw);
	size_t limit = d->sel->all ? n : (d->sel->drawn + 3) / 4, shown = 0;
	bool *keep = kv_xcalloc(n ? n : 1, sizeof(*keep));

	if (n > limit) {
		size_t *rank = kv_xmalloc(n * sizeof(*rank));
		for (size_t i = 0; i < n; i++) {
			rank[i] = sweep_rank(d, &sw[i]);
		}
		/* the limit-th smallest rank and below (ranks are unique per metric,
		 * and a metric is in one sweep at most) */
		for (size_t k = 0; k < limit; k++) {
			size_t best = n;
			for (size_t i = 0; i < n; i++) {
				if (!keep[i] && (best == n || rank[i] < rank[best])) {
					best = i;
				}
			}
			keep[best] = true;
		}
		free(rank);
	} else {
		for (size_t i = 0; i < n; i++) {
			keep[i] = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (!keep[i]) {
			continue;
		}
		size_t slot = shown++ % SWEEPS_PER_PAGE;
		if (slot == 0) {
			kv_doc_new_page(d, shown == 1 ? "Parameter sweeps" : NULL);
		}
		struct kv_box b = kv_doc_body(d);
		double cw = b.w / 2, ch = b.h / 2;
		struct kv_box p = {b.x + cw * (double)(slot % 2), b.y + ch * (double)(slot / 2),
				   cw - 16, ch - 24};
		kv_chart_sweep(d->cr, p, d->in, &sw[i]);
	}
	free(keep);
	kv_doc_free_sweeps(sw, n);
}
