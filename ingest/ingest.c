/*
 * ingest.c - from paths to rows: expanding directories, reading files,
 * detecting formats, one transaction per file.
 */
#include "ingest/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/format.h"
#include "ingest/jstream.h"
#include "ingest/sink.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A file to import, and whether it was found by walking a directory; or a
 * directory whose files are one import (bundle: its format). */
struct entry {
	char *path;
	bool walked;
	bool std_in; /* "-": standard input */
	const struct kv_format *bundle;
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static void entries_add(struct entries *e, char *path, bool walked)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 32;
		e->v = kv_xreallocarray(e->v, e->cap, sizeof(*e->v));
	}
	e->v[e->n].path = path;
	e->v[e->n].walked = walked;
	e->v[e->n].std_in = false;
	e->v[e->n].bundle = NULL;
	e->n++;
}

static void entries_release(struct entries *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].path);
	}
	free(e->v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The format whose results fill a directory with these entries, or NULL. */
static const struct kv_format *bundle_format(char *const *names, size_t n)
{
	for (size_t i = 0; i < kv_format_count; i++) {
		const struct kv_format *f = kv_format_table[i];
		if (f->detect_dir != NULL && f->detect_dir((const char *const *)names, n)) {
			return f;
		}
	}
	return NULL;
}

/* Lists the entries of dir that are not hidden, in byte order of their names. */
static int list_dir(const char *dir, char ***names_out, size_t *n_out, struct kv_error *err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if ((d = opendir(dir)) == NULL) {
		return kv_fail(err, KV_EXIT_NOINPUT, "cannot open directory '%s': %s", dir,
			       strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.') {
			continue; /* ., .., and hidden files such as .git */
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			names = kv_xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = kv_xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0) {
		qsort(names, n, sizeof(*names), cmp_str);
	}
	*names_out = names;
	*n_out = n;
	return 0;
}

static char *join_path(const char *dir, const char *name)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;
	size_t len = strlen(dir);

	kv_strbuf_add(&sb, dir, len);
	if (len == 0 || dir[len - 1] != '/') {
		kv_strbuf_addc(&sb, '/');
	}
	kv_strbuf_adds(&sb, name);
	return kv_strbuf_detach(&sb);
}

/* Adds the regular files below dir, names in byte order, skipping hidden
 * ones; a directory that a format reads as a whole is one entry. */
/* The directories a walk has been in, by device and inode: a link back to
 * one of them (a/x -> ., or two links to the same place) is not followed
 * again, so links can neither loop nor multiply the walk. */
struct seen_dirs {
	struct {
		dev_t dev;
		ino_t ino;
	} * v;
	size_t n, cap;
};

static bool seen_before(struct seen_dirs *seen, const struct stat *st)
{
	for (size_t i = 0; i < seen->n; i++) {
		if (seen->v[i].dev == st->st_dev && seen->v[i].ino == st->st_ino) {
			return true;
		}
	}
	if (seen->n == seen->cap) {
		seen->cap = seen->cap ? 2 * seen->cap : 16;
		seen->v = kv_xreallocarray(seen->v, seen->cap, sizeof(*seen->v));
	}
	seen->v[seen->n].dev = st->st_dev;
	seen->v[seen->n].ino = st->st_ino;
	seen->n++;
	return false;
}

static int walk(const char *dir, struct entries *out, int depth, struct seen_dirs *seen,
		struct kv_error *err)
{
	char **names = NULL;
	size_t n = 0;
	int ret = 0;
	struct stat self_st;

	if (depth > 64) {
		return kv_fail_file(err, KV_EXIT_FAILURE, dir, "directories nested too deeply");
	}
	if (stat(dir, &self_st) == 0 && seen_before(seen, &self_st)) {
		return 0; /* walked already, through another path */
	}
	if (list_dir(dir, &names, &n, err) < 0) {
		return -1;
	}
	const struct kv_format *bundle = bundle_format(names, n);
	if (bundle != NULL) {
		char *self = kv_xstrdup(dir);
		for (size_t len = strlen(self); len > 1 && self[len - 1] == '/'; len--) {
			self[len - 1] = '\0';
		}
		entries_add(out, self, true);
		out->v[out->n - 1].bundle = bundle;
	}
	for (size_t i = 0; i < n; i++) {
		char *path = join_path(dir, names[i]);
		struct stat st;

		if (ret == 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			ret = walk(path, out, depth + 1, seen, err);
			free(path);
		} else if (ret == 0 && bundle == NULL) {
			/* Everything else, dangling links included, is tried as a file. */
			entries_add(out, path, true);
		} else {
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

static int expand(const char *const *paths, size_t npaths, struct entries *out,
		  struct kv_error *err)
{
	bool std_in = false;

	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		size_t before = out->n;

		if (strcmp(paths[i], "-") == 0) {
			if (std_in) {
				return kv_fail(err, KV_EXIT_USAGE,
					       "'-' (standard input) given more than once");
			}
			std_in = true;
			entries_add(out, kv_xstrdup("-"), false);
			out->v[out->n - 1].std_in = true;
		} else if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			struct seen_dirs seen = {NULL, 0, 0};
			int r = walk(paths[i], out, 0, &seen, err);
			free(seen.v);
			if (r < 0) {
				return -1;
			}
			if (out->n == before) {
				return kv_fail_file(err, KV_EXIT_DATAERR, paths[i],
						    "no files in this directory");
			}
		} else {
			entries_add(out, kv_xstrdup(paths[i]), false);
		}
	}
	return 0;
}

/* "1 GiB", "64 MiB", "4096 bytes": a size as --max-size takes it. */
static void size_text(size_t v, char *buf, size_t size)
{
	static const char *const unit[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
	int u = 0;

	while (u < 4 && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	snprintf(buf, size, "%zu %s", v, unit[u]);
}

static int too_big(const char *name, size_t max, bool stream, struct kv_error *err)
{
	char lim[32];

	size_text(max, lim, sizeof(lim));
	return kv_fail_file(err, KV_EXIT_DATAERR, name, "larger than the --max-size limit of %s%s",
			    lim, stream ? "; stopped reading there" : "");
}

static void note(const struct kv_import_report *rep, const char *path, const char *msg)
{
	if (rep != NULL && rep->note != NULL) {
		rep->note(rep->ctx, path, msg);
	}
}

/* A FIFO opened without O_NONBLOCK would block in open(2) until a writer
 * comes, silently.  Opened with it, wait here the way cat does, but say so
 * after a second: poll(2) sees neither data nor a hang-up (Linux) until a
 * writer has opened the other end. */
static void wait_for_writer(int fd, const char *name, const struct kv_import_report *rep)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	int rc;

	while ((rc = poll(&p, 1, 1000)) < 0 && errno == EINTR) {
	}
	if (rc == 0) {
		note(rep, name, "waiting for a program to write to this FIFO (Ctrl-C to stop)");
		while (poll(&p, 1, -1) < 0 && errno == EINTR) {
		}
	}
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* What reading an input once tells, with its content. */
struct blob {
	char *buf;                       /* the content, NUL-terminated; free() */
	size_t len;                      /* bytes */
	char sha[KV_SHA256_HEX_LEN + 1]; /* content hash (of what was read, when cut) */
	int first;                       /* first byte that is not white space, or -1 */
	long long nul;                   /* offset of the first NUL byte, or -1 */
	bool cut;                        /* reading stopped at that NUL byte (binary stream) */
	int fd; /* spilled: the content is in this unlinked temporary file, buf is NULL; or -1 */
};

/* Tells rep what reading name has come to. */
static void tick(const struct kv_import_report *rep, const char *name, const char *doing,
		 uint64_t bytes, uint64_t total, size_t samples)
{
	if (rep != NULL && rep->reading != NULL) {
		rep->reading(rep->ctx, name, doing, bytes, total, samples);
	}
}

/* Progress of one pass over an input, for struct kv_jscan and kv_jruns. */
struct pass {
	const struct kv_import_report *rep;
	const char *name;
	const char *doing;
	uint64_t total;
};

static void pass_tick(void *ctx, uint64_t bytes, size_t samples)
{
	const struct pass *p = ctx;

	tick(p->rep, p->name, p->doing, bytes, p->total, samples);
}

/* Opens an unlinked temporary file in $TMPDIR (else /tmp); -1 on failure. */
static int temp_file(const char *name, struct kv_error *err)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	if (dir == NULL || dir[0] == '\0') {
		dir = "/tmp";
	}
	path = join_path(dir, "kvperf-spill-XXXXXX");
	if ((fd = mkstemp(path)) < 0) {
		kv_fail(err, KV_EXIT_FAILURE, "cannot read '%s' into a temporary file in '%s': %s",
			name, dir, strerror(errno));
	} else {
		unlink(path);
	}
	free(path);
	return fd;
}

static int write_all(int fd, const char *b, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, b, n);
		if (w < 0 && errno == EINTR) {
			continue;
		}
		if (w < 0) {
			return -1;
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copies a stream whose first n bytes are in b (of cap bytes) and the rest
 * still to read from fd to a temporary file (out->fd, out->len), hashing
 * the rest with h: memory stays at cap bytes, whatever the stream's size. */
static int spill_rest(int fd, const char *name, size_t max, char *b, size_t n, size_t cap,
		      struct kv_sha256 *h, const struct kv_import_report *rep, struct blob *out,
		      struct kv_error *err)
{
	int tmp = temp_file(name, err);
	uint64_t total = n;

	if (tmp < 0) {
		return -1;
	}
	if (write_all(tmp, b, n) < 0) {
		goto fail_write;
	}
	for (;;) {
		ssize_t got = read(fd, b, cap - 1);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = {.fd = fd, .events = POLLIN};
			poll(&p, 1, 250);
			tick(rep, name, "reading", total, 0, SIZE_MAX);
			continue;
		}
		if (got < 0) {
			kv_fail(err, KV_EXIT_NOINPUT, "cannot read '%s': %s", name,
				strerror(errno));
			goto fail;
		}
		if (got == 0) {
			break;
		}
		kv_sha256_update(h, b, (size_t)got);
		total += (uint64_t)got;
		if (total > max) {
			too_big(name, max, true, err);
			goto fail;
		}
		if (memchr(b, '\0', (size_t)got) != NULL && out->nul < 0) {
			out->nul = (long long)(total - (uint64_t)got);
		}
		if (write_all(tmp, b, (size_t)got) < 0) {
			goto fail_write;
		}
		tick(rep, name, "reading", total, 0, SIZE_MAX);
	}
	out->fd = tmp;
	out->len = (size_t)total;
	return 0;
fail_write:
	kv_fail(err, KV_EXIT_FAILURE, "cannot copy '%s' to a temporary file: %s", name,
		strerror(errno));
fail:
	close(tmp);
	return -1;
}

/* Reads an input once, whole, into memory: a file, "-" for standard input,
 * a pipe, a FIFO or a device, at most max bytes; or, when given >= 0, the
 * regular file open as given (from its start; not closed).  A stream stops
 * at its first NUL byte when stop_at_nul (/dev/zero and /dev/urandom are
 * refused at once, not after max bytes).  A stream that
 * starts with '{' and grows past spill bytes (0: never) is copied to a
 * temporary file instead (out->fd).  name is what messages call the input. */
static int read_blob(const char *path, int given, const char *name, size_t max, bool stop_at_nul,
		     size_t spill, const struct kv_import_report *rep, struct blob *out,
		     struct kv_error *err)
{
	bool std_in = given < 0 && strcmp(path, "-") == 0;
	int fd = given >= 0 ? given
		 : std_in   ? STDIN_FILENO
			    : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct kv_sha256 h;
	uint8_t md[KV_SHA256_LEN];
	struct stat st;
	size_t cap, n = 0;
	char *b = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->first = -1;
	out->nul = -1;
	out->fd = -1;
	if (given >= 0 && lseek(given, 0, SEEK_SET) < 0) {
		return kv_fail(err, KV_EXIT_NOINPUT, "cannot read '%s': %s", name, strerror(errno));
	}
	if (max == 0) {
		max = KV_IMPORT_MAX_SIZE;
	}
	if (fd < 0) {
		return kv_fail(err, KV_EXIT_NOINPUT, "cannot open '%s': %s", name, strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		kv_fail(err, KV_EXIT_NOINPUT, "cannot read '%s': %s", name, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		kv_fail(err, KV_EXIT_NOINPUT, "cannot read '%s': %s", name, strerror(EISDIR));
		goto out;
	}
	bool regular = S_ISREG(st.st_mode);
	if (regular && (uintmax_t)st.st_size > max) {
		too_big(name, max, false, err);
		goto out;
	}
	if (given >= 0) {
		/* a spilled stream: read as it is */
	} else if (!std_in) {
		if (S_ISFIFO(st.st_mode)) {
			wait_for_writer(fd, name, rep);
		}
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	} else if (isatty(fd)) {
		note(rep, name, "reading the terminal; end with Ctrl-D");
	}
	/* A regular file is read into a buffer of its size; a stream grows one. */
	cap = regular ? (size_t)st.st_size + 1 : 65536;
	b = kv_xmalloc(cap);
	kv_sha256_init(&h);
	for (;;) {
		if (n + 1 == cap) {
			/* Full: one byte more than max is enough to tell it is too big. */
			if (n > max) {
				too_big(name, max, !regular, err);
				goto out;
			}
			cap = cap - 1 > max / 2 ? max + 2 : 2 * cap;
			b = kv_xreallocarray(b, cap, 1);
		}
		if (!regular && rep != NULL && rep->reading != NULL) {
			/* a stream that keeps us waiting still shows how far it got */
			struct pollfd p = {.fd = fd, .events = POLLIN};
			if (poll(&p, 1, 250) == 0) {
				tick(rep, name, "reading", n, 0, SIZE_MAX);
				continue;
			}
		}
		ssize_t got = read(fd, b + n, cap - 1 - n);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* standard input left non-blocking by whoever gave it to us */
			struct pollfd p = {.fd = fd, .events = POLLIN};
			poll(&p, 1, -1);
			continue;
		}
		if (got < 0) {
			kv_fail(err, KV_EXIT_NOINPUT, "cannot read '%s': %s", name,
				strerror(errno));
			goto out;
		}
		if (got == 0) {
			break;
		}
		const char *chunk = b + n;
		kv_sha256_update(&h, chunk, (size_t)got);
		for (ssize_t i = 0; out->first < 0 && i < got; i++) {
			if (!is_space((unsigned char)chunk[i])) {
				out->first = (unsigned char)chunk[i];
			}
		}
		const char *z = out->nul < 0 ? memchr(chunk, '\0', (size_t)got) : NULL;
		if (z != NULL) {
			out->nul = (long long)(n + (size_t)(z - chunk));
		}
		n += (size_t)got;
		if (n > max) {
			too_big(name, max, !regular, err);
			goto out;
		}
		tick(rep, name, "reading", n, regular ? (uint64_t)st.st_size : 0, SIZE_MAX);
		if (spill > 0 && !regular && n > spill && out->first == '{') {
			if (spill_rest(fd, name, max, b, n, cap, &h, rep, out, err) < 0) {
				goto out;
			}
			break;
		}
		/* a NUL byte is no text, JSON included (JSON writes it \u0000):
		 * /dev/urandom starts with '{' or '[' one time in 128 */
		if (z != NULL && stop_at_nul && !regular) {
			out->cut = true;
			break;
		}
	}
	if (out->fd >= 0) {
		n = out->len; /* spilled: nothing in memory */
	} else {
		b[n] = '\0';
	}
	if (out->fd < 0 && n >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0) {
		/* a UTF-8 byte-order mark (Notepad writes one) is not content: the
		 * formats see what follows it; the hash still covers every byte */
		memmove(b, b + 3, n - 2);
		n -= 3;
		out->nul -= out->nul >= 3 ? 3 : 0;
		out->first = -1;
		for (size_t i = 0; out->first < 0 && i < n; i++) {
			out->first = is_space((unsigned char)b[i]) ? -1 : (unsigned char)b[i];
		}
	}
	kv_sha256_final(&h, md);
	for (int i = 0; i < KV_SHA256_LEN; i++) {
		snprintf(out->sha + 2 * i, 3, "%02x", md[i]);
	}
	if (out->fd < 0) {
		out->buf = b;
		b = NULL;
	}
	out->len = n;
	ret = 0;
out:
	free(b);
	if (!std_in && given < 0) {
		close(fd);
	}
	return ret;
}

int kv_read_input(const char *path, size_t max_size, char **buf, size_t *len, struct kv_error *err)
{
	struct blob bl;

	if (read_blob(path, -1, strcmp(path, "-") == 0 ? KV_STDIN_NAME : path, max_size, false, 0,
		      NULL, &bl, err) < 0) {
		*buf = NULL;
		*len = 0;
		return -1;
	}
	*buf = bl.buf;
	*len = bl.len;
	return 0;
}

/* Parses the content as JSON with jansson's flags; a syntax error names
 * name:line:column. */
static json_t *parse_blob(const struct blob *bl, const char *name, size_t flags, json_error_t *jerr,
			  struct kv_error *err)
{
	json_t *root = json_loadb(bl->buf, bl->len, flags, jerr);

	if (root == NULL) {
		kv_fail_at(err, KV_EXIT_DATAERR, name, jerr->line, jerr->column, "%s", jerr->text);
	}
	return root;
}

/* Parses the content as JSON.  Duplicate keys are an error, except that
 * tools write some (iperf3 3.12 repeats "sock_bufsize"): then *dup_err keeps
 * the error and the document is read again with the last value of each
 * key, for formats other than native. */
static json_t *load_json(const struct blob *bl, const char *name, struct kv_error *dup_err,
			 struct kv_error *err)
{
	json_error_t jerr;
	json_t *root = parse_blob(bl, name, JSON_REJECT_DUPLICATES, &jerr, err);

	kv_error_clear(dup_err);
	if (root == NULL && json_error_code(&jerr) == json_error_duplicate_key) {
		*dup_err = *err;
		kv_error_clear(err);
		root = parse_blob(bl, name, 0, &jerr, err);
	}
	return root;
}

/* "native, fio, ..." for messages. */
static void format_names(char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < kv_format_count; i++) {
		int n = snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
				 kv_format_table[i]->info.name);
		if (n < 0 || (size_t)n >= size - len) {
			break;
		}
		len += (size_t)n;
	}
}

static int unknown_format(const char *path, struct kv_error *err)
{
	char names[256];

	format_names(names, sizeof(names));
	return kv_fail(err, KV_EXIT_DATAERR,
		       "cannot tell the format of '%s'; use --format (one of: %s)", path, names);
}

/* The format that reads a content which starts like JSON but is not one
 * JSON document (JSON lines, documents one after another): the forced one
 * if it reads such texts, else the first whose detect_text takes it; or NULL. */
static const struct kv_format *json_lines_format(const struct kv_format *forced,
						 const struct blob *bl)
{
	if (forced != NULL) {
		return forced->json_lines ? forced : NULL;
	}
	for (size_t i = 0; i < kv_format_count; i++) {
		const struct kv_format *f = kv_format_table[i];
		if (f->json_lines && f->detect_text(bl->buf, bl->len)) {
			return f;
		}
	}
	return NULL;
}

/* What became of one file. */
enum outcome { IMPORTED, SKIPPED, IGNORED, EMPTY };

/* What load() reads: a text file, a parsed file, or a directory's parsed files. */
struct input {
	const char *buf; /* text, or NULL */
	size_t len;      /* bytes of the file(s) */
	json_t *root;    /* one parsed file, or NULL */
	json_t *const *roots;
	const char *const *files; /* a directory's files, or NULL */
	size_t nfiles;
	json_t *top;           /* a streamed native or fio file: its members but "runs"... */
	struct kv_jruns *runs; /* ...and its runs (fio: its jobs); or NULL */
	const char *array;     /* fio: the jobs' array, "jobs" or "client_stats"; native: NULL */
};

/* Loads a parsed or text file (or a directory's files) with fmt into a
 * fresh source row.  walked: found by walking a directory, where a file
 * that holds no results is skipped (EMPTY), not refused. */
static int load(struct kv_db *db, const struct kv_format *fmt, const char *path,
		const struct input *in, const char *sha, bool walked,
		const struct kv_import_opts *opts, const struct kv_import_report *rep,
		struct kv_import_stats *stats, enum outcome *outcome, struct kv_error *err)
{
	struct kv_sink sink = {
	    .db = db, .opts = opts, .file = path, .rep = rep, .run_id = -1, .bench_id = -1};
	struct kv_db_source src = {
	    .sha256 = sha, .path = path, .format = fmt->info.name, .size = (int64_t)in->len};
	int ret = -1;

	bool found;

	if (kv_db_begin(db, err) < 0) {
		return -1;
	}
	/* Another process may have imported the same content since we looked. */
	if (kv_db_find_source(db, sha, &found, NULL, err) < 0) {
		goto rollback;
	}
	if (found) {
		kv_db_rollback(db);
		*outcome = SKIPPED;
		return 0;
	}
	/* PostgreSQL: another importer's transaction may hold the same
	 * content, uncommitted, until now (SQLite's write lock kept it out) */
	int added = kv_db_add_source(db, &src, &sink.source_id, err);
	if (added < 0) {
		goto rollback;
	}
	if (added == 1) {
		kv_db_rollback(db);
		*outcome = SKIPPED;
		return 0;
	}
	if (in->files != NULL) {
		ret = fmt->load_json_set(in->roots, in->files, in->nfiles, &sink, err);
	} else if (in->runs != NULL && in->array != NULL) {
		ret = kv_fio_load_stream(in->top, in->array, in->runs, path, &sink, err);
	} else if (in->runs != NULL) {
		ret = kv_native_load_stream(in->top, in->runs, path, &sink, err);
	} else if (in->root != NULL) {
		ret = fmt->load_json(in->root, path, &sink, err);
	} else {
		ret = fmt->load_text(in->buf, in->len, path, &sink, err);
	}
	/* a refused value names its place; no file stores a run without samples */
	if ((ret = kv_sink_end(&sink, ret, err)) < 0 && sink.no_results != NULL && walked) {
		char msg[512];
		kv_db_rollback(db);
		snprintf(msg, sizeof(msg), "%s, skipped", sink.no_results);
		note(rep, path, msg);
		kv_error_clear(err);
		*outcome = EMPTY;
		ret = 0;
		goto out;
	}
	if (ret < 0) {
		goto rollback;
	}
	if (opts->dry_run) {
		kv_db_rollback(db);
	} else if ((ret = kv_db_commit(db, err)) < 0) {
		goto out;
	}
	stats->runs += (size_t)sink.nruns;
	stats->samples += sink.samples;
	goto out;
rollback:
	kv_db_rollback(db); /* a bad file leaves no rows behind */
	ret = -1;
out:
	free(sink.buf);
	return ret;
}

/* A directory whose files are one import: every file of fmt's in it, in one
 * transaction, one source row whose hash covers the names and contents. */
static int import_bundle(struct kv_db *db, const struct entry *e, const struct kv_import_opts *opts,
			 const struct kv_import_report *rep, struct kv_import_stats *stats,
			 enum outcome *outcome, struct kv_error *err)
{
	const struct kv_format *fmt = e->bundle;
	char **names = NULL, *prev = NULL;
	size_t n = 0, nroots = 0, total = 0;
	json_t **roots = NULL;
	const char **files = NULL;
	char **paths = NULL;
	struct kv_sha256 h;
	uint8_t md[KV_SHA256_LEN];
	char sha[KV_SHA256_HEX_LEN + 1];
	bool found;
	int ret = -1;

	*outcome = IMPORTED;
	if (list_dir(e->path, &names, &n, err) < 0) {
		return -1;
	}
	roots = kv_xcalloc(n ? n : 1, sizeof(*roots));
	files = kv_xcalloc(n ? n : 1, sizeof(*files));
	paths = kv_xcalloc(n ? n : 1, sizeof(*paths));
	kv_sha256_init(&h);
	kv_sha256_update(&h, "kvperf directory\n", strlen("kvperf directory\n"));
	for (size_t i = 0; i < n; i++) {
		struct blob bl;
		struct kv_error dup;
		char *path = join_path(e->path, names[i]);
		struct stat st;

		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			free(path); /* walked on its own */
			continue;
		}
		paths[i] = path;
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			note(rep, path, "not a regular file, ignored");
			continue;
		}
		if (read_blob(path, -1, path, opts->max_size, false, 0, rep, &bl, err) < 0) {
			goto out;
		}
		if (bl.first != '{' && bl.first != '[') {
			free(bl.buf);
			note(rep, path, "not a JSON file of this directory's results, ignored");
			continue;
		}
		json_t *root = load_json(&bl, path, &dup, err);
		free(bl.buf);
		if (root == NULL) {
			goto out;
		}
		if (!fmt->detect_json(root)) {
			json_decref(root);
			note(rep, path, "not a result file of a known format, ignored");
			continue;
		}
		kv_sha256_update(&h, names[i], strlen(names[i]) + 1);
		kv_sha256_update(&h, bl.sha, KV_SHA256_HEX_LEN + 1);
		roots[nroots] = root;
		files[nroots] = path;
		nroots++;
		total += bl.len;
	}
	if (nroots == 0) {
		kv_fail_file(err, KV_EXIT_DATAERR, e->path, "no %s result files in this directory",
			     fmt->info.name);
		goto out;
	}
	kv_sha256_final(&h, md);
	for (int i = 0; i < KV_SHA256_LEN; i++) {
		snprintf(sha + 2 * i, 3, "%02x", md[i]);
	}
	if (kv_db_find_source(db, sha, &found, &prev, err) < 0) {
		goto out;
	}
	if (found) {
		char msg[512];
		snprintf(msg, sizeof(msg), "already imported (as '%s'), skipped", prev);
		note(rep, e->path, msg);
		*outcome = SKIPPED;
		ret = 0;
		goto out;
	}
	struct input in = {.len = total, .roots = roots, .files = files, .nfiles = nroots};
	ret = load(db, fmt, e->path, &in, sha, e->walked, opts, rep, stats, outcome, err);
out:
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
		free(paths[i]);
	}
	for (size_t i = 0; i < nroots; i++) {
		json_decref(roots[i]);
	}
	free(names);
	free(paths);
	free(roots);
	free(files);
	free(prev);
	return ret;
}

