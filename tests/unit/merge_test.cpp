// kmsite merge's search half: several sites' published indexes read back
// from folders and combined (search::merge_indexes).
#include <doctest/doctest.h>
#include <unistd.h>

#include <map>
#include <mutex>
#include <random>
#include <regex>

#include "search/internal.h"
#include "test_util.h"

using namespace kmsite;

namespace {

// A site of `pages` pages drawn from a vocabulary of `vocabulary` words
// (Latin, so that no word breaking is involved), with "shared" on every
// third page: common enough to keep fewer positions in a big index.
site::Site site_of(const std::string& base_url, const std::string& title, std::size_t pages,
                   std::size_t vocabulary, unsigned seed) {
    config::SiteConfig config;
    REQUIRE(config::set_base_url(config, base_url));
    config.title = title;
    content::ContentSet set;
    std::mt19937 random(seed);
    for (std::size_t i = 0; i < pages; ++i) {
        content::Page p;
        p.rel_path = "p" + std::to_string(i) + ".md";
        p.source_path = "content/" + p.rel_path;
        p.url = "p" + std::to_string(i) + "/";
        p.title = "page w" + std::to_string(random() % vocabulary);
        p.lang = "th";
        p.lastmod = 1700000000;
        p.office = i % 2 ? "office-odd" : "office-even";
        std::string body = "<p>";
        for (int w = 0; w < 40; ++w) body += "w" + std::to_string(random() % vocabulary) + " ";
        if (i % 3 == 0)
            for (int w = 0; w < 20; ++w) body += "shared ";
        p.body_html = body + "</p>";
        p.kind = content::Kind::article;
        set.pages.push_back(p);
    }
    Diagnostics diags;
    return site::build_site(config, std::move(set), diags);
}

// The site's index, written where a build would put it.
std::map<std::string, std::string> publish_index(const site::Site& s, const std::string& dir) {
    test::CollectedFiles out;
    search::build_index(s, 2, out.writer());
    for (const auto& [path, data] : out.files) REQUIRE(write_file(dir + "/" + path, data));
    return std::move(out.files);
}

std::map<std::string, std::string> merge(const std::vector<std::string>& dirs, Diagnostics& diags) {
    test::CollectedFiles out;
    search::merge_indexes(dirs, 2, out.writer(), diags);
    return std::move(out.files);
}

// Every term's list, as the browser reads it: term -> [kept, postings...].
std::map<std::string, std::vector<int>> terms_of(const std::map<std::string, std::string>& files) {
    std::map<std::string, std::vector<int>> out;
    std::regex entry("\"([^\"]+)\":\\[([0-9,]*)\\]");
    for (const auto& [path, data] : files) {
        if (path.rfind("search/c-", 0) != 0) continue;
        for (std::sregex_iterator it(data.begin(), data.end(), entry), end; it != end; ++it) {
            std::vector<int> ints;
            std::string list = (*it)[2];
            for (std::size_t i = 0; i < list.size();) {
                std::size_t comma = list.find(',', i);
                if (comma == std::string::npos) comma = list.size();
                ints.push_back(std::stoi(list.substr(i, comma - i)));
                i = comma + 1;
            }
            out[(*it)[1]] = ints;
        }
    }
    return out;
}

struct Entry {
    int doc, title, heading, count;
    std::vector<int> positions;
    bool operator==(const Entry&) const = default;
};

std::vector<Entry> decode(const std::vector<int>& ints, int keep_at_most = 1 << 30) {
    std::vector<Entry> out;
    int doc = 0, kept = ints.at(0);
    for (std::size_t i = 1; i < ints.size();) {
        Entry e{doc += ints[i], ints[i + 1], ints[i + 2], ints[i + 3], {}};
        i += 4;
        int pos = 0;
        for (int k = 0; k < std::min(e.count, kept); ++k) {
            pos += ints[i++];
            if (k < keep_at_most) e.positions.push_back(pos);
        }
        out.push_back(e);
    }
    return out;
}

std::string meta_value(const std::string& meta, const std::string& key) {
    std::smatch m;
    REQUIRE(std::regex_search(meta, m, std::regex("\"" + key + "\":(\"[^\"]*\"|[0-9]+)")));
    return m[1];
}

}  // namespace

