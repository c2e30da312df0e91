/* test_layout.c - axis ticks, label fitting and colours (render/layout.c). */
#include <math.h>
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

static void colours_are_okabe_ito_and_diverge_from_white(void **state)
{
	(void)state;
	struct kv_rgb c = kv_palette(1);
	close(c.r, 0);
	close(c.g, 0x72 / 255.0);
	close(c.b, 0xB2 / 255.0);
	c = kv_palette(9); /* wraps after eight */
	close(c.g, kv_palette(1).g);
	c = kv_diverging(0, 50);
	close(c.r + c.g + c.b, 3);
	c = kv_diverging(50, 50);
	close(c.r, kv_color_worse().r);
	c = kv_diverging(-500, 50); /* clamped */
	close(c.b, kv_color_better().b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ticks_are_1_2_5_steps),
	    cmocka_unit_test(log_ticks_at_decades),
	    cmocka_unit_test(cost_ticks_are_round_overheads),
	    cmocka_unit_test(labels_are_shortened_with_an_ellipsis),
	    cmocka_unit_test(colours_are_okabe_ito_and_diverge_from_white),
	};
	return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
