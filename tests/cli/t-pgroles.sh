# t-pgroles.sh - contrib/postgresql-roles.sql, applied as docs/postgresql.md
# says (issue #17): the owner's first import makes the tables; a login in
# kvperf_writer (a CI job) imports, with labels and new benchmarks, and
# pushes, and can change or delete nothing; a login in kvperf_reader (a
# person) reads everything the owner reads, byte for byte, and an import of
# hers fails on one line and changes nothing; neither makes tables, so a
# writer's import into a database without kvperf's tables fails and
# changes nothing.
[ -f "$SRCDIR/tests/cli/pglib.sh" ] || { echo "1..0 # SKIP no tests/cli/pglib.sh"; exit 0; }
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/pglib.sh"
. "$SRCDIR/tests/cli/pgcheck.sh"
pg_start || { not_ok "a PostgreSQL server starts"; done_testing; exit 1; }
D=$SRCDIR/tests/data
admin=$PG_ADMIN_URI
export SOURCE_DATE_EPOCH=1795569000 COLUMNS=200

# as ROLE PASSWORD SQL: psql as ROLE on database kvperf (the password in
# the environment, not on a command line); $out, $err, $rc.
as() {
	(
		PGPASSFILE=$T/no-pgpass PGPASSWORD=$2
		export PGPASSFILE PGPASSWORD
		exec "$PG_BINDIR/psql" -X -q -At -w -v ON_ERROR_STOP=1 -h "$PGSOCK" -p "$PGPORT" \
			-U "$1" -d kvperf -c "$3"
	) >.out 2>.err
	rc=$?
	out=$(cat .out) err=$(cat .err)
}
# one DESC RC NEEDLE: the last run exited RC with nothing on stdout and
# one line on stderr that holds NEEDLE and no password.
one() {
	e=$(pg_redact "$err")
	if [ "$rc" -ne "$2" ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [ "$e" != "$err" ]; then
		not_ok "$1" "exit status $rc, wanted $2 with one line on stderr, no password" "stderr: $e"
	else
		has "$1" "$err" "$3"
	fi
}

# ---- the owner's first import, then the roles ----
run "$KVPERF" --db "$admin" import -q --config-from-dir "$SRCDIR/examples/samples" "$SRCDIR/examples/kubevirt-ci"
expect "the owner's first import makes the tables" 0 ""
run pg_psql <"$SRCDIR/contrib/postgresql-roles.sql"
expect "contrib/postgresql-roles.sql applies (psql -v ON_ERROR_STOP=1)" 0 ""
pg_psql "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'kvperf\_%er' ORDER BY 1" >roles
same "... making two group roles that cannot log in" "$(cat roles)" "kvperf_reader|f
kvperf_writer|f"
cipw="ci-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
alicepw="alice-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
pg_role ci "$cipw"
pg_role alice "$alicepw"
run pg_psql "GRANT kvperf_writer TO ci" "GRANT kvperf_reader TO alice"
expect "a login in each" 0 ""
ci=$(pg_uri kvperf ci "$cipw")
alice=$(pg_uri kvperf alice "$alicepw")
# (CREATE ROLE ... IN ROLE, as docs/postgresql.md writes it, does the same)
printf "CREATE ROLE bob LOGIN PASSWORD 'bob-pw' IN ROLE kvperf_reader;\n" | pg_psql
same "CREATE ROLE ... IN ROLE as the documentation says" \
	"$(pg_psql "SELECT pg_has_role('bob', 'kvperf_reader', 'member'), pg_has_role('ci', 'kvperf_writer', 'member')")" "t|t"

# ---- the writer ----
run "$KVPERF" --db "$ci" import -c nightly -l version=v9 -l team=storage -l team=perf "$D/fio-desc/desc-json.json"
expect "ci imports a file with labels (one given twice)" 0 ""
same "... the last value given wins" "$(pg_psql "SELECT l.key || '=' || l.value FROM label l JOIN run r ON r.id = l.run_id
	JOIN source s ON s.id = r.source_id WHERE s.path LIKE '%desc-json.json' AND l.key IN ('team', 'version') ORDER BY 1")" \
	"team=perf
version=v9"
nb=$(pg_psql "SELECT count(*) FROM benchmark")
nm=$(pg_psql "SELECT count(*) FROM metric")
set -- "$D/k8s-netperf/virt-result.json" "$D/native/roundtrip.json" "$D"/stream/vm-r*.txt
run "$KVPERF" --db "$ci" import -c vm --vmi "$D/vmi/vmi-fedora-dedicated.yaml" "$@"
expect "ci imports files that make new benchmarks and metrics, with --vmi" 0 ""
"$KVPERF" --db new.db import -q -c vm "$@"
same "... they are there" \
	"$(($(pg_psql "SELECT count(*) FROM benchmark") - nb)) $(($(pg_psql "SELECT count(*) FROM metric") - nm))" \
	"$(sql new.db "SELECT count(*) FROM benchmark") $(sql new.db "SELECT count(*) FROM metric")"
run sh -c "\"$KVPERF\" --db \"$ci\" import -c vm - <\"$D/prometheus/vcpu_rate.json\""
expect "ci imports standard input" 0
run "$KVPERF" --db "$ci" import "$D/native/roundtrip.json"
expect "ci: a file already there is skipped" 0
"$KVPERF" --db local.db import -q -c cs "$D"/fio-client/cs-r*.json "$D/native-sysbench"
run "$KVPERF" --db local.db push --to "$ci"
expect "ci pushes a SQLite file's sources" 0 ""
same "... and says so, without its password" "$(pg_redact "$out")" "$out"
has "... all of them" "$out" "pushed $(sql local.db "SELECT count(*) FROM source") sources"
run "$KVPERF" --db "$ci" runs
expect "ci reads too" 0 ""
for sql in "DELETE FROM sample" "DELETE FROM source" "UPDATE run SET config = 'x'" \
	"UPDATE label SET value = 'x'" "TRUNCATE run_metric" "DROP TABLE label"; do
	as ci "$cipw" "$sql"
	case "$rc $err" in
	"0 "*) not_ok "ci cannot: $sql" "it could" ;;
	*"permission denied"* | *"must be owner"*) ok "ci cannot: $sql" ;;
	*) not_ok "ci cannot: $sql" "$err" ;;
	esac
