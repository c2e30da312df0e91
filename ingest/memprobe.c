/*
 * memprobe.c - the text reports of the two classic memory-bandwidth and
 * NUMA probes: STREAM (stream.c 5.x) and the NAS Parallel Benchmarks
 * (NPB 3.x, serial, OpenMP, MPI and multi-zone).  One run per file.
 *
 * STREAM: the "Function  Best Rate MB/s  Avg time  Min time  Max time"
 * table gives copy_rate, scale_rate, add_rate and triad_rate (best of the
 * run's iterations: a per-run summary; the times are checked, not stored,
 * so that each kernel counts once in the summaries); parameters array_size
 * and threads.  A report without "Solution
 * Validates" (or with "Failed Validation") is a failed run and is refused.
 *
 * NPB: "<NAME> Benchmark Completed." and its block of "Key = value" lines:
 * benchmark NAME (CG, FT, BT-MZ, ...), parameters class, threads and
 * processes, metrics mops_total (Mop/s) and time.  Verification
 * UNSUCCESSFUL is a failed run and is refused; NOT PERFORMED gives a note.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "util/xalloc.h"

/* The number that starts after the first occurrence of key on line; fails
 * with the line and column when there is none. */
static int num_after(const char *file, const char *line, size_t no, const char *key, double *v,
		     struct kv_error *err)
{
	const char *p = strstr(line, key);
	char *end;

	p = p != NULL ? p + strlen(key) : line;
	while (*p == ' ' || *p == '\t' || *p == '=') {
		p++;
	}
	*v = strtod(p, &end);
	if (end == p || !(*v >= 0 && *v < 1e300)) {
		return kv_fail_at(err, KV_EXIT_DATAERR, file, (int)no, (int)(p - line) + 1,
				  "expected a number after \"%s\"", key);
	}
	return 0;
}

/* ---- STREAM ---- */

static const char STREAM_HEAD[] = "Function    Best Rate MB/s";

/* Whether a line that starts with label (at the start of buf or after a
 * newline) goes on, after spaces and "=", with a number. */
static bool line_with_number(const char *buf, const char *label)
{
	size_t n = strlen(label);

	for (const char *p = buf; (p = strstr(p, label)) != NULL; p += n) {
		if (p != buf && p[-1] != '\n') {
			continue;
		}
		const char *q = p + n;
		while (*q == ' ' || *q == '=') {
			q++;
		}
		if (isdigit((unsigned char)*q)) {
			return true;
		}
	}
	return false;
}

static bool stream_detect(const char *buf, size_t len)
{
	(void)len;
	return strstr(buf, STREAM_HEAD) != NULL && line_with_number(buf, "Triad:");
}

static int stream_load(const char *buf, size_t len, const char *file, struct kv_sink *s,
		       struct kv_error *err)
{
	static const char *const kernels[] = {"Copy:", "Scale:", "Add:", "Triad:"};
	static const char *const names[] = {"copy", "scale", "add", "triad"};
	struct kv_lines l;
	double rate[4], array = -1, threads = -1;
	bool validated = false, head = false;
	char version[32] = "";
	int ret = -1;
	size_t head_line = 0, kline[4] = {0}; /* where each was read, or 0 */

