/*
 * cyclictest.c - cyclictest --json (rt-tests 2.x).  One run per file; the
 * threads are the samples of min/avg/max latency (us in the file; lower is
 * better); where a histogram was kept and holds every cycle, p50/p99/p99.9
 * of all threads.  Keys really are spelled "cmdline:" and "rt_test_version:".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* start_time as cyclictest writes it (strftime "%a, %d %b %Y %T %z" in the
 * C locale: "Wed, 25 Nov 2026 01:20:34 +0000") to its stored form in out.
 * Returns 1 when read, 0 for a form it does not know (left out), -1 for a
 * time that cannot be (refused, naming the member). */
static int start_time(struct kv_jctx *c, const char *s, char *out)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char wday[4], mon[4], zone[8], iso[96], msg[400];
	int d, y, h, mi, sec, used = 0;
	const char *at;

	if (sscanf(s, "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d %7[-+0-9]%n", wday, &d, mon, &y,
		   &h, &mi, &sec, zone, &used) != 8 ||
	    s[used] != '\0' || strlen(mon) != 3 || (at = strstr(months, mon)) == NULL ||
	    (at - months) % 3 != 0 || d < 0 || y < 0 || h < 0 || mi < 0 || sec < 0) {
		return 0;
	}
	snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02d%s", y, (int)(at - months) / 3 + 1,
		 d, h, mi, sec, zone);
	if (kv_time_norm(iso, out, msg, sizeof(msg))) {
		return 1;
	}
	const char *why = strstr(msg, " is not a valid time: ");
	if (why == NULL) {
		return 0; /* not a form of time */
	}
	size_t m = kv_jctx_key(c, "start_time");
	kv_jctx_fail(c, "\"%s\"%s", s, why);
	kv_jctx_pop(c, m);
	return -1;
}

/* Where sample t of a per-thread metric came from: $.thread["<key>"].<field>. */
struct where {
	const char *const *keys; /* the threads' keys, in order */
	const char *field;
};

static void at(const void *ctx, size_t t, struct kv_place *p)
{
	const struct where *w = ctx;
	struct kv_jctx c;

	kv_jctx_init(&c, NULL, NULL);
	kv_jctx_key(&c, "thread");
	kv_jctx_key(&c, w->keys[t]);
	kv_jctx_key(&c, w->field);
	snprintf(p->path, sizeof(p->path), "%s", c.path);
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
	char when[KV_TIME_SIZE], prio[32], interval[32];
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
		int r = start_time(&c, started, when);
		if (r < 0) {
			return -1;
		}
		meta.start_time = r > 0 ? when : NULL;
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
	const char **keys = kv_xcalloc(n, sizeof(*keys));
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
		keys[t] = key;
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
	struct where wmin = {keys, "min"}, wavg = {keys, "avg"}, wmax = {keys, "max"};
	struct kv_origin fmin = {.at = at, .ctx = &wmin}, favg = {.at = at, .ctx = &wavg};
	struct kv_origin fmax = {.at = at, .ctx = &wmax};
	if (kv_sink_metric(s, "latency_min", "us", "lower", mins, n, &fmin, err) < 0 ||
	    kv_sink_metric(s, "latency_avg", "us", "lower", avgs, n, &favg, err) < 0 ||
	    kv_sink_metric(s, "latency_max", "us", "lower", maxs, n, &fmax, err) < 0) {
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
					if (kv_metric1(&c, s, "thread", qs[k].name, "us", "lower",
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
	free(keys);
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
