/*
 * promset.h - Prometheus series as kvperf metrics, for the Prometheus format
 * and kube-burner's metric documents.
 *
 * A series is a metric name and labels; its points are samples of one run.
 * Every series becomes a metric of a benchmark named after it (tool
 * "prometheus"), its labels the benchmark's parameters, except the labels
 * that name one pod, container or scrape target (instance, pod, ...: see
 * kv_promset_dropped()): those differ from run to run, so as parameters no
 * two runs would ever compare.  Series that differ only in dropped labels
 * are samples of one metric (the CPU use of 100 virt-launcher pods is 100
 * samples per point in time).
 *
 * The unit comes from the name's suffix as Prometheus names metrics
 * (_seconds: s, _bytes: bytes, other _total: count), else it is
 * "unknown" (any finite value allowed); lower is better.
 */
#ifndef INGEST_PROMSET_H
#define INGEST_PROMSET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "ingest/sink.h"
#include "util/strbuf.h"

struct kv_promset;

/* Returns a new, empty set; free with kv_promset_free(). */
struct kv_promset *kv_promset_new(void);
/* Accepts NULL. */
void kv_promset_free(struct kv_promset *ss);

/* Whether a label is left out (it names one pod, container or target):
 * instance, pod, pod_name, pod_uid, uid, container_id, and id when it is a
 * cgroup path (cAdvisor's; KubeVirt's id is a vCPU's number). */
bool kv_promset_dropped(const char *key, const char *value);
/* The unit a metric's name says ("s", "bytes", "count"), else "unknown". */
const char *kv_promset_unit(const char *name);

/* Adds point v of the series name with labels (an object of strings, or
 * NULL; "__name__" is not a label) and, when job is not NULL, the
 * parameter job (a label "job" then becomes "exported_job", as Prometheus
 * renames it).  ref is the caller's tag for where v is.  Fails when a label
 * is not a string, with a message that names the label and no place. */
int kv_promset_add(struct kv_promset *ss, const char *name, json_t *labels, const char *job,
		   double v, size_t ref, struct kv_error *err);
/* The number of points added. */
size_t kv_promset_points(const struct kv_promset *ss);
/* Writes every metric into the sink's current run: a benchmark (tool,
 * metric name, parameters) and its samples in the order they were added.
 * at(ctx, ref, p) names the place of a refused value. */
int kv_promset_store(struct kv_promset *ss, struct kv_sink *s, const char *tool,
		     void (*at)(const void *ctx, size_t ref, struct kv_place *p), const void *ctx,
		     struct kv_error *err);
/* Forgets the points and metrics (after kv_promset_store(), before the next
 * run's points), not the label keys seen. */
void kv_promset_clear(struct kv_promset *ss);
/* Appends "label keys kept as parameters: a, b; left out (...): c" to sb,
 * or nothing when no series had labels. */
void kv_promset_labels(const struct kv_promset *ss, struct kv_strbuf *sb);

#endif
