/*
 * test_ingest.c - importing native files: every value read back from SQLite
 * equals the input, labels and config are applied as documented, re-import
 * is a no-op, and bad input names the place and leaves no row behind; the
 * domains of units and the calendar of start times.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "ingest/isotime.h"
#include "ingest/sink.h"
#include "ingest/units.h"
#include "schema/db.h"
#include "tests/unit/tcmocka.h"
#include "tests/unit/testlib.h"

#ifndef TEST_DATA
#error "TEST_DATA must name tests/data"
#endif

static const char roundtrip[] = TEST_DATA "/native/roundtrip.json";
/* examples/samples: real outputs of the tools */
#define SAMPLES TEST_DATA "/../../examples/samples"

static struct kv_db *open_db(const char *path)
{
	struct kv_error err;
	struct kv_db *db;

	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &db, &err), 0);
	return db;
}

static int import1(struct kv_db *db, const char *file, const struct kv_import_opts *opts,
		   struct kv_import_stats *st, struct kv_error *err)
{
	const char *paths[] = {file};

	kv_error_clear(err);
	return kv_import_paths(db, paths, 1, opts, NULL, st, err);
}

/* Reads the stored samples of one run/benchmark/metric in order. */
static size_t stored(const char *dbpath, int64_t run, const char *bench, const char *metric,
		     double *out, size_t max)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	size_t n = 0;

	assert_int_equal(sqlite3_open_v2(dbpath, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h,
					    "SELECT value FROM samples_v WHERE run_id = ?1 AND "
					    "benchmark = ?2 AND metric = ?3 ORDER BY seq",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_text(st, 2, bench, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, metric, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n < max) {
		out[n++] = sqlite3_column_double(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

/* Every sample of the fixture, walked with jansson, equals what SQLite holds, bit for bit. */
static void every_sample_round_trips_exactly(void **state)
{
	char *path = t_tmp_path("rt.db");
	struct kv_db *db = open_db(path);
	struct kv_import_opts opts = {0};
	struct kv_import_stats st;
	struct kv_error err;
	json_error_t jerr;
	json_t *root, *run, *b, *m, *v;
	size_t ir, ib, im, iv, total = 0;

	(void)state;
	assert_int_equal(import1(db, roundtrip, &opts, &st, &err), 0);
	kv_db_close(db);
	assert_int_equal(st.imported, 1);
	assert_int_equal(st.runs, 2);
	root = json_load_file(roundtrip, 0, &jerr);
	assert_non_null(root);
	json_array_foreach(json_object_get(root, "runs"), ir, run)
	{
		json_array_foreach(json_object_get(run, "benchmarks"), ib, b)
		{
			const char *bench = json_string_value(json_object_get(b, "name"));
			json_array_foreach(json_object_get(b, "metrics"), im, m)
			{
				const char *metric = json_string_value(json_object_get(m, "name"));
				json_t *samples = json_object_get(m, "samples");
				double got[64];
				size_t n = stored(path, (int64_t)ir + 1, bench, metric, got, 64);
				assert_int_equal(n, json_array_size(samples));
				json_array_foreach(samples, iv, v)
				{
					double want = json_number_value(v);
					/* Bit for bit, but SQLite stores -0.0 as 0. */
					if (want < 0 || want > 0) {
						assert_memory_equal(&got[iv], &want,
								    sizeof(double));
					} else {
						assert_false(got[iv] < 0 || got[iv] > 0);
					}
					total++;
				}
			}
		}
	}
	json_decref(root);
	assert_int_equal(total, st.samples);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM sample"), 17);
	free(path);
}

static void config_labels_and_params_follow_the_rules(void **state)
{
	char *path = t_tmp_path("rules.db");
	struct kv_db *db = open_db(path);
	struct kv_import_opts opts = {0};
	struct kv_import_stats st;
	struct kv_error err;

	(void)state;
	assert_int_equal(import1(db, roundtrip, &opts, &st, &err), 0);
	kv_db_close(db);
	/* The run's own config and labels replace the file's defaults. */
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM run WHERE id = 1 AND config = "
					 "'file-config' AND host = 'node-7' AND tool = 'synthetic' "
					 "AND tool_version = '2.0' AND start_time = "
					 "'2026-11-25T01:11:00Z'"),
			 1);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM run WHERE id = 2 AND config = "
					 "'run-config' AND host = 'node-8'"),
			 1);
	assert_int_equal(t_sql_int(path,
				   "SELECT count(*) FROM label WHERE run_id = 1 AND ("
				   "(key = 'platform' AND value = 'kubevirt') OR (key = "
				   "'hugepages' AND value = '1Gi') OR (key = 'vcpus' AND value "
				   "= '4') OR (key = 'dedicated' AND value = 'true'))"),
			 4);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM label WHERE run_id = 2"), 5);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM label WHERE run_id = 2 AND key = "
					 "'hugepages' AND value = '2Mi'"),
			 1);
	/* Parameters in any order name one benchmark; canonical text is sorted and escaped. */
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM benchmark"), 2);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM benchmark WHERE name = 'extremes' "
					 "AND params = 'a=1,m=0.5,odd\\,key=x\\=y,z=last'"),
			 1);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM param WHERE (key = 'a' AND num = 1) "
					 "OR (key = 'm' AND num = 0.5) OR (key = 'z' AND num IS "
					 "NULL)"),
			 3);
	/* A run's tool is the one its benchmarks share when it names none. */
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM benchmark WHERE name = 'rates' AND "
					 "tool = 'other'"),
			 1);
	free(path);
}

