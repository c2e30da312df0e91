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
	char dir[256], json[300], db[300], pdf[300], dbarg[310];
	unsigned long long s = 42;
	long rss;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_report KVPERF [DIR]\n");
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s/kvperf-bench-XXXXXX", argc > 2 ? argv[2] : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	snprintf(json, sizeof(json), "%s/report.json", dir);
	snprintf(db, sizeof(db), "%s/report.db", dir);
	snprintf(pdf, sizeof(pdf), "%s/report.pdf", dir);
	snprintf(dbarg, sizeof(dbarg), "--db=%s", db);
	/* 3 configurations x 10 runs; 20 benchmarks x 10 metrics = 200 benchmark-metrics */
	FILE *f = fopen(json, "w");
	fprintf(f, "{\"kvperf\": 1, \"tool\": \"synthetic\", \"runs\": [");
	for (int c = 0; c < 3; c++) {
		for (int r = 0; r < 10; r++) {
			fprintf(f, "%s{\"config\": \"config%d\", \"benchmarks\": [",
				c + r ? "," : "", c);
			for (int b = 0; b < 20; b++) {
				fprintf(
				    f,
				    "%s{\"name\": \"bench%02d\", \"params\": {\"threads\": %d}, "
				    "\"metrics\": [",
				    b ? "," : "", b / 4, 1 << (b % 4));
				for (int m = 0; m < 10; m++) {
					s = s * 6364136223846793005ULL + 1442695040888963407ULL;
					double noise = (double)(s >> 11) / 9007199254740992.0;
					fprintf(f,
						"%s{\"name\": \"metric%d\", \"unit\": \"ms\", "
						"\"direction\": \"lower\", \"samples\": [%.6f]}",
						m ? "," : "", m,
						(10 + m) * (1 + 0.1 * c) * (0.95 + 0.1 * noise));
				}
				fprintf(f, "]}");
			}
			fprintf(f, "]}");
		}
	}
	fprintf(f, "]}\n");
	fclose(f);
	char imp[] = "import", q[] = "-q", rep[] = "report", b[] = "--baseline=config0", o[] = "-o";
	char *import_args[] = {argv[1], dbarg, imp, q, json, NULL};
	bench_run(import_args, true, false, &rss);
	char *report_args[] = {argv[1], dbarg, rep, b, o, pdf, NULL};
	double best = 1e9;
	long peak = 0;
	for (int i = 0; i < 3; i++) {
		double t = bench_run(report_args, true, false, &rss);
		best = t < best ? t : best;
		peak = rss > peak ? rss : peak;
	}
	printf("report of 200 benchmark-metrics x 3 configurations x 10 samples: %.3f s, peak "
	       "%.1f MB (targets < 2 s: %s, < 200 MB: %s)\n",
	       best, (double)peak * 1024 / 1e6, best < 2 ? "met" : "NOT met",
	       (double)peak * 1024 / 1e6 < 200 ? "met" : "NOT met");
	unlink(json);
	unlink(pdf);
	bench_rm_db(db);
	rmdir(dir);
	return 0;
}
