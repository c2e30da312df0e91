/*
 * opensearch.c - documents kept in OpenSearch or Elasticsearch, as users
 * get them back out:
 *
 * - a _search response ({"hits": {"hits": [{"_index", "_id", "_source":
 *   {...}}]}}), a scroll of several (a JSON array of responses, or the
 *   responses one after another), or a JSON array of hits;
 * - an NDJSON dump, one document per line: a whole hit (elasticdump's and
 *   opensearch-dump's default) or its _source alone (--sourceOnly); _bulk
 *   action lines ({"index": {...}}) are skipped.
 *
 * The documents are recognised by their members and routed:
 * - kube-burner's measurements and jobSummary (metricName and uuid) to the
 *   kube-burner adapter, every uuid one run, as its local files would be;
 * - kube-burner's Prometheus metrics (metricName, uuid, query, value) into
 *   the run of their uuid: each metricName a metric (ingest/promset.h), its
 *   labels and jobName (as job) parameters, each value a sample;
 * - benchmark-wrapper's (snafu's) uperf, fio and sysbench documents, as
 *   benchmark-operator indexes them (snafu.c).
 * Anything else is counted and named in one note.  A file of which no
 * document is of a kind kvperf reads is refused.
 *
 * Errors name the document's place: in a single JSON document its path
 * ("dump.json: $.hits.hits[3]._source.norm_byte: ..."), in a text of
 * several values the line the value starts on and the path inside it
 * ("dump.ndjson:12: $._source.value: ...").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "ingest/jsonseq.h"
#include "ingest/osdoc.h"
#include "ingest/promset.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Documents of no kind kvperf reads, counted by what they are. */
struct unknown {
	char *what; /* "in ripsaw-fio-log", "with metricName alert", ... */
	size_t n;
};

struct osfile {
	const char *file;
	struct kv_error *err;
	json_t **vals; /* the parsed values, owned */
	size_t nvals, capvals;
	struct kv_osdoc *docs;
	size_t n, cap;
	size_t actions; /* _bulk action lines skipped */
	struct unknown *unk;
	size_t nunk, capunk, unknown;
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

enum kv_osdoc_kind kv_osdoc_classify(json_t *src)
{
	const char *metric = json_string_value(json_object_get(src, "metricName"));
	const char *uuid = json_string_value(json_object_get(src, "uuid"));
	const char *workload = json_string_value(json_object_get(src, "workload"));

