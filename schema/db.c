/*
 * db.c - the database, whatever its engine: choosing the engine from what
 * --db names, transactions, and writing imported runs (in the SQL both
 * engines speak; the bulk write of samples is the engine's).  Reading
 * lives in db_query.c, db_trend.c and db_copy.c.
 */
#include "schema/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "schema/db_internal.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char *const stmt_sql[KV_STMT_COUNT] = {
    [ST_FIND_SOURCE] = "SELECT path FROM source WHERE sha256 = $1",
    /* two importers of one file at once: the second waits for the first's
     * transaction, then inserts nothing (and gets no id) */
    [ST_ADD_SOURCE] = "INSERT INTO source (sha256, path, format, size, imported_at) "
		      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING RETURNING id",
    [ST_ADD_RUN] = "INSERT INTO run (source_id, seq, config, start_time, host, tool, "
		   "tool_version) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    [ST_SET_LABEL] = "INSERT INTO label (run_id, key, value) VALUES ($1, $2, $3)",
    [ST_FIND_BENCH] = "SELECT id FROM benchmark WHERE tool = $1 AND name = $2 AND params = $3",
    [ST_ADD_BENCH] = "INSERT INTO benchmark (tool, name, params) VALUES ($1, $2, $3) RETURNING id",
    [ST_ADD_PARAM] = "INSERT INTO param (benchmark_id, key, value, num) VALUES ($1, $2, $3, $4)",
    [ST_FIND_METRIC] = "SELECT id, unit, direction, kind FROM metric "
		       "WHERE benchmark_id = $1 AND name = $2",
    [ST_ADD_METRIC] = "INSERT INTO metric (benchmark_id, name, unit, orig_unit, direction, kind) "
		      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
};

static int labels_write(struct kv_db *db, struct kv_error *err);
static void labels_forget(struct kv_db *db);

