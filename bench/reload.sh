#!/usr/bin/env bash
# Save-to-reloaded-page time of `kmsite serve` against `hugo server`: an editor
# saves one article's Markdown while the page is open in Chromium, and the
# figure is the time until the open page shows the new text by itself; also
# save-to-served (until an HTTP GET returns it). Medians, min, max of RUNS, and
# the kmsite/hugo ratio. The work is done by bench/reload.mjs (see its header).
#   bench/reload.sh [PAGES] [RUNS] [reload.mjs options, e.g. --tools hugo --hugo-args=--disableFastRender]
# PAGES (default 10000) picks the corpus /work/bench10k, /work/bench1k, ...
# (made with bench/gen-corpus.sh when missing; CORPUS=DIR to use another);
# KMSITE=path overrides build/kmsite. Each tool gets its own copy of the corpus
# in a fresh /work/bench-reload.* folder on the ext4 disk, removed at the end.
set -euo pipefail
pages=${1:-10000}; runs=${2:-10}; shift $(($# < 2 ? $# : 2))
here=$(cd "$(dirname "$0")" && pwd)
kmsite=${KMSITE:-$here/../build/kmsite}
if [ -z "${CORPUS:-}" ]; then
  if ((pages % 1000 == 0)); then CORPUS=/work/bench$((pages / 1000))k; else CORPUS=/work/bench$pages; fi
fi
command -v hugo >/dev/null || { echo "reload: needs Debian's hugo"; exit 2; }
[ -x /usr/bin/chromium ] || { echo "reload: needs Debian's chromium"; exit 2; }
[ -d "$here/../node_modules/playwright-core" ] || { echo "reload: needs npm playwright-core (npm install in $here/..)"; exit 2; }
[ -x "$kmsite" ] || { echo "reload: no kmsite binary at $kmsite"; exit 2; }
[ -d "$CORPUS/content" ] || "$here/gen-corpus.sh" "$pages" "$CORPUS"

work=$(mktemp -d /work/bench-reload.XXXXXX)
# Servers are started by reload.mjs in their own process groups and killed by it;
# should it die without doing so, kill the groups it recorded.
cleanup() {
  if [ -f "$work/pids" ]; then
    while read -r pid; do kill -KILL -- "-$pid" 2>/dev/null || true; done <"$work/pids"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# A private copy of the binary: the tree may be rebuilt while the bench runs.
mkdir "$work/bin" && cp "$kmsite" "$work/bin/kmsite"

echo "kmsite: $kmsite ($(date -r "$kmsite" '+%F %T')); $(hugo version | cut -d' ' -f1-2); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$(nproc)" '$1 > n / 2 {print "warning: load average " $1 " on " n " cores: other work is running, figures will be noisy"}' /proc/loadavg
echo "corpus: $CORPUS ($(find "$CORPUS/content" -name '*.md' | wc -l) Markdown files); copies on $(df --output=fstype,source "$work" | tail -1 | tr -s " ")"
node "$here/reload.mjs" --corpus "$CORPUS" --runs "$runs" --kmsite "$work/bin/kmsite" --workdir "$work" "$@"
