#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <random>
#include <set>

#include "core/core.h"
#include "publish/publish.h"

namespace kmsite::publish {

namespace fs = std::filesystem;

namespace {

fs::path absolute_clean(const std::string& p) {
    return fs::weakly_canonical(fs::absolute(p));
}

bool inside(const fs::path& child, const fs::path& parent) {
    auto rel = child.lexically_relative(parent);
    return !rel.empty() && *rel.begin() != "..";
}

// Staging folders of `out` are named ".<out>.kmsite-staging-" and eight
// random letters or digits, beside it.
std::string staging_prefix(const fs::path& o) {
    return "." + o.filename().string() + ".kmsite-staging-";
}
constexpr std::size_t staging_suffix_length = 8;

bool all_of_chars(std::string_view s, bool upper) {
    return std::all_of(s.begin(), s.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (upper && c >= 'A' && c <= 'Z');
    });
}

// A staging folder of this output, or of a build before this version
// (".<out>.kmsite-" and mkdtemp's six letters and digits, which always held
// a digit or a capital letter in practice, and the ".old" folder of a
// two-rename swap). Nothing else is ever taken for one: a user's own
// ".public.kmsite-backup" is left alone.
bool is_staging_name(const std::string& name, const fs::path& o) {
    std::string prefix = staging_prefix(o);
    if (name.rfind(prefix, 0) == 0)
        return name.size() == prefix.size() + staging_suffix_length &&
               all_of_chars(std::string_view(name).substr(prefix.size()), false);
    std::string legacy = "." + o.filename().string() + ".kmsite-";
    if (name.rfind(legacy, 0) != 0) return false;
    std::string_view suffix = std::string_view(name).substr(legacy.size());
    if (suffix.size() == 6 + 4 && suffix.substr(6) == ".old") suffix = suffix.substr(0, 6);
    return suffix.size() == 6 && all_of_chars(suffix, true) &&
           std::any_of(suffix.begin(), suffix.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
}

// Where the previous output waits during a swap on file systems without
// RENAME_EXCHANGE. It is not a staging name: a build killed between the two
// renames leaves the live site here, and the next build puts it back.
fs::path previous_output(const fs::path& o) {
    return o.parent_path() / ("." + o.filename().string() + ".kmsite-previous");
}

// An exclusive flock on a directory, held while the object lives. Builds
// lock the folder that holds the output while they look for stale staging,
// create their own, and swap, so those steps of two builds never interleave.
// A folder that cannot be opened (no read permission) is not locked: the
// build still works, only without protection from a concurrent build.
class DirLock {
  public:
    explicit DirLock(const fs::path& dir) {
        fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd_ < 0) return;
        while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
        }
    }
    ~DirLock() { release(); }
    DirLock(const DirLock&) = delete;
    DirLock& operator=(const DirLock&) = delete;
    void release() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

  private:
    int fd_ = -1;
};

// Opens `dir` and takes its flock: blocking, or only if free. Returns the
// descriptor holding the lock, or -1. A running build holds the lock on its
// staging folder until it has removed it; the kernel drops the lock when the
// process dies however it dies, so an unlocked staging folder is stale.
int lock_directory(const fs::path& dir, bool wait) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    int r;
    while ((r = ::flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB)) != 0 && errno == EINTR) {
    }
    if (r != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// The previous output can hold tens of thousands of files; its top-level
// entries are removed on all cores.
void remove_tree_parallel(const std::string& dir) {
    std::vector<fs::path> entries;
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        entries.push_back(it->path());
    }
    parallel_for(entries.size(), default_jobs(),
                 [&](std::size_t i, unsigned) { remove_tree(entries[i].string()); });
    remove_tree(dir);
}

struct Stale {
    fs::path path;
    int fd;  // holds the lock, so no other build removes it at the same time
};

// Must be called with the parent folder locked: then no build is between
// creating its staging folder and locking it.
std::vector<Stale> find_stale(const fs::path& o) {
    std::vector<Stale> stale;
    std::error_code ec;
    for (auto it = fs::directory_iterator(o.parent_path(), ec);
         !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!is_staging_name(name, o)) continue;
        std::error_code type_ec;
        if (!fs::is_directory(it->symlink_status(type_ec))) continue;
        int fd = lock_directory(it->path(), false);
        if (fd >= 0) stale.push_back({it->path(), fd});
    }
    return stale;
}