static void command_line_overrides_the_file(void **state)
{
	char *path = t_tmp_path("override.db");
	struct kv_db *db = open_db(path);
	const struct kv_label_arg labels[] = {{"hugepages", "none"}, {"site", "lab"}};
	struct kv_import_opts opts = {.config = "forced", .labels = labels, .nlabels = 2};
	struct kv_import_stats st;
	struct kv_error err;

	(void)state;
	assert_int_equal(import1(db, roundtrip, &opts, &st, &err), 0);
	kv_db_close(db);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM run WHERE config = 'forced'"), 2);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM label WHERE key = 'hugepages' AND "
					 "value = 'none'"),
			 2);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM label WHERE key = 'site'"), 2);
	free(path);
}

static void reimport_is_a_noop_and_dry_run_writes_nothing(void **state)
{
	char *path = t_tmp_path("again.db");
	struct kv_db *db = open_db(path);
	struct kv_import_opts opts = {0};
	struct kv_import_opts dry = {.dry_run = true};
	struct kv_import_stats st;
	struct kv_error err;

	(void)state;
	assert_int_equal(import1(db, roundtrip, &dry, &st, &err), 0);
	assert_int_equal(st.samples, 17);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM source"), 0);
	assert_int_equal(import1(db, roundtrip, &opts, &st, &err), 0);
	assert_int_equal(st.imported, 1);
	assert_int_equal(import1(db, roundtrip, &opts, &st, &err), 0);
	assert_int_equal(st.imported, 0);
	assert_int_equal(st.skipped, 1);
	assert_int_equal(st.samples, 0);
	kv_db_close(db);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM source"), 1);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM sample"), 17);
	free(path);
}

struct bad_case {
	const char *text;  /* the file's content */
	const char *where; /* err.where after the file name ("" or ":1:5") */
	const char *msg;   /* a part of err.msg */
};

#define HEAD          "{\"kvperf\": 1, \"config\": \"c\", \"tool\": \"t\", "
#define BENCH(metric) "\"benchmarks\": [{\"name\": \"b\", \"metrics\": [" metric "]}]}"
#define MET(rest)     "{\"name\": \"m\", \"unit\": \"s\", \"direction\": \"lower\"" rest "}"

