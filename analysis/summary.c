/* summary.c - the geometric mean of many comparisons, with its intervals. */
#include <math.h>
#include <stdlib.h>

#include "analysis/stats.h"
#include "analysis/stats_internal.h"
#include "util/xalloc.h"

double kv_perf_ratio(const struct kv_sum_case *c)
{
	double r = kv_mean(c->v, c->nv) / kv_mean(c->b, c->nb);

	return c->higher_better ? r : 1 / r;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Fleming & Wallace (1986): summarise ratios by their geometric mean. */
void kv_summarize(const struct kv_sum_case *c, size_t k, size_t B, uint64_t seed, double conf,
		  double budget, struct kv_summary *o)
{
	double *lp = kv_xmalloc((k ? k : 1) * sizeof(*lp)), var = 0;
	double z = kv_qnorm(1 - (1 - conf) / 2);
	size_t maxn = 1;

	o->k = k;
	o->boot = false;
	o->geomean = o->overhead_pct = NAN;
	o->delta_lo = o->delta_hi = o->between_lo = o->between_hi = o->boot_lo = o->boot_hi = NAN;
	if (k == 0) {
		free(lp);
		return;
	}
	for (size_t i = 0; i < k; i++) {
		double mb = kv_mean(c[i].b, c[i].nb), mv = kv_mean(c[i].v, c[i].nv);
		lp[i] = log(kv_perf_ratio(&c[i]));
		/* delta method: var(log mean) ~ s^2 / (n m^2) */
		var += kv_var(c[i].v, c[i].nv) / ((double)c[i].nv * mv * mv) +
		       kv_var(c[i].b, c[i].nb) / ((double)c[i].nb * mb * mb);
		maxn = c[i].nb > maxn ? c[i].nb : maxn;
		maxn = c[i].nv > maxn ? c[i].nv : maxn;
	}
	double ml = kv_mean(lp, k), dk = (double)k, draws = 0;
	for (size_t i = 0; i < k; i++) {
		draws += (double)B * (double)(c[i].nb + c[i].nv);
	}
	o->geomean = exp(ml);
	o->overhead_pct = 100 * (1 - o->geomean);
	o->delta_lo = exp(ml - z * sqrt(var) / dk);
	o->delta_hi = exp(ml + z * sqrt(var) / dk);
	if (k > 1) {
		double h = kv_qt(1 - (1 - conf) / 2, dk - 1) * sqrt(kv_var(lp, k)) / sqrt(dk);
		o->between_lo = exp(ml - h);
		o->between_hi = exp(ml + h);
	}
	if (B > 0 && (budget <= 0 || draws <= budget)) {
		struct kv_rng r;
		o->boot = true;
		double *g = kv_xmalloc(B * sizeof(*g)), *rb = kv_xmalloc(maxn * sizeof(*rb));
		double *rv = kv_xmalloc(maxn * sizeof(*rv));
		kv_rng_seed(&r, seed);
		for (size_t t = 0; t < B; t++) {
			double s = 0;
			for (size_t i = 0; i < k; i++) {
				for (size_t j = 0; j < c[i].nb; j++) {
					rb[j] = c[i].b[kv_rng_bounded(&r, c[i].nb)];
				}
				for (size_t j = 0; j < c[i].nv; j++) {
					rv[j] = c[i].v[kv_rng_bounded(&r, c[i].nv)];
				}
				double ratio =
				    kv_mean_fast(rv, c[i].nv) / kv_mean_fast(rb, c[i].nb);
				s += log(c[i].higher_better ? ratio : 1 / ratio);
			}
			g[t] = exp(s / dk);
		}
		qsort(g, B, sizeof(*g), cmp_double);
		o->boot_lo = kv_quantile_sorted(g, B, (1 - conf) / 2);
		o->boot_hi = kv_quantile_sorted(g, B, 1 - (1 - conf) / 2);
		free(g);
		free(rb);
		free(rv);
	}
	free(lp);
}
