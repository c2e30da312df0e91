# t-xlsx.sh - the workbook read back by independent readers: Debian's
# python3-openpyxl, and LibreOffice (headless) recalculating the formulas,
# after a sample is deleted too, and printing it.
. "$SRCDIR/tests/cli/lib.sh"
need "python3-openpyxl" /usr/bin/python3 -c "import openpyxl"
need "poppler-utils" command -v pdftotext
db=$T/x.db
"$KVPERF" --db "$db" import -q --config-from-dir "$SRCDIR/examples/samples/fio" "$SRCDIR/examples/samples/hyperfine" \
	"$SRCDIR/tests/data/native-sysbench" || echo "Bail out! setup"
export SOURCE_DATE_EPOCH=1795569000

run "$KVPERF" --db "$db" report -b baseline -o results.xlsx --title "Pinned vs free"
expect "report -o results.xlsx exits 0" 0 ""
same "says what it wrote" "$out" "wrote results.xlsx: 6 sheets, 1 chart image"
"$KVPERF" --db "$db" compare -b baseline --format json >cmp.json
COLUMNS=250 "$KVPERF" --db "$db" compare -b baseline >cmp.txt
PY=/usr/bin/python3

# Column names and helpers shared by the checks below: a column is found by
# its name, with or without " (at export)".
cat >xl.py <<'PY'
import re, openpyxl
from openpyxl.utils import get_column_letter
def summary(path, **kw):
    ws = openpyxl.load_workbook(path, **kw)["Summary"]
    head = [c.value for c in ws[1]]
    return ws, head
def col(head, name):
    for i, h in enumerate(head):
        if h in (name, name + " (at export)"):
            return i
    raise KeyError(name)
def letter(head, name):
    return get_column_letter(col(head, name) + 1)
# A cell as a number format shows it: '#,##0.0" µs"' and 14.566 -> "14.6 µs".
def shown(fmt, v):
    m = re.fullmatch(r'#,##0(?:\.(0+))?(?:"(.*)")?', fmt)
    if m is None:
        return None
    d = len(m.group(1) or "")
    return "{:,.{}f}".format(v, d) + (m.group(2) or "")
PY
export PYTHONPATH=$T

same "sheets and properties" "$($PY -c "
import openpyxl
wb = openpyxl.load_workbook('results.xlsx')
p = wb.properties
print(wb.sheetnames, p.title, p.subject, p.creator, p.created.isoformat())")" \
	"['Summary', 'Overview', 'Charts', 'Samples', 'Runs', 'About'] Pinned vs free overhead against a baseline kvperf 2026-11-25T01:10:00"

# Every Summary value equals compare's JSON; numbers are numeric cells.  The
# means are there twice: in the metric's unit with an SI prefix (a power of
# 1000 times the canonical one) and canonical, "in unit".
$PY - results.xlsx cmp.json >summary.txt <<'PY'
import json, math, sys
from xl import summary, col
ws, head = summary(sys.argv[1], data_only=True)
cmp = json.load(open(sys.argv[2]))["comparisons"]
rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
bad = []
def eq(what, got, want, scaled=False):
    if want is None:
        if got is not None:
            bad.append("%s: want empty, got %r" % (what, got))
    elif not isinstance(got, (int, float)) or isinstance(got, bool):
        bad.append("%s: not a number: %r" % (what, got))
    elif scaled:  # got = want x 1000^k
        k = round(math.log(abs(got / want), 1000)) if want and got else 0
        if abs(got - want * 1000.0 ** k) > 1e-12 * abs(got):
            bad.append("%s: %r is not %r x 1000^k" % (what, got, want))
    elif abs(got - want) > 1e-12 * max(1, abs(want)):
        bad.append("%s: %r != %r" % (what, got, want))
def frac(x):
    return None if x is None else x / 100
