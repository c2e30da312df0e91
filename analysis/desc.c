/* desc.c - one sample: mean, variance, quantiles, outliers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "analysis/stats_internal.h"
#include "util/xalloc.h"

/* R's mean.default: long-double sum, then one correction pass. */
double kv_mean(const double *x, size_t n)
{
	long double s = 0, t = 0;

	if (n == 0) {
		return NAN;
	}
	for (size_t i = 0; i < n; i++) {
		s += x[i];
	}
	s /= (long double)n;
	if (isfinite((double)s)) {
		for (size_t i = 0; i < n; i++) {
			t += x[i] - s;
		}
		s += t / (long double)n;
	}
	return (double)s;
}

double kv_mean_fast(const double *x, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++) {
		s += x[i];
	}
	return s / (double)n;
}

/* Two-pass variance on deviations from the corrected mean (never Σx² − n·m²). */
double kv_var(const double *x, size_t n)
{
	long double ss = 0;
	double m;

	if (n < 2) {
		return NAN;
	}
	m = kv_mean(x, n);
	for (size_t i = 0; i < n; i++) {
		long double d = (long double)x[i] - m;
		ss += d * d;
	}
	return (double)(ss / (long double)(n - 1));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double *kv_sorted_copy(const double *x, size_t n)
{
	double *s = kv_xmalloc((n > 0 ? n : 1) * sizeof(*s));

	if (n > 0) {
		memcpy(s, x, n * sizeof(*s));
		qsort(s, n, sizeof(*s), cmp_double);
	}
	return s;
}

/* Hyndman & Fan (1996) type 7: h = (n - 1) p + 1, linear between order statistics. */
double kv_quantile_sorted(const double *sorted, size_t n, double p)
{
	if (n == 0) {
		return NAN;
	}
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);
	if (lo + 1 >= n) {
		return sorted[n - 1];
	}
	return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

double kv_median(const double *x, size_t n)
{
	double *s = kv_sorted_copy(x, n);
	double m = kv_quantile_sorted(s, n, 0.5);

	free(s);
	return m;
}

void kv_describe(const double *x, size_t n, struct kv_desc *d)
{
	double *s = kv_sorted_copy(x, n), *dev;
	bool positive = n > 0;

	memset(d, 0, sizeof(*d));
	d->n = n;
	d->mean = kv_mean(x, n);
	d->var = kv_var(x, n);
	d->sd = sqrt(d->var);
	d->cv = d->sd / d->mean;
	d->min = n > 0 ? s[0] : NAN;
	d->max = n > 0 ? s[n - 1] : NAN;
	d->median = kv_quantile_sorted(s, n, 0.5);
	d->q25 = kv_quantile_sorted(s, n, 0.25);
	d->q75 = kv_quantile_sorted(s, n, 0.75);
	d->q90 = kv_quantile_sorted(s, n, 0.90);
	d->q99 = kv_quantile_sorted(s, n, 0.99);
	d->iqr = d->q75 - d->q25;
	/* Tukey (1977) fences at 1.5 and 3 IQR. */
	d->tukey.lower_inner = d->q25 - 1.5 * d->iqr;
	d->tukey.upper_inner = d->q75 + 1.5 * d->iqr;
	d->tukey.lower_outer = d->q25 - 3 * d->iqr;
	d->tukey.upper_outer = d->q75 + 3 * d->iqr;
	dev = kv_xmalloc((n > 0 ? n : 1) * sizeof(*dev));
	for (size_t i = 0; i < n; i++) {
		if (x[i] < d->tukey.lower_outer || x[i] > d->tukey.upper_outer) {
			d->tukey.n_severe++;
		} else if (x[i] < d->tukey.lower_inner || x[i] > d->tukey.upper_inner) {
			d->tukey.n_mild++;
		}
		dev[i] = fabs(x[i] - d->median);
		positive = positive && x[i] > 0;
	}
	d->gmean = NAN;
	if (positive) { /* exp(mean(log(x))), the mean as R takes it */
		double *logs = kv_xmalloc(n * sizeof(*logs));
		for (size_t i = 0; i < n; i++) {
			logs[i] = log(x[i]);
		}
		d->gmean = exp(kv_mean(logs, n));
		free(logs);
	}
	/* R's mad(): 1.4826 * median absolute deviation. */
	double mad0 = kv_median(dev, n);
	d->mad = 1.4826 * mad0;
	/* Iglewicz & Hoaglin (1993): modified z-score |0.6745 (x - median) / MAD| > 3.5. */
	d->n_mad_outliers = -1;
	if (mad0 > 0) {
		d->n_mad_outliers = 0;
		for (size_t i = 0; i < n; i++) {
			d->n_mad_outliers += fabs(0.6745 * (x[i] - d->median) / mad0) > 3.5;
		}
	}
	free(dev);
	free(s);
}
