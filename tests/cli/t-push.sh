# t-push.sh - push and pull between two SQLite databases: the copy answers
# every command as the original does (its rows, ids and import times too),
# a second push copies nothing, pull takes a slice by configuration and start
# time, a dry run changes nothing, a conflict rolls back that one source; with
# tests/cli/pglib.sh and a PostgreSQL server, the same through a server.
. "$SRCDIR/tests/cli/lib.sh"
a=$T/a.db b=$T/b.db

run "$KVPERF" --db "$a" import --config-from-dir "$SRCDIR/examples/samples" "$SRCDIR/examples/native"
same "the study is imported" "$out" "imported 214 files (222 runs, 1698 samples)"

# ---- push into an empty database ----
run "$KVPERF" --db "$a" push --to "$b"
expect "push into a new database: exit 0, nothing on stderr" 0 ""
same "push's summary" "$out" "pushed 214 sources (222 runs, 1698 samples) to $b; 0 already there"
same "every table has the same rows, ids, import times and schema (the dump's hash)" \
	"$(dbsum "$b")" "$(dbsum "$a")"
for c in "compare --baseline baseline --format json" "runs -v" "runs -v --format json" \
	"trend --format json"; do
	# shellcheck disable=SC2086
	"$KVPERF" --db "$a" $c >a.out 2>a.err
	# shellcheck disable=SC2086
	"$KVPERF" --db "$b" $c >b.out 2>b.err
	if [ -s a.out ] && cmp -s a.out b.out && cmp -s a.err b.err; then
		ok "$c: byte-identical on both"
	else
		not_ok "$c: byte-identical on both" "$(diff a.out b.out | head -5)"
	fi
done
same "every foreign key holds in the copy (written without enforcement)" \
	"$(sql "$b" "pragma foreign_key_check")" ""

# ---- a second push copies nothing ----
before=$(dbsum "$b")
run "$KVPERF" --db "$a" push --to "$b"
expect "a second push: exit 0" 0 ""
same "it copies nothing" "$out" "pushed 0 sources (0 runs, 0 samples) to $b; 214 already there"
same "and changes nothing" "$(dbsum "$b")" "$before"
run "$KVPERF" --db "$a" push --to "$b" -q
expect "push -q: exit 0, nothing on stderr" 0 ""
same "push -q prints nothing" "$out" ""

# ---- a source with labels keeps them, and its import time ----
rt=$SRCDIR/tests/data/native/roundtrip.json
"$KVPERF" --db "$a" import -q -c rt --label commit=abc "$rt"
sleep 1 # a copy that stamped its own import time would differ by now
run "$KVPERF" --db "$a" push --to "$b" --dry-run
expect "push --dry-run: exit 0" 0 ""
same "a dry run says what it would copy" "$out" \
	"would push 1 source (2 runs, 17 samples) to $b; 214 already there"
same "and changes nothing" "$(dbsum "$b")" "$before"
run "$KVPERF" --db "$a" push --to "$b"
same "push copies the new source only" "$out" \
	"pushed 1 source (2 runs, 17 samples) to $b; 214 already there"
q="select s.path, s.format, s.size, s.imported_at, r.seq, r.config, r.start_time, r.host, r.tool,
	r.tool_version, l.key, l.value from source s join run r on r.source_id = s.id
	join label l on l.run_id = r.id where s.path = '$rt' order by r.seq, l.key"
same "its runs keep their labels (commit=abc, the file's own), path, size and import time" \
	"$(sql "$b" "$q")" "$(sql "$a" "$q")"
has "the labels are there" "$(sql "$b" "$q")" "|commit|abc"
q="select r.seq, b.tool, b.name, b.params, p.key, p.value, p.num, m.name, m.unit, m.orig_unit,
	m.direction, m.kind, s.seq, s.value from source src join run r on r.source_id = src.id
	join sample s on s.run_id = r.id join metric m on m.id = s.metric_id
	join benchmark b on b.id = m.benchmark_id left join param p on p.benchmark_id = b.id
	where src.path = '$rt' order by r.seq, m.id, s.seq, p.key"
