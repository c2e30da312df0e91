/* testlib.h - helpers the unit tests share: temporary files and raw SQL. */
#ifndef TESTS_UNIT_TESTLIB_H
#define TESTS_UNIT_TESTLIB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* Returns a new path "<tmpdir>/<name>" in a fresh directory; free with free(). */
char *t_tmp_path(const char *name);
/* Writes len bytes of data to path (asserts on failure). */
void t_write_file(const char *path, const void *data, size_t len);
/* Runs one query on the database at path and returns its first column as an integer. */
int64_t t_sql_int(const char *path, const char *sql);
/* Runs SQL statements on the database at path (asserts on failure). */
void t_sql_exec(const char *path, const char *sql);

#endif
