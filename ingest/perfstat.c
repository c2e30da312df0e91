/*
 * perfstat.c - perf stat's machine-readable output: JSON lines (-j) and
 * CSV (-x SEP), as perf writes them to standard error or, with -o FILE,
 * after a "# started on <ctime>" line.  perf's own writer is
 * tools/perf/util/stat-display.c; what it prints per counter:
 *
 *   -j   {"counter-value" : "530.368571", "unit" : "msec", "event" :
 *        "task-clock", ["variance" : 0.52,] "event-runtime" : N,
 *        "pcnt-running" : 100.00, "metric-value" : ..., "metric-unit" : ...}
 *        (aggregation keys "cpu", "core", "socket", ... and "interval" first)
 *   -x,  [interval,][aggregation id,[n,]]value,unit,event,[variance%,]run,
 *        percent running,metric value,metric unit
 *
 * One run per file (perf names no workload: the benchmark is the file's
 * name up to its first '-' or '.').  Each event is a metric, lower is
 * better; each aggregation (-A, --per-core, ...) is a parameter; with -I
 * each interval is a sample.  With -r N perf prints the mean of the N runs
 * and its relative standard error ("variance"): the means are stored as
 * summaries (one value per run), the error is not stored.  Counters perf
 * could not read ("<not counted>", "<not supported>") are left out with a
 * note; lines that carry only a derived metric (insn per cycle, CPUs
 * utilized) are not read: they are computed from the counters.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "ingest/jsonseq.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define NOT_COUNTED   "<not counted>"
#define NOT_SUPPORTED "<not supported>"

/* The aggregation keys of -j, in the order a benchmark's parameters show them. */
static const char *const aggr_keys[] = {"cpu",     "core",  "die",    "socket", "node",
					"cluster", "cache", "thread", "cgroup", NULL};

/* One counter line. */
struct rec {
	char *event, *unit;
	char *aggr; /* the aggregation as parameters: "key\x1evalue\x1f...", or "" */
	double v;
	int missing;   /* 0, or 1 for <not counted>, 2 for <not supported> */
	int line, col; /* where the value is */
};

struct recs {
	struct rec *v;
	size_t n, cap;
	bool variance; /* -r: values are means of repeated runs */
	char start[KV_TIME_SIZE];
	bool have_start;
};

static void recs_release(struct recs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].event);
		free(r->v[i].unit);
		free(r->v[i].aggr);
	}
	free(r->v);
}

static struct rec *rec_add(struct recs *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->v = kv_xreallocarray(r->v, r->cap, sizeof(*r->v));
	}
	memset(&r->v[r->n], 0, sizeof(r->v[0]));
	return &r->v[r->n++];
}

/* "gzip-12345" -> "gzip": a thread's pid differs from run to run. */
static void thread_comm(const char *s, char *out, size_t size)
{
	size_t n = strlen(s), k = n;

	while (k > 0 && isdigit((unsigned char)s[k - 1])) {
		k--;
	}
	if (k > 1 && k < n && s[k - 1] == '-') {
		n = k - 1;
	}
	snprintf(out, size, "%.*s", (int)n, s);
}

/* Appends key=value to an aggregation text ("" or "k=v,..."). */
static void aggr_add(struct kv_strbuf *sb, const char *key, const char *value)
{
	char comm[256];

	if (strcmp(key, "thread") == 0) {
		thread_comm(value, comm, sizeof(comm));
		key = "comm";
		value = comm;
	}
	/* separators no name holds: a cgroup or a command may hold ',' or '=' */
	kv_strbuf_addf(sb, "%s%s\x1e%s", sb->len ? "\x1f" : "", key, value);
}

/* A counter value as perf writes it: a number, or why there is none. */
static bool counter_value(const char *s, double *v, int *missing)
{
	*missing = strcmp(s, NOT_COUNTED) == 0 ? 1 : strcmp(s, NOT_SUPPORTED) == 0 ? 2 : 0;
	return *missing != 0 || kv_parse_double(s, v);
}

