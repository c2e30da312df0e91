/*
 * xlsx.c - the workbook to share, with libxlsxwriter: Summary (one row per
 * comparison, an Excel table: means, change, C and overhead are formulas
 * over Samples; every other number is marked as computed at export, and a
 * "stale?" formula says when a row's samples changed since), Overview (the
 * geometric means, charted with their intervals), Charts (the forest plots
 * as images), Samples (long form, ready for a pivot table), Runs and About.
 * Every sheet prints landscape, one page wide, its header row repeated.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "render/compare_out.h"
#include "render/format.h"
#include "render/layout.h"
#include "render/report.h"
#include "render/xlsx_book.h"
#include "render/xlsx_history.h"
#include "util/escape.h"
#include "util/outfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Beyond this many samples the workbook is written in constant-memory mode. */
#define BIG_SAMPLES 200000
/* The forest plots' images: 700 points wide, each at most FOREST_MAX_H
 * points tall, about 570 rows (cairo's images stop at 32767 pixels; a
 * taller one is slow to draw and to scroll past); drawn at 2 pixels a
 * point and shown at half size (sharp on a high-resolution screen), or,
 * for a plot of more than FOREST_SHARP rows, at 1 pixel a point: a quarter
 * of the pixels, so a quarter of the time and of the file (10,000 rows at
 * 2 pixels a point are 47 MB of PNG). */
#define FOREST_W     700
#define FOREST_MAX_H 8000
#define FOREST_SHARP 1000

/* The overhead's colour scale, fixed rather than taken from the data (one
 * row at +380000% would leave every other white): full blue at -50% (x0.5),
 * white at 0, full vermillion at +200% (x3) and beyond. */
#define SCALE_MIN (-0.5)
#define SCALE_MAX 2.0

/* The verdict colours of the PDF report: worse, better, no change. */
#define INK_WORSE  0xD55E00
#define INK_BETTER 0x0072B2
#define INK_SAME   0x808080
/* A value computed at export: dark grey italics on light grey. */
#define EXPORT_INK  0x404040
#define EXPORT_FILL 0xEDEDED

/* "stale?" flags a row whose live mean differs from the mean at export by
 * more than this, relative: LibreOffice's AVERAGEIFS and kvperf's mean may
 * differ in the last bits. */
#define STALE_REL "1E-9"

/* Why the columns marked "(at export)" are values, not formulas. */
static const char export_note[] =
    "Computed by kvperf when the workbook was made: it does not follow edits of the Samples "
    "sheet (the means, change, C and overhead do). The interval, p and verdict cannot be "
    "formulas that agree with kvperf: Fieller's interval and Welch's p need t quantiles at a "
    "fractional df, which Excel's and LibreOffice's T.INV.2T and T.DIST.2T truncate to a whole "
    "number; the adjusted level and p depend on the p of every row; bootstraps and rank tests "
    "have no formula. The other computed columns stay with them, so that a row is one "
    "consistent result. The stale? column says when a row's samples changed.";
static const char stale_note[] =
    "A formula: \"stale\" when a sample of this row was deleted or changed since export (a "
    "side's sample count or mean differs), so the columns marked (at export) no longer "
    "match the live means; run kvperf report again for new intervals, p and verdicts.";

/* Number formats.  Percentages carry their sign, as in compare's table. */
static const char PCT[] = "+0.0%;-0.0%;0.0%";
static const char CV[] = "0.0%";
static const char COST[] = "[>=99.95]\"\xc3\x97\"0;[>=9.995]\"\xc3\x97\"0.0;\"\xc3\x97\"0.00";
static const char LEVEL[] = "0.0##%";
static const char CLIFF[] = "+0.00;-0.00;0.00";
static const char PROB[] = "0.00";
static const char INT[] = "0";
static const char GENERAL[] = "General";

/* The format with number format code, as a live value or one computed at
 * export; top-aligned (wrapped text makes rows tall).  Made once. */
static lxw_format *fmt(struct book *b, const char *code, bool at_export)
{
	for (size_t i = 0; i < b->nfmts; i++) {
		if (b->fmts[i].at_export == at_export && strcmp(b->fmts[i].code, code) == 0) {
			return b->fmts[i].f;
		}
	}
	lxw_format *f = workbook_add_format(b->wb);
	format_set_num_format(f, code);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	if (at_export) {
		format_set_italic(f);
		format_set_font_color(f, EXPORT_INK);
		format_set_bg_color(f, EXPORT_FILL);
	}
	if (strcmp(code, "@") == 0) {
		format_set_text_wrap(f);
	}
	b->fmts = kv_xreallocarray(b->fmts, b->nfmts + 1, sizeof(*b->fmts));
	b->fmts[b->nfmts++] = (struct numfmt){kv_xstrdup(code), at_export, f};
	return f;
}

/* A double in a formula: round-trip digits, an upper-case exponent. */
static char *lit(double v, char *buf, size_t size)
{
	kv_fmt_num(v, buf, size);
	for (char *p = buf; *p != '\0'; p++) {
		if (*p == 'e') {
			*p = 'E';
		}
	}
	return buf;
}

/* "A2"-style name of a cell (row and column from 0). */
static char *cell(int r, int c, char *buf)
{
	lxw_rowcol_to_cell(buf, (lxw_row_t)r, (lxw_col_t)c);
	return buf;
}

/* The number format of a p-value: three significant digits, and an
 * exponent below 0.001 (as kv_fmt_p prints it). */
static const char *p_code(double p)
{
	return p >= 0.1 ? "0.000" : p >= 0.01 ? "0.0000" : p >= 0.001 ? "0.00000" : "0.0E+00";
}

/* How a value of a metric is shown: in its unit with the SI prefix that
 * kv_fmt_si gives it, three significant digits ("14.6 µs", "78.8 MB/s",
 * "19.2k ops/s").  Shown value = canonical * mul / div; code is the number
 * format that adds the prefixed unit. */
struct shown {
	double mul, div; /* whole powers of 1000, one of them 1 */
	char code[160];
};

static void shown_as(double v, const char *unit, struct shown *s)
{
	double f = kv_si_factor(v, unit);
	char one[96];

	s->mul = f < 1 ? round(1 / f) : 1;
	s->div = f < 1 ? 1 : f;
	/* the prefixed unit: what kv_fmt_si_fixed writes after "1" for 1000^k */
	kv_fmt_si_fixed(f, v, 0, unit, one, sizeof(one));
	const char *suffix = isfinite(v) ? one + 1 : "";
	/* three significant digits; one fewer decimal where rounding adds a digit */
	double a = fabs(v * s->mul / s->div);
	int d = 2;
	if (a > 0 && isfinite(a)) {
		d = 2 - (int)floor(log10(a));
		d = d < 0 ? 0 : d > 9 ? 9 : d;
		if (d > 0 && round(a * pow(10, d)) >= pow(10, 3)) {
			d--;
		}
	}
	size_t n = (size_t)snprintf(s->code, sizeof(s->code), "#,##0%s%.*s", d > 0 ? "." : "", d,
				    "000000000");
	if (suffix[0] != '\0') {
		s->code[n++] = '"';
		/* a quote would end the literal: the unit's own quotes become ';
		 * control characters, which XML attributes cannot hold, go */
		for (const char *p = suffix; *p != '\0' && n + 2 < sizeof(s->code); p++) {
			unsigned char ch = (unsigned char)*p;
			if (ch >= 0x20 && ch != 0x7f) {
				s->code[n++] = ch == '"' ? '\'' : *p;
			}
		}
		s->code[n++] = '"';
		s->code[n] = '\0';
	}
}

