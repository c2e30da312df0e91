# t-domains.sh - values, runs, reports and dates that cannot be true (issue
# 13, points 5 to 8 and 10).  Each bad case: the exact line, exit status 65,
# and the database unchanged; each good case imports.
. "$SRCDIR/tests/cli/lib.sh"
S=$SRCDIR/examples/samples
D=$SRCDIR/tests/data
db=$T/d.db
"$KVPERF" --db "$db" import -q -c base "$S/fio/baseline/write-bs64k-r1.json" || echo "Bail out! setup"
before=$(dbsum "$db")

# good DESC FILE [ARGS...]: FILE imports (into a database of its own).
good() {
	desc=$1 file=$2; shift 2
	rm -f "$T/g.db" "$T/g.db-wal" "$T/g.db-shm"
	run "$KVPERF" --db "$T/g.db" import -q -c x "$@" "$file"
	expect "$desc: imports" 0 ""
}

# ---- 5. every metric has a domain -------------------------------------

f=$S/fio/baseline/randread-bs4k-r1.json
mutate "$f" fio-iops.json "d['jobs'][0]['read']['iops'] = -5"
bad "fio read_iops -5" fio-iops.json \
	"kvperf: fio-iops.json: \$.jobs[0].read.iops: read_iops is -5 iops: a rate cannot be negative"
mutate "$f" fio-bw.json "d['jobs'][0]['read']['bw_bytes'] = -1"
bad "fio read_bw -1" fio-bw.json \
	"kvperf: fio-bw.json: \$.jobs[0].read.bw_bytes: read_bw is -1 B/s: a byte rate cannot be negative"
# two jobs of one name (numjobs=2 without group_reporting): samples of one benchmark
mutate "$f" fio-job2.json "d['jobs'].append(json.loads(json.dumps(d['jobs'][0]))); d['jobs'][1]['read']['clat_ns']['percentile']['99.000000'] = -7"
bad "fio: the second job of a name, a percentile" fio-job2.json \
	"kvperf: fio-job2.json: \$.jobs[1].read.clat_ns.percentile[\"99.000000\"]: read_clat_p99 is -7 ns: a time cannot be negative"

f=$S/iperf3/baseline/tcp-P1-r1.json
mutate "$f" iperf-rx.json "d['end']['sum_received']['bits_per_second'] = -1"
bad "iperf3 received_bps -1" iperf-rx.json \
	"kvperf: iperf-rx.json: \$.end.sum_received.bits_per_second: received_bps is -1 bits/s: a bit rate cannot be negative"
mutate "$f" iperf-retr.json "d['end']['sum_sent']['retransmits'] = -2"
bad "iperf3 retransmits -2" iperf-retr.json \
	"kvperf: iperf-retr.json: \$.end.sum_sent.retransmits: retransmits is -2: a count cannot be negative"
f=$S/iperf3/baseline/udp-b1G-r1.json
mutate "$f" iperf-loss.json "d['end']['sum_received']['lost_percent'] = 150"
bad "iperf3 lost_percent 150" iperf-loss.json \
	"kvperf: iperf-loss.json: \$.end.sum_received.lost_percent: lost_percent is 150 percent: a percentage must be from 0 to 100"
# CPU use in percent of one CPU: a multi-threaded iperf3 (3.16+) uses more than one
mutate "$f" iperf-cpu.json "d['end']['cpu_utilization_percent']['host_total'] = 350"
good "iperf3 cpu_host 350% (several CPUs)" iperf-cpu.json
same "and stores it" "$(sql "$T/g.db" "select value || ' ' || unit from samples_v where metric = 'cpu_host'")" "350.0 percent"
mutate "$f" iperf-cpuneg.json "d['end']['cpu_utilization_percent']['remote_total'] = -1"
bad "iperf3 cpu_remote -1" iperf-cpuneg.json \
	"kvperf: iperf-cpuneg.json: \$.end.cpu_utilization_percent.remote_total: cpu_remote is -1 %cpu: a CPU percentage cannot be negative"

