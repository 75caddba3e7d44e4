# kmsite publish: a built output to a Git branch (written with libgit2, no
# checkout), pushed to a bare repository, and to a folder; --dry-run,
# --max-deletes, bad targets and folders that are not a build. The `git`
# binary is used here only to look at what kmsite wrote.
source "$(dirname "$0")/lib.sh"

site=$WORK/site
make_site "$site"
out=$site/public
cd "$site"
git init -q -b main
git config user.name "ทดสอบ" && git config user.email "test@example.go.th"
git config core.quotePath false
printf 'public/\n.kmsite-cache/\n' >.gitignore
git add -A && git commit -q -m "site"
run 0 "$KMSITE" build --source "$site" -q

# The output's files (no manifest, no dot-files), sorted.
output_files() { (cd "$out" && find . -type f ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort); }
# path<TAB>blob of every file in a commit's tree.
tree_blobs() { git ls-tree -r "$1" | awk -F'\t' '{split($1, a, " "); print $2 "\t" a[3]}' | LC_ALL=C sort; }
head_before=$(git rev-parse HEAD)
index_before=$(sha256sum .git/index)

# ---- usage: bad targets exit 2, a folder that is not a build exits 1 ----------
for bad in "pages" "git:" "git:-x" "git:a..b" "git:pages@" "ftp:host/x" "dir:" "rsync:host" "rsync:-e:x"; do
  run 2 "$KMSITE" publish "$bad" --source "$site"
  assert_contains "$WORK/err" "git:BRANCH@REMOTE, dir:PATH, rsync:[USER@]HOST:PATH"
done
run 2 "$KMSITE" publish --source "$site"
assert_contains "$WORK/err" "no target"
mkdir -p "$WORK/notbuilt" && printf '<p>x</p>\n' >"$WORK/notbuilt/index.html"
run 1 "$KMSITE" publish git:pages --source "$site" --out "$WORK/notbuilt"
assert_contains "$WORK/err" "kmsite build"
assert_contains "$WORK/err" "ให้รัน kmsite build ก่อน"
cp -a "$out" "$WORK/edited" && printf 'edited\n' >>"$WORK/edited/index.html"
run 1 "$KMSITE" publish dir:"$WORK/x" --source "$site" --out "$WORK/edited"
assert_contains "$WORK/err" "not a complete kmsite build"
[ ! -e "$WORK/x" ] || fail "a refused publish made the target"
! git rev-parse -q --verify refs/heads/pages >/dev/null || fail "a refused publish made a branch"
pass "bad targets exit 2 with the accepted forms; a folder that is not a complete build exits 1"

# ---- git: the first publish -----------------------------------------------------
run 0 "$KMSITE" publish git:pages --source "$site" --dry-run
assert_contains "$WORK/out" "+ index.html"
! git rev-parse -q --verify refs/heads/pages >/dev/null || fail "--dry-run made a branch"
run 0 "$KMSITE" publish git:pages --source "$site"
[ "$(git rev-list --count pages)" = 1 ] || fail "the first publish is not one commit"
git ls-tree -r --name-only pages | LC_ALL=C sort >"$WORK/tree1"
(output_files; echo .nojekyll) | LC_ALL=C sort >"$WORK/want1"
diff "$WORK/want1" "$WORK/tree1" || fail "the branch's files are not the output's (+ .nojekyll)"
while IFS= read -r f; do
  cmp -s <(git cat-file blob "pages:$f") "$out/$f" || fail "pages:$f differs from $out/$f"
done < <(output_files)
[ "$(git rev-parse HEAD)" = "$head_before" ] || fail "HEAD moved"
[ "$(git symbolic-ref HEAD)" = refs/heads/main ] || fail "HEAD is no longer main"
[ "$(sha256sum .git/index)" = "$index_before" ] || fail "the index changed"
[ -z "$(git status --porcelain)" ] || { git status --porcelain; fail "the work tree changed"; }
pass "git:pages: one commit with exactly the output's bytes and .nojekyll; HEAD, index and work tree untouched"

