# t-files.sh - inputs that are not plain files (standard input, pipes,
# FIFOs, devices), the size limit, inputs that cannot be opened, and the
# files kvperf itself leaves behind (databases, temporary report files).
. "$SRCDIR/tests/cli/lib.sh"
S=$SRCDIR/examples/samples/fio/baseline
f1=$S/randread-bs4k-r1.json
f2=$S/randread-bs4k-r2.json
f3=$S/randread-bs4k-r3.json
f4=$S/randread-bs4k-r4.json
db=$T/f.db
# A command that never ends on its own is a failed test, not a hung one.
tmo() { timeout -k 5 "$@"; }

# ---- standard input, pipes, FIFOs ----
cat "$f1" | tmo 30 "$KVPERF" --db "$db" import -c vm - >.out 2>.err
rc=$?; out=$(cat .out); err=$(cat .err)
expect "a pipe on '-' is imported" 0 ""
same "it is one file" "$out" "imported 1 file (1 run, 7 samples)"
same "its source is <stdin>" "$(sql "$db" "select path || ' ' || format from source")" "<stdin> fio"
cat "$f1" | tmo 30 "$KVPERF" --db "$db" import -c vm - >.out 2>.err
rc=$?; err=$(cat .err)
expect "the same content piped again is skipped, by its content hash" 0 \
	"kvperf: note: <stdin>: already imported (as '<stdin>'), skipped"
run tmo 30 "$KVPERF" --db "$db" import -c vm /dev/stdin <"$f2"
expect "/dev/stdin is read once" 0 ""
cat "$f3" | tmo 30 "$KVPERF" --db "$db" import -c vm /dev/fd/0 >.out 2>.err
rc=$?; err=$(cat .err)
expect "a pipe by its /dev/fd name (what <(...) gives) is read once" 0 ""
if command -v bash >/dev/null; then
	run tmo 30 bash -c '"$1" --db "$2" import -c vm2 <(cat "$3")' sh "$KVPERF" "$db" "$f4"
	expect "process substitution <(...)" 0 ""
fi
run tmo 30 "$KVPERF" --db "$db" import - -
expect "'-' twice is a usage error" 2
has "that says why" "$err" "kvperf: '-' (standard input) given more than once"

mkfifo fifo
(sleep 2; cat "$f2" >fifo) &
run tmo 30 "$KVPERF" --db "$T/fifo.db" import -c vm fifo
expect "a FIFO whose writer comes late is read" 0 \
	"kvperf: note: fifo: waiting for a program to write to this FIFO (Ctrl-C to stop)"
wait
run tmo 3 "$KVPERF" --db "$T/fifo.db" import -c vm fifo
same "a FIFO nobody writes to waits, as cat does" "$rc" 124
same "but says so on stderr after a second" "$err" \
	"kvperf: note: fifo: waiting for a program to write to this FIFO (Ctrl-C to stop)"
mkdir withfifo && cp "$f1" withfifo/a.json && mkfifo withfifo/b.fifo
run tmo 30 "$KVPERF" --db "$T/fifo2.db" import -c vm withfifo
expect "a FIFO found in a directory is not waited on" 0 \
	"kvperf: note: withfifo/b.fifo: not a regular file, ignored"

# ---- devices and endless streams: refused, at once or at the size limit ----
run tmo 30 "$KVPERF" --db "$db" import /dev/zero
expect "/dev/zero is refused at once" 65 \
	"kvperf: /dev/zero: binary data (a NUL byte at offset 0), not a result file"
run tmo 30 "$KVPERF" --db "$db" import /dev/urandom
expect "/dev/urandom is refused" 65
has "as binary data" "$err" "kvperf: /dev/urandom: binary data (a NUL byte at offset"
# /dev/urandom starts with '{' or '[' one time in 128: such a stream stops
# at its NUL byte too (it read to --max-size, 1 GiB, before)
run tmo 30 sh -c "{ printf '{\"kvperf\": 1,'; head -c 1000 /dev/zero; cat /dev/urandom; } | '$KVPERF' --db '$db' import -"
expect "a stream that starts like JSON and holds a NUL byte is refused at once" 65
has "as binary data, at its NUL byte" "$err" "kvperf: <stdin>: binary data (a NUL byte at offset 13), not a result file"
run tmo 30 "$KVPERF" --db "$db" import --max-size 1M --format fio /dev/zero
expect "a device read as a forced format stops at --max-size" 65 \
	"kvperf: /dev/zero: larger than the --max-size limit of 1 MiB; stopped reading there"
yes '{' | tmo 30 "$KVPERF" --db "$db" import --max-size 64K - >.out 2>.err
rc=$?; err=$(cat .err)
expect "an endless stream stops at --max-size" 65 \
	"kvperf: <stdin>: larger than the --max-size limit of 64 KiB; stopped reading there"
run tmo 30 "$KVPERF" --db "$db" import --max-size 1K "$f3"
expect "a file larger than --max-size is refused before it is read" 65 \
	"kvperf: $f3: larger than the --max-size limit of 1 KiB"
