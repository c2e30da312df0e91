/* yamldoc.c - the first YAML document as a jansson value, by libyaml's
 * event parser.  A key repeated in a mapping is an error, as in JSON. */
#include "ingest/yamldoc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <yaml.h>

#include "util/xalloc.h"

/* Deeper than any result file; bounds the stack below. */
#define MAX_DEPTH 256

json_t *kv_yaml_load(const char *buf, size_t len, const char *file, struct kv_error *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	json_t *stack[MAX_DEPTH], *root = NULL;
	char *key[MAX_DEPTH] = {0}; /* pending mapping key at each level */
	int depth = 0;
	bool done = false, failed = false;

	if (!yaml_parser_initialize(&parser)) {
		kv_fail_file(err, KV_EXIT_FAILURE, file, "cannot start the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done && !failed) {
		if (!yaml_parser_parse(&parser, &ev)) {
			kv_fail_at(err, KV_EXIT_DATAERR, file, (int)parser.problem_mark.line + 1,
				   (int)parser.problem_mark.column + 1, "%s",
				   parser.problem ? parser.problem : "YAML syntax error");
			failed = true;
			break;
		}
		json_t *v = NULL;
		int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
		switch (ev.type) {
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (depth >= MAX_DEPTH) {
				kv_fail_at(err, KV_EXIT_DATAERR, file, line, col,
					   "nested too deeply");
				failed = true;
				break;
			}
			v = ev.type == YAML_MAPPING_START_EVENT ? json_object() : json_array();
			break;
		case YAML_SCALAR_EVENT:
			v = json_stringn_nocheck((const char *)ev.data.scalar.value,
						 ev.data.scalar.length);
			break;
		case YAML_ALIAS_EVENT:
			kv_fail_at(err, KV_EXIT_DATAERR, file, line, col,
				   "YAML aliases are not supported");
			failed = true;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			depth--;
			if (depth == 0) {
				done = true; /* the first document's root is complete */
			}
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		if (v != NULL && !failed) {
			if (depth == 0) {
				root = v;
				if (json_is_string(v)) {
					done = true;
				}
			} else {
				json_t *parent = stack[depth - 1];
				if (json_is_array(parent)) {
					json_array_append(parent, v);
				} else if (key[depth - 1] == NULL) {
					if (!json_is_string(v)) {
						kv_fail_at(err, KV_EXIT_DATAERR, file, line, col,
							   "a mapping key must be a scalar");
						failed = true;
					} else if (json_object_get(parent, json_string_value(v)) !=
						   NULL) {
						/* YAML requires unique keys; a second one
						 * would silently replace the first */
						kv_fail_at(err, KV_EXIT_DATAERR, file, line, col,
							   "duplicate key \"%s\"",
							   json_string_value(v));
						failed = true;
					} else {
						key[depth - 1] = kv_xstrdup(json_string_value(v));
					}
				} else {
					json_object_set(parent, key[depth - 1], v);
					free(key[depth - 1]);
					key[depth - 1] = NULL;
				}
			}
			if (!failed && (json_is_object(v) || json_is_array(v))) {
				stack[depth++] = v;
			}
			if (depth > 0 && v != root) {
				json_decref(v); /* the parent holds it */
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	for (int i = 0; i < MAX_DEPTH; i++) {
		free(key[i]);
	}
	if (failed) {
		json_decref(root);
		return NULL;
	}
	if (root == NULL) {
		kv_fail_file(err, KV_EXIT_DATAERR, file, "no YAML document");
	}
	return root;
}
