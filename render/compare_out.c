/* compare_out.c - the comparison as text, markdown, CSV and JSON. */
#include "render/compare_out.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "render/compare_priv.h"
#include "render/format.h"
#include "render/layout.h"
#include "render/table.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const struct {
	enum kv_flag flag;
	const char *name;
	const char *explain;
} flags[] = {
    {KV_FLAG_FEW_SAMPLES, "few-samples",
     "fewer than 3 runs on a side, or a test that cannot reach significance at these sizes: "
     "'~' then means the data could not decide, not that nothing changed"},
    {KV_FLAG_NOISY, "noisy", "coefficient of variation above the threshold on a side"},
    {KV_FLAG_OUTLIERS, "outliers",
     "Grubbs' test finds an outlying run on a side (two-sided, alpha 0.025 per side)"},
    {KV_FLAG_UNBOUNDED_CI, "unbounded-ci",
     "the confidence set at the printed level is not a bounded interval (Fieller: the "
     "baseline mean is not significantly different from zero; Hodges-Lehmann: too few runs "
     "to reach the level)"},
    {KV_FLAG_UNSUPPORTED, "no-ratio", "a mean at or below zero: a ratio is not defined"},
    {KV_FLAG_CONSTANT, "constant",
     "every run gave the same value on both sides (or nearly): Welch's test and Fieller's "
     "interval do not exist; the overhead shown is exact for these runs"},
    {KV_FLAG_SUMMARY, "summary",
     "each run gave one summary value (its P50, average, ...): the interval is across runs, "
     "not across the VMs or requests inside them"},
    {KV_FLAG_NO_GAP, "no-gap",
     "the reference is not significantly worse than the baseline here: there is no gap to "
     "close, and the share shown means little"},
};

const char kv_overhead_definition[] =
    "overhead = (C - 1) \xc3\x97 100 where C, the cost ratio, is variant/baseline for "
    "lower-is-better metrics and baseline/variant for higher-is-better ones: C > 1 means the "
    "variant is worse";

const char kv_change_definition[] =
    "change = (variant/baseline - 1) \xc3\x97 100, the metric's own relative change (a "
    "throughput from 100 to 40 is change -60.0%, \xc3\x97"
    "2.50, overhead +150.0%)";

const char *kv_flag_name(enum kv_flag f)
{
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		if (flags[i].flag == f) {
			return flags[i].name;
		}
	}
	return "?";
}

static const char *estimator_name(enum kv_estimator e)
{
	return e == KV_EST_MEAN ? "mean" : "median";
}

static const char *test_name(enum kv_test t)
{
	return t == KV_TEST_WELCH ? "welch" : "mann-whitney";
}

static const char *adjust_name(enum kv_adjust a)
{
	static const char *const n[] = {"none", "holm", "hochberg", "bh", "by", "bonferroni"};

	return n[a];
}

const char *kv_verdict_short(enum kv_verdict v)
{
	return v == KV_SAME ? "~" : v == KV_VERDICT_NA ? "n/a" : kv_verdict_name(v);
}

void kv_fmt_verdict(const struct kv_comparison *c, char *buf, size_t size)
{
	const char *v = kv_verdict_short(c->verdict);
	const char *sep = c->verdict == KV_SAME ? " " : ", ";

	switch (c->equivalent) {
	case KV_EQUIV_YES:
		snprintf(buf, size, "%s%sequivalent", v, sep);
		break;
	case KV_EQUIV_NO:
		snprintf(buf, size, "%s%snot equivalent", v, sep);
		break;
	case KV_EQUIV_UNTESTED:
	default:
		snprintf(buf, size, "%s", v);
		break;
	}
}

const char *kv_method_explain(enum kv_method m)
{
	switch (m) {
	case KV_METHOD_FIELLER:
		return "Fieller's interval for the ratio of means, Welch's t-test on Fieller's df";
	case KV_METHOD_BOOT:
		return "BCa bootstrap interval for the ratio of means, p from inverting it";
	case KV_METHOD_BOOT_RUNS:
		return "two-level bootstrap (runs, then iterations) for the ratio of grand means, "
		       "p "
		       "from inverting it";
	case KV_METHOD_MEDIAN:
		return "BCa bootstrap interval for the ratio of medians, p from inverting it";
	case KV_METHOD_HL:
		return "Hodges-Lehmann ratio and its interval, Wilcoxon-Mann-Whitney p";
	}
	return "?";
}

void kv_fmt_levels(const struct kv_compare_result *r, const struct kv_compare_opts *o, char *buf,
		   size_t size)
{
	char conf[32], level[32];

	kv_fmt_level(o->confidence, conf, sizeof(conf));
	kv_fmt_level(1 - r->alpha_printed, level, sizeof(level));
	if (o->adjust == KV_ADJ_NONE || r->m <= 1) {
		snprintf(buf, size, "%s confidence; intervals at %s (%s)", conf, level,
			 kv_adjust_explain(o->adjust));
	} else {
		snprintf(buf, size, "%s confidence; intervals at %s over %zu comparisons (%s)",
			 conf, level, r->m, kv_adjust_explain(o->adjust));
	}
}

