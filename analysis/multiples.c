/* multiples.c - exact multiples and reciprocals among comparisons of the same runs. */
#include "analysis/multiples.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Groups up to this size are searched by trying every pair. */
#define SMALL_GROUP 64
/* Coordinates of the grid: 3^KEY_DIMS cells are looked up per comparison. */
#define KEY_DIMS 3

static bool same_runs(const struct kv_series *a, const struct kv_series *b)
{
	/* without run ids (a caller's own series) no two metrics share runs */
	return a->n_runs == b->n_runs && a->run_id != NULL && b->run_id != NULL &&
	       memcmp(a->run_id, b->run_id, a->n_runs * sizeof(*a->run_id)) == 0;
}

/* True when l = factor x k in every run of both sides (or, for metrics of
 * opposite directions, l = factor / k: Google Benchmark's bytes_per_second
 * is bytes / cpu_time, so both give the same C), and the metric moves by
 * more than the tolerance (two constants are not "the same measurement"). */
static bool multiple_of(const struct kv_comparison *l, const struct kv_comparison *k,
			double *factor)
{
	const double *xs[2][2] = {{l->b, k->b}, {l->v, k->v}};
	size_t ns[2] = {l->bs.n, l->vs.n};
	double f0 = NAN, lo = INFINITY, hi = -INFINITY, sign = l->higher == k->higher ? -1 : 1;
	double flo = INFINITY, fhi = -INFINITY;

	if (!same_runs(l->base, k->base) || !same_runs(l->var, k->var) || ns[0] < 2 || ns[1] < 2) {
		return false;
	}
	for (int side = 0; side < 2; side++) {
		for (size_t j = 0; j < ns[side]; j++) {
			double a = xs[side][0][j], b = xs[side][1][j];
			if (!(a > 0) || !(b > 0)) {
				return false;
			}
			double f = log(a) + sign * log(b);
			f0 = isnan(f0) ? f : f0;
			if (fabs(f - f0) > KV_MULTIPLE_TOL) {
				return false;
			}
			flo = fmin(flo, f);
			fhi = fmax(fhi, f);
			lo = fmin(lo, log(b));
			hi = fmax(hi, log(b));
		}
	}
	/* the middle of the runs' ratios, whatever order the runs came in (the
	 * first run's, as before, changed with the order of import) */
	double f = flo + (fhi - flo) / 2;
	*factor = sign < 0 ? exp(f) : -exp(f); /* negative: a reciprocal, factor / k */
	return hi - lo > 10 * KV_MULTIPLE_TOL;
}

/* Tries the candidates cand[0..nc) (indices into p, ascending) for l in order. */
static void merge_first(struct kv_comparison **p, size_t l, const size_t *cand, size_t nc)
{
	for (size_t x = 0; x < nc; x++) {
		double f;
		struct kv_comparison *pk = p[cand[x]];
		if (pk->merged_into == NULL && multiple_of(p[l], pk, &f)) {
			p[l]->merged_into = pk;
			p[l]->merge_factor = f;
			return;
		}
	}
}

/*
 * The grid.  For a comparison of the group's N = nb + nv runs let d be its
 * centred log run means: d_j = log x_j - log x_0 over the baseline's runs
 * then the variant's, j = 1 .. N-1 (x_0 the baseline's first).  multiple_of
 * holds only when, for every j, |d_j(l) - d_j(k)| <= tol (the same
 * direction: log l - log k moves by at most tol from run 0) or
 * |d_j(l) + d_j(k)| <= tol (opposite directions: log l + log k).  So k lies
 * in the box of half-width tol around d(l) (or -d(l)): in its cell of a grid
 * of side > tol, or one of the neighbouring cells, on every coordinate.
 * The grid uses the KEY_DIMS coordinates that spread the group most, and
 * holds only the comparisons that can be merged into (multiple_of: their
 * logs move by more than 10 tol); each candidate found that is not merged
 * itself is checked on every coordinate, then by multiple_of, earliest
 * first, so that a group of many nearly constant or identical metrics
 * stays fast.
 * The window is a little wider than tol, as the two computations round
 * differently; multiple_of decides.
 */
struct cell {
	int64_t key[KEY_DIMS + 1]; /* the direction (higher), then the cell on each coordinate */
	size_t i;                  /* the comparison's index in the group */
};

static int cmp_cell(const void *pa, const void *pb)
{
	const struct cell *a = pa, *b = pb;

	for (int d = 0; d <= KEY_DIMS; d++) {
		if (a->key[d] != b->key[d]) {
			return a->key[d] < b->key[d] ? -1 : 1;
		}
	}
	return (a->i > b->i) - (a->i < b->i);
}