/* Worse in red, better in green, ~ in grey, in column col of rows 1..last. */
static void verdict_colours(struct book *b, lxw_worksheet *ws, lxw_row_t last, int col)
{
	static const struct {
		const char *value;
		lxw_color_t font, fill;
	} rules[] = {{"\"worse\"", 0x9C0006, 0xFFC7CE},
		     {"\"better\"", 0x006100, 0xC6EFCE},
		     {"\"~\"", INK_SAME, 0}}; /* no fill: a computed column stays grey */

	for (size_t k = 0; k < 3; k++) {
		lxw_format *f = workbook_add_format(b->wb);
		format_set_font_color(f, rules[k].font);
		if (rules[k].fill != 0) {
			format_set_bg_color(f, rules[k].fill);
		}
		lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL,
					     .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
					     .value_string = (char *)(uintptr_t)rules[k].value,
					     .format = f};
		kv_xlsx_check(b, worksheet_conditional_format_range(ws, 1, (lxw_col_t)col, last,
								    (lxw_col_t)col, &cf));
	}
}

/* The overhead's colour scale in column col of rows 1..last, with fixed ends. */
static void overhead_colours(struct book *b, lxw_worksheet *ws, lxw_row_t last, int col)
{
	lxw_conditional_format scale = {.type = LXW_CONDITIONAL_3_COLOR_SCALE,
					.min_color = INK_BETTER,
					.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
					.min_value = SCALE_MIN,
					.mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
					.mid_value = 0,
					.mid_color = LXW_COLOR_WHITE,
					.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
					.max_value = SCALE_MAX,
					.max_color = INK_WORSE};
	kv_xlsx_check(b, worksheet_conditional_format_range(ws, 1, (lxw_col_t)col, last,
							    (lxw_col_t)col, &scale));
}

/* The Summary sheet's columns: what a reader needs first, then the details
 * (collapsed into an outline group: the + above the sheet shows them), then
 * the gap closed with --reference. */
enum {
	COL_VARIANT,
	COL_TOOL,
	COL_BENCHMARK,
	COL_PARAMS,
	COL_METRIC,
	COL_DIRECTION,
	COL_CATEGORY,
	COL_BMEAN,
	COL_VMEAN,
	COL_CHANGE,
	COL_COST,
	COL_OVERHEAD,
	COL_LO,
	COL_HI,
	COL_PADJ,
	COL_VERDICT,
	COL_FLAGS,
	COL_STALE,
	COL_BN, /* the details from here */
	COL_BSD,
	COL_BCV,
	COL_VN,
	COL_VSD,
	COL_VCV,
	COL_LEVEL,
	COL_P,
	COL_EQUIV,
	COL_CLIFF,
	COL_SUP,
	COL_MDE,
	COL_METHOD,
	COL_MERGED,
	COL_UNIT,
	COL_BRAW,
	COL_VRAW, /* the details end here */
	COL_GAP,
	COL_GAP_LO,
	COL_GAP_HI,
	NCOLS
};

static const struct column {
	const char *head;
	double width;   /* the widest; text columns may be narrower */
	bool at_export; /* a value computed by kvperf: marked, with the reason */
	bool same_name; /* marked by style and note only: scripts read it by this name */
} columns[NCOLS] = {
    [COL_VARIANT] = {"variant", 14, false},
    [COL_TOOL] = {"tool", 11, false},
    [COL_BENCHMARK] = {"benchmark", 16, false},
    [COL_PARAMS] = {"params", 22, false},
    [COL_METRIC] = {"metric", 16, false},
    [COL_DIRECTION] = {"direction", 8, false},
    [COL_CATEGORY] = {"category", 9, false},
    [COL_BMEAN] = {"baseline mean", 10, false},
    [COL_VMEAN] = {"variant mean", 10, false},
    [COL_CHANGE] = {"change", 8, false},
    [COL_COST] = {"cost C", 7, false},
    [COL_OVERHEAD] = {"overhead", 9, false},
    [COL_LO] = {"overhead lo", 9, true},
    [COL_HI] = {"overhead hi", 9, true},
    [COL_PADJ] = {"p adjusted", 8, true},
    [COL_VERDICT] = {"verdict", 8, true},
    [COL_FLAGS] = {"flags", 12, true},
    [COL_STALE] = {"stale?", 6, false},
    [COL_BN] = {"baseline n", 9, true},
    [COL_BSD] = {"baseline sd", 10, true},
    [COL_BCV] = {"baseline CV", 9, true},
    [COL_VN] = {"variant n", 9, true},
    [COL_VSD] = {"variant sd", 10, true},
    [COL_VCV] = {"variant CV", 9, true},
    [COL_LEVEL] = {"interval level", 9, true},
    [COL_P] = {"p", 9, true},
    [COL_EQUIV] = {"equivalent", 11, true},
    [COL_CLIFF] = {"Cliff's delta", 9, true},
    [COL_SUP] = {"P(superiority)", 11, true},
    [COL_MDE] = {"min detectable", 10, true},
    [COL_METHOD] = {"method", 18, true},
    [COL_MERGED] = {"merged into", 18, true},
    [COL_UNIT] = {"unit", 8, false},
    [COL_BRAW] = {"baseline mean (in unit)", 12, false},
    [COL_VRAW] = {"variant mean (in unit)", 12, false},
    [COL_GAP] = {"gap closed", 9, true, true},
    [COL_GAP_LO] = {"gap closed lo", 9, true, true},
    [COL_GAP_HI] = {"gap closed hi", 9, true, true},
};

/* A column's header: its name, and "(at export)" for a computed value. */
static void head_of(int c, char *buf, size_t size)
{
	bool mark = columns[c].at_export && !columns[c].same_name;

	snprintf(buf, size, "%s%s", columns[c].head, mark ? " (at export)" : "");
}

/* "stale?": a formula that reads "stale" once a side's count or mean of
 * rows on the Samples sheets differs from the one at export.  live[k] is
 * the cell of the live mean, or NULL where the means are not formulas (the
 * rows' mean is then checked). */
