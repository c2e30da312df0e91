/*
 * trend_chart.h - one series over its runs in order (the History of the PDF
 * report and its chart files): a point per run (its mean), the segments'
 * means as steps with their interval bands, and each change point as a
 * vertical line labelled with its position and its step (C, overhead,
 * verdict).  Drawn from plain arrays: nothing here does statistics.
 */
#ifndef RENDER_TREND_CHART_H
#define RENDER_TREND_CHART_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "analysis/compare.h"
#include "render/charts.h"

/* A segment: runs [from, to) with one mean. */
struct kv_trend_seg {
	size_t from, to; /* run indexes, to exclusive */
	double mean;     /* the segment's mean of run means */
	double lo, hi;   /* its band (the interval of the mean); NaN: none drawn */
};

/* A change point: the first run of the segment after it. */
struct kv_trend_mark {
	size_t at;            /* the index of that run */
	const char *position; /* its label: a version, commit or date (borrowed) */
	double cost;          /* the step as a cost ratio C (after against before) */
	double lo, hi;        /* C's interval; NaN: none */
	double p_adj;         /* adjusted p, NaN: none */
	enum kv_verdict verdict;
};

struct kv_trend_plot {
	const char *title;          /* names the series (borrowed; cut to 3 lines) */
	const char *unit;           /* the values' canonical unit */
	bool higher;                /* higher is better */
	size_t n;                   /* runs, in order */
	const double *y;            /* per run: its mean */
	const char *const *x_label; /* per run: its position (date, version, commit) */
	const char *order;          /* what orders the runs ("start time", "version") */
	const struct kv_trend_seg *seg;
	size_t nseg;
	const struct kv_trend_mark *mark;
	size_t nmark;
};

/* The height of the chart's title, change points and legend at width w:
 * the plot gets the rest of its box. */
double kv_chart_trend_head(cairo_t *cr, double w, const struct kv_trend_plot *p);
/* Draws the plot into b. */
void kv_chart_trend(cairo_t *cr, struct kv_box b, const struct kv_trend_plot *p);

/* "×1.25 +25.0% [+20.1, +30.2] regression, p adj 0.0012": a change point's
 * step as text (the verdict as kvperf trend words it). */
void kv_trend_step_text(const struct kv_trend_mark *m, char *buf, size_t size);

#endif
