/*
 * db_trend.c - what kvperf trend reads besides the series: each run's
 * configuration, start time and the value of one label, to order runs.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "schema/db.h"
#include "schema/db_internal.h"
#include "util/xalloc.h"

static char *dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s != NULL ? kv_xstrdup((const char *)s) : NULL;
}

int kv_db_load_order(struct kv_db *db, const char *label_key, struct kv_db_order_run **out,
		     size_t *n, struct kv_error *err)
{
	static const char sql[] = "SELECT r.id, r.config, r.start_time, l.value FROM run r "
				  "LEFT JOIN label l ON l.run_id = r.id AND l.key = ?1 "
				  "ORDER BY r.id";
	struct kv_db_order_run *r = NULL;
	size_t len = 0, cap = 0;
	sqlite3_stmt *st = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return kv_db_sqlfail(db, err, "cannot query the database");
	}
	if (label_key != NULL) {
		sqlite3_bind_text(st, 1, label_key, -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? 2 * cap : 64;
			r = kv_xreallocarray(r, cap, sizeof(*r));
		}
		r[len].id = sqlite3_column_int64(st, 0);
		r[len].config = dup_col(st, 1);
		r[len].start_time = dup_col(st, 2);
		r[len].label = dup_col(st, 3);
		len++;
	}
	if (rc != SQLITE_DONE) {
		kv_db_sqlfail(db, err, "cannot query the database");
		sqlite3_finalize(st);
		kv_db_order_runs_free(r, len);
		return -1;
	}
	sqlite3_finalize(st);
	*out = r;
	*n = len;
	return 0;
}

void kv_db_order_runs_free(struct kv_db_order_run *r, size_t n)
{
	for (size_t i = 0; r != NULL && i < n; i++) {
		free(r[i].config);
		free(r[i].start_time);
		free(r[i].label);
	}
	free(r);
}
