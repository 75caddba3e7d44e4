// Exact decimals: every number an editor writes (budgets, KPI values,
// durations) is read and printed here, as an integer count of hundredths. No
// floating point is involved, so there is no NaN, infinity, -0, rounding or
// undefined float-to-integer conversion anywhere between the page and the output.
#include <cstdint>
#include <limits>

#include "thai/thai.h"

namespace kmsite::thai {

namespace {

constexpr std::uint64_t max_hundredths = std::numeric_limits<std::int64_t>::max();

void fail(NumberError* error, std::string en, std::string th) {
    if (error) *error = NumberError{std::move(en), std::move(th)};
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string_view trim(std::string_view s) {
    for (;;) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
            s.remove_prefix(1);
        } else if (s.substr(0, 2) == "\xC2\xA0") {  // no-break space, as spreadsheets export
            s.remove_prefix(2);
        } else {
            break;
        }
    }
    for (;;) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
            s.remove_suffix(1);
        } else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") {
            s.remove_suffix(2);
        } else {
            break;
        }
    }
    return s;
}

// |value| digits -> hundredths, refusing what does not fit in int64.
bool append_digit(std::uint64_t& value, char digit) {
    return !__builtin_mul_overflow(value, 10u, &value) &&
           !__builtin_add_overflow(value, static_cast<unsigned>(digit - '0'), &value) &&
           value <= max_hundredths;
}

}  // namespace

std::optional<Decimal> Decimal::plus(Decimal other) const {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(h_, other.h_, &sum)) return std::nullopt;
    return from_hundredths(sum);
}

std::string Decimal::plain() const {
    // The magnitude as unsigned: -INT64_MIN does not fit in int64.
    std::uint64_t m = h_ < 0 ? 0 - static_cast<std::uint64_t>(h_) : static_cast<std::uint64_t>(h_);
    std::string out = h_ < 0 ? "-" : "";
    out += std::to_string(m / 100);
    unsigned cents = static_cast<unsigned>(m % 100);
    if (cents != 0) {
        out += '.';
        out += static_cast<char>('0' + cents / 10);
        if (cents % 10 != 0) out += static_cast<char>('0' + cents % 10);
    }
    return out;
}

std::optional<Decimal> parse_decimal(std::string_view text, NumberError* error) {
    std::string folded = fold_digits(text);
    std::string_view s = trim(folded);
    if (s.empty()) {
        fail(error, "is empty; write a number such as 48,500", "ไม่มีตัวเลข");
        return std::nullopt;
    }
    bool negative = false;
    if (s.front() == '-') {
        negative = true;
        s.remove_prefix(1);
    } else if (s.substr(0, 3) == "\xE2\x88\x92") {  // U+2212 minus sign
        negative = true;
        s.remove_prefix(3);
    }
    std::size_t i = 0;
    std::uint64_t value = 0;
    bool too_large = false;
    // Whole part: digits, with commas only between groups of three.
    std::size_t group = 0, groups = 0;
    bool commas = false, bad_grouping = false;
    for (; i < s.size() && (is_digit(s[i]) || s[i] == ','); ++i) {
        if (s[i] == ',') {
            // A comma needs 1-3 digits before it (first group) or exactly 3.
            if (group == 0 || group > 3 || (groups > 0 && group != 3)) bad_grouping = true;
            commas = true;
            ++groups;
            group = 0;
            continue;
        }
        ++group;
        too_large |= !append_digit(value, s[i]);
    }
    if (commas && group != 3) bad_grouping = true;
    if (i == 0 || (i == groups && groups > 0)) {
        fail(error, "is not a number; write amounts like 48,500 or ๔๘,๕๐๐.๕๐",
             "ไม่ใช่ตัวเลข เขียนเช่น 48,500 หรือ ๔๘,๕๐๐.๕๐");
        return std::nullopt;
    }
    // Fraction: at most two places, because amounts are exact to the satang.
    int places = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        for (; i < s.size() && is_digit(s[i]); ++i, ++places) {
            if (places < 2) too_large |= !append_digit(value, s[i]);
        }
        if (places == 0) i = 0;  // "5." is not a number
    }
    if (i != s.size() || i == 0) {
        fail(error, "is not a number; write amounts like 48,500 or ๔๘,๕๐๐.๕๐",
             "ไม่ใช่ตัวเลข เขียนเช่น 48,500 หรือ ๔๘,๕๐๐.๕๐");
        return std::nullopt;
    }
    if (bad_grouping) {
        fail(error, "has thousands separators in the wrong places; write 1,234,567",
             "ใส่เครื่องหมายจุลภาคคั่นหลักพันผิดตำแหน่ง เขียนเช่น 1,234,567");
        return std::nullopt;
    }
    if (places > 2) {
        fail(error, "has more than 2 decimal places; amounts are exact to the satang (0.01)",
             "มีทศนิยมเกิน 2 ตำแหน่ง");
        return std::nullopt;
    }
    for (int p = places; p < 2 && !too_large; ++p) too_large |= !append_digit(value, '0');
    if (too_large) {
        fail(error, "is too large; numbers are at most 92,233,720,368,547,758.07", "ตัวเลขมากเกินไป");
        return std::nullopt;
    }
    auto magnitude = static_cast<std::int64_t>(value);  // <= INT64_MAX, checked above
    return Decimal::from_hundredths(negative ? -magnitude : magnitude);
}

std::optional<Decimal> parse_number(std::string_view text, NumberError* error) {
    std::string_view s = trim(text);
    const std::string_view baht = "บาท";
    if (s.size() >= baht.size() && s.substr(s.size() - baht.size()) == baht) {
        s.remove_suffix(baht.size());
    }
    return parse_decimal(s, error);
}

std::string format_number(Decimal value, DigitStyle digits) {
    // As ICU's th_TH pattern with at most two fraction digits: "-1,234,567.5".
    std::string plain = value.plain();
    std::size_t sign = plain[0] == '-' ? 1 : 0;
    std::size_t point = plain.find('.');
    if (point == std::string::npos) point = plain.size();
    std::string out = plain.substr(0, sign);
    for (std::size_t i = sign; i < point; ++i) {
        if (i > sign && (point - i) % 3 == 0) out += ',';
        out += plain[i];
    }
    out += plain.substr(point);
    return digits == DigitStyle::thai ? to_thai_digits(out) : out;
}

}  // namespace kmsite::thai
