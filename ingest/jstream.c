/*
 * jstream.c - a JSON object read in chunks: the structure of its top level
 * checked byte by byte, the values inside only skipped (strings, nesting),
 * then parsed one at a time by jansson.  See jstream.h.
 */
#include "ingest/jstream.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

/* Bytes read at once. */
#define CHUNK ((size_t)1 << 20)

/* An input read in chunks. */
struct jin {
	int fd;
	const char *name;       /* for messages; borrowed */
	char *buf;              /* the current chunk */
	size_t len, pos;        /* bytes in buf; the next one to look at */
	uint64_t base;          /* the input's offset of buf[0] */
	bool eof;               /* read() said so */
	int errnum;             /* a read error, or 0 */
	struct kv_sha256 *sha;  /* every byte read goes through it, or NULL */
	struct kv_strbuf *keep; /* every byte read is appended to it, or NULL */
	size_t keep_max;        /* keep is dropped when it would grow past this */
	struct kv_strbuf cap;   /* the value being captured */
	bool capturing;         /* buf[cap_from..pos) belongs to cap too */
	size_t cap_from;
	kv_jtick_fn *tick; /* or NULL */
	void *ctx;
	const size_t *samples; /* for tick, or NULL */
};

static void jin_init(struct jin *in, int fd, const char *name, uint64_t base)
{
	memset(in, 0, sizeof(*in));
	in->fd = fd;
	in->name = name;
	in->base = base;
	in->buf = kv_xmalloc(CHUNK);
	kv_strbuf_init(&in->cap);
}

static void jin_release(struct jin *in)
{
	free(in->buf);
	kv_strbuf_release(&in->cap);
}

/* Makes buf[pos] a byte of the input: 1, or 0 at its end, or -1 on a read
 * error (errnum). */
static int fill(struct jin *in)
{
	ssize_t got;

	if (in->pos < in->len) {
		return 1;
	}
	if (in->eof || in->errnum != 0) {
		return in->errnum != 0 ? -1 : 0;
	}
	if (in->capturing) {
		kv_strbuf_add(&in->cap, in->buf + in->cap_from, in->len - in->cap_from);
		in->cap_from = 0;
	}
	in->base += in->len;
	in->len = in->pos = 0;
	while ((got = read(in->fd, in->buf, CHUNK)) < 0 && errno == EINTR) {
	}
	if (got < 0) {
		in->errnum = errno;
		return -1;
	}
	if (got == 0) {
		in->eof = true;
		return 0;
	}
	in->len = (size_t)got;
	if (in->sha != NULL) {
		kv_sha256_update(in->sha, in->buf, in->len);
	}
	if (in->keep != NULL) {
		if (in->keep->len + in->len > in->keep_max) {
			kv_strbuf_release(in->keep);
			in->keep = NULL;
		} else {
			kv_strbuf_add(in->keep, in->buf, in->len);
		}
	}
	if (in->tick != NULL) {
		in->tick(in->ctx, in->base + in->len,
			 in->samples != NULL ? *in->samples : SIZE_MAX);
	}
	return 1;
}

static bool is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skips white space; returns the next byte (not consumed), or -1 at the
 * end of the input or on a read error. */
static int skip_ws(struct jin *in)
{
	for (;;) {
		if (fill(in) <= 0) {
			return -1;
		}
		while (in->pos < in->len && is_ws((unsigned char)in->buf[in->pos])) {
			in->pos++;
		}
		if (in->pos < in->len) {
			return (unsigned char)in->buf[in->pos];
		}
	}
}

static void capture_begin(struct jin *in)
{
	kv_strbuf_truncate(&in->cap, 0);
	in->capturing = true;
	in->cap_from = in->pos;
}

/* Ends a capture; returns its bytes (in->cap, NUL-terminated). */
static const char *capture_end(struct jin *in)
{
	kv_strbuf_add(&in->cap, in->buf + in->cap_from, in->pos - in->cap_from);
	in->capturing = false;
	return kv_strbuf_str(&in->cap);
}

