/*
 * db_internal.h - what the engine-neutral parts of schema/ (db.c,
 * db_query.c, db_trend.c, db_copy.c) and the engines (engine_sqlite.c,
 * engine_pg.c) share; not for other modules.
 *
 * The neutral parts speak one dialect of SQL, the part SQLite and
 * PostgreSQL agree on (parameters written $1, $2 ..., INSERT ... ON
 * CONFLICT, RETURNING), through a statement interface (struct kv_q) that
 * each engine implements.  What the engines do differently is behind
 * struct kv_engine: opening and creating a database, its schema and
 * migrations, transactions, and the bulk write of samples (SQLite:
 * multi-row INSERTs; PostgreSQL: COPY).
 */
#ifndef SCHEMA_DB_INTERNAL_H
#define SCHEMA_DB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schema/db.h"

/* A prepared statement of some engine; each engine's own statement begins
 * with this. */
struct kv_q {
	struct kv_db *db;
};

/* One database engine. */
struct kv_engine {
	const char *name; /* "sqlite", "postgresql" */
	/* Every statement is a round trip to a server: readers ask for many
	 * rows at once rather than one statement per metric. */
	bool remote;
	/* Opens (flags: KV_DB_CREATE, KV_DB_BULK) target, the path or URI
	 * given; db->path is already set (for messages) and db->impl is NULL.
	 * Brings the schema to KV_SCHEMA_VERSION as kv_db_open() says. */
	int (*open)(struct kv_db *db, const char *target, int flags, struct kv_error *err);
	/* Frees the engine's state; the statements are finalized already. */
	void (*close)(struct kv_db *db);
	/* kv_db_close_unused() without the shared part; NULL: nothing to remove. */
	bool (*close_unused)(struct kv_db *db);

	int (*begin)(struct kv_db *db, struct kv_error *err);
	int (*commit)(struct kv_db *db, struct kv_error *err);
	void (*rollback)(struct kv_db *db);

	/* A statement of sql (parameters $1..$n); NULL with err filled. */
	struct kv_q *(*prepare)(struct kv_db *db, const char *sql, struct kv_error *err);
	/* Binds parameter i (from 1); text is copied or used before the next
	 * reset, as the engine likes: it stays valid until then. */
	void (*bind_int64)(struct kv_q *q, int i, int64_t v);
	void (*bind_double)(struct kv_q *q, int i, double v);
	void (*bind_text)(struct kv_q *q, int i, const char *s); /* NULL: SQL NULL */
	/* Runs the statement on its first call, then moves to the next row:
	 * 1 with a row, 0 when done, -1 with err filled ("what: why"). */
	int (*step)(struct kv_q *q, const char *what, struct kv_error *err);
	int64_t (*col_int64)(struct kv_q *q, int i);
	double (*col_double)(struct kv_q *q, int i);
	const char *(*col_text)(struct kv_q *q, int i); /* NULL for SQL NULL; borrowed
							 * until the next step */
	/* Back to before the first step, bindings cleared. */
	void (*reset)(struct kv_q *q);
	void (*finalize)(struct kv_q *q);

	/* Appends samples and their run aggregate, as kv_db_add_samples(). */
	int (*add_samples)(struct kv_db *db, int64_t run_id, int64_t metric_id, const double *v,
			   size_t n, int64_t first_seq, struct kv_error *err);
	/* Before a transaction creates a benchmark or a metric: makes the
	 * writers that create ones wait for each other (PostgreSQL: an
	 * advisory lock to the end of the transaction; SQLite's write lock
	 * already does).  *fresh: the lock was taken now, so a lookup made
	 * before it must be made again.  NULL: nothing to do. */
	int (*lock_new_rows)(struct kv_db *db, bool *fresh, struct kv_error *err);
	/* Or NULL: kv_db_add_run() and kv_db_set_label() for an engine that
	 * writes a transaction's runs and labels at commit (PostgreSQL: so
	 * that the samples' COPY need not end at every run). */
	int (*add_run)(struct kv_db *db, const struct kv_db_run *run, int64_t *id,
		       struct kv_error *err);
	int (*set_label)(struct kv_db *db, int64_t run_id, const char *key, const char *value,
			 struct kv_error *err);
	/* With KVPERF_EXPLAIN set: the plan of sql on stderr, one "kvperf:
	 * plan: <name>: <step>" line per step. */
	void (*explain)(struct kv_db *db, const char *name, const char *sql);
};

extern const struct kv_engine kv_engine_sqlite;
extern const struct kv_engine kv_engine_pg;

