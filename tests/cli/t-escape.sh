# t-escape.sh - names that hold control characters never reach the terminal
# raw: runs, runs -v, compare (text, markdown, CSV) and error messages show
# them as \xNN; CSV cells that a spreadsheet would run as formulas start
# with a quote.
. "$SRCDIR/tests/cli/lib.sh"
db=$T/esc.db

# A title-setting and screen-clearing configuration name, and hostile
# benchmark, metric, parameter and label values: ESC, BEL, DEL, C1 (U+009B,
# CSI), a newline, a tab and a carriage return.
python3 - <<'PY'
import json
H = "\x1b]0;pwned\x07\x1b[2J"
def doc(cfg, host, level):
    bench = lambda i: [{"name": "bench\x1b[2J\nkvperf: fake", "params": {"p\x07": "=HYPERLINK(\"x\")"},
                        "metrics": [{"name": "met\u009b1m\rx", "unit": "s", "direction": "lower",
                                     "samples": [level + 0.01 * i, level + 0.02 * i + 0.1]}]}]
    return {"kvperf": 1, "config": cfg, "host": host, "tool": "t\x7fool",
            "labels": {"lab\x1bel": "v\u009bal\nue", "=cmd": "+SUM(1)", "tab": "\tx"},
            "runs": [{"benchmarks": bench(i)} for i in range(3)]}
json.dump(doc("base", "h\x1b[31m", 1.0), open("base.json", "w"))
json.dump(doc("cfg" + H + "end", "h2", 2.0), open("var.json", "w"))
json.dump(doc("x", "h3", 3.0), open("var2.json", "w"))
PY
run "$KVPERF" --db "$db" import -q base.json var.json
expect "a file of hostile names imports" 0
# -c with an invalid UTF-8 byte and a screen-clearing sequence.
bad_name=$(printf 'v\377\033[2Jx')
run "$KVPERF" --db "$db" import -q -c "$bad_name" var2.json
expect "import -c with a hostile name" 0

# clean FILE: no raw control character (C0 but newline, DEL, C1) and valid UTF-8.
clean() {
	python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    print("invalid UTF-8: %s" % e)
    sys.exit(1)
for no, line in enumerate(text.split("\n"), 1):
    bad = [c for c in line if ord(c) < 32 or 0x7f <= ord(c) <= 0x9f]
    if bad:
        print("line %d holds %s: %r" % (no, ", ".join("U+%04X" % ord(c) for c in bad), line))
        sys.exit(1)
PY
}

# check DESC WANT...: the last run's stdout is clean and holds every WANT
# (not in the test's name: dash's echo would interpret its backslashes).
check() {
	printf '%s\n' "$out" >"$T/.check"
	if msg=$(clean "$T/.check"); then
		ok "$1: no raw control character"
	else
		not_ok "$1: no raw control character" "$msg"
	fi
	shift
	i=0
	for want in "$@"; do
		i=$((i + 1))
		has "$desc: escaped form $i" "$out" "$want"
	done
}

esc_cfg='cfg\x1b]0;pwned\x07\x1b[2Jend'
run "$KVPERF" --db "$db" runs
expect "runs" 0 ""
desc=runs check runs "$esc_cfg" 'v\xff\x1b[2Jx'
same "runs: one line per configuration" "$(printf '%s\n' "$out" | wc -l)" 4
# right-aligned last column: every line as wide as the header, escapes counted
widths=$(printf '%s\n' "$out" | python3 -c 'import sys; print(len({len(l.rstrip("\n")) for l in sys.stdin}))')
same "runs: columns stay aligned (escapes counted by their width)" "$widths" 1

run "$KVPERF" --db "$db" runs -v
expect "runs -v" 0 ""
desc="runs -v" check "runs -v" "$esc_cfg" 'h\x1b[31m' 't\x7fool' 'lab\x1bel=v\xc2\x9bal\x0aue' \
	'tab=\x09x'
has "runs -v: the label stays on its line" "$out" "      labels: =cmd=+SUM(1) lab\\x1bel=v\\xc2\\x9bal\\x0aue tab=\\x09x"

