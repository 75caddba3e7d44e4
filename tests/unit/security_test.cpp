// Security rules from issue #10: what a content author can make the site do.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include "compress/compress.h"
#include "content/internal.h"
#include "site/site.h"
#include "test_util.h"

using namespace kmsite;
namespace fs = std::filesystem;

namespace {

bool has_rule(const Diagnostics& diags, const std::string& rule, const std::string& path = "",
              int line = 0) {
    for (const auto& d : diags.sorted()) {
        if (d.rule == rule && (path.empty() || d.path == path) && (line == 0 || d.line == line))
            return true;
    }
    return false;
}

const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "rest";

bool asset_ok(const std::string& path, const std::string& data, Diagnostics& diags,
              bool html_files = false) {
    config::SiteConfig config;
    config.html_files = html_files;
    source::SourceFile f(path, data);
    return content::check_asset(f, config, diags);
}

void write(const fs::path& p, const std::string& data) {
    fs::create_directories(p.parent_path());
    REQUIRE(write_file(p.string(), data));
}

}  // namespace

TEST_CASE("URL schemes are read as a browser reads them") {
    CHECK(url_scheme("javascript:alert(1)") == "javascript");
    CHECK(url_scheme("JaVa\tScRi\npt:alert(1)") == "javascript");
    CHECK(url_scheme("  \x01javascript://%0Aalert(1)") == "javascript");
    CHECK(url_scheme("https://www.go.th/") == "https");
    CHECK(url_scheme("mailto:a@b.go.th") == "mailto");
    CHECK(url_scheme("../sop/a.md") == "");
    CHECK(url_scheme("/tags/") == "");
    CHECK(url_scheme("//cdn.example.com/x.js") == "");
    CHECK(url_scheme("#top") == "");
    CHECK(url_scheme("ข้อ:1.md") == "");
    CHECK(url_scheme("a/b:c") == "");
    for (const char* s : {"http", "https", "mailto", "tel"}) CHECK(allowed_link_scheme(s));
    for (const char* s : {"javascript", "vbscript", "data", "file", "ftp", ""})
        CHECK_FALSE(allowed_link_scheme(s));
    CHECK(raster_data_url("data:image/png;base64,AAAA"));
    CHECK(raster_data_url("DATA:Image/JPEG,xx"));
    CHECK_FALSE(raster_data_url("data:image/svg+xml,<svg onload=alert(1)>"));
    CHECK_FALSE(raster_data_url("data:text/html,<script>"));
    CHECK_FALSE(raster_data_url("data:image/pngx,"));
}

TEST_CASE("working tree: links only inside their own top folder, never hidden, names valid") {
    test::TempDir dir;
    write(dir.path / "site-config/site.yaml", "title: x\n");
    write(dir.path / "content/real.md", "real");
    write(dir.path / ".env", "SECRET=1");
    write(dir.path / "dotgit/config", "[remote] url = https://token@host/");
    write(dir.path / "content/.hidden.txt", "hidden");
    fs::create_symlink("real.md", dir.path / "content/alias.md");
    fs::create_symlink("../.env", dir.path / "content/env.txt");
    fs::create_symlink("../site-config/site.yaml", dir.path / "content/config.txt");
    fs::create_symlink(".hidden.txt", dir.path / "content/hidden.txt");
    fs::create_directory_symlink("../site-config", dir.path / "content/cfgdir");
    write(dir.path / "content/bad\nname.md", "x");
    write(dir.path / "content/esc\x1b[2J.md", "x");
    write(dir.path / "content/latin\xe9.md", "x");
    write(dir.path / "content/c1\xc2\x9b.md", "x");  // U+009B, a terminal escape introducer
    Diagnostics diags;
    auto tree = source::load_source({dir.str(), std::nullopt}, diags);
    REQUIRE(tree.find("content/alias.md"));
    CHECK(tree.find("content/alias.md")->data() == "real");
    for (const char* leak :
         {"content/env.txt", "content/config.txt", "content/hidden.txt", "content/cfgdir"}) {
        CHECK_FALSE(tree.find(leak));
        CHECK(has_rule(diags, "path-escape", leak));
    }
    CHECK_FALSE(tree.find("content/cfgdir/site.yaml"));
    for (const auto& f : tree.files) {
        CHECK(f.data().find("SECRET") == std::string::npos);
        CHECK(f.path.find('\n') == std::string::npos);
    }
    CHECK(has_rule(diags, "path-invalid-name", "content/bad\\nname.md"));
    CHECK(has_rule(diags, "path-invalid-name", "content/esc\\x1b[2J.md"));
    CHECK(has_rule(diags, "path-invalid-name", "content/latin\\xe9.md"));
    CHECK(has_rule(diags, "path-invalid-name", "content/c1\\u{9b}.md"));
    CHECK(tree.under("content").size() == 2);  // real.md and alias.md
}

