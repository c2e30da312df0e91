/*
 * forest.c - the forest plot and the heat map: one row per metric on a log
 * axis of the cost ratio C, grouped by tool, labelled by what tells a row
 * apart, laid out over as many pages (or slide files) as they need on one
 * axis.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/charts.h"
#include "render/format.h"
#include "render/layout.h"
#include "render/text.h"
#include "util/xalloc.h"

#define LEAD       (KV_LABEL_SIZE + 3) /* kv_text_wrap's distance between lines */
#define HEAD_SIZE  8                   /* a group header */
#define ROW_MIN    13                  /* a row's least height */
#define VALUE_LEAD 8.5                 /* a line of the value column */
#define MAX_PARAMS 32
/* The most lines of a row's label, a group's header and a title: a longer
 * text (a name of thousands of characters) ends its last line with "…". */
#define LABEL_LINES 4
#define HEAD_LINES  3
#define TITLE_LINES 3

/* Parameters of a canonical "k=v,k=v" string: where each key, value and
 * the whole "k=v" are in it. */
struct params {
	const char *k[MAX_PARAMS], *v[MAX_PARAMS];
	size_t kl[MAX_PARAMS], vl[MAX_PARAMS], len[MAX_PARAMS];
	size_t n;
};

static void parse_params(const char *s, struct params *p)
{
	p->n = 0;
	while (s != NULL && *s && p->n < MAX_PARAMS) {
		size_t len = strcspn(s, ","), key = strcspn(s, "=");
		key = key < len ? key : len;
		p->k[p->n] = s, p->kl[p->n] = key, p->len[p->n] = len;
		p->v[p->n] = s + key + (key < len), p->vl[p->n] = len - key - (key < len);
		p->n++;
		s = s[len] == ',' ? s + len + 1 : NULL;
	}
}

/* Whether q has p's parameter i with the same value. */
static bool param_same(const struct params *q, const struct params *p, size_t i)
{
	for (size_t j = 0; j < q->n; j++) {
		if (q->kl[j] == p->kl[i] && memcmp(q->k[j], p->k[i], p->kl[i]) == 0) {
			return q->vl[j] == p->vl[i] && memcmp(q->v[j], p->v[i], p->vl[i]) == 0;
		}
	}
	return false;
}

/* A growing string. */
struct str {
	char *s;
	size_t len, cap;
};

static void str_add(struct str *b, const char *sep, const char *s)
{
	size_t ls = b->len > 0 ? strlen(sep) : 0, l = strlen(s);

	if (b->len + ls + l + 1 > b->cap) {
		b->cap = 2 * (b->len + ls + l + 1);
		b->s = kv_xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, sep, ls);
	memcpy(b->s + b->len + ls, s, l + 1);
	b->len += ls + l;
}

static char *str_take(struct str *b)
{
	return b->s != NULL ? b->s : kv_xstrdup("");
}

static int cmp_by_base(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)(*(const struct kv_comparison *const *)a)->base;
	uintptr_t y = (uintptr_t)(*(const struct kv_comparison *const *)b)->base;

	return (x > y) - (x < y);
}

static int cmp_names(const struct kv_series *a, const struct kv_series *b)
{
	int c = strcmp(a->tool, b->tool);

	c = c ? c : strcmp(a->benchmark, b->benchmark);
	c = c ? c : strcmp(a->params, b->params);
	return c ? c : strcmp(a->metric, b->metric);
}

static int cmp_by_tool(const void *a, const void *b)
{
	const struct kv_forest_row *x = a, *y = b;

	return cmp_names(x->base, y->base);
}

/* Groups by their largest overhead, the largest first; rows the same
 * within a group; ties by name, so that the order never depends on memory. */
static int cmp_rows(const void *a, const void *b)
{
	const struct kv_forest_row *x = a, *y = b;

	if (x->group_key > y->group_key || x->group_key < y->group_key) {
		return x->group_key > y->group_key ? -1 : 1;
	}
	int c = strcmp(x->base->tool, y->base->tool);
	if (c != 0) {
		return c;
	}
	if (x->key > y->key || x->key < y->key) {
		return x->key > y->key ? -1 : 1;
	}
	return cmp_names(x->base, y->base);
}

