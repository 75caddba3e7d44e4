#include "flowchart/text_wrap.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>
#include <vector>

namespace kmsite::flowchart {

namespace {

constexpr double char_width = 9.0;  // px per spacing character at 15px (Sarabun/Tahoma)

double char_advance(UChar32 c) {
    int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || c == 0x200B) return 0;
    return c == ' ' ? char_width * 0.5 : char_width;
}

double width_of(const icu::UnicodeString& s, int32_t begin, int32_t end) {
    double w = 0;
    for (int32_t i = begin; i < end;) {
        UChar32 c = s.char32At(i);
        i += U16_LENGTH(c);
        w += char_advance(c);
    }
    return w;
}

// Widths of every prefix, so the width of any span is one subtraction: the
// wrapper asks for many spans from the same line start, and summing each one
// afresh made a long word without break opportunities quadratic. The sums are
// multiples of 4.5 and stay exact in a double.
std::vector<double> prefix_widths(const icu::UnicodeString& s) {
    std::vector<double> prefix(static_cast<std::size_t>(s.length()) + 1, 0.0);
    for (int32_t i = 0; i < s.length();) {
        UChar32 c = s.char32At(i);
        int32_t next = i + U16_LENGTH(c);
        double w = prefix[static_cast<std::size_t>(i)] + char_advance(c);
        for (int32_t k = i + 1; k <= next; ++k) prefix[static_cast<std::size_t>(k)] = w;
        i = next;
    }
    return prefix;
}

std::string utf8(const icu::UnicodeString& s, int32_t begin, int32_t end) {
    std::string out;
    s.tempSubStringBetween(begin, end).toUTF8String(out);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    while (!out.empty() && out.front() == ' ') out.erase(out.begin());
    return out;
}

}  // namespace

double text_width(std::string_view text) {
    auto s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    return width_of(s, 0, s.length());
}

std::vector<std::string> wrap(std::string_view text, double max_width) {
    auto s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    thread_local std::unique_ptr<icu::BreakIterator> lines = [] {
        UErrorCode status = U_ZERO_ERROR;
        return std::unique_ptr<icu::BreakIterator>(
            icu::BreakIterator::createLineInstance(icu::Locale("th"), status));
    }();
    thread_local std::unique_ptr<icu::BreakIterator> chars = [] {
        UErrorCode status = U_ZERO_ERROR;
        return std::unique_ptr<icu::BreakIterator>(
            icu::BreakIterator::createCharacterInstance(icu::Locale("th"), status));
    }();
    lines->setText(s);
    chars->setText(s);
    const std::vector<double> prefix = prefix_widths(s);
    auto width = [&](int32_t begin, int32_t end) {
        return prefix[static_cast<std::size_t>(end)] - prefix[static_cast<std::size_t>(begin)];
    };
    std::vector<std::string> out;
    int32_t line_start = 0, last_fit = 0;
    for (int32_t pos = lines->next(); pos != icu::BreakIterator::DONE; pos = lines->next()) {
        if (width(line_start, pos) <= max_width) {
            last_fit = pos;
            continue;
        }
        if (last_fit > line_start) {  // break before this word
            out.push_back(utf8(s, line_start, last_fit));
            line_start = last_fit;
        }
        // A single word wider than the box: cut it between grapheme clusters.
        while (width(line_start, pos) > max_width) {
            int32_t cut = line_start;
            for (int32_t c = chars->following(line_start);
                 c != icu::BreakIterator::DONE && c <= pos; c = chars->next()) {
                if (width(line_start, c) > max_width) break;
                cut = c;
            }
            if (cut == line_start) cut = chars->following(line_start);  // at least one cluster
            out.push_back(utf8(s, line_start, cut));
            line_start = cut;
        }
        last_fit = pos;
    }
    if (line_start < s.length()) out.push_back(utf8(s, line_start, s.length()));
    std::erase_if(out, [](const std::string& l) { return l.empty(); });
    return out;
}

}  // namespace kmsite::flowchart
