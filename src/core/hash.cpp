#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <memory>

#include "core/core.h"

namespace kmsite {

// XXH3 (was FNV-1a, a byte at a time: 5% of a rebuild went to naming the
// search index's files and keying pictures by their bytes).
std::uint64_t hash64(std::string_view data) {
    return XXH3_64bits(data.data(), data.size());
}

std::string hex64(std::uint64_t value) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, value >>= 4) out[i] = digits[value & 0xF];
    return out;
}

std::string Digest::hex() const {
    return hex64(hi) + hex64(lo);
}

std::optional<Digest> Digest::from_hex(std::string_view text) {
    if (text.size() != 32) return std::nullopt;
    std::uint64_t parts[2] = {0, 0};
    for (std::size_t i = 0; i < 32; ++i) {
        char c = text[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0) return std::nullopt;
        parts[i / 16] = parts[i / 16] << 4 | static_cast<std::uint64_t>(v);
    }
    return Digest{parts[0], parts[1]};
}

Digest digest(std::string_view data) {
    XXH128_hash_t h = XXH3_128bits(data.data(), data.size());
    return {h.high64, h.low64};
}

std::optional<Digest> digest_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> st(XXH3_createState(),
                                                                &XXH3_freeState);
    if (!st) {
        ::close(fd);
        throw std::bad_alloc();
    }
    XXH3_128bits_reset(st.get());
    // XXH3's streaming state gives the one-shot value over the same bytes.
    constexpr std::size_t kBlock = 1 << 20;
    auto buffer = std::make_unique<char[]>(kBlock);
    while (true) {
        ssize_t n = ::read(fd, buffer.get(), kBlock);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0) break;
        XXH3_128bits_update(st.get(), buffer.get(), static_cast<std::size_t>(n));
    }
    ::close(fd);
    XXH128_hash_t h = XXH3_128bits_digest(st.get());
    return Digest{h.high64, h.low64};
}

Hasher::Hasher() : state_(XXH3_createState()) {
    if (!state_) throw std::bad_alloc();
    XXH3_128bits_reset(static_cast<XXH3_state_t*>(state_));
}

Hasher::~Hasher() {
    XXH3_freeState(static_cast<XXH3_state_t*>(state_));
}

Hasher& Hasher::add(std::string_view data) {
    auto* st = static_cast<XXH3_state_t*>(state_);
    std::uint64_t size = data.size();
    XXH3_128bits_update(st, &size, sizeof size);
    XXH3_128bits_update(st, data.data(), data.size());
    return *this;
}

Hasher& Hasher::add_bytes(std::string_view data) {
    XXH3_128bits_update(static_cast<XXH3_state_t*>(state_), data.data(), data.size());
    return *this;
}

Hasher& Hasher::add(std::int64_t value) {
    XXH3_128bits_update(static_cast<XXH3_state_t*>(state_), &value, sizeof value);
    return *this;
}

Hasher& Hasher::add(const Digest& d) {
    add(static_cast<std::int64_t>(d.hi));
    return add(static_cast<std::int64_t>(d.lo));
}

Digest Hasher::finish() const {
    XXH128_hash_t h = XXH3_128bits_digest(static_cast<XXH3_state_t*>(state_));
    return {h.high64, h.low64};
}

}  // namespace kmsite
