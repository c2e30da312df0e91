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
    &kv_cmd_import,  &kv_cmd_runs,  &kv_cmd_compare,  &kv_cmd_report,
    &kv_cmd_formats, &cmd_help_def, &cmd_version_def,
};

static const char main_usage[] =
    "usage: kvperf [--db <path>] <command> [<args>]\n"
    "\n"
    "kvperf measures what running virtual machines on Kubernetes (KubeVirt) costs\n"
    "against a baseline: it imports benchmark results into one SQLite database\n"
    "and compares each configuration with the baseline.\n"
    "\n"
    "  --db <path>   the database (default: $KVPERF_DB, else ./kvperf.db)\n"
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

static void not_a_command(const char *name)
{
	fputs("kvperf: '", stderr);
	kv_fputs_escaped(name, stderr);
	fputs("' is not a command; see 'kvperf help'\n", stderr);
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
	fputs("\n\n", stderr);
	fputs(cmd != NULL ? cmd->usage : main_usage, stderr);
	if (cmd == NULL) {
		kv_cli_list(stderr);
	}
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
			return kv_cli_usage_error(NULL, "unknown option '%s'", argv[i]);
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
