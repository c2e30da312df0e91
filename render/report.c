/* report.c - the PDF report: its document, title and summary pages. */
#include "render/report.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <ctype.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <limits.h>
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
#include "render/report_doc.h"
#include "render/report_history.h"
#include "render/text.h"
#include "util/outfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void kv_doc_footer(struct doc *d)
{
	char title[KV_NAME_BUF], buf[KV_NAME_BUF + 64];

	cairo_set_source_rgb(d->cr, 0.45, 0.45, 0.45);
	snprintf(buf, sizeof(buf), "%s \xc2\xb7 kvperf %s",
		 kv_name_cut(d->in->title, KV_NAME_CHARS, title, sizeof(title)), d->in->version);
	kv_text_fit(d->cr, MARGIN, d->h - 24, 7, d->w - 2 * MARGIN - 60, 0, buf);
	snprintf(buf, sizeof(buf), "page %d", d->page);
	kv_text(d->cr, d->w - MARGIN, d->h - 24, 7, false, 2, buf);
}

/* Starts a page; with outline text, adds a bookmark to it. */
int kv_doc_new_page(struct doc *d, const char *outline)
{
	if (d->page > 0) {
		kv_doc_footer(d);
		cairo_show_page(d->cr);
	}
	d->page++;
	return outline != NULL ? kv_doc_outline(d, CAIRO_PDF_OUTLINE_ROOT, outline, 0) : -1;
}

int kv_doc_outline(struct doc *d, int parent, const char *text, double y)
{
	char link[64], name[KV_NAME_SIZE(KV_OUTLINE_CHARS)];
	/* cairo refuses a title that is not UTF-8 (and the document with it) */
	char *valid = g_utf8_make_valid(text, -1);

	kv_name_cut(valid, KV_OUTLINE_CHARS, name, sizeof(name));
	g_free(valid);

	if (y > 0) {
		snprintf(link, sizeof(link), "page=%d pos=[0 %.1f]", d->page, y);
	} else {
		snprintf(link, sizeof(link), "page=%d", d->page);
	}
	return cairo_pdf_surface_add_outline(
	    d->surface, parent, name, link,
	    parent == CAIRO_PDF_OUTLINE_ROOT ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
}

struct kv_box kv_doc_body(const struct doc *d)
{
	return (struct kv_box){MARGIN, MARGIN, d->w - 2 * MARGIN, d->h - 2 * MARGIN - 20};
}

int kv_doc_cmp_overhead(const void *a, const void *b)
{
	const struct kv_comparison *x = *(const struct kv_comparison *const *)a;
	const struct kv_comparison *y = *(const struct kv_comparison *const *)b;
	double p = isfinite(x->overhead_pct) ? x->overhead_pct : -INFINITY;
	double q = isfinite(y->overhead_pct) ? y->overhead_pct : -INFINITY;

	return (p < q) - (p > q); /* largest overhead first, n/a last */
}

/* A piece of a paragraph that is drawn in one style: a line may break
 * before it when brk, and a space goes before it unless it starts a line. */
struct piece {
	size_t run;
	const char *s;
	size_t len;
	bool brk, space;
	double w;
};

struct pieces {
	struct piece *p;
	size_t n, cap;
};

static double piece_width(cairo_t *cr, const struct kv_run *r, const char *s, size_t len)
{
	char buf[512];

	if (len >= sizeof(buf)) { /* a long word, measured whole */
		char *copy = kv_xstrndup(s, len);
		double w = kv_text_width(cr, r->size, r->bold, copy);
		free(copy);
		return w;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	return kv_text_width(cr, r->size, r->bold, buf);
}

/* Draws s[0..len) at (x, y). */
static void piece_draw(cairo_t *cr, const struct kv_run *r, double x, double y, const char *s,
		       size_t len)
{
	char buf[512], *copy = len < sizeof(buf) ? buf : kv_xmalloc(len + 1);

	memcpy(copy, s, len);
	copy[len] = '\0';
	kv_text(cr, x, y, r->size, r->bold, 0, copy);
	if (copy != buf) {
		free(copy);
	}
}

static void add_piece(struct pieces *ps, struct piece p)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 32;
		ps->p = kv_xreallocarray(ps->p, ps->cap, sizeof(*ps->p));
	}
	ps->p[ps->n++] = p;
}

/* A word wider than width, in pieces that fit: cut after a comma, else
 * after a hyphen, underscore, slash, point or equals sign, else between
 * characters. */
