#!/bin/sh
# The main job on the bundled examples: installs what is missing, builds,
# imports examples/samples and examples/native into a fresh database
# (demo/kvperf.db), lists it, compares the constrained configuration with the
# baseline, and writes the PDF report (demo/report.pdf) and the workbook
# (demo/results.xlsx); then the KubeVirt CI study: examples/kubevirt-ci into
# demo/kubevirt.db, Kubernetes 1.34 against 1.31, and demo/kubevirt.pdf.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -d build ] || meson setup build --buildtype=release >/dev/null
ninja -C build >/dev/null
rm -rf demo && mkdir demo
set -x
build/kvperf --db demo/kvperf.db import --config-from-dir examples/samples examples/native
build/kvperf --db demo/kvperf.db runs
build/kvperf --db demo/kvperf.db compare --baseline baseline
build/kvperf --db demo/kvperf.db compare --baseline baseline --format json >demo/compare.json
build/kvperf --db demo/kvperf.db report --baseline baseline -o demo/report.pdf
build/kvperf --db demo/kvperf.db report --baseline baseline -o demo/results.xlsx
build/kvperf --db demo/kubevirt.db import --quiet --config-from-dir examples/kubevirt-ci
build/kvperf --db demo/kubevirt.db compare --baseline k8s-1.31 --match vmiCreationToRunning
build/kvperf --db demo/kubevirt.db report --baseline k8s-1.31 -o demo/kubevirt.pdf --title "KubeVirt CI: Kubernetes 1.34 against 1.31"
