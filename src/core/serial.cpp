#include "core/serial.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace kmsite {

namespace {

constexpr std::string_view magic = "kmsite cache\n";

void append_digest(std::string& out, const Digest& d) {
    for (std::uint64_t w : {d.hi, d.lo})
        for (int i = 0; i < 8; ++i) out += static_cast<char>((w >> (8 * i)) & 0xff);
}

}  // namespace

std::string seal_head(std::string_view kind, const Digest& binary) {
    std::string out;
    out.append(magic).append(kind) += '\n';
    append_digest(out, binary);
    return out;
}

void seal_tail(std::string& sealed) {
    append_digest(sealed, digest(sealed));
}

std::string seal_cache(std::string_view kind, const Digest& binary, std::string_view body) {
    std::string out = seal_head(kind, binary);
    out.reserve(out.size() + body.size() + 16);
    out.append(body);
    seal_tail(out);
    return out;
}

std::optional<std::string_view> unseal_cache(std::string_view file, std::string_view kind,
                                             const Digest& binary) {
    std::string head(magic);
    head.append(kind) += '\n';
    append_digest(head, binary);
    if (file.size() < head.size() + 16 || file.substr(0, head.size()) != head) return std::nullopt;
    std::string_view sealed = file.substr(0, file.size() - 16);
    std::string tail;
    append_digest(tail, digest(sealed));
    if (file.substr(file.size() - 16) != tail) return std::nullopt;
    return sealed.substr(head.size());
}

bool write_sealed(const std::string& dir, std::string_view name, const Digest& binary,
                  std::string_view body) {
    make_directories(dir);
    return replace_cache_file(dir + "/" + std::string(name), seal_cache(name, binary, body));
}

std::optional<std::string> read_sealed(const std::string& dir, std::string_view name,
                                       const Digest& binary) {
    auto file = read_file(dir + "/" + std::string(name));
    if (!file) return std::nullopt;
    auto body = unseal_cache(*file, name, binary);
    if (!body) return std::nullopt;
    return std::string(*body);
}

bool replace_cache_file(const std::string& path, std::string_view data) {
    std::string tmp = path + ".tmp" + std::to_string(::getpid());
    if (!write_file(tmp, data)) {
        std::remove(tmp.c_str());
        return false;
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return false;
    }
    return true;
}

SealedWriter::SealedWriter(std::string path, std::string_view kind, const Digest& binary)
    : path_(std::move(path)), tmp_(path_ + ".tmp" + std::to_string(::getpid())) {
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    ok_ = fd_ >= 0;
    write_out(seal_head(kind, binary));
}

SealedWriter::~SealedWriter() {
    if (fd_ >= 0) {
        ::close(fd_);
        std::remove(tmp_.c_str());
    }
}

void SealedWriter::write_out(std::string_view bytes) {
    hasher_.add_bytes(bytes);
    ok_ = ok_ && write_all(fd_, bytes);
}

void SealedWriter::flush() {
    constexpr std::size_t block = 1 << 20;
    if (body_.bytes().size() < block) return;
    write_out(body_.bytes());
    body_.bytes().clear();  // keeps its capacity: the next block reuses it
}

bool SealedWriter::commit() {
    write_out(body_.bytes());
    std::string().swap(body_.bytes());
    std::string tail;
    append_digest(tail, hasher_.finish());
    write_out(tail);  // (the digest of the digest is not used)
    int fd = fd_;
    fd_ = -1;
    bool ok = ok_ && ::close(fd) == 0;
    if (ok && std::rename(tmp_.c_str(), path_.c_str()) == 0) return true;
    if (fd >= 0 && !ok_) ::close(fd);
    std::remove(tmp_.c_str());
    return false;
}

}  // namespace kmsite
