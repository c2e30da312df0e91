# t-opensearch.sh - documents out of OpenSearch/Elasticsearch: a _search
# response, a scroll (an array, or responses one after another), an array
# of hits, elasticdump's NDJSON (whole hits or _source only), standard
# input; kube-burner's measurements as the kube-burner adapter reads them,
# its Prometheus metrics, benchmark-wrapper's uperf, fio and sysbench
# documents; runs by uuid (and iteration or sample); unknown documents
# counted in a note; bad input.
. "$SRCDIR/tests/cli/lib.sh"
D=$SRCDIR/tests/data/opensearch
KB=$SRCDIR/tests/data/kube-burner/collected-metrics-f7c79fd5
S=$SRCDIR/examples/samples
db=$T/o.db

# Every sample with its run, benchmark and metric.
rows() { sql "$1" "select r.seq, r.start_time, r.tool, r.tool_version, b.tool, b.name, b.params, m.name, m.unit, m.orig_unit, m.direction, m.kind, s.seq, s.value from sample s join run r on r.id = s.run_id join metric m on m.id = s.metric_id join benchmark b on b.id = m.benchmark_id order by r.id, b.tool, b.name, b.params, m.name, s.seq"; }
# The same without the run's position in its file (files of one run each).
values() { rows "$1" | cut -d'|' -f2-; }
labels() { sql "$1" "select run_id || ' ' || labels from runs_v order by run_id"; }

# kube-burner: a _search response of its index
run "$KVPERF" --db "$db" import -c kb "$D/kube-burner-search.json"
expect "a _search response imports without --format" 0
same "as format opensearch, one run for its uuid" "$(sql "$db" "select format from source")/$(sql "$db" "select count(*) from run")" "opensearch/1"
"$KVPERF" --db "$T/dir.db" import -q -c kb "$KB" >/dev/null 2>&1
same "the measurements are what the kube-burner adapter reads from the local files" \
	"$(values "$db" | grep -v '|prometheus|')/$(labels "$db")" "$(values "$T/dir.db")/$(labels "$T/dir.db")"
same "each kube-burner metric a metric, labels and job parameters (pod, instance left out), each value a sample" \
	"$(sql "$db" "select benchmark, params, metric, value from samples_v where tool = 'prometheus' order by benchmark, params, seq")" \
	"$(python3 -c "
import json, sys
out = {}
for h in json.load(open(sys.argv[1]))['hits']['hits']:
    d = h['_source']
    if 'query' in d:
        p = ','.join(sorted(['job=' + d['jobName']] + ['%s=%s' % kv for kv in d.get('labels', {}).items() if kv[0] not in ('pod', 'instance')]))
        out.setdefault((d['metricName'], p), []).append(d['value'])
for k in sorted(out):
    for v in out[k]:
        print('%s|%s|%s|%r' % (k[0], k[1], k[0], v))" "$D/kube-burner-search.json")"
same "their unit is unknown (any value), lower is better" \
	"$(sql "$db" "select distinct unit || ' ' || direction || ' ' || kind from metric where name in ('vmiCPU', 'nodeCPU')")" "unknown lower sample"
has "the alert is counted in one note" "$err" \
	"kvperf: note: $D/kube-burner-search.json: 1 document of no kind kvperf reads left out: 1 with metricName alert"
has "the labels kept and left out are named" "$err" \
	"kvperf: note: $D/kube-burner-search.json: kube-burner metrics: label keys kept as parameters: mode, namespace; left out (they name one pod, container or scrape target): instance, pod"
has "the kube-burner adapter's notes name the document" "$err" \
	"kvperf: note: $D/kube-burner-search.json: \$.hits.hits[1]._source: vmiLatency: negative latencies (a phase kube-burner never saw) left out: vmiSchedulingLatency (1)"
run "$KVPERF" --db "$db" import -c kb "$D/kube-burner-search.json"
has "the same file again is skipped" "$err" "already imported"

# the same documents in the other containers give the same rows
python3 - "$D/kube-burner-search.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
hits = r["hits"]["hits"]
pages = []
for part in (hits[:7], hits[7:]):
    p = json.loads(json.dumps(r))
    p["hits"]["hits"] = part
    pages.append(p)
