// build: the stage sequence as a library. Options in, a result value out;
// `kmsite build` calls it once, `kmsite serve` once per change, in one
// process, with each stage's results reused where their inputs did not
// change (see docs/design.md, "The incremental engine").
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "check/check.h"
#include "core/core.h"

namespace kmsite::build {

struct Options {
    std::string source = ".";
    std::optional<std::string> rev;        // build this Git revision's tree
    std::optional<std::string> base_url;   // overrides site.yaml's
    std::optional<std::string> cache_dir;  // default: <source>/.kmsite-cache
    unsigned jobs = 0;                     // 0: all cores
    bool drafts = false;
    bool check = true;  // run the standards checker; its errors fail the build
    // When the inputs' key (Result::input_key) equals this, the build stops
    // right after reading the sources with Status::unchanged: the caller
    // knows the output of those inputs is already in place.
    std::optional<Digest> unchanged_key;
    // Keep each stage's results for the next build() of this Builder (serve).
    // A single build (kmsite build) keeps nothing: the caches would only hold
    // every page's HTML until the end.
    bool keep = true;
    // Warning rules turned off for this build (--warnings=RULE:off), with
    // those site.yaml's `warnings:` turns off.
    std::set<std::string> warnings_off;
    // The .gz and .br copies of text files (--precompress=off turns them
    // off; so does site.yaml's precompress: false). The Builder claims
    // their names; the output writer makes them (Result::precompress).
    bool precompress = true;
};

struct StageTime {
    const char* stage;  // "source", "content", ...
    double seconds = 0;
};

// What a build did and how much of it was reused.
struct Stats {
    std::size_t documents = 0;                       // HTML pages
    std::size_t files = 0;                           // every output file
    std::size_t pages_parsed = 0, pages_reused = 0;  // Markdown files
    std::size_t rendered = 0, render_reused = 0;     // HTML documents
    std::size_t images_made = 0, images_reused = 0;
    std::size_t indexed = 0, index_reused = 0;     // pages analysed for search
    std::size_t chunks_made = 0, chunks_kept = 0;  // search term chunks
    std::size_t checked = 0, check_reused = 0;     // pages read by the checker
    std::size_t links_reused = 0;                  // pages whose link checks were kept
    std::vector<StageTime> timings;
    double total_seconds = 0;
};

enum class Status {
    unchanged,     // the inputs are those of Options::unchanged_key: nothing was made
    built,         // the output is complete; commit it
    failed,        // content errors (diagnostics): nothing may be published
    check_failed,  // the standards checker found errors (findings)
};

struct Result {
    Status status = Status::failed;
    std::vector<Diagnostic> diagnostics;  // sorted; warnings too
    std::vector<check::Finding> findings;
    std::size_t errors = 0, warnings = 0;  // in diagnostics (warnings: those shown)
    // Warnings left out because their rule is turned off, and those rules.
    std::size_t silenced = 0;
    std::set<std::string> silenced_rules;
    Stats stats;
    // Everything the output is made from: this kmsite binary, the options
    // that change output, and every source file's path, bytes, date and author.
    Digest input_key;
    // The Content-Security-Policy the site's /admin/ needs (src/admin), ""
    // when site.yaml has no admin: serve answers /admin/ with it.
    std::string admin_csp;
    // Whether the output gets the .gz and .br copies: the option and
    // site.yaml both allow them (publish::OutputWriter::precompress).
    bool precompress = false;
    bool ok() const { return status == Status::built; }
};

// A build's messages as the editor reads them: errors in order, each rule's
// Thai and English text and fix under its first error; warnings grouped by
// rule with a count and the first few places (none when quiet).
struct ReportOptions {
    bool quiet = false;
    std::size_t examples = 5;  // places shown per warning rule
};
struct Report {
    std::string errors, warnings;                // as printed
    std::size_t error_count = 0, warning_count = 0;  // content and check alike
};
Report report(const Result& result, const ReportOptions& options = {});

// Where a running build is, for a progress line; read from another thread.
struct Progress {
    std::atomic<const char*> stage{"source"};
    // Of the stage's work, when it counts (pages read, HTML documents written).
    std::atomic<std::size_t> done{0}, total{0};
};

// Where the caches of these options live (--cache-dir, or
// <source>/.kmsite-cache), and whether they may be read: a cache folder that
// Git tracks came from a commit, so from anyone who can commit, and could
// hand the build any page or picture; it is never read or written (the
// Builder then uses a private folder of its own and warns).
struct CacheFolder {
    std::string path;
    bool usable = true;
};
CacheFolder cache_folder(const Options& options);

// The documents of a few edited pages made again on top of the last site
// that built: what `kmsite serve` shows at once, before the build that
// makes everything else (Builder::preview).
struct Preview {
    std::vector<std::pair<std::string, std::shared_ptr<const std::string>>> files;  // path, HTML
};

class Builder {
  public:
    explicit Builder(Options options);
    ~Builder();
    // The process ends after this Builder: what its last build made is left
    // for the system to take back with the heap (keep_until_exit) rather
    // than freed piece by piece when the Builder goes.
    void leave_to_exit();
    Builder(const Builder&) = delete;
    Builder& operator=(const Builder&) = delete;

    const Options& options() const;
    // Builds the site into `sink`. Every content error is found before the
    // first file reaches the sink, so a failed build hands it nothing; the
    // checker's errors are known only once every page was made, so the
    // caller publishes the sink's files only when the result is ok().
    // Throws EnvironmentError for problems of the machine, not the content
    // (no such folder, an unknown revision, a full disk).
    // `changed`, when given, lists the site-relative paths that changed
    // since the last build() (a file watcher's report): with `keep`, only
    // those files are looked at again (source::SourceOptions::changed says
    // when everything is walked anyway).
    Result build(FileSink& sink, Progress* progress = nullptr,
                 std::optional<std::vector<std::string>> changed = std::nullopt);

    // serve's quick look at an edit. When `changed` (a watcher's report)
    // lists only Markdown pages of the last build, which succeeded, and each
    // edit shows on the page's own documents alone (its body, its summary,
    // its date of change; not its title, date, tags, slug or anything lists,
    // menus, translations or the footer show), those documents are made
    // again on top of that site, in milliseconds instead of a build. The
    // build() that must follow gives these same bytes and everything else
    // (lists, search, the check); nullopt when only a build can tell.
    std::optional<Preview> preview(const std::vector<std::string>& changed);
    // What a preview needs of the last site, made now (serve calls it once
    // a build is published, while the editor reads) rather than at the
    // first edit; false when there is nothing to preview on.
    bool prepare_preview();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace kmsite::build
