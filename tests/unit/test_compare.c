/*
 * test_compare.c - kvperf compare: its JSON equals what the statistics
 * library computes from the stored samples; directions; properties that
 * any correct overhead must have; reproducible bootstrap.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/compare.h"
#include "ingest/ingest.h"
#include "schema/db.h"
#include "tests/unit/tcmocka.h"
#include "tests/unit/testlib.h"

#ifndef KVPERF_BIN
#error "KVPERF_BIN must name the built kvperf"
#endif

static char *dbpath;     /* the current database of run_json() and samples() */
static char *native_db;  /* sysbench reports converted to the native format */
static char *samples_db; /* ../shared/samples as bundled in examples/samples */

static char *import_into(const char *name, const char *path, bool from_dir)
{
	const char *paths[] = {path};
	struct kv_import_opts opts = {.config_from_dir = from_dir};
	struct kv_import_stats st;
	struct kv_error err;
	struct kv_db *db;
	char *p = t_tmp_path(name);

	if (kv_db_open(p, KV_DB_CREATE, &db, &err) < 0 ||
	    kv_import_paths(db, paths, 1, &opts, NULL, &st, &err) < 0) {
		free(p);
		return NULL;
	}
	kv_db_close(db);
	return p;
}

static int setup(void **state)
{
	(void)state;
	native_db = import_into("cmp.db", EXAMPLES, false);
	samples_db = import_into("samples.db", SAMPLES, true);
	dbpath = native_db;
	return native_db != NULL && samples_db != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(native_db);
	free(samples_db);
	return 0;
}

/* Runs kvperf with args and parses its JSON output. */
static json_t *run_json(const char *args)
{
	char cmd[1024];
	json_error_t err;

	snprintf(cmd, sizeof(cmd), "%s --db '%s' %s", KVPERF_BIN, dbpath, args);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	json_t *j = json_loadf(p, 0, &err);
	assert_int_equal(pclose(p), 0);
	if (j == NULL) {
		fail_msg("%s: %s", cmd, err.text);
	}
	return j;
}

static void close_to(double got, double want, double rel)
{
	if (!(fabs(got - want) <= rel * fabs(want) + 1e-300)) {
		fail_msg("got %.17g, want %.17g", got, want);
	}
}

/* The run means of one config and metric: the samples read with plain SQL,
 * each run's averaged as the documented mean (R's, kv_mean). */
