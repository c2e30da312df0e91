/*
 * export.c - charts as SVG or PNG files for slides (the summary, each
 * forest plot and heat map over numbered files, each benchmark's detail
 * panels, the sweeps), and the forest plot as a PNG in memory (for the
 * workbook).
 */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <ctype.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
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
#include "render/report_history.h"
#include "render/text.h"
#include "util/outfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

typedef void (*draw_fn)(cairo_t *cr, struct kv_box b, const void *arg);

/* Charts for slides are drawn on a canvas SLIDE_W points wide, scaled to
 * the file's size: the smallest text (KV_SMALL_SIZE) is then 19.5 pixels
 * at 1920 x 1080 and about 10 at 960 x 540. */
#define SLIDE_W      640.0
#define SLIDE_MARGIN 16.0

/* The drawing box of a chart file of w x h pixels, in canvas points. */
static struct kv_box slide_box(int w, int h)
{
	double scale = w / SLIDE_W;

	return (struct kv_box){SLIDE_MARGIN, SLIDE_MARGIN, SLIDE_W - 2 * SLIDE_MARGIN,
			       h / scale - 2 * SLIDE_MARGIN};
}

static int chart_file(const char *dir, const char *name, bool svg, int w, int h, draw_fn draw,
		      const void *arg, struct kv_error *err)
{
	char path[1024];
	double scale = w / SLIDE_W;
	cairo_surface_t *s;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, svg ? "svg" : "png");
	char *tmp = kv_tmp_name(path);
	s = svg ? cairo_svg_surface_create(tmp, w, h)
		: cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	if (svg) { /* w x h pixels, as for a PNG, not points */
		cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
	}
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	draw(cr, slide_box(w, h), arg);
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

/* A context to measure text on the slide canvas before a file is drawn. */
static cairo_t *measure_context(int w)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
	cairo_t *cr = cairo_create(s);

	cairo_surface_destroy(s); /* the context keeps it */
	cairo_scale(cr, w / SLIDE_W, w / SLIDE_W);
	return cr;
}

/* The files written, to keep their names unique. */
struct names {
	char **v;
	size_t n, cap;
};

static void names_release(struct names *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->v[i]);
	}
	free(u->v);
}

/* FNV-1a, 32 bits: a short, stable tag for a name that slug() changed. */
static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++) {
		h = (h ^ (unsigned char)*s) * 16777619u;
	}
	return h;
}

#define SLUG_MAX 60

/* A file name from free text: letters, digits, '-', '_', '.', at most
 * SLUG_MAX of them; text that had to be changed or cut gets a hash of the
 * original, so that two names never become one. */
static void slug(const char *s, char *out, size_t size)
{
	size_t k = 0, len = strlen(s);
	bool changed = len > SLUG_MAX;

	for (size_t i = 0; i < len && k < SLUG_MAX && k + 1 < size; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_' || (c == '.' && i > 0);
		changed = changed || !ok;
		out[k++] = ok ? c : '_';
	}
	out[k] = '\0';
	if (changed || k == 0) {
		snprintf(out + k, size - k, "-%08x", (unsigned)fnv1a(s));
	}
}

/* name, or name-2, name-3 ... when a file of that name was written. */
static void unique(struct names *u, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s", name);
	for (int k = 2;; k++) {
		bool taken = false;
		for (size_t i = 0; i < u->n && !taken; i++) {
			taken = strcmp(u->v[i], out) == 0;
		}
		if (!taken) {
			break;
		}
		snprintf(out, size, "%s-%d", name, k);
	}
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 32;
		u->v = kv_xreallocarray(u->v, u->cap, sizeof(*u->v));
	}
	u->v[u->n++] = kv_xstrdup(out);
}

/* Where the chart files go. */
struct out {
	const struct kv_report_input *in;
	const char *dir;
	bool svg;
	int w, h;
	size_t files;
	struct names names;
	struct kv_error *err;
};

