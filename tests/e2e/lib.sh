# Helpers shared by the end-to-end tests. Each test gets:
#   $KMSITE  the binary under test      $REPO  the repository root
#   $WORK    a fresh temporary directory, removed on exit
set -euo pipefail
KMSITE=$(realpath "$1")
REPO=$(realpath "$2")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export TZ=UTC LC_ALL=C.UTF-8
source "$REPO/tests/fixtures/conforming-site.sh"

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok - $*"; }

# run EXPECTED_EXIT CMD...: runs CMD, keeps stdout/stderr in $WORK/out, $WORK/err.
run() {
  local expected=$1; shift
  local code=0
  "$@" >"$WORK/out" 2>"$WORK/err" || code=$?
  if [ "$code" != "$expected" ]; then
    cat "$WORK/out" "$WORK/err" >&2
    fail "expected exit $expected, got $code: $*"
  fi
}

assert_contains() {  # FILE TEXT
  grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; head -c 3000 "$1" >&2; fail "'$2' not in $1"; }
}
assert_not_contains() {  # FILE TEXT
  ! grep -qF -- "$2" "$1" || fail "'$2' unexpectedly in $1"
}
assert_matches() {  # FILE REGEX
  grep -qE -- "$2" "$1" || { echo "--- $1:" >&2; head -c 3000 "$1" >&2; fail "/$2/ not in $1"; }
}

# A minimal site in $1 using the repository's default theme. It passes the
# standards checker: contact channels, the required footer pages, and an
# English home page for the language switch.
make_site() {
  local dir=$1
  mkdir -p "$dir/site-config" "$dir/content/articles" "$dir/content/en" "$dir/themes"
  cp -r "$REPO/themes/default" "$dir/themes/"
  cat >"$dir/site-config/site.yaml" <<'YAML'
title: ศูนย์ความรู้ทดสอบ
title_en: Test Knowledge Centre
office: สำนักงานทดสอบ
base_url: https://km.example.go.th/
contact: {phone: "0 2000 0000", email: km@example.go.th}
sections:
  articles: {kind: article, title: บทความ}
menus:
  main:
    - {name: หน้าแรก, name_en: Home, url: /}
YAML
  conforming_footer_menu >>"$dir/site-config/site.yaml"
  write_conforming_pages "$dir/content" หน้าแรก ยินดีต้อนรับ
  cat >"$dir/content/articles/first.md" <<'MD'
---
title: บทความแรก
tags: [ทดสอบ]
---
## หัวข้อ

เนื้อหา
MD
}

# Hash of every file under a directory, to prove it did not change.
tree_hash() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum); }
