/*
 * db.h - the kvperf database: the only module that speaks SQL.
 *
 * A struct kv_db is an open connection to a database of one of two
 * engines: a SQLite file (in WAL mode with a busy timeout and foreign keys
 * on; engine_sqlite.c), or a PostgreSQL database named by a
 * postgresql:// URI (libpq; engine_pg.c).  Its schema is at
 * KV_SCHEMA_VERSION (an older one is migrated forward on open; a newer
 * one is refused).  Nothing is written to a database before it is known
 * to be kvperf's, of a schema this kvperf understands: another program's
 * database, or a newer one, is refused exactly as it was.  Both engines
 * hold the same rows and give the same answers.
 *
 * Every function returns 0 or -1 and fills err on failure, unless it says
 * otherwise.  Strings passed in are borrowed for the duration of the call.
 */
#ifndef SCHEMA_DB_H
#define SCHEMA_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* The schema version this kvperf writes; PRAGMA user_version. */
#define KV_SCHEMA_VERSION 3
/* PRAGMA application_id of a kvperf database: "kvpf". */
#define KV_DB_APPLICATION_ID 0x6b767066

struct kv_db;

enum kv_db_open_flags {
	/* For import: open for writing, and create the file if it does not
	 * exist.  Without it, the database is opened for commands that only
	 * read: read-only when we may not write it (immutable when its
	 * directory takes no -wal or -shm file either: read-only media), and
	 * read-write otherwise, so that an older schema is migrated. */
	KV_DB_CREATE = 1 << 0,
	/* For kvperf import, push and pull, the only writers: no foreign-key enforcement (every id
	 * it writes comes from a row it made or looked up in the same
	 * transaction; the tests run PRAGMA foreign_key_check after imports) and
	 * a small page cache.  About 18% faster; the schema keeps its keys. */
	KV_DB_BULK = 1 << 1,
};

/* Opens (and, with KV_DB_CREATE, creates) the database target names -- a
 * SQLite file's path, or a postgresql:// (postgres://) URI, whose other
 * settings libpq takes from its environment (PGSERVICE, PGPASSFILE, ...)
 * -- and brings its schema to KV_SCHEMA_VERSION.  On success *out is a new
 * handle, free with kv_db_close().  Without KV_DB_CREATE, a database that
 * does not exist or cannot be opened fails with KV_EXIT_NOINPUT (it is the
 * command's input); a server that cannot be reached, or refuses the
 * login, fails with KV_EXIT_FAILURE.  Messages never show a password. */
int kv_db_open(const char *target, int flags, struct kv_db **out, struct kv_error *err);
/* Whether target is a PostgreSQL URI (postgresql:// or postgres://). */
bool kv_db_is_uri(const char *target);
/* A new copy of uri without its password (user:password@, password=). */
char *kv_db_uri_hide_password(const char *uri);
/* Closes db; accepts NULL. */
void kv_db_close(struct kv_db *db);
/* Closes db (accepts NULL) after a failed import: when this handle created
 * the database file (or found it empty: another first import had just made
 * it) and no file is imported in it, removes it with its -wal and -shm
 * files, under an exclusive lock that keeps every other connection out, and
 * only if it is still the file it made.  While another connection has it
 * open, waits up to 1.5 s for it to close (another first import failing
 * too); one that stays, such as an import going on, keeps it.  Returns
 * whether it removed it.  kv_db_open() opens the path again when the file
 * it opened was removed so. */
bool kv_db_close_unused(struct kv_db *db);
/* Returns the path db was opened with, or its URI without the password;
 * borrowed. */
const char *kv_db_path(const struct kv_db *db);
/* "sqlite" or "postgresql". */
const char *kv_db_engine(const struct kv_db *db);

/* Begins a write transaction (SQLite: BEGIN IMMEDIATE, which takes the
 * write lock now, waiting up to the busy timeout; PostgreSQL: writers
 * run at once, and wait only for rows another one is creating). */
