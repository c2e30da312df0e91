/*
 * test_verdicts.c - one coherent set of numbers: the cost-ratio scale on
 * rows and summaries, verdicts that agree with their printed intervals
 * under every option, summaries that keep the correlation of metrics from
 * the same runs and count exact multiples once.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/compare.h"
#include "tests/unit/tcmocka.h"
#include "util/error.h"

/* A study being built: series of one benchmark, each metric in the same
 * runs of each configuration (run ids 1.. for "base", 1001.. for "var"). */
struct study {
	struct kv_series s[16];
	size_t n;
};

static void add(struct study *st, const char *config, const char *metric, const char *dir,
		int64_t id, const double *v, size_t n, int64_t first_run)
{
	struct kv_series *s = &st->s[st->n++];

	memset(s, 0, sizeof(*s));
	s->config = (char *)(uintptr_t)config;
	s->tool = (char *)(uintptr_t) "tool";
	s->benchmark = (char *)(uintptr_t) "bench";
	s->params = (char *)(uintptr_t) "";
	s->metric = (char *)(uintptr_t)metric;
	s->unit = (char *)(uintptr_t) "s";
	s->direction = (char *)(uintptr_t)dir;
	s->kind = (char *)(uintptr_t) "sample";
	s->metric_id = id;
	s->n_runs = n;
	s->run_off = malloc((n + 1) * sizeof(*s->run_off));
	s->run_id = malloc((n ? n : 1) * sizeof(*s->run_id));
	s->values = malloc((n ? n : 1) * sizeof(*s->values));
	for (size_t i = 0; i <= n; i++) {
		s->run_off[i] = i;
	}
	for (size_t i = 0; i < n; i++) {
		s->run_id[i] = first_run + (int64_t)i;
		s->values[i] = v[i];
	}
}

/* One metric: baseline b and variant v, in that order (metric, then config). */
static void metric(struct study *st, const char *name, const char *dir, const double *b, size_t nb,
		   const double *v, size_t nv)
{
	int64_t id = (int64_t)st->n / 2 + 1;

	add(st, "base", name, dir, id, b, nb, 1);
	add(st, "var", name, dir, id, v, nv, 1001);
}

static void study_free(struct study *st)
{
	for (size_t i = 0; i < st->n; i++) {
		free(st->s[i].run_off);
		free(st->s[i].run_id);
		free(st->s[i].values);
	}
	st->n = 0;
}

static void run(struct study *st, struct kv_compare_opts *o, struct kv_compare_result *r)
{
	struct kv_error err;

	o->baseline = "base";
	o->threads = 1;
	if (kv_compare(st->s, st->n, o, r, &err) < 0) {
		fail_msg("kv_compare: %s", err.msg);
	}
}

static void near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol)) {
		fail_msg("got %.17g, want %.17g (tolerance %g)", got, want, tol);
	}
}

static const struct kv_summary_row *summary_all(const struct kv_compare_result *r)
{
	for (size_t i = 0; i < r->nsummary; i++) {
		if (strcmp(r->summary[i].category, "all") == 0) {
			return &r->summary[i];
		}
	}
	fail_msg("no summary row 'all'");
	return NULL;
}

static const double b5[] = {100.4, 99.1, 101.3, 98.7, 100.5};
static const double v5[] = {110.9, 108.6, 111.8, 109.2, 110.0}; /* about +10% */

/* A throughput drop 100 -> 40 is x2.50, +150%; its own change is -60%. */
static void throughput_drop_is_cost_ratio(void **state)
{
	static const double b[] = {99, 100, 101}, v[] = {39.6, 40, 40.4};
	struct study st = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	kv_compare_opts_init(&o);
	metric(&st, "bw", "higher", b, 3, v, 3);
	run(&st, &o, &r);
	near(r.c[0].ratio, 0.4, 1e-12);
	near(r.c[0].cost, 2.5, 1e-12);
	near(r.c[0].overhead_pct, 150, 1e-9);
	near(r.c[0].change_pct, -60, 1e-9);
	/* the interval maps through the same formula: C = 1 / R */
	near(r.c[0].cost_lo, 1 / r.c[0].ratio_hi, 1e-12);
	near(r.c[0].cost_hi, 1 / r.c[0].ratio_lo, 1e-12);
	near(r.c[0].overhead_lo, 100 * (r.c[0].cost_lo - 1), 1e-9);
	assert_int_equal(r.c[0].verdict, KV_WORSE);
	/* the summary of one metric is that row, point and interval */
	const struct kv_summary_row *s = summary_all(&r);
	assert_int_equal(s->s.k, 1);
	assert_int_equal(s->s.method, KV_SUM_ROW);
	near(s->s.cost, 2.5, 1e-12);
	near(s->s.overhead_pct, r.c[0].overhead_pct, 1e-9);
	kv_compare_result_release(&r);
	study_free(&st);
}

