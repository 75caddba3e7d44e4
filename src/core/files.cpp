#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/core.h"

namespace kmsite {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buf;
    buf << in.rdbuf();
    return std::move(buf).str();
}

bool make_directories(const std::string& path) {
    std::error_code ec;
    fs::create_directories(path, ec);
    return !ec;
}

bool write_file(const std::string& path, std::string_view data) {
    auto parent = fs::path(path).parent_path();
    if (!parent.empty() && !make_directories(parent.string())) return false;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    return static_cast<bool>(out.flush());
}

bool remove_tree(const std::string& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
    return !ec;
}

}  // namespace kmsite
