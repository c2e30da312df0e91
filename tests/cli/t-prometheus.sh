# t-prometheus.sh - Prometheus query results (the HTTP API's response, and
# promtool query -o json): each series a metric, its labels parameters less
# instance and pod, its points samples as in the file, the start time the
# first point's, NaN and Inf left out with a note, vector and scalar
# results, names from the file, bad input.
. "$SRCDIR/tests/cli/lib.sh"
D=$SRCDIR/tests/data/prometheus
db=$T/p.db

# The points of a file, read here independently: "name|params|value" per
# finite point, series by series (as rows() lists the database).
cat >ref.py <<'PY'
import json, math, os, sys
path, fallback = sys.argv[1], sys.argv[2]
d = json.load(open(path))
res = d["data"]["result"] if isinstance(d, dict) else d
kind = d["data"]["resultType"] if isinstance(d, dict) else "matrix"
if kind == "scalar":
    res = [{"metric": {}, "value": res}]
out = {}
for s in res:
    m = s["metric"]
    name = m.get("__name__", fallback)
    params = ",".join("%s=%s" % kv for kv in sorted(m.items())
                      if kv[0] not in ("__name__", "instance", "pod"))
    pts = s["values"] if "values" in s else [s["value"]]
    for t, v in pts:
        if math.isfinite(float(v)):
            out.setdefault((name, params), []).append(float(v))
for (name, params) in sorted(out):
    for v in out[(name, params)]:
        print("%s|%s|%r" % (name, params, v))
PY
rows() { sql "$1" "select b.name, b.params, s.value from sample s join metric m on m.id = s.metric_id join benchmark b on b.id = m.benchmark_id order by b.name, b.params, s.seq"; }

run "$KVPERF" --db "$db" import -c vm "$D/query_range.json"
expect "a query_range response imports without --format" 0
same "as format prometheus, one run" "$(sql "$db" "select format from source")/$(sql "$db" "select count(*) from run")" "prometheus/1"
same "each series a metric, its labels parameters, its points samples, as in the file" "$(rows "$db")" \
	"$(python3 ref.py "$D/query_range.json" x)"
has "the labels kept and left out are named in a note" "$err" \
	"kvperf: note: $D/query_range.json: label keys kept as parameters: id, job, name, namespace, node, state; left out (they name one pod, container or scrape target): instance, pod"
same "tool prometheus; the unit from the name (_seconds_total: s); lower is better; samples" \
	"$(sql "$db" "select distinct b.tool || ' ' || m.unit || ' ' || m.direction || ' ' || m.kind from metric m join benchmark b on b.id = m.benchmark_id")" \
	"prometheus s lower sample"
same "the start time is the first point's, in UTC" "$(sql "$db" "select start_time from run")" \
	"$(python3 -c "
import json, sys, time
d = json.load(open(sys.argv[1]))
t = min(p[0] for s in d['data']['result'] for p in s['values'])
print(time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t)))" "$D/query_range.json")"

# promtool query range -o json prints the result alone
python3 -c "
import json, sys
json.dump(json.load(open(sys.argv[1]))['data']['result'], open('promtool.json', 'w'))" "$D/query_range.json"
run "$KVPERF" --db "$T/t.db" import -c vm promtool.json
expect "promtool's output imports without --format" 0
same "with the same rows" "$(rows "$T/t.db")" "$(rows "$db")"

run "$KVPERF" --db "$T/r.db" import -c vm "$D/vcpu_rate.json"
expect "an expression's result (no __name__) from promtool" 0
same "is named after the file; NaN and +Inf left out; the rest as in the file" "$(rows "$T/r.db")" \
	"$(python3 ref.py "$D/vcpu_rate.json" vcpu_rate)"
has "the points left out are counted in a note" "$err" \
	"kvperf: note: $D/vcpu_rate.json: 2 points that are not numbers left out (NaN: 1, +Inf or -Inf: 1)"
has "the name is said in a note" "$err" \
	"kvperf: note: $D/vcpu_rate.json: 2 series without __name__ (an expression's result) named 'vcpu_rate' after the file"
same "a name without a known suffix has no unit kvperf knows" "$(sql "$T/r.db" "select distinct unit from metric")" "unknown"

run "$KVPERF" --db "$T/v.db" import -c vm "$D/vector.json"
expect "an instant vector" 0
same "gives one sample per series; _bytes: bytes" "$(rows "$T/v.db")/$(sql "$T/v.db" "select distinct unit from metric")" \
	"$(python3 ref.py "$D/vector.json" x)/bytes"
run "$KVPERF" --db "$T/s.db" import -c vm "$D/availability.json"
expect "a scalar" 0
same "one sample, named after the file" "$(rows "$T/s.db")" "availability||0.97"

run sh -c "\"$KVPERF\" --db \"$T/in.db\" import -c vm - <\"$D/vcpu_rate.json\""
expect "standard input" 0
same "an unnamed series from standard input is 'value'" "$(sql "$T/in.db" "select distinct metric from samples_v")" "value"

# Bad input: one line that names the file and the JSON path, exit 65,
# nothing stored.
before=$(dbsum "$db")
head -c 300 "$D/query_range.json" >cut.json
bad "a truncated response" cut.json "kvperf: cut.json:13:7: string or '}' expected near end of file"
mutate "$D/query_range.json" word.json "d['data']['result'][1]['values'][2][1] = 'abc'"
bad "a value that is not a number" word.json \
	"kvperf: word.json: \$.data.result[1].values[2][1]: expected a number as a string, got \"abc\""
mutate "$D/query_range.json" time.json "d['data']['result'][1]['values'][2][0] = 'noon'"
bad "a time that is not a number" time.json "kvperf: time.json: \$.data.result[1].values[2][0]: expected a finite number, got a string"
mutate "$D/query_range.json" type.json "d['data']['result'][0]['values'] = 'x'"
bad "values that are not an array" type.json "kvperf: type.json: \$.data.result[0].values: expected an array, got a string"
mutate "$D/query_range.json" label.json "d['data']['result'][0]['metric']['job'] = 5"
bad "a label that is not a string" label.json \
	"kvperf: label.json: \$.data.result[0].metric.job: expected a string (a label's value), got a number"
mutate "$D/query_range.json" neg.json "d['data']['result'][0]['values'][1][1] = '-5'"
bad "a negative time (_seconds)" neg.json \
	"kvperf: neg.json: \$.data.result[0].values[1][1]: kubevirt_vmi_vcpu_seconds_total is -5 s: a time cannot be negative"
printf '%s' '{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:6: parse error: unexpected end of input"}' >failed.json
bad "a failed query" failed.json \
	"kvperf: failed.json: \$.status: the query failed (\"error\"): bad_data: invalid parameter \"query\": 1:6: parse error: unexpected end of input"
printf '%s' '{"status":"success","data":{"resultType":"string","result":[1732626360.5,"up"]}}' >string.json
bad "a string result" string.json "kvperf: string.json: \$.data.resultType: a string result holds no numbers to import"
printf '%s' '{"status":"success","data":{"resultType":"matrix","result":[]}}' >empty.json
bad "an empty result" empty.json "kvperf: empty.json: \$.data.result: no series: the query matched nothing"
mutate "$D/vcpu_rate.json" nan.json "d[0]['values'] = [[1, 'NaN']]; d[1]['values'] = [[1, '+Inf']]"
bad "no point that is a number" nan.json "kvperf: nan.json: \$: no point is a number (NaN or infinite): nothing to import"
same "database unchanged by all of them" "$(dbsum "$db")" "$before"

done_testing
