/* dist.c - distribution functions: normal, Student t, beta, Wilcoxon. */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "analysis/stats_internal.h"
#include "util/xalloc.h"

double kv_lgamma(double x)
{
	int sign;

	return lgamma_r(x, &sign); /* glibc; reentrant, unlike lgamma() */
}

/* log Gamma(a) - log Gamma(a + b) for a >= 15 by Stirling's series, which
 * avoids the cancellation of two large log-gammas (Abramowitz & Stegun 6.1.41). */
static double lgamma_diff(double a, double b)
{
	if (a < 15) {
		return kv_lgamma(a) - kv_lgamma(a + b);
	}
	double s = a + b;
	/* series remainder: 1/(12z) - 1/(360z^3) + 1/(1260z^5) - 1/(1680z^7) */
	double ca =
	    1 / (12 * a) - 1 / (360 * a * a * a) + 1 / (1260 * pow(a, 5)) - 1 / (1680 * pow(a, 7));
	double cs =
	    1 / (12 * s) - 1 / (360 * s * s * s) + 1 / (1260 * pow(s, 5)) - 1 / (1680 * pow(s, 7));
	return -(a - 0.5) * log1p(b / a) - b * log(s) + b + ca - cs;
}

/* log Beta(a, b) with the larger argument through lgamma_diff. */
static double lbeta(double a, double b)
{
	if (a < b) {
		double t = a;
		a = b;
		b = t;
	}
	return kv_lgamma(b) + lgamma_diff(a, b);
}

/* Continued fraction of I_x(a, b) by the modified Lentz method
 * (Numerical Recipes 6.4, Didonato & Morris's expansion). */
static double betacf(double x, double a, double b)
{
	const double tiny = 1e-300, eps = 1e-16;
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap, h;

	if (fabs(d) < tiny) {
		d = tiny;
	}
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 100000; m++) {
		int m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < eps) {
			break;
		}
	}
	return h;
}

/* Both tails of I_x(a, b), with y = 1 - x given exactly by the caller:
 * *lower = I_x(a, b), *upper = 1 - I_x(a, b) = I_y(b, a).  The smaller
 * one is computed directly, never as 1 minus the other. */
static void ibeta(double x, double y, double a, double b, double *lower, double *upper)
{
	if (x <= 0) {
		*lower = 0, *upper = 1;
		return;
	}
	if (y <= 0) {
		*lower = 1, *upper = 0;
		return;
	}
	if (x < (a + 1) / (a + b + 2)) {
		*lower = exp(a * log(x) + b * log(y) - lbeta(a, b)) * betacf(x, a, b) / a;
		*upper = 1 - *lower;
	} else {
		*upper = exp(a * log(x) + b * log(y) - lbeta(a, b)) * betacf(y, b, a) / b;
		*lower = 1 - *upper;
	}
}

double kv_pbeta(double x, double a, double b)
{
	double lo, up;

	if (isnan(x) || isnan(a) || isnan(b) || a <= 0 || b <= 0) {
		return NAN;
	}
	ibeta(x, 1 - x, a, b, &lo, &up);
	return lo;
}

double kv_pnorm(double x)
{
	return 0.5 * erfc(-x / M_SQRT2);
}

double kv_pnorm_upper(double x)
{
	return 0.5 * erfc(x / M_SQRT2);
}

