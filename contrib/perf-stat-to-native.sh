#!/bin/sh
# kvperf now reads perf stat -j and -x output itself (format perf-stat,
# docs/formats.md), with the same result; this converter stays for the
# native files it made (examples/native/) and for older kvperf releases.
#
# Converts `perf stat -j` output files (one JSON object per counter, after a
# "# started on" line: not one JSON document) into one kvperf native file,
# one run per file.  Counters perf could not read ("<not supported>") are
# left out.
#
# usage: perf-stat-to-native.sh CONFIG BENCHMARK -- FILE... > out.json
#
# examples/native/ was made from ../shared/samples/perf-stat (S below):
#   ./perf-stat-to-native.sh baseline gzip9 -- $S/baseline/gzip9-r*.json
set -eu
config=$1 bench=$2; shift 2; [ "$1" = "--" ] && shift
printf '{\n  "kvperf": 1,\n  "config": "%s",\n  "tool": "perf-stat",\n  "runs": [\n' "$config"
sep=""
for f in "$@"; do
	printf '%s' "$sep"; sep=",
"
	started=$(sed -n 's/^# started on //p' "$f" | head -n 1)
	iso=$(date -u -d "$started" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || true)
	printf '    {%s"benchmarks": [{"name": "%s", "metrics": [\n' \
		"${iso:+\"start_time\": \"$iso\", }" "$bench"
	grep '^{' "$f" | grep -v '<not supported>' | sed -n \
		's/.*"counter-value" : "\([^"]*\)", "unit" : "\([^"]*\)", "event" : "\([^"]*\)".*/\3|\2|\1/p' |
		awk -F"|" 'BEGIN { first = 1 }
		{ unit = $2 == "msec" ? "ms" : ($2 == "" ? "count" : $2)
		  printf "%s      {\"name\": \"%s\", \"unit\": \"%s\", \"direction\": \"lower\", \"samples\": [%s]}",
			first ? "" : ",\n", $1, unit, $3; first = 0 }
		END { printf "\n" }'
	printf '    ]}]}'
done
printf '\n  ]\n}\n'