static void add_long_word(struct pieces *ps, cairo_t *cr, const struct kv_run *runs, struct piece p,
			  double width)
{
	const struct kv_run *r = &runs[p.run];
	size_t start = 0;

	while (start < p.len) {
		/* the longest run of whole characters that fits (at least one),
		 * by bisection: a word of ten thousand characters takes a few
		 * measures a line */
		size_t lo = start, hi = p.len, cut, comma = 0, soft = 0;
		while (lo < hi) {
			size_t mid = lo + (hi - lo + 1) / 2;
			while (mid > lo && mid < p.len &&
			       ((unsigned char)p.s[mid] & 0xc0) == 0x80) {
				mid--; /* inside a UTF-8 sequence */
			}
			if (mid == lo) { /* no boundary in (lo, mid]: the next one */
				mid = lo + 1;
				while (mid < p.len && ((unsigned char)p.s[mid] & 0xc0) == 0x80) {
					mid++;
				}
				if (mid > hi) {
					break;
				}
			}
			if (piece_width(cr, r, p.s + start, mid - start) <= width) {
				lo = mid;
			} else {
				hi = mid - 1;
			}
		}
		cut = lo;
		if (cut == start) { /* not even one character fits: one anyway */
			cut = start + 1;
			while (cut < p.len && ((unsigned char)p.s[cut] & 0xc0) == 0x80) {
				cut++;
			}
		}
		for (size_t i = start + 1; i <= cut; i++) {
			if (p.s[i - 1] == ',') {
				comma = i;
			} else if (i < p.len && strchr("-_/.=", p.s[i - 1]) != NULL) {
				soft = i;
			}
		}
		if (cut < p.len && (comma > start || soft > start)) {
			cut = comma > start ? comma : soft;
		}
		add_piece(ps, (struct piece){p.run, p.s + start, cut - start,
					     start == 0 ? p.brk : true, start == 0 && p.space,
					     piece_width(cr, r, p.s + start, cut - start)});
		start = cut;
	}
}

/* The common case: every run on one line, one measure and one draw each.
 * Returns false when they do not fit. */
static bool one_line(cairo_t *cr, double x, double y, double width, const struct kv_run *runs,
		     size_t n, bool draw, int *lines)
{
	double w[16], total = 0;

	if (n > 16) {
		return false;
	}
	for (size_t r = 0; r < n; r++) {
		const struct kv_run *k = &runs[r];
		w[r] = k->text[0] ? kv_text_width(cr, k->size, k->bold, k->text) : 0;
		total += w[r];
		if (total > width) {
			return false;
		}
	}
	double at = x;
	for (size_t r = 0; draw && r < n; r++) {
		if (runs[r].text[0]) {
			cairo_set_source_rgb(cr, runs[r].color.r, runs[r].color.g, runs[r].color.b);
			kv_text(cr, at, y, runs[r].size, runs[r].bold, 0, runs[r].text);
		}
		at += w[r];
	}
	*lines = total > 0;
	return true;
}

/* kv_doc_runs that draws only lines [from, to), line from at baseline y. */
static int runs_draw(cairo_t *cr, double x, double y, double width, double lead,
		     const struct kv_run *runs, size_t n, int from, int to)
{
	struct pieces ps = {0};
	bool space = false, brk = true;
	int lines = 0;

	if (one_line(cr, x, y, width, runs, n, from <= 0 && to > 0, &lines)) {
		return lines;
	}
	/* pieces: the words of each run; a run may end or start inside a word */
	for (size_t r = 0; r < n; r++) {
		const char *s = runs[r].text;
		while (*s) {
			if (*s == ' ') {
				space = brk = true;
				s++;
				continue;
			}
			/* a word, or up to its next comma: a line may break after one
			 * (parameters: "bs=4k,iodepth=32,rw=randread") */
			size_t len = strcspn(s, " ,");
			len += s[len] == ',';
			struct piece p = {r, s, len, brk, space, piece_width(cr, &runs[r], s, len)};
			if (p.w > width) {
				add_long_word(&ps, cr, runs, p, width);
			} else {
				add_piece(&ps, p);
			}
			space = false;
			brk = s[len - 1] == ',';
			s += len;
		}
	}
	/* the width of a space in each run's type, measured once */
	double *sp = kv_xcalloc(n ? n : 1, sizeof(*sp));
	for (size_t r = 0; r < n; r++) {
		sp[r] = piece_width(cr, &runs[r], " ", 1);
	}
	double at = 0;
	for (size_t i = 0; i < ps.n; i++) {
		struct piece *p = &ps.p[i];
		/* the unit that must stay on one line: p and the pieces glued to it */
		double unit = p->w, gap = p->space ? sp[p->run] : 0;
		for (size_t j = i + 1; j < ps.n && !ps.p[j].brk; j++) {
			unit += ps.p[j].w + (ps.p[j].space ? sp[ps.p[j].run] : 0);
		}
		if (lines == 0 || (p->brk && at > 0 && at + gap + unit > width)) {
			lines++;
			at = 0;
		}
		if (at > 0) {
			at += gap;
		}
		if (lines - 1 >= from && lines - 1 < to) {
			const struct kv_run *r = &runs[p->run];
			cairo_set_source_rgb(cr, r->color.r, r->color.g, r->color.b);
			piece_draw(cr, r, x + at, y + lead * (lines - 1 - from), p->s, p->len);
		}
		at += p->w;
	}
	free(sp);
	free(ps.p);
	return lines;
}