	if (!json_is_object(src) || uuid == NULL) {
		return KV_OSDOC_UNKNOWN;
	}
	if (metric != NULL) {
		if (strcmp(metric, "jobSummary") == 0 || ends_with(metric, "LatencyMeasurement") ||
		    ends_with(metric, "QuantilesMeasurement")) {
			return KV_OSDOC_KB_MEASURE;
		}
		if (json_is_string(json_object_get(src, "query")) &&
		    json_object_get(src, "value") != NULL) {
			return KV_OSDOC_KB_METRIC;
		}
		return KV_OSDOC_UNKNOWN;
	}
	if ((workload != NULL && strcmp(workload, "uperf") == 0) ||
	    (json_object_get(src, "norm_byte") != NULL &&
	     json_object_get(src, "norm_ltcy") != NULL)) {
		return KV_OSDOC_UPERF;
	}
	json_t *fio = json_object_get(src, "fio");
	if (json_is_object(fio) && json_object_get(fio, "jobname") != NULL &&
	    json_object_get(src, "fio-version") != NULL) {
		return KV_OSDOC_FIO;
	}
	if (json_is_object(json_object_get(src, "test_config")) &&
	    json_is_object(json_object_get(src, "test_results"))) {
		return KV_OSDOC_SYSBENCH;
	}
	return KV_OSDOC_UNKNOWN;
}

void kv_osdoc_ctx(struct kv_jctx *c, const struct kv_osdoc *d, struct kv_error *err)
{
	kv_jctx_init(c, d->where, err);
	snprintf(c->path, sizeof(c->path), "%s", d->path);
	c->len = strlen(c->path);
}

void kv_osdoc_relocate(struct kv_error *e, const struct kv_osdoc *d, const char *sub)
{
	char msg[2 * sizeof(e->msg)]; /* cut to e->msg's size by kv_fail_file() */
	const char *rest = e->msg;

	if (rest[0] == '$') {
		snprintf(msg, sizeof(msg), "%s%s%s", d->path, sub, rest + 1);
	} else {
		snprintf(msg, sizeof(msg), "%s%s: %s", d->path, sub, rest);
	}
	kv_fail_file(e, e->code, d->where, "%s", msg);
}

/* A _search response: {"hits": {"hits": [...]}} (the inner hits are
 * checked when read, to name the place of a wrong type). */
static bool is_response(json_t *v)
{
	json_t *hits = json_object_get(v, "hits");

	return json_is_object(v) && json_is_object(hits) && json_object_get(hits, "hits") != NULL;
}

/* A hit: {"_index": ..., "_id": ..., "_source": {...}}. */
static bool is_hit(json_t *v)
{
	return json_is_object(v) && json_object_get(v, "_source") != NULL &&
	       (json_is_string(json_object_get(v, "_index")) ||
		json_is_string(json_object_get(v, "_id")));
}

/* A _bulk action line: {"index": {"_index": ...}}. */
static bool is_action(json_t *v)
{
	static const char *const actions[] = {"index", "create", "update", "delete", NULL};
	const char *key;
	json_t *x;

	if (!json_is_object(v) || json_object_size(v) != 1) {
		return false;
	}
	json_object_foreach(v, key, x)
	{
		return kv_str_in(key, actions) && json_is_object(x);
	}
	return false;
}

/* An error response: {"error": {"type", "reason", ...}, "status": 404}. */
static bool is_error(json_t *v)
{
	json_t *e = json_object_get(v, "error");

	return json_is_object(v) && json_is_number(json_object_get(v, "status")) &&
	       (json_is_string(e) || json_is_string(json_object_get(e, "reason")));
}

static void count_unknown(struct osfile *f, const char *what)
{
	f->unknown++;
	for (size_t i = 0; i < f->nunk; i++) {
		if (strcmp(f->unk[i].what, what) == 0) {
			f->unk[i].n++;
			return;
		}
	}
	if (f->nunk == f->capunk) {
		f->capunk = f->capunk ? 2 * f->capunk : 8;
		f->unk = kv_xreallocarray(f->unk, f->capunk, sizeof(*f->unk));
	}
	f->unk[f->nunk++] = (struct unknown){kv_xstrdup(what), 1};
}

/* Adds the document src (of the hit in index, or none) at where and path. */
static void add(struct osfile *f, json_t *src, const char *index, const char *where,
		const char *path)
{
	struct kv_osdoc d = {.src = src, .index = index};
	struct kv_strbuf sb = KV_STRBUF_INIT;

	d.kind = kv_osdoc_classify(src);
	if (d.kind == KV_OSDOC_UNKNOWN) {
		const char *metric = json_string_value(json_object_get(src, "metricName"));
		if (metric != NULL) {
			kv_strbuf_addf(&sb, "with metricName %s", metric);
		} else if (index != NULL) {
			kv_strbuf_addf(&sb, "in index %s", index);
		} else {
			kv_strbuf_adds(&sb, json_is_object(src) ? "others" : "not objects");
		}
		count_unknown(f, sb.buf);
		kv_strbuf_release(&sb);
		return;
	}
	d.where = kv_xstrdup(where);
	d.path = kv_xstrdup(path);
	if (strcmp(path, "$") == 0) {
		d.name = kv_xstrdup(where);
	} else {
		kv_strbuf_addf(&sb, "%s: %s", where, path);
		d.name = kv_strbuf_detach(&sb);
	}
	if (d.kind == KV_OSDOC_KB_MEASURE || d.kind == KV_OSDOC_KB_METRIC) {
		kv_strbuf_addf(&sb, "kube-burner\x1f%s",
			       json_string_value(json_object_get(src, "uuid")));
		d.run = kv_strbuf_detach(&sb);
	} else {
		d.run = kv_snafu_run_key(&d);
	}
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->docs = kv_xreallocarray(f->docs, f->cap, sizeof(*f->docs));
	}
	f->docs[f->n++] = d;
}

