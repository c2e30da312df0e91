/* test_layout.c - axis ticks, label fitting and colours (render/layout.c). */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "render/layout.h"
#include "tests/unit/tcmocka.h"

static void close(double got, double want)
{
	if (!(fabs(got - want) <= 1e-9 * fmax(1, fabs(want)))) {
		fail_msg("got %.17g, want %.17g", got, want);
	}
}

static void ticks_are_1_2_5_steps(void **state)
{
	struct kv_ticks t;

	(void)state;
	kv_ticks_linear(0, 10, 5, &t);
	close(t.step, 2);
	assert_int_equal(t.n, 6);
	close(t.v[0], 0);
	close(t.v[5], 10);
	kv_ticks_linear(-12.7, 52.1, 6, &t); /* an overhead axis */
	close(t.step, 20);
	close(t.lo, -20);
	close(t.hi, 60);
	kv_ticks_linear(0.00019, 0.00039, 4, &t); /* latencies in seconds */
	close(t.step, 5e-5);
	close(t.lo, 1.5e-4);
	close(t.hi, 4e-4);
	kv_ticks_linear(3, 3, 5, &t); /* a constant: still an axis around it */
	assert_true(t.lo < 3 && t.hi > 3);
	for (size_t i = 0; i < t.n; i++) {
		assert_false(signbit(t.v[i]) && !(t.v[i] < 0)); /* no "-0" tick */
	}
}

static void log_ticks_at_decades(void **state)
{
	struct kv_ticks t;

	(void)state;
	assert_true(kv_wants_log(4, 1024));
	assert_false(kv_wants_log(1, 9));
	assert_false(kv_wants_log(-1, 1000));
	kv_ticks_log(4, 1024, &t); /* 1, 10, 100, 1000, 10000: covers 1024 */
	assert_true(t.log);
	assert_int_equal(t.n, 5);
	close(t.v[0], 1);
	close(t.v[4], 10000);
	kv_ticks_log(2, 9, &t); /* one decade: 1, 2, 5, 10 */
	assert_int_equal(t.n, 4);
	close(t.v[1], 2);
	close(t.v[2], 5);
}

/* A cost axis: log of C, ticks at round overheads, never at or below -100%. */
static void cost_ticks_are_round_overheads(void **state)
{
	struct kv_ticks t;

	(void)state;
	kv_ticks_cost(0.97, 1.12, &t); /* near 1: -5%, 0, +5%, +10%, +15% */
	assert_true(t.log);
	assert_int_equal(t.n, 5);
	close(t.v[0], 0.95);
	close(t.v[1], 1);
	close(t.v[4], 1.15);
	kv_ticks_cost(1.02, 1.08, &t); /* C = 1 is always on the axis */
	close(t.v[0], 1);
	kv_ticks_cost(0.6, 3.5, &t); /* three doublings, and 1.5 x 2^k between */
	static const double mid[] = {0.5, 0.75, 1, 1.5, 2, 3, 4};
	assert_int_equal(t.n, 7);
	for (size_t i = 0; i < t.n; i++) {
		close(t.v[i], mid[i]);
	}
	close(t.lo, 0.5);
	close(t.hi, 4);
	kv_ticks_cost(0.9, 30.04, &t); /* +2904%: doublings, -50% to +3100% */
	assert_int_equal(t.n, 7);
	close(t.v[0], 0.5);
	close(t.v[1], 1);
	close(t.v[6], 32);
	kv_ticks_cost(0.004, 3000, &t); /* powers of ten: -99.9% to +9900% */
	close(t.v[0], 0.001);
	close(t.v[t.n - 1], 10000);
	for (size_t i = 0; i < t.n; i++) {
		assert_true(t.v[i] > 0);
	}
	kv_ticks_cost(0.92, 2.0, &t); /* no tick left empty at an end: -25% to +100% */
	assert_int_equal(t.n, 4);
	close(t.lo, 0.75);
	close(t.v[2], 1.5);
	close(t.hi, 2);
	kv_ticks_cost(NAN, INFINITY, &t); /* nothing to show: an axis at 1 all the same */
	assert_true(t.n >= 2 && t.lo < 1 && t.hi > 1);
}

/* One column a byte, except a UTF-8 continuation byte, like a monospace font. */
static double mono(void *ctx, const char *s)
{
	double w = 0;

	(void)ctx;
	for (; *s; s++) {
		w += ((unsigned char)*s & 0xc0) != 0x80;
	}
	return w;
}

