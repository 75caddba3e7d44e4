#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <regex>

#include "core/serial.h"
#include "search/internal.h"
#include "test_util.h"

using namespace kmsite;

namespace {

site::Site small_site() {
    config::SiteConfig config;
    content::ContentSet set;
    auto add = [&](std::string rel, std::string title, std::string body, std::string office = "") {
        content::Page p;
        p.rel_path = rel;
        p.source_path = "content/" + rel;
        p.url = rel.substr(0, rel.size() - 3) + "/";
        p.title = title;
        p.lang = "th";
        p.lastmod = 1700000000;
        p.body_html = body;
        p.office = office;
        p.kind = content::Kind::article;
        set.pages.push_back(p);
    };
    add("a.md", "ระบบ PMSS", "<p>ลงทะเบียนหนังสือ<svg><title>ไม่นับ</title></svg> ปี ๒๕๖๗</p>",
        "ศธจ.กทม.");
    add("b.md", "การสำรองข้อมูล", "<p>ไข้หวัดใหญ่ และ PMSS &amp; อื่น ๆ</p>");
    add("c.md", "ไข้หวัด", "<p>หวัดใหญ่ ไข้ ใหญ่</p>");
    Diagnostics diags;
    return site::build_site(config, std::move(set), diags);
}

std::map<std::string, std::string> index_files(const site::Site& s) {
    test::CollectedFiles out;
    search::build_index(s, 2, out.writer());
    return std::move(out.files);
}

// The postings of a term, as the browser reads them from its chunk.
std::string postings_of(const std::map<std::string, std::string>& files, const std::string& term) {
    for (const auto& [path, data] : files) {
        if (path.rfind("search/c-", 0) != 0) continue;
        auto at = data.find("\"" + term + "\":[");
        if (at == std::string::npos) continue;
        auto start = data.find('[', at);
        return data.substr(start, data.find(']', start) - start + 1);
    }
    return "";
}

}  // namespace

TEST_CASE("the index: meta, chunks, fragments, filters, vocabulary") {
    auto s = small_site();
    auto files = index_files(s);
    REQUIRE(files.count("search/meta.json"));
    const std::string& meta = files["search/meta.json"];
    CHECK(meta.find("\"docs\":3") != std::string::npos);
    // One length character per document; one group of fragments, named by
    // 16 hex digits of their hash.
    CHECK(std::regex_search(meta, std::regex("\"docinfo\":\"[0-9a-z]{3}\"")));
    CHECK(std::regex_search(meta, std::regex("\"group\":64,\"groups\":\\[\"[0-9a-f]{16}\"\\]")));
    for (int doc = 0; doc < 3; ++doc) {
        std::string name = test::search_fragment(meta, doc);
        CHECK_MESSAGE(files.count(name), name);
    }
    CHECK(files[test::search_fragment(meta, 0)].find("\"url\":\"/a/\"") != std::string::npos);
    // Every other search file is named by 16 hex digits of its bytes.
    for (const auto& [path, data] : files) {
        if (path == "search/meta.json" || path.rfind("search/f/", 0) == 0) continue;
        std::smatch tag;
        REQUIRE_MESSAGE(
            std::regex_match(path, tag, std::regex("search/[a-z]+-([0-9a-f]{16})\\.json")), path);
        CHECK(tag[1] == content_tag(data));
    }
    // Latin lower-cased; Thai digits folded; SVG text left out.
    CHECK(postings_of(files, "pmss") != "");
    CHECK(postings_of(files, "2567") != "");
    CHECK(postings_of(files, "ไม่นับ") == "");
    CHECK(meta.find("\"office\":{\"file\":\"filter-") != std::string::npos);
    bool vocab = false;
    for (const auto& [path, data] : files)
        vocab |= path.rfind("search/vocab-", 0) == 0 && data.find("\"หวัด\"") != std::string::npos;
    CHECK(vocab);
}

