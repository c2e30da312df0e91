/*
 * xalloc.h - allocation that cannot fail.
 *
 * kvperf's policy for running out of memory (jq's choice): print one line
 * and abort.  Every allocation in kvperf's own code goes through these, so
 * no caller checks for NULL.  Library allocations (jansson, SQLite) report
 * their own failures through their return codes.
 */
#ifndef UTIL_XALLOC_H
#define UTIL_XALLOC_H

#include <stddef.h>

/* Returns new memory of size bytes (at least 1); free with free(). */
void *kv_xmalloc(size_t size);
/* Returns new zeroed memory for n objects of size bytes; free with free(). */
void *kv_xcalloc(size_t n, size_t size);
/* Resizes p to n objects of size bytes (overflow-checked); the old p is no longer valid. */
void *kv_xreallocarray(void *p, size_t n, size_t size);
/* Returns a new copy of s; free with free(). */
char *kv_xstrdup(const char *s);
/* Returns a new copy of the first n bytes of s, NUL-terminated; free with free(). */
char *kv_xstrndup(const char *s, size_t n);

#endif
