/*
 * charts.c - the charts of the report drawn with cairo: the summary, the
 * detail panels and the parameter sweeps, and the drawing every chart file
 * shares (axes, marks, legends).  The forest plot and the heat map are in
 * forest.c.
 */
#include "render/charts.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "render/format.h"
#include "render/layout.h"
#include "render/text.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define LABEL_SIZE  KV_LABEL_SIZE
#define SMALL_SIZE  KV_SMALL_SIZE
#define MAX_CONFIGS 16 /* configurations a detail panel or a sweep draws */
#define PLOT_H      KV_DETAIL_PLOT_H

void kv_set_color(cairo_t *cr, struct kv_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void kv_draw_line(cairo_t *cr, double x0, double y0, double x1, double y1, double width)
{
	cairo_set_line_width(cr, width);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_stroke(cr);
}

/* n lines seg[4i .. 4i + 4) = x0, y0, x1, y1 stroked at once (one operation
 * on a PDF page, which keeps pages of many small charts quick to write). */
static void segments(cairo_t *cr, const double *seg, size_t n, double width)
{
	cairo_set_line_width(cr, width);
	for (size_t i = 0; i < n; i++) {
		cairo_move_to(cr, seg[4 * i], seg[4 * i + 1]);
		cairo_line_to(cr, seg[4 * i + 2], seg[4 * i + 3]);
	}
	cairo_stroke(cr);
}

/* A dot's path; a new sub-path, or cairo would join it to the last text or line. */
static void dot(cairo_t *cr, double x, double y, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x, y, r, 0, 2 * M_PI);
}

static void reason(cairo_t *cr, struct kv_box b, const char *why)
{
	cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
	kv_text(cr, b.x + b.w / 2, b.y + b.h / 2, 9, false, 1, why);
}

double kv_axis_map(const struct kv_ticks *t, double v, double a, double b)
{
	if (t->log && !(v > 0)) { /* off the axis to the left (or below) */
		return a > b ? INFINITY : -INFINITY;
	}
	if (t->log) {
		return a + (log10(v) - log10(t->lo)) / (log10(t->hi) - log10(t->lo)) * (b - a);
	}
	return a + (v - t->lo) / (t->hi - t->lo) * (b - a);
}

/* A tick of a cost axis as its overhead ("-50%", "0%", "+300%") and as its
 * ratio ("×0.5", "×1", "×4"). */
static void cost_labels(double c, char *pct, char *ratio, size_t size)
{
	double v = 100 * (c - 1);

	if (fabs(v) < 1e-9) {
		snprintf(pct, size, "0%%");
	} else if (fabs(v) >= 100) {
		snprintf(pct, size, "%+.0f%%", v);
	} else {
		snprintf(pct, size, "%+.4g%%", v);
	}
	snprintf(ratio, size, "\xc3\x97%.6g", c);
}

/* Which of n labels centred at pos[i], size[i] long, to draw: every k-th
 * counted from index first (C = 1), the least k that keeps each gap apart
 * from the next, so that the labels left stay evenly spaced.  A label left
 * out keeps its tick. */
static void pick_labels(const double *pos, const double *size, size_t n, size_t first, double gap,
			bool *keep)
{
	for (size_t k = 1; k <= n; k++) {
		long last = -1;
		bool fits = true;
		for (size_t i = 0; i < n; i++) {
			keep[i] = ((long)i - (long)first) % (long)k == 0;
			if (keep[i] && last >= 0) {
				fits = fits &&
				       fabs(pos[i] - pos[last]) >= (size[i] + size[last]) / 2 + gap;
			}
			last = keep[i] ? (long)i : last;
		}
		if (fits) {
			return;
		}
	}
	for (size_t i = 0; i < n; i++) { /* not even one other: the first alone */
		keep[i] = i == first;
	}
}

static size_t tick_at_one(const struct kv_ticks *t)
{
	size_t one = 0;

	for (size_t i = 0; i < t->n; i++) {
		if (fabs(t->v[i] - 1) < fabs(t->v[one] - 1)) {
			one = i;
		}
	}
	return one;
}

double kv_cost_axis(cairo_t *cr, const struct kv_ticks *t, double x0, double x1, double y,
		    double top, const char *title)
{
	char pct[KV_MAX_TICKS][32], ratio[KV_MAX_TICKS][32];
	double pos[KV_MAX_TICKS], w[KV_MAX_TICKS];
	bool keep[KV_MAX_TICKS];

	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	kv_draw_line(cr, x0, y, x1, y, 0.6);
	for (size_t i = 0; i < t->n; i++) {
		pos[i] = kv_axis_map(t, t->v[i], x0, x1);
		cost_labels(t->v[i], pct[i], ratio[i], sizeof(pct[i]));
		w[i] = fmax(kv_text_width(cr, SMALL_SIZE, false, pct[i]),
			    kv_text_width(cr, SMALL_SIZE, false, ratio[i]));
		cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
		kv_draw_line(cr, pos[i], top, pos[i], y, 0.4);
		cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
		kv_draw_line(cr, pos[i], y, pos[i], y + 3, 0.6);
	}
	pick_labels(pos, w, t->n, tick_at_one(t), 4, keep);
	for (size_t i = 0; i < t->n; i++) {
		if (keep[i]) {
			cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
			kv_text(cr, pos[i], y + 10, SMALL_SIZE, false, 1, pct[i]);
			cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
			kv_text(cr, pos[i], y + 18.5, SMALL_SIZE, false, 1, ratio[i]);
		}
	}
	if (title == NULL) {
		return 21;
	}
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	kv_text(cr, (x0 + x1) / 2, y + 28.5, SMALL_SIZE, false, 1, title);
	return 31;
}

