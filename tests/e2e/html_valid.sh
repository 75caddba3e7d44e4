# Every page of the example portal passes the Nu HTML Checker (npm vnu-jar) with
# no errors.
source "$(dirname "$0")/lib.sh"

vnu=$REPO/node_modules/vnu-jar/build/dist/vnu.jar
[ -f "$vnu" ] || fail "vnu-jar is not installed (run setup.sh)"
run 0 "$KMSITE" build --source "$REPO" --out "$WORK/public" --quiet
# Alias redirects are left out (they are not pages). grep -L's exit status
# varies with what it lists, hence the || true.
grep -rL --include='*.html' 'http-equiv="refresh"' "$WORK/public" >"$WORK/pages" || true
count=$(wc -l <"$WORK/pages")
[ "$count" -gt 80 ] || fail "only $count pages"
java -jar "$vnu" --errors-only --format gnu $(cat "$WORK/pages") 2>"$WORK/vnu" || true
if [ -s "$WORK/vnu" ]; then
  head -20 "$WORK/vnu" >&2
  fail "$(wc -l <"$WORK/vnu") HTML errors"
fi
pass "Nu HTML Checker: no errors on $count pages"
