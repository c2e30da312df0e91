#!/bin/sh
# bench_pg.sh - kvperf on PostgreSQL beside SQLite (issue #17), on a
# throwaway server this script starts and stops (tests/cli/pglib.sh, with
# PostgreSQL's durable defaults: fsync, full-page writes, WAL for
# replicas), printing its figures:
#
#   1. import of one file of 10^6 samples (10 runs x 100 metrics x 1000),
#      into a database that has the schema: wall time, samples/s, kvperf's
#      CPU and peak memory; best of 3, each into a fresh database;
#   2. 8 writers at once, each importing its own file of 250,000 samples,
#      into one database: total samples / wall time (SQLite beside: its
#      writers take turns);
#   3. a 10^7-sample study (2 configurations x 10 runs x 1000 benchmarks x 10
#      metrics x 50 samples, as bench_compare_scale's): imported on both
#      engines, pushed from SQLite to the server, then compare's default
#      (text) and --format json on both, best of 5; the JSON must be equal.
#
# usage: bench/bench_pg.sh BUILD/kvperf [WORKDIR]
#   (a release build: meson setup build-rel -Dbuildtype=release)
# WORKDIR (default /tmp/kvperf-bench-pg) keeps the generated inputs.
set -u
KVPERF=$(realpath "${1:?usage: bench/bench_pg.sh BUILD/kvperf [WORKDIR]}")
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
WORK=${2:-/tmp/kvperf-bench-pg}
export KVPERF SRCDIR
mkdir -p "$WORK"
. "$SRCDIR/tests/cli/lib.sh"
PG_DURABLE=1
. "$SRCDIR/tests/cli/pglib.sh"
pg_start || { echo "bench_pg: the server did not start" >&2; exit 1; }

# measure OUT CMD...: runs CMD; prints "wall user+sys maxrss_kb" into OUT.
measure() {
	_out=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$T/.time" "$@" >/dev/null 2>"$T/.merr" || {
		echo "bench_pg: failed: $*" >&2
		cat "$T/.merr" >&2
		exit 1
	}
	awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' "$T/.time" >"$_out"
}

# gen OUT RUNS METRICS SAMPLES SEED [CONFIG]: a native file.
gen() {
	python3 - "$@" <<'PY'
import json, random, sys
out, runs, metrics, samples, seed = sys.argv[1], *map(int, sys.argv[2:6])
config = sys.argv[6] if len(sys.argv) > 6 else "c"
rng = random.Random(seed)
doc = {"kvperf": 1, "config": config, "tool": "bench", "runs": [
    {"start_time": "2026-11-%02dT%02d:%02d:00Z" % (1 + seed % 28, r // 60, r % 60),
     "benchmarks": [{"name": "b%d" % (m // 10), "metrics": [
        {"name": "m%d" % (m % 10), "unit": "s", "direction": "lower",
         "samples": [round(rng.gauss(1.0, 0.05), 9) for _ in range(samples)]}]}
        for m in range(metrics)]}
    for r in range(runs)]}
with open(out, "w") as f:
    json.dump(doc, f)
PY
}

# best FILE...: the line of the smallest wall time among FILEs.
best() { cat "$@" | sort -n | head -1; }

# fresh_pg NAME: an empty database with kvperf's schema; prints its URI.
fresh_pg() {
	_u=$(pg_newdb "$1") || exit 1
	"$KVPERF" --db "$_u" import -q -c setup "$SRCDIR/tests/data/native/roundtrip.json" ||
		exit 1
	echo "$_u"
}
fresh_sqlite() {
	rm -f "$1" "$1"-*
	"$KVPERF" --db "$1" import -q -c setup "$SRCDIR/tests/data/native/roundtrip.json" || exit 1
}

echo "kvperf on PostgreSQL $("$PG_BINDIR/postgres" --version | awk '{print $3}') and SQLite, this machine ($(nproc) cores); $(date -u +%FT%TZ)"
echo "server: initdb defaults (fsync on, full_page_writes on, wal_level replica, shared_buffers 128MB), Unix socket"
echo

# 1. 10^6 samples, one file
[ -f "$WORK/m1.json" ] || gen "$WORK/m1.json" 10 100 1000 1
for i in 1 2 3; do
	u=$(fresh_pg "imp$i")
	measure "$T/pg1.$i" "$KVPERF" --db "$u" import "$WORK/m1.json"
	fresh_sqlite "$T/s1.db"
	measure "$T/sq1.$i" "$KVPERF" --db "$T/s1.db" import "$WORK/m1.json"
done
echo "## import of one file of 1,000,000 samples (best of 3)"
echo
echo "| engine | wall | samples/s | kvperf CPU | kvperf peak RSS |"
echo "|---|---|---|---|---|"
for e in pg1 sq1; do
	set -- $(best "$T/$e".*)
	name=PostgreSQL
	[ "$e" = sq1 ] && name=SQLite
	awk -v n="$name" -v w="$1" -v c="$2" -v m="$3" 'BEGIN {
		printf "| %s | %.2f s | %.0f | %.2f s | %.1f MB |\n", n, w, 1e6 / w, c, m / 1024 }'
done
echo

# 2. 8 writers at once
for w in 1 2 3 4 5 6 7 8; do
	[ -f "$WORK/w$w.json" ] || gen "$WORK/w$w.json" 5 50 1000 $((100 + w)) "c$w"
