// Private to the source stage.
#pragma once

#include <git2.h>

#include <memory>
#include <unordered_map>

#include "source/source.h"

namespace kmsite::source {

struct GitChange {
    std::int64_t time = 0;
    std::string author;
};

struct RepoDeleter {
    void operator()(git_repository* r) const { git_repository_free(r); }
};
using RepoPtr = std::unique_ptr<git_repository, RepoDeleter>;

// Opens the repository containing `root`, or returns null when there is none.
RepoPtr open_repository(const std::string& root);
// Path of `root` relative to the repository's work directory ("" at the top).
std::string site_prefix(git_repository* repo, const std::string& root);

void read_directory(const SourceOptions& options, SourceTree& tree, Diagnostics& diagnostics);
void read_revision(git_repository* repo, const git_oid& commit, const std::string& prefix,
                   const SourceOptions& options, SourceTree& tree, Diagnostics& diagnostics);

// One walk over history from `head`, newest first: for every path in `paths`
// (site-relative), the newest commit that changed it. Paths not found (a shallow
// clone's boundary) are left out.
std::unordered_map<std::string, GitChange> last_changes(git_repository* repo, const git_oid& head,
                                                        const std::string& prefix,
                                                        const std::vector<std::string>& paths);

std::string git_error_text();

}  // namespace kmsite::source
