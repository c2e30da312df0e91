/*
 * db_copy.c - copying sources from one database to another (kvperf push
 * and pull), whatever their engines.
 *
 * It reads through the statement interface, in the SQL both engines
 * speak, and writes through the public writers, as an import does: the
 * target makes its own ids and computes its own run aggregates from the
 * samples.  Sources go in id order, a source's runs in sequence order and
 * a run's metrics in id order, so that a copy into an empty database makes
 * the same ids as the imports that filled the first one.  What is held in
 * memory at once is one run's list of metrics and one metric's samples of
 * a run, never a whole source: a source may hold 10^8 samples.
 */
#include <stdlib.h>
#include <string.h>

#include "schema/db.h"
#include "schema/db_internal.h"
#include "util/xalloc.h"

/* The statements that read from. */
enum copy_stmt {
	C_SOURCES, /* the sources a filter selects, by id */
	C_RUNS,    /* a source's runs, by sequence */
	C_LABELS,  /* a run's labels */
	C_METRICS, /* a run's metrics (with their benchmark and count of samples), by id */
	C_PARAMS,  /* a benchmark's parameters */
	C_SAMPLES, /* a run's samples of a metric, by sequence */
	C_COUNT
};

static const char *const copy_sql[C_COUNT] = {
    /* a run without a start time counts from its source's import time */
    [C_SOURCES] =
	"SELECT s.id, s.sha256, s.path, s.format, s.size, s.imported_at FROM source s "
	"WHERE (CAST($1 AS TEXT) IS NULL AND CAST($2 AS TEXT) IS NULL) "
	"OR EXISTS (SELECT 1 FROM run r WHERE r.source_id = s.id "
	"  AND (CAST($1 AS TEXT) IS NULL OR r.config = $1) "
	"  AND (CAST($2 AS TEXT) IS NULL OR coalesce(r.start_time, s.imported_at) >= $2)) "
	"ORDER BY s.id",
    [C_RUNS] = "SELECT id, seq, config, start_time, host, tool, tool_version FROM run "
	       "WHERE source_id = $1 ORDER BY seq",
    [C_LABELS] = "SELECT key, value FROM label WHERE run_id = $1 ORDER BY key",
    /* through the sample table's key (run_metric has none that starts
     * with the run): the run's range of it, which is read again below */
    [C_METRICS] = "SELECT s.metric_id, s.n, m.name, m.unit, m.orig_unit, m.direction, m.kind, "
		  "b.id, b.tool, b.name, b.params "
		  "FROM (SELECT metric_id, count(*) AS n FROM sample WHERE run_id = $1 "
		  "  GROUP BY metric_id) s "
		  "JOIN metric m ON m.id = s.metric_id JOIN benchmark b ON b.id = m.benchmark_id "
		  "ORDER BY s.metric_id",
    [C_PARAMS] = "SELECT key, value, num FROM param WHERE benchmark_id = $1 ORDER BY key",
    [C_SAMPLES] = "SELECT seq, value FROM sample WHERE run_id = $1 AND metric_id = $2 "
		  "ORDER BY seq",
};

/* from's benchmark id -> to's, an open-addressing table. */
struct idmap_entry {
	int64_t from, to;
	bool used;
};

struct copy {
	struct kv_db *from, *to;
	struct kv_q *q[C_COUNT]; /* on from, prepared on first use */
	/* the benchmarks met so far: an entry made in a transaction of to
	 * that is rolled back would be wrong, but the one rollback after
	 * which the copy goes on (a source found there already) comes before
	 * any benchmark is made */
	struct idmap_entry *bench;
	size_t nbench, bench_cap; /* entries; slots (a power of 2) */
	double *buf;              /* one run's samples of one metric */
	size_t cap;
	const char *source; /* the path of the source being copied, for messages */
};

static size_t id_slot(int64_t id, size_t cap)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 32) & (cap - 1);
}

static const struct idmap_entry *bench_find(const struct copy *c, int64_t from)
{
	if (c->bench_cap == 0) {
		return NULL;
	}
	for (size_t i = id_slot(from, c->bench_cap); c->bench[i].used;
	     i = (i + 1) & (c->bench_cap - 1)) {
		if (c->bench[i].from == from) {
			return &c->bench[i];
		}
	}
	return NULL;
}

