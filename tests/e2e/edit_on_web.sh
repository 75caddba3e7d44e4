# Edit on the web (issue #13 item 7): site.yaml's edit_url gives the pages
# made from a source file an "Edit this page" link to that file (encoded,
# Thai names too), generated pages none, and without it the output is the
# same bytes; a bad edit_url is an error at its line. admin: writes the
# Decap CMS admin (index.html, config.yml made from the sections and kinds,
# Decap's script from npm, found as Node finds packages), which the
# standards check, the sitemap and the search index leave out; without
# Decap the build says which npm command to run.
source "$(dirname "$0")/lib.sh"
unset KMSITE_DECAP_CMS
# Debian's python3 with python3-yaml (setup.sh): another python3 first on PATH
# (pyenv) may lack PyYAML.
PY3=/usr/bin/python3
"$PY3" -c 'import yaml' || fail "Debian's python3-yaml is needed (./setup.sh installs it)"
[ -f "$REPO/node_modules/decap-cms/dist/decap-cms.js" ] || fail "npm decap-cms is not installed: run npm ci in $REPO"

# The site lives in a project folder whose node_modules is the repository's:
# kmsite must find Decap above the site, as Node would.
mkdir -p "$WORK/project"
ln -s "$REPO/node_modules" "$WORK/project/node_modules"
site="$WORK/project/site"
make_site "$site"
cat >>"$site/site-config/site.yaml" <<'YAML'
sections:
  articles: {kind: article, title: บทความ}
  sop: {kind: sop, title: คู่มือการปฏิบัติงาน, title_en: Operations manuals}
  plans: {kind: plan, title: แผนงาน}
  galleries: {kind: gallery, title: ภาพกิจกรรม}
YAML
# (a second sections: key would be a duplicate) — replace the fixture's one.
"$PY3" - "$site/site-config/site.yaml" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding='utf-8').read().split('\n')
i = lines.index('sections:')
del lines[i:i + 2]
open(p, 'w', encoding='utf-8').write('\n'.join(lines))
PY
thai_name='สำรองข้อมูล ระบบ#1'
mkdir -p "$site/content/sop" "$site/content/plans/แผนปี 2568" "$site/content/en"
cat >"$site/content/sop/$thai_name.md" <<'MD'
---
title: การสำรองข้อมูลระบบสารสนเทศ
steps:
  - {id: s1, title: เริ่ม, type: start, next: s2}
  - {id: s2, title: สำรองข้อมูล, duration: 1 ชั่วโมง, next: s3}
  - {id: s3, title: จบ, type: end}
---
ขั้นตอนสำรองข้อมูล
MD
cat >"$site/content/plans/แผนปี 2568/index.md" <<'MD'
---
title: แผนการจัดการความรู้ 2568
rows:
  - {project: อบรม, budget_2568: "10,000"}
---
แผนงาน
MD
cat >"$site/content/en/guide.md" <<'MD'
---
title: Guide
---
An English page.
MD

# 1. Without edit_url: no link anywhere.
run 0 "$KMSITE" build --source "$site" --out "$WORK/plain" --quiet
! grep -rq 'class="edit-page"' "$WORK/plain" || fail "a link without edit_url"
pass "without edit_url no page has an edit link"

# 2. With edit_url.
echo 'edit_url: https://gitlab.example.go.th/office/portal/-/edit/main/{path}' >>"$site/site-config/site.yaml"
run 0 "$KMSITE" build --source "$site" --out "$WORK/edit" --quiet
base='https://gitlab.example.go.th/office/portal/-/edit/main/'
encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="/"))' \
  "content/sop/$thai_name.md")
[ "$encoded" = "content/sop/%E0%B8%AA%E0%B8%B3%E0%B8%A3%E0%B8%AD%E0%B8%87%E0%B8%82%E0%B9%89%E0%B8%AD%E0%B8%A1%E0%B8%B9%E0%B8%A5%20%E0%B8%A3%E0%B8%B0%E0%B8%9A%E0%B8%9A%231.md" ] \
  || fail "fixture: python encodes $encoded"
