/* chart_headline.c - the category chart and the gap-closed chart of page 1. */
#include "render/chart_headline.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "render/compare_out.h"
#include "render/format.h"
#include "render/layout.h"
#include "render/text.h"

#define LABEL  7.5 /* category names and values */
#define SMALL  6.5 /* ticks, headers, legend */
#define ROW    12  /* one category */
#define HEAD   13  /* the panel headers */
#define FOOT   24  /* tick labels, the axis title and legend */
#define GAP    18  /* between panels and columns: room for half a tick label each */
#define MAXCAT 8

static const char *const order[] = {"all",     "cpu",     "memory", "storage",
				    "network", "latency", "other"};

static void rgb(cairo_t *cr, struct kv_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void grey(cairo_t *cr, double g)
{
	cairo_set_source_rgb(cr, g, g, g);
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1, double width)
{
	cairo_set_line_width(cr, width);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_stroke(cr);
}

static struct kv_rgb verdict_color(enum kv_verdict v)
{
	return v == KV_WORSE    ? kv_color_worse()
	       : v == KV_BETTER ? kv_color_better()
				: kv_color_same();
}

/* The summary row of variant and category, or NULL. */
static const struct kv_summary_row *row_of(const struct kv_compare_result *r, const char *variant,
					   const char *category)
{
	for (size_t i = 0; i < r->nsummary; i++) {
		if (strcmp(r->summary[i].variant, variant) == 0 &&
		    strcmp(r->summary[i].category, category) == 0) {
			return &r->summary[i];
		}
	}
	return NULL;
}

/* The categories with a row for any variant that want (NULL: every
 * variant), in the summary's order; returns how many. */
static size_t categories(const struct kv_compare_result *r, const char *skip,
			 const char *out[MAXCAT])
{
	size_t n = 0;

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		for (size_t v = 0; v < r->nvariants; v++) {
			if ((skip == NULL || strcmp(r->variants[v], skip) != 0) &&
			    row_of(r, r->variants[v], order[k]) != NULL) {
				out[n++] = order[k];
				break;
			}
		}
	}
	return n;
}

/* The y of the middle of category row i below top (a gap under "all"). */
static double row_y(double top, size_t i)
{
	return top + ROW * (double)i + (i > 0 ? 4 : 0) + ROW / 2.0;
}

static double map_log(const struct kv_ticks *t, double c, double x0, double x1)
{
	return x0 + (log(c) - log(t->lo)) / (log(t->hi) - log(t->lo)) * (x1 - x0);
}

static double map_lin(const struct kv_ticks *t, double v, double x0, double x1)
{
	return x0 + (v - t->lo) / (t->hi - t->lo) * (x1 - x0);
}

/* A tick of the cost axis, labelled as its overhead: "-50%", "0%", "+300%";
 * beyond x10 as the factor ("×20"). */
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

/* Tick marks and labels under [x0, x1] at y, grid lines from top; a label
 * that would run into the previous one is left out. */
static void axis(cairo_t *cr, const struct kv_ticks *t, bool cost, double x0, double x1, double top,
		 double y)
{
	double end = -INFINITY;
	char buf[32];

	for (size_t i = 0; i < t->n; i++) {
		double x = cost ? map_log(t, t->v[i], x0, x1) : map_lin(t, t->v[i], x0, x1);
		grey(cr, 0.88);
		line(cr, x, top, x, y, 0.4);
		grey(cr, 0.35);
		line(cr, x, y, x, y + 2.5, 0.5);
		if (cost) {
			cost_label(t->v[i], buf, sizeof(buf));
		} else {
			snprintf(buf, sizeof(buf), "%g%%", t->v[i]);
		}
		double w = kv_text_width(cr, SMALL, false, buf);
		if (x - w / 2 >= fmax(end + 3, x0 - GAP / 2.0) && x + w / 2 <= x1 + GAP / 2.0) {
			kv_text(cr, x, y + 10, SMALL, false, 1, buf);
			end = x + w / 2;
		}
	}
	grey(cr, 0.35);
	line(cr, x0, y, x1, y, 0.5);
}

