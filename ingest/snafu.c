/*
 * snafu.c - benchmark-wrapper's (snafu's) documents, as benchmark-operator
 * indexes them (cloud-bulldozer/benchmark-wrapper, snafu/benchmarks/uperf,
 * snafu/fio_wrapper, snafu/sysbench_wrapper).  Every document carries the
 * run's uuid, user and cluster_name.
 *
 * - uperf ("workload": "uperf"): one document per 1-second interval of
 *   `uperf -i 1` (snafu drops intervals without operations), with the
 *   profile (test_type, protocol, message_size, read_message_size,
 *   num_threads) and the setup (kind pod/vm, hostnetwork, nodes, ...).  A
 *   run is one uuid and iteration (snafu's sample number); a benchmark is
 *   the profile; every interval is a sample of throughput (norm_byte: bytes
 *   in that second), operations (norm_ops) and latency (norm_ltcy: the
 *   interval divided by its operations, in microseconds).
 * - fio ("fio": one entry of fio's client_stats, "fio-version", "sample",
 *   "timestamp_end" in ms, "global_options"): the documents of one fio
 *   invocation (uuid, sample, timestamp_end) are put back together as
 *   fio's client/server output and read by the fio adapter: one run.
 * - sysbench ("test_config": the command line's options, "test_results":
 *   sysbench's report parsed with spaces removed, "date", "sample"): a run
 *   is one uuid and sample; metrics as the sysbench adapter names them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "ingest/osdoc.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A scalar member as text ("" when it is missing or not a scalar). */
static void text_of(json_t *v, char *buf, size_t size)
{
	if (json_is_string(v)) {
		snprintf(buf, size, "%s", json_string_value(v));
	} else if (json_is_integer(v)) {
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	} else if (json_is_real(v)) {
		snprintf(buf, size, "%.17g", json_real_value(v));
	} else if (json_is_boolean(v)) {
		snprintf(buf, size, "%s", json_is_true(v) ? "true" : "false");
	} else {
		buf[0] = '\0';
	}
}

char *kv_snafu_run_key(const struct kv_osdoc *d)
{
	static const struct {
		enum kv_osdoc_kind kind;
		const char *tool, *keys[3];
	} runs[] = {
	    {KV_OSDOC_UPERF, "uperf", {"iteration", NULL, NULL}},
	    {KV_OSDOC_FIO, "fio", {"sample", "timestamp_end", "fio-version"}},
	    {KV_OSDOC_SYSBENCH, "sysbench", {"sample", NULL, NULL}},
	};
	struct kv_strbuf sb = KV_STRBUF_INIT;
	char buf[128];

	for (size_t i = 0; i < ARRAY_SIZE(runs); i++) {
		if (runs[i].kind != d->kind) {
			continue;
		}
		kv_strbuf_addf(&sb, "%s\x1f%s", runs[i].tool,
			       json_string_value(json_object_get(d->src, "uuid")));
		for (size_t k = 0; k < 3 && runs[i].keys[k] != NULL; k++) {
			text_of(json_object_get(d->src, runs[i].keys[k]), buf, sizeof(buf));
			kv_strbuf_addf(&sb, "\x1f%s", buf);
		}
		return kv_strbuf_detach(&sb);
	}
	return NULL;
}

/* Labels every benchmark-wrapper run has: snafu.uuid, snafu.<run key>, and
 * the scalar members of keys that the first document has (not empty). */
static int labels(struct kv_jctx *c, struct kv_sink *s, json_t *d, const char *const *keys)
{
	char buf[256], key[128];

	for (size_t i = 0; keys[i] != NULL; i++) {
		text_of(json_object_get(d, keys[i]), buf, sizeof(buf));
		if (buf[0] == '\0') {
			continue;
		}
		snprintf(key, sizeof(key), "snafu.%s", keys[i]);
		if (kv_sink_label(s, key, buf, c->err) < 0) {
			return kv_jctx_wrap(c);
		}
	}
	return 0;
}

/* Starts the run of docs[0..n): its start time is member key of the first. */
static int start(struct kv_osdoc *const *docs, const char *tool, const char *time_key,
		 const char *const *label_keys, struct kv_sink *s, struct kv_error *err)
{
	struct kv_run_meta meta = {.tool = tool};
	struct kv_jctx c;
	char when[KV_TIME_SIZE];
	const char *ts;

	kv_osdoc_ctx(&c, docs[0], err);
	if (kv_jget_str(&c, docs[0]->src, time_key, false, &ts) < 0 ||
	    (ts != NULL && kv_jtime(&c, time_key, ts, when) < 0)) {
		return -1;
	}
	meta.start_time = ts != NULL ? when : NULL;
	if (kv_sink_run(s, &meta, err) < 0) {
		return kv_jctx_wrap(&c);
	}
	return labels(&c, s, docs[0]->src, label_keys);
}

