#include <doctest/doctest.h>

#include "emit/internal.h"
#include "render/internal.h"
#include "test_util.h"

using namespace kmsite;

TEST_CASE("URLs in XML are percent-encoded") {
    CHECK(emit::encode_url("https://km.go.th/tags/ข้อมูล/") ==
          "https://km.go.th/tags/%E0%B8%82%E0%B9%89%E0%B8%AD%E0%B8%A1%E0%B8%B9%E0%B8%A5/");
    CHECK(emit::encode_url("https://km.go.th/a b/") == "https://km.go.th/a%20b/");
}

namespace {

// A site at a sub-path with one Thai page, an alias of it in Thai and one
// with characters nginx, Apache and Caddy read specially outside quotes.
site::Site alias_site() {
    site::Site s;
    config::set_base_url(s.config, "https://km.example.go.th/km/");
    content::Page p;
    p.url = "ใหม่/หน้า$1/";
    s.pages.push_back(p);
    for (std::string alias : {"เก่า/ชื่อ/", "old/a b;(x)$y.html"}) {
        site::Document d;
        d.kind = site::DocKind::alias;
        d.page = 0;
        d.url = alias;
        s.documents.push_back(d);
    }
    return s;
}

}  // namespace

TEST_CASE("redirect maps: every alias, with and without its slash, in four formats") {
    auto redirects = emit::site_redirects(alias_site());
    REQUIRE(redirects.size() == 3);
    CHECK(redirects[0].from == "/km/old/a b;(x)$y.html");
    CHECK(redirects[1].from == "/km/เก่า/ชื่อ");
    CHECK(redirects[2].from == "/km/เก่า/ชื่อ/");
    CHECK(redirects[2].to == "/km/ใหม่/หน้า$1/");
    // The target in every format: percent-encoded, no $ (a variable in
    // nginx and Apache) or % left bare.
    const std::string to =
        "/km/%E0%B9%83%E0%B8%AB%E0%B8%A1%E0%B9%88/"
        "%E0%B8%AB%E0%B8%99%E0%B9%89%E0%B8%B2%241/";
    auto netlify = emit::redirects_netlify(redirects);
    CHECK(netlify.find("\n/km/old/a%20b;(x)$y.html " + to + " 301\n") != std::string::npos);
    CHECK(netlify.find("\n/km/%E0%B9%80%E0%B8%81%E0%B9%88%E0%B8%B2/"
                       "%E0%B8%8A%E0%B8%B7%E0%B9%88%E0%B8%AD/ " +
                       to + " 301\n") != std::string::npos);
    auto nginx = emit::redirects_nginx(redirects);
    CHECK(nginx.find("map $uri $kmsite_redirect {\n    default \"\";\n") != std::string::npos);
    CHECK(nginx.find("\n    \"/km/เก่า/ชื่อ/\" \"" + to + "\";\n") != std::string::npos);
    CHECK(nginx.find("\n    \"/km/old/a b;(x)$y.html\" \"") != std::string::npos);
    CHECK(nginx.find("map_hash_bucket_size 64;") != std::string::npos);
    auto apache = emit::redirects_apache(redirects);
    std::string apache_to = to;
    for (std::size_t at = 0; (at = apache_to.find('%', at)) != std::string::npos; at += 2)
        apache_to.insert(at, "\\");
    CHECK(apache.find("\nRewriteRule \"^/km/old/a\\ b\\;\\(x\\)\\$y\\.html$\" \"" + apache_to +
                      "\" [R=301,NE,L]\n") != std::string::npos);
    CHECK(apache.find("\nRewriteRule \"^/km/เก่า/ชื่อ/$\" ") != std::string::npos);
    auto caddy = emit::redirects_caddy(redirects);
    CHECK(caddy.find("\nredir \"/km/เก่า/ชื่อ/\" \"" + to + "\" 301\n") != std::string::npos);
    // A Thai key longer than nginx's default bucket gets a bucket that holds it.
    std::string longest(200, 'a');
    auto big = emit::redirects_nginx({{"/" + longest + "/", "/x/"}});
    CHECK(big.find("map_hash_bucket_size 256;") != std::string::npos);
}

