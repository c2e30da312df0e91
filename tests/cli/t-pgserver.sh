# t-pgserver.sh - tests/cli/pglib.sh's throwaway PostgreSQL server: it
# starts on a private Unix socket only, its admin URI works, roles log in with
# their password and only with it, committed data survives pg_kill_server +
# pg_restart, and a script that ends in any way (exit 0, exit 1, SIGTERM,
# SIGINT, SIGKILL, meson's timeout) leaves no server process and no directory.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/pglib.sh"
psql=$PG_BINDIR/psql

# uq URI SQL: psql over URI alone (no password file), as run does.
uq() { run env PGPASSFILE="$T/no-pgpass" "$psql" -X -q -At -w -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
# as_role USER PASSWORD SQL: psql as USER on database kvperf, the password in
# PGPASSWORD (not on a command line); an empty PASSWORD sends none.
as_role() {
	(
		PGPASSFILE=$T/no-pgpass
		export PGPASSFILE
		if [ -n "$2" ]; then PGPASSWORD=$2; export PGPASSWORD; fi
		exec "$psql" -X -q -At -w -h "$PGSOCK" -p "$PGPORT" -U "$1" -d kvperf -c "$3"
	) >"$T/.out" 2>"$T/.err"
	rc=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}
# redacted DESC WANT-RC: expect, with no password in what a failure prints.
redacted() {
	out=$(pg_redact "$out")
	err=$(pg_redact "$err")
	expect "$@"
}
# procs TEXT: the processes whose command line contains TEXT (the pattern is
# read from a file, so that grep does not find itself).
procs() {
	printf '%s\n' "$1" >"$T/.pat"
	for f in $(grep -lsF -f "$T/.pat" /proc/[0-9]*/cmdline); do
		printf '%s: %s\n' "${f%/cmdline}" "$(tr '\0' ' ' <"$f" 2>/dev/null)"
	done
}

# ---- the server ----
t0=$(date +%s%N)
pg_start >start.out 2>&1
rc=$?
t1=$(date +%s%N)
if [ "$rc" -ne 0 ]; then
	not_ok "pg_start starts a server" "$(cat start.out)"
	done_testing
	exit 1
fi
ok "pg_start starts a server"
echo "# pg_start took $(((t1 - t0) / 1000000)) ms"
same "pg_start prints nothing" "$(cat start.out)" ""
pw=${PG_ADMIN_URI#postgresql://kvperf_admin:}
pw=${pw%%@*}
same "PG_ADMIN_URI" "$(pg_redact "$PG_ADMIN_URI")" \
	"postgresql://kvperf_admin:***@/kvperf?host=$PGSOCK&port=$PGPORT"
same "the admin password is random hex" "$(printf '%s' "$pw" | tr -d 0-9a-f | wc -c) ${#pw}" "0 32"
same "no file keeps the password but the clients' password file" \
	"$(grep -rlF -e "$pw" "$PG_BASE" | sed "s|^$PG_BASE/||")" "pgpass"
if [ -d "$PGSOCK" ] && [ -S "$PGSOCK/.s.PGSQL.$PGPORT" ]; then
	ok "the socket is \$PGSOCK/.s.PGSQL.\$PGPORT"
else
	not_ok "the socket is \$PGSOCK/.s.PGSQL.\$PGPORT" "$(ls -la "$PGSOCK" 2>&1)"
fi
same "only its owner reaches the socket's directory" "$(stat -c %a "$PGSOCK")" 700
same "no TCP, only the socket" \
	"$(pg_psql "show listen_addresses" "show unix_socket_directories")" "
$PGSOCK"
same "the server runs as $PG_SERVER_USER" \
	"$(stat -c %U "$PG_DATADIR/postmaster.pid") $(pg_psql "select rolsuper from pg_roles where rolname = current_user")" \
	"$PG_SERVER_USER t"
same "database kvperf: UTF8, C" \
	"$(pg_psql "select current_database(), pg_encoding_to_char(encoding), datcollate from pg_database where datname = current_database()")" \
	"kvperf|UTF8|C"
same "every connection needs a password (scram-sha-256)" \
	"$(pg_psql "select distinct auth_method from pg_hba_file_rules")" "scram-sha-256"
same "fsync is off" "$(pg_psql "show fsync")" "off"
base=$PG_BASE
. "$SRCDIR/tests/cli/pglib.sh"
same "pglib.sh sourced again keeps its server" "$PG_BASE $(pg_psql "select 1")" "$base 1"

# ---- psql ----
uq "$PG_ADMIN_URI" "select current_user, current_database()"
redacted "psql over PG_ADMIN_URI" 0 ""
same "it is kvperf_admin on kvperf" "$out" "kvperf_admin|kvperf"
uq "$(pg_uri kvperf kvperf_admin wrong)" "select 1"
redacted "a wrong admin password is refused" 2
has "it says why" "$err" 'password authentication failed for user "kvperf_admin"'
same "pg_psql runs each statement in turn" \
	"$(pg_psql "create table t (x int)" "insert into t values (1), (2)" "select sum(x) from t")" 3
run pg_psql "select nosuch" "insert into t values (100)"
if [ "$rc" -ne 0 ] && [ "$(pg_psql "select sum(x) from t")" = 3 ]; then
	ok "pg_psql stops at an error, with a failure"
else
	not_ok "pg_psql stops at an error, with a failure" "rc $rc" "$(pg_psql "select sum(x) from t")"
fi
same "pg_psql reads standard input without SQL" "$(echo "select 40 + 2;" | pg_psql)" 42
same "pg_psql prints rows unaligned" "$(pg_psql "select 1, 'a b' union all select 2, null")" "1|a b
2|"

# ---- roles ----
apw="s3 cr'et:@/&%?\"x"
pg_role alice "$apw"
same "pg_role makes a role" "$(pg_psql "select rolcanlogin, rolsuper from pg_roles where rolname = 'alice'")" "t|f"
as_role alice "$apw" "select current_user"
redacted "it logs in with its password" 0 ""
same "as itself" "$out" alice
uq "$(pg_uri kvperf alice "$apw")" "select current_user"
redacted "and over pg_uri's URI (the password percent-encoded)" 0 ""
same "as itself" "$out" alice
as_role alice "${apw}x" "select 1"
redacted "not with a wrong password" 2
has "it says why" "$err" 'password authentication failed for user "alice"'
as_role alice "" "select 1"
redacted "nor with none" 2
has "it says why" "$err" "no password supplied"
r=$(pg_redact "$(pg_uri kvperf alice "$apw") $PG_ADMIN_URI $apw")
case $r in
*"$apw"* | *"$pw"* | *s3%20cr*) not_ok "pg_redact hides the passwords" "$r" ;;
*) same "pg_redact hides the passwords" "$r" \
	"postgresql://alice:***@/kvperf?host=$PGSOCK&port=$PGPORT postgresql://kvperf_admin:***@/kvperf?host=$PGSOCK&port=$PGPORT ***" ;;
