/*
 * multiples.h - comparisons that are an exact multiple of an earlier one,
 * run for run (fio's bandwidth and IOPS), or with the opposite direction a
 * reciprocal (Google Benchmark's bytes_per_second and cpu_time): the same
 * measurement, counted once in the summary.  Internal to analysis/ (and its
 * tests).
 */
#ifndef ANALYSIS_MULTIPLES_H
#define ANALYSIS_MULTIPLES_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/compare.h"

/* Relative tolerance of "an exact multiple, run for run": the ratio of the
 * two metrics' run means may move by this much (fio rounds bandwidth to
 * whole bytes/s; stress-ng divides by each run's own wall time). */
#define KV_MULTIPLE_TOL 1e-3

/* Sets merged_into and merge_factor of each of the n comparisons c (after
 * compute: ratio, b, v, bs.n, vs.n, higher) that is a multiple of an
 * earlier one of the same variant and runs that is not itself merged: the
 * earliest such, as if every earlier one were tried in order. */
void kv_multiples_find(struct kv_comparison *c, size_t n);

/* The same on one group of m comparisons of the same runs and variant, in
 * the order of p: by trying every earlier one for each (exhaustive) or
 * through a grid of their run means' logarithms (the same marks). */
void kv_multiples_in_group(struct kv_comparison **p, size_t m, bool exhaustive);

#endif
