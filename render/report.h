/*
 * report.h - the PDF report and the per-chart SVG/PNG files, drawn with
 * cairo from a computed comparison.  Every number shown is one that
 * `kvperf compare` computed; nothing here does statistics.
 */
#ifndef RENDER_REPORT_H
#define RENDER_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/compare.h"
#include "schema/db.h"
#include "util/error.h"

/* The metrics drawn in the PDF report's charts (forest plot, heat map,
 * detail panels, sweeps) unless --details says otherwise: about eight
 * pages of panels.  The appendix lists every comparison. */
#define KV_REPORT_DETAILS 60

struct kv_trend_result;

struct kv_report_input {
	const char *title;                  /* default "kvperf report" */
	const char *date;                   /* shown on the title page */
	const char *version;                /* kvperf's */
	const struct kv_compare_result *r;  /* the comparison */
	const struct kv_compare_opts *o;    /* its options (for the method sentence) */
	const struct kv_db_config *configs; /* runs and samples per configuration */
	size_t nconfigs;
	const char *const *label_keys; /* labels whose values differ between configs */
	size_t nlabel_keys;
	const char *const *label_values; /* nlabel_keys x nconfigs, "" when absent */
	bool letter;                     /* US letter instead of A4 */
	/* for the workbook: every stored sample and run */
	const struct kv_series *series;
	size_t nseries;
	const struct kv_db_runinfo *runs;
	size_t nruns;
	const char *db_path;
	long long source_date; /* SOURCE_DATE_EPOCH, or -1 */
	/* the PDF's charts draw at most this many metrics, those that matter
	 * most (SIZE_MAX: all; 0: none); the appendix lists every comparison */
	size_t details;
	/* the history of every series (kvperf trend), or NULL: with a series
	 * analysed, the PDF's History section, the workbook's History sheet and
	 * a chart file per changed series */
	const struct kv_trend_result *trend;
	const char *trend_order; /* what orders the runs, in words ("start time") */
	bool trend_by_label;     /* positions are a label's values, else start times */
};

/* Which of in->series the PDF draws samples of (the detail panels of the
 * metrics kv_report_pdf's charts draw, --details): a new array of
 * in->nseries flags, free with free().  The PDF reads no other series'
 * values, so they may be left unloaded (kv_db_load_values). */
bool *kv_report_pdf_series(const struct kv_report_input *in);

/* Writes the PDF to path (through a temporary file renamed at the end). */
int kv_report_pdf(const struct kv_report_input *in, const char *path, int *pages,
		  struct kv_error *err);
/* Writes one file per chart into dir: svg, or png of width x height pixels. */
int kv_report_charts(const struct kv_report_input *in, const char *dir, bool svg, int width,
		     int height, size_t *files, struct kv_error *err);

/* What a workbook holds. */
struct kv_xlsx_info {
	size_t sheets, images; /* worksheets; images (the forest plots' parts) */
	bool means;            /* Samples holds run means: the samples exceed a sheet */
	size_t sample_sheets;  /* Samples, Samples (2), ... */
	size_t sample_rows;    /* their rows: samples, or run means */
	size_t samples;        /* the samples */
};
/* Writes the XLSX workbook to path (through a temporary file renamed at
 * the end) and says what it holds. */
int kv_report_xlsx(const struct kv_report_input *in, const char *path, struct kv_xlsx_info *info,
		   struct kv_error *err);
/* A PNG image in memory. */
struct kv_png {
	unsigned char *data; /* owned */
	size_t len;
	int w, h; /* pixels */
};
/* The forest plot of one variant (every comparison) as PNG images, width
 * pixels wide at scale pixels a point, in as many parts as keep each at
 * most max_h pixels tall (cairo makes none taller than 32767), as even as
 * the rows allow, each titled "(k of n)": *pngs a new array of *n (free
 * with kv_pngs_free()).  Returns -1, with why (why_size bytes) and nothing
 * drawn, when cairo cannot draw them. */
int kv_report_forest_pngs(const struct kv_report_input *in, const char *variant, int width,
			  double scale, int max_h, struct kv_png **pngs, size_t *n, char *why,
			  size_t why_size);
void kv_pngs_free(struct kv_png *pngs, size_t n);

/* Releases Pango's, cairo's and fontconfig's caches, so a leak checker sees
 * only real leaks.  Call once, after the last drawing, with every cairo
 * context destroyed (cairo asserts that no font is alive). */
void kv_report_cleanup(void);

#endif
