/* test_db.c - opening, creating and migrating the database; write checks. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schema/db.h"
#include "schema/migrate.h"
#include "tests/unit/tcmocka.h"
#include "tests/unit/testlib.h"

static void fresh_database_has_current_schema(void **state)
{
	char *path = t_tmp_path("fresh.db");
	struct kv_error err;
	struct kv_db *db;

	(void)state;
	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &db, &err), 0);
	kv_db_close(db);
	assert_int_equal(t_sql_int(path, "PRAGMA user_version"), KV_SCHEMA_VERSION);
	assert_int_equal(t_sql_int(path, "PRAGMA application_id"), KV_DB_APPLICATION_ID);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM pragma_journal_mode WHERE "
					 "journal_mode = 'wal'"),
			 1);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name IN "
					 "('source','run','label','benchmark','param','metric',"
					 "'sample','run_metric','samples_v','runs_v','metrics_v')"),
			 11);
	/* Opening again changes nothing. */
	assert_int_equal(kv_db_open(path, 0, &db, &err), 0);
	kv_db_close(db);
	assert_int_equal(t_sql_int(path, "PRAGMA user_version"), KV_SCHEMA_VERSION);
	free(path);
}

static void missing_database_without_create_is_an_error(void **state)
{
	char *path = t_tmp_path("none.db");
	struct kv_error err;
	struct kv_db *db;

	(void)state;
	assert_int_equal(kv_db_open(path, 0, &db, &err), -1);
	assert_null(db);
	assert_non_null(strstr(err.msg, "no database at"));
	free(path);
}

static void newer_database_is_refused(void **state)
{
	char *path = t_tmp_path("newer.db");
	struct kv_error err;
	struct kv_db *db;

	(void)state;
	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &db, &err), 0);
	kv_db_close(db);
	t_sql_exec(path, "PRAGMA user_version = 99");
	assert_int_equal(kv_db_open(path, 0, &db, &err), -1);
	assert_non_null(strstr(err.msg, "schema version 99 is newer"));
	assert_int_equal(t_sql_int(path, "PRAGMA user_version"), 99);
	free(path);
}

static void foreign_database_is_refused_and_untouched(void **state)
{
	char *path = t_tmp_path("foreign.db");
	struct kv_error err;
	struct kv_db *db;

	(void)state;
	t_sql_exec(path, "CREATE TABLE mine (x); INSERT INTO mine VALUES (42)");
	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &db, &err), -1);
	assert_int_equal(err.code, KV_EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "not a kvperf database"));
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM sqlite_schema"), 1);
	assert_int_equal(t_sql_int(path, "SELECT x FROM mine"), 42);
	/* Refused before anything was written: still in rollback-journal mode. */
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM pragma_journal_mode WHERE "
					 "journal_mode = 'delete'"),
			 1);
	assert_int_equal(kv_db_open(path, 0, &db, &err), -1);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM pragma_journal_mode WHERE "
					 "journal_mode = 'delete'"),
			 1);
	free(path);
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static void unused_new_database_is_removed(void **state)
{
	char *path = t_tmp_path("unused.db");
	char wal[1024];
	struct kv_error err;
	struct kv_db *db, *other;

	(void)state;
	snprintf(wal, sizeof(wal), "%s-wal", path);
	/* created by this handle, nothing imported: removed with its -wal and -shm */
	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &db, &err), 0);
	assert_true(exists(path) && exists(wal));
	assert_true(kv_db_close_unused(db));
	assert_false(exists(path) || exists(wal));
	/* not created by this handle: kept */
	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &db, &err), 0);
	kv_db_close(db);
	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &db, &err), 0);
	assert_false(kv_db_close_unused(db));
	assert_true(exists(path));
	unlink(path);
	/* another connection has it open (a second first import): kept, in WAL */
	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &db, &err), 0);
	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &other, &err), 0);
	assert_false(kv_db_close_unused(db));
	assert_true(exists(path));
	kv_db_close(other);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM pragma_journal_mode WHERE "
					 "journal_mode = 'wal'"),
			 1);
	/* something imported: kept */
	unlink(path);
	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &db, &err), 0);
	struct kv_db_source src = {
	    .sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	    .path = "a",
	    .format = "native",
	    .size = 1};
	int64_t id;
	assert_int_equal(kv_db_begin(db, &err), 0);
	assert_int_equal(kv_db_add_source(db, &src, &id, &err), 0);
	assert_int_equal(kv_db_commit(db, &err), 0);
	assert_false(kv_db_close_unused(db));
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM source"), 1);
	free(path);
}

