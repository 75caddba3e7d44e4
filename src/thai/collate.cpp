#include <unicode/coll.h>
#include <unicode/uchar.h>

#include <cctype>
#include <memory>

#include "thai/thai.h"

namespace kmsite::thai {

std::string sort_key(std::string_view text) {
    // Collators are not thread-safe to share for writing; each thread has one.
    thread_local std::unique_ptr<icu::Collator> collator = [] {
        UErrorCode status = U_ZERO_ERROR;
        return std::unique_ptr<icu::Collator>(
            icu::Collator::createInstance(icu::Locale("th"), status));
    }();
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    int32_t size = collator->getSortKey(s, nullptr, 0);
    std::string key(static_cast<std::size_t>(size), '\0');
    collator->getSortKey(s, reinterpret_cast<uint8_t*>(key.data()), size);
    if (!key.empty() && key.back() == '\0') key.pop_back();
    return key;
}

std::string index_letter(std::string_view title) {
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(title.data(), static_cast<int32_t>(title.size())));
    for (int32_t i = 0; i < s.length();) {
        UChar32 c = s.char32At(i);
        i += U16_LENGTH(c);
        if (c >= 0x0E40 && c <= 0x0E44) continue;  // leading vowels เ แ โ ใ ไ
        if (c >= 0x0E01 && c <= 0x0E2E) {          // ก..ฮ
            std::string out;
            icu::UnicodeString(c).toUTF8String(out);
            return out;
        }
        if ((c >= '0' && c <= '9') || (c >= 0x0E50 && c <= 0x0E59)) return "0-9";
        if (c < 0x80 && std::isalpha(static_cast<int>(c)))
            return std::string(1, static_cast<char>(std::toupper(static_cast<int>(c))));
        if (u_isalpha(c)) break;
    }
    return "#";
}

}  // namespace kmsite::thai
