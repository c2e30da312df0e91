/*
 * bench_xlsx.c - the workbook of 1,000,000 samples and 2,000 comparisons
 * (2 configurations x 10 runs x 2,000 metrics x 25 samples): time and peak
 * memory of `kvperf report -o results.xlsx`.  Target (issue #6): under 10 s
 * and 300 MB.
 *
 * usage: bench_xlsx KVPERF [DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench/benchlib.h"

int main(int argc, char **argv)
{
	char dir[256], json[300], db[300], out[300], dbarg[310];
	const struct bench_study st = {
	    .configs = 2, .runs = 10, .benchmarks = 200, .metrics = 10, .samples = 25, .sweep = 0};
	long rss, peak;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_xlsx KVPERF [DIR]\n");
		return 2;
	}
	bench_tmpdir(dir, sizeof(dir), argc > 2 ? argv[2] : NULL);
	snprintf(json, sizeof(json), "%s/report.json", dir);
	snprintf(db, sizeof(db), "%s/report.db", dir);
	snprintf(out, sizeof(out), "%s/results.xlsx", dir);
	snprintf(dbarg, sizeof(dbarg), "--db=%s", db);
	bench_write_study(json, &st);
	char imp[] = "import", q[] = "-q", rep[] = "report", b[] = "--baseline=config0", o[] = "-o";
	char *import_args[] = {argv[1], dbarg, imp, q, json, NULL};
	bench_run(import_args, true, false, &rss);
	char *report_args[] = {argv[1], dbarg, rep, b, o, out, NULL};
	double best = bench_best(report_args, 2, &peak);
	double mb = (double)peak * 1024 / 1e6;
	printf("workbook of 1,000,000 samples and 2,000 comparisons: %.3f s, peak %.1f MB (targets "
	       "< 10 s: %s, < 300 MB: %s)\n",
	       best, mb, best < 10 ? "met" : "NOT met", mb < 300 ? "met" : "NOT met");
	unlink(json);
	unlink(out);
	bench_rm_db(db);
	rmdir(dir);
	return 0;
}
