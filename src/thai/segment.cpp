#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "thai/thai.h"

namespace kmsite::thai {

namespace {

// A word of a run of text: byte offsets into the run.
struct Span {
    std::uint32_t start, end;
};

// ICU's words of `text` (spaces and punctuation left out), as spans.
void icu_words(std::string_view text, std::vector<Span>& out) {
    thread_local std::unique_ptr<icu::BreakIterator> words = [] {
        UErrorCode status = U_ZERO_ERROR;
        return std::unique_ptr<icu::BreakIterator>(
            icu::BreakIterator::createWordInstance(icu::Locale("th"), status));
    }();
    out.clear();
    // ICU reads the UTF-8 directly (UText): boundaries are byte offsets, so
    // words are slices of the input with no conversion.
    UErrorCode status = U_ZERO_ERROR;
    UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status)) return;
    words->setText(utext, status);
    int32_t start = words->first();
    for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
         start = end, end = words->next()) {
        if (words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
        out.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end)});
    }
    words->setText(icu::UnicodeString());  // the UText is about to go away
    utext_close(utext);
}

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

// Thai vowel and tone marks that combine with the character before them
// (U+0E31, U+0E34-U+0E3A, U+0E47-U+0E4E): a run that starts with one is not
// cut from the space before it (the word breaker attaches it there, UAX #29 WB4).
bool starts_with_combining_mark(std::string_view s) {
    if (s.size() < 3 || static_cast<unsigned char>(s[0]) != 0xE0) return false;
    auto b1 = static_cast<unsigned char>(s[1]), b2 = static_cast<unsigned char>(s[2]);
    if (b1 == 0xB8) return b2 == 0xB1 || (b2 >= 0xB4 && b2 <= 0xBA);
    return b1 == 0xB9 && b2 >= 0x87 && b2 <= 0x8E;
}

// Words never span a space (UAX #29 breaks on both sides of white space), so
// the words of a text are the words of its space-separated runs, each found
// on its own. Pages repeat runs (names, titles, headings, phrases of the
// office's language), and the dictionary breaker is most of the cost of
// indexing: each distinct run is broken once per thread and remembered,
// up to a bound, then the memory starts again.
class RunMemo {
  public:
    const std::vector<Span>& words(std::string_view run) {
        if (run.size() > max_run) {
            icu_words(run, scratch_);
            return scratch_;
        }
        auto it = map_.find(run);
        if (it != map_.end()) return it->second;
        if (bytes_ > max_bytes) {
            map_.clear();
            bytes_ = 0;
        }
        std::vector<Span> spans;
        icu_words(run, spans);
        bytes_ += run.size() + spans.size() * sizeof(Span) + 64;
        return map_.emplace(std::string(run), std::move(spans)).first->second;
    }

  private:
    static constexpr std::size_t max_run = 4096;
    static constexpr std::size_t max_bytes = 24u << 20;  // per thread
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, std::vector<Span>, Hash, std::equal_to<>> map_;
    std::size_t bytes_ = 0;
    std::vector<Span> scratch_;
};

}  // namespace

namespace {

bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

bool all_ascii_digits(std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), is_ascii_digit);
}

}  // namespace

void for_each_word(std::string_view normalized,
                   const std::function<void(std::string_view, int, bool)>& emit) {
    thread_local RunMemo memo;
    int position = 0;
    std::vector<std::string_view> parts;
    std::string joined, last;  // the last word as emitted (dotless), and where
    int last_at = -1;
    auto word = [&](std::string_view w) {
        if (w.find('.') == std::string_view::npos) {
            last.assign(w);
            last_at = position;
            emit(w, position++, false);
            return;
        }
        // ICU keeps inner dots in a word ("ผอ.สพท"); the dotless form is what
        // someone typing without dots gets, the parts what someone typing spaces gets.
        parts.clear();
        joined.clear();
        for (std::size_t from = 0; from < w.size();) {
            std::size_t dot = w.find('.', from);
            if (dot == std::string_view::npos) dot = w.size();
            if (dot > from) parts.push_back(w.substr(from, dot - from));
            from = dot + 1;
        }
        for (auto p : parts) joined += p;
        last = joined;
        last_at = position;
        emit(joined, position, false);
        if (parts.size() > 1) {
            for (std::size_t i = 0; i < parts.size(); ++i)
                emit(parts[i], position + static_cast<int>(i), true);
        }
        position += static_cast<int>(std::max<std::size_t>(1, parts.size()));
    };
    for (std::size_t at = 0; at < normalized.size();) {
        while (at < normalized.size() && is_space(normalized[at])) ++at;
        std::size_t end = at;
        while (end < normalized.size()) {
            if (!is_space(normalized[end])) {
                ++end;
                continue;
            }
            std::size_t next = end;
            while (next < normalized.size() && is_space(normalized[next])) ++next;
            if (next < normalized.size() && starts_with_combining_mark(normalized.substr(next))) {
                end = next;  // the mark stays with the space: one run
                continue;
            }
            break;
        }
        if (end == at) break;
        std::string_view run = normalized.substr(at, end - at);
        std::size_t last_end = std::string_view::npos;
        for (const Span& s : memo.words(run)) {
            std::string_view w = run.substr(s.start, s.end - s.start);
            // A form's or a document's code ("แบบ สขร.1", "ภ.ง.ด.90"): ICU
            // ends the abbreviation at its dot and the number is the next
            // word. The two joined ("สขร1") are also a word at the
            // abbreviation's place: what someone typing without the dot
            // looks up.
            if (last_end != std::string_view::npos && !last.empty() &&
                !is_ascii_digit(last.back()) && all_ascii_digits(w) &&
                (run.substr(last_end, s.start - last_end) == "." ||
                 (s.start == last_end && last_end > 0 && run[last_end - 1] == '.')))
                emit(last + std::string(w), last_at, true);
            word(w);
            last_end = s.end;
        }
        at = end;
    }
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
