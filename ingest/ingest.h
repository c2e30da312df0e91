/*
 * ingest.h - importing result files into the database.
 *
 * kv_import_paths() expands directories (recursively, in byte order of the
 * names), reads each file once into memory (so that standard input, pipes
 * and FIFOs work as files do, up to a size limit), detects its format (or
 * uses the forced one), and imports it in one transaction: a file that
 * fails leaves no row behind.  A file whose content (SHA-256) is already in
 * the database is skipped, so re-running an import is harmless.
 *
 * kvperf's native format with a "runs" array is not read into memory: a
 * regular file is read twice in chunks (ingest/jstream.h), once to hash it
 * and check its top level, once to import its runs one at a time, so that
 * memory is bounded by its largest run.  A stream (standard input, a pipe)
 * that starts with '{' and grows past KV_IMPORT_SPILL bytes is copied, as
 * it is hashed, to an unlinked temporary file in $TMPDIR (else /tmp), which
 * is then read the same way.  Other formats are read into memory.
 */
#ifndef INGEST_INGEST_H
#define INGEST_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schema/db.h"
#include "util/error.h"

/* The default --max-size: the most bytes kvperf reads from one input. */
#define KV_IMPORT_MAX_SIZE ((size_t)1 << 30)
/* A stream larger than this that may be native is spilled to a temporary file. */
#define KV_IMPORT_SPILL ((size_t)64 << 20)
/* What messages and the source row call standard input ("-"). */
#define KV_STDIN_NAME "<stdin>"

/* A --label KEY=VALUE. */
struct kv_label_arg {
	const char *key;
	const char *value;
};

struct kv_import_opts {
	const char *config;   /* --config: overrides the file's; or NULL */
	bool config_from_dir; /* --config-from-dir: a run that names no configuration takes the
				name of its file's directory */
	const struct kv_label_arg *labels; /* --label: override the file's */
	size_t nlabels;
	const char *format; /* --format: forced format name, or NULL */
	bool keep_going;    /* import every good file, report each bad one */
	bool dry_run;       /* read and check, then roll back */
	size_t max_size;    /* --max-size: the most bytes read from one input; 0: the default */
};

struct kv_import_stats {
	size_t files;    /* files considered (after expanding directories) */
	size_t imported; /* files imported */
	size_t skipped;  /* already in the database */
	size_t ignored;  /* found in a directory, but of no known format */
	size_t empty;    /* found in a directory, but holding no results (skipped) */
	size_t failed;   /* bad input (only counted with keep_going) */
	size_t runs;     /* runs added */
	size_t samples;  /* samples added */
};

/* What the caller hears while an import goes on; every member may be NULL. */
struct kv_import_report {
	void *ctx;
	/* Before file number i (from 0) of n. */
	void (*progress)(void *ctx, size_t i, size_t n, const char *path);
	/* A note: a file skipped or ignored, and why. */
	void (*note)(void *ctx, const char *path, const char *msg);
	/* A bad file, with keep_going (without it, the error is returned). */
	void (*failed)(void *ctx, const struct kv_error *err);
	/* While one input is read: what kvperf does ("reading", "importing"),
	 * bytes of the input so far, of total (0: not known), and samples
	 * stored so far (SIZE_MAX: not counted).  Called after every chunk,
	 * and every quarter of a second while a stream keeps kvperf waiting:
	 * the callee decides when to draw. */
	void (*reading)(void *ctx, const char *path, const char *doing, uint64_t bytes,
			uint64_t total, size_t samples);
};

/* Imports every file of paths (files, directories, or "-" for standard
 * input, at most once).  Returns 0 when every file was imported, skipped or
 * ignored.  Without keep_going, stops at the first bad file and returns -1
 * with its error (files before it stay imported); with keep_going, returns
 * -1 with a summary error after trying every file (KV_EXIT_NOINPUT when
 * none of the failed files could be read, else KV_EXIT_DATAERR), but still
 * stops at a failure that is not the file's (KV_EXIT_FAILURE: a full disk,
 * a locked database).  stats is filled in either case. */
int kv_import_paths(struct kv_db *db, const char *const *paths, size_t npaths,
		    const struct kv_import_opts *opts, const struct kv_import_report *rep,
		    struct kv_import_stats *stats, struct kv_error *err);

/* Reads the input at path whole into memory, once: a file, "-" for
 * standard input, a pipe, a FIFO (waiting for a writer, as cat does) or a
 * device; more than max_size bytes (0: KV_IMPORT_MAX_SIZE) is an error
 * (KV_EXIT_DATAERR), and so is reading stopped there.  An input that
 * cannot be opened or read is KV_EXIT_NOINPUT.  *buf is a new
 * NUL-terminated buffer of *len bytes, free with free(). */
int kv_read_input(const char *path, size_t max_size, char **buf, size_t *len, struct kv_error *err);

/* A format kvperf reads, for `kvperf formats`. */
struct kv_format_info {
	const char *name;        /* "native", "fio", ... */
	const char *description; /* one line */
	const char *metrics;     /* the metrics it yields, one line */
};

/* Returns the formats, in detection order; borrowed, static. */
const struct kv_format_info *kv_formats(size_t *n);

#endif
