/*
 * jsonseq.h - a text that holds several JSON values: JSON lines (NDJSON, as
 * elasticdump and perf stat -j write them) or documents one after another
 * (responses of a scroll saved with curl).  Each value is parsed on its
 * own, so a syntax error names the line and column in the whole text, and
 * each value knows the line it starts on.
 */
#ifndef INGEST_JSONSEQ_H
#define INGEST_JSONSEQ_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

struct kv_jseq {
	const char *buf; /* the text; borrowed */
	size_t len;      /* its bytes */
	size_t off;      /* where the next value (or white space) begins */
	int line, col;   /* the line and column of off, from 1 */
	bool comments;   /* lines that start with '#' between values are skipped */
};

/* Starts reading buf[0..len); comments: skip lines that start with '#'
 * (perf stat writes "# started on ..."). */
void kv_jseq_init(struct kv_jseq *q, const char *buf, size_t len, bool comments);
/* Reads the next value: returns 1 and sets *out (a new reference, free with
 * json_decref()) and *line (the line it starts on); 0 at the end of the
 * text; -1 on a syntax error, which err names as file:line:column. */
int kv_jseq_next(struct kv_jseq *q, const char *file, json_t **out, int *line,
		 struct kv_error *err);
/* Cheap look at the start of a text: parses its first value alone (a new
 * reference in *first, or NULL when it does not parse) and tells whether
 * anything but white space (and comments) follows it. */
void kv_jseq_peek(const char *buf, size_t len, bool comments, json_t **first, bool *more);

#endif