static size_t samples(const char *config, const char *bench, const char *params, const char *metric,
		      double *out)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	size_t n = 0, k = 0;
	int64_t run = -1;
	double v[4096];

	assert_int_equal(sqlite3_open_v2(dbpath, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(h,
			       "SELECT run_id, value FROM samples_v WHERE config = ?1 AND "
			       "benchmark = ?2 AND params = ?3 AND metric = ?4 "
			       "ORDER BY run_id, seq",
			       -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, config, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, bench, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, params, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, metric, -1, SQLITE_STATIC);
	for (;;) {
		int rc = sqlite3_step(st);
		int64_t r = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -2;
		if (r != run && k > 0) {
			out[n++] = kv_mean(v, k);
			k = 0;
		}
		if (rc != SQLITE_ROW || n >= 64) {
			break;
		}
		run = r;
		if (k < 4096) {
			v[k++] = sqlite3_column_double(st, 1);
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static double jnum_of(json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

/* Every comparison of `kvperf compare` equals the library on the run means
 * read back with plain SQL. */
static void check_json_equals_library(size_t want)
{
	json_t *root = run_json("compare --baseline baseline --format json");
	json_t *c;
	size_t i;

	assert_int_equal(json_array_size(json_object_get(root, "comparisons")), want);
	json_array_foreach(json_object_get(root, "comparisons"), i, c)
	{
		const char *b = json_string_value(json_object_get(c, "benchmark"));
		const char *p = json_string_value(json_object_get(c, "params"));
		const char *m = json_string_value(json_object_get(c, "metric"));
		bool higher =
		    strcmp(json_string_value(json_object_get(c, "direction")), "higher") == 0;
		double bv[64], vv[64];
		size_t nb = samples("baseline", b, p, m, bv),
		       nv = samples("constrained", b, p, m, vv);
		double mb = kv_mean(bv, nb), mv = kv_mean(vv, nv);
		struct kv_ttest w;
		struct kv_fieller f;

		if (nb != (size_t)jnum_of(json_object_get(c, "baseline_stats"), "n") ||
		    nv != (size_t)jnum_of(json_object_get(c, "variant_stats"), "n")) {
			fail_msg("%s %s %s: %zu and %zu runs read back", b, p, m, nb, nv);
		}
		kv_ttest(vv, nv, bv, nb, false, 0.95, &w);
		kv_fieller(mb, kv_var(bv, nb) / (double)nb, nb, mv, kv_var(vv, nv) / (double)nv, nv,
			   0.95, &f);
		if (json_is_null(json_object_get(c, "ratio"))) {
			/* no ratio where the baseline mean is not positive, and a flag says so */
			json_t *fl;
			size_t k;
			bool said = false;
			assert_false(mb > 0);
			json_array_foreach(json_object_get(c, "flags"), k, fl)
			{
				said = said || strcmp(json_string_value(fl), "no-ratio") == 0;
			}
			assert_true(said);
			continue;
		}
		close_to(jnum_of(c, "ratio"), mv / mb, 1e-12); /* a few ulps: summation order */
		/* one scale: C = R or 1 / R, overhead (C - 1) x 100, change (R - 1) x 100 */
		double cost = higher ? mb / mv : mv / mb;
		close_to(jnum_of(c, "cost"), cost, 1e-12);
		close_to(jnum_of(c, "overhead_pct"), 100 * (cost - 1), 1e-12);
		close_to(jnum_of(c, "change_pct"), 100 * (mv / mb - 1), 1e-12);
		close_to(jnum_of(json_object_get(c, "baseline_stats"), "mean"), mb, 1e-12);
		/* the printed interval is Fieller's at the adjusted level; the raw one at 95% */
		double level = jnum_of(c, "level");
		struct kv_fieller fa;
		assert_true(level >= 0.95 && level < 1);
		kv_fieller(mb, kv_var(bv, nb) / (double)nb, nb, mv, kv_var(vv, nv) / (double)nv, nv,
			   level, &fa);
		if (f.kind == KV_FIELLER_BOUNDED) {
			json_t *ci = json_object_get(c, "raw_ratio_ci");
			close_to(json_number_value(json_array_get(ci, 0)), fmax(f.lo, 0), 1e-12);
			close_to(json_number_value(json_array_get(ci, 1)), f.hi, 1e-12);
		}
		if (fa.kind == KV_FIELLER_BOUNDED) {
			json_t *ci = json_object_get(c, "ratio_ci"),
			       *oc = json_object_get(c, "overhead_ci");
			double lo = fmax(fa.lo, 0);
			close_to(json_number_value(json_array_get(ci, 0)), lo, 1e-12);
			close_to(json_number_value(json_array_get(ci, 1)), fa.hi, 1e-12);
			double a = higher ? 100 * (1 / fa.hi - 1) : 100 * (lo - 1);
			close_to(json_number_value(json_array_get(oc, 0)), a, 1e-12);
			/* the verdict is read from the interval */
			const char *verdict = a > 0 ? "worse"
					      : json_number_value(json_array_get(oc, 1)) < 0
						  ? "better"
						  : "same";
			if (!isnan(w.p)) {
				assert_string_equal(
				    json_string_value(json_object_get(c, "verdict")), verdict);
			}
		} else if (fa.kind == KV_FIELLER_EXCLUSIVE && fa.lo < 0) {
			/* (-inf, lo] U [hi, +inf) cut at R >= 0: the ray [hi, +inf),
			 * whose verdict agrees with Welch's p */
			json_t *ci = json_object_get(c, "ratio_ci");
			close_to(json_number_value(json_array_get(ci, 0)), fa.hi, 1e-12);
			assert_true(json_is_null(json_array_get(ci, 1)));
			const char *verdict = fa.hi > 1 ? (higher ? "better" : "worse") : "same";
			if (!isnan(w.p)) {
				assert_string_equal(
				    json_string_value(json_object_get(c, "verdict")), verdict);
				assert_true((jnum_of(c, "p_value") < 1 - level) ==
					    (strcmp(verdict, "same") != 0));
			}
		} else {
			assert_true(
			    json_is_null(json_array_get(json_object_get(c, "ratio_ci"), 0)));
		}
		if (isnan(w.p)) {
			assert_true(json_is_null(json_object_get(c, "p_value")));
			assert_true(json_is_null(json_object_get(c, "verdict")));
		} else {
			/* Welch's statistic on Fieller's degrees of freedom */
			close_to(jnum_of(c, "p_value"), 2 * kv_pt(-fabs(w.t), f.df), 1e-12);
		}
	}
	json_decref(root);
}

static void json_equals_library(void **state)
{
	(void)state;
	dbpath = native_db;
	check_json_equals_library(9);
}

/* The real outputs of seven tools in two configurations (../shared/samples):
 * 134 comparisons, stress-ng's cpu stressor alone and beside switch two
 * benchmarks of three metrics each. */
static void json_equals_library_on_the_real_samples(void **state)
{
	(void)state;
	dbpath = samples_db;
	check_json_equals_library(134);
	dbpath = native_db;
}

/* A throughput drop and a latency rise are both positive overhead. */
static void directions(void **state)
{
	dbpath = native_db;
	json_t *root = run_json("compare -b baseline --format json --match 'cpu threads=2'");
	json_t *c;
	size_t i;
	int seen = 0;

	(void)state;
	json_array_foreach(json_object_get(root, "comparisons"), i, c)
	{
		const char *m = json_string_value(json_object_get(c, "metric"));
		double ratio = jnum_of(c, "ratio"), ov = jnum_of(c, "overhead_pct");
		if (strcmp(m, "events_per_second") == 0) {
			assert_true(ratio < 1 && ov > 0); /* 10.5k -> 3.4k events/s */
			assert_string_equal(json_string_value(json_object_get(c, "verdict")),
					    "worse");
			seen++;
		} else if (strcmp(m, "latency_avg") == 0) {
			assert_true(ratio > 1 && ov > 0); /* 190 us -> 586 us */
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	json_decref(root);
}

/* A synthetic series for property tests; free with free_series(). */
static void make(struct kv_series *s, const char *config, const char *dir, const double *v,
		 size_t n, double scale, double shift)
{
	memset(s, 0, sizeof(*s));
	s->config = (char *)(uintptr_t)config;
	s->tool = (char *)(uintptr_t) "t";
	s->benchmark = (char *)(uintptr_t) "b";
	s->params = (char *)(uintptr_t) "";
	s->metric = (char *)(uintptr_t) "m";
	s->unit = (char *)(uintptr_t) "ops/s";
	s->direction = (char *)(uintptr_t)dir;
	s->metric_id = 1;
	s->n_runs = n;
	s->run_off = malloc((n + 1) * sizeof(*s->run_off));
	s->values = malloc(n * sizeof(*s->values));
	for (size_t i = 0; i <= n; i++) {
		s->run_off[i] = i;
	}
	for (size_t i = 0; i < n; i++) {
		s->values[i] = v[i] * scale + shift;
	}
}

static void free_series(struct kv_series *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].run_off);
		free(s[i].values);
	}
}

static const double base[] = {101.2, 99.8, 100.5, 100.9, 99.1, 100.2};
static const double var[] = {95.3, 96.1, 94.8, 95.9, 96.4, 95.0};

static struct kv_comparison one(struct kv_series *s, const char *b, struct kv_compare_opts *o,
				struct kv_compare_result *r)
{
	struct kv_error err;

	o->baseline = b;
	assert_int_equal(kv_compare(s, 2, o, r, &err), 0);
	assert_int_equal(r->n, 1);
	return r->c[0];
}

static void swapping_inverts_the_ratio(void **state)
{
	struct kv_series s[2];
	struct kv_compare_opts o;
	struct kv_compare_result r1, r2;

	(void)state;
	kv_compare_opts_init(&o);
	make(&s[0], "a", "higher", base, 6, 1, 0);
	make(&s[1], "b", "higher", var, 6, 1, 0);
	struct kv_comparison ab = one(s, "a", &o, &r1), ba = one(s, "b", &o, &r2);
	close_to(ba.ratio, 1 / ab.ratio, 1e-14);
	close_to(ba.ratio_lo, 1 / ab.ratio_hi, 1e-12);
	close_to(ba.ratio_hi, 1 / ab.ratio_lo, 1e-12);
	close_to(ba.p, ab.p, 1e-12);
	assert_int_equal(ab.verdict, KV_WORSE);
	assert_int_equal(ba.verdict, KV_BETTER);
	kv_compare_result_release(&r1);
	kv_compare_result_release(&r2);
	free_series(s, 2);
}

static void scaling_leaves_overhead_unchanged(void **state)
{
	struct kv_series s[2], t[2];
	struct kv_compare_opts o;
	struct kv_compare_result r1, r2;

	(void)state;
	kv_compare_opts_init(&o);
	make(&s[0], "a", "lower", base, 6, 1, 0);
	make(&s[1], "b", "lower", var, 6, 1, 0);
	make(&t[0], "a", "lower", base, 6, 1e-6, 0);
	make(&t[1], "b", "lower", var, 6, 1e-6, 0);
	struct kv_comparison x = one(s, "a", &o, &r1), y = one(t, "a", &o, &r2);
	close_to(y.overhead_pct, x.overhead_pct, 1e-9);
	close_to(y.overhead_lo, x.overhead_lo, 1e-9);
	close_to(y.overhead_hi, x.overhead_hi, 1e-9);
	close_to(y.p, x.p, 1e-9);
	assert_true(x.overhead_pct < 0); /* lower is better and the variant is lower */
	kv_compare_result_release(&r1);
	kv_compare_result_release(&r2);
	free_series(s, 2);
	free_series(t, 2);
}

static void identical_samples_plus_a_constant_give_zero(void **state)
{
	struct kv_series s[2];
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	kv_compare_opts_init(&o);
	o.equivalence_pct = 1;
	make(&s[0], "a", "higher", base, 6, 1, 1000);
	make(&s[1], "b", "higher", base, 6, 1, 1000);
	struct kv_comparison c = one(s, "a", &o, &r);
	assert_false(c.overhead_pct < 0 || c.overhead_pct > 0); /* exactly zero */
	assert_true(c.overhead_lo < 0 && c.overhead_hi > 0);
	assert_int_equal(c.verdict, KV_SAME);
	assert_int_equal(c.equivalent, KV_EQUIV_YES);
	kv_compare_result_release(&r);
	free_series(s, 2);
}

static void bootstrap_is_reproducible(void **state)
{
	struct kv_series s[2];
	struct kv_compare_opts o;
	struct kv_compare_result r1, r2, r3;

	(void)state;
	kv_compare_opts_init(&o);
	o.bootstrap = 2000;
	o.seed = 7;
	make(&s[0], "a", "higher", base, 6, 1, 0);
	make(&s[1], "b", "higher", var, 6, 1, 0);
	o.threads = 1;
	struct kv_comparison a = one(s, "a", &o, &r1);
	o.threads = 2;
	struct kv_comparison b = one(s, "a", &o, &r2);
	assert_memory_equal(&a.ratio_lo, &b.ratio_lo, sizeof(double));
	assert_memory_equal(&a.ratio_hi, &b.ratio_hi, sizeof(double));
	o.seed = 8;
	struct kv_comparison c = one(s, "a", &o, &r3);
	assert_true(c.ratio_lo < a.ratio_lo || c.ratio_lo > a.ratio_lo);
	kv_compare_result_release(&r1);
	kv_compare_result_release(&r2);
	kv_compare_result_release(&r3);
	free_series(s, 2);
	/* and through the command line, byte for byte */
	json_t *x = run_json("compare -b baseline --bootstrap 1000 --seed 5 --format json");
	json_t *y =
	    run_json("compare -b baseline --bootstrap 1000 --seed 5 --format json --threads 1");
	assert_true(json_equal(x, y));
	json_decref(x);
	json_decref(y);
}

static void mann_whitney_three_vs_three_says_it_cannot_decide(void **state)
{
	struct kv_series s[2];
	struct kv_compare_opts o;
	struct kv_compare_result r;

	(void)state;
	kv_compare_opts_init(&o);
	o.test = KV_TEST_MANN_WHITNEY;
	make(&s[0], "a", "higher", base, 3, 1, 0);
	make(&s[1], "b", "higher", var, 3, 1, 0);
	struct kv_comparison c = one(s, "a", &o, &r);
	close_to(c.min_p, 0.1, 1e-12);
	close_to(c.p, 0.1, 1e-12);
	assert_int_equal(c.verdict, KV_SAME);
	assert_true(c.flags & KV_FLAG_FEW_SAMPLES);
	kv_compare_result_release(&r);
	free_series(s, 2);
}

static void configurations_must_exist(void **state)
{
	struct kv_series s[2];
	struct kv_compare_opts o;
	struct kv_compare_result r;
	struct kv_error err;

	(void)state;
	kv_compare_opts_init(&o);
	make(&s[0], "bm", "higher", base, 3, 1, 0);
	make(&s[1], "kv", "higher", var, 3, 1, 0);
	o.baseline = "nope";
	assert_int_equal(kv_compare(s, 2, &o, &r, &err), -1);
	assert_string_equal(err.msg,
			    "no configuration 'nope' for the baseline; the database has: bm, kv");
	o.baseline = "bm";
	const char *v[] = {"kv", "zz"};
	o.variants = v;
	o.nvariants = 2;
	assert_int_equal(kv_compare(s, 2, &o, &r, &err), -1);
	assert_string_equal(err.msg,
			    "no configuration 'zz' for the variant; the database has: bm, kv");
	s[1].metric_id = 2; /* the variant measured something else */
	o.nvariants = 1;
	assert_int_equal(kv_compare(s, 2, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, "no benchmark and metric is in both"));
	free_series(s, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(json_equals_library),
	    cmocka_unit_test(json_equals_library_on_the_real_samples),
	    cmocka_unit_test(directions),
	    cmocka_unit_test(swapping_inverts_the_ratio),
	    cmocka_unit_test(scaling_leaves_overhead_unchanged),
	    cmocka_unit_test(identical_samples_plus_a_constant_give_zero),
	    cmocka_unit_test(bootstrap_is_reproducible),
	    cmocka_unit_test(mann_whitney_three_vs_three_says_it_cannot_decide),
	    cmocka_unit_test(configurations_must_exist),
	};
	return cmocka_run_group_tests_name("compare", tests, setup, teardown);
}