print(len(rows), len(cmp))
keys = ["variant", "tool", "benchmark", "params", "metric", "unit", "direction", "category"]
for r, c in zip(rows, cmp):
    if tuple(r[col(head, k)] or "" for k in keys) != tuple(c[k] for k in keys):  # an empty string is an empty cell
        bad.append("key %r != %r" % ([r[col(head, k)] for k in keys], [c[k] for k in keys]))
    b, v = c["baseline_stats"], c["variant_stats"]
    for name, want in [("baseline n", b["n"]), ("baseline mean (in unit)", b["mean"]),
            ("baseline CV", b["cv"]), ("variant n", v["n"]), ("variant mean (in unit)", v["mean"]),
            ("variant CV", v["cv"]), ("change", frac(c["change_pct"])), ("cost C", c["cost"]),
            ("overhead", frac(c["overhead_pct"])), ("overhead lo", frac(c["overhead_ci"][0])),
            ("overhead hi", frac(c["overhead_ci"][1])), ("interval level", c["level"]), ("p", c["p_value"]),
            ("p adjusted", c["p_adjusted"]), ("Cliff's delta", c["cliffs_delta"]),
            ("P(superiority)", c["prob_superiority"]), ("min detectable", frac(c["min_detectable_pct"]))]:
        eq("%s %s" % (c["metric"], name), r[col(head, name)], want)
    for name, want in [("baseline mean", b["mean"]), ("variant mean", v["mean"]),
            ("baseline sd", b["sd"]), ("variant sd", v["sd"])]:
        eq("%s %s" % (c["metric"], name), r[col(head, name)], want, scaled=True)
    verdict = {"same": "~", None: "n/a"}.get(c["verdict"], c["verdict"])
    if r[col(head, "verdict")] != verdict:
        bad.append("verdict %r != %r" % (r[col(head, "verdict")], verdict))
    if (r[col(head, "flags")] or "") != ", ".join(c["flags"]):
        bad.append("flags %r != %r" % (r[col(head, "flags")], c["flags"]))
    if r[col(head, "method")] != c["method"]:
        bad.append("method %r != %r" % (r[col(head, "method")], c["method"]))
    if (r[col(head, "merged into")] is not None) != ("merged_into" in c):
        bad.append("merged into %r, JSON %r" % (r[col(head, "merged into")], c.get("merged_into")))
print("bad:", len(bad))
for x in bad[:10]:
    print(x)
PY
same "one Summary row per comparison" "$(head -1 summary.txt)" "$(python3 -c "import json; n = len(json.load(open('cmp.json'))['comparisons']); print(n, n)")"
same "every Summary value equals compare --format json, numbers as numbers" "$(sed -n 2,12p summary.txt)" "bad: 0"

# Means and sds as people read them: the unit with its SI prefix in the
# number format and three significant digits, exactly as compare's table
# prints each mean ("51.8 µs ±15.4%").
same "means in the metric's unit, as compare prints them" "$($PY - results.xlsx cmp.txt <<'PY'
import sys
from xl import summary, col, shown
ws, head = summary(sys.argv[1])
wsv, _ = summary(sys.argv[1], data_only=True)
text = open(sys.argv[2]).read()
n = bad = 0
units = set()
for r, rv in zip(ws.iter_rows(min_row=2), wsv.iter_rows(min_row=2, values_only=True)):
    for name in ("baseline mean", "variant mean", "baseline sd", "variant sd"):
        c, v = r[col(head, name)], rv[col(head, name)]
        s = shown(c.number_format, v)
        if s is None:
            bad += 1
            continue
        digits = s.split()[0].replace(",", "").replace(".", "").lstrip("0-").rstrip("kMG")
        bad += len(digits) != 3 and 0 < abs(v) < 1000  # 3 significant digits
        if name.endswith("mean"):
            n += 1
            bad += (s + " \u00b1") not in text  # compare's table: "51.8 µs ±15.4%"
            units.add(c.number_format.split('"')[1].strip() if '"' in c.number_format else "")
print(n > 0, bad, sorted(u for u in units if u in ("\u00b5s", "ms", "MB/s", "k ops/s")))
PY
)" "True 0 ['MB/s', 'k ops/s', 'ms', 'µs']"
same "a mean of 0.0000518 s is the value 51.8 with the format ' µs'; the canonical value kept" "$($PY - results.xlsx <<'PY'
import sys
from xl import summary, col, letter
ws, head = summary(sys.argv[1])
wsv, _ = summary(sys.argv[1], data_only=True)
r = next(i for i in range(2, ws.max_row + 1) if ws.cell(i, col(head, "metric") + 1).value == "read_clat_mean")
c = ws.cell(r, col(head, "baseline mean") + 1)
raw = wsv.cell(r, col(head, "baseline mean (in unit)") + 1).value
print(c.number_format, c.value == "=%s%d*1000000" % (letter(head, "baseline mean (in unit)"), r),
      "%.4g" % wsv.cell(r, c.column).value, "%.4g" % raw)
