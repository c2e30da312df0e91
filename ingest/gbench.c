/*
 * gbench.c - Google Benchmark --benchmark_format=json.  One run per file;
 * each benchmark name (family/arguments) a benchmark with its arguments as
 * parameters; every iteration row a sample; aggregate rows are not samples.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "util/xalloc.h"

static bool detect(json_t *root)
{
	return json_is_object(json_object_get(root, "context")) &&
	       json_is_array(json_object_get(root, "benchmarks"));
}

/* Splits "BM_Sum/1024/size:8" into the family and parameters (arg0=1024, size=8). */
static char *split_name(const char *run_name, struct kv_params *p, char **keys)
{
	char *copy = kv_xstrdup(run_name), *save = NULL, *tok;
	char *family = NULL;
	int pos = 0, nk = 0;

	for (tok = strtok_r(copy, "/", &save); tok != NULL; tok = strtok_r(NULL, "/", &save)) {
		if (family == NULL) {
			family = kv_xstrdup(tok);
			continue;
		}
		char *colon = strchr(tok, ':');
		if (colon != NULL) {
			*colon = '\0';
			keys[nk] = kv_xstrdup(tok);
			keys[nk + 1] = kv_xstrdup(colon + 1);
		} else {
			char k[16];
			snprintf(k, sizeof(k), "arg%d", pos++);
			keys[nk] = kv_xstrdup(k);
			keys[nk + 1] = kv_xstrdup(tok);
		}
		kv_params_add(p, keys[nk], keys[nk + 1]);
		nk += 2;
		if (nk >= 62) {
			break;
		}
	}
	free(copy);
	return family != NULL ? family : kv_xstrdup(run_name);
}

static const char *time_unit(const char *u)
{
	return strcmp(u, "ns") == 0 || strcmp(u, "us") == 0 || strcmp(u, "ms") == 0 ||
		       strcmp(u, "s") == 0
		   ? u
		   : NULL;
}

static bool is_aggregate(json_t *row)
{
	json_t *t = json_object_get(row, "run_type");

	return json_is_string(t) && strcmp(json_string_value(t), "aggregate") == 0;
}

static const char *run_name_of(json_t *row)
{
	json_t *n = json_object_get(row, "run_name");

	if (!json_is_string(n)) {
		n = json_object_get(row, "name");
	}
	return json_is_string(n) ? json_string_value(n) : NULL;
}

/* Where sample k of a metric came from: $.benchmarks[rows[k]].<key>. */
struct where {
	const size_t *rows;
	const char *key;
};

static void at(const void *ctx, size_t k, struct kv_place *p)
{
	const struct where *w = ctx;
	struct kv_jctx c;

	kv_jctx_init(&c, NULL, NULL);
	kv_jctx_key(&c, "benchmarks");
	kv_jctx_idx(&c, w->rows[k]);
	kv_jctx_key(&c, w->key);
	snprintf(p->path, sizeof(p->path), "%s", c.path);
}

