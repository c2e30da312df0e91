/*
 * db_internal.h - what db.c and db_query.c share; not for other modules.
 */
#ifndef SCHEMA_DB_INTERNAL_H
#define SCHEMA_DB_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <sys/types.h>

#include "schema/db.h"

/* Statements prepared once per connection and reused (bulk inserts). */
enum kv_stmt {
	ST_FIND_SOURCE,
	ST_ADD_SOURCE,
	ST_ADD_RUN,
	ST_SET_LABEL,
	ST_FIND_BENCH,
	ST_ADD_BENCH,
	ST_ADD_PARAM,
	ST_FIND_METRIC,
	ST_ADD_METRIC,
	ST_ADD_SAMPLE,
	ST_ADD_SAMPLES, /* KV_SAMPLE_BATCH rows at once */
	KV_STMT_COUNT
};

/* Rows per multi-row sample INSERT: statement overhead is paid once per batch. */
#define KV_SAMPLE_BATCH 200

struct kv_db {
	sqlite3 *h;                        /* the connection */
	char *path;                        /* as opened, for messages */
	sqlite3_stmt *stmt[KV_STMT_COUNT]; /* prepared lazily, finalized on close */
	bool created;                      /* the file did not exist before this open */
	dev_t dev;                         /* when created: the file's device... */
	ino_t ino;                         /* ...and inode, to know it is still ours */
};

/* Returns the statement, reset and with its bindings cleared; borrowed. */
sqlite3_stmt *kv_db_stmt(struct kv_db *db, enum kv_stmt which, struct kv_error *err);
/* Fills err from the connection's last error, prefixed by what; returns -1. */
int kv_db_sqlfail(struct kv_db *db, struct kv_error *err, const char *what);

#endif