TEST_CASE("a top folder that is a link may not be the root or another of the site's folders") {
    for (const char* target : {"site-config", ".", "themes/default", "pages"}) {
        CAPTURE(target);
        test::TempDir dir;
        write(dir.path / "site-config/site.yaml", "title: x\n");
        write(dir.path / "themes/default/t.html", "theme");
        write(dir.path / "pages/a.md", "page");
        write(dir.path / "deploy-key.txt", "PRIVATE KEY");
        fs::create_directory_symlink(target, dir.path / "content");
        Diagnostics diags;
        auto tree = source::load_source({dir.str(), std::nullopt}, diags);
        if (std::string(target) == "pages") {  // a plain folder of the site: allowed
            CHECK(diags.sorted().empty());
            REQUIRE(tree.find("content/a.md"));
            continue;
        }
        CHECK(has_rule(diags, "path-escape", "content"));
        CHECK(tree.under("content").empty());
        for (const auto& f : tree.files) CHECK(f.data().find("PRIVATE KEY") == std::string::npos);
    }
}

TEST_CASE("the working tree refuses a link into .git") {
    test::TempDir dir;
    write(dir.path / "site-config/site.yaml", "title: x\n");
    write(dir.path / ".git/config", "[remote] url = https://token@host/");
    fs::create_directories(dir.path / "content");
    fs::create_symlink("../.git/config", dir.path / "content/notes.txt");
    Diagnostics diags;
    auto tree = source::load_source({dir.str(), std::nullopt}, diags);
    CHECK_FALSE(tree.find("content/notes.txt"));
    CHECK(has_rule(diags, "path-escape", "content/notes.txt"));
}

TEST_CASE("Markdown fields get the body's safe rendering and link checks") {
    source::SourceTree tree;
    test::add_file(tree, "content/g/chart.png", png);
    test::add_file(tree, "content/g/other.md", "---\ntitle: อื่น\n---\nเนื้อหา\n");
    test::add_file(tree, "content/g/index.md",
                   "---\n"
                   "title: แกลเลอรี\n"
                   "kind: gallery\n"
                   "images:\n"
                   "  - file: chart.png\n"
                   "    alt: แผนภูมิงบประมาณปี 2567 แยกตามโครงการ\n"
                   "    description: \"[x](javascript://%0Aalert(1)) [y](other.md) <img src=x "
                   "onerror=alert(2)>\"\n"
                   "---\n"
                   "body\n");
    config::SiteConfig config;
    config.raw_html = true;  // even so, a field never carries raw HTML
    Diagnostics diags;
    auto set = content::load_content(tree, config, {false, 2}, diags);
    CHECK(has_rule(diags, "link-unsafe", "content/g/index.md", 7));
    const content::Page* gallery = nullptr;
    for (const auto& p : set.pages)
        if (p.rel_path == "g/index.md") gallery = &p;
    REQUIRE(gallery);
    REQUIRE(gallery->gallery.size() == 1);
    const auto& html = gallery->gallery[0].description_html;
    CHECK(html.find("javascript") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("&lt;img") != std::string::npos);
    CHECK(html.find("href=\"/g/other/\"") != std::string::npos);  // resolved like the body
}