/* One object of -j output (the line's text is named where). */
static int json_line(struct recs *r, json_t *o, const char *where, int line, struct kv_error *err)
{
	struct kv_jctx c;
	json_t *cv;
	const char *event, *unit = "", *txt;
	double num;
	bool isnum;
	char buf[64];

	kv_jctx_init(&c, where, err);
	if (!json_is_object(o)) {
		return kv_jctx_fail(&c, "expected an object, got %s", kv_json_kind(o));
	}
	cv = json_object_get(o, "counter-value");
	if (cv == NULL) {
		/* a derived metric on a line of its own, a metric group's name */
		if (json_object_get(o, "metric-value") != NULL ||
		    json_object_get(o, "metricgroup") != NULL) {
			return 0;
		}
		return kv_jctx_fail(&c, "not a line of perf stat -j: no \"counter-value\"");
	}
	struct rec *x = rec_add(r);
	x->line = line;
	x->col = 1;
	if (kv_jget_str(&c, o, "event", true, &event) < 0 ||
	    kv_jget_str(&c, o, "unit", false, &unit) < 0) {
		return -1;
	}
	x->event = kv_xstrdup(event);
	x->unit = kv_xstrdup(unit != NULL ? unit : "");
	size_t m = kv_jctx_key(&c, "counter-value");
	if (json_is_number(cv)) {
		if (kv_jnum(&c, cv, &x->v) < 0) {
			return -1;
		}
	} else if (!json_is_string(cv)) {
		return kv_jctx_fail(&c, "expected a string, got %s", kv_json_kind(cv));
	} else if (!counter_value(json_string_value(cv), &x->v, &x->missing)) {
		return kv_jctx_fail(&c,
				    "expected a number, \"" NOT_COUNTED "\" or \"" NOT_SUPPORTED
				    "\", got \"%s\"",
				    json_string_value(cv));
	}
	kv_jctx_pop(&c, m);
	json_t *var = json_object_get(o, "variance");
	if (var != NULL) {
		m = kv_jctx_key(&c, "variance");
		if (kv_jnum(&c, var, &num) < 0) {
			return -1;
		}
		kv_jctx_pop(&c, m);
		r->variance = true;
	}
	json_t *iv = json_object_get(o, "interval");
	if (iv != NULL) {
		m = kv_jctx_key(&c, "interval");
		if (kv_jnum(&c, iv, &num) < 0) {
			return -1;
		}
		kv_jctx_pop(&c, m);
	}
	struct kv_strbuf aggr = KV_STRBUF_INIT;
	for (size_t k = 0; aggr_keys[k] != NULL; k++) {
		json_t *a = json_object_get(o, aggr_keys[k]);
		if (a == NULL) {
			continue;
		}
		m = kv_jctx_key(&c, aggr_keys[k]);
		if (json_is_object(a) || json_is_array(a) || json_is_null(a) ||
		    kv_jscalar(&c, a, buf, sizeof(buf), &txt, &isnum, &num) < 0) {
			kv_strbuf_release(&aggr);
			return json_is_object(a) || json_is_array(a) || json_is_null(a)
				   ? kv_jctx_fail(&c, "expected a string, got %s", kv_json_kind(a))
				   : -1;
		}
		kv_jctx_pop(&c, m);
		aggr_add(&aggr, aggr_keys[k], txt);
	}
	x->aggr = kv_strbuf_detach(&aggr);
	if (x->aggr == NULL) {
		x->aggr = kv_xstrdup("");
	}
	return 0;
}

/* The fields of one line split at sep (the line is cut in place). */
struct fields {
	char *v[32];
	int col[32]; /* where each starts, from 1 */
	int n;
};

static bool split(char *line, char sep, struct fields *f)
{
	char *p = line;

	f->n = 0;
	for (;;) {
		if (f->n == 32) {
			return false;
		}
		f->v[f->n] = p;
		f->col[f->n] = (int)(p - line) + 1;
		f->n++;
		char *s = strchr(p, sep);
		if (s == NULL) {
			return true;
		}
		*s = '\0';
		p = s + 1;
	}
}

/* The aggregation id of a -x line ("CPU3", "S0-D0-C1", "S0", "N0", or a
 * thread's "comm-pid") as a parameter. */
