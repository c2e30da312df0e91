# t-migrate.sh - a database written by kvperf 0.1.0 (schema version 1) is
# migrated forward on open, keeps every row, and ends with the same schema as
# a fresh database.
. "$SRCDIR/tests/cli/lib.sh"
restore() { python3 -c "
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.executescript(open(sys.argv[2]).read())
con.close()" "$1" "$SRCDIR/tests/data/db/v1.sql"; }
restore old.db
same "the fixture is at version 1" "$(sql old.db "pragma user_version")" "1"
before=$(sql old.db "select count(*) from sample")

run "$KVPERF" --db old.db runs
expect "opening it migrates it, silently" 0 ""
has "and lists what it holds" "$out" "baseline       15"
same "now at version 3" "$(sql old.db "pragma user_version")" "3"
same "every sample kept" "$(sql old.db "select count(*) from sample")" "$before"
same "every run's samples aggregated" "$(sql old.db "select sum(n), count(*) from run_metric")" \
	"$before|$(sql old.db "select count(*) from (select distinct run_id, metric_id from sample)")"
same "old metrics are samples" "$(sql old.db "select distinct kind from metric")" "sample"
same "every foreign key holds" "$(sql old.db "pragma foreign_key_check")" ""

# Migrated and fresh: the same tables, columns, types, defaults and keys.
"$KVPERF" --db fresh.db import -q "$SRCDIR/tests/data/native-sysbench"
schema() { python3 -c "
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for (t,) in con.execute(\"select name from sqlite_schema where type in ('table', 'view') order by name\"):
    cols = [r[1:] for r in con.execute('pragma table_info(\"%s\")' % t)]
    print(t, cols, [r[2:5] for r in con.execute('pragma foreign_key_list(\"%s\")' % t)])
print(sorted(r[0] for r in con.execute(\"select name from sqlite_schema where type = 'index'\")))" "$1"; }
same "migrated schema equals a fresh one" "$(schema old.db)" "$(schema fresh.db)"

run "$KVPERF" --db old.db compare -b baseline --format csv
expect "compare works on the migrated database" 0 ""
run "$KVPERF" --db old.db import -q "$SRCDIR/tests/data/native/roundtrip.json"
expect "and import" 0 ""

# A failed migration leaves the old database as it was: simulate with a
# read-only file.
restore ro.db
chmod 444 ro.db
if [ "$(id -u)" -eq 0 ]; then as="setpriv --reuid=65534 --regid=65534 --clear-groups"; else as=""; fi
chmod 777 "$T"
run $as "$KVPERF" --db ro.db runs
expect "a database that cannot be migrated is an error" 1
same "and stays at version 1" "$(sql ro.db "pragma user_version")" "1"

done_testing
