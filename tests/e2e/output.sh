# The output folder as a web server and a webmaster see it: modes that
# another user can read, files kmsite did not write kept, no litter from
# killed builds, one clear message for a full disk, and the CLI's guards
# (--jobs, kmsite new, escaped file names, valid UTF-8 JSON).
source "$(dirname "$0")/lib.sh"

site=$WORK/site
make_site "$site"
out=$site/public

# ---- modes: 0777/0666 less the umask, never mkdtemp's 0700 -------------------
mode() { stat -c %a "$1"; }
for mask in 022 027; do
  rm -rf "$out"  # modes are those of the umask when a file is made; unchanged files keep theirs
  (umask $mask && "$KMSITE" build --source "$site" -q >"$WORK/out" 2>"$WORK/err") ||
    { cat "$WORK/err"; fail "build under umask $mask"; }
  want_dir=$(printf '%o' $((0777 & ~0$mask))) want_file=$(printf '%o' $((0666 & ~0$mask)))
  for d in "$out" "$out/articles" "$out/articles/first" "$out/css"; do
    [ "$(mode "$d")" = "$want_dir" ] || fail "umask $mask: $d is $(mode "$d"), not $want_dir"
  done
  for f in "$out/index.html" "$out/articles/first/index.html" "$out/sitemap.xml" \
           "$out/.kmsite-manifest" "$(find "$out/css" -type f | head -1)"; do
    [ "$(mode "$f")" = "$want_file" ] || fail "umask $mask: $f is $(mode "$f"), not $want_file"
  done
done
pass "output folders and files have the umask's modes (755/644, 750/640)"

# ---- files kmsite did not write are kept -------------------------------------
mkdir -p "$out/.git/refs" "$out/.well-known"
printf 'ref: refs/heads/gh-pages\n' >"$out/.git/HEAD"
printf 'km.example.go.th\n' >"$out/CNAME"
printf 'Contact: mailto:security@example.go.th\n' >"$out/.well-known/security.txt"
run 0 "$KMSITE" build --source "$site" -q
assert_contains "$out/.git/HEAD" "gh-pages"
assert_contains "$out/CNAME" "km.example.go.th"
assert_contains "$out/.well-known/security.txt" "security@example.go.th"
assert_contains "$out/.kmsite-manifest" "articles/first/index.html"
assert_not_contains "$out/.kmsite-manifest" "CNAME"
assert_not_contains "$out/.kmsite-manifest" ".git"
# A page deleted from content/ is deleted from the output (it is in the manifest).
mv "$site/content/articles/first.md" "$WORK/first.md"
run 0 "$KMSITE" build --source "$site" -q --no-check
[ ! -e "$out/articles/first/index.html" ] || fail "a removed page stayed in the output"
mv "$WORK/first.md" "$site/content/articles/first.md"
run 0 "$KMSITE" build --source "$site" -q
# The recipes keep the manifest and other hidden files from the public
# (tests/e2e/nginx.sh, apache.sh and caddy.sh ask the real servers for it and
# get 404).
assert_contains "$REPO/publish/nginx/kmsite-server.conf" "kmsite-manifest"
assert_contains "$REPO/publish/apache/kmsite.conf" "kmsite-manifest"
assert_contains "$REPO/publish/caddy/kmsite.caddy" "kmsite-manifest"
pass "a gh-pages .git, CNAME and .well-known/ survive builds; the manifest lists only kmsite's files"

# A kept file where the build now writes: refused, output unchanged.
before=$(tree_hash "$out")
printf 'a page called CNAME\n' >"$site/content/CNAME.txt"
mkdir -p "$site/content/CNAME.txt.d"
rm -rf "$site/content/CNAME.txt.d"
printf 'x\n' >"$out/kept.txt"
cp "$site/content/CNAME.txt" "$site/content/kept.txt"
run 2 "$KMSITE" build --source "$site" -q
assert_contains "$WORK/err" "kept.txt"
assert_contains "$WORK/err" "did not write"
assert_contains "$WORK/err" "ไม่ได้สร้างโดย kmsite"
rm "$site/content/CNAME.txt" "$site/content/kept.txt"
rm "$out/kept.txt"
before=$(tree_hash "$out")
run 0 "$KMSITE" build --source "$site" -q
[ "$(tree_hash "$out")" = "$before" ] || fail "a rebuild of the same site changed the output"
pass "a kept file at a path the build writes is refused with a clear message"

