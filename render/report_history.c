/*
 * report_history.c - the PDF report's History section: the series that
 * changed along the order of their runs as charts (the most important
 * first, up to --details), the other change points in a table, and the
 * stable series in a compact list; and what the workbook and the chart
 * files share of it (report_history.h).
 */
#include "render/report_history.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/charts.h"
#include "render/format.h"
#include "render/layout.h"
#include "render/text.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A chart's plot, under its title, change points and legend. */
#define PLOT_H 125
/* The stable series and the change points without a chart listed at most:
 * the rest are counted (kvperf trend lists every one). */
#define LIST_MAX 500

bool kv_history_any(const struct kv_report_input *in)
{
	const struct kv_trend_result *t = in->trend;

	return t != NULL && t->n > t->nskipped;
}

static bool significant(const struct kv_trend_change *c)
{
	return c->verdict == KV_WORSE || c->verdict == KV_BETTER;
}

/* A changed series and its rank. */
struct ranked {
	const struct kv_trend_series *s;
	size_t at;    /* its place in the result */
	int tier;     /* 0: a significant change, 1: none */
	double score; /* the largest |log C| of the changes that set the tier */
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->tier != y->tier) {
		return x->tier - y->tier;
	}
	if (x->score > y->score || x->score < y->score) {
		return x->score > y->score ? -1 : 1;
	}
	return (x->at > y->at) - (x->at < y->at);
}

size_t kv_history_changed(const struct kv_report_input *in, const struct kv_trend_series ***out)
{
	const struct kv_trend_result *t = in->trend;
	size_t n = 0;

	*out = NULL;
	if (t == NULL) {
		return 0;
	}
	struct ranked *r = kv_xcalloc(t->n ? t->n : 1, sizeof(*r));
	for (size_t i = 0; i < t->n; i++) {
		const struct kv_trend_series *s = &t->s[i];
		if (s->skip != KV_TREND_ANALYSED || s->nchanges == 0) {
			continue;
		}
		bool sig = false;
		for (size_t k = 0; k < s->nchanges; k++) {
			sig = sig || significant(&s->changes[k]);
		}
		double score = -1;
		for (size_t k = 0; k < s->nchanges; k++) {
			const struct kv_trend_change *c = &s->changes[k];
			if (c->cost > 0 && isfinite(c->cost) && (!sig || significant(c))) {
				score = fmax(score, fabs(log(c->cost)));
			}
		}
		r[n++] = (struct ranked){s, i, sig ? 0 : 1, score};
	}
	qsort(r, n, sizeof(*r), cmp_ranked);
	*out = kv_xcalloc(n ? n : 1, sizeof(**out));
	for (size_t i = 0; i < n; i++) {
		(*out)[i] = r[i].s;
	}
	free(r);
	return n;
}

char *kv_history_name(const struct kv_trend_series *s)
{
	return kv_series_name(s->series, true, true);
}

int kv_history_time_width(const struct kv_trend_series *s)
{
	static const int widths[] = {10, 16, 19}; /* the date, the minute, the second */

	for (size_t w = 0; w < 3; w++) {
		bool distinct = true;
		for (size_t i = 1; i < s->npoints && distinct; i++) {
			const char *a = s->points[i - 1].start_time, *b = s->points[i].start_time;
			distinct = a != NULL && b != NULL && strncmp(a, b, (size_t)widths[w]) != 0;
		}
		if (distinct) {
			return widths[w];
		}
	}
	return 19;
}

const char *kv_history_position(const struct kv_report_input *in, const struct kv_trend_series *s,
				size_t i, int width, char *buf, size_t size)
{
	const struct kv_trend_point *p = &s->points[i];

	if (in->trend_by_label) {
		return p->label != NULL ? p->label : "";
	}
	if (p->start_time == NULL) {
		return "";
	}
	/* "2026-11-25T01:11:03Z": the date, the minute or the second */
	snprintf(buf, size, "%.*s", width, p->start_time);
	if (strlen(buf) > 10 && buf[10] == 'T') {
		buf[10] = ' ';
	}
	return buf;
}

