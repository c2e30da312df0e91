/*
 * layout.h - pure chart geometry: axis ticks at 1-2-5 steps (linear) or
 * decades (log), shortening labels with an ellipsis, the colour palette.
 * No cairo here: text width comes from a callback, so this is testable.
 */
#ifndef RENDER_LAYOUT_H
#define RENDER_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#define KV_MAX_TICKS 32

struct kv_ticks {
	double lo, hi;          /* the axis range, widened to whole steps */
	double step;            /* 1, 2 or 5 x 10^k; for log axes the factor between ticks */
	double v[KV_MAX_TICKS]; /* tick values, lo..hi */
	size_t n;
	bool log; /* a log axis (ticks at powers of ten) */
};

/* Linear ticks covering [lo, hi] with about target (>= 2) intervals. */
void kv_ticks_linear(double lo, double hi, int target, struct kv_ticks *t);
/* Log ticks covering [lo, hi] (both > 0) at powers of ten, 1-2-5 within a
 * single decade. */
void kv_ticks_log(double lo, double hi, struct kv_ticks *t);
/* Ticks for a log axis of cost ratios C that covers [lo, hi] and C = 1, at
 * values whose overhead (C - 1) x 100 is a round number: near 1 (hi / lo up
 * to 1.8) overhead steps of 1, 2 or 5 x 10^k; wider, powers of two (with
 * 1.5 x 2^k between them over at most three doublings: -25%, +50%, +200%);
 * wider than 2^8, powers of ten.  The axis ends at the first tick beyond
 * each end.  Every tick is > 0. */
void kv_ticks_cost(double lo, double hi, struct kv_ticks *t);
/* Whether values spanning [lo, hi] want a log axis (positive, >= 2 decades). */
bool kv_wants_log(double lo, double hi);

/* Width of text in the caller's font, in the caller's units. */
typedef double (*kv_text_width_fn)(void *ctx, const char *text);
/* Writes text to out (size bytes), cut at a UTF-8 boundary and ended by
 * "…" so that it fits max_width; the whole text when it fits. */
void kv_fit_label(const char *text, double max_width, kv_text_width_fn width, void *ctx, char *out,
		  size_t size);

struct kv_rgb {
	double r, g, b;
};
/* Okabe & Ito (2008) colour-blind-safe palette: configuration i (0 = baseline). */
struct kv_rgb kv_palette(size_t i);
/* Verdict colours: worse, better, no significant change. */
struct kv_rgb kv_color_worse(void);
struct kv_rgb kv_color_better(void);
struct kv_rgb kv_color_same(void);
/* Diverging scale centred on zero: -max blue, 0 white, +max vermillion. */
struct kv_rgb kv_diverging(double v, double max);

#endif
