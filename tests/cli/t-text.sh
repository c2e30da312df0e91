# t-text.sh - text through Pango: configuration names in Chinese and
# Japanese come back from the PDF as the same characters, drawn in embedded
# fonts (a CJK font found by fontconfig next to DejaVu Sans); SVG charts
# carry their text as text.  Read back with poppler's pdftotext and
# pdffonts and Python's XML parser.
. "$SRCDIR/tests/cli/lib.sh"
need "poppler-utils" command -v pdftotext
export SOURCE_DATE_EPOCH=1795569000
base="基准"     # Chinese, "baseline"
var="制約あり" # Japanese, "constrained"
data=$SRCDIR/tests/data/native-sysbench
mutate "$data/sysbench-baseline.json" base.json "d['config'] = '\\u57fa\\u51c6'"
mutate "$data/sysbench-constrained.json" var.json "d['config'] = '\\u5236\\u7d04\\u3042\\u308a'"
run "$KVPERF" --db t.db import base.json var.json
expect "import of configurations named in Chinese and Japanese" 0 ""
has "runs lists them" "$("$KVPERF" --db t.db runs)" "$var"

run "$KVPERF" --db t.db report -b "$base" -o t.pdf
expect "report -o t.pdf" 0 ""
pdffonts t.pdf >fonts.txt 2>&1
same "every font is embedded" "$(awk 'NR > 2 && $(NF-4) != "yes"' fonts.txt)" ""
has "DejaVu Sans for the Latin text" "$(cat fonts.txt)" "DejaVuSans"
# pdftotext reads the names back even when the glyphs are empty boxes
# (cairo's toy text API did that), so the font is what shows the fallback.
# The test dependency fonts-wqy-microhei gives WenQuanYiMicroHei; another
# CJK font fontconfig prefers will do.  CairoFont-* are the synthetic bold
# faces cairo embeds as outlines.
cjk_fonts=$(awk 'NR > 2 { sub(/^[A-Z]+\+/, "", $1); if ($1 !~ /^(DejaVu|CairoFont)/) print $1 }' fonts.txt)
if fc-list :lang=ja family | grep -q .; then
	[ -n "$cjk_fonts" ] && ok "a fallback font for the CJK glyphs: $(echo $cjk_fonts)" ||
		not_ok "a fallback font for the CJK glyphs" "$(cat fonts.txt)"
	text=$(pdftotext t.pdf -)
	has "the PDF's text holds the baseline's name" "$text" "$base"
	has "and the variant's" "$text" "$var"
else
	for t in "a fallback font for the CJK glyphs" "the PDF's text holds the baseline's name" \
		"and the variant's"; do
		n=$((n + 1))
		echo "ok $n - $t # SKIP no font for Japanese (apt-get install fonts-wqy-microhei)"
	done
fi
"$KVPERF" --db t.db report -b "$base" -o again.pdf >/dev/null
cmp -s t.pdf again.pdf && ok "same input, same bytes" || not_ok "same input, same bytes"

# SVG: cairo writes glyphs as outlines; kvperf adds a <title> and the text
# as transparent <text> elements at the same places.
mkdir svg
run "$KVPERF" --db t.db report -b "$base" -o svg --chart-format svg
expect "SVG charts" 0 ""
same "every SVG has a <title> first and its text as <text>" "$(python3 -c "
import glob, xml.etree.ElementTree as E
ns = '{http://www.w3.org/2000/svg}'
fs = sorted(glob.glob('svg/*.svg'))
ok = [E.parse(f).getroot()[0].tag == ns + 'title' and
      len(E.parse(f).getroot().findall('.//' + ns + 'text')) > 3 for f in fs]
print(len(fs) > 2, all(ok))")" "True True"
forest=$(echo svg/forest-*.svg)
has "the forest plot's <title> names the variant" "$(grep -o '<title>[^<]*</title>' "$forest")" "$var"
same "both events_per_second rows are in the forest plot's text" "$(grep -c '<text [^>]*>[^<]*events_per_second' "$forest")" "2"
same "the transparent text sits on the drawn text" "$(python3 - "$forest" <<'PY'
import sys, xml.etree.ElementTree as E
ns = '{http://www.w3.org/2000/svg}'
g = E.parse(sys.argv[1]).getroot().find(ns + 'g[@id="text"]')
t = g.findall(ns + 'text')
print(g.get('fill-opacity'), all(float(e.get('textLength')) > 0 and float(e.get('font-size')) > 0 for e in t))
PY
)" "0 True"

done_testing
