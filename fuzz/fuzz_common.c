/* fuzz_common.c - scratch directories and descriptor counts for the fuzz targets. */
#define _XOPEN_SOURCE 700 /* nftw */

#include "fuzz/fuzz_common.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char scratch[4096];

static void remove_scratch(void)
{
	if (scratch[0] != '\0') {
		fuzz_rm_tree(scratch);
	}
}

const char *fuzz_scratch(void)
{
	if (scratch[0] == '\0') {
		const char *tmp = getenv("TMPDIR");
		if (tmp == NULL || tmp[0] == '\0') {
			tmp = "/tmp";
		}
		snprintf(scratch, sizeof(scratch), "%s/kvperf-fuzz-XXXXXX", tmp);
		if (mkdtemp(scratch) == NULL) {
			fprintf(stderr, "fuzz: cannot make a directory in '%s': %s\n", tmp,
				strerror(errno));
			abort();
		}
		atexit(remove_scratch);
	}
	return scratch;
}

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path) < 0 ? -1 : 0;
}

int fuzz_rm_tree(const char *path)
{
	/* FTW_PHYS: a link to a directory is removed, not walked */
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

int fuzz_write_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	const char *p = data;

	if (fd < 0) {
		return -1;
	}
	while (size > 0) {
		ssize_t n = write(fd, p, size);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			close(fd);
			return -1;
		}
		p += n;
		size -= (size_t)n;
	}
	return close(fd);
}

int fuzz_open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (d == NULL) {
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		n += de->d_name[0] != '.';
	}
	closedir(d);
	return n - 1; /* the descriptor of d itself */
}
