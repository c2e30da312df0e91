/*
 * stats.h - the statistics kvperf reports: pure math, arrays in, numbers out.
 *
 * Every value is checked against R (../shared/stats-golden/cases.json) by
 * tests/unit/test_stats.c.  A value that does not exist (R stops with an
 * error, a set is unbounded, a logarithm of a non-positive number) is NaN;
 * callers print it as "n/a", never as a number.
 *
 * Conventions: "baseline" b is the reference configuration, "variant" v
 * the one compared with it; differences are v - b and ratios v / b, as in
 * R's t.test(variant, baseline).  conf is a confidence level in (0, 1).
 */
#ifndef ANALYSIS_STATS_H
#define ANALYSIS_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- distributions (dist.c) ---- */

double kv_lgamma(double x);
/* Regularized incomplete beta I_x(a, b). */
double kv_pbeta(double x, double a, double b);
double kv_pnorm(double x);
double kv_pnorm_upper(double x);
/* Normal quantile, Wichura's AS 241 (accurate to about 1e-16). */
double kv_qnorm(double p);
/* Student t CDF and upper tail, any df > 0 (non-integer too). */
double kv_pt(double x, double df);
double kv_pt_upper(double x, double df);
/* Student t quantile. */
double kv_qt(double p, double df);
/* Wilcoxon rank-sum (Mann-Whitney W) distribution for sample sizes m, n:
 * P(W <= q), P(W > q), and the smallest q with P(W <= q) >= p. */
double kv_pwilcox(double q, int m, int n);
double kv_pwilcox_upper(double q, int m, int n);
int kv_qwilcox(double p, int m, int n);

/* ---- one sample (desc.c) ---- */

/* Mean with long-double accumulation and R's correction pass. */
double kv_mean(const double *x, size_t n);
/* Variance (n - 1 denominator), two-pass; NaN for n < 2. */
double kv_var(const double *x, size_t n);
/* Hyndman & Fan type-7 quantile of a sorted sample. */
double kv_quantile_sorted(const double *sorted, size_t n, double p);
/* Median of a sample (not sorted; x is not changed). */
double kv_median(const double *x, size_t n);

struct kv_tukey {
	double lower_inner, upper_inner, lower_outer, upper_outer; /* fences */
	int n_mild;   /* outside the inner but inside the outer fences */
	int n_severe; /* outside the outer fences */
};

struct kv_desc {
	size_t n;
	double mean, sd, var, median, min, max;
	double q25, q75, q90, q99, iqr;
	double mad;   /* 1.4826 * median(|x - median|) */
	double cv;    /* sd / mean */
	double gmean; /* NaN unless every value > 0 */
	struct kv_tukey tukey;
	int n_mad_outliers; /* Iglewicz & Hoaglin; -1 when MAD is 0 */
};

void kv_describe(const double *x, size_t n, struct kv_desc *d);

/* ---- two samples (tests.c) ---- */

/* Welch's (or, with pooled, Student's) t-test of v - b.  All NaN when R
 * would stop with "data are essentially constant". */
struct kv_ttest {
	double t, df, p; /* two-sided p */
	double se;       /* standard error of the difference */
	double diff;     /* mean(v) - mean(b) */
	double lo, hi;   /* confidence interval of the difference */
};
void kv_ttest(const double *v, size_t nv, const double *b, size_t nb, bool pooled, double conf,
	      struct kv_ttest *out);
/* Welch's test on the logarithms: lo, hi, diff are exp()'d into ratios.
 * All NaN unless every value > 0. */
void kv_ttest_log(const double *v, size_t nv, const double *b, size_t nb, double conf,
		  struct kv_ttest *out);

