/*
 * db_trend.c - what kvperf trend reads besides the series: each run's
 * configuration, start time and the value of one label, to order runs.
 */
#include <stdlib.h>
#include <string.h>

#include "schema/db.h"
#include "schema/db_internal.h"
#include "util/xalloc.h"

int kv_db_load_order(struct kv_db *db, const char *label_key, struct kv_db_order_run **out,
		     size_t *n, struct kv_error *err)
{
	static const char sql[] = "SELECT r.id, r.config, r.start_time, l.value FROM run r "
				  "LEFT JOIN label l ON l.run_id = r.id AND l.key = $1 "
				  "ORDER BY r.id";
	struct kv_db_order_run *r = NULL;
	size_t len = 0, cap = 0;
	struct kv_q *st;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = kv_q_prepare(db, sql, err)) == NULL) {
		return -1;
	}
	kv_q_text(st, 1, label_key);
	while ((rc = kv_q_step(st, "cannot query the database", err)) == 1) {
		if (len == cap) {
			cap = cap ? 2 * cap : 64;
			r = kv_xreallocarray(r, cap, sizeof(*r));
		}
		r[len].id = kv_q_col_int64(st, 0);
		r[len].config = kv_q_col_dup(st, 1);
		r[len].start_time = kv_q_col_dup(st, 2);
		r[len].label = kv_q_col_dup(st, 3);
		len++;
	}
	kv_q_free(st);
	if (rc < 0) {
		kv_db_order_runs_free(r, len);
		return -1;
	}
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
