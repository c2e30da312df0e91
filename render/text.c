/* text.c - text through Pango on cairo: one line, fitted, wrapped; real text in SVG files. */
#include "render/text.h"

#include <glib.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/layout.h"
#include "util/xalloc.h"

#define FONT     "DejaVu Sans"
#define WRAP_GAP 3 /* a wrapped line's baseline is size + WRAP_GAP below the last one */

/*
 * What a cairo context keeps between calls, attached to it as user data
 * (freed with it): laying out with one PangoLayout and setting its font only
 * when the size or weight changes keeps bench_report's thousands of labels
 * cheap.  Pango's font map, shared by every layout, caches the fonts.
 */
struct text_cache {
	PangoLayout *layout;
	PangoFontDescription *font; /* FONT at size, bold or not */
	int size;                   /* the font's size in Pango units; 0 before the first */
	bool bold;                  /* the font's weight */
};

static const cairo_user_data_key_t cache_key;

static void cache_free(void *p)
{
	struct text_cache *c = p;

	g_object_unref(c->layout);
	pango_font_description_free(c->font);
	free(c);
}

static struct text_cache *cache_new(cairo_t *cr)
{
	struct text_cache *c = kv_xcalloc(1, sizeof(*c));

	c->layout = pango_cairo_create_layout(cr);
	/* Pango rounds glyph positions to whole device units by default: on a
	 * PDF page that is whole points, visibly uneven at 7 points. */
	pango_context_set_round_glyph_positions(pango_layout_get_context(c->layout), FALSE);
	pango_layout_context_changed(c->layout);
	pango_layout_set_wrap(c->layout, PANGO_WRAP_WORD_CHAR);
	c->font = pango_font_description_from_string(FONT);
	if (cairo_set_user_data(cr, &cache_key, c, cache_free) != CAIRO_STATUS_SUCCESS) {
		fputs("kvperf: out of memory\n", stderr);
		abort();
	}
	return c;
}

/* The context's layout holding s in the font asked for; width in Pango
 * units, -1 for one line.  Invalid UTF-8 is replaced by U+FFFD. */
static PangoLayout *layout_for(cairo_t *cr, double size, bool bold, int width, const char *s)
{
	struct text_cache *c = cairo_get_user_data(cr, &cache_key);
	int pu = pango_units_from_double(size);

	if (c == NULL) {
		c = cache_new(cr);
	} else {
		pango_cairo_update_layout(cr, c->layout); /* the matrix or the surface may differ */
	}
	if (pu != c->size || bold != c->bold) {
		pango_font_description_set_absolute_size(c->font, pu);
		pango_font_description_set_weight(c->font,
						  bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
		pango_layout_set_font_description(c->layout, c->font);
		c->size = pu;
		c->bold = bold;
	}
	pango_layout_set_width(c->layout, width);
	/* one line: a newline is a glyph, as with cairo_show_text, not a break */
	pango_layout_set_single_paragraph_mode(c->layout, width < 0);
	if (g_utf8_validate(s, -1, NULL)) {
		pango_layout_set_text(c->layout, s, -1);
	} else {
		char *valid = g_utf8_make_valid(s, -1);
		pango_layout_set_text(c->layout, valid, -1);
		g_free(valid);
	}
	return c->layout;
}

static double line_width(PangoLayoutLine *line)
{
	PangoRectangle logical;

	pango_layout_line_get_extents(line, NULL, &logical);
	return (double)logical.width / PANGO_SCALE;
}

/* One text an SVG file should carry, in the surface's units. */
struct svg_text {
	double x, y; /* start of the baseline */
	double size; /* font size */
	double w;    /* width drawn */
	bool bold;
	char *s; /* valid UTF-8 */
};

/* The texts drawn on an SVG surface, attached to it as user data. */
struct svg_texts {
	struct svg_text *v;
	size_t n, cap;
};

static const cairo_user_data_key_t svg_key;

static void svg_texts_free(void *p)
{
	struct svg_texts *t = p;

	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].s);
	}
	free(t->v);
	free(t);
}

