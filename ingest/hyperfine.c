/*
 * hyperfine.c - hyperfine --export-json.  One run per file; each command a
 * benchmark; every element of "times" a sample of "time".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static bool detect(json_t *root)
{
	json_t *r = json_array_get(json_object_get(root, "results"), 0);

	return json_is_object(r) && json_is_string(json_object_get(r, "command")) &&
	       json_object_get(r, "times") != NULL;
}

/* The command with each parameter's value put back as {name} when the value
 * appears exactly once, so a parameter scan is one benchmark name. */
static char *template_of(const char *cmd, json_t *params)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;
	const char *key;
	json_t *v;

	kv_strbuf_adds(&sb, cmd);
	json_object_foreach(params, key, v)
	{
		const char *val = json_string_value(v), *at;
		if (val == NULL || *val == '\0' || (at = strstr(sb.buf, val)) == NULL ||
		    strstr(at + 1, val) != NULL) {
			continue;
		}
		struct kv_strbuf t = KV_STRBUF_INIT;
		kv_strbuf_add(&t, sb.buf, (size_t)(at - sb.buf));
		kv_strbuf_addf(&t, "{%s}", key);
		kv_strbuf_adds(&t, at + strlen(val));
		kv_strbuf_release(&sb);
		sb = t;
	}
	return kv_strbuf_detach(&sb);
}

static int one(struct kv_jctx *c, struct kv_sink *s, json_t *r)
{
	const char *cmd, *key;
	json_t *times, *params, *v;
	struct kv_params p = {0};
	double *t = NULL, x;
	bool have;
	size_t i, n;
	char *name = NULL;
	int ret = -1;

	if (!json_is_object(r)) {
		return kv_jctx_fail(c, "expected an object, got %s", kv_json_kind(r));
	}
	if (kv_jget_str(c, r, "command", true, &cmd) < 0 ||
	    kv_jget_arr(c, r, "times", true, &times) < 0 ||
	    kv_jget_obj(c, r, "parameters", false, &params) < 0) {
		return -1;
	}
	if (params != NULL) {
		size_t m = kv_jctx_key(c, "parameters");
		json_object_foreach(params, key, v)
		{
			if (!json_is_string(v)) {
				size_t m2 = kv_jctx_key(c, key);
				kv_jctx_fail(c, "expected a string, got %s", kv_json_kind(v));
				kv_jctx_pop(c, m2);
				goto out;
			}
			kv_params_add(&p, key, json_string_value(v));
		}
		kv_jctx_pop(c, m);
	}
	n = json_array_size(times);
	if (n == 0) {
		size_t m = kv_jctx_key(c, "times");
		kv_jctx_fail(c, "no times");
		kv_jctx_pop(c, m);
		goto out;
	}
	t = kv_xmalloc(n * sizeof(*t));
	size_t m = kv_jctx_key(c, "times");
	char at[sizeof(c->path)];
	struct kv_origin from = {.path = at, .each = true};
	snprintf(at, sizeof(at), "%s", c->path);
	json_array_foreach(times, i, v)
	{
		size_t mi = kv_jctx_idx(c, i);
		if (kv_jnum(c, v, &t[i]) < 0) {
			goto out;
		}
		kv_jctx_pop(c, mi);
	}
	kv_jctx_pop(c, m);
	name = params != NULL ? template_of(cmd, params) : kv_xstrdup(cmd);
	if (kv_sink_benchmark(s, "hyperfine", name, p.v, p.n, c->err) < 0 ||
	    kv_sink_metric(s, "time", "s", "lower", t, n, &from, c->err) < 0) {
		kv_jctx_wrap(c);
		goto out;
	}
	if (kv_jget_num(c, r, "user", false, &x, &have) < 0 ||
	    (have && kv_metric1(c, s, "user", "user", "s", "lower", x) < 0) ||
	    kv_jget_num(c, r, "system", false, &x, &have) < 0 ||
	    (have && kv_metric1(c, s, "system", "system", "s", "lower", x) < 0)) {
		goto out;
	}
	ret = 0;
out:
	free(t);
	free(name);
	kv_params_release(&p);
	return ret;
}

static int load(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct kv_jctx c;
	struct kv_run_meta meta = {.tool = "hyperfine"};
	json_t *results, *r;
	size_t i;

	kv_jctx_init(&c, file, err);
	if (kv_jget_arr(&c, root, "results", true, &results) < 0) {
		return -1;
	}
	if (kv_sink_run(s, &meta, err) < 0) {
		return kv_jctx_wrap(&c);
	}
	size_t m = kv_jctx_key(&c, "results");
	json_array_foreach(results, i, r)
	{
		size_t mi = kv_jctx_idx(&c, i);
		if (one(&c, s, r) < 0) {
			return -1;
		}
		kv_jctx_pop(&c, mi);
	}
	kv_jctx_pop(&c, m);
	return 0;
}

const struct kv_format kv_format_hyperfine = {
    .info = {.name = "hyperfine",
	     .description = "hyperfine --export-json (one run per file, each command a "
			    "benchmark)",
	     .metrics = "time (s, every timed run a sample), user, system (s)"},
    .detect_json = detect,
    .load_json = load,
};
