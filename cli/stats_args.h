/*
 * stats_args.h - the statistical options that compare and report share,
 * and the step they share: load the samples, filter, compare.
 */
#ifndef CLI_STATS_ARGS_H
#define CLI_STATS_ARGS_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "analysis/compare.h"
#include "cli/cli.h"
#include "render/compare_out.h"

enum kv_color { KV_COLOR_AUTO, KV_COLOR_ALWAYS, KV_COLOR_NEVER };

struct kv_stats_args {
	struct kv_compare_opts o;
	const char **variants;    /* --variant, owned array of borrowed strings */
	const char *tool, *match; /* --tool, --match */
	/* compare only */
	double fail_above; /* NaN: no gate */
	enum kv_out_format fmt;
	enum kv_color color; /* --color */
	bool summary_only;   /* --summary-only */
	/* report only */
	const char *out, *title; /* -o, --title */
	bool letter;             /* --paper letter */
	bool svg;                /* --chart-format svg (else png) */
	int width, height;       /* --chart-size, pixels */
	size_t details;          /* --details: the most metrics drawn (SIZE_MAX: all) */
	bool quiet;              /* --quiet: no notes, no "wrote ..." line */
	bool drawn_samples;      /* the caller reads the samples it draws (the PDF) */
	bool no_history;         /* --no-history */
	const char *by;          /* --by: the label that orders the history; NULL: start time */
	const char *order_file;  /* --order-file: the label's values in order */
};

/* Parses argv for cmd (compare's options; with report, the report's too).
 * Returns 0, or an exit code after printing the usage error; *help is set
 * when --help was printed. */
int kv_stats_parse(int argc, char **argv, const struct kv_cmd *cmd, bool report,
		   struct kv_global *g, struct kv_stats_args *a, bool *help);
void kv_stats_args_release(struct kv_stats_args *a);

/* --match: moves the series whose "<tool> <benchmark> <params> <metric>"
 * matches re to the front, in their order; returns how many.  compare,
 * report and trend keep the same series for the same pattern. */
size_t kv_series_match(struct kv_series *s, size_t n, const regex_t *re);

/* Opens the database, loads and filters the samples, and compares.
 * Returns 0, or an exit code after printing the error.  When only the
 * baseline exists and allow_single is set, returns 0 with r->n == 0. */
int kv_stats_compare(struct kv_global *g, struct kv_stats_args *a, bool allow_single,
		     struct kv_db **db, struct kv_series **series, size_t *nseries,
		     struct kv_compare_result *r);

#endif
