// Icons from the office's own pictures, without decoding them: a PNG's size
// read from its header, and a PNG wrapped as a one-image ICO file for the
// clients that ask for /favicon.ico whatever a page links to.
#include <array>
#include <cstdint>

#include "images/images.h"

namespace kmsite::images {

namespace {

std::uint32_t big_endian32(std::string_view d, std::size_t at) {
    return std::uint32_t(static_cast<unsigned char>(d[at])) << 24 |
           std::uint32_t(static_cast<unsigned char>(d[at + 1])) << 16 |
           std::uint32_t(static_cast<unsigned char>(d[at + 2])) << 8 |
           std::uint32_t(static_cast<unsigned char>(d[at + 3]));
}

void little_endian(std::string& out, std::uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

}  // namespace

std::optional<Size> png_size(std::string_view d, std::string& why) {
    // The signature, then the first chunk, which must be IHDR: its length
    // (13), type, width and height (PNG 1.2 section 11.2.2: 1 to 2^31-1).
    static constexpr std::string_view signature{"\x89PNG\r\n\x1a\n", 8};
    if (d.substr(0, 8) != signature) {
        why = "it does not start with the PNG signature";
        return std::nullopt;
    }
    if (d.size() < 8 + 8 + 13 + 4) {
        why = "it ends before its header (IHDR)";
        return std::nullopt;
    }
    if (big_endian32(d, 8) != 13 || d.substr(12, 4) != "IHDR") {
        why = "its first chunk is not the header (IHDR)";
        return std::nullopt;
    }
    std::uint32_t w = big_endian32(d, 16), h = big_endian32(d, 20);
    if (w == 0 || h == 0 || w > 0x7FFFFFFF || h > 0x7FFFFFFF) {
        why = "its header gives a size of " + std::to_string(w) + "x" + std::to_string(h);
        return std::nullopt;
    }
    return Size{static_cast<int>(w), static_cast<int>(h)};
}

std::string ico_from_png(std::string_view png, Size size) {
    // ICONDIR (reserved 0, type 1 = icon, one image), then one ICONDIRENTRY:
    // width and height as a byte each (0 means 256 or more), no palette,
    // 1 plane, 32 bits per pixel, the PNG's length and its offset (22).
    // A PNG stored whole in an ICO is read by every browser and by Windows
    // since Vista.
    std::string out;
    little_endian(out, 0, 2);
    little_endian(out, 1, 2);
    little_endian(out, 1, 2);
    out += static_cast<char>(size.width >= 256 ? 0 : size.width);
    out += static_cast<char>(size.height >= 256 ? 0 : size.height);
    out += '\0';
    out += '\0';
    little_endian(out, 1, 2);
    little_endian(out, 32, 2);
    little_endian(out, static_cast<std::uint32_t>(png.size()), 4);
    little_endian(out, 22, 4);
    out.append(png);
    return out;
}

}  // namespace kmsite::images
