/*
 * yamldoc.h - YAML documents as jansson values, so that YAML formats (stress-ng,
 * KubeVirt objects) are read with the same JSON-path helpers.  Mappings
 * become objects, sequences arrays, every scalar a string.
 */
#ifndef INGEST_YAMLDOC_H
#define INGEST_YAMLDOC_H

#include <jansson.h>
#include <stddef.h>

#include "ingest/jpath.h"
#include "util/error.h"

/* Parses the first document of buf; returns a new value (json_decref), or
 * NULL with err naming file:line:column.  When marks is not NULL, *marks
 * is set to where each value begins (for struct kv_jctx's messages): a new
 * set, free with kv_marks_free(), or NULL on failure. */
json_t *kv_yaml_load(const char *buf, size_t len, const char *file, struct kv_marks **marks,
		     struct kv_error *err);

#endif
