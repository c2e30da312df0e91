/* db_query.c - reading what was imported: counts, configurations, runs. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "schema/db.h"
#include "schema/db_internal.h"
#include "util/xalloc.h"

/* Returns a new copy of column i, or NULL for SQL NULL. */
static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? kv_xstrdup((const char *)s) : NULL;
}

static int prepare(struct kv_db *db, const char *sql, sqlite3_stmt **st, struct kv_error *err)
{
	if (sqlite3_prepare_v2(db->h, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return kv_db_sqlfail(db, err, "cannot query the database");
	}
	return 0;
}

int kv_db_count(struct kv_db *db, struct kv_db_counts *out, struct kv_error *err)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM source), (SELECT count(*) FROM run), "
	    "(SELECT count(*) FROM label), (SELECT count(*) FROM benchmark), "
	    "(SELECT count(*) FROM metric), (SELECT count(*) FROM sample)";
	sqlite3_stmt *st;

	if (prepare(db, sql, &st, err) < 0) {
		return -1;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return kv_db_sqlfail(db, err, "cannot query the database");
	}
	out->sources = sqlite3_column_int64(st, 0);
	out->runs = sqlite3_column_int64(st, 1);
	out->labels = sqlite3_column_int64(st, 2);
	out->benchmarks = sqlite3_column_int64(st, 3);
	out->metrics = sqlite3_column_int64(st, 4);
	out->samples = sqlite3_column_int64(st, 5);
	sqlite3_finalize(st);
	return 0;
}

int kv_db_list_configs(struct kv_db *db, const char *config, struct kv_db_config **out, size_t *n,
		       struct kv_error *err)
{
	static const char sql[] =
	    "WITH r AS (SELECT config, count(*) AS runs, min(start_time) AS first, "
	    "  max(start_time) AS last FROM run WHERE ?1 IS NULL OR config = ?1 GROUP BY config), "
	    "s AS (SELECT r.config, count(DISTINCT m.benchmark_id) AS benchmarks, "
	    "  count(DISTINCT s.metric_id) AS metrics, count(*) AS samples "
	    "  FROM sample s JOIN run r ON r.id = s.run_id JOIN metric m ON m.id = s.metric_id "
	    "  GROUP BY r.config) "
	    "SELECT r.config, r.runs, coalesce(s.benchmarks, 0), coalesce(s.metrics, 0), "
	    "  coalesce(s.samples, 0), r.first, r.last FROM r LEFT JOIN s USING (config) "
	    "ORDER BY r.config";
	struct kv_db_config *c = NULL;
	size_t len = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if (prepare(db, sql, &st, err) < 0) {
		return -1;
	}
	if (config != NULL) {
		sqlite3_bind_text(st, 1, config, -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? 2 * cap : 8;
			c = kv_xreallocarray(c, cap, sizeof(*c));
		}
		c[len].config = col_dup(st, 0);
		c[len].runs = sqlite3_column_int64(st, 1);
		c[len].benchmarks = sqlite3_column_int64(st, 2);
		c[len].metrics = sqlite3_column_int64(st, 3);
		c[len].samples = sqlite3_column_int64(st, 4);
		c[len].first_start = col_dup(st, 5);
		c[len].last_start = col_dup(st, 6);
		len++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		kv_db_configs_free(c, len);
		return kv_db_sqlfail(db, err, "cannot query the database");
	}
	*out = c;
	*n = len;
	return 0;
}

void kv_db_configs_free(struct kv_db_config *c, size_t n)
{
	for (size_t i = 0; c != NULL && i < n; i++) {
		free(c[i].config);
		free(c[i].first_start);
		free(c[i].last_start);
	}
	free(c);
}

/* Reads the labels of every listed run, which are sorted by id. */
static int load_labels(struct kv_db *db, struct kv_db_runinfo *r, size_t n, struct kv_error *err)
{
	static const char sql[] = "SELECT key, value FROM label WHERE run_id = ?1 ORDER BY key";
	sqlite3_stmt *st;

	if (prepare(db, sql, &st, err) < 0) {
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		size_t cap = 0;
		int rc;

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, r[i].id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (r[i].nlabels == cap) {
				cap = cap ? 2 * cap : 8;
				r[i].labels =
				    kv_xreallocarray(r[i].labels, cap, sizeof(*r[i].labels));
			}
			r[i].labels[r[i].nlabels].key = col_dup(st, 0);
			r[i].labels[r[i].nlabels].value = col_dup(st, 1);
			r[i].nlabels++;
		}
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return kv_db_sqlfail(db, err, "cannot query the database");
		}
	}
	sqlite3_finalize(st);
	return 0;
}

