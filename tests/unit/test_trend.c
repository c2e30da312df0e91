/*
 * test_trend.c - kvperf trend's analysis: natural version order, order
 * files, the order of runs, and change points found where they are (and
 * not where there are none) under fixed seeds.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/trend.h"
#include "tests/unit/tcmocka.h"
#include "util/xalloc.h"

#define LIT(s) ((char *)(uintptr_t)(s))

/* ---- version order ---- */

static void test_version_order(void **state)
{
	(void)state;
	static const char *const sorted[] = {
	    "v0.9.0",      "v1.2",         "1.2.1",  "v1.3.0", "v1.4.0-alpha.0", "v1.4.0-rc.0",
	    "v1.4.0-rc.2", "v1.4.0-rc.10", "v1.4.0", "v1.4.1", "v1.10.0",        "v2.0.0",
	};
	size_t n = sizeof(sorted) / sizeof(sorted[0]);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			int c = kv_trend_version_cmp(sorted[i], sorted[j]);
			if (i < j) {
				assert_true(c < 0);
			} else if (i > j) {
				assert_true(c > 0);
			} else {
				assert_int_equal(c, 0);
			}
		}
	}
	assert_int_equal(kv_trend_version_cmp("v1.3.0", "1.3.0"), 0);
	assert_true(kv_trend_version_cmp("1.9", "1.10") < 0);
	assert_true(kv_trend_version_cmp(NULL, "1.0") < 0);
	assert_true(kv_trend_version_cmp("1.0.0+build.2", "1.0.0+build.10") < 0);
	/* leading zeros: equal value, fewer zeros first, never equal */
	assert_true(kv_trend_version_cmp("1.01", "1.1") > 0);
	/* not versions at all: natural order still */
	assert_true(kv_trend_version_cmp("build-9", "build-10") < 0);
	assert_true(kv_trend_version_cmp("abc", "abd") < 0);
}

/* ---- order files ---- */

static void test_orderfile(void **state)
{
	(void)state;
	struct kv_trend_orderfile f;
	struct kv_error err;
	const char text[] = "# commits, oldest first\n"
			    "  0123456789abcdef\r\n"
			    "\n"
			    "fedcba9876543210\n"
			    "1111111aaaa\n"
			    "1111111bbbb";

	kv_error_clear(&err);
	assert_int_equal(kv_trend_orderfile_parse(text, strlen(text), "c.txt", &f, &err), 0);
	assert_int_equal(f.n, 4);
	assert_string_equal(f.keys[0], "0123456789abcdef");
	assert_int_equal(f.line[0], 2);
	assert_int_equal(f.line[3], 6);
	assert_int_equal(kv_trend_orderfile_find(&f, "fedcba9876543210"), 1);
	/* a short hash finds the full one and the reverse; too short or ambiguous: no */
	assert_int_equal(kv_trend_orderfile_find(&f, "0123456"), 0);
	assert_int_equal(kv_trend_orderfile_find(&f, "fedcba9876543210ffff"), 1);
	assert_int_equal(kv_trend_orderfile_find(&f, "012345"), -1);
	assert_int_equal(kv_trend_orderfile_find(&f, "1111111"), -1);
	assert_int_equal(kv_trend_orderfile_find(&f, "1111111aaaa"), 2);
	kv_trend_orderfile_release(&f);

	const char bad[] = "a\nb\nc d\n";
	assert_int_equal(kv_trend_orderfile_parse(bad, strlen(bad), "o.txt", &f, &err), -1);
	assert_int_equal(err.code, KV_EXIT_DATAERR);
	assert_string_equal(err.where, "o.txt:3:2");
	assert_non_null(
	    strstr(err.msg, "'c d': an order file holds one key a line, without blanks"));

	const char dup[] = "a\nb\n# x\n  a\n";
	assert_int_equal(kv_trend_orderfile_parse(dup, strlen(dup), "o.txt", &f, &err), -1);
	assert_string_equal(err.where, "o.txt:4:3");
	assert_non_null(strstr(err.msg, "line 1"));

	const char ctl[] = "a\n\x1b[31m\n";
	assert_int_equal(kv_trend_orderfile_parse(ctl, strlen(ctl), "o.txt", &f, &err), -1);
	assert_string_equal(err.where, "o.txt:2:1");

	assert_int_equal(kv_trend_orderfile_parse("# only\n\n", 8, "e.txt", &f, &err), -1);
	assert_string_equal(err.where, "e.txt");
	assert_int_equal(kv_trend_orderfile_parse("", 0, "e.txt", &f, &err), -1);
}

