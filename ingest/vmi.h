/*
 * vmi.h - the tuning of a KubeVirt VirtualMachineInstance or VirtualMachine
 * (kubectl get vmi|vm NAME -o json|yaml, or a List of them), as labels for
 * the runs measured in it.  The label names are in docs/formats.md.
 */
#ifndef INGEST_VMI_H
#define INGEST_VMI_H

#include <jansson.h>
#include <stddef.h>

#include "ingest/ingest.h"
#include "util/error.h"

/* Reads path ("-": standard input; at most max_size bytes, 0: the default,
 * see kv_read_input()) and returns its labels in a new array (keys and
 * values owned; free with kv_vmi_labels_free()).  A List gives the values
 * its items share, and "a,b" where they differ. */
int kv_vmi_labels(const char *path, size_t max_size, struct kv_label_arg **out, size_t *n,
		  struct kv_error *err);
/* The same for a parsed document; path names it in messages. */
int kv_vmi_labels_json(json_t *root, const char *path, struct kv_label_arg **out, size_t *n,
		       struct kv_error *err);
void kv_vmi_labels_free(struct kv_label_arg *l, size_t n);

#endif