/* A latency rise 10 -> 13 ms is x1.30, +30%, and change +30% too. */
static void latency_rise_is_cost_ratio(void **state)
{
	static const double b[] = {9.9, 10, 10.1}, v[] = {12.87, 13, 13.13};
	struct study st = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	kv_compare_opts_init(&o);
	metric(&st, "lat", "lower", b, 3, v, 3);
	run(&st, &o, &r);
	near(r.c[0].cost, 1.3, 1e-12);
	near(r.c[0].overhead_pct, 30, 1e-9);
	near(r.c[0].change_pct, 30, 1e-9);
	kv_compare_result_release(&r);
	study_free(&st);
}

/* Three runs at +10% on one metric: the summary is +10%, with the row's
 * interval (the old summary read +9.1% [+8.5, +9.7]). */
static void summary_of_one_metric_is_its_row(void **state)
{
	static const double b[] = {100, 101, 99}, v[] = {110, 111.1, 108.9};
	struct study st = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	kv_compare_opts_init(&o);
	o.adjust = KV_ADJ_NONE;
	metric(&st, "t", "lower", b, 3, v, 3);
	run(&st, &o, &r);
	const struct kv_summary_row *s = summary_all(&r);
	near(s->s.overhead_pct, 10, 1e-9);
	near(s->s.lo, r.c[0].cost_lo, 1e-12);
	near(s->s.hi, r.c[0].cost_hi, 1e-12);
	assert_true(s->s.lo < 1.1 && s->s.hi > 1.1);
	assert_int_equal(s->verdict, r.c[0].verdict);
	kv_compare_result_release(&r);
	study_free(&st);
}

/* P50, P95 and P99 of the same runs move together: the summary of three
 * such metrics is about as uncertain as one of them, not sqrt(3) times
 * surer, and it claims no significance its rows do not have. */
static void correlated_metrics_do_not_narrow_the_summary(void **state)
{
	static const double b50[] = {21.0, 22.9, 20.1, 19.8, 22.3};
	static const double v50[] = {20.4, 21.9, 19.3, 21.5, 20.8};
	double b95[5], v95[5], b99[5], v99[5];
	struct study st = {0}, apart = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r, ra;

	(void)state;
	for (int i = 0; i < 5; i++) {
		/* not exact multiples: each percentile has a little noise of its own */
		b95[i] = 1.4 * b50[i] + 0.05 * (i % 2);
		v95[i] = 1.4 * v50[i] + 0.04 * (i % 3);
		b99[i] = 1.5 * b50[i] + 0.06 * (i % 3);
		v99[i] = 1.5 * v50[i] + 0.05 * (i % 2);
	}
	kv_compare_opts_init(&o);
	metric(&st, "p50", "lower", b50, 5, v50, 5);
	metric(&st, "p95", "lower", b95, 5, v95, 5);
	metric(&st, "p99", "lower", b99, 5, v99, 5);
	run(&st, &o, &r);
	const struct kv_summary_row *s = summary_all(&r);
	assert_int_equal(s->s.k, 3);
	assert_int_equal(s->s.paired, 3);
	assert_int_equal(s->s.runs_b, 5);
	assert_int_equal(s->s.method, KV_SUM_DELTA);
	for (size_t i = 0; i < r.n; i++) {
		assert_int_equal(r.c[i].verdict, KV_SAME);
	}
	assert_int_equal(s->verdict, KV_SAME);
	/* the same values in runs of their own: a narrower interval */
	metric(&apart, "p50", "lower", b50, 5, v50, 5);
	add(&apart, "base", "p95", "lower", 2, b95, 5, 101);
	add(&apart, "var", "p95", "lower", 2, v95, 5, 1101);
	add(&apart, "base", "p99", "lower", 3, b99, 5, 201);
	add(&apart, "var", "p99", "lower", 3, v99, 5, 1201);
	run(&apart, &o, &ra);
	const struct kv_summary_row *sa = summary_all(&ra);
	assert_int_equal(sa->s.paired, 0);
	near(sa->s.cost, s->s.cost, 1e-12);
	assert_true(sa->s.se_log < 0.75 * s->s.se_log);
	kv_compare_result_release(&r);
	kv_compare_result_release(&ra);
	study_free(&st);
	study_free(&apart);
}

