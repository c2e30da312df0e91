# t-pgconcurrent.sh - many importers at once into one PostgreSQL database
# (issue #17): 8 importers of overlapping sets of files, started together
# into a new database (so the first of them also creates the schema), all
# succeed; every file is there once, each imported by one of them and
# skipped by the others; no benchmark, metric, run or sample is doubled;
# and compare says what it says after one sequential import into SQLite.
# Three rounds.  Then two importers of the same large file: one copy.
[ -f "$SRCDIR/tests/cli/pglib.sh" ] || { echo "1..0 # SKIP no tests/cli/pglib.sh"; exit 0; }
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/pglib.sh"
. "$SRCDIR/tests/cli/pgcheck.sh"
pg_start || { not_ok "a PostgreSQL server starts"; done_testing; exit 1; }
S=$SRCDIR/examples/samples
# an importer that waits for ever is a failure (124), not a hung test
tmo() { timeout -k 5 120 "$@"; }

# ---- the reference: one sequential import into SQLite ----
"$KVPERF" --db ref.db import -q --config-from-dir "$S" || echo "Bail out! cannot import $S"
"$KVPERF" --db ref.db compare -b baseline --format json >ref.json
"$KVPERF" --db ref.db runs >ref.runs
sqlite_rows ref.db >ref.rows
nfiles=$(sql ref.db "select count(*) from source")
nsamples=$(sql ref.db "select count(*) from sample")
same "the reference holds every file of the samples" "$nfiles" "$(find "$S" -type f | wc -l)"

# doubled DB: the keys that appear more than once (none: empty).
doubled() {
	pg_psql_db "$1" \
		"select 'source ' || sha256 from source group by sha256 having count(*) > 1" \
		"select 'run ' || source_id || '/' || seq from run group by source_id, seq having count(*) > 1" \
		"select 'benchmark ' || tool || ' ' || name || ' ' || params from benchmark
			group by tool, name, params having count(*) > 1" \
		"select 'metric ' || benchmark_id || ' ' || name from metric group by benchmark_id, name
			having count(*) > 1" \
		"select 'sample ' || run_id || '/' || metric_id || '/' || seq from sample
			group by run_id, metric_id, seq having count(*) > 1" \
		"select 'run_metric ' || run_id || '/' || metric_id from run_metric
			group by run_id, metric_id having count(*) > 1" \
		"select 'label ' || run_id || ' ' || key from label group by run_id, key having count(*) > 1"
}

# ---- 8 importers of overlapping sets ----
# Each file goes to 2, 3 or 4 of the 8 sets; each set in its own order.
find "$S" -type f | sort >files
for round in 1 2 3; do
	python3 - "$round" <<'PY'
import random, sys
rnd = random.Random(int(sys.argv[1]))
files = [s.rstrip("\n") for s in open("files")]
sets = [[] for _ in range(8)]
for i, f in enumerate(files):
    for k in rnd.sample(range(8), 2 + i % 3):
        sets[k].append(f)
for k, s in enumerate(sets):
    rnd.shuffle(s)
    open("set%d" % k, "w").write("".join(f + "\n" for f in s))
PY
	memberships=$(cat set? | wc -l)
	uri=$(pg_newdb "round$round")
	pids=
	for k in 0 1 2 3 4 5 6 7; do
		# shellcheck disable=SC2046
		tmo "$KVPERF" --db "$uri" import --config-from-dir $(cat set$k) >out$k 2>err$k &
		pids="$pids $!"
	done
	rcs=
	for p in $pids; do
		wait "$p"
		rcs="$rcs $?"
	done
	same "round $round: 8 importers at once into a new database all exit 0" "$rcs" " 0 0 0 0 0 0 0 0"
	same "round $round: ... and print no error" \
		"$(pg_redact "$(cat err? | grep -v '^kvperf: note: .*: already imported (as .*), skipped$')")" ""
	# "imported N files (R runs, S samples), K already imported"
	same "round $round: each file imported by one of them, skipped by the others" \
		"$(cat out? | sed 's/[^0-9]\{1,\}/ /g' | awk '{f += $1; s += $3; k += $4} END {print f, s, k}')" \
		"$nfiles $nsamples $((memberships - nfiles))"
	same "round $round: every file once, every sample" \
		"$(pg_psql_db "round$round" "select count(*), count(distinct sha256), (select count(*) from sample) from source")" \
		"$nfiles|$nfiles|$nsamples"
	same "round $round: no source, run, benchmark, metric, sample or label doubled" \
		"$(doubled "round$round")" ""
	pg_rows "round$round" >rows
	if cmp -s rows ref.rows; then
		ok "round $round: the same rows as the sequential import into SQLite"
	else
		not_ok "round $round: the same rows as the sequential import into SQLite" \
			"$(diff ref.rows rows | tr '\037' '|' | head -n 10)"
	fi
	tmo "$KVPERF" --db "$uri" compare -b baseline --format json >cmp.json 2>cmp.err
	# The importers commit in their own order, so run ids differ from the
	# sequential import's, and compare takes an exact multiple's factor
	# from the first run and sums some run values in id order: the last
	# digits of merge_factor and df may differ (on SQLite too, for files
	# imported in another order).  Everything else must be equal, every
	# text and verdict exactly, every number to 1e-9 relative.
	if [ -s cmp.json ] && { cmp -s cmp.json ref.json || python3 - ref.json cmp.json <<'PY'; }; then