static int cmp_key(const int64_t *a, const int64_t *b)
{
	for (int d = 0; d <= KEY_DIMS; d++) {
		if (a[d] != b[d]) {
			return a[d] < b[d] ? -1 : 1;
		}
	}
	return 0;
}

/* The first entry of g[0..n) whose key is not below key. */
static size_t first_cell(const struct cell *g, size_t n, const int64_t *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_key(g[mid].key, key) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

/* The centred log run means of c into d[0..dims), false when c can be no
 * multiple (fewer than 2 runs a side, a mean not positive or not finite). */
static bool centred_logs(const struct kv_comparison *c, double *d, size_t dims)
{
	double l0;

	if (c->bs.n < 2 || c->vs.n < 2 || c->bs.n + c->vs.n - 1 != dims || !(c->b[0] > 0)) {
		return false;
	}
	l0 = log(c->b[0]);
	for (size_t j = 1; j <= dims; j++) {
		double x = j < c->bs.n ? c->b[j] : c->v[j - c->bs.n];
		if (!(x > 0)) {
			return false;
		}
		d[j - 1] = log(x) - l0;
	}
	for (size_t j = 0; j < dims; j++) {
		if (!isfinite(d[j])) {
			return false;
		}
	}
	return isfinite(l0);
}

/* The KEY_DIMS (or fewer) coordinates with the largest variance over the
 * ok rows of d (m rows of dims), into axis; returns how many. */
static int spread_axes(const double *d, const bool *ok, size_t m, size_t dims, size_t *axis)
{
	double *var = kv_xcalloc(dims, sizeof(*var)), *mean = kv_xcalloc(dims, sizeof(*mean));
	size_t k = 0;
	int na = 0;

	for (size_t i = 0; i < m; i++) {
		if (!ok[i]) {
			continue;
		}
		k++;
		for (size_t j = 0; j < dims; j++) { /* Welford */
			double delta = d[i * dims + j] - mean[j];
			mean[j] += delta / (double)k;
			var[j] += delta * (d[i * dims + j] - mean[j]);
		}
	}
	for (; na < KEY_DIMS && (size_t)na < dims; na++) {
		size_t best = 0;
		for (size_t j = 1; j < dims; j++) {
			if (var[j] > var[best]) {
				best = j;
			}
		}
		axis[na] = best;
		var[best] = -1;
	}
	free(var);
	free(mean);
	return na;
}

/* Whether d(k) is within w of s x d(l) on every coordinate. */
static bool in_box(const double *dl, const double *dk, double s, size_t dims, double w)
{
	for (size_t j = 0; j < dims; j++) {
		if (fabs(s * dl[j] - dk[j]) > w) {
			return false;
		}
	}
	return true;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

static void grid_search(struct kv_comparison **p, size_t m)
{
	/* a little wider than the tolerance: the logs round differently */
	const double w = KV_MULTIPLE_TOL * (1 + 1e-6) + 1e-9, side = 1.01 * w;
	size_t dims = p[0]->bs.n + p[0]->vs.n - 1, axis[KEY_DIMS], ng = 0, cap = 64;
	double *d = kv_xmalloc(m * (dims ? dims : 1) * sizeof(*d));
	bool *ok = kv_xmalloc(m * sizeof(*ok)), *target = kv_xmalloc(m * sizeof(*target));
	struct cell *g = kv_xmalloc(m * sizeof(*g));
	size_t *cand = kv_xmalloc(cap * sizeof(*cand));

	for (size_t i = 0; i < m; i++) {
		ok[i] = dims > 0 && centred_logs(p[i], d + i * dims, dims);
		/* what multiple_of asks of k alone: its logs move by more than
		 * 10 tol (a little less here: it decides near the edge) */
		double lo = 0, hi = 0;
		for (size_t j = 0; ok[i] && j < dims; j++) {
			lo = fmin(lo, d[i * dims + j]);
			hi = fmax(hi, d[i * dims + j]);
		}
		target[i] = ok[i] && hi - lo > 10 * KV_MULTIPLE_TOL * (1 - 1e-6) - 1e-9;
	}
	int na = spread_axes(d, ok, m, dims, axis);
	for (size_t i = 0; i < m; i++) {
		if (!target[i]) {
			continue;
		}
		g[ng].key[0] = p[i]->higher;
		for (int a = 0; a < KEY_DIMS; a++) {
			g[ng].key[a + 1] =
			    a < na ? (int64_t)floor(d[i * dims + axis[a]] / side) : 0;
		}
		g[ng++].i = i;
	}
	qsort(g, ng, sizeof(*g), cmp_cell); /* by cell, then index */
	for (size_t l = 1; l < m; l++) {
		size_t nc = 0;
		if (!ok[l]) {
			continue;
		}
		const double *dl = d + l * dims;
		for (int recip = 0; recip < 2; recip++) {
			/* same direction: around d(l); opposite: around -d(l) */
			double s = recip ? -1 : 1;
			int64_t centre[KEY_DIMS], key[KEY_DIMS + 1];
			key[0] = recip ? !p[l]->higher : p[l]->higher;
			for (int a = 0; a < KEY_DIMS; a++) {
				centre[a] = a < na ? (int64_t)floor(s * dl[axis[a]] / side) : 0;
			}
			/* every neighbour: offsets -1, 0, 1 on the grid's na coordinates */
			int cells = 1;
			for (int a = 0; a < na; a++) {
				cells *= 3;
			}
			for (int nb = 0; nb < cells; nb++) {
				int code = nb;
				for (int a = 0; a < KEY_DIMS; a++) {
					key[a + 1] = centre[a] + (a < na ? code % 3 - 1 : 0);
					code = a < na ? code / 3 : code;
				}
				for (size_t x = first_cell(g, ng, key);
				     x < ng && cmp_key(g[x].key, key) == 0 && g[x].i < l; x++) {
					if (p[g[x].i]->merged_into != NULL ||
					    !in_box(dl, d + g[x].i * dims, s, dims, w)) {
						continue;
					}
					if (nc == cap) {
						cap *= 2;
						cand = kv_xreallocarray(cand, cap, sizeof(*cand));
					}
					cand[nc++] = g[x].i;
				}
			}
		}
		qsort(cand, nc, sizeof(*cand), cmp_size); /* earliest first */
		merge_first(p, l, cand, nc);
	}
	free(d);
	free(ok);
	free(target);
	free(g);
	free(cand);
}

void kv_multiples_in_group(struct kv_comparison **p, size_t m, bool exhaustive)
{
	if (m < 2) {
		return;
	}
	if (!exhaustive) {
		grid_search(p, m);
		return;
	}
	size_t *all = kv_xmalloc(m * sizeof(*all));
	for (size_t k = 0; k < m; k++) {
		all[k] = k;
	}
	for (size_t l = 1; l < m; l++) {
		merge_first(p, l, all, l);
	}
	free(all);
}

/* Orders comparisons by variant, then the runs of both sides, then position:
 * comparisons measured in the same runs become neighbours. */
static int cmp_runs(const void *pa, const void *pb)
{
	const struct kv_comparison *x = *(const struct kv_comparison *const *)pa,
				   *y = *(const struct kv_comparison *const *)pb;
	const struct kv_series *sx[2] = {x->base, x->var}, *sy[2] = {y->base, y->var};
	int c = strcmp(x->var->config, y->var->config);

	for (int k = 0; c == 0 && k < 2; k++) {
		c = (sx[k]->n_runs > sy[k]->n_runs) - (sx[k]->n_runs < sy[k]->n_runs);
		for (size_t j = 0; c == 0 && j < sx[k]->n_runs; j++) {
			c = (sx[k]->run_id[j] > sy[k]->run_id[j]) -
			    (sx[k]->run_id[j] < sy[k]->run_id[j]);
		}
	}
	return c != 0 ? c : (x > y) - (x < y);
}

void kv_multiples_find(struct kv_comparison *c, size_t n)
{
	struct kv_comparison **p = kv_xmalloc((n ? n : 1) * sizeof(*p));
	size_t np = 0;

	for (size_t i = 0; i < n; i++) {
		if (!isnan(c[i].ratio) && c[i].base->run_id != NULL && c[i].var->run_id != NULL) {
			p[np++] = &c[i];
		}
	}
	/* only comparisons of the same variant and runs can be multiples */
	qsort(p, np, sizeof(*p), cmp_runs);
	for (size_t i = 0; i < np;) {
		size_t j = i + 1;
		while (j < np && strcmp(p[j]->var->config, p[i]->var->config) == 0 &&
		       same_runs(p[j]->base, p[i]->base) && same_runs(p[j]->var, p[i]->var)) {
			j++;
		}
		kv_multiples_in_group(p + i, j - i, j - i <= SMALL_GROUP);
		i = j;
	}
	free(p);
}
