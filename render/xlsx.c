/*
 * xlsx.c - the workbook to share, with libxlsxwriter: Summary (one row per
 * comparison, an Excel table, formulas over Samples with their values
 * cached), Overview (a native chart), Charts (the forest plots as images),
 * Samples (long form, ready for a pivot table), Runs and About.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "render/compare_out.h"
#include "render/layout.h"
#include "render/report.h"
#include "util/outfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Beyond this many samples the workbook is written in constant-memory mode. */
#define BIG_SAMPLES 200000

struct book {
	lxw_workbook *wb;
	lxw_error first; /* the first libxlsxwriter error: reported at the end */
	lxw_format *head, *pct, *num, *sci, *p4, *text, *bold, *wrap;
	lxw_format *cost, *level; /* "×2.50"; "99.6%" */
	bool big;                 /* constant-memory mode */
};

static void check(struct book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->first == LXW_NO_ERROR) {
		b->first = e;
	}
}

/* A text cell; nothing at all for an empty or missing text. */
static void str(struct book *b, lxw_worksheet *ws, int r, int c, const char *s)
{
	if (s != NULL && s[0] != '\0') {
		check(b, worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, NULL));
	}
}

/* A number, or an empty cell for a value that does not exist. */
static void num(struct book *b, lxw_worksheet *ws, int r, int c, double v, lxw_format *f)
{
	if (isfinite(v)) {
		check(b, worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, v, f));
	} else {
		check(b, worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, f));
	}
}

/* The number that ties a Summary row to its samples: the series' position,
 * from 1, in the Samples sheet's "series" column.  A number, not a text key:
 * with a million samples the sheet is much smaller and faster to write. */
static long series_no(const struct kv_report_input *in, const struct kv_series *s)
{
	return (long)(s - in->series) + 1;
}

/* Printing: landscape, one page wide, the header row on every page. */
static void printable(lxw_worksheet *ws)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
}

static void widths(lxw_worksheet *ws, const double *w, int n)
{
	for (int i = 0; i < n; i++) {
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w[i], NULL);
	}
}

/* Worse in red, better in green, ~ in grey, in column col of rows 1..last. */
static void verdict_colours(struct book *b, lxw_worksheet *ws, lxw_row_t last, int col)
{
	static const struct {
		const char *value;
		lxw_color_t font, fill;
	} rules[] = {{"\"worse\"", 0x9C0006, 0xFFC7CE},
		     {"\"better\"", 0x006100, 0xC6EFCE},
		     {"\"~\"", 0x808080, LXW_COLOR_WHITE}};

	for (size_t k = 0; k < 3; k++) {
		lxw_format *f = workbook_add_format(b->wb);
		format_set_font_color(f, rules[k].font);
		format_set_bg_color(f, rules[k].fill);
		lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL,
					     .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
					     .value_string = (char *)(uintptr_t)rules[k].value,
					     .format = f};
		check(b, worksheet_conditional_format_range(ws, 1, (lxw_col_t)col, last,
							    (lxw_col_t)col, &cf));
	}
}

/* The Summary sheet's columns. */
enum {
	COL_VARIANT,
	COL_TOOL,
	COL_BENCHMARK,
	COL_PARAMS,
	COL_METRIC,
	COL_UNIT,
	COL_DIRECTION,
	COL_CATEGORY,
	COL_BN,
	COL_BMEAN,
	COL_BSD,
	COL_BCV,
	COL_VN,
	COL_VMEAN,
	COL_VSD,
	COL_VCV,
	COL_CHANGE,
	COL_COST,
	COL_OVERHEAD,
	COL_LO,
	COL_HI,
	COL_LEVEL,
	COL_P,
	COL_PADJ,
	COL_VERDICT,
	COL_EQUIV,
	COL_FLAGS,
	COL_CLIFF,
	COL_SUP,
	COL_MDE,
	COL_METHOD,
	COL_MERGED,
	COL_GAP,
	COL_GAP_LO,
	COL_GAP_HI,
	NCOLS
};

