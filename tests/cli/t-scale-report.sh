# t-scale-report.sh - reports that summarise at scale (issue 15), on a study
# of 600 comparisons: the PDF's charts draw the metrics that matter
# (--details), the appendix has every comparison; the workbook over a row
# limit forced low (KVPERF_XLSX_MAX_ROWS, for tests only) holds run means,
# continued on "Samples (2)", with formulas that span the sheets; the forest
# plot's images are split, none taller than cairo draws.  Read back with
# pdftotext, Python's openpyxl and zipfile, and LibreOffice.
. "$SRCDIR/tests/cli/lib.sh"
need "poppler-utils" command -v pdftotext
need "python3-openpyxl" /usr/bin/python3 -c "import openpyxl"
PY=/usr/bin/python3
export SOURCE_DATE_EPOCH=1795569000

# 2 configurations x 5 runs x 60 benchmarks (20 x threads 1, 2, 4) x 10
# metrics x 3 samples: 600 comparisons, 18,000 samples, 6,000 run means;
# overheads from -9% to +21% by metric, one in eleven none.
python3 - <<'PY' >study.json
import json, random
random.seed(15)
def run(c, r):
    bench = []
    for b in range(20):
        for t in (1, 2, 4):
            ms = []
            for m in range(10):
                k = (b * 7 + m * 3 + t) % 11
                slow = 1 + (0.03 * (k - 3) if c == "var" else 0)
                ms.append({"name": "metric%d" % m, "unit": "ms", "direction": "lower",
                           "samples": [round((10 + m) * slow * (0.97 + 0.06 * random.random()), 6)
                                       for _ in range(3)]})
            bench.append({"name": "bench%02d" % b, "params": {"threads": t}, "metrics": ms})
    return {"config": c, "start_time": "2026-01-0%dT00:00:00Z" % (r + 1), "benchmarks": bench}
print(json.dumps({"kvperf": 1, "tool": "synthetic",
                  "runs": [run(c, r) for c in ("base", "var") for r in range(5)]}))
PY
"$KVPERF" --db s.db import -q study.json || echo "Bail out! setup"
"$KVPERF" --db s.db compare -b base --format json >cmp.json

# pages PDF PREFIX: each page's text in PREFIX-N.txt (pdftotext -layout).
pages() {
	n_pages=$(pdfinfo "$1" | sed -n 's/^Pages: *//p')
	for i in $(seq 1 "$n_pages"); do pdftotext -layout -f "$i" -l "$i" "$1" "$2-$i.txt"; done
}
# drawn PREFIX: the metrics that have a detail panel, "benchNN threads=T
# metricK" a line each, sorted, read from the panels' headings and titles.
drawn() {
	python3 - "$1" <<'PY'
import glob, re, sys
seen = set()
for f in glob.glob(sys.argv[1] + "-*.txt"):
    t = open(f).read()
    if "lower is better" not in t or "Overhead of" in t:
        continue
    # a panel: "synthetic benchNN threads=T" over "metricK (s), lower is better",
    # side by side in columns: pair them by their column
    lines = t.split("\n")
    for i, l in enumerate(lines):
        for m in re.finditer(r"(metric\d) \(s\), lower is better", l):
            col = m.start()
            # the nearest heading above: a benchmark's across the page, or
            # in a row of packed panels, the one over this column
            for j in range(i - 1, -1, -1):
                h = list(re.finditer(r"synthetic (bench\d\d threads=\d)", lines[j]))
                if h:
                    h.sort(key=lambda x: abs(x.start() - col))
                    seen.add("%s %s" % (h[0].group(1), m.group(1)))
                    break
print("\n".join(sorted(seen)))
PY
}
# ranked N: the first N metrics in the documented order: a significant
# comparison first, the largest |log C| first, then the others.
ranked() {
	python3 - cmp.json "$1" <<'PY'
import json, math, sys
c = json.load(open(sys.argv[1]))["comparisons"]
def key(x):
    sig = x["verdict"] in ("worse", "better")
    return (0 if sig else 1, -abs(math.log(x["cost"])))
top = sorted(c, key=key)[:int(sys.argv[2])]
print("\n".join(sorted("%s %s %s" % (x["benchmark"], x["params"], x["metric"]) for x in top)))
PY
}