static void stale_cell(struct book *b, lxw_worksheet *ws, const struct kv_report_input *in,
		       const struct kv_comparison *c, int row, const char *const live[2])
{
	const struct kv_series *side[2] = {c->base, c->var};
	struct kv_strbuf f = KV_STRBUF_INIT, avg = KV_STRBUF_INIT, count = KV_STRBUF_INIT;
	char m[40];
	bool ok = true;

	kv_strbuf_addf(&f, "=IFERROR(IF(OR(");
	for (int k = 0; k < 2 && ok; k++) {
		size_t n;
		double mean = kv_xlsx_rows_mean(b->plan, side[k], &n);
		kv_strbuf_truncate(&avg, 0);
		kv_strbuf_truncate(&count, 0);
		if (live[k] != NULL) {
			mean = k == 0 ? c->bs.mean : c->vs.mean;
			kv_strbuf_adds(&avg, live[k]);
		} else {
			ok = kv_xlsx_mean_formula(b->plan, in, side[k], &avg);
		}
		ok = ok && kv_xlsx_count_formula(b->plan, in, side[k], &count);
		lit(mean, m, sizeof(m));
		kv_strbuf_addf(&f, "%s%s<>%zu,ABS(%s-%s)>" STALE_REL "*ABS(%s)", k ? "," : "",
			       kv_strbuf_str(&count), n, kv_strbuf_str(&avg), m, m);
	}
	kv_strbuf_addf(&f, "),\"stale\",\"\"),\"stale\")");
	if (ok) { /* else its rows span more sheets than a formula may name */
		kv_xlsx_check(b, worksheet_write_formula_str(ws, (lxw_row_t)row, COL_STALE,
							     kv_strbuf_str(&f),
							     fmt(b, GENERAL, false), ""));
	}
	kv_strbuf_release(&f);
	kv_strbuf_release(&avg);
	kv_strbuf_release(&count);
}

/* The means (in the metric's unit, and canonical), change, C and overhead:
 * formulas over the Samples sheets where their rows' mean is the mean of
 * the run means kvperf compares (every run holds one sample, or the sheets
 * hold run means), values marked as computed at export otherwise; and
 * "stale?". */
static void summary_numbers(struct book *b, lxw_worksheet *ws, const struct kv_report_input *in,
			    const struct kv_comparison *c, int row)
{
	const struct kv_series *side[2] = {c->base, c->var};
	struct kv_strbuf mf[2] = {KV_STRBUF_INIT, KV_STRBUF_INIT};
	bool same = b->plan->means || (c->bs.n_samples == c->bs.n && c->vs.n_samples == c->vs.n);
	bool formulas = in->o->estimator == KV_EST_MEAN && same && isfinite(c->bs.mean) &&
			isfinite(c->vs.mean) && c->method != KV_METHOD_HL;
	for (int k = 0; k < 2 && formulas; k++) {
		kv_strbuf_adds(&mf[k], "=");
		formulas = kv_xlsx_mean_formula(b->plan, in, side[k], &mf[k]);
	}
	const double means[2] = {c->bs.mean, c->vs.mean}, sds[2] = {c->bs.sd, c->vs.sd};
	const int raw[2] = {COL_BRAW, COL_VRAW}, shown[2] = {COL_BMEAN, COL_VMEAN};
	const int sd[2] = {COL_BSD, COL_VSD};
	char f[160], ref[2][16], x[40];
	struct shown s;

	for (int k = 0; k < 2; k++) {
		cell(row, raw[k], ref[k]);
		if (formulas) {
			kv_xlsx_check(
			    b, worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)raw[k],
							   kv_strbuf_str(&mf[k]),
							   fmt(b, GENERAL, false), means[k]));
		} else {
			kv_xlsx_num(b, ws, row, raw[k], means[k], fmt(b, GENERAL, true));
		}
		kv_strbuf_release(&mf[k]);
		/* the mean as people read it, a formula over the canonical one */
		shown_as(means[k], c->base->unit, &s);
		lxw_format *sf = fmt(b, s.code, !formulas);
		if (!isfinite(means[k])) {
			kv_xlsx_num(b, ws, row, shown[k], NAN, sf);
		} else {
			snprintf(f, sizeof(f), "=%s%s%s", ref[k],
				 s.mul > 1   ? "*"
				 : s.div > 1 ? "/"
					     : "",
				 s.mul > 1 || s.div > 1 ? lit(s.mul * s.div, x, sizeof(x)) : "");
			kv_xlsx_check(b, worksheet_write_formula_num(ws, (lxw_row_t)row,
								     (lxw_col_t)shown[k], f, sf,
								     means[k] * s.mul / s.div));
		}
		shown_as(sds[k], c->base->unit, &s);
		kv_xlsx_num(b, ws, row, sd[k], sds[k] * s.mul / s.div, fmt(b, s.code, true));
	}
	const char *live[2] = {formulas ? ref[0] : NULL, formulas ? ref[1] : NULL};
	stale_cell(b, ws, in, c, row, live);
	if (!formulas || !isfinite(c->cost)) {
		kv_xlsx_num(b, ws, row, COL_CHANGE, c->change_pct / 100, fmt(b, PCT, !formulas));
		kv_xlsx_num(b, ws, row, COL_COST, c->cost, fmt(b, COST, !formulas));
		kv_xlsx_num(b, ws, row, COL_OVERHEAD, c->overhead_pct / 100,
			    fmt(b, PCT, !formulas));
		return;
	}
	/* R = mean_v / mean_b; C = R when lower is better, 1 / R when higher is */
	snprintf(f, sizeof(f), "=%s/%s-1", ref[1], ref[0]);
	kv_xlsx_check(b, worksheet_write_formula_num(ws, (lxw_row_t)row, COL_CHANGE, f,
						     fmt(b, PCT, false), c->change_pct / 100));
	snprintf(f, sizeof(f), "=%s/%s", ref[c->higher ? 0 : 1], ref[c->higher ? 1 : 0]);
	kv_xlsx_check(b, worksheet_write_formula_num(ws, (lxw_row_t)row, COL_COST, f,
						     fmt(b, COST, false), c->cost));
	strcat(f, "-1");
	kv_xlsx_check(b, worksheet_write_formula_num(ws, (lxw_row_t)row, COL_OVERHEAD, f,
						     fmt(b, PCT, false), c->overhead_pct / 100));
}

/* The text of the columns up to COL_CATEGORY (n of them). */
static void texts(const struct kv_comparison *c, const char **t, int n)
{
	const char *all[] = {c->var->config,  c->base->tool,   c->base->benchmark,
			     c->base->params, c->base->metric, c->base->direction,
			     c->category};

	for (int k = 0; k < n; k++) {
		t[k] = all[k];
	}
}

/* Characters, not bytes, of UTF-8 text. */
static double chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		n += ((unsigned char)*s & 0xC0) != 0x80;
	}
	return (double)n;
}

/* The lines text needs, wrapped in a column width characters wide (the
 * width of a digit: text averages about 1.2 characters a digit). */
static int lines_of(const char *s, double width)
{
	return (int)fmax(1, ceil(chars(s) / fmax(1, 1.2 * width - 1)));
}

/* The flags as a list: "noisy, outliers". */
static void flags_of(const struct kv_comparison *c, struct kv_strbuf *fl)
{
	for (unsigned bit = 1; bit <= KV_FLAG_NO_GAP; bit <<= 1) {
		if (c->flags & bit) {
			kv_strbuf_addf(fl, "%s%s", fl->len ? ", " : "",
				       kv_flag_name((enum kv_flag)bit));
		}
	}
}

/* The cells of one comparison, in a row as tall as its wrapped text (the
 * columns' widths w): spreadsheets do not grow rows on opening a file. */