/* Writes one chart file named prefix-text (slugged; text may be NULL) and,
 * when part > 0, -part. */
static int put(struct out *o, const char *prefix, const char *text, size_t part, draw_fn draw,
	       const void *arg)
{
	char s[SLUG_MAX + 16] = "", want[256], name[280];

	if (text != NULL) {
		slug(text, s, sizeof(s));
	}
	snprintf(want, sizeof(want), "%s%s%s", prefix, text != NULL ? "-" : "", s);
	if (part > 0) {
		snprintf(want + strlen(want), sizeof(want) - strlen(want), "-%zu", part);
	}
	unique(&o->names, want, name, sizeof(name));
	if (chart_file(o->dir, name, o->svg, o->w, o->h, draw, arg, o->err) < 0) {
		return -1;
	}
	o->files++;
	return 0;
}

struct rows_arg {
	struct kv_forest *f;
	bool heatmap;
	size_t first, n, part, parts;
};

static void draw_rows(cairo_t *cr, struct kv_box b, const void *arg)
{
	const struct rows_arg *a = arg;

	if (a->heatmap) {
		kv_chart_heatmap(cr, b, a->f, a->first, a->n, a->part, a->parts);
	} else {
		kv_chart_forest(cr, b, a->f, a->first, a->n, a->part, a->parts);
	}
}

/* A forest plot or heat map in as many numbered files as its rows need. */
static int put_rows(struct out *o, cairo_t *mcr, struct kv_forest *f, bool heatmap,
		    const char *prefix, const char *text)
{
	struct kv_box b = slide_box(o->w, o->h);
	size_t *start = NULL;
	size_t pages = kv_forest_pages(mcr, f, heatmap, b.w, b.h, &start);
	int ret = 0;

	for (size_t p = 0; p < pages && ret == 0; p++) {
		struct rows_arg a = {f, heatmap, start[p], start[p + 1] - start[p], p + 1, pages};
		ret = put(o, prefix, text, p + 1, draw_rows, &a);
	}
	free(start);
	return ret;
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

/* The panels of one benchmark on a slide: a grid of cols. */
struct detail_arg {
	const struct kv_report_input *in;
	const struct kv_comparison **c; /* the benchmark's comparisons, by metric */
	const size_t *at;               /* panel k is c[at[k] .. at[k + 1]) */
	size_t first, n, cols, part, parts;
};

#define DETAIL_COLS 3
#define DETAIL_GAP  12
#define TITLE_LINES 3 /* a slide's title: a long name ends with "…" */

static void draw_details(cairo_t *cr, struct kv_box b, const void *arg)
{
	const struct detail_arg *a = arg;
	const struct kv_series *s = a->c[a->at[a->first]]->base;
	double pw = (b.w - (double)(a->cols - 1) * DETAIL_GAP) / (double)a->cols;
	char part[32] = "";
	struct kv_strbuf buf = KV_STRBUF_INIT;

	if (a->parts > 1) {
		snprintf(part, sizeof(part), " (%zu of %zu)", a->part, a->parts);
	}
	char *name = kv_series_name(s, true, false); /* each name cut */
	kv_strbuf_addf(&buf, "%s%s%s", name,
		       a->c[a->at[a->first]]->flags & KV_FLAG_SUMMARY ? " \xc2\xb7 per-run summary"
								      : "",
		       part);
	free(name);
	cairo_set_source_rgb(cr, 0, 0, 0);
	double y = kv_text_wrap_max(cr, b.x, b.y - 3, b.w, KV_TITLE_SIZE, true, TITLE_LINES,
				    kv_strbuf_str(&buf)) +
		   8;
	kv_strbuf_release(&buf);
	double rows = ceil((double)a->n / (double)a->cols);
	double ph = fmax(120, (b.y + b.h - y - (rows - 1) * DETAIL_GAP) / rows);
	for (size_t k = 0; k < a->n; k++) {
		size_t i = a->first + k;
		struct kv_box p = {b.x + (pw + DETAIL_GAP) * (double)(k % a->cols),
				   y + (ph + DETAIL_GAP) * (double)(k / a->cols), pw, ph};
		kv_chart_detail(cr, p, a->in, a->c + a->at[i], a->at[i + 1] - a->at[i]);
	}
}

/* A benchmark's detail panels in as many files as they need. */
static int put_details(struct out *o, cairo_t *mcr, const struct kv_comparison **c, size_t n)
{
	struct kv_box b = slide_box(o->w, o->h);
	size_t np = 0, *at = kv_xmalloc((n + 1) * sizeof(*at));
	const struct kv_series *s = c[0]->base;
	char text[1024];
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		if (i == 0 || c[i]->base != c[i - 1]->base) {
			at[np++] = i;
		}
	}
	at[np] = n;
	size_t cols = np < DETAIL_COLS ? np : DETAIL_COLS;
	double pw = (b.w - (double)(cols - 1) * DETAIL_GAP) / (double)cols, ph = 0;
	for (size_t k = 0; k < np; k++) {
		ph = fmax(ph, kv_chart_detail_height(mcr, pw, o->in, c + at[k], at[k + 1] - at[k]));
	}
	ph -= KV_DETAIL_PLOT_H / 3; /* a slide's plots may be a third shorter */
	size_t rows = (size_t)floor((b.h - 30 + DETAIL_GAP) / (ph + DETAIL_GAP));
	size_t per = (rows ? rows : 1) * cols, parts = (np + per - 1) / per;
	snprintf(text, sizeof(text), "%s %s%s%s", s->tool, s->benchmark, s->params[0] ? " " : "",
		 s->params);
	for (size_t p = 0; p < parts && ret == 0; p++) {
		size_t first = p * per, k = np - first < per ? np - first : per;
		struct detail_arg a = {o->in, c, at, first, k, cols, p + 1, parts};
		ret = put(o, "detail", text, p + 1, draw_details, &a);
	}
	free(at);
	return ret;
}

