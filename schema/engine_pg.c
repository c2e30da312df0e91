/*
 * engine_pg.c - the PostgreSQL engine (libpq): a database on a server
 * that many importers on many machines write at once, and many readers
 * read.
 *
 * Connection settings are libpq's own: the URI, and what libpq reads from
 * the environment (PGSERVICE and pg_service.conf, PGPASSFILE, PGSSLMODE,
 * ...).  Messages show the URI without its password, and libpq's own
 * message on one line.
 *
 * Writing: one transaction per imported file, as on SQLite.  Samples are
 * not sent row by row: they go as binary rows of a COPY that stays open
 * while the importer reads on (the server stores them meanwhile), until
 * another statement must run; the run aggregates (run_metric), computed
 * here exactly as SQLite's are, go with a second COPY at commit.  Two importers of
 * one file meet on the source table's unique hash (the second waits for
 * the first's transaction, then inserts nothing: db.c); importers that
 * create the same benchmark or metric wait for each other on an advisory
 * lock held to the end of the transaction, so that they cannot deadlock
 * and never make a row twice.  A connection that breaks, or a server that
 * stops, leaves nothing of an uncommitted file.
 */
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "schema/db.h"
#include "schema/db_internal.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

extern const char kv_schema_pg_sql[];

/* pg_advisory_xact_lock keys: "kvpf" and what the lock is for. */
#define LOCK_SCHEMA   0x6b76706600000001LL
#define LOCK_NEW_ROWS 0x6b76706600000002LL

/* Samples buffered before they go to the COPY under way. */
#define COPY_CHUNK_BYTES (64u << 10)
/* Samples kept before a COPY begins: each COPY costs the server some
 * milliseconds to set up, and a statement between two metrics (a new
 * one's lookup) ends it. */
#define COPY_START_BYTES (2u << 20)

/* What a transaction wrote of a run's metric: for the duplicate check and
 * the run_metric row. */
struct written {
	int64_t run_id, metric_id;
	size_t run; /* the run's place in pg->runs (its configuration) */
	int64_t next_seq;
	struct kv_agg agg;
	bool used;
};

/* A run written at commit. */
struct pending_run {
	int64_t id, source_id;
	int seq;
	char *config, *start_time, *host, *tool, *tool_version;
};

/* A label written at commit. */
struct pending_label {
	int64_t run_id;
	char *key, *value;
};

struct pg {
	PGconn *conn;
	const char *path; /* kv_db's: the URI without its password */
	unsigned nstmt;   /* statements prepared so far: their names */
	/* the open transaction's samples: a COPY under way (the server
	 * stores rows while we read the next ones), until another
	 * statement must run; and its rows not sent yet */
	bool copying;
	struct kv_strbuf copy;
	/* ...and what it wrote, an open-addressing table by (run, metric) */
	struct written *w;
	size_t wlen, wcap;
	/* The transaction's runs and labels, written at commit: a run's row
	 * would end the COPY and wait for the server at every run.  Its id
	 * comes at once from the run table's sequence through a second
	 * connection (a sequence is outside transactions), so that samples
	 * can name it. */
	char *uri;   /* to open the second connection */
	PGconn *ids; /* that connection, opened on the first run */
	struct pending_run *runs;
	size_t nruns, runs_cap;
	struct pending_label *labels;
	size_t nlabels, labels_cap;
};

struct pg_q {
	struct kv_q base;
	char name[24];
	char *sql;
	bool prepared;
	int nparams;
	char **val;    /* parameter i + 1's text, or NULL */
	size_t *vcap;  /* its buffer's size */
	bool *is_null; /* parameter i + 1 is NULL */
	PGresult *res;
	int row, nrows;
};

static struct pg *PG(struct kv_db *db)
{
	return db->impl;
}

/* libpq's message on one line: newlines become "; ", trailing space goes. */
static void one_line(const char *msg, char *out, size_t size)
{
	size_t j = 0;

	for (const char *p = msg; *p && j + 3 < size; p++) {
		if (*p == '\n') {
			while (p[1] == ' ' || p[1] == '\t') {
				p++; /* libpq indents the lines after the first */
			}
			if (p[1] != '\0' && j > 0) {
				out[j++] = ';';
				out[j++] = ' ';
			}
		} else if (*p == '\t') {
			out[j++] = ' ';
		} else {
			out[j++] = *p;
		}
	}
	while (j > 0 && out[j - 1] == ' ') {
		j--;
	}
	out[j] = '\0';
}

/* Fills err from a failed result (or the connection, when res is NULL):
 * "URI: what: why"; -1. */
