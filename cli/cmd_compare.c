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
#include "render/compare_out.h"
#include "util/xalloc.h"

static int run(int argc, char **argv, struct kv_global *g);

const struct kv_cmd kv_cmd_compare = {
    "compare", run,
    "usage: kvperf compare --baseline <config> [--variant <config>]... [--confidence <level>]\n"
    "                      [--estimator (mean|median)] [--test (welch|mann-whitney)]\n"
    "                      [--adjust (holm|bh|hochberg|by|bonferroni|none)] [--bootstrap <n>]\n"
    "                      [--seed <s>] [--tool <tool>] [--match <regex>]\n"
    "                      [--equivalence <pct>] [--fail-above <pct>] [--noise-threshold <pct>]\n"
    "                      [--threads <n>] [--format (text|csv|json|markdown)]\n"
    "\n"
    "Compares every variant with the baseline, for each benchmark, parameters and\n"
    "metric: overhead % (positive: the variant is worse) with its confidence\n"
    "interval, p-value, adjusted p-value, verdict and noise flags, then the\n"
    "geometric-mean overhead per variant and category.  Each run's mean is one\n"
    "sample.\n"
    "\n"
    "  -b, --baseline <config>    the reference configuration (required)\n"
    "  -V, --variant <config>     a configuration to compare (repeatable; default: all others)\n"
    "      --confidence <level>   confidence level, 0.5 to 0.999 (default 0.95)\n"
    "      --estimator <e>        mean (default: Fieller's interval) or median (bootstrap)\n"
    "      --test <t>             welch (default) or mann-whitney\n"
    "      --adjust <m>           p-value adjustment across all comparisons (default holm)\n"
    "      --bootstrap <n>        bootstrap intervals with n resamples (BCa; two-level when\n"
    "                             runs have several iterations)\n"
    "      --seed <s>             bootstrap seed (default 1): same seed, same numbers\n"
    "      --tool <tool>          only this tool's benchmarks\n"
    "      --match <regex>        only where \"<tool> <benchmark> <params> <metric>\" matches\n"
    "      --equivalence <pct>    verdict 'equivalent' when the 1-2alpha interval of the\n"
    "                             overhead lies within +-pct (two one-sided tests)\n"
    "      --fail-above <pct>     exit 3 when a comparison is significantly worse and its\n"
    "                             overhead is above pct\n"
    "      --noise-threshold <pct>  flag 'noisy' above this coefficient of variation (default 5)\n"
    "      --threads <n>          worker threads (default: one per core)\n"
    "      --format <fmt>         text (default), csv, json or markdown\n"
    "      --db <path>            the database (default: $KVPERF_DB, else ./kvperf.db)\n"
    "  -h, --help                 show this help\n"
    "\n"
    "exit status: 0 ok, 1 failure, 2 usage error, 3 --fail-above crossed\n",
    "overhead of each configuration against the baseline"};

enum {
	OPT_CONF = 1100,
	OPT_EST,
	OPT_TEST,
	OPT_ADJUST,
	OPT_BOOT,
	OPT_SEED,
	OPT_TOOL,
	OPT_MATCH,
	OPT_EQUIV,
	OPT_FAIL,
	OPT_NOISE,
	OPT_THREADS,
	OPT_FORMAT,
};

static int number(const char *opt, const char *arg, double lo, double hi, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(arg, &end);
	if (errno != 0 || end == arg || *end != '\0' || !(*out >= lo && *out <= hi)) {
		return kv_cli_usage_error(
		    &kv_cmd_compare, "%s needs a number from %g to %g, not '%s'", opt, lo, hi, arg);
	}
	return 0;
}

static int pick(const char *opt, const char *arg, const char *const *names, size_t n, int *out)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(arg, names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	return kv_cli_usage_error(&kv_cmd_compare, "%s does not take '%s'", opt, arg);
}

struct args {
	struct kv_compare_opts o;
	const char **variants;
	const char *tool, *match;
	double fail_above; /* NaN: no gate */
	enum kv_out_format fmt;
};