static int cmp_series(const void *a, const void *b)
{
	const struct kv_comparison *x = *(const struct kv_comparison *const *)a;
	const struct kv_comparison *y = *(const struct kv_comparison *const *)b;
	int c = strcmp(x->base->tool, y->base->tool);

	c = c ? c : strcmp(x->base->benchmark, y->base->benchmark);
	c = c ? c : strcmp(x->base->params, y->base->params);
	c = c ? c : strcmp(x->base->metric, y->base->metric);
	return c ? c : (x > y) - (x < y);
}

static bool same_benchmark(const struct kv_series *a, const struct kv_series *b)
{
	return strcmp(a->tool, b->tool) == 0 && strcmp(a->benchmark, b->benchmark) == 0 &&
	       strcmp(a->params, b->params) == 0;
}

/* The detail panels of every benchmark. */
static int put_all_details(struct out *o, cairo_t *mcr)
{
	const struct kv_compare_result *r = o->in->r;
	const struct kv_comparison **c = kv_xmalloc((r->n ? r->n : 1) * sizeof(*c));
	int ret = 0;

	for (size_t i = 0; i < r->n; i++) {
		c[i] = &r->c[i];
	}
	qsort(c, r->n, sizeof(*c), cmp_series);
	for (size_t i = 0, j; i < r->n && ret == 0; i = j) {
		for (j = i; j < r->n && same_benchmark(c[j]->base, c[i]->base); j++) {
		}
		ret = put_details(o, mcr, c + i, j - i);
	}
	free(c);
	return ret;
}

static void draw_trend(cairo_t *cr, struct kv_box b, const void *arg)
{
	kv_chart_trend(cr, b, arg);
}