json.dump(pages, open("array.json", "w"), indent=1)
open("concatenated.json", "w").write("".join(json.dumps(p, indent=2) + "\n" for p in pages))
json.dump(hits, open("hits.json", "w"))
PY
for f in "$D/kube-burner-elasticdump.ndjson" "$D/kube-burner-source.ndjson" array.json concatenated.json hits.json; do
	run "$KVPERF" --db "$T/$(basename "$f").db" import -c kb "$f"
	expect "$(basename "$f") imports without --format" 0
	same "$(basename "$f"): the same rows and labels" "$(values "$T/$(basename "$f").db")/$(labels "$T/$(basename "$f").db")" \
		"$(values "$db")/$(labels "$db")"
done
has "in an array of hits a note names the path" "$err" \
	"kvperf: note: hits.json: \$[1]._source: vmiLatency: negative latencies (a phase kube-burner never saw) left out: vmiSchedulingLatency (1)"
run sh -c "\"$KVPERF\" --db \"$T/pipe.db\" import -c kb - <\"$D/kube-burner-elasticdump.ndjson\""
expect "elasticdump's output on standard input" 0
same "gives the same rows" "$(values "$T/pipe.db")" "$(values "$db")"
has "its notes name the line" "$err" \
	"kvperf: note: <stdin>:2: \$._source: vmiLatency: negative latencies (a phase kube-burner never saw) left out: vmiSchedulingLatency (1)"

# a scroll of two pages: a uuid split across them is one run; a uuid with
# metrics only is a run of its own
run "$KVPERF" --db "$T/scroll.db" import -c kb "$D/kube-burner-scroll.json"
expect "a scroll (an array of responses)" 0
same "one run per uuid" "$(sql "$T/scroll.db" "select group_concat(value, ' ') from (select value from label where key = 'kube-burner.uuid' order by run_id)")" \
	"3c0e5a8e-2d4b-4b8e-9a6e-5f2b7c1d9e01 9b7a0f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
same "the measurements of both pages in the first" \
	"$(sql "$T/scroll.db" "select group_concat(value, ' ') from (select value from samples_v where run_id = 1 and metric = 'vmiRunningLatency' order by seq)")" \
	"$(python3 -c "
import json, sys
print(' '.join(repr(h['_source']['vmiRunningLatency'] / 1000) for p in json.load(open(sys.argv[1])) for h in p['hits']['hits'] if 'vmiRunningLatency' in h['_source']))" "$D/kube-burner-scroll.json")"
same "a run of metrics only: its uuid and job, the first document's time, its values" \
	"$(labels "$T/scroll.db" | sed -n 2p)|$(sql "$T/scroll.db" "select start_time from run where id = 2")|$(sql "$T/scroll.db" "select group_concat(value, ' ') from (select value from samples_v where run_id = 2 order by seq)")" \
	"2 kube-burner.job=virt-density,kube-burner.uuid=9b7a0f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b|2024-11-28T10:00:00Z|0.51 0.47"

# benchmark-wrapper's uperf: a run per uuid and iteration, a benchmark per
# profile, every 1-second interval a sample
run "$KVPERF" --db "$T/uperf.db" import -c vm "$D/uperf.ndjson"
expect "uperf documents (NDJSON of hits)" 0
same "a run per iteration" "$(sql "$T/uperf.db" "select group_concat(value, ' ') from (select value from label where key = 'snafu.iteration' order by run_id)")" "0 1"
same "every interval a sample, as in the file" \
	"$(sql "$T/uperf.db" "select r.seq, b.name, b.params, m.name, s.value from sample s join run r on r.id = s.run_id join metric m on m.id = s.metric_id join benchmark b on b.id = m.benchmark_id order by r.id, b.id, m.id, s.seq")" \
	"$(python3 -c "
import json, sys
docs = [json.loads(l)['_source'] for l in open(sys.argv[1])]
for it in (0, 1):
    for test in ('stream', 'rr'):
        for key, name, scale in (('norm_byte', 'throughput', 1), ('norm_ops', 'operations', 1), ('norm_ltcy', 'latency', 1e-6)):
            for d in docs:
                if d['iteration'] == it and d['test_type'] == test:
                    print('%d|%s|message_size=64,num_threads=1,protocol=tcp,read_message_size=64|%s|%r' % (it, test, name, float(d[key]) * scale))" "$D/uperf.ndjson")"
