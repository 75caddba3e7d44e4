#include "core/core.h"

#include <doctest/doctest.h>

#include <atomic>
#include <cerrno>

#include "test_util.h"

using namespace kmsite;

TEST_CASE("diagnostics format as path:line:col: severity: message [rule]") {
    Diagnostic d{"content/a.md", 3, 7, Severity::error, "yaml-syntax", "bad"};
    CHECK(d.format() == "content/a.md:3:7: error: bad [yaml-syntax]");
    d.severity = Severity::warning;
    d.line = 0;
    CHECK(d.format() == "content/a.md: warning: bad [yaml-syntax]");
}

TEST_CASE("diagnostics sort deterministically and drop exact duplicates") {
    Diagnostics diags;
    diags.error("b.md", 1, 1, "yaml-syntax", "m");
    diags.warning("a.md", 9, 1, "yaml-syntax", "m");
    diags.error("a.md", 2, 1, "yaml-syntax", "m");
    diags.error("a.md", 2, 1, "yaml-syntax", "m");
    auto sorted = diags.sorted();
    REQUIRE(sorted.size() == 3);
    CHECK(sorted[0].line == 2);
    CHECK(sorted[1].line == 9);
    CHECK(sorted[2].path == "b.md");
    CHECK(diags.error_count() == 3);
    CHECK(diags.warning_count() == 1);
}

// Every rule id a call site can name is in the catalogue (RuleId does not
// compile otherwise); this proves each entry says what is wrong and what to
// do, in Thai and in English, and that the ids are sorted and unique.
TEST_CASE("every rule in the message catalogue has Thai and English text and a fix") {
    auto has_thai = [](std::string_view s) {
        return s.find("\xE0\xB8") != std::string_view::npos ||
               s.find("\xE0\xB9") != std::string_view::npos;
    };
    auto ascii_only = [](std::string_view s) {
        for (unsigned char c : s)
            if (c >= 0x80) return false;
        return true;
    };
    for (std::size_t i = 0; i < kMessageCount; ++i) {
        const Message& m = kMessages[i];
        CAPTURE(m.id);
        CHECK(has_thai(m.th));
        CHECK(has_thai(m.fix_th));
        CHECK_FALSE(m.en.empty());
        CHECK_FALSE(m.fix_en.empty());
        // English text is English: Thai in it would be a copy-paste slip
        // (Thai words that are the value to type, like รวม, are allowed).
        CHECK(ascii_only(m.en));
        if (i > 0) CHECK(kMessages[i - 1].id < m.id);
        REQUIRE(find_message(m.id) == &m);
    }
    CHECK(find_message("no-such-rule") == nullptr);
    CHECK(RuleId("sop-end").message().fix_en == "give the last step type: end");
}

TEST_CASE("invalid UTF-8 is found with its line and column") {
    CHECK_FALSE(find_invalid_utf8("สวัสดี hello").has_value());
    std::string bad = "บรรทัดแรก\nab\xff";
    auto at = find_invalid_utf8(bad);
    REQUIRE(at.has_value());
    auto pos = position_of(bad, *at);
    CHECK(pos.line == 2);
    CHECK(pos.col == 3);
    CHECK(find_invalid_utf8("\xC0\xAF").has_value());      // overlong '/'
    CHECK(find_invalid_utf8("\xED\xA0\x80").has_value());  // surrogate
    CHECK(find_invalid_utf8("\xE0\xB8").has_value());      // truncated Thai letter
}

TEST_CASE("relative paths cannot climb out of their root") {
    CHECK(normalize_relative("a/./b/../c.md") == "a/c.md");
    CHECK(normalize_relative("a/b/../../c") == "c");
    CHECK_FALSE(normalize_relative("../x").has_value());
    CHECK_FALSE(normalize_relative("a/../../x").has_value());
    CHECK_FALSE(normalize_relative("/etc/passwd").has_value());
    CHECK_FALSE(normalize_relative("a\\..\\..\\x").has_value());
    CHECK(parent_path("a/b/c.md") == "a/b");
    CHECK(file_name("a/b/c.md") == "c.md");
    CHECK(extension("a/b/c.md") == ".md");
    CHECK(extension("a/.hidden") == "");
    CHECK(starts_with_path("content/a.md", "content"));
    CHECK_FALSE(starts_with_path("contents/a.md", "content"));
}

