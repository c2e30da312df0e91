# pglib.sh - a throwaway PostgreSQL server for kvperf's command-line tests.
# Source it after lib.sh:
#
#	. "$SRCDIR/tests/cli/lib.sh"
#	. "$SRCDIR/tests/cli/pglib.sh"
#	pg_start || { not_ok "a PostgreSQL server starts"; done_testing; exit 1; }
#	"$KVPERF" --db "$PG_ADMIN_URI" import ...
#	same "one run" "$(pg_psql "select count(*) from run")" 1
#
# Without the server's programs the script ends here as lib.sh's need does
# (a plan of 1..0 with the reason, or a failure when KVPERF_TEST_STRICT=1).
# PG_BINDIR= names the directory of initdb, pg_ctl, postgres, psql and
# pg_isready; otherwise pg_config --bindir, /usr/lib/postgresql/*/bin (the
# newest) and then $PATH are tried.
#
# pg_start makes a new cluster in its own directory ($PG_BASE: data/, sock/,
# server.log), with a superuser kvperf_admin whose random password only
# scram-sha-256 accepts, and a database kvperf.  It listens on a Unix socket
# in a private directory and on no TCP port, so scripts that run at once never
# meet.  As root the server runs as the user postgres (PG_SERVER_USER= names
# another), since PostgreSQL refuses root: initdb and pg_ctl run as that user
# too, and $PG_BASE belongs to it (root reaches in anyway).  Otherwise all
# runs as the caller.  The clients (psql here, kvperf in the tests) always run
# as the caller.
#
# PG_DURABLE=1 (before pg_start) leaves the server as initdb makes it, as a
# real server is (for benchmarks: fsync and full-page writes on, WAL for
# replicas, 128 MB of shared buffers); otherwise fsync and full-page writes
# are off, WAL minimal and the buffers small.
#
# Exported after pg_start:
#   PGSOCK        the socket directory
#   PGPORT        the port (only a number in the socket's name)
#   PG_ADMIN_URI  postgresql://kvperf_admin:PASSWORD@/kvperf?host=$PGSOCK&port=$PGPORT
# Set (not exported): PG_BASE, PG_DATADIR, PG_LOG (the server's log),
# PG_CLUSTER_NAME (in every server process's title), PG_BINDIR, PG_SERVER_USER.
#
# Functions:
#   pg_start                  start the server; 1 with '# ' diagnostics if it fails
#   pg_psql [SQL...]          psql as kvperf_admin on database kvperf: each SQL
#                             in turn (standard input when none), rows printed
#                             unaligned ('|' between columns); it stops at the
#                             first error, with status 1 (3 from standard
#                             input); 2 when it cannot connect
#                             (-X -q -At -v ON_ERROR_STOP=1; the password comes
#                             from a password file, never a command line)
#   pg_psql_db DB [SQL...]    the same on database DB
#   pg_newdb NAME             create an empty database NAME; print its admin URI
#   pg_role NAME PASSWORD     create a LOGIN role (not a superuser)
#   pg_uri [DB [USER [PASSWORD]]]  print a URI for DB (kvperf) as USER with
#                             PASSWORD (kvperf_admin with its password)
#   pg_redact TEXT            print TEXT with every password known here as ***
#   pg_running                status 0 when the server is running
#   pg_stop                   fast shutdown; nothing when it is not running
#   pg_kill_server            immediate shutdown (pg_ctl -m immediate), as in a
#                             crash; nothing when it is not running
#   pg_restart                pg_kill_server, then start again on the same
#                             data directory, socket and port
#   pg_as_server CMD...       run CMD as the server's user (from /)
#
# When the script ends - normally, on a failure, on SIGHUP, SIGINT or SIGTERM
# - the EXIT trap stops the server at once and removes $PG_BASE, then does
# what lib.sh's trap did (removes $T).  A watchdog in its own session does the
# same if the script dies without running its trap (SIGKILL, as meson test
# sends half a second after the SIGTERM of a timeout).
: "${T:?pglib.sh: source lib.sh first}"

# Settings from the caller's environment that would send libpq, psql or the
# server elsewhere.
# (Sourced again in the same shell, it keeps the server it started.)
if [ -z "${_pg_loaded:-}" ]; then
	unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGPASSFILE \
		PGSERVICE PGSERVICEFILE PGOPTIONS PGAPPNAME PGSSLMODE PGREQUIRESSL \
		PGGSSENCMODE PGCHANNELBINDING PGCONNECT_TIMEOUT PGCLIENTENCODING \
		PGTARGETSESSIONATTRS PGDATA PGSYSCONFDIR PGTZ PGDATESTYLE \
		PGSOCK PG_ADMIN_URI
	PG_BASE=
	_pg_pw=
	_pg_secrets=
	_pg_wd=
	_pg_loaded=1
