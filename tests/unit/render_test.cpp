#include <doctest/doctest.h>

#include <regex>

#include "render/internal.h"
#include "test_util.h"

using namespace kmsite;

namespace {

// The real default theme, read the way a build reads it.
source::SourceTree default_theme() {
    Diagnostics diags;
    source::SourceOptions options;
    options.root = KMSITE_SOURCE_DIR;
    options.include = {"themes"};
    options.dated = {};
    return source::load_source(options, diags);
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
        ++n;
    return n;
}

}  // namespace

TEST_CASE("partials are spliced in at load time; missing ones are errors with lines") {
    source::SourceTree tree;
    test::add_file(tree, "themes/t/templates/partials/hello.mustache", "สวัสดี {{name}}");
    test::add_file(tree, "themes/t/templates/page.mustache", "<p>{{> hello}}</p>\n{{> nothing}}");
    Diagnostics diags;
    auto theme = render::load_theme(tree, "t", diags);
    CHECK(theme.sources.at("page") == "<p>สวัสดี {{name}}</p>\n");
    bool missing_partial = false;
    for (const auto& d : diags.sorted()) {
        if (d.rule == "theme-partial-missing") {
            missing_partial = true;
            CHECK(d.line == 2);
        }
    }
    CHECK(missing_partial);
}

namespace {

// The published name of a theme's static file ("" when it has none).
std::string url_of(const render::Theme& theme, const std::string& name) {
    for (const auto& f : theme.statics)
        if (f.name == name) return f.url;
    return "";
}

render::Theme asset_theme(const std::string& css, const std::string& font) {
    source::SourceTree tree;
    test::add_file(tree, "themes/t/templates/page.mustache",
                   "<link href=\"{{#asset}}css/site.css{{/asset}}\"><img src=\"{{#asset}}logo.png{{/asset}}\">");
    test::add_file(tree, "themes/t/static/css/site.css", css);
    test::add_file(tree, "themes/t/static/fonts/Loma.woff", font);
    test::add_file(tree, "themes/t/static/logo.png", "png");
    Diagnostics diags;
    auto theme = render::load_theme(tree, "t", diags);
    for (const auto& d : diags.sorted()) CHECK(d.rule != "theme-asset-missing");
    return theme;
}

}  // namespace

// Issue #14 item 2: CSS, JS and fonts are published under names that change
// when, and only when, their bytes do, so servers may cache them for a year.
TEST_CASE("theme CSS, JS and fonts get content-hashed names; templates name them by plain path") {
    const std::string css = "@font-face{src:url(\"../fonts/Loma.woff\") format(\"woff\")}"
                            "body{background:url(data:image/png;base64,AA==)}";
    auto theme = asset_theme(css, "font-1");
    std::string font = url_of(theme, "fonts/Loma.woff");
    std::string sheet = url_of(theme, "css/site.css");
    CHECK(std::regex_match(font, std::regex("fonts/Loma\\.[0-9a-f]{16}\\.woff")));
    CHECK(std::regex_match(sheet, std::regex("css/site\\.[0-9a-f]{16}\\.css")));
    CHECK(url_of(theme, "logo.png") == "logo.png");  // pictures keep their names
    // The stylesheet names the hashed font, relative as it was; data: URLs stay.
    const render::StaticFile* f = nullptr;
    for (const auto& s : theme.statics)
        if (s.name == "css/site.css") f = &s;
    REQUIRE(f);
    REQUIRE(f->data);
    CHECK(f->data->find("url(\"../" + font + "\")") != std::string::npos);
    CHECK(f->data->find("url(data:image/png;base64,AA==)") != std::string::npos);
    CHECK(theme.sources.at("page") == "<link href=\"" + sheet + "\"><img src=\"logo.png\">");

    // Same bytes, same names: a rebuild does not change a URL.
    auto again = asset_theme(css, "font-1");
    CHECK(url_of(again, "css/site.css") == sheet);
    CHECK(url_of(again, "fonts/Loma.woff") == font);
    // A new font is a new font name, and so a new stylesheet name too
    // (the stylesheet's bytes name the font).
    auto new_font = asset_theme(css, "font-2");
    CHECK(url_of(new_font, "fonts/Loma.woff") != font);
    CHECK(url_of(new_font, "css/site.css") != sheet);
    // A new stylesheet leaves the font's name alone.
    auto new_css = asset_theme(css + "p{}", "font-1");
    CHECK(url_of(new_css, "css/site.css") != sheet);
    CHECK(url_of(new_css, "fonts/Loma.woff") == font);
}