/* fio's bandwidth is its IOPS times the block size, run for run: it counts
 * once in the summary, and the result says what was merged. */
static void exact_multiples_count_once(void **state)
{
	static const double iops_b[] = {5210.5, 5198.25, 5302.75, 5250.0};
	static const double iops_v[] = {4102.0, 4150.5, 4088.25, 4120.75};
	double bw_b[4], bw_v[4];
	struct study st = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	for (int i = 0; i < 4; i++) {
		bw_b[i] = round(iops_b[i] * 4096); /* whole bytes/s, as fio writes */
		bw_v[i] = round(iops_v[i] * 4096);
	}
	kv_compare_opts_init(&o);
	metric(&st, "iops", "higher", iops_b, 4, iops_v, 4);
	metric(&st, "bw", "higher", bw_b, 4, bw_v, 4);
	run(&st, &o, &r);
	assert_int_equal(r.n, 2);
	assert_null(r.c[0].merged_into);
	assert_ptr_equal(r.c[1].merged_into, &r.c[0]);
	near(r.c[1].merge_factor, 4096, 1e-6);
	const struct kv_summary_row *s = summary_all(&r);
	assert_int_equal(s->s.k, 1);
	assert_int_equal(s->merged, 1);
	near(s->s.cost, r.c[0].cost, 1e-12);
	kv_compare_result_release(&r);
	study_free(&st);
}

/* Google Benchmark's bytes_per_second is bytes / cpu_time: higher and lower
 * is better, the same C run for run, so it counts once too. */
static void reciprocals_count_once(void **state)
{
	static const double t_b[] = {461.0, 459.2, 463.5, 460.1};
	static const double t_v[] = {458.8, 462.0, 460.3, 457.9};
	double r_b[4], r_v[4];
	struct study st = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	for (int i = 0; i < 4; i++) {
		r_b[i] = 8192e9 / t_b[i];
		r_v[i] = 8192e9 / t_v[i];
	}
	kv_compare_opts_init(&o);
	metric(&st, "bytes_per_second", "higher", r_b, 4, r_v, 4);
	metric(&st, "cpu_time", "lower", t_b, 4, t_v, 4);
	run(&st, &o, &r);
	assert_ptr_equal(r.c[1].merged_into, &r.c[0]);
	near(r.c[1].merge_factor, -8192e9, 1e3);
	near(r.c[1].cost, r.c[0].cost, 1e-5); /* the mean of 1/x is not 1/mean(x) */
	assert_int_equal(summary_all(&r)->s.k, 1);
	kv_compare_result_release(&r);
	study_free(&st);
}

/* Two metrics that merely move together are not merged. */
static void close_but_not_multiples_stay_apart(void **state)
{
	static const double x_b[] = {10, 11, 12, 13}, x_v[] = {12, 13, 14, 15};
	static const double y_b[] = {20, 22.5, 24, 26}, y_v[] = {24, 26, 28.3, 30};
	struct study st = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	kv_compare_opts_init(&o);
	metric(&st, "x", "lower", x_b, 4, x_v, 4);
	metric(&st, "y", "lower", y_b, 4, y_v, 4);
	run(&st, &o, &r);
	assert_null(r.c[1].merged_into);
	assert_int_equal(summary_all(&r)->s.k, 2);
	kv_compare_result_release(&r);
	study_free(&st);
}

/* The verdict is worse or better exactly when the printed interval lies
 * wholly on one side of zero, and p_adjusted < alpha says the same, for
 * every test, estimator, adjustment and level. */
