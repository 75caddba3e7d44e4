// core/serial: the binary form of the build caches kept between CLI runs
// (.kmsite-cache/). One list of fields per type, `serialize(ar, value)`,
// serves both directions, so what is written and what is read back cannot
// drift apart; a reader never trusts its input: every count is bounded by the
// bytes left, and any short or malformed value makes the whole file unread.
//
// A cache file is sealed: a header naming what it holds and the digest of the
// kmsite binary that wrote it, the body, and an XXH3-128 digest of both. A
// truncated, corrupt or foreign file (another version of kmsite) is refused
// whole and its stage does the work again.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/core.h"

namespace kmsite {

class ByteWriter {
  public:
    static constexpr bool reading = false;
    template <typename... T>
    void operator()(const T&... values) {
        (put(values), ...);
    }
    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            out_ += static_cast<char>((v & 0x7f) | 0x80);
            v >>= 7;
        }
        out_ += static_cast<char>(v);
    }
    std::string& bytes() { return out_; }

  private:
    void put(bool v) { varint(v ? 1 : 0); }
    template <typename T>
    requires std::is_integral_v<T> || std::is_enum_v<T>
    void put(T v) {
        if constexpr (std::is_enum_v<T>) {
            put(static_cast<std::underlying_type_t<T>>(v));
        } else if constexpr (std::is_signed_v<T>) {  // zigzag: small negatives stay short
            auto u = static_cast<std::uint64_t>(static_cast<std::int64_t>(v));
            varint((u << 1) ^ (static_cast<std::int64_t>(v) < 0 ? ~std::uint64_t{0} : 0));
        } else {
            varint(v);
        }
    }
    void put(std::string_view s) {
        varint(s.size());
        out_.append(s);
    }
    void put(const std::string& s) { put(std::string_view(s)); }
    void put(const Digest& d) {
        for (std::uint64_t w : {d.hi, d.lo})
            for (int i = 0; i < 8; ++i) out_ += static_cast<char>((w >> (8 * i)) & 0xff);
    }
    template <typename T>
    void put(const std::vector<T>& v) {
        varint(v.size());
        for (const auto& x : v) put(x);
    }
    template <typename T>
    void put(const std::set<T>& v) {
        varint(v.size());
        for (const auto& x : v) put(x);
    }
    template <typename T, std::size_t N>
    void put(const std::array<T, N>& v) {
        for (const auto& x : v) put(x);
    }
    template <typename T, std::size_t N>
    void put(const T (&v)[N]) {
        for (const auto& x : v) put(x);
    }
    template <typename T>
    void put(const std::optional<T>& v) {
        put(v.has_value());
        if (v) put(*v);
    }
    template <typename A, typename B>
    void put(const std::pair<A, B>& v) {
        put(v.first);
        put(v.second);
    }
    // A type of the pipeline: its own field list (found by ADL). The list
    // takes a non-const reference so that reading can use it too; writing
    // only reads through it (a list that must assign checks Ar::reading).
    template <typename T>
    requires std::is_class_v<T>
    void put(const T& v) { serialize(*this, const_cast<T&>(v)); }

    std::string out_;
};

class ByteReader {
  public:
    static constexpr bool reading = true;
    explicit ByteReader(std::string_view data) : p_(data.data()), end_(data.data() + data.size()) {}
    template <typename... T>
    void operator()(T&... values) {
        (get(values), ...);
    }
    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p_ == end_) return fail(), 0;
            auto b = static_cast<unsigned char>(*p_++);
            v |= std::uint64_t{b & 0x7fu} << shift;
            if (!(b & 0x80)) return v;
        }
        return fail(), 0;
    }
    // A count of things each at least one byte long: never more than the
    // bytes left, so a corrupt count cannot ask for a huge allocation.
    std::size_t count() {
        std::uint64_t n = varint();
        if (n > left()) return fail(), 0;
        return static_cast<std::size_t>(n);
    }
    // A string's bytes where they are, not copied (valid while the data is).
    std::string_view view() {
        std::size_t n = count();
        std::string_view v(p_, n);
        p_ += n;
        return v;
    }
    bool ok() const { return ok_; }
    bool at_end() const { return p_ == end_; }
    void fail() {
        ok_ = false;
        p_ = end_;
    }

  private:
    std::size_t left() const { return static_cast<std::size_t>(end_ - p_); }
    void get(bool& v) {
        std::uint64_t u = varint();
        if (u > 1) fail();
        v = u == 1;
    }
    template <typename T>
    requires std::is_integral_v<T> || std::is_enum_v<T>
    void get(T& v) {
        if constexpr (std::is_enum_v<T>) {
            std::underlying_type_t<T> u{};
            get(u);
            v = static_cast<T>(u);
        } else if constexpr (std::is_signed_v<T>) {
            std::uint64_t u = varint();
            auto s = static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
            if (s < std::int64_t{std::numeric_limits<T>::min()} ||
                s > std::int64_t{std::numeric_limits<T>::max()})
                fail();
            v = static_cast<T>(s);
        } else {
            std::uint64_t u = varint();
            if (u > std::uint64_t{std::numeric_limits<T>::max()}) fail();
            v = static_cast<T>(u);
        }
    }
    void get(std::string& s) {
        std::size_t n = count();
        s.assign(p_, n);
        p_ += n;
    }
    void get(Digest& d) {
        if (left() < 16) return fail();
        for (std::uint64_t* w : {&d.hi, &d.lo}) {
            *w = 0;
            for (int i = 0; i < 8; ++i)
                *w |= std::uint64_t{static_cast<unsigned char>(*p_++)} << (8 * i);
        }
    }
    template <typename T>
    void get(std::vector<T>& v) {
        std::size_t n = count();
        v.clear();
        v.resize(n);
        for (auto& x : v) {
            get(x);
            if (!ok_) return v.clear();
        }
    }
    template <typename T>
    void get(std::set<T>& v) {
        v.clear();
        for (std::size_t n = count(); n > 0 && ok_; --n) {
            T x{};
            get(x);
            v.insert(v.end(), std::move(x));
        }
    }
    template <typename T, std::size_t N>
    void get(std::array<T, N>& v) {
        for (auto& x : v) get(x);
    }
    template <typename T, std::size_t N>
    void get(T (&v)[N]) {
        for (auto& x : v) get(x);
    }
    template <typename T>
    void get(std::optional<T>& v) {
        bool has = false;
        get(has);
        if (!has) return v.reset();
        v.emplace();
        get(*v);
    }
    template <typename A, typename B>
    void get(std::pair<A, B>& v) {
        get(v.first);
        get(v.second);
    }
    template <typename T>
    requires std::is_class_v<T>
    void get(T& v) { serialize(*this, v); }

    const char* p_;
    const char* end_;
    bool ok_ = true;
};

