# t-pgcrash.sh - a PostgreSQL server that stops (an immediate shutdown, as
# in a crash) in the middle of an import, at several moments: the importer
# exits 1 with one line that names the database without its password and
# says the connection was lost; after a restart the database holds either
# nothing of that file or the whole file, and importing it again gives the
# whole file once.  And an importer killed (SIGKILL) in the middle: nothing
# of its file remains, and a new import of it works.
[ -f "$SRCDIR/tests/cli/pglib.sh" ] || { echo "1..0 # SKIP no tests/cli/pglib.sh"; exit 0; }
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/pglib.sh"
. "$SRCDIR/tests/cli/pgcheck.sh"
pg_start || { not_ok "a PostgreSQL server starts"; done_testing; exit 1; }
small=$SRCDIR/examples/native

# 40 runs of 5 metrics x 2,000 samples: 400,000 samples, an import of a
# second or two here (many runs: the COPY of samples begins again for each)
python3 - <<'PY'
import random
rnd = random.Random(1)
vals = [",".join("%.3f" % rnd.uniform(1, 100) for _ in range(2000)) for _ in range(7)]
runs = []
for r in range(40):
    mets = ",".join('{"name": "m%d", "unit": "ms", "direction": "lower", "samples": [%s]}'
                    % (m, vals[(r + m) % 7]) for m in range(5))
    runs.append('{"labels": {"r": "%d"}, "benchmarks": [{"name": "b%d", "metrics": [%s]}]}'
                % (r, r % 3, mets))
with open("crash.json", "w") as f:
    f.write('{"kvperf": 1, "config": "crash", "tool": "t", "runs": [\n' + ",\n".join(runs) + "]}\n")
PY
sha=$(sha256sum crash.json | cut -d' ' -f1)
whole="imported 1 file (40 runs, 400000 samples)"

# gone PID: the process has ended (a zombie not waited for yet too).
gone() {
	st=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	case ${st##*) } in Z* | X*) return 0 ;; esac
	return 1
}
# finish PID: wait up to 60 s for PID (SIGKILL after that: 137), its
# status in $rc.
finish() {
	i=0
	while ! gone "$1" && [ "$i" -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	gone "$1" || kill -KILL "$1" 2>/dev/null
	wait "$1"
	rc=$?
}
# until_seen DB WHERE: poll (on the server, every 5 ms, up to 20 s) until a
# backend other than this one matches WHERE in pg_stat_activity; 3 if none.
until_seen() {
	pg_psql_db "$1" "DO \$\$ BEGIN
		FOR i IN 1 .. 4000 LOOP
			PERFORM pg_stat_clear_snapshot();
			IF EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid()
				AND application_name = 'kvperf' AND ($2)) THEN RETURN; END IF;
			PERFORM pg_sleep(0.005);
		END LOOP;
		RAISE EXCEPTION 'not seen: %', \$q\$$2\$q\$;
	END \$\$"
}
copying="query LIKE 'COPY sample%' AND state = 'active'"
# light DB: row counts of the tables and the sources' hashes (cheap with
# the large file in)
light() {
	pg_psql_db "$1" "select (select count(*) from source) || ' sources, ' ||
		(select count(*) from run) || ' runs, ' || (select count(*) from label) || ' labels, ' ||
		(select count(*) from benchmark) || ' benchmarks, ' || (select count(*) from metric) || ' metrics, ' ||
		(select count(*) from sample) || ' samples, ' || (select count(*) from run_metric) || ' aggregates'"
}
# no_orphans DB: no sample or aggregate of a run that is not there (sample
# has no foreign key on PostgreSQL)
orphans() {
	pg_psql_db "$1" "select count(*) from sample s where not exists (select 1 from run r where r.id = s.run_id)" \
		"select count(*) from run_metric a where not exists (select 1 from run r where r.id = a.run_id)" |
		tr '\n' ' '
}

# ---- the reference: a clean import, timed ----
# Each round's database holds a small import before: the file's runs and
# samples are not the first.
uri=$(pg_newdb ref)
"$KVPERF" --db "$uri" import -q "$small" >/dev/null 2>&1 || echo "Bail out! cannot import $small"
t0=$(date +%s%N)
run "$KVPERF" --db "$uri" import crash.json
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
expect "the large file imports" 0 ""
same "all of it" "$out" "$whole"
echo "# its import took $ms ms"
full=$(light ref)
pg_psql_db postgres "drop database ref"

# after DB WHAT: the database after a restart holds none or all of
# crash.json, then takes it whole once.
after() {
	now=$(light "$1")
	copies=$(pg_psql_db "$1" "select count(*) from source where sha256 = '$sha'")
	case $copies in
	0) same "$2: nothing of the file is there" "$(pg_digest "$1")" "$before" ;;
	1) same "$2: the whole file is there" "$now" "$full" ;;
	*) not_ok "$2: none or one copy of the file" "$copies sources with its hash: $now" ;;
	esac
	same "$2: no sample or aggregate without its run" "$(orphans "$1")" "0 0 "
	run "$KVPERF" --db "$uri" import crash.json
	if [ "$copies" = 0 ]; then
		expect "$2: importing it again works" 0 ""
		same "$2: ... all of it" "$out" "$whole"
	else
		expect "$2: importing it again skips it" 0
		same "$2: ... as already imported" "$out" "imported 0 files (0 runs, 0 samples), 1 already imported"
	fi
	same "$2: then it is there once, whole" "$(light "$1")" "$full"
}

