# t-report.sh - kvperf report read back with independent tools: poppler's
# pdfinfo, pdffonts and pdftotext, Python's XML parser and PNG header.
. "$SRCDIR/tests/cli/lib.sh"
need "poppler-utils" command -v pdftotext
db=$T/r.db
"$KVPERF" --db "$db" import -q "$SRCDIR/tests/data/native-sysbench" || echo "Bail out! setup"
export SOURCE_DATE_EPOCH=1795569000

run "$KVPERF" --db "$db" report -b baseline -o report.pdf --title "Pinned vs free"
expect "report -o report.pdf exits 0" 0 ""
pdfinfo report.pdf >info.txt 2>&1 && ok "pdfinfo accepts the file" || not_ok "pdfinfo accepts the file" "$(cat info.txt)"
pages=$(sed -n 's/^Pages: *//p' info.txt)
same "the command says how many pages" "$out" "wrote report.pdf: $pages pages"
"$KVPERF" --db "$db" compare -b baseline --format json >cmp.json
# The expected page count, from the comparisons and the layout rules in the README.
same "page count follows the layout rules" "$pages" "$(python3 - cmp.json <<'PY'
import json, math, re, subprocess, sys
# the pages that flow (the answer, the summary, the appendix), read back
def flowing(pdf):
    p = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout.split("\f")
    p = [x.strip() for x in p if x.strip()]
    first = next(i for i, x in enumerate(p) if "Appendix: every comparison" in x)
    cont = sum(1 for x in p[:first] if x.startswith(("Pinned vs free (continued)", "Summary (continued)")))
    return 2 + cont + len(p) - first
d = json.load(open(sys.argv[1]))
c = d["comparisons"]
variants = sorted({x["variant"] for x in c})
rows = {(x["tool"], x["benchmark"], x["params"], x["metric"]) for x in c}
# the chart pages, read back: a forest plot titled "(k of N)" on its N pages
# (one plot; no heat map for one variant), the detail panels (", lower is
# better") filling their pages; every other page flows or is a sweep's
def charts(pdf):
    p = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout.split("\f")
    p = [x.strip() for x in p if x.strip()]
    p = p[:next(i for i, x in enumerate(p) if "Appendix: every comparison" in x)]
    forest = [x for x in p if x.startswith("Overhead of")]
    n = re.search(r"\(1 of (\d+)\)", forest[0])
    assert len(forest) == (int(n.group(1)) if n else 1) and len(variants) == 1
    assert not any("Overhead % by metric and variant" in x for x in p)
    return len(forest) + sum(1 for x in p if re.search(r", (lower|higher) is better", x) and x not in forest)
# sweeps: same tool, benchmark and metric; params equal but for one numeric key
def split(p):
    return dict(kv.split("=", 1) for kv in p.split(",")) if p else {}
groups = {}
for (t, b, p, m) in rows:
    kv = split(p)
    for k, v in kv.items():
        try: float(v)
        except ValueError: continue
        rest = tuple(sorted((a, z) for a, z in kv.items() if a != k))
        groups.setdefault((t, b, m, k, rest), set()).add(float(v))
sweeps = len({(t, b, m) for (t, b, m, k, rest), vals in groups.items() if len(vals) >= 2})
print(flowing("report.pdf") + charts("report.pdf") + math.ceil(sweeps / 4))
PY
)"
same "Title metadata" "$(sed -n 's/^Title: *//p' info.txt)" "Pinned vs free"
pdffonts report.pdf >fonts.txt
same "every font is embedded" "$(awk 'NR > 2 && $(NF-4) != "yes"' fonts.txt)" ""
has "DejaVu Sans is the font" "$(cat fonts.txt)" "DejaVuSans"
pdftotext -layout report.pdf text.txt
text=$(cat text.txt)
for b in "sysbench cpu threads=1" "sysbench cpu threads=2" "sysbench memory block_size=1024KiB,threads=1"; do
	has "the PDF names $b" "$text" "$b"
