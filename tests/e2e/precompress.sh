# Precompressed output (issue #14 item 3): every text file over 1 KB that a
# build writes has a .gz and a .br copy beside it that decompress (with
# Debian's gzip and brotli commands) to the very file; smaller files and
# pictures have none; a rebuild makes again only the copies of files that
# changed and keeps every other copy (same inode and mtime); a removed page
# takes its copies with it; the copies' names belong to the build, not to
# content; precompress: false in site.yaml and --precompress=off give none.
source "$(dirname "$0")/lib.sh"
command -v brotli >/dev/null || fail "brotli is needed (setup.sh installs Debian's brotli)"
command -v gzip >/dev/null || fail "gzip is needed"

site=$WORK/site
make_site "$site"
out=$site/public
# A page well over 1 KB of its own, and one we will remove.
{ printf -- '---\ntitle: คู่มือยาว\n---\n\n'; for i in $(seq 60); do printf 'ย่อหน้าที่ %s ของคู่มือการปฏิบัติงาน\n\n' "$i"; done; } \
  >"$site/content/articles/long.md"
printf -- '---\ntitle: หน้าที่จะลบ\n---\n\nเนื้อหาที่จะหายไป\n' >"$site/content/articles/gone.md"
printf 'a small text file\n' >"$site/content/articles/small.txt"

text_ext='\.(html|htm|css|js|mjs|json|xml|svg|csv|txt|webmanifest)$'
# Every file of the output but the copies and the manifest.
originals() { (cd "$out" && find . -type f ! -name '*.gz' ! -name '*.br' ! -name '.kmsite-manifest' -printf '%P\n' | LC_ALL=C sort); }
# Checks every file's copies: present and equal to it once decompressed
# when it is text over 1 KB, absent otherwise; no copy without its file.
check_copies() {  # WHEN
  local f size with=0 without=0
  while IFS= read -r f; do
    size=$(stat -c %s "$out/$f")
    if [[ "$f" =~ $text_ext ]] && [ "$size" -gt 1024 ]; then
      [ -f "$out/$f.gz" ] && [ -f "$out/$f.br" ] || fail "$1: $f ($size bytes) has no .gz or no .br"
      gzip -dc "$out/$f.gz" | cmp -s - "$out/$f" || fail "$1: $f.gz does not decompress to $f"
      brotli -dc "$out/$f.br" | cmp -s - "$out/$f" || fail "$1: $f.br does not decompress to $f"
      [ "$(stat -c %s "$out/$f.br")" -lt "$size" ] || fail "$1: $f.br is not smaller than $f"
      with=$((with + 1))
    else
      [ ! -e "$out/$f.gz" ] && [ ! -e "$out/$f.br" ] || fail "$1: $f ($size bytes) has a copy"
      without=$((without + 1))
    fi
  done < <(originals)
  while IFS= read -r f; do
    [ -f "$out/${f%.*}" ] || fail "$1: $f has no file beside it"
    cut -f1 "$out/.kmsite-manifest" | grep -qxF "$f" || fail "$1: the manifest does not list $f"
  done < <(cd "$out" && find . -type f \( -name '*.gz' -o -name '*.br' \) -printf '%P\n')
  [ "$with" -gt 20 ] && [ "$without" -gt 3 ] || fail "$1: too few files to prove anything ($with with, $without without)"
  echo "# $1: $with files with copies, $without without"
}

run 0 "$KMSITE" build --source "$site"
assert_matches "$WORK/out" '[0-9]+ of the files are \.gz/\.br copies of text files: [0-9]+ made, 0 kept'
check_copies "first build"
for f in index.html articles/long/index.html; do
  [ -f "$out/$f.br" ] || fail "$f has no .br"
done
css=$(cd "$out" && ls css/site*.css | head -1)
[ -f "$out/$css.br" ] || fail "$css has no .br"
[ ! -e "$out/articles/small.txt.gz" ] || fail "a file under 1 KB has a copy"
[ ! -e "$out/$(cd "$out" && ls fonts/*.woff | head -1).gz" ] || fail "a font has a copy"
grep -q '^# precompressed:' "$out/.kmsite-manifest" || fail "the manifest does not say the copies are kmsite's"
pass "every text file over 1 KB has a .gz and a .br that decompress to it; small files and fonts have none"

# The standards check of the output reads pages, never the copies.
run 0 "$KMSITE" check "$out"
assert_not_contains "$WORK/out" ".gz"
assert_not_contains "$WORK/out" ".br"
assert_not_contains "$WORK/err" ".gz"
pass "kmsite check passes the output and does not read the copies as pages"

# ---- a rebuild: nothing changed, then one page changed -----------------------
snapshot() { (cd "$out" && find . -type f -printf '%i %T@ %P\n' | LC_ALL=C sort -k3); }
snapshot >"$WORK/s0"
run 0 "$KMSITE" build --source "$site" --cache-dir "$WORK/fresh-cache"
snapshot >"$WORK/s1"
diff "$WORK/s0" "$WORK/s1" >&2 || fail "a build with nothing changed rewrote files"
assert_contains "$WORK/out" ": 0 written,"
assert_matches "$WORK/out" 'copies of text files: 0 made, [0-9]+ kept'
pass "a build with nothing changed (a fresh cache folder: every file made and compared) writes no copy"

