/*
 * fio.c - fio 3.x --output-format=json and json+, and client/server runs
 * (fio --client=HOST ... --output-format=json).
 *
 * One run per file; one benchmark per job name, its parameters the global
 * and job options (less those that name files and logs).  Jobs that share a
 * name (numjobs without group_reporting) are samples of one benchmark.
 * Metrics per direction that did I/O: IOPS, bandwidth, mean completion
 * latency and its p50/p90/p99/p99.9.  json+ latency bins are skipped.
 *
 * Client/server output has "client_stats" instead of "jobs": one entry per
 * job per client and, per group, an "All clients" aggregate.  The aggregate
 * is the run's result (the total IOPS of all clients), named after its
 * group's job, with the parameter clients=N; without aggregates (one
 * client) the entries are jobs.  fio may print text (hostname= lines,
 * progress, notes) before the opening brace: the text format reads past
 * it, and repeated keys in "global options" take their last value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "ingest/jstream.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Options that say where fio wrote, not what it measured; and the
 * description, which labels the run (a benchmark stays the same one
 * whatever a nightly job writes into it). */
static const char *const skip_opts[] = {
    "name",          "filename",     "filename_format", "directory",      "output",
    "output-format", "write_bw_log", "write_lat_log",   "write_iops_log", "write_hist_log",
    "log_avg_msec",  "per_job_logs", "group_reporting", "description",    NULL};

/* A job's name and position, for grouping by name. */
struct named {
	char *name; /* owned */
	size_t index;
};

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool detect(json_t *root)
{
	return json_is_object(root) && json_is_string(json_object_get(root, "fio version")) &&
	       (json_is_array(json_object_get(root, "jobs")) ||
		json_is_array(json_object_get(root, "client_stats")));
}

static const char AGGREGATE[] = "All clients";

static bool is_aggregate(json_t *e)
{
	const char *n = json_string_value(json_object_get(e, "jobname"));

	return n != NULL && strcmp(n, AGGREGATE) == 0;
}

/* The jobs of a file: its parsed array, or, streamed from a large file,
 * the compact JSON text of the members of each job that load() reads
 * (slim()), parsed again when needed: about 600 bytes a job in memory
 * instead of the tree of the whole file. */
struct jobs {
	json_t *arr; /* or NULL */
	char **slim; /* streamed: job i's members (free()) */
	size_t n;
};

/* Job i: a new reference. */
static json_t *job_at(const struct jobs *J, size_t i)
{
	if (J->arr != NULL) {
		return json_incref(json_array_get(J->arr, i));
	}
	json_t *j = json_loads(J->slim[i], JSON_DECODE_ANY, NULL);
	if (j == NULL) { /* text we wrote: only memory can fail */
		fprintf(stderr, "kvperf: out of memory (reading a fio job again)\n");
		abort();
	}
	return j;
}

/* The index of the first client entry of the aggregate's group (it names
 * the job), or SIZE_MAX. */
static size_t group_job(const struct jobs *J, json_t *agg)
{
	json_t *gid = json_object_get(agg, "groupid");

	for (size_t i = 0; i < J->n; i++) {
		json_t *e = job_at(J, i);
		bool found = !is_aggregate(e) && json_equal(json_object_get(e, "groupid"), gid);
		json_decref(e);
		if (found) {
			return i;
		}
	}
	return SIZE_MAX;
}

static const struct {
	const char *key; /* in clat_ns.percentile */
	const char *suffix;
} pcts[] = {
    {"50.000000", "p50"}, {"90.000000", "p90"}, {"99.000000", "p99"}, {"99.900000", "p99.9"}};

/* Appends params from an options object (strings only, as fio writes them). */
static int add_options(struct kv_jctx *c, json_t *opts, struct kv_params *p)
{
	const char *key;
	json_t *v;

	json_object_foreach(opts, key, v)
	{
		if (kv_str_in(key, skip_opts)) {
			continue;
		}
		if (!json_is_string(v)) {
			size_t m = kv_jctx_key(c, key);
			kv_jctx_fail(c, "expected a string, got %s", kv_json_kind(v));
			kv_jctx_pop(c, m);
			return -1;
		}
		/* a job option replaces a global one of the same name */
		for (size_t i = 0; i < p->n; i++) {
			if (strcmp(p->v[i].key, key) == 0) {
				p->v[i] = p->v[--p->n];
				break;
			}
		}
		kv_params_add(p, key, json_string_value(v));
	}
	return 0;
}