static int pg_fail(struct pg *pg, const PGresult *res, struct kv_error *err, const char *what)
{
	char why[1024];
	const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	/* the server's message without its detail, hint and context lines */
	const char *msg = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if (msg == NULL || msg[0] == '\0') {
		msg = PQerrorMessage(pg->conn);
	}
	one_line(msg, why, sizeof(why));
	if (strncmp(why, "ERROR:  ", 8) == 0 || strncmp(why, "FATAL:  ", 8) == 0) {
		memmove(why, why + 8, strlen(why + 8) + 1);
	}
	if (state != NULL && strcmp(state, "42501") == 0) {
		return kv_fail_file(err, KV_EXIT_FAILURE, pg->path,
				    "%s: %s (%s: see kvperf(1), POSTGRESQL)", what, why,
				    strncmp(what, "cannot create", 13) == 0
					? "the tables are made by the database's owner"
					: "this role may only read");
	}
	/* the server went away: a connection exception (08...), an
	 * operator's shutdown or a crash (57P01..57P03), or an error of
	 * libpq's own (no SQLSTATE: "server closed the connection
	 * unexpectedly" comes before the connection is marked bad) */
	if (PQstatus(pg->conn) == CONNECTION_BAD || state == NULL || strncmp(state, "08", 2) == 0 ||
	    strncmp(state, "57P", 3) == 0) {
		return kv_fail_file(err, KV_EXIT_FAILURE, pg->path,
				    "%s: the connection to the server was lost: %s", what, why);
	}
	return kv_fail_file(err, KV_EXIT_FAILURE, pg->path, "%s: %s", what, why);
}

static int settle(struct pg *pg, struct kv_error *err);

/* Runs sql (no parameters) and expects status; 0 or -1. */
static int run(struct pg *pg, const char *sql, ExecStatusType status, const char *what,
	       struct kv_error *err)
{
	PGresult *res;
	int ret = 0;

	if (settle(pg, err) < 0) {
		return -1;
	}
	res = PQexec(pg->conn, sql);
	if (PQresultStatus(res) != status) {
		ret = pg_fail(pg, res, err, what);
	}
	PQclear(res);
	return ret;
}

/* ---- COPY ---- */

static void put16(struct kv_strbuf *b, uint16_t v)
{
	unsigned char c[2] = {(unsigned char)(v >> 8), (unsigned char)v};
	kv_strbuf_add(b, (const char *)c, 2);
}

static void put32(struct kv_strbuf *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};
	kv_strbuf_add(b, (const char *)c, 4);
}

static void put64(struct kv_strbuf *b, uint64_t v)
{
	unsigned char c[8];
	for (int i = 0; i < 8; i++) {
		c[i] = (unsigned char)(v >> (56 - 8 * i));
	}
	kv_strbuf_add(b, (const char *)c, 8);
}

/* A bigint field of a binary COPY row. */
static void put_int8(struct kv_strbuf *b, int64_t v)
{
	put32(b, 8);
	put64(b, (uint64_t)v);
}

/* A double precision field.  -0 is stored as 0, as SQLite stores it
 * (an integral REAL is kept as an integer there), so that both engines
 * give the same numbers back. */
static void put_float8(struct kv_strbuf *b, double v)
{
	uint64_t u;
	v = signbit(v) && v >= 0 ? 0.0 : v;
	memcpy(&u, &v, sizeof(u));
	put32(b, 8);
	put64(b, u);
}

static void put_text(struct kv_strbuf *b, const char *s)
{
	size_t n = strlen(s);
	put32(b, (uint32_t)n);
	kv_strbuf_add(b, s, n);
}

/* The binary COPY header (signature, flags, extension length). */
static void copy_header(struct kv_strbuf *b)
{
	kv_strbuf_add(b, "PGCOPY\n\377\r\n\0", 11);
	put32(b, 0);
	put32(b, 0);
}

/* Ends a COPY (abort: without storing what it sent) and reads its
 * results; ret is the error so far (0 or -1), which it keeps. */
static int copy_finish(struct pg *pg, bool abort, int ret, const char *what, struct kv_error *err)
{
	PGresult *res;

	if (PQputCopyEnd(pg->conn, abort ? "kvperf: rolled back" : NULL) != 1 && ret == 0) {
		ret = pg_fail(pg, NULL, err, what);
	}
	while ((res = PQgetResult(pg->conn)) != NULL) {
		if (ret == 0 && !abort && PQresultStatus(res) != PGRES_COMMAND_OK) {
			ret = pg_fail(pg, res, err, what);
		}
		PQclear(res);
	}
	return ret;
}

/* Sends rows (a header, rows, no trailer yet) with COPY sql. */
static int copy_send(struct pg *pg, const char *sql, struct kv_strbuf *rows, const char *what,
		     struct kv_error *err)
{
	int ret = 0;

	if (run(pg, sql, PGRES_COPY_IN, what, err) < 0) {
		return -1;
	}
	put16(rows, 0xffff); /* the trailer */
	if (PQputCopyData(pg->conn, rows->buf, (int)rows->len) != 1) {
		ret = pg_fail(pg, NULL, err, what);
	}
	return copy_finish(pg, ret < 0, ret, what, err);
}

