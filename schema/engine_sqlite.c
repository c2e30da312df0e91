/*
 * engine_sqlite.c - the SQLite engine: a database file in WAL mode, its
 * schema and migrations (PRAGMA user_version), the locks that let
 * several kvperf processes import into one file, statements, and the
 * bulk write of samples as multi-row INSERTs.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "schema/db.h"
#include "schema/db_internal.h"
#include "schema/migrate.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

extern const char kv_schema_sql[], kv_migration_2[], kv_migration_3[];

/* Steps from older versions; see schema/migrations/README.md. */
static const struct kv_migration migrations[] = {
    {2, kv_migration_2, NULL},
    {3, kv_migration_3, kv_agg_fill},
};

static const struct kv_schema_def schema = {
    .version = KV_SCHEMA_VERSION,
    .fresh_sql = kv_schema_sql,
    .steps = migrations,
    .nsteps = sizeof(migrations) / sizeof(migrations[0]),
};

/* Rows per multi-row sample INSERT: statement overhead is paid once per batch. */
#define SAMPLE_BATCH 200

/* The engine's state of one connection. */
struct sq {
	sqlite3 *h;                /* the connection */
	const char *path;          /* the file, as opened (kv_db's) */
	sqlite3_stmt *batch, *one; /* SAMPLE_BATCH samples, one sample */
	sqlite3_stmt *agg;         /* kv_agg_put()'s, prepared lazily */
	bool created;              /* the file did not exist before this open */
	dev_t dev;                 /* when created: the file's device... */
	ino_t ino;                 /* ...and inode, to know it is still ours */
	int lock_fd; /* import: the file, held with a shared flock() from before SQLite
		      * opens it to after it closes it, or -1: a failed first import
		      * removes the file only with the exclusive flock, so never while
		      * another import has it open */
};

/* A statement. */
struct sq_q {
	struct kv_q base;
	sqlite3_stmt *st;
};

static struct sq *SQ(struct kv_db *db)
{
	return db->impl;
}

/* How long a writer waits for another one before it gives up. */
#define BUSY_TIMEOUT_MS 60000

static int sq_fail(struct sq *db, struct kv_error *err, const char *what)
{
	int rc = sqlite3_extended_errcode(db->h);
	int code = KV_EXIT_FAILURE;

	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
		return kv_fail_file(err, code, db->path,
				    "%s: database is locked by another process (waited %d s)", what,
				    BUSY_TIMEOUT_MS / 1000);
	}
	if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) {
		code = KV_EXIT_DATAERR;
	}
	return kv_fail_file(err, code, db->path, "%s: %s", what, sqlite3_errmsg(db->h));
}

/* "INSERT INTO sample ... VALUES (?1, ?2, ?3, ?4), (?1, ?2, ?5, ?6), ...": the run
 * and metric are bound once per batch. */
static char *batch_sql(void)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;

	kv_strbuf_adds(&sb, "INSERT INTO sample (run_id, metric_id, seq, value) VALUES ");
	for (int i = 0; i < SAMPLE_BATCH; i++) {
		kv_strbuf_addf(&sb, "%s(?1, ?2, ?%d, ?%d)", i ? ", " : "", 3 + 2 * i, 4 + 2 * i);
	}
	return kv_strbuf_detach(&sb);
}

/* Runs SQL that returns no rows. */
static int exec(struct sq *db, const char *sql, struct kv_error *err)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		return sq_fail(db, err, "cannot update the database");
	}
	return 0;
}

/* Switches a database to WAL.  Two processes that open a new database at
 * once both try to: the loser's lock upgrade would deadlock, so SQLite
 * answers SQLITE_BUSY at once, without the busy handler.  Retry until the
 * busy timeout, as the handler would. */
static int set_wal(struct sq *db, struct kv_error *err)
{
	const struct timespec pause = {0, 10 * 1000 * 1000};

	for (int waited_ms = 0;; waited_ms += 10) {
		int rc =
		    sqlite3_exec(db->h, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL",
				 NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= BUSY_TIMEOUT_MS) {
			return rc == SQLITE_OK ? 0 : sq_fail(db, err, "cannot update the database");
		}
		nanosleep(&pause, NULL);
	}
}

