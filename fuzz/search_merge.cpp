// `kmsite merge` reads other offices' published search indexes: untrusted
// JSON naming files and document numbers. The input is a site's index as
// four files joined by NUL bytes (meta.json, search/c-0.json, each fragment
// search/f/<group>/<doc>.json of group 0123456789abcdef, search/filter-0.json),
// written to a folder and
// merged with itself, as a host and an office would be.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "search/search.h"

namespace {

std::string make_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kmsite-fuzz-XXXXXX").string();
    std::string dir = mkdtemp(pattern.data());
    std::filesystem::create_directories(dir + "/search/f/0123456789abcdef");
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string dir = make_dir();
    std::string_view in(reinterpret_cast<const char*>(data), size);
    std::string_view parts[4];
    for (auto& part : parts) {
        std::size_t nul = in.find('\0');
        part = in.substr(0, nul);
        in = nul == std::string_view::npos ? std::string_view() : in.substr(nul + 1);
    }
    kmsite::write_file(dir + "/search/meta.json", parts[0], false);
    kmsite::write_file(dir + "/search/c-0.json", parts[1], false);
    for (int doc = 0; doc < 4; ++doc)
        kmsite::write_file(dir + "/search/f/0123456789abcdef/" + std::to_string(doc) + ".json",
                           parts[2], false);
    kmsite::write_file(dir + "/search/filter-0.json", parts[3], false);
    kmsite::Diagnostics diagnostics;
    std::size_t bytes = 0;
    kmsite::search::merge_indexes(
        {dir, dir}, 1, [&](const std::string&, std::string_view d) { bytes += d.size(); },
        diagnostics);
    return 0;
}