/* Where sample i of a metric is: member key of docs[i]. */
struct where {
	struct kv_osdoc *const *docs;
	const char *key;
};

static void where_at(const void *ctx, size_t i, struct kv_place *p)
{
	const struct where *w = ctx;

	p->file = w->docs[i]->where;
	snprintf(p->path, sizeof(p->path), "%s.%s", w->docs[i]->path, w->key);
}

/* The documents of docs[0..n) whose benchmark (the text params(d)) is the
 * same as docs[g]'s, not done yet: into out, marked done. */
static size_t same_bench(struct kv_osdoc *const *docs, size_t n, size_t g, bool *done,
			 void (*params)(json_t *d, struct kv_strbuf *sb), struct kv_osdoc **out)
{
	struct kv_strbuf a = KV_STRBUF_INIT, b = KV_STRBUF_INIT;
	size_t k = 0;

	params(docs[g]->src, &a);
	for (size_t i = g; i < n; i++) {
		kv_strbuf_truncate(&b, 0);
		params(docs[i]->src, &b);
		if (!done[i] && strcmp(kv_strbuf_str(&a), kv_strbuf_str(&b)) == 0) {
			out[k++] = docs[i];
			done[i] = true;
		}
	}
	kv_strbuf_release(&a);
	kv_strbuf_release(&b);
	return k;
}

/* Parses "name\x1fk=v\x1fk=v" into a benchmark of the sink. */
static int benchmark(struct kv_sink *s, const char *tool, const char *text, struct kv_error *err)
{
	char *copy = kv_xstrdup(text), *p = copy, *name = strsep(&p, "\x1f");
	struct kv_params params = {0};

	for (char *tok; p != NULL && (tok = strsep(&p, "\x1f")) != NULL;) {
		char *eq = strchr(tok, '=');
		if (eq != NULL) { /* a key is one of ours, without '=' */
			*eq = '\0';
			kv_params_add(&params, tok, eq + 1);
		}
	}
	int ret = kv_sink_benchmark(s, tool, name, params.v, params.n, err);
	kv_params_release(&params);
	free(copy);
	return ret;
}

/* uperf's benchmark: test_type and the profile's sizes and threads. */
static void uperf_params(json_t *d, struct kv_strbuf *sb)
{
	static const char *const keys[] = {"protocol",     "message_size", "read_message_size",
					   "num_threads",  "num_pairs",    "density",
					   "nodes_in_iter"};
	char buf[128];

	text_of(json_object_get(d, "test_type"), buf, sizeof(buf));
	kv_strbuf_adds(sb, buf[0] ? buf : "uperf");
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		text_of(json_object_get(d, keys[i]), buf, sizeof(buf));
		if (buf[0] != '\0') {
			kv_strbuf_addf(sb, "\x1f%s=%s", keys[i], buf);
		}
	}
}

int kv_snafu_uperf(struct kv_osdoc *const *docs, size_t n, struct kv_sink *s, struct kv_error *err)
{
	static const char *const label_keys[] = {
	    "uuid",        "iteration",   "user",          "cluster_name",
	    "kind",        "hostnetwork", "service_ip",    "service_type",
	    "client_node", "server_node", "networkpolicy", "multus_client",
	    "colocate",    NULL};
	static const struct {
		const char *key, *name, *unit, *dir;
	} ms[] = {{"norm_byte", "throughput", "B/s", "higher"},
		  {"norm_ops", "operations", "ops/s", "higher"},
		  {"norm_ltcy", "latency", "us", "lower"}};
	struct kv_osdoc **g = kv_xcalloc(n, sizeof(*g));
	bool *done = kv_xcalloc(n, sizeof(*done));
	double *v = kv_xcalloc(n, sizeof(*v));
	struct kv_strbuf text = KV_STRBUF_INIT;
	int ret = -1;

	if (start(docs, "uperf", "timestamp", label_keys, s, err) < 0) {
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (done[i]) {
			continue;
		}
		size_t k = same_bench(docs, n, i, done, uperf_params, g);
		struct kv_jctx c;
		kv_strbuf_truncate(&text, 0);
		uperf_params(g[0]->src, &text);
		kv_osdoc_ctx(&c, g[0], err);
		if (benchmark(s, "uperf", text.buf, err) < 0) {
			kv_jctx_wrap(&c);
			goto out;
		}
		for (size_t m = 0; m < ARRAY_SIZE(ms); m++) {
			for (size_t j = 0; j < k; j++) {
				kv_osdoc_ctx(&c, g[j], err);
				if (kv_jget_num(&c, g[j]->src, ms[m].key, true, &v[j], NULL) < 0) {
					goto out;
				}
			}
			struct where w = {.docs = g, .key = ms[m].key};
			struct kv_origin from = {.at = where_at, .ctx = &w};
			if (kv_sink_metric(s, ms[m].name, ms[m].unit, ms[m].dir, v, k, &from, err) <
			    0) {
				kv_osdoc_ctx(&c, g[0], err);
				kv_jctx_wrap(&c);
				goto out;
			}
		}
	}
	ret = 0;
out:
	free(g);
	free(done);
	free(v);
	kv_strbuf_release(&text);
	return ret;
}

