/* tests.c - two samples: t-tests, Fieller, Mann-Whitney, Hodges-Lehmann, adjustment. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "analysis/stats_internal.h"
#include "util/xalloc.h"

static void ttest_nan(struct kv_ttest *o)
{
	o->t = o->df = o->p = o->se = o->diff = o->lo = o->hi = NAN;
}

/* R's t.test.default, two samples (Welch 1947; Student's pooled form). */
void kv_ttest(const double *v, size_t nv, const double *b, size_t nb, bool pooled, double conf,
	      struct kv_ttest *o)
{
	double mv = kv_mean(v, nv), mb = kv_mean(b, nb);
	double vv = kv_var(v, nv), vb = kv_var(b, nb);

	ttest_nan(o);
	if (nv < 1 || nb < 1 || (!pooled && (nv < 2 || nb < 2)) || (pooled && nv + nb < 3)) {
		return;
	}
	if (pooled) {
		double df = (double)(nv + nb - 2), s = 0;
		s += nv > 1 ? (double)(nv - 1) * vv : 0;
		s += nb > 1 ? (double)(nb - 1) * vb : 0;
		o->df = df;
		o->se = sqrt(s / df * (1.0 / (double)nv + 1.0 / (double)nb));
	} else {
		double sv = vv / (double)nv, sb = vb / (double)nb;
		o->se = sqrt(sv + sb);
		/* Welch-Satterthwaite */
		o->df = pow(o->se, 4) / (sv * sv / (double)(nv - 1) + sb * sb / (double)(nb - 1));
	}
	/* R: "data are essentially constant" */
	if (!(o->se >= 10 * DBL_EPSILON * fmax(fabs(mv), fabs(mb)))) {
		ttest_nan(o);
		return;
	}
	o->diff = mv - mb;
	o->t = o->diff / o->se;
	o->p = 2 * kv_pt(-fabs(o->t), o->df);
	double q = kv_qt(1 - (1 - conf) / 2, o->df);
	o->lo = (o->t - q) * o->se; /* R's order of operations */
	o->hi = (o->t + q) * o->se;
}

void kv_ttest_log(const double *v, size_t nv, const double *b, size_t nb, double conf,
		  struct kv_ttest *o)
{
	double *lv = kv_xmalloc((nv ? nv : 1) * sizeof(*lv));
	double *lb = kv_xmalloc((nb ? nb : 1) * sizeof(*lb));
	bool positive = true;

	for (size_t i = 0; i < nv; i++) {
		positive = positive && v[i] > 0;
		lv[i] = log(v[i]);
	}
	for (size_t i = 0; i < nb; i++) {
		positive = positive && b[i] > 0;
		lb[i] = log(b[i]);
	}
	if (positive) {
		kv_ttest(lv, nv, lb, nb, false, conf, o);
		o->diff = exp(kv_mean(lv, nv) - kv_mean(lb, nb));
		o->lo = exp(o->lo);
		o->hi = exp(o->hi);
	} else {
		ttest_nan(o);
	}
	free(lv);
	free(lb);
}

/* Fieller (1954): the set of R with (m_v - R m_b)^2 <= t^2 (c + R^2 a). */
void kv_fieller(double mb, double a, size_t nb, double mv, double c, size_t nv, double conf,
		struct kv_fieller *o)
{
	double r = mv / mb;

