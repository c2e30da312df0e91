#!/bin/sh
# Converts sysbench 1.0 text reports (cpu and memory tests) into one kvperf
# native file: one run per report.  sysbench's built-in tests print only
# text, so this is the "few lines of shell" the native format is for.
#
# usage: sysbench-to-native.sh CONFIG [KEY=VALUE...] -- REPORT... > out.json
#
# The files in tests/data/native-sysbench/ were made from the sysbench reports in
# ../shared/samples/sysbench (S below), with this script run from contrib/:
#   ./sysbench-to-native.sh baseline cpuset=0-1 competing_load=none -- \
#       $S/baseline/cpu-threads*.txt $S/baseline/memory-block1M-*.txt
set -eu
config=$1; shift
labels=""
while [ "$1" != "--" ]; do
	labels="$labels${labels:+, }\"${1%%=*}\": \"${1#*=}\""; shift
done
shift
printf '{\n  "kvperf": 1,\n  "config": "%s",\n  "tool": "sysbench",\n' "$config"
printf '  "tool_version": "1.0.20",\n  "labels": {%s},\n  "runs": [\n' "$labels"
sep=""
for f in "$@"; do
	printf '%s' "$sep"; sep=",
"
	awk -v file="$(basename "$f")" '
	/^Number of threads:/        { threads = $4 }
	/^CPU speed:/                { test = "cpu" }
	/Running memory speed test/  { test = "memory" }
	/^  block size:/             { block = $3 }
	/events per second:/         { eps = $4 }
	/MiB transferred/            { sub(/^\(/, "", $4); rate = $4 }
	/^ *avg:/ && !lat_avg        { lat_avg = $2 }
	/95th percentile:/           { lat_p95 = $3 }
	END {
		if (test == "cpu") {
			params = sprintf("{\"threads\": %d}", threads)
			m = sprintf("{\"name\": \"events_per_second\", \"unit\": \"events/s\", \"direction\": \"higher\", \"samples\": [%s]}", eps)
		} else {
			params = sprintf("{\"threads\": %d, \"block_size\": \"%s\"}", threads, block)
			m = sprintf("{\"name\": \"transfer_rate\", \"unit\": \"MiB/s\", \"direction\": \"higher\", \"samples\": [%s]}", rate)
		}
		printf "    {\"labels\": {\"report\": \"%s\"}, \"benchmarks\": [{\"name\": \"%s\", \"params\": %s, \"metrics\": [\n", file, test, params
		printf "      %s,\n", m
		printf "      {\"name\": \"latency_avg\", \"unit\": \"ms\", \"direction\": \"lower\", \"samples\": [%s]},\n", lat_avg
		printf "      {\"name\": \"latency_p95\", \"unit\": \"ms\", \"direction\": \"lower\", \"samples\": [%s]}]}]}", lat_p95
	}' "$f"
done
printf '\n  ]\n}\n'
