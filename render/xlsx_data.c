/*
 * xlsx_data.c - the workbook's data sheets and the cell helpers every sheet
 * uses.  Samples holds every sample, long form, ready for a pivot table,
 * when they fit in a sheet (1,048,576 rows in Excel and LibreOffice, the
 * header's among them).  When they do not, it holds one row per run and
 * metric, the run's mean and how many samples it is of: what kvperf
 * compares (each run's mean is one sample), so the Summary's formulas over
 * it still agree with kvperf.  When even the run means do not fit they
 * continue on "Samples (2)", "Samples (3)", ..., each metric's rows on one
 * sheet where they fit in one, and the formulas name the sheets that hold
 * them.  Runs lists every run.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/compare_out.h"
#include "render/layout.h"
#include "render/xlsx_book.h"
#include "util/xalloc.h"

/* The most characters a cell holds (Excel's limit; libxlsxwriter refuses
 * more): a longer name is cut to it, with "…". */
#define CELL_CHARS 32767
/* The most sheets one metric's formula may name (a formula holds 8192
 * characters; each sheet adds about 120). */
#define FORMULA_SHEETS 16
/* The fewest rows $KVPERF_XLSX_MAX_ROWS may leave a sheet. */
#define MIN_ROWS 100

void kv_xlsx_check(struct book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->first == LXW_NO_ERROR) {
		b->first = e;
	}
}

void kv_xlsx_str(struct book *b, lxw_worksheet *ws, int r, int c, const char *s, lxw_format *f)
{
	if (s != NULL && strlen(s) > CELL_CHARS) { /* bytes: a cheap first test */
		char *cut = kv_xmalloc(KV_NAME_SIZE(CELL_CHARS - 1));
		kv_name_cut(s, CELL_CHARS - 1, cut, KV_NAME_SIZE(CELL_CHARS - 1));
		kv_xlsx_check(b, worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, cut, f));
		free(cut);
	} else if (s != NULL && s[0] != '\0') {
		kv_xlsx_check(b, worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, f));
	} else if (f != NULL) {
		kv_xlsx_check(b, worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, f));
	}
}

void kv_xlsx_num(struct book *b, lxw_worksheet *ws, int r, int c, double v, lxw_format *f)
{
	if (isfinite(v)) {
		kv_xlsx_check(b, worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, v, f));
	} else {
		kv_xlsx_check(b, worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, f));
	}
}

/* Printing: A4 landscape, one page wide, the header row on every page,
 * narrow margins, the sheet's name and the page number in the footer. */
void kv_xlsx_printable(struct book *b, lxw_worksheet *ws)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.6);
	worksheet_fit_to_pages(ws, 1, 0);
	kv_xlsx_check(b, worksheet_repeat_rows(ws, 0, 0));
	kv_xlsx_check(b, worksheet_set_footer(ws, "&L&A&Rpage &P of &N"));
}

void kv_xlsx_widths(lxw_worksheet *ws, const double *w, int n)
{
	for (int i = 0; i < n; i++) {
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w[i], NULL);
	}
}

lxw_worksheet *kv_xlsx_sheet(struct book *b, const char *name)
{
	b->sheets++;
	return workbook_add_worksheet(b->wb, name);
}

long kv_xlsx_series_no(const struct kv_report_input *in, const struct kv_series *s)
{
	return (long)(s - in->series) + 1;
}

/* Where the next rows go: sheets of per rows each. */
struct cursor {
	size_t sheet, fill, per;
};

/* A metric of k rows starts a new sheet when it does not fit in what is
 * left of this one but fits in a sheet: its formulas then name one. */
static void cursor_series(struct cursor *c, size_t k)
{
	if (c->fill > 0 && c->fill + k > c->per && k <= c->per) {
		c->sheet++;
		c->fill = 0;
	}
}

static void cursor_row(struct cursor *c)
{
	if (c->fill == c->per) {
		c->sheet++;
		c->fill = 0;
	}
	c->fill++;
}

/* The rows of series s: its samples, or its runs. */
static size_t rows_of(const struct kv_xlsx_samples *p, const struct kv_series *s)
{
	return p->means ? s->n_runs : s->run_off[s->n_runs];
}

