# t-pbench.sh - pbench result.json: samples[] are samples, the aggregate
# stands for the clients, one metric per role otherwise, bad input.
. "$SRCDIR/tests/cli/lib.sh"
D=$SRCDIR/tests/data/pbench
db=$T/p.db

run "$KVPERF" --db "$db" import -q -c baseline "$D"/baseline-*-result.json
expect "baseline iterations import" 0 ""
run "$KVPERF" --db "$db" import -q -c vm "$D"/vm-*-result.json
expect "and the VM's" 0 ""
same "the aggregate's samples, as in the file" \
	"$(sql "$db" "select value from samples_v where metric = 'trans_sec' and source like '%baseline-1i-result.json' order by seq" | tr '\n' ' ')" \
	"$(python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
print(''.join(repr(s['value']) + ' ' for s in [x for x in d['throughput']['trans_sec'] if x['role'] == 'aggregate'][0]['samples']))" "$D/baseline-1i-result.json" | tr -d '\n')"
same "metrics: the aggregate, one per role, no efficiency" "$(sql "$db" "select distinct metric || ':' || unit from samples_v order by 1" | tr '\n' ' ')" \
	"cpu_busy.client:cores cpu_busy.server:cores trans_sec:ops/s usec:s "
same "the benchmark and its settings" "$(sql "$db" "select distinct tool || ' ' || benchmark || ' ' || params from samples_v")" \
	"pbench uperf instances=2,message_size_bytes=64,protocol=tcp,test_type=rr"
same "clients and servers are labels" "$(sql "$db" "select distinct key || '=' || value from label order by 1" | tr '\n' ' ')" \
	"pbench.clients=client1,client1 pbench.servers=server1,server1 "
run "$KVPERF" --db "$db" compare -b baseline --match trans_sec --format json
# Transactions per second are higher-is-better: overhead 100 (b/v - 1), change 100 (v/b - 1).
same "uperf is network; the overhead of the VM is the ratio of the run means" "$(printf '%s' "$out" | python3 -c "
import json, sys
c = json.load(sys.stdin)['comparisons'][0]
print(c['category'], '%.6f %.6f' % (c['overhead_pct'], c['change_pct']), c['baseline_stats']['n'], c['baseline_stats']['n_samples'])")" "network $(python3 -c "
import json, sys
def run_mean(f):
    v = [s['value'] for s in [x for x in json.load(open(f))['throughput']['trans_sec'] if x['role'] == 'aggregate'][0]['samples']]
    return sum(v) / len(v)
b = (run_mean(sys.argv[1]) + run_mean(sys.argv[2])) / 2
v = (run_mean(sys.argv[3]) + run_mean(sys.argv[4])) / 2
print('%.6f %.6f' % ((b / v - 1) * 100, (v / b - 1) * 100))" "$D/baseline-1i-result.json" "$D/baseline-2i-result.json" "$D/vm-1i-result.json" "$D/vm-2i-result.json") 2 6"

# settings that are booleans, and values pbench joined for every client
mutate "$D/baseline-1i-result.json" settings.json "b = d['parameters']['benchmark'][0]; b['direct'], b['sync'], b['numjobs'] = True, False, '5,5,5,5'"
run "$KVPERF" --db "$T/s.db" import -c x settings.json
expect "boolean and joined settings" 0
same "are parameters with one value each" "$(sql "$T/s.db" "select distinct params from samples_v")" \
	"direct=true,instances=2,message_size_bytes=64,numjobs=5,protocol=tcp,sync=false,test_type=rr"

before=$(dbsum "$db")
mutate "$D/baseline-1i-result.json" type.json "d['throughput']['trans_sec'][2]['samples'][1]['value'] = 'lots'"
mutate "$D/baseline-1i-result.json" nosamples.json "d['latency']['usec'][0]['samples'] = []"
mutate "$D/baseline-1i-result.json" shape.json "d['resource']['cpu_busy'] = {'client': 1}"
run "$KVPERF" --db "$db" import -c x type.json
expect "a sample that is not a number" 65 "kvperf: type.json: \$.throughput.trans_sec[2].samples[1].value: expected a finite number, got a string"
run "$KVPERF" --db "$db" import -c x nosamples.json
expect "a series without samples" 65 "kvperf: nosamples.json: \$.latency.usec[0].samples: no samples"
run "$KVPERF" --db "$db" import -c x shape.json
expect "a metric that is not a list of series" 65 "kvperf: shape.json: \$.resource.cpu_busy: expected an array of series, got an object"
head -c 3000 "$D/baseline-1i-result.json" >cut.json
run "$KVPERF" --db "$db" import -c x cut.json
expect "a truncated file" 65
same "database unchanged" "$(dbsum "$db")" "$before"

done_testing
