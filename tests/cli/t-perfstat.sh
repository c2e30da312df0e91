# t-perfstat.sh - perf stat -j and -x output: detected without --format, one
# run per file, every counter as in the file, <not supported> left out with
# a note, -r means as summaries, -I intervals as samples, -A CPUs as
# parameters, the same rows as contrib's native files, bad input.
. "$SRCDIR/tests/cli/lib.sh"
D=$SRCDIR/tests/data/perf-stat
E=$SRCDIR/examples/perf-stat
db=$T/p.db

# What the files say, read here independently: "config|cpu|event|value"
# per counter line (perf's msec and ns as s), each file's sorted by cpu and
# event, then in file order (as values() below lists the database).
cat >ref.py <<'PY'
import json, os, sys
scale = {"msec": 1e-3, "ns": 1e-9}
for path in sys.argv[1:]:
    cfg = os.path.basename(os.path.dirname(path))
    rows = []
    for line in open(path).read().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("{"):
            d = json.loads(line)
            if "counter-value" not in d:
                continue
            val, unit, event = d["counter-value"], d.get("unit", ""), d["event"]
            aggr = "cpu=" + d["cpu"] if "cpu" in d else ""
        else:
            f = line.split(";" if ";" in line else ",")
            if f[-4] == "":
                continue  # a derived metric's line
            v = len(f) - (8 if f[-5].endswith("%") else 7)
            val, unit, event = f[v], f[v + 1], f[v + 2]
            aggr = "cpu=" + f[v - 1][3:] if v > 0 and f[v - 1].startswith("CPU") else ""
        if not val.startswith("<"):
            rows.append((aggr, event, len(rows), float(val) * scale.get(unit, 1)))
    for aggr, event, _, value in sorted(rows):
        print("%s|%s|%s|%r" % (cfg, aggr, event, value))
PY
values() { sql "$1" "select r.config, b.params, m.name, s.value from sample s join run r on r.id = s.run_id join metric m on m.id = s.metric_id join benchmark b on b.id = m.benchmark_id order by r.id, b.params, m.name, s.seq"; }
want() { python3 ref.py "$@"; }

run "$KVPERF" --db "$db" import --config-from-dir "$E"
expect "perf stat -j files import without --format" 0
has "one run per file" "$out" "imported 10 files (10 runs, 50 samples)"
same "read as perf-stat" "$(sql "$db" "select distinct format from source")" "perf-stat"
has "<not supported> counters are left out, with a note" "$err" \
	"kvperf: note: $E/baseline/gzip9-r1.json: counters perf could not read left out (<not supported>): cycles, instructions"
same "every counter as in the files, msec and ns to s" "$(values "$db")" \
	"$(for f in "$E"/baseline/*.json "$E"/constrained/*.json; do want "$f"; done)"
same "the benchmark is the file's name up to its first '-'; tool perf-stat; lower is better" \
	"$(sql "$db" "select distinct tool || ' ' || benchmark || ' ' || direction from samples_v")" "perf-stat gzip9 lower"
same "the start time is the '# started on' line, stored as UTC" \
	"$(sql "$db" "select start_time from run where id = 1")" \
	"$(python3 -c "
import sys, time
line = open(sys.argv[1]).readline()
print(time.strftime('%Y-%m-%dT%H:%M:%SZ', time.strptime(line[len('# started on '):].strip(), '%a %b %d %H:%M:%S %Y')))" "$E/baseline/gzip9-r1.json")"
same "units: msec as ms, no unit as a count" "$(sql "$db" "select name || ':' || unit || ':' || orig_unit from metric order by name" | tr '\n' ' ')" \
	"context-switches:count:count cpu-migrations:count:count duration_time:s:ns page-faults:count:count task-clock:s:ms "
"$KVPERF" --db "$T/n.db" import -q "$SRCDIR/examples/native" >/dev/null 2>&1
rows() { sql "$1" "select r.config, r.start_time, m.name, m.unit, m.orig_unit, m.direction, m.kind, s.value from sample s join run r on r.id = s.run_id join metric m on m.id = s.metric_id order by 1, 2, 3, 8"; }
same "the same rows as contrib/perf-stat-to-native.sh's native files" "$(rows "$db")" "$(rows "$T/n.db")"

# -x CSV, -r, -I, -A, standard error: every file of tests/data/perf-stat
for f in gzip9-x.csv gzip6-r3-x.csv gzip6-r3.json gzip9-interval-x.csv gzip9-interval.json \
	sleep-percpu-x.csv sleep-percpu.json true-stderr.json; do
	run "$KVPERF" --db "$T/$f.db" import -c x "$D/$f"
	expect "$f imports without --format" 0
	same "$f: every counter as in the file" "$(values "$T/$f.db")" "$(want "$D/$f" | sed 's/^perf-stat|/x|/')"
done
same "-x: <not supported> left out with a note" "$(sql "$T/gzip9-x.csv.db" "select count(*) from metric where name in ('cycles', 'instructions')")" "0"
same "-r: the means of the repeats are summaries, CSV and JSON alike" \
	"$(sql "$T/gzip6-r3-x.csv.db" "select distinct kind from metric") $(sql "$T/gzip6-r3.json.db" "select distinct kind from metric")" "summary summary"
