/* cmd_import.c - kvperf import: argument parsing and what the user sees. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ingest/ingest.h"
#include "ingest/vmi.h"
#include "util/escape.h"
#include "util/xalloc.h"

static int run(int argc, char **argv, struct kv_global *g);

/* getopt_long's value for --max-size. */
#define OPT_MAX_SIZE 1001

const struct kv_cmd kv_cmd_import = {
    "import", run,
    "usage: kvperf import [--config <name> | --config-from-dir] [--label <key>=<value>]...\n"
    "                     [--vmi <file>] [--format <name>] [--keep-going] [--dry-run]\n"
    "                     [--max-size <size>] [--quiet] <path>...\n"
    "\n"
    "Imports result files into the database.  A <path> that is a directory is\n"
    "walked recursively, files in byte order of their names; files found there\n"
    "that match no format are ignored.  A <path> of - is standard input\n"
    "(kubectl get vmi -o json | kvperf import -c vm -); pipes, FIFOs and <(...)\n"
    "work too.  Each file is one transaction: a bad file leaves the database as\n"
    "it was.  A file whose content is already in the database is skipped.  A\n"
    "directory holding kube-burner's jobSummary.json is one import: all its\n"
    "files in one transaction.\n"
    "\n"
    "  -c, --config <name>      the configuration of these runs (overrides the file's)\n"
    "  -C, --config-from-dir    a run whose file names no configuration takes the name\n"
    "                           of the directory the file is in (results/<config>/...)\n"
    "  -l, --label <key>=<val>  add a label to every run (overrides the file's); repeatable\n"
    "      --vmi <file>         label every run with the tuning of a KubeVirt VMI or VM\n"
    "                           (kubectl get vmi NAME -o json|yaml, or a List of them;\n"
    "                           - reads it from standard input)\n"
    "  -f, --format <name>      read every file as this format (see 'kvperf formats')\n"
    "  -k, --keep-going         import every good file and report each bad one\n"
    "  -n, --dry-run            read and check the files, change nothing\n"
    "      --max-size <size>    refuse an input larger than this (default 1G; suffix\n"
    "                           K, M or G: KiB, MiB, GiB); a stream stops there\n"
    "  -q, --quiet              no notes, no progress, no summary\n"
    "      --db <path>          the database (default: $KVPERF_DB, else ./kvperf.db)\n"
    "  -h, --help               show this help\n"
    "\n"
    "exit status: 0 ok, 1 failure, 2 usage error, 65 bad input data (or larger\n"
    "than --max-size), 66 an input that cannot be opened or read\n",
    "import result files into the database"};

struct ui {
	bool quiet;
	bool progress;    /* stderr is a terminal and not --quiet */
	bool drawn;       /* a progress line is on the screen */
	const char *path; /* the input of the bytes line; borrowed */
	double t0;        /* when reading it began (monotonic seconds) */
	double shown;     /* when its line was last drawn, or 0 */
};

/* The line of one input is drawn first after this long, then at most this often. */
#define PROGRESS_EVERY 0.25

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "12.3 MB": bytes for a progress line. */
static void bytes_text(uint64_t v, char *buf, size_t size)
{
	if (v < 10000) {
		snprintf(buf, size, "%llu bytes", (unsigned long long)v);
	} else if (v < 10000000) {
		snprintf(buf, size, "%.1f kB", (double)v / 1e3);
	} else if (v < 10000000000ULL) {
		snprintf(buf, size, "%.1f MB", (double)v / 1e6);
	} else {
		snprintf(buf, size, "%.2f GB", (double)v / 1e9);
	}
}

static void clear_progress(struct ui *ui)
{
	if (ui->drawn) {
		fputs("\r\033[K", stderr);
		ui->drawn = false;
	}
}

static void on_progress(void *ctx, size_t i, size_t n, const char *path)
{
	struct ui *ui = ctx;

	if (!ui->progress || n < 10) {
		return;
	}
	char *shown = kv_escape_dup(path); /* a file name is data too */
	fprintf(stderr, "\r\033[Kimporting %zu/%zu: %.60s", i + 1, n, shown);
	free(shown);
	ui->drawn = true;
}

/* Bytes read of a long single input (a large file, a slow pipe): drawn
 * once it has taken a quarter of a second, then four times a second. */