# ---- the server stops ----
round=0
for moment in connected copying copying+0.3 copying+0.7 late; do
	round=$((round + 1))
	db=crash$round
	uri=$(pg_newdb "$db")
	shown=$(redact_uri "$uri")
	"$KVPERF" --db "$uri" import -q "$small" >/dev/null 2>&1 || echo "Bail out! cannot import $small"
	before=$(pg_digest "$db")
	"$KVPERF" --db "$uri" import crash.json >imp.out 2>imp.err &
	pid=$!
	case $moment in
	connected) until_seen "$db" "true" ;;
	copying) until_seen "$db" "$copying" ;;
	copying+*) until_seen "$db" "$copying" && sleep "$(awk "BEGIN { print ${moment#copying+} * $ms / 1000 }")" ;;
	late) until_seen "$db" "query LIKE 'COPY run_metric%' OR query LIKE 'SELECT config FROM run%' OR query = 'COMMIT'" ;;
	esac
	pg_kill_server
	finish "$pid"
	out=$(cat imp.out) err=$(pg_redact "$(cat imp.err)")
	if [ "$rc" -eq 0 ]; then
		# it committed before the server stopped (or it ended before
		# the moment came): the whole file must be there after the restart
		same "server stopped ($moment): the import had ended: all of it" "$out" "$whole"
	else
		same "server stopped ($moment): the import fails, exit 1, one line" \
			"$rc $(wc -l <imp.err)" "1 1"
		has "server stopped ($moment): ... naming the database without its password" \
			"$err" "kvperf: $shown: "
		# in kvperf's words at every moment, not only libpq's "server
		# closed the connection unexpectedly"
		has "server stopped ($moment): ... saying the connection was lost" "$err" \
			"the connection to the server was lost"
		same "server stopped ($moment): ... and no password" "$(pg_redact "$out $err")" "$out $err"
	fi
	run pg_restart
	expect "server stopped ($moment): it starts again" 0
	after "$db" "server stopped ($moment)"
	pg_psql_db postgres "drop database $db"
done

# ---- the importer is killed ----
for moment in copying copying+0.5; do
	round=$((round + 1))
	db=crash$round
	uri=$(pg_newdb "$db")
	"$KVPERF" --db "$uri" import -q "$small" >/dev/null 2>&1 || echo "Bail out! cannot import $small"
	before=$(pg_digest "$db")
	"$KVPERF" --db "$uri" import crash.json >imp.out 2>imp.err &
	pid=$!
	case $moment in
	copying) until_seen "$db" "$copying" ;;
	copying+*) until_seen "$db" "$copying" && sleep "$(awk "BEGIN { print ${moment#copying+} * $ms / 1000 }")" ;;
	esac
	kill -KILL "$pid"
	finish "$pid"
	same "importer killed ($moment): it died of SIGKILL" "$rc" 137
	# its server process ends when it reads the closed connection
	i=0
	while [ "$(pg_psql_db "$db" "select count(*) from pg_stat_activity where application_name = 'kvperf'")" != 0 ] &&
		[ "$i" -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	same "importer killed ($moment): its session ends" \
		"$(pg_psql_db "$db" "select count(*) from pg_stat_activity where application_name = 'kvperf'")" 0
	same "importer killed ($moment): nothing of the file is there" "$(pg_digest "$db")" "$before"
	after "$db" "importer killed ($moment)"
	pg_psql_db postgres "drop database $db"
done

done_testing