/* Statements of the neutral writers, prepared once per connection. */
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
	KV_STMT_COUNT
};

/* A benchmark or metric id already looked up or made (db.c). */
struct kv_db_known {
	char *key; /* "b" tool US name US params, or "m" benchmark id US name; NULL: free */
	int64_t id;
	char *unit, *direction, *kind; /* a metric's */
	bool fresh;                    /* made by the open transaction */
};

struct kv_db {
	const struct kv_engine *eng;
	char *path; /* the file, or the URI without its password: for messages */
	void *impl; /* the engine's state */
	struct kv_q *st[KV_STMT_COUNT]; /* prepared on first use, finalized on close */
	bool new_rows_locked;           /* lock_new_rows() done in this transaction */
	/* benchmarks and metrics by name: an import names the same ones run
	 * after run, and a lookup not made is a round trip saved (and, on
	 * PostgreSQL, a COPY of samples that need not end) */
	struct kv_db_known *known;
	size_t nknown, known_cap; /* entries; the table's size (a power of 2) */
	/* the labels of the run being written, written when the next run
	 * begins and at commit: a label given twice is written once, with
	 * its last value, so that a writer needs no UPDATE privilege */
	int64_t label_run;
	struct kv_db_label *labels;
	size_t nlabels, labels_cap;
};

/* The statement interface, for the neutral parts. */
static inline struct kv_q *kv_q_prepare(struct kv_db *db, const char *sql, struct kv_error *err)
{
	return db->eng->prepare(db, sql, err);
}
static inline void kv_q_int64(struct kv_q *q, int i, int64_t v)
{
	q->db->eng->bind_int64(q, i, v);
}
static inline void kv_q_double(struct kv_q *q, int i, double v)
{
	q->db->eng->bind_double(q, i, v);
}
static inline void kv_q_text(struct kv_q *q, int i, const char *s)
{
	q->db->eng->bind_text(q, i, s);
}
static inline int kv_q_step(struct kv_q *q, const char *what, struct kv_error *err)
{
	return q->db->eng->step(q, what, err);
}
static inline int64_t kv_q_col_int64(struct kv_q *q, int i)
{
	return q->db->eng->col_int64(q, i);
}
static inline double kv_q_col_double(struct kv_q *q, int i)
{
	return q->db->eng->col_double(q, i);
}
static inline const char *kv_q_col_text(struct kv_q *q, int i)
{
	return q->db->eng->col_text(q, i);
}
static inline void kv_q_reset(struct kv_q *q)
{
	q->db->eng->reset(q);
}
/* Accepts NULL. */
static inline void kv_q_free(struct kv_q *q)
{
	if (q != NULL) {
		q->db->eng->finalize(q);
	}
}
/* A new copy of column i, or NULL for SQL NULL. */
char *kv_q_col_dup(struct kv_q *q, int i);
/* Runs a statement that returns no rows (or whose rows are not wanted)
 * to its end; 0 or -1. */
int kv_q_exec(struct kv_db *db, const char *sql, const char *what, struct kv_error *err);
/* The neutral writers' statement, reset; NULL with err filled. */
struct kv_q *kv_db_stmt(struct kv_db *db, enum kv_stmt which, struct kv_error *err);

/* The aggregate of one run's samples of one metric (a row of run_metric). */
struct kv_agg {
	int64_t n;
	double mean; /* as analysis' kv_mean: extended-precision sum and correction */
	double m2;   /* sum of squared deviations from mean (two-pass) */
	double min, max;
};

/* Computes the aggregate of x[0..n). */
void kv_agg_of(const double *x, size_t n, struct kv_agg *a);
/* Merges b into a (the samples of a run added in several calls: Chan,
 * Golub & LeVeque 1979), as SQLite's upsert of run_metric does. */
void kv_agg_merge(struct kv_agg *a, const struct kv_agg *b);

/* SQLite's run_metric (db_agg.c): adds a run's aggregate of a metric, or
 * merges it into the row there; *st is the statement, prepared on first
 * use (the caller finalizes it).  0, or -1 with the error in h. */
struct sqlite3;
struct sqlite3_stmt;
int kv_agg_put(struct sqlite3 *h, struct sqlite3_stmt **st, int64_t run_id, int64_t metric_id,
	       const struct kv_agg *a);
/* Fills run_metric from every sample (the migration to version 3): one
 * pass in the sample table's key order.  0, or -1 with the error in h. */
int kv_agg_fill(struct sqlite3 *h);

#endif