/* Opens db->h on name (a path, or a "file:" URI) with SQLite's flags. */
static int connect(struct sq *db, const char *name, int oflags, struct kv_error *err)
{
	/* sqlite3_open_v2 may return a handle even on failure; it must be closed. */
	if (sqlite3_open_v2(name, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		/* for the commands that only read, the database is their input */
		bool input = !(oflags & SQLITE_OPEN_CREATE) &&
			     (sqlite3_errcode(db->h) & 0xff) == SQLITE_CANTOPEN;
		if (input && access(db->path, F_OK) != 0) {
			kv_fail(err, KV_EXIT_NOINPUT,
				"no database at '%s'; import something first, or give --db",
				db->path);
		} else {
			kv_fail(err, input ? KV_EXIT_NOINPUT : KV_EXIT_FAILURE,
				"cannot open database '%s': %s", db->path, sqlite3_errmsg(db->h));
		}
		return -1;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	return 0;
}

/* Whether path's directory, or path itself, takes writes from us. */
static bool writable(const char *path, bool dir)
{
	if (!dir) {
		return faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0;
	}
	const char *slash = strrchr(path, '/');
	char *d = slash == NULL ? kv_xstrdup(".")
				: kv_xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	bool ok = faccessat(AT_FDCWD, d, W_OK, AT_EACCESS) == 0;
	free(d);
	return ok;
}

/* Whether path-suffix exists. */
static bool beside(const char *path, const char *suffix)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;
	struct stat st;

	kv_strbuf_addf(&sb, "%s%s", path, suffix);
	bool there = stat(sb.buf, &st) == 0;
	kv_strbuf_release(&sb);
	return there;
}

/* "file:///abs/p%3Fth?immutable=1": a URI for path that tells SQLite the
 * file cannot change (no locks, no -wal or -shm). */
static char *immutable_uri(const char *path)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;

	kv_strbuf_adds(&sb, path[0] == '/' ? "file://" : "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#') {
			kv_strbuf_addf(&sb, "%%%02X", (unsigned char)*p);
		} else {
			kv_strbuf_addc(&sb, *p);
		}
	}
	kv_strbuf_adds(&sb, "?immutable=1");
	return kv_strbuf_detach(&sb);
}

/* Brings the schema of a database opened for writing to the current
 * version: WAL first (readers and one writer at once), then the migration. */
static int make_current(struct sq *db, struct kv_error *err)
{
	/* WAL lets readers and one writer work at once; NORMAL sync is durable
	 * against a crash of kvperf, and only loses the last commit on power loss. */
	if (set_wal(db, err) < 0) {
		return -1;
	}
	return kv_schema_migrate(db->h, db->path, &schema, err);
}

/* Opens db->path (creating it empty when missing, as SQLite would) with a
 * shared flock() held, and makes sure that file is still the one at the
 * path: a failed first import may have removed it between our open and
 * our lock (it removes only under the exclusive lock).  Without a file to
 * lock (read-only media, no permission) SQLite reports the error. */