# ---- git: one page changed, then nothing changed --------------------------------
tree_blobs pages >"$WORK/blobs1"
sed -i 's/เนื้อหา/เนื้อหาที่แก้ไขแล้ว/' content/articles/first.md
run 0 "$KMSITE" build --source "$site" -q
# Changed: files whose bytes the first tree does not hold under any name (a
# search fragment group renamed by the edit keeps the others' bytes: their
# blobs are the old ones).
changed_files=$(cd "$out" && for f in $(output_files); do
  grep -qxF "$(git hash-object "$f")" <(cut -f2 "$WORK/blobs1") || echo "$f"
done)
[ -n "$changed_files" ] || fail "the edit changed no output file"
echo "$changed_files" | grep -qx "articles/first/index.html" || fail "the edited page is not among the changed files"
run 0 "$KMSITE" publish git:pages --source "$site" -m "second publish"
[ "$(git rev-list --count pages)" = 2 ] || fail "the second publish is not one more commit"
[ "$(git log --format=%s pages | head -1)" = "second publish" ] || fail "--message not used"
git log --format=%s pages | grep -q "^kmsite publish: .* files (" || fail "no default message"
tree_blobs pages >"$WORK/blobs2"
# Blobs in the second tree that the first lacked: exactly the changed files.
new_blob_files=$(join -t $'\t' -v1 -1 2 -2 2 <(sort -t $'\t' -k2 "$WORK/blobs2") <(sort -t $'\t' -k2 "$WORK/blobs1") |
  cut -f2 | LC_ALL=C sort)
[ "$new_blob_files" = "$(echo "$changed_files" | LC_ALL=C sort)" ] ||
  fail "new blobs ($new_blob_files) are not the changed files ($changed_files)"
[ "$(echo "$changed_files" | wc -l)" -lt "$(wc -l <"$WORK/blobs2")" ] || fail "every file changed"
diff <(git ls-tree -r --name-only pages | LC_ALL=C sort) <((output_files; echo .nojekyll) | LC_ALL=C sort) ||
  fail "the branch's files are not the new output's"
pass "second publish: one new commit whose new blobs are exactly the $(echo "$changed_files" | wc -l) changed files"

run 0 "$KMSITE" publish git:pages --source "$site"
assert_contains "$WORK/out" "nothing changed"
[ "$(git rev-list --count pages)" = 2 ] || fail "publishing without a change made a commit"
pass "publishing again without a change makes no commit"

# ---- git: --dry-run and --max-deletes -----------------------------------------
mv content/articles/first.md "$WORK/first.md"
run 0 "$KMSITE" build --source "$site" -q --no-check
tip=$(git rev-parse pages)
objects_before=$(find .git/objects -type f | wc -l)
run 0 "$KMSITE" publish git:pages --source "$site" --dry-run
assert_contains "$WORK/out" "- articles/first/index.html"
assert_contains "$WORK/out" "dry run"
[ "$(git rev-parse pages)" = "$tip" ] || fail "--dry-run made a commit"
[ "$(find .git/objects -type f | wc -l)" = "$objects_before" ] || fail "--dry-run wrote objects"
run 1 "$KMSITE" publish git:pages --source "$site" --max-deletes 0
assert_contains "$WORK/err" "--max-deletes"
[ "$(git rev-parse pages)" = "$tip" ] || fail "--max-deletes 0 did not stop the commit"
run 0 "$KMSITE" publish git:pages --source "$site" --max-deletes 100
[ "$(git rev-list --count pages)" = 3 ] || fail "a publish within --max-deletes made no commit"
git ls-tree -r --name-only pages | grep -q '^articles/first/index.html$' && fail "a removed page is still on the branch"
mv "$WORK/first.md" content/articles/first.md
run 0 "$KMSITE" build --source "$site" -q
pass "--dry-run writes no commit and no object; --max-deletes 0 refuses (exit 1) a publish that removes pages"

# ---- git: push to a bare repository ---------------------------------------------
git init -q --bare "$WORK/remote.git"
git remote add origin "$WORK/remote.git"
run 0 "$KMSITE" publish git:pages@origin --source "$site"
[ "$(git --git-dir="$WORK/remote.git" rev-parse pages)" = "$(git rev-parse pages)" ] ||
  fail "the remote's pages is not the local one"
