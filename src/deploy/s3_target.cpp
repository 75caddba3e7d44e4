// s3:BUCKET/PREFIX: the output to object storage (AWS S3 or any S3-compatible
// store) through Debian's rclone, run without a shell. kmsite plans, rclone
// moves bytes: one listing of each side (sizes and MD5s), then one upload run
// per set of headers for the files that differ, then one run that removes
// what the output no longer has. Credentials and the endpoint come from the
// environment only (RCLONE_S3_*, or AWS_* through env_auth).
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <tuple>

#include "compress/compress.h"
#include "deploy/internal.h"

extern char** environ;

namespace kmsite::deploy {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kOneDay = "public, max-age=86400";
constexpr std::string_view kNoCache = "no-cache";

// Pictures may be kept a day: their names do not change with their bytes,
// so a longer life would keep a replaced picture that long.
constexpr std::array<std::string_view, 7> kPictures{".avif", ".gif", ".ico", ".jpeg",
                                                    ".jpg",  ".png", ".webp"};

// Every rclone run: no config file (everything from the environment, so a
// developer's own ~/.config/rclone cannot change what CI publishes), and
// never create the bucket: a mistyped name must fail, not make a new bucket.
const std::vector<std::string> kCommon = {"--config", "/dev/null", "--s3-no-check-bucket"};

std::vector<std::string> rclone(std::initializer_list<std::string> command) {
    std::vector<std::string> argv = {"rclone"};
    argv.insert(argv.end(), command.begin(), command.end());
    argv.insert(argv.end(), kCommon.begin(), kCommon.end());
    return argv;
}

std::string local_root(const Options& o) {
    return fs::weakly_canonical(fs::absolute(o.out)).string() + "/";
}

bool has_line_break(std::string_view s) {
    return s.find_first_of("\r\n") != std::string_view::npos;
}

// A private folder for the lists rclone reads (--files-from-raw), removed
// when the publish ends however it ends.
struct ListFolder {
    std::string path;
    ListFolder() {
        std::string pattern = (fs::temp_directory_path() / "kmsite-s3-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw EnvironmentError("cannot make a temporary folder in " +
                                   fs::temp_directory_path().string() + ": " +
                                   std::strerror(errno) + " / สร้างโฟลเดอร์ชั่วคราวไม่ได้");
        path = pattern;
    }
    ~ListFolder() { remove_tree(path); }
    ListFolder(const ListFolder&) = delete;
    ListFolder& operator=(const ListFolder&) = delete;
    std::string write(const std::string& name, const std::vector<std::string>& lines) const {
        std::string text;
        for (const auto& l : lines) text += l + "\n";
        std::string file = path + "/" + name;
        if (!write_file(file, text, false)) throw_storage_error(file, errno);
        return file;
    }
};

struct Listed {
    std::uint64_t size = 0;
    std::string md5;  // "" when the store does not know it (a multipart upload)
};

// rclone lsf --format shp --separator ';': "SIZE;MD5;PATH" a line. The path
// is last, so a ';' in it is kept; a line that is not of that shape (an
// object name with a line break in it) is skipped: it is never deleted.
std::map<std::string, Listed> parse_listing(const std::string& text) {
    std::map<std::string, Listed> out;
    for (std::size_t at = 0; at < text.size();) {
        std::size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + at, end - at);
        at = end + 1;
        auto a = line.find(';');
        if (a == std::string_view::npos || a == 0) continue;
        auto b = line.find(';', a + 1);
        if (b == std::string_view::npos || b + 1 >= line.size()) continue;
        std::string_view size = line.substr(0, a), md5 = line.substr(a + 1, b - a - 1);
        if (size.size() > 18 || size.find_first_not_of("0123456789") != std::string_view::npos)
            continue;
        if (md5.find_first_not_of("0123456789abcdef") != std::string_view::npos) continue;
        Listed l;
        l.size = std::stoull(std::string(size));
        l.md5 = std::string(md5);
        out.emplace(std::string(line.substr(b + 1)), std::move(l));
    }
    return out;
}

void check_rclone(int status, const std::string& what, const config::PublishTarget& target) {
    if (status == 0) return;
    std::string where = terminal_safe(target.text);
    // rclone's exit status 3: "directory not found", which on S3 is a bucket
    // that does not exist (a missing prefix is only an empty listing).
    if (status == 3)
        throw EnvironmentError(where + ": rclone found no such bucket (" + what +
                               "); check the bucket's name and RCLONE_S3_ENDPOINT / ไม่พบ bucket "
                               "ตรวจสอบชื่อ bucket และ RCLONE_S3_ENDPOINT");
    throw EnvironmentError(where + ": rclone " + what + " exited with status " +
                           std::to_string(status) +
                           "; its message is above (credentials and endpoint come from "
                           "RCLONE_S3_* or AWS_* variables) / rclone ทำงานไม่สำเร็จ "
                           "ดูข้อความด้านบน ตรวจสอบตัวแปร RCLONE_S3_* หรือ AWS_*");
}

}  // namespace