bool kv_db_is_uri(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

int kv_db_open(const char *target, int flags, struct kv_db **out, struct kv_error *err)
{
	struct kv_db *db = kv_xcalloc(1, sizeof(*db));
	bool pg = kv_db_is_uri(target);

	*out = NULL;
	db->eng = pg ? &kv_engine_pg : &kv_engine_sqlite;
	db->path = pg ? kv_db_uri_hide_password(target) : kv_xstrdup(target);
	if (db->eng->open(db, target, flags, err) < 0) {
		kv_db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

/* ---- the benchmarks and metrics known to this connection ---- */

static size_t known_slot(const char *key, size_t cap)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h = (h ^ *p) * 1099511628211ull;
	}
	return (size_t)h & (cap - 1);
}

static const struct kv_db_known *known_find(struct kv_db *db, const char *key)
{
	if (db->known_cap == 0) {
		return NULL;
	}
	for (size_t i = known_slot(key, db->known_cap); db->known[i].key != NULL;
	     i = (i + 1) & (db->known_cap - 1)) {
		if (strcmp(db->known[i].key, key) == 0) {
			return &db->known[i];
		}
	}
	return NULL;
}

static void known_free_entry(struct kv_db_known *k)
{
	free(k->key);
	free(k->unit);
	free(k->direction);
	free(k->kind);
	memset(k, 0, sizeof(*k));
}

/* Puts e (its strings now the table's) into a table of cap slots. */
static void known_insert(struct kv_db_known *t, size_t cap, const struct kv_db_known *e)
{
	size_t i = known_slot(e->key, cap);
	while (t[i].key != NULL) {
		i = (i + 1) & (cap - 1);
	}
	t[i] = *e;
}

/* Rebuilds the table at cap slots, without what the transaction made
 * when drop_fresh. */
static void known_rebuild(struct kv_db *db, size_t cap, bool drop_fresh)
{
	struct kv_db_known *t = kv_xcalloc(cap, sizeof(*t));

	db->nknown = 0;
	for (size_t i = 0; i < db->known_cap; i++) {
		struct kv_db_known *k = &db->known[i];
		if (k->key == NULL) {
			continue;
		}
		if (drop_fresh && k->fresh) {
			known_free_entry(k);
			continue;
		}
		known_insert(t, cap, k);
		db->nknown++;
	}
	free(db->known);
	db->known = t;
	db->known_cap = cap;
}

static void known_add(struct kv_db *db, const char *key, int64_t id, const char *unit,
		      const char *direction, const char *kind, bool fresh)
{
	struct kv_db_known e = {kv_xstrdup(key), id, NULL, NULL, NULL, fresh};

	if (2 * (db->nknown + 1) > db->known_cap) {
		known_rebuild(db, db->known_cap ? 2 * db->known_cap : 256, false);
	}
	if (unit != NULL) {
		e.unit = kv_xstrdup(unit);
		e.direction = kv_xstrdup(direction);
		e.kind = kv_xstrdup(kind);
	}
	known_insert(db->known, db->known_cap, &e);
	db->nknown++;
}

static void known_clear(struct kv_db *db)
{
	for (size_t i = 0; i < db->known_cap; i++) {
		if (db->known[i].key != NULL) {
			known_free_entry(&db->known[i]);
		}
	}
	free(db->known);
	db->known = NULL;
	db->nknown = db->known_cap = 0;
}

/* The key of a benchmark, or of a metric (tool NULL: benchmark_id, name). */
static const char *known_key(struct kv_strbuf *sb, const char *tool, const char *name,
			     const char *params, int64_t benchmark_id)
{
	kv_strbuf_truncate(sb, 0);
	if (tool != NULL) {
		kv_strbuf_addf(sb, "b%s\x1f%s\x1f%s", tool, name, params);
	} else {
		kv_strbuf_addf(sb, "m%lld\x1f%s", (long long)benchmark_id, name);
	}
	return sb->buf;
}

static void finalize_all(struct kv_db *db)
{
	for (size_t i = 0; i < KV_STMT_COUNT; i++) {
		kv_q_free(db->st[i]);
		db->st[i] = NULL;
	}
}

void kv_db_close(struct kv_db *db)
{
	if (db == NULL) {
		return;
	}
	finalize_all(db);
	if (db->impl != NULL) {
		db->eng->close(db);
	}
	known_clear(db);
	labels_forget(db);
	free(db->labels);
	free(db->path);
	free(db);
}

bool kv_db_close_unused(struct kv_db *db)
{
	bool removed = false;

	if (db == NULL) {
		return false;
	}
	finalize_all(db);
	if (db->eng->close_unused != NULL) {
		removed = db->eng->close_unused(db);
	}
	kv_db_close(db);
	return removed;
}

const char *kv_db_path(const struct kv_db *db)
{
	return db->path;
}

const char *kv_db_engine(const struct kv_db *db)
{
	return db->eng->name;
}

int kv_db_begin(struct kv_db *db, struct kv_error *err)
{
	db->new_rows_locked = false;
	return db->eng->begin(db, err);
}

int kv_db_commit(struct kv_db *db, struct kv_error *err)
{
	if (labels_write(db, err) < 0) {
		kv_db_rollback(db);
		return -1;
	}
	if (db->eng->commit(db, err) < 0) {
		known_rebuild(db, db->known_cap, true);
		return -1;
	}
	for (size_t i = 0; i < db->known_cap; i++) {
		db->known[i].fresh = false; /* everyone's now */
	}
	return 0;
}

void kv_db_rollback(struct kv_db *db)
{
	labels_forget(db);
	db->eng->rollback(db);
	if (db->known_cap > 0) {
		known_rebuild(db, db->known_cap, true); /* what it made is gone */
	}
}

char *kv_q_col_dup(struct kv_q *q, int i)
{
	const char *s = kv_q_col_text(q, i);

	return s != NULL ? kv_xstrdup(s) : NULL;
}

int kv_q_exec(struct kv_db *db, const char *sql, const char *what, struct kv_error *err)
{
	struct kv_q *q = kv_q_prepare(db, sql, err);
	int rc = q != NULL ? 1 : -1;

	while (rc == 1) {
		rc = kv_q_step(q, what, err);
	}
	kv_q_free(q);
	return rc;
}

struct kv_q *kv_db_stmt(struct kv_db *db, enum kv_stmt which, struct kv_error *err)
{
	if (db->st[which] != NULL) {
		kv_q_reset(db->st[which]);
		return db->st[which];
	}
	return db->st[which] = kv_q_prepare(db, stmt_sql[which], err);
}

/* Steps a statement whose one row (if any) holds an id. */
static int step_id(struct kv_q *q, int64_t *id, bool *found, const char *what, struct kv_error *err)
{
	int rc = kv_q_step(q, what, err);

	if (rc < 0) {
		return -1;
	}
	if (found != NULL) {
		*found = rc == 1;
	}
	if (rc == 1) {
		*id = kv_q_col_int64(q, 0);
		/* a statement is always run to its end: PostgreSQL's row
		 * comes with the result, SQLite's RETURNING finishes there */
		if (kv_q_step(q, what, err) < 0) {
			return -1;
		}
	} else if (found == NULL) {
		return kv_fail(err, KV_EXIT_FAILURE, "%s: no row came back", what);
	}
	kv_q_reset(q);
	return 0;
}

int kv_db_find_source(struct kv_db *db, const char *sha256, bool *found, char **path_out,
		      struct kv_error *err)
{
	struct kv_q *q = kv_db_stmt(db, ST_FIND_SOURCE, err);
	int rc;

	*found = false;
	if (path_out != NULL) {
		*path_out = NULL;
	}
	if (q == NULL) {
		return -1;
	}
	kv_q_text(q, 1, sha256);
	if ((rc = kv_q_step(q, "cannot read the database", err)) < 0) {
		return -1;
	}
	*found = rc == 1;
	if (rc == 1 && path_out != NULL) {
		*path_out = kv_q_col_dup(q, 0);
	}
	kv_q_reset(q);
	return 0;
}

int kv_db_add_source(struct kv_db *db, const struct kv_db_source *src, int64_t *id,
		     struct kv_error *err)
{
	struct kv_q *q = kv_db_stmt(db, ST_ADD_SOURCE, err);
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	bool added;

	if (q == NULL) {
		return -1;
	}
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	kv_q_text(q, 1, src->sha256);
	kv_q_text(q, 2, src->path);
	kv_q_text(q, 3, src->format);
	kv_q_int64(q, 4, src->size);
	kv_q_text(q, 5, src->imported_at != NULL ? src->imported_at : now);
	if (step_id(q, id, &added, "cannot record the source file", err) < 0) {
		return -1;
	}
	return added ? 0 : 1;
}

int kv_db_add_run(struct kv_db *db, const struct kv_db_run *run, int64_t *id, struct kv_error *err)
{
	struct kv_q *q;

	if (db->eng->add_run != NULL) {
		return db->eng->add_run(db, run, id, err);
	}
	if (labels_write(db, err) < 0 || (q = kv_db_stmt(db, ST_ADD_RUN, err)) == NULL) {
		return -1;
	}
	kv_q_int64(q, 1, run->source_id);
	kv_q_int64(q, 2, run->seq);
	kv_q_text(q, 3, run->config);
	kv_q_text(q, 4, run->start_time);
	kv_q_text(q, 5, run->host);
	kv_q_text(q, 6, run->tool);
	kv_q_text(q, 7, run->tool_version);
	return step_id(q, id, NULL, "cannot record a run", err);
}

static void labels_forget(struct kv_db *db)
{
	for (size_t i = 0; i < db->nlabels; i++) {
		free(db->labels[i].key);
		free(db->labels[i].value);
	}
	db->nlabels = 0;
}

/* Writes the labels of the run being written. */
static int labels_write(struct kv_db *db, struct kv_error *err)
{
	int ret = 0;

	for (size_t i = 0; i < db->nlabels && ret == 0; i++) {
		struct kv_q *q = kv_db_stmt(db, ST_SET_LABEL, err);
		if (q == NULL) {
			ret = -1;
			break;
		}
		kv_q_int64(q, 1, db->label_run);
		kv_q_text(q, 2, db->labels[i].key);
		kv_q_text(q, 3, db->labels[i].value);
		ret = kv_q_step(q, "cannot record a label", err) < 0 ? -1 : 0;
		kv_q_reset(q);
	}
	labels_forget(db);
	return ret;
}

int kv_db_set_label(struct kv_db *db, int64_t run_id, const char *key, const char *value,
		    struct kv_error *err)
{
	if (db->eng->set_label != NULL) {
		return db->eng->set_label(db, run_id, key, value, err);
	}
	if (db->nlabels > 0 && db->label_run != run_id && labels_write(db, err) < 0) {
		return -1;
	}
	db->label_run = run_id;
	for (size_t i = 0; i < db->nlabels; i++) {
		if (strcmp(db->labels[i].key, key) == 0) {
			free(db->labels[i].value);
			db->labels[i].value = kv_xstrdup(value);
			return 0;
		}
	}
	if (db->nlabels == db->labels_cap) {
		db->labels_cap = db->labels_cap ? 2 * db->labels_cap : 8;
		db->labels = kv_xreallocarray(db->labels, db->labels_cap, sizeof(*db->labels));
	}
	db->labels[db->nlabels].key = kv_xstrdup(key);
	db->labels[db->nlabels].value = kv_xstrdup(value);
	db->nlabels++;
	return 0;
}

/* Before creating a benchmark or metric that a lookup did not find: the
 * engine's lock for writers that create rows others may create too.
 * *again: the lookup must be made again (another writer may have made
 * the row while we waited). */
static int lock_new_rows(struct kv_db *db, bool *again, struct kv_error *err)
{
	*again = false;
	if (db->eng->lock_new_rows == NULL || db->new_rows_locked) {
		return 0;
	}
	if (db->eng->lock_new_rows(db, again, err) < 0) {
		return -1;
	}
	db->new_rows_locked = true;
	return 0;
}

static int find_bench(struct kv_db *db, const char *tool, const char *name, const char *params,
		      int64_t *id, bool *found, struct kv_error *err)
{
	struct kv_q *q = kv_db_stmt(db, ST_FIND_BENCH, err);

	if (q == NULL) {
		return -1;
	}
	kv_q_text(q, 1, tool);
	kv_q_text(q, 2, name);
	kv_q_text(q, 3, params);
	return step_id(q, id, found, "cannot read the database", err);
}

/* kv_db_benchmark() for one not known yet: *made says the transaction made it. */
static int find_or_make_bench(struct kv_db *db, const char *tool, const char *name,
			      const char *params, const struct kv_db_param *param, size_t nparam,
			      int64_t *id, bool *made, struct kv_error *err)
{
	struct kv_q *q;
	bool found, again;

	*made = false;
	if (find_bench(db, tool, name, params, id, &found, err) < 0) {
		return -1;
	}
	if (found) {
		return 0;
	}
	if (lock_new_rows(db, &again, err) < 0 ||
	    (again && find_bench(db, tool, name, params, id, &found, err) < 0)) {
		return -1;
	}
	if (again && found) {
		return 0;
	}
	if ((q = kv_db_stmt(db, ST_ADD_BENCH, err)) == NULL) {
		return -1;
	}
	*made = true;
	kv_q_text(q, 1, tool);
	kv_q_text(q, 2, name);
	kv_q_text(q, 3, params);
	if (step_id(q, id, NULL, "cannot record a benchmark", err) < 0) {
		return -1;
	}
	for (size_t i = 0; i < nparam; i++) {
		if ((q = kv_db_stmt(db, ST_ADD_PARAM, err)) == NULL) {
			return -1;
		}
		kv_q_int64(q, 1, *id);
		kv_q_text(q, 2, param[i].key);
		kv_q_text(q, 3, param[i].value);
		if (param[i].is_num) {
			kv_q_double(q, 4, param[i].num);
		} else {
			kv_q_text(q, 4, NULL);
		}
		int rc = kv_q_step(q, "cannot record a parameter", err);
		kv_q_reset(q);
		if (rc < 0) {
			return -1;
		}
	}
	return 0;
}

int kv_db_benchmark(struct kv_db *db, const char *tool, const char *name, const char *params,
		    const struct kv_db_param *param, size_t nparam, int64_t *id,
		    struct kv_error *err)
{
	struct kv_strbuf key = KV_STRBUF_INIT;
	const struct kv_db_known *k = known_find(db, known_key(&key, tool, name, params, 0));
	bool made;
	int ret = 0;

	if (k != NULL) {
		*id = k->id;
	} else if ((ret = find_or_make_bench(db, tool, name, params, param, nparam, id, &made,
					     err)) == 0) {
		known_add(db, key.buf, *id, NULL, NULL, NULL, made);
	}
	kv_strbuf_release(&key);
	return ret;
}

/* Whether a metric stored with u, d, k agrees with unit, direction and
 * kind: 0, or -1 with the error naming both. */
static int metric_agrees(const char *name, const char *u, const char *d, const char *k,
			 const char *unit, const char *direction, const char *kind,
			 struct kv_error *err)
{
	if (strcmp(u, unit) != 0) {
		return kv_fail(err, KV_EXIT_DATAERR,
			       "metric '%s' is stored in '%s', this file gives '%s'", name, u,
			       unit);
	}
	if (strcmp(d, direction) != 0) {
		return kv_fail(err, KV_EXIT_DATAERR,
			       "metric '%s' is stored as %s-is-better, this file says %s", name, d,
			       direction);
	}
	if (strcmp(k, kind) != 0) {
		return kv_fail(err, KV_EXIT_DATAERR,
			       "metric '%s' is stored as a %s, this file gives a %s", name, k,
			       kind);
	}
	return 0;
}

/* Looks the metric up; a found one must agree with unit, direction and kind. */
static int find_metric(struct kv_db *db, int64_t benchmark_id, const char *name, const char *unit,
		       const char *direction, const char *kind, int64_t *id, bool *found,
		       struct kv_error *err)
{
	struct kv_q *q = kv_db_stmt(db, ST_FIND_METRIC, err);
	int rc, ret = 0;

	if (q == NULL) {
		return -1;
	}
	kv_q_int64(q, 1, benchmark_id);
	kv_q_text(q, 2, name);
	if ((rc = kv_q_step(q, "cannot read the database", err)) < 0) {
		return -1;
	}
	*found = rc == 1;
	if (rc == 1) {
		const char *u = kv_q_col_text(q, 1);
		const char *d = kv_q_col_text(q, 2);
		const char *k = kv_q_col_text(q, 3);

		*id = kv_q_col_int64(q, 0);
		ret = metric_agrees(name, u, d, k, unit, direction, kind, err);
	}
	kv_q_reset(q);
	return ret;
}

/* kv_db_metric() for one not known yet: *made says the transaction made it. */
static int find_or_make_metric(struct kv_db *db, int64_t benchmark_id, const char *name,
			       const char *unit, const char *orig_unit, const char *direction,
			       const char *kind, int64_t *id, bool *made, struct kv_error *err)
{
	struct kv_q *q;
	bool found, again;

	*made = false;
	if (find_metric(db, benchmark_id, name, unit, direction, kind, id, &found, err) < 0) {
		return -1;
	}
	if (found) {
		return 0;
	}
	if (lock_new_rows(db, &again, err) < 0 ||
	    (again &&
	     find_metric(db, benchmark_id, name, unit, direction, kind, id, &found, err) < 0)) {
		return -1;
	}
	if (again && found) {
		return 0;
	}
	if ((q = kv_db_stmt(db, ST_ADD_METRIC, err)) == NULL) {
		return -1;
	}
	*made = true;
	kv_q_int64(q, 1, benchmark_id);
	kv_q_text(q, 2, name);
	kv_q_text(q, 3, unit);
	kv_q_text(q, 4, orig_unit);
	kv_q_text(q, 5, direction);
	kv_q_text(q, 6, kind);
	return step_id(q, id, NULL, "cannot record a metric", err);
}

int kv_db_metric(struct kv_db *db, int64_t benchmark_id, const char *name, const char *unit,
		 const char *orig_unit, const char *direction, const char *kind, int64_t *id,
		 struct kv_error *err)
{
	struct kv_strbuf key = KV_STRBUF_INIT;
	const struct kv_db_known *k =
	    known_find(db, known_key(&key, NULL, name, NULL, benchmark_id));
	bool made;
	int ret;

	if (k != NULL) {
		*id = k->id;
		ret =
		    metric_agrees(name, k->unit, k->direction, k->kind, unit, direction, kind, err);
	} else if ((ret = find_or_make_metric(db, benchmark_id, name, unit, orig_unit, direction,
					      kind, id, &made, err)) == 0) {
		known_add(db, key.buf, *id, unit, direction, kind, made);
	}
	kv_strbuf_release(&key);
	return ret;
}

int kv_db_add_samples(struct kv_db *db, int64_t run_id, int64_t metric_id, const double *v,
		      size_t n, int64_t first_seq, struct kv_error *err)
{
	return db->eng->add_samples(db, run_id, metric_id, v, n, first_seq, err);
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* Whether the URI parameter p[0..len) ("name=value") names the password,
 * its name percent-decoded as libpq decodes it. */
static bool param_is_password(const char *p, size_t len)
{
	static const char want[] = "password";
	size_t i = 0, k = 0;

	while (i < len && p[i] != '=' && k < sizeof(want) - 1) {
		int c = (unsigned char)p[i];
		if (c == '%' && i + 2 < len && hex_digit(p[i + 1]) >= 0 &&
		    hex_digit(p[i + 2]) >= 0) {
			c = hex_digit(p[i + 1]) * 16 + hex_digit(p[i + 2]);
			i += 3;
		} else {
			i++;
		}
		if (c != want[k++]) {
			return false;
		}
	}
	return k == sizeof(want) - 1 && i < len && p[i] == '=';
}

char *kv_db_uri_hide_password(const char *uri)
{
	const char *scheme = strstr(uri, "://");
	const char *auth = scheme != NULL ? scheme + 3 : uri;
	size_t hostpart = strcspn(auth, "/?#");
	const char *at = memchr(auth, '@', hostpart);
	const char *colon = at != NULL ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	char *out;

	if (colon != NULL) { /* user:password@ -> user@ */
		size_t head = (size_t)(colon - uri);
		out = kv_xmalloc(strlen(uri) + 1);
		memcpy(out, uri, head);
		strcpy(out + head, at);
	} else {
		out = kv_xstrdup(uri);
	}
	/* a password parameter goes whole, with the '&' after it (or before
	 * it, when it is the last one); libpq decodes %XX in the name too */
	char *q = strchr(out, '?');
	for (char *p = q != NULL ? q + 1 : NULL; p != NULL && *p != '\0' && *p != '#';) {
		char *end = p + strcspn(p, "&#");
		if (!param_is_password(p, (size_t)(end - p))) {
			p = *end == '&' ? end + 1 : end;
			continue;
		}
		if (*end == '&') {
			end++;
		} else if (p[-1] == '&' || (p[-1] == '?' && *end != '&')) {
			p--; /* the separator before it */
		}
		memmove(p, end, strlen(end) + 1);
		if (*p == '?' || *p == '&') {
			p++;
		}
	}
	return out;
}
