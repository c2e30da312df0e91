/*
 * summary.c - the geometric mean of many cost ratios, with an interval that
 * treats the run as the unit: metrics measured in the same runs (P50, P95
 * and P99 of one run; a fio job's bandwidth and latency) move together, so
 * their noise is summed run by run before it is squared.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "analysis/stats_internal.h"
#include "util/xalloc.h"

/* The estimate of one side of a case. */
static double estimate(const double *x, size_t n, enum kv_sum_est e)
{
	return e == KV_SUM_EST_MEAN ? kv_mean(x, n) : kv_median(x, n);
}

/* exp(median(log v_i - log b_j)): the Hodges-Lehmann ratio. */
static double hl_ratio(const double *v, size_t nv, const double *b, size_t nb)
{
	double *d = kv_xmalloc((nv * nb > 0 ? nv * nb : 1) * sizeof(*d));

	for (size_t i = 0; i < nv; i++) {
		for (size_t j = 0; j < nb; j++) {
			d[i * nb + j] = log(v[i]) - log(b[j]);
		}
	}
	double m = kv_median(d, nv * nb);
	free(d);
	return exp(m);
}

static double cost_of(const double *v, size_t nv, const double *b, size_t nb, bool higher,
		      enum kv_sum_est e)
{
	double r =
	    e == KV_SUM_EST_HL ? hl_ratio(v, nv, b, nb) : estimate(v, nv, e) / estimate(b, nb, e);

	return higher ? 1 / r : r;
}

double kv_cost_ratio(const struct kv_sum_case *c)
{
	return cost_of(c->v, c->nv, c->b, c->nb, c->higher_better, c->est);
}

/* One side's runs: dense indexes for the run ids, clusters of runs
 * connected by a case, and where each case's values sit. */
