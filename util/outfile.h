/*
 * outfile.h - output files written under a temporary name and renamed at
 * the end, so a crash never leaves a half-written report behind.
 */
#ifndef UTIL_OUTFILE_H
#define UTIL_OUTFILE_H

#include "util/error.h"

/* Returns a new temporary name beside path ("path.tmpPID"); free with free(). */
char *kv_tmp_name(const char *path);
/* Finishes tmp: when failure is NULL, renames it to path; otherwise (or when
 * the rename fails) removes it and fills err with "cannot write 'path': ...".
 * Returns 0 or -1. */
int kv_tmp_finish(const char *tmp, const char *path, const char *failure, struct kv_error *err);

#endif