/* Whether the regular file fd starts with '{' after white space. */
static bool starts_object(int fd)
{
	char b[4096];
	ssize_t got = pread(fd, b, sizeof(b), 0);

	for (ssize_t i = 0; i < got; i++) {
		if (!is_space((unsigned char)b[i])) {
			return b[i] == '{';
		}
	}
	return false;
}

/* Makes the content the first pass kept (buf, len bytes and a NUL; taken)
 * a blob, as read_blob() would have (it starts with '{': no BOM). */
static void blob_from_kept(struct blob *bl, char *buf, size_t len, const char *sha)
{
	const char *z = memchr(buf, '\0', len);

	memset(bl, 0, sizeof(*bl));
	bl->fd = -1;
	bl->buf = buf;
	bl->len = len;
	bl->nul = z != NULL ? (long long)(z - buf) : -1;
	bl->first = '{';
	snprintf(bl->sha, sizeof(bl->sha), "%s", sha);
}

/* Imports kvperf's native format with a "runs" array run by run, and fio's
 * output job by job, when the input is one (see ingest.h): returns 1 when the file was imported or
 * skipped, -1 when it failed (err), 0 when bl now holds the content in
 * memory, as read_blob() gives it, for the other formats. */
static int stream_native(struct kv_db *db, const struct entry *e, const struct kv_format *fmt,
			 const struct kv_import_opts *opts, const struct kv_import_report *rep,
			 struct kv_import_stats *stats, enum outcome *outcome, struct blob *bl,
			 struct kv_error *err)
{
	const char *name = e->std_in ? KV_STDIN_NAME : e->path;
	const char *path = e->std_in ? "-" : e->path;
	size_t max = opts->max_size ? opts->max_size : KV_IMPORT_MAX_SIZE;
	bool may = fmt == NULL || fmt == &kv_format_native || fmt == &kv_format_fio;
	char sha[KV_SHA256_HEX_LEN + 1];
	struct kv_jscan sc = {0};
	struct stat st;
	char *prev = NULL;
	int fd = -1, ret = -1;
	bool found;

