#!/usr/bin/env bash
# Builds hvdos four ways and runs the tests: gcc with warnings as errors (every suite),
# clang with warnings as errors (every suite), gcc with ASan and UBSan (every suite),
# and gcc with TSan (the unit tests and the window's tests, which run the machine on a
# vCPU thread beside the UI thread). Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
deps_install test || { echo "cannot install the packages the tests need"; exit 1; }

builds=(
    "build-ci-gcc|CC=gcc|-Dwerror=true|"
    "build-ci-clang|CC=clang|-Dwerror=true|"
    "build-ci-asan|CC=gcc|-Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false|"
    "build-ci-tsan|CC=gcc|-Dwerror=true -Db_sanitize=thread -Db_lundef=false|--suite unit --suite sdl"
)
status=0
for b in "${builds[@]}"; do
    IFS='|' read -r dir envset opts suites <<<"$b"
    echo "=== $dir: $envset $opts"
    if [ ! -f "$dir/build.ninja" ]; then
        env "$envset" meson setup "$dir" $opts >/dev/null || { status=1; continue; }
    fi
    ninja -C "$dir" >/dev/null || { echo "build failed: $dir"; ninja -C "$dir" | tail -30; status=1; continue; }
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    meson test -C "$dir" --print-errorlogs --num-processes 2 $suites | grep -E '^ *[0-9]+/[0-9]+ |^(Ok|Fail|Skipped|Timeout):' || true
done
python3 scripts/summary.py build-ci-gcc build-ci-clang build-ci-asan build-ci-tsan
rc=$?
[ $status -ne 0 ] && rc=1
exit $rc