PY
)" "#,##0.0\" µs\" True 51.78 5.178e-05"
same "number formats: signed %, C, p and Cliff's delta with sensible digits" "$($PY - results.xlsx <<'PY'
import sys
from xl import summary, col
ws, head = summary(sys.argv[1])
wsv, _ = summary(sys.argv[1], data_only=True)
f = lambda name: {ws.cell(r, col(head, name) + 1).number_format for r in range(2, ws.max_row + 1)}
ok = True
for r in range(2, ws.max_row + 1):  # p: three significant digits, an exponent below 0.001
    p, fmt = wsv.cell(r, col(head, "p") + 1).value, ws.cell(r, col(head, "p") + 1).number_format
    if p is not None:
        want = "0.000" if p >= 0.1 else "0.0000" if p >= 0.01 else "0.00000" if p >= 0.001 else "0.0E+00"
        ok &= fmt == want
print(ok, f("overhead"), f("cost C"), f("Cliff's delta"), f("P(superiority)"), f("interval level"))
PY
)" "True {'+0.0%;-0.0%;0.0%'} {'[>=99.95]\"×\"0;[>=9.995]\"×\"0.0;\"×\"0.00'} {'+0.00;-0.00;0.00'} {'0.00'} {'0.0##%'}"

# the last rows of Summary and Overview, for the ranges of the formats
ns=$(python3 -c "import json; print(len(json.load(open('cmp.json'))['comparisons']) + 1)")
no=$(python3 -c "import json; print(len(json.load(open('cmp.json'))['summary']) + 1)")
same "Summary: an Excel table, frozen header and first columns, verdict and stale? coloured" "$($PY -c "
import openpyxl
ws = openpyxl.load_workbook('results.xlsx')['Summary']
rules = sorted((str(cf.sqref), rule.type, rule.formula) for cf in ws.conditional_formatting for rule in cf.rules)
print(list(ws.tables), ws.freeze_panes, rules)")" \
	"['Comparisons'] F2 [('L2:L$ns', 'colorScale', []), ('P2:P$ns', 'cellIs', ['\"better\"']), ('P2:P$ns', 'cellIs', ['\"worse\"']), ('P2:P$ns', 'cellIs', ['\"~\"']), ('R2:R$ns', 'cellIs', ['\"stale\"'])]"
# The colour scale's ends are fixed numbers on the one scale (-50% and
# +200% overhead), not the data's minimum and maximum, on Summary and Overview.
same "overhead colour scale: fixed at -50%, 0, +200%, blue to vermillion" "$($PY -c "
import openpyxl
wb = openpyxl.load_workbook('results.xlsx')
for name in ('Summary', 'Overview'):
    for cf in wb[name].conditional_formatting:
        for rule in cf.rules:
            if rule.type == 'colorScale':
                cs = rule.colorScale
                print(name, str(cf.sqref), [(v.type, v.val) for v in cs.cfvo], [c.rgb for c in cs.color])")" \
	"Summary L2:L$ns [('num', -0.5), ('num', 0.0), ('num', 2.0)] ['FF0072B2', 'FFFFFFFF', 'FFD55E00']
Overview G2:G$no [('num', -0.5), ('num', 0.0), ('num', 2.0)] ['FF0072B2', 'FFFFFFFF', 'FFD55E00']"

