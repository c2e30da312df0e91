/* cmd_trend.c - kvperf trend: options, ordering runs, the output, the gate. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/trend.h"
#include "cli/cli.h"
#include "cli/stats_args.h"
#include "render/compare_out.h"
#include "render/format.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int run(int argc, char **argv, struct kv_global *g);

const struct kv_cmd kv_cmd_trend = {
    "trend", run,
    "usage: kvperf trend [--config <config>]... [--tool <tool>] [--match <regex>]\n"
    "                    [--since <date>] [--last <n>] [--by (time|<label>)]\n"
    "                    [--order-file <file>] [--confidence <level>]\n"
    "                    [--adjust (bh|by|bonferroni|none)] [--min-runs <n>]\n"
    "                    [--min-segment <n>] [--threads <n>]\n"
    "                    [--format (text|json|csv|markdown)] [--fail-on-regression <pct>]\n"
    "\n"
    "Finds the change points in the history of each series (tool, benchmark,\n"
    "parameters, metric, configuration): the runs in order, each run's mean one\n"
    "point, split where the level moves.  Each change point gets its position (run,\n"
    "start time, label), the segments before and after, the step as a cost ratio C\n"
    "(after/before when lower is better, before/after when higher is better: C > 1\n"
    "is a regression) with its interval, the overhead % = (C - 1) x 100, a p-value\n"
    "that pays for choosing the split, and a verdict from the interval.  Tests are\n"
    "adjusted across every series (docs/trend.md).\n"
    "\n"
    "  -c, --config <config>      only this configuration (repeatable)\n"
    "      --tool <tool>          only this tool's benchmarks\n"
    "      --match <regex>        only where \"<tool> <benchmark> <params> <metric>\" matches\n"
    "      --since <date>         only runs that started at or after this UTC date or\n"
    "                             time (2026-01-31 or 2026-01-31T12:00:00Z)\n"
    "      --last <n>             only the newest n runs of each series\n"
    "      --by <key>             the order: time (default: start time, ties by run id),\n"
    "                             or a label's value: natural version order (v1.3.0 <\n"
    "                             v1.10.0), or with --order-file the file's order; runs\n"
    "                             without the label are named and left out\n"
    "      --order-file <file>    the label's values, one a line, oldest first ('#'\n"
    "                             comments; 7-character prefixes of commits match)\n"
    "      --confidence <level>   confidence level, 0.5 to 0.999 (default 0.95)\n"
    "      --adjust <m>           adjustment across every series' tests (default bh);\n"
    "                             the intervals and verdicts are adjusted to match\n"
    "      --min-runs <n>         fewer runs in order: not analysed, with the reason\n"
    "                             (default 8)\n"
    "      --min-segment <n>      runs on each side of a change point, at least (default 3)\n"
    "      --threads <n>          worker threads (default: one per core)\n"
    "      --format <fmt>         text (default: one line per change point, newest\n"
    "                             first, then the stable series and those not\n"
    "                             analysed), json, csv or markdown\n"
    "      --fail-on-regression <pct>  exit 3 when a series' newest segment starts at a\n"
    "                             significant regression whose overhead is above pct\n"
    "      --db <path>            the database (default: $KVPERF_DB, else ./kvperf.db)\n"
    "  -h, --help                 show this help\n"
    "\n"
    "exit status: 0 ok, 1 failure, 2 usage error, 3 --fail-on-regression crossed,\n"
    "65 a bad order file, 66 no database or an order file that cannot be read\n",
    "change points in each series' history (nightly, per release)"};

enum fmt { F_TEXT, F_JSON, F_CSV, F_MARKDOWN };

struct args {
	struct kv_trend_opts o;
	const char **configs;
	size_t nconfigs;
	const char *tool, *match, *by, *order_file;
	enum fmt fmt;
	double fail_pct; /* NaN: no gate */
};

enum {
	OPT_TOOL = 1100,
	OPT_MATCH,
	OPT_SINCE,
	OPT_LAST,
	OPT_BY,
	OPT_ORDER_FILE,
	OPT_CONFIDENCE,
	OPT_ADJUST,
	OPT_MIN_RUNS,
	OPT_MIN_SEGMENT,
	OPT_THREADS,
	OPT_FORMAT,
	OPT_FAIL,
};

static const struct option longopts[] = {
    {"config", required_argument, NULL, 'c'},
    {"tool", required_argument, NULL, OPT_TOOL},
    {"match", required_argument, NULL, OPT_MATCH},
    {"since", required_argument, NULL, OPT_SINCE},
    {"last", required_argument, NULL, OPT_LAST},
    {"by", required_argument, NULL, OPT_BY},
    {"order-file", required_argument, NULL, OPT_ORDER_FILE},
    {"confidence", required_argument, NULL, OPT_CONFIDENCE},
    {"adjust", required_argument, NULL, OPT_ADJUST},
    {"min-runs", required_argument, NULL, OPT_MIN_RUNS},
    {"min-segment", required_argument, NULL, OPT_MIN_SEGMENT},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"fail-on-regression", required_argument, NULL, OPT_FAIL},
    {"db", required_argument, NULL, KV_OPT_DB},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static bool parse_double(const char *s, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	return s[0] != '\0' && *end == '\0' && errno == 0 && isfinite(*out);
}

