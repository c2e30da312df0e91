/*
 * test_stats.c - every statistic against R: ../shared/stats-golden/cases.json.
 *
 * For each case the test computes everything kvperf computes into a JSON
 * object with R's field names, then walks the golden object and compares
 * field by field with the tolerances of the golden README.  A field or case
 * added there is tested without code changes: a golden field kvperf does
 * not compute fails as "not computed".
 */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "tests/unit/tcmocka.h"
#include "util/error.h"

#ifndef GOLDEN_DIR
#error "GOLDEN_DIR must name the stats-golden directory (tests/data/stats-golden)"
#endif

/* Bootstrap replicates, as the golden README asks (hierarchical too). */
#define B_BOOT 200000

static json_t *golden;
static int failures;

static int load_golden(void **state)
{
	json_error_t err;

	(void)state;
	golden = json_load_file(GOLDEN_DIR "/cases.json", 0, &err);
	if (golden == NULL) {
		fprintf(stderr, "cannot read %s/cases.json: %s\n", GOLDEN_DIR, err.text);
		return -1;
	}
	return 0;
}

static int free_golden(void **state)
{
	(void)state;
	json_decref(golden);
	return 0;
}

/* ---- building our results ---- */

static json_t *num(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *pair(double a, double b)
{
	if (!isfinite(a) || !isfinite(b)) {
		return json_null();
	}
	return json_pack("[f, f]", a, b);
}

static double *doubles(json_t *arr, size_t *n)
{
	size_t i;
	json_t *v;
	double *x = malloc((json_array_size(arr) + 1) * sizeof(*x));

	json_array_foreach(arr, i, v)
	{
		x[i] = json_number_value(v);
	}
	*n = json_array_size(arr);
	return x;
}

static json_t *describe(const double *x, size_t n)
{
	struct kv_desc d;

	kv_describe(x, n, &d);
	return json_pack(
	    "{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:{s:o, s:o, s:o, s:o, s:I, s:I}, s:o}",
	    "n", (json_int_t)d.n, "mean", num(d.mean), "sd", num(d.sd), "var", num(d.var), "median",
	    num(d.median), "min", num(d.min), "max", num(d.max), "q25", num(d.q25), "q75",
	    num(d.q75), "q90", num(d.q90), "q99", num(d.q99), "iqr", num(d.iqr), "mad", num(d.mad),
	    "cv", num(d.cv), "gmean", num(d.gmean), "tukey", "lower_inner",
	    num(d.tukey.lower_inner), "upper_inner", num(d.tukey.upper_inner), "lower_outer",
	    num(d.tukey.lower_outer), "upper_outer", num(d.tukey.upper_outer), "n_mild",
	    (json_int_t)d.tukey.n_mild, "n_severe", (json_int_t)d.tukey.n_severe, "n_mad_outliers",
	    d.n_mad_outliers < 0 ? json_null() : json_integer(d.n_mad_outliers));
}

/* The golden file's overhead_pct is the performance-loss scale of its time
 * (1 - ratio when higher is better); kvperf now reports 100 (C - 1), checked
 * in test_compare.c.  This reproduces the file's own definition. */
static double overhead(double ratio, bool higher)
{
	return higher ? 100 * (1 - ratio) : 100 * (ratio - 1);
}

static json_t *boot(const double *v, size_t nv, const double *b, size_t nb, enum kv_boot_stat st,
		    uint64_t seed)
{
	struct kv_boot o;

	kv_boot_ratio(v, nv, b, nb, st, B_BOOT, seed, 0.95, &o);
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "estimate", num(o.estimate), "perc95",
			 pair(o.perc_lo, o.perc_hi), "bca95", pair(o.bca_lo, o.bca_hi), "bca_a",
			 num(o.a), "bca_z0", num(o.z0));
}