enum kv_fieller_kind {
	KV_FIELLER_BOUNDED,   /* [lo, hi] */
	KV_FIELLER_EXCLUSIVE, /* (-inf, lo] and [hi, inf): the baseline mean may be 0 */
	KV_FIELLER_UNBOUNDED, /* the whole line */
	KV_FIELLER_UNDEFINED, /* both variances are 0 */
};
struct kv_fieller {
	enum kv_fieller_kind kind;
	double df; /* Welch-Satterthwaite df of m_v - R m_b at the estimate */
	double g;  /* t^2 a / m_b^2: the set is bounded when g < 1 */
	double lo, hi;
};
/* Fieller's interval for m_v / m_b from independent means with variances
 * of the means a = s_b^2/n_b, c = s_v^2/n_v (Fieller 1954; df as
 * mratios::ttestratio with var.equal = FALSE). */
void kv_fieller(double mb, double a, size_t nb, double mv, double c, size_t nv, double conf,
		struct kv_fieller *out);
const char *kv_fieller_kind_name(enum kv_fieller_kind k);

struct kv_mw {
	double w;             /* R's W: #{v > b} + ties/2 */
	bool exact;           /* R's default would be exact: both n < 50, no ties */
	double p;             /* R's default p-value */
	double p_exact;       /* exact, no-ties distribution; NaN with ties */
	double p_exact_cond;  /* exact permutation p given the ties; NaN if > 300000 subsets */
	double sigma, z_cc;   /* normal approximation with tie correction */
	double p_normal_cc;   /* ... and continuity correction */
	double p_normal_nocc; /* ... without it */
	double min_p_exact;   /* the smallest p any exact test reaches at these sizes */
};
void kv_mann_whitney(const double *v, size_t nv, const double *b, size_t nb, struct kv_mw *out);

struct kv_hl {
	double estimate;   /* median of all v_i - b_j */
	double lo, hi;     /* the interval's limits (exact order statistics) */
	double conf_level; /* achieved level as R reports it */
	size_t ilo, ihi;   /* 1-based positions of lo, hi in the sorted differences */
	bool reached;      /* false: too few samples for conf, the limits were clamped */
};
/* Hodges-Lehmann shift v - b and its interval, as R's wilcox.test(conf.int = TRUE). */
void kv_hodges_lehmann(const double *v, size_t nv, const double *b, size_t nb, double conf,
		       struct kv_hl *out);

/* Cliff's delta and the probability of superiority, direction-aware:
 * "beats" means larger when higher_better, smaller otherwise. */
void kv_dominance(const double *v, size_t nv, const double *b, size_t nb, bool higher_better,
		  double *cliffs_delta, double *prob_superiority);

/* Smallest overhead % detectable with power 0.8 at two-sided alpha 0.05
 * (normal-theory approximation): 100 (t_0.975 + t_0.80) se / |m_b|. */
double kv_mde_pct(double se, double df, double mb);
/* The same as a fraction of m_b, at two-sided level conf. */
double kv_mde_rel(double se, double df, double mb, double conf);

/* Grubbs' test for one outlier, two-sided at level alpha (n >= 3; exact
 * under normality for n = 3, conservative above): true when it rejects. */
bool kv_grubbs(const double *x, size_t n, double alpha);
/* ministat's relative half-width of the difference, in % of m_b. */
double kv_ministat_pct(const double *v, size_t nv, const double *b, size_t nb, double conf);

/* ---- two levels: runs x iterations (tests.c) ---- */

/* Two levels: runs, each with iterations (Kalibera & Jones 2013). */
struct kv_runs {
	const double *const *iter; /* iter[j][k]: iteration k of run j */
	const size_t *n_iter;      /* iterations of run j */
	size_t n_runs;
};

struct kv_levels {
	size_t n_runs, n_iter;            /* r2 runs of r1 iterations (balanced) */
	double grand_mean;                /* mean of the run means */
	double s1sq, s2sq;                /* within-run and between-run-means variances */
	double t2sq;                      /* run-level variance component s2sq - s1sq / r1 */
	double mean_lo, mean_hi;          /* t-interval from the run means */
	double flat_lo, flat_hi;          /* t-interval treating iterations as independent */
	double opt_iter_10, opt_iter_100; /* optimal iterations per run, cost ratio 10, 100 */
};
/* Kalibera & Jones (2013) for one configuration; run_means gets r2 values. */
void kv_levels(const struct kv_runs *x, double conf, double *run_means, struct kv_levels *out);

