#!/usr/bin/env python3
"""Makes the KubeVirt object fixtures (synthetic: no real `kubectl get vmi
-o json` with timings is public).  The spec is KubeVirt's
examples/vmi-fedora-dedicated.yaml (Apache-2.0); the status fields follow
kubevirt.io/api core/v1 (VirtualMachineInstanceStatus,
VirtualMachineInstanceMigrationStatus).  Timestamps have one-second
resolution, as Kubernetes writes them.  Run: python3 make.py"""
import datetime, json, random

rng = random.Random(20261125)
t0 = datetime.datetime(2026, 11, 2, 9, 0, 0, tzinfo=datetime.timezone.utc)


def ts(t):
    return t.strftime('%Y-%m-%dT%H:%M:%SZ')


spec = {"domain": {"cpu": {"cores": 2, "dedicatedCpuPlacement": True},
                   "devices": {"disks": [{"disk": {"bus": "virtio"}, "name": "containerdisk"}]},
                   "resources": {"requests": {"memory": "1024M"}}},
        "terminationGracePeriodSeconds": 0,
        "volumes": [{"containerDisk": {"image": "registry:5000/kubevirt/fedora-with-test-tooling-container-disk:devel"},
                     "name": "containerdisk"}]}
items = []
for i in range(100):
    created = t0 + datetime.timedelta(seconds=i // 10)
    sched = created + datetime.timedelta(seconds=rng.randint(1, 4))
    scheduled = sched + datetime.timedelta(seconds=rng.randint(2, 9))
    running = scheduled + datetime.timedelta(seconds=rng.randint(5, 20))
    ptt = [{"phase": "Pending", "phaseTransitionTimestamp": ts(created)},
           {"phase": "Scheduling", "phaseTransitionTimestamp": ts(sched)},
           {"phase": "Scheduled", "phaseTransitionTimestamp": ts(scheduled)}]
    phase = "Scheduled"
    if i % 40 != 39:  # two VMIs never reach Running
        ptt.append({"phase": "Running", "phaseTransitionTimestamp": ts(running)})
        phase = "Running"
    items.append({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance",
                  "metadata": {"name": "vmi-fedora-%03d" % i, "namespace": "density",
                               "creationTimestamp": ts(created), "labels": {"special": "vmi-fedora"}},
                  "spec": spec,
                  "status": {"nodeName": "node%02d" % (2 + i % 2), "phase": phase,
                             "phaseTransitionTimestamps": ptt, "qosClass": "Guaranteed"}})
json.dump({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items},
          open('vmis-100.json', 'w'), indent=4)
one = json.loads(json.dumps(items[0]))
one["status"]["nodeName"] = "node03"
one["status"]["migrationState"] = {
    "startTimestamp": "2026-11-02T09:31:00Z", "endTimestamp": "2026-11-02T09:31:12Z",
    "completed": True, "sourceNode": "node02", "targetNode": "node03", "mode": "PreCopy",
    "migrationUid": "5b0f3d4e-8f7c-4f63-9a55-0c2b1f0e6c11"}
json.dump(one, open('vmi-one.json', 'w'), indent=4)

migs = []
for i in range(10):
    created = t0 + datetime.timedelta(minutes=30, seconds=20 * i)
    t = created
    ptt = []
    for p, lo, hi in (("Pending", 0, 0), ("Scheduling", 0, 1), ("Scheduled", 2, 6),
                      ("PreparingTarget", 0, 1), ("TargetReady", 1, 2), ("Running", 0, 1),
                      ("Succeeded", 4, 15)):
        t = t + datetime.timedelta(seconds=rng.randint(lo, hi))
        ptt.append({"phase": p, "phaseTransitionTimestamp": ts(t)})
    start = datetime.datetime.strptime(ptt[5]["phaseTransitionTimestamp"], '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc)
    phase = "Succeeded"
    state = {"startTimestamp": ts(start), "endTimestamp": ptt[6]["phaseTransitionTimestamp"],
             "completed": True, "sourceNode": "node02", "targetNode": "node03", "mode": "PreCopy"}
    if i == 7:  # one migration fails
        phase = "Failed"
        ptt[6]["phase"] = "Failed"
        state = {"startTimestamp": ts(start), "endTimestamp": ptt[6]["phaseTransitionTimestamp"],
                 "completed": True, "failed": True, "sourceNode": "node02", "targetNode": "node03"}
    migs.append({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstanceMigration",
                 "metadata": {"name": "migration-%02d" % i, "namespace": "density",
                              "creationTimestamp": ts(created)},
                 "spec": {"vmiName": "vmi-fedora-%03d" % i},
                 "status": {"phase": phase, "phaseTransitionTimestamps": ptt, "migrationState": state}})
json.dump({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": migs},
          open('vmims-10.json', 'w'), indent=4)
