# t-kubevirt.sh - KubeVirt CI results: values as in the files, summaries, the
# zero-P50 trap, VMResult null, bad input.
. "$SRCDIR/tests/cli/lib.sh"
need "poppler-utils" command -v pdftotext
E=$SRCDIR/examples/kubevirt-ci
D=$SRCDIR/tests/data/kubevirt-ci
db=$T/k.db

run "$KVPERF" --db "$db" import -q --config-from-dir "$E"
expect "the KubeVirt CI results import" 0 ""
same "15 runs per Kubernetes version" "$(sql "$db" "select config, count(*) from run group by config" | tr '\n' ' ')" \
	"k8s-1.31|15 k8s-1.34|15 "
f=$E/k8s-1.31/1973654289083535360.json
same "the P50 start-up latency of one run, as in the file" \
	"$(sql "$db" "select value from samples_v where source like '%1973654289083535360.json' and benchmark = 'vmi-density' and metric = 'vmiCreationToRunningSecondsP50'")" \
	"$(python3 -c "import json, sys; print(repr(float(json.load(open(sys.argv[1]))['VMIResult']['Values']['vmiCreationToRunningSecondsP50']['value'])))" "$f")"
same "every metric is a summary" "$(sql "$db" "select distinct kind from metric")" "summary"
same "units and directions from the names" \
	"$(sql "$db" "select name || ':' || unit || ':' || direction from metric where name in ('vmiCreationToRunningSecondsP95', 'avgVirtAPIMemoryUsageInMB', 'running-phase-count', 'CREATE-pods-count') group by name order by name" | tr '\n' ' ')" \
	"CREATE-pods-count:count:lower avgVirtAPIMemoryUsageInMB:bytes:lower running-phase-count:count:higher vmiCreationToRunningSecondsP95:s:lower "
same "the start time is JobDirCreationTime" \
	"$(sql "$db" "select start_time from run join source on source.id = run.source_id where path like '%1973654289083535360.json'")" \
	"$(python3 -c "import json, re, sys; print(re.sub(r'\.[0-9]+Z$', 'Z', json.load(open(sys.argv[1]))['JobDirCreationTime']))" "$f")"

# A P50 of 0 while VMIs reached Running is a missing measurement: left out, said.
run "$KVPERF" --db "$T/z.db" import -c k8s-1.34 "$D/zero-p50.json"
expect "the zero-P50 file imports" 0
has "and says what it left out" "$err" "kvperf: note: $D/zero-p50.json: \$.VMIResult: 9 latencies of 0 s while 101 VMIs reached Running left out as missing measurements: vmiCreationToRunningSecondsP50,"
same "no zero start-up latency is stored" "$(sql "$T/z.db" "select count(*) from samples_v where metric like 'vmiCreationToRunning%' and benchmark = 'vmi-density'")" "0"
same "the rest is" "$(sql "$T/z.db" "select value from samples_v where metric = 'running-phase-count' and benchmark = 'vmi-density'")" "101.0"
run "$KVPERF" --db "$T/n.db" import -c density "$D/vmresult-null.json"
expect "VMResult null imports" 0
same "as the VMI benchmark only" "$(sql "$T/n.db" "select distinct benchmark from samples_v")" "vmi-density"
same "with its deletion latency as in the file" "$(sql "$T/n.db" "select value from samples_v where metric = 'vmiDeletionToFailedSecondsP95'")" \
	"$(python3 -c "import json; print(repr(float(json.load(open('$D/vmresult-null.json'))['VMIResult']['Values']['vmiDeletionToFailedSecondsP95']['value'])))")"
has "and no VMI reached Running: its zero start-up latencies are left out" "$err" "\$.VMIResult: 6 latencies of 0 s left out as missing measurements: vmiCreationToRunningSecondsP50,"
before=$(dbsum "$db")
run "$KVPERF" --db "$db" import -c density "$D/both-null.json"
expect "both null: no results, so no run (a run without samples is never stored)" 65 \
	"kvperf: $D/both-null.json: \$: VMIResult and VMResult are both null: the job wrote no results"
same "nothing stored" "$(dbsum "$db")" "$before"

# compare: the start-up latency difference, with its interval, across runs.
run "$KVPERF" --db "$db" compare -b k8s-1.31 --match 'vmi-density.*vmiCreationToRunningSecondsP50' --format json
same "compare flags the summaries and counts runs" "$(printf '%s' "$out" | python3 -c "
import json, sys
c = json.load(sys.stdin)['comparisons'][0]
print(c['variant'], 'summary' in c['flags'], c['baseline_stats']['n'], c['variant_stats']['n'], c['overhead_ci'][0] < c['overhead_pct'] < c['overhead_ci'][1])")" \
	"k8s-1.34 True 15 15 True"
