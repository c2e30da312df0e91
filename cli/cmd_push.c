/*
 * cmd_push.c - kvperf push and kvperf pull: copying sources between the
 * local database and another one (a PostgreSQL server, or another SQLite
 * file) with kv_db_copy().
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ingest/isotime.h"
#include "util/escape.h"
#include "util/xalloc.h"

static int run_push(int argc, char **argv, struct kv_global *g);
static int run_pull(int argc, char **argv, struct kv_global *g);

const struct kv_cmd kv_cmd_push = {
    "push", run_push,
    "usage: kvperf push --to <path>|<uri> [--dry-run] [--quiet]\n"
    "\n"
    "Copies every source file of the database (--db) that the target does not\n"
    "hold yet (the same content hash) to the target: a PostgreSQL server's\n"
    "postgresql:// URI, or another SQLite file, created if need be.  A source\n"
    "goes whole, in one transaction of the target, with its path, format and\n"
    "import time, its runs, labels, benchmarks, metrics and samples as stored,\n"
    "so that the target gives the same answers for it.\n"
    "\n"
    "  -t, --to <path>|<uri>   the target database\n"
    "  -n, --dry-run           count what would be copied, copy nothing\n"
    "  -q, --quiet             print nothing on success\n"
    "      --db <path>|<uri>   the database to copy from (default: $KVPERF_DB, else\n"
    "                          ./kvperf.db)\n"
    "  -h, --help              show this help\n"
    "\n"
    "exit status: 0 ok, 1 failure (such as a server that cannot be reached),\n"
    "2 usage error, 65 a metric the target stores with another unit, direction\n"
    "or kind, or a target that is not a kvperf database, 66 no database to copy\n"
    "from\n",
    "copy what the database holds to another (a server)"};

const struct kv_cmd kv_cmd_pull = {
    "pull", run_pull,
    "usage: kvperf pull --from <path>|<uri> [--config <name>] [--since <date>]\n"
    "                   [--dry-run] [--quiet]\n"
    "\n"
    "Copies the source files of another database (a PostgreSQL server's\n"
    "postgresql:// URI, or a SQLite file) that the database (--db, created if\n"
    "need be) does not hold yet (the same content hash): every one, or those\n"
    "with a run of --config that started at or after --since.  A source comes\n"
    "whole, in one transaction, with its path, format and import time, and all\n"
    "its runs (of other configurations too), labels, benchmarks, metrics and\n"
    "samples as stored.\n"
    "\n"
    "  -f, --from <path>|<uri>  the database to copy from\n"
    "  -c, --config <name>      only sources with a run of this configuration\n"
    "      --since <date>       only sources with a run that started at or after\n"
    "                           this UTC date or time (2026-01-31 or\n"
    "                           2026-01-31T12:00:00Z); a run without a start time\n"
    "                           counts from its file's import\n"
    "  -n, --dry-run            count what would be copied, copy nothing\n"
    "  -q, --quiet              print nothing on success\n"
    "      --db <path>|<uri>    the database to copy into (default: $KVPERF_DB,\n"
    "                           else ./kvperf.db)\n"
    "  -h, --help               show this help\n"
    "\n"
    "exit status: 0 ok, 1 failure (such as a server that cannot be reached),\n"
    "2 usage error, 65 a metric the database stores with another unit, direction\n"
    "or kind, 66 no database to copy from\n",
    "copy sources from another database (a server) into this one"};

/* getopt_long's value for --since. */
#define OPT_SINCE 1001

struct args {
	const char *other; /* --to or --from */
	struct kv_db_copy_filter f;
	char since[KV_TIME_SIZE]; /* f.since's storage */
	bool quiet;
};

/* A --since value: "YYYY-MM-DD", or a UTC time "YYYY-MM-DDTHH:MM:SS[.frac]Z",
 * checked against the calendar; into out in the stored form (midnight for
 * a date), which compares as text with the stored times. */
static bool parse_since(const char *s, char *out)
{
	char msg[200];
	size_t len = strlen(s);

	if (len != 10 && (len < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
			  s[len - 1] != 'Z' || (len > 20 && s[19] != '.'))) {
		return false;
	}
	return kv_time_norm(s, out, msg, sizeof(msg));
}

/* Parses the options of push (pull false) or pull into a; returns -1 when
 * the command should go on, else the exit code (after --help, or a usage
 * error). */
