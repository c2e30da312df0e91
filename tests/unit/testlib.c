/* testlib.c - helpers the unit tests share. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "tests/unit/testlib.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/tcmocka.h"

/* The directories made so far, removed with their files at exit. */
static char **dirs;
static size_t ndirs;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path); /* go on whatever happens */
	return 0;
}

static void remove_dirs(void)
{
	for (size_t i = 0; i < ndirs; i++) {
		nftw(dirs[i], remove_one, 16, FTW_DEPTH | FTW_PHYS);
		free(dirs[i]);
	}
	free(dirs);
	dirs = NULL;
	ndirs = 0;
}

char *t_tmp_path(const char *name)
{
	const char *base = getenv("TMPDIR");
	char tmpl[512];
	char *path;

	snprintf(tmpl, sizeof(tmpl), "%s/kvperf-test-XXXXXX", base != NULL ? base : "/tmp");
	assert_non_null(mkdtemp(tmpl));
	if (dirs == NULL) {
		atexit(remove_dirs);
	}
	dirs = realloc(dirs, (ndirs + 1) * sizeof(*dirs));
	assert_non_null(dirs);
	dirs[ndirs] = strdup(tmpl);
	assert_non_null(dirs[ndirs]);
	ndirs++;
	path = malloc(strlen(tmpl) + strlen(name) + 2);
	sprintf(path, "%s/%s", tmpl, name);
	return path;
}

void t_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

int64_t t_sql_int(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t v;

	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

void t_sql_exec(const char *path, const char *sql)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}