static bool parse_size(const char *s, size_t *out)
{
	char *end;
	if (s[0] < '0' || s[0] > '9') {
		return false;
	}
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	*out = (size_t)v;
	return *end == '\0' && errno == 0 && v < 100000000ULL;
}

/* A --since date: digits, '-', ':', 'T', 'Z', '.', '+'; starts with YYYY-MM-DD. */
static bool valid_since(const char *s)
{
	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-') {
		return false;
	}
	for (const char *p = s; *p != '\0'; p++) {
		if (!((*p >= '0' && *p <= '9') || strchr("-:TZ.+", *p) != NULL)) {
			return false;
		}
	}
	return true;
}

static int parse(int argc, char **argv, struct args *a, struct kv_global *g, bool *help)
{
	const struct kv_cmd *cmd = &kv_cmd_trend;
	int c;
	size_t cap = 0;

	*help = false;
	memset(a, 0, sizeof(*a));
	kv_trend_opts_init(&a->o);
	a->fail_pct = NAN;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (a->nconfigs == cap) {
				cap = cap ? 2 * cap : 4;
				a->configs = kv_xreallocarray(a->configs, cap, sizeof(*a->configs));
			}
			a->configs[a->nconfigs++] = optarg;
			break;
		case OPT_TOOL:
			a->tool = optarg;
			break;
		case OPT_MATCH:
			a->match = optarg;
			break;
		case OPT_SINCE:
			if (!valid_since(optarg)) {
				return kv_cli_usage_error(cmd,
							  "--since '%s': expected a UTC date or "
							  "time such as 2026-01-31",
							  optarg);
			}
			a->o.since = optarg;
			break;
		case OPT_LAST:
			if (!parse_size(optarg, &a->o.last) || a->o.last < 2) {
				return kv_cli_usage_error(cmd,
							  "--last '%s': expected a number of "
							  "runs, at least 2",
							  optarg);
			}
			break;
		case OPT_BY:
			if (optarg[0] == '\0') {
				return kv_cli_usage_error(cmd,
							  "--by: expected time or a label key");
			}
			a->by = optarg;
			break;
		case OPT_ORDER_FILE:
			a->order_file = optarg;
			break;
		case OPT_CONFIDENCE:
			if (!parse_double(optarg, &a->o.confidence) || a->o.confidence < 0.5 ||
			    a->o.confidence > 0.999) {
				return kv_cli_usage_error(
				    cmd, "--confidence '%s': expected a level from 0.5 to 0.999",
				    optarg);
			}
			break;
		case OPT_ADJUST:
			if (strcmp(optarg, "bh") == 0) {
				a->o.adjust = KV_ADJ_BH;
			} else if (strcmp(optarg, "by") == 0) {
				a->o.adjust = KV_ADJ_BY;
			} else if (strcmp(optarg, "bonferroni") == 0) {
				a->o.adjust = KV_ADJ_BONFERRONI;
			} else if (strcmp(optarg, "none") == 0) {
				a->o.adjust = KV_ADJ_NONE;
			} else {
				return kv_cli_usage_error(cmd,
							  "--adjust '%s': expected bh, by, "
							  "bonferroni or none",
							  optarg);
			}
			break;
		case OPT_MIN_RUNS:
			if (!parse_size(optarg, &a->o.min_runs) || a->o.min_runs < 4) {
				return kv_cli_usage_error(cmd,
							  "--min-runs '%s': expected a number, "
							  "at least 4",
							  optarg);
			}
			break;
		case OPT_MIN_SEGMENT:
			if (!parse_size(optarg, &a->o.min_segment) || a->o.min_segment < 2) {
				return kv_cli_usage_error(cmd,
							  "--min-segment '%s': expected a "
							  "number, at least 2",
							  optarg);
			}
			break;
		case OPT_THREADS: {
			size_t t;
			if (!parse_size(optarg, &t) || t < 1 || t > 1024) {
				return kv_cli_usage_error(cmd, "--threads '%s': expected 1 to 1024",
							  optarg);
			}
			a->o.threads = (int)t;
			break;
		}
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0) {
				a->fmt = F_TEXT;
			} else if (strcmp(optarg, "json") == 0) {
				a->fmt = F_JSON;
			} else if (strcmp(optarg, "csv") == 0) {
				a->fmt = F_CSV;
			} else if (strcmp(optarg, "markdown") == 0) {
				a->fmt = F_MARKDOWN;
			} else {
				return kv_cli_usage_error(cmd,
							  "--format '%s': expected text, json, "
							  "csv or markdown",
							  optarg);
			}
			break;
		case OPT_FAIL:
			if (!parse_double(optarg, &a->fail_pct) || a->fail_pct < 0) {
				return kv_cli_usage_error(cmd,
							  "--fail-on-regression '%s': expected "
							  "a percentage, 0 or more",
							  optarg);
			}
			break;
		case KV_OPT_DB:
			g->db = optarg;
			break;
		case 'h':
			fputs(cmd->usage, stdout);
			*help = true;
			return 0;
		case ':':
			return kv_cli_usage_error(cmd, "option '%s' needs a value",
						  argv[optind - 1]);
		default:
			return kv_cli_unknown_option(cmd, longopts, argv[optind - 1]);
		}
	}
	if (optind < argc) {
		return kv_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	}
	if (a->order_file != NULL && (a->by == NULL || strcmp(a->by, "time") == 0)) {
		return kv_cli_usage_error(cmd,
					  "--order-file orders a label's values: give the "
					  "label with --by (--by commit --order-file commits.txt)");
	}
	return 0;
}

