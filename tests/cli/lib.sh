# lib.sh - TAP helpers for kvperf's command-line tests.  Source it; set
# KVPERF (the binary) and SRCDIR (the source tree) in the environment.
set -u
: "${KVPERF:?}" "${SRCDIR:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/kvperf-cli-XXXXXX")
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 1
n=0
nfail=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); nfail=$((nfail + 1)); echo "not ok $n - $1"; shift
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
}

# run CMD...: stdout in $out, stderr in $err, exit status in $rc.
run() {
	"$@" >"$T/.out" 2>"$T/.err"
	rc=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}

# expect DESC RC [STDERR-LINE]: the last run exited RC and, if given, its
# stderr is exactly that one line.
expect() {
	if [ "$rc" -ne "$2" ]; then
		not_ok "$1" "exit status $rc, wanted $2" "stdout: $out" "stderr: $err"
	elif [ $# -ge 3 ] && [ "$err" != "$3" ]; then
		not_ok "$1" "stderr: $err" "wanted: $3"
	else
		ok "$1"
	fi
}

# has DESC TEXT NEEDLE: TEXT contains NEEDLE.
has() {
	case "$2" in
	*"$3"*) ok "$1" ;;
	*) not_ok "$1" "got: $2" "wanted it to contain: $3" ;;
	esac
}

# same DESC GOT WANT
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:  $2" "want: $3"; fi
}

# dbsum DB: row counts of every table and a hash of the whole content,
# read with Python's own sqlite3 module (independent of kvperf).
dbsum() {
	python3 - "$1" <<'PY'
import hashlib, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in con.execute("select name from sqlite_schema where type='table' order by name")]
counts = " ".join("%s=%d" % (t, con.execute("select count(*) from %s" % t).fetchone()[0]) for t in tables)
print(counts, hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()[:16])
PY
}

# sql DB QUERY: the query's rows, read with Python's sqlite3, '|' between columns.
sql() {
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PY
}

# bad DESC FILE STDERR [ARGS...]: import FILE into $db fails with 65 and
# exactly STDERR, and $db's contents still hash to $before.
bad() {
	desc=$1 file=$2 want=$3; shift 3
	run "$KVPERF" --db "$db" import -c x "$@" "$file"
	expect "$desc: exit 65, one line" 65 "$want"
	same "$desc: database unchanged" "$(dbsum "$db")" "$before"
}

# mutate SRC OUT EXPR: OUT is SRC's JSON after the Python statements EXPR on d.
mutate() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); $3; json.dump(d, open(sys.argv[2], 'w'))" "$1" "$2"; }

# have DESC CHECK...: runs CHECK (a command that succeeds when a test tool is
# there).  When it is missing, a local run prints why the tests that need it
# are skipped and returns 1; under KVPERF_TEST_STRICT=1 (scripts/test.sh,
# which installs every tool, so CI always runs them) a missing tool fails.
have() {
	desc=$1; shift
	"$@" >/dev/null 2>&1 && return 0
	if [ "${KVPERF_TEST_STRICT:-0}" = 1 ]; then
		not_ok "$desc is installed (KVPERF_TEST_STRICT=1)" "missing: $*"
	else
		echo "# skipping the tests that need $desc: not installed (scripts/install-deps.sh --tests installs it)"
	fi
	return 1
}

# skip DESC REASON: a TAP test that was not run, with the reason.
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# need DESC CHECK...: like have, but the whole script needs it: without it,
# the script ends here (a plan of 1..0 with the reason, or a failure when
# KVPERF_TEST_STRICT=1).
need() {
	desc=$1; shift
	"$@" >/dev/null 2>&1 && return 0
	if [ "${KVPERF_TEST_STRICT:-0}" = 1 ]; then
		not_ok "$desc is installed (KVPERF_TEST_STRICT=1)" "missing: $*"
		done_testing
		exit 1
	fi
	echo "1..0 # SKIP $desc is not installed (scripts/install-deps.sh --tests installs it)"
	exit 0
}

done_testing() {
	echo "1..$n"
	[ "$nfail" -eq 0 ]
}