# ---- nothing changed: nothing to do, nothing written ------------------------------
snap() { find "$1" -printf '%i %T@ %m %p\n' | sort; }
rm -rf "$out" "$site/.kmsite-cache"
run 0 "$KMSITE" build --source "$site"
assert_contains "$WORK/out" "0 unchanged"
before=$(snap "$out")
run 0 "$KMSITE" build --source "$site"
assert_contains "$WORK/out" "nothing changed since the last build"
[ "$(snap "$out")" = "$before" ] || fail "a build with nothing changed touched the output"
# An output file edited by hand: the output is no longer what the last build
# left, so the build runs and puts the file back.
printf 'defaced\n' >"$out/index.html"
run 0 "$KMSITE" build --source "$site"
assert_not_contains "$WORK/out" "nothing changed"
assert_contains "$WORK/out" "1 written"
assert_not_contains "$out/index.html" "defaced"
# A changed source: built again; the record in the cache that is unreadable
# or of another output is ignored.
printf '\nย่อหน้าใหม่\n' >>"$site/content/articles/first.md"
run 0 "$KMSITE" build --source "$site"
assert_not_contains "$WORK/out" "nothing changed"
assert_contains "$out/articles/first/index.html" "ย่อหน้าใหม่"
printf 'garbage' >"$site/.kmsite-cache/last-build"
run 0 "$KMSITE" build --source "$site"
assert_contains "$WORK/out" "0 written"
run 0 "$KMSITE" build --source "$site" --out "$WORK/other-out"
run 0 "$KMSITE" build --source "$site"
assert_not_contains "$WORK/out" "nothing changed"  # the record names the other output
pass "a build with nothing changed does nothing; a defaced output or a bad record builds again"

# ---- stale staging of a killed build is removed; a running build's is not -----
big=$WORK/big
make_site "$big"
for i in $(seq 1500); do
  printf -- '---\ntitle: บทความที่ %s\n---\n## หัวข้อ\n\nเนื้อหาของบทความที่ %s\n' "$i" "$i" \
    >"$big/content/articles/a$i.md"
done
run 0 "$KMSITE" build --source "$big" -q --no-check
killed=
for attempt in 1 2 3 4 5; do
  # A new site title changes every page, so the build stages every file.
  sed -i "s/^title: .*/title: ศูนย์ความรู้ทดสอบ $attempt/" "$big/site-config/site.yaml"
  "$KMSITE" build --source "$big" -q --no-check --jobs 1 >/dev/null 2>&1 &
  pid=$!
  while kill -0 $pid 2>/dev/null; do
    staging=$(find "$big" -maxdepth 1 -name '.public.kmsite-*' -type d | head -1)
    if [ -n "$staging" ] && [ -n "$(find "$staging" -type f -print -quit)" ]; then
      kill -9 $pid && killed=$staging
      break
    fi
  done
  wait $pid 2>/dev/null || true
  [ -n "$killed" ] && break
