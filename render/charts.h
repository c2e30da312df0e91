/*
 * charts.h - the charts, each drawn into a box of a cairo context, so the
 * PDF pages and the SVG/PNG files share one drawing.
 */
#ifndef RENDER_CHARTS_H
#define RENDER_CHARTS_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "render/layout.h"
#include "render/report.h"

struct kv_box {
	double x, y, w, h;
};

/* Geometric-mean overhead per variant and category: bars with whiskers. */
void kv_chart_summary(cairo_t *cr, struct kv_box b, const struct kv_report_input *in);

/*
 * The forest plot and the heat map: one row per metric, on a log axis of the
 * cost ratio C whose ticks read both as overhead % and as xC.  Rows come
 * grouped by tool under a header, ordered by overhead (the largest first),
 * each labelled with what tells it apart from the other rows of its tool
 * (the metric, the benchmark, the parameters that differ), wrapped, never
 * cut.  The axis is fixed once for every page of one plot, and it shows
 * every point: an interval running past its end, or without a bound, is an
 * arrow explained in the legend.
 */
struct kv_forest_row {
	const struct kv_series *base;   /* the baseline's series: the metric */
	const struct kv_comparison **c; /* one per variant shown; NULL where missing */
	char *label;                    /* what tells the row apart within its group */
	const char *header;             /* its group's header (tool, common parameters) */
	double key;                     /* sort key: the largest overhead, -inf for none */
	double group_key;               /* its group's largest key: groups sort by it */
	double h;                       /* its height as last measured */
	double head_h;                  /* its group header's height as last measured */
};

struct kv_forest {
	const struct kv_report_input *in;
	const char **variants; /* shown: one, or every variant of the comparison */
	size_t *color;         /* kv_palette index of each (1 + its place among all) */
	size_t nvar;
	struct kv_forest_row *rows; /* grouped by tool, ordered */
	size_t nrows;
	char **headers; /* the groups' headers, owned */
	size_t ngroups;
	struct kv_ticks axis; /* the same on every page */
	double heat_max;      /* |log2 C| at which the heat map's colours saturate */
	unsigned marks;       /* the symbols drawn anywhere in the plot, for its legend */
	bool links;           /* labels link to the detail panels (a PDF's pages) */
	/* the layout last measured (by width and kind) */
	double width;       /* 0 before the first */
	bool heatmap;       /* measured as a heat map */
	double top, bottom; /* above the rows (title, column heads); below (axis, legend) */
	double label_w;     /* the label column */
	double value_w;     /* the value column (forest) or a cell (heat map) */
	int value_lines;    /* a value text's lines: 1, or 2 when too wide */
};

/* The rows of variant (NULL: every variant, one row per metric with a
 * marker for each), of the comparisons only marks (per comparison of
 * in->r; NULL: every one), grouped, ordered and labelled, on one axis;
 * release with kv_forest_release(). */
void kv_forest_init(struct kv_forest *f, const struct kv_report_input *in, const char *variant,
		    const bool *only);
void kv_forest_release(struct kv_forest *f);
/* Splits the rows into pages of box size w x h, balanced so that no page is
 * nearly empty; every page holds at least one row.  Returns the number of
 * pages; (*start)[p] is page p's first row, (*start)[pages] = nrows (a new
 * array, free with free()). */
size_t kv_forest_pages(cairo_t *cr, struct kv_forest *f, bool heatmap, double w, double h,
		       size_t **start);
/* The height rows [first, first + n) take as one page of width w. */
double kv_forest_height(cairo_t *cr, struct kv_forest *f, bool heatmap, double w, size_t first,
			size_t n);
/* Draws rows [first, first + n) into b (of kv_forest_height), part of parts
 * in the title when parts > 1. */
void kv_chart_forest(cairo_t *cr, struct kv_box b, struct kv_forest *f, size_t first, size_t n,
		     size_t part, size_t parts);
/* The same rows as a heat map: a column per variant, a cell per comparison
 * coloured by log C (muted: no significant change). */
void kv_chart_heatmap(cairo_t *cr, struct kv_box b, struct kv_forest *f, size_t first, size_t n,
		      size_t part, size_t parts);

/* What names a series in a chart's title or a heading: its tool (when
 * tool), benchmark and parameters, and its metric (when metric), space
 * apart, each name and parameter cut to KV_NAME_CHARS characters: a new
 * string (free with free()). */
char *kv_series_name(const struct kv_series *s, bool tool, bool metric);

/* The name of the link destination at the detail panel of the metric base
 * (a PDF's named destination, "m" and a number). */
void kv_chart_dest(const struct kv_compare_result *r, const struct kv_series *base, char *buf,
		   size_t size);

