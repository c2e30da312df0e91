# t-compare.sh - kvperf compare on the command line: formats, errors, gates, colour.
. "$SRCDIR/tests/cli/lib.sh"
db=$T/c.db
# Wide enough for every column (t-terminal.sh checks the narrower ones).
export COLUMNS=250
"$KVPERF" --db "$db" import -q "$SRCDIR/tests/data/native-sysbench" || echo "Bail out! cannot import the examples"

run "$KVPERF" --db "$db" compare --baseline baseline
expect "compare exits 0, nothing on stderr" 0 ""
has "text says the level of the intervals and how they are adjusted" "$out" "95% confidence; intervals at 95% over 6 comparisons (Benjamini-Hochberg"
has "text names the method" "$out" "each run's mean is one sample; Fieller's interval for the ratio of means, Welch's t-test on Fieller's df; adjusted p in parentheses"
# Throughput 5.28k -> 2.57k ops/s: change -51.4%, C = 5.28/2.57 = x2.06, overhead +105.7%
# (the interval was checked by hand against Fieller's formula on Welch's df).
has "a throughput row: its change, C and overhead with its interval" "$out" "-51.4%  ×2.06  +105.7% [+102.7, +108.6]  4.3e-10 (1.3e-09)  worse"
has "a latency row: overhead equals change" "$out" "+15.0%  ×1.15     +15.0% [+10.6, +19.4]"
has "text shows SI units" "$out" "5.28k ops/s"
has "text states the one scale in one sentence" "$out" "overhead = (C - 1) × 100 where C, the cost ratio, is variant/baseline for lower-is-better metrics and baseline/variant for higher-is-better ones: C > 1 means the variant is worse."
case "$out" in *direction-normalised*) not_ok "the old two-scale header is gone" ;; *) ok "the old two-scale header is gone" ;; esac
has "text shows the summary on the same scale" "$out" "  variant      category  metrics  runs (b/v)     ×G       overhead [interval]  verdict  interval method
  constrained  all             9       15/15  ×1.83     +82.7% [+80.2, +85.3]  worse    delta method over runs, t (df 5.7)"
has "the summary of one metric is that metric's row" "$out" "constrained  memory          1         5/5  ×2.04  +104.4% [+102.1, +106.8]  worse    the row's interval"
has "and says it keeps the runs' correlation" "$out" "the summary's interval keeps the correlation of metrics measured in the same runs"
has "constant data are flagged, not tested" "$out" "constant: every run gave the same value"
case "$out" in *"$(printf '\033')"*) not_ok "no colour when stdout is not a terminal" ;; *) ok "no colour when stdout is not a terminal" ;; esac

# On a terminal: colour (the reports' vermillion for worse), unless NO_COLOR.
script -qec "'$KVPERF' --db '$db' compare -b baseline --match 'cpu threads=1 events'" /dev/null >tty.out 2>&1
grep -q "$(printf '\033\\[38;5;166m')" tty.out && ok "vermillion on a terminal" || not_ok "vermillion on a terminal" "$(cat -v tty.out)"
NO_COLOR=1 script -qec "'$KVPERF' --db '$db' compare -b baseline --match 'cpu threads=1 events'" /dev/null >tty.out 2>&1
grep -q "$(printf '\033\\[')" tty.out && not_ok "NO_COLOR turns colour off" || ok "NO_COLOR turns colour off"

run "$KVPERF" --db "$db" compare -b baseline --format csv
same "CSV: a header and one row per comparison" "$(printf '%s\n' "$out" | wc -l)" "10"
has "CSV header" "$out" "variant,tool,benchmark,params,metric,unit,direction,category,baseline_n,baseline_mean"
printf '%s\n' "$out" >cmp.csv
run "$KVPERF" --db "$db" compare -b baseline --format markdown
has "markdown is a GitHub table" "$out" "| benchmark | metric | baseline | constrained | change | ×C | overhead | p (adj) | verdict | flags |"
run "$KVPERF" --db "$db" compare -b baseline --format json
printf '%s\n' "$out" >cmp.json
same "JSON parses, with the documented top-level fields" "$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sorted(d), d["baseline"], d["confidence"], d["level"], d["adjusted_over"], d["estimator"], d["test"], d["adjust"], d["interval"], len(d["comparisons"]))')" \
	"['adjust', 'adjust_explain', 'adjusted_over', 'baseline', 'comparisons', 'confidence', 'estimator', 'interval', 'level', 'summary', 'test', 'unmatched'] baseline 0.95 0.95 6 mean welch bh fieller 9"