# What kvperf computed is marked: "(at export)" in the header, a note that
# says why, grey italics; the live columns are not.
same "computed columns: marked in the header, with a note, in their own style" "$($PY - results.xlsx <<'PY'
import sys
from xl import summary
ws, head = summary(sys.argv[1])
marked = [h[:-len(" (at export)")] for h in head if h.endswith(" (at export)")]
print(marked)
bad = 0
for i, h in enumerate(head):
    note = ws.cell(1, i + 1).comment
    cells = [ws.cell(r, i + 1) for r in range(2, ws.max_row + 1)]
    grey = [c.font.i and c.fill.fgColor.rgb == "FFEDEDED" for c in cells]
    if h.endswith(" (at export)"):
        bad += note is None or "truncate" not in note.text or not all(grey)
    elif h in ("change", "cost C", "overhead"):  # grey only where they are not formulas
        bad += any(g != (not str(c.value).startswith("=")) for c, g in zip(cells, grey))
print(bad, "stale" in ws.cell(1, head.index("stale?") + 1).comment.text)
PY
)" "['overhead lo', 'overhead hi', 'p adjusted', 'verdict', 'flags', 'baseline n', 'baseline sd', 'baseline CV', 'variant n', 'variant sd', 'variant CV', 'interval level', 'p', 'equivalent', \"Cliff's delta\", 'P(superiority)', 'min detectable', 'method', 'merged into']
0 True"
same "the details are one collapsed outline group" "$($PY - results.xlsx <<'PY'
import sys
from xl import summary, letter
ws, head = summary(sys.argv[1])
d = ws.column_dimensions
hidden = [h for h in head if d[letter(head, h)].hidden and d[letter(head, h)].outlineLevel == 1]
print(hidden[0], hidden[-1], len(hidden), [h for h in head if not d[letter(head, h)].hidden][-3:])
PY
)" "baseline n (at export) variant mean (in unit) 17 ['verdict (at export)', 'flags (at export)', 'stale?']"

# The formulas are on the one scale: mean_v / mean_b - 1 when lower is
# better, mean_b / mean_v - 1 when higher is better; the change is always
# mean_v / mean_b - 1; the means as people read them follow the canonical ones.
same "formulas: change, C and overhead by direction" "$($PY - results.xlsx <<'PY'
import sys
from xl import summary, letter
ws, head = summary(sys.argv[1])
b, v = letter(head, "baseline mean (in unit)"), letter(head, "variant mean (in unit)")
seen = set()
for r in range(2, ws.max_row + 1):
    o = ws["%s%d" % (letter(head, "overhead"), r)].value
    if not (isinstance(o, str) and o.startswith("=")):
        continue
    d = ws["%s%d" % (letter(head, "direction"), r)].value
    want = ("=%s%d/%s%d" % (b, r, v, r)) if d == "higher" else ("=%s%d/%s%d" % (v, r, b, r))
    ok = (ws["%s%d" % (letter(head, "cost C"), r)].value == want and o == want + "-1"
          and ws["%s%d" % (letter(head, "change"), r)].value == "=%s%d/%s%d-1" % (v, r, b, r)
          and ws["%s%d" % (letter(head, "baseline mean (in unit)"), r)].value.startswith("=AVERAGEIFS(Samples!$H:$H,Samples!$J:$J,")
          and ws["%s%d" % (letter(head, "baseline mean"), r)].value.startswith("=%s%d" % (b, r)))
    seen.add((d, ok))
print(sorted(seen))
PY
)" "[('higher', True), ('lower', True)]"
same "stale?: a formula on every row, empty at export" "$($PY - results.xlsx <<'PY'
import sys
from xl import summary, col
ws, head = summary(sys.argv[1])
wsv, _ = summary(sys.argv[1], data_only=True)
f = [ws.cell(r, col(head, "stale?") + 1).value for r in range(2, ws.max_row + 1)]
v = {wsv.cell(r, col(head, "stale?") + 1).value for r in range(2, ws.max_row + 1)}
print(all(x.startswith("=IFERROR(IF(OR(COUNTIFS(Samples!") for x in f), v)
PY
)" "True {None}"

