#include <doctest/doctest.h>

#include "emit/internal.h"
#include "test_util.h"

using namespace kmsite;

TEST_CASE("URLs in XML are percent-encoded") {
    CHECK(emit::encode_url("https://km.go.th/tags/ข้อมูล/") ==
          "https://km.go.th/tags/%E0%B8%82%E0%B9%89%E0%B8%AD%E0%B8%A1%E0%B8%B9%E0%B8%A5/");
    CHECK(emit::encode_url("https://km.go.th/a b/") == "https://km.go.th/a%20b/");
}

TEST_CASE("the output directory refuses paths that leave it") {
    test::TempDir dir;
    Diagnostics diags;
    emit::OutputDir out(dir.str() + "/public", diags);
    CHECK(out.write("ok/index.html", "x"));
    CHECK_FALSE(out.write("../escape.html", "x"));
    CHECK_FALSE(out.write("/etc/passwd", "x"));
    CHECK_FALSE(out.write("a/../../b", "x"));
    CHECK(out.exists("ok/index.html"));
    CHECK(out.count() == 1);
    CHECK_FALSE(std::filesystem::exists(dir.path / "escape.html"));
    CHECK(diags.error_count() == 3);
}

TEST_CASE("past 50,000 URLs the sitemap becomes a sitemap index") {
    site::Site s;
    config::set_base_url(s.config, "https://km.example.go.th/");
    content::Page p;
    p.lastmod = 1795230000;
    s.pages.push_back(p);
    for (int i = 0; i < 50001; ++i) {
        site::Document d;
        d.kind = site::DocKind::page;
        d.page = 0;
        d.url = "p" + std::to_string(i) + "/";
        s.documents.push_back(d);
    }
    test::TempDir dir;
    Diagnostics diags;
    emit::OutputDir out(dir.str(), diags);
    emit::write_sitemaps(s, out);
    auto index = read_file(dir.str() + "/sitemap.xml");
    REQUIRE(index);
    CHECK(index->find("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">") !=
          std::string::npos);
    CHECK(index->find("<loc>https://km.example.go.th/sitemap-2.xml</loc>") != std::string::npos);
    CHECK(index->find("sitemap-3.xml") == std::string::npos);
    auto first = read_file(dir.str() + "/sitemap-1.xml");
    auto second = read_file(dir.str() + "/sitemap-2.xml");
    REQUIRE(first);
    REQUIRE(second);
    auto urls = [](const std::string& x) {
        std::size_t n = 0;
        for (auto pos = x.find("<url>"); pos != std::string::npos; pos = x.find("<url>", pos + 1))
            ++n;
        return n;
    };
    CHECK(urls(*first) == 50000);
    CHECK(urls(*second) == 1);
    CHECK(second->find("<lastmod>2026-11-21T10:00:00+07:00</lastmod>") != std::string::npos);
}
