/*
 * kvstatus.c - KubeVirt objects with their status (kubectl get vmi|vmim -o
 * json, one object or a List): start-up and migration latencies.  One run
 * per file; each VMI or migration gives one sample per metric, so a List of
 * 100 VMIs gives 100 samples.
 *
 * - VirtualMachineInstance: status.phaseTransitionTimestamps against
 *   metadata.creationTimestamp: creationToPending, ...Scheduling,
 *   ...Scheduled, ...Running, and scheduledToRunning (benchmark
 *   "vmi-startup"); a completed status.migrationState gives
 *   migrationDuration (benchmark "vmi-migration").
 * - VirtualMachineInstanceMigration: its phases against its creation
 *   (creationToScheduled, ...TargetReady, ...Running, ...Succeeded) and
 *   migrationDuration from status.migrationState (benchmark "vmim").  A
 *   failed migration is left out with a note.
 *
 * Kubernetes timestamps have one-second resolution: latencies are whole
 * seconds and ties are common.  A List of VMIs also labels the run with
 * the tuning of their spec, as --vmi does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "ingest/vmi.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static bool is_kind(json_t *obj, const char *kind)
{
	const char *k = json_string_value(json_object_get(obj, "kind"));

	return k != NULL && strcmp(k, kind) == 0;
}

static bool has_times(json_t *obj)
{
	json_t *st = json_object_get(obj, "status");

	return (is_kind(obj, "VirtualMachineInstance") ||
		is_kind(obj, "VirtualMachineInstanceMigration")) &&
	       (json_object_get(st, "phaseTransitionTimestamps") != NULL ||
		json_object_get(st, "migrationState") != NULL);
}

static bool detect(json_t *root)
{
	if (is_kind(root, "List")) {
		json_t *items = json_object_get(root, "items");
		for (size_t i = 0; i < json_array_size(items); i++) {
			if (has_times(json_array_get(items, i))) {
				return true;
			}
		}
		return false;
	}
	return has_times(root);
}

/* The samples of one metric of one benchmark, in item order. */
struct series {
	const char *bench;
	char *name;
	double *v;
	size_t n, cap;
	bool done; /* written */
};

struct acc {
	struct series *s;
	size_t n, cap;
};

static void add(struct acc *a, const char *bench, const char *name, double v)
{
	struct series *x = NULL;

	for (size_t i = 0; i < a->n && x == NULL; i++) {
		if (a->s[i].bench == bench && strcmp(a->s[i].name, name) == 0) {
			x = &a->s[i];
		}
	}
	if (x == NULL) {
		if (a->n == a->cap) {
			a->cap = a->cap ? 2 * a->cap : 16;
			a->s = kv_xreallocarray(a->s, a->cap, sizeof(*a->s));
		}
		x = &a->s[a->n++];
		*x = (struct series){.bench = bench, .name = kv_xstrdup(name)};
	}
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 64;
		x->v = kv_xreallocarray(x->v, x->cap, sizeof(*x->v));
	}
	x->v[x->n++] = v;
}

static void acc_release(struct acc *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->s[i].name);
		free(a->s[i].v);
	}
	free(a->s);
}

/* A timestamp member of obj, at the current path. */
static int get_time(struct kv_jctx *c, json_t *obj, const char *key, bool required, double *t,
		    bool *have)
{
	const char *s;

	*have = false;
	if (kv_jget_str(c, obj, key, required, &s) < 0) {
		return -1;
	}
	if (s == NULL) {
		return 0;
	}
	char msg[400];
	if (!kv_time_epoch(s, true, t, msg, sizeof(msg))) {
		size_t m = kv_jctx_key(c, key);
		kv_jctx_fail(c, "%s", msg);
		kv_jctx_pop(c, m);
		return -1;
	}
	*have = true;
	return 0;
}

struct notes {
	size_t not_running; /* VMIs without a Running transition */
	size_t failed_migr; /* failed migrations left out */
	size_t vms;         /* VirtualMachine items, which hold no timings */
	double earliest;    /* first creation */
	bool have_earliest;
};

