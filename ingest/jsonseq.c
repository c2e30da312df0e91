/* jsonseq.c - several JSON values in one text, one at a time. */
#include "ingest/jsonseq.h"

#include <string.h>

void kv_jseq_init(struct kv_jseq *q, const char *buf, size_t len, bool comments)
{
	q->buf = buf;
	q->len = len;
	q->off = 0;
	q->line = 1;
	q->col = 1;
	q->comments = comments;
}

/* Moves past n bytes, counting lines and columns. */
static void advance(struct kv_jseq *q, size_t n)
{
	for (size_t i = 0; i < n && q->off < q->len; i++, q->off++) {
		if (q->buf[q->off] == '\n') {
			q->line++;
			q->col = 1;
		} else {
			q->col++;
		}
	}
}

/* Skips white space, and comment lines when asked to. */
static void skip(struct kv_jseq *q)
{
	while (q->off < q->len) {
		char c = q->buf[q->off];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			advance(q, 1);
		} else if (c == '#' && q->comments && q->col == 1) {
			const char *nl = memchr(q->buf + q->off, '\n', q->len - q->off);
			advance(q, nl != NULL ? (size_t)(nl - (q->buf + q->off)) + 1
					      : q->len - q->off);
		} else {
			break;
		}
	}
}

int kv_jseq_next(struct kv_jseq *q, const char *file, json_t **out, int *line, struct kv_error *err)
{
	json_error_t jerr;

	*out = NULL;
	skip(q);
	if (q->off >= q->len) {
		return 0;
	}
	*line = q->line;
	json_t *v = json_loadb(q->buf + q->off, q->len - q->off, JSON_DISABLE_EOF_CHECK, &jerr);
	if (v == NULL) {
		/* jansson counts from the value's start: make it the text's */
		int l = jerr.line > 0 ? q->line + jerr.line - 1 : q->line;
		int c = jerr.line == 1 ? q->col + jerr.column - 1 : jerr.column;
		return kv_fail_at(err, KV_EXIT_DATAERR, file, l, c > 0 ? c : 1, "%s", jerr.text);
	}
	/* with JSON_DISABLE_EOF_CHECK, position is the bytes the value took */
	advance(q, (size_t)jerr.position);
	*out = v;
	return 1;
}

void kv_jseq_peek(const char *buf, size_t len, bool comments, json_t **first, bool *more)
{
	struct kv_jseq q;
	struct kv_error err;
	int line;

	kv_jseq_init(&q, buf, len, comments);
	*more = false;
	if (kv_jseq_next(&q, "", first, &line, &err) <= 0) {
		*first = NULL;
		return;
	}
	skip(&q);
	*more = q.off < q.len;
}
