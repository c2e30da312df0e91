/* compare.c - every variant against the baseline, metric by metric. */
#include "analysis/compare.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/multiples.h"
#include "analysis/stats_internal.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Bootstrap resamples for the summary and the median when none are asked for. */
#define DEFAULT_B 2000
/* Random draws the summary's bootstrap may take per row (about 0.05 s);
 * beyond it the delta-method interval is used and said so. */
#define SUMMARY_BUDGET 2e7

void kv_compare_opts_init(struct kv_compare_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->confidence = 0.95;
	o->estimator = KV_EST_MEAN;
	o->test = KV_TEST_WELCH;
	o->adjust = KV_ADJ_BH;
	o->seed = 1;
	o->noise_cv = 0.05;
}

const char *kv_verdict_name(enum kv_verdict v)
{
	static const char *const names[] = {"worse", "better", "same", "n/a"};

	return names[v];
}

double *kv_series_run_means(const struct kv_series *s)
{
	double *m = kv_xmalloc((s->n_runs ? s->n_runs : 1) * sizeof(*m));

	if (s->run_mean != NULL) { /* the database's, computed as kv_mean */
		memcpy(m, s->run_mean, s->n_runs * sizeof(*m));
		return m;
	}
	for (size_t j = 0; j < s->n_runs; j++) {
		m[j] = kv_mean(s->values + s->run_off[j], s->run_off[j + 1] - s->run_off[j]);
	}
	return m;
}

static bool has_iterations(const struct kv_series *s)
{
	return s->run_off[s->n_runs] > s->n_runs;
}

bool kv_compare_needs_samples(const struct kv_compare_opts *o)
{
	/* only the two-level bootstrap (method_of: KV_METHOD_BOOT_RUNS) */
	return o->bootstrap > 0 && o->estimator == KV_EST_MEAN && o->test == KV_TEST_WELCH;
}

/* Percentile bootstrap interval of one sample's median. */
static void median_ci(const double *x, size_t n, size_t B, uint64_t seed, double conf, double *lo,
		      double *hi)
{
	double *t = kv_xmalloc(B * sizeof(*t)), *r = kv_xmalloc(n * sizeof(*r));
	struct kv_rng g;

	kv_rng_seed(&g, seed);
	for (size_t k = 0; k < B; k++) {
		for (size_t i = 0; i < n; i++) {
			r[i] = x[kv_rng_bounded(&g, n)];
		}
		t[k] = kv_median(r, n);
	}
	double *sorted = kv_sorted_copy(t, B);
	*lo = kv_quantile_sorted(sorted, B, (1 - conf) / 2);
	*hi = kv_quantile_sorted(sorted, B, 1 - (1 - conf) / 2);
	free(sorted);
	free(t);
	free(r);
}

static void side_stats(const struct kv_series *s, const double *x, size_t n,
		       const struct kv_compare_opts *o, uint64_t seed, struct kv_side *d)
{
	struct kv_desc desc;

	kv_describe(x, n, &desc);
	d->n = n;
	d->n_samples = s->run_off[s->n_runs];
	d->mean = desc.mean;
	d->sd = desc.sd;
	d->median = desc.median;
	d->cv = desc.cv;
	d->lo = d->hi = NAN;
	if (o->estimator == KV_EST_MEAN && n >= 2) {
		double h =
		    kv_qt(1 - (1 - o->confidence) / 2, (double)n - 1) * desc.sd / sqrt((double)n);
		d->lo = desc.mean - h;
		d->hi = desc.mean + h;
	} else if (o->estimator == KV_EST_MEDIAN && n >= 2) {
		median_ci(x, n, o->bootstrap ? o->bootstrap : DEFAULT_B, seed, o->confidence,
			  &d->lo, &d->hi);
	}
}

static enum kv_method method_of(const struct kv_comparison *c, const struct kv_compare_opts *o)
{
	if (o->test == KV_TEST_MANN_WHITNEY) {
		return KV_METHOD_HL;
	}
	if (o->estimator == KV_EST_MEDIAN) {
		return KV_METHOD_MEDIAN;
	}
	if (o->bootstrap == 0) {
		return KV_METHOD_FIELLER;
	}
	return has_iterations(c->base) || has_iterations(c->var) ? KV_METHOD_BOOT_RUNS
								 : KV_METHOD_BOOT;
}

/* The logarithms of x, or NULL when a value is not positive. */
static double *logs_of(const double *x, size_t n)
{
	double *l = kv_xmalloc((n ? n : 1) * sizeof(*l));

	for (size_t i = 0; i < n; i++) {
		if (!(x[i] > 0)) {
			free(l);
			return NULL;
		}
		l[i] = log(x[i]);
	}
	return l;
}

/* The bootstrap distribution of the row's ratio (methods BOOT, BOOT_RUNS, MEDIAN). */
static void boot_dist(const struct kv_comparison *c, const struct kv_compare_opts *o, uint64_t seed,
		      struct kv_boot_dist *d)
{
	size_t B = o->bootstrap ? o->bootstrap : DEFAULT_B;

