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
/* 12.345 -> "+12.3%", -0.04 -> "-0.0%"; NaN -> "n/a". */
char *kv_fmt_pct(double v, char *buf, size_t size);
/* [lo, hi] of percentages: "[+10.1, +14.5]"; "n/a" if either is NaN. */
char *kv_fmt_pct_range(double lo, double hi, char *buf, size_t size);
/* 0.0123 -> "0.012", 1.2e-7 -> "1.2e-07", 1 -> "1"; NaN -> "n/a". */
char *kv_fmt_p(double p, char *buf, size_t size);
/* A machine-readable double: shortest round-trip form; NaN/inf -> "". */
char *kv_fmt_num(double v, char *buf, size_t size);

#endif
