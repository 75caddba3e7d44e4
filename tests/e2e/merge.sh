# kmsite merge: three offices' built sites as one portal. The host's pages
# are published as they are; one search index covers every office's pages
# (renumbered, linked at their own addresses); sitemap.xml becomes an index
# of every office's sitemaps; a merge again changes nothing; a site that is
# not a build's output, or whose index was tampered with, stops the merge
# and leaves the portal as it was.
source "$(dirname "$0")/lib.sh"

# office NAME BASE_URL TITLE WORD: a site with two articles of its own, one
# about a word only it has, and one about "ทะเบียน" that every office has.
office() {
  local dir=$WORK/$1
  make_site "$dir"
  sed -i "s|^title: .*|title: $3|; s|^base_url: .*|base_url: $2|" "$dir/site-config/site.yaml"
  cat >"$dir/content/articles/$1-own.md" <<MD
---
title: งานเฉพาะของ$3
---
$4 เป็นงานที่มีเฉพาะที่$3
MD
  cat >"$dir/content/articles/$1-registry.md" <<MD
---
title: การลงทะเบียนหนังสือของ$3
---
ขั้นตอนการลงทะเบียนหนังสือเข้าและออกของ$3
MD
  run 0 "$KMSITE" build --source "$dir" --out "$dir/public" --quiet
}
office north https://km.example.go.th/ "สำนักงานเขตเหนือ" "ลำไย"
office south https://km.example.go.th/south/ "สำนักงานเขตใต้" "ยางพารา"
office east https://east.example.go.th/ "สำนักงานเขตตะวันออก" "ทุเรียน"

portal=$WORK/portal
run 0 "$KMSITE" merge "$WORK/north/public" "$WORK/south/public" "$WORK/east/public" --out "$portal"
assert_contains "$WORK/out" "merged 3 sites"

# The host's pages, byte for byte; its search page reads the merged index.
for f in index.html articles/north-own/index.html search/index.html \
         "$(cd "$WORK/north/public" && ls js/search.*.js)"; do
  cmp -s "$WORK/north/public/$f" "$portal/$f" || fail "$f differs from the host's"
done
[ ! -e "$portal/articles/south-own/index.html" ] || fail "another office's page was copied into the portal"
pass "the host's files are the portal's"

