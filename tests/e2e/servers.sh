# Shared by the web server recipe tests (nginx.sh, apache.sh, caddy.sh),
# sourced after lib.sh: the site they serve, a self-signed certificate, and
# the checks each recipe must pass, made with curl against the real server.

# server_site: builds a site with what the rules are about (a Thai page with
# an old Thai address, a plan's open data CSV, a picture) into $site/public,
# and copies it to $WWW, the folder the server is given. Sets $site, $WWW and
# $CSS (the theme's style sheet as the build named it).
server_site() {
  site=$WORK/site
  make_site "$site"
  printf -- '---\ntitle: ความรู้ไทย\naliases: [/old/thai-ชื่อ/]\n---\n\n## หัวข้อ\n\nเนื้อหา\n' \
    >"$site/content/articles/ความรู้.md"
  mkdir -p "$site/content/plans/p"
  printf -- '---\ntitle: แผน\nkind: plan\ncsv: p.csv\n---\nแผนงาน\n' >"$site/content/plans/p/index.md"
  printf 'project,budget_2568\nโครงการ ก,100000\n' >"$site/content/plans/p/p.csv"
  # A 1x1 PNG (pictures are recognised by their bytes).
  python3 -c 'import sys, zlib, struct
def chunk(kind, data): return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
  + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b""))' >"$site/content/articles/dot.png"
  run 0 "$KMSITE" build --source "$site"
  WWW=$WORK/www
  cp -a "$site/public" "$WWW"
  # What a gh-pages checkout or a host keeps beside the build.
  mkdir -p "$WWW/.git" "$WWW/.well-known"
  echo secret >"$WWW/.git/config"
  echo "Contact: mailto:security@example.go.th" >"$WWW/.well-known/security.txt"
  # Fallback until the build writes x.gz and x.br beside what it compresses:
  # make them here for a style sheet, the search metadata and the home page,
  # so the precompressed rules have something to serve.
  CSS=$(cd "$WWW" && ls css/site*.css | head -1)
  local f
  for f in "$CSS" search/meta.json index.html; do
    [ -e "$WWW/$f.gz" ] || gzip -9 -n -k "$WWW/$f"
    [ -e "$WWW/$f.br" ] || brotli -k "$WWW/$f"
  done
  # Fallback until the theme's files carry a content hash in their names:
  # a copy under such a name, to prove those are kept a year.
  if ! (cd "$WWW" && ls css/ | grep -qE '^site\.[0-9a-f]{16}\.css$'); then
    cp "$WWW/$CSS" "$WWW/css/site.0123456789abcdef.css"
  fi
  # A .gz asked for by its own name must stay a download, never be served
  # as the page it holds.
  printf '<script>alert(1)</script>' | gzip -n >"$WWW/evil.html.gz"
  chmod -R a+rX "$WWW"
}

# tls_certificate: a self-signed certificate for km.example.go.th in
# $WORK/cert.pem and $WORK/key.pem, which curl is told to trust.
tls_certificate() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=km.example.go.th" \
    -addext "subjectAltName=DNS:km.example.go.th" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>"$WORK/openssl.err" ||
    { cat "$WORK/openssl.err"; fail "openssl could not make a certificate"; }
}

# A free TCP port on 127.0.0.1 (another test may hold the one drawn first).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# What apache.sh and caddy.sh start from: the tools they need, the built
# site ($WWW), a certificate, and two free ports, $plain and $tls.
server_test_setup() {
  local tool
  for tool in curl openssl brotli python3; do command -v $tool >/dev/null || fail "$tool is needed"; done
  server_site
  tls_certificate
  plain=$(free_port)
  tls=$(free_port)
  [ "$plain" != "$tls" ] || tls=$(free_port)
}

# wait_for URL CURL_ARGS...: until the server answers (5 s at most).
wait_for() {
  local url=$1; shift
  for _ in $(seq 50); do curl -s -o /dev/null "$@" "$url" && return 0; sleep 0.1; done
  fail "no answer from $url"
}

# $base is the HTTPS address; $curl_args reach it (--resolve and the certificate).
fetch() {  # PATH [CURL ARGS...]: headers to $WORK/headers, body to $WORK/body
  local path=$1; shift
  curl -s "${curl_args[@]}" "$@" -D "$WORK/h" -o "$WORK/body" "$base$path" || fail "curl $path"
  tr -d '\r' <"$WORK/h" >"$WORK/headers"
}

# The cache policy a path must get: a year for names with a content hash,
# a day for pictures, revalidation for everything else.
expected_cache() {
  if grep -qE '^/(css|js|fonts|search)/(.*[./-])?[0-9a-f]{16}[./]' <<<"$1"; then
    echo "public, max-age=31536000, immutable"
  elif grep -qiE '\.(png|jpe?g|gif|webp|avif|svg|ico)$' <<<"$1" && ! grep -q '^/favicon\.' <<<"$1"; then
    echo "public, max-age=86400"
  else
    echo "no-cache"
  fi
}