void kv_fmt_methods(const struct kv_compare_result *r, char *buf, size_t size)
{
	static const enum kv_method all[] = {KV_METHOD_FIELLER, KV_METHOD_BOOT, KV_METHOD_BOOT_RUNS,
					     KV_METHOD_MEDIAN, KV_METHOD_HL};
	size_t count[ARRAY_SIZE(all)] = {0}, used = 0, len;

	for (size_t i = 0; i < r->n; i++) {
		for (size_t k = 0; k < ARRAY_SIZE(all); k++) {
			count[k] += r->c[i].method == all[k];
		}
	}
	for (size_t k = 0; k < ARRAY_SIZE(all); k++) {
		used += count[k] > 0;
	}
	len = (size_t)snprintf(buf, size, "each run's mean is one sample; ");
	for (size_t k = 0; k < ARRAY_SIZE(all) && len < size; k++) {
		if (count[k] == 0) {
			continue;
		}
		if (used > 1) {
			len += (size_t)snprintf(buf + len, size - len, "%s (%zu rows); ",
						kv_method_explain(all[k]), count[k]);
		} else {
			len += (size_t)snprintf(buf + len, size - len, "%s; ",
						kv_method_explain(all[k]));
		}
	}
	if (len >= 2 && len < size) {
		buf[len - 2] = '\0'; /* no "; " at the end */
	}
}

void kv_fmt_sum_method(const struct kv_summary *s, char *buf, size_t size)
{
	switch (s->method) {
	case KV_SUM_ROW:
		snprintf(buf, size, "the row's interval");
		break;
	case KV_SUM_DELTA:
		snprintf(buf, size, "delta method over runs, t (df %.1f)", s->df);
		break;
	case KV_SUM_BOOT:
		snprintf(buf, size, "run bootstrap SE, t (df %.1f)", s->df);
		break;
	case KV_SUM_NONE:
	default:
		snprintf(buf, size, "no interval");
		break;
	}
}

/* s, or s cut to max characters into buf (KV_NAME_SIZE(max) bytes) when max > 0. */
static const char *cut_name(const char *s, size_t max, char *buf, size_t size)
{
	return max > 0 ? kv_name_cut(s, max, buf, size) : s;
}

void kv_fmt_merged(const struct kv_comparison *c, size_t max, char *buf, size_t size)
{
	if (c->merged_into == NULL) {
		buf[0] = '\0';
		return;
	}
	/* a negative factor: the reciprocal, of the opposite direction (the same C) */
	double f = fabs(c->merge_factor);
	char rel[320], n[4][KV_NAME_BUF];
	size_t m = max < KV_NAME_CHARS ? max : KV_NAME_CHARS;
	const char *into = cut_name(c->merged_into->base->metric, m, n[0], sizeof(n[0]));
	if (c->merge_factor < 0) {
		snprintf(rel, sizeof(rel), "%.6g / %s", f, into);
	} else if (f < 1) { /* read_iops = read_bw / 4096, not 0.000244141 x read_bw */
		snprintf(rel, sizeof(rel), "%s / %.6g", into, 1 / f);
	} else {
		snprintf(rel, sizeof(rel), "%.6g \xc3\x97 %s", f, into);
	}
	char *params = m > 0 ? kv_params_cut(c->base->params, m) : kv_xstrdup(c->base->params);
	snprintf(buf, size, "%s %s%s%s %s = %s (counted once)",
		 cut_name(c->base->tool, m, n[1], sizeof(n[1])),
		 cut_name(c->base->benchmark, m, n[2], sizeof(n[2])), params[0] ? " " : "", params,
		 cut_name(c->base->metric, m, n[3], sizeof(n[3])), rel);
	free(params);
}
void kv_fmt_pairing(const struct kv_compare_result *r, size_t max, char *buf, size_t size)
{
	char name[KV_NAME_BUF];
	size_t m = max < KV_NAME_CHARS ? max : KV_NAME_CHARS;

	size_t len = (size_t)snprintf(buf, size,
				      "the summary's interval keeps the correlation of metrics "
				      "measured in the same runs (runs are its unit)");

	for (size_t i = 0; i < r->nsummary && len < size; i++) {
		const struct kv_summary_row *s = &r->summary[i];
		if (strcmp(s->category, "all") != 0 || s->s.paired >= s->s.k) {
			continue;
		}
		size_t own = s->s.k - s->s.paired;
		len += (size_t)snprintf(buf + len, size - len,
					"; %s: %zu of %zu metrics come from runs of their own",
					cut_name(s->variant, m, name, sizeof(name)), own, s->s.k);
	}
}

char *kv_flags_text(unsigned f, const char *sep)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		if (f & flags[i].flag) {
			kv_strbuf_addf(&sb, "%s%s", sb.len ? sep : "", flags[i].name);
		}
	}
	return kv_strbuf_detach(&sb);
}

void kv_fmt_side(const struct kv_side *s, double est, const char *unit, char *buf, size_t size)
{
	char v[48];

	kv_fmt_si(est, unit, v, sizeof(v));
	if (isfinite(s->lo) && isfinite(s->hi) && fabs(est) > 0) {
		snprintf(buf, size, "%s \xc2\xb1%.1f%%", v, 100 * (s->hi - s->lo) / 2 / fabs(est));
	} else {
		snprintf(buf, size, "%s", v);
	}
}

double kv_side_estimate(const struct kv_side *s, const struct kv_compare_opts *o)
{
	return o->estimator == KV_EST_MEAN ? s->mean : s->median;
}

/* fprintf for a line that names data (configurations, benchmarks,
 * metrics): written with its control characters escaped, then "\n". */
