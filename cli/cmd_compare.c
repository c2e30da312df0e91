/* cmd_compare.c - kvperf compare: options, filtering, exit status. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/compare.h"
#include "cli/cli.h"
#include "cli/stats_args.h"
#include "render/compare_out.h"
#include "render/format.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int run(int argc, char **argv, struct kv_global *g);

const struct kv_cmd kv_cmd_compare = {
    "compare", run,
    "usage: kvperf compare --baseline <config> [--variant <config>]... [--confidence <level>]\n"
    "                      [--estimator (mean|median)] [--test (welch|mann-whitney)]\n"
    "                      [--adjust (holm|bh|hochberg|by|bonferroni|none)] [--bootstrap <n>]\n"
    "                      [--seed <s>] [--tool <tool>] [--match <regex>]\n"
    "                      [--equivalence <pct>] [--fail-above <pct>] [--noise-threshold <pct>]\n"
    "                      [--reference <config>] [--threads <n>]\n"
    "                      [--format (text|csv|json|markdown|tsv)] [--summary-only]\n"
    "                      [--color[=(auto|always|never)]]\n"
    "\n"
    "Compares every variant with the baseline, for each benchmark, parameters and\n"
    "metric: the metric's change %, the cost ratio C (variant/baseline when lower\n"
    "is better, baseline/variant when higher is better: C > 1, the variant is\n"
    "worse) and the overhead % = (C - 1) x 100 with its confidence interval,\n"
    "p-value, adjusted p-value, verdict and noise flags, then the geometric mean\n"
    "of C per variant and category.  Each run's mean is one sample.\n"
    "\n"
    "  -b, --baseline <config>    the reference configuration (required)\n"
    "  -V, --variant <config>     a configuration to compare (repeatable; default: all others)\n"
    "      --confidence <level>   confidence level, 0.5 to 0.999 (default 0.95)\n"
    "      --estimator <e>        mean (default: Fieller's interval) or median (bootstrap)\n"
    "      --test <t>             welch (default) or mann-whitney\n"
    "      --adjust <m>           p-value adjustment across all comparisons (default bh);\n"
    "                             the intervals and verdicts are adjusted to match\n"
    "      --bootstrap <n>        bootstrap intervals with n resamples (BCa; two-level when\n"
    "                             runs have several iterations)\n"
    "      --seed <s>             bootstrap seed (default 1): same seed, same numbers\n"
    "      --tool <tool>          only this tool's benchmarks\n"
    "      --match <regex>        only where \"<tool> <benchmark> <params> <metric>\" matches\n"
    "      --equivalence <pct>    also say 'equivalent' when the 1-2alpha interval of the\n"
    "                             overhead lies within +-pct (two one-sided tests),\n"
    "                             beside the verdict, which it does not replace\n"
    "      --fail-above <pct>     exit 3 when a comparison is significantly worse and its\n"
    "                             overhead is above pct (with or without --equivalence)\n"
    "      --noise-threshold <pct>  flag 'noisy' above this coefficient of variation (default 5)\n"
    "      --reference <config>   a variant whose overhead the others recover: adds 'gap\n"
    "                             closed' % = (C_ref - C_variant) / (C_ref - 1) x 100,\n"
    "                             with a bootstrap interval, per metric and in the summary\n"
    "      --threads <n>          worker threads (default: one per core)\n"
    "      --format <fmt>         text (default), csv, json, markdown or tsv; text is\n"
    "                             grouped by benchmark and fitted to the terminal's\n"
    "                             width ($COLUMNS, else the terminal's, else 100),\n"
    "                             leaving out the least important columns first\n"
    "      --summary-only         only the geometric-mean summary (every format)\n"
    "      --color[=<when>]       colour the verdicts as the reports do: auto (default:\n"
    "                             on a terminal, unless NO_COLOR is set or TERM=dumb),\n"
    "                             always or never\n"
    "      --db <path>            the database (default: $KVPERF_DB, else ./kvperf.db)\n"
    "  -h, --help                 show this help\n"
    "\n"
    "exit status: 0 ok, 1 failure, 2 usage error, 3 --fail-above crossed, 66 no database\n",
    "overhead of each configuration against the baseline"};

static int run(int argc, char **argv, struct kv_global *g)
{
	struct kv_stats_args a;
	struct kv_compare_result res = {0};
	struct kv_series *series = NULL;
	size_t nseries = 0;
	struct kv_db *db = NULL;
	bool help;
	int code;

	code = kv_stats_parse(argc, argv, &kv_cmd_compare, false, g, &a, &help);
	if (code != 0 || help) {
		goto out;
	}
	if ((code = kv_stats_compare(g, &a, false, &db, &series, &nseries, &res)) != 0) {
		goto out;
	}
	struct kv_out_style st = {.color = kv_cli_color(a.color),
				  .width = kv_cli_width(),
				  .summary_only = a.summary_only};
	kv_compare_write(&res, &a.o, a.fmt, &st, stdout);
	if (!isnan(a.fail_above)) {
		size_t crossed = 0;
		/* the verdict alone gates: an equivalence test beside it changes nothing */
		for (size_t i = 0; i < res.n; i++) {
			const struct kv_comparison *c = &res.c[i];
			char cost[32];
			if (c->verdict == KV_WORSE && c->overhead_pct > a.fail_above) {
				if (crossed++ == 0) {
					fflush(stdout);
				}
				/* names from the data: printed escaped (util/escape.h) */
				struct kv_strbuf msg = KV_STRBUF_INIT;
				kv_strbuf_addf(
				    &msg, "%s: %s %s%s%s %s: overhead %+.1f%% (%s), above %g%%",
				    c->var->config, c->base->tool, c->base->benchmark,
				    c->base->params[0] ? " " : "", c->base->params, c->base->metric,
				    c->overhead_pct, kv_fmt_cost(c->cost, cost, sizeof(cost)),
				    a.fail_above);
				char *line = kv_escape_dup(kv_strbuf_str(&msg));
				fprintf(stderr, "kvperf: %s\n", line);
				free(line);
				kv_strbuf_release(&msg);
			}
		}
		code = crossed > 0 ? KV_EXIT_GATE : 0;
	}
out:
	kv_compare_result_release(&res);
	kv_series_free(series, nseries);
	kv_db_close(db);
	kv_stats_args_release(&a);
	return code;
}
