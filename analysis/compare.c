/* compare.c - every variant against the baseline, metric by metric. */
#include "analysis/compare.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/stats_internal.h"
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
	o->adjust = KV_ADJ_HOLM;
	o->seed = 1;
	o->noise_cv = 0.05;
}

const char *kv_verdict_name(enum kv_verdict v)
{
	static const char *const names[] = {"worse", "better", "same", "equivalent", "n/a"};

	return names[v];
}

double *kv_series_run_means(const struct kv_series *s)
{
	double *m = kv_xmalloc((s->n_runs ? s->n_runs : 1) * sizeof(*m));

	for (size_t j = 0; j < s->n_runs; j++) {
		m[j] = kv_mean(s->values + s->run_off[j], s->run_off[j + 1] - s->run_off[j]);
	}
	return m;
}

static bool has_iterations(const struct kv_series *s)
{
	return s->run_off[s->n_runs] > s->n_runs;
}

static double overhead_of(double ratio, bool higher)
{
	return higher ? 100 * (1 - ratio) : 100 * (ratio - 1);
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

/* The interval for R at level conf, by the method the options choose. */
static void ratio_interval(const struct kv_comparison *c, const struct kv_compare_opts *o,
			   double conf, uint64_t seed, double *lo, double *hi,
			   enum kv_fieller_kind *kind)
{
	size_t nb = c->bs.n, nv = c->vs.n;

	*lo = *hi = NAN;
	*kind = KV_FIELLER_UNDEFINED;
	if (o->estimator == KV_EST_MEAN && o->bootstrap == 0) {
		struct kv_fieller f;
		kv_fieller(c->bs.mean, c->bs.sd * c->bs.sd / (double)nb, nb, c->vs.mean,
			   c->vs.sd * c->vs.sd / (double)nv, nv, conf, &f);
		*kind = f.kind;
		if (f.kind == KV_FIELLER_BOUNDED) {
			*lo = f.lo;
			*hi = f.hi;
		}
		return;
	}
	if (o->estimator == KV_EST_MEAN && (has_iterations(c->base) || has_iterations(c->var))) {
		/* Kalibera & Jones: resample runs, then iterations within them. */
		const struct kv_series *ss[2] = {c->var, c->base};
		struct kv_runs r[2];
		const double **rows[2];
		size_t *ns[2];
		for (int k = 0; k < 2; k++) {
			rows[k] = kv_xmalloc(ss[k]->n_runs * sizeof(*rows[k]));
			ns[k] = kv_xmalloc(ss[k]->n_runs * sizeof(*ns[k]));
			for (size_t j = 0; j < ss[k]->n_runs; j++) {
				rows[k][j] = ss[k]->values + ss[k]->run_off[j];
				ns[k][j] = ss[k]->run_off[j + 1] - ss[k]->run_off[j];
			}
			r[k].iter = rows[k];
			r[k].n_iter = ns[k];
			r[k].n_runs = ss[k]->n_runs;
		}
		kv_boot_runs(&r[0], &r[1], true, o->bootstrap, seed, conf, lo, hi);
		for (int k = 0; k < 2; k++) {
			free(rows[k]);
			free(ns[k]);
		}
	} else {
		struct kv_boot bt;
		size_t B = o->bootstrap ? o->bootstrap : DEFAULT_B;
		kv_boot_ratio(c->v, nv, c->b, nb,
			      o->estimator == KV_EST_MEAN ? KV_BOOT_MEAN : KV_BOOT_MEDIAN, B, seed,
			      conf, &bt);
		*lo = isfinite(bt.bca_lo) ? bt.bca_lo : bt.perc_lo;
		*hi = isfinite(bt.bca_hi) ? bt.bca_hi : bt.perc_hi;
	}
	if (isfinite(*lo) && isfinite(*hi)) {
		*kind = KV_FIELLER_BOUNDED;
	}
}

static void map_overhead(double lo, double hi, bool higher, double *olo, double *ohi)
{
	double a = overhead_of(lo, higher), b = overhead_of(hi, higher);

	*olo = fmin(a, b);
	*ohi = fmax(a, b);
	if (!isfinite(lo) || !isfinite(hi)) {
		*olo = *ohi = NAN;
	}
}

static uint64_t seed_for(uint64_t seed, size_t i)
{
	uint64_t s = seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1));

	return kv_splitmix64(&s);
}

