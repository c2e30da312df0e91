/* outfile.c - write to a temporary name, then rename. */
#include "util/outfile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

char *kv_tmp_name(const char *path)
{
	size_t n = strlen(path) + 32;
	char *tmp = kv_xmalloc(n);

	snprintf(tmp, n, "%s.tmp%d", path, (int)getpid());
	return tmp;
}

int kv_tmp_finish(const char *tmp, const char *path, const char *failure, struct kv_error *err)
{
	if (failure == NULL && rename(tmp, path) == 0) {
		return 0;
	}
	if (failure == NULL) {
		failure = strerror(errno);
	}
	kv_fail(err, KV_EXIT_FAILURE, "cannot write '%s': %s", path, failure);
	unlink(tmp);
	return -1;
}
