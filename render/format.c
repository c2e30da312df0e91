/* format.c - SI prefixes, percentages and p-values for people. */
#include "render/format.h"

#include <math.h>
#include <stdbool.h>
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

char *kv_fmt_pct(double v, char *buf, size_t size)
{
	if (!isfinite(v)) {
		snprintf(buf, size, "n/a");
	} else {
		snprintf(buf, size, "%+.1f%%", v);
	}
	return buf;
}

char *kv_fmt_pct_range(double lo, double hi, char *buf, size_t size)
{
	if (!isfinite(lo) || !isfinite(hi)) {
		snprintf(buf, size, "n/a");
	} else {
		snprintf(buf, size, "[%+.1f, %+.1f]", lo, hi);
	}
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

char *kv_fmt_num(double v, char *buf, size_t size)
{
	if (!isfinite(v)) {
		buf[0] = '\0';
		return buf;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		double y = strtod(buf, NULL);
		if (!(y < v) && !(y > v)) {
			break;
		}
	}
	return buf;
}
