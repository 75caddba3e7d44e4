# An SOP's forms: (issue #13 item 8): text, Markdown links, or {title, file}
# entries that become download links to the files beside the page, checked
# like every other link (a missing file is an error at its line).
source "$(dirname "$0")/lib.sh"

site=$WORK/site
make_site "$site"
mkdir -p "$site/content/sop/leave"
printf '%%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' >"$site/content/sop/leave/แบบคำขอลา ทบ.1.pdf"
printf 'วันที่,ชื่อ,เรื่อง\n' >"$site/content/sop/leave/register.csv"
cat >"$site/content/sop/leave/index.md" <<'MD'
---
title: การขอลา
kind: sop
forms:
  - {title: "แบบคำขอลา (ทบ.1) [PDF]", file: "แบบคำขอลา ทบ.1.pdf"}
  - "[ทะเบียนการลา](register.csv)"
  - สมุดบันทึกการลา
  - {title: แบบฟอร์มออนไลน์, url: "https://forms.example.go.th/leave"}
references:
  - ระเบียบสำนักนายกรัฐมนตรีว่าด้วยการลาของข้าราชการ พ.ศ. 2555
  - "2562. ประกาศ ก.พ. (text that looks like a list item stays text)"
  - "- ข้อ ก"
steps:
  - {id: s1, title: ยื่นคำขอ, type: start}
  - {id: s2, title: อนุมัติ, type: end}
---
ขั้นตอนการขอลา
MD
run 0 "$KMSITE" build --source "$site"
page=$site/public/sop/leave/index.html
# The file keeps its name; its link is percent-encoded; the title's brackets stay text.
assert_contains "$page" '<li><a href="/sop/leave/%E0%B9%81%E0%B8%9A%E0%B8%9A%E0%B8%84%E0%B8%B3%E0%B8%82%E0%B8%AD%E0%B8%A5%E0%B8%B2%20%E0%B8%97%E0%B8%9A.1.pdf">แบบคำขอลา (ทบ.1) [PDF]</a></li>'
assert_contains "$page" '<li><a href="/sop/leave/register.csv">ทะเบียนการลา</a></li>'
assert_contains "$page" '<li>สมุดบันทึกการลา</li>'
assert_contains "$page" '<li><a href="https://forms.example.go.th/leave">แบบฟอร์มออนไลน์</a></li>'
[ -f "$site/public/sop/leave/แบบคำขอลา ทบ.1.pdf" ] || fail "the form file was not published"
# Text items are inline Markdown only: a leading "2562." or "-" is text, not a list.
assert_contains "$page" '<li>2562. ประกาศ ก.พ. (text that looks like a list item stays text)</li>'
assert_contains "$page" '<li>- ข้อ ก</li>'
pass "forms: become download links to the files beside the page"

# A form file that is not there is a broken link at its front-matter line.
sed -i 's/file: "แบบคำขอลา ทบ.1.pdf"/file: "แบบคำขอลา ทบ.2.pdf"/' "$site/content/sop/leave/index.md"
run 1 "$KMSITE" build --source "$site"
assert_matches "$WORK/err" '^content/sop/leave/index.md:5:[0-9]+: error: link to content/sop/leave/แบบคำขอลา ทบ.2.pdf, which does not exist.*\[link-broken\]$'
# Neither file nor url, both, or a script link: errors at their lines.
sed -i 's/file: "แบบคำขอลา ทบ.2.pdf"/file: "แบบคำขอลา ทบ.1.pdf", url: "https:\/\/x.example.go.th\/"/' "$site/content/sop/leave/index.md"
sed -i 's|  - "\[ทะเบียนการลา\](register.csv)"|  - "[ทะเบียน](javascript:alert(1))"|' "$site/content/sop/leave/index.md"
run 1 "$KMSITE" build --source "$site"
assert_matches "$WORK/err" "^content/sop/leave/index.md:5:[0-9]+: error: .*needs either 'file'.*\[field-required\]$"
assert_matches "$WORK/err" '^content/sop/leave/index.md:6:[0-9]+: error: .*links are not allowed in content.*\[link-unsafe\]$'
pass "a missing form file, a form with file and url, and a script link are errors at their lines"