/* Wichura 1988, AS 241 (PPND16): rational approximations in three ranges. */
double kv_qnorm(double p)
{
	static const double a[8] = {3.3871328727963666080e0,  1.3314166789178437745e+2,
				    1.9715909503065514427e+3, 1.3731693765509461125e+4,
				    4.5921953931549871457e+4, 6.7265770927008700853e+4,
				    3.3430575583588128105e+4, 2.5090809287301226727e+3};
	static const double b[8] = {1.0,
				    4.2313330701600911252e+1,
				    6.8718700749205790830e+2,
				    5.3941960214247511077e+3,
				    2.1213794301586595867e+4,
				    3.9307895800092710610e+4,
				    2.8729085735721942674e+4,
				    5.2264952788528545610e+3};
	static const double c[8] = {1.42343711074968357734e0,  4.63033784615654529590e0,
				    5.76949722146069140550e0,  3.64784832476320460504e0,
				    1.27045825245236838258e0,  2.41780725177450611770e-1,
				    2.27238449892691845833e-2, 7.74545014278341407640e-4};
	static const double d[8] = {1.0,
				    2.05319162663775882187e0,
				    1.67638483018380384940e0,
				    6.89767334985100004550e-1,
				    1.48103976427480074590e-1,
				    1.51986665636164571966e-2,
				    5.47593808499534494600e-4,
				    1.05075007164441684324e-9};
	static const double e[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,
				    1.78482653991729133580e0,  2.96560571828504891230e-1,
				    2.65321895265761230930e-2, 1.24266094738807843860e-3,
				    2.71155556874348757815e-5, 2.01033439929228813265e-7};
	static const double f[8] = {1.0,
				    5.99832206555887937690e-1,
				    1.36929880922735805310e-1,
				    1.48753612908506148525e-2,
				    7.86869131145613259100e-4,
				    1.84631831751005468180e-5,
				    1.42151175831644588870e-7,
				    2.04426310338993978564e-15};
	const double *num, *den;
	double q = p - 0.5, r, val;

	if (isnan(p) || p < 0 || p > 1) {
		return NAN;
	}
	if (p <= 0 || p >= 1) { /* the ends, p being in [0, 1] */
		return p < 0.5 ? -INFINITY : INFINITY;
	}
	if (fabs(q) <= 0.425) {
		r = 0.180625 - q * q;
		num = a, den = b;
	} else {
		r = sqrt(-log(q < 0 ? p : 1 - p));
		if (r <= 5) {
			r -= 1.6;
			num = c, den = d;
		} else {
			r -= 5;
			num = e, den = f;
		}
	}
	double n = num[7], m = den[7];
	for (int i = 6; i >= 0; i--) {
		n = n * r + num[i];
		m = m * r + den[i];
	}
	val = n / m;
	if (fabs(q) <= 0.425) {
		return q * val;
	}
	return q < 0 ? -val : val;
}

/* P(|T| > |x|) for T ~ t(df): I_{df/(df+x^2)}(df/2, 1/2). */
static double t_two_tail(double x, double df)
{
	double x2 = x * x, lo, up;

	ibeta(df / (df + x2), x2 / (df + x2), df / 2, 0.5, &lo, &up);
	return lo;
}

double kv_pt(double x, double df)
{
	if (isnan(x) || isnan(df) || df <= 0) {
		return NAN;
	}
	if (df > 4e5) { /* R's normal approximation for huge df */
		double v = 1 / (4 * df);
		return kv_pnorm(x * (1 - v) / sqrt(1 + x * x * 2 * v));
	}
	if (isinf(x)) {
		return x < 0 ? 0 : 1;
	}
	double val = t_two_tail(x, df);
	return x <= 0 ? val / 2 : 1 - val / 2;
}

double kv_pt_upper(double x, double df)
{
	return kv_pt(-x, df);
}

/* Density of t(df). */
static double dt(double x, double df)
{
	double lc = -lgamma_diff(df / 2, 0.5) - 0.5 * log(df * M_PI);

	return exp(lc - (df + 1) / 2 * log1p(x * x / df));
}

static double qt_compute(double p, double df);

/* The last quantiles asked for, per thread: compare asks for the same few
 * (a level at n - 1 df for every row of n runs) thousands of times. */
#define QT_MEMO 16
static _Thread_local struct {
	double p, df, q;
	bool used;
} memo[QT_MEMO];
static _Thread_local unsigned memo_next;

static bool same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

double kv_qt(double p, double df)
{
	for (unsigned i = 0; i < QT_MEMO; i++) {
		if (memo[i].used && same_double(memo[i].p, p) && same_double(memo[i].df, df)) {
			return memo[i].q;
		}
	}
	double q = qt_compute(p, df);
	unsigned k = memo_next++ % QT_MEMO;
	memo[k].p = p;
	memo[k].df = df;
	memo[k].q = q;
	memo[k].used = true;
	return q;
}

static double qt_compute(double p, double df)
{
	double q, sign, t, lo = 0, hi;

	if (isnan(p) || isnan(df) || df <= 0 || p < 0 || p > 1) {
		return NAN;
	}
	if (p <= 0 || p >= 1) { /* the ends, p being in [0, 1] */
		return p < 0.5 ? -INFINITY : INFINITY;
	}
	sign = p < 0.5 ? -1 : 1;
	q = p < 0.5 ? p : 1 - p; /* the upper-tail probability to solve for */
	if (fabs(df - 1) < 1e-300) {
		return sign / tan(M_PI * q); /* Cauchy */
	}
	/* Start: Cornish-Fisher expansion around the normal quantile
	 * (Abramowitz & Stegun 26.7.5), then Newton steps on the upper tail,
	 * kept inside a bracket that bisection narrows when Newton strays. */
	double z = -kv_qnorm(q), z2 = z * z;
	t = z + (z2 + 1) * z / (4 * df) + ((5 * z2 + 16) * z2 + 3) * z / (96 * df * df);
	if (!(t > 0) || !isfinite(t)) {
		t = 1;
	}
	hi = t;
	while (kv_pt_upper(hi, df) > q) {
		lo = hi;
		hi *= 2;
		if (hi > 1e300) {
			return sign * INFINITY;
		}
	}
	for (int i = 0; i < 200; i++) {
		double f = kv_pt_upper(t, df) - q;
		if (f > 0) {
			lo = t > lo ? t : lo;
		} else {
			hi = t < hi ? t : hi;
		}
		double next = t + f / dt(t, df);
		if (!(next > lo && next < hi)) {
			next = lo > 0 ? sqrt(lo * hi) : (lo + hi) / 2;
		}
		if (fabs(next - t) <= 4 * DBL_EPSILON * t) {
			t = next;
			break;
		}
		t = next;
	}
	return sign * t;
}