fi
_pg_nl='
'

# The cleanup, as text: evaluated here, and run by the watchdog's own shell.
_pg_reaper='
# _pg_gone PID: the process has ended (or is a zombie nobody reaped).
_pg_gone() {
	if [ -r "/proc/$1/stat" ]; then
		_pg_st=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
		_pg_st=${_pg_st##*) }
		case $_pg_st in Z*|X*) return 0 ;; esac
		return 1
	fi
	! kill -0 "$1" 2>/dev/null
}
# _pg_procs BASE: the processes of the cluster in BASE/data, found by their
# command lines: "initdb -D BASE/data", "pg_ctl ... -D BASE/data", the
# postmaster "postgres -D BASE/data" (from when pg_ctl starts it, before it
# writes postmaster.pid) and the server processes "postgres: CLUSTER-NAME: ..."
# (the patterns go on standard input, so that grep does not find itself).
_pg_procs() {
	printf "%s\n" "$1/data" "postgres: kvperf-test-${1##*-}: " |
		grep -lsF -f - /proc/[0-9]*/cmdline 2>/dev/null |
		sed "s|^/proc/||; s|/cmdline\$||"
}
# _pg_reap BASE [DIR]: stop the cluster in BASE now and remove BASE (and
# DIR).  The postmaster gets SIGQUIT (an immediate shutdown, which ends its
# processes and removes its shared memory), initdb and pg_ctl SIGTERM, the
# server processes SIGQUIT once their postmaster is gone; whatever is left
# after 5 s gets SIGKILL.
_pg_reap() {
	if [ ! -r /proc/self/cmdline ]; then
		_pg_p=$(sed -n 1p "$1/data/postmaster.pid" 2>/dev/null)
		case $_pg_p in "" | *[!0-9]*) ;; *) kill -QUIT "$_pg_p" 2>/dev/null; sleep 1 ;; esac
	fi
	_pg_key=$(stat -c %i "$1/data" 2>/dev/null)
	_pg_i=0
	while _pg_ps=$(_pg_procs "$1") && [ -n "$_pg_ps" ] && [ "$_pg_i" -lt 140 ]; do
		_pg_pm="" _pg_other="" _pg_child=""
		for _pg_p in $_pg_ps; do
			case $(tr "\0" " " <"/proc/$_pg_p/cmdline" 2>/dev/null) in
			"postgres: "*) _pg_child="$_pg_child $_pg_p" ;;
			postgres\ * | */postgres\ * | */postmaster\ *) _pg_pm="$_pg_pm $_pg_p" ;;
			*) _pg_other="$_pg_other $_pg_p" ;;
			esac
		done
		if [ "$_pg_i" -ge 100 ]; then
			kill -s KILL $_pg_ps 2>/dev/null
		else
			[ -z "$_pg_pm" ] || kill -s QUIT $_pg_pm 2>/dev/null
			[ -z "$_pg_other" ] || kill -s TERM $_pg_other 2>/dev/null
			[ -n "$_pg_pm" ] || [ -z "$_pg_child" ] || kill -s QUIT $_pg_child 2>/dev/null
		fi
		sleep 0.05
		_pg_i=$((_pg_i + 1))
	done
	# The System V shared memory segment (keyed by the inode of the data
	# directory) of a server process that was killed (initdb'"'"'s, when a
	# signal stops it) stays until the machine reboots: remove it unused.
	case $_pg_key in
	"" | *[!0-9]*) ;;
	*) for _pg_p in $(ipcs -m 2>/dev/null | awk -v k="$(printf "0x%08x" "$((_pg_key & 0xffffffff))")" \
			"\$1 == k && \$6 == 0 { print \$2 }"); do
			ipcrm -m "$_pg_p" 2>/dev/null
		done ;;
	esac
	rm -rf "$1"
	if [ -n "${2:-}" ]; then
		chmod -R u+rwx "$2" 2>/dev/null
		rm -rf "$2"
	fi
}
'
eval "$_pg_reaper"

# The watchdog: while the script ($1) lives, sleep; when it is gone, reap
# BASE ($2) and remove the script's $T ($3).  The EXIT trap ends it with
# SIGTERM when it has done all that itself.
_pg_watchdog='
trap "kill \$_pg_s 2>/dev/null; exit 0" TERM
while ! _pg_gone "$1"; do
	sleep 1 &
	_pg_s=$!
	wait "$_pg_s"
