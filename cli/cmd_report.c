/* cmd_report.c - kvperf report: the PDF report, or one SVG/PNG file per chart. */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "analysis/trend.h"
#include "cli/cli.h"
#include "cli/stats_args.h"
#include "kv_config.h"
#include "render/layout.h"
#include "render/report.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int cmp_config(const void *a, const void *b)
{
	return strcmp(((const struct kv_db_config *)a)->config,
		      ((const struct kv_db_config *)b)->config);
}

/* The configurations, as kv_db_list_configs() gives them, from the runs
 * (their counts of samples) and the series loaded: that query joins every
 * sample to count distinct benchmarks, about 9 s at 10,000,000 samples,
 * and the report needs only the runs and samples.  Benchmarks and metrics
 * are counted over the series loaded (those of --tool). */
static void configs_of(const struct kv_db_runinfo *runs, size_t nr, const struct kv_series *series,
		       size_t ns, struct kv_db_config **out, size_t *n)
{
	struct kv_db_config *c = NULL;
	size_t nc = 0;

	for (size_t i = 0; i < nr; i++) {
		const struct kv_db_runinfo *r = &runs[i];
		size_t k = 0;
		while (k < nc && strcmp(c[k].config, r->config) != 0) {
			k++;
		}
		if (k == nc) {
			c = kv_xreallocarray(c, nc + 1, sizeof(*c));
			c[nc++] = (struct kv_db_config){.config = kv_xstrdup(r->config)};
		}
		c[k].runs++;
		c[k].samples += r->samples;
		if (r->start_time != NULL &&
		    (c[k].first_start == NULL || strcmp(r->start_time, c[k].first_start) < 0)) {
			free(c[k].first_start);
			c[k].first_start = kv_xstrdup(r->start_time);
		}
		if (r->start_time != NULL &&
		    (c[k].last_start == NULL || strcmp(r->start_time, c[k].last_start) > 0)) {
			free(c[k].last_start);
			c[k].last_start = kv_xstrdup(r->start_time);
		}
	}
	for (size_t k = 0; k < nc; k++) { /* series come sorted by benchmark, then config */
		const struct kv_series *last = NULL;
		for (size_t i = 0; i < ns; i++) {
			const struct kv_series *s = &series[i];
			if (strcmp(s->config, c[k].config) != 0 || s->n_runs == 0) {
				continue;
			}
			c[k].metrics++;
			c[k].benchmarks += last == NULL || strcmp(last->tool, s->tool) != 0 ||
					   strcmp(last->benchmark, s->benchmark) != 0 ||
					   strcmp(last->params, s->params) != 0;
			last = s;
		}
	}
	qsort(c, nc, sizeof(*c), cmp_config);
	*out = c, *n = nc;
}

static int run(int argc, char **argv, struct kv_global *g);

const struct kv_cmd kv_cmd_report = {
    "report", run,
    "usage: kvperf report --baseline <config> [--variant <config>]... [compare's statistical\n"
    "                     options] -o <out> [--title <text>] [--paper (a4|letter)]\n"
    "                     [--chart-format (png|svg)] [--chart-size <w>x<h>]\n"
    "                     [--details (<n>|all)] [--quiet]\n"
    "                     [--no-history | --by <label> [--order-file <file>]]\n"
    "\n"
    "Writes what 'kvperf compare' computes as a PDF report (page 1: the answer per\n"
    "variant, its categories, largest and smallest overheads, configurations and\n"
    "method; then the summary, forest plots, heat map, the samples of the metrics\n"
    "that matter most, parameter sweeps and an appendix of every comparison), as\n"
    "an XLSX workbook (Summary, Overview, Charts, Samples, Runs, About), or, when\n"
    "<out> is a directory, one chart per file for slides.  The numbers are\n"
    "compare's.  When series have enough runs in order (see 'kvperf trend'), the\n"
    "report adds their history: a History section, a History sheet and a chart\n"
    "file per series with a change point.\n"
    "\n"
    "  -o, --output <out>         report.pdf, results.xlsx, or an existing directory for\n"
    "                             chart files\n"
    "      --title <text>         the report's title (default \"kvperf report\")\n"
    "      --paper <size>         a4 (default) or letter\n"
    "      --chart-format <fmt>   png (default) or svg, for a directory\n"
    "      --chart-size <w>x<h>   PNG size in pixels (default 1600x1000)\n"
    "      --details (<n>|all)    the PDF's charts draw at most n metrics (default 60):\n"
    "                             the significant ones with the largest overheads\n"
    "                             first; the appendix lists every comparison\n"
    "  -q, --quiet                no notes, no \"wrote ...\" line\n"
    "      --no-history           leave the history out\n"
    "      --by <label>           order the history's runs by this label's values in\n"
    "                             natural version order (default: by start time)\n"
    "      --order-file <file>    with --by: in the order of the file's lines (one\n"
    "                             value a line, oldest first; commits)\n"
    "  -b, --baseline <config>    the reference configuration (required)\n"
    "  -V, --variant <config>     a configuration to compare (repeatable; default: all others)\n"
    "      --confidence, --estimator, --test, --adjust, --bootstrap, --seed, --tool,\n"
    "      --match, --equivalence, --noise-threshold, --reference, --threads: as\n"
    "                             'kvperf compare'\n"
    "      --db <path>            the database (default: $KVPERF_DB, else ./kvperf.db)\n"
    "  -h, --help                 show this help\n"
    "\n"
    "SOURCE_DATE_EPOCH, when set, fixes the report's date: identical input gives\n"
    "identical bytes.\n",
    "write the comparison as a PDF report or chart files"};