/* A vertical log axis of C at x from bottom to top, grid lines to right,
 * ticks labelled "+100% ×2"; returns the labels' width. */
static double cost_axis_v(cairo_t *cr, const struct kv_ticks *t, double bottom, double top,
			  double x, double right)
{
	char pct[KV_MAX_TICKS][32], ratio[KV_MAX_TICKS][32], both[80];
	double pos[KV_MAX_TICKS], h[KV_MAX_TICKS], wmax = 0;
	bool keep[KV_MAX_TICKS];

	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	kv_draw_line(cr, x, bottom, x, top, 0.6);
	for (size_t i = 0; i < t->n; i++) {
		pos[i] = kv_axis_map(t, t->v[i], bottom, top);
		h[i] = SMALL_SIZE;
		cost_labels(t->v[i], pct[i], ratio[i], sizeof(pct[i]));
		cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
		kv_draw_line(cr, x, pos[i], right, pos[i], 0.4);
		cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
		kv_draw_line(cr, x - 3, pos[i], x, pos[i], 0.6);
	}
	pick_labels(pos, h, t->n, tick_at_one(t), 2, keep);
	for (size_t i = 0; i < t->n; i++) {
		if (keep[i]) {
			snprintf(both, sizeof(both), "%s %s", pct[i], ratio[i]);
			cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
			wmax = fmax(wmax,
				    kv_text(cr, x - 5, pos[i] + 2.3, SMALL_SIZE, false, 2, both));
		}
	}
	return wmax;
}

/* The widest label of a vertical cost axis. */
static double cost_axis_v_width(cairo_t *cr, const struct kv_ticks *t)
{
	char pct[32], ratio[32], both[80];
	double w = 0;

	for (size_t i = 0; i < t->n; i++) {
		cost_labels(t->v[i], pct, ratio, sizeof(pct));
		snprintf(both, sizeof(both), "%s %s", pct, ratio);
		w = fmax(w, kv_text_width(cr, SMALL_SIZE, false, both));
	}
	return w;
}

/* A vertical value axis at x from y0 (bottom) to y1 (top), grid lines to
 * right, labelled in unit (NULL: plain numbers). */
static void value_axis(cairo_t *cr, const struct kv_ticks *t, double y0, double y1, double x,
		       double right, const char *unit)
{
	char label[KV_MAX_TICKS][KV_TICK_LABEL];
	double pos[KV_MAX_TICKS], h[KV_MAX_TICKS];
	bool keep[KV_MAX_TICKS];

	double grid[4 * KV_MAX_TICKS], tick[4 * (KV_MAX_TICKS + 1)];
	kv_tick_labels(t, unit, label);
	for (size_t i = 0; i < t->n; i++) {
		pos[i] = kv_axis_map(t, t->v[i], y0, y1);
		h[i] = SMALL_SIZE;
		const double g[] = {x, pos[i], right, pos[i]}, k[] = {x - 3, pos[i], x, pos[i]};
		memcpy(grid + 4 * i, g, sizeof(g));
		memcpy(tick + 4 * i, k, sizeof(k));
	}
	const double ax[] = {x, y0, x, y1};
	memcpy(tick + 4 * t->n, ax, sizeof(ax));
	cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
	segments(cr, grid, t->n, 0.4);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	segments(cr, tick, t->n + 1, 0.6);
	pick_labels(pos, h, t->n, 0, 2, keep);
	cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
	for (size_t i = 0; i < t->n; i++) {
		if (keep[i]) {
			kv_text(cr, x - 5, pos[i] + 2.3, SMALL_SIZE, false, 2, label[i]);
		}
	}
}

struct kv_rgb kv_verdict_color(enum kv_verdict v)
{
	return v == KV_WORSE    ? kv_color_worse()
	       : v == KV_BETTER ? kv_color_better()
				: kv_color_same();
}

/* An arrowhead at (x, y) pointing right (dir 1) or left (-1). */
static void arrowhead(cairo_t *cr, double x, double y, int dir)
{
	cairo_new_sub_path(cr);
	cairo_move_to(cr, x, y - 2.5);
	cairo_line_to(cr, x + 4 * dir, y);
	cairo_line_to(cr, x, y + 2.5);
	cairo_close_path(cr);
	cairo_fill(cr);
}

void kv_draw_mark(cairo_t *cr, double x, double y, unsigned mark, struct kv_rgb col)
{
	kv_set_color(cr, col);
	if (mark & (KV_MARK_WORSE | KV_MARK_BETTER | KV_MARK_SIGNIF)) {
		dot(cr, x, y, 2.7);
		cairo_fill(cr);
	} else if (mark & KV_MARK_SAME) {
		dot(cr, x, y, 2.5);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_fill_preserve(cr);
		kv_set_color(cr, col);
		cairo_set_line_width(cr, 1.1);
		cairo_stroke(cr);
	} else if (mark & KV_MARK_NOTEST) {
		cairo_new_sub_path(cr);
		cairo_rectangle(cr, x - 2.4, y - 2.4, 4.8, 4.8);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_fill_preserve(cr);
		kv_set_color(cr, col);
		cairo_set_line_width(cr, 1);
		cairo_stroke(cr);
	}
}

