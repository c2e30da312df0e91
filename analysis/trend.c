/*
 * trend.c - change points in the history of each series: binary
 * segmentation, a max-statistic test per change point, compare's interval
 * for the step, multiplicity across series (see trend.h, docs/trend.md).
 */
#include "analysis/trend.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

/* ---- order files ---- */

void kv_trend_orderfile_release(struct kv_trend_orderfile *f)
{
	if (f == NULL) {
		return;
	}
	for (size_t i = 0; i < f->n; i++) {
		free(f->keys[i]);
	}
	free(f->keys);
	free(f->line);
	free(f->col);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

/* A key and its place in the file, sorted to find duplicates. */
struct keyref {
	const char *key;
	size_t i;
};

static int cmp_keyref(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

int kv_trend_orderfile_parse(const char *text, size_t len, const char *path,
			     struct kv_trend_orderfile *out, struct kv_error *err)
{
	size_t cap = 0, lineno = 0, pos = 0, start = 0;

	memset(out, 0, sizeof(*out));
	out->path = kv_xstrdup(path);
	while (pos < len) {
		size_t end = pos;
		while (end < len && text[end] != '\n') {
			end++;
		}
		lineno++;
		start = pos;
		size_t a = pos, b = end;
		pos = end + 1;
		while (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r')) {
			a++;
		}
		while (b > a &&
		       (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r')) {
			b--;
		}
		if (a == b || text[a] == '#') {
			continue;
		}
		for (size_t i = a; i < b; i++) {
			unsigned char c = (unsigned char)text[i];
			int col = (int)(i - start + 1);
			if (c == ' ' || c == '\t') {
				kv_fail_at(err, KV_EXIT_DATAERR, path, (int)lineno, col,
					   "'%.*s': an order file holds one key a line, without "
					   "blanks",
					   (int)(b - a > 80 ? 80 : b - a), text + a);
				kv_trend_orderfile_release(out);
				return -1;
			}
			if (c < 0x20 || c == 0x7f) {
				kv_fail_at(err, KV_EXIT_DATAERR, path, (int)lineno, col,
					   "control character 0x%02x in a key: an order file holds "
					   "one key a line, in text",
					   c);
				kv_trend_orderfile_release(out);
				return -1;
			}
		}
		if (out->n == cap) {
			cap = cap ? 2 * cap : 64;
			out->keys = kv_xreallocarray(out->keys, cap, sizeof(*out->keys));
			out->line = kv_xreallocarray(out->line, cap, sizeof(*out->line));
			out->col = kv_xreallocarray(out->col, cap, sizeof(*out->col));
		}
		out->keys[out->n] = kv_xstrndup(text + a, b - a);
		out->line[out->n] = lineno;
		out->col[out->n] = a - start + 1;
		out->n++;
	}
	if (out->n == 0) {
		kv_fail_file(err, KV_EXIT_DATAERR, path, "the order file lists no key");
		kv_trend_orderfile_release(out);
		return -1;
	}
	struct keyref *idx = kv_xmalloc(out->n * sizeof(*idx));
	for (size_t i = 0; i < out->n; i++) {
		idx[i].key = out->keys[i];
		idx[i].i = i;
	}
	qsort(idx, out->n, sizeof(*idx), cmp_keyref);
	for (size_t i = 1; i < out->n; i++) {
		if (strcmp(idx[i - 1].key, idx[i].key) == 0) {
			size_t first = idx[i - 1].i, again = idx[i].i;
			kv_fail_at(err, KV_EXIT_DATAERR, path, (int)out->line[again],
				   (int)out->col[again], "'%s' is listed already on line %zu",
				   out->keys[again], out->line[first]);
			free(idx);
			kv_trend_orderfile_release(out);
			return -1;
		}
	}
	free(idx);
	return 0;
}

long kv_trend_orderfile_find(const struct kv_trend_orderfile *f, const char *key)
{
	size_t klen = strlen(key);
	long found = -1;

	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->keys[i], key) == 0) {
			return (long)i;
		}
	}
	/* a prefix of at least 7 characters either way, when unique */
	for (size_t i = 0; i < f->n; i++) {
		size_t l = strlen(f->keys[i]), shorter = l < klen ? l : klen;
		if (shorter >= 7 && strncmp(f->keys[i], key, shorter) == 0) {
			if (found >= 0) {
				return -1;
			}
			found = (long)i;
		}
	}
	return found;
}