	o->lo = o->hi = o->g = o->df = NAN;
	if (!(a > 0) && !(c > 0)) {
		o->kind = KV_FIELLER_UNDEFINED;
		return;
	}
	if (nb < 2 || nv < 2 || isnan(a) || isnan(c)) {
		o->kind = KV_FIELLER_UNDEFINED;
		return;
	}
	double num = c + r * r * a;
	o->df = num * num / (c * c / (double)(nv - 1) + r * r * r * r * a * a / (double)(nb - 1));
	double t = kv_qt(1 - (1 - conf) / 2, o->df), t2 = t * t;
	o->g = t2 * a / (mb * mb);
	double disc = mb * mb * c + mv * mv * a - t2 * a * c;
	if (o->g < 1) {
		double den = mb * mb - t2 * a, s = t * sqrt(disc);
		o->kind = KV_FIELLER_BOUNDED;
		o->lo = (mb * mv - s) / den;
		o->hi = (mb * mv + s) / den;
		if (o->lo > o->hi) {
			double tmp = o->lo;
			o->lo = o->hi;
			o->hi = tmp;
		}
	} else if (disc > 0) {
		double den = mb * mb - t2 * a, s = t * sqrt(disc);
		double r1 = (mb * mv - s) / den, r2 = (mb * mv + s) / den;
		o->kind = KV_FIELLER_EXCLUSIVE;
		o->lo = fmin(r1, r2);
		o->hi = fmax(r1, r2);
	} else {
		o->kind = KV_FIELLER_UNBOUNDED;
	}
}

const char *kv_fieller_kind_name(enum kv_fieller_kind k)
{
	static const char *const names[] = {"bounded", "exclusive", "unbounded", "undefined"};

	return names[k];
}

/* Mid-ranks (1-based) of the pooled sample x[0..n), written to r. */
static void midranks(const double *x, size_t n, double *r)
{
	size_t *idx = kv_xmalloc((n ? n : 1) * sizeof(*idx));

	for (size_t i = 0; i < n; i++) {
		idx[i] = i;
	}
	/* insertion sort of indices: n is small (the tests are for small samples) */
	for (size_t i = 1; i < n; i++) {
		size_t k = idx[i], j = i;
		while (j > 0 && x[idx[j - 1]] > x[k]) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = k;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && !(x[idx[j + 1]] > x[idx[i]])) {
			j++;
		}
		double mid = ((double)i + (double)j) / 2 + 1;
		for (size_t k = i; k <= j; k++) {
			r[idx[k]] = mid;
		}
		i = j + 1;
	}
	free(idx);
}

/* Σ (t^3 - t) over groups of equal values in x[0..n). */
static double tie_sum(const double *x, size_t n)
{
	double *s = kv_sorted_copy(x, n), sum = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && !(s[j + 1] > s[i])) {
			j++;
		}
		double t = (double)(j - i + 1);
		sum += t * t * t - t;
		i = j + 1;
	}
	free(s);
	return sum;
}

static double choose(size_t n, size_t k)
{
	return exp(kv_lgamma((double)n + 1) - kv_lgamma((double)k + 1) -
		   kv_lgamma((double)(n - k) + 1));
}

