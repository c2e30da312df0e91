/*
 * bench_report.c - the PDF report of 200 benchmark-metrics x 3
 * configurations x 10 samples: time and peak memory of `kvperf report`.
 * Target (issue #5): under 2 s and 200 MB.
 *
 * usage: bench_report KVPERF [DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench/benchlib.h"

int main(int argc, char **argv)
{
	char dir[256], json[300], db[300], out[300], dbarg[310];
	const struct bench_study st = {
	    .configs = 3, .runs = 10, .benchmarks = 20, .metrics = 10, .samples = 1, .sweep = 4};
	long rss, peak;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_report KVPERF [DIR]\n");
		return 2;
	}
	bench_tmpdir(dir, sizeof(dir), argc > 2 ? argv[2] : NULL);
	snprintf(json, sizeof(json), "%s/report.json", dir);
	snprintf(db, sizeof(db), "%s/report.db", dir);
	snprintf(out, sizeof(out), "%s/report.pdf", dir);
	snprintf(dbarg, sizeof(dbarg), "--db=%s", db);
	bench_write_study(json, &st);
	char imp[] = "import", q[] = "-q", rep[] = "report", b[] = "--baseline=config0", o[] = "-o";
	char *import_args[] = {argv[1], dbarg, imp, q, json, NULL};
	bench_run(import_args, true, false, &rss);
	char *report_args[] = {argv[1], dbarg, rep, b, o, out, NULL};
	double best = bench_best(report_args, 3, &peak);
	double mb = (double)peak * 1024 / 1e6;
	printf("report of 200 benchmark-metrics x 3 configurations x 10 samples: %.3f s, peak %.1f "
	       "MB (targets < 2 s: %s, < 200 MB: %s)\n",
	       best, mb, best < 2 ? "met" : "NOT met", mb < 200 ? "met" : "NOT met");
	unlink(json);
	unlink(out);
	bench_rm_db(db);
	rmdir(dir);
	return 0;
}