static const struct bad_case bad_cases[] = {
    {HEAD BENCH(MET(", \"samples\": [1, \"2\"]")), "",
     "$.benchmarks[0].metrics[0].samples[1]: expected a finite number, got a string"},
    {HEAD BENCH(MET(", \"samples\": [1, null]")), "",
     "$.benchmarks[0].metrics[0].samples[1]: expected a finite number, got null"},
    {HEAD BENCH(MET("")), "", "$.benchmarks[0].metrics[0]: missing member \"samples\""},
    {HEAD BENCH(MET(", \"samples\": []")), "", "$.benchmarks[0].metrics[0].samples: no samples"},
    {HEAD BENCH(MET(", \"samples\": 5")), "",
     "$.benchmarks[0].metrics[0].samples: expected an array, got a number"},
    {HEAD BENCH(MET(", \"sampels\": [1]")), "",
     "$.benchmarks[0].metrics[0].sampels: unknown member"},
    {HEAD BENCH("{\"name\": \"m\", \"unit\": \"s\", \"direction\": \"up\", \"samples\": [1]}"), "",
     "$.benchmarks[0].metrics[0]: direction must be \"higher\" or \"lower\""},
    {HEAD BENCH("{\"name\": \"m\", \"unit\": \"h\", \"direction\": \"lower\", \"samples\": "
		"[1e306]}"),
     "", "$.benchmarks[0].metrics[0].samples[0]: m is 1e+306 h: out of range once converted to s"},
    /* every known unit has a domain (issue 13, point 5) */
    {HEAD BENCH(MET(", \"samples\": [1, -2]")), "",
     "$.benchmarks[0].metrics[0].samples[1]: m is -2 s: a time cannot be negative"},
    {HEAD BENCH("{\"name\": \"m\", \"unit\": \"%\", \"direction\": \"lower\", \"samples\": "
		"[50, 100.25]}"),
     "", "$.benchmarks[0].metrics[0].samples[1]: m is 100.25%: a percentage must be from 0 to 100"},
    {HEAD BENCH("{\"name\": \"m\", \"unit\": \"percent\", \"direction\": \"lower\", "
		"\"samples\": [-0.5]}"),
     "", "m is -0.5 percent: a percentage must be from 0 to 100"},
    {HEAD BENCH("{\"name\": \"m\", \"unit\": \"\", \"direction\": \"lower\", \"samples\": "
		"[-1]}"),
     "", "$.benchmarks[0].metrics[0].samples[0]: m is -1: a count cannot be negative"},
    {HEAD BENCH("{\"name\": \"m\", \"unit\": \"GiB\", \"direction\": \"lower\", \"samples\": "
		"[-1e-300]}"),
     "", "m is -1e-300 GiB: a size cannot be negative"},
    {HEAD BENCH("{\"name\": \"m\", \"unit\": \"Gbit/s\", \"direction\": \"higher\", "
		"\"samples\": [-3]}"),
     "", "m is -3 Gbit/s: a bit rate cannot be negative"},
    {HEAD BENCH("{\"name\": \"m\", \"unit\": \"%cpu\", \"direction\": \"lower\", "
		"\"samples\": [350, -1]}"),
     "", "samples[1]: m is -1 %cpu: a CPU percentage cannot be negative"},
    {HEAD BENCH("{\"name\": \"m\", \"unit\": \"cores\", \"direction\": \"lower\", "
		"\"samples\": [-0.25]}"),
     "", "m is -0.25 cores: a number of cores cannot be negative"},
    /* dates against the calendar (point 8) */
    {HEAD "\"start_time\": \"2026-13-45T99:99:99Z\", " BENCH(MET(", \"samples\": [1]")), "",
     "$.start_time: \"2026-13-45T99:99:99Z\" is not a valid time: there is no month 13"},
    {HEAD "\"start_time\": \"2100-02-29\", " BENCH(MET(", \"samples\": [1]")), "",
     "$.start_time: \"2100-02-29\" is not a valid time: 2100-02 has no day 29"},
    {HEAD "\"start_time\": \"2026-11-25T01:11:00+24:00\", " BENCH(MET(", \"samples\": [1]")), "",
     "there is no UTC offset +24:00"},
    {HEAD "\"start_time\": \"9999-12-31T23:30:00-01:00\", " BENCH(MET(", \"samples\": [1]")), "",
     "it falls after year 9999 in UTC"},
    {HEAD "\"start_time\": \"2026-11-25T01:11:00.Z\", " BENCH(MET(", \"samples\": [1]")), "",
     "expected an ISO 8601 time"},
    {HEAD "\"start_time\": \"2026-11-25T1:11:00Z\", " BENCH(MET(", \"samples\": [1]")), "",
     "expected an ISO 8601 time"},
    {HEAD BENCH(MET(", \"samples\": [1]") ", " MET(", \"samples\": [2]")), "",
     "$.benchmarks[0].metrics[1]: this metric already has samples in this run"},
    {HEAD "\"benchmarks\": []}", "", "$.benchmarks: no benchmarks"},
    {HEAD "\"benchmarks\": [{\"name\": \"b\", \"metrics\": []}]}", "",
     "$.benchmarks[0].metrics: no metrics"},
    {"{\"kvperf\": 2, \"config\": \"c\"}", "", "$.kvperf: unsupported native format version"},
    {"{\"kvperf\": 1, \"tool\": \"t\", " BENCH(MET(", \"samples\": [1]")), "",
     "no configuration: give --config NAME"},
    {"{\"kvperf\": 1, \"config\": \"c\", " BENCH(MET(", \"samples\": [1]")), "",
     "$.benchmarks[0]: missing member \"tool\""},
    {HEAD "\"start_time\": \"yesterday\", " BENCH(MET(", \"samples\": [1]")), "",
     "$.start_time: expected an ISO 8601 time"},
    {HEAD "\"labels\": {\"k\": {\"deep\": 1}}, " BENCH(MET(", \"samples\": [1]")), "",
     "$.labels.k: expected a string, number or boolean, got an object"},
    {HEAD "\"labels\": {\"key with space\": []}, " BENCH(MET(", \"samples\": [1]")), "",
     "$.labels[\"key with space\"]: expected a string"},
    {HEAD "\"runs\": [], " BENCH(MET(", \"samples\": [1]")), "",
     "give either \"benchmarks\" or \"runs\""},
    {HEAD "\"runs\": [3]}", "", "$.runs[0]: expected an object, got a number"},
    {HEAD "\"benchmarks\": [{\"name\": \"b\", \"params\": {\"p\": [1]}, \"metrics\": []}]}", "",
     "$.benchmarks[0].params.p: expected a string, number or boolean, got an array"},
    {"{\"kvperf\": 1, \"config\": ", ":1:24", "unexpected token near end of file"},
    {"{\"kvperf\": 1, \"x\": NaN}", ":1:", "invalid token"},
    {"{\"kvperf\": 1, \"x\": 1e999}", ":1:", "real number overflow"},
    {"{\"kvperf\": 1, \"kvperf\": 1}", ":1:", "duplicate object key"},
    {"{\"kvperf\": 1, \"x\": \"\xff\"}", ":1:", "unable to decode byte 0xff"},
    {"[1, 2, 3]", "", "cannot tell the format of"},
    {"{\"results\": []}", "", "cannot tell the format of"},
    {"just some text\n", "", "cannot tell the format of"},
    {"", "", "empty file"},
    {"  \n\t\n", "", "file holds only white space"},
};