bool kv_draw_whisker(cairo_t *cr, double xa, double xb, double y, double x0, double x1)
{
	double a = fmax(x0, fmin(x1, xa)), b = fmax(x0, fmin(x1, xb));

	if (b > a) {
		kv_draw_line(cr, a, y, b, y, 1.1);
	}
	if (xb > x1 + 0.01) { /* an arrow where the interval runs off the chart */
		arrowhead(cr, x1, y, 1);
	}
	if (xa < x0 - 0.01) {
		arrowhead(cr, x0, y, -1);
	}
	return xb > x1 + 0.01 || xa < x0 - 0.01;
}

void kv_cost_text(const struct kv_comparison *c, char *buf, size_t size)
{
	char cost[32], p[32], rng[64];

	if (isnan(c->cost)) {
		snprintf(buf, size, "n/a: no ratio");
		return;
	}
	kv_fmt_cost(c->cost, cost, sizeof(cost));
	kv_fmt_pct(c->overhead_pct, p, sizeof(p));
	if (!isnan(c->overhead_lo) && !isnan(c->overhead_hi)) {
		kv_fmt_pct_range(c->overhead_lo, c->overhead_hi, rng, sizeof(rng));
	} else {
		snprintf(rng, sizeof(rng), "%s",
			 c->verdict == KV_VERDICT_NA ? "no test" : "no bounded interval");
	}
	snprintf(buf, size, "%s %s %s", cost, p, rng);
}

void kv_zero_line(cairo_t *cr, const struct kv_ticks *t, double x0, double x1, double top,
		  double bottom)
{
	static const double dash[] = {2, 2};
	double zx = kv_axis_map(t, 1, x0, x1);

	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	cairo_set_dash(cr, dash, 2, 0);
	kv_draw_line(cr, zx, top, zx, bottom, 0.7);
	cairo_set_dash(cr, NULL, 0, 0);
}

/* A legend item's symbol, 10 points wide, its baseline at y. */
static void legend_symbol(cairo_t *cr, double x, double y, const struct kv_legend_item *it)
{
	static const double dash[] = {1.5, 1.5};
	double cy = y - 2.3;

	if (it->mark & KV_MARK_UNBOUNDED) {
		kv_set_color(cr, it->col);
		cairo_set_dash(cr, dash, 2, 0);
		kv_draw_line(cr, x + 3, cy, x + 13, cy, 0.7);
		cairo_set_dash(cr, NULL, 0, 0);
		arrowhead(cr, x + 3, cy, -1);
		arrowhead(cr, x + 13, cy, 1);
	} else if (it->mark & KV_MARK_ARROW) {
		kv_set_color(cr, it->col);
		kv_draw_line(cr, x, cy, x + 10, cy, 1.1);
		arrowhead(cr, x + 10, cy, 1);
	} else if (it->mark & KV_MARK_NORATIO) {
		cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
		kv_text(cr, x, y, SMALL_SIZE, false, 0, "n/a");
	} else if (it->mark != 0) {
		kv_draw_mark(cr, x + 5, cy, it->mark, it->col);
	} else {
		kv_set_color(cr, it->col);
		cairo_rectangle(cr, x + 1, y - 6.5, 8, 6.5);
		cairo_fill(cr);
	}
}

static double symbol_width(cairo_t *cr, const struct kv_legend_item *it)
{
	if (it->mark & KV_MARK_UNBOUNDED) {
		return 20;
	}
	if (it->mark & KV_MARK_NORATIO) {
		return kv_text_width(cr, SMALL_SIZE, false, "n/a") + 3;
	}
	return it->mark & KV_MARK_ARROW ? 17 : 13;
}

double kv_legend(cairo_t *cr, double x, double y, double w, const struct kv_legend_item *items,
		 size_t n, bool draw)
{
	const double lead = SMALL_SIZE + 4.5;
	double at = 0, lines = n > 0 ? 1 : 0;

	for (size_t i = 0; i < n; i++) {
		double sw = symbol_width(cr, &items[i]);
		/* an item wider than a line (a long configuration name) is cut */
		double tw = fmin(kv_text_width(cr, SMALL_SIZE, false, items[i].text), w - sw);
		double iw = sw + tw;
		if (at > 0 && at + iw > w) {
			at = 0;
			lines++;
		}
		if (draw) {
			double ly = y + (lines - 1) * lead;
			legend_symbol(cr, x + at, ly, &items[i]);
			cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
			kv_text_fit(cr, x + at + sw, ly, SMALL_SIZE, tw, 0, items[i].text);
		}
		at += iw + 12;
	}
	return lines * lead;
}

size_t kv_legend_marks(unsigned marks, struct kv_legend_item *items, size_t max)
{
	const struct kv_rgb dark = {0.3, 0.3, 0.3};
	const struct kv_legend_item all[] = {
	    {KV_MARK_WORSE, kv_color_worse(), "worse"},
	    {KV_MARK_BETTER, kv_color_better(), "better"},
	    {KV_MARK_SIGNIF, dark, "filled: worse or better"},
	    {KV_MARK_SAME, kv_color_same(), "open: ~ no significant change"},
	    {KV_MARK_NOTEST, dark, "square: no test (no variation, or too few runs)"},
	    {KV_MARK_ARROW, dark, "interval runs past the axis"},
	    {KV_MARK_UNBOUNDED, dark, "no bounded interval at this level (unbounded-ci)"},
	    {KV_MARK_NORATIO, dark, "no ratio: a mean at or below zero"},
	};
	size_t n = 0;

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]) && n < max; i++) {
		if (marks & all[i].mark) {
			items[n++] = all[i];
		}
	}
	return n;
}