/* A whisker from xa to xb at y with end caps; an open end (xb beyond the
 * axis) gets an arrow head instead of its cap. */
static void whisker(cairo_t *cr, double xa, double xb, double y, bool open_hi)
{
	line(cr, xa, y, xb, y, 1.3);
	line(cr, xa, y - 2.5, xa, y + 2.5, 0.9);
	if (open_hi) {
		cairo_move_to(cr, xb + 4, y);
		cairo_line_to(cr, xb - 1, y - 3);
		cairo_line_to(cr, xb - 1, y + 3);
		cairo_close_path(cr);
		cairo_fill(cr);
	} else {
		line(cr, xb, y - 2.5, xb, y + 2.5, 0.9);
	}
}

/* The verdicts of the summary rows, each drawn once; returns where it ends. */
static double legend(cairo_t *cr, const struct kv_compare_result *r, double x, double y)
{
	static const char *const names[] = {"worse", "better", "no significant change",
					    "no interval"};
	const enum kv_verdict v[] = {KV_WORSE, KV_BETTER, KV_SAME, KV_VERDICT_NA};

	for (int i = 0; i < 4; i++) {
		bool used = false;
		for (size_t k = 0; k < r->nsummary; k++) {
			used = used || r->summary[k].verdict == v[i];
		}
		if (!used) {
			continue;
		}
		rgb(cr, verdict_color(v[i]));
		cairo_new_sub_path(cr);
		cairo_arc(cr, x + 3, y - 2.3, 2.8, 0, 2 * M_PI);
		if (v[i] == KV_VERDICT_NA) {
			cairo_set_line_width(cr, 0.9);
			cairo_stroke(cr);
		} else {
			cairo_fill(cr);
		}
		grey(cr, 0.25);
		x += 8 + kv_text(cr, x + 8, y, SMALL, false, 0, names[i]) + 12;
	}
	return x - 12;
}

/* The two value columns of a single variant: "×1.98" and "+98.2% [+88.0,
 * +109.1] worse", as compare prints them. */
static void value_cells(const struct kv_summary_row *s, char g[32], char ov[160])
{
	char p[32], rng[64];

	kv_fmt_cost(s->s.cost, g, 32);
	kv_fmt_pct(s->s.overhead_pct, p, sizeof(p));
	if (isnan(s->s.lo) || isnan(s->s.hi)) {
		snprintf(ov, 160, "%s  %s", p, kv_verdict_short(s->verdict));
	} else {
		kv_fmt_pct_range(100 * (s->s.lo - 1), 100 * (s->s.hi - 1), rng, sizeof(rng));
		snprintf(ov, 160, "%s %s  %s", p, rng, kv_verdict_short(s->verdict));
	}
}

/* The label column: category names (bold "all") and, right-aligned, the
 * metrics in the row when every variant has the same number. */
struct labels {
	const char *cat[MAXCAT];
	size_t n;
	char k[MAXCAT][48];
	double w; /* the column's width */
};

static void labels_init(cairo_t *cr, const struct kv_compare_result *r, const char *skip,
			struct labels *l)
{
	double wk = kv_text_width(cr, SMALL, false, "metrics"), wc = 0;

	l->n = categories(r, skip, l->cat);
	for (size_t i = 0; i < l->n; i++) {
		/* the metrics in the row: "31", or "36/34" when the variants differ */
		size_t len = 0, first = SIZE_MAX;
		bool same = true;
		l->k[i][0] = '\0';
		for (size_t v = 0; v < r->nvariants; v++) {
			const struct kv_summary_row *s = row_of(r, r->variants[v], l->cat[i]);
			if (s == NULL || (skip != NULL && strcmp(r->variants[v], skip) == 0)) {
				continue;
			}
			same = same && (first == SIZE_MAX || first == s->s.k);
			first = first == SIZE_MAX ? s->s.k : first;
			if (len < sizeof(l->k[i])) {
				len += (size_t)snprintf(l->k[i] + len, sizeof(l->k[i]) - len,
							"%s%zu", len ? "/" : "", s->s.k);
			}
		}
		if (same && first != SIZE_MAX) {
			snprintf(l->k[i], sizeof(l->k[i]), "%zu", first);
		}
		wk = fmax(wk, kv_text_width(cr, SMALL, false, l->k[i]));
		wc = fmax(wc, kv_text_width(cr, LABEL, i == 0, l->cat[i]));
	}
	l->w = wc + 8 + wk;
}

