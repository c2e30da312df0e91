/*
 * fio.c - fio 3.x --output-format=json and json+.
 *
 * One run per file; one benchmark per job name, its parameters the global
 * and job options (less those that name files and logs).  Jobs that share a
 * name (numjobs without group_reporting) are samples of one benchmark.
 * Metrics per direction that did I/O: IOPS, bandwidth, mean completion
 * latency and its p50/p90/p99/p99.9.  json+ latency bins are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "util/xalloc.h"

/* Options that say where fio wrote, not what it measured. */
static const char *const skip_opts[] = {"name",
					"filename",
					"filename_format",
					"directory",
					"output",
					"output-format",
					"write_bw_log",
					"write_lat_log",
					"write_iops_log",
					"write_hist_log",
					"log_avg_msec",
					"per_job_logs",
					"group_reporting",
					NULL};

static bool skipped(const char *key)
{
	for (size_t i = 0; skip_opts[i] != NULL; i++) {
		if (strcmp(key, skip_opts[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* A job's name and position, for grouping by name. */
struct named {
	const char *name;
	size_t index;
};

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

static bool detect(json_t *root)
{
	return json_is_object(root) && json_is_string(json_object_get(root, "fio version")) &&
	       json_is_array(json_object_get(root, "jobs"));
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
		if (skipped(key)) {
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

/* One direction's metrics over the jobs jobs[0..n) that share a name. */
static int direction(struct kv_jctx *c, struct kv_sink *s, json_t **jobs, const size_t *idx,
		     size_t n, const char *dir)
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
		size_t m0 = kv_jctx_key(c, "jobs");
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
	} ms[] = {{"iops", "iops", "higher", iops},
		  {"bw", "B/s", "higher", bw},
		  {"clat_mean", "ns", "lower", mean}};
	for (size_t k = 0; k < 3; k++) {
		snprintf(name, sizeof(name), "%s_%s", dir, ms[k].what);
		if (kv_sink_metric(s, name, ms[k].unit, ms[k].dir, ms[k].v, n, c->err) < 0) {
			kv_jctx_wrap(c);
			goto out;
		}
	}
	for (size_t k = 0; have_pct && k < 4; k++) {
		snprintf(name, sizeof(name), "%s_clat_%s", dir, pcts[k].suffix);
		if (kv_sink_metric(s, name, "ns", "lower", pv + k * n, n, c->err) < 0) {
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

static int load(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct kv_jctx c;
	struct kv_run_meta meta = {.tool = "fio"};
	json_t *jobs, *global, *ts;
	const char *version;
	char when[32];
	size_t njobs;
	int ret = -1;

	kv_jctx_init(&c, file, err);
	if (kv_jget_str(&c, root, "fio version", true, &version) < 0 ||
	    kv_jget_arr(&c, root, "jobs", true, &jobs) < 0 ||
	    kv_jget_obj(&c, root, "global options", false, &global) < 0) {
		return -1;
	}
	meta.tool_version = strncmp(version, "fio-", 4) == 0 ? version + 4 : version;
	ts = json_object_get(root, "timestamp");
	if (json_is_integer(ts)) {
		kv_iso_utc(json_integer_value(ts), when);
		meta.start_time = when;
	}
	json_t *host = json_object_get(root, "hostname");
	meta.host = json_is_string(host) ? json_string_value(host) : NULL;
	njobs = json_array_size(jobs);
	if (njobs == 0) {
		size_t m = kv_jctx_key(&c, "jobs");
		kv_jctx_fail(&c, "no jobs");
		kv_jctx_pop(&c, m);
		return -1;
	}
	if (global != NULL) {
		struct kv_params check = {0};
		size_t m = kv_jctx_key(&c, "global options");
		ret = add_options(&c, global, &check);
		kv_params_release(&check);
		if (ret < 0) {
			return -1;
		}
		kv_jctx_pop(&c, m);
		ret = -1;
	}
	if (kv_sink_run(s, &meta, err) < 0) {
		return kv_jctx_wrap(&c);
	}
	/* Jobs that share a name are one benchmark: sort by name (then position), O(n log n). */
	struct named *order = kv_xcalloc(njobs, sizeof(*order));
	json_t **group = kv_xcalloc(njobs, sizeof(*group));
	size_t *idx = kv_xcalloc(njobs, sizeof(*idx));
	for (size_t i = 0; i < njobs; i++) {
		json_t *job = json_array_get(jobs, i);
		const char *name;
		size_t m0 = kv_jctx_key(&c, "jobs"), m1 = kv_jctx_idx(&c, i);
		if (!json_is_object(job)) {
			kv_jctx_fail(&c, "expected an object, got %s", kv_json_kind(job));
			goto out;
		}
		if (kv_jget_str(&c, job, "jobname", true, &name) < 0) {
			goto out;
		}
		kv_jctx_pop(&c, m1);
		kv_jctx_pop(&c, m0);
		order[i].name = name;
		order[i].index = i;
	}
	qsort(order, njobs, sizeof(*order), cmp_named);
	for (size_t g = 0; g < njobs;) {
		size_t n = 0, i = order[g].index;
		json_t *job = json_array_get(jobs, i), *opts;
		const char *name = order[g].name;
		double error = 0;
		struct kv_params p = {0};

		while (g + n < njobs && strcmp(order[g + n].name, name) == 0) {
			idx[n] = order[g + n].index;
			group[n] = json_array_get(jobs, idx[n]);
			n++;
		}
		g += n;
		size_t m0 = kv_jctx_key(&c, "jobs"), m1 = kv_jctx_idx(&c, i);
		if (kv_jget_num(&c, job, "error", false, &error, NULL) < 0 ||
		    kv_jget_obj(&c, job, "job options", false, &opts) < 0) {
			goto out;
		}
		if (error > 0 || error < 0) {
			size_t m = kv_jctx_key(&c, "error");
			kv_jctx_fail(&c, "fio reported error %g for job '%s': a failed run", error,
				     name);
			kv_jctx_pop(&c, m);
			goto out;
		}
		if (global != NULL) {
			add_options(&c, global, &p); /* checked before the loop */
		}
		if (opts != NULL) {
			size_t m = kv_jctx_key(&c, "job options");
			if (add_options(&c, opts, &p) < 0) {
				kv_params_release(&p);
				goto out;
			}
			kv_jctx_pop(&c, m);
		}
		if (kv_sink_benchmark(s, "fio", name, p.v, p.n, err) < 0) {
			kv_jctx_wrap(&c);
			kv_params_release(&p);
			goto out;
		}
		kv_params_release(&p);
		kv_jctx_pop(&c, m1);
		kv_jctx_pop(&c, m0);
		static const char *const dirs[] = {"read", "write", "trim"};
		for (size_t d = 0; d < 3; d++) {
			if (json_object_get(job, dirs[d]) == NULL) {
				continue;
			}
			if (direction(&c, s, group, idx, n, dirs[d]) < 0) {
				goto out;
			}
		}
	}
	ret = 0;
out:
	free(order);
	free(group);
	free(idx);
	return ret;
}

const struct kv_format kv_format_fio = {
    .info = {.name = "fio",
	     .description = "fio 3.x --output-format=json or json+ (one run per file)",
	     .metrics = "per job and direction: <dir>_iops, <dir>_bw (bytes/s), "
			"<dir>_clat_mean and <dir>_clat_p50/p90/p99/p99.9 (s)"},
    .detect_json = detect,
    .load_json = load,
};
