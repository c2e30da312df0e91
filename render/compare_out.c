/* compare_out.c - the comparison as text, markdown, CSV and JSON. */
#include "render/compare_out.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/format.h"
#include "render/table.h"
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
    {KV_FLAG_OUTLIERS, "outliers", "a run outside Tukey's fences (1.5 IQR) on a side"},
    {KV_FLAG_UNBOUNDED_CI, "unbounded-ci",
     "Fieller's confidence set is not an interval: the baseline mean is not significantly "
     "different from zero"},
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

static const char *verdict_text(const struct kv_comparison *c)
{
	return c->verdict == KV_SAME ? "~" : kv_verdict_name(c->verdict);
}

static char *flags_text(unsigned f, const char *sep)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		if (f & flags[i].flag) {
			kv_strbuf_addf(&sb, "%s%s", sb.len ? sep : "", flags[i].name);
		}
	}
	return kv_strbuf_detach(&sb);
}

/* "5.28k ops/s ±1.2%": the estimate and its interval's half-width relative to it. */
static void value_cell(const struct kv_side *s, double est, const char *unit, char *buf,
		       size_t size)
{
	char v[48];

	kv_fmt_si(est, unit, v, sizeof(v));
	if (isfinite(s->lo) && isfinite(s->hi) && fabs(est) > 0) {
		snprintf(buf, size, "%s \xc2\xb1%.1f%%", v, 100 * (s->hi - s->lo) / 2 / fabs(est));
	} else {
		snprintf(buf, size, "%s", v);
	}
}

static double estimate(const struct kv_side *s, const struct kv_compare_opts *o)
{
	return o->estimator == KV_EST_MEAN ? s->mean : s->median;
}

