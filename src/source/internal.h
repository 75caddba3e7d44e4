// Private to the source stage.
#pragma once

#include <git2.h>

#include <memory>
#include <set>
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

// A file as last read: what stat said then, its digest, and (serve) its
// bytes.
struct StatKey {
    std::uint64_t ino = 0, size = 0;
    std::int64_t mtime_ns = 0, ctime_ns = 0;
    bool operator==(const StatKey&) const = default;
};
struct CachedFile {
    StatKey stat;
    std::shared_ptr<const std::string> data;  // null when not kept (kmsite build)
    Digest digest;
    std::int64_t read_ns = 0;  // wall clock when it was read
};

struct SourceCache::Impl {
    // By real path. With keep_files (serve) each holds the file's bytes;
    // without (kmsite build, from the cache folder) only stat and digest.
    std::unordered_map<std::string, CachedFile> files;
    bool keep_files = true;
    std::size_t read = 0, reused = 0;
    // The files the last walk found (site-relative), for a load told what
    // changed; usable only when that walk met no symbolic link (so each
    // file's real path is the root's joined with it), reported nothing,
    // and kept every file's bytes.
    std::set<std::string> walked;
    std::vector<std::string> walked_include;
    std::string walked_root;
    bool walk_reusable = false;
    // The history walk from one commit, for the paths asked so far (absent:
    // never changed in the history reachable from it).
    std::string history_head, history_prefix;
    std::unordered_map<std::string, GitChange> history;
    std::unordered_map<std::string, bool> asked;
    // Whether a file's bytes are its blob at HEAD, by (HEAD, path, digest).
    std::unordered_map<std::string, std::pair<Digest, bool>> committed;
    std::string committed_head;
};

void read_directory(const SourceOptions& options, SourceTree& tree, Diagnostics& diagnostics,
                    SourceCache::Impl* cache = nullptr);
void read_revision(git_repository* repo, const git_oid& commit, const std::string& prefix,
                   const SourceOptions& options, SourceTree& tree, Diagnostics& diagnostics);

// One walk over history from `head`, newest first: for every path in `paths`
// (site-relative), the newest commit that changed it. Paths not found (a shallow
// clone's boundary) are left out.
std::unordered_map<std::string, GitChange> last_changes(git_repository* repo, const git_oid& head,
                                                        const std::string& prefix,
                                                        const std::vector<std::string>& paths);

std::string git_error_text();

// Checks one file or folder name of the site: invalid UTF-8 or a control
// character (newline, ESC) is an error naming the path, escaped, and the entry
// is skipped. Shared by both readers so the working tree and --rev agree.
bool valid_name(const std::string& rel_dir, const std::string& name, Diagnostics& diagnostics);
// Where a symbolic link at `rel` may lead: inside its own top folder (content/,
// themes/, site-config/) and never into a hidden folder or file such as .git or
// .env. `target` is the resolved site-relative path; the error is at the link.
bool allowed_link_target(const std::string& rel, const std::string& target,
                         Diagnostics& diagnostics);

}  // namespace kmsite::source