git clone -q --branch pages "$WORK/remote.git" "$WORK/clone"
diff -r -x .git -x .nojekyll -x '.kmsite-*' "$out" "$WORK/clone" || fail "a clone of the pushed branch differs from the output"
[ -f "$WORK/clone/.nojekyll" ] || fail "no .nojekyll"
# A URL (path) as the remote, with nothing changed: pushed, no new commit.
run 0 "$KMSITE" publish "git:pages@file://$WORK/remote.git" --source "$site"
assert_contains "$WORK/out" "nothing changed"
# The target from site.yaml.
printf 'publish: "git:pages@origin"\n' >>site-config/site.yaml
run 0 "$KMSITE" publish --source "$site"
assert_contains "$WORK/out" "nothing changed"
git checkout -q -- site-config/site.yaml
printf 'publish: "nowhere"\n' >>site-config/site.yaml
run 1 "$KMSITE" publish --source "$site"
assert_matches "$WORK/err" "site-config/site.yaml:[0-9]+:.*\[config-publish\]"
git checkout -q -- site-config/site.yaml
pass "git:pages@origin pushes to a bare repository whose clone equals the output; publish: in site.yaml"

# A fresh clone (a CI job) has no local pages branch: it publishes on top of
# the remote's, and the push is a fast-forward.
git push -q origin main
git clone -q -b main "$WORK/remote.git" "$WORK/ci"
remote_count=$(git --git-dir="$WORK/remote.git" rev-list --count pages)
(cd "$WORK/ci" && git config user.name ci && git config user.email ci@example.go.th &&
  "$KMSITE" build -q && "$KMSITE" publish git:pages@origin -m "from CI") >"$WORK/out" 2>"$WORK/err" ||
  { cat "$WORK/err"; fail "publishing from a fresh clone"; }
[ "$(git --git-dir="$WORK/remote.git" rev-list --count pages)" = $((remote_count + 1)) ] ||
  fail "a fresh clone's publish is not one commit on top of the remote's branch"
[ "$(git --git-dir="$WORK/remote.git" log -1 --format=%s pages)" = "from CI" ] || fail "CI commit not pushed"
# The local branch is behind now: it publishes on top of the remote's tip.
run 0 "$KMSITE" publish git:pages@origin --source "$site"
[ "$(git --git-dir="$WORK/remote.git" rev-list --count pages)" = $((remote_count + 2)) ] ||
  fail "a stale local branch did not publish on top of the remote's"
[ "$(git rev-parse pages)" = "$(git --git-dir="$WORK/remote.git" rev-parse pages)" ] || fail "local pages not pushed"
# Diverged: the local branch has a commit the remote lacks and the other way round.
sed -i 's/เนื้อหาที่แก้ไขแล้ว/เนื้อหาแยกทาง/' content/articles/first.md
run 0 "$KMSITE" build --source "$site" -q
(cd "$WORK/ci" && sed -i 's/เนื้อหา/เนื้อหาจาก CI/' content/articles/first.md && "$KMSITE" build -q &&
  "$KMSITE" publish git:pages@origin -m "CI diverges") >/dev/null 2>&1 || fail "CI publish"
run 0 "$KMSITE" publish git:pages --source "$site" -m "local only"
local_tip=$(git rev-parse pages)
run 2 "$KMSITE" publish git:pages@origin --source "$site"
assert_contains "$WORK/err" "commits the other lacks"
[ "$(git rev-parse pages)" = "$local_tip" ] || fail "a diverged publish moved the local branch"
[ "$(git --git-dir="$WORK/remote.git" log -1 --format=%s pages)" = "CI diverges" ] || fail "a diverged publish changed the remote"
git branch -q -D pages
run 0 "$KMSITE" publish git:pages@origin --source "$site"
[ "$(git rev-parse pages)" = "$(git --git-dir="$WORK/remote.git" rev-parse pages)" ] || fail "not pushed after the local branch was dropped"
sed -i 's/เนื้อหาแยกทาง/เนื้อหาที่แก้ไขแล้ว/' content/articles/first.md
run 0 "$KMSITE" build --source "$site" -q
pass "a fresh clone and a stale local branch publish on top of the remote's branch; diverged branches are refused (exit 2), nothing moved"

# ---- dir: -------------------------------------------------------------------------
dest=$WORK/www
mkdir -p "$dest/.well-known"
printf 'kept\n' >"$dest/.well-known/security.txt"
run 0 "$KMSITE" publish "dir:$dest" --source "$site"
assert_contains "$WORK/out" "unchanged"
diff -r -x '.kmsite-*' -x .well-known "$out" "$dest" || fail "dir: target differs from the output"
[ ! -e "$dest/.kmsite-manifest" ] || fail "the manifest was published"
assert_contains "$dest/.well-known/security.txt" kept
run 2 "$KMSITE" publish "dir:$out" --source "$site"
run 2 "$KMSITE" publish "dir:$site/content/x" --source "$site"
pass "dir: copies the output (no manifest), keeps the target's dot-files; the site and its output are refused"