static struct kv_rgb pale(struct kv_rgb c)
{
	return (struct kv_rgb){0.7 + 0.3 * c.r, 0.7 + 0.3 * c.g, 0.7 + 0.3 * c.b};
}

/* A summary bar's colour: worse warm, better cool, '~' a pale tint of its side. */
static struct kv_rgb summary_color(const struct kv_summary_row *s)
{
	if (s->verdict == KV_WORSE || s->verdict == KV_BETTER) {
		return kv_verdict_color(s->verdict);
	}
	return pale(s->s.cost > 1 ? kv_color_worse() : kv_color_better());
}

static void legend_summary(cairo_t *cr, double x, double y)
{
	const struct kv_rgb sw[][2] = {{kv_color_worse(), kv_color_worse()},
				       {kv_color_better(), kv_color_better()},
				       {pale(kv_color_worse()), pale(kv_color_better())}};
	static const char *const names[] = {"worse", "better", "~ no significant change (pale)"};

	for (int i = 0; i < 3; i++) {
		for (int k = 0; k < 2; k++) {
			kv_set_color(cr, sw[i][k]);
			cairo_rectangle(cr, x + 4 * k, y - 6, 4, 6);
			cairo_fill(cr);
		}
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		x += 11 + kv_text(cr, x + 11, y, SMALL_SIZE, false, 0, names[i]) + 12;
	}
}

/* "×1.99 +99.1% [+97.0, +101.2]" of a summary row. */
static void summary_text(const struct kv_summary_row *s, char *buf, size_t size)
{
	char cost[32], p[32], rng[64] = "";

	kv_fmt_cost(s->s.cost, cost, sizeof(cost));
	kv_fmt_pct(s->s.overhead_pct, p, sizeof(p));
	if (!isnan(s->s.lo) && !isnan(s->s.hi)) {
		kv_fmt_pct_range(100 * (s->s.lo - 1), 100 * (s->s.hi - 1), rng, sizeof(rng));
	}
	snprintf(buf, size, "%s %s %s", isnan(s->s.cost) ? "" : cost, p, rng);
}

void kv_chart_summary(cairo_t *cr, struct kv_box b, const struct kv_report_input *in)
{
	const struct kv_compare_result *r = in->r;
	double label_w = b.w * 0.30, x0 = b.x + label_w + 8, x1 = b.x + b.w - 150;
	double top = b.y + 24, bottom = b.y + b.h - 40;
	char buf[256];
	struct kv_ticks t;

	cairo_set_source_rgb(cr, 0, 0, 0);
	kv_text(cr, b.x, b.y + 10, KV_TITLE_SIZE, true, 0,
		"Geometric-mean overhead per variant and category (log scale of C)");
	if (r == NULL || r->nsummary == 0) {
		reason(cr, b, "nothing to summarise");
		return;
	}
	size_t n = r->nsummary;
	double *pc = kv_xmalloc(3 * n * sizeof(*pc)), *plo = pc + n, *phi = pc + 2 * n;
	for (size_t i = 0; i < n; i++) {
		pc[i] = r->summary[i].s.cost, plo[i] = r->summary[i].s.lo;
		phi[i] = r->summary[i].s.hi;
	}
	double a, z;
	kv_cost_range(pc, plo, phi, n, &a, &z);
	kv_ticks_cost(a, z, &t);
	free(pc);
	/* rows fill the box (a slide), up to a bar a third of an inch thick */
	double row = fmin(36, (bottom - top) / (double)n);
	bottom = top + row * (double)n;
	kv_cost_axis(cr, &t, x0, x1, bottom, top, NULL);
	for (size_t i = 0; i < n; i++) {
		const struct kv_summary_row *s = &r->summary[i];
		double y = top + row * ((double)i + 0.5);
		double zx = kv_axis_map(&t, 1, x0, x1), vx = kv_axis_map(&t, s->s.cost, x0, x1);
		if (isfinite(vx)) {
			vx = fmax(x0, fmin(x1, vx));
			kv_set_color(cr, summary_color(s));
			cairo_rectangle(cr, fmin(zx, vx), y - row * 0.32, fabs(vx - zx),
					row * 0.64);
			cairo_fill(cr);
		}
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		if (!isnan(s->s.lo) && !isnan(s->s.hi)) {
			kv_draw_whisker(cr, kv_axis_map(&t, s->s.lo, x0, x1),
					kv_axis_map(&t, s->s.hi, x0, x1), y, x0, x1);
		}
		/* the variant's name cut to fit, never its category */
		snprintf(buf, sizeof(buf), " \xc2\xb7 %s (%zu)", s->category, s->s.k);
		double cw = fmin(kv_text_width(cr, LABEL_SIZE, false, buf), label_w / 2);
		double vw = kv_text_fit_style(cr, b.x, y + 2.5, LABEL_SIZE, false, label_w - cw, 0,
					      s->variant);
		kv_text_fit(cr, b.x + vw, y + 2.5, LABEL_SIZE, cw, 0, buf);
		summary_text(s, buf, sizeof(buf));
		kv_text_fit(cr, b.x + b.w, y + 2.5, SMALL_SIZE, 142, 2, buf);
	}
	kv_zero_line(cr, &t, x0, x1, top, bottom);
	legend_summary(cr, b.x, bottom + 34);
}