f=$S/sysbench/baseline/cpu-threads1-r1.txt
sed 's/events per second:  5389.01/events per second:  -5389.01/' "$f" >sb-eps.txt
bad "sysbench events_per_second" sb-eps.txt \
	"kvperf: sb-eps.txt:15:25: events_per_second is -5389.01 events/s: a rate cannot be negative"
sed 's/total time:                          3.0002s/total time:                          -3.0002s/' "$f" >sb-time.txt
bad "sysbench total_time" sb-time.txt \
	"kvperf: sb-time.txt:18:42: total_time is -3.0002 s: a time cannot be negative"

f=$S/stress-ng/baseline/cpu-matrixprod-r1.yaml
sed 's/bogo-ops-per-second-real-time: .*/bogo-ops-per-second-real-time: -2619.7/' "$f" >sn-real.yaml
bad "stress-ng real-time rate" sn-real.yaml \
	"kvperf: sn-real.yaml:$(grep -n ": -2619.7" sn-real.yaml | cut -d: -f1):38: \$.metrics[0][\"bogo-ops-per-second-real-time\"]: bogo_ops_per_second_real is -2619.7 ops/s: a rate cannot be negative"
sed 's/bogo-ops-per-second-usr-sys-time: .*/bogo-ops-per-second-usr-sys-time: -1/' "$f" >sn-usr.yaml
bad "stress-ng usr+sys rate" sn-usr.yaml \
	"kvperf: sn-usr.yaml:$(grep -n "usr-sys-time: -1" sn-usr.yaml | cut -d: -f1):41: \$.metrics[0][\"bogo-ops-per-second-usr-sys-time\"]: bogo_ops_per_second_usr_sys is -1 ops/s: a rate cannot be negative"

f=$S/cyclictest/baseline/fifo80-t1-hist-r1.json
mutate "$f" cy-max.json "d['thread']['0']['max'] = -3"
bad "cyclictest latency_max" cy-max.json \
	"kvperf: cy-max.json: \$.thread[\"0\"].max: latency_max is -3 us: a time cannot be negative"

f=$S/hyperfine/baseline/gzip6-r1.json
mutate "$f" hf-time.json "d['results'][0]['times'][3] = -0.5"
bad "hyperfine times[3]" hf-time.json \
	"kvperf: hf-time.json: \$.results[0].times[3]: time is -0.5 s: a time cannot be negative"
mutate "$f" hf-user.json "d['results'][0]['user'] = -1"
bad "hyperfine user" hf-user.json \
	"kvperf: hf-user.json: \$.results[0].user: user is -1 s: a time cannot be negative"

f=$S/gbench/baseline/BM_Sum-reps5.json
mutate "$f" gb-real.json "d['benchmarks'][1]['real_time'] = -10"
bad "gbench real_time" gb-real.json \
	"kvperf: gb-real.json: \$.benchmarks[1].real_time: real_time is -10 ns: a time cannot be negative"

f=$D/pbench/baseline-1i-result.json
mutate "$f" pb-neg.json "d['throughput']['trans_sec'][2]['samples'][1]['value'] = -1"
bad "pbench: a negative sample" pb-neg.json \
	"kvperf: pb-neg.json: \$.throughput.trans_sec[2].samples[1].value: trans_sec is -1 ops/s: a rate cannot be negative"
mutate "$f" pb-cpu.json "d['resource']['cpu_busy'][0]['samples'][0]['value'] = -0.5"
bad "pbench: negative CPU use" pb-cpu.json \
	"kvperf: pb-cpu.json: \$.resource.cpu_busy[0].samples[0].value: cpu_busy.client is -0.5 cores: a number of cores cannot be negative"

f=$D/k8s-netperf/virt-result.json
mutate "$f" np-neg.json "d[0]['throughput'] = -5"
bad "k8s-netperf: a negative throughput is named, not called 0" np-neg.json \
	"kvperf: np-neg.json: \$[0].throughput: throughput is -5 Mbit/s: a bit rate cannot be negative"