import json, math, sys
def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and \
            math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-300)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b
sys.exit(0 if same(*(json.load(open(f)) for f in sys.argv[1:3])) else 1)
PY
		ok "round $round: compare --format json as after the sequential import into SQLite"
	else
		not_ok "round $round: compare --format json as after the sequential import into SQLite" \
			"$(pg_redact "$(cat cmp.err)")" "the members that differ (< SQLite, > PostgreSQL): $(diff ref.json cmp.json |
				sed -n 's/^\([<>]\) *"\([^"]*\)".*/\1 \2/p' | sort | uniq -c | tr -s ' \n' ' ')" \
			"$(diff ref.json cmp.json | head -n 10)"
	fi
	tmo "$KVPERF" --db "$uri" runs >runs.out 2>&1
	same "round $round: runs as after the sequential import" "$(cat runs.out)" "$(cat ref.runs)"
done

# ---- two importers of the same large file ----
python3 - <<'PY'
import json, random
rnd = random.Random(5)
runs = [{"labels": {"i": i}, "benchmarks": [{"name": "b%d" % (i % 4), "params": {"bs": "4k"},
         "metrics": [{"name": "m%d" % m, "unit": "ms", "direction": "lower",
                      "samples": [round(rnd.uniform(1, 9), 6) for _ in range(1000)]}
                     for m in range(5)]}]} for i in range(40)]
json.dump({"kvperf": 1, "config": "big", "tool": "t", "runs": runs}, open("big.json", "w"))
PY
"$KVPERF" --db big.db import -q big.json || echo "Bail out! big.json does not import into SQLite"
sqlite_rows big.db runs aggregates >bigref.rows
for round in 1 2 3; do
	uri=$(pg_newdb "big$round")
	tmo "$KVPERF" --db "$uri" import big.json >a.out 2>a.err &
	pa=$!
	tmo "$KVPERF" --db "$uri" import big.json >b.out 2>b.err &
	pb=$!
	wait "$pa"
	ra=$?
	wait "$pb"
	rb=$?
	same "same file twice at once, round $round: both exit 0" "$ra $rb" "0 0"
	same "round $round: one imports it, the other skips it" "$(cat a.out b.out | sort)" \
		"imported 0 files (0 runs, 0 samples), 1 already imported
imported 1 file (40 runs, 200000 samples)"
	# (a note when it found the file before it began, none when it
	# waited for the other's transaction)
	same "round $round: no error" "$(cat a.err b.err | grep -v "^kvperf: note: big.json: already imported (as 'big.json'), skipped\$")" ""
	same "round $round: one copy" \
		"$(pg_psql_db "big$round" "select count(*), (select count(*) from run), (select count(*) from sample),
			(select count(*) from benchmark), (select count(*) from metric) from source")" \
		"1|40|200000|4|20"
	same "round $round: nothing doubled" "$(doubled "big$round")" ""
	pg_rows "big$round" runs aggregates >big.rows
	if cmp -s big.rows bigref.rows; then
		ok "round $round: its runs and their aggregates as on SQLite"
	else
		not_ok "round $round: its runs and their aggregates as on SQLite" \
			"$(diff bigref.rows big.rows | tr '\037' '|' | head -n 5)"
	fi
done

same "no deadlock in the server's log" "$(grep -i deadlock "$PG_LOG")" ""
done_testing
