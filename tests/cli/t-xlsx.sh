# t-xlsx.sh - the workbook read back by independent readers: Debian's
# python3-openpyxl, and LibreOffice (headless) recalculating the formulas.
. "$SRCDIR/tests/cli/lib.sh"
db=$T/x.db
"$KVPERF" --db "$db" import -q --config-from-dir "$SRCDIR/examples/samples/fio" "$SRCDIR/examples/samples/hyperfine" \
	"$SRCDIR/tests/data/native-sysbench" || echo "Bail out! setup"
export SOURCE_DATE_EPOCH=1795569000

run "$KVPERF" --db "$db" report -b baseline -o results.xlsx --title "Pinned vs free"
expect "report -o results.xlsx exits 0" 0 ""
same "says what it wrote" "$out" "wrote results.xlsx"
"$KVPERF" --db "$db" compare -b baseline --format json >cmp.json
PY=/usr/bin/python3

same "sheets and properties" "$($PY -c "
import openpyxl
wb = openpyxl.load_workbook('results.xlsx')
p = wb.properties
print(wb.sheetnames, p.title, p.subject, p.creator, p.created.isoformat())")" \
	"['Summary', 'Overview', 'Charts', 'Samples', 'Runs', 'About'] Pinned vs free overhead against a baseline kvperf 2026-11-25T01:10:00"

# Every Summary value equals compare's JSON; numbers are numeric cells.
$PY - results.xlsx cmp.json >summary.txt <<'PY'
import json, math, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)["Summary"]
cmp = json.load(open(sys.argv[2]))["comparisons"]
head = [c.value for c in ws[1]]
rows = [dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
bad = []
def eq(what, got, want):
    if want is None:
        if got is not None:
            bad.append("%s: want empty, got %r" % (what, got))
    elif not isinstance(got, (int, float)) or isinstance(got, bool):
        bad.append("%s: not a number: %r" % (what, got))
    elif abs(got - want) > 1e-12 * max(1, abs(want)):
        bad.append("%s: %r != %r" % (what, got, want))
def frac(x):
    return None if x is None else x / 100
print(len(rows), len(cmp))
keys = ["variant", "tool", "benchmark", "params", "metric", "unit", "direction", "category"]
for r, c in zip(rows, cmp):
    if tuple(r[k] or "" for k in keys) != tuple(c[k] for k in keys):  # an empty string is an empty cell
        bad.append("key %r != %r" % ([r[k] for k in keys], [c[k] for k in keys]))
    b, v = c["baseline_stats"], c["variant_stats"]
    for col, want in [("baseline n", b["n"]), ("baseline mean", b["mean"]), ("baseline sd", b["sd"]),
            ("baseline CV", b["cv"]), ("variant n", v["n"]), ("variant mean", v["mean"]), ("variant sd", v["sd"]),
            ("variant CV", v["cv"]), ("change", frac(c["change_pct"])), ("cost C", c["cost"]),
            ("overhead", frac(c["overhead_pct"])), ("overhead lo", frac(c["overhead_ci"][0])),
            ("overhead hi", frac(c["overhead_ci"][1])), ("interval level", c["level"]), ("p", c["p_value"]),
            ("p adjusted", c["p_adjusted"]), ("Cliff's delta", c["cliffs_delta"]),
            ("P(superiority)", c["prob_superiority"]), ("min detectable", frac(c["min_detectable_pct"]))]:
        eq("%s %s" % (c["metric"], col), r[col], want)
    verdict = {"same": "~", None: "n/a"}.get(c["verdict"], c["verdict"])
    if r["verdict"] != verdict:
        bad.append("verdict %r != %r" % (r["verdict"], verdict))
    if (r["flags"] or "") != ", ".join(c["flags"]):
        bad.append("flags %r != %r" % (r["flags"], c["flags"]))
    if r["method"] != c["method"]:
        bad.append("method %r != %r" % (r["method"], c["method"]))
    if (r["merged into"] is not None) != ("merged_into" in c):
        bad.append("merged into %r, JSON %r" % (r["merged into"], c.get("merged_into")))
print("bad:", len(bad))
for x in bad[:10]:
    print(x)
PY
same "one Summary row per comparison" "$(head -1 summary.txt)" "$(python3 -c "import json; n = len(json.load(open('cmp.json'))['comparisons']); print(n, n)")"
same "every Summary value equals compare --format json, numbers as numbers" "$(sed -n 2,12p summary.txt)" "bad: 0"

same "Summary: an Excel table, frozen header and first columns, conditional formats, formulas" "$($PY -c "
import openpyxl
ws = openpyxl.load_workbook('results.xlsx')['Summary']
f = [c.value for c in ws['J'][1:] if isinstance(c.value, str) and c.value.startswith('=AVERAGEIFS(Samples!')]
o = [c.value for c in ws['S'][1:] if isinstance(c.value, str) and c.value.startswith('=')]
print(list(ws.tables), ws.freeze_panes, len(ws.conditional_formatting) >= 2, len(f) > 0, len(o) > 0,
      ws['Q1'].value, ws['R1'].value, ws['S1'].value, ws['S2'].number_format, ws['R2'].number_format,
      ws['W2'].number_format in ('0.0000', '0.00E+00'))")" \
	"['Comparisons'] F2 True True True change cost C overhead 0.0% \"×\"0.00 True"
# The overhead's formula is on the one scale: mean_v / mean_b - 1 when lower
# is better, mean_b / mean_v - 1 when higher is better; the change is always
# mean_v / mean_b - 1.
same "formulas: change, C and overhead by direction" "$($PY - results.xlsx <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Summary"]
seen = set()
for r in range(2, ws.max_row + 1):
    o = ws["S%d" % r].value
    if not (isinstance(o, str) and o.startswith("=")):
        continue
    d = ws["G%d" % r].value
    want = ("=J%d/N%d" if d == "higher" else "=N%d/J%d") % (r, r)
    ok = (ws["R%d" % r].value == want and o == want + "-1" and ws["Q%d" % r].value == "=N%d/J%d-1" % (r, r))
    seen.add((d, ok))
