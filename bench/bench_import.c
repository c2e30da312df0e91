/*
 * bench_import.c - import time and peak memory of `kvperf import` on
 * generated native files of 10^6, 10^7 and (with --big) 10^8 samples
 * (runs of 10 benchmarks x 10 metrics x 1,000 samples; the file's "config"
 * and "tool" come after "runs"), against jansson parsing the same file
 * alone and against `sqlite3 .import` of the same sample rows from CSV
 * into the same table (issue #15: streaming, peak <= 256 MB at 10^8
 * samples; time <= 1.2x sqlite3's .import).
 *
 * usage: bench_import KVPERF [--big] [DIR]
 *        bench_import KVPERF --samples SAMPLES_DIR [DIR]
 *        bench_import KVPERF --jsonplus FIO_JSONPLUS_FILE [--mb N] [DIR]
 *
 * --samples imports a tree of real tool outputs (../shared/samples: target
 * under 1 s); --jsonplus writes an N MB (default 50; 1000 for issue #15's
 * 1 GB) fio json+ file from a real one (its jobs repeated, two by two under
 * new names as numjobs=2 writes them, their rates and latencies varied by
 * up to 10%), written job by job so that the generator's memory stays
 * small, and compares the import with the parse alone (target: at least
 * half of jansson's parse-only speed; peak <= 256 MB at 1 GB).
 *
 * Every program runs as a child process, so that wall time, CPU time and
 * peak memory (from wait4) are each one's own.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/benchlib.h"

#define NBENCH      10
#define NMETRIC     10
#define NSAMPLE     1000
#define RUN_SAMPLES ((long)NBENCH * NMETRIC * NSAMPLE)

/* xorshift64*: reproducible values without libc's rand(). */
static double next(unsigned long long *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (double)((*s * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* Writes a native file of nruns runs to path and the same samples as CSV
 * rows (run, metric, seq, value) to csv. */
static void generate(const char *path, const char *csv, long nruns)
{
	FILE *f = fopen(path, "w"), *c = fopen(csv, "w");
	unsigned long long s = 88172645463325252ULL;

	if (f == NULL || c == NULL) {
		perror(path);
		exit(1);
	}
	fputs("{\"kvperf\": 1, \"runs\": [\n", f);
	for (long r = 0; r < nruns; r++) {
		fprintf(f, "%s{\"host\": \"host%ld\", \"benchmarks\": [\n", r ? ",\n" : "", r);
		for (int b = 0; b < NBENCH; b++) {
			fprintf(f,
				"%s{\"name\": \"bench%02d\", \"params\": {\"bs\": \"%dk\"}, "
				"\"metrics\": [\n",
				b ? ",\n" : "", b, 4 << (b % 5));
			for (int m = 0; m < NMETRIC; m++) {
				double base = 1000.0 * (m + 1);
				fprintf(f,
					"%s {\"name\": \"metric%02d\", \"unit\": \"ops/s\", "
					"\"direction\": \"higher\", \"samples\": [",
					m ? ",\n" : "", m);
				for (int i = 0; i < NSAMPLE; i++) {
					double v = base * (0.9 + 0.2 * next(&s));
					fprintf(f, "%s%.10g", i ? ", " : "", v);
					fprintf(c, "%ld,%d,%d,%.10g\n", r + 1, b * NMETRIC + m + 1,
						i, v);
				}
				fputs("]}", f);
			}
			fputs("]}", f);
		}
		fputs("]}", f);
	}
	/* the file's defaults after its runs: a streaming reader must still see them */
	fputs("],\n\"config\": \"bench\", \"tool\": \"synthetic\", \"labels\": "
	      "{\"generator\": \"bench_import\"}}\n",
	      f);
	fclose(f);
	fclose(c);
}

/* User + system CPU seconds of the last child(). */
static double last_cpu;

/* Runs argv (or, when argv is NULL, a parse of path) in a child; returns
 * wall seconds and sets *rss_kb (and last_cpu). */
static double child(char *const argv[], const char *path, long *rss_kb)
{
	struct rusage ru;
	double t0 = bench_now();
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (argv != NULL) {
			execv(argv[0], argv);
			perror(argv[0]);
			_exit(127);
		}
		json_error_t err;
		json_t *root = json_load_file(path, 0, &err);
		_exit(root != NULL ? 0 : 1);
	}
	/* 65: --keep-going met a bad file (the samples tree holds one failed run) */
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 65)) {
		fprintf(stderr, "bench_import: child failed\n");
		exit(1);
	}
	*rss_kb = ru.ru_maxrss;
	last_cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		   (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	return bench_now() - t0;
}

/* Best of times imports of path (a file or directory) into a fresh
 * database; *cpu: the CPU time of the best. */
static double import_n(char *kvperf, char *path, const char *db, int times, long *rss, double *cpu)
{
	char dbarg[310], import[] = "import", quiet[] = "-q", cfd[] = "--keep-going",
			 cfg[] = "--config=bench";
	double best = 1e9;

	snprintf(dbarg, sizeof(dbarg), "--db=%s", db);
	*rss = 0;
	for (int i = 0; i < times; i++) {
		char *args[] = {kvperf, dbarg, import, quiet, cfd, cfg, path, NULL};
		long r;
		bench_rm_db(db);
		double t = child(args, NULL, &r);
		if (t < best) {
			best = t;
			*cpu = last_cpu;
		}
		*rss = r > *rss ? r : *rss;
	}
	return best;
}

static double import_best(char *kvperf, char *path, const char *db, long *rss)
{
	double cpu;

	return import_n(kvperf, path, db, 3, rss, &cpu);
}

static int samples_mode(char *kvperf, char *dir, const char *tmp)
{
	char db[300], cmd[600];
	long rss;
	FILE *p;
	int files = 0;
	double mb = 0;

	snprintf(db, sizeof(db), "%s/samples.db", tmp);
	snprintf(cmd, sizeof(cmd), "find '%s' -type f -printf '%%s\\n'", dir);
	if ((p = popen(cmd, "r")) != NULL) {
		long sz;
		while (fscanf(p, "%ld", &sz) == 1) {
			files++;
			mb += (double)sz / 1e6;
		}
		pclose(p);
	}
	/* --config=bench: every run in one configuration; the files are what is timed */
	double t = import_best(kvperf, dir, db, &rss);
	printf("samples tree: %d files, %.2f MB in %.3f s: %.0f files/s, %.1f MB/s, peak %.1f MB "
	       "(target < 1 s: %s)\n",
	       files, mb, t, files / t, mb / t, (double)rss * 1024 / 1e6,
	       t < 1 ? "met" : "NOT met");
	bench_rm_db(db);
	return 0;
}

/* Multiplies the number at o's member key by f (an integer stays one). */
static void scale(json_t *o, const char *key, double f)
{
	json_t *v = json_object_get(o, key);

	if (json_is_integer(v)) {
		json_integer_set(v, (json_int_t)((double)json_integer_value(v) * f));
	} else if (json_is_real(v)) {
		json_real_set(v, json_real_value(v) * f);
	}
}

/* Writes an mb MB fio json+ file to path from the real one root: its jobs
 * repeated and varied, one at a time.  Returns how many jobs. */
static size_t write_jsonplus(json_t *root, const char *path, double mb)
{
	json_t *jobs = json_object_get(root, "jobs"), *v;
	FILE *f = fopen(path, "w");
	unsigned long long s = 88172645463325252ULL;
	const char *key;
	size_t n = 0, nj = json_array_size(jobs);
	double written = 0;

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	fputs("{\n", f);
	json_object_foreach(root, key, v)
	{
		if (strcmp(key, "jobs") != 0) {
			char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
			fprintf(f, "  \"%s\" : %s,\n", key, t);
			free(t);
		}
	}
	fputs("  \"jobs\" : [\n", f);
	while (written < mb * 1e6) {
		json_t *job = json_deep_copy(json_array_get(jobs, n % nj));
		char name[64];
		snprintf(name, sizeof(name), "job%06zu", n / 2);
		json_object_set_new(job, "jobname", json_string(name));
		static const char *const dirs[] = {"read", "write", "trim"};
		for (int d = 0; d < 3; d++) {
			json_t *dir = json_object_get(job, dirs[d]);
			double f1 = 0.9 + 0.2 * next(&s);
			scale(dir, "iops", f1);
			scale(dir, "bw_bytes", f1);
			scale(dir, "bw", f1);
			scale(json_object_get(dir, "clat_ns"), "mean", 1 / f1);
		}
		char *t = json_dumps(job, JSON_INDENT(2));
		written += (double)strlen(t) + 2;
		fprintf(f, "%s%s", n ? ",\n" : "", t);
		free(t);
		json_decref(job);
		n++;
	}
	fputs("\n  ]\n}\n", f);
	fclose(f);
	return n;
}

static int jsonplus_mode(char *kvperf, const char *src, double want_mb, const char *tmp)
{
	json_error_t jerr;
	json_t *root = json_load_file(src, 0, &jerr);
	char file[300], db[300];
	long rss, prss;
	struct stat st;

	if (root == NULL || json_array_size(json_object_get(root, "jobs")) == 0) {
		fprintf(stderr, "bench_import: %s is not a fio json+ file\n", src);
		return 1;
	}
	snprintf(file, sizeof(file), "%s/fio-jsonplus-%.0fMB.json", tmp, want_mb);
	snprintf(db, sizeof(db), "%s/jsonplus.db", tmp);
	size_t n = write_jsonplus(root, file, want_mb);
	json_decref(root);
	stat(file, &st);
	int times = want_mb > 200 ? 1 : 3;
	double mb = (double)st.st_size / 1e6, parse = 1e9, pcpu = 0, cpu = 0;
	for (int i = 0; i < times; i++) {
		double t = child(NULL, file, &prss);
		if (t < parse) {
			parse = t;
			pcpu = last_cpu;
		}
	}
	double t = import_n(kvperf, file, db, times, &rss, &cpu);
	printf("fio json+: %.1f MB, %zu jobs with latency bins (best of %d)\n", mb, n, times);
	printf("  jansson parse alone: %.3f s (%.1f MB/s), CPU %.2f s, peak %.1f MB\n", parse,
	       mb / parse, pcpu, (double)prss * 1024 / 1e6);
	printf("  kvperf import:       %.3f s (%.1f MB/s), CPU %.2f s, peak %.1f MB (target <= "
	       "256 MB at 1 GB: %s)\n",
	       t, mb / t, cpu, (double)rss * 1024 / 1e6, rss <= 256000 ? "met" : "NOT met");
	printf("  import speed / parse speed: %.2f (target >= 0.5: %s); by CPU time: %.2f\n",
	       parse / t, parse / t >= 0.5 ? "met" : "NOT met", pcpu / cpu);
	unlink(file);
	bench_rm_db(db);
	return 0;
}

/* Imports, parses and .imports one generated size; prints a line. */
static void one_size(char *kvperf, const char *dir, long nruns, bool have_sqlite)
{
	char file[300], csv[300], db[300], dbarg[310], sq[1200];
	char import[] = "import", quiet[] = "-q", maxsz[] = "--max-size=8G";
	struct stat st;
	long rss, best_rss = 0, prss = 0, srss = 0;
	double t_imp = 1e9, t_parse = 1e9, t_sql = 1e9, c_imp = 0, c_parse = 0, c_sql = 0;
	int times = nruns >= 1000 ? 1 : 3; /* best of three, but once at 10^8 */

	snprintf(file, sizeof(file), "%s/native-%ld.json", dir, nruns);
	snprintf(csv, sizeof(csv), "%s/samples-%ld.csv", dir, nruns);
	snprintf(db, sizeof(db), "%s/bench.db", dir);
	snprintf(dbarg, sizeof(dbarg), "--db=%s", db);
	generate(file, csv, nruns);
	stat(file, &st);
	for (int i = 0; i < times; i++) {
		char *args[] = {kvperf, dbarg, import, quiet, maxsz, file, NULL};
		bench_rm_db(db);
		double t = child(args, NULL, &rss);
		c_imp = t < t_imp ? last_cpu : c_imp;
		t_imp = t < t_imp ? t : t_imp;
		best_rss = rss > best_rss ? rss : best_rss;
		t = child(NULL, file, &rss);
		c_parse = t < t_parse ? last_cpu : c_parse;
		t_parse = t < t_parse ? t : t_parse;
		prss = rss > prss ? rss : prss;
		if (have_sqlite) {
			char sh[] = "/bin/sh", dash_c[] = "-c";
			bench_rm_db(db);
			/* the same table as schema.sql's sample, in WAL mode as kvperf's */
			snprintf(
			    sq, sizeof(sq),
			    "sqlite3 '%s' 'PRAGMA journal_mode=WAL' 'CREATE TABLE sample (run_id "
			    "INTEGER NOT NULL, metric_id INTEGER NOT NULL, seq INTEGER NOT NULL, "
			    "value REAL NOT NULL, PRIMARY KEY (run_id, metric_id, seq)) WITHOUT "
			    "ROWID' '.mode csv' '.import %s sample' >/dev/null",
			    db, csv);
			char *sargs[] = {sh, dash_c, sq, NULL};
			t = child(sargs, NULL, &rss);
			c_sql = t < t_sql ? last_cpu : c_sql;
			t_sql = t < t_sql ? t : t_sql;
			srss = rss > srss ? rss : srss;
		}
	}
	char sqltext[40] = "-", ratio[20] = "-";
	if (have_sqlite) {
		snprintf(sqltext, sizeof(sqltext), "%6.2f s %6.1f MB", t_sql,
			 (double)srss * 1024 / 1e6);
		snprintf(ratio, sizeof(ratio), "%.2fx", t_imp / t_sql);
	}
	int e = 0;
	for (long x = nruns * RUN_SAMPLES; x >= 10; x /= 10) {
		e++;
	}
	printf("10^%-4d %8.1f | %6.2f s %6.1f MB | %6.2f s %6.1f MB | %-18s | %.2fx, %s\n", e,
	       (double)st.st_size / 1e6, t_imp, (double)best_rss * 1024 / 1e6, t_parse,
	       (double)prss * 1024 / 1e6, sqltext, t_imp / t_parse, ratio);
	/* wall times follow the machine's load; CPU times much less */
	printf("        CPU (user + system): import %.2f s, parse %.2f s, .import %.2f s: %.2fx, "
	       "%.2fx\n",
	       c_imp, c_parse, c_sql, c_imp / c_parse, c_sql > 0 ? c_imp / c_sql : 0);
	fflush(stdout);
	unlink(file);
	unlink(csv);
	bench_rm_db(db);
}

int main(int argc, char **argv)
{
	if (argc >= 4 &&
	    (strcmp(argv[2], "--samples") == 0 || strcmp(argv[2], "--jsonplus") == 0)) {
		char tmp[256];
		double mb = 50;
		int rest = 4;
		if (argc >= 6 && strcmp(argv[4], "--mb") == 0) {
			mb = atof(argv[5]);
			rest = 6;
		}
		bench_tmpdir(tmp, sizeof(tmp), argc > rest ? argv[rest] : NULL);
		int rc = strcmp(argv[2], "--samples") == 0
			     ? samples_mode(argv[1], argv[3], tmp)
			     : jsonplus_mode(argv[1], argv[3], mb, tmp);
		rmdir(tmp);
		return rc;
	}

	char dir[256];
	bool big = argc > 2 && strcmp(argv[2], "--big") == 0;
	const char *base = argc > (big ? 3 : 2) ? argv[big ? 3 : 2] : NULL;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_import KVPERF [--big] [DIR]\n");
		return 2;
	}
	bench_tmpdir(dir, sizeof(dir), base);
	bool have_sqlite = system("command -v sqlite3 >/dev/null 2>&1") == 0;
	if (!have_sqlite) {
		printf("sqlite3 (the command-line shell) is not installed: no .import figures\n");
	}
	printf("%-6s %8s | %-18s | %-18s | %-18s | %s\n", "samples", "MB", "kvperf import",
	       "jansson parse", "sqlite3 .import", "import/parse, import/.import");
	for (long nruns = 10; nruns <= (big ? 1000 : 100); nruns *= 10) {
		one_size(argv[1], dir, nruns, have_sqlite);
	}
	rmdir(dir);
	return 0;
}