size=$(wc -c <"$f3")
run tmo 30 "$KVPERF" --db "$T/size.db" import -c vm --max-size "$size" "$f3"
expect "a file of exactly --max-size bytes is read" 0 ""
run tmo 30 "$KVPERF" --db "$T/size.db" import -c vm --max-size 12KiB "$f1"
expect "--max-size takes KiB" 0 ""
for bad in 0 abc 10X 1.5G -1 99999999999999999999; do
	run "$KVPERF" --db "$db" import --max-size "$bad" "$f1"
	expect "--max-size $bad is a usage error" 2
done
has "that names what it takes" "$err" \
	"kvperf: --max-size needs a size such as 4096, 512K, 64M or 2G, not '99999999999999999999'"

# ---- --vmi from standard input ----
vmi=$SRCDIR/tests/data/vmi/vmi-fedora-dedicated.yaml
run tmo 30 "$KVPERF" --db "$T/vmi.db" import -c vm --vmi - "$f1" <"$vmi"
expect "--vmi - reads the VMI from standard input" 0 ""
same "and labels the runs with it" "$(sql "$T/vmi.db" "select value from label where key = 'kubevirt.dedicated_cpu_placement'")" "true"
run tmo 30 "$KVPERF" --db "$T/vmi.db" import -c vm --vmi - - <"$vmi"
expect "--vmi - and - together is a usage error" 2
has "that says why" "$err" "kvperf: --vmi - and - cannot both read standard input"

# ---- inputs that cannot be opened: exit 66 ----
run "$KVPERF" --db "$db" import missing.json
expect "a missing file: exit 66" 66 "kvperf: cannot open 'missing.json': No such file or directory"
run "$KVPERF" --db "$db" import -c vm --vmi missing.yaml "$f1"
expect "a missing --vmi file: exit 66" 66 "kvperf: cannot open 'missing.yaml': No such file or directory"
run "$KVPERF" --db "$T/k.db" import --keep-going -c vm missing.json "$f2"
expect "--keep-going: only missing files: exit 66" 66 \
	"kvperf: cannot open 'missing.json': No such file or directory
kvperf: 1 of 2 files could not be imported"
: >empty.json
run "$KVPERF" --db "$db" import --keep-going -c vm missing.json empty.json
expect "--keep-going: a missing file and a bad one: exit 65" 65 \
	"kvperf: cannot open 'missing.json': No such file or directory
kvperf: empty.json: empty file
kvperf: 2 of 2 files could not be imported"
# root reads anything: be nobody for these
if [ "$(id -u)" -eq 0 ]; then as="setpriv --reuid=65534 --regid=65534 --clear-groups"; else as=""; fi
chmod 777 "$T" && chmod 666 "$db" "$db"-* 2>/dev/null
cp "$f1" secret.json && chmod 000 secret.json
run $as "$KVPERF" --db "$db" import secret.json
expect "an unreadable file: exit 66" 66 "kvperf: cannot open 'secret.json': Permission denied"
mkdir -p closed/sub && cp "$f1" closed/sub/a.json && chmod 000 closed/sub
run $as "$KVPERF" --db "$db" import -c vm closed
expect "an unreadable directory: exit 66" 66 \
	"kvperf: cannot open directory 'closed/sub': Permission denied"
chmod 755 closed/sub

# ---- a database on read-only media is read without a change ----
mkdir ro
"$KVPERF" --db ro/s.db import -q -c base "$f1" "$f2" "$f3" &&
	"$KVPERF" --db ro/s.db import -q -c vm "$S/randread-bs4k-r4.json" "$S/randread-bs4k-r5.json" ||
	echo "Bail out! cannot import into ro/s.db"
rosum=$(sha256sum ro/s.db)
chmod 444 ro/s.db
run $as "$KVPERF" --db ro/s.db runs
expect "runs reads a read-only database file" 0 ""
has "and lists it" "$out" "vm         2"
chmod 555 ro
run $as "$KVPERF" --db ro/s.db runs -v
expect "runs -v reads a database in a read-only directory" 0 ""
run $as "$KVPERF" --db ro/s.db compare -b base --format csv
expect "and so does compare" 0 ""
has "which compares" "$out" "vm,"
run $as "$KVPERF" --db ro/s.db report -b base -o "$T/ro.xlsx"
expect "and report" 0
run $as "$KVPERF" --db ro/s.db import -c vm "$S/randread-bs4k-2jobs-r1.json"
expect "import into it fails, exit 1" 1
same "the read-only database is unchanged, and has no -wal or -shm beside it" \
	"$(sha256sum ro/s.db) $(ls ro | tr '\n' ' ')" "$rosum s.db "
chmod 755 ro