/* Each bad file fails with exit code 65, names the place, and adds no row. */
static void bad_input_names_the_place_and_changes_nothing(void **state)
{
	char *path = t_tmp_path("bad.db");
	struct kv_db *db = open_db(path);
	struct kv_import_opts opts = {0};
	struct kv_import_stats st;
	struct kv_error err;
	char file[600];

	(void)state;
	assert_int_equal(import1(db, roundtrip, &opts, &st, &err), 0);
	snprintf(file, sizeof(file), "%s.input.json", path);
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		char where[700];

		t_write_file(file, c->text, strlen(c->text));
		assert_int_equal(import1(db, file, &opts, &st, &err), -1);
		if (err.code != KV_EXIT_DATAERR || strstr(err.msg, c->msg) == NULL) {
			fail_msg("case %zu: got code %d, '%s: %s', wanted '%s'", i, err.code,
				 err.where, err.msg, c->msg);
		}
		/* "cannot tell the format" and "cannot open" name the file inside msg. */
		if (strstr(c->msg, "cannot tell") == NULL) {
			snprintf(where, sizeof(where), "%s%s", file, c->where);
			if (strncmp(err.where, where, strlen(where)) != 0) {
				fail_msg("case %zu: where is '%s', wanted '%s...'", i, err.where,
					 where);
			}
		} else {
			assert_non_null(strstr(err.msg, file));
			assert_non_null(strstr(err.msg, "use --format (one of: native"));
		}
	}
	kv_db_close(db);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM source"), 1);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM run"), 2);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM benchmark"), 2);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM metric"), 3);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM label"), 9);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM sample"), 17);
	free(path);
}

