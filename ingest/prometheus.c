/*
 * prometheus.c - Prometheus query results: the HTTP API's response
 * (/api/v1/query_range or /api/v1/query: {"status": "success", "data":
 * {"resultType": "matrix", "result": [{"metric": {...}, "values": [[t,
 * "v"], ...]}]}}) and what `promtool query range|instant -o json` prints
 * (the result alone: [{"metric": {...}, "values": [...]}], or the vector,
 * or a scalar [t, "v"]).
 *
 * One run per file, tool "prometheus", its start time the first point's.
 * Every series is a metric (ingest/promset.h): its __name__, or for an
 * expression's result (which has none) the file's name without directory
 * and extension; its labels parameters; its points samples.  A vector gives
 * one sample per series, a scalar one sample.  Points that are not numbers
 * ("NaN", "+Inf", "-Inf": a ratio of zeros, a quantile beyond the last
 * bucket) measure nothing and are left out with a note; native histogram
 * points are left out too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "ingest/promset.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum rtype { MATRIX, VECTOR, SCALAR };

struct prom {
	const char *file;
	const char *result; /* the result's path: "$.data.result" or "$" */
	enum rtype type;
	struct kv_promset *ss;
	size_t nan, inf, hist; /* points left out */
	size_t unnamed;        /* series named after the file */
	char fallback[256];    /* that name */
	double t0;             /* the first point's time */
	bool have_t0;
};

static bool is_stream(json_t *e)
{
	return json_is_object(e) && json_is_object(json_object_get(e, "metric")) &&
	       (json_is_array(json_object_get(e, "values")) ||
		json_is_array(json_object_get(e, "value")) ||
		json_is_array(json_object_get(e, "histograms")));
}

static bool is_pair(json_t *a)
{
	return json_is_array(a) && json_array_size(a) == 2 &&
	       json_is_number(json_array_get(a, 0)) && json_is_string(json_array_get(a, 1));
}

static bool detect(json_t *root)
{
	if (json_is_object(root)) {
		json_t *data = json_object_get(root, "data");
		const char *st = json_string_value(json_object_get(root, "status"));
		return st != NULL && ((json_is_object(data) &&
				       json_is_string(json_object_get(data, "resultType"))) ||
				      (strcmp(st, "error") == 0 &&
				       json_is_string(json_object_get(root, "error"))));
	}
	/* promtool -o json: the matrix or vector, or a scalar */
	return (json_is_array(root) && is_stream(json_array_get(root, 0))) || is_pair(root);
}

/* The name of a series without __name__: the file's, less its extension. */
static void file_metric(const char *file, char *out, size_t size)
{
	const char *base = strrchr(file, '/');

	base = base != NULL ? base + 1 : file;
	const char *dot = strrchr(base, '.');
	size_t n = dot != NULL && dot > base ? (size_t)(dot - base) : strlen(base);
	if (strcmp(file, KV_STDIN_NAME) == 0 || n == 0) {
		snprintf(out, size, "value");
	} else {
		snprintf(out, size, "%.*s", (int)n, base);
	}
}

/* Where the point of ref is: series i, point j. */
static void at(const void *ctx, size_t ref, struct kv_place *p)
{
	const struct prom *pr = ctx;
	size_t i = ref >> 32, j = ref & 0xffffffffu;

	p->file = pr->file;
	switch (pr->type) {
	case MATRIX:
		snprintf(p->path, sizeof(p->path), "%s[%zu].values[%zu][1]", pr->result, i, j);
		break;
	case VECTOR:
		snprintf(p->path, sizeof(p->path), "%s[%zu].value[1]", pr->result, i);
		break;
	case SCALAR:
		snprintf(p->path, sizeof(p->path), "%s[1]", pr->result);
		break;
	}
}

