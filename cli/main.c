/*
 * main.c - kvperf's entry point: global options, the command table, help
 * and version.
 */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"
#include "kv_config.h"
#include "util/escape.h"

static int cmd_help(int argc, char **argv, struct kv_global *g);
static int cmd_version(int argc, char **argv, struct kv_global *g);

static const struct kv_cmd cmd_help_def = {"help", cmd_help, "usage: kvperf help [<command>]\n",
					   "show help for kvperf or a command"};
static const struct kv_cmd cmd_version_def = {"version", cmd_version, "usage: kvperf version\n",
					      "print kvperf's version"};

static const struct kv_cmd *const commands[] = {
    &kv_cmd_import, &kv_cmd_runs, &kv_cmd_compare, &kv_cmd_trend, &kv_cmd_report,
    &kv_cmd_push,   &kv_cmd_pull, &kv_cmd_formats, &cmd_help_def, &cmd_version_def,
};

static const char main_usage[] =
    "usage: kvperf [--db <path>] <command> [<args>]\n"
    "\n"
    "kvperf measures what running virtual machines on Kubernetes (KubeVirt) costs\n"
    "against a baseline: it imports benchmark results into one database and\n"
    "compares each configuration with the baseline.\n"
    "\n"
    "  --db <path>   the database: a SQLite file, or a PostgreSQL server's\n"
    "                postgresql://[user@]host/dbname URI (libpq's settings:\n"
    "                PGSERVICE, PGPASSFILE, sslmode; default: $KVPERF_DB,\n"
    "                else ./kvperf.db)\n"
    "  -h, --help    show this help\n"
    "  --version     print the version\n"
    "\n"
    "commands:\n";

const struct kv_cmd *kv_cli_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(commands[i]->name, name) == 0) {
			return commands[i];
		}
	}
	return NULL;
}

void kv_cli_list(FILE *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	}
	fprintf(f, "\nSee 'kvperf help <command>' or 'man kvperf' for more.\n");
}

bool kv_cli_color(int mode)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (mode != 0) {
		return mode == 1; /* always, never */
	}
	/* auto: a terminal, unless NO_COLOR (no-color.org) or TERM=dumb says no */
	return isatty(STDOUT_FILENO) && (nc == NULL || nc[0] == '\0') &&
	       (term == NULL || strcmp(term, "dumb") != 0);
}

int kv_cli_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;

	if (env != NULL && env[0] != '\0') {
		char *end;
		long n = strtol(env, &end, 10);
		if (*end == '\0' && n > 0 && n < 100000) {
			return (int)n;
		}
	}
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		return ws.ws_col;
	}
	return 100;
}

const char *kv_cli_db_path(const struct kv_global *g)
{
	const char *env = getenv("KVPERF_DB");

	if (g->db != NULL) {
		return g->db;
	}
	return env != NULL && env[0] != '\0' ? env : "kvperf.db";
}

struct kv_db *kv_cli_open_db(const struct kv_global *g, int flags, int *code)
{
	struct kv_error err;
	struct kv_db *db;

	kv_error_clear(&err);
	if (kv_db_open(kv_cli_db_path(g), flags, &db, &err) < 0) {
		*code = kv_cli_fail(&err);
		return NULL;
	}
	return db;
}

struct kv_db *kv_cli_open_target(const char *target, bool dry_run, bool *made, int *code)
{
	struct kv_error err;
	struct kv_db *db = NULL;

	kv_error_clear(&err);
	*made = false;
	if (!dry_run) {
		*made = true;
		if (kv_db_open(target, KV_DB_CREATE | KV_DB_BULK, &db, &err) < 0) {
			*code = kv_cli_fail(&err);
			return NULL;
		}
		return db;
	}
	if (kv_db_open(target, 0, &db, &err) == 0) {
		return db;
	}
	if (err.code == KV_EXIT_NOINPUT && (kv_db_is_uri(target) || access(target, F_OK) != 0)) {
		kv_error_clear(&err);
		if (kv_db_open(":memory:", KV_DB_CREATE, &db, &err) == 0) {
			return db;
		}
	}
	*code = kv_cli_fail(&err);
	return NULL;
}

/* Optimal string alignment distance (Levenshtein with adjacent
 * transpositions) between a and b, or max + 1 when it exceeds max. */
static size_t edit_distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t rows[3][64];
	size_t *pp = rows[0], *prev = rows[1], *cur = rows[2];

	if (la >= 64 || lb >= 64 || (la > lb ? la - lb : lb - la) > max) {
		return max + 1;
	}
	for (size_t j = 0; j <= lb; j++) {
		prev[j] = j;
	}
	for (size_t i = 1; i <= la; i++) {
		size_t best;
		cur[0] = best = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d) {
				d = prev[j] + 1;
			}
			if (cur[j - 1] + 1 < d) {
				d = cur[j - 1] + 1;
			}
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < d) {
				d = pp[j - 2] + 1;
			}
			cur[j] = d;
			best = d < best ? d : best;
		}
		if (best > max) {
			return max + 1;
		}
		size_t *t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

