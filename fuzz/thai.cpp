// Thai text functions: dates, durations, numbers, digits, slugs, search
// normalisation and word segmentation, sort keys.
#include "thai/thai.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/core.h"

using namespace kmsite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (find_invalid_utf8(text)) return -1;
    thai::parse_date(text, "Asia/Bangkok");
    thai::parse_duration(text);
    thai::parse_number(text);
    thai::fold_digits(text);
    thai::to_thai_digits(text);
    thai::slugify(text);
    thai::segment_words(thai::normalize_for_search(text));
    thai::query_words(thai::normalize_for_search(text));
    thai::sort_key(text);
    thai::index_letter(text);
    return 0;
}
