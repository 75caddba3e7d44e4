#!/usr/bin/env bash
# Indexes the same built Thai site with kmsite and with Pagefind (npm
# `pagefind`, its extended binary, which segments Thai) and prints index time,
# peak memory, index size, and bytes a browser downloads per query, with ratios.
#   bench/search.sh [PAGES]
set -euo pipefail
pages=${1:-10000}
here=$(cd "$(dirname "$0")" && pwd)
kmsite=$here/../build/kmsite
work=$(mktemp -d); out=$work
[ -d /dev/shm ] && out=$(mktemp -d -p /dev/shm)
trap 'rm -rf "$work" "$out"' EXIT

# Pagefind from the npm registry (its platform package carries pagefind_extended).
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error pagefind@1 >/dev/null)
pagefind=$(ls "$work"/node_modules/@pagefind/*/bin/pagefind_extended)

"$here/gen-corpus.sh" "$pages" "$work/site" >/dev/null
echo "corpus: $pages Thai pages from ../shared/seeds"

# kmsite: the search index is one stage of the build; --timings reports it.
# Medians of five runs (the first also warms the page cache).
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for run in 1 2 3 4 5; do
  /usr/bin/time -f "%e %M" -o "$work/k.time" "$kmsite" build --source "$work/site" --out "$out/site" --timings -q 2>"$work/k.log"
  grep -o 'search index [0-9.]*' "$work/k.log" | awk '{print $3}' >>"$work/k.index"
  cat "$work/k.time" >>"$work/k.runs"
done
k_index=$(median <"$work/k.index")
k_total=$(cut -d' ' -f1 "$work/k.runs" | median)
k_mem=$(cut -d' ' -f2 "$work/k.runs" | median)
k_size=$(du -sk "$out/site/search" | cut -f1)

# Pagefind over the same content pages of the same built site.
/usr/bin/time -f "%e %M" -o "$work/p.time" "$pagefind" --site "$out/site" \
  --glob "{articles,sop,plans,news,guides}/*/index.html" >/dev/null
read -r p_total p_mem <"$work/p.time"
p_size=$(du -sk "$out/site/pagefind" | cut -f1)

printf '\n%-22s %12s %12s\n' "" kmsite pagefind
printf '%-22s %12s %12s\n' "index time (s)" "$k_index" "$p_total"
printf '%-22s %12s %12s\n' "whole build (s)" "$k_total" "-"
printf '%-22s %12.0f %12.0f\n' "peak memory (MB)" "$(echo "$k_mem/1024" | bc -l)" "$(echo "$p_mem/1024" | bc -l)"
printf '%-22s %12.1f %12.1f\n' "index on disk (MB)" "$(echo "$k_size/1024" | bc -l)" "$(echo "$p_size/1024" | bc -l)"
printf '\nkmsite indexes %.1fx faster (%.1fx counting its whole build) in %.1fx less memory (whole build)\n\n' \
  "$(echo "$p_total/$k_index" | bc -l)" "$(echo "$p_total/$k_total" | bc -l)" "$(echo "$p_mem/$k_mem" | bc -l)"

node "$here/search-bytes.mjs" "$out/site" "ความมั่นคงปลอดภัยไซเบอร์" "งบประมาณ 2567" "PMSS" "คู่มือการปฏิบัติงาน" "ผอ.สพท."
