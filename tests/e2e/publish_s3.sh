# kmsite publish s3:BUCKET/PREFIX, through Debian's rclone, against a real
# S3 server on a loopback port (npm's s3rver, which keeps each object's
# headers): every file uploaded with its Content-Type and Cache-Control; a
# second publish after one page changed uploads only the changed files (the
# server's own log says which objects it stored); --dry-run and a refused
# --max-deletes change nothing; the bucket's dot-files are kept; a missing
# bucket, a bad target and a missing rclone are errors.
source "$(dirname "$0")/lib.sh"
command -v rclone >/dev/null || fail "rclone is needed (setup.sh installs it)"
command -v curl >/dev/null || fail "curl is needed"
S3RVER=$REPO/node_modules/.bin/s3rver
[ -x "$S3RVER" ] || fail "npm's s3rver is needed (run npm ci)"

site=$WORK/site
make_site "$site"
mkdir -p "$site/content/images"
cp "$REPO/content/galleries/pmss-infographics/pmss-leave.png" "$site/content/images/leave.png"
printf -- '---\ntitle: รูป\n---\n\n![แผนภาพ](/images/leave.png)\n' >"$site/content/articles/picture.md"
cd "$site"
git init -q -b main
git config user.name "ทดสอบ" && git config user.email "test@example.go.th"
printf 'public/\n.kmsite-cache/\n' >.gitignore
git add -A && git commit -q -m "site"
run 0 "$KMSITE" build --source "$site" -q
out=$site/public

# ---- the server: s3rver on 127.0.0.1, its bucket "kmsite-test", its own log -------------
data=$WORK/s3data
mkdir -p "$data"
"$S3RVER" -d "$data" -a 127.0.0.1 -p 0 --configure-bucket kmsite-test >"$WORK/s3.log" 2>&1 &
s3pid=$!
trap 'kill $s3pid 2>/dev/null; wait $s3pid 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 300); do  # until it listens (it prints its port)
  grep -q "listening on" "$WORK/s3.log" && break
  sleep 0.1
done
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/s3.log")
[ -n "$port" ] || { cat "$WORK/s3.log"; fail "s3rver did not start"; }
base=http://127.0.0.1:$port

# Credentials and endpoint as a webmaster sets them: rclone's own variables.
# AWS_CA_BUNDLE too, which rclone 1.60 cannot use itself: kmsite hands it to
# rclone as RCLONE_CA_CERT (without that, every rclone run here stops).
# No RCLONE_S3_PROVIDER: with an endpoint, kmsite tells rclone "Other".
export RCLONE_S3_ENDPOINT=$base RCLONE_S3_ACCESS_KEY_ID=S3RVER RCLONE_S3_SECRET_ACCESS_KEY=S3RVER \
  AWS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt HOME=$WORK/home
unset RCLONE_CA_CERT RCLONE_CONFIG RCLONE_S3_PROVIDER AWS_ACCESS_KEY_ID AWS_PROFILE AWS_WEB_IDENTITY_TOKEN_FILE
[ -f "$AWS_CA_BUNDLE" ] || fail "no $AWS_CA_BUNDLE (ca-certificates)"
target=s3:kmsite-test/sites/office-a

