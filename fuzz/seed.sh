#!/usr/bin/env bash
# Seed corpora for the fuzz targets, copied from the repository's own content
# and test inputs (never committed): seed.sh REPO OUT_DIR
set -euo pipefail
repo=$1 out=$2
rm -rf "$out"
for t in front_matter site_yaml markdown csv mermaid thai html_reader paths search_merge; do mkdir -p "$out/$t"; done
n=0
seed() {  # TARGET FILE
  n=$((n + 1))
  cp "$2" "$1/$(printf '%05d' "$n")-$(basename "$2" | tr -c 'A-Za-z0-9._-' _)"
}
while IFS= read -r -d '' f; do
  seed "$out/front_matter" "$f"
  # The body alone for the Markdown target.
  awk 'BEGIN{d=0} d>=2{print} /^---$/{d++}' "$f" >"$out/markdown/body-$n.md"
  # Mermaid blocks.
  awk '/^```mermaid/{on=1;next} /^```/{if(on){on=0;exit}} on{print}' "$f" >"$out/mermaid/m-$n.txt"
  [ -s "$out/mermaid/m-$n.txt" ] || rm "$out/mermaid/m-$n.txt"
done < <(find "$repo/content" "$repo/tests" -name '*.md' -print0 | sort -z)
while IFS= read -r -d '' f; do seed "$out/site_yaml" "$f"; done \
  < <(find "$repo/site-config" "$repo/tests" -name '*.yaml' -print0 | sort -z)
while IFS= read -r -d '' f; do seed "$out/csv" "$f"; done \
  < <(find "$repo/content" "$repo/tests" -name '*.csv' -print0 | sort -z)
while IFS= read -r -d '' f; do seed "$out/html_reader" "$f"; done \
  < <(find "$repo/themes" "$repo/tests" \( -name '*.html' -o -name '*.mustache' \) -size -200k -print0 | sort -z)
# Short Thai strings of each kind the thai target parses.
i=0
for s in '1 ม.ค. 2567' '15 มกราคม ๒๕๖๗' '2024-01-15' '3 วันทำการ' '2 ชั่วโมง 30 นาที' '๑,๒๓๔.๕๐' \
         '-500' '1e308' 'การจัดการความรู้' 'สำนักงาน ก.พ.' 'ไม่ใช่ตัวเลข'; do
  i=$((i + 1)); printf '%s' "$s" >"$out/thai/s-$i"
done
i=0
for s in 'a/b/../c.md' './x' '../up' '/abs' 'a//b/./c' 'ภาพ/รูป.png' '..' 'a/..'; do
  i=$((i + 1)); printf '%s' "$s" >"$out/paths/p-$i"
done
# A small published index (search.h's files), NUL-separated as the
# search_merge target reads it: meta.json, a chunk, a fragment, a filter.
meta='{"version":2,"docs":2,"avgdl":5,"chunks":[["ab","c-0.json"]],"docinfo":"34","group":64,"groups":["0123456789abcdef"],"filters":{"kind":{"file":"filter-0.json","values":[["article",2]]}},"vocab":"vocab-0.json","site":{"title":"ก","url":"https://km.example.go.th/a/"}}'
chunk='{"ab":[16,0,1,0,2,0,3,1,0,0,1,4],"การ":[4,1,0,0,1,2],"ลงทะเบียน":[16,0,0,1,1,7]}'
fragment='{"url":"/a/p/","title":"หน้า","kind":"article","date":"1 มกราคม 2567","text":"การลงทะเบียน ab"}'
filter='{"article":[0,1]}'
printf '%s\0%s\0%s\0%s' "$meta" "$chunk" "$fragment" "$filter" >"$out/search_merge/index"
printf '%s\0%s\0%s\0%s' "${meta/https:\/\/km/https://other}" "$chunk" "${fragment/\/a\/p\//javascript:x}" "$filter" >"$out/search_merge/hostile"
echo "fuzz seeds: $(find "$out" -type f | wc -l) files in $out"
