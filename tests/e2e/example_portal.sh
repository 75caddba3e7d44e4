# The repository's own example portal builds cleanly and every page carries
# what DESIGN.md promises: lang, skip link, landmarks, one h1, a Buddhist-era
# last-updated date in <time datetime>, plus valid sitemap, feeds and robots.
source "$(dirname "$0")/lib.sh"

out=$WORK/public
run 0 "$KMSITE" build --source "$REPO" --out "$out"
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "the example portal has warnings or errors"; }

count() { find "$out/$1" -mindepth 2 -name index.html -not -path "*/page/*" | wc -l; }
[ "$(count articles)" -ge 10 ] || fail "fewer than 10 KM articles"
[ "$(count sop)" -ge 8 ] || fail "fewer than 8 SOPs"
[ "$(count plans)" -ge 2 ] || fail "fewer than 2 plans"
for page in about contact privacy-policy website-policy security-policy accessibility; do
  [ -f "$out/$page/index.html" ] || fail "required page /$page/ missing"
done
pass "example content: articles, SOPs, plans and required pages"

pages=0
while IFS= read -r -d '' f; do
  grep -q 'http-equiv="refresh"' "$f" && continue  # alias redirects
  pages=$((pages + 1))
  grep -qE '<html lang="(th|en)">' "$f" || fail "$f: no lang"
  [ "$(grep -c '<h1' "$f")" = 1 ] || fail "$f: not exactly one h1"
  grep -q 'class="skip-link" href="#main"' "$f" || fail "$f: no skip link"
  grep -q '<main id="main"' "$f" || fail "$f: no main landmark"
  grep -q '<header class="site-header">' "$f" || fail "$f: no banner"
  grep -q '<footer class="site-footer">' "$f" || fail "$f: no contentinfo"
  grep -q '<nav class="site-nav"' "$f" || fail "$f: no navigation"
  grep -qE '<time datetime="[0-9]{4}-[0-9]{2}-[0-9]{2}">' "$f" || fail "$f: no machine-readable date"
  # Search is the one feature that needs JavaScript (DESIGN.md). JSON-LD data
  # blocks are not executable; display.js only adds the text size and contrast
  # buttons; gallery.js only turns links to image pages into a lightbox.
  scripts=$(grep -o '<script[^>]*>' "$f" | grep -v -E -e 'type="application/ld\+json"' -e 'src="/js/display\.[0-9a-f]{16}\.js"' || true)
  case "$f" in
    "$out/search/index.html") [[ $scripts =~ ^'<script src="/js/search.'[0-9a-f]{16}'.js" defer>'$ ]] || fail "search page scripts: $scripts" ;;
    "$out"/galleries/*/index.html) [ -z "$scripts" ] || [[ $scripts =~ ^'<script src="/js/gallery.'[0-9a-f]{16}'.js" defer>'$ ]] || fail "gallery page scripts: $scripts" ;;
    *) [ -z "$scripts" ] || fail "$f: needs JavaScript: $scripts" ;;
  esac
done < <(find "$out" -name '*.html' -print0)
[ "$pages" -gt 50 ] || fail "only $pages pages checked"
pass "$pages pages: lang, one h1, skip link, landmarks, <time datetime>, script only on search"

thai_months='(มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม)'
assert_matches "$out/articles/pmss-document-registration/index.html" "ปรับปรุงล่าสุด <time datetime=\"[^\"]+\">[0-9]{1,2} $thai_months 25[0-9]{2}</time>"
td='(๐|๑|๒|๓|๔|๕|๖|๗|๘|๙)'  # ranges of Thai digits are not portable in grep
assert_matches "$out/sop/cyber-security/index.html" "<time datetime=\"[^\"]+\">$td{1,2} $thai_months ๒๕$td{2}</time>"
assert_contains "$out/sop/cyber-security/index.html" '<th scope="row">จัดทำแผนการดำเนินการความมั่นคงปลอดภัยทางไซเบอร์</th>'
assert_contains "$out/en/about/index.html" '<html lang="en">'
assert_contains "$out/about/index.html" '<a href="/en/about/" hreflang="en" lang="en">English</a>'
# Pages without a translation switch to the other language's home page.
assert_contains "$out/sop/cyber-security/index.html" '<a href="/en/" hreflang="en" lang="en">English</a>'
assert_contains "$out/en/index.html" '<a href="/" hreflang="th" lang="th">ภาษาไทย</a>'
assert_not_contains "$out/sop/cyber-security/index.html" '<link rel="alternate" hreflang="en"'
pass "Buddhist-era dates in Thai and Arabic digits, a language switch on every page"

# SOPs: flowchart drawn at build time, with title/desc, legend, text list and table.
for sop in "$out"/sop/*/index.html; do
  case "$sop" in */page/* | */a-z/*) continue ;; esac
  assert_matches "$sop" '<svg xmlns="http://www.w3.org/2000/svg" class="flowchart"[^>]* role="img" aria-labelledby="fc-sop-title fc-sop-desc">'
  assert_contains "$sop" '<title id="fc-sop-title">'
  assert_contains "$sop" 'class="flowchart-legend"'
  assert_contains "$sop" '<ol class="flowchart-steps">'
  assert_contains "$sop" '<th scope="col">มาตรฐานคุณภาพงาน</th>'
done
assert_contains "$out/sop/cyber-security/index.html" '<dd>๒๑–๒๗ วันทำการ</dd>'
assert_contains "$out/sop/cyber-security/index.html" '>ไม่อนุมัติ</text>'
# Mermaid blocks in Markdown are drawn too (no JavaScript, no code block left).
assert_contains "$out/sop/it-consulting/index.html" 'aria-labelledby="fc-1-title fc-1-desc"'
assert_not_contains "$out/sop/it-consulting/index.html" 'language-mermaid'
pass "SOP flowcharts, legend, step list, table and total time; Mermaid drawn at build time"

# Plan: totals computed by the build (the seed has no totals row), open data beside it.
plan=$out/plans/lopburi-digital-plan
assert_contains "$plan/index.html" '<th scope="colgroup" colspan="4">งบประมาณ (บาท)</th>'
assert_contains "$plan/index.html" '<td class="num">39,427,500</td><td class="num">39,577,500</td><td class="num">39,939,000</td><td class="num">39,939,000</td>'
assert_contains "$plan/index.html" '<td class="num">158,883,000</td>'
assert_contains "$plan/index.html" 'ประเด็นยุทธศาสตร์ที่ 4 การพัฒนาศักยภาพบุคลากรด้านเทคโนโลยีดิจิทัล</th>'
assert_contains "$plan/projects.csv" ',รวมทั้งสิ้น,,,39427500,39577500,39939000,39939000,158883000,,'
assert_contains "$plan/projects.json" '"all": 158883000'
[ "$(head -c3 "$plan/projects.csv")" = $'\xEF\xBB\xBF' ] || fail "projects.csv has no UTF-8 BOM"
[ "$(grep -c '"project"' "$plan/projects.json")" = 11 ] || fail "projects.json does not have 11 projects"
pass "plan table with computed yearly and overall totals; CSV and JSON open data"

# KM articles: KM step taxonomy in process order, KPI cards; ก-ฮ indexes.
for step in การบ่งชี้ความรู้ การสร้างและแสวงหาความรู้ การจัดความรู้ให้เป็นระบบ การประมวลและกลั่นกรองความรู้ \
            การเข้าถึงความรู้ การแบ่งปันแลกเปลี่ยนความรู้ การเรียนรู้; do
  [ -f "$out/km-steps/$step/index.html" ] || fail "no page for KM step $step"
done
grep -o 'km-steps/[^/"]*/' "$out/km-steps/index.html" | head -2 | tr '\n' ' ' | grep -q "km-steps/การบ่งชี้ความรู้/ km-steps/การสร้างและแสวงหาความรู้/" \
  || fail "KM steps are not in process order"