/* Where sample j of a direction's metric came from:
 * $.jobs[idx[j]].<dir>.<keys...>. */
struct where {
	const char *arrkey, *dir;
	const char *keys[4]; /* the members below the direction, NULL-terminated */
	const size_t *idx;
};

static void at(const void *ctx, size_t j, struct kv_place *p)
{
	const struct where *w = ctx;
	struct kv_jctx c;

	kv_jctx_init(&c, NULL, NULL);
	kv_jctx_key(&c, w->arrkey);
	kv_jctx_idx(&c, w->idx[j]);
	kv_jctx_key(&c, w->dir);
	for (size_t k = 0; w->keys[k] != NULL; k++) {
		kv_jctx_key(&c, w->keys[k]);
	}
	snprintf(p->path, sizeof(p->path), "%s", c.path);
}

/* One direction's metrics over the jobs jobs[0..n) that share a name. */
static int direction(struct kv_jctx *c, struct kv_sink *s, const char *arrkey, json_t **jobs,
		     const size_t *idx, size_t n, const char *dir)
{
	double *iops = kv_xcalloc(n, sizeof(double)), *bw = kv_xcalloc(n, sizeof(double));
	double *mean = kv_xcalloc(n, sizeof(double)), *pv = kv_xcalloc(4 * n, sizeof(double));
	bool any = false, have_pct = true;
	int ret = -1;
	char name[64];

	for (size_t j = 0; j < n; j++) {
		json_t *d, *clat, *pct;
		double ios = 0;
		bool have_ios;
		size_t m0 = kv_jctx_key(c, arrkey);
		size_t m1 = kv_jctx_idx(c, idx[j]);
		if (kv_jget_obj(c, jobs[j], dir, true, &d) < 0) {
			goto out;
		}
		size_t m2 = kv_jctx_key(c, dir);
		if (kv_jget_num(c, d, "total_ios", false, &ios, &have_ios) < 0 ||
		    kv_jget_num(c, d, "iops", true, &iops[j], NULL) < 0 ||
		    kv_jget_num(c, d, "bw_bytes", true, &bw[j], NULL) < 0) {
			goto out;
		}
		if (!have_ios && kv_jget_num(c, d, "io_bytes", true, &ios, NULL) < 0) {
			goto out;
		}
		any = any || ios > 0;
		if (kv_jget_obj(c, d, "clat_ns", true, &clat) < 0) {
			goto out;
		}
		size_t m3 = kv_jctx_key(c, "clat_ns");
		if (kv_jget_num(c, clat, "mean", true, &mean[j], NULL) < 0 ||
		    kv_jget_obj(c, clat, "percentile", false, &pct) < 0) {
			goto out;
		}
		if (pct == NULL) {
			have_pct = false;
		} else {
			size_t m4 = kv_jctx_key(c, "percentile");
			for (size_t k = 0; k < 4; k++) {
				bool have;
				if (kv_jget_num(c, pct, pcts[k].key, false, &pv[k * n + j], &have) <
				    0) {
					goto out;
				}
				have_pct = have_pct && have;
			}
			kv_jctx_pop(c, m4);
		}
		kv_jctx_pop(c, m3);
		kv_jctx_pop(c, m2);
		kv_jctx_pop(c, m1);
		kv_jctx_pop(c, m0);
	}
	if (!any) {
		ret = 0; /* this direction did no I/O */
		goto out;
	}
	struct {
		const char *what, *unit, *dir;
		double *v;
		const char *keys[3];
	} ms[] = {{"iops", "iops", "higher", iops, {"iops", NULL, NULL}},
		  {"bw", "B/s", "higher", bw, {"bw_bytes", NULL, NULL}},
		  {"clat_mean", "ns", "lower", mean, {"clat_ns", "mean", NULL}}};
	struct where w = {.arrkey = arrkey, .dir = dir, .idx = idx};
	struct kv_origin from = {.at = at, .ctx = &w};
	for (size_t k = 0; k < 3; k++) {
		snprintf(name, sizeof(name), "%s_%s", dir, ms[k].what);
		memcpy(w.keys, ms[k].keys, sizeof(ms[k].keys));
		w.keys[3] = NULL;
		if (kv_sink_metric(s, name, ms[k].unit, ms[k].dir, ms[k].v, n, &from, c->err) < 0) {
			kv_jctx_wrap(c);
			goto out;
		}
	}
	for (size_t k = 0; have_pct && k < 4; k++) {
		snprintf(name, sizeof(name), "%s_clat_%s", dir, pcts[k].suffix);
		w.keys[0] = "clat_ns";
		w.keys[1] = "percentile";
		w.keys[2] = pcts[k].key;
		w.keys[3] = NULL;
		if (kv_sink_metric(s, name, "ns", "lower", pv + k * n, n, &from, c->err) < 0) {
			kv_jctx_wrap(c);
			goto out;
		}
	}
	ret = 0;
out:
	free(iops);
	free(bw);
	free(mean);
	free(pv);
	return ret;
}