/* Each series with a change point: history-<name>-<config>. */
static int put_history(struct out *o)
{
	const struct kv_trend_series **ch = NULL;
	size_t n = kv_history_changed(o->in, &ch);
	int ret = 0;

	for (size_t i = 0; i < n && ret == 0; i++) {
		struct kv_history_plot hp;
		const struct kv_series *s = ch[i]->series;
		struct kv_strbuf t = KV_STRBUF_INIT;
		kv_strbuf_addf(&t, "%s-%s-%s%s%s-%s", s->tool, s->benchmark, s->params,
			       s->params[0] ? "-" : "", s->metric, s->config);
		kv_history_plot_init(&hp, o->in, ch[i]);
		ret = put(o, "history", kv_strbuf_str(&t), 0, draw_trend, &hp.p);
		kv_history_plot_release(&hp);
		kv_strbuf_release(&t);
	}
	free(ch);
	return ret;
}

int kv_report_charts(const struct kv_report_input *in, const char *dir, bool svg, int width,
		     int height, size_t *files, struct kv_error *err)
{
	const struct kv_compare_result *r = in->r;
	struct out o = {in, dir, svg, width, height, 0, {0}, err};
	cairo_t *mcr = measure_context(width);
	struct kv_forest f;
	int ret = -1;

	*files = 0;
	if (r == NULL) { /* only the history to draw */
		ret = put_history(&o);
		goto out;
	}
	if (put(&o, "summary", NULL, 0, draw_summary, in) < 0) {
		goto out;
	}
	/* each variant's forest plot, then all of them on one plot */
	for (size_t v = 0; v < r->nvariants; v++) {
		kv_forest_init(&f, in, r->variants[v], NULL);
		int st = put_rows(&o, mcr, &f, false, "forest", r->variants[v]);
		kv_forest_release(&f);
		if (st < 0) {
			goto out;
		}
	}
	if (r->nvariants > 1) {
		kv_forest_init(&f, in, NULL, NULL);
		int st = put_rows(&o, mcr, &f, false, "forest-variants", NULL);
		st = st < 0 ? st : put_rows(&o, mcr, &f, true, "heatmap", NULL);
		kv_forest_release(&f);
		if (st < 0) {
			goto out;
		}
	}
	if (put_all_details(&o, mcr) < 0) {
		goto out;
	}
	struct kv_sweep *sw;
	size_t nsw = kv_doc_find_sweeps(r, NULL, &sw);
	for (size_t i = 0; i < nsw; i++) {
		struct sweep_arg sa = {in, &sw[i]};
		char t[600];
		snprintf(t, sizeof(t), "%s-%s-%s-%s", sw[i].tool, sw[i].benchmark, sw[i].metric,
			 sw[i].param);
		if (put(&o, "sweep", t, 0, draw_sweep, &sa) < 0) {
			kv_doc_free_sweeps(sw, nsw);
			goto out;
		}
	}
	kv_doc_free_sweeps(sw, nsw);
	if (put_history(&o) < 0) {
		goto out;
	}
	ret = 0;
out:
	*files = o.files;
	names_release(&o.names);
	cairo_destroy(mcr);
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

static void png_out(png_structp png, png_bytep data, png_size_t length)
{
	png_write(png_get_io_ptr(png), data, (unsigned int)length);
}

static void png_flush(png_structp png)
{
	(void)png;
}

/* An opaque image as a PNG into b, fast: cairo's own writer tries every
 * filter on every line and compresses at zlib's default level, which takes
 * seconds for a forest plot of a thousand rows; one filter and a low level
 * give a file about as small (the image is mostly white) several times
 * faster. */
static cairo_status_t png_encode(cairo_surface_t *s, struct png_buf *b)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
	const uint32_t one = 1;
	bool little = *(const unsigned char *)&one == 1;

	if (png == NULL || info == NULL) {
		png_destroy_write_struct(&png, NULL);
		return CAIRO_STATUS_NO_MEMORY;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		return CAIRO_STATUS_WRITE_ERROR;
	}
	cairo_surface_flush(s);
	unsigned char *data = cairo_image_surface_get_data(s);
	png_set_write_fn(png, b, png_out, png_flush);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
	png_set_compression_level(png, 2);
	png_write_info(png, info);
	/* cairo's RGB24: a 32-bit 0x00RRGGBB in the machine's order */
	png_set_filler(png, 0, little ? PNG_FILLER_AFTER : PNG_FILLER_BEFORE);
	if (little) {
		png_set_bgr(png);
	}
	for (int y = 0; y < h; y++) {
		png_write_row(png, data + (size_t)y * (size_t)stride);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	return CAIRO_STATUS_SUCCESS;
}

/* The largest image cairo (pixman) makes, in pixels each way. */
#define IMAGE_MAX 32767

/* Draws rows [first, first + n) of f as one PNG image, width pixels wide
 * at scale pixels a point, into *png; returns a cairo status. */
static cairo_status_t forest_part(struct kv_forest *f, cairo_t *mcr, int width, double scale,
				  size_t first, size_t n, size_t part, size_t parts,
				  struct kv_png *png)
{
	struct png_buf b = {0};
	double pw = width / scale;
	double ph = kv_forest_height(mcr, f, false, pw - 24, first, n) + 24;
	int h = (int)ceil(scale * ph);

	if (h > IMAGE_MAX) { /* one row taller than an image: never with LABEL_LINES */
		return CAIRO_STATUS_INVALID_SIZE;
	}
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, h);
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	kv_chart_forest(cr, (struct kv_box){12, 12, pw - 24, ph - 24}, f, first, n, part, parts);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS) {
		st = png_encode(s, &b);
	}
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		free(b.data);
		return st;
	}
	*png = (struct kv_png){b.data, b.len, width, h};
	return CAIRO_STATUS_SUCCESS;
}