done
_pg_reap "$2" "$3"
'

# lib.sh's EXIT trap removes $T; this one stops the server first, and ends
# the watchdog last (should a SIGKILL cut it short, the watchdog finishes).  A
# signal exits with 128 + its number, which runs the EXIT trap.
_pg_on_exit() {
	trap '' HUP INT TERM
	[ -z "$PG_BASE" ] || _pg_reap "$PG_BASE"
	chmod -R u+rwx "$T" 2>/dev/null
	rm -rf "$T"
	[ -z "$_pg_wd" ] || kill "$_pg_wd" 2>/dev/null
}
trap _pg_on_exit EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# _pg_bins DIR: DIR has every program used here.
_pg_bins() {
	for _pg_p in initdb pg_ctl postgres psql pg_isready; do
		[ -x "$1/$_pg_p" ] || return 1
	done
}
_pg_find_bindir() {
	if [ -n "${PG_BINDIR:-}" ]; then
		_pg_bins "$PG_BINDIR"
		return
	fi
	for _pg_d in "$(pg_config --bindir 2>/dev/null)" \
		$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr) \
		/usr/local/pgsql/bin "$(dirname "$(command -v initdb 2>/dev/null || echo ./x)")"; do
		if [ -n "$_pg_d" ] && _pg_bins "$_pg_d"; then
			PG_BINDIR=$_pg_d
			return 0
		fi
	done
	return 1
}
# As root: a user other than root to run the server as, and a way to become it.
_pg_find_user() {
	for _pg_u in ${PG_SERVER_USER:-} postgres; do
		_pg_uid=$(id -u "$_pg_u" 2>/dev/null) && [ "$_pg_uid" -ne 0 ] &&
			PG_SERVER_USER=$_pg_u && return 0
	done
	return 1
}
_pg_find_su() { command -v setpriv || command -v runuser; }

need "the PostgreSQL server (postgresql-15: initdb, pg_ctl, postgres, psql, pg_isready)" _pg_find_bindir
if [ "$(id -u)" -eq 0 ]; then
	_pg_root=1
	need "a user to run PostgreSQL as, not root (postgres, made by postgresql-15; or PG_SERVER_USER=)" _pg_find_user
	need "setpriv or runuser (util-linux), to run PostgreSQL as $PG_SERVER_USER" _pg_find_su
else
	_pg_root=0
	PG_SERVER_USER=$(id -un 2>/dev/null || id -u)
fi

pg_as_server() {
	if [ "$_pg_root" = 0 ]; then
		(cd / && exec "$@")
	elif command -v setpriv >/dev/null 2>&1; then
		(cd / && exec setpriv --reuid="$PG_SERVER_USER" \
			--regid="$(id -g "$PG_SERVER_USER")" --init-groups -- "$@")
	else
		(cd / && exec runuser -u "$PG_SERVER_USER" -- "$@")
	fi
}

# _pg_enc STRING [KEEP-SLASH]: STRING percent-encoded for a URI.
_pg_enc() {
	case $1 in
	*[!A-Za-z0-9._~/-]*) ;;
	*/*) if [ -n "${2:-}" ]; then printf '%s' "$1"; return; fi ;;
	*) printf '%s' "$1"; return ;;
	esac
	_pg_s=$1 _pg_o=
	while [ -n "$_pg_s" ]; do
		_pg_r=${_pg_s#?}
		_pg_c=${_pg_s%"$_pg_r"}
		_pg_s=$_pg_r
		case $_pg_c in
		[A-Za-z0-9._~-]) _pg_o=$_pg_o$_pg_c ;;
		/) if [ -n "${2:-}" ]; then _pg_o=$_pg_o/; else _pg_o=$_pg_o%2F; fi ;;
		*) _pg_o=$_pg_o$(printf '%s' "$_pg_c" | od -An -tx1 | tr -d ' \n' |
			sed 's/../%&/g' | tr abcdef ABCDEF) ;;
		esac
	done
	printf '%s' "$_pg_o"
}
# _pg_ident NAME, _pg_lit TEXT: an SQL identifier, an SQL string literal.
_pg_ident() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }
_pg_lit() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }
# _pg_diag FILE...: the files' last lines as TAP comments.
_pg_diag() {
	for _pg_f in "$@"; do
		[ -s "$_pg_f" ] || continue
		echo "# ${_pg_f##*/}:"
		tail -n 15 "$_pg_f" | sed 's/^/#   /'
	done
}
_pg_fail() {
	echo "# pg_start: $1"
	_pg_diag "$PG_BASE/initdb.log" "$PG_BASE/pg_ctl.out" "$PG_LOG"
	return 1
}