static json_t *compare(const double *v, size_t nv, const double *b, size_t nb, bool higher)
{
	struct kv_ttest w, w99, st, lg;
	struct kv_fieller f, f99;
	struct kv_mw mw;
	struct kv_hl hl, hll;
	double mb = kv_mean(b, nb), mv = kv_mean(v, nv), vb = kv_var(b, nb), vv = kv_var(v, nv);
	double ratio = mv / mb, ov = overhead(ratio, higher);
	json_t *o = json_object();

	kv_ttest(v, nv, b, nb, false, 0.95, &w);
	kv_ttest(v, nv, b, nb, false, 0.99, &w99);
	kv_ttest(v, nv, b, nb, true, 0.95, &st);
	kv_ttest_log(v, nv, b, nb, 0.95, &lg);
	kv_fieller(mb, vb / (double)nb, nb, mv, vv / (double)nv, nv, 0.95, &f);
	kv_fieller(mb, vb / (double)nb, nb, mv, vv / (double)nv, nv, 0.99, &f99);
	kv_mann_whitney(v, nv, b, nb, &mw);
	kv_hodges_lehmann(v, nv, b, nb, 0.95, &hl);
	json_object_set_new(o, "ratio", num(ratio));
	json_object_set_new(o, "change_pct", num(100 * (ratio - 1)));
	json_object_set_new(o, "overhead_pct", num(ov));
	json_object_set_new(o, "verdict",
			    isnan(w.p)
				? json_null()
				: json_string(w.p < 0.05 ? (ov > 0 ? "worse" : "better") : "~"));
	json_object_set_new(o, "diff", num(mv - mb));
	json_object_set_new(o, "welch_t", num(w.t));
	json_object_set_new(o, "welch_df", num(w.df));
	json_object_set_new(o, "welch_p", num(w.p));
	json_object_set_new(o, "welch_se", num(w.se));
	json_object_set_new(o, "diff_ci95", pair(w.lo, w.hi));
	json_object_set_new(o, "diff_ci99", pair(w99.lo, w99.hi));
	json_object_set_new(o, "naive_ratio_ci95", pair(1 + w.lo / mb, 1 + w.hi / mb));
	json_object_set_new(o, "student_t", num(st.t));
	json_object_set_new(o, "student_df", num(st.df));
	json_object_set_new(o, "student_p", num(st.p));
	json_object_set_new(o, "student_diff_ci95", pair(st.lo, st.hi));
	json_object_set_new(
	    o, "pooled_sd",
	    num(sqrt(((double)(nb - 1) * vb + (double)(nv - 1) * vv) / (double)(nb + nv - 2))));
	json_object_set_new(o, "ministat_pct_halfwidth95",
			    num(kv_ministat_pct(v, nv, b, nb, 0.95)));
	json_object_set_new(o, "fieller_df", num(f.df));
	json_object_set_new(o, "fieller_g", num(f.g));
	json_object_set_new(o, "fieller_kind", json_string(kv_fieller_kind_name(f.kind)));
	bool bounded = f.kind == KV_FIELLER_BOUNDED;
	json_object_set_new(o, "fieller_ci95", bounded ? pair(f.lo, f.hi) : json_null());
	json_object_set_new(o, "fieller_exclusive95",
			    f.kind == KV_FIELLER_EXCLUSIVE ? pair(f.lo, f.hi) : json_null());
	json_object_set_new(o, "fieller_ci99",
			    f99.kind == KV_FIELLER_BOUNDED ? pair(f99.lo, f99.hi) : json_null());
	double oa = overhead(f.lo, higher), ob = overhead(f.hi, higher);
	json_object_set_new(o, "overhead_ci95",
			    bounded ? pair(fmin(oa, ob), fmax(oa, ob)) : json_null());
	json_object_set_new(o, "gm_ratio", num(lg.diff));
	json_object_set_new(o, "logratio_t", num(lg.t));
	json_object_set_new(o, "logratio_df", num(lg.df));
	json_object_set_new(o, "logratio_p", num(lg.p));
	json_object_set_new(o, "logratio_ci95", pair(lg.lo, lg.hi));
	json_object_set_new(o, "mw_w", num(mw.w));
	json_object_set_new(o, "mw_u_baseline", num((double)nv * (double)nb - mw.w));
	json_object_set_new(o, "mw_exact", json_boolean(mw.exact));
	json_object_set_new(o, "mw_p", num(mw.p));
	json_object_set_new(o, "mw_p_exact", num(mw.p_exact));
	json_object_set_new(o, "mw_p_exact_conditional", num(mw.p_exact_cond));
	json_object_set_new(o, "mw_z_cc", num(mw.z_cc));
	json_object_set_new(o, "mw_sigma", num(mw.sigma));
	json_object_set_new(o, "mw_p_normal_cc", num(mw.p_normal_cc));
	json_object_set_new(o, "mw_p_normal_nocc", num(mw.p_normal_nocc));
	json_object_set_new(o, "mw_min_p_exact", num(mw.min_p_exact));
	json_object_set_new(o, "hl_estimate", num(hl.estimate));
	json_object_set_new(o, "hl_estimate_r", num(hl.estimate));
	json_object_set_new(o, "hl_ci95", pair(hl.lo, hl.hi));
	json_object_set_new(o, "hl_ci95_conf_level", num(hl.conf_level));
	json_object_set_new(o, "hl_ci95_exact_limits", pair(hl.lo, hl.hi));
	json_object_set_new(o, "hl_ci95_index",
			    json_pack("[I, I]", (json_int_t)hl.ilo, (json_int_t)hl.ihi));
	/* Rank-based ratio: Hodges-Lehmann on the logarithms. */
	bool positive = true;
	double *lv = malloc(nv * sizeof(*lv)), *lb = malloc(nb * sizeof(*lb));
	for (size_t i = 0; i < nv; i++) {
		positive = positive && v[i] > 0;
		lv[i] = log(v[i]);
	}
	for (size_t i = 0; i < nb; i++) {
		positive = positive && b[i] > 0;
		lb[i] = log(b[i]);
	}
	kv_hodges_lehmann(lv, nv, lb, nb, 0.95, &hll);
	json_object_set_new(o, "hl_log_ratio", positive ? num(exp(hll.estimate)) : json_null());
	json_object_set_new(o, "hl_log_ratio_ci95",
			    positive ? pair(exp(hll.lo), exp(hll.hi)) : json_null());
	free(lv);
	free(lb);
	json_object_set_new(o, "mde_pct", num(kv_mde_pct(w.se, w.df, mb)));
	return o;
}