static void labels_draw(cairo_t *cr, const struct labels *l, double x, double top, bool counts)
{
	if (counts) {
		grey(cr, 0.45);
		kv_text(cr, x + l->w, top - 4, SMALL, false, 2, "metrics");
	}
	for (size_t i = 0; i < l->n; i++) {
		double y = row_y(top, i);
		grey(cr, 0.1);
		kv_text(cr, x, y + 2.7, LABEL, i == 0, 0, l->cat[i]);
		if (counts) {
			grey(cr, 0.45);
			kv_text(cr, x + l->w, y + 2.7, SMALL, false, 2, l->k[i]);
		}
	}
	if (l->n > 1) { /* "all" apart from the categories */
		grey(cr, 0.8);
		line(cr, x, top + ROW + 2, x + l->w, top + ROW + 2, 0.4);
	}
}

double kv_chart_headline_height(cairo_t *cr, const struct kv_compare_result *r, double w)
{
	const char *cat[MAXCAT];
	size_t n = categories(r, NULL, cat);

	return n == 0 ? 0 : HEAD + ROW * (double)n + 4 + FOOT;
}

void kv_chart_headline(cairo_t *cr, struct kv_box b, const struct kv_compare_result *r)
{
	struct labels l;
	double lo = 1, hi = 1, wg = 0, wo = 0;
	char g[32], ov[160];
	bool one = r->nvariants == 1;

	labels_init(cr, r, NULL, &l);
	if (l.n == 0) {
		return;
	}
	for (size_t i = 0; i < r->nsummary; i++) {
		const struct kv_summary *s = &r->summary[i].s;
		double v[] = {s->cost, s->lo, s->hi};
		for (size_t k = 0; k < 3; k++) {
			if (isfinite(v[k]) && v[k] > 0) {
				lo = fmin(lo, v[k]), hi = fmax(hi, v[k]);
			}
		}
		if (one) {
			value_cells(&r->summary[i], g, ov);
			wg = fmax(wg, kv_text_width(cr, LABEL, true, g));
			wo = fmax(wo, kv_text_width(cr, LABEL, false, ov));
		}
	}
	static const char vhead[] = "overhead [interval]  verdict";
	wo = one ? fmax(wo, kv_text_width(cr, SMALL, false, vhead)) : 0;
	struct kv_ticks t;
	kv_ticks_cost(lo, hi, &t);
	double top = b.y + HEAD, bottom = row_y(top, l.n - 1) + ROW / 2.0;
	double x0 = b.x + l.w + GAP, xv = b.x + b.w - (one ? wg + 6 + wo : 0);
	double pw =
	    (xv - (one ? GAP : 0) - x0 - GAP * (double)(r->nvariants - 1)) / (double)r->nvariants;

	labels_draw(cr, &l, b.x, top, true);
	if (one) {
		grey(cr, 0.45);
		kv_text(cr, xv + wg, top - 4, SMALL, false, 2, "\xc3\x97G");
		kv_text(cr, xv + wg + 6, top - 4, SMALL, false, 0, vhead);
	}
	for (size_t v = 0; v < r->nvariants; v++) {
		double a = x0 + (pw + GAP) * (double)v, z = a + pw;
		grey(cr, 0.15);
		kv_text_fit(cr, a + pw / 2, top - 4, SMALL, pw, 1, r->variants[v]);
		axis(cr, &t, true, a, z, top, bottom);
		grey(cr, 0.4);
		line(cr, map_log(&t, 1, a, z), top, map_log(&t, 1, a, z), bottom, 0.8);
		for (size_t i = 0; i < l.n; i++) {
			const struct kv_summary_row *s = row_of(r, r->variants[v], l.cat[i]);
			if (s == NULL) {
				continue;
			}
			double y = row_y(top, i), x = map_log(&t, s->s.cost, a, z);
			rgb(cr, verdict_color(s->verdict));
			if (isfinite(s->s.lo) && s->s.lo > 0 && !isnan(s->s.hi)) {
				bool open = !isfinite(s->s.hi);
				whisker(cr, map_log(&t, s->s.lo, a, z),
					open ? z : map_log(&t, s->s.hi, a, z), y, open);
			}
			cairo_new_sub_path(cr);
			cairo_arc(cr, x, y, i == 0 ? 3.8 : 3.2, 0, 2 * M_PI);
			if (s->verdict == KV_VERDICT_NA) {
				cairo_set_source_rgb(cr, 1, 1, 1);
				cairo_fill_preserve(cr);
				rgb(cr, verdict_color(s->verdict));
				cairo_set_line_width(cr, 1);
				cairo_stroke(cr);
			} else {
				cairo_fill_preserve(cr);
				cairo_set_source_rgb(cr, 1, 1, 1);
				cairo_set_line_width(cr, 0.6);
				cairo_stroke(cr);
			}
			if (one) {
				value_cells(s, g, ov);
				rgb(cr, s->verdict == KV_SAME ? (struct kv_rgb){0.3, 0.3, 0.3}
							      : verdict_color(s->verdict));
				kv_text(cr, xv + wg, y + 2.7, LABEL, true, 2, g);
				kv_text(cr, xv + wg + 6, y + 2.7, LABEL, false, 0, ov);
			}
		}
	}
	/* the axis title under the panels; the legend beside it, under the
	 * values (one variant) or the category names */
	static const char title[] =
	    "overhead (C \xe2\x88\x92 1) \xc3\x97 100, on a log scale of the cost ratio C";
	double end = legend(cr, r, b.x, bottom + 20);
	double tw = kv_text_width(cr, SMALL, false, title);
	double tx = fmax(x0 + (xv - (one ? GAP : 0) - x0 - tw) / 2, end + 12);
	grey(cr, 0.4);
	kv_text(cr, fmin(tx, b.x + b.w - tw), bottom + 20, SMALL, false, 0, title);
}

