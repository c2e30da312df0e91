/* yamldoc.c - the first YAML document as a jansson value, by libyaml's
 * event parser.  A key repeated in a mapping is an error, as in JSON. */
#include "ingest/yamldoc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <yaml.h>

#include "util/xalloc.h"

/* Deeper than any result file; bounds the stack below. */
#define MAX_DEPTH 256

/* The line of the last byte of buf that is not white space (1 if none):
 * where a document that never began should have been. */
static int last_line(const char *buf, size_t len)
{
	size_t end = len;
	int line = 1;

	while (end > 0 && (buf[end - 1] == ' ' || buf[end - 1] == '\t' || buf[end - 1] == '\n' ||
			   buf[end - 1] == '\r')) {
		end--;
	}
	for (size_t i = 0; i < end; i++) {
		line += buf[i] == '\n';
	}
	return line;
}

json_t *kv_yaml_load(const char *buf, size_t len, const char *file, struct kv_marks **marks_out,
		     struct kv_error *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	json_t *stack[MAX_DEPTH], *root = NULL;
	char *key[MAX_DEPTH] = {0}; /* pending mapping key at each level */
	size_t outer[MAX_DEPTH];    /* the path's length outside each open container */
	struct kv_jctx at;          /* only its path: that of the value being read */
	struct kv_marks *marks = marks_out != NULL ? kv_marks_new() : NULL;
	int depth = 0;
	bool done = false, failed = false;

	if (marks_out != NULL) {
		*marks_out = NULL;
	}
	kv_jctx_init(&at, file, err);
	if (!yaml_parser_initialize(&parser)) {
		kv_fail_file(err, KV_EXIT_FAILURE, file, "cannot start the YAML parser");
		kv_marks_free(marks);
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
			kv_jctx_pop(&at, outer[depth]);
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
			/* the value's path: "$", its parent's and [index] or .key */
			size_t here = at.len;
			json_t *up = depth > 0 ? stack[depth - 1] : NULL;
			if (up != NULL && json_is_array(up)) {
				kv_jctx_idx(&at, json_array_size(up));
			} else if (up != NULL && key[depth - 1] != NULL) {
				kv_jctx_key(&at, key[depth - 1]);
			}
			if (marks != NULL &&
			    (up == NULL || json_is_array(up) || key[depth - 1] != NULL)) {
				kv_marks_add(marks, at.path, line, col); /* a value, not a key */
			}
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
				outer[depth] = here;
				stack[depth++] = v;
			} else {
				kv_jctx_pop(&at, here);
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
	if (!failed && root == NULL) {
		kv_fail_at(err, KV_EXIT_DATAERR, file, last_line(buf, len), 1,
			   "the file ends without a YAML document");
		failed = true;
	}
	if (failed) {
		json_decref(root);
		kv_marks_free(marks);
		return NULL;
	}
	if (marks_out != NULL) {
		*marks_out = marks;
	}
	return root;
}
