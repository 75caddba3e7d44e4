#!/usr/bin/env bash
# Rebuild times of `kmsite build` against `hugo`, on the ext4 disk the site
# lives on (never tmpfs), for the edits an editor makes between two builds:
#   (a) cold: kmsite with an empty --cache-dir and no output, Hugo into an
#       empty --destination (and no resources/ cache);
#   (b) a rebuild with nothing changed;
#   (c) one article's body changed (a paragraph appended, a different article each run);
#   (d) one article's title changed (its `title:` line edited, a different article each run).
# Hugo rebuilds into the same destination (no --cleanDestinationDir); it has no
# build cache for pages, so its (b)-(d) show what a full rebuild costs it.
#   bench/incremental.sh [PAGES] [RUNS]
# PAGES (default 10000) picks the corpus /work/bench10k, /work/bench1k, ...
# (made with bench/gen-corpus.sh when missing; CORPUS=DIR to use another);
# KMSITE=path overrides build/kmsite (a private copy is run, so rebuilding
# the tree meanwhile does not change the binary under test).
#
# Each figure is the median of RUNS (default 5) runs under
# /usr/bin/time -f '%e %U %S %M': wall, CPU (user + sys), peak RSS. Runs are
# paired: every run builds with both tools, in alternating order (kmsite first
# on odd runs, Hugo first on even ones), after the same edit; the pair ratios'
# median is printed beside the ratio of medians. One uncounted cold build of
# each warms the page cache first. `sync` runs before every timed build, so
# neither tool pays for writing back the other's output (or, on a disk mounted
# with `discard`, for the TRIM of a removed tree). After each edit both outputs
# are checked for the new text: a build that left the page stale is reported;
# at the end kmsite's output is compared with a cold build of the final source.
set -euo pipefail
pages=${1:-10000}; runs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
kmsite_bin=${KMSITE:-$here/../build/kmsite}
if [ -z "${CORPUS:-}" ]; then
  if ((pages % 1000 == 0)); then CORPUS=/work/bench$((pages / 1000))k; else CORPUS=/work/bench$pages; fi
fi
command -v hugo >/dev/null || { echo "incremental: needs Debian's hugo"; exit 2; }
[ -x "$kmsite_bin" ] || { echo "incremental: no kmsite binary at $kmsite_bin"; exit 2; }
[ -d "$CORPUS/content" ] || "$here/gen-corpus.sh" "$pages" "$CORPUS"