/* On an SVG surface, remembers s[0..len) drawn from (x, y) over width w
 * for kv_svg_add_text(). */
static void remember(cairo_t *cr, double x, double y, double w, double size, bool bold,
		     const char *s, size_t len)
{
	cairo_surface_t *target = cairo_get_target(cr);

	if (cairo_surface_get_type(target) != CAIRO_SURFACE_TYPE_SVG) {
		return;
	}
	struct svg_texts *t = cairo_surface_get_user_data(target, &svg_key);
	if (t == NULL) {
		t = kv_xcalloc(1, sizeof(*t));
		if (cairo_surface_set_user_data(target, &svg_key, t, svg_texts_free) !=
		    CAIRO_STATUS_SUCCESS) {
			fputs("kvperf: out of memory\n", stderr);
			abort();
		}
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = kv_xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	double dw = w, dh = 0, ds = 0;
	cairo_user_to_device(cr, &x, &y);
	cairo_user_to_device_distance(cr, &dw, &dh);
	cairo_user_to_device_distance(cr, &ds, &size);
	char *copy = g_utf8_validate(s, (gssize)len, NULL) ? kv_xstrndup(s, len) : NULL;
	if (copy == NULL) {
		char *valid = g_utf8_make_valid(s, (gssize)len);
		copy = kv_xstrdup(valid);
		g_free(valid);
	}
	t->v[t->n++] = (struct svg_text){x, y, size, dw, bold, copy};
}

/* Draws s with its baseline at y; remembers alt (s when NULL) for an SVG
 * file, so that a label cut to fit is searchable by its whole text. */
static double draw(cairo_t *cr, double x, double y, double size, bool bold, int align,
		   const char *s, const char *alt)
{
	PangoLayout *layout = layout_for(cr, size, bold, -1, s);
	PangoLayoutLine *line = pango_layout_get_line_readonly(layout, 0);
	double w = line_width(line);
	double x0 = align == 0 ? x : align == 1 ? x - w / 2 : x - w;

	cairo_move_to(cr, x0, y);
	pango_cairo_show_layout_line(cr, line);
	cairo_move_to(cr, x0 + w, y);
	if (alt == NULL) {
		alt = pango_layout_get_text(layout);
	}
	remember(cr, x0, y, w, size, bold, alt, strlen(alt));
	return w;
}

double kv_text(cairo_t *cr, double x, double y, double size, bool bold, int align, const char *s)
{
	return draw(cr, x, y, size, bold, align, s, NULL);
}

double kv_text_width(cairo_t *cr, double size, bool bold, const char *s)
{
	PangoLayout *layout = layout_for(cr, size, bold, -1, s);

	return line_width(pango_layout_get_line_readonly(layout, 0));
}

struct fit_ctx {
	cairo_t *cr;
	double size;
};

static double fit_width(void *ctx, const char *s)
{
	struct fit_ctx *f = ctx;

	return kv_text_width(f->cr, f->size, false, s);
}

void kv_text_fit(cairo_t *cr, double x, double y, double size, double w, int align, const char *s)
{
	struct fit_ctx f = {cr, size};
	char buf[512];

	kv_fit_label(s, w, fit_width, &f, buf, sizeof(buf));
	draw(cr, x, y, size, false, align, buf, s);
}

double kv_text_wrap(cairo_t *cr, double x, double y, double width, double size, bool bold,
		    const char *s)
{
	if (*s == '\0') {
		return y;
	}
	PangoLayout *layout = layout_for(cr, size, bold, pango_units_from_double(width), s);
	const char *text = pango_layout_get_text(layout);

	for (GSList *l = pango_layout_get_lines_readonly(layout); l != NULL; l = l->next) {
		PangoLayoutLine *line = l->data;
		double w = line_width(line);
		size_t len = (size_t)line->length;

		y += size + WRAP_GAP;
		cairo_move_to(cr, x, y);
		pango_cairo_show_layout_line(cr, line);
		cairo_move_to(cr, x + w, y);
		while (len > 0 && (text[line->start_index + len - 1] == ' ' ||
				   text[line->start_index + len - 1] == '\n')) {
			len--;
		}
		remember(cr, x, y, w, size, bold, text + line->start_index, len);
	}
	return y;
}

int kv_text_lines(cairo_t *cr, double width, double size, bool bold, const char *s)
{
	if (*s == '\0') {
		return 0;
	}
	return pango_layout_get_line_count(
	    layout_for(cr, size, bold, pango_units_from_double(width), s));
}

/* Writes s as XML character data: markup escaped, control characters
 * (not allowed in XML 1.0) as spaces. */
static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&') {
			fputs("&amp;", f);
		} else if (c == '<') {
			fputs("&lt;", f);
		} else if (c == '>') {
			fputs("&gt;", f);
		} else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
			fputc(' ', f);
		} else {
			fputc(c, f);
		}
	}
}