static void csv_aggr(struct kv_strbuf *sb, const char *id)
{
	int a, b, c, d, n = 0;

	if (sscanf(id, "CPU%d%n", &a, &n) == 1 && id[n] == '\0') {
		char cpu[16];
		snprintf(cpu, sizeof(cpu), "%d", a);
		aggr_add(sb, "cpu", cpu);
	} else if ((sscanf(id, "S%d-D%d-C%d%n", &a, &b, &c, &n) == 3 && id[n] == '\0')) {
		aggr_add(sb, "core", id);
	} else if (sscanf(id, "S%d-D%d-L%d-ID%d%n", &a, &b, &c, &d, &n) == 4 && id[n] == '\0') {
		aggr_add(sb, "cache", id);
	} else if (sscanf(id, "S%d-D%d-CLS%d%n", &a, &b, &c, &n) == 3 && id[n] == '\0') {
		aggr_add(sb, "cluster", id);
	} else if (sscanf(id, "S%d-D%d%n", &a, &b, &n) == 2 && id[n] == '\0') {
		aggr_add(sb, "die", id);
	} else if (sscanf(id, "S%d%n", &a, &n) == 1 && id[n] == '\0') {
		aggr_add(sb, "socket", id);
	} else if (sscanf(id, "N%d%n", &a, &n) == 1 && id[n] == '\0') {
		aggr_add(sb, "node", id);
	} else {
		aggr_add(sb, "thread", id);
	}
}

static bool is_num(const char *s)
{
	double v;

	return kv_parse_double(s, &v);
}

/* One line of -x output (cut in place); *skip: a line that holds only a
 * derived metric, or a --summary total. */
static int csv_line(struct recs *r, char *text, char sep, const char *file, int line, bool check,
		    struct kv_error *err)
{
	struct fields f;