same "its samples (5e-324 and 1.8e308 among them) and parameters are copied as stored" "$(sql "$b" "$q")" "$(sql "$a" "$q")"
same "the copy still hashes as the original" "$(dbsum "$b")" "$(dbsum "$a")"

# ---- two pushes at once into a new database ----
"$KVPERF" --db "$a" push --to g.db >p1.out 2>p1.err &
pid=$!
"$KVPERF" --db "$a" push --to g.db >p2.out 2>p2.err
rc2=$?
wait "$pid"
rc1=$?
same "two pushes at once: both exit 0, nothing on stderr" "$rc1 $rc2 $(cat p1.err p2.err)" "0 0 "
n1=$(sed -n 's/^pushed \([0-9]*\) sources\{0,1\} .*; \([0-9]*\) already there$/\1 \2/p' p1.out)
n2=$(sed -n 's/^pushed \([0-9]*\) sources\{0,1\} .*; \([0-9]*\) already there$/\1 \2/p' p2.out)
same "each copies what the other did not, and counts the rest as there" \
	"$(echo "$n1 $n2" | awk '{ print $1 + $3, $2 + $4, $1 + $2, $3 + $4 }')" "215 215 215 215"
same "every source once" "$(sql g.db "select count(*), count(distinct sha256) from source")" "215|215"
"$KVPERF" --db g.db compare --baseline baseline --format json >g.out
"$KVPERF" --db "$a" compare --baseline baseline --format json >a.out
cmp -s a.out g.out && ok "and compare's JSON is the same" || not_ok "and compare's JSON is the same"

# ---- pull a slice ----
want=$(sql "$a" "select count(distinct source_id) from run where config = 'constrained'")
run "$KVPERF" --db c.db pull --from "$a" --config constrained
expect "pull --config into a new database: exit 0" 0 ""
same "it pulls the sources with a run of that configuration" "$out" \
	"pulled $want sources (111 runs, 846 samples) from $a; 0 already there"
same "and no baseline run" "$(sql c.db "select count(*) from run where config = 'baseline'")" "0"
"$KVPERF" --db "$a" runs --config constrained >a.out
"$KVPERF" --db c.db runs --config constrained >c.out
cmp -s a.out c.out && ok "runs --config constrained: the same on both" ||
	not_ok "runs --config constrained: the same on both" "$(diff a.out c.out | head -5)"
run "$KVPERF" --db c.db pull --from "$a" --config constrained
same "pulling again takes nothing" "$out" "pulled 0 sources (0 runs, 0 samples) from $a; $want already there"

run "$KVPERF" --db d.db pull --from "$a" --since 2999-01-01
expect "pull --since after every run: exit 0" 0 ""
same "it pulls nothing" "$out" "pulled 0 sources (0 runs, 0 samples) from $a; 0 already there"
# a run without a start time counts from its source's import time
since=2026-11-25T01:20:00Z
want=$(sql "$a" "select count(*) from source s where exists (select 1 from run r where
	r.source_id = s.id and r.config = 'constrained' and coalesce(r.start_time, s.imported_at) >= '$since')")
run "$KVPERF" --db e.db pull --from "$a" --config constrained --since "$since"
expect "pull --config --since: exit 0" 0 ""
has "it pulls the sources with such a run" "$out" "pulled $want sources ("
same "runs of other configurations: none" "$(sql e.db "select count(*) from run where config <> 'constrained'")" "0"
run "$KVPERF" --db e.db pull --from "$a" --config constrained --since 2026-11-25
total=$(sql c.db "select count(*) from source")
has "a date is midnight UTC: the day's other sources follow" "$out" "pulled $((total - want)) sources ("
has "and those pulled before are there" "$out" "; $want already there"
for bad in yesterday 2026-13-01 2026-11-25T01:20 2026-11-25T01:20:00+02:00 ""; do
	run "$KVPERF" --db e.db pull --from "$a" --since "$bad"
	first=$(printf '%s\n' "$err" | head -1)
	if [ "$rc" -eq 2 ] && [ "$first" = "kvperf: --since '$bad': expected a UTC date or time such as 2026-01-31 or 2026-01-31T12:00:00Z" ]; then
		ok "--since '$bad': a usage error naming it"
	else
		not_ok "--since '$bad': a usage error naming it" "exit $rc" "stderr: $err"
	fi
