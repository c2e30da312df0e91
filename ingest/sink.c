/*
 * sink.c - turning what adapters read into rows: --config, --label, units,
 * and the checks every format shares (a value's domain, a start time, a run
 * without samples), so that no adapter can forget them.
 */
#include "ingest/sink.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/isotime.h"
#include "ingest/units.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static void warn(struct kv_sink *s, const char *file, const char *fmt, va_list ap)
{
	char msg[512];

	if (s->rep == NULL || s->rep->note == NULL) {
		return;
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	s->rep->note(s->rep->ctx, file, msg);
}

void kv_sink_warn(struct kv_sink *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	warn(s, s->file, fmt, ap);
	va_end(ap);
}

void kv_sink_warn_file(struct kv_sink *s, const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	warn(s, file, fmt, ap);
	va_end(ap);
}

void kv_sink_no_results(struct kv_sink *s, const char *why)
{
	s->no_results = why;
}

/* The name of the directory that holds file ("results/kv-tuned/a.json" -> "kv-tuned"). */
static void dir_name(const char *file, char *out, size_t size)
{
	const char *slash = file != NULL ? strrchr(file, '/') : NULL;
	const char *start;

	out[0] = '\0';
	if (slash == NULL) {
		return; /* the current directory has no name worth using */
	}
	for (start = slash; start > file && start[-1] != '/'; start--) {
	}
	if (slash - start > 0 && !(slash - start == 1 && start[0] == '.')) {
		snprintf(out, size, "%.*s", (int)(slash - start), start);
	}
}

int kv_sink_run(struct kv_sink *s, const struct kv_run_meta *meta, struct kv_error *err)
{
	const char *config = s->opts->config != NULL ? s->opts->config : meta->config;
	char from_dir[256], when[KV_TIME_SIZE], msg[400];

	if (config == NULL && s->opts->config_from_dir) {
		dir_name(s->file, from_dir, sizeof(from_dir));
		config = from_dir[0] ? from_dir : NULL;
	}
	struct kv_db_run run = {
	    .source_id = s->source_id,
	    .seq = s->nruns,
	    .config = config,
	    .start_time = meta->start_time != NULL ? when : NULL,
	    .host = meta->host,
	    .tool = meta->tool,
	    .tool_version = meta->tool_version,
	};

	if (config == NULL || config[0] == '\0') {
		return kv_fail(err, KV_EXIT_DATAERR,
			       "no configuration: give --config NAME or --config-from-dir, or "
			       "\"config\" in the file");
	}
	if (meta->start_time != NULL && !kv_time_norm(meta->start_time, when, msg, sizeof(msg))) {
		return kv_fail(err, KV_EXIT_DATAERR, "start time: %s", msg);
	}
	if (kv_db_add_run(s->db, &run, &s->run_id, err) < 0) {
		return -1;
	}
	if (s->nruns > 0 && s->run_samples == 0 && s->empty_run == 0) {
		s->empty_run = s->nruns; /* the run before this one */
	}
	s->nruns++;
	s->run_samples = 0;
	s->bench_id = -1;
	for (size_t i = 0; i < s->opts->nlabels; i++) {
		const struct kv_label_arg *l = &s->opts->labels[i];
		if (kv_db_set_label(s->db, s->run_id, l->key, l->value, err) < 0) {
			return -1;
		}
	}
	return 0;
}

int kv_sink_label(struct kv_sink *s, const char *key, const char *value, struct kv_error *err)
{
	if (key[0] == '\0') {
		return kv_fail(err, KV_EXIT_DATAERR, "empty label name");
	}
	for (size_t i = 0; i < s->opts->nlabels; i++) {
		if (strcmp(s->opts->labels[i].key, key) == 0) {
			return 0; /* the command line wins */
		}
	}
	return kv_db_set_label(s->db, s->run_id, key, value, err);
}

static int cmp_param(const void *a, const void *b)
{
	const struct kv_db_param *const *x = a;
	const struct kv_db_param *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

static void add_escaped(struct kv_strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ',' || *s == '=') {
			kv_strbuf_addc(sb, '\\');
		}
		kv_strbuf_addc(sb, *s);
	}
}