// The search files of a site of one-paragraph articles (file name, body
// HTML), and which document number a page's URL got.
struct TextSite {
    std::map<std::string, std::string> files;
    std::size_t pages = 0;
    explicit TextSite(const std::vector<std::pair<std::string, std::string>>& bodies) {
        config::SiteConfig config;
        content::ContentSet set;
        for (const auto& [rel, body] : bodies) {
            content::Page p;
            p.rel_path = rel;
            p.source_path = "content/" + rel;
            p.url = rel.substr(0, rel.size() - 3) + "/";
            p.title = "หน้า";
            p.lang = "th";
            p.lastmod = 1700000000;
            p.body_html = body;
            p.kind = content::Kind::article;
            set.pages.push_back(p);
        }
        pages = bodies.size();
        Diagnostics diags;
        auto site = site::build_site(config, std::move(set), diags);
        files = index_files(site);
    }
    int doc_of(const std::string& url) {
        const std::string& meta = files["search/meta.json"];
        for (std::size_t d = 0; d < pages; ++d)
            if (files[test::search_fragment(meta, d)].find("\"url\":\"/" + url) !=
                std::string::npos)
                return static_cast<int>(d);
        return -1;
    }
};

TEST_CASE("a year is found in either era; amounts and fiscal years are not converted") {
    using thai::other_era_year;
    CHECK(other_era_year("2567") == "2024");
    CHECK(other_era_year("2024") == "2567");
    CHECK(other_era_year("2475") == "1932");
    CHECK(other_era_year("1931") == std::nullopt);  // before the plausible range
    CHECK(other_era_year("2644") == std::nullopt);
    CHECK(other_era_year("2200") == std::nullopt);  // between the eras' ranges
    CHECK(other_era_year("567") == std::nullopt);
    CHECK(other_era_year("25a7") == std::nullopt);

    TextSite site({
        {"be.md", "<p>แผนปี ๒๕๖๗ ถึง 2570</p>"},        // Buddhist era, Thai digits
        {"ce.md", "<p>report for 2019</p>"},          // Christian era
        {"money.md", "<p>งบ 2480 บาท</p>"},           // an amount
        {"fiscal.md", "<p>ปีงบประมาณ 2555–2556</p>"},  // fiscal years
    });
    auto& files = site.files;
    auto doc_of = [&](const std::string& url) { return site.doc_of(url); };
    // postings_of gives [kept, doc delta, title, heading, count, positions...]:
    // a single page's list names its document second.
    auto only_doc = [&](const std::string& term) {
        std::string list = postings_of(files, term);
        if (list.empty()) return -2;
        std::vector<int> v;
        for (std::size_t at = 1; at < list.size();) {
            std::size_t end = list.find_first_of(",]", at);
            v.push_back(std::stoi(list.substr(at, end - at)));
            at = end + 1;
        }
        return v.size() >= 2 && v.size() == 5 + static_cast<std::size_t>(std::min(v[4], v[0]))
                   ? v[1]
                   : -1;
    };
    CHECK(only_doc("2024") == doc_of("be/"));
    CHECK(only_doc("2027") == doc_of("be/"));  // 2570, the end of a range
    CHECK(only_doc("2562") == doc_of("ce/"));
    CHECK(postings_of(files, "1937") == "");  // 2480 บาท is money
    CHECK(postings_of(files, "2012") == "");  // ปีงบประมาณ 2555 keeps its era
    CHECK(postings_of(files, "2013") == "");  // and so does the range's end
    CHECK(only_doc("2555") == doc_of("fiscal/"));
}

struct Entry {
    int doc, title, heading, count;
    std::vector<int> positions;
};

// Decodes postings as search.js does.
std::vector<Entry> decode(const std::string& json) {
    std::vector<int> ints;
    for (std::size_t i = 1; i < json.size();) {
        std::size_t end = json.find_first_of(",]", i);
        ints.push_back(std::stoi(json.substr(i, end - i)));
        i = end + 1;
    }
    std::vector<Entry> out;
    int doc = 0;
    int kept = ints[0];
    for (std::size_t i = 1; i < ints.size();) {
        Entry e{doc += ints[i], ints[i + 1], ints[i + 2], ints[i + 3], {}};
        i += 4;
        int pos = 0;
        for (int k = 0; k < std::min(e.count, kept); ++k) e.positions.push_back(pos += ints[i++]);
        out.push_back(e);
    }
    return out;
}

