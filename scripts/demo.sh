#!/bin/sh
# The main job on the bundled examples: installs what is missing, builds,
# imports examples/ into a fresh database (demo/kvperf.db), lists it,
# compares the constrained configuration with the baseline, and writes the
# PDF report (demo/report.pdf) and the workbook (demo/results.xlsx).
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -d build ] || meson setup build --buildtype=release >/dev/null
ninja -C build >/dev/null
rm -rf demo && mkdir demo
set -x
build/kvperf --db demo/kvperf.db import --config-from-dir examples/
build/kvperf --db demo/kvperf.db runs
build/kvperf --db demo/kvperf.db compare --baseline baseline
build/kvperf --db demo/kvperf.db compare --baseline baseline --format json >demo/compare.json
build/kvperf --db demo/kvperf.db report --baseline baseline -o demo/report.pdf
build/kvperf --db demo/kvperf.db report --baseline baseline -o demo/results.xlsx