static void text_file_is_not_a_database(void **state)
{
	char *path = t_tmp_path("text.db");
	struct kv_error err;
	struct kv_db *db;

	(void)state;
	t_write_file(path, "this is not a database, just text that is long enough\n", 54);
	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &db, &err), -1);
	assert_int_equal(err.code, KV_EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "not a database"));
	free(path);
}

/* A three-version history, to test the migration engine itself. */
static const struct kv_migration steps[] = {
    {2, "ALTER TABLE a ADD COLUMN y DEFAULT 7", NULL},
    {3, "CREATE TABLE b (z); INSERT INTO b SELECT x FROM a", NULL},
};
static const struct kv_schema_def v3 = {3, "CREATE TABLE a (x, y DEFAULT 7); CREATE TABLE b (z)",
					steps, 2};

static sqlite3 *open_raw(const char *path)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	return h;
}

static void older_schema_is_migrated_forward(void **state)
{
	static const struct kv_schema_def v1 = {1, "CREATE TABLE a (x)", NULL, 0};
	char *path = t_tmp_path("old.db");
	struct kv_error err;
	sqlite3 *h = open_raw(path);

	(void)state;
	assert_int_equal(kv_schema_migrate(h, path, &v1, &err), 0);
	assert_int_equal(sqlite3_exec(h, "INSERT INTO a VALUES (1), (2)", NULL, NULL, NULL), 0);
	assert_int_equal(kv_schema_migrate(h, path, &v3, &err), 0);
	sqlite3_close(h);
	assert_int_equal(t_sql_int(path, "PRAGMA user_version"), 3);
	assert_int_equal(t_sql_int(path, "SELECT sum(x) FROM a"), 3);
	assert_int_equal(t_sql_int(path, "SELECT sum(y) FROM a"), 14);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM b"), 2);
	/* Migrated and fresh end with the same columns. */
	char *fresh = t_tmp_path("fresh3.db");
	h = open_raw(fresh);
	assert_int_equal(kv_schema_migrate(h, fresh, &v3, &err), 0);
	sqlite3_close(h);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM sqlite_schema m, "
					 "pragma_table_info(m.name) p"),
			 t_sql_int(fresh, "SELECT count(*) FROM sqlite_schema m, "
					  "pragma_table_info(m.name) p"));
	free(path);
	free(fresh);
}

static void failed_migration_rolls_back(void **state)
{
	static const struct kv_schema_def v1 = {1, "CREATE TABLE a (x)", NULL, 0};
	static const struct kv_migration bad[] = {
	    {2, "ALTER TABLE a ADD COLUMN y", NULL},
	    {3, "CREATE TABLE b (z); THIS IS NOT SQL", NULL},
	};
	static const struct kv_schema_def bad3 = {3, "", bad, 2};
	char *path = t_tmp_path("bad.db");
	struct kv_error err;
	sqlite3 *h = open_raw(path);

	(void)state;
	assert_int_equal(kv_schema_migrate(h, path, &v1, &err), 0);
	assert_int_equal(sqlite3_exec(h, "INSERT INTO a VALUES (5)", NULL, NULL, NULL), 0);
	assert_int_equal(kv_schema_migrate(h, path, &bad3, &err), -1);
	assert_non_null(strstr(err.msg, "migration to schema version 3 failed"));
	sqlite3_close(h);
	/* Step 2 was applied inside the same transaction, and is gone too. */
	assert_int_equal(t_sql_int(path, "PRAGMA user_version"), 1);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM pragma_table_info('a')"), 1);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'b'"), 0);
	assert_int_equal(t_sql_int(path, "SELECT x FROM a"), 5);
	free(path);
}

