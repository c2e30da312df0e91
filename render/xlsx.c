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
	bool big; /* constant-memory mode */
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

static const char *verdict_cell(enum kv_verdict v)
{
	return v == KV_SAME ? "~" : v == KV_VERDICT_NA ? "n/a" : kv_verdict_name(v);
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

static void summary_sheet(struct book *b, const struct kv_report_input *in, size_t nsamples)
{
	static const char *const head[] = {
	    "variant",        "tool",        "benchmark",     "params",        "metric",
	    "unit",           "direction",   "category",      "baseline n",    "baseline mean",
	    "baseline sd",    "baseline CV", "variant n",     "variant mean",  "variant sd",
	    "variant CV",     "overhead",    "overhead lo",   "overhead hi",   "p",
	    "p adjusted",     "verdict",     "flags",         "Cliff's delta", "P(superiority)",
	    "min detectable", "gap closed",  "gap closed lo", "gap closed hi"};
	/* the gap closed only with --reference */
	const int ncol = (int)(sizeof(head) / sizeof(head[0])) - (in->o->reference ? 0 : 3);
	const struct kv_compare_result *r = in->r;
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Summary");
	double w[32];
	char ref[64];

	(void)nsamples;
	for (int c = 0; c < ncol; c++) {
		w[c] = fmax(9, (double)strlen(head[c]) + 2);
	}
	/* the header is the table's (or, in constant-memory mode, written here) */
	if (b->big) {
		for (int c = 0; c < ncol; c++) {
			check(b, worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], b->head));
		}
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_comparison *c = &r->c[i];
		int row = (int)i + 1;
		const char *cells[] = {c->var->config,     c->base->tool,   c->base->benchmark,
				       c->base->params,    c->base->metric, c->base->unit,
				       c->base->direction, c->category};
		for (int k = 0; k < 8; k++) {
			str(b, ws, row, k, cells[k]);
			w[k] = fmin(40, fmax(w[k], (double)strlen(cells[k]) + 2));
		}
		num(b, ws, row, 8, (double)c->bs.n, NULL);
		/* Means as formulas over Samples when every run holds one sample (the mean
		 * of the samples is then the mean of the run means kvperf compares). */
		bool formulas = in->o->estimator == KV_EST_MEAN && c->bs.n_samples == c->bs.n &&
				c->vs.n_samples == c->vs.n && isfinite(c->bs.mean) &&
				isfinite(c->vs.mean);
		const struct kv_series *side[2] = {c->base, c->var};
		const double means[2] = {c->bs.mean, c->vs.mean};
		const int cols[2] = {9, 13};
		for (int k = 0; k < 2; k++) {
			if (!formulas) {
				num(b, ws, row, cols[k], means[k], b->num);
				continue;
			}
			char f[96];
			snprintf(f, sizeof(f), "=AVERAGEIFS(Samples!$H:$H,Samples!$J:$J,%ld)",
				 series_no(in, side[k]));
			check(b, worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)cols[k],
							     f, b->num, means[k]));
		}
		num(b, ws, row, 10, c->bs.sd, b->num);
		num(b, ws, row, 11, c->bs.cv, b->pct);
		num(b, ws, row, 12, (double)c->vs.n, NULL);
		num(b, ws, row, 14, c->vs.sd, b->num);
		num(b, ws, row, 15, c->vs.cv, b->pct);
		/* the overhead as a fraction with a % format; a formula over the two means */
		if (formulas && isfinite(c->overhead_pct)) {
			snprintf(ref, sizeof(ref), c->higher ? "=1-N%d/J%d" : "=N%d/J%d-1", row + 1,
				 row + 1);
			check(b, worksheet_write_formula_num(ws, (lxw_row_t)row, 16, ref, b->pct,
							     c->overhead_pct / 100));
		} else {
			num(b, ws, row, 16, c->overhead_pct / 100, b->pct);
		}
		num(b, ws, row, 17, c->overhead_lo / 100, b->pct);
		num(b, ws, row, 18, c->overhead_hi / 100, b->pct);
		num(b, ws, row, 19, c->p, c->p < 0.001 ? b->sci : b->p4);
		num(b, ws, row, 20, c->p_adjusted, c->p_adjusted < 0.001 ? b->sci : b->p4);
		str(b, ws, row, 21, verdict_cell(c->verdict));
		struct kv_strbuf fl = KV_STRBUF_INIT;
		for (unsigned bit = 1; bit <= KV_FLAG_NO_GAP; bit <<= 1) {
			if (c->flags & bit) {
				kv_strbuf_addf(&fl, "%s%s", fl.len ? ", " : "",
					       kv_flag_name((enum kv_flag)bit));
			}
		}
		str(b, ws, row, 22, kv_strbuf_str(&fl));
		w[22] = fmin(40, fmax(w[22], (double)fl.len + 2));
		kv_strbuf_release(&fl);
		num(b, ws, row, 23, c->cliffs_delta, b->num);
		num(b, ws, row, 24, c->prob_superiority, b->num);
		num(b, ws, row, 25, c->mde_pct / 100, b->pct);
		if (in->o->reference != NULL && c->gap.has) {
			num(b, ws, row, 26, c->gap.pct / 100, b->pct);
			num(b, ws, row, 27, c->gap.lo / 100, b->pct);
			num(b, ws, row, 28, c->gap.hi / 100, b->pct);
		} else if (in->o->reference != NULL) {
			str(b, ws, row, 26,
			    strcmp(c->var->config, in->o->reference) == 0 ? "(reference)" : "n/a");
		}
	}
	widths(ws, w, ncol);
	lxw_row_t last = (lxw_row_t)(r->n > 0 ? r->n : 1);
	if (!b->big) {
		lxw_table_column cols[32];
		lxw_table_column *colp[33];
		for (int c = 0; c < ncol; c++) {
			memset(&cols[c], 0, sizeof(cols[c]));
			cols[c].header = (char *)(uintptr_t)head[c];
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
	/* worse in red, better in green, ~ in grey; a colour scale on the overhead */
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
		check(b, worksheet_conditional_format_range(ws, 1, 21, last, 21, &cf));
	}
	lxw_conditional_format scale = {.type = LXW_CONDITIONAL_3_COLOR_SCALE,
					.min_color = 0x0072B2,
					.mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
					.mid_value = 0,
					.mid_color = LXW_COLOR_WHITE,
					.max_color = 0xD55E00};
	check(b, worksheet_conditional_format_range(ws, 1, 16, last, 16, &scale));
}

