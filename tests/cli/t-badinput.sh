# t-badinput.sh - bad input: one clear line naming the file and the place,
# exit status 65, and the database unchanged.
. "$SRCDIR/tests/cli/lib.sh"
db=$T/bad.db
good=$SRCDIR/tests/data/native/roundtrip.json
"$KVPERF" --db "$db" import -q "$good" || echo "Bail out! cannot import the good file"
before=$(dbsum "$db")
formats=$("$KVPERF" formats | grep -v '^ ' | paste -sd, - | sed 's/,/, /g')

# bad NAME STDERR [CODE]: importing NAME fails with CODE (65 unless given),
# exactly STDERR, database unchanged.
bad() {
	run "$KVPERF" --db "$db" import "$1"
	expect "$1: exit ${3:-65} and one line" "${3:-65}" "$2"
	same "$1: database unchanged" "$(dbsum "$db")" "$before"
}

printf '{"kvperf": 1, "config": "c", "benchmarks": [' >truncated.json
bad truncated.json "kvperf: truncated.json:1:44: ']' expected near end of file"
head -c 200 "$good" >cut.json
bad cut.json "kvperf: cut.json:8:48: ':' expected near end of file"
: >empty.json
bad empty.json "kvperf: empty.json: empty file"
printf '\n \n' >blank.json
bad blank.json "kvperf: blank.json: file holds only white space"
sed 's/"samples": \[1, 2, 3, 4, 5\]/"samples": [1, 2, "3", 4, 5]/' "$good" >string.json
bad string.json "kvperf: string.json: \$.runs[1].benchmarks[0].metrics[0].samples[2]: expected a finite number, got a string"
sed 's/"direction": "higher"/"direction": 1/' "$good" >wrongtype.json
bad wrongtype.json "kvperf: wrongtype.json: \$.runs[1].benchmarks[0].metrics[0].direction: expected a string, got a number"
sed 's/"samples": \[99.5\]/"samples": [NaN]/' "$good" >nan.json
bad nan.json "kvperf: nan.json:27:85: invalid token near 'NaN'"
sed 's/"samples": \[99.5\]/"samples": [Infinity]/' "$good" >inf.json
bad inf.json "kvperf: inf.json:27:90: invalid token near 'Infinity'"
sed 's/"samples": \[99.5\]/"samples": [1e400]/' "$good" >huge.json
bad huge.json "kvperf: huge.json:27:87: real number overflow near '1e400'"
printf '{"kvperf": 1, "config": "caf\351"}' >latin1.json
bad latin1.json "kvperf: latin1.json:1:28: unable to decode byte 0xe9 near '\"caf'"
python3 -c 'print("[" * 100000 + "]" * 100000)' >deep.json
bad deep.json "kvperf: deep.json:1:2049: maximum parsing depth reached near '['"
printf '{"kvperf": 1, "config": "c", "tool": "t", "benchmarks": [{"name": "b", "metrics": [{"name": "m", "unit": "s", "direction": "lower", "samples": [%s]}]}]}' \
	"$(python3 -c 'print(",".join(["1"] * 10) + ",[]")')" >nested.json
bad nested.json "kvperf: nested.json: \$.benchmarks[0].metrics[0].samples[10]: expected a finite number, got an array"
printf '{"hello": "world"}' >other.json
bad other.json "kvperf: cannot tell the format of 'other.json'; use --format (one of: $formats)"
printf 'some text\n' >notes.txt
bad notes.txt "kvperf: cannot tell the format of 'notes.txt'; use --format (one of: $formats)"
printf 'ab\000cd' >binary.dat
bad binary.dat "kvperf: binary.dat: binary data (a NUL byte at offset 2), not a result file"
bad missing.json "kvperf: cannot open 'missing.json': No such file or directory" 66
ln -s nowhere dangling.json
bad dangling.json "kvperf: cannot open 'dangling.json': No such file or directory" 66
mkdir emptydir
bad emptydir "kvperf: emptydir: no files in this directory"
mkdir docsonly && printf 'read me\n' >docsonly/README
run "$KVPERF" --db "$db" import docsonly
expect "a directory with no result files: exit 65" 65
has "says so" "$err" "kvperf: no result files of a known format in docsonly"

# Unreadable: root reads anything, so run as nobody when we are root.
cp "$good" secret.json && chmod 000 secret.json
chmod 777 "$T" && chmod 666 "$db" "$db"-* 2>/dev/null
if [ "$(id -u)" -eq 0 ]; then
	as=$(command -v setpriv) && as="$as --reuid=65534 --regid=65534 --clear-groups"
else
	as=""
fi
run $as "$KVPERF" --db "$db" import secret.json
expect "unreadable file: exit 66 and one line" 66 "kvperf: cannot open 'secret.json': Permission denied"
same "unreadable file: database unchanged" "$(dbsum "$db")" "$before"

