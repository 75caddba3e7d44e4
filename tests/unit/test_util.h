// Helpers for unit tests: temporary directories and in-memory source trees.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "source/source.h"

namespace kmsite::test {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "kmsite-unit-XXXXXX").string();
        path = mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string str() const { return path.string(); }
};

// Writes what a stage hands over into a folder, as a build's output would be.
struct DirSink final : FileSink {
    std::string root;
    explicit DirSink(std::string r) : root(std::move(r)) {}
    void put(const std::string& path, std::string_view data) override {
        write_file(root + "/" + path, data, true);
    }
};

// Files a stage hands over from several threads at once (a search::Writer),
// kept by path.
class CollectedFiles {
  public:
    std::map<std::string, std::string> files;
    std::function<void(const std::string&, std::string_view)> writer() {
        return [this](const std::string& path, std::string_view data) {
            std::lock_guard lock(mutex_);
            files[path] = std::string(data);
        };
    }

  private:
    std::mutex mutex_;
};

inline void add_file(source::SourceTree& tree, std::string path, std::string data,
                     std::int64_t lastmod = 1700000000) {
    source::SourceFile& f = tree.files.emplace_back(std::move(path), std::move(data));
    f.lastmod = lastmod;
    f.author = "ผู้เขียน";
    f.from_git = true;
    std::sort(tree.files.begin(), tree.files.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
}

// The path of document `doc`'s search fragment, read from meta.json the way
// search.js reads it: the folder of its group (meta "groups", "group" per
// folder), then its id. "" when meta.json does not have it.
inline std::string search_fragment(const std::string& meta, std::size_t doc) {
    auto at = meta.find("\"group\":");
    auto list = meta.find("\"groups\":[");
    if (at == std::string::npos || list == std::string::npos) return "";
    std::size_t size = std::stoul(meta.substr(at + 8));
    std::size_t pos = list + 10;
    for (std::size_t g = 0; g < doc / size; ++g) {
        pos = meta.find(',', pos);
        if (pos == std::string::npos) return "";
        ++pos;
    }
    if (meta[pos] != '"') return "";
    std::string tag = meta.substr(pos + 1, meta.find('"', pos + 1) - pos - 1);
    return "search/f/" + tag + "/" + std::to_string(doc) + ".json";
}

}  // namespace kmsite::test
