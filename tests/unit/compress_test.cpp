#include "compress/compress.h"

#include <brotli/decode.h>
#include <doctest/doctest.h>
#include <zlib.h>

#include <cstdint>

#include "core/core.h"

using namespace kmsite;

namespace {

// What `gzip -dc` would give: zlib's inflate with the gzip wrapper.
std::string gunzip(const std::string& data) {
    z_stream z{};
    REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
    std::string out;
    char buffer[16384];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    int r = Z_OK;
    while (r == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        r = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
    }
    inflateEnd(&z);
    CHECK(r == Z_STREAM_END);
    CHECK(z.avail_in == 0);  // nothing after the stream
    return out;
}

std::string unbrotli(const std::string& data, std::size_t size) {
    std::string out(size + 1, '\0');  // one more: a longer result would show
    std::size_t n = out.size();
    REQUIRE(BrotliDecoderDecompress(data.size(), reinterpret_cast<const std::uint8_t*>(data.data()),
                                    &n, reinterpret_cast<std::uint8_t*>(out.data())) ==
            BROTLI_DECODER_RESULT_SUCCESS);
    out.resize(n);
    return out;
}

// A page-like text: Thai and markup, each line a little different.
std::string page_text(std::size_t bytes) {
    std::string s = "<!doctype html><html lang=\"th\"><body>";
    for (int i = 0; s.size() < bytes; ++i)
        s += "<p>คู่มือการปฏิบัติงาน ขั้นตอนที่ " + std::to_string(i) + " ของสำนักงาน</p>\n";
    s.resize(bytes);
    return s;
}

// Bytes that do not compress (xorshift).
std::string noise(std::size_t bytes) {
    std::string s(bytes, '\0');
    std::uint64_t x = 88172645463325252ull;
    for (auto& c : s) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        c = static_cast<char>(x);
    }
    return s;
}

}  // namespace

TEST_CASE("compress: gzip and brotli copies give back the file's bytes") {
    for (std::size_t size : {std::size_t{1025}, std::size_t{20000}, std::size_t{600000}}) {
        std::string text = page_text(size);
        std::string gz = compress::gzip(text), br = compress::brotli(text, 5);
        CHECK(gz.size() < text.size());
        CHECK(br.size() < text.size());
        CHECK(gunzip(gz) == text);
        CHECK(unbrotli(br, text.size()) == text);
        CHECK(unbrotli(compress::brotli(text, 11), text.size()) == text);
    }
    CHECK(gunzip(compress::gzip("")).empty());
}

TEST_CASE("compress: a copy depends on the bytes alone (gzip header, threads)") {
    std::string text = page_text(50000);
    std::string gz = compress::gzip(text);
    REQUIRE(gz.size() > 10);
    // ID, deflate, no flags (no name, no comment), mtime 0, XFL 0 (level
    // 6), OS 3 (Unix): nothing of the machine or the moment.
    const unsigned char header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    CHECK(std::string(gz, 0, 10) == std::string(reinterpret_cast<const char*>(header), 10));
    // The same copies however many threads make them, in whatever order.
    std::vector<std::string> texts;
    for (int i = 0; i < 16; ++i) texts.push_back(page_text(3000 + 997 * i));
    std::vector<std::vector<compress::Copy>> one(texts.size()), four(texts.size());
    parallel_for(texts.size(), 1, [&](std::size_t i, unsigned) {
        one[i] = compress::copies("p" + std::to_string(i) + ".html", texts[i]);
    });
    parallel_for(texts.size(), 4, [&](std::size_t i, unsigned) {
        four[texts.size() - 1 - i] = compress::copies(
            "p" + std::to_string(texts.size() - 1 - i) + ".html", texts[texts.size() - 1 - i]);
    });
    for (std::size_t i = 0; i < texts.size(); ++i) {
        REQUIRE(one[i].size() == 2);
        REQUIRE(four[i].size() == 2);
        for (std::size_t c = 0; c < 2; ++c) {
            CHECK(one[i][c].path == four[i][c].path);
            CHECK(one[i][c].data == four[i][c].data);
        }
    }
}

TEST_CASE("compress: copies only of text files over 1 KB, and only when smaller") {
    auto suffixes = [](const std::vector<compress::Copy>& copies) {
        std::string s;
        for (const auto& c : copies) s += c.path.substr(c.path.rfind('.')) + " ";
        return s;
    };
    CHECK(compress::copies("a.html", page_text(1024)).empty());  // 1 KB itself: none
    auto over = compress::copies("a.html", page_text(1025));
    CHECK(suffixes(over) == ".gz .br ");
    CHECK(over[0].path == "a.html.gz");
    CHECK(over[1].path == "a.html.br");
    // Every kind the brief names, by extension in any case; not pictures.
    for (const char* path :
         {"x.html", "x.htm", "css/site.css", "js/search.js", "search/meta.json", "sitemap.xml",
          "logo.svg", "plan.csv", "robots.txt", "site.webmanifest", "A/B.HTML", "x.mjs"})
        CHECK_MESSAGE(compress::copies(path, page_text(4000)).size() == 2, path);
    for (const char* path : {"a.png", "a.webp", "a.woff", "a.pdf", "a.html.gz", "a.html.br", "html",
                             "a.html/b", "README"})
        CHECK_MESSAGE(compress::copies(path, page_text(4000)).empty(), path);
    // Bytes that do not get smaller get no copy: the server sends the file.
    CHECK(compress::copies("noise.txt", noise(5000)).empty());
}

TEST_CASE("compress: a copy's name gives its file; brotli's quality by kind and size") {
    CHECK(compress::original_of("a/index.html.gz") == "a/index.html");
    CHECK(compress::original_of("a/index.html.br") == "a/index.html");
    CHECK(compress::original_of("search/c-0123.json.br") == "search/c-0123.json");
    CHECK(compress::original_of("photo.jpg.gz").empty());  // not a text file
    CHECK(compress::original_of("archive.tar.gz").empty());
    CHECK(compress::original_of(".gz").empty());
    CHECK(compress::original_of("index.html").empty());
    // The theme's few files at the best quality; the many pages fast.
    CHECK(compress::brotli_quality("css/site.css", 14000) == 11);
    CHECK(compress::brotli_quality("js/search.js", 13000) == 11);
    CHECK(compress::brotli_quality("admin/decap-cms.js", 5000000) == 5);
    CHECK(compress::brotli_quality("index.html", 14000) == 5);
    CHECK(compress::brotli_quality("search/f/ab/1.json", 6000) == 5);
}