/* Number of subsets of size m of items with integer weights w[0..N) for
 * each total weight: a new array of max_sum + 1 counts (free with free()).
 * Only additions, so counts keep full relative precision in doubles. */
static double *subset_sums(const int *w, size_t N, size_t m, int *max_sum)
{
	int total = 0;

	for (size_t i = 0; i < N; i++) {
		total += w[i];
	}
	size_t width = (size_t)total + 1;
	double *dp = kv_xcalloc((m + 1) * width, sizeof(*dp));
	dp[0] = 1;
	for (size_t i = 0; i < N; i++) {
		size_t top = i + 1 < m ? i + 1 : m;
		for (size_t j = top; j >= 1; j--) {
			double *row = dp + j * width, *prev = dp + (j - 1) * width;
			for (int s = total; s >= w[i]; s--) {
				row[s] += prev[s - w[i]];
			}
		}
	}
	double *out = kv_xmalloc(width * sizeof(*out));
	for (size_t s = 0; s < width; s++) {
		out[s] = dp[m * width + s];
	}
	free(dp);
	*max_sum = total;
	return out;
}

/* Counts of W = (rank sum of the m sample) - m(m+1)/2, for W = 0..m n. */
static double *wilcox_counts(int m, int n)
{
	size_t N = (size_t)(m + n);
	int *w = kv_xmalloc(N * sizeof(*w)), max;

	for (size_t i = 0; i < N; i++) {
		w[i] = (int)i + 1;
	}
	double *sums = subset_sums(w, N, (size_t)m, &max);
	double *c = kv_xmalloc(((size_t)m * (size_t)n + 1) * sizeof(*c));
	int off = m * (m + 1) / 2;
	for (int k = 0; k <= m * n; k++) {
		c[k] = sums[k + off];
	}
	free(sums);
	free(w);
	return c;
}

double kv_pwilcox(double q, int m, int n)
{
	q = floor(q + 1e-7);
	if (m <= 0 || n <= 0) {
		return NAN;
	}
	if (q < 0) {
		return 0;
	}
	if (q >= (double)m * n) {
		return 1;
	}
	double *c = wilcox_counts(m, n), lo = 0, total = 0;
	for (int k = 0; k <= m * n; k++) {
		total += c[k];
		if (k <= (int)q) {
			lo += c[k];
		}
	}
	free(c);
	return lo / total;
}

double kv_pwilcox_upper(double q, int m, int n)
{
	q = floor(q + 1e-7);
	if (m <= 0 || n <= 0) {
		return NAN;
	}
	if (q < 0) {
		return 1;
	}
	if (q >= (double)m * n) {
		return 0;
	}
	double *c = wilcox_counts(m, n), up = 0, total = 0;
	for (int k = 0; k <= m * n; k++) {
		total += c[k];
		if (k > (int)q) {
			up += c[k];
		}
	}
	free(c);
	return up / total;
}

/* R's qwilcox: the fuzz keeps p that are exact sums of counts from rounding up. */
int kv_qwilcox(double p, int m, int n)
{
	double *c = wilcox_counts(m, n), total = 0, acc = 0;
	int q = 0;

	for (int k = 0; k <= m * n; k++) {
		total += c[k];
	}
	if (p <= 0.5) {
		double x = p - 10 * DBL_EPSILON;
		for (;; q++) {
			acc += c[q] / total;
			if (acc >= x) {
				break;
			}
		}
	} else {
		double x = 1 - p + 10 * DBL_EPSILON;
		for (;; q++) {
			acc += c[q] / total;
			if (acc > x) {
				q = m * n - q;
				break;
			}
		}
	}
	free(c);
	return q;
}

void kv_perm_tails(const int *w, size_t N, size_t m, int s, double *le, double *ge)
{
	int max;
	double *c = subset_sums(w, N, m, &max), total = 0, lo = 0, hi = 0;

	for (int k = 0; k <= max; k++) {
		total += c[k];
		if (k <= s) {
			lo += c[k];
		}
		if (k >= s) {
			hi += c[k];
		}
	}
	free(c);
	*le = lo / total;
	*ge = hi / total;
}
