# Galleries: pictures made with libvips (responsive widths, WebP and the
# original format, metadata stripped, content-hashed names), the cache (a
# rebuild with nothing changed does no image work), and every kind of bad
# picture reported with its page and line while the other pictures still build.
source "$(dirname "$0")/lib.sh"

site=$WORK/site
make_site "$site"
sed -i 's/^sections:$/sections:\n  galleries: {kind: gallery, title: ภาพ}/' "$site/site-config/site.yaml"
g=$site/content/galleries/good
mkdir -p "$g"
vips black "$WORK/b.v" 1000 700 --bands 3
vips linear "$WORK/b.v" "$g/wide.jpg" 1 "200 120 40" --uchar  # jpegsave writes EXIF
vips linear "$WORK/b.v" "$g/chart.png" 1 "20 60 140" --uchar
vipsheader -a "$g/wide.jpg" | grep -q '^exif-data' || fail "the source JPEG should carry EXIF"
cat >"$g/index.md" <<'MD'
---
title: ภาพทดสอบ
images:
  - file: wide.jpg
    alt: ภาพพื้นสีส้มทั้งภาพ
    caption: ภาพสีส้ม
  - file: chart.png
    alt: แผนภูมิสีน้ำเงินทดสอบ
    infographic: true
    description: |
      ข้อความในแผนภูมิ: ยอดรวมสามร้อยหกสิบห้าวัน
---
MD
run 0 "$KMSITE" build --source "$site"
assert_contains "$WORK/out" "2 gallery images: 2 made, 0 from the cache"
out=$site/public/galleries/good
for w in 320 640 1000; do
  ls "$out"/wide-$w.*.webp "$out"/wide-$w.*.jpg "$out"/chart-$w.*.png >/dev/null || fail "width $w missing"
