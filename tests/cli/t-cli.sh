# t-cli.sh - help, version, usage errors, exit codes, database selection, man page.
. "$SRCDIR/tests/cli/lib.sh"

run "$KVPERF" --help
expect "--help exits 0" 0 ""
has "--help shows the synopsis" "$out" "usage: kvperf [--db <path>] <command> [<args>]"
for cmd in import runs compare report push pull formats help version; do
	has "--help lists '$cmd'" "$out" "  $cmd "
done

run "$KVPERF" help import
expect "help import exits 0" 0 ""
help_import=$out
run "$KVPERF" import --help
expect "import --help exits 0" 0 ""
same "help import and import --help agree" "$out" "$help_import"
has "import usage names --keep-going" "$out" "--keep-going"

version=$(sed -n "s/^  version : '\(.*\)',$/\1/p" "$SRCDIR/meson.build")
run "$KVPERF" version
same "version prints meson's project version" "$out" "kvperf $version"
run "$KVPERF" --version
same "--version agrees" "$out" "kvperf $version"

run "$KVPERF" comapre
expect "an unknown command is a usage error, with the command meant" 2 "kvperf: 'comapre' is not a command; did you mean 'compare'? See 'kvperf help'"
run "$KVPERF" impor
expect "a letter short: did you mean" 2 "kvperf: 'impor' is not a command; did you mean 'import'? See 'kvperf help'"
run "$KVPERF" xyzzy
expect "nothing close: no guess" 2 "kvperf: 'xyzzy' is not a command; see 'kvperf help'"
run "$KVPERF" compare --basline base
expect "a mistyped option: did you mean, and one line of usage, not the page" 2 "kvperf: unknown option '--basline'; did you mean '--baseline'?
usage: kvperf compare --baseline <config> [--variant <config>]... [--confidence <level>]
See 'kvperf compare --help'."
run "$KVPERF" report -b x -o r.pdf --adjst=bh
has "an option with =value: the name is compared" "$err" "kvperf: unknown option '--adjst=bh'; did you mean '--adjust'?"
run "$KVPERF" --dbb x.db runs
expect "a mistyped global option" 2 "kvperf: unknown option '--dbb'; did you mean '--db'?
usage: kvperf [--db <path>] <command> [<args>]
See 'kvperf help'."
run "$KVPERF"
expect "no command is a usage error" 2
has "no command prints the usage on stderr" "$err" "usage: kvperf"
same "no command prints nothing on stdout" "$out" ""
run "$KVPERF" import
expect "import without paths is a usage error" 2
has "import without paths says why" "$err" "kvperf: no file or directory given"
has "and prints the synopsis" "$err" "usage: kvperf import"
run "$KVPERF" import --bogus x.json
expect "an unknown option is a usage error" 2
has "naming the option" "$err" "kvperf: unknown option '--bogus'"
run "$KVPERF" import --config
expect "an option without its value is a usage error" 2
has "naming the option" "$err" "option '--config' needs a value"
run "$KVPERF" import --label novalue x.json
expect "--label without = is a usage error" 2
run "$KVPERF" runs --format xml
expect "runs --format xml is a usage error" 2
has "naming the formats" "$err" "--format must be text, csv or json, not 'xml'"
run "$KVPERF" help nosuch
expect "help of an unknown command" 2 "kvperf: 'nosuch' is not a command; see 'kvperf help'"

run "$KVPERF" --db "$T/none.db" runs
expect "runs without a database fails" 66 "kvperf: no database at '$T/none.db'; import something first, or give --db"

# Database selection: --db, else $KVPERF_DB, else ./kvperf.db.
f=$SRCDIR/tests/data/native/roundtrip.json
mkdir -p cwd && cd cwd
run "$KVPERF" import -q "$f"
expect "import with no --db and no KVPERF_DB" 0
[ -f kvperf.db ] && ok "it writes ./kvperf.db" || not_ok "it writes ./kvperf.db"
cd "$T"
KVPERF_DB=$T/env.db run "$KVPERF" import -q "$f"
[ -f env.db ] && ok "\$KVPERF_DB selects the database" || not_ok "\$KVPERF_DB selects the database"
KVPERF_DB=$T/env.db run "$KVPERF" --db "$T/opt.db" import -q "$f"
[ -f opt.db ] && ok "--db beats \$KVPERF_DB" || not_ok "--db beats \$KVPERF_DB"
KVPERF_DB=$T/env.db run "$KVPERF" runs --db "$T/opt2.db"
expect "--db after the command works too" 66 "kvperf: no database at '$T/opt2.db'; import something first, or give --db"

run "$KVPERF" formats
expect "formats exits 0" 0 ""
has "formats lists native" "$out" "native"

# The man page documents every command and every long option of every command.
sed 's/\\-/-/g' "$SRCDIR/doc/kvperf.1" >man.txt
for cmd in import runs compare report push pull formats help version; do
	grep -q "^\.SS $cmd\$" man.txt && ok "man page has a section for '$cmd'" ||
		not_ok "man page has a section for '$cmd'"
	for opt in $("$KVPERF" help "$cmd" | grep -o -- '--[a-z-]*' | sort -u); do
		grep -qF -- "$opt" man.txt && ok "man page documents $cmd $opt" ||
			not_ok "man page documents $cmd $opt"
	done
done

done_testing
