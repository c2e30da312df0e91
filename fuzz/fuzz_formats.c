/*
 * fuzz_formats.c - libFuzzer target for every input format.  The first byte
 * picks the format: 0 is detection, k is the k-th format of kv_formats()
 * (the table `kvperf formats` prints, so a new format is fuzzed without an
 * edit here), taken modulo the number of formats + 1.  The rest is the
 * file.  Each input is imported into an in-memory database inside a
 * transaction that is rolled back, so the adapters, the sink and the SQL
 * all run.  An input that leaves a descriptor open aborts.
 *
 * build: meson setup build-fuzz -Dfuzz=true -Dtests=false (with CC=clang)
 * run:   build-fuzz/fuzz/fuzz_formats -max_total_time=600 CORPUS_DIR
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_common.h"
#include "ingest/ingest.h"
#include "schema/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kv_db *db;
static char path[4200];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kv_import_opts opts = {.config = "fuzz", .dry_run = true};
	struct kv_import_stats st;
	struct kv_error err;
	const char *paths[1] = {path};
	size_t nformats;
	const struct kv_format_info *formats = kv_formats(&nformats);

	if (db == NULL) {
		if (kv_db_open(":memory:", KV_DB_CREATE, &db, &err) < 0) {
			abort();
		}
		snprintf(path, sizeof(path), "%s/input", fuzz_scratch());
	}
	if (size < 1) {
		return 0;
	}
	size_t pick = data[0] % (nformats + 1);
	opts.format = pick == 0 ? NULL : formats[pick - 1].name;
	if (fuzz_write_file(path, data + 1, size - 1) < 0) {
		return 0;
	}
	int fds = fuzz_open_fds();
	kv_error_clear(&err);
	kv_import_paths(db, paths, 1, &opts, NULL, &st, &err);
	if (fuzz_open_fds() != fds) {
		fprintf(stderr, "fuzz_formats: a descriptor was left open\n");
		abort();
	}
	/* any error must name a place and say what went wrong */
	if (err.code != 0 && err.msg[0] == '\0') {
		abort();
	}
	return 0;
}
