# t-pgparity.sh - the native format, every adapter and every query give
# identical results on both engines (issue #17): the same inputs imported
# into a SQLite file and into a PostgreSQL database print the same, store
# the same rows (doubles bit for bit), and every read command (runs,
# compare, trend, report) prints the same bytes and writes the same files;
# a second import skips everything on both; a bad file fails the same way
# on both and leaves either database as it was.
[ -f "$SRCDIR/tests/cli/pglib.sh" ] || { echo "1..0 # SKIP no tests/cli/pglib.sh"; exit 0; }
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/pglib.sh"
. "$SRCDIR/tests/cli/pgcheck.sh"
pg_start || { not_ok "a PostgreSQL server starts"; done_testing; exit 1; }
E=$SRCDIR/examples D=$SRCDIR/tests/data
sq=$T/parity.db
U=$PG_ADMIN_URI
shown=$(redact_uri "$U")
export SOURCE_DATE_EPOCH=1795569000 COLUMNS=200
mkdir s p

# both DESC RC [<FILE] ARGS...: kvperf ARGS... on SQLite (in s/) and on
# PostgreSQL (in p/) exits RC on both, with the same stdout byte for byte
# and the same stderr once the database's name is replaced by DB.
both() {
	desc=$1 want=$2
	shift 2
	in=/dev/null
	case $1 in "<"*) in=${1#<}; shift ;; esac
	if [ "$1" = import ]; then
		# the inputs, for the second import
		vmi=
		for a in "$@"; do
			case $vmi$a in /*) printf '%s\n' "$a" >>inputs ;; esac
			vmi=; [ "$a" != --vmi ] || vmi=x
		done
	fi
	(cd s && exec "$KVPERF" --db "$sq" "$@" <"$in" >../s.out 2>../s.err)
	src=$?
	(cd p && exec "$KVPERF" --db "$U" "$@" <"$in" >../p.out 2>../p.err)
	prc=$?
	for e in s p; do
		pg_redact "$(sed -e "s|$sq|DB|g" -e "s|$shown|DB|g" $e.err)" >$e.errn
	done
	if [ "$src" -ne "$want" ] || [ "$prc" -ne "$want" ]; then
		not_ok "$desc" "exit status: SQLite $src, PostgreSQL $prc, wanted $want" \
			"SQLite's stderr: $(tail -n 5 s.errn)" "PostgreSQL's stderr: $(tail -n 5 p.errn)"
	elif ! cmp -s s.out p.out; then
		not_ok "$desc" "stdout differs (< SQLite, > PostgreSQL):" \
			"$(diff s.out p.out | head -n 20)"
	elif ! cmp -s s.errn p.errn; then
		not_ok "$desc" "stderr differs (< SQLite, > PostgreSQL):" \
			"$(diff s.errn p.errn | head -n 20)"
	else
		ok "$desc"
	fi
}

# The inputs: each tool's files with the options its own test uses.
imports() {
	: >inputs
	both "examples: samples and native, --config-from-dir" 0 \
		import --config-from-dir "$E/samples" "$E/native"
	both "examples: KubeVirt CI, OpenSearch, perf stat" 0 \
		import --config-from-dir "$E/kubevirt-ci" "$E/opensearch" "$E/perf-stat"
	both "fio client/server" 0 import -c cs "$D"/fio-client/cs-r*.json "$D/fio-client/prefixed-r1.txt"
	both "fio json+ and --vmi (YAML)" 0 import -c nightly --vmi "$D/vmi/vmi-fedora-dedicated.yaml" \
		"$D/fio-desc/desc-jsonplus.json"
	both "fio json, --label and --vmi (a List)" 0 import -c nightly -l version=v9 -l team=storage \
		--vmi "$D/vmi/vmi-list.json" "$D/fio-desc/desc-json.json"
	both "k8s-netperf" 0 import -c pod "$D/k8s-netperf/docs-excerpt-result.csv" \
		"$D/k8s-netperf/newer-result.csv"
	both "kube-burner: a metrics directory" 0 import -c kubevirt \
		"$D/kube-burner/collected-metrics-f7c79fd5"
	both "kube-burner: documents and a jobSummary" 0 import -c x \
		"$D/kube-burner/docs/docs-excerpt-vmimLatencyMeasurement.json" \
		"$D/kube-burner/docs/docs-excerpt-vmimLatencyQuantilesMeasurement.json" \
		"$D/kube-burner/user-metadata/jobSummary.json"
	both "KubeVirt CI: a results tree" 0 import -c k8s-1.34 "$D/kubevirt-ci/results" \
		"$D/kubevirt-ci/zero-p50.json"
	both "KubeVirt CI: VMResult null" 0 import -c density "$D/kubevirt-ci/vmresult-null.json"
	both "KubeVirt objects" 0 import -c kubevirt "$D/kubevirt-objects/vmis-100.json" \
		"$D/kubevirt-objects/vmi-one.json" "$D/kubevirt-objects/vmims-10.json"
	both "native: the round trip's extremes, with a label" 0 import -c rt -l commit=abc \
		"$D/native/roundtrip.json"
	both "native: sysbench's configurations from the file" 0 import "$D/native-sysbench"
	both "STREAM, NPB and pbench, baseline" 0 import -c baseline "$D"/stream/baseline-r*.txt \
		"$D"/npb/cg-baseline-r*.txt "$D"/pbench/baseline-*-result.json
	both "k8s-netperf JSON, STREAM, NPB, pbench, OpenSearch and Prometheus, vm" 0 import -c vm \
		"$D/k8s-netperf/virt-result.json" "$D"/stream/vm-r*.txt "$D"/npb/cg-vm-r*.txt \
		"$D"/pbench/vm-*-result.json "$D/opensearch/uperf.ndjson" "$D/opensearch/fio-search.json" \
		"$D/opensearch/sysbench.ndjson" "$D/prometheus/query_range.json" \
		"$D/prometheus/availability.json" "$D/prometheus/vector.json"
	both "NPB with MPI" 0 import -c mpi "$D/npb/btmz-mpi.txt"
	both "OpenSearch: kube-burner" 0 import -c kb "$D/opensearch/kube-burner-search.json" \
		"$D/opensearch/kube-burner-scroll.json" "$D/opensearch/kube-burner-source.ndjson"
	both "OpenSearch: an elasticdump on standard input" 0 \
		"<$D/opensearch/kube-burner-elasticdump.ndjson" import -c kb -
	both "perf stat: JSON and CSV" 0 import -c x "$D"/perf-stat/*.json "$D"/perf-stat/*.csv
	both "Prometheus on standard input" 0 "<$D/prometheus/vcpu_rate.json" import -c vm -
}

# ---- the imports ----
imports
same "every import made something on PostgreSQL" \
	"$(pg_psql "select count(*) > 200, (select count(*) from sample) > 3000 from source")" "t|t"

# ---- the rows ----
pg_rows kvperf >p.rows
sqlite_rows "$sq" >s.rows
us=$(printf '\037')
for t in sources runs labels params samples aggregates; do
	# -0.0 aside (below)
	grep "^$t$us" p.rows | sed "s/$us-0x0.0p+0\$/${us}0x0.0p+0/" >p.$t
	grep "^$t$us" s.rows | sed "s/$us-0x0.0p+0\$/${us}0x0.0p+0/" >s.$t
	if [ ! -s s.$t ]; then
		not_ok "$t: the same rows on both" "no rows on SQLite"
	elif cmp -s s.$t p.$t; then
		ok "$t: the same rows on both ($(wc -l <s.$t))"
	else
		diff s.$t p.$t | tr '\037' '|' | head -n 10 >$t.diff
		not_ok "$t: the same rows on both" "(< SQLite, > PostgreSQL)" "$(cat $t.diff)"
	fi
done
# The round trip's second sample is -0.0: SQLite stores an integral REAL as
# an integer, which loses its sign, so a query reads 0.0 there.
q="select s.value from sample s join run r on r.id = s.run_id join source src on src.id = r.source_id
	where src.path like '%/roundtrip.json' and r.seq = 0 and s.seq = 1"
same "a sample of -0.0 reads back the same on both (samples_v, ad-hoc SQL)" \
	"$(pg_psql "$q")" "$(sql "$sq" "$q" | sed 's/^0.0$/0/; s/^-0.0$/-0/')"

# ---- the read commands ----
both "runs" 0 runs
both "runs -v" 0 runs -v
both "runs --format json" 0 runs --format json
both "runs -v --format json" 0 runs -v --format json
both "runs -v --format csv" 0 runs -v --format csv
both "runs --config vm" 0 runs --config vm
both "runs --config nosuch: the same error" 1 runs --config nosuch
for opts in "" "--bootstrap 200" "--bootstrap 200 --seed 7 --estimator median" \
	"--adjust none --confidence 0.9 --noise-threshold 2" "--test mann-whitney --tool sysbench" \
	"--tool fio --match randread" "-V constrained --equivalence 5" "--summary-only" "--reference vm"; do
	# shellcheck disable=SC2086
	both "compare -b baseline $opts --format json" 0 compare -b baseline $opts --format json
done
for f in text csv markdown tsv; do
	both "compare -b baseline --format $f" 0 compare -b baseline --format $f
done
both "compare --summary-only --format csv" 0 compare -b baseline --summary-only --format csv
both "compare -b pod (k8s-netperf)" 0 compare -b pod --format json
both "compare -b k8s-1.31 (KubeVirt CI)" 0 compare -b k8s-1.31 --format json
both "compare --fail-above 1: exit 3 on both" 3 compare -b baseline --fail-above 1 --format csv
both "compare -b nosuch: the same error" 1 compare -b nosuch
for opts in "" "--by ci.build" "-c k8s-1.34 --min-runs 5 --adjust none" \
	"--last 10 --min-segment 2 --since 2025-10-01"; do
	# shellcheck disable=SC2086
	both "trend $opts --format json" 0 trend $opts --format json
done
both "trend --format csv" 0 trend --format csv
both "trend (text)" 0 trend
both "trend --by nosuch: the same error" 65 trend --by nosuch

# ---- report ----
both "report -o report.pdf" 0 report -b baseline -o report.pdf --title Parity
if [ -s s/report.pdf ] && cmp -s s/report.pdf p/report.pdf; then
	ok "the PDFs are byte-identical"
else
	not_ok "the PDFs are byte-identical" "$(cmp s/report.pdf p/report.pdf 2>&1)"
fi
mkdir s/charts p/charts
both "report -o charts/ --chart-format svg --tool sysbench" 0 report -b baseline -o charts \
	--chart-format svg --tool sysbench
if [ -n "$(ls s/charts)" ] && diff -r s/charts p/charts >charts.diff 2>&1; then
	ok "the chart files are byte-identical ($(ls s/charts | wc -l))"
else
	not_ok "the chart files are byte-identical" "$(head -n 10 charts.diff)"
fi
both "report -o results.xlsx --tool fio" 0 report -b baseline -o results.xlsx --tool fio
# Every cell of every sheet, and the images; the About sheet names the
# database, which is replaced by DB.
cat >xlsx.py <<'PY'
import hashlib, sys, zipfile
import xml.etree.ElementTree as ET
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
def text(e):
    return "".join(t.text or "" for t in e.iter(M + "t"))
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
ss = [text(si) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(M + "si")] \
    if "xl/sharedStrings.xml" in names else []
rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
for sh in ET.fromstring(z.read("xl/workbook.xml")).iter(M + "sheet"):
    target = rels[sh.get(R + "id")]
    target = target[1:] if target.startswith("/") else "xl/" + target
    for c in ET.fromstring(z.read(target)).iter(M + "c"):
        v, f = c.find(M + "v"), c.find(M + "f")
        val = (v.text or "") if v is not None else ""
        if c.get("t") == "s":
            val = ss[int(val)]
        elif c.get("t") == "inlineStr":
            val = text(c)
        for db in sys.argv[2:]:
            val = val.replace(db, "DB")
        print(sh.get("name"), c.get("r"), c.get("t") or "n", repr(val), f.text if f is not None else "")
for n in sorted(names):
    if n.startswith("xl/media/"):
        print(n, hashlib.sha256(z.read(n)).hexdigest())
PY
python3 xlsx.py s/results.xlsx "$sq" >s.cells 2>&1
python3 xlsx.py p/results.xlsx "$shown" >p.cells 2>&1
if [ "$(wc -l <s.cells)" -gt 100 ] && cmp -s s.cells p.cells; then
	ok "the workbooks hold the same cells and images (the About sheet's database aside)"
else
	not_ok "the workbooks hold the same cells and images (the About sheet's database aside)" \
		"$(diff s.cells p.cells | head -n 10)" "$(head -n 3 s.cells)"
fi
has "the About sheet names the PostgreSQL database" "$(grep '^About ' p.cells)" "'DB'"
pw=${U#postgresql://kvperf_admin:}
pw=${pw%%@*}
same "the workbook holds no password" "$(python3 -c "
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print([n for n in z.namelist() if sys.argv[2].encode() in z.read(n)])" p/results.xlsx "$pw")" "[]"

# ---- a second import: everything is skipped ----
sbefore=$(dbsum "$sq")
pbefore=$(pg_digest kvperf)
set --
while read -r f; do set -- "$@" "$f"; done <inputs
both "again, every input file at once: all skipped" 0 import -c again "$@"
has "... as already imported" "$(cat p.out)" "imported 0 files (0 runs, 0 samples), "
both "again, the pipes: skipped" 0 "<$D/prometheus/vcpu_rate.json" import -c vm -
same "... as already imported" "$(cat p.out)" "imported 0 files (0 runs, 0 samples), 1 already imported"
same "the second import changed nothing on SQLite" "$(dbsum "$sq")" "$sbefore"
same "the second import changed nothing on PostgreSQL" "$(pg_digest kvperf)" "$pbefore"

# ---- bad files: the same failure, nothing changed ----
python3 - <<'PY'
import json
def m(name, samples, unit="ms"):
    return {"name": name, "unit": unit, "direction": "lower", "samples": samples}
def doc(runs, **top):
    d = {"kvperf": 1, "config": "bad", "tool": "synthetic"}
    d.update(top)
    d["runs"] = runs
    return d
good = {"benchmarks": [{"name": "b", "metrics": [m("m", [1, 2, 3])]}]}
files = {
    # the same metric twice in a run: PostgreSQL's sample table has no key
    "dup-metric.json": doc([good, {"benchmarks": [{"name": "b", "metrics": [m("m", [1]), m("m", [2])]}]}]),
    "dup-benchmark.json": doc([{"benchmarks": [{"name": "b", "metrics": [m("m", [1])]},
                                               {"name": "b", "metrics": [m("m", [2])]}]}]),
    # a bad value in the third run, after two runs were written
    "late-value.json": doc([good, good, {"benchmarks": [{"name": "b", "metrics": [m("m", [1, "x"])]}]}]),
    # a metric the database holds with another unit (the round trip's)
    "unit.json": doc([good, {"benchmarks": [{"name": "extremes",
        "params": {"z": "last", "a": 1, "m": 0.5, "odd,key": "x=y"},
        "metrics": [m("values", [1], unit="s")]}]}]),
}
for name, d in files.items():
    json.dump(d, open(name, "w"))
with open("cut.json", "w") as f:
    f.write(json.dumps(doc([good, good]))[:-30])
PY
sbefore=$(dbsum "$sq")
pbefore=$(pg_digest kvperf)
for f in "$D"/bad/* "$D/fio-client/job.fio" "$D"/kube-burner/docs/docs-excerpt-vmiLatency*Measurement.json \
	"$D/kubevirt-ci/both-null.json" "$T/dup-metric.json" "$T/dup-benchmark.json" "$T/late-value.json" \
	"$T/unit.json" "$T/cut.json"; do
	both "bad ${f##*/}: exit 65, the same message" 65 import -c x "$f"
	same "bad ${f##*/}: one line on stderr" "$(wc -l <p.err) $(wc -l <s.err)" "1 1"
