// Inputs that used to take quadratic time or memory: the behaviour that the
// linear versions must keep, and the limits that guard cmark-gfm. (Timing is
// checked by tests/pathological_tests.py; these check results.)
#include <doctest/doctest.h>

#include <string>
#include <variant>

#include "check/html_reader.h"
#include "content/internal.h"
#include "flowchart/flowchart.h"
#include "flowchart/text_wrap.h"
#include "test_util.h"

using namespace kmsite;

namespace {

content::ContentSet load_page(const std::string& body, Diagnostics& diags) {
    source::SourceTree tree;
    test::add_file(tree, "content/a.md", "---\ntitle: t\n---\n" + body);
    config::SiteConfig config;
    return content::load_content(tree, config, {false, 2}, diags);
}

std::string body_of(const content::ContentSet& set) {
    for (const auto& p : set.pages)
        if (p.rel_path == "a.md") return p.body_html;
    return "<no page>";
}

bool has_error(const Diagnostics& diags, const std::string& rule, int line, int col = 0) {
    for (const auto& d : diags.sorted())
        if (d.rule == rule && d.line == line && (col == 0 || d.col == col)) return true;
    return false;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

struct Trace final : check::HtmlHandler {
    std::string out;
    std::size_t depth = 0, max_depth = 0;
    void start(std::string_view tag, const check::HtmlAttributes& a, int) override {
        out += "<" + std::string(tag);
        for (std::size_t i = 0; i < a.count; ++i)
            out += " " + a.list[i].first + "=" + a.list[i].second;
        out += ">";
        max_depth = std::max(max_depth, ++depth);
    }
    void end(std::string_view tag) override {
        out += "</" + std::string(tag) + ">";
        --depth;
    }
    void text(std::string_view t) override { out += t; }
};

}  // namespace

TEST_CASE("repeated headings get distinct ids, suffixes skip ids already taken") {
    Diagnostics diags;
    std::string body;
    for (int i = 0; i < 3; ++i) body += "## a\n\n";
    body += "## a-2\n\n## a\n\n## a-2\n";
    auto set = load_page(body, diags);
    std::string html = body_of(set);
    // a, a-2, a-3; the literal "a-2" is taken, so it becomes a-2-2; the next "a"
    // resumes at a-4; the second literal "a-2" takes a-2-3.
    for (const char* id : {"a", "a-2", "a-3", "a-2-2", "a-4", "a-2-3"})
        CHECK(html.find("id=\"" + std::string(id) + "\"") != std::string::npos);
    CHECK(count(html, "<h2 id=") == 6);
}

TEST_CASE("task items are labelled in one pass, nested lists included") {
    Diagnostics diags;
    auto set = load_page("- [ ] one\n- [x] two\n  - [ ] three\n- plain\n\n1. [ ] four\n", diags);
    std::string html = body_of(set);
    CHECK(count(html, "<label class=\"task\">") == 4);
    CHECK(count(html, "</label>") == 4);
    CHECK(
        html.find("<label class=\"task\"><input type=\"checkbox\" disabled=\"\" /> one</label>") !=
        std::string::npos);
    // The label closes before the nested list, not around it.
    CHECK(html.find("two</label>\n<ul>") != std::string::npos);
    CHECK(html.find("<li>plain</li>") != std::string::npos);
}

TEST_CASE("aligned cells of many rows all become classes") {
    Diagnostics diags;
    std::string body = "| a | b | c |\n|:-|:-:|-:|\n";
    for (int i = 0; i < 200; ++i) body += "| x | y | z |\n";
    std::string html = body_of(load_page(body, diags));
    CHECK(html.find("align=") == std::string::npos);
    CHECK(count(html, "<td class=\"align-left\">x</td>") == 200);
    CHECK(count(html, "<td class=\"align-center\">y</td>") == 200);
    CHECK(count(html, "<td class=\"align-right\">z</td>") == 200);
}

TEST_CASE("Markdown limits: each quadratic shape is an error at its line and column") {
    struct Case {
        std::string body;
        const char* rule;
        int line, col;
    };
    std::string many_images;
    for (int i = 0; i < 1001; ++i) many_images += "![[]()";
    std::string emphasis;
    for (int i = 0; i < 1001; ++i) emphasis += "*a _b ";
    std::string wide = "intro\n\n|";
    for (int i = 0; i < 101; ++i) wide += "a|";
    std::string cdata = "x\n";
    for (int i = 0; i < 201; ++i) cdata += "a <![CDATA[";
    std::string www = "ก ";
    for (int i = 0; i < 51; ++i) www += "www._";
    std::string deep = "text\n\n" + std::string(33, '>') + " a\n";
    std::string lists;
    for (int i = 0; i < 33; ++i) lists += "- ";
    const Case cases[] = {
        {many_images, "markdown-image-openers", 4, 6001},
        {emphasis, "markdown-emphasis-runs", 4, 6001},
        {wide, "markdown-table-columns", 6, 203},
        {cdata, "markdown-html-openers", 5, 2203},
        {www, "markdown-autolink-run", 4, 253},
        {deep, "markdown-nesting", 6, 1},
        {lists + "x\n", "markdown-nesting", 4, 1},
        {std::string(content::max_markdown_bytes + 1, 'a'), "markdown-too-large", 4, 1},
    };
    for (const auto& c : cases) {
        CAPTURE(c.rule);
        Diagnostics diags;
        auto set = load_page(c.body, diags);
        CHECK(has_error(diags, c.rule, c.line, c.col));
        CHECK(diags.error_count() == 1);
        CHECK(body_of(set) == "<no page>");
    }
}

TEST_CASE("Markdown limits: counts restart at blank lines; code and escapes do not count") {
    std::string ok;
    for (int p = 0; p < 5; ++p) {
        for (int i = 0; i < 900; ++i) ok += "![a](x.png) *b* ";
        ok += "\n\n";
    }
    // Inside a fence nothing is inline-parsed.
    ok += "```\n";
    for (int i = 0; i < 3000; ++i) ok += "<?php *x* | ";
    ok += "\n```\n\n";
    for (int i = 0; i < 3000; ++i) ok += "\\*";
    ok += "\n\n" + std::string(32, '>') + " deep enough\n";
    Diagnostics diags;
    source::SourceTree tree;
    test::add_file(tree, "content/a.md", "---\ntitle: t\n---\n" + ok);
    CHECK(content::check_markdown_limits(ok, "content/a.md", 4, diags));
    CHECK(diags.error_count() == 0);
}

TEST_CASE("HTML reader: a link inside a link closes the outer one") {
    Trace t;
    std::string html;
    for (int i = 0; i < 1000; ++i) html += "<a href=x>t";
    check::read_html(html, t);
    CHECK(t.max_depth == 1);
    CHECK(count(t.out, "<a href=x>t</a>") == 1000);
    Trace u;
    check::read_html("<a href=1><b>x<a href=2>y</a></b>", u);
    CHECK(u.out == "<a href=1><b>x</b></a><a href=2>y</a>");
}

TEST_CASE("HTML reader: nesting is bounded, stray end tags are ignored") {
    Trace t;
    std::string html;
    for (int i = 0; i < 2000; ++i) html += "<div>";
    html += "x";
    for (int i = 0; i < 1000; ++i) html += "</span><br/>";
    check::read_html(html, t);
    CHECK(t.max_depth == 513);  // 512 open, and a void element inside the deepest
    CHECK(t.depth == 0);
    CHECK(count(t.out, "<div>") == 2000);
    CHECK(count(t.out, "</div>") == 2000);
    CHECK(count(t.out, "<br></br>") == 1000);
    // Self-closing counts inside deep SVG too.
    Trace s;
    check::read_html("<svg><g><g><path/><path/></g></g></svg>", s);
    CHECK(s.out == "<svg><g><g><path></path><path></path></g></g></svg>");
}

TEST_CASE("HTML reader: many attributes keep the first of each name") {
    std::string html = "<p";
    for (int i = 0; i < 100; ++i) html += " a" + std::to_string(i) + "=" + std::to_string(i);
    for (int i = 0; i < 100; ++i) html += " a" + std::to_string(i) + "=dup";
    html += " last=1>";
    Trace t;
    check::read_html(html, t);
    CHECK(t.out.find("dup") == std::string::npos);
    CHECK(t.out.find(" a99=99 last=1>") != std::string::npos);
    CHECK(count(t.out, "=") == 101);
    // The next tag starts with a fresh set of names.
    Trace u;
    check::read_html(html + "<i a5=x>", u);
    CHECK(u.out.find("<i a5=x>") != std::string::npos);
}

TEST_CASE("HTML reader: references need their ';' within 12 bytes") {
    CHECK(check::decode_references(std::string(5000, '&')) == std::string(5000, '&'));
    CHECK(check::decode_references("&amp;&&lt;&#3585;") == "&&<ก");
    CHECK(check::decode_references("&aaaaaaaaaaaa;") == "&aaaaaaaaaaaa;");
}

TEST_CASE("flowchart: long unbreakable labels wrap at clusters, all text kept") {
    std::string label;
    for (int i = 0; i < 3000; ++i) label += "ก่";
    auto lines = flowchart::wrap(label, 232);
    std::string joined;
    for (const auto& l : lines) {
        CHECK(flowchart::text_width(l) <= 232);
        joined += l;
    }
    CHECK(joined == label);
    CHECK(lines.size() >= 3000 / 25);
}

TEST_CASE("flowchart: many steps and skips; too many steps is an error") {
    std::string text = "graph TD\n";
    for (int i = 0; i < 400; ++i)
        text += "S" + std::to_string(i) + " --> S" + std::to_string(i + 1) + "\nS" +
                std::to_string(i) + " -->|ข้าม| S" + std::to_string(i + 2) + "\n";
    auto parsed = flowchart::parse_mermaid(text);
    REQUIRE(std::holds_alternative<flowchart::Graph>(parsed));
    const auto& g = std::get<flowchart::Graph>(parsed);
    std::string steps = flowchart::describe_html(g);
    CHECK(count(steps, "<li>") == 402);
    CHECK(count(steps, "ถ้าข้าม ไปที่") == 400);
    std::string svg = flowchart::draw_svg(g, {"f", "t", "d"});
    CHECK(count(svg, "class=\"fc-edge\"") == 800);
    std::string big = "graph TD\n";
    for (int i = 0; i < 600; ++i)
        big += "S" + std::to_string(i) + " --> S" + std::to_string(i + 1) + "\n";
    auto failed = flowchart::parse_mermaid(big);
    REQUIRE(std::holds_alternative<flowchart::ParseError>(failed));
    CHECK(std::get<flowchart::ParseError>(failed).line == 501);
    CHECK(std::get<flowchart::ParseError>(failed).message.find("at most 500 steps") !=
          std::string::npos);
}

TEST_CASE("flowchart: columns of many statements on one line") {
    std::string text = "graph TD\n";
    for (int i = 0; i < 100; ++i) text += "A;";
    text += "ก ไม่ใช่";
    auto parsed = flowchart::parse_mermaid(text);
    REQUIRE(std::holds_alternative<flowchart::ParseError>(parsed));
    CHECK(std::get<flowchart::ParseError>(parsed).line == 2);
    CHECK(std::get<flowchart::ParseError>(parsed).col == 201);
}
