/*
 * report_select.c - what the PDF report's charts draw when a study has more
 * metrics than pages to show them on: the metrics that matter (the
 * significant ones with the largest overheads), and the parameter sweeps
 * among the comparisons.  The appendix lists every comparison whatever is
 * drawn.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/format.h"
#include "render/report_doc.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A metric: its comparisons (one per variant) and its rank. */
struct metric {
	size_t g0, g1; /* its comparisons: [g0, g1) of the array sorted by metric */
	size_t first;  /* its first comparison's index in the result (by name) */
	int tier;      /* 0 significant, 1 so but an exact multiple, 2 not, 3 no ratio */
	double score;  /* the largest |log C| of the comparisons that set the tier */
};

static int cmp_base(const void *a, const void *b)
{
	const struct kv_comparison *x = *(const struct kv_comparison *const *)a;
	const struct kv_comparison *y = *(const struct kv_comparison *const *)b;
	uintptr_t p = (uintptr_t)x->base, q = (uintptr_t)y->base;

	if (p != q) {
		return p < q ? -1 : 1;
	}
	return (x > y) - (x < y);
}

/* Tier, then the largest |log C| first, then the order of the comparisons
 * (by name): the same choice for the same input. */
static int cmp_rank(const void *a, const void *b)
{
	const struct metric *x = a, *y = b;

	if (x->tier != y->tier) {
		return x->tier - y->tier;
	}
	if (x->score > y->score || x->score < y->score) {
		return x->score > y->score ? -1 : 1;
	}
	return (x->first > y->first) - (x->first < y->first);
}

static bool significant(const struct kv_comparison *c)
{
	return c->verdict == KV_WORSE || c->verdict == KV_BETTER;
}

static bool has_ratio(const struct kv_comparison *c)
{
	return c->cost > 0 && isfinite(c->cost);
}

/* The tier and score of the metric of comparisons c[0..n). */
static void rank(const struct kv_compare_result *r, const struct kv_comparison **c, size_t n,
		 struct metric *m)
{
	bool sig = false, ratio = false, merged = true;

	m->score = -1;
	m->first = SIZE_MAX;
	for (size_t k = 0; k < n; k++) {
		sig = sig || significant(c[k]);
		ratio = ratio || has_ratio(c[k]);
		size_t at = (size_t)(c[k] - r->c);
		m->first = at < m->first ? at : m->first;
	}
	for (size_t k = 0; k < n; k++) {
		if (has_ratio(c[k]) && (!sig || significant(c[k]))) {
			m->score = fmax(m->score, fabs(log(c[k]->cost)));
			merged = merged && c[k]->merged_into != NULL;
		}
	}
	m->tier = sig ? (merged ? 1 : 0) : ratio ? 2 : 3;
}

void kv_doc_select(const struct kv_report_input *in, struct kv_doc_selection *sel)
{
	const struct kv_compare_result *r = in->r;
	size_t n = r != NULL ? r->n : 0, nm = 0;
	const struct kv_comparison **c = kv_xmalloc((n ? n : 1) * sizeof(*c));
	struct metric *m = kv_xmalloc((n ? n : 1) * sizeof(*m));

	memset(sel, 0, sizeof(*sel));
	sel->on = kv_xcalloc(n ? n : 1, sizeof(*sel->on));
	sel->page = kv_xcalloc(n ? n : 1, sizeof(*sel->page));
	sel->rank = kv_xcalloc(n ? n : 1, sizeof(*sel->rank));
	for (size_t i = 0; i < n; i++) {
		c[i] = &r->c[i];
	}
	qsort(c, n, sizeof(*c), cmp_base);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && c[j]->base == c[i]->base; j++) {
		}
		m[nm] = (struct metric){.g0 = i, .g1 = j};
		rank(r, c + i, j - i, &m[nm]);
		sel->signif += m[nm].tier <= 1;
		nm++;
	}
	qsort(m, nm, sizeof(*m), cmp_rank);
	sel->metrics = nm;
	sel->drawn = in->details < nm ? in->details : nm;
	sel->all = sel->drawn == nm;
	sel->heat_map = r != NULL && r->nvariants > 1; /* as report_pages.c draws it */
	for (size_t k = 0; k < nm; k++) {
		for (size_t i = m[k].g0; i < m[k].g1; i++) {
			sel->on[c[i] - r->c] = k < sel->drawn;
			sel->rank[c[i] - r->c] = k;
		}
		sel->drawn_signif += k < sel->drawn && m[k].tier <= 1;
	}
	free(m);
	free(c);
}

