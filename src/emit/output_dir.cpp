#include <cerrno>
#include <cstring>

#include "emit/internal.h"

namespace kmsite::emit {

OutputDir::OutputDir(std::string root, Diagnostics& diagnostics)
    : root_(std::move(root)), diagnostics_(diagnostics) {}

bool OutputDir::write(const std::string& rel_path, std::string_view data) {
    auto normal = normalize_relative(rel_path);
    if (!normal || normal->empty() || *normal != rel_path) {
        diagnostics_.error(rel_path, 0, 0, "path-escape",
                           "refusing to write outside the output directory");
        return false;
    }
    if (!write_file(join_path(root_, *normal), data)) {
        diagnostics_.error(rel_path, 0, 0, "emit-write",
                           std::string("cannot write output file: ") + std::strerror(errno));
        return false;
    }
    std::lock_guard lock(mutex_);
    written_.insert(*normal);
    return true;
}

bool OutputDir::exists(const std::string& rel_path) const {
    std::lock_guard lock(mutex_);
    return written_.count(rel_path) > 0;
}

std::size_t OutputDir::count() const {
    std::lock_guard lock(mutex_);
    return written_.size();
}

std::string encode_url(const std::string& url) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : url) {
        if (c >= 0x80 || c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
            c == '`' || c == '{' || c == '|' || c == '}') {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace kmsite::emit