# ---- the PDF: 60 metrics drawn by default ----
run "$KVPERF" --db s.db report -b base -o r.pdf
expect "600 comparisons: a report" 0 ""
pages r.pdf rp
drawn rp >drawn.txt
same "the details draw 60 metrics by default" "$(wc -l <drawn.txt)" "60"
same "the 60 that matter: significant, the largest |log C| first" "$(cat drawn.txt)" "$(ranked 60)"
summary=$(cat rp-2.txt | tr -s ' \n' '  ')
has "the summary says what the charts draw" "$summary" \
	"draw 60 of the 600 metrics: the 60 of the 545 with a significant change that have the largest overheads"
has "and that the rest are in the appendix" "$summary" "The other 540 are in the appendix, which lists every comparison"
same "the forest plot has the same 60 rows" \
	"$(cat $(grep -l '^ *Overhead of var against base' rp-*.txt) | grep -o 'metric[0-9] · bench[0-9][0-9] threads=[0-9]' | sort -u | wc -l)" "60"
has "each forest page says it holds 60 of 600" "$(cat rp-3.txt)" "60 of the 600 metrics: those that matter most"
python3 - cmp.json rp <<'PY' >appendix.txt
import glob, json, re, sys
files = sorted(glob.glob(sys.argv[2] + "-*.txt"), key=lambda f: int(re.search(r"-(\d+)\.txt$", f).group(1)))
text = [open(f).read() for f in files]
first = next(i for i, t in enumerate(text) if "Appendix: every comparison" in t)
rows, refs, bench = set(), {}, None
for t in text[first:]:
    for l in t.split("\n"):
        m = re.match(r"^\s*(bench\d\d threads=\d)\s*$", l)
        if m:
            bench = m.group(1)
            continue
        m = re.match(r"^\s*(metric\d)(?: ▸ p\. (\d+))?\s+\S", l)
        if m and bench:
            rows.add("%s %s" % (bench, m.group(1)))
            if m.group(2):
                refs["%s %s" % (bench, m.group(1))] = int(m.group(2))
c = json.load(open(sys.argv[1]))["comparisons"]
want = {"%s %s %s" % (x["benchmark"], x["params"], x["metric"]) for x in c}
print(len(rows), rows == want)
# each reference names the page of that metric's panel
ok = all(re.search(r"%s \(s\), lower is better" % k.split()[2], text[p - 1]) and
         k.split()[0] in text[p - 1] for k, p in refs.items())
print(len(refs), ok)
PY
same "the appendix lists every comparison" "$(sed -n 1p appendix.txt)" "600 True"
same "and gives the page of each drawn metric's panel" "$(sed -n 2p appendix.txt)" "60 True"
python3 - r.pdf <<'PY' >links.txt
import re, subprocess, sys
d = open(sys.argv[1], "rb").read()
links = set(re.findall(rb"/Subtype /Link.*?/Dest \((m\d+)\)", d, re.S))
dests = set(re.findall(r'"(m\d+)"', subprocess.run(["pdfinfo", "-dests", sys.argv[1]],
                       capture_output=True, text=True).stdout))
print(len(links), len(dests), all(l.decode() in dests for l in links))
PY
same "forest rows and appendix references link to the 60 panels" "$(cat links.txt)" "60 60 True"
sweeps=$(grep -l "threads (log2 scale)" rp-*.txt | wc -l)
same "sweeps: at most 60/4, 4 a page" "$sweeps" "4"

# ---- --details N and all ----
run "$KVPERF" --db s.db report -b base -o ten.pdf --details 10
expect "--details 10" 0 ""
pages ten.pdf tp
drawn tp >ten.txt
same "--details 10 draws 10 metrics" "$(wc -l <ten.txt)" "10"
same "the first 10 in the same order" "$(cat ten.txt)" "$(ranked 10)"
same "and 3 sweeps on one page" "$(cat tp-*.txt | grep -o 'threads (log2 scale)' | wc -l)" "3"
same "fewer pages" "$(echo "$out" | sed 's/.*: \([0-9]*\) pages/\1/')" "$(pdfinfo ten.pdf | sed -n 's/^Pages: *//p')"
run "$KVPERF" --db s.db report -b base -o none.pdf --details 0
expect "--details 0" 0 ""
has "draws no metric, and says so" "$(pdftotext none.pdf - | tr -s ' \n' '  ')" "The charts draw none of the 600 metrics (--details 0)"
has "one variant: the sentence names no heat map, which only several variants get" \
	"$(pdftotext ten.pdf - | tr -s ' \n' '  ')" "The charts (forest plot, detail panels, sweeps) draw 10 of the 600"
