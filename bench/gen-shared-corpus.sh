#!/usr/bin/env bash
# The corpus issue #12 is measured on: the example portal (its required
# pages, galleries, plans with CSV) with N pages of
# ../shared/bench/gen_corpus.py (seed 7) in its sections: article/ into
# content/articles/, sop/ into content/sop/, plan/ into content/plans/. Laid
# out for Hugo too, as a Git repository of one commit.
#   bench/gen-shared-corpus.sh N OUT_DIR [SHARED_DIR]
set -euo pipefail
n=${1:?pages}; out=${2:?out dir}
here=$(cd "$(dirname "$0")" && pwd)
repo=$here/..
shared=${3:-$repo/../shared}
[ -f "$shared/bench/gen_corpus.py" ] || { echo "gen-shared-corpus: no $shared/bench/gen_corpus.py"; exit 2; }

rm -rf "$out"; mkdir -p "$out"
cp -r "$repo/content" "$repo/site-config" "$repo/themes" "$out/"
gen=$(mktemp -d "$out/.gen.XXXXXX")
python3 "$shared/bench/gen_corpus.py" "$shared/seeds" "$gen" "$n" 7
# Moved by directory listing, not by a glob: 100,000 names overflow argv.
for pair in article:articles sop:sop plan:plans; do
  from=$gen/${pair%%:*} to=$out/content/${pair##*:}
  mkdir -p "$to"
  find "$from" -name '*.md' -exec mv -t "$to" {} +
done
rm -rf "$gen"

source "$here/hugo-site.sh"
write_hugo_site "$out"

cd "$out"
commit_all "2024-01-01 09:00 +0700" corpus
echo "corpus: $n generated pages in $out ($(du -sh content | cut -f1) of content)"