static void verdicts_agree_with_intervals_under_every_option(void **state)
{
	static const enum kv_test tests[] = {KV_TEST_WELCH, KV_TEST_MANN_WHITNEY};
	static const enum kv_estimator ests[] = {KV_EST_MEAN, KV_EST_MEDIAN};
	static const enum kv_adjust adjs[] = {KV_ADJ_NONE, KV_ADJ_HOLM,       KV_ADJ_BH,
					      KV_ADJ_BY,   KV_ADJ_BONFERRONI, KV_ADJ_HOCHBERG};
	static const double confs[] = {0.9, 0.95, 0.99};
	static const size_t boots[] = {0, 400};
	struct kv_rng g;
	struct study st = {0};
	int rows = 0, decided = 0, p_disagree = 0;

	(void)state;
	kv_rng_seed(&g, 2026);
	/* eight metrics of 5 runs: shifts from none to +28%, CV 3% */
	double b[8][5], v[8][5];
	char names[8][8];
	for (int m = 0; m < 8; m++) {
		for (int i = 0; i < 5; i++) {
			double z1 = kv_qnorm(kv_rng_double(&g) * 0.998 + 0.001);
			double z2 = kv_qnorm(kv_rng_double(&g) * 0.998 + 0.001);
			b[m][i] = 100 * (1 + 0.03 * z1);
			v[m][i] = 100 * (1 + 0.04 * m) * (1 + 0.03 * z2);
		}
		snprintf(names[m], sizeof(names[m]), "m%d", m);
		metric(&st, names[m], m % 2 ? "higher" : "lower", b[m], 5, v[m], 5);
	}
	for (size_t a = 0; a < ARRAY_SIZE(tests); a++) {
		for (size_t e = 0; e < ARRAY_SIZE(ests); e++) {
			for (size_t j = 0; j < ARRAY_SIZE(adjs); j++) {
				for (size_t k = 0; k < ARRAY_SIZE(confs); k++) {
					for (size_t bt = 0; bt < ARRAY_SIZE(boots); bt++) {
						struct kv_compare_opts o;
						struct kv_compare_result r;
						kv_compare_opts_init(&o);
						o.test = tests[a];
						o.estimator = ests[e];
						o.adjust = adjs[j];
						o.confidence = confs[k];
						o.bootstrap = boots[bt];
						run(&st, &o, &r);
						for (size_t i = 0; i < r.n; i++) {
							const struct kv_comparison *c = &r.c[i];
							bool worse = c->overhead_lo > 0,
							     better = c->overhead_hi < 0;
							rows++;
							decided += worse || better;
							if ((c->verdict == KV_WORSE) != worse ||
							    (c->verdict == KV_BETTER) != better) {
								fail_msg(
								    "%s: verdict %s, interval [%g, "
								    "%g]",
								    c->base->metric,
								    kv_verdict_name(c->verdict),
								    c->overhead_lo, c->overhead_hi);
							}
							p_disagree +=
							    (c->p_adjusted < 1 - o.confidence) !=
							    (worse || better);
						}
						kv_compare_result_release(&r);
					}
				}
			}
		}
	}
	assert_int_equal(rows, 8 * 2 * 2 * 6 * 3 * 2);
	if (!(decided > rows / 5 && decided < rows * 4 / 5)) {
		fail_msg("%d of %d rows decided: the data do not test both outcomes", decided,
			 rows);
	}
	/* p comes from the same pivot; only the discrete rank test at tied
	 * boundaries could differ, and these data have no ties */
	assert_int_equal(p_disagree, 0);
	study_free(&st);
}

/* Welch's statistic on Fieller's degrees of freedom: at n = 3 the test and
 * the interval switch at the same shift (they used to disagree near 0.05). */
static void fieller_and_its_test_switch_together(void **state)
{
	static const double b[] = {100, 103, 98}, v0[] = {101, 106, 99};

	(void)state;
	for (double shift = 0; shift < 12; shift += 0.01) {
		double v[3];
		struct study st = {0};
		struct kv_compare_opts o;
		struct kv_compare_result r;
		for (int i = 0; i < 3; i++) {
			v[i] = v0[i] + shift;
		}
		kv_compare_opts_init(&o);
		o.adjust = KV_ADJ_NONE;
		metric(&st, "t", "lower", b, 3, v, 3);
		run(&st, &o, &r);
		const struct kv_comparison *c = &r.c[0];
		if ((c->p < 0.05) != (c->cost_lo > 1)) {
			fail_msg("shift %.2f: p %.6f, interval [%.6f, %.6f]", shift, c->p,
				 c->cost_lo, c->cost_hi);
		}
		kv_compare_result_release(&r);
		study_free(&st);
	}
}

/* With an adjustment the printed interval is the adjusted one: Bonferroni
 * alpha / m; BH's false-coverage-rate level R alpha / m. */