static int parse(int argc, char **argv, struct kv_global *g, struct args *a, bool *help)
{
	static const struct option longopts[] = {
	    {"baseline", required_argument, NULL, 'b'},
	    {"variant", required_argument, NULL, 'V'},
	    {"confidence", required_argument, NULL, OPT_CONF},
	    {"estimator", required_argument, NULL, OPT_EST},
	    {"test", required_argument, NULL, OPT_TEST},
	    {"adjust", required_argument, NULL, OPT_ADJUST},
	    {"bootstrap", required_argument, NULL, OPT_BOOT},
	    {"seed", required_argument, NULL, OPT_SEED},
	    {"tool", required_argument, NULL, OPT_TOOL},
	    {"match", required_argument, NULL, OPT_MATCH},
	    {"equivalence", required_argument, NULL, OPT_EQUIV},
	    {"fail-above", required_argument, NULL, OPT_FAIL},
	    {"noise-threshold", required_argument, NULL, OPT_NOISE},
	    {"threads", required_argument, NULL, OPT_THREADS},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"db", required_argument, NULL, KV_OPT_DB},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	static const char *const ests[] = {"mean", "median"};
	static const char *const tests[] = {"welch", "mann-whitney"};
	static const char *const adjs[] = {"none", "holm", "hochberg", "bh", "by", "bonferroni"};
	static const char *const fmts[] = {"text", "csv", "json", "markdown"};
	int c, k = 0, ret = 0;
	double x;

	opterr = 0;
	optind = 1;
	while (ret == 0 && (c = getopt_long(argc, argv, ":b:V:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			a->o.baseline = optarg;
			break;
		case 'V':
			a->variants[a->o.nvariants++] = optarg;
			break;
		case OPT_CONF:
			ret = number("--confidence", optarg, 0.5, 0.999, &a->o.confidence);
			break;
		case OPT_EST:
			if ((ret = pick("--estimator", optarg, ests, 2, &k)) == 0) {
				a->o.estimator = (enum kv_estimator)k;
			}
			break;
		case OPT_TEST:
			if ((ret = pick("--test", optarg, tests, 2, &k)) == 0) {
				a->o.test = (enum kv_test)k;
			}
			break;
		case OPT_ADJUST:
			if ((ret = pick("--adjust", optarg, adjs, 6, &k)) == 0) {
				a->o.adjust = (enum kv_adjust)k;
			}
			break;
		case OPT_BOOT:
			if ((ret = number("--bootstrap", optarg, 100, 10000000, &x)) == 0) {
				a->o.bootstrap = (size_t)x;
			}
			break;
		case OPT_SEED:
			if ((ret = number("--seed", optarg, 0, 9007199254740992.0, &x)) == 0) {
				a->o.seed = (uint64_t)x;
			}
			break;
		case OPT_TOOL:
			a->tool = optarg;
			break;
		case OPT_MATCH:
			a->match = optarg;
			break;
		case OPT_EQUIV:
			ret = number("--equivalence", optarg, 0.001, 1000, &a->o.equivalence_pct);
			break;
		case OPT_FAIL:
			ret = number("--fail-above", optarg, -1000, 1000, &a->fail_above);
			break;
		case OPT_NOISE:
			if ((ret = number("--noise-threshold", optarg, 0, 1000, &x)) == 0) {
				a->o.noise_cv = x / 100;
			}
			break;
		case OPT_THREADS:
			if ((ret = number("--threads", optarg, 1, 256, &x)) == 0) {
				a->o.threads = (int)x;
			}
			break;
		case OPT_FORMAT:
			if ((ret = pick("--format", optarg, fmts, 4, &k)) == 0) {
				a->fmt = (enum kv_out_format)k;
			}
			break;
		case KV_OPT_DB:
			g->db = optarg;
			break;
		case 'h':
			*help = true;
			return 0;
		case ':':
			return kv_cli_usage_error(&kv_cmd_compare, "option '%s' needs a value",
						  argv[optind - 1]);
		default:
			return kv_cli_usage_error(&kv_cmd_compare, "unknown option '%s'",
						  argv[optind - 1]);
		}
	}
	if (ret != 0) {
		return ret;
	}
	if (optind < argc) {
		return kv_cli_usage_error(&kv_cmd_compare, "unexpected argument '%s'",
					  argv[optind]);
	}
	if (a->o.baseline == NULL) {
		return kv_cli_usage_error(&kv_cmd_compare, "--baseline is required");
	}
	return 0;
}

/* Keeps the series whose "<tool> <benchmark> <params> <metric>" matches re. */
static size_t filter(struct kv_series *s, size_t n, const regex_t *re)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(s[i].tool) + strlen(s[i].benchmark) + strlen(s[i].params) +
			     strlen(s[i].metric) + 4;
		char *key = kv_xmalloc(len);
		snprintf(key, len, "%s %s %s %s", s[i].tool, s[i].benchmark, s[i].params,
			 s[i].metric);
		bool keep = regexec(re, key, 0, NULL, 0) == 0;
		free(key);
		if (keep) {
			struct kv_series tmp = s[k];
			s[k++] = s[i];
			s[i] = tmp;
		}
	}
	return k;
}