static void hold_file(struct sq *db)
{
	for (int tries = 0; tries < 100; tries++) {
		struct stat a, b;
		int fd = open(db->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0) {
			return;
		}
		if (flock(fd, LOCK_SH) == 0 && fstat(fd, &a) == 0 && stat(db->path, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
			db->lock_fd = fd;
			return;
		}
		close(fd);
	}
}

/* For import: read-write, created when missing.  Nothing is written before
 * the database is known to be kvperf's, of a schema it understands. */
static int open_write(struct sq *db, struct kv_error *err)
{
	struct stat st;
	int version;
	bool file = db->path[0] != '\0' && strcmp(db->path, ":memory:") != 0;

	db->created = file && stat(db->path, &st) != 0 && errno == ENOENT;
	if (file) {
		hold_file(db);
	}
	if (connect(db, db->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err) < 0) {
		return -1;
	}
	/* An empty file is one that another first import has just made (or
	 * that it removed between our stat() and open, so that we made it):
	 * ours as much as its. */
	db->created = db->created || (file && stat(db->path, &st) == 0 && st.st_size == 0);
	if (kv_schema_check(db->h, db->path, &schema, &version, err) < 0 ||
	    make_current(db, err) < 0) {
		return -1;
	}
	/* the file we made, for kv_db_close_unused(); it stays ours until then
	 * (a first import that failed at once removes only the file it made) */
	if (db->created && stat(db->path, &st) == 0) {
		db->dev = st.st_dev;
		db->ino = st.st_ino;
	} else {
		db->created = false;
	}
	return 0;
}

/* Whether the connection's file was unlinked or replaced since it was
 * opened (SQLite then refuses to write it: SQLITE_READONLY_DBMOVED). */
static bool moved(sqlite3 *h)
{
	int gone = 0;

	return h != NULL &&
	       (sqlite3_extended_errcode(h) == SQLITE_READONLY_DBMOVED ||
		(sqlite3_file_control(h, "main", SQLITE_FCNTL_HAS_MOVED, &gone) == SQLITE_OK &&
		 gone));
}

/* For commands that only read: a database we may write is opened as for
 * import (an older schema is migrated, and SQLite removes its -wal and
 * -shm files at close, which a read-only connection cannot do); one we may
 * not is opened read-only, and immutable when its directory takes no
 * -wal or -shm file either (read-only media). */
static int open_read(struct sq *db, struct kv_error *err)
{
	char *uri = NULL;
	int version, ret = -1;

	if (access(db->path, F_OK) != 0) {
		return kv_fail(err, KV_EXIT_NOINPUT,
			       "no database at '%s'; import something first, or give --db",
			       db->path);
	}
	bool rw = writable(db->path, false);
	if (!rw && !writable(db->path, true) && !beside(db->path, "-wal") &&
	    !beside(db->path, "-shm")) {
		uri = immutable_uri(db->path);
	}
	if (connect(db, uri != NULL ? uri : db->path,
		    rw ? SQLITE_OPEN_READWRITE
		       : SQLITE_OPEN_READONLY | (uri != NULL ? SQLITE_OPEN_URI : 0),
		    err) < 0 ||
	    kv_schema_check(db->h, db->path, &schema, &version, err) < 0) {
		goto out;
	}
	if (version != schema.version) {
		if (!rw) {
			kv_fail_file(err, KV_EXIT_FAILURE, db->path,
				     "schema version %d must be migrated to %d, and the database "
				     "is read-only",
				     version, schema.version);
			goto out;
		}
		if (make_current(db, err) < 0) {
			goto out;
		}
	}
	ret = 0;
out:
	free(uri);
	return ret;
}

/* Prepares one of the engine's own statements; NULL with err filled. */
static sqlite3_stmt *own_stmt(struct sq *db, sqlite3_stmt **st, const char *sql,
			      struct kv_error *err)
{
	if (*st != NULL) {
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
		return *st;
	}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
		*st = NULL;
		sq_fail(db, err, "cannot prepare a statement");
	}
	return *st;
}

static void sq_close(struct kv_db *kdb)
{
	struct sq *db = SQ(kdb);

	if (db == NULL) {
		return;
	}
	sqlite3_finalize(db->batch);
	sqlite3_finalize(db->one);
	sqlite3_finalize(db->agg);
	sqlite3_close(db->h);
	if (db->lock_fd >= 0) {
		close(db->lock_fd); /* after SQLite's close: closing it drops this
				     * process's fcntl() locks on the file too */
	}
	free(db);
	kdb->impl = NULL;
}

static int sq_open(struct kv_db *kdb, const char *path, int flags, struct kv_error *err)
{
	struct sq *db = kv_xcalloc(1, sizeof(*db));

	db->lock_fd = -1;
	db->path = kdb->path;
	kdb->impl = db;
	(void)path; /* kdb->path is the path */
	/* Memory statistics take a global mutex on every allocation; kvperf never
	 * reads them.  Only possible before SQLite initialises (fails harmlessly after). */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	for (int tries = 1;; tries++) {
		if ((flags & KV_DB_CREATE ? open_write(db, err) : open_read(db, err)) == 0) {
			break;
		}
		/* A failed first import elsewhere removed the new database while
		 * we were waiting for its lock (kv_db_close_unused()): open the
		 * path again, which makes a new one. */
		if (!(flags & KV_DB_CREATE) || !moved(db->h) || tries == 10) {
			goto fail;
		}
		sqlite3_close(db->h);
		db->h = NULL;
		kv_error_clear(err);
	}
	if (exec(db,
		 flags & KV_DB_BULK ? "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -1024"
				    : "PRAGMA foreign_keys = ON",
		 err) < 0) {
		goto fail;
	}
	return 0;
fail:
	db->created = false; /* another process may be creating it too: leave it */
	return -1;
}

