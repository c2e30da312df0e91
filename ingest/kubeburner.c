/*
 * kubeburner.c - kube-burner's measurements as its local indexer writes
 * them: JSON arrays of documents, each with "metricName" and "uuid"
 * (vmiLatencyMeasurement-<job>.json, vmiLatencyQuantilesMeasurement-<job>.json,
 * podLatency..., vmimLatency..., dvLatency..., jobSummary.json).  A
 * collected-metrics directory (one holding jobSummary.json) is one import:
 * the ingest layer hands all its files to load_set() together.
 *
 * Runs are kube-burner's uuids: every document of one uuid, whichever file
 * it is in, belongs to one run (go-commons appends to an existing file, so
 * one file may hold two runs).
 *
 * - "...LatencyMeasurement" documents: one object (a VMI, a pod, a
 *   migration) each; every numeric member named "...Latency" is one sample
 *   in milliseconds.  A negative latency is a phase kube-burner never saw
 *   (it subtracts from a zero time): left out with a note.
 * - "...QuantilesMeasurement" documents: per phase ("quantileName") the
 *   P50, P95, P99, min, max and avg of the run (old releases write Max and
 *   Avg): per-run summaries.
 * - "jobSummary" documents: labels (uuid, version, job, passed, the job's
 *   iterations, QPS and burst, and the user metadata merged into it or
 *   given in its "metadata" object) and the job's elapsed time and achieved
 *   QPS.  The uuid is also the label "uuid", and the user metadata's
 *   k8sVersion "k8s.version": the keys every format that knows them uses
 *   (issue #16, docs/formats.md).
 * - anything else (Prometheus metrics of a metrics profile) is not a
 *   benchmark result: left out with a note naming the metrics.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* One document and where it came from. */
struct doc {
	json_t *d;
	size_t file; /* index into the files */
	size_t idx;  /* index in its file's array, or SIZE_MAX for a lone object */
	const char *metric, *uuid, *job;
	char bench[64]; /* the benchmark it belongs to (bench_of) */
};

enum kind { LATENCY, QUANTILES, SUMMARY, OTHER };

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static enum kind kind_of(const char *metric)
{
	if (strcmp(metric, "jobSummary") == 0) {
		return SUMMARY;
	}
	if (ends_with(metric, "QuantilesMeasurement")) {
		return QUANTILES;
	}
	if (ends_with(metric, "LatencyMeasurement")) {
		return LATENCY;
	}
	return OTHER;
}

static bool is_doc(json_t *d)
{
	return json_is_object(d) && json_is_string(json_object_get(d, "metricName")) &&
	       json_is_string(json_object_get(d, "uuid"));
}

/* A kube-burner document, or an array whose first element is one. */
static bool detect(json_t *root)
{
	json_t *d = json_is_array(root) ? json_array_get(root, 0) : root;

	if (!is_doc(d)) {
		return false;
	}
	enum kind k = kind_of(json_string_value(json_object_get(d, "metricName")));
	/* a Prometheus metric alone is not a result file; with the others it is */
	return k != OTHER || json_object_get(d, "query") != NULL;
}

/* The job a document belongs to: jobName, else jobConfig.name, else "". */
static const char *job_of(json_t *d)
{
	const char *j = json_string_value(json_object_get(d, "jobName"));

	if (j == NULL) {
		j = json_string_value(json_object_get(json_object_get(d, "jobConfig"), "name"));
	}
	return j ? j : "";
}

struct set {
	struct doc *docs;
	size_t n, cap;
	const char *const *files;
	struct kv_error *err;
};

/* Sets the context's path to the document's place. */
static void at(struct kv_jctx *c, const struct set *st, const struct doc *d)
{
	kv_jctx_init(c, st->files[d->file], st->err);
	if (d->idx != SIZE_MAX) {
		kv_jctx_idx(c, d->idx);
	}
}

static void bench_of(const struct doc *d, char *buf, size_t size);

