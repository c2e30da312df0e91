/*
 * trend.h - change points in the history of each series (kvperf trend):
 * pure math, no SQLite.
 *
 * A series (tool, benchmark, parameters, metric, configuration: one
 * struct kv_series) is put in order by a key of each run (start time, a
 * version label in natural order, or a label's position in an order file);
 * each run contributes one point, its mean (the unit is the run, as in
 * compare).  Change points are found by binary segmentation on the
 * two-sample t statistic with a minimum segment length, and each is tested
 * by a max-statistic test over every admissible split of its window (the
 * two segments around it): p = min(1, K p_split), K the number of splits
 * the window allows, p_split the t statistic on Fieller's degrees of
 * freedom at the chosen split, as compare computes it but with the
 * variances of the two means from the pooled within-segment variance
 * (the noise is the same on both sides under the null; a short segment's
 * own variance is too often small by chance, and the largest statistic
 * over all splits finds those: docs/trend.md) (Bonferroni
 * over the K splits: valid whichever split was picked, so the choice of
 * the split that maximises the difference is paid for).  Change points
 * whose test fails are removed one at a time, weakest first, until every
 * remaining one passes (docs/trend.md has the simulation that chose this).
 *
 * The step of a change point is compare's comparison of its two segments
 * (kv_fieller() on the pooled variance):
 * R = mean(after) / mean(before), the cost ratio C (R when lower is
 * better, 1 / R when higher is better), overhead % = (C - 1) x 100, and
 * Fieller's interval at the printed level 1 - alpha' / K, so the interval
 * is simultaneous over the window's K splits and excludes C = 1 exactly
 * when the detection test's p is below alpha'.  Multiplicity across all
 * series is handled as in compare: the p-values of every change point and
 * of every series without one (its whole-history test) are adjusted
 * together (Benjamini-Hochberg by default) and alpha' is the matching
 * level (R alpha / m for BH); the segmentation is repeated at alpha' until
 * it no longer changes.  The verdict comes from the printed interval:
 * KV_WORSE (a regression) or KV_BETTER (an improvement) only when it lies
 * wholly on one side of C = 1, else KV_SAME.
 *
 * Ownership: a struct kv_trend_result owns its arrays; it borrows the
 * series (struct kv_series) and the strings of the struct kv_trend_run
 * array given to kv_trend(), which must stay valid while it is used.
 */
#ifndef ANALYSIS_TREND_H
#define ANALYSIS_TREND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/compare.h"
#include "analysis/stats.h"
#include "schema/db.h"
#include "util/error.h"

/* ---- ordering runs ---- */

/* What orders the runs of a history. */
enum kv_trend_by {
	KV_TREND_BY_TIME,    /* start time (ISO 8601 text, compared as text), ties by run id */
	KV_TREND_BY_VERSION, /* a label's value in natural version order (kv_trend_version_cmp);
			      * runs with equal values by start time, then id (also BY_FILE) */
	KV_TREND_BY_FILE,    /* a label's value by its line in an order file, oldest first */
};

/* One run as the order sees it; the caller fills id, start_time and label
 * (borrowed strings, NULL when absent); kv_trend_order_runs() sets the rest. */
struct kv_trend_run {
	int64_t id;
	const char *start_time; /* or NULL */
	const char *label;      /* the ordering label's value, or NULL (also with BY_TIME) */
	bool keyed;             /* set: the run has the ordering key (time, label, or file line) */
	int64_t rank;           /* set: position in the order from 0; equal keys share a rank */
};

/* An order file: one key a line, oldest first; blank lines and lines
 * starting with '#' are skipped, surrounding blanks trimmed. */
struct kv_trend_orderfile {
	char **keys;  /* owned */
	size_t *line; /* each key's line number in the file, from 1 */
	size_t *col;  /* and its column, from 1 */
	size_t n;
	char *path; /* owned copy, for messages */
};

/* Parses text (len bytes, the file's content) read from path.  A line
 * holding a blank, a control character or a key already given on another
 * line fails with KV_EXIT_DATAERR and where = "path:line:column"; a file without
 * any key fails too.  On success *out owns its memory: release with
 * kv_trend_orderfile_release(). */
int kv_trend_orderfile_parse(const char *text, size_t len, const char *path,
			     struct kv_trend_orderfile *out, struct kv_error *err);
void kv_trend_orderfile_release(struct kv_trend_orderfile *f);
/* The line index (0-based position among keys) of key, or -1.  A key
 * matches exactly, or as a prefix of at least 7 characters either way
 * (short and full commit hashes), when that prefix is unique. */
long kv_trend_orderfile_find(const struct kv_trend_orderfile *f, const char *key);

/* Natural version order: an optional leading 'v' or 'V' is ignored, runs
 * of digits compare as numbers (v1.3.0 < v1.10.0), other characters as
 * bytes, and a pre-release ("1.4.0-rc.1": a '-' after the numeric core)
 * comes before its release; build metadata after '+' is compared last.
 * Returns < 0, 0 or > 0 like strcmp; NULL sorts first. */
int kv_trend_version_cmp(const char *a, const char *b);

/* Sets keyed and rank of every run for the order by (file: f, else
 * ignored).  Runs without the key (no start time, no label, a label the
 * file does not list) get keyed = false and rank -1. */
void kv_trend_order_runs(struct kv_trend_run *runs, size_t n, enum kv_trend_by by,
			 const struct kv_trend_orderfile *f);

/* ---- finding change points ---- */