/* ---- comparing ---- */

static void fail_at(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail_at(const char *path, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "# %s: ", path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	failures++;
}

/* Tolerance rule for a field: abs + rel * |want|. */
struct tol {
	double rel, abs;
};

static void cmp(const char *path, json_t *want, json_t *got, struct tol t, json_t *mc_sd);

static void cmp_number(const char *path, double want, json_t *got, struct tol t)
{
	if (got == NULL || json_is_null(got)) {
		fail_at(path, "want %.17g, got null", want);
		return;
	}
	if (json_is_boolean(got)) {
		fail_at(path, "want %.17g, got a boolean", want);
		return;
	}
	double g = json_number_value(got);
	if (!(fabs(g - want) <= t.abs + t.rel * fabs(want) + 1e-300)) {
		fail_at(path, "want %.17g, got %.17g (diff %.3g)", want, g, fabs(g - want));
	}
}

static void cmp(const char *path, json_t *want, json_t *got, struct tol t, json_t *mc_sd)
{
	char sub[512];

	if (json_is_null(want)) {
		if (got != NULL && !json_is_null(got)) {
			fail_at(path, "want null (not available), got a value");
		}
		return;
	}
	if (got == NULL) {
		fail_at(path, "not computed");
		return;
	}
	if (json_is_number(want)) {
		struct tol tt = t;
		if (mc_sd != NULL && json_is_number(mc_sd)) {
			tt.abs += 4 * json_number_value(mc_sd);
		}
		if (json_is_integer(want) && !json_is_real(got) && mc_sd == NULL && t.abs <= 0) {
			if (!json_is_integer(got) ||
			    json_integer_value(got) != json_integer_value(want)) {
				fail_at(path, "want %lld exactly",
					(long long)json_integer_value(want));
			}
			return;
		}
		cmp_number(path, json_number_value(want), got, tt);
	} else if (json_is_string(want) || json_is_boolean(want)) {
		if (!json_equal(want, got)) {
			char *g = json_dumps(got, JSON_ENCODE_ANY);
			fail_at(path, "want %s, got %s",
				json_is_string(want) ? json_string_value(want)
						     : (json_is_true(want) ? "true" : "false"),
				g);
			free(g);
		}
	} else if (json_is_array(want)) {
		size_t i;
		json_t *w;
		if (!json_is_array(got) || json_array_size(got) != json_array_size(want)) {
			fail_at(path, "want an array of %zu", json_array_size(want));
			return;
		}
		json_array_foreach(want, i, w)
		{
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			cmp(sub, w, json_array_get(got, i), t, json_array_get(mc_sd, i));
		}
	}
}

/* Fields that describe the golden data itself or the inputs, not a statistic. */
static bool informational(const char *key, json_t *value)
{
	static const char *const keys[] = {"B", "seed", "boot_pkg", "note", "name", "direction"};

	if (json_is_array(value) && (strcmp(key, "baseline") == 0 || strcmp(key, "variant") == 0)) {
		return true; /* the samples themselves */
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(key, keys[i]) == 0) {
			return true;
		}
	}
	return strncmp(key, "mc_sd_", 6) == 0;
}