static const char copy_samples_sql[] =
    "COPY sample (run_id, metric_id, seq, value) FROM STDIN (FORMAT binary)";

/* Sends the rows buffered to the COPY under way. */
static int copy_put(struct pg *pg, struct kv_error *err)
{
	int ret = 0;

	if (pg->copy.len > 0 && PQputCopyData(pg->conn, pg->copy.buf, (int)pg->copy.len) != 1) {
		ret = pg_fail(pg, NULL, err, "cannot record a sample");
	}
	kv_strbuf_truncate(&pg->copy, 0);
	return ret;
}

/* Ends the COPY of samples under way, if any (abort: without storing its
 * rows), and waits for the server to store them; before any other
 * statement.  0, or -1 with err filled (err may be NULL when aborting). */
static int end_copy(struct pg *pg, bool abort, struct kv_error *err)
{
	int ret = 0;

	if (!pg->copying) {
		return 0;
	}
	pg->copying = false;
	if (!abort) {
		put16(&pg->copy, 0xffff); /* the trailer */
		ret = copy_put(pg, err);
	}
	return copy_finish(pg, abort || ret < 0, abort ? 0 : ret, "cannot record a sample", err);
}

/* Before another statement: ends the COPY under way (the rows not sent
 * yet, when none is, stay for the next one). */
static int settle(struct pg *pg, struct kv_error *err)
{
	return end_copy(pg, false, err);
}

static int begin_copy(struct pg *pg, struct kv_error *err);

/* Sends every sample kept (at commit). */
static int flush_samples(struct pg *pg, struct kv_error *err)
{
	if (!pg->copying && pg->copy.len > 0 && begin_copy(pg, err) < 0) {
		return -1;
	}
	return end_copy(pg, false, err);
}

/* Begins the COPY of samples. */
static int begin_copy(struct pg *pg, struct kv_error *err)
{
	struct kv_strbuf h = KV_STRBUF_INIT;
	int ret = 0;

	if (run(pg, copy_samples_sql, PGRES_COPY_IN, "cannot record a sample", err) < 0) {
		return -1;
	}
	pg->copying = true;
	copy_header(&h);
	if (PQputCopyData(pg->conn, h.buf, (int)h.len) != 1 || copy_put(pg, err) < 0) {
		ret = pg_fail(pg, NULL, err, "cannot record a sample");
	}
	kv_strbuf_release(&h);
	return ret;
}

/* Forgets what the transaction wrote. */
static void forget_pending(struct pg *pg)
{
	for (size_t i = 0; i < pg->nruns; i++) {
		struct pending_run *r = &pg->runs[i];
		free(r->config);
		free(r->start_time);
		free(r->host);
		free(r->tool);
		free(r->tool_version);
	}
	pg->nruns = 0;
	for (size_t i = 0; i < pg->nlabels; i++) {
		free(pg->labels[i].key);
		free(pg->labels[i].value);
	}
	pg->nlabels = 0;
}

static void forget(struct pg *pg)
{
	end_copy(pg, true, NULL);
	kv_strbuf_truncate(&pg->copy, 0);
	forget_pending(pg);
	free(pg->w);
	pg->w = NULL;
	pg->wlen = pg->wcap = 0;
}

/* Sends the run aggregates of the transaction (at commit). */
static int flush_aggs(struct kv_db *db, struct kv_error *err)
{
	struct pg *pg = PG(db);
	struct kv_strbuf b = KV_STRBUF_INIT;
	int ret = 0;

	if (pg->wlen == 0) {
		return 0;
	}
	copy_header(&b);
	for (size_t i = 0; i < pg->wcap; i++) {
		const struct written *w = &pg->w[i];
		if (!w->used) {
			continue;
		}
		put16(&b, 8);
		put_int8(&b, w->metric_id);
		put_text(&b, pg->runs[w->run].config);
		put_int8(&b, w->run_id);
		put_int8(&b, w->agg.n);
		put_float8(&b, w->agg.mean);
		put_float8(&b, w->agg.m2);
		put_float8(&b, w->agg.min);
		put_float8(&b, w->agg.max);
	}
	if (ret == 0) {
		ret = copy_send(pg,
				"COPY run_metric (metric_id, config, run_id, n, mean, m2, minimum, "
				"maximum) FROM STDIN (FORMAT binary)",
				&b, "cannot record a run's aggregates", err);
	}
	kv_strbuf_release(&b);
	return ret;
}

static size_t slot_of(int64_t run_id, int64_t metric_id, size_t cap)
{
	uint64_t h = (uint64_t)run_id * 0x9e3779b97f4a7c15ull ^ (uint64_t)metric_id;
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 29;
	return (size_t)h & (cap - 1);
}

/* The entry of (run, metric), made when new. */
static struct written *written(struct pg *pg, int64_t run_id, int64_t metric_id)
{
	size_t i;