/* The header of each tool and the label of each row: the parameters that
 * do not differ between the rows of a benchmark go to the header when the
 * tool has one benchmark, and are left out (the detail panel has them)
 * when it has several. */
static void make_labels(struct kv_forest *f)
{
	struct params *pa = kv_xmalloc(sizeof(*pa)), *pb = kv_xmalloc(sizeof(*pb));

	f->headers = kv_xmalloc((f->nrows ? f->nrows : 1) * sizeof(*f->headers));
	for (size_t g0 = 0, g1; g0 < f->nrows; g0 = g1) {
		const char *tool = f->rows[g0].base->tool;
		bool several = false;
		for (g1 = g0; g1 < f->nrows && strcmp(f->rows[g1].base->tool, tool) == 0; g1++) {
			several = several || strcmp(f->rows[g1].base->benchmark,
						    f->rows[g0].base->benchmark) != 0;
		}
		struct str head = {0};
		char name[KV_NAME_BUF];
		str_add(&head, "", kv_name_cut(tool, KV_NAME_CHARS, name, sizeof(name)));
		for (size_t i = g0; i < g1; i++) {
			const struct kv_series *s = f->rows[i].base;
			struct str label = {0}, differ = {0}, same = {0};
			parse_params(s->params, pa);
			for (size_t k = 0; k < pa->n; k++) {
				bool varies = false;
				for (size_t j = g0; j < g1 && !varies; j++) {
					const struct kv_series *t = f->rows[j].base;
					if (strcmp(t->benchmark, s->benchmark) != 0) {
						continue;
					}
					parse_params(t->params, pb);
					varies = !param_same(pb, pa, k);
				}
				/* "k=v", each cut to KV_NAME_CHARS (a value of thousands) */
				char *whole = kv_xstrndup(pa->k[k], pa->len[k]);
				char *kv = kv_params_cut(whole, KV_NAME_CHARS);
				str_add(varies ? &differ : &same, ", ", kv);
				free(kv);
				free(whole);
			}
			str_add(&label, "",
				kv_name_cut(s->metric, KV_NAME_CHARS, name, sizeof(name)));
			if (several && strcmp(s->benchmark, tool) != 0) {
				str_add(
				    &label, " \xc2\xb7 ",
				    kv_name_cut(s->benchmark, KV_NAME_CHARS, name, sizeof(name)));
				if (differ.len > 0) {
					str_add(&label, " ", differ.s);
				}
			} else if (differ.len > 0) {
				str_add(&label, " \xc2\xb7 ", differ.s);
			}
			if (!several && i == g0) { /* one benchmark: it heads the group */
				if (strcmp(s->benchmark, tool) != 0) {
					str_add(&head, " ",
						kv_name_cut(s->benchmark, KV_NAME_CHARS, name,
							    sizeof(name)));
				}
				if (same.len > 0) {
					str_add(&head, " \xc2\xb7 ", same.s);
				}
			}
			f->rows[i].label = str_take(&label);
			free(differ.s);
			free(same.s);
		}
		f->headers[f->ngroups] = str_take(&head);
		for (size_t i = g0; i < g1; i++) {
			f->rows[i].header = f->headers[f->ngroups];
		}
		f->ngroups++;
	}
	free(pa);
	free(pb);
}

/* The mark of a comparison: its symbol in the plot and the legend. */
static unsigned comparison_mark(const struct kv_comparison *c, bool several)
{
	if (isnan(c->cost)) {
		return KV_MARK_NORATIO;
	}
	switch (c->verdict) {
	case KV_WORSE:
		return several ? KV_MARK_SIGNIF : KV_MARK_WORSE;
	case KV_BETTER:
		return several ? KV_MARK_SIGNIF : KV_MARK_BETTER;
	case KV_SAME:
		return KV_MARK_SAME;
	default:
		return KV_MARK_NOTEST;
	}
}

static bool has_interval(const struct kv_comparison *c)
{
	return !isnan(c->cost_lo) && !isnan(c->cost_hi);
}

