/* benchlib.c - a clock, timed child processes and synthetic studies for the benchmarks. */
#include "bench/benchlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
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
		for (int r = 0; r < st->runs; r++) {
			fprintf(f, "%s{\"config\": \"config%d\", \"benchmarks\": [",
				c + r ? "," : "", c);
			for (int b = 0; b < st->benchmarks; b++) {
				fprintf(f, "%s{\"name\": \"bench%03d\"", b ? "," : "",
					st->sweep > 0 ? b / st->sweep : b);
				if (st->sweep > 0) {
					fprintf(f, ", \"params\": {\"threads\": %d}",
						1 << (b % st->sweep));
				}
				fprintf(f, ", \"metrics\": [");
				for (int m = 0; m < st->metrics; m++) {
					fprintf(f,
						"%s{\"name\": \"metric%d\", \"unit\": \"ms\", "
						"\"direction\": \"lower\", \"samples\": [",
						m ? "," : "", m);
					for (int k = 0; k < st->samples; k++) {
						s = s * 6364136223846793005ULL +
						    1442695040888963407ULL;
						double noise =
						    (double)(s >> 11) / 9007199254740992.0;
						fprintf(f, "%s%.6f", k ? "," : "",
							(10 + m) * (1 + 0.1 * c) *
							    (0.95 + 0.1 * noise));
					}
					fprintf(f, "]}");
				}
				fprintf(f, "]}");
			}
			fprintf(f, "]}");
		}
	}
	fprintf(f, "]}\n");
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
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

int bench_report_main(int argc, char **argv, const struct bench_report *rb)
{
	char dir[256], json[300], db[300], out[300], dbarg[310];
	long rss, peak;

	if (argc < 2) {
		fprintf(stderr, "usage: %s KVPERF [DIR]\n", rb->name);
		return 2;
	}
	bench_tmpdir(dir, sizeof(dir), argc > 2 ? argv[2] : NULL);
	snprintf(json, sizeof(json), "%s/report.json", dir);
	snprintf(db, sizeof(db), "%s/report.db", dir);
	snprintf(out, sizeof(out), "%s/%s", dir, rb->out);
	snprintf(dbarg, sizeof(dbarg), "--db=%s", db);
	bench_write_study(json, &rb->study);
	char imp[] = "import", q[] = "-q", rep[] = "report", b[] = "--baseline=config0", o[] = "-o";
	char *import_args[] = {argv[1], dbarg, imp, q, json, NULL};
	bench_run(import_args, true, false, &rss);
	char *report_args[] = {argv[1], dbarg, rep, b, o, out, NULL};
	double best = bench_best(report_args, rb->times, &peak);
	double mb = (double)peak * 1024 / 1e6;
	printf("%s: %.3f s, peak %.1f MB (targets < %g s: %s, < %g MB: %s)\n", rb->label, best, mb,
	       rb->max_s, best < rb->max_s ? "met" : "NOT met", rb->max_mb,
	       mb < rb->max_mb ? "met" : "NOT met");
	unlink(json);
	unlink(out);
	bench_rm_db(db);
	rmdir(dir);
	return 0;
}