/* An error of the fio adapter names a path in the client/server output put
 * back together: make it name the document it came from. */
static void fio_relocate(struct kv_error *e, struct kv_osdoc *const *docs, size_t n)
{
	static const struct {
		const char *path, *sub;
	} top[] = {{"$[\"global options\"]", ".global_options"},
		   {"$[\"fio version\"]", "[\"fio-version\"]"},
		   {"$.timestamp", ".timestamp_end"}};
	char rest[sizeof(e->msg)];
	const char *p = e->msg;

	if (e->code == 0) {
		return;
	}
	if (strncmp(p, "$.client_stats[", 15) == 0) {
		char *end;
		unsigned long k = strtoul(p + 15, &end, 10);
		if (*end == ']' && k < n) {
			snprintf(rest, sizeof(rest), "$%s", end + 1);
			snprintf(e->msg, sizeof(e->msg), "%s", rest);
			kv_osdoc_relocate(e, docs[k], ".fio");
			return;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(top); i++) {
		size_t len = strlen(top[i].path);
		if (strncmp(p, top[i].path, len) == 0) {
			snprintf(rest, sizeof(rest), "$%s", p + len);
			snprintf(e->msg, sizeof(e->msg), "%s", rest);
			kv_osdoc_relocate(e, docs[0], top[i].sub);
			return;
		}
	}
	kv_osdoc_relocate(e, docs[0], "");
}

int kv_snafu_fio(struct kv_osdoc *const *docs, size_t n, struct kv_sink *s, struct kv_error *err)
{
	static const char *const label_keys[] = {"uuid", "sample", "user", "cluster_name", NULL};
	json_t *out = json_object(), *stats = json_array();
	struct kv_jctx c;
	const char *version;
	json_t *global, *fio;
	double end;
	bool have_end;
	int ret = -1;

	json_object_set_new(out, "client_stats", stats);
	for (size_t i = 0; i < n; i++) {
		kv_osdoc_ctx(&c, docs[i], err);
		if (kv_jget_obj(&c, docs[i]->src, "fio", true, &fio) < 0 ||
		    kv_jget_str(&c, docs[i]->src, "fio-version", true, &version) < 0 ||
		    kv_jget_obj(&c, docs[i]->src, "global_options", false, &global) < 0 ||
		    kv_jget_num(&c, docs[i]->src, "timestamp_end", false, &end, &have_end) < 0) {
			goto out;
		}
		json_array_append(stats, fio);
		if (i == 0) {
			json_object_set_new(out, "fio version", json_string(version));
			if (global != NULL) {
				json_object_set(out, "global options", global);
			}
			if (have_end) {
				/* snafu wrote fio's timestamp (s) times 1000 */
				json_object_set_new(out, "timestamp",
						    json_integer((json_int_t)(end / 1000)));
			}
		}
	}
	if (kv_format_fio.load_json(out, docs[0]->where, s, err) < 0) {
		fio_relocate(err, docs, n);
		fio_relocate(&s->refused, docs, n);
		goto out;
	}
	kv_osdoc_ctx(&c, docs[0], err);
	if (labels(&c, s, docs[0]->src, label_keys) < 0) {
		goto out;
	}
	ret = 0;
out:
	json_decref(out);
	return ret;
}

/* A member of test_results: in section (NULL: at the top, "*": any). */
static json_t *result_of(json_t *res, const char *section, const char *key, const char **sec)
{
	const char *k;
	json_t *v;

	*sec = section;
	if (section == NULL) {
		return json_object_get(res, key);
	}
	if (strcmp(section, "*") != 0) {
		return json_object_get(json_object_get(res, section), key);
	}
	json_object_foreach(res, k, v)
	{
		if (json_is_object(v) && json_object_get(v, key) != NULL) {
			*sec = k;
			return json_object_get(v, key);
		}
	}
	return NULL;
}

/* sysbench's --file-block-size (bytes, or with a K, M or G suffix) as its
 * report writes it ("16KiB"); its default is 16384. */
static void block_size(const char *opt, char *out, size_t size)
{
	char *end;
	double v = opt[0] ? strtod(opt, &end) : 16384;

	if (opt[0]) {
		const char *suffix = "KMGkmg";
		const char *at = *end ? strchr(suffix, *end) : NULL;
		if (at != NULL) {
			for (int k = (int)((at - suffix) % 3); k >= 0; k--) {
				v *= 1024;
			}
		} else if (*end != '\0' || end == opt) {
			snprintf(out, size, "%s", opt); /* as written */
			return;
		}
	}
	if (v >= 1048576 && (long long)v % 1048576 == 0) {
		snprintf(out, size, "%lldMiB", (long long)v / 1048576);
	} else if (v >= 1024 && (long long)v % 1024 == 0) {
		snprintf(out, size, "%lldKiB", (long long)v / 1024);
	} else {
		snprintf(out, size, "%lldb", (long long)v);
	}
}

/* sysbench's benchmark: the test and the parameters the sysbench adapter
 * reads from the report. */
static void sysbench_params(json_t *d, struct kv_strbuf *sb)
{
	json_t *cfg = json_object_get(d, "test_config");
	json_t *opts = json_object_get(json_object_get(d, "test_results"), "options");
	char test[64], buf[128];

	text_of(json_object_get(cfg, "test"), test, sizeof(test));
	kv_strbuf_adds(sb, test);
	text_of(json_object_get(opts, "Numberofthreads"), buf, sizeof(buf));
	if (buf[0] == '\0') {
		text_of(json_object_get(cfg, "threads"), buf, sizeof(buf));
	}
	kv_strbuf_addf(sb, "\x1fthreads=%s", buf[0] ? buf : "1");
	static const struct {
		const char *test, *param, *option, *config;
	} extra[] = {
	    {"cpu", "max_prime", "Primenumberslimit", "cpu-max-prime"},
	    {"memory", "block_size", "blocksize", "memory-block-size"},
	    {"memory", "operation", "operation", "memory-oper"},
	    {"fileio", "mode", NULL, "file-test-mode"},
	};
	if (strcmp(test, "fileio") == 0) {
		/* the report's "Block size 16KiB" has no colon: snafu drops it */
		char bs[sizeof(buf)];
		text_of(json_object_get(cfg, "file-block-size"), buf, sizeof(buf));
		block_size(buf, bs, sizeof(bs));
		kv_strbuf_addf(sb,
			       "\x1f"
			       "block_size=%s",
			       bs);
	}
	for (size_t i = 0; i < ARRAY_SIZE(extra); i++) {
		if (strcmp(test, extra[i].test) != 0) {
			continue;
		}
		buf[0] = '\0';
		if (extra[i].option != NULL) {
			text_of(json_object_get(opts, extra[i].option), buf, sizeof(buf));
		}
		if (buf[0] == '\0') {
			text_of(json_object_get(cfg, extra[i].config), buf, sizeof(buf));
		}
		if (buf[0] != '\0') {
			kv_strbuf_addf(sb, "\x1f%s=%s", extra[i].param, buf);
		}
	}
}

/* Where sample i of a sysbench metric is: docs[i].test_results.<sec>.<key>. */
struct swhere {
	struct kv_osdoc *const *docs;
	const char **sec;
	const char *key;
};

static void sysbench_at(const void *ctx, size_t i, struct kv_place *p)
{
	const struct swhere *w = ctx;
	struct kv_jctx c;

	kv_osdoc_ctx(&c, w->docs[i], NULL);
	kv_jctx_key(&c, "test_results");
	if (w->sec[i] != NULL) {
		kv_jctx_key(&c, w->sec[i]);
	}
	kv_jctx_key(&c, w->key);
	p->file = w->docs[i]->where;
	snprintf(p->path, sizeof(p->path), "%s", c.path);
}

int kv_snafu_sysbench(struct kv_osdoc *const *docs, size_t n, struct kv_sink *s,
		      struct kv_error *err)
{
	static const char *const label_keys[] = {"uuid", "sample", "user", "cluster_name", NULL};
	static const struct {
		const char *section, *key, *name, *unit, *dir;
	} ms[] = {
	    {"CPUspeed", "eventspersecond", "events_per_second", "events/s", "higher"},
	    {"*", "Totaloperationspersecond", "operations_per_second", "ops/s", "higher"},
	    {NULL, "transferredpersec(MiB/sec)", "transfer_rate", "MiB/s", "higher"},
	    {"Fileoperations", "reads/s", "reads_per_second", "ops/s", "higher"},
	    {"Fileoperations", "writes/s", "writes_per_second", "ops/s", "higher"},
	    {"Fileoperations", "fsyncs/s", "fsyncs_per_second", "ops/s", "higher"},
	    {"Throughput", "read,MiB/s", "read_throughput", "MiB/s", "higher"},
	    {"Throughput", "written,MiB/s", "write_throughput", "MiB/s", "higher"},
	    {"Generalstatistics", "totaltime(seconds)", "total_time", "s", "lower"},
	    {"Generalstatistics", "totalnumberofevents", "events", "count", "higher"},
	    {"Latency(ms)", "min", "latency_min", "ms", "lower"},
	    {"Latency(ms)", "avg", "latency_avg", "ms", "lower"},
	    {"Latency(ms)", "max", "latency_max", "ms", "lower"},
	    {"Latency(ms)", "95thpercentile", "latency_p95", "ms", "lower"},
	};
	struct kv_osdoc **g = kv_xcalloc(n, sizeof(*g));
	bool *done = kv_xcalloc(n, sizeof(*done));
	double *v = kv_xcalloc(n, sizeof(*v));
	const char **sec = kv_xcalloc(n, sizeof(*sec));
	size_t *found = kv_xcalloc(n, sizeof(*found));
	struct kv_strbuf text = KV_STRBUF_INIT;
	struct kv_jctx c;
	int ret = -1;

	for (size_t i = 0; i < n; i++) {
		json_t *cfg, *res;
		const char *test;
		kv_osdoc_ctx(&c, docs[i], err);
		if (kv_jget_obj(&c, docs[i]->src, "test_config", true, &cfg) < 0 ||
		    kv_jget_obj(&c, docs[i]->src, "test_results", true, &res) < 0) {
			goto out;
		}
		size_t m = kv_jctx_key(&c, "test_config");
		if (kv_jget_str(&c, cfg, "test", true, &test) < 0) {
			goto out;
		}
		kv_jctx_pop(&c, m);
	}
	if (start(docs, "sysbench", "date", label_keys, s, err) < 0) {
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (done[i]) {
			continue;
		}
		size_t k = same_bench(docs, n, i, done, sysbench_params, g);
		kv_strbuf_truncate(&text, 0);
		sysbench_params(g[0]->src, &text);
		kv_osdoc_ctx(&c, g[0], err);
		if (benchmark(s, "sysbench", text.buf, err) < 0) {
			kv_jctx_wrap(&c);
			goto out;
		}
		memset(found, 0, n * sizeof(*found));
		for (size_t m = 0; m < ARRAY_SIZE(ms); m++) {
			size_t nv = 0;
			struct kv_osdoc **at = kv_xcalloc(k, sizeof(*at));
			for (size_t j = 0; j < k; j++) {
				json_t *res = json_object_get(g[j]->src, "test_results");
				json_t *x = result_of(res, ms[m].section, ms[m].key, &sec[nv]);
				if (x == NULL) {
					continue;
				}
				kv_osdoc_ctx(&c, g[j], err);
				kv_jctx_key(&c, "test_results");
				if (sec[nv] != NULL) {
					kv_jctx_key(&c, sec[nv]);
				}
				kv_jctx_key(&c, ms[m].key);
				if (kv_jnum(&c, x, &v[nv]) < 0) {
					free(at);
					goto out;
				}
				found[j]++;
				at[nv++] = g[j];
			}
			struct swhere w = {.docs = at, .sec = sec, .key = ms[m].key};
			struct kv_origin from = {.at = sysbench_at, .ctx = &w};
			int rc = nv == 0 ? 0
					 : kv_sink_metric(s, ms[m].name, ms[m].unit, ms[m].dir, v,
							  nv, &from, err);
			free(at);
			if (rc < 0) {
				kv_osdoc_ctx(&c, g[0], err);
				kv_jctx_wrap(&c);
				goto out;
			}
		}
		for (size_t j = 0; j < k; j++) {
			if (found[j] == 0) {
				kv_osdoc_ctx(&c, g[j], err);
				kv_jctx_key(&c, "test_results");
				kv_jctx_fail(&c, "none of sysbench's results (events per second, "
						 "total time, latency, ...)");
				goto out;
			}
		}
	}
	ret = 0;
out:
	free(g);
	free(done);
	free(v);
	free(sec);
	free(found);
	kv_strbuf_release(&text);
	return ret;
}
