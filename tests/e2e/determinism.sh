# Same input gives byte-identical output whatever --jobs is.
source "$(dirname "$0")/lib.sh"

run 0 "$KMSITE" build --source "$REPO" --out "$WORK/j1" --jobs 1
run 0 "$KMSITE" build --source "$REPO" --out "$WORK/j2" --jobs 2
run 0 "$KMSITE" build --source "$REPO" --out "$WORK/j8" --jobs 8
diff -r --exclude=.kmsite-manifest "$WORK/j1" "$WORK/j2" >/dev/null || fail "--jobs 1 and --jobs 2 differ"
diff -r --exclude=.kmsite-manifest "$WORK/j1" "$WORK/j8" >/dev/null || fail "--jobs 1 and --jobs 8 differ"
[ "$(find "$WORK/j1" -name index.html | wc -l)" -gt 30 ] || fail "example portal too small to prove anything"
pass "output identical for --jobs 1, 2 and 8"