/* ---- natural version order ---- */

/* Compares two runs of digits as numbers: length without leading zeros,
 * then the digits, then fewer leading zeros first. */
static int cmp_number(const char **pa, const char **pb)
{
	const char *a = *pa, *b = *pb;
	const char *a0 = a, *b0 = b;
	while (*a == '0') {
		a++;
	}
	while (*b == '0') {
		b++;
	}
	const char *as = a, *bs = b;
	while (isdigit((unsigned char)*a)) {
		a++;
	}
	while (isdigit((unsigned char)*b)) {
		b++;
	}
	size_t la = (size_t)(a - as), lb = (size_t)(b - bs);
	*pa = a;
	*pb = b;
	if (la != lb) {
		return la < lb ? -1 : 1;
	}
	int c = strncmp(as, bs, la);
	if (c != 0) {
		return c;
	}
	size_t za = (size_t)(as - a0), zb = (size_t)(bs - b0);
	return (za > zb) - (za < zb);
}

/* Natural comparison of [a, ae) and [b, be). */
static int natural(const char *a, const char *ae, const char *b, const char *be)
{
	while (a < ae && b < be) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			/* the digit runs end at a non-digit, which every part has at
			 * its end ('-', '+' or the terminating NUL) */
			int c = cmp_number(&a, &b);
			if (c != 0) {
				return c;
			}
			continue;
		}
		if (*a != *b) {
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		}
		a++;
		b++;
	}
	return (a < ae) - (b < be);
}

/* Splits v into core [v, *pre), pre-release [*pre, *build) (with its '-')
 * and build [*build, end). */
static void version_parts(const char *v, const char **pre, const char **build)
{
	const char *p = v;
	while (*p != '\0' && (isdigit((unsigned char)*p) || *p == '.')) {
		p++;
	}
	const char *plus = strchr(p, '+');
	*build = plus != NULL ? plus : p + strlen(p);
	/* another suffix ("1.2a") stays in the core, compared naturally */
	*pre = (*p == '-' && p < *build) ? p : *build;
}

int kv_trend_version_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL) {
		return (a != NULL) - (b != NULL);
	}
	if ((*a == 'v' || *a == 'V') && isdigit((unsigned char)a[1])) {
		a++;
	}
	if ((*b == 'v' || *b == 'V') && isdigit((unsigned char)b[1])) {
		b++;
	}
	const char *apre, *abuild, *bpre, *bbuild;
	version_parts(a, &apre, &abuild);
	version_parts(b, &bpre, &bbuild);
	/* the core, with anything that is neither a pre-release nor a build */
	int c = natural(a, apre, b, bpre);
	if (c != 0) {
		return c;
	}
	bool ahas = apre < abuild, bhas = bpre < bbuild;
	if (ahas != bhas) {
		return ahas ? -1 : 1; /* 1.4.0-rc.1 < 1.4.0 */
	}
	if ((c = natural(apre, abuild, bpre, bbuild)) != 0) {
		return c;
	}
	return natural(abuild, abuild + strlen(abuild), bbuild, bbuild + strlen(bbuild));
}

/* ---- ordering runs ---- */

/* A keyed run being ordered. */
struct okey {
	enum kv_trend_by by;
	const char *s; /* time or label */
	long pos;      /* line in the order file */
	int64_t id;
	size_t i; /* index in runs */
};

static int cmp_okey_key(const struct okey *x, const struct okey *y)
{
	switch (x->by) {
	case KV_TREND_BY_TIME:
		return strcmp(x->s, y->s);
	case KV_TREND_BY_VERSION:
		return kv_trend_version_cmp(x->s, y->s);
	default:
		return (x->pos > y->pos) - (x->pos < y->pos);
	}
}

static int cmp_okey(const void *a, const void *b)
{
	const struct okey *x = a, *y = b;
	int c = cmp_okey_key(x, y);
	return c != 0 ? c : (x->id > y->id) - (x->id < y->id);
}