static void on_reading(void *ctx, const char *path, const char *doing, uint64_t bytes,
		       uint64_t total, size_t samples)
{
	struct ui *ui = ctx;
	char b[32], t[40] = "", n[48] = "";

	if (!ui->progress) {
		return;
	}
	double now = now_s();
	if (path != ui->path) {
		ui->path = path;
		ui->t0 = now;
		ui->shown = 0;
	}
	if (now - ui->t0 < PROGRESS_EVERY || now - ui->shown < PROGRESS_EVERY) {
		return;
	}
	bytes_text(bytes, b, sizeof(b));
	if (total > 0) {
		char tt[32];
		bytes_text(total, tt, sizeof(tt));
		snprintf(t, sizeof(t), " of %s", tt);
	}
	if (samples != SIZE_MAX) {
		snprintf(n, sizeof(n), ", %zu samples", samples);
	}
	char *shown = kv_escape_dup(path);
	fprintf(stderr, "\r\033[K%s %.60s: %s%s%s", doing, shown, b, t, n);
	fflush(stderr);
	free(shown);
	ui->shown = now;
	ui->drawn = true;
}

static void on_note(void *ctx, const char *path, const char *msg)
{
	struct ui *ui = ctx;

	if (ui->quiet) {
		return;
	}
	clear_progress(ui);
	char *p = kv_escape_dup(path), *m = kv_escape_dup(msg);
	fprintf(stderr, "kvperf: note: %s: %s\n", p, m); /* one line, whatever the data */
	free(p);
	free(m);
}

static void on_failed(void *ctx, const struct kv_error *err)
{
	clear_progress(ctx);
	kv_error_print(err, "kvperf");
}

/* Splits KEY=VALUE; *key is a new string. */
static int parse_label(const char *arg, struct kv_label_arg *out, char **key)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg) {
		return -1;
	}
	*key = kv_xstrndup(arg, (size_t)(eq - arg));
	out->key = *key;
	out->value = eq + 1;
	return 0;
}

/* "4096", "512K", "64M", "2G" (also "2GiB", "2g"): bytes into *out; 0 is refused. */
static int parse_size(const char *arg, size_t *out)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	if (arg[0] < '0' || arg[0] > '9') {
		return -1;
	}
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno != 0 || v == 0) {
		return -1;
	}
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	case 't':
	case 'T':
		shift = 40;
		break;
	case '\0':
		break;
	default:
		return -1;
	}
	if (shift > 0) {
		end++;
		if (strcmp(end, "iB") == 0 || strcmp(end, "B") == 0) {
			end += strlen(end);
		}
	}
	if (*end != '\0' || v > (SIZE_MAX - 2) >> shift) {
		return -1;
	}
	*out = (size_t)v << shift;
	return 0;
}

static void summary(const struct kv_import_stats *s, bool dry_run)
{
	printf("%s %zu file%s (%zu run%s, %zu sample%s)", dry_run ? "checked" : "imported",
	       s->imported, s->imported == 1 ? "" : "s", s->runs, s->runs == 1 ? "" : "s",
	       s->samples, s->samples == 1 ? "" : "s");
	if (s->skipped > 0) {
		printf(", %zu already imported", s->skipped);
	}
	if (s->ignored > 0) {
		printf(", %zu ignored", s->ignored);
	}
	if (s->empty > 0) {
		printf(", %zu without results", s->empty);
	}
	if (s->failed > 0) {
		printf(", %zu failed", s->failed);
	}
	putchar('\n');
}

