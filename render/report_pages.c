/*
 * report_pages.c - the PDF report's chart pages: forest plots, heat maps,
 * every benchmark's samples and parameter sweeps.
 */
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

void kv_doc_forest_pages(struct doc *d)
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
		qsort(c, n, sizeof(*c), kv_doc_cmp_overhead);
		for (size_t first = 0; first < n || first == 0; first += FOREST_ROWS) {
			snprintf(title, sizeof(title), "Forest plot: %s", r->variants[v]);
			kv_doc_new_page(d, first == 0 ? title : NULL);
			size_t k = n - first < FOREST_ROWS ? n - first : FOREST_ROWS;
			struct kv_box b = kv_doc_body(d);
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

void kv_doc_heatmap_pages(struct doc *d)
{
	const struct kv_compare_result *r = d->in->r;
	const struct kv_comparison **rows = kv_xmalloc((r->n ? r->n : 1) * sizeof(*rows));
	size_t n = base_rows(r, rows);

	for (size_t first = 0; first < n; first += HEAT_ROWS) {
		kv_doc_new_page(d, first == 0 ? "Heat map" : NULL);
		size_t k = n - first < HEAT_ROWS ? n - first : HEAT_ROWS;
		struct kv_box b = kv_doc_body(d);
		b.h = fmin(b.h, 50 + 15.0 * (double)k);
		kv_chart_heatmap(d->cr, b, d->in, rows + first, k);
	}
	free(rows);
}

void kv_doc_detail_pages(struct doc *d)
{
	const struct kv_compare_result *r = d->in->r;
	const struct kv_comparison **rows = kv_xmalloc((r->n ? r->n : 1) * sizeof(*rows));
	const struct kv_comparison **group = kv_xmalloc((r->n ? r->n : 1) * sizeof(*group));
	size_t n = base_rows(r, rows);
	char title[512];

	for (size_t i = 0; i < n; i++) {
		size_t slot = i % STRIPS_PER_PAGE, ng = 0;
		if (slot == 0) {
			kv_doc_new_page(d, i == 0 ? "Details" : NULL);
		}
		for (size_t k = 0; k < r->n; k++) {
			if (r->c[k].base == rows[i]->base) {
				group[ng++] = &r->c[k];
			}
		}
		struct kv_box b = kv_doc_body(d);
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
size_t kv_doc_find_sweeps(const struct kv_compare_result *r, struct kv_sweep *out, size_t max)
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

void kv_doc_free_sweeps(struct kv_sweep *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)(uintptr_t)s[i].param);
		free(s[i].c);
	}
}

void kv_doc_sweep_pages(struct doc *d)
{
	struct kv_sweep sw[256];
	size_t n = kv_doc_find_sweeps(d->in->r, sw, 256);

	for (size_t i = 0; i < n; i++) {
		size_t slot = i % SWEEPS_PER_PAGE;
		if (slot == 0) {
			kv_doc_new_page(d, i == 0 ? "Parameter sweeps" : NULL);
		}
		struct kv_box b = kv_doc_body(d);
		double cw = b.w / 2, ch = b.h / 2;
		struct kv_box p = {b.x + cw * (double)(slot % 2), b.y + ch * (double)(slot / 2),
				   cw - 16, ch - 24};
		kv_chart_sweep(d->cr, p, d->in, &sw[i]);
	}
	kv_doc_free_sweeps(sw, n);
}