find "$dest" -type f ! -path '*/.well-known/*' -printf '%P %i %T@\n' | LC_ALL=C sort >"$WORK/stat1"
sed -i 's/เนื้อหาที่แก้ไขแล้ว/เนื้อหาครั้งที่สาม/' content/articles/first.md
run 0 "$KMSITE" build --source "$site" -q
run 0 "$KMSITE" publish "dir:$dest" --source "$site" --dry-run
assert_contains "$WORK/out" "~ articles/first/index.html"
find "$dest" -type f ! -path '*/.well-known/*' -printf '%P %i %T@\n' | LC_ALL=C sort >"$WORK/stat2"
diff "$WORK/stat1" "$WORK/stat2" || fail "--dry-run changed the target"
grep -E '^[~+] ' "$WORK/out" | cut -c3- | LC_ALL=C sort >"$WORK/listed"
run 0 "$KMSITE" publish "dir:$dest" --source "$site"
diff -r -x '.kmsite-*' -x .well-known "$out" "$dest" || fail "dir: target differs after the second publish"
find "$dest" -type f ! -path '*/.well-known/*' -printf '%P %i %T@\n' | LC_ALL=C sort >"$WORK/stat3"
rewritten=$(comm -13 "$WORK/stat1" "$WORK/stat3" | cut -d' ' -f1 | LC_ALL=C sort)
[ "$rewritten" = "$(cat "$WORK/listed")" ] || fail "rewritten files ($rewritten) are not those listed"
grep -qx "articles/first/index.html" <<<"$rewritten" || fail "the changed page was not written"
[ "$(wc -l <<<"$rewritten")" -lt "$(wc -l <"$WORK/stat3")" ] || fail "every file was rewritten"
pass "dir: rewrites only the changed files (the --dry-run list; others keep inode and mtime)"

printf 'old\n' >"$dest/stale.html"
mkdir -p "$dest/old/deeper" && printf 'old\n' >"$dest/old/deeper/page.html"
run 1 "$KMSITE" publish "dir:$dest" --source "$site" --max-deletes 1
assert_contains "$WORK/err" "--max-deletes"
[ -f "$dest/stale.html" ] && [ -f "$dest/old/deeper/page.html" ] || fail "--max-deletes refused but removed files"
run 0 "$KMSITE" publish "dir:$dest" --source "$site" --dry-run
assert_contains "$WORK/out" "- stale.html"
assert_contains "$WORK/out" "- old/deeper/page.html"
[ -f "$dest/stale.html" ] || fail "--dry-run removed a file"
run 0 "$KMSITE" publish "dir:$dest" --source "$site" --max-deletes 2
[ ! -e "$dest/stale.html" ] && [ ! -e "$dest/old" ] || fail "stale files or their empty folders stayed"
diff -r -x '.kmsite-*' -x .well-known "$out" "$dest" || fail "dir: target differs after removals"
# A symbolic link in the target is replaced, never written through.
mkdir -p "$WORK/elsewhere"
rm -rf "$dest/articles" && ln -s "$WORK/elsewhere" "$dest/articles"
run 0 "$KMSITE" publish "dir:$dest" --source "$site"
[ -z "$(ls -A "$WORK/elsewhere")" ] || fail "kmsite wrote through a symbolic link"
[ -d "$dest/articles" ] && [ ! -L "$dest/articles" ] || fail "the link was not replaced by a folder"
diff -r -x '.kmsite-*' -x .well-known "$out" "$dest" || fail "dir: target differs after replacing a link"
run 0 "$KMSITE" publish "dir:$WORK/deep/a/b" --source "$site"
diff -r -x '.kmsite-*' "$out" "$WORK/deep/a/b" || fail "a new nested dir: target differs"
pass "dir: --max-deletes refuses before changing anything; removals and emptied folders go; links are not followed"

