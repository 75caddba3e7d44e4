#include "config/config.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "test_util.h"
#include "thai/thai.h"

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

TEST_CASE("precompress: on unless site.yaml says false; a boolean at its line") {
    auto read = [](const std::string& yaml, std::string* rules = nullptr) {
        source::SourceTree tree;
        test::add_file(tree, "site-config/site.yaml", yaml);
        Diagnostics diags;
        auto c = config::load_config(tree, diags);
        if (rules)
            for (const auto& d : diags.sorted())
                *rules += d.rule + "@" + std::to_string(d.line) + " ";
        return c.precompress;
    };
    CHECK(read("title: x\n"));
    CHECK(read("title: x\nprecompress: true\n"));
    CHECK_FALSE(read("title: x\nprecompress: false\n"));
    std::string rules;
    read("title: x\nprecompress: off\n", &rules);
    CHECK(rules == "field-type@2 ");
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
    CHECK(rules == std::vector<std::string>{"config-base-url@2", "field-range@3", "field-unknown@4",
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

namespace {

// "rule@line:col" of every diagnostic, in order, separated by spaces.
std::string findings(const Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags.sorted()) {
        if (!out.empty()) out += ' ';
        out += d.rule + "@" + std::to_string(d.line) + ":" + std::to_string(d.col);
    }
    return out;
}

std::string config_findings(const std::string& yaml) {
    source::SourceTree tree;
    test::add_file(tree, "site-config/site.yaml", yaml);
    Diagnostics diags;
    config::load_config(tree, diags);
    return findings(diags);
}

}  // namespace

TEST_CASE("the YAML tree keeps positions, document order and plainness") {
    Diagnostics diags;
    auto root = config::parse_yaml(
        "b: 1\nก: \"true\"\nlist:\n  - x\n  - {k: v}\nempty:\nnull: ~\nq: \"null\"\n"
        "lit: |\n  one\n  two\ntagged: !!str true\n",
        "f.md", 2, diags);
    REQUIRE(root);
    CHECK(diags.sorted().empty());
    REQUIRE(root->is_map());
    std::string keys;
    for (const auto& e : root->entries()) keys += (keys.empty() ? "" : " ") + e.key;
    CHECK(keys == "b ก list empty null q lit tagged");
    CHECK((*root)["b"].is_plain());
    CHECK((*root)["b"].scalar() == "1");
    CHECK((*root)["b"].line() == 2);
    CHECK((*root)["b"].col() == 4);
    // Columns count code points, as editors show them.
    CHECK((*root)["ก"].col() == 4);
    CHECK((*root)["ก"].is_scalar());
    CHECK_FALSE((*root)["ก"].is_plain());
    const auto& list = (*root)["list"];
    REQUIRE(list.is_sequence());
    REQUIRE(list.size() == 2);
    CHECK(list.line() == 5);
    CHECK(list.items()[1].is_map());
    CHECK(list.items()[1].line() == 6);
    CHECK(list.items()[1]["k"].scalar() == "v");
    // An empty value is null and sits at its key.
    CHECK((*root)["empty"].is_null());
    CHECK((*root)["empty"].defined());
    CHECK((*root)["empty"].line() == 7);
    CHECK((*root)["null"].is_null());
    CHECK((*root)["q"].is_scalar());
    CHECK((*root)["q"].scalar() == "null");
    CHECK((*root)["lit"].scalar() == "one\ntwo\n");
    CHECK((*root)["tagged"].is_scalar());
    CHECK_FALSE((*root)["tagged"].is_plain());
    CHECK_FALSE((*root)["absent"].defined());
    CHECK_FALSE((*root)["b"]["x"].defined());  // lookups into a scalar are missing, not thrown
    CHECK(root->entry("list")->line == 4);
    // An empty document is an empty mapping.
    auto empty = config::parse_yaml("", "f.md", 2, diags);
    REQUIRE(empty);
    CHECK(empty->is_map());
    CHECK(empty->size() == 0);
    auto comment = config::parse_yaml("# only a comment\n", "f.md", 2, diags);
    REQUIRE(comment);
    CHECK(comment->is_map());
}

TEST_CASE("an unterminated quote is a syntax error at its line, not a swallowed field") {
    for (const char* text : {"title: \"abc\ndate: 2024-01-01\n", "title: 'abc\ndate: 2024-01-01\n",
                             "title: \"abc\n", "a:\n  title: \"abc\n  date: 1\n"}) {
        CAPTURE(text);
        Diagnostics diags;
        CHECK_FALSE(config::parse_yaml(text, "f.md", 2, diags));
        auto all = diags.sorted();
        REQUIRE(all.size() == 1);
        CHECK(all[0].rule == "yaml-syntax");
        CHECK(all[0].line == (std::string(text).rfind("a:", 0) == 0 ? 3 : 2));
        CHECK(all[0].message.find("YAML syntax error") == 0);
    }
}

TEST_CASE("duplicate keys are errors at the second key, naming the first") {
    Diagnostics diags;
    auto root =
        config::parse_yaml("title: a\nb: 1\ntitle: b\nm:\n  x: 1\n  x: 2\n", "f.md", 2, diags);
    REQUIRE(root);
    CHECK(findings(diags) == "yaml-duplicate-key@4:1 yaml-duplicate-key@7:3");
    CHECK(diags.sorted()[0].message.find("first at line 2") != std::string::npos);
    CHECK((*root)["title"].scalar() == "a");
    CHECK(root->size() == 3);
    // Quoting does not make a key different.
    Diagnostics quoted;
    config::parse_yaml("a: 1\n\"a\": 2\n", "f.md", 1, quoted);
    CHECK(findings(quoted) == "yaml-duplicate-key@2:1");
    CHECK(config_findings("title: x\ntitle: y\n") == "yaml-duplicate-key@2:1");
}

TEST_CASE("aliases, non-text keys and second documents are refused") {
    Diagnostics diags;
    auto root = config::parse_yaml("a: &x 1\nb: *x\n? [k]\n: v\n", "f.md", 1, diags);
    REQUIRE(root);
    CHECK(findings(diags) == "yaml-alias@2:4 yaml-key@3:3");
    CHECK((*root)["b"].is_null());
    CHECK(config_findings("title: x\n---\ntitle: y\n") == "yaml-syntax@2:1");
}

TEST_CASE("deep nesting is an error or a tree, never a crash") {
    Diagnostics diags;
    config::parse_yaml("a: " + std::string(100000, '['), "f.md", 1, diags);
    CHECK(diags.has_errors());
    Diagnostics deep;
    auto root =
        config::parse_yaml(std::string(2000, '[') + std::string(2000, ']'), "f.md", 1, deep);
    CHECK((root.has_value() || deep.has_errors()));
}

TEST_CASE("control characters in values are errors at their line and are removed") {
    // \x01 written raw, NUL and ESC written as escapes, in site.yaml and nested values.
    source::SourceTree tree;
    test::add_file(tree, "site-config/site.yaml",
                   std::string("title: \"a\\x01b\"\ndescription: c\x01") + "d\n" +
                       "contact:\n  phone: \"1\\0 234\"\nmenus:\n  main:\n    - {name: \"x\\e[31m\", "
                       "url: /}\noffice: \"tab\\tand\\nnewline are fine\"\n");
    Diagnostics diags;
    auto c = config::load_config(tree, diags);
    CHECK(findings(diags) ==
          "yaml-control-char@1:8 yaml-control-char@2:15 yaml-control-char@4:10 "
          "yaml-control-char@7:14");
    CHECK(c.title == "ab");
    CHECK(c.description == "cd");
    CHECK(c.contact.phone == "1 234");
    CHECK(c.menus.at("main")[0].name == "x[31m");
    CHECK(c.office == "tab\tand\nnewline are fine");
    CHECK(diags.sorted()[0].message.find("U+0001") != std::string::npos);
    // U+FFFF is not allowed in XML either.
    CHECK(config_findings("title: \"a\\uFFFFb\"\n") == "yaml-control-char@1:8");
    // A literal block keeps its newlines and tabs.
    CHECK(config_findings("title: |\n  a\tb\n  c\n").empty());
}

TEST_CASE("every shape mismatch in site.yaml is a diagnostic at its line") {
    struct Case {
        const char* yaml;
        const char* expected;
    };
    for (auto [yaml, expected] : std::vector<Case>{
             {"title: [a]\n", "field-type@1:8"},
             {"title: {a: 1}\n", "field-type@1:8"},
             {"title: x\ncontact: phone\n", "field-type@2:10"},
             {"title: x\ncontact: [a]\n", "field-type@2:10"},
             {"title: x\ncontact:\n  phone: [1, 2]\n", "field-type@3:10"},
             {"title: x\nsections: news\n", "field-type@2:11"},
             {"title: x\nsections:\n  news: article\n", "field-type@3:9"},
             {"title: x\nsections:\n  news: [a]\n", "field-type@3:9"},
             {"title: x\nsections:\n  news: {title: {a: b}}\n", "field-type@3:17"},
             {"title: x\nmenus: main\n", "field-type@2:8"},
             {"title: x\nmenus: [a]\n", "field-type@2:8"},
             {"title: x\nmenus:\n  main: home\n", "field-type@3:9"},
             {"title: x\nmenus:\n  main: {a: b}\n", "field-type@3:9"},
             {"title: x\nmenus:\n  main:\n    - home\n", "field-type@4:7"},
             {"title: x\nmenus:\n  main:\n    - [a]\n", "field-type@4:7"},
             {"title: x\nmenus:\n  main:\n    - {name: [a], url: /}\n", "field-type@4:14"},
             {"title: x\nmenus:\n  main:\n    - {name: a, url: {x: 1}}\n", "field-type@4:22"},
             {"title: x\nmenus:\n  main:\n    - {name: a, url: /, weight: [1]}\n",
              "field-type@4:33"},
             {"title: x\nlanguages: {th: 1}\n", "field-type@2:12"},
             {"title: x\nlanguages: [[th]]\n", "field-type@2:13"},
             {"title: x\nraw_html: [true]\n", "field-type@2:11"},
             {"title: x\nraw_html: yes\n", "field-type@2:11"},
             {"title: x\nraw_html: \"true\"\n", "field-type@2:11"},
             {"title: x\npaginate: {a: 1}\n", "field-type@2:11"},
             {"title: x\nbase_url: [https://a/]\n", "field-type@2:11"},
             {"title: x\nrequired_links: x\n", "field-type@2:17"},
             {"title: x\nrequired_links: {a: b}\n", "field-type@2:17"},
             {"title: x\nrequired_links:\n  - about\n", "field-type@3:5"},
             {"title: x\nrequired_links:\n  - {name: a, words: {b: c}}\n", "field-type@3:22"},
             {"title: x\nrequired_links:\n  - {name: a, words: [[b]]}\n", "field-type@3:23"},
             {"- a\n- b\n", "config-shape@1:1"},
             {"just text\n", "config-shape@1:1"},
         }) {
        CAPTURE(yaml);
        auto found = config_findings(yaml);
        CAPTURE(found);
        CHECK((" " + found + " ").find(std::string(" ") + expected + " ") != std::string::npos);
    }
}

TEST_CASE("integers are range-checked at their line; booleans are true or false") {
    CHECK(config_findings("title: x\npaginate: 99999999999999999999\n") == "field-range@2:11");
    CHECK(config_findings("title: x\npaginate: 2147483648\n") == "field-range@2:11");
    CHECK(config_findings("title: x\nfeed_limit: -1\n") == "field-range@2:13");
    CHECK(config_findings(
              "title: x\nmenus:\n  main:\n    - {name: a, url: /, weight: -2147483649}\n") ==
          "field-range@4:33");
    CHECK(
        config_findings("title: x\nmenus:\n  main:\n    - {name: a, url: /, weight: -2147483648}\n")
            .empty());
    for (const char* ok : {"true", "True", "TRUE", "false", "False", "FALSE", "~", ""}) {
        CAPTURE(ok);
        CHECK(config_findings(std::string("title: x\nraw_html: ") + ok + "\n").empty());
    }
    for (const char* bad : {"yes", "no", "on", "off", "y", "n", "1", "\"true\"", "'false'"}) {
        CAPTURE(bad);
        CHECK(config_findings(std::string("title: x\nraw_html: ") + bad + "\n") ==
              "field-type@2:11");
    }
}

TEST_CASE("required fields: a missing one at the opening line, an empty one at its own") {
    CHECK(config_findings("description: x\n") == "field-required@1:1");
    CHECK(config_findings("description: x\ntitle:\n") == "field-required@2:1");
    CHECK(config_findings("description: x\ntitle: \"\"\n") == "field-required@2:8");
    // A nested mapping reports a missing field at its own line.
    CHECK(config_findings("title: x\nmenus:\n  main:\n    - {url: /}\n") == "field-required@4:7");
    Diagnostics diags;
    source::SourceTree tree;
    test::add_file(tree, "site-config/site.yaml", "description: x\n");
    config::load_config(tree, diags);
    CHECK(diags.sorted()[0].message.find("add a line 'title: ...'") != std::string::npos);
}

TEST_CASE("large mappings, many duplicates and long runs of control characters stay linear") {
    // Each of these was quadratic in a first draft (a linear key search per
    // key; one erase per control character); ctest's timeout is the bound.
    std::string keys, duplicates;
    for (int i = 0; i < 20000; ++i) {
        keys += "k" + std::to_string(i) + ": v\n";
        duplicates += "k: v\n";
    }
    Diagnostics diags;
    auto root = config::parse_yaml(keys, "f.md", 1, diags);
    REQUIRE(root);
    CHECK(root->size() == 20000);
    CHECK((*root)["k19999"].scalar() == "v");
    CHECK_FALSE(diags.has_errors());
    root = config::parse_yaml(duplicates, "f.md", 1, diags);
    REQUIRE(root);
    CHECK(root->size() == 1);
    CHECK(diags.error_count() == 19999);
    Diagnostics controls;
    root = config::parse_yaml("t: \"" + std::string(200000, '\x01') + "x\"\n", "f.md", 1, controls);
    REQUIRE(root);
    CHECK((*root)["t"].scalar() == "x");
    CHECK(controls.error_count() == 1);
    // In a literal block, the error is at the line of the character.
    Diagnostics literal;
    config::parse_yaml("t: |\n  a\n  b\x01\n", "f.md", 1, literal);
    REQUIRE(literal.sorted().size() == 1);
    CHECK(literal.sorted()[0].line == 3);
}

TEST_CASE("a NUL typed into the file does not end the document") {
    // libfyaml stops at a raw NUL as if the text ended there: without the
    // check, every field after it would be lost without a word.
    Diagnostics diags;
    auto root = config::parse_yaml(std::string("title: a\0b\ndate: 2024-01-01\n\x02: x\n", 33),
                                   "f.md", 2, diags);
    REQUIRE(root);
    CHECK(findings(diags) == "yaml-control-char@2:9 yaml-control-char@4:1");
    CHECK((*root)["title"].scalar() == "ab");
    CHECK((*root)["date"].scalar() == "2024-01-01");
    CHECK((*root)[""].scalar() == "x");
    // Carriage returns are line breaks, not controls.
    Diagnostics crlf;
    root = config::parse_yaml("title: a\r\ntext: |\r\n  one\r\n  two\r\n", "f.md", 2, crlf);
    REQUIRE(root);
    CHECK(findings(crlf).empty());
    CHECK((*root)["title"].scalar() == "a");
    CHECK((*root)["text"].scalar() == "one\ntwo\n");
}

TEST_CASE("whole numbers out of range are errors at their line, never wrapped") {
    source::SourceTree tree;
    // 4294967297 would wrap to 1 in an int; -1 feed items would mean "all".
    test::add_file(tree, "site-config/site.yaml",
                   "title: x\nbase_url: https://x.go.th/\npaginate: 4294967297\nfeed_limit: -1\n"
                   "menus:\n  main:\n    - {name: a, url: /a/, weight: 99999999999999999999}\n"
                   "    - {name: b, url: /b/, weight: 4294967297}\n");
    Diagnostics diags;
    auto c = config::load_config(tree, diags);
    std::vector<std::string> found;
    for (const auto& d : diags.sorted())
        found.push_back(d.rule + "@" + std::to_string(d.line) + ":" + std::to_string(d.col));
    CHECK(found == std::vector<std::string>{"field-range@3:11", "field-range@4:13",
                                            "field-range@7:35", "field-range@8:35"});
    CHECK(c.paginate == 10);
    CHECK(c.feed_limit == 20);
}

TEST_CASE("single-quoted scalars read as YAML 1.2 says, runs of quotes included") {
    // Debian's libfyaml 0.7.12 reads runs of '' wrongly (and leaked a buffer
    // doing so: a fuzz finding); kmsite decodes this style itself.
    struct Case {
        const char* yaml;
        const char* value;
    };
    const Case cases[] = {
        {"a: 'x''y'\n", "x'y"},
        {"a: 'x''''y'\n", "x''y"},
        {"a: ''''''\n", "''"},
        {"a: ''\n", ""},
        {"a: 'it''s a ''test'''\n", "it's a 'test'"},
        {"a: '  lead and trail  '\n", "  lead and trail  "},
        {"a: 'one\n  two'\n", "one two"},
        {"a: 'one  \n\n   \n  two ''q'''\n", "one\n\ntwo 'q'"},
        {"a: 'one\r\n  two'\r\n", "one two"},
        {"a: [ 'p''q', 'ก''ข' ]\n", "p'q"},
        {"'k''ey': v\n", nullptr},
    };
    for (const auto& c : cases) {
        CAPTURE(c.yaml);
        Diagnostics diags;
        auto root = config::parse_yaml(c.yaml, "f.yaml", 1, diags);
        REQUIRE(root);
        CHECK(diags.sorted().empty());
        if (!c.value) {
            CHECK(root->entries().at(0).key == "k'ey");
            continue;
        }
        const auto& a = (*root)["a"];
        if (a.is_sequence()) {
            CHECK(a.items()[0].scalar() == c.value);
            CHECK(a.items()[1].scalar() == "ก'ข");
        } else {
            CHECK(a.scalar() == c.value);
            CHECK_FALSE(a.is_plain());
        }
    }
    // A long run, as the fuzzer found it: no leak (ASan), the right count.
    Diagnostics diags;
    auto root = config::parse_yaml("a: '" + std::string(600, '\'') + "'\n", "f.yaml", 1, diags);
    REQUIRE(root);
    CHECK((*root)["a"].scalar() == std::string(300, '\''));
}

TEST_CASE("time_zone must be a zone the database knows; language must be one of languages") {
    // ICU takes an unknown ID as GMT without a word: "Asia/Bankok" would put
    // every date seven hours off.
    CHECK(config_findings("title: x\ntime_zone: Asia/Bankok\n") == "field-value@2:12");
    CHECK(config_findings("title: x\ntime_zone: Bangkok\n") == "field-value@2:12");
    CHECK(config_findings("title: x\ntime_zone: Asia/Bangkok\n").empty());
    CHECK(config_findings("title: x\ntime_zone: UTC\n").empty());
    CHECK(thai::is_time_zone("Asia/Bangkok"));
    CHECK_FALSE(thai::is_time_zone("Etc/Unknown"));
    CHECK_FALSE(thai::is_time_zone(""));
    CHECK(config_findings("title: x\nlanguages: [th]\n").empty());
    CHECK(config_findings("title: x\nlanguages: [en]\n") == "field-value@2:12");
    CHECK(config_findings("title: x\nlanguage: en\nlanguages: [th]\n") == "field-value@2:11");
}

TEST_CASE("an empty number is not given: what a web form writes for a cleared field") {
    Diagnostics diags;
    auto root = config::parse_yaml("fiscal_year: \"\"\nweight: \" \"\nbad: \"x\"\n", "f.md", 1, diags);
    REQUIRE(root);
    config::Fields f(*root, "f.md", 1, diags);
    CHECK_FALSE(f.integer("fiscal_year").has_value());
    CHECK_FALSE(f.integer("weight").has_value());
    CHECK_FALSE(diags.has_errors());
    CHECK_FALSE(f.integer("bad").has_value());
    CHECK(diags.error_count() == 1);  // a word is still not a number
}

TEST_CASE("publish targets: git, dir, rsync and s3 forms; anything else says the forms") {
    std::string why;
    auto g = config::parse_publish_target("git:gh-pages", why);
    REQUIRE(g);
    CHECK(g->kind == config::PublishTarget::Kind::git);
    CHECK(g->branch == "gh-pages");
    CHECK(g->remote.empty());
    auto r = config::parse_publish_target("git:pages@origin", why);
    REQUIRE(r);
    CHECK(r->branch == "pages");
    CHECK(r->remote == "origin");
    auto d = config::parse_publish_target("dir:/srv/www/km", why);
    REQUIRE(d);
    CHECK(d->kind == config::PublishTarget::Kind::dir);
    CHECK(d->path == "/srv/www/km");
    auto s = config::parse_publish_target("rsync:deploy@web:/srv/km", why);
    REQUIRE(s);
    CHECK(s->kind == config::PublishTarget::Kind::rsync);
    CHECK(s->path == "deploy@web:/srv/km");
    auto b = config::parse_publish_target("s3:km-bucket.go.th/sites/ศูนย์ความรู้/", why);
    REQUIRE(b);
    CHECK(b->kind == config::PublishTarget::Kind::s3);
    CHECK(b->path == "km-bucket.go.th/sites/ศูนย์ความรู้/");
    for (const char* good : {"s3:bucket/km", "s3:bucket", "s3:bucket/", "s3:b-1/a/b.c"})
        CHECK_MESSAGE(config::parse_publish_target(good, why), good);
    // S3's bucket names; a prefix of plain segments.
    for (const char* bad : {"s3:ab/x", "s3:-bucket/x", "s3:Bucket/x", "s3:bucket_1/x", "s3:/bucket",
                            "s3:bucket//x", "s3:bucket/../x", "s3:bucket/a/./b", "s3:bucket/a b",
                            "s3:bucket.", "s3::s3,env_auth:x"})
        CHECK_MESSAGE(!config::parse_publish_target(bad, why), bad);
    for (const char* bad :
         {"", "pages", "git:", "git:a..b", "git:-x", "git:a b", "git:x.lock", "git:pages@",
          "dir:", "rsync:host", "rsync:-e:x", "rsync:h:", "s3:", "ftp:x"}) {
        why.clear();
        CHECK_MESSAGE(!config::parse_publish_target(bad, why), bad);
        CHECK(why.find("git:BRANCH@REMOTE") != std::string::npos);
    }
}

TEST_CASE("site.yaml's publish: is checked at its line") {
    source::SourceTree tree;
    test::add_file(tree, "site-config/site.yaml", "title: ก\npublish: git:pages@origin\n");
    Diagnostics diags;
    CHECK(config::load_config(tree, diags).publish == "git:pages@origin");
    source::SourceTree bad;
    test::add_file(bad, "site-config/site.yaml", "title: ก\npublish: nowhere\n");
    Diagnostics bad_diags;
    CHECK(config::load_config(bad, bad_diags).publish.empty());
    auto found = bad_diags.sorted();
    CHECK(std::any_of(found.begin(), found.end(), [](const Diagnostic& x) {
        return x.rule == "config-publish" && x.line == 2;
    }));
}

TEST_CASE("logo: and favicon: name files of content/ of their types, at their lines") {
    auto load = [](const std::string& yaml, Diagnostics& diags) {
        source::SourceTree tree;
        test::add_file(tree, "site-config/site.yaml", "title: x\n" + yaml);
        return config::load_config(tree, diags);
    };
    {
        Diagnostics diags;
        auto c = load("logo: ./images//logo.SVG\nfavicon: icon.ico\nshort_name: คลัง\n", diags);
        CHECK_FALSE(diags.has_errors());
        CHECK(c.logo == "images/logo.SVG");
        CHECK(c.favicon == "icon.ico");
        CHECK(c.short_name == "คลัง");
        CHECK_FALSE(c.base_url_given);
    }
    const std::pair<std::string, std::string> bad[] = {
        {"logo: images/logo.gif\n", "field-value"},
        {"logo: images/logo.ico\n", "field-value"},
        {"logo: ../site-config/logo.svg\n", "path-escape"},
        {"logo: /etc/logo.png\n", "path-escape"},
        {"favicon: images/../../x.png\n", "path-escape"},
    };
    for (const auto& [yaml, rule] : bad) {
        CAPTURE(yaml);
        Diagnostics diags;
        auto c = load("base_url: https://km.example.go.th/\n" + yaml, diags);
        auto all = diags.sorted();
        REQUIRE(all.size() == 1);
        CHECK(all[0].rule == rule);
        CHECK(all[0].line == 3);
        CHECK(c.logo.empty());
        CHECK(c.favicon.empty());
        CHECK(c.base_url_given);
    }
    Diagnostics diags;
    load("logo: a.gif\n", diags);
    CHECK(diags.sorted().at(0).message.find("logo must be an .svg or .png file") !=
          std::string::npos);
}
