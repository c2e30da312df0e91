/*
 * report_answer.c - page 1 of the PDF report, the answer: for each variant
 * the geometric mean of the cost ratio C against the baseline as `kvperf
 * compare` prints it and the verdicts metric by metric; the category chart
 * (and, with --reference, the gap closed); the largest and smallest
 * overheads; the configurations with the labels that tell them apart and
 * the system they ran on; the method in a sentence.  What does not fit
 * continues on the next page.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/chart_headline.h"
#include "render/compare_out.h"
#include "render/format.h"
#include "render/layout.h"
#include "render/report_doc.h"
#include "render/text.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define BODY   7.5 /* table text */
#define NOTE   6.5 /* column headers, tags */
#define LEAD   9   /* table lines */
#define TOP3   3   /* largest and smallest overheads shown per variant */
#define INDENT 10  /* the answer's text, right of its verdict bar */

static const struct kv_rgb ink = {0.1, 0.1, 0.1}, soft = {0.35, 0.35, 0.35},
			   faint = {0.5, 0.5, 0.5};

static struct kv_rgb verdict_ink(enum kv_verdict v)
{
	return v == KV_WORSE ? kv_color_worse() : v == KV_BETTER ? kv_color_better() : ink;
}

static double body_width(const struct doc *d)
{
	return d->w - 2 * MARGIN;
}

/* The summary row of variant for category "all", or NULL. */
static const struct kv_summary_row *all_row(const struct kv_compare_result *r, const char *variant)
{
	for (size_t i = 0; i < r->nsummary; i++) {
		if (strcmp(r->summary[i].variant, variant) == 0 &&
		    strcmp(r->summary[i].category, "all") == 0) {
			return &r->summary[i];
		}
	}
	return NULL;
}

/* What the comparisons of one variant say, counted as the summary counts
 * them: a metric in the geometric mean once (not an exact multiple of
 * another), with a cost ratio. */
struct counts {
	size_t worse, better, same, untested; /* in the geometric mean */
	size_t constant;                      /* of the untested: constant on both sides */
	size_t no_ratio;                      /* not in it: no cost ratio */
	size_t merged;                        /* exact multiples, counted once */
	size_t one_side;                      /* measured on one side only */
};

static void count(const struct kv_compare_result *r, const char *variant, struct counts *n)
{
	*n = (struct counts){0};
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_comparison *c = &r->c[i];
		if (strcmp(c->var->config, variant) != 0) {
			continue;
		}
		if (c->merged_into != NULL) {
			n->merged++;
		} else if (!(c->cost > 0 && isfinite(c->cost) && c->vs.mean > 0)) {
			n->no_ratio++;
		} else if (c->verdict == KV_WORSE) {
			n->worse++;
		} else if (c->verdict == KV_BETTER) {
			n->better++;
		} else if (c->verdict == KV_SAME) {
			n->same++;
		} else {
			n->untested++;
			n->constant += (c->flags & KV_FLAG_CONSTANT) != 0;
		}
	}
	for (size_t i = 0; i < r->nunmatched; i++) {
		n->one_side += strcmp(r->unmatched[i].variant, variant) == 0;
	}
}

#define RUN(t, s, b, c)                                                                            \
	(struct kv_run)                                                                            \
	{                                                                                          \
		(t), (s), (b), (c)                                                                 \
	}

/* "constrained costs ×2.26 [×2.17, ×2.36] against baseline, an overhead of
 * +126.4% [+117.2, +135.9] (geometric mean of 115 metrics): it runs at 44%
 * of the baseline's speed.  Metric by metric: 54 worse, 49 no significant
 * change, 6 better.", and what the geometric mean leaves out. */
