#include "deploy/deploy.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "deploy/internal.h"
#include "publish/publish.h"

namespace kmsite::deploy {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void not_a_build(const std::string& out, const std::string& why) {
    throw Refused(terminal_safe(out) + " is not a complete kmsite build (" + why +
                  "); run `kmsite build` first, then publish / โฟลเดอร์ " + terminal_safe(out) +
                  " ไม่ใช่ผลลัพธ์ที่สมบูรณ์ของ kmsite build ให้รัน kmsite build ก่อน แล้วจึงเผยแพร่");
}

}  // namespace

std::vector<std::string> built_files(const std::string& out) {
    struct stat st {};
    if (::stat(out.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        not_a_build(out, "there is no such folder");
    auto text = read_file((fs::path(out) / publish::manifest_name).string());
    if (!text) not_a_build(out, std::string("it has no ") + publish::manifest_name);
    // The writer's own test: every listed file on disk exactly as the build
    // left it (inode, size and times), and no commit left unfinished.
    publish::OutputWriter writer(out);
    if (!writer.intact())
        not_a_build(out, "files were changed, added by hand or removed since the build");
    std::vector<std::string> files;
    for (auto& e : publish::parse_manifest(*text)) files.push_back(std::move(e.path));
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

// ---- dir: ---------------------------------------------------------------------

namespace {

struct TargetEntry {
    bool dir = false;
    bool regular = false;  // else a symbolic link or another non-folder
    std::uint64_t size = 0;
};

// Everything under `root`, without following symbolic links, and without
// dot-files and dot-folders (a webmaster's .htaccess, .well-known/, a .git):
// those are never compared, replaced or removed.
void walk_target(const fs::path& root, const std::string& rel,
                 std::map<std::string, TargetEntry>& found) {
    std::error_code ec;
    for (auto it = fs::directory_iterator(rel.empty() ? root : root / rel, ec);
         !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::string path = rel.empty() ? name : rel + "/" + name;
        struct stat st {};
        if (::lstat(it->path().c_str(), &st) != 0) continue;
        TargetEntry e;
        e.dir = S_ISDIR(st.st_mode);
        e.regular = S_ISREG(st.st_mode);
        e.size = static_cast<std::uint64_t>(st.st_size);
        found.emplace(path, e);
        if (e.dir) walk_target(root, path, found);
    }
}

[[noreturn]] void cannot_write(const std::string& what, int err) {
    if (is_storage_error(err)) throw_storage_error(what, err);
    throw EnvironmentError("cannot write " + terminal_safe(what) + ": " + std::strerror(err) +
                           " / เขียนไฟล์ที่ปลายทางไม่ได้ ตรวจสอบสิทธิ์ของโฟลเดอร์ปลายทาง");
}

// One file replaced with one rename: a reader of the target sees the old
// bytes or the new ones, never a half-written file.
void write_atomically(const fs::path& full, std::string_view data) {
    static constexpr char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::random_device random;
    std::string tmp_name = ".kmsite-tmp-";
    for (int i = 0; i < 8; ++i) tmp_name += letters[random() % 36];
    fs::path tmp = full.parent_path() / tmp_name;
    if (!write_file(tmp.string(), data, false)) cannot_write(full.string(), errno);
    if (::rename(tmp.c_str(), full.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        cannot_write(full.string(), err);
    }
}

}  // namespace

bool dry_run_listed(Plan& lines, const Options& o) {
    std::sort(lines.begin(), lines.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    if (!o.dry_run) return false;
    for (const auto& [c, path] : lines)
        std::fprintf(o.log, "%c %s\n", c, terminal_safe(path).c_str());
    return true;
}

void refuse_deletes(std::size_t removing, const Options& o, const std::string& where) {
    if (o.max_deletes && removing > *o.max_deletes)
        throw Refused("publishing would remove " + std::to_string(removing) + " files from " +
                      terminal_safe(where) + ", more than --max-deletes " +
                      std::to_string(*o.max_deletes) +
                      "; nothing was changed; allow more with --max-deletes N if that is right / "
                      "การเผยแพร่จะลบไฟล์ " +
                      std::to_string(removing) + " ไฟล์ เกินกว่าที่ --max-deletes " +
                      std::to_string(*o.max_deletes) + " อนุญาต จึงไม่ได้เปลี่ยนแปลงสิ่งใด");
}

Summary publish_dir(const config::PublishTarget& target, const Options& o) {
    fs::path t = fs::weakly_canonical(fs::absolute(target.path));
    // Removing what the output lacks would remove the site, or the output
    // itself, if the target held them.
    if (publish::folders_overlap(target.path, o.out) ||
        publish::folders_overlap(target.path, o.source))
        throw EnvironmentError(
            "dir:" + terminal_safe(target.path) +
            " overlaps the site or its output folder; publish to a folder outside both / "
            "โฟลเดอร์ปลายทางซ้อนกับเว็บไซต์หรือโฟลเดอร์ผลลัพธ์ ให้ใช้โฟลเดอร์อื่นที่อยู่นอกทั้งสอง");
    std::vector<std::string> files = built_files(o.out);
    std::error_code ec;
    if (fs::exists(t, ec) && !fs::is_directory(t, ec))
        throw EnvironmentError("dir:" + terminal_safe(target.path) +
                               " is not a folder / ปลายทางไม่ใช่โฟลเดอร์");

    std::map<std::string, TargetEntry> existing;
    if (fs::is_directory(t, ec)) walk_target(t, "", existing);

    // 1. The plan, before anything is changed.
    Summary s;
    std::vector<std::pair<char, std::string>> lines;
    std::vector<std::string> writes;
    std::set<std::string> wanted(files.begin(), files.end()), wanted_dirs;
    for (const auto& f : files)
        for (std::string_view a = parent_path(f); !a.empty(); a = parent_path(a))
            wanted_dirs.emplace(a);
    for (const auto& f : files) {
        auto it = existing.find(f);
        if (it == existing.end()) {
            ++s.added;
            lines.emplace_back('+', f);
            writes.push_back(f);
            continue;
        }
        if (it->second.dir)
            throw EnvironmentError("dir:" + terminal_safe(target.path) + " has a folder at " +
                                   terminal_safe(f) +
                                   ", where the site has a file; move it away / ปลายทางมีโฟลเดอร์"
                                   "อยู่ในตำแหน่งของไฟล์ ให้ย้ายออก");
        bool same = false;
        if (it->second.regular && it->second.size == fs::file_size(fs::path(o.out) / f, ec)) {
            auto a = read_file((t / f).string());
            auto b = read_file((fs::path(o.out) / f).string());
            same = a && b && *a == *b;
        }
        if (same) {
            ++s.unchanged;
        } else {
            ++s.changed;
            lines.emplace_back('~', f);
            writes.push_back(f);
        }
    }
    std::vector<std::string> removals;
    for (const auto& [path, e] : existing) {
        if (e.dir) continue;
        if (!wanted.count(path)) removals.push_back(path);
    }
    // A symbolic link where the site has a folder is not in the site, so it
    // is among the removals: removed, then a real folder made (below).
    s.removed = removals.size();
    for (const auto& r : removals) lines.emplace_back('-', r);
    refuse_deletes(removals.size(), o, "dir:" + target.path);
    if (dry_run_listed(lines, o)) return s;

    // 2. Removals first (a new file may take the place of an old folder's
    // file), then the folders they left empty, deepest first.
    std::set<std::string> emptied;
    for (const auto& r : removals) {
        if (::unlink((t / r).c_str()) != 0 && errno != ENOENT) cannot_write(r, errno);
        for (std::string_view a = parent_path(r); !a.empty(); a = parent_path(a))
            emptied.emplace(a);
    }
    for (auto it = emptied.rbegin(); it != emptied.rend(); ++it)
        if (!wanted_dirs.count(*it)) ::rmdir((t / *it).c_str());  // fails where anything is left

    // 3. New and changed files. Folders are made one level at a time with
    // lstat checks, so no symbolic link in the target is ever written through.
    if (!make_directories(t.string())) cannot_write(t.string(), errno);
    std::set<std::string> made;
    for (const auto& f : writes) {
        std::vector<std::string_view> chain;
        for (std::string_view a = parent_path(f); !a.empty(); a = parent_path(a)) {
            if (made.count(std::string(a))) break;
            chain.push_back(a);
        }
        for (auto a = chain.rbegin(); a != chain.rend(); ++a) {
            fs::path dir = t / std::string(*a);
            struct stat st {};
            if (::lstat(dir.c_str(), &st) == 0) {
                if (!S_ISDIR(st.st_mode))
                    throw EnvironmentError(
                        terminal_safe(dir.string()) +
                        " is a symbolic link or a file where the site has a folder; kmsite does "
                        "not write through links; remove it / ปลายทางมีลิงก์หรือไฟล์ในตำแหน่งของ"
                        "โฟลเดอร์ kmsite ไม่เขียนผ่านลิงก์ ให้ลบออก");
            } else if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) {
                cannot_write(dir.string(), errno);
            }
            made.emplace(*a);
        }
        auto data = read_file((fs::path(o.out) / f).string());
        if (!data) not_a_build(o.out, "cannot read " + f);
        write_atomically(t / f, *data);
    }
    return s;
}

// ---- rsync: -------------------------------------------------------------------

std::vector<std::string> rsync_argv(const config::PublishTarget& target, const Options& o) {
    // --checksum: only files whose bytes differ are sent (a build rewrites
    // only changed files, but times differ between machines). Dot-files are
    // excluded: the manifest is not sent, and the server's own dot-files
    // (.htaccess, .well-known/) are neither replaced nor deleted.
    std::vector<std::string> argv = {"rsync", "-a", "--delete", "--checksum", "--exclude=.*"};
    if (o.dry_run) {
        argv.push_back("--dry-run");
        argv.push_back("--itemize-changes");
    }
    if (o.max_deletes) argv.push_back("--max-delete=" + std::to_string(*o.max_deletes));
    argv.push_back(fs::weakly_canonical(fs::absolute(o.out)).string() + "/");
    argv.push_back(target.path);
    return argv;
}

int publish_rsync(const config::PublishTarget& target, const Options& o) {
    built_files(o.out);
    std::fflush(o.log);
    // rsync's own --max-delete skips the deletions past N as it goes, after
    // other files were already sent. A dry pass first counts them, so that
    // too many is refused before anything changes, as for the other targets.
    if (o.max_deletes && !o.dry_run) {
        Options dry = o;
        dry.dry_run = true;
        // Without rsync's own limit: the real rsync stops a dry run that
        // would pass it with status 25 instead of listing the deletions.
        dry.max_deletes.reset();
        std::string listing;
        int status = run_program(rsync_argv(target, dry), "rsync", &listing);
        if (status != 0) return status;
        std::size_t deletes = 0;
        for (std::size_t at = 0; at < listing.size();) {
            std::size_t end = listing.find('\n', at);
            if (end == std::string::npos) end = listing.size();
            deletes += listing.compare(at, 9, "*deleting") == 0;
            at = end + 1;
        }
        refuse_deletes(deletes, o, "rsync:" + target.path);
    }
    return run_program(rsync_argv(target, o), "rsync", nullptr);
}

}  // namespace kmsite::deploy
