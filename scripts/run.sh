#!/usr/bin/env bash
# Builds hvdos (installing what is missing) and runs it: without arguments, the
# built-in demo; otherwise hvdos with the given arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
deps_install build
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
exec build/hvdos "$@"