# A 200 MB file: read, parsed, refused with a clear message, no crash.
{ printf '{"kvperf": 1, "config": "c", "pad": "'; head -c 200000000 /dev/zero | tr '\0' x; printf '"}'; } >big.json
bad big.json "kvperf: big.json: \$.pad: unknown member (expected one of: kvperf, config, labels, start_time, host, tool, tool_version, benchmarks, runs)"
rm -f big.json
truncate -s 200M sparse.bin
bad sparse.bin "kvperf: sparse.bin: binary data (a NUL byte at offset 0), not a result file"
rm -f sparse.bin

# --format forces a format; an unknown one is a usage error.
run "$KVPERF" --db "$db" import --format native other.json
expect "a forced format reports what is missing" 65 "kvperf: other.json: \$.kvperf: unsupported native format version (this kvperf reads 1)"
run "$KVPERF" --db "$db" import --format nosuch "$good"
expect "an unknown --format" 2 "kvperf: unknown format 'nosuch' (one of: $formats)"

# Text formats: every error names a line, and a column where one is meant
# (issue 13, point 15); a missing part is named at the report's last line.
S=$SRCDIR/examples/samples
# textbad NAME STDERR [ARGS...]: import -c x [ARGS...] NAME fails with 65,
# exactly STDERR, database unchanged.
textbad() {
	name=$1 want=$2; shift 2
	run "$KVPERF" --db "$db" import -c x "$@" "$name"
	expect "$name: exit 65 and one line" 65 "$want"
	same "$name: database unchanged" "$(dbsum "$db")" "$before"
}
# lineof FILE TEXT: the number of the first line of FILE that holds TEXT.
lineof() { grep -n -F -- "$2" "$1" | head -n 1 | cut -d: -f1; }
# colof FILE TEXT: the column where TEXT begins on that line.
colof() { grep -F -- "$2" "$1" | head -n 1 | awk -v t="$2" '{ print index($0, t) }'; }
f=$S/stress-ng/baseline/cpu-matrixprod-r1.yaml
sed 's/bogo-ops-per-second-real-time: .*/bogo-ops-per-second-real-time: lots/' "$f" >sn-word.yaml
textbad sn-word.yaml "kvperf: sn-word.yaml:$(lineof sn-word.yaml lots):$(colof sn-word.yaml lots): \$.metrics[0][\"bogo-ops-per-second-real-time\"]: expected a number, got a string \"lots\""
sed 's/bogo-ops-per-second-real-time: .*/bogo-ops-per-second-real-time: -5/' "$f" >sn-neg.yaml
textbad sn-neg.yaml "kvperf: sn-neg.yaml:$(lineof sn-neg.yaml ': -5'):$(colof sn-neg.yaml -5): \$.metrics[0][\"bogo-ops-per-second-real-time\"]: bogo_ops_per_second_real is -5 ops/s: a rate cannot be negative"
sed 's/epoch-secs: .*/epoch-secs: 1e300/' "$f" >sn-when.yaml
textbad sn-when.yaml "kvperf: sn-when.yaml:$(lineof sn-when.yaml 1e300):$(colof sn-when.yaml 1e300): \$[\"system-info\"][\"epoch-secs\"]: 1e+300 s after 1970 is not a time in the years 0001 to 9999"
sed 's/- stressor: /- name: /' "$f" >sn-nostressor.yaml
textbad sn-nostressor.yaml "kvperf: sn-nostressor.yaml:$(lineof sn-nostressor.yaml '- name:'):$(($(colof sn-nostressor.yaml '- name:') + 2)): \$.metrics[0]: missing member \"stressor\""
printf -- '---\nsystem-info:\n  stress-ng-version: 0.15.06\nmetrics: []\n' >sn-none.yaml
textbad sn-none.yaml "kvperf: sn-none.yaml:4:10: \$.metrics: no stressors"
printf -- '---\nsystem-info:\n  stress-ng-version: 0.15.06\n' >sn-nometrics.yaml
textbad sn-nometrics.yaml "kvperf: sn-nometrics.yaml:2:1: \$: missing member \"metrics\""
printf 'some text\n' >sn-scalar.txt
textbad sn-scalar.txt "kvperf: sn-scalar.txt:1:1: \$: expected a mapping, got a string" --format stress-ng
printf '# stress-ng --yaml\n# (nothing else)\n\n' >sn-comments.yaml
textbad sn-comments.yaml "kvperf: sn-comments.yaml:2:1: the file ends without a YAML document" --format stress-ng
printf 'apiVersion: v1\nkind: Pod\n' >pod.yaml
run "$KVPERF" --db "$db" import -c x --vmi pod.yaml "$S/fio/baseline/write-bs4k-r1.json"
expect "--vmi YAML of another kind names the line" 65 "kvperf: pod.yaml:1:1: \$: expected kind VirtualMachineInstance or VirtualMachine, got \"Pod\""
f=$S/sysbench/baseline/fileio-rndrw-r1.txt
awk '{ print } /^Block size/ { print }' "$f" >sb-param2.txt
textbad sb-param2.txt "kvperf: sb-param2.txt:$(($(lineof sb-param2.txt 'Block size') + 1)):1: a second line that gives block_size (the first is line $(lineof sb-param2.txt 'Block size'))"
awk '{ print } /^Number of threads/ { print "Number of threads: 8" }' "$f" >sb-threads2.txt
textbad sb-threads2.txt "kvperf: sb-threads2.txt:$(lineof sb-threads2.txt 'threads: 8'):1: a second \"Number of threads:\" line (the first is line $(lineof sb-threads2.txt 'threads: 1'))"
f=$SRCDIR/tests/data/stream/baseline-r1.txt
sed '/^Solution Validates/d' "$f" >st-novalid.txt
textbad st-novalid.txt "kvperf: st-novalid.txt:$(wc -l <st-novalid.txt):1: no \"Solution Validates\" line: the run was not validated (truncated?)"
printf 'STREAM version $Revision: 5.10 $\nArray size = 10000000 (elements)\n\n' >st-notable.txt
textbad st-notable.txt "kvperf: st-notable.txt:2:1: the report ends without a \"Function    Best Rate MB/s\" table" --format stream
printf 'NAS Parallel Benchmarks 3.4 -- CG Benchmark\n\n Size: 150000\n' >npb-nocompleted.txt
textbad npb-nocompleted.txt "kvperf: npb-nocompleted.txt:3:1: the report ends without a \"<NAME> Benchmark Completed\" line" --format npb
printf 'note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth will be capped at 1\n' >fio-nojson.txt
textbad fio-nojson.txt "kvperf: fio-nojson.txt:1:1: the text ends without fio's JSON (a line that starts with '{')" --format fio
printf '# started on Sun Nov 29 10:00:00 2026\n\n' >ps-none.txt
textbad ps-none.txt "kvperf: ps-none.txt:1:1: no counter lines (perf stat -j or -x output; --metric-only output holds only derived metrics and is not read)" --format perf-stat