char *kv_series_name(const struct kv_series *s, bool tool, bool metric)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;
	char name[KV_NAME_BUF];

	if (tool) {
		kv_strbuf_adds(&sb, kv_name_cut(s->tool, KV_NAME_CHARS, name, sizeof(name)));
	}
	kv_strbuf_addf(&sb, "%s%s", sb.len ? " " : "",
		       kv_name_cut(s->benchmark, KV_NAME_CHARS, name, sizeof(name)));
	if (s->params[0]) {
		char *p = kv_params_cut(s->params, KV_NAME_CHARS);
		kv_strbuf_addf(&sb, " %s", p);
		free(p);
	}
	if (metric) {
		kv_strbuf_addf(&sb, " %s",
			       kv_name_cut(s->metric, KV_NAME_CHARS, name, sizeof(name)));
	}
	return kv_strbuf_detach(&sb);
}

void kv_chart_dest(const struct kv_compare_result *r, const struct kv_series *base, char *buf,
		   size_t size)
{
	size_t k = 0;

	while (k < r->n && r->c[k].base != base) {
		k++;
	}
	snprintf(buf, size, "m%zu", k);
}

/* The palette index of a configuration: 0 for the baseline, 1 + its place
 * among the variants, so that it has one colour in every chart. */
static size_t config_color(const struct kv_compare_result *r, const char *config)
{
	for (size_t v = 0; r != NULL && v < r->nvariants; v++) {
		if (strcmp(r->variants[v], config) == 0) {
			return 1 + v;
		}
	}
	return 0;
}