done
# Every overhead the compare JSON has appears in the PDF as text prints it.
for v in $(python3 -c "
import json
for c in json.load(open('cmp.json'))['comparisons']:
    if c['overhead_pct'] is not None:
        print('%+.1f%%' % c['overhead_pct'])"); do
	case "$text" in *"$v"*) ok "overhead $v is in the PDF" ;; *) not_ok "overhead $v is in the PDF" ;; esac
done
has "the summary's overhead too" "$text" "$(python3 -c "
import json
print('%+.1f%%' % json.load(open('cmp.json'))['summary'][0]['overhead_pct'])")"
# The one scale: every cost ratio C as compare prints it (×2.06), and the
# summary's row with G, its interval on the same scale and how it was made.
for v in $(python3 -c "
import json
for c in json.load(open('cmp.json'))['comparisons']:
    if c['cost'] is not None:
        print('×%.2f' % c['cost'])"); do
	case "$text" in *"$v"*) ok "C $v is in the PDF" ;; *) not_ok "C $v is in the PDF" ;; esac
done
has "the summary table's row, on the C scale" "$(tr -s ' ' <text.txt)" "$(python3 -c "
import json
s = json.load(open('cmp.json'))['summary'][0]
print('%s all %d %d/%d ×%.2f %+.1f%% [%+.1f, %+.1f] worse delta method over runs, t (df %.1f)' % (s['variant'], s['metrics'], s['runs_baseline'], s['runs_variant'], s['cost'], s['overhead_pct'], s['overhead_ci'][0], s['overhead_ci'][1], s['df']))")"
has "the method states the scale in one sentence" "$(tr -s ' \n' '  ' <text.txt)" "Overhead = (C - 1) × 100 where C, the cost ratio, is variant/baseline for lower-is-better metrics and baseline/variant for higher-is-better ones: C > 1 means the variant is worse."
has "and the level of the intervals" "$(tr -s ' \n' '  ' <text.txt)" "95% confidence; intervals at 95% over 6 comparisons (Benjamini-Hochberg"
case "$text" in *direction-normalised*) not_ok "no second scale" ;; *) ok "no second scale" ;; esac
same "an outline entry per section" "$(python3 -c "
import re
print(' '.join(t.decode() for t in re.findall(rb'/Title \(([^)]*)\)', open('report.pdf', 'rb').read())))")" \
	"Answer Summary Forest plot: constrained Details sysbench cpu threads=1 cpu threads=2 memory block_size=1024KiB,threads=1 Parameter sweeps Appendix sysbench Pinned vs free"

# SOURCE_DATE_EPOCH: identical input, identical bytes.
"$KVPERF" --db "$db" report -b baseline -o again.pdf --title "Pinned vs free" >/dev/null
cmp -s report.pdf again.pdf && ok "same input, same bytes" || not_ok "same input, same bytes"
has "the date comes from SOURCE_DATE_EPOCH" "$(pdfinfo again.pdf)" "Wed Nov 25 01:10:00 2026"

# Charts for slides.
mkdir svg png
run "$KVPERF" --db "$db" report -b baseline -o svg --chart-format svg
expect "SVG charts" 0 ""
has "says what it wrote" "$out" "SVG charts to svg"
same "every SVG parses as XML" "$(python3 -c "
import glob, xml.etree.ElementTree as E
fs = sorted(glob.glob('svg/*.svg'))
print(len(fs) > 2, all(E.parse(f).getroot().tag.endswith('svg') for f in fs))")" "True True"
run "$KVPERF" --db "$db" report -b baseline -o png --chart-size 800x500
same "every PNG has the requested size" "$(python3 -c "
import glob, struct
fs = sorted(glob.glob('png/*.png'))
print(len(fs) > 2, {struct.unpack('>II', open(f, 'rb').read()[16:24]) for f in fs})")" "True {(800, 500)}"