/* Words "key=value" of a description (separated by white space, ',' or
 * ';'), each a label of the run (issue #16: a nightly job's
 * --description="commit=0a1b2c version=v1.5.0"): the key a letter, then
 * letters, digits and "_.-"; the value not empty.  buf is cut into the
 * keys and values that out borrows. */
static void desc_pairs(char *buf, struct kv_params *out)
{
	char *p = buf;

	while (*p != '\0') {
		size_t len = strcspn(p, " \t\r\n,;");
		char *eq = memchr(p, '=', len), *end = p + len;
		bool more = *end != '\0';
		bool key_ok = eq != NULL && eq > p && eq + 1 < end &&
			      ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'));
		for (const char *k = p; key_ok && k < eq; k++) {
			key_ok = (*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
				 (*k >= '0' && *k <= '9') || *k == '_' || *k == '.' || *k == '-';
		}
		*end = '\0';
		if (key_ok) {
			*eq = '\0';
			kv_params_add(out, p, eq + 1);
		}
		p = more ? end + 1 : end;
	}
}

/* Appends v to the ", "-separated list unless it is in it already. */
static void add_distinct(struct kv_strbuf *list, size_t *n, const char *v, const char *sep)
{
	size_t vl = strlen(v), sl = strlen(sep);
	const char *p = list->len ? list->buf : NULL;

	for (size_t i = 0; p != NULL && i < *n; i++) {
		const char *end = strstr(p, sep);
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len == vl && strncmp(p, v, vl) == 0) {
			return;
		}
		p = end != NULL ? end + sl : NULL;
	}
	kv_strbuf_addf(list, "%s%s", *n ? sep : "", v);
	(*n)++;
}

/* The description of a job ("desc", as fio writes --description) or of its
 * options, or NULL. */
static const char *job_desc(json_t *job)
{
	json_t *d = json_object_get(job, "desc");

	if (!json_is_string(d)) {
		d = json_object_get(json_object_get(job, "job options"), "description");
	}
	return json_is_string(d) && *json_string_value(d) ? json_string_value(d) : NULL;
}

/* Labels from the descriptions (global and the jobs', distinct, "; "
 * between them): fio.description, and each key=value word of them (a key's
 * distinct values joined by ','). */
static int desc_labels(struct kv_sink *s, const char *descs, size_t ndesc, struct kv_error *err)
{
	struct kv_params pairs = {0};
	struct kv_strbuf val = KV_STRBUF_INIT;
	char *words = NULL;
	int ret = -1;

	if (ndesc == 0) {
		return 0;
	}
	if (kv_sink_label(s, "fio.description", descs, err) < 0) {
		goto out;
	}
	words = kv_xstrdup(descs);
	desc_pairs(words, &pairs);
	for (size_t i = 0; i < pairs.n; i++) {
		size_t nv = 0;
		bool first = true;
		for (size_t j = 0; j < i && first; j++) {
			first = strcmp(pairs.v[j].key, pairs.v[i].key) != 0;
		}
		if (!first) {
			continue;
		}
		kv_strbuf_truncate(&val, 0);
		for (size_t j = i; j < pairs.n; j++) {
			if (strcmp(pairs.v[j].key, pairs.v[i].key) == 0) {
				add_distinct(&val, &nv, pairs.v[j].value, ",");
			}
		}
		if (kv_sink_label(s, pairs.v[i].key, kv_strbuf_str(&val), err) < 0) {
			goto out;
		}
	}
	ret = 0;
out:
	kv_params_release(&pairs);
	kv_strbuf_release(&val);
	free(words);
	return ret;
}

