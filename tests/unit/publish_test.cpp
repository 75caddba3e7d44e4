#include "publish/publish.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>

#include "test_util.h"

using namespace kmsite;
namespace fs = std::filesystem;

namespace {

std::size_t entries_in(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}

mode_t mode_of(const std::string& path) {
    struct stat st {};
    ::lstat(path.c_str(), &st);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("a build replaces the previous output in one swap") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    write_file(out + "/index.html", "old");
    write_file(out + "/gone.html", "old page");
    write_file(out + "/" + publish::manifest_name, "index.html\ngone.html\n");
    std::string staging_path;
    {
        publish::Staging staging(out);
        staging_path = staging.path();
        CHECK(fs::path(staging.path()).parent_path() == dir.path);
        CHECK(fs::is_empty(staging.path()));
        write_file(staging.path() + "/index.html", "new");
        staging.commit({"index.html"});
    }
    CHECK(read_file(out + "/index.html") == "new");
    CHECK_FALSE(fs::exists(out + "/gone.html"));
    CHECK_FALSE(fs::exists(staging_path));
    CHECK(read_file(out + "/" + publish::manifest_name)->find("\nindex.html\n") !=
          std::string::npos);
    CHECK(entries_in(dir.path) == 1);  // nothing left beside the output
}

TEST_CASE("a first build moves the staging directory into place") {
    test::TempDir dir;
    std::string out = dir.str() + "/nested/public";
    publish::Staging staging(out);
    write_file(staging.path() + "/index.html", "new");
    staging.commit({"index.html"});
    CHECK(read_file(out + "/index.html") == "new");
}

TEST_CASE("a failed build leaves nothing beside the output") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    write_file(out + "/index.html", "old");
    {
        publish::Staging staging(out);
        write_file(staging.path() + "/index.html", "half");
    }
    CHECK(read_file(out + "/index.html") == "old");
    CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("output folders and files get the umask's modes, not 0700") {
    test::TempDir dir;
    for (mode_t mask : {mode_t(022), mode_t(027), mode_t(077)}) {
        std::string out = dir.str() + "/public" + std::to_string(mask);
        mode_t previous = ::umask(mask);
        {
            publish::Staging staging(out);
            write_file(staging.path() + "/a/index.html", "x");
            staging.commit({"a/index.html"});
        }
        ::umask(previous);
        CHECK(mode_of(out) == (0777 & ~mask));
        CHECK(mode_of(out + "/a") == (0777 & ~mask));
        CHECK(mode_of(out + "/a/index.html") == (0666 & ~mask));
        CHECK(mode_of(out + "/" + publish::manifest_name) == (0666 & ~mask));
    }
}

TEST_CASE("stale staging folders are removed, a running build's are not") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    write_file(out + "/index.html", "old");
    // Left by a build killed with kill -9: nobody holds its lock.
    write_file(dir.str() + "/.public.kmsite-dead01/index.html", "half");
    write_file(dir.str() + "/.public.kmsite-dead02.old/index.html", "old site");
    // Another output's staging, and an unrelated hidden folder, are not ours.
    write_file(dir.str() + "/.other.kmsite-abcdef/index.html", "x");
    write_file(dir.str() + "/.publicity/index.html", "x");
    CHECK(publish::remove_stale_staging(out) == 2);
    write_file(dir.str() + "/.public.kmsite-dead03/index.html", "half");
    publish::Staging running(out);  // removes stale ones too; then holds its own lock
    CHECK_FALSE(fs::exists(dir.str() + "/.public.kmsite-dead03"));
    CHECK(fs::exists(running.path()));
    CHECK_FALSE(fs::exists(dir.str() + "/.public.kmsite-dead01"));
    CHECK_FALSE(fs::exists(dir.str() + "/.public.kmsite-dead02.old"));
    CHECK(fs::exists(dir.str() + "/.other.kmsite-abcdef"));
    CHECK(fs::exists(dir.str() + "/.publicity"));
    // A second build at the same time leaves the first one's staging alone.
    publish::Staging second(out);
    CHECK(fs::exists(running.path()));
    CHECK(publish::remove_stale_staging(out) == 0);
}

