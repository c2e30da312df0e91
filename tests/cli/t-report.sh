# t-report.sh - kvperf report read back with independent tools: poppler's
# pdfinfo, pdffonts and pdftotext, Python's XML parser and PNG header.
. "$SRCDIR/tests/cli/lib.sh"
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
import json, math, re, sys
d = json.load(open(sys.argv[1]))
c = d["comparisons"]
variants = sorted({x["variant"] for x in c})
rows = {(x["tool"], x["benchmark"], x["params"], x["metric"]) for x in c}
forest = sum(max(1, math.ceil(sum(1 for x in c if x["variant"] == v) / 38)) for v in variants)
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
print(1 + 1 + forest + math.ceil(len(rows) / 44) + math.ceil(len(rows) / 6) + math.ceil(sweeps / 4))
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
	"Title Summary Forest plot: constrained Heat map Details Parameter sweeps Pinned vs free"

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
run "$KVPERF" --db "$T/many.db" report -b base -o many.pdf
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

done_testing
