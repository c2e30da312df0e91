#!/bin/sh
# Makes a seed corpus for fuzz_formats from the real samples: each file once
# per format byte (0: detect), so every adapter starts from real input.
# usage: fuzz/seeds.sh OUT_DIR
set -eu
out=$1
mkdir -p "$out"
cd "$(dirname "$0")/.."
i=0
for f in $(find examples tests/data -type f \( -name '*.json' -o -name '*.txt' -o -name '*.yaml' -o -name '*.csv' \) | sort); do
	for b in $(seq 0 15); do
		{ printf "\\$(printf '%03o' "$b")"; cat "$f"; } >"$out/seed-$i-$b"
	done
	i=$((i + 1))
done
