/* layout.c - ticks, label fitting and colours. */
#include "render/layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/format.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Heckbert (1990), "Nice numbers for graph labels": 1, 2, 5 x 10^k. */
static double nice_step(double range, int target)
{
	double raw = range / (target > 1 ? target : 1);
	double mag = pow(10, floor(log10(raw)));
	double f = raw / mag;

	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

void kv_ticks_linear(double lo, double hi, int target, struct kv_ticks *t)
{
	memset(t, 0, sizeof(*t));
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0, hi = 1;
	}
	if (hi < lo) {
		double x = lo;
		lo = hi, hi = x;
	}
	if (!(hi > lo)) {
		double pad = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
		lo -= pad, hi += pad;
	}
	double step = nice_step(hi - lo, target);
	while ((floor(hi / step) - ceil(lo / step)) + 3 > KV_MAX_TICKS) {
		step *= 2;
	}
	t->step = step;
	t->lo = floor(lo / step) * step;
	t->hi = ceil(hi / step) * step;
	for (double k = t->lo / step; t->n < KV_MAX_TICKS && k <= t->hi / step + 1e-9; k++) {
		double v = k * step;
		t->v[t->n++] = fabs(v) < step * 1e-9 ? 0 : v; /* no "-0" */
	}
}

void kv_ticks_integer(double lo, double hi, int target, struct kv_ticks *t)
{
	kv_ticks_linear(lo, hi, target, t);
	if (t->step >= 1) {
		return;
	}
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0, hi = 1;
	}
	lo = floor(fmin(lo, hi)), hi = ceil(fmax(lo, hi));
	if (!(hi > lo)) {
		lo -= 1, hi += 1;
	}
	kv_ticks_linear(lo, hi, target, t);
	if (t->step < 1) {
		memset(t, 0, sizeof(*t));
		t->step = 1, t->lo = lo, t->hi = hi;
		for (double v = lo; v <= hi && t->n < KV_MAX_TICKS; v++) {
			t->v[t->n++] = v;
		}
	}
}

void kv_ticks_log2(double lo, double hi, struct kv_ticks *t)
{
	memset(t, 0, sizeof(*t));
	t->log = true;
	if (!(lo > 0) || !(hi > 0) || !isfinite(lo) || !isfinite(hi)) {
		lo = 1, hi = 2;
	}
	double a = floor(log2(fmin(lo, hi)) + 1e-9), b = ceil(log2(fmax(lo, hi)) - 1e-9);
	if (!(b > a)) {
		b = a + 1;
	}
	double every = 1;
	while ((b - a) / every + 1 > 10) {
		every *= 2;
	}
	a = floor(a / every) * every, b = ceil(b / every) * every;
	t->step = exp2(every);
	for (double e = a; e <= b && t->n < KV_MAX_TICKS; e += every) {
		t->v[t->n++] = exp2(e);
	}
	t->lo = t->v[0];
	t->hi = t->v[t->n - 1];
}

void kv_ticks_log(double lo, double hi, struct kv_ticks *t)
{
	memset(t, 0, sizeof(*t));
	t->log = true;
	if (!(lo > 0) || !(hi > 0)) {
		kv_ticks_linear(lo, hi, 5, t);
		return;
	}
	double a = floor(log10(lo)), b = ceil(log10(hi));
	if (b - a < 1) {
		b = a + 1;
	}
	t->lo = pow(10, a);
	t->hi = pow(10, b);
	t->step = 10;
	if (b - a < 1.5) { /* one decade: 1, 2, 5, 10 */
		static const double m[] = {1, 2, 5, 10};
		for (size_t i = 0; i < 4; i++) {
			t->v[t->n++] = m[i] * t->lo;
		}
		return;
	}
	int every = (int)ceil((b - a + 1) / KV_MAX_TICKS);
	for (double e = a; e <= b && t->n < KV_MAX_TICKS; e += every) {
		t->v[t->n++] = pow(10, e);
	}
}

void kv_ticks_cost(double lo, double hi, struct kv_ticks *t)
{
	memset(t, 0, sizeof(*t));
	t->log = true;
	lo = lo > 0 && isfinite(lo) ? fmin(lo, 1) : 1;
	hi = hi > 0 && isfinite(hi) ? fmax(hi, 1) : 1;
	if (hi / lo <= 1.8) {
		/* near 1 the log axis is almost linear: round overheads */
		struct kv_ticks lin;
		kv_ticks_linear(100 * (lo - 1), 100 * (hi - 1), 5, &lin);
		for (size_t i = 0; i < lin.n; i++) {
			if (lin.v[i] > -100) { /* C > 0: there is no overhead of -100% */
				t->v[t->n++] = 1 + lin.v[i] / 100;
			}
		}
		t->step = lin.step;
	} else {
		double every = 1, base = 2;
		double a = floor(log2(lo)), b = ceil(log2(hi));
		if (b - a > 8) { /* powers of ten */
			base = 10;
			a = floor(log10(lo)), b = ceil(log10(hi));
			while ((b - a) / every + 1 > KV_MAX_TICKS) {
				every *= 2;
			}
			a = floor(a / every) * every, b = ceil(b / every) * every;
		}
		t->step = pow(base, every);
		for (double e = a; e <= b && t->n < KV_MAX_TICKS; e += every) {
			t->v[t->n++] = pow(base, e);
			if (base < 3 && b - a <= 3 && e < b) {
				t->v[t->n++] = 1.5 * pow(base, e);
			}
		}
		/* no tick beyond the first one that covers each end */
		size_t first = 0, last = t->n - 1;
		while (first + 1 < t->n && t->v[first + 1] <= lo) {
			first++;
		}
		while (last > first + 1 && t->v[last - 1] >= hi) {
			last--;
		}
		t->n = last - first + 1;
		memmove(t->v, t->v + first, t->n * sizeof(t->v[0]));
	}
	t->lo = t->v[0];
	t->hi = t->v[t->n - 1];
}