/* A hit at the current path. */
static int hit(struct osfile *f, struct kv_jctx *c, json_t *h, const char *where)
{
	json_t *src = json_object_get(h, "_source");
	const char *index = json_string_value(json_object_get(h, "_index"));

	if (!json_is_object(h)) {
		return kv_jctx_fail(c, "expected a hit (an object with \"_source\"), got %s",
				    kv_json_kind(h));
	}
	if (src == NULL) {
		count_unknown(f, "hits without _source");
		return 0;
	}
	size_t m = kv_jctx_key(c, "_source");
	if (!json_is_object(src)) {
		return kv_jctx_fail(c, "expected an object, got %s", kv_json_kind(src));
	}
	add(f, src, index, where, c->path);
	kv_jctx_pop(c, m);
	return 0;
}

/* A _search response at the current path. */
static int response(struct osfile *f, struct kv_jctx *c, json_t *r, const char *where)
{
	json_t *hits, *arr;

	if (kv_jget_obj(c, r, "hits", true, &hits) < 0) {
		return -1;
	}
	size_t m1 = kv_jctx_key(c, "hits");
	if (kv_jget_arr(c, hits, "hits", true, &arr) < 0) {
		return -1;
	}
	size_t m2 = kv_jctx_key(c, "hits");
	for (size_t i = 0; i < json_array_size(arr); i++) {
		size_t m = kv_jctx_idx(c, i);
		if (hit(f, c, json_array_get(arr, i), where) < 0) {
			return -1;
		}
		kv_jctx_pop(c, m);
	}
	kv_jctx_pop(c, m2);
	kv_jctx_pop(c, m1);
	return 0;
}

/* One value of the file: a response, a hit, an array of either, an action
 * line, or a document; where names it ("f.json", or "f.ndjson:12"). */
static int value(struct osfile *f, json_t *v, const char *where)
{
	struct kv_jctx c;

	kv_jctx_init(&c, where, f->err);
	if (is_error(v)) {
		json_t *e = json_object_get(v, "error");
		const char *type = json_string_value(json_object_get(e, "type"));
		const char *why = json_is_string(e)
				      ? json_string_value(e)
				      : json_string_value(json_object_get(e, "reason"));
		kv_jctx_key(&c, "error");
		return kv_jctx_fail(&c, "an error response (status %g)%s%s: %s",
				    json_number_value(json_object_get(v, "status")),
				    type ? ": " : "", type ? type : "", why);
	}
	if (json_is_array(v)) {
		if (json_array_size(v) == 0) {
			return kv_jctx_fail(&c, "an empty array: no responses or hits");
		}
		for (size_t i = 0; i < json_array_size(v); i++) {
			json_t *e = json_array_get(v, i);
			size_t m = kv_jctx_idx(&c, i);
			if (is_response(e)) {
				if (response(f, &c, e, where) < 0) {
					return -1;
				}
			} else if (is_hit(e)) {
				if (hit(f, &c, e, where) < 0) {
					return -1;
				}
			} else {
				return kv_jctx_fail(&c,
						    "expected a _search response or a hit, got %s",
						    kv_json_kind(e));
			}
			kv_jctx_pop(&c, m);
		}
		return 0;
	}
	if (!json_is_object(v)) {
		return kv_jctx_fail(&c, "expected an object, got %s", kv_json_kind(v));
	}
	if (is_response(v)) {
		return response(f, &c, v, where);
	}
	if (is_hit(v)) {
		return hit(f, &c, v, where);
	}
	if (is_action(v)) {
		f->actions++;
		return 0;
	}
	add(f, v, NULL, where, "$");
	return 0;
}

