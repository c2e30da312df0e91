/*
 * fuzz_dir.c - libFuzzer target for importing directories: walking them
 * (sorted, hidden names skipped, depth limit, links, FIFOs), kube-burner's
 * collected-metrics directories read as one import, --config-from-dir, and
 * more than one path at once.
 *
 * An input is an archive of a small directory tree:
 *
 *   byte 0   options: 1 --config-from-dir, 2 --config fuzz, 4 --keep-going,
 *            8 --max-size 4096, 16 --dry-run, 32 give each top-level entry
 *            as its own path (not the tree's root), 64 import twice (the
 *            second time every file must be skipped)
 *   byte 1   --format: 0 detection, k the k-th of kv_formats(); past the
 *            last format, detection too
 *   then     entries, each a header line and the bytes up to the next
 *            header ("\n=== " starts one):
 *              === results/cfg-a/run1.json       a file
 *              === results/empty/                a directory
 *              === results/loop -> results       a symbolic link (to a place
 *                                                in the tree; "-> " alone:
 *                                                its root)
 *              === results/pipe |                a FIFO
 *
 * Names keep [A-Za-z0-9._-] (anything else becomes '_'), "." and ".." become
 * "_" and "__", so nothing is made or linked outside the tree; at most 64
 * entries, 8 levels, 48 bytes a name and 8 links (MAX_LINKS).
 * The tree is made afresh in the scratch directory for each input,
 * imported into a new database (a copy of an empty one) and removed with
 * it.  An input aborts when it leaves a descriptor open or a tree that
 * cannot be removed, when an error, a note or a failed file comes without
 * a message, or when importing the tree again imports anything.
 *
 * build: meson setup build-fuzz -Dfuzz=true -Dtests=false (with CC=clang)
 * run:   build-fuzz/fuzz/fuzz_dir -max_total_time=600 CORPUS_DIR
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/fuzz_common.h"
#include "ingest/ingest.h"
#include "schema/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
	OPT_CONFIG_FROM_DIR = 1,
	OPT_CONFIG = 2,
	OPT_KEEP_GOING = 4,
	OPT_MAX_SIZE = 8,
	OPT_DRY_RUN = 16,
	OPT_TOP_PATHS = 32,
	OPT_TWICE = 64,
};

#define MAX_ENTRIES 64
#define MAX_DEPTH   8
#define MAX_NAME    48
#define MAX_PATHS   64
/* Links an input may make.  One, while ingest/ingest.c's walk() follows
 * links to directories without remembering the directories it is in: two
 * links to an ancestor make it walk 2^40 paths (reported; raise this to
 * MAX_ENTRIES when that is fixed). */
#define MAX_LINKS 8

static char root[4200];

/* A new database, made once; each input is imported into a copy of it
 * (copying a file is much faster than making the schema again). */
static char db_path[4200];
static char *empty_db;
static size_t empty_db_len;

static void remove_db(void)
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	char path[sizeof(db_path) + 8];

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", db_path, suffix[i]);
		unlink(path);
	}
}

static void init(void)
{
	struct kv_db *db;
	struct kv_error err;

	snprintf(root, sizeof(root), "%s/t", fuzz_scratch());
	snprintf(db_path, sizeof(db_path), "%s/kvperf.db", fuzz_scratch());
	kv_error_clear(&err);
	if (kv_db_open(db_path, KV_DB_CREATE, &db, &err) < 0) {
		fprintf(stderr, "fuzz_dir: %s\n", err.msg);
		abort();
	}
	kv_db_close(db);
	if (kv_read_input(db_path, 0, &empty_db, &empty_db_len, &err) < 0) {
		fprintf(stderr, "fuzz_dir: %s\n", err.msg);
		abort();
	}
	remove_db();
}

/* Copies the n bytes of s into out as a relative path of safe components;
 * returns its length (0: nothing left). */
static size_t safe_path(const char *s, size_t n, char *out, size_t size)
{
	size_t len = 0, depth = 0, i = 0;

	out[0] = '\0';
	while (i < n && depth < MAX_DEPTH) {
		char comp[MAX_NAME + 1];
		size_t c = 0;
		while (i < n && s[i] == '/') {
			i++;
		}
		while (i < n && s[i] != '/') {
			char ch = s[i++];
			bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				  (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
			if (c < MAX_NAME) {
				comp[c++] = ok ? ch : '_';
			}
		}
		if (c == 0) {
			continue;
		}
		comp[c] = '\0';
		if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0) {
			memset(comp, '_', c);
		}
		if (len + c + 2 > size) {
			break;
		}
		len += (size_t)snprintf(out + len, size - len, "%s%s", len ? "/" : "", comp);
		depth++;
	}
	return len;
}