void kv_history_plot_init(struct kv_history_plot *hp, const struct kv_report_input *in,
			  const struct kv_trend_series *s)
{
	size_t n = s->npoints;
	int width = kv_history_time_width(s);
	/* on the axis, the time alone when every run is of one day */
	bool one_day = !in->trend_by_label && width > 10 && n > 0 &&
		       s->points[0].start_time != NULL && s->points[n - 1].start_time != NULL &&
		       strncmp(s->points[0].start_time, s->points[n - 1].start_time, 10) == 0;
	char config[KV_NAME_BUF], pos[64];
	char *name = kv_history_name(s);
	struct kv_strbuf t = KV_STRBUF_INIT;

	kv_strbuf_addf(&t, "%s \xc2\xb7 %s", name,
		       kv_name_cut(s->series->config, KV_NAME_CHARS, config, sizeof(config)));
	free(name);
	*hp = (struct kv_history_plot){0};
	hp->title = kv_strbuf_detach(&t);
	hp->labels = kv_xcalloc(n ? n : 1, sizeof(*hp->labels));
	hp->axis = kv_xcalloc(n ? n : 1, sizeof(*hp->axis));
	hp->y = kv_xcalloc(n ? n : 1, sizeof(*hp->y));
	for (size_t i = 0; i < n; i++) {
		hp->labels[i] = kv_xstrdup(kv_history_position(in, s, i, width, pos, sizeof(pos)));
		hp->axis[i] =
		    kv_xstrdup(hp->labels[i] + (one_day && strlen(hp->labels[i]) > 11 ? 11 : 0));
		hp->y[i] = s->points[i].value;
	}
	hp->seg = kv_xcalloc(s->nsegments ? s->nsegments : 1, sizeof(*hp->seg));
	for (size_t k = 0; k < s->nsegments; k++) {
		const struct kv_trend_segment *g = &s->segments[k];
		hp->seg[k] = (struct kv_trend_seg){g->from, g->to, g->mean, g->lo, g->hi};
	}
	hp->mark = kv_xcalloc(s->nchanges ? s->nchanges : 1, sizeof(*hp->mark));
	for (size_t k = 0; k < s->nchanges; k++) {
		const struct kv_trend_change *c = &s->changes[k];
		hp->mark[k] =
		    (struct kv_trend_mark){c->index,   c->index < n ? hp->labels[c->index] : "",
					   c->cost,    c->cost_lo,
					   c->cost_hi, c->p_adjusted,
					   c->verdict};
	}
	hp->p = (struct kv_trend_plot){.title = hp->title,
				       .unit = s->series->unit,
				       .higher = s->higher,
				       .n = n,
				       .y = hp->y,
				       .x_label = (const char *const *)hp->axis,
				       .order = in->trend_order,
				       .seg = hp->seg,
				       .nseg = s->nsegments,
				       .mark = hp->mark,
				       .nmark = s->nchanges};
}

void kv_history_plot_release(struct kv_history_plot *hp)
{
	for (size_t i = 0; hp->labels != NULL && i < hp->p.n; i++) {
		free(hp->labels[i]);
		free(hp->axis[i]);
	}
	free(hp->labels);
	free(hp->axis);
	free(hp->title);
	free(hp->y);
	free(hp->seg);
	free(hp->mark);
	*hp = (struct kv_history_plot){0};
}

/* The lists' columns: the series (wrapped), then fixed ones. */
struct cols {
	double x[6], w[6];
	int n;
	const char *const *head;
	const int *align; /* 0 left, 2 right */
};

static void list_header(struct kv_flow *f, void *arg)
{
	const struct cols *c = arg;

	cairo_set_source_rgb(f->d->cr, 0, 0, 0);
	for (int k = 0; k < c->n; k++) {
		double x = c->align[k] == 2 ? c->x[k] + c->w[k] : c->x[k];
		kv_text(f->d->cr, x, f->y + 7, 7, true, c->align[k], c->head[k]);
	}
	f->y += 11;
}

/* Lays the columns out: the first takes what the others (of widths w[1..])
 * leave. */
static void layout_cols(struct doc *d, struct cols *c)
{
	double room = d->w - 2 * MARGIN, gap = 8, rest = 0;

	for (int k = 1; k < c->n; k++) {
		rest += c->w[k] + gap;
	}
	c->w[0] = room - rest;
	double at = MARGIN;
	for (int k = 0; k < c->n; k++) {
		c->x[k] = at;
		at += c->w[k] + gap;
	}
}

/* One row: cells[0] wrapped in its column (a few lines at most: each name
 * in it is cut), the others on its first line, in colour col. */
static void list_row(struct kv_flow *f, const struct cols *c, const char *const *cells,
		     struct kv_rgb col)
{
	cairo_t *cr = f->d->cr;
	const double size = 7, lead = 9;
	struct kv_run run = {cells[0], size, false, {0.1, 0.1, 0.1}};
	int lines = kv_doc_runs(cr, 0, 0, c->w[0], lead, &run, 1, false);