same "start-up latency is in the latency category" "$(printf '%s' "$out" | python3 -c "
import json, sys
print(json.load(sys.stdin)['comparisons'][0]['category'])")" "latency"
same "the overhead is the ratio of the mean P50s read from the files" "$(printf '%s' "$out" | python3 -c "
import json, sys
print('%.6f' % json.load(sys.stdin)['comparisons'][0]['overhead_pct'])")" "$(python3 -c "
import glob, json, sys
def mean(v):
    p = [json.load(open(f))['VMIResult']['Values']['vmiCreationToRunningSecondsP50']['value'] for f in glob.glob(sys.argv[1] + '/' + v + '/*.json')]
    assert len(p) == 15 and min(p) > 0
    return sum(p) / len(p)
print('%.6f' % (100 * (mean('k8s-1.34') / mean('k8s-1.31') - 1)))" "$E")"
# P50, P95 and P99 come from the same 15 runs: the summary keeps their
# correlation and claims no significance its rows do not have.
run "$KVPERF" --db "$db" compare -b k8s-1.31 --match 'vmi-density.*vmiCreationToRunningSeconds' --format json
same "start-up latency: no row and no summary is significant, the summary pairs runs" "$(printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
rows = [c['verdict'] for c in d['comparisons']]
s = [s for s in d['summary'] if s['category'] == 'all'][0]
print(rows, s['verdict'], s['metrics'], s['paired'], s['runs_baseline'], s['interval_method'],
      s['overhead_ci'][0] < 0 < s['overhead_ci'][1],
      min(c['raw_overhead_ci'][1] - c['raw_overhead_ci'][0] for c in d['comparisons']) / 2 < s['overhead_ci'][1] - s['overhead_ci'][0])")" \
	"['same', 'same', 'same'] same 3 3 15 delta True True"
run "$KVPERF" --db "$db" compare -b k8s-1.31 --match 'vmi-density.*vmiCreationToRunningSecondsP50'
has "the text output explains the summary flag" "$out" "summary: each run gave one summary value (its P50, average, ...): the interval is across runs"

# report: the method says the intervals are across runs, the details mark them.
run "$KVPERF" --db "$db" report -b k8s-1.31 --match 'vmi-density.*vmiCreationToRunning' -o "$T/k.pdf"
expect "the report is written" 0
pdftotext -layout "$T/k.pdf" "$T/k.txt"
has "the report says the intervals are across runs" "$(tr -s ' \n' '  ' <"$T/k.txt")" \
	"3 of 3 comparisons are of per-run summaries (a P50, an average): their intervals are across 15 runs, not across the VMs or requests inside each run"
has "and marks them in the details" "$(cat "$T/k.txt")" "kubevirt-ci vmi-density · per-run summary"

# Bad input: one line with the JSON path, exit 65, nothing stored.
before=$(dbsum "$db")
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
d['VMIResult']['Values']['avgVirtAPICPUUsage']['value'] = 'high'
json.dump(d, open('type.json', 'w'))" "$f"
run "$KVPERF" --db "$db" import -c x type.json
expect "a value that is not a number" 65 "kvperf: type.json: \$.VMIResult.Values.avgVirtAPICPUUsage.value: expected a finite number, got a string"
head -c 700 "$f" >cut.json
run "$KVPERF" --db "$db" import -c x cut.json
expect "a truncated file" 65
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
del d['VMIResult']['Values']
json.dump(d, open('novalues.json', 'w'))" "$f"
run "$KVPERF" --db "$db" import -c x novalues.json
expect "Values missing" 65 "kvperf: novalues.json: \$.VMIResult: missing member \"Values\""
same "database unchanged by all three" "$(dbsum "$db")" "$before"

# Page 1 says why a metric is untested: these have a single run on a side
# (the CI kept one value per Kubernetes version), not constant values.
"$KVPERF" --db "$db" report -b k8s-1.31 -o "$T/all.pdf" >/dev/null
has "page 1: the untested metrics and why" "$(pdftotext -f 1 -l 1 "$T/all.pdf" - | tr -s ' \n' '  ')" \
	"6 of the 44 have a single run on a side, so untested"
# The largest overheads on page 1 are tested ones: the study's one worse
# metric is among them, no untested (n/a) metric takes its place.
pdftotext -layout -f 1 -l 1 "$T/all.pdf" - | sed -n '/^Largest/,/^Configurations/p' >extremes.txt
has "page 1's largest overheads name the worse metric" "$(cat extremes.txt)" "maxVirtControllerMemoryUsageInMB"
same "and no untested one" "$(grep -c ' n/a *$' extremes.txt)" "0"

done_testing
