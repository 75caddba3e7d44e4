#!/usr/bin/env bash
# What the libraries alone cost on a corpus, beside one cold kmsite build
# and one Hugo build of it: the floor under issue #12's targets.
#   bench/floors.sh [CORPUS]      (default /work/scale10k: bench/scale.sh's)
# Figures, one core each unless said:
# - ICU's word breaker alone over every Markdown file (search must cut Thai
#   as the browser's Intl.Segmenter does, which is ICU), and the indexer's
#   own path (normalize_for_search + for_each_word with its memo of runs);
# - cmark-gfm alone, parse and render, with the content stage's options;
# - copying the built output into a new folder (cp -a: creating the files);
# - kmsite build (cold, --precompress=off, 2 jobs) with --timings, and Hugo.
# The output is written on the disk the corpus is on (never tmpfs); a new
# folder for each, and QUIET seconds (default 65) after the last delete, as
# bench/scale.sh explains.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-/work/scale10k}
bin=${BUILD_DIR:-$here/../build}
for b in kmsite segment_perftest markdown_perftest; do
  [ -x "$bin/$b" ] || { echo "floors: no $bin/$b (build it first)"; exit 2; }
done
command -v hugo >/dev/null || { echo "floors: needs Debian's hugo"; exit 2; }
[ -d "$corpus/content" ] || { echo "floors: no corpus at $corpus (bench/gen-shared-corpus.sh N $corpus)"; exit 2; }
work=$(mktemp -d "$(dirname "$corpus")/bench-floors.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/times"
source "$here/lib.sh"
describe_machine "$bin/kmsite"
sync; sleep "${QUIET:-65}"

echo "corpus: $corpus ($(find "$corpus/content" -name '*.md' | wc -l) Markdown files)"
"$bin/segment_perftest" "$corpus/content"
"$bin/markdown_perftest" "$corpus/content"
timed kmsite "$bin/kmsite" build --source "$corpus" --out "$work/km" --cache-dir "$work/cache" \
  --precompress=off --timings
grep -E 'timings:' "$work/log" | sed 's/^kmsite: /kmsite /'
timed hugo hugo --source "$corpus" --destination "$work/hugo" --quiet
rm -rf "$corpus/resources"
timed copy cp -a "$work/km" "$work/km-copy"
printf '\n%-34s %8s %8s %9s\n' "" "wall s" "CPU s" "peak MB"
for k in kmsite hugo copy; do
  read -r w c m <"$work/times/$k"
  printf '%-34s %8.2f %8.2f %9.0f\n' "$k" "$w" "$c" "$((m / 1024))"
done
echo "(copy: cp -a of kmsite's $(find "$work/km" -type f | wc -l) output files into a new folder)"