ObjectHeaders s3_headers(std::string_view path) {
    // The hashed names of the theme's files and the search index (16 hex
    // digits of XXH3-64 of the bytes): a new version is a new name, so a
    // browser may keep one for a year without asking.
    static const std::regex hashed("^(css|js|fonts|search)/(.*[./-])?[0-9a-f]{16}[./]",
                                   std::regex::optimize);
    ObjectHeaders h;
    h.content_type = std::string(media_type(path));
    std::string ext = lower_ascii(extension(path));
    if (std::regex_search(path.begin(), path.end(), hashed))
        h.cache_control = kImmutable;
    else if (std::find(kPictures.begin(), kPictures.end(), ext) != kPictures.end())
        h.cache_control = kOneDay;
    else
        h.cache_control = kNoCache;
    return h;
}

std::string rclone_remote(const config::PublishTarget& target) {
    return ":s3:" + target.path;
}

std::vector<std::string> rclone_list_argv(const std::string& where, const std::string& files_from) {
    auto argv = rclone({"lsf", "--recursive", "--files-only", "--format", "shp", "--separator", ";",
                        "--hash", "MD5"});
    if (files_from.empty()) {
        argv.push_back("--fast-list");  // one flat listing, 1000 objects a request
    } else {
        argv.push_back("--files-from-raw");
        argv.push_back(files_from);
    }
    argv.push_back(where);
    return argv;
}

std::vector<std::string> rclone_upload_argv(const config::PublishTarget& target, const Options& o,
                                            const ObjectHeaders& headers,
                                            const std::string& files_from) {
    // --checksum: rclone compares size and MD5 (the object's ETag) again
    // before each upload, never modification times, which differ between
    // the machine that built and the store. --no-traverse: it looks up only
    // the listed files instead of listing the bucket once per header set.
    return rclone({"copy", "--checksum", "--no-traverse", "--files-from-raw", files_from,
                   "--header-upload", "Content-Type: " + headers.content_type, "--header-upload",
                   "Cache-Control: " + headers.cache_control, local_root(o),
                   rclone_remote(target)});
}

std::vector<std::string> rclone_delete_argv(const config::PublishTarget& target, const Options& o,
                                            const std::string& files_from) {
    // --no-traverse: without it rclone 1.60 lists the top folder only and
    // leaves names in subfolders (search/f/<group>/) in place, silently.
    auto argv = rclone({"delete", "--files-from-raw", files_from, "--no-traverse"});
    // kmsite counted the removals already; rclone's own limit stops it too
    // should the bucket have changed since.
    if (o.max_deletes) argv.push_back("--max-delete=" + std::to_string(*o.max_deletes));
    argv.push_back(rclone_remote(target));
    return argv;
}

std::vector<std::string> rclone_environment(const char* const* env) {
    std::vector<std::string> out;
    std::map<std::string, std::string, std::less<>> set;
    for (; env && *env; ++env) {
        std::string_view e(*env);
        auto eq = e.find('=');
        if (eq == std::string_view::npos) continue;
        set.emplace(std::string(e.substr(0, eq)), std::string(e.substr(eq + 1)));
        // rclone 1.60's AWS SDK cannot apply AWS_CA_BUNDLE to rclone's own
        // HTTP transport and stops ("LoadCustomCABundleError: ...
        // unsupported transport"); RCLONE_CA_CERT (below) trusts the same file.
        if (e.substr(0, eq) != "AWS_CA_BUNDLE") out.emplace_back(e);
    }
    auto given = [&](std::string_view name) {
        auto it = set.find(name);
        return it != set.end() && !it->second.empty();
    };
    if (given("AWS_CA_BUNDLE") && !given("RCLONE_CA_CERT"))
        out.push_back("RCLONE_CA_CERT=" + set.find("AWS_CA_BUNDLE")->second);
    // AWS's own variables (CI's usual way, e.g. a role assumed through OIDC)
    // are read only with env_auth. Turned on only when one is there: with
    // none, env_auth would ask the cloud's instance-metadata address.
    if (!given("RCLONE_S3_ENV_AUTH") && (given("AWS_ACCESS_KEY_ID") || given("AWS_PROFILE") ||
                                         given("AWS_WEB_IDENTITY_TOKEN_FILE")))
        out.push_back("RCLONE_S3_ENV_AUTH=true");
    // Without a provider rclone warns and guesses; AWS itself has no endpoint
    // to set, every other store (MinIO, Wasabi, Huawei OBS, ...) has one.
    if (!given("RCLONE_S3_PROVIDER"))
        out.push_back(std::string("RCLONE_S3_PROVIDER=") +
                      (given("RCLONE_S3_ENDPOINT") ? "Other" : "AWS"));
    return out;
}

