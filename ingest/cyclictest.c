/*
 * cyclictest.c - cyclictest --json (rt-tests 2.x).  One run per file; the
 * threads are the samples of min/avg/max latency (us in the file; lower is
 * better); where a histogram was kept and holds every cycle, p50/p99/p99.9
 * of all threads.  Keys really are spelled "cmdline:" and "rt_test_version:".
 */
#define _XOPEN_SOURCE 700
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "util/xalloc.h"

static bool detect(json_t *root)
{
	return json_is_object(json_object_get(root, "thread")) &&
	       (json_object_get(root, "rt_test_version:") != NULL ||
		json_object_get(root, "cmdline:") != NULL ||
		json_object_get(root, "resolution_in_ns") != NULL);
}

/* The value of option short (-p 80, -p80) or long (--priority=80, --priority 80). */
static const char *option(const char *cmdline, const char *shrt, const char *lng, char *buf,
			  size_t size)
{
	char *copy = kv_xstrdup(cmdline), *save = NULL, *tok, *prev = NULL;
	const char *ret = NULL;
	size_t ls = strlen(shrt), ll = strlen(lng);

	for (tok = strtok_r(copy, " ", &save); tok != NULL && ret == NULL;
	     tok = strtok_r(NULL, " ", &save)) {
		if (prev != NULL && (strcmp(prev, shrt) == 0 || strcmp(prev, lng) == 0)) {
			ret = tok;
		} else if (strncmp(tok, lng, ll) == 0 && tok[ll] == '=') {
			ret = tok + ll + 1;
		} else if (strncmp(tok, shrt, ls) == 0 && tok[ls] != '\0' && tok[1] != '-') {
			ret = tok + ls;
		}
		prev = tok;
	}
	if (ret != NULL) {
		snprintf(buf, size, "%s", ret);
		ret = buf;
	}
	free(copy);
	return ret;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static int load(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct kv_jctx c;
	struct kv_run_meta meta = {.tool = "cyclictest"};
	struct kv_params p = {0};
	json_t *threads, *th, *sysinfo;
	const char *cmdline = "", *version = NULL, *started = NULL, *key;
	char when[32], prio[32], interval[32];
	double rc = 0, nthreads;
	bool have;
	int ret = -1;

	kv_jctx_init(&c, file, err);
	if (kv_jget_obj(&c, root, "thread", true, &threads) < 0 ||
	    kv_jget_str(&c, root, "cmdline:", false, &cmdline) < 0 ||
	    kv_jget_str(&c, root, "rt_test_version:", false, &version) < 0 ||
	    kv_jget_str(&c, root, "start_time", false, &started) < 0 ||
	    kv_jget_num(&c, root, "return_code", false, &rc, NULL) < 0 ||
	    kv_jget_obj(&c, root, "sysinfo", false, &sysinfo) < 0 ||
	    kv_jget_num(&c, root, "num_threads", false, &nthreads, &have) < 0) {
		return -1;
	}
	if (rc > 0 || rc < 0) {
		size_t m = kv_jctx_key(&c, "return_code");
		kv_jctx_fail(&c, "cyclictest returned %g: a failed run", rc);
		kv_jctx_pop(&c, m);
		return -1;
	}
	cmdline = cmdline != NULL ? cmdline : "";
	size_t n = json_object_size(threads);
	if (n == 0) {
		size_t m = kv_jctx_key(&c, "thread");
		kv_jctx_fail(&c, "no threads");
		kv_jctx_pop(&c, m);
		return -1;
	}
	meta.tool_version = version;
	if (started != NULL) {
		struct tm tm;
		memset(&tm, 0, sizeof(tm));
		const char *end = strptime(started, "%a, %d %b %Y %H:%M:%S %z", &tm);
		if (end != NULL && *end == '\0') {
			kv_iso_utc((int64_t)timegm(&tm) - tm.tm_gmtoff, when);
			meta.start_time = when;
		}
	}
	json_t *node = json_object_get(sysinfo, "nodename");
	meta.host = json_is_string(node) ? json_string_value(node) : NULL;
	if (kv_sink_run(s, &meta, err) < 0) {
		return kv_jctx_wrap(&c);
	}
	const char *pr = option(cmdline, "-p", "--priority", prio, sizeof(prio));
	const char *iv = option(cmdline, "-i", "--interval", interval, sizeof(interval));
	kv_params_addnum(&p, "threads", have ? nthreads : (double)n);
	kv_params_add(&p, "policy", pr != NULL && atoi(pr) > 0 ? "fifo" : "other");
	if (pr != NULL) {
		kv_params_add(&p, "priority", pr);
	}
	kv_params_add(&p, "interval_us", iv != NULL ? iv : "1000");
	if (kv_sink_benchmark(s, "cyclictest", "cyclictest", p.v, p.n, err) < 0) {
		kv_jctx_wrap(&c);
		goto out;
	}
	double *mins = kv_xcalloc(n, sizeof(double)), *avgs = kv_xcalloc(n, sizeof(double));
	double *maxs = kv_xcalloc(n, sizeof(double));
	long *hist = NULL;
	size_t nhist = 0, t = 0;
	double cycles = 0, counted = 0;
	size_t mt = kv_jctx_key(&c, "thread");
	json_object_foreach(threads, key, th)
	{
		size_t mk = kv_jctx_key(&c, key);
		json_t *h, *v;
		const char *bucket;
		double cy;
		if (!json_is_object(th)) {
			kv_jctx_fail(&c, "expected an object, got %s", kv_json_kind(th));
			goto free_out;
		}
		if (kv_jget_num(&c, th, "min", true, &mins[t], NULL) < 0 ||
		    kv_jget_num(&c, th, "avg", true, &avgs[t], NULL) < 0 ||
		    kv_jget_num(&c, th, "max", true, &maxs[t], NULL) < 0 ||
		    kv_jget_num(&c, th, "cycles", true, &cy, NULL) < 0 ||
		    kv_jget_obj(&c, th, "histogram", false, &h) < 0) {
			goto free_out;
		}
		cycles += cy;
		size_t mh = kv_jctx_key(&c, "histogram");
		json_object_foreach(h, bucket, v)
		{
			double us, count;
			size_t mb = kv_jctx_key(&c, bucket);
			if (!kv_parse_double(bucket, &us) || kv_jnum(&c, v, &count) < 0) {
				if (c.err->code == 0) {
					kv_jctx_fail(&c, "a histogram bucket must be a number");
				}
				goto free_out;
			}
			/* buckets are whole microseconds, counts whole cycles */
			if (!(us >= 0 && us <= 1e12) || us > floor(us)) {
				kv_jctx_fail(&c, "a histogram bucket must be a whole number of "
						 "microseconds from 0 to 1e12");
				goto free_out;
			}
			if (!(count >= 0 && count <= 1e15) || count > floor(count)) {
				kv_jctx_fail(&c,
					     "expected a whole number of cycles from 0 to 1e15");
				goto free_out;
			}
			kv_jctx_pop(&c, mb);
			/* each cycle once, as its bucket: enough for percentiles */
			hist = kv_xreallocarray(hist, nhist + 2, 2 * sizeof(long));
			hist[2 * nhist] = (long)us;
			hist[2 * nhist + 1] = (long)count;
			nhist++;
			counted += count;
		}
		kv_jctx_pop(&c, mh);
		kv_jctx_pop(&c, mk);
		t++;
	}
	kv_jctx_pop(&c, mt);
	if (kv_sink_metric(s, "latency_min", "us", "lower", mins, n, err) < 0 ||
	    kv_sink_metric(s, "latency_avg", "us", "lower", avgs, n, err) < 0 ||
	    kv_sink_metric(s, "latency_max", "us", "lower", maxs, n, err) < 0) {
		kv_jctx_wrap(&c);
		goto free_out;
	}
	/* Percentiles only when the histogram holds every cycle (no overflows). */
	if (nhist > 0 && counted >= cycles && cycles > 0) {
		static const struct {
			double q;
			const char *name;
		} qs[] = {{0.50, "latency_p50"}, {0.99, "latency_p99"}, {0.999, "latency_p99.9"}};
		qsort(hist, nhist, 2 * sizeof(long), cmp_long);
		for (size_t k = 0; k < 3; k++) {
			double need = qs[k].q * counted, acc = 0;
			for (size_t b = 0; b < nhist; b++) {
				acc += (double)hist[2 * b + 1];
				if (acc >= need) {
					if (kv_metric1(&c, s, qs[k].name, "us", "lower",
						       (double)hist[2 * b]) < 0) {
						goto free_out;
					}
					break;
				}
			}
		}
	}
	ret = 0;
free_out:
	free(mins);
	free(avgs);
	free(maxs);
	free(hist);
out:
	kv_params_release(&p);
	return ret;
}

const struct kv_format kv_format_cyclictest = {
    .info = {.name = "cyclictest",
	     .description = "cyclictest --json (rt-tests 2.x; one run per file, threads as "
			    "samples)",
	     .metrics = "latency_min, latency_avg, latency_max (s); with a full histogram "
			"latency_p50, latency_p99, latency_p99.9"},
    .detect_json = detect,
    .load_json = load,
};
