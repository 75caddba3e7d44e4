# Every kind of bad input is reported as path:line:col: error: ... [rule],
# all of them in one run, with exit 1, and the previous output stays as it was.
source "$(dirname "$0")/lib.sh"

site=$WORK/site
make_site "$site"
run 0 "$KMSITE" build --source "$site" --quiet
before=$(tree_hash "$site/public")

# expect_error RULE LOCATION: the last build reported RULE at LOCATION.
expect_error() {
  assert_matches "$WORK/err" "^$2: error: .*\[$1\]$"
}

a=$site/content/articles
printf -- '---\ntitle: [unclosed\n---\nbody\n' >"$a/broken-yaml.md"
printf -- '---\ndescription: no title here\n---\nbody\n' >"$a/no-title.md"
printf -- '---\ntitle: ok\n---\nbad \xff\xfe byte\n' >"$a/bad-utf8.md"
printf -- '---\ntitle: kind\nkind: brochure\n---\n' >"$a/unknown-kind.md"
printf -- '---\ntitle: one\nslug: same\n---\n' >"$a/one.md"
printf -- '---\ntitle: two\nslug: same\n---\n' >"$a/two.md"
printf -- '---\ntitle: links\n---\n\nsee [gone](missing.md)\n' >"$a/broken-link.md"
printf -- '---\ntitle: image\n---\n\n![แผนภาพ](images/nothing.png)\n' >"$a/missing-image.md"
printf -- '---\ntitle: escape\n---\n\n[x](../../../../etc/passwd.md)\n' >"$a/escape-link.md"
printf -- '---\ntitle: slug\nslug: ../../outside\n---\n' >"$a/escape-slug.md"
printf -- '---\ntitle: alias\naliases: ["../../../tmp/x"]\n---\n' >"$a/escape-alias.md"
# A full address or a query string once became junk folders (public/https:/...).
printf -- '---\ntitle: alias url\naliases:\n  - https://old.example.go.th/km/a.php\n  - /old/page?id=3\n  - /old/fine/\n---\n' >"$a/url-alias.md"
printf -- '---\ntitle: weight\nweight: heavy\n---\n' >"$a/wrong-type.md"
printf -- '---\ntitle: root link\n---\n\n[tags](/no-such-page/)\n' >"$a/root-link.md"
printf -- 'no front matter\n' >"$a/no-front-matter.md"
ln -s /etc/hostname "$a/outside-link.md"
# Malformed YAML: each is an error at its own line, never a swallowed field,
# a silently ignored key or an "internal error".
printf -- '---\ntitle: "unclosed\ndate: 2024-01-01\n---\n' >"$a/open-quote.md"
printf -- '---\ntitle: one\ntags: [a]\ntitle: two\n---\n' >"$a/duplicate-key.md"
printf -- '---\ntitle: shape\ntags: {a: 1}\n---\n' >"$a/shape.md"
printf -- '---\ntitle: "bell\\a"\ndescription: raw \001 byte\n---\n' >"$a/control.md"
printf -- '---\ntitle: heavy\nweight: 9999999999\n---\n' >"$a/out-of-range.md"
printf -- '---\ndescription: d\ntitle:\n---\n' >"$a/empty-title.md"
printf -- '---\ntitle: draft\ndraft: yes\n---\n' >"$a/yes-no.md"
printf -- '---\ntitle: chart\n---\n\n```mermaid\ngraph TD\n  A[ก] --> B[ข\n```\n' >"$a/bad-mermaid.md"
mkdir -p "$site/content/sop"
mkdir -p "$site/content/plans"
printf -- '---\ntitle: plan\nkind: plan\ncsv: money.csv\n---\n' >"$site/content/plans/money.md"
printf 'project,budget_2567,budget_2568,total\nก,100,200,300\nข,50,50,90\n' >"$site/content/plans/money.csv"
# Numbers: NaN, infinity, out of range, too many decimals; a project that only
# starts with รวม, several totals rows; a repeated column; absurd durations.
printf -- '---\ntitle: numbers\nkind: plan\ncsv: numbers.csv\n---\n' >"$site/content/plans/numbers.md"
printf 'project,budget_2567,total\nก,nan,0\nข,1e400,0\nค,"1,234.567",0\nง,92233720368547758.08,0\nรวมพลัง,5,5\nรวม,5,6\nTotal,4,5\n' >"$site/content/plans/numbers.csv"
printf -- '---\ntitle: columns\nkind: plan\ncsv: columns.csv\n---\n' >"$site/content/plans/columns.md"
printf 'project,โครงการ,budget_2567\nก,ข,1\n' >"$site/content/plans/columns.csv"
printf -- '---\ntitle: durations\nkind: sop\nsteps:\n  - {id: s1, title: ก, duration: "1e400 วัน"}\n  - {id: s2, title: ข, duration: "99999 วัน"}\n  - {id: s3, title: ค, type: end, duration: "inf ชั่วโมง"}\n---\n' >"$site/content/sop/durations.md"
printf -- '---\ntitle: sop\nkind: sop\nsteps:\n  - {id: s1, title: ก, next: s7}\n  - {id: s2, title: ข, type: end}\n---\n' >"$site/content/sop/bad-steps.md"

