// The images stage's icon helpers: a PNG's size from its header, and the
// ICO that /favicon.ico answers with.
#include "images/images.h"

#include <doctest/doctest.h>

using namespace kmsite;

namespace {

void be32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

std::string png_header(std::uint32_t width, std::uint32_t height, std::string_view chunk = "IHDR",
                       std::uint32_t length = 13) {
    std::string p("\x89PNG\r\n\x1a\n", 8);
    be32(p, length);
    p += chunk;
    be32(p, width);
    be32(p, height);
    p += std::string("\x08\x06\0\0\0", 5) + "CRC!";
    return p;
}

unsigned byte(const std::string& s, std::size_t at) {
    return static_cast<unsigned char>(s.at(at));
}

}  // namespace

TEST_CASE("a PNG's size is read from its IHDR header") {
    std::string why;
    auto size = images::png_size(png_header(1200, 630), why);
    REQUIRE(size);
    CHECK(size->width == 1200);
    CHECK(size->height == 630);
    size = images::png_size(png_header(0x7FFFFFFF, 1), why);
    REQUIRE(size);
    CHECK(size->width == 0x7FFFFFFF);

    auto refused = [](const std::string& bytes, const std::string& because) {
        std::string why;
        CHECK_FALSE(images::png_size(bytes, why));
        CHECK(why.find(because) != std::string::npos);
    };
    refused("GIF89a" + std::string(40, '\0'), "PNG signature");
    refused("<svg onload=alert(1)>" + std::string(40, ' '), "PNG signature");
    refused(png_header(10, 10).substr(0, 20), "ends before");
    refused(png_header(10, 10, "IDAT"), "not the header");
    refused(png_header(10, 10, "IHDR", 14), "not the header");
    refused(png_header(0, 10), "0x10");
    refused(png_header(10, 0x80000000u), "size");
}

TEST_CASE("an ICO holds the PNG whole, its size in one byte each (256 and more as 0)") {
    std::string png = png_header(48, 32);
    std::string ico = images::ico_from_png(png, {48, 32});
    REQUIRE(ico.size() == 22 + png.size());
    // ICONDIR: reserved 0, type 1 (icon), one image.
    CHECK(ico.substr(0, 6) == std::string("\0\0\1\0\1\0", 6));
    // ICONDIRENTRY: 48 x 32, no palette, reserved, 1 plane, 32 bits.
    CHECK(byte(ico, 6) == 48);
    CHECK(byte(ico, 7) == 32);
    CHECK(byte(ico, 8) == 0);
    CHECK(byte(ico, 10) == 1);
    CHECK(byte(ico, 12) == 32);
    // The PNG's length and offset, little-endian.
    CHECK(byte(ico, 14) + (byte(ico, 15) << 8) == png.size());
    CHECK(byte(ico, 18) == 22);
    CHECK(ico.substr(22) == png);
    std::string big = images::ico_from_png(png, {512, 256});
    CHECK(byte(big, 6) == 0);
    CHECK(byte(big, 7) == 0);
    CHECK(images::ico_from_png(png, {255, 1}).substr(6, 2) == std::string("\xff\x01", 2));
}
