# t-pgerrors.sh - what kvperf says when a PostgreSQL database cannot be
# used (issue #17): a wrong password, a server that cannot be reached, a
# database that is not there, an empty database for a command that reads,
# a database that is not kvperf's: each exactly one line on stderr and the
# exit status kvperf(1) names, and never a password, however it was given.
# libpq's own settings work: PGPASSFILE, PGSERVICE with PGSERVICEFILE, and
# KVPERF_DB in place of --db.  KVPERF_EXPLAIN=1 shows compare's statements
# reading run_metric and sample through their indexes.
[ -f "$SRCDIR/tests/cli/pglib.sh" ] || { echo "1..0 # SKIP no tests/cli/pglib.sh"; exit 0; }
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/pglib.sh"
. "$SRCDIR/tests/cli/pgcheck.sh"
pg_start || { not_ok "a PostgreSQL server starts"; done_testing; exit 1; }
f=$SRCDIR/tests/data/native/roundtrip.json
sock=$PGSOCK port=$PGPORT
pw=${PG_ADMIN_URI#postgresql://kvperf_admin:}
pw=${pw%%@*}
mkdir cwd

# fails DESC RC NEEDLE SECRET ARGS...: kvperf ARGS... (or ARGS when they
# begin with env), run in an empty
# directory with a timeout, exits RC with nothing on stdout and exactly one
# line on stderr that contains NEEDLE and not SECRET (nor the admin's
# password), and leaves nothing in that directory (no SQLite file named
# like the URI).
fails() {
	desc=$1 want=$2 needle=$3 secret=$4
	shift 4
	case $1 in env) ;; *) set -- "$KVPERF" "$@" ;; esac
	(cd cwd && exec timeout -k 5 30 "$@" >../.out 2>../.err)
	rc=$?
	out=$(cat .out) err=$(cat .err)
	left=$(ls -A cwd)
	shown=$(pg_redact "$out$err")
	case "$out$err" in
	*"$secret"* | *"$pw"*) not_ok "$desc" "a password is printed: $shown" ;;
	*)
		if [ "$rc" -ne "$want" ] || [ -n "$out" ] || [ "$(wc -l <.err)" -ne 1 ]; then
			not_ok "$desc" "exit status $rc, wanted $want; one line wanted on stderr, nothing on stdout" \
				"stdout: $out" "stderr: $err"
		elif [ -n "$left" ]; then
			not_ok "$desc" "it left files: $left"
		else
			case $err in
			*"$needle"*) ok "$desc" ;;
			*) not_ok "$desc" "stderr: $err" "wanted it to contain: $needle" ;;
			esac
		fi ;;
	esac
	rm -rf cwd/* cwd/.[!.]* 2>/dev/null
}

# ---- a wrong password, in each place a URI can hold one ----
bad=Wr0ng-pw
base="/kvperf?host=$sock&port=$port"
for cmd in "import $f" "runs" "compare -b baseline" "trend" "report -b baseline -o r.pdf"; do
	# shellcheck disable=SC2086
	fails "user:password@, $cmd: exit 1, one line, no password" 1 \
		"kvperf: postgresql://kvperf_admin@$base: cannot connect: " "$bad" \
		--db "postgresql://kvperf_admin:$bad@$base" $cmd
	has "... it says why" "$err" 'password authentication failed for user "kvperf_admin"'
done
for uri in "postgresql://kvperf_admin@$base&password=$bad" \
	"postgresql://kvperf_admin@/kvperf?password=$bad&host=$sock&port=$port" \
	"postgresql://kvperf_admin@/kvperf?host=$sock&password=$bad&port=$port" \
	"postgres://kvperf_admin:$bad@$base"; do
	fails "$(redact_uri "$uri" | sed "s|$sock|SOCK|"): exit 1, one line, no password" 1 \
		"password authentication failed" "$bad" --db "$uri" runs
done
fails "KVPERF_DB=...:password@...: no password" 1 "password authentication failed" "$bad" \
	env KVPERF_DB="postgresql://kvperf_admin:$bad@$base" "$KVPERF" runs
# libpq decodes a parameter's name too: pass%77ord is password
fails "?pass%77ord=: no password" 1 "password authentication failed" "$bad" \
	--db "postgresql://kvperf_admin@$base&pass%77ord=$bad" runs
# a password with the URI's own characters, percent-encoded
odd="p@ss:w/rd?&=#%x"
pg_role odd "$odd"
enc=$(pg_uri kvperf odd "$odd")
enc=${enc#postgresql://odd:}
enc=${enc%%@*}
fails "a password with @:/?&=#%, percent-encoded: never printed" 1 \
	'database "nosuchdb" does not exist' "$enc" --db "$(pg_uri nosuchdb odd "$odd")" runs
fails "... nor in ?password=" 1 'database "nosuchdb" does not exist' "$enc" \
	--db "postgresql://odd@/nosuchdb?host=$sock&port=$port&password=$enc" runs
has "... and not decoded either" "$err" "kvperf: postgresql://odd@/nosuchdb?host=$sock&port=$port: "

# ---- a server that cannot be reached ----
fails "a socket directory that is not there: exit 1, one line" 1 \
	"kvperf: postgresql://u@/kvperf?host=/nonexistent/dir: cannot connect: " "SeCrEt" \
	--db "postgresql://u:SeCrEt@/kvperf?host=/nonexistent/dir" import "$f"
fails "nothing listening on the TCP port: exit 1, one line" 1 \
	"kvperf: postgresql://u@/kvperf?host=127.0.0.1&port=1: cannot connect: " "SeCrEt" \
	--db "postgresql://u:SeCrEt@/kvperf?host=127.0.0.1&port=1" runs
t0=$(date +%s)
fails "a host that does not answer (connect_timeout=2): exit 1, one line" 1 \
	"kvperf: postgresql://u@/kvperf?host=192.0.2.1&connect_timeout=2: cannot connect: " "SeCrEt" \
	--db "postgresql://u:SeCrEt@/kvperf?host=192.0.2.1&connect_timeout=2&password=SeCrEt" runs
t1=$(date +%s)
same "... within connect_timeout" "$([ $((t1 - t0)) -le 10 ] && echo yes)" yes
fails "a host name that does not resolve: exit 1, one line" 1 \
	"kvperf: postgresql://u@no-such-host.invalid/kvperf: cannot connect: " "SeCrEt" \
	--db "postgresql://u:SeCrEt@no-such-host.invalid/kvperf" runs
"$KVPERF" --db "$T/src.db" import -q "$f"
fails "push --to a server that cannot be reached: no password" 1 "cannot connect" "SeCrEt" \
	--db "$T/src.db" push --to "postgresql://u:SeCrEt@/kvperf?host=/nonexistent/dir"

# ---- a database that is not there ----
fails "a missing database, import: exit 1, one line" 1 \
	"kvperf: $(redact_uri "$(pg_uri nosuchdb)"): cannot connect: " "$pw" \
	--db "$(pg_uri nosuchdb)" import "$f"
has "... it says why" "$err" 'database "nosuchdb" does not exist'
fails "a missing database, runs" 1 'database "nosuchdb" does not exist' "$pw" --db "$(pg_uri nosuchdb)" runs
same "... and it is not created" "$(pg_psql_db postgres "select count(*) from pg_database where datname = 'nosuchdb'")" 0

# ---- an empty database: nothing to read ----
empty=$(pg_newdb empty)
for cmd in "runs" "runs -v" "compare -b baseline" "trend" "report -b baseline -o r.pdf"; do
	# shellcheck disable=SC2086
	fails "an empty database, $cmd: exit 66, one line" 66 \
		"kvperf: $(redact_uri "$empty"): no kvperf database here; import something first" "$pw" \
		--db "$empty" $cmd
done
run "$KVPERF" --db "$empty" import -n "$f"
expect "import --dry-run into an empty database: exit 0" 0 ""
same "the reads and the dry run made no table" "$(pg_digest empty)" "(no tables)"

# ---- a database that is not kvperf's ----
other=$(pg_newdb other)
pg_psql_db other "create table results (id int primary key, v text)" \
	"insert into results values (1, 'keep me')"
before=$(pg_digest other)
fails "a database with a table of its own, import: exit 65, one line" 65 \
	"kvperf: $(redact_uri "$other"): not a kvperf database" "$pw" --db "$other" import "$f"
fails "... runs: exit 65" 65 "not a kvperf database" "$pw" --db "$other" runs
fails "... compare: exit 65" 65 "not a kvperf database" "$pw" --db "$other" compare -b x
same "... and it is left as it was" "$(pg_digest other)" "$before"
pg_psql_db other "create table kvperf_schema (application text, version int)"
before=$(pg_digest other)
fails "a kvperf_schema without a row: exit 65, one line" 65 "not a kvperf database" "$pw" \
	--db "$other" import "$f"
same "... left as it was" "$(pg_digest other)" "$before"
newer=$(pg_newdb newer)
"$KVPERF" --db "$newer" import -q "$f" || echo "Bail out! cannot import into newer"
pg_psql_db newer "update kvperf_schema set version = 99"
before=$(pg_digest newer)
fails "a newer schema: exit 1, one line" 1 "database schema version 99 is newer than this kvperf understands" \
	"$pw" --db "$newer" import "$SRCDIR/tests/data/native-sysbench/sysbench-baseline.json"
fails "... compare too" 1 "newer than this kvperf understands" "$pw" --db "$newer" compare -b x
same "... left as it was" "$(pg_digest newer)" "$before"

# ---- libpq's settings: PGPASSFILE, PGSERVICE, and KVPERF_DB ----
(umask 077 && printf '*:*:*:kvperf_admin:%s\n' "$pw" >pgpass)
printf '[kvtest]\nhost=%s\nport=%s\ndbname=kvtest\nuser=kvperf_admin\n' "$sock" "$port" >services
pg_newdb kvtest >/dev/null
run env PGPASSFILE="$T/pgpass" "$KVPERF" --db "postgresql://kvperf_admin@/kvtest?host=$sock&port=$port" \
	import "$f"
expect "PGPASSFILE: the URI without a password imports" 0 ""
same "... into that database" "$(pg_psql_db kvtest "select count(*) from run")" 2
for uri in "postgresql:///?service=kvtest" "postgresql://?service=kvtest" "postgres:///?service=kvtest"; do
	run env PGPASSFILE="$T/pgpass" PGSERVICEFILE="$T/services" "$KVPERF" --db "$uri" runs
	expect "PGSERVICEFILE and $uri: runs" 0 ""
	has "... reads the service's database" "$out" "file-config     1"
done
run env PGPASSFILE="$T/pgpass" PGSERVICEFILE="$T/services" PGSERVICE=kvtest "$KVPERF" \
	--db postgresql:// import "$SRCDIR/tests/data/native-sysbench/sysbench-baseline.json"
expect "PGSERVICE=kvtest and --db postgresql://: import" 0 ""
run env PGPASSFILE="$T/pgpass" PGSERVICEFILE="$T/services" PGSERVICE=kvtest \
	KVPERF_DB=postgresql:// "$KVPERF" runs
expect "KVPERF_DB=postgresql:// without --db: runs" 0 ""
same "... both files are in the service's database" "$(pg_psql_db kvtest "select count(*) from source")" 2
run env KVPERF_DB="postgresql://kvperf_admin:$pw@/kvtest?host=$sock&port=$port" "$KVPERF" runs -v
expect "KVPERF_DB with a password in it: runs -v" 0 ""
same "... and no password in what it prints" "$(pg_redact "$out")" "$out"
run env PGPASSFILE="$T/pgpass" PGSERVICEFILE="$T/services" "$KVPERF" --db "postgresql:///?service=nosuch" runs
expect "a service that is not in the file: exit 1" 1
same "... on one line" "$(printf '%s\n' "$err" | wc -l)" 1
has "... naming it" "$err" "nosuch"
fails "no password anywhere: exit 1, one line" 1 "no password supplied" "$pw" \
	--db "postgresql://kvperf_admin@/kvtest?host=$sock&port=$port" runs

# ---- the plans compare uses ----
"$KVPERF" --db "$PG_ADMIN_URI" import -q --config-from-dir "$SRCDIR/examples/samples" ||
	echo "Bail out! cannot import the samples"
pg_psql "analyze" # the statistics the planner would have after autovacuum
# plan DESC OPTION...: compare with OPTION... prints the plans of its
# statements; there is one that reads run aggregates, each of those
# (whatever its name: one metric, a configuration, a batch of metrics) uses
# run_metric_pkey (an Index Scan or Index Only Scan, or a Bitmap Index Scan), and nothing reads
# run_metric or sample by a Seq Scan.
plan() {
	desc=$1
	shift
	KVPERF_EXPLAIN=1 run "$KVPERF" --db "$PG_ADMIN_URI" compare -b baseline --format csv "$@"
	plans=$(printf '%s\n' "$err" | grep '^kvperf: plan: ')
	aggs=$(printf '%s\n' "$plans" | sed -n 's/^kvperf: plan: \(run aggregates[^:]*\): .*/\1/p' | sort -u)
	noindex=$(printf '%s\n' "$aggs" | while read -r s; do
		[ -z "$s" ] || printf '%s\n' "$plans" | grep "^kvperf: plan: $s: " |
			grep -q 'Index Scan using run_metric_pkey on run_metric\|Index Only Scan using run_metric_pkey on run_metric\|Index Scan on run_metric_pkey' ||
			echo "$s"
	done)
	seq=$(printf '%s\n' "$plans" | grep 'Seq Scan on \(run_metric\|sample\)\b')
	if [ "$rc" -ne 0 ]; then
		not_ok "$desc" "exit status $rc" "stderr: $(pg_redact "$err")"
	elif [ -z "$aggs" ]; then
		not_ok "$desc" "no plan of a statement that reads run aggregates" "stderr: $err"
	elif [ -n "$noindex" ] || [ -n "$seq" ]; then
		not_ok "$desc" "not through run_metric_pkey: $noindex" "scans: $seq" "$plans"
	else
		ok "$desc ($(printf '%s\n' "$aggs" | tr '\n' ',' | sed 's/,$//; s/,/, /g'))"
	fi
}
plan "KVPERF_EXPLAIN=1 compare: run aggregates through run_metric_pkey"
plan "--variant: run aggregates through run_metric_pkey" -V constrained
plan "--bootstrap --tool: run aggregates through run_metric_pkey, no Seq Scan" \
	--tool gbench -V constrained --bootstrap 200
has "... the samples through sample_run_metric" "$plans" \
	"kvperf: plan: samples of a run:   ->  Index Scan using sample_run_metric on sample"
run "$KVPERF" --db "$PG_ADMIN_URI" compare -b baseline --format csv
expect "no plans without KVPERF_EXPLAIN" 0 ""

done_testing