static int run(int argc, char **argv, struct kv_global *g)
{
	static const struct option longopts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"config-from-dir", no_argument, NULL, 'C'},
	    {"vmi", required_argument, NULL, 'V'},
	    {"label", required_argument, NULL, 'l'},
	    {"format", required_argument, NULL, 'f'},
	    {"keep-going", no_argument, NULL, 'k'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"max-size", required_argument, NULL, OPT_MAX_SIZE},
	    {"db", required_argument, NULL, KV_OPT_DB},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct kv_import_opts opts = {0};
	struct kv_label_arg *labels = kv_xcalloc((size_t)argc, sizeof(*labels));
	char **keys = kv_xcalloc((size_t)argc, sizeof(*keys)); /* owns labels[i].key */
	struct ui ui = {0};
	struct kv_import_report rep = {&ui, on_progress, on_note, on_failed, on_reading};
	struct kv_import_stats stats;
	struct kv_error err;
	struct kv_db *db = NULL;
	struct kv_label_arg *vmi_labels = NULL;
	size_t nvmi = 0, ncli = 0; /* ncli: labels from --label, which own keys[] */
	const char *vmi = NULL;
	int c, code = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":c:Cl:f:knqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (optarg[0] == '\0') {
				code = kv_cli_usage_error(&kv_cmd_import, "--config needs a name");
				goto out;
			}
			opts.config = optarg;
			break;
		case 'C':
			opts.config_from_dir = true;
			break;
		case 'V':
			vmi = optarg;
			break;
		case 'l':
			if (parse_label(optarg, &labels[opts.nlabels], &keys[opts.nlabels]) < 0) {
				code = kv_cli_usage_error(&kv_cmd_import,
							  "--label needs <key>=<value>, not '%s'",
							  optarg);
				goto out;
			}
			ncli = ++opts.nlabels;
			break;
		case 'f':
			opts.format = optarg;
			break;
		case 'k':
			opts.keep_going = true;
			break;
		case 'n':
			opts.dry_run = true;
			break;
		case 'q':
			ui.quiet = true;
			break;
		case OPT_MAX_SIZE:
			if (parse_size(optarg, &opts.max_size) < 0) {
				code = kv_cli_usage_error(&kv_cmd_import,
							  "--max-size needs a size such as 4096, "
							  "512K, 64M or 2G, not '%s'",
							  optarg);
				goto out;
			}
			break;
		case KV_OPT_DB:
			g->db = optarg;
			break;
		case 'h':
			fputs(kv_cmd_import.usage, stdout);
			goto out;
		case ':':
			code = kv_cli_usage_error(&kv_cmd_import, "option '%s' needs a value",
						  argv[optind - 1]);
			goto out;
		default:
			code = kv_cli_usage_error(&kv_cmd_import, "unknown option '%s'",
						  argv[optind - 1]);
			goto out;
		}
	}
	if (optind >= argc) {
		code = kv_cli_usage_error(&kv_cmd_import, "no file or directory given");
		goto out;
	}
	for (int i = optind; vmi != NULL && strcmp(vmi, "-") == 0 && i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			code = kv_cli_usage_error(&kv_cmd_import,
						  "--vmi - and - cannot both read standard input");
			goto out;
		}
	}
	ncli = opts.nlabels; /* before the VMI's are added: these own their keys */
	if (vmi != NULL) {
		kv_error_clear(&err);
		if (kv_vmi_labels(vmi, opts.max_size, &vmi_labels, &nvmi, &err) < 0) {
			code = kv_cli_fail(&err);
			goto out;
		}
		/* --label beats --vmi: add the VMI's labels the command line does not set */
		labels = kv_xreallocarray(labels, (size_t)argc + nvmi, sizeof(*labels));
		for (size_t i = 0; i < nvmi; i++) {
			bool set = false;
			for (size_t j = 0; j < opts.nlabels; j++) {
				set = set || strcmp(labels[j].key, vmi_labels[i].key) == 0;
			}
			if (!set) {
				labels[opts.nlabels++] = vmi_labels[i];
			}
		}
	}
	opts.labels = labels;
	ui.progress = !ui.quiet && isatty(STDERR_FILENO);
	bool made;
	db = kv_cli_open_target(kv_cli_db_path(g), opts.dry_run, &made, &code);
	if (db == NULL) {
		goto out;
	}
	kv_error_clear(&err);
	int ret = kv_import_paths(db, (const char *const *)argv + optind, (size_t)(argc - optind),
				  &opts, &rep, &stats, &err);
	clear_progress(&ui);
	if (ret < 0) {
		code = kv_cli_fail(&err);
		/* --keep-going stops too at a failure that is not the file's */
		bool stopped = !opts.keep_going ||
			       (err.code != KV_EXIT_DATAERR && err.code != KV_EXIT_NOINPUT);
		if (stopped && err.code != KV_EXIT_USAGE && stats.imported > 0) {
			size_t k = stats.imported;
			if (opts.dry_run) {
				fprintf(stderr,
					"kvperf: stopped there; the %zu file%s before it %s good "
					"(a dry run imports nothing)\n",
					k, k == 1 ? "" : "s", k == 1 ? "is" : "are");
			} else {
				fprintf(stderr,
					"kvperf: stopped there; the %zu file%s before it stay%s "
					"imported%s\n",
					k, k == 1 ? "" : "s", k == 1 ? "s" : "",
					opts.keep_going
					    ? ""
					    : " (use --keep-going to go on past bad files)");
			}
		}
	}
	if (!ui.quiet && (ret == 0 || opts.keep_going)) {
		summary(&stats, opts.dry_run);
	}
out:
	for (size_t i = 0; i < ncli; i++) {
		free(keys[i]);
	}
	free(keys);
	free(labels);
	kv_vmi_labels_free(vmi_labels, nvmi);
	if (code != 0) {
		kv_db_close_unused(db); /* a failed first import leaves no empty database */
	} else {
		kv_db_close(db);
	}
	return code;
}
