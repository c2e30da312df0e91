/* stats_args.c - compare's and report's options, and loading and comparing. */
#include "cli/stats_args.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/report.h"
#include "util/xalloc.h"

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
	OPT_REFERENCE,
	OPT_NOISE,
	OPT_THREADS,
	OPT_FORMAT,
	OPT_TITLE,
	OPT_PAPER,
	OPT_CHART_FORMAT,
	OPT_CHART_SIZE,
	OPT_DETAILS,
	OPT_NO_HISTORY,
	OPT_BY,
	OPT_ORDER_FILE,
	OPT_QUIET,
	OPT_COLOR,
	OPT_SUMMARY_ONLY,
};

static int number(const struct kv_cmd *cmd, const char *opt, const char *arg, double lo, double hi,
		  double *out)
{
	char *end;

	errno = 0;
	*out = strtod(arg, &end);
	if (errno != 0 || end == arg || *end != '\0' || !(*out >= lo && *out <= hi)) {
		return kv_cli_usage_error(cmd, "%s needs a number from %g to %g, not '%s'", opt, lo,
					  hi, arg);
	}
	return 0;
}

static int pick(const struct kv_cmd *cmd, const char *opt, const char *arg,
		const char *const *names, size_t n, int *out)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(arg, names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	return kv_cli_usage_error(cmd, "%s does not take '%s'", opt, arg);
}

static const struct option common[] = {
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
    {"noise-threshold", required_argument, NULL, OPT_NOISE},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"reference", required_argument, NULL, OPT_REFERENCE},
    {"db", required_argument, NULL, KV_OPT_DB},
    {"help", no_argument, NULL, 'h'},
};

static const struct option compare_only[] = {
    {"fail-above", required_argument, NULL, OPT_FAIL},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"color", optional_argument, NULL, OPT_COLOR},
    {"colour", optional_argument, NULL, OPT_COLOR},
    {"summary-only", no_argument, NULL, OPT_SUMMARY_ONLY},
};

static const struct option report_only[] = {
    {"output", required_argument, NULL, 'o'},
    {"title", required_argument, NULL, OPT_TITLE},
    {"paper", required_argument, NULL, OPT_PAPER},
    {"chart-format", required_argument, NULL, OPT_CHART_FORMAT},
    {"chart-size", required_argument, NULL, OPT_CHART_SIZE},
    {"details", required_argument, NULL, OPT_DETAILS},
    {"quiet", no_argument, NULL, 'q'},
    {"no-history", no_argument, NULL, OPT_NO_HISTORY},
    {"by", required_argument, NULL, OPT_BY},
    {"order-file", required_argument, NULL, OPT_ORDER_FILE},
};