	memset(bl, 0, sizeof(*bl));
	bl->fd = -1;
	if (may && !e->std_in && stat(e->path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (uintmax_t)st.st_size <= max) {
		fd = open(e->path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
		if (fd >= 0 && !starts_object(fd)) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0) {
		/* not a regular file, or not JSON: read as before, unless it is a large stream */
		if (read_blob(path, -1, name, opts->max_size, fmt == NULL,
			      may ? KV_IMPORT_SPILL : 0, rep, bl, err) < 0) {
			return -1;
		}
		if (bl->fd < 0) {
			return 0;
		}
		if (lseek(bl->fd, 0, SEEK_SET) < 0) {
			kv_fail(err, KV_EXIT_FAILURE, "cannot read back '%s': %s", name,
				strerror(errno));
			goto out;
		}
	}
	int in = fd >= 0 ? fd : bl->fd;
	struct pass first = {rep, name, "reading", fd >= 0 ? (uint64_t)st.st_size : bl->len};
	if (kv_jscan_fd(in, name, fd >= 0, KV_IMPORT_SPILL, pass_tick, &first, &sc, err) < 0) {
		goto out;
	}
	snprintf(sha, sizeof(sha), "%s", fd >= 0 ? sc.sha : bl->sha);
	if (sc.streamable && fmt != NULL && (fmt == &kv_format_fio) != sc.fio) {
		sc.streamable = false; /* --format names the other one: it says what is wrong */
	}
	if (!sc.streamable && sc.kept != NULL) {
		if (bl->fd >= 0) {
			close(bl->fd);
		}
		blob_from_kept(bl, sc.kept, (size_t)sc.size, sha);
		sc.kept = NULL;
		ret = 0;
		goto out;
	}
	if (!sc.streamable) {
		/* not native, or bad at the top: read it again, into memory */
		struct blob again;
		if (read_blob(path, in, name, opts->max_size, fmt == NULL, 0, rep, &again, err) <
		    0) {
			goto out;
		}
		if (bl->fd >= 0) {
			close(bl->fd);
		}
		*bl = again;
		ret = 0;
		goto out;
	}
	if (kv_db_find_source(db, sha, &found, &prev, err) < 0) {
		goto out;
	}
	if (found) {
		char msg[512];
		snprintf(msg, sizeof(msg), "already imported (as '%s'), skipped", prev);
		note(rep, name, msg);
		*outcome = SKIPPED;
		ret = 1;
		goto out;
	}
	struct pass second = {rep, name, "importing", sc.size};
	struct input inp = {.len = (size_t)sc.size,
			    .top = sc.top,
			    .runs = kv_jruns_new(in, name, sc.runs_off, pass_tick, &second),
			    .array = sc.fio ? sc.array : NULL};
	*outcome = IMPORTED;
	ret = load(db, sc.fio ? &kv_format_fio : &kv_format_native, name, &inp, sha, e->walked,
		   opts, rep, stats, outcome, err) < 0
		  ? -1
		  : 1;
	kv_jruns_free(inp.runs);
out:
	kv_jscan_release(&sc);
	if (fd >= 0) {
		close(fd);
	}
	if (ret != 0 && bl->fd >= 0) {
		close(bl->fd);
		bl->fd = -1;
	}
	free(prev);
	return ret;
}

static int import_one(struct kv_db *db, const struct entry *e, const struct kv_import_opts *opts,
		      const struct kv_import_report *rep, struct kv_import_stats *stats,
		      enum outcome *outcome, struct kv_error *err)
{
	const struct kv_format *fmt = NULL;
	const char *name = e->std_in ? KV_STDIN_NAME : e->path;
	struct blob bl;
	struct stat st;
	json_t *root = NULL;
	char *prev = NULL;
	bool found;
	int ret = -1;

	if (e->bundle != NULL) {
		return import_bundle(db, e, opts, rep, stats, outcome, err);
	}
	*outcome = IMPORTED;
	if (e->walked && stat(e->path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* a FIFO or a device found in a directory: never wait on one */
		note(rep, e->path, "not a regular file, ignored");
		*outcome = IGNORED;
		return 0;
	}
	if (opts->format != NULL) {
		fmt = kv_format_find(opts->format); /* checked by kv_import_paths() */
	}
	int st_ret = stream_native(db, e, fmt, opts, rep, stats, outcome, &bl, err);
	if (st_ret != 0) {
		return st_ret < 0 ? -1 : 0; /* imported, skipped or failed run by run */
	}
	if (bl.first < 0) {
		kv_fail_file(err, KV_EXIT_DATAERR, name,
			     bl.len == 0 ? "empty file" : "file holds only white space");
		goto out;
	}
	bool json_like = bl.first == '{' || bl.first == '[';
	if (bl.cut) {
		goto binary; /* a stream read only up to its first NUL byte */
	}
	if (kv_db_find_source(db, bl.sha, &found, &prev, err) < 0) {
		goto out;
	}
	if (found) {
		char msg[512];
		snprintf(msg, sizeof(msg), "already imported (as '%s'), skipped", prev);
		note(rep, name, msg);
		*outcome = SKIPPED;
		ret = 0;
		goto out;
	}
	if (bl.nul >= 0 && fmt == NULL && !json_like) {
		goto binary;
	}
	if ((fmt != NULL && fmt->load_json != NULL && (json_like || fmt->load_text == NULL)) ||
	    (fmt == NULL && json_like)) {
		struct kv_error dup;
		root = load_json(&bl, name, &dup, err);
		const struct kv_format *lines = root == NULL ? json_lines_format(fmt, &bl) : NULL;
		if (lines != NULL) {
			/* several JSON values (JSON lines): a text format reads them */
			kv_error_clear(err);
			fmt = lines;
		} else {
			/* the document is all that stays in memory */
			free(bl.buf);
			bl.buf = NULL;
			if (root == NULL) {
				goto out;
			}
			for (size_t i = 0; fmt == NULL && i < kv_format_count; i++) {
				const struct kv_format *f = kv_format_table[i];
				if (f->detect_json != NULL && f->detect_json(root)) {
					fmt = f;
				}
			}
			if (dup.code != 0 && (fmt == NULL || fmt == &kv_format_native)) {
				*err = dup; /* kvperf's own format has no duplicate keys */
				goto out;
			}
		}
	} else {
		for (size_t i = 0; fmt == NULL && i < kv_format_count; i++) {
			const struct kv_format *f = kv_format_table[i];
			if (f->detect_text != NULL && f->detect_text(bl.buf, bl.len)) {
				fmt = f;
			}
		}
	}
	if (fmt == NULL) {
		if (e->walked) {
			goto ignore;
		}
		unknown_format(name, err);
		goto out;
	}
	struct input in = {.buf = bl.buf, .len = bl.len, .root = root};
	ret = load(db, fmt, name, &in, bl.sha, e->walked, opts, rep, stats, outcome, err);
	goto out;
binary:
	if (!e->walked) {
		kv_fail_file(err, KV_EXIT_DATAERR, name,
			     "binary data (a NUL byte at offset %lld), not a result file", bl.nul);
		goto out;
	}
ignore:
	note(rep, name, "not a result file of a known format, ignored");
	*outcome = IGNORED;
	ret = 0;
out:
	json_decref(root);
	free(bl.buf);
	free(prev);
	return ret;
}

int kv_import_paths(struct kv_db *db, const char *const *paths, size_t npaths,
		    const struct kv_import_opts *opts, const struct kv_import_report *rep,
		    struct kv_import_stats *stats, struct kv_error *err)
{
	struct entries list = {0};
	struct kv_error ferr;
	size_t unread = 0; /* failed files that could not be opened or read */
	int ret = 0;

	memset(stats, 0, sizeof(*stats));
	if (opts->format != NULL && kv_format_find(opts->format) == NULL) {
		char names[256];
		format_names(names, sizeof(names));
		return kv_fail(err, KV_EXIT_USAGE, "unknown format '%s' (one of: %s)", opts->format,
			       names);
	}
	if (expand(paths, npaths, &list, err) < 0) {
		entries_release(&list);
		return -1;
	}
	stats->files = list.n;
	for (size_t i = 0; i < list.n; i++) {
		enum outcome outcome;

		if (rep != NULL && rep->progress != NULL) {
			rep->progress(rep->ctx, i, list.n, list.v[i].path);
		}
		kv_error_clear(&ferr);
		if (import_one(db, &list.v[i], opts, rep, stats, &outcome, &ferr) < 0) {
			/* keep_going passes a file that cannot be read or is bad; a
			 * full disk or a locked database would fail every next file */
			if (!opts->keep_going ||
			    (ferr.code != KV_EXIT_DATAERR && ferr.code != KV_EXIT_NOINPUT)) {
				*err = ferr;
				ret = -1;
				break;
			}
			stats->failed++;
			unread += ferr.code == KV_EXIT_NOINPUT;
			if (rep != NULL && rep->failed != NULL) {
				rep->failed(rep->ctx, &ferr);
			}
			continue;
		}
		stats->imported += outcome == IMPORTED;
		stats->skipped += outcome == SKIPPED;
		stats->ignored += outcome == IGNORED;
		stats->empty += outcome == EMPTY;
	}
	if (ret == 0 && stats->failed > 0) {
		/* 66 when every failed file was one that could not be read */
		ret =
		    kv_fail(err, unread == stats->failed ? KV_EXIT_NOINPUT : KV_EXIT_DATAERR,
			    "%zu of %zu files could not be imported", stats->failed, stats->files);
	} else if (ret == 0 && stats->imported + stats->skipped == 0 && stats->empty > 0) {
		ret = kv_fail(err, KV_EXIT_DATAERR,
			      "no results in %s%s (%zu file%s of a known format hold%s none)",
			      paths[0], npaths > 1 ? " and the other paths" : "", stats->empty,
			      stats->empty == 1 ? "" : "s", stats->empty == 1 ? "s" : "");
	} else if (ret == 0 && stats->imported + stats->skipped == 0) {
		ret = kv_fail(err, KV_EXIT_DATAERR, "no result files of a known format in %s%s",
			      paths[0], npaths > 1 ? " and the other paths" : "");
	}
	entries_release(&list);
	return ret;
}