done

# ---- a dry run changes nothing ----
before=$(dbsum c.db)
run "$KVPERF" --db c.db pull --from "$a" --dry-run
expect "pull --dry-run: exit 0" 0 ""
same "it says what it would take" "$out" \
	"would pull $((215 - $(sql c.db "select count(*) from source"))) sources (113 runs, 869 samples) from $a; $(sql c.db "select count(*) from source") already there"
same "and takes nothing" "$(dbsum c.db)" "$before"
run "$KVPERF" --db "$a" push --to new.db -n
same "push -n to a database not there yet" "$out" \
	"would push 215 sources (224 runs, 1715 samples) to new.db; 0 already there"
[ -e new.db ] && not_ok "push -n creates no database" || ok "push -n creates no database"
run "$KVPERF" --db new.db pull --from "$a" -n -q
expect "pull -n -q into no database: exit 0, nothing printed" 0 ""
[ -e new.db ] && not_ok "pull -n creates no database" || ok "pull -n creates no database"

# ---- errors ----
run "$KVPERF" --db "$T/none.db" push --to "$b"
expect "push from no database: exit 66, one line" 66 \
	"kvperf: no database at '$T/none.db'; import something first, or give --db"
[ -e "$T/none.db" ] && not_ok "and creates none" || ok "and creates none"
run "$KVPERF" --db c.db pull --from "$T/none.db"
expect "pull from no database: exit 66, one line" 66 \
	"kvperf: no database at '$T/none.db'; import something first, or give --db"
nohost="postgresql://kv:secret@/kvperf?host=$T/no-server&port=5"
run "$KVPERF" --db "$a" push --to "$nohost"
has "push to a server that is not there: exit 1, naming it without the password" "$rc $err" \
	"1 kvperf: postgresql://kv@/kvperf?host=$T/no-server&port=5: cannot connect: "
same "on one line" "$(printf '%s\n' "$err" | wc -l)" "1"
run "$KVPERF" --db new.db pull --from "$nohost"
has "pull from a server that is not there: exit 1" "$rc $err" "1 kvperf: postgresql://kv@/kvperf?"
[ -e new.db ] && not_ok "and creates no database" || ok "and creates no database"
run "$KVPERF" --db "$a" push
expect "push without --to: a usage error" 2
has "saying so" "$err" "kvperf: push needs --to <path>|<uri>"
run "$KVPERF" --db c.db pull
has "pull without --from: a usage error saying so" "$rc $err" "2 kvperf: pull needs --from <path>|<uri>"
run "$KVPERF" push --to "$b" extra
expect "push with an argument: a usage error" 2
run "$KVPERF" pull --form x.db
has "a mistyped option: did you mean" "$err" "kvperf: unknown option '--form'; did you mean '--from'?"
run "$KVPERF" push --help
expect "push --help: exit 0" 0 ""
has "push --help shows the synopsis" "$out" "usage: kvperf push --to <path>|<uri>"
run "$KVPERF" help pull
has "help pull shows the synopsis" "$out" "usage: kvperf pull --from <path>|<uri>"

# A metric the target stores in another unit: that source is rolled back
# and push stops, naming the target and the source; the ones before it stay.
native() { # native FILE METRIC UNIT VALUE
	printf '{"kvperf": 1, "config": "x", "tool": "syn", "benchmarks": [{"name": "b", "metrics": [{"name": "%s", "unit": "%s", "direction": "lower", "samples": [%s]}]}]}\n' \
		"$2" "$3" "$4" >"$1"
}
native s1.json m s 1
native s2.json n bytes 2
native s3.json n s 3
"$KVPERF" --db x.db import -q s1.json s2.json
"$KVPERF" --db y.db import -q s3.json
run "$KVPERF" --db x.db push --to y.db
expect "a metric stored with another unit in the target: exit 65" 65 \
	"kvperf: y.db: metric 'n' is stored in 's', this file gives 'bytes' (copying 's2.json')