static const char *const summary_head[NCOLS] = {"variant",
						"tool",
						"benchmark",
						"params",
						"metric",
						"unit",
						"direction",
						"category",
						"baseline n",
						"baseline mean",
						"baseline sd",
						"baseline CV",
						"variant n",
						"variant mean",
						"variant sd",
						"variant CV",
						"change",
						"cost C",
						"overhead",
						"overhead lo",
						"overhead hi",
						"interval level",
						"p",
						"p adjusted",
						"verdict",
						"equivalent",
						"flags",
						"Cliff's delta",
						"P(superiority)",
						"min detectable",
						"method",
						"merged into",
						"gap closed",
						"gap closed lo",
						"gap closed hi"};

/* A column's letter (the sheet has fewer than 27 columns before the gap). */
static char col_letter(int c)
{
	return (char)('A' + c);
}

/* Means as formulas over Samples when every run holds one sample (the mean
 * of the samples is then the mean of the run means kvperf compares); the
 * change, C and overhead as formulas over the two means. */
static void summary_numbers(struct book *b, lxw_worksheet *ws, const struct kv_report_input *in,
			    const struct kv_comparison *c, int row)
{
	bool formulas = in->o->estimator == KV_EST_MEAN && c->bs.n_samples == c->bs.n &&
			c->vs.n_samples == c->vs.n && isfinite(c->bs.mean) &&
			isfinite(c->vs.mean) && c->method != KV_METHOD_HL;
	const struct kv_series *side[2] = {c->base, c->var};
	const double means[2] = {c->bs.mean, c->vs.mean};
	const int cols[2] = {COL_BMEAN, COL_VMEAN};
	char f[128];

	for (int k = 0; k < 2; k++) {
		if (!formulas) {
			num(b, ws, row, cols[k], means[k], b->num);
			continue;
		}
		snprintf(f, sizeof(f), "=AVERAGEIFS(Samples!$H:$H,Samples!$J:$J,%ld)",
			 series_no(in, side[k]));
		check(b, worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)cols[k], f,
						     b->num, means[k]));
	}
	if (!formulas || !isfinite(c->cost)) {
		num(b, ws, row, COL_CHANGE, c->change_pct / 100, b->pct);
		num(b, ws, row, COL_COST, c->cost, b->cost);
		num(b, ws, row, COL_OVERHEAD, c->overhead_pct / 100, b->pct);
		return;
	}
	/* R = mean_v / mean_b; C = R when lower is better, 1 / R when higher is */
	char bm = col_letter(COL_BMEAN), vm = col_letter(COL_VMEAN);
	int x = row + 1;
	snprintf(f, sizeof(f), "=%c%d/%c%d-1", vm, x, bm, x);
	check(b, worksheet_write_formula_num(ws, (lxw_row_t)row, COL_CHANGE, f, b->pct,
					     c->change_pct / 100));
	if (c->higher) {
		snprintf(f, sizeof(f), "=%c%d/%c%d", bm, x, vm, x);
	} else {
		snprintf(f, sizeof(f), "=%c%d/%c%d", vm, x, bm, x);
	}
	check(b, worksheet_write_formula_num(ws, (lxw_row_t)row, COL_COST, f, b->cost, c->cost));
	strcat(f, "-1");
	check(b, worksheet_write_formula_num(ws, (lxw_row_t)row, COL_OVERHEAD, f, b->pct,
					     c->overhead_pct / 100));
}