static void missing_step_is_an_error(void **state)
{
	static const struct kv_schema_def v1 = {1, "CREATE TABLE a (x)", NULL, 0};
	static const struct kv_schema_def gap = {3, "", steps + 1, 1};
	char *path = t_tmp_path("gap.db");
	struct kv_error err;
	sqlite3 *h = open_raw(path);

	(void)state;
	assert_int_equal(kv_schema_migrate(h, path, &v1, &err), 0);
	assert_int_equal(kv_schema_migrate(h, path, &gap, &err), -1);
	assert_non_null(strstr(err.msg, "no migration from schema version 1 to 2"));
	sqlite3_close(h);
	assert_int_equal(t_sql_int(path, "PRAGMA user_version"), 1);
	free(path);
}

static void metric_conflicts_and_duplicate_samples(void **state)
{
	char *path = t_tmp_path("w.db");
	struct kv_error err;
	struct kv_db *db;
	int64_t src, run, bench, metric, again;
	const double v[] = {1.5, 2.5};

	(void)state;
	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &db, &err), 0);
	assert_int_equal(kv_db_begin(db, &err), 0);
	struct kv_db_source s = {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
				 "x.json", "native", 10, NULL};
	assert_int_equal(kv_db_add_source(db, &s, &src, &err), 0);
	struct kv_db_run r = {src, 0, "base", NULL, NULL, "t", NULL};
	assert_int_equal(kv_db_add_run(db, &r, &run, &err), 0);
	assert_int_equal(kv_db_benchmark(db, "t", "b", "", NULL, 0, &bench, &err), 0);
	assert_int_equal(kv_db_metric(db, bench, "m", "s", "ms", "lower", "sample", &metric, &err),
			 0);
	assert_int_equal(kv_db_metric(db, bench, "m", "s", "us", "lower", "sample", &again, &err),
			 0);
	assert_int_equal(again, metric);
	assert_int_equal(
	    kv_db_metric(db, bench, "m", "bytes", "B", "lower", "sample", &again, &err), -1);
	assert_int_equal(err.code, KV_EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "stored in 's'"));
	assert_int_equal(kv_db_metric(db, bench, "m", "s", "s", "higher", "sample", &again, &err),
			 -1);
	assert_non_null(strstr(err.msg, "lower-is-better"));
	assert_int_equal(kv_db_metric(db, bench, "m", "s", "s", "lower", "summary", &again, &err),
			 -1);
	assert_non_null(strstr(err.msg, "stored as a sample, this file gives a summary"));
	assert_int_equal(kv_db_add_samples(db, run, metric, v, 2, 0, &err), 0);
	assert_int_equal(kv_db_add_samples(db, run, metric, v, 1, 1, &err), -1);
	assert_int_equal(err.code, KV_EXIT_DATAERR);
	assert_int_equal(kv_db_commit(db, &err), 0);
	struct kv_db_counts c;
	assert_int_equal(kv_db_count(db, &c, &err), 0);
	assert_int_equal(c.samples, 2);
	kv_db_close(db);
	free(path);
}

/* Adds a source, a run of config and a metric "m" of benchmark "b"; the ids out. */
static void one_run(struct kv_db *db, const char *sha, const char *config, int64_t *run,
		    int64_t *metric)
{
	struct kv_error err;
	int64_t src, bench;
	struct kv_db_source s = {sha, "x.json", "native", 10, NULL};

	assert_int_equal(kv_db_add_source(db, &s, &src, &err), 0);
	struct kv_db_run r = {src, 0, config, NULL, NULL, "t", NULL};
	assert_int_equal(kv_db_add_run(db, &r, run, &err), 0);
	assert_int_equal(kv_db_benchmark(db, "t", "b", "", NULL, 0, &bench, &err), 0);
	assert_int_equal(kv_db_metric(db, bench, "m", "s", "s", "lower", "sample", metric, &err),
			 0);
}

