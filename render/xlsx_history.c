/*
 * xlsx_history.c - the workbook's History sheet: one table of every change
 * point (kvperf trend's numbers, the series that matter most first), then
 * per changed series its runs in order (position, run mean, segment mean)
 * beside a native line chart of them, the blocks one under the other so
 * that no chart covers another.
 */
#include "render/xlsx_history.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "analysis/trend.h"
#include "render/layout.h"
#include "render/report_history.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Charts at most: a workbook of thousands of charts opens slowly; the data
 * of every changed series is there. */
#define CHARTS_MAX 250
/* A chart: 720 x 288 pixels, at column CHART_COL of its block's first row. */
#define CHART_X     1.5
#define CHART_ROWS  15 /* 288 pixels in rows of 20 */
#define INK_WORSE   0xD55E00
#define INK_BETTER  0x0072B2
#define INK_SAME    0x808080
#define EXPORT_INK  0x404040
#define EXPORT_FILL 0xEDEDED

/* The change points' table. */
enum {
	H_SERIES,
	H_CONFIG,
	H_UNIT,
	H_POSITION,
	H_RUN,
	H_BEFORE_N,
	H_BEFORE,
	H_AFTER_N,
	H_AFTER,
	H_COST,
	H_LO,
	H_HI,
	H_OVERHEAD,
	H_P,
	H_PADJ,
	H_VERDICT,
	H_COLS
};
static const char *const head[H_COLS] = {
    "series",     "configuration", "unit",   "position", "run id", "runs before", "mean before",
    "runs after", "mean after",    "cost C", "C lo",     "C hi",   "overhead",    "p",
    "p adjusted", "verdict"};
/* A changed series' block: its runs in columns of the table's that are wide
 * enough (run, position, run id, run mean, segment mean), its chart right
 * of them. */
static const int bcol[5] = {H_UNIT, H_POSITION, H_RUN, H_BEFORE, H_AFTER};
#define CHART_COL H_LO
static const double widths[H_COLS] = {48, 16, 9, 14, 7, 8, 12, 8, 12, 9, 9, 9, 10, 10, 10, 9};

struct formats {
	lxw_format *text, *num, *cost, *pct, *p, *cnt;
};

static lxw_format *computed(lxw_workbook *wb, const char *code)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_num_format(f, code);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_italic(f);
	format_set_font_color(f, EXPORT_INK);
	format_set_bg_color(f, EXPORT_FILL);
	return f;
}

/* A change point's verdict as kvperf trend words it. */
static const char *verdict_word(enum kv_verdict v)
{
	return v == KV_WORSE ? "regression" : v == KV_BETTER ? "improvement" : "~";
}

/* Regression in the worse colour, improvement in the better, ~ grey. */
static void verdict_colours(struct book *b, lxw_worksheet *ws, lxw_row_t last)
{
	static const struct {
		const char *v;
		lxw_color_t ink;
	} k[] = {{"regression", INK_WORSE}, {"improvement", INK_BETTER}, {"~", INK_SAME}};

	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		lxw_format *f = workbook_add_format(b->wb);
		format_set_font_color(f, k[i].ink);
		format_set_bold(f);
		char crit[16];
		snprintf(crit, sizeof(crit), "\"%s\"", k[i].v);
		lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL,
					     .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
					     .value_string = crit,
					     .format = f};
		kv_xlsx_check(
		    b, worksheet_conditional_format_range(ws, 1, H_VERDICT, last, H_VERDICT, &cf));
	}
}

/* A chart's title: the name (each part cut), the configuration; no control
 * character (a chart's XML cannot hold one); a new string. */
static char *chart_title(const struct kv_trend_series *s)
{
	char *name = kv_history_name(s), cfg[KV_NAME_SIZE(40)];
	struct kv_strbuf t = KV_STRBUF_INIT;

	kv_strbuf_addf(&t, "%s \xc2\xb7 %s", name,
		       kv_name_cut(s->series->config, 40, cfg, sizeof(cfg)));
	free(name);
	char *e = kv_escape_dup(kv_strbuf_str(&t));
	kv_strbuf_release(&t);
	/* libxlsxwriter reads a name that starts with '=' as a formula (a
	 * reference): a space before it keeps it text */
	char *cut = kv_xmalloc(KV_NAME_SIZE(200) + 1);
	cut[0] = ' ';
	kv_name_cut(e, 200, cut + 1, KV_NAME_SIZE(200));
	free(e);
	if (cut[1] != '=') {
		memmove(cut, cut + 1, strlen(cut + 1) + 1);
	}
	return cut;
}

/* The line chart of s, whose runs are rows first..last of the sheet (in
 * the columns bcol names). */