/* The statistical options; the caller already handled the others. */
static int common_opt(const struct kv_cmd *cmd, int c, struct kv_global *g, struct kv_stats_args *a)
{
	static const char *const ests[] = {"mean", "median"};
	static const char *const tests[] = {"welch", "mann-whitney"};
	static const char *const adjs[] = {"none", "holm", "hochberg", "bh", "by", "bonferroni"};
	int k = 0, ret = 0;
	double x = 0;

	switch (c) {
	case 'b':
		a->o.baseline = optarg;
		break;
	case 'V':
		a->variants[a->o.nvariants++] = optarg;
		break;
	case OPT_CONF:
		ret = number(cmd, "--confidence", optarg, 0.5, 0.999, &a->o.confidence);
		break;
	case OPT_EST:
		if ((ret = pick(cmd, "--estimator", optarg, ests, 2, &k)) == 0) {
			a->o.estimator = (enum kv_estimator)k;
		}
		break;
	case OPT_TEST:
		if ((ret = pick(cmd, "--test", optarg, tests, 2, &k)) == 0) {
			a->o.test = (enum kv_test)k;
		}
		break;
	case OPT_ADJUST:
		if ((ret = pick(cmd, "--adjust", optarg, adjs, 6, &k)) == 0) {
			a->o.adjust = (enum kv_adjust)k;
		}
		break;
	case OPT_BOOT:
		if ((ret = number(cmd, "--bootstrap", optarg, 100, 10000000, &x)) == 0) {
			a->o.bootstrap = (size_t)x;
		}
		break;
	case OPT_SEED:
		if ((ret = number(cmd, "--seed", optarg, 0, 9007199254740992.0, &x)) == 0) {
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
		ret = number(cmd, "--equivalence", optarg, 0.001, 1000, &a->o.equivalence_pct);
		break;
	case OPT_NOISE:
		if ((ret = number(cmd, "--noise-threshold", optarg, 0, 1000, &x)) == 0) {
			a->o.noise_cv = x / 100;
		}
		break;
	case OPT_THREADS:
		if ((ret = number(cmd, "--threads", optarg, 1, 256, &x)) == 0) {
			a->o.threads = (int)x;
		}
		break;
	case OPT_REFERENCE:
		a->o.reference = optarg;
		break;
	case KV_OPT_DB:
		g->db = optarg;
		break;
	default:
		return -1; /* not a statistical option */
	}
	return ret;
}

static int own_opt(const struct kv_cmd *cmd, int c, struct kv_stats_args *a)
{
	static const char *const fmts[] = {"text", "csv", "json", "markdown", "tsv"};
	static const char *const colors[] = {"auto", "always", "never"};
	static const char *const papers[] = {"a4", "letter"};
	static const char *const charts[] = {"png", "svg"};
	int k = 0, ret = 0;

	switch (c) {
	case OPT_FAIL:
		return number(cmd, "--fail-above", optarg, -1000, 1000, &a->fail_above);
	case OPT_FORMAT:
		if ((ret = pick(cmd, "--format", optarg, fmts, 5, &k)) == 0) {
			a->fmt = (enum kv_out_format)k;
		}
		return ret;
	case OPT_COLOR: /* --color alone: always, as in ls and grep */
		if (optarg == NULL) {
			a->color = KV_COLOR_ALWAYS;
		} else if ((ret = pick(cmd, "--color", optarg, colors, 3, &k)) == 0) {
			a->color = (enum kv_color)k;
		}
		return ret;
	case OPT_SUMMARY_ONLY:
		a->summary_only = true;
		return 0;
	case 'o':
		a->out = optarg;
		return 0;
	case OPT_TITLE:
		a->title = optarg;
		return 0;
	case OPT_PAPER:
		if ((ret = pick(cmd, "--paper", optarg, papers, 2, &k)) == 0) {
			a->letter = k == 1;
		}
		return ret;
	case OPT_CHART_FORMAT:
		if ((ret = pick(cmd, "--chart-format", optarg, charts, 2, &k)) == 0) {
			a->svg = k == 1;
		}
		return ret;
	case OPT_CHART_SIZE:
		if (sscanf(optarg, "%dx%d", &a->width, &a->height) != 2 || a->width < 200 ||
		    a->height < 150 || a->width > 10000 || a->height > 10000) {
			return kv_cli_usage_error(
			    cmd,
			    "--chart-size needs WIDTHxHEIGHT in pixels (200x150 "
			    "to 10000x10000), not '%s'",
			    optarg);
		}
		return 0;
	case 'q':
		a->quiet = true;
		return 0;
	case OPT_NO_HISTORY:
		a->no_history = true;
		return 0;
	case OPT_BY:
	case OPT_ORDER_FILE:
		if (optarg[0] == '\0') {
			return kv_cli_usage_error(cmd, "%s needs a value",
						  c == OPT_BY ? "--by" : "--order-file");
		}
		*(c == OPT_BY ? &a->by : &a->order_file) = optarg;
		return 0;
	case OPT_DETAILS: { /* a count of metrics, or all */
		char *end;
		errno = 0;
		unsigned long long n = strtoull(optarg, &end, 10);
		if (strcmp(optarg, "all") == 0) {
			a->details = SIZE_MAX;
			return 0;
		}
		if (errno != 0 || end == optarg || *end != '\0' || optarg[0] == '-' ||
		    n > 1000000000) {
			return kv_cli_usage_error(
			    cmd, "--details needs a number of metrics or 'all', not '%s'", optarg);
		}
		a->details = (size_t)n;
		return 0;
	}
	}
	return -1;
}

int kv_stats_parse(int argc, char **argv, const struct kv_cmd *cmd, bool report,
		   struct kv_global *g, struct kv_stats_args *a, bool *help)
{
	size_t nc = ARRAY_SIZE(common),
	       no = report ? ARRAY_SIZE(report_only) : ARRAY_SIZE(compare_only);
	struct option *longopts = kv_xcalloc(nc + no + 1, sizeof(*longopts));
	int c, ret = 0;

	memset(a, 0, sizeof(*a));
	kv_compare_opts_init(&a->o);
	a->variants = kv_xcalloc((size_t)argc + 1, sizeof(*a->variants));
	a->fail_above = NAN;
	a->width = 1600;
	a->height = 1000;
	a->details = KV_REPORT_DETAILS;
	memcpy(longopts, common, sizeof(common));
	memcpy(longopts + nc, report ? report_only : compare_only, no * sizeof(*longopts));
	*help = false;
	opterr = 0;
	optind = 1;
	while (ret == 0 && (c = getopt_long(argc, argv, report ? ":b:V:o:qh" : ":b:V:h", longopts,
					    NULL)) != -1) {
		if (c == 'h') {
			fputs(cmd->usage, stdout);
			*help = true;
			break;
		}
		if (c == ':') {
			ret =
			    kv_cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
			break;
		}
		if ((ret = common_opt(cmd, c, g, a)) >= 0) {
			continue;
		}
		if ((ret = own_opt(cmd, c, a)) >= 0) {
			continue;
		}
		ret = kv_cli_unknown_option(cmd, longopts, argv[optind - 1]);
	}
	free(longopts);
	if (ret != 0 || *help) {
		return ret;
	}
	a->o.variants = a->variants;
	if (optind < argc) {
		return kv_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	}
	if (a->o.baseline == NULL) {
		return kv_cli_usage_error(cmd, "--baseline is required");
	}
	if (report && a->order_file != NULL && a->by == NULL) {
		return kv_cli_usage_error(cmd,
					  "--order-file needs --by <label>: the label it orders");
	}
	if (report && a->no_history && a->by != NULL) {
		return kv_cli_usage_error(cmd, "--no-history and --by exclude each other");
	}
	if (report && a->out == NULL) {
		return kv_cli_usage_error(cmd,
					  "-o is required (report.pdf, or a directory for charts)");
	}
	return 0;
}

void kv_stats_args_release(struct kv_stats_args *a)
{
	free(a->variants);
	a->variants = NULL;
}

size_t kv_series_match(struct kv_series *s, size_t n, const regex_t *re)
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

/* Whether every configuration in want[0..n) has a series. */
static bool all_there(const struct kv_series *s, size_t ns, const char *const *want, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < ns && strcmp(s[k].config, want[i]) != 0) {
			k++;
		}
		if (k == ns) {
			return false;
		}
	}
	return true;
}

