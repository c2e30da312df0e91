/*
 * error.h - errors the user can act on.
 *
 * Action functions return 0 on success and -1 on failure; on failure they
 * fill a caller-owned struct kv_error.  Only main() prints it, once, as
 * "kvperf: <where>: <msg>" (or "kvperf: <msg>" when where is empty).
 *
 * Messages quote the data (names, file names, bytes of a file), so where
 * and msg are escaped as they are built (util/escape.h: a control character
 * or a byte that is not UTF-8 shows as "\x1b"), and escaped again as they
 * are printed: a message is always exactly one line.
 */
#ifndef UTIL_ERROR_H
#define UTIL_ERROR_H

#include <stdbool.h>
#include <stddef.h>

/* Exit codes, also used as error codes (what main() should exit with). */
enum kv_exit {
	KV_EXIT_OK = 0,       /* success */
	KV_EXIT_FAILURE = 1,  /* failure not caused by the input data */
	KV_EXIT_USAGE = 2,    /* wrong command-line usage */
	KV_EXIT_GATE = 3,     /* compare --fail-above: a gate was crossed */
	KV_EXIT_DATAERR = 65, /* bad input data (sysexits.h EX_DATAERR) */
	KV_EXIT_NOINPUT = 66, /* an input that cannot be opened or read (EX_NOINPUT) */
};

struct kv_error {
	int code;        /* enum kv_exit value; 0 while no error was set */
	char where[288]; /* the file and position ("a.json:3:7"), or "", escaped */
	char msg[512];   /* what went wrong, lower case, no final period, escaped */
};

#if defined(__GNUC__)
#define KV_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define KV_PRINTF(f, a)
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Clears err (err may be NULL). */
void kv_error_clear(struct kv_error *err);

/* Sets code, an empty where and the formatted message; returns -1. */
int kv_fail(struct kv_error *err, int code, const char *fmt, ...) KV_PRINTF(3, 4);

/* Sets code, where = "file" and the message; returns -1. */
int kv_fail_file(struct kv_error *err, int code, const char *file, const char *fmt, ...)
    KV_PRINTF(4, 5);

/* Sets code, where = "file:line:column" (or "file" when line <= 0); returns -1. */
int kv_fail_at(struct kv_error *err, int code, const char *file, int line, int column,
	       const char *fmt, ...) KV_PRINTF(6, 7);

/* Whether err is a failure that names its own place and is not the
 * input's fault (the database's: exit 1 with where set), which a reader
 * of a file must not re-place at a line or JSON path of that file. */
static inline bool kv_error_elsewhere(const struct kv_error *err)
{
	return err->code == KV_EXIT_FAILURE && err->where[0] != '\0';
}

/* Prints "prog: where: msg" (or "prog: msg") on stderr as one line, every
 * control character escaped. */
void kv_error_print(const struct kv_error *err, const char *prog);

#endif