static void series_chart(struct book *b, lxw_worksheet *ws, const struct kv_trend_series *s,
			 lxw_row_t at, lxw_row_t first, lxw_row_t last)
{
	lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_LINE);
	const char *sheet = "History";
	double lo = INFINITY, hi = -INFINITY;

	lxw_chart_series *runs = chart_add_series(chart, NULL, NULL);
	chart_series_set_categories(runs, sheet, first, bcol[1], last, bcol[1]);
	chart_series_set_values(runs, sheet, first, bcol[3], last, bcol[3]);
	chart_series_set_name(runs, "run mean");
	lxw_chart_line thin = {.color = 0x606060, .width = 0.75};
	lxw_chart_fill dark = {.color = 0x404040};
	chart_series_set_line(runs, &thin);
	chart_series_set_marker_type(runs, LXW_CHART_MARKER_CIRCLE);
	chart_series_set_marker_size(runs, 5);
	chart_series_set_marker_fill(runs, &dark);
	chart_series_set_marker_line(runs, &thin);
	lxw_chart_series *seg = chart_add_series(chart, NULL, NULL);
	chart_series_set_categories(seg, sheet, first, bcol[1], last, bcol[1]);
	chart_series_set_values(seg, sheet, first, bcol[4], last, bcol[4]);
	chart_series_set_name(seg, "segment mean");
	bool worse = false;
	for (size_t k = 0; k < s->nchanges; k++) {
		worse = worse || s->changes[k].verdict == KV_WORSE;
	}
	lxw_chart_line step = {.color = worse ? INK_WORSE : INK_BETTER, .width = 2.25};
	chart_series_set_line(seg, &step);
	chart_series_set_marker_type(seg, LXW_CHART_MARKER_NONE);
	/* the value axis around the data, not from 0: a step of 5% shows */
	for (size_t i = 0; i < s->npoints; i++) {
		if (isfinite(s->points[i].value)) {
			lo = fmin(lo, s->points[i].value), hi = fmax(hi, s->points[i].value);
		}
	}
	if (lo < hi) {
		struct kv_ticks t;
		kv_ticks_linear(lo, hi, 5, &t);
		chart_axis_set_min(chart->y_axis, t.lo);
		chart_axis_set_max(chart->y_axis, t.hi);
	}
	char *title = chart_title(s); /* copied by libxlsxwriter */
	chart_title_set_name(chart, title);
	free(title);
	lxw_chart_font font = {.size = 10, .bold = LXW_TRUE};
	chart_title_set_name_font(chart, &font);
	char unit[KV_NAME_SIZE(40) + 1];
	unit[0] = ' '; /* see chart_title() */
	char *u = kv_escape_dup(s->series->unit != NULL && s->series->unit[0] ? s->series->unit
									      : "value");
	kv_name_cut(u, 40, unit + 1, sizeof(unit) - 1);
	free(u);
	chart_axis_set_name(chart->y_axis, unit + (unit[1] != '='));
	chart_axis_set_name(chart->x_axis, "runs in order");
	chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
	lxw_chart_options opt = {.x_scale = CHART_X, .y_scale = 1};
	kv_xlsx_check(b, worksheet_insert_chart_opt(ws, at, CHART_COL, chart, &opt));
}