/* ---- multiple comparisons (tests.c) ---- */

enum kv_adjust {
	KV_ADJ_NONE,
	KV_ADJ_HOLM,
	KV_ADJ_HOCHBERG,
	KV_ADJ_BH,
	KV_ADJ_BY,
	KV_ADJ_BONFERRONI
};
/* Writes R's p.adjust(p, method) to out (may equal p); NaN entries are
 * left out of the count and stay NaN. */
void kv_p_adjust(const double *p, size_t n, enum kv_adjust method, double *out);
/* The level alpha' of intervals and verdicts that match method's adjusted
 * p-values over m tests of which rejected had an adjusted p below alpha:
 * alpha itself without adjustment, R alpha / m for Benjamini-Hochberg
 * (Benjamini & Yekutieli's false-coverage-rate intervals, R at least 1),
 * R alpha / (m c(m)) for Benjamini-Yekutieli (c(m) = sum 1/i), alpha / m
 * for the family-wise methods (Bonferroni intervals). */
double kv_alpha_printed(enum kv_adjust method, double alpha, size_t m, size_t rejected);

/* ---- random numbers and the bootstrap (boot.c) ---- */

uint64_t kv_splitmix64(uint64_t *state);
struct kv_rng {
	uint64_t s[4]; /* xoshiro256** state (Blackman & Vigna 2018) */
};
/* Seeds with the first four SplitMix64 outputs of seed. */
void kv_rng_seed(struct kv_rng *r, uint64_t seed);
uint64_t kv_rng_next(struct kv_rng *r);
/* Uniform in [0, 1): (next >> 11) * 2^-53. */
double kv_rng_double(struct kv_rng *r);
/* Uniform in [0, n) without bias (Lemire 2019). */
uint64_t kv_rng_bounded(struct kv_rng *r, uint64_t n);
/* Advances by 2^128 steps: independent streams for threads. */
void kv_rng_jump(struct kv_rng *r);

enum kv_boot_stat { KV_BOOT_MEAN, KV_BOOT_MEDIAN };
struct kv_boot {
	double estimate;         /* statistic(v) / statistic(b) */
	double perc_lo, perc_hi; /* percentile interval */
	double bca_lo, bca_hi;   /* BCa interval; NaN when a or z0 is not finite */
	double a, z0;            /* acceleration and bias correction */
	double p; /* p-value of ratio 1 by inverting the BCa (else percentile) interval */
};
/* Bootstrap of statistic(v) / statistic(b): each of B replicates resamples
 * b (n_b draws), then v (n_v draws).  Reproducible for a seed. */
void kv_boot_ratio(const double *v, size_t nv, const double *b, size_t nb, enum kv_boot_stat st,
		   size_t B, uint64_t seed, double conf, struct kv_boot *out);

/* A bootstrap distribution kept for intervals at several levels and the
 * p-value that inverts them: p < 1 - conf exactly when the interval at
 * conf excludes the null value. */
struct kv_boot_dist {
	double *t;         /* sorted replicates (owned): all B, or the two tails */
	size_t B;          /* replicates drawn */
	size_t lo_n, hi_n; /* t holds the lo_n smallest, then the hi_n largest (hi_n 0: all) */
	double estimate;   /* on the data */
	double z0, a;      /* BCa constants; NaN: percentile intervals */
};
/* Replicates of statistic(v) / statistic(b), as kv_boot_ratio; release
 * with kv_boot_dist_release(). */
void kv_boot_ratio_dist(const double *v, size_t nv, const double *b, size_t nb,
			enum kv_boot_stat st, size_t B, uint64_t seed, struct kv_boot_dist *d);