TEST_CASE("Markdown fields are bounded like page bodies before cmark-gfm parses them") {
    source::SourceTree tree;
    test::add_file(tree, "content/g/chart.png", png);
    std::string openers;
    for (int i = 0; i < 5000; ++i) openers += "![[]()";
    test::add_file(tree, "content/g/index.md",
                   "---\ntitle: แกลเลอรี\nkind: gallery\nimages:\n  - file: chart.png\n"
                   "    alt: แผนภูมิงบประมาณปี 2567 แยกตามโครงการ\n    infographic: true\n"
                   "    description: \"" +
                       openers + "\"\n---\nbody\n");
    Diagnostics diags;
    auto set = content::load_content(tree, config::SiteConfig{}, {false, 1}, diags);
    CHECK(has_rule(diags, "markdown-image-openers", "content/g/index.md", 8));
    for (const auto& p : set.pages)
        for (const auto& image : p.gallery) CHECK(image.description_html.empty());
}

TEST_CASE("body links: schemes hidden by tabs or entities are refused too") {
    source::SourceTree tree;
    test::add_file(tree, "content/a.md",
                   "---\ntitle: a\n---\n\n[1](java&#9;script:alert(1))\n\n[2](<  "
                   "JAVASCRIPT:alert(1)>)\n\n[3](data:text/html,x)\n\n![4](data:image/png;base64,"
                   "AAAA)\n\n[5](vbscript:x)\n");
    Diagnostics diags;
    auto set = content::load_content(tree, config::SiteConfig{}, {false, 1}, diags);
    for (int line : {5, 7, 9, 13}) CHECK(has_rule(diags, "link-unsafe", "content/a.md", line));
    CHECK_FALSE(has_rule(diags, "link-unsafe", "content/a.md", 11));
    REQUIRE(set.pages.size() == 1);
    CHECK(set.pages[0].body_html.find("script:") == std::string::npos);
    CHECK(set.pages[0].body_html.find("data:text") == std::string::npos);
}

TEST_CASE("menu URLs: only http, https, mailto, tel and site paths") {
    config::SiteConfig config;
    int line = 10;
    for (const char* url : {"javascript://%0Aalert(1)", "JavaScript:alert(1)",
                            "data:text/html,<script>alert(1)</script>", "vbscript:x",
                            "https://www.go.th/", "mailto:km@x.go.th", "/about/"}) {
        config::MenuItem item;
        item.name = "x";
        item.url = url;
        item.line = line++;
        config.menus["main"].push_back(item);
    }
    Diagnostics diags;
    auto site = site::build_site(config, {}, diags);
    site::check_menu_urls(site, diags);
    for (int l = 10; l < 14; ++l) CHECK(has_rule(diags, "menu-url-unsafe", config.path, l));
    // The site has no /about/ page: a menu link on every page to nowhere.
    CHECK(has_rule(diags, "menu-url-missing", config.path, 16));
    CHECK(diags.error_count() == 5);
    REQUIRE(site.menus["main"].size() == 3);
    for (const auto& e : site.menus["main"]) {
        CHECK(e.href.find("script") == std::string::npos);
        CHECK(e.href.find("data:") == std::string::npos);
    }
}

TEST_CASE("output claims: one owner per file, both named on a conflict") {
    site::OutputClaims claims;
    Diagnostics diags;
    CHECK(claims.claim("css/site.css", "themes/default/static/css/site.css", diags));
    CHECK_FALSE(claims.claim("css/site.css", "content/css/site.css", diags));
    REQUIRE(diags.error_count() == 1);
    auto d = diags.sorted()[0];
    CHECK(d.path == "content/css/site.css");
    CHECK(d.rule == "url-conflict");
    CHECK(d.message.find("themes/default/static/css/site.css") != std::string::npos);
    CHECK(*claims.owner("css/site.css") == "themes/default/static/css/site.css");

    CHECK(claims.claim_pattern("search/", ".json", "the search index", diags));
    CHECK_FALSE(claims.claim("search/meta.json", "content/search/meta.json", diags));
    CHECK(claims.claim("search/index.html", "the search page", diags));
    CHECK(*claims.owner("search/c-1234.json") == "the search index");
    CHECK(claims.owner("nobody.txt") == nullptr);

    CHECK(claims.claim("plan/x.csv", "content/plan/x.csv", diags));
    CHECK(claims.take_over("plan/x.csv", "content/plan/x.csv", "open data", diags));
    CHECK(*claims.owner("plan/x.csv") == "open data");

    CHECK(claims.claim("docs", "content/docs", diags));  // a file where a folder is needed
    CHECK_FALSE(claims.claim("docs/index.html", "content/docs/index.md", diags));
    CHECK(diags.error_count() == 3);

    CHECK(claims.claim("img/A.png", "content/img/A.png", diags));
    CHECK(claims.claim("img/a.png", "content/img/a.png", diags));
    CHECK(diags.warning_count() == 1);
    CHECK(has_rule(diags, "url-case-conflict", "content/img/a.png"));
}