/* The marks a comparison adds to the legend, on axis t. */
static unsigned marks_of(const struct kv_comparison *c, const struct kv_ticks *t, bool several)
{
	unsigned m = comparison_mark(c, several);

	if (m == KV_MARK_NORATIO) {
		return m;
	}
	if (has_interval(c) && (!(c->cost_lo >= t->lo) || !(c->cost_hi <= t->hi))) {
		m |= KV_MARK_ARROW;
	} else if (!has_interval(c) && c->verdict != KV_VERDICT_NA) {
		m |= KV_MARK_UNBOUNDED;
	}
	return m;
}

void kv_forest_init(struct kv_forest *f, const struct kv_report_input *in, const char *variant,
		    const bool *only)
{
	const struct kv_compare_result *r = in->r;

	memset(f, 0, sizeof(*f));
	f->in = in;
	f->nvar = variant != NULL ? 1 : r->nvariants;
	f->variants = kv_xmalloc((f->nvar ? f->nvar : 1) * sizeof(*f->variants));
	f->color = kv_xmalloc((f->nvar ? f->nvar : 1) * sizeof(*f->color));
	for (size_t v = 0; v < r->nvariants; v++) {
		if (variant == NULL) {
			f->variants[v] = r->variants[v];
			f->color[v] = 1 + v;
		} else if (strcmp(r->variants[v], variant) == 0) {
			f->variants[0] = r->variants[v];
			f->color[0] = 1 + v;
		}
	}
	if (variant != NULL && (r->nvariants == 0 || f->variants[0] == NULL)) {
		f->variants[0] = variant;
		f->color[0] = 1;
	}
	/* the comparisons shown, one row per base series */
	const struct kv_comparison **c = kv_xmalloc((r->n ? r->n : 1) * sizeof(*c));
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++) {
		for (size_t v = 0; v < f->nvar && (only == NULL || only[i]); v++) {
			if (strcmp(r->c[i].var->config, f->variants[v]) == 0) {
				c[n++] = &r->c[i];
			}
		}
	}
	qsort(c, n, sizeof(*c), cmp_by_base);
	f->rows = kv_xcalloc(n ? n : 1, sizeof(*f->rows));
	for (size_t i = 0; i < n; i++) {
		if (f->nrows == 0 || f->rows[f->nrows - 1].base != c[i]->base) {
			struct kv_forest_row *row = &f->rows[f->nrows++];
			row->base = c[i]->base;
			row->c = kv_xcalloc(f->nvar ? f->nvar : 1, sizeof(*row->c));
			row->key = -INFINITY;
		}
		struct kv_forest_row *row = &f->rows[f->nrows - 1];
		for (size_t v = 0; v < f->nvar; v++) {
			if (strcmp(c[i]->var->config, f->variants[v]) == 0) {
				row->c[v] = c[i];
			}
		}
		if (isfinite(c[i]->overhead_pct)) {
			row->key = fmax(row->key, c[i]->overhead_pct);
		}
	}
	/* order: by tool, then groups by their worst row */
	qsort(f->rows, f->nrows, sizeof(*f->rows), cmp_by_tool);
	for (size_t g0 = 0, g1; g0 < f->nrows; g0 = g1) {
		double key = -INFINITY;
		for (g1 = g0;
		     g1 < f->nrows && strcmp(f->rows[g1].base->tool, f->rows[g0].base->tool) == 0;
		     g1++) {
			key = fmax(key, f->rows[g1].key);
		}
		for (size_t i = g0; i < g1; i++) {
			f->rows[i].group_key = key;
		}
	}
	qsort(f->rows, f->nrows, sizeof(*f->rows), cmp_rows);
	make_labels(f);
	/* one axis for every page: every point, and intervals near them */
	double *pc = kv_xmalloc(3 * (n ? n : 1) * sizeof(*pc)), *plo = pc + n, *phi = pc + 2 * n;
	for (size_t i = 0; i < n; i++) {
		pc[i] = c[i]->cost, plo[i] = c[i]->cost_lo, phi[i] = c[i]->cost_hi;
	}
	double a, b;
	kv_cost_range(pc, plo, phi, n, &a, &b);
	kv_ticks_cost(a, b, &f->axis);
	free(pc);
	f->heat_max = log2(1.1); /* colours saturate at x2 (x0.5), and at least x1.1 */
	for (size_t i = 0; i < n; i++) {
		f->marks |= marks_of(c[i], &f->axis, f->nvar > 1);
		if (c[i]->cost > 0 && isfinite(c[i]->cost)) {
			f->heat_max = fmax(f->heat_max, fmin(1, fabs(log2(c[i]->cost))));
		}
	}
	free(c);
}