TEST_CASE(
    "merge: each term's postings are the sites' own, later sites' documents after earlier ones") {
    test::TempDir dir;
    std::string a = dir.str() + "/a", b = dir.str() + "/b";
    auto site_a = site_of("https://km.example.go.th/", "ศูนย์ความรู้ ก", 60, 300, 1);
    auto site_b = site_of("https://km.example.go.th/office-b/", "ศูนย์ความรู้ ข", 45, 200, 2);
    auto files_a = publish_index(site_a, a), files_b = publish_index(site_b, b);
    Diagnostics diags;
    auto merged = merge({a, b}, diags);
    REQUIRE_FALSE(diags.has_errors());
    const std::string& meta = merged.at("search/meta.json");
    CHECK(meta_value(meta, "docs") == "105");

    auto ta = terms_of(files_a), tb = terms_of(files_b), tm = terms_of(merged);
    std::set<std::string> all;
    for (const auto* t : {&ta, &tb})
        for (const auto& [term, ints] : *t) all.insert(term);
    REQUIRE(tm.size() == all.size());
    std::size_t both = 0;
    for (const auto& term : all) {
        REQUIRE_MESSAGE(tm.count(term), term);
        auto got = decode(tm[term]);
        int kept = tm[term][0];
        // The merged list keeps as many positions as every site kept, at most.
        std::vector<Entry> want;
        if (ta.count(term)) {
            CHECK(kept <= ta[term][0]);
            for (auto e : decode(ta[term], kept)) want.push_back(e);
        }
        if (tb.count(term)) {
            CHECK(kept <= tb[term][0]);
            for (auto e : decode(tb[term], kept)) {
                e.doc += 60;
                want.push_back(e);
            }
        }
        both += ta.count(term) && tb.count(term);
        CHECK_MESSAGE(got == want, term);
    }
    CHECK(both > 100);
    // "shared" is on a third of the pages: more than a tenth, so fewer positions.
    CHECK(tm["shared"][0] == search::common_positions);

    // Both sites are on one origin: B's pages keep root-relative URLs with its path.
    std::string docinfo = meta_value(meta, "docinfo");
    docinfo = docinfo.substr(1, docinfo.size() - 2);
    REQUIRE(docinfo.size() == 105);
    std::string f61 = test::search_fragment(meta, 61);
    REQUIRE(merged.count(f61));
    CHECK(merged[f61].find("\"url\":\"/office-b/p1/\"") != std::string::npos);
    // Each page is in the "site" filter under its site's title.
    CHECK(meta.find("\"site\":{\"file\":\"filter-") != std::string::npos);
    CHECK(meta.find("[\"ศูนย์ความรู้ ก\",60],[\"ศูนย์ความรู้ ข\",45]") != std::string::npos);
    // The office filter covers both sites' pages.
    CHECK(meta.find("[\"office-even\",53],[\"office-odd\",52]") != std::string::npos);
}

TEST_CASE("merge: a page on another origin is linked by its absolute URL") {
    test::TempDir dir;
    std::string a = dir.str() + "/a", c = dir.str() + "/c";
    publish_index(site_of("https://km.example.go.th/", "ก", 5, 50, 3), a);
    publish_index(site_of("https://c.example.go.th:8443/km/", "ค", 5, 50, 4), c);
    Diagnostics diags;
    auto merged = merge({a, c}, diags);
    REQUIRE_FALSE(diags.has_errors());
    std::string f = test::search_fragment(merged.at("search/meta.json"), 7);
    REQUIRE(merged.count(f));
    CHECK(merged[f].find("\"url\":\"https://c.example.go.th:8443/km/p2/\"") != std::string::npos);
    std::string f0 = test::search_fragment(merged.at("search/meta.json"), 0);
    CHECK(merged[f0].find("\"url\":\"/p0/\"") != std::string::npos);
    // The host's site is the merged index's.
    CHECK(merged.at("search/meta.json")
              .find("\"site\":{\"title\":\"ก\",\"url\":\"https://km.example.go.th/\"}") !=
          std::string::npos);
}

TEST_CASE("merge: one site alone gives its own index back, byte for byte") {
    test::TempDir dir;
    std::string a = dir.str() + "/a";
    auto files = publish_index(site_of("https://km.example.go.th/", "ก", 400, 3000, 5), a);
    Diagnostics diags;
    auto merged = merge({a}, diags);
    REQUIRE_FALSE(diags.has_errors());
    std::size_t chunks = 0;
    for (const auto& [path, data] : files) {
        if (path == "search/meta.json" || path.rfind("search/filter-", 0) == 0) continue;
        chunks += path.rfind("search/c-", 0) == 0;
        REQUIRE_MESSAGE(merged.count(path), path);
        CHECK_MESSAGE(merged[path] == data, path);
    }
    CHECK(chunks > 3);
    // meta.json differs only in the filter the merge adds.
    std::regex filters("\"filters\":\\{.*\\},\"vocab\"");
    CHECK(std::regex_replace(merged["search/meta.json"], filters, "") ==
          std::regex_replace(files["search/meta.json"], filters, ""));
}

