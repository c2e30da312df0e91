/*
 * outfile.c - write to a temporary name, make it durable, then rename; and
 * never leave a temporary file behind: not on SIGINT, SIGTERM or SIGHUP
 * (a handler removes the live ones), and not after a crash (the next run
 * for the same output removes those of dead processes).
 */
#include "util/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

/* The temporary files being written, for the signal handler: a slot holds
 * a name (a copy) or NULL.  Lock-free atomics are all a handler may read;
 * kvperf writes one file at a time, so a few slots are plenty (a file
 * beyond them is still removed on failure, only not on a signal). */
#define LIVE_MAX 16
static _Atomic(char *) live[LIVE_MAX];

/* The signals that end kvperf and its temporary files with it. */
static const int end_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int sig)
{
	int saved = errno;

	for (size_t i = 0; i < LIVE_MAX; i++) {
		char *name = atomic_load(&live[i]);
		if (name != NULL) {
			unlink(name); /* async-signal-safe, as is all of this handler */
		}
	}
	errno = saved;
	/* SA_RESETHAND restored the default action: die of the same signal, so
	 * that the shell sees it (exit status 128 + sig). */
	raise(sig);
}

/* Installs the handler once, for the signals not ignored: nohup's SIGHUP
 * and a background job's SIGINT stay ignored. */
static void install(void)
{
	static atomic_bool done;

	if (atomic_exchange(&done, true)) {
		return;
	}
	for (size_t i = 0; i < sizeof(end_signals) / sizeof(end_signals[0]); i++) {
		struct sigaction old, sa = {0};

		if (sigaction(end_signals[i], NULL, &old) < 0 || old.sa_handler != SIG_DFL) {
			continue;
		}
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESETHAND;
		sigaction(end_signals[i], &sa, NULL);
	}
}

static void live_add(const char *tmp)
{
	char *copy = kv_xstrdup(tmp);

	install();
	for (size_t i = 0; i < LIVE_MAX; i++) {
		char *expected = NULL;
		if (atomic_compare_exchange_strong(&live[i], &expected, copy)) {
			return;
		}
	}
	free(copy);
}

static void live_remove(const char *tmp)
{
	for (size_t i = 0; i < LIVE_MAX; i++) {
		char *name = atomic_load(&live[i]);
		if (name != NULL && strcmp(name, tmp) == 0 &&
		    atomic_compare_exchange_strong(&live[i], &name, NULL)) {
			free(name);
			return;
		}
	}
}

/* The directory of path ("." when it names none); free with free(). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		return kv_xstrdup(".");
	}
	return kv_xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* Removes "<path>.tmp<pid>" files whose process is gone: what a crash or a
 * kill -9 of an earlier run for the same output left. */
static void remove_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	size_t blen = strlen(base);
	char *dir = dir_of(path);
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d != NULL && (de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		if (strncmp(n, base, blen) != 0 || strncmp(n + blen, ".tmp", 4) != 0) {
			continue;
		}
		const char *digits = n + blen + 4;
		char *end;
		errno = 0;
		long pid = strtol(digits, &end, 10);
		if (digits[0] < '1' || digits[0] > '9' || *end != '\0' || errno != 0 ||
		    pid > 0x7fffffffL || pid == (long)getpid()) {
			continue;
		}
		/* ESRCH: no such process; EPERM means it lives (another user's) */
		if (kill((pid_t)pid, 0) < 0 && errno == ESRCH) {
			struct kv_strbuf sb = KV_STRBUF_INIT;
			kv_strbuf_addf(&sb, "%s/%s", dir, n);
			unlink(sb.buf);
			kv_strbuf_release(&sb);
		}
	}
	if (d != NULL) {
		closedir(d);
	}
	free(dir);
}

char *kv_tmp_name(const char *path)
{
	size_t n = strlen(path) + 32;
	char *tmp = kv_xmalloc(n);

	remove_stale(path);
	snprintf(tmp, n, "%s.tmp%d", path, (int)getpid());
	live_add(tmp);
	return tmp;
}

/* Flushes what was written to name to the disk; returns 0 or an errno. */
static int sync_path(const char *name, bool dir)
{
	int fd = open(name, O_RDONLY | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
	int e = 0;

	if (fd < 0) {
		return errno;
	}
	if (fsync(fd) < 0) {
		e = errno;
	}
	close(fd);
	/* a directory on a file system that cannot sync one is not an error */
	return dir && (e == EINVAL || e == EROFS) ? 0 : e;
}

int kv_tmp_finish(const char *tmp, const char *path, const char *failure, struct kv_error *err)
{
	int e = 0;

	/* The data reaches the disk before the name does: a crash right after
	 * "wrote report.pdf" leaves the old file or the new one, never an empty
	 * one.  Then the rename itself is made durable. */
	if (failure == NULL && (e = sync_path(tmp, false)) == 0 && rename(tmp, path) < 0) {
		e = errno;
	}
	if (failure == NULL && e == 0) {
		live_remove(tmp);
		char *dir = dir_of(path);
		e = sync_path(dir, true);
		free(dir);
		if (e == 0) {
			return 0;
		}
		return kv_fail(err, KV_EXIT_FAILURE, "cannot write '%s': %s", path, strerror(e));
	}
	kv_fail(err, KV_EXIT_FAILURE, "cannot write '%s': %s", path,
		failure != NULL ? failure : strerror(e));
	unlink(tmp);
	live_remove(tmp);
	return -1;
}

int kv_stderr_mute(void)
{
	int saved, null;

	fflush(stderr);
	if ((saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)) < 0) {
		return -1;
	}
	if ((null = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0 || dup2(null, STDERR_FILENO) < 0) {
		if (null >= 0) {
			close(null);
		}
		close(saved);
		return -1;
	}
	close(null);
	return saved;
}

void kv_stderr_restore(int saved)
{
	if (saved < 0) {
		return;
	}
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}
