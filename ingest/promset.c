/* promset.c - grouping Prometheus points into metrics and parameters. */
#include "ingest/promset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "util/xalloc.h"

/* Labels that name one pod, container or scrape target. */
static const char *const dropped[] = {"instance", "pod",          "pod_name", "pod_uid",
				      "uid",      "container_id", NULL};

/* One metric of one benchmark: a name and its kept labels. */
struct group {
	char *key;   /* name, job and labels, for the lookup */
	char *name;  /* the metric's name */
	char **kv;   /* parameters: key, value, key, value, ... (owned) */
	size_t nkv;  /* strings in kv */
	double *v;   /* the points */
	size_t *ref; /* the caller's tag of each */
	size_t n, cap;
};

struct kv_promset {
	struct group *g;
	size_t n, cap;
	size_t *slot; /* hash table: group index + 1, or 0 */
	size_t nslot; /* a power of two, at least twice n */
	size_t points;
	struct kv_strbuf kept, left; /* distinct label keys, "\na\nb\n" */
};

struct kv_promset *kv_promset_new(void)
{
	struct kv_promset *ss = kv_xcalloc(1, sizeof(*ss));

	ss->nslot = 64;
	ss->slot = kv_xcalloc(ss->nslot, sizeof(*ss->slot));
	return ss;
}

static void clear(struct kv_promset *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		struct group *g = &ss->g[i];
		for (size_t k = 0; k < g->nkv; k++) {
			free(g->kv[k]);
		}
		free(g->kv);
		free(g->key);
		free(g->name);
		free(g->v);
		free(g->ref);
	}
	ss->n = 0;
	ss->points = 0;
	memset(ss->slot, 0, ss->nslot * sizeof(*ss->slot));
}

void kv_promset_clear(struct kv_promset *ss)
{
	clear(ss);
}

void kv_promset_free(struct kv_promset *ss)
{
	if (ss == NULL) {
		return;
	}
	clear(ss);
	free(ss->g);
	free(ss->slot);
	kv_strbuf_release(&ss->kept);
	kv_strbuf_release(&ss->left);
	free(ss);
}

bool kv_promset_dropped(const char *key, const char *value)
{
	/* cAdvisor's "id" is a cgroup path (with the pod's uid); KubeVirt's a vCPU */
	return kv_str_in(key, dropped) || (strcmp(key, "id") == 0 && value[0] == '/');
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n >= m && strncmp(s + n - m, suffix, m) == 0;
}

const char *kv_promset_unit(const char *name)
{
	size_t n = strlen(name);
	bool total = ends_with(name, n, "_total");

	n -= total ? strlen("_total") : 0;
	if (ends_with(name, n, "_seconds")) {
		return "s";
	}
	if (ends_with(name, n, "_bytes")) {
		return "bytes";
	}
	return total ? "count" : "unknown";
}

/* FNV-1a: a hash of the key, for the table. */
static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++) {
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	}
	return h;
}

static void grow_table(struct kv_promset *ss)
{
	free(ss->slot);
	ss->nslot *= 2;
	ss->slot = kv_xcalloc(ss->nslot, sizeof(*ss->slot));
	for (size_t i = 0; i < ss->n; i++) {
		size_t j = hash(ss->g[i].key) & (ss->nslot - 1);
		while (ss->slot[j] != 0) {
			j = (j + 1) & (ss->nslot - 1);
		}
		ss->slot[j] = i + 1;
	}
}