same "units: bytes/s, ops/s, latency in us as s" "$(sql "$T/uperf.db" "select name || ':' || unit || ':' || orig_unit || ':' || direction from metric order by id limit 3" | tr '\n' ' ')" \
	"throughput:bytes/s:B/s:higher operations:ops/s:ops/s:higher latency:s:us:lower "
same "the setup as labels, the start time the first interval's" "$(labels "$T/uperf.db" | sed -n 1p) $(sql "$T/uperf.db" "select start_time from run where id = 1")" \
	"1 snafu.client_node=worker-0,snafu.cluster_name=kubevirt-perf,snafu.hostnetwork=False,snafu.iteration=0,snafu.kind=vm,snafu.server_node=worker-1,snafu.service_ip=False,snafu.user=ripsaw,snafu.uuid=6f3b1c2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c 2024-11-26T13:05:02Z"

# fio: the documents of one invocation are fio's output again, read by the fio adapter
run "$KVPERF" --db "$T/fio.db" import -c vm "$D/fio-search.json"
expect "fio documents" 0
"$KVPERF" --db "$T/fiod.db" import -q -c vm "$S/fio/baseline/randread-bs64k-r2.json" "$S/fio/baseline/randread-bs64k-r3.json" >/dev/null 2>&1
same "give what the fio adapter reads from the same fio runs" "$(values "$T/fio.db")" "$(values "$T/fiod.db")"
same "a run per sample, labelled" "$(labels "$T/fio.db")" \
	"1 fio.clients=10.128.2.15:8765,snafu.cluster_name=kubevirt-perf,snafu.sample=1,snafu.user=ripsaw,snafu.uuid=6f3b1c2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c
2 fio.clients=10.128.2.15:8765,snafu.cluster_name=kubevirt-perf,snafu.sample=2,snafu.user=ripsaw,snafu.uuid=6f3b1c2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c"
has "fio's log documents are counted in a note" "$err" \
	"kvperf: note: $D/fio-search.json: 1 document of no kind kvperf reads left out: 1 in index ripsaw-fio-log"

# sysbench: the metrics the sysbench adapter reads from the same reports
run "$KVPERF" --db "$T/sb.db" import -c vm "$D/sysbench.ndjson"
expect "sysbench documents (NDJSON of sources)" 0
"$KVPERF" --db "$T/sbd.db" import -q -c vm "$S"/sysbench/baseline/cpu-threads1-r1.txt "$S"/sysbench/baseline/memory-block1M-r1.txt \
	"$S"/sysbench/baseline/fileio-rndrw-r1.txt "$S"/sysbench/baseline/cpu-threads1-r2.txt \
	"$S"/sysbench/baseline/memory-block1M-r2.txt "$S"/sysbench/baseline/fileio-rndrw-r2.txt >/dev/null 2>&1
sbrows() { sql "$1" "select b.name, b.params, m.name, m.unit, m.orig_unit, m.direction, m.kind, s.value from sample s join metric m on m.id = s.metric_id join benchmark b on b.id = m.benchmark_id order by 1, 2, 3, 8"; }
same "give what the sysbench adapter reads from the same reports" "$(sbrows "$T/sb.db")" "$(sbrows "$T/sbd.db")"
same "a run per sample" "$(sql "$T/sb.db" "select count(*) from run")" "2"

run "$KVPERF" --db "$T/ex.db" import --config-from-dir "$SRCDIR/examples/opensearch"
expect "examples/opensearch imports" 0
has "20 runs: 5 fio and 5 sysbench samples per configuration" "$out" "imported 2 files (20 runs,"

# Bad input: one line that names the file and the JSON path (in NDJSON the
# line too), exit 65, nothing stored.
before=$(dbsum "$db")
head -c 2000 "$D/kube-burner-search.json" >cut.json
bad "a truncated response" cut.json "kvperf: cut.json:68:1: '}' expected near end of file"
head -n 5 "$D/uperf.ndjson" >cut.ndjson
sed -n 6p "$D/uperf.ndjson" | head -c 300 >>cut.ndjson
bad "a truncated NDJSON line" cut.ndjson "kvperf: cut.ndjson:6:300: premature end of input near '\"s'"
mutate "$D/kube-burner-search.json" lat.json "d['hits']['hits'][1]['_source']['vmiRunningLatency'] = 'slow'"
bad "a kube-burner latency that is not a number" lat.json \
	"kvperf: lat.json: \$.hits.hits[1]._source.vmiRunningLatency: expected a finite number, got a string"