struct side {
	size_t nruns;
	int64_t *ids;    /* sorted distinct run ids */
	size_t *idx;     /* per case, per value: its run's index (flattened) */
	size_t *off;     /* case i's values are idx[off[i] .. off[i + 1]) */
	size_t *cluster; /* per run: its cluster's root */
	size_t *uses;    /* per run: how many cases it gave a value to */
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static size_t find(size_t *parent, size_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

static void side_init(struct side *s, const struct kv_sum_case *c, size_t k, bool variant)
{
	size_t total = 0, n = 0;
	int64_t synthetic = INT64_MIN; /* runs without ids: below every real id */

	for (size_t i = 0; i < k; i++) {
		total += variant ? c[i].nv : c[i].nb;
	}
	int64_t *all = kv_xmalloc((total ? total : 1) * sizeof(*all));
	s->off = kv_xmalloc((k + 1) * sizeof(*s->off));
	for (size_t i = 0; i < k; i++) {
		const int64_t *id = variant ? c[i].rv : c[i].rb;
		size_t ni = variant ? c[i].nv : c[i].nb;
		s->off[i] = n;
		for (size_t j = 0; j < ni; j++) {
			all[n++] = id != NULL ? id[j] : synthetic++;
		}
	}
	s->off[k] = n;
	s->ids = kv_xmalloc((total ? total : 1) * sizeof(*s->ids));
	memcpy(s->ids, all, total * sizeof(*all));
	qsort(s->ids, total, sizeof(*s->ids), cmp_i64);
	s->nruns = 0;
	for (size_t j = 0; j < total; j++) {
		if (s->nruns == 0 || s->ids[s->nruns - 1] != s->ids[j]) {
			s->ids[s->nruns++] = s->ids[j];
		}
	}
	s->idx = kv_xmalloc((total ? total : 1) * sizeof(*s->idx));
	s->cluster = kv_xmalloc((s->nruns ? s->nruns : 1) * sizeof(*s->cluster));
	s->uses = kv_xcalloc(s->nruns ? s->nruns : 1, sizeof(*s->uses));
	for (size_t j = 0; j < s->nruns; j++) {
		s->cluster[j] = j;
	}
	for (size_t j = 0; j < total; j++) {
		int64_t *hit = bsearch(&all[j], s->ids, s->nruns, sizeof(*s->ids), cmp_i64);
		s->idx[j] = (size_t)(hit - s->ids);
		s->uses[s->idx[j]]++;
	}
	for (size_t i = 0; i < k; i++) {
		for (size_t j = s->off[i] + 1; j < s->off[i + 1]; j++) {
			size_t a = find(s->cluster, s->idx[s->off[i]]),
			       b = find(s->cluster, s->idx[j]);
			if (a != b) {
				s->cluster[a] = b;
			}
		}
	}
	for (size_t j = 0; j < s->nruns; j++) {
		s->cluster[j] = find(s->cluster, j);
	}
	free(all);
}

static void side_release(struct side *s)
{
	free(s->ids);
	free(s->idx);
	free(s->off);
	free(s->cluster);
	free(s->uses);
}

/* Delta method for one side: each run's contribution to log G, summed over
 * the cases it gave a value to, then per cluster V_c = n_c / (n_c - 1)
 * sum u_j^2 with n_c - 1 degrees of freedom.  Adds to *var and to the
 * Satterthwaite denominator *den; false when a cluster has a single run. */
static bool side_variance(const struct side *s, const struct kv_sum_case *c, size_t k, bool variant,
			  double *var, double *den)
{
	double *u = kv_xcalloc(s->nruns ? s->nruns : 1, sizeof(*u));
	double *vc = kv_xcalloc(s->nruns ? s->nruns : 1, sizeof(*vc));
	size_t *nc = kv_xcalloc(s->nruns ? s->nruns : 1, sizeof(*nc));
	bool ok = true;

	for (size_t i = 0; i < k; i++) {
		const double *x = variant ? c[i].v : c[i].b;
		size_t n = variant ? c[i].nv : c[i].nb;
		double m = kv_mean(x, n), sign = c[i].higher_better ? -1 : 1;
		for (size_t j = 0; j < n; j++) {
			u[s->idx[s->off[i] + j]] += sign * (x[j] - m) / (m * (double)n * (double)k);
		}
	}
	for (size_t j = 0; j < s->nruns; j++) {
		vc[s->cluster[j]] += u[j] * u[j];
		nc[s->cluster[j]]++;
	}
	for (size_t j = 0; j < s->nruns; j++) {
		if (nc[j] == 0) {
			continue; /* not a root */
		}
		if (nc[j] < 2) {
			ok = false;
			break;
		}
		double n = (double)nc[j], v = vc[j] * n / (n - 1);
		*var += v;
		*den += v * v / (n - 1);
	}
	free(u);
	free(vc);
	free(nc);
	return ok;
}

/* One bootstrap replicate of a side: cnt[j] draws of run j, whole
 * clusters resampled within themselves. */
static void draw_runs(struct kv_rng *r, const struct side *s, size_t *const *members,
		      const size_t *nmem, size_t *cnt)
{
	memset(cnt, 0, s->nruns * sizeof(*cnt));
	for (size_t c = 0; c < s->nruns; c++) {
		for (size_t d = 0; d < nmem[c]; d++) {
			cnt[members[c][kv_rng_bounded(r, nmem[c])]]++;
		}
	}
}

/* Case i's values on a side, each repeated as often as its run was drawn. */
static size_t gather(const struct side *s, size_t i, const double *x, const size_t *cnt,
		     double *out)
{
	size_t n = 0;

	for (size_t j = s->off[i]; j < s->off[i + 1]; j++) {
		for (size_t t = 0; t < cnt[s->idx[j]]; t++) {
			out[n++] = x[j - s->off[i]];
		}
	}
	return n;
}

struct clusters {
	size_t **members; /* per root: its runs */
	size_t *nmem;
};

static void clusters_init(struct clusters *cl, const struct side *s)
{
	cl->members = kv_xcalloc(s->nruns ? s->nruns : 1, sizeof(*cl->members));
	cl->nmem = kv_xcalloc(s->nruns ? s->nruns : 1, sizeof(*cl->nmem));
	for (size_t j = 0; j < s->nruns; j++) {
		cl->nmem[s->cluster[j]]++;
	}
	for (size_t j = 0; j < s->nruns; j++) {
		if (cl->nmem[j] > 0) {
			cl->members[j] = kv_xmalloc(cl->nmem[j] * sizeof(**cl->members));
			cl->nmem[j] = 0;
		}
	}
	for (size_t j = 0; j < s->nruns; j++) {
		size_t c = s->cluster[j];
		cl->members[c][cl->nmem[c]++] = j;
	}
}

static void clusters_release(struct clusters *cl, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		free(cl->members[j]);
	}
	free(cl->members);
	free(cl->nmem);
}

/* Standard deviation of log G over B replicates that resample whole runs. */
static double boot_se(const struct kv_sum_case *c, size_t k, const struct side *sb,
		      const struct side *sv, size_t B, uint64_t seed)
{
	struct clusters cb, cv;
	size_t maxn = 1;
	struct kv_rng r;
	double *lg = kv_xmalloc((B ? B : 1) * sizeof(*lg));
	size_t *cntb = kv_xmalloc((sb->nruns ? sb->nruns : 1) * sizeof(*cntb));
	size_t *cntv = kv_xmalloc((sv->nruns ? sv->nruns : 1) * sizeof(*cntv));
	size_t got = 0;

	clusters_init(&cb, sb);
	clusters_init(&cv, sv);
	for (size_t i = 0; i < k; i++) {
		maxn = c[i].nb > maxn ? c[i].nb : maxn;
		maxn = c[i].nv > maxn ? c[i].nv : maxn;
	}
	/* a run drawn many times repeats its values: at most nruns draws */
	size_t cap = (sb->nruns > sv->nruns ? sb->nruns : sv->nruns) * maxn + 1;
	double *xb = kv_xmalloc(cap * sizeof(*xb)), *xv = kv_xmalloc(cap * sizeof(*xv));
	kv_rng_seed(&r, seed);
	for (size_t t = 0, tries = 0; t < B && tries < 4 * B; tries++) {
		double s = 0;
		bool ok = true;
		draw_runs(&r, sb, cb.members, cb.nmem, cntb);
		draw_runs(&r, sv, cv.members, cv.nmem, cntv);
		for (size_t i = 0; i < k && ok; i++) {
			size_t nb = gather(sb, i, c[i].b, cntb, xb);
			size_t nv = gather(sv, i, c[i].v, cntv, xv);
			double cost =
			    nb && nv ? cost_of(xv, nv, xb, nb, c[i].higher_better, c[i].est) : NAN;
			ok = cost > 0 && isfinite(cost);
			s += ok ? log(cost) : 0;
		}
		if (ok) {
			lg[t++] = s / (double)k;
			got = t;
		}
	}
	double se = got > 1 ? sqrt(kv_var(lg, got)) : NAN;
	clusters_release(&cb, sb->nruns);
	clusters_release(&cv, sv->nruns);
	free(lg);
	free(cntb);
	free(cntv);
	free(xb);
	free(xv);
	return se;
}

/* How many cases gave a value in a run that gave a value to another case. */
static size_t count_paired(const struct side *sb, const struct side *sv, size_t k)
{
	size_t paired = 0;

	for (size_t i = 0; i < k; i++) {
		bool shared = false;
		for (size_t j = sb->off[i]; j < sb->off[i + 1] && !shared; j++) {
			shared = sb->uses[sb->idx[j]] > 1;
		}
		for (size_t j = sv->off[i]; j < sv->off[i + 1] && !shared; j++) {
			shared = sv->uses[sv->idx[j]] > 1;
		}
		paired += shared;
	}
	return paired;
}

void kv_summarize(const struct kv_sum_case *c, size_t k, size_t B, uint64_t seed, double conf,
		  struct kv_summary *o)
{
	double *lc = kv_xmalloc((k ? k : 1) * sizeof(*lc));
	struct side sb, sv;