/* ---- ordering runs ---- */

static void test_order_runs(void **state)
{
	(void)state;
	struct kv_trend_run r[] = {
	    {5, "2026-01-02T00:00:00Z", "v1.10.0", false, 0},
	    {2, "2026-01-01T00:00:00Z", "v1.9.0", false, 0},
	    {9, "2026-01-01T00:00:00Z", NULL, false, 0}, /* equal time as run 2 */
	    {3, NULL, "v1.9.0", false, 0},
	};

	kv_trend_order_runs(r, 4, KV_TREND_BY_TIME, NULL);
	assert_true(r[0].keyed && r[1].keyed && r[2].keyed && !r[3].keyed);
	assert_int_equal(r[1].rank, 0);
	assert_int_equal(r[2].rank, 0); /* equal timestamps share a rank (ties by id later) */
	assert_int_equal(r[0].rank, 1);
	assert_int_equal(r[3].rank, -1);

	kv_trend_order_runs(r, 4, KV_TREND_BY_VERSION, NULL);
	assert_false(r[2].keyed);
	assert_int_equal(r[1].rank, 0);
	assert_int_equal(r[3].rank, 0);
	assert_int_equal(r[0].rank, 1); /* v1.10.0 after v1.9.0 */

	struct kv_trend_orderfile f;
	struct kv_error err;
	const char text[] = "v1.10.0\nv1.9.0\n";
	assert_int_equal(kv_trend_orderfile_parse(text, strlen(text), "f", &f, &err), 0);
	kv_trend_order_runs(r, 4, KV_TREND_BY_FILE, &f);
	assert_int_equal(r[0].rank, 0); /* the file says v1.10.0 came first */
	assert_int_equal(r[1].rank, 1);
	assert_false(r[2].keyed);
	kv_trend_orderfile_release(&f);
}

/* ---- detection ---- */

static double normal(struct kv_rng *r)
{
	double u = kv_rng_double(r), v = kv_rng_double(r);
	return sqrt(-2 * log1p(-u)) * cos(2 * M_PI * v);
}

/* k series of n runs sharing run ids 1..n in time order. */
struct hist {
	struct kv_series *s;
	double *x;
	size_t *off;
	int64_t *ids;
	struct kv_trend_run *runs;
	char (*t)[24];
	size_t k, n;
};

static void hist_init(struct hist *h, size_t k, size_t n)
{
	h->k = k;
	h->n = n;
	h->s = kv_xcalloc(k, sizeof(*h->s));
	h->x = kv_xcalloc(k * n, sizeof(*h->x));
	h->off = kv_xmalloc((n + 1) * sizeof(*h->off));
	h->ids = kv_xmalloc(n * sizeof(*h->ids));
	h->runs = kv_xcalloc(n, sizeof(*h->runs));
	h->t = kv_xmalloc(n * sizeof(*h->t));
	for (size_t j = 0; j <= n; j++) {
		h->off[j] = j;
	}
	for (size_t j = 0; j < n; j++) {
		h->ids[j] = (int64_t)j + 1;
		snprintf(h->t[j], sizeof(h->t[j]), "2026-02-%02uT00:%02u:00Z",
			 (unsigned)(1 + j / 60 % 28), (unsigned)(j % 60));
		h->runs[j].id = h->ids[j];
		h->runs[j].start_time = h->t[j];
	}
	for (size_t i = 0; i < k; i++) {
		struct kv_series *s = &h->s[i];
		s->config = LIT("nightly");
		s->tool = LIT("fio");
		s->benchmark = LIT("randread");
		s->params = LIT("bs=4k");
		s->metric = LIT("lat");
		s->unit = LIT("s");
		s->direction = LIT("lower");
		s->kind = LIT("sample");
		s->n_runs = n;
		s->run_off = h->off;
		s->run_id = h->ids;
		s->run_mean = h->x + i * n;
	}
	kv_trend_order_runs(h->runs, n, KV_TREND_BY_TIME, NULL);
}