/* Reads a fio file whose top-level members are root's and whose jobs (the
 * array arrkey) are J's. */
static int load_jobs(json_t *root, const char *arrkey, const struct jobs *J, const char *file,
		     struct kv_sink *s, struct kv_error *err)
{
	struct kv_jctx c;
	struct kv_run_meta meta = {.tool = "fio"};
	json_t *global, *ts, *job = NULL;
	const char *version;
	char when[KV_TIME_SIZE];
	size_t njobs = J->n;
	int ret = -1;

	kv_jctx_init(&c, file, err);
	bool cs = strcmp(arrkey, "client_stats") == 0;
	if (kv_jget_str(&c, root, "fio version", true, &version) < 0 ||
	    kv_jget_obj(&c, root, "global options", false, &global) < 0) {
		return -1;
	}
	meta.tool_version = strncmp(version, "fio-", 4) == 0 ? version + 4 : version;
	ts = json_object_get(root, "timestamp");
	if (json_is_integer(ts)) {
		if (kv_jepoch(&c, "timestamp", (double)json_integer_value(ts), when) < 0) {
			return -1;
		}
		meta.start_time = when;
	}
	json_t *host = json_object_get(root, "hostname");
	meta.host = json_is_string(host) ? json_string_value(host) : NULL;
	if (njobs == 0) {
		size_t m = kv_jctx_key(&c, arrkey);
		kv_jctx_fail(&c, "no jobs");
		kv_jctx_pop(&c, m);
		return -1;
	}
	/* client/server: the aggregates when there are any, and the clients */
	bool aggregates = false;
	struct kv_strbuf clients = KV_STRBUF_INIT;
	size_t nclients = 0;
	for (size_t i = 0; cs && i < njobs; i++) {
		json_t *e = job_at(J, i);
		aggregates = aggregates || is_aggregate(e);
		const char *h = json_string_value(json_object_get(e, "hostname"));
		json_t *port = json_object_get(e, "port");
		if (h == NULL || is_aggregate(e)) {
			json_decref(e);
			continue;
		}
		char one[300];
		if (json_is_integer(port)) {
			snprintf(one, sizeof(one), "%s:%" JSON_INTEGER_FORMAT, h,
				 json_integer_value(port));
		} else {
			snprintf(one, sizeof(one), "%s", h);
		}
		json_decref(e);
		bool seen = false;
		for (const char *p = clients.len ? clients.buf : ""; *p && !seen;) {
			size_t len = strcspn(p, ",");
			seen = len == strlen(one) && strncmp(p, one, len) == 0;
			p += len + (p[len] == ',');
		}
		if (!seen) {
			kv_strbuf_addf(&clients, "%s%s", clients.len ? "," : "", one);
			nclients++;
		}
	}
	if (global != NULL) {
		struct kv_params check = {0};
		size_t m = kv_jctx_key(&c, "global options");
		ret = add_options(&c, global, &check);
		kv_params_release(&check);
		if (ret < 0) {
			kv_strbuf_release(&clients);
			return -1;
		}
		kv_jctx_pop(&c, m);
		ret = -1;
	}
	if (nclients > 1) { /* in name order: the same clients, the same label */
		char **v = kv_xcalloc(nclients, sizeof(*v));
		size_t k = 0;
		for (char *p = clients.buf, *tok; (tok = strsep(&p, ",")) != NULL;) {
			v[k++] = kv_xstrdup(tok);
		}
		qsort(v, k, sizeof(*v), cmp_str);
		kv_strbuf_truncate(&clients, 0);
		for (size_t i = 0; i < k; i++) {
			kv_strbuf_addf(&clients, "%s%s", i ? "," : "", v[i]);
			free(v[i]);
		}
		free(v);
	}
	if (kv_sink_run(s, &meta, err) < 0 ||
	    (nclients > 0 && kv_sink_label(s, "fio.clients", clients.buf, err) < 0)) {
		kv_strbuf_release(&clients);
		return kv_jctx_wrap(&c);
	}
	kv_strbuf_release(&clients);
	/* the descriptions: the global one, then the jobs' (issue #16) */
	struct kv_strbuf descs = KV_STRBUF_INIT;
	size_t ndesc = 0;
	json_t *gdesc = json_object_get(global, "description");
	if (json_is_string(gdesc) && *json_string_value(gdesc)) {
		add_distinct(&descs, &ndesc, json_string_value(gdesc), "; ");
	}
	/* Jobs that share a name are one benchmark: sort by name (then position), O(n log n). */
	struct named *order = kv_xcalloc(njobs, sizeof(*order));
	json_t **group = kv_xcalloc(njobs, sizeof(*group));
	size_t *rep = kv_xcalloc(njobs, sizeof(*rep)); /* whose options, by index */
	size_t *idx = kv_xcalloc(njobs, sizeof(*idx)), nsel = 0, n = 0;
	for (size_t i = 0; i < njobs; i++) {
		const char *name;
		size_t m0 = kv_jctx_key(&c, arrkey), m1 = kv_jctx_idx(&c, i);
		job = job_at(J, i);
		if (!json_is_object(job)) {
			kv_jctx_fail(&c, "expected an object, got %s", kv_json_kind(job));
			goto out;
		}
		if (kv_jget_str(&c, job, "jobname", true, &name) < 0) {
			goto out;
		}
		kv_jctx_pop(&c, m1);
		kv_jctx_pop(&c, m0);
		rep[i] = i;
		if (aggregates) {
			if (!is_aggregate(job)) {
				json_decref(job);
				job = NULL;
				continue; /* the aggregate stands for the clients */
			}
			size_t first = group_job(J, job);
			if (first != SIZE_MAX) {
				json_t *f = job_at(J, first);
				rep[i] = first;
				name = json_string_value(json_object_get(f, "jobname"));
				order[nsel].name = kv_xstrdup(name ? name : AGGREGATE);
				json_decref(f);
			}
		}
		const char *d = job_desc(job);
		if (d != NULL) {
			add_distinct(&descs, &ndesc, d, "; ");
		}
		if (order[nsel].name == NULL) {
			order[nsel].name = kv_xstrdup(name);
		}
		order[nsel].index = i;
		nsel++;
		json_decref(job);
		job = NULL;
	}
	njobs = nsel;
	qsort(order, njobs, sizeof(*order), cmp_named);
	for (size_t g = 0; g < njobs;) {
		size_t i = order[g].index;
		json_t *opts;
		const char *name = order[g].name;
		double error = 0;
		struct kv_params p = {0};

		n = 0;
		while (g + n < njobs && strcmp(order[g + n].name, name) == 0) {
			idx[n] = order[g + n].index;
			group[n] = job_at(J, idx[n]);
			n++;
		}
		g += n;
		job = group[0];
		json_t *repjob = rep[i] == i ? json_incref(job) : job_at(J, rep[i]);
		size_t m0 = kv_jctx_key(&c, arrkey), m1 = kv_jctx_idx(&c, i);
		if (kv_jget_num(&c, job, "error", false, &error, NULL) < 0 ||
		    kv_jget_obj(&c, repjob, "job options", false, &opts) < 0) {
			json_decref(repjob);
			goto out;
		}
		if (error > 0 || error < 0) {
			size_t m = kv_jctx_key(&c, "error");
			kv_jctx_fail(&c, "fio reported error %g for job '%s': a failed run", error,
				     name);
			kv_jctx_pop(&c, m);
			json_decref(repjob);
			goto out;
		}
		if (global != NULL) {
			add_options(&c, global, &p); /* checked before the loop */
		}
		if (opts != NULL) {
			size_t m = kv_jctx_key(&c, "job options");
			if (add_options(&c, opts, &p) < 0) {
				kv_params_release(&p);
				json_decref(repjob);
				goto out;
			}
			kv_jctx_pop(&c, m);
		}
		if (aggregates) {
			kv_params_addnum(&p, "clients", (double)nclients);
		}
		/* p borrows the options of repjob */
		if (kv_sink_benchmark(s, "fio", name, p.v, p.n, err) < 0) {
			kv_jctx_wrap(&c);
			kv_params_release(&p);
			json_decref(repjob);
			goto out;
		}
		kv_params_release(&p);
		json_decref(repjob);
		kv_jctx_pop(&c, m1);
		kv_jctx_pop(&c, m0);
		static const char *const dirs[] = {"read", "write", "trim"};
		for (size_t d = 0; d < 3; d++) {
			if (json_object_get(job, dirs[d]) == NULL) {
				continue;
			}
			if (direction(&c, s, arrkey, group, idx, n, dirs[d]) < 0) {
				goto out;
			}
		}
		for (size_t k = 0; k < n; k++) {
			json_decref(group[k]);
		}
		n = 0;
		job = NULL;
	}
	if (desc_labels(s, kv_strbuf_str(&descs), ndesc, err) < 0) {
		kv_jctx_wrap(&c);
		goto out;
	}
	ret = 0;
out:
	if (n > 0) {
		for (size_t k = 0; k < n; k++) {
			json_decref(group[k]);
		}
	} else {
		json_decref(job);
	}
	for (size_t k = 0; k < nsel; k++) {
		free(order[k].name);
	}
	kv_strbuf_release(&descs);
	free(order);
	free(group);
	free(rep);
	free(idx);
	return ret;
}