static void answer(struct kv_flow *f, const char *variant)
{
	const struct kv_compare_result *r = f->d->in->r;
	const char *base = f->d->in->o->baseline;
	const struct kv_summary_row *s = all_row(r, variant);
	const double size = r->nvariants > 1 ? 9.5 : 10.5, small = 7.5;
	struct kv_run run[24], more[2];
	size_t n = 0;
	char g[32], glo[32], ghi[32], gi[80], ov[96], rng[64], mean[160], tail[160];
	char w[48], sm[64], b[48], rest[512], vname[KV_NAME_BUF], bname[KV_NAME_BUF];
	struct counts k;

	count(r, variant, &k);
	kv_name_cut(base, KV_NAME_CHARS, bname, sizeof(bname));
	struct kv_rgb col = s != NULL ? verdict_ink(s->verdict) : ink;
	run[n++] = RUN(kv_name_cut(variant, KV_NAME_CHARS, vname, sizeof(vname)), size, true, ink);
	if (s == NULL) {
		run[n++] = RUN(": no metric has a cost ratio against ", size, false, ink);
		run[n++] = RUN(bname, size, true, ink);
		run[n++] = RUN(", so there is no geometric mean.", size, false, ink);
	} else {
		kv_fmt_cost(s->s.cost, g, sizeof(g));
		kv_fmt_pct(s->s.overhead_pct, ov, sizeof(ov));
		if (!isnan(s->s.lo) && !isnan(s->s.hi)) {
			kv_fmt_cost(s->s.lo, glo, sizeof(glo));
			kv_fmt_cost(s->s.hi, ghi, sizeof(ghi));
			snprintf(gi, sizeof(gi), " [%s, %s] against ", glo, ghi);
			kv_fmt_pct_range(100 * (s->s.lo - 1), 100 * (s->s.hi - 1), rng,
					 sizeof(rng));
			snprintf(ov + strlen(ov), sizeof(ov) - strlen(ov), " %s", rng);
		} else {
			snprintf(gi, sizeof(gi), " against ");
		}
		snprintf(mean, sizeof(mean), " (geometric mean of %zu metric%s)", s->s.k,
			 s->s.k == 1 ? "" : "s");
		if ((s->verdict == KV_WORSE || s->verdict == KV_BETTER) &&
		    fabs(s->s.overhead_pct) >= 10) {
			snprintf(tail, sizeof(tail), ": it runs at %.0f%% of the baseline's speed.",
				 100 / s->s.cost);
		} else if (s->verdict == KV_SAME) {
			snprintf(tail, sizeof(tail), ": no significant difference overall.");
		} else {
			snprintf(tail, sizeof(tail), ".");
		}
		run[n++] = RUN(" costs ", size, false, ink);
		run[n++] = RUN(g, size, true, col);
		run[n++] = RUN(gi, size, false, ink);
		run[n++] = RUN(bname, size, true, ink);
		run[n++] = RUN(", an overhead of ", size, false, ink);
		run[n++] = RUN(ov, size, s->verdict != KV_SAME, col);
		run[n++] = RUN(mean, size, false, ink);
		run[n++] = RUN(tail, size, false, ink);
	}
	/* the verdicts metric by metric, counted as the summary counts metrics */
	snprintf(w, sizeof(w), "%zu worse", k.worse);
	snprintf(sm, sizeof(sm), "%zu no significant change", k.same);
	snprintf(b, sizeof(b), "%zu better", k.better);
	run[n++] = RUN(" Metric by metric: ", size, false, soft);
	run[n++] = RUN(w, size, false, k.worse > 0 ? kv_color_worse() : soft);
	run[n++] = RUN(", ", size, false, soft);
	run[n++] = RUN(sm, size, false, soft);
	run[n++] = RUN(", ", size, false, soft);
	run[n++] = RUN(b, size, false, k.better > 0 ? kv_color_better() : soft);
	run[n++] = RUN(".", size, false, soft);
	size_t len = 0;
	rest[0] = '\0';
	if (k.untested > 0) {
		/* why: every run the same on both sides, or too few runs to test */
		bool one = k.untested == 1;
		const char *why =
		    k.constant == k.untested
			? (one ? "is constant on both sides" : "are constant on both sides")
		    : k.constant == 0
			? (one ? "has a single run on a side" : "have a single run on a side")
			: "are constant or have a single run on a side";
		len += (size_t)snprintf(rest + len, sizeof(rest) - len,
					"%s%zu of the %zu %s, so untested", len ? "; " : "",
					k.untested, s != NULL ? s->s.k : 0, why);
	}
	if (k.merged > 0) {
		len += (size_t)snprintf(rest + len, sizeof(rest) - len,
					"%s%zu exact multiple%s of another metric counted once",
					len ? "; " : "", k.merged, k.merged == 1 ? "" : "s");
	}
	if (k.no_ratio > 0) {
		len += (size_t)snprintf(rest + len, sizeof(rest) - len,
					"%s%zu without a cost ratio (a mean of zero)",
					len ? "; " : "", k.no_ratio);
	}
	if (k.one_side > 0 && len < sizeof(rest)) {
		len += (size_t)snprintf(rest + len, sizeof(rest) - len,
					"%s%zu measured on one side only (in the appendix)",
					len ? "; " : "", k.one_side);
	}
	if (len > 0 && len < sizeof(rest) - 1) {
		rest[0] = (char)toupper((unsigned char)rest[0]);
		strcat(rest, ".");
	}
	more[0] = RUN(rest, small, false, soft);

	/* kept on one page, held together by a bar in the verdict's colour */
	cairo_t *cr = f->d->cr;
	double w0 = body_width(f->d) - INDENT, lead = size + 3.5, lead2 = small + 3;
	double h1 = lead * kv_doc_runs(cr, 0, 0, w0, lead, run, n, false);
	double h2 = len > 0 ? lead2 * kv_doc_runs(cr, 0, 0, w0, lead2, more, 1, false) : 0;
	kv_flow_need(f, h1 + h2 + 4);
	double y0 = f->y + 2;
	kv_doc_runs(cr, MARGIN + INDENT, y0 + size, w0, lead, run, n, true);
	if (len > 0) {
		kv_doc_runs(cr, MARGIN + INDENT, y0 + h1 + small, w0, lead2, more, 1, true);
	}
	cairo_set_source_rgb(cr, col.r, col.g, col.b);
	cairo_rectangle(cr, MARGIN, y0, 2.5, h1 + h2 - 1);
	cairo_fill(cr);
	f->y = y0 + h1 + h2 + (r->nvariants > 1 ? 4 : 8);
	f->empty = false;
}