assert_contains "$out/articles/pmss-document-registration/index.html" '<p class="kpi-met">บรรลุค่าเป้าหมาย</p>'
assert_contains "$out/articles/learning-organization/index.html" '<dd>๕ ระดับ</dd>'
assert_contains "$out/sop/a-z/index.html" '<h1>ดัชนี ก–ฮ คู่มือการปฏิบัติงาน</h1>'
assert_contains "$out/articles/a-z/index.html" '<h2 id="letter-ค">ค</h2>'
# "เครื่องมือ..." is filed under ค (the leading vowel เ is skipped), before "ความตระหนักรู้..." would not be
grep -A3 '<h2 id="letter-ค">' "$out/articles/a-z/index.html" | grep -q "เครื่องมือการจัดการความรู้" || fail "เครื่องมือ... not under ค"
assert_contains "$out/sop/index.html" 'href="/sop/a-z/"'
pass "KM-step pages in process order, KPI cards, ก-ฮ indexes by first consonant"

xsd=$REPO/tests/fixtures/sitemap-schema/sitemap-with-images.xsd
[ -f "$xsd" ] || fail "sitemap schema not found at $xsd (tests/fixtures/sitemap-schema)"
xmllint --noout --schema "$xsd" "$out/sitemap.xml" 2>"$WORK/xml" || { cat "$WORK/xml"; fail "sitemap.xml is not valid"; }
urls=$(grep -c '<loc>' "$out/sitemap.xml")
[ "$urls" -gt 40 ] || fail "sitemap has only $urls URLs"
grep -q '<lastmod>' "$out/sitemap.xml" || fail "sitemap has no lastmod"
assert_matches "$out/sitemap.xml" '<image:loc>https://km.example.go.th/galleries/pmss-infographics/pmss-leave-[0-9]+\.[0-9a-f]{8}\.png</image:loc>'
assert_contains "$out/index.xml" '/galleries/pmss-infographics/</link>'
assert_contains "$out/galleries/index.xml" '/galleries/pmss-exchange-2567/</link>'
for feed in index.xml atom.xml articles/index.xml articles/atom.xml sop/index.xml plans/atom.xml; do
  xmllint --noout "$out/$feed" || fail "$feed is not well-formed XML"