static void bench_put(struct idmap_entry *t, size_t cap, int64_t from, int64_t to)
{
	size_t i = id_slot(from, cap);
	while (t[i].used) {
		i = (i + 1) & (cap - 1);
	}
	t[i] = (struct idmap_entry){from, to, true};
}

static void bench_add(struct copy *c, int64_t from, int64_t to)
{
	if (2 * (c->nbench + 1) > c->bench_cap) {
		size_t cap = c->bench_cap ? 2 * c->bench_cap : 64;
		struct idmap_entry *t = kv_xcalloc(cap, sizeof(*t));
		for (size_t i = 0; i < c->bench_cap; i++) {
			if (c->bench[i].used) {
				bench_put(t, cap, c->bench[i].from, c->bench[i].to);
			}
		}
		free(c->bench);
		c->bench = t;
		c->bench_cap = cap;
	}
	bench_put(c->bench, c->bench_cap, from, to);
	c->nbench++;
}

/* After a failure of a call on db: the error names db (its path or URI
 * without the password) when it names no place yet, and the source being
 * copied, if any; -1. */
static int failed(const struct copy *c, struct kv_db *db, struct kv_error *err)
{
	char where[sizeof(err->where)], msg[sizeof(err->msg)];
	int code = err->code != 0 ? err->code : KV_EXIT_FAILURE;

	memcpy(where, err->where, sizeof(where));
	memcpy(msg, err->msg, sizeof(msg));
	if (c->source != NULL) {
		return kv_fail_file(err, code, where[0] != '\0' ? where : kv_db_path(db),
				    "%s (copying '%s')", msg, c->source);
	}
	return kv_fail_file(err, code, where[0] != '\0' ? where : kv_db_path(db), "%s", msg);
}

/* Statement i on from, reset; NULL with err filled. */
static struct kv_q *stmt(struct copy *c, enum copy_stmt i, struct kv_error *err)
{
	if (c->q[i] != NULL) {
		kv_q_reset(c->q[i]);
		return c->q[i];
	}
	return c->q[i] = kv_q_prepare(c->from, copy_sql[i], err);
}

/* to's id of the benchmark of the C_METRICS row m, made with its
 * parameters when to has no such benchmark. */
static int copy_bench(struct copy *c, struct kv_q *m, int64_t *id, struct kv_error *err)
{
	int64_t from_id = kv_q_col_int64(m, 7);
	const struct idmap_entry *e = bench_find(c, from_id);
	struct kv_db_param *p = NULL;
	char **own = NULL; /* the strings of p, 2 a parameter */
	size_t n = 0, cap = 0;
	struct kv_q *q;
	int rc, ret = -1;

	if (e != NULL) {
		*id = e->to;
		return 0;
	}
	if ((q = stmt(c, C_PARAMS, err)) == NULL) {
		return failed(c, c->from, err);
	}
	kv_q_int64(q, 1, from_id);
	while ((rc = kv_q_step(q, "cannot read a benchmark's parameters", err)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			p = kv_xreallocarray(p, cap, sizeof(*p));
			own = kv_xreallocarray(own, 2 * cap, sizeof(*own));
		}
		p[n].key = own[2 * n] = kv_q_col_dup(q, 0);
		p[n].value = own[2 * n + 1] = kv_q_col_dup(q, 1);
		p[n].is_num = kv_q_col_text(q, 2) != NULL;
		p[n].num = p[n].is_num ? kv_q_col_double(q, 2) : 0;
		n++;
	}
	if (rc < 0) {
		failed(c, c->from, err);
		goto out;
	}
	if (kv_db_benchmark(c->to, kv_q_col_text(m, 8), kv_q_col_text(m, 9), kv_q_col_text(m, 10),
			    p, n, id, err) < 0) {
		failed(c, c->to, err);
		goto out;
	}
	bench_add(c, from_id, *id);
	ret = 0;
out:
	for (size_t i = 0; i < 2 * n; i++) {
		free(own[i]);
	}
	free(own);
	free(p);
	return ret;
}