void kv_forest_release(struct kv_forest *f)
{
	for (size_t i = 0; i < f->nrows; i++) {
		free(f->rows[i].c);
		free(f->rows[i].label);
	}
	for (size_t g = 0; g < f->ngroups; g++) {
		free(f->headers[g]);
	}
	free(f->headers);
	free(f->rows);
	free(f->variants);
	free(f->color);
	memset(f, 0, sizeof(*f));
}

/* The title of a forest plot or heat map, with its part when parts > 1;
 * each name cut to KV_NAME_CHARS: a new string. */
static char *title_of(const struct kv_forest *f, bool heatmap, size_t part, size_t parts)
{
	const struct kv_compare_result *r = f->in->r;
	char level[32], cont[48] = "", name[KV_NAME_BUF], base[KV_NAME_BUF];
	struct str names = {0}, title = {0};

	kv_fmt_level(1 - r->alpha_printed, level, sizeof(level));
	for (size_t v = 0; v < f->nvar; v++) {
		str_add(&names, ", ",
			kv_name_cut(f->variants[v], KV_NAME_CHARS, name, sizeof(name)));
	}
	kv_name_cut(f->in->o->baseline, KV_NAME_CHARS, base, sizeof(base));
	if (parts > 1) {
		snprintf(cont, sizeof(cont), " (%zu of %zu)", part, parts);
	}
	if (heatmap) {
		str_add(&title, "", "Overhead % by metric and variant against ");
		str_add(&title, "", base);
	} else {
		str_add(&title, "", "Overhead of ");
		str_add(&title, "", names.s ? names.s : "");
		str_add(&title, "", " against ");
		str_add(&title, "", base);
		str_add(&title, "", ", ");
		str_add(&title, "", level);
		str_add(&title, "", " intervals");
	}
	str_add(&title, "", cont);
	free(names.s);
	return str_take(&title);
}

/* A group's header, "(continued)" on a page after its first: a new string. */
static char *header_of(const struct kv_forest_row *row, bool cont)
{
	struct str head = {0};

	str_add(&head, "", row->header);
	str_add(&head, "", cont ? " (continued)" : "");
	return str_take(&head);
}

static double legend_height(cairo_t *cr, const struct kv_forest *f, double w, bool heatmap);

/* Measures every row and the chrome for a box of width w (once per width
 * and kind). */
