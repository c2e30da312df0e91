/* cmd_report.c - kvperf report: the PDF report, or one SVG/PNG file per chart. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/stats_args.h"
#include "kv_config.h"
#include "render/report.h"
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
    "\n"
    "Writes what 'kvperf compare' computes as a PDF report (page 1: the answer per\n"
    "variant, its categories, largest and smallest overheads, configurations and\n"
    "method; then the summary, forest plots, heat map, the samples of the metrics\n"
    "that matter most, parameter sweeps and an appendix of every comparison), as\n"
    "an XLSX workbook (Summary, Overview, Charts, Samples, Runs, About), or, when\n"
    "<out> is a directory, one chart per file for slides.  The numbers are\n"
    "compare's.\n"
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
	char date[32];
	bool help;
	int code;

	code = kv_stats_parse(argc, argv, &kv_cmd_report, true, g, &a, &help);
	if (code != 0 || help) {
		goto out;
	}
	if ((code = kv_stats_compare(g, &a, true, &db, &series, &nseries, &res)) != 0) {
		goto out;
	}
	kv_error_clear(&err);
	if (kv_db_list_runs(db, NULL, &runs, &nruns, &err) < 0) {
		code = kv_cli_fail(&err);
		goto out;
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
	};
	struct stat st;
	if (stat(a.out, &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t files;
		if (in.r == NULL) {
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
	kv_db_configs_free(configs, nconfigs);
	kv_db_runinfos_free(runs, nruns);
	kv_compare_result_release(&res);
	kv_series_free(series, nseries);
	kv_db_close(db);
	kv_stats_args_release(&a);
	kv_report_cleanup();
	return code;
}
