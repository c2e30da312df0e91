# t-import.sh - importing native files (real sysbench reports converted), listing them, re-importing.
. "$SRCDIR/tests/cli/lib.sh"
ex=$SRCDIR/tests/data/native-sysbench
db=$T/ex.db

run "$KVPERF" --db "$db" import "$ex"
expect "import a directory of native files: exit 0, nothing on stderr" 0 ""
same "summary line" "$out" "imported 2 files (30 runs, 90 samples)"

# Every sample stored equals the value in the native file, in canonical units.
python3 - "$db" "$ex"/*.json <<'PY' >check.txt
import json, sqlite3, sys
scale = {"events/s": 1.0, "ms": 1e-3, "MiB/s": 1048576.0}
con = sqlite3.connect(sys.argv[1])
bad = n = 0
for path in sys.argv[2:]:
    doc = json.load(open(path))
    (src,) = con.execute("select id from source where path like ?", ("%" + path.split("/")[-1],)).fetchone()
    for seq, run in enumerate(doc["runs"]):
        (rid, cfg) = con.execute("select id, config from run where source_id=? and seq=?", (src, seq)).fetchone()
        bad += cfg != doc["config"]
        for b in run["benchmarks"]:
            for m in b["metrics"]:
                got = [r[0] for r in con.execute(
                    "select value from samples_v where run_id=? and benchmark=? and metric=? order by seq",
                    (rid, b["name"], m["name"]))]
                want = [v * scale[m["unit"]] for v in m["samples"]]
                n += len(want)
                if got != want:
                    bad += 1
                    print("mismatch", path, seq, b["name"], m["name"], got, want)
print("checked", n, "bad", bad)
PY
same "every stored sample equals its input" "$(tail -1 check.txt)" "checked 90 bad 0"
same "units are canonical" "$(sql "$db" "select distinct unit || ':' || orig_unit from metric order by 1" | tr '\n' ' ')" \
	"bytes/s:MiB/s ops/s:events/s s:ms "
same "directions are kept" "$(sql "$db" "select name, direction from metric group by name order by name" | tr '\n' ' ')" \
	"events_per_second|higher latency_avg|lower latency_p95|lower transfer_rate|higher "
# One value from the real report the examples came from (sysbench cpu-threads1-r1.txt: "events per second:  5389.01").
same "first baseline cpu run, events/s" \
	"$(sql "$db" "select value from samples_v where config='baseline' and run_id=1 and metric='events_per_second'")" "5389.01"

run "$KVPERF" --db "$db" runs
expect "runs exits 0" 0 ""
same "runs lists both configurations" "$out" "config       runs  benchmarks  metrics  samples
baseline       15           3        9       45
constrained    15           3        9       45"
run "$KVPERF" --db "$db" runs --format csv
same "runs as CSV" "$out" "config,runs,benchmarks,metrics,samples,first_start,last_start
baseline,15,3,9,45,,
constrained,15,3,9,45,,"
run "$KVPERF" --db "$db" runs -v --format json
expect "runs -v --format json exits 0" 0 ""
same "the JSON parses and counts agree" "$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(len(d["configs"]), sum(c["samples"] for c in d["configs"]), len(d["runs"]),
      sorted(set(r["labels"]["cpuset"] for r in d["runs"])))')" "2 90 30 ['0', '0-1']"
run "$KVPERF" --db "$db" runs -v --config constrained
has "runs -v shows a run's labels" "$out" "labels: competing_load=stress-ng-cpu cpuset=0 report=cpu-threads1-r1.txt"
has "and its source" "$out" "source: $ex/sysbench-constrained.json (native)"
case "$out" in *baseline*) not_ok "--config shows only that configuration" ;; *) ok "--config shows only that configuration" ;; esac
run "$KVPERF" --db "$db" runs -v --format csv
same "runs -v as CSV has one row per run" "$(printf '%s\n' "$out" | wc -l)" "31"
run "$KVPERF" --db "$db" runs --config nosuch
expect "runs --config of an unknown configuration" 1 "kvperf: no configuration 'nosuch' in '$db'"

# import writes without foreign-key enforcement (it made every id itself): check the keys
same "every foreign key holds after the import" "$(sql "$db" "pragma foreign_key_check")" ""
# Re-importing is harmless.
before=$(dbsum "$db")
run "$KVPERF" --db "$db" import "$ex"
expect "re-import exits 0" 0
same "re-import summary" "$out" "imported 0 files (0 runs, 0 samples), 2 already imported"
has "re-import notes the skip" "$err" "kvperf: note: $ex/sysbench-baseline.json: already imported (as '$ex/sysbench-baseline.json'), skipped"
same "re-import changes nothing" "$(dbsum "$db")" "$before"
cp "$ex/sysbench-baseline.json" copy.json
run "$KVPERF" --db "$db" import copy.json
has "the same content under another name is skipped" "$err" "already imported (as '$ex/sysbench-baseline.json'), skipped"

# --config, --label and --dry-run.
f=$SRCDIR/tests/data/native/roundtrip.json
run "$KVPERF" --db "$T/o.db" import --dry-run "$f"
same "dry run summary" "$out" "checked 1 file (2 runs, 17 samples)"
[ -e "$T/o.db" ] && not_ok "a dry run creates no database" || ok "a dry run creates no database"
run "$KVPERF" --db "$T/o.db" import -c forced -l hugepages=none -l site=lab "$f"
expect "import with --config and --label" 0 ""
same "--config wins" "$(sql "$T/o.db" "select distinct config from run")" "forced"
same "--label wins and adds" "$(sql "$T/o.db" "select key, value from label where key in ('hugepages', 'site') order by run_id, key" | tr '\n' ' ')" \
	"hugepages|none site|lab hugepages|none site|lab "
before=$(dbsum "$T/o.db")
cp "$SRCDIR/tests/data/native-sysbench/sysbench-baseline.json" d.json
run "$KVPERF" --db "$T/o.db" import -n d.json
same "dry run on an existing database" "$out" "checked 1 file (15 runs, 45 samples)"
same "changes nothing" "$(dbsum "$T/o.db")" "$before"

# A directory is walked in byte order of names, recursively; files of no
# known format found there are ignored with a note.
mkdir -p tree/b tree/a tree/.hidden
printf 'notes\n' >tree/a/README
cp "$f" tree/.hidden/h.json
for name in tree/b/z.json tree/a/y.json tree/x.json tree/a/B.json; do
	sed "s/\"config\": \"file-config\"/\"config\": \"$(basename "$name" .json)\"/" "$f" >"$name"
done
run "$KVPERF" --db "$T/tree.db" import tree
same "walk order" "$(sql "$T/tree.db" "select path from source order by id" | tr '\n' ' ')" \
	"tree/a/B.json tree/a/y.json tree/b/z.json tree/x.json "
same "a walked file of no format is ignored" "$err" "kvperf: note: tree/a/README: not a result file of a known format, ignored"
same "walk summary" "$out" "imported 4 files (8 runs, 68 samples), 1 ignored"

done_testing