int kv_doc_runs(cairo_t *cr, double x, double y, double width, double lead,
		const struct kv_run *runs, size_t n, bool draw)
{
	return runs_draw(cr, x, y, width, lead, runs, n, 0, draw ? INT_MAX : 0);
}

void kv_flow_init(struct kv_flow *f, struct doc *d, const char *cont)
{
	*f = (struct kv_flow){.d = d, .y = MARGIN, .empty = true, .cont = cont};
}

double kv_flow_bottom(const struct doc *d)
{
	return d->h - MARGIN + 8; /* the footer's baseline is 24 points from the edge */
}

bool kv_flow_need(struct kv_flow *f, double h)
{
	if (f->empty || f->y + h <= kv_flow_bottom(f->d)) {
		return false;
	}
	kv_doc_new_page(f->d, NULL);
	f->y = MARGIN;
	f->empty = true;
	if (f->cont != NULL) {
		cairo_set_source_rgb(f->d->cr, 0.45, 0.45, 0.45);
		kv_text(f->d->cr, MARGIN, f->y + 7, 7.5, false, 0, f->cont);
		f->y += 20;
	}
	if (f->header != NULL) {
		f->header(f, f->header_arg);
	}
	return true;
}

void kv_flow_heading(struct kv_flow *f, const char *text, const char *note, double next)
{
	cairo_t *cr = f->d->cr;

	kv_flow_need(f, 6 + 18 + (note != NULL ? 9 : 0) + next);
	if (!f->empty) {
		f->y += 6;
	}
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	double room = f->d->w - 2 * MARGIN;
	double w = kv_text_fit_style(cr, MARGIN, f->y + 9, 9, true, room, 0, text);
	/* the note at the right end of the heading, or under its rule */
	bool below = note != NULL && w + 12 + kv_text_width(cr, 6.5, false, note) > room;
	if (note != NULL && !below) {
		cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
		kv_text(cr, f->d->w - MARGIN, f->y + 9, 6.5, false, 2, note);
	}
	cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, MARGIN, f->y + 12.5);
	cairo_line_to(cr, f->d->w - MARGIN, f->y + 12.5);
	cairo_stroke(cr);
	f->y += 18;
	f->empty = false;
	if (below) {
		struct kv_run run = {note, 6.5, false, {0.45, 0.45, 0.45}};
		int lines = kv_doc_runs(cr, MARGIN, f->y + 4, room, 9, &run, 1, true);
		f->y += 9 * lines + 2;
	}
}

void kv_flow_runs(struct kv_flow *f, double x, double width, double size, double lead,
		  const struct kv_run *runs, size_t n)
{
	cairo_t *cr = f->d->cr;
	int lines = kv_doc_runs(cr, x, 0, width, lead, runs, n, false);
	/* a page below the "(continued)" line and a table's header */
	double page = kv_flow_bottom(f->d) - MARGIN - 40;

	if (lead * lines <= page) { /* kept whole */
		kv_flow_need(f, lead * lines);
		kv_doc_runs(cr, x, f->y + size, width, lead, runs, n, true);
		f->y += lead * lines;
		f->empty = false;
		return;
	}
	for (int done = 0; done < lines;) {
		kv_flow_need(f, lead);
		int fit = (int)floor((kv_flow_bottom(f->d) - f->y) / lead);
		int to = done + (fit > 1 ? fit : 1);
		to = to < lines ? to : lines;
		runs_draw(cr, x, f->y + size, width, lead, runs, n, done, to);
		f->y += lead * (to - done);
		f->empty = false;
		done = to;
	}
}