done
u=$(fresh_pg writers)
fresh_sqlite "$T/w.db"
for e in pg sq; do
	db=$u
	[ "$e" = sq ] && db=$T/w.db
	t0=$(date +%s.%N)
	pids=
	for w in 1 2 3 4 5 6 7 8; do
		"$KVPERF" --db "$db" import -q "$WORK/w$w.json" >"$T/w$w.out" 2>&1 &
		pids="$pids $!"
	done
	for p in $pids; do # (not a bare wait: pglib's watchdog is a child too)
		wait "$p"
	done
	t1=$(date +%s.%N)
	cat "$T"/w?.out >&2
	echo "$t0 $t1" >"$T/writers.$e"
done
n=$(pg_psql_db writers "SELECT count(*) FROM sample")
echo "## 8 writers at once, 250,000 samples each (2,000,000; $n samples in the server's database with the setup file's)"
echo
echo "| engine | wall | samples/s, all writers |"
echo "|---|---|---|"
for e in pg sq; do
	name=PostgreSQL
	[ "$e" = sq ] && name="SQLite (one file; writers take turns)"
	awk -v n="$name" '{ w = $2 - $1; printf "| %s | %.2f s | %.0f |\n", n, w, 2e6 / w }' "$T/writers.$e"
done
echo

# 3. 10^7 samples: import, push, compare
study=$WORK/study7
if [ ! -f "$study.done" ]; then
	rm -rf "$study" && mkdir -p "$study"
	for c in 0 1; do
		for r in 0 1 2 3 4 5 6 7 8 9; do
			python3 - "$study/c$c-r$r.json" "$c" "$r" <<'PY'
import json, random, sys
out, c, r = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(1000 * c + r)
doc = {"kvperf": 1, "config": "config%d" % c, "tool": "bench",
       "start_time": "2026-11-%02dT00:00:00Z" % (1 + r),
       "benchmarks": [{"name": "b%04d" % b, "metrics": [
           {"name": "m%d" % m, "unit": "s", "direction": "lower",
            "samples": [round(rng.gauss(1.0 + 0.02 * c * (b % 3), 0.05), 9) for _ in range(50)]}
           for m in range(10)]} for b in range(1000)]}
with open(out, "w") as f:
    json.dump(doc, f)
PY
		done
	done
	touch "$study.done"
fi
u7=$(pg_newdb big) || exit 1
rm -f "$T/big.db"
measure "$T/imp7.pg" "$KVPERF" --db "$u7" import "$study"
measure "$T/imp7.sq" "$KVPERF" --db "$T/big.db" import "$study"
u7p=$(pg_newdb pushed) || exit 1
measure "$T/push7" "$KVPERF" --db "$T/big.db" push --to "$u7p"
# settled first: no autovacuum of the 10^7 rows just written (into either
# database) runs beside the timed commands
pg_psql_db big "VACUUM ANALYZE" >/dev/null
pg_psql_db pushed "VACUUM ANALYZE" >/dev/null
pg_psql_db big "CHECKPOINT" >/dev/null
for i in 1 2 3 4 5; do
	measure "$T/c7.pg.$i" "$KVPERF" --db "$u7" compare --baseline config0
	measure "$T/c7.sq.$i" "$KVPERF" --db "$T/big.db" compare --baseline config0
	measure "$T/j7.pg.$i" "$KVPERF" --db "$u7" compare --baseline config0 --format json
	measure "$T/j7.sq.$i" "$KVPERF" --db "$T/big.db" compare --baseline config0 --format json
done
"$KVPERF" --db "$u7" compare --baseline config0 --format json >"$T/j.pg"
"$KVPERF" --db "$T/big.db" compare --baseline config0 --format json >"$T/j.sq"
"$KVPERF" --db "$u7p" compare --baseline config0 --format json >"$T/j.pushed"
same=no
cmp -s "$T/j.pg" "$T/j.sq" && cmp -s "$T/j.pg" "$T/j.pushed" && same=yes
size=$(pg_psql_db big "SELECT pg_size_pretty(pg_database_size('big'))")
echo "## 10^7 samples (2 configurations x 10 runs x 1000 benchmarks x 10 metrics x 50); compare's JSON equal on both engines and after push: $same"
echo
echo "| step | PostgreSQL | SQLite | PostgreSQL / SQLite |"
echo "|---|---|---|---|"
row() { # row NAME PGFILE SQFILE
	set -- "$1" $(best $2) $(best $3)
	awk -v n="$1" -v pw="$2" -v pc="$3" -v pm="$4" -v sw="$5" -v sc="$6" -v sm="$7" 'BEGIN {
		printf "| %s | %.2f s (CPU %.2f s, %.0f MB) | %.2f s (CPU %.2f s, %.0f MB) | %.2fx |\n",
			n, pw, pc, pm / 1024, sw, sc, sm / 1024, pw / sw }'
}
row "import of the 20 files" "$T/imp7.pg" "$T/imp7.sq"
row "compare (text), best of 5" "$T/c7.pg.*" "$T/c7.sq.*"
row "compare --format json, best of 5" "$T/j7.pg.*" "$T/j7.sq.*"
set -- $(cat "$T/push7")
echo "| push SQLite -> PostgreSQL | $1 s (CPU $2 s, $(($3 / 1024)) MB) | | |"
echo
echo "server database size at 10^7 samples: $size; SQLite file: $(($(stat -c %s "$T/big.db") / 1048576)) MB"
pg_stop