void kv_xlsx_samples_plan(const struct kv_report_input *in, struct kv_xlsx_samples *p)
{
	const char *env = getenv("KVPERF_XLSX_MAX_ROWS"); /* for tests only */
	size_t max = KV_XLSX_MAX_ROWS;

	if (env != NULL && *env) {
		long long v = atoll(env);
		max = v < MIN_ROWS ? MIN_ROWS : v > KV_XLSX_MAX_ROWS ? KV_XLSX_MAX_ROWS : (size_t)v;
	}
	memset(p, 0, sizeof(*p));
	p->per_sheet = max - 1;
	for (size_t i = 0; i < in->nseries; i++) {
		p->samples += in->series[i].run_off[in->series[i].n_runs];
		p->runs += in->series[i].n_runs;
	}
	p->means = p->samples > p->per_sheet;
	p->first = kv_xcalloc(in->nseries ? in->nseries : 1, sizeof(*p->first));
	p->last = kv_xcalloc(in->nseries ? in->nseries : 1, sizeof(*p->last));
	struct cursor c = {0, 0, p->per_sheet};
	for (size_t i = 0; i < in->nseries; i++) {
		size_t k = rows_of(p, &in->series[i]);
		cursor_series(&c, k);
		for (size_t j = 0; j < k; j++) {
			cursor_row(&c);
			p->first[i] = j == 0 ? c.sheet : p->first[i];
		}
		p->first[i] = k == 0 ? c.sheet : p->first[i];
		p->last[i] = c.sheet;
	}
	p->nsheets = c.sheet + 1;
	p->rows = kv_xcalloc(p->nsheets, sizeof(*p->rows));
	p->ws = kv_xcalloc(p->nsheets, sizeof(*p->ws));
	c = (struct cursor){0, 0, p->per_sheet};
	for (size_t i = 0; i < in->nseries; i++) {
		size_t k = rows_of(p, &in->series[i]);
		cursor_series(&c, k);
		for (size_t j = 0; j < k; j++) {
			cursor_row(&c);
			p->rows[c.sheet]++;
		}
	}
}

void kv_xlsx_samples_release(struct kv_xlsx_samples *p)
{
	free(p->first);
	free(p->last);
	free(p->rows);
	free(p->ws);
	memset(p, 0, sizeof(*p));
}

/* The name of sheet k as a formula names it. */
static void sheet_ref(size_t k, char *buf, size_t size)
{
	if (k == 0) {
		snprintf(buf, size, "Samples");
	} else {
		snprintf(buf, size, "'Samples (%zu)'", k + 1);
	}
}

/* "SUMIFS(S!$H:$H,S!$J:$J,7)+..." or the COUNTIFS, over the sheets of s. */
static bool over_sheets(const struct kv_xlsx_samples *p, const struct kv_report_input *in,
			const struct kv_series *s, bool sum, struct kv_strbuf *f)
{
	size_t i = (size_t)(s - in->series);
	long no = kv_xlsx_series_no(in, s);
	char ref[32];

	if (p->last[i] - p->first[i] >= FORMULA_SHEETS) {
		return false;
	}
	for (size_t k = p->first[i]; k <= p->last[i]; k++) {
		sheet_ref(k, ref, sizeof(ref));
		if (sum) {
			kv_strbuf_addf(f, "%sSUMIFS(%s!$H:$H,%s!$J:$J,%ld)",
				       k > p->first[i] ? "+" : "", ref, ref, no);
		} else {
			kv_strbuf_addf(f, "%sCOUNTIFS(%s!$J:$J,%ld)", k > p->first[i] ? "+" : "",
				       ref, no);
		}
	}
	return true;
}

bool kv_xlsx_mean_formula(const struct kv_xlsx_samples *p, const struct kv_report_input *in,
			  const struct kv_series *s, struct kv_strbuf *f)
{
	size_t i = (size_t)(s - in->series);
	char ref[32];

	if (p->first[i] == p->last[i]) {
		sheet_ref(p->first[i], ref, sizeof(ref));
		kv_strbuf_addf(f, "AVERAGEIFS(%s!$H:$H,%s!$J:$J,%ld)", ref, ref,
			       kv_xlsx_series_no(in, s));
		return true;
	}
	if (p->last[i] - p->first[i] >= FORMULA_SHEETS) {
		return false;
	}
	kv_strbuf_adds(f, "(");
	over_sheets(p, in, s, true, f);
	kv_strbuf_adds(f, ")/(");
	over_sheets(p, in, s, false, f);
	kv_strbuf_adds(f, ")");
	return true;
}