TEST_CASE("only kmsite's own staging names are taken for stale, never a user's folder") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    write_file(out + "/index.html", "old");
    write_file(dir.str() + "/.public.kmsite-backup/index.html", "the user's own copy");
    write_file(dir.str() + "/.public.kmsite-a1b2c3d4e5/index.html", "too long a suffix");
    write_file(dir.str() + "/.public.kmsite-ab_cd-ef/index.html", "not letters and digits");
    write_file(dir.str() + "/.public.kmsite-staging-old/index.html", "not eight characters");
    write_file(dir.str() + "/.public.kmsite-staging-a1b2c3d4/index.html", "a killed build's");
    CHECK(publish::remove_stale_staging(out) == 1);
    CHECK_FALSE(fs::exists(dir.str() + "/.public.kmsite-staging-a1b2c3d4"));
    CHECK(fs::exists(dir.str() + "/.public.kmsite-backup/index.html"));
    CHECK(fs::exists(dir.str() + "/.public.kmsite-a1b2c3d4e5/index.html"));
    CHECK(fs::exists(dir.str() + "/.public.kmsite-ab_cd-ef/index.html"));
    CHECK(fs::exists(dir.str() + "/.public.kmsite-staging-old/index.html"));
}

TEST_CASE("a build killed between the two renames of a fallback swap loses nothing") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    // The live site was renamed aside, and the build died before renaming its
    // staging into place: the output is missing.
    write_file(dir.str() + "/.public.kmsite-previous/index.html", "live site");
    write_file(dir.str() + "/.public.kmsite-previous/.git/HEAD", "ref: refs/heads/gh-pages");
    write_file(dir.str() + "/.public.kmsite-staging-a1b2c3d4/index.html", "new, with kept files");
    CHECK(publish::remove_stale_staging(out) == 1);  // the dead staging only
    CHECK(read_file(out + "/index.html") == "live site");
    CHECK(read_file(out + "/.git/HEAD") == "ref: refs/heads/gh-pages");
    CHECK_FALSE(fs::exists(dir.str() + "/.public.kmsite-previous"));
    // Killed after the second rename: the output is there, the previous one is
    // a leftover.
    write_file(dir.str() + "/.public.kmsite-previous/index.html", "older site");
    CHECK(publish::remove_stale_staging(out) == 1);
    CHECK_FALSE(fs::exists(dir.str() + "/.public.kmsite-previous"));
    CHECK(read_file(out + "/index.html") == "live site");
}

