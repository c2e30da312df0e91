/*
 * report_history.h - the history of the series (kvperf trend) in the
 * report's files: the PDF's History section, the workbook's History sheet
 * and a chart file per changed series share what is shown and in which
 * order.  Not for other modules.
 */
#ifndef RENDER_REPORT_HISTORY_H
#define RENDER_REPORT_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/trend.h"
#include "render/report.h"
#include "render/report_doc.h"
#include "render/trend_chart.h"

/* Whether in has a history to show: a series analysed (with enough runs in
 * order), whether or not it changed. */
bool kv_history_any(const struct kv_report_input *in);

/* The series with a change point, the most important first: those with a
 * significant change first, the largest |log C| of their significant
 * changes (else of any) first among them, then the input's order.  Returns
 * how many; *out a new array of borrowed pointers (free with free()). */
size_t kv_history_changed(const struct kv_report_input *in, const struct kv_trend_series ***out);

/* What names a series: its tool, benchmark, parameters and metric, each cut
 * (kv_series_name): a new string (free with free()). */
char *kv_history_name(const struct kv_trend_series *s);

/* Point i's position as text: the ordering label's value, or its start
 * time to width characters (kv_history_time_width); never NULL (borrowed,
 * or written into buf of size bytes). */
const char *kv_history_position(const struct kv_report_input *in, const struct kv_trend_series *s,
				size_t i, int width, char *buf, size_t size);
/* How much of a start time tells the points of s apart: 10 (the date), 16
 * (the minute) or 19 characters (the second). */
int kv_history_time_width(const struct kv_trend_series *s);

/* A series as the chart draws it; release with kv_history_plot_release(). */
struct kv_history_plot {
	struct kv_trend_plot p;
	char *title;                /* owned: the name, "·" and the configuration */
	char **labels;              /* owned: per point its position */
	char **axis;                /* owned: the same on the axis (the time alone on one day) */
	double *y;                  /* owned */
	struct kv_trend_seg *seg;   /* owned */
	struct kv_trend_mark *mark; /* owned */
};
void kv_history_plot_init(struct kv_history_plot *hp, const struct kv_report_input *in,
			  const struct kv_trend_series *s);
void kv_history_plot_release(struct kv_history_plot *hp);

/* The PDF's History section (report_history.c): nothing when there is no
 * history. */
void kv_doc_history_pages(struct doc *d);

#endif