void kv_flow_paragraph(struct kv_flow *f, double size, double g, const char *text)
{
	struct kv_run run = {text, size, false, {g, g, g}};

	kv_flow_runs(f, MARGIN, f->d->w - 2 * MARGIN, size, size + 3, &run, 1);
}

/* The summary table's columns: header, alignment (0 left, 2 right). */
enum {
	SUM_VARIANT,
	SUM_CATEGORY,
	SUM_K,
	SUM_RUNS,
	SUM_G,
	SUM_OVERHEAD,
	SUM_INTERVAL,
	SUM_VERDICT,
	SUM_METHOD,
	SUM_GAP,
	SUM_COLS
};

static void summary_cells(const struct kv_compare_result *r, const struct kv_compare_opts *o,
			  size_t i, char cell[SUM_COLS][KV_NAME_BUF])
{
	const struct kv_summary_row *s = &r->summary[i];

	kv_name_cut(s->variant, KV_NAME_CHARS, cell[SUM_VARIANT], KV_NAME_BUF);
	snprintf(cell[SUM_CATEGORY], 96, "%s", s->category);
	snprintf(cell[SUM_K], 96, "%zu", s->s.k);
	snprintf(cell[SUM_RUNS], 96, "%zu/%zu", s->s.runs_b, s->s.runs_v);
	kv_fmt_cost(s->s.cost, cell[SUM_G], 96);
	kv_fmt_pct(s->s.overhead_pct, cell[SUM_OVERHEAD], 96);
	kv_fmt_pct_range(100 * (s->s.lo - 1), 100 * (s->s.hi - 1), cell[SUM_INTERVAL], 96);
	snprintf(cell[SUM_VERDICT], 96, "%s", kv_verdict_short(s->verdict));
	kv_fmt_sum_method(&s->s, cell[SUM_METHOD], 96);
	cell[SUM_GAP][0] = '\0';
	if (o->reference != NULL) {
		kv_fmt_gap(&s->gap, strcmp(s->variant, o->reference) == 0, cell[SUM_GAP], 96);
	}
}

/* Where the summary table's columns are, and its type. */
struct sumtab {
	size_t ncol;
	double x[SUM_COLS], w[SUM_COLS];
	double size, lead;
};

static const char *const sum_head[SUM_COLS] = {
    "variant",  "category", "metrics", "runs (b/v)",      "\xc3\x97G",
    "overhead", "interval", "verdict", "interval method", "gap closed"};
static const int sum_align[SUM_COLS] = {0, 0, 2, 2, 2, 2, 0, 0, 0, 2};

static void summary_header(struct kv_flow *f, void *arg)
{
	const struct sumtab *t = arg;

	cairo_set_source_rgb(f->d->cr, 0, 0, 0);
	for (size_t c = 0; c < t->ncol; c++) {
		kv_text(f->d->cr, t->x[c], f->y + t->size, t->size, true, sum_align[c],
			sum_head[c]);
	}
	f->y += t->lead + 2;
}

/* The geometric-mean table: columns as wide as their widest cell; when the
 * page is too narrow the interval method's column (then the variant's)
 * gives way, and its text wraps onto more lines: nothing is cut. */
