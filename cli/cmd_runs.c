/* cmd_runs.c - kvperf runs: what the database holds, per configuration. */
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "render/table.h"
#include "util/escape.h"
#include "util/strbuf.h"

static int run(int argc, char **argv, struct kv_global *g);

const struct kv_cmd kv_cmd_runs = {
    "runs", run,
    "usage: kvperf runs [-v] [--config <name>] [--format (text|csv|json)]\n"
    "\n"
    "Lists the configurations in the database with their runs, benchmarks,\n"
    "metrics and samples; with -v, every run with its labels and source file.\n"
    "\n"
    "  -v, --verbose           list every run\n"
    "  -c, --config <name>     only this configuration\n"
    "      --format <fmt>      text (default), csv or json\n"
    "      --db <path>         the database (default: $KVPERF_DB, else ./kvperf.db)\n"
    "  -h, --help              show this help\n",
    "list configurations and runs"};

enum fmt { FMT_TEXT, FMT_CSV, FMT_JSON };

static void num(char *buf, size_t size, int64_t v)
{
	snprintf(buf, size, "%" PRId64, v);
}

static char *labels_text(const struct kv_db_runinfo *r, const char *sep)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;

	for (size_t i = 0; i < r->nlabels; i++) {
		kv_strbuf_addf(&sb, "%s%s=%s", i ? sep : "", r->labels[i].key, r->labels[i].value);
	}
	return kv_strbuf_detach(&sb);
}

static void print_configs(const struct kv_db_config *c, size_t n, enum fmt fmt)
{
	static const char *const head[] = {"config",  "runs",        "benchmarks", "metrics",
					   "samples", "first_start", "last_start"};
	static const bool right[] = {false, true, true, true, true, false, false};
	struct kv_table *t = kv_table_new(fmt == FMT_TEXT ? 5 : 7, head, right);

	for (size_t i = 0; i < n; i++) {
		char b[4][24];
		num(b[0], sizeof(b[0]), c[i].runs);
		num(b[1], sizeof(b[1]), c[i].benchmarks);
		num(b[2], sizeof(b[2]), c[i].metrics);
		num(b[3], sizeof(b[3]), c[i].samples);
		const char *row[] = {c[i].config,      b[0],           b[1], b[2], b[3],
				     c[i].first_start, c[i].last_start};
		kv_table_add(t, row);
	}
	if (fmt == FMT_TEXT) {
		kv_table_print_text(t, stdout, "");
	} else {
		kv_table_print_csv(t, stdout);
	}
	kv_table_free(t);
}

/* printf for a line of text that names data: printed with its control
 * characters escaped (util/escape.h), then a newline. */
static void print_runs_text(const struct kv_db_runinfo *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(r[i - 1].config, r[i].config) != 0) {
			if (i > 0) {
				putchar('\n');
			}
			kv_fprintf_line(stdout, "%s", r[i].config);
		}
		kv_fprintf_line(
		    stdout,
		    "  run %" PRId64 "  %s  %s%s%s  %s  %" PRId64 " benchmark%s, %" PRId64
		    " sample%s",
		    r[i].id, r[i].start_time ? r[i].start_time : "(no start time)",
		    r[i].tool ? r[i].tool : "(several tools)", r[i].tool_version ? " " : "",
		    r[i].tool_version ? r[i].tool_version : "", r[i].host ? r[i].host : "(no host)",
		    r[i].benchmarks, r[i].benchmarks == 1 ? "" : "s", r[i].samples,
		    r[i].samples == 1 ? "" : "s");
		kv_fprintf_line(stdout, "      source: %s (%s)", r[i].source, r[i].format);
		if (r[i].nlabels > 0) {
			char *l = labels_text(&r[i], " ");
			kv_fprintf_line(stdout, "      labels: %s", l);
			free(l);
		}
	}
}

static void print_runs_csv(const struct kv_db_runinfo *r, size_t n)
{
	static const char *const head[] = {"run",    "config",       "start_time", "host",
					   "tool",   "tool_version", "benchmarks", "samples",
					   "labels", "source",       "format",     "sha256"};
	struct kv_table *t = kv_table_new(ARRAY_SIZE(head), head, NULL);

	for (size_t i = 0; i < n; i++) {
		char id[24], nb[24], ns[24];
		char *l = labels_text(&r[i], ";");
		num(id, sizeof(id), r[i].id);
		num(nb, sizeof(nb), r[i].benchmarks);
		num(ns, sizeof(ns), r[i].samples);
		const char *row[] = {id,          r[i].config, r[i].start_time,
				     r[i].host,   r[i].tool,   r[i].tool_version,
				     nb,          ns,          l,
				     r[i].source, r[i].format, r[i].sha256};
		kv_table_add(t, row);
		free(l);
	}
	kv_table_print_csv(t, stdout);
	kv_table_free(t);
}

/* A string, or null; text that is not UTF-8 (a --config from the command
 * line can be anything) as its escaped form, which JSON can hold. */
static json_t *jstr(const char *s)
{
	json_t *j;
	char *e;

	if (s == NULL) {
		return json_null();
	}
	if ((j = json_string(s)) != NULL) {
		return j;
	}
	e = kv_escape_dup(s);
	j = json_string(e);
	free(e);
	return j;
}