/* R's wilcox.test.default, two samples; the conditional exact p as benchstat. */
void kv_mann_whitney(const double *v, size_t nv, const double *b, size_t nb, struct kv_mw *o)
{
	size_t N = nv + nb;
	double *x = kv_xmalloc((N ? N : 1) * sizeof(*x)), *r = kv_xmalloc((N ? N : 1) * sizeof(*r));
	double rs = 0, mn = (double)nv * (double)nb;

	memset(o, 0, sizeof(*o));
	o->w = o->p = o->p_exact = o->p_exact_cond = o->sigma = o->z_cc = NAN;
	o->p_normal_cc = o->p_normal_nocc = o->min_p_exact = NAN;
	if (nv == 0 || nb == 0) {
		goto out;
	}
	memcpy(x, v, nv * sizeof(*x));
	memcpy(x + nv, b, nb * sizeof(*x));
	midranks(x, N, r);
	for (size_t i = 0; i < nv; i++) {
		rs += r[i];
	}
	o->w = rs - (double)nv * ((double)nv + 1) / 2;
	double ties = tie_sum(x, N);
	bool tied = ties > 0;
	o->exact = nv < 50 && nb < 50 && !tied;
	/* exact, no ties: 2 min(P(W <= w), P(W >= w)) */
	if (!tied && nv < 50 && nb < 50) {
		double p = o->w > mn / 2 ? kv_pwilcox_upper(o->w - 1, (int)nv, (int)nb)
					 : kv_pwilcox(o->w, (int)nv, (int)nb);
		o->p_exact = fmin(2 * p, 1);
	}
	/* exact given the ties: all assignments of the doubled mid-ranks */
	if (choose(N, nv) <= 300000.5) {
		int *w2 = kv_xmalloc(N * sizeof(*w2)), s = 0;
		double le, ge;
		for (size_t i = 0; i < N; i++) {
			w2[i] = (int)lround(2 * r[i]);
			s += i < nv ? w2[i] : 0;
		}
		kv_perm_tails(w2, N, nv, s, &le, &ge);
		o->p_exact_cond = fmin(1, 2 * fmin(le, ge));
		free(w2);
	}
	/* normal approximation with tie correction (Lehmann 1975) */
	o->sigma = sqrt(mn / 12 * (((double)N + 1) - ties / ((double)N * ((double)N - 1))));
	double z = o->w - mn / 2;
	double cc = z > 0 ? 0.5 : (z < 0 ? -0.5 : 0);
	o->z_cc = (z - cc) / o->sigma;
	o->p_normal_cc = 2 * fmin(kv_pnorm(o->z_cc), kv_pnorm_upper(o->z_cc));
	double znc = z / o->sigma;
	o->p_normal_nocc = 2 * fmin(kv_pnorm(znc), kv_pnorm_upper(znc));
	if (!(o->sigma > 0)) {
		o->z_cc = o->p_normal_cc = o->p_normal_nocc = NAN;
	}
	o->p = o->exact ? o->p_exact : o->p_normal_cc;
	o->min_p_exact = fmin(1, 2 / choose(N, nb));
out:
	free(x);
	free(r);
}

void kv_hodges_lehmann(const double *v, size_t nv, const double *b, size_t nb, double conf,
		       struct kv_hl *o)
{
	size_t mn = nv * nb;
	double *d = kv_xmalloc((mn ? mn : 1) * sizeof(*d));
	double alpha = 1 - conf;

	o->estimate = o->lo = o->hi = o->conf_level = NAN;
	o->ilo = o->ihi = 0;
	o->reached = false;
	if (mn == 0) {
		free(d);
		return;
	}
	for (size_t i = 0; i < nv; i++) {
		for (size_t j = 0; j < nb; j++) {
			d[i * nb + j] = v[i] - b[j];
		}
	}
	double *s = kv_sorted_copy(d, mn);
	o->estimate = kv_quantile_sorted(s, mn, 0.5);
	struct kv_mw mw;
	kv_mann_whitney(v, nv, b, nb, &mw);
	if (mw.exact) {
		/* Bauer (1972), as R: order statistics from the Wilcoxon distribution */
		int qu = kv_qwilcox(alpha / 2, (int)nv, (int)nb);
		o->reached = qu > 0;
		if (qu == 0) {
			qu = 1;
		}
		double achieved = 2 * kv_pwilcox(qu - 1, (int)nv, (int)nb);
		o->ilo = (size_t)qu;
		o->ihi = mn - (size_t)qu + 1;
		o->conf_level = achieved - alpha > alpha / 2 ? 1 - achieved : conf;
	} else {
		/* normal approximation; sigma with ties within each sample only */
		double N = (double)(nv + nb), m = (double)mn;
		double ties = tie_sum(v, nv) + tie_sum(b, nb);
		double sw = sqrt(m / 12 * ((N + 1) - ties / (N * (N - 1))));
		double z = kv_qnorm(1 - alpha / 2);
		double kl = ceil(m / 2 - 0.5 - z * sw), ku = ceil(m / 2 + 0.5 + z * sw);
		o->reached = kl >= 1 && ku <= m;
		o->ilo = kl < 1 ? 1 : (size_t)kl;
		o->ihi = ku > m ? mn : (size_t)ku;
		o->conf_level = conf;
	}
	o->lo = s[o->ilo - 1];
	o->hi = s[o->ihi - 1];
	if (!mw.exact) {
		/* R finds these limits by root search, which lands anywhere on a run of
		 * equal differences: report the outer ends of those runs. */
		while (o->ilo > 1 && !(s[o->ilo - 2] < o->lo)) {
			o->ilo--;
		}
		while (o->ihi < mn && !(s[o->ihi] > o->hi)) {
			o->ihi++;
		}
	}
	free(s);
	free(d);
}

