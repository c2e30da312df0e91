#!/usr/bin/python3
"""peer_compare.py - the Python/scipy peer of `kvperf compare`'s default.

Reads a kvperf database and does, as closely as scipy allows, what
`kvperf compare -b BASELINE --format csv` does by default:

  * the run means of every metric x configuration (from run_metric, the
    per-run aggregates kvperf keeps: one row per run and metric);
  * for every metric the baseline and each variant have: Welch's t-test of
    the run means (scipy.stats.ttest_ind, equal_var=False), the ratio of
    means R = mean(variant) / mean(baseline) and Fieller's interval for it
    (no scipy function: the closed form with Welch-Satterthwaite degrees of
    freedom and scipy.stats.t.ppf), the cost ratio C and overhead (C-1)%;
  * Benjamini-Hochberg adjusted p-values (scipy 1.10 has no
    false_discovery_control: numpy);
  * one CSV line per comparison on stdout.

It does less than kvperf: no BH-matched (false-coverage-rate) intervals, no
summary, no flags, no exact-multiple merging, no minimum detectable effect.

By default it loops over the metrics, calling scipy once per metric, as a
script must when the groups have different numbers of runs.  --samples
computes the run means from the sample table (SQLite's avg() grouped by
metric and run, in the table's key order) instead of reading run_metric:
the shape of the peer issue #15 measured, written before kvperf kept
per-run aggregates.  --vectorized
instead groups the metrics by their (baseline, variant) run counts and calls
scipy once per group on 2-D arrays (axis=1): the fastest scipy allows.

usage: peer_compare.py DB BASELINE [--vectorized] [--samples] [--confidence 0.95]
"""
import argparse
import math
import sqlite3
import sys
from collections import defaultdict

import numpy as np
from scipy import stats

QUERY = """
SELECT m.id, b.tool, b.name, b.params, m.name, m.unit, m.direction, rm.config, rm.mean
FROM run_metric rm
JOIN metric m ON m.id = rm.metric_id
JOIN benchmark b ON b.id = m.benchmark_id
ORDER BY b.tool, b.name, b.params, m.name, rm.config, rm.run_id
"""


# The run means from the samples: the sample table's key is (run_id,
# metric_id, seq), so the GROUP BY needs no sort; the series order is a sort
# of the run means only.
QUERY_SAMPLES = """
SELECT m.id, b.tool, b.name, b.params, m.name, m.unit, m.direction, r.config, g.mean
FROM (SELECT run_id, metric_id, avg(value) AS mean FROM sample GROUP BY run_id, metric_id) g
JOIN run r ON r.id = g.run_id
JOIN metric m ON m.id = g.metric_id
JOIN benchmark b ON b.id = m.benchmark_id
ORDER BY b.tool, b.name, b.params, m.name, r.config, g.run_id
"""


def load(db, samples=False):
    """{metric id: (names, {config: [run means]})}, in series order."""
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    series = {}
    rows = con.execute(QUERY_SAMPLES if samples else QUERY)
    for mid, tool, bench, params, metric, unit, direction, config, mean in rows:
        s = series.get(mid)
        if s is None:
            s = series[mid] = ((tool, bench, params, metric, unit, direction), defaultdict(list))
        s[1][config].append(mean)
    con.close()
    return series


def fieller(mb, vb, mv, vv, df, conf):
    """Fieller's interval for mv / mb, independent means with variances vb, vv
    (of the means); NaN, NaN when the set is not a bounded interval."""
    t = stats.t.ppf(1 - (1 - conf) / 2, df)
    g = t * t * vb / (mb * mb)
    if not g < 1:
        return math.nan, math.nan
    r = mv / mb
    h = t / mb * math.sqrt(vv * (1 - g) + r * r * vb)
    return max((r - h) / (1 - g), 0.0), (r + h) / (1 - g)


def fieller_vec(mb, vb, mv, vv, df, conf):
    t = stats.t.ppf(1 - (1 - conf) / 2, df)
    g = t * t * vb / (mb * mb)
    r = mv / mb
    with np.errstate(invalid="ignore", divide="ignore"):
        h = t / mb * np.sqrt(vv * (1 - g) + r * r * vb)
        lo = np.maximum((r - h) / (1 - g), 0.0)
        hi = (r + h) / (1 - g)
    bad = ~(g < 1)
    lo[bad] = np.nan
    hi[bad] = np.nan
    return lo, hi


