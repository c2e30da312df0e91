# t-stream.sh - kvperf's native format read run by run (issue 15): the same
# rows as the in-memory read, top-level members after "runs", errors at the
# run's path or at the line and column of the whole file, the database
# unchanged after a bad file; and the progress line (issue 14) on a terminal
# only.
. "$SRCDIR/tests/cli/lib.sh"
tmo() { timeout -k 5 "$@"; }

# runs of 5 metrics x 200 samples; the file's config, tool and labels after "runs"
python3 - <<'PY'
import json
def run(i):
    return {"host": "h%d" % i, "labels": {"i": i}, "benchmarks": [{"name": "b%d" % (i % 3),
        "params": {"bs": "4k"}, "metrics": [{"name": "m%d" % m, "unit": "ms", "direction": "lower",
        "samples": [round(1 + (i * 7 + m * 3 + k) % 97 / 10, 3) for k in range(200)]}
        for m in range(5)]}]}
runs = [run(i) for i in range(300)]
tail = '"config": "late", "tool": "t", "labels": {"file": "x", "i": "top"}, "tool_version": "1"'
with open("big.json", "w") as f:
    f.write('{"kvperf": 1, "runs": [\n' + ",\n".join(json.dumps(r) for r in runs) + "],\n" + tail + "}\n")
bad = [json.dumps(r) for r in runs[:5]]
bad[3] = bad[3].replace('"lower"', '"lower" "x"', 1)
with open("syntax.json", "w") as f:
    f.write('{"kvperf": 1, "tool": "t", "runs": [\n' + ",\n".join(bad) + "]}\n")
sem = [dict(r) for r in runs[:5]]
sem[2]["benchmarks"][0]["metrics"][1]["samples"][7] = "oops"
with open("semantic.json", "w") as f:
    f.write('{"kvperf": 1, "tool": "t", "runs": [\n' + ",\n".join(json.dumps(r) for r in sem) + "]}\n")
PY

# rows DB: each run's metadata, labels, samples and their sum
rows() {
	sql "$1" "select r.config, r.host, r.tool, r.tool_version,
		(select group_concat(key || '=' || value, ',') from (select * from label l
			where l.run_id = r.id order by key)),
		count(*), sum(s.value) from run r join sample s on s.run_id = r.id
		group by r.id order by r.id"
}

run tmo 60 "$KVPERF" --db file.db import big.json
expect "a native file with runs is imported from the file" 0 ""
same "every run and sample" "$out" "imported 1 file (300 runs, 300000 samples)"
# a pipe this small is read into memory, as before streaming: the reference
cat big.json | tmo 60 "$KVPERF" --db pipe.db import - >.out 2>.err
rc=$?; out=$(cat .out); err=$(cat .err)
expect "the same content piped is read in memory" 0 ""
same "the same rows either way (config and tool given after runs)" "$(rows file.db)" "$(rows pipe.db)"
has "the file's defaults reached the runs" "$(rows file.db >rows.txt; sed -n 1p rows.txt)" "late|h0|t|1|file=x,i=0|1000|"

before=$(dbsum file.db)
run tmo 30 "$KVPERF" --db file.db import -c x syntax.json
expect "a syntax error in run 3 is at the line and column of the whole file" 65 \
	"kvperf: syntax.json:5:$(awk 'NR==5 {print index($0, "\"lower\" \"x\"") + 10; exit}' syntax.json): '}' expected near '\"x\"'"
run tmo 30 "$KVPERF" --db file.db import -c x semantic.json
expect "a bad value names its run in the path" 65 \
	"kvperf: semantic.json: \$.runs[2].benchmarks[0].metrics[1].samples[7]: expected a finite number, got a string"
same "bad files leave the database unchanged" "$(dbsum file.db)" "$before"
run tmo 30 "$KVPERF" --db file.db import big.json
expect "the same file again is skipped by its hash" 0 "kvperf: note: big.json: already imported (as 'big.json'), skipped"

# ---- progress (issue 14) ----
if command -v script >/dev/null; then
	cmd="(head -c 1000 big.json; sleep 1.5; tail -c +1001 big.json) | '$KVPERF' --db '$T/p1.db' import -"
	tmo 60 script -qec "$cmd" /dev/null >pty.out 2>&1
	p=$(tr '\r' '\n' <pty.out)
	has "a slow pipe shows the bytes read on a terminal" "$p" "reading <stdin>: 1000 bytes"
	has "the line is cleared before the summary" "$(cat pty.out)" "$(printf '\r\033[K')imported 1 file"
	tmo 60 script -qec "(head -c 1000 big.json; sleep 1; tail -c +1001 big.json) | '$KVPERF' --db '$T/p2.db' import -q -" /dev/null >pty.out 2>&1
	same "--quiet: nothing on a terminal" "$(cat pty.out)" ""
else
	ok "# SKIP script(1) is not installed"
fi
(head -c 1000 big.json; sleep 1; tail -c +1001 big.json) | tmo 60 "$KVPERF" --db p3.db import - >.out 2>.err
rc=$?; err=$(cat .err)
expect "stderr that is a file gets no progress" 0 ""

done_testing
