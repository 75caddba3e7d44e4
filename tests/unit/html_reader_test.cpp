#include "check/html_reader.h"

#include <doctest/doctest.h>

#include <string>

using namespace kmsite::check;

namespace {

// Records events as "<tag a=v>@line", "</tag>" and "'text'".
struct Trace final : HtmlHandler {
    std::string out;
    void start(std::string_view tag, const HtmlAttributes& attributes, int line) override {
        out += "<" + std::string(tag);
        for (std::size_t i = 0; i < attributes.count; ++i)
            out += " " + attributes.list[i].first + "=" + attributes.list[i].second;
        out += ">@" + std::to_string(line);
    }
    void end(std::string_view tag) override { out += "</" + std::string(tag) + ">"; }
    void text(std::string_view text) override {
        if (text.find_first_not_of(" \n") != std::string_view::npos)
            out += "'" + std::string(text) + "'";
    }
};

std::string trace(std::string_view html) {
    Trace t;
    read_html(html, t);
    return t.out;
}

}  // namespace

TEST_CASE("tags, attributes and text in document order") {
    CHECK(trace(R"(<P Class="a b" id=x data-empty hidden>ก<B>ข</b></p>)") ==
          "<p class=a b id=x data-empty= hidden=>@1'ก'<b>@1'ข'</b></p>");
    CHECK(
        trace("<a href='/x?a=1&amp;b=2' title=\"&quot;q&quot;\">&#3585;&#x0E02;&copy;&nope;</a>") ==
        "<a href=/x?a=1&b=2 title=\"q\">@1'กข©&nope;'</a>");
    // A repeated attribute keeps its first value, as browsers do.
    CHECK(trace(R"(<img alt="one" alt="two">)") == "<img alt=one>@1</img>");
}

TEST_CASE("line numbers count from the top of the page") {
    CHECK(trace("<html>\n<body>\n\n<h1\nid=t>x</h1>") ==
          "<html>@1<body>@2<h1 id=t>@4'x'</h1></body></html>");
}

TEST_CASE("void, self-closing and unclosed elements are balanced") {
    CHECK(trace("<p>a<br>b<img src=x></p>") == "<p>@1'a'<br>@1</br>'b'<img src=x>@1</img></p>");
    // Self-closing counts in SVG only.
    CHECK(trace("<svg><path d='M0'/></svg><div/>x") ==
          "<svg>@1<path d=M0>@1</path></svg><div>@1'x'</div>");
    // An unquoted value runs to the '>', slash included (WHATWG).
    CHECK(trace("<svg><path d=M0/></svg>") == "<svg>@1<path d=M0/>@1</path></svg>");
    CHECK(trace("<ul><li>a<li>b</ul>") == "<ul>@1<li>@1'a'</li><li>@1'b'</li></ul>");
    CHECK(trace("<table><tr><th>a<td>b<tr><td>c</table>") ==
          "<table>@1<tr>@1<th>@1'a'</th><td>@1'b'</td></tr><tr>@1<td>@1'c'</td></tr></table>");
    CHECK(trace("<p>a<div>b</div>") == "<p>@1'a'</p><div>@1'b'</div>");
    CHECK(trace("<p><span>a<h2>b</h2>") == "<p>@1<span>@1'a'</span></p><h2>@1'b'</h2>");
    // A stray end tag is ignored; a late one closes what was left open.
    CHECK(trace("<div><span>a</em></div>") == "<div>@1<span>@1'a'</span></div>");
    CHECK(trace("<main><section>x") == "<main>@1<section>@1'x'</section></main>");
}

TEST_CASE("script and style are not text; title is text without markup") {
    CHECK(trace("<script>if (a<b) x='</p>'</script><style>p>a{}</style>") ==
          "<script>@1</script><style>@1</style>");
    CHECK(trace("<title>a <b> &amp; c</title>") == "<title>@1'a <b> & c'</title>");
    CHECK(trace("<script>never closed") == "<script>@1</script>");
}

TEST_CASE("comments, doctype, CDATA and stray '<' are handled") {
    CHECK(trace("<!DOCTYPE html><!-- <h1>no</h1> --><p>1 < 2</p>") == "<p>@1'1 < 2'</p>");
    CHECK(trace("<svg><text><![CDATA[x<y]]></text></svg>") == "<svg>@1<text>@1'x<y'</text></svg>");
    CHECK(trace("<p>a <!-- never closed") == "<p>@1'a '</p>");
    CHECK(trace("<p>a<") == "<p>@1'a<'</p>");
}

TEST_CASE("character references") {
    CHECK(decode_references("&lt;&gt;&amp;&nbsp;") == "<>&\u00A0");
    CHECK(decode_references("&#0;&#xD800;") == "\uFFFD\uFFFD");
    CHECK(decode_references("& &amp &#xZZ; &#1234567890;") == "& &amp &#xZZ; &#1234567890;");
}
