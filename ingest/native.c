/*
 * native.c - kvperf's own JSON format, which any benchmark can be converted
 * into.  Described in schema/native.schema.json and in the README.
 *
 *   {"kvperf": 1, "config": "baremetal", "labels": {"k": "v"},
 *    "start_time": "2026-11-25T01:11:00Z", "host": "node1",
 *    "tool": "stream", "tool_version": "5.10",
 *    "benchmarks": [{"name": "triad", "params": {"threads": 2},
 *      "metrics": [{"name": "bandwidth", "unit": "MB/s", "direction": "higher",
 *                   "samples": [1.0, 2.0]}]}]}
 *
 * or, for several runs in one file, "runs": [{...}, ...] where each run has
 * the members above (but "kvperf") and the top level gives their defaults.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "ingest/jpath.h"
#include "ingest/jstream.h"
#include "util/xalloc.h"

#define NATIVE_VERSION 1

static const char *const top_keys[] = {"kvperf", "config",       "labels",     "start_time", "host",
				       "tool",   "tool_version", "benchmarks", "runs",       NULL};
static const char *const run_keys[] = {"config", "labels",       "start_time", "host",
				       "tool",   "tool_version", "benchmarks", NULL};
static const char *const bench_keys[] = {"tool", "name", "params", "metrics", NULL};
static const char *const metric_keys[] = {"name", "unit", "direction", "samples", "kind", NULL};

/* State while reading one file. */
struct native {
	struct kv_jctx c;
	struct kv_sink *sink;
	double *v; /* samples of the current metric */
	size_t vcap;
};

static bool detect(json_t *root)
{
	return json_is_object(root) && json_object_get(root, "kvperf") != NULL;
}

/* A string member of run, else of defaults (which may be NULL). */
static int inherited_str(struct native *nt, json_t *run, json_t *defaults, const char *key,
			 const char **out)
{
	if (kv_jget_str(&nt->c, run, key, false, out) < 0) {
		return -1;
	}
	if (*out == NULL && defaults != NULL) {
		return kv_jget_str(&nt->c, defaults, key, false, out);
	}
	return 0;
}

static int load_labels(struct native *nt, json_t *obj)
{
	json_t *labels, *v;
	const char *key;

	if (obj == NULL || kv_jget_obj(&nt->c, obj, "labels", false, &labels) < 0) {
		return obj == NULL ? 0 : -1;
	}
	if (labels == NULL) {
		return 0;
	}
	size_t m0 = kv_jctx_key(&nt->c, "labels");
	json_object_foreach(labels, key, v)
	{
		char buf[40];
		const char *text;
		bool is_num;
		double num;
		size_t m1 = kv_jctx_key(&nt->c, key);

		if (kv_jscalar(&nt->c, v, buf, sizeof(buf), &text, &is_num, &num) < 0) {
			return -1;
		}
		if (kv_sink_label(nt->sink, key, text, nt->c.err) < 0) {
			return kv_jctx_wrap(&nt->c);
		}
		kv_jctx_pop(&nt->c, m1);
	}
	kv_jctx_pop(&nt->c, m0);
	return 0;
}

static int load_params(struct native *nt, json_t *bench, struct kv_db_param **out, size_t *n,
		       char (**bufs)[40])
{
	json_t *params, *v;
	const char *key;
	size_t i = 0;

	*out = NULL;
	*n = 0;
	*bufs = NULL;
	if (kv_jget_obj(&nt->c, bench, "params", false, &params) < 0) {
		return -1;
	}
	if (params == NULL || json_object_size(params) == 0) {
		return 0;
	}
	*n = json_object_size(params);
	*out = kv_xcalloc(*n, sizeof(**out));
	*bufs = kv_xcalloc(*n, sizeof(**bufs));
	size_t m0 = kv_jctx_key(&nt->c, "params");
	json_object_foreach(params, key, v)
	{
		size_t m1 = kv_jctx_key(&nt->c, key);
		struct kv_db_param *p = &(*out)[i];

		p->key = key;
		if (kv_jscalar(&nt->c, v, (*bufs)[i], sizeof((*bufs)[i]), &p->value, &p->is_num,
			       &p->num) < 0) {
			return -1;
		}
		kv_jctx_pop(&nt->c, m1);
		i++;
	}
	kv_jctx_pop(&nt->c, m0);
	return 0;
}