static void adjusted_intervals_have_the_adjusted_level(void **state)
{
	static const double b[] = {100, 101, 99, 100.5, 99.5},
			    same[] = {100.2, 99.4, 100.9, 99.8, 100.1};
	struct study st = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	metric(&st, "a", "lower", b, 5, v5, 5);   /* +10% */
	metric(&st, "b", "lower", b, 5, same, 5); /* nothing */
	metric(&st, "c", "lower", b5, 5, v5, 5);  /* +10% */
	metric(&st, "d", "lower", b5, 5, same, 5);
	kv_compare_opts_init(&o);
	o.adjust = KV_ADJ_BONFERRONI;
	run(&st, &o, &r);
	assert_int_equal(r.m, 4);
	near(r.alpha_printed, 0.05 / 4, 1e-15);
	near(r.c[0].level, 1 - 0.05 / 4, 1e-15);
	assert_true(r.c[0].raw_cost_lo > r.c[0].cost_lo); /* wider than unadjusted */
	kv_compare_result_release(&r);
	o.adjust = KV_ADJ_BH;
	run(&st, &o, &r);
	assert_int_equal(r.c[0].verdict, KV_WORSE);
	assert_int_equal(r.c[2].verdict, KV_WORSE);
	near(r.alpha_printed, 2 * 0.05 / 4, 1e-15); /* two rejections of four */
	kv_compare_result_release(&r);
	study_free(&st);
}

/* A significant +4% within a 5% margin is both: worse and equivalent. */
static void equivalence_does_not_hide_a_difference(void **state)
{
	static const double b[] = {100, 100.2, 99.8, 100.1, 99.9, 100.0};
	static const double v[] = {104, 104.2, 103.8, 104.1, 103.9, 104.0};
	struct study st = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	kv_compare_opts_init(&o);
	o.equivalence_pct = 5;
	metric(&st, "t", "lower", b, 6, v, 6);
	run(&st, &o, &r);
	assert_int_equal(r.c[0].verdict, KV_WORSE);
	assert_int_equal(r.c[0].equivalent, KV_EQUIV_YES);
	near(r.c[0].overhead_pct, 4, 1e-9);
	kv_compare_result_release(&r);
	o.equivalence_pct = 3; /* the same difference is not within 3% */
	run(&st, &o, &r);
	assert_int_equal(r.c[0].equivalent, KV_EQUIV_NO);
	kv_compare_result_release(&r);
	study_free(&st);
}

/* Mann-Whitney's verdict follows the Hodges-Lehmann estimate its interval
 * is built around, not the mean ratio: one low outlier among ten runs of a
 * +10% regression does not make it "better". */
static void rank_verdict_follows_its_own_estimate(void **state)
{
	static const double b[] = {100.3, 99.1,  100.8, 99.6, 100.1,
				   98.9,  101.2, 100.4, 99.7, 100.0};
	static const double v[] = {110.2, 109.5, 111.0, 110.6, 109.1,
				   110.9, 111.4, 108.8, 110.3, 2.0};
	struct study st = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	kv_compare_opts_init(&o);
	o.test = KV_TEST_MANN_WHITNEY;
	metric(&st, "lat", "lower", b, 10, v, 10);
	run(&st, &o, &r);
	const struct kv_comparison *c = &r.c[0];
	assert_int_equal(c->method, KV_METHOD_HL);
	assert_true(c->ratio > 1.08 && c->ratio < 1.12); /* HL, not the mean's 0.99 */
	assert_int_equal(c->verdict, KV_WORSE);
	assert_true(c->cliffs_delta < 0); /* "beats" is lower here: the variant loses */
	assert_true(c->flags & KV_FLAG_OUTLIERS);
	kv_compare_result_release(&r);
	study_free(&st);
}

/* --estimator median: estimate, interval, p and verdict are all medians. */
static void median_estimator_is_one_estimator(void **state)
{
	static const double b[] = {100, 101, 99, 100.5, 99.5, 300};
	static const double v[] = {90, 91, 89, 90.5, 89.5, 92};
	struct study st = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	kv_compare_opts_init(&o);
	o.estimator = KV_EST_MEDIAN;
	metric(&st, "lat", "lower", b, 6, v, 6);
	run(&st, &o, &r);
	const struct kv_comparison *c = &r.c[0];
	assert_int_equal(c->method, KV_METHOD_MEDIAN);
	near(c->ratio, 90.25 / 100.25, 1e-12);
	assert_true(c->cost_lo <= c->cost && c->cost <= c->cost_hi);
	assert_int_equal(c->verdict, KV_BETTER);
	assert_true(c->p_adjusted < 0.05);
	const struct kv_summary_row *s = summary_all(&r);
	near(s->s.cost, c->cost, 1e-12); /* the summary uses medians too */
	kv_compare_result_release(&r);
	study_free(&st);
}