void kv_dominance(const double *v, size_t nv, const double *b, size_t nb, bool higher_better,
		  double *cliffs_delta, double *prob_superiority)
{
	double wins = 0, losses = 0, ties = 0, mn = (double)nv * (double)nb;

	for (size_t i = 0; i < nv; i++) {
		for (size_t j = 0; j < nb; j++) {
			bool above = v[i] > b[j], below = v[i] < b[j];
			wins += higher_better ? above : below;
			losses += higher_better ? below : above;
			ties += !above && !below;
		}
	}
	*cliffs_delta = mn > 0 ? (wins - losses) / mn : NAN; /* Cliff (1993) */
	*prob_superiority = mn > 0 ? (wins + ties / 2) / mn : NAN;
}

struct pidx {
	double p;
	size_t i;
};

static int cmp_pidx(const void *a, const void *b)
{
	const struct pidx *x = a, *y = b;

	return (x->p > y->p) - (x->p < y->p);
}

/* R's p.adjust: Holm (1979), Hochberg (1988), Benjamini & Hochberg (1995),
 * Benjamini & Yekutieli (2001), Bonferroni. */
void kv_p_adjust(const double *p, size_t n, enum kv_adjust method, double *out)
{
	struct pidx *s = kv_xmalloc((n ? n : 1) * sizeof(*s));
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		if (!isnan(p[i])) {
			s[m].p = p[i];
			s[m++].i = i;
		}
	}
	double *res = kv_xmalloc((n ? n : 1) * sizeof(*res));
	for (size_t i = 0; i < n; i++) {
		res[i] = p[i];
	}
	qsort(s, m, sizeof(*s), cmp_pidx); /* ascending */
	double q = 0, dm = (double)m;
	for (size_t k = 1; k <= m; k++) {
		q += 1.0 / (double)k;
	}
	if (method == KV_ADJ_HOLM) {
		double run = 0;
		for (size_t k = 0; k < m; k++) {
			run = fmax(run, (dm - (double)k) * s[k].p);
			res[s[k].i] = fmin(1, run);
		}
	} else if (method == KV_ADJ_BONFERRONI) {
		for (size_t k = 0; k < m; k++) {
			res[s[k].i] = fmin(1, dm * s[k].p);
		}
	} else if (method != KV_ADJ_NONE) {
		double run = INFINITY;
		for (size_t k = m; k-- > 0;) {
			double rank = (double)k + 1, f;
			if (method == KV_ADJ_HOCHBERG) {
				f = (dm - rank + 1) * s[k].p;
			} else if (method == KV_ADJ_BH) {
				f = dm / rank * s[k].p;
			} else {
				f = q * dm / rank * s[k].p;
			}
			run = fmin(run, f);
			res[s[k].i] = fmin(1, run);
		}
	}
	memcpy(out, res, n * sizeof(*out));
	free(res);
	free(s);
}

double kv_mde_pct(double se, double df, double mb)
{
	return 100 * kv_mde_rel(se, df, mb, 0.95);
}

double kv_mde_rel(double se, double df, double mb, double conf)
{
	return (kv_qt(1 - (1 - conf) / 2, df) + kv_qt(0.80, df)) * se / fabs(mb);
}

/* Grubbs (1969), two-sided: G = max |x - mean| / sd against
 * (n - 1) / sqrt(n) sqrt(t^2 / (n - 2 + t^2)), t = qt(1 - alpha / (2n), n - 2). */