/* Skips the value that starts at buf[pos] (not white space): a string, an
 * object or array (only strings and nesting are looked at: jansson checks
 * the rest when it parses the value), or a scalar up to the next delimiter.
 * Returns 0, or -1 when the input ends inside it. */
static int skip_value(struct jin *in)
{
	int depth = 0;
	bool str = false, esc = false;
	char first = in->buf[in->pos];

	if (first != '{' && first != '[' && first != '"') {
		for (;;) {
			if (fill(in) <= 0) {
				return in->errnum != 0 ? -1 : 0;
			}
			int c = (unsigned char)in->buf[in->pos];
			if (is_ws(c) || c == ',' || c == ']' || c == '}' || c == ':') {
				return 0;
			}
			in->pos++;
		}
	}
	for (;;) {
		if (fill(in) <= 0) {
			return -1;
		}
		const char *p = in->buf + in->pos, *end = in->buf + in->len;
		while (p < end) {
			char c = *p++;
			if (str) {
				if (esc) {
					esc = false;
				} else if (c == '\\') {
					esc = true;
				} else if (c == '"') {
					str = false;
					if (depth == 0) {
						in->pos = (size_t)(p - in->buf);
						return 0;
					}
				}
			} else if (c == '"') {
				str = true;
			} else if (c == '{' || c == '[') {
				depth++;
			} else if ((c == '}' || c == ']') && --depth == 0) {
				in->pos = (size_t)(p - in->buf);
				return 0;
			}
		}
		in->pos = in->len;
	}
}

/* Checks the elements of the array that starts at buf[pos] ('['), as
 * jansson would their separators; returns 0 or -1. */
static int skip_array(struct jin *in)
{
	int c;

	in->pos++;
	if ((c = skip_ws(in)) == ']') {
		in->pos++;
		return 0;
	}
	for (;;) {
		if (c < 0 || c == ',' || c == ']' || c == '}' || c == ':' || skip_value(in) < 0) {
			return -1;
		}
		c = skip_ws(in);
		in->pos++;
		if (c == ']') {
			return 0;
		}
		if (c != ',') {
			return -1;
		}
		c = skip_ws(in);
	}
}

/* Captures and parses the value that starts at buf[pos] with jansson's
 * decoding flags; a new reference, or NULL (jerr filled). */
static json_t *parse_value(struct jin *in, size_t flags, json_error_t *jerr)
{
	capture_begin(in);
	if (skip_value(in) < 0) {
		in->capturing = false;
		snprintf(jerr->text, sizeof(jerr->text), "unexpected end of file");
		jerr->line = jerr->column = -1;
		return NULL;
	}
	const char *text = capture_end(in);
	return json_loadb(text, in->cap.len, JSON_DECODE_ANY | flags, jerr);
}

/* Arrays of the top level that are read element by element: skipped in
 * the first pass, their offsets kept. */
enum { A_RUNS, A_JOBS, A_CLIENTS, A_COUNT };
static const char *const array_keys[A_COUNT] = {"runs", "jobs", "client_stats"};

/* The top level: '{' (key ':' value (',' key ':' value)*)? '}' and white
 * space.  Returns false where jansson would fail or the format is neither
 * native with a "runs" array nor fio with a "jobs" (or "client_stats")
 * array. */
