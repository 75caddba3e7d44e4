#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <random>
#include <set>
#include <span>

#include "compress/compress.h"
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

}  // namespace

void check_output_path(const std::string& out, const std::string& site_root) {
    fs::path o = absolute_clean(out);
    fs::path root = absolute_clean(site_root);
    if (o == root || inside(root, o)) {
        throw EnvironmentError("output directory " + out +
                               " would replace the site itself; choose e.g. public/ / "
                               "โฟลเดอร์ผลลัพธ์นี้จะทับเว็บไซต์ต้นฉบับ ให้ใช้โฟลเดอร์อื่น เช่น public/");
    }
    for (const char* source_dir : {"content", "themes", "site-config", ".git"}) {
        if (o == root / source_dir || inside(o, root / source_dir)) {
            throw EnvironmentError("output directory " + out + " is inside the site's " +
                                   source_dir +
                                   "/ folder; choose e.g. public/ / โฟลเดอร์ผลลัพธ์อยู่ในโฟลเดอร์ต้นฉบับ "
                                   "ให้ใช้โฟลเดอร์อื่น เช่น public/");
        }
    }
    std::error_code ec;
    if (fs::exists(o, ec) && !fs::is_directory(o, ec)) {
        throw EnvironmentError("output path " + out +
                               " exists and is not a directory; choose another --out / "
                               "มีไฟล์ชื่อนี้อยู่แล้วและไม่ใช่โฟลเดอร์ ให้ระบุ --out อื่น");
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
            throw EnvironmentError(
                "refusing to replace " + out +
                ": it is not empty and does not look like a kmsite output; choose an empty "
                "folder / โฟลเดอร์นี้มีไฟล์อื่นอยู่และไม่ใช่ผลลัพธ์ของ kmsite "
                "ให้ใช้โฟลเดอร์ว่าง");
        }
    }
}

