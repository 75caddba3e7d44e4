# `kmsite serve` builds the site in memory and serves it over HTTP, with the
# 404 page for missing paths; it rebuilds on every save and reports errors
# through its event stream without ending.
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

# ---- serve never writes into public/ (drafts must never reach a deploy) ----------
[ ! -e "$site/public" ] || fail "serve created public/"
pass "serve builds in memory: no public/ folder"

# ---- hardening: what the preview server must not answer ---------------------
printf 'secret\n' >"$WORK/secret.txt"
status() { get "$1" | head -1; }
for path in /.kmsite-manifest /.git/config /.git/ /index.html%00.txt /%2e%2e/secret.txt \
            /articles/../../secret.txt /%2e%2e%2fsecret.txt /../site-config/site.yaml; do
  get "$path" >"$WORK/r"
  assert_contains "$WORK/r" "HTTP/1.1 404"
  assert_not_contains "$WORK/r" "secret"
  assert_not_contains "$WORK/r" "base_url"
done
get /articles/first >"$WORK/r"
assert_contains "$WORK/r" "HTTP/1.1 301"
assert_contains "$WORK/r" "Location: /articles/first/"
get /articles/first/ >"$WORK/r"
assert_contains "$WORK/r" "Content-Security-Policy: default-src 'self'"
assert_contains "$WORK/r" "X-Content-Type-Options: nosniff"
pass "serve refuses hidden files, %00 and .. paths, and sends the production headers"

# ---- the reload script: injected into pages, nowhere else -------------------
assert_contains "$WORK/r" '<script src="/__kmsite/live.js" data-site="1" data-file="articles/first/index.html"></script>'
get /__kmsite/live.js >"$WORK/js"
assert_contains "$WORK/js" "HTTP/1.1 200"
assert_contains "$WORK/js" "EventSource"
get /robots.txt >"$WORK/robots"
assert_not_contains "$WORK/robots" "__kmsite"
assert_contains "$WORK/home" "http://127.0.0.1:$port/"  # links point at the preview
pass "pages carry the reload script; other files do not"

# ---- revalidation: the same bytes answer 304 ---------------------------------
css=$(grep -o 'href="/css/site\.[0-9a-f]*\.css"' "$WORK/home" | cut -d'"' -f2)
[ -n "$css" ] || fail "the home page links no hashed stylesheet"
get "$css" >"$WORK/css"
etag=$(grep -i '^ETag:' "$WORK/css" | tr -d '\r' | cut -d' ' -f2 || true)
[ -n "$etag" ] || fail "no ETag on $css"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nIf-None-Match: %s\r\n\r\n' "$css" "$etag" >&3
cat <&3 >"$WORK/css304"
exec 3>&-
assert_contains "$WORK/css304" "HTTP/1.1 304"
assert_not_contains "$WORK/css304" "{"
pass "files carry an ETag and a revalidation of the same bytes answers 304"

