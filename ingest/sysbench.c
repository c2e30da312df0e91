/*
 * sysbench.c - sysbench 1.0 text reports (the built-in tests print no JSON).
 * One run per file.  cpu, memory and fileio name themselves in the report;
 * threads and mutex do not, so their benchmark is named after the file (the
 * part of its name before the first '-' or '.').
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "util/xalloc.h"

static bool detect(const char *buf, size_t len)
{
	return len > 10 && strncmp(buf, "sysbench ", 9) == 0 && isdigit((unsigned char)buf[9]);
}

/* One value found in the report, and where. */
struct found {
	const char *name, *unit, *dir;
	double v;
	int line, col; /* of the number */
};

struct report {
	const char *file;
	struct kv_error *err;
	char test[64]; /* cpu, memory, fileio or "" */
	char version[32];
	double threads;
	int threads_line;      /* of "Number of threads:", or 0 */
	char params[8][2][64]; /* extra parameters */
	int param_line[8];     /* the line each was read from */
	int nparams;
	struct found m[24];
	int nm;
	bool general;     /* saw "General statistics:" */
	bool latency;     /* saw "Latency (ms):" */
	bool latency_sum; /* saw its last line, "sum:" */
	int line, col;    /* where the last number read was */
};

/* Keeps the number just read as metric name; a second line of the same
 * label is refused (a report pasted twice, or edited). */
static int add(struct report *r, const char *label, const char *name, const char *unit,
	       const char *dir, double v)
{
	for (int i = 0; i < r->nm; i++) {
		if (strcmp(r->m[i].name, name) == 0) {
			return kv_fail_at(r->err, KV_EXIT_DATAERR, r->file, r->line, 1,
					  "a second \"%s\" line (the first is line %d)", label,
					  r->m[i].line);
		}
	}
	if (r->nm < (int)(sizeof(r->m) / sizeof(r->m[0]))) {
		r->m[r->nm++] = (struct found){name, unit, dir, v, r->line, r->col};
	}
	return 0;
}

/* Keeps parameter key = value, read from line no; a second line that
 * gives the same parameter is refused, naming both lines. */
static int param(struct report *r, int no, const char *key, const char *value)
{
	for (int i = 0; i < r->nparams; i++) {
		if (strcmp(r->params[i][0], key) == 0) {
			return kv_fail_at(r->err, KV_EXIT_DATAERR, r->file, no, 1,
					  "a second line that gives %s (the first is line %d)", key,
					  r->param_line[i]);
		}
	}
	if (r->nparams < 8) {
		snprintf(r->params[r->nparams][0], 64, "%s", key);
		snprintf(r->params[r->nparams][1], 64, "%s", value);
		r->param_line[r->nparams] = no;
		r->nparams++;
	}
	return 0;
}

/* The number that starts at p on line no (for the error's column). */
static int number(struct report *r, const char *line, const char *p, int no, double *v)
{
	char *end;

	while (*p == ' ' || *p == '\t' || *p == '(') {
		p++;
	}
	*v = strtod(p, &end);
	if (end == p) {
		return kv_fail_at(r->err, KV_EXIT_DATAERR, r->file, no, (int)(p - line) + 1,
				  "expected a number");
	}
	r->line = no;
	r->col = (int)(p - line) + 1;
	return 0;
}

/* A "label: number" line: the number after the colon. */
static int after(struct report *r, const char *line, const char *label, int no, double *v,
		 bool *hit)
{
	const char *at = strstr(line, label);

	*hit = at != NULL;
	if (at == NULL) {
		return 0;
	}
	return number(r, line, at + strlen(label), no, v);
}