static void summary_row(struct book *b, lxw_worksheet *ws, const struct kv_report_input *in,
			const struct kv_comparison *c, int row, double *w)
{
	const char *cells[] = {c->var->config,  c->base->tool, c->base->benchmark, c->base->params,
			       c->base->metric, c->base->unit, c->base->direction, c->category};

	for (int k = 0; k < 8; k++) {
		str(b, ws, row, k, cells[k]);
		w[k] = fmin(40, fmax(w[k], (double)strlen(cells[k]) + 2));
	}
	num(b, ws, row, COL_BN, (double)c->bs.n, NULL);
	num(b, ws, row, COL_BSD, c->bs.sd, b->num);
	num(b, ws, row, COL_BCV, c->bs.cv, b->pct);
	num(b, ws, row, COL_VN, (double)c->vs.n, NULL);
	num(b, ws, row, COL_VSD, c->vs.sd, b->num);
	num(b, ws, row, COL_VCV, c->vs.cv, b->pct);
	summary_numbers(b, ws, in, c, row);
	/* an unbounded end is an empty cell, like a value that does not exist */
	num(b, ws, row, COL_LO, c->overhead_lo / 100, b->pct);
	num(b, ws, row, COL_HI, c->overhead_hi / 100, b->pct);
	num(b, ws, row, COL_LEVEL, c->level, b->level);
	num(b, ws, row, COL_P, c->p, c->p < 0.001 ? b->sci : b->p4);
	num(b, ws, row, COL_PADJ, c->p_adjusted, c->p_adjusted < 0.001 ? b->sci : b->p4);
	str(b, ws, row, COL_VERDICT, kv_verdict_short(c->verdict));
	str(b, ws, row, COL_EQUIV,
	    c->equivalent == KV_EQUIV_YES  ? "yes"
	    : c->equivalent == KV_EQUIV_NO ? "no"
					   : NULL);
	struct kv_strbuf fl = KV_STRBUF_INIT;
	for (unsigned bit = 1; bit <= KV_FLAG_NO_GAP; bit <<= 1) {
		if (c->flags & bit) {
			kv_strbuf_addf(&fl, "%s%s", fl.len ? ", " : "",
				       kv_flag_name((enum kv_flag)bit));
		}
	}
	str(b, ws, row, COL_FLAGS, kv_strbuf_str(&fl));
	w[COL_FLAGS] = fmin(40, fmax(w[COL_FLAGS], (double)fl.len + 2));
	kv_strbuf_release(&fl);
	num(b, ws, row, COL_CLIFF, c->cliffs_delta, b->num);
	num(b, ws, row, COL_SUP, c->prob_superiority, b->num);
	num(b, ws, row, COL_MDE, c->mde_pct / 100, b->pct);
	str(b, ws, row, COL_METHOD, kv_method_name(c->method));
	if (c->merged_into != NULL) {
		char m[256];
		snprintf(m, sizeof(m), "%.6g %s %s", fabs(c->merge_factor),
			 c->merge_factor < 0 ? "/" : "\xc3\x97", c->merged_into->base->metric);
		str(b, ws, row, COL_MERGED, m);
	}
	if (in->o->reference != NULL && c->gap.has) {
		num(b, ws, row, COL_GAP, c->gap.pct / 100, b->pct);
		num(b, ws, row, COL_GAP_LO, c->gap.lo / 100, b->pct);
		num(b, ws, row, COL_GAP_HI, c->gap.hi / 100, b->pct);
	} else if (in->o->reference != NULL) {
		str(b, ws, row, COL_GAP,
		    strcmp(c->var->config, in->o->reference) == 0 ? "(reference)" : "n/a");
	}
}

static void summary_sheet(struct book *b, const struct kv_report_input *in)
{
	/* the gap closed only with --reference */
	const int ncol = in->o->reference ? NCOLS : COL_GAP;
	const struct kv_compare_result *r = in->r;
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Summary");
	double w[NCOLS];

	for (int c = 0; c < ncol; c++) {
		w[c] = fmax(9, (double)strlen(summary_head[c]) + 2);
	}
	w[COL_METHOD] = 18;
	w[COL_MERGED] = 18;
	/* the header is the table's (or, in constant-memory mode, written here) */
	if (b->big) {
		for (int c = 0; c < ncol; c++) {
			check(b, worksheet_write_string(ws, 0, (lxw_col_t)c, summary_head[c],
							b->head));
		}
	}
	for (size_t i = 0; i < r->n; i++) {
		summary_row(b, ws, in, &r->c[i], (int)i + 1, w);
	}
	widths(ws, w, ncol);
	lxw_row_t last = (lxw_row_t)(r->n > 0 ? r->n : 1);
	if (!b->big) {
		lxw_table_column cols[NCOLS];
		lxw_table_column *colp[NCOLS + 1];
		for (int c = 0; c < ncol; c++) {
			memset(&cols[c], 0, sizeof(cols[c]));
			cols[c].header = (char *)(uintptr_t)summary_head[c];
			colp[c] = &cols[c];
		}
		colp[ncol] = NULL;
		lxw_table_options t = {.name = (char *)(uintptr_t) "Comparisons",
				       .style_type = LXW_TABLE_STYLE_TYPE_LIGHT,
				       .style_type_number = 9,
				       .columns = colp};
		check(b, worksheet_add_table(ws, 0, 0, last, (lxw_col_t)(ncol - 1), &t));
	} else {
		check(b, worksheet_autofilter(ws, 0, 0, last, (lxw_col_t)(ncol - 1)));
	}
	worksheet_freeze_panes(ws, 1, 5);
	printable(ws);
	verdict_colours(b, ws, last, COL_VERDICT);
	/* a colour scale on the overhead, full at x0.5 (-50%) and x2 (+100%) */
	lxw_conditional_format scale = {.type = LXW_CONDITIONAL_3_COLOR_SCALE,
					.min_color = 0x0072B2,
					.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
					.min_value = -0.5,
					.mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
					.mid_value = 0,
					.mid_color = LXW_COLOR_WHITE,
					.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
					.max_value = 1,
					.max_color = 0xD55E00};
	check(b,
	      worksheet_conditional_format_range(ws, 1, COL_OVERHEAD, last, COL_OVERHEAD, &scale));
}

