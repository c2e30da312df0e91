# t-kubeburner.sh - kube-burner measurements: a collected-metrics directory
# is one run, values as in the files, quantiles are summaries, jobSummary
# labels, the traps (negative latencies, appended files, Max/Avg, the docs'
# trailing commas), bad input.
. "$SRCDIR/tests/cli/lib.sh"
D=$SRCDIR/tests/data/kube-burner
B=$D/collected-metrics-f7c79fd5
db=$T/kb.db

run "$KVPERF" --db "$db" import -c kubevirt "$B"
expect "a collected-metrics directory imports" 0
has "as one import and one run" "$out" "imported 1 file (1 run, 38 samples)"
same "one source row for the directory" "$(sql "$db" "select path || ' ' || format from source")" "$B kube-burner"
has "the negative latency is left out with a note naming its file" "$err" \
	"kvperf: note: $B/vmiLatencyMeasurement-virt-density.json: vmiLatency: negative latencies (a phase kube-burner never saw) left out: vmiSchedulingLatency (1)"
has "the Prometheus metric is named and left out" "$err" \
	"kvperf: note: $B: metrics that are not kube-burner measurements left out: vmiCPU"
same "every VMI's start-up latency, ms to s, as in the file" \
	"$(sql "$db" "select group_concat(value, ' ') from (select value from samples_v where metric = 'vmiRunningLatency' order by seq)")" \
	"$(python3 -c "
import json, sys
print(' '.join(repr(d['vmiRunningLatency'] / 1000) for d in json.load(open(sys.argv[1]))))" "$B/vmiLatencyMeasurement-virt-density.json")"
same "the phase never seen keeps its other sample" "$(sql "$db" "select count(*) from samples_v where metric = 'vmiSchedulingLatency'")" "1"
same "per-object latencies are samples, quantiles summaries" \
	"$(sql "$db" "select name || ':' || kind from metric where name in ('vmiRunningLatency', 'VMIScheduled.P99') order by name" | tr '\n' ' ')" \
	"VMIScheduled.P99:summary vmiRunningLatency:sample "
same "a quantile as in the file" "$(sql "$db" "select value from samples_v where metric = 'VMIScheduled.P99'")" \
	"$(python3 -c "
import json, sys
print(repr([d for d in json.load(open(sys.argv[1])) if d['quantileName'] == 'VMIScheduled'][0]['P99'] / 1000))" "$B/vmiLatencyQuantilesMeasurement-virt-density.json")"
same "the benchmark and its job" "$(sql "$db" "select distinct benchmark || ' ' || params from samples_v order by 1" | tr '\n' ' ')" \
	"job job=virt-density vmiLatency job=virt-density "
same "jobSummary gives the labels, as in the file" \
	"$(sql "$db" "select key || '=' || value from label where key in ('kube-burner.uuid', 'kube-burner.job', 'kube-burner.version', 'kube-burner.k8sVersion', 'kube-burner.passed', 'kube-burner.jobIterations') order by key" | tr '\n' ' ')" \
	"$(python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))[0]
l = {'job': j['jobConfig']['name'], 'jobIterations': j['jobConfig']['jobIterations'], 'k8sVersion': j['k8sVersion'],
     'passed': str(j['passed']).lower(), 'uuid': j['uuid'], 'version': j['version']}
print(''.join('kube-burner.%s=%s ' % kv for kv in sorted(l.items())), end='')" "$B/jobSummary.json")"
same "and the start time, version and elapsed time" \
	"$(sql "$db" "select start_time || ' ' || tool_version from run")/$(sql "$db" "select value from samples_v where metric = 'elapsedTime'")" \
	"$(python3 -c "
import json, re, sys
j = json.load(open(sys.argv[1]))[0]
# stored in UTC, whole seconds
print('%s %s/%r' % (re.sub(r'\.[0-9]+Z$', 'Z', j['timestamp']), j['version'], float(j['elapsedTime'])))" "$B/jobSummary.json")"
run "$KVPERF" --db "$db" import -c kubevirt "$B"
has "the same directory again is skipped" "$err" "already imported"

