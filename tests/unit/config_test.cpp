#include "config/config.h"

#include <doctest/doctest.h>

#include "test_util.h"

using namespace kmsite;

TEST_CASE("site.yaml is read with menus, sections and contact") {
    source::SourceTree tree;
    test::add_file(tree, "site-config/site.yaml",
                   "title: ศูนย์ความรู้\nbase_url: https://km.example.go.th/km\ndigits: thai\n"
                   "paginate: ๕\ncontact:\n  phone: 0 2123 4567\nsections:\n  sop: {kind: sop, "
                   "title: คู่มือ}\nmenus:\n  main:\n    - {name: ข, url: /b/, weight: 2}\n"
                   "    - {name: ก, page: about.md, weight: 1}\n");
    Diagnostics diags;
    auto c = config::load_config(tree, diags);
    CHECK_FALSE(diags.has_errors());
    CHECK(c.title == "ศูนย์ความรู้");
    CHECK(c.base_url == "https://km.example.go.th/km/");
    CHECK(c.base_path == "/km/");
    CHECK(c.digits == "thai");
    CHECK(c.paginate == 5);
    CHECK(c.contact.phone == "0 2123 4567");
    CHECK(c.sections.at("sop").kind == "sop");
    REQUIRE(c.menus.at("main").size() == 2);
    CHECK(c.menus.at("main")[0].name == "ก");
    CHECK(c.menus.at("main")[0].line == 12);
}

TEST_CASE("site.yaml problems are diagnostics; its absence is an environment error") {
    source::SourceTree tree;
    test::add_file(tree, "site-config/site.yaml",
                   "title: x\nbase_url: ftp://x\npaginate: 0\ntypo_key: 1\nmenus:\n  main:\n"
                   "    - {name: both, url: /a/, page: a.md}\n");
    Diagnostics diags;
    config::load_config(tree, diags);
    std::vector<std::string> rules;
    for (const auto& d : diags.sorted()) rules.push_back(d.rule + "@" + std::to_string(d.line));
    CHECK(rules == std::vector<std::string>{"config-base-url@2", "field-value@3", "field-unknown@4",
                                            "menu-target@7"});
    source::SourceTree empty;
    CHECK_THROWS_AS(config::load_config(empty, diags), EnvironmentError);
}

TEST_CASE("YAML syntax errors point into the file") {
    Diagnostics diags;
    CHECK_FALSE(config::parse_yaml("a: 1\nb: [2\n", "f.yaml", 10, diags));
    auto all = diags.sorted();
    REQUIRE(all.size() == 1);
    CHECK(all[0].line == 11);
    CHECK(all[0].rule == "yaml-syntax");
}

TEST_CASE("whole numbers out of range are errors at their line, never wrapped") {
    source::SourceTree tree;
    // 4294967297 would wrap to 1 in an int; -1 feed items would mean "all".
    test::add_file(tree, "site-config/site.yaml",
                   "title: x\nbase_url: https://x.go.th/\npaginate: 4294967297\nfeed_limit: -1\n"
                   "menus:\n  main:\n    - {name: a, url: /a/, weight: 99999999999999999999}\n"
                   "    - {name: b, url: /b/, weight: 2000000}\n");
    Diagnostics diags;
    auto c = config::load_config(tree, diags);
    std::vector<std::string> found;
    for (const auto& d : diags.sorted())
        found.push_back(d.rule + "@" + std::to_string(d.line) + ":" + std::to_string(d.col));
    CHECK(found == std::vector<std::string>{"field-value@3:11", "field-value@4:13",
                                            "field-type@7:35", "field-value@8:35"});
    CHECK(c.paginate == 10);
    CHECK(c.feed_limit == 20);
}