done

# ---- the reader ----
for c in "runs" "runs -v" "runs -v --format json" "compare -b baseline --format json" \
	"compare -b baseline --bootstrap 200 --format csv" "compare -b k8s-1.31 --format json" \
	"trend --format json" "trend --by ci.build --format csv"; do
	# shellcheck disable=SC2086
	"$KVPERF" --db "$admin" $c >a.out 2>a.err
	# shellcheck disable=SC2086
	"$KVPERF" --db "$alice" $c >b.out 2>b.err
	sed "s|$(redact_uri "$admin")|DB|g" a.err >a.errn
	sed "s|$(redact_uri "$alice")|DB|g" b.err >b.errn
	if [ -s a.out ] && cmp -s a.out b.out && cmp -s a.errn b.errn; then
		ok "alice: $c as the owner's"
	else
		not_ok "alice: $c as the owner's" "$(pg_redact "$(cat b.err)")" "$(diff a.out b.out | head -n 5)"
	fi
done
"$KVPERF" --db "$admin" report -b baseline -q -o a.pdf
run "$KVPERF" --db "$alice" report -b baseline -q -o b.pdf
expect "alice: report -o b.pdf" 0 ""
if [ -s b.pdf ] && cmp -s a.pdf b.pdf; then ok "... the owner's PDF, byte for byte"; else not_ok "... the owner's PDF, byte for byte" "$(cmp a.pdf b.pdf 2>&1)"; fi
run "$KVPERF" --db pulled.db pull --from "$alice" --config k8s-1.34
expect "alice pulls a configuration into a SQLite file" 0 ""
same "... all its runs" "$(sql pulled.db "SELECT count(*) FROM run")" \
	"$(pg_psql "SELECT count(*) FROM run WHERE config = 'k8s-1.34'")"

before=$(pg_digest kvperf)
run "$KVPERF" --db "$alice" import -c x "$D/npb/cg-vm-r1.txt"
one "alice's import fails: exit 1, one line, she may only read" 1 \
	"kvperf: $(redact_uri "$alice"): cannot record the source file: permission denied for table source (this role may only read: see kvperf(1), POSTGRESQL)"
run "$KVPERF" --db "$alice" import -c x --label a=b "$D"/pbench/vm-*-result.json "$D/kube-burner/collected-metrics-f7c79fd5"
one "... files that would make benchmarks and labels too" 1 "(this role may only read"
"$KVPERF" --db local2.db import -q -c x "$D/npb/cg-vm-r2.txt"
run "$KVPERF" --db local2.db push --to "$alice"
one "... and her push" 1 "(this role may only read"
same "... the database is unchanged" "$(pg_digest kvperf)" "$before"
run "$KVPERF" --db "$alice" import "$D/native/roundtrip.json"
expect "alice: a file already there is only skipped" 0
for who in "ci $cipw" "alice $alicepw"; do
	# shellcheck disable=SC2086
	as $who "CREATE TABLE mine (x int)"
	case "$rc $err" in
	"0 "*) not_ok "${who%% *} cannot create a table" "it could" ;;
	*"permission denied"*) ok "${who%% *} cannot create a table" ;;
	*) not_ok "${who%% *} cannot create a table" "$err" ;;
	esac
done
as alice "$alicepw" "INSERT INTO source (sha256, path, format, size, imported_at) VALUES (repeat('a', 64), 'x', 'x', 0, 'x')"
has "alice cannot insert" "$rc $err" "permission denied for table source"
same "the database is still unchanged" "$(pg_digest kvperf)" "$before"

# ---- a writer into a database without kvperf's tables ----
pg_newdb empty >/dev/null
ciempty=$(pg_uri empty ci "$cipw")
run "$KVPERF" --db "$ciempty" import "$D/native/roundtrip.json"
one "ci's import into a database without tables: exit 1, one line" 1 "kvperf: $(redact_uri "$ciempty"): "
has "... saying why" "$err" "permission denied for schema public"
# ci may write: what it lacks is the tables, which the owner makes
case $err in
*"may only read"*) not_ok "... without calling a writer a reader" "$(pg_redact "$err")" \
	"wanted a hint that the owner's first import makes the tables" ;;
*) ok "... without calling a writer a reader" ;;
esac
same "... and it makes nothing" "$(pg_digest empty)" "(no tables)"
run "$KVPERF" --db "$(pg_uri empty alice "$alicepw")" runs
one "alice's runs there: exit 66, one line" 66 "no kvperf database here; import something first"

done_testing
