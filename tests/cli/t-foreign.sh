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

done_testing
