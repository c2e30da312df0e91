/*
 * bench_xlsx.c - time, peak memory, sheets and chart images of `kvperf
 * report -o results.xlsx`:
 *
 *   0. 1,000,000 samples and 2,000 comparisons (2 configurations x 10 runs
 *      x 2,000 metrics x 25 samples).  Target (issue #6): under 10 s and
 *      300 MB.
 *   1. 10,000,000 samples and 10,000 comparisons (2 configurations x 10
 *      runs x 10,000 metrics x 50 samples), more rows than a sheet holds.
 *      Target (issue #15): under 60 s and 500 MB, with the forest plots.
 *
 * The studies' databases are made once and kept (bench_study_db).
 *
 * usage: bench_xlsx KVPERF [--case N] [DIR]
 */
#include "bench/benchlib.h"

int main(int argc, char **argv)
{
	static const struct bench_case cases[] = {
	    {
		.label = "workbook of 1,000,000 samples and 2,000 comparisons",
		.study = {.configs = 2,
			  .runs = 10,
			  .benchmarks = 200,
			  .metrics = 10,
			  .samples = 25,
			  .sweep = 0},
		.out = "results.xlsx",
		.times = 2,
		.max_s = 10,
		.max_mb = 300,
	    },
	    {
		.label = "workbook of 10,000,000 samples and 10,000 comparisons",
		.study = BENCH_STUDY_10M,
		.out = "results.xlsx",
		.times = 1,
		.split = true,
		.max_s = 60,
		.max_mb = 500,
	    },
	};

	return bench_report_main(argc, argv, "bench_xlsx", cases, sizeof(cases) / sizeof(cases[0]));
}
