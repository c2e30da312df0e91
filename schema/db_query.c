/* db_query.c - reading what was imported: counts, configurations, runs,
 * series; in the SQL both engines speak. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema/db.h"
#include "schema/db_internal.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define QFAIL "cannot query the database"

static int prepare(struct kv_db *db, const char *sql, struct kv_q **st, struct kv_error *err)
{
	*st = kv_q_prepare(db, sql, err);
	return *st != NULL ? 0 : -1;
}

int kv_db_count(struct kv_db *db, struct kv_db_counts *out, struct kv_error *err)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM source), (SELECT count(*) FROM run), "
	    "(SELECT count(*) FROM label), (SELECT count(*) FROM benchmark), "
	    "(SELECT count(*) FROM metric), (SELECT count(*) FROM sample)";
	struct kv_q *st;
	int rc;

	if (prepare(db, sql, &st, err) < 0) {
		return -1;
	}
	if ((rc = kv_q_step(st, QFAIL, err)) == 1) {
		out->sources = kv_q_col_int64(st, 0);
		out->runs = kv_q_col_int64(st, 1);
		out->labels = kv_q_col_int64(st, 2);
		out->benchmarks = kv_q_col_int64(st, 3);
		out->metrics = kv_q_col_int64(st, 4);
		out->samples = kv_q_col_int64(st, 5);
	} else if (rc == 0) {
		rc = kv_fail(err, KV_EXIT_FAILURE, QFAIL ": no counts");
	}
	kv_q_free(st);
	return rc < 0 ? -1 : 0;
}

int kv_db_list_configs(struct kv_db *db, const char *config, struct kv_db_config **out, size_t *n,
		       struct kv_error *err)
{
	static const char sql[] =
	    "WITH r AS (SELECT config, count(*) AS runs, min(start_time) AS first, "
	    "  max(start_time) AS last FROM run WHERE CAST($1 AS TEXT) IS NULL OR config = $1 "
	    "GROUP BY config), "
	    /* the counts from the run aggregates (a row per run and metric),
	     * not from every sample */
	    "s AS (SELECT a.config, count(DISTINCT m.benchmark_id) AS benchmarks, "
	    "  count(DISTINCT a.metric_id) AS metrics, sum(a.n) AS samples "
	    "  FROM run_metric a JOIN metric m ON m.id = a.metric_id "
	    "  GROUP BY a.config) "
	    "SELECT r.config, r.runs, coalesce(s.benchmarks, 0), coalesce(s.metrics, 0), "
	    "  coalesce(s.samples, 0), r.first, r.last FROM r LEFT JOIN s USING (config) "
	    "ORDER BY r.config";
	struct kv_db_config *c = NULL;
	size_t len = 0, cap = 0;
	struct kv_q *st;
	int rc;

	*out = NULL;
	*n = 0;
	if (prepare(db, sql, &st, err) < 0) {
		return -1;
	}
	kv_q_text(st, 1, config);
	while ((rc = kv_q_step(st, QFAIL, err)) == 1) {
		if (len == cap) {
			cap = cap ? 2 * cap : 8;
			c = kv_xreallocarray(c, cap, sizeof(*c));
		}
		c[len].config = kv_q_col_dup(st, 0);
		c[len].runs = kv_q_col_int64(st, 1);
		c[len].benchmarks = kv_q_col_int64(st, 2);
		c[len].metrics = kv_q_col_int64(st, 3);
		c[len].samples = kv_q_col_int64(st, 4);
		c[len].first_start = kv_q_col_dup(st, 5);
		c[len].last_start = kv_q_col_dup(st, 6);
		len++;
	}
	kv_q_free(st);
	if (rc < 0) {
		kv_db_configs_free(c, len);
		return -1;
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
	static const char sql[] = "SELECT key, value FROM label WHERE run_id = $1 ORDER BY key";
	struct kv_q *st;

	if (prepare(db, sql, &st, err) < 0) {
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		size_t cap = 0;
		int rc;

		kv_q_reset(st);
		kv_q_int64(st, 1, r[i].id);
		while ((rc = kv_q_step(st, QFAIL, err)) == 1) {
			if (r[i].nlabels == cap) {
				cap = cap ? 2 * cap : 8;
				r[i].labels =
				    kv_xreallocarray(r[i].labels, cap, sizeof(*r[i].labels));
			}
			r[i].labels[r[i].nlabels].key = kv_q_col_dup(st, 0);
			r[i].labels[r[i].nlabels].value = kv_q_col_dup(st, 1);
			r[i].nlabels++;
		}
		if (rc < 0) {
			kv_q_free(st);
			return -1;
		}
	}
	kv_q_free(st);
	return 0;
}