int kv_report_forest_pngs(const struct kv_report_input *in, const char *variant, int width,
			  double scale, int max_h, struct kv_png **pngs, size_t *n, char *why,
			  size_t why_size)
{
	struct kv_forest f;
	size_t *start = NULL, parts = 0;
	cairo_status_t st = CAIRO_STATUS_SUCCESS;

	*pngs = NULL;
	*n = 0;
	max_h = max_h < IMAGE_MAX ? max_h : IMAGE_MAX;
	if (width < 1 || width > IMAGE_MAX || !(scale > 0) || max_h < 1) {
		snprintf(why, why_size, "an image %d pixels wide at most %d tall cannot be drawn",
			 width, max_h);
		return -1;
	}
	kv_forest_init(&f, in, variant, NULL);
	cairo_t *mcr = measure_context(width);
	cairo_identity_matrix(mcr);
	cairo_scale(mcr, scale, scale); /* as drawn */
	/* parts of at most max_h pixels, as even as the rows allow */
	parts = kv_forest_pages(mcr, &f, false, width / scale - 24, max_h / scale - 24, &start);
	*pngs = kv_xcalloc(parts ? parts : 1, sizeof(**pngs));
	for (size_t p = 0; p < parts && st == CAIRO_STATUS_SUCCESS; p++) {
		st = forest_part(&f, mcr, width, scale, start[p], start[p + 1] - start[p], p + 1,
				 parts, &(*pngs)[p]);
		*n += st == CAIRO_STATUS_SUCCESS;
	}
	cairo_destroy(mcr);
	free(start);
	kv_forest_release(&f);
	if (st != CAIRO_STATUS_SUCCESS) {
		snprintf(why, why_size, "%s", cairo_status_to_string(st));
		kv_pngs_free(*pngs, *n);
		*pngs = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void kv_pngs_free(struct kv_png *pngs, size_t n)
{
	for (size_t i = 0; pngs != NULL && i < n; i++) {
		free(pngs[i].data);
	}
	free(pngs);
}
