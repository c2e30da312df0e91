# t-concurrent.sh - two imports into one (new) database at once both succeed.
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
done_testing
