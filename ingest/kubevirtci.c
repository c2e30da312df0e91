/*
 * kubevirtci.c - KubeVirt CI performance results (tools/perfscale-audit's
 * results.json: {"JobDirCreationTime", "VMIResult": {"Values": {METRIC:
 * {"value": N}}}, "VMResult": same or null}).  One run per file; each
 * metric is one summary value (a P50, an average over the test window).
 *
 * A file whose VMIResult and VMResult are both null holds no result and is
 * refused: no run is stored without samples.  Found by walking a directory
 * (the public CI tree holds such files), it is skipped with a note.
 *
 * The file holds no version or commit; its place in KubeVirt's tree does
 * (issue #16): results/<prow job>/<build id>/results.json, or <build
 * id>.json as examples/kubevirt-ci keeps them.  The build id (all digits)
 * becomes the label ci.build, a job name (periodic-..., pull-...) ci.job,
 * and the Kubernetes version in a job's name (...-k8s-1.34-...)
 * k8s.version.
 *
 * A latency of 0 s is a missing measurement (the 1.34 job once wrote
 * vmiCreationToRunningSecondsP50 = 0 while 101 VMIs reached Running): it is
 * left out with a warning, never imported as data.
 */
#include <stdio.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "util/strbuf.h"

static bool detect(json_t *root)
{
	return json_is_object(root) && json_object_get(root, "VMIResult") != NULL &&
	       (json_object_get(root, "JobDirCreationTime") != NULL ||
		json_object_get(root, "VMResult") != NULL);
}

/* Unit and direction from the metric's name (docs/formats.md). */
static void classify(const char *name, const char **unit, const char **dir)
{
	*dir = "lower";
	*unit = "count";
	if (strstr(name, "Seconds") != NULL || strstr(name, "Latency") != NULL) {
		*unit = "s";
	} else if (strstr(name, "CPUUsage") != NULL) {
		*unit = "cores";
	} else if (strstr(name, "MemoryUsageInMB") != NULL) {
		*unit = "MB";
	} else if (strstr(name, "AddRate") != NULL) {
		*unit = "ops/s";
	} else if (strcmp(name, "running-phase-count") == 0) {
		*dir = "higher"; /* how many VMIs reached Running */
	}
}

static int result(struct kv_jctx *c, struct kv_sink *s, json_t *root, const char *key,
		  const char *bench)
{
	json_t *res = json_object_get(root, key), *values, *m;
	const char *name;
	double running = -1;
	struct kv_strbuf zero = KV_STRBUF_INIT; /* latencies of 0 s: missing measurements */
	size_t nzero = 0;
	int ret = -1;

	if (res == NULL || json_is_null(res)) {
		return 0; /* the density test of VMs did not run */
	}
	size_t m0 = kv_jctx_key(c, key);
	if (!json_is_object(res)) {
		return kv_jctx_fail(c, "expected an object or null, got %s", kv_json_kind(res));
	}
	if (kv_jget_obj(c, res, "Values", true, &values) < 0) {
		return -1;
	}
	if (kv_sink_benchmark(s, "kubevirt-ci", bench, NULL, 0, c->err) < 0) {
		return kv_jctx_wrap(c);
	}
	json_t *rp = json_object_get(json_object_get(values, "running-phase-count"), "value");
	if (json_is_number(rp)) {
		running = json_number_value(rp);
	}
	size_t m1 = kv_jctx_key(c, "Values");
	json_object_foreach(values, name, m)
	{
		const char *unit, *dir;
		double v;
		size_t m2 = kv_jctx_key(c, name);
		if (!json_is_object(m)) {
			kv_jctx_fail(c, "expected an object, got %s", kv_json_kind(m));
			goto out;
		}
		if (kv_jget_num(c, m, "value", true, &v, NULL) < 0) {
			goto out;
		}
		classify(name, &unit, &dir);
		if (strcmp(unit, "s") == 0 && !(v > 0)) {
			kv_strbuf_addf(&zero, "%s%s", nzero++ ? ", " : "", name);
			kv_jctx_pop(c, m2);
			continue;
		}
		size_t m3 = kv_jctx_key(c, "value");
		struct kv_origin from = {.path = c->path};
		if (kv_sink_metric_kind(s, name, unit, dir, "summary", &v, 1, &from, c->err) < 0) {
			kv_jctx_wrap(c);
			goto out;
		}
		kv_jctx_pop(c, m3);
		kv_jctx_pop(c, m2);
	}
	kv_jctx_pop(c, m1);
	if (nzero > 0) {
		char ran[64] = "";
		if (running > 0 && strstr(kv_strbuf_str(&zero), "CreationToRunning") != NULL) {
			snprintf(ran, sizeof(ran), " while %g VMIs reached Running", running);
		}
		kv_sink_warn(s, "%s: %zu latenc%s of 0 s%s left out as missing measurements: %s",
			     c->path, nzero, nzero == 1 ? "y" : "ies", ran, kv_strbuf_str(&zero));
	}
	kv_jctx_pop(c, m0);
	ret = 0;
out:
	kv_strbuf_release(&zero);
	return ret;
}

