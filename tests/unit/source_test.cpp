#include "source/source.h"

#include <doctest/doctest.h>

#include <fstream>

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
    CHECK(tree.find("content/b.md")->data == "b");
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
    CHECK(tree.find("content/alias.md")->data == "real");
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