mutate "$f" np-lat.json "d[1]['latency'] = -2"
bad "k8s-netperf: a negative latency is refused, not left out" np-lat.json \
	"kvperf: np-lat.json: \$[1].latency: latency_p99 is -2 usec: a time cannot be negative"
sed '3s/,744.233333,/,-744.233333,/' "$D/k8s-netperf/newer-result.csv" >np-neg.csv
bad "k8s-netperf CSV: a negative throughput" np-neg.csv \
	"kvperf: np-neg.csv:3:$(sed -n 3p np-neg.csv | awk -F, '{n=0; for (i = 1; i < 15; i++) n += length($i) + 1; print n + 1}'): throughput is -744.233333 Mbit/s: a bit rate cannot be negative"

f=$D/native/roundtrip.json
mutate "$f" nat-neg.json "d['runs'][1]['benchmarks'][0]['metrics'][0]['samples'][3] = -4"
bad "native: a negative rate" nat-neg.json \
	"kvperf: nat-neg.json: \$.runs[1].benchmarks[0].metrics[0].samples[3]: throughput is -4 ops/s: a rate cannot be negative"
mutate "$f" nat-pct.json "d['runs'][1]['benchmarks'][0]['metrics'][1]['samples'] = [100.5]"
bad "native: a percentage above 100" nat-pct.json \
	"kvperf: nat-pct.json: \$.runs[1].benchmarks[0].metrics[1].samples[0]: share is 100.5 percent: a percentage must be from 0 to 100"
mutate "$f" nat-ms.json "d['runs'][1]['benchmarks'][1]['metrics'][0]['unit'] = 'ms'; d['runs'][1]['benchmarks'][1]['metrics'][0]['samples'] = [3, -0.25]"
bad "native: a negative time in ms" nat-ms.json \
	"kvperf: nat-ms.json: \$.runs[1].benchmarks[1].metrics[0].samples[1]: values is -0.25 ms: a time cannot be negative"
# Quantities that may be negative have a unit kvperf does not know (no domain)
printf '%s\n' '{"kvperf": 1, "config": "c", "tool": "t", "benchmarks": [{"name": "b", "metrics": [
  {"name": "temperature", "unit": "degC", "direction": "lower", "samples": [-12.5, 3]},
  {"name": "drift", "unit": "delta", "direction": "lower", "samples": [-0.3]},
  {"name": "cpu", "unit": "%cpu", "direction": "lower", "samples": [350, 99]},
  {"name": "zero", "unit": "s", "direction": "lower", "samples": [0, -0.0]},
  {"name": "full", "unit": "%", "direction": "lower", "samples": [0, 100]}]}]}' >signed.json
good "native: negative temperatures and deltas, 350 %cpu, 0 s and 100%" signed.json
same "stored as given" "$(sql "$T/g.db" "select metric || '=' || value from samples_v order by metric, seq" | tr '\n' ' ')" \
	"cpu=350.0 cpu=99.0 drift=-0.3 full=0.0 full=100.0 temperature=-12.5 temperature=3.0 zero=0.0 zero=0.0 "

# ---- 6. no run without samples -----------------------------------------

mutate "$S/gbench/baseline/BM_Sum-reps5.json" gb-empty.json "d['benchmarks'] = []"
bad "gbench: no benchmarks" gb-empty.json "kvperf: gb-empty.json: the run in this file has no samples"
mutate "$S/gbench/baseline/BM_Sum-reps5.json" gb-aggr.json "d['benchmarks'] = [b for b in d['benchmarks'] if b.get('run_type') == 'aggregate']"
bad "gbench: aggregates only" gb-aggr.json "kvperf: gb-aggr.json: the run in this file has no samples"
bad "kubevirt-ci: both results null" "$D/kubevirt-ci/both-null.json" \
	"kvperf: $D/kubevirt-ci/both-null.json: \$: VMIResult and VMResult are both null: the job wrote no results"
