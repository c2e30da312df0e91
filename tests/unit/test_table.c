/* test_table.c - text alignment by display width, CSV quoting, control
 * characters escaped in every format, formula-like CSV cells neutralised. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/format.h"
#include "render/table.h"
#include "tests/unit/tcmocka.h"

static char *render(void (*print)(struct kv_table *, FILE *), struct kv_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	print(t, f);
	fclose(f);
	return buf;
}

static void as_text(struct kv_table *t, FILE *f)
{
	kv_table_print_text(t, f, "");
}

static void as_csv(struct kv_table *t, FILE *f)
{
	kv_table_print_csv(t, f);
}

static void text_aligns_by_display_width(void **state)
{
	const char *head[] = {"name", "value"};
	const bool right[] = {false, true};
	struct kv_table *t = kv_table_new(2, head, right);
	const char *r1[] = {"latency \xc2\xb5s", "5"};
	const char *r2[] = {"x", "12345"};

	(void)state;
	kv_table_add(t, r1);
	kv_table_add(t, r2);
	char *s = render(as_text, t);
	assert_string_equal(s, "name        value\n"
			       "latency \xc2\xb5s      5\n"
			       "x           12345\n");
	free(s);
	kv_table_free(t);
	assert_int_equal(kv_display_width("\xc2\xb5s"), 2);
}

static void as_markdown(struct kv_table *t, FILE *f)
{
	kv_table_print_markdown(t, f);
}

/* A line break in a cell is escaped, so a CSV row is always one line. */
static void csv_quotes_what_needs_it(void **state)
{
	const char *head[] = {"a", "b"};
	struct kv_table *t = kv_table_new(2, head, NULL);
	const char *r1[] = {"plain", "with,comma"};
	const char *r2[] = {"say \"hi\"", "two\nlines"};
	const char *r3[] = {NULL, ""};

	(void)state;
	kv_table_add(t, r1);
	kv_table_add(t, r2);
	kv_table_add(t, r3);
	assert_int_equal(kv_table_rows(t), 3);
	char *s = render(as_csv, t);
	assert_string_equal(s, "a,b\nplain,\"with,comma\"\n\"say \"\"hi\"\"\",two\\x0alines\n,\n");
	free(s);
	kv_table_free(t);
	kv_table_free(NULL);
}

/* Control characters in cells and headers never reach the output raw, in
 * any format; text columns count an escape by the width it is printed at. */
static void every_format_escapes_control_characters(void **state)
{
	const char *head[] = {"name\x1b[2J", "n"};
	const bool right[] = {false, true};
	struct kv_table *t = kv_table_new(2, head, right);
	const char *r1[] = {"\x1b]0;x\x07|\xc2\x9b", "1"};
	const char *r2[] = {"\xe6\x97\xa5\xc2\xb5\xff", "22"};
	char *s;

	(void)state;
	kv_table_add(t, r1);
	kv_table_add(t, r2);
	s = render(as_text, t);
	assert_string_equal(s, "name\\x1b[2J             n\n"
			       "\\x1b]0;x\\x07|\\xc2\\x9b   1\n"
			       "\xe6\x97\xa5\xc2\xb5\\xff                22\n");
	free(s);
	s = render(as_markdown, t);
	assert_string_equal(s, "| name\\x1b[2J | n |\n"
			       "| --- | ---: |\n"
			       "| \\x1b]0;x\\x07\\|\\xc2\\x9b | 1 |\n"
			       "| \xe6\x97\xa5\xc2\xb5\\xff | 22 |\n");
	free(s);
	s = render(as_csv, t);
	assert_string_equal(s, "name\\x1b[2J,n\n"
			       "\\x1b]0;x\\x07|\\xc2\\x9b,1\n"
			       "\xe6\x97\xa5\xc2\xb5\\xff,22\n");
	free(s);
	kv_table_free(t);
	assert_int_equal(kv_display_width("\x1b"), 4);
	assert_int_equal(kv_display_width("a\xc2\x9b"), 9);
	/* 日 takes two cells, µ one, the bad byte four */
	assert_int_equal(kv_display_width("\xe6\x97\xa5\xc2\xb5\xff"), 7);
}