	if (c->method != KV_METHOD_BOOT_RUNS) {
		kv_boot_ratio_dist(c->v, c->vs.n, c->b, c->bs.n,
				   c->method == KV_METHOD_MEDIAN ? KV_BOOT_MEDIAN : KV_BOOT_MEAN, B,
				   seed, d);
		return;
	}
	/* Kalibera & Jones: resample runs, then iterations within them. */
	const struct kv_series *ss[2] = {c->var, c->base};
	struct kv_runs r[2];
	const double **rows[2];
	size_t *ns[2];
	for (int k = 0; k < 2; k++) {
		rows[k] = kv_xmalloc((ss[k]->n_runs ? ss[k]->n_runs : 1) * sizeof(*rows[k]));
		ns[k] = kv_xmalloc((ss[k]->n_runs ? ss[k]->n_runs : 1) * sizeof(*ns[k]));
		for (size_t j = 0; j < ss[k]->n_runs; j++) {
			rows[k][j] = ss[k]->values + ss[k]->run_off[j];
			ns[k][j] = ss[k]->run_off[j + 1] - ss[k]->run_off[j];
		}
		r[k].iter = rows[k];
		r[k].n_iter = ns[k];
		r[k].n_runs = ss[k]->n_runs;
	}
	kv_boot_runs_dist(&r[0], &r[1], true, B, seed, d);
	for (int k = 0; k < 2; k++) {
		free(rows[k]);
		free(ns[k]);
	}
}

/* The interval for R at level conf by the row's method; false when the
 * confidence set at that level is not a bounded interval.  d: the row's
 * bootstrap distribution, for the bootstrap methods. */
static bool ratio_interval(const struct kv_comparison *c, double conf, const struct kv_boot_dist *d,
			   double *lo, double *hi)
{
	*lo = *hi = NAN;
	switch (c->method) {
	case KV_METHOD_FIELLER: {
		struct kv_fieller f;
		kv_fieller(c->bs.mean, c->bs.sd * c->bs.sd / (double)c->bs.n, c->bs.n, c->vs.mean,
			   c->vs.sd * c->vs.sd / (double)c->vs.n, c->vs.n, conf, &f);
		if (f.kind == KV_FIELLER_EXCLUSIVE && f.lo < 0) {
			/* (-inf, lo] U [hi, +inf) with lo < 0: cut at R >= 0 it is
			 * the ray [hi, +inf), an interval that excludes 1 exactly
			 * when Welch's p is below alpha */
			*lo = f.hi;
			*hi = INFINITY;
			return isfinite(*lo);
		}
		if (f.kind != KV_FIELLER_BOUNDED) {
			return false;
		}
		*lo = f.lo;
		*hi = f.hi;
		break;
	}
	case KV_METHOD_HL: {
		double *lv = logs_of(c->v, c->vs.n), *lb = logs_of(c->b, c->bs.n);
		struct kv_hl hl = {0};
		if (lv != NULL && lb != NULL) {
			kv_hodges_lehmann(lv, c->vs.n, lb, c->bs.n, conf, &hl);
		}
		free(lv);
		free(lb);
		if (!hl.reached) {
			return false;
		}
		*lo = exp(hl.lo);
		*hi = exp(hl.hi);
		break;
	}
	default:
		kv_boot_dist_interval(d, conf, lo, hi);
		break;
	}
	/* both means are of non-negative quantities: R >= 0 (truncating a
	 * confidence set to the parameter space keeps its coverage) */
	*lo = fmax(*lo, 0);
	return isfinite(*lo) && isfinite(*hi);
}

/* C's interval from R's. */
static void cost_interval(double rlo, double rhi, bool higher, double *clo, double *chi)
{
	if (!higher) {
		*clo = rlo;
		*chi = rhi;
	} else {
		*clo = 1 / rhi;
		*chi = rlo > 0 ? 1 / rlo : INFINITY;
	}
	if (isnan(rlo) || isnan(rhi)) {
		*clo = *chi = NAN;
	}
}

static uint64_t seed_for(uint64_t seed, size_t i)
{
	uint64_t s = seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1));

	return kv_splitmix64(&s);
}

/* Welch's statistic t of v - b with its standard error and Welch-
 * Satterthwaite df (as kv_ttest, without its p and interval); t is NaN
 * when R would stop with "data are essentially constant". */
static void welch(const struct kv_comparison *c, double *t, double *se, double *df)
{
	double sb = c->bs.sd * c->bs.sd / (double)c->bs.n,
	       sv = c->vs.sd * c->vs.sd / (double)c->vs.n;

	*t = *se = *df = NAN;
	if (c->bs.n < 2 || c->vs.n < 2) {
		return;
	}
	*se = sqrt(sb + sv);
	*df = pow(*se, 4) / (sv * sv / (double)(c->vs.n - 1) + sb * sb / (double)(c->bs.n - 1));
	if (*se >= 10 * DBL_EPSILON * fmax(fabs(c->vs.mean), fabs(c->bs.mean))) {
		*t = (c->vs.mean - c->bs.mean) / *se;
	}
}