	if (2 * (pg->wlen + 1) > pg->wcap) {
		size_t cap = pg->wcap ? 2 * pg->wcap : 64;
		struct written *w = kv_xcalloc(cap, sizeof(*w));
		for (size_t k = 0; k < pg->wcap; k++) {
			if (pg->w[k].used) {
				for (i = slot_of(pg->w[k].run_id, pg->w[k].metric_id, cap);
				     w[i].used; i = (i + 1) & (cap - 1)) {
				}
				w[i] = pg->w[k];
			}
		}
		free(pg->w);
		pg->w = w;
		pg->wcap = cap;
	}
	for (i = slot_of(run_id, metric_id, pg->wcap); pg->w[i].used;
	     i = (i + 1) & (pg->wcap - 1)) {
		if (pg->w[i].run_id == run_id && pg->w[i].metric_id == metric_id) {
			return &pg->w[i];
		}
	}
	pg->w[i].used = true;
	pg->w[i].run_id = run_id;
	pg->w[i].metric_id = metric_id;
	pg->wlen++;
	return &pg->w[i];
}

static int pg_add_samples(struct kv_db *db, int64_t run_id, int64_t metric_id, const double *v,
			  size_t n, int64_t first_seq, struct kv_error *err)
{
	struct pg *pg = PG(db);
	struct written *w;
	struct kv_agg a;

	if (n == 0) {
		return 0;
	}
	/* a run is made in the transaction that adds its samples: what it
	 * holds already is what this transaction wrote */
	w = written(pg, run_id, metric_id);
	if (w->agg.n > 0 && first_seq < w->next_seq) {
		return kv_fail(err, KV_EXIT_DATAERR, "this metric already has samples in this run");
	}
	if (w->agg.n == 0) { /* its run: the last made, mostly */
		size_t r = pg->nruns;
		while (r > 0 && pg->runs[r - 1].id != run_id) {
			r--;
		}
		if (r == 0) {
			return kv_fail_file(err, KV_EXIT_FAILURE, pg->path,
					    "cannot record a sample: run %lld was not made in this "
					    "transaction",
					    (long long)run_id);
		}
		w->run = r - 1;
	}
	for (size_t i = 0; i < n; i++) {
		put16(&pg->copy, 4);
		put_int8(&pg->copy, run_id);
		put_int8(&pg->copy, metric_id);
		put_int8(&pg->copy, first_seq + (int64_t)i);
		put_float8(&pg->copy, v[i]);
	}
	kv_agg_of(v, n, &a);
	kv_agg_merge(&w->agg, &a);
	w->next_seq = first_seq + (int64_t)n;
	if (!pg->copying) {
		return pg->copy.len >= COPY_START_BYTES ? begin_copy(pg, err) : 0;
	}
	return pg->copy.len >= COPY_CHUNK_BYTES ? copy_put(pg, err) : 0;
}

/* The server's notices (a shutdown's WARNING, ...) are not kvperf's
 * messages: an error that follows says what matters, on one line. */
static void no_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* ---- runs and labels ---- */

static char *dup_or_null(const char *s)
{
	return s != NULL ? kv_xstrdup(s) : NULL;
}

/* The next id of the run table, from the second connection. */
static int next_run_id(struct pg *pg, int64_t *id, struct kv_error *err)
{
	static const char *const keys[] = {"dbname", "fallback_application_name", "client_encoding",
					   NULL};
	const char *vals[] = {pg->uri, "kvperf", "UTF8", NULL};
	PGresult *res;
	int ret = 0;

	if (pg->ids == NULL) {
		pg->ids = PQconnectdbParams(keys, vals, 1);
		if (pg->ids == NULL || PQstatus(pg->ids) != CONNECTION_OK) {
			char why[1024];
			one_line(pg->ids != NULL ? PQerrorMessage(pg->ids) : "out of memory", why,
				 sizeof(why));
			PQfinish(pg->ids);
			pg->ids = NULL;
			/* the main connection was up a moment ago: the server went */
			return kv_fail_file(err, KV_EXIT_FAILURE, pg->path,
					    "cannot record a run: the connection to the server was "
					    "lost: %s",
					    why);
		}
		PQsetNoticeProcessor(pg->ids, no_notice, NULL);
	}
	res = PQexec(pg->ids, "SELECT nextval(pg_get_serial_sequence('run', 'id'))");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		PGconn *main = pg->conn;
		pg->conn = pg->ids; /* its message */
		ret = pg_fail(pg, res, err, "cannot record a run");
		pg->conn = main;
	} else {
		*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	}
	PQclear(res);
	return ret;
}

static int pg_add_run(struct kv_db *db, const struct kv_db_run *run, int64_t *id,
		      struct kv_error *err)
{
	struct pg *pg = PG(db);
	struct pending_run *r;

