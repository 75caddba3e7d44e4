#!/usr/bin/env bash
# Builds the same generated Thai corpus with kmsite and Hugo and prints wall
# time and peak memory side by side, with ratios. Times are medians of RUNS.
# Outputs go to a tmpfs (/dev/shm) when there is one, so the figures measure
# the generators rather than the disk (ext4 with discard makes deletes stall
# the next run's writes by seconds).
#   bench/run.sh [PAGES] [RUNS]
set -euo pipefail
pages=${1:-10000}; runs=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
kmsite=$here/../build/kmsite
work=$(mktemp -d); out=$work
[ -d /dev/shm ] && out=$(mktemp -d -p /dev/shm)
trap 'rm -rf "$work" "$out"' EXIT
command -v hugo >/dev/null || { echo "bench: needs Debian's hugo (apt-get install hugo)"; exit 2; }

"$here/gen-corpus.sh" "$pages" "$work/site" >/dev/null
echo "corpus: $pages Thai pages from ../shared/seeds, Git history of 3 commits"

# measure NAME CMD...: prints "seconds max_rss_kb" medians over $runs runs.
measure() {
  local times=() mems=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" ||
      { cat "$work/stderr"; exit 1; }
    read -r t m <"$work/time"; times+=("$t"); mems+=("$m")
  done
  local mt mm
  mt=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mm=$(printf '%s\n' "${mems[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$mt $mm"
}

# Both replace their previous output on every run, as a deployment does.
read -r kt km < <(measure "$kmsite" build --source "$work/site" --out "$out/km" --quiet)
read -r ht hm < <(measure hugo --source "$work/site" --destination "$out/hugo" --quiet --cleanDestinationDir)
kfiles=$(find "$out/km" -name '*.html' | wc -l)
hfiles=$(find "$out/hugo" -name '*.html' | wc -l)

printf '\n%-8s %10s %14s %12s\n' tool "time (s)" "peak RSS (MB)" "HTML files"
printf '%-8s %10s %14.1f %12s\n' kmsite "$kt" "$(echo "$km / 1024" | bc -l)" "$kfiles"
printf '%-8s %10s %14.1f %12s\n' hugo "$ht" "$(echo "$hm / 1024" | bc -l)" "$hfiles"
printf '\nkmsite is %.1fx faster than Hugo and uses %.1fx less memory (%s pages, median of %s runs, %s cores)\n' \
  "$(echo "$ht / $kt" | bc -l)" "$(echo "$hm / $km" | bc -l)" "$pages" "$runs" "$(nproc)"