/* The whole file at path, NUL-terminated, or NULL; free with free(). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *buf;

	if (f == NULL) {
		return NULL;
	}
	buf = kv_xmalloc(cap);
	for (size_t got; (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
		n += got;
		if (n + 1 == cap) {
			cap *= 2;
			buf = kv_xreallocarray(buf, cap, 1);
		}
	}
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	} else {
		buf[n] = '\0';
		*len = n;
	}
	fclose(f);
	return buf;
}

static void write_texts(FILE *f, const struct svg_texts *t)
{
	fputs("<g id=\"text\" fill-opacity=\"0\" font-family=\"DejaVu Sans, sans-serif\">\n", f);
	for (size_t i = 0; i < t->n; i++) {
		const struct svg_text *e = &t->v[i];
		if (e->s[0] == '\0') {
			continue;
		}
		fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\"%s", e->x, e->y, e->size,
			e->bold ? " font-weight=\"bold\"" : "");
		if (e->w > 0) {
			fprintf(f, " textLength=\"%.2f\" lengthAdjust=\"spacingAndGlyphs\"", e->w);
		}
		fputc('>', f);
		xml_text(f, e->s);
		fputs("</text>\n", f);
	}
	fputs("</g>\n", f);
}

cairo_status_t kv_svg_add_text(cairo_surface_t *s, const char *path)
{
	const struct svg_texts *t = cairo_surface_get_user_data(s, &svg_key);
	size_t len = 0;

	if (t == NULL || t->n == 0) {
		return CAIRO_STATUS_SUCCESS;
	}
	char *svg = slurp(path, &len);
	if (svg == NULL) {
		return CAIRO_STATUS_WRITE_ERROR;
	}
	/* cairo writes one <svg ...> start tag and ends with </svg> */
	char *open = strstr(svg, "<svg");
	char *head = open != NULL ? strchr(open, '>') : NULL;
	char *tail = head != NULL ? strstr(head, "</svg>") : NULL;
	for (char *next = tail; next != NULL; next = strstr(next + 1, "</svg>")) {
		tail = next;
	}
	FILE *f = tail != NULL ? fopen(path, "wb") : NULL;
	if (f == NULL) {
		free(svg);
		return CAIRO_STATUS_WRITE_ERROR;
	}
	head++;
	fwrite(svg, 1, (size_t)(head - svg), f);
	fputs("\n<title>", f); /* the first child of <svg>: its accessible name */
	xml_text(f, t->v[0].s);
	fputs("</title>", f);
	fwrite(head, 1, (size_t)(tail - head), f);
	write_texts(f, t);
	fwrite(tail, 1, len - (size_t)(tail - svg), f);
	bool ok = !ferror(f);
	ok = fclose(f) == 0 && ok;
	free(svg);
	return ok ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

void kv_text_cleanup(void)
{
	/* Drops the calling thread's default font map, and with it Pango's
	 * fonts and the fontconfig patterns and cairo fonts they hold. */
	pango_cairo_font_map_set_default(NULL);
}