static void units_convert_to_canonical(void **state)
{
	const char *canon;
	double scale;

	(void)state;
	assert_true(kv_unit_canon("ms", &canon, &scale));
	assert_string_equal(canon, "s");
	assert_true(scale > 0.99999e-3 && scale < 1.00001e-3);
	assert_true(kv_unit_canon("MiB/s", &canon, &scale));
	assert_string_equal(canon, "bytes/s");
	assert_true(scale > 1048575.5 && scale < 1048576.5);
	assert_true(kv_unit_canon("Gbit/s", &canon, &scale));
	assert_string_equal(canon, "bits/s");
	assert_true(kv_unit_canon("\xc2\xb5s", &canon, &scale));
	assert_string_equal(canon, "s");
	assert_true(kv_unit_canon("%", &canon, &scale));
	assert_string_equal(canon, "percent");
	assert_false(kv_unit_canon("bogo-ops/s", &canon, &scale));
	assert_string_equal(canon, "bogo-ops/s");
	assert_true(scale > 0.5 && scale < 1.5);
	assert_string_equal(kv_unit_direction("s"), "lower");
	assert_string_equal(kv_unit_direction("bits/s"), "higher");
	assert_null(kv_unit_direction("bytes"));
}

static void units_have_domains(void **state)
{
	const char *what;

	(void)state;
	assert_int_equal(kv_unit_domain("ms", &what), KV_DOMAIN_NONNEG);
	assert_string_equal(what, "a time");
	assert_int_equal(kv_unit_domain("MiB/s", &what), KV_DOMAIN_NONNEG);
	assert_string_equal(what, "a byte rate");
	assert_int_equal(kv_unit_domain("", &what), KV_DOMAIN_NONNEG);
	assert_string_equal(what, "a count");
	assert_int_equal(kv_unit_domain("%", &what), KV_DOMAIN_PERCENT);
	assert_int_equal(kv_unit_domain("percent", &what), KV_DOMAIN_PERCENT);
	/* CPU use of several CPUs exceeds 100% */
	assert_int_equal(kv_unit_domain("%cpu", &what), KV_DOMAIN_NONNEG);
	assert_string_equal(what, "a CPU percentage");
	assert_int_equal(kv_unit_domain("cores", &what), KV_DOMAIN_NONNEG);
	/* units kvperf does not know may be negative: a temperature, a change */
	assert_int_equal(kv_unit_domain("degC", &what), KV_DOMAIN_ANY);
	assert_null(what);
	assert_int_equal(kv_unit_domain("delta", &what), KV_DOMAIN_ANY);
}

