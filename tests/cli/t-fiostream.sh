# t-fiostream.sh - fio's output read job by job (issue 15): the same rows as
# the in-memory read (a small pipe), the same messages for a syntax error
# (line and column of the whole file) and a bad value (its JSON path), the
# database unchanged after a bad file, fio's repeated options.
. "$SRCDIR/tests/cli/lib.sh"
tmo() { timeout -k 5 "$@"; }
S=$SRCDIR/examples/samples/fio/baseline/randread-bs4k-r1.json

# the real json+ file's job 60 times, two by two under one name (numjobs=2),
# rates varied; then a syntax error in job 7 and a bad value in job 9
python3 - "$S" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1]))
jobs = []
for i in range(60):
    j = copy.deepcopy(d["jobs"][i % len(d["jobs"])])
    j["jobname"] = "job%03d" % (i // 2)
    j["read"]["iops"] = j["read"]["iops"] * (1 + i / 100)
    jobs.append(j)
d["jobs"] = jobs
json.dump(d, open("plus.json", "w"), indent=2)
text = json.dumps(d, indent=2)
at = text.index('"jobname": "job003"', text.index('"jobname": "job003"') + 1)
open("syntax.json", "w").write(text[:at] + '"jobname" "job003"' + text[at + len('"jobname": "job003"'):])
d["jobs"][9]["read"]["iops"] = "many"
json.dump(d, open("semantic.json", "w"), indent=2)
PY
# fio's client/server output repeats options: the last one stands
python3 - "$S" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
text = json.dumps(d, indent=2)
text = text.replace('"rw": "randread"', '"rw": "write", "rw": "randread"', 1)
open("dup.json", "w").write(text)
PY

rows() {
	sql "$1" "select benchmark, params, metric, count(*), sum(value), min(value), max(value)
		from samples_v group by benchmark, params, metric order by 1, 2, 3"
}
run tmo 60 "$KVPERF" --db file.db import -c x plus.json
expect "a fio json+ file is imported from the file" 0 ""
same "every job and sample" "$out" "imported 1 file (1 run, 420 samples)"
cat plus.json | tmo 60 "$KVPERF" --db pipe.db import -c x - >.out 2>.err
rc=$?; out=$(cat .out); err=$(cat .err)
expect "the same content piped is read in memory" 0 ""
same "the same rows either way" "$(rows file.db)" "$(rows pipe.db)"
same "30 benchmarks of 2 samples each" "$(sql file.db "select count(distinct benchmark), max(n) from (select benchmark, count(*) n from samples_v where metric = 'read_iops' group by benchmark)")" "30|2"
same "the same hash and size" "$(sql file.db "select sha256, size, format from source")" \
	"$(sha256sum plus.json | cut -d' ' -f1)|$(stat -c %s plus.json)|fio"

before=$(dbsum file.db)
run tmo 30 "$KVPERF" --db file.db import -c y syntax.json
expect_err=$err
line=$(grep -n '"jobname" "job003"' syntax.json | cut -d: -f1)
has "a syntax error in a job is at the line of the whole file" "$err" "kvperf: syntax.json:$line:"
cat syntax.json | tmo 30 "$KVPERF" --db pipe2.db import -c y - >.out 2>.err
same "as the in-memory read says it" "$expect_err" "$(sed 's/<stdin>/syntax.json/' .err)"
run tmo 30 "$KVPERF" --db file.db import -c y semantic.json
expect "a bad value names its job in the path" 65 \
	"kvperf: semantic.json: \$.jobs[9].read.iops: expected a finite number, got a string"
cat semantic.json | tmo 30 "$KVPERF" --db pipe2.db import -c y - >.out 2>.err
same "as the in-memory read says it" "$(sed 's/<stdin>/semantic.json/' .err)" "$err"
same "bad files leave the database unchanged" "$(dbsum file.db)" "$before"
run tmo 30 "$KVPERF" --db file.db import -c x plus.json
expect "the same file again is skipped by its hash" 0 "kvperf: note: plus.json: already imported (as 'plus.json'), skipped"

run tmo 30 "$KVPERF" --db dup.db import -c x dup.json
expect "repeated options in a job are read" 0 ""
same "the last one stands" "$(sql dup.db "select distinct params from samples_v")" \
	"$(sql file.db "select distinct params from samples_v where benchmark = 'job000'")"
done_testing
