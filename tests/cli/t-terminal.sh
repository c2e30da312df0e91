# t-terminal.sh - compare's text for a terminal: grouped by benchmark, fitted
# to the width (display cells, so CJK names align), the columns left out
# named; TSV; the summary alone in every format; colour on and off.
. "$SRCDIR/tests/cli/lib.sh"
db=$T/c.db  # sysbench's real runs: the numbers t-compare.sh checks
"$KVPERF" --db "$db" import -q "$SRCDIR/tests/data/native-sysbench" || echo "Bail out! cannot import the examples"
wide=$T/w.db # and fio's, whose parameters, flags and units are long
"$KVPERF" --db "$wide" import -q "$SRCDIR/tests/data/native-sysbench" "$SRCDIR/examples/samples/fio" -C ||
	echo "Bail out! cannot import the examples"
PY=/usr/bin/python3

# widest FILE: the widest line in terminal cells, counted by Python's own
# Unicode tables (East Asian Wide and Fullwidth: 2, combining: 0).
cat >cells.py <<'PY'
import sys, unicodedata
def cells(s):
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
PY
widest() { $PY -c "
import sys; sys.path.insert(0, '.')
from cells import cells
print(max(cells(l.rstrip('\n')) for l in open(sys.argv[1], encoding='utf-8')))" "$1"; }

for w in 250 120 100 80; do
	COLUMNS=$w "$KVPERF" --db "$wide" compare -b baseline >w$w.txt
	got=$(widest w$w.txt)
	[ "$got" -le "$w" ] && ok "COLUMNS=$w: no line wider than $w cells" || not_ok "COLUMNS=$w: no line wider than $w cells" "widest: $got"
done
# Narrower than the overhead, verdict and longest flag together: the flags
# wrap, nothing is cut (the numbers are the same as at 250).
COLUMNS=60 "$KVPERF" --db "$wide" compare -b baseline >w60.txt
env -u COLUMNS "$KVPERF" --db "$wide" compare -b baseline >pipe.txt
got=$(widest pipe.txt)
[ "$got" -le 100 ] && ok "not a terminal, no COLUMNS: 100 cells" || not_ok "not a terminal, no COLUMNS: 100 cells" "widest: $got"
nums() { grep -o '[-+][0-9.]*% \[[-+][0-9.]*, [-+][0-9.]*\]' "$1" | md5sum; }
same "the same numbers at 80 columns as at 250" "$(nums w80.txt)" "$(nums w250.txt)"
same "and at 60" "$(nums w60.txt)" "$(nums w250.txt)"
has "the parameters wrap after a comma" "$(cat w60.txt)" "fio randread-bs4k-2jobs bs=4k,ioengine=psync,numjobs=2,
    runtime=3,rw=randread,size=128m"

# Grouped as benchstat groups: the benchmark on its own line, a short line
# per metric under it.
COLUMNS=250 "$KVPERF" --db "$db" compare -b baseline >s250.txt
COLUMNS=80 "$KVPERF" --db "$db" compare -b baseline >s80.txt
has "a block per benchmark, a line per metric" "$(cat s250.txt)" "sysbench cpu threads=1
  events_per_second  5.28k ops/s ±1.5%  2.57k ops/s ±0.6%   -51.4%  ×2.06  +105.7% [+102.7, +108.6]  4.3e-10 (1.3e-09)  worse
  latency_avg             190 µs ±0.0%       390 µs ±0.0%  +105.3%  ×2.05                   +105.3%          n/a (n/a)  n/a      constant"
same "wide: every column" "$(sed -n '/^  metric/p' s250.txt)" "  metric                      baseline        constrained   change     ×C                  overhead            p (adj)  verdict  flags"
same "no line ends in a space" "$(grep -c ' $' s250.txt s80.txt w60.txt | tr '\n' ' ')" "s250.txt:0 s80.txt:0 w60.txt:0 "
has "narrow: the columns left out are named" "$(tr '\n' ' ' <s80.txt | tr -s ' ')" \
	"(left out to fit 80 columns: baseline, constrained, change, p (adj); a wider terminal, COLUMNS=, or --format tsv shows them)"
has "narrow: C, the overhead, the verdict and the flags unwrapped stay" "$(cat s80.txt)" "sysbench cpu threads=1
  events_per_second  ×2.06  +105.7% [+102.7, +108.6]  worse
  latency_avg        ×2.05                   +105.3%  n/a      constant"
has "narrow: the flags wrap at a comma instead of going" "$(cat w60.txt)" "noisy,
"

# CJK names: columns line up in cells; a long metric gets a line of its own.
$PY - <<'PY'
import json
for cfg, f in (("base", 1.0), ("\u865a\u62df\u673a", 1.2), ("pinned", 1.05)):
    json.dump({"kvperf": 1, "config": cfg, "tool": "t", "runs": [{"benchmarks": [
        {"name": "\u67e5\u8be2", "params": {"size": "\u5927"}, "metrics": [
            {"name": "\u5ef6\u8fdf", "unit": "s", "direction": "lower", "samples": [f * (1 + 0.01 * r)]},
            {"name": "throughput_of_a_metric_with_a_name_much_longer_than_the_rest", "unit": "B/s",
             "direction": "higher", "samples": [100 / f * (1 + 0.02 * r)]}]}]} for r in range(5)]},
        open("cjk-%s.json" % cfg.encode().hex(), "w"), ensure_ascii=False)
PY
"$KVPERF" --db cjk.db import -q cjk-*.json
COLUMNS=120 "$KVPERF" --db cjk.db compare -b base >cjk.txt
same "CJK: the verdicts start in the same cell on every line" "$($PY -c "
import sys; sys.path.insert(0, '.')
from cells import cells
print(sorted({cells(l[:l.index('worse')]) for l in open('cjk.txt', encoding='utf-8') if l.rstrip().endswith('worse')}).__len__())")" "1"
got=$(widest cjk.txt)
[ "$got" -le 120 ] && ok "CJK: within 120 cells" || not_ok "CJK: within 120 cells" "widest: $got"
same "a metric too long for the width: a line of its own, its cells under it" \
	"$(COLUMNS=70 "$KVPERF" --db cjk.db compare -b base | grep -A1 '^  throughput_of' | sed 's/  */ /g')" \
	" throughput_of_a_metric_with_a_name_much_longer_than_the_rest
 pinned +5.0% [+0.4, +9.8] worse"

# TSV: the CSV's fields, one per tab.
"$KVPERF" --db "$db" compare -b baseline --format csv >c.csv
"$KVPERF" --db "$db" compare -b baseline --format tsv >c.tsv
same "TSV holds the CSV's fields" "$($PY -c "
import csv
a = list(csv.reader(open('c.csv')))
b = [l.rstrip('\n').split('\t') for l in open('c.tsv')]
print(a == b, len(b) > 2, len({len(r) for r in b}))")" "True True 1"

# The summary alone, in every format, with the JSON's numbers.
"$KVPERF" --db "$db" compare -b baseline --format json >c.json
for fmt in csv tsv; do
	"$KVPERF" --db "$db" compare -b baseline --format $fmt --summary-only >s.$fmt
	same "--summary-only --format $fmt: one row per summary row, the JSON's values" "$($PY -c "
import csv, json, sys
rows = list(csv.DictReader(open('s.$fmt'), delimiter='\t' if '$fmt' == 'tsv' else ','))
js = json.load(open('c.json'))['summary']
print(len(rows) == len(js), all(r['variant'] == j['variant'] and r['category'] == j['category']
    and abs(float(r['overhead_pct']) - j['overhead_pct']) < 1e-9 * abs(j['overhead_pct'])
    and abs(float(r['overhead_ci_lo']) - j['overhead_ci'][0]) < 1e-9 * abs(j['overhead_ci'][0])
    and r['verdict'] == j['verdict'] and int(r['metrics']) == j['metrics'] for r, j in zip(rows, js)))")" "True True"
done
run "$KVPERF" --db "$db" compare -b baseline --summary-only
case "$out" in
*"  metric "*) not_ok "--summary-only text: no per-metric table" "$out" ;;
*"geometric mean G"*"  constrained  all"*) ok "--summary-only text: the summary table alone" ;;
*) not_ok "--summary-only text: the summary table alone" "$out" ;;
esac
same "--summary-only JSON: the summary, no comparisons" "$("$KVPERF" --db "$db" compare -b baseline --format json --summary-only |
	$PY -c "import json, sys; d = json.load(sys.stdin); print('comparisons' in d, len(d['summary']) > 0)")" "False True"