/* The chart of the summary rows, and the gap closed with --reference. */
static void charts(struct kv_flow *f)
{
	const struct kv_report_input *in = f->d->in;
	double w = body_width(f->d), h = kv_chart_headline_height(f->d->cr, in->r, w);

	if (h > 0) {
		kv_flow_heading(
		    f, "Overhead per category",
		    "geometric mean G of the cost ratios C and its interval; C > 1: worse, C < 1: "
		    "better",
		    h);
		kv_flow_need(f, h);
		kv_chart_headline(f->d->cr, (struct kv_box){MARGIN, f->y, w, h}, in->r);
		f->y += h;
	}
	h = kv_chart_gap_height(f->d->cr, in->r, in->o, w);
	if (h > 0) {
		char title[KV_NAME_BUF + 64], ref[KV_NAME_BUF];
		snprintf(title, sizeof(title),
			 "the share of %s's overhead recovered, with its interval",
			 kv_name_cut(in->o->reference, KV_NAME_CHARS, ref, sizeof(ref)));
		kv_flow_heading(f, "Gap closed per category", title, h);
		kv_flow_need(f, h);
		kv_chart_gap(f->d->cr, (struct kv_box){MARGIN, f->y, w, h}, in->r, in->o);
		f->y += h;
	}
}

/* The extremes table's columns: tag, name (wraps), ×C, overhead, verdict. */
struct xcols {
	double tag, name, wname, cost, ov, verdict;
};

static void extreme_cells(const struct kv_comparison *c, char g[32], char ov[96], char v[64])
{
	char p[32], rng[64];

	kv_fmt_cost(c->cost, g, 32);
	kv_fmt_pct(c->overhead_pct, p, sizeof(p));
	if (isnan(c->overhead_lo) || isnan(c->overhead_hi)) {
		snprintf(ov, 96, "%s", p);
	} else {
		kv_fmt_pct_range(c->overhead_lo, c->overhead_hi, rng, sizeof(rng));
		snprintf(ov, 96, "%s %s", p, rng);
	}
	kv_fmt_verdict(c, v, 64);
}

static void extreme_row(struct kv_flow *f, const struct xcols *x, const char *tag,
			const struct kv_comparison *c)
{
	cairo_t *cr = f->d->cr;
	char g[32], ov[96], v[64], metric[KV_NAME_BUF];
	struct kv_run run[2];
	/* "fio randread-bs4k bs=4k,... " and the metric, as compare names a
	 * row: each name cut (the appendix has them whole) */
	char *bench = kv_series_name(c->base, true, false), *name = kv_xmalloc(strlen(bench) + 2);

	snprintf(name, strlen(bench) + 2, "%s ", bench);
	free(bench);
	run[0] = RUN(name, BODY, false, soft);
	run[1] = RUN(kv_name_cut(c->base->metric, KV_NAME_CHARS, metric, sizeof(metric)), BODY,
		     true, ink);
	int lines = kv_doc_runs(cr, x->name, 0, x->wname, LEAD, run, 2, false);
	kv_flow_need(f, LEAD * lines);
	double y = f->y + BODY;
	if (tag != NULL) {
		cairo_set_source_rgb(cr, faint.r, faint.g, faint.b);
		kv_text(cr, x->tag, y, NOTE, false, 0, tag);
	}
	kv_doc_runs(cr, x->name, y, x->wname, LEAD, run, 2, true);
	extreme_cells(c, g, ov, v);
	struct kv_rgb col = verdict_ink(c->verdict);
	cairo_set_source_rgb(cr, col.r, col.g, col.b);
	kv_text(cr, x->cost, y, BODY, true, 2, g);
	kv_text(cr, x->ov, y, BODY, false, 0, ov);
	kv_text(cr, x->verdict, y, BODY, false, 0, v);
	f->y += LEAD * lines;
	f->empty = false;
	free(name);
}

