/* adapt.c - helpers for the format adapters. */
#include "ingest/adapt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

bool kv_iso_utc(double secs, char *buf)
{
	return kv_time_from_epoch(secs, buf);
}

int kv_jepoch(struct kv_jctx *c, const char *key, double secs, char *buf)
{
	if (kv_time_from_epoch(secs, buf)) {
		return 0;
	}
	size_t m = kv_jctx_key(c, key);
	kv_jctx_fail(c, "%g s after 1970 is not a time in the years 0001 to 9999", secs);
	kv_jctx_pop(c, m);
	return -1;
}

int kv_jtime(struct kv_jctx *c, const char *key, const char *s, char *buf)
{
	char msg[400];

	if (kv_time_norm(s, buf, msg, sizeof(msg))) {
		return 0;
	}
	size_t m = kv_jctx_key(c, key);
	kv_jctx_fail(c, "%s", msg);
	kv_jctx_pop(c, m);
	return -1;
}

int kv_metric1(struct kv_jctx *c, struct kv_sink *s, const char *key, const char *name,
	       const char *unit, const char *direction, double v)
{
	size_t m = key != NULL ? kv_jctx_key(c, key) : c->len;
	struct kv_origin from = {.file = c->file, .path = c->path};
	int ret = 0;

	kv_jctx_where(c, &from.line, &from.col); /* YAML: the value's line too */

	if (!isfinite(v)) {
		ret = kv_jctx_fail(c, "%s: expected a finite number", name);
	} else if (kv_sink_metric(s, name, unit, direction, &v, 1, &from, c->err) < 0) {
		ret = kv_jctx_wrap(c);
	}
	kv_jctx_pop(c, m);
	return ret;
}

bool kv_parse_double(const char *s, double *out)
{
	char *end;

	if (s == NULL || *s == '\0') {
		return false;
	}
	*out = strtod(s, &end);
	return end != s && *end == '\0' && isfinite(*out);
}

static void grow(struct kv_params *p)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->v = kv_xreallocarray(p->v, p->cap, sizeof(*p->v));
		p->owned = kv_xreallocarray(p->owned, p->cap, sizeof(*p->owned));
	}
}

void kv_params_add(struct kv_params *p, const char *key, const char *value)
{
	double num;

	grow(p);
	p->owned[p->n] = NULL;
	p->v[p->n].key = key;
	p->v[p->n].value = value;
	p->v[p->n].is_num = kv_parse_double(value, &num);
	p->v[p->n].num = p->v[p->n].is_num ? num : 0;
	p->n++;
}

void kv_params_addnum(struct kv_params *p, const char *key, double num)
{
	char buf[64];

	grow(p);
	snprintf(buf, sizeof(buf), "%.15g", num);
	p->owned[p->n] = kv_xstrdup(buf);
	p->v[p->n].key = key;
	p->v[p->n].value = p->owned[p->n];
	p->v[p->n].is_num = true;
	p->v[p->n].num = num;
	p->n++;
}

void kv_params_release(struct kv_params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->owned[i]);
	}
	free(p->v);
	free(p->owned);
	p->v = NULL;
	p->owned = NULL;
	p->n = p->cap = 0;
}

bool kv_parse_rfc3339(const char *s, double *secs)
{
	char msg[8];

	return s != NULL && kv_time_epoch(s, true, secs, msg, sizeof(msg));
}

bool kv_str_in(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++) {
		if (strcmp(s, list[i]) == 0) {
			return true;
		}
	}
	return false;
}

void kv_lines_split(const char *buf, size_t len, struct kv_lines *l)
{
	size_t cap = 64;

	l->text = kv_xmalloc(len + 1);
	memcpy(l->text, buf, len);
	l->text[len] = '\0';
	l->v = kv_xmalloc(cap * sizeof(*l->v));
	l->n = 0;
	for (char *p = l->text; p != NULL;) {
		char *nl = memchr(p, '\n', len - (size_t)(p - l->text));
		if (nl != NULL) {
			*nl = '\0';
		}
		size_t k = strlen(p);
		if (k > 0 && p[k - 1] == '\r') {
			p[k - 1] = '\0';
		}
		if (l->n == cap) {
			cap *= 2;
			l->v = kv_xreallocarray(l->v, cap, sizeof(*l->v));
		}
		l->v[l->n++] = p;
		p = nl != NULL ? nl + 1 : NULL;
	}
}

int kv_lines_last(const struct kv_lines *l)
{
	size_t n = l->n;

	while (n > 1 && l->v[n - 1][0] == '\0') {
		n--;
	}
	return (int)n;
}

void kv_lines_release(struct kv_lines *l)
{
	free(l->text);
	free(l->v);
}

int kv_err_in(struct kv_error *err, const char *file, int line)
{
	/* the database's failure is at no place of the file */
	if (kv_error_elsewhere(err)) {
		return -1;
	}
	if (line > 0) {
		snprintf(err->where, sizeof(err->where), "%s:%d:1", file, line);
	} else {
		snprintf(err->where, sizeof(err->where), "%s", file);
	}
	return -1;
}