# ---- rsync: the argv handed to rsync (a stand-in rsync that records it) ----------
# No sshd here: a stand-in rsync on PATH records each run's arguments and, on
# a dry run, lists two deletions as rsync --itemize-changes does.
mkdir -p "$WORK/bin"
cat >"$WORK/bin/rsync" <<SH
#!/bin/sh
n=\$(ls "$WORK"/rsync-argv.* 2>/dev/null | wc -l)
printf '%s\n' "\$@" >"$WORK/rsync-argv.\$n"
case " \$* " in *" --dry-run "*) printf '*deleting   stale.html\n*deleting   old/\n' ;; esac
SH
chmod +x "$WORK/bin/rsync"
target='deploy@web.example.go.th:/srv/km;$(id)`id`'
PATH="$WORK/bin:$PATH" run 0 "$KMSITE" publish "rsync:$target" --source "$site" --dry-run
printf '%s\n' -a --delete --checksum '--exclude=.*' --dry-run --itemize-changes \
  "$(realpath "$out")/" "$target" >"$WORK/rsync-want"
diff "$WORK/rsync-want" "$WORK/rsync-argv.0" || fail "rsync --dry-run was not run with the expected arguments"
rm -f "$WORK"/rsync-argv.*
PATH="$WORK/bin:$PATH" run 1 "$KMSITE" publish "rsync:$target" --source "$site" --max-deletes 1
assert_contains "$WORK/err" "--max-deletes"
[ "$(ls "$WORK"/rsync-argv.* | wc -l)" = 1 ] || fail "rsync ran again after too many deletions"
assert_contains "$WORK/rsync-argv.0" "--dry-run"
assert_not_contains "$WORK/rsync-argv.0" "--max-delete"  # the counting pass lists every deletion
rm -f "$WORK"/rsync-argv.*
PATH="$WORK/bin:$PATH" run 0 "$KMSITE" publish "rsync:$target" --source "$site" --max-deletes 2
printf '%s\n' -a --delete --checksum '--exclude=.*' --max-delete=2 "$(realpath "$out")/" "$target" >"$WORK/rsync-want"
diff "$WORK/rsync-want" "$WORK/rsync-argv.1" || fail "rsync was not run with the expected arguments"
PATH="$WORK/nowhere" run 2 "$KMSITE" publish "rsync:$target" --source "$site"
assert_contains "$WORK/err" "apt install rsync"
pass "rsync: argv without a shell (-a --delete --checksum, --dry-run, --max-delete); --max-deletes counted by a dry pass first (stand-in rsync)"

# ---- rsync: the real rsync, end to end -------------------------------------------
# Debian's rsync with RSYNC_RSH (rsync's own variable for its remote shell) set
# to a stand-in for ssh that runs the remote side here: the real protocol,
# deletions and --max-deletes, without an sshd.
command -v rsync >/dev/null || fail "rsync is needed (setup.sh installs it)"
cat >"$WORK/bin/localsh" <<'SH'
#!/bin/sh
# ssh [options] HOST COMMAND...: drop the options and the host, run the command here.
while [ $# -gt 0 ]; do case $1 in -l|-p) shift 2 ;; -*) shift ;; *) shift; break ;; esac; done
exec sh -c "$*"
SH
chmod +x "$WORK/bin/localsh"
dest=$WORK/rsync-dest
mkdir -p "$dest"
RSYNC_RSH="$WORK/bin/localsh" run 0 "$KMSITE" publish "rsync:localhost:$dest" --source "$site"
diff -r -x '.kmsite-*' -x '.*' "$out" "$dest" || fail "rsync: the target differs from the output"
# A page goes: its file goes too, unless that is more than --max-deletes allows.
rm "$site/content/articles/first.md"
run 0 "$KMSITE" build --source "$site"
RSYNC_RSH="$WORK/bin/localsh" run 0 "$KMSITE" publish "rsync:localhost:$dest" --source "$site" --dry-run
[ -f "$dest/articles/first/index.html" ] || fail "rsync --dry-run removed a file"
RSYNC_RSH="$WORK/bin/localsh" run 1 "$KMSITE" publish "rsync:localhost:$dest" --source "$site" --max-deletes 0
[ -f "$dest/articles/first/index.html" ] || fail "rsync removed a file past --max-deletes"
RSYNC_RSH="$WORK/bin/localsh" run 0 "$KMSITE" publish "rsync:localhost:$dest" --source "$site"
[ ! -e "$dest/articles/first/index.html" ] || fail "rsync left a removed page"
diff -r -x '.kmsite-*' -x '.*' "$out" "$dest" || fail "rsync: the target differs after a page was removed"
pass "rsync: the real rsync over a remote shell mirrors the output, honours --dry-run and --max-deletes"
