# A portal of many tiny pages (100,000 on the release build; the sanitized
# build, several times slower, 55,000: still over the 50,000 URLs of one
# sitemap): every page is built, and the sitemap becomes an index of parts
# that are each valid, within the protocol's limit, and together list every
# page once. No timing is asserted.
source "$(dirname "$0")/lib.sh"
pages=${3:-100000}

site=$WORK/site
make_site "$site"
awk -v n="$pages" -v dir="$site/content/articles" 'BEGIN {
  for (i = 1; i <= n; i++) {
    f = dir "/p" i ".md"
    printf "---\ntitle: หน้าที่ %d\ndescription: บันทึกความรู้หน้าที่ %d\n---\nเนื้อหาสั้นของหน้าที่ %d\n", i, i, i > f
    close(f)
  }
}'
out=$WORK/public
run 0 "$KMSITE" build --source "$site" --out "$out" --quiet
built=$(find "$out/articles" -mindepth 2 -maxdepth 2 -name index.html -regex ".*/articles/p[0-9]*/index.html" | wc -l)
[ "$built" = "$pages" ] || fail "$built of $pages pages built"
for i in 1 "$((pages / 2))" "$pages"; do
  assert_contains "$out/articles/p$i/index.html" "เนื้อหาสั้นของหน้าที่ $i<"
done
pass "$pages tiny pages built, each into its own page"

# The index: parts that exist, on the site's address, in order.
xmllint --noout "$out/sitemap.xml" || fail "sitemap.xml is not well-formed"
root=$(xmllint --xpath 'local-name(/*)' "$out/sitemap.xml")
[ "$root" = sitemapindex ] || fail "sitemap.xml is a $root, not a sitemapindex, with $pages pages"
mapfile -t locs < <(xmllint --xpath '//*[local-name()="sitemap"]/*[local-name()="loc"]/text()' "$out/sitemap.xml" | tr ' ' '\n' | sed '/^$/d')
parts=$(( (pages + 50000) / 50000 ))   # at least the pages and the portal's own
((${#locs[@]} >= 2)) || fail "the sitemap index lists ${#locs[@]} parts"
xsd=$REPO/tests/fixtures/sitemap-schema/sitemap-with-images.xsd
total=0
: >"$WORK/all-locs"
for k in "${!locs[@]}"; do
  want="https://km.example.go.th/sitemap-$((k + 1)).xml"
  [ "${locs[$k]}" = "$want" ] || fail "part $((k + 1)) of the index is ${locs[$k]}, not $want"
  part=$out/sitemap-$((k + 1)).xml
  [ -f "$part" ] || fail "the index lists $want, which was not written"
  xmllint --noout --schema "$xsd" "$part" 2>"$WORK/xml" || { head -5 "$WORK/xml"; fail "sitemap-$((k + 1)).xml is not valid"; }
  n=$(grep -o '<loc>' "$part" | wc -l)
  ((n <= 50000)) || fail "sitemap-$((k + 1)).xml lists $n URLs, over the protocol's 50,000"
  total=$((total + n))
  grep -o '<loc>[^<]*</loc>' "$part" >>"$WORK/all-locs"
done
[ ! -f "$out/sitemap-$((${#locs[@]} + 1)).xml" ] || fail "a sitemap part the index does not list"
dups=$(sort "$WORK/all-locs" | uniq -d | wc -l)
[ "$dups" = 0 ] || fail "$dups URLs listed in more than one part"
listed=$(grep -c '/articles/p[0-9]*/</loc>' "$WORK/all-locs")
[ "$listed" = "$pages" ] || fail "the sitemap lists $listed of the $pages pages"
pass "sitemap.xml is an index of ${#locs[@]} valid parts (at most $parts needed), $total URLs, every page once"

# The search index counts every page too.
docs=$(grep -o '"docs":[0-9]*' "$out/search/meta.json" | cut -d: -f2)
((docs >= pages)) || fail "the search index holds $docs documents for $pages pages"
pass "the search index holds all $docs documents"