/* The first column of the first row of sql as an integer, or -1. */
static int64_t query_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return v;
}

/* Sets the journal mode (mode NULL: only reads it); whether it is want now. */
static bool journal_mode(sqlite3 *h, const char *mode, const char *want)
{
	char sql[64];
	sqlite3_stmt *st;
	bool is = false;

	snprintf(sql, sizeof(sql), "PRAGMA journal_mode%s%s", mode ? " = " : "", mode ? mode : "");
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *now = sqlite3_column_text(st, 0);
		is = now != NULL && strcmp((const char *)now, want) == 0;
	}
	sqlite3_finalize(st);
	return is;
}

/* Whether db->h is open on the file db created, still at its path. */
static bool same_file(const struct sq *db)
{
	struct stat st;

	return stat(db->path, &st) == 0 && st.st_dev == db->dev && st.st_ino == db->ino &&
	       !moved(db->h);
}

/* What one try at removing a new database found. */
enum unused { KEPT, REMOVED, OPEN_ELSEWHERE };

/* Removes the database db created, through db->h, if it is still that file,
 * holds no source and no other connection has it open. */
static enum unused try_remove(struct sq *db)
{
	enum unused ret = KEPT;
	int64_t n;

	/* another process imported something into it by now: it stays (and a
	 * read that fails is another connection busy with it) */
	if (!same_file(db) || (n = query_int(db->h, "SELECT count(*) FROM source")) > 0) {
		return KEPT;
	}
	if (n < 0) {
		return OPEN_ELSEWHERE;
	}
	/* Leaving WAL needs the only connection: every other one holds a shared
	 * lock on the file while it has it open in WAL mode. */
	if (!journal_mode(db->h, "DELETE", "delete")) {
		return OPEN_ELSEWHERE;
	}
	/* In rollback mode the exclusive lock keeps out every other connection:
	 * one that opens the file now waits for its lock, then finds the file
	 * gone and opens the path again (kv_db_open()).  Unless another one
	 * switched it back to WAL before we had the lock: then we are in WAL
	 * too, where the lock keeps out only writers, and it stays. */
	if (sqlite3_exec(db->h, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK ||
	    (n = query_int(db->h, "SELECT count(*) FROM source")) < 0) {
		ret = OPEN_ELSEWHERE;
	} else if (n > 0 || !same_file(db)) {
		ret = KEPT;
	} else if (!journal_mode(db->h, NULL, "delete")) {
		ret = OPEN_ELSEWHERE;
	} else if (db->lock_fd >= 0 && flock(db->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		/* another import holds the file (it may not have begun a
		 * transaction yet, so SQLite's locks cannot tell) */
		flock(db->lock_fd, LOCK_SH);
		ret = OPEN_ELSEWHERE;
	} else {
		/* Only the file: leaving WAL removed the -wal and -shm files, and
		 * those names may be another database's by now (one made at the
		 * path as soon as the file is gone, which we must not touch). */
		unlink(db->path);
		ret = REMOVED;
	}
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	if (ret != REMOVED) {
		/* someone else's import may be in it by now: back to WAL */
		sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	}
	return ret;
}

/* Opens db->h again on db's file, if it is still at its path; busy at once. */
static bool reopen(struct sq *db)
{
	struct stat st;

	if (stat(db->path, &st) != 0 || st.st_dev != db->dev || st.st_ino != db->ino ||
	    sqlite3_open_v2(db->path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
		SQLITE_OK) {
		return false;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 0);
	return true;
}

/* How long a failed first import waits for the other connections to a new
 * database to close it (another first import, failing too), before it
 * leaves the database where it is. */
#define UNUSED_WAIT_MS 1500

/* The neutral statements are finalized already. */
static bool sq_close_unused(struct kv_db *kdb)
{
	struct sq *db = SQ(kdb);
	enum unused state = KEPT;

	if (db->created) {
		if (!sqlite3_get_autocommit(db->h)) {
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		}
		sqlite3_finalize(db->batch);
		sqlite3_finalize(db->one);
		sqlite3_finalize(db->agg);
		db->batch = db->one = db->agg = NULL;
		sqlite3_busy_timeout(db->h, 0);
		/* Two first imports that fail at once each find the other's
		 * connection open: so each closes its own between tries, for a
		 * pause that differs between processes, and the last one removes
		 * the database (a connection that stays, such as an import
		 * going on, keeps it). */
		unsigned pause_ms = 5 + (unsigned)getpid() % 11;
		for (unsigned waited_ms = 0;; waited_ms += pause_ms) {
			state = try_remove(db);
			if (state != OPEN_ELSEWHERE || waited_ms >= UNUSED_WAIT_MS) {
				break;
			}
			sqlite3_close(db->h);
			db->h = NULL;
			if (db->lock_fd >= 0) {
				flock(db->lock_fd, LOCK_UN); /* the other failing one may go */
			}
			const struct timespec pause = {0, (long)pause_ms * 1000 * 1000};
			nanosleep(&pause, NULL);
			if (db->lock_fd >= 0) {
				flock(db->lock_fd, LOCK_SH);
			}
			if (!reopen(db)) {
				break; /* removed by the other one, or not ours any more */
			}
		}
	}
	return state == REMOVED;
}

static int sq_begin(struct kv_db *kdb, struct kv_error *err)
{
	return exec(SQ(kdb), "BEGIN IMMEDIATE", err);
}

static void sq_rollback(struct kv_db *kdb)
{
	struct sq *db = SQ(kdb);

	if (!sqlite3_get_autocommit(db->h)) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	}
}

static int sq_commit(struct kv_db *kdb, struct kv_error *err)
{
	if (exec(SQ(kdb), "COMMIT", err) < 0) {
		sq_rollback(kdb);
		return -1;
	}
	return 0;
}

static int sample_failed(struct sq *db, struct kv_error *err)
{
	if (sqlite3_extended_errcode(db->h) == SQLITE_CONSTRAINT_PRIMARYKEY) {
		return kv_fail(err, KV_EXIT_DATAERR, "this metric already has samples in this run");
	}
	return sq_fail(db, err, "cannot record a sample");
}

/* Adds the samples' aggregate to run_metric, in the caller's transaction. */
static int add_agg(struct sq *db, int64_t run_id, int64_t metric_id, const double *v, size_t n,
		   struct kv_error *err)
{
	struct kv_agg a;

	kv_agg_of(v, n, &a);
	if (kv_agg_put(db->h, &db->agg, run_id, metric_id, &a) < 0) {
		return sq_fail(db, err, "cannot record a run's aggregates");
	}
	return 0;
}

static int sq_add_samples(struct kv_db *kdb, int64_t run_id, int64_t metric_id, const double *v,
			  size_t n, int64_t first_seq, struct kv_error *err)
{
	struct sq *db = SQ(kdb);
	sqlite3_stmt *st;
	size_t i = 0;

	if (n == 0) {
		return 0;
	}

	if (n >= SAMPLE_BATCH) {
		char *sql = db->batch == NULL ? batch_sql() : NULL;
		st = own_stmt(db, &db->batch, sql, err);
		free(sql);
		if (st == NULL) {
			return -1;
		}
		sqlite3_bind_int64(st, 1, run_id);
		sqlite3_bind_int64(st, 2, metric_id);
		for (; i + SAMPLE_BATCH <= n; i += SAMPLE_BATCH) {
			for (int k = 0; k < SAMPLE_BATCH; k++) {
				sqlite3_bind_int64(st, 3 + 2 * k, first_seq + (int64_t)(i + k));
				sqlite3_bind_double(st, 4 + 2 * k, v[i + k]);
			}
			int rc = sqlite3_step(st);
			sqlite3_reset(st);
			if (rc != SQLITE_DONE) {
				return sample_failed(db, err);
			}
		}
	}
	if (i == n) {
		return add_agg(db, run_id, metric_id, v, n, err);
	}
	if ((st = own_stmt(
		 db, &db->one,
		 "INSERT INTO sample (run_id, metric_id, seq, value) VALUES (?1, ?2, ?3, ?4)",
		 err)) == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, run_id);
	sqlite3_bind_int64(st, 2, metric_id);
	for (; i < n; i++) {
		sqlite3_bind_int64(st, 3, first_seq + (int64_t)i);
		sqlite3_bind_double(st, 4, v[i]);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			return sample_failed(db, err);
		}
	}
	return add_agg(db, run_id, metric_id, v, n, err);
}

/* ---- statements ---- */

/* sql with each $N written ?N (the same parameter to SQLite), outside
 * quotes. */
static char *sqlite_params(const char *sql)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;
	char quote = 0;

