/* benchlib.c - a clock and timed child processes for the benchmarks. */
#include "bench/benchlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_run(char *const argv[], bool quiet, bool ok65, long *rss_kb)
{
	struct rusage ru;
	int status;
	double t0 = bench_now();
	pid_t pid = fork();

	if (pid == 0) {
		if (quiet && freopen("/dev/null", "w", stdout) == NULL) {
			_exit(127);
		}
		execv(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    (WEXITSTATUS(status) != 0 && !(ok65 && WEXITSTATUS(status) == 65))) {
		fprintf(stderr, "bench: %s failed\n", argv[0]);
		exit(1);
	}
	*rss_kb = ru.ru_maxrss;
	return bench_now() - t0;
}

void bench_rm_db(const char *db)
{
	char p[1024];

	unlink(db);
	snprintf(p, sizeof(p), "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db);
	unlink(p);
}
