/* stats_internal.h - what the files of analysis/ share; not for other modules. */
#ifndef ANALYSIS_STATS_INTERNAL_H
#define ANALYSIS_STATS_INTERNAL_H

#include <stddef.h>

/* Exact permutation distribution of the sum of the weights w[0..N) of an
 * m-subset (the conditional Mann-Whitney test with ties: weights are doubled
 * mid-ranks): writes P(S <= s) and P(S >= s). */
void kv_perm_tails(const int *w, size_t N, size_t m, int s, double *le, double *ge);

/* Sorts a new copy of x[0..n); free with free(). */
double *kv_sorted_copy(const double *x, size_t n);

/* Plain left-to-right double sum divided by n (the bootstrap's mean). */
double kv_mean_fast(const double *x, size_t n);

#endif