run 1 "$KMSITE" build --source "$site"
expect_error yaml-syntax "content/articles/broken-yaml.md:2:[0-9]+"
# A missing field is reported at the opening --- (it has no line of its own).
expect_error field-required "content/articles/no-title.md:1:1"
expect_error utf8-invalid "content/articles/bad-utf8.md:4:5"
expect_error content-unknown-kind "content/articles/unknown-kind.md:3:7"
expect_error url-conflict "content/articles/(one|two).md:1:1"
expect_error link-broken "content/articles/broken-link.md:5:5"
expect_error image-missing "content/articles/missing-image.md:5:1"
expect_error path-escape "content/articles/escape-link.md:5:1"
expect_error path-escape "content/articles/escape-slug.md:3:7"
expect_error alias-invalid "content/articles/escape-alias.md:3:11"
expect_error alias-invalid "content/articles/url-alias.md:4:5"
expect_error alias-invalid "content/articles/url-alias.md:5:5"
expect_error field-type "content/articles/wrong-type.md:3:9"
expect_error front-matter-missing "content/articles/no-front-matter.md:1:1"
expect_error path-escape "content/articles/outside-link.md"
expect_error mermaid-syntax "content/articles/bad-mermaid.md:7:[0-9]+"
expect_error yaml-syntax "content/articles/open-quote.md:2:8"
expect_error yaml-duplicate-key "content/articles/duplicate-key.md:4:1"
assert_matches "$WORK/err" "duplicate-key.md:4:1: error: 'title' is given twice \(first at line 2\)"
expect_error field-type "content/articles/shape.md:3:7"
expect_error yaml-control-char "content/articles/control.md:2:8"
expect_error yaml-control-char "content/articles/control.md:3:18"
expect_error field-range "content/articles/out-of-range.md:3:9"
expect_error field-required "content/articles/empty-title.md:3:1"
expect_error field-type "content/articles/yes-no.md:3:8"
assert_not_contains "$WORK/err" "internal error"
expect_error sop-step-unknown "content/sop/bad-steps.md:5:1"
expect_error sop-step-unreachable "content/sop/bad-steps.md:6:1"
assert_matches "$WORK/err" "^content/plans/money.csv:3:1: error: row 'ข': total is written as 90 but its years add up to 100 .*\[plan-total-mismatch\]$"
expect_error plan-number "content/plans/numbers.csv:2:3"
assert_matches "$WORK/err" "^content/plans/numbers.csv:3:3: error: '1e400' is not a number.*\[plan-number\]$"
assert_matches "$WORK/err" "^content/plans/numbers.csv:4:3: error: '1,234.567' has more than 2 decimal places.*\[plan-number\]$"
assert_matches "$WORK/err" "^content/plans/numbers.csv:5:3: error: '92233720368547758.08' is too large.*\[plan-number\]$"
assert_matches "$WORK/err" "^content/plans/numbers.csv:7:7: error: grand total is written as 6 but the rows add up to 5 .*\[plan-total-mismatch\]$"
assert_matches "$WORK/err" "^content/plans/numbers.csv:8:7: error: total for 2567 is written as 4 but the rows add up to 5 .*\[plan-total-mismatch\]$"
assert_not_contains "$WORK/err" "numbers.csv:6:"  # รวมพลัง is a project, not a totals row
assert_matches "$WORK/err" "^content/plans/columns.csv:1:9: error: column 2 'โครงการ' repeats column 1 'project' .*\[plan-column-duplicate\]$"
assert_matches "$WORK/err" "^content/sop/durations.md:5:[0-9]+: error: duration '1e400 วัน' has '1e400', which is not a number.*\[sop-duration\]$"
assert_matches "$WORK/err" "^content/sop/durations.md:6:[0-9]+: error: duration '99999 วัน' is longer than 10,000 วัน.*\[sop-duration\]$"
assert_matches "$WORK/err" "^content/sop/durations.md:7:[0-9]+: error: duration 'inf ชั่วโมง' has 'inf', which is not a number.*\[sop-duration\]$"
assert_contains "$WORK/err" "left unchanged"
[ "$(tree_hash "$site/public")" = "$before" ] || fail "previous output changed after a failed build"
ls -A "$site" | grep -q kmsite-staging && fail "a staging directory was left behind"
pass "each bad input is reported with file, line and rule; output untouched"