sop_page=$(grep -rl 'การสำรองข้อมูลระบบสารสนเทศ |' "$WORK/edit/sop" --include=index.html | head -1)
[ -n "$sop_page" ] || fail "no SOP page"
assert_contains "$sop_page" "<p class=\"edit-page\"><a href=\"$base$encoded\">แก้ไขหน้านี้</a></p>"
plan_page=$(grep -rl 'แผนการจัดการความรู้ 2568 |' "$WORK/edit/plans" --include=index.html | head -1)
assert_contains "$plan_page" "href=\"${base}content/plans/%E0%B9%81%E0%B8%9C%E0%B8%99%E0%B8%9B%E0%B8%B5%202568/index.md\""
assert_contains "$WORK/edit/articles/first/index.html" "href=\"${base}content/articles/first.md\">แก้ไขหน้านี้</a>"
assert_contains "$WORK/edit/en/guide/index.html" "href=\"${base}content/en/guide.md\">Edit this page</a>"
assert_contains "$WORK/edit/contact/index.html" "href=\"${base}content/contact.md\""
pass "pages from source files link to their file, encoded (Thai, space, #), in the page's language"

for generated in index.html en/index.html articles/index.html articles/a-z/index.html tags/index.html \
                 search/index.html compliance/index.html sitemap/index.html 404.html; do
  [ -f "$WORK/edit/$generated" ] || fail "fixture: no $generated"
  assert_not_contains "$WORK/edit/$generated" 'class="edit-page"'
done
pass "generated pages (home, section lists, A-Z, tags, search, compliance, site map, 404) have none"

# Only the pages of source files changed; every other file is the same bytes.
changed=$( (diff -rq -x .kmsite-manifest "$WORK/plain" "$WORK/edit" || true) | sed 's|^Files [^ ]* and ||; s| differ$||' | sort)
[ -n "$changed" ] || fail "edit_url changed nothing"
# (pages and their precompressed copies)
! echo "$changed" | grep -vE '\.html(\.gz|\.br)?$' || fail "edit_url changed files other than pages"
! echo "$changed" | grep -q '/edit/index.html$' || fail "edit_url changed the home page"
run 0 "$KMSITE" check "$WORK/edit"
pass "only pages changed, and the standards check passes with the links"

# 3. A bad edit_url is an error at its line, in Thai and English.
line=$(grep -n '^edit_url:' "$site/site-config/site.yaml" | cut -d: -f1)
for bad in 'ftp://gitlab.example.go.th/{path}' 'https://gitlab.example.go.th/edit/main/' \
           '/office/portal/-/edit/main/{path}'; do
  sed -i "s|^edit_url:.*|edit_url: $bad|" "$site/site-config/site.yaml"
  run 1 "$KMSITE" build --source "$site" --out "$WORK/bad" --quiet
  assert_contains "$WORK/err" "site-config/site.yaml:$line:"
  assert_contains "$WORK/err" "[config-edit-url]"
  assert_contains "$WORK/err" "edit_url ต้องเป็นที่อยู่ http(s) ที่มี {path}"
  [ ! -e "$WORK/bad" ] || fail "a failed build wrote output"
done
sed -i "s|^edit_url:.*|edit_url: ${base}{path}|" "$site/site-config/site.yaml"
pass "a bad edit_url (not http(s), no {path}, no host) is an error at its line"

# 4. The admin.
cat >>"$site/site-config/site.yaml" <<'YAML'
admin:
  backend: gitlab
  repo: office/km-portal
  branch: main
  api_root: https://gitlab.example.go.th/api/v4
  base_url: https://gitlab.example.go.th
  auth_type: pkce
  app_id: 0123abcd
  local_backend: true
