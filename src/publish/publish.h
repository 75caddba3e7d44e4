// publish: getting a finished build onto disk without ever leaving a broken
// or half-written output behind, writing only the files whose bytes changed,
// never touching files that kmsite did not write (a gh-pages .git, CNAME,
// .well-known/), and without litter from builds that were killed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/core.h"

namespace kmsite::publish {

// The files the last build wrote, kept inside the output with what each
// held and how it looked on disk afterwards. The next build rewrites a file
// only when its bytes differ, or when the file on disk is no longer the one
// kmsite left there; it removes listed files it no longer makes, and never
// touches a file the manifest does not list.
inline constexpr const char* manifest_name = ".kmsite-manifest";
// The paths a commit is replacing or adding, written before the first file
// moves and removed after the new manifest: a build killed in between
// leaves them listed, and the next build trusts none of them.
inline constexpr const char* pending_name = ".kmsite-manifest-pending";

struct ManifestEntry {
    std::string path;  // site-relative
    Digest digest{};   // of the bytes written
    std::uint64_t size = 0;
    // How the file looked right after kmsite wrote it. A file edited (or
    // replaced) since has another ctime or inode, so it is written again.
    std::uint64_t ino = 0;
    std::int64_t mtime_ns = 0, ctime_ns = 0;
    bool known = false;  // false: nothing above is known (a manifest of an older version)
};

// `precompressed`: the build that wrote the manifest made the .gz and .br
// copies of its text files (src/compress), so each such copy it lists holds
// the file it is named after, compressed. Said in the manifest's header;
// only then does a later build keep a copy without making it again.
std::string manifest_text(std::vector<ManifestEntry> entries, bool precompressed = false);
// Whether a manifest's header says its build made the copies.
bool manifest_precompressed(std::string_view text);
// Entries of a manifest; lines that cannot be read, or whose path would leave
// the output, are ignored (a tampered manifest cannot make the build treat a
// file outside the output as its own).
std::vector<ManifestEntry> parse_manifest(const std::string& text);

// Refuses output paths that would clobber the site itself (its root, an
// ancestor of it, its source folders) or a directory that is not a previous
// build. Throws EnvironmentError.
void check_output_path(const std::string& out, const std::string& site_root);
// Refuses an output folder that holds `folder` or lies inside it (`kmsite
// merge`'s inputs: a commit there would replace or remove their files, or
// read them as they change). Throws EnvironmentError.
void check_output_apart(const std::string& out, const std::string& folder);
// Whether two folders on disk are the same or one holds the other (paths
// made absolute, symbolic links of their existing parts resolved).
bool folders_overlap(const std::string& a, const std::string& b);

// Removes the staging folders beside `out` that builds killed before they
// finished left behind (".public.kmsite-staging-XXXXXXXX"). A folder whose build
// is still running is locked by it and left alone. Returns the number removed.
std::size_t remove_stale_staging(const std::string& out);

struct WriteStats {
    std::size_t written = 0;    // files whose bytes changed (or that were new)
    std::size_t unchanged = 0;  // files left as they were
    std::size_t removed = 0;    // files of the last build this one no longer makes
    // Of written and unchanged: the .gz and .br copies (precompress()), and
    // of those, the ones made by this build.
    std::size_t copies = 0, copies_made = 0;
};

// The output folder of one build. put() compares each file with what the
// manifest says is there and stages the changed ones in a private folder
// beside the output (same file system), touching nothing in the output;
// commit() then moves each staged file into place with one rename, so every
// file is at any moment its old or its new version, never a truncated one,
// removes what the build no longer makes and records the manifest. A build
// that fails (or the object destroyed without commit) leaves the output as
// it was; a build killed with kill -9 leaves its staging folder, which the
// next build removes, and a manifest from which the next build repairs
// every file.
struct FileState;  // of a file on disk (output.cpp)

class OutputWriter final : public FileSink {
  public:
    // Reads the manifest and removes stale staging folders. Throws EnvironmentError.
    explicit OutputWriter(std::string out);
    ~OutputWriter() override;
    OutputWriter(const OutputWriter&) = delete;
    OutputWriter& operator=(const OutputWriter&) = delete;

    void put(const std::string& path, std::string_view data) override;
    // True, and the file left as it is, when the manifest says the file
    // holds these bytes and it is on disk as kmsite left it.
    bool keep(const std::string& path, const Digest& digest) override;
    // With `on`, commit() first adds a .gz and a .br copy of every text file
    // over 1 KB (compress::wanted) where it makes the file smaller, on
    // `jobs` threads. The copy of a file whose bytes are the last build's is
    // kept, not made again, when that build made copies too and the copy is
    // on disk as it left it; copies of files no longer written go with them.
    // Off (the default): no copies, and the last build's go.
    void precompress(bool on, unsigned jobs);
    // Throws EnvironmentError, leaving the output unchanged, when a file that
    // kmsite did not write is at a path this build writes.
    WriteStats commit();
    const std::string& out() const { return out_; }
    // The output is exactly what the last build left: a manifest of this
    // version, and every file it lists on disk as kmsite left it. Costs one
    // lstat per file.
    bool intact() const;
    // The digest of the manifest as read (zero when there was none).
    const Digest& manifest_digest() const { return manifest_digest_; }

  private:
    struct Planned {
        Digest digest;
        std::uint64_t size = 0;
        long staged = -1;  // staging file number; -1 when the file on disk is already right
    };
    void make_staging();
    // Writes `data` into the staging folder; returns its number there.
    long stage(const std::string& path, std::string_view data);
    // The compressed copies of the planned files, added to the plan.
    void plan_copies();
    // The bytes of a planned file: staged, or in the output as it was kept.
    std::string planned_bytes(const std::string& path, const Planned& plan) const;
    // The state of `path` (output-relative) on disk, by one fstatat from the
    // output folder: no path walk from the root for each of 24,000 files.
    FileState on_disk(const std::string& path) const;

    std::string out_;
    int out_fd_ = -1;  // the output folder as it was opened (O_PATH), or -1
    std::map<std::string, ManifestEntry> old_;
    bool old_complete_ = true;  // every old entry known (else the manifest is rewritten)
    bool had_manifest_ = false;
    bool old_precompressed_ = false;  // the last build made the copies it lists
    bool precompress_ = false;
    unsigned precompress_jobs_ = 1;
    std::size_t copies_ = 0, copies_made_ = 0;
    Digest manifest_digest_;
    std::mutex mutex_;
    std::map<std::string, Planned> planned_;
    std::string staging_;  // made on the first changed file
    int staging_fd_ = -1;
    long next_staged_ = 0;
    bool committed_ = false;
};

}  // namespace kmsite::publish