	memset(o, 0, sizeof(*o));
	o->k = k;
	o->method = KV_SUM_NONE;
	o->cost = o->overhead_pct = o->lo = o->hi = o->se_log = o->df = NAN;
	o->between_lo = o->between_hi = NAN;
	if (k == 0) {
		free(lc);
		return;
	}
	for (size_t i = 0; i < k; i++) {
		lc[i] = log(kv_cost_ratio(&c[i]));
	}
	double ml = kv_mean(lc, k), dk = (double)k;
	o->cost = exp(ml);
	o->overhead_pct = 100 * (o->cost - 1);
	if (k > 1) {
		double h = kv_qt(1 - (1 - conf) / 2, dk - 1) * sqrt(kv_var(lc, k)) / sqrt(dk);
		o->between_lo = exp(ml - h);
		o->between_hi = exp(ml + h);
	}
	side_init(&sb, c, k, false);
	side_init(&sv, c, k, true);
	o->runs_b = sb.nruns;
	o->runs_v = sv.nruns;
	o->paired = count_paired(&sb, &sv, k);
	double var = 0, den = 0;
	bool ok = side_variance(&sb, c, k, false, &var, &den) &&
		  side_variance(&sv, c, k, true, &var, &den);
	if (k == 1) {
		if (isfinite(c[0].row_lo) && !isnan(c[0].row_hi)) { /* row_hi may be +inf */
			o->method = KV_SUM_ROW;
			o->lo = c[0].row_lo;
			o->hi = c[0].row_hi;
		}
	} else if (ok) {
		o->df = den > 0 ? var * var / den : INFINITY;
		o->se_log = sqrt(var);
		o->method = KV_SUM_DELTA;
		if (c[0].est != KV_SUM_EST_MEAN) {
			o->se_log = boot_se(c, k, &sb, &sv, B, seed);
			o->method = KV_SUM_BOOT;
		}
		if (isfinite(o->se_log)) {
			double t = o->se_log > 0 ? kv_qt(1 - (1 - conf) / 2, o->df) : 0;
			o->lo = exp(ml - t * o->se_log);
			o->hi = exp(ml + t * o->se_log);
		} else {
			o->method = KV_SUM_NONE;
		}
	}
	side_release(&sb);
	side_release(&sv);
	free(lc);
}