void kv_trend_order_runs(struct kv_trend_run *runs, size_t n, enum kv_trend_by by,
			 const struct kv_trend_orderfile *f)
{
	struct okey *k = kv_xmalloc((n ? n : 1) * sizeof(*k));
	size_t nk = 0;

	for (size_t i = 0; i < n; i++) {
		struct kv_trend_run *r = &runs[i];
		struct okey o = {by, by == KV_TREND_BY_TIME ? r->start_time : r->label, -1, r->id,
				 i};
		r->rank = -1;
		r->keyed = o.s != NULL && o.s[0] != '\0';
		if (by == KV_TREND_BY_FILE) {
			o.pos = r->keyed && f != NULL ? kv_trend_orderfile_find(f, o.s) : -1;
			r->keyed = o.pos >= 0;
		}
		if (r->keyed) {
			k[nk++] = o;
		}
	}
	qsort(k, nk, sizeof(*k), cmp_okey);
	int64_t rank = -1;
	for (size_t i = 0; i < nk; i++) {
		if (i == 0 || cmp_okey_key(&k[i - 1], &k[i]) != 0) {
			rank++;
		}
		runs[k[i].i].rank = rank;
	}
	free(k);
}

/* ---- detection ---- */

void kv_trend_opts_init(struct kv_trend_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->confidence = 0.95;
	o->adjust = KV_ADJ_BH;
	o->min_runs = 8;
	o->min_segment = 3;
	o->threads = 0;
}

/* The step between x[lo, k) and x[k, hi), as compare measures it. */
struct step {
	double mb, mv, vb, vv; /* means and variances */
	size_t nb, nv;
	double sp2;      /* pooled within-segment variance */
	double t, df, p; /* the t statistic, Fieller's df, two-sided p; NaN: no test */
};

static void measure(const double *x, size_t lo, size_t k, size_t hi, enum kv_trend_method meth,
		    struct step *s)
{
	struct kv_fieller f;

	s->nb = k - lo;
	s->nv = hi - k;
	s->mb = kv_mean(x + lo, s->nb);
	s->mv = kv_mean(x + k, s->nv);
	s->vb = s->nb > 1 ? kv_var(x + lo, s->nb) : NAN;
	s->vv = s->nv > 1 ? kv_var(x + k, s->nv) : NAN;
	/* The noise is the same on both sides of a split under the null (and
	 * with a step of a few percent, nearly so after it): the variances of
	 * the means come from the pooled within-segment variance.  Each side's
	 * own variance would let a short segment that happens to be tight look
	 * significant, and taking the largest statistic over every split picks
	 * exactly those (docs/trend.md: 31 of 200 step-free series). */
	double sp = ((double)(s->nb - 1) * s->vb + (double)(s->nv - 1) * s->vv) /
		    (double)(s->nb + s->nv - 2);
	s->sp2 = sp;
	double a = sp / (double)s->nb, c = sp / (double)s->nv;
	s->t = s->df = s->p = NAN;
	if (!(a + c > 0)) {
		return; /* no variation: no test (compare's KV_FLAG_CONSTANT) */
	}
	s->t = (s->mv - s->mb) / sqrt(a + c);
	/* the t statistic on Fieller's degrees of freedom, as compare.c:
	 * p < alpha exactly when Fieller's set at 1 - alpha excludes 1 */
	kv_fieller(s->mb, a, s->nb, s->mv, c, s->nv, 0.95, &f);
	/* KV_TREND_EXACT_DF, for the simulation: the pooled t's own df */
	s->df = meth == KV_TREND_EXACT_DF ? (double)(s->nb + s->nv - 2) : f.df;
	s->p = isfinite(s->t) && isfinite(s->df) ? 2 * kv_pt(-fabs(s->t), s->df) : NAN;
}

/* Splits a window of len points allows with segments of at least m. */
static size_t splits(size_t len, size_t m)
{
	return len >= 2 * m ? len - 2 * m + 1 : 0;
}

/* The split of x[lo, hi) with the largest between-segment sum of squares
 * n1 n2 / n (m1 - m2)^2 (the likelihood-ratio split of a mean shift), from
 * prefix sums c (c[i] = sum of x[0, i) - i mean(x)). */
static size_t best_split(const double *c, size_t lo, size_t hi, size_t m)
{
	double w = c[hi] - c[lo], n = (double)(hi - lo), best = -1;
	size_t at = lo + m;

	for (size_t k = lo + m; k + m <= hi; k++) {
		double n1 = (double)(k - lo), n2 = n - n1;
		double s1 = c[k] - c[lo];
		double d = s1 / n1 - (w - s1) / n2;
		double b = n1 * n2 / n * d * d;
		if (b > best) {
			best = b;
			at = k;
		}
	}
	return at;
}

