# What a content author can make the published site do (issue #10, items 1-4
# and 10): no secrets through links, no script through Markdown fields or menu
# URLs, no replacing the generator's own files, no active content copied
# verbatim, no file names that forge messages. Each class is checked in the
# working tree and, where it applies, in --rev builds; each failed build
# leaves the output untouched and publishes nothing of the attack.
source "$(dirname "$0")/lib.sh"

site=$WORK/site
make_site "$site"
cd "$site"
git init -q -b main
git config user.name "ทดสอบ" && git config user.email "test@example.go.th"
# A CI checkout's credentials and a secrets file beside the site.
git config remote.origin.url "https://ci:SECRET_GIT_TOKEN@git.example.go.th/km.git"
echo "DB_PASSWORD=SECRET_ENV_VALUE" >.env
printf 'public/\n.kmsite-cache/\n' >.gitignore
git add -A && git commit -qm "site"
run 0 "$KMSITE" build --source "$site" --quiet
before=$(tree_hash "$site/public")

expect_error() {  # RULE LOCATION
  assert_matches "$WORK/err" "^$2: error: .*\[$1\]$"
}
unchanged() {
  [ "$(tree_hash "$site/public")" = "$before" ] || fail "output changed after a failed build"
  if grep -rlE "SECRET_|javascript:|<script>alert|<img src=x|onload=" "$site/public"; then
    fail "attack reached public/"
  fi
}
build_both() {  # EXPECTED_EXIT: the working tree, then the committed tree
  run "$1" "$KMSITE" build --source "$site"
  cp "$WORK/err" "$WORK/err.tree"
  git add -A && git commit -qm "step" --allow-empty
  run "$1" "$KMSITE" build --source "$site" --rev HEAD
}

# ---- 1. symbolic links: only inside their own top folder, never hidden ----
ln -s ../.git/config content/notes.txt
ln -s ../.env content/env.txt
ln -s ../site-config/site.yaml content/config.txt
ln -s articles/first.md content/first-copy.txt  # inside content/: fine
run 1 "$KMSITE" build --source "$site"
for link in notes env config; do expect_error path-escape "content/$link.txt"; done
assert_not_contains "$WORK/err" "first-copy"
unchanged
# .git is never in a commit; the other two are refused from the commit too.
rm content/notes.txt && git add -A && git commit -qm "links"
run 1 "$KMSITE" build --source "$site" --rev HEAD
for link in env config; do expect_error path-escape "content/$link.txt"; done
unchanged
rm content/env.txt content/config.txt
build_both 0
cmp content/articles/first.md public/first-copy.txt || fail "a link inside content/ is published"
before=$(tree_hash "$site/public")
pass "links to .git, .env and site-config are refused in both modes; links inside content work"

# ---- 10. file and folder names: invalid UTF-8 and control characters ----
mkdir -p content/files
touch "content/files/bad"$'\n'"name.txt" "content/files/esc"$'\033'"[2J.txt" \
  "content/files/latin"$'\351'".txt"
build_both 1
for f in "$WORK/err.tree" "$WORK/err"; do
  assert_contains "$f" 'content/files/bad\nname.txt: error:'
  assert_contains "$f" 'content/files/esc\x1b[2J.txt: error:'
  assert_contains "$f" 'content/files/latin\xe9.txt: error:'
  assert_contains "$f" "[path-invalid-name]"
  ! grep -q "$(printf '\033')" "$f" || fail "an escape character reached the terminal"
done
unchanged
rm -r content/files && git add -A && git commit -qm "names"
pass "invalid names are errors naming the escaped path, in both modes"