TEST_CASE("merge: a damaged or hostile index is an error naming its file, never read past") {
    test::TempDir dir;
    std::string outside = dir.str() + "/secret.json";
    REQUIRE(write_file(outside, "{\"url\":\"/stolen/\",\"title\":\"secret\"}"));
    auto first = [](const std::map<std::string, std::string>& files, const std::string& prefix) {
        for (const auto& [path, data] : files)
            if (path.rfind(prefix, 0) == 0) return path;
        return std::string();
    };
    struct Case {
        const char* name;
        std::function<void(const std::string& dir, std::map<std::string, std::string>& files)>
            spoil;
        const char* file;  // the file the error names, under the site's folder
    };
    auto rewrite = [](const std::string& dir, std::map<std::string, std::string>& files,
                      const std::string& path, const std::string& from, const std::string& to) {
        std::string& data = files[path];
        auto at = data.find(from);
        REQUIRE_MESSAGE(at != std::string::npos, from);
        data.replace(at, from.size(), to);
        REQUIRE(write_file(dir + "/" + path, data));
    };
    std::vector<Case> cases = {
        {"a chunk named outside the folder",
         [&](const std::string& d, auto& files) {
             std::string c = first(files, "search/c-").substr(7);
             rewrite(d, files, "search/meta.json", c, "../../secret.json");
         },
         "search/meta.json"},
        {"a chunk that is a symbolic link",
         [&](const std::string& d, auto& files) {
             std::string c = first(files, "search/c-");
             std::filesystem::remove(d + "/" + c);
             std::filesystem::create_symlink(outside, d + "/" + c);
         },
         "search/c-"},
        {"a fragment whose URL runs script",
         [&](const std::string& d, auto& files) {
             std::string f = first(files, "search/f/");
             rewrite(d, files, f, "\"url\":\"/", "\"url\":\"javascript:alert(1)//");
         },
         "search/f/"},
        {"a fragment with a second url, which the browser would read",
         [&](const std::string& d, auto& files) {
             std::string f = first(files, "search/f/");
             rewrite(d, files, f, "}", ",\"url\":\"javascript:alert(1)\"}");
         },
         "search/f/"},
        {"a fragment whose title is not a string",
         [&](const std::string& d, auto& files) {
             std::string f = first(files, "search/f/");
             rewrite(d, files, f, "\"title\":\"", "\"title\":1,\"x\":\"");
         },
         "search/f/"},
        {"a fragment whose URL leads to another host",
         [&](const std::string& d, auto& files) {
             std::string f = first(files, "search/f/");
             rewrite(d, files, f, "\"url\":\"/", "\"url\":\"/\\\\evil.example/");
         },
         "search/f/"},
        {"a filter a build never writes (one file named many times)",
         [&](const std::string& d, auto& files) {
             std::string name = first(files, "search/filter-").substr(7);
             rewrite(d, files, "search/meta.json", "\"filters\":{",
                     "\"filters\":{\"k1\":{\"file\":\"" + name + "\",\"values\":[]},");
         },
         "search/meta.json"},
        {"a posting naming a document the index does not have",
         [&](const std::string& d, auto& files) {
             std::string c = first(files, "search/c-");
             std::string& data = files[c];
             data.insert(data.find(',', data.find(":[")) + 1, "900,");
             REQUIRE(write_file(d + "/" + c, data));
         },
         "search/c-"},
        {"terms out of order",
         [&](const std::string& d, auto& files) {
             std::string c = first(files, "search/c-");
             rewrite(d, files, c, "{\"", "{\"zzzz\":[16,0,0,0,0],\"");
         },
         "search/c-"},
        {"another format version",
         [&](const std::string& d, auto& files) {
             rewrite(d, files, "search/meta.json", "\"version\":2", "\"version\":1");
         },
         "search/meta.json"},
        {"not JSON",
         [&](const std::string& d, auto& files) {
             rewrite(d, files, first(files, "search/filter-"), "{", "{{");
         },
         "search/filter-"},
        {"a member missing (found by fuzz_search_merge: it threw)",
         [&](const std::string& d, auto& files) {
             rewrite(d, files, "search/meta.json", "\"docinfo\":", "\"docinfx\":");
         },
         "search/meta.json"},
        {"a fragment group named by a path (found in review: groups become folders)",
         [&](const std::string& d, auto& files) {
             std::string meta = files["search/meta.json"];
             auto at = meta.find("\"groups\":[\"") + 11;
             rewrite(d, files, "search/meta.json", meta.substr(at, 16), "../../../etc/pas");
         },
         "search/meta.json"},
        {"a fragment group too few for the documents",
         [&](const std::string& d, auto& files) {
             std::string meta = files["search/meta.json"];
             auto at = meta.find("\"groups\":[") + 10;
             rewrite(d, files, "search/meta.json", meta.substr(at, meta.find(']', at) - at), "");
         },
         "search/meta.json"},
        {"a docinfo of the wrong length",
         [&](const std::string& d, auto& files) {
             rewrite(d, files, "search/meta.json", "\"docinfo\":\"", "\"docinfo\":\"0000");
         },
         "search/meta.json"},
    };
    for (const auto& c : cases) {
        std::string name = c.name;
        CAPTURE(name);
        std::string a = dir.str() + "/" + std::to_string(&c - cases.data()), b = a + "-b";
        auto files = publish_index(site_of("https://km.example.go.th/", "ก", 20, 60, 6), a);
        publish_index(site_of("https://b.example.go.th/", "ข", 5, 60, 7), b);
        c.spoil(a, files);
        Diagnostics diags;
        auto merged = merge({b, a}, diags);
        REQUIRE(diags.has_errors());
        auto all = diags.sorted();
        CHECK(all.front().rule == "merge-input");
        CHECK_MESSAGE(all.front().path.rfind(a + "/" + c.file, 0) == 0, all.front().path);
        CHECK(all.front().message.find(" / ") != std::string::npos);  // English / Thai
        for (const auto& [path, data] : merged) CHECK(data.find("secret") == std::string::npos);
    }
}
