# t-formats-bad.sh - bad input for every adapter: one line naming the file
# and the place, exit status 65, the database unchanged.
. "$SRCDIR/tests/cli/lib.sh"
S=$SRCDIR/examples/samples
db=$T/b.db
"$KVPERF" --db "$db" import -q -c base "$S/fio/baseline/write-bs64k-r1.json" || echo "Bail out! setup"
before=$(dbsum "$db")

f=$S/fio/baseline/randread-bs4k-r1.json
head -c 3000 "$f" >fio-trunc.json
run "$KVPERF" --db "$db" import -c x fio-trunc.json
expect "fio truncated: exit 65" 65
has "fio truncated: names the last line" "$err" "kvperf: fio-trunc.json:$(($(wc -l <fio-trunc.json) + 1)):"
has "fio truncated: says where it ended" "$err" "near end of file"
same "fio truncated: database unchanged" "$(dbsum "$db")" "$before"
mutate "$f" fio-noiops.json "del d['jobs'][0]['read']['iops']"
bad "fio missing member" fio-noiops.json "kvperf: fio-noiops.json: \$.jobs[0].read: missing member \"iops\""
mutate "$f" fio-type.json "d['jobs'][0]['read']['clat_ns']['mean'] = 'fast'"
bad "fio wrong type" fio-type.json "kvperf: fio-type.json: \$.jobs[0].read.clat_ns.mean: expected a finite number, got a string"
mutate "$f" fio-err.json "d['jobs'][0]['error'] = 5"
bad "fio job error" fio-err.json "kvperf: fio-err.json: \$.jobs[0].error: fio reported error 5 for job 'randread-bs4k': a failed run"
# fio writes notes to stdout, before its JSON: still fio's, without --format
# (issue 14), and an error gives the line in the whole file
{ printf 'note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth will be capped at 1\n'; cat "$f"; } >fio-notes.json
run "$KVPERF" --db "$T/notes.db" import -c x fio-notes.json
expect "fio JSON after a note: imported" 0
same "fio JSON after a note: read as fio" "$(sql "$T/notes.db" "select format from source")" "fio"
head -c 3000 fio-notes.json >fio-notes-cut.json
run "$KVPERF" --db "$db" import -c x fio-notes-cut.json
expect "fio JSON after a note, truncated: exit 65" 65
has "fio JSON after a note, truncated: the line in the whole file" "$err" "kvperf: fio-notes-cut.json:$(($(wc -l <fio-notes-cut.json) + 1)):"
same "fio JSON after a note, truncated: database unchanged" "$(dbsum "$db")" "$before"
bad "iperf3 file forced as fio" "$S/iperf3/baseline/tcp-P1-r1.json" \
	"kvperf: $S/iperf3/baseline/tcp-P1-r1.json: \$: missing member \"fio version\"" --format fio

f=$S/iperf3/baseline/tcp-P1-r1.json
mutate "$f" iperf-nosum.json "del d['end']['sum_received']"
bad "iperf3 missing member" iperf-nosum.json "kvperf: iperf-nosum.json: \$.end: missing member \"sum_received\""
mutate "$f" iperf-type.json "d['start']['test_start']['num_streams'] = [1]"
bad "iperf3 wrong type" iperf-type.json "kvperf: iperf-type.json: \$.start.test_start.num_streams: expected a finite number, got an array"
bad "fio file forced as iperf3" "$S/fio/baseline/write-bs4k-r1.json" \
	"kvperf: $S/fio/baseline/write-bs4k-r1.json: \$: missing member \"start\"" --format iperf3

f=$S/hyperfine/baseline/gzip6-r1.json
mutate "$f" hf-times.json "d['results'][0]['times'][3] = None"
bad "hyperfine wrong type" hf-times.json "kvperf: hf-times.json: \$.results[0].times[3]: expected a finite number, got null"
mutate "$f" hf-nocmd.json "del d['results'][0]['command']"
bad "hyperfine missing member" hf-nocmd.json "kvperf: hf-nocmd.json: \$.results[0]: missing member \"command\"" --format hyperfine

f=$S/gbench/baseline/BM_Sum-reps5.json
mutate "$f" gb-unit.json "d['benchmarks'][0]['time_unit'] = 'fortnights'"
bad "gbench wrong unit" gb-unit.json "kvperf: gb-unit.json: \$.benchmarks[0].time_unit: expected ns, us, ms or s, got \"fortnights\""
mutate "$f" gb-noreal.json "del d['benchmarks'][1]['real_time']"
bad "gbench missing member" gb-noreal.json "kvperf: gb-noreal.json: \$.benchmarks[1]: missing member \"real_time\""