/* a == b, without -Wfloat-equal's complaint: the test means exactly equal */
static bool eq(double a, double b)
{
	return !(a < b) && !(a > b);
}

static double sql_double(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	double v;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void aggregates_are_kept_with_the_samples(void **state)
{
	char *path = t_tmp_path("agg.db");
	struct kv_error err;
	struct kv_db *db;
	int64_t run, metric;
	/* ministat's running sums lose these: variance 1, mean 1e9 + 2 */
	const double v[] = {1e9 + 1, 1e9 + 2, 1e9 + 3}, more[] = {1e9 + 4, 1e9 + 5};

	(void)state;
	assert_int_equal(kv_db_open(path, KV_DB_CREATE, &db, &err), 0);
	assert_int_equal(kv_db_begin(db, &err), 0);
	one_run(db, "1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "base",
		&run, &metric);
	assert_int_equal(kv_db_add_samples(db, run, metric, v, 3, 0, &err), 0);
	assert_int_equal(kv_db_commit(db, &err), 0);
	assert_int_equal(t_sql_int(path, "SELECT n FROM run_metric"), 3);
	assert_true(eq(sql_double(path, "SELECT mean FROM run_metric"), 1e9 + 2));
	assert_true(eq(sql_double(path, "SELECT m2 FROM run_metric"), 2));
	assert_true(eq(sql_double(path, "SELECT minimum FROM run_metric"), 1e9 + 1));
	assert_true(eq(sql_double(path, "SELECT maximum FROM run_metric"), 1e9 + 3));
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM run_metric WHERE config = 'base'"),
			 1);
	/* more samples of the same run later: merged (Chan et al.) */
	assert_int_equal(kv_db_begin(db, &err), 0);
	assert_int_equal(kv_db_add_samples(db, run, metric, more, 2, 3, &err), 0);
	assert_int_equal(kv_db_commit(db, &err), 0);
	assert_int_equal(t_sql_int(path, "SELECT n FROM run_metric"), 5);
	assert_true(eq(sql_double(path, "SELECT mean FROM run_metric"), 1e9 + 3));
	assert_true(eq(sql_double(path, "SELECT m2 FROM run_metric"), 10));
	assert_true(eq(sql_double(path, "SELECT maximum FROM run_metric"), 1e9 + 5));
	/* a rolled-back import leaves no aggregate behind */
	assert_int_equal(kv_db_begin(db, &err), 0);
	one_run(db, "2123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "var", &run,
		&metric);
	assert_int_equal(kv_db_add_samples(db, run, metric, v, 3, 0, &err), 0);
	kv_db_rollback(db);
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM run_metric"), 1);
	kv_db_close(db);
	free(path);
}

/* The series loaded with and without samples agree, and the run means are
 * the samples' means. */
static void check_series(struct kv_db *db)
{
	struct kv_series_query q = {.samples = true};
	struct kv_series *a, *b;
	size_t na, nb;
	struct kv_error err;

	assert_int_equal(kv_db_load_series(db, &q, &a, &na, &err), 0);
	q.samples = false;
	assert_int_equal(kv_db_load_series(db, &q, &b, &nb, &err), 0);
	assert_int_equal(na, nb);
	assert_true(na > 0);
	for (size_t i = 0; i < na; i++) {
		assert_string_equal(a[i].config, b[i].config);
		assert_int_equal(a[i].n_runs, b[i].n_runs);
		assert_null(b[i].values);
		for (size_t j = 0; j < a[i].n_runs; j++) {
			size_t k0 = a[i].run_off[j], k1 = a[i].run_off[j + 1];
			long double sum = 0;
			assert_int_equal(k1, b[i].run_off[j + 1]);
			for (size_t k = k0; k < k1; k++) {
				sum += a[i].values[k];
			}
			double mean = (double)(sum / (long double)(k1 - k0));
			double d = a[i].run_mean[j] - mean;
			assert_true((d < 0 ? -d : d) <= 1e-15 * (mean < 0 ? -mean : mean));
			assert_true(eq(a[i].run_mean[j], b[i].run_mean[j]));
		}
		if (i > 0 && a[i].metric_id == a[i - 1].metric_id) {
			assert_true(strcmp(a[i - 1].config, a[i].config) < 0);
		}
	}
	/* one configuration, searched */
	const char *const only[] = {"constrained", "constrained"};
	q.configs = only;
	q.nconfigs = 2;
	kv_series_free(b, nb);
	assert_int_equal(kv_db_load_series(db, &q, &b, &nb, &err), 0);
	assert_int_equal(nb, na / 2);
	for (size_t i = 0; i < nb; i++) {
		assert_string_equal(b[i].config, "constrained");
	}
	kv_series_free(a, na);
	kv_series_free(b, nb);
}