# Hard cases still give a clean report.
"$KVPERF" --db "$T/one.db" import -q "$SRCDIR/tests/data/native-sysbench/sysbench-baseline.json"
run "$KVPERF" --db "$T/one.db" report -b baseline -o one.pdf
expect "one configuration only: a report all the same" 0 ""
same "of one page" "$out" "wrote one.pdf: 1 page"
has "that says why" "$(pdftotext one.pdf -)" "Nothing to compare: only the baseline is in the database."
python3 - <<'PY' >tiny.json
import json
runs = [{"config": c, "benchmarks": [{"name": "b", "metrics": [
    {"name": "m", "unit": "s", "direction": "lower", "samples": [v]}]}]} for c, v in (("a", 1.0), ("b", 2.0))]
print(json.dumps({"kvperf": 1, "tool": "t", "runs": runs}))
PY
"$KVPERF" --db "$T/tiny.db" import -q tiny.json
run "$KVPERF" --db "$T/tiny.db" report -b a -o tiny.pdf
expect "one sample per side: a report all the same" 0
pdfinfo tiny.pdf >/dev/null 2>&1 && ok "and pdfinfo accepts it" || not_ok "and pdfinfo accepts it"
python3 - <<'PY' >many.json
import json, random
random.seed(5)
bench = [{"name": "bench%03d" % i, "metrics": [{"name": "m", "unit": "ops/s", "direction": "higher",
          "samples": [1000 + random.random() * 50 for _ in range(5)]}]} for i in range(500)]
runs = [{"config": c, "benchmarks": bench} for c in ("base", "var")]
print(json.dumps({"kvperf": 1, "tool": "synthetic", "runs": runs}))
PY
"$KVPERF" --db "$T/many.db" import -q many.json
# every one drawn (--details all): the forest plot's pages (t-scale-report
# checks the default, which draws the 60 that matter most)
run "$KVPERF" --db "$T/many.db" report -b base -o many.pdf --details all
expect "500 benchmarks" 0
has "continue over pages" "$out" "wrote many.pdf: "
pdfinfo many.pdf >/dev/null 2>&1 && ok "pdfinfo accepts it" || not_ok "pdfinfo accepts it"

# Usage errors.
run "$KVPERF" --db "$db" report -b baseline
expect "-o is required" 2
run "$KVPERF" --db "$db" report -b baseline -o out.txt
expect "-o must be a .pdf or a directory" 2
has "says so" "$err" "kvperf: -o needs a .pdf or .xlsx file or an existing directory, not 'out.txt'"
run "$KVPERF" --db "$db" report -b baseline -o png --chart-size big
expect "a bad --chart-size" 2
run "$KVPERF" --db "$db" report -b baseline -o r.pdf --details some
expect "a bad --details" 2
has "says what it takes" "$err" "kvperf: --details needs a number of metrics or 'all', not 'some'"

