/*
 * format.h - numbers as people read them: SI prefixes with units, signed
 * percentages, p-values.  Pure; every function writes into buf and returns it.
 */
#ifndef RENDER_FORMAT_H
#define RENDER_FORMAT_H

#include <stddef.h>

/* 0.00035 "s" -> "350 µs"; 1.21e9 "bytes/s" -> "1.21 GB/s"; 5282 "ops/s" ->
 * "5.28k ops/s"; 99.5 "percent" -> "99.5%".  Three significant digits.
 * NaN -> "n/a". */
char *kv_fmt_si(double v, const char *unit, char *buf, size_t size);
/* For the labels of one axis: the factor (1000^k) of the SI prefix that
 * kv_fmt_si gives ref in unit, and v divided by it with exactly decimals
 * digits after the point, followed by that prefix and unit: v 0.00015, ref
 * 0.0004, 0 decimals, "s" -> "150 µs"; v 0 -> "0 µs" (a zero never gets
 * decimals).  NaN -> "n/a". */
double kv_si_factor(double ref, const char *unit);
char *kv_fmt_si_fixed(double v, double ref, int decimals, const char *unit, char *buf, size_t size);
/* 12.345 -> "+12.3%", -0.04 -> "-0.0%"; NaN -> "n/a". */
char *kv_fmt_pct(double v, char *buf, size_t size);
/* [lo, hi] of percentages: "[+10.1, +14.5]"; "n/a" if either is NaN, "+inf"
 * for an infinite bound.  A bound that is not zero never prints as "+0.0":
 * it gets the digits that show its first significant one ("+0.04",
 * "-0.003"), so an interval that excludes zero always looks so. */
char *kv_fmt_pct_range(double lo, double hi, char *buf, size_t size);
/* A cost ratio C: 2.5 -> "×2.50", 0.9968 -> "×1.00", 30.04 -> "×30.0",
 * 290.4 -> "×290", 0.0512 -> "×0.0512"; "×inf"; NaN -> "n/a". */
char *kv_fmt_cost(double c, char *buf, size_t size);
/* A confidence level as a percentage with the digits that tell it from
 * 100%: 0.95 -> "95%", 0.99632 -> "99.63%", 0.999632 -> "99.963%". */
char *kv_fmt_level(double level, char *buf, size_t size);
/* 0.0123 -> "0.012", 1.2e-7 -> "1.2e-07", 1 -> "1"; NaN -> "n/a". */
char *kv_fmt_p(double p, char *buf, size_t size);
/* A machine-readable double: shortest round-trip form; NaN/inf -> "". */
char *kv_fmt_num(double v, char *buf, size_t size);
/* A count as a sentence reads it: 10000 -> "10,000", 960 -> "960". */
char *kv_fmt_count(size_t n, char *buf, size_t size);

#endif