/* Terminal cells: East Asian wide and fullwidth characters take two, a
 * combining mark none, as terminals draw them. */
static void display_width_counts_cells(void **state)
{
	(void)state;
	assert_int_equal(kv_display_width("abc"), 3);
	assert_int_equal(kv_display_width("\xe8\x99\x9a\xe6\x8b\x9f\xe6\x9c\xba"), 6); /* 虚拟机 */
	assert_int_equal(kv_display_width("\xea\xb0\x80"), 2);     /* 가, Hangul */
	assert_int_equal(kv_display_width("\xef\xbc\xa1"), 2);     /* Ａ, fullwidth */
	assert_int_equal(kv_display_width("\xf0\x9f\x9a\x80"), 2); /* 🚀 */
	assert_int_equal(kv_display_width("e\xcc\x81"), 1);        /* e + combining acute */
	assert_int_equal(kv_display_width("\xc3\x97\xc2\xb5"), 2); /* ×µ */
	assert_int_equal(kv_display_width("\xef\xbd\xa1"), 1);     /* ｡, halfwidth */
	assert_int_equal(kv_char_width(0x4E00), 2);
	assert_int_equal(kv_char_width(0x3000), 2);
	assert_int_equal(kv_char_width(0x303F), 1);
	assert_int_equal(kv_char_width(0x0301), 0);
}

static char *csv_cell(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	kv_csv_field(f, s);
	fclose(f);
	return buf;
}

/* OWASP's rule against CSV injection: a cell starting with =, +, - or @ gets
 * a leading quote, unless it is a plain number. */
