// The picture cache: one folder per source content and parameters, holding
// the encoded files and a small manifest. Entries are written to a temporary
// name and renamed, so a build that stops half-way leaves no broken entry.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>

#include "images/internal.h"

namespace kmsite::images {

namespace {

constexpr const char* manifest_magic = "kmsite-images 1";

std::string manifest_text(const Picture& p) {
    std::string out = std::string(manifest_magic) + "\nsource " + std::to_string(p.width) + " " +
                      std::to_string(p.height) + "\n";
    for (const auto* list : {&p.webp, &p.fallback}) {
        for (const auto& v : *list) {
            out += std::string("variant ") + (list == &p.webp ? "webp " : "fallback ") + v.mime +
                   " " + std::to_string(v.width) + " " + std::to_string(v.height) + " " +
                   std::to_string(v.bytes) + " " + std::string(file_name(v.cache_file)) + "\n";
        }
    }
    return out;
}

bool size_is(const std::string& path, std::uint64_t bytes) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && static_cast<std::uint64_t>(st.st_size) == bytes;
}

}  // namespace

std::string entry_dir(const std::string& cache_dir, const std::string& key) {
    return cache_dir + "/" + key.substr(0, 2) + "/" + key;
}

std::optional<Picture> read_entry(const std::string& dir) {
    auto text = read_file(dir + "/manifest");
    if (!text) return std::nullopt;
    std::istringstream in(*text);
    std::string line, word;
    if (!std::getline(in, line) || line != manifest_magic) return std::nullopt;
    Picture p;
    if (!(in >> word >> p.width >> p.height) || word != "source") return std::nullopt;
    while (in >> word) {
        Variant v;
        std::string list, file;
        if (word != "variant" ||
            !(in >> list >> v.mime >> v.width >> v.height >> v.bytes >> file) ||
            (list != "webp" && list != "fallback"))
            return std::nullopt;
        v.cache_file = dir + "/" + file;
        // A file removed or cut short by hand makes the whole entry stale.
        if (!size_is(v.cache_file, v.bytes)) return std::nullopt;
        (list == "webp" ? p.webp : p.fallback).push_back(std::move(v));
    }
    if (p.fallback.empty()) return std::nullopt;
    p.ok = true;
    return p;
}

bool write_entry(const std::string& dir, const Picture& p) {
    // The manifest goes last: an entry without one is not an entry.
    std::string tmp = dir + "/manifest.tmp." + std::to_string(::getpid());
    if (!write_file(tmp, manifest_text(p))) return false;
    return std::rename(tmp.c_str(), (dir + "/manifest").c_str()) == 0;
}

bool write_cache_file(const std::string& path, std::string_view data) {
    std::string tmp = path + ".tmp." + std::to_string(::getpid());
    if (!write_file(tmp, data)) return false;
    return std::rename(tmp.c_str(), path.c_str()) == 0;
}

const Picture* find_picture(const Pictures& pictures, const std::string& source_path) {
    auto it = pictures.find(source_path);
    return it != pictures.end() && it->second.ok ? &it->second : nullptr;
}

}  // namespace kmsite::images
