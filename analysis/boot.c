/* boot.c - reproducible random numbers and the bootstrap. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "analysis/stats_internal.h"
#include "util/xalloc.h"

/* Steele, Lea & Flood (2014), SplitMix64. */
uint64_t kv_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void kv_rng_seed(struct kv_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++) {
		r->s[i] = kv_splitmix64(&seed);
	}
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* Blackman & Vigna (2018), xoshiro256**.  Inline, for the bootstrap's
 * inner loops on a local copy of the state (kept in registers). */
static inline uint64_t rng_next(struct kv_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t kv_rng_next(struct kv_rng *r)
{
	return rng_next(r);
}

double kv_rng_double(struct kv_rng *r)
{
	return (double)(kv_rng_next(r) >> 11) * 0x1.0p-53;
}

/* The 128-bit product x * y as high and low halves. */
static inline void mul128(uint64_t x, uint64_t y, uint64_t *hi, uint64_t *lo)
{
#if defined(__SIZEOF_INT128__)
	__extension__ typedef unsigned __int128 u128; /* GCC and clang; not ISO C */
	u128 m = (u128)x * y;

	*hi = (uint64_t)(m >> 64);
	*lo = (uint64_t)m;
#else
	uint64_t xl = x & 0xffffffffu, xh = x >> 32, yl = y & 0xffffffffu, yh = y >> 32;
	uint64_t ll = xl * yl, lh = xl * yh, hl = xh * yl, hh = xh * yh;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);

	*lo = (mid << 32) | (ll & 0xffffffffu);
	*hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

/* Lemire (2019), "Fast random integer generation in an interval". */
static inline uint64_t rng_bounded(struct kv_rng *r, uint64_t n)
{
	uint64_t hi, lo;

	mul128(rng_next(r), n, &hi, &lo);
	if (lo < n) {
		uint64_t t = -n % n;
		while (lo < t) {
			mul128(rng_next(r), n, &hi, &lo);
		}
	}
	return hi;
}

uint64_t kv_rng_bounded(struct kv_rng *r, uint64_t n)
{
	return rng_bounded(r, n);
}

/* Blackman & Vigna's jump polynomial: 2^128 calls ahead. */
void kv_rng_jump(struct kv_rng *r)
{
	static const uint64_t jump[] = {0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL,
					0xa9582618e03fc9aaULL, 0x39abdc4529b1661cULL};
	uint64_t s[4] = {0, 0, 0, 0};

	for (size_t i = 0; i < 4; i++) {
		for (int bit = 0; bit < 64; bit++) {
			if (jump[i] & (1ULL << bit)) {
				for (int k = 0; k < 4; k++) {
					s[k] ^= r->s[k];
				}
			}
			kv_rng_next(r);
		}
	}
	memcpy(r->s, s, sizeof(s));
}

static void insertion_sort(double *x, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		double k = x[i];
		size_t j = i;
		while (j > 0 && x[j - 1] > k) {
			x[j] = x[j - 1];
			j--;
		}
		x[j] = k;
	}
}

/* The statistic of one (re)sample; buf is scratch of n doubles. */
static double statistic(const double *x, size_t n, enum kv_boot_stat st, double *buf)
{
	if (st == KV_BOOT_MEAN) {
		return kv_mean_fast(x, n);
	}
	memcpy(buf, x, n * sizeof(*buf));
	insertion_sort(buf, n);
	return kv_quantile_sorted(buf, n, 0.5);
}

static double exact_statistic(const double *x, size_t n, enum kv_boot_stat st)
{
	return st == KV_BOOT_MEAN ? kv_mean(x, n) : kv_median(x, n);
}

static void resample(struct kv_rng *r, const double *x, size_t n, double *out)
{
	for (size_t i = 0; i < n; i++) {
		out[i] = x[kv_rng_bounded(r, n)];
	}
}

/* Acceleration from per-sample jackknives (Efron & Tibshirani 1993, 14.3,
 * stratified). */
static double acceleration(const double *v, size_t nv, const double *b, size_t nb,
			   enum kv_boot_stat st)
{
	double num = 0, den = 0;
	const double *grp[2] = {b, v};
	size_t ng[2] = {nb, nv};
	double sv = exact_statistic(v, nv, st), sb = exact_statistic(b, nb, st);
	double *loo = kv_xmalloc((nv > nb ? nv : nb) * sizeof(*loo) + sizeof(*loo));
	double *theta = kv_xmalloc((nv > nb ? nv : nb) * sizeof(*theta) + sizeof(*theta));