bool kv_wants_log(double lo, double hi)
{
	return lo > 0 && hi > 0 && hi / lo >= 100;
}

void kv_cost_range(const double *c, const double *lo, const double *hi, size_t n, double *rlo,
		   double *rhi)
{
	double a = 1, b = 1;

	for (size_t i = 0; i < n; i++) {
		if (c[i] > 0 && isfinite(c[i])) {
			a = fmin(a, c[i]);
			b = fmax(b, c[i]);
		}
	}
	/* interval ends up to two doublings beyond the points widen the axis;
	 * the others will be arrows */
	double la = a / 4, lb = b * 4, wa = a, wb = b;
	for (size_t i = 0; i < n; i++) {
		const double e[] = {lo[i], hi[i]};
		for (size_t j = 0; j < 2; j++) {
			if (e[j] >= la && e[j] <= lb) {
				wa = fmin(wa, e[j]);
				wb = fmax(wb, e[j]);
			}
		}
	}
	*rlo = wa;
	*rhi = wb;
}

/* The fewest decimals (up to 15) that print x exactly enough: 0.5 -> 1, 20 -> 0. */
static int decimals_of(double x)
{
	for (int d = 0; d < 15; d++) {
		double m = pow(10, d);
		if (fabs(round(x * m) / m - x) <= 1e-9 * fabs(x)) {
			return d;
		}
	}
	return 15;
}

static void tick_label(double v, double ref, int decimals, const char *unit, char *out)
{
	if (unit == NULL) {
		if (!(v < 0 || v > 0)) {
			snprintf(out, KV_TICK_LABEL, "0");
		} else {
			snprintf(out, KV_TICK_LABEL, "%.*f", decimals, v);
		}
	} else {
		kv_fmt_si_fixed(v, ref, decimals, unit, out, KV_TICK_LABEL);
	}
}

void kv_tick_labels(const struct kv_ticks *t, const char *unit, char (*out)[KV_TICK_LABEL])
{
	double ref = 0;

	for (size_t i = 0; i < t->n; i++) {
		ref = fmax(ref, fabs(t->v[i]));
	}
	for (int extra = 0; extra <= 6; extra++) {
		for (size_t i = 0; i < t->n; i++) {
			/* a log axis: each tick its own prefix; linear: one for all */
			double r = t->log ? t->v[i] : ref;
			double f = unit != NULL ? kv_si_factor(r, unit) : 1;
			double step = t->log ? t->v[i] / f : t->step / f;
			int d = decimals_of(t->v[i] / f);
			if (!t->log && step > 0 && isfinite(step)) {
				/* one count of decimals for all: the step's */
				d = (int)ceil(-log10(step) - 1e-9);
				d = d > 0 ? d : 0;
			}
			tick_label(t->v[i], r, d + extra, unit, out[i]);
		}
		bool alike = false;
		for (size_t i = 0; i < t->n && !alike; i++) {
			for (size_t j = i + 1; j < t->n && !alike; j++) {
				alike = strcmp(out[i], out[j]) == 0;
			}
		}
		if (!alike) {
			return;
		}
	}
}

enum kv_scale kv_param_scale(const double *x, size_t n)
{
	bool integers = true, pow2 = true, positive = n > 0;

	for (size_t i = 0; i < n; i++) {
		integers = integers && isfinite(x[i]) && !(fabs(x[i] - round(x[i])) > 0);
		positive = positive && x[i] > 0;
		double e = x[i] > 0 ? log2(x[i]) : 0.5;
		pow2 = pow2 && x[i] > 0 && !(fabs(e - round(e)) > 1e-12);
	}
	if (n >= 2 && pow2 && x[n - 1] / x[0] >= 4) {
		return KV_SCALE_LOG2;
	}
	if (integers) {
		return KV_SCALE_CATEGORY;
	}
	if (positive && n >= 2 && x[n - 1] / x[0] >= 100) {
		return KV_SCALE_LOG10;
	}
	return KV_SCALE_LINEAR;
}

static const char ellipsis[] = "\xe2\x80\xa6"; /* U+2026 */