/* The detection test of the split k of window [lo, hi): min(1, K p). */
static double window_p(const double *x, size_t lo, size_t k, size_t hi, size_t m,
		       enum kv_trend_method meth, struct step *s)
{
	measure(x, lo, k, hi, meth, s);
	if (isnan(s->p)) {
		return NAN;
	}
	double p = (meth == KV_TREND_NAIVE ? 1 : (double)splits(hi - lo, m)) * s->p;
	return p < 1 ? p : 1;
}

struct seg_state {
	size_t *cp; /* change points, sorted */
	size_t ncp, cap;
};

static void add_cp(struct seg_state *st, size_t k)
{
	if (st->ncp == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 8;
		st->cp = kv_xreallocarray(st->cp, st->cap, sizeof(*st->cp));
	}
	size_t i = st->ncp++;
	while (i > 0 && st->cp[i - 1] > k) {
		st->cp[i] = st->cp[i - 1];
		i--;
	}
	st->cp[i] = k;
}

static void bisect(const double *x, const double *c, size_t lo, size_t hi, size_t m,
		   enum kv_trend_method meth, double alpha, struct seg_state *st, double *p_first)
{
	struct step s;

	if (hi - lo < 2 * m) {
		return;
	}
	size_t k = best_split(c, lo, hi, m);
	double p = window_p(x, lo, k, hi, m, meth, &s);
	if (p_first != NULL) {
		*p_first = p;
	}
	if (!(p < alpha)) {
		return;
	}
	add_cp(st, k);
	bisect(x, c, lo, k, m, meth, alpha, st, NULL);
	bisect(x, c, k, hi, m, meth, alpha, st, NULL);
}

/* Segments x[0, n) at alpha: binary segmentation, then the change points
 * whose window test fails are removed, weakest first. */
static void segment(const double *x, size_t n, size_t m, enum kv_trend_method meth, double alpha,
		    struct seg_state *st, double *p_whole)
{
	double *c = kv_xmalloc((n + 1) * sizeof(*c)), mean = kv_mean(x, n);
	struct step s;

	c[0] = 0;
	for (size_t i = 0; i < n; i++) {
		c[i + 1] = c[i] + (x[i] - mean);
	}
	st->ncp = 0;
	*p_whole = NAN;
	bisect(x, c, 0, n, m, meth, alpha, st, p_whole);
	free(c);
	while (st->ncp > 0) {
		size_t worst = 0;
		double pw = -1;
		for (size_t i = 0; i < st->ncp; i++) {
			size_t lo = i > 0 ? st->cp[i - 1] : 0,
			       hi = i + 1 < st->ncp ? st->cp[i + 1] : n;
			double p = window_p(x, lo, st->cp[i], hi, m, meth, &s);
			if (isnan(p)) {
				p = 2; /* removed first */
			}
			if (p > pw) {
				pw = p;
				worst = i;
			}
		}
		if (pw < alpha) {
			break;
		}
		memmove(st->cp + worst, st->cp + worst + 1,
			(st->ncp - worst - 1) * sizeof(*st->cp));
		st->ncp--;
	}
}

/* ---- per series ---- */

struct run_ref {
	int64_t id;
	size_t i; /* index in the caller's runs */
};

static int cmp_ref(const void *a, const void *b)
{
	int64_t x = ((const struct run_ref *)a)->id, y = ((const struct run_ref *)b)->id;
	return (x > y) - (x < y);
}

static int cmp_point(const void *a, const void *b)
{
	const struct kv_trend_point *p = a, *q = b;
	if (p->rank != q->rank) {
		return p->rank < q->rank ? -1 : 1;
	}
	/* equal keys (runs of one version): by start time, then id */
	if ((p->start_time == NULL) != (q->start_time == NULL)) {
		return p->start_time == NULL ? 1 : -1;
	}
	int c = p->start_time != NULL ? strcmp(p->start_time, q->start_time) : 0;
	if (c != 0) {
		return c;
	}
	return (p->run_id > q->run_id) - (p->run_id < q->run_id);
}