# A database that the commands which only read cannot open: exit 66
# (EX_NOINPUT), one line naming it, and no file made.
for cmd in "runs" "runs -v" "compare -b x" "report -b x -o none.pdf"; do
	run "$KVPERF" --db "$T/none.db" $cmd
	expect "$cmd without a database: exit 66 and one line" 66 \
		"kvperf: no database at '$T/none.db'; import something first, or give --db"
done
if [ ! -e none.db ] && [ ! -e none.pdf ]; then ok "no database or report made"; else not_ok "no database or report made" "$(ls)"; fi
mkdir dir.db
run "$KVPERF" --db dir.db runs
expect "a directory as the database: exit 66 and one line" 66 "kvperf: cannot open database 'dir.db': unable to open database file"

# Several paths: stop at the first bad file; earlier files stay imported.
for i in 1 2 3; do sed "s/file-config/cfg$i/" "$good" >good$i.json; done
db2=$T/multi.db
run "$KVPERF" --db "$db2" import good1.json string.json good2.json
expect "stops at the first bad file" 65 "kvperf: string.json: \$.runs[1].benchmarks[0].metrics[0].samples[2]: expected a finite number, got a string
kvperf: stopped there; the 1 file before it stays imported (use --keep-going to go on past bad files)"
same "the file before it is imported, the one after not" "$(sql "$db2" "select path from source")" "good1.json"
# --keep-going imports every good file and reports each bad one.
run "$KVPERF" --db "$db2" import --keep-going good2.json nan.json good3.json empty.json
expect "--keep-going reports each bad file" 65 "kvperf: nan.json:27:85: invalid token near 'NaN'
kvperf: empty.json: empty file
kvperf: 2 of 4 files could not be imported"
same "--keep-going summary" "$out" "imported 2 files (4 runs, 34 samples), 2 failed"
same "--keep-going imported the good ones" "$(sql "$db2" "select path from source order by id" | tr '\n' ' ')" \
	"good1.json good2.json good3.json "

# Links that lead back (found by fuzz_dir): a directory reached again
# through a link is not walked again, so the walk neither loops nor
# multiplies (two links to an ancestor made it 2^40 paths long).
mkdir -p loop/a && cp good1.json loop/a/
ln -s . loop/a/x && ln -s . loop/a/y && ln -s .. loop/a/up
run timeout 60 "$KVPERF" --db "$T/loop.db" import -c x loop
expect "links back to a directory: each directory walked once" 0 ""
same "and its file imported once" "$out" "imported 1 file (2 runs, 17 samples)"
# --vmi that fails with --label given: nothing leaks (ASan's leak check).
printf 'kind: VirtualMachineInstance\nspec: [\n' >bad-vmi.yaml
run "$KVPERF" --db "$T/vmi.db" import --vmi bad-vmi.yaml --label k=v -c x good1.json
case "$rc:$err" in
65:*bad-vmi.yaml*) ok "--vmi that fails with --label: exit 65, nothing leaked" ;;
*) not_ok "--vmi that fails with --label: exit 65, nothing leaked" "exit $rc" "$err" ;;
esac

done_testing
