/*
 * pbench.c - pbench's result.json (one iteration of a pbench-uperf,
 * pbench-fio, ... run): classes "throughput", "latency" and "resource",
 * each {METRIC: [series]}, and "parameters": {"benchmark": [{...}]}.
 *
 * One run per file; benchmark parameters.benchmark[0].benchmark_name, its
 * scalar settings the parameters.  A series holds either one "value" or
 * "samples": [{"value", "timeseries"}], the iteration's real samples.
 * Per metric, the "aggregate" series (role "aggregate": all clients) stands
 * for the clients when there is one; otherwise one metric per role
 * ("cpu_busy.client", "cpu_busy.server"), numbered when several series
 * share a role.  "efficiency" (throughput divided by CPU) is derived from
 * the others and not imported; nor are the 1-second timeseries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static json_t *bench_params(json_t *root)
{
	return json_array_get(json_object_get(json_object_get(root, "parameters"), "benchmark"), 0);
}

static bool detect(json_t *root)
{
	return json_is_object(root) &&
	       json_is_string(json_object_get(bench_params(root), "benchmark_name")) &&
	       (json_object_get(root, "throughput") != NULL ||
		json_object_get(root, "latency") != NULL);
}

/* Settings that say where, not what. */
static const char *const not_params[] = {"uid",
					 "clients",
					 "servers",
					 "benchmark_name",
					 "benchmark_version",
					 "primary_metric",
					 "max_stddevpct",
					 "filename",
					 "directory",
					 "log_avg_msec",
					 "log_hist_msec",
					 "controller_host",
					 NULL};

/* The unit of a pbench metric, by its name. */
static const char *unit_of(const char *metric)
{
	static const struct {
		const char *name, *unit;
	} units[] = {{"trans_sec", "ops/s"}, {"iops_sec", "ops/s"}, {"Gb_sec", "Gbit/s"},
		     {"Mb_sec", "Mbit/s"},   {"usec", "us"},        {"cpu_busy", "cores"},
		     {"clat", "ns"},         {"lat", "ns"},         {"slat", "ns"}};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(units[i].name, metric) == 0) {
			return units[i].unit;
		}
	}
	return "count";
}

/* Where value k of a series came from: <series>.samples[k].value, or
 * <series>.value. */
struct where {
	const char *series; /* the series' path */
	bool samples;
};

static void at(const void *ctx, size_t k, struct kv_place *p)
{
	const struct where *w = ctx;

	if (w->samples) {
		snprintf(p->path, sizeof(p->path), "%s.samples[%zu].value", w->series, k);
	} else {
		snprintf(p->path, sizeof(p->path), "%s.value", w->series);
	}
}

/* The values of one series: its samples, or its one value. */
static int series_values(struct kv_jctx *c, json_t *s, double **v, size_t *n, bool *samples_of)
{
	json_t *samples;

	*v = NULL;
	*n = 0;
	*samples_of = false;
	if (!json_is_object(s)) {
		return kv_jctx_fail(c, "expected an object, got %s", kv_json_kind(s));
	}
	if (kv_jget_arr(c, s, "samples", false, &samples) < 0) {
		return -1;
	}
	if (samples == NULL) {
		double x;
		if (kv_jget_num(c, s, "value", true, &x, NULL) < 0) {
			return -1;
		}
		*v = kv_xmalloc(sizeof(**v));
		(*v)[0] = x;
		*n = 1;
		return 0;
	}
	size_t k = json_array_size(samples);
	if (k == 0) {
		size_t m = kv_jctx_key(c, "samples");
		kv_jctx_fail(c, "no samples");
		kv_jctx_pop(c, m);
		return -1;
	}
	*v = kv_xcalloc(k, sizeof(**v));
	size_t m0 = kv_jctx_key(c, "samples");
	for (size_t i = 0; i < k; i++) {
		json_t *e = json_array_get(samples, i);
		size_t m1 = kv_jctx_idx(c, i);
		if (!json_is_object(e)) {
			kv_jctx_fail(c, "expected an object, got %s", kv_json_kind(e));
			goto fail;
		}
		if (kv_jget_num(c, e, "value", true, &(*v)[i], NULL) < 0) {
			goto fail;
		}
		kv_jctx_pop(c, m1);
	}
	kv_jctx_pop(c, m0);
	*n = k;
	*samples_of = true;
	return 0;
fail:
	free(*v);
	*v = NULL;
	return -1;
}

/* pbench joins a job option of every fio client: "5,5,5,5" */
static bool same_parts(const char *s)
{
	const char *comma = strchr(s, ',');

	if (comma == NULL) {
		return false;
	}
	size_t n = (size_t)(comma - s);
	for (const char *p = comma; p != NULL; p = strchr(p + 1, ',')) {
		const char *q = p + 1, *e = strchr(q, ',');
		size_t len = e ? (size_t)(e - q) : strlen(q);
		if (len != n || strncmp(q, s, n) != 0) {
			return false;
		}
	}
	return true;
}

static const char *first_part(const char *s, char *buf, size_t size)
{
	snprintf(buf, size, "%.*s", (int)strcspn(s, ","), s);
	return buf;
}

static const char *role_of(json_t *s)
{
	const char *r = json_string_value(json_object_get(s, "role"));

	return r != NULL ? r : "";
}