	if (next_run_id(pg, id, err) < 0) {
		return -1;
	}
	if (pg->nruns == pg->runs_cap) {
		pg->runs_cap = pg->runs_cap ? 2 * pg->runs_cap : 16;
		pg->runs = kv_xreallocarray(pg->runs, pg->runs_cap, sizeof(*pg->runs));
	}
	r = &pg->runs[pg->nruns++];
	r->id = *id;
	r->source_id = run->source_id;
	r->seq = run->seq;
	r->config = kv_xstrdup(run->config);
	r->start_time = dup_or_null(run->start_time);
	r->host = dup_or_null(run->host);
	r->tool = dup_or_null(run->tool);
	r->tool_version = dup_or_null(run->tool_version);
	return 0;
}

static int pg_set_label(struct kv_db *db, int64_t run_id, const char *key, const char *value,
			struct kv_error *err)
{
	struct pg *pg = PG(db);

	(void)err;
	/* a label given again replaces the value: the run's are at the end */
	for (size_t i = pg->nlabels; i-- > 0 && pg->labels[i].run_id == run_id;) {
		if (strcmp(pg->labels[i].key, key) == 0) {
			free(pg->labels[i].value);
			pg->labels[i].value = kv_xstrdup(value);
			return 0;
		}
	}
	if (pg->nlabels == pg->labels_cap) {
		pg->labels_cap = pg->labels_cap ? 2 * pg->labels_cap : 16;
		pg->labels = kv_xreallocarray(pg->labels, pg->labels_cap, sizeof(*pg->labels));
	}
	pg->labels[pg->nlabels].run_id = run_id;
	pg->labels[pg->nlabels].key = kv_xstrdup(key);
	pg->labels[pg->nlabels].value = kv_xstrdup(value);
	pg->nlabels++;
	return 0;
}

/* Writes the transaction's runs, then their labels (at commit). */
static int write_pending(struct kv_db *db, struct kv_error *err)
{
	struct pg *pg = PG(db);
	struct kv_q *q = NULL;
	int ret = 0;

	if (pg->nruns > 0) {
		q = kv_q_prepare(db,
				 "INSERT INTO run (id, source_id, seq, config, start_time, host, "
				 "tool, tool_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
				 err);
		for (size_t i = 0; q != NULL && i < pg->nruns && ret == 0; i++) {
			const struct pending_run *r = &pg->runs[i];
			kv_q_reset(q);
			kv_q_int64(q, 1, r->id);
			kv_q_int64(q, 2, r->source_id);
			kv_q_int64(q, 3, r->seq);
			kv_q_text(q, 4, r->config);
			kv_q_text(q, 5, r->start_time);
			kv_q_text(q, 6, r->host);
			kv_q_text(q, 7, r->tool);
			kv_q_text(q, 8, r->tool_version);
			ret = kv_q_step(q, "cannot record a run", err) < 0 ? -1 : 0;
		}
		ret = q == NULL ? -1 : ret;
		kv_q_free(q);
	}
	if (ret == 0 && pg->nlabels > 0) {
		q = kv_q_prepare(db, "INSERT INTO label (run_id, key, value) VALUES ($1, $2, $3)",
				 err);
		for (size_t i = 0; q != NULL && i < pg->nlabels && ret == 0; i++) {
			kv_q_reset(q);
			kv_q_int64(q, 1, pg->labels[i].run_id);
			kv_q_text(q, 2, pg->labels[i].key);
			kv_q_text(q, 3, pg->labels[i].value);
			ret = kv_q_step(q, "cannot record a label", err) < 0 ? -1 : 0;
		}
		ret = q == NULL ? -1 : ret;
		kv_q_free(q);
	}
	return ret;
}

/* ---- transactions ---- */

static int pg_begin(struct kv_db *db, struct kv_error *err)
{
	forget(PG(db));
	return run(PG(db), "BEGIN", PGRES_COMMAND_OK, "cannot begin a transaction", err);
}

static void pg_rollback(struct kv_db *db)
{
	struct pg *pg = PG(db);

	forget(pg);
	if (PQstatus(pg->conn) == CONNECTION_OK && PQtransactionStatus(pg->conn) != PQTRANS_IDLE) {
		PQclear(PQexec(pg->conn, "ROLLBACK"));
	}
}

static int pg_commit(struct kv_db *db, struct kv_error *err)
{
	struct pg *pg = PG(db);

	if (flush_samples(pg, err) < 0 || write_pending(db, err) < 0 || flush_aggs(db, err) < 0 ||
	    run(pg, "COMMIT", PGRES_COMMAND_OK, "cannot commit", err) < 0) {
		pg_rollback(db);
		return -1;
	}
	forget(pg);
	return 0;
}

