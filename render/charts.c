/* charts.c - the charts of the report, drawn with cairo. */
#include "render/charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/format.h"
#include "render/layout.h"
#include "render/text.h"
#include "util/xalloc.h"

#define LABEL_SIZE 7.5
#define SMALL_SIZE 6.5

static void rgb(cairo_t *cr, struct kv_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1, double width)
{
	cairo_set_line_width(cr, width);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_stroke(cr);
}

/* A filled dot; a new sub-path, or cairo would join it to the last text or line. */
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

/* A horizontal value axis under [x0, x1] at y: ticks, labels, grid lines up to top. */
static double axis_map(const struct kv_ticks *t, double v, double x0, double x1)
{
	if (t->log && !(v > 0)) { /* off the axis to the left (or below) */
		return x0 > x1 ? INFINITY : -INFINITY;
	}
	if (t->log) {
		return x0 + (log10(v) - log10(t->lo)) / (log10(t->hi) - log10(t->lo)) * (x1 - x0);
	}
	return x0 + (v - t->lo) / (t->hi - t->lo) * (x1 - x0);
}

/* A tick of a cost axis, labelled as its overhead: "-50%", "0%", "+300%";
 * beyond x10 (+900%) as the factor, "x100", which reads better than "+9900%". */
static void cost_label(double c, char *buf, size_t size)
{
	double v = 100 * (c - 1);

	if (c > 10.5) {
		snprintf(buf, size, "\xc3\x97%g", c);
	} else if (fabs(v) < 1e-9) {
		snprintf(buf, size, "0%%");
	} else {
		snprintf(buf, size, "%+.4g%%", v);
	}
}

/* pct: the values are cost ratios C, labelled as the overhead (C - 1) x 100. */
static void x_axis(cairo_t *cr, const struct kv_ticks *t, double x0, double x1, double y,
		   double top, bool pct, const char *unit)
{
	char buf[48];
	double end = -INFINITY; /* where the last label drawn ends */

	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	line(cr, x0, y, x1, y, 0.6);
	for (size_t i = 0; i < t->n; i++) {
		double x = axis_map(t, t->v[i], x0, x1);
		cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
		line(cr, x, top, x, y, 0.4);
		cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
		line(cr, x, y, x, y + 3, 0.6);
		if (pct) {
			cost_label(t->v[i], buf, sizeof(buf));
		} else if (unit == NULL) {
			snprintf(buf, sizeof(buf), "%g", t->v[i]); /* a parameter's values */
		} else {
			kv_fmt_si(t->v[i], unit, buf, sizeof(buf));
		}
		/* a label that would run into the last one is left out (its tick stays) */
		double w = kv_text_width(cr, SMALL_SIZE, false, buf);
		if (x - w / 2 >= end + 3) {
			kv_text(cr, x, y + 11, SMALL_SIZE, false, 1, buf);
			end = x + w / 2;
		}
	}
}

static void y_axis(cairo_t *cr, const struct kv_ticks *t, double y0, double y1, double x,
		   double right, const char *unit)
{
	char buf[48];

	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	line(cr, x, y0, x, y1, 0.6);
	for (size_t i = 0; i < t->n; i++) {
		double y = axis_map(t, t->v[i], y0, y1);
		cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
		line(cr, x, y, right, y, 0.4);
		cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
		line(cr, x - 3, y, x, y, 0.6);
		kv_fmt_si(t->v[i], unit, buf, sizeof(buf));
		kv_text(cr, x - 5, y + 2.5, SMALL_SIZE, false, 2, buf);
	}
}

static struct kv_rgb verdict_color(enum kv_verdict v)
{
	return v == KV_WORSE    ? kv_color_worse()
	       : v == KV_BETTER ? kv_color_better()
				: kv_color_same();
}

