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
# feeds, sitemaps, the Thai search index, the standards check: issue #12's
# build; without the .gz/.br copies, which Hugo does not make either:
# PRECOMPRESS=on times the default build with them), Hugo into an
# empty --destination without resources/ (pages, feeds, sitemap; no search,
# no check). Runs are paired, order alternating; `sync` before each. Every
# figure is the median of RUNS runs under /usr/bin/time: wall, CPU
# (user + sys), peak RSS. Last, the cost per 1,000 pages at each size, and
# `kmsite merge` of three sites of that size (the built output three times).
#
# Every run writes into a folder of its own, and nothing is deleted until a
# size is done: on ext4 without a journal (this VM's disk) creating an inode
# scans the inodes deleted in the last minute or more (recently_deleted()
# in the kernel), so a run right after `rm -rf` of the last output pays for
# that deletion (bench/README.md: 0.4 s became 8 s for 40,000 files). After
# removing a size's folders the bench syncs and waits QUIET seconds (default
# 65) before the next timed run.
set -euo pipefail
runs=${1:-3}; shift || true
sizes=("$@"); ((${#sizes[@]})) || sizes=(1000 10000 100000)
here=$(cd "$(dirname "$0")" && pwd)
kmsite_bin=${KMSITE:-$here/../build/kmsite}
root=${CORPUS_ROOT:-/work}
kind=${CORPUS_KIND:-shared}
precompress=${PRECOMPRESS:-off}
command -v hugo >/dev/null || { echo "scale: needs Debian's hugo"; exit 2; }
[ -x "$kmsite_bin" ] || { echo "scale: no kmsite binary at $kmsite_bin"; exit 2; }

work=$(mktemp -d "$root/bench-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/times"
cp "$kmsite_bin" "$work/bin/kmsite"
source "$here/lib.sh"
describe_machine "$kmsite_bin"
quiet=${QUIET:-65}
settle() { sync; sleep "$quiet"; }  # deleted inodes leave ext4's "recently deleted" window

settle
for n in "${sizes[@]}"; do
  if ((n % 1000 == 0)); then name=$((n / 1000))k; else name=$n; fi
  if [ "$kind" = own ]; then corpus=$root/bench$name; else corpus=$root/scale$name; fi
  if [ ! -d "$corpus/content" ]; then
    if [ "$kind" = own ]; then "$here/gen-corpus.sh" "$n" "$corpus"; else "$here/gen-shared-corpus.sh" "$n" "$corpus"; fi
    settle
  fi
  rm -rf "$corpus/public" "$corpus/resources" "$corpus/.kmsite-cache" "$corpus/.hugo_build.lock"
  echo "$n pages: $corpus ($(find "$corpus/content" -name '*.md' | wc -l) Markdown files)"
  runs_dir=$work/runs-$n
  mkdir "$runs_dir"
  for run in $(seq "$runs"); do
    km_cmd=("$work/bin/kmsite" build --source "$corpus" --out "$runs_dir/km-out-$run"
            --cache-dir "$runs_dir/km-cache-$run" --quiet "--precompress=$precompress")
    hugo_cmd=(hugo --source "$corpus" --destination "$runs_dir/hugo-out-$run" --quiet)
    if ((run % 2)); then
      timed "$n.kmsite" "${km_cmd[@]}"
      timed "$n.hugo" "${hugo_cmd[@]}"
    else
      timed "$n.hugo" "${hugo_cmd[@]}"
      timed "$n.kmsite" "${km_cmd[@]}"
    fi
    rm -rf "$corpus/resources"  # Hugo's cache of processed images: none
  done
  km_out=$runs_dir/km-out-1
  echo "$(find "$km_out" -name '*.html' | wc -l) $(find "$runs_dir/hugo-out-1" -name '*.html' | wc -l) $(find "$km_out" -type f | wc -l)" >"$work/times/$n.files"
  # Three offices of this size into one portal (the same output three
  # times: what is read and written is what three sites' would be).
  timed "$n.merge" "$work/bin/kmsite" merge "$km_out" "$km_out" "$km_out" --out "$runs_dir/merged" --quiet
  rm -rf "$runs_dir"
  settle
done

printf '\ncold full builds (kmsite --precompress=%s), medians of %s runs, output on %s, %s cores\n' "$precompress" "$runs" "$(df --output=fstype "$work" | tail -1)" "$(nproc)"
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
printf '\nkmsite merge of three sites of each size (one run)\n%8s | %8s %8s %8s\n' pages "wall s" "CPU s" "peak MB"
for n in "${sizes[@]}"; do
  read -r mw mc mm < <(stats "$work/times/$n.merge")
  printf '%8s | %8.2f %8.2f %8.0f\n' "$((3 * n))" "$mw" "$mc" "$mm"
done