# ---- Page 1 is the answer; the appendix has every comparison (issue 12) ----
# page1 PDF: page 1's text, on one line.  geo DB BASELINE [ARGS]: each
# variant's "all" row as kvperf compare prints it: variant, ×G, overhead
# and interval, one tab-separated line each.
page1() { pdftotext -f 1 -l 1 "$1" - | tr -s ' \n' '  '; }
geo() {
	db=$1 base=$2
	shift 2
	COLUMNS=250 "$KVPERF" --db "$db" compare -b "$base" "$@" | python3 -c '
import re, sys
for line in sys.stdin:
    m = re.match(r"^\s*(\S+)\s+all\s+\d+\s+\d+/\d+\s+(\S+)\s+(\S+%(?: \[[^]]*\])?)\s+\S", line)
    if m:
        print("\t".join(m.groups()))'
}
# The answer for each variant: "<variant> costs ×G [...] against <baseline>,
# an overhead of <overhead [interval]>", the strings compare prints.
answers() {
	pdf=$1 db=$2 base=$3
	shift 3
	p1=$(page1 "$pdf")
	geo "$db" "$base" "$@" >geo.txt
	[ -s geo.txt ] || not_ok "$pdf: compare prints a summary" "$(cat geo.txt)"
	while IFS="$(printf '\t')" read -r v g o; do
		has "$pdf: page 1 says $v costs $g" "$p1" "$v costs $g ["
		has "$pdf: page 1 gives $v's overhead $o" "$p1" "an overhead of $o"
	done <geo.txt
}
answers report.pdf "$db" baseline
p1=$(page1 report.pdf)
has "page 1 counts the verdicts metric by metric" "$p1" "Metric by metric: "
has "page 1 has the category chart" "$p1" "Overhead per category"
has "the largest and smallest overheads" "$p1" "Largest and smallest overheads"
has "the configurations and the system" "$p1" "Configurations and system"
has "and the method in a sentence" "$p1" "Method. Each run's mean is one sample;"
same "page 2 is the summary: page 1 did not continue" \
	"$(pdftotext -f 2 -l 2 report.pdf - | head -1)" \
	"Geometric mean G of the cost ratios C per variant and category, 95% intervals"
# Every comparison is a line of the appendix: its metric, ×C, overhead and verdict.
pdftotext -layout report.pdf - | sed -n '/Appendix: every comparison/,$p' >appendix.txt
same "every comparison is a line of the appendix" "$(python3 - cmp.json appendix.txt <<'PY'
import json, sys
lines = open(sys.argv[2]).read().splitlines()
missing = []
for c in json.load(open(sys.argv[1]))["comparisons"]:
    want = [c["metric"], "%+.1f%%" % c["overhead_pct"], "×%.2f" % c["cost"],
            {"worse": "worse", "better": "better", "same": "~", None: "n/a"}[c["verdict"]]]
    if not any(all(w in l for w in want) for l in lines):
        missing.append(" ".join(want))
print(missing)
PY
)" "[]"
has "with each side's mean and interval" "$(cat appendix.txt)" "5.28k ops/s ±1.5%   2.57k ops/s ±0.6%"

# Three variants and their system: page 1 holds every answer, on A4 and on letter.
python3 - <<'PY' >three.json
import json, random
random.seed(3)
tune = {"base": ("baremetal", "", 1.0), "kv-default": ("kubevirt", "false", 1.35),
        "kv-pinned": ("kubevirt", "true", 1.12), "kv-tuned": ("kubevirt", "true", 1.03)}
metrics = [("fio", "3.33", "randread", {"bs": "4k"}, "read_bw", "bytes/s", "higher", 1.2e9),
           ("fio", "3.33", "randread", {"bs": "4k"}, "lat_mean", "s", "lower", 1.1e-4),
           ("iperf3", "3.12", "tcp", {"streams": 4}, "received_bps", "bits/s", "higher", 2.3e10),
           ("sysbench", "1.0.20", "cpu", {"threads": 1}, "events_per_second", "ops/s", "higher", 1250),
           ("cyclictest", "2.40", "fifo", {"prio": 95}, "latency_max", "s", "lower", 4e-5)]
runs = []
for cfg, (platform, dedicated, f) in tune.items():
    labels = {"kernel": "6.1.0-28-amd64", "platform": platform}
    if dedicated:
        labels["kubevirt.dedicated_cpu_placement"] = dedicated
    for r in range(5):
        for tool, ver, bench, params, m, unit, d, v in metrics:
            x = f * random.uniform(0.95, 1.05)
            ms = [{"name": m, "unit": unit, "direction": d,
                   "samples": [(v / x if d == "higher" else v * x) * random.gauss(1, 0.01) for _ in range(3)]}]
            if cfg == "kv-tuned" and tool == "cyclictest":
                ms.append({"name": "latency_min", "unit": "s", "direction": "lower", "samples": [1e-6]})
            runs.append({"config": cfg, "tool": tool, "tool_version": ver, "host": "node-1" if cfg == "base" else "node-2",
                         "labels": labels, "benchmarks": [{"name": bench, "params": params, "metrics": ms}]})
