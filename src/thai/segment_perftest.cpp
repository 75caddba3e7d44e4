// How fast Thai text is cut into words, on one core: ICU's dictionary word
// breaker alone (the floor while the index must agree with the browser's
// Intl.Segmenter, which is ICU), and the indexer's path (normalize_for_search
// then for_each_word, with its per-thread memo of runs).
//   build/segment_perftest FOLDER|FILE.md...   (e.g. a corpus's content/)
// bench/floors.sh runs it over a whole corpus; not a test: no thresholds.
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/perftest.h"
#include "thai/thai.h"

namespace {

void report(const char* what, std::size_t bytes, std::size_t words, double seconds) {
    std::printf("%-34s %8.1f MB %10zu words %7.3f s %7.1f MB/s\n", what, bytes / 1e6, words,
                seconds, bytes / 1e6 / seconds);
}

}  // namespace

int main(int argc, char** argv) {
    using kmsite::perftest::seconds_since;
    const std::vector<std::string> texts =
        kmsite::perftest::markdown_inputs("segment_perftest", argc, argv);
    const std::size_t bytes = kmsite::perftest::total_bytes(texts);

    // ICU alone: one word iterator over each file's UTF-8 bytes, as given.
    UErrorCode status = U_ZERO_ERROR;
    auto start = std::chrono::steady_clock::now();
    std::unique_ptr<icu::BreakIterator> words(
        icu::BreakIterator::createWordInstance(icu::Locale("th"), status));
    UText* text = nullptr;
    std::size_t boundaries = 0;
    for (const auto& t : texts) {
        text = utext_openUTF8(text, t.data(), static_cast<int64_t>(t.size()), &status);
        words->setText(text, status);
        for (int32_t at = words->first(); at != icu::BreakIterator::DONE; at = words->next())
            ++boundaries;
    }
    utext_close(text);
    if (U_FAILURE(status)) {
        std::fprintf(stderr, "segment_perftest: ICU: %s\n", u_errorName(status));
        return 1;
    }
    report("ICU word breaker alone", bytes, boundaries, seconds_since(start));

    // The indexer's path: what search/analyse.cpp does with a page's text.
    start = std::chrono::steady_clock::now();
    std::size_t count = 0;
    for (const auto& t : texts) {
        std::string normalized = kmsite::thai::normalize_for_search(t);
        kmsite::thai::for_each_word(normalized, [&](std::string_view, int, bool) { ++count; });
    }
    report("normalize_for_search + for_each_word", bytes, count, seconds_since(start));
}