# Found by walking: the directory above names the configuration.
mkdir -p results/tuned
cp -r "$B" results/tuned/
run "$KVPERF" --db "$T/walk.db" import --config-from-dir results
expect "walked" 0
same "config from the directory above the metrics directory" "$(sql "$T/walk.db" "select config from run")" "tuned"

# kube-burner's documentation examples: single documents.
run "$KVPERF" --db "$T/m.db" import -c x "$D/docs/docs-excerpt-vmimLatencyMeasurement.json"
expect "a lone vmimLatency document imports" 0
same "its migration phases, a 0 kept as 0" \
	"$(sql "$T/m.db" "select metric || '=' || value from samples_v where metric in ('pendingLatency', 'succeededLatency') order by metric" | tr '\n' ' ')" \
	"pendingLatency=0.0 succeededLatency=14.0 "
run "$KVPERF" --db "$T/m.db" import -c x "$D/docs/docs-excerpt-vmimLatencyQuantilesMeasurement.json"
expect "vmim quantiles import" 0
same "with min" "$(sql "$T/m.db" "select value from samples_v where metric = 'Scheduled.min'")" "6.0"
run "$KVPERF" --db "$T/m.db" import -c x "$D/docs/docs-excerpt-vmiLatencyMeasurement.json"
expect "the docs' vmiLatency example is not JSON (a trailing comma)" 65 \
	"kvperf: $D/docs/docs-excerpt-vmiLatencyMeasurement.json:22:1: string or '}' expected near '}'"

# Old releases write Max and Avg; go-commons appends a second run to a file.
python3 - "$B" <<'PY'
import json, sys
q = json.load(open(sys.argv[1] + '/vmiLatencyQuantilesMeasurement-virt-density.json'))
old = [{k.capitalize() if k in ('max', 'avg') else k: v for k, v in d.items()} for d in q]
json.dump(old, open('old.json', 'w'))
second = [dict(d, uuid='00000000-0000-0000-0000-000000000002') for d in q]
json.dump(q + second, open('appended.json', 'w'))
PY
run "$KVPERF" --db "$T/o.db" import -c x old.json
expect "Max and Avg" 0
same "read as max and avg" "$(sql "$T/o.db" "select count(*) from samples_v where metric in ('VMIScheduled.max', 'VMIScheduled.avg')")" "2"
run "$KVPERF" --db "$T/a.db" import -c x appended.json
expect "a file with two uuids" 0
same "is two runs" "$(sql "$T/a.db" "select count(*) from run")/$(sql "$T/a.db" "select count(distinct value) from label where key = 'kube-burner.uuid'")" "2/2"

# Bad input: the place is named, nothing is stored.
before=$(dbsum "$db")
mkdir bad
cp "$B"/*.json bad/
head -c 300 "$B/vmiLatencyMeasurement-virt-density.json" >bad/vmiLatencyMeasurement-virt-density.json
run "$KVPERF" --db "$db" import -c x bad
expect "a truncated file in the directory" 65
has "names that file and the place" "$err" "kvperf: bad/vmiLatencyMeasurement-virt-density.json:1:"
python3 - "$B" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + '/vmiLatencyMeasurement-virt-density.json'))
d[1]['vmiRunningLatency'] = 'slow'
json.dump(d, open('type.json', 'w'))
del d[0]['uuid']
json.dump(d, open('nouuid.json', 'w'))
open('empty.json', 'w').write('[]')
PY
run "$KVPERF" --db "$db" import -c x type.json
expect "a latency that is not a number" 65 "kvperf: type.json: \$[1].vmiRunningLatency: expected a finite number, got a string"
run "$KVPERF" --db "$db" import -c x --format kube-burner nouuid.json
expect "a document without uuid" 65 "kvperf: nouuid.json: \$[0]: missing member \"uuid\""
run "$KVPERF" --db "$db" import -c x --format kube-burner empty.json
expect "an empty array" 65 "kvperf: empty.json: \$: an empty array: no kube-burner documents"
same "database unchanged by all of them" "$(dbsum "$db")" "$before"

done_testing
