/*
 * fuzz_common.h - what the fuzz targets share: a private scratch directory
 * that goes away at exit, removing a tree, and counting open descriptors
 * (a target aborts when an input leaves one more open than before it).
 */
#ifndef FUZZ_FUZZ_COMMON_H
#define FUZZ_FUZZ_COMMON_H

#include <stddef.h>

/* Returns this process's scratch directory ($TMPDIR or /tmp, then
 * kvperf-fuzz-XXXXXX), made on the first call and removed with all it holds
 * at exit; borrowed.  Aborts when it cannot be made. */
const char *fuzz_scratch(void);

/* Removes path and everything below it, never following a symbolic link;
 * returns 0, or -1 when something is left. */
int fuzz_rm_tree(const char *path);

/* Writes size bytes to a new file at path (mode 0644, truncated); returns
 * 0 or -1. */
int fuzz_write_file(const char *path, const void *data, size_t size);

/* The number of descriptors open in this process, or -1. */
int fuzz_open_fds(void);

#endif