static void osfile_release(struct osfile *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->docs[i].where);
		free(f->docs[i].path);
		free(f->docs[i].name);
		free(f->docs[i].run);
	}
	for (size_t i = 0; i < f->nunk; i++) {
		free(f->unk[i].what);
	}
	for (size_t i = 0; i < f->nvals; i++) {
		json_decref(f->vals[i]);
	}
	free(f->docs);
	free(f->unk);
	free(f->vals);
}

/* kube-burner's job of a document: jobName, else jobConfig.name, else NULL. */
static const char *job_of(json_t *d)
{
	const char *j = json_string_value(json_object_get(d, "jobName"));

	return j != NULL
		   ? j
		   : json_string_value(json_object_get(json_object_get(d, "jobConfig"), "name"));
}

/* Where the value of a kube-burner metric document is. */
static void metric_at(const void *ctx, size_t ref, struct kv_place *p)
{
	const struct kv_osdoc *const *docs = ctx;

	p->file = docs[ref]->where;
	snprintf(p->path, sizeof(p->path), "%s.value", docs[ref]->path);
}

/* Makes an error that a callee named by a document's name name its place. */
static void relocate_named(struct kv_error *e, struct kv_osdoc *const *docs, size_t n)
{
	for (size_t i = 0; e->code != 0 && i < n; i++) {
		if (strcmp(e->where, docs[i]->name) == 0) {
			kv_osdoc_relocate(e, docs[i], "");
			return;
		}
	}
}

/* The run of a kube-burner uuid: its measurements through the kube-burner
 * adapter (which starts the run), then its metrics. */
static int kube_burner(struct osfile *f, struct kv_osdoc *const *docs, size_t n,
		       struct kv_promset *ss, struct kv_sink *s)
{
	json_t **roots = kv_xcalloc(n, sizeof(*roots));
	const char **files = kv_xcalloc(n, sizeof(*files));
	struct kv_osdoc **metrics = kv_xcalloc(n, sizeof(*metrics));
	struct kv_strbuf jobs = KV_STRBUF_INIT;
	size_t nm = 0, nmetric = 0;
	struct kv_jctx c;
	int ret = -1;

	for (size_t i = 0; i < n; i++) {
		if (docs[i]->kind == KV_OSDOC_KB_MEASURE) {
			roots[nm] = docs[i]->src;
			files[nm++] = docs[i]->name;
		} else {
			metrics[nmetric++] = docs[i];
		}
	}
	if (nm > 0) {
		if (kv_format_kubeburner.load_json_set(roots, files, nm, s, f->err) < 0) {
			relocate_named(f->err, docs, n);
			relocate_named(&s->refused, docs, n);
			goto out;
		}
	} else {
		/* only metrics: the run as the kube-burner adapter would start it */
		struct kv_run_meta meta = {.tool = "kube-burner"};
		char when[KV_TIME_SIZE];
		const char *ts = json_string_value(json_object_get(metrics[0]->src, "timestamp"));
		kv_osdoc_ctx(&c, metrics[0], f->err);
		if (ts != NULL && kv_jtime(&c, "timestamp", ts, when) < 0) {
			goto out;
		}
		meta.start_time = ts != NULL ? when : NULL;
		for (size_t i = 0; i < nmetric; i++) {
			const char *j = job_of(metrics[i]->src);
			struct kv_strbuf needle = KV_STRBUF_INIT;
			kv_strbuf_addf(&needle, ",%s,", j != NULL ? j : "");
			if (j != NULL && *j &&
			    (jobs.len == 0 || strstr(jobs.buf, needle.buf) == NULL)) {
				kv_strbuf_adds(&jobs, jobs.len == 0 ? needle.buf : needle.buf + 1);
			}
			kv_strbuf_release(&needle);
		}
		if (jobs.len > 0) {
			jobs.buf[jobs.len - 1] = '\0'; /* ",a,b," -> ",a,b" */
		}
		if (kv_sink_run(s, &meta, f->err) < 0 ||
		    kv_sink_label(s, "kube-burner.uuid",
				  json_string_value(json_object_get(metrics[0]->src, "uuid")),
				  f->err) < 0 ||
		    (jobs.len > 0 &&
		     kv_sink_label(s, "kube-burner.job", jobs.buf + 1, f->err) < 0)) {
			kv_jctx_wrap(&c);
			goto out;
		}
	}
	for (size_t i = 0; i < nmetric; i++) {
		const struct kv_osdoc *d = metrics[i];
		json_t *labels;
		double v;
		kv_osdoc_ctx(&c, d, f->err);
		if (kv_jget_obj(&c, d->src, "labels", false, &labels) < 0 ||
		    kv_jget_num(&c, d->src, "value", true, &v, NULL) < 0) {
			goto out;
		}
		if (kv_promset_add(ss, json_string_value(json_object_get(d->src, "metricName")),
				   labels, job_of(d->src), v, i, f->err) < 0) {
			kv_jctx_key(&c, "labels");
			kv_jctx_wrap(&c);
			goto out;
		}
	}
	if (kv_promset_store(ss, s, "prometheus", metric_at, metrics, f->err) < 0) {
		goto out;
	}
	kv_promset_clear(ss);
	ret = 0;
out:
	free(roots);
	free(files);
	free(metrics);
	kv_strbuf_release(&jobs);
	return ret;
}

