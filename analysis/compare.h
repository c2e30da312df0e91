/*
 * compare.h - comparisons of every variant against the baseline, for each
 * benchmark x parameters x metric, with the one definition of overhead:
 *
 *   R = estimate(variant) / estimate(baseline)
 *   cost ratio C = R when lower is better, 1 / R when higher is better:
 *   the factor by which the variant is worse (C > 1) or better (C < 1)
 *   overhead % = (C - 1) x 100, on every row and in every summary
 *   change % = (R - 1) x 100, the metric's own relative change
 *
 * The interval is computed for R and mapped through the same formula, so
 * point and interval agree; the verdict is worse or better exactly when the
 * printed interval lies wholly on one side of C = 1, and the p-value comes
 * from the same pivot as the interval (Fieller with Welch's statistic on
 * Fieller's degrees of freedom; Hodges-Lehmann with the Wilcoxon test; a
 * bootstrap with the p that inverts its own interval).  The
 * unit of analysis is the run: a run with several samples of a metric
 * (iterations) contributes its mean, as the stats-golden simulation shows
 * that pooling iterations as independent covers the truth only 44% of the
 * time.
 */
#ifndef ANALYSIS_COMPARE_H
#define ANALYSIS_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/stats.h"
#include "schema/db.h"

enum kv_estimator { KV_EST_MEAN, KV_EST_MEDIAN };
enum kv_test { KV_TEST_WELCH, KV_TEST_MANN_WHITNEY };

struct kv_compare_opts {
	const char *baseline;        /* required */
	const char *const *variants; /* NULL: every other configuration */
	size_t nvariants;
	double confidence;           /* default 0.95 */
	enum kv_estimator estimator; /* default mean */
	enum kv_test test;           /* default Welch */
	enum kv_adjust adjust;       /* default Benjamini-Hochberg (docs/statistics.md) */
	size_t bootstrap;            /* resamples for bootstrap intervals; 0: Fieller (mean) */
	uint64_t seed;               /* bootstrap seed */
	double equivalence_pct; /* > 0: also test equivalence within +-this overhead % (TOST) */
	double noise_cv;        /* "noisy" above this CV (default 0.05) */
	const char *reference;  /* a variant whose overhead the others recover, or NULL */
	int threads;            /* worker threads; 0: one per core */
};

/* Sets the documented defaults. */
void kv_compare_opts_init(struct kv_compare_opts *o);

enum kv_verdict { KV_WORSE, KV_BETTER, KV_SAME, KV_VERDICT_NA };

/* With --equivalence: whether the 1 - 2 alpha' interval lies within the margin. */
enum kv_equiv { KV_EQUIV_UNTESTED, KV_EQUIV_YES, KV_EQUIV_NO };

enum kv_flag {
	KV_FLAG_FEW_SAMPLES = 1 << 0, /* n < 3 on a side, or the test cannot reach significance */
	KV_FLAG_NOISY = 1 << 1,       /* CV above the threshold on a side */
	KV_FLAG_OUTLIERS = 1 << 2, /* Grubbs' test finds an outlying run on a side (alpha 0.025) */
	KV_FLAG_UNBOUNDED_CI = 1 << 3, /* the confidence set is not a bounded interval */
	KV_FLAG_UNSUPPORTED = 1 << 4,  /* ratio undefined: a mean at or below zero */
	KV_FLAG_CONSTANT = 1 << 5,     /* no variation on either side: no test, no interval */
	KV_FLAG_SUMMARY = 1 << 6,      /* each run gave one summary value (a P50): n counts runs */
	KV_FLAG_NO_GAP = 1 << 7,       /* --reference: its overhead is not significant here */
};

/* With --reference: the share of the reference variant's overhead that this
 * variant recovers, (C_ref - C_var) / (C_ref - 1) x 100 on the cost ratio:
 * 100% is the baseline reached, 0% no better than the reference, above 100%
 * better than the baseline, below 0% worse than the reference. */
struct kv_gap {
	bool has;                        /* computed (a variant other than the reference) */
	double pct, lo, hi;              /* point and percentile bootstrap interval */
	const struct kv_comparison *ref; /* the reference's comparison of the same metric */
};

struct kv_side {
	size_t n;         /* runs (the samples compared) */
	size_t n_samples; /* raw samples */
	double mean, sd, median, cv;
	double lo, hi; /* confidence interval of the estimator */
};

/* How a row's estimate, interval and p were made (one pivot each). */
enum kv_method {
	KV_METHOD_FIELLER,   /* ratio of means; Fieller; Welch's t on Fieller's df */
	KV_METHOD_BOOT,      /* ratio of means; BCa bootstrap and its inverted p */
	KV_METHOD_BOOT_RUNS, /* ratio of grand means; two-level bootstrap (runs, iterations) */
	KV_METHOD_MEDIAN,    /* ratio of medians; BCa bootstrap and its inverted p */
	KV_METHOD_HL,        /* Hodges-Lehmann ratio; its interval; Wilcoxon-Mann-Whitney p */
};