/* The three largest and three smallest overheads of each variant, from the
 * metrics with a cost ratio and a verdict (an exact multiple of another is
 * left out, and so is an untested one, unless no metric was tested). */
static void extremes(struct kv_flow *f)
{
	const struct kv_compare_result *r = f->d->in->r;
	const struct kv_comparison **c = kv_xmalloc((r->n ? r->n : 1) * sizeof(*c));
	const struct kv_comparison **shown = kv_xmalloc((r->n ? r->n : 1) * sizeof(*shown));
	size_t *first = kv_xcalloc(r->nvariants + 1, sizeof(*first));
	cairo_t *cr = f->d->cr;
	double wc = 0, wo = 0, wv = 0;
	char g[32], ov[96], v[64];
	size_t ns = 0;

	/* per variant: its largest overheads, then its smallest (smallest first) */
	size_t *nlow = kv_xcalloc(r->nvariants, sizeof(*nlow));
	for (size_t vi = 0; vi < r->nvariants; vi++) {
		size_t n = 0;
		for (int untested = 0; untested < 2 && n == 0; untested++) {
			for (size_t i = 0; i < r->n; i++) {
				if (strcmp(r->c[i].var->config, r->variants[vi]) == 0 &&
				    r->c[i].merged_into == NULL && isfinite(r->c[i].overhead_pct) &&
				    (untested || r->c[i].verdict != KV_VERDICT_NA)) {
					c[n++] = &r->c[i];
				}
			}
		}
		qsort(c, n, sizeof(*c), kv_doc_cmp_overhead);
		size_t top = n < TOP3 ? n : TOP3, bottom = n - top < TOP3 ? n - top : TOP3;
		first[vi] = ns;
		for (size_t i = 0; i < top; i++) {
			shown[ns++] = c[i];
		}
		for (size_t i = 0; i < bottom; i++) {
			shown[ns++] = c[n - 1 - i];
		}
		nlow[vi] = bottom;
	}
	first[r->nvariants] = ns;
	for (size_t i = 0; i < ns; i++) {
		extreme_cells(shown[i], g, ov, v);
		wc = fmax(wc, kv_text_width(cr, BODY, true, g));
		wo = fmax(wo, kv_text_width(cr, BODY, false, ov));
		wv = fmax(wv, kv_text_width(cr, BODY, false, v));
	}
	struct xcols x;
	x.tag = MARGIN;
	x.name = MARGIN + kv_text_width(cr, NOTE, false, "smallest") + 8;
	x.verdict = MARGIN + body_width(f->d) - wv;
	x.ov = x.verdict - 10 - wo;
	x.cost = x.ov - 8;
	x.wname = x.cost - wc - 12 - x.name;

	char level[32], note[160];
	kv_fmt_level(1 - r->alpha_printed, level, sizeof(level));
	snprintf(note, sizeof(note),
		 "per metric, intervals at %s as compare prints them; every metric is in the "
		 "appendix",
		 level);
	kv_flow_heading(f, "Largest and smallest overheads", note, 3 * LEAD);
	for (size_t vi = 0; vi < r->nvariants; vi++) {
		size_t n = first[vi + 1] - first[vi], top = n - nlow[vi];
		if (r->nvariants > 1) {
			kv_flow_need(f, LEAD * 2);
			cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
			kv_text_fit_style(cr, MARGIN, f->y + BODY + 1, BODY, true, body_width(f->d),
					  0, r->variants[vi]);
			f->y += LEAD;
		}
		for (size_t i = 0; i < n; i++) {
			if (i == top) {
				f->y += 2;
			}
			const char *tag = i == 0 ? "largest" : i == top ? "smallest" : NULL;
			extreme_row(f, &x, tag, shown[first[vi] + i]);
		}
		f->y += 3;
	}
	free(nlow);
	free(first);
	free(shown);
	free(c);
}

