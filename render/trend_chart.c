/*
 * trend_chart.c - a series over its runs in order: points, segment steps
 * with bands, change points (see trend_chart.h).
 */
#include "render/trend_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/format.h"
#include "render/layout.h"
#include "render/text.h"
#include "util/xalloc.h"

#define SMALL_SIZE  KV_SMALL_SIZE
#define TITLE_LINES 3  /* a long name ends with "…" */
#define XLABEL_CHS  16 /* a run's position on the x axis: cut to this many characters */
#define MARK_CHS    24 /* a change point's position over its line */

void kv_trend_step_text(const struct kv_trend_mark *m, char *buf, size_t size)
{
	char c[32], pct[32], range[64], p[32];

	kv_fmt_cost(m->cost, c, sizeof(c));
	kv_fmt_pct(100 * (m->cost - 1), pct, sizeof(pct));
	range[0] = '\0';
	if (!isnan(m->lo) && !isnan(m->hi)) {
		char r[56];
		kv_fmt_pct_range(100 * (m->lo - 1), 100 * (m->hi - 1), r, sizeof(r));
		snprintf(range, sizeof(range), " %s", r);
	}
	p[0] = '\0';
	if (!isnan(m->p_adj)) {
		char q[24];
		snprintf(p, sizeof(p), ", p adj %s", kv_fmt_p(m->p_adj, q, sizeof(q)));
	}
	snprintf(buf, size, "%s %s%s %s%s", c, pct, range,
		 m->verdict == KV_WORSE    ? "regression"
		 : m->verdict == KV_BETTER ? "improvement"
		 : m->verdict == KV_SAME   ? "~"
					   : "no test",
		 p);
}

/* The x of run i (its centre) in [x0, x1]. */
static double run_x(const struct kv_trend_plot *p, double i, double x0, double x1)
{
	return x0 + (i + 0.5) * (x1 - x0) / (double)(p->n ? p->n : 1);
}

/* The position labels under the axis: every k-th run, the least k that
 * keeps them apart, counted from the first. */
static void x_axis(cairo_t *cr, const struct kv_trend_plot *p, double x0, double x1, double y)
{
	char lab[KV_NAME_SIZE(XLABEL_CHS)];
	double widest = 0, dx = (x1 - x0) / (double)(p->n ? p->n : 1);
	size_t k = 1;

	for (size_t i = 0; i < p->n; i++) {
		kv_name_cut(p->x_label[i] ? p->x_label[i] : "", XLABEL_CHS, lab, sizeof(lab));
		widest = fmax(widest, kv_text_width(cr, SMALL_SIZE, false, lab));
	}
	static const size_t steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
	for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
		k = steps[s];
		if ((double)k * dx >= widest + 6) {
			break;
		}
	}
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	kv_draw_line(cr, x0, y, x1, y, 0.6);
	size_t step = p->n > 60 ? k : 1; /* a tick a run, or a label */
	for (size_t i = 0; i < p->n; i += step) {
		double x = run_x(p, (double)i, x0, x1);
		kv_draw_line(cr, x, y, x, y + 2, 0.5);
	}
	cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
	double room = fmax((double)k * dx - 4, 8);
	for (size_t i = 0; i < p->n; i += k) {
		double x = run_x(p, (double)i, x0, x1);
		kv_name_cut(p->x_label[i] ? p->x_label[i] : "", XLABEL_CHS, lab, sizeof(lab));
		/* centred, but never past the plot's ends */
		double w = fmin(kv_text_width(cr, SMALL_SIZE, false, lab), room);
		double at = fmin(fmax(x - w / 2, x0 - 4), x1 + 4 - w);
		kv_text_fit(cr, at, y + 9, SMALL_SIZE, room, 0, lab);
	}
}

/* A vertical axis of the values at x from bottom to top, grid lines to right. */
static void y_axis(cairo_t *cr, const struct kv_ticks *t, const char *unit, double bottom,
		   double top, double x, double right)
{
	char label[KV_MAX_TICKS][KV_TICK_LABEL];
	double last = INFINITY;

	kv_tick_labels(t, unit, label);
	for (size_t i = 0; i < t->n; i++) {
		double y = kv_axis_map(t, t->v[i], bottom, top);
		cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
		kv_draw_line(cr, x, y, right, y, 0.4);
		cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
		kv_draw_line(cr, x - 3, y, x, y, 0.6);
		if (last - y >= SMALL_SIZE + 2) {
			cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
			kv_text(cr, x - 5, y + 2.3, SMALL_SIZE, false, 2, label[i]);
			last = y;
		}
	}
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	kv_draw_line(cr, x, bottom, x, top, 0.6);
}

/* The range of the values: every run mean and segment mean, the bands
 * where they are finite. */
