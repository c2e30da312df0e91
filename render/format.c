/* format.c - SI prefixes, percentages and p-values for people. */
#include "render/format.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit_style {
	const char *unit;   /* canonical unit */
	const char *symbol; /* what follows the prefix */
	bool glued;         /* prefix glued to the number: "5.28k ops/s" */
};

static const struct unit_style styles[] = {
    {"s", "s", false},          {"bytes", "B", false},    {"bytes/s", "B/s", false},
    {"bits/s", "bit/s", false}, {"ops/s", "ops/s", true}, {"count", "", true},
};

/* Three significant digits, no exponent. */
static void digits3(double x, char *buf, size_t size)
{
	double a = fabs(x);

	if (a >= 99.95) {
		snprintf(buf, size, "%.0f", x);
	} else if (a >= 9.995) {
		snprintf(buf, size, "%.1f", x);
	} else {
		snprintf(buf, size, "%.2f", x);
	}
}

char *kv_fmt_si(double v, const char *unit, char *buf, size_t size)
{
	static const char *const up[] = {"", "k", "M", "G", "T", "P", "E"};
	static const char *const down[] = {"", "m", "\xc2\xb5", "n", "p", "f"};
	const struct unit_style *st = NULL;
	char num[32];

	if (!isfinite(v)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	if (strcmp(unit, "percent") == 0) {
		digits3(v, num, sizeof(num));
		snprintf(buf, size, "%s%%", num);
		return buf;
	}
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++) {
		if (strcmp(styles[i].unit, unit) == 0) {
			st = &styles[i];
		}
	}
	if (st == NULL) { /* a unit kvperf does not know: no prefix */
		snprintf(buf, size, "%.3g %s", v, unit);
		return buf;
	}
	double a = fabs(v), x = v;
	const char *prefix = "";
	if (a >= 999.5) {
		int k = 0;
		while (fabs(x) >= 999.5 && k < 6) {
			x /= 1000;
			k++;
		}
		prefix = up[k];
	} else if (a > 0 && a < 0.9995 && strcmp(unit, "s") == 0) {
		int k = 0;
		while (fabs(x) < 0.9995 && k < 5) {
			x *= 1000;
			k++;
		}
		prefix = down[k];
	}
	digits3(x, num, sizeof(num));
	if (st->glued) {
		snprintf(buf, size, "%s%s%s%s", num, prefix, st->symbol[0] ? " " : "", st->symbol);
	} else {
		snprintf(buf, size, "%s %s%s", num, prefix, st->symbol);
	}
	return buf;
}

static const struct unit_style *style_of(const char *unit)
{
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++) {
		if (strcmp(styles[i].unit, unit) == 0) {
			return &styles[i];
		}
	}
	return NULL;
}

/* The exponent k of kv_fmt_si's prefix for v: 1000^k, -5 <= k <= 6. */
static int si_exp(double v, const char *unit)
{
	double a = fabs(v);
	int k = 0;

	if (strcmp(unit, "percent") == 0 || style_of(unit) == NULL || !isfinite(a)) {
		return 0;
	}
	while (a >= 999.5 && k < 6) {
		a /= 1000;
		k++;
	}
	while (a > 0 && a < 0.9995 && k > -5 && strcmp(unit, "s") == 0) {
		a *= 1000;
		k--;
	}
	return k;
}

double kv_si_factor(double ref, const char *unit)
{
	return pow(1000, si_exp(ref, unit));
}

