# t-trend.sh - kvperf trend on KubeVirt's CI results (examples/kubevirt-ci,
# real files with start times) as one history: the change point between the
# k8s 1.31 and 1.34 runs, its JSON, the orders (time, label, order file),
# the gate, and bad input.
. "$SRCDIR/tests/cli/lib.sh"
db=$T/t.db
ci=$SRCDIR/examples/kubevirt-ci
# One configuration, one history; each run labelled with its Kubernetes
# version and, as a nightly job would, its "commit" (here the Prow build id).
for d in k8s-1.31 k8s-1.34; do
	for f in "$ci/$d"/*.json; do
		b=$(basename "$f" .json)
		"$KVPERF" --db "$db" import -q -c ci --label "k8s=${d#k8s-}" --label "commit=c$b" "$f" ||
			echo "Bail out! cannot import $f"
	done
done

m='maxVirtControllerMemoryUsageInMB'
run "$KVPERF" --db "$db" trend --match "$m"
expect "trend exits 0, nothing on stderr" 0 ""
# 15 runs of 1.31 (84.0 MB) then 15 of 1.34 (86.4 MB): the split lands on the
# first 1.34 run, run 16, as compare of the two configurations finds (+2.9%).
has "the change point: run 16, the first k8s 1.34 run, +2.9%, a regression" "$out" \
	"kubevirt-ci vmi-density $m [ci]  at run 16 of 30 (id 16) 2025-10-09T16:31:16Z  84.0 MB -> 86.4 MB  ×1.03 [×1.01, ×1.05]  +2.9% [+0.8, +5.2]  p=0.00198  regression"
has "the counts" "$out" "1 change point (1 regression, 0 improvements) in 1 series; 0 series stable; 0 not analysed"

run "$KVPERF" --db "$db" trend --match "$m" --format json
same "JSON: the change point's fields" "$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
s = d["series"][0]
c = s["change_points"][0]
print(d["order"], d["tests"], d["counts"]["change_points"], s["status"], s["runs"], len(s["segments"]),
      c["run_id"], c["start_time"], c["before"]["n"], c["after"]["n"], c["k_splits"],
      round(c["overhead_pct"], 1), c["cost_interval"][0] > 1, c["verdict"], c["interval"],
      abs(c["p"] - 25 * c["p_split"]) < 1e-15, c["p"] == c["p_adjusted"], round(c["level"], 4))')" \
	"time 1 1 changed 30 2 16 2025-10-09T16:31:16Z 15 15 25 2.9 True regression bounded True True 0.998"

run "$KVPERF" --db "$db" trend
expect "the whole history: exit 0" 0 ""
# Adjusted over 37 series, the +2.9% step's p (0.002, which pays for a
# split chosen among 25) does not pass BH's bar (0.05/37): no change point.
has "the whole history: no change point survives the adjustment" "$out" \
	"0 change points (0 regressions, 0 improvements) in 0 series; 37 series stable; 22 not analysed"
has "a series with too few runs says so" "$out" \
	"  not analysed: kubevirt-ci vmi-density WATCH-clusterroles-count [ci]: too few runs: 1, at least 8"
has "a series with a zero run mean says why" "$out" \
	"minVirtAPIMemoryUsageInMB [ci]: a run mean at or below zero: steps are ratios of positive means"

run "$KVPERF" --db "$db" trend --match "$m" --fail-on-regression 2
expect "--fail-on-regression 2: exit 3, naming the series" 3 \
	"kvperf: regression: kubevirt-ci vmi-density $m [ci] since run 16 of 30 (id 16) 2025-10-09T16:31:16Z: overhead +2.9% (×1.03), above 2%"
run "$KVPERF" --db "$db" trend --match "$m" --fail-on-regression 5
expect "--fail-on-regression 5: the +2.9% regression is below the bar" 0 ""

# Ordered by the label in natural order: the same split.
run "$KVPERF" --db "$db" trend --match "$m" --by commit
has "--by commit (natural order of the build ids): the same run" "$out" "at run 16 of 30 (id 16) 2025-10-09T16:31:16Z commit=c1976311910299078656"
# An order file that puts 1.34 first: the step reads the other way round
# (the first 1.31 run, 86.3 MB, now sits next to the 1.34 runs and joins them).
printf '# newest release first, as a mistake\n1.34\n1.31\n' >rev.txt
run "$KVPERF" --db "$db" trend --match "$m" --by k8s --order-file rev.txt
has "an order file orders the history: 1.34 then 1.31, an improvement at run 17 (id 2)" "$out" \
	"at run 17 of 30 (id 2) 2025-09-28T00:23:52Z k8s=1.31  86.4 MB -> 83.8 MB  ×0.97 [×0.95, ×0.99]  -3.0% [-5.0, -1.0]  p=5.2e-04  improvement"

# Runs without the key are named and left out, not guessed.
printf '1.31\n' >only.txt
run "$KVPERF" --db "$db" trend --match "$m" --by k8s --order-file only.txt
expect "runs the order file does not list: named, with their configuration" 0 \
	"kvperf: note: 15 runs left out, without a label 'k8s' that 'only.txt' lists (ci: 15; not listed: '1.34')"
cp "$db" more.db
"$KVPERF" --db more.db import -q -c ci "$SRCDIR/tests/data/kubevirt-ci" 2>/dev/null
run "$KVPERF" --db more.db trend --match "$m" --by k8s
case "$err" in "kvperf: note: "*" without the label 'k8s' left out (ci: "*) ok "runs without the label: named" ;;
*) not_ok "runs without the label: named" "$err" ;; esac
run "$KVPERF" --db "$db" trend --by nosuch
expect "no run has the label: exit 65, one line after the note" 65
has "... and says which label" "$err" "kvperf: no run of these series has the label 'nosuch' (kvperf import --label nosuch=...)"

# Bad order files: file:line:column.
printf '1.31\n# fine\nnot one\n' >bad.txt
run "$KVPERF" --db "$db" trend --by k8s --order-file bad.txt
expect "a bad order-file line: exit 65, named by file:line" 65 \
	"kvperf: bad.txt:3:4: 'not one': an order file holds one key a line, without blanks"
printf '1.31\n1.3\0334\n' >ctl.txt
run "$KVPERF" --db "$db" trend --by k8s --order-file ctl.txt
expect "a control character in a key: exit 65, its line and column" 65 \
	"kvperf: ctl.txt:2:4: control character 0x1b in a key: an order file holds one key a line, in text"
run "$KVPERF" --db "$db" trend --by k8s --order-file "$T"
expect "a directory as the order file: exit 66" 66 "kvperf: $T: cannot read: Is a directory"
printf '1.31\n1.34\n1.31\n' >dup.txt
run "$KVPERF" --db "$db" trend --by k8s --order-file dup.txt
expect "a key listed twice: exit 65" 65 "kvperf: dup.txt:3:1: '1.31' is listed already on line 1"
run "$KVPERF" --db "$db" trend --by k8s --order-file missing.txt
expect "an order file that is not there: exit 66" 66 "kvperf: missing.txt: cannot open: No such file or directory"

# Too few runs: the stated reason.
run "$KVPERF" --db "$db" trend --match "$m" --last 5
has "--last 5: too few runs, with the reason" "$out" "not analysed: kubevirt-ci vmi-density $m [ci]: too few runs: 5, at least 8"

# Usage errors.
run "$KVPERF" --db "$db" trend --order-file rev.txt
expect "--order-file without --by: exit 2" 2
run "$KVPERF" --db "$db" trend --since yesterday
expect "a bad --since: exit 2" 2
run "$KVPERF" --db "$db" trend --format xml
expect "a bad --format: exit 2" 2
run "$KVPERF" --db "$T/none.db" trend
expect "no database: exit 66" 66

# CSV and markdown.
run "$KVPERF" --db "$db" trend --match "$m" --format csv
same "CSV: a header and one row" "$(printf '%s\n' "$out" | wc -l)" "2"
has "CSV: the row" "$out" "kubevirt-ci,vmi-density,,$m,bytes,lower,ci,16,2025-10-09T16:31:16Z,,15,"
run "$KVPERF" --db "$db" trend --match "$m" --format markdown
has "markdown table" "$out" "| series | config | at | before -> after | C [interval] | overhead | p | verdict |"
run "$KVPERF" trend --help
has "--help documents the gate" "$out" "--fail-on-regression <pct>"

echo "1..$n"
[ "$nfail" -eq 0 ]
