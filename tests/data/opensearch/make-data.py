#!/usr/bin/env python3
"""Writes the OpenSearch test files of this folder (see README.md).

Run from anywhere: python3 tests/data/opensearch/make-data.py.  The output
is deterministic; the files are committed, this script says how they were
made.
"""
import copy
import datetime
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
KB = os.path.join(ROOT, "tests", "data", "kube-burner", "collected-metrics-f7c79fd5")
SAMPLES = os.path.join(ROOT, "examples", "samples")


def load(path):
    with open(path) as f:
        return json.load(f)


def write(name, text):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(text)


def hits(index, docs, first_id=1):
    """The hits of a _search response, with ids and scores as OpenSearch gives them."""
    return [{"_index": index, "_id": "%020d" % (first_id + i), "_score": 1.0, "_source": d}
            for i, d in enumerate(docs)]


def response(hit_list, total=None, scroll_id=None):
    r = {}
    if scroll_id is not None:
        r["_scroll_id"] = scroll_id
    r.update({"took": 7, "timed_out": False,
              "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
              "hits": {"total": {"value": total if total is not None else len(hit_list),
                                 "relation": "eq"},
                       "max_score": 1.0, "hits": hit_list}})
    return r


def ndjson(items):
    return "".join(json.dumps(x, separators=(",", ":")) + "\n" for x in items)


# --- kube-burner: the collected-metrics directory's documents, as its
# OpenSearch indexer sends them, plus metrics of a metrics profile and an
# alert (shapes: kube-burner pkg/prometheus/types.go, pkg/alerting).
UUID = "f7c79fd5-58e7-4719-a710-7633ffb20491"
kb = []
for name in ("jobSummary.json", "vmiLatencyMeasurement-virt-density.json",
             "vmiLatencyQuantilesMeasurement-virt-density.json", "vmiCPU-virt-density.json"):
    kb += load(os.path.join(KB, name))
query = "sum(irate(container_cpu_usage_seconds_total{container=\"compute\"}[2m])) by (namespace, pod)"
for ts, pod, v in (("2024-11-26T12:58:30Z", "virt-launcher-virt-density-27-zkfdt", 0.0374),
                   ("2024-11-26T12:58:30Z", "virt-launcher-virt-density-28-9xq2m", 0.0411),
                   ("2024-11-26T12:59:00Z", "virt-launcher-virt-density-27-zkfdt", 0.0352),
                   ("2024-11-26T12:59:00Z", "virt-launcher-virt-density-28-9xq2m", 0.0398)):
    kb.append({"timestamp": ts, "labels": {"namespace": "virt-density", "pod": pod},
               "value": v, "uuid": UUID, "query": query, "metricName": "vmiCPU",
               "jobName": "virt-density", "metadata": {"k8sVersion": "v1.31.2"}})
node_query = "sum(irate(node_cpu_seconds_total[2m])) by (mode,instance) > 0"
for ts, mode, v in (("2024-11-26T12:58:30Z", "user", 0.3300880234732172),
                    ("2024-11-26T12:58:30Z", "system", 0.0912),
                    ("2024-11-26T12:59:00Z", "user", 0.31978102677038506),
                    ("2024-11-26T12:59:00Z", "system", 0.0874)):
    kb.append({"timestamp": ts, "labels": {"instance": "y37-h25-000-r740xd", "mode": mode},
               "value": v, "uuid": UUID, "query": node_query, "metricName": "nodeCPU",
               "jobName": "virt-density"})
kb.append({"timestamp": "2024-11-26T12:59:10Z", "uuid": UUID, "severity": "warning",
           "description": "5m etcd fsync latency p99 above 10ms", "metricName": "alert"})

kb_hits = hits("kube-burner", kb)
write("kube-burner-search.json", json.dumps(response(kb_hits), indent=2) + "\n")
# elasticdump --type=data: one hit per line (no _score in newer releases; kept)
write("kube-burner-elasticdump.ndjson", ndjson(kb_hits))
# elasticdump --sourceOnly: the documents alone
write("kube-burner-source.ndjson", ndjson(kb))

# A scroll of two pages (as a JSON array): a second uuid split across them,
# and a third uuid that has metrics only (no measurement, no jobSummary).
UUID2 = "3c0e5a8e-2d4b-4b8e-9a6e-5f2b7c1d9e01"
UUID3 = "9b7a0f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
second = []
for d in load(os.path.join(KB, "vmiLatencyMeasurement-virt-density.json")):
    d = dict(d, uuid=UUID2, vmiRunningLatency=d["vmiRunningLatency"] - 20000,
             vmiSchedulingLatency=abs(d["vmiSchedulingLatency"]) % 100000 + 100000)
    second.append(d)
summary2 = dict(load(os.path.join(KB, "jobSummary.json"))[0], uuid=UUID2,
                timestamp="2024-11-27T09:10:00.000Z", endTimestamp="2024-11-27T09:14:31.000Z",
                elapsedTime=271)