same "non-finite values are null" "$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
c = [c for c in d["comparisons"] if "constant" in c["flags"]]
print(len(c), c[0]["p_value"], c[0]["ratio_ci"], c[0]["verdict"])')" "3 None [None, None] None"
# The scale from the samples themselves: change = 100 (v/b - 1), C = v/b or
# b/v by direction, overhead = 100 (C - 1); intervals mapped the same way.
same "JSON: change, cost and overhead from the run means, both directions" "$(python3 - cmp.json "$db" <<'PY'
import json, sqlite3, sys
d = json.load(open(sys.argv[1]))
con = sqlite3.connect(sys.argv[2])
bad = []
def mean(cfg, c):
    rows = con.execute("select avg(value) from samples_v where config = ? and metric = ? and params = ? group by run_id",
                       (cfg, c["metric"], c["params"])).fetchall()
    return sum(r[0] for r in rows) / len(rows)
def near(a, b):
    return a is None and b is None or a is not None and b is not None and abs(a - b) <= 1e-9 * max(1, abs(b))
for c in d["comparisons"]:
    b, v = mean("baseline", c), mean("constrained", c)
    up = c["direction"] == "higher"
    C = b / v if up else v / b
    lo, hi = c["ratio_ci"]
    clo, chi = ((1 / hi, 1 / lo) if up else (lo, hi)) if lo is not None else (None, None)
    want = [("change", c["change_pct"], 100 * (v / b - 1)), ("cost", c["cost"], C),
            ("overhead", c["overhead_pct"], 100 * (C - 1)), ("cost lo", c["cost_ci"][0], clo),
            ("cost hi", c["cost_ci"][1], chi),
            ("overhead lo", c["overhead_ci"][0], None if clo is None else 100 * (clo - 1)),
            ("overhead hi", c["overhead_ci"][1], None if chi is None else 100 * (chi - 1))]
    for what, got, exp in want:
        if not near(got, exp):
            bad.append("%s %s: %r != %r" % (c["metric"], what, got, exp))
    if c["verdict"] is not None and (c["verdict"] == "worse") != (c["overhead_ci"][0] > 0):
        bad.append("%s: verdict %s against %r" % (c["metric"], c["verdict"], c["overhead_ci"]))
    if c["method"] != "fieller" or not 0.5 < c["level"] < 1:
        bad.append("%s: method %r level %r" % (c["metric"], c["method"], c["level"]))
    # the printed interval is at a level no lower than --confidence: it holds the raw one
    if c["p_value"] is not None and not (c["ratio_ci"][0] <= c["raw_ratio_ci"][0] + 1e-12 and c["raw_ratio_ci"][1] <= c["ratio_ci"][1] + 1e-12):
        bad.append("%s: raw interval %r outside %r" % (c["metric"], c["raw_ratio_ci"], c["ratio_ci"]))
print(len(d["comparisons"]), bad)
PY
)" "9 []"
same "JSON summary: G is the geometric mean of the rows' C, with its fields" "$(python3 - cmp.json <<'PY'
import json, math, sys
d = json.load(open(sys.argv[1]))
s = [x for x in d["summary"] if x["category"] == "all"][0]
c = [x["cost"] for x in d["comparisons"] if "merged_into" not in x]
g = math.exp(sum(map(math.log, c)) / len(c))
print(abs(s["cost"] / g - 1) < 1e-12, abs(s["overhead_pct"] - 100 * (g - 1)) < 1e-9, s["metrics"], s["runs_baseline"], s["runs_variant"],
      s["verdict"], s["interval_method"], s["cost_ci"][0] < s["cost"] < s["cost_ci"][1],
      abs(s["overhead_ci"][0] - 100 * (s["cost_ci"][0] - 1)) < 1e-9, sorted(x for x in s if x not in ("variant", "category")))
PY
)" "True True 9 15 15 worse delta True True ['between_benchmarks_ci', 'cost', 'cost_ci', 'df', 'interval_method', 'level', 'merged', 'metrics', 'overhead_ci', 'overhead_pct', 'paired', 'runs_baseline', 'runs_variant', 'verdict']"
same "CSV carries what JSON does, the unadjusted interval too" "$(python3 - cmp.csv cmp.json <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
cmp = json.load(open(sys.argv[2]))["comparisons"]
num = lambda s: None if s == "" else float(s)
bad = 0
for r, c in zip(rows, cmp):
    pairs = [("change_pct", c["change_pct"]), ("cost", c["cost"]), ("cost_ci_lo", c["cost_ci"][0]),
             ("overhead_ci_hi", c["overhead_ci"][1]), ("raw_ratio_ci_lo", c["raw_ratio_ci"][0]),
             ("raw_cost_ci_hi", c["raw_cost_ci"][1]), ("raw_overhead_ci_lo", c["raw_overhead_ci"][0]), ("level", c["level"])]
    bad += sum(1 for k, v in pairs if num(r[k]) != v) + (r["method"] != c["method"])
