/*
 * text.h - every piece of text of the report and the charts, laid out by
 * Pango on a cairo context: DejaVu Sans, with fontconfig's fallback for the
 * characters it lacks (CJK, other scripts) and HarfBuzz's shaping.
 *
 * Sizes are in the user units of the cairo context (points on a PDF page);
 * y is always a baseline.  Text must be UTF-8; an invalid sequence is drawn
 * as U+FFFD.  On a context in an error state (say, its image surface could
 * not be made) nothing is drawn and every text measures 0.
 */
#ifndef RENDER_TEXT_H
#define RENDER_TEXT_H

#include <cairo.h>
#include <stdbool.h>

/* Draws one line of text with its baseline at y; returns the width drawn.
 * align: 0 left (x is the start), 1 centre, 2 right (x is the end).  The
 * current point is left at the end of the text, as cairo_show_text does. */
double kv_text(cairo_t *cr, double x, double y, double size, bool bold, int align, const char *s);
/* The width kv_text would draw, without drawing. */
double kv_text_width(cairo_t *cr, double size, bool bold, const char *s);
struct kv_ticks;
/* The width of the widest of an axis' tick labels (kv_tick_labels) at size. */
double kv_tick_labels_width(cairo_t *cr, const struct kv_ticks *t, const char *unit, double size);
/* Text fitted into width w, cut with an ellipsis when it does not fit
 * (kv_fit_label); never bold. */
void kv_text_fit(cairo_t *cr, double x, double y, double size, double w, int align, const char *s);
/* The same in either weight; returns the width drawn. */
double kv_text_fit_style(cairo_t *cr, double x, double y, double size, bool bold, double w,
			 int align, const char *s);

/* A paragraph wrapped at word boundaries (at characters inside a word
 * longer than width) into lines of at most width, left-aligned at x below
 * y: the first baseline at y + size + 3, the next ones size + 3 apart.
 * Returns the y of the last baseline (y itself for empty text). */
double kv_text_wrap(cairo_t *cr, double x, double y, double width, double size, bool bold,
		    const char *s);
/* The number of lines kv_text_wrap would draw (0 for empty text). */
int kv_text_lines(cairo_t *cr, double width, double size, bool bold, const char *s);
/* kv_text_wrap and kv_text_lines in at most max_lines lines (0: no
 * limit): text that needs more ends its last line with "…" (a name of ten
 * thousand characters in a chart's title or label). */
double kv_text_wrap_max(cairo_t *cr, double x, double y, double width, double size, bool bold,
			int max_lines, const char *s);
int kv_text_lines_max(cairo_t *cr, double width, double size, bool bold, int max_lines,
		      const char *s);

/*
 * Real text in SVG files.  cairo's SVG surface writes glyphs as outlines
 * only, so the text drawn on an SVG surface is also remembered with the
 * surface; after cairo_surface_finish() has written the file at path,
 * kv_svg_add_text() adds it to the file: the first text drawn as the
 * document's <title>, and every text as a transparent <text> element over
 * its outlines, so that the file can be searched, selected and read aloud.
 * A text cut to fit is kept whole, up to KV_OUTLINE_CHARS characters (the
 * title too).
 * Does nothing for other surfaces or when no text was drawn; returns
 * CAIRO_STATUS_WRITE_ERROR when the file cannot be read or rewritten.
 */
cairo_status_t kv_svg_add_text(cairo_surface_t *s, const char *path);

/* Releases Pango's font map and its caches (fonts, fontconfig patterns):
 * for leak checkers, at the end, before cairo_debug_reset_static_data()
 * and FcFini().  Text may be drawn again afterwards. */
void kv_text_cleanup(void);

#endif