/* A deterministic jitter in [-1, 1] for point k. */
static double jitter(size_t k)
{
	uint64_t s = k * 0x9e3779b97f4a7c15ULL;

	s ^= s >> 31;
	s *= 0xbf58476d1ce4e5b9ULL;
	s ^= s >> 29;
	return (double)(s % 2001) / 1000.0 - 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#define LINE_SIZE (2 * KV_NAME_BUF + 256)

/* The lines of a detail panel's title: the metric, then one per variant,
 * names cut to KV_NAME_CHARS. */
static size_t detail_lines(const struct kv_comparison *const *cs, size_t n, char lines[][LINE_SIZE],
			   size_t max)
{
	const struct kv_series *s = cs[0]->base;
	char name[KV_NAME_BUF], unit[KV_NAME_BUF];
	size_t k = 0;

	snprintf(lines[k++], LINE_SIZE, "%s (%s), %s is better",
		 kv_name_cut(s->metric, KV_NAME_CHARS, name, sizeof(name)),
		 kv_name_cut(s->unit, KV_NAME_CHARS, unit, sizeof(unit)),
		 strcmp(s->direction, "higher") == 0 ? "higher" : "lower");
	for (size_t i = 0; i < n && k < max; i++) {
		const struct kv_comparison *c = cs[i];
		char cost[160], p[80] = "", a[32], b[32];
		kv_cost_text(c, cost, sizeof(cost));
		if (!isnan(c->p)) {
			snprintf(p, sizeof(p), ", p %s (adj. %s)", kv_fmt_p(c->p, a, sizeof(a)),
				 kv_fmt_p(c->p_adjusted, b, sizeof(b)));
		}
		/* no verdict without a test: the cost text says "no test" */
		const char *verdict = c->verdict == KV_WORSE    ? ", worse"
				      : c->verdict == KV_BETTER ? ", better"
				      : c->verdict == KV_SAME   ? ", ~ no significant change"
								: "";
		snprintf(lines[k++], LINE_SIZE, "%s%s%s%s%s, n %zu/%zu runs",
			 n > 1 ? kv_name_cut(c->var->config, KV_NAME_CHARS, name, sizeof(name))
			       : "",
			 n > 1 ? ": " : "", cost, p, verdict, c->bs.n, c->vs.n);
	}
	return k;
}

#define TITLE_LINES (MAX_CONFIGS + 1)
#define NAME_LINES  3 /* of a panel title's line: a long name ends with "…" */

/* The height of a detail panel's title at width w; draws it when draw. */
static double detail_title(cairo_t *cr, double x, double y, double w,
			   const struct kv_report_input *in, const struct kv_comparison *const *cs,
			   size_t n, bool draw)
{
	char(*lines)[LINE_SIZE] = kv_xmalloc(TITLE_LINES * sizeof(*lines));
	size_t k = detail_lines(cs, n, lines, TITLE_LINES);
	double h = 0, indent = n > 1 ? 9 : 0;

	for (size_t i = 0; i < k; i++) {
		double size = i == 0 ? LABEL_SIZE : SMALL_SIZE, dx = i == 0 ? 0 : indent;
		if (!draw) {
			h += kv_text_lines_max(cr, w - dx, size, i == 0, NAME_LINES, lines[i]) *
			     (size + 3);
		} else {
			if (i > 0 && n > 1) { /* the variant's colour */
				kv_set_color(
				    cr, kv_palette(config_color(in->r, cs[i - 1]->var->config)));
				cairo_rectangle(cr, x, y + h + 4, 6, 5);
				cairo_fill(cr);
			}
			cairo_set_source_rgb(cr, i == 0 ? 0 : 0.2, i == 0 ? 0 : 0.2,
					     i == 0 ? 0 : 0.2);
			/* the last baseline tells the lines drawn */
			h = kv_text_wrap_max(cr, x + dx, y + h, w - dx, size, i == 0, NAME_LINES,
					     lines[i]) -
			    y;
		}
	}
	free(lines);
	return h + 4;
}

double kv_chart_detail_height(cairo_t *cr, double w, const struct kv_report_input *in,
			      const struct kv_comparison *const *cs, size_t n)
{
	return detail_title(cr, 0, 0, w, in, cs, n, false) + PLOT_H + 12;
}

/* One configuration's samples in a detail panel: a box (quartiles, median,
 * whiskers to the last sample within 1.5 IQR of it, Tukey's) and every
 * sample as a jittered dot. */
static void box_and_points(cairo_t *cr, const struct kv_series *s, const struct kv_ticks *t,
			   double cx, double cw, double bottom, double top, struct kv_rgb col,
			   size_t salt)
{
	size_t m = s->run_off[s->n_runs];
	double *v = kv_xmalloc((m ? m : 1) * sizeof(*v));

	memcpy(v, s->values, m * sizeof(*v));
	qsort(v, m, sizeof(*v), cmp_double);
	double bw = fmin(cw * 0.5, 30);
	if (m >= 2) {
		double q1 = kv_quantile_sorted(v, m, 0.25), q3 = kv_quantile_sorted(v, m, 0.75);
		double med = kv_quantile_sorted(v, m, 0.5), iqr = q3 - q1;
		double wl = q1, wh = q3;
		for (size_t j = 0; j < m; j++) {
			if (v[j] >= q1 - 1.5 * iqr && v[j] < wl) {
				wl = v[j];
			}
			if (v[j] <= q3 + 1.5 * iqr && v[j] > wh) {
				wh = v[j];
			}
		}
		double y1 = kv_axis_map(t, q1, bottom, top), y3 = kv_axis_map(t, q3, bottom, top);
		cairo_set_source_rgba(cr, col.r, col.g, col.b, 0.12);
		cairo_rectangle(cr, cx - bw / 2, fmin(y1, y3), bw, fabs(y3 - y1));
		cairo_fill_preserve(cr);
		kv_set_color(cr, col);
		cairo_set_line_width(cr, 0.8);
		cairo_stroke(cr);
		double ym = kv_axis_map(t, med, bottom, top);
		kv_draw_line(cr, cx - bw / 2, ym, cx + bw / 2, ym, 1.6);
		double yl = kv_axis_map(t, wl, bottom, top), yh = kv_axis_map(t, wh, bottom, top);
		const double seg[] = {cx,          y1, cx,          yl, cx,          y3,
				      cx,          yh, cx - bw / 5, yl, cx + bw / 5, yl,
				      cx - bw / 5, yh, cx + bw / 5, yh};
		segments(cr, seg, 4, 0.7);
	}
	cairo_set_source_rgba(cr, col.r, col.g, col.b, 0.7);
	for (size_t j = 0; j < m; j++) { /* one path: one operation on the page */
		double y = kv_axis_map(t, s->values[j], bottom, top);
		dot(cr, cx + jitter(j + 7 * salt) * bw * 0.45, y, 1.5);
	}
	cairo_fill(cr);
	free(v);
}

void kv_chart_detail(cairo_t *cr, struct kv_box b, const struct kv_report_input *in,
		     const struct kv_comparison *const *cs, size_t n)
{
	const struct kv_series *series[MAX_CONFIGS];
	size_t k = 0;
	double lo = INFINITY, hi = -INFINITY;
	bool integers = true;
	struct kv_ticks t;

	series[k++] = cs[0]->base;
	for (size_t i = 0; i < n && k < MAX_CONFIGS; i++) {
		series[k++] = cs[i]->var;
	}
	double th = detail_title(cr, b.x, b.y, b.w, in, cs, n, true);
	for (size_t s = 0; s < k; s++) {
		for (size_t j = 0; j < series[s]->run_off[series[s]->n_runs]; j++) {
			double v = series[s]->values[j];
			lo = fmin(lo, v);
			hi = fmax(hi, v);
			integers = integers && !(fabs(v - round(v)) > 0);
		}
	}
	if (!(lo <= hi)) {
		reason(cr, (struct kv_box){b.x, b.y + th, b.w, b.h - th}, "no samples");
		return;
	}
	const char *unit = cs[0]->base->unit;
	if (kv_wants_log(lo, hi)) { /* two decades and more: log, so the small side shows */
		kv_ticks_log(lo, hi, &t);
	} else {
		lo = lo >= 0 ? 0 : lo; /* non-negative data: the axis starts at 0 */
		if (integers && hi - lo < 10) {
			kv_ticks_integer(lo, hi, 4, &t);
		} else {
			kv_ticks_linear(lo, hi, 4, &t);
		}
	}
	double top = b.y + th + 4, bottom = b.y + b.h - 12;
	double x0 = b.x + kv_tick_labels_width(cr, &t, unit, SMALL_SIZE) + 8, x1 = b.x + b.w - 2;
	value_axis(cr, &t, bottom, top, x0, x1, unit);
	double cw = (x1 - x0) / (double)k;
	for (size_t s = 0; s < k; s++) {
		double cx = x0 + cw * ((double)s + 0.5);
		struct kv_rgb col = kv_palette(config_color(in->r, series[s]->config));
		box_and_points(cr, series[s], &t, cx, cw, bottom, top, col, s);
		kv_set_color(cr, col);
		kv_text_fit(cr, cx, bottom + 9, SMALL_SIZE, cw - 2, 1, series[s]->config);
	}
}

/* The numeric value of parameter key in a canonical params string. */
static double param_value(const char *params, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = params; p != NULL && *p; p = strchr(p, ',')) {
		p += *p == ',';
		if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
			return strtod(p + kl + 1, NULL);
		}
	}
	return NAN;
}