namespace {

constexpr std::string_view manifest_header =
    "# kmsite output manifest v2: the files the last build wrote into this folder, one a\n"
    "# line: path (%XX escapes), XXH3-128 of the bytes, size, inode, mtime and ctime in ns.\n"
    "# The next build rewrites only files whose bytes changed and keeps every other file here.\n";
// A line of the header, after the lines above, when the build made the .gz
// and .br copies of its text files: only then is a copy the manifest lists
// known to be its file compressed (a build without precompression may have
// copied a content file of that name).
constexpr std::string_view precompressed_line =
    "# precompressed: each .gz and .br listed is kmsite's copy of the file it is named after\n";

void escape_path(std::string& out, std::string_view path) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (unsigned char c : path) {
        if (c == '%' || c < 0x20 || c == 0x7F) {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
}

std::optional<std::int64_t> whole_number(std::string_view s) {
    if (s.empty() || s.size() > 19) return std::nullopt;
    std::int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace

std::string manifest_text(std::vector<ManifestEntry> entries, bool precompressed) {
    std::sort(entries.begin(), entries.end(),
              [](const ManifestEntry& a, const ManifestEntry& b) { return a.path < b.path; });
    std::string out(manifest_header);
    if (precompressed) out += precompressed_line;
    for (const auto& e : entries) {
        escape_path(out, e.path);
        if (e.known) {
            out += '\t' + e.digest.hex() + '\t' + std::to_string(e.size) + '\t' +
                   std::to_string(e.ino) + '\t' + std::to_string(e.mtime_ns) + '\t' +
                   std::to_string(e.ctime_ns);
        }
        out += '\n';
    }
    return out;
}

bool manifest_precompressed(std::string_view text) {
    // Only the header counts: the comment lines before the first path.
    for (std::size_t at = 0; at < text.size() && text[at] == '#';) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        if (text.substr(at, end + 1 - at) == precompressed_line) return true;
        at = end + 1;
    }
    return false;
}

std::vector<ManifestEntry> parse_manifest(const std::string& text) {
    std::vector<ManifestEntry> entries;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        start = end + 1;
        if (line.empty() || line[0] == '#') continue;
        // At most the six fields of a line (no allocation per line: a
        // manifest has a line per output file).
        std::array<std::string_view, 7> field;
        std::size_t n = 0;
        for (std::size_t at = 0; n < field.size();) {
            std::size_t tab = line.find('\t', at);
            field[n++] = line.substr(at, tab == std::string_view::npos ? tab : tab - at);
            if (tab == std::string_view::npos) break;
            at = tab + 1;
        }
        std::span<const std::string_view> fields(field.data(), n);
        // Only paths inside the output count.
        auto p = normalize_relative(percent_decode(fields[0]));
        if (!p || p->empty() || has_hidden_segment(*p)) continue;
        ManifestEntry e;
        e.path = *p;
        if (fields.size() == 6) {
            auto d = Digest::from_hex(fields[1]);
            auto size = whole_number(fields[2]), ino = whole_number(fields[3]);
            auto mtime = whole_number(fields[4]), ctime = whole_number(fields[5]);
            if (d && size && ino && mtime && ctime) {
                e.digest = *d;
                e.size = static_cast<std::uint64_t>(*size);
                e.ino = static_cast<std::uint64_t>(*ino);
                e.mtime_ns = *mtime;
                e.ctime_ns = *ctime;
                e.known = true;
            }
        }
        entries.push_back(std::move(e));
    }
    return entries;
}

bool folders_overlap(const std::string& a, const std::string& b) {
    fs::path x = absolute_clean(a), y = absolute_clean(b);
    return x == y || inside(x, y) || inside(y, x);
}

void check_output_apart(const std::string& out, const std::string& folder) {
    if (folders_overlap(out, folder))
        throw EnvironmentError("--out " + out + " and the site " + folder +
                               " overlap; merge into a folder of its own / "
                               "โฟลเดอร์ผลลัพธ์ซ้อนกับโฟลเดอร์ของเว็บไซต์ " +
                               folder + " ให้ใช้โฟลเดอร์แยกต่างหาก");
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

struct FileState {
    bool exists = false, regular = false, dir = false;
    std::uint64_t size = 0, ino = 0;
    std::int64_t mtime_ns = 0, ctime_ns = 0;
};

namespace {

FileState from_stat(const struct stat& st) {
    FileState s;
    s.exists = true;
    s.regular = S_ISREG(st.st_mode);
    s.dir = S_ISDIR(st.st_mode);
    s.size = static_cast<std::uint64_t>(st.st_size);
    s.ino = static_cast<std::uint64_t>(st.st_ino);
    s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    s.ctime_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
    return s;
}

FileState file_state(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return {};
    return from_stat(st);
}

// The file on disk is the one the manifest describes: same inode, size and
// times. Anything that rewrote it (an editor, a copy, a restore) changed its
// ctime, which no program can set back.
bool matches(const ManifestEntry& e, const FileState& s) {
    return e.known && s.regular && s.size == e.size && s.ino == e.ino && s.mtime_ns == e.mtime_ns &&
           s.ctime_ns == e.ctime_ns;
}

[[noreturn]] void write_failed(const std::string& what, int err) {
    if (is_storage_error(err)) throw_storage_error(what, err);
    throw EnvironmentError("cannot write " + what + ": " + std::strerror(err) +
                           "; check the output folder's permissions / เขียนไฟล์ผลลัพธ์ไม่ได้ "
                           "ตรวจสอบสิทธิ์ของโฟลเดอร์ผลลัพธ์");
}

// Replaces the manifest with one rename, so a reader (or a killed build)
// sees the old list or the new one.
void write_manifest(const fs::path& o, const std::vector<ManifestEntry>& entries,
                    bool precompressed = false) {
    std::string tmp = (o / (std::string(manifest_name) + ".tmp")).string();
    if (!write_file(tmp, manifest_text(entries, precompressed), false))
        write_failed(manifest_name, errno);
    if (::rename(tmp.c_str(), (o / manifest_name).c_str()) != 0) write_failed(manifest_name, errno);
}

}  // namespace

OutputWriter::OutputWriter(std::string out) : out_(std::move(out)) {
    // Nothing is created until a file must be staged: a build that fails
    // (no such site folder, say) leaves no trace.
    fs::path o = absolute_clean(out_);
    std::error_code ec;
    if (fs::is_directory(o.parent_path(), ec)) remove_stale_staging(out_);
    if (auto text = read_file((o / manifest_name).string())) {
        had_manifest_ = true;
        old_precompressed_ = manifest_precompressed(*text);
        for (auto& e : parse_manifest(*text)) {
            old_complete_ = old_complete_ && e.known;
            old_.insert_or_assign(e.path, std::move(e));
        }
        // A commit that did not finish: the paths it was moving are not
        // what the manifest says (and the digest is not the one recorded).
        if (auto pending = read_file((o / pending_name).string())) {
            for (auto& e : parse_manifest(*pending)) {
                old_complete_ = false;
                old_.insert_or_assign(e.path, ManifestEntry{.path = e.path});
            }
            *text += *pending;
        }
        manifest_digest_ = digest(*text);
    } else {
        old_complete_ = false;
        // An output of a kmsite before manifests: everything but hidden
        // entries and CNAME at the top was its.
        std::error_code type_ec;
        if (fs::is_directory(o, type_ec)) {
            for (auto& rel : list_files(o.string())) {
                if (has_hidden_segment(rel) || rel == "CNAME") continue;
                ManifestEntry e;
                e.path = rel;
                old_.emplace(rel, std::move(e));
            }
        }
    }
    // Opened last: nothing above may throw and leave it open.
    out_fd_ = ::open(o.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
}

OutputWriter::~OutputWriter() {
    if (!staging_.empty()) remove_tree_parallel(staging_);
    if (staging_fd_ >= 0) ::close(staging_fd_);
    if (out_fd_ >= 0) ::close(out_fd_);
}

FileState OutputWriter::on_disk(const std::string& path) const {
    if (out_fd_ < 0) return file_state((fs::path(out_) / path).string());
    struct stat st {};
    if (::fstatat(out_fd_, path.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return {};
    return from_stat(st);
}

// Called with mutex_ held. Made under the parent's lock, so no other build
// takes it for stale between mkdir and flock.
void OutputWriter::make_staging() {
    fs::path o = absolute_clean(out_);
    std::error_code ec;
    fs::create_directories(o.parent_path(), ec);
    DirLock lock(o.parent_path());
    std::random_device random;
    static constexpr char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int attempt = 0; attempt < 100 && staging_.empty(); ++attempt) {
        std::string name = staging_prefix(o);
        for (std::size_t i = 0; i < staging_suffix_length; ++i) name += letters[random() % 36];
        std::string candidate = (o.parent_path() / name).string();
        if (::mkdir(candidate.c_str(), 0700) == 0) {
            staging_ = candidate;
        } else if (errno != EEXIST) {
            int err = errno;
            if (is_storage_error(err)) throw_storage_error(candidate, err);
            throw EnvironmentError("cannot create a staging directory beside " + out_ + ": " +
                                   std::strerror(err) +
                                   "; the folder that holds the output must be writable / "
                                   "สร้างโฟลเดอร์ชั่วคราวข้างโฟลเดอร์ผลลัพธ์ไม่ได้ ต้องเขียนได้");
        }
    }
    if (staging_.empty())
        throw EnvironmentError("cannot create a staging directory beside " + out_ +
                               " / สร้างโฟลเดอร์ชั่วคราวข้างโฟลเดอร์ผลลัพธ์ไม่ได้");
    staging_fd_ = lock_directory(staging_, true);
}

bool OutputWriter::intact() const {
    if (!old_complete_ || old_.empty()) return false;
    for (const auto& [path, e] : old_)
        if (!matches(e, on_disk(path))) return false;
    return true;
}

void OutputWriter::put(const std::string& path, std::string_view data) {
    Digest d = digest(data);
    bool same = false;
    if (auto it = old_.find(path); it != old_.end() && it->second.digest == d)
        same = matches(it->second, on_disk(path));
    long staged = same ? -1 : stage(path, data);
    std::lock_guard lock(mutex_);
    planned_.insert_or_assign(path, Planned{d, data.size(), staged});
}

long OutputWriter::stage(const std::string& path, std::string_view data) {
    long staged;
    {
        std::lock_guard lock(mutex_);
        if (staging_.empty()) make_staging();
        staged = next_staged_++;
    }
    std::string file = staging_ + "/" + std::to_string(staged);
    // 0666 less the umask, like any file a tool writes: a web server
    // running as another user reads it.
    if (!write_file(file, data, false)) write_failed(path, errno);
    return staged;
}

void OutputWriter::precompress(bool on, unsigned jobs) {
    precompress_ = on;
    precompress_jobs_ = jobs == 0 ? default_jobs() : jobs;
}

std::string OutputWriter::planned_bytes(const std::string& path, const Planned& plan) const {
    std::string from = plan.staged >= 0 ? staging_ + "/" + std::to_string(plan.staged)
                                        : (fs::path(out_) / path).string();
    auto data = read_file(from);
    // A kept file was compared with the manifest when planned; one changed
    // since (by hand, while this build ran) must not be compressed as if it
    // were the file the manifest records.
    if (!data || digest(*data) != plan.digest)
        throw EnvironmentError(terminal_safe(path) +
                               " changed in the output folder while kmsite was building; build "
                               "again / ไฟล์ในโฟลเดอร์ผลลัพธ์เปลี่ยนระหว่างการสร้าง ให้สร้างใหม่");
    return std::move(*data);
}

// Runs before commit() takes its locks: the copies are staged like any
// changed file, on all the threads the build may use, each from its file's
// bytes alone, so the plan is the same with any number of jobs.
void OutputWriter::plan_copies() {
    if (!precompress_) return;
    std::vector<std::pair<const std::string*, const Planned*>> files;
    for (const auto& [path, plan] : planned_)
        if (compress::wanted(path, plan.size)) files.emplace_back(&path, &plan);
    std::vector<std::vector<std::pair<std::string, Planned>>> made(files.size());
    std::atomic<std::size_t> fresh{0};
    parallel_for(files.size(), precompress_jobs_, [&](std::size_t i, unsigned) {
        const std::string& path = *files[i].first;
        const Planned& plan = *files[i].second;
        // The last build's copies are of the bytes its manifest records:
        // with those bytes again, a copy on disk as it was left is kept.
        auto was = old_.find(path);
        bool same_bytes = old_precompressed_ && was != old_.end() && was->second.known &&
                          was->second.digest == plan.digest;
        std::optional<std::string> data;
        for (const auto& encoding : compress::encodings()) {
            std::string copy = path + std::string(encoding.suffix);
            if (same_bytes) {
                auto old_copy = old_.find(copy);
                if (old_copy != old_.end() && matches(old_copy->second, on_disk(copy))) {
                    made[i].emplace_back(
                        copy, Planned{old_copy->second.digest, old_copy->second.size, -1});
                    continue;
                }
            }
            if (!data) data = planned_bytes(path, plan);
            std::string bytes = encoding.encode(*data, path);
            if (bytes.empty() || bytes.size() >= data->size()) continue;  // not worth a file
            made[i].emplace_back(copy, Planned{digest(bytes), bytes.size(), stage(copy, bytes)});
            ++fresh;
        }
    });
    for (auto& copies : made) {
        for (auto& [copy, plan] : copies) {
            // The build claims every copy's name (content cannot have one),
            // so only a bug gets here: refuse rather than publish a file
            // under a name the server takes for its neighbour compressed.
            if (!planned_.emplace(copy, plan).second)
                throw EnvironmentError("internal error: " + terminal_safe(copy) +
                                       " is written both as a file and as the compressed copy of " +
                                       terminal_safe(copy.substr(0, copy.rfind('.'))) +
                                       " (please report this) / ข้อผิดพลาดภายในของ kmsite");
            ++copies_;
        }
    }
    copies_made_ = fresh;
}

bool OutputWriter::keep(const std::string& path, const Digest& d) {
    auto it = old_.find(path);
    if (it == old_.end() || it->second.digest != d || !matches(it->second, on_disk(path)))
        return false;
    std::lock_guard lock(mutex_);
    planned_.insert_or_assign(path, Planned{d, it->second.size, -1});
    return true;
}

WriteStats OutputWriter::commit() {
    plan_copies();
    fs::path o = absolute_clean(out_);
    std::error_code ec;
    fs::create_directories(o.parent_path(), ec);
    DirLock lock(o.parent_path());
    WriteStats stats;
    std::lock_guard guard(mutex_);

    // 1. Nothing is changed until every path is known to be ours to write.
    std::vector<std::string> collisions;
    std::set<std::string> checked_dirs;
    for (const auto& [path, plan] : planned_) {
        if (old_.count(path)) continue;
        auto s = file_state((o / path).string());
        bool clash = s.exists;
        for (std::string_view a = parent_path(path); !clash && !a.empty(); a = parent_path(a)) {
            if (!checked_dirs.insert(std::string(a)).second) break;
            auto as = file_state((o / std::string(a)).string());
            clash = as.exists && !as.dir && !old_.count(std::string(a));
        }
        if (clash) collisions.push_back(path);
    }
    if (!collisions.empty()) {
        std::string list;
        for (std::size_t i = 0; i < collisions.size() && i < 10; ++i)
            list += (i ? ", " : "") + terminal_safe(collisions[i]);
        if (collisions.size() > 10) list += ", ...";
        throw EnvironmentError(
            terminal_safe(out_) +
            " holds files that kmsite did not write and that this build now writes too: " + list +
            "; move them out of the output folder (or rename the content that now uses these "
            "paths), then build again; the previous output was left unchanged / ในโฟลเดอร์ผลลัพธ์มีไฟล์"
            "ที่ไม่ได้สร้างโดย kmsite อยู่ในตำแหน่งเดียวกับไฟล์ที่การสร้างครั้งนี้เขียน ให้ย้ายไฟล์เหล่านั้นออก "
            "(หรือเปลี่ยนชื่อเนื้อหา) แล้วสร้างใหม่ ผลลัพธ์เดิมยังอยู่ครบ");
    }

    std::vector<std::string> removed;
    for (const auto& [path, e] : old_)
        if (!planned_.count(path)) removed.push_back(path);
    std::size_t staged_count = 0;
    for (const auto& [path, plan] : planned_) staged_count += plan.staged >= 0;
    stats.written = staged_count;
    stats.unchanged = planned_.size() - staged_count;
    stats.removed = removed.size();
    stats.copies = copies_;
    stats.copies_made = copies_made_;
    if (staged_count == 0 && removed.empty() && old_complete_ && old_.size() == planned_.size() &&
        old_precompressed_ == precompress_) {
        committed_ = true;
        return stats;  // nothing changed: nothing is written, not even the manifest
    }

    // 2. First the paths this commit replaces or adds are written down, none
    // trusted: a build killed from here on leaves files the next build will
    // compare and repair, never files it forgets. Beside a manifest, a
    // journal of those paths alone (a few lines, not the 24,000 of the
    // manifest); for a first build, a manifest of every path.
    if (::mkdir(o.c_str(), 0777) != 0 && errno != EEXIST) write_failed(out_, errno);
    if (had_manifest_) {
        // With the paths an unfinished commit left untrusted, which this
        // one may remove or leave: none is forgotten until a manifest says.
        std::set<std::string> moving_paths;
        for (const auto& [path, plan] : planned_)
            if (plan.staged >= 0) moving_paths.insert(path);
        for (const auto& [path, e] : old_)
            if (!e.known) moving_paths.insert(path);
        std::vector<ManifestEntry> moving;
        for (const auto& path : moving_paths) moving.push_back(ManifestEntry{.path = path});
        std::string tmp = (o / (std::string(pending_name) + ".tmp")).string();
        if (!write_file(tmp, manifest_text(moving), false)) write_failed(pending_name, errno);
        if (::rename(tmp.c_str(), (o / pending_name).c_str()) != 0)
            write_failed(pending_name, errno);
    } else {
        std::vector<ManifestEntry> interim;
        for (const auto& [path, e] : old_) {
            bool rewritten = planned_.count(path) && planned_.at(path).staged >= 0;
            interim.push_back(rewritten ? ManifestEntry{.path = path} : e);
        }
        for (const auto& [path, plan] : planned_)
            if (!old_.count(path)) interim.push_back(ManifestEntry{.path = path});
        write_manifest(o, interim);
    }

    // 3. Files no longer made go first (a new file may need the place of an
    // old one's folder), then the folders they leave empty.
    std::set<std::string> emptied;
    for (const auto& path : removed) {
        std::string full = (o / path).string();
        if (::unlink(full.c_str()) != 0 && errno != ENOENT) {
            // A folder now where kmsite wrote a file: someone else's, left alone.
            if (errno != EISDIR && errno != EPERM) write_failed(path, errno);
        }
        for (std::string_view a = parent_path(path); !a.empty(); a = parent_path(a))
            emptied.emplace(a);
    }
    for (auto it = emptied.rbegin(); it != emptied.rend(); ++it)
        ::rmdir((o / *it).c_str());  // fails, harmlessly, where anything is left inside

    // 4. Each changed file replaces its old version with one rename.
    std::vector<ManifestEntry> entries;
    entries.reserve(planned_.size());
    std::set<std::string> made;
    for (const auto& [path, plan] : planned_) {
        ManifestEntry e{path, plan.digest, plan.size};
        std::string full = (o / path).string();
        if (plan.staged >= 0) {
            std::vector<std::string_view> missing;
            for (std::string_view a = parent_path(path); !a.empty(); a = parent_path(a)) {
                if (made.count(std::string(a))) break;
                missing.push_back(a);
            }
            for (auto m = missing.rbegin(); m != missing.rend(); ++m) {
                std::string dir = (o / std::string(*m)).string();
                // 0777 less the umask, as mkdir(1) does.
                if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) write_failed(dir, errno);
                made.emplace(*m);
            }
            std::string from = staging_ + "/" + std::to_string(plan.staged);
            if (::rename(from.c_str(), full.c_str()) != 0) write_failed(path, errno);
        }
        // A file left as it was keeps its entry (it was compared with the
        // disk when planned); only a renamed one is looked at again.
        if (auto kept = old_.find(path); plan.staged < 0 && kept != old_.end()) {
            entries.push_back(kept->second);
            continue;
        }
        auto s = file_state(full);
        if (s.regular) {
            e.ino = s.ino;
            e.mtime_ns = s.mtime_ns;
            e.ctime_ns = s.ctime_ns;
            e.known = true;
        }
        entries.push_back(std::move(e));
    }

    // 5. The manifest of what is there now, then the journal and the
    // emptied staging folder go.
    write_manifest(o, entries, precompress_);
    if (::unlink((o / pending_name).c_str()) != 0 && errno != ENOENT)
        write_failed(pending_name, errno);
    committed_ = true;
    if (!staging_.empty()) remove_tree(staging_);
    if (staging_fd_ >= 0) ::close(staging_fd_);
    staging_.clear();
    staging_fd_ = -1;
    return stats;
}

}  // namespace kmsite::publish