	kv_flow_need(f, lead * lines + 2);
	kv_doc_runs(cr, c->x[0], f->y + size, c->w[0], lead, &run, 1, true);
	for (int k = 1; k < c->n; k++) {
		kv_set_color(cr, k >= 3 ? col : (struct kv_rgb){0.1, 0.1, 0.1});
		double x = c->align[k] == 2 ? c->x[k] + c->w[k] : c->x[k];
		kv_text_fit_style(cr, x, f->y + size, size, false, c->w[k], c->align[k], cells[k]);
	}
	f->y += lead * lines + 2;
	f->empty = false;
}

/* "1.2k ops/s" with the unit, or "n/a". */
static void mean_text(double v, const char *unit, char *buf, size_t size)
{
	kv_fmt_si(v, unit, buf, size);
}

/* The change points of the changed series not drawn (ranked[from..n)). */
static void other_changes(struct kv_flow *f, const struct kv_trend_series *const *ranked,
			  size_t from, size_t n)
{
	static const char *const head[] = {"series", "configuration", "position", "step",
					   "verdict"};
	static const int align[] = {0, 0, 0, 0, 0};
	struct cols c = {.n = 5, .head = head, .align = align, .w = {0, 80, 72, 118, 50}};
	const struct kv_report_input *in = f->d->in;
	char buf[128], config[KV_NAME_SIZE(24)], pos[KV_NAME_SIZE(20)], when[64], step[160];
	size_t rows = 0, more = 0;

	layout_cols(f->d, &c);
	snprintf(buf, sizeof(buf), "Other change points (%zu series)", n - from);
	kv_flow_heading(f, buf, NULL, 30);
	f->header = list_header, f->header_arg = &c;
	list_header(f, &c);
	for (size_t i = from; i < n; i++) {
		const struct kv_trend_series *s = ranked[i];
		int width = kv_history_time_width(s);
		char *name = kv_history_name(s);
		for (size_t k = 0; k < s->nchanges; k++) {
			const struct kv_trend_change *ch = &s->changes[k];
			if (rows++ >= LIST_MAX) {
				more++;
				continue;
			}
			struct kv_trend_mark m = {ch->index,   NULL,        ch->cost,
						  ch->cost_lo, ch->cost_hi, ch->p_adjusted,
						  ch->verdict};
			kv_trend_step_text(&m, step, sizeof(step));
			/* the step without its verdict: that has a column */
			char *sp = strrchr(step, ' ');
			char *comma = strstr(step, ", p adj");
			if (comma != NULL) {
				*comma = '\0';
				sp = strrchr(step, ' ');
			}
			if (sp != NULL) {
				*sp = '\0';
			}
			kv_name_cut(s->series->config, 24, config, sizeof(config));
			kv_name_cut(
			    kv_history_position(in, s, ch->index, width, when, sizeof(when)), 20,
			    pos, sizeof(pos));
			const char *cells[] = {name, config, pos, step,
					       ch->verdict == KV_WORSE    ? "regression"
					       : ch->verdict == KV_BETTER ? "improvement"
									  : "~"};
			list_row(f, &c, cells, kv_verdict_color(ch->verdict));
		}
		free(name);
	}
	f->header = NULL;
	if (more > 0) {
		snprintf(buf, sizeof(buf),
			 "... and %zu more change points: kvperf trend lists every one.", more);
		kv_flow_paragraph(f, 7, 0.3, buf);
	}
}

/* The series analysed without a change point. */
static void stable_list(struct kv_flow *f)
{
	static const char *const head[] = {"series", "configuration", "runs", "mean"};
	static const int align[] = {0, 0, 2, 2};
	struct cols c = {.n = 4, .head = head, .align = align, .w = {0, 110, 30, 70}};
	const struct kv_trend_result *t = f->d->in->trend;
	char buf[160], config[KV_NAME_SIZE(30)], runs[32], mean[64];
	size_t rows = 0;

	if (t->nstable == 0) {
		return;
	}
	layout_cols(f->d, &c);
	snprintf(buf, sizeof(buf), "Stable series: no change point (%zu)", t->nstable);
	kv_flow_heading(f, buf, NULL, 30);
	f->header = list_header, f->header_arg = &c;
	list_header(f, &c);
	for (size_t i = 0; i < t->n && rows < LIST_MAX; i++) {
		const struct kv_trend_series *s = &t->s[i];
		if (s->skip != KV_TREND_ANALYSED || s->nchanges > 0) {
			continue;
		}
		char *name = kv_history_name(s);
		kv_name_cut(s->series->config, 30, config, sizeof(config));
		snprintf(runs, sizeof(runs), "%zu", s->npoints);
		mean_text(s->nsegments > 0 ? s->segments[0].mean : NAN, s->series->unit, mean,
			  sizeof(mean));
		const char *cells[] = {name, config, runs, mean};
		list_row(f, &c, cells, (struct kv_rgb){0.1, 0.1, 0.1});
		free(name);
		rows++;
	}
	f->header = NULL;
	if (t->nstable > rows) {
		snprintf(buf, sizeof(buf), "... and %zu more: kvperf trend lists every one.",
			 t->nstable - rows);
		kv_flow_paragraph(f, 7, 0.3, buf);
	}
}