/* Copies the samples of from's run from_run of the C_METRICS row m to
 * to's run_id; *copied counts them. */
static int copy_samples(struct copy *c, struct kv_q *m, int64_t from_run, int64_t run_id,
			int64_t *copied, struct kv_error *err)
{
	int64_t bench_id, metric_id;
	int64_t first = 0; /* the seq of buf[0] */
	size_t len = 0;
	struct kv_q *q;
	int rc;

	if (copy_bench(c, m, &bench_id, err) < 0) {
		return -1;
	}
	if (kv_db_metric(c->to, bench_id, kv_q_col_text(m, 2), kv_q_col_text(m, 3),
			 kv_q_col_text(m, 4), kv_q_col_text(m, 5), kv_q_col_text(m, 6), &metric_id,
			 err) < 0) {
		return failed(c, c->to, err);
	}
	if ((q = stmt(c, C_SAMPLES, err)) == NULL) {
		return failed(c, c->from, err);
	}
	kv_q_int64(q, 1, from_run);
	kv_q_int64(q, 2, kv_q_col_int64(m, 0));
	while ((rc = kv_q_step(q, "cannot read the samples", err)) == 1) {
		int64_t seq = kv_q_col_int64(q, 0);
		/* seqs run from 0 without a gap as kvperf writes them; a gap
		 * (a database changed by hand) is kept */
		if (len > 0 && seq != first + (int64_t)len) {
			if (kv_db_add_samples(c->to, run_id, metric_id, c->buf, len, first, err) <
			    0) {
				return failed(c, c->to, err);
			}
			*copied += (int64_t)len;
			len = 0;
		}
		if (len == 0) {
			first = seq;
		}
		if (len == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 1024;
			c->buf = kv_xreallocarray(c->buf, c->cap, sizeof(*c->buf));
		}
		c->buf[len++] = kv_q_col_double(q, 1);
	}
	if (rc < 0) {
		return failed(c, c->from, err);
	}
	if (kv_db_add_samples(c->to, run_id, metric_id, c->buf, len, first, err) < 0) {
		return failed(c, c->to, err);
	}
	*copied += (int64_t)len;
	return 0;
}

/* Copies the labels of from's run from_run to to's run_id. */
static int copy_labels(struct copy *c, int64_t from_run, int64_t run_id, struct kv_error *err)
{
	struct kv_q *q = stmt(c, C_LABELS, err);
	int rc;

	if (q == NULL) {
		return failed(c, c->from, err);
	}
	kv_q_int64(q, 1, from_run);
	while ((rc = kv_q_step(q, "cannot read the labels", err)) == 1) {
		if (kv_db_set_label(c->to, run_id, kv_q_col_text(q, 0), kv_q_col_text(q, 1), err) <
		    0) {
			return failed(c, c->to, err);
		}
	}
	return rc < 0 ? failed(c, c->from, err) : 0;
}

/* Copies (or, with dry_run, counts) the metrics of the C_RUNS row r: its
 * samples into to's run_id, counted in *samples. */
static int copy_metrics(struct copy *c, struct kv_q *r, int64_t run_id, bool dry_run,
			int64_t *samples, struct kv_error *err)
{
	int64_t from_run = kv_q_col_int64(r, 0);
	struct kv_q *m = stmt(c, C_METRICS, err);
	int rc;

	if (m == NULL) {
		return failed(c, c->from, err);
	}
	kv_q_int64(m, 1, from_run);
	while ((rc = kv_q_step(m, "cannot read a run's metrics", err)) == 1) {
		if (dry_run) {
			*samples += kv_q_col_int64(m, 1);
		} else if (copy_samples(c, m, from_run, run_id, samples, err) < 0) {
			return -1;
		}
	}
	return rc < 0 ? failed(c, c->from, err) : 0;
}

/* Copies (or counts) the runs of from's source from_src into to's source
 * src_id, with their labels, metrics and samples. */