static void summary_table(struct kv_flow *f)
{
	struct doc *d = f->d;
	const struct kv_compare_result *r = d->in->r;
	struct sumtab t = {.ncol = d->in->o->reference != NULL ? SUM_COLS : SUM_COLS - 1};
	double room = d->w - 2 * MARGIN, gap = 6, total = 0;
	char cell[SUM_COLS][KV_NAME_BUF];

	/* 7.5 points, or 6.5 when the columns need more than the page's width */
	for (t.size = 7.5; t.size > 6; t.size -= 1) {
		for (size_t c = 0; c < t.ncol; c++) {
			t.w[c] = kv_text_width(d->cr, t.size, true, sum_head[c]);
		}
		for (size_t i = 0; i < r->nsummary; i++) {
			summary_cells(r, d->in->o, i, cell);
			for (size_t c = 0; c < t.ncol; c++) {
				t.w[c] = fmax(t.w[c], kv_text_width(d->cr, t.size, false, cell[c]));
			}
		}
		gap = t.size < 7 ? 5 : 6;
		total = 0;
		for (size_t c = 0; c < t.ncol; c++) {
			total += t.w[c] + (c ? gap : 0);
		}
		if (total <= room) {
			break;
		}
	}
	t.lead = t.size + 2;
	if (total > room) {
		double cut = fmin(total - room, t.w[SUM_METHOD] - 60);
		t.w[SUM_METHOD] -= cut, total -= cut;
	}
	if (total > room) {
		t.w[SUM_VARIANT] = fmax(50, t.w[SUM_VARIANT] - (total - room));
	}
	double at = MARGIN;
	for (size_t c = 0; c < t.ncol; c++) {
		t.x[c] = sum_align[c] == 2 ? at + t.w[c] : at;
		at += t.w[c] + gap;
	}
	f->header = summary_header, f->header_arg = &t;
	kv_flow_need(f, 3 * t.lead);
	summary_header(f, &t);
	for (size_t i = 0; i < r->nsummary; i++) {
		enum kv_verdict v = r->summary[i].verdict;
		struct kv_rgb col = v == KV_WORSE    ? kv_color_worse()
				    : v == KV_BETTER ? kv_color_better()
						     : (struct kv_rgb){0.1, 0.1, 0.1};
		int lines = 1;
		summary_cells(r, d->in->o, i, cell);
		for (size_t c = 0; c < t.ncol; c++) {
			struct kv_run run = {cell[c], t.size, false, col};
			if (sum_align[c] == 0) {
				int l = kv_doc_runs(d->cr, 0, 0, t.w[c], t.lead, &run, 1, false);
				lines = l > lines ? l : lines;
			}
		}
		kv_flow_need(f, t.lead * lines);
		for (size_t c = 0; c < t.ncol; c++) {
			bool colored = c == SUM_VERDICT || c == SUM_OVERHEAD || c == SUM_INTERVAL;
			struct kv_run run = {cell[c], t.size, false,
					     colored ? col : (struct kv_rgb){0.1, 0.1, 0.1}};
			if (sum_align[c] == 0) {
				kv_doc_runs(d->cr, t.x[c], f->y + t.size, t.w[c], t.lead, &run, 1,
					    true);
			} else {
				cairo_set_source_rgb(d->cr, run.color.r, run.color.g, run.color.b);
				kv_text(d->cr, t.x[c], f->y + t.size, t.size, false, 2, cell[c]);
			}
		}
		f->y += t.lead * lines + (lines > 1 ? 2 : 0);
		f->empty = false;
	}
	f->header = NULL;
}

/* The summary, what it counts once, and how every number was made. */
static void summary_page(struct doc *d)
{
	const struct kv_compare_result *r = d->in->r;
	const struct kv_compare_opts *o = d->in->o;
	struct kv_flow f;
	char buf[3072], conf[32], part[1536];

	kv_doc_new_page(d, "Summary");
	kv_flow_init(&f, d, "Summary (continued)");
	kv_fmt_level(o->confidence, conf, sizeof(conf));
	snprintf(buf, sizeof(buf),
		 "Geometric mean G of the cost ratios C per variant and category, %s intervals",
		 conf);
	kv_flow_heading(&f, buf, NULL, 30);
	summary_table(&f);
	f.y += 6;
	kv_fmt_pairing(r, KV_NAME_CHARS, part, sizeof(part));
	snprintf(buf, sizeof(buf),
		 "%s intervals for G, the geometric mean of the cost ratios C; %s.", conf, part);
	kv_flow_paragraph(&f, 7.5, 0.2, buf);
	for (size_t i = 0; i < r->n; i++) {
		if (r->c[i].merged_into != NULL) {
			char m[2048], v[KV_NAME_BUF];
			kv_fmt_merged(&r->c[i], KV_NAME_CHARS, m, sizeof(m));
			snprintf(buf, sizeof(buf), "merged: %s%s%s",
				 r->nvariants > 1
				     ? kv_name_cut(r->c[i].var->config, KV_NAME_CHARS, v, sizeof(v))
				     : "",
				 r->nvariants > 1 ? ": " : "", m);
			kv_flow_paragraph(&f, 7.5, 0.2, buf);
		}
	}
	if (o->reference != NULL) {
		/* the reference named five times: shorter */
		char ref[KV_NAME_SIZE(32)], base[KV_NAME_SIZE(32)];
		kv_name_cut(o->reference, 32, ref, sizeof(ref));
		kv_name_cut(o->baseline, 32, base, sizeof(base));
		f.y += 4;
		snprintf(
		    buf, sizeof(buf),
		    "gap closed: the share of %s's overhead a variant recovers, (C_%s - "
		    "C_variant) / (C_%s - 1) = 1 - overhead(variant) / overhead(%s); 100%%: as "
		    "good as %s, 0%%: no better than %s; percentile bootstrap interval over "
		    "the runs of all three.",
		    ref, ref, ref, ref, base, ref);
		kv_flow_paragraph(&f, 7.5, 0.2, buf);
	}

	kv_doc_selection_text(d->sel, buf, sizeof(buf));
	if (buf[0]) {
		kv_flow_heading(&f, "What the charts draw", NULL, 3 * 10.5);
		kv_flow_paragraph(&f, 7.5, 0.2, buf);
	}
	kv_flow_heading(&f, "How the numbers are made", NULL, 4 * 10.5);
	snprintf(buf, sizeof(buf), "%s. %c%s.", kv_overhead_definition,
		 toupper((unsigned char)kv_change_definition[0]), kv_change_definition + 1);
	buf[0] = (char)toupper((unsigned char)buf[0]);
	kv_flow_paragraph(&f, 7.5, 0.2, buf);
	kv_fmt_methods(r, part, sizeof(part));
	snprintf(buf, sizeof(buf), "%c%s.", toupper((unsigned char)part[0]), part + 1);
	kv_flow_paragraph(&f, 7.5, 0.2, buf);
	kv_fmt_levels(r, o, part, sizeof(part));
	snprintf(buf, sizeof(buf),
		 "%s; a verdict is worse or better exactly when the printed interval lies "
		 "wholly above or below 0, else ~ (no significant change).",
		 part);
	kv_flow_paragraph(&f, 7.5, 0.2, buf);
	kv_flow_paragraph(&f, 7.5, 0.2,
			  "The summary is the geometric mean G of C per variant and category; "
			  "its interval keeps the correlation of metrics measured in the same "
			  "runs, and a metric that is an exact multiple of another counts once.");
}

