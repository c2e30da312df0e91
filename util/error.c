/* error.c - filling and printing struct kv_error. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void kv_error_clear(struct kv_error *err)
{
	if (err == NULL) {
		return;
	}
	err->code = 0;
	err->where[0] = '\0';
	err->msg[0] = '\0';
}

static void set_msg(struct kv_error *err, const char *fmt, va_list ap) KV_PRINTF(2, 0);

static void set_msg(struct kv_error *err, const char *fmt, va_list ap)
{
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int kv_fail(struct kv_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL) {
		return -1;
	}
	err->code = code;
	err->where[0] = '\0';
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	return -1;
}

int kv_fail_file(struct kv_error *err, int code, const char *file, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL) {
		return -1;
	}
	err->code = code;
	snprintf(err->where, sizeof(err->where), "%s", file != NULL ? file : "");
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	return -1;
}

int kv_fail_at(struct kv_error *err, int code, const char *file, int line, int column,
	       const char *fmt, ...)
{
	va_list ap;

	if (err == NULL) {
		return -1;
	}
	err->code = code;
	if (line > 0) {
		snprintf(err->where, sizeof(err->where), "%s:%d:%d", file, line, column);
	} else {
		snprintf(err->where, sizeof(err->where), "%s", file);
	}
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	return -1;
}

void kv_error_print(const struct kv_error *err, const char *prog)
{
	if (err->where[0] != '\0') {
		fprintf(stderr, "%s: %s: %s\n", prog, err->where, err->msg);
	} else {
		fprintf(stderr, "%s: %s\n", prog, err->msg);
	}
}