// A diagnostic, kept with the cached result that reported it.
template <typename Ar>
void serialize(Ar& ar, Diagnostic& d) {
    ar(d.path, d.line, d.col, d.severity, d.rule, d.message);
}

// The sealed form of a cache file's body, and back. `kind` names the
// cache ("content v1"); `binary` is the writing binary's digest.
std::string seal_cache(std::string_view kind, const Digest& binary, std::string_view body);
// The same in place, for a large body: seal_head() starts the buffer the
// body is written after, seal_tail() closes it (no copy of the body).
std::string seal_head(std::string_view kind, const Digest& binary);
void seal_tail(std::string& sealed);
// The body, when the file is whole, of this kind, and from this binary.
std::optional<std::string_view> unseal_cache(std::string_view file, std::string_view kind,
                                             const Digest& binary);
// A large sealed cache file written as it is made, a block at a time: the
// same bytes as replace_cache_file(path, seal_cache(kind, binary, body)),
// without ever holding the whole body. The search index is one such file
// (166 MB at 100,000 pages); made in one string, its last doubling held 1.5
// times that while the postings it was written from were still there.
class SealedWriter {
  public:
    SealedWriter(std::string path, std::string_view kind, const Digest& binary);
    ~SealedWriter();  // a file not committed is removed; the old one stays
    SealedWriter(const SealedWriter&) = delete;
    SealedWriter& operator=(const SealedWriter&) = delete;
    // Where the body goes; call flush() now and then (between entries).
    ByteWriter& body() { return body_; }
    // Writes the body so far once it passes a block.
    void flush();
    // The seal, then the file replaces the old one. False (the old file
    // left) when anything could not be written: a cache is an optimisation.
    bool commit();

  private:
    void write_out(std::string_view bytes);
    std::string path_, tmp_;
    int fd_ = -1;
    bool ok_ = true;
    Hasher hasher_;
    ByteWriter body_;
};

// A small cache kept whole in one sealed file, <dir>/<name>: written
// (folder made, then replace_cache_file), and read back (nullopt when
// missing, not whole, of another kind or from another binary).
bool write_sealed(const std::string& dir, std::string_view name, const Digest& binary,
                  std::string_view body);
std::optional<std::string> read_sealed(const std::string& dir, std::string_view name,
                                       const Digest& binary);
// Replaces a cache file atomically (a temporary name unique to this process,
// then rename). False, leaving the old file, when it cannot be written: a
// cache is an optimisation, never a reason to fail a build.
bool replace_cache_file(const std::string& path, std::string_view data);

// A cache of many entries (a page each) kept as shards, each its own sealed
// file (<dir>/<name>-NN), so that a build after one edit rewrites the one or
// two shards whose entries changed, not every entry of the site. `Map` maps
// keys (std::string or Digest) to shared_ptr<const V>: an entry whose
// pointer was loaded from a shard (or saved to it) is known to be in that
// shard's file, so a shard is written again only when an entry of it is new
// or gone. A shard that cannot be read loses its own entries only.
template <typename Map>
class CacheShards {
  public:
    using Key = typename Map::key_type;
    using Value = typename Map::mapped_type::element_type;  // const V
    // An edit of one page dirties the shards of the entries it changed (a
    // body edit: the page and the lists that show it, some 5-15 entries):
    // with 256 shards each rewrite is about 1/256 of the cache, not 1/32
    // (10,000 pages: 0.5 MB of check facts written instead of 7 MB). A small
    // site writes only the shards that hold anything.
    static constexpr std::size_t count = 256;
    static_assert(count <= 256, "shard files are named by two hex digits");

