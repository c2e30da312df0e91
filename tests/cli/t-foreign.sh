# t-foreign.sh - every format (as 'kvperf formats' lists them) refuses an
# empty file, and files of other tools forced on it, with exit 65, one line
# that names the file, and an unchanged database.
. "$SRCDIR/tests/cli/lib.sh"
S=$SRCDIR/examples/samples
db=$T/f.db
"$KVPERF" --db "$db" import -q -c base "$S/fio/baseline/write-bs4k-r1.json" || echo "Bail out! cannot import"
before=$(dbsum "$db")
: >empty.txt
# one file of each kind of content: JSON object, JSON array, YAML, text, CSV
foreign="$S/fio/baseline/randread-bs4k-r1.json $SRCDIR/tests/data/kube-burner/collected-metrics-f7c79fd5/vmiLatencyQuantilesMeasurement-virt-density.json $S/stress-ng/baseline/cpu-matrixprod-r1.yaml $S/sysbench/baseline/cpu-threads1-r1.txt $SRCDIR/tests/data/k8s-netperf/docs-excerpt-result.csv"
formats=$("$KVPERF" formats | grep -v '^ ' | awk '{print $1}')
[ -n "$formats" ] || echo "Bail out! no formats listed"
for fmt in $formats; do
	run "$KVPERF" --db "$db" import -c x --format "$fmt" empty.txt
	expect "$fmt: an empty file" 65 "kvperf: empty.txt: empty file"
	for f in $foreign; do
		case "$fmt:$f" in
		fio:*randread-bs4k* | kube-burner:*kube-burner* | stress-ng:*stress-ng* | sysbench:*sysbench* | k8s-netperf:*k8s-netperf*) continue ;;
		esac
		run "$KVPERF" --db "$db" import -c x --format "$fmt" "$f"
		lines=$(printf '%s\n' "$err" | wc -l)
		if [ "$rc" -eq 65 ] && [ "$lines" -eq 1 ] && case "$err" in "kvperf: $f"*) true ;; *) false ;; esac; then
			ok "$fmt refuses $(basename "$f")"
		else
			not_ok "$fmt refuses $(basename "$f")" "exit $rc" "stderr: $err"
		fi
	done
done
same "database unchanged by all of them" "$(dbsum "$db")" "$before"

# Another program's database, and a kvperf database of a newer schema, are
# refused before anything is written: same bytes, still in rollback-journal
# mode, no -wal or -shm left beside them.
python3 -c "
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.executescript('PRAGMA journal_mode = delete; CREATE TABLE mine (x); INSERT INTO mine VALUES (42);')
con.close()
con = sqlite3.connect(sys.argv[2])
con.executescript('PRAGMA journal_mode = delete; PRAGMA application_id = %d; PRAGMA user_version = 99; CREATE TABLE future (x);' % 0x6b767066)
con.close()" other.db newer.db
for f in other.db newer.db; do
	sum=$(sha256sum <"$f")
	for cmd in "import -c x $S/fio/baseline/write-bs4k-r1.json" "runs" "compare -b base"; do
		run "$KVPERF" --db "$f" $cmd
		case "$f" in
		other.db) expect "$f: ${cmd%% *} refuses it" 65 "kvperf: other.db: not a kvperf database (it has tables but no kvperf schema)" ;;
		newer.db) expect "$f: ${cmd%% *} refuses it" 1 "kvperf: newer.db: database schema version 99 is newer than this kvperf understands (3); use a newer kvperf" ;;
		esac
		same "$f: ${cmd%% *} leaves its bytes and journal mode, and no -wal or -shm" \
			"$(sha256sum <"$f") $(sql "$f" "pragma journal_mode") $(ls "$f"-* 2>/dev/null)" "$sum delete "
	done
done

done_testing
