# The nginx recipe (issue #14 item 4), proven against Debian's real nginx:
# publish/nginx/kmsite-http.conf and kmsite-server.conf, the very files the
# recipe tells webmasters to install, serve a built site on a loopback port,
# and curl checks each kind of response: every security header exactly once
# (they used to be on HTML only), one Cache-Control, text types with their
# charset, CSV as text/csv with its BOM, compression of XML, the 404 page with
# status 404, hidden files refused, Thai URLs percent-encoded.
source "$(dirname "$0")/lib.sh"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || fail "nginx is needed (setup.sh installs nginx-light)"
command -v curl >/dev/null || fail "curl is needed"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

site=$WORK/site
make_site "$site"
printf -- '---\ntitle: ความรู้ไทย\n---\n\n## หัวข้อ\n\nเนื้อหา\n' >"$site/content/articles/ความรู้.md"
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
get /css/site.css 200 "text/css; charset=utf-8" "no-cache"
js=$(cd "$public" && ls js/*.js | head -1)
get "/$js" 200 "application/javascript; charset=utf-8" "no-cache"
get /fonts/Loma.woff 200 "font/woff" "public, max-age=86400"
get /search/meta.json 200 "application/json; charset=utf-8" "no-cache"
fragment=$(cd "$public" && ls search/f/*.json | head -1)
get "/$fragment" 200 "application/json; charset=utf-8" "public, max-age=86400"
get /sitemap.xml 200 "text/xml; charset=utf-8" "no-cache"
get /robots.txt 200 "text/plain; charset=utf-8" "no-cache"
# The icon kmsite draws when site.yaml names none: browsers asked for
# /favicon.ico on every visit and logged a 404.
get /favicon.svg 200 "image/svg+xml; charset=utf-8" "no-cache"
assert_contains "$WORK/body" '<svg xmlns="http://www.w3.org/2000/svg"'
assert_contains "$WORK/body" '>ส</text>'  # สำนักงานทดสอบ: its first consonant
assert_contains "$public/index.html" '<link rel="icon" href="/favicon.svg" type="image/svg+xml">' 
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
for hidden in /.kmsite-manifest /.git/config /fonts/README.md; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$hidden")
  [ "$code" = 404 ] || fail "$hidden answered $code"
done
[ ! -e "$public/fonts/README.md" ] || fail "fonts/README.md is published"
pass "the 404 page with status 404; hidden files and licences are not served"

thai=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("/articles/ความรู้/"))')
get "$thai" 200 "text/html; charset=utf-8" "no-cache"
assert_contains "$WORK/body" "ความรู้ไทย"
pass "a Thai URL, percent-encoded, is served"