TEST_CASE("output claims: a compressed copy's name belongs to the build, not to content") {
    site::OutputClaims claims;
    Diagnostics diags;
    auto text = [](std::string_view path) { return compress::compressible(path); };
    auto copy_of = [](const std::string& file) { return "the copy of " + file; };
    CHECK(claims.claim("css/site.css", "themes/default/static/css/site.css", diags));
    CHECK(claims.claim("docs/report.csv.gz", "content/docs/report.csv.gz", diags));
    CHECK(claims.claim("docs/report.csv", "content/docs/report.csv", diags));
    CHECK(claims.claim("docs/photo.png", "content/docs/photo.png", diags));
    CHECK(claims.claim("A.txt", "content/A.txt", diags));
    CHECK(claims.claim("a.txt", "content/a.txt", diags));
    CHECK(claims.claim_pattern("search/", ".json", "the search index", diags));
    CHECK(claims.claim("search/old.json.br", "content/search/old.json.br", diags));
    REQUIRE(diags.warning_count() == 1);  // A.txt and a.txt
    claims.claim_alongside(text, {".gz", ".br"}, copy_of, diags);
    // The author's report.csv.gz beside report.csv, and a name the search
    // index's copies take: conflicts at the author's files.
    CHECK(diags.error_count() == 2);
    CHECK(has_rule(diags, "url-conflict", "content/docs/report.csv.gz"));
    CHECK(has_rule(diags, "url-conflict", "content/search/old.json.br"));
    CHECK(*claims.owner("css/site.css.br") == "the copy of /css/site.css");
    CHECK(*claims.owner("search/c-1.json.gz") == "the copy of /search/*.json");
    CHECK(claims.owner("docs/photo.png.gz") == nullptr);  // pictures get no copies
    CHECK(diags.warning_count() == 1);                    // not again for the copies' names
}

TEST_CASE("content cannot take the place of generated files") {
    config::SiteConfig config;
    content::ContentSet set;
    for (const char* url : {"robots.txt", "sitemap.xml", "sitemap-1.xml", "search/meta.json",
                            "index.xml", "atom.xml", "404.html"}) {
        set.assets.push_back({std::string("content/") + url, url});
    }
    set.assets.push_back({"content/notes.txt", "notes.txt"});
    Diagnostics diags;
    auto site = site::build_site(config, std::move(set), diags);
    CHECK(diags.error_count() == 7);
    for (const char* url : {"robots.txt", "sitemap.xml", "sitemap-1.xml", "search/meta.json",
                            "index.xml", "atom.xml", "404.html"}) {
        CHECK(has_rule(diags, "url-conflict", std::string("content/") + url));
    }
    CHECK(*site.outputs.owner("notes.txt") == "content/notes.txt");
}