/* Walks a golden object; per-key tolerances follow the golden README. */
static void cmp_object(const char *path, json_t *want, json_t *got, bool mw_exact, bool boot)
{
	const char *key;
	json_t *w;
	char sub[512];

	json_object_foreach(want, key, w)
	{
		struct tol t = {1e-9, 0};
		json_t *mc = NULL;

		if (informational(key, w)) {
			continue;
		}
		snprintf(sub, sizeof(sub), "%s.%s", path, key);
		if (json_is_object(w)) {
			bool is_boot =
			    strncmp(key, "boot_", 5) == 0 || strncmp(key, "hboot_", 6) == 0;
			cmp_object(sub, w, json_object_get(got, key), mw_exact, is_boot);
			continue;
		}
		if (strcmp(key, "bca_a") == 0) {
			t.abs = 1e-12;
		}
		if (!mw_exact &&
		    (strcmp(key, "hl_ci95") == 0 || strcmp(key, "hl_estimate_r") == 0 ||
		     strcmp(key, "hl_log_ratio_ci95") == 0)) {
			t.abs = 2e-4; /* R's uniroot(tol = 1e-4) */
		}
		if (boot && strcmp(key, "estimate") != 0 && strcmp(key, "bca_a") != 0) {
			char mckey[64];
			snprintf(mckey, sizeof(mckey), "mc_sd_%s_B20000", key);
			mc = json_object_get(want, mckey);
			if (mc == NULL) {
				mc = json_object_get(want, "mc_sd_B20000");
			}
			if (strcmp(key, "bca_z0") == 0) {
				/* z0 = qnorm(fraction below): its Monte Carlo sd, both runs */
				double z = json_number_value(w);
				t.abs =
				    4 * sqrt(2 * 0.25 / B_BOOT) / exp(-z * z / 2) * sqrt(2 * M_PI);
			}
			if (strcmp(key, "ci95") == 0 || strcmp(key, "perc95") == 0 ||
			    strcmp(key, "bca95") == 0) {
				/* a bootstrap interval without its mc_sd is not expected */
				if (mc == NULL) {
					fail_at(sub, "no Monte Carlo sd in the golden file");
				}
			}
		}
		cmp(sub, w, got != NULL ? json_object_get(got, key) : NULL, t, mc);
	}
}

/* ---- the tests ---- */

static void two_sample_cases(void **state)
{
	size_t i;
	json_t *c;

	(void)state;
	failures = 0;
	json_array_foreach(json_object_get(golden, "cases"), i, c)
	{
		const char *name = json_string_value(json_object_get(c, "name"));
		bool higher =
		    strcmp(json_string_value(json_object_get(c, "direction")), "higher") == 0;
		size_t nb, nv;
		double *b = doubles(json_object_get(c, "baseline"), &nb);
		double *v = doubles(json_object_get(c, "variant"), &nv);
		json_t *want_cmp = json_object_get(c, "compare");
		json_t *got =
		    json_pack("{s:o, s:o, s:o}", "baseline_stats", describe(b, nb), "variant_stats",
			      describe(v, nv), "compare", compare(v, nv, b, nb, higher));
		json_t *gc = json_object_get(got, "compare");
		json_t *bm = json_object_get(want_cmp, "boot_ratio_mean");
		json_t *bd = json_object_get(want_cmp, "boot_ratio_median");
		if (bm != NULL) {
			json_object_set_new(
			    gc, "boot_ratio_mean",
			    boot(v, nv, b, nb, KV_BOOT_MEAN,
				 (uint64_t)json_integer_value(json_object_get(bm, "seed"))));
		}
		if (bd != NULL) {
			json_object_set_new(
			    gc, "boot_ratio_median",
			    boot(v, nv, b, nb, KV_BOOT_MEDIAN,
				 (uint64_t)json_integer_value(json_object_get(bd, "seed"))));
		}
		bool exact = json_is_true(json_object_get(want_cmp, "mw_exact"));
		char path[128];
		snprintf(path, sizeof(path), "cases[%s]", name);
		cmp_object(path, c, got, exact, false);
		json_decref(got);
		free(b);
		free(v);
	}
	assert_int_equal(failures, 0);
}

static struct kv_runs runs_of(json_t *arr, double ***rows, size_t **ns)
{
	size_t j, n = json_array_size(arr);
	json_t *run;
	struct kv_runs r;

	*rows = malloc(n * sizeof(**rows));
	*ns = malloc(n * sizeof(**ns));
	json_array_foreach(arr, j, run)
	{
		(*rows)[j] = doubles(run, &(*ns)[j]);
	}
	r.iter = (const double *const *)*rows;
	r.n_iter = *ns;
	r.n_runs = n;
	return r;
}