static void compute(struct kv_comparison *c, const struct kv_compare_opts *o, size_t index)
{
	uint64_t seed = seed_for(o->seed, index);
	size_t nb = c->base->n_runs, nv = c->var->n_runs;
	double alpha = 1 - o->confidence;
	struct kv_ttest w;

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
	double eb = o->estimator == KV_EST_MEAN ? c->bs.mean : c->bs.median;
	double ev = o->estimator == KV_EST_MEAN ? c->vs.mean : c->vs.median;
	c->ratio = ev / eb;
	c->ratio_lo = c->ratio_hi = c->overhead_lo = c->overhead_hi = NAN;
	c->equiv_lo = c->equiv_hi = NAN;
	c->interval_kind = KV_FIELLER_UNDEFINED;
	if (!(eb > 0) || !(ev >= 0) || !isfinite(c->ratio)) {
		c->flags |= KV_FLAG_UNSUPPORTED; /* ratios need positive quantities */
		c->ratio = NAN;
	} else {
		ratio_interval(c, o, o->confidence, seed, &c->ratio_lo, &c->ratio_hi,
			       &c->interval_kind);
		if (o->equivalence_pct > 0) {
			enum kv_fieller_kind k;
			double lo, hi;
			ratio_interval(c, o, 1 - 2 * alpha, seed + 3, &lo, &hi, &k);
			map_overhead(lo, hi, c->higher, &c->equiv_lo, &c->equiv_hi);
		}
	}
	c->overhead_pct = overhead_of(c->ratio, c->higher);
	map_overhead(c->ratio_lo, c->ratio_hi, c->higher, &c->overhead_lo, &c->overhead_hi);
	kv_ttest(c->v, nv, c->b, nb, false, o->confidence, &w);
	c->mde_pct = kv_mde_pct(w.se, w.df, c->bs.mean);
	c->min_p = 0;
	if (o->test == KV_TEST_WELCH) {
		c->p = w.p;
	} else {
		struct kv_mw mw;
		kv_mann_whitney(c->v, nv, c->b, nb, &mw);
		c->p = mw.p;
		c->min_p = mw.min_p_exact;
	}
	kv_dominance(c->v, nv, c->b, nb, c->higher, &c->cliffs_delta, &c->prob_superiority);
	if (nb < 3 || nv < 3 || c->min_p >= alpha) {
		c->flags |= KV_FLAG_FEW_SAMPLES;
	}
	if (fabs(c->bs.cv) > o->noise_cv || fabs(c->vs.cv) > o->noise_cv) {
		c->flags |= KV_FLAG_NOISY;
	}
	struct kv_desc db, dv;
	kv_describe(c->b, nb, &db);
	kv_describe(c->v, nv, &dv);
	if (nb >= 4 && db.tukey.n_mild + db.tukey.n_severe > 0) {
		c->flags |= KV_FLAG_OUTLIERS;
	}
	if (nv >= 4 && dv.tukey.n_mild + dv.tukey.n_severe > 0) {
		c->flags |= KV_FLAG_OUTLIERS;
	}
	if (isnan(w.t) && nb >= 2 && nv >= 2) {
		c->flags |= KV_FLAG_CONSTANT; /* R: "data are essentially constant" */
	} else if (!(c->flags & KV_FLAG_UNSUPPORTED) && nb >= 2 && nv >= 2 &&
		   c->interval_kind != KV_FIELLER_BOUNDED) {
		c->flags |= KV_FLAG_UNBOUNDED_CI;
	}
}

struct work {
	struct kv_comparison *c;
	size_t n;
	const struct kv_compare_opts *o;
	atomic_size_t next;
};

static void *worker(void *arg)
{
	struct work *w = arg;
	size_t i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->n) {
		compute(&w->c[i], w->o, i);
	}
	return NULL;
}

