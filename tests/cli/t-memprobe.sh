# t-memprobe.sh - STREAM and NAS Parallel Benchmarks text reports.
. "$SRCDIR/tests/cli/lib.sh"
S=$SRCDIR/tests/data/stream
N=$SRCDIR/tests/data/npb
db=$T/m.db

run "$KVPERF" --db "$db" import -q -c baseline "$S"/baseline-r*.txt "$N"/cg-baseline-r*.txt
expect "baseline STREAM and CG reports import" 0 ""
run "$KVPERF" --db "$db" import -q -c vm "$S"/vm-r*.txt "$N"/cg-vm-r*.txt
expect "and the VM's" 0 ""
same "the best rates, MB/s to bytes/s, as in the files" \
	"$(sql "$db" "select group_concat(value, ' ') from (select value from samples_v where tool = 'stream' and config = 'baseline' and metric = 'triad_rate' order by run_id)")" \
	"$(python3 -c "
import re, sys
print(' '.join(repr(float(re.search(r'^Triad:\s+([0-9.]+)', open(f).read(), re.M).group(1)) * 1e6) for f in sys.argv[1:]))" "$S"/baseline-r1.txt "$S"/baseline-r2.txt "$S"/baseline-r3.txt)"
same "STREAM's parameters, version and kind" \
	"$(sql "$db" "select distinct params from samples_v where tool = 'stream'") $(sql "$db" "select distinct tool_version from run where tool = 'stream'") $(sql "$db" "select distinct kind from metric where name like '%_rate'")" \
	"array_size=80000000,threads=4 5.10 summary"
same "NPB: Mop/s total and time, as in the files" \
	"$(sql "$db" "select group_concat(metric || '=' || value, ' ') from (select metric, value from samples_v where benchmark = 'CG' and source like '%cg-vm-r2.txt' order by metric)")" \
	"$(python3 -c "
import re, sys
t = open(sys.argv[1]).read()
print('mops_total=%r time=%r' % (float(re.search(r'Mop/s total\s+=\s+([0-9.]+)', t).group(1)) * 1e6, float(re.search(r'Time in seconds =\s+([0-9.]+)', t).group(1))))" "$N/cg-vm-r2.txt")"
same "its class and threads" "$(sql "$db" "select distinct params from samples_v where benchmark = 'CG'")" "class=B,threads=4"

run "$KVPERF" --db "$db" compare -b baseline --format json
# A bandwidth is higher-is-better: overhead 100 (b/v - 1), change 100 (v/b - 1).
same "STREAM is memory, NPB cpu, and the VM's triad overhead is the ratio of the means" "$(printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
c = {x['metric']: x for x in d['comparisons']}
print(c['triad_rate']['category'], c['mops_total']['category'], '%.6f %.6f' % (c['triad_rate']['overhead_pct'], c['triad_rate']['change_pct']))")" "memory cpu $(python3 -c "
import re, sys
m = lambda fs: sum(float(re.search(r'^Triad:\s+([0-9.]+)', open(f).read(), re.M).group(1)) for f in fs) / len(fs)
b = m(sys.argv[1:4]); v = m(sys.argv[4:7])
print('%.6f %.6f' % ((b / v - 1) * 100, (v / b - 1) * 100))" "$S"/baseline-r1.txt "$S"/baseline-r2.txt "$S"/baseline-r3.txt "$S"/vm-r1.txt "$S"/vm-r2.txt "$S"/vm-r3.txt)"

run "$KVPERF" --db "$T/z.db" import -c mpi "$N/btmz-mpi.txt"
expect "an MPI multi-zone report" 0
same "names processes and threads" "$(sql "$T/z.db" "select distinct benchmark || ' ' || params from samples_v")" "BT-MZ class=C,processes=8,threads=48"

# Bad input: failed runs, truncation, words for numbers; nothing stored.
before=$(dbsum "$db")
sed 's/^Solution Validates.*/Failed Validation on array a[], AvgRelAbsErr > epsilon (1.000000e-13)/' "$S/baseline-r1.txt" >failed.txt
run "$KVPERF" --db "$db" import -c x failed.txt
expect "STREAM that failed validation" 65 "kvperf: failed.txt:$(grep -n 'Failed Validation' failed.txt | cut -d: -f1):1: STREAM failed validation, so this is a failed run: Failed Validation on array a[], AvgRelAbsErr > epsilon (1.000000e-13)"
head -n 28 "$S/baseline-r1.txt" >cut.txt
run "$KVPERF" --db "$db" import -c x --format stream cut.txt
expect "a truncated STREAM report" 65 "kvperf: cut.txt:28:1: the table that starts on line 26 has no Add: line (truncated?)"
sed 's/^Triad: *[0-9.]*/Triad:        fast/' "$S/baseline-r1.txt" >word.txt
run "$KVPERF" --db "$db" import -c x --format stream word.txt
expect "a word for a rate" 65 "kvperf: word.txt:30:7: expected the best rate and the average time"
sed 's/Verification    =               SUCCESSFUL/Verification    =             UNSUCCESSFUL/' "$N/cg-baseline-r1.txt" >unverified.txt
run "$KVPERF" --db "$db" import -c x unverified.txt
expect "NPB that failed verification" 65 "kvperf: unverified.txt:$(grep -n 'UNSUCCESSFUL' unverified.txt | cut -d: -f1):1: NPB's verification failed, so this is a failed run"
head -n 24 "$N/cg-baseline-r1.txt" >cutnpb.txt
run "$KVPERF" --db "$db" import -c x --format npb cutnpb.txt
expect "a truncated NPB report" 65 "kvperf: cutnpb.txt:24:1: the CG report has no Mop/s total line (truncated?)"
same "database unchanged" "$(dbsum "$db")" "$before"
sed 's/Verification    =               SUCCESSFUL/Verification    =            NOT PERFORMED/' "$N/cg-baseline-r1.txt" >notdone.txt
run "$KVPERF" --db "$T/n.db" import -c x notdone.txt
expect "NPB without verification imports" 0
has "with a note" "$err" "kvperf: note: notdone.txt: line $(grep -n 'NOT PERFORMED' notdone.txt | cut -d: -f1): verification NOT PERFORMED"

done_testing
