# t-kvobjects.sh - KubeVirt objects with status (kubectl get vmi|vmim -o
# json): start-up and migration latencies, one sample per object.
. "$SRCDIR/tests/cli/lib.sh"
D=$SRCDIR/tests/data/kubevirt-objects
db=$T/o.db

run "$KVPERF" --db "$db" import -c kubevirt "$D/vmis-100.json"
expect "a List of 100 VMIs imports" 0
has "and says how many never ran" "$err" \
	"kvperf: note: $D/vmis-100.json: 2 of 100 VMIs never reached Running: their start-up is not in creationToRunning"
same "one run, detected as kubevirt" "$(sql "$db" "select count(*) || ' ' || tool from run")/$(sql "$db" "select format from source")" "1 kubevirt/kubevirt"
same "the number of VMIs that reached Running, as in the file" \
	"$(sql "$db" "select count(*) from samples_v where benchmark = 'vmi-startup' and metric = 'creationToRunning'")" \
	"$(python3 -c "
import json, sys
print(sum(1 for v in json.load(open(sys.argv[1]))['items'] if any(p['phase'] == 'Running' for p in v['status']['phaseTransitionTimestamps'])))" "$D/vmis-100.json")"
same "every creation-to-Running latency, as the timestamps give it" \
	"$(sql "$db" "select group_concat(value, ' ') from (select value from samples_v where metric = 'creationToRunning' order by seq)")" \
	"$(python3 -c "
import datetime, json, sys
t = lambda s: datetime.datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ')
out = []
for v in json.load(open(sys.argv[1]))['items']:
    for p in v['status']['phaseTransitionTimestamps']:
        if p['phase'] == 'Running':
            out.append(repr((t(p['phaseTransitionTimestamp']) - t(v['metadata']['creationTimestamp'])).total_seconds()))
print(' '.join(out))" "$D/vmis-100.json")"
same "whole seconds, with ties" "$(sql "$db" "select count(*) = count(distinct value) from samples_v where metric = 'creationToRunning'")/$(sql "$db" "select count(*) from samples_v where metric = 'creationToRunning' and value <> round(value)")" "0/0"
same "Pending is not a latency" "$(sql "$db" "select count(*) from samples_v where metric = 'creationToPending'")" "0"
same "the spec's tuning labels the run, 100 names as a count" \
	"$(sql "$db" "select key || '=' || value from label where key in ('kubevirt.dedicated_cpu_placement', 'kubevirt.cores', 'kubevirt.name', 'kubevirt.node') order by key" | tr '\n' ' ')" \
	"kubevirt.cores=2 kubevirt.dedicated_cpu_placement=true kubevirt.name=(100 values) kubevirt.node=node02,node03 "
same "the start time is the first creation" "$(sql "$db" "select start_time from run")" "2026-11-02T09:00:00Z"

run "$KVPERF" --db "$db" import -c kubevirt "$D/vmi-one.json"
expect "one VMI after a live migration" 0
same "gives its migration time" "$(sql "$db" "select value from samples_v where benchmark = 'vmi-migration' and metric = 'migrationDuration'")" "12.0"

run "$KVPERF" --db "$db" import -c kubevirt "$D/vmims-10.json"
expect "a List of migrations" 0
has "the failed one is left out" "$err" "kvperf: note: $D/vmims-10.json: 1 failed migration left out"
same "migration durations as in the files" \
	"$(sql "$db" "select group_concat(value, ' ') from (select value from samples_v where benchmark = 'vmim' and metric = 'migrationDuration' order by seq)")" \
	"$(python3 -c "
import datetime, json, sys
t = lambda s: datetime.datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ')
print(' '.join(repr((t(m['status']['migrationState']['endTimestamp']) - t(m['status']['migrationState']['startTimestamp'])).total_seconds())
               for m in json.load(open(sys.argv[1]))['items'] if m['status']['phase'] != 'Failed'))" "$D/vmims-10.json")"

# A spec without status is not a result (it is for --vmi).
run "$KVPERF" --db "$T/s.db" import -c x "$SRCDIR/tests/data/vmi/vmi-list.json"
expect "a spec alone is not a result" 65

# Bad input: the JSON path, exit 65, nothing stored.
before=$(dbsum "$db")
mutate "$D/vmis-100.json" time.json "d['items'][3]['status']['phaseTransitionTimestamps'][2]['phaseTransitionTimestamp'] = 'yesterday'"
mutate "$D/vmis-100.json" nocreation.json "del d['items'][5]['metadata']['creationTimestamp']"
mutate "$D/vmis-100.json" pod.json "d['items'][1]['kind'] = 'Pod'"
mutate "$D/vmis-100.json" before.json "d['items'][0]['status']['phaseTransitionTimestamps'][1]['phaseTransitionTimestamp'] = '2026-11-01T09:00:00Z'"
run "$KVPERF" --db "$db" import -c x time.json
expect "a time that is not RFC 3339" 65 "kvperf: time.json: \$.items[3].status.phaseTransitionTimestamps[2].phaseTransitionTimestamp: expected an RFC 3339 time, got \"yesterday\""
run "$KVPERF" --db "$db" import -c x nocreation.json
expect "no creationTimestamp" 65 "kvperf: nocreation.json: \$.items[5].metadata: missing member \"creationTimestamp\""
run "$KVPERF" --db "$db" import -c x pod.json
expect "a Pod in the List" 65 "kvperf: pod.json: \$.items[1]: expected kind VirtualMachineInstance or VirtualMachineInstanceMigration, got \"Pod\""
run "$KVPERF" --db "$db" import -c x before.json
expect "a phase before creation" 65 "kvperf: before.json: \$.items[0].status.phaseTransitionTimestamps[1]: phase Scheduling at 86400 s before the object was created"
head -c 5000 "$D/vmis-100.json" >cut.json
run "$KVPERF" --db "$db" import -c x --format kubevirt cut.json
expect "a truncated file" 65
same "database unchanged" "$(dbsum "$db")" "$before"

done_testing