/* The estimate, p-value, flags and the unadjusted interval of one row. */
static void compute(struct kv_comparison *c, const struct kv_compare_opts *o, size_t index)
{
	uint64_t seed = seed_for(o->seed, index);
	size_t nb = c->base->n_runs, nv = c->var->n_runs;
	double alpha = 1 - o->confidence, t;
	struct kv_boot_dist d = {0};
	bool raw_done = false;

	c->b = kv_series_run_means(c->base);
	c->v = kv_series_run_means(c->var);
	c->higher = strcmp(c->base->direction, "higher") == 0;
	if (c->base->kind != NULL && strcmp(c->base->kind, "summary") == 0) {
		c->flags |= KV_FLAG_SUMMARY;
	}
	c->category =
	    kv_category(c->base->tool, c->base->benchmark, c->base->metric, c->base->unit);
	side_stats(c->base, c->b, nb, o, seed + 1, &c->bs);
	side_stats(c->var, c->v, nv, o, seed + 2, &c->vs);
	c->method = method_of(c, o);
	c->ratio_lo = c->ratio_hi = c->raw_ratio_lo = c->raw_ratio_hi = NAN;
	c->equiv_lo = c->equiv_hi = c->p = c->mde_pct = NAN;
	c->interval_kind = KV_FIELLER_UNDEFINED;
	c->min_p = 0;
	welch(c, &t, &c->se, &c->df);
	if (c->method == KV_METHOD_HL) {
		struct kv_mw mw;
		double *lv = logs_of(c->v, nv), *lb = logs_of(c->b, nb);
		struct kv_hl hl = {.estimate = NAN};
		if (lv != NULL && lb != NULL && nv > 0 && nb > 0) {
			kv_hodges_lehmann(lv, nv, lb, nb, o->confidence, &hl);
		}
		free(lv);
		free(lb);
		c->ratio = exp(hl.estimate);
		kv_mann_whitney(c->v, nv, c->b, nb, &mw);
		c->p = mw.p;
		c->min_p = mw.min_p_exact;
	} else if (c->method == KV_METHOD_MEDIAN) {
		c->ratio = c->vs.median / c->bs.median;
	} else {
		c->ratio = c->vs.mean / c->bs.mean;
	}
	if (!(c->bs.mean > 0) || !(c->vs.mean >= 0) || !(c->ratio > 0) || !isfinite(c->ratio)) {
		c->flags |= KV_FLAG_UNSUPPORTED; /* ratios need positive quantities */
		c->ratio = NAN;
		c->p = NAN;
	} else if (c->method == KV_METHOD_FIELLER) {
		struct kv_fieller f;
		kv_fieller(c->bs.mean, c->bs.sd * c->bs.sd / (double)nb, nb, c->vs.mean,
			   c->vs.sd * c->vs.sd / (double)nv, nv, o->confidence, &f);
		/* Welch's statistic on Fieller's degrees of freedom: p < alpha
		 * exactly when Fieller's set at 1 - alpha excludes 1 */
		c->p = isfinite(t) && isfinite(f.df) ? 2 * kv_pt(-fabs(t), f.df) : NAN;
		c->df = f.df;
		c->interval_kind = f.kind;
		if (f.kind == KV_FIELLER_BOUNDED) {
			c->raw_ratio_lo = fmax(f.lo, 0); /* R >= 0, as ratio_interval() */
			c->raw_ratio_hi = f.hi;
			raw_done = true;
		}
	} else if (c->method != KV_METHOD_HL && nb >= 2 && nv >= 2) {
		boot_dist(c, o, seed, &d);
		c->p = kv_boot_dist_p(&d, 1);
	}
	if (!isnan(c->ratio) && !raw_done) {
		if (ratio_interval(c, o->confidence, &d, &c->raw_ratio_lo, &c->raw_ratio_hi)) {
			if (isfinite(c->raw_ratio_hi)) {
				c->interval_kind = KV_FIELLER_BOUNDED;
			}
		} else if (c->interval_kind == KV_FIELLER_BOUNDED ||
			   c->interval_kind == KV_FIELLER_UNDEFINED) {
			c->interval_kind = KV_FIELLER_UNBOUNDED;
		}
	}
	/* intervals at 1 - alpha' and 1 - 2 alpha' need only the tails */
	kv_boot_dist_trim(&d, o->equivalence_pct > 0 ? 2 * alpha : alpha);
	c->boot = d;
	cost_interval(c->raw_ratio_lo, c->raw_ratio_hi, c->higher, &c->raw_cost_lo,
		      &c->raw_cost_hi);
	c->cost = c->higher ? 1 / c->ratio : c->ratio;
	c->overhead_pct = 100 * (c->cost - 1);
	c->change_pct = 100 * (c->ratio - 1);
	kv_dominance(c->v, nv, c->b, nb, c->higher, &c->cliffs_delta, &c->prob_superiority);
	if (nb < 3 || nv < 3 || c->min_p >= alpha) {
		c->flags |= KV_FLAG_FEW_SAMPLES;
	}
	if (fabs(c->bs.cv) > o->noise_cv || fabs(c->vs.cv) > o->noise_cv) {
		c->flags |= KV_FLAG_NOISY;
	}
	/* Grubbs at 0.025 a side: at most 5% of clean normal comparisons flagged */
	if (kv_grubbs(c->b, nb, 0.025) || kv_grubbs(c->v, nv, 0.025)) {
		c->flags |= KV_FLAG_OUTLIERS;
	}
	if (isnan(t) && nb >= 2 && nv >= 2) {
		c->flags |= KV_FLAG_CONSTANT; /* R: "data are essentially constant" */
		if (c->method != KV_METHOD_HL) {
			c->p = NAN;
		}
	}
}

