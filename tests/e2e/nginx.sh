# The nginx recipe (issue #14 item 4), proven against Debian's real nginx:
# publish/nginx/kmsite-http.conf and kmsite-server.conf, the very files the
# recipe tells webmasters to install, serve a built site on a loopback port,
# and curl checks each kind of response: every security header exactly once
# (they used to be on HTML only), one Cache-Control, text types with their
# charset, CSV as text/csv with its BOM, compression of XML, the 404 page with
# status 404, hidden files refused, Thai URLs percent-encoded, old addresses
# (aliases) as 301s from the map the build wrote; then publish/nginx.conf
# itself for HTTPS and the redirect from plain HTTP.
source "$(dirname "$0")/lib.sh"
source "$REPO/tests/e2e/servers.sh"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || fail "nginx is needed (setup.sh installs nginx-light)"
command -v curl >/dev/null || fail "curl is needed"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

site=$WORK/site
make_site "$site"
printf -- '---\ntitle: ความรู้ไทย\naliases: [/old/thai-ชื่อ/]\n---\n\n## หัวข้อ\n\nเนื้อหา\n' >"$site/content/articles/ความรู้.md"
mkdir -p "$site/content/plans/p"
printf -- '---\ntitle: แผน\nkind: plan\ncsv: p.csv\n---\nแผนงาน\n' >"$site/content/plans/p/index.md"
printf 'project,budget_2568\nโครงการ ก,100000\n' >"$site/content/plans/p/p.csv"
run 0 "$KMSITE" build --source "$site"
public=$site/public

port=$((20000 + RANDOM % 20000))
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
brotli_module=$(find /usr/lib/nginx/modules -name 'ngx_http_brotli_static_module.so' | head -1)
[ -n "$brotli_module" ] || fail "nginx's brotli_static module is needed (setup.sh installs libnginx-mod-http-brotli-static)"
cat >"$WORK/nginx/nginx.conf" <<CONF
# What /etc/nginx/modules-enabled/ loads on a Debian host with the package.
load_module $brotli_module;
# Workers run as the test's user (as root they would be nobody, who cannot
# read a mktemp folder).
user $(id -un);
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    include $public/_kmsite/redirects.nginx.conf;
    include $REPO/publish/nginx/kmsite-http.conf;
    server {
        listen 127.0.0.1:$port;
        root $public;
        include $REPO/publish/nginx/kmsite-server.conf;
    }
}
CONF
"$NGINX" -t -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx-t" || { cat "$WORK/nginx-t"; fail "the recipe does not pass nginx -t"; }
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>>"$WORK/nginx-t"
trap '"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s stop 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

base=http://127.0.0.1:$port
# get PATH STATUS TYPE CACHE: one response's status, Content-Type and the
# headers every response must carry exactly once.
get() {
  local path=$1 status=$2 type=$3 cache=$4
  curl -s -D "$WORK/h" -o "$WORK/body" "$base$path" || fail "curl $path"
  tr -d '\r' <"$WORK/h" >"$WORK/headers"
  head -1 "$WORK/headers" | grep -q " $status" || { cat "$WORK/headers"; fail "$path: not $status"; }
  grep -qix "content-type: $type" "$WORK/headers" || { cat "$WORK/headers"; fail "$path: not $type"; }
  local h
  for h in strict-transport-security content-security-policy x-content-type-options referrer-policy \
           permissions-policy cache-control; do
    [ "$(grep -ic "^$h:" "$WORK/headers")" = 1 ] || { cat "$WORK/headers"; fail "$path: $h not sent exactly once"; }
  done
  grep -qix "cache-control: $cache" "$WORK/headers" || { cat "$WORK/headers"; fail "$path: not Cache-Control $cache"; }
}