/* The configurations table: one column per configuration shown, a row per
 * fact; a fact the same for every configuration is one shaded cell over
 * every column. */
struct cfgrow {
	char *key;
	char **val; /* one per configuration */
	bool rule;  /* a rule above: the next group of rows */
};

struct cfgtab {
	const char **name; /* the configurations shown */
	const char **role; /* "baseline", "variant", "reference", "not compared" */
	size_t n;
	struct cfgrow *row;
	size_t nrow;
	double xk, wk, x0, wc; /* key column; first configuration column, width each */
};

static bool same_for_all(const struct cfgtab *t, const struct cfgrow *row)
{
	for (size_t j = 1; j < t->n; j++) {
		if (strcmp(row->val[j], row->val[0]) != 0) {
			return false;
		}
	}
	return t->n > 1;
}

/* The configurations' names, each with its role in grey. */
static void cfg_header(struct kv_flow *f, void *arg)
{
	const struct cfgtab *t = arg;
	cairo_t *cr = f->d->cr;
	int lines = 1;

	for (int draw = 0; draw < 2; draw++) {
		for (size_t j = 0; j < t->n; j++) {
			char role[48];
			/* a variant is what a column is unless it says otherwise */
			bool plain = strcmp(t->role[j], t->name[j]) == 0 ||
				     strcmp(t->role[j], "variant") == 0;
			snprintf(role, sizeof(role), " %s", plain ? "" : t->role[j]);
			char name[KV_NAME_BUF];
			struct kv_run run[] = {
			    RUN(kv_name_cut(t->name[j], KV_NAME_CHARS, name, sizeof(name)), BODY,
				true, ink),
			    RUN(role, NOTE, false, faint)};
			int l = kv_doc_runs(cr, t->x0 + t->wc * (double)j, f->y + BODY, t->wc - 6,
					    LEAD, run, 2, draw);
			lines = l > lines ? l : lines;
		}
	}
	f->y += LEAD * lines + 2;
}

static int cfg_lines(cairo_t *cr, const struct cfgtab *t, const struct cfgrow *row, bool span)
{
	struct kv_run kr = RUN(row->key, BODY, false, soft);
	int lines = kv_doc_runs(cr, 0, 0, t->wk, LEAD, &kr, 1, false);

	for (size_t j = 0; j < (span ? 1 : t->n); j++) {
		struct kv_run run = RUN(row->val[j], BODY, false, ink);
		double w = span ? t->wc * (double)t->n - 6 : t->wc - 6;
		int l = kv_doc_runs(cr, 0, 0, w, LEAD, &run, 1, false);
		lines = l > lines ? l : lines;
	}
	return lines;
}

static void cfg_draw(struct kv_flow *f, const struct cfgtab *t, const struct cfgrow *row)
{
	cairo_t *cr = f->d->cr;
	bool span = same_for_all(t, row);
	int lines = cfg_lines(cr, t, row, span);

	kv_flow_need(f, LEAD * lines + (row->rule ? 4 : 0));
	if (row->rule) {
		cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
		cairo_set_line_width(cr, 0.4);
		cairo_move_to(cr, t->xk, f->y + 1.5);
		cairo_line_to(cr, MARGIN + body_width(f->d), f->y + 1.5);
		cairo_stroke(cr);
		f->y += 4;
	}
	if (span) {
		cairo_set_source_rgb(cr, 0.945, 0.945, 0.945);
		cairo_rectangle(cr, t->x0 - 3, f->y + 0.5, t->wc * (double)t->n - 3,
				LEAD * lines + 0.5);
		cairo_fill(cr);
	}
	double y = f->y + BODY;
	struct kv_run kr = RUN(row->key, BODY, false, soft);
	kv_doc_runs(cr, t->xk, y, t->wk, LEAD, &kr, 1, true);
	for (size_t j = 0; j < (span ? 1 : t->n); j++) {
		struct kv_run run = RUN(row->val[j][0] ? row->val[j] : "\xe2\x80\x94", BODY, false,
					row->val[j][0] ? ink : faint);
		double w = span ? t->wc * (double)t->n - 6 : t->wc - 6;
		kv_doc_runs(cr, t->x0 + t->wc * (double)j, y, w, LEAD, &run, 1, true);
	}
	f->y += LEAD * lines;
	f->empty = false;
}