static void version_2_database_gets_its_aggregates(void **state)
{
	char *path = t_tmp_path("v2.db"), *sql;
	struct kv_error err;
	struct kv_db *db;
	FILE *f = fopen(TEST_DATA "/db/v2.sql", "rb");
	long len;

	(void)state;
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	sql = calloc(1, (size_t)len + 1);
	assert_int_equal(fread(sql, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	t_sql_exec(path, sql);
	free(sql);
	assert_int_equal(t_sql_int(path, "PRAGMA user_version"), 2);
	assert_int_equal(kv_db_open(path, 0, &db, &err), 0);
	assert_int_equal(t_sql_int(path, "PRAGMA user_version"), KV_SCHEMA_VERSION);
	assert_int_equal(t_sql_int(path, "SELECT sum(n) FROM run_metric"),
			 t_sql_int(path, "SELECT count(*) FROM sample"));
	assert_int_equal(t_sql_int(path, "SELECT count(*) FROM run_metric"),
			 t_sql_int(path, "SELECT count(*) FROM (SELECT DISTINCT run_id, "
					 "metric_id FROM sample)"));
	/* runs of 5 iterations: m2, min, max as SQL computes them from the samples */
	assert_true(t_sql_int(path, "SELECT count(*) FROM run_metric WHERE n = 5") > 0);
	assert_int_equal(
	    t_sql_int(path, "SELECT count(*) FROM run_metric a JOIN (SELECT run_id, metric_id, "
			    "avg(value) AS mu, min(value) AS lo, max(value) AS hi FROM sample "
			    "GROUP BY run_id, metric_id) s USING (run_id, metric_id) "
			    "WHERE abs(a.mean - s.mu) > 1e-12 * abs(s.mu) OR a.minimum <> s.lo "
			    "OR a.maximum <> s.hi OR abs(a.m2 - (SELECT sum((x.value - s.mu) * "
			    "(x.value - s.mu)) FROM sample x WHERE x.run_id = a.run_id AND "
			    "x.metric_id = a.metric_id)) > 1e-9 * (1 + a.m2) OR a.config <> "
			    "(SELECT config FROM run WHERE id = a.run_id)"),
	    0);
	check_series(db);
	kv_db_close(db);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fresh_database_has_current_schema),
	    cmocka_unit_test(missing_database_without_create_is_an_error),
	    cmocka_unit_test(newer_database_is_refused),
	    cmocka_unit_test(foreign_database_is_refused_and_untouched),
	    cmocka_unit_test(text_file_is_not_a_database),
	    cmocka_unit_test(unused_new_database_is_removed),
	    cmocka_unit_test(older_schema_is_migrated_forward),
	    cmocka_unit_test(failed_migration_rolls_back),
	    cmocka_unit_test(missing_step_is_an_error),
	    cmocka_unit_test(metric_conflicts_and_duplicate_samples),
	    cmocka_unit_test(aggregates_are_kept_with_the_samples),
	    cmocka_unit_test(version_2_database_gets_its_aggregates),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
