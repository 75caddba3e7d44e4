// The CLI's commands; main.cpp only parses arguments and calls these.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kmsite::cli {

// Runs a command's body and turns what it throws into the CLI's message and
// exit code 2: an EnvironmentError says what to do; anything else is a bug,
// said plainly (staged files are removed on the way out; outputs untouched).
int guarded(const std::function<int()>& body);

struct BuildOptions {
    std::string source = ".";
    std::optional<std::string> rev;
    std::optional<std::string> out;  // default: <source>/public
    std::optional<std::string> base_url;
    std::optional<std::string> cache_dir;  // default: <source>/.kmsite-cache
    unsigned jobs = 0;                     // 0: all cores
    bool quiet = false;
    bool drafts = false;
    bool timings = false;  // print how long each stage took
    bool check = true;     // run the standards checker on the output before publishing it
    std::set<std::string> warnings_off;  // --warnings=RULE:off
    bool precompress = true;             // --precompress=off: no .gz/.br copies
};

// Exit codes: 0 built, 1 content errors, 2 usage or environment error.
int run_build(const BuildOptions& options);

struct ServeOptions {
    BuildOptions build;
    std::string bind = "127.0.0.1";
    int port = 1313;
    bool live_reload = true;
    bool open_browser = false;
};
int run_serve(ServeOptions options);

struct NewOptions {
    std::string kind;  // article, sop, plan, gallery, page; or site
    std::string path;  // inside content/, e.g. sop/backup; for a site, its new folder
    std::string source = ".";
    std::vector<std::string> languages;  // a new site's: th, or th and en (default)
};
int run_new(const NewOptions& options);
// Creates `path` only if nothing is there, never through a symbolic link
// (kmsite new never overwrites an editor's file).
bool create_new_file(const std::string& path, std::string_view data);
// `kmsite new site DIR`: a new office's portal in a folder that is empty or
// not there yet. Exit codes: 0 made, 2 the folder is in use or unwritable.
int run_new_site(const NewOptions& options);

struct ThemeExportOptions {
    std::string dir;  // default: themes/default
    bool force = false;
};
// Exit codes: 0 written, 2 files already there (nothing written) or unwritable.
int run_theme_export(const ThemeExportOptions& options);

struct CheckOptions {
    std::string dir = "public";
    std::string format = "text";  // text | json
    unsigned jobs = 0;
};
// Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or environment.
int run_check(const CheckOptions& options);

struct MergeOptions {
    std::vector<std::string> sites;  // output folders of `kmsite build`, the host first
    std::string out;
    unsigned jobs = 0;
    bool quiet = false;
};
// Exit codes: 0 merged, 1 an input is not a usable build output, 2 usage or environment.
int run_merge(const MergeOptions& options);

struct PublishOptions {
    std::optional<std::string> target;  // default: site.yaml's publish:
    std::string source = ".";
    std::optional<std::string> out;  // default: <source>/public
    bool dry_run = false;
    std::optional<std::size_t> max_deletes;
    std::string message;
};
// Exit codes: 0 published (or nothing changed), 1 the output is not a
// complete build or --max-deletes refused, 2 usage or environment.
int run_publish(const PublishOptions& options);

}  // namespace kmsite::cli