static bool in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++) {
		if (s != NULL && strcmp(list[i], s) == 0) {
			return true;
		}
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* What a run says about its system: its host, its tool and version, or a
 * label. */
enum fact { FACT_HOST, FACT_TOOL, FACT_LABEL };

/* The distinct values of a fact over the runs of config, sorted and joined
 * by ", " (at most 6 of a label, then how many); a new string, "" when no
 * run says. */
static char *run_fact(const struct kv_report_input *in, const char *config, enum fact what,
		      const char *key)
{
	char **seen = NULL, tool[2 * KV_NAME_BUF + 2], cut[2][KV_NAME_BUF];
	size_t n = 0;
	struct kv_strbuf sb = KV_STRBUF_INIT;

	for (size_t i = 0; i < in->nruns; i++) {
		const struct kv_db_runinfo *ri = &in->runs[i];
		const char *v = NULL;
		if (strcmp(ri->config, config) != 0) {
			continue;
		}
		if (what == FACT_HOST) {
			v = ri->host;
		} else if (what == FACT_TOOL && ri->tool != NULL) {
			bool ver = ri->tool_version != NULL && ri->tool_version[0];
			snprintf(tool, sizeof(tool), "%s%s%s",
				 kv_name_cut(ri->tool, KV_NAME_CHARS, cut[0], sizeof(cut[0])),
				 ver ? " " : "",
				 ver ? kv_name_cut(ri->tool_version, KV_NAME_CHARS, cut[1],
						   sizeof(cut[1]))
				     : "");
			v = tool;
		}
		for (size_t j = 0; what == FACT_LABEL && j < ri->nlabels; j++) {
			if (strcmp(ri->labels[j].key, key) == 0) {
				v = ri->labels[j].value;
			}
		}
		if (v != NULL && v != tool) { /* a host or a label's value: cut */
			v = kv_name_cut(v, KV_NAME_CHARS, cut[0], sizeof(cut[0]));
		}
		if (v == NULL || v[0] == '\0' || in_list((const char *const *)seen, n, v)) {
			continue;
		}
		seen = kv_xreallocarray(seen, n + 1, sizeof(*seen));
		seen[n++] = kv_xstrdup(v);
	}
	if (n > 0) { /* the same set reads the same in every column */
		qsort(seen, n, sizeof(*seen), cmp_str);
	}
	for (size_t i = 0; i < n; i++) {
		if (i < 6 || what == FACT_TOOL) {
			kv_strbuf_addf(&sb, "%s%s", i ? ", " : "", seen[i]);
		}
		free(seen[i]);
	}
	if (n > 6 && what != FACT_TOOL) {
		kv_strbuf_addf(&sb, ", \xe2\x80\xa6 (%zu values)", n);
	}
	free(seen);
	return sb.buf != NULL ? kv_strbuf_detach(&sb) : kv_xstrdup("");
}

/* The label keys of the shown configurations' runs, each once, sorted. */
static size_t label_keys(const struct kv_report_input *in, const struct cfgtab *t,
			 const char ***out)
{
	const char **keys = NULL;
	size_t n = 0;

	for (size_t i = 0; i < in->nruns; i++) {
		if (!in_list(t->name, t->n, in->runs[i].config)) {
			continue;
		}
		for (size_t j = 0; j < in->runs[i].nlabels; j++) {
			const char *k = in->runs[i].labels[j].key;
			if (!in_list(keys, n, k)) {
				keys = kv_xreallocarray(keys, n + 1, sizeof(*keys));
				keys[n++] = k;
			}
		}
	}
	if (n > 0) {
		qsort(keys, n, sizeof(*keys), cmp_str);
	}
	*out = keys;
	return n;
}

static struct cfgrow *add_row(struct cfgtab *t, const char *key, bool rule)
{
	t->row = kv_xreallocarray(t->row, t->nrow + 1, sizeof(*t->row));
	struct cfgrow *row = &t->row[t->nrow++];
	char name[KV_NAME_BUF];
	row->key = kv_xstrdup(kv_name_cut(key, KV_NAME_CHARS, name, sizeof(name)));
	row->val = kv_xcalloc(t->n, sizeof(*row->val));
	row->rule = rule;
	return row;
}

/* A fact as a row, unless no run of any configuration states it. */
static void add_fact(struct cfgtab *t, const struct kv_report_input *in, const char *key,
		     enum fact what, const char *label, bool *rule)
{
	struct cfgrow *row = add_row(t, key, *rule);
	bool any = false;

	for (size_t j = 0; j < t->n; j++) {
		row->val[j] = run_fact(in, t->name[j], what, label);
		any = any || row->val[j][0];
	}
	if (!any) {
		for (size_t j = 0; j < t->n; j++) {
			free(row->val[j]);
		}
		free(row->val);
		free(row->key);
		t->nrow--;
		return;
	}
	*rule = false;
}

/* The rows: runs and samples; the labels whose values differ (the tuning);
 * the system: hosts, kernel, tools and versions, the labels all share. */
static void cfg_rows(struct cfgtab *t, const struct kv_report_input *in)
{
	const char **keys = NULL;
	size_t nk = label_keys(in, t, &keys);
	struct cfgrow *row = add_row(t, "runs (samples)", false);
	char buf[64];

	for (size_t j = 0; j < t->n; j++) {
		buf[0] = '\0';
		for (size_t i = 0; i < in->nconfigs; i++) {
			if (strcmp(in->configs[i].config, t->name[j]) == 0) {
				snprintf(buf, sizeof(buf), "%lld (%lld)",
					 (long long)in->configs[i].runs,
					 (long long)in->configs[i].samples);
			}
		}
		row->val[j] = kv_xstrdup(buf);
	}
	bool rule = true;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nk; i++) {
			if (strcmp(keys[i], "kernel") == 0) {
				continue;
			}
			size_t at = t->nrow;
			bool was = rule;
			add_fact(t, in, keys[i], FACT_LABEL, keys[i], &rule);
			if (at < t->nrow && same_for_all(t, &t->row[at]) != (pass == 1)) {
				for (size_t j = 0; j < t->n; j++) { /* the other pass's */
					free(t->row[at].val[j]);
				}
				free(t->row[at].val);
				free(t->row[at].key);
				t->nrow--;
				rule = was;
			}
		}
		if (pass == 0) {
			rule = true;
			add_fact(t, in, "host", FACT_HOST, NULL, &rule);
			add_fact(t, in, "kernel", FACT_LABEL, "kernel", &rule);
			add_fact(t, in, "tools", FACT_TOOL, NULL, &rule);
		}
	}
	free(keys);
}