/* Why series were left out, in a sentence. */
static void skipped_text(const struct kv_trend_result *t, struct kv_strbuf *sb)
{
	size_t few = 0, neg = 0, unkeyed = 0;

	for (size_t i = 0; i < t->n; i++) {
		few += t->s[i].skip == KV_TREND_TOO_FEW;
		neg += t->s[i].skip == KV_TREND_NOT_POSITIVE;
		unkeyed += t->s[i].skip == KV_TREND_ANALYSED && t->s[i].n_unkeyed > 0;
	}
	if (few > 0 && neg > 0) {
		kv_strbuf_addf(sb,
			       "Not analysed: %zu series (%zu with too few runs in order, %zu "
			       "with a run mean at or below zero).",
			       few + neg, few, neg);
	} else if (few + neg > 0) {
		kv_strbuf_addf(sb, "Not analysed: %zu series with %s.", few + neg,
			       few > 0 ? "too few runs in order" : "a run mean at or below zero");
	}
	if (unkeyed > 0) {
		kv_strbuf_addf(sb,
			       "%s%zu series analysed had runs without the ordering key, left "
			       "out of their history.",
			       sb->len > 0 ? " " : "", unkeyed);
	}
}

void kv_doc_history_pages(struct doc *d)
{
	const struct kv_report_input *in = d->in;
	const struct kv_trend_result *t = in->trend;
	const struct kv_trend_series **ranked = NULL;
	struct kv_flow f;
	char buf[1024], note[160];

	if (!kv_history_any(in)) {
		return;
	}
	size_t nchanged = kv_history_changed(in, &ranked);
	size_t drawn = nchanged < in->details ? nchanged : in->details;
	int outline = kv_doc_new_page(d, "History");
	kv_flow_init(&f, d, "History (continued)");
	snprintf(note, sizeof(note), "%zu series analysed, %zu with a change point",
		 t->n - t->nskipped, nchanged);
	kv_flow_heading(&f, "History: where each series changed along its runs", note, 40);
	snprintf(buf, sizeof(buf),
		 "Each series (a metric of one configuration) with enough runs in order is split "
		 "where its mean changes: a chart shows a point per run, each segment's mean as a "
		 "step with its interval as a band, and each change point as a line labelled with "
		 "its position and its step (the cost ratio C of the mean after against the mean "
		 "before, its interval and verdict, p adjusted over every series); the runs are in "
		 "order of %s%s.",
		 in->trend_order != NULL ? in->trend_order : "start time",
		 in->trend_by_label ? "" : " (report --by <label> orders them by a label instead)");
	kv_flow_paragraph(&f, 7.5, 0.2, buf);
	if (drawn == 0 && nchanged > 0) {
		snprintf(buf, sizeof(buf),
			 "No charts (--details 0): the %zu changed series are listed.", nchanged);
		kv_flow_paragraph(&f, 7.5, 0.2, buf);
	} else if (drawn < nchanged) {
		snprintf(buf, sizeof(buf),
			 "Charts for the %zu of %zu changed series that matter most (a significant "
			 "change first, the largest step first; --details sets how many); the "
			 "others are listed after them.",
			 drawn, nchanged);
		kv_flow_paragraph(&f, 7.5, 0.2, buf);
	}
	struct kv_strbuf sk = KV_STRBUF_INIT;
	skipped_text(t, &sk);
	if (sk.len > 0) {
		kv_flow_paragraph(&f, 7.5, 0.2, kv_strbuf_str(&sk));
	}
	kv_strbuf_release(&sk);
	f.y += 6;
	double w = d->w - 2 * MARGIN;
	for (size_t i = 0; i < drawn; i++) {
		struct kv_history_plot hp;
		kv_history_plot_init(&hp, in, ranked[i]);
		double h = kv_chart_trend_head(d->cr, w, &hp.p) + PLOT_H + 24;
		kv_flow_need(&f, h + 10);
		char *name = kv_history_name(ranked[i]);
		kv_doc_outline(d, outline, name, f.y);
		free(name);
		kv_chart_trend(d->cr, (struct kv_box){MARGIN, f.y + 8, w, h}, &hp.p);
		f.y += h + 18;
		f.empty = false;
		kv_history_plot_release(&hp);
	}
	if (drawn < nchanged) {
		other_changes(&f, ranked, drawn, nchanged);
	}
	stable_list(&f);
	free(ranked);
}