static void summary_row(struct book *b, lxw_worksheet *ws, const struct kv_report_input *in,
			const struct kv_comparison *c, int row, const double *w)
{
	const char *cells[COL_CATEGORY + 1];
	lxw_format *text = fmt(b, "@", false), *etext = fmt(b, "@", true);
	struct kv_strbuf fl = KV_STRBUF_INIT;
	int lines;

	texts(c, cells, COL_CATEGORY + 1);
	flags_of(c, &fl);
	lines = lines_of(kv_strbuf_str(&fl), w[COL_FLAGS]);
	for (int k = 0; k <= COL_CATEGORY; k++) {
		lines = lines > lines_of(cells[k], w[k]) ? lines : lines_of(cells[k], w[k]);
	}
	if (lines > 1) {
		kv_xlsx_check(b, worksheet_set_row(ws, (lxw_row_t)row, 15.0 * lines, NULL));
	}
	for (int k = 0; k <= COL_CATEGORY; k++) {
		kv_xlsx_str(b, ws, row, k, cells[k], text);
	}
	kv_xlsx_str(b, ws, row, COL_UNIT, c->base->unit, text);
	kv_xlsx_num(b, ws, row, COL_BN, (double)c->bs.n, fmt(b, INT, true));
	kv_xlsx_num(b, ws, row, COL_BCV, c->bs.cv, fmt(b, CV, true));
	kv_xlsx_num(b, ws, row, COL_VN, (double)c->vs.n, fmt(b, INT, true));
	kv_xlsx_num(b, ws, row, COL_VCV, c->vs.cv, fmt(b, CV, true));
	summary_numbers(b, ws, in, c, row);
	/* an unbounded end is an empty cell, like a value that does not exist */
	kv_xlsx_num(b, ws, row, COL_LO, c->overhead_lo / 100, fmt(b, PCT, true));
	kv_xlsx_num(b, ws, row, COL_HI, c->overhead_hi / 100, fmt(b, PCT, true));
	kv_xlsx_num(b, ws, row, COL_LEVEL, c->level, fmt(b, LEVEL, true));
	kv_xlsx_num(b, ws, row, COL_P, c->p, fmt(b, p_code(c->p), true));
	kv_xlsx_num(b, ws, row, COL_PADJ, c->p_adjusted, fmt(b, p_code(c->p_adjusted), true));
	kv_xlsx_str(b, ws, row, COL_VERDICT, kv_verdict_short(c->verdict), etext);
	kv_xlsx_str(b, ws, row, COL_EQUIV,
		    c->equivalent == KV_EQUIV_YES  ? "yes"
		    : c->equivalent == KV_EQUIV_NO ? "no"
						   : NULL,
		    etext);
	kv_xlsx_str(b, ws, row, COL_FLAGS, kv_strbuf_str(&fl), etext);
	kv_strbuf_release(&fl);
	kv_xlsx_num(b, ws, row, COL_CLIFF, c->cliffs_delta, fmt(b, CLIFF, true));
	kv_xlsx_num(b, ws, row, COL_SUP, c->prob_superiority, fmt(b, PROB, true));
	kv_xlsx_num(b, ws, row, COL_MDE, c->mde_pct / 100, fmt(b, PCT, true));
	kv_xlsx_str(b, ws, row, COL_METHOD, kv_method_name(c->method), etext);
	char m[256] = "";
	if (c->merged_into != NULL) {
		snprintf(m, sizeof(m), "%.6g %s %s", fabs(c->merge_factor),
			 c->merge_factor < 0 ? "/" : "\xc3\x97", c->merged_into->base->metric);
	}
	kv_xlsx_str(b, ws, row, COL_MERGED, m, etext);
	if (in->o->reference != NULL && c->gap.has) {
		kv_xlsx_num(b, ws, row, COL_GAP, c->gap.pct / 100, fmt(b, PCT, true));
		kv_xlsx_num(b, ws, row, COL_GAP_LO, c->gap.lo / 100, fmt(b, PCT, true));
		kv_xlsx_num(b, ws, row, COL_GAP_HI, c->gap.hi / 100, fmt(b, PCT, true));
	} else if (in->o->reference != NULL) {
		kv_xlsx_str(b, ws, row, COL_GAP,
			    strcmp(c->var->config, in->o->reference) == 0 ? "(reference)" : "n/a",
			    etext);
	}
}

/* The header: an Excel table's (or, in constant-memory mode, plain cells
 * with a filter), the computed columns marked, each with a note saying why. */
static void summary_header(struct book *b, lxw_worksheet *ws, int ncol, lxw_row_t last)
{
	char heads[NCOLS][48];
	lxw_comment_options note = {
	    .width = 420, .height = 220, .author = (char *)(uintptr_t) "kvperf"};

	for (int c = 0; c < ncol; c++) {
		head_of(c, heads[c], sizeof(heads[c]));
		lxw_format *f = columns[c].at_export ? b->head_export : b->head;
		if (b->big) {
			kv_xlsx_check(b, worksheet_write_string(ws, 0, (lxw_col_t)c, heads[c], f));
		}
	}
	if (b->big) {
		kv_xlsx_check(b, worksheet_autofilter(ws, 0, 0, last, (lxw_col_t)(ncol - 1)));
	} else {
		lxw_table_column cols[NCOLS];
		lxw_table_column *colp[NCOLS + 1];
		for (int c = 0; c < ncol; c++) {
			memset(&cols[c], 0, sizeof(cols[c]));
			cols[c].header = heads[c];
			cols[c].header_format = columns[c].at_export ? b->head_export : b->head;
			colp[c] = &cols[c];
		}
		colp[ncol] = NULL;
		lxw_table_options t = {.name = (char *)(uintptr_t) "Comparisons",
				       .style_type = LXW_TABLE_STYLE_TYPE_LIGHT,
				       .style_type_number = 1,
				       .no_banded_rows = LXW_TRUE, /* grey means "at export" */
				       .columns = colp};
		kv_xlsx_check(b, worksheet_add_table(ws, 0, 0, last, (lxw_col_t)(ncol - 1), &t));
	}
	for (int c = 0; c < ncol; c++) {
		if (columns[c].at_export || c == COL_STALE) {
			kv_xlsx_check(b,
				      worksheet_write_comment_opt(
					  ws, 0, (lxw_col_t)c,
					  columns[c].at_export ? export_note : stale_note, &note));
		}
	}
}