static int parse(const struct kv_cmd *cmd, bool pull, int argc, char **argv, struct args *a,
		 struct kv_global *g)
{
	static const struct option push_opts[] = {
	    {"to", required_argument, NULL, 't'}, {"dry-run", no_argument, NULL, 'n'},
	    {"quiet", no_argument, NULL, 'q'},    {"db", required_argument, NULL, KV_OPT_DB},
	    {"help", no_argument, NULL, 'h'},     {NULL, 0, NULL, 0},
	};
	static const struct option pull_opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"config", required_argument, NULL, 'c'},
	    {"since", required_argument, NULL, OPT_SINCE},
	    {"dry-run", no_argument, NULL, 'n'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"db", required_argument, NULL, KV_OPT_DB},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const struct option *longopts = pull ? pull_opts : push_opts;
	int c;

	memset(a, 0, sizeof(*a));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, pull ? ":f:c:nqh" : ":t:nqh", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
		case 'f':
			if (optarg[0] == '\0') {
				return kv_cli_usage_error(cmd, "--%s needs a path or a URI",
							  pull ? "from" : "to");
			}
			a->other = optarg;
			break;
		case 'c':
			if (optarg[0] == '\0') {
				return kv_cli_usage_error(cmd, "--config needs a name");
			}
			a->f.config = optarg;
			break;
		case OPT_SINCE:
			if (!parse_since(optarg, a->since)) {
				return kv_cli_usage_error(cmd,
							  "--since '%s': expected a UTC date or "
							  "time such as 2026-01-31 or "
							  "2026-01-31T12:00:00Z",
							  optarg);
			}
			a->f.since = a->since;
			break;
		case 'n':
			a->f.dry_run = true;
			break;
		case 'q':
			a->quiet = true;
			break;
		case KV_OPT_DB:
			g->db = optarg;
			break;
		case 'h':
			fputs(cmd->usage, stdout);
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
	if (a->other == NULL) {
		return kv_cli_usage_error(cmd, "%s needs %s <path>|<uri>", cmd->name,
					  pull ? "--from" : "--to");
	}
	return -1;
}

/* "pushed 3 sources (5 runs, 120 samples) to b.db; 214 already there" */
static void summary(const char *verb, const char *dir, const char *where,
		    const struct kv_db_copy_stats *st)
{
	kv_fprintf_line(
	    stdout, "%s %zu source%s (%zu run%s, %" PRId64 " sample%s) %s %s; %zu already there",
	    verb, st->sources, st->sources == 1 ? "" : "s", st->runs, st->runs == 1 ? "" : "s",
	    st->samples, st->samples == 1 ? "" : "s", dir, where, st->present);
}

/* What push and pull share: copies from -> to; the target was made by
 * this run when made (a failure that copied nothing removes it). */
static int copy(struct kv_db *from, struct kv_db *to, bool made, const struct args *a,
		const char *verb, const char *dir, const char *where)
{
	struct kv_db_copy_stats st;
	struct kv_error err;
	int code = 0;

	kv_error_clear(&err);
	if (kv_db_copy(from, to, &a->f, &st, &err) < 0) {
		code = kv_cli_fail(&err);
		if (st.sources > 0) {
			fprintf(stderr,
				"kvperf: stopped there; the %zu source%s before it stay%s "
				"copied\n",
				st.sources, st.sources == 1 ? "" : "s", st.sources == 1 ? "s" : "");
		}
	} else if (!a->quiet) {
		summary(verb, dir, where, &st);
	}
	kv_db_close(from);
	if (code != 0 && made) {
		kv_db_close_unused(to); /* a first copy that fails leaves no empty database */
	} else {
		kv_db_close(to);
	}
	return code;
}

static int run_push(int argc, char **argv, struct kv_global *g)
{
	struct args a;
	struct kv_db *from, *to;
	char *shown;
	bool made;
	int code;

	if ((code = parse(&kv_cmd_push, false, argc, argv, &a, g)) >= 0) {
		return code;
	}
	if ((from = kv_cli_open_db(g, 0, &code)) == NULL) {
		return code;
	}
	if ((to = kv_cli_open_target(a.other, a.f.dry_run, &made, &code)) == NULL) {
		kv_db_close(from);
		return code;
	}
	/* kv_db_path(to), which a dry run's stand-in in memory does not have */
	shown = kv_db_is_uri(a.other) ? kv_db_uri_hide_password(a.other) : kv_xstrdup(a.other);
	code = copy(from, to, made, &a, a.f.dry_run ? "would push" : "pushed", "to", shown);
	free(shown);
	return code;
}

static int run_pull(int argc, char **argv, struct kv_global *g)
{
	struct args a;
	struct kv_error err;
	struct kv_db *from, *to;
	char *shown;
	bool made;
	int code;

	if ((code = parse(&kv_cmd_pull, true, argc, argv, &a, g)) >= 0) {
		return code;
	}
	kv_error_clear(&err);
	if (kv_db_open(a.other, 0, &from, &err) < 0) {
		return kv_cli_fail(&err);
	}
	if ((to = kv_cli_open_target(kv_cli_db_path(g), a.f.dry_run, &made, &code)) == NULL) {
		kv_db_close(from);
		return code;
	}
	shown = kv_xstrdup(kv_db_path(from));
	code = copy(from, to, made, &a, a.f.dry_run ? "would pull" : "pulled", "from", shown);
	free(shown);
	return code;
}
