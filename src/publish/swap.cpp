#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/core.h"
#include "publish/publish.h"

namespace kmsite::publish {

namespace fs = std::filesystem;

namespace {

fs::path absolute_clean(const std::string& p) {
    return fs::weakly_canonical(fs::absolute(p));
}

bool inside(const fs::path& child, const fs::path& parent) {
    auto rel = child.lexically_relative(parent);
    return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

void check_output_path(const std::string& out, const std::string& site_root) {
    fs::path o = absolute_clean(out);
    fs::path root = absolute_clean(site_root);
    if (o == root || inside(root, o)) {
        throw EnvironmentError("output directory " + out +
                               " would replace the site itself; choose e.g. public/");
    }
    for (const char* source_dir : {"content", "themes", "site-config", ".git"}) {
        if (o == root / source_dir || inside(o, root / source_dir)) {
            throw EnvironmentError("output directory " + out + " is inside the site's " +
                                   source_dir + "/ folder");
        }
    }
    std::error_code ec;
    if (fs::exists(o, ec) && !fs::is_directory(o, ec)) {
        throw EnvironmentError("output path " + out + " exists and is not a directory");
    }
    if (fs::is_directory(o, ec) && !fs::is_empty(o, ec) && !fs::exists(o / "index.html", ec) &&
        !fs::exists(o / "404.html", ec)) {
        throw EnvironmentError("refusing to replace " + out +
                               ": it is not empty and does not look like a kmsite output");
    }
}

std::string make_staging(const std::string& out) {
    fs::path o = absolute_clean(out);
    std::error_code ec;
    fs::create_directories(o.parent_path(), ec);
    std::string pattern =
        (o.parent_path() / ("." + o.filename().string() + ".kmsite-XXXXXX")).string();
    if (!mkdtemp(pattern.data())) {
        throw EnvironmentError("cannot create a staging directory beside " + out + ": " +
                               std::strerror(errno));
    }
    return pattern;
}

namespace {
void remove_tree_parallel(const std::string& dir);
}

void swap_into_place(const std::string& staging, const std::string& out) {
    fs::path o = absolute_clean(out);
    std::error_code ec;
    if (!fs::exists(o, ec)) {
        if (rename(staging.c_str(), o.c_str()) != 0) {
            throw EnvironmentError("cannot move the build into " + out + ": " +
                                   std::strerror(errno));
        }
        return;
    }
    // RENAME_EXCHANGE swaps both names at once; the old site ends up in `staging`.
    if (renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, o.c_str(), RENAME_EXCHANGE) != 0) {
        // File systems without RENAME_EXCHANGE: two renames, old output kept until the end.
        std::string old = staging + ".old";
        if (rename(o.c_str(), old.c_str()) != 0 || rename(staging.c_str(), o.c_str()) != 0) {
            throw EnvironmentError("cannot move the build into " + out + ": " +
                                   std::strerror(errno));
        }
        remove_tree_parallel(old);
        return;
    }
    remove_tree_parallel(staging);
}

void discard(const std::string& staging) {
    remove_tree(staging);
}

namespace {

// The previous output can hold tens of thousands of files; its top-level
// entries are removed on all cores.
void remove_tree_parallel(const std::string& dir) {
    std::vector<fs::path> entries;
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        entries.push_back(it->path());
    }
    parallel_for(entries.size(), default_jobs(),
                 [&](std::size_t i, unsigned) { remove_tree(entries[i].string()); });
    remove_tree(dir);
}

}  // namespace

}  // namespace kmsite::publish
