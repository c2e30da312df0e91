# t-longname.sh - names of ten thousand characters (issue 13, point 4): a
# benchmark, a metric, a parameter's value and a configuration, with spaces,
# without (one word) and in CJK.  Outside the appendix every name is cut
# with "…": no word of the PDF runs off its page, the page count stays
# bounded, bookmarks and SVG titles stay short; the appendix gives every
# name whole.  A forest plot too tall for one image leaves the workbook a
# note, not an abort.  Read back with poppler's pdftotext and pdfinfo.
. "$SRCDIR/tests/cli/lib.sh"
need "poppler-utils" command -v pdftotext
db=$T/long.db
export SOURCE_DATE_EPOCH=1795569000

# names.json: the long names; base.json and var.json: 4 runs each of two
# benchmarks, so that compare has something to say about every metric.
python3 - <<'PY'
import json
L = 10000
def words(head):  # "HEAD w0 w1 ... END", L characters, spaces between words
    s, i = head, 0
    while len(s) < L - 4:
        s += " w%d" % i
        i += 1
    return s[:L - 4] + " END"
names = {
    "config": words("CFGSTART"),
    "bench": words("BENCHSTART"),
    "metric": words("METRICSTART"),
    "value": "PSTART" + "P" * (L - 9) + "END",           # one word, no space
    "word": "XSTART" + "x" * (L - 9) + "END",            # a metric of one word
    "cjk": ("性能測試基準名稱" * (L // 8 + 1))[:L - 3] + "END",  # a benchmark in CJK
}
json.dump(names, open("names.json", "w"))
def doc(cfg, level):
    runs = []
    for i in range(4):
        runs.append({"benchmarks": [
            {"name": names["bench"], "params": {"p": names["value"]}, "metrics": [
                {"name": names["metric"], "unit": "s", "direction": "lower", "samples": [level + 0.01 * i]},
                {"name": "short", "unit": "ops/s", "direction": "higher", "samples": [100 / level + i]}]},
            {"name": names["cjk"], "metrics": [
                {"name": names["word"], "unit": "s", "direction": "lower", "samples": [2 * level + 0.03 * i]}]}]})
    return {"kvperf": 1, "config": cfg, "tool": "t", "runs": runs}
json.dump(doc("base", 1.0), open("base.json", "w"))
json.dump(doc(names["config"], 1.3), open("var.json", "w"))
PY
"$KVPERF" --db "$db" import -q base.json var.json || echo "Bail out! setup"

run "$KVPERF" --db "$db" report -b base -o long.pdf
expect "report -o long.pdf exits 0" 0 ""
pages=$(pdfinfo long.pdf 2>/dev/null | sed -n 's/^Pages: *//p')
# the rest of the report is about 5 pages; each name given whole in the
# appendix is about three quarters of one (the benchmark with its
# parameter's value, about two)
if [ -n "$pages" ] && [ "$pages" -le 16 ]; then
	ok "the page count stays bounded ($pages pages)"
else
	not_ok "the page count stays bounded" "pages: ${pages:-none}"
fi

# Every word's box within its page, on every page.
pdftotext -bbox long.pdf bbox.html 2>/dev/null || : >bbox.html
msg=$(python3 - bbox.html <<'PY'
import re, sys
pages = open(sys.argv[1], encoding="utf-8").read().split("<page ")[1:]
bad = []
for no, p in enumerate(pages, 1):
    w, h = map(float, re.search(r'width="([\d.]+)" height="([\d.]+)"', p).groups())
    for x0, y0, x1, y1, word in re.findall(r'xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                                           r'yMax="([-\d.]+)">([^<]*)<', p):
        if float(x0) < 0 or float(y0) < 0 or float(x1) > w + 0.5 or float(y1) > h + 0.5:
            bad.append("page %d: %r at x %s..%s, y %s..%s (page %gx%g)" % (no, word[:40], x0, x1, y0, y1, w, h))
print("\n".join(bad[:5]) if bad else "none" if pages else "no page")
PY
)
if [ "$msg" = none ]; then
	ok "no word runs off its page"
else
	not_ok "no word runs off its page" "$msg"
fi

pdftotext long.pdf all.txt 2>/dev/null || : >all.txt
has "long names are cut with an ellipsis" "$(cat all.txt)" "w19…"

# The appendix: every name whole, read across lines and pages (the footer,
# the repeated table header and "(continued)" lines left out).
same "the appendix has every name whole" "$(python3 - names.json long.pdf <<'PY'
import json, re, subprocess, sys
names = json.load(open(sys.argv[1]))
text = subprocess.run(["pdftotext", "-layout", sys.argv[2], "-"], capture_output=True, text=True).stdout
text = text[text.index("Appendix: every comparison"):]
keep = [l for l in text.split("\n")
        if not re.match(r"\s*(kvperf report · kvperf|Appendix \(continued\)|metric\s+base\s)", l)
        and not l.strip().endswith("(continued)")]
flat = re.sub(r"\s+", "", "".join(keep))
print(" ".join(k for k in sorted(names) if re.sub(r"\s+", "", names[k]) not in flat) or "all")
PY
)" "all"

# Bookmarks: at most 200 characters and "…" (cairo writes a title that is
# not ASCII as UTF-16).
same "bookmarks stay short" "$(python3 - long.pdf <<'PY'
import re, sys
d = open(sys.argv[1], "rb").read()
titles = []
for t in re.findall(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)", d):
    if t.startswith(b"<"):
        b = bytes.fromhex(t[1:-1].decode())
        titles.append(b[2:].decode("utf-16-be") if b.startswith(b"\xfe\xff") else b.decode("latin-1"))
    else:
        titles.append(t[1:-1].decode("latin-1"))
print(len(titles) >= 6, max(len(t) for t in titles) <= 201)
PY
)" "True True"

# The workbook keeps the names whole in its cells (a cell holds 32767).
run "$KVPERF" --db "$db" report -b base -o long.xlsx
expect "report -o long.xlsx exits 0" 0 ""
same "the workbook's XML parses and holds the metric's name whole" "$(python3 - long.xlsx names.json <<'PY'
import json, sys, zipfile, xml.dom.minidom
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    if n.endswith(".xml"):
        xml.dom.minidom.parseString(z.read(n))
print(json.load(open(sys.argv[2]))["metric"] in z.read("xl/sharedStrings.xml").decode())
PY
)" "True"