	for (const char *p = sql; *p; p++) {
		if (quote != 0) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			kv_strbuf_addc(&sb, '?');
			continue;
		}
		kv_strbuf_addc(&sb, *p);
	}
	return kv_strbuf_detach(&sb);
}

static struct kv_q *sq_prepare(struct kv_db *kdb, const char *sql, struct kv_error *err)
{
	struct sq *db = SQ(kdb);
	struct sq_q *q = kv_xcalloc(1, sizeof(*q));
	char *s = sqlite_params(sql);

	q->base.db = kdb;
	if (sqlite3_prepare_v3(db->h, s, -1, SQLITE_PREPARE_PERSISTENT, &q->st, NULL) !=
	    SQLITE_OK) {
		sq_fail(db, err, "cannot query the database");
		sqlite3_finalize(q->st);
		free(q);
		q = NULL;
	}
	free(s);
	return q != NULL ? &q->base : NULL;
}

static sqlite3_stmt *ST(struct kv_q *q)
{
	return ((struct sq_q *)q)->st;
}

static void sq_bind_int64(struct kv_q *q, int i, int64_t v)
{
	sqlite3_bind_int64(ST(q), i, v);
}

static void sq_bind_double(struct kv_q *q, int i, double v)
{
	sqlite3_bind_double(ST(q), i, v);
}