# The root-relative link is checked against the written output (after the
# content errors are gone), and the output still stays untouched.
find "$a" -name '*.md' ! -name first.md ! -name root-link.md -delete
rm -r "$site/content/sop" "$site/content/plans"
run 1 "$KMSITE" build --source "$site"
expect_error link-broken "content/articles/root-link.md:5:1"
[ "$(tree_hash "$site/public")" = "$before" ] || fail "output changed after a failed emit"
pass "broken root-relative link fails the build after emit, output untouched"

# Unknown front matter keys are warnings, not errors.
rm "$a/root-link.md"
printf -- '---\ntitle: extra\ncolour: blue\n---\n' >"$a/extra.md"
run 0 "$KMSITE" build --source "$site"
assert_matches "$WORK/err" "^content/articles/extra.md:3:1: warning: .*colour.*\[field-unknown\]$"
pass "unknown keys warn"

# Raw HTML is escaped unless site.yaml opts in.
printf -- '---\ntitle: raw\n---\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n' >"$a/raw.md"
run 1 "$KMSITE" build --source "$site"
expect_error link-unsafe "content/articles/raw.md:7:1"
printf -- '---\ntitle: raw\n---\n\n<script>alert(1)</script> and <b>bold</b>\n' >"$a/raw.md"
run 0 "$KMSITE" build --source "$site"
assert_contains "$site/public/articles/raw/index.html" "&lt;script&gt;alert(1)&lt;/script&gt;"
assert_not_contains "$site/public/articles/raw/index.html" "<script>"
echo "raw_html: true" >>"$site/site-config/site.yaml"
run 0 "$KMSITE" build --source "$site"
assert_contains "$site/public/articles/raw/index.html" "<b>bold</b>"
assert_contains "$site/public/articles/raw/index.html" "&lt;script>"  # tagfilter still applies
pass "raw HTML escaped by default, allowed by opt-in (with tagfilter)"

