# Command-line contract: exit codes, output location safety, summary line.
source "$(dirname "$0")/lib.sh"

site=$WORK/site
make_site "$site"

run 2 "$KMSITE" build --no-such-flag
run 2 "$KMSITE" build --source "$WORK/nowhere"
assert_contains "$WORK/err" "site directory not found"
mkdir -p "$WORK/empty"
run 2 "$KMSITE" build --source "$WORK/empty"
assert_contains "$WORK/err" "site-config/site.yaml"
run 2 "$KMSITE" build --source "$site" --rev HEAD
assert_contains "$WORK/err" "not inside"
run 2 "$KMSITE" build --source "$site" --base-url "not a url"
pass "usage and environment errors exit 2"

# The output may not be the site itself or its source folders, nor a
# directory that holds something else.
run 2 "$KMSITE" build --source "$site" --out "$site"
run 2 "$KMSITE" build --source "$site" --out "$site/content/out"
mkdir -p "$WORK/documents" && echo keep >"$WORK/documents/letter.txt"
run 2 "$KMSITE" build --source "$site" --out "$WORK/documents"
[ -f "$WORK/documents/letter.txt" ] || fail "unrelated directory was touched"
pass "dangerous output paths are refused"

run 0 "$KMSITE" build --source "$site" --out "$WORK/site-out" --jobs 2
assert_matches "$WORK/out" "^kmsite: built [0-9]+ pages \([0-9]+ files: [0-9]+ written, 0 unchanged, 0 removed\) into .* in [0-9.]+ s with 2 jobs"
[ -f "$WORK/site-out/index.html" ] || fail "no index.html"
run 0 "$KMSITE" build --source "$site" --out "$WORK/site-out" --quiet
[ ! -s "$WORK/out" ] || fail "--quiet printed: $(cat "$WORK/out")"
pass "summary line, --quiet"

run 0 "$KMSITE" build --source "$site" --out "$WORK/out2" --base-url https://example.go.th/km/
assert_matches "$WORK/out2/articles/first/index.html" 'href="/km/css/site\.[0-9a-f]{16}\.css"'
assert_contains "$WORK/out2/sitemap.xml" "<loc>https://example.go.th/km/articles/first/</loc>"
pass "--base-url with a sub-path"

# Drafts are left out unless asked for.
printf -- '---\ntitle: ร่าง\ndraft: true\n---\n' >"$site/content/articles/draft.md"
run 0 "$KMSITE" build --source "$site" --out "$WORK/out3"
[ ! -e "$WORK/out3/articles/draft/index.html" ] || fail "draft published"
run 0 "$KMSITE" build --source "$site" --out "$WORK/out3" --drafts
[ -f "$WORK/out3/articles/draft/index.html" ] || fail "--drafts did not publish the draft"
pass "drafts"

# kmsite new: a page of each kind that builds as it is.
for kind in article sop plan page gallery; do
  run 0 "$KMSITE" new "$kind" "$kind/ตัวอย่าง-$kind" --source "$site"
  assert_contains "$WORK/out" "created"
