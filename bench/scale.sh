#!/usr/bin/env bash
# Cold full builds at several sizes, kmsite beside Hugo, on the disk the
# sites live on (never tmpfs), to show how cost grows with pages:
#   bench/scale.sh [RUNS] [PAGES...]        (default: 3 runs; 1000 10000 100000)
# Each size's corpus is bench/gen-shared-corpus.sh's (the example portal with
# PAGES pages of ../shared/bench/gen_corpus.py in its sections), made in
# /work/scale1k, /work/scale10k, ... when missing (CORPUS_ROOT=DIR to put them
# elsewhere); CORPUS_KIND=own uses bench/gen-corpus.sh's corpus instead.
# KMSITE=path overrides build/kmsite (a private copy is run).
#
# A cold build: kmsite with an empty --cache-dir into an empty --out (pages,
# feeds, sitemaps, the Thai search index, the standards check), Hugo into an
# empty --destination without resources/ (pages, feeds, sitemap; no search,
# no check). Runs are paired, order alternating; `sync` before each. Every
# figure is the median of RUNS runs under /usr/bin/time: wall, CPU
# (user + sys), peak RSS. Last, the cost per 1,000 pages at each size.
set -euo pipefail
runs=${1:-3}; shift || true
sizes=("$@"); ((${#sizes[@]})) || sizes=(1000 10000 100000)
here=$(cd "$(dirname "$0")" && pwd)
kmsite_bin=${KMSITE:-$here/../build/kmsite}
root=${CORPUS_ROOT:-/work}
kind=${CORPUS_KIND:-shared}
command -v hugo >/dev/null || { echo "scale: needs Debian's hugo"; exit 2; }
[ -x "$kmsite_bin" ] || { echo "scale: no kmsite binary at $kmsite_bin"; exit 2; }

work=$(mktemp -d "$root/bench-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/times"
cp "$kmsite_bin" "$work/bin/kmsite"
source "$here/lib.sh"
describe_machine "$kmsite_bin"

for n in "${sizes[@]}"; do
  if ((n % 1000 == 0)); then name=$((n / 1000))k; else name=$n; fi
  if [ "$kind" = own ]; then corpus=$root/bench$name; else corpus=$root/scale$name; fi
  if [ ! -d "$corpus/content" ]; then
    if [ "$kind" = own ]; then "$here/gen-corpus.sh" "$n" "$corpus"; else "$here/gen-shared-corpus.sh" "$n" "$corpus"; fi
  fi
  rm -rf "$corpus/public" "$corpus/resources" "$corpus/.kmsite-cache" "$corpus/.hugo_build.lock"
  km_out=$work/km-out km_cache=$work/km-cache hugo_out=$work/hugo-out
  km_cmd=("$work/bin/kmsite" build --source "$corpus" --out "$km_out" --cache-dir "$km_cache" --quiet)
  hugo_cmd=(hugo --source "$corpus" --destination "$hugo_out" --quiet)
  echo "$n pages: $corpus ($(find "$corpus/content" -name '*.md' | wc -l) Markdown files)"
  for run in $(seq "$runs"); do
    if ((run % 2)); then
      rm -rf "$km_out" "$km_cache"; timed "$n.kmsite" "${km_cmd[@]}"
      rm -rf "$hugo_out" "$corpus/resources"; timed "$n.hugo" "${hugo_cmd[@]}"
    else
      rm -rf "$hugo_out" "$corpus/resources"; timed "$n.hugo" "${hugo_cmd[@]}"
      rm -rf "$km_out" "$km_cache"; timed "$n.kmsite" "${km_cmd[@]}"
    fi
  done
  echo "$(find "$km_out" -name '*.html' | wc -l) $(find "$hugo_out" -name '*.html' | wc -l) $(find "$km_out" -type f | wc -l)" >"$work/times/$n.files"
  rm -rf "$km_out" "$km_cache" "$hugo_out" "$corpus/resources"
done

printf '\ncold full builds, medians of %s runs, output on %s, %s cores\n' "$runs" "$(df --output=fstype "$work" | tail -1)" "$(nproc)"
printf '%-8s | %-28s | %-28s | %-15s | %s\n' "" "           kmsite" "            hugo" "kmsite / hugo" "kmsite per 1,000 pages"
printf '%8s | %8s %8s %8s | %8s %8s %8s | %7s %7s | %7s %7s %7s | %s\n' pages "wall s" "CPU s" "peak MB" "wall s" "CPU s" "peak MB" wall peak "wall s" "CPU s" "MB" "HTML files kmsite, hugo; kmsite files"
for n in "${sizes[@]}"; do
  read -r kw kc km < <(stats "$work/times/$n.kmsite")
  read -r hw hc hm < <(stats "$work/times/$n.hugo")
  printf '%8s | %8.2f %8.2f %8.0f | %8.2f %8.2f %8.0f | %7.2f %7.3f | %7.3f %7.3f %7.1f | %s\n' "$n" \
    "$kw" "$kc" "$km" "$hw" "$hc" "$hm" "$(paired_ratio "$work/times/$n.kmsite" "$work/times/$n.hugo")" \
    "$(echo "$km / $hm" | bc -l)" "$(echo "$kw * 1000 / $n" | bc -l)" "$(echo "$kc * 1000 / $n" | bc -l)" \
    "$(echo "$km * 1000 / $n" | bc -l)" "$(cat "$work/times/$n.files")"
done
echo "(kmsite / hugo wall: the median of the paired runs' ratios; peak: of the medians)"
