#!/bin/sh
# Installs what is missing, builds kvperf twice (warnings as errors; and
# with AddressSanitizer + UndefinedBehaviorSanitizer), runs the whole test
# suite in both, and ends with one line "N passed, M failed".
#
# usage: scripts/test.sh [--no-sanitize]
set -u
cd "$(dirname "$0")/.."
scripts/install-deps.sh --tests || exit 1
sanitize=yes
# Every test tool is installed above, so no test may skip for want of one.
export KVPERF_TEST_STRICT=1
[ "${1:-}" = "--no-sanitize" ] && sanitize=no

status=0
setup() { # setup DIR ARGS...: configure DIR afresh, or reconfigure it
	dir=$1; shift
	if [ -d "$dir" ]; then
		meson setup --reconfigure "$dir" "$@" >/dev/null
	else
		meson setup "$dir" "$@" >/dev/null
	fi
}
run_suite() { # run_suite DIR [ARGS...]
	dir=$1; shift
	if ! ninja -C "$dir" >"$dir.build.log" 2>&1; then
		cat "$dir.build.log" >&2
		echo "build failed in $dir" >&2
		status=1
		return
	fi
	if ! meson test -C "$dir" --print-errorlogs "$@" >&2; then
		status=1
		cat "$dir/meson-logs/testlog.txt" >&2
	fi
}

dirs=build-test
setup build-test -Dwerror=true -Dbuildtype=debugoptimized || exit 1
run_suite build-test
if [ "$sanitize" = yes ]; then
	dirs="$dirs build-asan"
	setup build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debug || exit 1
	run_suite build-asan --timeout-multiplier 4
fi
python3 scripts/test-summary.py $dirs || status=1
exit $status