static bool value_range(const struct kv_trend_plot *p, double *lo, double *hi)
{
	bool nonneg = true;

	*lo = INFINITY, *hi = -INFINITY;
	for (size_t i = 0; i < p->n; i++) {
		if (isfinite(p->y[i])) {
			*lo = fmin(*lo, p->y[i]), *hi = fmax(*hi, p->y[i]);
			nonneg = nonneg && p->y[i] >= 0;
		}
	}
	if (nonneg && *lo < INFINITY) { /* a band below 0 is cut at it */
		*lo = fmax(*lo, 0);
	}
	for (size_t s = 0; s < p->nseg; s++) {
		const double v[] = {p->seg[s].mean, p->seg[s].lo, p->seg[s].hi};
		for (size_t k = 0; k < 3; k++) {
			if (isfinite(v[k])) {
				*lo = fmin(*lo, nonneg ? fmax(v[k], 0) : v[k]),
				*hi = fmax(*hi, v[k]);
			}
		}
	}
	if (!(*lo <= *hi)) {
		return false;
	}
	if (!(*hi > *lo)) { /* constant: a band around it */
		double d = fabs(*lo) > 0 ? fabs(*lo) * 0.05 : 1;
		*lo -= d, *hi += d;
	}
	/* a little room, so that no point sits on the frame; non-negative
	 * data (times, rates) keep an axis that does not go below 0 */
	double pad = 0.04 * (*hi - *lo);
	*lo = nonneg && *lo - pad < 0 ? fmin(*lo, 0) : *lo - pad;
	*hi += pad;
	return true;
}

/* The title, a line per change point and the legend from y = b.y: drawn
 * when draw, else measured; returns the y under them. */
static double head(cairo_t *cr, struct kv_box b, const struct kv_trend_plot *p, bool draw)
{
	char buf[KV_NAME_BUF + 256];
	struct kv_legend_item items[6] = {
	    {KV_MARK_WORSE, (struct kv_rgb){0.25, 0.25, 0.25}, "run mean"},
	    {0, (struct kv_rgb){0.15, 0.15, 0.15}, "segment mean"},
	    {0, (struct kv_rgb){0.82, 0.82, 0.82}, "its interval"},
	};
	size_t ni = 3;
	unsigned seen = 0; /* the verdicts of the change points drawn */
	for (size_t m = 0; m < p->nmark; m++) {
		seen |= 1u << (p->mark[m].verdict == KV_WORSE    ? 0
			       : p->mark[m].verdict == KV_BETTER ? 1
								 : 2);
	}
	if (seen & 1) {
		items[ni++] = (struct kv_legend_item){KV_MARK_WORSE, kv_color_worse(),
						      "change: regression (worse)"};
	}
	if (seen & 2) {
		items[ni++] = (struct kv_legend_item){KV_MARK_BETTER, kv_color_better(),
						      "change: improvement (better)"};
	}
	if (seen & 4) {
		items[ni++] = (struct kv_legend_item){KV_MARK_WORSE, kv_color_same(),
						      "change: ~ (no significant step)"};
	}
	double y;

	cairo_set_source_rgb(cr, 0, 0, 0);
	snprintf(buf, sizeof(buf), "%s (%s is better)", p->title, p->higher ? "higher" : "lower");
	if (draw) {
		y = kv_text_wrap_max(cr, b.x, b.y - 3, b.w, 8, true, TITLE_LINES, buf);
	} else {
		y = b.y - 3 + 11 * kv_text_lines_max(cr, b.w, 8, true, TITLE_LINES, buf);
	}
	for (size_t m = 0; m < p->nmark; m++) {
		char step[160];
		kv_trend_step_text(&p->mark[m], step, sizeof(step));
		kv_name_cut(p->mark[m].position ? p->mark[m].position : "", KV_NAME_CHARS, buf,
			    sizeof(buf));
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof(buf) - len, ": %s", step);
		if (draw) {
			kv_set_color(cr, kv_verdict_color(p->mark[m].verdict));
			kv_text_fit(cr, b.x, y + 10, SMALL_SIZE + 0.5, b.w, 0, buf);
		}
		y += SMALL_SIZE + 4;
	}
	return y + 4 + kv_legend(cr, b.x, y + 10, b.w, items, ni, draw);
}

double kv_chart_trend_head(cairo_t *cr, double w, const struct kv_trend_plot *p)
{
	return head(cr, (struct kv_box){0, 0, w, 0}, p, false) + 6 + SMALL_SIZE + 4;
}