void kv_cmp_method_line(const struct kv_compare_result *r, const struct kv_compare_opts *o, FILE *f)
{
	struct kv_strbuf names = KV_STRBUF_INIT;
	char buf[1024];

	for (size_t i = 0; i < r->nvariants; i++) {
		kv_strbuf_addf(&names, "%s%s", i ? ", " : "", r->variants[i]);
	}
	kv_fmt_levels(r, o, buf, sizeof(buf));
	kv_fprintf_line(f, "baseline %s; %s %s; %s;", o->baseline,
			r->nvariants == 1 ? "variant" : "variants", kv_strbuf_str(&names), buf);
	kv_strbuf_release(&names);
	kv_fmt_methods(r, buf, sizeof(buf));
	/* the adjustment is named with the intervals' level: holm and hochberg
	 * give Bonferroni's p */
	fprintf(f, "%s; %s\n", buf,
		o->adjust == KV_ADJ_NONE ? "p not adjusted" : "adjusted p in parentheses");
}

enum kv_style kv_verdict_style(enum kv_verdict v)
{
	return v == KV_WORSE    ? KV_STYLE_WORSE
	       : v == KV_BETTER ? KV_STYLE_BETTER
	       : v == KV_SAME   ? KV_STYLE_DIM
				: KV_STYLE_NONE;
}

void kv_fmt_gap(const struct kv_gap *g, bool is_ref, char *buf, size_t size)
{
	char pct[32], rng[48];

	if (is_ref) {
		snprintf(buf, size, "(reference)");
		return;
	}
	if (!g->has || !isfinite(g->pct)) {
		snprintf(buf, size, "n/a");
		return;
	}
	snprintf(pct, sizeof(pct), "%.1f%%", g->pct);
	if (isfinite(g->lo)) {
		snprintf(rng, sizeof(rng), " [%.1f, %.1f]", g->lo, g->hi);
	} else {
		rng[0] = '\0';
	}
	snprintf(buf, size, "%s%s", pct, rng);
}

/* "+150.0% [+140.1, +160.3]", or the point alone when there is no interval. */
void kv_fmt_overhead(double pct, double lo, double hi, char *buf, size_t size)
{
	char p[32], rng[64];

	kv_fmt_pct(pct, p, sizeof(p));
	if (isnan(lo) || isnan(hi) || isnan(pct)) {
		snprintf(buf, size, "%s", p);
		return;
	}
	kv_fmt_pct_range(lo, hi, rng, sizeof(rng));
	snprintf(buf, size, "%s %s", p, rng);
}

void kv_cmp_cells(const struct kv_comparison *c, const struct kv_compare_opts *o, const char *sep,
		  struct kv_cmp_cells *x)
{
	char buf[192], p1[24], p2[24];

	kv_fmt_side(&c->vs, kv_side_estimate(&c->vs, o), c->var->unit, buf, sizeof(buf));
	x->value = kv_xstrdup(buf);
	x->change = kv_xstrdup(kv_fmt_pct(c->change_pct, buf, sizeof(buf)));
	x->cost = kv_xstrdup(kv_fmt_cost(c->cost, buf, sizeof(buf)));
	kv_fmt_overhead(c->overhead_pct, c->overhead_lo, c->overhead_hi, buf, sizeof(buf));
	x->overhead = kv_xstrdup(buf);
	buf[0] = '\0';
	if (o->reference != NULL) {
		kv_fmt_gap(&c->gap, strcmp(c->var->config, o->reference) == 0, buf, sizeof(buf));
	}
	x->gap = kv_xstrdup(buf);
	kv_fmt_p(c->p, p1, sizeof(p1));
	kv_fmt_p(c->p_adjusted, p2, sizeof(p2));
	snprintf(buf, sizeof(buf), o->adjust == KV_ADJ_NONE ? "%s" : "%s (%s)", p1, p2);
	x->p = kv_xstrdup(buf);
	kv_fmt_verdict(c, buf, sizeof(buf));
	x->verdict = kv_xstrdup(buf);
	x->flags = kv_flags_text(c->flags, sep);
}

/* The main table: one row per benchmark-metric, one column group per variant:
 * its value, change, C, overhead [interval], (gap closed), p (adj), verdict, flags. */