third = [{"timestamp": ts, "labels": {"namespace": "virt-density"}, "value": v, "uuid": UUID3,
          "query": "sum(irate(container_cpu_usage_seconds_total[2m])) by (namespace)",
          "metricName": "vmiCPU", "jobName": "virt-density"}
         for ts, v in (("2024-11-28T10:00:00Z", 0.51), ("2024-11-28T10:00:30Z", 0.47))]
page1 = response(hits("kube-burner", [summary2, second[0]], 100), 5, "FGluY2x1ZGVfY29udGV4dF91dWlk")
page2 = response(hits("kube-burner", [second[1]] + third, 102), 5, "FGluY2x1ZGVfY29udGV4dF91dWlk")
write("kube-burner-scroll.json", json.dumps([page1, page2], indent=2) + "\n")

# --- benchmark-wrapper (snafu) documents, as benchmark-operator indexes them.
USER, CLUSTER = "ripsaw", "kubevirt-perf"
SNAFU_UUID = "6f3b1c2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c"

# uperf: snafu/benchmarks/uperf/uperf.py (UperfConfig + UperfStat + metadata,
# "workload", and run_snafu's run_id); one document per 1-second interval.
uperf = []
profiles = [("stream", "tcp", 64, 64, 1, [(1209876480, 18904320), (1213661184, 18963456),
                                          (1198133248, 18720832)]),
            ("rr", "tcp", 64, 64, 1, [(3271680, 25560), (3314048, 25891), (3233792, 25264)])]
t0 = 1732626301962
for iteration in (0, 1):
    for test, proto, wsize, rsize, nthr, points in profiles:
        total_b = total_o = 0
        for k, (nb, no) in enumerate(points):
            nb += iteration * 4096
            no += iteration * 32
            ts = t0 + iteration * 60000 + (0 if test == "stream" else 20000) + (k + 1) * 1000
            total_b += nb
            total_o += no
            # snafu: datetime.fromtimestamp(ms / 1000).isoformat(), the pod's
            # local time without an offset (UTC in the pod)
            iso = datetime.datetime.fromtimestamp(ts / 1000, datetime.timezone.utc).replace(
                tzinfo=None).isoformat()
            uperf.append({
                "test_type": test, "protocol": proto, "message_size": wsize,
                "read_message_size": rsize, "num_threads": nthr, "duration": 3, "kind": "vm",
                "hostnetwork": "False", "remote_ip": "10.128.2.42", "client_ips": "10.128.2.41",
                "service_ip": "False", "service_type": "", "port": "30000",
                "client_node": "worker-0", "server_node": "worker-1", "num_pairs": "",
                "multus_client": "", "networkpolicy": "", "density": "", "nodes_in_iter": "",
                "step_size": "", "colocate": "", "density_range": [], "node_range": [],
                "pod_id": None,
                "uperf_ts": iso, "timestamp": iso, "bytes": total_b, "norm_byte": nb,
                "ops": total_o, "norm_ops": no, "norm_ltcy": round(1000.0 / no * 1000, 6),
                "iteration": iteration,
                "cluster_name": CLUSTER, "user": USER, "uuid": SNAFU_UUID,
                "workload": "uperf", "run_id": "NA"})
write("uperf.ndjson", ndjson(hits("ripsaw-uperf-results", uperf)))

# fio: snafu/fio_wrapper/trigger_fio.py (_document_payload): one document per
# client_stats entry; here one client, whose entry is the job of our own fio
# runs (examples/samples/fio/baseline/randread-bs64k-r2.json and -r3.json)
# with the client's hostname and port, as fio --client writes it.
fio = []
for sample, name in ((1, "randread-bs64k-r2.json"), (2, "randread-bs64k-r3.json")):
    out = load(os.path.join(SAMPLES, "fio", "baseline", name))
    entry = copy.deepcopy(out["jobs"][0])
    entry["hostname"] = "10.128.2.15"
    entry["port"] = 8765
    fio.append({"uuid": SNAFU_UUID, "user": USER, "cluster_name": CLUSTER,
                "hosts": ["10.128.2.15"], "fio-version": out["fio version"],
                "timestamp_end": out["timestamp"] * 1000, "sample": sample, "fio": entry,
                "global_options": {"directory": "/var/lib/fio",
                                   "filename_format": "f.$jobnum.$filenum"},
                "run_id": "NA"})
fio_log = {"uuid": SNAFU_UUID, "user": USER, "host": "10.128.2.15", "cluster_name": CLUSTER,
           "job_number": 1, "fio-version": "fio-3.33",
           "job_options": fio[0]["fio"]["job options"], "job_name": "randread-bs64k",
           "log_file": "/tmp/fiod/randread-bs64k/bw_bw.1.log.10.128.2.15", "sample": 1,
           "log_name": "bw", "timestamp": fio[0]["timestamp_end"] + 1000,
           "date": "2026-11-25T01:13:00.000000Z", "bandwidth": 538368,
           "data_direction": "read", "block_size": 65536, "offset": 0, "run_id": "NA"}