# Chart files: short file names, SVG titles and texts of at most 200 characters.
mkdir svg png
run "$KVPERF" --db "$db" report -b base -o svg --chart-format svg
expect "report -o svg --chart-format svg exits 0" 0
run "$KVPERF" --db "$db" report -b base -o png
expect "report -o png exits 0" 0
same "chart files: short names, short SVG titles and texts" "$(python3 - svg png <<'PY'
import os, re, struct, sys
svg = [os.path.join(sys.argv[1], f) for f in os.listdir(sys.argv[1])]
png = [os.path.join(sys.argv[2], f) for f in os.listdir(sys.argv[2])]
names = max(len(os.path.basename(f)) for f in svg + png) <= 100
texts = []
for f in svg:
    s = open(f, encoding="utf-8").read()
    texts += re.findall(r"<title>(.*?)</title>", s, re.S) + re.findall(r"<text[^>]*>(.*?)</text>", s, re.S)
sizes = {struct.unpack(">II", open(f, "rb").read()[16:24]) for f in png}
print(len(svg), len(png), names, max(len(t) for t in texts) <= 201, sizes)
PY
)" "4 4 True True {(1600, 1000)}"

# A forest plot too tall for one image (400 rows of four lines: more than
# 32767 pixels): the workbook has it over several images, none taller.
python3 - <<'PY'
import json
def doc(cfg, level):
    runs = []
    for i in range(3):
        runs.append({"benchmarks": [
            {"name": "bench%d " % b + "b" * 70, "metrics": [
                {"name": "metric %03d " % k + "m" * 70, "unit": "s", "direction": "lower",
                 "samples": [level + 0.01 * i + 0.001 * k]} for k in range(200)]} for b in range(2)]})
    return {"kvperf": 1, "config": cfg, "tool": "t", "runs": runs}
json.dump(doc("base", 1.0), open("tall-base.json", "w"))
json.dump(doc("var", 1.3), open("tall-var.json", "w"))
PY
"$KVPERF" --db tall.db import -q tall-base.json tall-var.json || echo "Bail out! tall setup"
run "$KVPERF" --db tall.db report -b base -o tall.xlsx
expect "a forest plot taller than cairo's images: the workbook is written" 0 ""
same "and its Charts sheet has it over several images, none over 32767 pixels" \
	"$(python3 -c '
import struct, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
h = [struct.unpack(">II", z.read(n)[16:24]) for n in z.namelist() if n.startswith("xl/media/image")]
print(len(h) > 1, all(0 < w <= 32767 and 0 < y <= 32767 for w, y in h))' tall.xlsx 2>&1)" "True True"

done_testing