/* The printed interval at the adjusted level 1 - alpha', the verdict it
 * gives, equivalence and the smallest detectable overhead. */
static void finish(struct kv_comparison *c, const struct kv_compare_opts *o, double alpha_p,
		   size_t index)
{
	struct kv_boot_dist d = c->boot; /* the same replicates as the p-value's */
	bool same = !(alpha_p < 1 - o->confidence) && !(alpha_p > 1 - o->confidence);

	(void)index;
	memset(&c->boot, 0, sizeof(c->boot));
	c->level = 1 - alpha_p;
	if (isnan(c->ratio)) {
		c->cost_lo = c->cost_hi = c->overhead_lo = c->overhead_hi = NAN;
		c->verdict = KV_VERDICT_NA;
		kv_boot_dist_release(&d);
		return;
	}
	if (same) {
		c->ratio_lo = c->raw_ratio_lo;
		c->ratio_hi = c->raw_ratio_hi;
	} else if (!ratio_interval(c, c->level, &d, &c->ratio_lo, &c->ratio_hi)) {
		c->ratio_lo = c->ratio_hi = NAN;
		if (!(c->flags & KV_FLAG_CONSTANT)) {
			c->flags |= KV_FLAG_UNBOUNDED_CI;
		}
	}
	if (c->bs.n >= 2 && c->vs.n >= 2 && !(isfinite(c->ratio_lo) && isfinite(c->ratio_hi)) &&
	    !(c->flags & KV_FLAG_CONSTANT)) {
		c->flags |= KV_FLAG_UNBOUNDED_CI; /* no interval, or a ray */
	}
	cost_interval(c->ratio_lo, c->ratio_hi, c->higher, &c->cost_lo, &c->cost_hi);
	c->overhead_lo = 100 * (c->cost_lo - 1);
	c->overhead_hi = 100 * (c->cost_hi - 1);
	if (isnan(c->p)) {
		c->verdict = KV_VERDICT_NA;
	} else if (c->cost_lo > 1) {
		c->verdict = KV_WORSE;
	} else if (c->cost_hi < 1) {
		c->verdict = KV_BETTER;
	} else {
		c->verdict = KV_SAME;
	}
	if (o->equivalence_pct > 0 && !isnan(c->p)) {
		double lo, hi, clo, chi;
		c->equivalent = KV_EQUIV_NO; /* untested without a test (constant data) */
		if (ratio_interval(c, 1 - 2 * alpha_p, &d, &lo, &hi)) {
			cost_interval(lo, hi, c->higher, &clo, &chi);
			c->equiv_lo = 100 * (clo - 1);
			c->equiv_hi = 100 * (chi - 1);
			if (c->equiv_lo >= -o->equivalence_pct &&
			    c->equiv_hi <= o->equivalence_pct) {
				c->equivalent = KV_EQUIV_YES;
			}
		}
	}
	kv_boot_dist_release(&d);
	/* the smallest overhead the test would detect at this level, power 0.8 */
	double rel = kv_mde_rel(c->se, c->df, c->bs.mean, c->level);
	c->mde_pct = !isfinite(rel) ? NAN
		     : c->higher    ? (rel < 1 ? 100 * rel / (1 - rel) : NAN)
				    : 100 * rel;
}

struct work {
	struct kv_comparison *c;
	size_t n;
	const struct kv_compare_opts *o;
	double alpha_p; /* 0: the first phase (compute); else finish at this alpha' */
	atomic_size_t next;
};

static void *worker(void *arg)
{
	struct work *w = arg;
	size_t i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->n) {
		if (w->alpha_p > 0) {
			finish(&w->c[i], w->o, w->alpha_p, i);
		} else {
			compute(&w->c[i], w->o, i);
		}
	}
	return NULL;
}