fio_hits = hits("ripsaw-fio-results", fio) + hits("ripsaw-fio-log", [fio_log], 3)
write("fio-search.json", json.dumps(response(fio_hits), indent=2) + "\n")


# sysbench: snafu/sysbench_wrapper/trigger_sysbench.py's summary, made here
# from our own sysbench 1.0.20 reports (examples/samples/sysbench/baseline):
# every report line with a colon, spaces removed, under the last "section:"
# line ("...options:" lines start the section "options"); a number where the
# section is not options; "(avg/stddev)" pairs split; memory's "transferred".
def snafu_sysbench(text, test):
    res, section = {}, None
    for line in text.replace(" ", "").splitlines():
        if "transferred" in line and test == "memory":
            total, rate = line.split("transferred")
            res["transferred(MiB)"] = float(total.replace("MiB", ""))
            res["transferredpersec(MiB/sec)"] = float(re.sub("[()]", "", rate).replace("MiB/sec", ""))
        if ":" not in line:
            continue
        key, value = line.split(":")
        if value == "":
            section = "options" if "options" in key else key
            res[section] = {}
        elif section is None:
            res[key] = float(value)
        elif "(avg/stddev)" in key:
            avg, sd = value.split("/")
            res[section][key.replace("(avg/stddev)", "")] = {"avg": float(avg), "stddev": float(sd)}
        elif "Totaloperations" in key and "persecond" in value:
            ops, rate = value.split("(")
            res[section]["Totaloperations"] = float(ops)
            res[section]["Totaloperationspersecond"] = float(rate.replace("persecond)", ""))
        elif "totaltime" in key:
            res[section][key + "(seconds)"] = float(value.replace("s", ""))
        elif "option" not in section:
            res[section][key] = float(value)
        else:
            res[section][key] = value
    return res


sysbench = []
tests = [("cpu", "cpu-threads1-r%d.txt", {"test": "cpu", "cpu-max-prime": "10000", "threads": "1",
                                          "time": "3"}),
         ("memory", "memory-block1M-r%d.txt", {"test": "memory", "memory-block-size": "1M",
                                               "memory-total-size": "100G", "threads": "1",
                                               "time": "3"}),
         ("fileio", "fileio-rndrw-r%d.txt", {"test": "fileio", "file-num": "4",
                                             "file-total-size": "64M",
                                             "file-test-mode": "rndrw", "time": "3"})]
def sysbench_docs(config, samples, uuid):
    docs = []
    for sample in samples:
        for k, (test, pattern, cfg) in enumerate(tests):
            with open(os.path.join(SAMPLES, "sysbench", config, pattern % sample)) as f:
                text = f.read()
            docs.append({"uuid": uuid, "user": USER, "cluster_name": CLUSTER,
                         "date": "2026-11-25T01:1%d:%02d.000000Z" % (sample + 3, 10 * k),
                         "sample": sample, "test_config": cfg,
                         "test_results": snafu_sysbench(text, test), "run_id": "NA"})
    return docs


write("sysbench.ndjson", ndjson(sysbench_docs("baseline", (1, 2), SNAFU_UUID)))


# --- examples/opensearch: what benchmark-operator would have indexed had it
# run our own fio and sysbench runs (examples/samples, both configurations,
# all five repetitions), as elasticdump writes the two indices.
def fio_docs(config, name, samples, uuid):
    docs = []
    for sample in samples:
        out = load(os.path.join(SAMPLES, "fio", config, "%s-r%d.json" % (name, sample)))
        entry = copy.deepcopy(out["jobs"][0])
        entry["hostname"], entry["port"] = "10.128.2.15", 8765
        docs.append({"uuid": uuid, "user": USER, "cluster_name": CLUSTER,
                     "hosts": ["10.128.2.15"], "fio-version": out["fio version"],
                     "timestamp_end": out["timestamp"] * 1000, "sample": sample, "fio": entry,
                     "global_options": {"directory": "/var/lib/fio",
                                        "filename_format": "f.$jobnum.$filenum"},
                     "run_id": "NA"})
    return docs


EXAMPLES = os.path.join(ROOT, "examples", "opensearch")
for config, uuid in (("baseline", "0b5c3d1e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"),
                     ("constrained", "7e6d5c4b-3a2f-4e1d-8c0b-9a8f7e6d5c4b")):
    os.makedirs(os.path.join(EXAMPLES, config), exist_ok=True)
    items = (hits("ripsaw-fio-results", fio_docs(config, "randread-bs64k", range(1, 6), uuid)) +
             hits("ripsaw-sysbench-results", sysbench_docs(config, range(1, 6), uuid), 6))
    with open(os.path.join(EXAMPLES, config, "ripsaw.ndjson"), "w") as f:
        f.write(ndjson(items))
