# t-gap.sh - compare --reference: the share of the reference variant's
# overhead that another variant recovers ("gap closed"), per metric and in
# the geometric-mean summary, with its bootstrap interval.
. "$SRCDIR/tests/cli/lib.sh"
need "python3-openpyxl" /usr/bin/python3 -c "import openpyxl"
need "poppler-utils" command -v pdftotext
S=$SRCDIR/examples/samples/sysbench
db=$T/g.db

# Real runs: "tuned" is the baseline's own sysbench reports again (one
# blank line added, so the files are new to the database): it must close
# exactly 100% of the gap the constrained runs opened.
mkdir tuned
for f in "$S"/baseline/cpu-*.txt; do
	{ cat "$f"; echo; } >"tuned/$(basename "$f")"
done
"$KVPERF" --db "$db" import -q -c baseline "$S"/baseline/cpu-*.txt &&
	"$KVPERF" --db "$db" import -q -c default "$S"/constrained/cpu-*.txt &&
	"$KVPERF" --db "$db" import -q -c tuned tuned || echo "Bail out! cannot import"

run "$KVPERF" --db "$db" compare -b baseline --reference default --match 'events_per_second' --format json
expect "compare --reference" 0
same "a variant equal to the baseline closes 100% of every gap, the reference has none" \
	"$(printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print(d['reference'], sorted(set(round(c['gap_closed_pct'], 9) for c in d['comparisons'] if c['variant'] == 'tuned')),
      any('gap_closed_pct' in c for c in d['comparisons'] if c['variant'] == 'default'),
      all(c['gap_closed_ci'][0] <= 100 <= c['gap_closed_ci'][1] for c in d['comparisons'] if c['variant'] == 'tuned'))")" \
	"default [100.0] False True"
same "and in the summary" "$(printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print([(s['category'], round(s['gap_closed_pct'], 9), s['gap_closed_n']) for s in d['summary'] if s['variant'] == 'tuned'])")" \
	"[('all', 100.0, 2), ('cpu', 100.0, 2)]"

run "$KVPERF" --db "$db" compare -b baseline --reference default --match 'events_per_second'
expect "text output" 0
has "has a gap closed column" "$out" "gap closed"
has "the reference is marked" "$out" "(reference)"
has "and explains it on the cost ratio" "$(COLUMNS=200 "$KVPERF" --db "$db" compare -b baseline --reference default --match 'events_per_second')" "gap closed: the share of default's overhead a variant recovers, (C_default - C_variant) / (C_default - 1) × 100
= 1 - overhead(variant) / overhead(default)"
run "$KVPERF" --db "$db" compare -b baseline --reference default --match 'events_per_second' --format csv
has "CSV has the columns" "$(printf '%s' "$out" | head -1)" ",min_detectable_pct,gap_closed_pct,gap_closed_ci_lo,gap_closed_ci_hi"

# The report carries it too: the PDF's summary and the workbook.
run "$KVPERF" --db "$db" report -b baseline --reference default --match 'events_per_second' -o gap.pdf
expect "report --reference" 0
pdftotext -layout gap.pdf gap.txt
has "the PDF's summary has the column" "$(cat gap.txt)" "gap closed"
has "with 100% for the tuned runs" "$(grep -E '^tuned +all' gap.txt)" "100.0% ["
has "and says what it is" "$(cat gap.txt)" "gap closed: the share of default's overhead a variant recovers"
run "$KVPERF" --db "$db" report -b baseline --reference default --match 'events_per_second' -o gap.xlsx
expect "workbook --reference" 0
same "the workbook's Summary and Overview hold it, read back with openpyxl" "$(/usr/bin/python3 -c "
import openpyxl
wb = openpyxl.load_workbook('gap.xlsx')
s = wb['Summary']
head = [c.value for c in s[1]]
g = head.index('gap closed')
rows = list(s.iter_rows(min_row=2, values_only=True))
tuned = sorted(set(float(round(r[g], 9)) for r in rows if r[0] == 'tuned'))
ref = sorted(set(r[g] for r in rows if r[0] == 'default'))
o = wb['Overview']
oh = [c.value for c in o[1]]
print(tuned, ref, [float(round(r[oh.index('gap closed')], 9)) for r in o.iter_rows(min_row=2, values_only=True) if r[0] == 'tuned'])")" \
	"[1.0] ['(reference)'] [1.0, 1.0]"

# Values chosen to check the formula in both directions against Python.
python3 - <<'PY'
import json
def native(config, tput, lat):
    runs = [{"benchmarks": [{"name": "web", "metrics": [
        {"name": "throughput", "unit": "ops/s", "direction": "higher", "samples": [t]},
        {"name": "latency", "unit": "ms", "direction": "lower", "samples": [l]},
        {"name": "flat", "unit": "ops/s", "direction": "higher", "samples": [f]}]}]}
        for t, l, f in zip(tput, lat, (50, 51, 49, 50, 50))]
    json.dump({"kvperf": 1, "config": config, "tool": "synthetic", "runs": runs}, open(config + ".json", "w"))