void kv_chart_trend(cairo_t *cr, struct kv_box b, const struct kv_trend_plot *p)
{
	char buf[KV_NAME_BUF + 256], pos[KV_NAME_SIZE(MARK_CHS)];
	struct kv_ticks t;
	double lo, hi;
	double y = head(cr, b, p, true);

	double top = y + 6 + SMALL_SIZE + 4, bottom = b.y + b.h - (p->order != NULL ? 22 : 14);
	if (!value_range(p, &lo, &hi) || p->n == 0 || bottom - top < 20) {
		cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
		kv_text(cr, b.x + b.w / 2, (top + bottom) / 2, 9, false, 1, "no run means");
		return;
	}
	kv_ticks_linear(lo, hi, 4, &t);
	double x0 = b.x + kv_tick_labels_width(cr, &t, p->unit, SMALL_SIZE) + 8, x1 = b.x + b.w - 2;
	y_axis(cr, &t, p->unit, bottom, top, x0, x1);
	x_axis(cr, p, x0, x1, bottom);
	/* the bands and steps, inside the plot */
	cairo_save(cr);
	cairo_rectangle(cr, x0, top, x1 - x0, bottom - top);
	cairo_clip(cr);
	for (size_t s = 0; s < p->nseg; s++) {
		const struct kv_trend_seg *g = &p->seg[s];
		if (g->to <= g->from || g->to > p->n) {
			continue;
		}
		double xa = run_x(p, (double)g->from - 0.5, x0, x1);
		double xb = run_x(p, (double)g->to - 0.5, x0, x1);
		if (isfinite(g->lo) && isfinite(g->hi)) {
			double ya = kv_axis_map(&t, g->lo, bottom, top);
			double yb = kv_axis_map(&t, g->hi, bottom, top);
			cairo_set_source_rgb(cr, 0.82, 0.82, 0.82);
			cairo_rectangle(cr, xa, fmin(ya, yb), xb - xa, fmax(fabs(yb - ya), 0.5));
			cairo_fill(cr);
		}
		if (isfinite(g->mean)) {
			double ym = kv_axis_map(&t, g->mean, bottom, top);
			cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
			kv_draw_line(cr, xa, ym, xb, ym, 1.4);
			/* the step to the next segment */
			if (s + 1 < p->nseg && isfinite(p->seg[s + 1].mean) &&
			    p->seg[s + 1].from == g->to) {
				double yn = kv_axis_map(&t, p->seg[s + 1].mean, bottom, top);
				kv_draw_line(cr, xb, ym, xb, yn, 0.8);
			}
		}
	}
	cairo_restore(cr);
	/* the change points: a dashed line between the runs, its position over it */
	static const double dash[] = {3, 2};
	double end[2] = {-INFINITY, -INFINITY}; /* where each row of labels ends */
	for (size_t m = 0; m < p->nmark; m++) {
		const struct kv_trend_mark *k = &p->mark[m];
		if (k->at == 0 || k->at >= p->n) {
			continue;
		}
		double x = run_x(p, (double)k->at - 0.5, x0, x1);
		struct kv_rgb col = kv_verdict_color(k->verdict);
		kv_set_color(cr, col);
		cairo_set_dash(cr, dash, 2, 0);
		kv_draw_line(cr, x, top - 2, x, bottom, 0.9);
		cairo_set_dash(cr, NULL, 0, 0);
		kv_name_cut(k->position ? k->position : "", MARK_CHS, pos, sizeof(pos));
		double w = fmin(kv_text_width(cr, SMALL_SIZE, false, pos), (x1 - x0) / 2);
		double at = fmin(fmax(x - w / 2, x0), x1 - w);
		int row = at >= end[0] + 4 ? 0 : at >= end[1] + 4 ? 1 : 0; /* two rows when close */
		double ly = top - 4 + (row ? SMALL_SIZE + 2 : 0);
		cairo_set_source_rgb(cr, 1, 1, 1); /* a white ground over the grid */
		cairo_rectangle(cr, at - 1, ly - SMALL_SIZE + 1, w + 2, SMALL_SIZE + 1);
		cairo_fill(cr);
		kv_set_color(cr, col);
		kv_text_fit(cr, at, ly, SMALL_SIZE, w, 0, pos);
		end[row] = at + w;
	}
	/* the run means, ringed in white: a point on its segment's line shows */
	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	double r = p->n > 120 ? 1.1 : p->n > 40 ? 1.6 : 2.1;
	for (size_t i = 0; i < p->n; i++) {
		if (isfinite(p->y[i])) {
			cairo_new_sub_path(cr);
			cairo_arc(cr, run_x(p, (double)i, x0, x1),
				  kv_axis_map(&t, p->y[i], bottom, top), r, 0, 2 * M_PI);
		}
	}
	if (p->n > 60) { /* small dots, close together: no ring */
		cairo_fill(cr);
	} else {
		cairo_fill_preserve(cr);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_set_line_width(cr, 0.4);
		cairo_stroke(cr);
	}
	/* what the x axis is */
	if (p->order != NULL) {
		cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
		snprintf(buf, sizeof(buf), "runs in order of %s", p->order);
		kv_text_fit(cr, (x0 + x1) / 2, bottom + 18, SMALL_SIZE, x1 - x0, 1, buf);
	}
}
