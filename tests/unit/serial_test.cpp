// The cache folder's binary form (core/serial.h): values survive a round
// trip, and no input, however cut or changed, is read as a whole cache.
#include "core/serial.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <map>
#include <unordered_map>

#include "test_util.h"

using namespace kmsite;

namespace {

enum class Colour { red, green = 7 };

struct Sample {
    std::string name;
    std::int64_t big = 0;
    int small = 0;
    bool flag = false;
    Colour colour = Colour::red;
    std::optional<int> maybe;
    std::vector<std::pair<std::string, Digest>> reads;
    std::set<std::string> ids;
    std::array<int, 3> three{};
    std::vector<Diagnostic> diagnostics;
};

template <typename Ar>
void serialize(Ar& ar, Sample& s) {
    ar(s.name, s.big, s.small, s.flag, s.colour, s.maybe, s.reads, s.ids, s.three, s.diagnostics);
}

Sample sample() {
    Sample s;
    s.name = "หน้า ทดสอบ";
    s.big = std::numeric_limits<std::int64_t>::min();
    s.small = -3;
    s.flag = true;
    s.colour = Colour::green;
    s.maybe = 42;
    s.reads = {{"content/a.csv", digest("a")}, {"content/none.csv", Digest{}}};
    s.ids = {"h-1", "ขั้นตอน"};
    s.three = {1, -1, 1 << 30};
    s.diagnostics = {{"content/a.md", 3, 7, Severity::warning, "rule", "message / ข้อความ"}};
    return s;
}

std::string bytes_of(const Sample& s) {
    ByteWriter w;
    w(s);
    return w.bytes();
}

}  // namespace

TEST_CASE("serial: every kind of value survives a round trip") {
    Sample in = sample();
    std::string bytes = bytes_of(in);
    Sample out;
    ByteReader r(bytes);
    r(out);
    REQUIRE(r.ok());
    CHECK(r.at_end());
    CHECK(out.name == in.name);
    CHECK(out.big == in.big);
    CHECK(out.small == in.small);
    CHECK(out.flag);
    CHECK(out.colour == Colour::green);
    CHECK(out.maybe == 42);
    CHECK(out.reads == in.reads);
    CHECK(out.ids == in.ids);
    CHECK(out.three == in.three);
    REQUIRE(out.diagnostics.size() == 1);
    CHECK(out.diagnostics[0].format() == in.diagnostics[0].format());
    CHECK(bytes_of(out) == bytes);
}

TEST_CASE("serial: a value cut short anywhere is never read as whole") {
    std::string bytes = bytes_of(sample());
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        Sample out;
        ByteReader r(std::string_view(bytes).substr(0, n));
        r(out);
        CHECK_FALSE((r.ok() && r.at_end()));
    }
}

TEST_CASE("serial: a count larger than the bytes left fails without allocating it") {
    ByteWriter w;
    w.varint(std::uint64_t{1} << 60);  // a vector of 2^60 elements, says the count
    Sample out;
    ByteReader r(w.bytes());
    std::vector<std::string> v;
    r(v);
    CHECK_FALSE(r.ok());
    CHECK(v.empty());
    // An integer too large for its field fails too.
    ByteWriter w2;
    w2(std::int64_t{1} << 40);
    ByteReader r2(w2.bytes());
    int small = 0;
    r2(small);
    CHECK_FALSE(r2.ok());
}

TEST_CASE("serial: a sealed cache opens only whole, of its kind, from its binary") {
    Digest binary = digest("kmsite binary"), other = digest("another kmsite");
    std::string file = seal_cache("content 3", binary, "body bytes");
    auto body = unseal_cache(file, "content 3", binary);
    REQUIRE(body);
    CHECK(*body == "body bytes");
    CHECK_FALSE(unseal_cache(file, "content 4", binary));
    CHECK_FALSE(unseal_cache(file, "content 3", other));
    for (std::size_t n = 0; n < file.size(); ++n)
        CHECK_FALSE(unseal_cache(std::string_view(file).substr(0, n), "content 3", binary));
    for (std::size_t i = 0; i < file.size(); ++i) {
        std::string changed = file;
        changed[i] ^= 0x01;
        CHECK_FALSE(unseal_cache(changed, "content 3", binary));
    }
}

TEST_CASE("serial: a sealed file written a block at a time is the one seal_cache makes") {
    test::TempDir dir;
    Digest binary = digest("kmsite binary");
    const std::string path = (dir.path / "search-index").string();
    // 3.5 MB in entries of varying size: several blocks, flushed between entries.
    ByteWriter whole;
    SealedWriter file(path, "search-index", binary);
    for (int i = 0; i < 40000; ++i) {
        std::string entry(static_cast<std::size_t>(i % 173), static_cast<char>('a' + i % 26));
        whole(entry, i);
        file.body()(entry, i);
        file.flush();
    }
    CHECK(whole.bytes().size() > 3u << 20);
    REQUIRE(file.commit());
    auto written = read_file(path);
    REQUIRE(written);
    CHECK(*written == seal_cache("search-index", binary, whole.bytes()));
    auto body = read_sealed(dir.path.string(), "search-index", binary);
    REQUIRE(body);
    CHECK(*body == whole.bytes());
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path),
                        std::filesystem::directory_iterator()) == 1);  // no temporary left

    // A writer that never commits (a build that failed) leaves the old file
    // whole and no temporary beside it.
    {
        SealedWriter abandoned(path, "search-index", binary);
        abandoned.body()(std::string(2u << 20, 'x'));
        abandoned.flush();
    }
    CHECK(read_file(path) == written);
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path),
                        std::filesystem::directory_iterator()) == 1);
    // Nowhere to write: commit says so, and nothing is made.
    SealedWriter nowhere((dir.path / "missing" / "index").string(), "search-index", binary);
    nowhere.body()(std::string("body"));
    CHECK_FALSE(nowhere.commit());
    CHECK_FALSE(std::filesystem::exists(dir.path / "missing"));
}