static int load(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct kv_jctx c;
	json_t *arr;

	kv_jctx_init(&c, file, err);
	const char *arrkey =
	    json_object_get(root, "jobs") == NULL && json_object_get(root, "client_stats") != NULL
		? "client_stats"
		: "jobs";
	const char *version;
	if (kv_jget_str(&c, root, "fio version", true, &version) < 0 ||
	    kv_jget_arr(&c, root, arrkey, true, &arr) < 0) {
		return -1;
	}
	struct jobs J = {.arr = arr, .n = json_array_size(arr)};
	return load_jobs(root, arrkey, &J, file, s, err);
}

/* A copy of the members of o named in keys (NULL-terminated), or o itself
 * when it is not an object; a new reference. */
static json_t *pick(json_t *o, const char *const *keys)
{
	if (!json_is_object(o)) {
		return json_incref(o);
	}
	json_t *out = json_object();
	for (size_t i = 0; keys[i] != NULL; i++) {
		json_t *v = json_object_get(o, keys[i]);
		if (v != NULL) {
			json_object_set(out, keys[i], v);
		}
	}
	return out;
}

/* What load_jobs() reads of a job: its identity, options and error, and per
 * direction the I/O counts, rates, and the completion latency's mean and
 * four percentiles; not the latency bins of json+, which are most of it. */
