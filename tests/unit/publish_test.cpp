#include "publish/publish.h"

#include <doctest/doctest.h>

#include "test_util.h"

using namespace kmsite;
namespace fs = std::filesystem;

TEST_CASE("a build replaces the previous output in one swap") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    write_file(out + "/index.html", "old");
    write_file(out + "/gone.html", "old page");
    std::string staging = publish::make_staging(out);
    CHECK(fs::path(staging).parent_path() == dir.path);
    CHECK(fs::is_empty(staging));
    write_file(staging + "/index.html", "new");
    publish::swap_into_place(staging, out);
    CHECK(read_file(out + "/index.html") == "new");
    CHECK_FALSE(fs::exists(out + "/gone.html"));
    CHECK_FALSE(fs::exists(staging));
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path)) ++entries;
    CHECK(entries == 1);  // nothing left beside the output
}

TEST_CASE("a first build moves the staging directory into place") {
    test::TempDir dir;
    std::string out = dir.str() + "/nested/public";
    std::string staging = publish::make_staging(out);
    write_file(staging + "/index.html", "new");
    publish::swap_into_place(staging, out);
    CHECK(read_file(out + "/index.html") == "new");
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