static void csv_neutralises_formulas(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"=1+2", "'=1+2"},
	    {"+SUM(A1:A9)", "'+SUM(A1:A9)"},
	    {"-bench", "'-bench"},
	    {"@metric", "'@metric"},
	    {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
	    {"\t=1", "\\x09=1"}, /* tab and CR are escaped: no longer first */
	    {"\r=1", "\\x0d=1"},
	    {"-", "'-"},
	    {"-e5", "'-e5"},
	    {"1-2", "1-2"},
	    {"a=b", "a=b"},
	    {"-0.5", "-0.5"},
	    {"+3", "+3"},
	    {"1e-3", "1e-3"},
	    {"-2.5E+10", "-2.5E+10"},
	    {"-.5", "-.5"},
	    {"-inf", "-inf"},
	    {"inf", "inf"},
	    {"-1e", "'-1e"},
	    {"-0.5x", "'-0.5x"},
	    {"", ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = csv_cell(cases[i].in);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
	assert_true(kv_csv_number("-0.5"));
	assert_true(kv_csv_number("12"));
	assert_false(kv_csv_number("."));
	assert_false(kv_csv_number("-"));
	assert_false(kv_csv_number("nan"));
	assert_false(kv_csv_number(" 1"));
}

static void si_prefixes_and_units(void **state)
{
	static const struct {
		double v;
		const char *unit, *want;
	} cases[] = {
	    {0.00035, "s", "350 \xc2\xb5s"},
	    {0.19e-3, "s", "190 \xc2\xb5s"},
	    {1.5, "s", "1.50 s"},
	    {2.5e-9, "s", "2.50 ns"},
	    {1.21e9, "bytes/s", "1.21 GB/s"},
	    {34243893788.672, "bytes/s", "34.2 GB/s"},
	    {999.4, "bytes", "999 B"},
	    {999.6, "bytes", "1.00 kB"},
	    {5282.414, "ops/s", "5.28k ops/s"},
	    {10465.782, "ops/s", "10.5k ops/s"},
	    {32.81e9, "bits/s", "32.8 Gbit/s"},
	    {99.5, "percent", "99.5%"},
	    {14000, "count", "14.0k"},
	    {12.5, "bogo-ops/s", "12.5 bogo-ops/s"},
	    {-2500, "ops/s", "-2.50k ops/s"},
	    {0, "s", "0.00 s"},
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(kv_fmt_si(cases[i].v, cases[i].unit, buf, sizeof(buf)),
				    cases[i].want);
	}
	assert_string_equal(kv_fmt_si(NAN, "s", buf, sizeof(buf)), "n/a");
}

static void percentages_and_p_values(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(kv_fmt_pct(51.37882, buf, sizeof(buf)), "+51.4%");
	assert_string_equal(kv_fmt_pct(-10.04, buf, sizeof(buf)), "-10.0%");
	assert_string_equal(kv_fmt_pct(NAN, buf, sizeof(buf)), "n/a");
	assert_string_equal(kv_fmt_pct_range(6.9, 34.93, buf, sizeof(buf)), "[+6.9, +34.9]");
	assert_string_equal(kv_fmt_pct_range(1, NAN, buf, sizeof(buf)), "n/a");
	assert_string_equal(kv_fmt_p(0.0139, buf, sizeof(buf)), "0.0139");
	assert_string_equal(kv_fmt_p(1.990187982438209e-08, buf, sizeof(buf)), "2.0e-08");
	assert_string_equal(kv_fmt_p(1, buf, sizeof(buf)), "1");
	assert_string_equal(kv_fmt_num(0.1, buf, sizeof(buf)), "0.1");
	assert_string_equal(kv_fmt_num(5282.414, buf, sizeof(buf)), "5282.414");
	assert_string_equal(kv_fmt_num(0.30000000000000004, buf, sizeof(buf)),
			    "0.30000000000000004");
	assert_string_equal(kv_fmt_num(INFINITY, buf, sizeof(buf)), "");
}

/* What kv_fmt_num promises, as printf says it: the first of %.15g, %.16g
 * and %.17g that reads back as v. */
static const char *shortest_by_printf(double v, char *buf, size_t size)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		double y = strtod(buf, NULL);
		if (!(y < v) && !(y > v)) {
			break;
		}
	}
	return buf;
}

/* kv_fmt_num rounds the 15- and 16-digit forms from the 17 digits itself:
 * the same text as printf's on random bit patterns (every exponent,
 * subnormals), decimal fractions, integers, ties in the dropped digits
 * ("...5", "...50") and values whose rounding carries into a new digit. */
static void numbers_as_printf_writes_them(void **state)
{
	char got[64], want[64];
	uint64_t x = 0x9e3779b97f4a7c15u;
	double fixed[] = {1e15,
			  1e16,
			  1e17,
			  9.9999999999999995e-5,
			  0.00010000000000000001,
			  123456789012345.5,
			  1234567890123456.5,
			  999999999999999.9,
			  9999999999999998,
			  0.5,
			  2.5,
			  -0.30000000000000004,
			  5e-324,
			  2.2250738585072014e-308,
			  1.7976931348623157e308,
			  1e-5,
			  1e-4,
			  1e21};
	size_t checked = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		assert_string_equal(kv_fmt_num(fixed[i], got, sizeof(got)),
				    shortest_by_printf(fixed[i], want, sizeof(want)));
	}
	for (int i = 0; i < 300000; i++) {
		/* splitmix64 */
		uint64_t z = (x += 0x9e3779b97f4a7c15u);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
		z ^= z >> 31;
		double v;
		switch (i % 4) {
		case 0: /* any bit pattern */
			memcpy(&v, &z, sizeof(v));
			break;
		case 1: /* a decimal with a few digits, as tools print them */
			v = (double)(int64_t)(z % 100000000u - 50000000) /
			    pow(10, (double)(z >> 60));
			break;
		case 2: /* the mean of a few such */
			v = (double)(z % 1000000u) / 7.0 * pow(10, (double)(z >> 59) - 16);
			break;
		default: /* next to a power of ten: roundings that carry */
			v = nextafter(pow(10, (double)(int)(z % 40) - 20),
				      (z >> 63) ? INFINITY : 0) *
			    ((z >> 62) & 1 ? -1 : 1);
			break;
		}
		if (!isfinite(v)) {
			continue;
		}
		kv_fmt_num(v, got, sizeof(got));
		shortest_by_printf(v, want, sizeof(want));
		if (strcmp(got, want) != 0) {
			fail_msg("kv_fmt_num(%a) = %s, printf %s", v, got, want);
		}
		checked++;
	}
	assert_true(checked > 290000);
}

