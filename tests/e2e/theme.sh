# The default theme inside the binary: a site without themes/ builds the same
# pages as one with the repository's themes/default; a site's file overrides
# the built-in one of the same path, one file at a time; `kmsite theme export`
# writes the built-in files out, refuses to overwrite, and a site with the
# exported copy builds the same bytes again.
source "$(dirname "$0")/lib.sh"

same_output() {  # DIR_A DIR_B: every published file the same
  diff -r -x .kmsite-manifest "$1" "$2" >"$WORK/diff" || { head -20 "$WORK/diff" >&2; fail "$1 and $2 differ"; }
}

# The reference: a site with the repository's theme folder.
make_site "$WORK/with"
run 0 "$KMSITE" build --source "$WORK/with" --out "$WORK/with-out" --quiet

# 1. No themes/ at all (a copy of the same site: its files keep their times,
# which give the pages their dates).
cp -a "$WORK/with" "$WORK/bare"
rm -rf "$WORK/bare/themes" "$WORK/bare/public" "$WORK/bare/.kmsite-cache"
run 0 "$KMSITE" build --source "$WORK/bare" --out "$WORK/bare-out" --quiet
same_output "$WORK/with-out" "$WORK/bare-out"
ls "$WORK"/bare-out/css/site.*.css >/dev/null || fail "the built-in stylesheet was not published"
ls "$WORK"/bare-out/js/search.*.js >/dev/null || fail "the built-in search script was not published"
pass "a site without themes/ builds with the theme inside kmsite, byte for byte"

# 2. One template overridden: only the pages that template makes change.
mkdir -p "$WORK/bare/themes/default/templates"
sed 's|</ul>|</ul><p class="office-note">หน้านี้ไม่มีแล้ว</p>|' \
  "$REPO/themes/default/templates/404.mustache" >"$WORK/bare/themes/default/templates/404.mustache"
grep -q "office-note" "$WORK/bare/themes/default/templates/404.mustache" || fail "fixture: no </ul> in 404.mustache"
run 0 "$KMSITE" build --source "$WORK/bare" --out "$WORK/one-out" --quiet
assert_contains "$WORK/one-out/404.html" 'class="office-note"'
changed=$( (diff -rq -x .kmsite-manifest "$WORK/with-out" "$WORK/one-out" || true) | sed 's|.*/one-out/||; s| differ||' | sort)
# (with its precompressed copies, which follow it)
[ "$changed" = "$(printf '404.html\n404.html.br\n404.html.gz')" ] ||
  fail "overriding 404.mustache changed more than 404.html and its copies: $changed"
pass "a site's 404.mustache replaces the built-in one; nothing else changes"

# A static file and a string file too.
mkdir -p "$WORK/bare/themes/default/static/css" "$WORK/bare/themes/default/i18n"
{ cat "$REPO/themes/default/static/css/site.css"; echo ".office-note{font-weight:700}"; } \
  >"$WORK/bare/themes/default/static/css/site.css"
sed 's|^not_found_text:.*|not_found_text: "ไม่พบหน้านี้ในเว็บไซต์ของสำนักงาน"|' "$REPO/themes/default/i18n/th.yaml" \
  >"$WORK/bare/themes/default/i18n/th.yaml"
grep -q '^not_found_text: "ไม่พบหน้านี้ในเว็บไซต์ของสำนักงาน"' "$WORK/bare/themes/default/i18n/th.yaml" || fail "fixture: no not_found_text"
run 0 "$KMSITE" build --source "$WORK/bare" --out "$WORK/two-out" --quiet
# The stylesheet's new bytes are a new name (its hash), which every page names.
css=$(cd "$WORK/two-out" && ls css/site.*.css)
[ "$css" != "$(cd "$WORK/with-out" && ls css/site.*.css)" ] || fail "a new stylesheet kept its old name"
assert_contains "$WORK/two-out/$css" ".office-note{font-weight:700}"
assert_contains "$WORK/two-out/index.html" "href=\"/$css\""
assert_contains "$WORK/two-out/404.html" "ไม่พบหน้านี้ในเว็บไซต์ของสำนักงาน"
search_js=$(cd "$WORK/with-out" && ls js/search.*.js)
cmp -s "$WORK/with-out/$search_js" "$WORK/two-out/$search_js" || fail "an untouched static file changed (or its name)"
pass "a site's site.css and i18n/th.yaml replace the built-in ones"

# 3. kmsite theme export.
rm -rf "$WORK/bare/themes"
( cd "$WORK/bare" && run 0 "$KMSITE" theme export )
assert_contains "$WORK/out" "themes/default"
[ -f "$WORK/bare/themes/default/templates/base.mustache" ] || fail "export wrote no base.mustache"
exported=$(cd "$WORK/bare/themes/default" && find . -type f | sort)
shipped=$(cd "$REPO/themes/default" && find . -type f | sort)
[ "$exported" = "$shipped" ] || fail "export does not write every file of themes/default"
for f in $exported; do
  cmp -s "$WORK/bare/themes/default/$f" "$REPO/themes/default/$f" || fail "exported $f differs from the repository's"
done
run 0 "$KMSITE" build --source "$WORK/bare" --out "$WORK/exported-out" --quiet
same_output "$WORK/with-out" "$WORK/exported-out"
pass "kmsite theme export writes the whole theme; the site builds the same bytes with it"

echo "my edit" >"$WORK/bare/themes/default/templates/404.mustache"
before=$(tree_hash "$WORK/bare/themes")
( cd "$WORK/bare" && run 2 "$KMSITE" theme export )
assert_contains "$WORK/err" "--force"
assert_contains "$WORK/err" "ไม่ได้เขียนทับ"
[ "$(tree_hash "$WORK/bare/themes")" = "$before" ] || fail "a refused export changed files"
run 0 "$KMSITE" theme export "$WORK/bare/themes/default" --force
cmp -s "$WORK/bare/themes/default/templates/404.mustache" "$REPO/themes/default/templates/404.mustache" \
  || fail "--force did not replace the edited template"
pass "export refuses to overwrite (exit 2, nothing touched) unless --force"