esac

# ---- pg_newdb ----
uri=$(pg_newdb "scratch db")
same "pg_newdb prints its URI" "$(pg_redact "$uri")" \
	"postgresql://kvperf_admin:***@/scratch%20db?host=$PGSOCK&port=$PGPORT"
uq "$uri" "select current_database(), (select count(*) from pg_class where relnamespace = 'public'::regnamespace)"
redacted "the new database is there" 0 ""
same "and empty" "$out" "scratch db|0"
same "pg_psql_db DB" "$(pg_psql_db "scratch db" "select current_database()")" "scratch db"

# ---- pg_kill_server, pg_restart ----
pg_psql "create table keep (x int)" "insert into keep values (7)"
pid=$(sed -n 1p "$PG_DATADIR/postmaster.pid")
run pg_kill_server
expect "pg_kill_server" 0 ""
if pg_running; then not_ok "the server is stopped"; else ok "the server is stopped"; fi
same "no process of it is left" "$(procs "$PG_CLUSTER_NAME")" ""
run pg_psql "select 1"
redacted "psql cannot connect" 2
run pg_kill_server
expect "pg_kill_server again does nothing" 0 ""
run pg_restart
expect "pg_restart" 0 ""
if pg_running; then ok "the server runs"; else not_ok "the server runs"; fi
has "it was not shut down properly: an immediate stop" "$(cat "$PG_LOG")" \
	"database system was not properly shut down; automatic recovery in progress"
same "a new postmaster" "$([ "$(sed -n 1p "$PG_DATADIR/postmaster.pid")" != "$pid" ] && echo new)" new
same "what was committed is there" "$(pg_psql "select x from keep")" 7
uq "$PG_ADMIN_URI" "select count(*) from keep"
redacted "on the same socket: PG_ADMIN_URI still works" 0 ""
run pg_restart
expect "pg_restart while running restarts" 0 ""
same "and the data is still there" "$(pg_psql "select x from keep")" 7