static json_t *levels_json(const struct kv_runs *x)
{
	struct kv_levels l;
	double *means = malloc(x->n_runs * sizeof(*means));
	json_t *rm = json_array();

	kv_levels(x, 0.95, means, &l);
	for (size_t j = 0; j < x->n_runs; j++) {
		json_array_append_new(rm, json_real(means[j]));
	}
	free(means);
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "n_runs",
			 (json_int_t)l.n_runs, "n_iter", (json_int_t)l.n_iter, "run_means", rm,
			 "grand_mean", num(l.grand_mean), "S1sq", num(l.s1sq), "S2sq", num(l.s2sq),
			 "T1sq", num(l.s1sq), "T2sq", num(l.t2sq), "mean_ci95",
			 pair(l.mean_lo, l.mean_hi), "flat_mean_ci95", pair(l.flat_lo, l.flat_hi),
			 "opt_iter_cost10", num(l.opt_iter_10), "opt_iter_cost100",
			 num(l.opt_iter_100));
}

static void flatten(const struct kv_runs *x, double **out, size_t *n)
{
	*n = 0;
	for (size_t j = 0; j < x->n_runs; j++) {
		*n += x->n_iter[j];
	}
	*out = malloc(*n * sizeof(**out));
	for (size_t j = 0, k = 0; j < x->n_runs; j++) {
		for (size_t i = 0; i < x->n_iter[j]; i++) {
			(*out)[k++] = x->iter[j][i];
		}
	}
}

static void hierarchical_cases(void **state)
{
	size_t i;
	json_t *c;

	(void)state;
	failures = 0;
	json_array_foreach(json_object_get(golden, "hierarchical_cases"), i, c)
	{
		double **rb, **rv, *fb, *fv, lo, hi;
		size_t *nb, *nv, nfb, nfv;
		struct kv_runs b = runs_of(json_object_get(c, "baseline_runs"), &rb, &nb);
		struct kv_runs v = runs_of(json_object_get(c, "variant_runs"), &rv, &nv);
		bool higher =
		    strcmp(json_string_value(json_object_get(c, "direction")), "higher") == 0;
		json_t *want = json_object_get(c, "compare");
		double *mb = malloc(b.n_runs * sizeof(*mb)), *mv = malloc(v.n_runs * sizeof(*mv));
		struct kv_levels lb, lv;
		struct kv_ttest w, lg, fw;
		struct kv_fieller f, ff;

		kv_levels(&b, 0.95, mb, &lb);
		kv_levels(&v, 0.95, mv, &lv);
		kv_ttest(mv, v.n_runs, mb, b.n_runs, false, 0.95, &w);
		kv_ttest_log(mv, v.n_runs, mb, b.n_runs, 0.95, &lg);
		kv_fieller(kv_mean(mb, b.n_runs), kv_var(mb, b.n_runs) / (double)b.n_runs, b.n_runs,
			   kv_mean(mv, v.n_runs), kv_var(mv, v.n_runs) / (double)v.n_runs, v.n_runs,
			   0.95, &f);
		flatten(&b, &fb, &nfb);
		flatten(&v, &fv, &nfv);
		kv_ttest(fv, nfv, fb, nfb, false, 0.95, &fw);
		kv_fieller(kv_mean(fb, nfb), kv_var(fb, nfb) / (double)nfb, nfb, kv_mean(fv, nfv),
			   kv_var(fv, nfv) / (double)nfv, nfv, 0.95, &ff);
		double ratio = lv.grand_mean / lb.grand_mean;
		json_t *gc = json_pack(
		    "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "ratio", num(ratio),
		    "overhead_pct", num(overhead(ratio, higher)), "runs_welch_t", num(w.t),
		    "runs_welch_df", num(w.df), "runs_welch_p", num(w.p), "runs_fieller_df",
		    num(f.df), "runs_fieller_ci95", pair(f.lo, f.hi), "runs_logratio_ci95",
		    pair(lg.lo, lg.hi), "flat_welch_p", num(fw.p), "flat_welch_df", num(fw.df),
		    "flat_fieller_ci95", pair(ff.lo, ff.hi));
		json_t *h2 = json_object_get(want, "hboot_two_level");
		json_t *h1 = json_object_get(want, "hboot_runs_only");
		kv_boot_runs(&v, &b, true, B_BOOT,
			     (uint64_t)json_integer_value(json_object_get(h2, "seed")), 0.95, &lo,
			     &hi);
		json_object_set_new(gc, "hboot_two_level",
				    json_pack("{s:o}", "ci95", pair(lo, hi)));
		kv_boot_runs(&v, &b, false, B_BOOT,
			     (uint64_t)json_integer_value(json_object_get(h1, "seed")), 0.95, &lo,
			     &hi);
		json_object_set_new(gc, "hboot_runs_only",
				    json_pack("{s:o}", "ci95", pair(lo, hi)));
		json_t *got = json_pack("{s:o, s:o, s:o}", "baseline", levels_json(&b), "variant",
					levels_json(&v), "compare", gc);
		char path[128];
		snprintf(path, sizeof(path), "hierarchical_cases[%s]",
			 json_string_value(json_object_get(c, "name")));
		json_t *want_top = json_deep_copy(c);
		json_object_del(want_top, "baseline_runs");
		json_object_del(want_top, "variant_runs");
		json_object_del(want_top, "name");
		json_object_del(want_top, "direction");
		cmp_object(path, want_top, got, true, false);
		json_decref(want_top);
		json_decref(got);
		for (size_t j = 0; j < b.n_runs; j++) {
			free(rb[j]);
		}
		for (size_t j = 0; j < v.n_runs; j++) {
			free(rv[j]);
		}
		free(rb), free(rv), free(nb), free(nv), free(fb), free(fv), free(mb), free(mv);
	}
	assert_int_equal(failures, 0);
}

