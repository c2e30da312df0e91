# t-pggrowth.sh - the sample table partitioned by run_id, as docs/scale.md
# says a fleet's store grows (issue #17): kvperf imports, copies and reads
# through the partitions as through one table, every partition gets its
# rows and its index, and the answers equal SQLite's; a detached (archived)
# partition leaves compare and trend as they were (they read run_metric)
# and makes report say, on one line, that a run's samples are gone.
[ -f "$SRCDIR/tests/cli/pglib.sh" ] || { echo "1..0 # SKIP no tests/cli/pglib.sh"; exit 0; }
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/pglib.sh"
. "$SRCDIR/tests/cli/pgcheck.sh"
pg_start || { not_ok "a PostgreSQL server starts"; done_testing; exit 1; }
export SOURCE_DATE_EPOCH=1795569000 COLUMNS=200
E=$SRCDIR/examples
u=$PG_ADMIN_URI

# The tables, then sample partitioned by ranges of 40 runs (a default
# partition for what comes after), before the study is imported.
run "$KVPERF" --db "$u" import -q -c setup "$SRCDIR/tests/data/native/roundtrip.json"
expect "the first import makes the tables" 0 ""
views=$(pg_psql "SELECT string_agg(format('CREATE VIEW %I AS %s', viewname, definition), E'\n'
	ORDER BY viewname) FROM pg_views WHERE schemaname = 'public'")
pg_psql "BEGIN;
DROP VIEW samples_v, runs_v, metrics_v;
ALTER TABLE sample RENAME TO sample_plain;
CREATE TABLE sample (LIKE sample_plain INCLUDING ALL) PARTITION BY RANGE (run_id);
CREATE TABLE sample_p0 PARTITION OF sample FOR VALUES FROM (MINVALUE) TO (40);
CREATE TABLE sample_p1 PARTITION OF sample FOR VALUES FROM (40) TO (80);
CREATE TABLE sample_p2 PARTITION OF sample FOR VALUES FROM (80) TO (120);
CREATE TABLE sample_p3 PARTITION OF sample FOR VALUES FROM (120) TO (160);
CREATE TABLE sample_pd PARTITION OF sample DEFAULT;
INSERT INTO sample SELECT * FROM sample_plain;
DROP TABLE sample_plain;
$views
COMMIT;" >/dev/null
same "sample is partitioned, with the index on (run_id, metric_id) in each partition" \
	"$(pg_psql "SELECT c.relkind, (SELECT count(*) FROM pg_inherits i JOIN pg_index x ON x.indrelid = i.inhrelid WHERE i.inhparent = c.oid) FROM pg_class c WHERE c.relname = 'sample'")" "p|5"

run "$KVPERF" --db "$u" import -q --config-from-dir "$E/samples" "$E/native"
expect "the study imports into the partitioned table" 0 ""
"$KVPERF" --db s.db import -q -c setup "$SRCDIR/tests/data/native/roundtrip.json"
"$KVPERF" --db s.db import -q --config-from-dir "$E/samples" "$E/native"
same "every partition holds samples" \
	"$(pg_psql "SELECT count(*) FILTER (WHERE n > 0) FROM (SELECT (SELECT count(*) FROM sample_p0) n UNION ALL SELECT count(*) FROM sample_p1 UNION ALL SELECT count(*) FROM sample_p2 UNION ALL SELECT count(*) FROM sample_p3 UNION ALL SELECT count(*) FROM sample_pd) t")" 5
same "and together every sample, as on SQLite" "$(pg_psql "SELECT count(*) FROM sample")" \
	"$(sql s.db "select count(*) from sample")"

# parity: PostgreSQL through partitions against SQLite
for args in "compare --baseline baseline --format json" "compare --baseline baseline --bootstrap 200 --format json" \
	"trend --format json" "runs -v"; do
	"$KVPERF" --db "$u" $args >pg.out 2>pg.err
	"$KVPERF" --db s.db $args >sq.out 2>sq.err
	if cmp -s pg.out sq.out && cmp -s pg.err sq.err; then
		ok "$args: the same through partitions as on SQLite"
	else
		not_ok "$args: the same through partitions as on SQLite" "$(diff sq.out pg.out | head -5)"
	fi
done
"$KVPERF" --db "$u" report -q --baseline baseline -o pg.pdf
"$KVPERF" --db s.db report -q --baseline baseline -o sq.pdf
same "report: the same pages" "$(pdftotext pg.pdf - | md5sum)" "$(pdftotext sq.pdf - | md5sum)"
run "$KVPERF" --db s.db push --to "$(pg_newdb pushed)"
expect "push into a second server database" 0
run "$KVPERF" --db "$u" pull --from "$u" --db pulled.db
expect "pull reads the partitions" 0
same "pull gets every sample" "$(sql pulled.db "select count(*) from sample")" \
	"$(sql s.db "select count(*) from sample")"

# archive the oldest runs' samples: detach their partition
"$KVPERF" --db "$u" compare --baseline baseline --format json >before.json
"$KVPERF" --db "$u" trend --format json >trend-before.json 2>/dev/null
pg_psql "ALTER TABLE sample DETACH PARTITION sample_p0" >/dev/null
run "$KVPERF" --db "$u" compare --baseline baseline --format json
same "compare after a partition is detached: the same answer (from run_metric)" \
	"$(printf '%s\n' "$out" | md5sum)" "$(md5sum <before.json)"
run "$KVPERF" --db "$u" trend --format json
same "trend too" "$(printf '%s\n' "$out" | md5sum)" "$(md5sum <trend-before.json)"
run "$KVPERF" --db "$u" report -q --baseline baseline -o gone.pdf
if [ "$rc" -eq 65 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]; then
	has "report then says on one line that a run's samples are gone" "$err" "holds other samples of metric"
else
	not_ok "report then says on one line that a run's samples are gone" "exit $rc" "stderr: $err"
fi
done_testing