static void sq_bind_text(struct kv_q *q, int i, const char *s)
{
	if (s != NULL) {
		sqlite3_bind_text(ST(q), i, s, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(ST(q), i);
	}
}

static int sq_step(struct kv_q *q, const char *what, struct kv_error *err)
{
	int rc = sqlite3_step(ST(q));

	if (rc == SQLITE_ROW) {
		return 1;
	}
	if (rc == SQLITE_DONE) {
		return 0;
	}
	sq_fail(SQ(q->db), err, what);
	sqlite3_reset(ST(q));
	return -1;
}

static int64_t sq_col_int64(struct kv_q *q, int i)
{
	return sqlite3_column_int64(ST(q), i);
}

static double sq_col_double(struct kv_q *q, int i)
{
	return sqlite3_column_double(ST(q), i);
}

static const char *sq_col_text(struct kv_q *q, int i)
{
	return (const char *)sqlite3_column_text(ST(q), i);
}

static void sq_reset(struct kv_q *q)
{
	sqlite3_reset(ST(q));
	sqlite3_clear_bindings(ST(q));
}

static void sq_finalize(struct kv_q *q)
{
	sqlite3_finalize(ST(q));
	free(q);
}

static void sq_explain(struct kv_db *kdb, const char *name, const char *sql)
{
	char *s = sqlite_params(sql);
	char *e = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", s);
	sqlite3_stmt *st;

	if (e != NULL && sqlite3_prepare_v2(SQ(kdb)->h, e, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			fprintf(stderr, "kvperf: plan: %s: %s\n", name,
				(const char *)sqlite3_column_text(st, 3));
		}
		sqlite3_finalize(st);
	}
	sqlite3_free(e);
	free(s);
}

const struct kv_engine kv_engine_sqlite = {
    .name = "sqlite",
    .remote = false,
    .open = sq_open,
    .close = sq_close,
    .close_unused = sq_close_unused,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .prepare = sq_prepare,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .step = sq_step,
    .col_int64 = sq_col_int64,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .add_samples = sq_add_samples,
    .lock_new_rows = NULL,
    .explain = sq_explain,
};
