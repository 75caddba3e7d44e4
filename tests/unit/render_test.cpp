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
    CHECK(html.find("<script src=\"/js/display.js\"></script>") != std::string::npos);
    CHECK(html.find("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\"") !=
          std::string::npos);
}
