/*
 * test_multiples.c - the grid search for exact multiples marks exactly what
 * trying every earlier comparison in order marks, on random groups with
 * planted multiples, reciprocals, chains of them and near-misses on either
 * side of the tolerance.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/multiples.h"
#include "tests/unit/tcmocka.h"

#define MAX_RUNS 8

/* One group: m comparisons of the same nb + nv runs. */
struct group {
	struct kv_series base, var;
	int64_t base_ids[MAX_RUNS], var_ids[MAX_RUNS];
	struct kv_comparison *c;
	double *means; /* m x (nb + nv) */
	long *planted; /* the comparison each is a multiple of by construction, or -1 */
	size_t m, nb, nv;
};

static uint64_t rng_state;

static double uniform(void) /* [0, 1) */
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng_state >> 11) / 9007199254740992.0;
}

static size_t below(size_t n)
{
	return (size_t)(uniform() * (double)n);
}

/* The log run means of comparison i: planted by kind. */
static void plant(struct group *g, size_t i, const double tol)
{
	size_t N = g->nb + g->nv;
	double *x = g->means + i * N;
	double pick = uniform();

	size_t k = i > 0 ? below(i) : 0;
	const double *y = g->means + k * N;
	bool finite = true;

	for (size_t j = 0; j < N; j++) {
		finite = finite && isfinite(y[j]);
	}
	g->c[i].higher = uniform() < 0.3;
	g->planted[i] = -1;
	if (i == 0 || pick < 0.3 || !finite) {
		/* a new measurement: noise of a few tolerances, or much more */
		double spread = uniform() < 0.5 ? 3 * tol : 0.05;
		double level = 1 + 8 * uniform();
		for (size_t j = 0; j < N; j++) {
			x[j] = level + spread * (uniform() - 0.5);
		}
		return;
	}
	/* a multiple (or reciprocal) of an earlier one, perhaps of a merged one */
	double s = g->c[i].higher == g->c[k].higher ? 1 : -1, shift = 10 * (uniform() - 0.5);
	for (size_t j = 0; j < N; j++) {
		x[j] = shift + s * y[j];
	}
	g->planted[i] = (long)k;
	if (pick < 0.55) {
		return; /* exact */
	}
	/* moved: within the tolerance, just inside or just outside it */
	double edge = pick < 0.7 ? 0.999999 : pick < 0.85 ? 1.000001 : uniform() * 2;
	for (size_t j = 1; j < N; j++) {
		x[j] += (uniform() < 0.5 ? -1 : 1) * tol * (uniform() < 0.3 ? edge : uniform());
	}
	if (pick > 0.97) {
		x[below(N)] = -INFINITY; /* a run mean of 0: no multiple of anything */
	}
}

static void group_init(struct group *g, size_t m, size_t nb, size_t nv)
{
	memset(g, 0, sizeof(*g));
	g->m = m;
	g->nb = nb;
	g->nv = nv;
	g->c = calloc(m, sizeof(*g->c));
	g->means = calloc(m * (nb + nv), sizeof(*g->means));
	g->planted = calloc(m, sizeof(*g->planted));
	for (size_t j = 0; j < MAX_RUNS; j++) {
		g->base_ids[j] = (int64_t)j + 1;
		g->var_ids[j] = (int64_t)j + 101;
	}
	g->base = (struct kv_series){
	    .config = (char *)(uintptr_t) "base", .n_runs = nb, .run_id = g->base_ids};
	g->var = (struct kv_series){
	    .config = (char *)(uintptr_t) "var", .n_runs = nv, .run_id = g->var_ids};
	for (size_t i = 0; i < m; i++) {
		struct kv_comparison *c = &g->c[i];
		plant(g, i, KV_MULTIPLE_TOL);
		c->base = &g->base;
		c->var = &g->var;
		c->bs.n = nb;
		c->vs.n = nv;
		c->ratio = 1;
		c->b = malloc(nb * sizeof(*c->b));
		c->v = malloc(nv * sizeof(*c->v));
		for (size_t j = 0; j < nb + nv; j++) {
			double x = exp(g->means[i * (nb + nv) + j]);
			*(j < nb ? &c->b[j] : &c->v[j - nb]) = x;
		}
	}
}

static void group_free(struct group *g)
{
	for (size_t i = 0; i < g->m; i++) {
		free(g->c[i].b);
		free(g->c[i].v);
	}
	free(g->c);
	free(g->means);
	free(g->planted);
}

/* The marks of one search: merged_into as an index (-1: none) and the factor. */
static void marks(struct group *g, bool exhaustive, long *into, double *factor)
{
	struct kv_comparison **p = malloc(g->m * sizeof(*p));

	for (size_t i = 0; i < g->m; i++) {
		g->c[i].merged_into = NULL;
		g->c[i].merge_factor = 0;
		p[i] = &g->c[i];
	}
	kv_multiples_in_group(p, g->m, exhaustive);
	for (size_t i = 0; i < g->m; i++) {
		into[i] = g->c[i].merged_into ? (long)(g->c[i].merged_into - g->c) : -1;
		factor[i] = g->c[i].merge_factor;
	}
	free(p);
}