	if (!split(text, sep, &f) || f.n < 7) {
		return kv_fail_at(
		    err, KV_EXIT_DATAERR, file, line, 1,
		    "expected the fields of perf stat -x%c (value%cunit%cevent%c...%crun "
		    "time%cpercent running%cmetric value%cmetric unit), the line has %d",
		    sep, sep, sep, sep, sep, sep, sep, sep, f.n);
	}
	/* from the end: metric unit, metric value, percent running, run time,
	 * [variance%], event, unit, value, then the prefix */
	int run = f.n - 4, pcnt = f.n - 3;
	if (f.v[run][0] == '\0' && f.v[pcnt][0] == '\0') {
		return 0; /* a second derived metric of the counter above */
	}
	size_t vl = strlen(f.v[run - 1]);
	bool var = vl > 0 && f.v[run - 1][vl - 1] == '%';
	int vi = run - (var ? 4 : 3);
	if (vi < 0) {
		return kv_fail_at(err, KV_EXIT_DATAERR, file, line, 1,
				  "too few fields for a counter line of perf stat -x%c", sep);
	}
	if (!is_num(f.v[run]) || !is_num(f.v[pcnt])) {
		int bad = !is_num(f.v[run]) ? run : pcnt;
		return kv_fail_at(err, KV_EXIT_DATAERR, file, line, f.col[bad],
				  "expected the counter's %s (a number), got \"%s\" (an event name "
				  "with '%c' in it? use another separator: -x';')",
				  bad == run ? "run time" : "percentage of time running", f.v[bad],
				  sep);
	}
	if (var) {
		f.v[run - 1][vl - 1] = '\0';
		if (!is_num(f.v[run - 1])) {
			return kv_fail_at(err, KV_EXIT_DATAERR, file, line, f.col[run - 1],
					  "expected the variance (a percentage), got \"%s%%\"",
					  f.v[run - 1]);
		}
		r->variance = true;
	}
	if (vi > 0 && strcmp(f.v[0], "summary") == 0) {
		return 0; /* --summary: the total of the intervals above */
	}
	struct kv_strbuf aggr = KV_STRBUF_INIT;
	int p = 0;
	if (p < vi && is_num(f.v[p])) {
		p++; /* -I: the interval's time stamp */
	}
	if (p < vi) {
		csv_aggr(&aggr, f.v[p++]);
		if (p < vi && is_num(f.v[p])) {
			p++; /* how many CPUs the aggregate counts */
		}
	}
	if (p < vi) {
		kv_strbuf_release(&aggr);
		return kv_fail_at(err, KV_EXIT_DATAERR, file, line, f.col[p],
				  "unexpected field \"%s\" before the counter value", f.v[p]);
	}
	if (!check) {
		struct rec *x = rec_add(r);
		x->line = line;
		x->col = f.col[vi];
		x->aggr = kv_strbuf_detach(&aggr);
		x->aggr = x->aggr != NULL ? x->aggr : kv_xstrdup("");
		x->event = kv_xstrdup(f.v[vi + 2]);
		x->unit = kv_xstrdup(f.v[vi + 1]);
		if (!counter_value(f.v[vi], &x->v, &x->missing)) {
			return kv_fail_at(err, KV_EXIT_DATAERR, file, line, f.col[vi],
					  "expected a counter value (a number, \"" NOT_COUNTED
					  "\" or \"" NOT_SUPPORTED "\"), got \"%s\"",
					  f.v[vi]);
		}
	} else {
		double v;
		int missing;
		kv_strbuf_release(&aggr);
		if (!counter_value(f.v[vi], &v, &missing)) {
			return kv_fail_at(err, KV_EXIT_DATAERR, file, line, f.col[vi],
					  "not a counter value");
		}
	}
	if (f.v[vi + 2][0] == '\0') {
		return kv_fail_at(err, KV_EXIT_DATAERR, file, line, f.col[vi + 2],
				  "empty event name");
	}
	return 0;
}

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* "# started on Wed Nov 25 01:21:24 2026" (ctime(3), the measuring
 * machine's local time, which perf does not name: taken as UTC). */
static int started_on(struct recs *r, const char *line, const char *file, int no,
		      struct kv_error *err)
{
	static const char prefix[] = "# started on ";
	char wday[4], mon[4], iso[64], msg[400];
	int day, hh, mm, ss, year, mi = -1;

	if (strncmp(line, prefix, sizeof(prefix) - 1) != 0 || r->have_start) {
		return 0;
	}
	const char *t = line + sizeof(prefix) - 1;
	if (sscanf(t, "%3s %3s %d %d:%d:%d %d", wday, mon, &day, &hh, &mm, &ss, &year) != 7) {
		return 0; /* not ctime's form: no start time */
	}
	for (int i = 0; i < 12; i++) {
		mi = strcmp(mon, months[i]) == 0 ? i : mi;
	}
	snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02dZ", year, mi + 1, day, hh, mm, ss);
	if (mi < 0 || !kv_time_norm(iso, r->start, msg, sizeof(msg))) {
		return kv_fail_at(err, KV_EXIT_DATAERR, file, no, (int)sizeof(prefix), "\"%s\": %s",
				  t, mi < 0 ? "not a month" : msg);
	}
	r->have_start = true;
	return 0;
}

/* The separator of a -x text: the first of ',', ';', tab that makes its
 * first counter line one; 0 if none does. */
static char csv_sep(const struct kv_lines *l)
{
	static const char seps[] = {',', ';', '\t'};

	for (size_t i = 0; i < l->n; i++) {
		const char *s = l->v[i];
		if (s[0] == '\0' || s[0] == '#') {
			continue;
		}
		for (size_t k = 0; k < sizeof(seps); k++) {
			struct recs r = {0};
			struct kv_error e;
			char *copy = kv_xstrdup(s);
			bool ok = strchr(s, seps[k]) != NULL &&
				  csv_line(&r, copy, seps[k], "", 1, true, &e) == 0;
			free(copy);
			if (ok) {
				return seps[k];
			}
		}
		return 0;
	}
	return 0;
}

/* The first line that is neither empty nor a comment. */
static const char *first_line(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *q = p;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) {
			q++;
		}
		if (q < end && *q != '\n' && *q != '#') {
			return q;
		}
		if (nl == NULL) {
			break;
		}
		p = nl + 1;
	}
	return NULL;
}

static bool is_event(json_t *o)
{
	return json_is_object(o) && json_object_get(o, "counter-value") != NULL &&
	       json_is_string(json_object_get(o, "event"));
}

static bool detect_json(json_t *root)
{
	return is_event(root);
}

static bool detect_text(const char *buf, size_t len)
{
	const char *p = first_line(buf, len);

	if (p == NULL) {
		return false;
	}
	if (*p == '{') {
		json_t *first;
		bool more;
		kv_jseq_peek(buf, len, true, &first, &more);
		bool yes = is_event(first);
		json_decref(first);
		return yes;
	}
	/* -x: only the first counter line is looked at */
	const char *nl = memchr(p, '\n', len - (size_t)(p - buf));
	char *line = kv_xstrndup(p, nl != NULL ? (size_t)(nl - p) : len - (size_t)(p - buf));
	struct kv_lines l = {.text = NULL, .v = &line, .n = 1};
	size_t n = strlen(line);
	if (n > 0 && line[n - 1] == '\r') {
		line[n - 1] = '\0';
	}
	bool yes = csv_sep(&l) != 0;
	free(line);
	return yes;
}

