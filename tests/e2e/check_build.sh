# kmsite build runs the standards checker on what it built: errors keep the
# build from being published; --no-check skips it; kmsite check reports on a
# built site in text or JSON.
source "$(dirname "$0")/lib.sh"

site=$WORK/site
make_site "$site"
run 0 "$KMSITE" build --source "$site"
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "the minimal site is not clean"; }
run 0 "$KMSITE" check "$site/public" --format json
assert_contains "$WORK/out" '{"findings":['
pass "a clean site builds and checks clean"

before=$(tree_hash "$site/public")
echo "raw_html: true" >>"$site/site-config/site.yaml"
printf -- '---\ntitle: รูป\n---\n\n<img src="/logo.png">\n' >"$site/content/articles/picture.md"
cp "$REPO/content/galleries/pmss-infographics/pmss-leave.png" "$site/content/logo.png"  # a real picture (the build checks its content)
run 1 "$KMSITE" build --source "$site"
assert_matches "$WORK/err" "^/articles/picture/:[0-9]+: error: image without alt text: /logo.png \[img-alt\] \(WCAG 1.1.1; DGA AI-12\)$"
assert_contains "$WORK/err" "fails the standards check"
[ "$(tree_hash "$site/public")" = "$before" ] || fail "a build that fails the check changed the output"
pass "check errors keep the build from being published"

run 0 "$KMSITE" build --source "$site" --no-check
run 1 "$KMSITE" check "$site/public" --format json
assert_contains "$WORK/out" '"rule":"img-alt","severity":"error","page":"/articles/picture/"'
assert_contains "$WORK/out" '"wcag":["1.1.1"],"dga":["AI-12"]'
run 2 "$KMSITE" check "$WORK/nowhere"
run 2 "$KMSITE" check "$site/public" --format xml
pass "--no-check builds; kmsite check reports in JSON with WCAG and DGA ids; exit codes"

# Which footer links are required comes from site-config (default: DGA AI-04's five).
site2=$WORK/site2
make_site "$site2"
cat >>"$site2/site-config/site.yaml" <<'YAML'
required_links:
  - {name: Complaints, words: [ร้องเรียน, complaints]}
YAML
run 1 "$KMSITE" build --source "$site2"
assert_matches "$WORK/err" 'no "Complaints" link in the footer \[footer-links\]'
printf -- '---\ntitle: ร้องเรียน\n---\nช่องทางร้องเรียน\n' >"$site2/content/complaints.md"
sed -i 's|    - {name: ติดต่อเรา, page: contact.md}|    - {name: ติดต่อเรา, page: contact.md}\n    - {name: ร้องเรียน, page: complaints.md}|' "$site2/site-config/site.yaml"
run 0 "$KMSITE" build --source "$site2"
pass "required footer links come from site.yaml"

# A Thai-only office: languages: [th], no English pages, no language switch;
# the build passes with no error and no warning, and no page links to /en/.
thai=$WORK/thai
make_site "$thai"
rm -rf "$thai/content/en"
sed -i '1i languages: [th]' "$thai/site-config/site.yaml"
run 0 "$KMSITE" build --source "$thai"
assert_contains "$WORK/out" "0 warning(s)"
assert_not_contains "$thai/public/index.html" 'hreflang="en"'
assert_not_contains "$thai/public/index.html" 'class="lang-switch"'
run 0 "$KMSITE" check "$thai/public"
# The same site with an English home page back is bilingual again: every
# page must then offer the switch, which the theme does.
make_site "$WORK/both"
run 0 "$KMSITE" build --source "$WORK/both"
assert_contains "$WORK/both/public/index.html" 'hreflang="en"'
pass "a Thai-only site builds and checks clean without English pages or a switch"

# The summary counts the check's warnings with the content's: two tables
# without a caption are two warnings, and --quiet prints neither.
counted=$WORK/counted
make_site "$counted"
printf -- '---\ntitle: ตาราง\n---\n\n| ก | ข |\n|---|---|\n| 1 | 2 |\n\n## อีกตาราง\n\n| ค | ง |\n|---|---|\n| 3 | 4 |\n' \
  >"$counted/content/articles/tables.md"
run 0 "$KMSITE" build --source "$counted"
[ "$(grep -c '\[table-caption\]' "$WORK/err")" = 2 ] || { cat "$WORK/err" >&2; fail "expected two table-caption warnings"; }
assert_contains "$WORK/out" ", 2 warning(s)"
run 0 "$KMSITE" build --source "$counted" --quiet
[ ! -s "$WORK/err" ] || fail "--quiet printed warnings"
pass "the build's summary counts the standards check's warnings"