char *kv_fmt_si_fixed(double v, double ref, int decimals, const char *unit, char *buf, size_t size)
{
	static const char *const up[] = {"", "k", "M", "G", "T", "P", "E"};
	static const char *const down[] = {"", "m", "\xc2\xb5", "n", "p", "f"};
	const struct unit_style *st = style_of(unit);
	int k = si_exp(ref, unit);
	char num[48];

	if (!isfinite(v)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	double x = v / pow(1000, k);
	if (!(x < 0 || x > 0)) {
		snprintf(num, sizeof(num), "0");
	} else {
		snprintf(num, sizeof(num), "%.*f", decimals < 0 ? 0 : decimals, x);
	}
	const char *prefix = k >= 0 ? up[k] : down[-k];
	if (st != NULL && st->glued && !(x < 0 || x > 0)) {
		prefix = ""; /* "0 ops/s", not "0k ops/s" */
	}
	if (strcmp(unit, "percent") == 0) {
		snprintf(buf, size, "%s%%", num);
	} else if (st == NULL) {
		snprintf(buf, size, "%s %s", num, unit);
	} else if (st->glued) {
		snprintf(buf, size, "%s%s%s%s", num, prefix, st->symbol[0] ? " " : "", st->symbol);
	} else {
		snprintf(buf, size, "%s %s%s", num, prefix, st->symbol);
	}
	return buf;
}

char *kv_fmt_pct(double v, char *buf, size_t size)
{
	if (!isfinite(v)) {
		snprintf(buf, size, "n/a");
	} else {
		snprintf(buf, size, "%+.1f%%", v);
	}
	return buf;
}

/* One bound of a range: one decimal, or as many as show the first
 * significant digit of a bound that one decimal would round to zero. */
static void bound(double v, char *buf, size_t size)
{
	if (isinf(v)) {
		snprintf(buf, size, "%sinf", v > 0 ? "+" : "-");
	} else if (!(v < 0 || v > 0)) { /* exact: "+0.0", never "-0.0" */
		snprintf(buf, size, "+0.0");
	} else if (fabs(v) >= 0.05) {
		snprintf(buf, size, "%+.1f", v);
	} else if (fabs(v) >= 1e-9) {
		/* |v| >= 10^-d, so d decimals show a non-zero digit */
		snprintf(buf, size, "%+.*f", (int)ceil(-log10(fabs(v))), v);
	} else {
		snprintf(buf, size, "%+.1e", v);
	}
}

char *kv_fmt_pct_range(double lo, double hi, char *buf, size_t size)
{
	char a[48], b[48];

	if (isnan(lo) || isnan(hi)) {
		snprintf(buf, size, "n/a");
	} else {
		bound(lo, a, sizeof(a));
		bound(hi, b, sizeof(b));
		snprintf(buf, size, "[%s, %s]", a, b);
	}
	return buf;
}

char *kv_fmt_cost(double c, char *buf, size_t size)
{
	static const char times[] = "\xc3\x97"; /* U+00D7 */

	if (isnan(c)) {
		snprintf(buf, size, "n/a");
	} else if (isinf(c)) {
		snprintf(buf, size, "%sinf", times);
	} else if (fabs(c) >= 99.95) {
		snprintf(buf, size, "%s%.0f", times, c);
	} else if (fabs(c) >= 9.995) {
		snprintf(buf, size, "%s%.1f", times, c);
	} else if (fabs(c) >= 0.0995 || !(c < 0 || c > 0)) {
		snprintf(buf, size, "%s%.2f", times, c);
	} else {
		snprintf(buf, size, "%s%.3g", times, c);
	}
	return buf;
}

char *kv_fmt_level(double level, char *buf, size_t size)
{
	double alpha = 100 * (1 - level);
	int d = 0;

	if (!(level > 0 && level < 1)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	/* two significant digits of 100 - level, then no trailing zeros */
	d = (int)floor(-log10(alpha)) + 2;
	d = d < 0 ? 0 : d > 12 ? 12 : d;
	snprintf(buf, size, "%.*f", d, 100 * level);
	char *dot = strchr(buf, '.');
	if (dot != NULL) {
		char *end = buf + strlen(buf);
		while (end > dot + 1 && end[-1] == '0') {
			*--end = '\0';
		}
		if (end == dot + 1) {
			*dot = '\0';
		}
	}
	snprintf(buf + strlen(buf), size - strlen(buf), "%%");
	return buf;
}

char *kv_fmt_p(double p, char *buf, size_t size)
{
	if (!isfinite(p)) {
		snprintf(buf, size, "n/a");
	} else if (p < 0.001) {
		snprintf(buf, size, "%.1e", p);
	} else {
		snprintf(buf, size, "%.3g", p);
	}
	return buf;
}

/* Writes the digits d[0..p) (p <= 17) with decimal exponent x (the value is
 * d0.d1d2... x 10^x) as printf's "%.{p}g" does: trailing zeros dropped,
 * exponent form when x < -4 or x >= p. */
static void write_g(bool neg, const char *d, int p, int x, char *buf, size_t size)
{
	char out[48];
	size_t k = 0;
	int last = p - 1;

	while (last > 0 && d[last] == '0') {
		last--;
	}
	if (neg) {
		out[k++] = '-';
	}
	if (x < -4 || x >= p) {
		out[k++] = d[0];
		if (last > 0) {
			out[k++] = '.';
			memcpy(out + k, d + 1, (size_t)last);
			k += (size_t)last;
		}
		snprintf(out + k, sizeof(out) - k, "e%c%02d", x < 0 ? '-' : '+', abs(x));
	} else if (x >= 0) {
		memcpy(out + k, d, (size_t)x + 1);
		k += (size_t)x + 1;
		if (last > x) {
			out[k++] = '.';
			memcpy(out + k, d + x + 1, (size_t)(last - x));
			k += (size_t)(last - x);
		}
		out[k] = '\0';
	} else {
		out[k++] = '0';
		out[k++] = '.';
		for (int i = 0; i < -x - 1; i++) {
			out[k++] = '0';
		}
		memcpy(out + k, d, (size_t)last + 1);
		k += (size_t)last + 1;
		out[k] = '\0';
	}
	snprintf(buf, size, "%s", out);
}

/* The 17 significant digits of d17 (exponent x) rounded to p digits into d,
 * with the new exponent in *xp; false when the digits dropped are a tie
 * ("5", "50"): only the exact binary value can tell which way it rounds. */
static bool round_digits(const char *d17, int x, int p, char *d, int *xp)
{
	int cmp = 0; /* the dropped digits against one half of the last kept */

	for (int i = p; i < 17 && cmp == 0; i++) {
		int half = i == p ? 5 : 0;
		cmp = (d17[i] - '0' > half) - (d17[i] - '0' < half);
	}
	if (cmp == 0) {
		return false;
	}
	memcpy(d, d17, (size_t)p);
	*xp = x;
	if (cmp > 0) {
		int i = p - 1;
		while (i >= 0 && d[i] == '9') {
			d[i--] = '0';
		}
		if (i >= 0) {
			d[i]++;
		} else { /* 99...9 rounds to 100...0: one more digit before the point */
			d[0] = '1';
			*xp = x + 1;
		}
	}
	return true;
}

/* Whether the p digits d (exponent x; d[0] == '\0': unknown), written in
 * text, read back as v.  When the digits make an integer M < 2^53 and the
 * power of ten 10^k, k = x - p + 1, is exact (|k| <= 22), M x 10^k (or
 * M / 10^-k) is one correctly rounded operation on exact operands: the
 * double strtod would give (Clinger's fast path), without strtod's cost. */
static bool reads_back(const char *text, const char *d, int p, int x, double v)
{
	static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
				       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	int k = x - p + 1;
	uint64_t m = 0;

	if (d[0] != '\0' && k >= -22 && k <= 22) {
		for (int i = 0; i < p; i++) {
			m = m * 10 + (uint64_t)(d[i] - '0');
		}
		if (m <= (UINT64_C(1) << 53)) {
			double y = k >= 0 ? (double)m * pow10[k] : (double)m / pow10[-k];
			return !(y < fabs(v)) && !(y > fabs(v));
		}
	}
	double y = strtod(text, NULL);
	return !(y < v) && !(y > v);
}

/* The shortest of "%.15g", "%.16g" and "%.17g" that reads back as v (the
 * first that does; 17 digits always do).  printf's %g is exact and slow,
 * and a CSV of 10,000 comparisons has a few hundred thousand numbers: the
 * 17 significant digits are made once, and the 15- and 16-digit forms
 * rounded from them, which is exact except at a tie in the digits dropped,
 * left to printf. */
char *kv_fmt_num(double v, char *buf, size_t size)
{
	char e[40], d17[17], d[17];
	int x;

	if (!isfinite(v)) {
		buf[0] = '\0';
		return buf;
	}
	if (fpclassify(v) == FP_ZERO) {
		snprintf(buf, size, "%.15g", v);
		return buf;
	}
	/* "-d.dddddddddddddddde-xxx": the digits and the exponent of %.17g */
	snprintf(e, sizeof(e), "%.16e", v);
	const char *s = e + (e[0] == '-');
	d17[0] = s[0];
	memcpy(d17 + 1, s + 2, 16);
	x = atoi(s + 19);
	for (int p = 15; p <= 16; p++) {
		int xp;
		if (round_digits(d17, x, p, d, &xp)) {
			write_g(v < 0, d, p, xp, buf, size);
		} else {
			snprintf(buf, size, "%.*g", p, v);
			d[0] = '\0'; /* no digits: reads_back asks strtod */
		}
		if (reads_back(buf, d, p, xp, v)) {
			return buf;
		}
	}
	write_g(v < 0, d17, 17, x, buf, size);
	return buf;
}

char *kv_fmt_count(size_t n, char *buf, size_t size)
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%zu", n);
	size_t k = 0;

	for (int i = 0; i < len && k + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0) {
			buf[k++] = ',';
		}
		buf[k++] = digits[i];
	}
	if (size > 0) {
		buf[k < size ? k : size - 1] = '\0';
	}
	return buf;
}