TEST_CASE("files kmsite did not write are carried over into the new output") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    {
        publish::Staging staging(out);
        write_file(staging.path() + "/index.html", "v1");
        write_file(staging.path() + "/old/index.html", "v1");
        staging.commit({"index.html", "old/index.html"});
    }
    write_file(out + "/.git/HEAD", "ref: refs/heads/gh-pages\n");
    write_file(out + "/.git/objects/ab/cdef", "blob");
    write_file(out + "/CNAME", "km.example.go.th\n");
    write_file(out + "/.well-known/security.txt", "Contact: mailto:security@example.go.th\n");
    write_file(out + "/old/notes.txt", "a webmaster's file in a kmsite folder\n");
    fs::create_symlink("index.html", out + "/home.html");
    ::chmod((out + "/.git").c_str(), 0750);
    {
        publish::Staging staging(out);
        write_file(staging.path() + "/index.html", "v2");
        staging.commit({"index.html"});
    }
    CHECK(read_file(out + "/index.html") == "v2");
    CHECK_FALSE(fs::exists(out + "/old/index.html"));
    CHECK(read_file(out + "/.git/HEAD") == "ref: refs/heads/gh-pages\n");
    CHECK(read_file(out + "/.git/objects/ab/cdef") == "blob");
    CHECK(mode_of(out + "/.git") == 0750);
    CHECK(read_file(out + "/CNAME") == "km.example.go.th\n");
    CHECK(read_file(out + "/.well-known/security.txt") ==
          "Contact: mailto:security@example.go.th\n");
    CHECK(read_file(out + "/old/notes.txt") == "a webmaster's file in a kmsite folder\n");
    CHECK(fs::is_symlink(out + "/home.html"));
    auto manifest = *read_file(out + "/" + publish::manifest_name);
    CHECK(manifest.find("CNAME") == std::string::npos);  // kept, not written
    CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("a kept file at a path the build now writes is refused, output unchanged") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    write_file(out + "/index.html", "v1");
    write_file(out + "/CNAME", "km.example.go.th\n");
    write_file(out + "/" + publish::manifest_name, "index.html\n");
    {
        publish::Staging staging(out);
        write_file(staging.path() + "/index.html", "v2");
        write_file(staging.path() + "/CNAME/index.html", "a page at /CNAME/");
        try {
            staging.commit({"index.html", "CNAME/index.html"});
            FAIL("no error");
        } catch (const EnvironmentError& e) {
            CHECK(std::string(e.what()).find("CNAME") != std::string::npos);
            CHECK(std::string(e.what()).find("did not write") != std::string::npos);
        }
    }
    CHECK(read_file(out + "/index.html") == "v1");
    CHECK(read_file(out + "/CNAME") == "km.example.go.th\n");
    CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("an output without a manifest keeps only its hidden entries and CNAME") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    write_file(out + "/index.html", "from kmsite 0.1");
    write_file(out + "/stale/index.html", "from kmsite 0.1");
    write_file(out + "/.git/HEAD", "x");
    write_file(out + "/CNAME", "km.example.go.th\n");
    {
        publish::Staging staging(out);
        write_file(staging.path() + "/index.html", "v2");
        staging.commit({"index.html"});
    }
    CHECK_FALSE(fs::exists(out + "/stale"));
    CHECK(fs::exists(out + "/.git/HEAD"));
    CHECK(fs::exists(out + "/CNAME"));
}

TEST_CASE("the manifest survives odd file names and ignores paths outside the output") {
    std::vector<std::string> files{"a b/ไทย.html", "100%.html", "new\nline.html"};
    auto text = publish::manifest_text(files);
    auto back = publish::parse_manifest(text);
    std::sort(files.begin(), files.end());
    CHECK(back == files);
    CHECK(publish::parse_manifest("# c\n../../etc/passwd\n/abs\nok.html\n") ==
          std::vector<std::string>{"ok.html"});
}

TEST_CASE("outputs that would destroy the site or unrelated files are refused") {
    test::TempDir dir;
    std::string site = dir.str() + "/site";
    fs::create_directories(site + "/content");
    CHECK_THROWS_AS(publish::check_output_path(site, site), EnvironmentError);
    CHECK_THROWS_AS(publish::check_output_path(dir.str(), site), EnvironmentError);
    CHECK_THROWS_AS(publish::check_output_path(site + "/content/x", site), EnvironmentError);
    write_file(dir.str() + "/docs/letter.txt", "keep");
    CHECK_THROWS_AS(publish::check_output_path(dir.str() + "/docs", site), EnvironmentError);
    CHECK_NOTHROW(publish::check_output_path(site + "/public", site));
    write_file(site + "/public/index.html", "previous build");
    CHECK_NOTHROW(publish::check_output_path(site + "/public", site));
}

TEST_CASE("a fresh gh-pages checkout is accepted as an output") {
    test::TempDir dir;
    std::string site = dir.str() + "/site";
    write_file(site + "/public/.git/HEAD", "x");
    write_file(site + "/public/CNAME", "km.example.go.th\n");
    CHECK_NOTHROW(publish::check_output_path(site + "/public", site));
    write_file(site + "/public/letter.txt", "keep");
    CHECK_THROWS_AS(publish::check_output_path(site + "/public", site), EnvironmentError);
}