native("bm", [100, 102, 98, 101, 99], [10.0, 10.2, 9.9, 10.1, 9.8])
native("kv", [60, 62, 58, 61, 59], [14.0, 14.3, 13.8, 14.1, 13.9])
native("kvtuned", [90, 91, 88, 92, 89], [11.0, 11.2, 10.8, 11.1, 10.9])
PY
"$KVPERF" --db "$T/s.db" import -q bm.json kv.json kvtuned.json || echo "Bail out! cannot import the synthetic runs"
run "$KVPERF" --db "$T/s.db" compare -b bm --reference kv --format json
expect "synthetic study" 0
# On the cost ratio C (v/b for latency, b/v for throughput): (C_ref - C_var) / (C_ref - 1).
same "gap closed = (C_reference - C_variant) / (C_reference - 1), both directions" \
	"$(printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print(' '.join('%s=%.9f' % (c['metric'], c['gap_closed_pct']) for c in d['comparisons'] if c['variant'] == 'kvtuned' and c['metric'] != 'flat'))")" \
	"$(python3 -c "
m = lambda x: sum(x) / len(x)
g = lambda C, b, r, v: 100 * (C(b, r) - C(b, v)) / (C(b, r) - 1)
lower = lambda b, x: m(x) / m(b)
higher = lambda b, x: m(b) / m(x)
print('latency=%.9f throughput=%.9f' % (g(lower, [10.0, 10.2, 9.9, 10.1, 9.8], [14.0, 14.3, 13.8, 14.1, 13.9], [11.0, 11.2, 10.8, 11.1, 10.9]),
                                        g(higher, [100, 102, 98, 101, 99], [60, 62, 58, 61, 59], [90, 91, 88, 92, 89])))")"
same "the interval holds the point and is not degenerate" "$(printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print(all(c['gap_closed_ci'][0] < c['gap_closed_pct'] < c['gap_closed_ci'][1] for c in d['comparisons'] if c['variant'] == 'kvtuned' and c['metric'] != 'flat'))")" "True"
same "no gap where the reference is not worse" "$(printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print([('no-gap' in c['flags'], c['gap_closed_pct']) for c in d['comparisons'] if c['variant'] == 'kvtuned' and c['metric'] == 'flat'])")" "[(True, None)]"
same "the summary's gap, from the geometric means of the two metrics with a gap and the flat one" "$(printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print(['%.6f' % s['gap_closed_pct'] for s in d['summary'] if s['variant'] == 'kvtuned' and s['category'] == 'all'])")" "$(python3 -c "
import math
m = lambda x: sum(x) / len(x)
bm = {'t': [100, 102, 98, 101, 99], 'l': [10.0, 10.2, 9.9, 10.1, 9.8], 'f': [50, 51, 49, 50, 50]}
kv = {'t': [60, 62, 58, 61, 59], 'l': [14.0, 14.3, 13.8, 14.1, 13.9], 'f': [50, 51, 49, 50, 50]}
kt = {'t': [90, 91, 88, 92, 89], 'l': [11.0, 11.2, 10.8, 11.1, 10.9], 'f': [50, 51, 49, 50, 50]}
def G(v):  # the geometric mean of the cost ratios
    c = [m(bm['t']) / m(v['t']), m(v['l']) / m(bm['l']), m(bm['f']) / m(v['f'])]
    return math.exp(sum(map(math.log, c)) / 3)
print(['%.6f' % (100 * (G(kv) - G(kt)) / (G(kv) - 1))])")"
run "$KVPERF" --db "$T/s.db" compare -b bm --reference kv --format json --seed 7
same "a seed gives the same interval" "$(printf '%s' "$out" | python3 -c "
import json, sys
print(json.load(sys.stdin)['comparisons'][1]['gap_closed_ci'])")" "$("$KVPERF" --db "$T/s.db" compare -b bm --reference kv --format json --seed 7 | python3 -c "
import json, sys
print(json.load(sys.stdin)['comparisons'][1]['gap_closed_ci'])")"

# The summary's interval does not depend on the seed beyond Monte Carlo
# noise (it once read [0.0, 33.5] at the default seed, [27, 33.5] at others).
same "the summary's gap interval is about the same at seeds 1 to 5" "$(for seed in 1 2 3 4 5; do
	"$KVPERF" --db "$T/s.db" compare -b bm --reference kv --format json --seed $seed
done | python3 -c "
import json, sys
dec = json.JSONDecoder(); text = sys.stdin.read(); i = 0; lo = []; hi = []
while i < len(text):
    d, i = dec.raw_decode(text, i)
    while i < len(text) and text[i].isspace(): i += 1
    s = [s for s in d['summary'] if s['variant'] == 'kvtuned' and s['category'] == 'all'][0]
    assert s['gap_closed_ci'][0] < s['gap_closed_pct'] < s['gap_closed_ci'][1]
    lo.append(s['gap_closed_ci'][0]); hi.append(s['gap_closed_ci'][1])
print(len(lo), max(lo) - min(lo) < 3, max(hi) - min(hi) < 3)")" "5 True True"

# Usage errors.
run "$KVPERF" --db "$T/s.db" compare -b bm --reference bm
expect "the baseline as reference" 2 "kvperf: --reference 'bm' is the baseline; it must be one of the variants"
run "$KVPERF" --db "$T/s.db" compare -b bm --reference kv -V kv
expect "no second variant" 2 "kvperf: --reference needs a second variant to recover its overhead: only 'kv' is compared with 'bm'"
run "$KVPERF" --db "$T/s.db" compare -b bm --reference nope
expect "an unknown reference names the configurations" 1 "kvperf: no configuration 'nope' for the reference; the database has: bm, kv, kvtuned"

done_testing