static struct kv_table *main_table(const struct kv_compare_result *r,
				   const struct kv_compare_opts *o, bool text, unsigned *seen)
{
	size_t w = o->reference != NULL ? 8 : 7; /* columns per variant */
	size_t ncols = 3 + w * r->nvariants, k = 0;
	const char **head = kv_xcalloc(ncols, sizeof(*head));
	bool *right = kv_xcalloc(ncols, sizeof(*right));
	char **owned = kv_xcalloc(ncols, sizeof(*owned));
	enum kv_style *styles = kv_xcalloc(ncols, sizeof(*styles));

	head[k++] = "benchmark";
	head[k++] = "metric";
	head[k++] = o->baseline;
	for (size_t v = 0; v < r->nvariants; v++) {
		struct kv_strbuf sb = KV_STRBUF_INIT;
		head[k++] = r->variants[v];
		head[k++] = "change";
		head[k++] = "\xc3\x97"
			    "C";
		kv_strbuf_adds(&sb, "overhead");
		if (r->nvariants > 1) {
			kv_strbuf_addf(&sb, " %s", r->variants[v]);
		}
		owned[k] = kv_strbuf_detach(&sb);
		head[k] = owned[k];
		k++;
		if (o->reference != NULL) {
			head[k++] = "gap closed";
		}
		head[k++] = "p (adj)";
		head[k++] = "verdict";
		head[k++] = "flags";
	}
	for (size_t i = 2; i < ncols; i++) {
		right[i] = true;
	}
	for (size_t v = 0; v < r->nvariants; v++) {
		right[3 + w * v + w - 2] = right[3 + w * v + w - 1] = false;
	}
	struct kv_table *t = kv_table_new(ncols, head, right);
	/* comparisons come ordered by metric, then variant */
	for (size_t i = 0; i < r->n;) {
		const struct kv_comparison *c0 = &r->c[i];
		char **cell = kv_xcalloc(ncols, sizeof(*cell));
		char buf[160];
		struct kv_strbuf name = KV_STRBUF_INIT;

		memset(styles, 0, ncols * sizeof(*styles));
		kv_strbuf_addf(&name, "%s %s", c0->base->tool, c0->base->benchmark);
		if (c0->base->params[0]) {
			kv_strbuf_addf(&name, " %s", c0->base->params);
		}
		cell[0] = kv_strbuf_detach(&name);
		cell[1] = kv_xstrdup(c0->base->metric);
		kv_fmt_side(&c0->bs, kv_side_estimate(&c0->bs, o), c0->base->unit, buf,
			    sizeof(buf));
		cell[2] = kv_xstrdup(buf);
		for (size_t v = 0; v < r->nvariants; v++) {
			size_t col = 3 + w * v, g = w - 7; /* g: the gap column's shift */
			const struct kv_comparison *c = NULL;
			for (size_t j = i; j < r->n && r->c[j].base == c0->base; j++) {
				if (strcmp(r->c[j].var->config, r->variants[v]) == 0) {
					c = &r->c[j];
				}
			}
			if (c == NULL) {
				for (size_t x = 0; x < w; x++) {
					cell[col + x] = kv_xstrdup(x == 0 ? "(none)" : "");
				}
				continue;
			}
			struct kv_cmp_cells x;
			kv_cmp_cells(c, o, text ? "," : ", ", &x);
			cell[col] = x.value;
			cell[col + 1] = x.change;
			cell[col + 2] = x.cost;
			cell[col + 3] = x.overhead;
			if (g == 1) {
				cell[col + 4] = x.gap;
			} else {
				free(x.gap);
			}
			cell[col + g + 4] = x.p;
			cell[col + g + 5] = x.verdict;
			cell[col + g + 6] = x.flags;
			*seen |= c->flags;
			enum kv_style st = kv_verdict_style(c->verdict);
			styles[col + 3] = styles[col + g + 5] = st;
		}
		kv_table_add(t, (const char *const *)cell);
		for (size_t x = 0; x < ncols; x++) {
			kv_table_style(t, x, styles[x]);
		}
		for (size_t x = 0; x < ncols; x++) {
			free(cell[x]);
		}
		free(cell);
		while (i < r->n && r->c[i].base == c0->base) {
			i++;
		}
	}
	for (size_t x = 0; x < ncols; x++) {
		free(owned[x]);
	}
	free(owned);
	free(styles);
	free(head);
	free(right);
	return t;
}

static struct kv_table *summary_table(const struct kv_compare_result *r,
				      const struct kv_compare_opts *o, bool color)
{
	static const char *const head[] = {"variant",
					   "category",
					   "metrics",
					   "runs (b/v)",
					   "\xc3\x97"
					   "G",
					   "overhead [interval]",
					   "verdict",
					   "interval method",
					   "gap closed"};
	static const bool right[] = {false, false, true, true, true, true, false, false, true};
	bool gap = o->reference != NULL;
	struct kv_table *t = kv_table_new(gap ? 9 : 8, head, right);

	kv_table_set_color(t, color);
	for (size_t i = 0; i < r->nsummary; i++) {
		const struct kv_summary_row *s = &r->summary[i];
		char k[24], runs[48], g[32], ov[96], m[96], gc[96];
		snprintf(k, sizeof(k), "%zu", s->s.k);
		snprintf(runs, sizeof(runs), "%zu/%zu", s->s.runs_b, s->s.runs_v);
		kv_fmt_cost(s->s.cost, g, sizeof(g));
		kv_fmt_overhead(s->s.overhead_pct, 100 * (s->s.lo - 1), 100 * (s->s.hi - 1), ov,
				sizeof(ov));
		kv_fmt_sum_method(&s->s, m, sizeof(m));
		kv_fmt_gap(&s->gap, gap && strcmp(s->variant, o->reference) == 0, gc, sizeof(gc));
		const char *row[] = {
		    s->variant, s->category, k, runs, g, ov, kv_verdict_short(s->verdict), m, gc};
		kv_table_add(t, row);
		enum kv_style st = kv_verdict_style(s->verdict);
		kv_table_style(t, 5, st);
		kv_table_style(t, 6, st);
	}
	return t;
}

void kv_cmp_notes_top(const struct kv_compare_result *r, const struct kv_compare_opts *o, FILE *f)
{
	char conf[32];

	fprintf(f, "%s.\n%s.\n", kv_overhead_definition, kv_change_definition);
	kv_fmt_level(1 - r->alpha_printed, conf, sizeof(conf));
	fprintf(f,
		"verdict: worse or better when the %s interval lies wholly above or below 0; "
		"'~': it holds 0 (no significant change).\n",
		conf);
	if (o->equivalence_pct > 0) {
		kv_fmt_level(1 - 2 * r->alpha_printed, conf, sizeof(conf));
		fprintf(f,
			"equivalent: the overhead's %s interval (two one-sided tests) lies within "
			"\xc2\xb1%g%%; shown beside the verdict, which it does not replace.\n",
			conf, o->equivalence_pct);
	}
	if (o->reference != NULL) {
		kv_fprintf_line(
		    f,
		    "gap closed: the share of %s's overhead a variant recovers, (C_%s - "
		    "C_variant) / (C_%s - 1) \xc3\x97 100",
		    o->reference, o->reference, o->reference);
		kv_fprintf_line(
		    f,
		    "= 1 - overhead(variant) / overhead(%s); 100%%: as good as %s, 0%%: no "
		    "better than %s;",
		    o->reference, o->baseline, o->reference);
		fputs("percentile bootstrap interval over the runs of all three.\n", f);
	}
}