# all: every metric of a part of the study (--match), drawn
run "$KVPERF" --db s.db report -b base -o all.pdf --details all --match 'bench0[0-3] '
expect "--details all" 0 ""
pages all.pdf ap
drawn ap >all.txt
same "--details all draws every metric" "$(wc -l <all.txt)" "120"
case "$(cat ap-*.txt)" in
*"What the charts draw"* | *"those that matter most"*) not_ok "and then says nothing of a choice" ;;
*) ok "and then says nothing of a choice" ;;
esac

# ---- the workbook over a row limit ----
# 18,000 samples over a limit of 8,000 rows: Samples holds the 6,000 run
# means; over 4,000 rows, they continue on Samples (2), each metric's rows
# on one sheet.
KVPERF_XLSX_MAX_ROWS=8000 run "$KVPERF" --db s.db report -b base -o means.xlsx
expect "over the limit: run means" 0 \
	"kvperf: note: 18000 samples are more than a sheet's rows: Samples holds the 6000 run means"
same "says what it wrote" "$out" "wrote means.xlsx: 6 sheets, 2 chart images"
KVPERF_XLSX_MAX_ROWS=4000 run "$KVPERF" --db s.db report -b base -o split.xlsx
expect "over the limit twice: run means on two sheets" 0 \
	"kvperf: note: 18000 samples are more than a sheet's rows: Samples holds the 6000 run means, over several sheets"
same "says what it wrote" "$out" "wrote split.xlsx: 7 sheets, 2 chart images"
run "$KVPERF" --db s.db report -b base -o whole.xlsx
expect "under the limit: every sample" 0 ""
cat >check.py <<'PY'
import sys, openpyxl
path = sys.argv[1]
wb = openpyxl.load_workbook(path, read_only=True)
sheets = [n for n in wb.sheetnames if n.startswith("Samples")]
print(wb.sheetnames)
n, per_sheet, values, most = 0, {}, {}, 0
for name in sheets:
    k = 0
    for r in wb[name].iter_rows(min_row=2, values_only=True):
        n, k = n + 1, k + 1
        per_sheet.setdefault(r[9], set()).add(name)
        values.setdefault(r[9], []).append(r[7])  # the value, or the run mean
    most = max(most, k + 1)
print(n, most <= int(sys.argv[2]))
# each metric's rows on one sheet
print(all(len(s) == 1 for s in per_sheet.values()))
if len(sys.argv) > 3:  # every sample: Summary's formulas are t-xlsx's
    sys.exit(0)
# the Summary's means are formulas over the sheets that hold them, with
# the value kvperf cached, and agree with the rows
rows = list(wb["Summary"].iter_rows(values_only=True))
cached = list(openpyxl.load_workbook(path, read_only=True, data_only=True)["Summary"].iter_rows(values_only=True))
col = rows[0].index("baseline mean (in unit)")
bad = 0
for r, c in zip(rows[1:], cached[1:]):
    f, v = r[col], c[col]
    if not (isinstance(f, str) and f.startswith("=") and "Samples" in f):
        bad += 1
        continue
    mine = values[int(f.rstrip(")").split(",")[-1])]
    bad += abs(sum(mine) / len(mine) - v) > 1e-12 * abs(v)
print("bad", bad)
PY
same "run means: one sheet of 6,000 rows" "$($PY check.py means.xlsx 8000 | tr '\n' ' ')" \
	"['Summary', 'Overview', 'Charts', 'Samples', 'Runs', 'About'] 6000 True True bad 0 "
same "split: two sheets under 4,000 rows, a metric's rows on one" "$($PY check.py split.xlsx 4000 | tr '\n' ' ')" \
	"['Summary', 'Overview', 'Charts', 'Samples', 'Samples (2)', 'Runs', 'About'] 6000 True True bad 0 "
same "no limit: every sample" "$($PY check.py whole.xlsx 1048576 samples | tr '\n' ' ')" \
	"['Summary', 'Overview', 'Charts', 'Samples', 'Runs', 'About'] 18000 True True "