# rclone as the test uses it to look at the bucket (kmsite does the rest).
s3() { env -u AWS_CA_BUNDLE RCLONE_S3_PROVIDER=Other rclone --config /dev/null "$@"; }
objects() { s3 lsf -R --files-only ":s3:kmsite-test/${1:-sites/office-a}" | LC_ALL=C sort; }
# The output's files a bucket gets: not the build's .gz/.br copies of its
# files (a bucket cannot choose an encoding per browser).
all_output_files() { (cd "$out" && find . -type f ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort); }
output_files() {
  all_output_files | awk '{f[NR] = $0; have[$0] = 1}
    END {for (i = 1; i <= NR; i++) {o = f[i]; if (sub(/\.(gz|br)$/, "", o) && (o in have)) continue; print f[i]}}' |
    grep -vE '^(_redirects$|_kmsite/)'  # the servers' redirect maps: no bucket reads them
}
# The objects the server stored since line $1 of its log (its own record).
stored_since() {
  tail -n +"$1" "$WORK/s3.log" | sed -n 's/.*Stored object "sites\/office-a\/\(.*\)" in bucket "kmsite-test".*/\1/p' |
    LC_ALL=C sort
}
log_mark() { echo $(($(wc -l <"$WORK/s3.log") + 1)); }
# The headers the rule gives a site path (docs/webmasters.md): a year for the
# hashed names under css, js, fonts, search; a day for pictures; else no-cache.
want_cache() {
  if [[ $1 =~ ^(css|js|fonts|search)/(.*[./-])?[0-9a-f]{16}[./] ]]; then
    echo "public, max-age=31536000, immutable"
  elif [[ ${1,,} =~ \.(png|jpe?g|webp|gif|avif|ico)$ ]]; then
    echo "public, max-age=86400"
  else
    echo "no-cache"
  fi
}
want_type() {
  case ${1,,} in
    *.html) echo "text/html; charset=utf-8" ;;
    *.css) echo "text/css; charset=utf-8" ;;
    *.js) echo "text/javascript; charset=utf-8" ;;
    *.json) echo "application/json; charset=utf-8" ;;
    *.xml) echo "application/xml; charset=utf-8" ;;
    *.txt) echo "text/plain; charset=utf-8" ;;
    *.svg) echo "image/svg+xml; charset=utf-8" ;;
    *.csv) echo "text/csv; charset=utf-8" ;;
    *.yml) echo "text/yaml; charset=utf-8" ;;
    *.webmanifest) echo "application/manifest+json; charset=utf-8" ;;
    *.png) echo "image/png" ;;
    *.jpg | *.jpeg) echo "image/jpeg" ;;
    *.webp) echo "image/webp" ;;
    *.ico) echo "image/x-icon" ;;
    *.woff) echo "font/woff" ;;
    *.woff2) echo "font/woff2" ;;
    *.pdf) echo "application/pdf" ;;
    *) echo "unexpected file $1" ;;
  esac
}
# Each path and its percent-encoded URL path (Thai names), tab-separated.
with_urls() { python3 -c 'import sys, urllib.parse
for l in sys.stdin: p = l.rstrip("\n"); print(p + "\t" + urllib.parse.quote(p))'; }

# ---- usage and environment errors -----------------------------------------------
for bad in "s3:Km/x" "s3:km//x" "s3:km/../x" "s3:-km/x"; do
  run 2 "$KMSITE" publish "$bad" --source "$site"
  assert_contains "$WORK/err" "s3:BUCKET/PREFIX"
done
run 2 "$KMSITE" publish s3:nobucket/x --source "$site"
assert_contains "$WORK/err" "no such bucket"
PATH="$WORK/nowhere" run 2 "$KMSITE" publish "$target" --source "$site"
assert_contains "$WORK/err" "apt install rclone"
[ -z "$(objects)" ] || fail "a failed publish uploaded objects"
pass "s3: bad targets exit 2; a missing bucket and a missing rclone are environment errors (exit 2)"

# ---- --dry-run, then the first publish ------------------------------------------
run 0 "$KMSITE" publish "$target" --source "$site" --dry-run
assert_contains "$WORK/out" "+ index.html"
assert_contains "$WORK/out" "+ tags/ทดสอบ/index.html"
assert_contains "$WORK/out" "dry run, nothing changed"
[ -z "$(find "$data" -name '*._S3rver_object')" ] || fail "--dry-run stored objects"
mark=$(log_mark)
run 0 "$KMSITE" publish "$target" --source "$site"
count=$(output_files | wc -l)
assert_contains "$WORK/out" "$count added, 0 changed, 0 removed, 0 unchanged"
diff <(output_files) <(objects) || fail "the bucket's objects are not the output's files"
[ "$(all_output_files | wc -l)" -gt "$(output_files | wc -l)" ] || fail "the build made no .gz/.br copies to leave out"
! objects | grep -qE '\.(gz|br)$' || fail "a .gz/.br copy was uploaded"
diff <(output_files) <(stored_since "$mark") || fail "the server's log does not show every file stored once"
pass "s3: --dry-run lists and stores nothing; the first publish stores exactly the output's $count files"

classes=""
while IFS=$'\t' read -r f url; do
  curl -sf -D "$WORK/headers" -o "$WORK/body" "$base/kmsite-test/sites/office-a/$url" ||
    fail "GET $f from the bucket"
  cmp -s "$WORK/body" "$out/$f" || fail "the object $f differs from the output's file"
  type=$(sed -n 's/^Content-Type: \(.*\)\r$/\1/Ip' "$WORK/headers")
  cache=$(sed -n 's/^Cache-Control: \(.*\)\r$/\1/Ip' "$WORK/headers")
  [ "$type" = "$(want_type "$f")" ] || fail "$f: Content-Type '$type', want '$(want_type "$f")'"
  [ "$cache" = "$(want_cache "$f")" ] || fail "$f: Cache-Control '$cache', want '$(want_cache "$f")'"
  ! grep -qi '^Content-Encoding:' "$WORK/headers" || fail "$f has a Content-Encoding"
  classes+="$cache"$'\n'
done < <(output_files | with_urls)
grep -qx "no-cache" <<<"$classes" || fail "no object is no-cache"
grep -qx "public, max-age=86400" <<<"$classes" || fail "no picture got a day"
# After the output's CSS, JS and search files carry 16-hex-digit hashes in
# their names, they are immutable; so must the objects be.
if [ -n "$(output_files | grep -E '^(css|js|fonts|search)/(.*[./-])?[0-9a-f]{16}[./]')" ]; then
  grep -qx "public, max-age=31536000, immutable" <<<"$classes" || fail "no hashed file is immutable"
fi
pass "s3: every object has the output's bytes, its Content-Type (charset=utf-8 for text) and the Cache-Control of its kind, no Content-Encoding"

# ---- publishing again: nothing, then only what changed ----------------------------
mark=$(log_mark)
run 0 "$KMSITE" publish "$target" --source "$site"
assert_contains "$WORK/out" "0 added, 0 changed, 0 removed, $count unchanged"
[ -z "$(stored_since "$mark")" ] || fail "publishing without a change stored objects: $(stored_since "$mark")"

(cd "$out" && for f in $(output_files); do md5sum "$f"; done) >"$WORK/md5.before"
sed -i 's/เนื้อหา/เนื้อหาที่แก้ไขแล้ว/' content/articles/first.md
run 0 "$KMSITE" build --source "$site" -q
(cd "$out" && for f in $(output_files); do md5sum "$f"; done) >"$WORK/md5.after"
# New or different bytes (the page, the lists that show it, search files
# whose names follow their bytes), and the names the build no longer makes.
changed=$(comm -13 <(LC_ALL=C sort "$WORK/md5.before") <(LC_ALL=C sort "$WORK/md5.after") | awk '{print $2}' | LC_ALL=C sort)
gone=$(comm -23 <(awk '{print $2}' "$WORK/md5.before" | LC_ALL=C sort) <(awk '{print $2}' "$WORK/md5.after" | LC_ALL=C sort) | grep -c . || true)
grep -qx "articles/first/index.html" <<<"$changed" || fail "the edited page did not change ($changed)"
[ "$(wc -l <<<"$changed")" -lt "$count" ] || fail "every file changed"
run 0 "$KMSITE" publish "$target" --source "$site" --dry-run
grep -E '^[~+] ' "$WORK/out" | cut -c3- | LC_ALL=C sort >"$WORK/listed"
[ "$(cat "$WORK/listed")" = "$changed" ] || fail "--dry-run listed $(cat "$WORK/listed"), not the changed files $changed"
mark=$(log_mark)
run 0 "$KMSITE" publish "$target" --source "$site"
read -r added modified removed < <(sed -n 's/.*: \([0-9]*\) added, \([0-9]*\) changed, \([0-9]*\) removed.*/\1 \2 \3/p' "$WORK/out")
[ "$((added + modified))" = "$(wc -l <<<"$changed")" ] && [ "$removed" = "$gone" ] ||
  fail "the summary ($(cat "$WORK/out")) does not count $(wc -l <<<"$changed") new or changed and $gone removed files"
diff <(output_files) <(objects) || fail "after the edit the bucket's objects are not the output's files"
[ "$(stored_since "$mark")" = "$changed" ] ||
  fail "stored $(stored_since "$mark" | tr '\n' ' '), not only the changed files $(tr '\n' ' ' <<<"$changed")"
curl -sf -o "$WORK/page" "$base/kmsite-test/sites/office-a/articles/first/index.html" || fail "GET the page"
assert_contains "$WORK/page" "เนื้อหาที่แก้ไขแล้ว"
pass "s3: publishing again stores nothing; after one edit it stores exactly the $(wc -l <<<"$changed") new or changed files (the page, the lists, search files) and removes $gone"

# ---- removals: --dry-run, --max-deletes, the bucket's own dot-files ---------------
printf 'Contact: mailto:security@example.go.th\n' >"$WORK/security.txt"
s3 copyto "$WORK/security.txt" ":s3:kmsite-test/sites/office-a/.well-known/security.txt"
s3 copyto "$WORK/security.txt" ":s3:kmsite-test/sites/office-b/index.html"
mv content/articles/first.md "$WORK/first.md"
run 0 "$KMSITE" build --source "$site" -q --no-check
objects >"$WORK/objects.before"
removed=$(comm -23 <(grep -v '^\.' "$WORK/objects.before") <(output_files))
grep -qx "articles/first/index.html" <<<"$removed" || fail "the removed page is not among the objects to remove"
run 0 "$KMSITE" publish "$target" --source "$site" --dry-run
assert_contains "$WORK/out" "- articles/first/index.html"
assert_not_contains "$WORK/out" "security.txt"
diff "$WORK/objects.before" <(objects) || fail "--dry-run changed the bucket"
mark=$(log_mark)
run 1 "$KMSITE" publish "$target" --source "$site" --max-deletes 0
assert_contains "$WORK/err" "--max-deletes"
diff "$WORK/objects.before" <(objects) || fail "a refused --max-deletes changed the bucket"
[ -z "$(stored_since "$mark")" ] || fail "a refused --max-deletes stored objects"
run 1 "$KMSITE" publish "$target" --source "$site" --max-deletes $(($(wc -l <<<"$removed") - 1))
run 0 "$KMSITE" publish "$target" --source "$site" --max-deletes "$(wc -l <<<"$removed")"
assert_matches "$WORK/out" "published to s3:kmsite-test/sites/office-a: [0-9]+ added, [0-9]+ changed, $(wc -l <<<"$removed") removed"
diff <( (output_files; echo .well-known/security.txt) | LC_ALL=C sort) <(objects) ||
  fail "after the removal the bucket is not the output plus its dot-file"
[ "$(objects sites/office-b)" = index.html ] || fail "another prefix of the bucket was touched"
mv "$WORK/first.md" content/articles/first.md
pass "s3: --dry-run and a refused --max-deletes (exit 1) change nothing; a removed page's object goes; dot-files and other prefixes stay"