static int add_doc(struct set *st, json_t *d, size_t file, size_t idx)
{
	struct doc x = {.d = d, .file = file, .idx = idx};
	struct kv_jctx c;

	kv_jctx_init(&c, st->files[file], st->err);
	if (idx != SIZE_MAX) {
		kv_jctx_idx(&c, idx);
	}
	if (!json_is_object(d)) {
		return kv_jctx_fail(&c, "expected an object, got %s", kv_json_kind(d));
	}
	if (kv_jget_str(&c, d, "metricName", true, &x.metric) < 0 ||
	    kv_jget_str(&c, d, "uuid", true, &x.uuid) < 0) {
		return -1;
	}
	x.job = job_of(d);
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 256;
		st->docs = kv_xreallocarray(st->docs, st->cap, sizeof(*st->docs));
	}
	bench_of(&x, x.bench, sizeof(x.bench));
	st->docs[st->n++] = x;
	return 0;
}

/* Adds the distinct value of v to a comma-separated list. */
static void add_distinct(struct kv_strbuf *list, const char *v)
{
	const char *p = list->len ? list->buf : "";
	size_t n = strlen(v);

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, v, n) == 0) {
			return;
		}
		p += len + (comma != NULL);
	}
	kv_strbuf_addf(list, "%s%s", list->len ? "," : "", v);
}

/* The jobSummary members that are not labels of their own. */
static const char *const summary_known[] = {"timestamp",
					    "endTimestamp",
					    "cleanupTimestamp",
					    "cleanupEndTimestamp",
					    "churnStartTimestamp",
					    "churnEndTimestamp",
					    "elapsedTime",
					    "achievedQps",
					    "uuid",
					    "metricName",
					    "version",
					    "passed",
					    "executionErrors",
					    "jobConfig",
					    "metadata",
					    "jobName",
					    NULL};

/* A label whose value is the distinct values of all the run's documents. */
struct label {
	char *key;
	struct kv_strbuf val;
};

struct labels {
	struct label *v;
	size_t n, cap;
};

static void label_add(struct labels *l, const char *key, const char *val)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].key, key) == 0) {
			add_distinct(&l->v[i].val, val);
			return;
		}
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = kv_xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n].key = kv_xstrdup(key);
	l->v[l->n].val = (struct kv_strbuf)KV_STRBUF_INIT;
	kv_strbuf_adds(&l->v[l->n].val, val);
	l->n++;
}

static void labels_release(struct labels *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		kv_strbuf_release(&l->v[i].val);
	}
	free(l->v);
}

/* Labels and metadata of one jobSummary document. */
static int summary_labels(struct kv_jctx *c, json_t *d, struct labels *l, struct kv_sink *s)
{
	const char *key, *txt;
	json_t *v, *cfg = json_object_get(d, "jobConfig");
	char buf[64];
	bool isnum;
	double num;

	if (json_is_string(json_object_get(d, "version"))) {
		label_add(l, "kube-burner.version",
			  json_string_value(json_object_get(d, "version")));
	}
	if (json_object_get(d, "passed") != NULL) {
		json_t *p = json_object_get(d, "passed");
		if (!json_is_boolean(p)) {
			kv_jctx_key(c, "passed");
			return kv_jctx_fail(c, "expected true or false, got %s", kv_json_kind(p));
		}
		label_add(l, "kube-burner.passed", json_is_true(p) ? "true" : "false");
		if (!json_is_true(p)) {
			const char *why = json_string_value(json_object_get(d, "executionErrors"));
			kv_sink_warn_file(s, c->file, "%s: job '%s' did not pass%s%s", c->path,
					  job_of(d), why && *why ? ": " : "",
					  why && *why ? why : "");
		}
	}
	if (*job_of(d)) {
		label_add(l, "kube-burner.job", job_of(d));
	}
	static const char *const cfg_keys[] = {"jobType", "jobIterations", "qps", "burst", NULL};
	for (size_t i = 0; json_is_object(cfg) && cfg_keys[i] != NULL; i++) {
		json_t *x = json_object_get(cfg, cfg_keys[i]);
		if (x == NULL || json_is_null(x) || json_is_object(x) || json_is_array(x)) {
			continue;
		}
		char lk[64];
		size_t m1 = kv_jctx_key(c, "jobConfig"), m2 = kv_jctx_key(c, cfg_keys[i]);
		if (kv_jscalar(c, x, buf, sizeof(buf), &txt, &isnum, &num) < 0) {
			return -1;
		}
		kv_jctx_pop(c, m2);
		kv_jctx_pop(c, m1);
		snprintf(lk, sizeof(lk), "kube-burner.%s", cfg_keys[i]);
		label_add(l, lk, txt);
	}
	/* user metadata merged into the summary (versions, platform, ...), and
	 * in its "metadata" object (kube-burner's --user-metadata) */
	json_t *meta = json_object_get(d, "metadata");
	for (int pass = 0; pass < 2; pass++) {
		json_t *from = pass == 0 ? d : meta;
		if (!json_is_object(from)) {
			continue;
		}
		size_t m0 = pass == 1 ? kv_jctx_key(c, "metadata") : 0;
		json_object_foreach(from, key, v)
		{
			if ((pass == 0 && kv_str_in(key, summary_known)) || json_is_object(v) ||
			    json_is_array(v) || json_is_null(v)) {
				continue;
			}
			struct kv_strbuf lk = KV_STRBUF_INIT;
			size_t m = kv_jctx_key(c, key);
			if (kv_jscalar(c, v, buf, sizeof(buf), &txt, &isnum, &num) < 0) {
				kv_strbuf_release(&lk);
				return -1;
			}
			kv_jctx_pop(c, m);
			kv_strbuf_addf(&lk, "kube-burner.%s", key);
			label_add(l, lk.buf, txt);
			if (strcmp(key, "k8sVersion") == 0) {
				label_add(l, "k8s.version", txt);
			}
			kv_strbuf_release(&lk);
		}
		if (pass == 1) {
			kv_jctx_pop(c, m0);
		}
	}
	return 0;
}