static void configurations(struct kv_flow *f)
{
	const struct kv_report_input *in = f->d->in;
	const struct kv_compare_result *r = in->r;
	struct cfgtab t = {0};
	size_t cap = (r != NULL ? r->nvariants : 0) + in->nconfigs + 1;
	bool spans = false;

	/* the baseline and the variants compared, or every configuration */
	t.name = kv_xcalloc(cap, sizeof(*t.name));
	t.role = kv_xcalloc(cap, sizeof(*t.role));
	t.name[t.n] = in->o->baseline, t.role[t.n++] = "baseline";
	for (size_t i = 0; r != NULL && i < r->nvariants; i++) {
		bool ref =
		    in->o->reference != NULL && strcmp(r->variants[i], in->o->reference) == 0;
		t.name[t.n] = r->variants[i], t.role[t.n++] = ref ? "reference" : "variant";
	}
	for (size_t i = 0; r == NULL && i < in->nconfigs; i++) {
		if (strcmp(in->configs[i].config, in->o->baseline) != 0) {
			t.name[t.n] = in->configs[i].config, t.role[t.n++] = "not compared";
		}
	}
	cfg_rows(&t, in);
	t.xk = MARGIN;
	t.wk = 0;
	for (size_t i = 0; i < t.nrow; i++) {
		t.wk = fmax(t.wk, kv_text_width(f->d->cr, BODY, false, t.row[i].key));
		spans = spans || same_for_all(&t, &t.row[i]);
	}
	t.wk = fmin(t.wk, body_width(f->d) * 0.3);
	t.x0 = t.xk + t.wk + 10;
	t.wc = (MARGIN + body_width(f->d) - t.x0) / (double)t.n;

	kv_flow_heading(f, "Configurations and system",
			spans ? "the labels that differ, then what the runs record; shaded: the "
				"same for every configuration"
			      : "the labels that differ, then what the runs record",
			4 * LEAD);
	f->header = cfg_header, f->header_arg = &t;
	cfg_header(f, &t);
	for (size_t i = 0; i < t.nrow; i++) {
		cfg_draw(f, &t, &t.row[i]);
	}
	f->header = NULL;
	for (size_t i = 0; i < t.nrow; i++) {
		for (size_t j = 0; j < t.n; j++) {
			free(t.row[i].val[j]);
		}
		free(t.row[i].val);
		free(t.row[i].key);
	}
	free(t.row);
	free(t.name);
	free(t.role);
}

/* The method in a sentence, the scale in another, and what per-run
 * summaries mean. */