int kv_params_canon(const struct kv_db_param *params, size_t n, char **out, struct kv_error *err)
{
	const struct kv_db_param **sorted = kv_xcalloc(n, sizeof(*sorted));
	struct kv_strbuf sb = KV_STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		sorted[i] = &params[i];
	}
	qsort(sorted, n, sizeof(*sorted), cmp_param);
	for (size_t i = 0; i < n; i++) {
		if (sorted[i]->key[0] == '\0') {
			ret = kv_fail(err, KV_EXIT_DATAERR, "empty parameter name");
			break;
		}
		if (i > 0 && strcmp(sorted[i - 1]->key, sorted[i]->key) == 0) {
			ret = kv_fail(err, KV_EXIT_DATAERR, "parameter '%s' given twice",
				      sorted[i]->key);
			break;
		}
		if (i > 0) {
			kv_strbuf_addc(&sb, ',');
		}
		add_escaped(&sb, sorted[i]->key);
		kv_strbuf_addc(&sb, '=');
		add_escaped(&sb, sorted[i]->value);
	}
	free(sorted);
	if (ret < 0) {
		kv_strbuf_release(&sb);
		*out = NULL;
		return -1;
	}
	*out = kv_strbuf_detach(&sb);
	return 0;
}

int kv_sink_benchmark(struct kv_sink *s, const char *tool, const char *name,
		      const struct kv_db_param *params, size_t nparams, struct kv_error *err)
{
	char *canon;
	int ret;

	if (tool == NULL || tool[0] == '\0') {
		return kv_fail(err, KV_EXIT_DATAERR, "no tool named for the benchmark");
	}
	if (name == NULL || name[0] == '\0') {
		return kv_fail(err, KV_EXIT_DATAERR, "empty benchmark name");
	}
	if (kv_params_canon(params, nparams, &canon, err) < 0) {
		return -1;
	}
	ret = kv_db_benchmark(s->db, tool, name, canon, params, nparams, &s->bench_id, err);
	free(canon);
	return ret;
}

int kv_sink_metric(struct kv_sink *s, const char *name, const char *unit, const char *direction,
		   const double *v, size_t n, const struct kv_origin *from, struct kv_error *err)
{
	return kv_sink_metric_kind(s, name, unit, direction, "sample", v, n, from, err);
}

/* Writes x in the shortest of %.15g, %.16g, %.17g that reads back exactly. */
static void shortest(double x, char *buf, size_t size)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, x);
		double y = strtod(buf, NULL);
		if (!(y < x) && !(y > x)) {
			return;
		}
	}
}

/* Fails with msg at the place of sample i (as from says), and keeps the
 * error for kv_sink_end(); without a place, leaves it to the adapter. */
static int refuse(struct kv_sink *s, const struct kv_origin *from, size_t i, const char *msg,
		  struct kv_error *err)
{
	struct kv_place p = {0};

	if (from == NULL) {
		return kv_fail(err, KV_EXIT_DATAERR, "%s", msg);
	}
	if (from->at != NULL) {
		from->at(from->ctx, i, &p);
	} else if (from->path != NULL && from->each) {
		snprintf(p.path, sizeof(p.path), "%s[%zu]", from->path, i);
	} else {
		if (from->path != NULL) {
			snprintf(p.path, sizeof(p.path), "%s", from->path);
		}
		p.line = from->line; /* a text format's value: its line (and a YAML path) */
		p.col = from->col;
	}
	const char *file = p.file != NULL ? p.file : from->file != NULL ? from->file : s->file;
	if (p.line > 0 && p.path[0] != '\0') {
		kv_fail_at(err, KV_EXIT_DATAERR, file, p.line, p.col > 0 ? p.col : 1, "%s: %s",
			   p.path, msg);
	} else if (p.line > 0) {
		kv_fail_at(err, KV_EXIT_DATAERR, file, p.line, p.col > 0 ? p.col : 1, "%s", msg);
	} else if (p.path[0] != '\0') {
		kv_fail_file(err, KV_EXIT_DATAERR, file, "%s: %s", p.path, msg);
	} else {
		kv_fail_file(err, KV_EXIT_DATAERR, file, "%s", msg);
	}
	s->refused = *err;
	return -1;
}