/* The phases of one object against its creation. */
static int phases(struct kv_jctx *c, json_t *obj, const char *bench, bool vmi, struct acc *a,
		  struct notes *nt)
{
	json_t *meta, *status, *ptt = NULL, *ms = NULL;
	double created, t, scheduled = 0, running = 0;
	bool have, have_sched = false, have_run = false, failed = false;
	char name[96];

	size_t m0 = kv_jctx_key(c, "metadata");
	if (kv_jget_obj(c, obj, "metadata", true, &meta) < 0 ||
	    get_time(c, meta, "creationTimestamp", true, &created, &have) < 0) {
		return -1;
	}
	kv_jctx_pop(c, m0);
	if (!nt->have_earliest || created < nt->earliest) {
		nt->earliest = created;
		nt->have_earliest = true;
	}
	if (kv_jget_obj(c, obj, "status", true, &status) < 0) {
		return -1;
	}
	size_t m1 = kv_jctx_key(c, "status");
	const char *phase = json_string_value(json_object_get(status, "phase"));
	failed = !vmi && phase != NULL && strcmp(phase, "Failed") == 0;
	if (kv_jget_arr(c, status, "phaseTransitionTimestamps", false, &ptt) < 0 ||
	    kv_jget_obj(c, status, "migrationState", false, &ms) < 0) {
		return -1;
	}
	if (failed) {
		nt->failed_migr++;
		kv_jctx_pop(c, m1);
		return 0;
	}
	size_t m2 = kv_jctx_key(c, "phaseTransitionTimestamps");
	for (size_t i = 0; ptt != NULL && i < json_array_size(ptt); i++) {
		json_t *e = json_array_get(ptt, i);
		const char *p;
		size_t m3 = kv_jctx_idx(c, i);
		if (!json_is_object(e)) {
			return kv_jctx_fail(c, "expected an object, got %s", kv_json_kind(e));
		}
		if (kv_jget_str(c, e, "phase", true, &p) < 0 ||
		    get_time(c, e, "phaseTransitionTimestamp", true, &t, &have) < 0) {
			return -1;
		}
		if (t < created) {
			return kv_jctx_fail(c, "phase %s at %.0f s before the object was created",
					    p, created - t);
		}
		if (strcmp(p, "Pending") != 0) { /* Pending starts at creation */
			snprintf(name, sizeof(name), "creationTo%s", p);
			add(a, bench, name, t - created);
		}
		if (strcmp(p, "Scheduled") == 0) {
			scheduled = t;
			have_sched = true;
		} else if (strcmp(p, "Running") == 0) {
			running = t;
			have_run = true;
		}
		kv_jctx_pop(c, m3);
	}
	kv_jctx_pop(c, m2);
	if (vmi && have_sched && have_run && running >= scheduled) {
		add(a, bench, "scheduledToRunning", running - scheduled);
	}
	if (vmi && !have_run) {
		nt->not_running++;
	}
	if (ms != NULL) {
		double start, end;
		bool hs, he;
		size_t m4 = kv_jctx_key(c, "migrationState");
		if (get_time(c, ms, "startTimestamp", false, &start, &hs) < 0 ||
		    get_time(c, ms, "endTimestamp", false, &end, &he) < 0) {
			return -1;
		}
		if (json_is_true(json_object_get(ms, "failed"))) {
			nt->failed_migr++;
		} else if (hs && he && json_is_true(json_object_get(ms, "completed"))) {
			if (end < start) {
				return kv_jctx_fail(c, "endTimestamp before startTimestamp");
			}
			add(a, vmi ? "vmi-migration" : bench, "migrationDuration", end - start);
		}
		kv_jctx_pop(c, m4);
	}
	kv_jctx_pop(c, m1);
	return 0;
}

