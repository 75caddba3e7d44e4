#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>

#include "thai/thai.h"

namespace kmsite::thai {

std::string normalize_for_search(std::string_view text) {
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

std::vector<Word> segment_words(std::string_view normalized) {
    thread_local std::unique_ptr<icu::BreakIterator> words = [] {
        UErrorCode status = U_ZERO_ERROR;
        return std::unique_ptr<icu::BreakIterator>(
            icu::BreakIterator::createWordInstance(icu::Locale("th"), status));
    }();
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(normalized.data(), static_cast<int32_t>(normalized.size())));
    words->setText(s);
    std::vector<Word> out;
    int position = 0;
    int32_t start = words->first();
    for (int32_t end = words->next(); end != icu::BreakIterator::DONE; start = end, end = words->next()) {
        if (words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
        std::string w;
        s.tempSubStringBetween(start, end).toUTF8String(w);
        if (w.find('.') == std::string::npos) {
            out.push_back({std::move(w), position++});
            continue;
        }
        // ICU keeps inner dots in a word ("ผอ.สพท"); the dotless form is what
        // someone typing without dots gets, the parts what someone typing spaces gets.
        std::vector<std::string> parts;
        std::string joined;
        for (std::size_t from = 0; from < w.size();) {
            std::size_t dot = w.find('.', from);
            if (dot == std::string::npos) dot = w.size();
            if (dot > from) parts.push_back(w.substr(from, dot - from));
            from = dot + 1;
        }
        for (const auto& p : parts) joined += p;
        out.push_back({joined, position});
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (parts.size() > 1) out.push_back({parts[i], position + static_cast<int>(i), true});
        }
        position += static_cast<int>(std::max<std::size_t>(1, parts.size()));
    }
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
