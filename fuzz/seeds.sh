#!/bin/sh
# Makes the seed corpora of the fuzz targets from the real samples (examples/,
# tests/data/, and ../shared/samples-public/ when it is there: read locally,
# never committed):
#
#   OUT_DIR/formats  every input file once per format byte (0: detection,
#                    1..N: the formats `kvperf formats` lists), so every
#                    adapter starts from real input
#   OUT_DIR/vmi      VMI, VM and List documents, YAML and JSON
#   OUT_DIR/dir      archives of directory trees (see fuzz/fuzz_dir.c):
#                    results/<config>/ layouts, kube-burner's collected-metrics
#                    directory, every tests/data directory, links and FIFOs
#
# usage: fuzz/seeds.sh BUILD_DIR OUT_DIR   (BUILD_DIR holds the kvperf to ask)
set -eu
build=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
cd "$(dirname "$0")/.."
shared=../shared/samples-public
[ -d "$shared" ] || shared=

nformats=$("$build/kvperf" formats | grep -c '^[^ ]')
mkdir -p "$out/formats" "$out/vmi" "$out/dir"

# Result files: examples and tests/data (not the statistics golden files or
# SQL), then the public samples.
inputs() {
	find examples tests/data $shared -type f \
		\( -name '*.json' -o -name '*.ndjson' -o -name '*.txt' -o -name '*.yaml' \
		-o -name '*.csv' -o -name '*.log' \) \
		! -path '*/stats-golden/*' ! -path '*/db/*' | sort
}

# ---- formats: one byte, then the file
i=0
for f in $(inputs); do
	b=0
	while [ "$b" -le "$nformats" ]; do
		{
			# shellcheck disable=SC2059 # the format is the byte, in octal
			printf "\\$(printf '%03o' "$b")"
			cat "$f"
		} >"$out/formats/seed-$i-$b"
		b=$((b + 1))
	done
	i=$((i + 1))
done

# ---- vmi: the documents as they are, and a few shapes the samples lack
for f in tests/data/vmi/* tests/data/kubevirt-objects/vmi-one.json "$shared"/kubevirt-vmi-spec/*; do
	case $f in *.yaml | *.json) cp "$f" "$out/vmi/$(basename "$f")" ;; esac
done
cat >"$out/vmi/vm.yaml" <<'EOF'
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: vm-numa
  namespace: perf
spec:
  running: true
  template:
    spec:
      domain:
        ioThreadsPolicy: auto
        machine:
          type: q35
        cpu:
          model: host-passthrough
          sockets: 1
          cores: 4
          threads: 2
          dedicatedCpuPlacement: true
          isolateEmulatorThread: true
          realtime: {}
          numa:
            guestMappingPassthrough: {}
        memory:
          guest: 8Gi
          hugepages:
            pageSize: 1Gi
        resources:
          requests:
            memory: 8Gi
status:
  nodeName: worker-1
EOF
cat >"$out/vmi/list.yaml" <<'EOF'
apiVersion: v1
kind: List
items:
- kind: VirtualMachineInstance
  metadata: {name: a, namespace: x}
  spec: {domain: {cpu: {cores: 2}}}
  status: {nodeName: n1}
- kind: VirtualMachineInstance
  metadata: {name: b, namespace: x}
  spec: {domain: {cpu: {cores: 4}}}
  status: {nodeName: n2}
EOF
printf '{"kind": "List", "items": []}\n' >"$out/vmi/empty-list.json"
printf '%s\n' --- 'kind: VirtualMachineInstance' 'metadata:' '  name: one' --- 'kind: Pod' \
	>"$out/vmi/two-docs.yaml"

# ---- dir: archives.  add NAME FILE appends one entry; a header line is
# "=== NAME", and "\n=== " starts the next, so the file keeps its bytes.
add() {
	if [ -s "$arc" ]; then
		printf '\n' >>"$arc"
	fi
	printf '=== %s\n' "$1" >>"$arc"
	if [ $# -gt 1 ]; then
		cat "$2" >>"$arc"
	fi
}
# start NAME FLAGS: a new archive; FLAGS is the options byte (octal), then
# the format byte 0 (detection).
start() {
	arc=$out/dir/$1
	# shellcheck disable=SC2059 # the format is the options byte, in octal
	printf "\\$2\\000" >"$arc"
}

# results/<config>/<file>: the first three runs of each configuration of
# each sample tool, with --config-from-dir (1), and with --config, imported
# twice (2 + 64).
for tool in examples/samples/*/ examples/perf-stat/ examples/opensearch/; do
	[ -d "$tool" ] || continue
	t=$(basename "$tool")
	for flags in 001 102; do
		start "samples-$t-$flags" "$flags"
		for cfg in "$tool"*/; do
			c=$(basename "$cfg")
			for f in $(find "$cfg" -type f | sort | head -n 3); do
				add "results/$c/$(basename "$f")" "$f"
			done
		done
	done
done
# every tests/data directory as a tree, --config fuzz
for d in tests/data/*/; do
	n=$(basename "$d")
	case $n in stats-golden | db | kube-burner) continue ;; esac
	start "data-$n" 002
	for f in $(find "$d" -type f -size -64k ! -name '*.py' ! -name '*.sql' | sort); do
		add "${f#tests/data/}" "$f"
	done
done
# kube-burner: the collected-metrics directory (one import), beside loose
# measurement files; then the directory alone, given as its own path (32).
start kube-burner 002
for f in tests/data/kube-burner/collected-metrics-*/* tests/data/kube-burner/docs/*; do
	add "kb/${f#tests/data/kube-burner/}" "$f"
done
start kube-burner-top 042
for f in tests/data/kube-burner/collected-metrics-*/*; do
	add "collected-metrics/$(basename "$f")" "$f"
done
# kubevirt-ci's own layout: k8s-<version>/<build>.json
start kubevirt-ci 001
for f in $(find examples/kubevirt-ci -name '*.json' | sort | head -n 4); do
	add "${f#examples/kubevirt-ci/}" "$f"
done
# what the walk must get right: hidden files, empty directories, a link
# loop, a link to a file, a FIFO, binary and empty files, --keep-going (4)
# and --dry-run (16)
f=examples/native/perf-stat-gzip9-baseline.json
start odd 026
add "a/.hidden.json" "$f"
add "a/empty/"
add "a/loop -> a"
add "a/link.json -> b/run.json"
add "a/pipe |"
add "b/run.json" "$f"
add "b/zero.bin" /dev/null
printf '\000\001binary' >"$out/dir/.bin"
add "b/x.bin" "$out/dir/.bin"
rm -f "$out/dir/.bin"
start deep 002
add "1/2/3/4/5/6/7/8/run.json" "$f"
start max-size 012
add "big/run.json" examples/samples/fio/baseline/randread-bs4k-r1.json
add "small/run.json" "$f"

count() { find "$1" -type f | wc -l; }
echo "seeds: $(count "$out/formats") formats, $(count "$out/vmi") vmi," \
	"$(count "$out/dir") dir in $out"
