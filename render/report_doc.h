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
#include "render/layout.h"
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
	double w, h;                  /* page size in points */
	int page;                     /* pages begun */
	struct kv_doc_selection *sel; /* what the charts draw */
};

/* The metrics the charts draw (forest plot, heat map, detail panels,
 * sweeps): at most in->details of them, the significant ones first, those
 * with the largest |log C| (the overhead on the charts' log axis) first
 * among them, an exact multiple of another metric after the rest, then the
 * others the same way.  The appendix lists every comparison. */
struct kv_doc_selection {
	bool *on;            /* per comparison of in->r: its metric is drawn */
	int *page;           /* per comparison: the page of its metric's detail panel, or 0 */
	size_t *rank;        /* per comparison: its metric's place in the order chosen, from 0 */
	size_t metrics;      /* metrics compared (a metric: a baseline series) */
	size_t drawn;        /* metrics drawn */
	size_t signif;       /* metrics with a significant comparison */
	size_t drawn_signif; /* of them, drawn */
	bool all;            /* every metric is drawn */
	bool heat_map;       /* the report has a heat map (several variants) */
};

/* Chooses the metrics drawn; release with kv_doc_selection_release(). */
void kv_doc_select(const struct kv_report_input *in, struct kv_doc_selection *sel);
void kv_doc_selection_release(struct kv_doc_selection *sel);
/* What the charts draw, in a sentence ("The charts draw the 60 of 10,000
 * metrics ..."), into buf; empty when they draw every metric. */
void kv_doc_selection_text(const struct kv_doc_selection *sel, char *buf, size_t size);

/* Ends the page being drawn (its footer) and starts the next; with outline
 * text, adds a top-level bookmark to it and returns its id (else -1). */
int kv_doc_new_page(struct doc *d, const char *outline);
/* Adds a bookmark under parent (CAIRO_PDF_OUTLINE_ROOT, or an id this
 * returned) to the page being drawn, at y points from its top (0: the
 * page); returns its id, for children.  The text is cut to
 * KV_OUTLINE_CHARS characters, and invalid UTF-8 replaced. */
int kv_doc_outline(struct doc *d, int parent, const char *text, double y);
/* The page's drawing area inside the margins and above the footer. */
struct kv_box kv_doc_body(const struct doc *d);
/* The footer of the page being drawn. */
void kv_doc_footer(struct doc *d);
/* qsort order of comparison pointers: largest overhead first, n/a last. */
int kv_doc_cmp_overhead(const void *a, const void *b);

/* A piece of styled text, for kv_doc_runs(). */
struct kv_run {
	const char *text;
	double size; /* points */
	bool bold;
	struct kv_rgb color;
};

/* Draws runs as one paragraph wrapped into lines of at most width, the
 * first baseline at y, the next ones lead apart: at spaces and after commas
 * ("bs=4k,iodepth=32"), and a word too long for a line after a hyphen,
 * underscore, slash, point or equals sign, else between characters; never
 * cut.  With draw false, only measures.  Returns the number of lines. */
int kv_doc_runs(cairo_t *cr, double x, double y, double width, double lead,
		const struct kv_run *runs, size_t n, bool draw);

/* Where the next block of a page that flows goes: blocks ask for the room
 * they need, and a block that does not fit starts a new page (with the
 * header, when set, drawn at its top), so nothing is ever cut. */
struct kv_flow {
	struct doc *d;
	double y;         /* the top of the next block */
	bool empty;       /* nothing drawn on this page yet */
	const char *cont; /* "... (continued)" heading of a new page, or NULL */
	void (*header)(struct kv_flow *f, void *arg); /* redrawn on a new page, or NULL */
	void *header_arg;
};

/* Starts a flow at the top of the page being drawn. */
void kv_flow_init(struct kv_flow *f, struct doc *d, const char *cont);
/* Makes room for a block of height h: a new page when it does not fit below
 * f->y (unless the page holds nothing yet).  Returns true when a page was
 * begun. */
bool kv_flow_need(struct kv_flow *f, double h);
/* The lowest a flowing page's text goes (above the footer). */
double kv_flow_bottom(const struct doc *d);
/* A section heading with a rule under it and, when not NULL, a note at its
 * right end; kept with the next block of height next. */
void kv_flow_heading(struct kv_flow *f, const char *text, const char *note, double next);
/* Runs wrapped as kv_doc_runs() does into lines of width from x, the
 * first baseline size below f->y, kept whole on one page when they fit on
 * one, else flowing line by line over as many as they need (a name of ten
 * thousand characters in the appendix). */
void kv_flow_runs(struct kv_flow *f, double x, double width, double size, double lead,
		  const struct kv_run *runs, size_t n);
/* A plain paragraph of size points in grey g (0 black), wrapped to the
 * body's width and kept whole on one page (flowing when longer). */
void kv_flow_paragraph(struct kv_flow *f, double size, double g, const char *text);

/* Page 1, the answer, and what of it continues on the next pages
 * (report_answer.c). */
void kv_doc_answer_pages(struct doc *d);
/* The appendix: every comparison in one compact table, and the metrics
 * measured on one side only (report_appendix.c). */
void kv_doc_appendix_pages(struct doc *d);

/* The chart pages (report_pages.c). */
void kv_doc_forest_pages(struct doc *d);
void kv_doc_heatmap_pages(struct doc *d);
void kv_doc_detail_pages(struct doc *d);
void kv_doc_sweep_pages(struct doc *d);

/* The parameter sweeps of the comparison: groups of comparisons of one
 * tool, benchmark and metric whose parameters differ only in one numeric
 * parameter (two values at least), each comparison in one group at most;
 * with only (per comparison, or NULL), those with a comparison in it.
 * Returns how many, *out a new array; release with kv_doc_free_sweeps(). */
size_t kv_doc_find_sweeps(const struct kv_compare_result *r, const bool *only,
			  struct kv_sweep **out);
void kv_doc_free_sweeps(struct kv_sweep *s, size_t n);

#endif