static void summary_sheet(struct book *b, const struct kv_report_input *in)
{
	/* the gap closed only with --reference */
	const int ncol = in->o->reference ? NCOLS : COL_GAP;
	const struct kv_compare_result *r = in->r;
	lxw_worksheet *ws = kv_xlsx_sheet(b, "Summary");
	lxw_row_t last = (lxw_row_t)(r->n > 0 ? r->n : 1);
	double w[NCOLS];

	/* the text columns as wide as their text, up to their width; wrapped */
	for (int c = 0; c < NCOLS; c++) {
		w[c] = c <= COL_CATEGORY ? chars(columns[c].head) + 1 : columns[c].width;
	}
	for (size_t i = 0; i < r->n; i++) {
		const char *t[COL_CATEGORY + 1];
		texts(&r->c[i], t, COL_CATEGORY + 1);
		for (int c = 0; c <= COL_CATEGORY; c++) {
			w[c] = fmax(w[c], fmin(columns[c].width, chars(t[c]) + 1));
		}
	}
	/* the header first: constant-memory mode writes rows in order */
	kv_xlsx_check(b, worksheet_set_row(ws, 0, 58, NULL)); /* four lines of a wrapped header */
	summary_header(b, ws, ncol, last);
	for (size_t i = 0; i < r->n; i++) {
		summary_row(b, ws, in, &r->c[i], (int)i + 1, w);
	}
	/* the details collapsed into one outline group, its + on the column after */
	for (int c = 0; c < ncol; c++) {
		lxw_row_col_options o = {0};
		if (c >= COL_BN && c <= COL_VRAW) {
			o.level = 1;
			o.hidden = 1;
		}
		o.collapsed = c == COL_VRAW + 1;
		kv_xlsx_check(
		    b, worksheet_set_column_opt(ws, (lxw_col_t)c, (lxw_col_t)c, w[c], NULL, &o));
	}
	if (ncol == COL_GAP) {
		lxw_row_col_options o = {.collapsed = 1};
		kv_xlsx_check(
		    b, worksheet_set_column_opt(ws, COL_GAP, COL_GAP, LXW_DEF_COL_WIDTH, NULL, &o));
	}
	worksheet_freeze_panes(ws, 1, COL_METRIC + 1);
	kv_xlsx_printable(b, ws);
	verdict_colours(b, ws, last, COL_VERDICT);
	overhead_colours(b, ws, last, COL_OVERHEAD);
	lxw_conditional_format stale = {.type = LXW_CONDITIONAL_TYPE_CELL,
					.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
					.value_string = (char *)(uintptr_t) "\"stale\"",
					.format = b->stale};
	kv_xlsx_check(
	    b, worksheet_conditional_format_range(ws, 1, COL_STALE, last, COL_STALE, &stale));
}

/* The Overview's columns, then, from OV_CHART, the chart's data. */
enum { OV_COST = 5, OV_OVERHEAD = 6, OV_VERDICT = 9, OV_CHART = 17 };
enum { CH_POS, CH_WORSE, CH_BETTER, CH_SAME, CH_X, CH_Y, CH_LABEL, CH_N };

/* The chart's height as a multiple of 288 pixels: about 40 pixels a row. */
static double chart_scale(size_t n)
{
	return fmax(1.25, (double)(n + 3) * 40 / 288);
}

/* One summary row's point in the chart: rows top down as in the table. */
static double chart_pos(size_t i, size_t n)
{
	return (double)(n - i);
}

/* A point's label: "cpu ×1.98", with the variant when there are several
 * ("constrained · cpu ×1.98"); short, so that it stays on one line. */
static void chart_label(const struct kv_compare_result *r, size_t i, char *buf, size_t size)
{
	const struct kv_summary_row *s = &r->summary[i];
	char g[32], name[KV_NAME_SIZE(40)], esc[200]; /* 40 characters, each an escape at most */

	kv_fmt_cost(s->s.cost, g, sizeof(g));
	/* a chart's label, cut to 40 characters (the cells have the name); a
	 * chart's XML takes no control character, so they are escaped here */
	kv_escape_ctrl(kv_name_cut(s->variant, 40, name, sizeof(name)), esc, sizeof(esc));
	snprintf(buf, size, "%s%s%s %s", r->nvariants > 1 ? esc : "",
		 r->nvariants > 1 ? " \xc2\xb7 " : "", s->category, g);
}

/* Row r's cells of the chart's data: r = 1..n the rows' points, r = 1..3n
 * the intervals as line segments (lo, hi, a gap). */
static void chart_data_row(struct book *b, lxw_worksheet *ws, const struct kv_compare_result *r,
			   int row)
{
	size_t n = r->nsummary, i = (size_t)row - 1;
	lxw_format *cost = fmt(b, COST, true), *plain = fmt(b, GENERAL, true);

	if (i < n) {
		const struct kv_summary_row *s = &r->summary[i];
		int k = s->verdict == KV_WORSE    ? CH_WORSE
			: s->verdict == KV_BETTER ? CH_BETTER
						  : CH_SAME;
		char label[256];
		kv_xlsx_num(b, ws, row, OV_CHART + CH_POS, chart_pos(i, n), plain);
		kv_xlsx_num(b, ws, row, OV_CHART + k, chart_pos(i, n), plain);
		chart_label(r, i, label, sizeof(label));
		kv_xlsx_str(b, ws, row, OV_CHART + CH_LABEL, label, NULL);
	}
	if (i < 3 * n && i % 3 < 2) {
		const struct kv_summary *s = &r->summary[i / 3].s;
		double x = i % 3 == 0 ? s->lo : s->hi;
		if (isfinite(s->lo) && isfinite(s->hi) && s->lo > 0) {
			kv_xlsx_num(b, ws, row, OV_CHART + CH_X, x, cost);
			kv_xlsx_num(b, ws, row, OV_CHART + CH_Y, chart_pos(i / 3, n), plain);
		}
	}
}

/* The geometric means as points on a log axis of C, coloured by verdict,
 * with their intervals as lines and a label each, top down in the table's
 * order.  (libxlsxwriter 1.1.4 has no custom error bars: the intervals are
 * a scatter series of segments over the chart's data, gaps between them.) */