static int run(int argc, char **argv, struct kv_global *g)
{
	struct args a = {.variants = kv_xcalloc((size_t)argc + 1, sizeof(char *)),
			 .fail_above = NAN};
	struct kv_compare_result res = {0};
	struct kv_series *series = NULL;
	size_t nseries = 0, keep;
	struct kv_error err;
	struct kv_db *db = NULL;
	regex_t re;
	bool help = false, have_re = false;
	int code;

	kv_compare_opts_init(&a.o);
	if ((code = parse(argc, argv, g, &a, &help)) != 0 || help) {
		if (help) {
			fputs(kv_cmd_compare.usage, stdout);
		}
		goto out;
	}
	a.o.variants = a.variants;
	if (a.match != NULL) {
		int rc = regcomp(&re, a.match, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char msg[128];
			regerror(rc, &re, msg, sizeof(msg));
			code =
			    kv_cli_usage_error(&kv_cmd_compare, "--match '%s': %s", a.match, msg);
			goto out;
		}
		have_re = true;
	}
	if ((db = kv_cli_open_db(g, false, &code)) == NULL) {
		goto out;
	}
	kv_error_clear(&err);
	if (kv_db_load_series(db, a.tool, &series, &nseries, &err) < 0) {
		code = kv_cli_fail(&err);
		goto out;
	}
	keep = have_re ? filter(series, nseries, &re) : nseries;
	if (keep == 0 && nseries > 0) {
		fprintf(stderr, "kvperf: no benchmark matches --match '%s'\n", a.match);
		code = KV_EXIT_FAILURE;
		goto out;
	}
	if (nseries == 0 && a.tool != NULL) {
		fprintf(stderr, "kvperf: no samples of tool '%s' in '%s'\n", a.tool,
			kv_db_path(db));
		code = KV_EXIT_FAILURE;
		goto out;
	}
	if (kv_compare(series, keep, &a.o, &res, &err) < 0) {
		code = kv_cli_fail(&err);
		goto out;
	}
	const char *nc = getenv("NO_COLOR");
	bool color = isatty(STDOUT_FILENO) && (nc == NULL || nc[0] == '\0');
	kv_compare_write(&res, &a.o, a.fmt, color, stdout);
	code = 0;
	if (!isnan(a.fail_above)) {
		size_t crossed = 0;
		for (size_t i = 0; i < res.n; i++) {
			const struct kv_comparison *c = &res.c[i];
			if (c->verdict == KV_WORSE && c->overhead_pct > a.fail_above) {
				if (crossed++ == 0) {
					fflush(stdout);
				}
				fprintf(stderr,
					"kvperf: %s: %s %s %s %s is %.1f%% worse (above %g%%)\n",
					c->var->config, c->base->tool, c->base->benchmark,
					c->base->params, c->base->metric, c->overhead_pct,
					a.fail_above);
			}
		}
		code = crossed > 0 ? KV_EXIT_GATE : 0;
	}
out:
	if (have_re) {
		regfree(&re);
	}
	kv_compare_result_release(&res);
	kv_series_free(series, nseries);
	kv_db_close(db);
	free(a.variants);
	return code;
}