/* The notes of an import, held until it has succeeded: a file that fails
 * says one thing, its error (the kube-burner adapter notes as it goes). */
struct held {
	const struct kv_import_report *orig;
	struct kv_strbuf notes; /* "path\x1fmsg\n" each */
};

static void hold(void *ctx, const char *path, const char *msg)
{
	struct held *h = ctx;

	kv_strbuf_addf(&h->notes, "%s\x1f%s\n", path != NULL ? path : "", msg);
}

static void replay(struct held *h)
{
	char *p = h->notes.buf;

	while (p != NULL && *p) {
		char *sep = strchr(p, '\x1f'), *nl = strchr(sep, '\n');
		*sep = *nl = '\0';
		if (h->orig != NULL && h->orig->note != NULL) {
			h->orig->note(h->orig->ctx, p, sep + 1);
		}
		p = nl + 1;
	}
}

static int import_runs(struct osfile *f, struct kv_sink *s);

/* Imports the documents found; their notes only when all went well. */
static int import(struct osfile *f, struct kv_sink *s)
{
	struct held h = {.orig = s->rep, .notes = KV_STRBUF_INIT};
	struct kv_import_report rep = {.ctx = &h, .note = hold};

	s->rep = &rep;
	int ret = import_runs(f, s);
	s->rep = h.orig;
	if (ret == 0) {
		replay(&h);
	}
	kv_strbuf_release(&h.notes);
	return ret;
}

/* Imports the documents found, one run at a time, in the order of each
 * run's first document. */
static int import_runs(struct osfile *f, struct kv_sink *s)
{
	struct kv_strbuf note = KV_STRBUF_INIT;
	struct kv_osdoc **group = kv_xcalloc(f->n ? f->n : 1, sizeof(*group));
	bool *done = kv_xcalloc(f->n ? f->n : 1, sizeof(*done));
	struct kv_promset *ss = kv_promset_new();
	int ret = -1;

	for (size_t i = 0; i < f->nunk; i++) {
		kv_strbuf_addf(&note, "%s%zu %s", i ? ", " : "", f->unk[i].n, f->unk[i].what);
	}
	if (f->n == 0) {
		kv_fail_file(f->err, KV_EXIT_DATAERR, f->file,
			     "no document of a kind kvperf reads (kube-burner's measurements and "
			     "metrics, benchmark-wrapper's uperf, fio and sysbench)%s%s%s",
			     f->unknown ? ": " : "", f->unknown ? note.buf : "",
			     f->unknown ? "" : ": no documents");
		goto out;
	}
	if (f->unknown > 0) {
		kv_sink_warn(s, "%zu document%s of no kind kvperf reads left out: %s", f->unknown,
			     f->unknown == 1 ? "" : "s", note.buf);
	}
	for (size_t i = 0; i < f->n; i++) {
		size_t n = 0;
		if (done[i]) {
			continue;
		}
		for (size_t j = i; j < f->n; j++) {
			if (!done[j] && strcmp(f->docs[j].run, f->docs[i].run) == 0) {
				group[n++] = &f->docs[j];
				done[j] = true;
			}
		}
		int rc;
		switch (f->docs[i].kind) {
		case KV_OSDOC_UPERF:
			rc = kv_snafu_uperf(group, n, s, f->err);
			break;
		case KV_OSDOC_FIO:
			rc = kv_snafu_fio(group, n, s, f->err);
			break;
		case KV_OSDOC_SYSBENCH:
			rc = kv_snafu_sysbench(group, n, s, f->err);
			break;
		default:
			rc = kube_burner(f, group, n, ss, s);
		}
		if (rc < 0) {
			goto out;
		}
	}
	kv_strbuf_truncate(&note, 0);
	kv_promset_labels(ss, &note);
	if (note.len > 0) {
		kv_sink_warn(s, "kube-burner metrics: %s", note.buf);
	}
	ret = 0;
out:
	kv_promset_free(ss);
	kv_strbuf_release(&note);
	free(group);
	free(done);
	return ret;
}