static void measure(cairo_t *cr, struct kv_forest *f, bool heatmap, double w)
{
	char buf[512];

	if (f->width > 0 && !(fabs(f->width - w) > 1e-9) && f->heatmap == heatmap) {
		return;
	}
	f->width = w;
	f->heatmap = heatmap;
	char *title = title_of(f, heatmap, 99, 99);
	f->top = kv_text_lines_max(cr, w, KV_TITLE_SIZE, true, TITLE_LINES, title) *
		     (KV_TITLE_SIZE + 3) +
		 6;
	free(title);
	f->value_lines = 1;
	if (heatmap) {
		double cw = fmin(90, fmax(46, w * 0.5 / (double)(f->nvar ? f->nvar : 1)));
		f->value_w = cw;
		f->label_w = fmax(w * 0.3, w - cw * (double)f->nvar - 8);
		int lines = 1;
		for (size_t v = 0; v < f->nvar; v++) {
			int l = kv_text_lines_max(cr, cw - 4, KV_SMALL_SIZE, true, HEAD_LINES,
						  f->variants[v]);
			lines = l > lines ? l : lines;
		}
		f->top += lines * (KV_SMALL_SIZE + 3) + 4;
		f->bottom = legend_height(cr, f, w, true) + 8;
	} else {
		double vw = 0;
		for (size_t i = 0; i < f->nrows; i++) {
			for (size_t v = 0; v < f->nvar; v++) {
				if (f->rows[i].c[v] != NULL) {
					kv_cost_text(f->rows[i].c[v], buf, sizeof(buf));
					vw = fmax(vw, kv_text_width(cr, KV_SMALL_SIZE, false, buf));
				}
			}
		}
		f->value_w = fmin(vw + 4, w * 0.26);
		f->value_lines = vw + 4 > f->value_w ? 2 : 1;
		/* labels as wide as the widest, up to a third (then they wrap):
		 * the plot keeps 40% at least */
		double lw = 0;
		for (size_t i = 0; i < f->nrows; i++) {
			lw = fmax(lw, kv_text_width(cr, KV_LABEL_SIZE, false, f->rows[i].label));
		}
		f->label_w = fmin(fmin(lw + 4, w * 0.33), w - f->value_w - w * 0.4 - 16);
		f->bottom = 34 + legend_height(cr, f, w, false) + 4;
	}
	for (size_t i = 0; i < f->nrows; i++) {
		struct kv_forest_row *row = &f->rows[i];
		int lines = kv_text_lines_max(cr, f->label_w, KV_LABEL_SIZE, false, LABEL_LINES,
					      row->label);
		row->h = fmax(ROW_MIN, lines * LEAD + 3);
		/* several variants: a line of values each; one: two lines when its
		 * values are too wide for one */
		int vl = 1;
		for (size_t v = 0; !heatmap && v < f->nvar; v++) {
			if (row->c[v] != NULL) {
				kv_cost_text(row->c[v], buf, sizeof(buf));
				if (kv_text_width(cr, KV_SMALL_SIZE, false, buf) > f->value_w) {
					vl = 2;
				}
			}
		}
		if (!heatmap && (f->nvar > 1 || vl > 1)) {
			double sub = vl * VALUE_LEAD + 1;
			row->h = fmax(row->h, sub * (double)f->nvar + 4);
		}
		if (i == 0 || row->header != f->rows[i - 1].header) {
			char *head = header_of(row, true);
			row->head_h = kv_text_lines_max(cr, w, HEAD_SIZE, true, HEAD_LINES, head) *
					  (HEAD_SIZE + 3) +
				      6;
			free(head);
		} else {
			row->head_h = f->rows[i - 1].head_h;
		}
	}
}

static double rows_height(const struct kv_forest *f, size_t first, size_t n)
{
	double h = 0;

	for (size_t i = first; i < first + n; i++) {
		bool head = i == first || f->rows[i].header != f->rows[i - 1].header;
		h += f->rows[i].h + (head ? f->rows[i].head_h : 0);
	}
	return h;
}

double kv_forest_height(cairo_t *cr, struct kv_forest *f, bool heatmap, double w, size_t first,
			size_t n)
{
	measure(cr, f, heatmap, w);
	return f->top + rows_height(f, first, n) + f->bottom;
}

/* Pages of at most cap high, each as full as it can be; start may be NULL. */
static size_t greedy(const struct kv_forest *f, double cap, size_t *start)
{
	size_t pages = 0;

	for (size_t i = 0; i < f->nrows;) {
		size_t n = 1;
		while (i + n < f->nrows &&
		       f->top + rows_height(f, i, n + 1) + f->bottom <= cap + 1e-9) {
			n++;
		}
		if (start != NULL) {
			start[pages] = i;
		}
		pages++;
		i += n;
	}
	return pages;
}

size_t kv_forest_pages(cairo_t *cr, struct kv_forest *f, bool heatmap, double w, double h,
		       size_t **start)
{
	measure(cr, f, heatmap, w);
	size_t pages = greedy(f, h, NULL);
	/* the same number of pages, each about as full: the least height that
	 * still needs no more pages (bisection) */
	double lo =
		   (f->top + f->bottom) + rows_height(f, 0, f->nrows) / (double)(pages ? pages : 1),
	       hi = h;
	for (int k = 0; k < 30 && pages > 1 && hi - lo > 0.5; k++) {
		double mid = (lo + hi) / 2;
		if (greedy(f, mid, NULL) <= pages) {
			hi = mid;
		} else {
			lo = mid;
		}
	}
	*start = kv_xmalloc((pages + 1) * sizeof(**start));
	size_t got = greedy(f, pages > 1 ? hi : h, *start);
	(*start)[got] = f->nrows;
	return f->nrows == 0 ? 0 : got;
}