TEST_CASE("a loanword is indexed under its Latin key wherever a spelling stands") {
    TextSite site({
        {"thai.md", "<p>อบรมการแบ็กอัพข้อมูลผ่านเว็บบินาร์</p>"},     // Thai script, inside words
        {"latin.md", "<p>รายงานด้วย Power BI และ Wi-Fi</p>"},  // Latin, cut into words
        {"none.md", "<p>ไฟป่าและหมอกควัน พลังงานไฟฟ้า</p>"},      // no loanword at all
    });
    auto& files = site.files;
    auto doc_of = [&](const std::string& url) { return site.doc_of(url); };
    auto docs = [&](const std::string& term) {
        std::vector<int> out;
        std::string list = postings_of(files, term);
        if (list.empty()) return out;
        for (const auto& e : decode(list)) out.push_back(e.doc);
        return out;
    };
    CHECK(docs("backup") == std::vector<int>{doc_of("thai/")});
    CHECK(docs("webinar") == std::vector<int>{doc_of("thai/")});
    CHECK(docs("powerbi") == std::vector<int>{doc_of("latin/")});
    CHECK(docs("wifi") == std::vector<int>{doc_of("latin/")});
    // No key where no spelling stands: ไฟป่า and ไฟฟ้า are not ไฟล์ (file).
    CHECK(docs("file").empty());
    CHECK(docs("line").empty());
    // The key stands at the spelling's first word and does not lengthen the
    // page: the words after it keep their places.
    auto backup = decode(postings_of(files, "backup"));
    REQUIRE(backup.size() == 1);
    REQUIRE(backup[0].positions.size() == 1);
    auto data = decode(postings_of(files, "ข้อมูล"));
    REQUIRE(data.size() == 1);
    CHECK(data[0].positions[0] > backup[0].positions[0]);
}

TEST_CASE("postings: documents, title and heading counts, positions for phrases") {
    auto s = small_site();
    auto files = index_files(s);
    auto pmss = decode(postings_of(files, "pmss"));
    REQUIRE(pmss.size() == 2);
    CHECK(pmss[0].doc == 0);
    CHECK(pmss[0].title == 1);  // in doc 0's title
    CHECK(pmss[1].doc == 1);
    CHECK(pmss[1].title == 0);  // only in doc 1's body
    // ไข้หวัดใหญ่ is split by ICU; its parts keep adjacent positions in doc 1,
    // while in doc 2 they are not adjacent in that order.
    auto wat = decode(postings_of(files, "หวัด"));
    auto yai = decode(postings_of(files, "ใหญ่"));
    auto adjacent = [&](int doc) {
        for (const auto& w : wat)
            for (const auto& y : yai)
                if (w.doc == doc && y.doc == doc)
                    for (int p : w.positions)
                        for (int q : y.positions)
                            if (q == p + 1) return true;
        return false;
    };
    CHECK(adjacent(1));
    CHECK(adjacent(2));  // "หวัดใหญ่" in doc 2's body
    // A phrase never spans fields: doc 2's title ends "หวัด", its body starts "หวัดใหญ่"
    // but the title's "หวัด" is not followed by "ใหญ่".
    auto title_wat =
        std::find_if(wat.begin(), wat.end(), [](const Entry& e) { return e.doc == 2; });
    REQUIRE(title_wat != wat.end());
    CHECK(title_wat->title == 1);
}

TEST_CASE("the index is the same whatever the number of jobs") {
    auto s = small_site();
    test::CollectedFiles one, two;
    search::build_index(s, 1, one.writer());
    search::build_index(s, 4, two.writer());
    CHECK(one.files == two.files);
}

TEST_CASE("the index is the same whatever order the renderers analyse the documents in") {
    // emit gives each document to IndexBuilder::analyse() as a renderer
    // finishes it: any order, from any worker.
    auto s = small_site();
    test::CollectedFiles in_order, reversed, shuffled;
    search::build_index(s, 1, in_order.writer());
    {
        search::IndexBuilder b(s, 2, reversed.writer());
        for (std::size_t i = s.documents.size(); i-- > 0;)
            b.analyse(i, static_cast<unsigned>(i % 2));
        CHECK(b.finish() == 3);  // the three pages
    }
    std::vector<std::size_t> order(s.documents.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), std::mt19937(7));
    {
        search::IndexBuilder b(s, 3, shuffled.writer());
        for (std::size_t k = 0; k < order.size(); ++k) {
            b.analyse(order[k], static_cast<unsigned>(k % 3));
            b.analyse(order[k], 0);  // twice: the second call does nothing
        }
        b.finish();
    }
    CHECK(reversed.files == in_order.files);
    CHECK(shuffled.files == in_order.files);
    // A worker number outside the builder's jobs is a caller's bug, not a
    // silent race on another worker's scratch space.
    test::CollectedFiles unused;
    search::IndexBuilder b(s, 1, unused.writer());
    std::size_t page_doc = 0;
    while (s.documents[page_doc].kind != site::DocKind::page) ++page_doc;
    CHECK_THROWS_AS(b.analyse(page_doc, 5), std::out_of_range);
}

