/*
 * cli.h - what the subcommands share: global options, the command table,
 * opening the database, usage errors.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "schema/db.h"
#include "util/error.h"

/* Options that every command accepts. */
struct kv_global {
	const char *db; /* --db PATH, or NULL: $KVPERF_DB, else ./kvperf.db */
};

struct kv_cmd {
	const char *name;
	int (*run)(int argc, char **argv, struct kv_global *g); /* returns an exit code */
	const char *usage;   /* synopsis and options, printed by --help */
	const char *summary; /* one line for `kvperf help` */
};

extern const struct kv_cmd kv_cmd_import, kv_cmd_runs, kv_cmd_compare, kv_cmd_report,
    kv_cmd_formats, kv_cmd_trend, kv_cmd_push, kv_cmd_pull;

/* Returns the command called name, or NULL. */
const struct kv_cmd *kv_cli_find(const char *name);
/* Prints every command with its summary. */
void kv_cli_list(FILE *f);

/* Whether text output is coloured: mode 0 auto (standard output is a
 * terminal, NO_COLOR is unset or empty and TERM is not "dumb"), 1 always,
 * 2 never. */
bool kv_cli_color(int mode);
/* The width text output fits: $COLUMNS, else the terminal's, else 100. */
int kv_cli_width(void);

/* The database path the options and environment select. */
const char *kv_cli_db_path(const struct kv_global *g);
/* Opens the selected database with kv_db_open()'s flags; prints the error
 * and returns NULL on failure, with *code set to the exit code. */
struct kv_db *kv_cli_open_db(const struct kv_global *g, int flags, int *code);

/* Opens target, a database written to (import, push, pull's local one):
 * created if need be.  A dry run changes nothing: it reads the target as
 * it is, or an empty database in memory when there is none yet (no file,
 * or a server database without kvperf's tables).  *made: the handle may
 * have created the database.  Prints the error and returns NULL on
 * failure, with *code set to the exit code. */
struct kv_db *kv_cli_open_target(const char *target, bool dry_run, bool *made, int *code);

/* Prints "kvperf: <fmt...>", the first line of the command's usage and where
 * to read the rest to stderr; returns 2. */
int kv_cli_usage_error(const struct kv_cmd *cmd, const char *fmt, ...) KV_PRINTF(2, 3);
/* The candidate within typing distance of word (edit distance at most a
 * third of its length, or a unique candidate word is the start of), or
 * NULL: for "did you mean". */
const char *kv_cli_suggest(const char *word, const char *const *cands, size_t n);
struct option;
/* Prints "kvperf: unknown option 'ARG'", "did you mean" the closest of
 * longopts (cmd NULL: the global options), and the one-line usage; returns 2. */
int kv_cli_unknown_option(const struct kv_cmd *cmd, const struct option *longopts, const char *arg);
/* Prints the error once and returns its exit code. */
int kv_cli_fail(const struct kv_error *err);

struct kv_trend_orderfile;
/* Reads and parses an --order-file (trend and report --order-file share
 * it); returns 0, or the exit code after printing "kvperf: PATH: ...". */
int kv_cli_read_order_file(const char *path, struct kv_trend_orderfile *f);

/* getopt_long's value for --db in every command. */
#define KV_OPT_DB 1000

#endif