printf '\nย่อหน้าเพิ่ม\n' >>"$site/content/articles/long.md"
run 0 "$KMSITE" build --source "$site"
snapshot >"$WORK/s2"
# Paths whose inode or mtime changed.
join -1 3 -2 3 <(sort -k3 "$WORK/s1") <(sort -k3 "$WORK/s2") | awk '$2 != $4 || $3 != $5 {print $1}' >"$WORK/changed"
for f in articles/long/index.html articles/long/index.html.gz articles/long/index.html.br; do
  grep -qxF "$f" "$WORK/changed" || fail "$f was not rewritten for the changed page"
done
# A copy is rewritten exactly when its file is.
while IFS= read -r copy; do
  if grep -qxF "${copy%.*}" "$WORK/changed"; then
    grep -qxF "$copy" "$WORK/changed" || fail "$copy was kept although ${copy%.*} changed"
  else
    ! grep -qxF "$copy" "$WORK/changed" || fail "$copy was rewritten although ${copy%.*} did not change"
  fi
done < <(cd "$out" && find . -type f \( -name '*.gz' -o -name '*.br' \) -printf '%P\n')
for f in en/index.html.br articles/first/index.html.gz; do
  ! grep -qxF "$f" "$WORK/changed" || fail "$f was rewritten for another page's edit"
done
check_copies "after one page changed"
echo "# rewritten: $(grep -c . "$WORK/changed") files, $(grep -cE '\.(gz|br)$' "$WORK/changed") of them copies"
pass "one page changed: its copies (and those of files that changed with it) are made again, no other"

rm "$site/content/articles/gone.md"
[ -f "$out/articles/gone/index.html.br" ] || fail "the page to remove has no copy to lose"
run 0 "$KMSITE" build --source "$site"
for f in articles/gone/index.html articles/gone/index.html.gz articles/gone/index.html.br; do
  [ ! -e "$out/$f" ] || fail "$f stayed after its page was removed"
done
check_copies "after a page was removed"
pass "a removed page's copies go with it"

# ---- the copies' names are the build's -------------------------------------
printf 'an author file\n' >"$site/content/articles/notes.txt"
gzip -c "$site/content/articles/notes.txt" >"$site/content/articles/notes.txt.gz"
tree_before=$(tree_hash "$out")
run 1 "$KMSITE" build --source "$site"
assert_matches "$WORK/err" '^content/articles/notes\.txt\.gz:1:1: error: /articles/notes\.txt\.gz is claimed by both content/articles/notes\.txt\.gz and kmsite.s compressed copy of /articles/notes\.txt .*\[url-conflict\]'
[ "$(tree_hash "$out")" = "$tree_before" ] || fail "a failed build changed the output"
pass "content cannot have a file where the build puts a copy (url-conflict, output unchanged)"

# With precompress: false the office may publish its own .gz files; the
# build's copies are gone.
printf 'precompress: false\n' >>"$site/site-config/site.yaml"
run 0 "$KMSITE" build --source "$site"
[ "$(cd "$out" && find . -name '*.br' | wc -l)" = 0 ] || fail "precompress: false left .br files"
[ "$(cd "$out" && find . -name '*.gz')" = "./articles/notes.txt.gz" ] ||
  fail "precompress: false: .gz files other than the content's own: $(cd "$out" && find . -name '*.gz' | head -3)"
cmp "$out/articles/notes.txt.gz" "$site/content/articles/notes.txt.gz" || fail "the content's own .gz was not published as it is"
! grep -q '^# precompressed:' "$out/.kmsite-manifest" || fail "the manifest still says the copies are kmsite's"
pass "precompress: false in site.yaml: no copies (the last build's removed); content's own .gz published"

# On again (without the author's file): the copies come back, none taken
# from the last build, whose notes.txt.gz was the author's.
rm "$site/content/articles/notes.txt.gz"
sed -i '/^precompress:/d' "$site/site-config/site.yaml"
run 0 "$KMSITE" build --source "$site"
check_copies "precompression on again"
[ ! -e "$out/articles/notes.txt.gz" ] || fail "the author's notes.txt.gz stayed (notes.txt is under 1 KB)"

# --precompress=off on the command line does the same as site.yaml's false.
run 0 "$KMSITE" build --source "$site" --precompress=off
[ "$(cd "$out" && find . \( -name '*.gz' -o -name '*.br' \) | wc -l)" = 0 ] || fail "--precompress=off left copies"
run 2 "$KMSITE" build --source "$site" --precompress=maybe
run 0 "$KMSITE" build --source "$site" --precompress=on
check_copies "--precompress=on"
pass "--precompress=off gives no copies and =on brings them back; other values are refused"

# ---- the same copies with any number of jobs --------------------------------
run 0 "$KMSITE" build --source "$site" --out "$WORK/one" --jobs 1 --cache-dir "$WORK/c1"
run 0 "$KMSITE" build --source "$site" --out "$WORK/two" --jobs 2 --cache-dir "$WORK/c2"
rm "$WORK/one/.kmsite-manifest" "$WORK/two/.kmsite-manifest"
[ "$(tree_hash "$WORK/one")" = "$(tree_hash "$WORK/two")" ] || fail "--jobs 1 and --jobs 2 made different copies"
pass "--jobs 1 and --jobs 2 give the same bytes, copies included"
