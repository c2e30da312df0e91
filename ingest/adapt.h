/*
 * adapt.h - small helpers the format adapters share.
 */
#ifndef INGEST_ADAPT_H
#define INGEST_ADAPT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "ingest/isotime.h"
#include "ingest/jpath.h"
#include "ingest/sink.h"

/* Seconds since the epoch as a start time, "YYYY-MM-DDTHH:MM:SSZ", in buf
 * (KV_TIME_SIZE bytes); false when it is not in the years 0001 to 9999. */
bool kv_iso_utc(double secs, char *buf);
/* The same for the number at member key of the current path, or a failure
 * that names it. */
int kv_jepoch(struct kv_jctx *c, const char *key, double secs, char *buf);
/* Checks the time s of member key of the current path (ingest/isotime.h)
 * and writes its stored form to buf (KV_TIME_SIZE bytes), or fails naming
 * the member. */
int kv_jtime(struct kv_jctx *c, const char *key, const char *s, char *buf);
/* A one-sample metric whose value v is member key of the current path
 * (key NULL: the current path itself); a refused value names that path. */
int kv_metric1(struct kv_jctx *c, struct kv_sink *s, const char *key, const char *name,
	       const char *unit, const char *direction, double v);
/* Parses an RFC 3339 time ("2024-01-15T10:00:02Z", fractions and offsets
 * allowed) to seconds since the epoch. */
bool kv_parse_rfc3339(const char *s, double *secs);
/* The lines of a text report: v[i] is line i + 1, without its newline (or
 * "\r\n"), NUL-terminated in a copy of the text. */
struct kv_lines {
	char *text;
	char **v;
	size_t n;
};
void kv_lines_split(const char *buf, size_t len, struct kv_lines *l);
/* The number of the last line that is not empty (for "truncated?"). */
int kv_lines_last(const struct kv_lines *l);
void kv_lines_release(struct kv_lines *l);
/* A sink's error names no place: name file (and line, when > 0); returns -1. */
int kv_err_in(struct kv_error *err, const char *file, int line);
/* Whether s is one of the strings of list (NULL-terminated). */
bool kv_str_in(const char *s, const char *const *list);
/* Parses all of s as a finite number. */
bool kv_parse_double(const char *s, double *out);
/* A growable array of parameters.  Keys and string values are borrowed
 * (the caller keeps them alive); numbers are written to strings it owns. */
struct kv_params {
	struct kv_db_param *v;
	char **owned; /* owned[i]: the text of a number, or NULL */
	size_t n, cap;
};
void kv_params_add(struct kv_params *p, const char *key, const char *value);
void kv_params_addnum(struct kv_params *p, const char *key, double num);
void kv_params_release(struct kv_params *p);

#endif