/* Values of one metric, gathered across documents, and where each is. */
struct vals {
	double *v;
	const struct doc **doc; /* the document of v[i] */
	const char **key;       /* its member there */
	size_t n, cap;
	size_t negative; /* left out */
	const struct set *st;
};

static void vals_add(struct vals *x, double v, const struct doc *d, const char *key)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 64;
		x->v = kv_xreallocarray(x->v, x->cap, sizeof(*x->v));
		x->doc = kv_xreallocarray(x->doc, x->cap, sizeof(*x->doc));
		x->key = kv_xreallocarray(x->key, x->cap, sizeof(*x->key));
	}
	x->doc[x->n] = d;
	x->key[x->n] = key;
	x->v[x->n++] = v;
}

static void vals_release(struct vals *x)
{
	free(x->v);
	free(x->doc);
	free(x->key);
}

/* Where value i of x came from: its file, and $[idx].key there. */
static void vals_at(const void *ctx, size_t i, struct kv_place *p)
{
	const struct vals *x = ctx;
	struct kv_jctx c;

	at(&c, x->st, x->doc[i]);
	kv_jctx_key(&c, x->key[i]);
	p->file = c.file;
	snprintf(p->path, sizeof(p->path), "%s", c.path);
}

/* The benchmark a measurement document belongs to: its metricName without
 * "QuantilesMeasurement" or "Measurement" (vmiLatency, podLatency, ...). */
static void bench_of(const struct doc *d, char *buf, size_t size)
{
	size_t n = strlen(d->metric);
	enum kind k = kind_of(d->metric);

	if (k == QUANTILES) {
		n -= strlen("QuantilesMeasurement");
	} else if (k == LATENCY) {
		n -= strlen("Measurement");
	}
	snprintf(buf, size, "%.*s", (int)n, d->metric);
}

static bool same_group(const struct doc *a, const struct doc *b)
{
	return strcmp(a->bench, b->bench) == 0 && strcmp(a->uuid, b->uuid) == 0 &&
	       strcmp(a->job, b->job) == 0;
}

/* Canonical quantile field name, or NULL: P50, P95, P99, min, max, avg. */
static const char *quantile_field(const char *key)
{
	static const char *const names[] = {"P50", "P95", "P99", "min", "max", "avg"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(key, names[i]) == 0) {
			return names[i];
		}
	}
	return NULL;
}

/* A metric name of the group, once, in order of first appearance. */
struct names {
	char **v;
	size_t n, cap;
};

