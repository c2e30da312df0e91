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

#define MAX_LAYOUTS 1024 /* laid-out texts kept per cairo context */

/*
 * What a cairo context keeps between calls, attached to it as user data
 * (freed with it): its Pango context and the texts it laid out.  A report
 * lays out the same few thousand texts over and over (axis labels on every
 * chart, configuration names in every legend, a text measured and then
 * drawn), so shaping each only once takes most of Pango's time away.
 * Pango's font map, shared by every context, caches the fonts.
 */
struct text_cache {
	PangoContext *context;
	cairo_matrix_t matrix;      /* the cairo context's matrix when context was updated */
	cairo_surface_t *target;    /* and its target, whose font options it took */
	PangoFontDescription *font; /* FONT, set to each layout's size and weight */
	GHashTable *layouts;        /* struct layout_key * -> PangoLayout *, owning both */
};

/* What makes a layout: the text as the caller gave it and how it is set. */
struct layout_key {
	int size;  /* Pango units */
	int width; /* Pango units; -1: one line */
	bool bold;
	const char *text;
	char *own; /* the copy text points to, in the table's keys; NULL in a key to look up */
};

static const cairo_user_data_key_t cache_key;

static guint key_hash(gconstpointer p)
{
	const struct layout_key *k = p;

	return g_str_hash(k->text) ^ ((guint)k->size * 31u + (guint)k->width * 7u + k->bold);
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
	const struct layout_key *x = a, *y = b;

	return x->size == y->size && x->width == y->width && x->bold == y->bold &&
	       strcmp(x->text, y->text) == 0;
}

static void key_free(gpointer p)
{
	struct layout_key *k = p;

	free(k->own);
	free(k);
}

static void cache_free(void *p)
{
	struct text_cache *c = p;

	g_hash_table_destroy(c->layouts);
	pango_font_description_free(c->font);
	g_object_unref(c->context);
	free(c);
}

/* The cache of cr, made at its first text; NULL for a context in an error
 * state, which draws nothing (its user data cannot be set either). */
static struct text_cache *cache_get(cairo_t *cr)
{
	struct text_cache *c = cairo_get_user_data(cr, &cache_key);

	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		return NULL;
	}
	if (c != NULL) {
		cairo_matrix_t m;
		cairo_get_matrix(cr, &m);
		/* Updating the context makes every layout redo its lines, even when
		 * nothing changed (Pango 1.50): only when the matrix or the target
		 * did.  (kvperf sets no font options on the cairo context.) */
		if (memcmp(&m, &c->matrix, sizeof(m)) != 0 || cairo_get_target(cr) != c->target) {
			pango_cairo_update_context(cr, c->context);
			c->matrix = m;
			c->target = cairo_get_target(cr);
		}
		return c;
	}
	c = kv_xcalloc(1, sizeof(*c));
	c->context = pango_cairo_create_context(cr);
	/* Pango rounds glyph positions to whole device units by default: on a
	 * PDF page that is whole points, visibly uneven at 7 points. */
	pango_context_set_round_glyph_positions(c->context, FALSE);
	cairo_get_matrix(cr, &c->matrix);
	c->target = cairo_get_target(cr);
	c->font = pango_font_description_from_string(FONT);
	c->layouts = g_hash_table_new_full(key_hash, key_equal, key_free, g_object_unref);
	if (cairo_set_user_data(cr, &cache_key, c, cache_free) != CAIRO_STATUS_SUCCESS) {
		cache_free(c); /* cairo's own out of memory: the context draws no text */
		return NULL;
	}
	return c;
}

/* The layout of s in the font asked for, from the context's cache; width in
 * Pango units, -1 for one line.  Invalid UTF-8 is laid out with U+FFFD.
 * Borrowed: valid until the next call with the same cr.  NULL when cr is
 * in an error state. */
#define ZWSP "\xe2\x80\x8b" /* U+200B ZERO WIDTH SPACE: a break, no glyph, no text */

/* s (a g_malloc'd copy) with a zero-width space after each comma that a
 * character other than a space follows: "bs=4k,iodepth=32" has no break
 * opportunity for Pango (UAX #14 keeps "4k,iodepth" together), so a long
 * parameter list was broken inside a word, with a hyphen Pango inserts
 * ("thr-eads=1"); now it breaks after a comma.  The space is not in the
 * PDF's text (pdftotext, search and copy read the name as it is) and is
 * taken out of an SVG's texts (remember). */
static char *comma_breaks(const char *s)
{
	GString *out = g_string_sized_new(strlen(s) + 16);

	for (const char *p = s; *p != '\0'; p++) {
		g_string_append_c(out, *p);
		if (*p == ',' && p[1] != '\0' && p[1] != ' ' && p[1] != '\n') {
			g_string_append(out, ZWSP);
		}
	}
	return g_string_free(out, FALSE);
}

