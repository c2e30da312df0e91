# t-compare.sh - kvperf compare on the command line: formats, errors, gates, colour.
. "$SRCDIR/tests/cli/lib.sh"
db=$T/c.db
"$KVPERF" --db "$db" import -q "$SRCDIR/tests/data/native-sysbench" || echo "Bail out! cannot import the examples"

run "$KVPERF" --db "$db" compare --baseline baseline
expect "compare exits 0, nothing on stderr" 0 ""
has "text names the method" "$out" "mean of run means, Fieller interval; Welch's t-test; holm-adjusted p"
has "text shows the cpu overhead with its interval" "$out" "+51.4% [+50.7, +52.1]"
has "text shows SI units" "$out" "5.28k ops/s"
has "text shows the summary" "$out" "constrained  all       9         0.5472    +45.3%"
has "constant data are flagged, not tested" "$out" "constant: every run gave the same value"
case "$out" in *"$(printf '\033')"*) not_ok "no colour when stdout is not a terminal" ;; *) ok "no colour when stdout is not a terminal" ;; esac

# On a terminal: colour, unless NO_COLOR.
script -qec "'$KVPERF' --db '$db' compare -b baseline --match 'cpu threads=1 events'" /dev/null >tty.out 2>&1
grep -q "$(printf '\033\\[31m')" tty.out && ok "red on a terminal" || not_ok "red on a terminal" "$(cat -v tty.out)"
NO_COLOR=1 script -qec "'$KVPERF' --db '$db' compare -b baseline --match 'cpu threads=1 events'" /dev/null >tty.out 2>&1
grep -q "$(printf '\033\\[')" tty.out && not_ok "NO_COLOR turns colour off" || ok "NO_COLOR turns colour off"

run "$KVPERF" --db "$db" compare -b baseline --format csv
same "CSV: a header and one row per comparison" "$(printf '%s\n' "$out" | wc -l)" "10"
has "CSV header" "$out" "variant,tool,benchmark,params,metric,unit,direction,category,baseline_n,baseline_mean"
run "$KVPERF" --db "$db" compare -b baseline --format markdown
has "markdown is a GitHub table" "$out" "| benchmark | metric | baseline | constrained | overhead | p (adj) | verdict | flags |"
run "$KVPERF" --db "$db" compare -b baseline --format json
same "JSON parses, with the documented top-level fields" "$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sorted(d), d["baseline"], d["confidence"], d["estimator"], d["test"], d["adjust"], len(d["comparisons"]))')" \
	"['adjust', 'baseline', 'comparisons', 'confidence', 'estimator', 'interval', 'summary', 'test', 'unmatched'] baseline 0.95 mean welch holm 9"
same "non-finite values are null" "$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
c = [c for c in d["comparisons"] if "constant" in c["flags"]]
print(len(c), c[0]["p_value"], c[0]["ratio_ci"], c[0]["verdict"])')" "3 None [None, None] None"

run "$KVPERF" --db "$db" compare -b baseline --test mann-whitney --match 'events' --format csv
same "Mann-Whitney, 5 vs 5, all apart: exact p = 2/252" "$(printf '%s\n' "$out" | cut -d, -f29 | sed -n 2p)" "0.007936507936507936"

# Gates and equivalence.
run "$KVPERF" --db "$db" compare -b baseline --fail-above 60
expect "--fail-above exits 3 when a significant overhead is above it" 3
has "and names it" "$err" "kvperf: constrained: sysbench cpu threads=2 events_per_second is 67.4% worse (above 60%)"
run "$KVPERF" --db "$db" compare -b baseline --fail-above 250
expect "--fail-above passes when nothing is above it" 0 ""