print(sorted(seen))
PY
)" "[('higher', True), ('lower', True)]"
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

# LibreOffice recalculates every formula (from a copy without the cached
# values) and gets the values kvperf cached.
$PY -c "
import openpyxl
openpyxl.load_workbook('results.xlsx').save('nocache.xlsx')"
HOME=$T timeout 300 soffice -env:UserInstallation=file://$T/lo-profile --headless \
	--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
	nocache.xlsx >lo.log 2>&1
[ -f nocache-Summary.csv ] && ok "LibreOffice reads the workbook" || not_ok "LibreOffice reads the workbook" "$(cat lo.log)"
same "recalculated formulas equal the cached values" "$($PY - results.xlsx nocache-Summary.csv <<'PY'
import csv, sys, openpyxl
cached = list(openpyxl.load_workbook(sys.argv[1], data_only=True)["Summary"].iter_rows(min_row=2, values_only=True))
formulas = list(openpyxl.load_workbook(sys.argv[1])["Summary"].iter_rows(min_row=2, values_only=True))
lo = list(csv.reader(open(sys.argv[2])))[1:]
def val(s):  # as LibreOffice shows it: "12.5%", "×2.50" (C)
    s = s.removeprefix("×")
    return float(s[:-1]) / 100 if s.endswith("%") else float(s)
n = bad = 0
for c, f, l in zip(cached, formulas, lo):
    for col in (9, 13, 16, 17, 18):  # baseline mean, variant mean, change, C, overhead
        if isinstance(f[col], str) and f[col].startswith("="):
            n += 1
            if abs(val(l[col]) - c[col]) > 1e-9 * max(1e-300, abs(c[col])):
                bad += 1
print(n > 0, bad)
PY
)" "True 0"

# The hard cases.
"$KVPERF" --db "$T/one.db" import -q "$SRCDIR/tests/data/native-sysbench/sysbench-baseline.json"
run "$KVPERF" --db "$T/one.db" report -b baseline -o one.xlsx
expect "one configuration: a workbook all the same" 0 ""
same "with its samples, runs and about" "$($PY -c "
import openpyxl
print(openpyxl.load_workbook('one.xlsx').sheetnames)")" "['Samples', 'Runs', 'About']"
same "same input, same bytes" "$("$KVPERF" --db "$db" report -b baseline -o again.xlsx --title "Pinned vs free" >/dev/null; cmp -s results.xlsx again.xlsx && echo same)" "same"

done_testing
