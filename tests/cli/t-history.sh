# t-history.sh - the history in kvperf report (issue 16): the PDF's History
# section, the workbook's History sheet and a chart file per changed series,
# read back with independent tools (poppler, openpyxl, unzip, Python's XML
# parser) and checked against 'kvperf trend --format json'.
#
# The study: real outputs of three tools (examples/samples) imported as the
# nightly runs of one configuration, v1.1 to v1.5 from the unconstrained
# runs and v1.6 to v1.10 from the runs pinned to a vCPU shared with a CPU
# hog: a real step at v1.6.  stress-ng and cyclictest carry a start time,
# sysbench's text output has none.  Beside it, fio's runs of two
# configurations to compare (five each: too few for a history).
. "$SRCDIR/tests/cli/lib.sh"
need "poppler-utils" command -v pdftotext
need "python3-openpyxl" /usr/bin/python3 -c "import openpyxl"
need "unzip" command -v unzip
PY=/usr/bin/python3
S=$SRCDIR/examples/samples
export SOURCE_DATE_EPOCH=1795569000

db=$T/h.db
setup() {
	for i in 1 2 3 4 5; do
		"$KVPERF" --db "$1" import -q -c nightly -l "version=$2$i" \
			"$S/stress-ng/baseline/cpu-matrixprod-r$i.yaml" \
			"$S/sysbench/baseline/cpu-threads1-r$i.txt" \
			"$S/cyclictest/baseline/other-t1-r$i.json" || echo "Bail out! setup"
		"$KVPERF" --db "$1" import -q -c nightly -l "version=$2$((i + 5))" \
			"$S/stress-ng/constrained/cpu-matrixprod-r$i.yaml" \
			"$S/sysbench/constrained/cpu-threads1-r$i.txt" \
			"$S/cyclictest/constrained/other-t1-r$i.json" || echo "Bail out! setup"
	done
	"$KVPERF" --db "$1" import -q -c baseline "$S/fio/baseline/randread-bs4k-r"*.json ||
		echo "Bail out! setup"
	"$KVPERF" --db "$1" import -q -c constrained "$S/fio/constrained/randread-bs4k-r"*.json ||
		echo "Bail out! setup"
}
setup "$db" v1.

# ---- no order, no history: the report as it was ----
db0=$T/none.db
"$KVPERF" --db "$db0" import -q -c baseline "$S/fio/baseline/randread-bs4k-r"*.json
"$KVPERF" --db "$db0" import -q -c constrained "$S/fio/constrained/randread-bs4k-r"*.json
"$KVPERF" --db "$db0" report -b baseline -q -o none.pdf
"$KVPERF" --db "$db0" report -b baseline -q --no-history -o none-off.pdf
cmp -s none.pdf none-off.pdf && ok "too few runs for a history: the report is the same bytes" ||
	not_ok "too few runs for a history: the report is the same bytes"
case "$(pdftotext none.pdf -)" in
*History*) not_ok "no History section without a history" ;;
*) ok "no History section without a history" ;;
esac

# ---- by version ----
run "$KVPERF" --db "$db" report -b baseline -V constrained --by version -o v.pdf
expect "report --by version exits 0" 0 ""
run "$KVPERF" --db "$db" report -b baseline -V constrained --no-history -o off.pdf
expect "report --no-history exits 0" 0 ""
"$KVPERF" --db "$db" trend --by version --format json >trend.json 2>trend.err ||
	not_ok "kvperf trend --by version --format json" "$(cat trend.err)"
# the series with a change point, and those without, as trend finds them
nch=$($PY -c 'import json; print(sum(1 for s in json.load(open("trend.json"))["series"] if s.get("change_points")))')
nstable=$($PY -c 'import json; print(json.load(open("trend.json"))["counts"]["stable"])')
ncp=$($PY -c 'import json; print(json.load(open("trend.json"))["counts"]["change_points"])')
pdftotext -layout v.pdf v.txt
pdftotext -layout off.pdf off.txt
has "the PDF has a History section" "$(cat v.txt)" "History: where each series changed along its runs"
has "it says how the runs were ordered" "$(tr -s ' \n' '  ' <v.txt)" \
	"the runs are in order of label version (natural version order)."
case "$(cat off.txt)" in
*"History:"*) not_ok "--no-history leaves it out" ;;
*) ok "--no-history leaves it out" ;;
esac