/* Makes the directories above the entry at root/rel. */
static void make_parents(const char *full)
{
	char buf[sizeof(root) + 512];
	size_t skip = strlen(root) + 1;

	snprintf(buf, sizeof(buf), "%s", full);
	for (char *p = buf + skip; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
}

static const uint8_t *find_header(const uint8_t *p, const uint8_t *end)
{
	for (; end - p >= 5; p++) {
		if ((p = memchr(p, '\n', (size_t)(end - p - 4))) == NULL) {
			return NULL;
		}
		if (memcmp(p + 1, "=== ", 4) == 0) {
			return p;
		}
	}
	return NULL;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Makes one entry of the archive: header (n bytes) and body; *links
 * counts the links made. */
static void make_entry(const char *h, size_t n, const uint8_t *body, size_t len, int *links)
{
	char rel[512], full[sizeof(root) + 512], target[sizeof(root) + 512];
	const char *arrow = NULL;

	for (size_t i = 0; i + 4 <= n; i++) {
		if (memcmp(h + i, " -> ", 4) == 0) {
			arrow = h + i;
			break;
		}
	}
	bool fifo = arrow == NULL && ends_with(h, n, " |");
	bool dir = arrow == NULL && !fifo && ends_with(h, n, "/");
	size_t name_len = arrow != NULL ? (size_t)(arrow - h) : fifo ? n - 2 : n;
	if (safe_path(h, name_len, rel, sizeof(rel)) == 0 ||
	    (arrow != NULL && ++*links > MAX_LINKS)) {
		return;
	}
	snprintf(full, sizeof(full), "%s/%s", root, rel);
	make_parents(full);
	if (dir) {
		mkdir(full, 0755);
	} else if (fifo) {
		mkfifo(full, 0644);
	} else if (arrow != NULL) {
		char trel[512];
		const char *t = arrow + 4;
		if (safe_path(t, (size_t)(h + n - t), trel, sizeof(trel)) == 0) {
			snprintf(target, sizeof(target), "%s", root);
		} else {
			snprintf(target, sizeof(target), "%s/%s", root, trel);
		}
		symlink(target, full);
	} else {
		fuzz_write_file(full, body, len);
	}
}

/* Makes the tree of the archive at root. */
static void make_tree(const uint8_t *p, const uint8_t *end)
{
	const uint8_t *h = NULL;
	size_t n = 0;
	int links = 0;

	if (end - p >= 4 && memcmp(p, "=== ", 4) == 0) {
		h = p;
	} else if ((h = find_header(p, end)) != NULL) {
		h++;
	}
	while (h != NULL && n++ < MAX_ENTRIES) {
		const uint8_t *name = h + 4;
		const uint8_t *nl = memchr(name, '\n', (size_t)(end - name));
		const uint8_t *name_end = nl != NULL ? nl : end;
		const uint8_t *body = nl != NULL ? nl + 1 : end;
		const uint8_t *next = nl != NULL ? find_header(nl, end) : NULL;
		const uint8_t *body_end = next != NULL ? next : end;
		make_entry((const char *)name, (size_t)(name_end - name), body,
			   body_end > body ? (size_t)(body_end - body) : 0, &links);
		h = next != NULL ? next + 1 : NULL;
	}
}

static int not_hidden(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

/* The tree's top-level directories and regular files, as paths to import
 * (never a FIFO: kvperf would wait for a writer, as it should). */
static size_t top_paths(char **paths)
{
	struct dirent **names;
	int n = scandir(root, &names, not_hidden, alphasort);
	size_t k = 0;

	for (int i = 0; i < n; i++) {
		char full[sizeof(root) + 512];
		struct stat st;
		snprintf(full, sizeof(full), "%s/%s", root, names[i]->d_name);
		if (k < MAX_PATHS && lstat(full, &st) == 0 &&
		    (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
			paths[k++] = strdup(full);
		}
		free(names[i]);
	}
	free(n >= 0 ? names : NULL);
	return k;
}

static void check_msg(const char *what, const char *msg)
{
	if (msg == NULL || msg[0] == '\0') {
		fprintf(stderr, "fuzz_dir: %s without a message\n", what);
		abort();
	}
}

static void on_progress(void *ctx, size_t i, size_t n, const char *path)
{
	if (i >= n || path == NULL) {
		fprintf(stderr, "fuzz_dir: progress %zu of %zu\n", i, n);
		abort();
	}
}

static void on_note(void *ctx, const char *path, const char *msg)
{
	check_msg("a note", path);
	check_msg("a note", msg);
}

static void on_failed(void *ctx, const struct kv_error *err)
{
	check_msg("a failed file", err->msg);
}

/* Imports paths into db; checks what every import must keep to. */
static int import(struct kv_db *db, const char *const *paths, size_t n,
		  const struct kv_import_opts *opts, struct kv_import_stats *st)
{
	static const struct kv_import_report rep = {NULL, on_progress, on_note, on_failed};
	struct kv_error err;

	kv_error_clear(&err);
	int ret = kv_import_paths(db, paths, n, opts, &rep, st, &err);
	if (ret < 0) {
		check_msg("an error", err.msg);
	}
	if (st->imported + st->skipped + st->ignored + st->failed > st->files) {
		fprintf(stderr, "fuzz_dir: %zu files, but %zu + %zu + %zu + %zu outcomes\n",
			st->files, st->imported, st->skipped, st->ignored, st->failed);
		abort();
	}
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kv_import_opts opts = {0};
	struct kv_import_stats st, again;
	struct kv_error err;
	struct kv_db *db;
	char *paths[MAX_PATHS];
	size_t npaths = 0, nformats;
	const struct kv_format_info *formats = kv_formats(&nformats);

	if (size < 2) {
		return 0;
	}
	if (root[0] == '\0') {
		init();
	}
	int fds = fuzz_open_fds();
	if (mkdir(root, 0755) < 0) {
		fprintf(stderr, "fuzz_dir: cannot make '%s': %s\n", root, strerror(errno));
		abort();
	}
	make_tree(data + 2, data + size);

	opts.config_from_dir = data[0] & OPT_CONFIG_FROM_DIR;
	opts.config = data[0] & OPT_CONFIG ? "fuzz" : NULL;
	opts.keep_going = data[0] & OPT_KEEP_GOING;
	opts.max_size = data[0] & OPT_MAX_SIZE ? 4096 : 0;
	opts.dry_run = data[0] & OPT_DRY_RUN;
	opts.format = data[1] >= 1 && data[1] <= nformats ? formats[data[1] - 1].name : NULL;
	if (data[0] & OPT_TOP_PATHS) {
		npaths = top_paths(paths);
	}
	if (npaths == 0) {
		paths[npaths++] = strdup(root);
	}

	kv_error_clear(&err);
	if (fuzz_write_file(db_path, empty_db, empty_db_len) < 0 ||
	    kv_db_open(db_path, KV_DB_CREATE | KV_DB_BULK, &db, &err) < 0) {
		fprintf(stderr, "fuzz_dir: cannot open '%s': %s\n", db_path, err.msg);
		abort();
	}
	int ret = import(db, (const char *const *)paths, npaths, &opts, &st);
	if (ret == 0 && !opts.dry_run && (data[0] & OPT_TWICE)) {
		/* re-running an import is harmless: every file is skipped or ignored */
		if (import(db, (const char *const *)paths, npaths, &opts, &again) < 0 ||
		    again.imported != 0 || again.runs != 0) {
			fprintf(stderr, "fuzz_dir: importing again imported %zu files\n",
				again.imported);
			abort();
		}
	}
	kv_db_close(db);
	remove_db();

	for (size_t i = 0; i < npaths; i++) {
		free(paths[i]);
	}
	if (fuzz_rm_tree(root) < 0 || access(root, F_OK) == 0) {
		fprintf(stderr, "fuzz_dir: cannot remove '%s'\n", root);
		abort();
	}
	if (fuzz_open_fds() != fds) {
		fprintf(stderr, "fuzz_dir: a descriptor was left open\n");
		abort();
	}
	return 0;
}
