# pgrows.py - a kvperf database's content as sorted text lines, read from
# SQLite (Python's sqlite3) or from PostgreSQL (psql's rows of JSON arrays),
# so that the two engines can be compared row by row, doubles bit for bit.
#
#   python3 pgrows.py sql [TABLE...]         the PostgreSQL query
#   pg_psql "$(python3 pgrows.py sql)" | python3 pgrows.py pg
#   python3 pgrows.py sqlite FILE [TABLE...] the same lines from SQLite
#
# TABLE: sources, runs, labels, params, samples, aggregates (default: all);
# each line begins with its table's name, fields separated by \x1f.  Doubles are
# printed as float.hex() (-0.0 and every bit of the mantissa kept); ids are
# left out (a run is named by its source's hash and its seq).
import json
import sqlite3
import sys

RUN = "src.sha256, r.seq"
QUERIES = {
    # (select list, from clause, indexes of the double columns)
    "sources": ("src.sha256, src.path, src.format, src.size", "source src", ()),
    "runs": (RUN + ", r.config, r.start_time, r.host, r.tool, r.tool_version",
             "run r JOIN source src ON src.id = r.source_id", ()),
    "labels": (RUN + ", l.key, l.value",
               "label l JOIN run r ON r.id = l.run_id JOIN source src ON src.id = r.source_id", ()),
    "params": ("b.tool, b.name, b.params, p.key, p.value, p.num",
               "param p JOIN benchmark b ON b.id = p.benchmark_id", (5,)),
    "samples": (RUN + ", b.tool, b.name, b.params, m.name, m.unit, m.orig_unit, m.direction, "
                "m.kind, s.seq, s.value",
                "sample s JOIN run r ON r.id = s.run_id JOIN source src ON src.id = r.source_id "
                "JOIN metric m ON m.id = s.metric_id JOIN benchmark b ON b.id = m.benchmark_id",
                (11,)),
    "aggregates": (RUN + ", b.tool, b.name, b.params, m.name, a.config, a.n, a.mean, a.m2, "
                   "a.minimum, a.maximum",
                   "run_metric a JOIN run r ON r.id = a.run_id JOIN source src ON "
                   "src.id = r.source_id JOIN metric m ON m.id = a.metric_id "
                   "JOIN benchmark b ON b.id = m.benchmark_id", (8, 9, 10, 11)),
}


def line(table, row, doubles):
    out = [table]
    for i, v in enumerate(row):
        if v is None:
            out.append("NULL")
        elif i in doubles:
            out.append(float(v).hex())
        else:
            out.append(str(v))
    return "\x1f".join(out)


def main():
    mode = sys.argv[1]
    tables = sys.argv[3:] if mode == "sqlite" else sys.argv[2:]
    tables = tables or list(QUERIES)
    lines = []
    if mode == "sql":
        # one statement: each table's rows tagged with its name; doubles
        # as text (float8out's shortest form reads back exactly)
        parts = []
        for t in tables:
            cols, frm, doubles = QUERIES[t]
            cols = ["(%s)::text" % c if i in doubles else c
                    for i, c in enumerate(c.strip() for c in cols.split(", "))]
            parts.append("SELECT json_build_array(%s) FROM %s"
                         % (", ".join(["'%s'" % t] + cols), frm))
        print(" UNION ALL ".join(parts))
        return
    if mode == "pg":
        for s in sys.stdin:
            if s.strip():
                row = json.loads(s)
                lines.append(line(row[0], row[1:], QUERIES[row[0]][2]))
    else:
        con = sqlite3.connect(sys.argv[2])
        for t in tables:
            cols, frm, doubles = QUERIES[t]
            lines += [line(t, r, doubles)
                      for r in con.execute("SELECT %s FROM %s" % (cols, frm))]
    for s in sorted(lines):
        print(s)


main()
