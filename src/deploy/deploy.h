// deploy: `kmsite publish`, sending a finished output folder to where the
// public reads it: a Git branch (GitHub/GitLab Pages), a folder, an rsync
// server, an S3 bucket. It only ever publishes a folder that is exactly what `kmsite
// build` left (its manifest and every file it lists unchanged), and only what
// changed. libgit2 stays inside this stage.
#pragma once

#include <cstddef>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/core.h"

namespace kmsite::deploy {

// Publishing was refused for a reason the user fixes by building (the
// folder is not a complete build) or by allowing it (--max-deletes): the
// CLI exits 1. Problems with the environment are EnvironmentError (exit 2).
struct Refused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Options {
    std::string out;     // the built output folder
    std::string source;  // the site folder (its Git repository for git: targets)
    bool dry_run = false;
    std::optional<std::size_t> max_deletes;
    std::string message;  // commit message for git:; "" for the default
    std::FILE* log = stdout;
};

// What a publish did (or, dry, would do).
struct Summary {
    std::size_t added = 0, changed = 0, removed = 0, unchanged = 0;
    bool committed = false;  // git: a new commit was made
    std::string commit;      // its id
};

// The files of a complete kmsite build in `out` (site-relative, sorted),
// never the manifest or other dot-files kmsite keeps there. Throws Refused
// when there is no manifest or a listed file is not as the build left it.
std::vector<std::string> built_files(const std::string& out);

// Each throws Refused or EnvironmentError; nothing is changed when they do.
Summary publish_git(const config::PublishTarget& target, const Options& options);
Summary publish_dir(const config::PublishTarget& target, const Options& options);
// `argv` of the rsync run for the target (exposed for tests and --dry-run).
std::vector<std::string> rsync_argv(const config::PublishTarget& target, const Options& options);
// Runs rsync without a shell; returns its exit status (0 done).
int publish_rsync(const config::PublishTarget& target, const Options& options);

// s3:BUCKET/PREFIX through rclone (exposed for tests: the headers and each
// run's argv). The headers an object is uploaded with, by its site path.
struct ObjectHeaders {
    std::string content_type;   // with charset=utf-8 for text
    std::string cache_control;  // immutable for hashed names, a day for pictures, else no-cache
};
ObjectHeaders s3_headers(std::string_view path);
// rclone's name for the target: ":s3:BUCKET/PREFIX" (the backend configured
// from RCLONE_S3_* variables).
std::string rclone_remote(const config::PublishTarget& target);
// "SIZE;MD5;PATH" lines of every file under `where` (a folder ending in '/'
// or a remote), or of only those in the list file `files_from`.
std::vector<std::string> rclone_list_argv(const std::string& where, const std::string& files_from);
// Uploads the files listed in `files_from` with `headers`.
std::vector<std::string> rclone_upload_argv(const config::PublishTarget& target,
                                            const Options& options, const ObjectHeaders& headers,
                                            const std::string& files_from);
// Removes the objects listed in `files_from`.
std::vector<std::string> rclone_delete_argv(const config::PublishTarget& target,
                                            const Options& options, const std::string& files_from);
// rclone's environment made from `env` (NULL-terminated "NAME=value"):
// AWS_CA_BUNDLE as RCLONE_CA_CERT, RCLONE_S3_ENV_AUTH=true when AWS_*
// credentials are set, RCLONE_S3_PROVIDER AWS (or Other with an endpoint);
// each only when the user did not set it.
std::vector<std::string> rclone_environment(const char* const* env);
// Throws Refused or EnvironmentError; on a refusal nothing is changed.
Summary publish_s3(const config::PublishTarget& target, const Options& options);

}  // namespace kmsite::deploy
