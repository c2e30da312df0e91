/*
 * bench_xlsx.c - the workbook of 1,000,000 samples and 2,000 comparisons
 * (2 configurations x 10 runs x 2,000 metrics x 25 samples): time and peak
 * memory of `kvperf report -o results.xlsx`.  Target (issue #6): under 10 s
 * and 300 MB.
 *
 * usage: bench_xlsx KVPERF [DIR]
 */
#include "bench/benchlib.h"

int main(int argc, char **argv)
{
	static const struct bench_report b = {
	    .name = "bench_xlsx",
	    .study = {.configs = 2,
		      .runs = 10,
		      .benchmarks = 200,
		      .metrics = 10,
		      .samples = 25,
		      .sweep = 0},
	    .out = "results.xlsx",
	    .times = 2,
	    .label = "workbook of 1,000,000 samples and 2,000 comparisons",
	    .max_s = 10,
	    .max_mb = 300,
	};

	return bench_report_main(argc, argv, &b);
}