static void print_json(const struct kv_db_config *c, size_t nc, const struct kv_db_runinfo *r,
		       size_t nr, bool verbose)
{
	json_t *root = json_object(), *configs = json_array();

	for (size_t i = 0; i < nc; i++) {
		json_array_append_new(
		    configs,
		    json_pack("{s:o, s:I, s:I, s:I, s:I, s:o, s:o}", "config", jstr(c[i].config),
			      "runs", (json_int_t)c[i].runs, "benchmarks",
			      (json_int_t)c[i].benchmarks, "metrics", (json_int_t)c[i].metrics,
			      "samples", (json_int_t)c[i].samples, "first_start",
			      jstr(c[i].first_start), "last_start", jstr(c[i].last_start)));
	}
	json_object_set_new(root, "configs", configs);
	if (verbose) {
		json_t *runs = json_array();
		for (size_t i = 0; i < nr; i++) {
			json_t *labels = json_object();
			for (size_t j = 0; j < r[i].nlabels; j++) {
				char *key = kv_escape_dup(r[i].labels[j].key);
				json_object_set_new(
				    labels,
				    kv_utf8_valid(r[i].labels[j].key) ? r[i].labels[j].key : key,
				    jstr(r[i].labels[j].value));
				free(key);
			}
			json_array_append_new(
			    runs, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:o, s:o, "
					    "s:o, s:o}",
					    "run", (json_int_t)r[i].id, "config", jstr(r[i].config),
					    "start_time", jstr(r[i].start_time), "host",
					    jstr(r[i].host), "tool", jstr(r[i].tool),
					    "tool_version", jstr(r[i].tool_version), "benchmarks",
					    (json_int_t)r[i].benchmarks, "samples",
					    (json_int_t)r[i].samples, "labels", labels, "source",
					    jstr(r[i].source), "format", jstr(r[i].format),
					    "sha256", jstr(r[i].sha256)));
		}
		json_object_set_new(root, "runs", runs);
	}
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text != NULL) {
		kv_fputs_json(text, stdout); /* DEL and C1 as \u escapes too */
		putchar('\n');
	}
	free(text);
	json_decref(root);
}

static int run(int argc, char **argv, struct kv_global *g)
{
	static const struct option longopts[] = {
	    {"verbose", no_argument, NULL, 'v'},      {"config", required_argument, NULL, 'c'},
	    {"format", required_argument, NULL, 'F'}, {"db", required_argument, NULL, KV_OPT_DB},
	    {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	struct kv_db_config *configs = NULL;
	struct kv_db_runinfo *runs = NULL;
	size_t nc = 0, nr = 0;
	const char *only = NULL;
	bool verbose = false;
	enum fmt fmt = FMT_TEXT;
	struct kv_error err;
	struct kv_db *db;
	int c, code = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":vc:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			verbose = true;
			break;
		case 'c':
			only = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "text") == 0) {
				fmt = FMT_TEXT;
			} else if (strcmp(optarg, "csv") == 0) {
				fmt = FMT_CSV;
			} else if (strcmp(optarg, "json") == 0) {
				fmt = FMT_JSON;
			} else {
				return kv_cli_usage_error(&kv_cmd_runs,
							  "--format must be text, csv or json, not "
							  "'%s'",
							  optarg);
			}
			break;
		case KV_OPT_DB:
			g->db = optarg;
			break;
		case 'h':
			fputs(kv_cmd_runs.usage, stdout);
			return 0;
		case ':':
			return kv_cli_usage_error(&kv_cmd_runs, "option '%s' needs a value",
						  argv[optind - 1]);
		default:
			return kv_cli_usage_error(&kv_cmd_runs, "unknown option '%s'",
						  argv[optind - 1]);
		}
	}
	if (optind < argc) {
		return kv_cli_usage_error(&kv_cmd_runs, "unexpected argument '%s'", argv[optind]);
	}
	if ((db = kv_cli_open_db(g, 0, &code)) == NULL) {
		return code;
	}
	kv_error_clear(&err);
	if (kv_db_list_configs(db, only, &configs, &nc, &err) < 0 ||
	    kv_db_list_runs(db, only, &runs, &nr, &err) < 0) {
		code = kv_cli_fail(&err);
		goto out;
	}
	if (only != NULL && nc == 0) {
		kv_fail(&err, KV_EXIT_FAILURE, "no configuration '%s' in '%s'", only,
			kv_db_path(db));
		code = kv_cli_fail(&err);
		goto out;
	}
	if (nc == 0 && fmt == FMT_TEXT) {
		kv_fprintf_line(stdout, "no runs in '%s' yet; add some with 'kvperf import'",
				kv_db_path(db));
	} else if (fmt == FMT_JSON) {
		print_json(configs, nc, runs, nr, verbose);
	} else if (verbose && fmt == FMT_CSV) {
		print_runs_csv(runs, nr);
	} else if (verbose) {
		print_configs(configs, nc, fmt);
		putchar('\n');
		print_runs_text(runs, nr);
	} else {
		print_configs(configs, nc, fmt);
	}
out:
	kv_db_configs_free(configs, nc);
	kv_db_runinfos_free(runs, nr);
	kv_db_close(db);
	return code;
}
