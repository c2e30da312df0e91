/*
 * jstream.h - reading a large JSON object in chunks, one element of its
 * "runs" array at a time, so that kvperf's native format is imported in
 * memory bounded by its largest run, not by the file (issue #15); and the
 * same for fio's "jobs" (or "client_stats") array, one job at a time.
 *
 * Two passes over a file that can be read again from an offset (a regular
 * file, or a stream spilled to a temporary file):
 *
 *  1. kv_jscan_fd() reads it whole in chunks: hashes it, checks the
 *     structure of the top-level object (keys, ':' and ',', the elements of
 *     "runs", "jobs" and "client_stats", nothing after the object) without
 *     building the values inside them, and parses every other top-level
 *     member with jansson.  The file's "config", "tool", "labels"... may
 *     follow "runs": they are all known before the first run is read.
 *  2. kv_jruns_next() reads the array again from its offset and hands each
 *     element, parsed by jansson, to the caller.
 *
 * Anything the first pass does not like (a top-level syntax error, a
 * duplicate key, neither "kvperf" with a "runs" array nor a string "fio
 * version" with a "jobs" array) is not an error here: the caller reads the
 * file in memory as before, and jansson reports it there.
 */
#ifndef INGEST_JSTREAM_H
#define INGEST_JSTREAM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/sink.h"
#include "util/error.h"
#include "util/sha256.h"

/* Told after each chunk: bytes of the input read so far, and samples stored
 * so far (SIZE_MAX while none are being stored). */
typedef void kv_jtick_fn(void *ctx, uint64_t bytes, size_t samples);

/* What the first pass found. */
struct kv_jscan {
	bool streamable;   /* a well-formed object with "kvperf" and a "runs" array,
			      or (fio) "fio version" and a "jobs" array */
	bool fio;          /* streamable: fio's output, not kvperf's native format */
	const char *array; /* fio: the streamed array's key, "jobs" or "client_stats" */
	json_t *top;       /* streamable: its other members, parsed; a new reference */
	uint64_t runs_off; /* streamable: the offset of the '[' of "runs" (or fio's array) */
	uint64_t size;     /* bytes read */
	char *kept;        /* not native, at most keep_max bytes: the whole content,
			      NUL-terminated (free()); else NULL */
	char sha[KV_SHA256_HEX_LEN + 1]; /* with hash: the content's SHA-256 */
};

/* The first pass over fd, from its current offset to its end.  hash: fill
 * out->sha.  keep_max: keep the content in memory while it may be needed
 * (no top-level "kvperf" member seen yet) and at most that long.  name is
 * what messages call the input.  Fails (KV_EXIT_NOINPUT) only when fd
 * cannot be read.  Release out with kv_jscan_release(). */
int kv_jscan_fd(int fd, const char *name, bool hash, size_t keep_max, kv_jtick_fn *tick, void *ctx,
		struct kv_jscan *out, struct kv_error *err);
/* Accepts a zeroed scan. */
void kv_jscan_release(struct kv_jscan *s);

/* The second pass: the elements of the array at offset off of fd. */
struct kv_jruns;

/* Returns a new reader, free with kv_jruns_free().  fd and name are
 * borrowed. */
struct kv_jruns *kv_jruns_new(int fd, const char *name, uint64_t off, kv_jtick_fn *tick, void *ctx);
/* Elements with a duplicate key are parsed, the last value standing (as
 * fio's repeated options are read in memory), instead of refused. */
void kv_jruns_allow_duplicates(struct kv_jruns *r);
/* Makes tick report *samples (borrowed: valid while r is read). */
void kv_jruns_watch(struct kv_jruns *r, const size_t *samples);
/* Reads the next element: 1 and *elem (a new reference), 0 at the end of
 * the array, -1 on a syntax error (KV_EXIT_DATAERR, "file:line:column"
 * of the whole file, jansson's message) or a read error (KV_EXIT_NOINPUT). */
int kv_jruns_next(struct kv_jruns *r, json_t **elem, struct kv_error *err);
/* Accepts NULL. */
void kv_jruns_free(struct kv_jruns *r);

/* native.c: imports a native file whose top-level members but "runs" are
 * top (borrowed) and whose runs come from runs, with the rows, checks and
 * messages of the format's load_json. */
int kv_native_load_stream(json_t *top, struct kv_jruns *runs, const char *file,
			  struct kv_sink *sink, struct kv_error *err);

/* fio.c: imports fio's output whose top-level members but its jobs array
 * are top (borrowed) and whose jobs (the array called key) come from jobs,
 * with the rows, checks and messages of the format's load_json.  Memory:
 * one job's tree at a time, plus the few members of each job that the
 * import reads (about 600 bytes a job). */
int kv_fio_load_stream(json_t *top, const char *key, struct kv_jruns *jobs, const char *file,
		       struct kv_sink *sink, struct kv_error *err);

#endif
