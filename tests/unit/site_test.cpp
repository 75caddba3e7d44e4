#include "site/site.h"

#include <doctest/doctest.h>

#include "test_util.h"

using namespace kmsite;

namespace {

content::Page make_page(std::string rel, std::string title, std::int64_t lastmod = 1700000000) {
    content::Page p;
    p.rel_path = rel;
    p.source_path = "content/" + rel;
    p.title = std::move(title);
    p.lang = "th";
    p.lastmod = lastmod;
    auto slash = rel.find('/');
    p.section = slash == std::string::npos ? "" : rel.substr(0, slash);
    std::string stem = rel.substr(0, rel.size() - 3);
    if (stem == "_index") {
        p.is_home = true;
    } else if (stem.ends_with("/_index")) {
        p.is_section_index = true;
        p.url = stem.substr(0, stem.size() - 6);
    } else {
        p.url = stem + '/';
    }
    return p;
}

const site::Document* doc_at(const site::Site& s, const std::string& url) {
    for (const auto& d : s.documents)
        if (d.url == url) return &d;
    return nullptr;
}

}  // namespace

TEST_CASE("sections paginate and order by weight, then newest, then ก-ฮ") {
    config::SiteConfig config;
    config.paginate = 2;
    content::ContentSet set;
    set.pages.push_back(make_page("sop/_index.md", "คู่มือ"));
    set.pages.push_back(make_page("sop/k.md", "ค", 100));
    set.pages.push_back(make_page("sop/g.md", "ก", 100));
    set.pages.push_back(make_page("sop/new.md", "ง", 300));
    auto weighted = make_page("sop/w.md", "ฮ", 50);
    weighted.weight = 1;
    set.pages.push_back(weighted);
    Diagnostics diags;
    auto s = site::build_site(config, std::move(set), diags);
    CHECK_FALSE(diags.has_errors());
    REQUIRE(s.sections.size() == 1);
    const auto& sec = s.sections[0];
    CHECK(sec.title == "คู่มือ");
    std::vector<std::string> order;
    for (auto i : sec.pages) order.push_back(s.pages[i].title);
    CHECK(order == std::vector<std::string>{"ฮ", "ง", "ก", "ค"});
    REQUIRE(doc_at(s, "sop/"));
    CHECK(doc_at(s, "sop/")->page_count == 2);
    REQUIRE(doc_at(s, "sop/page/2/"));
    CHECK(doc_at(s, "sop/page/2/")->items.size() == 2);
    CHECK_FALSE(doc_at(s, "sop/page/3/"));
    CHECK(s.document_lastmod(*doc_at(s, "sop/")) == 1700000000);  // the _index.md is newest
}

TEST_CASE("taxonomies: tags, offices and fiscal years with term pages") {
    config::SiteConfig config;
    content::ContentSet set;
    auto a = make_page("a.md", "ก");
    a.tags = {"ICT", "ข้อมูล"};
    a.fiscal_year = 2567;
    a.office = "สพม.มหาสารคาม";
    auto b = make_page("b.md", "ข");
    b.tags = {"ict"};
    b.fiscal_year = 2568;
    set.pages = {a, b};
    Diagnostics diags;
    auto s = site::build_site(config, std::move(set), diags);
    REQUIRE(s.taxonomies.size() == 4);  // tags, office, fiscal_year, km_step
    const auto& tags = s.taxonomies[0];
    REQUIRE(tags.terms.size() == 2);      // "ICT" and "ict" are one term
    CHECK(tags.terms[0].name == "ข้อมูล");  // Thai collation puts Thai script first
    CHECK(tags.terms[1].url == "tags/ict/");
    CHECK(tags.terms[1].pages.size() == 2);
    const auto& years = s.taxonomies[2];
    CHECK(years.terms[0].name == "2568");  // newest fiscal year first
    CHECK(doc_at(s, "fiscal-years/2567/"));
    CHECK(doc_at(s, "offices/สพม-มหาสารคาม/"));
    CHECK(doc_at(s, "tags/"));
    CHECK(doc_at(s, "sitemap/"));
    CHECK(doc_at(s, "404.html"));
    CHECK(doc_at(s, ""));  // a home page even without content/_index.md
}

TEST_CASE("two claims on one URL are an error naming both") {
    config::SiteConfig config;
    content::ContentSet set;
    set.pages.push_back(make_page("a/b.md", "1"));
    auto alias = make_page("c.md", "2");
    alias.aliases = {"a/b/"};
    set.pages.push_back(alias);
    set.assets.push_back({"content/tags/index.html", "tags/index.html"});
    auto tagged = make_page("d.md", "3");
    tagged.tags = {"x"};
    set.pages.push_back(tagged);
    Diagnostics diags;
    site::build_site(config, std::move(set), diags);
    auto all = diags.sorted();
    REQUIRE(all.size() == 2);
    CHECK(all[0].rule == "url-conflict");
    CHECK(all[0].message.find("content/a/b.md") != std::string::npos);
    CHECK(all[0].message.find("content/c.md") != std::string::npos);
    CHECK(all[1].path == "content/tags/index.html");
}