done
# A plan and a gallery are folders (page bundles): their CSV and picture beside index.md.
[ -f "$site/content/plan/ตัวอย่าง-plan/index.md" ] || fail "new plan is not a folder with index.md"
[ -f "$site/content/plan/ตัวอย่าง-plan/ตัวอย่าง-plan.csv" ] || fail "new plan has no CSV beside it"
[ "$(head -c3 "$site/content/plan/ตัวอย่าง-plan/ตัวอย่าง-plan.csv")" = $'\xEF\xBB\xBF' ] || fail "new plan CSV has no BOM"
[ -f "$site/content/gallery/ตัวอย่าง-gallery/index.md" ] || fail "new gallery is not a folder with index.md"
[ -f "$site/content/gallery/ตัวอย่าง-gallery/ตัวอย่าง-gallery-1.png" ] || fail "new gallery has no picture beside it"
assert_contains "$site/content/sop/ตัวอย่าง-sop.md" "type: decision"
run 0 "$KMSITE" build --source "$site" --out "$WORK/new-out"
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "new pages build with warnings"; }
[ -f "$WORK/new-out/sop/ตัวอย่าง-sop/index.html" ] || fail "new SOP not built"
assert_contains "$WORK/new-out/sop/ตัวอย่าง-sop/index.html" 'class="flowchart"'
before=$(sha256sum "$site/content/sop/ตัวอย่าง-sop.md")
run 2 "$KMSITE" new sop sop/ตัวอย่าง-sop --source "$site"
assert_contains "$WORK/err" "already exists"
[ "$(sha256sum "$site/content/sop/ตัวอย่าง-sop.md")" = "$before" ] || fail "new overwrote a page"
run 2 "$KMSITE" new brochure x --source "$site"
# A path ending in / or naming a folder is refused, and nothing is written.
before_tree=$(tree_hash "$site/content")
run 2 "$KMSITE" new gallery gallery/event3/ --source "$site"
assert_contains "$WORK/err" "ends in /"
run 2 "$KMSITE" new page sop --source "$site"
assert_contains "$WORK/err" "is a folder"
[ "$(tree_hash "$site/content")" = "$before_tree" ] || fail "a refused kmsite new wrote something"
run 0 "$KMSITE" new gallery gallery/event3.md --source "$site"
[ -f "$site/content/gallery/event3/index.md" ] || fail "gallery/event3.md did not become a bundle"
run 2 "$KMSITE" new page ../../outside --source "$site"
[ ! -e "$site/../outside.md" ] || fail "new wrote outside content/"
pass "kmsite new: every kind builds; no overwrite, unknown kinds and escapes refused"

# Archetypes (Hugo's lookup): a page starts from the site's archetypes/KIND.md,
# else its theme's, else the built-in theme's; a folder archetype makes a page
# bundle with every file of the folder, {{title}}, {{date}} and {{name}} filled in.
mkdir -p "$site/archetypes/report" "$site/themes/default/archetypes"
printf -- '---\ntitle: "{{title}}"\ndate: {{date}}\nkind: sop\n---\nSOP ของสำนักงานเรา: {{name}}\n' >"$site/archetypes/sop.md"
printf -- '---\ntitle: "{{title}}"\nkind: article\n---\nบทความตามธีม\n' >"$site/themes/default/archetypes/article.md"
printf -- '---\ntitle: "{{title}}"\n---\nรายงาน {{name}}\n' >"$site/archetypes/report/index.md"
printf 'ข้อมูลของ {{name}}\n' >"$site/archetypes/report/{{name}}-data.txt"
run 0 "$KMSITE" new sop sop/our-sop --source "$site"
assert_contains "$site/content/sop/our-sop.md" "SOP ของสำนักงานเรา: our-sop"
assert_matches "$site/content/sop/our-sop.md" '^date: [0-9]{4}-[0-9]{2}-[0-9]{2}$'
run 0 "$KMSITE" new article articles/themed --source "$site"
assert_contains "$site/content/articles/themed.md" "บทความตามธีม"
run 0 "$KMSITE" new report reports/q1 --source "$site"
assert_contains "$site/content/reports/q1/index.md" "รายงาน q1"
assert_contains "$site/content/reports/q1/q1-data.txt" "ข้อมูลของ q1"
# The built-in archetypes still serve the kinds the site does not override.
run 0 "$KMSITE" new page pages/plain --source "$site"
assert_contains "$site/content/pages/plain.md" 'title: "plain"'
# Unknown kinds are refused with the list, which now includes the site's own.
run 2 "$KMSITE" new brochure x --source "$site"
assert_contains "$WORK/err" "use article, gallery, page, plan, report, sop"
run 2 "$KMSITE" new ../sop x --source "$site"
pass "kmsite new: archetypes from the site, then its theme, then the built-in theme"
