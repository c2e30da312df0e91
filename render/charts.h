/*
 * charts.h - the charts, each drawn into a box of a cairo context, so the
 * PDF pages and the SVG/PNG files share one drawing.
 */
#ifndef RENDER_CHARTS_H
#define RENDER_CHARTS_H

#include <cairo.h>
#include <stddef.h>

#include "render/report.h"

struct kv_box {
	double x, y, w, h;
};

/* Geometric-mean overhead per variant and category: bars with whiskers. */
void kv_chart_summary(cairo_t *cr, struct kv_box b, const struct kv_report_input *in);
/* Forest plot of one variant's comparisons c[0..n), sorted by the caller. */
void kv_chart_forest(cairo_t *cr, struct kv_box b, const struct kv_report_input *in,
		     const struct kv_comparison *const *c, size_t n, const char *variant);
/* Heat map of benchmark-metric rows [first, first + n) of the comparisons
 * (rows are groups of one base series) x variants. */
void kv_chart_heatmap(cairo_t *cr, struct kv_box b, const struct kv_report_input *in,
		      const struct kv_comparison *const *rows, size_t n);
/* Every sample of every configuration of one metric; mean and interval. */
void kv_chart_strip(cairo_t *cr, struct kv_box b, const struct kv_report_input *in,
		    const struct kv_comparison *const *cs, size_t n);

/* A metric measured at several values of one numeric parameter. */
struct kv_sweep {
	const char *tool, *benchmark, *metric, *unit, *param;
	const struct kv_comparison **c; /* one per (value, variant), any order */
	size_t n;
};
void kv_chart_sweep(cairo_t *cr, struct kv_box b, const struct kv_report_input *in,
		    const struct kv_sweep *s);

#endif