/* ---- loading ---- */

int kv_cli_read_order_file(const char *path, struct kv_trend_orderfile *f)
{
	struct kv_error err;
	FILE *in = fopen(path, "rb");
	struct kv_strbuf sb = KV_STRBUF_INIT;
	char buf[65536];
	size_t got;

	kv_error_clear(&err);
	if (in == NULL) {
		kv_fail_file(&err, KV_EXIT_NOINPUT, path, "cannot open: %s", strerror(errno));
		return kv_cli_fail(&err);
	}
	errno = 0;
	while ((got = fread(buf, 1, sizeof(buf), in)) > 0) {
		kv_strbuf_add(&sb, buf, got);
	}
	if (ferror(in)) {
		fclose(in);
		kv_strbuf_release(&sb);
		kv_fail_file(&err, KV_EXIT_NOINPUT, path, "cannot read: %s", strerror(errno));
		return kv_cli_fail(&err);
	}
	fclose(in);
	int rc = kv_trend_orderfile_parse(kv_strbuf_str(&sb), sb.len, path, f, &err);
	kv_strbuf_release(&sb);
	return rc < 0 ? kv_cli_fail(&err) : 0;
}

/* Runs of the loaded series without the key: named on stderr, per configuration. */
static void note_unkeyed(const struct kv_trend_result *r, const struct args *a,
			 const struct kv_trend_run *runs, const struct kv_db_order_run *dr,
			 size_t nruns)
{
	/* which runs belong to the loaded series */
	bool *used = kv_xcalloc(nruns ? nruns : 1, sizeof(*used));
	size_t missing = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_series *s = r->s[i].series;
		for (size_t j = 0; j < s->n_runs; j++) {
			size_t lo = 0, hi = nruns;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (runs[mid].id < s->run_id[j]) {
					lo = mid + 1;
				} else {
					hi = mid;
				}
			}
			if (lo < nruns && runs[lo].id == s->run_id[j] && !runs[lo].keyed &&
			    !used[lo]) {
				used[lo] = true;
				missing++;
			}
		}
	}
	if (missing > 0) {
		struct kv_strbuf msg = KV_STRBUF_INIT;
		const char *what =
		    a->by == NULL || strcmp(a->by, "time") == 0 ? "start time" : NULL;
		if (what != NULL) {
			kv_strbuf_addf(&msg, "note: %zu run%s without a start time left out (",
				       missing, missing == 1 ? "" : "s");
		} else if (a->order_file != NULL) {
			kv_strbuf_addf(&msg,
				       "note: %zu run%s left out, without a label '%s' that '%s' "
				       "lists (",
				       missing, missing == 1 ? "" : "s", a->by, a->order_file);
		} else {
			kv_strbuf_addf(&msg, "note: %zu run%s without the label '%s' left out (",
				       missing, missing == 1 ? "" : "s", a->by);
		}
		/* per configuration, in run order: "config: n" */
		size_t shown = 0;
		for (size_t i = 0; i < nruns; i++) {
			if (!used[i]) {
				continue;
			}
			size_t cnt = 0;
			bool first = true;
			for (size_t j = 0; j < nruns; j++) {
				if (used[j] && strcmp(dr[j].config, dr[i].config) == 0) {
					first = first && j >= i;
					cnt++;
				}
			}
			if (!first) {
				continue;
			}
			kv_strbuf_addf(&msg, "%s%s: %zu", shown++ ? ", " : "", dr[i].config, cnt);
		}
		if (a->order_file != NULL) {
			/* name a few of the labels the file lacks */
			size_t named = 0;
			for (size_t i = 0; i < nruns && named < 3; i++) {
				bool again = false;
				for (size_t j = 0; j < i && !again && dr[i].label != NULL; j++) {
					again = used[j] && dr[j].label != NULL &&
						strcmp(dr[j].label, dr[i].label) == 0;
				}
				if (used[i] && dr[i].label != NULL && !again) {
					kv_strbuf_addf(
					    &msg, "%s'%s'",
					    named++ ? ", " : "; not listed: ", dr[i].label);
				}
			}
		}
		kv_strbuf_adds(&msg, ")");
		fputs("kvperf: ", stderr);
		kv_fputs_escaped(kv_strbuf_str(&msg), stderr);
		fputc('\n', stderr);
		kv_strbuf_release(&msg);
	}
	free(used);
}