int kv_db_list_runs(struct kv_db *db, const char *config, struct kv_db_runinfo **out, size_t *n,
		    struct kv_error *err)
{
	static const char sql[] =
	    "SELECT r.id, r.config, r.start_time, r.host, r.tool, r.tool_version, src.path, "
	    "  src.format, src.sha256, coalesce(a.benchmarks, 0), coalesce(a.samples, 0) "
	    "FROM run r JOIN source src ON src.id = r.source_id "
	    /* the counts from the run aggregates, one pass over them (0.1 s at
	     * 10^7 samples; counting the samples run by run took 2.4 s) */
	    "LEFT JOIN (SELECT rm.run_id, count(DISTINCT m.benchmark_id) AS benchmarks, "
	    "  sum(rm.n) AS samples FROM run_metric rm JOIN metric m ON m.id = rm.metric_id "
	    "  GROUP BY rm.run_id) a ON a.run_id = r.id "
	    "WHERE CAST($1 AS TEXT) IS NULL OR r.config = $1 "
	    "ORDER BY r.config, r.start_time NULLS FIRST, r.id";
	struct kv_db_runinfo *r = NULL;
	size_t len = 0, cap = 0;
	struct kv_q *st;
	int rc;

	*out = NULL;
	*n = 0;
	if (prepare(db, sql, &st, err) < 0) {
		return -1;
	}
	kv_q_text(st, 1, config);
	while ((rc = kv_q_step(st, QFAIL, err)) == 1) {
		if (len == cap) {
			cap = cap ? 2 * cap : 16;
			r = kv_xreallocarray(r, cap, sizeof(*r));
		}
		memset(&r[len], 0, sizeof(r[len]));
		r[len].id = kv_q_col_int64(st, 0);
		r[len].config = kv_q_col_dup(st, 1);
		r[len].start_time = kv_q_col_dup(st, 2);
		r[len].host = kv_q_col_dup(st, 3);
		r[len].tool = kv_q_col_dup(st, 4);
		r[len].tool_version = kv_q_col_dup(st, 5);
		r[len].source = kv_q_col_dup(st, 6);
		r[len].format = kv_q_col_dup(st, 7);
		r[len].sha256 = kv_q_col_dup(st, 8);
		r[len].benchmarks = kv_q_col_int64(st, 9);
		r[len].samples = kv_q_col_int64(st, 10);
		len++;
	}
	kv_q_free(st);
	if (rc < 0) {
		kv_db_runinfos_free(r, len);
		return -1;
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

/* The statements compare runs, one per filter shape, so that each can use
 * an index ("?1 IS NULL OR b.tool = ?1" can use none). */
enum series_stmt {
	Q_METRICS,      /* every metric, in series order */
	Q_METRICS_TOOL, /* the metrics of one tool */
	Q_RUNS,         /* one metric's run aggregates, by config and run */
	Q_RUNS_CONFIG,  /* one metric's run aggregates in one configuration */
	Q_SAMPLES,      /* one run's samples of one metric */
	Q_COUNT
};

static const char *const series_sql[Q_COUNT] = {
    [Q_METRICS] = "SELECT m.id, b.tool, b.name, b.params, m.name, m.unit, m.direction, m.kind "
		  "FROM benchmark b JOIN metric m ON m.benchmark_id = b.id "
		  "ORDER BY b.tool, b.name, b.params, m.name",
    [Q_METRICS_TOOL] = "SELECT m.id, b.tool, b.name, b.params, m.name, m.unit, m.direction, "
		       "m.kind FROM benchmark b JOIN metric m ON m.benchmark_id = b.id "
		       "WHERE b.tool = $1 ORDER BY b.name, b.params, m.name",
    [Q_RUNS] = "SELECT config, run_id, n, mean FROM run_metric WHERE metric_id = $1 "
	       "ORDER BY config, run_id",
    [Q_RUNS_CONFIG] = "SELECT config, run_id, n, mean FROM run_metric "
		      "WHERE metric_id = $1 AND config = $2 ORDER BY run_id",
    [Q_SAMPLES] = "SELECT value FROM sample WHERE run_id = $1 AND metric_id = $2 ORDER BY seq",
};

static const char *const series_stmt_name[Q_COUNT] = {
    "metrics", "metrics of a tool", "run aggregates", "run aggregates of a configuration",
    "samples of a run"};

/* With KVPERF_EXPLAIN set: the query plan of statement i on stderr, one
 * "kvperf: plan: <statement>: <step>" line per step. */
static void explain(struct kv_db *db, enum series_stmt i)
{
	const char *env = getenv("KVPERF_EXPLAIN");

	if (env != NULL && *env != '\0') {
		db->eng->explain(db, series_stmt_name[i], series_sql[i]);
	}
}

static int prepare_series(struct kv_db *db, enum series_stmt i, struct kv_q **st,
			  struct kv_error *err)
{
	explain(db, i);
	return prepare(db, series_sql[i], st, err);
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A metric's row of Q_METRICS*: its id, tool, benchmark, params, name,
 * unit, direction and kind. */
struct meta {
	int64_t id;
	char *col[7];
};

static void meta_read(struct kv_q *st, struct meta *m)
{
	m->id = kv_q_col_int64(st, 0);
	for (int i = 0; i < 7; i++) {
		m->col[i] = kv_q_col_dup(st, i + 1);
	}
}

static void meta_free(struct meta *m)
{
	for (int i = 0; i < 7; i++) {
		free(m->col[i]);
		m->col[i] = NULL;
	}
}

/* A new series for metric m in config. */
static struct kv_series *new_series(struct kv_series **v, size_t *len, size_t *cap,
				    const struct meta *m, const char *config)
{
	struct kv_series *s;

	if (*len == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = kv_xreallocarray(*v, *cap, sizeof(**v));
	}
	s = &(*v)[(*len)++];
	memset(s, 0, sizeof(*s));
	s->config = kv_xstrdup(config);
	s->tool = kv_xstrdup(m->col[0]);
	s->benchmark = kv_xstrdup(m->col[1]);
	s->params = kv_xstrdup(m->col[2]);
	s->metric = kv_xstrdup(m->col[3]);
	s->unit = kv_xstrdup(m->col[4]);
	s->direction = kv_xstrdup(m->col[5]);
	s->kind = kv_xstrdup(m->col[6]);
	s->metric_id = m->id;
	s->run_off = kv_xcalloc(1, sizeof(*s->run_off));
	return s;
}

/* Appends a run of n samples of mean to s; *rcap is s's room. */
static void add_run(struct kv_series *s, int64_t run_id, int64_t n, double mean, size_t *rcap)
{
	if (s->n_runs + 2 > *rcap) {
		*rcap = *rcap ? 2 * *rcap : 8;
		s->run_off = kv_xreallocarray(s->run_off, *rcap, sizeof(*s->run_off));
		s->run_id = kv_xreallocarray(s->run_id, *rcap, sizeof(*s->run_id));
		s->run_mean = kv_xreallocarray(s->run_mean, *rcap, sizeof(*s->run_mean));
	}
	s->run_id[s->n_runs] = run_id;
	s->run_mean[s->n_runs] = mean;
	s->run_off[s->n_runs + 1] = s->run_off[s->n_runs] + (size_t)n;
	s->n_runs++;
}

/* Reads the samples of every run of s, through the sample table's key. */
static int load_values(struct kv_db *db, struct kv_q *st, struct kv_series *s, struct kv_error *err)
{
	size_t total = s->run_off[s->n_runs];
	int rc;

	s->values = kv_xmalloc((total ? total : 1) * sizeof(*s->values));
	for (size_t j = 0; j < s->n_runs; j++) {
		size_t k = s->run_off[j];
		kv_q_reset(st);
		kv_q_int64(st, 1, s->run_id[j]);
		kv_q_int64(st, 2, s->metric_id);
		while ((rc = kv_q_step(st, QFAIL, err)) == 1 && k < s->run_off[j + 1]) {
			s->values[k++] = kv_q_col_double(st, 0);
		}
		if (rc < 0) {
			return -1;
		}
		if (rc == 1 || k != s->run_off[j + 1]) {
			return kv_fail_file(err, KV_EXIT_DATAERR, db->path,
					    "run %lld holds other samples of metric %lld than its "
					    "aggregates count: the database was changed by hand",
					    (long long)s->run_id[j], (long long)s->metric_id);
		}
	}
	return 0;
}

/* The series of metric m: runs' rows from st (Q_RUNS, or Q_RUNS_CONFIG
 * for config), values through samples when not NULL. */
static int load_metric(struct kv_db *db, const struct meta *m, struct kv_q *st, const char *config,
		       struct kv_q *samples, struct kv_series **v, size_t *len, size_t *cap,
		       struct kv_error *err)
{
	struct kv_series *cur = NULL;
	size_t rcap = 0;
	int rc;

	kv_q_reset(st);
	kv_q_int64(st, 1, m->id);
	if (config != NULL) {
		kv_q_text(st, 2, config);
	}
	while ((rc = kv_q_step(st, QFAIL, err)) == 1) {
		const char *c = kv_q_col_text(st, 0);
		if (cur == NULL || strcmp(cur->config, c) != 0) {
			if (cur != NULL && samples != NULL &&
			    load_values(db, samples, cur, err) < 0) {
				return -1;
			}
			cur = new_series(v, len, cap, m, c);
			rcap = 0;
		}
		add_run(cur, kv_q_col_int64(st, 1), kv_q_col_int64(st, 2), kv_q_col_double(st, 3),
			&rcap);
	}
	if (rc < 0) {
		return -1;
	}
	if (cur != NULL && samples != NULL && load_values(db, samples, cur, err) < 0) {
		return -1;
	}
	return 0;
}

/* Metrics whose run aggregates a server sends in one statement. */
#define BATCH 256

/* "SELECT ... FROM run_metric WHERE metric_id IN ($1, ..., $BATCH)": the
 * run aggregates of BATCH metrics at once, for a remote engine, in the
 * order of the table's key. */
static char *batch_sql(void)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;

	kv_strbuf_adds(&sb, "SELECT metric_id, config, run_id, n, mean FROM run_metric "
			    "WHERE metric_id IN (");
	for (int i = 1; i <= BATCH; i++) {
		kv_strbuf_addf(&sb, "%s$%d", i > 1 ? ", " : "", i);
	}
	kv_strbuf_adds(&sb, ") ORDER BY metric_id, config, run_id");
	return kv_strbuf_detach(&sb);
}

/* The rows of a batch. */
struct batch_rows {
	int64_t *metric, *run, *n;
	double *mean;
	char **config;
	size_t len, cap;
};

static void batch_rows_clear(struct batch_rows *b)
{
	for (size_t i = 0; i < b->len; i++) {
		free(b->config[i]);
	}
	b->len = 0;
}

/* The series of the nm metrics m (in series order): one statement for the
 * run aggregates of all of them (st: batch_sql()), then as load_metric()
 * for each, keeping only the configurations conf (NULL: all). */
static int load_batch(struct kv_db *db, const struct meta *m, size_t nm, struct kv_q *st,
		      const char *const *conf, size_t nconf, struct kv_q *samples,
		      struct batch_rows *b, struct kv_series **v, size_t *len, size_t *cap,
		      struct kv_error *err)
{
	int rc;

	kv_q_reset(st);
	for (size_t i = 0; i < BATCH; i++) {
		kv_q_int64(st, (int)i + 1, m[i < nm ? i : nm - 1].id); /* the last again */
	}
	batch_rows_clear(b);
	while ((rc = kv_q_step(st, QFAIL, err)) == 1) {
		if (b->len == b->cap) {
			b->cap = b->cap ? 2 * b->cap : 256;
			b->metric = kv_xreallocarray(b->metric, b->cap, sizeof(*b->metric));
			b->run = kv_xreallocarray(b->run, b->cap, sizeof(*b->run));
			b->n = kv_xreallocarray(b->n, b->cap, sizeof(*b->n));
			b->mean = kv_xreallocarray(b->mean, b->cap, sizeof(*b->mean));
			b->config = kv_xreallocarray(b->config, b->cap, sizeof(*b->config));
		}
		b->metric[b->len] = kv_q_col_int64(st, 0);
		b->config[b->len] = kv_q_col_dup(st, 1);
		b->run[b->len] = kv_q_col_int64(st, 2);
		b->n[b->len] = kv_q_col_int64(st, 3);
		b->mean[b->len] = kv_q_col_double(st, 4);
		b->len++;
	}
	if (rc < 0) {
		return -1;
	}
	for (size_t j = 0; j < nm; j++) {
		struct kv_series *cur = NULL;
		size_t lo = 0, hi = b->len, rcap = 0;

		while (lo < hi) { /* the first row of metric j */
			size_t mid = lo + (hi - lo) / 2;
			if (b->metric[mid] < m[j].id) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		for (size_t r = lo; r < b->len && b->metric[r] == m[j].id; r++) {
			const char *c = b->config[r];
			if (conf != NULL &&
			    bsearch(&c, conf, nconf, sizeof(*conf), cmp_cstr) == NULL) {
				continue;
			}
			if (cur == NULL || strcmp(cur->config, c) != 0) {
				if (cur != NULL && samples != NULL &&
				    load_values(db, samples, cur, err) < 0) {
					return -1;
				}
				cur = new_series(v, len, cap, &m[j], c);
				rcap = 0;
			}
			add_run(cur, b->run[r], b->n[r], b->mean[r], &rcap);
		}
		if (cur != NULL && samples != NULL && load_values(db, samples, cur, err) < 0) {
			return -1;
		}
	}
	return 0;
}

/* kv_db_load_series() on a remote engine: metrics a batch at a time. */
static int load_series_remote(struct kv_db *db, struct kv_q *meta, const char *const *conf,
			      size_t nconf, struct kv_q *samples, struct kv_series **v, size_t *len,
			      size_t *cap, struct kv_error *err)
{
	struct meta m[BATCH];
	struct batch_rows b = {0};
	char *sql = batch_sql();
	struct kv_q *st;
	size_t nm = 0;
	int rc = 1, ret = -1;

	if (db->eng->explain != NULL && getenv("KVPERF_EXPLAIN") != NULL &&
	    *getenv("KVPERF_EXPLAIN") != '\0') {
		db->eng->explain(db, "run aggregates of a batch of metrics", sql);
	}
	st = kv_q_prepare(db, sql, err);
	free(sql);
	if (st == NULL) {
		return -1;
	}
	while (rc == 1) {
		if ((rc = kv_q_step(meta, QFAIL, err)) == 1) {
			meta_read(meta, &m[nm++]);
		}
		if (rc < 0) {
			goto out;
		}
		if ((nm == BATCH || (rc == 0 && nm > 0)) &&
		    load_batch(db, m, nm, st, conf, nconf, samples, &b, v, len, cap, err) < 0) {
			goto out;
		}
		if (nm == BATCH || rc == 0) {
			for (size_t i = 0; i < nm; i++) {
				meta_free(&m[i]);
			}
			nm = 0;
		}
	}
	ret = 0;
out:
	for (size_t i = 0; i < nm; i++) {
		meta_free(&m[i]);
	}
	batch_rows_clear(&b);
	free(b.metric);
	free(b.run);
	free(b.n);
	free(b.mean);
	free(b.config);
	kv_q_free(st);
	return ret;
}

int kv_db_load_series(struct kv_db *db, const struct kv_series_query *q, struct kv_series **out,
		      size_t *n, struct kv_error *err)
{
	struct kv_series *v = NULL;
	size_t len = 0, cap = 0, nconf = 0;
	struct kv_q *meta = NULL, *runs = NULL, *samples = NULL;
	const char **conf = NULL;
	int rc, ret = -1;

	*out = NULL;
	*n = 0;
	if (q->configs != NULL) { /* sorted, once each: the series' order */
		conf = kv_xmalloc((q->nconfigs ? q->nconfigs : 1) * sizeof(*conf));
		memcpy(conf, q->configs, q->nconfigs * sizeof(*conf));
		qsort(conf, q->nconfigs, sizeof(*conf), cmp_cstr);
		for (size_t i = 0; i < q->nconfigs; i++) {
			if (nconf == 0 || strcmp(conf[nconf - 1], conf[i]) != 0) {
				conf[nconf++] = conf[i];
			}
		}
	}
	if (prepare_series(db, q->tool != NULL ? Q_METRICS_TOOL : Q_METRICS, &meta, err) < 0 ||
	    (!db->eng->remote &&
	     prepare_series(db, conf != NULL ? Q_RUNS_CONFIG : Q_RUNS, &runs, err) < 0) ||
	    (q->samples && prepare_series(db, Q_SAMPLES, &samples, err) < 0)) {
		goto out;
	}
	if (q->tool != NULL) {
		kv_q_text(meta, 1, q->tool);
	}
	if (db->eng->remote) {
		if (load_series_remote(db, meta, conf, nconf, samples, &v, &len, &cap, err) < 0) {
			goto out;
		}
		goto done;
	}
	while ((rc = kv_q_step(meta, QFAIL, err)) == 1) {
		struct meta m;
		meta_read(meta, &m);
		for (size_t i = 0; i < (conf != NULL ? nconf : 1); i++) {
			if (load_metric(db, &m, runs, conf != NULL ? conf[i] : NULL, samples, &v,
					&len, &cap, err) < 0) {
				meta_free(&m);
				goto out;
			}
		}
		meta_free(&m);
	}
	if (rc < 0) {
		goto out;
	}
done:
	*out = v;
	*n = len;
	v = NULL;
	len = 0;
	ret = 0;
out:
	kv_q_free(meta);
	kv_q_free(runs);
	kv_q_free(samples);
	free(conf);
	kv_series_free(v, len);
	return ret;
}

int kv_db_load_values(struct kv_db *db, struct kv_series *s, size_t n, const bool *want,
		      struct kv_error *err)
{
	struct kv_q *st = NULL;
	int ret = -1;

	if (prepare_series(db, Q_SAMPLES, &st, err) < 0) {
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (want[i] && s[i].values == NULL && load_values(db, st, &s[i], err) < 0) {
			goto out;
		}
	}
	ret = 0;
out:
	kv_q_free(st);
	return ret;
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
		free(s[i].run_mean);
		free(s[i].values);
	}
	free(s);
}
