#!/usr/bin/env bash
# Runs each fuzz target for SECONDS from its seed corpus: run.sh FUZZ_DIR SECONDS TARGET...
# (FUZZ_SECONDS in the environment overrides SECONDS.) A crash, a leak, a
# sanitizer report or a 10 s input fails the run; the input is kept in
# FUZZ_DIR/findings/ and printed as a reproduction command.
set -euo pipefail
dir=$1 seconds=${FUZZ_SECONDS:-$2}; shift 2
mkdir -p "$dir/findings"
status=0
for t in "$@"; do
  corpus="$dir/corpus/$t"
  mkdir -p "$corpus"
  # -timeout: an input taking 10 s is a finding (super-linear time);
  # -rss_limit_mb: so is one that needs 2 GB.
  if ! "$dir/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -max_len=65536 -print_final_stats=0 -artifact_prefix="$dir/findings/$t-" \
       "$corpus" "$dir/seed/$t" >"$dir/$t.log" 2>&1; then
    echo "FAIL: fuzz_$t; log: $dir/$t.log"
    tail -40 "$dir/$t.log"
    status=1
  else
    echo "ok - fuzz_$t: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$dir/$t.log" | tail -1)"
  fi
done
exit $status
