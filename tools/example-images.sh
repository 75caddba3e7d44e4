#!/usr/bin/env bash
# Draws the example portal's gallery pictures with libvips (Debian
# libvips-tools) and the Loma font: infographics modelled on seed 000's
# Canva work, and drawn scenes for the event gallery. The pictures are
# committed; run this only to remake them.
#   tools/example-images.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
info=content/galleries/pmss-infographics
event=content/galleries/pmss-exchange-2567
mkdir -p "$info" "$event"

# solid W H R G B OUT: a flat sRGB canvas.
solid() {
  vips black "$tmp/b.v" "$1" "$2" --bands 3
  vips linear "$tmp/b.v" "$6" 1 "$3 $4 $5" --uchar
}
# text OUT MARKUP WIDTH: Thai text in Loma, as a white-on-transparent mask.
text() { vips text "$1" "$2" --font "Loma" --width "$3" --dpi 96 --align low; }
# stamp CANVAS OUT MARKUP X Y WIDTH R G B: draws text in a colour.
stamp() {
  text "$tmp/t.v" "$3" "$6"
  w=$(vipsheader -f width "$tmp/t.v"); h=$(vipsheader -f height "$tmp/t.v")
  solid "$w" "$h" "$7" "$8" "$9" "$tmp/c.v"
  vips bandjoin "$tmp/c.v $tmp/t.v" "$tmp/cj.v"
  vips copy "$tmp/cj.v" "$tmp/ct.v" --interpretation srgb
  vips composite2 "$1" "$tmp/ct.v" "$tmp/o.v" over --x "$4" --y "$5"
  vips extract_band "$tmp/o.v" "$2" 0 --n 3
}
# box CANVAS OUT X Y W H R G B: a filled rectangle.
box() {
  solid "$5" "$6" "$7" "$8" "$9" "$tmp/r.v"
  vips insert "$1" "$tmp/r.v" "$2" "$3" "$4"
}

# infographic OUT TITLE SUBTITLE STEP...: a title band and numbered steps.
infographic() {
  local out=$1 title=$2 subtitle=$3; shift 3
  local n=$# height=$((260 + $# * 130))
  solid 800 "$height" 246 249 252 "$tmp/a.v"
  box "$tmp/a.v" "$tmp/b1.v" 0 0 800 180 26 77 143
  stamp "$tmp/b1.v" "$tmp/b2.v" "<b>$title</b>" 40 36 720 255 255 255
  stamp "$tmp/b2.v" "$tmp/a.v" "$subtitle" 40 110 720 255 235 160
  local y=220 i=1
  for step in "$@"; do
    box "$tmp/a.v" "$tmp/s1.v" 40 "$y" 720 110 255 255 255
    box "$tmp/s1.v" "$tmp/s2.v" 40 "$y" 12 110 26 77 143
    stamp "$tmp/s2.v" "$tmp/s3.v" "<b>$i</b>" 76 $((y + 30)) 60 26 77 143
    stamp "$tmp/s3.v" "$tmp/a.v" "$step" 130 $((y + 24)) 610 33 37 41
    y=$((y + 130)); i=$((i + 1))
  done
  stamp "$tmp/a.v" "$tmp/z.v" "ศธจ.กทม. · ปีงบประมาณ 2567" 40 $((height - 50)) 720 90 98 110
  vips copy "$tmp/z.v" "$out[compression=9,strip]"
}

infographic "$info/pmss-registration.png" "ลงทะเบียนหนังสือราชการใน PMSS" "กลุ่มอำนวยการ: รับหนังสือเข้าให้ครบในวันเดียว" \
  "เข้าสู่ระบบ PMSS ด้วยบัญชีของสำนักงาน" \
  "เลือกเมนูสารบรรณ แล้วกดรับหนังสือเข้า" \
  "กรอกเลขที่ ลงวันที่ เรื่อง และแนบไฟล์ PDF" \
  "ตรวจความถูกต้อง บันทึก แล้วเสนอผู้บริหาร"
infographic "$info/pmss-leave.png" "ยื่นใบลาผ่านระบบ PMSS" "กลุ่มบริหารงานบุคคล: ลาได้โดยไม่ต้องใช้กระดาษ" \
  "เลือกเมนูการลา แล้วเลือกประเภทการลา" \
  "ระบุวันที่ลาและเหตุผล ระบบนับวันลาให้" \
  "ส่งคำขอ ผู้บังคับบัญชาอนุมัติในระบบ"
infographic "$info/pmss-official-travel.png" "ขออนุญาตไปราชการผ่าน PMSS" "กลุ่มนโยบายและแผน: ขออนุญาตและรายงานในที่เดียว" \
  "สร้างคำขอไปราชการ ระบุสถานที่และวันเวลา" \
  "แนบหนังสือเชิญหรือคำสั่งที่เกี่ยวข้อง" \
  "รออนุมัติ แล้วรายงานผลหลังกลับจากราชการ"
infographic "$info/km-results-2567.png" "ผลการจัดการความรู้ ปี 2567" "สองเรื่องที่ ศธจ.กทม. เลือกจัดการความรู้" \
  "PMSS: บุคลากรใช้ระบบได้ร้อยละ 80" \
  "Canva: อินโฟกราฟิกอย่างน้อยกลุ่มละ 1 ชิ้น ครบทุกกลุ่ม" \
  "แลกเปลี่ยนเรียนรู้ 2 เมษายน 2567 ห้องประชุมเพชรบุรี"

# scene OUT R G B CAPTION: a drawn stand-in for an event photo (no people):
# a wall colour, a table, a screen with the meeting's title.
scene() {
  local out=$1
  solid 1200 800 "$2" "$3" "$4" "$tmp/a.v"
  box "$tmp/a.v" "$tmp/b.v" 0 560 1200 240 120 86 60
  box "$tmp/b.v" "$tmp/c.v" 300 90 600 340 30 30 36
  box "$tmp/c.v" "$tmp/d.v" 320 110 560 300 238 244 250
  stamp "$tmp/d.v" "$tmp/e.v" "<span size='x-large'><b>$5</b></span>" 350 150 500 26 77 143
  box "$tmp/e.v" "$tmp/f.v" 150 600 900 40 200 170 130
  vips copy "$tmp/f.v" "$out[Q=82,strip]"
}
scene "$event/meeting-room.jpg" 214 226 236 "แลกเปลี่ยนเรียนรู้ PMSS ปีงบประมาณ 2567"
scene "$event/pmss-demo.jpg" 226 232 220 "สาธิต: ลงทะเบียนหนังสือราชการ"
scene "$event/summary.jpg" 236 226 214 "สรุป: ใช้ PMSS ได้ร้อยละ 80"
ls -l "$info" "$event"