/* The summary is on the cost scale C = 1 / the golden file's performance
 * ratio p; with every case in runs of its own, its standard error is the
 * golden delta method's, so exp(log G -+ z se) is ci95_delta inverted. */
static void summary_across_cases(void **state)
{
	json_t *want = json_object_get(golden, "summary"),
	       *cases = json_object_get(golden, "cases");
	size_t k = json_array_size(cases), i;
	struct kv_sum_case *sc = calloc(k, sizeof(*sc));
	json_t *c, *ratios = json_array();
	struct kv_summary s;

	(void)state;
	failures = 0;
	json_array_foreach(cases, i, c)
	{
		sc[i].b = doubles(json_object_get(c, "baseline"), &sc[i].nb);
		sc[i].v = doubles(json_object_get(c, "variant"), &sc[i].nv);
		sc[i].higher_better =
		    strcmp(json_string_value(json_object_get(c, "direction")), "higher") == 0;
		json_array_append_new(ratios, json_real(1 / kv_cost_ratio(&sc[i])));
	}
	kv_summarize(sc, k, 0, 1, 0.95, &s);
	assert_int_equal(s.method, KV_SUM_DELTA);
	assert_int_equal(s.paired, 0);
	size_t nb = 0;
	for (i = 0; i < k; i++) {
		nb += sc[i].nb;
	}
	assert_int_equal(s.runs_b, nb); /* no run ids: every value a run of its own */
	double z = kv_qnorm(0.975), lg = log(s.cost);
	json_t *got =
	    json_pack("{s:o, s:o, s:o, s:o, s:o}", "performance_ratio", ratios, "geomean",
		      num(1 / s.cost), "geomean_overhead_pct", num(100 * (1 - 1 / s.cost)),
		      "ci95_delta", pair(exp(-lg - z * s.se_log), exp(-lg + z * s.se_log)),
		      "ci95_between", pair(1 / s.between_hi, 1 / s.between_lo));
	json_t *w = json_deep_copy(want);
	json_object_del(w, "cases");
	json_object_del(w, "boot_B");
	json_object_del(w, "ci95_boot_perc");
	json_object_del(w, "mc_sd_boot_perc_B20000");
	cmp_object("summary", w, got, true, false);
	/* the printed interval uses t on Satterthwaite's df, so it is wider */
	assert_true(s.df > 1 && s.lo < exp(lg - z * s.se_log) && s.hi > exp(lg + z * s.se_log));
	assert_true(fabs(s.overhead_pct - 100 * (s.cost - 1)) <= 1e-12 * fabs(s.overhead_pct));
	json_decref(w);
	json_decref(got);
	for (i = 0; i < k; i++) {
		free((double *)(uintptr_t)sc[i].b);
		free((double *)(uintptr_t)sc[i].v);
	}
	free(sc);
	assert_int_equal(failures, 0);
}

/* The bootstrap's p inverts its own interval: p < 1 - conf exactly when
 * the interval at conf excludes the value, for BCa and percentile alike. */
