# The cache folder between runs of `kmsite build`: a build after one edit
# takes every other page's parse, HTML digest, search analysis and checker
# facts from .kmsite-cache/ (the counts of --timings say so); a cache folder
# damaged in any file gives the same output as a clean build; and a cache
# folder that Git tracks (committed by someone) is neither read nor written.
source "$(dirname "$0")/lib.sh"

site=$WORK/site
make_site "$site"
for i in 1 2 3 4 5 6; do
  printf -- '---\ntitle: บทความที่ %s\ntags: [ทดสอบ]\n---\n## ส่วนที่ %s\n\nเนื้อหาของบทความที่ %s\n' \
    "$i" "$i" "$i" >"$site/content/articles/a$i.md"
done
reused() {  # what --timings says was made and reused
  grep -oE '^kmsite: reused: .*' "$WORK/err" || { cat "$WORK/err" >&2; fail "no reused: line"; }
}
count() {  # count NAME: "pages parsed 1" -> 1
  reused | grep -oE "$1 [0-9]+" | grep -oE '[0-9]+$'
}

run 0 "$KMSITE" build --source "$site" --timings
pages=$(count "pages parsed")
[ "$pages" -ge 8 ] || fail "expected the site's pages to be parsed, got: $(reused)"
for f in render facts- search- content-; do
  ls "$site/.kmsite-cache" | grep -q "^$f" || fail "no $f in the cache folder: $(ls "$site/.kmsite-cache")"
done

# One body edited (its date kept, so that lists do not move): one page parsed,
# the others' results taken from the cache folder.
stamp=$(stat -c %Y "$site/content/articles/a3.md")
echo "ย่อหน้าใหม่" >>"$site/content/articles/a3.md"
touch -d "@$stamp" "$site/content/articles/a3.md"
run 0 "$KMSITE" build --source "$site" --timings
line=$(reused)
echo "# after one edit: $line"
[ "$(count "pages parsed")" = 1 ] || fail "one page edited, but: $line"
[ "$(count "search analysed")" = 1 ] || fail "one page edited, but: $line"
# The page and what lists it (its summary changed) are rendered again; the
# other pages are not, and the checker reads only the pages whose HTML changed.
rendered=$(count "rendered")
render_reused=$(echo "$line" | grep -oE 'rendered [0-9]+, reused [0-9]+' | grep -oE '[0-9]+$')
[ "$rendered" -ge 1 ] && [ "$render_reused" -ge 8 ] || fail "one page edited, but: $line"
checked=$(count "checked")
[ "$checked" -ge 1 ] && [ "$checked" -le 4 ] || fail "one page edited, but: $line"
pass "after one edit the build parses 1 page and renders $rendered documents, the rest from .kmsite-cache"

# Every cache file damaged in turn (cut short, one byte changed): each build
# still succeeds and leaves exactly what a clean build makes.
run 0 "$KMSITE" build --source "$site" --out "$WORK/clean" --cache-dir "$WORK/clean-cache"
expected=$(cd "$WORK/clean" && find . -type f ! -name .kmsite-manifest -print0 | sort -z | xargs -0 sha256sum)
n=0
for f in "$site"/.kmsite-cache/*; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  size=$(stat -c %s "$f")
  if [ $((n % 2)) = 0 ]; then
    truncate -s $((size / 2)) "$f"
  else
    printf '\x01' | dd of="$f" bs=1 seek=$((size / 3)) conv=notrunc status=none
  fi
  # A change in the sources each time, so that the caches are consulted.
  a5=$site/content/articles/a5.md
  stamp=$(stat -c %Y "$a5")
  cp "$a5" "$WORK/a5"
  echo "แก้ครั้งที่ $n" >>"$a5"
  run 0 "$KMSITE" build --source "$site" --out "$WORK/damaged"
  cp "$WORK/a5" "$a5"
  touch -d "@$stamp" "$a5"
  run 0 "$KMSITE" build --source "$site" --out "$WORK/damaged"
  got=$(cd "$WORK/damaged" && find . -type f ! -name .kmsite-manifest -print0 | sort -z | xargs -0 sha256sum)
  [ "$got" = "$expected" ] || { diff <(echo "$expected") <(echo "$got") >&2; fail "after damaging $(basename "$f") the output differs from a clean build"; }
done
[ "$n" -ge 6 ] || fail "expected several cache files, found $n"
pass "each of $n cache files damaged in turn: the output is still exactly a clean build's"

# A cache folder committed to Git is not read, and not written.
# First a commit without it and a build that fills it for the committed
# files, so that only the cache's being in Git can make the next build
# parse every page again.
git -C "$site" init -q
printf '.kmsite-cache/\npublic/\n' >"$site/.gitignore"
git -C "$site" add -A
git -C "$site" -c user.name=t -c user.email=t@example.go.th commit -qm site
run 0 "$KMSITE" build --source "$site" --timings
echo "ย่อหน้า" >>"$site/content/articles/a4.md"
run 0 "$KMSITE" build --source "$site" --timings
[ "$(count "pages parsed")" = 1 ] || fail "a cache folder outside Git was not used: $(reused)"
git -C "$site" add -f .kmsite-cache
git -C "$site" -c user.name=t -c user.email=t@example.go.th commit -qm "cache committed"
before=$(cd "$site/.kmsite-cache" && find . -printf '%i %T@ %s %P\n' | sort)
echo "ย่อหน้าอีก" >>"$site/content/articles/a2.md"
run 0 "$KMSITE" build --source "$site" --timings
assert_contains "$WORK/err" "[cache-in-git]"
assert_contains "$WORK/err" "git rm -r --cached"
[ "$(count "pages parsed")" = "$pages" ] || fail "a committed cache folder was read: $(reused)"
after=$(cd "$site/.kmsite-cache" && find . -printf '%i %T@ %s %P\n' | sort)
[ "$before" = "$after" ] || fail "a committed cache folder was written to"
[ -z "$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'kmsite-cache-*' -newer "$site/content/articles/a2.md" 2>/dev/null)" ] ||
  fail "the private cache folder was left behind"
pass "a cache folder that Git tracks is neither read nor written (warning cache-in-git)"
