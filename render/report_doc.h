/*
 * report_doc.h - what the files of the PDF report share: the document being
 * drawn, its pages and the sweeps found in a comparison.  Not for other
 * modules.
 */
#ifndef RENDER_REPORT_DOC_H
#define RENDER_REPORT_DOC_H

#include <cairo-pdf.h>
#include <cairo.h>

#include "render/charts.h"
#include "render/report.h"

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

/* Ends the page being drawn (its footer) and starts the next; with outline
 * text, adds a top-level bookmark to it and returns its id (else -1). */
int kv_doc_new_page(struct doc *d, const char *outline);
/* Adds a bookmark under parent (CAIRO_PDF_OUTLINE_ROOT, or an id this
 * returned) to the page being drawn, at y points from its top (0: the
 * page); returns its id, for children. */
int kv_doc_outline(struct doc *d, int parent, const char *text, double y);
/* The page's drawing area inside the margins and above the footer. */
struct kv_box kv_doc_body(const struct doc *d);
/* The footer of the page being drawn. */
void kv_doc_footer(struct doc *d);
/* qsort order of comparison pointers: largest overhead first, n/a last. */
int kv_doc_cmp_overhead(const void *a, const void *b);

/* The chart pages (report_pages.c). */
void kv_doc_forest_pages(struct doc *d);
void kv_doc_heatmap_pages(struct doc *d);
void kv_doc_detail_pages(struct doc *d);
void kv_doc_sweep_pages(struct doc *d);

/* Parameter sweeps of the comparison: at most max, into out; release with
 * kv_doc_free_sweeps(). */
size_t kv_doc_find_sweeps(const struct kv_compare_result *r, struct kv_sweep *out, size_t max);
void kv_doc_free_sweeps(struct kv_sweep *s, size_t n);

#endif