static void iso_date(long long epoch, char *buf, size_t size)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
}

int kv_report_pdf(const struct kv_report_input *in, const char *path, int *pages,
		  struct kv_error *err)
{
	struct doc d = {.in = in, .w = in->letter ? 612 : 595.28, .h = in->letter ? 792 : 841.89};
	char *tmp = kv_tmp_name(path);
	int ret;

	d.surface = cairo_pdf_surface_create(tmp, d.w, d.h);
	if (cairo_surface_status(d.surface) != CAIRO_STATUS_SUCCESS) {
		kv_fail(err, KV_EXIT_FAILURE, "cannot write '%s': %s", path,
			cairo_status_to_string(cairo_surface_status(d.surface)));
		cairo_surface_destroy(d.surface);
		free(tmp);
		return -1;
	}
	/* the title as the viewer's window shows it: cut, and UTF-8 (or cairo
	 * refuses the document) */
	char title[KV_NAME_SIZE(KV_OUTLINE_CHARS)], *valid = g_utf8_make_valid(in->title, -1);
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_TITLE,
				       kv_name_cut(valid, KV_OUTLINE_CHARS, title, sizeof(title)));
	g_free(valid);
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_CREATOR, "kvperf");
	if (in->source_date >= 0) { /* reproducible bytes for the same input */
		char when[32];
		iso_date(in->source_date, when, sizeof(when));
		cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_CREATE_DATE, when);
		cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_MOD_DATE, when);
	}
	d.cr = cairo_create(d.surface);
	struct kv_doc_selection sel;
	kv_doc_select(in, &sel);
	d.sel = &sel;
	kv_doc_answer_pages(&d);
	if (in->r != NULL) {
		summary_page(&d);
		kv_doc_forest_pages(&d);
		kv_doc_heatmap_pages(&d);
		kv_doc_detail_pages(&d);
		kv_doc_sweep_pages(&d);
	}
	kv_doc_history_pages(&d); /* nothing without a history */
	if (in->r != NULL) {
		kv_doc_appendix_pages(&d);
	}
	kv_doc_footer(&d);
	cairo_show_page(d.cr);
	cairo_status_t st = cairo_status(d.cr); /* cairo errors are sticky: check once */
	cairo_destroy(d.cr);
	cairo_surface_finish(d.surface);
	if (st == CAIRO_STATUS_SUCCESS) {
		st = cairo_surface_status(d.surface);
	}
	cairo_surface_destroy(d.surface);
	kv_doc_selection_release(&sel);
	ret = kv_tmp_finish(tmp, path,
			    st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(st) : NULL, err);
	if (ret == 0) {
		*pages = d.page;
	}
	free(tmp);
	return ret;
}

/* One chart into a file: svg, or png of w x h pixels (drawn at 2 pixels a point). */