void remove_stale(std::vector<Stale>& stale) {
    for (auto& s : stale) {
        remove_tree_parallel(s.path.string());
        ::close(s.fd);
    }
}

bool is_dir_no_follow(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool exists_no_follow(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

// Must be called with the parent folder locked. A previous output left by a
// build killed in the middle of a two-rename swap is the live site when the
// output is missing (it is put back), and a stale leftover otherwise.
void recover_previous(const fs::path& o, std::vector<Stale>& stale) {
    fs::path previous = previous_output(o);
    if (!is_dir_no_follow(previous.string())) return;
    int fd = lock_directory(previous, false);
    if (fd < 0) return;  // a build is still removing it
    if (!exists_no_follow(o.string()) && ::rename(previous.c_str(), o.c_str()) == 0) {
        ::close(fd);
        return;
    }
    stale.push_back({previous, fd});
}

// ---- carrying kept files over ----------------------------------------------

[[noreturn]] void cannot_carry(const std::string& path, int err) {
    if (is_storage_error(err)) throw_storage_error(path, err);
    throw EnvironmentError("cannot keep " + path +
                           " (a file kmsite did not write) in the new "
                           "output: " +
                           std::strerror(err) +
                           "; the previous output was left unchanged / "
                           "ย้ายไฟล์ที่ไม่ได้สร้างโดย kmsite ไปยังผลลัพธ์ใหม่ไม่ได้ ผลลัพธ์เดิมยังอยู่ครบ");
}

// A folder with the mode of `like`.
void make_dir_like(const std::string& dir, const std::string& like) {
    struct stat st {};
    if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) cannot_carry(dir, errno);
    if (::lstat(like.c_str(), &st) == 0) ::chmod(dir.c_str(), st.st_mode & 07777);
}

// Hard links keep the old output whole until the swap (a build killed here
// loses nothing) and cost nothing for a big .git; a copy is the fallback
// where links are not allowed.
void link_or_copy(const std::string& from, const std::string& to) {
    if (::link(from.c_str(), to.c_str()) == 0) return;
    int err = errno;
    if (is_storage_error(err)) throw_storage_error(to, err);
    std::error_code ec;
    auto status = fs::symlink_status(from, ec);
    if (fs::is_symlink(status))
        fs::copy_symlink(from, to, ec);
    else if (fs::is_regular_file(status))
        fs::copy_file(from, to, ec);
    else
        cannot_carry(from, err);
    if (ec) cannot_carry(from, ec.value());
}

void carry_tree(const std::string& from, const std::string& to) {
    make_dir_like(to, from);
    DIR* d = ::opendir(from.c_str());
    if (!d) cannot_carry(from, errno);
    std::vector<std::string> names;
    while (dirent* e = ::readdir(d)) {
        std::string_view name = e->d_name;
        if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(d);
    for (const auto& name : names) {
        std::string f = from + "/" + name, t = to + "/" + name;
        if (is_dir_no_follow(f))
            carry_tree(f, t);
        else
            link_or_copy(f, t);
    }
}

// The entries of the previous output that kmsite did not write: with a
// manifest, everything it does not list (whole folders where it lists
// nothing inside); without one (an output of kmsite before manifests),
// the hidden entries and CNAME at the top.
std::vector<std::string> kept_entries(const fs::path& o) {
    std::vector<std::string> kept;
    auto manifest = read_file((o / manifest_name).string());
    std::set<std::string> owned, owned_dirs;
    if (manifest) {
        for (auto& p : parse_manifest(*manifest)) {
            for (std::string_view d = parent_path(p); !d.empty(); d = parent_path(d))
                owned_dirs.emplace(d);
            owned.insert(std::move(p));
        }
    }
    std::vector<std::string> pending{""};
    while (!pending.empty()) {
        std::string rel = std::move(pending.back());
        pending.pop_back();
        std::string dir = rel.empty() ? o.string() : (o / rel).string();
        DIR* d = ::opendir(dir.c_str());
        if (!d) continue;
        while (dirent* e = ::readdir(d)) {
            std::string name = e->d_name;
            if (name == "." || name == "..") continue;
            std::string r = rel.empty() ? name : rel + "/" + name;
            if (r == manifest_name) continue;
            if (!manifest) {
                if (name[0] == '.' || name == "CNAME") kept.push_back(r);
                continue;
            }
            if (is_dir_no_follow(dir + "/" + name)) {
                if (owned_dirs.count(r))
                    pending.push_back(r);
                else
                    kept.push_back(r);
            } else if (!owned.count(r)) {
                kept.push_back(r);
            }
        }
        ::closedir(d);
    }
    std::sort(kept.begin(), kept.end());
    return kept;
}

// Links every kept entry of the old output `o` into `staging`. Refuses,
// before changing anything, when the build wrote something at a kept path.
void carry_over(const fs::path& o, const std::string& staging, const std::string& out) {
    auto kept = kept_entries(o);
    std::vector<std::string> collisions;
    for (const auto& r : kept) {
        bool clash = exists_no_follow(staging + "/" + r);
        for (std::string_view a = parent_path(r); !clash && !a.empty(); a = parent_path(a)) {
            std::string p = staging + "/" + std::string(a);
            clash = exists_no_follow(p) && !is_dir_no_follow(p);
        }
        if (clash) collisions.push_back(r);
    }
    if (!collisions.empty()) {
        std::string list;
        for (std::size_t i = 0; i < collisions.size() && i < 10; ++i)
            list += (i ? ", " : "") + collisions[i];
        if (collisions.size() > 10) list += ", ...";
        throw EnvironmentError(
            out +
            " holds files that kmsite did not write and that this build now writes too: " + list +
            "; move them out of the output folder (or rename the content that now uses these "
            "paths), then build again; the previous output was left unchanged / ในโฟลเดอร์ผลลัพธ์มีไฟล์"
            "ที่ไม่ได้สร้างโดย kmsite อยู่ในตำแหน่งเดียวกับไฟล์ที่การสร้างครั้งนี้เขียน ให้ย้ายไฟล์เหล่านั้นออก "
            "(หรือเปลี่ยนชื่อเนื้อหา) แล้วสร้างใหม่ ผลลัพธ์เดิมยังอยู่ครบ");
    }
    for (const auto& r : kept) {
        // The folders above a kept entry that this build did not make.
        std::vector<std::string_view> missing;
        for (std::string_view a = parent_path(r); !a.empty(); a = parent_path(a)) {
            if (is_dir_no_follow(staging + "/" + std::string(a))) break;
            missing.push_back(a);
        }
        for (auto it = missing.rbegin(); it != missing.rend(); ++it)
            make_dir_like(staging + "/" + std::string(*it), (o / std::string(*it)).string());
        std::string from = (o / r).string(), to = staging + "/" + r;
        if (is_dir_no_follow(from))
            carry_tree(from, to);
        else
            link_or_copy(from, to);
    }
}

}  // namespace

void check_output_path(const std::string& out, const std::string& site_root) {
    fs::path o = absolute_clean(out);
    fs::path root = absolute_clean(site_root);
    if (o == root || inside(root, o)) {
        throw EnvironmentError("output directory " + out +
                               " would replace the site itself; choose e.g. public/");
    }
    for (const char* source_dir : {"content", "themes", "site-config", ".git"}) {
        if (o == root / source_dir || inside(o, root / source_dir)) {
            throw EnvironmentError("output directory " + out + " is inside the site's " +
                                   source_dir + "/ folder");
        }
    }
    std::error_code ec;
    if (fs::exists(o, ec) && !fs::is_directory(o, ec)) {
        throw EnvironmentError("output path " + out + " exists and is not a directory");
    }
    if (!fs::is_directory(o, ec) || fs::is_empty(o, ec) || fs::exists(o / manifest_name, ec) ||
        fs::exists(o / "index.html", ec) || fs::exists(o / "404.html", ec)) {
        return;
    }
    // A fresh gh-pages checkout holds only .git, CNAME and the like: kmsite
    // may build into it and keeps them.
    for (auto it = fs::directory_iterator(o, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name[0] != '.' && name != "CNAME") {
            throw EnvironmentError("refusing to replace " + out +
                                   ": it is not empty and does not look like a kmsite output");
        }
    }
}

std::string manifest_text(std::vector<std::string> files) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::sort(files.begin(), files.end());
    std::string out =
        "# kmsite: the files the last build wrote into this folder, one a line (%XX escapes).\n"
        "# The next build replaces them and keeps every other file here.\n";
    for (const auto& f : files) {
        for (unsigned char c : f) {
            if (c == '%' || c < 0x20 || c == 0x7F) {
                out += '%';
                out += hex[c >> 4];
                out += hex[c & 15];
            } else {
                out += static_cast<char>(c);
            }
        }
        out += '\n';
    }
    return out;
}