/* Fills the points of s in order; false when s cannot be analysed. */
static bool load_points(struct kv_trend_series *ts, const struct kv_series *s,
			const struct run_ref *refs, size_t nrefs, const struct kv_trend_run *runs,
			const struct kv_trend_opts *o)
{
	double *means = kv_series_run_means(s);
	bool positive = true;

	ts->points = kv_xcalloc(s->n_runs ? s->n_runs : 1, sizeof(*ts->points));
	for (size_t j = 0; j < s->n_runs; j++) {
		struct run_ref key = {s->run_id[j], 0};
		const struct run_ref *r = bsearch(&key, refs, nrefs, sizeof(*refs), cmp_ref);
		if (o->since != NULL && (r == NULL || runs[r->i].start_time == NULL ||
					 strcmp(runs[r->i].start_time, o->since) < 0)) {
			ts->n_filtered++;
			continue;
		}
		if (r == NULL || !runs[r->i].keyed) {
			ts->n_unkeyed++;
			continue;
		}
		struct kv_trend_point *p = &ts->points[ts->npoints++];
		p->run_id = s->run_id[j];
		p->start_time = runs[r->i].start_time;
		p->label = runs[r->i].label;
		p->rank = runs[r->i].rank;
		p->value = means[j];
		p->n_samples = s->run_off[j + 1] - s->run_off[j];
	}
	free(means);
	qsort(ts->points, ts->npoints, sizeof(*ts->points), cmp_point);
	if (o->last > 0 && ts->npoints > o->last) {
		size_t drop = ts->npoints - o->last;
		memmove(ts->points, ts->points + drop, o->last * sizeof(*ts->points));
		ts->npoints = o->last;
		ts->n_filtered += drop;
	}
	for (size_t j = 0; j < ts->npoints; j++) {
		positive = positive && ts->points[j].value > 0;
	}
	if (ts->npoints < o->min_runs) {
		ts->skip = KV_TREND_TOO_FEW;
		if (ts->n_unkeyed > 0) {
			snprintf(ts->why_not, sizeof(ts->why_not),
				 "too few runs: %zu in order (%zu without the key), at least %zu",
				 ts->npoints, ts->n_unkeyed, o->min_runs);
		} else {
			snprintf(ts->why_not, sizeof(ts->why_not),
				 "too few runs: %zu, at least %zu", ts->npoints, o->min_runs);
		}
		return false;
	}
	if (!positive) {
		ts->skip = KV_TREND_NOT_POSITIVE;
		snprintf(ts->why_not, sizeof(ts->why_not),
			 "a run mean at or below zero: steps are ratios of positive means");
		return false;
	}
	return true;
}

/* The step of a change point at the printed level; see trend.h. */
static void fill_change(struct kv_trend_change *ch, const double *x, size_t lo, size_t k, size_t hi,
			size_t m, enum kv_trend_method meth, double alpha_p, bool higher)
{
	struct step s;
	struct kv_fieller f;

	ch->index = k;
	ch->k_splits = splits(hi - lo, m);
	ch->p = window_p(x, lo, k, hi, m, meth, &s);
	ch->p_split = s.p;
	ch->t = s.t;
	ch->df = s.df;
	ch->p_adjusted = NAN;
	ch->ratio = s.mv / s.mb;
	ch->change_pct = 100 * (ch->ratio - 1);
	ch->level =
	    1 - alpha_p / (meth == KV_TREND_NAIVE || ch->k_splits == 0 ? 1 : (double)ch->k_splits);
	ch->ratio_lo = ch->ratio_hi = NAN;
	kv_fieller(s.mb, s.sp2 / (double)s.nb, s.nb, s.mv, s.sp2 / (double)s.nv, s.nv, ch->level,
		   &f);
	ch->interval_kind = f.kind;
	if (f.kind == KV_FIELLER_BOUNDED) {
		ch->ratio_lo = fmax(f.lo, 0);
		ch->ratio_hi = f.hi;
	} else if (f.kind == KV_FIELLER_EXCLUSIVE && f.lo < 0 && isfinite(f.hi)) {
		/* cut at R >= 0: the ray [hi, +inf), as compare.c */
		ch->ratio_lo = f.hi;
		ch->ratio_hi = INFINITY;
	}
	if (higher) {
		ch->cost = 1 / ch->ratio;
		ch->cost_lo = 1 / ch->ratio_hi; /* 1/inf = 0 */
		ch->cost_hi = ch->ratio_lo > 0 ? 1 / ch->ratio_lo : INFINITY;
		if (isnan(ch->ratio_lo)) {
			ch->cost_lo = ch->cost_hi = NAN;
		}
	} else {
		ch->cost = ch->ratio;
		ch->cost_lo = ch->ratio_lo;
		ch->cost_hi = ch->ratio_hi;
	}
	ch->overhead_pct = 100 * (ch->cost - 1);
	ch->overhead_lo = 100 * (ch->cost_lo - 1);
	ch->overhead_hi = 100 * (ch->cost_hi - 1);
	if (ch->cost_lo > 1) {
		ch->verdict = KV_WORSE;
	} else if (ch->cost_hi < 1) {
		ch->verdict = KV_BETTER;
	} else {
		ch->verdict = KV_SAME;
	}
}