/* The dashed line of C = 1 across a vertical cost axis. */
static void zero_line_h(cairo_t *cr, const struct kv_ticks *t, double x0, double x1, double bottom,
			double top)
{
	static const double dash[] = {2, 2};
	double zy = kv_axis_map(t, 1, bottom, top);

	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	cairo_set_dash(cr, dash, 2, 0);
	kv_draw_line(cr, x0, zy, x1, zy, 0.7);
	cairo_set_dash(cr, NULL, 0, 0);
}

/* The x of parameter value x on a sweep's axis. */
static double sweep_x(enum kv_scale sc, const struct kv_ticks *t, const double *xs, size_t nx,
		      double x, double x0, double x1)
{
	if (sc == KV_SCALE_CATEGORY) {
		size_t i = 0;
		while (i + 1 < nx && xs[i] < x) {
			i++;
		}
		return x0 + (x1 - x0) * ((double)i + 0.5) / (double)nx;
	}
	return kv_axis_map(t, x, x0, x1);
}

/* The horizontal axis of a sweep: its ticks labelled as plain numbers. */
static void sweep_axis(cairo_t *cr, enum kv_scale sc, const struct kv_ticks *t, const double *xs,
		       size_t nx, double x0, double x1, double y, double top)
{
	char label[KV_MAX_TICKS][KV_TICK_LABEL];
	double pos[KV_MAX_TICKS], w[KV_MAX_TICKS];
	bool keep[KV_MAX_TICKS];
	struct kv_ticks cat = {0};

	if (sc == KV_SCALE_CATEGORY) { /* a tick at each value */
		for (size_t i = 0; i < nx && i < KV_MAX_TICKS; i++) {
			cat.v[cat.n++] = xs[i];
		}
		cat.log = true; /* each label its own digits */
		t = &cat;
	}
	kv_tick_labels(t, NULL, label);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	kv_draw_line(cr, x0, y, x1, y, 0.6);
	for (size_t i = 0; i < t->n; i++) {
		pos[i] = sweep_x(sc, t, xs, nx, t->v[i], x0, x1);
		w[i] = kv_text_width(cr, SMALL_SIZE, false, label[i]);
		cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
		kv_draw_line(cr, pos[i], top, pos[i], y, 0.4);
		cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
		kv_draw_line(cr, pos[i], y, pos[i], y + 3, 0.6);
	}
	pick_labels(pos, w, t->n, 0, 4, keep);
	cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
	for (size_t i = 0; i < t->n; i++) {
		if (keep[i]) {
			kv_text(cr, pos[i], y + 10, SMALL_SIZE, false, 1, label[i]);
		}
	}
}

/* One variant's line of a sweep: C at each value, its interval as a band. */
static void sweep_line(cairo_t *cr, const struct kv_sweep *s, const char *variant, enum kv_scale sc,
		       const struct kv_ticks *tx, const struct kv_ticks *ty, const double *xs,
		       size_t nx, struct kv_box p, struct kv_rgb col)
{
	double px[64], pm[64], pl[64], ph[64];
	unsigned mk[64];
	size_t np = 0;

	for (size_t j = 0; j < nx && np < 64; j++) {
		for (size_t i = 0; i < s->n; i++) {
			const struct kv_comparison *c = s->c[i];
			double x = param_value(c->base->params, s->param);
			if (x < xs[j] || x > xs[j] || strcmp(c->var->config, variant) != 0 ||
			    !(c->cost > 0) || !isfinite(c->cost)) {
				continue;
			}
			double bottom = p.y + p.h, top = p.y;
			px[np] = sweep_x(sc, tx, xs, nx, xs[j], p.x, p.x + p.w);
			pm[np] = kv_axis_map(ty, c->cost, bottom, top);
			bool bounded = !isnan(c->cost_lo) && !isnan(c->cost_hi);
			/* an unbounded end runs to the plot's edge */
			pl[np] = bounded ? fmin(bottom, kv_axis_map(ty, c->cost_lo, bottom, top))
					 : pm[np];
			ph[np] =
			    bounded ? fmax(top, kv_axis_map(ty, c->cost_hi, bottom, top)) : pm[np];
			mk[np] = c->verdict == KV_WORSE || c->verdict == KV_BETTER ? KV_MARK_SIGNIF
				 : c->verdict == KV_SAME                           ? KV_MARK_SAME
										   : KV_MARK_NOTEST;
			if (!bounded && c->verdict != KV_VERDICT_NA) {
				mk[np] |= KV_MARK_UNBOUNDED;
			}
			np++;
			break;
		}
	}
	if (np == 0) {
		return;
	}
	cairo_set_source_rgba(cr, col.r, col.g, col.b, 0.16);
	cairo_move_to(cr, px[0], pl[0]);
	for (size_t j = 1; j < np; j++) {
		cairo_line_to(cr, px[j], pl[j]);
	}
	for (size_t j = np; j-- > 0;) {
		cairo_line_to(cr, px[j], ph[j]);
	}
	cairo_close_path(cr);
	cairo_fill(cr);
	kv_set_color(cr, col);
	cairo_set_line_width(cr, 1.3);
	cairo_move_to(cr, px[0], pm[0]);
	for (size_t j = 1; j < np; j++) {
		cairo_line_to(cr, px[j], pm[j]);
	}
	cairo_stroke(cr);
	for (size_t j = 0; j < np; j++) {
		if (mk[j] & KV_MARK_UNBOUNDED) { /* the interval is the whole axis */
			static const double dash[] = {1.5, 1.5};
			cairo_set_dash(cr, dash, 2, 0);
			kv_draw_line(cr, px[j], p.y + p.h, px[j], p.y, 0.7);
			cairo_set_dash(cr, NULL, 0, 0);
		}
		kv_draw_mark(cr, px[j], pm[j], mk[j], col);
	}
}