TEST_CASE("SVG is checked: no script, handlers, external references or entities") {
    const std::string head =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        "xmlns:xlink=\"http://www.w3.org/1999/xlink\">";
    auto svg = [&](const std::string& inner) { return head + inner + "</svg>"; };
    {
        Diagnostics diags;
        CHECK(asset_ok("content/a.svg",
                       "<?xml version=\"1.0\"?>\n" +
                           svg("<defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\" "
                               "style=\"fill:url('#g')\"/><use xlink:href=\"#g\"/><a "
                               "href=\"https://www.go.th/\"><text>ok</text></a><image "
                               "href=\"data:image/png;base64,AAAA\"/>"),
                       diags));
        CHECK(diags.error_count() == 0);
    }
    for (const std::string& bad :
         {svg("\n<script>alert(1)</script>"), svg("\n<rect onload=\"alert(1)\"/>"),
          svg("\n<rect ONCLICK=\"alert(1)\"/>"), svg("\n<a href=\"javascript:alert(1)\"/>"),
          svg("\n<a xlink:href=\" JAVASCRIPT:alert(1)\"/>"),
          svg("\n<image href=\"https://tracker.example/x.png\"/>"),
          svg("\n<use href=\"other.svg#x\"/>"), svg("\n<foreignObject><p>x</p></foreignObject>"),
          svg("\n<style>@import url(https://x/y.css);</style>"),
          svg("\n<style><![CDATA[rect{fill:url(https://x/y)}]]></style>"),
          svg("\n<rect style=\"background:u\\72l(https://x)\"/>"),
          svg("\n<set attributeName=\"href\" to=\"javascript:alert(1)\"/>"),
          svg("\n<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">alert(1)</h:script>"),
          svg("\n<g xmlns:h=\"http://www.w3.org/1999/xhtml\"/>"),
          "<!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;alert(1)&#60;/script&#62;\">]>\n" +
              svg("&x;"),
          "<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?>\n" + svg("")}) {
        Diagnostics diags;
        CHECK_FALSE(asset_ok("content/a.svg", bad, diags));
        CHECK(has_rule(diags, "asset-svg-unsafe", "content/a.svg"));
        auto all = diags.sorted();
        REQUIRE(all.size() == 1);
        CHECK(all[0].line >= 1);
    }
    Diagnostics diags;
    CHECK_FALSE(asset_ok("content/b.svg", "<svg><unclosed></svg>", diags));
    CHECK_FALSE(asset_ok("content/c.svg", "<html><script>x</script></html>", diags));
    CHECK_FALSE(asset_ok("content/d.svgz", "\x1f\x8b", diags));
    CHECK(has_rule(diags, "asset-svg-invalid", "content/b.svg"));
    CHECK(has_rule(diags, "asset-svg-invalid", "content/c.svg"));
    CHECK(has_rule(diags, "asset-svg-unsafe", "content/d.svgz"));
}

TEST_CASE("HTML and active XML files are refused unless the site opts in") {
    for (const char* name :
         {"content/a.html", "content/b.HTM", "content/c.xhtml", "content/d.shtml"}) {
        Diagnostics diags;
        CHECK_FALSE(asset_ok(name, "<script>alert(1)</script>", diags));
        CHECK(has_rule(diags, "asset-html", name));
        Diagnostics allowed;
        CHECK(asset_ok(name, "<p>x</p>", allowed, true));
    }
    Diagnostics diags;
    CHECK_FALSE(asset_ok("content/a.xml", "<?xml-stylesheet href=\"t.xsl\"?><r/>", diags));
    CHECK_FALSE(
        asset_ok("content/b.xml", "<r><h xmlns=\"http://www.w3.org/1999/xhtml\"/></r>", diags));
    CHECK_FALSE(asset_ok("content/c.xsl", "<x/>", diags));
    CHECK(diags.error_count() == 3);
    CHECK(has_rule(diags, "asset-xml-active", "content/a.xml"));
    CHECK(has_rule(diags, "asset-xml-active", "content/b.xml"));
    CHECK(has_rule(diags, "asset-xml-active", "content/c.xsl"));
    Diagnostics plain;
    CHECK(asset_ok("content/data.xml", "<rows><row a=\"1\"/></rows>", plain));
    CHECK(asset_ok("content/feed.rss", "<rss><channel><title>ข่าว</title></channel></rss>", plain));
    CHECK(plain.error_count() == 0);

    // Every type a browser opens as XML is checked, not only .xml.
    const std::string xhtml_script =
        "<x:html xmlns:x=\"http://www.w3.org/1999/xhtml\"><x:script>alert(1)</x:script></x:html>";
    for (const char* name : {"content/feed.rss", "content/f.atom", "content/f.rdf", "content/f.xsd",
                             "content/f.kml", "content/f.XUL"}) {
        Diagnostics active;
        CHECK_FALSE(asset_ok(name, xhtml_script, active));
        CHECK(has_rule(active, "asset-xml-active", name));
    }
    // What tinyxml2 cannot read (UTF-16, which browsers decode) is refused.
    std::string utf16 = "\xFF\xFE";
    for (char c : xhtml_script) {
        utf16 += c;
        utf16 += '\0';
    }
    Diagnostics unreadable;
    CHECK_FALSE(asset_ok("content/u16.xml", utf16, unreadable));
    CHECK_FALSE(asset_ok("content/broken.rss", "<rss><channel>", unreadable));
    CHECK(has_rule(unreadable, "asset-xml-invalid", "content/u16.xml"));
    CHECK(has_rule(unreadable, "asset-xml-invalid", "content/broken.rss"));
}

TEST_CASE("pictures and PDFs must be what their extension says") {
    Diagnostics diags;
    CHECK(asset_ok("content/a.png", png, diags));
    CHECK(asset_ok("content/a.JPG", "\xFF\xD8\xFF\xE0rest", diags));
    CHECK(asset_ok("content/a.gif", "GIF89a....", diags));
    CHECK(asset_ok("content/a.webp", std::string("RIFF\x10\0\0\0WEBPVP8 ", 16), diags));
    CHECK(asset_ok("content/a.pdf", "%PDF-1.7\n", diags));
    CHECK(asset_ok("content/notes.txt", "<script>plain text</script>", diags));
    CHECK(diags.error_count() == 0);
    CHECK_FALSE(asset_ok("content/x.png", "<svg onload=alert(1)></svg>", diags));
    CHECK_FALSE(asset_ok("content/y.png", "%PDF-1.4\n", diags));
    CHECK_FALSE(asset_ok("content/z.jpg", png, diags));
    CHECK_FALSE(asset_ok("content/w.pdf", "<html><script>alert(1)</script>", diags));
    for (const char* p : {"content/x.png", "content/y.png", "content/z.jpg", "content/w.pdf"})
        CHECK(has_rule(diags, "asset-type-mismatch", p));
}

TEST_CASE("every triple-mustache value in the default theme is HTML from a safe renderer") {
    // Each of these is built by code that escapes author text: body/intro by
    // the Markdown renderer (raw HTML escaped, links checked), description_html
    // and item_html (an SOP's forms and references) by render_field, flowchart/steps_list by the
    // flowchart's XML escaping, json_ld by json_string (which writes "<" as \u003c), content by the
    // templates themselves. A new {{{value}}} must be added here on purpose.
    const std::set<std::string> safe = {
        "body",    "intro",   "flowchart", "steps_list", "description_html",
        "json_ld", "content", "item_html"};
    std::regex triple(R"(\{\{\{\s*([^}\s]+)\s*\}\}\}|\{\{&\s*([^}\s]+)\s*\}\})");
    int seen = 0;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(KMSITE_SOURCE_DIR) /
                                                          "themes/default/templates")) {
        if (!e.is_regular_file()) continue;
        auto text = read_file(e.path().string());
        REQUIRE(text);
        for (auto it = std::sregex_iterator(text->begin(), text->end(), triple);
             it != std::sregex_iterator(); ++it) {
            std::string name = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str();
            INFO(e.path().string() << ": {{{" << name << "}}}");
            CHECK(safe.count(name) == 1);
            ++seen;
        }
    }
    CHECK(seen >= 7);
}