static void overview_chart(struct book *b, lxw_worksheet *ws, const struct kv_compare_result *r)
{
	static const struct {
		const char *name;
		lxw_color_t colour;
	} classes[] = {[CH_WORSE] = {"worse", INK_WORSE},
		       [CH_BETTER] = {"better", INK_BETTER},
		       [CH_SAME] = {"no significant change", INK_SAME}};
	size_t n = r->nsummary;
	lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_SCATTER_STRAIGHT);
	lxw_chart_line none = {.none = LXW_TRUE};
	lxw_chart_line whisker = {.color = 0x404040, .width = 1.75};
	int16_t hide[3] = {0, -1, -1};
	int nseries = 0;

	lxw_chart_series *iv = chart_add_series(chart, NULL, NULL);
	chart_series_set_categories(iv, "Overview", 1, OV_CHART + CH_X, (lxw_row_t)(3 * n),
				    OV_CHART + CH_X);
	chart_series_set_values(iv, "Overview", 1, OV_CHART + CH_Y, (lxw_row_t)(3 * n),
				OV_CHART + CH_Y);
	chart_series_set_name(iv, "interval");
	chart_series_set_line(iv, &whisker);
	chart_series_set_marker_type(iv, LXW_CHART_MARKER_NONE);
	nseries++;
	for (int k = CH_WORSE; k <= CH_SAME; k++) {
		bool any = false;
		for (size_t i = 0; i < n; i++) {
			enum kv_verdict v = r->summary[i].verdict;
			any |= (v == KV_WORSE    ? CH_WORSE
				: v == KV_BETTER ? CH_BETTER
						 : CH_SAME) == k;
		}
		if (!any) {
			continue;
		}
		lxw_chart_series *p = chart_add_series(chart, NULL, NULL);
		chart_series_set_categories(p, "Overview", 1, OV_COST, (lxw_row_t)n, OV_COST);
		chart_series_set_values(p, "Overview", 1, (lxw_col_t)(OV_CHART + k), (lxw_row_t)n,
					(lxw_col_t)(OV_CHART + k));
		chart_series_set_name(p, classes[k].name);
		chart_series_set_line(p, &none);
		chart_series_set_marker_type(p, LXW_CHART_MARKER_CIRCLE);
		chart_series_set_marker_size(p, 9);
		lxw_chart_fill fill = {.color = classes[k].colour};
		lxw_chart_line edge = {.color = classes[k].colour};
		chart_series_set_marker_fill(p, &fill);
		chart_series_set_marker_line(p, &edge);
		nseries++;
	}
	/* the labels, from the chart's data, above each point */
	lxw_chart_series *lab = chart_add_series(chart, NULL, NULL);
	chart_series_set_categories(lab, "Overview", 1, OV_COST, (lxw_row_t)n, OV_COST);
	chart_series_set_values(lab, "Overview", 1, OV_CHART + CH_POS, (lxw_row_t)n,
				OV_CHART + CH_POS);
	chart_series_set_name(lab, "label");
	chart_series_set_line(lab, &none);
	chart_series_set_marker_type(lab, LXW_CHART_MARKER_NONE);
	lxw_chart_data_label *dl = kv_xcalloc(n, sizeof(*dl));
	lxw_chart_data_label **dlp = kv_xcalloc(n + 1, sizeof(*dlp));
	char(*refs)[256] = kv_xcalloc(n, sizeof(*refs));
	char col[8];
	lxw_col_to_name(col, OV_CHART + CH_LABEL, 0);
	for (size_t i = 0; i < n; i++) {
		chart_label(r, i, refs[i], sizeof(refs[i]));
		dl[i].value = refs[i];
		dlp[i] = &dl[i];
	}
	kv_xlsx_check(b, chart_series_set_labels_custom(lab, dlp));
	chart_series_set_labels_position(lab, LXW_CHART_LABEL_POSITION_ABOVE);
	hide[1] = (int16_t)nseries;
	kv_xlsx_check(b, chart_legend_delete_series(chart, hide));
	/* x: C on a log2 axis from one power of two to another around every
	 * point (and the interval ends kv_cost_range keeps), crossed at x1 */
	double *c = kv_xcalloc(3 * n, sizeof(*c)), lo, hi;
	for (size_t i = 0; i < n; i++) {
		c[i] = r->summary[i].s.cost;
		c[n + i] = r->summary[i].s.lo;
		c[2 * n + i] = r->summary[i].s.hi;
	}
	kv_cost_range(c, c + n, c + 2 * n, n, &lo, &hi);
	lo = pow(2, floor(log2(fmin(lo, 1)) + 1e-9));
	hi = pow(2, ceil(log2(fmax(hi, 1)) - 1e-9));
	if (hi / lo < 2) {
		hi = 2 * lo;
	}
	chart_axis_set_log_base(chart->x_axis, 2);
	chart_axis_set_min(chart->x_axis, lo);
	chart_axis_set_max(chart->x_axis, hi);
	chart_axis_set_crossing(chart->x_axis, 1);
	chart_axis_set_num_format(chart->x_axis, "\"\xc3\x97\"General");
	chart_axis_set_major_unit(chart->x_axis, 2);
	chart_axis_set_name(chart->x_axis, "cost ratio C, log scale: \xc3\x97"
					   "2 = overhead +100%, \xc3\x97"
					   "0.5 = -50%");
	chart_axis_major_gridlines_set_visible(chart->x_axis, LXW_TRUE);
	chart_axis_set_min(chart->y_axis, 0);
	chart_axis_set_max(chart->y_axis, (double)n + 1);
	chart_axis_set_label_position(chart->y_axis, LXW_CHART_AXIS_LABEL_POSITION_NONE);
	chart_axis_set_major_tick_mark(chart->y_axis, LXW_CHART_AXIS_TICK_MARK_NONE);
	chart_axis_major_gridlines_set_visible(chart->y_axis, LXW_FALSE);
	chart_title_set_name(chart, "Geometric mean of the cost ratio C with its interval");
	chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
	chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
	lxw_chart_options opt = {.x_scale = 2, .y_scale = chart_scale(n)};
	kv_xlsx_check(b, worksheet_insert_chart_opt(ws, (lxw_row_t)(n + 3), 0, chart, &opt));
	free(c);
	free(refs);
	free(dlp);
	free(dl);
}

static void overview_sheet(struct book *b, const struct kv_report_input *in)
{
	static const char *const head[] = {
	    "variant",      "category",   "metrics",         "baseline runs",
	    "variant runs", "cost G",     "overhead",        "interval lo",
	    "interval hi",  "verdict",    "interval method", "paired",
	    "merged",       "gap closed", "gap closed lo",   "gap closed hi"};
	static const char *const chart_head[CH_N] = {
	    "chart: row",        "chart: worse",
	    "chart: better",     "chart: no significant change",
	    "chart: interval x", "chart: interval y",
	    "chart: label"};
	const struct kv_compare_result *r = in->r;
	lxw_worksheet *ws = kv_xlsx_sheet(b, "Overview");
	const double w[] = {18, 12, 9, 10, 10, 9, 10, 10, 10, 9, 32, 8, 8, 10, 10, 10};
	const int ncol = in->o->reference != NULL ? 16 : 13;
	lxw_format *text = fmt(b, "@", true), *cnt = fmt(b, INT, true);
	char m[96];

	kv_xlsx_check(b, worksheet_set_row(ws, 0, 30, NULL));
	for (int c = 0; c < ncol; c++) {
		kv_xlsx_check(b,
			      worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], b->head_export));
	}
	for (int c = 0; c < CH_N && r->nsummary > 0; c++) {
		kv_xlsx_check(b, worksheet_write_string(ws, 0, (lxw_col_t)(OV_CHART + c),
							chart_head[c], b->head_export));
	}
	kv_xlsx_check(b,
		      worksheet_write_comment(
			  ws, 0, OV_COST,
			  "Computed by kvperf when the workbook was made (the geometric mean of C "
			  "over the rows of Summary, with an interval from the runs): it does not "
			  "follow edits of the Samples sheet."));
	/* row by row, for constant-memory mode: the table, then the chart's data */
	for (size_t i = 0; i < 3 * r->nsummary; i++) {
		int row = (int)i + 1;
		if (i < r->nsummary) {
			const struct kv_summary_row *s = &r->summary[i];
			kv_xlsx_str(b, ws, row, 0, s->variant, text);
			kv_xlsx_str(b, ws, row, 1, s->category, text);
			kv_xlsx_num(b, ws, row, 2, (double)s->s.k, cnt);
			kv_xlsx_num(b, ws, row, 3, (double)s->s.runs_b, cnt);
			kv_xlsx_num(b, ws, row, 4, (double)s->s.runs_v, cnt);
			kv_xlsx_num(b, ws, row, OV_COST, s->s.cost, fmt(b, COST, true));
			kv_xlsx_num(b, ws, row, OV_OVERHEAD, s->s.overhead_pct / 100,
				    fmt(b, PCT, true));
			kv_xlsx_num(b, ws, row, 7, s->s.lo - 1, fmt(b, PCT, true));
			kv_xlsx_num(b, ws, row, 8, s->s.hi - 1, fmt(b, PCT, true));
			kv_xlsx_str(b, ws, row, OV_VERDICT, kv_verdict_short(s->verdict), text);
			kv_fmt_sum_method(&s->s, m, sizeof(m));
			kv_xlsx_str(b, ws, row, 10, m, text);
			kv_xlsx_num(b, ws, row, 11, (double)s->s.paired, cnt);
			kv_xlsx_num(b, ws, row, 12, (double)s->merged, cnt);
			if (ncol > 13 && s->gap.has) {
				kv_xlsx_num(b, ws, row, 13, s->gap.pct / 100, fmt(b, PCT, true));
				kv_xlsx_num(b, ws, row, 14, s->gap.lo / 100, fmt(b, PCT, true));
				kv_xlsx_num(b, ws, row, 15, s->gap.hi / 100, fmt(b, PCT, true));
			} else if (ncol > 13) {
				kv_xlsx_str(b, ws, row, 13, "(reference)", text);
			}
		}
		chart_data_row(b, ws, r, row);
	}
	kv_xlsx_widths(ws, w, ncol);
	worksheet_set_column(ws, OV_CHART, OV_CHART + CH_LABEL - 1, 10, NULL);
	worksheet_set_column(ws, OV_CHART + CH_LABEL, OV_CHART + CH_LABEL, 40, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	kv_xlsx_printable(b, ws);
	/* print the table and the chart (rows of 20 pixels), not the chart's data */
	lxw_row_t end = (lxw_row_t)(r->nsummary + 4 + ceil(288 * chart_scale(r->nsummary) / 20));
	kv_xlsx_check(b, worksheet_print_area(ws, 0, 0, end, (lxw_col_t)(ncol - 1)));
	if (r->nsummary == 0) {
		return;
	}
	verdict_colours(b, ws, (lxw_row_t)r->nsummary, OV_VERDICT);
	overhead_colours(b, ws, (lxw_row_t)r->nsummary, OV_OVERHEAD);
	overview_chart(b, ws, r);
}
/* The forest plots of the PDF report, a variant's in as many images as
 * keep each under FOREST_MAX_H pixels (cairo draws none over 32767), one
 * under the other; a plot cairo cannot draw is a note saying why.  pngs[v]
 * and npngs[v]: variant v's images, kept until the workbook is closed. */
