/*
 * bench_scale.c - docs/scale.md's table (issue #15): for 10^6, 10^7 and
 * 10^8 samples (--max E for 10^E), a study of 10,000 comparisons (1,000
 * benchmarks x 10 metrics, 2 configurations x 10 runs; 5, 50, 500 samples
 * a run) written in kvperf's native format, imported, then compared with
 * `kvperf compare -b config0 --format csv`.  Prints, per size, the import's
 * wall and CPU time and peak RSS, the database's size (with its WAL) and
 * bytes per sample, and compare's wall and CPU time and peak RSS.
 *
 * usage: bench_scale KVPERF [--max E] [--keep] [DIR]
 *        bench_scale KVPERF --compare DB...
 *
 * --keep leaves the databases in DIR (for --compare with another kvperf
 * later); --compare times compare alone on databases made before.
 * Every program runs as a child process, measured with wait4().
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/benchlib.h"

/* A child's wall and CPU (user + system) seconds and peak RSS. */
struct cost {
	double wall, cpu;
	long rss_kb;
};

/* Runs argv with stdout to /dev/null; exits when it fails. */
static struct cost measure(char *const argv[])
{
	struct cost c;

	c.wall = bench_run_to(argv, "/dev/null", &c.rss_kb, &c.cpu);
	return c;
}

/* Bytes of a database and its WAL. */
static double db_bytes(const char *db)
{
	char wal[1100];
	struct stat st;
	double n = 0;

	if (stat(db, &st) == 0) {
		n += (double)st.st_size;
	}
	snprintf(wal, sizeof(wal), "%s-wal", db);
	if (stat(wal, &st) == 0) {
		n += (double)st.st_size;
	}
	return n;
}

static struct cost compare(char *kvperf, const char *db)
{
	char dbarg[1100], cmp[] = "compare", b[] = "-b", base[] = "config0", csv[] = "--format=csv";

	snprintf(dbarg, sizeof(dbarg), "--db=%s", db);
	char *args[] = {kvperf, dbarg, cmp, b, base, csv, NULL};
	return measure(args);
}

static void print_compare(const char *what, struct cost c)
{
	printf("%s | %7.2f s %7.2f s %7.1f MB\n", what, c.wall, c.cpu, (double)c.rss_kb / 1024);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	int max = 8, a = 2;
	bool keep = false;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_scale KVPERF [--max E] [--keep] [DIR]\n"
				"       bench_scale KVPERF --compare DB...\n");
		return 2;
	}
	if (argc > 2 && strcmp(argv[2], "--compare") == 0) {
		printf("compare -b config0 --format csv | wall      CPU       peak\n");
		fflush(stdout); /* before the children fork */
		for (int i = 3; i < argc; i++) {
			print_compare(argv[i], compare(argv[1], argv[i]));
		}
		return 0;
	}
	for (; a < argc && argv[a][0] == '-'; a++) {
		if (strcmp(argv[a], "--keep") == 0) {
			keep = true;
		} else if (strcmp(argv[a], "--max") == 0 && a + 1 < argc) {
			max = atoi(argv[++a]);
		}
	}
	char dir[256];
	bench_tmpdir(dir, sizeof(dir), a < argc ? argv[a] : NULL);
	printf("samples | file MB | import: wall, CPU, peak | database MB, B/sample | compare: "
	       "wall, CPU, peak\n");
	fflush(stdout);
	int samples = 5;
	for (int e = 6; e <= max; e++, samples *= 10) {
		struct bench_study st = {.configs = 2,
					 .runs = 10,
					 .benchmarks = 1000,
					 .metrics = 10,
					 .samples = samples,
					 .spread = true};
		char file[300], db[300], dbarg[310], imp[] = "import", q[] = "-q",
						     maxsz[] = "--max-size=64G";
		struct stat sb;
		snprintf(file, sizeof(file), "%s/study-1e%d.json", dir, e);
		snprintf(db, sizeof(db), "%s/study-1e%d.db", dir, e);
		snprintf(dbarg, sizeof(dbarg), "--db=%s", db);
		bench_write_study(file, &st);
		stat(file, &sb);
		bench_rm_db(db);
		char *args[] = {argv[1], dbarg, imp, q, maxsz, file, NULL};
		struct cost im = measure(args);
		unlink(file);
		double bytes = db_bytes(db);
		struct cost cm = compare(argv[1], db);
		double n = 2.0 * 10 * 1000 * 10 * samples;
		printf("10^%d | %8.1f | %7.2f s %7.2f s %7.1f MB | %8.1f %5.1f | %7.2f s %7.2f s "
		       "%7.1f MB\n",
		       e, (double)sb.st_size / 1e6, im.wall, im.cpu, (double)im.rss_kb / 1024,
		       bytes / 1e6, bytes / n, cm.wall, cm.cpu, (double)cm.rss_kb / 1024);
		fflush(stdout);
		if (!keep) {
			bench_rm_db(db);
		}
	}
	if (!keep) {
		rmdir(dir);
	} else {
		printf("databases kept in %s\n", dir);
	}
	return 0;
}