/* Refuses the first of v[0..n) outside the domain of unit. */
static int check_domain(struct kv_sink *s, const char *name, const char *unit, const double *v,
			size_t n, const struct kv_origin *from, struct kv_error *err)
{
	const char *what, *canon;
	double scale;
	enum kv_domain dom = kv_unit_domain(unit, &what);

	if (dom == KV_DOMAIN_ANY) {
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		bool ok = dom == KV_DOMAIN_PERCENT ? v[i] >= 0 && v[i] <= 100 : v[i] >= 0;
		if (ok) {
			continue;
		}
		char num[40], msg[400];
		shortest(v[i], num, sizeof(num));
		kv_unit_canon(unit, &canon, &scale);
		snprintf(msg, sizeof(msg), "%s is %s%s%s: %s %s", name, num,
			 strcmp(canon, "count") == 0 || strcmp(unit, "%") == 0 ? "" : " ",
			 strcmp(canon, "count") == 0 ? "" : unit, what,
			 dom == KV_DOMAIN_PERCENT ? "must be from 0 to 100" : "cannot be negative");
		return refuse(s, from, i, msg, err);
	}
	return 0;
}

int kv_sink_metric_kind(struct kv_sink *s, const char *name, const char *unit,
			const char *direction, const char *kind, const double *v, size_t n,
			const struct kv_origin *from, struct kv_error *err)
{
	const char *canon;
	double scale;
	int64_t metric_id;

	if (name[0] == '\0') {
		return kv_fail(err, KV_EXIT_DATAERR, "empty metric name");
	}
	if (strcmp(direction, "higher") != 0 && strcmp(direction, "lower") != 0) {
		return kv_fail(err, KV_EXIT_DATAERR,
			       "direction must be \"higher\" or \"lower\" (which is better), not "
			       "\"%s\"",
			       direction);
	}
	if (strcmp(kind, "sample") != 0 && strcmp(kind, "summary") != 0) {
		return kv_fail(err, KV_EXIT_DATAERR,
			       "kind must be \"sample\" or \"summary\", not \"%s\"", kind);
	}
	if (check_domain(s, name, unit, v, n, from, err) < 0) {
		return -1;
	}
	kv_unit_canon(unit, &canon, &scale);
	if (kv_db_metric(s->db, s->bench_id, name, canon, unit, direction, kind, &metric_id, err) <
	    0) {
		return -1;
	}
	if (n > s->bufcap) {
		s->bufcap = n;
		s->buf = kv_xreallocarray(s->buf, n, sizeof(*s->buf));
	}
	for (size_t i = 0; i < n; i++) {
		s->buf[i] = v[i] * scale;
		if (!isfinite(s->buf[i])) {
			char num[40], msg[400];
			shortest(v[i], num, sizeof(num));
			snprintf(msg, sizeof(msg), "%s is %s %s: out of range once converted to %s",
				 name, num, unit, canon);
			return refuse(s, from, i, msg, err);
		}
	}
	if (kv_db_add_samples(s->db, s->run_id, metric_id, s->buf, n, 0, err) < 0) {
		return -1;
	}
	s->samples += n;
	s->run_samples += n;
	return 0;
}

int kv_sink_end(struct kv_sink *s, int ret, struct kv_error *err)
{
	if (ret < 0) {
		if (s->refused.code != 0) {
			*err = s->refused; /* it names the value's own place */
		}
		return -1;
	}
	if (s->nruns == 0) {
		return kv_fail_file(err, KV_EXIT_DATAERR, s->file, "no runs in this file");
	}
	if (s->run_samples == 0 && s->empty_run == 0) {
		s->empty_run = s->nruns;
	}
	if (s->empty_run > 0 && s->nruns == 1) {
		return kv_fail_file(err, KV_EXIT_DATAERR, s->file,
				    "the run in this file has no samples");
	}
	if (s->empty_run > 0) {
		return kv_fail_file(err, KV_EXIT_DATAERR, s->file,
				    "run %d of %d in this file has no samples", s->empty_run,
				    s->nruns);
	}
	return 0;
}