std::vector<std::string> parse_manifest(const std::string& text) {
    std::vector<std::string> files;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        if (!line.empty() && line[0] != '#') {
            // Only paths inside the output count: a tampered manifest cannot
            // make the build treat anything outside it as its own.
            if (auto p = normalize_relative(percent_decode(line)); p && !p->empty())
                files.push_back(*p);
        }
        start = end + 1;
    }
    return files;
}

std::size_t remove_stale_staging(const std::string& out) {
    fs::path o = absolute_clean(out);
    std::vector<Stale> stale;
    {
        DirLock lock(o.parent_path());
        stale = find_stale(o);
        recover_previous(o, stale);
    }
    remove_stale(stale);
    return stale.size();
}

Staging::Staging(std::string out) : out_(std::move(out)) {
    fs::path o = absolute_clean(out_);
    std::error_code ec;
    fs::create_directories(o.parent_path(), ec);
    std::vector<Stale> stale;
    {
        DirLock lock(o.parent_path());
        stale = find_stale(o);
        recover_previous(o, stale);
        // mkdir, unlike mkdtemp, gives 0777 less the umask: the output must be
        // readable by a web server running as another user.
        std::random_device random;
        static constexpr char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int attempt = 0; attempt < 100 && path_.empty(); ++attempt) {
            std::string name = staging_prefix(o);
            for (std::size_t i = 0; i < staging_suffix_length; ++i) name += letters[random() % 36];
            std::string candidate = (o.parent_path() / name).string();
            if (::mkdir(candidate.c_str(), 0777) == 0) {
                path_ = candidate;
            } else if (errno != EEXIST) {
                int err = errno;
                for (auto& s : stale) ::close(s.fd);
                if (is_storage_error(err)) throw_storage_error(candidate, err);
                throw EnvironmentError("cannot create a staging directory beside " + out_ + ": " +
                                       std::strerror(err));
            }
        }
        if (path_.empty()) {
            for (auto& s : stale) ::close(s.fd);
            throw EnvironmentError("cannot create a staging directory beside " + out_);
        }
        lock_fd_ = lock_directory(path_, true);
    }
    remove_stale(stale);
}