static int load(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct kv_jctx c;
	struct acc a = {0};
	struct notes nt = {0};
	json_t *items = NULL;
	size_t n = 1, nvmi = 0;
	bool list = is_kind(root, "List");
	struct kv_label_arg *labels = NULL;
	size_t nlabels = 0;
	int ret = -1;

	kv_jctx_init(&c, file, err);
	if (list) {
		if (kv_jget_arr(&c, root, "items", true, &items) < 0) {
			return -1;
		}
		n = json_array_size(items);
	}
	for (size_t i = 0; i < n; i++) {
		json_t *obj = list ? json_array_get(items, i) : root;
		size_t m = list ? kv_jctx_key(&c, "items") : 0;
		if (list) {
			kv_jctx_idx(&c, i);
		}
		if (!json_is_object(obj)) {
			kv_jctx_fail(&c, "expected an object, got %s", kv_json_kind(obj));
			goto out;
		}
		if (is_kind(obj, "VirtualMachineInstance")) {
			nvmi++;
			if (phases(&c, obj, "vmi-startup", true, &a, &nt) < 0) {
				goto out;
			}
		} else if (is_kind(obj, "VirtualMachineInstanceMigration")) {
			if (phases(&c, obj, "vmim", false, &a, &nt) < 0) {
				goto out;
			}
		} else if (is_kind(obj, "VirtualMachine")) {
			nt.vms++;
		} else {
			const char *k = json_string_value(json_object_get(obj, "kind"));
			kv_jctx_fail(&c,
				     "expected kind VirtualMachineInstance or "
				     "VirtualMachineInstanceMigration, got %s%s%s",
				     k ? "\"" : "", k ? k : "no kind", k ? "\"" : "");
			goto out;
		}
		if (list) {
			kv_jctx_pop(&c, m);
		}
	}
	char when[KV_TIME_SIZE] = "";
	if (nt.have_earliest && !kv_iso_utc(nt.earliest, when)) {
		when[0] = '\0'; /* cannot be: it was read as a valid time */
	}
	struct kv_run_meta meta = {.tool = "kubevirt", .start_time = when[0] ? when : NULL};
	if (kv_sink_run(s, &meta, err) < 0) {
		kv_jctx_wrap(&c);
		goto out;
	}
	/* the spec's tuning, when every item is a VMI (or VM) */
	if (nvmi > 0 && nvmi + nt.vms == n) {
		if (kv_vmi_labels_json(root, file, &labels, &nlabels, err) < 0) {
			goto out;
		}
		for (size_t i = 0; i < nlabels; i++) {
			if (kv_sink_label(s, labels[i].key, labels[i].value, err) < 0) {
				kv_jctx_wrap(&c);
				goto out;
			}
		}
	}
	/* benchmarks interleave in a List: each one's series together */
	for (size_t i = 0; i < a.n; i++) {
		const char *bench = a.s[i].bench;
		if (a.s[i].done) {
			continue;
		}
		if (kv_sink_benchmark(s, "kubevirt", bench, NULL, 0, err) < 0) {
			kv_jctx_wrap(&c);
			goto out;
		}
		for (size_t j = i; j < a.n; j++) {
			if (a.s[j].done || strcmp(a.s[j].bench, bench) != 0) {
				continue;
			}
			/* durations between times checked in order (no phase before
			 * creation, no end before start): none can be refused */
			if (kv_sink_metric(s, a.s[j].name, "s", "lower", a.s[j].v, a.s[j].n, NULL,
					   err) < 0) {
				kv_jctx_wrap(&c);
				goto out;
			}
			a.s[j].done = true;
		}
	}
	if (nt.not_running > 0) {
		kv_sink_warn(s,
			     "%zu of %zu VMIs never reached Running: their start-up is not in "
			     "creationToRunning",
			     nt.not_running, nvmi);
	}
	if (nt.failed_migr > 0) {
		kv_sink_warn(s, "%zu failed migration%s left out", nt.failed_migr,
			     nt.failed_migr == 1 ? "" : "s");
	}
	if (nt.vms > 0) {
		kv_sink_warn(s,
			     "%zu VirtualMachine%s left out: they hold no timings (use kubectl get "
			     "vmi)",
			     nt.vms, nt.vms == 1 ? "" : "s");
	}
	ret = 0;
out:
	kv_vmi_labels_free(labels, nlabels);
	acc_release(&a);
	return ret;
}

const struct kv_format kv_format_kvstatus = {
    .info = {.name = "kubevirt",
	     .description = "KubeVirt objects with status (kubectl get vmi|vmim -o json, one or a "
			    "List): start-up and migration latencies, one sample per object",
	     .metrics = "vmi-startup creationToScheduled/Running, scheduledToRunning; "
			"vmi-migration and vmim migrationDuration, vmim phases (s)"},
    .detect_json = detect,
    .load_json = load,
};
