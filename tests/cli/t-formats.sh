# t-formats.sh - every tool's real output, imported and checked value by value
# against the file itself (read here with Python or sed, not with kvperf).
. "$SRCDIR/tests/cli/lib.sh"
S=$SRCDIR/examples/samples
db=$T/f.db

run "$KVPERF" --db "$db" import --config-from-dir "$S"
expect "the whole samples tree imports" 0 ""
nb=$(find "$S" -path '*/baseline/*' -type f | wc -l)
nc=$(find "$S" -path '*/constrained/*' -type f | wc -l)
same "one run per file, two configurations" \
	"$(sql "$db" "select config, count(*) from run group by config" | tr '\n' ' ')" "baseline|$nb constrained|$nc "

# import writes without foreign-key enforcement (it made every id itself): check the keys
same "every foreign key holds after the import" "$(sql "$db" "pragma foreign_key_check")" ""
# value DB-QUERY: the one stored value (in canonical units)
v() { sql "$db" "select value from samples_v where source like '%$1' and metric = '$2' order by seq"; }
# py FILE EXPR: evaluate EXPR with d = the parsed JSON file
py() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print(repr($2))" "$1"; }
pyf() { python3 -c "import sys; print(repr(float(sys.argv[1]) * float(sys.argv[2])))" "$1" "$2"; }

# fio
f=$S/fio/baseline/randread-bs4k-r1.json
same "fio read IOPS of job 0" "$(v fio/baseline/randread-bs4k-r1.json read_iops)" "$(py "$f" "d['jobs'][0]['read']['iops']")"
same "fio bandwidth in bytes/s" "$(v fio/baseline/randread-bs4k-r1.json read_bw)" "$(py "$f" "float(d['jobs'][0]['read']['bw_bytes'])")"
same "fio p99 completion latency, ns to s" "$(v fio/baseline/randread-bs4k-r1.json read_clat_p99)" \
	"$(py "$f" "d['jobs'][0]['read']['clat_ns']['percentile']['99.000000'] * 1e-9")"
same "fio p99.9" "$(v fio/baseline/randread-bs4k-r1.json read_clat_p99.9)" \
	"$(py "$f" "d['jobs'][0]['read']['clat_ns']['percentile']['99.900000'] * 1e-9")"
same "fio parameters from the job options" \
	"$(sql "$db" "select distinct params from samples_v where source like '%fio/baseline/randread-bs4k-r1.json'")" \
	"bs=4k,ioengine=psync,runtime=3,rw=randread,size=128m"
same "fio directions" "$(sql "$db" "select distinct metric || ':' || direction from samples_v where tool = 'fio' and metric in ('read_iops', 'read_clat_p99', 'write_bw') order by 1" | tr '\n' ' ')" \
	"read_clat_p99:lower read_iops:higher write_bw:higher "
same "fio: no metrics for a direction that did no I/O" \
	"$(sql "$db" "select count(*) from samples_v where source like '%randread-bs4k-r1.json' and metric like 'write%'")" "0"
same "fio group_reporting: two jobs, one result" \
	"$(v fio/baseline/randread-bs4k-2jobs-r1.json read_iops)" "$(py "$S/fio/baseline/randread-bs4k-2jobs-r1.json" "d['jobs'][0]['read']['iops']")"
same "fio json+ (bins skipped) imports like json" \
	"$(v fio/constrained/write-bs4k-r1.json write_iops)" "$(py "$S/fio/constrained/write-bs4k-r1.json" "d['jobs'][0]['write']['iops']")"
