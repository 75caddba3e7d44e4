#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "thai/nfc.h"
#include "thai/thai.h"

namespace kmsite::thai {

std::string slugify(std::string_view text) {
    icu::UnicodeString normalized = nfc_of_utf8(text);

    icu::UnicodeString out;
    bool pending_hyphen = false;
    for (int32_t i = 0; i < normalized.length();) {
        UChar32 c = normalized.char32At(i);
        i += U16_LENGTH(c);
        int8_t type = u_charType(c);
        bool keep = u_isalnum(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
        if (c == 0x0E2F || c == 0x0E46) keep = true;  // ฯ and ๆ are part of Thai words
        if (!keep) {
            pending_hyphen = out.length() > 0;
            continue;
        }
        if (pending_hyphen) out.append(UChar(u'-'));
        pending_hyphen = false;
        if (c >= 0x0E50 && c <= 0x0E59)
            c = u'0' + (c - 0x0E50);  // ๐-๙: one slug for both digit styles
        out.append(u_tolower(c));
    }
    std::string utf8;
    out.toUTF8String(utf8);
    return utf8;
}

}  // namespace kmsite::thai