int kv_db_begin(struct kv_db *db, struct kv_error *err);
int kv_db_commit(struct kv_db *db, struct kv_error *err);
/* Rolls back the open transaction, if any; never fails. */
void kv_db_rollback(struct kv_db *db);

/* ---- writing: used by ingest, inside a transaction ---- */

struct kv_db_source {
	const char *sha256; /* 64 hex digits */
	const char *path;
	const char *format;
	int64_t size;            /* bytes */
	const char *imported_at; /* UTC ISO 8601, or NULL: now */
};

struct kv_db_run {
	int64_t source_id;
	int seq;                  /* position in the source, from 0 */
	const char *config;       /* required */
	const char *start_time;   /* or NULL */
	const char *host;         /* or NULL */
	const char *tool;         /* or NULL */
	const char *tool_version; /* or NULL */
};

/* A benchmark parameter: key and value as text; num is used when is_num. */
struct kv_db_param {
	const char *key;
	const char *value;
	bool is_num;
	double num;
};

/* Looks up a source by content hash: *found, and its path (a new string,
 * free with free(), or NULL when path_out is NULL or nothing was found). */
int kv_db_find_source(struct kv_db *db, const char *sha256, bool *found, char **path_out,
		      struct kv_error *err);
/* Adds the source row: 0 with its *id; 1 when a source of that content is
 * there already (another importer's, committed while we worked: our
 * transaction must be rolled back); -1 on error. */
int kv_db_add_source(struct kv_db *db, const struct kv_db_source *src, int64_t *id,
		     struct kv_error *err);
int kv_db_add_run(struct kv_db *db, const struct kv_db_run *run, int64_t *id, struct kv_error *err);
/* Sets a label of a run, replacing an earlier value of the same key. */
int kv_db_set_label(struct kv_db *db, int64_t run_id, const char *key, const char *value,
		    struct kv_error *err);
/* Returns the id of the benchmark (tool, name, canonical params), creating
 * it with its params rows if it is new. */
int kv_db_benchmark(struct kv_db *db, const char *tool, const char *name, const char *params,
		    const struct kv_db_param *param, size_t nparam, int64_t *id,
		    struct kv_error *err);
/* Returns the id of the benchmark's metric name, creating it if new; kind is
 * "sample" or "summary".  An existing metric with another unit, direction
 * or kind is an error (KV_EXIT_DATAERR) that names both. */
int kv_db_metric(struct kv_db *db, int64_t benchmark_id, const char *name, const char *unit,
		 const char *orig_unit, const char *direction, const char *kind, int64_t *id,
		 struct kv_error *err);
/* Appends n samples with sequence numbers first_seq... .  A sample that
 * already exists is an error with code KV_EXIT_DATAERR. */
int kv_db_add_samples(struct kv_db *db, int64_t run_id, int64_t metric_id, const double *v,
		      size_t n, int64_t first_seq, struct kv_error *err);

/* ---- reading ---- */

struct kv_db_counts {
	int64_t sources, runs, labels, benchmarks, metrics, samples;
};
int kv_db_count(struct kv_db *db, struct kv_db_counts *out, struct kv_error *err);

struct kv_db_label {
	char *key;
	char *value;
};

/* One configuration, as `kvperf runs` lists it. */
struct kv_db_config {
	char *config;
	int64_t runs, benchmarks, metrics, samples;
	char *first_start, *last_start; /* earliest and latest run start, or NULL */
};

/* One run, as `kvperf runs -v` lists it. */
struct kv_db_runinfo {
	int64_t id;
	char *config;
	char *start_time, *host, *tool, *tool_version; /* each may be NULL */
	char *source, *format, *sha256;
	int64_t benchmarks, samples;
	struct kv_db_label *labels; /* sorted by key */
	size_t nlabels;
};

/* Lists every configuration (or only config, when not NULL), sorted by
 * name; free with kv_db_configs_free(). */
int kv_db_list_configs(struct kv_db *db, const char *config, struct kv_db_config **out, size_t *n,
		       struct kv_error *err);
void kv_db_configs_free(struct kv_db_config *c, size_t n);
/* Lists every run (of config, or all when config is NULL) by config, start
 * time and id; free with kv_db_runinfos_free(). */