/* ---- output ---- */

struct cp_ref {
	const struct kv_trend_series *s;
	const struct kv_trend_change *c;
	size_t order; /* series index, for stable ties */
};

/* Newest first: by the rank of the change point's first run, then series order. */
static int cmp_newest(const void *x, const void *y)
{
	const struct cp_ref *a = x, *b = y;
	int64_t ra = a->s->points[a->c->index].rank, rb = b->s->points[b->c->index].rank;
	if (ra != rb) {
		return ra > rb ? -1 : 1;
	}
	if (a->order != b->order) {
		return a->order < b->order ? -1 : 1;
	}
	return a->c->index > b->c->index ? -1 : a->c->index < b->c->index;
}

static struct cp_ref *collect(const struct kv_trend_result *r, size_t *n)
{
	struct cp_ref *v = kv_xmalloc((r->nchanges ? r->nchanges : 1) * sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++) {
		for (size_t j = 0; j < r->s[i].nchanges; j++) {
			v[k].s = &r->s[i];
			v[k].c = &r->s[i].changes[j];
			v[k].order = i;
			k++;
		}
	}
	qsort(v, k, sizeof(*v), cmp_newest);
	*n = k;
	return v;
}

static const char *verdict_word(enum kv_verdict v)
{
	return v == KV_WORSE ? "regression" : v == KV_BETTER ? "improvement" : "~";
}

static void series_name(struct kv_strbuf *sb, const struct kv_series *s)
{
	kv_strbuf_addf(sb, "%s %s%s%s %s [%s]", s->tool, s->benchmark, s->params[0] ? " " : "",
		       s->params, s->metric, s->config);
}

/* "run 6 of 10 (id 4)": the place in the series' order, then the run's id
 * (kvperf runs -v), its start time and its label. */
static void position(struct kv_strbuf *sb, const struct kv_trend_series *s, size_t i,
		     const char *key)
{
	const struct kv_trend_point *p = &s->points[i];

	kv_strbuf_addf(sb, "run %zu of %zu (id %lld)", i + 1, s->npoints, (long long)p->run_id);
	if (p->start_time != NULL) {
		kv_strbuf_addf(sb, " %s", p->start_time);
	}
	if (key != NULL && p->label != NULL) {
		kv_strbuf_addf(sb, " %s=%s", key, p->label);
	}
}

static const char *label_key(const struct args *a)
{
	return a->by != NULL && strcmp(a->by, "time") != 0 ? a->by : NULL;
}

static const char *adjust_name(enum kv_adjust j)
{
	switch (j) {
	case KV_ADJ_NONE:
		return "none";
	case KV_ADJ_BH:
		return "bh";
	case KV_ADJ_BY:
		return "by";
	default:
		return "bonferroni";
	}
}