static void names_add(struct names *nm, const char *name)
{
	for (size_t i = 0; i < nm->n; i++) {
		if (strcmp(nm->v[i], name) == 0) {
			return;
		}
	}
	if (nm->n == nm->cap) {
		nm->cap = nm->cap ? 2 * nm->cap : 16;
		nm->v = kv_xreallocarray(nm->v, nm->cap, sizeof(*nm->v));
	}
	nm->v[nm->n++] = kv_xstrdup(name);
}

static void names_release(struct names *nm)
{
	for (size_t i = 0; i < nm->n; i++) {
		free(nm->v[i]);
	}
	free(nm->v);
}

/* The metrics of one document: "vmiRunningLatency" for a latency
 * document, "VMIRunning.P99" for a quantile document. */
static void doc_metrics(const struct doc *d, struct names *nm)
{
	const char *key;
	json_t *v;
	char buf[256];

	if (kind_of(d->metric) == LATENCY) {
		json_object_foreach(d->d, key, v)
		{
			if (ends_with(key, "Latency")) {
				names_add(nm, key);
			}
		}
		return;
	}
	const char *q = json_string_value(json_object_get(d->d, "quantileName"));
	if (q == NULL) {
		return;
	}
	json_object_foreach(d->d, key, v)
	{
		const char *f = quantile_field(key);
		if (f != NULL) {
			snprintf(buf, sizeof(buf), "%s.%s", q, f);
			names_add(nm, buf);
		}
	}
}

/* The value of metric name in document d, if it has it. */
static int doc_value(const struct set *st, const struct doc *d, const char *name, struct vals *x)
{
	struct kv_jctx c;
	json_t *v = NULL;
	double num;
	const char *key;

	if (kind_of(d->metric) == LATENCY) {
		/* the common case, without building a path for a message */
		v = json_object_get(d->d, name);
		num = json_number_value(v);
		if (json_is_number(v) && isfinite(num) && num >= 0) {
			vals_add(x, num, d, name);
			return 0;
		}
	}
	at(&c, st, d);
	if (kind_of(d->metric) == LATENCY) {
		key = name;
	} else {
		const char *q, *dot = strrchr(name, '.');
		if (kv_jget_str(&c, d->d, "quantileName", true, &q) < 0) {
			return -1;
		}
		if (strncmp(q, name, (size_t)(dot - name)) != 0 || q[dot - name] != '\0') {
			return 0;
		}
		json_t *m;
		json_object_foreach(d->d, key, m)
		{
			if (quantile_field(key) != NULL &&
			    strcmp(quantile_field(key), dot + 1) == 0) {
				v = m;
				break;
			}
		}
	}
	if (v == NULL) {
		return 0;
	}
	size_t mark = kv_jctx_key(&c, key);
	if (kv_jnum(&c, v, &num) < 0) {
		return -1;
	}
	kv_jctx_pop(&c, mark);
	if (num < 0) {
		x->negative++;
		return 0;
	}
	vals_add(x, num, d, key);
	return 0;
}