/* The labels whose values differ between configurations, as a table. */
static void differing_labels(const struct kv_db_runinfo *runs, size_t nr,
			     const struct kv_db_config *cfg, size_t nc, char ***keys_out,
			     size_t *nk_out, char ***vals_out)
{
	size_t nk = 0;
	char **keys = NULL, **vals = NULL;

	*keys_out = NULL, *nk_out = 0, *vals_out = NULL;
	/* every key seen, then per config the value ("a,b" when runs disagree) */
	for (size_t i = 0; i < nr; i++) {
		for (size_t j = 0; j < runs[i].nlabels; j++) {
			bool seen = false;
			for (size_t k = 0; k < nk; k++) {
				seen = seen || strcmp(keys[k], runs[i].labels[j].key) == 0;
			}
			if (!seen) {
				keys = kv_xreallocarray(keys, nk + 1, sizeof(*keys));
				keys[nk++] = kv_xstrdup(runs[i].labels[j].key);
			}
		}
	}
	vals = kv_xcalloc(nk * nc + 1, sizeof(*vals));
	for (size_t k = 0; k < nk; k++) {
		for (size_t c = 0; c < nc; c++) {
			char *v = NULL;
			bool mixed = false;
			for (size_t i = 0; i < nr; i++) {
				if (strcmp(runs[i].config, cfg[c].config) != 0) {
					continue;
				}
				const char *x = "";
				for (size_t j = 0; j < runs[i].nlabels; j++) {
					if (strcmp(runs[i].labels[j].key, keys[k]) == 0) {
						x = runs[i].labels[j].value;
					}
				}
				if (v == NULL) {
					v = kv_xstrdup(x);
				} else if (strcmp(v, x) != 0) {
					mixed = true;
				}
			}
			vals[k * nc + c] = mixed ? kv_xstrdup("(varies)") : v ? v : kv_xstrdup("");
			if (mixed) {
				free(v);
			}
		}
	}
	/* keep the keys whose values are not the same for every configuration */
	size_t keep = 0;
	for (size_t k = 0; k < nk; k++) {
		bool differ = false;
		for (size_t c = 1; c < nc; c++) {
			differ = differ || strcmp(vals[k * nc + c], vals[k * nc]) != 0;
		}
		bool varies = false;
		for (size_t c = 0; c < nc; c++) {
			varies = varies || strcmp(vals[k * nc + c], "(varies)") == 0;
		}
		if (differ && !varies) {
			keys[keep] = keys[k];
			for (size_t c = 0; c < nc; c++) {
				char *t = vals[keep * nc + c];
				vals[keep * nc + c] = vals[k * nc + c];
				vals[k * nc + c] = t;
			}
			keep++;
		} else {
			free(keys[k]);
		}
	}
	for (size_t i = keep * nc; i < nk * nc; i++) {
		free(vals[i]);
	}
	*keys_out = keys, *nk_out = keep, *vals_out = vals;
}

/* The options of the history (report's own, parsed with the others). */
struct history_args {
	bool off;               /* --no-history */
	const char *by;         /* --by: a label, or NULL: start time */
	const char *order_file; /* --order-file */
};

/* What the history needs and owns. */
struct history {
	struct kv_series *series; /* every configuration's (of --tool), not only compared */
	size_t nseries, nkept;    /* loaded; kept by --match (the first nkept) */
	struct kv_trend_run *runs;
	struct kv_trend_orderfile file;
	bool have_file;
	struct kv_trend_result r;
	char order[160]; /* what orders the runs, in words */
};

static void history_release(struct history *h)
{
	kv_trend_result_release(&h->r);
	free(h->runs);
	if (h->have_file) {
		kv_trend_orderfile_release(&h->file);
	}
	kv_series_free(h->series, h->nseries);
}

/* Whether some configuration has as many runs with the ordering key as a
 * history needs (kv_trend's minimum): an upper bound for every series. */