same "a run mean's row says how many samples it is of" "$($PY -c "
import openpyxl
rows = list(openpyxl.load_workbook('split.xlsx', read_only=True)['Samples (2)'].iter_rows(values_only=True))
print(list(rows[0]), {r[10] for r in rows[1:]})")" \
	"['config', 'run', 'tool', 'benchmark', 'params', 'metric', 'unit', 'run mean', 'start_time', 'series', 'samples'] {3}"
has "About says what Samples holds" "$($PY -c "
import openpyxl
ws = openpyxl.load_workbook('split.xlsx', read_only=True)['About']
print([r[1] for r in ws.iter_rows(values_only=True) if r[0] == 'Samples'][0])")" \
	"the run means: the 18,000 samples are more than the 3999 rows a sheet holds"
# the forest plot of 600 rows: two images, none over cairo's 32767 pixels
same "the forest plot in two images, each under 32767 pixels" "$($PY -c "
import struct, zipfile
z = zipfile.ZipFile('split.xlsx')
h = [struct.unpack('>II', z.read(n)[16:24]) for n in z.namelist() if n.startswith('xl/media/image')]
print(len(h), all(0 < w <= 32767 and 0 < y <= 32767 for w, y in h))")" "2 True"

if have LibreOffice command -v soffice; then
# LibreOffice recalculates the formulas that span the two sheets (from a
# copy without cached values) and gets the values kvperf cached; none stale.
$PY -c "import openpyxl; openpyxl.load_workbook('split.xlsx').save('nocache.xlsx')"
HOME=$T timeout 300 soffice -env:UserInstallation=file://$T/lo-profile --headless \
	--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
	nocache.xlsx >lo.log 2>&1
same "LibreOffice: recalculated means over two sheets equal kvperf's, none stale" "$($PY - split.xlsx nocache-Summary.csv <<'PY'
import csv, sys, openpyxl
rows = list(openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)["Summary"].iter_rows(values_only=True))
head = rows[0]
lo = list(csv.reader(open(sys.argv[2], encoding="utf-8")))[1:]
n = bad = 0
for r, l in zip(rows[1:], lo):
    for name in ("baseline mean (in unit)", "variant mean (in unit)"):
        c = head.index(name)
        n += 1
        bad += abs(float(l[c]) - r[c]) > 1e-9 * abs(r[c])
    bad += l[head.index("stale?")] != ""
print(n, bad)
PY
)" "1200 0"
else
	skip "LibreOffice: recalculated means over two sheets equal kvperf's" "LibreOffice (soffice) is not installed"
fi

# ---- the compact appendix: a study whose appendix would be over 60 pages ----
# 2 configurations x 3 runs of two tools: 500 benchmarks x 10 metrics and
# 100 x 10 (one metric named with 300 characters): 6,000 comparisons, whose
# one-line-a-row table would take about 77 pages.  The appendix is then two
# columns a page, a line per comparison: each exactly once, with its ×C.
python3 - <<'PY'
import json, random
random.seed(16)
long = "m_" + "x" * 298
def run(tool, nb, c, r):
    bench = []
    for b in range(nb):
        ms = []
        for m in range(10):
            k = (b * 7 + m * 3) % 11
            slow = 1 + (0.03 * (k - 3) if c == "var" else 0)
            name = long if (tool == "other" and b == 7 and m == 9) else "metric%d" % m
            ms.append({"name": name, "unit": "ms", "direction": "lower",
                       "samples": [round((10 + m) * slow * (0.97 + 0.06 * random.random()), 6)]})
        bench.append({"name": "%s%03d" % ("bench" if tool == "synthetic" else "other", b),
                      "metrics": ms})
    return {"config": c, "start_time": "2026-01-0%dT00:00:00Z" % (r + 1), "benchmarks": bench}
for tool, nb in (("synthetic", 500), ("other", 100)):
    json.dump({"kvperf": 1, "tool": tool,
               "runs": [run(tool, nb, c, r) for c in ("base", "var") for r in range(3)]},
              open("big-%s.json" % tool, "w"))
