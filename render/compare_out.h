/*
 * compare_out.h - writing a comparison as a table for people (text,
 * markdown) or for programs (CSV, JSON).  The numbers come computed; this
 * module only formats them.  The JSON field names are a contract
 * (README, "compare --format json").  The sentences that say what the
 * numbers are live here too, so that the PDF and the workbook say the same.
 */
#ifndef RENDER_COMPARE_OUT_H
#define RENDER_COMPARE_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analysis/compare.h"

enum kv_out_format { KV_OUT_TEXT, KV_OUT_CSV, KV_OUT_JSON, KV_OUT_MARKDOWN, KV_OUT_TSV };

/* How the output looks where it goes. */
struct kv_out_style {
	bool color;        /* text: the verdict colours (ANSI) */
	int width;         /* text: the terminal's width in cells (<= 0: 100) */
	bool summary_only; /* only the geometric-mean summary (every format) */
};

/* Writes the comparison in fmt.  Text is for a terminal: one block per
 * benchmark (tool, benchmark, parameters on a header line), one short line
 * per metric (and variant), fitted to st->width by leaving out the least
 * important columns (change, then C, p, the means) and wrapping, never
 * cutting a field; the columns left out are named under the table.  CSV and
 * TSV give one row per comparison (or, with summary_only, per summary row)
 * with every field; markdown the wide table. */
void kv_compare_write(const struct kv_compare_result *r, const struct kv_compare_opts *o,
		      enum kv_out_format fmt, const struct kv_out_style *st, FILE *f);

/* Flag names as they appear in every format. */
const char *kv_flag_name(enum kv_flag f);
/* A side's estimate: its mean or median, as the options ask. */
double kv_side_estimate(const struct kv_side *s, const struct kv_compare_opts *o);
/* "5.28k ops/s ±1.2%": the estimate est of a side and its interval's
 * half-width relative to it. */
void kv_fmt_side(const struct kv_side *s, double est, const char *unit, char *buf, size_t size);
/* "72.1% [55.0, 90.3]" for a gap closed, "(reference)" for the reference
 * itself, "n/a" where there is none. */
void kv_fmt_gap(const struct kv_gap *g, bool is_ref, char *buf, size_t size);

/* The one scale, in one sentence (UTF-8, no final period). */
extern const char kv_overhead_definition[];
/* What the change column is (UTF-8, no final period). */
extern const char kv_change_definition[];

/* The verdict as the tables show it, with the equivalence beside it:
 * "worse", "~", "n/a", "worse, equivalent", "~ not equivalent". */
void kv_fmt_verdict(const struct kv_comparison *c, char *buf, size_t size);
/* The summary row's verdict: "worse", "better", "~" or "n/a". */
const char *kv_verdict_short(enum kv_verdict v);
/* How a row's interval and p were made, for people: "Fieller's interval for
 * the ratio of means, Welch's t-test on Fieller's df". */
const char *kv_method_explain(enum kv_method m);
/* "95% confidence; intervals at 99.63% over 136 comparisons (<how the
 * adjustment works>)": the level of the printed intervals and why. */
void kv_fmt_levels(const struct kv_compare_result *r, const struct kv_compare_opts *o, char *buf,
		   size_t size);
/* The methods the rows used, with how many rows each when they differ:
 * "each run's mean is one sample; Fieller's interval for ...". */
void kv_fmt_methods(const struct kv_compare_result *r, char *buf, size_t size);
/* How a summary row's interval was made: "the row's interval", "delta
 * method over runs, t (df 7.3)", "run bootstrap SE, t (df 7.3)", "no
 * interval". */
void kv_fmt_sum_method(const struct kv_summary *s, char *buf, size_t size);
/* "fio randread bs=4k read_bw = 4096 × read_iops (counted once)" for a
 * comparison left out of the summary as an exact multiple of another,
 * "... cpu_time = 8192 / bytes_per_second ..." for a reciprocal; "" for any
 * other.  Names cut to max characters, at most KV_NAME_CHARS (0: whole,
 * for compare's own output). */
void kv_fmt_merged(const struct kv_comparison *c, size_t max, char *buf, size_t size);
/* "the summary keeps the correlation of metrics measured in the same
 * runs", and how many metrics of each variant's "all" row come from runs of
 * their own; variant names cut as kv_fmt_merged cuts them. */
void kv_fmt_pairing(const struct kv_compare_result *r, size_t max, char *buf, size_t size);

/* JSON values from the data: a string (text that is not UTF-8, as a
 * --config from the command line can be, as its escaped form, which JSON
 * can hold; NULL as null), a number (NaN and infinities as null). */
json_t *kv_json_text(const char *s);
json_t *kv_json_num(double v);

#endif