static bool all_digits(const char *p, size_t n)
{
	if (n == 0) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9') {
			return false;
		}
	}
	return true;
}

/* Labels from the file's path: its build id, job and Kubernetes version. */
static int path_labels(struct kv_sink *s, const char *file, struct kv_error *err)
{
	char build[32] = "", job[256] = "", k8s[16] = "";
	const char *p = file;

	/* each component of the path, the last one without ".json" */
	while (*p != '\0') {
		size_t n = strcspn(p, "/");
		bool last = p[n] == '\0';
		size_t stem = n;
		if (last && n > 5 && strncmp(p + n - 5, ".json", 5) == 0) {
			stem = n - 5;
		}
		if (all_digits(p, stem) && stem < sizeof(build)) {
			snprintf(build, sizeof(build), "%.*s", (int)stem, p);
		} else if (!last &&
			   (strncmp(p, "periodic-", 9) == 0 || strncmp(p, "pull-", 5) == 0) &&
			   n < sizeof(job)) {
			snprintf(job, sizeof(job), "%.*s", (int)n, p);
		}
		p += n;
		p += *p == '/';
	}
	const char *k = strstr(job, "k8s-");
	if (k != NULL) {
		size_t n = strspn(k + 4, "0123456789.");
		if (n > 0 && n < sizeof(k8s) && k[4] != '.') {
			snprintf(k8s, sizeof(k8s), "%.*s", (int)n, k + 4);
		}
	}
	if ((build[0] && kv_sink_label(s, "ci.build", build, err) < 0) ||
	    (job[0] && kv_sink_label(s, "ci.job", job, err) < 0) ||
	    (k8s[0] && kv_sink_label(s, "k8s.version", k8s, err) < 0)) {
		return -1;
	}
	return 0;
}

static int load(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct kv_jctx c;
	struct kv_run_meta meta = {.tool = "kubevirt-ci"};
	const char *when = NULL;
	char norm[KV_TIME_SIZE];

	kv_jctx_init(&c, file, err);
	if (!json_is_object(root)) {
		return kv_jctx_fail(&c, "expected an object, got %s", kv_json_kind(root));
	}
	if (json_object_get(root, "VMIResult") == NULL) {
		return kv_jctx_fail(&c, "missing member \"VMIResult\"");
	}
	if (kv_jget_str(&c, root, "JobDirCreationTime", false, &when) < 0 ||
	    (when != NULL && kv_jtime(&c, "JobDirCreationTime", when, norm) < 0)) {
		return -1;
	}
	if (!json_is_object(json_object_get(root, "VMIResult")) &&
	    !json_is_object(json_object_get(root, "VMResult"))) {
		/* the job ran but wrote nothing: no run to store (a run without
		 * samples would count in `runs` and in nothing else) */
		kv_sink_no_results(s, "no results (VMIResult and VMResult are null)");
		return kv_jctx_fail(&c, "VMIResult and VMResult are both null: the job wrote no "
					"results");
	}
	meta.start_time = when != NULL ? norm : NULL;
	if (kv_sink_run(s, &meta, err) < 0 || path_labels(s, file, err) < 0) {
		return kv_jctx_wrap(&c);
	}
	if (result(&c, s, root, "VMIResult", "vmi-density") < 0 ||
	    result(&c, s, root, "VMResult", "vm-density") < 0) {
		return -1;
	}
	return 0;
}

const struct kv_format kv_format_kubevirtci = {
    .info = {.name = "kubevirt-ci",
	     .description = "KubeVirt CI performance results.json (perfscale-audit: VMIResult, "
			    "VMResult; one run per file, every metric a summary)",
	     .metrics = "vmiCreationToRunningSecondsP50/P95/P99 (s), API call counts, "
			"virt-* CPU (cores) and memory (MB), workqueue add rate, depth, P99 "
			"latency"},
    .detect_json = detect,
    .load_json = load,
};