static void hist_release(struct hist *h)
{
	free(h->s);
	free(h->x);
	free(h->off);
	free(h->ids);
	free(h->runs);
	free(h->t);
}

/* Fills series i: level 100, x (1 + step) from run at on, noise cv. */
static void fill(struct hist *h, size_t i, size_t at, double step, double cv, struct kv_rng *r)
{
	for (size_t j = 0; j < h->n; j++) {
		double level = j >= at ? 100 * (1 + step) : 100;
		h->x[i * h->n + j] = level * (1 + cv * normal(r));
	}
}

static void check_verdicts(const struct kv_trend_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		for (size_t j = 0; j < r->s[i].nchanges; j++) {
			const struct kv_trend_change *c = &r->s[i].changes[j];
			/* the verdict is the printed interval's */
			if (c->verdict == KV_WORSE) {
				assert_true(c->cost_lo > 1);
			} else if (c->verdict == KV_BETTER) {
				assert_true(c->cost_hi < 1);
			} else {
				assert_false(c->cost_lo > 1 || c->cost_hi < 1);
			}
			assert_true(c->cost_lo <= c->cost && c->cost <= c->cost_hi);
			assert_true(c->p_adjusted < 0.05);
			assert_true(c->p <= r->alpha_printed);
		}
	}
}

static void test_one_step(void **state)
{
	(void)state;
	struct hist h;
	struct kv_rng rng;
	struct kv_trend_opts o;
	struct kv_trend_result r;
	struct kv_error err;

	kv_rng_seed(&rng, 7);
	hist_init(&h, 2, 40);
	fill(&h, 0, 25, 0.15, 0.02, &rng); /* latency up 15%: a regression */
	fill(&h, 1, 12, -0.10, 0.02, &rng);
	h.s[1].direction = LIT("higher"); /* throughput down 10%: a regression too */
	h.s[1].metric = LIT("iops");
	kv_trend_opts_init(&o);
	o.threads = 1;
	assert_int_equal(kv_trend(h.s, 2, h.runs, 40, &o, &r, &err), 0);
	assert_int_equal(r.nchanges, 2);
	assert_int_equal(r.nregressions, 2);
	assert_int_equal(r.s[0].nchanges, 1);
	const struct kv_trend_change *c = &r.s[0].changes[0];
	assert_int_equal(c->index, 25);
	assert_int_equal(r.s[0].points[c->index].run_id, 26);
	assert_int_equal(c->verdict, KV_WORSE);
	assert_true(c->cost_lo < 1.15 && 1.15 < c->cost_hi);
	assert_int_equal(c->k_splits, 40 - 6 + 1);
	assert_int_equal(r.s[0].nsegments, 2);
	assert_int_equal(r.s[0].segments[0].n, 25);
	assert_int_equal(r.s[0].segments[1].n, 15);
	assert_true(fabs(r.s[0].segments[1].mean / r.s[0].segments[0].mean - c->ratio) < 1e-12);

	c = &r.s[1].changes[0];
	assert_int_equal(c->index, 12);
	assert_int_equal(c->verdict, KV_WORSE);
	assert_true(c->ratio < 1 && c->cost > 1);
	assert_true(fabs(c->cost * c->ratio - 1) < 1e-12);
	assert_true(c->cost_lo < 1 / 0.9 && 1 / 0.9 < c->cost_hi);
	check_verdicts(&r);
	kv_trend_result_release(&r);

	/* the same result on several threads */
	o.threads = 4;
	struct kv_trend_result r2;
	assert_int_equal(kv_trend(h.s, 2, h.runs, 40, &o, &r2, &err), 0);
	assert_int_equal(r2.s[0].changes[0].index, 25);
	assert_int_equal(r2.s[1].changes[0].index, 12);
	kv_trend_result_release(&r2);
	hist_release(&h);
}