static void fill_segment(struct kv_trend_segment *g, const double *x, size_t from, size_t to,
			 double alpha_p)
{
	g->from = from;
	g->to = to;
	g->n = to - from;
	g->mean = kv_mean(x + from, g->n);
	g->sd = g->n > 1 ? sqrt(kv_var(x + from, g->n)) : NAN;
	g->cv = g->sd / g->mean;
	g->lo = g->hi = NAN;
	if (g->n > 1) {
		double h = kv_qt(1 - alpha_p / 2, (double)(g->n - 1)) * g->sd / sqrt((double)g->n);
		g->lo = g->mean - h;
		g->hi = g->mean + h;
	}
}

/* Segments one series at alpha and fills its segments and changes. */
static void analyse(struct kv_trend_series *ts, size_t m, enum kv_trend_method meth, double alpha)
{
	struct seg_state st = {0};
	size_t n = ts->npoints;
	double *x = kv_xmalloc(n * sizeof(*x));

	for (size_t i = 0; i < n; i++) {
		x[i] = ts->points[i].value;
	}
	segment(x, n, m, meth, alpha, &st, &ts->p);
	free(ts->segments);
	free(ts->changes);
	ts->nsegments = st.ncp + 1;
	ts->nchanges = st.ncp;
	ts->segments = kv_xcalloc(ts->nsegments, sizeof(*ts->segments));
	ts->changes = st.ncp ? kv_xcalloc(st.ncp, sizeof(*ts->changes)) : NULL;
	for (size_t i = 0; i <= st.ncp; i++) {
		size_t from = i > 0 ? st.cp[i - 1] : 0, to = i < st.ncp ? st.cp[i] : n;
		fill_segment(&ts->segments[i], x, from, to, alpha);
	}
	for (size_t i = 0; i < st.ncp; i++) {
		size_t lo = i > 0 ? st.cp[i - 1] : 0, hi = i + 1 < st.ncp ? st.cp[i + 1] : n;
		fill_change(&ts->changes[i], x, lo, st.cp[i], hi, m, meth, alpha, ts->higher);
		ts->changes[i].before = i;
		ts->changes[i].after = i + 1;
	}
	free(st.cp);
	free(x);
}

/* ---- every series, on threads ---- */

struct work {
	struct kv_trend_series *s;
	size_t n;
	size_t m;
	enum kv_trend_method meth;
	double alpha;
	atomic_size_t next;
};

static void *worker(void *arg)
{
	struct work *w = arg;
	size_t i;

	while ((i = atomic_fetch_add(&w->next, 64)) < w->n) {
		size_t end = i + 64 < w->n ? i + 64 : w->n;
		for (; i < end; i++) {
			if (w->s[i].skip == KV_TREND_ANALYSED) {
				analyse(&w->s[i], w->m, w->meth, w->alpha);
			}
		}
	}
	return NULL;
}

static void analyse_all(struct kv_trend_result *r, size_t m, enum kv_trend_method meth,
			double alpha, int threads)
{
	struct work w = {r->s, r->n, m, meth, alpha, 0};
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int nt = threads > 0 ? threads : (int)(cores > 0 ? cores : 1), started = 0;

	if (nt > 64) {
		nt = 64;
	}
	if ((size_t)nt > r->n / 64 + 1) {
		nt = (int)(r->n / 64 + 1);
	}
	pthread_t *t = kv_xcalloc((size_t)nt, sizeof(*t));
	for (int k = 1; k < nt; k++) {
		if (pthread_create(&t[k], NULL, worker, &w) != 0) {
			break;
		}
		started = k;
	}
	worker(&w);
	for (int k = 1; k <= started; k++) {
		pthread_join(t[k], NULL);
	}
	free(t);
}

/* Adjusts the pool of tests (every change point's, and the whole-history
 * test of each series without one) and returns the matching alpha', as
 * compare.c's adjust(). */