static int scan_line(struct report *r, const char *line, int no)
{
	static const struct {
		const char *label, *name, *unit, *dir;
	} simple[] = {
	    {"events per second:", "events_per_second", "events/s", "higher"},
	    {"reads/s:", "reads_per_second", "ops/s", "higher"},
	    {"writes/s:", "writes_per_second", "ops/s", "higher"},
	    {"fsyncs/s:", "fsyncs_per_second", "ops/s", "higher"},
	    {"read, MiB/s:", "read_throughput", "MiB/s", "higher"},
	    {"written, MiB/s:", "write_throughput", "MiB/s", "higher"},
	    {"total time:", "total_time", "s", "lower"},
	    {"total number of events:", "events", "count", "higher"},
	};
	static const struct {
		const char *label, *name;
	} lat[] = {{"min:", "latency_min"}, {"avg:", "latency_avg"}, {"max:", "latency_max"}};
	double v = 0;
	bool hit;

	if (strncmp(line, "sysbench ", 9) == 0 && r->version[0] == '\0') {
		sscanf(line + 9, "%31s", r->version);
		return 0;
	}
	if (strstr(line, "Number of threads:") != NULL && r->threads_line > 0) {
		return kv_fail_at(r->err, KV_EXIT_DATAERR, r->file, no, 1,
				  "a second \"Number of threads:\" line (the first is line %d)",
				  r->threads_line);
	}
	if (after(r, line, "Number of threads:", no, &r->threads, &hit) < 0) {
		return -1;
	}
	if (hit) {
		r->threads_line = no;
		return 0;
	}
	if (strstr(line, "Prime numbers limit:") != NULL) {
		snprintf(r->test, sizeof(r->test), "cpu");
		if (after(r, line, "Prime numbers limit:", no, &v, &hit) < 0) {
			return -1;
		}
		char b[32];
		snprintf(b, sizeof(b), "%g", v);
		return param(r, no, "max_prime", b);
	}
	if (strstr(line, "Running memory speed test") != NULL) {
		snprintf(r->test, sizeof(r->test), "memory");
		return 0;
	}
	if (strstr(line, "Extra file open flags") != NULL) {
		snprintf(r->test, sizeof(r->test), "fileio");
		return 0;
	}
	char word[64];
	if (sscanf(line, "  block size: %63s", word) == 1 ||
	    sscanf(line, "Block size %63s", word) == 1) {
		return param(r, no, "block_size", word);
	}
	if (sscanf(line, "  operation: %63s", word) == 1) {
		return param(r, no, "operation", word);
	}
	if (sscanf(line, "Doing %63s", word) == 1 && strstr(line, " test") != NULL) {
		return param(r, no, "mode", strstr(line, "random r/w") ? "rndrw" : word);
	}
	if (strstr(line, "General statistics:") != NULL) {
		r->general = true;
		return 0;
	}
	const char *ops = strstr(line, "Total operations:");
	if (ops != NULL) {
		const char *paren = strchr(ops, '(');
		if (paren == NULL) {
			return kv_fail_at(r->err, KV_EXIT_DATAERR, r->file, no,
					  (int)(ops - line) + 1, "expected \"(N per second)\"");
		}
		if (number(r, line, paren + 1, no, &v) < 0) {
			return -1;
		}
		return add(r, "Total operations:", "operations_per_second", "ops/s", "higher", v);
	}
	const char *mib = strstr(line, "MiB transferred (");
	if (mib != NULL) {
		if (number(r, line, mib + strlen("MiB transferred ("), no, &v) < 0) {
			return -1;
		}
		return add(r, "MiB transferred (", "transfer_rate", "MiB/s", "higher", v);
	}
	if (strstr(line, "Latency (ms):") != NULL) {
		r->latency = true;
		return 0;
	}
	for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
		if (after(r, line, simple[i].label, no, &v, &hit) < 0) {
			return -1;
		}
		if (hit) {
			return add(r, simple[i].label, simple[i].name, simple[i].unit,
				   simple[i].dir, v);
		}
	}
	/* Latency (ms): min, avg, max and one percentile, indented under the heading. */
	const char *t = line;
	while (*t == ' ') {
		t++;
	}
	if (t - line >= 8) {
		for (size_t i = 0; i < 3; i++) {
			if (strncmp(t, lat[i].label, strlen(lat[i].label)) == 0) {
				if (number(r, line, t + strlen(lat[i].label), no, &v) < 0) {
					return -1;
				}
				return add(r, lat[i].label, lat[i].name, "ms", "lower", v);
			}
		}
		if (strncmp(t, "sum:", 4) == 0) {
			r->latency_sum = true;
			return 0;
		}
		int pct;
		char *colon = strstr(t, "th percentile:");
		if (colon != NULL && sscanf(t, "%d", &pct) == 1) {
			if (number(r, line, colon + strlen("th percentile:"), no, &v) < 0) {
				return -1;
			}
			return add(r, "th percentile:",
				   pct == 95   ? "latency_p95"
				   : pct == 99 ? "latency_p99"
					       : "latency_pct",
				   "ms", "lower", v);
		}
	}
	return 0;
}

/* What every report of a test holds (test NULL: every test); main says
 * that it is the metric the test is run for. */
static const struct {
	const char *test, *label, *name;
	bool main;
} required[] = {
    {"cpu", "events per second:", "events_per_second", true},
    {"memory", "Total operations:", "operations_per_second", true},
    {"memory", "MiB transferred (", "transfer_rate", true},
    {"fileio", "reads/s:", "reads_per_second", true},
    {"fileio", "writes/s:", "writes_per_second", true},
    {"fileio", "fsyncs/s:", "fsyncs_per_second", false},
    {"fileio", "read, MiB/s:", "read_throughput", true},
    {"fileio", "written, MiB/s:", "write_throughput", true},
    {NULL, "total time:", "total_time", false},
    {NULL, "total number of events:", "events", false},
    {NULL, "min:", "latency_min", false},
    {NULL, "avg:", "latency_avg", false},
    {NULL, "max:", "latency_max", false},
};

