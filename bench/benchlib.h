/* benchlib.h - what the benchmarks share: a clock, timed child processes. */
#ifndef BENCH_BENCHLIB_H
#define BENCH_BENCHLIB_H

#include <stdbool.h>

/* Monotonic seconds. */
double bench_now(void);
/* Runs argv as a child (stdout to /dev/null when quiet); returns wall
 * seconds and sets *rss_kb to its peak RSS.  Exits when it fails (exit
 * status 65 is accepted when ok65: --keep-going met a bad file). */
double bench_run(char *const argv[], bool quiet, bool ok65, long *rss_kb);
/* Removes a database and its -wal and -shm files. */
void bench_rm_db(const char *db);

#endif