Staging::~Staging() {
    if (!committed_) remove_tree_parallel(path_);
    if (lock_fd_ >= 0) ::close(lock_fd_);
}

void Staging::commit(const std::vector<std::string>& written) {
    fs::path o = absolute_clean(out_);
    DirLock lock(o.parent_path());
    bool had_output = is_dir_no_follow(o.string());
    if (had_output) carry_over(o, path_, out_);
    if (!write_file(path_ + "/" + manifest_name, manifest_text(written), false)) {
        int err = errno;
        if (is_storage_error(err)) throw_storage_error(manifest_name, err);
        throw EnvironmentError(std::string("cannot write ") + manifest_name + ": " +
                               std::strerror(err));
    }
    if (!had_output) {
        if (::rename(path_.c_str(), o.c_str()) != 0) {
            throw EnvironmentError("cannot move the build into " + out_ + ": " +
                                   std::strerror(errno));
        }
        committed_ = true;
        return;
    }
    // RENAME_EXCHANGE swaps both names at once; the old site ends up under
    // the staging name, locked (while the parent is still locked) so that no
    // other build takes it for stale while it is being removed.
    std::string old = path_;
    if (renameat2(AT_FDCWD, path_.c_str(), AT_FDCWD, o.c_str(), RENAME_EXCHANGE) != 0) {
        // File systems without RENAME_EXCHANGE: two renames, old output kept until the end.
        old = previous_output(o).string();
        if (::rename(o.c_str(), old.c_str()) != 0) {
            throw EnvironmentError("cannot move the build into " + out_ + ": " +
                                   std::strerror(errno));
        }
        if (::rename(path_.c_str(), o.c_str()) != 0) {
            int err = errno;
            ::rename(old.c_str(), o.c_str());
            throw EnvironmentError("cannot move the build into " + out_ + ": " +
                                   std::strerror(err));
        }
    }
    committed_ = true;
    int old_fd = lock_directory(old, true);
    lock.release();
    remove_tree_parallel(old);
    if (old_fd >= 0) ::close(old_fd);
}

}  // namespace kmsite::publish