pg_running() {
	[ -n "$PG_BASE" ] &&
		pg_as_server "$PG_BINDIR/pg_ctl" status -D "$PG_DATADIR" >/dev/null 2>&1
}

# _pg_up: pg_ctl start, then wait until the socket accepts connections.
_pg_up() {
	pg_as_server "$PG_BINDIR/pg_ctl" start -D "$PG_DATADIR" -l "$PG_LOG" -w -t 60 -s \
		</dev/null >"$PG_BASE/pg_ctl.out" 2>&1 || return 1
	_pg_i=0
	until "$PG_BINDIR/pg_isready" -q -h "$PGSOCK" -p "$PGPORT" -d postgres; do
		_pg_i=$((_pg_i + 1))
		[ "$_pg_i" -lt 300 ] || return 1
		sleep 0.1
	done
}

pg_start() {
	if [ -n "$PG_BASE" ]; then
		echo "# pg_start: a server is already started in $PG_BASE"
		return 1
	fi
	# Somewhere the server's user can reach, with room for the socket's
	# path (at most 107 bytes): $TMPDIR, or else /tmp.
	_pg_b=$(cd "${TMPDIR:-/tmp}" 2>/dev/null && pwd -P) || _pg_b=/tmp
	if [ "${#_pg_b}" -gt 64 ] ||
		! pg_as_server sh -c 'cd "$1" && [ -w . ]' sh "$_pg_b" 2>/dev/null; then
		_pg_b=/tmp
	fi
	if ! PG_BASE=$(mktemp -d "$_pg_b/kvperf-pg-XXXXXX"); then
		PG_BASE=""
		echo "# pg_start: cannot make a directory in $_pg_b"
		return 1
	fi
	PG_DATADIR=$PG_BASE/data
	PG_LOG=$PG_BASE/server.log
	PG_CLUSTER_NAME=kvperf-test-${PG_BASE##*-}
	PGSOCK=$PG_BASE/sock
	PGPORT=${PG_TEST_PORT:-$((20000 + $$ % 40000))}
	export PGSOCK PGPORT
	if [ "$_pg_root" = 1 ] && ! chown "$PG_SERVER_USER:" "$PG_BASE"; then
		_pg_fail "cannot give $PG_BASE to $PG_SERVER_USER"
		return 1
	fi
	_pg_setsid=
	command -v setsid >/dev/null 2>&1 && _pg_setsid=setsid
	_PG_WATCHDOG=$_pg_reaper$_pg_watchdog $_pg_setsid sh -c 'eval "$_PG_WATCHDOG"' \
		kvperf-pg-watchdog "$$" "$PG_BASE" "$T" </dev/null >/dev/null 2>&1 &
	_pg_wd=$!

	_pg_pw=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	[ "${#_pg_pw}" -eq 32 ] || { _pg_fail "no password from /dev/urandom"; return 1; }
	_pg_secrets=$_pg_secrets$_pg_nl$_pg_pw
	(umask 077 && printf '*:*:*:kvperf_admin:%s\n' "$_pg_pw" >"$PG_BASE/pgpass") ||
		{ _pg_fail "cannot write $PG_BASE/pgpass"; return 1; }
	# (The data directory is made before initdb, which then keeps it when it
	# fails or is stopped, so that _pg_reap finds its inode.)
	pg_as_server mkdir -m 700 "$PGSOCK" "$PG_DATADIR" ||
		{ _pg_fail "$PG_SERVER_USER cannot make directories in $PG_BASE"; return 1; }
	printf '%s\n' "$_pg_pw" |
		pg_as_server sh -c 'umask 077 && cat >"$1"' sh "$PG_BASE/pw" ||
		{ _pg_fail "$PG_SERVER_USER cannot write $PG_BASE/pw"; return 1; }
	# PG_DURABLE: the server as initdb makes it (16 MB WAL segments too)
	_pg_seg=--wal-segsize=1
	[ "${PG_DURABLE:-0}" != 1 ] || _pg_seg=
	pg_as_server "$PG_BINDIR/initdb" -D "$PG_DATADIR" -U kvperf_admin \
		--pwfile="$PG_BASE/pw" --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
		-E UTF8 --locale=C --no-sync $_pg_seg \
		</dev/null >"$PG_BASE/initdb.log" 2>&1
	_pg_rc=$?
	rm -f "$PG_BASE/pw"
	[ "$_pg_rc" -eq 0 ] || { _pg_fail "initdb failed"; return 1; }
	# fsync=off loses nothing unless the machine itself crashes, and an
	# immediate shutdown keeps what was committed (synchronous_commit stays
	# on).  PG_DURABLE=1 (benchmarks): initdb's defaults (fsync and
	# full-page writes on, WAL for replicas, 128 MB of shared buffers).
	{
		echo
		echo "# kvperf's tests (tests/cli/pglib.sh)"
		echo "listen_addresses = ''"
		echo "unix_socket_directories = $(_pg_lit "$PGSOCK")"
		echo "port = $PGPORT"
		echo "cluster_name = '$PG_CLUSTER_NAME'"
		if [ "${PG_DURABLE:-0}" != 1 ]; then
			echo "fsync = off"
			echo "full_page_writes = off"
			echo "wal_level = minimal"
			echo "max_wal_senders = 0"
			echo "shared_buffers = 16MB"
			echo "max_connections = 50"
			echo "jit = off"
		fi
	} >>"$PG_DATADIR/postgresql.conf" || { _pg_fail "cannot write postgresql.conf"; return 1; }
	_pg_up || { _pg_fail "the server did not start"; return 1; }
	pg_psql_db postgres "CREATE DATABASE kvperf" >/dev/null ||
		{ _pg_fail "CREATE DATABASE kvperf failed"; return 1; }
	PG_ADMIN_URI=$(pg_uri kvperf)
	export PG_ADMIN_URI
}

pg_psql_db() {
	if [ -z "$PG_BASE" ]; then
		echo "pg_psql: no server (pg_start first)" >&2
		return 1
	fi
	_pg_db=$1
	shift
	_pg_n=$#
	while [ "$_pg_n" -gt 0 ]; do
		set -- "$@" -c "$1"
		shift
		_pg_n=$((_pg_n - 1))
	done
	PGPASSFILE=$PG_BASE/pgpass PGCONNECT_TIMEOUT=30 "$PG_BINDIR/psql" -X -q -At \
		-v ON_ERROR_STOP=1 -h "$PGSOCK" -p "$PGPORT" -U kvperf_admin -d "$_pg_db" "$@"
}
pg_psql() { pg_psql_db kvperf "$@"; }

pg_uri() {
	if [ $# -ge 2 ]; then
		_pg_cred=$(_pg_enc "$2")
		[ $# -lt 3 ] || _pg_cred=$_pg_cred:$(_pg_enc "$3")
	else
		_pg_cred=kvperf_admin:$_pg_pw
	fi
	printf 'postgresql://%s@/%s?host=%s&port=%s\n' "$_pg_cred" \
		"$(_pg_enc "${1:-kvperf}")" "$(_pg_enc "$PGSOCK" /)" "$PGPORT"
}

pg_newdb() {
	pg_psql_db postgres "CREATE DATABASE $(_pg_ident "$1")" >/dev/null || return 1
	pg_uri "$1"
}

# The password goes to psql on its standard input, not on a command line.
pg_role() {
	_pg_secrets=$_pg_secrets$_pg_nl$2$_pg_nl$(_pg_enc "$2")
	printf 'CREATE ROLE %s LOGIN PASSWORD %s;\n' "$(_pg_ident "$1")" "$(_pg_lit "$2")" |
		pg_psql_db postgres >/dev/null
}

pg_redact() {
	_pg_t=$1
	_pg_rest=$_pg_secrets
	while [ -n "$_pg_rest" ]; do
		_pg_rest=${_pg_rest#"$_pg_nl"}
		_pg_w=${_pg_rest%%"$_pg_nl"*}
		_pg_rest=${_pg_rest#"$_pg_w"}
		[ -n "$_pg_w" ] || continue
		while :; do
			case $_pg_t in
			*"$_pg_w"*) _pg_t=${_pg_t%%"$_pg_w"*}'***'${_pg_t#*"$_pg_w"} ;;
			*) break ;;
			esac
		done
	done
	printf '%s\n' "$_pg_t"
}

pg_stop() {
	pg_running || return 0
	pg_as_server "$PG_BINDIR/pg_ctl" stop -D "$PG_DATADIR" -m fast -w -t 60 -s >/dev/null
}

pg_kill_server() {
	pg_running || return 0
	pg_as_server "$PG_BINDIR/pg_ctl" stop -D "$PG_DATADIR" -m immediate -w -t 60 -s >/dev/null
}

pg_restart() {
	[ -n "$PG_BASE" ] || { echo "# pg_restart: no server (pg_start first)"; return 1; }
	pg_kill_server || return 1
	_pg_up || { _pg_fail "the server did not start again"; return 1; }
}