/* A report that lacks what its test always prints was cut short (or
 * edited): refused, naming the line, never imported without it. */
static int complete(const struct report *r, int last, struct kv_error *err)
{
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		bool have = false;
		if (required[i].test != NULL && strcmp(required[i].test, r->test) != 0) {
			continue;
		}
		for (int k = 0; k < r->nm && !have; k++) {
			have = strcmp(r->m[k].name, required[i].name) == 0;
		}
		if (!have) {
			return kv_fail_at(err, KV_EXIT_DATAERR, r->file, last, 1,
					  "the %s report has no \"%s\" line, so %s%s%s is missing "
					  "(truncated?)",
					  r->test, required[i].label,
					  required[i].main ? "its main metric, " : "",
					  required[i].name, required[i].main ? "," : "");
		}
	}
	if (r->latency && !r->latency_sum) {
		return kv_fail_at(err, KV_EXIT_DATAERR, r->file, last, 1,
				  "the %s report has no \"sum:\" line at the end of its latency "
				  "block (truncated?)",
				  r->test);
	}
	return 0;
}

/* The file's name up to its first '-' or '.', for tests that do not name themselves. */
static void name_from_file(const char *file, char *out, size_t size)
{
	const char *base = strrchr(file, '/');

	base = base != NULL ? base + 1 : file;
	size_t n = strcspn(base, "-.");
	snprintf(out, size, "%.*s", (int)(n > 0 ? n : strlen(base)), base);
}

static int load(const char *buf, size_t len, const char *file, struct kv_sink *s,
		struct kv_error *err)
{
	struct report r = {.file = file, .err = err, .threads = 1};
	struct kv_run_meta meta = {.tool = "sysbench"};
	struct kv_params p = {0};
	struct kv_lines l;
	int last, ret = -1;

	if (!detect(buf, len)) {
		return kv_fail_at(err, KV_EXIT_DATAERR, file, 1, 1,
				  "expected a sysbench report (\"sysbench 1.x ...\")");
	}
	kv_lines_split(buf, len, &l);
	for (size_t i = 0; i < l.n; i++) {
		if (scan_line(&r, l.v[i], (int)i + 1) < 0) {
			kv_lines_release(&l);
			return -1;
		}
	}
	last = kv_lines_last(&l);
	kv_lines_release(&l);
	if (!r.general || r.nm == 0) {
		return kv_fail_at(err, KV_EXIT_DATAERR, file, last, 1,
				  "the report ends before \"General statistics:\" (truncated?)");
	}
	if (r.test[0] == '\0') {
		name_from_file(file, r.test, sizeof(r.test));
	}
	if (complete(&r, last, err) < 0) {
		return -1;
	}
	meta.tool_version = r.version[0] ? r.version : NULL;
	/* what fails here is not at a place in the file: no --config (the
	 * report names none), or the database */
	if (kv_sink_run(s, &meta, err) < 0) {
		return kv_err_in(err, file, 0);
	}
	kv_params_addnum(&p, "threads", r.threads);
	for (int i = 0; i < r.nparams; i++) {
		kv_params_add(&p, r.params[i][0], r.params[i][1]);
	}
	if (kv_sink_benchmark(s, "sysbench", r.test, p.v, p.n, err) < 0) {
		kv_err_in(err, file, 0);
		goto out;
	}
	for (int i = 0; i < r.nm; i++) {
		struct kv_origin from = {.line = r.m[i].line, .col = r.m[i].col};
		if (kv_sink_metric(s, r.m[i].name, r.m[i].unit, r.m[i].dir, &r.m[i].v, 1, &from,
				   err) < 0) {
			kv_err_in(err, file, r.m[i].line);
			goto out;
		}
	}
	ret = 0;
out:
	kv_params_release(&p);
	return ret;
}

const struct kv_format kv_format_sysbench = {
    .info = {.name = "sysbench",
	     .description = "sysbench 1.0 text report (cpu, memory, fileio, threads, mutex)",
	     .metrics = "events_per_second, operations_per_second, transfer_rate, "
			"reads/writes/fsyncs_per_second, read/write_throughput, total_time, "
			"events, latency_min/avg/max/p95 (s)"},
    .detect_text = detect,
    .load_text = load,
};