/* The benchmark: the file's name up to its first '-' or '.'. */
static void bench_name(const char *file, char *out, size_t size)
{
	const char *base = strrchr(file, '/');

	base = base != NULL ? base + 1 : file;
	size_t n = strcspn(base, "-.");
	if (strcmp(file, KV_STDIN_NAME) == 0 || n == 0) {
		snprintf(out, size, "perf-stat");
	} else {
		snprintf(out, size, "%.*s", (int)n, base);
	}
}

struct order {
	const struct rec *r;
	size_t i;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	int c = strcmp(x->r->aggr, y->r->aggr);

	if (c == 0) {
		c = strcmp(x->r->event, y->r->event);
	}
	return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

/* Where sample i of a metric is: its line and column. */
struct places {
	const struct order *o;
	size_t first;
};

static void place_at(const void *ctx, size_t i, struct kv_place *p)
{
	const struct places *pl = ctx;

	p->line = pl->o[pl->first + i].r->line;
	p->col = pl->o[pl->first + i].r->col;
}

/* Writes the records: one run, a benchmark per aggregation, a metric per
 * event.  last: the text's last line that is not empty (0: JSON). */
static int store(struct recs *r, const char *file, int last, struct kv_sink *s,
		 struct kv_error *err)
{
	struct kv_run_meta meta = {.tool = "perf-stat"};
	/* the events left out, as "\na\nb\n" while collecting (for the search) */
	struct kv_strbuf skipped[3] = {KV_STRBUF_INIT, KV_STRBUF_INIT, KV_STRBUF_INIT};
	struct order *o = kv_xcalloc(r->n ? r->n : 1, sizeof(*o));
	double *v = kv_xcalloc(r->n ? r->n : 1, sizeof(*v));
	size_t n = 0;
	char bench[256];
	int ret = -1;

	for (size_t i = 0; i < r->n; i++) {
		if (r->v[i].missing) {
			struct kv_strbuf *sb = &skipped[r->v[i].missing];
			struct kv_strbuf needle = KV_STRBUF_INIT;
			kv_strbuf_addf(&needle, "\n%s\n", r->v[i].event);
			if (sb->len == 0 || strstr(sb->buf, needle.buf) == NULL) {
				kv_strbuf_adds(sb, sb->len == 0 ? needle.buf : needle.buf + 1);
			}
			kv_strbuf_release(&needle);
			continue;
		}
		o[n].r = &r->v[i];
		o[n].i = i;
		n++;
	}
	if (r->n == 0) { /* named at the end of the text, where there was none */
		kv_fail_at(err, KV_EXIT_DATAERR, file, last, 1,
			   "no counter lines (perf stat -j or -x output; --metric-only output "
			   "holds only derived metrics and is not read)");
		goto out;
	}
	if (n == 0) { /* named at the first of them */
		kv_fail_at(err, KV_EXIT_DATAERR, file, r->v[0].line, r->v[0].col,
			   "perf could read none of the counters (all are \"" NOT_COUNTED
			   "\" or \"" NOT_SUPPORTED "\"): nothing was measured");
		goto out;
	}
	qsort(o, n, sizeof(*o), cmp_order);
	meta.start_time = r->have_start ? r->start : NULL;
	if (kv_sink_run(s, &meta, err) < 0) {
		kv_err_in(err, file, 0);
		goto out;
	}
	bench_name(file, bench, sizeof(bench));
	for (size_t g = 0; g < n;) {
		const char *aggr = o[g].r->aggr;
		struct kv_params p = {0};
		char *copy = kv_xstrdup(aggr);
		for (char *q = copy, *tok; *aggr && (tok = strsep(&q, "\x1f")) != NULL;) {
			char *eq = strchr(tok, '\x1e');
			if (eq != NULL) {
				*eq = '\0';
				kv_params_add(&p, tok, eq + 1);
			}
		}
		int rc = kv_sink_benchmark(s, "perf-stat", bench, p.v, p.n, err);
		kv_params_release(&p);
		free(copy);
		if (rc < 0) {
			kv_err_in(err, file, o[g].r->line);
			goto out;
		}
		while (g < n && strcmp(o[g].r->aggr, aggr) == 0) {
			size_t k = 0;
			const struct rec *first = o[g].r;
			while (g + k < n && strcmp(o[g + k].r->aggr, aggr) == 0 &&
			       strcmp(o[g + k].r->event, first->event) == 0) {
				v[k] = o[g + k].r->v;
				k++;
			}
			const char *unit = strcmp(first->unit, "msec") == 0 ? "ms"
					   : first->unit[0] == '\0'         ? "count"
									    : first->unit;
			struct places pl = {.o = o, .first = g};
			struct kv_origin from = {.at = place_at, .ctx = &pl};
			if (kv_sink_metric_kind(s, first->event, unit, "lower",
						r->variance ? "summary" : "sample", v, k, &from,
						err) < 0) {
				kv_err_in(err, file, first->line);
				goto out;
			}
			g += k;
		}
	}
	/* notes once nothing can fail: a bad file says one thing */
	for (int k = 1; k <= 2; k++) {
		struct kv_strbuf list = KV_STRBUF_INIT;
		char *names = skipped[k].len > 0 ? skipped[k].buf + 1 : NULL;
		for (char *tok; names != NULL && (tok = strsep(&names, "\n")) != NULL;) {
			if (*tok) {
				kv_strbuf_addf(&list, "%s%s", list.len ? ", " : "", tok);
			}
		}
		if (list.len > 0) {
			kv_sink_warn(s, "counters perf could not read left out (%s): %s",
				     k == 1 ? NOT_COUNTED : NOT_SUPPORTED, list.buf);
		}
		kv_strbuf_release(&list);
	}
	ret = 0;
out:
	for (int k = 0; k < 3; k++) {
		kv_strbuf_release(&skipped[k]);
	}
	free(o);
	free(v);
	return ret;
}

static int load_text(const char *buf, size_t len, const char *file, struct kv_sink *s,
		     struct kv_error *err)
{
	struct recs r = {0};
	struct kv_lines l = {0};
	const char *p = first_line(buf, len);
	int ret = -1;