same "Overview: the summary rows of compare --format json, on the cost ratio" "$($PY - results.xlsx cmp.json <<'PY'
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)["Overview"]
head = [c.value for c in ws[1]]
rows = [dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True) if r[0] is not None]
summ = json.load(open(sys.argv[2]))["summary"]
bad = 0
for r, s in zip(rows, summ):
    want = [("metrics", s["metrics"]), ("cost G", s["cost"]), ("overhead", s["overhead_pct"] / 100),
            ("interval lo", s["cost_ci"][0] - 1), ("interval hi", s["cost_ci"][1] - 1),
            ("baseline runs", s["runs_baseline"]), ("variant runs", s["runs_variant"])]
    bad += sum(1 for k, v in want if abs(r[k] - v) > 1e-12 * max(1, abs(v)))
    bad += r["verdict"] != {"same": "~", None: "n/a"}.get(s["verdict"], s["verdict"])
print(len(rows) == len(summ), bad, head[:10])
PY
)" "True 0 ['variant', 'category', 'metrics', 'baseline runs', 'variant runs', 'cost G', 'overhead', 'interval lo', 'interval hi', 'verdict']"

# The Overview chart: each geometric mean a point coloured by verdict, its
# interval a line from lo to hi (libxlsxwriter 1.1.4 has no custom error
# bars, so the intervals are a scatter series of segments with gaps), top
# down in the table's order, on a log2 axis of C crossed at x1.
$PY - results.xlsx >chart.txt <<'PY'
import re, sys, zipfile, openpyxl
from openpyxl.utils import range_boundaries
x = zipfile.ZipFile(sys.argv[1]).read("xl/charts/chart1.xml").decode()
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)["Overview"]
head = [c.value for c in ws[1]]
n = sum(1 for r in ws.iter_rows(min_row=2, max_col=1, values_only=True) if r[0] is not None)
def cells(ref):
    c0, r0, c1, r1 = range_boundaries(ref.split("!")[1].replace("$", ""))
    return [ws.cell(r, c0).value for r in range(r0, r1 + 1)]
series = {}
for s in re.findall(r"<c:ser>.*?</c:ser>", x, re.S):
    name = re.search(r"<c:v>(.*?)</c:v>", s).group(1)
    refs = re.findall(r"<c:f>(.*?)</c:f>", s)
    series[name] = (cells(refs[0]), cells(refs[1]), s)
print("scatterChart" in x, {"interval", "label"} <= set(series))
# the intervals: (lo, hi, gap) per table row, at that row's height
xs, ys, _ = series["interval"]
lo = [r[7] for r in ws.iter_rows(min_row=2, max_row=n + 1, values_only=True)]
hi = [r[8] for r in ws.iter_rows(min_row=2, max_row=n + 1, values_only=True)]
ok = all(abs(xs[3 * i] - (lo[i] + 1)) < 1e-12 and abs(xs[3 * i + 1] - (hi[i] + 1)) < 1e-12
         and xs[3 * i + 2] is None and ys[3 * i] == ys[3 * i + 1] == n - i for i in range(n))
print("intervals", len(xs) == 3 * n, ok)
# the points: x is G, y the row's height, first row on top
gx, gy, lab = series["label"]
g = [r[5] for r in ws.iter_rows(min_row=2, max_row=n + 1, values_only=True)]
print("order", gx == g, gy == [n - i for i in range(n)])
labels = re.findall(r"<c:dLbl>.*?<a:t>(.*?)</a:t>", lab, re.S)
cats = [r[1] for r in ws.iter_rows(min_row=2, max_row=n + 1, values_only=True)]
print("labels", len(labels) == n and all(l.startswith(c + " \u00d7") for l, c in zip(labels, cats)))
# one series of points per verdict, in its colour, each holding exactly its rows
verd = [r[9] for r in ws.iter_rows(min_row=2, max_row=n + 1, values_only=True)]
kinds = {"worse": ("worse", "D55E00"), "better": ("better", "0072B2"), "no significant change": ("~", "808080")}
ok = set(series) - {"interval", "label"} == {k for k, (v, _) in kinds.items() if v in verd or (v == "~" and "n/a" in verd)}
for name, (v, rgb) in kinds.items():
    if name in series:
        ok &= [y is not None for y in series[name][1]] == [w == v or (v == "~" and w == "n/a") for w in verd]
        ok &= ('<a:srgbClr val="%s"/>' % rgb) in series[name][2]
