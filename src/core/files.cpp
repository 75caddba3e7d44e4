#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/core.h"

namespace kmsite {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct stat st {};
    std::string data;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        data.resize(static_cast<std::size_t>(st.st_size));
    std::size_t used = 0;
    // Once the buffer is full (at the size fstat gave, most often the whole
    // file), a small read looks for more before the buffer grows: growing
    // it to find the end would copy and clear as many bytes again.
    char probe[4096];
    while (true) {
        bool full = used == data.size();
        ssize_t n = full ? ::read(fd, probe, sizeof probe)
                         : ::read(fd, data.data() + used, data.size() - used);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            bool ok = n == 0;
            ::close(fd);
            if (!ok) return std::nullopt;
            data.resize(used);
            return data;
        }
        if (full) {
            auto got = static_cast<std::size_t>(n);
            data.resize(std::max({used + got, data.size() * 2, std::size_t{4096}}));
            std::memcpy(data.data() + used, probe, got);
        }
        used += static_cast<std::size_t>(n);
    }
}

std::optional<std::string> read_file_beneath(const std::string& dir, std::string_view relative,
                                             std::size_t max_bytes) {
    if (relative.empty() || relative.front() == '/') return std::nullopt;
    // Each folder is opened from the one before with O_NOFOLLOW: a symbolic
    // link anywhere on the path (search -> /etc) stops the read, as does a
    // name that climbs out ("..") or a file that is not a regular file (a
    // FIFO would block).
    int at = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (at < 0) return std::nullopt;
    std::size_t begin = 0;
    while (true) {
        std::size_t slash = relative.find('/', begin);
        std::string part(relative.substr(
            begin, slash == std::string_view::npos ? std::string_view::npos : slash - begin));
        if (part.empty() || part == "." || part == "..") {
            ::close(at);
            return std::nullopt;
        }
        bool last = slash == std::string_view::npos;
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (last ? O_NONBLOCK : O_DIRECTORY);
        int next = ::openat(at, part.c_str(), flags);
        ::close(at);
        if (next < 0) return std::nullopt;
        at = next;
        if (last) break;
        begin = slash + 1;
    }
    struct stat st {};
    if (::fstat(at, &st) != 0 || !S_ISREG(st.st_mode) ||
        static_cast<std::uint64_t>(st.st_size) > max_bytes) {
        ::close(at);
        return std::nullopt;
    }
    std::string data(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t used = 0;
    while (used < data.size()) {
        ssize_t n = ::read(at, data.data() + used, data.size() - used);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        used += static_cast<std::size_t>(n);
    }
    ::close(at);
    if (used != data.size()) return std::nullopt;  // shrank while read
    return data;
}

bool make_directories(const std::string& path) {
    std::error_code ec;
    fs::create_directories(path, ec);
    return !ec;
}

bool write_file(const std::string& path, std::string_view data, bool make_parents) {
    auto parent = fs::path(path).parent_path();
    if (make_parents && !parent.empty() && !make_directories(parent.string())) return false;
    // 0666 less the umask, as every other program creates files: published
    // files must be readable by a web server running as another user.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return false;
    if (!write_all(fd, data)) {
        int saved = errno;
        ::close(fd);
        errno = saved;
        return false;
    }
    return ::close(fd) == 0;
}

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool is_storage_error(int err) {
    return err == ENOSPC || err == EDQUOT || err == EROFS || err == EIO || err == EFBIG;
}

void throw_storage_error(const std::string& path, int err) {
    std::string what = err == EROFS   ? "the disk is read-only"
                       : err == EIO   ? "the disk reported an input/output error"
                       : err == EFBIG ? "a file is larger than the size limit"
                                      : "the disk (or the user's quota) is full";
    throw EnvironmentError("cannot write the output: " + what + " (" + std::strerror(err) +
                           ", at " + path +
                           "); free some space or fix the disk, then build again; the previous "
                           "output was left unchanged / เขียนผลลัพธ์ไม่ได้ เพราะดิสก์เต็มหรือใช้งานไม่ได้ "
                           "ให้เพิ่มพื้นที่ว่างหรือแก้ไขดิสก์ แล้วสร้างเว็บไซต์ใหม่ "
                           "(ผลลัพธ์เดิมยังอยู่ครบ ไม่ถูกเปลี่ยนแปลง)");
}

bool remove_tree(const std::string& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
    return !ec;
}

namespace {

void list_into(const std::string& dir, const std::string& prefix, std::vector<std::string>& out) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    while (dirent* e = ::readdir(d)) {
        std::string_view name = e->d_name;
        if (name == "." || name == "..") continue;
        unsigned char type = e->d_type;
        if (type == DT_UNKNOWN) {
            struct stat st {};
            if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
            type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
        }
        if (type == DT_DIR)
            list_into(dir + "/" + e->d_name, prefix + e->d_name + "/", out);
        else if (type == DT_REG)
            out.push_back(prefix + e->d_name);
    }
    ::closedir(d);
}

}  // namespace

std::vector<std::string> list_files(const std::string& dir) {
    std::vector<std::string> out;
    list_into(dir, "", out);
    return out;
}

}  // namespace kmsite