static void overview_sheet(struct book *b, const struct kv_report_input *in)
{
	static const char *const head[] = {"variant",       "category",        "comparisons",
					   "geomean ratio", "overhead",        "interval lo",
					   "interval hi",   "interval method", "gap closed",
					   "gap closed lo", "gap closed hi"};
	const struct kv_compare_result *r = in->r;
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Overview");
	const double w[] = {18, 12, 13, 14, 11, 12, 12, 16, 12, 14, 14};
	const int ncol = in->o->reference != NULL ? 11 : 8;
	char range[128];

	for (int c = 0; c < ncol; c++) {
		check(b, worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], b->head));
	}
	for (size_t i = 0; i < r->nsummary; i++) {
		const struct kv_summary_row *s = &r->summary[i];
		int row = (int)i + 1;
		double lo = s->s.boot ? s->s.boot_lo : s->s.delta_lo;
		double hi = s->s.boot ? s->s.boot_hi : s->s.delta_hi;
		str(b, ws, row, 0, s->variant);
		str(b, ws, row, 1, s->category);
		num(b, ws, row, 2, (double)s->s.k, NULL);
		num(b, ws, row, 3, s->s.geomean, b->num);
		num(b, ws, row, 4, s->s.overhead_pct / 100, b->pct);
		num(b, ws, row, 5, 1 - hi, b->pct);
		num(b, ws, row, 6, 1 - lo, b->pct);
		str(b, ws, row, 7, s->s.boot ? "bootstrap" : "delta method");
		if (ncol > 8 && s->gap.has) {
			num(b, ws, row, 8, s->gap.pct / 100, b->pct);
			num(b, ws, row, 9, s->gap.lo / 100, b->pct);
			num(b, ws, row, 10, s->gap.hi / 100, b->pct);
		} else if (ncol > 8) {
			str(b, ws, row, 8, "(reference)");
		}
	}
	widths(ws, w, ncol);
	worksheet_freeze_panes(ws, 1, 0);
	printable(ws);
	if (r->nsummary == 0) {
		return;
	}
	lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_BAR);
	char cats[128];
	snprintf(range, sizeof(range), "=Overview!$E$2:$E$%zu", r->nsummary + 1);
	snprintf(cats, sizeof(cats), "=Overview!$A$2:$B$%zu", r->nsummary + 1);
	lxw_chart_series *series = chart_add_series(chart, cats, range);
	chart_series_set_name(series, "geometric-mean overhead");
	lxw_chart_fill fill = {.color = 0x0072B2};
	chart_series_set_fill(series, &fill);
	chart_title_set_name(chart, "Geometric-mean overhead per variant and category");
	chart_axis_set_num_format(chart->x_axis, "0%");
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
	char conf[32], seed[32];
	int row = 0;

	for (size_t i = 0; in->r != NULL && i < in->r->nvariants; i++) {
		kv_strbuf_addf(&v, "%s%s", i ? ", " : "", in->r->variants[i]);
	}
	snprintf(conf, sizeof(conf), "%g", o->confidence);
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)o->seed);
	const char *rows[][2] = {
	    {"made by", "kvperf report"},
	    {"kvperf version", in->version},
	    {"date", in->date},
	    {"database", in->db_path},
	    {"baseline", o->baseline},
	    {"variants", kv_strbuf_str(&v)},
	    {"confidence", conf},
	    {"estimator",
	     o->estimator == KV_EST_MEAN ? "mean of run means" : "median of run means"},
	    {"interval",
	     o->estimator == KV_EST_MEAN && o->bootstrap == 0 ? "Fieller" : "bootstrap"},
	    {"test", o->test == KV_TEST_WELCH ? "Welch's t-test" : "Mann-Whitney U"},
	    {"p adjustment", adj[o->adjust]},
	    {"bootstrap seed", seed},
	    {"overhead", "positive: the variant is worse; stored as a fraction with a % format"},
	    {"Summary formulas",
	     "means and overhead are AVERAGEIFS over Samples (by its series "
	     "column) where every run holds one sample; edit or delete a sample "
	     "and they follow"},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++, row++) {
		check(b, worksheet_write_string(ws, (lxw_row_t)row, 0, rows[i][0], b->bold));
		str(b, ws, row, 1, rows[i][1]);
	}
	worksheet_set_column(ws, 0, 0, 18, NULL);
	worksheet_set_column(ws, 1, 1, 90, NULL);
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
	pngs = kv_xcalloc(in->r != NULL && in->r->nvariants ? in->r->nvariants : 1, sizeof(*pngs));
	if (in->r != NULL) {
		summary_sheet(&b, in, nsamples);
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