TEST_CASE("hash is stable") {
    CHECK(hex64(hash64("")) == "2d06800538d394c2");  // XXH3-64 of nothing
    CHECK(hash64("ก") != hash64("ข"));
}

TEST_CASE("parallel_for visits every index once on any number of jobs") {
    for (unsigned jobs : {1u, 2u, 7u}) {
        std::vector<std::atomic<int>> hits(1000);
        parallel_for(hits.size(), jobs, [&](std::size_t i, unsigned worker) {
            CHECK(worker < jobs);
            hits[i]++;
        });
        for (auto& h : hits) CHECK(h.load() == 1);
    }
}

TEST_CASE("parallel_for passes exceptions to the caller") {
    CHECK_THROWS_AS(parallel_for(100, 4,
                                 [](std::size_t i, unsigned) {
                                     if (i == 42) throw std::runtime_error("boom");
                                 }),
                    std::runtime_error);
}

TEST_CASE("terminal_safe escapes what could forge a line or drive the terminal") {
    CHECK(terminal_safe("content/บทความ.md") == "content/บทความ.md");
    CHECK(terminal_safe("a\nb.md:1:1: error: forged [x]") == "a\\nb.md:1:1: error: forged [x]");
    CHECK(terminal_safe("\x1b]0;title\x07\x1b[2J") == "\\x1b]0;title\\x07\\x1b[2J");
    CHECK(terminal_safe("tab\there\r\x7f") == "tab\\there\\r\\x7f");
    CHECK(terminal_safe("\xc2\x9b"
                        "31m") == "\\u{9b}31m");                              // C1 CSI
    CHECK(terminal_safe("evil\xe2\x80\xaegnp.md") == "evil\\u{202e}gnp.md");  // RTL override
    CHECK(terminal_safe("bad\xff\xc0\xafutf8") == "bad\\xff\\xc0\\xafutf8");
    CHECK(terminal_safe(std::string("nul\0byte", 8)) == "nul\\x00byte");
}

TEST_CASE("diagnostics print file names and messages escaped") {
    Diagnostic d{"content/a\n.md:9:9: error: fake [x]\x1b[31m.md",
                 1,
                 1,
                 Severity::error,
                 "r",
                 "title \"\x1b[2J\" is\nbad"};
    std::string line = d.format();
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find('\x1b') == std::string::npos);
    CHECK(line ==
          "content/a\\n.md:9:9: error: fake [x]\\x1b[31m.md:1:1: error: title "
          "\"\\x1b[2J\" is\\nbad [r]");
}

