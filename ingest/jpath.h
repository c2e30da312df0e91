/*
 * jpath.h - reading a parsed JSON document with errors that name the place.
 *
 * jansson keeps no positions for values, so semantic errors name the JSON
 * path instead: "run1.json: $.benchmarks[2].metrics[0].samples[3]: expected
 * a finite number, got string".  A struct kv_jctx carries the file name, the
 * path to the value being read, and the error to fill.
 */
#ifndef INGEST_JPATH_H
#define INGEST_JPATH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* Where the values of a document read from text (YAML) begin, by path. */
struct kv_marks;

struct kv_jctx {
	const char *file;             /* for messages; borrowed */
	struct kv_error *err;         /* filled on failure; borrowed */
	char path[512];               /* "$.a[1].b", cut with "..." when longer */
	size_t len;                   /* bytes used in path */
	const struct kv_marks *marks; /* or NULL (JSON); borrowed: with them,
					 failures name the line and column too */
};

/* Sets file and err, the path "$", and no marks. */
void kv_jctx_init(struct kv_jctx *c, const char *file, struct kv_error *err);
/* Appends ".key" (or ["key"] for keys that are not identifiers); returns a
 * mark to give to kv_jctx_pop(). */
size_t kv_jctx_key(struct kv_jctx *c, const char *key);
/* Appends "[i]"; returns a mark. */
size_t kv_jctx_idx(struct kv_jctx *c, size_t i);
/* Returns to the path as it was at mark. */
void kv_jctx_pop(struct kv_jctx *c, size_t mark);

/* Fails with code KV_EXIT_DATAERR, where = file (file:line:column of the
value, or of its nearest ancestor, with marks), msg = "<path>: <fmt...>";
returns -1. */
int kv_jctx_fail(struct kv_jctx *c, const char *fmt, ...) KV_PRINTF(2, 3);
/* Prefixes the message a callee left in err with the current path (and
 * places it as kv_jctx_fail() does); returns -1. */
int kv_jctx_wrap(struct kv_jctx *c);
/* The line and column of the current path (or of its nearest ancestor);
 * false without marks. */
bool kv_jctx_where(const struct kv_jctx *c, int *line, int *col);

/* Returns a new, empty set of marks; free with kv_marks_free(). */
struct kv_marks *kv_marks_new(void);
/* Notes that the value at path (as struct kv_jctx writes it) begins at
 * line and column (from 1). */
void kv_marks_add(struct kv_marks *m, const char *path, int line, int col);
/* The mark of path, else of its nearest ancestor that has one. */
bool kv_marks_find(const struct kv_marks *m, const char *path, int *line, int *col);
/* Accepts NULL. */
void kv_marks_free(struct kv_marks *m);

/* "an object", "an array", "a string", "a number", "true", "false", "null". */
const char *kv_json_kind(const json_t *v);

/* Getters of member key of object obj, at the current path.  A missing
 * member fails when required, else gives NULL (or leaves *out and sets
 * *present = false); a member of the wrong type always fails. */
int kv_jget_obj(struct kv_jctx *c, const json_t *obj, const char *key, bool required, json_t **out);
int kv_jget_arr(struct kv_jctx *c, const json_t *obj, const char *key, bool required, json_t **out);
int kv_jget_str(struct kv_jctx *c, const json_t *obj, const char *key, bool required,
		const char **out);
/* A finite number. */
int kv_jget_num(struct kv_jctx *c, const json_t *obj, const char *key, bool required, double *out,
		bool *present);
/* v itself must be a finite number (the path already names it). */
int kv_jnum(struct kv_jctx *c, const json_t *v, double *out);
/* A scalar (string, number or boolean) as text: numbers in shortest
 * round-trip form.  Writes to buf (size bytes) and points *out at it, or at
 * the string itself. */
int kv_jscalar(struct kv_jctx *c, const json_t *v, char *buf, size_t size, const char **out,
	       bool *is_num, double *num);
/* Fails when obj has a member not in allowed (NULL-terminated) and not
 * starting with '_' (members starting with '_' are comments). */
int kv_jonly(struct kv_jctx *c, json_t *obj, const char *const *allowed);

#endif