/* A group's header across the width, at y (its top). */
static void draw_header(cairo_t *cr, struct kv_box b, const struct kv_forest_row *row, bool cont,
			double y)
{
	char *buf = header_of(row, cont);

	cairo_set_source_rgb(cr, 0.94, 0.94, 0.94);
	cairo_rectangle(cr, b.x, y + 1, b.w, row->head_h - 2);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	kv_text_wrap_max(cr, b.x + 3, y, b.w - 6, HEAD_SIZE, true, HEAD_LINES, buf);
	free(buf);
}

/* A row's label, a link to its detail panel where the plot has links. */
static void draw_label(cairo_t *cr, const struct kv_forest *f, const struct kv_forest_row *row,
		       double x, double y)
{
	char dest[64], attr[96];
	int lines =
	    kv_text_lines_max(cr, f->label_w, KV_LABEL_SIZE, false, LABEL_LINES, row->label);
	double top = y + (row->h - lines * LEAD) / 2 - 2;

	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	if (f->links) {
		kv_chart_dest(f->in->r, row->base, dest, sizeof(dest));
		snprintf(attr, sizeof(attr), "dest='%s'", dest);
		cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
	}
	kv_text_wrap_max(cr, x, top, f->label_w, KV_LABEL_SIZE, false, LABEL_LINES, row->label);
	if (f->links) {
		cairo_tag_end(cr, CAIRO_TAG_LINK);
	}
}

/* A row's arrows both ways across the plot: no bounded interval. */
static void draw_unbounded(cairo_t *cr, double y, double x0, double x1)
{
	static const double dash[] = {1.5, 1.5};

	cairo_set_dash(cr, dash, 2, 0);
	kv_draw_line(cr, x0, y, x1, y, 0.7);
	cairo_set_dash(cr, NULL, 0, 0);
	kv_draw_whisker(cr, -INFINITY, INFINITY, y, x0, x1);
}

static void draw_comparison(cairo_t *cr, const struct kv_forest *f, const struct kv_comparison *c,
			    double y, double x0, double x1, struct kv_rgb col)
{
	unsigned mark = comparison_mark(c, f->nvar > 1);
	double px = kv_axis_map(&f->axis, c->cost, x0, x1);

	if (mark == KV_MARK_NORATIO) {
		return;
	}
	kv_set_color(cr, col);
	if (has_interval(c)) {
		kv_draw_whisker(cr, kv_axis_map(&f->axis, c->cost_lo, x0, x1),
				kv_axis_map(&f->axis, c->cost_hi, x0, x1), y, x0, x1);
	} else if (c->verdict != KV_VERDICT_NA) {
		draw_unbounded(cr, y, x0, x1);
	}
	kv_draw_mark(cr, fmax(x0, fmin(x1, px)), y, mark, col);
}

static struct kv_rgb mark_color(const struct kv_forest *f, const struct kv_comparison *c, size_t v)
{
	if (f->nvar > 1) {
		return kv_palette(f->color[v]);
	}
	if (c->verdict == KV_VERDICT_NA) {
		return (struct kv_rgb){0.3, 0.3, 0.3};
	}
	return kv_verdict_color(c->verdict);
}

/* The value column of a comparison, right-aligned at x, centred on y. */
static void draw_value(cairo_t *cr, const struct kv_forest *f, const struct kv_comparison *c,
		       double x, double y)
{
	char buf[256];

	kv_cost_text(c, buf, sizeof(buf));
	if (f->value_lines == 1 || kv_text_width(cr, KV_SMALL_SIZE, false, buf) <= f->value_w) {
		kv_text(cr, x, y + 2.3, KV_SMALL_SIZE, false, 2, buf);
		return;
	}
	/* too wide: C and the overhead over the interval */
	char *cut = strchr(buf, '[');
	cut = cut != NULL ? cut : strstr(buf, " no ");
	if (cut == NULL) {
		kv_text(cr, x, y + 2.3, KV_SMALL_SIZE, false, 2, buf);
		return;
	}
	char rest[128];
	snprintf(rest, sizeof(rest), "%s", cut + (*cut == ' '));
	cut[0] = '\0';
	kv_text(cr, x, y - VALUE_LEAD / 2 + 2.3, KV_SMALL_SIZE, false, 2, buf);
	kv_text(cr, x, y + VALUE_LEAD / 2 + 2.3, KV_SMALL_SIZE, false, 2, rest);
}