# site.yaml: a duplicate key and a value of the wrong shape are errors at
# their lines, not "internal error" without a file name.
cp "$site/site-config/site.yaml" "$WORK/site.yaml"
echo "title: again" >>"$site/site-config/site.yaml"
run 1 "$KMSITE" build --source "$site"
line=$(wc -l <"$site/site-config/site.yaml")
expect_error yaml-duplicate-key "site-config/site.yaml:$line:1"
assert_contains "$WORK/err" "(first at line 1)"
sed 's/^contact: .*/contact: 0 2000 0000/' "$WORK/site.yaml" >"$site/site-config/site.yaml"
run 1 "$KMSITE" build --source "$site"
expect_error field-type "site-config/site.yaml:5:10"
sed 's/^  articles: .*/  articles: article/' "$WORK/site.yaml" >"$site/site-config/site.yaml"
run 1 "$KMSITE" build --source "$site"
expect_error field-type "site-config/site.yaml:7:13"
assert_not_contains "$WORK/err" "internal error"
cp "$WORK/site.yaml" "$site/site-config/site.yaml"
pass "malformed site.yaml is reported at its lines"

# Open data: text cells that a spreadsheet would run as formulas are written as
# text; the file starts with a UTF-8 BOM for Excel on Thai Windows.
mkdir -p "$site/content/plans"
printf -- '---\ntitle: plan\nkind: plan\ncsv: p.csv\n---\n' >"$site/content/plans/p.md"
printf 'project,target,budget_2567,owner\n=1+1,-5%%,"1,000.50",@SUM(A1)\n' >"$site/content/plans/p.csv"
run 0 "$KMSITE" build --source "$site"
[ "$(head -c3 "$site/public/plans/p/p.csv")" = $'\xEF\xBB\xBF' ] || fail "open-data CSV has no UTF-8 BOM"
assert_contains "$site/public/plans/p/p.csv" ",\"'=1+1\",\"'-5%\",,1000.5,1000.5,,\"'@SUM(A1)\""
assert_contains "$site/public/plans/p/p.json" '"project": "=1+1"'
assert_contains "$site/public/plans/p/index.html" '<td class="num">1,000.5</td>'
pass "open-data CSV: BOM, formula-like cells written as text, amounts as numbers"

# Control characters pasted into a page body are left out with a warning at
# their line; the feeds stay well-formed XML.
printf -- '---\ntitle: pasted\n---\n\nfrom Word\v and \001 a PDF\033[2J\n' >"$site/content/articles/pasted.md"
run 0 "$KMSITE" build --source "$site"
assert_matches "$WORK/err" "^content/articles/pasted.md:5:10: warning: .*U\+000B.*\[text-control-char\]$"
xmllint --noout "$site/public/index.xml" "$site/public/atom.xml" "$site/public/articles/index.xml" ||
  fail "a feed is not well-formed XML"
! grep -rqP '[\x01-\x08\x0b\x0c\x0e-\x1f]' "$site/public" --include='*.html' --include='*.xml' ||
  fail "a control character reached the output"
pass "control characters in a page body are left out with a warning; feeds are well-formed"

