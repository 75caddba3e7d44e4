# Incremental output: a build with nothing changed writes nothing (same inode
# and mtime for every file, the manifest included), a changed page rewrites
# only the files whose bytes changed, files kmsite did not write are never
# touched, modes follow the umask, and kill -9 at any moment (while staging,
# while renaming into place) leaves every file its old or its new version,
# never a truncated one, from which the next build recovers exactly.
source "$(dirname "$0")/lib.sh"
started=$(date +%s%N)
elapsed() { local ms=$((($(date +%s%N) - started) / 1000000)); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
umask 022

# Checks that found a product bug but let the rest of the test run first.
failures=0
defer_fail() { echo "not ok - $*"; failures=$((failures + 1)); }

site=$WORK/site
make_site "$site"
out=$site/public
# Inode, mtime, ctime, mode, size and path of everything in the output.
snapshot() { find "$1" -printf '%i %T@ %C@ %m %s %P\n' | LC_ALL=C sort -k6; }
# The folder the staging folders are made in (beside the output).
beside() { stat -c '%i %y %z' "$(dirname "$1")"; }
written() { grep -oE '[0-9]+ written' "$WORK/out" | cut -d' ' -f1; }

# ---- (a) a build with nothing changed writes nothing ---------------------------
# Twice: as it is (a build may know from its cache folder that its inputs are
# those of the last build), and with a fresh cache folder, so that every file
# is made and compared with the manifest.
run 0 "$KMSITE" build --source "$site"
for how in "as it is" "with a fresh --cache-dir"; do
  flags=()
  [ "$how" = "as it is" ] || flags=(--cache-dir "$(mktemp -d "$WORK/cache-XXXXXX")")
  snapshot "$out" >"$WORK/a1"
  beside_before=$(beside "$out")
  run 0 "$KMSITE" build --source "$site" "${flags[@]}"
  snapshot "$out" >"$WORK/a2"
  beside_after=$(beside "$out")
  grep -qE '(: 0 written, [0-9]+ unchanged, 0 removed\)|nothing changed since the last build)' "$WORK/out" ||
    { cat "$WORK/out"; fail "$how: the build does not say 0 written"; }
  grep -q ' \.kmsite-manifest$' "$WORK/a1" || fail "the snapshot does not include the manifest"
  [ "$(wc -l <"$WORK/a1")" -gt 30 ] || fail "the site is too small to prove anything"
  diff "$WORK/a1" "$WORK/a2" >&2 || fail "$how: a build with nothing changed rewrote files (inode/mtime above)"
  [ -z "$(find "$site" -maxdepth 1 -name '.public.kmsite-staging-*')" ] || fail "staging litter"
  pass "$how, a build with nothing changed says so ($(grep -oE '0 written|nothing changed' "$WORK/out"))" \
       "and keeps every inode, mtime and ctime, manifest included"
  # Nothing changed means nothing to stage either: no staging folder made (and
  # removed) beside the output, which would change that folder's mtime.
  [ "$beside_before" = "$beside_after" ] ||
    defer_fail "$how, a build with nothing changed still made a staging folder beside the output" \
               "(mtime and ctime of $(dirname "$out"): $beside_before -> $beside_after)"
done

# ---- (c, set up) files kmsite did not write -----------------------------------
mkdir -p "$out/.well-known"
printf 'Contact: mailto:security@example.go.th\n' >"$out/.well-known/security.txt"
printf 'km.example.go.th\n' >"$out/CNAME"
printf 'google-site-verification: google123.html\n' >"$out/google123.html"
foreign=(.well-known/security.txt CNAME google123.html)
foreign_state() { (cd "$out" && for f in "${foreign[@]}"; do stat -c '%i %Y.%y %s %n' "$f"; sha256sum "$f"; done); }
foreign_before=$(foreign_state)
check_foreign() {  # WHEN
  [ "$(foreign_state)" = "$foreign_before" ] ||
    { foreign_state >&2; fail "$1: a file kmsite did not write was touched"; }
  local f
  for f in "${foreign[@]}"; do
    ! cut -f1 "$out/.kmsite-manifest" | grep -qxF "$f" || fail "$1: the manifest lists $f"
  done
}

# ---- (b) one page's body changed: only files whose bytes changed are written --
cp -a "$out" "$WORK/before-b"
files_state() { find "$1" -type f -printf '%P\t%i\t%T@\n' | LC_ALL=C sort; }
files_state "$out" >"$WORK/b1"
# Only the body changes: the file keeps its date (the newest date of the site
# is the "last updated" of the home pages; moving it is checked below).
cp -p "$site/content/articles/first.md" "$WORK/first.md.date"
sed -i 's/^เนื้อหา$/เนื้อหาที่แก้ไขแล้วในรอบนี้/' "$site/content/articles/first.md"
touch -r "$WORK/first.md.date" "$site/content/articles/first.md"
run 0 "$KMSITE" build --source "$site"
files_state "$out" >"$WORK/b2"
assert_contains "$out/articles/first/index.html" "เนื้อหาที่แก้ไขแล้วในรอบนี้"
# Files with a new inode (or new files), and files that kept theirs.
awk -F'\t' 'NR == FNR {ino[$1] = $2; next} !($1 in ino) || ino[$1] != $2 {print $1}' \
  "$WORK/b1" "$WORK/b2" | grep -vxF .kmsite-manifest >"$WORK/changed" || true
awk -F'\t' 'NR == FNR {ino[$1] = $2; mtime[$1] = $3; next}
             ($1 in ino) && ino[$1] == $2 {print $1 "\t" (mtime[$1] == $3)}' \
  "$WORK/b1" "$WORK/b2" >"$WORK/kept"
changed() { grep -qxF -- "$1" "$WORK/changed"; }
changed articles/first/index.html || fail "the changed page was not rewritten"
echo "# rewritten for the changed body: $(tr '\n' ' ' <"$WORK/changed")"
css=$(cd "$out" && ls css/site.*.css)  # the stylesheet's content-hashed name
for kept in en/index.html terms/index.html contact/index.html privacy/index.html notice/index.html \
            security/index.html "$css" robots.txt; do
  [ -e "$out/$kept" ] || fail "$kept is not in the output"
  ! changed "$kept" || { diff "$WORK/before-b/$kept" "$out/$kept" >&2
                         fail "$kept was rewritten although the change cannot affect it"; }
done
grep -q '^search/' "$WORK/changed" || fail "no search file was rewritten for a changed body"
[ "$(wc -l <"$WORK/changed")" = "$(written)" ] ||
  fail "the build says $(written) written but $(wc -l <"$WORK/changed") files have a new inode"
# Each rewritten file really changed; each other one is untouched (same
# inode, same mtime, same bytes).
while read -r path; do
  [ -e "$WORK/before-b/$path" ] || continue  # new (a search shard named by its content)
  ! cmp -s "$WORK/before-b/$path" "$out/$path" || fail "$path was rewritten with the same bytes"
done <"$WORK/changed"
while IFS=$'\t' read -r path same_mtime; do
  [ "$path" = .kmsite-manifest ] && continue
  [ "$same_mtime" = 1 ] || fail "$path kept its inode but its mtime changed (written in place?)"
  cmp -s "$WORK/before-b/$path" "$out/$path" || fail "$path changed bytes without a new inode"
done <"$WORK/kept"
[ "$(wc -l <"$WORK/kept")" -gt 10 ] || fail "only $(wc -l <"$WORK/kept") files kept their inode"
pass "a changed body rewrites only its page and the list/search files it affects" \
     "($(written) of $(wc -l <"$WORK/b2") files); en/index.html, terms/index.html etc. keep their inode"
# A newer date of that page moves the site's "last updated" date: the home
# pages are rewritten for that line alone; pages that do not show it are not.
cp -a "$out" "$WORK/before-date"
files_state "$out" >"$WORK/d1"
touch -d '+1 day' "$site/content/articles/first.md"
run 0 "$KMSITE" build --source "$site"
files_state "$out" >"$WORK/d2"
awk -F'\t' 'NR == FNR {ino[$1] = $2; next} !($1 in ino) || ino[$1] != $2 {print $1}' \
  "$WORK/d1" "$WORK/d2" | grep -vxF .kmsite-manifest >"$WORK/changed" || true
changed en/index.html || fail "a newer page date did not update the English home page's last-updated date"
diff "$WORK/before-date/en/index.html" "$out/en/index.html" | grep '^[<>]' | grep -v 'class="last-updated"' &&
  fail "en/index.html changed in more than its last-updated line"
for kept in terms/index.html contact/index.html "$css" robots.txt; do
  ! changed "$kept" || fail "$kept was rewritten for another page's date"
done
pass "a newer page date rewrites the home pages for their last-updated line only ($(written) written)"

# ---- search chunks the cache folder says are unchanged are checked against the output ----
# The example portal (4 term chunks): a new word in one page makes one chunk
# again and keeps the others in the output by their digests. Chunks removed
# or edited by hand in the output must be written again, never trusted.
portal=$WORK/portal
mkdir -p "$portal"
cp -r "$REPO/content" "$REPO/site-config" "$REPO/themes" "$portal/"
run 0 "$KMSITE" build --source "$portal" --quiet
printf '\nคำทดสอบดัชนีซซซ\n' >>"$portal/content/articles/canva-infographics.md"
run 0 "$KMSITE" build --source "$portal" --quiet --timings
grep -qE 'chunks made [0-9]+, kept [1-9]' "$WORK/out" "$WORK/err" ||
  { cat "$WORK/err"; fail "a one-word edit kept no search chunk"; }
chunk_files=("$portal"/public/search/c-*.json)
[ ${#chunk_files[@]} -ge 3 ] || fail "only ${#chunk_files[@]} search chunks in the example portal"
rm "${chunk_files[0]}"
printf 'x' >>"${chunk_files[1]}"
printf '\nคำทดสอบดัชนีฟฟฟ\n' >>"$portal/content/articles/canva-infographics.md"
run 0 "$KMSITE" build --source "$portal" --quiet
run 0 "$KMSITE" build --source "$portal" --quiet --out "$WORK/portal-clean" --cache-dir "$WORK/portal-cache"
diff -r -x .kmsite-manifest "$portal/public" "$WORK/portal-clean" >"$WORK/portal-diff" ||
  { head -5 "$WORK/portal-diff"; fail "chunks removed or edited in the output were trusted"; }
pass "search chunks kept from the cache folder's index are written again when the output lost them"

# ---- (c) files kmsite did not write survive, untouched ---------------------------
check_foreign "after a changed page"
sed -i 's/^title: .*/title: ศูนย์ความรู้ทดสอบใหม่/' "$site/site-config/site.yaml"
run 0 "$KMSITE" build --source "$site"
[ "$(written)" -gt 15 ] || fail "a new site title rewrote only $(written) files"
check_foreign "after a new site title (every page rewritten)"
rm "$site/content/articles/first.md"
run 0 "$KMSITE" build --source "$site"
[ ! -e "$out/articles/first/index.html" ] || fail "a removed page stayed"
check_foreign "after a page was removed"
pass "CNAME, google123.html and .well-known/security.txt keep their inode, mtime and bytes"

# ---- (d) modes under umask 022, for new folders and rewritten files too ---------
mkdir -p "$site/content/articles/sub/deeper"
printf -- '---\ntitle: บทความแรก\ntags: [ทดสอบ, ใหม่]\n---\n## หัวข้อ\n\nกลับมาแล้ว\n' \
  >"$site/content/articles/first.md"
printf -- '---\ntitle: บทความลึก\n---\nเนื้อหาลึก\n' >"$site/content/articles/sub/deeper/deep.md"
run 0 "$KMSITE" build --source "$site"
[ -f "$out/articles/sub/deeper/deep/index.html" ] || fail "the page in a new folder was not built"
bad=$(find "$out" \( -type d ! -perm 0755 \) -o \( -type f ! -perm 0644 \) -printf '%m %P\n')
[ -z "$bad" ] || { echo "$bad" >&2; fail "modes other than 0755/0644 under umask 022"; }
[ "$(stat -c %a "$out")" = 755 ] || fail "the output folder is $(stat -c %a "$out")"
check_foreign "after new folders"
pass "every output folder is 0755 and every file 0644 under umask 022 (new folders and rewrites too)"
echo "# (a)-(d) took $(elapsed) s"

# ---- (e) kill -9 at several moments -----------------------------------------
# The helper: hash lists, one killed build, and the checks of what it left.
cat >"$WORK/kill.py" <<'PY'
import hashlib, json, os, random, re, signal, subprocess, sys, time, urllib.parse

def files(root):
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            yield os.path.relpath(p, root), p

def digest(p):
    with open(p, "rb") as f:
        return hashlib.blake2b(f.read(), digest_size=16).hexdigest()

def hashes(root):
    return {rel: digest(p) for rel, p in files(root) if rel != ".kmsite-manifest"}

def staging_dirs(out):
    parent, name = os.path.split(os.path.abspath(out))
    return [os.path.join(parent, n) for n in os.listdir(parent)
            if n.startswith("." + name + ".kmsite-staging-")]

def staged_files(out):
    n = 0
    for d in staging_dirs(out):
        try:
            n += len(os.listdir(d))
        except OSError:  # removed by the build meanwhile
            pass
    return n

def kill_build(kmsite, source, out, mode, seed, old_json, new_json):
    """Starts a build, kills it with SIGKILL at a moment chosen by mode; prints what it hit."""
    rng = random.Random(seed)
    old, new = json.load(open(old_json)), json.load(open(new_json))
    changed = sorted(rel for rel in old if rel in new and old[rel] != new[rel])
    manifest = os.path.join(out, ".kmsite-manifest")
    inodes = {rel: os.lstat(p).st_ino for rel, p in files(out)}
    manifest_ino = os.lstat(manifest).st_ino
    samples = [os.path.join(out, rel) for rel in sorted(inodes)[::97]]
    t0 = time.monotonic()
    proc = subprocess.Popen([kmsite, "build", "--source", source, "--no-check", "--jobs", "1", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def running():
        return proc.poll() is None
    def commit_started():
        if os.path.exists(os.path.join(out, ".kmsite-manifest-pending")):
            return True  # the journal of the paths the commit moves
        try:
            if os.lstat(manifest).st_ino != manifest_ino:
                return True
        except FileNotFoundError:
            return True
        return any(os.lstat(p).st_ino != inodes[os.path.relpath(p, out)] for p in samples)
    if mode == "random":
        delay = rng.uniform(0.05, 2.5)
        while running() and time.monotonic() - t0 < delay:
            time.sleep(0.005)
    elif mode == "staging":
        while running() and (not staging_dirs(out) or staged_files(out) == 0):
            time.sleep(0.005)
        pause = rng.uniform(0.0, 0.4)
        t1 = time.monotonic()
        while running() and time.monotonic() - t1 < pause and not commit_started():
            time.sleep(0.005)
    elif mode == "commit":
        # Files are renamed into place one by one: wait for a random one of
        # those that change (or only for the journal that comes first).
        target = None if rng.random() < 0.25 or not changed else rng.choice(changed)
        def reached():
            if target is None:
                return commit_started()
            try:
                return os.lstat(os.path.join(out, target)).st_ino != inodes[target]
            except FileNotFoundError:
                return False
        while running() and not reached():
            time.sleep(0.001)
    at = time.monotonic() - t0
    if not running():
        phase = "finished"
        if proc.returncode != 0:
            sys.exit(f"the build to be killed failed on its own (exit {proc.returncode})")
    else:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        renamed = sum(1 for rel, p in files(out)
                      if not rel.startswith(".kmsite-manifest") and inodes.get(rel) != os.lstat(p).st_ino)
        if renamed:
            phase = f"commit ({renamed} files renamed into place)"
        elif (os.path.exists(os.path.join(out, ".kmsite-manifest-pending")) or
              os.lstat(manifest).st_ino != manifest_ino):
            phase = "commit (journal written, no file renamed yet)"
        elif staging_dirs(out):
            phase = f"staging ({staged_files(out)} files staged)"
        else:
            phase = "rendering (nothing staged yet)"
    print(f"{mode} {at:.2f} {phase}")

def check(out, old_json, new_json, old_title, new_title):
    """What a killed build left: every file complete and its old or new version."""
    old, new = json.load(open(old_json)), json.load(open(new_json))
    errors = []
    text = open(os.path.join(out, ".kmsite-manifest"), "rb").read().decode("utf-8")
    if not text.endswith("\n"):
        errors.append("the manifest is truncated (no final newline)")
    # A commit killed before its new manifest leaves the journal of the paths
    # it was moving (path alone, not trusted): the next build owns them too.
    pending = os.path.join(out, ".kmsite-manifest-pending")
    if os.path.exists(pending):
        journal = open(pending, "rb").read().decode("utf-8")
        if not journal.endswith("\n"):
            errors.append("the journal is truncated (no final newline)")
        for line in journal.splitlines():
            if line and not line.startswith("#"):
                if "\t" in line:
                    errors.append(f"journal line with a state: {line[:80]!r}")
        text += journal
    listed = set()
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        fields = line.split("\t")
        # path and what was written, or the path alone (not trusted: a commit's
        # first build's interim manifest lists each path it may leave so).
        if len(fields) not in (1, 6):
            errors.append(f"manifest line with {len(fields)} fields: {line[:80]!r}")
            continue
        listed.add(urllib.parse.unquote(fields[0]))
    counts = {"old": 0, "new": 0, "same": 0}
    present = set()
    for rel, p in files(out):
        if rel in (".kmsite-manifest", ".kmsite-manifest.tmp", ".kmsite-manifest-pending",
                   ".kmsite-manifest-pending.tmp"):
            continue
        present.add(rel)
        if rel not in listed:
            errors.append(f"{rel} is in the output but not in the manifest (the next build would not own it)")
        data = open(p, "rb").read()
        h = hashlib.blake2b(data, digest_size=16).hexdigest()
        if rel.endswith(".html") and not re.search(rb"</html>\n?\Z", data):
            errors.append(f"{rel} is truncated ({len(data)} bytes, ends {data[-40:]!r})")
        if h == old.get(rel) and h == new.get(rel):
            counts["same"] += 1
        elif h == old.get(rel):
            counts["old"] += 1
        elif h == new.get(rel):
            counts["new"] += 1
        else:
            errors.append(f"{rel} ({len(data)} bytes) is neither its old nor its new version")
        m = re.search(rb"<title>([^<]*)</title>", data) if rel.endswith(".html") else None
        if m and b" | " in m.group(1):
            site_title = m.group(1).decode().rsplit(" | ", 1)[1]
            if site_title not in (old_title, new_title):
                errors.append(f"{rel}: <title> names the site {site_title!r}")
    for rel in sorted(set(old) & set(new) - present):
        errors.append(f"{rel} is missing (it is in the old and the new site)")
    for e in errors[:20]:
        print("  " + e, file=sys.stderr)
    if errors:
        sys.exit(f"{len(errors)} problem(s) in what the killed build left")
    print(f"{counts['old']} old, {counts['new']} new, {counts['same']} unchanged files")

if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "hashes":
        json.dump(hashes(args[0]), open(args[1], "w"))
    elif cmd == "kill":
        kill_build(args[0], args[1], args[2], args[3], int(args[4]), args[5], args[6])
    elif cmd == "check":
        check(*args)
PY

big=$WORK/big
bout=$big/public
make_site "$big"
for i in $(seq 1500); do
  printf -- '---\ntitle: บทความที่ %s\n---\n## หัวข้อ\n\nเนื้อหาของบทความที่ %s\n' "$i" "$i" \
    >"$big/content/articles/a$i.md"
done
# All builds of the big site skip the standards checker (as output.sh's do):
# the same flags for the killed, the repairing and the reference builds.
run 0 "$KMSITE" build --source "$big" -q --no-check
echo "# the $(find "$bout" -name index.html | wc -l)-page site was built at $(elapsed) s"
# Clean reference builds go to a fresh folder on tmpfs when there is room (it
# is only compared with), else beside the test's other files.
refroot=$WORK/ref
if [ -d /dev/shm ] && [ -w /dev/shm ] &&
   [ "$(df -Pk /dev/shm | awk 'NR == 2 {print $4}')" -gt 262144 ]; then
  refroot=$(mktemp -d /dev/shm/kmsite-incremental-XXXXXX)
  trap 'rm -rf "$WORK" "$refroot"' EXIT
fi
python3 "$WORK/kill.py" hashes "$bout" "$WORK/old.json"
seed=${KMSITE_TEST_SEED:-$RANDOM}
echo "# kill -9 attempts with seed $seed (KMSITE_TEST_SEED=$seed to repeat)"
modes=(random staging commit random commit staging random commit)
old_title=ศูนย์ความรู้ทดสอบ
declare -A landed=()
interrupted=0
for attempt in "${!modes[@]}"; do
  mode=${modes[$attempt]}
  new_title="ศูนย์ความรู้ทดสอบ รอบที่ $((attempt + 1))"
  sed -i "s/^title: .*/title: $new_title/" "$big/site-config/site.yaml"
  ref=$refroot/$attempt/public
  run 0 "$KMSITE" build --source "$big" --out "$ref" -q --no-check --cache-dir "$refroot/cache"
  python3 "$WORK/kill.py" hashes "$ref" "$WORK/new.json"
  result=$(python3 "$WORK/kill.py" kill "$KMSITE" "$big" "$bout" "$mode" $((seed + attempt)) \
                  "$WORK/old.json" "$WORK/new.json") ||
    fail "attempt $((attempt + 1)): $result"
  phase=$(cut -d' ' -f3 <<<"$result")
  landed[$phase]=$((${landed[$phase]:-0} + 1))
  [ "$phase" = finished ] || interrupted=$((interrupted + 1))
  left=$(python3 "$WORK/kill.py" check "$bout" "$WORK/old.json" "$WORK/new.json" "$old_title" "$new_title") ||
    fail "attempt $((attempt + 1)) ($result): a killed build left a broken output"
  echo "#   attempt $((attempt + 1)): $mode kill at $(cut -d' ' -f2- <<<"$result"); left $left (at $(elapsed) s)"
  # The next normal build repairs everything, exactly.
  run 0 "$KMSITE" build --source "$big" -q --no-check
  [ -z "$(find "$big" -maxdepth 1 -name '.public.kmsite-staging-*')" ] ||
    fail "attempt $((attempt + 1)): a staging folder is left beside the output after the repairing build"
  diff -r --exclude=.kmsite-manifest "$bout" "$ref" >"$WORK/diff" ||
    { head -20 "$WORK/diff" >&2; fail "attempt $((attempt + 1)) ($result): the repaired output differs from a clean build"; }
  # ...and records it truly: one more build, comparing every file with the
  # manifest (a fresh cache folder: no shortcut), has nothing to write.
  if [ "$phase" = commit ]; then
    run 0 "$KMSITE" build --source "$big" --no-check --cache-dir "$(mktemp -d "$WORK/cache-XXXXXX")"
    grep -qE ': 0 written, [0-9]+ unchanged, 0 removed\)' "$WORK/out" ||
      { cat "$WORK/out"; fail "attempt $((attempt + 1)): the build after the repair wrote files"; }
  fi
  mv "$WORK/new.json" "$WORK/old.json"
  old_title=$new_title
  rm -rf "${ref:?}"
done
summary="rendering ${landed[rendering]:-0}, staging ${landed[staging]:-0}, commit ${landed[commit]:-0}, after the build ${landed[finished]:-0}"
echo "# kills landed: $summary"
[ "$interrupted" -gt 0 ] || fail "no kill interrupted a running build (the test tested nothing)"
[ "${landed[commit]:-0}" -gt 0 ] || echo "# note: no kill landed while files were renamed into place"
pass "kill -9 during a build ($summary) leaves complete old-or-new files; the next build repairs them exactly"

echo "# the whole test took $(elapsed) s"
[ "$failures" = 0 ] || fail "$failures check(s) failed (see 'not ok' above)"