/* Random groups of 65 to 600 comparisons of 2 to 8 runs a side. */
static void grid_marks_what_every_pair_marks(void **state)
{
	size_t merged = 0, chained = 0, total = 0;

	(void)state;
	rng_state = 15;
	for (int round = 0; round < 60; round++) {
		struct group g;
		group_init(&g, 65 + below(536), 2 + below(MAX_RUNS - 1), 2 + below(MAX_RUNS - 1));
		long *a = malloc(g.m * sizeof(*a)), *b = malloc(g.m * sizeof(*b));
		double *fa = malloc(g.m * sizeof(*fa)), *fb = malloc(g.m * sizeof(*fb));
		marks(&g, true, a, fa);
		marks(&g, false, b, fb);
		for (size_t i = 0; i < g.m; i++) {
			if (a[i] != b[i]) {
				fail_msg(
				    "round %d, comparison %zu of %zu: every pair gives %ld, the "
				    "grid %ld",
				    round, i, g.m, a[i], b[i]);
			}
			assert_true(!(fa[i] < fb[i]) && !(fa[i] > fb[i]));
			merged += a[i] >= 0;
			/* merged into another than the one it was made from (that one
			 * was merged itself, or is a multiple of an earlier one) */
			chained += a[i] >= 0 && a[i] != g.planted[i];
		}
		total += g.m;
		free(a);
		free(b);
		free(fa);
		free(fb);
		group_free(&g);
	}
	/* the planted multiples were found, not all of them (near-misses, and
	 * sources of a nearly constant metric), some through a chain */
	assert_true(merged > total / 10);
	assert_true(merged < total / 2);
	assert_true(chained > 0);
}

/* Just inside the tolerance is a multiple, just outside is not, on any run. */
static void the_tolerance_is_the_edge(void **state)
{
	(void)state;
	for (size_t run = 1; run < 6; run++) {
		for (int out = 0; out < 2; out++) {
			struct group g;
			long into[70];
			double f[70];
			rng_state = 7 + run;
			group_init(&g, 70, 3, 3);
			/* 69: comparison 0 x 3, one run moved by the tolerance */
			for (size_t j = 0; j < 3; j++) {
				g.c[0].b[j] = 10 + (double)j;
				g.c[0].v[j] = 13 + (double)j;
			}
			size_t l = 69;
			g.c[l].higher = g.c[0].higher;
			for (size_t j = 0; j < 6; j++) {
				double x = j < 3 ? g.c[0].b[j] : g.c[0].v[j - 3];
				double e =
				    j == run ? KV_MULTIPLE_TOL * (out ? 1.00001 : 0.99999) : 0;
				double y = 3 * x * exp(e);
				*(j < 3 ? &g.c[l].b[j] : &g.c[l].v[j - 3]) = y;
			}
			for (size_t i = 1; i < l; i++) {
				/* nothing else to merge into */
				g.c[i].b[0] = 1e-3 * (double)(i + 1);
			}
			for (int exhaustive = 0; exhaustive < 2; exhaustive++) {
				marks(&g, exhaustive, into, f);
				assert_int_equal(into[l], out ? -1 : 0);
			}
			group_free(&g);
		}
	}
}

/* A group of many nearly constant metrics (none can be merged into) and
 * many copies of one: the same marks, without trying every pair. */
static void constants_and_copies(void **state)
{
	struct group g;
	size_t m = 1500, merged = 0;
	long *a = malloc(m * sizeof(*a)), *b = malloc(m * sizeof(*b));
	double *fa = malloc(m * sizeof(*fa)), *fb = malloc(m * sizeof(*fb));

	(void)state;
	rng_state = 99;
	group_init(&g, m, 5, 5);
	for (size_t i = 0; i < m; i++) {
		for (size_t j = 0; j < 10; j++) {
			double x = i % 2 ? 3 + 0.01 * (double)j : 7 * (1 + 1e-4 * uniform());
			*(j < 5 ? &g.c[i].b[j] : &g.c[i].v[j - 5]) = x * (double)(i + 1);
		}
		g.c[i].higher = false;
	}
	marks(&g, true, a, fa);
	marks(&g, false, b, fb);
	for (size_t i = 0; i < m; i++) {
		assert_int_equal(a[i], b[i]);
		merged += a[i] >= 0;
	}
	assert_int_equal(merged, m / 2 - 1); /* the odd ones, into the first of them */
	assert_int_equal(b[m - 1], 1);
	free(a);
	free(b);
	free(fa);
	free(fb);
	group_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(grid_marks_what_every_pair_marks),
	    cmocka_unit_test(the_tolerance_is_the_edge),
	    cmocka_unit_test(constants_and_copies),
	};
	return cmocka_run_group_tests_name("multiples", tests, NULL, NULL);
}