int kv_db_list_runs(struct kv_db *db, const char *config, struct kv_db_runinfo **out, size_t *n,
		    struct kv_error *err)
{
	static const char sql[] =
	    "SELECT r.id, r.config, r.start_time, r.host, r.tool, r.tool_version, src.path, "
	    "  src.format, src.sha256, "
	    "  (SELECT count(DISTINCT m.benchmark_id) FROM sample s JOIN metric m "
	    "     ON m.id = s.metric_id WHERE s.run_id = r.id), "
	    "  (SELECT count(*) FROM sample s WHERE s.run_id = r.id) "
	    "FROM run r JOIN source src ON src.id = r.source_id "
	    "WHERE ?1 IS NULL OR r.config = ?1 "
	    "ORDER BY r.config, r.start_time, r.id";
	struct kv_db_runinfo *r = NULL;
	size_t len = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if (prepare(db, sql, &st, err) < 0) {
		return -1;
	}
	if (config != NULL) {
		sqlite3_bind_text(st, 1, config, -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? 2 * cap : 16;
			r = kv_xreallocarray(r, cap, sizeof(*r));
		}
		memset(&r[len], 0, sizeof(r[len]));
		r[len].id = sqlite3_column_int64(st, 0);
		r[len].config = col_dup(st, 1);
		r[len].start_time = col_dup(st, 2);
		r[len].host = col_dup(st, 3);
		r[len].tool = col_dup(st, 4);
		r[len].tool_version = col_dup(st, 5);
		r[len].source = col_dup(st, 6);
		r[len].format = col_dup(st, 7);
		r[len].sha256 = col_dup(st, 8);
		r[len].benchmarks = sqlite3_column_int64(st, 9);
		r[len].samples = sqlite3_column_int64(st, 10);
		len++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		kv_db_runinfos_free(r, len);
		return kv_db_sqlfail(db, err, "cannot query the database");
	}
	if (load_labels(db, r, len, err) < 0) {
		kv_db_runinfos_free(r, len);
		return -1;
	}
	*out = r;
	*n = len;
	return 0;
}

void kv_db_runinfos_free(struct kv_db_runinfo *r, size_t n)
{
	for (size_t i = 0; r != NULL && i < n; i++) {
		free(r[i].config);
		free(r[i].start_time);
		free(r[i].host);
		free(r[i].tool);
		free(r[i].tool_version);
		free(r[i].source);
		free(r[i].format);
		free(r[i].sha256);
		for (size_t j = 0; j < r[i].nlabels; j++) {
			free(r[i].labels[j].key);
			free(r[i].labels[j].value);
		}
		free(r[i].labels);
	}
	free(r);
}

int kv_db_load_series(struct kv_db *db, const char *tool, struct kv_series **out, size_t *n,
		      struct kv_error *err)
{
	static const char sql[] =
	    "SELECT r.config, b.tool, b.name, b.params, m.name, m.unit, m.direction, m.id, "
	    "  s.run_id, s.value, m.kind "
	    "FROM sample s JOIN run r ON r.id = s.run_id JOIN metric m ON m.id = s.metric_id "
	    "JOIN benchmark b ON b.id = m.benchmark_id "
	    "WHERE ?1 IS NULL OR b.tool = ?1 "
	    "ORDER BY b.tool, b.name, b.params, m.name, r.config, s.run_id, s.seq";
	struct kv_series *v = NULL, *cur = NULL;
	size_t len = 0, cap = 0, vcap = 0, rcap = 0;
	int64_t last_run = -1;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if (prepare(db, sql, &st, err) < 0) {
		return -1;
	}
	if (tool != NULL) {
		sqlite3_bind_text(st, 1, tool, -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t metric = sqlite3_column_int64(st, 7), run = sqlite3_column_int64(st, 8);
		const char *config = (const char *)sqlite3_column_text(st, 0);
		if (cur == NULL || cur->metric_id != metric || strcmp(cur->config, config) != 0) {
			if (len == cap) {
				cap = cap ? 2 * cap : 64;
				v = kv_xreallocarray(v, cap, sizeof(*v));
			}
			cur = &v[len++];
			memset(cur, 0, sizeof(*cur));
			cur->config = col_dup(st, 0);
			cur->tool = col_dup(st, 1);
			cur->benchmark = col_dup(st, 2);
			cur->params = col_dup(st, 3);
			cur->metric = col_dup(st, 4);
			cur->unit = col_dup(st, 5);
			cur->direction = col_dup(st, 6);
			cur->kind = col_dup(st, 10);
			cur->metric_id = metric;
			cur->run_off = kv_xcalloc(1, sizeof(*cur->run_off));
			cur->run_id = NULL;
			vcap = rcap = 0;
			last_run = -1;
		}
		size_t nv = cur->run_off[cur->n_runs];
		if (run != last_run) {
			if (cur->n_runs + 2 > rcap) {
				rcap = rcap ? 2 * rcap : 8;
				cur->run_off =
				    kv_xreallocarray(cur->run_off, rcap, sizeof(*cur->run_off));
				cur->run_id =
				    kv_xreallocarray(cur->run_id, rcap, sizeof(*cur->run_id));
			}
			cur->run_id[cur->n_runs] = run;
			cur->n_runs++;
			cur->run_off[cur->n_runs] = nv;
			last_run = run;
		}
		if (nv + 1 > vcap) {
			vcap = vcap ? 2 * vcap : 8;
			cur->values = kv_xreallocarray(cur->values, vcap, sizeof(*cur->values));
		}
		cur->values[nv] = sqlite3_column_double(st, 9);
		cur->run_off[cur->n_runs] = nv + 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		kv_series_free(v, len);
		return kv_db_sqlfail(db, err, "cannot query the database");
	}
	*out = v;
	*n = len;
	return 0;
}

void kv_series_free(struct kv_series *s, size_t n)
{
	for (size_t i = 0; s != NULL && i < n; i++) {
		free(s[i].config);
		free(s[i].tool);
		free(s[i].benchmark);
		free(s[i].params);
		free(s[i].metric);
		free(s[i].unit);
		free(s[i].direction);
		free(s[i].kind);
		free(s[i].run_off);
		free(s[i].run_id);
		free(s[i].values);
	}
	free(s);
}