mutate "$D/kube-burner-search.json" value.json "d['hits']['hits'][9]['_source']['value'] = 'high'"
bad "a kube-burner metric value that is not a number" value.json \
	"kvperf: value.json: \$.hits.hits[9]._source.value: expected a finite number, got a string"
mutate "$D/kube-burner-search.json" label.json "d['hits']['hits'][9]['_source']['labels']['namespace'] = 3"
bad "a label that is not a string" label.json \
	"kvperf: label.json: \$.hits.hits[9]._source.labels: label \"namespace\": expected a string, got a number"
mutate "$D/kube-burner-search.json" time.json "d['hits']['hits'][0]['_source']['timestamp'] = '2024-13-45T00:00:00Z'"
bad "an impossible time" time.json \
	"kvperf: time.json: \$.hits.hits[0]._source.timestamp: \"2024-13-45T00:00:00Z\" is not a valid time: there is no month 13"
python3 -c "
import json, sys
lines = open(sys.argv[1]).read().splitlines()
d = json.loads(lines[3]); d['_source']['norm_byte'] = 'many'; lines[3] = json.dumps(d)
open('uperf.ndjson', 'w').write('\n'.join(lines) + '\n')" "$D/uperf.ndjson"
bad "a uperf value that is not a number" uperf.ndjson \
	"kvperf: uperf.ndjson:4: \$._source.norm_byte: expected a finite number, got a string"
mutate "$D/fio-search.json" fio.json "d['hits']['hits'][1]['_source']['fio']['read']['iops'] = 'fast'"
bad "a fio value that is not a number" fio.json \
	"kvperf: fio.json: \$.hits.hits[1]._source.fio.read.iops: expected a finite number, got a string"
mutate "$D/fio-search.json" fioneg.json "d['hits']['hits'][1]['_source']['fio']['read']['iops'] = -5"
bad "a negative fio rate" fioneg.json \
	"kvperf: fioneg.json: \$.hits.hits[1]._source.fio.read.iops: read_iops is -5 iops: a rate cannot be negative"
mutate "$D/fio-search.json" fiover.json "d['hits']['hits'][0]['_source']['fio-version'] = 3"
bad "a fio version that is not a string" fiover.json \
	"kvperf: fiover.json: \$.hits.hits[0]._source[\"fio-version\"]: expected a string, got a number"
python3 -c "
import json, sys
lines = open(sys.argv[1]).read().splitlines()
d = json.loads(lines[4]); d['test_results']['Latency(ms)']['avg'] = '0.2'; lines[4] = json.dumps(d)
open('sysbench.ndjson', 'w').write('\n'.join(lines) + '\n')" "$D/sysbench.ndjson"
bad "a sysbench value that is not a number" sysbench.ndjson \
	"kvperf: sysbench.ndjson:5: \$.test_results[\"Latency(ms)\"].avg: expected a finite number, got a string"
mutate "$D/kube-burner-search.json" hitsobj.json "d['hits']['hits'] = {}"
bad "hits that are not an array" hitsobj.json "kvperf: hitsobj.json: \$.hits.hits: expected an array, got an object"
mutate "$D/kube-burner-search.json" source.json "d['hits']['hits'][2]['_source'] = 'x'"
bad "a _source that is not an object" source.json "kvperf: source.json: \$.hits.hits[2]._source: expected an object, got a string"
mutate "$D/kube-burner-search.json" empty.json "d['hits']['hits'] = []"
bad "no documents" empty.json \
	"kvperf: empty.json: no document of a kind kvperf reads (kube-burner's measurements and metrics, benchmark-wrapper's uperf, fio and sysbench): no documents"
mutate "$D/fio-search.json" logs.json "d['hits']['hits'] = d['hits']['hits'][2:]"
bad "only documents of no kind kvperf reads" logs.json \
	"kvperf: logs.json: no document of a kind kvperf reads (kube-burner's measurements and metrics, benchmark-wrapper's uperf, fio and sysbench): 1 in index ripsaw-fio-log"
printf '%s' '{"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index [kube-burner]"}],"type":"index_not_found_exception","reason":"no such index [kube-burner]"},"status":404}' >error.json
bad "an error response" error.json \
	"kvperf: error.json: \$.error: an error response (status 404): index_not_found_exception: no such index [kube-burner]"
same "database unchanged by all of them" "$(dbsum "$db")" "$before"

done_testing