# csvcheck DESC: the last run's stdout parses as CSV, every row as wide as
# the header, no field holding a line break.
csvcheck() {
	printf '%s\n' "$out" >"$T/.csv"
	if msg=$(python3 - "$T/.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
for r in rows:
    if len(r) != len(rows[0]):
        print("row of %d cells, header of %d: %r" % (len(r), len(rows[0]), r)); sys.exit(1)
    for c in r:
        if "\n" in c or "\r" in c:
            print("a cell holds a line break: %r" % c); sys.exit(1)
PY
	); then ok "$1: rows as wide as the header, no line break in a cell"; else not_ok "$1" "$msg"; fi
}

run "$KVPERF" --db "$db" runs --format csv
desc="runs csv" check "runs --format csv" "$esc_cfg"
csvcheck "runs --format csv"
run "$KVPERF" --db "$db" runs -v --format csv
desc="runs -v csv" check "runs -v --format csv" "$esc_cfg" 'h\x1b[31m'
csvcheck "runs -v --format csv"

run "$KVPERF" --db "$db" compare --baseline base
expect "compare" 0 ""
desc=compare check "compare (text)" "$esc_cfg" 'v\xff\x1b[2Jx' \
	't\x7fool bench\x1b[2J\x0akvperf: fake p\x07=\=HYPERLINK("x")' 'met\xc2\x9b1m\x0dx'
case "$out" in
*"
kvperf: fake"*) not_ok "compare (text): the newline in a name starts no line" ;;
*) ok "compare (text): the newline in a name starts no line" ;;
esac
has "compare (text): the method line names the variants escaped" "$out" \
	"baseline base; variants $esc_cfg, v\\xff\\x1b[2Jx;"

run "$KVPERF" --db "$db" compare --baseline base --fail-above 10
expect "compare --fail-above crossed" 3
out=$err
desc=gate check "compare --fail-above (stderr)" \
	"kvperf: $esc_cfg: t\\x7fool bench\\x1b[2J\\x0akvperf: fake p\\x07=\\=HYPERLINK(\"x\") met\\xc2\\x9b1m\\x0dx: overhead" \
	'kvperf: v\xff\x1b[2Jx: t\x7fool'
same "compare --fail-above: one line per crossing" "$(printf '%s\n' "$err" | wc -l)" 2

run "$KVPERF" --db "$db" compare --baseline base --format markdown
expect "compare --format markdown" 0 ""
desc=markdown check "compare (markdown)" "$esc_cfg" 'met\xc2\x9b1m\x0dx'

run "$KVPERF" --db "$db" compare --baseline base --format csv
expect "compare --format csv" 0 ""
desc=csv check "compare (CSV)" "$esc_cfg" 'met\xc2\x9b1m\x0dx'
csvcheck "compare --format csv"

run "$KVPERF" --db "$db" compare --baseline base --format json
expect "compare --format json" 0 ""
has "JSON keeps its own escapes" "$out" '"variant": "cfg\u001B]0;pwned\u0007\u001B[2Jend"'
desc=json check "compare (JSON)" '"metric": "met\u009b1m\rx"' '"tool": "t\u007fool"' \
	'"variant": "v\\xff\\x1b[2Jx"'
run "$KVPERF" --db "$db" runs -v --format json
expect "runs -v --format json" 0 ""
desc="runs json" check "runs -v (JSON)" '"config": "v\\xff\\x1b[2Jx"' '"lab\u001Bel": "v\u009bal\nue"'
same "runs -v (JSON): every configuration, the one that is not UTF-8 too" \
	"$(printf '%s\n' "$out" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["configs"]))')" 3

# Formula injection: cells starting with = + - @ get a leading quote; plain
# numbers (-1, -0.5, 1e-3, -inf) stay numbers.
python3 - <<'PY'
import json
def doc(cfg, samples):
    return {"kvperf": 1, "config": cfg, "tool": "+tool", "labels": {"=k": "@v"},
            "benchmarks": [{"name": "-bench", "params": {"n": "-0.5"},
                            "metrics": [{"name": "@metric", "unit": "s", "direction": "lower",
                                         "samples": samples}]}]}
