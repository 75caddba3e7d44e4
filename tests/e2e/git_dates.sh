# Dates and authors come from Git history (one walk), --rev reads the object
# database without a checkout, and uncommitted or shallow cases behave.
source "$(dirname "$0")/lib.sh"

repo=$WORK/repo
site=$repo/portal  # the site lives in a sub-folder of the repository
make_site "$site"
printf -- '---\ntitle: บทความที่สอง\n---\nสอง\n' >"$site/content/articles/second.md"
cd "$repo"
git init -q -b main
git config user.name "ทดสอบ" && git config user.email "test@example.go.th"
commit() {  # DATE AUTHOR MESSAGE
  GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git commit -q --author="$2 <km@example.go.th>" -m "$3"
}
git add -A && commit "2024-01-15 10:00:00 +0700" "สมชาย ใจดี" "first version"
echo "แก้ไข" >>"$site/content/articles/first.md"
git add -A && commit "2024-03-01 09:30:00 +0700" "สมหญิง รักงาน" "edit first"
echo "เพิ่มเติม" >>"$site/content/_index.md"
git add -A && commit "2024-06-10 14:00:00 +0700" "สมชาย ใจดี" "edit home"

run 0 "$KMSITE" build --source "$site" --out "$WORK/wt"
first=$WORK/wt/articles/first/index.html
assert_contains "$first" '<time datetime="2024-03-01">1 มีนาคม 2567</time>'
assert_contains "$first" "สมหญิง รักงาน"
# The page says when to the second for machines (JSON-LD); its <time> shows the day.
assert_contains "$first" '"dateModified":"2024-03-01T09:30:00+07:00"'
assert_contains "$WORK/wt/articles/second/index.html" '<time datetime="2024-01-15">15 มกราคม 2567</time>'
assert_contains "$WORK/wt/sitemap.xml" "<lastmod>2024-03-01T09:30:00+07:00</lastmod>"
assert_contains "$WORK/wt/sitemap.xml" "<lastmod>2024-06-10T14:00:00+07:00</lastmod>"
pass "lastmod and author from Git history"

run 0 "$KMSITE" build --source "$site" --rev HEAD --out "$WORK/rev"
diff -r --exclude=.kmsite-manifest "$WORK/wt" "$WORK/rev" >/dev/null || fail "--rev HEAD differs from the clean working tree build"
pass "--rev HEAD is byte-identical to the working-tree build"

run 0 "$KMSITE" build --source "$site" --rev HEAD~1 --out "$WORK/old"
assert_not_contains "$WORK/old/index.html" "เพิ่มเติม"
assert_contains "$WORK/wt/index.html" "เพิ่มเติม"
assert_contains "$WORK/old/articles/first/index.html" "2024-03-01T09:30:00+07:00"
pass "--rev reads an older tree from the object database"

# Files differing from HEAD use their file time; their committed twins do not.
echo "ยังไม่ commit" >>"$site/content/articles/second.md"
touch -d "2025-02-02 05:00:00 UTC" "$site/content/articles/second.md"
run 0 "$KMSITE" build --source "$site" --out "$WORK/dirty"
assert_contains "$WORK/dirty/articles/second/index.html" '<time datetime="2025-02-02">2 กุมภาพันธ์ 2568</time>'
assert_contains "$WORK/dirty/articles/first/index.html" '2024-03-01T09:30:00+07:00'
git checkout -q -- .
pass "uncommitted files use their file time"

# A shallow clone warns; pages older than its one commit get that commit's date.
git clone -q --depth 1 "file://$repo" "$WORK/shallow"
run 0 "$KMSITE" build --source "$WORK/shallow/portal" --out "$WORK/sh"
assert_matches "$WORK/err" "warning: shallow clone.*\[git-shallow\]"
assert_contains "$WORK/sh/articles/second/index.html" '2024-06-10T14:00:00+07:00'
pass "shallow clone warns"

# A site outside any repository uses file times.
cp -r "$site" "$WORK/plain" && rm -rf "$WORK/plain/public"
touch -d "2023-05-05 00:00:00 UTC" "$WORK/plain/content/articles/first.md"
run 0 "$KMSITE" build --source "$WORK/plain" --out "$WORK/plain-out"
assert_contains "$WORK/plain-out/articles/first/index.html" '2023-05-05T07:00:00+07:00'
pass "no repository: file times"

# --rev follows committed symlinks only inside the site; one leading out is an error.
cd "$repo"
ln -s ../../../../etc/hostname "$site/content/articles/leak.md"
ln -s first.md "$site/content/articles/same.md"
git add -A && commit "2024-07-01 09:00:00 +0700" "สมชาย ใจดี" "add links"
run 1 "$KMSITE" build --source "$site" --rev HEAD --out "$WORK/links"
assert_matches "$WORK/err" "^content/articles/leak.md: error: symbolic link leads outside content/.*\[path-escape\]$"
assert_not_contains "$WORK/err" "same.md"
pass "--rev: symlinks leading out of the site are errors, inner ones are followed"