static void overview_sheet(struct book *b, const struct kv_report_input *in)
{
	static const char *const head[] = {
	    "variant",      "category",   "metrics",         "baseline runs",
	    "variant runs", "cost G",     "overhead",        "interval lo",
	    "interval hi",  "verdict",    "interval method", "paired",
	    "merged",       "gap closed", "gap closed lo",   "gap closed hi"};
	const struct kv_compare_result *r = in->r;
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Overview");
	const double w[] = {18, 12, 9, 14, 13, 10, 11, 12, 12, 9, 32, 8, 8, 12, 14, 14};
	const int ncol = in->o->reference != NULL ? 16 : 13;
	char range[128], m[96];

	for (int c = 0; c < ncol; c++) {
		check(b, worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], b->head));
	}
	for (size_t i = 0; i < r->nsummary; i++) {
		const struct kv_summary_row *s = &r->summary[i];
		int row = (int)i + 1;
		str(b, ws, row, 0, s->variant);
		str(b, ws, row, 1, s->category);
		num(b, ws, row, 2, (double)s->s.k, NULL);
		num(b, ws, row, 3, (double)s->s.runs_b, NULL);
		num(b, ws, row, 4, (double)s->s.runs_v, NULL);
		num(b, ws, row, 5, s->s.cost, b->cost);
		num(b, ws, row, 6, s->s.overhead_pct / 100, b->pct);
		num(b, ws, row, 7, s->s.lo - 1, b->pct);
		num(b, ws, row, 8, s->s.hi - 1, b->pct);
		str(b, ws, row, 9, kv_verdict_short(s->verdict));
		kv_fmt_sum_method(&s->s, m, sizeof(m));
		str(b, ws, row, 10, m);
		num(b, ws, row, 11, (double)s->s.paired, NULL);
		num(b, ws, row, 12, (double)s->merged, NULL);
		if (ncol > 13 && s->gap.has) {
			num(b, ws, row, 13, s->gap.pct / 100, b->pct);
			num(b, ws, row, 14, s->gap.lo / 100, b->pct);
			num(b, ws, row, 15, s->gap.hi / 100, b->pct);
		} else if (ncol > 13) {
			str(b, ws, row, 13, "(reference)");
		}
	}
	widths(ws, w, ncol);
	worksheet_freeze_panes(ws, 1, 0);
	printable(ws);
	if (r->nsummary == 0) {
		return;
	}
	verdict_colours(b, ws, (lxw_row_t)r->nsummary, 9);
	/* G on a log axis crossed at 1: bars run right when the variant is worse */
	lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_BAR);
	char cats[128];
	snprintf(range, sizeof(range), "=Overview!$F$2:$F$%zu", r->nsummary + 1);
	snprintf(cats, sizeof(cats), "=Overview!$A$2:$B$%zu", r->nsummary + 1);
	lxw_chart_series *series = chart_add_series(chart, cats, range);
	chart_series_set_name(series, "geometric mean of the cost ratios");
	lxw_chart_fill *fills = kv_xcalloc(r->nsummary, sizeof(*fills));
	lxw_chart_point *pts = kv_xcalloc(r->nsummary, sizeof(*pts));
	lxw_chart_point **pp = kv_xcalloc(r->nsummary + 1, sizeof(*pp));
	for (size_t i = 0; i < r->nsummary; i++) {
		enum kv_verdict v = r->summary[i].verdict;
		bool up = r->summary[i].s.cost > 1;
		fills[i].color = v == KV_WORSE    ? 0xD55E00
				 : v == KV_BETTER ? 0x0072B2
				 : up             ? 0xF2CFB3
						  : 0xB3D4E8;
		pts[i].fill = &fills[i];
		pp[i] = &pts[i];
	}
	check(b, chart_series_set_points(series, pp));
	chart_series_set_labels(series); /* each bar's G: a log axis has few ticks */
	chart_series_set_labels_num_format(series, "\"\xc3\x97\"0.00");
	chart_series_set_labels_position(series, LXW_CHART_LABEL_POSITION_INSIDE_END);
	free(pp);
	free(pts);
	free(fills);
	chart_title_set_name(chart, "Geometric mean of the cost ratio C (log scale; \xc3\x97"
				    "2 = overhead +100%)");
	/* the range of round cost ratios that holds every G and 1 */
	double lo = 1, hi = 1;
	for (size_t i = 0; i < r->nsummary; i++) {
		if (r->summary[i].s.cost > 0 && isfinite(r->summary[i].s.cost)) {
			lo = fmin(lo, r->summary[i].s.cost);
			hi = fmax(hi, r->summary[i].s.cost);
		}
	}
	struct kv_ticks t;
	kv_ticks_cost(lo, hi, &t);
	chart_axis_set_log_base(chart->x_axis, 2);
	chart_axis_set_min(chart->x_axis, t.lo);
	chart_axis_set_max(chart->x_axis, t.hi);
	chart_axis_set_crossing(chart->x_axis, 1);
	chart_axis_set_num_format(chart->x_axis, "\"\xc3\x97\"0.0#");
	chart_axis_set_reverse(chart->y_axis);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	lxw_chart_options opt = {.x_scale = 2, .y_scale = 1.5};
	check(b, worksheet_insert_chart_opt(ws, (lxw_row_t)(r->nsummary + 3), 0, chart, &opt));
}

