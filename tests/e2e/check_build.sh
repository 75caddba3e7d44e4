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
# The finding names the file the editor wrote, with the page and its line.
assert_matches "$WORK/err" "^content/articles/picture.md \(/articles/picture/:[0-9]+\): error: image without alt text: /logo.png \[img-alt\] \(WCAG 1.1.1; DGA AI-12\)$"
# Under its first error each rule says what is wrong and what to do, in Thai and English.
assert_contains "$WORK/err" "ภาพไม่มีข้อความแทนภาพ — เขียนข้อความแทนภาพ"
assert_contains "$WORK/err" "an image has no alt text: write the alt text in"
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
assert_matches "$WORK/err" 'no "Complaints" link in the footer \(on [0-9]+ pages / พบใน [0-9]+ หน้า\) \[footer-links\]'
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
# Found at their Markdown lines by the content stage (the checker's copies,
# at lines of HTML, are dropped), grouped under one heading with the fix.
assert_contains "$WORK/err" "kmsite: 2 warnings [table-caption]: ตารางไม่มีชื่อตาราง (caption) / a table has no caption"
assert_contains "$WORK/err" "  content/articles/tables.md:5:1: warning: table without a caption [table-caption]"
assert_contains "$WORK/err" "  content/articles/tables.md:11:1: warning: table without a caption [table-caption]"
assert_contains "$WORK/err" "put a paragraph starting Table: or ตาราง: right before the table"
[ "$(grep -c 'warning: table without a caption' "$WORK/err")" = 2 ] || { cat "$WORK/err" >&2; fail "expected two table-caption warnings"; }
assert_contains "$WORK/out" ", 2 warning(s)"
run 0 "$KMSITE" build --source "$counted" --quiet
[ ! -s "$WORK/err" ] || fail "--quiet printed warnings"
pass "the build's summary counts the standards check's warnings"

# Seven pages with a captionless table: five shown, the rest counted.
for i in 1 2 3 4 5 6; do
  printf -- '---
title: ตาราง %s
---

| ก | ข |
|---|---|
| 1 | 2 |
' "$i" >"$counted/content/articles/t$i.md"
done
run 0 "$KMSITE" build --source "$counted"
assert_contains "$WORK/err" "kmsite: 8 warnings [table-caption]"
assert_contains "$WORK/err" "... and 3 more / และอีก 3 แห่ง"
[ "$(grep -c 'warning: table without a caption' "$WORK/err")" = 5 ] || { cat "$WORK/err" >&2; fail "expected five examples"; }
pass "warnings are grouped by rule with a count and the first few places"

# A rule the office accepts is turned off on the command line or in site.yaml;
# the summary counts it as not shown and the compliance page says so.
run 0 "$KMSITE" build --source "$counted" --warnings=table-caption:off
assert_not_contains "$WORK/err" "warning: table without a caption"
assert_contains "$WORK/err" "kmsite: 8 warning(s) not shown: turned off by the site (table-caption)"
assert_contains "$WORK/out" ", 0 warning(s)"
assert_contains "$counted/public/compliance/index.html" "หน่วยงานปิดการเตือนของกฎ table-caption"
run 2 "$KMSITE" build --source "$counted" --warnings=img-alt:off
assert_contains "$WORK/err" "only warnings can be turned off"
run 2 "$KMSITE" build --source "$counted" --warnings=no-such-rule:off
run 2 "$KMSITE" build --source "$counted" --warnings=table-caption
printf 'warnings:
  table-caption: off
' >>"$counted/site-config/site.yaml"
run 0 "$KMSITE" build --source "$counted"
assert_contains "$WORK/err" "8 warning(s) not shown"
printf '  img-alt: off
' >>"$counted/site-config/site.yaml"
run 1 "$KMSITE" build --source "$counted"
assert_matches "$WORK/err" "^site-config/site.yaml:[0-9]+:[0-9]+: error: .*only warnings can be turned off.*\[warnings-config\]$"
pass "--warnings=RULE:off and site.yaml's warnings: turn off accepted warnings, never errors"

# The compliance page: a control with warnings is "needs a look" with its
# page count, never "passed".
sed -i '/^warnings:/,$d' "$counted/site-config/site.yaml"
run 0 "$KMSITE" build --source "$counted"
grep -A0 '<th scope="row">1.3.1</th>' "$counted/public/compliance/index.html" >"$WORK/row"
assert_contains "$WORK/row" "status-review"
assert_contains "$WORK/row" "ควรตรวจทาน"
assert_contains "$WORK/row" "มีคำเตือนที่ควรตรวจใน 7 หน้า"
pass "the compliance page says how many pages need a look instead of passed"

# A footer link missing from site.yaml is one finding at site.yaml's menus
# line, counting the pages, not one per page.
footer=$WORK/footer
make_site "$footer"
sed -i '/page: notice.md/d' "$footer/site-config/site.yaml"
run 1 "$KMSITE" build --source "$footer"
menus_line=$(grep -n '^menus:' "$footer/site-config/site.yaml" | cut -d: -f1)
assert_matches "$WORK/err" "^site-config/site.yaml:$menus_line: error: no \"Privacy Notice\" link in the footer \(on [0-9]+ pages / พบใน [0-9]+ หน้า\) \[footer-links\]"
[ "$(grep -c 'link in the footer' "$WORK/err")" = 1 ] || { cat "$WORK/err" >&2; fail "the footer problem was reported more than once"; }
assert_contains "$WORK/err" "with 1 error(s)"
# kmsite check, the tool that lists everything, still names every page.
run 0 "$KMSITE" build --source "$footer" --no-check
run 1 "$KMSITE" check "$footer/public"
[ "$(grep -c 'link in the footer' "$WORK/out")" -gt 1 ] || { cat "$WORK/out" >&2; fail "kmsite check grouped the pages"; }
pass "a site-wide footer problem is one finding at site.yaml's line with a page count"

# A warning only the checker finds (an image without width and height),
# turned off: not shown, counted, and the summary's count excludes it.
imgs=$WORK/imgs
make_site "$imgs"
cp "$REPO/content/galleries/pmss-infographics/pmss-leave.png" "$imgs/content/articles/pic.png"
printf -- '---\ntitle: ภาพ\n---\n\n![แผนภาพการลา](pic.png)\n' >"$imgs/content/articles/pic.md"
run 0 "$KMSITE" build --source "$imgs"
assert_contains "$WORK/err" "[img-size]"
run 0 "$KMSITE" build --source "$imgs" --warnings=img-size:off --out "$WORK/imgs-out"
assert_not_contains "$WORK/err" "[img-size]"
assert_matches "$WORK/err" "^kmsite: [0-9]+ warning\(s\) not shown: turned off by the site \(img-size\)"
assert_contains "$WORK/out" ", 0 warning(s)"
pass "a check-only warning rule turned off is counted as not shown"