print(json.dumps({"kvperf": 1, "runs": runs}))
PY
"$KVPERF" --db three.db import -q three.json || echo "Bail out! cannot import three.json"
for paper in a4 letter; do
	run "$KVPERF" --db three.db report -b base -o "three-$paper.pdf" --paper "$paper" --title "Three tunings"
	expect "three variants on $paper" 0
	answers "three-$paper.pdf" three.db base
	same "on $paper page 1 holds it all: page 2 is the summary" \
		"$(pdftotext -f 2 -l 2 "three-$paper.pdf" - | head -1)" \
		"Geometric mean G of the cost ratios C per variant and category, 95% intervals"
done
p1=$(pdftotext -f 1 -l 1 -layout three-a4.pdf - | tr -s ' ')
has "the label that tells them apart, one value per configuration" "$p1" "kubevirt.dedicated_cpu_placement — false true true"
has "the label they share, once" "$p1" "kernel 6.1.0-28-amd64"
has "the hosts" "$p1" "host node-1 node-2 node-2 node-2"
has "the tools and their versions" "$p1" "tools cyclictest 2.40, fio 3.33, iperf3 3.12, sysbench 1.0.20"
same "fonts embedded" "$(pdffonts three-a4.pdf | awk 'NR > 2 && $(NF-4) != "yes"')" ""
"$KVPERF" --db three.db report -b base -o three-again.pdf --title "Three tunings" >/dev/null
cmp -s three-a4.pdf three-again.pdf && ok "three variants: same input, same bytes" ||
	not_ok "three variants: same input, same bytes"
same "page count as pdfinfo reads it" "wrote three-a4.pdf: $(pdfinfo three-a4.pdf | sed -n 's/^Pages: *//p') pages" \
	"$(printf '%s' "$("$KVPERF" --db three.db report -b base -o three-a4.pdf --title "Three tunings")")"
same "bookmarks: the answer, the summary, the chart sections, the appendix by tool, one side only" \
	"$(python3 -c "
import re
t = [x.decode() for x in re.findall(rb'/Title \(([^)]*)\)', open('three-a4.pdf', 'rb').read())]
print(t[0], t[1], 'Appendix' in t, t[t.index('Appendix') + 1:])")" \
	"Answer Summary True ['cyclictest', 'fio', 'iperf3', 'sysbench', 'Measured on one side only', 'Three tunings']"

# The KubeVirt example: its 11 metrics measured on one side only are listed.
"$KVPERF" --db kv.db import -q --config-from-dir "$SRCDIR/examples/kubevirt-ci" || echo "Bail out! kubevirt-ci"
run "$KVPERF" --db kv.db report -b k8s-1.31 -o kv.pdf
expect "the KubeVirt example" 0
answers kv.pdf kv.db k8s-1.31
pdftotext -layout kv.pdf - | sed -n '/Measured on one side only/,$p' | tr -s ' ' >oneside.txt
"$KVPERF" --db kv.db compare -b k8s-1.31 --format json >kv.json
same "11 metrics on one side only, each listed with where it is" "$(python3 - kv.json oneside.txt <<'PY'
import json, sys
text = open(sys.argv[2]).read()
u = json.load(open(sys.argv[1]))["unmatched"]
print(len(u), [x["metric"] for x in u if "%s only in %s" % (x["metric"], x["only_in"]) not in text])
PY
)" "11 []"
has "page 1 points to them" "$(page1 kv.pdf)" "11 measured on one side only (in the appendix)."