static void charts_sheet(struct book *b, const struct kv_report_input *in, unsigned char **bufs)
{
	const struct kv_compare_result *r = in->r;
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Charts");
	lxw_row_t row = 0;

	str(b, ws, 0, 0,
	    "The forest plots of the PDF report: overhead with its interval, per comparison.");
	row = 2;
	for (size_t v = 0; v < r->nvariants; v++) {
		size_t len;
		if (kv_report_forest_png(in, r->variants[v], 1400, 900, &bufs[v], &len) < 0) {
			str(b, ws, (int)row, 0, "(this chart could not be drawn)");
			row += 2;
			continue;
		}
		lxw_image_options io = {.x_scale = 0.5, .y_scale = 0.5};
		check(b, worksheet_insert_image_buffer_opt(ws, row, 0, bufs[v], len, &io));
		/* the image's height in rows of 15 points, plus a gap */
		unsigned h = ((unsigned)bufs[v][20] << 24) | ((unsigned)bufs[v][21] << 16) |
			     ((unsigned)bufs[v][22] << 8) | bufs[v][23];
		row += (lxw_row_t)(h / 2 / 20 + 3);
	}
}

static const char *start_of(const struct kv_report_input *in, int64_t run)
{
	for (size_t i = 0; i < in->nruns; i++) {
		if (in->runs[i].id == run) {
			return in->runs[i].start_time;
		}
	}
	return NULL;
}

static void samples_sheet(struct book *b, const struct kv_report_input *in)
{
	static const char *const head[] = {"config", "run",  "tool",  "benchmark",  "params",
					   "metric", "unit", "value", "start_time", "series"};
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Samples");
	const double w[] = {16, 6, 12, 24, 30, 24, 9, 14, 21, 7};
	int row = 1;

	widths(ws, w, 10);
	for (int c = 0; c < 10; c++) {
		check(b, worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], b->head));
	}
	for (size_t i = 0; i < in->nseries; i++) {
		const struct kv_series *s = &in->series[i];
		for (size_t j = 0; j < s->n_runs; j++) {
			const char *start = start_of(in, s->run_id[j]);
			for (size_t k = s->run_off[j]; k < s->run_off[j + 1]; k++, row++) {
				str(b, ws, row, 0, s->config);
				num(b, ws, row, 1, (double)s->run_id[j], NULL);
				str(b, ws, row, 2, s->tool);
				str(b, ws, row, 3, s->benchmark);
				str(b, ws, row, 4, s->params);
				str(b, ws, row, 5, s->metric);
				str(b, ws, row, 6, s->unit);
				num(b, ws, row, 7, s->values[k], NULL);
				str(b, ws, row, 8, start);
				num(b, ws, row, 9, (double)series_no(in, s), NULL);
			}
		}
	}
	check(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(row > 1 ? row - 1 : 1), 9));
	worksheet_freeze_panes(ws, 1, 0);
	printable(ws);
}