get / 200 "text/html; charset=utf-8" "no-cache"
# The theme's files have content-hashed names, kept a year (issue #14 item 2).
css=$(cd "$public" && ls css/site.*.css)
[[ $css =~ ^css/site\.[0-9a-f]{16}\.css$ ]] || fail "the stylesheet's name carries no hash: $css"
immutable="public, max-age=31536000, immutable"
get "/$css" 200 "text/css; charset=utf-8" "$immutable"
js=$(cd "$public" && ls js/*.js | head -1)
get "/$js" 200 "application/javascript; charset=utf-8" "$immutable"
font=$(cd "$public" && ls fonts/Loma.*.woff)
get "/$font" 200 "font/woff" "$immutable"
get /search/meta.json 200 "application/json; charset=utf-8" "no-cache"
# Search files are named by a hash of their bytes (fragments by their
# group's), meta.json is not.
fragment=$(cd "$public" && ls search/f/*/*.json | head -1)
[[ $fragment =~ ^search/f/[0-9a-f]{16}/[0-9]+\.json$ ]] || fail "a search fragment's folder is not its group's hash: $fragment"
get "/$fragment" 200 "application/json; charset=utf-8" "$immutable"
chunk=$(cd "$public" && ls search/c-*.json | head -1)
[[ $chunk =~ ^search/c-[0-9a-f]{16}\.json$ ]] || fail "a search chunk's name is not its hash: $chunk"
get "/$chunk" 200 "application/json; charset=utf-8" "$immutable"
get /sitemap.xml 200 "text/xml; charset=utf-8" "no-cache"
get /robots.txt 200 "text/plain; charset=utf-8" "no-cache"
# The icon kmsite draws when site.yaml names none: browsers asked for
# /favicon.ico on every visit and logged a 404.
get /favicon.svg 200 "image/svg+xml; charset=utf-8" "no-cache"
assert_contains "$WORK/body" '<svg xmlns="http://www.w3.org/2000/svg"'
assert_contains "$WORK/body" '>ส</text>'  # สำนักงานทดสอบ: its first consonant
assert_contains "$public/index.html" '<link rel="icon" href="/favicon.svg" type="image/svg+xml">' 
# The site's icon is SVG, so /favicon.ico answers with it instead of a 404.
curl -s -D "$WORK/h" -o "$WORK/body" "$base/favicon.ico" || fail "curl /favicon.ico"
[ ! -e "$public/favicon.ico" ] || fail "this site should have no favicon.ico of its own"
head -1 "$WORK/h" | grep -q ' 200' || { cat "$WORK/h"; fail "/favicon.ico: not 200"; }
grep -qix 'content-type: image/svg+xml; charset=utf-8' <(tr -d '\r' <"$WORK/h") || { cat "$WORK/h"; fail "/favicon.ico: not the SVG"; }
cmp "$WORK/body" "$public/favicon.svg" || fail "/favicon.ico is not favicon.svg"
get /manifest.webmanifest 200 "application/manifest+json" "no-cache"
python3 -m json.tool "$WORK/body" >/dev/null || fail "the manifest served is not JSON"
pass "every response carries each security header once, one Cache-Control, and its type with charset"

csv=$(cd "$public" && find plans -name '*.csv' | head -1)
[ -n "$csv" ] || fail "the plan's open data CSV was not built"
get "/$csv" 200 "text/csv; charset=utf-8" "no-cache"
[ "$(head -c3 "$WORK/body")" = $'\xEF\xBB\xBF' ] || fail "the CSV lost its BOM"
pass "open data CSV is text/csv; charset=utf-8 with a UTF-8 BOM"

curl -s -D "$WORK/h" -o "$WORK/body" -H 'Accept-Encoding: gzip' "$base/sitemap.xml"
[ "$(stat -c %s "$public/sitemap.xml")" -gt 1024 ] || fail "the sitemap is too small to show compression"
grep -qi '^content-encoding: gzip' "$WORK/h" || { cat "$WORK/h"; fail "sitemap.xml not compressed"; }
grep -qi '^vary: accept-encoding' "$WORK/h" || fail "no Vary: Accept-Encoding"
gzip -dc "$WORK/body" | cmp - "$public/sitemap.xml" || fail "the compressed sitemap is not the file"
pass "XML goes out compressed when asked (nginx calls it text/xml)"