static void labels_are_shortened_with_an_ellipsis(void **state)
{
	char out[64];

	(void)state;
	kv_fit_label("read_iops", 20, mono, NULL, out, sizeof(out));
	assert_string_equal(out, "read_iops");
	kv_fit_label("read_iops \xc2\xb7 fio randread-bs4k", 12, mono, NULL, out, sizeof(out));
	assert_string_equal(out, "read_iops \xc2\xb7\xe2\x80\xa6");
	assert_true(mono(NULL, out) <= 12);
	kv_fit_label("\xc2\xb5\xc2\xb5\xc2\xb5\xc2\xb5", 3, mono, NULL, out, sizeof(out));
	assert_string_equal(out, "\xc2\xb5\xc2\xb5\xe2\x80\xa6"); /* never half a character */
	kv_fit_label("abc", 0, mono, NULL, out, sizeof(out));
	assert_string_equal(out, "\xe2\x80\xa6");
}

/* Hue in degrees (HSV) of a colour. */
static double hue(struct kv_rgb c)
{
	double mx = fmax(c.r, fmax(c.g, c.b)), mn = fmin(c.r, fmin(c.g, c.b)), d = mx - mn, h;

	if (!(d > 0)) {
		return NAN;
	} else if (!(c.r < mx)) {
		h = fmod((c.g - c.b) / d, 6);
	} else if (!(c.g < mx)) {
		h = (c.b - c.r) / d + 2;
	} else {
		h = (c.r - c.g) / d + 4;
	}
	return fmod(60 * h + 360, 360);
}

static double hue_distance(double a, double b)
{
	double d = fabs(a - b);

	return d > 180 ? 360 - d : d;
}

/* A colour means a verdict or a configuration, never both. */
static void configuration_colours_are_not_verdict_colours(void **state)
{
	(void)state;
	struct kv_rgb base = kv_palette(0);
	close(base.r + base.g + base.b, 0); /* the baseline is black, not grey */
	for (size_t i = 1; i < 6; i++) {
		struct kv_rgb c = kv_palette(i);
		double s = fmax(c.r, fmax(c.g, c.b)) - fmin(c.r, fmin(c.g, c.b));
		assert_true(s > 0.2); /* not a grey, so not "no significant change" */
		assert_true(hue_distance(hue(c), hue(kv_color_worse())) >= 30);
		assert_true(hue_distance(hue(c), hue(kv_color_better())) >= 30);
		for (size_t j = 0; j < i; j++) { /* and each its own */
			struct kv_rgb o = kv_palette(j);
			assert_true(fabs(o.r - c.r) + fabs(o.g - c.g) + fabs(o.b - c.b) > 0.3);
		}
	}
	close(kv_palette(7).g, kv_palette(1).g); /* six, then they repeat */
	struct kv_rgb c = kv_diverging(0, 50);
	close(c.r + c.g + c.b, 3);
	c = kv_diverging(50, 50);
	close(c.r, kv_color_worse().r);
	c = kv_diverging(-500, 50); /* clamped */
	close(c.b, kv_color_better().b);
}

static void labels_of(double lo, double hi, bool log, const char *unit, char (*out)[KV_TICK_LABEL],
		      struct kv_ticks *t)
{
	if (log) {
		kv_ticks_log(lo, hi, t);
	} else {
		kv_ticks_linear(lo, hi, 5, t);
	}
	kv_tick_labels(t, unit, out);
}

static void assert_all_differ(const struct kv_ticks *t, char (*out)[KV_TICK_LABEL])
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t j = i + 1; j < t->n; j++) {
			if (strcmp(out[i], out[j]) == 0) {
				fail_msg("ticks %zu and %zu both read '%s'", i, j, out[i]);
			}
		}
	}
}