TEST_CASE("a logo SVG is refused at the line of each hostile construct, links included") {
    // The construct is always on line 3: an editor goes straight to it.
    const std::string head =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        "xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">\n<rect/>\n";
    auto svg = [&](const std::string& inner) { return head + inner + "\n</svg>\n"; };
    const std::pair<std::string, std::string> hostile[] = {
        {"script", svg("<script>alert(1)</script>")},
        {"event handler", svg("<rect onload=\"alert(1)\"/>")},
        {"event handler, any case", svg("<g OnMouseOver=\"alert(1)\"/>")},
        {"javascript: link", svg("<a href=\"javascript:alert(1)\"><rect/></a>")},
        {"javascript: in xlink:href", svg("<a xlink:href=\" java\tscript:alert(1)\"/>")},
        {"foreignObject", svg("<foreignObject><p>x</p></foreignObject>")},
        {"picture from another site", svg("<image href=\"http://tracker.example/x.png\"/>")},
        {"file: reference", svg("<image href=\"file:///etc/passwd\"/>")},
        {"reference to another file", svg("<use xlink:href=\"other.svg#a\"/>")},
        {"link to a web page", svg("<a href=\"https://www.go.th/\"><rect/></a>")},
        {"stylesheet from another site", svg("<style>@import url(https://x/y.css);</style>")},
        {"animated href", svg("<set attributeName=\"href\" to=\"javascript:alert(1)\"/>")},
        {"entity declaration",
         "<?xml version=\"1.0\"?>\n\n<!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;\">]>\n" +
             svg("")},
    };
    for (const auto& [what, data] : hostile) {
        CAPTURE(what);
        source::SourceFile f("content/images/logo.svg", data);
        Diagnostics diags;
        CHECK_FALSE(content::check_logo_svg(f, diags).ok);
        auto all = diags.sorted();
        REQUIRE(all.size() == 1);
        CHECK(all[0].rule == "asset-svg-unsafe");
        CHECK(all[0].path == "content/images/logo.svg");
        CHECK(all[0].line == 3);
        CHECK(all[0].message.find("ให้ลบออก") != std::string::npos);  // Thai beside English
    }
    // A link to a web page is allowed in a picture of content/, not in a logo.
    Diagnostics diags;
    CHECK(asset_ok("content/a.svg", svg("<a href=\"https://www.go.th/\"><rect/></a>"), diags));
    source::SourceFile broken("content/logo.svg", "<svg>\n<g>\n</svg>");
    CHECK_FALSE(content::check_logo_svg(broken, diags).ok);
    CHECK(has_rule(diags, "asset-svg-invalid", "content/logo.svg"));
}

