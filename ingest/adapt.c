/* adapt.c - helpers for the format adapters. */
#include "ingest/adapt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "util/xalloc.h"

void kv_iso_utc(int64_t secs, char *buf)
{
	time_t t = (time_t)secs;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL) {
		buf[0] = '\0';
		return;
	}
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int kv_metric1(struct kv_jctx *c, struct kv_sink *s, const char *name, const char *unit,
	       const char *direction, double v)
{
	if (!isfinite(v)) {
		return kv_jctx_fail(c, "%s: expected a finite number", name);
	}
	if (kv_sink_metric(s, name, unit, direction, &v, 1, c->err) < 0) {
		return kv_jctx_wrap(c);
	}
	return 0;
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