static PangoLayout *layout_for(cairo_t *cr, double size, bool bold, int width, const char *s)
{
	struct text_cache *c = cache_get(cr);
	if (c == NULL) {
		return NULL;
	}
	struct layout_key key = {pango_units_from_double(size), width, bold, s, NULL};
	PangoLayout *layout = g_hash_table_lookup(c->layouts, &key);

	if (layout != NULL) {
		return layout;
	}
	if (g_hash_table_size(c->layouts) >= MAX_LAYOUTS) {
		g_hash_table_remove_all(c->layouts); /* simple, and rare: a report has fewer */
	}
	layout = pango_layout_new(c->context);
	pango_font_description_set_absolute_size(c->font, key.size);
	pango_font_description_set_weight(c->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, c->font);
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_width(layout, width);
	/* one line: a newline is a glyph, as with cairo_show_text, not a break */
	pango_layout_set_single_paragraph_mode(layout, width < 0);
	char *valid = g_utf8_validate(s, -1, NULL) ? g_strdup(s) : g_utf8_make_valid(s, -1);
	if (width >= 0) {
		char *breakable = comma_breaks(valid);
		g_free(valid);
		valid = breakable;
	}
	pango_layout_set_text(layout, valid, -1);
	g_free(valid);
	struct layout_key *stored = kv_xmalloc(sizeof(*stored));
	*stored = key;
	stored->own = kv_xstrdup(s);
	stored->text = stored->own;
	g_hash_table_insert(c->layouts, stored, layout);
	return layout;
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
	char *title; /* the first text drawn, whole (valid UTF-8) */
};

static const cairo_user_data_key_t svg_key;

static void svg_texts_free(void *p)
{
	struct svg_texts *t = p;

	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].s);
	}
	free(t->v);
	free(t->title);
	free(t);
}

/* A new copy of s[0..len) in valid UTF-8, at most KV_OUTLINE_CHARS
 * characters of it (then "…"); free with free(). */
static char *valid_copy(const char *s, size_t len)
{
	char *valid = g_utf8_validate(s, (gssize)len, NULL) ? g_strndup(s, len)
							    : g_utf8_make_valid(s, (gssize)len);
	size_t size = KV_NAME_SIZE(KV_OUTLINE_CHARS), k = 0;

	for (size_t i = 0; valid[i] != '\0';) { /* comma_breaks' spaces out */
		if (strncmp(valid + i, ZWSP, 3) == 0) {
			i += 3;
		} else {
			valid[k++] = valid[i++];
		}
	}
	valid[k] = '\0';
	char *copy = kv_xmalloc(size);

	kv_name_cut(valid, KV_OUTLINE_CHARS, copy, size);
	g_free(valid);
	return copy;
}

/* On an SVG surface, remembers s[0..len) drawn from (x, y) over width w
 * for kv_svg_add_text(); whole: the text of the call, of which s may be
 * one line. */
