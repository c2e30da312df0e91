/* adapt.c - helpers for the format adapters. */
#include "ingest/adapt.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

bool kv_parse_rfc3339(const char *s, double *secs)
{
	struct tm tm = {0};
	int y, mo, d, h, mi, sec, used = 0;
	double frac = 0;

	if (s == NULL ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6 ||
	    used != 19 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) {
		return false;
	}
	s += used;
	if (*s == '.') {
		double scale = 0.1;
		s++;
		if (!isdigit((unsigned char)*s)) {
			return false;
		}
		for (; isdigit((unsigned char)*s); s++, scale /= 10) {
			frac += (*s - '0') * scale;
		}
	}
	long off = 0;
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if ((*s == '+' || *s == '-') && isdigit((unsigned char)s[1]) &&
		   isdigit((unsigned char)s[2]) && s[3] == ':' && isdigit((unsigned char)s[4]) &&
		   isdigit((unsigned char)s[5])) {
		off = ((s[1] - '0') * 10 + (s[2] - '0')) * 3600L +
		      ((s[4] - '0') * 10 + (s[5] - '0')) * 60L;
		off = *s == '-' ? -off : off;
		s += 6;
	} else {
		return false;
	}
	if (*s != '\0') {
		return false;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*secs = (double)timegm(&tm) - (double)off + frac;
	return true;
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
	if (line > 0) {
		snprintf(err->where, sizeof(err->where), "%s:%d:1", file, line);
	} else {
		snprintf(err->where, sizeof(err->where), "%s", file);
	}
	return -1;
}