bool kv_xlsx_count_formula(const struct kv_xlsx_samples *p, const struct kv_report_input *in,
			   const struct kv_series *s, struct kv_strbuf *f)
{
	return over_sheets(p, in, s, false, f);
}

double kv_xlsx_rows_mean(const struct kv_xlsx_samples *p, const struct kv_series *s, size_t *n)
{
	double sum = 0;

	*n = rows_of(p, s);
	for (size_t j = 0; j < s->n_runs; j++) {
		double run = 0;
		size_t a = s->run_off[j], z = s->run_off[j + 1];
		for (size_t k = a; k < z; k++) {
			run += s->values[k];
		}
		sum += p->means ? (z > a ? run / (double)(z - a) : NAN) : run;
	}
	return *n > 0 ? sum / (double)*n : NAN;
}

/* Runs sorted by id, to find a run's start time. */
static int cmp_run(const void *a, const void *b)
{
	const struct kv_db_runinfo *x = *(const struct kv_db_runinfo *const *)a;
	const struct kv_db_runinfo *y = *(const struct kv_db_runinfo *const *)b;

	return (x->id > y->id) - (x->id < y->id);
}

static const char *start_of(const struct kv_db_runinfo *const *by_id, size_t n, int64_t run)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (by_id[mid]->id < run) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < n && by_id[lo]->id == run ? by_id[lo]->start_time : NULL;
}

static const char mean_note[] =
    "The mean of the run's samples (their number is in the samples column): the study has more "
    "samples than a sheet's 1,048,576 rows, so this sheet holds one row per run and metric. "
    "kvperf compares run means (each run's mean is one sample), so the Summary's formulas over "
    "this column agree with it.";

/* Sheet k's header, widths, filter and panes. */
static void samples_header(struct book *b, const struct kv_xlsx_samples *p, size_t k)
{
	static const char *const head[] = {"config",     "run",    "tool",   "benchmark",
					   "params",     "metric", "unit",   "value",
					   "start_time", "series", "samples"};
	static const double w[] = {16, 6, 12, 24, 30, 24, 9, 14, 21, 7, 8};
	lxw_worksheet *ws = p->ws[k];
	int ncol = p->means ? 11 : 10;

	kv_xlsx_widths(ws, w, ncol);
	for (int c = 0; c < ncol; c++) {
		const char *h = c == 7 && p->means ? "run mean" : head[c];
		kv_xlsx_check(b, worksheet_write_string(ws, 0, (lxw_col_t)c, h, b->head));
	}
	if (p->means) {
		lxw_comment_options note = {
		    .width = 360, .height = 160, .author = (char *)(uintptr_t) "kvperf"};
		kv_xlsx_check(b, worksheet_write_comment_opt(ws, 0, 7, mean_note, &note));
	}
	kv_xlsx_check(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(p->rows[k] ? p->rows[k] : 1),
					      (lxw_col_t)(ncol - 1)));
	worksheet_freeze_panes(ws, 1, 0);
	kv_xlsx_printable(b, ws);
}

/* One row: a sample (value) or a run's mean of n samples. */
static void samples_row(struct book *b, lxw_worksheet *ws, int row, const struct kv_series *s,
			int64_t run, double value, const char *start, long no, size_t n, bool means)
{
	kv_xlsx_str(b, ws, row, 0, s->config, NULL);
	kv_xlsx_num(b, ws, row, 1, (double)run, NULL);
	kv_xlsx_str(b, ws, row, 2, s->tool, NULL);
	kv_xlsx_str(b, ws, row, 3, s->benchmark, NULL);
	kv_xlsx_str(b, ws, row, 4, s->params, NULL);
	kv_xlsx_str(b, ws, row, 5, s->metric, NULL);
	kv_xlsx_str(b, ws, row, 6, s->unit, NULL);
	kv_xlsx_num(b, ws, row, 7, value, NULL);
	kv_xlsx_str(b, ws, row, 8, start, NULL);
	kv_xlsx_num(b, ws, row, 9, (double)no, NULL);
	if (means) {
		kv_xlsx_num(b, ws, row, 10, (double)n, NULL);
	}
}