static void runs_sheet(struct book *b, const struct kv_report_input *in)
{
	static const char *const head[] = {"run",          "config", "start_time", "host",  "tool",
					   "tool_version", "source", "format",     "sha256"};
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Runs");
	const char **keys = NULL;
	size_t nk = 0;

	/* every label key once, sorted, a column each */
	for (size_t i = 0; i < in->nruns; i++) {
		for (size_t j = 0; j < in->runs[i].nlabels; j++) {
			const char *k = in->runs[i].labels[j].key;
			size_t at = 0;
			while (at < nk && strcmp(keys[at], k) < 0) {
				at++;
			}
			if (at < nk && strcmp(keys[at], k) == 0) {
				continue;
			}
			keys = kv_xreallocarray(keys, nk + 1, sizeof(*keys));
			memmove(keys + at + 1, keys + at, (nk - at) * sizeof(*keys));
			keys[at] = k;
			nk++;
		}
	}
	for (int c = 0; c < 9; c++) {
		check(b, worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], b->head));
	}
	for (size_t k = 0; k < nk; k++) {
		check(b, worksheet_write_string(ws, 0, (lxw_col_t)(9 + k), keys[k], b->head));
	}
	for (size_t i = 0; i < in->nruns; i++) {
		const struct kv_db_runinfo *ri = &in->runs[i];
		int row = (int)i + 1;
		num(b, ws, row, 0, (double)ri->id, NULL);
		const char *cells[] = {ri->config,       ri->start_time, ri->host,   ri->tool,
				       ri->tool_version, ri->source,     ri->format, ri->sha256};
		for (int c = 0; c < 8; c++) {
			str(b, ws, row, c + 1, cells[c]);
		}
		for (size_t k = 0; k < nk; k++) {
			for (size_t j = 0; j < ri->nlabels; j++) {
				if (strcmp(ri->labels[j].key, keys[k]) == 0) {
					str(b, ws, row, (int)(9 + k), ri->labels[j].value);
				}
			}
		}
	}
	const double w[] = {6, 16, 21, 12, 12, 12, 50, 11, 66};
	widths(ws, w, 9);
	worksheet_set_column(ws, 9, (lxw_col_t)(9 + (nk ? nk : 1) - 1), 18, NULL);
	check(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(in->nruns ? in->nruns : 1),
				      (lxw_col_t)(8 + nk)));
	worksheet_freeze_panes(ws, 1, 2);
	printable(ws);
	free(keys);
}

static void about_sheet(struct book *b, const struct kv_report_input *in)
{
	const struct kv_compare_opts *o = in->o;
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "About");
	static const char *const adj[] = {"none", "holm", "hochberg", "bh", "by", "bonferroni"};
	struct kv_strbuf v = KV_STRBUF_INIT;
	char conf[32], seed[32], methods[1024], levels[1024], adjust[256], overhead[512];
	int row = 0;

	for (size_t i = 0; in->r != NULL && i < in->r->nvariants; i++) {
		kv_strbuf_addf(&v, "%s%s", i ? ", " : "", in->r->variants[i]);
	}
	snprintf(conf, sizeof(conf), "%g", o->confidence);
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)o->seed);
	snprintf(adjust, sizeof(adjust), "%s: %s", adj[o->adjust], kv_adjust_explain(o->adjust));
	snprintf(overhead, sizeof(overhead),
		 "%s; stored as a fraction with a %% format (the cost ratio C in its own column)",
		 kv_overhead_definition);
	methods[0] = levels[0] = '\0';
	if (in->r != NULL) {
		kv_fmt_methods(in->r, methods, sizeof(methods));
		kv_fmt_levels(in->r, o, levels, sizeof(levels));
	}
	const char *rows[][2] = {
	    {"made by", "kvperf report"},
	    {"kvperf version", in->version},
	    {"date", in->date},
	    {"database", in->db_path},
	    {"baseline", o->baseline},
	    {"variants", kv_strbuf_str(&v)},
	    {"confidence", conf},
	    {"intervals", levels},
	    {"estimator",
	     o->estimator == KV_EST_MEAN ? "mean of run means" : "median of run means"},
	    {"methods", methods},
	    {"p adjustment", adjust},
	    {"bootstrap seed", seed},
	    {"overhead", overhead},
	    {"change", kv_change_definition},
	    {"verdict", "worse or better exactly when the printed interval lies wholly above or "
			"below 0; ~ otherwise"},
	    {"Overview", "the geometric mean G of C per variant and category, with an interval "
			 "that keeps the correlation of metrics measured in the same runs"},
	    {"Summary formulas",
	     "means, change, C and overhead are formulas over Samples (AVERAGEIFS by its "
	     "series column) where every run holds one sample; edit or delete a sample and "
	     "they follow (the interval, p and verdict do not)"},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++, row++) {
		check(b, worksheet_write_string(ws, (lxw_row_t)row, 0, rows[i][0], b->bold));
		str(b, ws, row, 1, rows[i][1]);
	}
	worksheet_set_column(ws, 0, 0, 18, NULL);
	worksheet_set_column(ws, 1, 1, 120, NULL);
	kv_strbuf_release(&v);
}