    // Which shards a load or save looks at; the others are left as they are
    // (a build that needs a few entries reads only their shards).
    using Mask = std::array<bool, count>;
    static Mask all() {
        Mask m;
        m.fill(true);
        return m;
    }

    // Adds each entry of each whole shard to `map`; read(reader, key, value)
    // reads one entry's fields.
    // Shards are read on `jobs` threads (read must be safe to call so).
    template <typename Read>
    void load(const std::string& dir, std::string_view name, const Digest& binary, Map& map,
              Read read, unsigned jobs = 1, const Mask& which = all()) {
        using Entries = std::vector<std::pair<Key, std::shared_ptr<std::remove_const_t<Value>>>>;
        std::array<Entries, count> got;
        parallel_for(count, jobs, [&](std::size_t s, unsigned) {
            if (!which[s]) return;
            loaded_[s].clear();
            auto file = read_file(path(dir, name, s));
            if (!file) return;
            auto body = unseal_cache(*file, kind(name, s), binary);
            if (!body) return;
            ByteReader r(*body);
            Entries entries;
            for (std::size_t n = r.count(); n > 0 && r.ok(); --n) {
                auto v = std::make_shared<std::remove_const_t<Value>>();
                Key key{};
                read(r, key, *v);
                if (r.ok() && shard_of(key) != s) r.fail();  // not this shard's: not ours
                entries.emplace_back(std::move(key), std::move(v));
            }
            if (r.ok() && r.at_end()) got[s] = std::move(entries);
        });
        for (std::size_t s = 0; s < count; ++s) {
            for (auto& [key, v] : got[s]) {
                loaded_[s].insert(v);
                map.insert_or_assign(std::move(key), std::move(v));
            }
        }
    }

    // Writes the shards whose entries differ from those loaded or last
    // saved; write(writer, key, value) writes one entry's fields. Of the
    // shards in `which`, `map` must hold every entry.
    template <typename Write>
    void save(const std::string& dir, std::string_view name, const Digest& binary, const Map& map,
              Write write, const Mask& which = all()) {
        std::array<std::size_t, count> seen{};
        std::array<bool, count> dirty{};
        for (const auto& [key, v] : map) {
            std::size_t s = shard_of(key);
            if (!which[s]) continue;
            ++seen[s];
            if (!loaded_[s].count(v)) dirty[s] = true;
        }
        bool any = false;
        for (std::size_t s = 0; s < count; ++s) {
            if (which[s] && seen[s] != loaded_[s].size()) dirty[s] = true;
            any = any || dirty[s];
        }
        if (!any) return;
        make_directories(dir);
        // Grouped first, then serialized and written one shard at a time, so
        // at most one shard's bytes are held (not the whole cache's).
        std::array<std::vector<const typename Map::value_type*>, count> entries;
        for (std::size_t s = 0; s < count; ++s)
            if (dirty[s]) entries[s].reserve(seen[s]);
        for (const auto& entry : map) {
            std::size_t s = shard_of(entry.first);
            if (dirty[s]) entries[s].push_back(&entry);
        }
        for (std::size_t s = 0; s < count; ++s) {
            if (!dirty[s]) continue;
            loaded_[s].clear();
            ByteWriter out;
            out.varint(entries[s].size());
            for (const auto* entry : entries[s]) {
                write(out, entry->first, *entry->second);
                loaded_[s].insert(entry->second);
            }
            entries[s] = {};
            if (!replace_cache_file(path(dir, name, s),
                                    seal_cache(kind(name, s), binary, out.bytes())))
                loaded_[s].clear();  // not on disk: written again next time
        }
    }

    // Lets go of every entry (the shards are then all written next time).
    void forget() {
        for (auto& l : loaded_) l.clear();
    }

    static std::size_t shard_of(const std::string& key) { return hash64(key) % count; }
    static std::size_t shard_of(const Digest& key) { return key.lo % count; }

    // The file of shard s: <name>-<two hex digits>.
    static std::string file_name(std::string_view name, std::size_t s) {
        return std::string(name) + "-" + hex64(s).substr(14);
    }

  private:
    static std::string path(const std::string& dir, std::string_view name, std::size_t s) {
        return dir + "/" + file_name(name, s);
    }
    static std::string kind(std::string_view name, std::size_t s) {
        return std::string(name) + " " + std::to_string(s);
    }
    // Per shard, the entries its file holds, by identity: kept entries are
    // shared, not copied, from build to build. Held, so that no new entry
    // can take the address of one that is gone.
    std::array<std::unordered_set<std::shared_ptr<Value>>, count> loaded_;
};

}  // namespace kmsite