static void bootstrap_p_inverts_the_interval(void **state)
{
	static const double b[] = {101.2, 99.8, 100.5, 100.9, 99.1, 100.2};
	static const double v[] = {102.3, 101.1, 99.9, 103.0, 101.8, 100.7};
	static const double confs[] = {0.8, 0.9, 0.95, 0.99, 0.999};
	struct kv_boot_dist d;
	int checked = 0, excluded = 0;

	(void)state;
	for (int st = 0; st < 2; st++) {
		kv_boot_ratio_dist(v, 6, b, 6, st ? KV_BOOT_MEDIAN : KV_BOOT_MEAN, 4000, 11, &d);
		for (int pass = 0; pass < 2; pass++) {
			if (pass == 1) {
				d.z0 = d.a = NAN; /* percentile */
			}
			for (double x = 0.99; x < 1.04; x += 0.0005) {
				double p = kv_boot_dist_p(&d, x), lo, hi;
				for (size_t k = 0; k < ARRAY_SIZE(confs); k++) {
					kv_boot_dist_interval(&d, confs[k], &lo, &hi);
					bool out = x < lo || x > hi;
					excluded += out;
					checked++;
					if (out != (p < 1 - confs[k])) {
						fail_msg("x %.4f conf %g: [%.6f, %.6f] but p %.6g",
							 x, confs[k], lo, hi, p);
					}
				}
			}
		}
		kv_boot_dist_release(&d);
	}
	assert_true(excluded > checked / 10 && excluded < checked * 9 / 10);
}

static void p_adjustments(void **state)
{
	static const struct {
		const char *key;
		enum kv_adjust m;
	} methods[] = {{"holm", KV_ADJ_HOLM},
		       {"bh", KV_ADJ_BH},
		       {"bonferroni", KV_ADJ_BONFERRONI},
		       {"hochberg", KV_ADJ_HOCHBERG},
		       {"by", KV_ADJ_BY}};
	json_t *sets = json_copy(json_object_get(golden, "p_adjust_sets"));
	size_t s;
	json_t *set;

	(void)state;
	failures = 0;
	json_array_insert(sets, 0, json_object_get(golden, "p_adjust"));
	json_array_foreach(sets, s, set)
	{
		size_t n;
		double *p = doubles(json_object_get(set, "p"), &n), *out = malloc(n * sizeof(*out));
		for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
			json_t *want = json_object_get(set, methods[m].key);
			json_t *got = json_array();
			char path[64];
			if (want == NULL) {
				continue;
			}
			kv_p_adjust(p, n, methods[m].m, out);
			for (size_t i = 0; i < n; i++) {
				json_array_append_new(got, num(out[i]));
			}
			snprintf(path, sizeof(path), "p_adjust_sets[%zu].%s", s, methods[m].key);
			cmp(path, want, got, (struct tol){1e-9, 0}, NULL);
			json_decref(got);
		}
		/* every method in the golden set is known */
		const char *key;
		json_t *v;
		json_object_foreach(set, key, v)
		{
			bool known = strcmp(key, "p") == 0;
			for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
				known = known || strcmp(key, methods[m].key) == 0;
			}
			if (!known) {
				fail_at(key, "an adjustment kvperf does not compute");
			}
		}
		free(p);
		free(out);
	}
	json_decref(sets);
	assert_int_equal(failures, 0);
}

/* A row's inputs and each output column, by table. */
static void distribution_tables(void **state)
{
	static const char *const tables[] = {"qt",    "pt",     "qnorm",   "pnorm",
					     "pbeta", "lgamma", "pwilcox", "qwilcox"};
	(void)state;
	failures = 0;
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		size_t i;
		json_t *row;
		json_array_foreach(json_object_get(golden, tables[t]), i, row)
		{
			const char *tb = tables[t];
			double p = json_number_value(json_object_get(row, "p"));
			double x = json_number_value(json_object_get(row, "x"));
			double df = json_number_value(json_object_get(row, "df"));
			int m = (int)json_integer_value(json_object_get(row, "m"));
			int n = (int)json_integer_value(json_object_get(row, "n"));
			double q = json_number_value(json_object_get(row, "q"));
			json_t *got = json_object();
			if (strcmp(tb, "qt") == 0) {
				json_object_set_new(got, "qt", num(kv_qt(p, df)));
			} else if (strcmp(tb, "pt") == 0) {
				json_object_set_new(got, "pt", num(kv_pt(x, df)));
				json_object_set_new(got, "pt_upper", num(kv_pt_upper(x, df)));
			} else if (strcmp(tb, "qnorm") == 0) {
				json_object_set_new(got, "qnorm", num(kv_qnorm(p)));
			} else if (strcmp(tb, "pnorm") == 0) {
				json_object_set_new(got, "pnorm", json_real(kv_pnorm(x)));
				json_object_set_new(got, "pnorm_upper",
						    json_real(kv_pnorm_upper(x)));
			} else if (strcmp(tb, "pbeta") == 0) {
				json_object_set_new(
				    got, "pbeta",
				    num(kv_pbeta(x, json_number_value(json_object_get(row, "a")),
						 json_number_value(json_object_get(row, "b")))));
			} else if (strcmp(tb, "lgamma") == 0) {
				json_object_set_new(got, "lgamma", num(kv_lgamma(x)));
			} else if (strcmp(tb, "pwilcox") == 0) {
				json_object_set_new(got, "pwilcox", num(kv_pwilcox(q, m, n)));
				json_object_set_new(got, "pwilcox_upper",
						    num(kv_pwilcox_upper(q, m, n)));
			} else {
				json_object_set_new(got, "qwilcox",
						    json_integer(kv_qwilcox(p, m, n)));
			}
			/* the inputs come back as they are */
			const char *key;
			json_t *v;
			json_object_foreach(row, key, v)
			{
				if (json_object_get(got, key) == NULL) {
					json_object_set(got, key, v);
				}
			}
			char path[64];
			snprintf(path, sizeof(path), "%s[%zu]", tb, i);
			cmp_object(path, row, got, true, false);
			json_decref(got);
		}
	}
	assert_int_equal(failures, 0);
}