TEST_CASE("json_string always gives valid UTF-8") {
    CHECK(json_string("ไทย") == "\"ไทย\"");
    CHECK(json_string("a\xff"
                      "b") == "\"a\\ufffdb\"");
    CHECK(json_string("\xe0\xb8") == "\"\\ufffd\\ufffd\"");             // truncated sequence
    CHECK(json_string("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");  // surrogate
    CHECK(json_string("\xf4\x90\x80\x80") == "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // > U+10FFFF
    CHECK(json_string("\xf0\x9f\x98\x80<\x01") == "\"\xf0\x9f\x98\x80\\u003c\\u0001\"");
    for (int b = 0; b < 256; ++b) {
        std::string s(1, static_cast<char>(b));
        CHECK_FALSE(find_invalid_utf8(json_string(s + "ก" + s)).has_value());
    }
}

TEST_CASE("storage errors are told apart from other write failures") {
    CHECK(is_storage_error(ENOSPC));
    CHECK(is_storage_error(EDQUOT));
    CHECK(is_storage_error(EROFS));
    CHECK(is_storage_error(EIO));
    CHECK(is_storage_error(EFBIG));
    CHECK_FALSE(is_storage_error(EACCES));
    CHECK_FALSE(is_storage_error(ENOENT));
}

TEST_CASE("control characters: found, named, removed and reported once per line") {
    CHECK_FALSE(find_control_char("ไทย\ttab\r\nline"));
    auto c0 = find_control_char(
        "ab\x01"
        "c");
    REQUIRE(c0);
    CHECK(c0->offset == 2);
    CHECK(c0->code_point == 0x01);
    CHECK(find_control_char("a\x7f")->code_point == 0x7F);
    auto c1 = find_control_char("a\xc2\x9b[31m");  // C1 CSI, a terminal escape introducer
    REQUIRE(c1);
    CHECK(c1->length == 2);
    CHECK(c1->code_point == 0x9B);
    CHECK(find_control_char("\xef\xbf\xbe")->code_point == 0xFFFE);
    CHECK_FALSE(find_control_char("\xc2\xa0"));  // no-break space is text
    CHECK(code_point_name(0x0B) == "U+000B");
    CHECK(without_control_chars("a\vb\x01"
                                "c\xc2\x85"
                                "d") == "a bcd");

    Diagnostics diags;
    std::string text = "one\x01\x02\nสอง\x0b\nthree\n";
    CHECK(remove_control_chars(text, "p.md", 5, Severity::warning, "text-control-char", diags) ==
          "one\nสอง \nthree\n");
    auto all = diags.sorted();
    REQUIRE(all.size() == 2);  // the first of each line
    CHECK(all[0].line == 5);
    CHECK(all[0].col == 4);
    CHECK(all[0].severity == Severity::warning);
    CHECK(all[0].message.find("U+0001") != std::string::npos);
    CHECK(all[1].line == 6);
    CHECK(all[1].col == 4);  // columns count code points

    Diagnostics many;
    std::string pasted;
    for (int i = 0; i < 1000; ++i) pasted += "word\vword\n";
    CHECK(remove_control_chars(pasted, "p.csv", 1, Severity::warning, "text-control-char", many)
              .find('\v') == std::string::npos);
    auto found = many.sorted();
    REQUIRE(found.size() == 11);  // ten lines named, the rest counted
    CHECK(found[9].line == 10);
    CHECK(found[10].line == 11);
    CHECK(found[10].message.find("990 more line(s)") != std::string::npos);
}

TEST_CASE("percent_encode escapes controls, non-ASCII and the bytes asked for") {
    CHECK(percent_encode("/บท ความ/", "") ==
          "/%E0%B8%9A%E0%B8%97%20%E0%B8%84%E0%B8%A7%E0%B8%B2%E0%B8%A1/");
    CHECK(percent_encode("a\x7f\"<b>", R"("<>)") == "a%7F%22%3Cb%3E");
    CHECK(percent_encode("/a?b#c%d", "%?#") == "/a%3Fb%23c%25d");
    CHECK(percent_decode(percent_encode("ก ข?", "?")) == "ก ข?");
}

TEST_CASE("hidden path segments are found anywhere, '.' and '..' are not hidden") {
    CHECK(has_hidden_segment(".git/config"));
    CHECK(has_hidden_segment("content/../.env"));
    CHECK(has_hidden_segment("a/b/.hidden"));
    CHECK_FALSE(has_hidden_segment("../site-config/site.yaml"));
    CHECK_FALSE(has_hidden_segment("./a/b.md"));
    CHECK_FALSE(has_hidden_segment("a.b/c.d"));
    CHECK_FALSE(has_hidden_segment(""));
}

TEST_CASE("read_file reads every byte, whatever the size and kind of file") {
    test::TempDir dir;
    for (std::size_t size : {0, 1, 100, 4095, 4096, 4097, 8192, 100000, 1 << 20}) {
        std::string bytes(size, '\0');
        for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + i * 7 % 26);
        std::string path = (dir.path / ("f" + std::to_string(size))).string();
        REQUIRE(write_file(path, bytes));
        auto got = read_file(path);
        REQUIRE(got);
        CHECK(got->size() == size);
        CHECK(*got == bytes);
    }
    // A file whose size stat does not give (the kernel's files say 0).
    auto status = read_file("/proc/self/status");
    REQUIRE(status);
    CHECK(status->find("Name:") == 0);
    CHECK(status->find("VmPeak:") != std::string::npos);
    CHECK_FALSE(read_file((dir.path / "missing").string()));
}

TEST_CASE("digest_file gives digest() of the file's bytes, block by block") {
    test::TempDir dir;
    // Larger than the 1 MiB block, not a multiple of it, every byte value.
    std::string data(3 * (1 << 20) + 12345, '\0');
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<char>((i * 2654435761u) >> 13);
    for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{1} << 20, data.size()}) {
        std::string path = dir.str() + "/f" + std::to_string(size);
        write_file(path, std::string_view(data).substr(0, size));
        auto d = digest_file(path);
        REQUIRE(d);
        CHECK(*d == digest(std::string_view(data).substr(0, size)));
    }
    CHECK(digest_file(dir.str() + "/f1") != digest_file(dir.str() + "/f0"));
    CHECK_FALSE(digest_file(dir.str() + "/missing"));
}