static double adjust(struct kv_trend_result *r, enum kv_adjust how, double alpha)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (r->s[i].skip == KV_TREND_ANALYSED) {
			n += r->s[i].nchanges ? r->s[i].nchanges : 1;
		}
	}
	double *p = kv_xmalloc((n ? n : 1) * sizeof(*p));
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_trend_series *s = &r->s[i];
		if (s->skip != KV_TREND_ANALYSED) {
			continue;
		}
		if (s->nchanges == 0) {
			p[k++] = s->p;
		}
		for (size_t j = 0; j < s->nchanges; j++) {
			p[k++] = s->changes[j].p;
		}
	}
	if (how == KV_ADJ_HOLM || how == KV_ADJ_HOCHBERG) {
		how = KV_ADJ_BONFERRONI;
	}
	r->m = 0;
	for (size_t i = 0; i < n; i++) {
		r->m += !isnan(p[i]);
	}
	kv_p_adjust(p, n, how, p);
	size_t rejected = 0;
	k = 0;
	for (size_t i = 0; i < r->n; i++) {
		struct kv_trend_series *s = &r->s[i];
		if (s->skip != KV_TREND_ANALYSED) {
			continue;
		}
		if (s->nchanges == 0) {
			rejected += p[k++] < alpha;
		}
		for (size_t j = 0; j < s->nchanges; j++) {
			s->changes[j].p_adjusted = p[k];
			rejected += p[k++] < alpha;
		}
	}
	free(p);
	return kv_alpha_printed(how, alpha, r->m, rejected);
}

int kv_trend(const struct kv_series *series, size_t n, const struct kv_trend_run *runs,
	     size_t nruns, const struct kv_trend_opts *o, struct kv_trend_result *out,
	     struct kv_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!(o->confidence >= 0.5 && o->confidence < 1)) {
		return kv_fail(err, KV_EXIT_USAGE, "confidence %g is not in [0.5, 1)",
			       o->confidence);
	}
	if (o->min_segment < 2) {
		return kv_fail(err, KV_EXIT_USAGE, "a segment needs at least 2 runs (a variance)");
	}
	size_t min_runs = o->min_runs > 2 * o->min_segment ? o->min_runs : 2 * o->min_segment;
	struct kv_trend_opts oo = *o;
	oo.min_runs = min_runs;
	struct run_ref *refs = kv_xmalloc((nruns ? nruns : 1) * sizeof(*refs));
	for (size_t i = 0; i < nruns; i++) {
		refs[i].id = runs[i].id;
		refs[i].i = i;
	}
	qsort(refs, nruns, sizeof(*refs), cmp_ref);
	out->s = kv_xcalloc(n ? n : 1, sizeof(*out->s));
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		struct kv_trend_series *ts = &out->s[i];
		const struct kv_series *s = &series[i];
		ts->series = s;
		ts->higher = s->direction != NULL && strcmp(s->direction, "higher") == 0;
		ts->category = kv_category(s->tool, s->benchmark, s->metric, s->unit);
		ts->p = NAN;
		load_points(ts, s, refs, nruns, runs, &oo);
	}
	free(refs);

	/* Segment at alpha, adjust, and segment again at the matching alpha'
	 * until it no longer falls (it only falls, so this ends). */
	double alpha = 1 - o->confidence, a = alpha;
	for (int round = 0;; round++) {
		analyse_all(out, o->min_segment, o->method, a, o->threads);
		double next = adjust(out, o->adjust, alpha);
		if (!(next < a * (1 - 1e-12)) || round == 30) {
			break; /* (30 rounds: never seen; the last analysis was at a) */
		}
		a = next;
	}
	out->alpha_printed = a;
	/* the intervals and verdicts at the final level */
	for (size_t i = 0; i < n; i++) {
		struct kv_trend_series *ts = &out->s[i];
		if (ts->skip != KV_TREND_ANALYSED) {
			out->nskipped++;
			continue;
		}
		if (ts->nchanges == 0) {
			out->nstable++;
		}
		out->nchanges += ts->nchanges;
		for (size_t j = 0; j < ts->nchanges; j++) {
			out->nregressions += ts->changes[j].verdict == KV_WORSE;
			out->nimprovements += ts->changes[j].verdict == KV_BETTER;
		}
	}
	return 0;
}

void kv_trend_result_release(struct kv_trend_result *r)
{
	if (r == NULL) {
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		free(r->s[i].points);
		free(r->s[i].segments);
		free(r->s[i].changes);
	}
	free(r->s);
	memset(r, 0, sizeof(*r));
}
