# The site's identity (issue #14 item 6): site.yaml's logo: in every page's
# header, the icon made from it, /favicon.ico, OpenGraph and X card meta with
# every value escaped, the web app manifest, and hostile or missing logos
# refused at site.yaml's line as well as at the file's.
source "$(dirname "$0")/lib.sh"

site=$WORK/site
make_site "$site"
mkdir -p "$site/content/images" "$site/content/articles/pics"
cat >"$site/content/images/logo.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60">
  <title>โลโก้</title>
  <rect width="120" height="60" rx="8" fill="#0b4f8a"/>
</svg>
SVG
# A real PNG of 64 x 32 (one colour), made here so that the test needs no file.
png() {  # OUT WIDTH HEIGHT
  python3 - "$@" <<'PY'
import struct, sys, zlib
out, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
raw = b"".join(b"\0" + b"\x0b\x4f\x8a" * w for _ in range(h))
with open(out, "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
}
png "$site/content/articles/pics/chart.png" 40 20
cat >"$site/content/articles/quoted.md" <<'MD'
---
title: 'ชื่อ "อ้าง" <script>alert(1)</script> & อื่น ๆ'
description: 'คำอธิบาย "มีอ้าง" <b>ตัวหนา</b>'
---
## แผนภาพ

![แผนภาพการทำงาน](pics/chart.png)
MD
sed -i 's|^office: สำนักงานทดสอบ|office: สำนักงานทดสอบ\nlogo: images/logo.svg|' "$site/site-config/site.yaml"
logo_line=$(grep -n '^logo:' "$site/site-config/site.yaml" | cut -d: -f1)
run 0 "$KMSITE" build --source "$site"
public=$site/public

# The header: the logo, named by the office, sized by its viewBox.
for page in index.html articles/quoted/index.html en/index.html 404.html; do
  assert_contains "$public/$page" '<link rel="icon" href="/favicon.svg" type="image/svg+xml">'
  assert_contains "$public/$page" '<link rel="manifest" href="/manifest.webmanifest">'
done
assert_contains "$public/index.html" '<img class="site-logo" src="/logo.svg" alt="สำนักงานทดสอบ" width="120" height="60">'
# English pages name the office in English when site.yaml has office_en;
# here it has none, so the Thai name is marked as Thai.
assert_contains "$public/en/index.html" '<img class="site-logo" src="/logo.svg" alt="สำนักงานทดสอบ" lang="th" width="120" height="60">'
cmp "$public/logo.svg" "$site/content/images/logo.svg" || fail "logo.svg is not the logo's bytes"
cmp "$public/favicon.svg" "$site/content/images/logo.svg" || fail "favicon.svg is not the SVG logo"
[ ! -e "$public/favicon.ico" ] || fail "favicon.ico made without a raster picture"
pass "the SVG logo is in every page's header (alt: the office) and is the favicon"

# OpenGraph and the X card: the article's own picture, every value escaped.
art=$public/articles/quoted/index.html
assert_contains "$art" '<meta property="og:title" content="ชื่อ &quot;อ้าง&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; อื่น ๆ">'
assert_contains "$art" '<meta property="og:description" content="คำอธิบาย &quot;มีอ้าง&quot; &lt;b&gt;ตัวหนา&lt;/b&gt;">'
assert_not_contains "$art" '<script>alert(1)'
assert_contains "$art" '<meta property="og:type" content="article">'
assert_contains "$art" '<meta property="og:url" content="https://km.example.go.th/articles/quoted/">'
assert_contains "$art" '<meta property="og:image" content="https://km.example.go.th/articles/pics/chart.png">'
assert_contains "$art" '<meta property="og:locale" content="th_TH">'
assert_contains "$art" '<meta property="og:site_name" content="ศูนย์ความรู้ทดสอบ">'
assert_contains "$art" '<meta name="twitter:card" content="summary_large_image">'
# The home page is the website. It has no picture, and an SVG logo is none
# that Facebook, LINE or X would show: no og:image, the text card.
home=$public/index.html
assert_contains "$home" '<meta property="og:type" content="website">'
assert_contains "$home" '<meta property="og:url" content="https://km.example.go.th/">'
assert_not_contains "$home" 'og:image'
assert_contains "$home" '<meta name="twitter:card" content="summary">'
assert_contains "$public/en/index.html" '<meta property="og:locale" content="en_US">'
assert_contains "$public/en/index.html" '<meta property="og:site_name" content="Test Knowledge Centre">'
# Every og: meta tag is well-formed and in the head, once per property.
python3 - "$art" <<'PY' || fail "OpenGraph meta tags are not what a parser reads"
import sys
from html.parser import HTMLParser
class Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.props, self.in_head = {}, False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "head": self.in_head = True
        if tag == "meta" and ("property" in a or a.get("name", "").startswith("twitter:")):
            assert self.in_head, a
            key = a.get("property") or a["name"]
            assert key not in self.props, key
            self.props[key] = a["content"]
    def handle_endtag(self, tag):
        if tag == "head": self.in_head = False
p = Meta()
p.feed(open(sys.argv[1], encoding="utf-8").read())
assert p.props["og:title"] == 'ชื่อ "อ้าง" <script>alert(1)</script> & อื่น ๆ', p.props
assert p.props["og:description"] == 'คำอธิบาย "มีอ้าง" <b>ตัวหนา</b>', p.props
assert set(p.props) == {"og:type", "og:title", "og:description", "og:url", "og:image",
                        "og:locale", "og:site_name", "twitter:card"}, p.props
PY
pass "OpenGraph and X card meta on every page, values HTML-escaped, pictures absolute"

# The web app manifest: valid JSON with the site's name, language, start
# address, the theme's colours and the logo.
python3 -m json.tool "$public/manifest.webmanifest" >/dev/null || fail "manifest.webmanifest is not JSON"
python3 - "$public/manifest.webmanifest" <<'PY' || fail "the manifest's fields"
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
assert m["name"] == m["short_name"] == "ศูนย์ความรู้ทดสอบ", m
assert m["lang"] == "th" and m["start_url"] == "/" and m["scope"] == "/", m
assert m["display"] == "standalone", m
assert m["theme_color"] == "#0b4f8a" and m["background_color"] == "#ffffff", m
assert m["icons"] == [{"src": "/logo.svg", "sizes": "any", "type": "image/svg+xml",
                       "purpose": "any"}], m["icons"]
PY
pass "manifest.webmanifest: name, lang th, start_url, display, theme colours, the logo as icon"

# Under a base path every address follows it.
run 0 "$KMSITE" build --source "$site" --out "$WORK/sub" --base-url https://www.example.go.th/km/
assert_contains "$WORK/sub/index.html" '<img class="site-logo" src="/km/logo.svg"'
assert_contains "$WORK/sub/index.html" '<link rel="manifest" href="/km/manifest.webmanifest">'
assert_contains "$WORK/sub/articles/quoted/index.html" '<meta property="og:image" content="https://www.example.go.th/km/articles/pics/chart.png">'
grep -q '"start_url":"/km/"' "$WORK/sub/manifest.webmanifest" || fail "start_url is not the base path"
pass "a site under a base path: logo, manifest and previews under it"

# A PNG logo: its size from its header, the icon, and /favicon.ico made of it.
rm "$site/content/images/logo.svg"
png "$site/content/images/logo.png" 64 32
sed -i 's|^logo: .*|logo: images/logo.png|' "$site/site-config/site.yaml"
run 0 "$KMSITE" build --source "$site"
assert_contains "$home" '<img class="site-logo" src="/logo.png" alt="สำนักงานทดสอบ" width="64" height="32">'
assert_contains "$home" '<link rel="icon" href="/logo.png" type="image/png">'
# A PNG logo is the picture of pages without their own, on X's small card.
assert_contains "$home" '<meta property="og:image" content="https://km.example.go.th/logo.png">'
assert_contains "$home" '<meta property="og:image:width" content="64">'
assert_contains "$home" '<meta property="og:image:alt" content="สำนักงานทดสอบ">'
assert_contains "$home" '<meta name="twitter:card" content="summary">'
assert_contains "$art" '<meta property="og:image" content="https://km.example.go.th/articles/pics/chart.png">'
[ ! -e "$public/logo.svg" ] && [ ! -e "$public/favicon.svg" ] || fail "the SVG logo's files stayed"
python3 - "$public/favicon.ico" "$site/content/images/logo.png" <<'PY' || fail "favicon.ico is not the PNG in an ICO"
import struct, sys
ico, png = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
reserved, kind, count = struct.unpack("<HHH", ico[:6])
w, h, colours, _, planes, bits, size, offset = struct.unpack("<BBBBHHII", ico[6:22])
assert (reserved, kind, count) == (0, 1, 1), (reserved, kind, count)
assert (w, h, planes, bits) == (64, 32, 1, 32), (w, h, planes, bits)
assert ico[offset:offset + size] == png and offset + size == len(ico)
PY
grep -q '"src":"/logo.png","sizes":"64x32","type":"image/png"' "$public/manifest.webmanifest" || fail "the PNG logo is not the manifest's icon"
pass "a PNG logo: size from its IHDR, the tab icon, link previews' picture, and /favicon.ico"

# Without a base URL of its own a site gives link previews no addresses.
nobase=$WORK/nobase
cp -r "$site" "$nobase"
rm -rf "$nobase/public"
sed -i '/^base_url:/d' "$nobase/site-config/site.yaml"
run 0 "$KMSITE" build --source "$nobase"
assert_contains "$nobase/public/index.html" '<meta property="og:title"'
assert_not_contains "$nobase/public/index.html" 'og:url'
assert_not_contains "$nobase/public/index.html" 'og:image'
assert_contains "$nobase/public/index.html" '<meta name="twitter:card" content="summary">'
pass "no base_url: no og:url or og:image (they must be absolute)"

# A hostile SVG logo: refused at the file's line and at site.yaml's, and the
# output stays as it was.
before=$(tree_hash "$public")
sed -i 's|^logo: .*|logo: images/logo.svg|' "$site/site-config/site.yaml"
printf '<svg xmlns="http://www.w3.org/2000/svg">\n<rect/>\n<rect onload="alert(1)"/>\n</svg>\n' >"$site/content/images/logo.svg"
run 1 "$KMSITE" build --source "$site"
assert_matches "$WORK/err" '^content/images/logo.svg:3:[0-9]+: error: .*event handler onload=.*\[asset-svg-unsafe\]$'
assert_matches "$WORK/err" "^site-config/site.yaml:$logo_line:1: error: logo: content/images/logo.svg is not published.*\[config-logo\]$"
[ "$(tree_hash "$public")" = "$before" ] || fail "a refused logo changed the output"
# One a picture of content/ may hold but a logo may not: a link.
printf '<svg xmlns="http://www.w3.org/2000/svg">\n<title>x</title>\n<a href="https://evil.example/"><rect/></a>\n</svg>\n' >"$site/content/images/logo.svg"
run 1 "$KMSITE" build --source "$site"
assert_matches "$WORK/err" '^content/images/logo.svg:3:[0-9]+: error: <a> refers to another file or site \(https://evil.example/\).*\[asset-svg-unsafe\]$'
assert_matches "$WORK/err" "^site-config/site.yaml:$logo_line:1: error: logo: content/images/logo.svg cannot be shown on every page.*\[config-logo\]$"
assert_contains "$WORK/err" "ใช้ไฟล์นี้เป็นโลโก้ไม่ได้"
pass "a hostile SVG logo is refused at its own line and at site.yaml's line"

# A missing logo, one outside content/, one of another type: site.yaml's line.
sed -i 's|^logo: .*|logo: images/none.svg|' "$site/site-config/site.yaml"
run 1 "$KMSITE" build --source "$site"
assert_matches "$WORK/err" "^site-config/site.yaml:$logo_line:1: error: logo: content/images/none.svg is not in content/.*\[config-file-missing\]$"
sed -i 's|^logo: .*|logo: ../site-config/logo.png|' "$site/site-config/site.yaml"
run 1 "$KMSITE" build --source "$site"
assert_matches "$WORK/err" "^site-config/site.yaml:$logo_line:7: error: logo: ../site-config/logo.png is outside content/.*\[path-escape\]$"
sed -i 's|^logo: .*|logo: images/logo.gif|' "$site/site-config/site.yaml"
run 1 "$KMSITE" build --source "$site"
assert_matches "$WORK/err" "^site-config/site.yaml:$logo_line:7: error: logo must be an .svg or .png file in content/.*\[field-value\]$"
[ "$(tree_hash "$public")" = "$before" ] || fail "a refused logo changed the output"
pass "a missing logo, one outside content/ and a .gif: errors at site.yaml's line"