/* The BCa interval at conf (percentile when z0 or a is not finite). */
void kv_boot_dist_interval(const struct kv_boot_dist *d, double conf, double *lo, double *hi);
/* Keeps only the tails that intervals at levels of 1 - alpha_max and above
 * need (about alpha_max B replicates); p-values need the whole. */
void kv_boot_dist_trim(struct kv_boot_dist *d, double alpha_max);
/* Two-sided p of the value null: the largest 1 - conf whose interval holds it. */
double kv_boot_dist_p(const struct kv_boot_dist *d, double null);
void kv_boot_dist_release(struct kv_boot_dist *d);

/* Bootstrap of the ratio of grand means: resample runs, then (when
 * two_level) iterations within each chosen run; percentile interval. */
void kv_boot_runs(const struct kv_runs *v, const struct kv_runs *b, bool two_level, size_t B,
		  uint64_t seed, double conf, double *lo, double *hi);
/* The same replicates as a distribution (percentile: z0 = a = NaN). */
void kv_boot_runs_dist(const struct kv_runs *v, const struct kv_runs *b, bool two_level, size_t B,
		       uint64_t seed, struct kv_boot_dist *d);

/* ---- summary over many comparisons (summary.c) ---- */

/* One comparison in the geometric-mean summary: its run means (or medians)
 * on each side, with the ids of the runs that gave them, so that metrics
 * measured in the same runs are treated as correlated. */
struct kv_sum_case {
	const double *b, *v;    /* per-run values compared (run means) */
	const int64_t *rb, *rv; /* their run ids; NULL: each value is a run of its own */
	size_t nb, nv;
	bool higher_better;
	enum kv_sum_est { KV_SUM_EST_MEAN, KV_SUM_EST_MEDIAN, KV_SUM_EST_HL } est; /* the row's */
	double row_lo, row_hi; /* the row's unadjusted interval for C (k = 1: copied) */
};

enum kv_sum_method {
	KV_SUM_NONE,  /* no interval: a side with one run, or a zero variance everywhere */
	KV_SUM_ROW,   /* one metric: the interval is that row's */
	KV_SUM_DELTA, /* delta method over runs (means) */
	KV_SUM_BOOT,  /* bootstrap standard error over runs (medians) */
};

struct kv_summary {
	size_t k;    /* comparisons in the geometric mean */
	double cost; /* G = exp(mean(log C_k)), C the cost ratio: > 1 the variant is worse */
	double overhead_pct; /* 100 (G - 1) */
	double lo, hi;       /* interval for G at conf: exp(log G -+ t_df se) */
	double se_log;       /* standard error of log G (runs as the unit) */
	double df;           /* Satterthwaite degrees of freedom of se_log */
	enum kv_sum_method method;
	size_t runs_b, runs_v; /* distinct runs on each side */
	size_t paired;         /* comparisons whose runs gave another comparison too */
	/* The spread between benchmarks, exp(mean log C -+ t_{k-1} sd(log C) / sqrt(k)):
	 * another question (other benchmarks like these), not the headline. */
	double between_lo, between_hi;
};

/* Cost ratio of one case: the ratio of its estimates (means, medians, or the
 * Hodges-Lehmann ratio), inverted when higher is better. */
double kv_cost_ratio(const struct kv_sum_case *c);
/* The geometric mean of the cost ratios with an interval that keeps the
 * correlation of metrics measured in the same runs: log G is linearised
 * run by run (each run's contribution summed over the metrics it gave),
 * runs connected by a metric form one cluster of n_c runs with n_c - 1
 * degrees of freedom, and the interval uses t with Satterthwaite's df over
 * the clusters of both sides.  Medians and Hodges-Lehmann: the standard
 * error is that of a bootstrap resampling whole runs within clusters (B
 * replicates, seed).  One case: its row's interval. */
void kv_summarize(const struct kv_sum_case *c, size_t k, size_t B, uint64_t seed, double conf,
		  struct kv_summary *out);

#endif