int kv_db_list_runs(struct kv_db *db, const char *config, struct kv_db_runinfo **out, size_t *n,
		    struct kv_error *err);
void kv_db_runinfos_free(struct kv_db_runinfo *r, size_t n);

/* The samples of one metric in one configuration, grouped by run. */
struct kv_series {
	char *config;
	char *tool, *benchmark, *params, *metric;
	char *unit;      /* canonical */
	char *direction; /* "higher" or "lower": which is better */
	char *kind;      /* "sample", or "summary": one value per run (a P50, an average) */
	int64_t metric_id;
	size_t n_runs;
	size_t *run_off;  /* run j holds values[run_off[j] .. run_off[j + 1]) */
	int64_t *run_id;  /* run j's id */
	double *run_mean; /* run j's mean, from run_metric (as kv_mean of its samples), or NULL */
	double *values;   /* every sample, run after run, in sequence order; NULL
			   * when loaded without samples (run_off still counts them) */
};

/* What kv_db_load_series() loads. */
struct kv_series_query {
	const char *tool;           /* only this tool's benchmarks; NULL: every tool */
	const char *const *configs; /* only these configurations (any order, repeats
				     * allowed); NULL: every configuration */
	size_t nconfigs;
	bool samples; /* also every sample (values); else only run aggregates */
};

/* Loads every series q selects, sorted by tool, benchmark, params, metric,
 * then config, runs by id; free with kv_series_free().  It reads indexes
 * only, in that order: no table scan and no sort (with KVPERF_EXPLAIN set
 * in the environment, each statement's query plan goes to stderr). */
int kv_db_load_series(struct kv_db *db, const struct kv_series_query *q, struct kv_series **out,
		      size_t *n, struct kv_error *err);
void kv_series_free(struct kv_series *s, size_t n);
/* Reads the samples (values) of each series s[i] with want[i] that has none
 * yet, through the sample table's key (the report loads series without
 * them, then the samples of the metrics it draws). */
int kv_db_load_values(struct kv_db *db, struct kv_series *s, size_t n, const bool *want,
		      struct kv_error *err);

/* ---- ordering runs (kvperf trend; db_trend.c) ---- */

/* One run, with what orders a history. */
struct kv_db_order_run {
	int64_t id;
	char *config;
	char *start_time; /* UTC ISO 8601 as stored, or NULL */
	char *label;      /* the value of the label asked for, or NULL */
};

/* Lists every run by id with its start time and the value of label_key
 * (NULL: none); free with kv_db_order_runs_free(). */
int kv_db_load_order(struct kv_db *db, const char *label_key, struct kv_db_order_run **out,
		     size_t *n, struct kv_error *err);
void kv_db_order_runs_free(struct kv_db_order_run *r, size_t n);

/* ---- copying sources between databases (kvperf push, pull; db_copy.c) ---- */

/* Which sources kv_db_copy() copies. */
struct kv_db_copy_filter {
	const char *config; /* only sources with a run of this configuration; NULL: all */
	const char *since;  /* only sources with a run that started at or after this UTC
			     * ISO 8601 time (a run without a start time: its source's
			     * import time); NULL: all */
	bool dry_run;       /* count what would be copied, copy nothing */
};

struct kv_db_copy_stats {
	size_t sources;  /* copied */
	size_t present;  /* already in the target (the same content hash) */
	size_t runs;     /* copied */
	int64_t samples; /* copied */
};

/* Copies every source of from that f selects and to does not hold (by
 * content hash), each in one transaction of to, with its runs, labels,
 * benchmarks, parameters, metrics and samples as stored (its path, format,
 * size and import time kept): to then gives every command the same
 * answers for those sources as from.  A source that another writer adds
 * to to meanwhile is counted present, not copied twice.  Works between any
 * two engines. */
int kv_db_copy(struct kv_db *from, struct kv_db *to, const struct kv_db_copy_filter *f,
	       struct kv_db_copy_stats *st, struct kv_error *err);

#endif
