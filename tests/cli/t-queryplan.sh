# t-queryplan.sh - every statement compare runs reads through an index in
# the order it needs (issue #15): no scan of a table without an index, no
# scan of the sample or run_metric table at all, no temporary B-tree (a
# sort).  KVPERF_EXPLAIN=1 makes kvperf print each statement's plan to
# stderr as "kvperf: plan: <statement>: <step>".
. "$SRCDIR/tests/cli/lib.sh"
"$KVPERF" --db q.db import -q --config-from-dir "$SRCDIR/examples/samples" \
	"$SRCDIR/examples/native" || echo "Bail out! cannot import the examples"

# check DESC STATEMENTS OPTION...: compare with OPTION... prints a plan for
# each of STATEMENTS (names separated by '|'), and none is a scan or a sort.
check() {
	desc=$1 want=$2
	shift 2
	KVPERF_EXPLAIN=1 run "$KVPERF" --db q.db compare -b baseline --format csv "$@"
	plans=$(printf '%s\n' "$err" | grep '^kvperf: plan: ')
	missing=$(printf '%s\n' "$want" | tr '|' '\n' | while read -r s; do
		printf '%s\n' "$plans" | grep -q "^kvperf: plan: $s: " || echo "$s"
	done)
	bad=$(printf '%s\n' "$plans" | grep -E 'TEMP B-TREE|SCAN (sample|run_metric|run)\b' ;
		printf '%s\n' "$plans" | grep 'SCAN' | grep -v 'USING COVERING INDEX\|USING INDEX')
	if [ "$rc" -ne 0 ]; then
		not_ok "$desc" "exit status $rc" "stderr: $err"
	elif [ -n "$missing" ]; then
		not_ok "$desc" "no plan for: $missing" "stderr: $err"
	elif [ -n "$bad" ]; then
		not_ok "$desc" "scans or sorts: $bad"
	else
		ok "$desc"
	fi
}

check "default: metrics in series order, run aggregates by key" "metrics|run aggregates"
check "--tool searches the benchmark index" "metrics of a tool|run aggregates" --tool fio
check "--variant searches run_metric by metric and configuration" \
	"metrics|run aggregates of a configuration" -V constrained
check "--bootstrap reads samples by the sample table's key" \
	"metrics|run aggregates|samples of a run" --bootstrap 200
check "all filters at once" "metrics of a tool|run aggregates of a configuration|samples of a run" \
	--tool gbench -V constrained --bootstrap 200

# The default never reads a sample: no plan for that statement.
KVPERF_EXPLAIN=1 run "$KVPERF" --db q.db compare -b baseline --format csv
case "$err" in
*"plan: samples of a run"*) not_ok "the default reads run aggregates only" "$err" ;;
*) ok "the default reads run aggregates only" ;;
esac
# Without the variable, nothing on stderr.
run "$KVPERF" --db q.db compare -b baseline --format csv
expect "no plans without KVPERF_EXPLAIN" 0 ""

done_testing