static double legend_items(const struct kv_forest *f, struct kv_legend_item *items, size_t max)
{
	size_t n = 0;

	for (size_t v = 0; f->nvar > 1 && v < f->nvar && n < max; v++) {
		items[n++] = (struct kv_legend_item){KV_MARK_SIGNIF, kv_palette(f->color[v]),
						     f->variants[v]};
	}
	return (double)(n + kv_legend_marks(f->marks, items + n, max - n));
}

static double legend_height(cairo_t *cr, const struct kv_forest *f, double w, bool heatmap)
{
	struct kv_legend_item items[32];

	if (heatmap) {
		return 2 * (KV_SMALL_SIZE + 4.5) + 10;
	}
	size_t n = (size_t)legend_items(f, items, 32);
	return kv_legend(cr, 0, 0, w, items, n, false);
}

void kv_chart_forest(cairo_t *cr, struct kv_box b, struct kv_forest *f, size_t first, size_t n,
		     size_t part, size_t parts)
{
	struct kv_legend_item items[32];

	measure(cr, f, false, b.w);
	char *title = title_of(f, false, part, parts);
	cairo_set_source_rgb(cr, 0, 0, 0);
	kv_text_wrap_max(cr, b.x, b.y - 3, b.w, KV_TITLE_SIZE, true, TITLE_LINES, title);
	free(title);
	double x0 = b.x + f->label_w + 8, x1 = b.x + b.w - f->value_w - 8;
	double top = b.y + f->top, bottom = top + rows_height(f, first, n);
	if (f->nrows == 0) {
		cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
		kv_text(cr, b.x, top + 12, 9, false, 0, "no comparison for this variant");
		return;
	}
	/* the grid under the rows, the group headers over it */
	double axis_h = kv_cost_axis(cr, &f->axis, x0, x1, bottom, top,
				     "overhead % (above) and cost ratio \xc3\x97"
				     "C (below), log scale");
	kv_zero_line(cr, &f->axis, x0, x1, top, bottom);
	double y = top;
	for (size_t i = first; i < first + n; i++) {
		if (i == first || f->rows[i].header != f->rows[i - 1].header) {
			draw_header(
			    cr, b, &f->rows[i],
			    i == first && i > 0 && f->rows[i].header == f->rows[i - 1].header, y);
			y += f->rows[i].head_h;
		}
		const struct kv_forest_row *row = &f->rows[i];
		cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
		kv_draw_line(cr, b.x, y + row->h, b.x + b.w, y + row->h, 0.3);
		y += row->h;
	}
	y = top;
	for (size_t i = first; i < first + n; i++) {
		const struct kv_forest_row *row = &f->rows[i];
		if (i == first || row->header != f->rows[i - 1].header) {
			y += row->head_h;
		}
		draw_label(cr, f, row, b.x, y);
		double sub = (row->h - 4) / (double)f->nvar;
		for (size_t v = 0; v < f->nvar; v++) {
			const struct kv_comparison *c = row->c[v];
			double cy = y + 2 + sub * ((double)v + 0.5);
			if (c == NULL) {
				continue;
			}
			struct kv_rgb col = mark_color(f, c, v);
			draw_comparison(cr, f, c, cy, x0, x1, col);
			if (f->nvar > 1) { /* the variant's values in its colour, darker */
				kv_set_color(
				    cr, (struct kv_rgb){col.r * 0.8, col.g * 0.8, col.b * 0.8});
			} else {
				cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
			}
			draw_value(cr, f, c, b.x + b.w, cy);
		}
		y += row->h;
	}
	size_t ni = (size_t)legend_items(f, items, 32);
	kv_legend(cr, b.x, bottom + axis_h + 12, b.w, items, ni, true);
}