printf '%s\n' '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "metadata": {"name": "vm1", "creationTimestamp": "2026-11-02T09:00:00Z"}, "spec": {}, "status": {}}]}' >vms-only.json
bad "kubevirt: VirtualMachines only" vms-only.json "kvperf: vms-only.json: the run in this file has no samples" --format kubevirt -q
printf '%s\n' '[{"metricName": "jobSummary", "uuid": "u1", "timestamp": "2026-11-25T01:00:00Z", "elapsedTime": 60},' \
	'{"metricName": "jobSummary", "uuid": "u2", "timestamp": "2026-11-25T02:00:00Z"}]' >kb-two.json
bad "kube-burner: the second of two runs measured nothing" kb-two.json \
	"kvperf: kb-two.json: run 2 of 2 in this file has no samples"
printf '%s\n' '{"kvperf": 1, "config": "c", "tool": "t", "runs": [' \
	'{"benchmarks": [{"name": "b", "metrics": [{"name": "m", "unit": "s", "direction": "lower", "samples": [1]}]}]},' \
	'{"benchmarks": [{"name": "b", "metrics": [{"name": "m", "unit": "s", "direction": "lower", "samples": [2]}]}]}]}' >two.json
good "native: two runs with samples" two.json

# ---- 7. truncated and repeated text reports ----------------------------

f=$S/sysbench/baseline/cpu-threads1-r1.txt
# last FILE: the number of its last line that is not empty
last() { awk 'NF {n = NR} END {print n}' "$1"; }
grep -v 'events per second' "$f" >sb-nomain.txt
bad "sysbench cpu without its main metric" sb-nomain.txt \
	"kvperf: sb-nomain.txt:$(last sb-nomain.txt):1: the cpu report has no \"events per second:\" line, so its main metric, events_per_second, is missing (truncated?)"
grep -v 'total time' "$f" >sb-notime.txt
bad "sysbench without total time" sb-notime.txt \
	"kvperf: sb-notime.txt:$(last sb-notime.txt):1: the cpu report has no \"total time:\" line, so total_time is missing (truncated?)"
head -n 25 "$f" >sb-cut.txt
bad "sysbench cut in its latency block" sb-cut.txt \
	"kvperf: sb-cut.txt:25:1: the cpu report has no \"sum:\" line at the end of its latency block (truncated?)"
awk '{print} /events per second/ {print}' "$f" >sb-dup.txt
bad "sysbench with a repeated line" sb-dup.txt \
	"kvperf: sb-dup.txt:16:1: a second \"events per second:\" line (the first is line 15)"
bad "sysbench memory without its transfer rate" "$D/bad/sysbench-memory-no-rate.txt" \
	"kvperf: $D/bad/sysbench-memory-no-rate.txt:$(last "$D/bad/sysbench-memory-no-rate.txt"):1: the memory report has no \"MiB transferred (\" line, so its main metric, transfer_rate, is missing (truncated?)"

f=$D/stream/baseline-r1.txt
awk '{print} /^Copy:/ {print}' "$f" >stream-dup.txt
bad "STREAM with a repeated Copy: line" stream-dup.txt \
	"kvperf: stream-dup.txt:28:1: a second \"Copy:\" line (the first is line 27)"
f=$D/npb/cg-baseline-r1.txt
awk '{print} /Mop\/s total/ {print}' "$f" >npb-dup.txt
bad "NPB with a repeated Mop/s total line" npb-dup.txt \
	"kvperf: npb-dup.txt:$(($(grep -n 'Mop/s total' "$f" | cut -d: -f1) + 1)):1: a second \"Mop/s total\" line (the first is line $(grep -n 'Mop/s total' "$f" | cut -d: -f1))"

f=$S/stress-ng/baseline/cpu-matrixprod-r1.yaml
awk '{print} /bogo-ops: / {print}' "$f" >sn-dup.yaml
bad "stress-ng YAML with a repeated key" sn-dup.yaml \
	"kvperf: sn-dup.yaml:$(($(grep -n 'bogo-ops: ' "$f" | cut -d: -f1) + 1)):7: duplicate key \"bogo-ops\""
