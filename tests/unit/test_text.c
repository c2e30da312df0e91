/* test_text.c - text through Pango (render/text.c): widths, alignment,
 * wrapping, and the text an SVG file gains. */
#include <cairo-svg.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/report.h"
#include "render/text.h"
#include "tests/unit/tcmocka.h"
#include "tests/unit/testlib.h"

/* cairo keeps the current point in 24.8 fixed point */
#define POINT_TOL (1.0 / 256)

static void near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol)) {
		fail_msg("got %.17g, want %.17g (within %g)", got, want, tol);
	}
}

static cairo_t *image_context(void)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 300);
	cairo_t *cr = cairo_create(s);

	cairo_surface_destroy(s); /* cr keeps it */
	return cr;
}

static void widths_and_alignment(void **state)
{
	cairo_t *cr = image_context();
	double x, y;

	(void)state;
	near(kv_text_width(cr, 10, false, ""), 0, 0);
	double w = kv_text_width(cr, 10, false, "overhead");
	assert_true(w > 20 && w < 60);
	assert_true(kv_text_width(cr, 10, true, "overhead") > w);
	/* no rounding to whole device units: twice the size, twice the width */
	near(kv_text_width(cr, 20, false, "overhead"), 2 * w, 0.02 * w);
	near(kv_text(cr, 100, 50, 10, false, 0, "overhead"), w, 1e-9);
	cairo_get_current_point(cr, &x, &y);
	near(x, 100 + w, POINT_TOL); /* the current point at the end, as cairo_show_text */
	near(y, 50, POINT_TOL);
	kv_text(cr, 100, 50, 10, false, 2, "overhead");
	cairo_get_current_point(cr, &x, &y);
	near(x, 100, POINT_TOL); /* right-aligned: ends at x */
	kv_text(cr, 100, 50, 10, false, 1, "overhead");
	cairo_get_current_point(cr, &x, &y);
	near(x, 100 + w / 2, POINT_TOL);
	/* invalid UTF-8 is drawn, not refused */
	assert_true(kv_text_width(cr, 10, false,
				  "a\xff"
				  "b") > kv_text_width(cr, 10, false, "ab"));
	assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
}

static void wrapping(void **state)
{
	static const char para[] =
	    "Each run's mean is one sample; Fieller's interval for the ratio of "
	    "means, Welch's t-test on Fieller's df.";
	cairo_t *cr = image_context();
	double one = kv_text_width(cr, 8, false, para);

	(void)state;
	assert_int_equal(kv_text_lines(cr, 1000, 8, false, ""), 0);
	near(kv_text_wrap(cr, 10, 40, 1000, 8, false, ""), 40, 0);
	assert_int_equal(kv_text_lines(cr, one + 1, 8, false, para), 1);
	near(kv_text_wrap(cr, 10, 40, one + 1, 8, false, para), 40 + 8 + 3, 1e-9);
	int n = kv_text_lines(cr, one / 2.5, 8, false, para);
	assert_true(n >= 3 && n <= 4);
	/* baselines size + 3 apart, the first one size + 3 below y */
	near(kv_text_wrap(cr, 10, 40, one / 2.5, 8, false, para), 40 + n * 11.0, 1e-9);
	/* a word wider than the line is cut between characters */
	assert_true(kv_text_lines(cr, 30, 8, false, "abcdefghijklmnopqrstuvwxyz") > 1);
	assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 1 << 20);

	assert_non_null(f);
	assert_non_null(buf);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* A parameter list has no break opportunity for Pango (UAX #14 keeps
 * "1000,policy" together): wrapped, it breaks after a comma, never inside
 * a word with an inserted hyphen ("thr-eads=1"), and the zero-width space
 * that allows it is in no text the SVG keeps. */
static void parameter_lists_break_after_a_comma(void **state)
{
	char *path = t_tmp_path("p.svg");
	cairo_surface_t *s = cairo_svg_surface_create(path, 300, 100);
	cairo_t *cr = cairo_create(s);
	const char *name = "cyclictest interval_us=1000,policy=other,threads=1";

	(void)state;
	assert_int_equal(kv_text_lines(cr, 240, 9, true, name), 2);
	kv_text_wrap(cr, 10, 20, 240, 9, true, name);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(kv_svg_add_text(s, path), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);

	char *svg = read_all(path);
	assert_non_null(strstr(svg, ">cyclictest interval_us=1000,policy=other,</text>"));
	assert_non_null(strstr(svg, ">threads=1</text>"));
	assert_null(strstr(svg, "\xe2\x80\x8b"));
	assert_null(strstr(svg, "-</text>"));
	free(svg);
	free(path);
}

