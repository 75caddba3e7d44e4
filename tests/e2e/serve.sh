# `kmsite serve` builds the site and serves it over HTTP, with the 404 page
# for missing paths.
source "$(dirname "$0")/lib.sh"

site=$WORK/site
make_site "$site"
port=$((20000 + RANDOM % 20000))
"$KMSITE" serve --source "$site" --port "$port" >"$WORK/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$WORK"' EXIT

# get PATH: prints the raw HTTP response (bash's /dev/tcp: no curl needed).
get() {
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$1" >&3
  cat <&3
  exec 3>&-
}
for _ in $(seq 50); do get / >"$WORK/home" 2>/dev/null && break; sleep 0.1; done
assert_contains "$WORK/home" "HTTP/1.1 200"
assert_contains "$WORK/home" "<h1>หน้าแรก</h1>"
get /articles/first/ >"$WORK/page"
assert_contains "$WORK/page" "<h1>บทความแรก</h1>"
get /no/such/page/ >"$WORK/missing"
assert_contains "$WORK/missing" "HTTP/1.1 404"
assert_contains "$WORK/missing" "ไม่พบหน้าที่ต้องการ"
assert_contains "$WORK/serve.log" "serving"
pass "serve answers pages and the 404 page"