printf 'metrics:\n  - stressor: cpu\n    bogo-ops-per-second-real-time: 5\nmetrics: []\n' >sn-dup2.yaml
bad "stress-ng YAML with a repeated top-level key" sn-dup2.yaml \
	"kvperf: sn-dup2.yaml:4:1: duplicate key \"metrics\"" --format stress-ng
sed '1s/,Latency Metric$/,Latency Metric,Driver/; 2,$s/$/,x/' "$D/k8s-netperf/newer-result.csv" >np-dupcol.csv
bad "k8s-netperf CSV with a repeated column" np-dupcol.csv \
	"kvperf: np-dupcol.csv:1:$(head -1 np-dupcol.csv | awk -F, '{n=0; for (i = 1; i < NF; i++) n += length($i) + 1; print n + 1}'): a second column \"Driver\" (the first is column 1)"

# ---- 8. dates ------------------------------------------------------------

f=$D/native/roundtrip.json
mutate "$f" date-bad.json "d['start_time'] = '2026-13-45T99:99:99Z'"
bad "native: an impossible date" date-bad.json \
	"kvperf: date-bad.json: \$.start_time: \"2026-13-45T99:99:99Z\" is not a valid time: there is no month 13"
mutate "$f" date-feb.json "d['start_time'] = '2026-02-29T10:00:00Z'"
bad "native: 29 February of a common year" date-feb.json \
	"kvperf: date-feb.json: \$.start_time: \"2026-02-29T10:00:00Z\" is not a valid time: 2026-02 has no day 29"
mutate "$f" date-apr.json "d['runs'][1]['start_time'] = '2026-04-31'"
bad "native: 31 April, in the second run" date-apr.json \
	"kvperf: date-apr.json: \$.runs[1].start_time: \"2026-04-31\" is not a valid time: 2026-04 has no day 31"
mutate "$f" date-hour.json "d['start_time'] = '2026-11-25T24:00:00Z'"
bad "native: hour 24" date-hour.json \
	"kvperf: date-hour.json: \$.start_time: \"2026-11-25T24:00:00Z\" is not a valid time: there is no hour 24"
mutate "$f" date-min.json "d['start_time'] = '2026-11-25T23:60:00Z'"
bad "native: minute 60" date-min.json \
	"kvperf: date-min.json: \$.start_time: \"2026-11-25T23:60:00Z\" is not a valid time: there is no minute 60"
mutate "$f" date-sec.json "d['start_time'] = '2026-11-25T12:00:60Z'"
bad "native: second 60 that is no leap second" date-sec.json \
	"kvperf: date-sec.json: \$.start_time: \"2026-11-25T12:00:60Z\" is not a valid time: there is no second 60 at 12:00 UTC (a leap second is 23:59:60 UTC)"
mutate "$f" date-off.json "d['start_time'] = '2026-11-25T12:00:00+25:00'"
bad "native: offset +25:00" date-off.json \
	"kvperf: date-off.json: \$.start_time: \"2026-11-25T12:00:00+25:00\" is not a valid time: there is no UTC offset +25:00"
mutate "$f" date-offm.json "d['start_time'] = '2026-11-25T12:00:00-05:60'"
bad "native: offset minute 60" date-offm.json \
	"kvperf: date-offm.json: \$.start_time: \"2026-11-25T12:00:00-05:60\" is not a valid time: there is no UTC offset -05:60"
mutate "$f" date-year.json "d['start_time'] = '0001-01-01T00:30:00+01:00'"
bad "native: before year 1 in UTC" date-year.json \
	"kvperf: date-year.json: \$.start_time: \"0001-01-01T00:30:00+01:00\" is not a valid time: it falls before year 1 in UTC"
mutate "$S/gbench/baseline/BM_Sum-reps5.json" gb-date.json "d['context']['date'] = '2026-11-31T01:21:03+00:00'"
bad "gbench: an impossible date" gb-date.json \
	"kvperf: gb-date.json: \$.context.date: \"2026-11-31T01:21:03+00:00\" is not a valid time: 2026-11 has no day 31"