static void compute_all(struct kv_comparison *c, size_t n, const struct kv_compare_opts *o)
{
	struct work w = {c, n, o, 0};
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

static void summarize(struct kv_compare_result *r, const struct kv_compare_opts *o)
{
	static const char *const cats[] = {"all",     "cpu",     "memory", "storage",
					   "network", "latency", "other"};
	size_t cap = r->nvariants * (sizeof(cats) / sizeof(cats[0]));

	r->summary = kv_xcalloc(cap ? cap : 1, sizeof(*r->summary));
	for (size_t vi = 0; vi < r->nvariants; vi++) {
		for (size_t ci = 0; ci < sizeof(cats) / sizeof(cats[0]); ci++) {
			struct kv_sum_case *sc = kv_xcalloc(r->n ? r->n : 1, sizeof(*sc));
			size_t k = 0;
			for (size_t i = 0; i < r->n; i++) {
				const struct kv_comparison *c = &r->c[i];
				if (strcmp(c->var->config, r->variants[vi]) != 0 ||
				    (c->flags & KV_FLAG_UNSUPPORTED) || !(c->vs.mean > 0) ||
				    (ci > 0 && strcmp(c->category, cats[ci]) != 0)) {
					continue;
				}
				sc[k++] =
				    (struct kv_sum_case){c->b, c->v, c->bs.n, c->vs.n, c->higher};
			}
			if (k > 0) {
				struct kv_summary_row *row = &r->summary[r->nsummary++];
				row->variant = r->variants[vi];
				row->category = cats[ci];
				kv_summarize(sc, k, o->bootstrap ? o->bootstrap : DEFAULT_B,
					     seed_for(o->seed, 1000000 + vi * 16 + ci),
					     o->confidence, SUMMARY_BUDGET, &row->s);
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

static double gap_of(double eb, double er, double ev)
{
	return 100 * (er - ev) / (er - eb);
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
	double eb = estimate_of(c->b, nb, o->estimator), er = estimate_of(ref->v, nr, o->estimator);
	double ev = estimate_of(c->v, nv, o->estimator);
	struct kv_gap *g = &c->gap;

	g->has = true;
	g->ref = ref;
	g->pct = g->lo = g->hi = NAN;
	/* a reference without a significant overhead leaves no gap to close */
	if (ref->verdict != KV_WORSE) {
		c->flags |= KV_FLAG_NO_GAP;
	}
	if (!differ(er, eb) || nb < 2 || nr < 2 || nv < 2) {
		if (differ(er, eb)) {
			g->pct = gap_of(eb, er, ev);
		}
		return;
	}
	g->pct = gap_of(eb, er, ev);
	double *t = kv_xmalloc(B * sizeof(*t)), *x = kv_xmalloc((nb + nr + nv) * sizeof(*x));
	struct kv_rng rng;
	size_t k = 0;
	kv_rng_seed(&rng, seed);
	for (size_t i = 0; i < B; i++) {
		resample(&rng, c->b, nb, x);
		resample(&rng, ref->v, nr, x + nb);
		resample(&rng, c->v, nv, x + nb + nr);
		double b = estimate_of(x, nb, o->estimator),
		       rr = estimate_of(x + nb, nr, o->estimator);
		double v = estimate_of(x + nb + nr, nv, o->estimator);
		if (differ(rr, b)) {
			t[k++] = gap_of(b, rr, v);
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

/* The summary's gap: geometric means over the metrics both variants have,
 * each bootstrap replicate resampling the baseline once for both. */
static void summary_gap(const struct kv_compare_result *r, struct kv_summary_row *row,
			const struct kv_compare_opts *o, uint64_t seed)
{
	const struct kv_comparison **cv = kv_xcalloc(r->n ? r->n : 1, sizeof(*cv));
	const struct kv_comparison **cr = kv_xcalloc(r->n ? r->n : 1, sizeof(*cr));
	size_t k = 0, maxn = 1, B = o->bootstrap ? o->bootstrap : DEFAULT_B;
	struct kv_gap *g = &row->gap;

	g->has = true;
	g->pct = g->lo = g->hi = NAN;
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_comparison *c = &r->c[i];
		if (strcmp(c->var->config, row->variant) != 0 || !c->gap.has || !(c->vs.mean > 0) ||
		    !(c->gap.ref->vs.mean > 0) ||
		    (strcmp(row->category, "all") != 0 &&
		     strcmp(c->category, row->category) != 0)) {
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
			double mb = kv_mean(cv[i]->b, cv[i]->bs.n);
			double pv = kv_mean(cv[i]->v, cv[i]->vs.n) / mb;
			double pr = kv_mean(cr[i]->v, cr[i]->vs.n) / mb;
			lv += log(cv[i]->higher ? pv : 1 / pv);
			lr += log(cv[i]->higher ? pr : 1 / pr);
		}
		double gv = exp(lv / (double)k), gr = exp(lr / (double)k);
		if (differ(gr, 1)) {
			g->pct = 100 * (gv - gr) / (1 - gr);
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
					resample(&rng, cv[i]->b, nb, x);
					resample(&rng, cv[i]->v, nv, x + maxn);
					resample(&rng, cr[i]->v, nr, x + 2 * maxn);
					double mb = kv_mean_fast(x, nb);
					double pv = kv_mean_fast(x + maxn, nv) / mb;
					double pr = kv_mean_fast(x + 2 * maxn, nr) / mb;
					sv += log(cv[i]->higher ? pv : 1 / pv);
					sr += log(cv[i]->higher ? pr : 1 / pr);
				}
				double bv = exp(sv / (double)k), br = exp(sr / (double)k);
				if (differ(br, 1) && isfinite(bv) && isfinite(br)) {
					t[nt++] = 100 * (bv - br) / (1 - br);
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

static void verdicts(struct kv_compare_result *r, const struct kv_compare_opts *o)
{
	double *p = kv_xmalloc((r->n ? r->n : 1) * sizeof(*p)), alpha = 1 - o->confidence;

	for (size_t i = 0; i < r->n; i++) {
		p[i] = r->c[i].p;
	}
	kv_p_adjust(p, r->n, o->adjust, p);
	for (size_t i = 0; i < r->n; i++) {
		struct kv_comparison *c = &r->c[i];
		c->p_adjusted = p[i];
		if (isnan(c->p_adjusted) || isnan(c->overhead_pct)) {
			c->verdict = KV_VERDICT_NA;
		} else if (o->equivalence_pct > 0 && c->equiv_lo >= -o->equivalence_pct &&
			   c->equiv_hi <= o->equivalence_pct) {
			c->verdict = KV_EQUIVALENT;
		} else if (c->p_adjusted < alpha) {
			c->verdict = c->overhead_pct > 0 ? KV_WORSE : KV_BETTER;
		} else {
			c->verdict = KV_SAME;
		}
	}
	free(p);
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
	compute_all(r->c, r->n, o);
	verdicts(r, o);
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
	}
	free(r->c);
	free(r->unmatched);
	free(r->summary);
	free(r->variants);
	memset(r, 0, sizeof(*r));
}