static void times_are_checked_and_stored_in_utc(void **state)
{
	static const struct {
		const char *in, *out; /* out NULL: refused, with a message holding why */
		const char *why;
	} cases[] = {
	    {"2026-11-25T01:11:00Z", "2026-11-25T01:11:00Z", NULL},
	    {"2026-11-25T01:11:00.999999999Z", "2026-11-25T01:11:00Z", NULL},
	    {"2026-11-25T01:11:00,5Z", "2026-11-25T01:11:00Z", NULL},
	    {"2026-11-25T03:41:00+02:30", "2026-11-25T01:11:00Z", NULL},
	    {"2026-11-25T03:41:00+0230", "2026-11-25T01:11:00Z", NULL},
	    {"2026-11-25T03:11:00+02", "2026-11-25T01:11:00Z", NULL},
	    {"2026-11-24T23:11:00-02:00", "2026-11-25T01:11:00Z", NULL},
	    {"2026-12-31T23:00:00-01:00", "2027-01-01T00:00:00Z", NULL},
	    {"2026-11-25 01:11:00", "2026-11-25T01:11:00Z", NULL},
	    {"2026-11-25T01:11", "2026-11-25T01:11:00Z", NULL},
	    {"2026-11-25", "2026-11-25T00:00:00Z", NULL},
	    {"2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z", NULL},
	    {"2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z", NULL},
	    {"2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z", NULL},
	    {"2016-12-31T15:59:60-08:00", "2016-12-31T23:59:59Z", NULL},
	    {"1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z", NULL},
	    {"0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z", NULL},
	    {"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", NULL},
	    {"2026-02-29T00:00:00Z", NULL, "2026-02 has no day 29"},
	    {"1900-02-29T00:00:00Z", NULL, "1900-02 has no day 29"},
	    {"2026-06-31", NULL, "2026-06 has no day 31"},
	    {"2026-01-00", NULL, "2026-01 has no day 0"},
	    {"2026-00-10", NULL, "there is no month 0"},
	    {"2026-11-25T22:59:60Z", NULL, "no second 60 at 22:59 UTC"},
	    {"2026-11-25T10:60:00Z", NULL, "there is no minute 60"},
	    {"2026-11-25T10:00:61Z", NULL, "there is no second 61"},
	    {"2026-11-25T10:00:00-00:60", NULL, "there is no UTC offset -00:60"},
	    {"0001-01-01T00:00:00+00:01", NULL, "before year 1"},
	    {"2026-11-25T10:00:00 Z", NULL, "expected an ISO 8601 time"},
	    {"2026-11-25T10:00:00Zjunk", NULL, "expected an ISO 8601 time"},
	    {"26-11-25", NULL, "expected an ISO 8601 time"},
	    {"", NULL, "expected an ISO 8601 time"},
	};
	char out[KV_TIME_SIZE], msg[400];
	double secs;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool ok = kv_time_norm(cases[i].in, out, msg, sizeof(msg));
		if (cases[i].out != NULL && (!ok || strcmp(out, cases[i].out) != 0)) {
			fail_msg("'%s': got %s '%s', wanted '%s'", cases[i].in, ok ? "" : "refused",
				 ok ? out : msg, cases[i].out);
		}
		if (cases[i].out == NULL && (ok || strstr(msg, cases[i].why) == NULL)) {
			fail_msg("'%s': got '%s', wanted a refusal with '%s'", cases[i].in,
				 ok ? out : msg, cases[i].why);
		}
	}
	/* the seconds keep the fraction; RFC 3339 wants seconds and an offset */
	assert_true(kv_time_epoch("1970-01-01T00:00:01.25+00:00", true, &secs, msg, sizeof(msg)));
	assert_true(secs > 1.2499 && secs < 1.2501);
	assert_false(kv_time_epoch("1970-01-01T00:00:01", true, &secs, msg, sizeof(msg)));
	assert_false(kv_time_epoch("1970-01-01T00:00Z", true, &secs, msg, sizeof(msg)));
	assert_true(kv_time_epoch("1970-01-01T00:00Z", false, &secs, msg, sizeof(msg)));
	/* seconds since 1970: whole seconds, floor, within the years 0001 to 9999 */
	assert_true(kv_time_from_epoch(0, out));
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	assert_true(kv_time_from_epoch(-0.5, out));
	assert_string_equal(out, "1969-12-31T23:59:59Z");
	assert_true(kv_time_from_epoch(1795569515.9, out));
	assert_string_equal(out, "2026-11-25T01:18:35Z");
	assert_true(kv_time_from_epoch(-62135596800.0, out));
	assert_string_equal(out, "0001-01-01T00:00:00Z");
	assert_true(kv_time_from_epoch(253402300799.0, out));
	assert_string_equal(out, "9999-12-31T23:59:59Z");
	assert_false(kv_time_from_epoch(253402300800.0, out));
	assert_false(kv_time_from_epoch(-62135596801.0, out));
	assert_false(kv_time_from_epoch(1e300, out));
	assert_false(kv_time_from_epoch(NAN, out));
}

