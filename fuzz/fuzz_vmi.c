/*
 * fuzz_vmi.c - libFuzzer target for `kvperf import --vmi FILE`: the input
 * is the VirtualMachineInstance (or VirtualMachine, or List) document, YAML
 * or JSON, read as labels for the runs of a small valid result file that
 * stays the same.  It runs the command itself (cli/cmd_import.c, through
 * cli/main.c's main renamed kv_cli_main), so the option handling, the merge
 * with --label (which wins) and the labels' checks in the sink all run:
 *
 *   kvperf --db DB import --vmi INPUT --label kubevirt.node=fixed -n -q RESULT
 *
 * DB is an empty database made once (opening one is much faster than
 * making its schema in memory for each input); a dry run leaves it as it
 * was, so every input sees the same.
 *
 * build: meson setup build-fuzz -Dfuzz=true -Dtests=false (with CC=clang)
 * run:   build-fuzz/fuzz/fuzz_vmi -close_fd_mask=2 -max_total_time=600 CORPUS_DIR
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_common.h"
#include "schema/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int kv_cli_main(int argc, char **argv); /* cli/main.c's main */

/* The result file every VMI labels: one run, one benchmark, one sample. */
static const char result[] =
    "{\"kvperf\": 1, \"config\": \"fuzz\", \"tool\": \"fuzz\", \"runs\": [{\"benchmarks\": "
    "[{\"name\": \"b\", \"metrics\": [{\"name\": \"m\", \"unit\": \"s\", "
    "\"direction\": \"lower\", \"samples\": [1]}]}]}]}\n";

static char vmi_path[4200], result_path[4200], db_path[4200];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Static, not on the stack: glibc's getopt keeps a pointer into the
	 * last option it read from one call of the command to the next. */
	static char arg0[] = "kvperf", db_opt[] = "--db", import[] = "import", vmi_opt[] = "--vmi",
		    label_opt[] = "--label", label[] = "kubevirt.node=fixed", dry[] = "-n",
		    quiet[] = "-q";
	char *argv[] = {arg0,      db_opt, db_path, import, vmi_opt,     vmi_path,
			label_opt, label,  dry,     quiet,  result_path, NULL};
	struct kv_db *db;
	struct kv_error err;
	int fds;

	if (result_path[0] == '\0') {
		const char *dir = fuzz_scratch();
		snprintf(vmi_path, sizeof(vmi_path), "%s/vmi.yaml", dir);
		snprintf(result_path, sizeof(result_path), "%s/result.json", dir);
		snprintf(db_path, sizeof(db_path), "%s/kvperf.db", dir);
		if (fuzz_write_file(result_path, result, strlen(result)) < 0 ||
		    kv_db_open(db_path, KV_DB_CREATE, &db, &err) < 0) {
			abort();
		}
		kv_db_close(db);
	}
	if (fuzz_write_file(vmi_path, data, size) < 0) {
		return 0;
	}
	fds = fuzz_open_fds();
	int code = kv_cli_main((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv);
	/* 0: imported with the VMI's labels; 65: a bad VMI document (or labels
	 * the sink refuses); anything else is a bug (2 would be a usage error) */
	if (code != 0 && code != 65) {
		fprintf(stderr, "fuzz_vmi: kvperf import exited %d\n", code);
		abort();
	}
	if (fuzz_open_fds() != fds) {
		fprintf(stderr, "fuzz_vmi: a descriptor was left open\n");
		abort();
	}
	return 0;
}