done
both "--keep-going past bad files" 65 import -k -c x "$T/dup-metric.json" "$D/bad" "$T/unit.json"
same "bad files left SQLite unchanged" "$(dbsum "$sq")" "$sbefore"
same "bad files left PostgreSQL unchanged" "$(pg_digest kvperf)" "$pbefore"
# --dry-run checks against what the database holds
both "--dry-run of files already imported: skipped on both" 0 import -n -c new \
	"$D/native/roundtrip.json" "$E/samples/fio/baseline/write-bs4k-r1.json"
both "--dry-run of a metric the database holds with another unit: 65 on both" 65 \
	import -n -c x "$T/unit.json"
same "--dry-run left PostgreSQL unchanged" "$(pg_digest kvperf)" "$pbefore"

# After the failures: SQLite gives a new run the ids a rolled-back import
# had taken, PostgreSQL's sequence does not give them back (docs/postgresql.md
# says so), so runs -v shows other run ids, and everything else the same.
sed 's/"samples": \[99.5\]/"samples": [42.5]/' "$D/native/roundtrip.json" >after.json
both "a good file after the bad ones" 0 import -c after "$T/after.json"
(cd s && "$KVPERF" --db "$sq" runs -v --format json >../s.out 2>&1)
(cd p && "$KVPERF" --db "$U" runs -v --format json >../p.out 2>&1)
same "runs -v after failed imports: the same, but for the run ids" "$(python3 - s.out p.out <<'PY'
import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in ("run", "id")}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
a, b = (json.load(open(f)) for f in sys.argv[1:3])
print("same" if strip(a) == strip(b) else "differ")
PY
)" "same"
both "compare -b rt after failed imports" 0 compare -b rt --format json

done_testing
