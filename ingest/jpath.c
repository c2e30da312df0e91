/* jpath.c - JSON getters whose errors name the JSON path. */
#include "ingest/jpath.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

/* Where the value at one path begins. */
struct mark {
	size_t off;    /* the path's offset in kv_marks.paths */
	int line, col; /* from 1 */
};

/* The marks: paths NUL-separated in one buffer, in document order. */
struct kv_marks {
	struct kv_strbuf paths; /* "$\0$.a\0$.a[0]\0..." */
	struct mark *v;
	size_t n, cap;
};

struct kv_marks *kv_marks_new(void)
{
	struct kv_marks *m = kv_xcalloc(1, sizeof(*m));

	kv_strbuf_init(&m->paths);
	return m;
}

void kv_marks_add(struct kv_marks *m, const char *path, int line, int col)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->v = kv_xreallocarray(m->v, m->cap, sizeof(*m->v));
	}
	m->v[m->n++] = (struct mark){m->paths.len, line, col};
	kv_strbuf_add(&m->paths, path, strlen(path) + 1);
}

bool kv_marks_find(const struct kv_marks *m, const char *path, int *line, int *col)
{
	size_t best = 0, best_len = 0;
	bool found = false;

	/* only on failure: a linear scan is enough */
	for (size_t i = 0; m != NULL && i < m->n; i++) {
		const char *p = m->paths.buf + m->v[i].off;
		size_t len = strlen(p);
		if (strncmp(path, p, len) != 0 || (found && len <= best_len)) {
			continue;
		}
		/* the path itself, or an ancestor: a member or element of it follows */
		if (path[len] == '\0' || path[len] == '.' || path[len] == '[') {
			best = i;
			best_len = len;
			found = true;
		}
	}
	if (found) {
		*line = m->v[best].line;
		*col = m->v[best].col;
	}
	return found;
}

void kv_marks_free(struct kv_marks *m)
{
	if (m == NULL) {
		return;
	}
	kv_strbuf_release(&m->paths);
	free(m->v);
	free(m);
}

void kv_jctx_init(struct kv_jctx *c, const char *file, struct kv_error *err)
{
	c->file = file;
	c->err = err;
	c->path[0] = '$';
	c->path[1] = '\0';
	c->len = 1;
	c->marks = NULL;
}

static void append(struct kv_jctx *c, const char *s, size_t n)
{
	size_t room = sizeof(c->path) - 1 - c->len;

	if (n > room) {
		/* An absurdly deep or long path: keep its start and mark the cut. */
		memcpy(c->path + sizeof(c->path) - 4, "...", 4);
		c->len = sizeof(c->path) - 1;
		return;
	}
	memcpy(c->path + c->len, s, n);
	c->len += n;
	c->path[c->len] = '\0';
}

static bool is_ident(const char *key)
{
	if (!isalpha((unsigned char)key[0]) && key[0] != '_') {
		return false;
	}
	for (const char *p = key; *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_') {
			return false;
		}
	}
	return true;
}

size_t kv_jctx_key(struct kv_jctx *c, const char *key)
{
	size_t mark = c->len;

	if (is_ident(key)) {
		append(c, ".", 1);
		append(c, key, strlen(key));
	} else {
		append(c, "[\"", 2);
		for (const char *p = key; *p; p++) {
			if (*p == '"' || *p == '\\') {
				append(c, "\\", 1);
			}
			append(c, p, 1);
		}
		append(c, "\"]", 2);
	}
	return mark;
}

size_t kv_jctx_idx(struct kv_jctx *c, size_t i)
{
	size_t mark = c->len;
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "[%zu]", i);

	append(c, buf, (size_t)n);
	return mark;
}

void kv_jctx_pop(struct kv_jctx *c, size_t mark)
{
	if (mark < c->len) {
		c->len = mark;
		c->path[mark] = '\0';
	}
}

bool kv_jctx_where(const struct kv_jctx *c, int *line, int *col)
{
	return c->marks != NULL && kv_marks_find(c->marks, c->path, line, col);
}

/* "file: path: msg", or "file:line:column: path: msg" with marks. */
static int fail_here(struct kv_jctx *c, int code, const char *msg)
{
	int line, col;

	if (kv_jctx_where(c, &line, &col)) {
		return kv_fail_at(c->err, code, c->file, line, col, "%s: %s", c->path, msg);
	}
	return kv_fail_file(c->err, code, c->file, "%s: %s", c->path, msg);
}

int kv_jctx_fail(struct kv_jctx *c, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fail_here(c, KV_EXIT_DATAERR, msg);
}

int kv_jctx_wrap(struct kv_jctx *c)
{
	char msg[sizeof(c->err->msg)];

	/* the database's failure is at no place of the file */
	if (kv_error_elsewhere(c->err)) {
		return -1;
	}

	snprintf(msg, sizeof(msg), "%s", c->err->msg);
	return fail_here(c, c->err->code ? c->err->code : KV_EXIT_DATAERR, msg);
}

