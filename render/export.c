/*
 * export.c - charts as one SVG or PNG file each, for slides, and the forest
 * plot as a PNG in memory (for the workbook).
 */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <ctype.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "render/charts.h"
#include "render/compare_out.h"
#include "render/format.h"
#include "render/layout.h"
#include "render/report.h"
#include "render/report_doc.h"
#include "render/text.h"
#include "util/outfile.h"
#include "util/xalloc.h"

typedef void (*draw_fn)(cairo_t *cr, struct kv_box b, const void *arg);

static int chart_file(const char *dir, const char *name, bool svg, int w, int h, draw_fn draw,
		      const void *arg, struct kv_error *err)
{
	char path[1024];
	double scale = svg ? 1 : 2, pw = w / scale, ph = h / scale;
	cairo_surface_t *s;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, svg ? "svg" : "png");
	char *tmp = kv_tmp_name(path);
	s = svg ? cairo_svg_surface_create(tmp, pw, ph)
		: cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	draw(cr, (struct kv_box){16, 16, pw - 32, ph - 32}, arg);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS && !svg) {
		st = cairo_surface_write_to_png(s, tmp);
	}
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS) {
		st = cairo_surface_status(s);
	}
	if (st == CAIRO_STATUS_SUCCESS) {
		st = kv_svg_add_text(s, tmp); /* cairo wrote outlines: the text for search */
	}
	cairo_surface_destroy(s);
	int ret = kv_tmp_finish(
	    tmp, path, st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(st) : NULL, err);
	free(tmp);
	return ret;
}

struct forest_arg {
	const struct kv_report_input *in;
	const struct kv_comparison **c;
	size_t n;
	const char *variant;
};

static void draw_forest(cairo_t *cr, struct kv_box b, const void *arg)
{
	const struct forest_arg *f = arg;

	kv_chart_forest(cr, b, f->in, f->c, f->n, f->variant);
}

static void draw_summary(cairo_t *cr, struct kv_box b, const void *arg)
{
	kv_chart_summary(cr, b, arg);
}

struct sweep_arg {
	const struct kv_report_input *in;
	const struct kv_sweep *s;
};

static void draw_sweep(cairo_t *cr, struct kv_box b, const void *arg)
{
	const struct sweep_arg *a = arg;

	kv_chart_sweep(cr, b, a->in, a->s);
}

/* A file name from free text: letters, digits, '-', '_', '.'. */
static void slug(const char *s, char *out, size_t size)
{
	size_t k = 0;

	for (; *s && k + 1 < size; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
		out[k++] = ok ? c : '_';
	}
	out[k] = '\0';
}

int kv_report_charts(const struct kv_report_input *in, const char *dir, bool svg, int width,
		     int height, size_t *files, struct kv_error *err)
{
	const struct kv_compare_result *r = in->r;
	const struct kv_comparison **c = kv_xmalloc((r->n ? r->n : 1) * sizeof(*c));
	char name[256], s[200];
	int ret = -1;

	*files = 0;
	if (chart_file(dir, "summary", svg, width, height, draw_summary, in, err) < 0) {
		goto out;
	}
	(*files)++;
	for (size_t v = 0; v < r->nvariants; v++) {
		size_t n = 0;
		for (size_t i = 0; i < r->n; i++) {
			if (strcmp(r->c[i].var->config, r->variants[v]) == 0) {
				c[n++] = &r->c[i];
			}
		}
		qsort(c, n, sizeof(*c), kv_doc_cmp_overhead);
		struct forest_arg fa = {in, c, n < FOREST_ROWS ? n : FOREST_ROWS, r->variants[v]};
		slug(r->variants[v], s, sizeof(s));
		snprintf(name, sizeof(name), "forest-%s", s);
		if (chart_file(dir, name, svg, width, height, draw_forest, &fa, err) < 0) {
			goto out;
		}
		(*files)++;
	}
	struct kv_sweep sw[256];
	size_t nsw = kv_doc_find_sweeps(r, sw, 256);
	for (size_t i = 0; i < nsw; i++) {
		struct sweep_arg sa = {in, &sw[i]};
		char t[600];
		snprintf(t, sizeof(t), "sweep-%s-%s-%s-%s", sw[i].tool, sw[i].benchmark,
			 sw[i].metric, sw[i].param);
		slug(t, name, sizeof(name));
		if (chart_file(dir, name, svg, width, height, draw_sweep, &sa, err) < 0) {
			kv_doc_free_sweeps(sw, nsw);
			goto out;
		}
		(*files)++;
	}
	kv_doc_free_sweeps(sw, nsw);
	ret = 0;
out:
	free(c);
	return ret;
}

void kv_report_cleanup(void)
{
	kv_text_cleanup(); /* first: Pango's fonts hold cairo fonts and fontconfig patterns */
	cairo_debug_reset_static_data();
	FcFini();
}

struct png_buf {
	unsigned char *data;
	size_t len, cap;
};

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct png_buf *b = closure;

	if (b->len + length > b->cap) {
		b->cap = (b->len + length) * 2;
		b->data = kv_xreallocarray(b->data, b->cap, 1);
	}
	memcpy(b->data + b->len, data, length);
	b->len += length;
	return CAIRO_STATUS_SUCCESS;
}

int kv_report_forest_png(const struct kv_report_input *in, const char *variant, int width,
			 int height, unsigned char **png, size_t *len)
{
	const struct kv_compare_result *r = in->r;
	const struct kv_comparison **c = kv_xmalloc((r->n ? r->n : 1) * sizeof(*c));
	struct png_buf b = {0};
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->c[i].var->config, variant) == 0) {
			c[n++] = &r->c[i];
		}
	}
	qsort(c, n, sizeof(*c), kv_doc_cmp_overhead);
	/* tall enough for every row: 16 points a row at 2 pixels a point */
	double ph = fmax(height / 2.0, 70 + 16.0 * (double)n), pw = width / 2.0;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, (int)(2 * ph));
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, 2, 2);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	kv_chart_forest(cr, (struct kv_box){12, 12, pw - 24, ph - 24}, in, c, n, variant);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS) {
		st = cairo_surface_write_to_png_stream(s, png_write, &b);
	}
	cairo_surface_destroy(s);
	free(c);
	if (st != CAIRO_STATUS_SUCCESS) {
		free(b.data);
		return -1;
	}
	*png = b.data;
	*len = b.len;
	return 0;
}