static void remember(cairo_t *cr, double x, double y, double w, double size, bool bold,
		     const char *s, size_t len, const char *whole)
{
	cairo_surface_t *target = cairo_get_target(cr);

	if (cairo_surface_get_type(target) != CAIRO_SURFACE_TYPE_SVG ||
	    cairo_surface_status(target) != CAIRO_STATUS_SUCCESS) {
		return;
	}
	struct svg_texts *t = cairo_surface_get_user_data(target, &svg_key);
	if (t == NULL) {
		t = kv_xcalloc(1, sizeof(*t));
		if (cairo_surface_set_user_data(target, &svg_key, t, svg_texts_free) !=
		    CAIRO_STATUS_SUCCESS) {
			svg_texts_free(t); /* the file keeps its outlines only */
			return;
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
	t->v[t->n++] = (struct svg_text){x, y, size, dw, bold, valid_copy(s, len)};
	if (t->title == NULL) {
		t->title = valid_copy(whole, strlen(whole));
	}
}

/* Draws s with its baseline at y; remembers alt (s when NULL) for an SVG
 * file, so that a label cut to fit is searchable by its whole text. */
static double draw(cairo_t *cr, double x, double y, double size, bool bold, int align,
		   const char *s, const char *alt)
{
	PangoLayout *layout = layout_for(cr, size, bold, -1, s);
	if (layout == NULL) {
		return 0;
	}
	PangoLayoutLine *line = pango_layout_get_line_readonly(layout, 0);
	double w = line_width(line);
	double x0 = align == 0 ? x : align == 1 ? x - w / 2 : x - w;

	cairo_move_to(cr, x0, y);
	pango_cairo_show_layout_line(cr, line);
	cairo_move_to(cr, x0 + w, y);
	if (alt == NULL) {
		alt = pango_layout_get_text(layout);
	}
	remember(cr, x0, y, w, size, bold, alt, strlen(alt), alt);
	return w;
}

double kv_text(cairo_t *cr, double x, double y, double size, bool bold, int align, const char *s)
{
	return draw(cr, x, y, size, bold, align, s, NULL);
}

double kv_text_width(cairo_t *cr, double size, bool bold, const char *s)
{
	PangoLayout *layout = layout_for(cr, size, bold, -1, s);

	return layout != NULL ? line_width(pango_layout_get_line_readonly(layout, 0)) : 0;
}

struct fit_ctx {
	cairo_t *cr;
	double size;
	bool bold;
};

static double fit_width(void *ctx, const char *s)
{
	struct fit_ctx *f = ctx;

	return kv_text_width(f->cr, f->size, f->bold, s);
}

double kv_tick_labels_width(cairo_t *cr, const struct kv_ticks *t, const char *unit, double size)
{
	char label[KV_MAX_TICKS][KV_TICK_LABEL];
	double w = 0;

	kv_tick_labels(t, unit, label);
	for (size_t i = 0; i < t->n; i++) {
		double x = kv_text_width(cr, size, false, label[i]);
		w = x > w ? x : w;
	}
	return w;
}

double kv_text_fit_style(cairo_t *cr, double x, double y, double size, bool bold, double w,
			 int align, const char *s)
{
	struct fit_ctx f = {cr, size, bold};
	char buf[512];

	kv_fit_label(s, w, fit_width, &f, buf, sizeof(buf));
	return draw(cr, x, y, size, bold, align, buf, s);
}

void kv_text_fit(cairo_t *cr, double x, double y, double size, double w, int align, const char *s)
{
	kv_text_fit_style(cr, x, y, size, false, w, align, s);
}

double kv_text_wrap(cairo_t *cr, double x, double y, double width, double size, bool bold,
		    const char *s)
{
	return kv_text_wrap_max(cr, x, y, width, size, bold, 0, s);
}

double kv_text_wrap_max(cairo_t *cr, double x, double y, double width, double size, bool bold,
			int max_lines, const char *s)
{
	PangoLayout *layout =
	    *s != '\0' ? layout_for(cr, size, bold, pango_units_from_double(width), s) : NULL;
	if (layout == NULL) {
		return y;
	}
	const char *text = pango_layout_get_text(layout);
	int k = 0;

	for (GSList *l = pango_layout_get_lines_readonly(layout); l != NULL; l = l->next, k++) {
		PangoLayoutLine *line = l->data;
		double w = line_width(line);
		size_t len = (size_t)line->length;

		y += size + WRAP_GAP;
		if (max_lines > 0 && k == max_lines - 1 && l->next != NULL) {
			/* the last line allowed, and more to come: the rest, cut to
			 * fit (a copy: fitting lays out texts, which may drop this
			 * layout from the cache) */
			char *rest = kv_xstrdup(text + line->start_index);
			kv_text_fit_style(cr, x, y, size, bold, width, 0, rest);
			free(rest);
			break;
		}
		cairo_move_to(cr, x, y);
		pango_cairo_show_layout_line(cr, line);
		cairo_move_to(cr, x + w, y);
		while (len > 0 && (text[line->start_index + len - 1] == ' ' ||
				   text[line->start_index + len - 1] == '\n')) {
			len--;
		}
		remember(cr, x, y, w, size, bold, text + line->start_index, len, text);
	}
	return y;
}

int kv_text_lines(cairo_t *cr, double width, double size, bool bold, const char *s)
{
	return kv_text_lines_max(cr, width, size, bold, 0, s);
}

int kv_text_lines_max(cairo_t *cr, double width, double size, bool bold, int max_lines,
		      const char *s)
{
	PangoLayout *layout =
	    *s != '\0' ? layout_for(cr, size, bold, pango_units_from_double(width), s) : NULL;
	int n = layout != NULL ? pango_layout_get_line_count(layout) : 0;

	return max_lines > 0 && n > max_lines ? max_lines : n;
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
	xml_text(f, t->title);
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
	PangoFontMap *map = pango_cairo_font_map_get_default();
	PangoFontFamily **families = NULL;
	int n = 0;

	/* Pango reads fontconfig's configuration in a thread of its own; a
	 * report that ends soon after its first text (one page) could pull
	 * fontconfig and cairo's caches away from under that thread, and
	 * cairo_debug_reset_static_data() then aborted ("live_entries == 0")
	 * now and then.  Listing the families waits for that thread. */
	pango_font_map_list_families(map, &families, &n);
	g_free(families);
	/* Drops the calling thread's default font map, and with it Pango's
	 * fonts and the fontconfig patterns and cairo fonts they hold. */
	pango_cairo_font_map_set_default(NULL);
}