static json_t *slim(json_t *job)
{
	static const char *const job_keys[] = {"jobname", "groupid",     "hostname", "port",
					       "error",   "job options", "desc",     NULL};
	static const char *const dir_keys[] = {"total_ios", "io_bytes", "iops", "bw_bytes", NULL};
	static const char *const clat_keys[] = {"mean", NULL};
	static const char *const pct_keys[] = {"50.000000", "90.000000", "99.000000", "99.900000",
					       NULL};
	static const char *const dirs[] = {"read", "write", "trim", NULL};
	json_t *out = pick(job, job_keys);

	for (size_t d = 0; json_is_object(job) && dirs[d] != NULL; d++) {
		json_t *dir = json_object_get(job, dirs[d]);
		if (dir == NULL) {
			continue;
		}
		json_t *sd = pick(dir, dir_keys), *clat = json_object_get(dir, "clat_ns");
		if (json_is_object(dir) && clat != NULL) {
			json_t *sc = pick(clat, clat_keys),
			       *pct = json_object_get(clat, "percentile");
			if (json_is_object(clat) && pct != NULL) {
				json_object_set_new(sc, "percentile", pick(pct, pct_keys));
			}
			json_object_set_new(sd, "clat_ns", sc);
		}
		json_object_set_new(out, dirs[d], sd);
	}
	return out;
}