# get PATH STATUS TYPE_REGEX [CACHE]: one response's status and Content-Type,
# each security header exactly once, and exactly one Cache-Control (by
# default the one expected_cache says).
get() {
  local path=$1 status=$2 type=$3 cache=${4:-$(expected_cache "$1")}
  fetch "$path"
  head -1 "$WORK/headers" | grep -q " $status" || { cat "$WORK/headers"; fail "$path: not $status"; }
  grep -qiE "^content-type: ($type)$" "$WORK/headers" || { cat "$WORK/headers"; fail "$path: not $type"; }
  local h
  for h in strict-transport-security content-security-policy x-content-type-options referrer-policy \
           permissions-policy cache-control; do
    [ "$(grep -ic "^$h:" "$WORK/headers")" = 1 ] || { cat "$WORK/headers"; fail "$path: $h not sent exactly once"; }
  done
  grep -qix "strict-transport-security: max-age=31536000; includeSubDomains" "$WORK/headers" ||
    fail "$path: wrong HSTS"
  grep -qix "content-security-policy: default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'" \
    "$WORK/headers" || fail "$path: wrong Content-Security-Policy"
  grep -qix "x-content-type-options: nosniff" "$WORK/headers" || fail "$path: wrong X-Content-Type-Options"
  grep -qix "cache-control: $cache" "$WORK/headers" || { cat "$WORK/headers"; fail "$path: not Cache-Control $cache"; }
}

# Serves km.example.go.th over HTTPS on $tls and plain HTTP on $plain, both
# on loopback: waits for the server, then every recipe check and the
# redirect (apache.sh and caddy.sh, once their server is started).
check_served() {
  base=https://km.example.go.th:$tls
  curl_args=(--resolve "km.example.go.th:$tls:127.0.0.1" --resolve "km.example.go.th:$plain:127.0.0.1"
             --cacert "$WORK/cert.pem")
  wait_for "$base/" "${curl_args[@]}"
  check_recipe
  check_https_redirect
}

# Plain HTTP on port $plain answers only with a 301 to the same path on
# HTTPS (apache.sh and caddy.sh; $base is the HTTPS site).
check_https_redirect() {
  curl -s "${curl_args[@]}" -D "$WORK/h" -o /dev/null "http://km.example.go.th:$plain/articles/ความรู้/?q=1"
  tr -d '\r' <"$WORK/h" >"$WORK/headers"
  head -1 "$WORK/headers" | grep -q " 301" || { cat "$WORK/headers"; fail "plain HTTP: not 301"; }
  grep -qix "location: https://km.example.go.th/articles/$(url_encode ความรู้)/?q=1" "$WORK/headers" ||
    { cat "$WORK/headers"; fail "plain HTTP: not redirected to the same page on HTTPS"; }
  pass "plain HTTP answers 301 to the page on HTTPS, which sends HSTS"
}

# url_encode PATH: as a browser sends it.
url_encode() {
  python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"
}