done
assert_contains "$out/index.xml" '<rss version="2.0"'
assert_contains "$out/atom.xml" '<feed xmlns="http://www.w3.org/2005/Atom"'
assert_contains "$out/robots.txt" "Sitemap: https://km.example.go.th/sitemap.xml"
assert_contains "$out/404.html" "<h1>ไม่พบหน้าที่ต้องการ</h1>"
pass "sitemap.xml valid against sitemap-0.9.xsd ($urls URLs), feeds, robots.txt, 404"

# Every content page listed in sitemap.xml is reachable from the HTML site map.
for section in articles sop plans; do
  for dir in "$out/$section"/*/; do
    name=$(basename "$dir")
    [ "$name" = page ] && continue
    assert_contains "$out/sitemap/index.html" "href=\"/$section/$name/\""
  done
done
assert_contains "$out/sitemap/index.html" "<h1>ผังเว็บไซต์</h1>"
pass "HTML site map (ผังเว็บไซต์) lists every page"

# Pagination: a section longer than 'paginate' gets numbered list pages.
[ -f "$out/articles/page/2/index.html" ] || fail "articles list is not paginated"
assert_contains "$out/articles/page/2/index.html" 'rel="prev"'
pass "section list pages paginate"

# Search: the page's contract and a built index beside it.
assert_contains "$out/search/index.html" 'id="search-results"'
assert_contains "$out/search/index.html" '<noscript>'
assert_contains "$out/search/index.html" 'href="/sitemap/"'
assert_contains "$out/search/index.html" 'href="/sop/a-z/"'
assert_contains "$out/search/meta.json" '"docs":'
[ "$(find "$out/search/f" -name '*.json' | wc -l)" -ge 30 ] || fail "too few search fragments"
gz=$(gzip -9c "$out"/js/search.*.js | wc -c)
[ "$gz" -le 15360 ] || fail "search.js is $gz bytes gzipped, over 15 KB"
assert_contains "$out/index.html" '<form class="site-search" role="search" action="/search/" method="get">'
pass "search page, index files, script under 15 KB gzipped ($gz bytes), search form on every page"

# The compliance report written by the build: DGA controls and WCAG criteria.
report=$out/compliance/index.html
assert_contains "$report" '<h1>รายงานการตรวจสอบมาตรฐานเว็บไซต์</h1>'
for passed in AI-03 AI-04 AI-05 AI-13 AI-20 AI-21 AI-23 AI-24 AI-25 RS-02 2.4.1 3.1.1; do
  assert_contains "$report" "<tr class=\"status-passed\"><th scope=\"row\">$passed</th>"
done
# Criteria the rules cover only in part are never "passed": a person finishes them.
for manual in AI-01 AI-02 AI-11 AI-19 RS-03 1.3.1 1.4.4 1.4.10 2.1.1 2.2.2 2.4.6 4.1.2; do
  assert_contains "$report" "<tr class=\"status-manual\"><th scope=\"row\">$manual</th>"
done
assert_not_contains "$report" 'status-failed'
pass "compliance report: automatic controls passed, the rest left for a person with what to check"