static int load_metric(struct native *nt, json_t *metric)
{
	const char *name, *unit, *direction, *kind;
	json_t *samples, *v;
	size_t i, n;

	if (!json_is_object(metric)) {
		return kv_jctx_fail(&nt->c, "expected an object, got %s", kv_json_kind(metric));
	}
	if (kv_jonly(&nt->c, metric, metric_keys) < 0 ||
	    kv_jget_str(&nt->c, metric, "name", true, &name) < 0 ||
	    kv_jget_str(&nt->c, metric, "unit", true, &unit) < 0 ||
	    kv_jget_str(&nt->c, metric, "direction", true, &direction) < 0 ||
	    kv_jget_arr(&nt->c, metric, "samples", true, &samples) < 0 ||
	    kv_jget_str(&nt->c, metric, "kind", false, &kind) < 0) {
		return -1;
	}
	n = json_array_size(samples);
	size_t m0 = kv_jctx_key(&nt->c, "samples");
	char at[sizeof(nt->c.path)];
	struct kv_origin from = {.path = at, .each = true};
	snprintf(at, sizeof(at), "%s", nt->c.path);
	if (n == 0) {
		return kv_jctx_fail(&nt->c, "no samples");
	}
	if (n > nt->vcap) {
		nt->vcap = n;
		nt->v = kv_xreallocarray(nt->v, n, sizeof(*nt->v));
	}
	json_array_foreach(samples, i, v)
	{
		if (!json_is_number(v)) {
			size_t m1 = kv_jctx_idx(&nt->c, i);
			kv_jctx_fail(&nt->c, "expected a finite number, got %s", kv_json_kind(v));
			kv_jctx_pop(&nt->c, m1);
			return -1;
		}
		nt->v[i] = json_number_value(v);
	}
	kv_jctx_pop(&nt->c, m0);
	if (kv_sink_metric_kind(nt->sink, name, unit, direction, kind != NULL ? kind : "sample",
				nt->v, n, &from, nt->c.err) < 0) {
		return kv_jctx_wrap(&nt->c);
	}
	return 0;
}

static int load_benchmark(struct native *nt, json_t *bench, const char *run_tool)
{
	const char *tool, *name;
	json_t *metrics, *m;
	struct kv_db_param *params = NULL;
	char(*bufs)[40] = NULL;
	size_t nparams, i;
	int ret = -1;

	if (!json_is_object(bench)) {
		return kv_jctx_fail(&nt->c, "expected an object, got %s", kv_json_kind(bench));
	}
	if (kv_jonly(&nt->c, bench, bench_keys) < 0 ||
	    kv_jget_str(&nt->c, bench, "tool", false, &tool) < 0 ||
	    kv_jget_str(&nt->c, bench, "name", true, &name) < 0 ||
	    kv_jget_arr(&nt->c, bench, "metrics", true, &metrics) < 0 ||
	    load_params(nt, bench, &params, &nparams, &bufs) < 0) {
		goto out;
	}
	if (tool == NULL) {
		tool = run_tool;
	}
	if (tool == NULL) {
		kv_jctx_fail(&nt->c, "missing member \"tool\" (here or in the run)");
		goto out;
	}
	if (kv_sink_benchmark(nt->sink, tool, name, params, nparams, nt->c.err) < 0) {
		kv_jctx_wrap(&nt->c);
		goto out;
	}
	size_t m0 = kv_jctx_key(&nt->c, "metrics");
	if (json_array_size(metrics) == 0) {
		kv_jctx_fail(&nt->c, "no metrics");
		goto out;
	}
	json_array_foreach(metrics, i, m)
	{
		size_t m1 = kv_jctx_idx(&nt->c, i);
		if (load_metric(nt, m) < 0) {
			goto out;
		}
		kv_jctx_pop(&nt->c, m1);
	}
	kv_jctx_pop(&nt->c, m0);
	ret = 0;
out:
	free(params);
	free(bufs);
	return ret;
}

/* The tool of a run: its own, the file's, or the one all its benchmarks share. */
static const char *common_tool(json_t *benchmarks)
{
	const char *tool = NULL;
	size_t i;
	json_t *b;

	json_array_foreach(benchmarks, i, b)
	{
		json_t *t = json_object_get(b, "tool");
		if (!json_is_string(t) ||
		    (tool != NULL && strcmp(tool, json_string_value(t)) != 0)) {
			return NULL;
		}
		tool = json_string_value(t);
	}
	return tool;
}

static int load_run(struct native *nt, json_t *run, json_t *defaults)
{
	struct kv_run_meta meta = {0};
	json_t *benchmarks, *b;
	const char *run_tool;
	char when[KV_TIME_SIZE];
	size_t i;

	if (inherited_str(nt, run, defaults, "config", &meta.config) < 0 ||
	    inherited_str(nt, run, defaults, "start_time", &meta.start_time) < 0 ||
	    inherited_str(nt, run, defaults, "host", &meta.host) < 0 ||
	    inherited_str(nt, run, defaults, "tool", &run_tool) < 0 ||
	    inherited_str(nt, run, defaults, "tool_version", &meta.tool_version) < 0 ||
	    kv_jget_arr(&nt->c, run, "benchmarks", true, &benchmarks) < 0) {
		return -1;
	}
	/* the file's own start time was checked in load(), at its path */
	if (meta.start_time != NULL && json_object_get(run, "start_time") != NULL &&
	    kv_jtime(&nt->c, "start_time", meta.start_time, when) < 0) {
		return -1;
	}
	meta.tool = run_tool != NULL ? run_tool : common_tool(benchmarks);
	if (kv_sink_run(nt->sink, &meta, nt->c.err) < 0) {
		return kv_jctx_wrap(&nt->c);
	}
	/* The file's labels first, so the run's own replace them. */
	if (load_labels(nt, run != defaults ? defaults : NULL) < 0 || load_labels(nt, run) < 0) {
		return -1;
	}
	size_t m0 = kv_jctx_key(&nt->c, "benchmarks");
	if (json_array_size(benchmarks) == 0) {
		return kv_jctx_fail(&nt->c, "no benchmarks");
	}
	json_array_foreach(benchmarks, i, b)
	{
		size_t m1 = kv_jctx_idx(&nt->c, i);
		if (load_benchmark(nt, b, run_tool) < 0) {
			return -1;
		}
		kv_jctx_pop(&nt->c, m1);
	}
	kv_jctx_pop(&nt->c, m0);
	return 0;
}