done
[ -n "$killed" ] || fail "could not kill a build while it was writing"
[ -d "$killed" ] || fail "the killed build left no staging folder (test is not testing)"
# A build still running: its staging folder is locked (flock, as kmsite does).
mkdir "$big/.public.kmsite-staging-running1"
python3 -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(120)' "$big/.public.kmsite-staging-running1" "$WORK/locked" &
holder=$!
trap 'kill $holder 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 200); do [ -e "$WORK/locked" ] && break; sleep 0.05; done
[ -e "$WORK/locked" ] || fail "could not lock the running build's folder"
run 0 "$KMSITE" build --source "$big" -q --no-check
[ ! -e "$killed" ] || fail "the killed build's staging folder $killed is still there"
[ -d "$big/.public.kmsite-staging-running1" ] || fail "a running build's staging folder was removed"
kill $holder
wait $holder 2>/dev/null || true
run 0 "$KMSITE" build --source "$big" -q --no-check
[ -z "$(find "$big" -maxdepth 1 -name '.public.kmsite-*')" ] || fail "staging litter left"
[ -f "$big/public/articles/a1500/index.html" ] || fail "the big site was not built"
pass "a build removes staging folders of killed builds, not of running ones"

# ---- a full disk: exit 2, one message in English and Thai, nothing changed ----
full_disk_check() {  # OUT-DIR LABEL
  local target=$1 label=$2
  assert_contains "$WORK/err" "cannot write the output"
  assert_contains "$WORK/err" "ดิสก์เต็ม"
  [ "$(grep -c 'error' "$WORK/err")" = 1 ] || { cat "$WORK/err"; fail "$label: not one message"; }
  assert_not_contains "$WORK/err" "emit-write"
  [ -z "$(find "$(dirname "$target")" -maxdepth 1 -name '.public.kmsite-*')" ] ||
    fail "$label: the staging folder was left behind"
}
# Past a file size limit (ulimit -f): write() fails with EFBIG. Works anywhere.
small=$WORK/small
make_site "$small"
run 0 "$KMSITE" build --source "$small" -q
before=$(tree_hash "$small/public")
head -c 300000 /dev/zero | tr '\0' 'a' | fold -w 80 | sed 's/^/ข้อความ /' >"$WORK/body"
{ printf -- '---\ntitle: หน้ายาว\n---\n'; cat "$WORK/body"; } >"$small/content/articles/long.md"
code=0
(ulimit -f 100 && "$KMSITE" build --source "$small" -q --no-check) >"$WORK/out" 2>"$WORK/err" || code=$?
[ "$code" = 2 ] || { cat "$WORK/err"; fail "file size limit: exit $code, not 2"; }
full_disk_check "$small/public" "file size limit"
assert_contains "$WORK/err" "larger than the size limit"
[ "$(tree_hash "$small/public")" = "$before" ] || fail "file size limit: output changed"
pass "a write past the file size limit exits 2 with one message; output unchanged"

# A really full file system: a 1 MB tmpfs (needs root or CAP_SYS_ADMIN; CI
# containers without it run the file-size-limit case above, same code path).
disk=$WORK/disk
mkdir -p "$disk"
if mount -t tmpfs -o size=1m tmpfs "$disk" 2>/dev/null; then
  trap 'umount "$disk" 2>/dev/null || true; rm -rf "$WORK"' EXIT
  rm "$small/content/articles/long.md"
  run 0 "$KMSITE" build --source "$small" --out "$disk/public" -q --no-check
  before=$(tree_hash "$disk/public")
  for i in $(seq 400); do cp "$WORK/body" "$small/content/articles/b$i.txt"; done
  for i in $(seq 300); do
    printf -- '---\ntitle: บทความ %s\n---\nเนื้อหา [ไฟล์](b%s.txt)\n' "$i" "$i" >"$small/content/articles/p$i.md"
  done
  run 2 "$KMSITE" build --source "$small" --out "$disk/public" -q --no-check
  full_disk_check "$disk/public" "full disk"
  assert_contains "$WORK/err" "No space left on device"
  [ "$(tree_hash "$disk/public")" = "$before" ] || fail "full disk: output changed"
  umount "$disk"
  pass "a full disk (1 MB tmpfs) exits 2 with one message; output unchanged"
else
  echo "note: cannot mount a tmpfs here (no privilege); the file-size-limit case covered the path"
fi