namespace {

// A site of `pages` pages, each a few dozen words drawn from a vocabulary
// large enough for many term chunks; `words[i]` are page i's words.
site::Site word_site(const std::vector<std::vector<std::string>>& words) {
    config::SiteConfig config;
    content::ContentSet set;
    for (std::size_t i = 0; i < words.size(); ++i) {
        content::Page p;
        p.rel_path = "p" + std::to_string(i) + ".md";
        p.source_path = "content/" + p.rel_path;
        p.url = "p" + std::to_string(i) + "/";
        p.title = "หน้า " + words[i].front();
        p.lang = "th";
        p.lastmod = 1700000000;
        std::string body = "<p>";
        for (const auto& w : words[i]) body += w + " ";
        p.body_html = body + "</p>";
        p.fingerprint = Hasher().add(p.title).add(p.body_html).finish();
        p.kind = content::Kind::article;
        set.pages.push_back(p);
    }
    Diagnostics diags;
    return site::build_site(config, std::move(set), diags);
}

std::string latin_word(std::size_t n) {
    std::string w = "w";
    do {
        w += static_cast<char>('a' + n % 26);
        n /= 26;
    } while (n);
    return w;
}

std::map<std::string, std::string> index_with(const site::Site& s, search::SearchCache* cache) {
    test::CollectedFiles out;
    search::build_index(s, 2, out.writer(), cache);
    return std::move(out.files);
}

}  // namespace

TEST_CASE("an index updated in place for a few edited pages equals one made anew") {
    // KMSITE_TEST_SEED explores other sequences; the default is fixed so a
    // failure can be replayed.
    unsigned seed = 5;
    if (const char* env = std::getenv("KMSITE_TEST_SEED")) seed += std::strtoul(env, nullptr, 10);
    MESSAGE("seed ", seed);
    std::mt19937 rng(seed);
    const std::size_t vocabulary = 6000;
    std::vector<std::vector<std::string>> words(400);
    for (auto& page : words)
        for (int k = 0; k < 40; ++k) page.push_back(latin_word(rng() % vocabulary));
    search::SearchCache cache;
    auto first = index_with(word_site(words), &cache);
    REQUIRE(cache.chunks_made() > 4);  // enough chunks for keeping some to mean something
    CHECK(cache.chunks_kept() == 0);
    std::size_t kept = 0;
    for (int step = 0; step < 30; ++step) {
        std::string what;
        switch (step % 6) {
            case 0:  // a word more, known elsewhere
                words[rng() % words.size()].push_back(latin_word(rng() % vocabulary));
                what = "word added";
                break;
            case 1:  // a word no other page has
                words[rng() % words.size()].push_back("zz" + std::to_string(step));
                what = "new term";
                break;
            case 2: {  // the last word gone (the term may leave the vocabulary)
                auto& page = words[rng() % words.size()];
                if (page.size() > 2) page.pop_back();
                what = "word removed";
                break;
            }
            case 3:  // words swapped: positions change, counts do not
                std::swap(words[7][1], words[7][2 + step % 5]);
                what = "words moved";
                break;
            case 4:  // two pages at once
                words[3].push_back(latin_word(step));
                words[300].push_back(latin_word(step + 1));
                what = "two pages";
                break;
            default:  // a page added: every later document id shifts (merged anew)
                words.insert(words.begin() + 10, {latin_word(step * 3), latin_word(step * 5)});
                what = "page added";
                break;
        }
        INFO("step ", step, ": ", what);
        auto s = word_site(words);
        auto updated = index_with(s, &cache);
        auto fresh = index_with(s, nullptr);
        CHECK(updated == fresh);
        if (what != "page added") CHECK(cache.chunks_kept() > 0);
        kept += cache.chunks_kept();
    }
    // Most chunks are kept: an edit remakes those that hold its terms.
    CHECK(kept > 0);
}