# ---- pg_stop ----
run pg_stop
expect "pg_stop" 0 ""
if pg_running; then not_ok "the server is stopped"; else ok "the server is stopped"; fi
has "by a fast shutdown" "$(cat "$PG_LOG")" "received fast shutdown request"
run pg_stop
expect "pg_stop again does nothing" 0 ""
run pg_restart
expect "pg_restart after pg_stop" 0 ""
same "the data is still there" "$(pg_psql "select x from keep")" 7

# ---- the end of a script: nothing is left ----
# The child starts a server, writes down where, and then ends as MODE says.
cat >child.sh <<'EOF'
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/pglib.sh"
pg_start || exit 3
pg_psql "create table x (y int)" "insert into x values (1)" || exit 4
printf '%s\n' "$PG_BASE" "$T" "$(sed -n 1p "$PG_DATADIR/postmaster.pid")" "$PG_CLUSTER_NAME" >"$1.tmp"
mv "$1.tmp" "$1"
case $2 in
ok) ok "fine"; done_testing; exit ;;
exit) not_ok "a failure"; done_testing; exit ;;
*) # (not for ever, should the signal not come)
	i=0
	while [ "$i" -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	exit 5 ;;
esac
EOF
# ended BASE T: poll until the child's directories are gone (a watchdog
# cleans up after SIGKILL, within a few seconds).
ended() {
	i=0
	while { [ -e "$1" ] || [ -e "$2" ]; } && [ "$i" -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
env --default-signal=INT true 2>/dev/null && int=int || int=
for mode in ok exit term $int kill meson; do
	rm -f info
	case $mode in
	int) env --default-signal=INT sh child.sh "$T/info" "$mode" >child.out 2>&1 & ;;
	meson) setsid sh child.sh "$T/info" "$mode" >child.out 2>&1 & ;;
	*) sh child.sh "$T/info" "$mode" >child.out 2>&1 & ;;
	esac
	cpid=$!
	i=0
	while [ ! -e info ] && [ "$i" -lt 600 ] && kill -0 "$cpid" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -e info ]; then
		kill -KILL "$cpid" 2>/dev/null
		wait "$cpid" 2>/dev/null
		not_ok "$mode: the child starts a server" "$(cat child.out)"
		continue
	fi
	{ read -r cbase; read -r ct; read -r cpm; read -r cname; } <info
	case $mode in
	term) kill -TERM "$cpid" ;;
	int) kill -INT "$cpid" ;;
	kill) kill -KILL "$cpid" ;;
	meson) # a timeout: SIGTERM to the process group, SIGKILL 0.5 s later
		kill -TERM "-$cpid"
		sleep 0.5
		kill -KILL "-$cpid" 2>/dev/null ;;
	esac
	wait "$cpid" 2>/dev/null # (not "Killed" on stderr)
	crc=$?
	case $mode in
	ok) want=0 ;;
	exit) want=1 ;;
	term) want=143 ;;
	int) want=130 ;;
	kill) want=137 ;;
	meson) want=143; [ "$crc" -eq 137 ] && want=137 ;;
	esac
	case $mode in kill | meson) ended "$cbase" "$ct" ;; esac
	same "$mode: the child's exit status" "$crc" "$want"
	if [ -e "$cbase" ]; then
		not_ok "$mode: the cluster's directory is gone" "$(ls -la "$cbase")"
	else
		ok "$mode: the cluster's directory is gone"
	fi
	if [ -e "$ct" ]; then not_ok "$mode: the child's \$T is gone"; else ok "$mode: the child's \$T is gone"; fi
	if _pg_gone "$cpm"; then ok "$mode: its postmaster is gone"; else not_ok "$mode: its postmaster is gone" "pid $cpm"; fi
	same "$mode: no process of it is left" "$(procs "$cname"; procs "$cbase")" ""
	run pg_as_server "$PG_BINDIR/pg_ctl" status -D "$cbase/data"
	has "$mode: pg_ctl status finds no cluster" "$rc $err" "4 pg_ctl: directory \"$cbase/data\" does not exist"
	case $mode in
	ok | exit) same "$mode: the child's TAP" "$(cat child.out)" \
		"$([ "$mode" = ok ] && echo "ok 1 - fine" || echo "not ok 1 - a failure")
1..1" ;;
	esac
done

echo "1..$n"
[ "$nfail" -eq 0 ]