static void method_line(const struct kv_compare_result *r, const struct kv_compare_opts *o, FILE *f)
{
	fprintf(f, "baseline %s; %s ", o->baseline, r->nvariants == 1 ? "variant" : "variants");
	for (size_t i = 0; i < r->nvariants; i++) {
		fprintf(f, "%s%s", i ? ", " : "", r->variants[i]);
	}
	fprintf(f, "; %g%% confidence;\n", 100 * o->confidence);
	fprintf(f, "%s of run means, %s interval; %s; %s-adjusted p\n",
		estimator_name(o->estimator),
		o->estimator == KV_EST_MEAN && o->bootstrap == 0 ? "Fieller" : "bootstrap",
		o->test == KV_TEST_WELCH ? "Welch's t-test" : "Mann-Whitney U test",
		o->adjust == KV_ADJ_NONE ? "not" : adjust_name(o->adjust));
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

/* The main table: one row per benchmark-metric, one column group per variant. */
static struct kv_table *main_table(const struct kv_compare_result *r,
				   const struct kv_compare_opts *o, bool text, unsigned *seen)
{
	size_t w = o->reference != NULL ? 6 : 5; /* columns per variant */
	size_t ncols = 3 + w * r->nvariants, k = 0;
	const char **head = kv_xcalloc(ncols, sizeof(*head));
	bool *right = kv_xcalloc(ncols, sizeof(*right));
	char **owned = kv_xcalloc(ncols, sizeof(*owned));

	head[k++] = "benchmark";
	head[k++] = "metric";
	head[k++] = o->baseline;
	for (size_t v = 0; v < r->nvariants; v++) {
		struct kv_strbuf sb = KV_STRBUF_INIT;
		head[k++] = r->variants[v];
		kv_strbuf_addf(&sb, "overhead%s", r->nvariants > 1 ? " " : "");
		if (r->nvariants > 1) {
			kv_strbuf_adds(&sb, r->variants[v]);
		}
		owned[k] = kv_strbuf_detach(&sb);
		head[k] = owned[k];
		k++;
		if (w == 6) {
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
		enum kv_style styles[64] = {0};

		kv_strbuf_addf(&name, "%s %s", c0->base->tool, c0->base->benchmark);
		if (c0->base->params[0]) {
			kv_strbuf_addf(&name, " %s", c0->base->params);
		}
		cell[0] = kv_strbuf_detach(&name);
		cell[1] = kv_xstrdup(c0->base->metric);
		value_cell(&c0->bs, estimate(&c0->bs, o), c0->base->unit, buf, sizeof(buf));
		cell[2] = kv_xstrdup(buf);
		for (size_t v = 0; v < r->nvariants; v++) {
			size_t col = 3 + w * v, g = w - 5; /* g: the gap column's shift */
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
			char pct[32], rng[48], p1[24], p2[24];
			value_cell(&c->vs, estimate(&c->vs, o), c->var->unit, buf, sizeof(buf));
			cell[col] = kv_xstrdup(buf);
			kv_fmt_pct(c->overhead_pct, pct, sizeof(pct));
			kv_fmt_pct_range(c->overhead_lo, c->overhead_hi, rng, sizeof(rng));
			snprintf(buf, sizeof(buf), "%s%s%s", pct,
				 isfinite(c->overhead_lo) ? " " : "",
				 isfinite(c->overhead_lo) ? rng : "");
			cell[col + 1] = kv_xstrdup(buf);
			if (g == 1) {
				kv_fmt_gap(&c->gap, strcmp(c->var->config, o->reference) == 0, buf,
					   sizeof(buf));
				cell[col + 2] = kv_xstrdup(buf);
			}
			kv_fmt_p(c->p, p1, sizeof(p1));
			kv_fmt_p(c->p_adjusted, p2, sizeof(p2));
			snprintf(buf, sizeof(buf), o->adjust == KV_ADJ_NONE ? "%s" : "%s (%s)", p1,
				 p2);
			cell[col + g + 2] = kv_xstrdup(buf);
			cell[col + g + 3] = kv_xstrdup(verdict_text(c));
			cell[col + g + 4] = flags_text(c->flags, text ? "," : ", ");
			*seen |= c->flags;
			enum kv_style st = c->verdict == KV_WORSE    ? KV_STYLE_RED
					   : c->verdict == KV_BETTER ? KV_STYLE_GREEN
					   : c->verdict == KV_SAME   ? KV_STYLE_DIM
								     : KV_STYLE_NONE;
			if (col + g + 3 < 64) {
				styles[col + 1] = styles[col + g + 3] = st;
			}
		}
		kv_table_add(t, (const char *const *)cell);
		for (size_t x = 0; x < ncols && x < 64; x++) {
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
	free(head);
	free(right);
	return t;
}

static struct kv_table *summary_table(const struct kv_compare_result *r,
				      const struct kv_compare_opts *o)
{
	static const char *const head[] = {"variant",  "category", "n",      "geomean ratio",
					   "overhead", "interval", "method", "gap closed"};
	static const bool right[] = {false, false, true, true, true, true, false, true};
	bool gap = o->reference != NULL;
	struct kv_table *t = kv_table_new(gap ? 8 : 7, head, right);

	for (size_t i = 0; i < r->nsummary; i++) {
		const struct kv_summary_row *s = &r->summary[i];
		char n[24], g[32], ov[32], rng[48];
		double lo = s->s.boot ? s->s.boot_lo : s->s.delta_lo;
		double hi = s->s.boot ? s->s.boot_hi : s->s.delta_hi;
		snprintf(n, sizeof(n), "%zu", s->s.k);
		snprintf(g, sizeof(g), "%.4f", s->s.geomean);
		kv_fmt_pct(s->s.overhead_pct, ov, sizeof(ov));
		kv_fmt_pct_range(100 * (1 - hi), 100 * (1 - lo), rng, sizeof(rng));
		char gc[96];
		kv_fmt_gap(&s->gap, gap && strcmp(s->variant, o->reference) == 0, gc, sizeof(gc));
		const char *row[] = {s->variant,
				     s->category,
				     n,
				     g,
				     ov,
				     rng,
				     s->s.boot ? "bootstrap" : "delta method",
				     gc};
		kv_table_add(t, row);
	}
	return t;
}

static void write_text(const struct kv_compare_result *r, const struct kv_compare_opts *o,
		       bool markdown, bool color, FILE *f)
{
	unsigned seen = 0;
	struct kv_table *t = main_table(r, o, !markdown, &seen);
	struct kv_table *s = summary_table(r, o);

	if (markdown) {
		fputs("**kvperf compare**: ", f);
	}
	method_line(r, o, f);
	fputc('\n', f);
	kv_table_set_color(t, color);
	if (markdown) {
		kv_table_print_markdown(t, f);
	} else {
		kv_table_print_text(t, f, "");
	}
	fputs("\noverhead: positive means the variant is worse; '~': no significant change.\n", f);
	if (o->reference != NULL) {
		fprintf(f,
			"gap closed: the share of %s's overhead a variant recovers, 1 - "
			"overhead(variant) / overhead(%s)\n(per metric: (%s - variant) / (%s - "
			"%s)); 100%%: as good as %s, 0%%: no better than %s;\npercentile "
			"bootstrap interval over the runs of all three.\n",
			o->reference, o->reference, o->reference, o->reference, o->baseline,
			o->baseline, o->reference);
	}
	fputs("\ngeometric mean of the direction-normalised ratios (variant / baseline):\n\n", f);
	if (markdown) {
		kv_table_print_markdown(s, f);
	} else {
		kv_table_print_text(s, f, "");
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
		fprintf(f, "%s%s %s %s %s: only in %s\n", i == 0 ? "\nnot compared:\n" : "",
			u->series->tool, u->series->benchmark, u->series->params, u->series->metric,
			u->in_baseline ? o->baseline : u->variant);
	}
	kv_table_free(t);
	kv_table_free(s);
}

static json_t *jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *jpair(double a, double b)
{
	return json_pack("[o, o]", jnum(a), jnum(b));
}

static json_t *side_json(const struct kv_side *s)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "n", (json_int_t)s->n, "n_samples",
			 (json_int_t)s->n_samples, "mean", jnum(s->mean), "sd", jnum(s->sd),
			 "median", jnum(s->median), "cv", jnum(s->cv), "ci", jpair(s->lo, s->hi));
}

static void write_json(const struct kv_compare_result *r, const struct kv_compare_opts *o, FILE *f)
{
	json_t *root = json_object(), *cmp = json_array(), *sum = json_array(), *un = json_array();

	json_object_set_new(root, "baseline", json_string(o->baseline));
	if (o->reference != NULL) {
		json_object_set_new(root, "reference", json_string(o->reference));
	}
	json_object_set_new(root, "confidence", json_real(o->confidence));
	json_object_set_new(root, "estimator", json_string(estimator_name(o->estimator)));
	json_object_set_new(root, "test", json_string(test_name(o->test)));
	json_object_set_new(root, "adjust", json_string(adjust_name(o->adjust)));
	json_object_set_new(root, "interval",
			    json_string(o->estimator == KV_EST_MEAN && o->bootstrap == 0
					    ? "fieller"
					    : "bootstrap"));
	for (size_t i = 0; i < r->n; i++) {
		const struct kv_comparison *c = &r->c[i];
		json_t *fl = json_array();
		for (size_t k = 0; k < ARRAY_SIZE(flags); k++) {
			if (c->flags & flags[k].flag) {
				json_array_append_new(fl, json_string(flags[k].name));
			}
		}
		json_t *e = json_pack(
		    "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o, "
		    "s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		    "variant", c->var->config, "tool", c->base->tool, "benchmark",
		    c->base->benchmark, "params", c->base->params, "metric", c->base->metric,
		    "unit", c->base->unit, "direction", c->base->direction, "category", c->category,
		    "baseline_stats", side_json(&c->bs), "variant_stats", side_json(&c->vs),
		    "ratio", jnum(c->ratio), "ratio_ci", jpair(c->ratio_lo, c->ratio_hi),
		    "interval_kind", kv_fieller_kind_name(c->interval_kind), "overhead_pct",
		    jnum(c->overhead_pct), "overhead_ci", jpair(c->overhead_lo, c->overhead_hi),
		    "p_value", jnum(c->p), "p_adjusted", jnum(c->p_adjusted), "verdict",
		    c->verdict == KV_VERDICT_NA ? json_null()
						: json_string(kv_verdict_name(c->verdict)),
		    "cliffs_delta", jnum(c->cliffs_delta), "prob_superiority",
		    jnum(c->prob_superiority), "flags", fl, "min_detectable_pct", jnum(c->mde_pct));
		if (o->test == KV_TEST_MANN_WHITNEY) {
			json_object_set_new(e, "min_possible_p", jnum(c->min_p));
		}
		if (o->equivalence_pct > 0) {
			json_object_set_new(e, "equivalence_ci", jpair(c->equiv_lo, c->equiv_hi));
		}
		if (c->gap.has) {
			json_object_set_new(e, "gap_closed_pct", jnum(c->gap.pct));
			json_object_set_new(e, "gap_closed_ci", jpair(c->gap.lo, c->gap.hi));
		}
		json_array_append_new(cmp, e);
	}
	for (size_t i = 0; i < r->nsummary; i++) {
		const struct kv_summary_row *s = &r->summary[i];
		double lo = s->s.boot ? s->s.boot_lo : s->s.delta_lo;
		double hi = s->s.boot ? s->s.boot_hi : s->s.delta_hi;
		json_t *row = json_pack(
		    "{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:s}", "variant", s->variant, "category",
		    s->category, "n", (json_int_t)s->s.k, "geomean_ratio", jnum(s->s.geomean),
		    "overhead_pct", jnum(s->s.overhead_pct), "overhead_ci",
		    jpair(100 * (1 - hi), 100 * (1 - lo)), "geomean_ratio_ci", jpair(lo, hi),
		    "interval_method", s->s.boot ? "bootstrap" : "delta");
		if (s->gap.has) {
			json_object_set_new(row, "gap_closed_pct", jnum(s->gap.pct));
			json_object_set_new(row, "gap_closed_ci", jpair(s->gap.lo, s->gap.hi));
			json_object_set_new(row, "gap_closed_n",
					    json_integer((json_int_t)s->gap_k));
		}
		json_array_append_new(sum, row);
	}
	for (size_t i = 0; i < r->nunmatched; i++) {
		const struct kv_unmatched *u = &r->unmatched[i];
		json_array_append_new(
		    un, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "tool", u->series->tool,
				  "benchmark", u->series->benchmark, "params", u->series->params,
				  "metric", u->series->metric, "only_in",
				  u->in_baseline ? o->baseline : u->variant, "missing_in",
				  u->in_baseline ? u->variant : o->baseline));
	}
	json_object_set_new(root, "comparisons", cmp);
	json_object_set_new(root, "summary", sum);
	json_object_set_new(root, "unmatched", un);
	json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	fputc('\n', f);
	json_decref(root);
}

static void write_csv(const struct kv_compare_result *r, const struct kv_compare_opts *o, FILE *f)
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
					   "ratio",
					   "ratio_ci_lo",
					   "ratio_ci_hi",
					   "overhead_pct",
					   "overhead_ci_lo",
					   "overhead_ci_hi",
					   "p_value",
					   "p_adjusted",
					   "verdict",
					   "cliffs_delta",
					   "prob_superiority",
					   "flags",
					   "min_detectable_pct",
					   "gap_closed_pct",
					   "gap_closed_ci_lo",
					   "gap_closed_ci_hi"};
	bool gap = o->reference != NULL;
	struct kv_table *t = kv_table_new(ARRAY_SIZE(head) - (gap ? 0 : 3), head, NULL);

	for (size_t i = 0; i < r->n; i++) {
		const struct kv_comparison *c = &r->c[i];
		char nb[24], nv[24], num[26][32];
		double vals[] = {c->bs.mean,
				 c->bs.sd,
				 c->bs.median,
				 c->bs.cv,
				 c->bs.lo,
				 c->bs.hi,
				 c->vs.mean,
				 c->vs.sd,
				 c->vs.median,
				 c->vs.cv,
				 c->vs.lo,
				 c->vs.hi,
				 c->ratio,
				 c->ratio_lo,
				 c->ratio_hi,
				 c->overhead_pct,
				 c->overhead_lo,
				 c->overhead_hi,
				 c->p,
				 c->p_adjusted,
				 c->cliffs_delta,
				 c->prob_superiority,
				 c->mde_pct,
				 c->gap.has ? c->gap.pct : NAN,
				 c->gap.has ? c->gap.lo : NAN,
				 c->gap.has ? c->gap.hi : NAN};
		for (size_t k = 0; k < ARRAY_SIZE(vals); k++) {
			kv_fmt_num(vals[k], num[k], sizeof(num[k]));
		}
		snprintf(nb, sizeof(nb), "%zu", c->bs.n);
		snprintf(nv, sizeof(nv), "%zu", c->vs.n);
		char *fl = flags_text(c->flags, ";");
		const char *row[] = {c->var->config,
				     c->base->tool,
				     c->base->benchmark,
				     c->base->params,
				     c->base->metric,
				     c->base->unit,
				     c->base->direction,
				     c->category,
				     nb,
				     num[0],
				     num[1],
				     num[2],
				     num[3],
				     num[4],
				     num[5],
				     nv,
				     num[6],
				     num[7],
				     num[8],
				     num[9],
				     num[10],
				     num[11],
				     num[12],
				     num[13],
				     num[14],
				     num[15],
				     num[16],
				     num[17],
				     num[18],
				     num[19],
				     c->verdict == KV_VERDICT_NA ? "" : kv_verdict_name(c->verdict),
				     num[20],
				     num[21],
				     fl,
				     num[22],
				     num[23],
				     num[24],
				     num[25]};
		kv_table_add(t, row);
		free(fl);
	}
	kv_table_print_csv(t, f);
	kv_table_free(t);
}

void kv_compare_write(const struct kv_compare_result *r, const struct kv_compare_opts *o,
		      enum kv_out_format fmt, bool color, FILE *f)
{
	switch (fmt) {
	case KV_OUT_TEXT:
		write_text(r, o, false, color, f);
		break;
	case KV_OUT_MARKDOWN:
		write_text(r, o, true, false, f);
		break;
	case KV_OUT_CSV:
		write_csv(r, o, f);
		break;
	case KV_OUT_JSON:
		write_json(r, o, f);
		break;
	}
}
