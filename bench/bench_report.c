/*
 * bench_report.c - time, peak memory and pages of `kvperf report` (PDF):
 *
 *   0. 200 benchmark-metrics x 3 configurations x 10 samples, with sweeps.
 *      Target (issue #5): under 2 s and 200 MB.
 *   1. 10,000,000 samples and 10,000 comparisons (1,000 benchmarks x 10
 *      metrics, 2 configurations x 10 runs x 50 samples, overheads of
 *      several sizes).  Target (issue #15): at most 80 pages besides the
 *      appendix, which lists every comparison (docs/scale.md), in under 10 s
 *      and 300 MB.
 *
 * The studies' databases are made once and kept (bench_study_db: the
 * large one takes about a minute).
 *
 * usage: bench_report KVPERF [--case N] [DIR]
 */
#include "bench/benchlib.h"

int main(int argc, char **argv)
{
	static const struct bench_case cases[] = {
	    {
		.label = "report of 200 benchmark-metrics x 3 configurations x 10 samples",
		.study = {.configs = 3,
			  .runs = 10,
			  .benchmarks = 20,
			  .metrics = 10,
			  .samples = 1,
			  .sweep = 4},
		.out = "report.pdf",
		.times = 3,
		.max_s = 2,
		.max_mb = 200,
	    },
	    {
		.label = "report of 10,000,000 samples and 10,000 comparisons",
		.study = BENCH_STUDY_10M,
		.out = "report.pdf",
		.times = 1,
		.split = true,
		.max_s = 10,
		.max_mb = 300,
	    },
	};

	return bench_report_main(argc, argv, "bench_report", cases,
				 sizeof(cases) / sizeof(cases[0]));
}