/* The variants that have a gap to show: every one but the reference. */
static bool has_gap(const struct kv_compare_result *r, const struct kv_compare_opts *o, size_t v)
{
	if (o->reference == NULL || strcmp(r->variants[v], o->reference) == 0) {
		return false;
	}
	for (size_t i = 0; i < r->nsummary; i++) {
		if (strcmp(r->summary[i].variant, r->variants[v]) == 0 && r->summary[i].gap.has) {
			return true;
		}
	}
	return false;
}

double kv_chart_gap_height(cairo_t *cr, const struct kv_compare_result *r,
			   const struct kv_compare_opts *o, double w)
{
	const char *cat[MAXCAT];
	size_t n = categories(r, o->reference, cat), panels = 0;

	for (size_t v = 0; v < r->nvariants; v++) {
		panels += has_gap(r, o, v);
	}
	return n == 0 || panels == 0 ? 0 : HEAD + ROW * (double)n + 4 + FOOT;
}

/* The gap axis: 0% and 100% always, the intervals cut at -100% and 200%. */
#define GAP_LO -100.0
#define GAP_HI 200.0

void kv_chart_gap(cairo_t *cr, struct kv_box b, const struct kv_compare_result *r,
		  const struct kv_compare_opts *o)
{
	struct labels l;
	size_t panels = 0;
	double lo = 0, hi = 100, wv = 0;
	char buf[2 * KV_NAME_BUF + 96], ref[KV_NAME_BUF], name[KV_NAME_BUF];

	for (size_t v = 0; v < r->nvariants; v++) {
		panels += has_gap(r, o, v);
	}
	labels_init(cr, r, o->reference, &l);
	if (panels == 0 || l.n == 0) {
		return;
	}
	for (size_t i = 0; i < r->nsummary; i++) {
		const struct kv_gap *g = &r->summary[i].gap;
		double v[] = {g->pct, g->lo, g->hi};
		for (size_t k = 0; g->has && k < 3; k++) {
			if (isfinite(v[k])) {
				lo = fmin(lo, fmax(v[k], GAP_LO)),
				hi = fmax(hi, fmin(v[k], GAP_HI));
			}
		}
		if (panels == 1 && g->has) {
			kv_fmt_gap(g, false, buf, sizeof(buf));
			wv = fmax(wv, kv_text_width(cr, LABEL, false, buf));
		}
	}
	if (wv > 0) {
		wv = fmax(wv, kv_text_width(cr, SMALL, false, "gap closed [interval]"));
	}
	struct kv_ticks t;
	kv_ticks_linear(lo, hi, 5, &t);
	double top = b.y + HEAD, bottom = row_y(top, l.n - 1) + ROW / 2.0;
	double x0 = b.x + l.w + GAP, xv = b.x + b.w - wv;
	double pw = (xv - (wv > 0 ? GAP : 0) - x0 - GAP * (double)(panels - 1)) / (double)panels;

	labels_draw(cr, &l, b.x, top, true);
	if (wv > 0) {
		grey(cr, 0.45);
		kv_text(cr, xv, top - 4, SMALL, false, 0, "gap closed [interval]");
	}
	size_t p = 0;
	for (size_t v = 0; v < r->nvariants; v++) {
		if (!has_gap(r, o, v)) {
			continue;
		}
		double a = x0 + (pw + GAP) * (double)p++, z = a + pw;
		grey(cr, 0.15);
		snprintf(buf, sizeof(buf), "%s, of %s's overhead",
			 kv_name_cut(r->variants[v], KV_NAME_CHARS, name, sizeof(name)),
			 kv_name_cut(o->reference, KV_NAME_CHARS, ref, sizeof(ref)));
		kv_text_fit(cr, a + pw / 2, top - 4, SMALL, pw, 1, buf);
		axis(cr, &t, false, a, z, top, bottom);
		double x_0 = map_lin(&t, 0, a, z), x_100 = map_lin(&t, 100, a, z);
		grey(cr, 0.3);
		line(cr, x_0, top, x_0, bottom, 0.9);
		const double dash[] = {2.5, 1.5};
		cairo_set_dash(cr, dash, 2, 0);
		line(cr, x_100, top, x_100, bottom, 0.9);
		cairo_set_dash(cr, NULL, 0, 0);
		for (size_t i = 0; i < l.n; i++) {
			const struct kv_summary_row *s = row_of(r, r->variants[v], l.cat[i]);
			if (s == NULL || !s->gap.has || !isfinite(s->gap.pct)) {
				continue;
			}
			double y = row_y(top, i);
			double xp = map_lin(&t, fmin(fmax(s->gap.pct, t.lo), t.hi), a, z);
			cairo_set_source_rgb(cr, 0.55, 0.60, 0.66);
			cairo_rectangle(cr, fmin(x_0, xp), y - 4, fabs(xp - x_0), 8);
			cairo_fill(cr);
			if (isfinite(s->gap.lo) && isfinite(s->gap.hi)) {
				bool open = s->gap.hi > t.hi;
				grey(cr, 0.1);
				whisker(cr, map_lin(&t, fmax(s->gap.lo, t.lo), a, z),
					map_lin(&t, fmin(s->gap.hi, t.hi), a, z), y, open);
			}
			if (wv > 0) {
				grey(cr, 0.1);
				kv_fmt_gap(&s->gap, false, buf, sizeof(buf));
				kv_text(cr, xv, y + 2.7, LABEL, false, 0, buf);
			}
		}
	}
	grey(cr, 0.4);
	snprintf(buf, sizeof(buf),
		 "gap closed: 0%%, no better than %s (solid); 100%%, as good as %s (dashed)",
		 kv_name_cut(o->reference, KV_NAME_CHARS, ref, sizeof(ref)),
		 kv_name_cut(o->baseline, KV_NAME_CHARS, name, sizeof(name)));
	kv_text_fit(cr, x0 + (xv - (wv > 0 ? GAP : 0) - x0) / 2, bottom + 20, SMALL, b.x + b.w - x0,
		    1, buf);
}