print("verdicts", ok)
ax = re.search(r"<c:valAx>.*?</c:valAx>", x, re.S).group(0)  # the first: x
mn, mx = float(re.search(r'<c:min val="([^"]+)"', ax).group(1)), float(re.search(r'<c:max val="([^"]+)"', ax).group(1))
print("axis", '<c:logBase val="2"/>' in ax, mn <= min(min(lo) + 1, 1), mx >= max(hi) + 1, '<c:crossesAt val="1"/>' in x)
PY
same "Overview chart: G as points coloured by verdict, intervals as lines, table order, log2 axis" "$(cat chart.txt)" \
	"True True
intervals True True
order True True
labels True
verdicts True
axis True True True True"

# Printing: every sheet A4 landscape, one page wide (fitToWidth defaults to
# 1), any number of pages tall, its first row on every page.
same "print setup: landscape, one page wide, header row repeated, on every sheet" "$($PY -c "
import openpyxl
wb = openpyxl.load_workbook('results.xlsx')
for ws in wb:
    p = ws.page_setup
    print(ws.title, p.orientation, p.paperSize, ws.sheet_properties.pageSetUpPr.fitToPage, p.fitToWidth in (None, 1, '1'), p.fitToHeight, ws.print_title_rows)")" \
	"Summary landscape 9 True True 0 \$1:\$1
Overview landscape 9 True True 0 \$1:\$1
Charts landscape 9 True True 0 \$1:\$1
Samples landscape 9 True True 0 \$1:\$1
Runs landscape 9 True True 0 \$1:\$1
About landscape 9 True True 0 \$1:\$1"

# Samples holds exactly the samples of the database; Runs one row per run.
same "Samples: every sample, as in SQLite" "$($PY - results.xlsx "$db" <<'PY'
import sqlite3, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
x = sorted((r[0], r[1], r[5], r[7]) for r in wb["Samples"].iter_rows(min_row=2, values_only=True))
con = sqlite3.connect(sys.argv[2])
d = sorted(con.execute("select config, run_id, metric, value from samples_v"))
# libxlsxwriter writes 16 significant digits (Excel keeps 15-17): equal to 1e-15
same = all(a[:3] == b[:3] and abs(a[3] - b[3]) <= 1e-15 * abs(b[3]) for a, b in zip(x, d))
numeric = all(isinstance(r[3], (int, float)) and not isinstance(r[3], bool) for r in x)
print(len(x) == len(d), same, numeric)
PY
)" "True True True"
same "Runs: one row per run, labels as columns" "$($PY - results.xlsx "$db" <<'PY'
import sqlite3, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Runs"]
con = sqlite3.connect(sys.argv[2])
print(ws.max_row - 1 == con.execute("select count(*) from run").fetchone()[0],
      "report" in [c.value for c in ws[1]], ws["I1"].value)
PY
)" "True True sha256"
same "Overview has a native chart, Charts the forest plots as images" "$($PY -c "
import zipfile
n = zipfile.ZipFile('results.xlsx').namelist()
print(any(x.startswith('xl/charts/chart') for x in n), sum(x.startswith('xl/media/image') for x in n))")" "True 1"

if have LibreOffice command -v soffice; then
# LibreOffice recalculates every formula (from a copy without the cached
# values) and gets the values kvperf cached.  In a second copy one sample of
# a row whose means are formulas and one of a row whose runs hold several
# samples are deleted: the first row's mean and overhead move to what the
# remaining samples give, and exactly those two rows read "stale".
$PY - results.xlsx <<'PY'
import sys, openpyxl
from xl import col
openpyxl.load_workbook(sys.argv[1]).save("nocache.xlsx")
wb = openpyxl.load_workbook(sys.argv[1])
ws, head = wb["Summary"], [c.value for c in wb["Summary"][1]]
live = next(r for r in range(2, ws.max_row + 1) if str(ws.cell(r, col(head, "variant mean (in unit)") + 1).value).startswith("="))
fixed = next(r for r in range(2, ws.max_row + 1) if not str(ws.cell(r, col(head, "variant mean (in unit)") + 1).value).startswith("="))
def series(r, side):  # the series number in a row's stale? formula
    f = ws.cell(r, col(head, "stale?") + 1).value
    return int(f.split("COUNTIFS(Samples!$J:$J,")[side].split(")")[0])
