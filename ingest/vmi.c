/* vmi.c - KubeVirt VMI and VM objects as labels. */
#include "ingest/vmi.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/jpath.h"
#include "ingest/yamldoc.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A label and where its value is in a VMI's spec (a path of member names). */
static const struct {
	const char *label;
	const char *path[6];
	const char *present; /* when set: the label is this value if the member exists */
} fields[] = {
    {"kubevirt.kind", {"kind"}, NULL},
    {"kubevirt.name", {"metadata", "name"}, NULL},
    {"kubevirt.namespace", {"metadata", "namespace"}, NULL},
    {"kubevirt.dedicated_cpu_placement", {"spec", "domain", "cpu", "dedicatedCpuPlacement"}, NULL},
    {"kubevirt.isolate_emulator_thread", {"spec", "domain", "cpu", "isolateEmulatorThread"}, NULL},
    {"kubevirt.numa",
     {"spec", "domain", "cpu", "numa", "guestMappingPassthrough"},
     "guest-passthrough"},
    {"kubevirt.realtime", {"spec", "domain", "cpu", "realtime"}, "true"},
    {"kubevirt.cpu_model", {"spec", "domain", "cpu", "model"}, NULL},
    {"kubevirt.sockets", {"spec", "domain", "cpu", "sockets"}, NULL},
    {"kubevirt.cores", {"spec", "domain", "cpu", "cores"}, NULL},
    {"kubevirt.threads", {"spec", "domain", "cpu", "threads"}, NULL},
    {"kubevirt.hugepages", {"spec", "domain", "memory", "hugepages", "pageSize"}, NULL},
    {"kubevirt.memory", {"spec", "domain", "memory", "guest"}, NULL},
    {"kubevirt.memory_request", {"spec", "domain", "resources", "requests", "memory"}, NULL},
    {"kubevirt.io_threads_policy", {"spec", "domain", "ioThreadsPolicy"}, NULL},
    {"kubevirt.machine_type", {"spec", "domain", "machine", "type"}, NULL},
    {"kubevirt.node", {"status", "nodeName"}, NULL},
};

/* More distinct values than this in a List make a label "(N values)". */
#define MAX_VALUES 8

/* A VirtualMachine keeps the VMI's spec in spec.template. */
static json_t *vmi_of(json_t *obj)
{
	json_t *kind = json_object_get(obj, "kind");

	if (json_is_string(kind) && strcmp(json_string_value(kind), "VirtualMachine") == 0) {
		json_t *t = json_object_get(json_object_get(obj, "spec"), "template");
		if (json_is_object(t)) {
			return t;
		}
	}
	return obj;
}

static bool scalar_text(json_t *v, char *buf, size_t size)
{
	if (json_is_string(v)) {
		snprintf(buf, size, "%s", json_string_value(v));
	} else if (json_is_integer(v)) {
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	} else if (json_is_real(v)) {
		snprintf(buf, size, "%.15g", json_real_value(v));
	} else if (json_is_boolean(v)) {
		snprintf(buf, size, "%s", json_is_true(v) ? "true" : "false");
	} else {
		return false;
	}
	return true;
}

/* Adds value to the set of values of label i (kept as "a,b"). */
static void merge(struct kv_strbuf *vals, const char *value)
{
	if (vals->len == 0) {
		kv_strbuf_adds(vals, value);
		return;
	}
	/* already there as one of the comma-separated values? */
	size_t n = strlen(value);
	for (const char *p = vals->buf; p != NULL; p = strchr(p, ',')) {
		p += *p == ',';
		if (strncmp(p, value, n) == 0 && (p[n] == ',' || p[n] == '\0')) {
			return;
		}
	}
	kv_strbuf_addc(vals, ',');
	kv_strbuf_adds(vals, value);
}

static int from_root(json_t *root, const char *path, const struct kv_marks *marks,
		     struct kv_strbuf *vals, struct kv_error *err)
{
	struct kv_jctx c;
	json_t *items = NULL;
	size_t nitems = 1;