# Colour: the reports' meaning (worse vermillion, better blue, ~ grey).
esc=$(printf '\033')
run "$KVPERF" --db "$db" compare -b baseline --color=always
has "--color=always colours a pipe: worse in vermillion" "$out" "${esc}[38;5;166m+105.7% [+102.7, +108.6]${esc}[0m"
run "$KVPERF" --db "$wide" compare -b constrained --color=always
has "better in blue" "$out" "${esc}[38;5;25mbetter${esc}[0m"
has "and no change in grey" "$out" "${esc}[2m~${esc}[0m"
run env NO_COLOR=1 "$KVPERF" --db "$db" compare -b baseline --color
has "--color alone overrides NO_COLOR" "$out" "${esc}["
tty() { script -qec "$*" /dev/null 2>&1; }
case "$(tty "'$KVPERF' --db '$db' compare -b baseline")" in *"${esc}[38;5;166m"*) ok "auto: colour on a terminal" ;; *) not_ok "auto: colour on a terminal" ;; esac
case "$(TERM=dumb tty "'$KVPERF' --db '$db' compare -b baseline")" in *"${esc}["*) not_ok "auto: TERM=dumb, no colour" ;; *) ok "auto: TERM=dumb, no colour" ;; esac
case "$(tty "'$KVPERF' --db '$db' compare -b baseline --color=never")" in *"${esc}["*) not_ok "--color=never on a terminal" ;; *) ok "--color=never on a terminal" ;; esac
run "$KVPERF" --db "$db" compare -b baseline --color=sometimes
expect "--color takes auto, always or never" 2
done_testing