static bool enough_runs(const struct kv_db_runinfo *runs, const struct kv_trend_run *tr, size_t nr,
			const struct kv_trend_opts *o)
{
	size_t need = o->min_runs > 2 * o->min_segment ? o->min_runs : 2 * o->min_segment;
	size_t n = 0;

	/* runs come by configuration (kv_db_list_runs) */
	for (size_t i = 0; i < nr; i++) {
		if (i > 0 && strcmp(runs[i].config, runs[i - 1].config) != 0) {
			n = 0;
		}
		n += tr[i].keyed;
		if (n >= need) {
			return true;
		}
	}
	return false;
}

/* The history of every series as 'kvperf trend' finds it with its defaults
 * (of --tool and --match), its runs ordered as h says.  Returns 0 or the
 * exit code after printing the error. */
static int history_load(struct kv_db *db, const struct kv_stats_args *a,
			const struct history_args *ha, const struct kv_db_runinfo *runs, size_t nr,
			struct history *h)
{
	struct kv_series_query q = {.tool = a->tool};
	struct kv_trend_opts o;
	struct kv_error err;
	regex_t re;

	kv_error_clear(&err);
	enum kv_trend_by by = KV_TREND_BY_TIME;
	char key[KV_NAME_SIZE(40)], file[KV_NAME_SIZE(60)];
	snprintf(h->order, sizeof(h->order), "start time");
	if (ha->order_file != NULL) {
		int code = kv_cli_read_order_file(ha->order_file, &h->file);
		if (code != 0) {
			return code;
		}
		h->have_file = true;
		by = KV_TREND_BY_FILE;
		snprintf(h->order, sizeof(h->order), "label %s, as listed in %s",
			 kv_name_cut(ha->by, 40, key, sizeof(key)),
			 kv_name_cut(ha->order_file, 60, file, sizeof(file)));
	} else if (ha->by != NULL) {
		by = KV_TREND_BY_VERSION;
		snprintf(h->order, sizeof(h->order), "label %s (natural version order)",
			 kv_name_cut(ha->by, 40, key, sizeof(key)));
	}
	h->runs = kv_xcalloc(nr ? nr : 1, sizeof(*h->runs));
	for (size_t i = 0; i < nr; i++) {
		h->runs[i] =
		    (struct kv_trend_run){.id = runs[i].id, .start_time = runs[i].start_time};
		for (size_t j = 0; ha->by != NULL && j < runs[i].nlabels; j++) {
			if (strcmp(runs[i].labels[j].key, ha->by) == 0) {
				h->runs[i].label = runs[i].labels[j].value;
			}
		}
	}
	kv_trend_order_runs(h->runs, nr, by, h->have_file ? &h->file : NULL);
	kv_trend_opts_init(&o);
	/* a history needs a configuration with enough runs in order: without
	 * one (a study of a few runs a configuration), nothing more is loaded */
	if (!enough_runs(runs, h->runs, nr, &o)) {
		return 0;
	}
	if (kv_db_load_series(db, &q, &h->series, &h->nseries, &err) < 0) {
		return kv_cli_fail(&err);
	}
	h->nkept = h->nseries;
	if (a->match != NULL && regcomp(&re, a->match, REG_EXTENDED | REG_NOSUB) == 0) {
		/* as compare keeps them (the pattern was checked there) */
		size_t k = kv_series_match(h->series, h->nseries, &re);
		regfree(&re);
		h->nkept = k;
	}
	if (kv_trend(h->series, h->nkept, h->runs, nr, &o, &h->r, &err) < 0) {
		return kv_cli_fail(&err);
	}
	return 0;
}

/* Whether out names a PDF file (not a directory of charts, not a workbook). */
static bool pdf_file(const char *out)
{
	size_t len = out != NULL ? strlen(out) : 0;
	struct stat st;

	return len >= 4 && strcmp(out + len - 4, ".pdf") == 0 &&
	       !(stat(out, &st) == 0 && S_ISDIR(st.st_mode));
}