	kv_lines_split(buf, len, &l);
	for (size_t i = 0; i < l.n; i++) {
		const char *line = l.v[i];
		size_t no = i + 1;
		if (sscanf(line, "STREAM version $Revision: %31[0-9.]", version) == 1) {
			continue;
		}
		if (strncmp(line, "Array size =", 12) == 0) {
			if (num_after(file, line, no, "Array size =", &array, err) < 0) {
				goto out;
			}
		} else if (strncmp(line, "Number of Threads counted =", 27) == 0) {
			if (num_after(file, line, no, "Number of Threads counted =", &threads,
				      err) < 0) {
				goto out;
			}
		} else if (strncmp(line, STREAM_HEAD, sizeof(STREAM_HEAD) - 1) == 0) {
			if (head) {
				kv_fail_at(err, KV_EXIT_DATAERR, file, (int)no, 1,
					   "a second \"%s\" table (the first is on line %zu)",
					   STREAM_HEAD, head_line);
				goto out;
			}
			head = true;
			head_line = no;
		} else if (strncmp(line, "Solution Validates", 18) == 0) {
			validated = true;
		} else if (strstr(line, "Failed Validation") != NULL) {
			kv_fail_at(err, KV_EXIT_DATAERR, file, (int)no, 1,
				   "STREAM failed validation, so this is a failed run: %s", line);
			goto out;
		} else if (head) {
			for (int k = 0; k < 4; k++) {
				size_t kl = strlen(kernels[k]);
				if (strncmp(line, kernels[k], kl) != 0) {
					continue;
				}
				char *end;
				const char *p = line + kl;
				if (kline[k] > 0) {
					kv_fail_at(err, KV_EXIT_DATAERR, file, (int)no, 1,
						   "a second \"%s\" line (the first is line %zu)",
						   kernels[k], kline[k]);
					goto out;
				}
				rate[k] = strtod(p, &end);
				double t = end != p ? strtod(end, &end) : 0;
				if (end == p || !(rate[k] > 0) || !(t > 0)) {
					kv_fail_at(err, KV_EXIT_DATAERR, file, (int)no, (int)kl + 1,
						   "expected the best rate and the average time");
					goto out;
				}
				kline[k] = no;
			}
		}
	}
	if (!head) {
		kv_fail_at(err, KV_EXIT_DATAERR, file, kv_lines_last(&l), 1,
			   "the report ends without a \"%s\" table", STREAM_HEAD);
		goto out;
	}
	for (int k = 0; k < 4; k++) {
		if (kline[k] == 0) {
			kv_fail_at(err, KV_EXIT_DATAERR, file, kv_lines_last(&l), 1,
				   "the table that starts on line %zu has no %s line (truncated?)",
				   head_line, kernels[k]);
			goto out;
		}
	}
	if (!validated) {
		kv_fail_at(
		    err, KV_EXIT_DATAERR, file, kv_lines_last(&l), 1,
		    "no \"Solution Validates\" line: the run was not validated (truncated?)");
		goto out;
	}
	struct kv_run_meta meta = {.tool = "stream", .tool_version = version[0] ? version : NULL};
	struct kv_params p = {0};
	if (array >= 0) {
		kv_params_addnum(&p, "array_size", array);
	}
	if (threads >= 0) {
		kv_params_addnum(&p, "threads", threads);
	}
	if (kv_sink_run(s, &meta, err) < 0 ||
	    kv_sink_benchmark(s, "stream", "stream", p.v, p.n, err) < 0) {
		kv_params_release(&p);
		goto wrap;
	}
	kv_params_release(&p);
	for (int k = 0; k < 4; k++) {
		char name[32];
		snprintf(name, sizeof(name), "%s_rate", names[k]);
		struct kv_origin from = {.line = (int)kline[k], .col = 1};
		if (kv_sink_metric_kind(s, name, "MB/s", "higher", "summary", &rate[k], 1, &from,
					err) < 0) {
			goto wrap;
		}
	}
	ret = 0;
	goto out;
wrap : {
	/* a refused value names its line; what else fails is not at a place in
	 * the file: no --config (the report names none), or the database */
	struct kv_error e = *err;
	if (e.where[0] == '\0') {
		kv_fail_file(err, e.code, file, "%s", e.msg);
	}
}
out:
	kv_lines_release(&l);
	return ret;
}

const struct kv_format kv_format_stream = {
    .info = {.name = "stream",
	     .description = "STREAM 5.x text output (one run per file; best rates are per-run "
			    "summaries)",
	     .metrics = "copy/scale/add/triad_rate (bytes/s, higher); params array_size, threads"},
    .detect_text = stream_detect,
    .load_text = stream_load,
};

/* ---- NAS Parallel Benchmarks ---- */

/* " CG Benchmark Completed." -> "CG"; NULL when line is not that. */
static bool npb_completed(const char *line, char *name, size_t size)
{
	const char *p = line, *at = strstr(line, " Benchmark Completed");

	if (at == NULL) {
		return false;
	}
	while (*p == ' ') {
		p++;
	}
	size_t n = (size_t)(at - p);
	if (n == 0 || n >= size) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (!isalnum((unsigned char)p[i]) && p[i] != '-') {
			return false;
		}
	}
	snprintf(name, size, "%.*s", (int)n, p);
	return true;
}

static bool npb_detect(const char *buf, size_t len)
{
	(void)len;
	return strstr(buf, " Benchmark Completed") != NULL &&
	       line_with_number(buf, " Mop/s total     =");
}

/* The value after "=" of a "Key = value" line, trimmed, or NULL. */
static const char *npb_value(char *line, const char *key)
{
	const char *p = line;

	while (*p == ' ') {
		p++;
	}
	if (strncmp(p, key, strlen(key)) != 0) {
		return NULL;
	}
	char *eq = strchr(p, '=');
	if (eq == NULL) {
		return NULL;
	}
	eq++;
	while (*eq == ' ') {
		eq++;
	}
	size_t n = strlen(eq);
	while (n > 0 && eq[n - 1] == ' ') {
		eq[--n] = '\0';
	}
	return eq;
}

static int npb_load(const char *buf, size_t len, const char *file, struct kv_sink *s,
		    struct kv_error *err)
{
	struct kv_lines l;
	char name[32] = "", cls[16] = "", version[32] = "";
	double mops = -1, secs = -1, threads = -1, procs = -1;
	size_t at = 0, mops_line = 0, secs_line = 0;
	int ret = -1;
	/* the lines of the block, each once: a second is a report pasted twice */
	static const char *const keys[] = {"Class",         "Mop/s total",     "Time in seconds",
					   "Total threads", "Total processes", "Version",
					   "Verification"};
	size_t seen[sizeof(keys) / sizeof(keys[0])] = {0};

