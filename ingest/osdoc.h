/*
 * osdoc.h - the documents found in OpenSearch / Elasticsearch output,
 * shared by the opensearch format (opensearch.c: finds them, groups them
 * into runs) and the readers of benchmark-wrapper's documents (snafu.c).
 */
#ifndef INGEST_OSDOC_H
#define INGEST_OSDOC_H

#include <jansson.h>
#include <stddef.h>

#include "ingest/jpath.h"
#include "ingest/sink.h"

/* What a document is, by its members. */
enum kv_osdoc_kind {
	KV_OSDOC_UNKNOWN,
	KV_OSDOC_KB_MEASURE, /* kube-burner: a measurement or jobSummary */
	KV_OSDOC_KB_METRIC,  /* kube-burner: a Prometheus metric of a metrics profile */
	KV_OSDOC_UPERF,      /* benchmark-wrapper's uperf: one 1-second interval */
	KV_OSDOC_FIO,        /* benchmark-wrapper's fio: one client_stats entry */
	KV_OSDOC_SYSBENCH,   /* benchmark-wrapper's sysbench: one summary */
};

struct kv_osdoc {
	json_t *src;       /* the document (a hit's _source, or a line); borrowed */
	const char *index; /* its hit's _index, or NULL; borrowed */
	char *where;       /* what messages name as its file: "f.json" or "f.ndjson:12" */
	char *path;        /* its JSON path there: "$.hits.hits[3]._source", or "$" */
	char *name;        /* where and path, unique: a callee's name for it */
	enum kv_osdoc_kind kind;
	char *run; /* the run it belongs to (kind, uuid, iteration, ...) */
};

/* Classifies a document (cheap, no side effects). */
enum kv_osdoc_kind kv_osdoc_classify(json_t *src);
/* Starts c at the document: file d->where, path d->path. */
void kv_osdoc_ctx(struct kv_jctx *c, const struct kv_osdoc *d, struct kv_error *err);
/* An error that names a JSON path ("$.a.b: ...") inside the document (or
 * inside sub, a member path such as ".fio" below it) is made to name the
 * document's place instead: where d->where, "<d->path><sub>.a.b: ...". */
void kv_osdoc_relocate(struct kv_error *e, const struct kv_osdoc *d, const char *sub);

/* One run of benchmark-wrapper documents, docs[0..n) of one kind: uperf
 * (uuid and iteration), fio (uuid, sample and one fio invocation) or
 * sysbench (uuid and sample). */
int kv_snafu_uperf(struct kv_osdoc *const *docs, size_t n, struct kv_sink *s, struct kv_error *err);
int kv_snafu_fio(struct kv_osdoc *const *docs, size_t n, struct kv_sink *s, struct kv_error *err);
int kv_snafu_sysbench(struct kv_osdoc *const *docs, size_t n, struct kv_sink *s,
		      struct kv_error *err);
/* The run key of a benchmark-wrapper document (a new string), or NULL when
 * the kind is not one of them. */
char *kv_snafu_run_key(const struct kv_osdoc *d);

#endif
