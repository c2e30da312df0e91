/*
 * ingest.c - from paths to rows: expanding directories, reading files,
 * detecting formats, one transaction per file.
 */
#include "ingest/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest/format.h"
#include "ingest/sink.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A file to import, and whether it was found by walking a directory; or a
 * directory whose files are one import (bundle: its format). */
struct entry {
	char *path;
	bool walked;
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
		return kv_fail(err, KV_EXIT_FAILURE, "cannot open directory '%s': %s", dir,
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
static int walk(const char *dir, struct entries *out, int depth, struct kv_error *err)
{
	char **names = NULL;
	size_t n = 0;
	int ret = 0;

	if (depth > 64) {
		return kv_fail_file(err, KV_EXIT_FAILURE, dir, "directories nested too deeply");
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
			ret = walk(path, out, depth + 1, err);
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
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		size_t before = out->n;

		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (walk(paths[i], out, 0, err) < 0) {
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

/* Reads the whole file into a new NUL-terminated buffer; free with free(). */
static int read_file(const char *path, char **buf, size_t *len, struct kv_error *err)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	size_t cap, n = 0;
	char *b;

	*buf = NULL;
	*len = 0;
	if (f == NULL) {
		return kv_fail(err, KV_EXIT_DATAERR, "cannot open '%s': %s", path, strerror(errno));
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return kv_fail(err, KV_EXIT_DATAERR, "cannot read '%s': Is a directory", path);
	}
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	b = kv_xmalloc(cap);
	for (;;) {
		size_t got = fread(b + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0) {
			break;
		}
		if (n + 1 == cap) {
			cap *= 2;
			b = kv_xreallocarray(b, cap, 1);
		}
	}
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		free(b);
		return kv_fail(err, KV_EXIT_DATAERR, "cannot read '%s': %s", path, strerror(e));
	}
	fclose(f);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

/* What one streaming pass over a file tells before anything is parsed. */
struct scan {
	char sha[KV_SHA256_HEX_LEN + 1]; /* content hash */
	size_t len;                      /* bytes */
	int first;                       /* first byte that is not white space, or -1 */
	long long nul;                   /* offset of the first NUL byte, or -1 */
	struct stat st;                  /* to tell whether the file changed since */
};

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Reads path once in chunks: hash, size, first non-space byte, first NUL. */
static int scan_file(const char *path, struct scan *sc, struct kv_error *err)
{
	struct kv_sha256 h;
	uint8_t md[KV_SHA256_LEN];
	static char chunk[1 << 16];
	struct stat st;
	FILE *f = fopen(path, "rb");
	size_t got;

	if (f == NULL) {
		return kv_fail(err, KV_EXIT_DATAERR, "cannot open '%s': %s", path, strerror(errno));
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return kv_fail(err, KV_EXIT_DATAERR, "cannot read '%s': Is a directory", path);
	}
	sc->st = st;
	kv_sha256_init(&h);
	sc->len = 0;
	sc->first = -1;
	sc->nul = -1;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		kv_sha256_update(&h, chunk, got);
		for (size_t i = 0; sc->first < 0 && i < got; i++) {
			if (!is_space((unsigned char)chunk[i])) {
				sc->first = (unsigned char)chunk[i];
			}
		}
		const char *z = sc->nul < 0 ? memchr(chunk, '\0', got) : NULL;
		if (z != NULL) {
			sc->nul = (long long)(sc->len + (size_t)(z - chunk));
		}
		sc->len += got;
	}
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		return kv_fail(err, KV_EXIT_DATAERR, "cannot read '%s': %s", path, strerror(e));
	}
	fclose(f);
	kv_sha256_final(&h, md);
	for (int i = 0; i < KV_SHA256_LEN; i++) {
		snprintf(sc->sha + 2 * i, 3, "%02x", md[i]);
	}
	return 0;
}

static size_t feed_json(void *buf, size_t size, void *data)
{
	FILE *f = data;
	size_t got = fread(buf, 1, size, f);

	return got == 0 && ferror(f) ? (size_t)-1 : got;
}

/* Whether two stats show the same, unchanged file (git's test). */
static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* One parse of the file, streaming, with jansson's flags. */
static json_t *parse_file(const char *path, const struct scan *sc, size_t flags, json_error_t *jerr,
			  struct kv_error *err)
{
	struct stat before, after;
	json_t *root;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		kv_fail(err, KV_EXIT_DATAERR, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	fstat(fileno(f), &before);
	root = json_load_callback(feed_json, f, flags, jerr);
	fstat(fileno(f), &after);
	fclose(f);
	if (root != NULL && (!same_file(&sc->st, &before) || !same_file(&before, &after))) {
		json_decref(root);
		kv_fail_file(err, KV_EXIT_DATAERR, path, "the file changed while it was read");
		return NULL;
	}
	if (root == NULL && err->code == 0) {
		kv_fail_at(err, KV_EXIT_DATAERR, path, jerr->line, jerr->column, "%s", jerr->text);
	}
	return root;
}

/* Parses the file as JSON without holding its text: the document is all
 * that stays in memory.  A syntax error names file:line:column.  Duplicate
 * keys are an error, except that tools write some (iperf3 3.12 repeats
 * "sock_bufsize"): then *dup_err keeps the error and the document is read
 * again with the last value of each key, for formats other than native. */
static json_t *load_json(const char *path, const struct scan *sc, struct kv_error *dup_err,
			 struct kv_error *err)
{
	json_error_t jerr;
	json_t *root = parse_file(path, sc, JSON_REJECT_DUPLICATES, &jerr, err);

	kv_error_clear(dup_err);
	if (root == NULL && json_error_code(&jerr) == json_error_duplicate_key) {
		*dup_err = *err;
		kv_error_clear(err);
		root = parse_file(path, sc, 0, &jerr, err);
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

/* What became of one file. */
enum outcome { IMPORTED, SKIPPED, IGNORED };

/* What load() reads: a text file, a parsed file, or a directory's parsed files. */
struct input {
	const char *buf; /* text, or NULL */
	size_t len;      /* bytes of the file(s) */
	json_t *root;    /* one parsed file, or NULL */
	json_t *const *roots;
	const char *const *files; /* a directory's files, or NULL */
	size_t nfiles;
};

/* Loads a parsed or text file (or a directory's files) with fmt into a
 * fresh source row. */
static int load(struct kv_db *db, const struct kv_format *fmt, const char *path,
		const struct input *in, const char *sha, const struct kv_import_opts *opts,
		const struct kv_import_report *rep, struct kv_import_stats *stats,
		enum outcome *outcome, struct kv_error *err)
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
	if (kv_db_add_source(db, &src, &sink.source_id, err) < 0) {
		goto rollback;
	}
	if (in->files != NULL) {
		ret = fmt->load_json_set(in->roots, in->files, in->nfiles, &sink, err);
	} else if (in->root != NULL) {
		ret = fmt->load_json(in->root, path, &sink, err);
	} else {
		ret = fmt->load_text(in->buf, in->len, path, &sink, err);
	}
	if (ret < 0) {
		goto rollback;
	}
	if (sink.nruns == 0) {
		ret = kv_fail_file(err, KV_EXIT_DATAERR, path, "no runs in this file");
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

static void note(const struct kv_import_report *rep, const char *path, const char *msg)
{
	if (rep != NULL && rep->note != NULL) {
		rep->note(rep->ctx, path, msg);
	}
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
		struct scan sc;
		struct kv_error dup;
		char *path = join_path(e->path, names[i]);
		struct stat st;

		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			free(path); /* walked on its own */
			continue;
		}
		paths[i] = path;
		if (scan_file(path, &sc, err) < 0) {
			goto out;
		}
		if (sc.first != '{' && sc.first != '[') {
			note(rep, path, "not a JSON file of this directory's results, ignored");
			continue;
		}
		json_t *root = load_json(path, &sc, &dup, err);
		if (root == NULL) {
			goto out;
		}
		if (!fmt->detect_json(root)) {
			json_decref(root);
			note(rep, path, "not a result file of a known format, ignored");
			continue;
		}
		kv_sha256_update(&h, names[i], strlen(names[i]) + 1);
		kv_sha256_update(&h, sc.sha, KV_SHA256_HEX_LEN + 1);
		roots[nroots] = root;
		files[nroots] = path;
		nroots++;
		total += sc.len;
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
	ret = load(db, fmt, e->path, &in, sha, opts, rep, stats, outcome, err);
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

static int import_one(struct kv_db *db, const struct entry *e, const struct kv_import_opts *opts,
		      const struct kv_import_report *rep, struct kv_import_stats *stats,
		      enum outcome *outcome, struct kv_error *err)
{
	const struct kv_format *fmt = NULL;
	struct scan sc;
	json_t *root = NULL;
	char *buf = NULL, *prev = NULL;
	size_t len = 0;
	bool found;
	int ret = -1;

	if (e->bundle != NULL) {
		return import_bundle(db, e, opts, rep, stats, outcome, err);
	}
	*outcome = IMPORTED;
	if (scan_file(e->path, &sc, err) < 0) {
		return -1;
	}
	if (sc.first < 0) {
		return kv_fail_file(err, KV_EXIT_DATAERR, e->path,
				    sc.len == 0 ? "empty file" : "file holds only white space");
	}
	if (kv_db_find_source(db, sc.sha, &found, &prev, err) < 0) {
		return -1;
	}
	if (found) {
		if (rep != NULL && rep->note != NULL) {
			char msg[512];
			snprintf(msg, sizeof(msg), "already imported (as '%s'), skipped", prev);
			rep->note(rep->ctx, e->path, msg);
		}
		free(prev);
		*outcome = SKIPPED;
		return 0;
	}
	if (opts->format != NULL) {
		fmt = kv_format_find(opts->format); /* checked by kv_import_paths() */
	}
	bool json_like = sc.first == '{' || sc.first == '[';
	if ((fmt != NULL && fmt->load_json != NULL && (json_like || fmt->load_text == NULL)) ||
	    (fmt == NULL && json_like)) {
		struct kv_error dup;
		if ((root = load_json(e->path, &sc, &dup, err)) == NULL) {
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
	} else {
		if (sc.nul >= 0 && fmt == NULL) {
			if (e->walked) {
				goto ignore;
			}
			kv_fail_file(err, KV_EXIT_DATAERR, e->path,
				     "binary data (a NUL byte at offset %lld), not a result file",
				     sc.nul);
			goto out;
		}
		if (read_file(e->path, &buf, &len, err) < 0) {
			goto out;
		}
		for (size_t i = 0; fmt == NULL && i < kv_format_count; i++) {
			const struct kv_format *f = kv_format_table[i];
			if (f->detect_text != NULL && f->detect_text(buf, len)) {
				fmt = f;
			}
		}
	}
	if (fmt == NULL) {
		if (e->walked) {
			goto ignore;
		}
		unknown_format(e->path, err);
		goto out;
	}
	struct input in = {.buf = buf, .len = sc.len, .root = root};
	ret = load(db, fmt, e->path, &in, sc.sha, opts, rep, stats, outcome, err);
	goto out;
ignore:
	if (rep != NULL && rep->note != NULL) {
		rep->note(rep->ctx, e->path, "not a result file of a known format, ignored");
	}
	*outcome = IGNORED;
	ret = 0;
out:
	json_decref(root);
	free(buf);
	return ret;
}

int kv_import_paths(struct kv_db *db, const char *const *paths, size_t npaths,
		    const struct kv_import_opts *opts, const struct kv_import_report *rep,
		    struct kv_import_stats *stats, struct kv_error *err)
{
	struct entries list = {0};
	struct kv_error ferr;
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
			if (!opts->keep_going) {
				*err = ferr;
				ret = -1;
				break;
			}
			stats->failed++;
			if (rep != NULL && rep->failed != NULL) {
				rep->failed(rep->ctx, &ferr);
			}
			continue;
		}
		stats->imported += outcome == IMPORTED;
		stats->skipped += outcome == SKIPPED;
		stats->ignored += outcome == IGNORED;
	}
	if (ret == 0 && stats->failed > 0) {
		ret = kv_fail(err, KV_EXIT_DATAERR, "%zu of %zu files could not be imported",
			      stats->failed, stats->files);
	} else if (ret == 0 && stats->imported + stats->skipped == 0) {
		ret = kv_fail(err, KV_EXIT_DATAERR, "no result files of a known format in %s%s",
			      paths[0], npaths > 1 ? " and the other paths" : "");
	}
	entries_release(&list);
	return ret;
}