void kv_chart_sweep(cairo_t *cr, struct kv_box b, const struct kv_report_input *in,
		    const struct kv_sweep *s)
{
	const struct kv_compare_result *r = in->r;
	double *xs = kv_xmalloc((s->n ? s->n : 1) * sizeof(*xs));
	double *pc = kv_xmalloc(3 * (s->n ? s->n : 1) * sizeof(*pc));
	double *plo = pc + s->n, *phi = pc + 2 * s->n;
	size_t nx = 0;
	char buf[4 * KV_NAME_BUF + 64];
	struct kv_ticks tx, ty;
	struct kv_legend_item items[MAX_CONFIGS + 8];

	for (size_t i = 0; i < s->n; i++) {
		double x = param_value(s->c[i]->base->params, s->param);
		bool seen = false;
		for (size_t j = 0; j < nx; j++) {
			seen = seen || !(xs[j] < x || xs[j] > x);
		}
		if (!seen) {
			xs[nx++] = x;
		}
		pc[i] = s->c[i]->cost, plo[i] = s->c[i]->cost_lo, phi[i] = s->c[i]->cost_hi;
	}
	qsort(xs, nx, sizeof(*xs), cmp_double);
	double a, z;
	kv_cost_range(pc, plo, phi, s->n, &a, &z);
	kv_ticks_cost(a, z, &ty);
	free(pc);
	enum kv_scale sc = kv_param_scale(xs, nx);
	if (sc == KV_SCALE_LOG2) {
		kv_ticks_log2(xs[0], xs[nx - 1], &tx);
	} else if (sc == KV_SCALE_LOG10) {
		kv_ticks_log(xs[0], xs[nx - 1], &tx);
	} else {
		kv_ticks_linear(xs[0], xs[nx - 1], 5, &tx);
	}
	/* title, legend, then the plot */
	char n[4][KV_NAME_BUF];
	snprintf(buf, sizeof(buf), "%s %s \xc2\xb7 %s (%s is better) against %s",
		 kv_name_cut(s->tool, KV_NAME_CHARS, n[0], sizeof(n[0])),
		 kv_name_cut(s->benchmark, KV_NAME_CHARS, n[1], sizeof(n[1])),
		 kv_name_cut(s->metric, KV_NAME_CHARS, n[2], sizeof(n[2])),
		 strcmp(s->c[0]->base->direction, "higher") == 0 ? "higher" : "lower",
		 kv_name_cut(s->param, KV_NAME_CHARS, n[3], sizeof(n[3])));
	cairo_set_source_rgb(cr, 0, 0, 0);
	double y = kv_text_wrap_max(cr, b.x, b.y - 3, b.w, 8, true, NAME_LINES, buf);
	size_t ni = 0;
	unsigned marks = 0;
	for (size_t v = 0; v < r->nvariants && ni < MAX_CONFIGS; v++) {
		bool here = false; /* only the variants this sweep has */
		for (size_t i = 0; i < s->n && !here; i++) {
			here = strcmp(s->c[i]->var->config, r->variants[v]) == 0;
		}
		if (here) {
			items[ni++] = (struct kv_legend_item){0, kv_palette(1 + v), r->variants[v]};
		}
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct kv_comparison *c = s->c[i];
		bool bounded = !isnan(c->cost_lo) && !isnan(c->cost_hi);
		marks |= c->verdict == KV_WORSE || c->verdict == KV_BETTER ? KV_MARK_SIGNIF
			 : c->verdict == KV_SAME                           ? KV_MARK_SAME
			 : isnan(c->cost)                                  ? KV_MARK_NORATIO
									   : KV_MARK_NOTEST;
		if (!bounded && c->verdict != KV_VERDICT_NA && !isnan(c->cost)) {
			marks |= KV_MARK_UNBOUNDED;
		}
	}
	ni += kv_legend_marks(marks, items + ni, sizeof(items) / sizeof(items[0]) - ni);
	y += 4 + kv_legend(cr, b.x, y + 10, b.w, items, ni, true);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	kv_text(cr, b.x, y + 10, SMALL_SIZE, false, 0,
		"overhead % and \xc3\x97"
		"C (log scale); band: the interval");
	double top = y + 16, bottom = b.y + b.h - 24;
	double x0 = b.x + cost_axis_v_width(cr, &ty) + 8, x1 = b.x + b.w - 8;
	double pad = sc == KV_SCALE_CATEGORY ? 0 : 10; /* points off the frame */
	cost_axis_v(cr, &ty, bottom, top, x0, x1);
	sweep_axis(cr, sc, &tx, xs, nx, x0 + pad, x1 - pad, bottom, top);
	zero_line_h(cr, &ty, x0, x1, bottom, top);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	snprintf(buf, sizeof(buf), "%s%s", n[3],
		 sc == KV_SCALE_LOG2    ? " (log2 scale)"
		 : sc == KV_SCALE_LOG10 ? " (log scale)"
					: "");
	kv_text_fit(cr, (x0 + x1) / 2, bottom + 20, SMALL_SIZE, x1 - x0, 1, buf);
	struct kv_box p = {x0 + pad, top, x1 - x0 - 2 * pad, bottom - top};
	for (size_t v = 0; v < r->nvariants; v++) {
		sweep_line(cr, s, r->variants[v], sc, &tx, &ty, xs, nx, p, kv_palette(1 + v));
	}
	free(xs);
}