meta=$portal/search/meta.json
docs() { grep -o '"docs":[0-9]*' "$1" | cut -d: -f2; }
want=$(( $(docs "$WORK/north/public/search/meta.json") + $(docs "$WORK/south/public/search/meta.json") + $(docs "$WORK/east/public/search/meta.json") ))
[ "$(docs "$meta")" = "$want" ] || fail "the merged index has $(docs "$meta") documents, not $want"
# Every office's page is found at its own address: the host's and the
# office under the host's origin root-relative, the other origin absolute.
frag() { grep -l "\"title\":\"$1\"" "$portal"/search/f/*/*.json | head -1; }
assert_contains "$(frag 'งานเฉพาะของสำนักงานเขตเหนือ')" '"url":"/articles/north-own/"'
assert_contains "$(frag 'งานเฉพาะของสำนักงานเขตใต้')" '"url":"/south/articles/south-own/"'
assert_contains "$(frag 'งานเฉพาะของสำนักงานเขตตะวันออก')" '"url":"https://east.example.go.th/articles/east-own/"'
# Each office's own word is in the merged vocabulary, and the site filter names all three.
for w in ลำไย ยางพารา ทุเรียน; do assert_contains "$portal"/search/vocab-*.json "\"$w\""; done
for t in สำนักงานเขตเหนือ สำนักงานเขตใต้ สำนักงานเขตตะวันออก; do assert_contains "$meta" "[\"$t\","; done
pass "one search index over the three offices' $want pages"

# The sitemap index: the host's own list moved aside (and still valid), then the others'.
xmllint --noout "$portal/sitemap.xml" || fail "sitemap.xml is not well-formed"
[ "$(xmllint --xpath 'local-name(/*)' "$portal/sitemap.xml")" = sitemapindex ] || fail "sitemap.xml is not a sitemapindex"
[ "$(xmllint --xpath 'namespace-uri(/*)' "$portal/sitemap.xml")" = http://www.sitemaps.org/schemas/sitemap/0.9 ] ||
  fail "the sitemap index is not in the sitemaps.org namespace"
locs=$(xmllint --xpath '//*[local-name()="sitemap"]/*[local-name()="loc"]/text()' "$portal/sitemap.xml" | tr ' ' '\n' | sed '/^$/d' | tr '\n' ' ')
[ "$locs" = "https://km.example.go.th/sitemap-1.xml https://km.example.go.th/south/sitemap.xml https://east.example.go.th/sitemap.xml " ] ||
  fail "the sitemap index lists: $locs"
cmp -s "$WORK/north/public/sitemap.xml" "$portal/sitemap-1.xml" || fail "sitemap-1.xml is not the host's sitemap"
xmllint --noout --schema "$REPO/tests/fixtures/sitemap-schema/sitemap-with-images.xsd" "$portal/sitemap-1.xml" 2>"$WORK/xml" ||
  { cat "$WORK/xml"; fail "sitemap-1.xml is not valid"; }
lastmods=$(xmllint --xpath 'count(//*[local-name()="sitemap"]/*[local-name()="lastmod"])' "$portal/sitemap.xml")
[ "$lastmods" = 3 ] || fail "$lastmods of 3 sitemaps have a lastmod"
assert_contains "$portal/robots.txt" "Sitemap: https://km.example.go.th/sitemap.xml"
pass "sitemap.xml is an index of the three offices' sitemaps"

# The host was built with .gz and .br copies: the merged portal has them of
# its own files (the host's copies were of what the merge replaces).
grep -q '^# precompressed:' "$portal/.kmsite-manifest" || fail "the merged portal's manifest does not say it has copies"
copies=0
while IFS= read -r f; do
  if [[ "$f" == *.gz ]]; then
    gzip -dc "$portal/$f" | cmp -s - "$portal/${f%.gz}" || fail "the merged portal's $f is not its ${f%.gz}"
  else
    brotli -dc "$portal/$f" | cmp -s - "$portal/${f%.br}" || fail "the merged portal's $f is not its ${f%.br}"
  fi
  copies=$((copies + 1))
done < <(cd "$portal" && find . -type f \( -name '*.gz' -o -name '*.br' \) -printf '%P\n')
[ -f "$portal/index.html.br" ] && [ "$copies" -gt 10 ] || fail "too few copies in the merged portal ($copies)"
[ "$(stat -c %s "$portal/sitemap.xml")" -gt 1024 ] || [ ! -e "$portal/sitemap.xml.gz" ] ||
  fail "the merged portal kept a copy of the host's sitemap.xml"
pass "every .gz and .br copy in the merged portal ($copies) is of its own file"

# A merge again writes nothing.
run 0 "$KMSITE" merge "$WORK/north/public" "$WORK/south/public" "$WORK/east/public" --out "$portal"
assert_contains "$WORK/out" "(0 files written"
# One office's new page: the index changes, the host's pages do not.
printf -- '---\ntitle: ข่าวใหม่ของเขตใต้\n---\nมังคุดหวาน\n' >"$WORK/south/content/articles/news.md"
run 0 "$KMSITE" build --source "$WORK/south" --out "$WORK/south/public" --quiet
before=$(stat -c %Y "$portal/index.html")
run 0 "$KMSITE" merge "$WORK/north/public" "$WORK/south/public" "$WORK/east/public" --out "$portal"
assert_contains "$portal"/search/vocab-*.json '"มังคุด"'
[ "$(stat -c %Y "$portal/index.html")" = "$before" ] || fail "the host's home page was written again"
[ "$(docs "$meta")" = "$((want + 1))" ] || fail "the new page is not in the merged index"
pass "a merge again writes only what changed"

# A merged portal merged again: a nation's portal over the province's.
office nation https://km.nation.go.th/ "ศูนย์ความรู้แห่งชาติ" "ข้าวหอมมะลิ"
run 0 "$KMSITE" merge "$WORK/nation/public" "$portal" --out "$WORK/national"
nat=$WORK/national
locs=$(xmllint --xpath '//*[local-name()="sitemap"]/*[local-name()="loc"]/text()' "$nat/sitemap.xml" | tr ' ' '\n' | sed '/^$/d' | tr '\n' ' ')
[ "$locs" = "https://km.nation.go.th/sitemap-1.xml https://km.example.go.th/sitemap-1.xml https://km.example.go.th/south/sitemap.xml https://east.example.go.th/sitemap.xml " ] ||
  fail "the national sitemap index lists: $locs"
fragn() { grep -l "\"title\":\"$1\"" "$nat"/search/f/*/*.json | head -1; }
assert_contains "$(fragn 'งานเฉพาะของศูนย์ความรู้แห่งชาติ')" '"url":"/articles/nation-own/"'
assert_contains "$(fragn 'งานเฉพาะของสำนักงานเขตเหนือ')" '"url":"https://km.example.go.th/articles/north-own/"'
assert_contains "$(fragn 'งานเฉพาะของสำนักงานเขตใต้')" '"url":"https://km.example.go.th/south/articles/south-own/"'
assert_contains "$(fragn 'งานเฉพาะของสำนักงานเขตตะวันออก')" '"url":"https://east.example.go.th/articles/east-own/"'
for t in ศูนย์ความรู้แห่งชาติ สำนักงานเขตเหนือ สำนักงานเขตใต้ สำนักงานเขตตะวันออก; do assert_contains "$nat/search/meta.json" "[\"$t\","; done
pass "a merged portal merges again: every office keeps its address and its name"