static int pg_lock_new_rows(struct kv_db *db, bool *fresh, struct kv_error *err)
{
	char sql[80];

	snprintf(sql, sizeof(sql), "SELECT pg_advisory_xact_lock(%lld)", LOCK_NEW_ROWS);
	*fresh = true;
	return run(PG(db), sql, PGRES_TUPLES_OK, "cannot lock the database", err);
}

/* ---- statements ---- */

static struct pg_q *Q(struct kv_q *q)
{
	return (struct pg_q *)q;
}

static struct kv_q *pg_prepare(struct kv_db *db, const char *sql, struct kv_error *err)
{
	struct pg *pg = PG(db);
	struct pg_q *q = kv_xcalloc(1, sizeof(*q));
	char quote = 0;

	(void)err; /* prepared on the server at the first step */
	q->base.db = db;
	q->sql = kv_xstrdup(sql);
	snprintf(q->name, sizeof(q->name), "kv%u", pg->nstmt++);
	for (const char *p = sql; *p; p++) {
		if (quote != 0) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			int i = (int)strtol(p + 1, NULL, 10);
			q->nparams = i > q->nparams ? i : q->nparams;
		}
	}
	q->val = kv_xcalloc((size_t)q->nparams + 1, sizeof(*q->val));
	q->vcap = kv_xcalloc((size_t)q->nparams + 1, sizeof(*q->vcap));
	q->is_null = kv_xcalloc((size_t)q->nparams + 1, sizeof(*q->is_null));
	for (int i = 0; i < q->nparams; i++) {
		q->is_null[i] = true;
	}
	q->row = -1;
	return &q->base;
}

/* Parameter i's buffer, of at least len + 1 bytes. */
static char *param(struct pg_q *q, int i, size_t len)
{
	if (i < 1 || i > q->nparams) {
		return NULL;
	}
	if (q->vcap[i - 1] < len + 1) {
		q->vcap[i - 1] = len + 1 < 32 ? 32 : len + 1;
		free(q->val[i - 1]);
		q->val[i - 1] = kv_xmalloc(q->vcap[i - 1]);
	}
	q->is_null[i - 1] = false;
	return q->val[i - 1];
}

static void pg_bind_int64(struct kv_q *kq, int i, int64_t v)
{
	char *p = param(Q(kq), i, 24);
	if (p != NULL) {
		snprintf(p, 24, "%lld", (long long)v);
	}
}

static void pg_bind_double(struct kv_q *kq, int i, double v)
{
	char *p = param(Q(kq), i, 32);
	if (p == NULL) {
		return;
	}
	if (isnan(v)) {
		strcpy(p, "NaN");
	} else if (isinf(v)) {
		strcpy(p, v > 0 ? "Infinity" : "-Infinity");
	} else {
		/* float8in reads it back exactly; -0 is 0, as put_float8's */
		snprintf(p, 32, "%.17g", signbit(v) && v >= 0 ? 0.0 : v);
	}
}

static void pg_bind_text(struct kv_q *kq, int i, const char *s)
{
	struct pg_q *q = Q(kq);

	if (s == NULL) {
		if (i >= 1 && i <= q->nparams) {
			q->is_null[i - 1] = true;
		}
		return;
	}
	size_t n = strlen(s);
	char *p = param(q, i, n);
	if (p != NULL) {
		memcpy(p, s, n + 1);
	}
}

static int pg_step(struct kv_q *kq, const char *what, struct kv_error *err)
{
	struct pg_q *q = Q(kq);
	struct pg *pg = PG(kq->db);

	if (q->res == NULL) {
		const char **vals = kv_xcalloc((size_t)q->nparams + 1, sizeof(*vals));
		PGresult *res;
		ExecStatusType st;

		if (settle(pg, err) < 0) {
			free(vals);
			return -1;
		}
		if (!q->prepared) {
			res = PQprepare(pg->conn, q->name, q->sql, q->nparams, NULL);
			if (PQresultStatus(res) != PGRES_COMMAND_OK) {
				pg_fail(pg, res, err, what);
				PQclear(res);
				free(vals);
				return -1;
			}
			PQclear(res);
			q->prepared = true;
		}
		for (int i = 0; i < q->nparams; i++) {
			vals[i] = q->is_null[i] ? NULL : q->val[i];
		}
		res = PQexecPrepared(pg->conn, q->name, q->nparams, vals, NULL, NULL, 0);
		free(vals);
		st = PQresultStatus(res);
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			pg_fail(pg, res, err, what);
			PQclear(res);
			return -1;
		}
		q->res = res;
		q->nrows = PQntuples(res);
		q->row = -1;
	}
	if (q->row + 1 < q->nrows) {
		q->row++;
		return 1;
	}
	q->row = q->nrows;
	return 0;
}

static const char *pg_col_text(struct kv_q *kq, int i)
{
	struct pg_q *q = Q(kq);

	if (q->res == NULL || q->row < 0 || q->row >= q->nrows || PQgetisnull(q->res, q->row, i)) {
		return NULL;
	}
	return PQgetvalue(q->res, q->row, i);
}

