#include <array>

#include "thai/thai.h"

namespace kmsite::thai {

namespace {

struct UnitWord {
    const char* word;
    TimeUnit unit;
};
// Longest first: "วันทำการ" must win over "วัน".
// ("น." is left out on purpose: "08.30 น." is a time of day, not minutes.)
constexpr std::array<UnitWord, 6> unit_words = {{
    {"วันทำการ", TimeUnit::working_day},
    {"ชั่วโมง", TimeUnit::hour},
    {"ชม.", TimeUnit::hour},
    {"นาที", TimeUnit::minute},
    {"เดือน", TimeUnit::month},
    {"วัน", TimeUnit::day},
}};

std::string_view trim(std::string_view s) {
    auto is_space = [](char c) { return c == ' ' || c == '\t'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// One number of a duration: exact, not negative, not absurdly large.
std::optional<Decimal> number(std::string_view s, TimeUnit unit, NumberError* error) {
    s = trim(s);
    if (s.empty()) {
        if (error) *error = {"has a range without its start or end", "ช่วงเวลาขาดตัวเลขต้นหรือท้าย"};
        return std::nullopt;
    }
    NumberError why;
    auto value = parse_decimal(s, &why);
    if (!value) {
        if (error) *error = {"has '" + std::string(s) + "', which " + why.en, why.th};
        return std::nullopt;
    }
    if (value->negative()) {
        if (error) *error = {"cannot be negative", "ระยะเวลาติดลบไม่ได้"};
        return std::nullopt;
    }
    if (*value > max_duration) {
        if (error) {
            *error = {"is longer than " + format_number(max_duration) + " " + unit_name(unit) +
                          "; check the number",
                      "ระยะเวลานานเกินไป ตรวจสอบตัวเลข"};
        }
        return std::nullopt;
    }
    return value;
}

}  // namespace

const char* unit_name(TimeUnit unit) {
    switch (unit) {
        case TimeUnit::minute:
            return "นาที";
        case TimeUnit::hour:
            return "ชั่วโมง";
        case TimeUnit::working_day:
            return "วันทำการ";
        case TimeUnit::day:
            return "วัน";
        case TimeUnit::month:
            return "เดือน";
    }
    return "";
}

std::optional<Duration> parse_duration(std::string_view text, NumberError* error) {
    std::string folded = fold_digits(text);
    std::string_view s = trim(folded);
    for (const auto& u : unit_words) {
        std::string_view word = u.word;
        if (s.size() < word.size() || s.substr(s.size() - word.size()) != word) continue;
        std::string_view numbers = trim(s.substr(0, s.size() - word.size()));
        // A range is written with '-', an en dash or the word "ถึง".
        std::size_t cut = std::string_view::npos, cut_len = 0;
        for (std::string_view sep :
             {std::string_view("ถึง"), std::string_view("–"), std::string_view("-")}) {
            if (auto at = numbers.find(sep); at != std::string_view::npos) {
                cut = at;
                cut_len = sep.size();
                break;
            }
        }
        auto lo =
            number(cut == std::string_view::npos ? numbers : numbers.substr(0, cut), u.unit, error);
        if (!lo) return std::nullopt;
        auto hi = cut == std::string_view::npos
                      ? lo
                      : number(numbers.substr(cut + cut_len), u.unit, error);
        if (!hi) return std::nullopt;
        if (*hi < *lo) {
            if (error) *error = {"ends before it starts", "ช่วงเวลาสิ้นสุดก่อนเริ่มต้น"};
            return std::nullopt;
        }
        return Duration{*lo, *hi, u.unit};
    }
    if (error) {
        *error = {
            "is not understood; write e.g. '๓ วันทำการ', '1 - 5 วัน', '2 ชั่วโมง', "
            "'30 นาที' or '1 เดือน'",
            "ไม่เข้าใจระยะเวลานี้ เขียนเช่น ๓ วันทำการ"};
    }
    return std::nullopt;
}

bool DurationTotal::add(const Duration& d) {
    auto i = static_cast<std::size_t>(d.unit);
    auto lo = min[i].plus(d.min), hi = max[i].plus(d.max);
    if (!lo || !hi) return false;
    min[i] = *lo;
    max[i] = *hi;
    return true;
}

bool DurationTotal::empty() const {
    for (Decimal m : max)
        if (m > Decimal()) return false;
    return true;
}

std::string DurationTotal::format(DigitStyle digits) const {
    std::string out;
    for (int i = 4; i >= 0; --i) {
        if (max[i] <= Decimal()) continue;
        if (!out.empty()) out += ' ';
        out += min[i].plain();
        if (max[i] != min[i]) out += "–" + max[i].plain();
        out += ' ';
        out += unit_name(static_cast<TimeUnit>(i));
    }
    return digits == DigitStyle::thai ? to_thai_digits(out) : out;
}

}  // namespace kmsite::thai