def bh(p):
    """Benjamini-Hochberg adjusted p-values; NaN stays NaN, m counts the others."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    m = len(q)
    if m == 0:
        return out
    order = np.argsort(q)[::-1]
    ranked = q[order] * m / np.arange(m, 0, -1)
    adj = np.minimum.accumulate(ranked)
    res = np.empty(m)
    res[order] = np.minimum(adj, 1.0)
    out[ok] = res
    return out


def welch_df(vb, nb, vv, nv):
    return (vb + vv) ** 2 / (vb * vb / (nb - 1) + vv * vv / (nv - 1))


def pairs(series, baseline):
    for mid, (names, by) in series.items():
        b = by.get(baseline)
        if b is None:
            continue
        for config in sorted(by):
            if config != baseline:
                yield names, config, b, by[config]


def compare_loop(series, baseline, conf):
    rows = []
    for names, config, b, v in pairs(series, baseline):
        b = np.asarray(b)
        v = np.asarray(v)
        nb, nv = len(b), len(v)
        mb, mv = b.mean(), v.mean()
        ratio = mv / mb if mb > 0 else math.nan
        p = lo = hi = math.nan
        if nb >= 2 and nv >= 2 and mb > 0:
            p = stats.ttest_ind(v, b, equal_var=False).pvalue
            vb, vv = b.var(ddof=1) / nb, v.var(ddof=1) / nv
            if vb + vv > 0:
                lo, hi = fieller(mb, vb, mv, vv, welch_df(vb, nb, vv, nv), conf)
        rows.append((names, config, mb, mv, ratio, lo, hi, p))
    return rows


def compare_vectorized(series, baseline, conf):
    groups = defaultdict(list)
    for i, (names, config, b, v) in enumerate(pairs(series, baseline)):
        groups[(len(b), len(v))].append((i, names, config, b, v))
    rows = {}
    for (nb, nv), g in groups.items():
        B = np.array([x[3] for x in g])
        V = np.array([x[4] for x in g])
        mb, mv = B.mean(axis=1), V.mean(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(mb > 0, mv / mb, np.nan)
        p = lo = hi = np.full(len(g), np.nan)
        if nb >= 2 and nv >= 2:
            with np.errstate(invalid="ignore", divide="ignore"):
                p = stats.ttest_ind(V, B, axis=1, equal_var=False).pvalue
                vb, vv = B.var(axis=1, ddof=1) / nb, V.var(axis=1, ddof=1) / nv
                lo, hi = fieller_vec(mb, vb, mv, vv, welch_df(vb, nb, vv, nv), conf)
            p = np.where(mb > 0, p, np.nan)
        for k, (i, names, config, _, _) in enumerate(g):
            rows[i] = (names, config, mb[k], mv[k], ratio[k], lo[k], hi[k], p[k])
    return [rows[i] for i in range(len(rows))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("baseline")
    ap.add_argument("--vectorized", action="store_true")
    ap.add_argument("--samples", action="store_true")
    ap.add_argument("--confidence", type=float, default=0.95)
    a = ap.parse_args()
    series = load(a.db, a.samples)
    run = compare_vectorized if a.vectorized else compare_loop
    rows = run(series, a.baseline, a.confidence)
    padj = bh([r[7] for r in rows])
    out = sys.stdout
    out.write("tool,benchmark,params,metric,unit,variant,baseline_mean,variant_mean,"
              "ratio,ratio_lo,ratio_hi,cost,overhead_pct,p_value,p_adjusted\n")
    for (names, config, mb, mv, ratio, lo, hi, p), q in zip(rows, padj):
        tool, bench, params, metric, unit, direction = names
        cost = 1 / ratio if direction == "higher" else ratio
        out.write('%s,%s,"%s",%s,%s,%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n'
                  % (tool, bench, params, metric, unit, config, mb, mv, ratio, lo, hi, cost,
                     100 * (cost - 1), p, q))
    return 0


if __name__ == "__main__":
    sys.exit(main())