void kv_xlsx_history_sheet(struct book *b, const struct kv_report_input *in)
{
	const struct kv_trend_series **ranked = NULL;
	char pos[64];

	if (!kv_history_any(in)) {
		return;
	}
	size_t nchanged = kv_history_changed(in, &ranked);
	lxw_worksheet *ws = kv_xlsx_sheet(b, "History");
	struct formats f = {
	    computed(b->wb, "@"),
	    computed(b->wb, "General"),
	    computed(b->wb, "[>=99.95]\"\xc3\x97\"0;[>=9.995]\"\xc3\x97\"0.0;\"\xc3\x97\"0.00"),
	    computed(b->wb, "+0.0%;-0.0%;0.0%"),
	    computed(b->wb, "0.0000"),
	    computed(b->wb, "0")};
	size_t nt = 0;

	kv_xlsx_check(b, worksheet_set_row(ws, 0, 30, NULL));
	for (int c = 0; c < H_COLS; c++) {
		kv_xlsx_check(b,
			      worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], b->head_export));
	}
	kv_xlsx_check(b, worksheet_write_comment(
			     ws, 0, H_COST,
			     "kvperf trend's change points, computed when the workbook was made: "
			     "C is the mean after the change against the mean before (the cost "
			     "ratio: above 1 worse), with its interval; p is the detection test's, "
			     "p adjusted over every series."));
	/* the change points, the series that matter most first */
	int row = 1;
	for (size_t i = 0; i < nchanged; i++) {
		const struct kv_trend_series *s = ranked[i];
		int width = kv_history_time_width(s);
		struct kv_strbuf name = KV_STRBUF_INIT;
		kv_strbuf_addf(&name, "%s %s%s%s %s", s->series->tool, s->series->benchmark,
			       s->series->params[0] ? " " : "", s->series->params,
			       s->series->metric);
		for (size_t k = 0; k < s->nchanges; k++, row++) {
			const struct kv_trend_change *c = &s->changes[k];
			const struct kv_trend_segment *bs = &s->segments[c->before];
			const struct kv_trend_segment *as = &s->segments[c->after];
			kv_xlsx_str(b, ws, row, H_SERIES, kv_strbuf_str(&name), f.text);
			kv_xlsx_str(b, ws, row, H_CONFIG, s->series->config, f.text);
			kv_xlsx_str(b, ws, row, H_UNIT, s->series->unit, f.text);
			kv_xlsx_str(b, ws, row, H_POSITION,
				    kv_history_position(in, s, c->index, width, pos, sizeof(pos)),
				    f.text);
			kv_xlsx_num(b, ws, row, H_RUN, (double)s->points[c->index].run_id, f.cnt);
			kv_xlsx_num(b, ws, row, H_BEFORE_N, (double)bs->n, f.cnt);
			kv_xlsx_num(b, ws, row, H_BEFORE, bs->mean, f.num);
			kv_xlsx_num(b, ws, row, H_AFTER_N, (double)as->n, f.cnt);
			kv_xlsx_num(b, ws, row, H_AFTER, as->mean, f.num);
			kv_xlsx_num(b, ws, row, H_COST, c->cost, f.cost);
			kv_xlsx_num(b, ws, row, H_LO, c->cost_lo, f.cost);
			kv_xlsx_num(b, ws, row, H_HI, c->cost_hi, f.cost);
			kv_xlsx_num(b, ws, row, H_OVERHEAD, c->overhead_pct / 100, f.pct);
			kv_xlsx_num(b, ws, row, H_P, c->p, f.p);
			kv_xlsx_num(b, ws, row, H_PADJ, c->p_adjusted, f.p);
			kv_xlsx_str(b, ws, row, H_VERDICT, verdict_word(c->verdict), f.text);
		}
		kv_strbuf_release(&name);
	}
	if (row == 1) {
		kv_xlsx_str(b, ws, row++, 0, "(no change point: every series analysed is stable)",
			    NULL);
	}
	lxw_row_t last = (lxw_row_t)(row - 1);
	kv_xlsx_check(b, worksheet_autofilter(ws, 0, 0, last, H_COLS - 1));
	verdict_colours(b, ws, last);
	/* each changed series: its runs beside its chart */
	row += 1;
	if (nchanged > CHARTS_MAX) {
		char note[160];
		snprintf(note, sizeof(note),
			 "Charts for the first %d changed series (the data of all %zu are below).",
			 CHARTS_MAX, nchanged);
		kv_xlsx_str(b, ws, row++, 0, note, NULL);
	}
	static const char *const bhead[] = {"run", "position", "run id", "run mean",
					    "segment mean"};
	for (size_t i = 0; i < nchanged; i++) {
		const struct kv_trend_series *s = ranked[i];
		int width = kv_history_time_width(s);
		char *title = chart_title(s);
		lxw_row_t at = (lxw_row_t)row;
		kv_xlsx_str(b, ws, row++, 0, title, b->bold);
		free(title);
		for (int c = 0; c < 5; c++) {
			kv_xlsx_check(b,
				      worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)bcol[c],
							     bhead[c], b->head_export));
		}
		row++;
		lxw_row_t first = (lxw_row_t)row;
		size_t g = 0;
		for (size_t k = 0; k < s->npoints; k++, row++) {
			while (g + 1 < s->nsegments && k >= s->segments[g].to) {
				g++;
			}
			kv_xlsx_num(b, ws, row, bcol[0], (double)(k + 1), f.cnt);
			/* escaped: the chart's XML caches its categories as they are,
			 * where a control character would make the file invalid */
			char *e =
			    kv_escape_dup(kv_history_position(in, s, k, width, pos, sizeof(pos)));
			kv_xlsx_str(b, ws, row, bcol[1], e, f.text);
			free(e);
			kv_xlsx_num(b, ws, row, bcol[2], (double)s->points[k].run_id, f.cnt);
			kv_xlsx_num(b, ws, row, bcol[3], s->points[k].value, f.num);
			kv_xlsx_num(b, ws, row, bcol[4],
				    s->nsegments > 0 ? s->segments[g].mean : NAN, f.num);
		}
		if (nt < CHARTS_MAX && s->npoints > 0) {
			series_chart(b, ws, s, at, first, (lxw_row_t)(row - 1));
			nt++;
		}
		/* the next block under this one's data and chart */
		if ((lxw_row_t)row < at + CHART_ROWS + 1) {
			row = (int)(at + CHART_ROWS + 1);
		}
		row += 1;
	}
	kv_xlsx_widths(ws, widths, H_COLS);
	worksheet_freeze_panes(ws, 1, 0);
	kv_xlsx_printable(b, ws);
	free(ranked);
}