print(len(rows), bad)
PY
)" "9 0"

run "$KVPERF" --db "$db" compare -b baseline --test mann-whitney --match 'events' --format csv
same "Mann-Whitney, 5 vs 5, all apart: exact p = 2/252, with the Hodges-Lehmann ratio" "$(printf '%s\n' "$out" | python3 -c "
import csv, sys
r = list(csv.DictReader(sys.stdin))[0]
print(r['p_value'], r['method'])")" "0.007936507936507936 hodges-lehmann"

# Gates and equivalence: the gate reads the verdict and the overhead alone.
run "$KVPERF" --db "$db" compare -b baseline --fail-above 200
expect "--fail-above exits 3 when a significant overhead is above it" 3
has "and names it, with the overhead on the one scale" "$err" "kvperf: constrained: sysbench cpu threads=2 events_per_second: overhead +207.2% (×3.07), above 200%"
same "only what is above it" "$(printf '%s\n' "$err" | wc -l)" "2"
run "$KVPERF" --db "$db" compare -b baseline --fail-above 250
expect "--fail-above passes when nothing is above it" 0 ""
run "$KVPERF" --db "$db" compare -b baseline --fail-above 200 --equivalence 1000
expect "--equivalence does not hide a crossed gate" 3
has "a row is both worse and equivalent, and shows both" "$out" "+207.2% [+205.2, +209.2]  2.1e-17 (1.2e-16)  worse, equivalent"
has "and says what equivalent means" "$out" "equivalent: the overhead's 90% interval (two one-sided tests) lies within ±1000%"
run "$KVPERF" --db "$db" compare -b baseline --match 'threads=1 latency_p95' --equivalence 5 --format json
same "JSON: equivalence beside the verdict" "$(printf '%s' "$out" | python3 -c "
import json, sys
c = json.load(sys.stdin)['comparisons'][0]
print(c['verdict'], c['equivalent'], c['equivalence_ci'][0] > 5)")" "worse False True"

# An interval without an upper end: a throughput that may have fallen to 0
# has no upper bound on C.  "+inf" in text and CSV; JSON null beside a finite
# lower end.
python3 - <<'PY'
import json
def native(config, vals):
    runs = [{"benchmarks": [{"name": "b", "metrics": [
        {"name": "tput", "unit": "ops/s", "direction": "higher", "samples": [t]}]}]} for t in vals]
    json.dump({"kvperf": 1, "config": config, "tool": "syn", "runs": runs}, open(config + ".json", "w"))
native("base", [10, 10.5, 9.5])
native("var", [0.1, 5, 0.2])
PY
"$KVPERF" --db "$T/inf.db" import -q base.json var.json || echo "Bail out! cannot import"
run "$KVPERF" --db "$T/inf.db" compare -b base
expect "an unbounded interval" 0 ""
has "prints +inf" "$out" "-82.3%  ×5.66  +466.0% [+13.7, +inf]"
run "$KVPERF" --db "$T/inf.db" compare -b base --format json
same "JSON: null for the infinite end, the finite one kept" "$(printf '%s' "$out" | python3 -c "
import json, sys
c = json.load(sys.stdin)['comparisons'][0]
print(c['cost_ci'][1], c['overhead_ci'][1], round(c['overhead_ci'][0], 1), round(100 * (1 / c['ratio_ci'][1] - 1), 1))")" "None None 13.7 13.7"
run "$KVPERF" --db "$T/inf.db" compare -b base --format csv
same "CSV: inf" "$(printf '%s\n' "$out" | python3 -c "
import csv, sys
r = list(csv.DictReader(sys.stdin))[0]
print(r['cost_ci_hi'], r['overhead_ci_hi'], float(r['cost_ci_lo']) > 0)")" "inf inf True"

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
# a kvperf database whose every source was deleted (a failed first import
# no longer leaves an empty database behind)
"$KVPERF" --db "$T/empty.db" import -q "$SRCDIR/tests/data/native-sysbench/sysbench-baseline.json"
python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA foreign_keys = ON')
for t in ('sample', 'label', 'run', 'source'):
    c.execute('DELETE FROM ' + t)
c.commit()" "$T/empty.db"
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