f=$S/cyclictest/baseline/fifo80-t1-hist-r1.json
mutate "$f" cy-avg.json "d['thread']['0']['avg'] = 'x'"
bad "cyclictest wrong type" cy-avg.json "kvperf: cy-avg.json: \$.thread[\"0\"].avg: expected a finite number, got a string"
mutate "$f" cy-nothr.json "d['thread'] = {}"
bad "cyclictest no threads" cy-nothr.json "kvperf: cy-nothr.json: \$.thread: no threads"
# found by fuzzing: a bucket too large for an integer was undefined behaviour
mutate "$f" cy-huge.json "d['thread']['0']['histogram']['5.5e123'] = 1"
bad "cyclictest bucket out of range" cy-huge.json "kvperf: cy-huge.json: \$.thread[\"0\"].histogram[\"5.5e123\"]: a histogram bucket must be a whole number of microseconds from 0 to 1e12"
mutate "$f" cy-frac.json "d['thread']['0']['histogram']['12'] = 2.5"
bad "cyclictest fractional count" cy-frac.json "kvperf: cy-frac.json: \$.thread[\"0\"].histogram[\"12\"]: expected a whole number of cycles from 0 to 1e15"

f=$S/sysbench/baseline/cpu-threads1-r1.txt
head -n 12 "$f" >sb-trunc.txt
bad "sysbench truncated" sb-trunc.txt "kvperf: sb-trunc.txt:12:1: the report ends before \"General statistics:\" (truncated?)"
sed 's/events per second:  [0-9.]*/events per second:  fast/' "$f" >sb-num.txt
bad "sysbench not a number" sb-num.txt "kvperf: sb-num.txt:$(grep -n 'events per second' sb-num.txt | cut -d: -f1):25: expected a number"
bad "a fio file forced as sysbench" "$S/fio/baseline/write-bs4k-r1.json" \
	"kvperf: $S/fio/baseline/write-bs4k-r1.json:1:1: expected a sysbench report (\"sysbench 1.x ...\")" --format sysbench

f=$S/stress-ng/baseline/cpu-matrixprod-r1.yaml
sed 's/bogo-ops-per-second-real-time: .*/bogo-ops-per-second-real-time: lots/' "$f" >sn-num.yaml
bad "stress-ng not a number" sn-num.yaml "kvperf: sn-num.yaml:$(grep -n ': lots' sn-num.yaml | cut -d: -f1):38: \$.metrics[0][\"bogo-ops-per-second-real-time\"]: expected a number, got a string \"lots\""
printf -- '---\nsystem-info:\n  stress-ng-version: 0.15.06\nmetrics:\n  - stressor: cpu\n    bogo-ops: [1,\n' >sn-trunc.yaml
bad "stress-ng truncated YAML" sn-trunc.yaml "kvperf: sn-trunc.yaml:7:1: did not find expected node content"
printf -- '---\nsystem-info:\n  stress-ng-version: 0.15.06\n' >sn-nometrics.yaml
bad "stress-ng missing member" sn-nometrics.yaml "kvperf: sn-nometrics.yaml:2:1: \$: missing member \"metrics\""

for ext in json txt yaml; do
	: >empty.$ext
	bad "empty .$ext" empty.$ext "kvperf: empty.$ext: empty file"
done
bad "empty file forced as a format" empty.json "kvperf: empty.json: empty file" --format cyclictest

# --vmi errors
run "$KVPERF" --db "$db" import -c x --vmi "$S/fio/baseline/write-bs4k-r1.json" "$S/fio/baseline/write-bs4k-r2.json"
expect "--vmi with something that is not a VMI" 65 "kvperf: $S/fio/baseline/write-bs4k-r1.json: \$: expected kind VirtualMachineInstance or VirtualMachine, got \"\""
same "--vmi error: database unchanged" "$(dbsum "$db")" "$before"
printf 'kind: [\n' >badvmi.yaml
run "$KVPERF" --db "$db" import -c x --vmi badvmi.yaml "$S/fio/baseline/write-bs4k-r2.json"
expect "--vmi with broken YAML" 65 "kvperf: badvmi.yaml:2:1: did not find expected node content"

# KubeVirt CI: a results.json whose VMIResult and VMResult are both null is
# refused when named (t-domains.sh), but skipped with a note when found in a
# directory, as the public CI tree holds such files (kubevirt/ci-performance-
# benchmarks, Apache-2.0; tests/data/kubevirt-ci/README.md).
D=$SRCDIR/tests/data/kubevirt-ci
mkdir -p ci/2076889661766111232 ci/2077252054446772224
cp "$D/both-null.json" ci/2076889661766111232/results.json
cp "$D/vmresult-null.json" ci/2077252054446772224/results.json
run "$KVPERF" --db "$T/ci.db" import -c x ci
expect "a directory with a KubeVirt CI file without results: exit 0" 0
same "... skipped with a one-line note" "$(printf '%s\n' "$err" | grep 2076889661766111232)" \
	"kvperf: note: ci/2076889661766111232/results.json: no results (VMIResult and VMResult are null), skipped"
same "... the other file imported" "$(sql "$T/ci.db" "select path from source")" "ci/2077252054446772224/results.json"
has "... the summary counts it" "$out" "1 without results"
run "$KVPERF" --db "$T/ci.db" import -q -c x ci
expect "... and -q says nothing" 0 ""
rm -r ci/2077252054446772224
run "$KVPERF" --db "$db" import -c x ci
expect "a directory with only a file without results: exit 65" 65 \
	"kvperf: note: ci/2076889661766111232/results.json: no results (VMIResult and VMResult are null), skipped
kvperf: no results in ci (1 file of a known format holds none)"
same "... database unchanged" "$(dbsum "$db")" "$before"

done_testing