static uint64_t u64(json_t *s)
{
	return strtoull(json_string_value(s), NULL, 10);
}

/* ../shared/stats-golden/rng.json: the generator, bit for bit. */
static void rng_vectors(void **state)
{
	json_error_t err;
	json_t *r = json_load_file(GOLDEN_DIR "/rng.json", 0, &err), *v;
	struct kv_rng g;
	uint64_t st = 0;
	size_t i;

	(void)state;
	assert_non_null(r);
	json_array_foreach(json_object_get(r, "splitmix64_seed0"), i, v)
	{
		assert_true(kv_splitmix64(&st) == u64(v));
	}
	kv_rng_seed(&g, 20261124);
	json_array_foreach(json_object_get(r, "xoshiro256ss_seed20261124_state"), i, v)
	{
		assert_true(g.s[i] == u64(v));
	}
	json_array_foreach(json_object_get(r, "xoshiro256ss_seed20261124"), i, v)
	{
		assert_true(kv_rng_next(&g) == u64(v));
	}
	kv_rng_seed(&g, 20261124);
	json_array_foreach(json_object_get(r, "xoshiro256ss_seed20261124_doubles"), i, v)
	{
		double d = kv_rng_double(&g);
		assert_memory_equal(&d, &(double){json_real_value(v)}, sizeof(d));
	}
	kv_rng_seed(&g, 20261124);
	json_array_foreach(json_object_get(r, "xoshiro256ss_seed20261124_bounded7"), i, v)
	{
		assert_int_equal(kv_rng_bounded(&g, 7), json_integer_value(v));
	}
	kv_rng_seed(&g, 20261124);
	kv_rng_jump(&g);
	json_array_foreach(json_object_get(r, "xoshiro256ss_seed20261124_after_jump_state"), i, v)
	{
		assert_true(g.s[i] == u64(v));
	}
	/* The fully specified bootstrap: same draws, same replicates, same interval. */
	json_t *ex = json_object_get(r, "bootstrap_example");
	size_t nb, nv;
	double *b = doubles(json_object_get(ex, "baseline"), &nb);
	double *vv = doubles(json_object_get(ex, "variant"), &nv);
	struct kv_boot o;
	kv_rng_seed(&g, (uint64_t)json_integer_value(json_object_get(ex, "seed")));
	json_array_foreach(json_object_get(ex, "first_indices_baseline"), i, v)
	{
		assert_int_equal(kv_rng_bounded(&g, nb), json_integer_value(v));
	}
	kv_boot_ratio(vv, nv, b, nb, KV_BOOT_MEAN,
		      (size_t)json_integer_value(json_object_get(ex, "B")),
		      (uint64_t)json_integer_value(json_object_get(ex, "seed")), 0.95, &o);
	json_t *perc = json_object_get(ex, "perc95");
	assert_memory_equal(&o.perc_lo, &(double){json_real_value(json_array_get(perc, 0))},
			    sizeof(double));
	assert_memory_equal(&o.perc_hi, &(double){json_real_value(json_array_get(perc, 1))},
			    sizeof(double));
	free(b);
	free(vv);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(distribution_tables),
	    cmocka_unit_test(rng_vectors),
	    cmocka_unit_test(two_sample_cases),
	    cmocka_unit_test(hierarchical_cases),
	    cmocka_unit_test(summary_across_cases),
	    cmocka_unit_test(p_adjustments),
	    cmocka_unit_test(bootstrap_p_inverts_the_interval),
	};
	return cmocka_run_group_tests_name("stats", tests, load_golden, free_golden);
}