	kv_lines_split(buf, len, &l);
	for (size_t i = 0; i < l.n && name[0] == '\0'; i++) {
		if (npb_completed(l.v[i], name, sizeof(name))) {
			at = i + 1;
		}
	}
	if (name[0] == '\0') {
		kv_fail_at(err, KV_EXIT_DATAERR, file, kv_lines_last(&l), 1,
			   "the report ends without a \"<NAME> Benchmark Completed\" line");
		goto out;
	}
	for (size_t i = at; i < l.n; i++) {
		char *line = l.v[i];
		size_t no = i + 1;
		const char *v;
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			if (npb_value(line, keys[k]) == NULL) {
				continue;
			}
			if (seen[k] > 0) {
				kv_fail_at(err, KV_EXIT_DATAERR, file, (int)no, 1,
					   "a second \"%s\" line (the first is line %zu)", keys[k],
					   seen[k]);
				goto out;
			}
			seen[k] = no;
			break;
		}
		if ((v = npb_value(line, "Class")) != NULL) {
			snprintf(cls, sizeof(cls), "%s", v);
		} else if (npb_value(line, "Mop/s total") != NULL) {
			if (num_after(file, line, no, "Mop/s total", &mops, err) < 0) {
				goto out;
			}
			mops_line = no;
		} else if (npb_value(line, "Time in seconds") != NULL) {
			if (num_after(file, line, no, "Time in seconds", &secs, err) < 0) {
				goto out;
			}
			secs_line = no;
		} else if (npb_value(line, "Total threads") != NULL) {
			if (num_after(file, line, no, "Total threads", &threads, err) < 0) {
				goto out;
			}
		} else if (npb_value(line, "Total processes") != NULL) {
			if (num_after(file, line, no, "Total processes", &procs, err) < 0) {
				goto out;
			}
		} else if ((v = npb_value(line, "Version")) != NULL) {
			snprintf(version, sizeof(version), "%s", v);
		} else if ((v = npb_value(line, "Verification")) != NULL) {
			if (strcmp(v, "UNSUCCESSFUL") == 0) {
				kv_fail_at(err, KV_EXIT_DATAERR, file, (int)no, 1,
					   "NPB's verification failed, so this is a failed run");
				goto out;
			}
			if (strcmp(v, "SUCCESSFUL") != 0) {
				kv_sink_warn(s, "line %zu: verification %s", no, v);
			}
		}
	}
	if (mops < 0 || secs < 0 || cls[0] == '\0') {
		kv_fail_at(err, KV_EXIT_DATAERR, file, kv_lines_last(&l), 1,
			   "the %s report has no %s line (truncated?)", name,
			   cls[0] == '\0' ? "Class"
			   : mops < 0     ? "Mop/s total"
					  : "Time in seconds");
		goto out;
	}
	if (seen[6] == 0) { /* Verification */
		kv_fail_at(err, KV_EXIT_DATAERR, file, kv_lines_last(&l), 1,
			   "the %s report has no Verification line (truncated?)", name);
		goto out;
	}
	struct kv_run_meta meta = {.tool = "npb", .tool_version = version[0] ? version : NULL};
	struct kv_params p = {0};
	kv_params_add(&p, "class", cls);
	if (threads >= 0) {
		kv_params_addnum(&p, "threads", threads);
	}
	if (procs >= 0) {
		kv_params_addnum(&p, "processes", procs);
	}
	double ops = mops * 1e6;
	struct kv_origin fmops = {.line = (int)mops_line, .col = 1};
	struct kv_origin fsecs = {.line = (int)secs_line, .col = 1};
	if (kv_sink_run(s, &meta, err) < 0 ||
	    kv_sink_benchmark(s, "npb", name, p.v, p.n, err) < 0 ||
	    kv_sink_metric(s, "mops_total", "ops/s", "higher", &ops, 1, &fmops, err) < 0 ||
	    kv_sink_metric(s, "time", "s", "lower", &secs, 1, &fsecs, err) < 0) {
		if (err->where[0] == '\0') {
			kv_err_in(err, file, 0);
		}
		kv_params_release(&p);
		goto out;
	}
	kv_params_release(&p);
	ret = 0;
out:
	kv_lines_release(&l);
	return ret;
}

const struct kv_format kv_format_npb = {
    .info = {.name = "npb",
	     .description = "NAS Parallel Benchmarks 3.x text report (one run per file)",
	     .metrics = "per benchmark (CG, FT, BT-MZ, ...): mops_total (ops/s, higher), time "
			"(s); params class, threads, processes"},
    .detect_text = npb_detect,
    .load_text = npb_load,
};