static void test_two_steps(void **state)
{
	(void)state;
	struct hist h;
	struct kv_rng rng;
	struct kv_trend_opts o;
	struct kv_trend_result r;
	struct kv_error err;

	kv_rng_seed(&rng, 11);
	hist_init(&h, 1, 50);
	for (size_t j = 0; j < 50; j++) {
		double level = j < 15 ? 100 : j < 35 ? 112 : 95; /* up 12%, then down */
		h.x[j] = level * (1 + 0.02 * normal(&rng));
	}
	kv_trend_opts_init(&o);
	assert_int_equal(kv_trend(h.s, 1, h.runs, 50, &o, &r, &err), 0);
	assert_int_equal(r.s[0].nchanges, 2);
	assert_int_equal(r.s[0].changes[0].index, 15);
	assert_int_equal(r.s[0].changes[1].index, 35);
	assert_int_equal(r.s[0].changes[0].verdict, KV_WORSE);
	assert_int_equal(r.s[0].changes[1].verdict, KV_BETTER);
	assert_int_equal(r.s[0].changes[1].before, 1);
	assert_int_equal(r.s[0].changes[1].after, 2);
	check_verdicts(&r);
	kv_trend_result_release(&r);
	hist_release(&h);
}

/* Step-free histories stay silent: under a fixed seed, 200 series of 60
 * runs with noise of 2-10%, a fifth with an outlier run. */
static void test_step_free(void **state)
{
	(void)state;
	struct hist h;
	struct kv_rng rng;
	struct kv_trend_opts o;
	struct kv_trend_result r;
	struct kv_error err;

	kv_rng_seed(&rng, 2026);
	hist_init(&h, 200, 60);
	for (size_t i = 0; i < 200; i++) {
		fill(&h, i, 60, 0, 0.02 + 0.08 * kv_rng_double(&rng), &rng);
		if (i % 5 == 0) {
			h.x[i * 60 + kv_rng_bounded(&rng, 60)] *= 1.4;
		}
	}
	kv_trend_opts_init(&o);
	assert_int_equal(kv_trend(h.s, 200, h.runs, 60, &o, &r, &err), 0);
	assert_int_equal(r.nchanges, 0);
	assert_int_equal(r.nstable, 200);
	assert_int_equal(r.m, 200);
	kv_trend_result_release(&r);

	/* without adjustment each series is tested at 5%: still at most 5% alarms */
	o.adjust = KV_ADJ_NONE;
	assert_int_equal(kv_trend(h.s, 200, h.runs, 60, &o, &r, &err), 0);
	size_t alarms = 0;
	for (size_t i = 0; i < 200; i++) {
		alarms += r.s[i].nchanges > 0;
	}
	assert_true(alarms <= 10);
	check_verdicts(&r);
	kv_trend_result_release(&r);
	hist_release(&h);
}