static void keep(struct osfile *f, json_t *v)
{
	if (f->nvals == f->capvals) {
		f->capvals = f->capvals ? 2 * f->capvals : 64;
		f->vals = kv_xreallocarray(f->vals, f->capvals, sizeof(*f->vals));
	}
	f->vals[f->nvals++] = v;
}

static int load_json(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct osfile f = {.file = file, .err = err};
	int ret = value(&f, root, file) < 0 ? -1 : import(&f, s);

	osfile_release(&f);
	return ret;
}

static int load_text(const char *buf, size_t len, const char *file, struct kv_sink *s,
		     struct kv_error *err)
{
	struct osfile f = {.file = file, .err = err};
	struct kv_jseq q;
	json_t *v;
	int line, rc, ret = -1;

	kv_jseq_init(&q, buf, len, false);
	while ((rc = kv_jseq_next(&q, file, &v, &line, err)) > 0) {
		char where[320];
		keep(&f, v);
		snprintf(where, sizeof(where), "%s:%d", file, line);
		if (value(&f, v, where) < 0) {
			goto out;
		}
	}
	if (rc == 0) {
		ret = import(&f, s);
	}
out:
	osfile_release(&f);
	return ret;
}

/* A response, a hit, an error response, or an array of responses or hits;
 * or a lone benchmark-wrapper document (a dump of one line). */
static bool detect_json(json_t *root)
{
	json_t *first = json_is_array(root) ? json_array_get(root, 0) : root;
	enum kv_osdoc_kind k = kv_osdoc_classify(root);

	return is_response(first) || is_hit(first) || (!json_is_array(root) && is_error(root)) ||
	       k == KV_OSDOC_UPERF || k == KV_OSDOC_FIO || k == KV_OSDOC_SYSBENCH;
}

/* Several values: responses, hits, _bulk lines, or documents kvperf reads. */
static bool detect_text(const char *buf, size_t len)
{
	json_t *first;
	bool more;

	kv_jseq_peek(buf, len, false, &first, &more);
	bool yes = first != NULL && more &&
		   (detect_json(first) || is_action(first) ||
		    kv_osdoc_classify(first) != KV_OSDOC_UNKNOWN);
	json_decref(first);
	return yes;
}

const struct kv_format kv_format_opensearch = {
    .info = {.name = "opensearch",
	     .description = "OpenSearch/Elasticsearch documents: _search responses (a scroll: "
			    "an array, or one after another) or an NDJSON dump (elasticdump); "
			    "runs by uuid",
	     .metrics = "kube-burner measurements (as kube-burner) and metrics (each "
			"metricName, labels as parameters); benchmark-wrapper uperf (throughput, "
			"operations, latency), fio (as fio), sysbench (as sysbench)"},
    .detect_json = detect_json,
    .load_json = load_json,
    .detect_text = detect_text,
    .load_text = load_text,
    .json_lines = true,
};