static bool continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* The bytes of the character at s: its UTF-8 sequence, or 1 for a byte
 * that starts no valid one.  Reads no further than a NUL. */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	size_t n = c < 0x80             ? 1
		   : (c & 0xe0) == 0xc0 ? 2
		   : (c & 0xf0) == 0xe0 ? 3
		   : (c & 0xf8) == 0xf0 ? 4
					: 1;

	for (size_t i = 1; i < n; i++) {
		if (!continuation((unsigned char)s[i])) {
			return 1;
		}
	}
	return n;
}

/* Appends s[0..len) cut after max characters, with "…" when cut. */
static void add_cut(struct kv_strbuf *sb, const char *s, size_t len, size_t max)
{
	size_t at = 0;

	for (size_t chars = 0; at < len && chars < max; chars++) {
		size_t k = char_len(s + at);
		at += at + k <= len ? k : len - at;
	}
	kv_strbuf_add(sb, s, at);
	if (at < len) {
		kv_strbuf_adds(sb, ellipsis);
	}
}

char *kv_name_cut(const char *s, size_t max, char *out, size_t size)
{
	size_t len = strlen(s), keep = 0;

	if (size == 0) {
		return out;
	}
	for (size_t chars = 0; keep < len && chars < max; chars++) {
		keep += char_len(s + keep);
	}
	if (keep == len && len < size) {
		memcpy(out, s, len + 1);
		return out;
	}
	if (size < sizeof(ellipsis)) {
		out[0] = '\0';
		return out;
	}
	/* out too small: fewer characters, whole ones */
	for (size_t at = 0, k; keep + sizeof(ellipsis) > size; at += k) {
		k = char_len(s + at);
		if (at + k + sizeof(ellipsis) > size) {
			keep = at;
		}
	}
	memcpy(out, s, keep);
	memcpy(out + keep, ellipsis, sizeof(ellipsis));
	return out;
}

char *kv_params_cut(const char *params, size_t max)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;

	for (const char *p = params; *p;) {
		size_t len = strcspn(p, ","), key = strcspn(p, "=");
		if (key < len) {
			add_cut(&sb, p, key, max);
			kv_strbuf_addc(&sb, '=');
			add_cut(&sb, p + key + 1, len - key - 1, max);
		} else {
			add_cut(&sb, p, len, max);
		}
		p += len;
		if (*p == ',') {
			kv_strbuf_addc(&sb, ',');
			p++;
		}
	}
	return sb.buf != NULL ? kv_strbuf_detach(&sb) : kv_xstrdup("");
}

void kv_fit_label(const char *text, double max_width, kv_text_width_fn width, void *ctx, char *out,
		  size_t size)
{
	size_t len = strlen(text);

	if (size == 0) {
		return;
	}
	if (len < size) {
		memcpy(out, text, len + 1);
		if (width(ctx, out) <= max_width) {
			return;
		}
	}
	if (size < sizeof(ellipsis)) {
		out[0] = '\0';
		return;
	}
	/* the places a prefix may end (never inside a character), the longest
	 * that fits with "…" found by bisection: the width grows with the prefix */
	size_t most = len < size - sizeof(ellipsis) ? len : size - sizeof(ellipsis);
	size_t *cut = kv_xmalloc((most + 1) * sizeof(*cut)), n = 0;
	for (size_t b = 1; b <= most; b++) {
		if (b == len || !continuation((unsigned char)text[b])) {
			cut[n++] = b;
		}
	}
	size_t lo = 0, hi = n; /* prefixes cut[0 .. lo) fit, cut[hi ..) do not */
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		snprintf(out, size, "%.*s%s", (int)cut[mid - 1], text, ellipsis);
		if (width(ctx, out) <= max_width) {
			lo = mid;
		} else {
			hi = mid - 1;
		}
	}
	snprintf(out, size, "%.*s%s", lo > 0 ? (int)cut[lo - 1] : 0, text, ellipsis);
	free(cut);
}

struct kv_rgb kv_palette(size_t i)
{
	/* black, green, purple, olive, wine, teal (Tol 2021, "bright" and
	 * "muted"): none near vermillion, blue or grey */
	static const unsigned rgb[] = {0x000000, 0x117733, 0xAA3377, 0x999933, 0x882255, 0x44AA99};
	unsigned c = rgb[i % (sizeof(rgb) / sizeof(rgb[0]))];

	return (struct kv_rgb){(c >> 16) / 255.0, ((c >> 8) & 255) / 255.0, (c & 255) / 255.0};
}

struct kv_rgb kv_color_worse(void)
{
	return (struct kv_rgb){0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0};
}

struct kv_rgb kv_color_better(void)
{
	return (struct kv_rgb){0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0};
}

struct kv_rgb kv_color_same(void)
{
	return (struct kv_rgb){0.6, 0.6, 0.6};
}

struct kv_rgb kv_diverging(double v, double max)
{
	struct kv_rgb end = v > 0 ? kv_color_worse() : kv_color_better();
	double f = max > 0 && isfinite(v) ? fmin(1, fabs(v) / max) : 0;

	return (struct kv_rgb){1 + (end.r - 1) * f, 1 + (end.g - 1) * f, 1 + (end.b - 1) * f};
}
