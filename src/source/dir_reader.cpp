#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "source/internal.h"

namespace kmsite::source {

namespace fs = std::filesystem;

namespace {

bool ignored_name(const std::string& name) {
    return name.empty() || name[0] == '.' || name.back() == '~';
}

struct DirWalk {
    fs::path root;  // canonical site root
    SourceTree& tree;
    Diagnostics& diagnostics;
    std::set<fs::path> visiting;  // canonical directories on the current path (cycle guard)

    void read_file_at(const fs::path& real, const std::string& rel) {
        auto data = read_file(real.string());
        if (!data) {
            diagnostics.error(rel, 0, 0, "source-unreadable", "cannot read file");
            return;
        }
        struct stat st;
        SourceFile f;
        f.path = rel;
        f.data = std::move(*data);
        if (stat(real.c_str(), &st) == 0) f.lastmod = st.st_mtim.tv_sec;
        tree.files.push_back(std::move(f));
    }

    // Symlinks are followed only while they stay inside the site root.
    std::optional<fs::path> resolve(const fs::path& p, const std::string& rel, bool is_link) {
        std::error_code ec;
        fs::path real = fs::canonical(p, ec);
        if (ec) {
            diagnostics.error(rel, 0, 0, "source-broken-link",
                              "symbolic link points to a missing file");
            return std::nullopt;
        }
        if (is_link) {
            auto r = real.lexically_relative(root);
            if (r.empty() || *r.begin() == "..") {
                diagnostics.error(rel, 0, 0, "path-escape",
                                  "symbolic link leads outside the site root (to " + real.string() +
                                      "); copy the file into the site instead");
                return std::nullopt;
            }
        }
        return real;
    }

    void walk(const fs::path& dir, const std::string& rel_dir) {
        std::vector<fs::directory_entry> entries;
        std::error_code ec;
        for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
             it.increment(ec)) {
            entries.push_back(*it);
        }
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.path() < b.path(); });
        for (const auto& e : entries) {
            std::string name = e.path().filename().string();
            if (ignored_name(name)) continue;
            std::string rel = join_path(rel_dir, name);
            bool is_link = e.is_symlink(ec);
            auto real = resolve(e.path(), rel, is_link);
            if (!real) continue;
            if (fs::is_directory(*real, ec)) {
                if (!visiting.insert(*real).second) {
                    diagnostics.error(rel, 0, 0, "source-link-cycle",
                                      "symbolic link makes a directory cycle");
                    continue;
                }
                walk(*real, rel);
                visiting.erase(*real);
            } else if (fs::is_regular_file(*real, ec)) {
                read_file_at(*real, rel);
            }
        }
    }
};

}  // namespace

void read_directory(const SourceOptions& options, SourceTree& tree, Diagnostics& diagnostics) {
    DirWalk walk{fs::canonical(options.root), tree, diagnostics, {}};
    for (const auto& top : options.include) {
        fs::path dir = walk.root / top;
        std::error_code ec;
        if (!fs::exists(dir, ec)) continue;
        auto real = walk.resolve(dir, top, fs::is_symlink(dir, ec));
        if (!real) continue;
        walk.visiting.insert(*real);
        walk.walk(*real, top);
        walk.visiting.erase(*real);
    }
    std::sort(tree.files.begin(), tree.files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
}

}  // namespace kmsite::source
