/*
 * chart_headline.h - the charts of the report's first page: the geometric
 * mean of the cost ratio C per category, one panel per variant, as a dot
 * with its interval on a log axis of C and coloured by its verdict; and,
 * with --reference, the share of the reference's overhead each other
 * variant recovers per category, as bars between 0% and 100% guides.
 * The numbers are the summary rows of the comparison, drawn as they are.
 */
#ifndef RENDER_CHART_HEADLINE_H
#define RENDER_CHART_HEADLINE_H

#include <cairo.h>

#include "analysis/compare.h"
#include "render/charts.h"

/* The height the category chart of r needs at width w (points). */
double kv_chart_headline_height(cairo_t *cr, const struct kv_compare_result *r, double w);
/* Draws the category chart into b (its height as kv_chart_headline_height). */
void kv_chart_headline(cairo_t *cr, struct kv_box b, const struct kv_compare_result *r);

/* The height of the gap-closed chart, 0 when o has no reference or no
 * variant but the reference has a gap. */
double kv_chart_gap_height(cairo_t *cr, const struct kv_compare_result *r,
			   const struct kv_compare_opts *o, double w);
/* Draws it into b: a panel per variant other than the reference, a bar per
 * category with its bootstrap interval, guides at 0% (no better than the
 * reference) and 100% (the baseline reached). */
void kv_chart_gap(cairo_t *cr, struct kv_box b, const struct kv_compare_result *r,
		  const struct kv_compare_opts *o);

#endif
