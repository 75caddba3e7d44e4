// Mermaid flowcharts: parsing, then the layout and its text alternative.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/core.h"
#include "flowchart/flowchart.h"

using namespace kmsite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (find_invalid_utf8(text)) return -1;
    auto parsed = flowchart::parse_mermaid(text);
    if (auto* graph = std::get_if<flowchart::Graph>(&parsed)) {
        flowchart::draw_svg(*graph, {"f", "t", "d"});
        flowchart::describe_html(*graph);
    }
    return 0;
}