static void legend_verdicts(cairo_t *cr, double x, double y)
{
	static const char *const names[] = {"worse", "better", "~ no significant change"};
	const enum kv_verdict v[] = {KV_WORSE, KV_BETTER, KV_SAME};

	for (int i = 0; i < 3; i++) {
		rgb(cr, verdict_color(v[i]));
		dot(cr, x + 3, y - 2.5, 2.8);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		x += 8 + kv_text(cr, x + 8, y, SMALL_SIZE, false, 0, names[i]) + 12;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The range of cost ratios a chart shows: every point c[i] and interval
 * end lo[i], hi[i] (NaN where none), but each side cut at twice the 90th
 * percentile of the points' distance from 1 in doublings (at least one
 * doubling), so that one ×30 does not squash every other row into the
 * middle: what runs off the chart gets an arrow, and its number is printed. */
static void cost_range(const double *c, const double *lo, const double *hi, size_t n, double *rlo,
		       double *rhi)
{
	double *up = kv_xmalloc((n ? n : 1) * sizeof(*up));
	double *down = kv_xmalloc((n ? n : 1) * sizeof(*down));
	double a = 1, b = 1;
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		const double v[] = {c[i], lo[i], hi[i]};
		for (size_t j = 0; j < 3; j++) {
			if (v[j] > 0 && isfinite(v[j])) {
				a = fmin(a, v[j]);
				b = fmax(b, v[j]);
			}
		}
		if (c[i] > 0 && isfinite(c[i])) {
			up[k] = fmax(0, log2(c[i]));
			down[k++] = fmax(0, -log2(c[i]));
		}
	}
	double cap_up = 1, cap_down = 1;
	if (k > 0) {
		size_t q = (size_t)floor(0.9 * (double)(k - 1));
		qsort(up, k, sizeof(*up), cmp_double);
		qsort(down, k, sizeof(*down), cmp_double);
		cap_up = fmax(cap_up, 2 * up[q]);
		cap_down = fmax(cap_down, 2 * down[q]);
	}
	*rlo = fmax(a, exp2(-cap_down));
	*rhi = fmin(b, exp2(cap_up));
	free(up);
	free(down);
}

static void whisker(cairo_t *cr, double xa, double xb, double y, double x0, double x1)
{
	double a = fmax(x0, fmin(x1, xa)), b = fmax(x0, fmin(x1, xb));

	line(cr, a, y, b, y, 1.1);
	/* an arrow where the interval runs off the chart */
	if (xb > x1) {
		cairo_move_to(cr, x1, y - 2.5);
		cairo_line_to(cr, x1 + 4, y);
		cairo_line_to(cr, x1, y + 2.5);
		cairo_fill(cr);
	}
	if (xa < x0) {
		cairo_move_to(cr, x0, y - 2.5);
		cairo_line_to(cr, x0 - 4, y);
		cairo_line_to(cr, x0, y + 2.5);
		cairo_fill(cr);
	}
}

static void comparison_label(const struct kv_comparison *c, char *buf, size_t size)
{
	/* the metric first: when the label is cut, the parameters go, not the metric */
	snprintf(buf, size, "%s \xc2\xb7 %s %s%s%s", c->base->metric, c->base->tool,
		 c->base->benchmark, c->base->params[0] ? " " : "", c->base->params);
}

/* "×1.99 +99.1% [+97.0, +101.2]": C, the overhead and its interval. */
static void cost_text(double c, double pct, double lo, double hi, char *buf, size_t size)
{
	char cost[32], p[32], rng[64];

	kv_fmt_cost(c, cost, sizeof(cost));
	kv_fmt_pct(pct, p, sizeof(p));
	if (isnan(lo) || isnan(hi)) {
		rng[0] = '\0';
	} else {
		kv_fmt_pct_range(lo, hi, rng, sizeof(rng));
	}
	snprintf(buf, size, "%s %s %s", isnan(c) ? "" : cost, p, rng);
}

/* The axis of a chart of cost ratios: a log axis whose ticks read as overhead %. */
static void cost_axis(const double *c, const double *lo, const double *hi, size_t n,
		      struct kv_ticks *t)
{
	double a, b;

	cost_range(c, lo, hi, n, &a, &b);
	kv_ticks_cost(a, b, t);
}

static void zero_line(cairo_t *cr, const struct kv_ticks *t, double x0, double x1, double top,
		      double bottom)
{
	static const double dash[] = {2, 2};
	double zx = axis_map(t, 1, x0, x1);

	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	cairo_set_dash(cr, dash, 2, 0);
	line(cr, zx, top, zx, bottom, 0.7);
	cairo_set_dash(cr, NULL, 0, 0);
}

