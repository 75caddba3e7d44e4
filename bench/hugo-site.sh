# Sourced by the corpus scripts. commit_all DATE MESSAGE commits the whole
# tree of the current folder (a Git repository, made on first use) as of
# DATE, so both tools read page dates from history.
commit_all() {
  [ -d .git ] || { git init -q -b main && git config user.email bench@example.go.th && git config user.name bench; }
  git add -A && GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git commit -q --allow-empty -m "$2"
}

# write_hugo_site DIR gives the site in DIR a
# Hugo configuration and minimal templates of the shape kmsite's pages have
# (a title, the body, the last-modified date; list pages with summaries), so
# both tools build the same Markdown files.
write_hugo_site() {
mkdir -p "$1/layouts/_default"
cat > "$1/hugo.toml" <<'TOML'
baseURL = "https://bench.example.go.th/"
languageCode = "th"
title = "คลังความรู้ทดสอบ"
enableGitInfo = true
disableKinds = []
[taxonomies]
  tag = "tags"
  fiscal_year = "fiscal_year"
TOML
cat > "$1/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><a href="#main">ข้ามไปยังเนื้อหาหลัก</a><main id="main">{{ block "main" . }}{{ end }}
<p>ปรับปรุงล่าสุด <time datetime="{{ .Lastmod.Format "2006-01-02T15:04:05-07:00" }}">{{ .Lastmod.Format "2 January 2006" }}</time></p></main></body></html>
HTML
cat > "$1/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}
HTML
cat > "$1/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}
HTML
}