/* One metric of a class: the aggregate, or one metric per role. */
static int metric(struct kv_jctx *c, struct kv_sink *s, const char *cls, const char *name,
		  json_t *series)
{
	const char *dir = strcmp(cls, "throughput") == 0 ? "higher" : "lower";
	size_t n = json_array_size(series);
	bool aggregate = false;
	int ret = -1;

	if (!json_is_array(series)) {
		return kv_jctx_fail(c, "expected an array of series, got %s", kv_json_kind(series));
	}
	for (size_t i = 0; i < n; i++) {
		aggregate =
		    aggregate || strcmp(role_of(json_array_get(series, i)), "aggregate") == 0;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(series, i);
		const char *role = role_of(x);
		size_t same = 0, rank = 0;
		if (aggregate && strcmp(role, "aggregate") != 0) {
			continue;
		}
		for (size_t j = 0; j < n; j++) {
			if (strcmp(role_of(json_array_get(series, j)), role) == 0) {
				rank += j < i;
				same++;
			}
		}
		struct kv_strbuf mn = KV_STRBUF_INIT;
		kv_strbuf_adds(&mn, name);
		if (!aggregate && *role) {
			kv_strbuf_addf(&mn, ".%s", role);
		}
		if (same > 1) {
			kv_strbuf_addf(&mn, ".%zu", rank + 1);
		}
		double *v;
		size_t k;
		size_t m = kv_jctx_idx(c, i);
		struct where w = {.series = c->path};
		struct kv_origin from = {.at = at, .ctx = &w};
		if (series_values(c, x, &v, &k, &w.samples) < 0) {
			kv_strbuf_release(&mn);
			goto out;
		}
		if (kv_sink_metric(s, mn.buf, unit_of(name), dir, v, k, &from, c->err) < 0) {
			free(v);
			kv_strbuf_release(&mn);
			kv_jctx_wrap(c);
			goto out;
		}
		free(v);
		kv_strbuf_release(&mn);
		kv_jctx_pop(c, m);
	}
	ret = 0;
out:
	return ret;
}

static int load(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct kv_jctx c;
	struct kv_run_meta meta = {.tool = "pbench"};
	struct kv_params p = {0};
	json_t *bp = bench_params(root), *v;
	const char *key, *name;
	char parts[32][64];
	size_t np = 0;
	int ret = -1;

	kv_jctx_init(&c, file, err);
	size_t m0 = kv_jctx_key(&c, "parameters"), m1 = kv_jctx_key(&c, "benchmark"),
	       m2 = kv_jctx_idx(&c, 0);
	if (kv_jget_str(&c, bp, "benchmark_name", true, &name) < 0) {
		return -1;
	}
	meta.tool_version = json_string_value(json_object_get(bp, "benchmark_version"));
	json_object_foreach(bp, key, v)
	{
		char buf[64];
		const char *txt;
		bool isnum;
		double num;
		if (kv_str_in(key, not_params) || json_is_object(v) || json_is_array(v) ||
		    json_is_null(v)) {
			continue;
		}
		size_t mk = kv_jctx_key(&c, key);
		if (kv_jscalar(&c, v, buf, sizeof(buf), &txt, &isnum, &num) < 0) {
			goto out;
		}
		kv_jctx_pop(&c, mk);
		if (isnum) {
			kv_params_addnum(&p, key, num);
		} else if (json_is_string(v) && !same_parts(txt)) {
			kv_params_add(&p, key, txt); /* lives as long as the document */
		} else if (np < 32) {
			/* a boolean's text is in buf, a joined value is cut: keep a copy */
			kv_params_add(&p, key, first_part(txt, parts[np++], 64));
		}
	}
	kv_jctx_pop(&c, m2);
	kv_jctx_pop(&c, m1);
	kv_jctx_pop(&c, m0);
	if (kv_sink_run(s, &meta, err) < 0) {
		kv_jctx_wrap(&c);
		goto out;
	}
	static const char *const labels[] = {"clients", "servers"};
	for (size_t i = 0; i < 2; i++) {
		const char *x = json_string_value(json_object_get(bp, labels[i]));
		char lk[32];
		snprintf(lk, sizeof(lk), "pbench.%s", labels[i]);
		if (x != NULL && kv_sink_label(s, lk, x, err) < 0) {
			kv_jctx_wrap(&c);
			goto out;
		}
	}
	if (kv_sink_benchmark(s, "pbench", name, p.v, p.n, err) < 0) {
		kv_jctx_wrap(&c);
		goto out;
	}
	static const char *const classes[] = {"throughput", "latency", "resource"};
	for (size_t i = 0; i < 3; i++) {
		json_t *cls;
		if (kv_jget_obj(&c, root, classes[i], false, &cls) < 0) {
			goto out;
		}
		size_t mc = kv_jctx_key(&c, classes[i]);
		json_object_foreach(cls, key, v)
		{
			size_t mm = kv_jctx_key(&c, key);
			if (metric(&c, s, classes[i], key, v) < 0) {
				goto out;
			}
			kv_jctx_pop(&c, mm);
		}
		kv_jctx_pop(&c, mc);
	}
	ret = 0;
out:
	kv_params_release(&p);
	return ret;
}

const struct kv_format kv_format_pbench = {
    .info = {.name = "pbench",
	     .description = "pbench result.json of one iteration (uperf, fio, ...): samples[] "
			    "are samples",
	     .metrics = "throughput (trans_sec, Gb_sec, iops_sec), latency (usec, clat, lat), "
			"resource cpu_busy.client/.server: the aggregate series, else one per "
			"role"},
    .detect_json = detect,
    .load_json = load,
};
