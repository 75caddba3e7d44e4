#include <unicode/numfmt.h>

#include <charconv>
#include <memory>

#include "thai/thai.h"

namespace kmsite::thai {

std::string format_number(double value, DigitStyle digits) {
    thread_local std::unique_ptr<icu::NumberFormat> formats[2];
    auto& f = formats[digits == DigitStyle::thai ? 1 : 0];
    if (!f) {
        UErrorCode status = U_ZERO_ERROR;
        f.reset(icu::NumberFormat::createInstance(
            icu::Locale(digits == DigitStyle::thai ? "th_TH@numbers=thai" : "th_TH"), status));
        f->setMaximumFractionDigits(2);
    }
    icu::UnicodeString out;
    f->format(value, out);
    std::string utf8;
    out.toUTF8String(utf8);
    return utf8;
}

std::optional<double> parse_number(std::string_view text) {
    std::string s;
    for (char c : fold_digits(text)) {
        if (c != ',' && c != ' ' && c != '\t') s += c;
    }
    const std::string baht = "บาท";
    if (s.size() >= baht.size() && s.compare(s.size() - baht.size(), baht.size(), baht) == 0) {
        s.resize(s.size() - baht.size());
    }
    if (s.empty()) return std::nullopt;
    double value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    return value;
}

}  // namespace kmsite::thai