const char *kv_cli_suggest(const char *word, const char *const *cands, size_t n)
{
	/* Close enough to be a typo: a third of the word's length, at least 1,
	 * or a candidate the word is the start of (--basel for --baseline). */
	size_t len = strlen(word), max = len / 3 > 1 ? len / 3 : 1, best = max + 1;
	const char *pick = NULL;

	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, cands[i], max);
		if (d < best) {
			best = d;
			pick = cands[i];
		}
	}
	if (pick == NULL && len >= 3) {
		for (size_t i = 0; i < n; i++) {
			if (strncmp(cands[i], word, len) == 0) {
				if (pick != NULL) {
					return NULL; /* ambiguous */
				}
				pick = cands[i];
			}
		}
	}
	return pick;
}

static void not_a_command(const char *name)
{
	const char *names[ARRAY_SIZE(commands)];
	const char *hint;

	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		names[i] = commands[i]->name;
	}
	hint = kv_cli_suggest(name, names, ARRAY_SIZE(commands));
	fputs("kvperf: '", stderr);
	kv_fputs_escaped(name, stderr);
	if (hint != NULL) {
		fprintf(stderr, "' is not a command; did you mean '%s'? See 'kvperf help'\n", hint);
	} else {
		fputs("' is not a command; see 'kvperf help'\n", stderr);
	}
}

/* After a usage error: one line of usage, not the whole page, so that the
 * error stays in sight, and where to read the rest.  cmd NULL: kvperf's. */
static void short_usage(const struct kv_cmd *cmd)
{
	const char *usage = cmd != NULL ? cmd->usage : main_usage;
	const char *nl = strchr(usage, '\n');
	int len = nl != NULL ? (int)(nl - usage) : (int)strlen(usage);

	if (cmd != NULL && cmd->name[0] != '\0') {
		fprintf(stderr, "%.*s\nSee 'kvperf %s --help'.\n", len, usage, cmd->name);
	} else {
		fprintf(stderr, "%.*s\nSee 'kvperf help'.\n", len, usage);
	}
}

int kv_cli_unknown_option(const struct kv_cmd *cmd, const struct option *longopts, const char *arg)
{
	const char *names[64], *hint;
	char want[80];
	size_t n = 0, len;

	/* Compare the option's name, without its dashes and any =value. */
	const char *name = arg;
	while (*name == '-') {
		name++;
	}
	len = strcspn(name, "=");
	snprintf(want, sizeof(want), "%.*s", (int)(len < 79 ? len : 79), name);
	for (size_t i = 0; longopts != NULL && longopts[i].name != NULL && n < 64; i++) {
		names[n++] = longopts[i].name;
	}
	hint = arg[0] == '-' && arg[1] == '-' ? kv_cli_suggest(want, names, n) : NULL;
	fputs("kvperf: unknown option '", stderr);
	kv_fputs_escaped(arg, stderr);
	if (hint != NULL) {
		fprintf(stderr, "'; did you mean '--%s'?\n", hint);
	} else {
		fputs("'\n", stderr);
	}
	short_usage(cmd);
	return KV_EXIT_USAGE;
}

int kv_cli_usage_error(const struct kv_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	char msg[1024];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fputs("kvperf: ", stderr);
	kv_fputs_escaped(msg, stderr); /* arguments echoed are data too */
	fputc('\n', stderr);
	short_usage(cmd);
	return KV_EXIT_USAGE;
}

int kv_cli_fail(const struct kv_error *err)
{
	kv_error_print(err, "kvperf");
	return err->code != 0 ? err->code : KV_EXIT_FAILURE;
}

static int cmd_help(int argc, char **argv, struct kv_global *g)
{
	const struct kv_cmd *cmd;

	(void)g;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(main_usage, stdout);
		kv_cli_list(stdout);
		return 0;
	}
	if (argc > 2) {
		return kv_cli_usage_error(&cmd_help_def, "too many arguments");
	}
	if ((cmd = kv_cli_find(argv[1])) == NULL) {
		not_a_command(argv[1]);
		return KV_EXIT_USAGE;
	}
	fputs(cmd->usage, stdout);
	return 0;
}

static int cmd_version(int argc, char **argv, struct kv_global *g)
{
	(void)g;
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(cmd_version_def.usage, stdout);
		return 0;
	}
	if (argc > 1) {
		return kv_cli_usage_error(&cmd_version_def, "too many arguments");
	}
	printf("kvperf %s\n", KV_VERSION);
	return 0;
}

int main(int argc, char **argv)
{
	struct kv_global g = {NULL};
	const struct kv_cmd *cmd;
	int i = 1;

	/* Past a file size limit (ulimit -f) a write fails with EFBIG, which
	 * kvperf reports and cleans up after, instead of dying half-way. */
	signal(SIGXFSZ, SIG_IGN);

	/* Global options come before the command; commands parse their own. */
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(main_usage, stdout);
			kv_cli_list(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("kvperf %s\n", KV_VERSION);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			g.db = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			g.db = argv[i] + 5;
			i++;
		} else {
			static const struct option global_opts[] = {
			    {"db", 1, NULL, 0}, {"help", 0, NULL, 0}, {"version", 0, NULL, 0}, {0}};
			return kv_cli_unknown_option(NULL, global_opts, argv[i]);
		}
	}
	if (i >= argc) {
		return kv_cli_usage_error(NULL, "no command given");
	}
	if ((cmd = kv_cli_find(argv[i])) == NULL) {
		not_a_command(argv[i]);
		return KV_EXIT_USAGE;
	}
	int code = cmd->run(argc - i, argv + i, &g);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "kvperf: cannot write the output\n");
		return code != 0 ? code : KV_EXIT_FAILURE;
	}
	return code;
}