static void charts_sheet(struct book *b, const struct kv_report_input *in, struct kv_png **pngs,
			 size_t *npngs)
{
	const struct kv_compare_result *r = in->r;
	lxw_worksheet *ws = kv_xlsx_sheet(b, "Charts");
	lxw_row_t row = 2;
	char m[KV_NAME_BUF + 512], name[KV_NAME_BUF], why[160], count[32];

	kv_xlsx_check(
	    b, worksheet_write_string(ws, 0, 0,
				      "The forest plots of the PDF report: overhead with its "
				      "interval, per comparison (at export).",
				      b->head));
	for (size_t v = 0; v < r->nvariants; v++) {
		size_t n = 0;
		for (size_t i = 0; i < r->n; i++) {
			n += strcmp(r->c[i].var->config, r->variants[v]) == 0;
		}
		kv_name_cut(r->variants[v], KV_NAME_CHARS, name, sizeof(name));
		/* a long plot at 1 pixel a point: a quarter of the pixels */
		double scale = n > FOREST_SHARP ? 1 : 2;
		if (kv_report_forest_pngs(in, r->variants[v], (int)(FOREST_W * scale), scale,
					  (int)(FOREST_MAX_H * scale), &pngs[v], &npngs[v], why,
					  sizeof(why)) < 0) {
			snprintf(m, sizeof(m),
				 "(the forest plot of %s could not be drawn: %s; the PDF report "
				 "has it over several pages)",
				 name, why);
			kv_xlsx_str(b, ws, (int)row, 0, m, NULL);
			row += 2;
			continue;
		}
		if (npngs[v] > 1) {
			snprintf(m, sizeof(m),
				 "%s: %s comparisons in %zu images, one under the other", name,
				 kv_fmt_count(n, count, sizeof(count)), npngs[v]);
			kv_xlsx_str(b, ws, (int)row, 0, m, b->bold);
			row += 1;
		}
		for (size_t k = 0; k < npngs[v]; k++) {
			lxw_image_options io = {.x_scale = 1 / scale, .y_scale = 1 / scale};
			kv_xlsx_check(b, worksheet_insert_image_buffer_opt(
					     ws, row, 0, pngs[v][k].data, pngs[v][k].len, &io));
			b->images++;
			/* the image's height in rows of 20 pixels, plus a gap */
			row += (lxw_row_t)(pngs[v][k].h / scale / 20 + 2);
		}
		row += 1;
	}
	worksheet_set_column(ws, 0, 0, 100, NULL);
	kv_xlsx_printable(b, ws);
}