json.dump(doc("@base", [1.0, 1.1, 1.2, 1.05]), open("f-base.json", "w"))
json.dump(doc("=2+3", [2.0, 2.1, 2.2, 2.05]), open("f-var.json", "w"))
json.dump(doc("-0.5", [0.5, 0.6, 0.55, 0.52]), open("f-num.json", "w"))
PY
fdb=$T/formula.db
run "$KVPERF" --db "$fdb" import -q f-base.json f-var.json f-num.json
expect "formula-like names import" 0
run "$KVPERF" --db "$fdb" compare --baseline @base --format csv
expect "compare --format csv of formula-like names" 0 ""
printf '%s\n' "$out" >"$T/f.csv"
got=$(python3 - "$T/f.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
for r in rows:
    # every cell under its own header (merge_kind once had none)
    float(r["min_detectable_pct"] or "nan")
    assert r["merge_kind"] in ("", "multiple", "reciprocal"), r
    print(r["variant"], r["tool"], r["benchmark"], r["params"], r["metric"], r["cliffs_delta"],
          "less" if float(r["change_pct"]) < 0 else "more")
PY
)
same "compare CSV: formula cells start with a quote, numbers stay numbers" "$got" \
	"-0.5 '+tool '-bench n=-0.5 '@metric 1 less
'=2+3 '+tool '-bench n=-0.5 '@metric -1 more"
run "$KVPERF" --db "$fdb" runs -v --format csv
printf '%s\n' "$out" >"$T/r.csv"
got=$(python3 - "$T/r.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")):
    print(r["config"], r["tool"], r["labels"])
PY
)
same "runs -v CSV: formula cells start with a quote" "$got" \
	"-0.5 '+tool '=k=@v
'=2+3 '+tool '=k=@v
'@base '+tool '=k=@v"

# Error messages: one line, whatever the file's name and content hold.
name=$(printf 'bad\nkvperf: fake\033[2J.json')
printf '{"kvperf": 1,' >"$name"
run "$KVPERF" --db "$db" import "$name"
expect "a file name with a newline and ESC: one line, escaped" 65 \
	'kvperf: bad\x0akvperf: fake\x1b[2J.json:1:13: string or '"'}'"' expected near end of file'
printf '{"kvperf": 1, "config": \033]0;pwned\007}' >content.json
run "$KVPERF" --db "$db" import content.json
expect "control characters in a file's content: one line, escaped" 65 \
	"kvperf: content.json:1:25: invalid token near '\\x1b'"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); d["error"] = "refused\x1b[2J\nkvperf: all is well\x9b"
json.dump(d, open("refused.json", "w"))' "$SRCDIR/tests/data/bad/iperf3-refused.json"
run "$KVPERF" --db "$db" import refused.json
expect "control characters in a message from the data: one line, escaped" 65 \
	'kvperf: refused.json: $.error: iperf3 reported an error, so this is a failed run: refused\x1b[2J\x0akvperf: all is well\xc2\x9b'
run "$KVPERF" --db "$db" runs --config "$(printf 'no\npe\033[2J')"
expect "runs --config of a missing hostile name: one line, escaped" 1 \
	"kvperf: no configuration 'no\\x0ape\\x1b[2J' in '$db'"
run "$KVPERF" "$(printf 'comp\033[2Jare')"
expect "an unknown command named with control characters: escaped" 2 \
	"kvperf: 'comp\\x1b[2Jare' is not a command; see 'kvperf help'"
run "$KVPERF" compare "$(printf -- '--bo\007gus')"
has "a usage error echoes the argument escaped" "$(printf '%s' "$err" | head -1)" \
	"kvperf: unknown option '--bo\\x07gus'"
mkdir notes && printf 'not a result\n' >"notes/$(printf 'x\nkvperf: fake\033[2J.txt')"
run "$KVPERF" --db "$db" import notes
same "a note about a file named with a newline and ESC is one escaped line" \
	"$(printf '%s' "$err" | grep -c 'fake')/$(printf '%s' "$err" | grep -c "$(printf '\033')")" "1/0"

done_testing