	kv_lines_split(buf, len, &l);
	for (size_t i = 0; i < l.n; i++) {
		if (l.v[i][0] == '#' && started_on(&r, l.v[i], file, (int)i + 1, err) < 0) {
			goto out;
		}
	}
	if (p != NULL && *p == '{') {
		struct kv_jseq q;
		json_t *o;
		int line, rc;
		kv_jseq_init(&q, buf, len, true);
		while ((rc = kv_jseq_next(&q, file, &o, &line, err)) > 0) {
			char where[300];
			snprintf(where, sizeof(where), "%s:%d", file, line);
			rc = json_line(&r, o, where, line, err);
			json_decref(o);
			if (rc < 0) {
				goto out;
			}
		}
		if (rc < 0) {
			goto out;
		}
	} else if (p != NULL) {
		char sep = csv_sep(&l);
		if (sep == 0) {
			int no = 1;
			for (const char *c = buf; c < p; c++) {
				no += *c == '\n';
			}
			kv_fail_at(err, KV_EXIT_DATAERR, file, no, 1,
				   "not a counter line of perf stat -j or -x (value, unit, event, "
				   "run time, percentage, metric value, metric unit)");
			goto out;
		}
		for (size_t i = 0; i < l.n; i++) {
			char *t = l.v[i];
			if (t[0] == '\0' || t[0] == '#') {
				continue;
			}
			if (csv_line(&r, t, sep, file, (int)i + 1, false, err) < 0) {
				goto out;
			}
		}
	}
	ret = store(&r, file, kv_lines_last(&l), s, err);
out:
	kv_lines_release(&l);
	recs_release(&r);
	return ret;
}

static int load_json(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct recs r = {0};
	int ret = json_line(&r, root, file, 0, err) < 0 ? -1 : store(&r, file, 0, s, err);

	recs_release(&r);
	return ret;
}

const struct kv_format kv_format_perfstat = {
    .info = {.name = "perf-stat",
	     .description = "perf stat -j (JSON lines) or -x SEP (CSV), one run per file, the "
			    "benchmark named after the file",
	     .metrics = "every counter perf read, by event name, lower is better (msec -> s); "
			"-A/--per-core/... as parameters; -I intervals as samples; -r means "
			"as summaries"},
    .detect_json = detect_json,
    .load_json = load_json,
    .detect_text = detect_text,
    .load_text = load_text,
    .json_lines = true,
};