# Each changed series' chart: its change point's position and step as
# trend computed them ("v1.6: ×3.03 +202.9% [+189.2, +216.7] worse").
# steps JSON TXT: how many change points trend found, and those whose
# position and step ("v1.6: ×3.03 +202.5% [+175.1, +235.4] regression") the
# PDF's text lacks.
steps() {
	$PY - "$1" "$2" <<'PY'
import json, sys
text = " ".join(open(sys.argv[2], encoding="utf-8").read().split())
def cost(c):  # as kv_fmt_cost writes C
    return ("×%.0f" % c if c >= 99.95 else "×%.1f" % c if c >= 9.995 else
            "×%.2f" % c if c >= 0.0995 else "×%.3g" % c)
def pct(v):
    return "+inf" if v is None else "%+.1f" % v
missing, n, verdicts = [], 0, set()
for s in json.load(open(sys.argv[1]))["series"]:
    for cp in s.get("change_points", []):
        n += 1
        verdicts.add(cp["verdict"])
        lo, hi = cp["overhead_interval"]
        want = "%s: %s %+.1f%% [%s, %s] %s" % (cp["label"], cost(cp["cost"]), cp["overhead_pct"],
                                              pct(lo), pct(hi), cp["verdict"])
        if want not in text:
            missing.append(want)
print("%d change points (%s), missing: %s" % (n, " ".join(sorted(verdicts)), missing))
PY
}
same "every change point's position and step are in the PDF" "$(steps trend.json v.txt)" \
	"$ncp change points (regression), missing: []"
has "the label of the change is v1.6" "$(cat v.txt)" "v1.6: ×3.03 +202.5%"
has "stable series are listed" "$(tr -s ' ' <v.txt)" "Stable series: no change point ($nstable)"

pages=$(pdfinfo v.pdf | sed -n 's/^Pages: *//p')
pages_off=$(pdfinfo off.pdf | sed -n 's/^Pages: *//p')
# a chart per changed series, at least two a page, and the list of stable series
if [ "$pages" -gt "$pages_off" ] && [ "$pages" -le $((pages_off + (nch + 1) / 2 + 1)) ]; then
	ok "the History takes a page or a few ($pages against $pages_off, $nch charts)"
else
	not_ok "the History takes a page or a few" "pages: $pages, without: $pages_off, charts: $nch"
fi
same "the History has a bookmark, and one per chart under it" "$(python3 - v.pdf <<'PY'
import re, sys
d = open(sys.argv[1], "rb").read()
items = {int(n): (t.decode("latin-1"), int(p)) for n, t, p in
         re.findall(rb"(\d+) 0 obj\s*<< /Title \((.*?)\)\s*/Parent (\d+) 0 R", d)}
top = [n for n, (t, p) in items.items() if t == "History"]
print(len(top), sum(1 for t, p in items.values() if top and p == top[0]))
PY
)" "1 $nch"