# The checks every recipe passes (apache.sh and caddy.sh; nginx.sh has its
# own, older cache policy). $WWW is what the server serves.
check_recipe() {
  local f js font hashed fragment
  get / 200 "text/html; charset=utf-8"
  get "/$CSS" 200 "text/css; charset=utf-8"
  hashed=$(cd "$WWW" && ls css/ | grep -E '^site\.[0-9a-f]{16}\.css$' | head -1)
  get "/css/$hashed" 200 "text/css; charset=utf-8" "public, max-age=31536000, immutable"
  js=$(cd "$WWW" && ls js/*.js | head -1)
  get "/$js" 200 "(text|application)/javascript; charset=utf-8"
  font=$(cd "$WWW" && ls fonts/*.woff* | head -1)
  get "/$font" 200 "font/woff2?"
  get /search/meta.json 200 "application/json; charset=utf-8" "no-cache"
  fragment=$(cd "$WWW" && find search -path 'search/f/*' -name '*.json' | sort | head -1)
  get "/$fragment" 200 "application/json; charset=utf-8"
  get /sitemap.xml 200 "(application|text)/xml; charset=utf-8"
  get /index.xml 200 "(application/rss\+xml|(application|text)/xml); charset=utf-8"
  get /robots.txt 200 "text/plain; charset=utf-8"
  get /favicon.svg 200 "image/svg\+xml; charset=utf-8" "no-cache"
  # An SVG icon only: /favicon.ico, which browsers ask for anyway, is it.
  [ ! -e "$WWW/favicon.ico" ] || fail "this site should have no favicon.ico of its own"
  get /favicon.ico 200 "image/svg\+xml; charset=utf-8" "no-cache"
  cmp "$WORK/body" "$WWW/favicon.svg" || fail "/favicon.ico is not favicon.svg"
  get /manifest.webmanifest 200 "application/manifest\+json(; charset=utf-8)?" "no-cache"
  python3 -m json.tool "$WORK/body" >/dev/null || fail "the manifest served is not JSON"
  get /articles/dot.png 200 "image/png" "public, max-age=86400"
  cmp "$WORK/body" "$WWW/articles/dot.png" || fail "the picture is not the file"
  pass "every response carries each security header once, one Cache-Control, and its type with charset"

  f=$(cd "$WWW" && find plans -name '*.csv' | head -1)
  [ -n "$f" ] || fail "the plan's open data CSV was not built"
  get "/$f" 200 "text/csv; charset=utf-8" "no-cache"
  [ "$(head -c3 "$WORK/body")" = $'\xEF\xBB\xBF' ] || fail "the CSV lost its BOM"
  pass "open data CSV is text/csv; charset=utf-8 with a UTF-8 BOM"

  get /no-such-page/ 404 "text/html; charset=utf-8" "no-cache"
  cmp "$WORK/body" "$WWW/404.html" || fail "the 404 response is not the site's 404 page"
  get /no-such-picture.png 404 "text/html; charset=utf-8" "no-cache"
  for f in /.kmsite-manifest /.git/config /%2Egit/config /_redirects /_kmsite/ /_kmsite \
           /_kmsite/redirects.nginx.conf /_kmsite/redirects.apache.conf /_kmsite/redirects.caddy \
           /%5Fkmsite/redirects.caddy; do
    get "$f" 404 "text/html; charset=utf-8" "no-cache"
    cmp -s "$WORK/body" "$WWW/404.html" || fail "$f: not the 404 page"
  done
  [ -s "$WWW/_kmsite/redirects.caddy" ] && [ -s "$WWW/.kmsite-manifest" ] || fail "nothing hidden to test"
  get /.well-known/security.txt 200 "text/plain; charset=utf-8"
  pass "the 404 page with status 404; hidden files, _redirects and _kmsite/ are not served; .well-known/ is"

  local thai=/articles/ความรู้/
  get "$thai" 200 "text/html; charset=utf-8"
  assert_contains "$WORK/body" "ความรู้ไทย"
  get "$(url_encode "$thai")" 200 "text/html; charset=utf-8"
  assert_contains "$WORK/body" "ความรู้ไทย"
  pass "a Thai URL is served raw and percent-encoded"

  # The alias: 301 to the page, in every form a browser or a link may send.
  local to old
  to=$(url_encode "$thai")
  for old in /old/thai-ชื่อ/ "$(url_encode /old/thai-ชื่อ/)" /old/thai-ชื่อ \
             "$(url_encode /old/thai-ชื่อ/ | tr 'A-F' 'a-f')"; do
    fetch "$old"
    head -1 "$WORK/headers" | grep -q " 301" || { cat "$WORK/headers"; fail "$old: not 301"; }
    grep -qiE "^location: (https://km\.example\.go\.th(:[0-9]+)?)?$to$" "$WORK/headers" ||
      { cat "$WORK/headers"; fail "$old: not redirected to $to"; }
    grep -qix "strict-transport-security: max-age=31536000; includeSubDomains" "$WORK/headers" ||
      fail "$old: the redirect has no HSTS"
  done
  get /old/thai-ชื่อ/index.html 200 "text/html; charset=utf-8"
  assert_contains "$WORK/body" 'http-equiv="refresh"'
  pass "an old address (alias) answers 301 to its page, raw or encoded, with or without its slash; the meta-refresh page stays"

  for f in "$CSS" search/meta.json ""; do
    local file=$WWW/${f:-index.html}
    fetch "/$f" -H "Accept-Encoding: br"
    grep -qix "content-encoding: br" "$WORK/headers" || { cat "$WORK/headers"; fail "/$f: not br"; }
    grep -qiE "^vary: .*accept-encoding" "$WORK/headers" || fail "/$f: no Vary: Accept-Encoding"
    brotli -dc "$WORK/body" | cmp - "$file" || fail "/$f: the br body is not the file"
    get "/$f" 200 ".*"
    fetch "/$f" -H "Accept-Encoding: gzip, deflate"
    grep -qix "content-encoding: gzip" "$WORK/headers" || { cat "$WORK/headers"; fail "/$f: not gzip"; }
    gzip -dc "$WORK/body" | cmp - "$file" || fail "/$f: the gzip body is not the file"
    fetch "/$f"
    ! grep -qi "^content-encoding:" "$WORK/headers" || fail "/$f: encoded though not asked"
    cmp "$WORK/body" "$file" || fail "/$f: not the file"
  done
  fetch "/$CSS" -H "Accept-Encoding: br"
  grep -qix "content-type: text/css; charset=utf-8" "$WORK/headers" || fail "compressed CSS lost its type"
  fetch /search/meta.json -H "Accept-Encoding: gzip"
  grep -qix "content-type: application/json; charset=utf-8" "$WORK/headers" || fail "compressed JSON lost its type"
  fetch /evil.html.gz -H "Accept-Encoding: gzip"
  ! grep -qi "^content-encoding:" "$WORK/headers" || fail "a .gz asked for by name was sent as encoded"
  ! grep -qi "^content-type: text/html" "$WORK/headers" || fail "a .gz asked for by name was sent as HTML"
  pass "precompressed .br and .gz are served when asked, with their type and Vary; a .gz by its name is a download"
}