bool *kv_report_pdf_series(const struct kv_report_input *in)
{
	bool *want = kv_xcalloc(in->nseries ? in->nseries : 1, sizeof(*want));
	struct kv_doc_selection sel;

	if (in->r == NULL) {
		return want;
	}
	kv_doc_select(in, &sel);
	for (size_t i = 0; i < in->r->n; i++) {
		const struct kv_comparison *c = &in->r->c[i];
		if (!sel.on[i]) {
			continue;
		}
		/* a detail panel draws the metric's baseline and variants */
		want[c->base - in->series] = true;
		want[c->var - in->series] = true;
	}
	kv_doc_selection_release(&sel);
	return want;
}

void kv_doc_selection_release(struct kv_doc_selection *sel)
{
	free(sel->on);
	free(sel->page);
	free(sel->rank);
	memset(sel, 0, sizeof(*sel));
}

void kv_doc_selection_text(const struct kv_doc_selection *sel, char *buf, size_t size)
{
	char drawn[32], metrics[32], signif[32], others[32], rest[32], which[256];

	buf[0] = '\0';
	if (sel->all) {
		return;
	}
	kv_fmt_count(sel->drawn, drawn, sizeof(drawn));
	kv_fmt_count(sel->metrics, metrics, sizeof(metrics));
	kv_fmt_count(sel->signif, signif, sizeof(signif));
	kv_fmt_count(sel->drawn - sel->drawn_signif, others, sizeof(others));
	kv_fmt_count(sel->metrics - sel->drawn, rest, sizeof(rest));
	if (sel->drawn == 0) {
		snprintf(buf, size,
			 "The charts draw none of the %s metrics (--details 0): every comparison "
			 "is in the appendix.",
			 metrics);
		return;
	}
	if (sel->drawn_signif < sel->drawn) {
		snprintf(which, sizeof(which),
			 "the %s with a significant change, then the %s others with the largest "
			 "overheads",
			 signif, others);
	} else {
		snprintf(which, sizeof(which),
			 "the %s of the %s with a significant change that have the largest "
			 "overheads",
			 drawn, signif);
	}
	snprintf(buf, size,
		 "The charts (forest plot, %sdetail panels, sweeps) draw %s of the %s "
		 "metrics: %s (|log C|: worse and better alike). The other %s are in the "
		 "appendix, which lists every comparison; --details all draws every metric.",
		 sel->heat_map ? "heat map, " : "", drawn, metrics, which, rest);
}

/* A comparison's numeric parameter, with the rest of its parameters: with
 * its tool, benchmark and metric, the key of the sweep along it. */
struct sweep_key {
	const struct kv_series *s; /* the comparison's metric */
	size_t i;                  /* the comparison */
	const char *name;          /* the parameter's name, in s->params */
	size_t len;                /* its length */
	char *rest;                /* the other parameters */
	double value;              /* the parameter's value */
	size_t group;              /* entries with the same key share one */
};

/* The numeric parameters of comparison i as keys, appended to *e. */
static void add_keys(const struct kv_compare_result *r, size_t i, struct sweep_key **e, size_t *n,
		     size_t *cap)
{
	const struct kv_series *s = r->c[i].base;
	const char *p = s->params;

	while (p != NULL && *p) {
		const char *comma = strchr(p, ','), *eq = strchr(p, '=');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (eq != NULL && (size_t)(eq - p) < len) {
			char *end;
			double v = strtod(eq + 1, &end);
			if (end != eq + 1 && end == p + len && isfinite(v)) {
				struct kv_strbuf sb = KV_STRBUF_INIT;
				/* the parameters before this one and after it */
				kv_strbuf_addf(&sb, "%.*s%s", (int)(p - s->params), s->params,
					       comma ? comma + 1 : "");
				if (*n == *cap) {
					*cap = *cap ? 2 * *cap : 64;
					*e = kv_xreallocarray(*e, *cap, sizeof(**e));
				}
				(*e)[(*n)++] = (struct sweep_key){
				    s, i, p, (size_t)(eq - p), kv_strbuf_detach(&sb), v, 0};
			}
		}
		p = comma ? comma + 1 : NULL;
	}
}

