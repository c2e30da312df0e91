/*
 * sink.h - where format adapters put what they read.
 *
 * An adapter calls kv_sink_run() for each run in its file, kv_sink_label()
 * for its labels, kv_sink_benchmark() to name the benchmark that the next
 * kv_sink_metric() calls belong to.  The sink applies the user's --config
 * and --label, canonicalises parameters and units, checks every value
 * against its unit's domain and every start time against the calendar, and
 * writes rows through schema/db.h inside the file's transaction.  The
 * importer calls kv_sink_end() when the adapter is done.
 *
 * On failure the sink leaves a message without a location in err; the
 * adapter adds the place.  A refused value is the exception: the adapter
 * says where each value came from (struct kv_origin), the sink names that
 * place itself and keeps the error, and kv_sink_end() reports it as it is.
 */
#ifndef INGEST_SINK_H
#define INGEST_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/ingest.h"
#include "schema/db.h"
#include "util/error.h"

/* A place in an input file, for a message. */
struct kv_place {
	const char *file; /* the file, or NULL for the sink's */
	char path[512];   /* JSON: the value's path ("$.jobs[0].read.iops"), or "" */
	int line, col;    /* text: the value's line (> 0) and column */
};

/* Where the samples handed to kv_sink_metric() come from.  Set the members
 * that apply (a zero-initialised origin names no place): */
struct kv_origin {
	const char *file; /* the file they are in, or NULL for the sink's */
	const char *path; /* JSON: the value's path; with each, the array's */
	bool each;        /* sample i is element i of the array at path */
	int line, col;    /* text: the value's line and column (line > 0); YAML: with
			     path, both are named */
	/* Samples from several places: fills p (file, and path or line and
	 * column) for sample i; p arrives zeroed. */
	void (*at)(const void *ctx, size_t i, struct kv_place *p);
	const void *ctx; /* for at */
};

struct kv_sink {
	struct kv_db *db;                   /* borrowed */
	const struct kv_import_opts *opts;  /* borrowed: --config, --label */
	const char *file;                   /* the file being read; borrowed */
	const struct kv_import_report *rep; /* where warnings go, or NULL; borrowed */
	int64_t source_id;                  /* the file's source row */
	int nruns;                          /* runs begun so far in this file */
	int64_t run_id;                     /* the current run, or -1 */
	int64_t bench_id;                   /* the current benchmark, or -1 */
	size_t samples;                     /* samples added from this file */
	size_t run_samples;                 /* samples added to the current run */
	int empty_run;                      /* the first run without samples (from 1), or 0 */
	struct kv_error refused;            /* a refused value, with its place; code 0: none */
	const char *no_results;             /* why the file holds no results, or NULL */
	double *buf;                        /* scratch for unit conversion */
	size_t bufcap;                      /* doubles in buf */
};

/* What a run knows about itself; every field may be NULL. */
struct kv_run_meta {
	const char *config;     /* overridden by --config */
	const char *start_time; /* ISO 8601 (ingest/isotime.h); stored in UTC */
	const char *host;
	const char *tool;
	const char *tool_version;
};

/* Says, before the adapter fails, that the file holds no results at all (a
 * job that wrote none): found by walking a directory, it is then skipped
 * with the note "<why>, skipped" instead of failing the import; named on its
 * own, it fails with the adapter's error.  why: a string that outlives s. */
void kv_sink_no_results(struct kv_sink *s, const char *why);
/* Says something about the file that is not an error (a value left out). */
void kv_sink_warn(struct kv_sink *s, const char *fmt, ...) KV_PRINTF(2, 3);
/* The same about one file of a directory that is imported as a whole. */
void kv_sink_warn_file(struct kv_sink *s, const char *file, const char *fmt, ...) KV_PRINTF(3, 4);

/* Starts a new run; its CLI labels are set at once.  Fails on a start time
 * that is not a valid time (adapters check it first, to name its place). */
int kv_sink_run(struct kv_sink *s, const struct kv_run_meta *meta, struct kv_error *err);
/* Sets a label of the current run, unless --label gave the same key. */
int kv_sink_label(struct kv_sink *s, const char *key, const char *value, struct kv_error *err);
/* Makes (tool, name, params) the current benchmark; params in any order,
 * keys unique. */
int kv_sink_benchmark(struct kv_sink *s, const char *tool, const char *name,
		      const struct kv_db_param *params, size_t nparams, struct kv_error *err);
/* Adds samples v[0..n) of metric name, in unit, to the current run and
 * benchmark; direction is "higher" or "lower" (which is better).  from says
 * where the values are in the file (NULL: nowhere in particular).  A value
 * outside the unit's domain (kv_unit_domain()) is refused: the message
 * names the metric, the value as written and its place. */
int kv_sink_metric(struct kv_sink *s, const char *name, const char *unit, const char *direction,
		   const double *v, size_t n, const struct kv_origin *from, struct kv_error *err);
/* The same for a metric of kind "sample" or "summary" (one value per run:
 * a P50, an average); kv_sink_metric() gives "sample". */
int kv_sink_metric_kind(struct kv_sink *s, const char *name, const char *unit,
			const char *direction, const char *kind, const double *v, size_t n,
			const struct kv_origin *from, struct kv_error *err);

/* Ends the file: ret is what the adapter returned.  When it failed
 * because the sink refused a value, err becomes the sink's message, which
 * names the value's place.  When it succeeded, fails (exit status 65,
 * naming the file) if the file gave no run, or a run without samples:
 * nothing measured is never stored as a run.  Returns 0 or -1. */
int kv_sink_end(struct kv_sink *s, int ret, struct kv_error *err);

/* Writes the canonical text of params ("k=v,k2=v2", sorted by key, with
 * '\\', ',' and '=' escaped by a backslash) to a new string; free with
 * free().  Fails on a duplicate key. */
int kv_params_canon(const struct kv_db_param *params, size_t n, char **out, struct kv_error *err);

#endif