static void about_sheet(struct book *b, const struct kv_report_input *in)
{
	const struct kv_compare_opts *o = in->o;
	lxw_worksheet *ws = kv_xlsx_sheet(b, "About");
	static const char *const adj[] = {"none", "holm", "hochberg", "bh", "by", "bonferroni"};
	struct kv_strbuf v = KV_STRBUF_INIT;
	char conf[32], seed[32], methods[1024], levels[1024], adjust[256], overhead[512];
	int row = 1;

	for (size_t i = 0; in->r != NULL && i < in->r->nvariants; i++) {
		kv_strbuf_addf(&v, "%s%s", i ? ", " : "", in->r->variants[i]);
	}
	snprintf(conf, sizeof(conf), "%g", o->confidence);
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)o->seed);
	snprintf(adjust, sizeof(adjust), "%s: %s", adj[o->adjust], kv_adjust_explain(o->adjust));
	snprintf(overhead, sizeof(overhead),
		 "%s; stored as a fraction with a %% format (the cost ratio C in its own column)",
		 kv_overhead_definition);
	const struct kv_xlsx_samples *p = b->plan;
	char samples[768], ns[32], nr[32], nsh[32];
	kv_fmt_count(p->samples, ns, sizeof(ns));
	kv_fmt_count(p->runs, nr, sizeof(nr));
	kv_fmt_count(p->nsheets, nsh, sizeof(nsh));
	if (!p->means) {
		snprintf(samples, sizeof(samples), "every sample (%s), one row each", ns);
	} else {
		snprintf(samples, sizeof(samples),
			 "the run means: the %s samples are more than the %zu rows a sheet holds, "
			 "so Samples has one row per run and metric (%s rows), its mean in \"run "
			 "mean\" and how many samples it is of in \"samples\". kvperf compares run "
			 "means (each run's mean is one sample), so the Summary's formulas agree "
			 "with it.%s%s%s",
			 ns, p->per_sheet, nr,
			 p->nsheets > 1 ? " They continue on Samples (2) and on, " : "",
			 p->nsheets > 1 ? nsh : "",
			 p->nsheets > 1 ? " sheets in all, each metric's rows on one sheet where "
					  "they fit in one"
					: "");
	}
	methods[0] = levels[0] = '\0';
	if (in->r != NULL) {
		kv_fmt_methods(in->r, methods, sizeof(methods));
		kv_fmt_levels(in->r, o, levels, sizeof(levels));
	}
	const char *rows[][2] = {
	    {"made by", "kvperf report"},
	    {"kvperf version", in->version},
	    {"date", in->date},
	    {"database", in->db_path},
	    {"baseline", o->baseline},
	    {"variants", kv_strbuf_str(&v)},
	    {"confidence", conf},
	    {"intervals", levels},
	    {"estimator",
	     o->estimator == KV_EST_MEAN ? "mean of run means" : "median of run means"},
	    {"methods", methods},
	    {"p adjustment", adjust},
	    {"bootstrap seed", seed},
	    {"overhead", overhead},
	    {"change", kv_change_definition},
	    {"verdict", "worse or better exactly when the printed interval lies wholly above or "
			"below 0; ~ otherwise"},
	    {"Overview", "the geometric mean G of C per variant and category, with an interval "
			 "that keeps the correlation of metrics measured in the same runs"},
	    {"Samples", samples},
	    {"Summary formulas",
	     b->plan->means
		 ? "means, change, C and overhead are formulas over the run means of Samples "
		   "(AVERAGEIFS by its series column, or SUMIFS / COUNTIFS over the sheets that "
		   "hold a metric's rows); edit or delete a run's mean and they follow"
		 : "means, change, C and overhead are formulas over Samples (AVERAGEIFS by its "
		   "series column) where every run holds one sample; edit or delete a sample and "
		   "they follow"},
	    {"(at export)",
	     "columns so marked (grey italics, with a note on the header) hold values kvperf "
	     "computed: intervals, p, verdicts, flags, n, sd, and the means of rows whose runs "
	     "hold several samples. They are not formulas because Fieller's interval and "
	     "Welch's p need t quantiles at a fractional df, which T.INV.2T and T.DIST.2T "
	     "truncate to a whole number in Excel and LibreOffice, and the adjusted level "
	     "and p depend on every row's p"},
	    {"stale?", "a formula: \"stale\" when a row's samples changed since export (a side's "
		       "sample count or mean), so that its (at export) columns are out of date"},
	    {"units",
	     "means and sds are shown in the metric's unit with an SI prefix (14.6 \xc2\xb5s, "
	     "78.8 MB/s); the canonical values (seconds, bytes/s) are the details' \"mean (in "
	     "unit)\" columns, which the formulas use, and the Samples sheet"},
	    {"details",
	     "Summary's n, sd, CV, raw p, level, effect sizes, method and canonical means "
	     "are grouped: the + above the sheet (or Data > Group and Outline) shows them"},
	};
	kv_xlsx_check(b, worksheet_write_string(ws, 0, 0, "item", b->head));
	kv_xlsx_check(b, worksheet_write_string(ws, 0, 1, "value", b->head));
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++, row++) {
		int lines = rows[i][1] != NULL ? lines_of(rows[i][1], 110) : 1;
		if (lines > 1) {
			kv_xlsx_check(b, worksheet_set_row(ws, (lxw_row_t)row, 15.0 * lines, NULL));
		}
		kv_xlsx_check(b,
			      worksheet_write_string(ws, (lxw_row_t)row, 0, rows[i][0], b->bold));
		kv_xlsx_str(b, ws, row, 1, rows[i][1], fmt(b, "@", false));
	}
	worksheet_set_column(ws, 0, 0, 18, NULL);
	worksheet_set_column(ws, 1, 1, 110, NULL);
	kv_xlsx_printable(b, ws);
	kv_strbuf_release(&v);
}

/* The formats every sheet shares: headers (bold, wrapped, a rule below; a
 * computed column's in the style of its values), labels, "stale". */
static void formats(struct book *b)
{
	b->head = workbook_add_format(b->wb);
	b->head_export = workbook_add_format(b->wb);
	lxw_format *h[2] = {b->head, b->head_export};
	for (int k = 0; k < 2; k++) {
		format_set_bold(h[k]);
		format_set_bottom(h[k], LXW_BORDER_THIN);
		format_set_text_wrap(h[k]);
		format_set_align(h[k], LXW_ALIGN_VERTICAL_TOP);
	}
	format_set_italic(b->head_export);
	format_set_font_color(b->head_export, EXPORT_INK);
	format_set_bg_color(b->head_export, EXPORT_FILL);
	b->bold = workbook_add_format(b->wb);
	format_set_bold(b->bold);
	format_set_align(b->bold, LXW_ALIGN_VERTICAL_TOP);
	b->stale = workbook_add_format(b->wb);
	format_set_bold(b->stale);
	format_set_font_color(b->stale, 0x9C0006);
	format_set_bg_color(b->stale, 0xFFEB9C);
}

int kv_report_xlsx(const struct kv_report_input *in, const char *path, struct kv_xlsx_info *info,
		   struct kv_error *err)
{
	size_t nv = in->r != NULL ? in->r->nvariants : 0;
	char *tmp = kv_tmp_name(path);
	struct book b = {0};
	struct kv_xlsx_samples plan;
	int ret;

	kv_xlsx_samples_plan(in, &plan);
	b.plan = &plan;
	b.big = plan.samples > BIG_SAMPLES;
	lxw_workbook_options opt = {.constant_memory = b.big ? LXW_TRUE : LXW_FALSE};
	b.wb = workbook_new_opt(tmp, &opt);
	if (b.wb == NULL) {
		kv_fail(err, KV_EXIT_FAILURE, "cannot write '%s'", path);
		kv_xlsx_samples_release(&plan);
		free(tmp);
		return -1;
	}
	lxw_doc_properties props = {.title = (char *)(uintptr_t)in->title,
				    .subject = (char *)(uintptr_t) "overhead against a baseline",
				    .author = (char *)(uintptr_t) "kvperf",
				    .comments = (char *)(uintptr_t) "made by kvperf report",
				    .created = in->source_date >= 0 ? (time_t)in->source_date
								    : time(NULL)};
	kv_xlsx_check(&b, workbook_set_properties(b.wb, &props));
	formats(&b);
	struct kv_png **pngs = kv_xcalloc(nv ? nv : 1, sizeof(*pngs));
	size_t *npngs = kv_xcalloc(nv ? nv : 1, sizeof(*npngs));
	if (in->r != NULL) {
		summary_sheet(&b, in);
		overview_sheet(&b, in);
		charts_sheet(&b, in, pngs, npngs);
	}
	kv_xlsx_history_sheet(&b, in); /* nothing without a history */
	kv_xlsx_samples_sheets(&b, in, &plan);
	kv_xlsx_runs_sheet(&b, in);
	about_sheet(&b, in);
	/* libxlsxwriter prints its own "[ERROR]" lines: kvperf reports the error once */
	int quiet = kv_stderr_mute();
	lxw_error e = workbook_close(b.wb); /* frees the workbook, even on error */
	kv_stderr_restore(quiet);
	for (size_t v = 0; v < nv; v++) {
		kv_pngs_free(pngs[v], npngs[v]);
	}
	free(pngs);
	free(npngs);
	for (size_t i = 0; i < b.nfmts; i++) {
		free(b.fmts[i].code);
	}
	free(b.fmts);
	if (b.first == LXW_NO_ERROR) {
		b.first = e;
	}
	*info = (struct kv_xlsx_info){
	    b.sheets,    b.images, plan.means, plan.nsheets, plan.means ? plan.runs : plan.samples,
	    plan.samples};
	kv_xlsx_samples_release(&plan);
	ret = kv_tmp_finish(tmp, path, b.first != LXW_NO_ERROR ? lxw_strerror(b.first) : NULL, err);
	free(tmp);
	return ret;
}