	kv_jctx_init(&c, path, err);
	c.marks = marks;
	if (!json_is_object(root)) {
		return kv_jctx_fail(&c, "expected a KubeVirt object, got %s", kv_json_kind(root));
	}
	json_t *kind = json_object_get(root, "kind");
	if (json_is_string(kind) && strcmp(json_string_value(kind), "List") == 0) {
		if (kv_jget_arr(&c, root, "items", true, &items) < 0) {
			return -1;
		}
		nitems = json_array_size(items);
		if (nitems == 0) {
			size_t m = kv_jctx_key(&c, "items");
			kv_jctx_fail(&c, "an empty List");
			kv_jctx_pop(&c, m);
			return -1;
		}
	}
	for (size_t i = 0; i < nitems; i++) {
		json_t *obj = items != NULL ? json_array_get(items, i) : root;
		json_t *k = json_object_get(obj, "kind");
		const char *ks = json_is_string(k) ? json_string_value(k) : "";
		if (strcmp(ks, "VirtualMachineInstance") != 0 &&
		    strcmp(ks, "VirtualMachine") != 0) {
			size_t m = items != NULL ? kv_jctx_key(&c, "items") : 0;
			if (items != NULL) {
				kv_jctx_idx(&c, i);
			}
			kv_jctx_fail(&c,
				     "expected kind VirtualMachineInstance or VirtualMachine, got "
				     "\"%s\"",
				     ks);
			if (items != NULL) {
				kv_jctx_pop(&c, m);
			}
			return -1;
		}
		json_t *vmi = vmi_of(obj);
		for (size_t f = 0; f < ARRAY_SIZE(fields); f++) {
			json_t *v =
			    fields[f].path[0] != NULL && strcmp(fields[f].path[0], "spec") == 0
				? vmi
				: obj;
			char buf[256];
			for (size_t d = 0; d < 6 && fields[f].path[d] != NULL && v != NULL; d++) {
				v = json_object_get(v, fields[f].path[d]);
			}
			if (v == NULL) {
				continue;
			}
			if (fields[f].present != NULL) {
				snprintf(buf, sizeof(buf), "%s", fields[f].present);
			} else if (!scalar_text(v, buf, sizeof(buf))) {
				continue;
			}
			merge(&vals[f], buf);
		}
	}
	return 0;
}

/* The labels of root, read from path (marks: where its values begin, or NULL). */
static int labels_of(json_t *root, const char *path, const struct kv_marks *marks,
		     struct kv_label_arg **out, size_t *n, struct kv_error *err)
{
	struct kv_strbuf vals[ARRAY_SIZE(fields)];
	int ret = -1;

	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		kv_strbuf_init(&vals[i]);
	}
	if (from_root(root, path, marks, vals, err) < 0) {
		goto out;
	}
	*out = kv_xcalloc(ARRAY_SIZE(fields), sizeof(**out));
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		size_t nvals = 1;
		for (const char *p = vals[i].len ? vals[i].buf : ""; *p; p++) {
			nvals += *p == ',';
		}
		if (nvals > MAX_VALUES) {
			/* a List of 100 VMIs: their names say nothing as a label */
			kv_strbuf_truncate(&vals[i], 0);
			kv_strbuf_addf(&vals[i], "(%zu values)", nvals);
		}
		if (vals[i].len > 0) {
			(*out)[*n].key = kv_xstrdup(fields[i].label);
			(*out)[*n].value = kv_strbuf_detach(&vals[i]);
			(*n)++;
		}
	}
	ret = 0;
out:
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		kv_strbuf_release(&vals[i]);
	}
	return ret;
}

int kv_vmi_labels(const char *path, size_t max_size, struct kv_label_arg **out, size_t *n,
		  struct kv_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	json_t *root = NULL;
	struct kv_marks *marks = NULL;
	int ret = -1;

	*out = NULL;
	*n = 0;
	if (kv_read_input(path, max_size, &buf, &len, err) < 0) {
		return -1;
	}
	if (strcmp(path, "-") == 0) {
		path = KV_STDIN_NAME;
	}
	size_t skip = strspn(buf, " \t\r\n");
	if (skip == len) {
		kv_fail_file(err, KV_EXIT_DATAERR, path, "empty file");
		goto out;
	}
	if (buf[skip] == '{') {
		json_error_t jerr;
		root = json_loadb(buf, len, 0, &jerr);
		if (root == NULL) {
			kv_fail_at(err, KV_EXIT_DATAERR, path, jerr.line, jerr.column, "%s",
				   jerr.text);
			goto out;
		}
	} else if ((root = kv_yaml_load(buf, len, path, &marks, err)) == NULL) {
		goto out;
	}
	ret = labels_of(root, path, marks, out, n, err);
out:
	json_decref(root);
	kv_marks_free(marks);
	free(buf);
	return ret;
}

int kv_vmi_labels_json(json_t *root, const char *path, struct kv_label_arg **out, size_t *n,
		       struct kv_error *err)
{
	return labels_of(root, path, NULL, out, n, err);
}

void kv_vmi_labels_free(struct kv_label_arg *l, size_t n)
{
	for (size_t i = 0; l != NULL && i < n; i++) {
		free((char *)(uintptr_t)l[i].key);
		free((char *)(uintptr_t)l[i].value);
	}
	free(l);
}
