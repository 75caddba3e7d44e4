#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
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
    std::span<const Span> words(std::string_view run) {
        if (run.size() > max_run) {
            icu_words(run, scratch_);
            return scratch_;
        }
        const std::uint64_t h = std::hash<std::string_view>{}(run);
        if (slots_.empty()) reset();
        std::size_t at = find(run, h);
        if (slots_[at].count != empty) return spans_of(slots_[at]);
        icu_words(run, scratch_);
        std::size_t adding = run.size() + scratch_.size() * sizeof(Span) + sizeof(Slot) * 2;
        if (bytes() + adding > max_bytes) {
            reset();
            at = find(run, h);
        } else if ((used_ + 1) * 4 > slots_.size() * 3) {
            grow();
            at = find(run, h);
        }
        Slot& slot = slots_[at];
        slot = {h, static_cast<std::uint32_t>(text_.size()),
                static_cast<std::uint32_t>(spans_.size()), static_cast<std::uint16_t>(run.size()),
                static_cast<std::uint16_t>(scratch_.size())};
        text_.append(run);
        spans_.insert(spans_.end(), scratch_.begin(), scratch_.end());
        ++used_;
        return spans_of(slot);
    }

  private:
    // A remembered run: its hash, where its bytes and its words are in the
    // arenas, and how many of each (a run is at most max_run bytes, so at
    // most that many words).
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t text = 0, first = 0;
        std::uint16_t size = 0, count = empty;
    };
    static constexpr std::uint16_t empty = 0xFFFF;
    static constexpr std::size_t max_run = 4096;
    // What a thread's memory may hold, counted as allocated: the runs'
    // bytes and words in two arenas and an open-addressing table of slots.
    // (Was a hash map of strings to vectors, 24 MB counted as run bytes plus
    // 64 a run but more in the allocator: a node, a key and a vector each.)
    static constexpr std::size_t max_bytes = 16u << 20;
    static constexpr std::size_t initial_slots = 1u << 12;

    std::size_t bytes() const {
        return text_.size() + spans_.size() * sizeof(Span) + slots_.size() * sizeof(Slot);
    }
    std::span<const Span> spans_of(const Slot& s) const {
        return {spans_.data() + s.first, s.count};
    }
    // The slot holding `run`, or the empty one where it would go.
    std::size_t find(std::string_view run, std::uint64_t h) const {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot& s = slots_[i];
            if (s.count == empty ||
                (s.hash == h && std::string_view(text_.data() + s.text, s.size) == run))
                return i;
        }
    }
    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const Slot& s : old) {
            if (s.count == empty) continue;
            std::size_t i = s.hash & mask;
            while (slots_[i].count != empty) i = (i + 1) & mask;
            slots_[i] = s;
        }
    }
    // Forgets every run (the arenas keep their capacity for the next ones).
    void reset() {
        slots_.assign(initial_slots, Slot{});
        text_.clear();
        spans_.clear();
        used_ = 0;
    }

    std::vector<Slot> slots_;
    std::string text_;
    std::vector<Span> spans_;
    std::size_t used_ = 0;
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
    // The memo's words are views into its arenas, which the next new run
    // may move: a call made from inside `emit` (on the same thread) gets a
    // memo of its own instead of sharing the thread's.
    thread_local RunMemo thread_memo;
    thread_local bool in_use = false;
    std::optional<RunMemo> nested;
    if (in_use) nested.emplace();
    RunMemo& memo = nested ? *nested : thread_memo;
    struct Using {
        bool& flag;
        bool was;
        ~Using() { flag = was; }
    } using_memo{in_use, in_use};
    in_use = true;
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
