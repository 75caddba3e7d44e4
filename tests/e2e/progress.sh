# Progress (issue #13 item 6): on a terminal a build shows its stage and how
# far it is on one line that it redraws and clears at the end; in a pipe or a
# log it prints nothing of the kind. Run under a pseudo-terminal with
# `script` (util-linux). KMSITE_PROGRESS_TEST=1 makes the line appear at once
# and redraw every few milliseconds, so a small site shows every stage (a real
# build waits a second before the first draw).
source "$(dirname "$0")/lib.sh"
command -v script >/dev/null || fail "script (util-linux) is needed"

site=$WORK/site
make_site "$site"
for i in $(seq 1 40); do
  printf -- '---\ntitle: บทความ %s\n---\n\n## หัวข้อ\n\nเนื้อหา %s\n' "$i" "$i" >"$site/content/articles/a$i.md"
done

# On a terminal: stderr and stdout both go to the pty; `script` records it.
KMSITE_PROGRESS_TEST=1 script -qec "'$KMSITE' build --source '$site'" /dev/null >"$WORK/tty" </dev/null
esc=$'\033'
assert_contains "$WORK/tty" $'\r'"${esc}[Kkmsite: อ่านไฟล์ / reading files..."
# The content stage counts two passes over the Markdown files, the pages stage the HTML documents.
pages=$(find "$site/content" -name '*.md' | wc -l)
grep -qE "kmsite: อ่านหน้า / reading pages [0-9]+/$((2 * pages)) \([0-9]+%\)" "$WORK/tty" || fail "no count of pages read"
grep -qE "kmsite: เขียนหน้า / writing pages [0-9]+/[0-9]+ \([0-9]+%\)" "$WORK/tty" || fail "no count of pages written"
# The line is cleared before the summary, which starts a line of its own.
assert_contains "$WORK/tty" $'\r'"${esc}[Kkmsite: built"
pass "on a terminal the build shows its stage and count on one line, cleared at the end"

# In a pipe (a log, CI) nothing of it: no carriage return, no escape.
KMSITE_PROGRESS_TEST=1 "$KMSITE" build --source "$site" --out "$WORK/piped" >"$WORK/out" 2>"$WORK/err"
if grep -q $'\r\|\033' "$WORK/out" "$WORK/err"; then fail "progress went to a pipe"; fi
assert_contains "$WORK/out" "kmsite: built"
# --quiet prints errors only, on a terminal too.
KMSITE_PROGRESS_TEST=1 script -qec "'$KMSITE' build --source '$site' --out '$WORK/quiet' --quiet" /dev/null >"$WORK/tty" </dev/null
assert_not_contains "$WORK/tty" "reading files"
pass "no progress in a pipe or with --quiet"