void kv_chart_forest(cairo_t *cr, struct kv_box b, const struct kv_report_input *in,
		     const struct kv_comparison *const *c, size_t n, const char *variant)
{
	double label_w = b.w * 0.36, text_w = 170, x0 = b.x + label_w + 8;
	double x1 = b.x + b.w - text_w - 8, top = b.y + 24, bottom = b.y + b.h - 28;
	char buf[256], level[32];
	struct kv_ticks t;

	cairo_set_source_rgb(cr, 0, 0, 0);
	kv_fmt_level(n > 0 ? c[0]->level : in->o->confidence, level, sizeof(level));
	snprintf(buf, sizeof(buf), "Overhead of %s against %s (%s intervals, log scale of C)",
		 variant, in->o->baseline, level);
	kv_text(cr, b.x, b.y + 10, 10, true, 0, buf);
	if (n == 0) {
		reason(cr, b, "no comparison for this variant");
		return;
	}
	double *pc = kv_xmalloc(3 * n * sizeof(*pc)), *plo = pc + n, *phi = pc + 2 * n;
	for (size_t i = 0; i < n; i++) {
		pc[i] = c[i]->cost, plo[i] = c[i]->cost_lo, phi[i] = c[i]->cost_hi;
	}
	cost_axis(pc, plo, phi, n, &t);
	free(pc);
	double row = fmin(16, (bottom - top) / (double)n);
	x_axis(cr, &t, x0, x1, bottom, top, true, NULL);
	zero_line(cr, &t, x0, x1, top, bottom);
	for (size_t i = 0; i < n; i++) {
		double y = top + row * ((double)i + 0.5);
		struct kv_rgb col = verdict_color(c[i]->verdict);
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		comparison_label(c[i], buf, sizeof(buf));
		kv_text_fit(cr, b.x, y + 2.5, LABEL_SIZE, label_w, 0, buf);
		rgb(cr, col);
		double px = axis_map(&t, c[i]->cost, x0, x1);
		if (!isnan(c[i]->cost_lo) && !isnan(c[i]->cost_hi)) {
			whisker(cr, axis_map(&t, c[i]->cost_lo, x0, x1),
				axis_map(&t, c[i]->cost_hi, x0, x1), y, x0, x1);
		} else if (isfinite(px) && (px < x0 || px > x1)) {
			whisker(cr, px, px, y, x0, x1); /* an arrow to where the point is */
		}
		if (isfinite(px) && px >= x0 && px <= x1) {
			dot(cr, px, y, 2.6);
			if (c[i]->verdict == KV_VERDICT_NA) {
				cairo_set_line_width(cr, 0.8);
				cairo_stroke(cr);
			} else {
				cairo_fill(cr);
			}
		}
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		cost_text(c[i]->cost, c[i]->overhead_pct, c[i]->overhead_lo, c[i]->overhead_hi, buf,
			  sizeof(buf));
		kv_text_fit(cr, b.x + b.w, y + 2.5, SMALL_SIZE, text_w, 2, buf);
	}
	legend_verdicts(cr, b.x, b.y + b.h - 4);
}

static struct kv_rgb pale(struct kv_rgb c)
{
	return (struct kv_rgb){0.7 + 0.3 * c.r, 0.7 + 0.3 * c.g, 0.7 + 0.3 * c.b};
}

/* A summary bar's colour: worse warm, better cool, '~' a pale tint of its side. */
static struct kv_rgb summary_color(const struct kv_summary_row *s)
{
	if (s->verdict == KV_WORSE || s->verdict == KV_BETTER) {
		return verdict_color(s->verdict);
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
			rgb(cr, sw[i][k]);
			cairo_rectangle(cr, x + 4 * k, y - 6, 4, 6);
			cairo_fill(cr);
		}
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		x += 11 + kv_text(cr, x + 11, y, SMALL_SIZE, false, 0, names[i]) + 12;
	}
}

