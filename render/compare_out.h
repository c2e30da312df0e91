/*
 * compare_out.h - writing a comparison as a table for people (text,
 * markdown) or for programs (CSV, JSON).  The numbers come computed; this
 * module only formats them.  The JSON field names are a contract
 * (README, "compare --format json").
 */
#ifndef RENDER_COMPARE_OUT_H
#define RENDER_COMPARE_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "analysis/compare.h"

enum kv_out_format { KV_OUT_TEXT, KV_OUT_CSV, KV_OUT_JSON, KV_OUT_MARKDOWN };

void kv_compare_write(const struct kv_compare_result *r, const struct kv_compare_opts *o,
		      enum kv_out_format fmt, bool color, FILE *f);

/* Flag names as they appear in every format. */
const char *kv_flag_name(enum kv_flag f);
/* "72.1% [55.0, 90.3]" for a gap closed, "(reference)" for the reference
 * itself, "n/a" where there is none. */
void kv_fmt_gap(const struct kv_gap *g, bool is_ref, char *buf, size_t size);

#endif