TEST_CASE("menus resolve content files and reject escapes") {
    config::SiteConfig config;
    config.menus["main"] = {{"เกี่ยวกับ", "About", "", "about.md", 0, 3},
                            {"ไม่มี", "", "", "none.md", 0, 4},
                            {"ออก", "", "/../x", "", 0, 5},
                            {"DGA", "", "https://www.dga.or.th/", "", 0, 6}};
    content::ContentSet set;
    set.pages.push_back(make_page("about.md", "เกี่ยวกับเรา"));
    Diagnostics diags;
    auto s = site::build_site(config, std::move(set), diags);
    const auto& menu = s.menus.at("main");
    REQUIRE(menu.size() == 2);
    CHECK(menu[0].href == "/about/");
    CHECK(menu[1].href == "https://www.dga.or.th/");
    auto all = diags.sorted();
    REQUIRE(all.size() == 2);
    CHECK(all[0].rule == "menu-page-missing");
    CHECK(all[0].line == 4);
    CHECK(all[1].rule == "path-escape");
}

TEST_CASE("SOPs without a code get one from their section and order") {
    config::SiteConfig config;
    content::ContentSet set;
    for (auto [rel, weight, code] :
         std::vector<std::tuple<std::string, int, std::string>>{{"sop/b.md", 2, ""},
                                                                {"sop/a.md", 1, ""},
                                                                {"sop/c.md", 3, "ICT-99"},
                                                                {"sop/d.md", 4, ""}}) {
        auto p = make_page(rel, rel);
        p.kind = content::Kind::sop;
        p.weight = weight;
        p.sop = content::Sop{};
        p.sop->code = code;
        set.pages.push_back(p);
    }
    Diagnostics diags;
    auto s = site::build_site(config, std::move(set), diags);
    std::map<std::string, std::string> codes;
    for (const auto& p : s.pages) codes[p.rel_path] = p.sop->code;
    CHECK(codes["sop/a.md"] == "SOP-01");
    CHECK(codes["sop/b.md"] == "SOP-02");
    CHECK(codes["sop/c.md"] == "ICT-99");  // a written code is kept
    CHECK(codes["sop/d.md"] == "SOP-04");
}