struct kv_comparison {
	const struct kv_series *base, *var; /* borrowed from the caller's series */
	const char *category;               /* cpu, memory, storage, network, latency, other */
	bool higher;                        /* higher is better */
	struct kv_side bs, vs;
	enum kv_method method;
	/* R = estimate(variant) / estimate(baseline), and its interval at the
	 * printed level (adjusted for multiplicity; see level). */
	double ratio, ratio_lo, ratio_hi;
	double level;                       /* confidence of the printed interval, 1 - alpha' */
	enum kv_fieller_kind interval_kind; /* bounded, or why there is no interval */
	double cost, cost_lo, cost_hi;      /* C and its interval; cost_hi may be +inf */
	double overhead_pct, overhead_lo, overhead_hi; /* 100 (C - 1) */
	double change_pct;                             /* 100 (R - 1): the metric's own change */
	/* The same interval at the unadjusted level (the options' confidence). */
	double raw_ratio_lo, raw_ratio_hi, raw_cost_lo, raw_cost_hi;
	double p, p_adjusted;
	double se;               /* standard error of mean(v) - mean(b) (Welch) */
	double df;               /* the test's degrees of freedom: Fieller's, else Welch's */
	double min_p;            /* the smallest p the test could give at these sizes */
	enum kv_verdict verdict; /* from the printed interval */
	double cliffs_delta, prob_superiority; /* "beats" follows the direction */
	double mde_pct;                        /* smallest overhead detectable at the level, % */
	unsigned flags;                        /* enum kv_flag */
	double *b, *v;                         /* the run means compared (owned by the result) */
	/* With --equivalence: the overhead interval at 1 - 2 alpha' (TOST) and
	 * whether it lies within the margin; independent of the verdict. */
	double equiv_lo, equiv_hi;
	enum kv_equiv equivalent;
	/* An exact multiple of this one, run for run (or, with the opposite
	 * direction, a reciprocal: the same C): counted once in the summary. */
	const struct kv_comparison *merged_into;
	double merge_factor; /* > 0: this = factor x merged_into; < 0: this = |factor| / it */
	struct kv_gap gap;   /* with --reference */
	/* Internal: the bootstrap's tails, kept from the p-value to the
	 * adjusted interval (freed once the interval is made). */
	struct kv_boot_dist boot;
};

/* A metric that only one side has. */
struct kv_unmatched {
	const struct kv_series *series;
	const char *variant; /* the variant it was looked for in */
	bool in_baseline;    /* true: only the baseline has it */
};

struct kv_summary_row {
	const char *variant;
	const char *category; /* "all" or a category */
	struct kv_summary s;
	enum kv_verdict verdict; /* from the interval s.lo, s.hi (at the options' confidence) */
	size_t merged;           /* comparisons left out as exact multiples of another */
	/* With --reference: the share of the reference's geometric-mean
	 * overhead recovered, (G_ref - G_var) / (G_ref - 1) x 100 over the
	 * metrics both have, G the geometric means of the cost ratios;
	 * bootstrap interval resampling the baseline once for both. */
	struct kv_gap gap;
	size_t gap_k; /* metrics in the gap */
};

struct kv_compare_result {
	struct kv_comparison *c;
	size_t n;
	struct kv_unmatched *unmatched;
	size_t nunmatched;
	struct kv_summary_row *summary;
	size_t nsummary;
	const char **variants; /* the variants compared, borrowed */
	size_t nvariants;
	size_t m;             /* comparisons with a p-value: the multiplicity adjusted for */
	double alpha_printed; /* alpha' of the printed intervals and verdicts */
};

/* Compares; series must stay valid while the result is used.  Fails when
 * the baseline or a variant does not exist (the message lists the
 * configurations), or when nothing overlaps. */
int kv_compare(const struct kv_series *series, size_t n, const struct kv_compare_opts *opts,
	       struct kv_compare_result *out, struct kv_error *err);
void kv_compare_result_release(struct kv_compare_result *r);

/* Whether opts may need every sample (kv_series.values), not only the
 * run means: the two-level bootstrap of runs with several iterations. */
bool kv_compare_needs_samples(const struct kv_compare_opts *o);

/* The run means of a series (the samples compared): a new array of n_runs;
 * the series' run_mean when it has them, else kv_mean of each run's values. */
double *kv_series_run_means(const struct kv_series *s);

/* The category of a metric: cpu, memory, storage, network, latency, other. */
const char *kv_category(const char *tool, const char *benchmark, const char *metric,
			const char *unit);

const char *kv_verdict_name(enum kv_verdict v);
const char *kv_method_name(enum kv_method m);
/* What the adjustment does to intervals and verdicts, in a few words
 * ("Bonferroni intervals and verdicts, Holm's p has no intervals"). */
const char *kv_adjust_explain(enum kv_adjust a);

#endif
