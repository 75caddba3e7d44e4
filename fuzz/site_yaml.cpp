// site.yaml through the config stage's public reader.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.h"

using namespace kmsite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    source::SourceTree tree;
    auto& f = tree.files.emplace_back(
        "site-config/site.yaml", std::string(reinterpret_cast<const char*>(data), size));
    f.lastmod = 1700000000;
    Diagnostics diagnostics;
    config::load_config(tree, diagnostics);
    return 0;
}