void kv_cmp_summary_heading(const struct kv_compare_opts *o, FILE *f)
{
	char conf[32];

	kv_fmt_level(o->confidence, conf, sizeof(conf));
	fprintf(f, "geometric mean G of the cost ratios C per variant and category, %s interval:\n",
		conf);
}

void kv_cmp_notes_bottom(const struct kv_compare_result *r, const struct kv_compare_opts *o,
			 unsigned seen, FILE *f)
{
	char buf[2048];

	kv_fmt_pairing(r, 0, buf, sizeof(buf));
	kv_fprintf_line(f, "%s.", buf);
	for (size_t i = 0; i < r->n; i++) {
		if (r->c[i].merged_into != NULL) {
			kv_fmt_merged(&r->c[i], 0, buf, sizeof(buf));
			kv_fprintf_line(f, "merged: %s%s%s",
					r->nvariants > 1 ? r->c[i].var->config : "",
					r->nvariants > 1 ? ": " : "", buf);
		}
	}
	bool notes = false;
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		if (seen & flags[i].flag) {
			fprintf(f, "%s%s: %s\n", notes ? "" : "\nflags:\n", flags[i].name,
				flags[i].explain);
			notes = true;
		}
	}
	if (o->test == KV_TEST_MANN_WHITNEY) {
		double worst = 0;
		for (size_t i = 0; i < r->n; i++) {
			worst = fmax(worst, r->c[i].min_p);
		}
		if (worst >= 1 - o->confidence) {
			fprintf(f,
				"note: with these sample sizes the Mann-Whitney test cannot give p "
				"< %g "
				"(smallest possible p = %.3g)\n",
				1 - o->confidence, worst);
		}
	}
	for (size_t i = 0; i < r->nunmatched; i++) {
		const struct kv_unmatched *u = &r->unmatched[i];
		if (i == 0) {
			fputs("\nnot compared:\n", f);
		}
		kv_fprintf_line(f, "%s %s %s %s: only in %s", u->series->tool, u->series->benchmark,
				u->series->params, u->series->metric,
				u->in_baseline ? o->baseline : u->variant);
	}
}

/* Markdown: the main table, the notes, the summary. */
static void write_markdown(const struct kv_compare_result *r, const struct kv_compare_opts *o,
			   bool summary_only, FILE *f)
{
	unsigned seen = 0;
	struct kv_table *t = main_table(r, o, false, &seen);
	struct kv_table *s = summary_table(r, o, false);

	fputs("**kvperf compare**: ", f);
	kv_cmp_method_line(r, o, f);
	fputc('\n', f);
	if (!summary_only) {
		kv_table_print_markdown(t, f);
		fputc('\n', f);
	}
	kv_cmp_notes_top(r, o, f);
	fputc('\n', f);
	kv_cmp_summary_heading(o, f);
	fputc('\n', f);
	kv_table_print_markdown(s, f);
	fputc('\n', f);
	kv_cmp_notes_bottom(r, o, summary_only ? 0 : seen, f);
	kv_table_free(t);
	kv_table_free(s);
}

json_t *kv_json_text(const char *s)
{
	if (s == NULL) {
		return json_null();
	}
	json_t *j = json_string(s);
	if (j == NULL) {
		char *e = kv_escape_dup(s);
		j = json_string(e);
		free(e);
	}
	return j;
}

json_t *kv_json_num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *jpair(double a, double b)
{
	return json_pack("[o, o]", kv_json_num(a), kv_json_num(b));
}

/* An interval for C on the overhead % scale. */
static json_t *jpct_pair(double lo, double hi)
{
	return jpair(100 * (lo - 1), 100 * (hi - 1));
}

static json_t *side_json(const struct kv_side *s)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "n", (json_int_t)s->n, "n_samples",
			 (json_int_t)s->n_samples, "mean", kv_json_num(s->mean), "sd",
			 kv_json_num(s->sd), "median", kv_json_num(s->median), "cv",
			 kv_json_num(s->cv), "ci", jpair(s->lo, s->hi));
}

static const char *sum_method_key(enum kv_sum_method m)
{
	static const char *const n[] = {"none", "row", "delta", "bootstrap"};

	return n[m];
}

/* The methods of the rows: one name, or "mixed". */
static const char *rows_method(const struct kv_compare_result *r)
{
	for (size_t i = 1; i < r->n; i++) {
		if (r->c[i].method != r->c[0].method) {
			return "mixed";
		}
	}
	return r->n > 0 ? kv_method_name(r->c[0].method) : "none";
}