# ---- 2. Markdown fields and menu URLs ----
mkdir -p content/galleries/pr
cp "$REPO/content/galleries/pmss-infographics/pmss-leave.png" content/galleries/pr/chart.png
cat >content/galleries/pr/index.md <<'MD'
---
title: ภาพ
kind: gallery
images:
  - file: chart.png
    alt: อินโฟกราฟิกขั้นตอนการลาในระบบ PMSS
    description: |
      ดู [รายละเอียด](javascript://%0Aalert(1)) และ <img src=x onerror=alert(2)>
---
MD
build_both 1
expect_error link-unsafe "content/galleries/pr/index.md:[78]:[0-9]+"
assert_contains "$WORK/err.tree" "[link-unsafe]"
unchanged
sed -i 's|javascript://%0Aalert(1)|../../articles/first.md|' content/galleries/pr/index.md
run 0 "$KMSITE" build --source "$site" --quiet
page=$(grep -l "รายละเอียด" public/galleries/pr/*/index.html | head -1)
assert_contains "$page" 'href="/articles/first/"'
assert_contains "$page" '&lt;img src=x onerror=alert(2)&gt;'
assert_not_contains "$page" '<img src=x'
git add -A && git commit -qm "gallery"
before=$(tree_hash "$site/public")
cp site-config/site.yaml "$WORK/site.yaml"
for url in "javascript://%0Aalert(1)" "JavaScript:alert(1)" "data:text/html,x" "vbscript:x"; do
  printf '    - {name: x, url: "%s"}\n' "$url" >>"$WORK/menu-items"
done
awk -v items="$(cat "$WORK/menu-items")" '{print} /^  main:$/ {print items}' "$WORK/site.yaml" \
  >site-config/site.yaml
line=$(grep -n 'javascript://' site-config/site.yaml | cut -d: -f1)
run 1 "$KMSITE" build --source "$site"
for k in 0 1 2 3; do expect_error menu-url-unsafe "site-config/site.yaml:$((line + k)):1"; done
unchanged
cp "$WORK/site.yaml" site-config/site.yaml
pass "javascript: in a gallery description or a menu URL is an error at its line"

# ---- 3. one owner per output file ----
mkdir -p content/js content/css content/search
echo 'alert(1)' >content/js/display.js
echo 'body{}' >content/css/site.css
printf 'User-agent: *\nDisallow: /\n' >content/robots.txt
echo '<urlset/>' >content/sitemap.xml
echo '{}' >content/search/meta.json
echo '<rss/>' >content/index.xml
printf -- '---\ntitle: alias\naliases: ["/atom.xml"]\n---\n' >content/articles/alias.md
# The redirect maps are server configuration: no content file may be one,
# nor sit in their folder.
mkdir -p content/_kmsite
printf '/ https://evil.example/ 301\n' >content/_redirects
printf '/*\n  Content-Security-Policy: default-src *\n' >content/_headers
echo 'location / { root /; }' >content/_kmsite/extra.conf
run 1 "$KMSITE" build --source "$site"
expect_error url-conflict "content/_redirects:1:1"
expect_error url-conflict "content/_kmsite/extra.conf:1:1"
expect_error url-conflict "content/_headers:1:1"
assert_matches "$WORK/err" "/_kmsite/extra.conf is claimed by both content/_kmsite/extra.conf and the redirect maps"
expect_error url-conflict "content/js/display.js:1:1"
assert_matches "$WORK/err" "/js/display.js is claimed by both .*themes/default/static/js/display.js"
expect_error url-conflict "content/css/site.css:1:1"
expect_error url-conflict "content/robots.txt:1:1"
expect_error url-conflict "content/sitemap.xml:1:1"
expect_error url-conflict "content/search/meta.json:1:1"
expect_error url-conflict "content/index.xml:1:1"
assert_matches "$WORK/err" "^content/articles/alias.md:1:1: error: /atom.xml is claimed by both content/articles/alias.md and the site's feed"
unchanged
rm -r content/js content/css content/search content/robots.txt content/sitemap.xml \
  content/index.xml content/articles/alias.md content/_redirects content/_headers content/_kmsite
echo a >content/Notes.txt && echo b >content/notes.txt
run 0 "$KMSITE" build --source "$site"
assert_matches "$WORK/err" "content/.otes.txt:1:1: warning: .*differ only in upper and lower case.*\[url-case-conflict\]"
rm content/Notes.txt content/notes.txt
run 0 "$KMSITE" build --source "$site" --quiet
before=$(tree_hash "$site/public")
pass "content cannot replace theme or generated files; both sources are named"

# ---- 4. active content ----
cat >content/evil.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg">
  <rect width="10" height="10"/>
  <script>alert(1)</script>
</svg>
SVG
printf '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/p.png"/></svg>' \
  >content/tracker.svg
echo '<html><script>alert(1)</script></html>' >content/page.html
printf '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>' >content/fake.png
printf '<html><script>alert(1)</script></html>' >content/report.pdf
printf '<?xml-stylesheet type="text/xsl" href="t.xsl"?><r/>' >content/data.xml
build_both 1
expect_error asset-svg-unsafe "content/evil.svg:3:1"
expect_error asset-svg-unsafe "content/tracker.svg:1:1"
expect_error asset-html "content/page.html"
expect_error asset-type-mismatch "content/fake.png"
expect_error asset-type-mismatch "content/report.pdf"
expect_error asset-xml-active "content/data.xml:1:1"
assert_contains "$WORK/err.tree" "[asset-svg-unsafe]"
unchanged
rm content/evil.svg content/tracker.svg content/fake.png content/report.pdf content/data.xml
printf '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>จุด</title><circle r="4"/></svg>' \
  >content/dot.svg
echo "html_files: true" >>site-config/site.yaml
# (the opted-in page is the webmaster's own; it is not made conforming here)
run 0 "$KMSITE" build --source "$site" --quiet --no-check
[ -f public/page.html ] && [ -f public/dot.svg ] || fail "opted-in HTML and a clean SVG are published"
pass "script in SVG, HTML, XSLT and disguised pictures are refused; html_files opts in"

# ---- a draft's files stay unpublished with it ---------------------------------
drafty=$WORK/drafty
make_site "$drafty"
mkdir -p "$drafty/content/plans/secret"
cp "$REPO/content/plans/lopburi-digital-plan/projects.csv" "$drafty/content/plans/secret/"
# The example plan's front matter (its table's settings), as a draft, without its links.
awk 'NR == 1 || !done { print } NR > 1 && /^---$/ { done = 1 }' \
  "$REPO/content/plans/lopburi-digital-plan/index.md" |
  sed -e 's/^title: .*/title: แผนลับ/' -e 's/^date: .*/date: 2023-12-15\ndraft: true/' \
  >"$drafty/content/plans/secret/index.md"
printf 'แผนที่ยังไม่เผยแพร่\n' >>"$drafty/content/plans/secret/index.md"
printf 'งบประมาณที่ยังไม่เปิดเผย\n' >"$drafty/content/plans/secret/notes.txt"
printf '  plans: {kind: plan, title: แผน}\n' >>"$drafty/site-config/site.yaml"
sed -i 's/^  articles: {kind: article, title: บทความ}$/&\n  plans: {kind: plan, title: แผน}/; $d' "$drafty/site-config/site.yaml"
run 0 "$KMSITE" build --source "$drafty" --quiet --no-check
for f in projects.csv projects.json notes.txt index.html; do
  [ ! -e "$drafty/public/plans/secret/$f" ] || fail "a draft's $f was published"
done
assert_not_contains "$drafty/public/.kmsite-manifest" "plans/secret"
run 0 "$KMSITE" build --source "$drafty" --quiet --no-check --drafts
[ -f "$drafty/public/plans/secret/notes.txt" ] && [ -f "$drafty/public/plans/secret/projects.csv" ] ||
  fail "--drafts publishes the draft's files"
pass "a draft's bundle files and the tables it reads are not published (until --drafts)"
