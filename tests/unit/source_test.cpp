#include "source/source.h"

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "test_util.h"

using namespace kmsite;
namespace fs = std::filesystem;

namespace {
void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}
}  // namespace

TEST_CASE("a directory source reads only the site folders, sorted, skipping hidden files") {
    test::TempDir dir;
    write(dir.path / "site-config/site.yaml", "title: x\n");
    write(dir.path / "content/b.md", "b");
    write(dir.path / "content/a/index.md", "a");
    write(dir.path / "content/.DS_Store", "junk");
    write(dir.path / "content/notes.md~", "backup");
    write(dir.path / "public/index.html", "old output");
    write(dir.path / "build/CMakeCache.txt", "build");
    Diagnostics diags;
    auto tree = source::load_source({dir.str(), std::nullopt}, diags);
    CHECK_FALSE(diags.has_errors());
    std::vector<std::string> paths;
    for (const auto& f : tree.files) paths.push_back(f.path);
    CHECK(paths ==
          std::vector<std::string>{"content/a/index.md", "content/b.md", "site-config/site.yaml"});
    REQUIRE(tree.find("content/b.md"));
    CHECK(tree.find("content/b.md")->data() == "b");
    CHECK(tree.find("content/b.md")->lastmod > 0);
    CHECK_FALSE(tree.find("content/c.md"));
    CHECK(tree.under("content").size() == 2);
}

TEST_CASE("symlinks inside the site are followed; ones leading out are errors") {
    test::TempDir dir, outside;
    write(dir.path / "content/real.md", "real");
    write(outside.path / "secret.md", "secret");
    fs::create_symlink(dir.path / "content/real.md", dir.path / "content/alias.md");
    fs::create_symlink(outside.path / "secret.md", dir.path / "content/leak.md");
    fs::create_directory_symlink(outside.path, dir.path / "content/leakdir");
    fs::create_directory_symlink(dir.path / "content", dir.path / "content/loop");
    Diagnostics diags;
    auto tree = source::load_source({dir.str(), std::nullopt}, diags);
    REQUIRE(tree.find("content/alias.md"));
    CHECK(tree.find("content/alias.md")->data() == "real");
    CHECK_FALSE(tree.find("content/leak.md"));
    CHECK_FALSE(tree.find("content/leakdir/secret.md"));
    auto all = diags.sorted();
    int escapes = 0, cycles = 0;
    for (const auto& d : all) {
        escapes += d.rule == "path-escape";
        cycles += d.rule == "source-link-cycle";
    }
    CHECK(escapes == 2);
    CHECK(cycles == 1);
}

TEST_CASE("a missing site directory is an environment error") {
    Diagnostics diags;
    CHECK_THROWS_AS(source::load_source({"/nonexistent/kmsite", std::nullopt}, diags),
                    EnvironmentError);
}

TEST_CASE(
    "the Git facts kept between builds survive a round trip and refuse what they cannot trust") {
    // A repository with one commit: the facts the cache keeps are found once.
    test::TempDir dir;
    auto sh = [&](const std::string& cmd) {
        REQUIRE(std::system(("cd " + dir.str() + " && " + cmd + " >/dev/null 2>&1").c_str()) == 0);
    };
    write_file(dir.str() + "/site-config/site.yaml", "title: x\n");
    write_file(dir.str() + "/content/a.md", "---\ntitle: a\n---\n");
    sh("git init -q && git -c user.name=t -c user.email=t@example.go.th add -A && "
       "GIT_AUTHOR_DATE='2024-01-01T00:00:00' GIT_COMMITTER_DATE='2024-01-01T00:00:00' "
       "git -c user.name=t -c user.email=t@example.go.th commit -qm one");
    source::SourceOptions options;
    options.root = dir.str();
    Diagnostics diags;
    source::SourceCache cache;
    cache.keep_files(false);
    auto first = source::load_source(options, diags, &cache);
    Digest binary = digest("kmsite binary A");
    std::string saved = cache.save(binary);
    CHECK(saved.find("content/a.md") != std::string::npos);

    source::SourceCache back;
    back.keep_files(false);
    REQUIRE(back.load(saved, binary));
    CHECK(back.save(binary) == saved);
    auto again = source::load_source(options, diags, &back);
    REQUIRE(again.find("content/a.md"));
    CHECK(again.find("content/a.md")->lastmod == first.find("content/a.md")->lastmod);
    CHECK(again.find("content/a.md")->author == "t");

    // Another binary's, truncated, or damaged text is not taken.
    source::SourceCache other;
    CHECK_FALSE(other.load(saved, digest("kmsite binary B")));
    CHECK_FALSE(other.load(saved.substr(0, saved.size() / 2), binary));
    for (std::size_t at : {std::size_t{40}, saved.size() / 2, saved.size() - 20}) {
        std::string damaged = saved;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x20);
        CHECK_FALSE(other.load(damaged, binary));
    }
    CHECK(other.save(binary).find("content/a.md") == std::string::npos);  // nothing was taken
}

