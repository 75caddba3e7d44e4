#include "admin/admin.h"

#include <doctest/doctest.h>

#include "check/internal.h"
#include "config/config.h"
#include "test_util.h"

using namespace kmsite;

namespace {

config::SiteConfig load(const std::string& yaml, Diagnostics& diags) {
    source::SourceTree tree;
    test::add_file(tree, "site-config/site.yaml", yaml);
    return config::load_config(tree, diags);
}

// "rule@line" of every diagnostic, in order.
std::vector<std::string> rules(Diagnostics& diags) {
    std::vector<std::string> out;
    for (const auto& d : diags.sorted()) out.push_back(d.rule + "@" + std::to_string(d.line));
    return out;
}

// The mapping entry of a sequence of mappings whose `name` is `name`.
const config::Yaml* named(const config::Yaml& list, const std::string& name) {
    for (const auto& item : list.items())
        if (item["name"].scalar() == name) return &item;
    return nullptr;
}

}  // namespace

TEST_CASE("edit_url: read, refused at its line when it is no http(s) URL with {path}") {
    Diagnostics ok;
    auto c = load("title: x\nedit_url: https://gitlab.example.go.th/o/p/-/edit/main/{path}\n", ok);
    CHECK_FALSE(ok.has_errors());
    CHECK(config::edit_link(c, "content/sop/backup.md") ==
          "https://gitlab.example.go.th/o/p/-/edit/main/content/sop/backup.md");
    // Each segment encoded, slashes kept: Thai, a space, and what would
    // start a query or a fragment.
    CHECK(config::edit_link(c, "content/ก ข/a#b?c%.md") ==
          "https://gitlab.example.go.th/o/p/-/edit/main/content/%E0%B8%81%20%E0%B8%82/"
          "a%23b%3Fc%25.md");
    config::SiteConfig none;
    CHECK(config::edit_link(none, "content/a.md").empty());
    for (const char* bad : {"ftp://x/{path}", "https://x/edit/", "//x/{path}", "https:///{path}",
                            "https://x/a b/{path}"}) {
        Diagnostics diags;
        auto b = load(std::string("title: x\n\nedit_url: \"") + bad + "\"\n", diags);
        CHECK(rules(diags) == std::vector<std::string>{"config-edit-url@3"});
        CHECK(b.edit_url.empty());
        CHECK(diags.sorted()[0].message.find("ต้องเป็นที่อยู่ http(s)") != std::string::npos);
    }
}

TEST_CASE("admin: its settings, and each mistake at its line") {
    Diagnostics ok;
    auto c = load(
        "title: x\nadmin:\n  backend: gitlab\n  repo: group/sub/portal\n  branch: develop\n"
        "  api_root: https://git.example.go.th/api/v4\n  auth_type: pkce\n  app_id: abc\n"
        "  local_backend: true\n",
        ok);
    CHECK_FALSE(ok.has_errors());
    CHECK(c.admin.enabled);
    CHECK(c.admin.repo == "group/sub/portal");
    CHECK(c.admin.branch == "develop");
    CHECK(c.admin.local_backend == config::default_local_backend);

    Diagnostics local;
    auto l = load("title: x\nadmin: {local_backend: \"http://localhost:9000/api/v1\"}\n", local);
    CHECK_FALSE(local.has_errors());
    CHECK(l.admin.backend == "proxy");  // decap-server only
    CHECK(l.admin.local_backend == "http://localhost:9000/api/v1");

    Diagnostics off;
    CHECK_FALSE(load("title: x\n", off).admin.enabled);

    Diagnostics bad;
    load(
        "title: x\nadmin:\n  backend: github\n  repo: nope\n  auth_type: pkce\n"
        "  local_backend: yes\n  branch: \"a b\"\n  surprise: 1\n",
        bad);
    CHECK(rules(bad) == std::vector<std::string>{"config-admin@4", "config-admin@5", "field-type@6",
                                                 "config-admin@7", "field-unknown@8"});
    Diagnostics missing;
    load("title: x\nadmin:\n  backend: gitlab\n", missing);
    CHECK(rules(missing) == std::vector<std::string>{"config-admin@3"});
    Diagnostics nothing;
    load("title: x\nadmin: {branch: main}\n", nothing);
    CHECK(rules(nothing) == std::vector<std::string>{"config-admin@2"});
    Diagnostics shape;
    load("title: x\nadmin: true\n", shape);
    CHECK(rules(shape) == std::vector<std::string>{"field-type@2"});
}

