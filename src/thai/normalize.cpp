// What search compares (thai.h, normalize_for_search): the same steps at build
// time here and in the browser (themes/default/static/js/search.js, normMap),
// so that a query typed on any keyboard finds the words as the page wrote them.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <string>

#include "core/core.h"
#include "thai/nfc.h"
#include "thai/thai.h"

namespace kmsite::thai {

namespace {

// Invisible characters normalize_for_search drops: zero-width space,
// non-joiner, joiner, word joiner, BOM, soft hyphen (pasted from Word and PDF).
bool invisible(char32_t c) {
    return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD;
}

// Text of ASCII, Thai and inert characters needs no ICU conversion: digit
// folding and lower-casing are done here on the UTF-8 bytes (Thai's only
// non-NFC forms, a tone mark before a lower vowel, are put in order by
// fold_keyboard below). An inert character (ICU: no decomposition, and it
// neither combines nor composes with its neighbours), such as the curly
// quotes, dashes and bullets of pasted text, is its own NFC wherever it
// stands, so it is copied as it is when lower-casing leaves it too; 80% of
// a generated 10,000-page corpus's pages took the slow path for a quote.
// Anything else goes through ICU. Returns false when the slow path is needed.
bool normalize_fast(std::string_view text, std::string& out) {
    static const icu::Normalizer2* nfc = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
        return U_FAILURE(status) ? nullptr : n;
    }();
    out.clear();
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        // Thai block U+0E00..U+0E7F is E0 B8 80..E0 B9 BF.
        if (c == 0xE0 && i + 2 < text.size()) {
            unsigned char b1 = static_cast<unsigned char>(text[i + 1]);
            unsigned char b2 = static_cast<unsigned char>(text[i + 2]);
            if ((b1 == 0xB8 || b1 == 0xB9) && b2 >= 0x80 && b2 <= 0xBF) {
                if (b1 == 0xB9 && b2 >= 0x90 && b2 <= 0x99) {
                    out += static_cast<char>('0' + (b2 - 0x90));  // ๐-๙
                } else {
                    out.append(text.substr(i, 3));
                }
                i += 2;
                continue;
            }
        }
        char32_t cp = 0;
        std::size_t n = utf8_decode_at(text, i, cp);
        if (n == 0 || !nfc || invisible(cp) || !nfc->isInert(static_cast<UChar32>(cp)) ||
            u_tolower(static_cast<UChar32>(cp)) != static_cast<UChar32>(cp))
            return false;
        out.append(text.substr(i, n));
        i += n - 1;
    }
    return true;
}

// The Thai code point whose UTF-8 starts at s[i] (E0 B8/B9 xx), or 0.
char32_t thai_at(std::string_view s, std::size_t i) {
    if (i + 2 >= s.size() || static_cast<unsigned char>(s[i]) != 0xE0) return 0;
    auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
    if ((b1 != 0xB8 && b1 != 0xB9) || b2 < 0x80 || b2 > 0xBF) return 0;
    return 0x0E00 + ((b1 - 0xB8) << 6) + (b2 - 0x80);
}

void put_thai(std::string& out, char32_t c) {
    out += static_cast<char>(0xE0);
    out += static_cast<char>(0xB8 + ((c - 0x0E00) >> 6));
    out += static_cast<char>(0x80 + ((c - 0x0E00) & 0x3F));
}

bool tone(char32_t c) {
    return c >= 0x0E48 && c <= 0x0E4B;
}
// Vowels written above or below the consonant, which come before its tone
// mark in the stored order: sara i, ii, ue, uee, mai han-akat above; sara
// u, uu, phinthu below.
bool above_or_below(char32_t c) {
    return c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E3A);
}
bool digit(char c) {
    return c >= '0' && c <= '9';
}

constexpr char32_t nikhahit = 0x0E4D, sara_aa = 0x0E32, sara_am = 0x0E33, sara_e = 0x0E40,
                   sara_ae = 0x0E41;

// Forms that Thai keyboards and old documents produce and Unicode does not
// unify (NFC leaves them apart), put in the one form pages store:
// - sara am typed as nikhahit + sara aa (กํา), with or without a tone mark
//   between or before (กํ่า, ก่ํา): ก่ำ;
// - a tone mark typed before an upper or lower vowel (ก่ี): ก ี ่;
// - two sara e for sara ae (เเ): แ;
// - a thousands separator between digits (1,234 and ๑,๒๓๔ after folding): 1234.
// Each step maps characters to at most as many, in one pass; search.js's
// normMap does the same steps on the query and on excerpts.
std::string fold_keyboard(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        char32_t c = thai_at(s, i);
        if (!c) {
            // 1,234: the comma goes when a digit is before it and exactly
            // three digits after it.
            if (s[i] == ',' && !out.empty() && digit(out.back()) && i + 3 < s.size() &&
                digit(s[i + 1]) && digit(s[i + 2]) && digit(s[i + 3]) &&
                (i + 4 >= s.size() || !digit(s[i + 4]))) {
                ++i;
                continue;
            }
            out += s[i++];
            continue;
        }
        char32_t next = thai_at(s, i + 3), after = next ? thai_at(s, i + 6) : 0;
        if (tone(c) && above_or_below(next)) {
            put_thai(out, next);
            put_thai(out, c);
            i += 6;
        } else if (c == nikhahit && next == sara_aa) {
            put_thai(out, sara_am);
            i += 6;
        } else if (c == nikhahit && tone(next) && after == sara_aa) {
            put_thai(out, next);
            put_thai(out, sara_am);
            i += 9;
        } else if (c == sara_e && next == sara_e) {
            put_thai(out, sara_ae);
            i += 6;
        } else {
            put_thai(out, c);
            i += 3;
        }
    }
    return out;
}

// kSpelling decoded: a code point per Thai code point, 0 for dropped.
struct SpellingTable {
    char32_t to[128] = {};
    SpellingTable() {
        std::size_t at = 0;
        for (char32_t& c : to) {
            if (kSpelling[at] == '_') {
                c = 0;
                ++at;
                continue;
            }
            c = thai_at(kSpelling, at);  // every other entry is a Thai letter
            at += 3;
        }
    }
};

}  // namespace

std::string spelling_key(std::string_view word) {
    static const SpellingTable table;
    std::string out;
    out.reserve(word.size());
    char32_t last = 0;
    for (std::size_t i = 0; i < word.size();) {
        char32_t c = thai_at(word, i);
        if (!c) {
            char b = word[i++];
            bool letter = b >= 'a' && b <= 'z';
            if (letter && static_cast<char32_t>(b) == last) continue;
            out += b;
            last = static_cast<unsigned char>(b);
            continue;
        }
        i += 3;
        c = table.to[c - 0x0E00];
        if (!c) continue;
        bool letter = c >= 0x0E01 && c <= 0x0E2E;
        if (letter && c == last) continue;
        put_thai(out, c);
        last = c;
    }
    return out;
}

std::string normalize_for_search(std::string_view text) {
    std::string fast;
    if (normalize_fast(text, fast)) return fold_keyboard(fast);
    icu::UnicodeString n = nfc_of_utf8(text);
    icu::UnicodeString out;
    for (int32_t i = 0; i < n.length();) {
        UChar32 c = n.char32At(i);
        i += U16_LENGTH(c);
        if (invisible(static_cast<char32_t>(c))) continue;
        if (c >= 0x0E50 && c <= 0x0E59) c = '0' + (c - 0x0E50);
        out.append(u_tolower(c));
    }
    std::string utf8;
    out.toUTF8String(utf8);
    return fold_keyboard(utf8);
}

}  // namespace kmsite::thai
