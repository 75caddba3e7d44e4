#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "emit/internal.h"

namespace kmsite::emit {

OutputDir::OutputDir(std::string root, Diagnostics& diagnostics, const site::OutputClaims* claims)
    : root_(std::move(root)), diagnostics_(diagnostics), claims_(claims) {
    make_directories(root_);
}

bool OutputDir::write(const std::string& rel_path, std::string_view data) {
    auto normal = normalize_relative(rel_path);
    if (!normal || normal->empty() || *normal != rel_path) {
        diagnostics_.error(rel_path, 0, 0, "path-escape",
                           "refusing to write outside the output directory");
        return false;
    }
    if (claims_ && !claims_->owner(*normal)) {
        diagnostics_.error(rel_path, 0, 0, "output-unclaimed",
                           "internal error: this output file was not claimed before writing "
                           "(please report this)");
        return false;
    }
    if (!make_parent(*normal) || !write_file(join_path(root_, *normal), data, false)) {
        // A full or broken disk is not this file's fault: stop the build
        // with one message instead of an error for every file after it.
        if (is_storage_error(errno)) throw_storage_error(rel_path, errno);
        diagnostics_.error(rel_path, 0, 0, "emit-write",
                           std::string("cannot write output file: ") + std::strerror(errno));
        return false;
    }
    std::lock_guard lock(mutex_);
    written_.insert(*normal);
    return true;
}

// Creates the folders of `rel_path` that this output has not made yet, top
// down, each with a single mkdir.
bool OutputDir::make_parent(const std::string& rel_path) {
    std::vector<std::string> missing;
    {
        std::lock_guard lock(mutex_);
        for (std::string_view d = parent_path(rel_path); !d.empty(); d = parent_path(d)) {
            if (made_dirs_.count(std::string(d))) break;
            missing.emplace_back(d);
        }
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
        // 0777 less the umask, as mkdir(1) does: a web server running as
        // another user must be able to enter the folders.
        if (::mkdir(join_path(root_, *it).c_str(), 0777) != 0 && errno != EEXIST) return false;
        std::lock_guard lock(mutex_);
        made_dirs_.insert(*it);
    }
    return true;
}

bool OutputDir::exists(const std::string& rel_path) const {
    std::lock_guard lock(mutex_);
    return written_.count(rel_path) > 0;
}

std::vector<std::string> OutputDir::files() const {
    std::lock_guard lock(mutex_);
    return {written_.begin(), written_.end()};
}

std::size_t OutputDir::count() const {
    std::lock_guard lock(mutex_);
    return written_.size();
}

std::string encode_url(const std::string& url) {
    return percent_encode(url, R"("<>\^`{|})");
}

}  // namespace kmsite::emit