sv, sf = series(live, 2), series(fixed, 1)
s = wb["Samples"]
gone = [next(i for i in range(2, s.max_row + 1) if s.cell(i, 10).value == x) for x in (sv, sf)]
for i in sorted(gone, reverse=True):
    s.delete_rows(i)
wb.save("deleted.xlsx")
open("deleted.txt", "w").write("%d %d %d\n" % (live, fixed, sv))
PY
HOME=$T timeout 300 soffice -env:UserInstallation=file://$T/lo-profile --headless \
	--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
	nocache.xlsx deleted.xlsx >lo.log 2>&1
[ -f nocache-Summary.csv ] && [ -f deleted-Summary.csv ] && ok "LibreOffice reads the workbook" || not_ok "LibreOffice reads the workbook" "$(cat lo.log)"
cat >lo.py <<'PY'
import csv
def val(s):  # as LibreOffice writes it: "12.5%" or a plain number
    return float(s[:-1]) / 100 if s.endswith("%") else float(s)
def rows(path):
    return list(csv.reader(open(path, encoding="utf-8")))[1:]
LIVE = ("baseline mean", "variant mean", "change", "cost C", "overhead", "baseline mean (in unit)", "variant mean (in unit)")
PY
same "recalculated formulas equal the cached values, none stale" "$($PY - results.xlsx nocache-Summary.csv <<'PY'
import sys
from xl import summary, col
from lo import val, rows, LIVE
wsv, head = summary(sys.argv[1], data_only=True)
ws, _ = summary(sys.argv[1])
n = bad = 0
for r, l in zip(range(2, ws.max_row + 1), rows(sys.argv[2])):
    for name in LIVE:
        c = col(head, name)
        if str(ws.cell(r, c + 1).value).startswith("="):
            n += 1
            want = wsv.cell(r, c + 1).value
            bad += abs(val(l[c]) - want) > 1e-9 * max(1e-300, abs(want))
    bad += l[col(head, "stale?")] != ""
print(n > 0, bad)
PY
)" "True 0"
same "a deleted sample moves the live mean and overhead and flags its rows stale" "$($PY - results.xlsx deleted-Summary.csv deleted-Samples.csv deleted.txt <<'PY'
import sys
from xl import summary, col
from lo import val, rows
wsv, head = summary(sys.argv[1], data_only=True)
live, fixed, sv = map(int, open(sys.argv[4]).read().split())
lo = rows(sys.argv[2])
samples = [float(r[7]) for r in rows(sys.argv[3]) if r[9] == str(sv)]
l = lo[live - 2]
vm = sum(samples) / len(samples)  # the variant mean of the remaining samples
bm = wsv.cell(live, col(head, "baseline mean (in unit)") + 1).value
c = bm / vm if l[col(head, "direction")] == "higher" else vm / bm
moved = (abs(val(l[col(head, "variant mean (in unit)")]) - vm) <= 1e-9 * vm
         and abs(val(l[col(head, "overhead")]) - (c - 1)) <= 1e-9 * abs(c - 1)
         and abs(val(l[col(head, "overhead")]) - wsv.cell(live, col(head, "overhead") + 1).value) > 1e-9)
stale = [i + 2 for i, r in enumerate(lo) if r[col(head, "stale?")] == "stale"]
print(moved, stale == sorted([live, fixed]), sorted({r[col(head, "stale?")] for r in lo}))
PY
)" "True True ['', 'stale']"

# As a user sees it printed: LibreOffice's PDF of the workbook.  Summary's
# first page shows units, the marked columns and stale?, not the details.
HOME=$T timeout 300 soffice -env:UserInstallation=file://$T/lo-profile --headless \
	--convert-to pdf results.xlsx >lo-pdf.log 2>&1