static int64_t pg_col_int64(struct kv_q *kq, int i)
{
	const char *s = pg_col_text(kq, i);
	return s != NULL ? strtoll(s, NULL, 10) : 0;
}

static double pg_col_double(struct kv_q *kq, int i)
{
	const char *s = pg_col_text(kq, i);
	return s != NULL ? strtod(s, NULL) : 0; /* "Infinity", "NaN" too */
}

static void pg_reset(struct kv_q *kq)
{
	struct pg_q *q = Q(kq);

	PQclear(q->res);
	q->res = NULL;
	q->row = -1;
	q->nrows = 0;
	for (int i = 0; i < q->nparams; i++) {
		q->is_null[i] = true;
	}
}

static void pg_finalize(struct kv_q *kq)
{
	struct pg_q *q = Q(kq);
	struct pg *pg = PG(kq->db);

	PQclear(q->res);
	if (q->prepared && pg != NULL && PQstatus(pg->conn) == CONNECTION_OK &&
	    PQtransactionStatus(pg->conn) == PQTRANS_IDLE) {
		char sql[48];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", q->name);
		PQclear(PQexec(pg->conn, sql));
	}
	for (int i = 0; i < q->nparams; i++) {
		free(q->val[i]);
	}
	free(q->val);
	free(q->vcap);
	free(q->is_null);
	free(q->sql);
	free(q);
}

static void pg_explain(struct kv_db *db, const char *name, const char *sql)
{
	struct pg *pg = PG(db);
	struct kv_strbuf sb = KV_STRBUF_INIT;
	struct kv_q *q = pg_prepare(db, sql, NULL);
	struct kv_error ignored;
	PGresult *res;

	settle(pg, &ignored); /* (a command that reads never copies) */
	/* the plan every execution uses: generic, for any parameters */
	PQclear(PQexec(pg->conn, "SET plan_cache_mode = force_generic_plan"));
	res = PQprepare(pg->conn, "kvexplain", sql, Q(q)->nparams, NULL);
	PQclear(res);
	kv_strbuf_adds(&sb, "EXPLAIN EXECUTE kvexplain");
	for (int i = 0; i < Q(q)->nparams; i++) {
		kv_strbuf_adds(&sb, i == 0 ? "(NULL" : ", NULL");
	}
	kv_strbuf_adds(&sb, Q(q)->nparams > 0 ? ")" : "");
	res = PQexec(pg->conn, sb.buf);
	for (int r = 0; PQresultStatus(res) == PGRES_TUPLES_OK && r < PQntuples(res); r++) {
		fprintf(stderr, "kvperf: plan: %s: %s\n", name, PQgetvalue(res, r, 0));
	}
	PQclear(res);
	PQclear(PQexec(pg->conn, "DEALLOCATE kvexplain"));
	PQclear(PQexec(pg->conn, "RESET plan_cache_mode"));
	kv_strbuf_release(&sb);
	pg_finalize(q);
}

/* ---- opening, and the schema ---- */

/* Reads the schema version (0: no kvperf_schema table) and whether the
 * schema holds other tables. */
static int read_version(struct pg *pg, int *version, bool *tables, struct kv_error *err)
{
	PGresult *res =
	    PQexec(pg->conn, "SELECT to_regclass('kvperf_schema') IS NOT NULL, "
			     "EXISTS (SELECT 1 FROM pg_catalog.pg_class c "
			     "  WHERE c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace "
			     "    WHERE nspname = current_schema()) "
			     "  AND c.relkind IN ('r', 'v', 'p'))");
	int ret = 0;

	*version = 0;
	*tables = false;
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		ret = pg_fail(pg, res, err, "cannot read the database");
		PQclear(res);
		return ret;
	}
	bool have = PQgetvalue(res, 0, 0)[0] == 't';
	*tables = PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
	if (!have) {
		return 0;
	}
	res = PQexec(pg->conn, "SELECT application, version FROM kvperf_schema");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		ret = pg_fail(pg, res, err, "cannot read the schema version");
	} else if (PQntuples(res) != 1 || strcmp(PQgetvalue(res, 0, 0), "kvperf") != 0) {
		ret = kv_fail_file(err, KV_EXIT_DATAERR, pg->path,
				   "not a kvperf database (kvperf_schema holds no version)");
	} else {
		*version = atoi(PQgetvalue(res, 0, 1));
	}
	PQclear(res);
	return ret;
}

/* Refuses what kvperf must not touch; 0 when version is ours or 0 on an
 * empty schema. */