	for (int g = 0; g < 2; g++) {
		size_t n = ng[g];
		double mean = 0;
		if (n < 2) {
			free(loo);
			free(theta);
			return NAN;
		}
		for (size_t i = 0; i < n; i++) {
			size_t k = 0;
			for (size_t j = 0; j < n; j++) {
				if (j != i) {
					loo[k++] = grp[g][j];
				}
			}
			double s = exact_statistic(loo, n - 1, st);
			theta[i] = g == 0 ? sv / s : s / sb;
			mean += theta[i];
		}
		mean /= (double)n;
		double dn = (double)n;
		for (size_t i = 0; i < n; i++) {
			double u = (dn - 1) * (mean - theta[i]);
			num += u * u * u / (dn * dn * dn);
			den += u * u / (dn * dn);
		}
	}
	free(loo);
	free(theta);
	return den > 0 ? num / (6 * pow(den, 1.5)) : NAN;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts t[0..n) as qsort with cmp_double does, by an LSD radix sort on
 * the values' bits (8 passes of a byte, those where every value has the
 * same byte skipped): 10,000 rows of 2,000 replicates took 2 s of CPU in
 * qsort.  Equal values are equal bits, except 0 and -0, which cmp_double
 * takes as equal and keeps in their order (glibc's qsort is a merge sort):
 * with a zero or a NaN (no order) it is qsort itself. */
static void sort_doubles(double *t, size_t n)
{
	uint64_t *k = kv_xmalloc((n ? n : 1) * sizeof(*k)), *tmp, *src, *dst;
	size_t count[8][256] = {{0}};

	for (size_t i = 0; i < n; i++) {
		if (isnan(t[i]) || !(t[i] < 0 || t[i] > 0)) {
			free(k);
			qsort(t, n, sizeof(*t), cmp_double);
			return;
		}
		uint64_t u;
		memcpy(&u, &t[i], sizeof(u));
		/* negative: all bits flipped; positive: the sign bit set */
		k[i] = u >> 63 ? ~u : u | 0x8000000000000000ULL;
		for (int p = 0; p < 8; p++) {
			count[p][(k[i] >> (8 * p)) & 0xff]++;
		}
	}
	tmp = kv_xmalloc((n ? n : 1) * sizeof(*tmp));
	src = k;
	dst = tmp;
	for (int p = 0; p < 8; p++) {
		size_t off = 0, *c = count[p];
		if (n == 0 || c[(src[0] >> (8 * p)) & 0xff] == n) {
			continue; /* every value has this byte */
		}
		for (int b = 0; b < 256; b++) {
			size_t m = c[b];
			c[b] = off;
			off += m;
		}
		for (size_t i = 0; i < n; i++) {
			dst[c[(src[i] >> (8 * p)) & 0xff]++] = src[i];
		}
		uint64_t *x = src;
		src = dst;
		dst = x;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t u = src[i] >> 63 ? src[i] & 0x7fffffffffffffffULL : ~src[i];
		memcpy(&t[i], &u, sizeof(u));
	}
	free(k);
	free(tmp);
}

void kv_boot_ratio_dist(const double *v, size_t nv, const double *b, size_t nb,
			enum kv_boot_stat st, size_t B, uint64_t seed, struct kv_boot_dist *d)
{
	struct kv_rng r;
	double *rb = kv_xmalloc((nb ? nb : 1) * sizeof(*rb)),
	       *rv = kv_xmalloc((nv ? nv : 1) * sizeof(*rv));
	double *buf = kv_xmalloc((nb > nv ? nb : nv) * sizeof(*buf) + sizeof(*buf));

	d->t = kv_xmalloc((B ? B : 1) * sizeof(*d->t));
	d->B = d->lo_n = d->hi_n = 0;
	d->estimate = nv && nb ? exact_statistic(v, nv, st) / exact_statistic(b, nb, st) : NAN;
	d->z0 = d->a = NAN;
	if (nv == 0 || nb == 0 || B == 0) {
		goto out;
	}
	kv_rng_seed(&r, seed);
	for (size_t k = 0; k < B; k++) {
		resample(&r, b, nb, rb);
		resample(&r, v, nv, rv);
		d->t[k] = statistic(rv, nv, st, buf) / statistic(rb, nb, st, buf);
	}
	d->B = d->lo_n = B;
	/* z0 before sorting changes nothing: it only counts. */
	double eps = 1e-12 * fabs(d->estimate), below = 0, near = 0;
	for (size_t k = 0; k < B; k++) {
		if (fabs(d->t[k] - d->estimate) <= eps) {
			near++;
		} else if (d->t[k] < d->estimate) {
			below++;
		}
	}
	sort_doubles(d->t, B);
	d->z0 = kv_qnorm((below + near / 2) / (double)B);
	d->a = acceleration(v, nv, b, nb, st);
out:
	free(rb);
	free(rv);
	free(buf);
}

/* Replicate i of the sorted B, from whichever tail holds it. */
static double at(const struct kv_boot_dist *d, size_t i)
{
	if (i < d->lo_n) {
		return d->t[i];
	}
	if (i >= d->B - d->hi_n) {
		return d->t[d->lo_n + (i - (d->B - d->hi_n))];
	}
	return NAN; /* trimmed away: asked for a level the caller ruled out */
}

/* kv_quantile_sorted() over the (possibly trimmed) replicates. */
static double quantile(const struct kv_boot_dist *d, double p)
{
	double h = (double)(d->B - 1) * p;
	size_t lo = (size_t)floor(h);

	if (lo + 1 >= d->B) {
		return at(d, d->B - 1);
	}
	double a = at(d, lo);
	return h > (double)lo ? a + (h - (double)lo) * (at(d, lo + 1) - a) : a;
}

static bool bca(const struct kv_boot_dist *d)
{
	return isfinite(d->z0) && isfinite(d->a);
}

/* BCa's adjusted level for the nominal level alpha (Efron 1987). */
static double beta_of(const struct kv_boot_dist *d, double alpha)
{
	double u = d->z0 + kv_qnorm(alpha);

	return kv_pnorm(d->z0 + u / (1 - d->a * u));
}

/* Its inverse: the nominal level whose adjusted level is h. */
static double beta_inverse(const struct kv_boot_dist *d, double h)
{
	if (!(h > 0)) {
		return 0;
	}
	if (!(h < 1)) {
		return 1;
	}
	double w = kv_qnorm(h) - d->z0;
	if (!(1 + d->a * w > 0)) {
		return w > 0 ? 1 : 0; /* outside the adjusted levels' range */
	}
	return kv_pnorm(w / (1 + d->a * w) - d->z0);
}

void kv_boot_dist_interval(const struct kv_boot_dist *d, double conf, double *lo, double *hi)
{
	double alpha = 1 - conf;

	*lo = *hi = NAN;
	if (d->B == 0) {
		return;
	}
	double a1 = bca(d) ? beta_of(d, alpha / 2) : alpha / 2;
	double a2 = bca(d) ? beta_of(d, 1 - alpha / 2) : 1 - alpha / 2;
	*lo = quantile(d, a1);
	*hi = quantile(d, a2);
}

void kv_boot_dist_trim(struct kv_boot_dist *d, double alpha_max)
{
	if (d->B < 2 || d->hi_n > 0) {
		return;
	}
	double a1 = bca(d) ? beta_of(d, alpha_max / 2) : alpha_max / 2;
	double a2 = bca(d) ? beta_of(d, 1 - alpha_max / 2) : 1 - alpha_max / 2;
	double dB = (double)(d->B - 1);
	size_t lo = (size_t)(isfinite(a1) ? floor(a1 * dB) : dB) + 2;
	size_t hi = d->B - (size_t)(isfinite(a2) ? floor(a2 * dB) : 0) + 1;
	if (lo + hi >= d->B) {
		return; /* the tails are the whole */
	}
	memmove(d->t + lo, d->t + (d->B - hi), hi * sizeof(*d->t));
	d->lo_n = lo;
	d->hi_n = hi;
	double *t = realloc(d->t, (lo + hi) * sizeof(*d->t));
	d->t = t != NULL ? t : d->t;
}

/* The type-7 quantile levels at which the sorted replicates reach x:
 * *below = sup{h : Q(h) <= x}, *above = inf{h : Q(h) >= x}. */
static void levels_at(const double *t, size_t B, double x, double *below, double *above)
{
	double dB = (double)(B - 1);
	size_t i = 0;

	if (B < 2) {
		*below = *above = t[0] < x ? 1 : (t[0] > x ? 0 : 0.5);
		return;
	}
	if (x < t[0]) {
		*below = *above = 0;
		return;
	}
	if (x > t[B - 1]) {
		*below = *above = 1;
		return;
	}
	while (i + 1 < B && t[i + 1] < x) {
		i++;
	}
	/* t[i] < x <= t[i + 1], or x == t[0] */
	if (!(t[i] < x)) {
		*above = 0; /* x == t[0] */
	} else {
		*above = ((double)i + (x - t[i]) / (t[i + 1] - t[i])) / dB;
		i++;
	}
	size_t j = i;
	while (j + 1 < B && !(t[j + 1] > x)) {
		j++; /* a run of replicates equal to x */
	}
	if (!(t[j] > x) && !(t[j] < x)) {
		*below = (double)j / dB;
	} else {
		*below = *above;
	}
}

double kv_boot_dist_p(const struct kv_boot_dist *d, double null)
{
	double below, above;

	if (d->B == 0 || d->hi_n > 0 || isnan(null)) {
		return NAN; /* a trimmed distribution cannot place every value */
	}
	levels_at(d->t, d->B, null, &below, &above);
	/* the interval at conf excludes null from below when Q(beta(alpha/2))
	 * > null, i.e. alpha / 2 > beta^-1(below); from above likewise */
	double lo = bca(d) ? beta_inverse(d, below) : below;
	double hi = bca(d) ? beta_inverse(d, above) : above;
	return fmin(1, 2 * fmin(lo, 1 - hi));
}

void kv_boot_dist_release(struct kv_boot_dist *d)
{
	free(d->t);
	d->t = NULL;
	d->B = d->lo_n = d->hi_n = 0;
}

void kv_boot_ratio(const double *v, size_t nv, const double *b, size_t nb, enum kv_boot_stat st,
		   size_t B, uint64_t seed, double conf, struct kv_boot *o)
{
	struct kv_boot_dist d;
	double alpha = 1 - conf;

	kv_boot_ratio_dist(v, nv, b, nb, st, B, seed, &d);
	o->estimate = d.estimate;
	o->perc_lo = o->perc_hi = o->bca_lo = o->bca_hi = o->p = NAN;
	o->a = d.a;
	o->z0 = d.z0;
	if (d.B > 0) {
		o->perc_lo = kv_quantile_sorted(d.t, d.B, alpha / 2);
		o->perc_hi = kv_quantile_sorted(d.t, d.B, 1 - alpha / 2);
		if (bca(&d)) {
			kv_boot_dist_interval(&d, conf, &o->bca_lo, &o->bca_hi);
		}
		o->p = kv_boot_dist_p(&d, 1);
	}
	kv_boot_dist_release(&d);
}

/* Grand mean of one two-level resample of x.  The state is copied to a
 * local (the draws stay in registers: 2 x 10^10 of them for 10,000
 * comparisons of 10 runs x 50 iterations a side at B = 2000); the same
 * draws, and the same sum in the same order, as with kv_rng_bounded. */
static double resample_runs(struct kv_rng *r, const struct kv_runs *x, bool two_level)
{
	struct kv_rng g = *r;
	double sum = 0, count = 0;

	for (size_t j = 0; j < x->n_runs; j++) {
		size_t run = rng_bounded(&g, x->n_runs), n = x->n_iter[run];
		const double *it = x->iter[run];
		if (two_level) {
			for (size_t k = 0; k < n; k++) {
				sum += it[rng_bounded(&g, n)];
			}
		} else {
			for (size_t k = 0; k < n; k++) {
				sum += it[k];
			}
		}
		count += (double)n;
	}
	*r = g;
	return sum / count;
}

void kv_boot_runs_dist(const struct kv_runs *v, const struct kv_runs *b, bool two_level, size_t B,
		       uint64_t seed, struct kv_boot_dist *d)
{
	struct kv_rng r;

	d->t = kv_xmalloc((B ? B : 1) * sizeof(*d->t));
	d->B = d->lo_n = d->hi_n = 0;
	d->estimate = d->z0 = d->a = NAN;
	if (B > 0 && v->n_runs > 0 && b->n_runs > 0) {
		kv_rng_seed(&r, seed);
		for (size_t k = 0; k < B; k++) {
			double mb = resample_runs(&r, b, two_level);
			d->t[k] = resample_runs(&r, v, two_level) / mb;
		}
		sort_doubles(d->t, B);
		d->B = d->lo_n = B;
	}
}

void kv_boot_runs(const struct kv_runs *v, const struct kv_runs *b, bool two_level, size_t B,
		  uint64_t seed, double conf, double *lo, double *hi)
{
	struct kv_boot_dist d;

	kv_boot_runs_dist(v, b, two_level, B, seed, &d);
	kv_boot_dist_interval(&d, conf, lo, hi);
	kv_boot_dist_release(&d);
}