# Every word's box within its page.
bbox_ok() {
	pdftotext -bbox "$1" bbox.html 2>/dev/null || : >bbox.html
	python3 - bbox.html <<'PY'
import re, sys
pages = open(sys.argv[1], encoding="utf-8").read().split("<page ")[1:]
bad = []
for no, p in enumerate(pages, 1):
    w, h = map(float, re.search(r'width="([\d.]+)" height="([\d.]+)"', p).groups())
    for x0, y0, x1, y1, word in re.findall(r'xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                                           r'yMax="([-\d.]+)">([^<]*)<', p):
        if float(x0) < 0 or float(y0) < 0 or float(x1) > w + 0.5 or float(y1) > h + 0.5:
            bad.append("page %d: %r at x %s..%s, y %s..%s" % (no, word[:40], x0, x1, y0, y1))
print("\n".join(bad[:5]) if bad else "none" if pages else "no page")
PY
}
same "no word runs off its page" "$(bbox_ok v.pdf)" "none"

# ---- by start time (the default): sysbench has none ----
run "$KVPERF" --db "$db" report -b baseline -V constrained -o t.pdf
expect "report (by start time) exits 0" 0 ""
pdftotext -layout t.pdf t.txt
has "by start time: said so" "$(tr -s ' \n' '  ' <t.txt)" "the runs are in order of start time"
has "a change point is labelled with its time" "$(cat t.txt)" "2026-11-25 01:19:07: ×3.03"
"$KVPERF" --db "$db" trend --format json >trend-t.json 2>/dev/null
has "series without a start time are not analysed, and said so" "$(tr -s ' \n' '  ' <t.txt)" \
	"Not analysed: $($PY -c 'import json; print(json.load(open("trend-t.json"))["counts"]["not_analysed"])') series with too few runs in order."

# ---- the workbook ----
run "$KVPERF" --db "$db" report -b baseline -V constrained --by version -o v.xlsx
expect "report -o v.xlsx exits 0" 0 ""
same "the History sheet holds trend's change points" "$($PY - v.xlsx trend.json <<'PY'
import json, math, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["History"]
head = [c.value for c in ws[1]]
rows = []
for r in ws.iter_rows(min_row=2, values_only=True):
    if r[0] is None:
        break
    rows.append(dict(zip(head, r)))
def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)
bad, ncp = [], 0
for s in json.load(open(sys.argv[2]))["series"]:
  key = "%s %s%s%s %s" % (s["tool"], s["benchmark"], " " if s["params"] else "", s["params"], s["metric"])
  for cp in s.get("change_points", []):
    ncp += 1
    match = [r for r in rows if r["series"] == key and r["configuration"] == s["config"] and r["position"] == cp["label"]]
    if len(match) != 1:
        bad.append("no row for %s %s" % (key, cp["label"]))
        continue
    r = match[0]
    for col, want in (("unit", s["unit"]), ("run id", cp["run_id"]),
                      ("mean before", cp["before"]["mean"]), ("mean after", cp["after"]["mean"]),
                      ("runs before", cp["before"]["n"]), ("runs after", cp["after"]["n"]),
                      ("cost C", cp["cost"]), ("C lo", cp["cost_interval"][0]),
                      ("C hi", cp["cost_interval"][1]),
                      ("overhead", cp["overhead_pct"] / 100),
                      ("p", cp["p"]), ("p adjusted", cp["p_adjusted"]), ("verdict", cp["verdict"])):
        if isinstance(want, str) or isinstance(r[col], str):
            good = r[col] == want
        else:
            good = close(r[col], want)
        if not good:
            bad.append("%s %s: %r, trend %r" % (key, col, r[col], want))
print(len(rows), ncp, bad)
PY
)" "$ncp $ncp []"
same "a native chart per changed series, none over another" "$($PY - v.xlsx <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
# the History sheet's drawing: its charts' anchors
book = z.read("xl/workbook.xml").decode()
sheets = re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', book)
rels = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', z.read("xl/_rels/workbook.xml.rels").decode()))
sheet = "xl/" + rels[dict(sheets)["History"]]
srels = z.read(sheet.replace("worksheets/", "worksheets/_rels/") + ".rels").decode()
drawing = "xl/drawings/" + re.search(r'Target="../drawings/([^"]+)"', srels).group(1)
d = z.read(drawing).decode()
spans = [(int(a), int(b)) for a, b in re.findall(
    r"<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>.*?"
    r"<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>", d, re.S)]
overlap = any(spans[i][1] > spans[i + 1][0] for i in range(len(spans) - 1))
# each a line chart of two series: run means with markers, segment means
kinds = []
dr = z.read(drawing.replace("drawings/", "drawings/_rels/") + ".rels").decode()
for target in re.findall(r'Target="../charts/([^"]+)"', dr):
    x = z.read("xl/charts/" + target).decode()
    kinds.append(("<c:lineChart>" in x, x.count("<c:ser>"), "run mean" in x and "segment mean" in x))
print(len(spans), overlap, set(kinds))
PY
)" "$nch False {(True, 2, True)}"

# ---- chart files ----
mkdir svg png
run "$KVPERF" --db "$db" report -b baseline -V constrained --by version --chart-format svg -o svg
expect "report -o DIR (svg) exits 0" 0 ""
same "an SVG per changed series, each parses, names bounded and unique" "$($PY - svg <<'PY'
import os, sys, xml.etree.ElementTree as ET
files = sorted(f for f in os.listdir(sys.argv[1]) if f.startswith("history-"))
for f in files:
    ET.parse(os.path.join(sys.argv[1], f))