kvperf: stopped there; the 1 source before it stays copied"
same "the source before it is copied, the bad one left out" \
	"$(sql y.db "select path from source order by id" | tr '\n' ' ')" "s3.json s1.json "
same "nothing of the bad one is left" "$(sql y.db "select count(*) from run")|$(sql y.db "select count(*) from sample")" "2|2"

# A first push that fails leaves no database behind.
cp x.db broken.db
python3 -c "import sqlite3; c = sqlite3.connect('broken.db'); c.execute('alter table label rename to label_old'); c.commit()"
run "$KVPERF" --db broken.db push --to nb.db
expect "a push that cannot read its source: exit 1, naming the database and the source" 1 \
	"kvperf: broken.db: cannot query the database: no such table: label (copying 's1.json')"
[ -e nb.db ] && not_ok "the new database it made is removed" || ok "the new database it made is removed"

# ---- through a PostgreSQL server (tests/cli/pglib.sh) ----
pg_ready() {
	[ -f "$SRCDIR/tests/cli/pglib.sh" ] || return 1
	# pglib.sh ends the script when the server's programs are missing:
	# try it in a subshell first, with a directory of its own to remove
	[ "$(T=$(mktemp -d) && . "$SRCDIR/tests/cli/pglib.sh" >/dev/null 2>&1 && echo yes)" = yes ]
}
if ! pg_ready; then
	skip "push and pull through PostgreSQL" "tests/cli/pglib.sh or the server is not there"
else
	. "$SRCDIR/tests/cli/pglib.sh"
	if ! pg_start >pg.out 2>&1; then
		not_ok "a PostgreSQL server starts" "$(cat pg.out)"
	else
		shown=$(printf '%s' "$PG_ADMIN_URI" | sed 's|://\([^:@/]*\):[^@]*@|://\1@|')
		run "$KVPERF" --db "$a" push --to "$PG_ADMIN_URI"
		expect "push to a server: exit 0" 0 ""
		same "its summary, without the password" "$(pg_redact "$out")" \
			"pushed 215 sources (224 runs, 1715 samples) to $shown; 0 already there"
		for c in "compare --baseline baseline --format json" "runs -v" "trend --format json"; do
			# shellcheck disable=SC2086
			"$KVPERF" --db "$a" $c >a.out 2>a.err
			# shellcheck disable=SC2086
			"$KVPERF" --db "$PG_ADMIN_URI" $c >p.out 2>p.err
			if [ -s a.out ] && cmp -s a.out p.out && cmp -s a.err p.err; then
				ok "$c: byte-identical on the server"
			else
				not_ok "$c: byte-identical on the server" "$(diff a.out p.out | head -5)"
			fi
		done
		run "$KVPERF" --db "$a" push --to "$PG_ADMIN_URI"
		same "a second push to the server copies nothing" "$(pg_redact "$out")" \
			"pushed 0 sources (0 runs, 0 samples) to $shown; 215 already there"
		empty=$(pg_newdb empty)
		run "$KVPERF" --db "$a" push --to "$empty" --dry-run
		same "push --dry-run to a server database without kvperf's tables" "$(pg_redact "$out")" \
			"would push 215 sources (224 runs, 1715 samples) to $(printf '%s' "$empty" |
				sed 's|://\([^:@/]*\):[^@]*@|://\1@|'); 0 already there"
		same "creates no table there" \
			"$(pg_psql_db empty "select count(*) from pg_tables where schemaname = 'public'")" "0"
		run "$KVPERF" --db f.db pull --from "$PG_ADMIN_URI"
		expect "pull from the server: exit 0" 0 ""
		same "SQLite -> PostgreSQL -> SQLite: the same rows, ids and import times" \
			"$(dbsum f.db)" "$(dbsum "$a")"
	fi
fi

done_testing
