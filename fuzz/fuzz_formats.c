/*
 * fuzz_formats.c - libFuzzer target for every input format.  The first byte
 * picks the format (or detection); the rest is the file.  Each input is
 * imported into an in-memory database inside a transaction that is rolled
 * back, so the adapters, the sink and the SQL all run.
 *
 * build: meson setup build-fuzz -Dfuzz=true -Dtests=false (with CC=clang)
 * run:   build-fuzz/fuzz/fuzz_formats -max_total_time=600 CORPUS_DIR
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "schema/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kv_db *db;
static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[] = {
	    NULL,          "native",     "fio",        "iperf3",    "hyperfine",
	    "gbench",      "cyclictest", "sysbench",   "stress-ng", "kubevirt-ci",
	    "kube-burner", "kubevirt",   "k8s-netperf"};
	struct kv_import_opts opts = {.config = "fuzz", .dry_run = true};
	struct kv_import_stats st;
	struct kv_error err;
	const char *paths[1] = {path};
	FILE *f;

	if (db == NULL) {
		if (kv_db_open(":memory:", KV_DB_CREATE, &db, &err) < 0) {
			abort();
		}
		snprintf(path, sizeof(path), "/tmp/kvperf-fuzz-%d.in", (int)getpid());
	}
	if (size < 1) {
		return 0;
	}
	opts.format = formats[data[0] % (sizeof(formats) / sizeof(formats[0]))];
	if ((f = fopen(path, "wb")) == NULL) {
		return 0;
	}
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);
	kv_error_clear(&err);
	kv_import_paths(db, paths, 1, &opts, NULL, &st, &err);
	/* any error must name a place and say what went wrong */
	if (err.code != 0 && err.msg[0] == '\0') {
		abort();
	}
	return 0;
}