static int check_version(struct pg *pg, int version, bool tables, struct kv_error *err)
{
	if (version == 0 && tables) {
		return kv_fail_file(err, KV_EXIT_DATAERR, pg->path,
				    "not a kvperf database (it has tables but no kvperf schema)");
	}
	if (version > KV_SCHEMA_VERSION) {
		return kv_fail_file(err, KV_EXIT_FAILURE, pg->path,
				    "database schema version %d is newer than this kvperf "
				    "understands (%d); use a newer kvperf",
				    version, KV_SCHEMA_VERSION);
	}
	if (version != 0 && version < 3) {
		/* PostgreSQL databases begin at version 3: steps from here on
		 * will be listed beside SQLite's */
		return kv_fail_file(err, KV_EXIT_FAILURE, pg->path,
				    "no migration from schema version %d to %d", version,
				    KV_SCHEMA_VERSION);
	}
	return 0;
}

/* Creates the schema in one transaction, under a lock that makes a second
 * first import wait and then find it made. */
static int create_schema(struct pg *pg, struct kv_error *err)
{
	char lock[80];
	int version;
	bool tables;

	snprintf(lock, sizeof(lock), "SELECT pg_advisory_xact_lock(%lld)", LOCK_SCHEMA);
	if (run(pg, "BEGIN", PGRES_COMMAND_OK, "cannot begin a transaction", err) < 0) {
		return -1;
	}
	if (run(pg, lock, PGRES_TUPLES_OK, "cannot lock the database", err) < 0 ||
	    read_version(pg, &version, &tables, err) < 0 ||
	    check_version(pg, version, tables, err) < 0) {
		goto rollback;
	}
	if (version == 0 &&
	    run(pg, kv_schema_pg_sql, PGRES_COMMAND_OK, "cannot create the schema", err) < 0) {
		goto rollback;
	}
	if (run(pg, "COMMIT", PGRES_COMMAND_OK, "cannot commit the schema", err) < 0) {
		goto rollback;
	}
	return 0;
rollback:
	PQclear(PQexec(pg->conn, "ROLLBACK"));
	return -1;
}

static void pg_close(struct kv_db *db)
{
	struct pg *pg = PG(db);

	if (pg == NULL) {
		return;
	}
	forget(pg);
	free(pg->runs);
	free(pg->labels);
	kv_strbuf_release(&pg->copy);
	PQfinish(pg->ids);
	free(pg->uri);
	PQfinish(pg->conn);
	free(pg);
	db->impl = NULL;
}

static int pg_open(struct kv_db *db, const char *uri, int flags, struct kv_error *err)
{
	static const char *const keys[] = {"dbname", "fallback_application_name", "client_encoding",
					   NULL};
	const char *vals[] = {uri, "kvperf", "UTF8", NULL};
	struct pg *pg = kv_xcalloc(1, sizeof(*pg));
	int version;
	bool tables;

	pg->path = db->path;
	pg->uri = kv_xstrdup(uri);
	db->impl = pg;
	pg->conn = PQconnectdbParams(keys, vals, 1);
	if (pg->conn == NULL) {
		return kv_fail_file(err, KV_EXIT_FAILURE, pg->path,
				    "cannot connect: out of memory");
	}
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		char why[1024];
		one_line(PQerrorMessage(pg->conn), why, sizeof(why));
		return kv_fail_file(err, KV_EXIT_FAILURE, pg->path, "cannot connect: %s", why);
	}
	PQsetNoticeProcessor(pg->conn, no_notice, NULL);
	/* Room for 4 MB of COPY data on the way to the server (as far as
	 * net.core.wmem_max allows): while the importer parses a run's JSON,
	 * the server goes on storing what was sent, instead of waiting once
	 * the default 208 KB are drained. */
	int sndbuf = 4 << 20;
	setsockopt(PQsocket(pg->conn), SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	/* doubles as text both ways, exactly: the shortest form that reads back */
	/* ...and one plan per statement for any parameters: kvperf's are
	 * index lookups, which planning anew at each execution only slows */
	if (run(pg, "SET extra_float_digits = 3; SET plan_cache_mode = force_generic_plan",
		PGRES_COMMAND_OK, "cannot set up the session", err) < 0 ||
	    read_version(pg, &version, &tables, err) < 0 ||
	    check_version(pg, version, tables, err) < 0) {
		return -1;
	}
	if (version == KV_SCHEMA_VERSION) {
		return 0;
	}
	if (!(flags & KV_DB_CREATE)) {
		return kv_fail_file(err, KV_EXIT_NOINPUT, pg->path,
				    "no kvperf database here; import something first");
	}
	return create_schema(pg, err);
}

const struct kv_engine kv_engine_pg = {
    .name = "postgresql",
    .remote = true,
    .open = pg_open,
    .close = pg_close,
    .close_unused = NULL,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .prepare = pg_prepare,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .step = pg_step,
    .col_int64 = pg_col_int64,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .add_samples = pg_add_samples,
    .lock_new_rows = pg_lock_new_rows,
    .add_run = pg_add_run,
    .set_label = pg_set_label,
    .explain = pg_explain,
};