mutate "$S/gbench/baseline/BM_Sum-reps5.json" gb-olddate.json "d['context']['date'] = '11/25/26 01:21:03'"
run "$KVPERF" --db "$T/o.db" import -c x gb-olddate.json
expect "gbench: a date in the form of old releases on Windows imports" 0 \
	"kvperf: note: gb-olddate.json: \$.context.date: \"11/25/26 01:21:03\" is not an ISO 8601 time: the run has no start time"
same "without a start time" "$(sql "$T/o.db" "select count(*) from run where start_time is null")" "1"
mutate "$D/k8s-netperf/virt-result.json" np-date.json "d[0]['timestamp'] = '2026-11-20T10:00:00+99:00'"
bad "k8s-netperf: an impossible date" np-date.json \
	"kvperf: np-date.json: \$[0].timestamp: \"2026-11-20T10:00:00+99:00\" is not a valid time: there is no UTC offset +99:00"
mutate "$D/kubevirt-ci/zero-p50.json" kci-date.json "d['JobDirCreationTime'] = '2026-00-14T05:17:24.04Z'"
bad "kubevirt-ci: an impossible date" kci-date.json \
	"kvperf: kci-date.json: \$.JobDirCreationTime: \"2026-00-14T05:17:24.04Z\" is not a valid time: there is no month 0"
mutate "$S/cyclictest/baseline/fifo80-t1-hist-r1.json" cy-date.json "d['start_time'] = 'Mon, 30 Feb 2026 01:20:34 +0000'"
bad "cyclictest: an impossible date" cy-date.json \
	"kvperf: cy-date.json: \$.start_time: \"Mon, 30 Feb 2026 01:20:34 +0000\" is not a valid time: 2026-02 has no day 30"
sed 's/epoch-secs: .*/epoch-secs: 1e300/' "$S/stress-ng/baseline/cpu-matrixprod-r1.yaml" >sn-epoch.yaml
bad "stress-ng: an epoch past year 9999" sn-epoch.yaml \
	"kvperf: sn-epoch.yaml:$(grep -n "epoch-secs: 1e300" sn-epoch.yaml | cut -d: -f1):19: \$[\"system-info\"][\"epoch-secs\"]: 1e+300 s after 1970 is not a time in the years 0001 to 9999"

# Valid times are stored in one form: UTC, whole seconds, "Z".
dates() {
	rm -f "$T/t.db"
	for t in "$@"; do
		mutate "$D/native/roundtrip.json" "t-$t.json" "d['start_time'] = '$t'"
		"$KVPERF" --db "$T/t.db" import -q "t-$t.json" || echo "# $t refused"
	done
	sql "$T/t.db" "select start_time from run where seq = 0 order by id" | tr '\n' ' '
}
same "normalised to UTC" "$(dates 2026-11-25T03:11:00.75+02:00 '2026-11-25 01:11' 2026-11-25 2028-02-29T23:59:60Z 2026-11-24T23:30:00-01:45 2026-11-25t01:11:00z)" \
	"2026-11-25T01:11:00Z 2026-11-25T01:11:00Z 2026-11-25T00:00:00Z 2028-02-29T23:59:59Z 2026-11-25T01:15:00Z 2026-11-25T01:11:00Z "
rm -f "$T/g.db"
"$KVPERF" --db "$T/g.db" import -q -c x "$D/kubevirt-ci/zero-p50.json" "$S/gbench/baseline/BM_Sum-r1.json" \
	"$D/k8s-netperf/virt-result.json" "$S/cyclictest/baseline/fifo80-t1-hist-r1.json"
same "every format stores that form" "$(sql "$T/g.db" "select tool || '=' || start_time from run order by id" | tr '\n' ' ')" \
	"$(python3 - "$D/kubevirt-ci/zero-p50.json" "$S/gbench/baseline/BM_Sum-r1.json" "$D/k8s-netperf/virt-result.json" <<'PY'