static json_t *comparison_json(const struct kv_comparison *c, const struct kv_compare_opts *o)
{
	json_t *fl = json_array(), *e = json_object();

	for (size_t k = 0; k < ARRAY_SIZE(flags); k++) {
		if (c->flags & flags[k].flag) {
			json_array_append_new(fl, json_string(flags[k].name));
		}
	}
	json_object_set_new(e, "variant", kv_json_text(c->var->config));
	json_object_set_new(e, "tool", kv_json_text(c->base->tool));
	json_object_set_new(e, "benchmark", kv_json_text(c->base->benchmark));
	json_object_set_new(e, "params", kv_json_text(c->base->params));
	json_object_set_new(e, "metric", kv_json_text(c->base->metric));
	json_object_set_new(e, "unit", kv_json_text(c->base->unit));
	json_object_set_new(e, "direction", kv_json_text(c->base->direction));
	json_object_set_new(e, "category", kv_json_text(c->category));
	json_object_set_new(e, "baseline_stats", side_json(&c->bs));
	json_object_set_new(e, "variant_stats", side_json(&c->vs));
	json_object_set_new(e, "method", json_string(kv_method_name(c->method)));
	json_object_set_new(e, "ratio", kv_json_num(c->ratio));
	json_object_set_new(e, "ratio_ci", jpair(c->ratio_lo, c->ratio_hi));
	json_object_set_new(e, "level", kv_json_num(c->level));
	json_object_set_new(e, "interval_kind",
			    json_string(kv_fieller_kind_name(c->interval_kind)));
	json_object_set_new(e, "change_pct", kv_json_num(c->change_pct));
	json_object_set_new(e, "cost", kv_json_num(c->cost));
	json_object_set_new(e, "cost_ci", jpair(c->cost_lo, c->cost_hi));
	json_object_set_new(e, "overhead_pct", kv_json_num(c->overhead_pct));
	json_object_set_new(e, "overhead_ci", jpair(c->overhead_lo, c->overhead_hi));
	json_object_set_new(e, "raw_ratio_ci", jpair(c->raw_ratio_lo, c->raw_ratio_hi));
	json_object_set_new(e, "raw_cost_ci", jpair(c->raw_cost_lo, c->raw_cost_hi));
	json_object_set_new(e, "raw_overhead_ci", jpct_pair(c->raw_cost_lo, c->raw_cost_hi));
	json_object_set_new(e, "p_value", kv_json_num(c->p));
	json_object_set_new(e, "p_adjusted", kv_json_num(c->p_adjusted));
	json_object_set_new(e, "verdict",
			    c->verdict == KV_VERDICT_NA ? json_null()
							: json_string(kv_verdict_name(c->verdict)));
	json_object_set_new(e, "cliffs_delta", kv_json_num(c->cliffs_delta));
	json_object_set_new(e, "prob_superiority", kv_json_num(c->prob_superiority));
	json_object_set_new(e, "flags", fl);
	json_object_set_new(e, "min_detectable_pct", kv_json_num(c->mde_pct));
	if (o->test == KV_TEST_MANN_WHITNEY) {
		json_object_set_new(e, "min_possible_p", kv_json_num(c->min_p));
	}
	if (o->equivalence_pct > 0) {
		json_object_set_new(e, "equivalence_ci", jpair(c->equiv_lo, c->equiv_hi));
		json_object_set_new(e, "equivalent",
				    c->equivalent == KV_EQUIV_UNTESTED
					? json_null()
					: json_boolean(c->equivalent == KV_EQUIV_YES));
	}
	if (c->merged_into != NULL) {
		json_object_set_new(e, "merged_into", kv_json_text(c->merged_into->base->metric));
		json_object_set_new(e, "merge_factor", kv_json_num(fabs(c->merge_factor)));
		json_object_set_new(e, "merge_kind",
				    json_string(c->merge_factor < 0 ? "reciprocal" : "multiple"));
	}
	if (c->gap.has) {
		json_object_set_new(e, "gap_closed_pct", kv_json_num(c->gap.pct));
		json_object_set_new(e, "gap_closed_ci", jpair(c->gap.lo, c->gap.hi));
	}
	return e;
}

static json_t *summary_json(const struct kv_summary_row *s, const struct kv_compare_opts *o)
{
	json_t *row = json_object();

	json_object_set_new(row, "variant", kv_json_text(s->variant));
	json_object_set_new(row, "category", kv_json_text(s->category));
	json_object_set_new(row, "metrics", json_integer((json_int_t)s->s.k));
	json_object_set_new(row, "runs_baseline", json_integer((json_int_t)s->s.runs_b));
	json_object_set_new(row, "runs_variant", json_integer((json_int_t)s->s.runs_v));
	json_object_set_new(row, "paired", json_integer((json_int_t)s->s.paired));
	json_object_set_new(row, "merged", json_integer((json_int_t)s->merged));
	json_object_set_new(row, "cost", kv_json_num(s->s.cost));
	json_object_set_new(row, "cost_ci", jpair(s->s.lo, s->s.hi));
	json_object_set_new(row, "overhead_pct", kv_json_num(s->s.overhead_pct));
	json_object_set_new(row, "overhead_ci", jpct_pair(s->s.lo, s->s.hi));
	json_object_set_new(row, "level", kv_json_num(o->confidence));
	json_object_set_new(row, "verdict",
			    s->verdict == KV_VERDICT_NA ? json_null()
							: json_string(kv_verdict_name(s->verdict)));
	json_object_set_new(row, "interval_method", json_string(sum_method_key(s->s.method)));
	json_object_set_new(row, "df", kv_json_num(s->s.df));
	json_object_set_new(row, "between_benchmarks_ci",
			    jpct_pair(s->s.between_lo, s->s.between_hi));
	if (s->gap.has) {
		json_object_set_new(row, "gap_closed_pct", kv_json_num(s->gap.pct));
		json_object_set_new(row, "gap_closed_ci", jpair(s->gap.lo, s->gap.hi));
		json_object_set_new(row, "gap_closed_n", json_integer((json_int_t)s->gap_k));
	}
	return row;
}