/* Runs one phase over every comparison on the worker threads. */
static void run_all(struct kv_comparison *c, size_t n, const struct kv_compare_opts *o,
		    double alpha_p)
{
	struct work w = {c, n, o, alpha_p, 0};
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int nt = o->threads > 0 ? o->threads : (int)(cores > 0 ? cores : 1);
	pthread_t *t;
	int started = 0;

	if (nt > 64) {
		nt = 64;
	}
	if ((size_t)nt > n / 16 + 1) {
		nt = (int)(n / 16 + 1); /* threads are not worth it for a few comparisons */
	}
	t = kv_xcalloc((size_t)nt, sizeof(*t));
	for (int k = 1; k < nt; k++) {
		if (pthread_create(&t[k], NULL, worker, &w) == 0) {
			started = k;
		} else {
			break;
		}
	}
	worker(&w);
	for (int k = 1; k <= started; k++) {
		pthread_join(t[k], NULL);
	}
	free(t);
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(s, list[i]) == 0) {
			return true;
		}
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct configurations of the series, sorted; borrowed strings. */
static const char **configs_of(const struct kv_series *s, size_t n, size_t *count)
{
	const char **c = kv_xmalloc((n ? n : 1) * sizeof(*c));
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (!in_list(s[i].config, c, k)) {
			c[k++] = s[i].config;
		}
	}
	qsort(c, k, sizeof(*c), cmp_str);
	*count = k;
	return c;
}

static int unknown_config(const char *what, const char *name, const char **all, size_t n,
			  struct kv_error *err)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		kv_strbuf_addf(&sb, "%s%s", i ? ", " : "", all[i]);
	}
	kv_fail(err, KV_EXIT_FAILURE, "no configuration '%s' for the %s; the database has: %s",
		name, what, n ? kv_strbuf_str(&sb) : "(none)");
	kv_strbuf_release(&sb);
	return -1;
}

static enum kv_sum_est sum_est(enum kv_method m)
{
	return m == KV_METHOD_HL       ? KV_SUM_EST_HL
	       : m == KV_METHOD_MEDIAN ? KV_SUM_EST_MEDIAN
				       : KV_SUM_EST_MEAN;
}

static enum kv_verdict verdict_of(double lo, double hi)
{
	return lo > 1 ? KV_WORSE : hi < 1 ? KV_BETTER : isnan(lo) ? KV_VERDICT_NA : KV_SAME;
}

static const char *const cats[] = {"all",     "cpu",     "memory", "storage",
				   "network", "latency", "other"};

/* Whether c belongs in the summary row of variant and category ci. */
static bool in_summary(const struct kv_comparison *c, const char *variant, size_t ci)
{
	return strcmp(c->var->config, variant) == 0 && c->merged_into == NULL && c->cost > 0 &&
	       isfinite(c->cost) && c->vs.mean > 0 &&
	       (ci == 0 || strcmp(c->category, cats[ci]) == 0);
}