# --reference: the summary's footnote whole, the gap closed per category on
# page 1 and per metric in the appendix.
S=$SRCDIR/examples/samples/sysbench
mkdir tuned
for f in "$S"/baseline/*.txt; do { cat "$f"; echo; } >"tuned/$(basename "$f")"; done
"$KVPERF" --db gap.db import -q -c baseline "$S"/baseline/*.txt &&
	"$KVPERF" --db gap.db import -q -c default "$S"/constrained/*.txt &&
	"$KVPERF" --db gap.db import -q -c tuned tuned || echo "Bail out! gap study"
run "$KVPERF" --db gap.db report -b baseline --reference default -o gap.pdf
expect "report --reference" 0
answers gap.pdf gap.db baseline --reference default
gap=$(pdftotext gap.pdf - | tr -s ' \n' '  ')
has "the gap closed per category on page 1" "$(page1 gap.pdf)" "Gap closed per category"
has "the footnote is whole" "$gap" "percentile bootstrap interval over the runs of all three."
pdftotext -layout gap.pdf - | sed -n '/Appendix: every comparison/,$p' >gapx.txt
has "the appendix has a gap closed column" "$(cat gapx.txt)" "gap closed"
same "and every metric's gap closed, for the tuned runs" "$(grep -c ' tuned .* 100\.0% \[' gapx.txt)" \
	"$("$KVPERF" --db gap.db compare -b baseline --reference default --format json | python3 -c "
import json, sys
print(sum(1 for c in json.load(sys.stdin)['comparisons'] if c['variant'] == 'tuned' and round(c.get('gap_closed_pct') or 0, 1) == 100.0))")"
# ---- end of issue 12's page 1 and appendix ----

# ---- Chart pages and slide charts (issue 12) ----
# pages PDF: one file per page of text (p1.txt ...), read back with pdftotext.
pages() {
	npages=$(pdfinfo "$1" | sed -n 's/^Pages: *//p')
	for i in $(seq 1 "$npages"); do pdftotext -f "$i" -l "$i" -layout "$1" "$2$i.txt"; done
}
# outline PDF: every bookmark as "depth title", in the order of the file.
outline() {
	python3 - "$1" <<'PY'
import re, sys
d = open(sys.argv[1], "rb").read()
items = {int(n): (t.decode(), int(p)) for n, t, p in
         re.findall(rb"(\d+) 0 obj\s*<< /Title \((.*?)\)\s*/Parent (\d+) 0 R", d)}
def depth(n):
    return 1 + depth(items[n][1]) if n in items else 0
for n in items:
    print(depth(n), items[n][0])
PY
}
# values JSON: each comparison's value text in the forest plot (C, overhead,
# interval), as kvperf prints it, one a line.
values() {
	python3 - "$1" <<'PY'
import json, sys
def cost(c):
    if c >= 99.95: return "×%.0f" % c
    if c >= 9.995: return "×%.1f" % c
    return "×%.2f" % c
for c in json.load(open(sys.argv[1]))["comparisons"]:
    if c["cost"] is None:
        print("n/a: no ratio")
    elif c["overhead_ci"][0] is None:
        print("%s %+.1f%%" % (cost(c["cost"]), c["overhead_pct"]))
    else:
        lo, hi = c["overhead_ci"]
        hi = "+inf" if hi is None or str(hi) == "inf" or hi == float("inf") else "%+.1f" % hi
        print("%s %+.1f%% [%+.1f, %s]" % (cost(c["cost"]), c["overhead_pct"], lo, hi))
PY
}
pages report.pdf pg
forest=$(grep -l "^ *Overhead of constrained against baseline" pg*.txt | xargs cat | tr -s ' ' | tr '\n' '|')
nvalues=0 missing=""
while IFS= read -r v; do
	nvalues=$((nvalues + 1))
	case "$forest" in *"$v"*) ;; *) missing="$missing [$v]" ;; esac
done <<EOF2
$(values cmp.json)
EOF2
same "every comparison's C, overhead and interval are in the forest plot ($nvalues)" "$missing" ""
for m in $(python3 -c "
import json
print(' '.join(sorted({c['metric'] for c in json.load(open('cmp.json'))['comparisons']})))"); do
	case "$forest" in *"$m"*) ;; *) missing="$missing $m" ;; esac