static void params_are_canonical(void **state)
{
	const struct kv_db_param p[] = {
	    {"rw", "randread", false, 0}, {"bs", "4k", false, 0}, {"iodepth", "32", true, 32}};
	const struct kv_db_param dup[] = {{"bs", "4k", false, 0}, {"bs", "8k", false, 0}};
	struct kv_error err;
	char *s;

	(void)state;
	assert_int_equal(kv_params_canon(p, 3, &s, &err), 0);
	assert_string_equal(s, "bs=4k,iodepth=32,rw=randread");
	free(s);
	assert_int_equal(kv_params_canon(NULL, 0, &s, &err), 0);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(kv_params_canon(dup, 2, &s, &err), -1);
	assert_non_null(strstr(err.msg, "parameter 'bs' given twice"));
}

/* fio writes notes to stdout ("note: both iodepth >= 1 and synchronous I/O
 * engine ..."), so they end up before the JSON of --output-format=json: such
 * a file is fio's without --format (issue 14); text before other JSON is not. */
static void fio_json_after_notes_is_detected(void **state)
{
	static const char notes[] =
	    "note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth "
	    "will be capped at 1\n"
	    "note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth "
	    "will be capped at 1\n";
	char *path = t_tmp_path("notes.db"), *fio = t_tmp_path("randread-notes.json");
	char *other = t_tmp_path("other-notes.txt");
	struct kv_db *db = open_db(path);
	struct kv_import_opts opts = {.config = "c"};
	struct kv_import_stats st;
	struct kv_error err;
	char *json;
	size_t len;

	(void)state;
	assert_int_equal(
	    kv_read_input(SAMPLES "/fio/baseline/randread-bs4k-r1.json", 0, &json, &len, &err), 0);
	char *text = malloc(sizeof(notes) - 1 + len);
	assert_non_null(text);
	memcpy(text, notes, sizeof(notes) - 1);
	memcpy(text + sizeof(notes) - 1, json, len);
	t_write_file(fio, text, sizeof(notes) - 1 + len);
	assert_int_equal(import1(db, fio, &opts, &st, &err), 0);
	assert_int_equal(st.imported, 1);
	assert_int_equal(st.runs, 1);
	/* not fio's JSON after the notes: no format is guessed */
	memcpy(text + sizeof(notes) - 1, "{\n  \"fio\": 1\n}\n", 15);
	t_write_file(other, text, sizeof(notes) - 1 + 15);
	assert_int_equal(import1(db, other, &opts, &st, &err), -1);
	assert_int_equal(err.code, KV_EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "cannot tell the format"));
	kv_db_close(db);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM source WHERE format = 'fio'"), 1);
	free(text);
	free(json);
	free(path);
	free(fio);
	free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_sample_round_trips_exactly),
	    cmocka_unit_test(config_labels_and_params_follow_the_rules),
	    cmocka_unit_test(command_line_overrides_the_file),
	    cmocka_unit_test(reimport_is_a_noop_and_dry_run_writes_nothing),
	    cmocka_unit_test(bad_input_names_the_place_and_changes_nothing),
	    cmocka_unit_test(units_convert_to_canonical),
	    cmocka_unit_test(units_have_domains),
	    cmocka_unit_test(times_are_checked_and_stored_in_utc),
	    cmocka_unit_test(params_are_canonical),
	    cmocka_unit_test(fio_json_after_notes_is_detected),
	};
	return cmocka_run_group_tests_name("ingest", tests, NULL, NULL);
}
