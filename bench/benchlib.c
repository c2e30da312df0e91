/* benchlib.c - a clock, timed child processes and synthetic studies for the benchmarks. */
#include "bench/benchlib.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_run(char *const argv[], bool quiet, bool ok65, long *rss_kb)
{
	struct rusage ru;
	int status;
	double t0 = bench_now();
	pid_t pid = fork();

	if (pid == 0) {
		if (quiet && freopen("/dev/null", "w", stdout) == NULL) {
			_exit(127);
		}
		execv(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    (WEXITSTATUS(status) != 0 && !(ok65 && WEXITSTATUS(status) == 65))) {
		fprintf(stderr, "bench: %s failed\n", argv[0]);
		exit(1);
	}
	*rss_kb = ru.ru_maxrss;
	return bench_now() - t0;
}

void bench_rm_db(const char *db)
{
	char p[1024];

	unlink(db);
	snprintf(p, sizeof(p), "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db);
	unlink(p);
}

void bench_tmpdir(char *dir, size_t size, const char *base)
{
	snprintf(dir, size, "%s/kvperf-bench-XXXXXX", base != NULL ? base : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		exit(1);
	}
}

/* Writes runs [r0, r1) of config c (r counted over every configuration's
 * runs, so that the noise is the same whichever way the study is cut) to f. */
static void write_runs(FILE *f, const struct bench_study *st, int c, int r0, int r1,
		       unsigned long long *s)
{
	for (int r = r0; r < r1; r++) {
		fprintf(f, "%s{\"config\": \"config%d\", \"benchmarks\": [", r > r0 ? "," : "", c);
		for (int b = 0; b < st->benchmarks; b++) {
			fprintf(f, "%s{\"name\": \"bench%03d\"", b ? "," : "",
				st->sweep > 0 ? b / st->sweep : b);
			if (st->sweep > 0) {
				fprintf(f, ", \"params\": {\"threads\": %d}", 1 << (b % st->sweep));
			}
			fprintf(f, ", \"metrics\": [");
			for (int m = 0; m < st->metrics; m++) {
				fprintf(f,
					"%s{\"name\": \"metric%d\", \"unit\": \"ms\", "
					"\"direction\": \"lower\", \"samples\": [",
					m ? "," : "", m);
				/* config c is 10c% slower; with spread, metric m of
				 * benchmark b is 2c% x (-3 .. 7) slower: overheads of
				 * several sizes, and one in eleven none */
				double slow =
				    st->spread ? 0.02 * c * (((b * 7 + m * 3) % 11) - 3) : 0.1 * c;
				for (int k = 0; k < st->samples; k++) {
					*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
					double noise = (double)(*s >> 11) / 9007199254740992.0;
					fprintf(f, "%s%.6f", k ? "," : "",
						(10 + m) * (1 + slow) * (0.95 + 0.1 * noise));
				}
				fprintf(f, "]}");
			}
			fprintf(f, "]}");
		}
		fprintf(f, "]}");
	}
}

void bench_write_study(const char *path, const struct bench_study *st)
{
	FILE *f = fopen(path, "w");
	unsigned long long s = 42;

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	fprintf(f, "{\"kvperf\": 1, \"tool\": \"synthetic\", \"runs\": [");
	for (int c = 0; c < st->configs; c++) {
		fprintf(f, "%s", c ? "," : "");
		write_runs(f, st, c, 0, st->runs, &s);
	}
	fprintf(f, "]}\n");
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

void bench_study_db(const char *kvperf, const struct bench_study *st, char *db, size_t size)
{
	const char *base = getenv("KVPERF_BENCH_CACHE");
	char dir[256], tmp[300], file[600], dbarg[320];
	struct stat sb;
	long rss;

	base = base != NULL && *base ? base : "/tmp/kvperf-bench-cache";
	if (mkdir(base, 0755) < 0 && errno != EEXIST) {
		perror(base);
		exit(1);
	}
	/* the name says what is in it: a generator that changes gets a new v */
	snprintf(db, size, "%s/study-v2-c%d-r%d-b%d-m%d-s%d-w%d%s.db", base, st->configs, st->runs,
		 st->benchmarks, st->metrics, st->samples, st->sweep, st->spread ? "-spread" : "");
	if (stat(db, &sb) == 0) {
		return;
	}
	fprintf(stderr, "bench: making %s once (it is kept for the next runs)\n", db);
	double t0 = bench_now();
	bench_tmpdir(dir, sizeof(dir), base);
	snprintf(tmp, sizeof(tmp), "%s/study.db", dir);
	snprintf(dbarg, sizeof(dbarg), "--db=%s", tmp);
	/* a file per run: jansson holds one file's samples at a time */
	unsigned long long s = 42;
	int files = 0;
	for (int c = 0; c < st->configs; c++) {
		for (int r = 0; r < st->runs; r++, files++) {
			snprintf(file, sizeof(file), "%s/run%05d.json", dir, files);
			FILE *f = fopen(file, "w");
			if (f == NULL) {
				perror(file);
				exit(1);
			}
			fprintf(f, "{\"kvperf\": 1, \"tool\": \"synthetic\", \"runs\": [");
			write_runs(f, st, c, r, r + 1, &s);
			fprintf(f, "]}\n");
			if (fclose(f) != 0) {
				perror(file);
				exit(1);
			}
		}
	}
	char imp[] = "import", q[] = "-q";
	char *args[] = {(char *)(uintptr_t)kvperf, dbarg, imp, q, dir, NULL};
	bench_run(args, true, false, &rss);
	if (rename(tmp, db) < 0) {
		perror(db);
		exit(1);
	}
	for (int i = 0; i < files; i++) {
		snprintf(file, sizeof(file), "%s/run%05d.json", dir, i);
		unlink(file);
	}
	bench_rm_db(tmp);
	rmdir(dir);
	fprintf(stderr, "bench: made in %.1f s\n", bench_now() - t0);
}

double bench_best(char *const argv[], int times, long *peak_kb)
{
	double best = 1e9;
	long rss;

	*peak_kb = 0;
	for (int i = 0; i < times; i++) {
		double t = bench_run(argv, true, false, &rss);
		best = t < best ? t : best;
		*peak_kb = rss > *peak_kb ? rss : *peak_kb;
	}
	return best;
}

double bench_run_to(char *const argv[], const char *out, long *rss_kb, double *cpu)
{
	struct rusage ru;
	int status;
	double t0 = bench_now();
	pid_t pid;

	fflush(stdout); /* or the child writes what is buffered again */
	pid = fork();
	if (pid == 0) {
		if (freopen(out, "w", stdout) == NULL) {
			_exit(127);
		}
		execv(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: %s failed\n", argv[0]);
		exit(1);
	}
	*rss_kb = ru.ru_maxrss;
	*cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
	return bench_now() - t0;
}

/* One case: the best of its runs, what the command said it wrote. */
static void report_case(const char *kvperf, const char *dir, const struct bench_case *bc)
{
	char db[600], dbarg[620], out[300], said[300], line[512] = "";
	char *args[16];
	size_t n = 0;
	long rss, peak = 0;
	double best = 1e9, cpu, best_cpu = 0;

	bench_study_db(kvperf, &bc->study, db, sizeof(db));
	snprintf(dbarg, sizeof(dbarg), "--db=%s", db);
	snprintf(out, sizeof(out), "%s/%s", dir, bc->out);
	snprintf(said, sizeof(said), "%s/stdout", dir);
	char rep[] = "report", b[] = "--baseline=config0", o[] = "-o";
	args[n++] = (char *)(uintptr_t)kvperf;
	args[n++] = dbarg;
	args[n++] = rep;
	args[n++] = b;
	for (size_t i = 0; bc->args[i] != NULL && n < 12; i++) {
		args[n++] = (char *)(uintptr_t)bc->args[i];
	}
	args[n++] = o;
	args[n++] = out;
	args[n] = NULL;
	for (int i = 0; i < bc->times; i++) {
		double t = bench_run_to(args, said, &rss, &cpu);
		best_cpu = t < best ? cpu : best_cpu;
		best = t < best ? t : best;
		peak = rss > peak ? rss : peak;
	}
	/* "wrote OUT: 78 pages" or "wrote OUT: 7 sheets, 2 chart images" */
	FILE *f = fopen(said, "r");
	if (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
	}
	if (f != NULL) {
		fclose(f);
	}
	const char *what = strstr(line, ": ") != NULL ? strstr(line, ": ") + 2 : "?";
	int pages = 0;
	sscanf(what, "%d pages", &pages);
	double mb = (double)peak * 1024 / 1e6;
	printf("%s: %.3f s (CPU %.3f s), peak %.1f MB, %s (targets < %g s: %s, < %g MB: %s",
	       bc->label, best, best_cpu, mb, what, bc->max_s, best < bc->max_s ? "met" : "NOT met",
	       bc->max_mb, mb < bc->max_mb ? "met" : "NOT met");
	if (bc->max_pages > 0) {
		printf(", <= %d pages: %s", bc->max_pages,
		       pages <= bc->max_pages ? "met" : "NOT met");
	}
	printf(")\n");
	if (bc->split) {
		char cmp[] = "compare", fmt[] = "--format=csv";
		char *cargs[] = {args[0], dbarg, cmp, b, fmt, NULL};
		double t = bench_run_to(cargs, "/dev/null", &rss, &cpu);
		printf("  of which kvperf compare alone (load, statistics): %.3f s (CPU %.3f s), "
		       "peak %.1f MB; the rest, drawing and writing: %.3f s (CPU %.3f s)\n",
		       t, cpu, (double)rss * 1024 / 1e6, best - t, best_cpu - cpu);
	}
	fflush(stdout);
	unlink(said);
	unlink(out);
}

int bench_report_main(int argc, char **argv, const char *name, const struct bench_case *cases,
		      size_t n)
{
	char dir[256];
	long only = -1;
	int at = 2;

	if (argc < 2) {
		fprintf(stderr, "usage: %s KVPERF [--case N] [DIR]\n", name);
		return 2;
	}
	if (argc > 3 && strcmp(argv[2], "--case") == 0) {
		only = strtol(argv[3], NULL, 10);
		at = 4;
	}
	bench_tmpdir(dir, sizeof(dir), argc > at ? argv[at] : NULL);
	for (size_t i = 0; i < n; i++) {
		if (only < 0 || (size_t)only == i) {
			report_case(argv[1], dir, &cases[i]);
		}
	}
	rmdir(dir);
	return 0;
}