bool kv_grubbs(const double *x, size_t n, double alpha)
{
	if (n < 3) {
		return false;
	}
	double m = kv_mean(x, n), sd = sqrt(kv_var(x, n)), g = 0, dn = (double)n;
	if (!(sd > 0)) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		g = fmax(g, fabs(x[i] - m) / sd);
	}
	double t = kv_qt(1 - alpha / (2 * dn), dn - 2);
	return g > (dn - 1) / sqrt(dn) * sqrt(t * t / (dn - 2 + t * t));
}

/* ministat (FreeBSD): Student's half-width relative to the baseline mean. */
double kv_ministat_pct(const double *v, size_t nv, const double *b, size_t nb, double conf)
{
	double mv = kv_mean(v, nv), mb = kv_mean(b, nb), vv = kv_var(v, nv), vb = kv_var(b, nb);
	double dv = (double)nv, db = (double)nb;
	double s = ((dv - 1) * vv + (db - 1) * vb * mv * mv / (mb * mb)) * (dv + db) /
		   (dv * db * (dv + db - 2));

	return 100 * kv_qt(1 - (1 - conf) / 2, dv + db - 2) * sqrt(s) / mb;
}

void kv_levels(const struct kv_runs *x, double conf, double *run_means, struct kv_levels *o)
{
	size_t r2 = x->n_runs, r1 = r2 > 0 ? x->n_iter[0] : 0, total = 0;
	long double within = 0;
	double q;

	memset(o, 0, sizeof(*o));
	o->n_runs = r2;
	o->n_iter = r1;
	for (size_t j = 0; j < r2; j++) {
		run_means[j] = kv_mean(x->iter[j], x->n_iter[j]);
		for (size_t k = 0; k < x->n_iter[j]; k++) {
			long double d = (long double)x->iter[j][k] - run_means[j];
			within += d * d;
		}
		total += x->n_iter[j];
	}
	o->grand_mean = kv_mean(run_means, r2);
	o->s1sq = (double)(within / (long double)(r2 * (r1 - 1)));
	o->s2sq = kv_var(run_means, r2);
	o->t2sq = o->s2sq - o->s1sq / (double)r1;
	q = kv_qt(1 - (1 - conf) / 2, (double)r2 - 1);
	o->mean_lo = o->grand_mean - q * sqrt(o->s2sq / (double)r2);
	o->mean_hi = o->grand_mean + q * sqrt(o->s2sq / (double)r2);
	double *all = kv_xmalloc((total ? total : 1) * sizeof(*all));
	for (size_t j = 0, n = 0; j < r2; j++) {
		for (size_t k = 0; k < x->n_iter[j]; k++) {
			all[n++] = x->iter[j][k];
		}
	}
	double m = kv_mean(all, total), se = sqrt(kv_var(all, total) / (double)total);
	q = kv_qt(1 - (1 - conf) / 2, (double)total - 1);
	o->flat_lo = m - q * se;
	o->flat_hi = m + q * se;
	free(all);
	o->opt_iter_10 = o->t2sq > 0 ? sqrt(10 * o->s1sq / o->t2sq) : NAN;
	o->opt_iter_100 = o->t2sq > 0 ? sqrt(100 * o->s1sq / o->t2sq) : NAN;
}

/* The harmonic number c(m) = sum_{i <= m} 1/i (Benjamini & Yekutieli's). */
static double harmonic(size_t m)
{
	double q = 0;

	for (size_t k = 1; k <= m; k++) {
		q += 1.0 / (double)k;
	}
	return q;
}

double kv_alpha_printed(enum kv_adjust method, double alpha, size_t m, size_t rejected)
{
	double dm = m ? (double)m : 1, R = rejected ? (double)rejected : 1;

	switch (method) {
	case KV_ADJ_NONE:
		return alpha;
	case KV_ADJ_BH:
		return R * alpha / dm;
	case KV_ADJ_BY:
		return R * alpha / (dm * harmonic(m ? m : 1));
	default:
		return alpha / dm;
	}
}
