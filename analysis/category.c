/*
 * category.c - which part of the machine a metric measures, for the
 * per-category summary.  The table is documented in docs/categories.md.
 */
#include <string.h>

#include "analysis/compare.h"

struct rule {
	const char *tool;      /* tool name, or NULL for any */
	const char *benchmark; /* benchmark name prefix, or NULL for any */
	const char *category;
};

/* First match wins; latency metrics are recognised before these (below). */
static const struct rule rules[] = {
    {"sysbench", "memory", "memory"},
    {"sysbench", "fileio", "storage"},
    {"sysbench", NULL, "cpu"},
    {"fio", NULL, "storage"},
    {"iperf3", NULL, "network"},
    {"uperf", NULL, "network"},
    {"netperf", NULL, "network"},
    {"k8s-netperf", NULL, "network"},
    {"stream", NULL, "memory"},
    {"STREAM", NULL, "memory"},
    {"stress-ng", NULL, "cpu"},
    {"hyperfine", NULL, "cpu"},
    {"gbench", NULL, "cpu"},
    {"google-benchmark", NULL, "cpu"},
    {"npb", NULL, "cpu"},
    {"NPB", NULL, "cpu"},
    {"cyclictest", NULL, "latency"},
    {"kube-burner", NULL, "latency"},
    {"pbench", "uperf", "network"},
    {"pbench", "fio", "storage"},
};

const char *kv_category(const char *tool, const char *benchmark, const char *metric,
			const char *unit)
{
	/* A time that is better lower and is named a latency is a latency,
	 * whatever the tool (fio's clat p99, sysbench's latency_avg). */
	if (strcmp(unit, "s") == 0 &&
	    (strstr(metric, "lat") != NULL || strstr(metric, "p99") != NULL)) {
		return "latency";
	}
	/* KubeVirt CI's times are start-up and deletion latencies of VMIs */
	if (strcmp(unit, "s") == 0 && strcmp(tool, "kubevirt-ci") == 0) {
		return "latency";
	}
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (strcmp(rules[i].tool, tool) != 0) {
			continue;
		}
		if (rules[i].benchmark == NULL ||
		    strncmp(benchmark, rules[i].benchmark, strlen(rules[i].benchmark)) == 0) {
			return rules[i].category;
		}
	}
	return "other";
}