/* The heat map's colour scale: better to worse, pale ~, grey n/a. */
static void heat_legend(cairo_t *cr, const struct kv_forest *f, double x, double y)
{
	char a[32], c[32];
	double w = 120;

	for (int k = 0; k < 60; k++) {
		double v = f->heat_max * (2.0 * k / 59 - 1);
		kv_set_color(cr, kv_diverging(v, f->heat_max));
		cairo_rectangle(cr, x + w * k / 60.0, y - 7, w / 60.0 + 0.3, 8);
		cairo_fill(cr);
	}
	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	snprintf(a, sizeof(a), "%+.0f%% (\xc3\x97%.2g)", 100 * (exp2(-f->heat_max) - 1),
		 exp2(-f->heat_max));
	snprintf(c, sizeof(c), "%+.0f%% (\xc3\x97%.2g)", 100 * (exp2(f->heat_max) - 1),
		 exp2(f->heat_max));
	kv_text(cr, x, y + 9, KV_SMALL_SIZE, false, 0, a);
	kv_text(cr, x + w / 2, y + 9, KV_SMALL_SIZE, false, 1, "0%");
	kv_text(cr, x + w, y + 9, KV_SMALL_SIZE, false, 2, c);
	double lx = x + w + 16;
	kv_text(cr, lx, y, KV_SMALL_SIZE, false, 0,
		"better \xe2\x86\x90 colour: log of C, full beyond these \xe2\x86\x92 worse;");
	kv_text(cr, lx, y + 10.5, KV_SMALL_SIZE, false, 0,
		"pale with \"~\": no significant change; grey: n/a (no ratio)");
}

void kv_chart_heatmap(cairo_t *cr, struct kv_box b, struct kv_forest *f, size_t first, size_t n,
		      size_t part, size_t parts)
{
	char buf[64];

	measure(cr, f, true, b.w);
	char *title = title_of(f, true, part, parts);
	cairo_set_source_rgb(cr, 0, 0, 0);
	kv_text_wrap_max(cr, b.x, b.y - 3, b.w, KV_TITLE_SIZE, true, TITLE_LINES, title);
	double cw = f->value_w, cx = b.x + f->label_w + 8;
	double top = b.y + f->top;
	int lines = kv_text_lines_max(cr, b.w, KV_TITLE_SIZE, true, TITLE_LINES, title);
	free(title);
	double hy = b.y + lines * (KV_TITLE_SIZE + 3) + 2;
	for (size_t v = 0; v < f->nvar; v++) {
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		kv_text_wrap_max(cr, cx + cw * (double)v + 2, hy, cw - 4, KV_SMALL_SIZE, true,
				 HEAD_LINES, f->variants[v]);
	}
	double y = top;
	for (size_t i = first; i < first + n; i++) {
		const struct kv_forest_row *row = &f->rows[i];
		if (i == first || row->header != f->rows[i - 1].header) {
			draw_header(cr, b, row,
				    i == first && i > 0 && row->header == f->rows[i - 1].header, y);
			y += row->head_h;
		}
		draw_label(cr, f, row, b.x, y);
		for (size_t v = 0; v < f->nvar; v++) {
			const struct kv_comparison *c = row->c[v];
			double x = cx + cw * (double)v, ty = y + row->h / 2 + 2.3;
			if (c == NULL || !(c->cost > 0) || !isfinite(c->cost)) {
				cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
				cairo_rectangle(cr, x, y, cw - 1, row->h - 1);
				cairo_fill(cr);
				cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
				kv_text(cr, x + cw / 2, ty, KV_SMALL_SIZE, false, 1, "n/a");
				continue;
			}
			struct kv_rgb col = kv_diverging(log2(c->cost), f->heat_max);
			bool muted = c->verdict != KV_WORSE && c->verdict != KV_BETTER;
			if (muted) { /* washed out: the data could not tell */
				col.r = 0.75 + 0.25 * col.r, col.g = 0.75 + 0.25 * col.g;
				col.b = 0.75 + 0.25 * col.b;
			}
			kv_set_color(cr, col);
			cairo_rectangle(cr, x, y, cw - 1, row->h - 1);
			cairo_fill(cr);
			double lum = 0.3 * col.r + 0.59 * col.g + 0.11 * col.b;
			if (muted) {
				cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
			} else if (lum < 0.5) {
				cairo_set_source_rgb(cr, 1, 1, 1);
			} else {
				cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
			}
			snprintf(buf, sizeof(buf), "%s%+.1f%%", muted ? "~ " : "", c->overhead_pct);
			kv_text(cr, x + cw / 2, ty, KV_SMALL_SIZE, false, 1, buf);
		}
		y += row->h;
	}
	heat_legend(cr, f, b.x, y + 14);
}