/* All iteration rows of one benchmark name, as samples of its metrics. */
static int one(struct kv_jctx *c, struct kv_sink *s, json_t *rows, size_t first, bool *done)
{
	static const struct {
		const char *key, *unit, *dir;
	} rates[] = {{"bytes_per_second", "B/s", "higher"},
		     {"items_per_second", "ops/s", "higher"}};
	const char *name = run_name_of(json_array_get(rows, first));
	size_t n = json_array_size(rows), k = 0;
	double *rt = kv_xcalloc(n, sizeof(double)), *ct = kv_xcalloc(n, sizeof(double));
	double *rate[2] = {kv_xcalloc(n, sizeof(double)), kv_xcalloc(n, sizeof(double))};
	size_t nrate[2] = {0, 0};
	size_t *at_row = kv_xcalloc(n, sizeof(*at_row)); /* where sample k is */
	size_t *rrow[2] = {kv_xcalloc(n, sizeof(size_t)), kv_xcalloc(n, sizeof(size_t))};
	const char *unit = NULL;
	struct kv_params p = {0};
	char *keys[64] = {0};
	char *family = NULL;
	int ret = -1;

	for (size_t i = first; i < n; i++) {
		json_t *row = json_array_get(rows, i);
		const char *rn = run_name_of(row), *u, *msg;
		if (done[i] || rn == NULL || strcmp(rn, name) != 0) {
			continue;
		}
		done[i] = true;
		if (is_aggregate(row)) {
			continue;
		}
		size_t mi = kv_jctx_idx(c, i);
		json_t *e = json_object_get(row, "error_occurred");
		if (json_is_true(e)) {
			kv_jget_str(c, row, "error_message", false, &msg);
			kv_jctx_fail(c, "the benchmark reported an error: %s",
				     msg ? msg : "(no message)");
			goto out;
		}
		if (kv_jget_num(c, row, "real_time", true, &rt[k], NULL) < 0 ||
		    kv_jget_num(c, row, "cpu_time", true, &ct[k], NULL) < 0 ||
		    kv_jget_str(c, row, "time_unit", true, &u) < 0) {
			goto out;
		}
		if (time_unit(u) == NULL) {
			size_t mu = kv_jctx_key(c, "time_unit");
			kv_jctx_fail(c, "expected ns, us, ms or s, got \"%s\"", u);
			kv_jctx_pop(c, mu);
			goto out;
		}
		if (unit != NULL && strcmp(unit, u) != 0) {
			size_t mu = kv_jctx_key(c, "time_unit");
			kv_jctx_fail(c, "\"%s\" differs from the earlier rows' \"%s\"", u, unit);
			kv_jctx_pop(c, mu);
			goto out;
		}
		unit = u;
		for (int r = 0; r < 2; r++) {
			bool have;
			if (kv_jget_num(c, row, rates[r].key, false, &rate[r][nrate[r]], &have) <
			    0) {
				goto out;
			}
			rrow[r][nrate[r]] = i;
			nrate[r] += have;
		}
		at_row[k] = i;
		k++;
		kv_jctx_pop(c, mi);
	}
	if (k == 0) {
		ret = 0; /* only aggregates: nothing to import */
		goto out;
	}
	family = split_name(name, &p, keys);
	struct where wr = {at_row, "real_time"}, wc = {at_row, "cpu_time"};
	struct kv_origin fr = {.at = at, .ctx = &wr}, fc = {.at = at, .ctx = &wc};
	if (kv_sink_benchmark(s, "gbench", family, p.v, p.n, c->err) < 0 ||
	    kv_sink_metric(s, "real_time", unit, "lower", rt, k, &fr, c->err) < 0 ||
	    kv_sink_metric(s, "cpu_time", unit, "lower", ct, k, &fc, c->err) < 0) {
		kv_jctx_wrap(c);
		goto out;
	}
	for (int r = 0; r < 2; r++) {
		struct where w = {rrow[r], rates[r].key};
		struct kv_origin from = {.at = at, .ctx = &w};
		if (nrate[r] > 0 && kv_sink_metric(s, rates[r].key, rates[r].unit, rates[r].dir,
						   rate[r], nrate[r], &from, c->err) < 0) {
			kv_jctx_wrap(c);
			goto out;
		}
	}
	ret = 0;
out:
	free(rt);
	free(ct);
	free(rate[0]);
	free(rate[1]);
	free(at_row);
	free(rrow[0]);
	free(rrow[1]);
	free(family);
	for (int i = 0; i < 64; i++) {
		free(keys[i]);
	}
	kv_params_release(&p);
	return ret;
}

static int load(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct kv_jctx c;
	struct kv_run_meta meta = {.tool = "gbench"};
	json_t *ctx, *rows;
	const char *date = NULL, *host = NULL, *version = NULL;
	int ret = -1;

	kv_jctx_init(&c, file, err);
	if (kv_jget_obj(&c, root, "context", true, &ctx) < 0 ||
	    kv_jget_arr(&c, root, "benchmarks", true, &rows) < 0) {
		return -1;
	}
	size_t m = kv_jctx_key(&c, "context");
	if (kv_jget_str(&c, ctx, "date", false, &date) < 0 ||
	    kv_jget_str(&c, ctx, "host_name", false, &host) < 0 ||
	    kv_jget_str(&c, ctx, "library_version", false, &version) < 0) {
		return -1;
	}
	char when[KV_TIME_SIZE];
	bool dated = date != NULL && kv_time_syntax(date);
	if (dated && kv_jtime(&c, "date", date, when) < 0) {
		return -1;
	}
	if (date != NULL && !dated) {
		/* releases before 1.5 wrote "%x %X" on Windows: 02/14/19 11:04:46 */
		size_t md = kv_jctx_key(&c, "date");
		kv_sink_warn(s, "%s: \"%s\" is not an ISO 8601 time: the run has no start time",
			     c.path, date);
		kv_jctx_pop(&c, md);
	}
	kv_jctx_pop(&c, m);
	meta.start_time = dated ? when : NULL;
	meta.host = host;
	meta.tool_version = version;
	if (kv_sink_run(s, &meta, err) < 0) {
		return kv_jctx_wrap(&c);
	}
	size_t n = json_array_size(rows);
	bool *done = kv_xcalloc(n ? n : 1, sizeof(*done));
	m = kv_jctx_key(&c, "benchmarks");
	for (size_t i = 0; i < n; i++) {
		json_t *row = json_array_get(rows, i);
		if (done[i]) {
			continue;
		}
		if (!json_is_object(row) || run_name_of(row) == NULL) {
			size_t mi = kv_jctx_idx(&c, i);
			kv_jctx_fail(&c, json_is_object(row) ? "missing member \"name\""
							     : "expected an object");
			kv_jctx_pop(&c, mi);
			goto out;
		}
		if (one(&c, s, rows, i, done) < 0) {
			goto out;
		}
	}
	kv_jctx_pop(&c, m);
	ret = 0;
out:
	free(done);
	return ret;
}

const struct kv_format kv_format_gbench = {
    .info = {.name = "gbench",
	     .description = "Google Benchmark --benchmark_format=json, with or without "
			    "repetitions (aggregate rows are skipped)",
	     .metrics = "real_time, cpu_time (s; every iteration row a sample), "
			"bytes_per_second, items_per_second"},
    .detect_json = detect,
    .load_json = load,
};