/* The order of keys: tool, benchmark, metric, parameter, the others. */
static int cmp_fields(const struct sweep_key *x, const struct sweep_key *y)
{
	int c = strcmp(x->s->tool, y->s->tool);

	c = c ? c : strcmp(x->s->benchmark, y->s->benchmark);
	c = c ? c : strcmp(x->s->metric, y->s->metric);
	if (c == 0 && x->len != y->len) {
		c = x->len < y->len ? -1 : 1;
	}
	c = c ? c : memcmp(x->name, y->name, x->len);
	return c ? c : strcmp(x->rest, y->rest);
}

static int cmp_key(const void *a, const void *b)
{
	const struct sweep_key *x = a, *y = b;
	int c = cmp_fields(x, y);

	if (c != 0) {
		return c;
	}
	if (x->value < y->value || x->value > y->value) {
		return x->value < y->value ? -1 : 1;
	}
	return (x->i > y->i) - (x->i < y->i);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct sweep_key *x = *(const struct sweep_key *const *)a;
	const struct sweep_key *y = *(const struct sweep_key *const *)b;

	if (x->i != y->i) {
		return (x->i > y->i) - (x->i < y->i);
	}
	return (x->name > y->name) - (x->name < y->name); /* its parameters in their order */
}

size_t kv_doc_find_sweeps(const struct kv_compare_result *r, const bool *only,
			  struct kv_sweep **out)
{
	struct sweep_key *e = NULL;
	size_t n = 0, cap = 0, ng = 0, nout = 0;

	*out = NULL;
	for (size_t i = 0; i < r->n; i++) {
		add_keys(r, i, &e, &n, &cap);
	}
	/* groups of one key, each with its first entry and count of values */
	if (n > 1) { /* qsort's array may not be NULL, even of 0 elements */
		qsort(e, n, sizeof(*e), cmp_key);
	}
	size_t *g_first = kv_xmalloc((n + 1) * sizeof(*g_first));
	size_t *g_values = kv_xmalloc((n ? n : 1) * sizeof(*g_values));
	for (size_t k = 0; k < n; k++) {
		bool same_key = k > 0 && cmp_fields(&e[k], &e[k - 1]) == 0;
		if (!same_key) {
			g_first[ng] = k;
			g_values[ng++] = 0;
		}
		g_values[ng - 1] +=
		    !same_key || e[k].value < e[k - 1].value || e[k].value > e[k - 1].value;
		e[k].group = ng - 1;
	}
	g_first[ng] = n;
	/* the comparisons in their order, each offering its parameters in
	 * theirs: the first with two values or more makes a sweep of its group */
	struct sweep_key **by = kv_xmalloc((n ? n : 1) * sizeof(*by));
	for (size_t k = 0; k < n; k++) {
		by[k] = &e[k];
	}
	qsort(by, n, sizeof(*by), cmp_entry);
	bool *used = kv_xcalloc(r->n ? r->n : 1, sizeof(*used));
	for (size_t k = 0; k < n; k++) {
		size_t g = by[k]->group, m = g_first[g + 1] - g_first[g];
		if (used[by[k]->i] || g_values[g] < 2) {
			continue;
		}
		bool shown = only == NULL;
		const struct kv_comparison **c = kv_xmalloc(m * sizeof(*c));
		for (size_t j = 0; j < m; j++) {
			size_t i = e[g_first[g] + j].i;
			c[j] = &r->c[i];
			used[i] = true;
			shown = shown || only[i];
		}
		if (!shown) {
			free(c);
			continue;
		}
		const struct kv_series *s = by[k]->s;
		*out = kv_xreallocarray(*out, nout + 1, sizeof(**out));
		(*out)[nout++] = (struct kv_sweep){s->tool,
						   s->benchmark,
						   s->metric,
						   s->unit,
						   kv_xstrndup(by[k]->name, by[k]->len),
						   c,
						   m};
	}
	for (size_t k = 0; k < n; k++) {
		free(e[k].rest);
	}
	free(e);
	free(by);
	free(used);
	free(g_first);
	free(g_values);
	return nout;
}

void kv_doc_free_sweeps(struct kv_sweep *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)(uintptr_t)s[i].param);
		free(s[i].c);
	}
	free(s);
}