static void write_json(const struct kv_compare_result *r, const struct kv_compare_opts *o,
		       bool summary_only, FILE *f)
{
	json_t *root = json_object(), *cmp = json_array(), *sum = json_array(), *un = json_array();

	json_object_set_new(root, "baseline", kv_json_text(o->baseline));
	if (o->reference != NULL) {
		json_object_set_new(root, "reference", kv_json_text(o->reference));
	}
	json_object_set_new(root, "confidence", json_real(o->confidence));
	json_object_set_new(root, "level", kv_json_num(1 - r->alpha_printed));
	json_object_set_new(root, "adjusted_over", json_integer((json_int_t)r->m));
	json_object_set_new(root, "estimator", json_string(estimator_name(o->estimator)));
	json_object_set_new(root, "test", json_string(test_name(o->test)));
	json_object_set_new(root, "adjust", json_string(adjust_name(o->adjust)));
	json_object_set_new(root, "adjust_explain", json_string(kv_adjust_explain(o->adjust)));
	json_object_set_new(root, "interval", json_string(rows_method(r)));
	if (o->equivalence_pct > 0) {
		json_object_set_new(root, "equivalence_pct", json_real(o->equivalence_pct));
	}
	for (size_t i = 0; i < r->n; i++) {
		json_array_append_new(cmp, comparison_json(&r->c[i], o));
	}
	for (size_t i = 0; i < r->nsummary; i++) {
		json_array_append_new(sum, summary_json(&r->summary[i], o));
	}
	for (size_t i = 0; i < r->nunmatched; i++) {
		const struct kv_unmatched *u = &r->unmatched[i];
		json_array_append_new(
		    un,
		    json_pack(
			"{s:o, s:o, s:o, s:o, s:o, s:o}", "tool", kv_json_text(u->series->tool),
			"benchmark", kv_json_text(u->series->benchmark), "params",
			kv_json_text(u->series->params), "metric", kv_json_text(u->series->metric),
			"only_in", kv_json_text(u->in_baseline ? o->baseline : u->variant),
			"missing_in", kv_json_text(u->in_baseline ? u->variant : o->baseline)));
	}
	if (summary_only) {
		json_decref(cmp);
		json_decref(un);
	} else {
		json_object_set_new(root, "comparisons", cmp);
	}
	json_object_set_new(root, "summary", sum);
	if (!summary_only) {
		json_object_set_new(root, "unmatched", un);
	}
	char *text =
	    json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	if (text != NULL) {
		kv_fputs_json(text, f); /* DEL and C1 as \u escapes too */
		fputc('\n', f);
	}
	free(text);
	json_decref(root);
}

/* A CSV cell of a row being built. */
struct csv_row {
	char *cell[64];
	size_t n;
};

static void csv_str(struct csv_row *w, const char *s)
{
	w->cell[w->n++] = kv_xstrdup(s != NULL ? s : "");
}

/* Shortest round-trip form; "inf" for an unbounded interval's end, "" for NaN. */
static void csv_num(struct csv_row *w, double v)
{
	char buf[40];

	if (isinf(v)) {
		csv_str(w, v > 0 ? "inf" : "-inf");
	} else {
		csv_str(w, kv_fmt_num(v, buf, sizeof(buf)));
	}
}

static void csv_side(struct csv_row *w, const struct kv_side *s)
{
	char n[24];

	snprintf(n, sizeof(n), "%zu", s->n);
	csv_str(w, n);
	csv_num(w, s->mean);
	csv_num(w, s->sd);
	csv_num(w, s->median);
	csv_num(w, s->cv);
	csv_num(w, s->lo);
	csv_num(w, s->hi);
}

static struct kv_table *csv_table(const struct kv_compare_result *r,
				  const struct kv_compare_opts *o)
{
	static const char *const head[] = {"variant",
					   "tool",
					   "benchmark",
					   "params",
					   "metric",
					   "unit",
					   "direction",
					   "category",
					   "baseline_n",
					   "baseline_mean",
					   "baseline_sd",
					   "baseline_median",
					   "baseline_cv",
					   "baseline_ci_lo",
					   "baseline_ci_hi",
					   "variant_n",
					   "variant_mean",
					   "variant_sd",
					   "variant_median",
					   "variant_cv",
					   "variant_ci_lo",
					   "variant_ci_hi",
					   "method",
					   "ratio",
					   "ratio_ci_lo",
					   "ratio_ci_hi",
					   "level",
					   "change_pct",
					   "cost",
					   "cost_ci_lo",
					   "cost_ci_hi",
					   "overhead_pct",
					   "overhead_ci_lo",
					   "overhead_ci_hi",
					   "raw_ratio_ci_lo",
					   "raw_ratio_ci_hi",
					   "raw_cost_ci_lo",
					   "raw_cost_ci_hi",
					   "raw_overhead_ci_lo",
					   "raw_overhead_ci_hi",
					   "p_value",
					   "p_adjusted",
					   "verdict",
					   "equivalent",
					   "cliffs_delta",
					   "prob_superiority",
					   "flags",
					   "merged_into",
					   "merge_factor",
					   "merge_kind",
					   "min_detectable_pct",
					   "gap_closed_pct",
					   "gap_closed_ci_lo",
					   "gap_closed_ci_hi"};
	bool gap = o->reference != NULL;
	size_t ncols = ARRAY_SIZE(head) - (gap ? 0 : 3);
	struct kv_table *t = kv_table_new(ncols, head, NULL);

	for (size_t i = 0; i < r->n; i++) {
		const struct kv_comparison *c = &r->c[i];
		struct csv_row w = {.n = 0};
		const char *const keys[] = {c->var->config,     c->base->tool,   c->base->benchmark,
					    c->base->params,    c->base->metric, c->base->unit,
					    c->base->direction, c->category};
		for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
			csv_str(&w, keys[k]);
		}
		csv_side(&w, &c->bs);
		csv_side(&w, &c->vs);
		csv_str(&w, kv_method_name(c->method));
		const double nums[] = {c->ratio,
				       c->ratio_lo,
				       c->ratio_hi,
				       c->level,
				       c->change_pct,
				       c->cost,
				       c->cost_lo,
				       c->cost_hi,
				       c->overhead_pct,
				       c->overhead_lo,
				       c->overhead_hi,
				       c->raw_ratio_lo,
				       c->raw_ratio_hi,
				       c->raw_cost_lo,
				       c->raw_cost_hi,
				       100 * (c->raw_cost_lo - 1),
				       100 * (c->raw_cost_hi - 1),
				       c->p,
				       c->p_adjusted};
		for (size_t k = 0; k < ARRAY_SIZE(nums); k++) {
			csv_num(&w, nums[k]);
		}
		csv_str(&w, c->verdict == KV_VERDICT_NA ? "" : kv_verdict_name(c->verdict));
		csv_str(&w, c->equivalent == KV_EQUIV_YES  ? "yes"
			    : c->equivalent == KV_EQUIV_NO ? "no"
							   : "");
		csv_num(&w, c->cliffs_delta);
		csv_num(&w, c->prob_superiority);
		w.cell[w.n++] = kv_flags_text(c->flags, ";");
		csv_str(&w, c->merged_into != NULL ? c->merged_into->base->metric : "");
		csv_num(&w, c->merged_into != NULL ? fabs(c->merge_factor) : NAN);
		csv_str(&w, c->merged_into == NULL ? ""
			    : c->merge_factor < 0  ? "reciprocal"
						   : "multiple");
		csv_num(&w, c->mde_pct);
		if (gap) {
			csv_num(&w, c->gap.has ? c->gap.pct : NAN);
			csv_num(&w, c->gap.has ? c->gap.lo : NAN);
			csv_num(&w, c->gap.has ? c->gap.hi : NAN);
		}
		kv_table_add(t, (const char *const *)w.cell);
		for (size_t k = 0; k < w.n; k++) {
			free(w.cell[k]);
		}
	}
	return t;
}

