#include "thai/thai.h"

namespace kmsite::thai {

// Thai digits are U+0E50..U+0E59, encoded E0 B9 90..99.
std::string fold_digits(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xE0 &&
            static_cast<unsigned char>(text[i + 1]) == 0xB9) {
            unsigned char c = static_cast<unsigned char>(text[i + 2]);
            if (c >= 0x90 && c <= 0x99) {
                out += static_cast<char>('0' + (c - 0x90));
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

std::string to_thai_digits(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            out += '\xE0';
            out += '\xB9';
            out += static_cast<char>(0x90 + (c - '0'));
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace kmsite::thai