void kv_xlsx_samples_sheets(struct book *b, const struct kv_report_input *in,
			    struct kv_xlsx_samples *p)
{
	const struct kv_db_runinfo **by_id =
	    kv_xmalloc((in->nruns ? in->nruns : 1) * sizeof(*by_id));
	struct cursor c = {0, 0, p->per_sheet};
	char name[32];

	for (size_t k = 0; k < p->nsheets; k++) {
		snprintf(name, sizeof(name), k == 0 ? "Samples" : "Samples (%zu)", k + 1);
		p->ws[k] = kv_xlsx_sheet(b, name);
		samples_header(b, p, k); /* first: constant-memory mode writes rows in order */
	}
	for (size_t i = 0; i < in->nruns; i++) {
		by_id[i] = &in->runs[i];
	}
	qsort(by_id, in->nruns, sizeof(*by_id), cmp_run);
	for (size_t i = 0; i < in->nseries; i++) {
		const struct kv_series *s = &in->series[i];
		long no = kv_xlsx_series_no(in, s);
		cursor_series(&c, rows_of(p, s));
		for (size_t j = 0; j < s->n_runs; j++) {
			const char *start = start_of(by_id, in->nruns, s->run_id[j]);
			size_t a = s->run_off[j], z = s->run_off[j + 1];
			if (p->means) {
				double sum = 0;
				for (size_t k = a; k < z; k++) {
					sum += s->values[k];
				}
				cursor_row(&c);
				samples_row(b, p->ws[c.sheet], (int)c.fill, s, s->run_id[j],
					    z > a ? sum / (double)(z - a) : NAN, start, no, z - a,
					    true);
				continue;
			}
			for (size_t k = a; k < z; k++) {
				cursor_row(&c);
				samples_row(b, p->ws[c.sheet], (int)c.fill, s, s->run_id[j],
					    s->values[k], start, no, 1, false);
			}
		}
	}
	free(by_id);
}

void kv_xlsx_runs_sheet(struct book *b, const struct kv_report_input *in)
{
	static const char *const head[] = {"run",          "config", "start_time", "host",  "tool",
					   "tool_version", "source", "format",     "sha256"};
	lxw_worksheet *ws = kv_xlsx_sheet(b, "Runs");
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
		kv_xlsx_check(b, worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], b->head));
	}
	for (size_t k = 0; k < nk; k++) {
		kv_xlsx_check(b,
			      worksheet_write_string(ws, 0, (lxw_col_t)(9 + k), keys[k], b->head));
	}
	for (size_t i = 0; i < in->nruns; i++) {
		const struct kv_db_runinfo *ri = &in->runs[i];
		int row = (int)i + 1;
		kv_xlsx_num(b, ws, row, 0, (double)ri->id, NULL);
		const char *cells[] = {ri->config,       ri->start_time, ri->host,   ri->tool,
				       ri->tool_version, ri->source,     ri->format, ri->sha256};
		for (int c = 0; c < 8; c++) {
			kv_xlsx_str(b, ws, row, c + 1, cells[c], NULL);
		}
		for (size_t k = 0; k < nk; k++) {
			for (size_t j = 0; j < ri->nlabels; j++) {
				if (strcmp(ri->labels[j].key, keys[k]) == 0) {
					kv_xlsx_str(b, ws, row, (int)(9 + k), ri->labels[j].value,
						    NULL);
				}
			}
		}
	}
	const double w[] = {6, 16, 21, 12, 12, 12, 50, 11, 66};
	kv_xlsx_widths(ws, w, 9);
	worksheet_set_column(ws, 9, (lxw_col_t)(9 + (nk ? nk : 1) - 1), 18, NULL);
	kv_xlsx_check(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(in->nruns ? in->nruns : 1),
					      (lxw_col_t)(8 + nk)));
	worksheet_freeze_panes(ws, 1, 2);
	kv_xlsx_printable(b, ws);
	free(keys);
}