# ---- --jobs -------------------------------------------------------------------
run 0 "$KMSITE" build --source "$site" --jobs 4294967295 --no-check
assert_contains "$WORK/err" "more than 256; using 256"
assert_contains "$WORK/out" "with 256 jobs"
run 0 "$KMSITE" build --source "$site" --jobs 0 -q --no-check
for bad in -1 abc 2x "" 1.5; do
  run 2 "$KMSITE" build --source "$site" --jobs "$bad"
  assert_contains "$WORK/err" "jobs"
  assert_not_contains "$WORK/err" "internal error"
done
run 2 "$KMSITE" check "$out" --jobs=-3
assert_contains "$WORK/err" "--jobs must be a whole number"
pass "--jobs: 0 is all cores, huge values are clamped, others are usage errors"

# ---- kmsite new never writes outside content/ ---------------------------------
mkdir -p "$WORK/elsewhere"
ln -s "$WORK/elsewhere" "$site/content/linked"
run 2 "$KMSITE" new article linked/x --source "$site"
assert_contains "$WORK/err" "symbolic link that leads outside content/"
ln -s "$WORK/elsewhere/target.md" "$site/content/articles/dangling.md"
run 2 "$KMSITE" new article articles/dangling --source "$site"
assert_contains "$WORK/err" "already exists"
run 2 "$KMSITE" new article articles/../articles/y --source "$site"
run 2 "$KMSITE" new article /tmp/abs --source "$site"
[ -z "$(ls -A "$WORK/elsewhere")" ] || fail "kmsite new wrote outside content/"
[ ! -e /tmp/abs.md ] || fail "kmsite new wrote an absolute path"
mkdir -p "$site/content/articles/real"
ln -s real "$site/content/articles/inside"  # a link that stays in content/ is fine
run 0 "$KMSITE" new article articles/inside/z --source "$site"
[ -f "$site/content/articles/real/z.md" ] || fail "new through an inside link"
rm -rf "$site/content/linked" "$site/content/articles/dangling.md" "$site/content/articles/inside" \
  "$site/content/articles/real"
pass "kmsite new refuses links out of content/, dangling links, .. and absolute paths"

# ---- file names cannot forge lines or send terminal escapes -------------------
evil=$'content/articles/x\n.md:1:1: error: forged [rule]\e[2J\e]0;pwned\a.md'
printf -- '---\ntitle: [unclosed\n---\n' >"$site/$evil"
code=0
"$KMSITE" build --source "$site" >"$WORK/out" 2>"$WORK/err" || code=$?
rm -f "$site/$evil"
[ "$code" != 0 ] || fail "the broken page built"
! grep -q $'\e' "$WORK/err" || fail "an escape character reached the terminal"
! grep -q '^.md:1:1: error: forged' "$WORK/err" || fail "a file name forged a diagnostic line"
assert_contains "$WORK/err" 'x\n.md:1:1: error: forged [rule]\x1b[2J\x1b]0;pwned\x07.md'
pass "file names are printed escaped"

# ---- check --format json is valid UTF-8 JSON whatever the page names ----------
run 0 "$KMSITE" build --source "$site" -q
cp "$out/articles/first/index.html" "$out/articles/bad"$'\xff\xfe'"name.html"
sed -i 's|<title>[^<]*</title>|<title></title>|' "$out/articles/bad"$'\xff\xfe'"name.html"
code=0
"$KMSITE" check "$out" --format json >"$WORK/check.json" 2>"$WORK/err" || code=$?
[ "$code" = 1 ] || { cat "$WORK/err"; fail "check found no error in the bad page (exit $code)"; }
python3 - "$WORK/check.json" <<'PY' || fail "check --format json is not valid UTF-8 JSON"
import json, sys
data = json.loads(open(sys.argv[1], "rb").read().decode("utf-8", errors="strict"))
pages = [f["page"] for f in data["findings"]]
assert any("\ufffd" in p for p in pages), pages
PY
code=0
"$KMSITE" check "$out" >"$WORK/out" 2>"$WORK/err" || code=$?
assert_contains "$WORK/out" 'bad\xff\xfename'
pass "check --format json stays valid UTF-8; text output escapes bad bytes"
