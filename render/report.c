/* report.c - the PDF report: its document, title and summary pages. */
#include "render/report.h"

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
#include "render/report_doc.h"
#include "render/text.h"
#include "util/outfile.h"
#include "util/xalloc.h"

void kv_doc_footer(struct doc *d)
{
	char buf[256];

	cairo_set_source_rgb(d->cr, 0.45, 0.45, 0.45);
	snprintf(buf, sizeof(buf), "%s \xc2\xb7 kvperf %s", d->in->title, d->in->version);
	kv_text(d->cr, MARGIN, d->h - 24, 7, false, 0, buf);
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
	char link[64];

	if (y > 0) {
		snprintf(link, sizeof(link), "page=%d pos=[0 %.1f]", d->page, y);
	} else {
		snprintf(link, sizeof(link), "page=%d", d->page);
	}
	return cairo_pdf_surface_add_outline(
	    d->surface, parent, text, link,
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

/* Text wrapped at spaces into lines of at most width, below y; returns the
 * y of the last line drawn. */
static double paragraph(cairo_t *cr, double x, double y, double width, double size,
			const char *text)
{
	char line[1024];
	const char *p = text;

	while (*p) {
		size_t fit = 0, len = strlen(p);
		/* the longest prefix ending at a space (or the end) that fits */
		for (size_t i = 1; i <= len && i < sizeof(line); i++) {
			if (i < len && p[i] != ' ') {
				continue;
			}
			snprintf(line, sizeof(line), "%.*s", (int)i, p);
			if (kv_text_width(cr, size, false, line) > width && fit > 0) {
				break;
			}
			fit = i;
		}
		if (fit == 0) {
			fit = len < sizeof(line) - 1 ? len : sizeof(line) - 1;
		}
		snprintf(line, sizeof(line), "%.*s", (int)fit, p);
		y += size + 3;
		kv_text(cr, x, y, size, false, 0, line);
		p += fit;
		while (*p == ' ') {
			p++;
		}
	}
	return y;
}

static void title_page(struct doc *d)
{
	const struct kv_report_input *in = d->in;
	cairo_t *cr = d->cr;
	double y = MARGIN + 40;
	char buf[2048];

	kv_doc_new_page(d, "Title");
	cairo_set_source_rgb(cr, 0, 0, 0);
	kv_text(cr, MARGIN, y, 22, true, 0, in->title);
	y += 22;
	cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
	snprintf(buf, sizeof(buf), "%s \xc2\xb7 kvperf %s", in->date, in->version);
	kv_text(cr, MARGIN, y, 10, false, 0, buf);
	y += 30;
	cairo_set_source_rgb(cr, 0, 0, 0);
	snprintf(buf, sizeof(buf), "Baseline: %s", in->o->baseline);
	kv_text(cr, MARGIN, y, 11, true, 0, buf);
	y += 16;
	if (in->r != NULL) {
		size_t len = (size_t)snprintf(buf, sizeof(buf),
					      "Variant%s: ", in->r->nvariants == 1 ? "" : "s");
		for (size_t i = 0; i < in->r->nvariants && len < sizeof(buf); i++) {
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? ", " : "",
						in->r->variants[i]);
		}
		kv_text(cr, MARGIN, y, 11, true, 0, buf);
	}
	y += 28;
	/* runs and samples per configuration */
	kv_text(cr, MARGIN, y, 10, true, 0, "Configurations");
	y += 14;
	const char *head[] = {"configuration", "runs", "benchmarks", "metrics", "samples"};
	double col[] = {MARGIN, MARGIN + 200, MARGIN + 260, MARGIN + 330, MARGIN + 400};
	for (int i = 0; i < 5; i++) {
		kv_text(cr, col[i] + (i ? 50 : 0), y, 8, true, i ? 2 : 0, head[i]);
	}
	y += 12;
	for (size_t i = 0; i < in->nconfigs && y < d->h - 300; i++) {
		const struct kv_db_config *c = &in->configs[i];
		int64_t v[] = {c->runs, c->benchmarks, c->metrics, c->samples};
		kv_text(cr, col[0], y, 8, false, 0, c->config);
		for (int k = 0; k < 4; k++) {
			snprintf(buf, sizeof(buf), "%lld", (long long)v[k]);
			kv_text(cr, col[k + 1] + 50, y, 8, false, 2, buf);
		}
		y += 11;
	}
	y += 18;
	/* the labels that tell the configurations apart (the KubeVirt tunings) */
	if (in->nlabel_keys > 0) {
		kv_text(cr, MARGIN, y, 10, true, 0, "Labels that differ between configurations");
		y += 14;
		double kw = 170,
		       cw = (d->w - 2 * MARGIN - kw) / (double)(in->nconfigs ? in->nconfigs : 1);
		for (size_t j = 0; j < in->nconfigs; j++) {
			kv_text(cr, MARGIN + kw + cw * (double)j, y, 8, true, 0,
				in->configs[j].config);
		}
		y += 12;
		for (size_t i = 0; i < in->nlabel_keys && y < d->h - 130; i++) {
			kv_text(cr, MARGIN, y, 8, false, 0, in->label_keys[i]);
			for (size_t j = 0; j < in->nconfigs; j++) {
				const char *v = in->label_values[i * in->nconfigs + j];
				kv_text(cr, MARGIN + kw + cw * (double)j, y, 8, false, 0,
					v[0] ? v : "\xe2\x80\x94");
			}
			y += 11;
		}
		y += 18;
	}
	kv_text(cr, MARGIN, y, 10, true, 0, "Method");
	y += 3;
	double width = d->w - 2 * MARGIN;
	snprintf(buf, sizeof(buf), "%s. %c%s.", kv_overhead_definition,
		 toupper((unsigned char)kv_change_definition[0]), kv_change_definition + 1);
	buf[0] = (char)toupper((unsigned char)buf[0]);
	y = paragraph(cr, MARGIN, y, width, 8, buf);
	if (in->r != NULL) {
		char part[1024];
		kv_fmt_methods(in->r, part, sizeof(part));
		snprintf(buf, sizeof(buf), "%c%s.", toupper((unsigned char)part[0]), part + 1);
		y = paragraph(cr, MARGIN, y, width, 8, buf);
		kv_fmt_levels(in->r, in->o, part, sizeof(part));
		snprintf(buf, sizeof(buf),
			 "%s; a verdict is worse or better exactly when the printed interval lies "
			 "wholly above or below 0, else ~ (no significant change).",
			 part);
		y = paragraph(cr, MARGIN, y, width, 8, buf);
		y = paragraph(
		    cr, MARGIN, y, width, 8,
		    "The summary is the geometric mean G of C per variant and category; "
		    "its interval keeps the correlation of metrics measured in the same "
		    "runs, and a metric that is an exact multiple of another counts once.");
	}
	size_t nsum = 0, lo = SIZE_MAX, hi = 0;
	for (size_t i = 0; in->r != NULL && i < in->r->n; i++) {
		const struct kv_comparison *c = &in->r->c[i];
		if (c->flags & KV_FLAG_SUMMARY) {
			nsum++;
			lo = c->bs.n < lo ? c->bs.n : lo;
			lo = c->vs.n < lo ? c->vs.n : lo;
			hi = c->bs.n > hi ? c->bs.n : hi;
			hi = c->vs.n > hi ? c->vs.n : hi;
		}
	}
	if (nsum > 0) {
		char runs[48];
		if (lo == hi) {
			snprintf(runs, sizeof(runs), "%zu", lo);
		} else {
			snprintf(runs, sizeof(runs), "%zu to %zu", lo, hi);
		}
		snprintf(buf, sizeof(buf),
			 "%zu of %zu comparisons are of per-run summaries (a P50, an average): "
			 "their intervals are across %s runs, not across the VMs or requests "
			 "inside each run (marked \"per-run summary\" in the details).",
			 nsum, in->r->n, runs);
		y = paragraph(cr, MARGIN, y, d->w - 2 * MARGIN, 8, buf);
	}
	if (in->r == NULL) {
		y += 40;
		cairo_set_source_rgb(cr, 0.6, 0.1, 0.1);
		kv_text(cr, MARGIN, y, 11, true, 0,
			"Nothing to compare: only the baseline is in the database.");
	}
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
			  size_t i, char cell[SUM_COLS][96])
{
	const struct kv_summary_row *s = &r->summary[i];

	snprintf(cell[SUM_VARIANT], 96, "%s", s->variant);
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

/* Cuts text at the last space that leaves a first line within width; the
 * rest goes to rest.  Without such a space text is left whole. */
static void split_fit(cairo_t *cr, double size, char *text, double width, char *rest,
		      size_t size_rest)
{
	rest[0] = '\0';
	for (char *sp = strrchr(text, ' '); sp != NULL;) {
		*sp = '\0';
		if (kv_text_width(cr, size, false, text) <= width) {
			snprintf(rest, size_rest, "%s", sp + 1);
			return;
		}
		char *prev = strrchr(text, ' ');
		*sp = ' ';
		sp = prev;
	}
}

/* The geometric-mean table: columns as wide as their widest cell; the
 * interval method's column gives way (its text on two lines) when the page
 * is too narrow.  Returns the y below it. */
static double summary_table(struct doc *d, double y)
{
	static const char *const head[SUM_COLS] = {
	    "variant",  "category", "metrics", "runs (b/v)",      "\xc3\x97G",
	    "overhead", "interval", "verdict", "interval method", "gap closed"};
	static const int align[SUM_COLS] = {0, 0, 2, 2, 2, 2, 0, 0, 0, 2};
	const struct kv_compare_result *r = d->in->r;
	const double size = 7.5, gap = 6;
	size_t ncol = d->in->o->reference != NULL ? SUM_COLS : SUM_COLS - 1;
	double w[SUM_COLS], x[SUM_COLS], total = 0;
	char cell[SUM_COLS][96];

	for (size_t c = 0; c < ncol; c++) {
		w[c] = kv_text_width(d->cr, size, true, head[c]);
	}
	for (size_t i = 0; i < r->nsummary; i++) {
		summary_cells(r, d->in->o, i, cell);
		for (size_t c = 0; c < ncol; c++) {
			w[c] = fmax(w[c], kv_text_width(d->cr, size, false, cell[c]));
		}
	}
	w[SUM_VARIANT] = fmin(w[SUM_VARIANT], 110);
	for (size_t c = 0; c < ncol; c++) {
		total += w[c] + (c ? gap : 0);
	}
	double room = d->w - 2 * MARGIN;
	if (total > room) { /* the interval method wraps onto a second line */
		w[SUM_METHOD] = fmax(60, w[SUM_METHOD] - (total - room));
	}
	double at = MARGIN;
	for (size_t c = 0; c < ncol; c++) {
		x[c] = align[c] == 2 ? at + w[c] : at;
		at += w[c] + gap;
	}
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (size_t c = 0; c < ncol; c++) {
		kv_text(d->cr, x[c], y, size, true, align[c], head[c]);
	}
	y += 11;
	for (size_t i = 0; i < r->nsummary && y < d->h - 120; i++) {
		enum kv_verdict v = r->summary[i].verdict;
		double extra = 0;
		summary_cells(r, d->in->o, i, cell);
		for (size_t c = 0; c < ncol; c++) {
			if ((c == SUM_VERDICT || c == SUM_OVERHEAD) &&
			    (v == KV_WORSE || v == KV_BETTER)) {
				struct kv_rgb col =
				    v == KV_WORSE ? kv_color_worse() : kv_color_better();
				cairo_set_source_rgb(d->cr, col.r, col.g, col.b);
			} else {
				cairo_set_source_rgb(d->cr, 0.1, 0.1, 0.1);
			}
			if (c == SUM_METHOD && kv_text_width(d->cr, size, false, cell[c]) > w[c]) {
				char rest[96];
				split_fit(d->cr, size, cell[c], w[c], rest, sizeof(rest));
				kv_text_fit(d->cr, x[c], y + 9, size, w[c], align[c], rest);
				extra = 9;
			}
			kv_text_fit(d->cr, x[c], y, size, w[c], align[c], cell[c]);
		}
		y += 10 + extra;
	}
	return y;
}

static void summary_page(struct doc *d)
{
	struct kv_box b = kv_doc_body(d);
	const struct kv_compare_result *r = d->in->r;
	const char *ref = d->in->o->reference;
	double width = d->w - 2 * MARGIN;
	char buf[2048];

	kv_doc_new_page(d, "Summary");
	b.h = fmin(b.h * 0.5, 64 + 18.0 * (double)r->nsummary);
	kv_chart_summary(d->cr, b, d->in);
	double y = summary_table(d, b.y + b.h + 26);
	cairo_set_source_rgb(d->cr, 0.2, 0.2, 0.2);
	kv_fmt_level(d->in->o->confidence, buf, sizeof(buf));
	char pairing[1536];
	kv_fmt_pairing(r, pairing, sizeof(pairing));
	snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
		 " intervals for G, the geometric mean of the cost ratios C; %s.", pairing);
	y = paragraph(d->cr, MARGIN, y + 4, width, 7.5, buf);
	size_t merged = 0, shown = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (r->c[i].merged_into == NULL) {
			continue;
		}
		merged++;
		if (y < d->h - 110) {
			char m[512];
			kv_fmt_merged(&r->c[i], m, sizeof(m));
			snprintf(buf, sizeof(buf), "merged: %s%s%s",
				 r->nvariants > 1 ? r->c[i].var->config : "",
				 r->nvariants > 1 ? ": " : "", m);
			y = paragraph(d->cr, MARGIN, y, width, 7.5, buf);
			shown++;
		}
	}
	if (shown < merged) {
		snprintf(buf, sizeof(buf),
			 "... and %zu more merged metrics (kvperf compare lists them)",
			 merged - shown);
		y = paragraph(d->cr, MARGIN, y, width, 7.5, buf);
	}
	if (ref != NULL) {
		snprintf(buf, sizeof(buf),
			 "gap closed: the share of %s's overhead a variant recovers, (C_%s - "
			 "C_variant) / (C_%s - 1) = 1 - overhead(variant) / overhead(%s); "
			 "percentile bootstrap interval.",
			 ref, ref, ref, ref);
		paragraph(d->cr, MARGIN, y + 4, width, 7.5, buf);
	}
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
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_TITLE, in->title);
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_CREATOR, "kvperf");
	if (in->source_date >= 0) { /* reproducible bytes for the same input */
		char when[32];
		iso_date(in->source_date, when, sizeof(when));
		cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_CREATE_DATE, when);
		cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_MOD_DATE, when);
	}
	d.cr = cairo_create(d.surface);
	title_page(&d);
	if (in->r != NULL) {
		summary_page(&d);
		kv_doc_forest_pages(&d);
		kv_doc_heatmap_pages(&d);
		kv_doc_detail_pages(&d);
		kv_doc_sweep_pages(&d);
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
	ret = kv_tmp_finish(tmp, path,
			    st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(st) : NULL, err);
	if (ret == 0) {
		*pages = d.page;
	}
	free(tmp);
	return ret;
}

/* One chart into a file: svg, or png of w x h pixels (drawn at 2 pixels a point). */