static void write_text(const struct kv_trend_result *r, const struct args *a, FILE *f)
{
	size_t n;
	struct cp_ref *v = collect(r, &n);
	char b1[48], b2[48], c1[32], c2[32], c3[32], pct[32], range[64], pb[32];

	for (size_t i = 0; i < n; i++) {
		const struct kv_trend_series *s = v[i].s;
		const struct kv_trend_change *c = v[i].c;
		const struct kv_trend_segment *bs = &s->segments[c->before],
					      *as = &s->segments[c->after];
		struct kv_strbuf sb = KV_STRBUF_INIT;
		series_name(&sb, s->series);
		kv_strbuf_adds(&sb, "  at ");
		position(&sb, s, c->index, label_key(a));
		kv_strbuf_addf(
		    &sb, "  %s -> %s  %s [%s, %s]  %s %s  p=%s  %s",
		    kv_fmt_si(bs->mean, s->series->unit, b1, sizeof(b1)),
		    kv_fmt_si(as->mean, s->series->unit, b2, sizeof(b2)),
		    kv_fmt_cost(c->cost, c1, sizeof(c1)), kv_fmt_cost(c->cost_lo, c2, sizeof(c2)),
		    kv_fmt_cost(c->cost_hi, c3, sizeof(c3)),
		    kv_fmt_pct(c->overhead_pct, pct, sizeof(pct)),
		    kv_fmt_pct_range(c->overhead_lo, c->overhead_hi, range, sizeof(range)),
		    kv_fmt_p(a->o.adjust == KV_ADJ_NONE ? c->p : c->p_adjusted, pb, sizeof(pb)),
		    verdict_word(c->verdict));
		kv_fputs_escaped(kv_strbuf_str(&sb), f);
		fputc('\n', f);
		kv_strbuf_release(&sb);
	}
	free(v);
	size_t changed = r->n - r->nstable - r->nskipped;
	if (n > 0) {
		fputc('\n', f);
	}
	fprintf(f,
		"%zu change point%s (%zu regression%s, %zu improvement%s) in %zu series; %zu "
		"series stable; %zu not analysed\n",
		r->nchanges, r->nchanges == 1 ? "" : "s", r->nregressions,
		r->nregressions == 1 ? "" : "s", r->nimprovements, r->nimprovements == 1 ? "" : "s",
		changed, r->nstable, r->nskipped);
	if (r->m > 0) {
		char lv[32];
		fprintf(f,
			"p adjusted (%s) over %zu tests; intervals at %s over each change "
			"point's splits (docs/trend.md)\n",
			adjust_name(a->o.adjust), r->m,
			kv_fmt_level(1 - r->alpha_printed, lv, sizeof(lv)));
	}
	/* the reasons, grouped */
	size_t listed = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_trend_series *s = &r->s[i];
		if (s->skip == KV_TREND_ANALYSED) {
			continue;
		}
		if (listed++ == 20) {
			fprintf(f, "  ... and %zu more not analysed (--format json lists all)\n",
				r->nskipped - 20);
			break;
		}
		struct kv_strbuf sb = KV_STRBUF_INIT;
		kv_strbuf_adds(&sb, "  not analysed: ");
		series_name(&sb, s->series);
		kv_strbuf_addf(&sb, ": %s", s->why_not);
		kv_fputs_escaped(kv_strbuf_str(&sb), f);
		fputc('\n', f);
		kv_strbuf_release(&sb);
	}
}

static void csv_field(FILE *f, const char *s)
{
	char *e = kv_escape_dup(s != NULL ? s : "");
	if (strpbrk(e, ",\"\n\r") != NULL) {
		fputc('"', f);
		for (const char *p = e; *p; p++) {
			if (*p == '"') {
				fputc('"', f);
			}
			fputc(*p, f);
		}
		fputc('"', f);
	} else {
		fputs(e, f);
	}
	free(e);
}

static void csv_num(FILE *f, double v)
{
	char b[40];
	fputc(',', f);
	fputs(kv_fmt_num(v, b, sizeof(b)), f);
}

static void write_csv(const struct kv_trend_result *r, FILE *f)
{
	size_t n;
	struct cp_ref *v = collect(r, &n);

	fputs("tool,benchmark,params,metric,unit,direction,config,run_id,start_time,label,"
	      "before_n,before_mean,after_n,after_mean,ratio,ratio_lo,ratio_hi,cost,cost_lo,"
	      "cost_hi,overhead_pct,overhead_lo,overhead_hi,change_pct,level,k_splits,p,"
	      "p_adjusted,verdict\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		const struct kv_trend_series *s = v[i].s;
		const struct kv_trend_change *c = v[i].c;
		const struct kv_trend_point *p = &s->points[c->index];
		const char *cells[] = {
		    s->series->tool, s->series->benchmark, s->series->params, s->series->metric,
		    s->series->unit, s->series->direction, s->series->config};
		for (size_t k = 0; k < ARRAY_SIZE(cells); k++) {
			if (k > 0) {
				fputc(',', f);
			}
			csv_field(f, cells[k]);
		}
		fprintf(f, ",%lld,", (long long)p->run_id);
		csv_field(f, p->start_time);
		fputc(',', f);
		csv_field(f, p->label);
		fprintf(f, ",%zu", s->segments[c->before].n);
		csv_num(f, s->segments[c->before].mean);
		fprintf(f, ",%zu", s->segments[c->after].n);
		csv_num(f, s->segments[c->after].mean);
		const double nums[] = {c->ratio,        c->ratio_lo,    c->ratio_hi,
				       c->cost,         c->cost_lo,     c->cost_hi,
				       c->overhead_pct, c->overhead_lo, c->overhead_hi,
				       c->change_pct,   c->level};
		for (size_t k = 0; k < ARRAY_SIZE(nums); k++) {
			csv_num(f, nums[k]);
		}
		fprintf(f, ",%zu", c->k_splits);
		csv_num(f, c->p);
		csv_num(f, c->p_adjusted);
		fprintf(f, ",%s\n", verdict_word(c->verdict));
	}
	free(v);
}

static void md_cell(FILE *f, const char *s)
{
	char *e = kv_escape_dup(s);
	fputs("| ", f);
	for (const char *p = e; *p; p++) {
		if (*p == '|') {
			fputc('\\', f);
		}
		fputc(*p, f);
	}
	fputc(' ', f);
	free(e);
}