static void svg_gains_text(void **state)
{
	char *path = t_tmp_path("t.svg");
	cairo_surface_t *s = cairo_svg_surface_create(path, 300, 200);
	cairo_t *cr = cairo_create(s);

	(void)state;
	kv_text(cr, 10, 20, 10, true, 0, "Cost of <a> & \xe5\x9f\xba\xe5\x87\x86");
	kv_text_fit(cr, 290, 40, 7, 60, 2, "latency_max \xc2\xb7 cyclictest interval_us=1000");
	kv_text_wrap(cr, 10, 60, 80, 7, false, "one two three four five six seven");
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(kv_svg_add_text(s, path), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);

	char *svg = read_all(path);
	/* the first text drawn is the <title>, right after the <svg> tag */
	char *title =
	    strstr(svg, "<title>Cost of &lt;a&gt; &amp; \xe5\x9f\xba\xe5\x87\x86</title>");
	assert_non_null(title);
	assert_ptr_equal(title, strchr(strstr(svg, "<svg"), '>') + 2);
	assert_non_null(strstr(svg, "<text x=\"10.00\" y=\"20.00\" font-size=\"10.00\" "
				    "font-weight=\"bold\" textLength="));
	/* a label cut to fit keeps its whole text, right-aligned to end at x */
	char *cut = strstr(svg, ">latency_max \xc2\xb7 cyclictest interval_us=1000</text>");
	assert_non_null(cut);
	double x, len;
	char *tag = cut;
	while (tag > svg && strncmp(tag, "<text ", 6) != 0) {
		tag--;
	}
	assert_int_equal(sscanf(tag, "<text x=\"%lf\"", &x), 1);
	assert_non_null(strstr(tag, "textLength=\""));
	assert_int_equal(sscanf(strstr(tag, "textLength=\""), "textLength=\"%lf\"", &len), 1);
	near(x + len, 290, 0.01);
	assert_true(len <= 60);
	/* one <text> per wrapped line, without the space it broke at */
	assert_null(strstr(svg, " </text>"));
	assert_non_null(strstr(svg, ">one two"));
	assert_non_null(strstr(svg, " seven</text>"));
	assert_null(strstr(svg, ">one two three four five six seven</text>"));
	assert_non_null(strstr(svg, "</g>\n</svg>"));
	free(svg);
	free(path);
}

static void a_wrapped_heading_is_the_title_whole(void **state)
{
	char *path = t_tmp_path("w.svg");
	cairo_surface_t *s = cairo_svg_surface_create(path, 300, 200);
	cairo_t *cr = cairo_create(s);

	(void)state;
	kv_text_wrap(cr, 10, 10, 40, 10, true, "Overhead of constrained-pinned against baseline");
	kv_text(cr, 10, 150, 7, false, 0, "0%");
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(kv_svg_add_text(s, path), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	char *svg = read_all(path);
	assert_non_null(
	    strstr(svg, "<title>Overhead of constrained-pinned against baseline</title>"));
	assert_null(strstr(svg, ">Overhead of constrained-pinned against baseline</text>"));
	free(svg);
	free(path);
}

static void other_surfaces_are_left_alone(void **state)
{
	cairo_t *cr = image_context();

	(void)state;
	kv_text(cr, 10, 20, 10, false, 0, "png");
	/* nothing remembered: the path is never opened */
	assert_int_equal(kv_svg_add_text(cairo_get_target(cr), "/nonexistent/x.svg"),
			 CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
}

static int release(void **state)
{
	(void)state;
	kv_report_cleanup(); /* Pango, cairo and fontconfig caches: LeakSanitizer sees none */
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(widths_and_alignment),
	    cmocka_unit_test(wrapping),
	    cmocka_unit_test(svg_gains_text),
	    cmocka_unit_test(parameter_lists_break_after_a_comma),
	    cmocka_unit_test(a_wrapped_heading_is_the_title_whole),
	    cmocka_unit_test(other_surfaces_are_left_alone),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, release);
}
