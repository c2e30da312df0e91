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
/* The same at whole numbers only (a step of at least 1), for counts and
 * integer parameters: never 1.2, 1.4, 1.6. */
void kv_ticks_integer(double lo, double hi, int target, struct kv_ticks *t);
/* Log ticks at powers of two covering [lo, hi] (both > 0), every second
 * or fourth one when there would be more than ten. */
void kv_ticks_log2(double lo, double hi, struct kv_ticks *t);
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
/* The range of a log axis of cost ratios: every point c[i] > 0 (NaN and
 * infinities ignored) and C = 1, widened to the interval ends lo[i], hi[i]
 * that lie within two doublings of that; an end beyond it is drawn as an
 * arrow at the axis's end, so that one interval up to x1000 does not squash
 * every row into a corner, while no point is ever off the axis. */
void kv_cost_range(const double *c, const double *lo, const double *hi, size_t n, double *rlo,
		   double *rhi);

#define KV_TICK_LABEL 48
/* The labels of t's ticks in unit (kv_fmt_si's units; NULL for a
 * parameter's plain numbers).  A linear axis shares one SI prefix and as
 * many decimals as its step needs ("150 µs", "200 µs", and "0 µs", never
 * "0.00 s"); a log axis gives each tick its own prefix.  More decimals are
 * added until no two labels read alike (never five "1.00 Gbit/s"). */
void kv_tick_labels(const struct kv_ticks *t, const char *unit, char (*out)[KV_TICK_LABEL]);

/* How to space the values of a swept parameter along an axis. */
enum kv_scale {
	KV_SCALE_CATEGORY, /* integers: evenly, in order, each value labelled */
	KV_SCALE_LOG2,     /* powers of two over a factor of 4 or more (1024 .. 65536) */
	KV_SCALE_LOG10,    /* other positive values over two decades or more */
	KV_SCALE_LINEAR,   /* anything else */
};
/* The scale for the distinct values x[0..n), sorted ascending. */
enum kv_scale kv_param_scale(const double *x, size_t n);

/*
 * Names (configurations, tools, benchmarks, parameters, metrics, labels)
 * are as long as the input makes them: ten thousand characters is a valid
 * metric name.  Outside the PDF report's appendix, which keeps every name
 * whole, a name is shown with at most KV_NAME_CHARS characters, then "…";
 * a single line also fits its width (kv_fit_label), and wrapped text keeps
 * to a few lines.  A PDF bookmark or an SVG file's title holds at most
 * KV_OUTLINE_CHARS.
 */
#define KV_NAME_CHARS    80
#define KV_OUTLINE_CHARS 200
/* The bytes kv_name_cut needs to write max characters, "…" and the NUL. */
#define KV_NAME_SIZE(max) (4 * (max) + 4)
#define KV_NAME_BUF       KV_NAME_SIZE(KV_NAME_CHARS)
/* Writes s to out (size bytes), cut after max characters (code points; a
 * byte that starts no valid sequence counts as one) and ended by "…" when
 * anything was left out, never inside a UTF-8 sequence; also cut, with
 * "…", where out is too small.  Returns out. */
char *kv_name_cut(const char *s, size_t max, char *out, size_t size);
/* A canonical "k=v,k=v" parameter string with each key and each value cut
 * as kv_name_cut does: a new string (free with free()). */
char *kv_params_cut(const char *params, size_t max);

/* Width of text in the caller's font, in the caller's units. */
typedef double (*kv_text_width_fn)(void *ctx, const char *text);
/* Writes text to out (size bytes), cut at a UTF-8 boundary and ended by
 * "…" so that it fits max_width; the whole text when it fits (and out
 * holds it).  The longest prefix that fits, found by bisection: a few
 * measures, however long the text. */
void kv_fit_label(const char *text, double max_width, kv_text_width_fn width, void *ctx, char *out,
		  size_t size);

struct kv_rgb {
	double r, g, b;
};
/* Configuration i's colour (0 = the baseline, black), from Paul Tol's
 * colour-blind-safe schemes, leaving out every hue near the verdict
 * colours' (vermillion, blue) and grey: a colour means a verdict or a
 * configuration, never both.  Six colours, then they repeat. */
struct kv_rgb kv_palette(size_t i);
/* Verdict colours (Okabe & Ito 2008): worse, better, no significant change. */
struct kv_rgb kv_color_worse(void);
struct kv_rgb kv_color_better(void);
struct kv_rgb kv_color_same(void);
/* Diverging scale centred on zero: -max blue, 0 white, +max vermillion. */
struct kv_rgb kv_diverging(double v, double max);

#endif