/* Imports the documents of one (uuid, job, benchmark) group starting at docs[g]. */
static int group(struct set *st, size_t g, bool *done, struct kv_sink *s)
{
	const struct doc *first = &st->docs[g];
	struct names nm = {0};
	struct kv_params p = {0};
	struct kv_strbuf neg = KV_STRBUF_INIT;
	char bench[128];
	struct kv_jctx c;
	int ret = -1;

	bench_of(first, bench, sizeof(bench));
	for (size_t i = g; i < st->n; i++) {
		if (!done[i] && kind_of(st->docs[i].metric) != SUMMARY &&
		    kind_of(st->docs[i].metric) != OTHER && same_group(first, &st->docs[i])) {
			doc_metrics(&st->docs[i], &nm);
		}
	}
	if (*first->job) {
		kv_params_add(&p, "job", first->job);
	}
	at(&c, st, first);
	if (kv_sink_benchmark(s, "kube-burner", bench, p.v, p.n, c.err) < 0) {
		kv_jctx_wrap(&c);
		goto out;
	}
	for (size_t k = 0; k < nm.n; k++) {
		struct vals x = {.st = st};
		struct kv_origin from = {.at = vals_at, .ctx = &x};
		bool summary = strchr(nm.v[k], '.') != NULL;
		for (size_t i = g; i < st->n; i++) {
			const struct doc *d = &st->docs[i];
			if (done[i] || kind_of(d->metric) == SUMMARY ||
			    kind_of(d->metric) == OTHER || !same_group(first, d)) {
				continue;
			}
			if ((kind_of(d->metric) == QUANTILES) != summary) {
				continue;
			}
			if (doc_value(st, d, nm.v[k], &x) < 0) {
				vals_release(&x);
				goto out;
			}
		}
		if (x.negative > 0) {
			kv_strbuf_addf(&neg, "%s%s (%zu)", neg.len ? ", " : "", nm.v[k],
				       x.negative);
		}
		if (x.n > 0 &&
		    kv_sink_metric_kind(s, nm.v[k], "ms", "lower", summary ? "summary" : "sample",
					x.v, x.n, &from, c.err) < 0) {
			vals_release(&x);
			kv_jctx_wrap(&c);
			goto out;
		}
		vals_release(&x);
	}
	for (size_t i = g; i < st->n; i++) {
		if (!done[i] && kind_of(st->docs[i].metric) != SUMMARY &&
		    kind_of(st->docs[i].metric) != OTHER && same_group(first, &st->docs[i])) {
			done[i] = true;
		}
	}
	if (neg.len > 0) {
		kv_sink_warn_file(
		    s, st->files[first->file],
		    "%s: negative latencies (a phase kube-burner never saw) left out: %s", bench,
		    neg.buf);
	}
	ret = 0;
out:
	names_release(&nm);
	kv_params_release(&p);
	kv_strbuf_release(&neg);
	return ret;
}

/* The job's elapsed time and achieved QPS from its jobSummary. */
static int summary_metrics(struct set *st, const struct doc *d, struct kv_sink *s)
{
	struct kv_jctx c;
	struct kv_params p = {0};
	double v;
	bool have;
	int ret = -1;

	at(&c, st, d);
	if (*d->job) {
		kv_params_add(&p, "job", d->job);
	}
	if (kv_sink_benchmark(s, "kube-burner", "job", p.v, p.n, c.err) < 0) {
		kv_jctx_wrap(&c);
		goto out;
	}
	if (kv_jget_num(&c, d->d, "elapsedTime", false, &v, &have) < 0 ||
	    (have && kv_metric1(&c, s, "elapsedTime", "elapsedTime", "s", "lower", v) < 0)) {
		goto out;
	}
	if (kv_jget_num(&c, d->d, "achievedQps", false, &v, &have) < 0 ||
	    (have && v > 0 &&
	     kv_metric1(&c, s, "achievedQps", "achievedQps", "ops/s", "higher", v) < 0)) {
		goto out;
	}
	ret = 0;
out:
	kv_params_release(&p);
	return ret;
}

/* One run: every document of uuid. */
static int run(struct set *st, const char *uuid, bool *done, struct kv_strbuf *other,
	       struct kv_sink *s)
{
	struct labels l = {0};
	struct kv_run_meta meta = {.tool = "kube-burner"};
	const struct doc *firstdoc = NULL, *timedoc = NULL;
	char when[KV_TIME_SIZE];
	struct kv_jctx c;
	int ret = -1;