TEST_CASE("an {{#asset}} naming no static file is an error at its line") {
    source::SourceTree tree;
    test::add_file(tree, "themes/t/templates/page.mustache",
                   "<p>\n<script src=\"{{#asset}}js/nothing.js{{/asset}}\"></script>");
    Diagnostics diags;
    render::load_theme(tree, "t", diags);
    bool found = false;
    for (const auto& d : diags.sorted()) {
        if (d.rule != "theme-asset-missing") continue;
        found = true;
        CHECK(d.path == "themes/t/templates/page.mustache");
        CHECK(d.line == 2);
    }
    CHECK(found);
}

TEST_CASE("the default theme renders an accessible Thai page") {
    auto tree = default_theme();
    config::SiteConfig config;
    config.title = "ศูนย์ความรู้";
    config.office = "สำนักงานทดสอบ";
    content::ContentSet set;
    content::Page p;
    p.rel_path = "a.md";
    p.source_path = "content/a.md";
    p.url = "a/";
    p.title = "การสำรองข้อมูล <สำคัญ>";
    p.lang = "th";
    p.digits = "thai";
    p.lastmod = 1795230000;  // 21 Nov 2026, 10:00 Bangkok
    p.body_html = "<h2 id=\"x\">x</h2>";
    set.pages.push_back(p);
    Diagnostics diags;
    auto site = site::build_site(config, std::move(set), diags);
    images::Pictures pictures;
    render::Renderer renderer(site, pictures, tree, 1, diags);
    REQUIRE(renderer.ok());
    const site::Document* doc = nullptr;
    for (const auto& d : site.documents)
        if (d.url == "a/") doc = &d;
    REQUIRE(doc);
    std::string html = renderer.render(*doc, 0);
    CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"th\">", 0) == 0);
    CHECK(count(html, "<h1") == 1);
    CHECK(html.find("<h1>การสำรองข้อมูล &lt;สำคัญ&gt;</h1>") != std::string::npos);
    CHECK(html.find("class=\"skip-link\" href=\"#main\"") != std::string::npos);
    CHECK(html.find("<main id=\"main\"") != std::string::npos);
    CHECK(html.find("<header") != std::string::npos);
    CHECK(html.find("<footer") != std::string::npos);
    CHECK(html.find("<nav") != std::string::npos);
    CHECK(html.find("<time datetime=\"2026-11-21\">๒๑ พฤศจิกายน ๒๕๖๙</time>") !=
          std::string::npos);
    // The page's digit style holds for the whole page, footer included.
    CHECK(html.find("© ๒๕๖๙ สำนักงานทดสอบ Government of Thailand") != std::string::npos);
    // Scripts: the JSON-LD data block, and display.js (text size and contrast
    // buttons, which stay hidden without it; the page is complete without it).
    CHECK(count(html, "<script") == 2);
    CHECK(std::regex_search(html, std::regex("<script src=\"/js/display\\.[0-9a-f]{16}\\.js\"></script>")));
    CHECK(html.find("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\"") !=
          std::string::npos);
}

namespace {

// The <meta> of a link preview property in a page, or "" when absent.
std::string meta(const std::string& html, const std::string& attribute, const std::string& name) {
    std::string open = "<meta " + attribute + "=\"" + name + "\" content=\"";
    auto at = html.find(open);
    if (at == std::string::npos) return "";
    at += open.size();
    return html.substr(at, html.find('"', at) - at);
}

struct PreviewSite {
    source::SourceTree tree = default_theme();
    site::Site site;
    images::Pictures pictures;
    Diagnostics diags;
    std::unique_ptr<render::Renderer> renderer;

    PreviewSite(bool base_url) {
        config::SiteConfig config;
        config.title = "ศูนย์ \"ความรู้\"";
        config.office = "สำนักงาน <ทดสอบ>";
        if (base_url) config::set_base_url(config, "https://km.example.go.th/");
        config.logo = "images/logo.png";
        content::ContentSet set;
        content::Page home;
        home.rel_path = "_index.md";
        home.source_path = "content/_index.md";
        home.is_home = true;
        home.title = "หน้าแรก";
        home.lang = "th";
        set.pages.push_back(home);
        content::Page p;
        p.rel_path = "a.md";
        p.source_path = "content/a.md";
        p.url = "a/";
        p.title = "ชื่อ \"อ้าง\" <script>alert(1)</script>";
        p.summary = "สรุป & <b>ตัวหนา</b>";
        p.lang = "th";
        p.image = "articles/แผนภาพ 1.png";
        set.pages.push_back(p);
        content::Page g = p;
        g.rel_path = "g.md";
        g.source_path = "content/g.md";
        g.url = "g/";
        g.title = "ภาพ";
        content::GalleryImage image;
        image.source_path = "content/g/a.png";
        image.name = "a";
        image.alt = "อินโฟกราฟิก \"ขั้นตอน\"";
        g.gallery.push_back(image);
        set.pages.push_back(g);
        std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x01\x2c\0\0\0\x64", 24);
        test::add_file(tree, "content/images/logo.png", png + std::string(5, '\0') + "CRC!");
        set.assets.push_back({"content/images/logo.png", "images/logo.png"});
        site = site::build_site(config, std::move(set), diags);
        site::choose_identity(site, tree, diags);
        images::Picture picture;
        picture.ok = true;
        picture.width = 1600;
        picture.height = 900;
        picture.fallback.push_back({1280, 720, "image/png", "g/a-1280.0123abcd.png", "", 0});
        pictures.emplace("content/g/a.png", picture);
        renderer = std::make_unique<render::Renderer>(site, pictures, tree, 1, diags);
    }
    std::string html(const std::string& url) {
        for (const auto& d : site.documents)
            if (d.url == url) return renderer->render(d, 0);
        FAIL("no document at " << url);
        return "";
    }
};

}  // namespace