/* The summary for programs: the fields of the JSON summary, flattened. */
static struct kv_table *csv_summary_table(const struct kv_compare_result *r,
					  const struct kv_compare_opts *o)
{
	static const char *const head[] = {"variant",
					   "category",
					   "metrics",
					   "runs_baseline",
					   "runs_variant",
					   "paired",
					   "merged",
					   "cost",
					   "cost_ci_lo",
					   "cost_ci_hi",
					   "overhead_pct",
					   "overhead_ci_lo",
					   "overhead_ci_hi",
					   "level",
					   "verdict",
					   "interval_method",
					   "df",
					   "between_ci_lo",
					   "between_ci_hi",
					   "gap_closed_pct",
					   "gap_closed_ci_lo",
					   "gap_closed_ci_hi",
					   "gap_closed_n"};
	bool gap = o->reference != NULL;
	struct kv_table *t = kv_table_new(ARRAY_SIZE(head) - (gap ? 0 : 4), head, NULL);

	for (size_t i = 0; i < r->nsummary; i++) {
		const struct kv_summary_row *s = &r->summary[i];
		struct csv_row w = {.n = 0};
		csv_str(&w, s->variant);
		csv_str(&w, s->category);
		const double counts[] = {(double)s->s.k, (double)s->s.runs_b, (double)s->s.runs_v,
					 (double)s->s.paired, (double)s->merged};
		for (size_t k = 0; k < ARRAY_SIZE(counts); k++) {
			csv_num(&w, counts[k]);
		}
		const double nums[] = {s->s.cost,
				       s->s.lo,
				       s->s.hi,
				       s->s.overhead_pct,
				       100 * (s->s.lo - 1),
				       100 * (s->s.hi - 1),
				       o->confidence};
		for (size_t k = 0; k < ARRAY_SIZE(nums); k++) {
			csv_num(&w, nums[k]);
		}
		csv_str(&w, s->verdict == KV_VERDICT_NA ? "" : kv_verdict_name(s->verdict));
		csv_str(&w, sum_method_key(s->s.method));
		csv_num(&w, s->s.df);
		csv_num(&w, 100 * (s->s.between_lo - 1));
		csv_num(&w, 100 * (s->s.between_hi - 1));
		if (gap) {
			csv_num(&w, s->gap.has ? s->gap.pct : NAN);
			csv_num(&w, s->gap.has ? s->gap.lo : NAN);
			csv_num(&w, s->gap.has ? s->gap.hi : NAN);
			csv_num(&w, s->gap.has ? (double)s->gap_k : NAN);
		}
		kv_table_add(t, (const char *const *)w.cell);
		for (size_t k = 0; k < w.n; k++) {
			free(w.cell[k]);
		}
	}
	return t;
}

static void write_delimited(const struct kv_compare_result *r, const struct kv_compare_opts *o,
			    bool tsv, bool summary_only, FILE *f)
{
	struct kv_table *t = summary_only ? csv_summary_table(r, o) : csv_table(r, o);

	if (tsv) {
		kv_table_print_tsv(t, f);
	} else {
		kv_table_print_csv(t, f);
	}
	kv_table_free(t);
}

void kv_compare_write(const struct kv_compare_result *r, const struct kv_compare_opts *o,
		      enum kv_out_format fmt, const struct kv_out_style *st, FILE *f)
{
	switch (fmt) {
	case KV_OUT_TEXT:
		kv_compare_write_term(r, o, st, f);
		break;
	case KV_OUT_MARKDOWN:
		write_markdown(r, o, st->summary_only, f);
		break;
	case KV_OUT_CSV:
	case KV_OUT_TSV:
		write_delimited(r, o, fmt == KV_OUT_TSV, st->summary_only, f);
		break;
	case KV_OUT_JSON:
		write_json(r, o, st->summary_only, f);
		break;
	}
}