/* Adds key to a list of distinct keys ("\na\nb\n"). */
static void distinct(struct kv_strbuf *list, const char *key)
{
	struct kv_strbuf needle = KV_STRBUF_INIT;

	kv_strbuf_addf(&needle, "\n%s\n", key);
	if (list->len == 0 || strstr(list->buf, needle.buf) == NULL) {
		kv_strbuf_adds(list, list->len == 0 ? needle.buf : needle.buf + 1);
	}
	kv_strbuf_release(&needle);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int kv_promset_add(struct kv_promset *ss, const char *name, json_t *labels, const char *job,
		   double v, size_t ref, struct kv_error *err)
{
	struct kv_strbuf key = KV_STRBUF_INIT;
	const char **keys = NULL;
	size_t nkeys = 0, i;
	const char *k;
	json_t *val;

	if (labels != NULL) {
		keys = kv_xcalloc(json_object_size(labels) + 1, sizeof(*keys));
		json_object_foreach(labels, k, val)
		{
			if (!json_is_string(val)) {
				free(keys);
				return kv_fail(err, KV_EXIT_DATAERR,
					       "label \"%s\": expected a string, got %s", k,
					       kv_json_kind(val));
			}
			if (strcmp(k, "__name__") == 0) {
				continue;
			}
			if (kv_promset_dropped(k, json_string_value(val))) {
				distinct(&ss->left, k);
				continue;
			}
			distinct(&ss->kept, k);
			keys[nkeys++] = k;
		}
		qsort(keys, nkeys, sizeof(*keys), cmp_str);
	}
	kv_strbuf_addf(&key, "%s\x1f%s", name, job != NULL ? job : "");
	for (i = 0; i < nkeys; i++) {
		kv_strbuf_addf(&key, "\x1f%s\x1e%s", keys[i],
			       json_string_value(json_object_get(labels, keys[i])));
	}
	size_t j = hash(key.buf) & (ss->nslot - 1);
	while (ss->slot[j] != 0 && strcmp(ss->g[ss->slot[j] - 1].key, key.buf) != 0) {
		j = (j + 1) & (ss->nslot - 1);
	}
	size_t gi = ss->slot[j] != 0 ? ss->slot[j] - 1 : ss->n;
	if (ss->slot[j] == 0) {
		if (ss->n == ss->cap) {
			ss->cap = ss->cap ? 2 * ss->cap : 16;
			ss->g = kv_xreallocarray(ss->g, ss->cap, sizeof(*ss->g));
		}
		struct group *g = &ss->g[ss->n];
		memset(g, 0, sizeof(*g));
		g->key = kv_strbuf_detach(&key);
		g->name = kv_xstrdup(name);
		g->kv = kv_xcalloc(2 * (nkeys + 1), sizeof(*g->kv));
		if (job != NULL) {
			g->kv[g->nkv++] = kv_xstrdup("job");
			g->kv[g->nkv++] = kv_xstrdup(job);
		}
		for (i = 0; i < nkeys; i++) {
			bool clash = job != NULL && strcmp(keys[i], "job") == 0;
			g->kv[g->nkv++] = kv_xstrdup(clash ? "exported_job" : keys[i]);
			g->kv[g->nkv++] =
			    kv_xstrdup(json_string_value(json_object_get(labels, keys[i])));
		}
		ss->slot[j] = ++ss->n;
		if (2 * ss->n > ss->nslot) {
			grow_table(ss);
		}
	}
	kv_strbuf_release(&key);
	free(keys);
	struct group *g = &ss->g[gi];
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 16;
		g->v = kv_xreallocarray(g->v, g->cap, sizeof(*g->v));
		g->ref = kv_xreallocarray(g->ref, g->cap, sizeof(*g->ref));
	}
	g->v[g->n] = v;
	g->ref[g->n] = ref;
	g->n++;
	ss->points++;
	return 0;
}

size_t kv_promset_points(const struct kv_promset *ss)
{
	return ss->points;
}

/* Where sample i of a group is, through the caller's at(). */
struct where {
	const struct group *g;
	void (*at)(const void *ctx, size_t ref, struct kv_place *p);
	const void *ctx;
};

static void group_at(const void *ctx, size_t i, struct kv_place *p)
{
	const struct where *w = ctx;

	w->at(w->ctx, w->g->ref[i], p);
}

int kv_promset_store(struct kv_promset *ss, struct kv_sink *s, const char *tool,
		     void (*at)(const void *ctx, size_t ref, struct kv_place *p), const void *ctx,
		     struct kv_error *err)
{
	for (size_t i = 0; i < ss->n; i++) {
		const struct group *g = &ss->g[i];
		struct kv_params p = {0};
		for (size_t k = 0; k + 1 < g->nkv; k += 2) {
			kv_params_add(&p, g->kv[k], g->kv[k + 1]);
		}
		int rc = kv_sink_benchmark(s, tool, g->name, p.v, p.n, err);
		kv_params_release(&p);
		struct where w = {.g = g, .at = at, .ctx = ctx};
		struct kv_origin from = {.at = group_at, .ctx = &w};
		if (rc < 0 || kv_sink_metric(s, g->name, kv_promset_unit(g->name), "lower", g->v,
					     g->n, &from, err) < 0) {
			if ((rc < 0 || s->refused.code == 0) && !kv_error_elsewhere(err)) {
				struct kv_place pl = {0};
				at(ctx, g->ref[0], &pl);
				const char *file = pl.file != NULL ? pl.file : s->file;
				char msg[sizeof(err->msg)];
				snprintf(msg, sizeof(msg), "%s", err->msg);
				if (pl.line > 0) {
					kv_fail_at(err, KV_EXIT_DATAERR, file, pl.line, pl.col,
						   "%s", msg);
				} else {
					kv_fail_file(err, KV_EXIT_DATAERR, file, "%s%s%s", pl.path,
						     pl.path[0] ? ": " : "", msg);
				}
			}
			return -1;
		}
	}
	return 0;
}

/* "a, b" from "\nb\na\n", in byte order. */
static void list(struct kv_strbuf *sb, const struct kv_strbuf *keys)
{
	char *copy = kv_xstrdup(keys->len > 0 ? keys->buf + 1 : ""), *p = copy;
	char **v = kv_xcalloc(keys->len + 1, sizeof(*v));
	size_t n = 0;

	for (char *tok; (tok = strsep(&p, "\n")) != NULL;) {
		if (*tok) {
			v[n++] = tok;
		}
	}
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++) {
		kv_strbuf_addf(sb, "%s%s", i ? ", " : "", v[i]);
	}
	free(v);
	free(copy);
}

void kv_promset_labels(const struct kv_promset *ss, struct kv_strbuf *sb)
{
	if (ss->kept.len == 0 && ss->left.len == 0) {
		return;
	}
	kv_strbuf_adds(sb, "label keys kept as parameters: ");
	if (ss->kept.len == 0) {
		kv_strbuf_adds(sb, "none");
	}
	list(sb, &ss->kept);
	if (ss->left.len > 0) {
		kv_strbuf_adds(sb, "; left out (they name one pod, container or scrape target): ");
		list(sb, &ss->left);
	}
}