done
[ "$(ls "$out"/wide-*.jpg | wc -l)" = 3 ] || fail "wide.jpg: not 3 widths"
ls "$out"/wide.jpg 2>/dev/null && fail "the original file was published as it is"
for f in "$out"/wide-*.jpg "$out"/*.webp; do
  ! vipsheader -a "$f" | grep -qiE '^(exif|xmp|iptc)' || fail "$f keeps metadata"
done
assert_matches "$out/index.html" '<source type="image/webp" srcset="/galleries/good/wide-320\.[0-9a-f]{8}\.webp 320w, [^"]+ 640w, [^"]+ 1000w"'
assert_matches "$out/index.html" '<img src="/galleries/good/wide-640\.[0-9a-f]{8}\.jpg" srcset="[^"]+" sizes="[^"]+" width="640" height="448" alt="ภาพพื้นสีส้มทั้งภาพ" loading="lazy"'
assert_contains "$out/chart/index.html" 'ข้อความในแผนภูมิ: ยอดรวมสามร้อยหกสิบห้าวัน'
assert_contains "$out/chart/index.html" '<h1>แผนภูมิสีน้ำเงินทดสอบ</h1>'
assert_contains "$out/wide/index.html" 'ภาพที่ 1 จาก 2'
assert_contains "$site/public/sitemap.xml" '<image:loc>https://km.example.go.th/galleries/good/wide-1000.'
pass "responsive WebP and original-format files, metadata stripped, image pages, sitemap entries"

# Nothing changed: no image work, the same output.
before=$(tree_hash "$site/public")
run 0 "$KMSITE" build --source "$site"
assert_contains "$WORK/out" "nothing changed since the last build"
# Without the record of the last build, the pictures come from their cache.
rm "$site/.kmsite-cache/last-build"
run 0 "$KMSITE" build --source "$site"
assert_contains "$WORK/out" "2 gallery images: 0 made, 2 from the cache"
[ "$(tree_hash "$site/public")" = "$before" ] || fail "a cached rebuild changed the output"
# A changed picture is made again, under a new name.
vips linear "$WORK/b.v" "$g/chart.png" 1 "20 60 141" --uchar
run 0 "$KMSITE" build --source "$site"
assert_contains "$WORK/out" "2 gallery images: 1 made, 1 from the cache"
# An entry damaged by hand is made again rather than trusted.
# (the newest entry: the changed picture's, in use; the one it replaced stays
# in the cache unused, so which comes first in a listing proves nothing)
victim=$(find "$site/.kmsite-cache/images" -name '320.webp' -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2-)
printf 'x' >"$victim"
rm -f "$site/.kmsite-cache/last-build"  # the output is intact: only a real build reads the cache
run 0 "$KMSITE" build --source "$site"
assert_contains "$WORK/out" "1 made, 1 from the cache"
pass "the cache: unchanged pictures cost no image work; changed or damaged ones are remade"

# Bad pictures: each named with its page and line; the good ones still made.
b=$site/content/galleries/bad
mkdir -p "$b"
head -c 3000 /dev/urandom >"$b/noise.png"
echo "ไม่ใช่ภาพ" >"$b/text.jpg"
vips linear "$WORK/b.v" "$WORK/grad.jpg" 1 "30 90 150" --uchar
vips gaussnoise "$WORK/noise.v" 1000 700
vips cast "$WORK/noise.v" "$WORK/noise.jpg" uchar
head -c $(( $(stat -c %s "$WORK/noise.jpg") / 2 )) "$WORK/noise.jpg" >"$b/cut.jpg"
vips black "$WORK/huge.v" 20000 20000
vips copy "$WORK/huge.v" "$b/huge.jpg"
cp "$g/wide.jpg" "$b/ok.jpg"
cat >"$b/index.md" <<'MD'
---
title: ภาพเสีย
images:
  - file: noise.png
    alt: สัญญาณรบกวน
  - file: text.jpg
    alt: ไฟล์ข้อความ
  - file: cut.jpg
    alt: ภาพที่ถูกตัด
  - file: missing.png
    alt: ไม่มีไฟล์
  - file: huge.jpg
    alt: ภาพดำขนาดใหญ่มาก
  - file: ok.jpg
    alt: ok.jpg
  - file: ok.jpg
    alt: ""
  - file: ok.jpg
    alt: สัญญาณรบกวน
  - file: ok.jpg
    alt: ภาพปกติ
    infographic: true
---
MD
before=$(tree_hash "$site/public")
run 1 /usr/bin/time -f '%M' -o "$WORK/rss" "$KMSITE" build --source "$site"
rss=$(tail -1 "$WORK/rss")
p=content/galleries/bad/index.md
assert_matches "$WORK/err" "^$p:4:5: error: content/galleries/bad/noise.png: not a picture .*\[image-unreadable\]$"
assert_matches "$WORK/err" "^$p:6:5: error: content/galleries/bad/text.jpg: not a picture .*\[image-unreadable\]$"
assert_matches "$WORK/err" "^$p:8:5: error: content/galleries/bad/cut.jpg: the picture is damaged or cut short.*\[image-damaged\]$"
assert_matches "$WORK/err" "^$p:10:11: error: image 'missing.png' not found.*\[gallery-image-missing\]$"
assert_matches "$WORK/err" "^$p:12:5: warning: content/galleries/bad/huge.jpg: 20000x20000 pixels .*\[image-large\]$"
assert_matches "$WORK/err" "^$p:15:10: error: alt 'ok.jpg' of 'ok.jpg' is not meaningful: it is the file name.*\[gallery-alt\]$"
assert_matches "$WORK/err" "^$p:16:5: error: image 'ok.jpg' needs alt.*\[gallery-alt\]$"
assert_matches "$WORK/err" "^$p:18:5: error: alt 'สัญญาณรบกวน' is the same as the image at line 4.*\[gallery-alt\]$"
assert_matches "$WORK/err" "^$p:20:5: error: infographic 'ok.jpg' needs a description.*\[gallery-description\]$"
[ "$rss" -lt 700000 ] || fail "a 20000x20000 picture took $rss KB: not streamed"
[ "$(tree_hash "$site/public")" = "$before" ] || fail "a failed build changed the output"
# The pictures that were fine were made all the same (the huge one among them).
[ -n "$(find "$site/.kmsite-cache/images" -name 1280.jpg)" ] || fail "huge.jpg was not made"
pass "bad pictures: page and line for each, others still made, 20000x20000 streamed in $((rss / 1024)) MB"

# ---- the same pictures on every machine --------------------------------------
# libvips' run-time SIMD code (liborc) is generated for the CPU at hand and
# rounds differently from its C paths; kmsite uses the C paths only, so a
# photo's bytes (named by its source's hash) are the same wherever it is built.
# VIPS_NOVECTOR=1 asks libvips for the C paths: the output must not change.
portal=$WORK/portal
mkdir -p "$portal"
cp -r "$REPO/content" "$REPO/site-config" "$REPO/themes" "$portal/"
run 0 "$KMSITE" build --source "$portal" --out "$WORK/pictures-a" --cache-dir "$WORK/cache-a" --quiet
VIPS_NOVECTOR=1 run 0 "$KMSITE" build --source "$portal" --out "$WORK/pictures-b" --cache-dir "$WORK/cache-b" --quiet
n=$(find "$WORK/pictures-a" -name '*.webp' | wc -l)
[ "$n" -gt 0 ] || fail "no pictures made"
diff -rq -x .kmsite-manifest "$WORK/pictures-a" "$WORK/pictures-b" >"$WORK/pictures-diff" ||
  { head -5 "$WORK/pictures-diff"; fail "pictures differ with and without libvips' SIMD code"; }
pass "pictures are made by libvips' C paths: the same bytes on every machine ($n WebP files)"