YAML
run 0 "$KMSITE" build --source "$site" --out "$WORK/admin" --quiet
for f in index.html config.yml decap-cms.js; do [ -f "$WORK/admin/admin/$f" ] || fail "no admin/$f"; done
cmp -s "$WORK/admin/admin/decap-cms.js" "$REPO/node_modules/decap-cms/dist/decap-cms.js" \
  || fail "admin/decap-cms.js is not npm's decap-cms/dist/decap-cms.js"
index="$WORK/admin/admin/index.html"
assert_contains "$index" '<meta name="robots" content="noindex, nofollow">'
assert_contains "$index" '<script src="decap-cms.js"></script>'
assert_contains "$index" '<link rel="cms-config-url" type="text/yaml" href="config.yml">'
[ "$(grep -c '<script' "$index")" = 1 ] || fail "the admin page has an inline script"
pass "admin: writes admin/index.html (noindex, no inline script), config.yml and npm's decap-cms.js"

"$PY3" - "$WORK/admin/admin/config.yml" <<'PY' || fail "admin/config.yml is not what the site needs"
import sys, yaml
c = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
def eq(a, b, what):
    if a != b: sys.exit(f"{what}: {a!r} != {b!r}")
eq(c['backend']['name'], 'gitlab', 'backend')
eq(c['backend']['repo'], 'office/km-portal', 'repo')
eq(c['backend']['branch'], 'main', 'branch')
eq(c['backend']['api_root'], 'https://gitlab.example.go.th/api/v4', 'api_root')
eq(c['backend']['auth_type'], 'pkce', 'auth_type')
eq(c['backend']['app_id'], '0123abcd', 'app_id')
eq(c['local_backend'], True, 'local_backend')
eq(c['locale'], 'th', 'locale')
eq(c['site_url'], 'https://km.example.go.th/', 'site_url')
cols = {x['name']: x for x in c['collections']}
eq(sorted(cols), ['articles', 'galleries', 'pages', 'plans', 'sop'], 'collections')
eq(cols['sop']['folder'], 'content/sop', 'sop folder')
eq(cols['pages']['folder'], 'content', 'pages folder')
eq(cols['sop']['label'], 'คู่มือการปฏิบัติงาน', 'Thai label')
for name in cols:
    col = cols[name]
    eq(col['format'], 'yaml-frontmatter', name + ' format')
    eq(col['extension'], 'md', name + ' extension')
    bundle = name in ('plans', 'galleries')
    eq(col.get('path'), '{{slug}}/index' if bundle else None, name + ' path')
    eq(col['media_folder'], '' if bundle else 'images', name + ' media_folder')
    fields = {f['name']: f for f in col['fields']}
    eq(fields['title'].get('required', True), True, name + ' title required')
    eq(fields['description']['required'], False, name + ' description optional')
    eq(fields['date']['format'], 'YYYY-MM-DD', name + ' date format')
    eq(fields['body']['widget'], 'markdown', name + ' body')
    for f in col['fields']:
        if not any('\u0e00' <= ch <= '\u0e7f' for ch in f['label']):
            sys.exit(f"{name}.{f['name']}: label {f['label']!r} is not Thai")
art = {f['name']: f for f in cols['articles']['fields']}
eq(art['km_step']['widget'], 'select', 'km_step')
eq([o['value'] for o in art['km_step']['options']], [str(i) for i in range(1, 8)], 'km_step values')
eq([f['name'] for f in art['kpis']['fields']], ['indicator', 'target', 'result', 'unit'], 'kpis')
sop = {f['name']: f for f in cols['sop']['fields']}
eq(sop['steps']['widget'], 'list', 'steps')
steps = {f['name']: f for f in sop['steps']['fields']}
eq(sorted(steps), sorted(['id', 'title', 'type', 'detail', 'duration', 'standard', 'role', 'next',
                          'yes', 'no', 'yes_label', 'no_label']), 'step fields')