static bool scan_top(struct jin *in, struct kv_jscan *out)
{
	json_error_t jerr;
	bool native = false, seen[A_COUNT] = {false};
	uint64_t off[A_COUNT] = {0};
	int c;

	if (skip_ws(in) != '{') {
		return false;
	}
	in->pos++;
	out->top = json_object();
	c = skip_ws(in);
	if (c == '}') {
		return false; /* no "kvperf" */
	}
	for (;;) {
		if (c != '"') {
			return false;
		}
		json_t *k = parse_value(in, JSON_REJECT_DUPLICATES, &jerr);
		if (k == NULL) {
			return false;
		}
		char *key = kv_xstrdup(json_string_value(k));
		json_decref(k);
		bool ok = skip_ws(in) == ':' && (in->pos++, (c = skip_ws(in)) >= 0);
		int a = A_COUNT;
		for (int i = 0; i < A_COUNT; i++) {
			a = strcmp(key, array_keys[i]) == 0 ? i : a;
		}
		if (ok && a < A_COUNT && json_object_get(out->top, key) == NULL &&
		    (a == A_RUNS || c == '[')) {
			/* a "runs" that is not an array: the in-memory reader says so */
			ok = !seen[a] && c == '[';
			seen[a] = true;
			off[a] = in->base + in->pos;
			ok = ok && skip_array(in) == 0;
		} else if (ok) {
			json_t *v = parse_value(in, JSON_REJECT_DUPLICATES, &jerr);
			ok = v != NULL && json_object_get(out->top, key) == NULL &&
			     (a == A_COUNT || !seen[a]);
			if (ok) {
				json_object_set_new(out->top, key, v);
			} else {
				json_decref(v);
			}
		}
		bool fio = ok && strcmp(key, "fio version") == 0;
		if (ok && strcmp(key, "kvperf") == 0) {
			native = true;
		}
		if ((native || fio) && in->keep != NULL) {
			kv_strbuf_release(in->keep); /* read again, element by element */
			in->keep = NULL;
		}
		free(key);
		if (!ok) {
			return false;
		}
		c = skip_ws(in);
		in->pos++;
		if (c == '}') {
			break;
		}
		if (c != ',') {
			return false;
		}
		c = skip_ws(in);
	}
	/* only white space may follow (to the end, for the hash and the copy) */
	if (skip_ws(in) >= 0) {
		return false;
	}
	if (native) {
		/* native's reader names a "jobs" member it does not know: in memory */
		out->runs_off = off[A_RUNS];
		return seen[A_RUNS] && !seen[A_JOBS] && !seen[A_CLIENTS];
	}
	/* fio reads "jobs", or "client_stats" when there is no "jobs" at all */
	if (!json_is_string(json_object_get(out->top, "fio version"))) {
		return false;
	}
	int a = seen[A_JOBS] ? A_JOBS : A_CLIENTS;
	if (!seen[a] || (a == A_CLIENTS && json_object_get(out->top, "jobs") != NULL)) {
		return false;
	}
	out->fio = true;
	out->array = array_keys[a];
	out->runs_off = off[a];
	return true;
}

int kv_jscan_fd(int fd, const char *name, bool hash, size_t keep_max, kv_jtick_fn *tick, void *ctx,
		struct kv_jscan *out, struct kv_error *err)
{
	struct jin in;
	struct kv_sha256 h;
	struct kv_strbuf keep = KV_STRBUF_INIT;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	jin_init(&in, fd, name, 0);
	in.tick = tick;
	in.ctx = ctx;
	if (hash) {
		kv_sha256_init(&h);
		in.sha = &h;
	}
	if (keep_max > 0) {
		in.keep = &keep;
		in.keep_max = keep_max;
	}
	out->streamable = scan_top(&in, out);
	/* the rest, for the hash and the copy, when the scan stopped early */
	while (in.errnum == 0 && !in.eof) {
		in.pos = in.len;
		fill(&in);
	}
	if (in.errnum != 0) {
		kv_fail(err, KV_EXIT_NOINPUT, "cannot read '%s': %s", name, strerror(in.errnum));
		goto out;
	}
	out->size = in.base + in.len;
	if (!out->streamable) {
		json_decref(out->top);
		out->top = NULL;
		if (in.keep != NULL) {
			kv_strbuf_addc(&keep, '\0'); /* an empty file still gets a buffer */
			out->kept = kv_strbuf_detach(&keep);
		}
	}
	if (hash) {
		uint8_t md[KV_SHA256_LEN];
		kv_sha256_final(&h, md);
		for (int i = 0; i < KV_SHA256_LEN; i++) {
			snprintf(out->sha + 2 * i, 3, "%02x", md[i]);
		}
	}
	ret = 0;
out:
	if (in.keep != NULL) {
		kv_strbuf_release(&keep);
	}
	jin_release(&in);
	return ret;
}