PY
"$KVPERF" --db big.db import -q big-synthetic.json big-other.json || echo "Bail out! setup"
"$KVPERF" --db big.db compare -b base --format json >big.json
run "$KVPERF" --db big.db report -b base -o big.pdf
expect "6,000 comparisons: a report" 0 ""
n_big=$(pdfinfo big.pdf | sed -n 's/^Pages: *//p')
same "says its pages" "$out" "wrote big.pdf: $n_big pages"
# each column of each page, as pdftotext reads it cropped (A4: the left
# column from 48 to 288 points, the right one from 304 to 547)
pdftotext -layout -x 0 -y 0 -W 296 -H 842 big.pdf left.txt
pdftotext -layout -x 296 -y 0 -W 300 -H 842 big.pdf right.txt
pdftotext big.pdf - | tr -s ' \n' '  ' >big.txt
has "the compact appendix says what it leaves out and where it is" "$(cat big.txt)" \
	"Left out, to keep the report short: each side's mean and its interval, the overhead's interval, the runs (n) and the flags; kvperf compare --format csv prints them for every comparison, and the workbook (kvperf report -o FILE.xlsx) has them on its Summary sheet"
same "every comparison once, with its ×C, under its benchmark" "$(python3 - big.json left.txt right.txt <<'PY'
import json, re, sys
c = json.load(open(sys.argv[1]))["comparisons"]
long = "m_" + "x" * 298
pages = [p for p in zip(open(sys.argv[2]).read().split("\f"), open(sys.argv[3]).read().split("\f"))]
first = next(i for i, (l, r) in enumerate(pages) if "Appendix: every comparison" in l + r)
seen, bench, bad, conts, refs = {}, None, [], 0, 0
for l, r in pages[first:]:
    for col in (l, r):
        for line in col.split("\n"):
            m = re.match(r"^\s*(?:(?:synthetic|other) · )?((?:bench|other)\d\d\d)( \(cont\.\))?\s*$", line)
            if m:
                bench, conts = m.group(1), conts + (m.group(2) is not None)
                continue
            m = re.match(r"^\s*(metric\d|m_x+…)( ▸(?: p\. \d+)?)?\s+×([\d.]+)\s+\[[\d.]+, [\d.]+\]\s+[-+][\d.]+%\s+\S+\s+(worse|better|~)\s*$", line)
            if m:
                name = long if m.group(1).startswith("m_") else m.group(1)
                if m.group(1).startswith("m_") and not long.startswith(m.group(1)[:-1]):
                    bad.append(line)
                refs += m.group(2) is not None
                seen.setdefault((bench, name), []).append(m.group(3))
            elif re.search(r"×\d", line):
                bad.append(line)
ok = 0
for x in c:
    got = seen.pop((x["benchmark"], x["metric"]), [])
    dec = len(got[0].split(".")[1]) if got and "." in got[0] else 0
    ok += len(got) == 1 and abs(float(got[0]) - x["cost"]) <= 0.5 * 10 ** -dec + 1e-9
print(len(c), ok, len(seen), bad[:3], conts > 0, refs)
PY
)" "6000 6000 0 [] True 60"
# every word inside its page, and on the compact pages after the first, in
# one column (none runs into the other)
pdftotext -bbox big.pdf bigbox.html
same "no word runs off its page or out of its column" "$(python3 - bigbox.html <<'PY'
import re, sys
pages = open(sys.argv[1], encoding="utf-8").read().split("<page ")[1:]
bad, compact = [], False
for no, p in enumerate(pages, 1):
    w, h = map(float, re.search(r'width="([\d.]+)" height="([\d.]+)"', p).groups())
    words = re.findall(r'xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)<', p)
    for x0, y0, x1, y1, word in words:
        x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
        if x0 < 0 or y0 < 0 or x1 > w + 0.5 or y1 > h + 0.5:
            bad.append("page %d: %r off the page" % (no, word[:40]))
        if compact and y1 < h - 40 and x0 < w / 2 < x1:
            bad.append("page %d: %r across the columns at %g..%g" % (no, word[:40], x0, x1))
    compact = compact or any(wd == "(cont.)" for *_, wd in words)
print("\n".join(bad[:5]) if bad else "none")
PY
)" "none"
appendix=$(python3 - left.txt right.txt <<'PY'
import sys
pages = [l + r for l, r in zip(open(sys.argv[1]).read().split("\f"), open(sys.argv[2]).read().split("\f"))]
pages = [p for p in pages if p.strip()]
first = next(i for i, p in enumerate(pages) if "Appendix: every comparison" in p)
print(first, len(pages) - first)
PY
)
# 6,600 lines, about 200 a page (6-point type: the intervals are wide):
# 34 pages, where the one-line-a-row table would take 77
same "the appendix: 34 pages after the report's 10" "$appendix" "10 34"

done_testing