TEST_CASE("link previews: OpenGraph and the X card, every value escaped") {
    PreviewSite s(true);
    REQUIRE_FALSE(s.diags.has_errors());
    std::string page = s.html("a/");
    CHECK(meta(page, "property", "og:title") ==
          "ชื่อ &quot;อ้าง&quot; &lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(page.find("<script>alert") == std::string::npos);
    CHECK(meta(page, "property", "og:description") == "สรุป &amp; &lt;b&gt;ตัวหนา&lt;/b&gt;");
    CHECK(meta(page, "property", "og:type") == "article");
    CHECK(meta(page, "property", "og:url") == "https://km.example.go.th/a/");
    // The page's own picture, its address percent-encoded (Thai, a space).
    CHECK(
        meta(page, "property", "og:image") ==
        "https://km.example.go.th/articles/%E0%B9%81%E0%B8%9C%E0%B8%99%E0%B8%A0%E0%B8%B2%E0%B8%9E%"
        "201.png");
    CHECK(meta(page, "property", "og:locale") == "th_TH");
    CHECK(meta(page, "property", "og:site_name") == "ศูนย์ &quot;ความรู้&quot;");
    CHECK(meta(page, "name", "twitter:card") == "summary_large_image");
    CHECK(meta(page, "name", "theme-color") == "#0b4f8a");
    CHECK(page.find("<link rel=\"manifest\" href=\"/manifest.webmanifest\">") != std::string::npos);
    // The logo in the header, named by the office, sized by its PNG header.
    CHECK(page.find("<img class=\"site-logo\" src=\"/logo.png\" alt=\"สำนักงาน &lt;ทดสอบ&gt;\" "
                    "width=\"300\" height=\"100\">") != std::string::npos);
    CHECK(page.find("<link rel=\"icon\" href=\"/logo.png\" type=\"image/png\">") !=
          std::string::npos);

    // A gallery shows its first picture, with its size and alt text.
    std::string gallery = s.html("g/");
    CHECK(meta(gallery, "property", "og:image") ==
          "https://km.example.go.th/g/a-1280.0123abcd.png");
    CHECK(meta(gallery, "property", "og:image:width") == "1280");
    CHECK(meta(gallery, "property", "og:image:height") == "720");
    CHECK(meta(gallery, "property", "og:image:alt") == "อินโฟกราฟิก &quot;ขั้นตอน&quot;");
    CHECK(meta(s.html("g/a/"), "property", "og:image") == meta(gallery, "property", "og:image"));

    // The home page is the website; without a picture of its own, the PNG logo.
    std::string home = s.html("");
    CHECK(meta(home, "property", "og:type") == "website");
    CHECK(meta(home, "property", "og:url") == "https://km.example.go.th/");
    CHECK(meta(home, "property", "og:image") == "https://km.example.go.th/logo.png");
    CHECK(meta(home, "property", "og:image:width") == "300");
    CHECK(meta(home, "property", "og:image:alt") == "สำนักงาน &lt;ทดสอบ&gt;");
    CHECK(meta(home, "name", "twitter:card") == "summary");  // a logo: the small card
}

TEST_CASE("without a base URL of its own a site gives no addresses to link previews") {
    PreviewSite s(false);
    REQUIRE_FALSE(s.diags.has_errors());
    std::string page = s.html("a/");
    CHECK(meta(page, "property", "og:title") != "");
    CHECK(page.find("og:url") == std::string::npos);
    CHECK(page.find("og:image") == std::string::npos);
    CHECK(meta(page, "name", "twitter:card") == "summary");
}
