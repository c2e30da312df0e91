/*
 * sink.h - where format adapters put what they read.
 *
 * An adapter calls kv_sink_run() for each run in its file, kv_sink_label()
 * for its labels, kv_sink_benchmark() to name the benchmark that the next
 * kv_sink_metric() calls belong to.  The sink applies the user's --config
 * and --label, canonicalises parameters and units, and writes rows through
 * schema/db.h inside the file's transaction.  On failure the sink leaves a
 * message without a location in err; the adapter adds the place.
 */
#ifndef INGEST_SINK_H
#define INGEST_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/ingest.h"
#include "schema/db.h"
#include "util/error.h"

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
	double *buf;                        /* scratch for unit conversion */
	size_t bufcap;                      /* doubles in buf */
};

/* What a run knows about itself; every field may be NULL. */
struct kv_run_meta {
	const char *config; /* overridden by --config */
	const char *start_time;
	const char *host;
	const char *tool;
	const char *tool_version;
};

/* Says something about the file that is not an error (a value left out). */
void kv_sink_warn(struct kv_sink *s, const char *fmt, ...) KV_PRINTF(2, 3);
/* The same about one file of a directory that is imported as a whole. */
void kv_sink_warn_file(struct kv_sink *s, const char *file, const char *fmt, ...) KV_PRINTF(3, 4);

/* Starts a new run; its CLI labels are set at once. */
int kv_sink_run(struct kv_sink *s, const struct kv_run_meta *meta, struct kv_error *err);
/* Sets a label of the current run, unless --label gave the same key. */
int kv_sink_label(struct kv_sink *s, const char *key, const char *value, struct kv_error *err);
/* Makes (tool, name, params) the current benchmark; params in any order,
 * keys unique. */
int kv_sink_benchmark(struct kv_sink *s, const char *tool, const char *name,
		      const struct kv_db_param *params, size_t nparams, struct kv_error *err);
/* Adds samples v[0..n) of metric name, in unit, to the current run and
 * benchmark; direction is "higher" or "lower" (which is better). */
int kv_sink_metric(struct kv_sink *s, const char *name, const char *unit, const char *direction,
		   const double *v, size_t n, struct kv_error *err);
/* The same for a metric of kind "sample" or "summary" (one value per run:
 * a P50, an average); kv_sink_metric() gives "sample". */
int kv_sink_metric_kind(struct kv_sink *s, const char *name, const char *unit,
			const char *direction, const char *kind, const double *v, size_t n,
			struct kv_error *err);

/* Writes the canonical text of params ("k=v,k2=v2", sorted by key, with
 * '\\', ',' and '=' escaped by a backslash) to a new string; free with
 * free().  Fails on a duplicate key. */
int kv_params_canon(const struct kv_db_param *params, size_t n, char **out, struct kv_error *err);

#endif