/* The runs of a file, one at a time: from its parsed array, or streamed. */
struct run_src {
	json_t *arr;             /* or NULL */
	size_t i;                /* the next element of arr */
	struct kv_jruns *stream; /* or NULL */
};

/* 1 and a new reference to the next run, 0 at the end, -1 on an error. */
static int next_run(struct run_src *src, json_t **out, struct kv_error *err)
{
	if (src->stream != NULL) {
		return kv_jruns_next(src->stream, out, err);
	}
	if (src->i >= json_array_size(src->arr)) {
		return 0;
	}
	*out = json_incref(json_array_get(src->arr, src->i++));
	return 1;
}

/* Reads a file whose top-level members are root's (but "runs", which src
 * gives when stream is set). */
static int load_top(json_t *root, struct run_src *src, const char *file, struct kv_sink *sink,
		    struct kv_error *err)
{
	struct native nt = {.sink = sink};
	json_t *version, *runs = NULL, *r = NULL;
	int ret = -1;

	kv_jctx_init(&nt.c, file, err);
	if (!json_is_object(root)) {
		return kv_jctx_fail(&nt.c, "expected an object, got %s", kv_json_kind(root));
	}
	version = json_object_get(root, "kvperf");
	if (!json_is_integer(version) || json_integer_value(version) != NATIVE_VERSION) {
		size_t m = kv_jctx_key(&nt.c, "kvperf");
		kv_jctx_fail(&nt.c, "unsupported native format version (this kvperf reads %d)",
			     NATIVE_VERSION);
		kv_jctx_pop(&nt.c, m);
		return -1;
	}
	if (kv_jonly(&nt.c, root, top_keys) < 0 ||
	    (src->stream == NULL && kv_jget_arr(&nt.c, root, "runs", false, &runs) < 0)) {
		return -1;
	}
	if (src->stream == NULL && runs == NULL) {
		ret = load_run(&nt, root, root);
		goto out;
	}
	src->arr = runs;
	if (json_object_get(root, "benchmarks") != NULL) {
		kv_jctx_fail(&nt.c, "give either \"benchmarks\" or \"runs\", not both");
		goto out;
	}
	const char *start;
	char when[KV_TIME_SIZE];
	if (kv_jget_str(&nt.c, root, "start_time", false, &start) < 0 ||
	    (start != NULL && kv_jtime(&nt.c, "start_time", start, when) < 0)) {
		goto out;
	}
	size_t m0 = kv_jctx_key(&nt.c, "runs");
	for (size_t i = 0;; i++) {
		int got = next_run(src, &r, err);
		if (got < 0) {
			goto out; /* a syntax error in the run, at its line and column */
		}
		if (got == 0 && i == 0) {
			kv_jctx_fail(&nt.c, "no runs");
			goto out;
		}
		if (got == 0) {
			break;
		}
		size_t m1 = kv_jctx_idx(&nt.c, i);
		if (!json_is_object(r)) {
			kv_jctx_fail(&nt.c, "expected an object, got %s", kv_json_kind(r));
			goto out;
		}
		if (kv_jonly(&nt.c, r, run_keys) < 0 || load_run(&nt, r, root) < 0) {
			goto out;
		}
		json_decref(r);
		r = NULL;
		kv_jctx_pop(&nt.c, m1);
	}
	kv_jctx_pop(&nt.c, m0);
	ret = 0;
out:
	json_decref(r);
	free(nt.v);
	return ret;
}

static int load(json_t *root, const char *file, struct kv_sink *sink, struct kv_error *err)
{
	struct run_src src = {0};

	return load_top(root, &src, file, sink, err);
}

int kv_native_load_stream(json_t *top, struct kv_jruns *runs, const char *file,
			  struct kv_sink *sink, struct kv_error *err)
{
	struct run_src src = {.stream = runs};

	kv_jruns_watch(runs, &sink->samples); /* for the progress line */
	return load_top(top, &src, file, sink, err);
}

const struct kv_format kv_format_native = {
    .info =
	{
	    .name = "native",
	    .description = "kvperf's own JSON: {\"kvperf\": 1, \"config\": ..., "
			   "\"benchmarks\": [...]}",
	    .metrics = "whatever the file names, in its units (converted to "
		       "canonical ones)",
	},
    .detect_json = detect,
    .load_json = load,
};
