/* sink.c - turning what adapters read into rows: --config, --label, units. */
#include "ingest/sink.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	char from_dir[256];

	if (config == NULL && s->opts->config_from_dir) {
		dir_name(s->file, from_dir, sizeof(from_dir));
		config = from_dir[0] ? from_dir : NULL;
	}
	struct kv_db_run run = {
	    .source_id = s->source_id,
	    .seq = s->nruns,
	    .config = config,
	    .start_time = meta->start_time,
	    .host = meta->host,
	    .tool = meta->tool,
	    .tool_version = meta->tool_version,
	};

	if (config == NULL || config[0] == '\0') {
		return kv_fail(err, KV_EXIT_DATAERR,
			       "no configuration: give --config NAME or --config-from-dir, or "
			       "\"config\" in the file");
	}
	if (kv_db_add_run(s->db, &run, &s->run_id, err) < 0) {
		return -1;
	}
	s->nruns++;
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
		   const double *v, size_t n, struct kv_error *err)
{
	return kv_sink_metric_kind(s, name, unit, direction, "sample", v, n, err);
}

int kv_sink_metric_kind(struct kv_sink *s, const char *name, const char *unit,
			const char *direction, const char *kind, const double *v, size_t n,
			struct kv_error *err)
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
			return kv_fail(err, KV_EXIT_DATAERR,
				       "sample %zu is out of range once converted to %s", i, canon);
		}
	}
	if (kv_db_add_samples(s->db, s->run_id, metric_id, s->buf, n, 0, err) < 0) {
		return -1;
	}
	s->samples += n;
	return 0;
}
