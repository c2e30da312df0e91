/* error.c - filling and printing struct kv_error. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/escape.h"
#include "util/strbuf.h"

/* Room to format a message before it is escaped and cut to its field. */
#define RAW_SIZE 2048

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

/* The message and the place may quote the data (a name, a file's bytes, a
 * file name): control characters are escaped here, where they are built. */
static void set_msg(struct kv_error *err, const char *fmt, va_list ap)
{
	char raw[RAW_SIZE];

	vsnprintf(raw, sizeof(raw), fmt, ap);
	kv_escape_ctrl(raw, err->msg, sizeof(err->msg));
}

static void set_where(struct kv_error *err, const char *file, int line, int column)
{
	char raw[RAW_SIZE];

	if (line > 0) {
		snprintf(raw, sizeof(raw), "%s:%d:%d", file, line, column);
	} else {
		snprintf(raw, sizeof(raw), "%s", file);
	}
	kv_escape_ctrl(raw, err->where, sizeof(err->where));
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
	set_where(err, file != NULL ? file : "", 0, 0);
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
	set_where(err, file != NULL ? file : "", line, column);
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	return -1;
}

void kv_error_print(const struct kv_error *err, const char *prog)
{
	struct kv_strbuf line = KV_STRBUF_INIT;

	/* escaped again: where and msg may have been written without kv_fail
	 * (escaping escaped text changes nothing) */
	kv_strbuf_add_escaped(&line, prog);
	kv_strbuf_adds(&line, ": ");
	if (err->where[0] != '\0') {
		kv_strbuf_add_escaped(&line, err->where);
		kv_strbuf_adds(&line, ": ");
	}
	kv_strbuf_add_escaped(&line, err->msg);
	kv_strbuf_addc(&line, '\n');
	fputs(kv_strbuf_str(&line), stderr); /* one write: one line, even among other processes */
	kv_strbuf_release(&line);
}