/* Loads the series compare needs: run aggregates only, unless the report
 * draws samples or the two-level bootstrap resamples them; with --variant,
 * only the configurations compared.  A configuration missing from those is
 * an error whose message lists them all: then every one is loaded. */
static int load(struct kv_db *db, const struct kv_stats_args *a, struct kv_series **series,
		size_t *nseries, struct kv_error *err)
{
	struct kv_series_query q = {
	    .tool = a->tool,
	    .samples = (a->out != NULL && !a->drawn_samples) || kv_compare_needs_samples(&a->o),
	};
	const char **want = NULL;
	int ret;

	/* the report draws every configuration's samples: no filter there */
	if (a->out == NULL && a->o.nvariants > 0) {
		want = kv_xcalloc(a->o.nvariants + 1, sizeof(*want));
		want[0] = a->o.baseline;
		memcpy(want + 1, a->o.variants, a->o.nvariants * sizeof(*want));
		q.configs = want;
		q.nconfigs = a->o.nvariants + 1;
	}
	ret = kv_db_load_series(db, &q, series, nseries, err);
	if (ret == 0 && want != NULL && !all_there(*series, *nseries, want, q.nconfigs)) {
		kv_series_free(*series, *nseries);
		q.configs = NULL;
		q.nconfigs = 0;
		ret = kv_db_load_series(db, &q, series, nseries, err);
	}
	free(want);
	return ret;
}

int kv_stats_compare(struct kv_global *g, struct kv_stats_args *a, bool allow_single,
		     struct kv_db **db, struct kv_series **series, size_t *nseries,
		     struct kv_compare_result *r)
{
	const struct kv_cmd *cmd = a->out != NULL ? &kv_cmd_report : &kv_cmd_compare;
	struct kv_error err;
	size_t keep;
	regex_t re;
	int code;

	memset(r, 0, sizeof(*r));
	*series = NULL;
	*nseries = 0;
	if (a->match != NULL) {
		int rc = regcomp(&re, a->match, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char msg[128];
			regerror(rc, &re, msg, sizeof(msg));
			regfree(&re);
			return kv_cli_usage_error(cmd, "--match '%s': %s", a->match, msg);
		}
	}
	if ((*db = kv_cli_open_db(g, 0, &code)) == NULL) {
		goto out;
	}
	kv_error_clear(&err);
	if (load(*db, a, series, nseries, &err) < 0) {
		code = kv_cli_fail(&err);
		goto out;
	}
	keep = a->match != NULL ? kv_series_match(*series, *nseries, &re) : *nseries;
	if (keep == 0 && *nseries > 0) {
		kv_fail(&err, KV_EXIT_FAILURE, "no benchmark matches --match '%s'", a->match);
		code = kv_cli_fail(&err); /* escaped, as every message */
		goto out;
	}
	if (*nseries == 0 && a->tool != NULL) {
		kv_fail(&err, KV_EXIT_FAILURE, "no samples of tool '%s' in '%s'", a->tool,
			kv_db_path(*db));
		code = kv_cli_fail(&err);
		goto out;
	}
	if (kv_compare(*series, keep, &a->o, r, &err) < 0) {
		bool single = strncmp(err.msg, "only the baseline", 17) == 0;
		if (allow_single && single) {
			code = 0; /* the report says so on its title page */
			goto out;
		}
		code = kv_cli_fail(&err);
		goto out;
	}
	code = 0;
out:
	if (a->match != NULL) {
		regfree(&re);
	}
	return code;
}