import datetime, json, re, sys
def utc(s):
    t = datetime.datetime.fromisoformat(re.sub(r"\.[0-9]+", "", s).replace("Z", "+00:00"))
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
k, g, n = (json.load(open(f)) for f in sys.argv[1:])
print("kubevirt-ci=%s gbench=%s k8s-netperf=%s cyclictest=2026-11-25T01:19:50Z " % (
    utc(k["JobDirCreationTime"]), utc(g["context"]["date"]), utc(n[0]["timestamp"])), end="")
PY
)"

# ---- 10. a byte-order mark, quoted newlines -------------------------------

printf '\357\273\277' | cat - "$D/native/roundtrip.json" >bom.json
good "a UTF-8 byte-order mark before JSON" bom.json
same "all of it" "$(sql "$T/g.db" "select count(*) from sample")" "17"
printf '\357\273\277' | cat - "$S/fio/baseline/write-bs4k-r1.json" >bom-fio.json
good "a byte-order mark before fio's JSON" bom-fio.json
printf '\357\273\277' | cat - "$S/sysbench/baseline/cpu-threads1-r1.txt" >bom-sb.txt
good "a byte-order mark before a text report" bom-sb.txt
printf '\357\273\277' >bom-only.json
bad "a byte-order mark alone" bom-only.json "kvperf: bom-only.json: empty file"
printf '\357\273\277\357\273\277' | cat - "$D/native/roundtrip.json" >bom2.json
run "$KVPERF" --db "$db" import bom2.json
expect "two byte-order marks are not one" 65
python3 - "$D/k8s-netperf/newer-result.csv" <<'PY' >np-quoted.csv
import sys
lines = open(sys.argv[1]).read().splitlines()
print(lines[0] + ",Note")
print(lines[1] + ',"two\nlines, and ""quotes"""')
for l in lines[2:]:
    print(l + ",")
PY
good "k8s-netperf CSV without quotes" "$D/k8s-netperf/newer-result.csv"
rows=$(sql "$T/g.db" "select count(*) from sample")
good "k8s-netperf CSV: a quoted newline (RFC 4180)" np-quoted.csv
same "every row" "$(sql "$T/g.db" "select count(*) from sample")" "$rows"
python3 - "$D/k8s-netperf/newer-result.csv" <<'PY' >np-crlf.csv
import sys
lines = open(sys.argv[1]).read().splitlines()
sys.stdout.write(lines[0] + ",Note\r\n" + lines[1] + ',"a\r\nb"\r\n' + "".join(l + ",\r\n" for l in lines[2:]))
PY
good "k8s-netperf CSV: CRLF, and a quoted CRLF" np-crlf.csv
same "every row" "$(sql "$T/g.db" "select count(*) from sample")" "$rows"
python3 - "$D/k8s-netperf/newer-result.csv" <<'PY' >np-after.csv
import sys
lines = open(sys.argv[1]).read().splitlines()
print(lines[0] + ",Note")
print(lines[1] + ',"x\ny"')
print(lines[2].replace(",744.233333,", ",fast,") + ",")
PY
bad "k8s-netperf CSV: a line after a quoted newline keeps its number" np-after.csv \
	"kvperf: np-after.csv:4:$(sed -n 4p np-after.csv | awk -F, '{n=0; for (i = 1; i < 15; i++) n += length($i) + 1; print n + 1}'): Avg Throughput: expected a number, got \"fast\""
python3 - "$D/k8s-netperf/newer-result.csv" <<'PY' >np-open.csv
import sys
lines = open(sys.argv[1]).read().splitlines()
print(lines[0] + ",Note")
print(lines[1] + ',"never closed')
print(lines[2] + ",")
PY
bad "k8s-netperf CSV: a quote never closed" np-open.csv \
	"kvperf: np-open.csv:2:$(($(sed -n 2p np-open.csv | wc -c) - 13)): a quote that is not closed"

done_testing
