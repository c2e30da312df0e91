/* benchlib.h - what the benchmarks share: a clock, timed child processes. */
#ifndef BENCH_BENCHLIB_H
#define BENCH_BENCHLIB_H

#include <stdbool.h>
#include <stddef.h>

/* Monotonic seconds. */
double bench_now(void);
/* Runs argv as a child (stdout to /dev/null when quiet); returns wall
 * seconds and sets *rss_kb to its peak RSS.  Exits when it fails (exit
 * status 65 is accepted when ok65: --keep-going met a bad file). */
double bench_run(char *const argv[], bool quiet, bool ok65, long *rss_kb);
/* Removes a database and its -wal and -shm files. */
void bench_rm_db(const char *db);
/* Makes a fresh directory "<base or /tmp>/kvperf-bench-XXXXXX" in dir
 * (size bytes); exits when it cannot. */
void bench_tmpdir(char *dir, size_t size, const char *base);

/* A synthetic study in kvperf's native format: configurations config0..
 * each with runs runs of benchmarks benchmarks x metrics metrics x samples
 * samples (ms, lower is better; config c is 10c% slower).  With sweep > 0,
 * benchmarks come in groups of sweep that differ only in the parameter
 * threads = 1, 2, 4, ... (a parameter sweep for the report's sweep pages). */
struct bench_study {
	int configs, runs, benchmarks, metrics, samples, sweep;
};
void bench_write_study(const char *path, const struct bench_study *st);

/* Runs argv times times; returns the best wall time, *peak_kb the
 * largest peak RSS. */
double bench_best(char *const argv[], int times, long *peak_kb);

/* A benchmark of `kvperf report`: the study, the output's file name, how
 * many times to run it, what to print, and the targets. */
struct bench_report {
	const char *name; /* for the usage line */
	struct bench_study study;
	const char *out; /* "report.pdf", "results.xlsx" */
	int times;
	const char *label;
	double max_s, max_mb;
};
/* Writes the study, imports it, times `kvperf report -o DIR/out` (best of
 * times) and prints the label with time and peak memory against the
 * targets.  usage: NAME KVPERF [DIR] */
int bench_report_main(int argc, char **argv, const struct bench_report *b);

#endif
