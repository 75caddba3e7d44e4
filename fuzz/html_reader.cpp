// The checker's HTML reader, the page rules on what it reads, and the
// vocabularies the rules parse attribute values with (lang, autocomplete,
// the viewport, a refresh), each on the whole input as one value.
#include "check/html_reader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check/internal.h"
#include "check/vocabulary.h"

using namespace kmsite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view html(reinterpret_cast<const char*>(data), size);
    check::scan_page("a/index.html", html, {});
    check::decode_references(html);
    check::language_tag_problem(html);
    check::autocomplete_problem(html);
    check::viewport_blocks_zoom(html);
    check::refresh_delay(html);
    check::effective_role(html);
    return 0;
}
