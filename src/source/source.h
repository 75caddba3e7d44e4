// source: the site's files, read from a directory or straight from a Git
// revision, each with its last-modified date and author from Git history.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"

namespace kmsite::source {

class SourceFile {
  public:
    SourceFile() = default;
    SourceFile(std::string path, std::string bytes) : path(std::move(path)) {
        set_data(std::move(bytes));
    }

    std::string path;  // relative to the site root, '/'-separated
    std::int64_t lastmod = 0;  // unix seconds
    std::string author;        // last author from Git; empty for uncommitted files
    bool from_git = false;     // lastmod/author came from a commit (else file time)
    // XXH3-128 of the bytes, made where the file is read (on the reading
    // threads) or known from the cache folder, for the stages that key on it.
    Digest digest = {};

    // The file's bytes. A file that the cache folder knows unchanged (same
    // inode, size and times as when it was last read) is not read by the
    // walk: its bytes are read here, once, when a stage first needs them
    // (from any thread). A file changed or removed since the walk throws
    // EnvironmentError ("build again"): what was keyed on its digest would
    // not be what it holds.
    const std::string& data() const;
    // Sets the bytes, and the digest from them.
    void set_data(std::string bytes);
    // Shares bytes whose digest is known (serve's kept files: no copy).
    void set_data(std::shared_ptr<const std::string> bytes, const Digest& known);
    // Bytes to be read from `real_path` when asked for, which must hash to
    // `known` (the source stage's walk).
    void set_unread(std::string real_path, const Digest& known);
    // Bytes just read from `real_path`, which can be read again there.
    void set_read(std::string real_path, std::shared_ptr<const std::string> bytes,
                  const Digest& known);
    // Lets go of the bytes when they can be read again (a working-tree
    // file): data() then reads them once more, checked against the digest.
    // Not while other threads may call data().
    void release();

  private:
    struct Unread;
    std::shared_ptr<const std::string> data_;  // null: empty, or unread
    std::shared_ptr<Unread> unread_;           // shared by copies
};

struct SourceTree {
    std::string revision;           // commit id the files (or their dates) came from; may be empty
    std::vector<SourceFile> files;  // sorted by path

    const SourceFile* find(std::string_view path) const;
    // Files whose path starts with the directory `dir` (segment-wise).
    std::vector<const SourceFile*> under(std::string_view dir) const;
};

struct SourceOptions {
    std::string root = ".";          // site root directory (inside a Git work tree or not)
    std::optional<std::string> rev;  // read this revision's tree instead of the working tree
    // Top-level folders that make up a site; nothing else (build/, public/) is read.
    std::vector<std::string> include = {"content", "site-config", "themes"};
    // Folders whose files get dates from Git history.
    std::vector<std::string> dated = {"content"};
    // What changed since the last load with the same cache, as a file
    // watcher saw it (`kmsite serve`): site-relative paths of files or
    // folders written, made, removed or renamed. Only those are looked at
    // again; every other file is taken from the cache as it was. Ignored
    // (everything is walked) without a cache, when the last walk met a
    // symbolic link or reported a problem, or when a path is empty (the
    // watcher lost events).
    std::optional<std::vector<std::string>> changed = std::nullopt;
    unsigned jobs = 1;  // files read at once
};

// What reading the site cost last time, kept between builds of one process
// (`kmsite serve`): the bytes of each file by its inode, size and times (a
// file whose ctime did not move was not written), and the history walk by
// the commit it started from.
class SourceCache {
  public:
    SourceCache();
    ~SourceCache();
    SourceCache(const SourceCache&) = delete;
    SourceCache& operator=(const SourceCache&) = delete;
    std::size_t read() const;  // files read in the last load
    std::size_t reused() const;
    // Keep file bytes in memory between loads (serve); without, only the
    // Git facts below are kept, which are small.
    void keep_files(bool keep);
    // The Git facts (the history walk from HEAD, which files are their blob
    // at HEAD) as text, and back, for `kmsite build`'s cache folder. `load`
    // takes nothing from text it cannot read whole, or that another kmsite
    // binary wrote (`binary` is the running binary's digest).
    std::string save(const Digest& binary) const;
    bool load(std::string_view text, const Digest& binary);
    // One file of the working tree read again as load_source would read it
    // now, when that needs no walk and no history: `path` (site-relative)
    // was a file of the last load with this cache, which met no symbolic
    // link, it is still a regular file, and its bytes are not its blob at
    // HEAD (so its date is the file's time). serve's quick look at a saved
    // page (build::Builder::preview); nullopt whenever only a load can tell.
    std::optional<SourceFile> reread(const SourceOptions& options, const std::string& path) const;
    struct Impl;  // defined in source.cpp

  private:
    friend SourceTree load_source(const SourceOptions&, Diagnostics&, SourceCache*);
    std::unique_ptr<Impl> impl_;
};

// Throws EnvironmentError when the root or revision cannot be opened; problems
// with individual files (escaping symlinks, unreadable files) are diagnostics.
// Whether Git has anything at or under `path` (a folder or a file) in the
// HEAD commit or the index of the repository holding `root`. A cache folder
// that Git tracks came from a commit, that is from anyone who can commit,
// and is never read (build::Builder).
bool git_tracks(const std::string& root, const std::string& path);

SourceTree load_source(const SourceOptions& options, Diagnostics& diagnostics,
                       SourceCache* cache = nullptr);

}  // namespace kmsite::source