# The build's own copies (gzip_static, brotli_static): the response is the
# .gz or .br file itself (not nginx compressing again: the bytes are those
# of the file), with the page's type, every header once, Vary once.
# encoded PATH ENCODING: fetches PATH asking for ENCODING only.
encoded() {
  local path=$1 enc=$2
  curl -s -D "$WORK/h" -o "$WORK/body" -H "Accept-Encoding: $enc" "$base/$path" || fail "curl $path"
  tr -d '\r' <"$WORK/h" >"$WORK/headers"
  head -1 "$WORK/headers" | grep -q ' 200' || { cat "$WORK/headers"; fail "$path ($enc): not 200"; }
  local h
  for h in content-type vary cache-control content-security-policy strict-transport-security; do
    [ "$(grep -ic "^$h:" "$WORK/headers")" = 1 ] || { cat "$WORK/headers"; fail "$path ($enc): $h not sent exactly once"; }
  done
  grep -qix 'vary: accept-encoding' "$WORK/headers" || { cat "$WORK/headers"; fail "$path ($enc): no Vary: Accept-Encoding"; }
}
css=$(cd "$public" && ls css/site*.css | head -1)
checked=""
for path in index.html "$css" "$js" search/meta.json "$fragment"; do
  [ -f "$public/$path.br" ] && [ -f "$public/$path.gz" ] || continue
  type=$(grep -i '^content-type:' <(curl -s -D - -o /dev/null "$base/$path" | tr -d '\r'))
  encoded "$path" br
  grep -qix 'content-encoding: br' "$WORK/headers" || { cat "$WORK/headers"; fail "/$path: no Content-Encoding: br"; }
  grep -qixF "$type" "$WORK/headers" || { cat "$WORK/headers"; fail "/$path (br): not $type"; }
  cmp -s "$WORK/body" "$public/$path.br" || fail "/$path (br) is not the build's $path.br"
  brotli -dc "$WORK/body" | cmp -s - "$public/$path" || fail "/$path (br) does not decompress to the file"
  encoded "$path" gzip
  grep -qix 'content-encoding: gzip' "$WORK/headers" || { cat "$WORK/headers"; fail "/$path: no Content-Encoding: gzip"; }
  cmp -s "$WORK/body" "$public/$path.gz" || fail "/$path (gzip) is not the build's $path.gz"
  gzip -dc "$WORK/body" | cmp -s - "$public/$path" || fail "/$path (gzip) does not decompress to the file"
  checked="$checked /$path"
done
[[ "$checked" == *index.html* ]] || fail "no file with copies to ask for (checked:$checked)"
# The home page by its address (index directive), with both accepted: br.
curl -s -D "$WORK/h" -o "$WORK/body" -H 'Accept-Encoding: gzip, deflate, br' "$base/"
grep -qi '^content-encoding: br' "$WORK/h" || { cat "$WORK/h"; fail "/ with gzip and br accepted: not br"; }
cmp -s "$WORK/body" "$public/index.html.br" || fail "/ (br) is not index.html.br"
# No encoding accepted: the file itself.
curl -s -D "$WORK/h" -o "$WORK/body" "$base/"
! grep -qi '^content-encoding:' "$WORK/h" || { cat "$WORK/h"; fail "/ was encoded for a client that accepts none"; }
cmp -s "$WORK/body" "$public/index.html" || fail "/ without Accept-Encoding is not index.html"
pass "the build's .br and .gz copies are sent as they are to clients that accept them ($checked), Vary once"

get /no-such-page/ 404 "text/html; charset=utf-8" "no-cache"
assert_contains "$WORK/body" "<title>"
cmp "$WORK/body" "$public/404.html" || fail "the 404 response is not the site's 404 page"
for hidden in /.kmsite-manifest /.git/config /fonts/README.md /_redirects /_kmsite/ \
              /_kmsite/redirects.nginx.conf /%5Fkmsite/redirects.nginx.conf; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$hidden")
  [ "$code" = 404 ] || fail "$hidden answered $code"
done
[ ! -e "$public/fonts/README.md" ] || fail "fonts/README.md is published"
[ -s "$public/_kmsite/redirects.nginx.conf" ] || fail "the build wrote no redirect map"
pass "the 404 page with status 404; hidden files, licences, _redirects and _kmsite/ are not served"

thai=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("/articles/ความรู้/"))')
get "$thai" 200 "text/html; charset=utf-8" "no-cache"
assert_contains "$WORK/body" "ความรู้ไทย"
pass "a Thai URL, percent-encoded, is served"

# The alias: 301 to the page, raw or percent-encoded, with or without its slash.
to=$(url_encode /articles/ความรู้/)
for old in /old/thai-ชื่อ/ "$(url_encode /old/thai-ชื่อ/)" /old/thai-ชื่อ; do
  curl -s -D "$WORK/h" -o /dev/null "$base$old"
  tr -d '\r' <"$WORK/h" >"$WORK/headers"
  head -1 "$WORK/headers" | grep -q " 301" || { cat "$WORK/headers"; fail "$old: not 301"; }
  grep -qiE "^location: ($base)?$to$" "$WORK/headers" || { cat "$WORK/headers"; fail "$old: not redirected to $to"; }
  [ "$(grep -ic "^strict-transport-security:" "$WORK/headers")" = 1 ] || fail "$old: HSTS not sent once"
