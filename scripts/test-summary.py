#!/usr/bin/env python3
"""Counts test results from meson's test logs and prints one line
"N passed, M failed".

usage: test-summary.py BUILDDIR...

Each TAP subtest counts ("ok" / "not ok" lines); a test that failed
without a "not ok" line (a crash, a timeout, a sanitizer abort) counts as
one failure; a test that printed no TAP counts as one test.
"""
import json
import re
import sys

passed = failed = 0
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
            oks = len(re.findall(r"^ok\b", out, re.M))
            not_oks = len(re.findall(r"^not ok\b", out, re.M))
            good = t["result"] in ("OK", "EXPECTEDFAIL", "SKIP")
            if oks + not_oks == 0:
                passed += good
                failed += not good
            else:
                passed += oks
                failed += not_oks + (0 if good or not_oks else 1)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