same "without -r: samples" "$(sql "$T/gzip9-x.csv.db" "select distinct kind from metric")" "sample"
same "-I: one sample per interval, in order" \
	"$(sql "$T/gzip9-interval-x.csv.db" "select count(*) from samples_v where metric = 'task-clock'")" \
	"$(grep -c ';task-clock;' "$D/gzip9-interval-x.csv")"
same "-A: each CPU is a parameter" "$(sql "$T/sleep-percpu.json.db" "select distinct params from samples_v order by 1" | tr '\n' ' ')" "cpu=0 cpu=1 "
same "-A: CSV and JSON name the CPUs alike" "$(sql "$T/sleep-percpu-x.csv.db" "select distinct params from samples_v order by 1" | tr '\n' ' ')" "cpu=0 cpu=1 "
same "no '# started on' line: no start time" "$(sql "$T/true-stderr.json.db" "select count(*) from run where start_time is null")" "1"

# a pipe: perf stat writes to standard error
run sh -c "\"$KVPERF\" --db \"$T/pipe.db\" import -c x - <\"$D/gzip9-x.csv\""
expect "standard input" 0
same "from standard input the benchmark is perf-stat" "$(sql "$T/pipe.db" "select distinct benchmark from samples_v")" "perf-stat"
run sh -c "\"$KVPERF\" --db \"$T/pipe2.db\" import -c x - <\"$D/gzip9-interval.json\""
expect "JSON lines without '# started on' on standard input" 0
same "as JSON lines" "$(sql "$T/pipe2.db" "select count(*) from sample")" "$(grep counter-value "$D/gzip9-interval.json" | grep -vc '<not')"
has "the interval after the workload ended, <not counted>, is left out with a note" "$err" \
	"kvperf: note: <stdin>: counters perf could not read left out (<not counted>): task-clock, page-faults"

# Bad input: one line that names the file and the line (and the JSON path),
# exit 65, nothing stored.
before=$(dbsum "$db")
S=$E/baseline/gzip9-r1.json
head -c 400 "$S" >cut.json
bad "a truncated JSON line" cut.json "kvperf: cut.json:4:173: premature end of input near '\"/'"
sed 's/"counter-value" : "3.000000"/"counter-value" : "three"/' "$S" >word.json
bad "a counter value that is not a number" word.json \
	"kvperf: word.json:4: \$[\"counter-value\"]: expected a number, \"<not counted>\" or \"<not supported>\", got \"three\""
sed 's/"counter-value" : "3.000000"/"counter-value" : true/' "$S" >bool.json
bad "a counter value of the wrong type" bool.json "kvperf: bool.json:4: \$[\"counter-value\"]: expected a string, got true"
sed 's/"event" : "page-faults"/"event" : 7/' "$S" >event.json
bad "an event name that is a number" event.json "kvperf: event.json:6: \$.event: expected a string, got a number"
sed 's/"counter-value" : "3.000000"/"counter-value" : "-3.000000"/' "$S" >neg.json
bad "a negative count" neg.json "kvperf: neg.json:4:1: context-switches is -3: a count cannot be negative"
head -n 5 "$D/gzip9-x.csv" >cut.csv
printf '262,,context-swi' >>cut.csv
bad "a truncated CSV line" cut.csv \
	"kvperf: cut.csv:6:1: expected the fields of perf stat -x, (value,unit,event,...,run time,percent running,metric value,metric unit), the line has 3"
sed '4s/^[0-9.]*,/lots,/' "$D/gzip9-x.csv" >word.csv
bad "a CSV counter value that is not a number" word.csv \
	"kvperf: word.csv:4:1: expected a counter value (a number, \"<not counted>\" or \"<not supported>\"), got \"lots\""
sed '4s/,100.00,/,all,/' "$D/gzip9-x.csv" >pcnt.csv
bad "a CSV percentage that is not a number" pcnt.csv \
	"kvperf: pcnt.csv:4:$(sed -n 4p "$D/gzip9-x.csv" | awk -F, '{ print length($1 $2 $3 $4) + 5 }'): expected the counter's percentage of time running (a number), got \"all\" (an event name with ',' in it? use another separator: -x';')"
sed '1s/Nov 29/Nov 31/' "$D/gzip9-x.csv" >date.csv
bad "an impossible start time" date.csv \
	"kvperf: date.csv:1:14: \"Sun Nov 31 $(sed -n '1s/.*Nov 29 \([0-9:]*\) .*/\1/p' "$D/gzip9-x.csv") 2026\": \"2026-11-31T$(sed -n '1s/.*Nov 29 \([0-9:]*\) .*/\1/p' "$D/gzip9-x.csv")Z\" is not a valid time: 2026-11 has no day 31"
grep -v '^[0-9]' "$D/gzip9-x.csv" >none.csv
bad "no counter perf could read" none.csv \
	"kvperf: none.csv:$(grep -n '^<' none.csv | head -n 1 | cut -d: -f1):1: perf could read none of the counters (all are \"<not counted>\" or \"<not supported>\"): nothing was measured"
same "database unchanged by all of them" "$(dbsum "$db")" "$before"

done_testing
