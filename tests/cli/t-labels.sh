# t-labels.sh - run labels read from the formats that carry them (issue 16):
# fio's --description, KubeVirt CI's job and build in its path, kube-burner's
# uuid and user metadata; --label on the command line wins.
. "$SRCDIR/tests/cli/lib.sh"
F=$SRCDIR/tests/data/fio-desc
db=$T/l.db
labels() { sql "$1" "select key || '=' || value from label where run_id = $2 order by key" | tr '\n' ' '; }

run "$KVPERF" --db "$db" import -c nightly "$F/desc-jsonplus.json"
expect "fio json+ with a description imports" 0 ""
same "the description and its key=value words are labels, as in the file" "$(labels "$db" 1)" \
	"$(python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))['jobs'][0]['desc']
l = {'fio.description': d}
l.update(w.split('=', 1) for w in d.split() if '=' in w)
print(''.join('%s=%s ' % kv for kv in sorted(l.items())), end='')" "$F/desc-jsonplus.json")"
same "the two jobs of one name are one benchmark of two samples, without the description" \
	"$(sql "$db" "select name || ' ' || params from benchmark")/$(sql "$db" "select count(*) from samples_v where metric = 'read_iops'")" \
	"randread bs=4k,ioengine=psync,numjobs=2,runtime=1,rw=randread,size=8M/2"
run "$KVPERF" --db "$db" runs -v
has "runs -v shows them" "$out" "labels: commit=0a1b2c3 fio.description=commit=0a1b2c3 version=v1.5.0 nightly version=v1.5.0"

run "$KVPERF" --db "$db" import -c nightly --label version=v9 --label team=storage "$F/desc-json.json"
expect "fio json with a description and --label imports" 0 ""
same "--label overrides the file's version, the commit stays" "$(labels "$db" 2)" \
	"commit=9f8e7d6 fio.description=commit=9f8e7d6 version=v1.6.0 team=storage version=v9 "

# KubeVirt CI: the Prow job and build id from where the file is
K=$SRCDIR/tests/data/kubevirt-ci/results/periodic-kubevirt-e2e-k8s-1.34-sig-performance
run "$KVPERF" --db "$T/k.db" import -q -c k8s-1.34 "$K"
expect "a KubeVirt CI results tree imports" 0 ""
same "job, build id and Kubernetes version from its path" "$(labels "$T/k.db" 1)" \
	"ci.build=1976311910299078656 ci.job=periodic-kubevirt-e2e-k8s-1.34-sig-performance k8s.version=1.34 "
run "$KVPERF" --db "$T/k.db" import -q -c k8s-1.31 "$SRCDIR/examples/kubevirt-ci/k8s-1.31/1973171097830428672.json"
same "a file named by its build id" "$(labels "$T/k.db" 2)" "ci.build=1973171097830428672 "
run "$KVPERF" --db "$T/k2.db" import -q -c x --label ci.build=mine "$SRCDIR/examples/kubevirt-ci/k8s-1.31/1973171097830428672.json"
same "--label wins there too" "$(labels "$T/k2.db" 1)" "ci.build=mine "

# kube-burner: uuid, k8sVersion merged into jobSummary or in its metadata
B=$SRCDIR/tests/data/kube-burner
run "$KVPERF" --db "$T/b.db" import -q -c kb "$B/collected-metrics-f7c79fd5"
expect "kube-burner's metrics directory imports" 0 ""
same "uuid and k8s.version, as in jobSummary.json" \
	"$(sql "$T/b.db" "select key || '=' || value from label where key in ('uuid', 'k8s.version') order by key" | tr '\n' ' ')" \
	"$(python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))[0]
print('k8s.version=%s uuid=%s ' % (j['k8sVersion'], j['uuid']), end='')" "$B/collected-metrics-f7c79fd5/jobSummary.json")"
run "$KVPERF" --db "$T/b.db" import -q -c kb "$B/user-metadata/jobSummary.json"
expect "a jobSummary with a metadata object imports" 0 ""
same "its metadata are labels" \
	"$(sql "$T/b.db" "select key || '=' || value from label where run_id = 2 and key in ('uuid', 'k8s.version', 'kube-burner.platform', 'kube-burner.nodes', 'kube-burner.k8sVersion') order by key" | tr '\n' ' ')" \
	"k8s.version=v1.32.1 kube-burner.k8sVersion=v1.32.1 kube-burner.nodes=3 kube-burner.platform=baremetal uuid=0c5a7e1e-3f0b-4b8e-9a51-2d6f1c9b7e40 "
done_testing
