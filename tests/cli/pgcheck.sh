# pgcheck.sh - what the PostgreSQL tests (t-pg*.sh) read back from a
# database, independently of kvperf: source it after lib.sh and pglib.sh.
#
#   pg_digest [DB]        every table's row count and a hash of its rows
#                         (in order), on one line; "(no tables)" when the
#                         database has none.  Two equal digests: the same
#                         content (identity sequences aside).
#   pg_rows DB [TABLE...] pgrows.py's lines of the tables (sources, runs,
#                         labels, params, samples, aggregates; default: all)
#                         on database DB
#   sqlite_rows FILE [TABLE...]  the same lines from a SQLite file
#   redact_uri URI        URI as kvperf shows it: without user:PASSWORD's
#                         password and without a password= parameter
: "${PG_BINDIR:?pgcheck.sh: source pglib.sh first}"
PGROWS=$SRCDIR/tests/cli/pgrows.py

pg_digest() {
	_pd_db=${1:-kvperf}
	# one query that counts and hashes each table of the schema, in
	# the tables' order
	_pd_q=$(pg_psql_db "$_pd_db" "SELECT string_agg(format(
		'SELECT %L || ''='' || count(*) || '':'' || md5(coalesce(string_agg(x::text, E''\\n'' ORDER BY x::text), '''')) FROM %I x',
		tablename, tablename), ' UNION ALL ' ORDER BY tablename)
		FROM pg_tables WHERE schemaname = current_schema()") || return 1
	if [ -z "$_pd_q" ]; then
		echo "(no tables)"
		return 0
	fi
	pg_psql_db "$_pd_db" "SELECT string_agg(d, ' ' ORDER BY d) FROM ($_pd_q) t (d)"
}

pg_rows() {
	_pr_db=$1
	shift
	pg_psql_db "$_pr_db" "$(python3 "$PGROWS" sql "$@")" | python3 "$PGROWS" pg
}
sqlite_rows() { python3 "$PGROWS" sqlite "$@"; }

redact_uri() {
	printf '%s\n' "$1" | sed -e 's|^\(postgres[a-z]*://[^:@/?]*\):[^@/?]*@|\1@|' \
		-e 's/\([?&]\)password=[^&#]*&/\1/; s/[?&]password=[^&#]*//'
}
