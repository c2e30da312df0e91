/*
 * db_internal.h - what db.c and db_query.c share; not for other modules.
 */
#ifndef SCHEMA_DB_INTERNAL_H
#define SCHEMA_DB_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "schema/db.h"

/* Statements prepared once per connection and reused (bulk inserts). */
enum kv_stmt {
	ST_FIND_SOURCE,
	ST_ADD_SOURCE,
	ST_ADD_RUN,
	ST_SET_LABEL,
	ST_FIND_BENCH,
	ST_ADD_BENCH,
	ST_ADD_PARAM,
	ST_FIND_METRIC,
	ST_ADD_METRIC,
	ST_ADD_SAMPLE,
	ST_ADD_SAMPLES, /* KV_SAMPLE_BATCH rows at once */
	KV_STMT_COUNT
};

/* Rows per multi-row sample INSERT: statement overhead is paid once per batch. */
#define KV_SAMPLE_BATCH 200

struct kv_db {
	sqlite3 *h;                        /* the connection */
	char *path;                        /* as opened, for messages */
	sqlite3_stmt *stmt[KV_STMT_COUNT]; /* prepared lazily, finalized on close */
	sqlite3_stmt *agg;                 /* kv_agg_put()'s, prepared lazily */
	bool created;                      /* the file did not exist before this open */
	dev_t dev;                         /* when created: the file's device... */
	ino_t ino;                         /* ...and inode, to know it is still ours */
	int lock_fd; /* import: the file, held with a shared flock() from before SQLite
		      * opens it to after it closes it, or -1: a failed first import
		      * removes the file only with the exclusive flock, so never while
		      * another import has it open */
};

/* Returns the statement, reset and with its bindings cleared; borrowed. */
sqlite3_stmt *kv_db_stmt(struct kv_db *db, enum kv_stmt which, struct kv_error *err);
/* The aggregate of one run's samples of one metric (a row of run_metric). */
struct kv_agg {
	int64_t n;
	double mean; /* as analysis' kv_mean: extended-precision sum and correction */
	double m2;   /* sum of squared deviations from mean (two-pass) */
	double min, max;
};

/* Computes the aggregate of x[0..n). */
void kv_agg_of(const double *x, size_t n, struct kv_agg *a);
/* Adds a run's aggregate of a metric to run_metric, or merges it into the
 * row there; *st is the statement, prepared on first use (the caller
 * finalizes it).  Returns 0, or -1 with the error in the connection. */
int kv_agg_put(sqlite3 *h, sqlite3_stmt **st, int64_t run_id, int64_t metric_id,
	       const struct kv_agg *a);
/* Fills run_metric from every sample (the migration to version 3): one
 * pass in the sample table's key order.  0, or -1 with the error in h. */
int kv_agg_fill(sqlite3 *h);

/* Fills err from the connection's last error, prefixed by what; returns -1. */
int kv_db_sqlfail(struct kv_db *db, struct kv_error *err, const char *what);

#endif
