# t-concurrent.sh - two imports into one (new) database at once: both
# succeed; or, when one file is bad, the good one's data stays and the bad
# one fails as it would alone; two bad ones leave no database behind.
. "$SRCDIR/tests/cli/lib.sh"
good=$SRCDIR/tests/data/native/roundtrip.json
mkdir a b
for i in $(seq 1 15); do
	sed "s/\"samples\": \[99.5\]/\"samples\": [$i.5]/" "$good" >a/f$i.json
	sed "s/\"samples\": \[99.5\]/\"samples\": [$i.25]/" "$good" >b/f$i.json
done
cp "$good" a/shared.json && cp "$good" b/shared.json
db=$T/c.db
for round in 1 2 3; do
	rm -f "$db" "$db"-*
	"$KVPERF" --db "$db" import -q a >a.out 2>a.err &
	pa=$!
	"$KVPERF" --db "$db" import -q b >b.out 2>b.err &
	pb=$!
	wait $pa; ra=$?
	wait $pb; rb=$?
	same "round $round: both imports exit 0" "$ra $rb $(cat a.err b.err)" "0 0 "
	same "round $round: every file once, the shared one once" \
		"$(sql "$db" "select count(*), (select count(*) from sample) from source")" "31|527"
done
# A failed first import removes the database it made, but never from under
# another import (which failed with "attempt to write a readonly database"
# when it opened the file just before it was removed).  Many rounds, so that
# the processes meet at every step.
printf '{"kvperf": 1, "config": "c", "benchmarks": [' >bad1.json
printf '{"kvperf": 1, "config": "d", "tool": "t", "benchmarks": [' >bad2.json
msg1="kvperf: bad1.json:1:44: ']' expected near end of file"
msg2="kvperf: bad2.json:1:57: ']' expected near end of file"
wrong=""
for round in $(seq 1 30); do
	rm -f "$db" "$db"-*
	"$KVPERF" --db "$db" import bad1.json >a.out 2>a.err &
	pa=$!
	"$KVPERF" --db "$db" import bad2.json >b.out 2>b.err &
	pb=$!
	wait $pa; ra=$?
	wait $pb; rb=$?
	got="$ra $rb $(cat a.err) / $(cat b.err) / $(ls "$db"* 2>/dev/null)"
	[ "$got" = "65 65 $msg1 / $msg2 / " ] || wrong="$wrong
round $round: $got"
done
if [ -z "$wrong" ]; then ok "two bad first imports at once: 65 each, their own message, no database left"; else not_ok "two bad first imports at once: 65 each, their own message, no database left" "$wrong"; fi
wrong=""
for round in $(seq 1 30); do
	rm -f "$db" "$db"-*
	if [ $((round % 2)) -eq 0 ]; then
		"$KVPERF" --db "$db" import -q "$good" >a.out 2>a.err &
		pa=$!
		"$KVPERF" --db "$db" import bad2.json >b.out 2>b.err &
		pb=$!
	else
		"$KVPERF" --db "$db" import bad2.json >b.out 2>b.err &
		pb=$!
		"$KVPERF" --db "$db" import -q "$good" >a.out 2>a.err &
		pa=$!
	fi
	wait $pa; ra=$?
	wait $pb; rb=$?
	got="$ra $rb $(cat a.err) / $(cat b.err) / $(sql "$db" "select path from source" 2>&1)"
	[ "$got" = "0 65  / $msg2 / $good" ] || wrong="$wrong
round $round: $got"
done
if [ -z "$wrong" ]; then ok "a good and a bad first import at once: the good one's data stays, the bad one exits 65"; else not_ok "a good and a bad first import at once: the good one's data stays, the bad one exits 65" "$wrong"; fi
done_testing