namespace {

using Map = std::unordered_map<std::string, std::shared_ptr<const std::string>>;

void write_entry(ByteWriter& w, const std::string& key, const std::string& value) {
    w(key, value);
}
void read_entry(ByteReader& r, std::string& key, std::string& value) {
    r(key, value);
}

std::map<std::string, ino_t> inodes(const std::string& dir) {
    std::map<std::string, ino_t> out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        struct stat st {};
        ::stat(e.path().c_str(), &st);
        out[e.path().filename().string()] = st.st_ino;
    }
    return out;
}

}  // namespace

TEST_CASE("serial: cache shards rewrite only the shards whose entries changed") {
    test::TempDir tmp;
    Digest binary = digest("kmsite binary");
    Map map;
    for (int i = 0; i < 200; ++i)
        map.emplace("content/page-" + std::to_string(i) + ".md",
                    std::make_shared<const std::string>("entry " + std::to_string(i)));
    CacheShards<Map> shards;
    shards.save(tmp.str(), "t", binary, map, write_entry);
    auto before = inodes(tmp.str());
    // A file for each shard that holds an entry, and none for the others.
    std::set<std::string> holding;
    for (const auto& [key, value] : map)
        holding.insert(CacheShards<Map>::file_name("t", CacheShards<Map>::shard_of(key)));
    std::set<std::string> files;
    for (const auto& [name, ino] : before) files.insert(name);
    CHECK(files == holding);
    CHECK(holding.size() < CacheShards<Map>::count);

    // Nothing changed: nothing written.
    shards.save(tmp.str(), "t", binary, map, write_entry);
    CHECK(inodes(tmp.str()) == before);

    // One entry made again, one gone: only their shards are written.
    std::string edited = "content/page-7.md", gone = "content/page-150.md";
    map[edited] = std::make_shared<const std::string>("entry 7, edited");
    map.erase(gone);
    shards.save(tmp.str(), "t", binary, map, write_entry);
    auto after = inodes(tmp.str());
    std::set<std::string> rewritten;
    for (const auto& [name, ino] : after)
        if (before.at(name) != ino) rewritten.insert(name);
    std::set<std::string> expected;
    for (const auto& key : {edited, gone}) {
        std::size_t s = CacheShards<Map>::shard_of(key);
        expected.insert(CacheShards<Map>::file_name("t", s));
    }
    CHECK(rewritten == expected);

    // A fresh process reads every entry back.
    Map loaded;
    CacheShards<Map> again;
    again.load(tmp.str(), "t", binary, loaded, read_entry);
    REQUIRE(loaded.size() == map.size());
    for (const auto& [key, value] : map) CHECK(*loaded.at(key) == *value);
    // ...and, with nothing changed, writes nothing.
    again.save(tmp.str(), "t", binary, loaded, write_entry);
    CHECK(inodes(tmp.str()) == after);

    // Another binary's shards are not read; a damaged shard loses its own entries only.
    Map foreign;
    CacheShards<Map>().load(tmp.str(), "t", digest("another kmsite"), foreign, read_entry);
    CHECK(foreign.empty());
    std::size_t s = CacheShards<Map>::shard_of(edited);
    std::string shard = tmp.str() + "/" + CacheShards<Map>::file_name("t", s);
    auto data = read_file(shard);
    REQUIRE(data);
    write_file(shard, data->substr(0, data->size() - 1));
    Map partial;
    CacheShards<Map>().load(tmp.str(), "t", binary, partial, read_entry);
    CHECK(partial.count(edited) == 0);
    std::size_t in_shard = 0;
    for (const auto& [key, value] : map) in_shard += CacheShards<Map>::shard_of(key) == s;
    CHECK(partial.size() == map.size() - in_shard);
    // A shard file under another shard's name is refused too (its kind names its number).
    std::size_t t = CacheShards<Map>::shard_of(std::string("content/page-1.md"));
    REQUIRE(t != s);
    std::string other = tmp.str() + "/" + CacheShards<Map>::file_name("t", t);
    std::filesystem::copy_file(other, shard, std::filesystem::copy_options::overwrite_existing);
    Map swapped;
    CacheShards<Map>().load(tmp.str(), "t", binary, swapped, read_entry);
    for (const auto& [key, value] : swapped) CHECK(CacheShards<Map>::shard_of(key) != s);
}
