#!/usr/bin/env python3
"""Writes pbench result.json files of uperf tcp_rr iterations in the
layout pbench's postprocessing writes (classes throughput, latency,
resource, efficiency and parameters; per series "role", "samples" with
"value" and a "timeseries"), with values made up for the tests: pbench is
GPL-3.0, so its own result files are only read locally, never copied.
Two iterations on "baseline", two on "vm" (about 12% fewer transactions).
Run: python3 make.py"""
import json, random

rng = random.Random(3)


def series(role, desc, values, **ids):
    s = dict(ids, role=role, description=desc, uid="client_hostname:%client_hostname%")
    s["samples"] = [{"value": v, "timeseries": [{"date": 1536171052000 + 1000 * i, "value": v}
                                                 for i in range(3)]} for v in values]
    s["mean"] = sum(values) / len(values)
    return s


def result(factor):
    tps = [[10700 * factor * (1 + rng.uniform(-0.01, 0.01)) for _ in range(3)] for _ in range(2)]
    agg = [a + b for a, b in zip(*tps)]
    lat = [1e6 / (t / 1) for t in tps[0]]
    return {
        "parameters": {"benchmark": [{
            "benchmark_name": "uperf", "benchmark_version": "1.0.7", "protocol": "tcp",
            "test_type": "rr", "message_size_bytes": 64, "instances": 2,
            "primary_metric": "trans_sec", "max_stddevpct": 10,
            "clients": "client1,client1", "servers": "server1,server1",
            "uid": "benchmark_name:%benchmark_name%-controller_host:%controller_host%"}]},
        "throughput": {"trans_sec": [
            series("client", "Number of transactions sent by client for a period of 1 second", tps[0],
                   client_hostname="client1", server_hostname="server1", server_port="21000"),
            series("client", "Number of transactions sent by client for a period of 1 second", tps[1],
                   client_hostname="client1", server_hostname="server1", server_port="22000"),
            series("aggregate", "Number of transactions sent by client for a period of 1 second", agg,
                   client_hostname="all", server_hostname="all", server_port="all")]},
        "latency": {"usec": [
            series("aggregate", "Average elapsed time of a transaction", lat,
                   client_hostname="all", server_hostname="all", server_port="all")]},
        "resource": {"cpu_busy": [
            series("client", "Total busy CPU usage", [0.18 * (1 + rng.uniform(-0.05, 0.05)) for _ in range(3)], hostname="client1"),
            series("server", "Total busy CPU usage", [2.17 / factor * (1 + rng.uniform(-0.02, 0.02)) for _ in range(3)], hostname="server1")]},
        "efficiency": {"trans_sec/cpu_busy": [
            series("client", "transactions per busy CPU", [60000.0, 59000.0, 61000.0],
                   client_hostname="client1", server_hostname="server1", server_port="21000")]},
    }


for config, factor in (("baseline", 1.0), ("vm", 0.88)):
    for i in (1, 2):
        json.dump(result(factor), open("%s-%di-result.json" % (config, i), "w"), indent=2)
