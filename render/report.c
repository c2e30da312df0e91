/* report.c - the pages of the PDF report, and charts as SVG/PNG files. */
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
#include "util/outfile.h"
#include "util/xalloc.h"

#define MARGIN          48
#define FOREST_ROWS     38
#define HEAT_ROWS       44
#define STRIPS_PER_PAGE 6
#define SWEEPS_PER_PAGE 4

struct doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	const struct kv_report_input *in;
	double w, h; /* page size in points */
	int page;    /* pages begun */
};

static void footer(struct doc *d)
{
	char buf[256];

	cairo_set_source_rgb(d->cr, 0.45, 0.45, 0.45);
	snprintf(buf, sizeof(buf), "%s \xc2\xb7 kvperf %s", d->in->title, d->in->version);
	kv_text(d->cr, MARGIN, d->h - 24, 7, false, 0, buf);
	snprintf(buf, sizeof(buf), "page %d", d->page);
	kv_text(d->cr, d->w - MARGIN, d->h - 24, 7, false, 2, buf);
}

/* Starts a page; with outline text, adds a bookmark to it. */
static void new_page(struct doc *d, const char *outline)
{
	char link[32];

	if (d->page > 0) {
		footer(d);
		cairo_show_page(d->cr);
	}
	d->page++;
	if (outline != NULL) {
		snprintf(link, sizeof(link), "page=%d", d->page);
		cairo_pdf_surface_add_outline(d->surface, CAIRO_PDF_OUTLINE_ROOT, outline, link, 0);
	}
}

static struct kv_box body(const struct doc *d)
{
	return (struct kv_box){MARGIN, MARGIN, d->w - 2 * MARGIN, d->h - 2 * MARGIN - 20};
}

static int cmp_overhead(const void *a, const void *b)
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

	new_page(d, "Title");
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
	struct kv_box b = body(d);
	const struct kv_compare_result *r = d->in->r;
	const char *ref = d->in->o->reference;
	double width = d->w - 2 * MARGIN;
	char buf[2048];

	new_page(d, "Summary");
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

static void forest_pages(struct doc *d)
{
	const struct kv_compare_result *r = d->in->r;
	const struct kv_comparison **c = kv_xmalloc((r->n ? r->n : 1) * sizeof(*c));
	char title[160];

	for (size_t v = 0; v < r->nvariants; v++) {
		size_t n = 0;
		for (size_t i = 0; i < r->n; i++) {
			if (strcmp(r->c[i].var->config, r->variants[v]) == 0) {
				c[n++] = &r->c[i];
			}
		}
		qsort(c, n, sizeof(*c), cmp_overhead);
		for (size_t first = 0; first < n || first == 0; first += FOREST_ROWS) {
			snprintf(title, sizeof(title), "Forest plot: %s", r->variants[v]);
			new_page(d, first == 0 ? title : NULL);
			size_t k = n - first < FOREST_ROWS ? n - first : FOREST_ROWS;
			struct kv_box b = body(d);
			b.h = fmin(b.h, 60 + 16.0 * (double)k);
			kv_chart_forest(d->cr, b, d->in, c + first, k, r->variants[v]);
			if (n == 0) {
				break;
			}
		}
	}
	free(c);
}

/* One comparison per base series (the rows of the heat map and the detail pages). */
static size_t base_rows(const struct kv_compare_result *r, const struct kv_comparison **rows)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++) {
		if (n == 0 || rows[n - 1]->base != r->c[i].base) {
			rows[n++] = &r->c[i];
		}
	}
	return n;
}

static void heatmap_pages(struct doc *d)
{
	const struct kv_compare_result *r = d->in->r;
	const struct kv_comparison **rows = kv_xmalloc((r->n ? r->n : 1) * sizeof(*rows));
	size_t n = base_rows(r, rows);

	for (size_t first = 0; first < n; first += HEAT_ROWS) {
		new_page(d, first == 0 ? "Heat map" : NULL);
		size_t k = n - first < HEAT_ROWS ? n - first : HEAT_ROWS;
		struct kv_box b = body(d);
		b.h = fmin(b.h, 50 + 15.0 * (double)k);
		kv_chart_heatmap(d->cr, b, d->in, rows + first, k);
	}
	free(rows);
}

static void detail_pages(struct doc *d)
{
	const struct kv_compare_result *r = d->in->r;
	const struct kv_comparison **rows = kv_xmalloc((r->n ? r->n : 1) * sizeof(*rows));
	const struct kv_comparison **group = kv_xmalloc((r->n ? r->n : 1) * sizeof(*group));
	size_t n = base_rows(r, rows);
	char title[512];

	for (size_t i = 0; i < n; i++) {
		size_t slot = i % STRIPS_PER_PAGE, ng = 0;
		if (slot == 0) {
			new_page(d, i == 0 ? "Details" : NULL);
		}
		for (size_t k = 0; k < r->n; k++) {
			if (r->c[k].base == rows[i]->base) {
				group[ng++] = &r->c[k];
			}
		}
		struct kv_box b = body(d);
		double cw = b.w / 2, ch = b.h / 3;
		struct kv_box p = {b.x + cw * (double)(slot % 2),
				   b.y + ch * (double)(slot / 2) + 12, cw - 14, ch - 22};
		snprintf(title, sizeof(title), "%s %s %s%s", rows[i]->base->tool,
			 rows[i]->base->benchmark, rows[i]->base->params,
			 rows[i]->flags & KV_FLAG_SUMMARY ? " \xc2\xb7 per-run summary" : "");
		cairo_set_source_rgb(d->cr, 0.35, 0.35, 0.35);
		cairo_save(d->cr);
		cairo_rectangle(d->cr, p.x, p.y - 12, p.w + 10, p.h + 14);
		cairo_clip(d->cr);
		kv_text(d->cr, p.x, p.y - 3, 7, false, 0, title);
		cairo_restore(d->cr);
		kv_chart_strip(d->cr, p, d->in, group, ng);
	}
	free(rows);
	free(group);
}

