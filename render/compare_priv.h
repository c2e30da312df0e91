/*
 * compare_priv.h - what compare_out.c shares with compare_term.c, the
 * terminal's fitted table: the cells and the sentences around the tables,
 * written once for every format.
 */
#ifndef RENDER_COMPARE_PRIV_H
#define RENDER_COMPARE_PRIV_H

#include <stdio.h>

#include "render/compare_out.h"
#include "render/table.h"

/* "baseline B; variant V; 95% confidence; ..." and the methods: two lines. */
void kv_cmp_method_line(const struct kv_compare_result *r, const struct kv_compare_opts *o,
			FILE *f);
/* The definitions of overhead and change, what a verdict means, and the
 * equivalence and gap-closed sentences when those were asked for. */
void kv_cmp_notes_top(const struct kv_compare_result *r, const struct kv_compare_opts *o, FILE *f);
/* "geometric mean G of the cost ratios C per variant and category, 95% interval:" */
void kv_cmp_summary_heading(const struct kv_compare_opts *o, FILE *f);
/* Under the summary: how runs were paired, the merged comparisons, what
 * each flag in seen means, the Mann-Whitney note, what was not compared. */
void kv_cmp_notes_bottom(const struct kv_compare_result *r, const struct kv_compare_opts *o,
			 unsigned seen, FILE *f);
/* "+150.0% [+140.1, +160.3]", or the point alone when there is no interval. */
void kv_fmt_overhead(double pct, double lo, double hi, char *buf, size_t size);
/* The flags' names joined by sep; free with free(). */
char *kv_flags_text(unsigned f, const char *sep);
/* A comparison's cells as the tables print them, each a new string (the
 * caller frees them): the variant's value, change, C, overhead [interval],
 * gap closed ("" without --reference), "p (adj)", verdict and the flags
 * joined by sep. */
struct kv_cmp_cells {
	char *value, *change, *cost, *overhead, *gap, *p, *verdict, *flags;
};
void kv_cmp_cells(const struct kv_comparison *c, const struct kv_compare_opts *o, const char *sep,
		  struct kv_cmp_cells *x);
/* A verdict's colour: worse, better, grey for no significant change. */
enum kv_style kv_verdict_style(enum kv_verdict v);
/* The terminal's table (kv_compare_write with KV_OUT_TEXT). */
void kv_compare_write_term(const struct kv_compare_result *r, const struct kv_compare_opts *o,
			   const struct kv_out_style *st, FILE *f);

#endif
