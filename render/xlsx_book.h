/*
 * xlsx_book.h - what the files of the XLSX workbook share: the workbook
 * being written, its cell helpers, and where the samples go (Samples holds
 * every sample when they fit in one sheet, else the run means, continued
 * on "Samples (2)", ... when even those do not).  Not for other modules.
 */
#ifndef RENDER_XLSX_BOOK_H
#define RENDER_XLSX_BOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>

#include "render/report.h"
#include "util/strbuf.h"

/* The rows of a sheet in Excel (and LibreOffice), the header's among them. */
#define KV_XLSX_MAX_ROWS 1048576

struct kv_xlsx_samples;

struct numfmt {
	char *code;     /* the number format */
	bool at_export; /* in the style of a value computed at export */
	lxw_format *f;
};

struct book {
	lxw_workbook *wb;
	lxw_error first; /* the first libxlsxwriter error: reported at the end */
	lxw_format *head, *head_export, *bold, *stale;
	struct numfmt *fmts; /* every cell format, made on first use */
	size_t nfmts;
	bool big;                           /* constant-memory mode */
	size_t sheets;                      /* worksheets added */
	size_t images;                      /* images inserted */
	const struct kv_xlsx_samples *plan; /* where the samples go */
};

/* Keeps e when it is the first error. */
void kv_xlsx_check(struct book *b, lxw_error e);
/* A text cell, cut with "…" to the 32767 characters a cell holds; for an
 * empty or missing text, a blank cell with format f (nothing when f is
 * NULL). */
void kv_xlsx_str(struct book *b, lxw_worksheet *ws, int r, int c, const char *s, lxw_format *f);
/* A number, or a blank cell for a value that does not exist. */
void kv_xlsx_num(struct book *b, lxw_worksheet *ws, int r, int c, double v, lxw_format *f);
/* Printing: A4 landscape, one page wide, the header row on every page. */
void kv_xlsx_printable(struct book *b, lxw_worksheet *ws);
/* Columns 0..n-1 w[i] characters wide. */
void kv_xlsx_widths(lxw_worksheet *ws, const double *w, int n);
/* A new worksheet, counted. */
lxw_worksheet *kv_xlsx_sheet(struct book *b, const char *name);

/* Where the samples go. */
struct kv_xlsx_samples {
	bool means;           /* a row per run and metric (its mean), not per sample */
	size_t samples, runs; /* rows of samples, and of run means, in all */
	size_t per_sheet;     /* data rows a sheet holds (its header aside) */
	size_t nsheets;       /* "Samples", "Samples (2)", ... */
	size_t *first, *last; /* per series: the first and last sheet of its rows */
	size_t *rows;         /* per sheet: its data rows */
	lxw_worksheet **ws;   /* the sheets, once added */
};

/* The row limit (KV_XLSX_MAX_ROWS, or $KVPERF_XLSX_MAX_ROWS for tests,
 * 100 at least) and where each series' rows go; release with
 * kv_xlsx_samples_release(). */
void kv_xlsx_samples_plan(const struct kv_report_input *in, struct kv_xlsx_samples *p);
void kv_xlsx_samples_release(struct kv_xlsx_samples *p);
/* The number of series s, from 1: its key in the sheets' "series" column. */
long kv_xlsx_series_no(const struct kv_report_input *in, const struct kv_series *s);
/* Appends to f the formula text (no "=") of the mean of series s's rows
 * (samples or run means), and of their count, over the sheets that hold
 * them; false when they span too many sheets for a formula. */
bool kv_xlsx_mean_formula(const struct kv_xlsx_samples *p, const struct kv_report_input *in,
			  const struct kv_series *s, struct kv_strbuf *f);
bool kv_xlsx_count_formula(const struct kv_xlsx_samples *p, const struct kv_report_input *in,
			   const struct kv_series *s, struct kv_strbuf *f);
/* The mean and count of series s's rows, as the formulas find them. */
double kv_xlsx_rows_mean(const struct kv_xlsx_samples *p, const struct kv_series *s, size_t *n);
/* Adds the Samples sheets (in the workbook's order of sheets) and writes
 * them. */
void kv_xlsx_samples_sheets(struct book *b, const struct kv_report_input *in,
			    struct kv_xlsx_samples *p);
/* The Runs sheet: every run with its labels and source. */
void kv_xlsx_runs_sheet(struct book *b, const struct kv_report_input *in);

#endif
