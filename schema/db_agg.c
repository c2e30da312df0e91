/*
 * db_agg.c - the per-run aggregates of a metric's samples (table
 * run_metric): computed when samples are added, in the same transaction,
 * and for the samples of a database migrated from schema version 2.
 *
 * The mean is computed exactly as analysis/desc.c's kv_mean computes it
 * (an extended-precision sum, then one correction pass, rounded once), so
 * that a run mean read from run_metric is the very double compare used to
 * compute from the samples.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>

#include "schema/db.h"
#include "schema/db_internal.h"
#include "util/xalloc.h"

/* Adds the aggregate, or merges it into the one already there (samples of
 * the run added in several calls: Chan, Golub & LeVeque 1979). */
static const char upsert_sql[] =
    "INSERT INTO run_metric (metric_id, config, run_id, n, mean, m2, minimum, maximum) "
    "SELECT ?1, config, id, ?3, ?4, ?5, ?6, ?7 FROM run WHERE id = ?2 "
    "ON CONFLICT (metric_id, config, run_id) DO UPDATE SET "
    "n = n + excluded.n, "
    "mean = mean + (excluded.mean - mean) * excluded.n / (n + excluded.n), "
    "m2 = m2 + excluded.m2 + (excluded.mean - mean) * (excluded.mean - mean) * n * excluded.n "
    "  / (n + excluded.n), "
    "minimum = min(minimum, excluded.minimum), maximum = max(maximum, excluded.maximum)";

void kv_agg_of(const double *x, size_t n, struct kv_agg *a)
{
	long double s = 0, t = 0, ss = 0;

	a->n = (int64_t)n;
	a->mean = a->m2 = 0;
	a->min = a->max = n > 0 ? x[0] : 0;
	if (n == 0) {
		return;
	}
	/* the mean: as kv_mean (analysis/desc.c) */
	for (size_t i = 0; i < n; i++) {
		s += x[i];
		a->min = x[i] < a->min ? x[i] : a->min;
		a->max = x[i] > a->max ? x[i] : a->max;
	}
	s /= (long double)n;
	if (isfinite((double)s)) {
		for (size_t i = 0; i < n; i++) {
			t += x[i] - s;
		}
		s += t / (long double)n;
	}
	a->mean = (double)s;
	/* two-pass: deviations from the mean, never sum(x^2) - n mean^2 */
	for (size_t i = 0; i < n; i++) {
		long double d = (long double)x[i] - a->mean;
		ss += d * d;
	}
	a->m2 = (double)ss;
}

void kv_agg_merge(struct kv_agg *a, const struct kv_agg *b)
{
	double n = (double)a->n, m = (double)b->n, d = b->mean - a->mean;

	if (b->n == 0) {
		return;
	}
	if (a->n == 0) {
		*a = *b;
		return;
	}
	/* the same expressions, in the same order, as upsert_sql's */
	a->mean = a->mean + (b->mean - a->mean) * m / (n + m);
	a->m2 = a->m2 + b->m2 + d * d * n * m / (n + m);
	a->min = b->min < a->min ? b->min : a->min;
	a->max = b->max > a->max ? b->max : a->max;
	a->n += b->n;
}

int kv_agg_put(sqlite3 *h, sqlite3_stmt **st, int64_t run_id, int64_t metric_id,
	       const struct kv_agg *a)
{
	int rc;

	if (*st == NULL) {
		if (sqlite3_prepare_v3(h, upsert_sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) !=
		    SQLITE_OK) {
			*st = NULL;
			return -1;
		}
	} else {
		sqlite3_reset(*st);
	}
	sqlite3_bind_int64(*st, 1, metric_id);
	sqlite3_bind_int64(*st, 2, run_id);
	sqlite3_bind_int64(*st, 3, a->n);
	sqlite3_bind_double(*st, 4, a->mean);
	sqlite3_bind_double(*st, 5, a->m2);
	sqlite3_bind_double(*st, 6, a->min);
	sqlite3_bind_double(*st, 7, a->max);
	rc = sqlite3_step(*st);
	sqlite3_reset(*st);
	/* the run must exist: no row inserted means no such run */
	return rc == SQLITE_DONE && sqlite3_changes(h) == 1 ? 0 : -1;
}

int kv_agg_fill(sqlite3 *h)
{
	/* the sample table's key order: one pass, no sort */
	static const char sql[] =
	    "SELECT run_id, metric_id, value FROM sample ORDER BY run_id, metric_id, seq";
	sqlite3_stmt *st = NULL, *put = NULL;
	double *v = NULL;
	size_t n = 0, cap = 0;
	int64_t run = -1, metric = -1;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		return -1;
	}
	for (;;) {
		rc = sqlite3_step(st);
		bool row = rc == SQLITE_ROW;
		int64_t r = row ? sqlite3_column_int64(st, 0) : -1;
		int64_t m = row ? sqlite3_column_int64(st, 1) : -1;
		if (n > 0 && (!row || r != run || m != metric)) {
			struct kv_agg a;
			kv_agg_of(v, n, &a);
			if (kv_agg_put(h, &put, run, metric, &a) < 0) {
				goto out;
			}
			n = 0;
		}
		if (!row) {
			break;
		}
		run = r;
		metric = m;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = kv_xreallocarray(v, cap, sizeof(*v));
		}
		v[n++] = sqlite3_column_double(st, 2);
	}
	ret = rc == SQLITE_DONE ? 0 : -1;
out:
	free(v);
	sqlite3_finalize(st);
	sqlite3_finalize(put);
	return ret;
}
