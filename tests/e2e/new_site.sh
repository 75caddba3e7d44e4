# kmsite new site: a new office's portal that builds and passes the standards
# check with no error and no warning the moment it is made, in Thai and
# English or in Thai only; it never writes into a folder in use.
source "$(dirname "$0")/lib.sh"

run 0 "$KMSITE" new site "$WORK/office"
assert_contains "$WORK/out" "Next steps"
assert_contains "$WORK/out" "ขั้นตอนต่อไป"
[ ! -e "$WORK/office/themes" ] || fail "a new site should use the built-in theme, not a copy"
for page in contact terms-of-use website-policy privacy-policy privacy-notice security-policy accessibility about; do
  [ -f "$WORK/office/content/$page.md" ] || fail "no $page.md"
done
for kind in articles/first-article.md sop/document-registration.md plans/km-plan/index.md \
            plans/km-plan/projects.csv galleries/activities/index.md galleries/activities/activity-1.png; do
  [ -f "$WORK/office/content/$kind" ] || fail "no example content/$kind"
done
assert_contains "$WORK/office/site-config/site.yaml" "languages: [th, en]"
assert_contains "$WORK/office/site-config/site.yaml" "# ชื่อเว็บไซต์"
run 0 "$KMSITE" build --source "$WORK/office"
assert_matches "$WORK/out" "built [0-9]+ pages .* 0 warning\(s\)"
[ ! -s "$WORK/err" ] || { cat "$WORK/err" >&2; fail "the new site's first build printed diagnostics"; }
for page in index.html en/index.html contact/index.html sop/document-registration/index.html \
            plans/km-plan/index.html galleries/activities/index.html compliance/index.html; do
  [ -f "$WORK/office/public/$page" ] || fail "no $page in the first build"
done
run 0 "$KMSITE" check "$WORK/office/public"
assert_contains "$WORK/err" "0 error(s), 0 warning(s)"
pass "kmsite new site: a bilingual portal that builds and checks clean at once"

run 0 "$KMSITE" new site "$WORK/thai" --languages th
[ ! -e "$WORK/thai/content/en" ] || fail "a Thai-only site has an English folder"
assert_contains "$WORK/thai/site-config/site.yaml" "languages: [th]"
run 0 "$KMSITE" build --source "$WORK/thai"
assert_matches "$WORK/out" "0 warning\(s\)"
[ ! -s "$WORK/err" ] || { cat "$WORK/err" >&2; fail "the Thai-only site's first build printed diagnostics"; }
assert_not_contains "$WORK/thai/public/index.html" 'hreflang="en"'
run 0 "$KMSITE" check "$WORK/thai/public"
assert_contains "$WORK/err" "0 error(s), 0 warning(s)"
pass "kmsite new site --languages th: a Thai-only portal, no English page, clean"

# A folder in use is refused, and nothing in it changes.
before=$(tree_hash "$WORK/thai")
run 2 "$KMSITE" new site "$WORK/thai"
assert_contains "$WORK/err" "not an empty folder"
assert_contains "$WORK/err" "โฟลเดอร์"
[ "$(tree_hash "$WORK/thai")" = "$before" ] || fail "a refused new site changed the folder"
echo text >"$WORK/a-file"
run 2 "$KMSITE" new site "$WORK/a-file"
run 2 "$KMSITE" new site "$WORK/other" --languages fr
[ ! -e "$WORK/other" ] || fail "a refused language still made the folder"
mkdir "$WORK/empty"
run 0 "$KMSITE" new site "$WORK/empty"
pass "a folder in use, a file or an unknown language is refused; an empty folder is used"