TEST_CASE("a build that keeps no bytes reads only the files that changed, and the rest on demand") {
    test::TempDir dir;
    write_file(dir.str() + "/site-config/site.yaml", "title: x\n");
    write_file(dir.str() + "/content/a.md", "a, as first written");
    write_file(dir.str() + "/content/b.md", "b, as first written");
    source::SourceOptions options;
    options.root = dir.str();
    Digest binary = digest("kmsite binary A");
    Diagnostics diags;
    std::string saved;
    // A file read within a second of its last write is read again next time
    // (its times could hide a second write): wait that out, so that the next
    // load may trust them.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    {
        source::SourceCache cache;
        cache.keep_files(false);
        source::load_source(options, diags, &cache);
        CHECK(cache.read() == 3);
        saved = cache.save(binary);
    }
    write_file(dir.str() + "/content/b.md", "b, edited");
    source::SourceCache cache;
    cache.keep_files(false);
    REQUIRE(cache.load(saved, binary));
    auto tree = source::load_source(options, diags, &cache);
    REQUIRE_FALSE(diags.has_errors());
    CHECK(cache.read() == 1);  // b.md
    CHECK(cache.reused() == 2);
    const auto* a = tree.find("content/a.md");
    const auto* b = tree.find("content/b.md");
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->digest == digest(std::string("a, as first written")));
    CHECK(b->digest == digest(std::string("b, edited")));
    CHECK(a->data() == "a, as first written");  // read now
    CHECK(b->data() == "b, edited");
    source::SourceFile copy = *a;
    CHECK(copy.data() == "a, as first written");

    // A file changed after the walk, before its bytes were asked for: what
    // the stages keyed on its digest is not what it holds, so the build stops.
    auto again = source::load_source(options, diags, &cache);
    write_file(dir.str() + "/site-config/site.yaml", "title: changed meanwhile\n");
    const auto* config = again.find("site-config/site.yaml");
    REQUIRE(config);
    CHECK_THROWS_AS(config->data(), EnvironmentError);
    std::filesystem::remove(dir.path / "content/a.md");
    CHECK_THROWS_AS(again.find("content/a.md")->data(), EnvironmentError);
}

TEST_CASE("released bytes are read again on demand, and a file changed meanwhile stops the build") {
    test::TempDir dir;
    write_file(dir.str() + "/site-config/site.yaml", "title: x\n");
    write_file(dir.str() + "/content/a.md", "a, as walked");
    write_file(dir.str() + "/content/b.md", "b, as walked");
    source::SourceOptions options;
    options.root = dir.str();
    Diagnostics diags;
    auto tree = source::load_source(options, diags, nullptr);
    REQUIRE_FALSE(diags.has_errors());
    auto* a = const_cast<source::SourceFile*>(tree.find("content/a.md"));
    auto* b = const_cast<source::SourceFile*>(tree.find("content/b.md"));
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->data() == "a, as walked");
    a->release();
    b->release();
    CHECK(a->data() == "a, as walked");  // read again, same digest
    a->release();
    CHECK(a->data() == "a, as walked");  // twice: the first re-read is not kept
    write_file(dir.str() + "/content/b.md", "b, edited after the walk");
    CHECK_THROWS_AS(b->data(), EnvironmentError);

    // Bytes that cannot be read again (set from memory) are kept.
    source::SourceFile memory("content/c.md", "c, in memory");
    memory.release();
    CHECK(memory.data() == "c, in memory");
}

namespace {
std::string describe(const source::SourceTree& tree) {
    std::string out;
    for (const auto& f : tree.files)
        out += f.path + "=" + f.data() + "@" + std::to_string(f.lastmod) + "\n";
    return out;
}
}  // namespace

TEST_CASE("a load told what changed reads only that, and equals a full walk") {
    test::TempDir dir;
    write(dir.path / "site-config/site.yaml", "title: x\n");
    write(dir.path / "content/a.md", "a");
    write(dir.path / "content/sec/b.md", "b");
    write(dir.path / "content/sec/c.md", "c");
    write(dir.path / "themes/t/page.mustache", "t");
    source::SourceCache cache;
    Diagnostics diags;
    source::SourceOptions options{dir.str(), std::nullopt};
    source::load_source(options, diags, &cache);
    REQUIRE_FALSE(diags.has_errors());

    auto full = [&] {
        Diagnostics d;
        auto tree = source::load_source({dir.str(), std::nullopt}, d);
        REQUIRE_FALSE(d.has_errors());
        return describe(tree);
    };
    auto hinted = [&](std::vector<std::string> changed) {
        Diagnostics d;
        source::SourceOptions o{dir.str(), std::nullopt};
        o.changed = std::move(changed);
        auto tree = source::load_source(o, d, &cache);
        REQUIRE_FALSE(d.has_errors());
        return describe(tree);
    };

    // Edits of every kind, each named as the watcher names it.
    write(dir.path / "content/a.md", "a, edited");
    fs::remove(dir.path / "content/sec/c.md");
    write(dir.path / "content/new/d.md", "d");
    write(dir.path / "content/new/deeper/e.md", "e");
    fs::rename(dir.path / "content/sec", dir.path / "content/moved");
    write(dir.path / "content/.hidden.md", "never read");
    write(dir.path / "build/out.txt", "not a site folder");
    CHECK(hinted({"build/out.txt", "content/.hidden.md", "content/a.md", "content/moved",
                  "content/new", "content/sec", "content/sec/c.md"}) == full());
    CHECK(cache.read() == 4);  // a, moved/b, new/d, new/deeper/e; the rest from the cache

    // What the watcher did not name is taken as it was: the hints are used.
    std::string before = full();
    write(dir.path / "content/moved/b.md", "b, unseen");
    CHECK(hinted({"content/a.md"}) == before);
    CHECK(hinted({"content/moved/b.md"}) == full());

    // Lost events (an empty path) walk everything.
    write(dir.path / "content/a.md", "a, again");
    write(dir.path / "themes/t/page.mustache", "t2");
    CHECK(hinted({""}) == full());

    // A symbolic link: this load and the next walk everything.
    fs::create_symlink("a.md", dir.path / "content/link.md");
    CHECK(hinted({"content/link.md"}) == full());
    write(dir.path / "content/moved/b.md", "b, seen by a full walk");
    CHECK(hinted({"content/a.md"}) == full());
}