namespace {

// A PNG of `width` x `height` as far as its header goes (kmsite reads no further).
std::string png_header(std::uint32_t width, std::uint32_t height) {
    std::string p("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
    for (std::uint32_t v : {width, height})
        for (int shift = 24; shift >= 0; shift -= 8) p += static_cast<char>((v >> shift) & 0xFF);
    p += std::string("\x08\x06\0\0\0", 5) + "CRC!";
    return p;
}

struct IdentitySite {
    source::SourceTree tree;
    config::SiteConfig config;
    content::ContentSet set;
    Diagnostics diags;
    IdentitySite() {
        config.title = "ศูนย์ความรู้";
        config.office = "สำนักงานทดสอบ";
        config.lines = {{"logo", 7}, {"favicon", 8}};
    }
    // A file of content/, published unless the content stage refused it.
    void file(const std::string& rel, const std::string& data, bool published = true) {
        test::add_file(tree, "content/" + rel, data);
        if (published) set.assets.push_back({"content/" + rel, rel});
    }
    site::Site build() {
        auto site = site::build_site(config, std::move(set), diags);
        site::choose_identity(site, tree, diags);
        return site;
    }
};

const site::IdentityFile* made(const site::Site& site, const std::string& url) {
    for (const auto& f : site.identity.files)
        if (f.url == url) return &f;
    return nullptr;
}

bool error_at(const Diagnostics& diags, const std::string& rule, int line) {
    for (const auto& d : diags.sorted())
        if (d.rule == rule && d.path == "site-config/site.yaml" && d.line == line) return true;
    return false;
}

const std::string svg_logo =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"60\"><rect/></svg>";

}  // namespace

TEST_CASE("an SVG logo is copied to logo.svg and is the icon; the manifest is claimed") {
    IdentitySite s;
    s.config.logo = "images/logo.svg";
    s.file("images/logo.svg", svg_logo);
    auto site = s.build();
    CHECK_FALSE(s.diags.has_errors());
    const auto& id = site.identity;
    CHECK(id.logo_url == "logo.svg");
    CHECK(id.logo_type == "image/svg+xml");
    CHECK(std::pair(id.logo_width, id.logo_height) == std::pair(120, 60));
    CHECK(id.icon_url == "favicon.svg");
    CHECK(id.manifest_url == "manifest.webmanifest");
    REQUIRE(made(site, "logo.svg"));
    CHECK(made(site, "logo.svg")->source == "content/images/logo.svg");
    REQUIRE(made(site, "favicon.svg"));
    CHECK(made(site, "favicon.svg")->make == site::IdentityFile::Make::copy);
    CHECK(made(site, "favicon.svg")->source == "content/images/logo.svg");
    CHECK_FALSE(made(site, "favicon.ico"));  // no raster to answer it with
    for (const char* url : {"logo.svg", "favicon.svg", "manifest.webmanifest"})
        CHECK(site.outputs.owner(url));
}

TEST_CASE("a PNG logo is the icon and answers /favicon.ico; favicon: overrides it") {
    {
        IdentitySite s;
        s.config.logo = "logo.png";
        s.file("logo.png", png_header(300, 100));
        auto site = s.build();
        CHECK_FALSE(s.diags.has_errors());
        const auto& id = site.identity;
        CHECK(id.logo_url == "logo.png");
        CHECK(std::pair(id.logo_width, id.logo_height) == std::pair(300, 100));
        CHECK(id.icon_url == "logo.png");
        CHECK(id.icon_type == "image/png");
        // content/logo.png is already at logo.png: no second copy, no conflict.
        CHECK_FALSE(made(site, "logo.png"));
        CHECK(*site.outputs.owner("logo.png") == "content/logo.png");
        REQUIRE(made(site, "favicon.ico"));
        CHECK(made(site, "favicon.ico")->make == site::IdentityFile::Make::ico_from_png);
    }
    {
        IdentitySite s;
        s.config.logo = "logo.png";
        s.config.favicon = "icons/tab.ico";
        s.file("logo.png", png_header(300, 100));
        s.file("icons/tab.ico", std::string("\0\0\1\0", 4));
        auto site = s.build();
        CHECK_FALSE(s.diags.has_errors());
        CHECK(site.identity.icon_url == "icons/tab.ico");
        CHECK(site.identity.icon_type == "");
        REQUIRE(made(site, "favicon.ico"));
        CHECK(made(site, "favicon.ico")->make == site::IdentityFile::Make::copy);
        CHECK(made(site, "favicon.ico")->source == "content/icons/tab.ico");
    }
    {
        IdentitySite s;  // neither: the drawn initial, as before
        auto site = s.build();
        CHECK(site.identity.icon_url == "favicon.svg");
        REQUIRE(made(site, "favicon.svg"));
        CHECK(made(site, "favicon.svg")->make == site::IdentityFile::Make::drawn_favicon);
        CHECK(site.identity.logo_url.empty());
        CHECK(site::favicon_svg(site).find(">ส</text>") != std::string::npos);
    }
}

TEST_CASE("a logo that is missing, refused or not a PNG is an error at its site.yaml line") {
    {
        IdentitySite s;
        s.config.logo = "images/nowhere.svg";
        s.build();
        CHECK(error_at(s.diags, "config-file-missing", 7));
    }
    {
        IdentitySite s;  // the content stage refused it (its error is at the file)
        s.config.logo = "logo.svg";
        s.file("logo.svg", "<svg onload=\"alert(1)\"/>", false);
        auto site = s.build();
        CHECK(error_at(s.diags, "config-logo", 7));
        CHECK(site.identity.logo_url.empty());
    }
    {
        IdentitySite s;  // published as a picture of content/, but it links away
        s.config.logo = "logo.svg";
        s.file("logo.svg",
               "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<a href=\"https://x.example/\"/>"
               "</svg>");
        auto site = s.build();
        CHECK(error_at(s.diags, "config-logo", 7));
        bool at_file = false;
        for (const auto& d : s.diags.sorted())
            at_file |= d.rule == "asset-svg-unsafe" && d.path == "content/logo.svg" && d.line == 2;
        CHECK(at_file);
        CHECK(site.identity.logo_url.empty());
        CHECK(site.identity.files.size() == 1);  // the manifest alone
    }
    {
        IdentitySite s;
        s.config.logo = "logo.png";
        s.file("logo.png", png_header(0, 10));
        s.build();
        CHECK(error_at(s.diags, "config-logo", 7));
    }
    {
        IdentitySite s;  // a photo-sized logo: a warning, the logo still used
        s.config.logo = "logo.png";
        s.file("logo.png", png_header(4000, 3000) + std::string(300 * 1024, '\0'));
        auto site = s.build();
        CHECK_FALSE(s.diags.has_errors());
        CHECK(s.diags.warning_count() == 1);
        auto all = s.diags.sorted();
        REQUIRE(all.size() == 1);
        CHECK(all[0].rule == "logo-large");
        CHECK(all[0].line == 7);
        CHECK(all[0].message.find("is 300 KB") != std::string::npos);
        CHECK(site.identity.logo_url == "logo.png");
    }
    {
        IdentitySite s;
        s.config.favicon = "tab.png";
        s.file("tab.png", std::string("\x89PNG\r\n\x1a\n", 8));
        s.build();
        CHECK(error_at(s.diags, "config-logo", 8));
    }
}