/* The labels of one axis never read alike, and share one prefix. */
static void tick_labels_differ_and_share_a_prefix(void **state)
{
	char out[KV_MAX_TICKS][KV_TICK_LABEL];
	struct kv_ticks t;

	(void)state;
	/* five ticks near 1 Gbit/s: not five "1.00 Gbit/s" */
	labels_of(0.9991e9, 1.0009e9, false, "bits/s", out, &t);
	assert_true(t.n >= 4);
	assert_all_differ(&t, out);
	assert_string_equal(out[0], "0.9990 Gbit/s");
	/* latencies in µs around zero: "0 µs", never "0.00 s" */
	labels_of(-12e-6, 58e-6, false, "s", out, &t);
	assert_all_differ(&t, out);
	bool zero = false;
	for (size_t i = 0; i < t.n; i++) {
		assert_non_null(strstr(out[i], "\xc2\xb5s"));
		zero = zero || strcmp(out[i], "0 \xc2\xb5s") == 0;
	}
	assert_true(zero);
	assert_string_equal(out[0], "-20 \xc2\xb5s");
	/* three seconds and a little: not five "3.00 s" */
	labels_of(3.0001, 3.0009, false, "s", out, &t);
	assert_all_differ(&t, out);
	/* a log axis: each decade its own prefix */
	labels_of(2e-7, 3e-3, true, "s", out, &t);
	assert_string_equal(out[0], "100 ns");
	assert_string_equal(out[1], "1 \xc2\xb5s");
	assert_string_equal(out[4], "1 ms");
	/* a parameter's plain numbers */
	kv_ticks_log2(1024, 65536, &t);
	kv_tick_labels(&t, NULL, out);
	assert_string_equal(out[0], "1024");
	assert_string_equal(out[t.n - 1], "65536");
	kv_ticks_linear(0, 1, 5, &t);
	kv_tick_labels(&t, NULL, out);
	assert_string_equal(out[0], "0");
	assert_string_equal(out[1], "0.2");
	/* many ranges, every unit: never two alike */
	static const char *const units[] = {"s",     "bytes/s", "bits/s", "ops/s",
					    "count", "percent", "cores",  NULL};
	unsigned long long x = 42;
	for (int k = 0; k < 4000; k++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		double mag = pow(10, (double)((x >> 33) % 24) - 12);
		double lo = mag * (double)((x >> 20) % 1000) / 100;
		double width = mag * pow(10, -(double)((x >> 12) % 6)) * (1 + (double)(x % 97));
		bool log = (x >> 40) % 4 == 0;
		labels_of(lo, lo + width, log && lo > 0, units[(x >> 50) % 8], out, &t);
		assert_all_differ(&t, out);
	}
}

/* Integer parameters get whole ticks; a sweep picks its scale. */
static void integer_ticks_and_parameter_scales(void **state)
{
	struct kv_ticks t;

	(void)state;
	kv_ticks_integer(1, 2, 5, &t); /* threads 1 and 2: not 1.2, 1.4 ... */
	assert_int_equal(t.n, 2);
	close(t.v[0], 1);
	close(t.v[1], 2);
	kv_ticks_integer(0, 1000, 5, &t);
	close(t.step, 200);
	kv_ticks_integer(3, 3, 5, &t);
	for (size_t i = 0; i < t.n; i++) {
		close(t.v[i], round(t.v[i]));
	}
	kv_ticks_log2(1024, 65536, &t); /* 1024 .. 65536, not a linear 0 .. 80000 */
	assert_true(t.log);
	close(t.lo, 1024);
	close(t.hi, 65536);
	assert_int_equal(t.n, 7);
	kv_ticks_log2(1, 1 << 30, &t); /* at most ten or so */
	assert_true(t.n <= 11);
	close(t.lo, 1);
	static const double gb[] = {1024, 65536}, thr[] = {1, 2}, lvl[] = {1, 5, 9};
	static const double frac[] = {0.5, 1.5}, wide[] = {0.01, 0.5, 10};
	assert_int_equal(kv_param_scale(gb, 2), KV_SCALE_LOG2);
	assert_int_equal(kv_param_scale(thr, 2), KV_SCALE_CATEGORY);
	assert_int_equal(kv_param_scale(lvl, 3), KV_SCALE_CATEGORY);
	assert_int_equal(kv_param_scale(frac, 2), KV_SCALE_LINEAR);
	assert_int_equal(kv_param_scale(wide, 3), KV_SCALE_LOG10);
}

/* A cost axis shows every point, and intervals up to two doublings beyond. */
static void cost_range_keeps_every_point(void **state)
{
	const double c[] = {3806, 0.38, 1.5, NAN, 2};
	const double lo[] = {3645, 0.14, 1e-9, NAN, 1.9};
	const double hi[] = {3980, 0.8, INFINITY, NAN, 1e6};
	double a, b;

	(void)state;
	kv_cost_range(c, lo, hi, 5, &a, &b);
	close(a, 0.14); /* the interval to 1e-9 is not: an arrow */
	close(b, 3980); /* nor the one to 1e6 */
	kv_cost_range(c + 2, lo + 2, hi + 2, 1, &a, &b);
	close(a, 1); /* C = 1 always; the end at 1e-9 is too far */
	close(b, 1.5);
	kv_cost_range(c + 3, lo + 3, hi + 3, 1, &a, &b);
	close(a, 1);
	close(b, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ticks_are_1_2_5_steps),
	    cmocka_unit_test(log_ticks_at_decades),
	    cmocka_unit_test(cost_ticks_are_round_overheads),
	    cmocka_unit_test(labels_are_shortened_with_an_ellipsis),
	    cmocka_unit_test(configuration_colours_are_not_verdict_colours),
	    cmocka_unit_test(tick_labels_differ_and_share_a_prefix),
	    cmocka_unit_test(integer_ticks_and_parameter_scales),
	    cmocka_unit_test(cost_range_keeps_every_point),
	};
	return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