done
get /old/thai-ชื่อ/index.html 200 "text/html; charset=utf-8" "no-cache"
assert_contains "$WORK/body" 'http-equiv="refresh"'
pass "an old address (alias) answers 301 to its page from the build's map; the meta-refresh page stays"

# publish/nginx.conf itself (paths, ports and certificate swapped): HTTPS
# with HSTS, and plain HTTP answering 301 to HTTPS.
tls_certificate
plain=$(free_port)
tls=$(free_port)
[ "$plain" != "$tls" ] || tls=$(free_port)
mkdir -p "$WORK/nginx2/logs" "$WORK/nginx2/tmp"
sed -e "s#/etc/nginx/kmsite/#$REPO/publish/nginx/#g" -e "s#/srv/km/public#$public#g" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$tls ssl http2;#" -e "s#listen 80;#listen 127.0.0.1:$plain;#" \
    -e "s#/etc/ssl/certs/km.example.go.th.pem#$WORK/cert.pem#" \
    -e "s#/etc/ssl/private/km.example.go.th.key#$WORK/key.pem#" \
    "$REPO/publish/nginx.conf" >"$WORK/nginx2/site.conf"
sed -e "s#$WORK/nginx/#$WORK/nginx2/#g" -e "/include .*redirects.nginx.conf;/,\$d" "$WORK/nginx/nginx.conf" >"$WORK/nginx2/nginx.conf"
printf '    include %s;\n}\n' "$WORK/nginx2/site.conf" >>"$WORK/nginx2/nginx.conf"
"$NGINX" -t -p "$WORK/nginx2" -c "$WORK/nginx2/nginx.conf" 2>"$WORK/nginx-t" || { cat "$WORK/nginx-t"; fail "publish/nginx.conf does not pass nginx -t"; }
"$NGINX" -p "$WORK/nginx2" -c "$WORK/nginx2/nginx.conf" 2>>"$WORK/nginx-t"
trap '"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s stop 2>/dev/null;
      "$NGINX" -p "$WORK/nginx2" -c "$WORK/nginx2/nginx.conf" -s stop 2>/dev/null; rm -rf "$WORK"' EXIT
curl_args=(--resolve "km.example.go.th:$tls:127.0.0.1" --resolve "km.example.go.th:$plain:127.0.0.1"
           --cacert "$WORK/cert.pem")
wait_for "https://km.example.go.th:$tls/" "${curl_args[@]}"
curl -s "${curl_args[@]}" -D "$WORK/h" -o "$WORK/body" "https://km.example.go.th:$tls$(url_encode /articles/ความรู้/)"
tr -d '\r' <"$WORK/h" >"$WORK/headers"
head -1 "$WORK/headers" | grep -q " 200" || { cat "$WORK/headers"; fail "HTTPS: not 200"; }
assert_contains "$WORK/body" "ความรู้ไทย"
grep -qix "strict-transport-security: max-age=31536000; includeSubDomains" "$WORK/headers" || fail "HTTPS: no HSTS"
curl -s "${curl_args[@]}" -D "$WORK/h" -o /dev/null "https://km.example.go.th:$tls/old/thai-ชื่อ/"
tr -d '\r' <"$WORK/h" >"$WORK/headers"
grep -qiE "^location: https://km\.example\.go\.th:$tls$to$" "$WORK/headers" || { cat "$WORK/headers"; fail "HTTPS: the alias is not a 301"; }
curl -s "${curl_args[@]}" -D "$WORK/h" -o /dev/null "http://km.example.go.th:$plain/articles/ความรู้/?q=1"
tr -d '\r' <"$WORK/h" >"$WORK/headers"
head -1 "$WORK/headers" | grep -q " 301" || { cat "$WORK/headers"; fail "plain HTTP: not 301"; }
grep -qix "location: https://km.example.go.th/articles/ความรู้/?q=1" "$WORK/headers" ||
  grep -qix "location: https://km.example.go.th$to?q=1" "$WORK/headers" ||
  { cat "$WORK/headers"; fail "plain HTTP: not redirected to the same page on HTTPS"; }
pass "publish/nginx.conf: HTTPS with HSTS and the alias map; plain HTTP answers 301 to HTTPS"