int kv_report_xlsx(const struct kv_report_input *in, const char *path, struct kv_error *err)
{
	size_t nsamples = 0;
	char *tmp = kv_tmp_name(path);
	struct book b = {0};
	unsigned char **pngs;
	int ret;

	for (size_t i = 0; i < in->nseries; i++) {
		nsamples += in->series[i].run_off[in->series[i].n_runs];
	}
	b.big = nsamples > BIG_SAMPLES;
	lxw_workbook_options opt = {.constant_memory = b.big ? LXW_TRUE : LXW_FALSE};
	b.wb = workbook_new_opt(tmp, &opt);
	if (b.wb == NULL) {
		kv_fail(err, KV_EXIT_FAILURE, "cannot write '%s'", path);
		free(tmp);
		return -1;
	}
	lxw_doc_properties props = {.title = (char *)(uintptr_t)in->title,
				    .subject = (char *)(uintptr_t) "overhead against a baseline",
				    .author = (char *)(uintptr_t) "kvperf",
				    .comments = (char *)(uintptr_t) "made by kvperf report",
				    .created = in->source_date >= 0 ? (time_t)in->source_date
								    : time(NULL)};
	check(&b, workbook_set_properties(b.wb, &props));
	b.head = workbook_add_format(b.wb);
	format_set_bold(b.head);
	format_set_bottom(b.head, LXW_BORDER_THIN);
	b.bold = workbook_add_format(b.wb);
	format_set_bold(b.bold);
	b.pct = workbook_add_format(b.wb);
	format_set_num_format(b.pct, "0.0%");
	b.num = workbook_add_format(b.wb);
	format_set_num_format(b.num, "General");
	b.sci = workbook_add_format(b.wb);
	format_set_num_format(b.sci, "0.00E+00");
	b.p4 = workbook_add_format(b.wb);
	format_set_num_format(b.p4, "0.0000");
	b.cost = workbook_add_format(b.wb);
	format_set_num_format(b.cost, "\"\xc3\x97\"0.00");
	b.level = workbook_add_format(b.wb);
	format_set_num_format(b.level, "0.0##%");
	pngs = kv_xcalloc(in->r != NULL && in->r->nvariants ? in->r->nvariants : 1, sizeof(*pngs));
	if (in->r != NULL) {
		summary_sheet(&b, in);
		overview_sheet(&b, in);
		charts_sheet(&b, in, pngs);
	}
	samples_sheet(&b, in);
	runs_sheet(&b, in);
	about_sheet(&b, in);
	lxw_error e = workbook_close(b.wb); /* frees the workbook, even on error */
	for (size_t i = 0; in->r != NULL && i < in->r->nvariants; i++) {
		free(pngs[i]);
	}
	free(pngs);
	if (b.first == LXW_NO_ERROR) {
		b.first = e;
	}
	ret = kv_tmp_finish(tmp, path, b.first != LXW_NO_ERROR ? lxw_strerror(b.first) : NULL, err);
	free(tmp);
	return ret;
}
