/*
 * bench_report.c - the PDF report of 200 benchmark-metrics x 3
 * configurations x 10 samples: time and peak memory of `kvperf report`.
 * Target (issue #5): under 2 s and 200 MB.
 *
 * usage: bench_report KVPERF [DIR]
 */
#include "bench/benchlib.h"

int main(int argc, char **argv)
{
	static const struct bench_report b = {
	    .name = "bench_report",
	    .study = {.configs = 3,
		      .runs = 10,
		      .benchmarks = 20,
		      .metrics = 10,
		      .samples = 1,
		      .sweep = 4},
	    .out = "report.pdf",
	    .times = 3,
	    .label = "report of 200 benchmark-metrics x 3 configurations x 10 samples",
	    .max_s = 2,
	    .max_mb = 200,
	};

	return bench_report_main(argc, argv, &b);
}