// Issue #14 item 2: every search file but meta.json may be cached forever,
// so no name is ever used for other bytes; and an edit renames only the
// fragment group (64 documents) it is in.
TEST_CASE("search file names change with their bytes: one edit renames one fragment group") {
    std::vector<std::vector<std::string>> words;
    for (std::size_t i = 0; i < 150; ++i) {
        std::vector<std::string> w;
        for (std::size_t k = 0; k < 12; ++k) w.push_back(latin_word((i * 5 + k * 7) % 60));
        words.push_back(w);
    }
    const auto before = index_files(word_site(words));
    words[70].push_back("wedited");
    const auto after = index_files(word_site(words));
    std::size_t same_name = 0;
    for (const auto& [path, data] : after) {
        auto was = before.find(path);
        if (path == "search/meta.json" || was == before.end()) continue;
        ++same_name;
        CHECK_MESSAGE(was->second == data, path, " kept its name but not its bytes");
    }
    CHECK(same_name >= 150 - 64);  // the fragments of the two groups the edit is not in
    const std::string& meta_before = before.at("search/meta.json");
    const std::string& meta_after = after.at("search/meta.json");
    std::size_t edited = 150;
    for (std::size_t doc = 0; doc < 150; ++doc) {
        auto f = after.find(test::search_fragment(meta_after, doc));
        REQUIRE(f != after.end());
        if (f->second.find("wedited") != std::string::npos) edited = doc;
    }
    REQUIRE(edited < 150);
    for (std::size_t doc = 0; doc < 150; ++doc) {
        bool renamed =
            test::search_fragment(meta_after, doc) != test::search_fragment(meta_before, doc);
        CHECK_MESSAGE(renamed == (doc / 64 == edited / 64), doc);
    }
}

TEST_CASE("a damaged cache index is refused or used without harm") {
    // The cache folder's index is sealed with a digest, so only a file
    // written on purpose (or by a faulty kmsite) reaches the reader: each
    // value the next build trusts is checked. Every byte of it changed in
    // turn, sealed again: the build must finish with an index the browser
    // can read, and a changed fragment tag must make it start afresh.
    std::vector<std::vector<std::string>> words;
    for (std::size_t i = 0; i < 12; ++i) {
        std::vector<std::string> w;
        for (std::size_t k = 0; k < 20; ++k) w.push_back(latin_word((i * 7 + k * 3) % 40));
        words.push_back(w);
    }
    auto before = word_site(words);
    words[4].push_back("wedited");
    auto after = word_site(words);
    const auto clean = index_files(after);

    test::TempDir dir, scratch;
    const Digest binary = digest("this kmsite");
    {
        search::SearchCache first;
        first.save_after_analysis(dir.str(), binary);
        index_with(before, &first);
    }
    const std::string path = dir.str() + "/search-index";
    std::string sealed = *read_file(path);
    std::string body(*unseal_cache(sealed, "search-index", binary));
    auto build_with = [&](const std::string& changed_body) {
        REQUIRE(write_file(path, seal_cache("search-index", binary, changed_body)));
        search::SearchCache cache;
        cache.load(dir.str(), binary);
        cache.save_after_analysis(scratch.str(), binary);
        return index_with(after, &cache);
    };
    // The body as it was: the edit is applied in place, equal to a clean build.
    CHECK(build_with(body) == clean);

    // Every byte in turn (a step through a long body): no crash, no throw,
    // and a meta.json with one length per document and a fragment group
    // whose files are there (a damaged fragment digest names the group
    // wrongly in advance: its files are made again, never left out).
    std::size_t step = std::max<std::size_t>(1, body.size() / 300);
    for (std::size_t i = 0; i < body.size(); i += step) {
        std::string changed = body;
        changed[i] = static_cast<char>(changed[i] ^ 0x41);
        std::map<std::string, std::string> files;
        CHECK_NOTHROW(files = build_with(changed));
        REQUIRE(files.count("search/meta.json"));
        const std::string& meta = files["search/meta.json"];
        CHECK_MESSAGE(meta.find("\"docs\":12") != std::string::npos, i);
        auto start = meta.find("\"docinfo\":\"");
        REQUIRE(start != std::string::npos);
        start += 11;
        std::string docinfo = meta.substr(start, meta.find('"', start) - start);
        CHECK_MESSAGE(std::regex_match(docinfo, std::regex("[0-9a-z]{12}")), i, " ", docinfo);
        for (std::size_t doc = 0; doc < 12; ++doc) {
            std::string fragment = test::search_fragment(meta, doc);
            CHECK_MESSAGE(files.count(fragment), i, " ", fragment);
        }
    }
}