Summary publish_s3(const config::PublishTarget& target, const Options& o) {
    std::vector<std::string> files = built_files(o.out);
    // The build's .gz/.br copies stay home: a bucket cannot choose an
    // encoding per browser (the original would be shadowed or served as a
    // download), so only the originals go (docs/webmasters.md).
    // Nor the redirect maps for Netlify/Cloudflare Pages and nginx, Apache
    // and Caddy (_redirects, _kmsite/: emit/redirects.cpp), which no bucket reads.
    const std::vector<std::string> all = files;  // sorted (built_files)
    std::erase_if(files, [&](const std::string& f) {
        if (f == "_redirects" || f.rfind("_kmsite/", 0) == 0) return true;
        std::string original = compress::original_of(f);
        return !original.empty() && std::binary_search(all.begin(), all.end(), original);
    });
    for (const auto& f : files)
        if (has_line_break(f))
            throw EnvironmentError(
                terminal_safe(f) +
                ": a file name with a line break cannot be published to s3: (rclone reads "
                "lists of names a line each); rename it / ชื่อไฟล์มีการขึ้นบรรทัดใหม่ "
                "เผยแพร่ไปยัง s3: ไม่ได้ ให้เปลี่ยนชื่อไฟล์");
    const std::vector<std::string> env = rclone_environment(environ);
    ListFolder lists;
    std::fflush(o.log);

    // 1. Both sides, sizes and MD5s: the output's files (rclone hashes
    // them) and the objects under the prefix.
    std::string local_text, remote_text;
    check_rclone(run_program(rclone_list_argv(local_root(o), lists.write("built", files)), "rclone",
                             &local_text, &env),
                 "listing the output", target);
    check_rclone(
        run_program(rclone_list_argv(rclone_remote(target), ""), "rclone", &remote_text, &env),
        "listing the bucket", target);
    auto local = parse_listing(local_text);
    auto remote = parse_listing(remote_text);

    // 2. The plan, before anything is changed.
    Summary s;
    std::vector<std::pair<char, std::string>> lines;
    // Uploads in an order that never links to a file not there yet: the
    // hashed files first, pictures, the other files, and pages last;
    // removals after every upload.
    std::map<std::tuple<int, std::string, std::string>, std::vector<std::string>> uploads;
    for (const auto& f : files) {
        auto here = local.find(f);
        if (here == local.end())
            throw EnvironmentError("rclone did not list " + terminal_safe(f) + " of " +
                                   terminal_safe(o.out) + " / rclone ไม่พบไฟล์ในโฟลเดอร์ผลลัพธ์");
        auto there = remote.find(f);
        char c = '+';
        if (there != remote.end()) {
            // Without the object's MD5 (a multipart upload), the size decides,
            // as it does for rclone --checksum.
            bool same = here->second.size == there->second.size &&
                        (there->second.md5.empty() || here->second.md5 == there->second.md5);
            if (same) {
                ++s.unchanged;
                continue;
            }
            c = '~';
        }
        ++(c == '+' ? s.added : s.changed);
        lines.emplace_back(c, f);
        ObjectHeaders h = s3_headers(f);
        int rank = h.cache_control == kImmutable               ? 0
                   : h.cache_control == kOneDay                ? 1
                   : h.content_type.rfind("text/html", 0) == 0 ? 3
                                                               : 2;
        uploads[{rank, h.content_type, h.cache_control}].push_back(f);
    }
    std::set<std::string> wanted(files.begin(), files.end());
    std::vector<std::string> removals;
    // Objects under a dot-name (.well-known/, a store's own markers) are not
    // the site's: never removed, as rsync: and dir: keep dot-files.
    for (const auto& [path, l] : remote)
        if (!wanted.count(path) && !has_hidden_segment(path) && !has_line_break(path))
            removals.push_back(path);
    s.removed = removals.size();
    for (const auto& r : removals) lines.emplace_back('-', r);
    refuse_deletes(removals.size(), o, target.text);
    if (dry_run_listed(lines, o)) return s;

    // 3. Uploads, one rclone run per set of headers, then the removals.
    int run = 0;
    for (const auto& [key, group] : uploads) {
        ObjectHeaders h{std::get<1>(key), std::get<2>(key)};
        std::string list = lists.write("upload-" + std::to_string(run++), group);
        check_rclone(run_program(rclone_upload_argv(target, o, h, list), "rclone", nullptr, &env),
                     "copy", target);
    }
    if (!removals.empty())
        check_rclone(run_program(rclone_delete_argv(target, o, lists.write("delete", removals)),
                                 "rclone", nullptr, &env),
                     "delete", target);
    return s;
}

}  // namespace kmsite::deploy
