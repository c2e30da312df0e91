# t-netperf.sh - k8s-netperf: the CSV by column name (two releases), the
# JSON, summaries, labels, zero throughput, bad input.
. "$SRCDIR/tests/cli/lib.sh"
D=$SRCDIR/tests/data/k8s-netperf
q="select benchmark || ' ' || params || ' ' || metric || '=' || value from samples_v where metric in ('throughput', 'latency_p99') order by 1"

run "$KVPERF" --db "$T/c.db" import -c pod "$D/docs-excerpt-result.csv"
expect "the documented CSV imports" 0 ""
same "every scenario's throughput, Mb/s to bits/s, as in the file" \
	"$(sql "$T/c.db" "select group_concat(s.value, ' ') from (select s.value from sample s join metric m on m.id = s.metric_id where m.name = 'throughput' order by m.benchmark_id) s")" \
	"$(python3 -c "
import csv, sys
print(' '.join(repr(float(r['Avg Throughput']) * (1e6 if r['Throughput Metric'] == 'Mb/s' else 1)) for r in csv.DictReader(open(sys.argv[1]))))" "$D/docs-excerpt-result.csv")"
same "units and kinds" "$(sql "$T/c.db" "select distinct name || ':' || unit || ':' || direction || ':' || kind from metric order by 1" | tr '\n' ' ')" \
	"latency_p99:s:lower:summary throughput:bits/s:higher:summary throughput:ops/s:higher:summary "
same "the service scenario is its own benchmark" "$(sql "$T/c.db" "select count(distinct params) from samples_v where benchmark = 'TCP_CRR'")" "2"

run "$KVPERF" --db "$T/n.db" import -c pod "$D/newer-result.csv"
expect "a newer release's CSV, other columns in another order" 0 ""
same "gives the same scenarios and values" "$(sql "$T/n.db" "$q")" "$(sql "$T/c.db" "$q")"
same "VM mode is a label" "$(sql "$T/n.db" "select value from label where key = 'k8s-netperf.virt'")" "true"

run "$KVPERF" --db "$T/j.db" import -c vm "$D/virt-result.json"
expect "the JSON imports" 0 ""
same "with the same scenarios and values as the CSV" "$(sql "$T/j.db" "$q")" "$(sql "$T/c.db" "$q")"
same "virt and hostNetwork are labels" "$(sql "$T/j.db" "select key || '=' || value from label order by key" | tr '\n' ' ')" \
	"k8s-netperf.hostNetwork=false k8s-netperf.virt=true "
same "retransmits for TCP_STREAM only" "$(sql "$T/j.db" "select distinct benchmark || '=' || value from samples_v where metric = 'tcp_retransmits'")" "TCP_STREAM=2.0"
same "the tool version" "$(sql "$T/j.db" "select tool_version from run")" "v0.1.27"

# Traps: a throughput of 0 is a missing result; the tool's interval is checked.
mutate "$D/virt-result.json" zero.json "d[2]['throughput'] = 0; d[3]['confidence'] = [1.0, 2.0]"
mutate "$D/virt-result.json" type.json "d[1]['throughput'] = '744'"
mutate "$D/virt-result.json" conf.json "d[0]['confidence'] = [1.0]"
run "$KVPERF" --db "$T/z.db" import -c vm zero.json
expect "zero throughput imports the rest" 0
has "and names what it left out" "$err" "kvperf: note: zero.json: a throughput of 0 is k8s-netperf's missing result, left out: netperf UDP_STREAM 1024"
has "and the interval that misses its mean" "$err" "kvperf: note: zero.json: k8s-netperf's own interval does not hold its mean: netperf TCP_CRR 1024"
same "no zero is stored" "$(sql "$T/z.db" "select count(*) from samples_v where metric = 'throughput' and value = 0")" "0"

db=$T/c.db
before=$(dbsum "$db")
run "$KVPERF" --db "$db" import -c x type.json
expect "a throughput that is a string" 65 "kvperf: type.json: \$[1].throughput: expected a finite number, got a string"
run "$KVPERF" --db "$db" import -c x conf.json
expect "a confidence that is not a pair" 65 "kvperf: conf.json: \$[0].confidence: expected [low, high], got 1 values"
head -c 300 "$D/docs-excerpt-result.csv" >cut.csv
run "$KVPERF" --db "$db" import -c x cut.csv
expect "a truncated CSV" 65 "kvperf: cut.csv:2:1: 11 fields where the header has 16 (truncated?)"
sed '3s/,744.233333,/,fast,/' "$D/docs-excerpt-result.csv" >word.csv
run "$KVPERF" --db "$db" import -c x word.csv
expect "a word where a number belongs, with its column" 65 "kvperf: word.csv:3:$(sed -n 3p word.csv | awk -F, '{n=0; for (i = 1; i < 13; i++) n += length($i) + 1; print n + 1}'): Avg Throughput: expected a number, got \"fast\""
sed '1s/Avg Throughput/Mean/' "$D/docs-excerpt-result.csv" >nohead.csv
run "$KVPERF" --db "$db" import -c x --format k8s-netperf nohead.csv
expect "a header without the throughput column" 65 "kvperf: nohead.csv:1:1: no column \"Avg Throughput\" in the header"
same "database unchanged" "$(dbsum "$db")" "$before"

done_testing
