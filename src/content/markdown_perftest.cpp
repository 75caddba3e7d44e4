// How fast cmark-gfm alone parses and renders Markdown, on one core, with
// the options and extensions the content stage uses: the floor of the
// content stage's Markdown work.
//   build/markdown_perftest FOLDER|FILE.md...  (e.g. a corpus's content/)
// bench/floors.sh runs it over a whole corpus; not a test: no thresholds.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/perftest.h"

int main(int argc, char** argv) {
    const std::vector<std::string> texts =
        kmsite::perftest::markdown_inputs("markdown_perftest", argc, argv);
    const std::size_t bytes = kmsite::perftest::total_bytes(texts);
    // As src/content/markdown.cpp: footnotes, UTF-8 validation, the five
    // GFM extensions (front matter is parsed as Markdown here: a few lines).
    const int parse_options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;
    const int render_options = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES;
    cmark_gfm_core_extensions_ensure_registered();
    cmark_llist* extensions = nullptr;
    for (const char* name : {"table", "strikethrough", "autolink", "tagfilter", "tasklist"})
        extensions = cmark_llist_append(cmark_get_default_mem_allocator(), extensions,
                                        cmark_find_syntax_extension(name));

    auto start = std::chrono::steady_clock::now();
    std::size_t html_bytes = 0;
    for (const auto& t : texts) {
        cmark_parser* parser = cmark_parser_new(parse_options);
        for (cmark_llist* l = extensions; l; l = l->next)
            cmark_parser_attach_syntax_extension(parser,
                                                 static_cast<cmark_syntax_extension*>(l->data));
        cmark_parser_feed(parser, t.data(), t.size());
        cmark_node* doc = cmark_parser_finish(parser);
        char* html = cmark_render_html(doc, render_options, extensions);
        html_bytes += std::char_traits<char>::length(html);
        std::free(html);
        cmark_node_free(doc);
        cmark_parser_free(parser);
    }
    double seconds = kmsite::perftest::seconds_since(start);
    std::printf("%-34s %8.1f MB -> %6.1f MB HTML %7.3f s %7.1f MB/s\n",
                "cmark-gfm parse + render alone", bytes / 1e6, html_bytes / 1e6, seconds,
                bytes / 1e6 / seconds);
}
