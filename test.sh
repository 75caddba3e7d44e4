#!/usr/bin/env bash
# Quick start, step 2: run every test — unit and end-to-end — on the release
# build, then again on a debug build with AddressSanitizer and UBSan.
set -euo pipefail
cd "$(dirname "$0")"
[ -x build/kmsite ] && [ -d node_modules/vnu-jar ] && [ -d node_modules/axe-core ] || ./setup.sh

jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure -j "$jobs"

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKMSITE_SANITIZE=ON >/dev/null
cmake --build build-asan
ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
echo "test.sh: all tests passed"
