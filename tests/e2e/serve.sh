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

# ---- hardening: what the preview server must not answer ---------------------
out=$site/public
printf 'secret\n' >"$WORK/secret.txt"
ln -s "$WORK/secret.txt" "$out/leak.txt"        # a link out of the served folder
ln -s "$WORK" "$out/outside"
mkdir -p "$out/.git" && printf '[core]\n' >"$out/.git/config"
status() { get "$1" | head -1; }
for path in /.kmsite-manifest /.git/config /.git/ /leak.txt /outside/secret.txt \
            /index.html%00.txt /%2e%2e/secret.txt /articles/../../secret.txt /%2e%2e%2fsecret.txt; do
  get "$path" >"$WORK/r"
  assert_contains "$WORK/r" "HTTP/1.1 404"
  assert_not_contains "$WORK/r" "secret"
  assert_not_contains "$WORK/r" "[core]"
  assert_not_contains "$WORK/r" "index.html"  # not the manifest's list
done
get /articles/first >"$WORK/r"
assert_contains "$WORK/r" "HTTP/1.1 301"
assert_contains "$WORK/r" "Location: /articles/first/"
pass "serve refuses hidden files, links out of the folder, %00 and .. paths"

# Range: one bounded range, or 416; never many copies of the file.
range() {  # PATH RANGE-HEADER
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nRange: %s\r\n\r\n' "$1" "$2" >&3
  cat <&3
  exec 3>&-
}
size=$(stat -c %s "$out/robots.txt")
range /robots.txt "bytes=0-9" >"$WORK/r"
assert_contains "$WORK/r" "HTTP/1.1 206"
assert_contains "$WORK/r" "Content-Range: bytes 0-9/$size"
assert_contains "$WORK/r" "Content-Length: 10"
range /robots.txt "bytes=0-99999999999999" >"$WORK/r"
assert_contains "$WORK/r" "HTTP/1.1 206"
assert_contains "$WORK/r" "Content-Range: bytes 0-$((size - 1))/$size"
range /robots.txt "bytes=-5" >"$WORK/r"
assert_contains "$WORK/r" "Content-Range: bytes $((size - 5))-$((size - 1))/$size"
many=$(printf '0-,%.0s' $(seq 200))
for header in "bytes=${many%,}" "bytes=0-5,3-8" "bytes=$size-" "bytes=9-3" "lines=1-2" \
              "bytes=99999999999999999999999-"; do
  range /robots.txt "$header" >"$WORK/r"
  assert_contains "$WORK/r" "HTTP/1.1 416"
  [ "$(wc -c <"$WORK/r")" -lt 2000 ] || fail "416 response for '$header' is not small"
done
pass "serve answers one bounded range or 416"

# Slow clients: connections that send nothing hold a worker each until the
# read timeout. While 30 of them are still open (checked afterwards, so the
# answer cannot have waited for them to time out), a normal request answers.
python3 - "$port" <<'PY' || fail "a slow client blocked the server"
import socket, sys
port = int(sys.argv[1])
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(30)]
ok = socket.create_connection(("127.0.0.1", port), timeout=60)
ok.sendall(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")
reply = b""
while chunk := ok.recv(65536):
    reply += chunk
assert reply.startswith(b"HTTP/1.1 200"), reply[:100]
still_open = 0
for s in idle:
    s.setblocking(False)
    try:
        still_open += s.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        still_open += 1  # nothing to read and not closed: still held open
assert still_open == len(idle), f"only {still_open} idle connections were still open"
# The idle ones are dropped after the read timeout, not kept forever.
for s in idle:
    s.setblocking(True)
    s.settimeout(60)
    assert s.recv(1) == b"", "an idle connection was answered instead of closed"
PY
pass "serve answers while idle clients hold connections, and drops idle ones"