# Errors.
run "$KVPERF" --db "$db" compare
expect "--baseline is required" 2
has "says so" "$err" "kvperf: --baseline is required"
run "$KVPERF" --db "$db" compare -b bm
expect "an unknown baseline lists the configurations" 1 "kvperf: no configuration 'bm' for the baseline; the database has: baseline, constrained"
run "$KVPERF" --db "$db" compare -b baseline -V kubevirt
expect "an unknown variant lists the configurations" 1 "kvperf: no configuration 'kubevirt' for the variant; the database has: baseline, constrained"
run "$KVPERF" --db "$db" compare -b baseline --confidence 2
expect "a confidence out of range is a usage error" 2
has "says the range" "$err" "--confidence needs a number from 0.5 to 0.999, not '2'"
run "$KVPERF" --db "$db" compare -b baseline --match '('
expect "a bad regex is a usage error" 2
run "$KVPERF" --db "$db" compare -b baseline --match 'nothing-like-this'
expect "a --match that matches nothing" 1 "kvperf: no benchmark matches --match 'nothing-like-this'"
"$KVPERF" --db "$T/one.db" import -q "$SRCDIR/tests/data/native-sysbench/sysbench-baseline.json"
run "$KVPERF" --db "$T/one.db" compare -b baseline
expect "one configuration only" 1 "kvperf: only the baseline 'baseline' is in the database: nothing to compare it with"
printf '' >empty.json
"$KVPERF" --db "$T/empty.db" import -q empty.json 2>/dev/null
run "$KVPERF" --db "$T/empty.db" compare -b baseline
expect "an empty database" 1 "kvperf: the database holds no samples; import some first"

# A metric on one side only is listed, not dropped.
cat >extra.json <<'JSON'
{"kvperf": 1, "config": "constrained", "tool": "sysbench",
 "benchmarks": [{"name": "cpu", "params": {"threads": 4}, "metrics": [
   {"name": "events_per_second", "unit": "events/s", "direction": "higher", "samples": [1, 2, 3]}]}]}
JSON
"$KVPERF" --db "$db" import -q extra.json
run "$KVPERF" --db "$db" compare -b baseline
has "text lists what was not compared" "$out" "sysbench cpu threads=4 events_per_second: only in constrained"
run "$KVPERF" --db "$db" compare -b baseline --format json
same "JSON lists it under unmatched" "$(printf '%s' "$out" | python3 -c '
import json, sys
print(json.load(sys.stdin)["unmatched"])')" "[{'tool': 'sysbench', 'benchmark': 'cpu', 'params': 'threads=4', 'metric': 'events_per_second', 'only_in': 'constrained', 'missing_in': 'baseline'}]"

# Summaries are not samples: a metric of kind "summary" says so everywhere.
python3 - <<'PY' >summary.json
import json
runs = [{"config": c, "benchmarks": [{"name": "startup", "metrics": [
    {"name": "p50", "unit": "s", "direction": "lower", "kind": "summary", "samples": [v]}]}]}
    for c, vs in (("k131", (10.1, 10.4, 9.9, 10.2)), ("k134", (11.0, 11.3, 10.8, 11.1))) for v in vs]
print(json.dumps({"kvperf": 1, "tool": "kubevirt-ci", "runs": runs}))
PY
"$KVPERF" --db "$T/sum.db" import -q summary.json
same "stored as a summary" "$(sql "$T/sum.db" "select kind from metric")" "summary"
run "$KVPERF" --db "$T/sum.db" compare -b k131
has "text flags it" "$out" "summary: each run gave one summary value (its P50, average, ...): the interval is across runs"
run "$KVPERF" --db "$T/sum.db" compare -b k131 --format json
same "JSON flags it, n counts runs" "$(printf '%s' "$out" | python3 -c "
import json, sys
c = json.load(sys.stdin)['comparisons'][0]
print('summary' in c['flags'], c['baseline_stats']['n'])")" "True 4"
printf '{"kvperf": 1, "config": "k131", "tool": "kubevirt-ci", "benchmarks": [{"name": "startup", "metrics": [{"name": "p50", "unit": "s", "direction": "lower", "samples": [9]}]}]}' >sample.json
run "$KVPERF" --db "$T/sum.db" import sample.json
expect "the same metric as a sample is an error" 65 "kvperf: sample.json: \$.benchmarks[0].metrics[0]: metric 'p50' is stored as a summary, this file gives a sample"

done_testing
