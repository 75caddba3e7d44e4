#!/usr/bin/env bash
# Generates a Thai portal of N pages from the seed documents, laid out for both
# kmsite and Hugo (same Markdown files), as a Git repository with history.
#   bench/gen-corpus.sh N OUT_DIR [SEEDS_DIR]
set -euo pipefail
n=${1:?pages}; out=${2:?out dir}
here=$(cd "$(dirname "$0")" && pwd)
seeds=${3:-$here/../../shared/seeds}
repo=$here/..

rm -rf "$out"; mkdir -p "$out/content" "$out/site-config" "$out/layouts/_default"
cp -r "$repo/themes" "$out/"

# Paragraphs: the seeds' longer lines of Thai text, tabs and markup removed.
cat "$seeds"/0*.txt | tr '\t' ' ' | sed 's/<[^>]*>//g' |
  awk 'length($0) > 200 && $0 ~ /[ก-ฮ]/' > "$out/.paragraphs"

awk -v n="$n" -v out="$out/content" '
  BEGIN { srand(42); split("articles sop plans news guides", sec, " ");
          split("ICT PMSS DLTV ITA ข้อมูล งบประมาณ ความปลอดภัย บุคลากร", tag, " ") }
  { para[NR] = $0 }
  END {
    for (s in sec) system("mkdir -p " out "/" sec[s])
    for (i = 1; i <= n; i++) {
      s = sec[(i % 5) + 1]
      f = out "/" s "/page-" i ".md"
      first = para[int(rand() * NR) + 1]
      nw = split(first, w, " "); title = ""  # whole words: mawk cuts bytes, not characters
      for (k = 1; k <= nw && k <= 6; k++) title = title " " w[k]
      gsub(/["\\:#\[\]{}]/, " ", title)
      printf "---\ntitle: \"%s %d\"\ndate: 2024-%02d-%02d\ntags: [%s, %s]\nfiscal_year: %d\n---\n",
             title, i, (i % 12) + 1, (i % 28) + 1, tag[(i % 8) + 1], tag[((i * 7) % 8) + 1], 2566 + (i % 3) > f
      for (p = 0; p < 6; p++) {
        if (p == 2) printf "\n## หัวข้อที่ %d\n", p > f
        printf "\n%s\n", para[int(rand() * NR) + 1] > f
      }
      close(f)
    }
  }' "$out/.paragraphs"
rm "$out/.paragraphs"

cat > "$out/site-config/site.yaml" <<YAML
title: คลังความรู้ทดสอบ
office: สำนักงานทดสอบ
base_url: https://bench.example.go.th/
contact: {phone: "0 2000 0000", email: km@example.go.th}
sections:
  articles: {kind: article}
  sop: {kind: sop}
  plans: {kind: plan}
menus:
YAML
# The pages and English home a conforming portal has (kmsite build checks them).
source "$repo/tests/fixtures/conforming-site.sh"
conforming_footer_menu >>"$out/site-config/site.yaml"
write_conforming_pages "$out/content" คลังความรู้ทดสอบ หน้าแรก

# Hugo: the same content with minimal templates of the same shape.
source "$here/hugo-site.sh"
write_hugo_site "$out"

# History: three commits, so both tools walk Git for dates.
cd "$out"
commit_all "2024-01-01 09:00 +0700" corpus
find content -name '*.md' | sort | awk 'NR % 10 == 0' | while read -r f; do echo "แก้ไขเพิ่มเติม" >>"$f"; done
commit_all "2024-06-01 09:00 +0700" "edit a tenth"
find content -name '*.md' | sort | awk 'NR % 97 == 0' | while read -r f; do echo "แก้ไขอีกครั้ง" >>"$f"; done
commit_all "2024-09-01 09:00 +0700" "edit a few"
echo "corpus: $n pages in $out ($(du -sh content | cut -f1) of Markdown)"