TEST_CASE("redirect maps of a site without aliases hold no rule") {
    site::Site s;
    config::set_base_url(s.config, "https://km.example.go.th/");
    auto none = emit::site_redirects(s);
    CHECK(none.empty());
    CHECK(emit::redirects_nginx(none).find("map $uri $kmsite_redirect {\n    default \"\";\n}\n") !=
          std::string::npos);
    CHECK(emit::redirects_apache(none).find("RewriteRule") == std::string::npos);
    CHECK(emit::redirects_caddy(none).find("redir") == std::string::npos);
    CHECK(emit::redirects_netlify(none).find("301") == std::string::npos);
}

TEST_CASE("the output directory refuses paths that leave it") {
    test::TempDir dir;
    Diagnostics diags;
    test::DirSink sink(dir.str() + "/public");
    emit::OutputDir out(sink, diags);
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
    test::DirSink sink(dir.str());
    emit::OutputDir out(sink, diags);
    emit::write_sitemaps(s, {}, out);
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

TEST_CASE("CSV cells a spreadsheet would run are written as text; numbers stay numbers; BOM") {
    CsvWriter csv;
    csv.text("=1+1").text("+x").text("-500").text("@SUM(A1:A2)").text("\tx").text("\rx");
    csv.number("-500").number("1234.5").number("0").text("ปกติ").text("a,b").text("say \"hi\"");
    csv.end_row();
    csv.text("＝1+1").number("=1+1").number("1e5").number("-").text("").text("a-b");
    csv.end_row();
    const std::string bom = "\xEF\xBB\xBF";
    CHECK(csv.str() == bom +
                           "\"'=1+1\",\"'+x\",\"'-500\",\"'@SUM(A1:A2)\",\"'\tx\",\"'\rx\","
                           "-500,1234.5,0,ปกติ,\"a,b\",\"say \"\"hi\"\"\"\n"
                           // full-width ＝, and "numbers" that are not numbers, become text
                           "\"'＝1+1\",\"'=1+1\",1e5,\"'-\",,a-b\n");
}

TEST_CASE("plan open data: exact numbers in CSV and JSON, formula cells neutralised, BOM") {
    site::Site s;
    config::set_base_url(s.config, "https://km.example.go.th/");
    s.config.office = "สำนักงาน";
    content::Page p;
    p.title = "แผน";
    p.url = "plans/p/";
    content::PlanTable t;
    t.name = "projects";
    t.caption = "=HYPERLINK(\"http://x\")";
    t.years = {2567, 2568};
    auto d = [](std::int64_t h) { return thai::Decimal::from_hundredths(h); };
    content::PlanRow r1;
    r1.group = "1";
    r1.project = "=1+1";
    r1.target = "-5%";
    r1.indicator = "@SUM(A1)";
    r1.owner = "\tกลุ่ม";
    r1.source = "+สป.ศธ.";
    r1.budgets = {d(900719925474099200), d(100)};  // 2^53 and 1 baht
    r1.total = d(900719925474099300);              // 2^53 + 1: not a double
    content::PlanRow r2;
    r2.project = "ข";
    r2.budgets = {d(10), d(20)};  // 0.1 + 0.2
    r2.total = d(30);
    t.rows = {r1, r2};
    t.year_totals = {d(900719925474099210), d(120)};
    t.grand_total = d(900719925474099330);
    p.plan_tables.push_back(t);
    s.pages.push_back(p);
    test::TempDir dir;
    Diagnostics diags;
    test::DirSink sink(dir.str());
    emit::OutputDir out(sink, diags);
    emit::write_open_data(s, out);
    auto csv = read_file(dir.str() + "/plans/p/projects.csv");
    auto json = read_file(dir.str() + "/plans/p/projects.json");
    REQUIRE(csv);
    REQUIRE(json);
    CHECK(*csv ==
          "\xEF\xBB\xBF"
          "strategy,project,target,indicator,budget_2567,budget_2568,total,source,owner\n"
          "1,\"'=1+1\",\"'-5%\",\"'@SUM(A1)\",9007199254740992,1,9007199254740993,\"'+สป.ศธ.\","
          "\"'\tกลุ่ม\"\n"
          ",ข,,,0.1,0.2,0.3,,\n"
          ",รวมทั้งสิ้น,,,9007199254740992.1,1.2,9007199254740993.3,,\n");
    CHECK(json->find("\"budget\": {\"2567\": 9007199254740992, \"2568\": 1}, \"total\": "
                     "9007199254740993,") != std::string::npos);
    CHECK(json->find("\"totals\": {\"2567\": 9007199254740992.1, \"2568\": 1.2, \"all\": "
                     "9007199254740993.3}") != std::string::npos);
    CHECK(json->find("\"project\": \"=1+1\"") != std::string::npos);  // JSON is data, not a sheet
    CHECK(json->find("nan") == std::string::npos);
    CHECK(json->find("inf") == std::string::npos);
    CHECK(json->find("e+") == std::string::npos);
}

TEST_CASE("the web app manifest names the site and lists the logo and the icon once") {
    site::Site s;
    s.config.title = "คลัง \"ความรู้\"";
    s.config.description = "<ทดสอบ>";
    config::set_base_url(s.config, "https://km.example.go.th/km/");
    render::ThemeColors colors;
    colors.theme = "#123456";
    // An SVG logo that is also the icon (favicon.svg is its copy): listed once.
    s.identity.logo_url = "logo.svg";
    s.identity.logo_source = "content/logo-src.svg";
    s.identity.logo_type = "image/svg+xml";
    s.identity.icon_url = "favicon.svg";
    s.identity.icon_type = "image/svg+xml";
    s.identity.files.push_back({"favicon.svg", "content/logo-src.svg", {}});
    CHECK(
        emit::web_manifest(s, colors) ==
        "{\"name\":\"คลัง \\\"ความรู้\\\"\",\"short_name\":\"คลัง \\\"ความรู้\\\"\","
        "\"description\":\"\\u003cทดสอบ>\",\"lang\":\"th\",\"dir\":\"ltr\",\"start_url\":\"/km/\","
        "\"scope\":\"/km/\",\"display\":\"standalone\",\"theme_color\":\"#123456\","
        "\"background_color\":\"#ffffff\",\"icons\":[{\"src\":\"/km/logo.svg\",\"sizes\":\"any\","
        "\"type\":\"image/svg+xml\",\"purpose\":\"any\"}]}\n");
    // A PNG favicon beside it is listed with its size.
    s.identity.files.clear();
    s.identity.icon_url = "icons/tab.png";
    s.identity.icon_type = "image/png";
    s.identity.icon_width = s.identity.icon_height = 192;
    s.config.short_name = "คลัง";
    std::string json = emit::web_manifest(s, colors);
    CHECK(json.find("\"short_name\":\"คลัง\"") != std::string::npos);
    CHECK(json.find("{\"src\":\"/km/icons/tab.png\",\"sizes\":\"192x192\",\"type\":\"image/png\","
                    "\"purpose\":\"any\"}]") != std::string::npos);
}

TEST_CASE("a theme's colours are read from its stylesheet's custom properties") {
    source::SourceTree tree;
    test::add_file(tree, "themes/t/templates/base.mustache", "x");
    test::add_file(
        tree, "themes/t/static/css/site.css",
        ":root {\n  --brand-dark: #000000;\n  --brand:  #AbCdEf ;\n  --paper: white;\n}");
    Diagnostics diags;
    auto theme = render::load_theme(tree, "t", diags);
    CHECK(theme.colors.theme == "#abcdef");
    CHECK(theme.colors.background == "#ffffff");  // a keyword: the default stands
}
