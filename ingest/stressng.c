/*
 * stressng.c - stress-ng --yaml (0.15+).  One run per file; each stressor a
 * benchmark.  The YAML records neither the command line nor the stressor's
 * method (--cpu-method): runs of one stressor with different methods must go
 * to different configurations or databases (docs/formats.md).  What it does
 * record is which stressors ran together: a stressor that shared the run
 * with others is another workload than the same stressor alone (its
 * bogo-ops share the CPUs), so the others are its parameter "with"
 * ("cpu" with=switch), and the two never land in one series.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "ingest/yamldoc.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The stressors that ran beside entry self of metrics, sorted, joined by
 * "+" into sb (nothing when it ran alone); entries without a string
 * "stressor" are left for the caller to refuse. */
static void co_stressors(json_t *metrics, size_t self, struct kv_strbuf *sb)
{
	size_t n = json_array_size(metrics), k = 0;
	const char **names = kv_xmalloc((n ? n : 1) * sizeof(*names));

	for (size_t i = 0; i < n; i++) {
		json_t *name = json_object_get(json_array_get(metrics, i), "stressor");
		if (i != self && json_is_string(name)) {
			names[k++] = json_string_value(name);
		}
	}
	qsort(names, k, sizeof(*names), cmp_str);
	for (size_t i = 0; i < k; i++) {
		if (i > 0) {
			kv_strbuf_adds(sb, "+");
		}
		kv_strbuf_adds(sb, names[i]);
	}
	free(names);
}

static bool detect(const char *buf, size_t len)
{
	/* the YAML's first lines: "---", "system-info:", "stress-ng-version: ..." */
	size_t n = len < 4096 ? len : 4096;
	char head[4097];

	memcpy(head, buf, n);
	head[n] = '\0';
	return strstr(head, "stress-ng-version:") != NULL ||
	       (strstr(head, "metrics:") != NULL && strstr(head, "stressor:") != NULL);
}

/* A number written as a YAML scalar (a string here). */
static int scalar_num(struct kv_jctx *c, json_t *obj, const char *key, bool req, double *v,
		      bool *have)
{
	json_t *x = json_object_get(obj, key);

	if (have != NULL) {
		*have = false;
	}
	if (x == NULL) {
		return req ? kv_jctx_fail(c, "missing member \"%s\"", key) : 0;
	}
	size_t m = kv_jctx_key(c, key);
	if (!json_is_string(x) || !kv_parse_double(json_string_value(x), v)) {
		kv_jctx_fail(c, "expected a number, got %s%s%s%s", kv_json_kind(x),
			     json_is_string(x) ? " \"" : "",
			     json_is_string(x) ? json_string_value(x) : "",
			     json_is_string(x) ? "\"" : "");
		kv_jctx_pop(c, m);
		return -1;
	}
	kv_jctx_pop(c, m);
	if (have != NULL) {
		*have = true;
	}
	return 0;
}

static int walk(json_t *root, const char *file, const struct kv_marks *marks, struct kv_sink *s,
		struct kv_error *err)
{
	struct kv_jctx c;
	struct kv_run_meta meta = {.tool = "stress-ng"};
	json_t *info, *metrics, *m;
	const char *version = NULL, *host = NULL;
	char when[KV_TIME_SIZE];
	double epoch, v;
	bool have;
	size_t i;

	kv_jctx_init(&c, file, err);
	c.marks = marks;
	if (!json_is_object(root)) {
		return kv_jctx_fail(&c, "expected a mapping, got %s", kv_json_kind(root));
	}
	if (kv_jget_obj(&c, root, "system-info", false, &info) < 0 ||
	    kv_jget_arr(&c, root, "metrics", true, &metrics) < 0) {
		return -1;
	}
	if (info != NULL) {
		size_t mi = kv_jctx_key(&c, "system-info");
		if (kv_jget_str(&c, info, "stress-ng-version", false, &version) < 0 ||
		    kv_jget_str(&c, info, "hostname", false, &host) < 0 ||
		    scalar_num(&c, info, "epoch-secs", false, &epoch, &have) < 0) {
			return -1;
		}
		if (have) {
			if (kv_jepoch(&c, "epoch-secs", epoch, when) < 0) {
				return -1;
			}
			meta.start_time = when;
		}
		kv_jctx_pop(&c, mi);
	}
	meta.tool_version = version;
	meta.host = host;
	if (json_array_size(metrics) == 0) {
		size_t mm = kv_jctx_key(&c, "metrics");
		kv_jctx_fail(&c, "no stressors");
		kv_jctx_pop(&c, mm);
		return -1;
	}
	if (kv_sink_run(s, &meta, err) < 0) {
		return kv_jctx_wrap(&c);
	}
	size_t mm = kv_jctx_key(&c, "metrics");
	json_array_foreach(metrics, i, m)
	{
		const char *stressor;
		size_t mi = kv_jctx_idx(&c, i);
		if (!json_is_object(m)) {
			return kv_jctx_fail(&c, "expected a mapping, got %s", kv_json_kind(m));
		}
		if (kv_jget_str(&c, m, "stressor", true, &stressor) < 0) {
			return -1;
		}
		struct kv_strbuf with = KV_STRBUF_INIT;
		co_stressors(metrics, i, &with);
		struct kv_db_param p = {.key = "with", .value = kv_strbuf_str(&with)};
		int rc = kv_sink_benchmark(s, "stress-ng", stressor, &p, with.len > 0, err);
		kv_strbuf_release(&with);
		if (rc < 0) {
			return kv_jctx_wrap(&c);
		}
		static const struct {
			const char *key, *name, *unit;
			bool required;
		} ms[] = {
		    {"bogo-ops-per-second-real-time", "bogo_ops_per_second_real", "ops/s", true},
		    {"bogo-ops-per-second-usr-sys-time", "bogo_ops_per_second_usr_sys", "ops/s",
		     false},
		    {"bogo-ops", "bogo_ops", "count", false},
		};
		for (size_t k = 0; k < sizeof(ms) / sizeof(ms[0]); k++) {
			if (scalar_num(&c, m, ms[k].key, ms[k].required, &v, &have) < 0 ||
			    (have && kv_metric1(&c, s, ms[k].key, ms[k].name, ms[k].unit, "higher",
						v) < 0)) {
				return -1;
			}
		}
		kv_jctx_pop(&c, mi);
	}
	kv_jctx_pop(&c, mm);
	return 0;
}

static int load(const char *buf, size_t len, const char *file, struct kv_sink *s,
		struct kv_error *err)
{
	struct kv_marks *marks;
	json_t *root = kv_yaml_load(buf, len, file, &marks, err);
	int ret;

	if (root == NULL) {
		return -1;
	}
	ret = walk(root, file, marks, s, err);
	json_decref(root);
	kv_marks_free(marks);
	return ret;
}

const struct kv_format kv_format_stressng = {
    .info = {.name = "stress-ng",
	     .description = "stress-ng --yaml (0.15+; one run per file, each stressor a "
			    "benchmark)",
	     .metrics = "bogo_ops_per_second_real, bogo_ops_per_second_usr_sys (ops/s), "
			"bogo_ops"},
    .detect_text = detect,
    .load_text = load,
};