const char *kv_json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_NULL:
		return "null";
	}
	return "something else";
}

/* Looks up key; fails if required and missing.  *v is NULL when absent. */
static int member(struct kv_jctx *c, const json_t *obj, const char *key, bool required, json_t **v)
{
	*v = json_object_get(obj, key);
	if (*v == NULL && required) {
		return kv_jctx_fail(c, "missing member \"%s\"", key);
	}
	return 0;
}

static int wrong(struct kv_jctx *c, const char *key, const char *want, const json_t *v)
{
	size_t mark = kv_jctx_key(c, key);
	int ret = kv_jctx_fail(c, "expected %s, got %s", want, kv_json_kind(v));

	kv_jctx_pop(c, mark);
	return ret;
}

int kv_jget_obj(struct kv_jctx *c, const json_t *obj, const char *key, bool required, json_t **out)
{
	if (member(c, obj, key, required, out) < 0) {
		return -1;
	}
	if (*out != NULL && !json_is_object(*out)) {
		return wrong(c, key, "an object", *out);
	}
	return 0;
}

int kv_jget_arr(struct kv_jctx *c, const json_t *obj, const char *key, bool required, json_t **out)
{
	if (member(c, obj, key, required, out) < 0) {
		return -1;
	}
	if (*out != NULL && !json_is_array(*out)) {
		return wrong(c, key, "an array", *out);
	}
	return 0;
}

int kv_jget_str(struct kv_jctx *c, const json_t *obj, const char *key, bool required,
		const char **out)
{
	json_t *v;

	*out = NULL;
	if (member(c, obj, key, required, &v) < 0) {
		return -1;
	}
	if (v == NULL) {
		return 0;
	}
	if (!json_is_string(v)) {
		return wrong(c, key, "a string", v);
	}
	*out = json_string_value(v);
	return 0;
}

int kv_jnum(struct kv_jctx *c, const json_t *v, double *out)
{
	if (!json_is_number(v)) {
		return kv_jctx_fail(c, "expected a finite number, got %s", kv_json_kind(v));
	}
	*out = json_number_value(v);
	if (!isfinite(*out)) {
		return kv_jctx_fail(c, "expected a finite number");
	}
	return 0;
}

int kv_jget_num(struct kv_jctx *c, const json_t *obj, const char *key, bool required, double *out,
		bool *present)
{
	json_t *v;
	size_t mark;
	int ret;

	if (present != NULL) {
		*present = false;
	}
	if (member(c, obj, key, required, &v) < 0) {
		return -1;
	}
	if (v == NULL) {
		return 0;
	}
	mark = kv_jctx_key(c, key);
	ret = kv_jnum(c, v, out);
	kv_jctx_pop(c, mark);
	if (ret == 0 && present != NULL) {
		*present = true;
	}
	return ret;
}

/* Writes x in the shortest of %.15g, %.16g, %.17g that reads back exactly. */
static void fmt_double(double x, char *buf, size_t size)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, x);
		double y = strtod(buf, NULL);
		if (!(y < x) && !(y > x)) { /* reads back exactly */
			return;
		}
	}
}

int kv_jscalar(struct kv_jctx *c, const json_t *v, char *buf, size_t size, const char **out,
	       bool *is_num, double *num)
{
	*is_num = false;
	*num = 0;
	switch (json_typeof(v)) {
	case JSON_STRING:
		*out = json_string_value(v);
		{
			char *end;
			*num = strtod(*out, &end);
			*is_num = end != *out && *end == '\0' && isfinite(*num);
		}
		return 0;
	case JSON_INTEGER:
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*out = buf;
		*is_num = true;
		*num = (double)json_integer_value(v);
		return 0;
	case JSON_REAL:
		fmt_double(json_real_value(v), buf, size);
		*out = buf;
		*is_num = true;
		*num = json_real_value(v);
		return 0;
	case JSON_TRUE:
	case JSON_FALSE:
		*out = json_is_true(v) ? "true" : "false";
		return 0;
	default:
		return kv_jctx_fail(c, "expected a string, number or boolean, got %s",
				    kv_json_kind(v));
	}
}

int kv_jonly(struct kv_jctx *c, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
	{
		bool ok = key[0] == '_';
		for (size_t i = 0; !ok && allowed[i] != NULL; i++) {
			ok = strcmp(key, allowed[i]) == 0;
		}
		if (!ok) {
			char list[256] = "";
			size_t len = 0;
			for (size_t i = 0; allowed[i] != NULL; i++) {
				int n = snprintf(list + len, sizeof(list) - len, "%s%s",
						 i ? ", " : "", allowed[i]);
				if (n < 0 || (size_t)n >= sizeof(list) - len) {
					break;
				}
				len += (size_t)n;
			}
			size_t mark = kv_jctx_key(c, key);
			kv_jctx_fail(c, "unknown member (expected one of: %s)", list);
			kv_jctx_pop(c, mark);
			return -1;
		}
	}
	return 0;
}