print(len(files), len(set(files)), max(len(f) for f in files) <= 90)
PY
)" "$nch $nch True"
run "$KVPERF" --db "$db" report -b baseline -V constrained -o png
expect "report -o DIR (png, by start time) exits 0" 0 ""
same "a PNG per changed series" "$(ls png | grep -c '^history-.*\.png$')" "2"
run "$KVPERF" --db "$db" report -b baseline -V constrained --no-history -o png
same "--no-history: no history files (none new)" "$(ls png | grep -c '^history-')" "2"

# ---- --order-file: the file's order, here newest first: the step an improvement ----
for i in 10 9 8 7 6 5 4 3 2 1; do echo "v1.$i"; done >order.txt
run "$KVPERF" --db "$db" report -b baseline -V constrained --by version --order-file order.txt -o o.pdf
expect "report --order-file exits 0" 0 ""
"$KVPERF" --db "$db" trend --by version --order-file order.txt --format json >trend-o.json 2>/dev/null
pdftotext -layout o.pdf o.txt
has "it says the file gives the order" "$(tr -s ' \n' '  ' <o.txt)" \
	"the runs are in order of label version, as listed in order.txt."
same "reversed, the steps are improvements, each in the PDF" "$(steps trend-o.json o.txt)" \
	"$ncp change points (improvement), missing: []"
has "at v1.5" "$(cat o.txt)" "v1.5: ×0.33"

# ---- usage ----
run "$KVPERF" --db "$db" report -b baseline -o x.pdf --order-file order.txt
expect "--order-file without --by: usage error" 2
run "$KVPERF" --db "$db" report -b baseline -o x.pdf --by
expect "--by without a value: usage error" 2
run "$KVPERF" --db "$db" report -b baseline -o x.pdf --no-histroy
[ "$rc" = 2 ] && ok "a misspelt --no-history: usage error" || not_ok "a misspelt --no-history: usage error" "exit $rc"
has "with the option meant" "$err" "kvperf: unknown option '--no-histroy'; did you mean '--no-history'?"
run "$KVPERF" --db "$db" report -b baseline -V constrained -o x.pdf --by version --order-file missing.txt
expect "--order-file that cannot be opened: exit 66" 66 \
	"kvperf: missing.txt: cannot open: No such file or directory"
run "$KVPERF" --db "$db" report -b baseline -V constrained -o x.pdf --by nosuchlabel
expect "--by a label no run has: a note, no History" 0 \
	"kvperf: note: no series has enough runs with the label 'nosuchlabel' for a history (see 'kvperf trend --by nosuchlabel')"

# ---- long and hostile labels: bounded, escaped ----
dbl=$T/long.db
long=$(printf 'x%.0s' $(seq 1 300))
setup "$dbl" "v1.$(printf '\033')[31m-$long-"
run "$KVPERF" --db "$dbl" report -b baseline -V constrained --by version -o long.pdf
expect "a history with 300-character labels: exits 0" 0 ""
same "long labels: no word runs off its page" "$(bbox_ok long.pdf)" "none"
pdftotext long.pdf long.txt
has "long labels are cut with an ellipsis" "$(cat long.txt)" "xxx…"
case "$(cat long.txt)" in
*"$(printf '\033')"*) not_ok "no control character reaches the PDF's text" ;;
*) ok "no control character reaches the PDF's text" ;;
esac
run "$KVPERF" --db "$dbl" report -b baseline -V constrained --by version -o long.xlsx
expect "its workbook: exits 0" 0 ""
same "its chart titles hold no control character" \
	"$(unzip -p long.xlsx 'xl/charts/*.xml' | tr -d '\n' | grep -c "$(printf '\033')")" "0"
mkdir lsvg
run "$KVPERF" --db "$dbl" report -b baseline -V constrained --by version --chart-format svg -o lsvg
expect "its chart files: exits 0" 0 ""
same "its SVG files parse and hold no control character" "$($PY - lsvg <<'PY'
import os, sys, xml.etree.ElementTree as ET
files = [os.path.join(sys.argv[1], f) for f in os.listdir(sys.argv[1]) if f.startswith("history-")]
for f in files:
    ET.parse(f)
print(len(files) > 0, any(b"\x1b" in open(f, "rb").read() for f in files))
PY
)" "True False"

done_testing
