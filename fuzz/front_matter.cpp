// A whole page through the content stage, as a build reads it: front matter
// split, YAML through config's typed field reader, Markdown, links, HTML.
#include <cstddef>
#include <cstdint>
#include <string>

#include "content/content.h"

using namespace kmsite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    source::SourceTree tree;
    auto& f = tree.files.emplace_back(
        "content/a.md", std::string(reinterpret_cast<const char*>(data), size));
    f.lastmod = 1700000000;
    config::SiteConfig config;
    config.sections["sop"] = {"sop", "คู่มือ", "Manuals"};
    Diagnostics diagnostics;
    content::load_content(tree, config, {false, 1}, diagnostics);
    return 0;
}