/* One [time, "value"] at the current path. */
static int point(struct prom *pr, struct kv_jctx *c, json_t *pair, const char *name, json_t *labels,
		 size_t ref)
{
	double t, v;

	if (!json_is_array(pair) || json_array_size(pair) != 2) {
		return kv_jctx_fail(c, "expected [time, \"value\"], got %s",
				    json_is_array(pair) ? "an array of another length"
							: kv_json_kind(pair));
	}
	json_t *jt = json_array_get(pair, 0), *jv = json_array_get(pair, 1);
	size_t m = kv_jctx_idx(c, 0);
	if (kv_jnum(c, jt, &t) < 0) {
		return -1;
	}
	kv_jctx_pop(c, m);
	m = kv_jctx_idx(c, 1);
	if (json_is_number(jv)) {
		if (kv_jnum(c, jv, &v) < 0) {
			return -1;
		}
	} else if (!json_is_string(jv)) {
		return kv_jctx_fail(c, "expected a number as a string, got %s", kv_json_kind(jv));
	} else {
		const char *s = json_string_value(jv);
		if (strcmp(s, "NaN") == 0) {
			pr->nan++;
			return 0;
		}
		if (strcmp(s, "+Inf") == 0 || strcmp(s, "-Inf") == 0 || strcmp(s, "Inf") == 0) {
			pr->inf++;
			return 0;
		}
		if (!kv_parse_double(s, &v)) {
			return kv_jctx_fail(c, "expected a number as a string, got \"%s\"", s);
		}
	}
	kv_jctx_pop(c, m);
	if (!pr->have_t0 || t < pr->t0) {
		pr->t0 = t;
		pr->have_t0 = true;
	}
	if (kv_promset_add(pr->ss, name, labels, NULL, v, ref, c->err) < 0) {
		return kv_jctx_wrap(c);
	}
	return 0;
}

/* One element of a matrix or vector: {"metric": {...}, "values"|"value": ...}. */
static int stream(struct prom *pr, struct kv_jctx *c, json_t *e, size_t i)
{
	json_t *metric, *values;
	const char *name;

	if (!json_is_object(e)) {
		return kv_jctx_fail(c, "expected a series {\"metric\": ..., \"%s\": ...}, got %s",
				    pr->type == MATRIX ? "values" : "value", kv_json_kind(e));
	}
	if (kv_jget_obj(c, e, "metric", true, &metric) < 0) {
		return -1;
	}
	size_t m = kv_jctx_key(c, "metric");
	const char *key;
	json_t *lv;
	json_object_foreach(metric, key, lv)
	{
		if (!json_is_string(lv)) {
			kv_jctx_key(c, key);
			return kv_jctx_fail(c, "expected a string (a label's value), got %s",
					    kv_json_kind(lv));
		}
	}
	name = json_string_value(json_object_get(metric, "__name__"));
	kv_jctx_pop(c, m);
	if (name == NULL) {
		name = pr->fallback;
		pr->unnamed++;
	}
	if (pr->type == VECTOR) {
		if (kv_jget_arr(c, e, "value", json_object_get(e, "histogram") == NULL, &values) <
		    0) {
			return -1;
		}
		if (values == NULL) {
			pr->hist++;
			return 0;
		}
		m = kv_jctx_key(c, "value");
		if (point(pr, c, values, name, metric, i << 32) < 0) {
			return -1;
		}
		kv_jctx_pop(c, m);
		return 0;
	}
	json_t *hist = json_object_get(e, "histograms");
	if (kv_jget_arr(c, e, "values", hist == NULL, &values) < 0) {
		return -1;
	}
	pr->hist += json_array_size(hist);
	m = kv_jctx_key(c, "values");
	for (size_t j = 0; j < json_array_size(values); j++) {
		size_t mj = kv_jctx_idx(c, j);
		if (j > 0xffffffffu ||
		    point(pr, c, json_array_get(values, j), name, metric, i << 32 | j) < 0) {
			return j > 0xffffffffu ? kv_jctx_fail(c, "too many points") : -1;
		}
		kv_jctx_pop(c, mj);
	}
	kv_jctx_pop(c, m);
	return 0;
}

/* The result at the current path, of type pr->type. */
static int result(struct prom *pr, struct kv_jctx *c, json_t *res)
{
	if (pr->type == SCALAR) {
		return point(pr, c, res, pr->fallback, NULL, 0);
	}
	if (!json_is_array(res)) {
		return kv_jctx_fail(c, "expected an array of series, got %s", kv_json_kind(res));
	}
	if (json_array_size(res) == 0) {
		return kv_jctx_fail(c, "no series: the query matched nothing");
	}
	for (size_t i = 0; i < json_array_size(res); i++) {
		size_t m = kv_jctx_idx(c, i);
		if (stream(pr, c, json_array_get(res, i), i) < 0) {
			return -1;
		}
		kv_jctx_pop(c, m);
	}
	return 0;
}