same "fio start time from the timestamp" \
	"$(sql "$db" "select start_time from run join source on source.id = run.source_id where path like '%fio/baseline/randread-bs4k-r1.json'")" \
	"$(python3 -c "import json, sys, datetime; print(datetime.datetime.fromtimestamp(json.load(open(sys.argv[1]))['timestamp'], datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'))" "$f")"

# iperf3
f=$S/iperf3/baseline/tcp-P2-r1.json
same "iperf3 received bits/s" "$(v iperf3/baseline/tcp-P2-r1.json received_bps)" "$(py "$f" "d['end']['sum_received']['bits_per_second']")"
same "iperf3 retransmits" "$(v iperf3/baseline/tcp-P2-r1.json retransmits)" "$(py "$f" "float(d['end']['sum_sent']['retransmits'])")"
same "iperf3 parameters" "$(sql "$db" "select distinct params from samples_v where source like '%iperf3/baseline/tcp-P2-r1.json'")" \
	"blksize=131072,duration=3,reverse=false,streams=2"
f=$S/iperf3/constrained/udp-b1G-r3.json
same "iperf3 UDP jitter, ms to s" "$(v iperf3/constrained/udp-b1G-r3.json jitter)" "$(py "$f" "d['end']['sum_received']['jitter_ms'] * 1e-3")"
same "iperf3 UDP lost percent" "$(v iperf3/constrained/udp-b1G-r3.json lost_percent)" "$(py "$f" "float(d['end']['sum_received']['lost_percent'])")"
run "$KVPERF" --db "$db" import "$SRCDIR/tests/data/bad/iperf3-refused.json"
expect "iperf3: a failed run is refused, not imported as zeros" 65 \
	"kvperf: $SRCDIR/tests/data/bad/iperf3-refused.json: \$.error: iperf3 reported an error, so this is a failed run: unable to connect to server: Connection refused"

# sysbench (text): the numbers as the report prints them
f=$S/sysbench/constrained/cpu-threads2-r4.txt
same "sysbench cpu events/s" "$(v sysbench/constrained/cpu-threads2-r4.txt events_per_second)" "$(sed -n 's/.*events per second: *//p' "$f")"
same "sysbench cpu 95th percentile, ms to s" "$(v sysbench/constrained/cpu-threads2-r4.txt latency_p95)" \
	"$(pyf "$(sed -n 's/.*95th percentile: *//p' "$f")" 1e-3)"
f=$S/sysbench/baseline/memory-block1M-r2.txt
same "sysbench memory MiB/s to bytes/s" "$(v sysbench/baseline/memory-block1M-r2.txt transfer_rate)" \
	"$(pyf "$(sed -n 's/.*MiB transferred (\([0-9.]*\) MiB\/sec).*/\1/p' "$f")" 1048576)"
same "sysbench memory parameters" "$(sql "$db" "select distinct params from samples_v where source like '%memory-block1M-r2.txt'")" \
	"block_size=1024KiB,operation=write,threads=1"
f=$S/sysbench/baseline/fileio-rndrw-r1.txt
same "sysbench fileio reads/s" "$(v sysbench/baseline/fileio-rndrw-r1.txt reads_per_second)" "$(sed -n 's/.*reads\/s: *//p' "$f")"
same "sysbench threads and mutex are named after the file" \
	"$(sql "$db" "select distinct benchmark from samples_v where tool = 'sysbench' order by 1" | tr '\n' ' ')" "cpu fileio memory mutex threads "
same "sysbench mutex total time" "$(v sysbench/baseline/mutex-threads2-r1.txt total_time)" \
	"$(sed -n 's/.*total time: *\([0-9.]*\)s/\1/p' "$S/sysbench/baseline/mutex-threads2-r1.txt")"

# stress-ng (YAML)
f=$S/stress-ng/baseline/cpu-fft-switch-r1.yaml
same "stress-ng: one benchmark per stressor" "$(sql "$db" "select distinct benchmark from samples_v where source like '%cpu-fft-switch-r1.yaml' order by 1" | tr '\n' ' ')" "cpu switch "
same "stress-ng: a stressor that ran beside others has them as 'with', one alone has no parameter" \
	"$(sql "$db" "select distinct benchmark || ' ' || params from samples_v where source like '%baseline/cpu-fft-switch-r1.yaml' or source like '%baseline/cpu-matrixprod-r1.yaml' order by 1" | tr '\n' '|')" \
	"cpu |cpu with=switch|switch with=cpu|"
same "stress-ng bogo-ops/s (real time) of 'switch'" \
	"$(sql "$db" "select value from samples_v where source like '%baseline/cpu-fft-switch-r1.yaml' and benchmark = 'switch' and metric = 'bogo_ops_per_second_real'")" \
	"$(awk '/stressor: switch/ {s = 1} s && /bogo-ops-per-second-real-time/ {print $2; exit}' "$f" | sed 's/0*$//')"
same "stress-ng host and start time" "$(sql "$db" "select host, start_time from run join source on source.id = run.source_id where path like '%baseline/cpu-fft-switch-r1.yaml'")" \
	"vm|$(python3 -c "import datetime; print(datetime.datetime.fromtimestamp($(sed -n 's/.*epoch-secs: //p' "$f"), datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'))")"

# cyclictest
f=$S/cyclictest/constrained/fifo80-t1-hist-r2.json
same "cyclictest avg latency, us to s" "$(v cyclictest/constrained/fifo80-t1-hist-r2.json latency_avg)" "$(py "$f" "d['thread']['0']['avg'] * 1e-6")"
same "cyclictest max latency" "$(v cyclictest/constrained/fifo80-t1-hist-r2.json latency_max)" "$(py "$f" "d['thread']['0']['max'] * 1e-6")"
f=$S/cyclictest/baseline/fifo80-t1-hist-r1.json
same "cyclictest p99 from the histogram" "$(v cyclictest/baseline/fifo80-t1-hist-r1.json latency_p99)" "$(python3 - "$f" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["thread"]["0"]
h = sorted((int(k), v) for k, v in t["histogram"].items())
need, acc = 0.99 * sum(v for _, v in h), 0
for us, n in h:
    acc += n
    if acc >= need:
        print(repr(us * 1e-6)); break
PY
)"
same "cyclictest parameters from the command line" \
	"$(sql "$db" "select distinct params from samples_v where tool = 'cyclictest' order by 1" | tr '\n' ' ')" \
	"interval_us=1000,policy=fifo,priority=80,threads=1 interval_us=1000,policy=other,threads=1 "
same "cyclictest: no percentiles from an empty histogram" \
	"$(sql "$db" "select count(*) from samples_v where source like '%other-t1-r1.json' and metric like 'latency_p%'")" "0"

# hyperfine
f=$S/hyperfine/baseline/gzip-levels-r2.json
same "hyperfine: every timed run is a sample" \
	"$(sql "$db" "select value from samples_v where source like '%hyperfine/baseline/gzip-levels-r2.json' and params = 'level=5' and metric = 'time' order by seq" | paste -sd' ' -)" \
	"$(python3 -c "import json, sys; print(' '.join(repr(x) for x in json.load(open(sys.argv[1]))['results'][1]['times']))" "$f")"
same "hyperfine: a parameter scan is one benchmark" \
	"$(sql "$db" "select distinct benchmark || ' / ' || params from samples_v where tool = 'hyperfine' order by 1" | tr '\n' ' ')" \
	"gzip -c -6 /usr/bin/fio /  gzip -c -{level} /usr/bin/fio / level=1 gzip -c -{level} /usr/bin/fio / level=5 gzip -c -{level} /usr/bin/fio / level=9 "

# Google Benchmark
f=$S/gbench/baseline/BM_Sum-reps5.json
same "gbench: five repetitions are five samples, aggregates are not" \
	"$(sql "$db" "select count(*) from samples_v where source like '%gbench/baseline/BM_Sum-reps5.json' and params = 'arg0=1024' and metric = 'real_time'")" "5"
same "gbench real_time, ns to s" \
	"$(sql "$db" "select value from samples_v where source like '%gbench/baseline/BM_Sum-reps5.json' and params = 'arg0=65536' and metric = 'real_time' and seq = 2")" \
	"$(py "$f" "[b for b in d['benchmarks'] if b['run_name'] == 'BM_Sum/65536' and b['run_type'] == 'iteration'][2]['real_time'] * 1e-9")"
same "gbench items/s" \
	"$(sql "$db" "select value from samples_v where source like '%gbench/constrained/BM_Sum-r3.json' and params = 'arg0=1024' and metric = 'items_per_second'")" \
	"$(py "$S/gbench/constrained/BM_Sum-r3.json" "d['benchmarks'][0]['items_per_second']")"

# KubeVirt VMI labels
run "$KVPERF" --db "$T/vmi.db" import -c kv --vmi "$SRCDIR/tests/data/vmi/vmi-fedora-dedicated.yaml" "$S/fio/baseline/write-bs4k-r1.json"
expect "--vmi with a YAML VMI" 0 ""
same "its tuning becomes labels" "$(sql "$T/vmi.db" "select group_concat(key || '=' || value, ' ') from (select * from label order by key)")" \
	"kubevirt.cores=2 kubevirt.dedicated_cpu_placement=true kubevirt.kind=VirtualMachineInstance kubevirt.memory_request=1024M kubevirt.name=vmi-fedora"
run "$KVPERF" --db "$T/vmi.db" import -c kv --vmi "$SRCDIR/tests/data/vmi/vmi-list.json" "$S/fio/baseline/write-bs4k-r2.json"
same "a List: shared values, and differing ones joined" \
	"$(sql "$T/vmi.db" "select key || '=' || value from label where run_id = 2 and key in ('kubevirt.hugepages', 'kubevirt.numa', 'kubevirt.node', 'kubevirt.isolate_emulator_thread') order by key" | tr '\n' ' ')" \
	"kubevirt.hugepages=1Gi kubevirt.isolate_emulator_thread=true kubevirt.node=node01,node02 kubevirt.numa=guest-passthrough "

done_testing