static void summarize(struct kv_compare_result *r, const struct kv_compare_opts *o)
{
	size_t cap = r->nvariants * ARRAY_SIZE(cats);

	r->summary = kv_xcalloc(cap ? cap : 1, sizeof(*r->summary));
	for (size_t vi = 0; vi < r->nvariants; vi++) {
		for (size_t ci = 0; ci < ARRAY_SIZE(cats); ci++) {
			struct kv_sum_case *sc = kv_xcalloc(r->n ? r->n : 1, sizeof(*sc));
			size_t k = 0, merged = 0;
			for (size_t i = 0; i < r->n; i++) {
				const struct kv_comparison *c = &r->c[i];
				if (c->merged_into != NULL &&
				    strcmp(c->var->config, r->variants[vi]) == 0 &&
				    (ci == 0 || strcmp(c->category, cats[ci]) == 0)) {
					merged++;
				}
				if (!in_summary(c, r->variants[vi], ci)) {
					continue;
				}
				sc[k++] = (struct kv_sum_case){c->b,
							       c->v,
							       c->base->run_id,
							       c->var->run_id,
							       c->bs.n,
							       c->vs.n,
							       c->higher,
							       sum_est(c->method),
							       c->raw_cost_lo,
							       c->raw_cost_hi};
			}
			if (k > 0) {
				struct kv_summary_row *row = &r->summary[r->nsummary++];
				row->variant = r->variants[vi];
				row->category = cats[ci];
				row->merged = merged;
				kv_summarize(sc, k, o->bootstrap ? o->bootstrap : DEFAULT_B,
					     seed_for(o->seed, 1000000 + vi * 16 + ci),
					     o->confidence, &row->s);
				row->verdict = verdict_of(row->s.lo, row->s.hi);
			}
			free(sc);
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double estimate_of(const double *x, size_t n, enum kv_estimator e)
{
	return e == KV_EST_MEAN ? kv_mean_fast(x, n) : kv_median(x, n);
}

static bool differ(double a, double b)
{
	return a < b || a > b;
}

/* The cost ratio of estimates ev against eb. */
static double cost_ratio(double eb, double ev, bool higher)
{
	return higher ? eb / ev : ev / eb;
}

/* The share of the reference's overhead recovered, on the cost ratio. */
static double gap_of(double c_ref, double c_var)
{
	return 100 * (c_ref - c_var) / (c_ref - 1);
}

/* The percentile interval of the k bootstrap replicates t (sorted here). */
static void percentile_interval(double *t, size_t k, double conf, struct kv_gap *g)
{
	if (k > 0) {
		qsort(t, k, sizeof(*t), cmp_double);
		g->lo = kv_quantile_sorted(t, k, (1 - conf) / 2);
		g->hi = kv_quantile_sorted(t, k, 1 - (1 - conf) / 2);
	}
}

/* Draws n values of x with replacement into out. */
static void resample(struct kv_rng *r, const double *x, size_t n, double *out)
{
	for (size_t j = 0; j < n; j++) {
		out[j] = x[kv_rng_bounded(r, n)];
	}
}

/* The gap closed by c against the reference's comparison ref of the same
 * metric, with a percentile bootstrap interval over the runs of all three. */
static void gap_one(struct kv_comparison *c, const struct kv_comparison *ref,
		    const struct kv_compare_opts *o, uint64_t seed)
{
	size_t nb = c->bs.n, nr = ref->vs.n, nv = c->vs.n,
	       B = o->bootstrap ? o->bootstrap : DEFAULT_B;
	struct kv_gap *g = &c->gap;

	g->has = true;
	g->ref = ref;
	g->pct = g->lo = g->hi = NAN;
	/* a reference without a significant overhead leaves no gap to close */
	if (ref->verdict != KV_WORSE) {
		c->flags |= KV_FLAG_NO_GAP;
	}
	if (!differ(ref->cost, 1)) {
		return;
	}
	g->pct = gap_of(ref->cost, c->cost);
	if (nb < 2 || nr < 2 || nv < 2) {
		return;
	}
	double *t = kv_xmalloc(B * sizeof(*t)), *x = kv_xmalloc((nb + nr + nv) * sizeof(*x));
	struct kv_rng rng;
	size_t k = 0;
	kv_rng_seed(&rng, seed);
	for (size_t i = 0; i < B; i++) {
		resample(&rng, c->b, nb, x);
		resample(&rng, ref->v, nr, x + nb);
		resample(&rng, c->v, nv, x + nb + nr);
		double b = estimate_of(x, nb, o->estimator);
		double cr = cost_ratio(b, estimate_of(x + nb, nr, o->estimator), c->higher);
		double cv = cost_ratio(b, estimate_of(x + nb + nr, nv, o->estimator), c->higher);
		if (differ(cr, 1) && isfinite(cr) && isfinite(cv)) {
			t[k++] = gap_of(cr, cv);
		}
	}
	percentile_interval(t, k, o->confidence, g);
	free(t);
	free(x);
}

/* The comparison of the reference for the same metric as c, or NULL. */
static const struct kv_comparison *ref_of(const struct kv_compare_result *r, const char *ref,
					  const struct kv_comparison *c)
{
	for (size_t i = 0; i < r->n; i++) {
		if (r->c[i].base == c->base && strcmp(r->c[i].var->config, ref) == 0) {
			return &r->c[i];
		}
	}
	return NULL;
}

static void gaps(struct kv_compare_result *r, const struct kv_compare_opts *o)
{
	for (size_t i = 0; i < r->n; i++) {
		struct kv_comparison *c = &r->c[i];
		const struct kv_comparison *ref;
		if (strcmp(c->var->config, o->reference) == 0 || (c->flags & KV_FLAG_UNSUPPORTED) ||
		    (ref = ref_of(r, o->reference, c)) == NULL ||
		    (ref->flags & KV_FLAG_UNSUPPORTED)) {
			continue;
		}
		gap_one(c, ref, o, seed_for(o->seed, 2000000 + i));
	}
}

/* The summary's gap: geometric means of C over the metrics both variants
 * have, each bootstrap replicate resampling the baseline once for both. */
static void summary_gap(const struct kv_compare_result *r, struct kv_summary_row *row,
			const struct kv_compare_opts *o, uint64_t seed)
{
	const struct kv_comparison **cv = kv_xcalloc(r->n ? r->n : 1, sizeof(*cv));
	const struct kv_comparison **cr = kv_xcalloc(r->n ? r->n : 1, sizeof(*cr));
	size_t k = 0, maxn = 1, B = o->bootstrap ? o->bootstrap : DEFAULT_B, ci = 0;
	struct kv_gap *g = &row->gap;

	while (ci < ARRAY_SIZE(cats) && strcmp(cats[ci], row->category) != 0) {
		ci++;
	}
	g->has = true;
	g->pct = g->lo = g->hi = NAN;
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_comparison *c = &r->c[i];
		if (!c->gap.has || !in_summary(c, row->variant, ci) || !(c->gap.ref->cost > 0) ||
		    !isfinite(c->gap.ref->cost)) {
			continue;
		}
		cv[k] = c;
		cr[k] = c->gap.ref;
		maxn = c->bs.n > maxn ? c->bs.n : maxn;
		maxn = c->vs.n > maxn ? c->vs.n : maxn;
		maxn = c->gap.ref->vs.n > maxn ? c->gap.ref->vs.n : maxn;
		k++;
	}
	row->gap_k = k;
	if (k > 0) {
		double lv = 0, lr = 0;
		for (size_t i = 0; i < k; i++) {
			lv += log(cv[i]->cost);
			lr += log(cr[i]->cost);
		}
		double gv = exp(lv / (double)k), gr = exp(lr / (double)k);
		if (differ(gr, 1)) {
			g->pct = gap_of(gr, gv);
		}
		double draws = 0;
		for (size_t i = 0; i < k; i++) {
			draws += (double)B * (double)(cv[i]->bs.n + cv[i]->vs.n + cr[i]->vs.n);
		}
		if (differ(gr, 1) && draws <= SUMMARY_BUDGET) {
			double *t = kv_xmalloc(B * sizeof(*t)),
			       *x = kv_xmalloc(3 * maxn * sizeof(*x));
			struct kv_rng rng;
			size_t nt = 0;
			kv_rng_seed(&rng, seed);
			for (size_t b = 0; b < B; b++) {
				double sv = 0, sr = 0;
				for (size_t i = 0; i < k; i++) {
					size_t nb = cv[i]->bs.n, nv = cv[i]->vs.n, nr = cr[i]->vs.n;
					bool h = cv[i]->higher;
					resample(&rng, cv[i]->b, nb, x);
					resample(&rng, cv[i]->v, nv, x + maxn);
					resample(&rng, cr[i]->v, nr, x + 2 * maxn);
					double eb = estimate_of(x, nb, o->estimator);
					double ev = estimate_of(x + maxn, nv, o->estimator);
					double er = estimate_of(x + 2 * maxn, nr, o->estimator);
					sv += log(cost_ratio(eb, ev, h));
					sr += log(cost_ratio(eb, er, h));
				}
				double bv = exp(sv / (double)k), br = exp(sr / (double)k);
				if (differ(br, 1) && isfinite(bv) && isfinite(br)) {
					t[nt++] = gap_of(br, bv);
				}
			}
			percentile_interval(t, nt, o->confidence, g);
			free(t);
			free(x);
		}
	}
	free(cv);
	free(cr);
}

/* Adjusts the p-values and finds alpha', the level of the printed
 * intervals that makes each verdict agree with its adjusted p:
 * Bonferroni alpha / m (also for holm and hochberg, whose step-wise
 * procedures have no matching intervals); BH and BY: the false-coverage-
 * rate intervals of Benjamini & Yekutieli (2005), R alpha / m with R the
 * number of rejections (BY: divided by c(m) as well). */
static void adjust(struct kv_compare_result *r, const struct kv_compare_opts *o)
{
	double *p = kv_xmalloc((r->n ? r->n : 1) * sizeof(*p)), alpha = 1 - o->confidence;
	enum kv_adjust shown = o->adjust;

	if (shown == KV_ADJ_HOLM || shown == KV_ADJ_HOCHBERG) {
		shown = KV_ADJ_BONFERRONI;
	}
	r->m = 0;
	for (size_t i = 0; i < r->n; i++) {
		p[i] = r->c[i].p;
		r->m += !isnan(p[i]);
	}
	kv_p_adjust(p, r->n, shown, p);
	size_t rejected = 0;
	for (size_t i = 0; i < r->n; i++) {
		r->c[i].p_adjusted = p[i];
		rejected += p[i] < alpha;
	}
	r->alpha_printed = kv_alpha_printed(shown, alpha, r->m, rejected);
	free(p);
}

const char *kv_method_name(enum kv_method m)
{
	static const char *const names[] = {"fieller", "bootstrap", "bootstrap-runs",
					    "median-bootstrap", "hodges-lehmann"};

	return names[m];
}

const char *kv_adjust_explain(enum kv_adjust a)
{
	switch (a) {
	case KV_ADJ_NONE:
		return "no adjustment for multiple comparisons";
	case KV_ADJ_HOLM:
		return "holm asked: Bonferroni-adjusted p, intervals and verdicts, since Holm's "
		       "step-down has no matching intervals";
	case KV_ADJ_HOCHBERG:
		return "hochberg asked: Bonferroni-adjusted p, intervals and verdicts, since "
		       "Hochberg's step-up has no matching intervals";
	case KV_ADJ_BONFERRONI:
		return "Bonferroni-adjusted p, intervals and verdicts";
	case KV_ADJ_BH:
		return "Benjamini-Hochberg adjusted p with the false-coverage-rate intervals "
		       "of Benjamini & Yekutieli 2005";
	case KV_ADJ_BY:
		return "Benjamini-Yekutieli adjusted p with the false-coverage-rate intervals "
		       "of Benjamini & Yekutieli 2005";
	}
	return "?";
}
int kv_compare(const struct kv_series *s, size_t n, const struct kv_compare_opts *o,
	       struct kv_compare_result *r, struct kv_error *err)
{
	size_t nconf;
	const char **all = configs_of(s, n, &nconf);
	int ret = -1;

	memset(r, 0, sizeof(*r));
	if (nconf == 0) {
		kv_fail(err, KV_EXIT_FAILURE, "the database holds no samples; import some first");
		goto out;
	}
	for (size_t i = 0; kv_compare_needs_samples(o) && i < n; i++) {
		if (s[i].values == NULL && has_iterations(&s[i])) {
			kv_fail(err, KV_EXIT_FAILURE,
				"internal error: the two-level bootstrap needs the samples, "
				"and they were not loaded");
			goto out;
		}
	}
	if (!in_list(o->baseline, all, nconf)) {
		unknown_config("baseline", o->baseline, all, nconf, err);
		goto out;
	}
	r->variants = kv_xcalloc(nconf, sizeof(*r->variants));
	if (o->nvariants > 0) {
		for (size_t i = 0; i < o->nvariants; i++) {
			if (!in_list(o->variants[i], all, nconf)) {
				unknown_config("variant", o->variants[i], all, nconf, err);
				goto out;
			}
			if (strcmp(o->variants[i], o->baseline) == 0) {
				kv_fail(err, KV_EXIT_USAGE,
					"'%s' is the baseline; it cannot be a variant too",
					o->baseline);
				goto out;
			}
			if (!in_list(o->variants[i], r->variants, r->nvariants)) {
				r->variants[r->nvariants++] = o->variants[i];
			}
		}
	} else {
		for (size_t i = 0; i < nconf; i++) {
			if (strcmp(all[i], o->baseline) != 0) {
				r->variants[r->nvariants++] = all[i];
			}
		}
	}
	if (r->nvariants == 0) {
		kv_fail(err, KV_EXIT_FAILURE,
			"only the baseline '%s' is in the database: nothing to compare it with",
			o->baseline);
		goto out;
	}
	if (o->reference != NULL) {
		if (strcmp(o->reference, o->baseline) == 0) {
			kv_fail(err, KV_EXIT_USAGE,
				"--reference '%s' is the baseline; it must be one of the variants",
				o->reference);
			goto out;
		}
		if (!in_list(o->reference, r->variants, r->nvariants)) {
			if (!in_list(o->reference, all, nconf)) {
				unknown_config("reference", o->reference, all, nconf, err);
			} else {
				kv_fail(err, KV_EXIT_USAGE,
					"--reference '%s' must be one of the variants compared",
					o->reference);
			}
			goto out;
		}
		if (r->nvariants < 2) {
			kv_fail(err, KV_EXIT_USAGE,
				"--reference needs a second variant to recover its overhead: only "
				"'%s' is compared with '%s'",
				o->reference, o->baseline);
			goto out;
		}
	}
	/* Series come sorted by metric, then config: walk one metric at a time. */
	r->c = kv_xcalloc(n ? n : 1, sizeof(*r->c));
	r->unmatched = kv_xcalloc(n * r->nvariants + 1, sizeof(*r->unmatched));
	for (size_t i = 0; i < n;) {
		size_t j = i;
		const struct kv_series *base = NULL;
		while (j < n && s[j].metric_id == s[i].metric_id) {
			if (strcmp(s[j].config, o->baseline) == 0) {
				base = &s[j];
			}
			j++;
		}
		for (size_t vi = 0; vi < r->nvariants; vi++) {
			const struct kv_series *var = NULL;
			for (size_t k = i; k < j; k++) {
				if (strcmp(s[k].config, r->variants[vi]) == 0) {
					var = &s[k];
				}
			}
			if (base != NULL && var != NULL) {
				r->c[r->n].base = base;
				r->c[r->n].var = var;
				r->n++;
			} else if (base != NULL || var != NULL) {
				r->unmatched[r->nunmatched++] = (struct kv_unmatched){
				    base != NULL ? base : var, r->variants[vi], base != NULL};
			}
		}
		i = j;
	}
	if (r->n == 0) {
		kv_fail(err, KV_EXIT_FAILURE,
			"no benchmark and metric is in both the baseline '%s' and a variant",
			o->baseline);
		goto out;
	}
	run_all(r->c, r->n, o, 0);
	adjust(r, o);
	run_all(r->c, r->n, o, r->alpha_printed);
	kv_multiples_find(r->c, r->n);
	summarize(r, o);
	if (o->reference != NULL) {
		gaps(r, o);
		for (size_t i = 0; i < r->nsummary; i++) {
			if (strcmp(r->summary[i].variant, o->reference) != 0) {
				summary_gap(r, &r->summary[i], o, seed_for(o->seed, 3000000 + i));
			}
		}
	}
	ret = 0;
out:
	free(all);
	if (ret < 0) {
		kv_compare_result_release(r);
	}
	return ret;
}

void kv_compare_result_release(struct kv_compare_result *r)
{
	for (size_t i = 0; r->c != NULL && i < r->n; i++) {
		free(r->c[i].b);
		free(r->c[i].v);
		kv_boot_dist_release(&r->c[i].boot);
	}
	free(r->c);
	free(r->unmatched);
	free(r->summary);
	free(r->variants);
	memset(r, 0, sizeof(*r));
}
