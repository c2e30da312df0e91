/*
 * migrate.h - bringing a database's schema to a given version.
 *
 * Internal to schema/ and its tests: the rest of kvperf calls kv_db_open().
 */
#ifndef SCHEMA_MIGRATE_H
#define SCHEMA_MIGRATE_H

#include <sqlite3.h>
#include <stddef.h>

#include "util/error.h"

/* One step: the SQL that brings version - 1 to version. */
struct kv_migration {
	int version;
	const char *sql;
	/* Or NULL: runs after sql, in the same transaction (rows that SQL
	 * cannot compute as kvperf does); 0, or -1 with the error in h. */
	int (*fill)(sqlite3 *h);
};

/* The schema of a fresh database, and the steps from older versions. */
struct kv_schema_def {
	int version;                      /* the newest version */
	const char *fresh_sql;            /* creates the newest schema at once */
	const struct kv_migration *steps; /* steps[i].version == i + 2 */
	size_t nsteps;
};

/* Reads the schema version into *version and refuses, without writing
 * anything, a database kvperf must not touch: another application's
 * (application_id, or tables without a kvperf schema; KV_EXIT_DATAERR) or
 * a newer schema (KV_EXIT_FAILURE).  An empty database is version 0. */
int kv_schema_check(sqlite3 *h, const char *path, const struct kv_schema_def *def, int *version,
		    struct kv_error *err);

/* Inside one BEGIN IMMEDIATE transaction: creates the schema in an empty
 * database, applies the missing steps to an older one, and sets
 * user_version and application_id.  Refuses a newer database, a database
 * of another application, and an older version no step leads from.  path
 * is for messages. */
int kv_schema_migrate(sqlite3 *h, const char *path, const struct kv_schema_def *def,
		      struct kv_error *err);

#endif
