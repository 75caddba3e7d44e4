// Normalising the relative paths of links and files: the result is either
// refused or a clean relative path, and normalising it again changes nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/core.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view path(reinterpret_cast<const char*>(data), size);
    auto once = kmsite::normalize_relative(path);
    // "" (the root itself, from "a/..") is a valid result that is not a path
    // one would normalise again.
    if (!once || once->empty()) return 0;
    auto twice = kmsite::normalize_relative(*once);
    if (!twice || *twice != *once) std::abort();
    if (!once->empty() && once->front() == '/') std::abort();
    // No segment of the result is ".", ".." or empty.
    for (std::size_t from = 0; from <= once->size();) {
        std::size_t end = once->find('/', from);
        if (end == std::string::npos) end = once->size();
        std::string_view segment = std::string_view(*once).substr(from, end - from);
        if (!once->empty() && (segment.empty() || segment == "." || segment == "..")) std::abort();
        from = end + 1;
    }
    return 0;
}
