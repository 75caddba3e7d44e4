#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <functional>
#include <memory>

#include "thai/thai.h"

namespace kmsite::thai {

namespace {

// Text of ASCII and Thai letters only is already NFC and needs just digit
// folding and lower-casing, done here on the UTF-8 bytes; anything else goes
// through ICU. Returns false when the slow path is needed.
bool normalize_thai_ascii(std::string_view text, std::string& out) {
    out.clear();
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        // Thai block U+0E00..U+0E7F is E0 B8 80..E0 B9 BF.
        if (c != 0xE0 || i + 2 >= text.size()) return false;
        unsigned char b1 = static_cast<unsigned char>(text[i + 1]);
        unsigned char b2 = static_cast<unsigned char>(text[i + 2]);
        if (b1 != 0xB8 && b1 != 0xB9) return false;
        if (b1 == 0xB9 && b2 >= 0x90 && b2 <= 0x99) {
            out += static_cast<char>('0' + (b2 - 0x90));  // ๐-๙
        } else {
            out.append(text.substr(i, 3));
        }
        i += 2;
    }
    return true;
}

}  // namespace

std::string normalize_for_search(std::string_view text) {
    std::string fast;
    if (normalize_thai_ascii(text, fast)) return fast;
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::UnicodeString n = nfc->normalize(s, status);
    if (U_FAILURE(status)) n = s;
    icu::UnicodeString out;
    for (int32_t i = 0; i < n.length();) {
        UChar32 c = n.char32At(i);
        i += U16_LENGTH(c);
        if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF || c == 0x00AD) continue;
        if (c >= 0x0E50 && c <= 0x0E59) c = '0' + (c - 0x0E50);
        out.append(u_tolower(c));
    }
    std::string utf8;
    out.toUTF8String(utf8);
    return utf8;
}

void for_each_word(std::string_view normalized,
                   const std::function<void(std::string_view, int, bool)>& emit) {
    thread_local std::unique_ptr<icu::BreakIterator> words = [] {
        UErrorCode status = U_ZERO_ERROR;
        return std::unique_ptr<icu::BreakIterator>(
            icu::BreakIterator::createWordInstance(icu::Locale("th"), status));
    }();
    // ICU reads the UTF-8 directly (UText): boundaries are byte offsets, so
    // words are slices of the input with no conversion.
    UErrorCode status = U_ZERO_ERROR;
    UText* text = utext_openUTF8(nullptr, normalized.data(),
                                 static_cast<int64_t>(normalized.size()), &status);
    if (U_FAILURE(status)) return;
    words->setText(text, status);
    int position = 0;
    int32_t start = words->first();
    for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
         start = end, end = words->next()) {
        if (words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
        std::string_view w = normalized.substr(start, end - start);
        if (w.find('.') == std::string_view::npos) {
            emit(w, position++, false);
            continue;
        }
        // ICU keeps inner dots in a word ("ผอ.สพท"); the dotless form is what
        // someone typing without dots gets, the parts what someone typing spaces gets.
        std::vector<std::string_view> parts;
        std::string joined;
        for (std::size_t from = 0; from < w.size();) {
            std::size_t dot = w.find('.', from);
            if (dot == std::string_view::npos) dot = w.size();
            if (dot > from) parts.push_back(w.substr(from, dot - from));
            from = dot + 1;
        }
        for (auto p : parts) joined += p;
        emit(joined, position, false);
        if (parts.size() > 1) {
            for (std::size_t i = 0; i < parts.size(); ++i)
                emit(parts[i], position + static_cast<int>(i), true);
        }
        position += static_cast<int>(std::max<std::size_t>(1, parts.size()));
    }
    words->setText(icu::UnicodeString());  // the UText is about to go away
    utext_close(text);
}

std::vector<Word> segment_words(std::string_view normalized) {
    std::vector<Word> out;
    for_each_word(normalized, [&](std::string_view w, int position, bool part) {
        out.push_back({std::string(w), position, part});
    });
    return out;
}

std::vector<std::string> query_words(std::string_view normalized) {
    std::vector<std::string> out;
    for (auto& w : segment_words(normalized)) {
        if (!w.part) out.push_back(std::move(w.text));
    }
    return out;
}

}  // namespace kmsite::thai