static int copy_runs(struct copy *c, int64_t from_src, int64_t src_id, bool dry_run, size_t *runs,
		     int64_t *samples, struct kv_error *err)
{
	struct kv_q *r = stmt(c, C_RUNS, err);
	int rc;

	if (r == NULL) {
		return failed(c, c->from, err);
	}
	kv_q_int64(r, 1, from_src);
	while ((rc = kv_q_step(r, "cannot read the runs", err)) == 1) {
		struct kv_db_run run = {
		    .source_id = src_id,
		    .seq = (int)kv_q_col_int64(r, 1),
		    .config = kv_q_col_text(r, 2),
		    .start_time = kv_q_col_text(r, 3),
		    .host = kv_q_col_text(r, 4),
		    .tool = kv_q_col_text(r, 5),
		    .tool_version = kv_q_col_text(r, 6),
		};
		int64_t run_id = 0;

		if (!dry_run && kv_db_add_run(c->to, &run, &run_id, err) < 0) {
			return failed(c, c->to, err);
		}
		if (!dry_run && copy_labels(c, kv_q_col_int64(r, 0), run_id, err) < 0) {
			return -1;
		}
		if (copy_metrics(c, r, run_id, dry_run, samples, err) < 0) {
			return -1;
		}
		(*runs)++;
	}
	return rc < 0 ? failed(c, c->from, err) : 0;
}

/* Copies the source of the C_SOURCES row s, in one transaction of to, or
 * counts it as present. */
static int copy_source(struct copy *c, struct kv_q *s, bool dry_run, struct kv_db_copy_stats *st,
		       struct kv_error *err)
{
	struct kv_db_source src = {
	    .sha256 = kv_q_col_text(s, 1),
	    .path = kv_q_col_text(s, 2),
	    .format = kv_q_col_text(s, 3),
	    .size = kv_q_col_int64(s, 4),
	    .imported_at = kv_q_col_text(s, 5),
	};
	size_t runs = 0;
	int64_t samples = 0, src_id = 0;
	bool found;
	int rc;

	if (kv_db_find_source(c->to, src.sha256, &found, NULL, err) < 0) {
		return failed(c, c->to, err);
	}
	if (found) {
		st->present++;
		return 0;
	}
	c->source = src.path;
	if (dry_run) {
		if (copy_runs(c, kv_q_col_int64(s, 0), 0, true, &runs, &samples, err) < 0) {
			return -1;
		}
	} else {
		if (kv_db_begin(c->to, err) < 0) {
			return failed(c, c->to, err);
		}
		if ((rc = kv_db_add_source(c->to, &src, &src_id, err)) == 1) {
			/* another writer copied or imported it meanwhile */
			kv_db_rollback(c->to);
			st->present++;
			return 0;
		}
		if (rc < 0) {
			kv_db_rollback(c->to);
			return failed(c, c->to, err);
		}
		if (copy_runs(c, kv_q_col_int64(s, 0), src_id, false, &runs, &samples, err) < 0) {
			kv_db_rollback(c->to); /* nothing of this source stays */
			return -1;
		}
		if (kv_db_commit(c->to, err) < 0) {
			return failed(c, c->to, err);
		}
	}
	st->sources++;
	st->runs += runs;
	st->samples += samples;
	return 0;
}

int kv_db_copy(struct kv_db *from, struct kv_db *to, const struct kv_db_copy_filter *f,
	       struct kv_db_copy_stats *st, struct kv_error *err)
{
	struct copy c = {.from = from, .to = to};
	bool dry_run = f != NULL && f->dry_run;
	struct kv_q *s;
	int rc;

	memset(st, 0, sizeof(*st));
	if ((s = stmt(&c, C_SOURCES, err)) == NULL) {
		rc = failed(&c, from, err);
		goto out;
	}
	kv_q_text(s, 1, f != NULL ? f->config : NULL);
	kv_q_text(s, 2, f != NULL ? f->since : NULL);
	while ((rc = kv_q_step(s, "cannot read the sources", err)) == 1) {
		rc = copy_source(&c, s, dry_run, st, err);
		c.source = NULL;
		if (rc < 0) {
			goto out;
		}
	}
	if (rc < 0) {
		failed(&c, from, err);
	}
out:
	for (size_t i = 0; i < C_COUNT; i++) {
		kv_q_free(c.q[i]);
	}
	free(c.bench);
	free(c.buf);
	return rc < 0 ? -1 : 0;
}