static void test_reasons(void **state)
{
	(void)state;
	struct hist h;
	struct kv_rng rng;
	struct kv_trend_opts o;
	struct kv_trend_result r;
	struct kv_error err;

	kv_rng_seed(&rng, 3);
	hist_init(&h, 3, 12);
	fill(&h, 0, 12, 0, 0.05, &rng);
	fill(&h, 1, 12, 0, 0.05, &rng);
	fill(&h, 2, 12, 0, 0.05, &rng);
	h.x[1 * 12 + 4] = 0;     /* a run mean of zero */
	h.s[2].n_runs = 5;       /* five runs only */
	h.runs[7].keyed = false; /* one run without the key */
	kv_trend_opts_init(&o);
	assert_int_equal(kv_trend(h.s, 3, h.runs, 12, &o, &r, &err), 0);
	assert_int_equal(r.s[0].skip, KV_TREND_ANALYSED);
	assert_int_equal(r.s[0].npoints, 11);
	assert_int_equal(r.s[0].n_unkeyed, 1);
	assert_int_equal(r.s[1].skip, KV_TREND_NOT_POSITIVE);
	assert_int_equal(r.s[2].skip, KV_TREND_TOO_FEW);
	assert_string_equal(r.s[2].why_not, "too few runs: 5, at least 8");
	assert_int_equal(r.nskipped, 2);
	assert_int_equal(r.nstable, 1);
	kv_trend_result_release(&r);

	/* since and last leave runs out, and say so */
	o.last = 6;
	assert_int_equal(kv_trend(h.s, 1, h.runs, 12, &o, &r, &err), 0);
	assert_int_equal(r.s[0].skip, KV_TREND_TOO_FEW);
	assert_int_equal(r.s[0].n_filtered, 5);
	assert_int_equal(r.s[0].points[0].run_id, 6);
	kv_trend_result_release(&r);
	o.last = 0;
	o.since = "2026-02-01T00:03";
	assert_int_equal(kv_trend(h.s, 1, h.runs, 12, &o, &r, &err), 0);
	assert_int_equal(r.s[0].n_filtered, 3);
	assert_int_equal(r.s[0].npoints, 8);
	kv_trend_result_release(&r);

	o.since = NULL;
	o.min_segment = 1;
	assert_int_equal(kv_trend(h.s, 1, h.runs, 12, &o, &r, &err), -1);
	assert_int_equal(err.code, KV_EXIT_USAGE);
	kv_trend_result_release(&r);
	hist_release(&h);
}

/* Runs with equal start times are ordered by id, whatever the input order. */
static void test_equal_times(void **state)
{
	(void)state;
	struct hist h;
	struct kv_trend_opts o;
	struct kv_trend_result r;
	struct kv_error err;

	hist_init(&h, 1, 10);
	for (size_t j = 0; j < 10; j++) {
		h.runs[j].start_time = "2026-03-01T00:00:00Z";
		h.x[j] = 100 + (double)j;
	}
	/* the series lists its runs backwards */
	int64_t ids[10];
	double x[10];
	for (size_t j = 0; j < 10; j++) {
		ids[j] = (int64_t)(10 - j);
		x[j] = 100 + (double)(9 - j);
	}
	h.s[0].run_id = ids;
	h.s[0].run_mean = x;
	kv_trend_order_runs(h.runs, 10, KV_TREND_BY_TIME, NULL);
	kv_trend_opts_init(&o);
	assert_int_equal(kv_trend(h.s, 1, h.runs, 10, &o, &r, &err), 0);
	for (size_t j = 0; j < 10; j++) {
		assert_int_equal(r.s[0].points[j].run_id, (int64_t)j + 1);
		assert_true(fabs(r.s[0].points[j].value - (100 + (double)j)) < 1e-12);
	}
	kv_trend_result_release(&r);
	hist_release(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_version_order), cmocka_unit_test(test_orderfile),
	    cmocka_unit_test(test_order_runs),    cmocka_unit_test(test_one_step),
	    cmocka_unit_test(test_two_steps),     cmocka_unit_test(test_step_free),
	    cmocka_unit_test(test_reasons),       cmocka_unit_test(test_equal_times),
	};
	return cmocka_run_group_tests_name("trend", tests, NULL, NULL);
}
