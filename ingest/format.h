/*
 * format.h - the interface every input format implements (like wlroots'
 * backends).  Adding a tool is one new file plus one line in formats.c.
 */
#ifndef INGEST_FORMAT_H
#define INGEST_FORMAT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "ingest/ingest.h"
#include "ingest/sink.h"

struct kv_format {
	struct kv_format_info info;
	/* JSON formats: cheap check of a parsed document, no side effects. */
	bool (*detect_json)(json_t *root);
	/* JSON formats: reads root into the sink; on failure fills err with
	 * the file and the JSON path. */
	int (*load_json)(json_t *root, const char *file, struct kv_sink *sink,
			 struct kv_error *err);
	/* Text formats: cheap check of the content (NUL-terminated at len). */
	bool (*detect_text)(const char *buf, size_t len);
	/* Text formats: on failure fills err with file:line:column. */
	int (*load_text)(const char *buf, size_t len, const char *file, struct kv_sink *sink,
			 struct kv_error *err);
	/* Formats whose results may fill a directory (kube-burner's collected
	 * metrics): whether a directory with these entry names is one import... */
	bool (*detect_dir)(const char *const *names, size_t n);
	/* ...and reads its parsed files roots[0..n) (files[i] names roots[i]). */
	int (*load_json_set)(json_t *const *roots, const char *const *files, size_t n,
			     struct kv_sink *sink, struct kv_error *err);
	/* Text formats of several JSON values (JSON lines, documents one after
	 * another): a content that starts like JSON but is not one JSON
	 * document is offered to their detect_text and load_text. */
	bool json_lines;
};

extern const struct kv_format kv_format_native, kv_format_fio, kv_format_iperf3,
    kv_format_hyperfine, kv_format_gbench, kv_format_cyclictest, kv_format_sysbench,
    kv_format_stressng, kv_format_kubevirtci, kv_format_kubeburner, kv_format_kvstatus,
    kv_format_netperf, kv_format_stream, kv_format_npb, kv_format_pbench, kv_format_opensearch,
    kv_format_prometheus, kv_format_perfstat;

/* The formats, in detection order (first match wins). */
extern const struct kv_format *const kv_format_table[];
extern const size_t kv_format_count;

/* Returns the format called name, or NULL. */
const struct kv_format *kv_format_find(const char *name);

#endif