static int run(int argc, char **argv, struct kv_global *g)
{
	struct kv_stats_args a;
	struct kv_compare_result res = {0};
	struct kv_series *series = NULL;
	struct kv_db_config *configs = NULL;
	struct kv_db_runinfo *runs = NULL;
	size_t nruns = 0;
	size_t nseries = 0, nconfigs = 0, nk = 0;
	char **keys = NULL, **vals = NULL;
	struct kv_db *db = NULL;
	struct kv_error err;
	struct history_args ha = {0};
	struct history hist = {0};
	char date[32];
	bool help;
	int code;

	code = kv_stats_parse(argc, argv, &kv_cmd_report, true, g, &a, &help);
	if (code != 0 || help) {
		goto out;
	}
	ha = (struct history_args){.off = a.no_history, .by = a.by, .order_file = a.order_file};
	a.drawn_samples = pdf_file(a.out);
	if ((code = kv_stats_compare(g, &a, true, &db, &series, &nseries, &res)) != 0) {
		goto out;
	}
	kv_error_clear(&err);
	if (kv_db_list_runs(db, NULL, &runs, &nruns, &err) < 0) {
		code = kv_cli_fail(&err);
		goto out;
	}
	if (!ha.off && (code = history_load(db, &a, &ha, runs, nruns, &hist)) != 0) {
		goto out;
	}
	if (ha.by != NULL && hist.r.n == hist.r.nskipped && !a.quiet) { /* asked, and none */
		kv_fprintf_line(stderr,
				"kvperf: note: no series has enough runs with the label '%s' for a "
				"history (see 'kvperf trend --by %s')",
				ha.by, ha.by);
	}
	configs_of(runs, nruns, series, nseries, &configs, &nconfigs);
	differing_labels(runs, nruns, configs, nconfigs, &keys, &nk, &vals);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long long epoch = sde != NULL && *sde ? atoll(sde) : -1;
	time_t now = epoch >= 0 ? (time_t)epoch : time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	struct kv_report_input in = {
	    .title = a.title != NULL ? a.title : "kvperf report",
	    .date = date,
	    .version = KV_VERSION,
	    .r = res.n > 0 ? &res : NULL,
	    .o = &a.o,
	    .configs = configs,
	    .nconfigs = nconfigs,
	    .label_keys = (const char *const *)keys,
	    .nlabel_keys = nk,
	    .label_values = (const char *const *)vals,
	    .letter = a.letter,
	    .source_date = epoch,
	    .series = series,
	    .nseries = nseries,
	    .runs = runs,
	    .nruns = nruns,
	    .db_path = kv_db_path(db),
	    .details = a.details,
	    .trend = ha.off ? NULL : &hist.r,
	    .trend_order = hist.order,
	    .trend_by_label = ha.by != NULL,
	};
	if (a.drawn_samples) { /* the samples of the metrics the PDF draws, only */
		bool *want = kv_report_pdf_series(&in);
		int rc = kv_db_load_values(db, series, nseries, want, &err);
		free(want);
		if (rc < 0) {
			code = kv_cli_fail(&err);
			goto out;
		}
	}
	struct stat st;
	if (stat(a.out, &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t files;
		if (in.r == NULL && (ha.off || hist.r.nchanges == 0)) {
			fprintf(stderr,
				"kvperf: only the baseline is in the database: no chart to draw\n");
			code = KV_EXIT_FAILURE;
			goto out;
		}
		if (kv_report_charts(&in, a.out, a.svg, a.width, a.height, &files, &err) < 0) {
			code = kv_cli_fail(&err);
			goto out;
		}
		if (!a.quiet) {
			printf("wrote %zu %s charts to %s\n", files, a.svg ? "SVG" : "PNG", a.out);
		}
	} else {
		size_t len = strlen(a.out);
		int pages;
		if (len >= 5 && strcmp(a.out + len - 5, ".xlsx") == 0) {
			struct kv_xlsx_info xi;
			if (kv_report_xlsx(&in, a.out, &xi, &err) < 0) {
				code = kv_cli_fail(&err);
				goto out;
			}
			if (xi.means && !a.quiet) { /* what the reader would otherwise not expect */
				fprintf(stderr,
					"kvperf: note: %zu samples are more than a sheet's rows: "
					"Samples holds the %zu run means%s\n",
					xi.samples, xi.sample_rows,
					xi.sample_sheets > 1 ? ", over several sheets" : "");
			}
			if (!a.quiet) {
				printf("wrote %s: %zu sheets, %zu chart image%s\n", a.out,
				       xi.sheets, xi.images, xi.images == 1 ? "" : "s");
			}
			code = 0;
			goto out;
		}
		if (len < 4 || strcmp(a.out + len - 4, ".pdf") != 0) {
			code = kv_cli_usage_error(&kv_cmd_report,
						  "-o needs a .pdf or .xlsx file or an existing "
						  "directory, not '%s'",
						  a.out);
			goto out;
		}
		if (kv_report_pdf(&in, a.out, &pages, &err) < 0) {
			code = kv_cli_fail(&err);
			goto out;
		}
		if (!a.quiet) {
			printf("wrote %s: %d page%s\n", a.out, pages, pages == 1 ? "" : "s");
		}
	}
	code = 0;
out:
	for (size_t i = 0; i < nk; i++) {
		free(keys[i]);
	}
	for (size_t i = 0; vals != NULL && i < nk * nconfigs; i++) {
		free(vals[i]);
	}
	free(keys);
	free(vals);
	history_release(&hist);
	kv_db_configs_free(configs, nconfigs);
	kv_db_runinfos_free(runs, nruns);
	kv_compare_result_release(&res);
	kv_series_free(series, nseries);
	kv_db_close(db);
	kv_stats_args_release(&a);
	kv_report_cleanup();
	return code;
}