	for (size_t i = 0; i < st->n; i++) {
		const struct doc *d = &st->docs[i];
		if (strcmp(d->uuid, uuid) != 0) {
			continue;
		}
		firstdoc = firstdoc ? firstdoc : d;
		if (kind_of(d->metric) == SUMMARY) {
			at(&c, st, d);
			if (summary_labels(&c, d->d, &l, s) < 0) {
				goto out;
			}
			if (meta.start_time == NULL) {
				meta.start_time =
				    json_string_value(json_object_get(d->d, "timestamp"));
				timedoc = d;
			}
			if (meta.tool_version == NULL) {
				meta.tool_version =
				    json_string_value(json_object_get(d->d, "version"));
			}
		}
	}
	if (meta.start_time == NULL) {
		meta.start_time = json_string_value(json_object_get(firstdoc->d, "timestamp"));
		timedoc = firstdoc;
	}
	if (meta.start_time != NULL) {
		at(&c, st, timedoc);
		if (kv_jtime(&c, "timestamp", meta.start_time, when) < 0) {
			goto out;
		}
		meta.start_time = when;
	}
	at(&c, st, firstdoc);
	if (kv_sink_run(s, &meta, st->err) < 0 ||
	    kv_sink_label(s, "kube-burner.uuid", uuid, st->err) < 0 ||
	    kv_sink_label(s, "uuid", uuid, st->err) < 0) {
		kv_jctx_wrap(&c);
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		if (kv_sink_label(s, l.v[i].key, l.v[i].val.buf, st->err) < 0) {
			kv_jctx_wrap(&c);
			goto out;
		}
	}
	for (size_t i = 0; i < st->n; i++) {
		const struct doc *d = &st->docs[i];
		if (done[i] || strcmp(d->uuid, uuid) != 0) {
			continue;
		}
		switch (kind_of(d->metric)) {
		case SUMMARY:
			if (summary_metrics(st, d, s) < 0) {
				goto out;
			}
			done[i] = true;
			break;
		case OTHER:
			add_distinct(other, d->metric);
			done[i] = true;
			break;
		default:
			if (group(st, i, done, s) < 0) {
				goto out;
			}
		}
	}
	ret = 0;
out:
	labels_release(&l);
	return ret;
}

static int load_set(json_t *const *roots, const char *const *files, size_t n, struct kv_sink *s,
		    struct kv_error *err)
{
	struct set st = {.files = files, .err = err};
	struct kv_strbuf other = KV_STRBUF_INIT;
	bool *done = NULL;
	const char **uuids = NULL;
	size_t nuuids = 0;
	int ret = -1;

	for (size_t f = 0; f < n; f++) {
		json_t *root = roots[f];
		if (json_is_array(root)) {
			if (json_array_size(root) == 0) {
				struct kv_jctx c;
				kv_jctx_init(&c, files[f], err);
				kv_jctx_fail(&c, "an empty array: no kube-burner documents");
				goto out;
			}
			for (size_t i = 0; i < json_array_size(root); i++) {
				if (add_doc(&st, json_array_get(root, i), f, i) < 0) {
					goto out;
				}
			}
		} else if (add_doc(&st, root, f, SIZE_MAX) < 0) {
			goto out;
		}
	}
	done = kv_xcalloc(st.n ? st.n : 1, sizeof(*done));
	/* runs in order of their first document; a run is a few uuids, not one per document */
	uuids = kv_xcalloc(st.n ? st.n : 1, sizeof(*uuids));
	for (size_t i = 0; i < st.n; i++) {
		bool seen = false;
		for (size_t j = 0; j < nuuids && !seen; j++) {
			seen = strcmp(uuids[j], st.docs[i].uuid) == 0;
		}
		if (seen) {
			continue;
		}
		uuids[nuuids++] = st.docs[i].uuid;
		if (run(&st, st.docs[i].uuid, done, &other, s) < 0) {
			goto out;
		}
	}
	if (other.len > 0) {
		kv_sink_warn(s, "metrics that are not kube-burner measurements left out: %s",
			     other.buf);
	}
	ret = 0;
out:
	free(st.docs);
	free(done);
	free(uuids);
	kv_strbuf_release(&other);
	return ret;
}

static int load(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	return load_set(&root, &file, 1, s, err);
}

/* A directory holding jobSummary.json is kube-burner's metrics directory. */
static bool detect_dir(const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], "jobSummary.json") == 0) {
			return true;
		}
	}
	return false;
}

const struct kv_format kv_format_kubeburner = {
    .info = {.name = "kube-burner",
	     .description = "kube-burner measurements (local indexer): a collected-metrics "
			    "directory is one import, each uuid one run",
	     .metrics = "vmiLatency/podLatency/vmimLatency/dvLatency: every ...Latency per "
			"object (s); quantiles PHASE.P50/P95/P99/min/max/avg (summaries); job "
			"elapsedTime, achievedQps"},
    .detect_json = detect,
    .load_json = load,
    .detect_dir = detect_dir,
    .load_json_set = load_set,
};