/* The verdict is "worse" exactly when the interval lies above zero: a bound
 * that is not zero must not print as "+0.0", or "[+0.0, +3.2] worse" would
 * seem to contradict itself. */
static void interval_bounds_never_round_to_zero(void **state)
{
	static const struct {
		double lo, hi;
		const char *want;
	} cases[] = {
	    {0.04, 3.2, "[+0.04, +3.2]"},      {0.003, 3.2, "[+0.003, +3.2]"},
	    {-3.2, -0.0049, "[-3.2, -0.005]"}, {-0.04, 0.04, "[-0.04, +0.04]"},
	    {0.00999, 0.05, "[+0.010, +0.1]"}, {0.049999, 0.05, "[+0.05, +0.1]"},
	    {1e-12, 2, "[+1.0e-12, +2.0]"},    {0, 2, "[+0.0, +2.0]"},
	    {-0.0, 2, "[+0.0, +2.0]"}, /* an exact zero has no sign */
	    {12.5, INFINITY, "[+12.5, +inf]"}, {-100, 0.5, "[-100.0, +0.5]"},
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(kv_fmt_pct_range(cases[i].lo, cases[i].hi, buf, sizeof(buf)),
				    cases[i].want);
	}
	assert_string_equal(kv_fmt_pct_range(NAN, INFINITY, buf, sizeof(buf)), "n/a");
}

static void cost_ratios_and_levels(void **state)
{
	static const struct {
		double c;
		const char *want;
	} costs[] = {
	    {2.5, "2.50"},  {0.99683, "1.00"},  {30.045, "30.0"},
	    {290.4, "290"}, {0.0512, "0.0512"}, {INFINITY, "inf"},
	};
	static const struct {
		double level;
		const char *want;
	} levels[] = {
	    {0.95, "95%"},       {0.99, "99%"},          {0.9889706, "98.9%"},
	    {0.99632, "99.63%"}, {0.9996324, "99.963%"}, {0.9, "90%"},
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(costs) / sizeof(costs[0]); i++) {
		kv_fmt_cost(costs[i].c, buf, sizeof(buf));
		assert_memory_equal(buf, "\xc3\x97", 2); /* U+00D7, not an "x" */
		assert_string_equal(buf + 2, costs[i].want);
	}
	assert_string_equal(kv_fmt_cost(NAN, buf, sizeof(buf)), "n/a");
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		assert_string_equal(kv_fmt_level(levels[i].level, buf, sizeof(buf)),
				    levels[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(text_aligns_by_display_width),
	    cmocka_unit_test(csv_quotes_what_needs_it),
	    cmocka_unit_test(every_format_escapes_control_characters),
	    cmocka_unit_test(display_width_counts_cells),
	    cmocka_unit_test(csv_neutralises_formulas),
	    cmocka_unit_test(si_prefixes_and_units),
	    cmocka_unit_test(percentages_and_p_values),
	    cmocka_unit_test(numbers_as_printf_writes_them),
	    cmocka_unit_test(interval_bounds_never_round_to_zero),
	    cmocka_unit_test(cost_ratios_and_levels),
	};
	return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