done
same "and every metric's label" "$missing" ""
has "a label shows the parameter that tells two rows apart" "$forest" "· cpu threads=1"
has "the rows are grouped under their tool" "$forest" "|sysbench|"
has "the axis reads as overhead" "$forest" "0%"
has "and as the cost ratio" "$forest" "×1"
has "the legend explains the squares" "$forest" "square: no test (no variation, or too few runs)"
case "$(cat pg*.txt)" in
*"Overhead % by metric and variant"*) not_ok "one variant: no heat map (it would repeat the forest plot)" ;;
*) ok "one variant: no heat map (it would repeat the forest plot)" ;;
esac
same "every detail panel says which way is better" "$(python3 - cmp.json <<'PY'
import json, sys, glob
import subprocess
text = subprocess.run(["pdftotext", "-raw", "report.pdf", "-"], capture_output=True, text=True).stdout
text = " ".join(text.split())
c = json.load(open(sys.argv[1]))["comparisons"]
print([x["metric"] for x in c if "%s (%s), %s is better" % (x["metric"], x["unit"], x["direction"]) not in text])
PY
)" "[]"
outline report.pdf >outline.txt
same "bookmarks: Details, then a tool, then its benchmarks" "$(sed -n '/^1 Details$/,/^1 /p' outline.txt | tr '\n' '|')" \
	"1 Details|2 sysbench|3 cpu threads=1|3 cpu threads=2|3 memory block_size=1024KiB,threads=1|1 Parameter sweeps|"
python3 - report.pdf <<'PY' >links.txt
import re, subprocess, sys
d = open(sys.argv[1], "rb").read()
links = re.findall(rb"/Subtype /Link.*?/Dest \((m\d+)\)", d, re.S)
dests = set(re.findall(r'"(m\d+)"', subprocess.run(["pdfinfo", "-dests", sys.argv[1]],
                       capture_output=True, text=True).stdout))
print(len(links), len(set(links)), all(l.decode() in dests for l in links), len(dests))
PY
same "every forest row links to its detail panel" "$(cat links.txt)" \
	"$(python3 -c "
import json
c = json.load(open('cmp.json'))['comparisons']
print(len(c), len(c), True, len(c))")"

# A long forest plot: every row on pages of one axis, none nearly empty.
pages many.pdf mp
ls mp*.txt | sort -V | xargs grep -l "^ *Overhead of var against base" >manyforest.txt
same "500 rows: every one in the forest plot" "$(xargs cat <manyforest.txt | grep -o 'bench[0-9][0-9][0-9]' | sort -u | wc -l)" "500"
same "the same axis on every page of the plot" "$(xargs -n1 sh -c 'grep -B2 "overhead % (above)" "$0" | head -2 | tr -s " "' <manyforest.txt | sort -u | wc -l)" "2"
same "no page nearly empty: each holds at least half the rows of the first" "$(python3 - manyforest.txt <<'PY'
import re, sys
rows = [len(re.findall(r"bench\d\d\d", open(f).read())) for f in open(sys.argv[1]).read().split()]
print(len(rows) > 1 and min(rows) * 2 >= max(rows), sum(rows))
PY
)" "True 500"
same "and every chart page holds a chart, not a lone title" "$(for f in $(cat manyforest.txt) $(grep -l ' is better' mp*.txt); do
	[ "$(grep -c '[^ ]' "$f")" -ge 6 ] || echo "$f"; done)" ""

# Several variants: one forest plot, a marker each, and a heat map.
python3 - <<'PY' >ch-four.json
import json, random
random.seed(7)
def runs(c, f):
    return {"config": c, "benchmarks": [{"name": "b%d" % i, "params": {"threads": t}, "metrics": [
        {"name": "m", "unit": "s", "direction": "lower",
         "samples": [f * (1 + i) * (1 + random.random() / 20) for _ in range(5)]}]}
        for i in range(3) for t in (1, 2, 4)]}