TEST_CASE("config.yml: the backend, one collection per section with its kind's fields") {
    site::Site s;
    Diagnostics diags;
    s.config = load(
        "title: x\nbase_url: https://km.example.go.th/km/\nsections:\n"
        "  sop: {kind: sop, title: \"คู่มือ: งาน #1\"}\n  plans: {kind: plan, title: แผน}\n"
        "  news: {title: ข่าว}\n"
        "admin:\n  backend: gitlab\n  repo: office/portal\n  local_backend: "
        "\"http://localhost:9/api/v1\"\n"
        "  editorial_workflow: true\n",
        diags);
    REQUIRE_FALSE(diags.has_errors());
    content::Page plan;
    plan.plan_tables.push_back({});
    plan.plan_tables[0].years = {2569, 2567};
    s.pages.push_back(plan);
    site::Section en;
    en.key = "en/sop";
    en.lang = "en";
    s.sections.push_back(en);

    std::string text = admin::decap_config(s);
    // kmsite's own YAML 1.2 reader takes it back: valid YAML, every value exact.
    Diagnostics parse;
    auto root = config::parse_yaml(text, "config.yml", 1, parse);
    REQUIRE(root);
    CHECK_FALSE(parse.has_errors());
    const auto& c = *root;
    CHECK(c["backend"]["name"].scalar() == "gitlab");
    CHECK(c["backend"]["repo"].scalar() == "office/portal");
    CHECK(c["backend"]["branch"].scalar() == "main");
    CHECK(c["local_backend"]["url"].scalar() == "http://localhost:9/api/v1");
    CHECK(c["publish_mode"].scalar() == "editorial_workflow");
    CHECK(c["site_url"].scalar() == "https://km.example.go.th/km/");
    CHECK(c["locale"].scalar() == "th");
    const auto& cols = c["collections"];
    REQUIRE(cols.size() == 5);  // news, plans, sop, en-sop, pages
    const auto* sop = named(cols, "sop");
    REQUIRE(sop);
    CHECK((*sop)["label"].scalar() == "คู่มือ: งาน #1");  // quoted, read back exactly
    CHECK((*sop)["folder"].scalar() == "content/sop");
    CHECK_FALSE((*sop)["path"].defined());
    const auto* steps = named((*sop)["fields"], "steps");
    REQUIRE(steps);
    CHECK((*steps)["widget"].scalar() == "list");
    CHECK(named((*steps)["fields"], "id"));
    CHECK_FALSE((*named((*steps)["fields"], "id"))["required"].defined());  // Decap: required
    CHECK((*named((*steps)["fields"], "next"))["required"].scalar() == "false");
    const auto* plans = named(cols, "plans");
    REQUIRE(plans);
    CHECK((*plans)["path"].scalar() == "{{slug}}/index");
    CHECK((*plans)["media_folder"].scalar().empty());
    CHECK((*plans)["media_folder"].is_scalar());  // '' , not null
    const auto& rows = (*named((*plans)["fields"], "rows"))["fields"];
    CHECK(named(rows, "budget_2567"));
    CHECK(named(rows, "budget_2569"));
    CHECK_FALSE(named(rows, "budget_2568"));  // the years the site's plans have
    const auto* news = named(cols, "news");
    REQUIRE(news);
    CHECK_FALSE(named((*news)["fields"], "steps"));  // a page: the common fields only
    CHECK(named((*news)["fields"], "title"));
    const auto* english = named(cols, "en-sop");
    REQUIRE(english);
    CHECK((*english)["folder"].scalar() == "content/en/sop");
    CHECK(named(cols, "pages"));
}

TEST_CASE("the admin's policy: Decap's needs and the backend's hosts, nothing wider") {
    config::AdminConfig a;
    a.backend = "gitlab";
    a.api_root = "https://git.example.go.th/api/v4";
    a.base_url = "https://git.example.go.th";
    a.local_backend = "http://localhost:8081/api/v1";
    std::string csp = admin::content_security_policy(a);
    CHECK(csp.find("script-src 'self' 'unsafe-eval';") != std::string::npos);
    CHECK(csp.find("style-src 'self' 'unsafe-inline';") != std::string::npos);
    CHECK(csp.find("connect-src 'self' blob: http://localhost:8081 https://git.example.go.th;") !=
          std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    a = {};
    a.backend = "github";
    CHECK(admin::content_security_policy(a).find(
              "connect-src 'self' blob: https://api.github.com;") != std::string::npos);
}

TEST_CASE("the checker leaves out kmsite's admin page, and only it") {
    site::Site s;
    s.config.title = "ศูนย์ความรู้";
    std::string html = admin::index_html(s);
    CHECK(html.find("<script>") == std::string::npos);
    auto facts = check::scan_page("admin/index.html", html, check::default_required_links());
    CHECK(facts.editor);
    CHECK(facts.findings.empty());
    REQUIRE(facts.links.size() == 1);  // its script must still exist
    CHECK(facts.links[0].href == "decap-cms.js");
    // The same page elsewhere, or a page at admin/ that is not marked noindex,
    // is a page of the site like any other.
    CHECK_FALSE(check::scan_page("tools/index.html", html, check::default_required_links())
                    .findings.empty());
    std::string marked_not = html;
    marked_not.replace(marked_not.find("noindex, nofollow"), 17, "index");
    auto plain = check::scan_page("admin/index.html", marked_not, check::default_required_links());
    CHECK_FALSE(plain.editor);
    CHECK_FALSE(plain.findings.empty());
}