/* The numeric parameters of a canonical params string, as key=value pairs. */
static size_t split_params(const char *params, char keys[][64], double *vals, size_t max,
			   char rest[][512])
{
	size_t n = 0;
	const char *p = params;

	while (p != NULL && *p && n < max) {
		const char *comma = strchr(p, ','), *eq = strchr(p, '=');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (eq != NULL && (size_t)(eq - p) < len) {
			char *end;
			snprintf(keys[n], 64, "%.*s", (int)(eq - p), p);
			vals[n] = strtod(eq + 1, &end);
			/* rest: the params without this one, to find the others equal */
			snprintf(rest[n], 512, "%.*s%s%s", (int)(p - params), params,
				 comma ? "" : "", comma ? comma + 1 : "");
			if (end == eq + 1 || (size_t)(end - p) != len) {
				vals[n] = NAN;
			}
			n++;
		}
		p = comma ? comma + 1 : NULL;
	}
	return n;
}

/* Groups of comparisons that differ only in one numeric parameter. */
static size_t find_sweeps(const struct kv_compare_result *r, struct kv_sweep *out, size_t max)
{
	size_t n = 0;
	bool *used = kv_xcalloc(r->n ? r->n : 1, sizeof(*used));

	for (size_t i = 0; i < r->n && n < max; i++) {
		char keys[16][64], rest[16][512];
		double vals[16];
		size_t np = split_params(r->c[i].base->params, keys, vals, 16, rest);
		for (size_t k = 0; k < np && !used[i]; k++) {
			if (isnan(vals[k])) {
				continue;
			}
			const struct kv_comparison **g = kv_xmalloc(r->n * sizeof(*g));
			size_t ng = 0, values = 0;
			double seen[64];
			for (size_t j = 0; j < r->n; j++) {
				const struct kv_comparison *c = &r->c[j];
				char k2[16][64], r2[16][512];
				double v2[16];
				if (strcmp(c->base->tool, r->c[i].base->tool) != 0 ||
				    strcmp(c->base->benchmark, r->c[i].base->benchmark) != 0 ||
				    strcmp(c->base->metric, r->c[i].base->metric) != 0) {
					continue;
				}
				size_t n2 = split_params(c->base->params, k2, v2, 16, r2);
				for (size_t m = 0; m < n2; m++) {
					if (strcmp(k2[m], keys[k]) == 0 && !isnan(v2[m]) &&
					    strcmp(r2[m], rest[k]) == 0) {
						g[ng++] = c;
						bool dup = false;
						for (size_t q = 0; q < values; q++) {
							dup = dup ||
							      !(seen[q] < v2[m] || seen[q] > v2[m]);
						}
						if (!dup && values < 64) {
							seen[values++] = v2[m];
						}
					}
				}
			}
			if (values >= 2) {
				for (size_t q = 0; q < ng; q++) {
					used[g[q] - r->c] = true;
				}
				out[n++] = (struct kv_sweep){r->c[i].base->tool,
							     r->c[i].base->benchmark,
							     r->c[i].base->metric,
							     r->c[i].base->unit,
							     kv_xstrdup(keys[k]),
							     g,
							     ng};
				break;
			}
			free(g);
		}
	}
	free(used);
	return n;
}

static void free_sweeps(struct kv_sweep *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)(uintptr_t)s[i].param);
		free(s[i].c);
	}
}

static void sweep_pages(struct doc *d)
{
	struct kv_sweep sw[256];
	size_t n = find_sweeps(d->in->r, sw, 256);

	for (size_t i = 0; i < n; i++) {
		size_t slot = i % SWEEPS_PER_PAGE;
		if (slot == 0) {
			new_page(d, i == 0 ? "Parameter sweeps" : NULL);
		}
		struct kv_box b = body(d);
		double cw = b.w / 2, ch = b.h / 2;
		struct kv_box p = {b.x + cw * (double)(slot % 2), b.y + ch * (double)(slot / 2),
				   cw - 16, ch - 24};
		kv_chart_sweep(d->cr, p, d->in, &sw[i]);
	}
	free_sweeps(sw, n);
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
		forest_pages(&d);
		heatmap_pages(&d);
		detail_pages(&d);
		sweep_pages(&d);
	}
	footer(&d);
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
		qsort(c, n, sizeof(*c), cmp_overhead);
		struct forest_arg fa = {in, c, n < FOREST_ROWS ? n : FOREST_ROWS, r->variants[v]};
		slug(r->variants[v], s, sizeof(s));
		snprintf(name, sizeof(name), "forest-%s", s);
		if (chart_file(dir, name, svg, width, height, draw_forest, &fa, err) < 0) {
			goto out;
		}
		(*files)++;
	}
	struct kv_sweep sw[256];
	size_t nsw = find_sweeps(r, sw, 256);
	for (size_t i = 0; i < nsw; i++) {
		struct sweep_arg sa = {in, &sw[i]};
		char t[600];
		snprintf(t, sizeof(t), "sweep-%s-%s-%s-%s", sw[i].tool, sw[i].benchmark,
			 sw[i].metric, sw[i].param);
		slug(t, name, sizeof(name));
		if (chart_file(dir, name, svg, width, height, draw_sweep, &sa, err) < 0) {
			free_sweeps(sw, nsw);
			goto out;
		}
		(*files)++;
	}
	free_sweeps(sw, nsw);
	ret = 0;
out:
	free(c);
	return ret;
}

void kv_report_cleanup(void)
{
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
	qsort(c, n, sizeof(*c), cmp_overhead);
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