# Two folders that say they are the same site: merged, with a warning.
run 0 "$KMSITE" merge "$WORK/north/public" "$WORK/north/public" --out "$WORK/twice"
assert_contains "$WORK/err" "[merge-same-site]"

# Inputs that stop the merge, leaving the portal as it was.
snapshot=$(tree_hash "$portal")
mkdir -p "$WORK/empty"
run 1 "$KMSITE" merge "$WORK/north/public" "$WORK/empty" --out "$portal"
assert_contains "$WORK/err" "search/meta.json"
assert_contains "$WORK/err" "[merge-input]"
assert_contains "$WORK/err" "ให้สร้างเว็บไซต์นั้นใหม่"
run 1 "$KMSITE" merge "$WORK/empty" "$WORK/north/public" --out "$portal"
assert_contains "$WORK/err" "is not the output of \`kmsite build\`"
# An office whose index points outside its folder.
cp -r "$WORK/east/public" "$WORK/hostile"
chunk=$(ls "$WORK/hostile/search" | grep '^c-' | head -1)
sed -i "s|\"$chunk\"|\"../../../etc/passwd\"|" "$WORK/hostile/search/meta.json"
run 1 "$KMSITE" merge "$WORK/north/public" "$WORK/hostile" --out "$portal"
assert_contains "$WORK/err" "hostile/search/meta.json"
# ... or through a symbolic link.
rm -rf "$WORK/hostile" && cp -r "$WORK/east/public" "$WORK/hostile"
ln -sf /etc/passwd "$WORK/hostile/search/$chunk"
run 1 "$KMSITE" merge "$WORK/north/public" "$WORK/hostile" --out "$portal"
assert_contains "$WORK/err" "hostile/search/$chunk"
[ "$(tree_hash "$portal")" = "$snapshot" ] || fail "a failed merge changed the portal"
grep -rq "root:" "$portal" && fail "a file outside the sites reached the portal"
# The portal cannot be one of the sites.
run 2 "$KMSITE" merge "$WORK/north/public" "$WORK/south/public" --out "$WORK/south/public"
run 2 "$KMSITE" merge "$WORK/north/public" "$WORK/south/public" --out "$WORK/south/public/sub"
pass "bad inputs stop the merge with the file and what to do; the portal is left as it was"
