/*
 * iperf3.c - iperf3 3.x -J.  One run per file.  A file with an "error"
 * member is a failed run: it is refused, never imported as zeros.
 */
#include <ctype.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"

static bool detect(json_t *root)
{
	json_t *start = json_object_get(root, "start");

	return json_is_object(root) && json_is_object(start) &&
	       (json_object_get(start, "test_start") != NULL ||
		json_is_string(json_object_get(start, "version"))) &&
	       json_object_get(root, "end") != NULL;
}

/* A number member of obj at path key, as fail-or-value. */
static int num(struct kv_jctx *c, json_t *obj, const char *objkey, const char *key, bool req,
	       double *v, bool *have)
{
	size_t m = kv_jctx_key(c, objkey);
	int r = kv_jget_num(c, obj, key, req, v, have);

	kv_jctx_pop(c, m);
	return r;
}

/* A one-sample metric from member key of member objkey of the current path. */
static int metric(struct kv_jctx *c, struct kv_sink *s, const char *objkey, const char *key,
		  const char *name, const char *unit, const char *dir, double v)
{
	size_t m = kv_jctx_key(c, objkey);
	int r = kv_metric1(c, s, key, name, unit, dir, v);

	kv_jctx_pop(c, m);
	return r;
}

static int load(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct kv_jctx c;
	struct kv_run_meta meta = {.tool = "iperf3"};
	struct kv_params p = {0};
	json_t *start, *end, *ts, *sum_s, *sum_r, *sum, *cpu, *e;
	const char *version = NULL, *proto;
	double streams, reverse, duration, blksize, rate = 0, v;
	bool have;
	char when[KV_TIME_SIZE], host[256] = "", lower[8];
	int ret = -1;

	kv_jctx_init(&c, file, err);
	if ((e = json_object_get(root, "error")) != NULL) {
		size_t m = kv_jctx_key(&c, "error");
		kv_jctx_fail(&c, "iperf3 reported an error, so this is a failed run: %s",
			     json_is_string(e) ? json_string_value(e) : "(not a string)");
		kv_jctx_pop(&c, m);
		return -1;
	}
	if (kv_jget_obj(&c, root, "start", true, &start) < 0 ||
	    kv_jget_obj(&c, root, "end", true, &end) < 0) {
		return -1;
	}
	size_t m0 = kv_jctx_key(&c, "start");
	json_t *test;
	if (kv_jget_str(&c, start, "version", false, &version) < 0 ||
	    kv_jget_obj(&c, start, "test_start", true, &test) < 0) {
		return -1;
	}
	size_t m1 = kv_jctx_key(&c, "test_start");
	if (kv_jget_str(&c, test, "protocol", true, &proto) < 0 ||
	    kv_jget_num(&c, test, "num_streams", true, &streams, NULL) < 0 ||
	    kv_jget_num(&c, test, "reverse", false, &reverse, &have) < 0 ||
	    kv_jget_num(&c, test, "duration", true, &duration, NULL) < 0 ||
	    kv_jget_num(&c, test, "blksize", true, &blksize, NULL) < 0 ||
	    kv_jget_num(&c, test, "target_bitrate", false, &rate, NULL) < 0) {
		return -1;
	}
	reverse = have ? reverse : 0;
	kv_jctx_pop(&c, m1);
	if (version != NULL && strncmp(version, "iperf ", 6) == 0) {
		version += 6;
	}
	meta.tool_version = version;
	ts = json_object_get(json_object_get(start, "timestamp"), "timesecs");
	if (json_is_integer(ts)) {
		size_t mt = kv_jctx_key(&c, "timestamp");
		if (kv_jepoch(&c, "timesecs", (double)json_integer_value(ts), when) < 0) {
			return -1;
		}
		kv_jctx_pop(&c, mt);
		meta.start_time = when;
	}
	/* system_info is uname -a: "Linux <host> <release> ..." */
	json_t *si = json_object_get(start, "system_info");
	if (json_is_string(si) && sscanf(json_string_value(si), "%*s %255s", host) == 1) {
		meta.host = host;
	}
	kv_jctx_pop(&c, m0);
	if (kv_sink_run(s, &meta, err) < 0) {
		return kv_jctx_wrap(&c);
	}
	json_t *to = json_object_get(json_object_get(start, "connecting_to"), "host");
	if (json_is_string(to) &&
	    kv_sink_label(s, "iperf3.server", json_string_value(to), err) < 0) {
		return kv_jctx_wrap(&c);
	}
	size_t i;
	for (i = 0; proto[i] && i + 1 < sizeof(lower); i++) {
		lower[i] = (char)tolower((unsigned char)proto[i]);
	}
	lower[i] = '\0';
	kv_params_addnum(&p, "streams", streams);
	kv_params_add(&p, "reverse", reverse > 0 ? "true" : "false");
	kv_params_addnum(&p, "duration", duration);
	kv_params_addnum(&p, "blksize", blksize);
	if (rate > 0) {
		kv_params_addnum(&p, "bitrate", rate);
	}
	if (kv_sink_benchmark(s, "iperf3", lower, p.v, p.n, err) < 0) {
		kv_jctx_wrap(&c);
		goto out;
	}
	size_t me = kv_jctx_key(&c, "end");
	if (kv_jget_obj(&c, end, "sum_sent", true, &sum_s) < 0 ||
	    kv_jget_obj(&c, end, "sum_received", true, &sum_r) < 0 ||
	    kv_jget_obj(&c, end, "sum", false, &sum) < 0 ||
	    kv_jget_obj(&c, end, "cpu_utilization_percent", false, &cpu) < 0) {
		goto out;
	}
	if (num(&c, sum_s, "sum_sent", "bits_per_second", true, &v, NULL) < 0 ||
	    metric(&c, s, "sum_sent", "bits_per_second", "sent_bps", "bits/s", "higher", v) < 0 ||
	    num(&c, sum_r, "sum_received", "bits_per_second", true, &v, NULL) < 0 ||
	    metric(&c, s, "sum_received", "bits_per_second", "received_bps", "bits/s", "higher",
		   v) < 0) {
		goto out;
	}
	if (num(&c, sum_s, "sum_sent", "retransmits", false, &v, &have) < 0 ||
	    (have &&
	     metric(&c, s, "sum_sent", "retransmits", "retransmits", "count", "lower", v) < 0)) {
		goto out;
	}
	if (strcmp(lower, "udp") == 0) {
		/* The receiver's view: jitter and loss as the server measured them. */
		json_t *u = json_object_get(sum_r, "jitter_ms") != NULL ? sum_r : sum;
		const char *k = u == sum_r ? "sum_received" : "sum";
		if (u == NULL) {
			kv_jctx_fail(&c, "missing member \"sum\" (UDP jitter and loss)");
			goto out;
		}
		if (num(&c, u, k, "jitter_ms", true, &v, NULL) < 0 ||
		    metric(&c, s, k, "jitter_ms", "jitter", "ms", "lower", v) < 0 ||
		    num(&c, u, k, "lost_percent", true, &v, NULL) < 0 ||
		    metric(&c, s, k, "lost_percent", "lost_percent", "percent", "lower", v) < 0) {
			goto out;
		}
	}
	if (cpu != NULL) {
		/* percent of one CPU: iperf3 3.16+ runs a thread per stream, and
		 * getrusage() counts them all, so a busy host exceeds 100 */
		const char *key = "cpu_utilization_percent";
		if (num(&c, cpu, key, "host_total", false, &v, &have) < 0 ||
		    (have &&
		     metric(&c, s, key, "host_total", "cpu_host", "%cpu", "lower", v) < 0) ||
		    num(&c, cpu, key, "remote_total", false, &v, &have) < 0 ||
		    (have &&
		     metric(&c, s, key, "remote_total", "cpu_remote", "%cpu", "lower", v) < 0)) {
			goto out;
		}
	}
	kv_jctx_pop(&c, me);
	ret = 0;
out:
	kv_params_release(&p);
	return ret;
}

const struct kv_format kv_format_iperf3 = {
    .info = {.name = "iperf3",
	     .description = "iperf3 3.x -J, TCP and UDP (one run per file; a file with "
			    "\"error\" is refused)",
	     .metrics = "sent_bps, received_bps (bits/s), retransmits; UDP: jitter (s), "
			"lost_percent; cpu_host, cpu_remote (percent)"},
    .detect_json = detect,
    .load_json = load,
};