# ---- an edit is rebuilt and served; a broken page keeps the last good site ----
wait_for() {  # PATH TEXT: until GET PATH contains TEXT (10 s at most)
  for _ in $(seq 100); do
    get "$1" >"$WORK/w" 2>/dev/null
    grep -qF -- "$2" "$WORK/w" && return 0
    sleep 0.1
  done
  cat "$WORK/serve.log" >&2
  fail "GET $1 never showed '$2'"
}
sed -i 's/^เนื้อหา$/เนื้อหาที่แก้ไขแล้ว/' "$site/content/articles/first.md"
wait_for /articles/first/ "เนื้อหาที่แก้ไขแล้ว"
wait_for /articles/first/ 'data-site="2"'
assert_contains "$WORK/serve.log" "rebuilt after content/articles/first.md"
# The event stream names what changed since a page's generation: the page.
python3 - "$port" <<'PY' || fail "the event stream did not name the changed page"
import json, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET /__kmsite/events?site=1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
data = b""
while b"data:" not in data or not data.rstrip(b"\r\n").endswith(b"}"):
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
line = [l for l in data.decode().splitlines() if l.startswith("data: ")][0]
state = json.loads(line[6:])
assert state["site"] == 2, state
assert "articles/first/index.html" in state["changed"], state
assert not [p for p in state["changed"] if p.startswith("css/")], state
PY
# Broken front matter: the last good page stays, the error is in the event stream.
printf -- '---\ntitle: [unclosed\n---\nเนื้อหาที่พัง\n' >"$site/content/articles/first.md"
python3 - "$port" <<'PY' || fail "the event stream did not report the error"
import json, socket, sys, time
port = int(sys.argv[1])
deadline = time.time() + 10
while time.time() < deadline:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET /__kmsite/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
    data = b""
    while b"\n\n" not in data.split(b"\r\n\r\n", 1)[-1] or b"data:" not in data:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    line = [l for l in data.decode().splitlines() if l.startswith("data: ")][0]
    state = json.loads(line[6:])
    if state["errors"]:
        assert any("content/articles/first.md:2:" in e for e in state["errors"]), state
        assert state["site"] == 2, state
        sys.exit(0)
    time.sleep(0.2)
sys.exit(1)
PY
get /articles/first/ >"$WORK/r"
assert_contains "$WORK/r" "เนื้อหาที่แก้ไขแล้ว"
assert_not_contains "$WORK/r" "เนื้อหาที่พัง"
assert_contains "$WORK/serve.log" "still serving the last site that built"
assert_contains "$WORK/serve.log" "kmsite: the rebuild after content/articles/first.md failed with 1 error(s)"
kill -0 $server || fail "a broken page ended the server"
printf -- '---\ntitle: บทความแรก\ntags: [ทดสอบ]\n---\n## หัวข้อ\n\nเนื้อหาที่ซ่อมแล้ว\n' \
  >"$site/content/articles/first.md"
wait_for /articles/first/ "เนื้อหาที่ซ่อมแล้ว"
wait_for /articles/first/ 'data-site="3"'
pass "serve rebuilds on a save, keeps the last good site on an error, recovers on the fix"

# ---- the port is checked before anything says "serving" ----------------------
run 2 "$KMSITE" serve --source "$site" --port "$port"
assert_contains "$WORK/err" "cannot listen on 127.0.0.1:$port"
assert_not_contains "$WORK/out" "serving"
pass "a port that is taken is an error (exit 2) before anything is served"

# ---- serve -D shows drafts, in memory only ------------------------------------
printf -- '---\ntitle: ร่างบทความ\ndraft: true\n---\nยังไม่เผยแพร่\n' >"$site/content/articles/draft.md"
run 0 "$KMSITE" build --source "$site" -q
before=$(tree_hash "$site/public")
dport=$((port + 1))
"$KMSITE" serve --source "$site" --port "$dport" -D >"$WORK/draft.log" 2>&1 &
drafts=$!
trap 'kill $server $drafts 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do
  exec 3<>"/dev/tcp/127.0.0.1/$dport" 2>/dev/null && break; sleep 0.1
done
exec 3>&- 2>/dev/null || true
port_saved=$port; port=$dport
wait_for /articles/draft/ "ยังไม่เผยแพร่"
port=$port_saved
kill $drafts; wait $drafts 2>/dev/null || true
[ "$(tree_hash "$site/public")" = "$before" ] || fail "serve -D changed public/"
[ ! -e "$site/public/articles/draft" ] || fail "a draft reached public/"
assert_not_contains "$site/public/sitemap.xml" "articles/draft"
pass "serve -D shows drafts and never writes them into public/"

# Range: one bounded range, or 416; never many copies of the file.
range() {  # PATH RANGE-HEADER
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nRange: %s\r\n\r\n' "$1" "$2" >&3
  cat <&3
  exec 3>&-
}
size=$(get /robots.txt | sed "1,/^\r$/d" | wc -c)
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