static void method(struct kv_flow *f)
{
	const struct kv_report_input *in = f->d->in;
	const struct kv_compare_result *r = in->r;
	char part[1024], levels[1024], conf[32], buf[2560], sum[512];
	size_t nsum = 0, lo = SIZE_MAX, hi = 0;

	kv_fmt_methods(r, part, sizeof(part));
	kv_fmt_levels(r, in->o, levels, sizeof(levels));
	kv_fmt_level(in->o->confidence, conf, sizeof(conf));
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_comparison *c = &r->c[i];
		if (c->flags & KV_FLAG_SUMMARY) {
			nsum++;
			lo = c->bs.n < lo ? c->bs.n : lo;
			lo = c->vs.n < lo ? c->vs.n : lo;
			hi = c->bs.n > hi ? c->bs.n : hi;
			hi = c->vs.n > hi ? c->vs.n : hi;
		}
	}
	sum[0] = '\0';
	if (nsum > 0) {
		char runs[48];
		if (lo == hi) {
			snprintf(runs, sizeof(runs), "%zu", lo);
		} else {
			snprintf(runs, sizeof(runs), "%zu to %zu", lo, hi);
		}
		snprintf(sum, sizeof(sum),
			 " %zu of %zu comparisons are of per-run summaries (a P50, an average): "
			 "their intervals are across %s runs, not across the VMs or requests "
			 "inside each run.",
			 nsum, r->n, runs);
	}
	snprintf(buf, sizeof(buf),
		 "%c%s; %s; a verdict is worse or better when that interval lies wholly above "
		 "or below 0, else ~ (no significant change); G's %s interval treats the run "
		 "as the unit.%s",
		 toupper((unsigned char)part[0]), part + 1, levels, conf, sum);
	struct kv_run run[] = {RUN("Method. ", BODY, true, ink), RUN(buf, BODY, false, soft)};
	double lead = BODY + 2.5;
	int lines = kv_doc_runs(f->d->cr, MARGIN, 0, body_width(f->d), lead, run, 2, false);
	kv_flow_need(f, 10 + lead * lines);
	f->y += 10;
	kv_doc_runs(f->d->cr, MARGIN, f->y + BODY, body_width(f->d), lead, run, 2, true);
	f->y += lead * lines;
	f->empty = false;
}

void kv_doc_answer_pages(struct doc *d)
{
	const struct kv_report_input *in = d->in;
	struct kv_flow f;
	char cont[KV_NAME_BUF + 32], name[KV_NAME_BUF], head[KV_NAME_BUF];

	kv_doc_new_page(d, "Answer");
	snprintf(cont, sizeof(cont), "%s (continued)",
		 kv_name_cut(in->title, KV_NAME_CHARS, name, sizeof(name)));
	kv_flow_init(&f, d, cont);
	f.y = MARGIN - 6;
	struct kv_run title =
	    RUN(kv_name_cut(in->title, KV_NAME_CHARS, head, sizeof(head)), 20, true, ink);
	int lines = kv_doc_runs(d->cr, MARGIN, 0, body_width(d), 24, &title, 1, false);
	kv_doc_runs(d->cr, MARGIN, f.y + 18, body_width(d), 24, &title, 1, true);
	f.y += 24 * lines;
	struct kv_strbuf sb = KV_STRBUF_INIT;
	kv_strbuf_addf(&sb, "%s \xc2\xb7 kvperf %s \xc2\xb7 baseline %s", in->date, in->version,
		       kv_name_cut(in->o->baseline, KV_NAME_CHARS, name, sizeof(name)));
	for (size_t i = 0; in->r != NULL && i < in->r->nvariants; i++) {
		kv_strbuf_addf(&sb, "%s%s",
			       i                       ? ", "
			       : in->r->nvariants == 1 ? "; variant "
						       : "; variants ",
			       kv_name_cut(in->r->variants[i], KV_NAME_CHARS, name, sizeof(name)));
	}
	f.empty = false;
	kv_flow_paragraph(&f, 8.5, 0.4, kv_strbuf_str(&sb));
	kv_strbuf_release(&sb);
	f.y += 8;
	if (in->r == NULL) {
		cairo_set_source_rgb(d->cr, 0.6, 0.1, 0.1);
		kv_text(d->cr, MARGIN, f.y + 11, 11, true, 0,
			"Nothing to compare: only the baseline is in the database.");
		f.y += 24;
		configurations(&f);
		return;
	}
	for (size_t v = 0; v < in->r->nvariants; v++) {
		answer(&f, in->r->variants[v]);
	}
	charts(&f);
	extremes(&f);
	configurations(&f);
	method(&f);
}