static void write_markdown(const struct kv_trend_result *r, const struct args *a, FILE *f)
{
	size_t n;
	struct cp_ref *v = collect(r, &n);
	char b1[48], b2[48], c1[32], c2[32], c3[32], pct[32], range[64], pb[32];

	fputs("| series | config | at | before -> after | C [interval] | overhead | p | verdict |\n"
	      "|---|---|---|---|---|---|---:|---|\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		const struct kv_trend_series *s = v[i].s;
		const struct kv_trend_change *c = v[i].c;
		const struct kv_series *se = s->series;
		struct kv_strbuf sb = KV_STRBUF_INIT;
		kv_strbuf_addf(&sb, "%s %s%s%s %s", se->tool, se->benchmark,
			       se->params[0] ? " " : "", se->params, se->metric);
		md_cell(f, kv_strbuf_str(&sb));
		md_cell(f, se->config);
		kv_strbuf_truncate(&sb, 0);
		position(&sb, s, c->index, label_key(a));
		md_cell(f, kv_strbuf_str(&sb));
		kv_strbuf_truncate(&sb, 0);
		kv_strbuf_addf(&sb, "%s -> %s (%zu, %zu runs)",
			       kv_fmt_si(s->segments[c->before].mean, se->unit, b1, sizeof(b1)),
			       kv_fmt_si(s->segments[c->after].mean, se->unit, b2, sizeof(b2)),
			       s->segments[c->before].n, s->segments[c->after].n);
		md_cell(f, kv_strbuf_str(&sb));
		kv_strbuf_truncate(&sb, 0);
		kv_strbuf_addf(&sb, "%s [%s, %s]", kv_fmt_cost(c->cost, c1, sizeof(c1)),
			       kv_fmt_cost(c->cost_lo, c2, sizeof(c2)),
			       kv_fmt_cost(c->cost_hi, c3, sizeof(c3)));
		md_cell(f, kv_strbuf_str(&sb));
		kv_strbuf_truncate(&sb, 0);
		kv_strbuf_addf(
		    &sb, "%s %s", kv_fmt_pct(c->overhead_pct, pct, sizeof(pct)),
		    kv_fmt_pct_range(c->overhead_lo, c->overhead_hi, range, sizeof(range)));
		md_cell(f, kv_strbuf_str(&sb));
		md_cell(
		    f, kv_fmt_p(a->o.adjust == KV_ADJ_NONE ? c->p : c->p_adjusted, pb, sizeof(pb)));
		md_cell(f, verdict_word(c->verdict));
		fputs("|\n", f);
		kv_strbuf_release(&sb);
	}
	free(v);
	fprintf(f, "\n%zu change points in %zu series; %zu series stable; %zu not analysed.\n",
		r->nchanges, r->n - r->nstable - r->nskipped, r->nstable, r->nskipped);
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_trend_series *s = &r->s[i];
		if (s->skip != KV_TREND_ANALYSED) {
			struct kv_strbuf sb = KV_STRBUF_INIT;
			kv_strbuf_adds(&sb, "- not analysed: ");
			series_name(&sb, s->series);
			kv_strbuf_addf(&sb, ": %s", s->why_not);
			kv_fputs_escaped(kv_strbuf_str(&sb), f);
			fputc('\n', f);
			kv_strbuf_release(&sb);
		}
	}
}

static json_t *jsegment(const struct kv_trend_series *s, const struct kv_trend_segment *g)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "from", (json_int_t)g->from,
			 "to", (json_int_t)g->to, "first_run",
			 (json_int_t)s->points[g->from].run_id, "n", (json_int_t)g->n, "mean",
			 kv_json_num(g->mean), "sd", kv_json_num(g->sd), "lo", kv_json_num(g->lo),
			 "hi", kv_json_num(g->hi));
}

static json_t *jchange(const struct kv_trend_series *s, const struct kv_trend_change *c)
{
	const struct kv_trend_point *p = &s->points[c->index];
	json_t *j = json_object();
	json_object_set_new(j, "index", json_integer((json_int_t)c->index));
	json_object_set_new(j, "run_id", json_integer(p->run_id));
	json_object_set_new(j, "start_time", kv_json_text(p->start_time));
	json_object_set_new(j, "label", kv_json_text(p->label));
	json_object_set_new(j, "before", jsegment(s, &s->segments[c->before]));
	json_object_set_new(j, "after", jsegment(s, &s->segments[c->after]));
	json_object_set_new(j, "ratio", kv_json_num(c->ratio));
	json_object_set_new(
	    j, "ratio_interval",
	    json_pack("[o, o]", kv_json_num(c->ratio_lo), kv_json_num(c->ratio_hi)));
	json_object_set_new(j, "cost", kv_json_num(c->cost));
	json_object_set_new(j, "cost_interval",
			    json_pack("[o, o]", kv_json_num(c->cost_lo), kv_json_num(c->cost_hi)));
	json_object_set_new(j, "overhead_pct", kv_json_num(c->overhead_pct));
	json_object_set_new(
	    j, "overhead_interval",
	    json_pack("[o, o]", kv_json_num(c->overhead_lo), kv_json_num(c->overhead_hi)));
	json_object_set_new(j, "change_pct", kv_json_num(c->change_pct));
	json_object_set_new(j, "level", kv_json_num(c->level));
	json_object_set_new(j, "interval", json_string(kv_fieller_kind_name(c->interval_kind)));
	json_object_set_new(j, "k_splits", json_integer((json_int_t)c->k_splits));
	json_object_set_new(j, "t", kv_json_num(c->t));
	json_object_set_new(j, "df", kv_json_num(c->df));
	json_object_set_new(j, "p_split", kv_json_num(c->p_split));
	json_object_set_new(j, "p", kv_json_num(c->p));
	json_object_set_new(j, "p_adjusted", kv_json_num(c->p_adjusted));
	json_object_set_new(j, "verdict", json_string(verdict_word(c->verdict)));
	return j;
}