/* How a change point's split is tested. */
enum kv_trend_method {
	KV_TREND_MAXT,     /* default: min(1, K p_split), the max-statistic test over K splits */
	KV_TREND_NAIVE,    /* p_split alone, as if the split had not been chosen: for the
			    * simulation only (docs/trend.md shows its false alarms) */
	KV_TREND_EXACT_DF, /* as MAXT, p_split on the pooled t's n - 2 df rather than
			    * Fieller's: for the simulation only (more power, more false
			    * alarms with outlier runs; intervals may disagree) */
};

struct kv_trend_opts {
	double confidence;     /* default 0.95: alpha = 1 - confidence before adjustment */
	enum kv_adjust adjust; /* across every series' tests; default KV_ADJ_BH (also none,
				* bonferroni, by; holm and hochberg act as bonferroni) */
	size_t min_runs;       /* a history needs at least this many ordered runs (default 8) */
	size_t min_segment;    /* runs on each side of a change point, at least (default 3) */
	int threads;           /* worker threads; 0: one per core */
	enum kv_trend_method method; /* default KV_TREND_MAXT */
	/* Not NULL: only runs whose start time is at or after it (a text
	 * comparison of UTC ISO 8601: "2026-01-31" works); runs without a
	 * start time are left out too. */
	const char *since;
	size_t last; /* > 0: only the newest this many runs of each series */
};

/* Sets the documented defaults. */
void kv_trend_opts_init(struct kv_trend_opts *o);

/* One run of a history, in order. */
struct kv_trend_point {
	int64_t run_id;
	const char *start_time; /* borrowed from the kv_trend_run, or NULL */
	const char *label;      /* borrowed: the ordering label, or NULL */
	int64_t rank;           /* the order key's rank (kv_trend_run.rank) */
	double value;           /* the run's mean of the metric */
	size_t n_samples;       /* samples (iterations) behind it */
};

/* Points [from, to) between two change points. */
struct kv_trend_segment {
	size_t from, to;
	size_t n;            /* to - from */
	double mean, sd, cv; /* of the run means; sd, cv NaN when n < 2 */
	double lo, hi;       /* t interval of the mean at the printed level (NaN when n < 2) */
};

struct kv_trend_change {
	size_t index;         /* the first point of the new segment (points[index]) */
	size_t before, after; /* the segments on each side (segments[before], segments[after]) */
	size_t k_splits;      /* K: admissible splits in the window before + after */
	/* R = mean(after) / mean(before) and its interval at the printed level */
	double ratio, ratio_lo, ratio_hi;
	double level;                       /* confidence of the printed interval: 1 - alpha' / K */
	enum kv_fieller_kind interval_kind; /* bounded, or why there is no interval */
	double cost, cost_lo, cost_hi;      /* C and its interval; cost_hi may be +inf */
	double overhead_pct, overhead_lo, overhead_hi; /* 100 (C - 1) */
	double change_pct;                             /* 100 (R - 1) */
	double t, df;            /* the t statistic at the split (pooled variance), Fieller's df */
	double p_split;          /* its two-sided p, before the max-statistic correction */
	double p;                /* the detection test: min(1, K p_split) */
	double p_adjusted;       /* adjusted across every series' tests */
	enum kv_verdict verdict; /* KV_WORSE regression, KV_BETTER improvement, KV_SAME */
};

/* Why a series was not analysed. */
enum kv_trend_skip {
	KV_TREND_ANALYSED,     /* analysed (it may have no change point) */
	KV_TREND_TOO_FEW,      /* fewer ordered runs than min_runs */
	KV_TREND_NOT_POSITIVE, /* a run mean at or below zero: ratios need positive values */
};

struct kv_trend_series {
	const struct kv_series *series; /* borrowed */
	bool higher;                    /* higher is better */
	const char *category;           /* as kv_category() */
	struct kv_trend_point *points;  /* ordered (owned); only runs with the key */
	size_t npoints;
	size_t n_unkeyed;                  /* runs left out: no ordering key */
	size_t n_filtered;                 /* runs left out by since or last */
	struct kv_trend_segment *segments; /* owned; one when there is no change point */
	size_t nsegments;
	struct kv_trend_change *changes; /* owned, in order of index */
	size_t nchanges;
	double p; /* the whole history's test (NaN when not analysed) */
	enum kv_trend_skip skip;
	char why_not[128]; /* "" when analysed, else the reason in words */
};

struct kv_trend_result {
	struct kv_trend_series *s; /* one per input series, in the input order */
	size_t n;
	size_t nchanges;                    /* change points in all series */
	size_t nregressions, nimprovements; /* by verdict */
	size_t nstable;                     /* analysed without a change point */
	size_t nskipped;                    /* not analysed (why_not) */
	size_t m;                           /* tests adjusted for */
	double alpha_printed;               /* alpha' of the printed intervals and verdicts */
};

/* Finds the change points of every series, its runs ordered by runs (n
 * of them, kv_trend_order_runs() done; a run of a series absent from runs
 * counts as unkeyed).  Series whose direction is unknown are treated as
 * lower-is-better.  Fails only on an invalid option (KV_EXIT_USAGE).
 * Release out with kv_trend_result_release(). */
int kv_trend(const struct kv_series *series, size_t n, const struct kv_trend_run *runs,
	     size_t nruns, const struct kv_trend_opts *opts, struct kv_trend_result *out,
	     struct kv_error *err);
/* Frees what r owns; accepts a zeroed result. */
void kv_trend_result_release(struct kv_trend_result *r);

#endif