TEST_CASE("a logo SVG's size comes from its width and height, else its viewBox") {
    auto size = [](const std::string& attributes) {
        source::SourceFile f("content/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" " +
                                                     attributes +
                                                     "><rect width=\"1\" height=\"1\"/></svg>");
        Diagnostics diags;
        auto logo = content::check_logo_svg(f, diags);
        CHECK(logo.ok);
        return std::pair(logo.width, logo.height);
    };
    CHECK(size("width=\"120\" height=\"40px\" viewBox=\"0 0 12 4\"") == std::pair(120.0, 40.0));
    CHECK(size("width=\"100%\" height=\"100%\" viewBox=\"0,0,300,100\"") ==
          std::pair(300.0, 100.0));
    CHECK(size("viewBox=\" 5 5 64.5 32 \"") == std::pair(64.5, 32.0));
    CHECK(size("width=\"2cm\"") == std::pair(0.0, 0.0));  // no size said in pixels
}

TEST_CASE("content cannot take the names of the logo, the icon or the manifest") {
    source::SourceTree tree;
    const std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\"/>";
    test::add_file(tree, "content/images/logo.svg", svg);
    config::SiteConfig config;
    config.logo = "images/logo.svg";
    config.lines["logo"] = 4;
    content::ContentSet set;
    set.assets.push_back({"content/images/logo.svg", "images/logo.svg"});
    for (const char* url : {"logo.svg", "favicon.svg", "manifest.webmanifest"}) {
        test::add_file(tree, std::string("content/") + url, svg);
        set.assets.push_back({std::string("content/") + url, url});
    }
    Diagnostics diags;
    auto site = site::build_site(config, std::move(set), diags);
    site::choose_identity(site, tree, diags);
    CHECK(diags.error_count() == 3);
    for (const char* url : {"logo.svg", "favicon.svg", "manifest.webmanifest"})
        CHECK(has_rule(diags, "url-conflict", std::string("content/") + url));
}