/* The API's envelope: status, data.resultType, data.result. */
static int envelope(struct prom *pr, struct kv_jctx *c, json_t *root, json_t **res)
{
	const char *status, *type;
	json_t *data;

	if (kv_jget_str(c, root, "status", true, &status) < 0) {
		return -1;
	}
	if (strcmp(status, "success") != 0) {
		const char *etype = json_string_value(json_object_get(root, "errorType"));
		const char *why = json_string_value(json_object_get(root, "error"));
		size_t m = kv_jctx_key(c, "status");
		kv_jctx_fail(c, "the query failed (\"%s\")%s%s%s%s", status, etype ? ": " : "",
			     etype ? etype : "", why ? ": " : "", why ? why : "");
		kv_jctx_pop(c, m);
		return -1;
	}
	if (kv_jget_obj(c, root, "data", true, &data) < 0) {
		return -1;
	}
	kv_jctx_key(c, "data");
	if (kv_jget_str(c, data, "resultType", true, &type) < 0) {
		return -1;
	}
	if (strcmp(type, "matrix") == 0 || strcmp(type, "vector") == 0 ||
	    strcmp(type, "scalar") == 0) {
		pr->type = type[0] == 'm' ? MATRIX : type[0] == 'v' ? VECTOR : SCALAR;
	} else {
		kv_jctx_key(c, "resultType");
		if (strcmp(type, "string") == 0) {
			return kv_jctx_fail(c, "a string result holds no numbers to import");
		}
		return kv_jctx_fail(c, "expected \"matrix\", \"vector\" or \"scalar\", got \"%s\"",
				    type);
	}
	*res = json_object_get(data, "result");
	if (*res == NULL) {
		return kv_jctx_fail(c, "missing member \"result\"");
	}
	kv_jctx_key(c, "result");
	pr->result = "$.data.result";
	return 0;
}

static int load(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct prom pr = {.file = file, .result = "$", .type = MATRIX};
	struct kv_run_meta meta = {.tool = "prometheus"};
	struct kv_strbuf note = KV_STRBUF_INIT;
	struct kv_jctx c;
	json_t *res = root;
	char when[KV_TIME_SIZE];
	int ret = -1;

	kv_jctx_init(&c, file, err);
	pr.ss = kv_promset_new();
	file_metric(file, pr.fallback, sizeof(pr.fallback));
	if (json_is_object(root)) {
		if (envelope(&pr, &c, root, &res) < 0) {
			goto out;
		}
	} else if (is_pair(root)) {
		pr.type = SCALAR;
	} else if (json_is_array(root)) {
		json_t *first = json_array_get(root, 0);
		pr.type = json_object_get(first, "value") != NULL ||
				  json_object_get(first, "histogram") != NULL
			      ? VECTOR
			      : MATRIX;
	} else {
		kv_jctx_fail(&c, "expected a Prometheus API response or promtool's JSON, got %s",
			     kv_json_kind(root));
		goto out;
	}
	if (result(&pr, &c, res) < 0) {
		goto out;
	}
	if (kv_promset_points(pr.ss) == 0) {
		kv_fail_file(err, KV_EXIT_DATAERR, file,
			     "%s: no point is a number (NaN or infinite): nothing to import",
			     pr.result);
		goto out;
	}
	if (!kv_iso_utc(pr.t0, when)) {
		kv_fail_file(err, KV_EXIT_DATAERR, file,
			     "%s: the first point's time, %g s after 1970, is not in the years "
			     "0001 to 9999",
			     pr.result, pr.t0);
		goto out;
	}
	meta.start_time = when;
	if (kv_sink_run(s, &meta, err) < 0) {
		kv_err_in(err, file, 0);
		goto out;
	}
	if (kv_promset_store(pr.ss, s, "prometheus", at, &pr, err) < 0) {
		goto out;
	}
	/* notes once nothing can fail: a bad file says one thing */
	if (pr.nan + pr.inf > 0) {
		kv_sink_warn(
		    s, "%zu points that are not numbers left out (NaN: %zu, +Inf or -Inf: %zu)",
		    pr.nan + pr.inf, pr.nan, pr.inf);
	}
	if (pr.hist > 0) {
		kv_sink_warn(s, "%zu native histogram points left out (only numbers are imported)",
			     pr.hist);
	}
	if (pr.unnamed > 0) {
		kv_sink_warn(s,
			     "%zu series without __name__ (an expression's result) named '%s' "
			     "after the file",
			     pr.unnamed, pr.fallback);
	}
	kv_promset_labels(pr.ss, &note);
	if (note.len > 0) {
		kv_sink_warn(s, "%s", note.buf);
	}
	ret = 0;
out:
	kv_promset_free(pr.ss);
	kv_strbuf_release(&note);
	return ret;
}

const struct kv_format kv_format_prometheus = {
    .info = {.name = "prometheus",
	     .description = "Prometheus query results: the HTTP API's query_range or query "
			    "response, or promtool query -o json (one run per file)",
	     .metrics = "every series by its __name__ (or the file's name), labels as "
			"parameters (less instance, pod, ...), points as samples; unit from the "
			"name's suffix (_seconds, _bytes, _total)"},
    .detect_json = detect,
    .load_json = load,
};