# site.yaml's values are checked where they are written: a section kind, a
# menu's name and page address, the contact channels and the languages, each
# an error (or, for a menu the theme never shows, a warning) at its line,
# instead of a silent default or one error per page.
cfg=$WORK/config-values
make_site "$cfg"
yaml=$cfg/site-config/site.yaml
sed -i 's/articles: {kind: article,/articles: {kind: artcle,/; s|url: /}|url: /artciles/}|; s/^  footer:/  fotter:/' "$yaml"
sed -i 's/contact: {phone: "0 2000 0000", email: km@example.go.th}/contact: {phone: "call us", email: km-example.go.th}/' "$yaml"
sed -i '1i languages: [th, en, fr]' "$yaml"
run 1 "$KMSITE" build --source "$cfg"
line_of() { grep -n -- "$1" "$yaml" | head -1 | cut -d: -f1; }
assert_matches "$WORK/err" "^site-config/site.yaml:$(line_of 'artcle'):[0-9]+: error: section 'articles': unknown kind 'artcle'.*\[content-unknown-kind\]$"
assert_matches "$WORK/err" "^site-config/site.yaml:$(line_of 'artciles'):1: error: menu 'main' links to /artciles/, which the site does not have.*\[menu-url-missing\]$"
assert_matches "$WORK/err" "^site-config/site.yaml:$(line_of 'fotter'):[0-9]+: warning: menu 'fotter' is not shown.*\[menu-unknown\]$"
assert_matches "$WORK/err" "^site-config/site.yaml:$(line_of 'call us'):[0-9]+: error: 'call us' is not a telephone number.*\[field-value\]$"
assert_matches "$WORK/err" "^site-config/site.yaml:$(line_of 'call us'):[0-9]+: error: 'km-example.go.th' is not an e-mail address.*\[field-value\]$"
assert_matches "$WORK/err" "^site-config/site.yaml:1:1: error: the theme 'default' has no strings for language 'fr'.*\[config-language\]$"
# Pages of the section are not each blamed for the section's kind.
assert_not_contains "$WORK/err" "content/articles/first.md:1:1: error: unknown kind"
sed -i '1s/.*/languages: [th, EN]/' "$yaml"
run 1 "$KMSITE" build --source "$cfg"
assert_matches "$WORK/err" "^site-config/site.yaml:1:[0-9]+: error: 'EN' is not a language code such as th or en.*\[field-value\]$"
pass "site.yaml values (section kinds, menus, contact, languages) are checked at their lines"

# Menu addresses the site has are not errors, however they are written:
# generated pages, a tag list, a Thai page percent-encoded, a query.
menus_ok=$WORK/menus-ok
make_site "$menus_ok"
printf -- '---\ntitle: ข่าว\n---\nข่าว\n' >"$menus_ok/content/ข่าว.md"
sed -i 's|    - {name: หน้าแรก, name_en: Home, url: /}|    - {name: หน้าแรก, name_en: Home, url: /}\n    - {name: ค้นหา, url: /search/}\n    - {name: มาตรฐาน, url: /compliance/}\n    - {name: แท็ก, url: /tags/}\n    - {name: ภาษี, url: "/search/?q=ภาษี"}\n    - {name: ข่าว, url: /%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/}\n    - {name: English, url: /en/}|' "$menus_ok/site-config/site.yaml"
run 0 "$KMSITE" build --source "$menus_ok"
assert_contains "$menus_ok/public/index.html" 'href="/search/?q=ภาษี"'
pass "menu addresses the site has pass: generated pages, tags, a query, percent-encoded Thai"

# favicon: names a file of content/; a missing one is an error at its line,
# a present one is linked from every page instead of the drawn favicon.svg.
icon=$WORK/icon
make_site "$icon"
echo 'favicon: images/icon.png' >>"$icon/site-config/site.yaml"
run 1 "$KMSITE" build --source "$icon"
assert_matches "$WORK/err" "^site-config/site.yaml:$(grep -n '^favicon:' "$icon/site-config/site.yaml" | cut -d: -f1):1: error: favicon: content/images/icon.png is not in content/.*\[config-file-missing\]$"
mkdir -p "$icon/content/images"
cp "$REPO/content/galleries/pmss-infographics/pmss-leave.png" "$icon/content/images/icon.png"
run 0 "$KMSITE" build --source "$icon"
assert_contains "$icon/public/index.html" '<link rel="icon" href="/images/icon.png" type="image/png">'
[ ! -e "$icon/public/favicon.svg" ] || fail "the drawn favicon was written beside the site's own"
sed -i 's/^favicon: .*/favicon: images\/icon.gif/' "$icon/site-config/site.yaml"
run 1 "$KMSITE" build --source "$icon"
assert_contains "$WORK/err" "favicon must be an .svg, .png or .ico file"
pass "favicon: a file of content/ checked at its line, else the drawn favicon.svg"
