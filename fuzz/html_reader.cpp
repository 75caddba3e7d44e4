// The checker's HTML reader, and the page rules on what it reads.
#include "check/html_reader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check/internal.h"

using namespace kmsite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view html(reinterpret_cast<const char*>(data), size);
    check::scan_page("a/index.html", html, {});
    check::decode_references(html);
    return 0;
}
