#!/usr/bin/env python3
"""Counts test results from meson's test logs and prints one line
"N passed, M failed".

usage: test-summary.py BUILDDIR...

Each TAP subtest counts ("ok" / "not ok" lines); a test that failed
without a "not ok" line (a crash, a timeout, a sanitizer abort) counts as
one failure; a test that printed no TAP counts as one test.  Skipped
subtests ("ok ... # SKIP") and skipped tests are not counted as passed: a
line before the last one lists them.
"""
import json
import re
import sys

passed = failed = 0
skipped = []
for builddir in sys.argv[1:]:
    try:
        log = open(builddir + "/meson-logs/testlog.json", encoding="utf-8")
    except OSError as e:
        print("test-summary: %s" % e, file=sys.stderr)
        failed += 1
        continue
    with log:
        for line in log:
            t = json.loads(line)
            out = t.get("stdout") or ""
            skips = re.findall(r"^ok\b.*#\s*SKIP\b.*$", out, re.M | re.I)
            skipped += ["%s: %s" % (t["name"], x) for x in skips]
            oks = len(re.findall(r"^ok\b", out, re.M)) - len(skips)
            not_oks = len(re.findall(r"^not ok\b", out, re.M))
            good = t["result"] in ("OK", "EXPECTEDFAIL", "SKIP")
            if oks + not_oks + len(skips) == 0:
                if t["result"] == "SKIP":
                    skipped.append("%s: skipped" % t["name"])
                    continue
                passed += good
                failed += not good
            else:
                passed += oks
                failed += not_oks + (0 if good or not_oks else 1)
if skipped:
    print("%d skipped (a test tool is missing):\n  %s" % (len(skipped), "\n  ".join(skipped)))
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