static void write_json(const struct kv_trend_result *r, const struct args *a, FILE *f)
{
	json_t *root = json_object(), *arr = json_array();

	json_object_set_new(root, "order", kv_json_text(a->by != NULL ? a->by : "time"));
	if (a->order_file != NULL) {
		json_object_set_new(root, "order_file", kv_json_text(a->order_file));
	}
	json_object_set_new(root, "confidence", json_real(a->o.confidence));
	json_object_set_new(root, "adjust", json_string(adjust_name(a->o.adjust)));
	json_object_set_new(root, "tests", json_integer((json_int_t)r->m));
	json_object_set_new(root, "alpha_printed", kv_json_num(r->alpha_printed));
	json_object_set_new(root, "min_runs", json_integer((json_int_t)a->o.min_runs));
	json_object_set_new(root, "min_segment", json_integer((json_int_t)a->o.min_segment));
	json_object_set_new(
	    root, "counts",
	    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "series", (json_int_t)r->n, "change_points",
		      (json_int_t)r->nchanges, "regressions", (json_int_t)r->nregressions,
		      "improvements", (json_int_t)r->nimprovements, "stable",
		      (json_int_t)r->nstable, "not_analysed", (json_int_t)r->nskipped));
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_trend_series *s = &r->s[i];
		const struct kv_series *se = s->series;
		json_t *j = json_object();
		json_object_set_new(j, "tool", kv_json_text(se->tool));
		json_object_set_new(j, "benchmark", kv_json_text(se->benchmark));
		json_object_set_new(j, "params", kv_json_text(se->params));
		json_object_set_new(j, "metric", kv_json_text(se->metric));
		json_object_set_new(j, "unit", kv_json_text(se->unit));
		json_object_set_new(j, "direction", kv_json_text(se->direction));
		json_object_set_new(j, "config", kv_json_text(se->config));
		json_object_set_new(j, "runs", json_integer((json_int_t)s->npoints));
		json_object_set_new(j, "runs_without_key", json_integer((json_int_t)s->n_unkeyed));
		json_object_set_new(j, "runs_filtered", json_integer((json_int_t)s->n_filtered));
		json_object_set_new(j, "status",
				    json_string(s->skip != KV_TREND_ANALYSED ? "not analysed"
						: s->nchanges > 0            ? "changed"
									     : "stable"));
		if (s->skip != KV_TREND_ANALYSED) {
			json_object_set_new(j, "why_not", kv_json_text(s->why_not));
		} else {
			json_object_set_new(j, "p", kv_json_num(s->p));
			json_t *segs = json_array(), *chs = json_array();
			for (size_t k = 0; k < s->nsegments; k++) {
				json_array_append_new(segs, jsegment(s, &s->segments[k]));
			}
			for (size_t k = 0; k < s->nchanges; k++) {
				json_array_append_new(chs, jchange(s, &s->changes[k]));
			}
			json_object_set_new(j, "segments", segs);
			json_object_set_new(j, "change_points", chs);
		}
		json_array_append_new(arr, j);
	}
	json_object_set_new(root, "series", arr);
	char *text =
	    json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	if (text != NULL) {
		kv_fputs_json(text, f);
		fputc('\n', f);
	}
	free(text);
	json_decref(root);
}

/* ---- the command ---- */

static int gate(const struct kv_trend_result *r, const struct args *a)
{
	size_t crossed = 0;
	char cost[32];

	for (size_t i = 0; i < r->n; i++) {
		const struct kv_trend_series *s = &r->s[i];
		if (s->nchanges == 0) {
			continue;
		}
		/* the newest segment starts at the last change point */
		const struct kv_trend_change *c = &s->changes[s->nchanges - 1];
		if (c->verdict == KV_WORSE && c->overhead_pct > a->fail_pct) {
			struct kv_strbuf msg = KV_STRBUF_INIT;
			kv_strbuf_adds(&msg, "regression: ");
			series_name(&msg, s->series);
			kv_strbuf_adds(&msg, " since ");
			position(&msg, s, c->index, label_key(a));
			kv_strbuf_addf(&msg, ": overhead %+.1f%% (%s), above %g%%", c->overhead_pct,
				       kv_fmt_cost(c->cost, cost, sizeof(cost)), a->fail_pct);
			if (crossed++ == 0) {
				fflush(stdout);
			}
			fputs("kvperf: ", stderr);
			kv_fputs_escaped(kv_strbuf_str(&msg), stderr);
			fputc('\n', stderr);
			kv_strbuf_release(&msg);
		}
	}
	return crossed > 0 ? KV_EXIT_GATE : 0;
}

