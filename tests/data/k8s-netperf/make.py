#!/usr/bin/env python3
"""Makes the k8s-netperf fixtures from the documentation's CSV excerpt
(docs-excerpt-result.csv, Apache-2.0): the same scenarios as `--json`
would print them (pkg/archive/archive.go, Doc) and as a newer release's
CSV with more columns in another order.  Synthetic: no real k8s-netperf
JSON is public.  Run: python3 make.py"""
import csv, json

rows = list(csv.DictReader(open('docs-excerpt-result.csv')))
docs = []
for r in rows:
    tcp_stream = r['Profile'] == 'TCP_STREAM'
    docs.append({
        "uuid": "k8s-netperf", "timestamp": "2026-11-20T10:00:00Z",
        "hostNetwork": r['Host Network'] == 'true', "driver": r['Driver'],
        "parallelism": int(r['Parallelism']), "profile": r['Profile'],
        "duration": int(r['Duration']), "service": r['Service'] == 'true',
        "local": r['Same node'] == 'true', "virt": True, "acrossAZ": False,
        "samples": int(r['# of Samples']), "messageSize": int(r['Message Size']), "burst": 0,
        "throughput": float(r['Avg Throughput']), "latency": float(r['99%tile Observed Latency']),
        "tputMetric": r['Throughput Metric'], "ltcyMetric": r['Latency Metric'],
        "tcpRetransmits": 2.0 if tcp_stream else 0, "udpLossPercent": 0,
        "toolVersion": "v0.1.27", "toolGitCommit": "fb9a2ec",
        "metadata": {"kernelVersion": "5.14.0", "platform": "BareMetal"},
        "confidence": [float(r['Confidence metric - low']), float(r['Confidence metric - high'])]})
json.dump(docs, open('virt-result.json', 'w'), indent=2)

# a newer release's columns, in its order, with VM mode and Burst
head = ["Driver", "Profile", "Same node", "Host Network", "VM mode", "Service", "External Server",
        "Duration", "Parallelism", "# of Samples", "Message Size", "Burst",
        "Confidence metric - low", "Confidence metric - high",
        "Avg Throughput", "Throughput Metric", "99%tile Observed Latency", "Latency Metric"]
with open('newer-result.csv', 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(head)
    for r in rows:
        r = dict(r, **{"VM mode": "true", "External Server": "false", "Burst": "0"})
        w.writerow([r[h] for h in head])