pdftotext -layout -f 1 -l 1 results.pdf page1.txt 2>/dev/null
p1=$(cat page1.txt 2>/dev/null)
has "printed Summary: the means in their units" "$p1" " MB/s"
has "printed Summary: the computed columns marked" "$p1" "export)"
has "printed Summary: stale? on the page" "$p1" "stale?"
case "$p1" in
*"Cliff"*) not_ok "printed Summary: the details are not printed" "$p1" ;;
*) ok "printed Summary: the details are not printed" ;;
esac
else
	for t in "LibreOffice reads the workbook" "recalculated formulas equal the cached values" \
		"a deleted sample moves the live mean" "printed Summary: the means in their units" \
		"printed Summary: the computed columns marked" "printed Summary: stale? on the page" \
		"printed Summary: the details are not printed"; do
		skip "$t" "LibreOffice (soffice) is not installed"
	done
fi

# The hard cases.
"$KVPERF" --db "$T/one.db" import -q "$SRCDIR/tests/data/native-sysbench/sysbench-baseline.json"
run "$KVPERF" --db "$T/one.db" report -b baseline -o one.xlsx
expect "one configuration: a workbook all the same" 0 ""
same "with its samples, runs and about" "$($PY -c "
import openpyxl
print(openpyxl.load_workbook('one.xlsx').sheetnames)")" "['Samples', 'Runs', 'About']"
# More comparisons than one forest image can hold (cairo stops at 32767
# pixels): the plot continues over several images, each titled with its
# part, none taller than cairo draws, every row in one of them.
python3 - <<'PY'
import json
for cfg, f in (("a", 1.0), ("b", 1.1)):
    json.dump({"kvperf": 1, "config": cfg, "tool": "t", "runs": [{"benchmarks": [{"name": "b", "metrics": [
        {"name": "m%04d" % k, "unit": "s", "direction": "lower", "samples": [f * (1 + k + 0.01 * r)]}
        for k in range(2000)]}]} for r in range(3)]}, open(cfg + ".json", "w"))
PY
"$KVPERF" --db "$T/many.db" import -q a.json b.json
run "$KVPERF" --db "$T/many.db" report -b a -o many.xlsx
expect "2000 comparisons: a workbook all the same" 0 ""
same "with the forest plot over several images, none over 32767 pixels" "$($PY -c "
import openpyxl, struct, zipfile
print(openpyxl.load_workbook('many.xlsx')['Charts']['A3'].value)
z = zipfile.ZipFile('many.xlsx')
h = [struct.unpack('>II', z.read(n)[16:24]) for n in z.namelist() if n.startswith('xl/media/image')]
print(len(h) > 1, all(0 < w <= 32767 and 0 < y <= 32767 for w, y in h), '$out' == 'wrote many.xlsx: 6 sheets, %d chart images' % len(h))")" \
	"b: 2,000 comparisons in 4 images, one under the other
True True True"
same "same input, same bytes" "$("$KVPERF" --db "$db" report -b baseline -o again.xlsx --title "Pinned vs free" >/dev/null; cmp -s results.xlsx again.xlsx && echo same)" "same"

# A configuration named with a control character: the Overview chart's data
# labels carry it escaped, so the chart's XML stays well-formed.
esc=$(printf 'con\033strained')
"$KVPERF" --db "$T/esc.db" import -q --config baseline "$SRCDIR/examples/samples/fio/baseline" || echo "Bail out! esc setup"
"$KVPERF" --db "$T/esc.db" import -q --config constrained "$SRCDIR/examples/samples/hyperfine/constrained" || echo "Bail out! esc setup"
"$KVPERF" --db "$T/esc.db" import -q --config "$esc" "$SRCDIR/examples/samples/fio/constrained" || echo "Bail out! esc setup"
"$KVPERF" --db "$T/esc.db" import -q --config baseline "$SRCDIR/examples/samples/hyperfine/baseline" || echo "Bail out! esc setup"
run "$KVPERF" --db "$T/esc.db" report -b baseline -o esc.xlsx
expect "a configuration named with ESC: report -o x.xlsx exits 0" 0 ""
same "every chart's XML parses, the name's ESC written as \\x1b" "$($PY -c "
import zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile('esc.xlsx')
charts = [n for n in z.namelist() if n.startswith('xl/charts/')]
for n in charts:
    ET.fromstring(z.read(n))
print(len(charts) > 0, any(b'con\\\\x1bstrained' in z.read(n) for n in charts))")" "True True"

done_testing