work=$(mktemp -d /work/bench-incr.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/times"
cp "$kmsite_bin" "$work/bin/kmsite"
site=$work/site km_out=$work/km-out km_cache=$work/km-cache hugo_out=$work/hugo-out
cp -a "$CORPUS/." "$site"
rm -rf "$site/public" "$site/resources" "$site/.kmsite-cache" "$site/.hugo_build.lock"
mapfile -t articles < <(cd "$site" && find content/articles -name 'page-*.md' | sort -V)

km_cmd=("$work/bin/kmsite" build --source "$site" --out "$km_out" --cache-dir "$km_cache" --quiet)
hugo_cmd=(hugo --source "$site" --destination "$hugo_out" --quiet)
cold_kmsite() { rm -rf "$km_out" "$km_cache"; }
cold_hugo() { rm -rf "$hugo_out" "$site/resources"; }

source "$here/lib.sh"
# pair SCENARIO RUN [PREPARE_KMSITE PREPARE_HUGO]: both tools, order alternating by run.
pair() {
  local km_prep=${3:-true} hugo_prep=${4:-true}
  if (($2 % 2)); then
    $km_prep; timed "$1.kmsite" "${km_cmd[@]}"; $hugo_prep; timed "$1.hugo" "${hugo_cmd[@]}"
  else
    $hugo_prep; timed "$1.hugo" "${hugo_cmd[@]}"; $km_prep; timed "$1.kmsite" "${km_cmd[@]}"
  fi
}
# fresh SCENARIO URL_PATH TEXT: counts the outputs whose page contains TEXT.
url_of() { local p=${1#content/}; echo "${p%.md}"; }   # content/articles/page-5.md -> articles/page-5
for s in c d; do for t in kmsite hugo; do touch "$work/times/$s.$t.fresh"; done; done
fresh() {
  grep -qF "$3" "$km_out/$2/index.html" 2>/dev/null && echo x >>"$work/times/$1.kmsite.fresh" || true
  grep -qF "$3" "$hugo_out/$2/index.html" 2>/dev/null && echo x >>"$work/times/$1.hugo.fresh" || true
}

fs_type=$(df --output=fstype "$work" | tail -1)
describe_machine "$kmsite_bin"
echo "corpus: $CORPUS ($(find "$site/content" -name '*.md' | wc -l) Markdown files), copied to $site"

echo "warm-up: one uncounted cold build of each"
cold_kmsite; "${km_cmd[@]}" >"$work/log" 2>&1 || { echo "incremental: kmsite fails on this corpus:"; tail -20 "$work/log"; exit 1; }
cold_hugo; "${hugo_cmd[@]}" >/dev/null

echo "(a) cold builds"
for run in $(seq "$runs"); do pair a "$run" cold_kmsite cold_hugo; done
kfiles=$(find "$km_out" -name '*.html' | wc -l); hfiles=$(find "$hugo_out" -name '*.html' | wc -l)

echo "(b) nothing changed"
for run in $(seq "$runs"); do pair b "$run"; done

echo "(c) one article's body changed"
for run in $(seq "$runs"); do
  f=${articles[$(((run - 1) % ${#articles[@]}))]}
  mark="incremental-body-$run-$RANDOM$RANDOM"
  printf '\nย่อหน้าที่เพิ่ม %s\n' "$mark" >>"$site/$f"   # appended in place
  pair c "$run"
  fresh c "$(url_of "$f")" "$mark"
done

echo "(d) one article's title changed"
for run in $(seq "$runs"); do
  f=${articles[$(((run + runs - 1) % ${#articles[@]}))]}
  mark="ชื่อใหม่-$run-$RANDOM"
  sed "0,/^title: /s/^title: \"\(.*\)\"\$/title: \"\1 $mark\"/" "$site/$f" >"$work/edit"
  cat "$work/edit" >"$site/$f"   # written in place, same inode
  grep -q "$mark" "$site/$f" || { echo "incremental: could not edit the title of $f"; exit 1; }
  pair d "$run"
  fresh d "$(url_of "$f")" "$mark"
done

# After all the edits, kmsite's output must be what a cold build of the same source gives
# (byte for byte, but for its manifest of inodes and times).
"$work/bin/kmsite" build --source "$site" --out "$work/km-check" --cache-dir "$work/km-check-cache" --quiet >/dev/null 2>&1 ||
  echo "incremental: the cold check build failed"
diff -rq -x .kmsite-manifest "$km_out" "$work/km-check" >"$work/diff" || true   # the manifest holds inodes and times
ndiff=$(wc -l <"$work/diff")

printf '\n%s pages (%s kmsite, %s Hugo HTML files), medians of %s runs, output on %s, %s cores\n' \
  "$pages" "$kfiles" "$hfiles" "$runs" "$fs_type" "$(nproc)"
printf '%-22s | %26s | %26s | %s\n' "" "kmsite         " "hugo          " "kmsite/hugo wall"
printf '%-22s | %8s %8s %8s | %8s %8s %8s | %8s %8s\n' scenario "wall s" "CPU s" "peak MB" "wall s" "CPU s" "peak MB" medians paired
for s in a b c d; do
  case $s in a) name="(a) cold full build";; b) name="(b) nothing changed";;
             c) name="(c) one body changed";; d) name="(d) one title changed";; esac
  read -r kw kc km < <(stats "$work/times/$s.kmsite")
  read -r hw hc hm < <(stats "$work/times/$s.hugo")
  printf '%-22s | %8.2f %8.2f %8.0f | %8.2f %8.2f %8.0f | %8.2f %8.2f\n' "$name" "$kw" "$kc" "$km" "$hw" "$hc" "$hm" \
    "$(echo "$kw / $hw" | bc -l)" "$(paired_ratio "$work/times/$s.kmsite" "$work/times/$s.hugo")"
done
echo "(paired: the median of each run's kmsite/hugo wall ratio)"
echo
for s in c d; do
  printf '%s: the edit was in the built page after %s of %s kmsite builds and %s of %s Hugo builds\n' "$s" \
    "$(wc -l <"$work/times/$s.kmsite.fresh")" "$runs" "$(wc -l <"$work/times/$s.hugo.fresh")" "$runs"
done
if ((ndiff == 0)); then echo "kmsite's output after the rebuilds is identical to a cold build of the same source"
else echo "kmsite: WARNING: after the rebuilds, $ndiff files differ from a cold build of the same source:"; head -5 "$work/diff"; fi
