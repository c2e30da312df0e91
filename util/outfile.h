/*
 * outfile.h - output files written under a temporary name and renamed at
 * the end, so a crash never leaves a half-written report behind, and never
 * a temporary file either: SIGINT, SIGTERM and SIGHUP remove the live ones
 * (the process then dies of the signal), and the temporary files of the
 * same output that a dead process left are removed by the next run.
 */
#ifndef UTIL_OUTFILE_H
#define UTIL_OUTFILE_H

#include "util/error.h"

/* Returns a new temporary name beside path ("path.tmpPID"), free with
 * free(), and removes the "path.tmpPID" files of processes that are gone.
 * Until kv_tmp_finish(), a signal that ends kvperf removes the file. */
char *kv_tmp_name(const char *path);
/* Finishes tmp: when failure is NULL, flushes it to the disk (fsync),
 * renames it to path and flushes the directory; otherwise (or when one of
 * those fails) removes it and fills err with "cannot write 'path': ...".
 * Returns 0 or -1. */
int kv_tmp_finish(const char *tmp, const char *path, const char *failure, struct kv_error *err);

/* Sends standard error to /dev/null until kv_stderr_restore(), around a
 * library call that prints its own error lines (libxlsxwriter's "[ERROR]")
 * when kvperf reports the error once itself.  Returns what to pass to
 * kv_stderr_restore() (-1 when it could not: then nothing changed). */
int kv_stderr_mute(void);
void kv_stderr_restore(int saved);

#endif