print(json.dumps({"kvperf": 1, "tool": "t", "runs": [runs("base", 1), runs("tuned", 1.1),
                  runs("untuned", 2), runs("a b", 1.5), runs("a_b", 1.2)]}))
PY
"$KVPERF" --db ch-four.db import -q ch-four.json || echo "Bail out! four variants"
run "$KVPERF" --db ch-four.db report -b base -o ch-four.pdf
expect "four variants: a report" 0
pages ch-four.pdf tp
same "one forest plot of every variant" "$(grep -l '^ *Overhead of a b, a_b, tuned, untuned against base' tp*.txt | wc -l)" "1"
has "and a heat map" "$(cat tp*.txt)" "Overhead % by metric and variant against base"
has "sweeps plot the overhead against the parameter" "$(cat tp*.txt)" "threads (log2 scale)"

# Slide charts: every row, at 1920x1080 and 960x540, names bounded and unique.
mkdir slides1 slides2
run "$KVPERF" --db many.db report -b base -o slides1 --chart-format svg --chart-size 1920x1080
expect "SVG slides of 500 rows" 0
same "the forest plot continues in numbered files, every row in one" \
	"$(ls slides1/forest-var-*.svg | wc -l | awk '{print ($1 > 10)}') $(cat slides1/forest-var-*.svg | grep -o '\bbench[0-9][0-9][0-9]' | sort -u | wc -l)" "1 500"
same "no slide text under 18 px at 1920x1080" "$(python3 -c "
import glob, re
s = [float(x) for f in glob.glob('slides1/*.svg') for x in re.findall(r'font-size=\"([0-9.]+)\"', open(f).read())]
print(len(s) > 0, min(s) >= 18)")" "True True"
run "$KVPERF" --db ch-four.db report -b base -o slides2 --chart-size 960x540
expect "PNG slides at 960x540" 0
same "summary, a forest plot per variant and of all, heat map, details, sweeps" "$(cd slides2 && ls | sed 's/-[0-9]*\.png$//; s/\.png$//; s/-[0-9a-f]\{8\}$//' | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')" \
	"detail-t_b0_threads_1=1 detail-t_b0_threads_2=1 detail-t_b0_threads_4=1 detail-t_b1_threads_1=1 detail-t_b1_threads_2=1 detail-t_b1_threads_4=1 detail-t_b2_threads_1=1 detail-t_b2_threads_2=1 detail-t_b2_threads_4=1 forest-a_b=2 forest-tuned=1 forest-untuned=1 forest-variants=2 heatmap=1 summary=1 sweep-t-b0-m-threads=1 sweep-t-b1-m-threads=1 sweep-t-b2-m-threads=1 "
same "two variants whose names slug alike get two names" "$(ls slides2/forest-a_b* | wc -l) $(ls slides2 | sort | uniq -d | wc -l)" "2 0"
same "every PNG is 960x540" "$(python3 -c "
import glob, struct
print({struct.unpack('>II', open(f, 'rb').read()[16:24]) for f in glob.glob('slides2/*.png')})")" "{(960, 540)}"
same "$(ls slides2 | wc -l) files, as the command says" "$out" "wrote $(ls slides2 | wc -l) PNG charts to slides2"
same "file names stay short" "$(ls slides1 slides2 | awk 'length > 90' | wc -l)" "0"
# ---- end of issue 12's chart pages and slide charts ----

# --quiet: the file, and nothing on standard output or error.
run "$KVPERF" --db "$db" report -b baseline -o quiet.pdf --quiet
expect "report --quiet: exit 0, nothing on stderr" 0 ""
same "report --quiet: nothing on stdout, the PDF written" "$out:$(pdfinfo quiet.pdf >/dev/null 2>&1 && echo pdf)" ":pdf"

done_testing