/* A noisy variant near zero: Fieller's lower bound for R is below 0, and
 * no overhead below -100% is printed; higher is better makes C unbounded
 * above instead. */
static void no_overhead_below_minus_100(void **state)
{
	static const double b[] = {10, 10.5, 9.5, 10.2};
	static const double v[] = {0.1, 6, 0.2, 0.3};
	struct study st = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	kv_compare_opts_init(&o);
	metric(&st, "lost", "lower", b, 4, v, 4);
	metric(&st, "rate", "higher", b, 4, v, 4);
	run(&st, &o, &r);
	for (size_t i = 0; i < r.n; i++) {
		assert_true(r.c[i].ratio_lo >= 0);
		assert_true(r.c[i].overhead_lo >= -100);
		assert_true(r.c[i].cost > 0);
	}
	assert_true(isinf(r.c[1].cost_hi));
	kv_compare_result_release(&r);
	study_free(&st);
	/* the summary of that one metric is still its row, open end and all */
	metric(&st, "rate", "higher", b, 4, v, 4);
	o.adjust = KV_ADJ_NONE;
	run(&st, &o, &r);
	const struct kv_summary_row *s = summary_all(&r);
	assert_int_equal(s->s.method, KV_SUM_ROW);
	near(s->s.lo, r.c[0].cost_lo, 1e-12);
	assert_true(isinf(s->s.hi));
	assert_int_equal(s->verdict, r.c[0].verdict);
	kv_compare_result_release(&r);
	study_free(&st);
}

/* Grubbs' rule: clean data are not flagged, an outlying run is. */
static void outliers_flag_is_calibrated(void **state)
{
	struct kv_rng g;
	int flagged = 0;

	(void)state;
	kv_rng_seed(&g, 5);
	for (int t = 0; t < 2000; t++) {
		double x[10];
		for (int i = 0; i < 10; i++) {
			x[i] = kv_qnorm(kv_rng_double(&g) * 0.9998 + 0.0001);
		}
		flagged += kv_grubbs(x, 10, 0.025);
	}
	assert_true(flagged <= 2000 * 0.035); /* 2.5% expected */
	static const double one[] = {0.1, -0.3, 0.5, 0.2, -0.1, 0.0, 0.3, -0.2, 0.4, 6.0};
	assert_true(kv_grubbs(one, 10, 0.025));
}

/* The smallest detectable overhead follows --confidence. */
static void min_detectable_follows_the_level(void **state)
{
	struct study st = {0};
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	metric(&st, "t", "lower", b5, 5, v5, 5);
	kv_compare_opts_init(&o);
	o.adjust = KV_ADJ_NONE;
	run(&st, &o, &r);
	double m95 = r.c[0].mde_pct;
	kv_compare_result_release(&r);
	o.confidence = 0.99;
	run(&st, &o, &r);
	assert_true(r.c[0].mde_pct > 1.2 * m95);
	kv_compare_result_release(&r);
	study_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(throughput_drop_is_cost_ratio),
	    cmocka_unit_test(latency_rise_is_cost_ratio),
	    cmocka_unit_test(summary_of_one_metric_is_its_row),
	    cmocka_unit_test(correlated_metrics_do_not_narrow_the_summary),
	    cmocka_unit_test(exact_multiples_count_once),
	    cmocka_unit_test(reciprocals_count_once),
	    cmocka_unit_test(close_but_not_multiples_stay_apart),
	    cmocka_unit_test(verdicts_agree_with_intervals_under_every_option),
	    cmocka_unit_test(fieller_and_its_test_switch_together),
	    cmocka_unit_test(adjusted_intervals_have_the_adjusted_level),
	    cmocka_unit_test(equivalence_does_not_hide_a_difference),
	    cmocka_unit_test(rank_verdict_follows_its_own_estimate),
	    cmocka_unit_test(median_estimator_is_one_estimator),
	    cmocka_unit_test(no_overhead_below_minus_100),
	    cmocka_unit_test(outliers_flag_is_calibrated),
	    cmocka_unit_test(min_detectable_follows_the_level),
	};
	return cmocka_run_group_tests_name("verdicts", tests, NULL, NULL);
}