static int run(int argc, char **argv, struct kv_global *g)
{
	struct args a;
	struct kv_db *db = NULL;
	struct kv_series *series = NULL;
	size_t nseries = 0, nruns = 0;
	struct kv_db_order_run *dr = NULL;
	struct kv_trend_run *runs = NULL;
	struct kv_trend_orderfile of = {0};
	struct kv_trend_result res = {0};
	struct kv_error err;
	regex_t re;
	bool help, have_re = false;
	int code;

	kv_error_clear(&err);
	if ((code = parse(argc, argv, &a, g, &help)) != 0 || help) {
		goto out;
	}
	if (a.match != NULL) {
		int rc = regcomp(&re, a.match, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char msg[256];
			regerror(rc, &re, msg, sizeof(msg));
			code = kv_cli_usage_error(&kv_cmd_trend, "--match '%s': %s", a.match, msg);
			goto out;
		}
		have_re = true;
	}
	if (a.order_file != NULL && (code = kv_cli_read_order_file(a.order_file, &of)) != 0) {
		goto out;
	}
	if ((db = kv_cli_open_db(g, 0, &code)) == NULL) {
		goto out;
	}
	struct kv_series_query q = {a.tool, a.configs, a.nconfigs, false};
	if (kv_db_load_series(db, &q, &series, &nseries, &err) < 0) {
		code = kv_cli_fail(&err);
		goto out;
	}
	size_t keep = have_re ? kv_series_match(series, nseries, &re) : nseries;
	if (keep == 0) {
		if (a.match != NULL && nseries > 0) {
			kv_fail(&err, KV_EXIT_FAILURE, "no benchmark matches --match '%s'",
				a.match);
		} else if (a.nconfigs > 0 || a.tool != NULL) {
			kv_fail(&err, KV_EXIT_FAILURE,
				"no series of the configurations and tool asked for");
		} else {
			kv_fail(&err, KV_EXIT_FAILURE,
				"the database holds no samples: import some first");
		}
		code = kv_cli_fail(&err);
		goto out;
	}
	const char *key = label_key(&a);
	if (kv_db_load_order(db, key, &dr, &nruns, &err) < 0) {
		code = kv_cli_fail(&err);
		goto out;
	}
	runs = kv_xcalloc(nruns ? nruns : 1, sizeof(*runs));
	for (size_t i = 0; i < nruns; i++) {
		runs[i].id = dr[i].id;
		runs[i].start_time = dr[i].start_time;
		runs[i].label = dr[i].label;
	}
	kv_trend_order_runs(runs, nruns,
			    key == NULL            ? KV_TREND_BY_TIME
			    : a.order_file != NULL ? KV_TREND_BY_FILE
						   : KV_TREND_BY_VERSION,
			    a.order_file != NULL ? &of : NULL);
	if (kv_trend(series, keep, runs, nruns, &a.o, &res, &err) < 0) {
		code = kv_cli_fail(&err);
		goto out;
	}
	note_unkeyed(&res, &a, runs, dr, nruns);
	size_t keyed = 0;
	for (size_t i = 0; i < res.n; i++) {
		keyed += res.s[i].npoints;
	}
	if (keyed == 0 && key != NULL) {
		if (a.order_file != NULL) {
			kv_fail(&err, KV_EXIT_DATAERR,
				"no run of these series has a label '%s' that '%s' lists", key,
				a.order_file);
		} else {
			kv_fail(&err, KV_EXIT_DATAERR,
				"no run of these series has the label '%s' (kvperf import --label "
				"%s=...)",
				key, key);
		}
		code = kv_cli_fail(&err);
		goto out;
	}
	switch (a.fmt) {
	case F_JSON:
		write_json(&res, &a, stdout);
		break;
	case F_CSV:
		write_csv(&res, stdout);
		break;
	case F_MARKDOWN:
		write_markdown(&res, &a, stdout);
		break;
	default:
		write_text(&res, &a, stdout);
		break;
	}
	code = isnan(a.fail_pct) ? 0 : gate(&res, &a);
out:
	if (have_re) {
		regfree(&re);
	}
	kv_trend_result_release(&res);
	free(runs);
	kv_db_order_runs_free(dr, nruns);
	kv_series_free(series, nseries);
	kv_trend_orderfile_release(&of);
	kv_db_close(db);
	free(a.configs);
	return code;
}