eq([o['value'] for o in steps['type']['options']], ['start', 'task', 'decision', 'end'], 'step types')
eq(steps['id'].get('required', True), True, 'step id required')
eq(sop['forms']['field']['widget'], 'string', 'forms')
plan = {f['name']: f for f in cols['plans']['fields']}
eq(plan['csv']['widget'], 'file', 'csv')
rows = [f['name'] for f in plan['rows']['fields']]
eq(rows, ['strategy', 'project', 'target', 'indicator', 'budget_2568', 'source', 'owner'], 'plan rows')
gal = {f['name']: f for f in cols['galleries']['fields']}
eq(gal['images']['min'], 1, 'images min')
imgs = {f['name']: f for f in gal['images']['fields']}
eq(imgs['file']['widget'], 'image', 'image widget')
eq(imgs['alt'].get('required', True), True, 'alt required')
eq(imgs['alt']['widget'], 'string', 'alt widget')
PY
pass "config.yml: backend from site.yaml, one collection per section with its kind's fields, Thai labels, bundles for plans and galleries"

run 0 "$KMSITE" check "$WORK/admin"
assert_not_contains "$WORK/admin/sitemap.xml" "admin"
! grep -rq '"admin/' "$WORK/admin/search" || fail "the search index has the admin"
assert_not_contains "$WORK/admin/sitemap/index.html" 'href="/admin/'
pass "the admin passes kmsite check and is not in the sitemap, the site map page or search"

# A content page of its own at /admin/ is checked like any page: only
# kmsite's admin (noindex) is left out. Here it collides with the admin.
mkdir -p "$site/content/admin"
printf -- '---\ntitle: ผู้ดูแล\n---\nหน้า\n' >"$site/content/admin/index.md"
run 1 "$KMSITE" build --source "$site" --out "$WORK/clash" --quiet
assert_contains "$WORK/err" "[url-conflict]"
assert_contains "$WORK/err" "admin/index.html"
rm -r "$site/content/admin"
pass "a content page at admin/ collides with the admin (url-conflict)"

# 5. Decap not found: exit 2 with the npm command, nothing written.
rm "$WORK/project/node_modules"
before=$(tree_hash "$WORK/admin")
run 2 "$KMSITE" build --source "$site" --out "$WORK/admin" --quiet
assert_contains "$WORK/err" "npm install --save-dev decap-cms"
assert_contains "$WORK/err" "ยังไม่ได้ติดตั้ง Decap CMS"
assert_contains "$WORK/err" "$site"
[ "$(tree_hash "$WORK/admin")" = "$before" ] || fail "a build without Decap changed the output"
KMSITE_DECAP_CMS="$WORK/nowhere/decap-cms.js" run 2 "$KMSITE" build --source "$site" --out "$WORK/none" --quiet
assert_contains "$WORK/err" "KMSITE_DECAP_CMS"
KMSITE_DECAP_CMS="$REPO/node_modules/decap-cms" run 0 "$KMSITE" build --source "$site" --out "$WORK/env" --quiet
[ -f "$WORK/env/admin/decap-cms.js" ] || fail "KMSITE_DECAP_CMS was not used"
pass "without Decap the build stops (exit 2) with the npm command in English and Thai; KMSITE_DECAP_CMS names it"

# 6. Bad admin settings are errors at their lines.
sed -i 's|^  backend: gitlab|  backend: svn|; s|^  repo: office/km-portal|  repo: "office"|' "$site/site-config/site.yaml"
export KMSITE_DECAP_CMS="$REPO/node_modules/decap-cms"
run 1 "$KMSITE" build --source "$site" --out "$WORK/bad-admin" --quiet
backend_line=$(grep -n '^  backend:' "$site/site-config/site.yaml" | cut -d: -f1)
repo_line=$(grep -n '^  repo:' "$site/site-config/site.yaml" | cut -d: -f1)
assert_contains "$WORK/err" "site-config/site.yaml:$backend_line:12: error: unknown admin backend 'svn'"
assert_contains "$WORK/err" "site-config/site.yaml:$repo_line:"
assert_contains "$WORK/err" "repo ต้องอยู่ในรูป office/portal"
pass "an unknown backend or a malformed repo is an error at its line"