/* The detail panel of one metric: a title with, for each variant, the
 * overhead, its interval, p, the verdict and n, and whether lower or higher
 * is better; under it a box plot and every sample (jittered) of each
 * configuration, on an axis from 0 for non-negative data.  cs: the
 * metric's comparisons, one per variant.  The height it needs at width w: */
double kv_chart_detail_height(cairo_t *cr, double w, const struct kv_report_input *in,
			      const struct kv_comparison *const *cs, size_t n);
#define KV_DETAIL_PLOT_H 96 /* of that height, the plot's (a larger box gets a larger plot) */
void kv_chart_detail(cairo_t *cr, struct kv_box b, const struct kv_report_input *in,
		     const struct kv_comparison *const *cs, size_t n);

/* A metric measured at several values of one numeric parameter. */
struct kv_sweep {
	const char *tool, *benchmark, *metric, *unit, *param;
	const struct kv_comparison **c; /* one per (value, variant), any order */
	size_t n;
};
/* The overhead (C with its interval as a band) of each variant against the
 * parameter, on a categorical axis for integers, log2 for powers of two. */
void kv_chart_sweep(cairo_t *cr, struct kv_box b, const struct kv_report_input *in,
		    const struct kv_sweep *s);

/*
 * Drawing shared by the chart files (charts.c, forest.c).
 */
#define KV_TITLE_SIZE 10  /* a chart's title */
#define KV_LABEL_SIZE 7.5 /* row labels */
#define KV_SMALL_SIZE 6.5 /* ticks, values, legends: the smallest text */

/* Symbols of a chart's legend. */
enum kv_mark {
	KV_MARK_WORSE = 1 << 0,     /* filled dot, the worse colour */
	KV_MARK_BETTER = 1 << 1,    /* filled dot, the better colour */
	KV_MARK_SAME = 1 << 2,      /* grey dot (one variant) or open dot (several): ~ */
	KV_MARK_SIGNIF = 1 << 3,    /* several variants: filled dot, worse or better */
	KV_MARK_NOTEST = 1 << 4,    /* open square: no test (no variation, too few runs) */
	KV_MARK_ARROW = 1 << 5,     /* an interval running past the axis's end */
	KV_MARK_UNBOUNDED = 1 << 6, /* dashed with arrows: no bounded interval */
	KV_MARK_NORATIO = 1 << 7,   /* n/a: no ratio (a mean at or below zero) */
};

void kv_set_color(cairo_t *cr, struct kv_rgb c);
void kv_draw_line(cairo_t *cr, double x0, double y0, double x1, double y1, double width);
/* The colour of a verdict: worse warm, better cool, the rest grey. */
struct kv_rgb kv_verdict_color(enum kv_verdict v);
/* Where v falls on axis t drawn from a to b (a log axis: -inf beyond its
 * left for v <= 0). */
double kv_axis_map(const struct kv_ticks *t, double v, double a, double b);
/* A horizontal log axis of C under [x0, x1] at y, grid lines up to top,
 * each tick labelled twice: the overhead ("+100%") over the ratio ("×2");
 * with title, the axis's title under them.  Returns the height used below y. */
double kv_cost_axis(cairo_t *cr, const struct kv_ticks *t, double x0, double x1, double y,
		    double top, const char *title);
/* The dashed line of C = 1 (no overhead) from top to bottom. */
void kv_zero_line(cairo_t *cr, const struct kv_ticks *t, double x0, double x1, double top,
		  double bottom);
/* A point of a cost chart at (x, y) in colour col: the symbol of mark. */
void kv_draw_mark(cairo_t *cr, double x, double y, unsigned mark, struct kv_rgb col);
/* An interval from xa to xb at y, cut at [x0, x1] with an arrow where it
 * runs past; returns true when it drew an arrow. */
bool kv_draw_whisker(cairo_t *cr, double xa, double xb, double y, double x0, double x1);
/* "×1.99 +99.1% [+97.0, +101.2]": C, the overhead and its interval ("no
 * bounded interval", "no test", "n/a: no ratio" where there is none). */
void kv_cost_text(const struct kv_comparison *c, char *buf, size_t size);

/* A legend entry: a symbol (enum kv_mark, or 0 for a swatch of col) and
 * its text. */
struct kv_legend_item {
	unsigned mark;
	struct kv_rgb col;
	const char *text;
};
/* Lays the items out in lines of at most w from (x, y), y the first
 * baseline; draws them when draw is true.  Returns the height. */
double kv_legend(cairo_t *cr, double x, double y, double w, const struct kv_legend_item *items,
		 size_t n, bool draw);
/* The items that explain the marks (enum kv_mark) of a cost chart. */
size_t kv_legend_marks(unsigned marks, struct kv_legend_item *items, size_t max);

#endif
