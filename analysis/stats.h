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
};
/* Bootstrap of statistic(v) / statistic(b): each of B replicates resamples
 * b (n_b draws), then v (n_v draws).  Reproducible for a seed. */
void kv_boot_ratio(const double *v, size_t nv, const double *b, size_t nb, enum kv_boot_stat st,
		   size_t B, uint64_t seed, double conf, struct kv_boot *out);

/* Bootstrap of the ratio of grand means: resample runs, then (when
 * two_level) iterations within each chosen run; percentile interval. */
void kv_boot_runs(const struct kv_runs *v, const struct kv_runs *b, bool two_level, size_t B,
		  uint64_t seed, double conf, double *lo, double *hi);

/* ---- summary over many comparisons (summary.c) ---- */

/* One comparison's samples and direction, for the geometric-mean summary. */
struct kv_sum_case {
	const double *b, *v;
	size_t nb, nv;
	bool higher_better;
};
struct kv_summary {
	size_t k;                      /* comparisons */
	double geomean;                /* G = exp(mean(log p_k)), p < 1: the variant is worse */
	double overhead_pct;           /* 100 (1 - G) */
	double delta_lo, delta_hi;     /* measurement noise only (delta method) */
	double between_lo, between_hi; /* spread between benchmarks (t on log p) */
	double boot_lo, boot_hi;       /* every case resampled, both sides; percentile */
	bool boot;                     /* boot_lo, boot_hi were computed (within the budget) */
};
/* Performance ratio of one case: ratio of means, inverted when lower is better. */
double kv_perf_ratio(const struct kv_sum_case *c);
/* The bootstrap is skipped (boot = false) when it would take more than
 * budget random draws (0: no limit): with that many comparisons the sum of
 * their independent noises is close to normal, and the delta-method
 * interval is what the bootstrap would give. */
void kv_summarize(const struct kv_sum_case *c, size_t k, size_t B, uint64_t seed, double conf,
		  double budget, struct kv_summary *out);

#endif