int kv_fio_load_stream(json_t *top, const char *key, struct kv_jruns *jobs, const char *file,
		       struct kv_sink *sink, struct kv_error *err)
{
	struct jobs J = {0};
	size_t cap = 0;
	json_t *job;
	int got, ret = -1;

	kv_jruns_allow_duplicates(jobs); /* fio repeats options: the last one stands */
	while ((got = kv_jruns_next(jobs, &job, err)) > 0) {
		json_t *sl = slim(job);
		json_decref(job);
		if (J.n == cap) {
			cap = cap ? 2 * cap : 64;
			J.slim = kv_xreallocarray(J.slim, cap, sizeof(*J.slim));
		}
		J.slim[J.n] = json_dumps(sl, JSON_COMPACT | JSON_ENCODE_ANY);
		json_decref(sl);
		if (J.slim[J.n] == NULL) {
			fprintf(stderr, "kvperf: out of memory (reading a fio job)\n");
			abort();
		}
		J.n++;
	}
	if (got == 0) {
		ret = load_jobs(top, key, &J, file, sink, err);
	}
	for (size_t i = 0; i < J.n; i++) {
		free(J.slim[i]);
	}
	free(J.slim);
	return ret;
}

/* fio's JSON with text before it: client/server output ("hostname=..."
 * lines, progress, "Disk stats" headers), or the notes fio writes to
 * stdout too ("note: both iodepth >= 1 and synchronous I/O engine are
 * selected, ...").  The JSON is fio's when the first line that starts with
 * '{' opens an object whose first member is "fio version", as fio writes
 * it. */
static bool detect_text(const char *buf, size_t len)
{
	const char *brace = strstr(buf, "\n{"), *p;

	(void)len;
	if (brace == NULL) {
		return false;
	}
	if (strncmp(buf, "hostname=", 9) == 0 && strstr(brace, "\"fio version\"") != NULL) {
		return true;
	}
	for (p = brace + 2; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++) {
	}
	return strncmp(p, "\"fio version\"", 13) == 0;
}

static int load_text(const char *buf, size_t len, const char *file, struct kv_sink *s,
		     struct kv_error *err)
{
	const char *brace = strstr(buf, "\n{");
	json_error_t jerr;
	int line = 1;

	if (brace == NULL) {
		struct kv_lines l;
		kv_lines_split(buf, len, &l);
		int last = kv_lines_last(&l);
		kv_lines_release(&l);
		return kv_fail_at(err, KV_EXIT_DATAERR, file, last, 1,
				  "the text ends without fio's JSON (a line that starts with '{')");
	}
	brace++;
	for (const char *p = buf; p < brace; p++) {
		line += *p == '\n';
	}
	/* fio repeats keys in "global options": the last one stands */
	json_t *root =
	    json_loadb(brace, len - (size_t)(brace - buf), JSON_DISABLE_EOF_CHECK, &jerr);
	if (root == NULL) {
		return kv_fail_at(err, KV_EXIT_DATAERR, file, line - 1 + jerr.line, jerr.column,
				  "%s", jerr.text);
	}
	int ret = detect(root) ? load(root, file, s, err)
			       : kv_fail_at(err, KV_EXIT_DATAERR, file, line, 1,
					    "the JSON after fio's text is not fio's output");
	json_decref(root);
	return ret;
}

const struct kv_format kv_format_fio = {
    .info = {.name = "fio",
	     .description = "fio 3.x --output-format=json or json+, and client/server runs "
			    "(one run per file)",
	     .metrics = "per job and direction: <dir>_iops, <dir>_bw (bytes/s), "
			"<dir>_clat_mean and <dir>_clat_p50/p90/p99/p99.9 (s)"},
    .detect_json = detect,
    .load_json = load,
    .detect_text = detect_text,
    .load_text = load_text,
};