# ---- a failed first import leaves no database behind ----
run "$KVPERF" --db new.db import empty.json
expect "a first import of a bad file fails" 65 "kvperf: empty.json: empty file"
same "and leaves no database file" "$(ls new.db* 2>/dev/null)" ""
run "$KVPERF" --db new.db import -c vm missing.json
expect "a first import of a missing file fails" 66
same "and leaves no database file either" "$(ls new.db* 2>/dev/null)" ""
mkdir onlydocs && echo "read me" >onlydocs/README
run "$KVPERF" --db new.db import onlydocs
expect "a first import of a directory without results fails" 65
same "and leaves no database file" "$(ls new.db* 2>/dev/null)" ""
run "$KVPERF" --db new.db import -k -c vm empty.json "$f1"
expect "a first import with --keep-going that stores one file" 65
same "keeps the database" "$(sql new.db "select count(*) from source")" "1"
run "$KVPERF" --db new.db import empty.json
expect "a failed import into an existing database" 65
same "leaves it there" "$(sql new.db "select count(*) from source")" "1"

# A study big enough for a report that takes a while to write.
python3 - <<'PY'
import json, random
r = random.Random(7)
for c in range(2):
    runs = [{"benchmarks": [{"name": "bench%03d" % b, "metrics": [
        {"name": "m%d" % m, "unit": "ms", "direction": "lower",
         "samples": [round(10 * (1 + 0.1 * c) * (1 + 0.05 * r.random()), 4) for _ in range(3)]}
        for m in range(3)]} for b in range(300)]} for k in range(5)]
    json.dump({"kvperf": 1, "config": "config%d" % c, "tool": "syn", "runs": runs}, open("study%d.json" % c, "w"))
PY

# ---- a failure that is not the file's: exit 1, with --keep-going too ----
# A file size limit (ulimit -f, 300 KiB in 512-byte blocks) stands in for a
# full disk: past it, writes fail (kvperf ignores SIGXFSZ; the shell does
# too, here, so the test means the same for any kvperf).
full() { (ulimit -f 600 && trap '' XFSZ && exec "$KVPERF" --db full.db import "$@"); }
run full -k -c x "$f1" study0.json "$f2"
expect "a full disk during import --keep-going: exit 1, stopped there" 1
has "saying why" "$err" "kvperf: full.db: cannot update the database"
has "and that the file before it stays imported" "$err" \
	"kvperf: stopped there; the 1 file before it stays imported"
rm -f full.db*
run sh -c 'ulimit -f 600 && exec "$1" --db full.db import -c x "$2" "$3"' sh "$KVPERF" "$f1" study0.json
expect "kvperf itself survives a file size limit: exit 1, not SIGXFSZ" 1
rm -f full.db*

# ---- --dry-run never says a file stays imported ----
run "$KVPERF" --db dry.db import -n -c x "$f1" "$f2" empty.json
expect "a dry run stops at a bad file" 65 "kvperf: empty.json: empty file
kvperf: stopped there; the 2 files before it are good (a dry run imports nothing)"
same "and imports nothing" "$(ls dry.db* 2>/dev/null)" ""

# ---- a workbook that cannot be written: one line (not libxlsxwriter's too) ----
"$KVPERF" --db wb.db import -q -c base "$f1" "$f2" && "$KVPERF" --db wb.db import -q -c vm "$f3" "$f4" ||
	echo "Bail out! cannot import into wb.db"
run "$KVPERF" --db wb.db report -b base -o "$T/nosuchdir/r.xlsx"
expect "a workbook in a missing directory: exit 1 and one line" 1 \
	"kvperf: cannot write '$T/nosuchdir/r.xlsx': Error creating output xlsx file. Usually a permissions error."

# ---- a report killed while it is written leaves no temporary file ----
"$KVPERF" --db study.db import -q study0.json study1.json || echo "Bail out! cannot import the study"
mkdir out
# what a crash left: a temporary file of a dead process (no PID is that
# large), one of a live process (1), and a file that only looks alike
: >out/r.pdf.tmp999999999 && : >out/r.pdf.tmp1 && : >out/r.pdf.tmpx
# killed: SIGTERM, SIGINT (a background job ignores SIGINT: restore it), SIGHUP
for signum in TERM:15 INT:2 HUP:1; do
	sig=${signum%:*}
	env --default-signal=INT "$KVPERF" --db study.db report -b config0 -o out/r.pdf >/dev/null 2>&1 &
	pid=$!
	i=0
	while [ "$i" -lt 600 ] && ! ls out/r.pdf.tmp"$pid" >/dev/null 2>&1; do
		sleep 0.05
		i=$((i + 1))
	done
	same "SIG$sig: the report was being written" "$(ls out/r.pdf.tmp"$pid" 2>/dev/null)" "out/r.pdf.tmp$pid"
	kill -"$sig" "$pid"
	wait "$pid"
	rc=$?
	same "SIG$sig: kvperf dies of the signal" "$rc" "$((128 + ${signum#*:}))"
	same "SIG$sig: and leaves no temporary file of its own" "$(ls out/r.pdf.tmp"$pid" 2>/dev/null)" ""
done
same "the next run removed the dead process's temporary file, and only that" "$(ls out | tr '\n' ' ')" \
	"r.pdf.tmp1 r.pdf.tmpx "
run "$KVPERF" --db study.db report -b config0 -o out/r.pdf
expect "a report that is not interrupted" 0
same "is written, with nothing beside it" "$(ls out | tr '\n' ' ')" "r.pdf r.pdf.tmp1 r.pdf.tmpx "

done_testing