void kv_chart_summary(cairo_t *cr, struct kv_box b, const struct kv_report_input *in)
{
	const struct kv_compare_result *r = in->r;
	double label_w = b.w * 0.30, x0 = b.x + label_w + 8, x1 = b.x + b.w - 150;
	double top = b.y + 24, bottom = b.y + b.h - 30;
	char buf[256];
	struct kv_ticks t;

	cairo_set_source_rgb(cr, 0, 0, 0);
	kv_text(cr, b.x, b.y + 10, 10, true, 0,
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
	cost_axis(pc, plo, phi, n, &t);
	free(pc);
	double row = fmin(18, (bottom - top) / (double)n);
	x_axis(cr, &t, x0, x1, bottom, top, true, NULL);
	for (size_t i = 0; i < n; i++) {
		const struct kv_summary_row *s = &r->summary[i];
		double y = top + row * ((double)i + 0.5);
		double zx = axis_map(&t, 1, x0, x1), vx = axis_map(&t, s->s.cost, x0, x1);
		if (isfinite(vx)) {
			vx = fmax(x0, fmin(x1, vx));
			rgb(cr, summary_color(s));
			cairo_rectangle(cr, fmin(zx, vx), y - row * 0.32, fabs(vx - zx),
					row * 0.64);
			cairo_fill(cr);
		}
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		if (!isnan(s->s.lo) && !isnan(s->s.hi)) {
			whisker(cr, axis_map(&t, s->s.lo, x0, x1), axis_map(&t, s->s.hi, x0, x1), y,
				x0, x1);
		}
		snprintf(buf, sizeof(buf), "%s \xc2\xb7 %s (%zu)", s->variant, s->category, s->s.k);
		kv_text_fit(cr, b.x, y + 2.5, LABEL_SIZE, label_w, 0, buf);
		cost_text(s->s.cost, s->s.overhead_pct, 100 * (s->s.lo - 1), 100 * (s->s.hi - 1),
			  buf, sizeof(buf));
		kv_text_fit(cr, b.x + b.w, y + 2.5, SMALL_SIZE, 142, 2, buf);
	}
	zero_line(cr, &t, x0, x1, top, bottom);
	legend_summary(cr, b.x, b.y + b.h - 4);
}

void kv_chart_heatmap(cairo_t *cr, struct kv_box b, const struct kv_report_input *in,
		      const struct kv_comparison *const *rows, size_t n)
{
	const struct kv_compare_result *r = in->r;
	double label_w = b.w * 0.45, top = b.y + 38, bottom = b.y + b.h - 6;
	double cw = fmin(90, (b.w - label_w - 8) / (double)(r->nvariants ? r->nvariants : 1));
	/* colours on log2 C, saturated at x2 (or x0.5), and at least at x1.1 */
	double row = fmin(15, (bottom - top) / (double)(n ? n : 1)), maxabs = log2(1.1);
	char buf[256];

	cairo_set_source_rgb(cr, 0, 0, 0);
	kv_text(
	    cr, b.x, b.y + 10, 10, true, 0,
	    "Overhead % by benchmark and variant (colour: log of C; muted: no significant change)");
	for (size_t i = 0; i < r->n; i++) {
		if (r->c[i].cost > 0 && isfinite(r->c[i].cost)) {
			maxabs = fmax(maxabs, fmin(1, fabs(log2(r->c[i].cost))));
		}
	}
	for (size_t v = 0; v < r->nvariants; v++) {
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		kv_text_fit(cr, b.x + label_w + 8 + cw * ((double)v + 0.5), top - 6, LABEL_SIZE,
			    cw - 4, 1, r->variants[v]);
	}
	for (size_t i = 0; i < n; i++) {
		double y = top + row * (double)i;
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		comparison_label(rows[i], buf, sizeof(buf));
		kv_text_fit(cr, b.x, y + row * 0.5 + 2.5, LABEL_SIZE, label_w, 0, buf);
		for (size_t v = 0; v < r->nvariants; v++) {
			const struct kv_comparison *c = NULL;
			for (size_t k = 0; k < r->n; k++) {
				if (r->c[k].base == rows[i]->base &&
				    strcmp(r->c[k].var->config, r->variants[v]) == 0) {
					c = &r->c[k];
				}
			}
			double x = b.x + label_w + 8 + cw * (double)v;
			if (c == NULL || !isfinite(c->overhead_pct) || !(c->cost > 0)) {
				cairo_set_source_rgb(cr, 0.95, 0.95, 0.95);
				cairo_rectangle(cr, x, y, cw - 1, row - 1);
				cairo_fill(cr);
				cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
				kv_text(cr, x + cw / 2, y + row * 0.5 + 2.5, SMALL_SIZE, false, 1,
					"n/a");
				continue;
			}
			struct kv_rgb col = kv_diverging(log2(c->cost), maxabs);
			bool muted = c->verdict != KV_WORSE && c->verdict != KV_BETTER;
			if (muted) { /* wash the colour out: the data could not tell */
				col.r = 0.75 + 0.25 * col.r, col.g = 0.75 + 0.25 * col.g;
				col.b = 0.75 + 0.25 * col.b;
			}
			rgb(cr, col);
			cairo_rectangle(cr, x, y, cw - 1, row - 1);
			cairo_fill(cr);
			double lum = 0.3 * col.r + 0.59 * col.g + 0.11 * col.b;
			if (muted) {
				cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
			} else if (lum < 0.5) {
				cairo_set_source_rgb(cr, 1, 1, 1);
			} else {
				cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
			}
			snprintf(buf, sizeof(buf), "%s%+.1f%%", muted ? "~ " : "", c->overhead_pct);
			kv_text(cr, x + cw / 2, y + row * 0.5 + 2.5, SMALL_SIZE, false, 1, buf);
		}
	}
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

void kv_chart_strip(cairo_t *cr, struct kv_box b, const struct kv_report_input *in,
		    const struct kv_comparison *const *cs, size_t n)
{
	const struct kv_series *series[16];
	const struct kv_side *sides[16];
	size_t k = 0;
	double lo = INFINITY, hi = -INFINITY;
	char buf[256];
	struct kv_ticks t;

	series[k] = cs[0]->base;
	sides[k++] = &cs[0]->bs;
	for (size_t i = 0; i < n && k < 16; i++) {
		series[k] = cs[i]->var;
		sides[k++] = &cs[i]->vs;
	}
	snprintf(buf, sizeof(buf), "%s (%s)", cs[0]->base->metric, cs[0]->base->unit);
	cairo_set_source_rgb(cr, 0, 0, 0);
	kv_text_fit(cr, b.x, b.y + 9, 8, b.w, 0, buf);
	for (size_t s = 0; s < k; s++) {
		for (size_t j = 0; j < series[s]->run_off[series[s]->n_runs]; j++) {
			lo = fmin(lo, series[s]->values[j]);
			hi = fmax(hi, series[s]->values[j]);
		}
		if (isfinite(sides[s]->lo)) {
			lo = fmin(lo, sides[s]->lo);
			hi = fmax(hi, sides[s]->hi);
		}
	}
	double x0 = b.x + 48, x1 = b.x + b.w - 4, top = b.y + 16, bottom = b.y + b.h - 16;
	if (kv_wants_log(lo, hi)) {
		kv_ticks_log(lo, hi, &t);
	} else {
		kv_ticks_linear(lo, hi, 4, &t);
	}
	y_axis(cr, &t, bottom, top, x0, x1, cs[0]->base->unit);
	double cw = (x1 - x0) / (double)k;
	for (size_t s = 0; s < k; s++) {
		double cx = x0 + cw * ((double)s + 0.5);
		struct kv_rgb col = kv_palette(s);
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		kv_text_fit(cr, cx, bottom + 9, SMALL_SIZE, cw - 2, 1, series[s]->config);
		cairo_set_source_rgba(cr, col.r, col.g, col.b, 0.55);
		for (size_t j = 0; j < series[s]->run_off[series[s]->n_runs]; j++) {
			double y = axis_map(&t, series[s]->values[j], bottom, top);
			dot(cr, cx + jitter(j + 7 * s) * cw * 0.22, y, 1.6);
			cairo_fill(cr);
		}
		/* the estimate and its interval, beside the points */
		rgb(cr, col);
		double ex = cx + cw * 0.33, m = sides[s]->mean;
		if (in->o->estimator == KV_EST_MEDIAN) {
			m = sides[s]->median;
		}
		if (isfinite(sides[s]->lo)) {
			double ya = axis_map(&t, sides[s]->lo, bottom, top);
			double yb = axis_map(&t, sides[s]->hi, bottom, top);
			line(cr, ex, ya, ex, yb, 1);
			line(cr, ex - 2.5, ya, ex + 2.5, ya, 1);
			line(cr, ex - 2.5, yb, ex + 2.5, yb, 1);
		}
		if (isfinite(m)) {
			double ym = axis_map(&t, m, bottom, top);
			line(cr, ex - 5, ym, ex + 5, ym, 1.6);
		}
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

void kv_chart_sweep(cairo_t *cr, struct kv_box b, const struct kv_report_input *in,
		    const struct kv_sweep *s)
{
	const struct kv_compare_result *r = in->r;
	double *xs = kv_xmalloc(s->n * sizeof(*xs)), lo = INFINITY, hi = -INFINITY;
	size_t nx = 0;
	char buf[256];
	struct kv_ticks tx, ty;

	for (size_t i = 0; i < s->n; i++) {
		double x = param_value(s->c[i]->base->params, s->param);
		bool seen = false;
		for (size_t j = 0; j < nx; j++) {
			seen = seen || !(xs[j] < x || xs[j] > x);
		}
		if (!seen) {
			xs[nx++] = x;
		}
		const struct kv_side *sd[2] = {&s->c[i]->bs, &s->c[i]->vs};
		for (int k = 0; k < 2; k++) {
			double a = isfinite(sd[k]->lo) ? sd[k]->lo : sd[k]->mean;
			double z = isfinite(sd[k]->hi) ? sd[k]->hi : sd[k]->mean;
			lo = fmin(lo, a);
			hi = fmax(hi, z);
		}
	}
	qsort(xs, nx, sizeof(*xs), cmp_double);
	cairo_set_source_rgb(cr, 0, 0, 0);
	snprintf(buf, sizeof(buf), "%s %s \xc2\xb7 %s against %s", s->tool, s->benchmark, s->metric,
		 s->param);
	kv_text_fit(cr, b.x, b.y + 9, 8, b.w, 0, buf);
	double x0 = b.x + 48, x1 = b.x + b.w - 8, top = b.y + 26, bottom = b.y + b.h - 18;
	if (kv_wants_log(xs[0], xs[nx - 1])) {
		kv_ticks_log(xs[0], xs[nx - 1], &tx);
	} else {
		kv_ticks_linear(xs[0], xs[nx - 1], 5, &tx);
	}
	if (kv_wants_log(lo, hi)) {
		kv_ticks_log(lo, hi, &ty);
	} else {
		kv_ticks_linear(lo, hi, 4, &ty);
	}
	y_axis(cr, &ty, bottom, top, x0, x1, s->unit);
	x_axis(cr, &tx, x0, x1, bottom, bottom, false, NULL);
	/* one line per configuration: the baseline, then each variant */
	for (size_t cfg = 0; cfg <= r->nvariants; cfg++) {
		struct kv_rgb col = kv_palette(cfg);
		double px[64], pm[64], pl[64], ph[64];
		size_t np = 0;
		for (size_t j = 0; j < nx && np < 64; j++) {
			for (size_t i = 0; i < s->n; i++) {
				const struct kv_comparison *c = s->c[i];
				double x = param_value(c->base->params, s->param);
				bool here = !(x < xs[j] || x > xs[j]);
				bool mine =
				    cfg == 0 || strcmp(c->var->config, r->variants[cfg - 1]) == 0;
				if (!here || !mine) {
					continue;
				}
				const struct kv_side *sd = cfg == 0 ? &c->bs : &c->vs;
				px[np] = axis_map(&tx, xs[j], x0, x1);
				pm[np] = axis_map(
				    &ty, in->o->estimator == KV_EST_MEAN ? sd->mean : sd->median,
				    bottom, top);
				pl[np] =
				    isfinite(sd->lo) ? axis_map(&ty, sd->lo, bottom, top) : pm[np];
				ph[np] =
				    isfinite(sd->hi) ? axis_map(&ty, sd->hi, bottom, top) : pm[np];
				np++;
				break;
			}
		}
		if (np == 0) {
			continue;
		}
		/* the interval as a band */
		cairo_set_source_rgba(cr, col.r, col.g, col.b, 0.15);
		cairo_move_to(cr, px[0], pl[0]);
		for (size_t j = 1; j < np; j++) {
			cairo_line_to(cr, px[j], pl[j]);
		}
		for (size_t j = np; j-- > 0;) {
			cairo_line_to(cr, px[j], ph[j]);
		}
		cairo_close_path(cr);
		cairo_fill(cr);
		rgb(cr, col);
		cairo_set_line_width(cr, 1.3);
		cairo_move_to(cr, px[0], pm[0]);
		for (size_t j = 1; j < np; j++) {
			cairo_line_to(cr, px[j], pm[j]);
		}
		cairo_stroke(cr);
		for (size_t j = 0; j < np; j++) {
			dot(cr, px[j], pm[j], 2);
			cairo_fill(cr);
		}
		/* legend */
		const char *name = cfg == 0 ? in->o->baseline : r->variants[cfg - 1];
		double lx = x0 + 4 + (double)cfg * (b.w - 60) / (double)(r->nvariants + 1);
		line(cr, lx, b.y + 18, lx + 10, b.y + 18, 1.5);
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		kv_text_fit(cr, lx + 13, b.y + 20.5, SMALL_SIZE,
			    (b.w - 60) / (double)(r->nvariants + 1) - 16, 0, name);
	}
	free(xs);
}