void kv_jscan_release(struct kv_jscan *s)
{
	json_decref(s->top);
	free(s->kept);
	memset(s, 0, sizeof(*s));
}

struct kv_jruns {
	struct jin in;
	bool started; /* the '[' was read */
	bool done;    /* the ']' was read */
	size_t flags; /* jansson's decoding flags for an element */
};

struct kv_jruns *kv_jruns_new(int fd, const char *name, uint64_t off, kv_jtick_fn *tick, void *ctx)
{
	struct kv_jruns *r = kv_xcalloc(1, sizeof(*r));

	jin_init(&r->in, fd, name, off);
	r->in.tick = tick;
	r->in.ctx = ctx;
	r->flags = JSON_REJECT_DUPLICATES;
	return r;
}

void kv_jruns_allow_duplicates(struct kv_jruns *r)
{
	r->flags = 0;
}

void kv_jruns_watch(struct kv_jruns *r, const size_t *samples)
{
	r->in.samples = samples;
}

void kv_jruns_free(struct kv_jruns *r)
{
	if (r == NULL) {
		return;
	}
	jin_release(&r->in);
	free(r);
}

/* jansson's line and column of the byte at offset off of the input: lines
 * from 1, columns counting UTF-8 characters (as its lexer does). */
static int position(int fd, uint64_t off, int *line, int *col)
{
	char *b = kv_xmalloc(CHUNK);
	uint64_t at = 0;
	int ln = 1, cl = 0;

	while (at < off) {
		size_t want = off - at < CHUNK ? (size_t)(off - at) : CHUNK;
		ssize_t got = pread(fd, b, want, (off_t)at);
		if (got <= 0) {
			if (got < 0 && errno == EINTR) {
				continue;
			}
			free(b);
			return -1;
		}
		for (ssize_t i = 0; i < got; i++) {
			unsigned char c = (unsigned char)b[i];
			if (c == '\n') {
				ln++;
				cl = 0;
			} else if (c < 0x80 || (c >= 0xc2 && c <= 0xf4)) {
				cl++; /* the first byte of a character */
			}
		}
		at += (uint64_t)got;
	}
	free(b);
	*line = ln;
	*col = cl;
	return 0;
}

/* A file that no longer reads as the first pass saw it. */
static int changed(struct jin *in, struct kv_error *err)
{
	if (in->errnum != 0) {
		return kv_fail(err, KV_EXIT_NOINPUT, "cannot read '%s': %s", in->name,
			       strerror(in->errnum));
	}
	return kv_fail_file(err, KV_EXIT_DATAERR, in->name, "the file changed while being read");
}

int kv_jruns_next(struct kv_jruns *r, json_t **elem, struct kv_error *err)
{
	struct jin *in = &r->in;
	json_error_t jerr;
	int c;

	*elem = NULL;
	if (r->done) {
		return 0;
	}
	if (!r->started && in->len == 0 && lseek(in->fd, (off_t)in->base, SEEK_SET) < 0) {
		in->errnum = errno;
		return changed(in, err);
	}
	c = skip_ws(in);
	if (!r->started) {
		if (c != '[') {
			return changed(in, err);
		}
		r->started = true;
		in->pos++;
		c = skip_ws(in);
	} else if (c == ',') {
		in->pos++;
		c = skip_ws(in);
	}
	if (c == ']') {
		in->pos++;
		r->done = true;
		return 0;
	}
	if (c < 0) {
		return changed(in, err);
	}
	uint64_t at = in->base + in->pos;
	*elem = parse_value(in, r->flags, &jerr);
	if (*elem == NULL) {
		int line, col;
		if (jerr.line < 0 || position(in->fd, at, &line, &col) < 0) {
			return changed(in, err);
		}
		/* jansson counted from the element's first byte */
		col = jerr.line == 1 ? col + jerr.column : jerr.column;
		line += jerr.line - 1;
		return kv_fail_at(err, KV_EXIT_DATAERR, in->name, line, col, "%s", jerr.text);
	}
	return 1;
}
