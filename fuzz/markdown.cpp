// A page body through the Markdown passes with every GFM extension: the limits
// guard, cmark-gfm, heading ids and flowcharts, then the HTML with captions,
// alignment classes and task labels.
#include <cstddef>
#include <cstdint>
#include <string>

#include "content/internal.h"

using namespace kmsite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string body(reinterpret_cast<const char*>(data), size);
    // The build refuses invalid UTF-8 before Markdown sees it.
    if (find_invalid_utf8(body)) return -1;
    Diagnostics diagnostics;
    if (!content::check_markdown_limits(body, "content/a.md", 4, diagnostics)) return 0;
    content::Page page;
    page.source_path = "content/a.md";
    page.lang = size > 0 && data[0] % 2 ? "en" : "th";
    auto doc = content::parse_markdown(body);
    content::prepare_document(doc.get(), page, size > 1 && data[1] % 2, 4, diagnostics);
    content::render_html(doc.get(), page);
    return 0;
}
