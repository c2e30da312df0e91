/*
 * migrate.c - creating a fresh schema or moving an older one forward, in
 * one transaction, so a failed step leaves the database as it was.
 */
#include "schema/migrate.h"

#include <stdbool.h>
#include <stdio.h>

#include "schema/db.h"

static int pragma_int(sqlite3 *h, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		return -1;
	}
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int fail_sql(sqlite3 *h, const char *path, const char *what, struct kv_error *err)
{
	int rc = sqlite3_errcode(h);
	int code = rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT ? KV_EXIT_DATAERR : KV_EXIT_FAILURE;

	return kv_fail_file(err, code, path, "%s: %s", what, sqlite3_errmsg(h));
}

/* Applies what is missing; the caller holds the write transaction. */
static int migrate_locked(sqlite3 *h, const char *path, const struct kv_schema_def *def,
			  int version, struct kv_error *err)
{
	int appid, ntables;
	char sql[128];

	if (pragma_int(h, "PRAGMA application_id", &appid) < 0 ||
	    pragma_int(h, "SELECT count(*) FROM sqlite_schema", &ntables) < 0) {
		return fail_sql(h, path, "cannot read the database", err);
	}
	if (version == 0 && ntables > 0) {
		return kv_fail_file(err, KV_EXIT_DATAERR, path,
				    "not a kvperf database (it has tables but no kvperf schema)");
	}
	if (version > 0 && appid != KV_DB_APPLICATION_ID) {
		return kv_fail_file(err, KV_EXIT_DATAERR, path,
				    "not a kvperf database (application_id is 0x%08x)", appid);
	}
	if (version == 0) {
		if (sqlite3_exec(h, def->fresh_sql, NULL, NULL, NULL) != SQLITE_OK) {
			return fail_sql(h, path, "cannot create the schema", err);
		}
	} else {
		for (int v = version + 1; v <= def->version; v++) {
			size_t i = (size_t)(v - 2);
			if (v < 2 || i >= def->nsteps || def->steps[i].version != v) {
				return kv_fail_file(err, KV_EXIT_FAILURE, path,
						    "no migration from schema version %d to %d",
						    v - 1, v);
			}
			if (sqlite3_exec(h, def->steps[i].sql, NULL, NULL, NULL) != SQLITE_OK) {
				char what[64];
				snprintf(what, sizeof(what),
					 "migration to schema version %d failed", v);
				return fail_sql(h, path, what, err);
			}
			if (def->steps[i].fill != NULL && def->steps[i].fill(h) < 0) {
				char what[64];
				snprintf(what, sizeof(what),
					 "migration to schema version %d failed", v);
				return fail_sql(h, path, what, err);
			}
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d; PRAGMA application_id = %d",
		 def->version, KV_DB_APPLICATION_ID);
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		return fail_sql(h, path, "cannot set the schema version", err);
	}
	return 0;
}

int kv_schema_check(sqlite3 *h, const char *path, const struct kv_schema_def *def, int *version,
		    struct kv_error *err)
{
	int appid, ntables;
	/* One snapshot for the three reads: another process creating the
	 * schema between them would otherwise look like a foreign database. */
	bool txn =
	    sqlite3_get_autocommit(h) && sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
	int bad = pragma_int(h, "PRAGMA user_version", version) < 0 ||
		  pragma_int(h, "PRAGMA application_id", &appid) < 0 ||
		  pragma_int(h, "SELECT count(*) FROM sqlite_schema", &ntables) < 0;

	if (bad) {
		fail_sql(h, path, "cannot read the database", err);
	}
	if (txn) {
		sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
	}
	if (bad) {
		return -1;
	}
	if (appid != 0 && appid != KV_DB_APPLICATION_ID) {
		return kv_fail_file(err, KV_EXIT_DATAERR, path,
				    "not a kvperf database (application_id is 0x%08x)", appid);
	}
	if (*version == 0 && ntables > 0) {
		return kv_fail_file(err, KV_EXIT_DATAERR, path,
				    "not a kvperf database (it has tables but no kvperf schema)");
	}
	if (*version > 0 && appid != KV_DB_APPLICATION_ID) {
		return kv_fail_file(err, KV_EXIT_DATAERR, path,
				    "not a kvperf database (application_id is 0x%08x)", appid);
	}
	if (*version > def->version) {
		return kv_fail_file(err, KV_EXIT_FAILURE, path,
				    "database schema version %d is newer than this kvperf "
				    "understands (%d); use a newer kvperf",
				    *version, def->version);
	}
	return 0;
}

int kv_schema_migrate(sqlite3 *h, const char *path, const struct kv_schema_def *def,
		      struct kv_error *err)
{
	int version;

	/* Most opens find the schema current: check without taking the write lock. */
	if (pragma_int(h, "PRAGMA user_version", &version) < 0) {
		return fail_sql(h, path, "cannot read the database", err);
	}
	if (version == def->version) {
		int appid;
		if (pragma_int(h, "PRAGMA application_id", &appid) < 0) {
			return fail_sql(h, path, "cannot read the database", err);
		}
		if (appid != KV_DB_APPLICATION_ID) {
			return kv_fail_file(err, KV_EXIT_DATAERR, path,
					    "not a kvperf database (application_id is 0x%08x)",
					    appid);
		}
		return 0;
	}
	if (version > def->version) {
		return kv_fail_file(err, KV_EXIT_FAILURE, path,
				    "database schema version %d is newer than this kvperf "
				    "understands (%d); use a newer kvperf",
				    version, def->version);
	}
	if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		return fail_sql(h, path, "cannot lock the database", err);
	}
	/* Another process may have migrated it while we waited for the lock. */
	if (pragma_int(h, "PRAGMA user_version", &version) < 0) {
		fail_sql(h, path, "cannot read the database", err);
		goto rollback;
	}
	if (version > def->version) {
		kv_fail_file(
		    err, KV_EXIT_FAILURE, path,
		    "database schema version %d is newer than this kvperf understands (%d)",
		    version, def->version);
		goto rollback;
	}
	if (version != def->version && migrate_locked(h, path, def, version, err) < 0) {
		goto rollback;
	}
	if (sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fail_sql(h, path, "cannot commit the schema", err);
		goto rollback;
	}
	return 0;
rollback:
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}
