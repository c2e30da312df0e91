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
/* Runs argv with stdout into file out; returns wall seconds, *rss_kb its
 * peak and *cpu its user and system seconds (the machine may be shared:
 * CPU is the steadier figure).  Exits when it fails. */
double bench_run_to(char *const argv[], const char *out, long *rss_kb, double *cpu);
/* Removes a database and its -wal and -shm files. */
void bench_rm_db(const char *db);
/* Makes a fresh directory "<base or /tmp>/kvperf-bench-XXXXXX" in dir
 * (size bytes); exits when it cannot. */
void bench_tmpdir(char *dir, size_t size, const char *base);

/* A synthetic study in kvperf's native format: configurations config0..
 * each with runs runs of benchmarks benchmarks x metrics metrics x samples
 * samples (ms, lower is better; config c is 10c% slower, or with spread
 * 2c% times -3 to 7 by metric: overheads of several sizes, some none).
 * With sweep > 0, benchmarks come in groups of sweep that differ only in
 * the parameter threads = 1, 2, 4, ... (a parameter sweep for the
 * report's sweep pages). */
struct bench_study {
	int configs, runs, benchmarks, metrics, samples, sweep;
	bool spread;
};
/* Issue #15's study, which bench_compare_scale, bench_report and bench_xlsx
 * share (one cached database): 10^7 samples, 1,000 benchmarks x 10 metrics,
 * 2 configurations x 10 runs x 50 samples, 10,000 comparisons. */
#define BENCH_STUDY_10M                                                                            \
	{                                                                                          \
		.configs = 2, .runs = 10, .benchmarks = 1000, .metrics = 10, .samples = 50,        \
		.spread = true                                                                     \
	}
void bench_write_study(const char *path, const struct bench_study *st);
/* The database of the study, imported once and kept for the next runs in
 * $KVPERF_BENCH_CACHE, else /tmp/kvperf-bench-cache (a study of 10^7
 * samples takes about a minute to write and import): its path into db
 * (size bytes).  Exits when it cannot make it. */
void bench_study_db(const char *kvperf, const struct bench_study *st, char *db, size_t size);

/* Runs argv times times; returns the best wall time, *peak_kb the
 * largest peak RSS. */
double bench_best(char *const argv[], int times, long *peak_kb);

/* A case of a benchmark of `kvperf report`: the study (its database made
 * once, bench_study_db), the output's file name, more options, how many
 * times to run it, what to print, and the targets. */
struct bench_case {
	const char *label;
	struct bench_study study;
	const char *out;      /* "report.pdf", "results.xlsx" */
	const char *args[8];  /* more options for kvperf report, NULL-terminated */
	int times;            /* the best of this many runs */
	double max_s, max_mb; /* targets: wall time, peak RSS */
	int max_pages;        /* a PDF's target, or 0 */
	bool split;           /* also time `kvperf compare` alone: the load and statistics */
};
/* Times `kvperf report -o DIR/out` for each case (or only case N) and
 * prints its label, time, peak memory and what kvperf said it wrote
 * (pages; sheets and images) against the targets; with split, how much
 * of the time `kvperf compare --format csv` alone takes (what is not the
 * drawing and writing).
 * usage: NAME KVPERF [--case N] [DIR] */
int bench_report_main(int argc, char **argv, const char *name, const struct bench_case *cases,
		      size_t n);

#endif
