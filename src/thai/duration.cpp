#include <array>
#include <charconv>
#include <cmath>

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

std::optional<double> number(std::string_view s) {
    s = trim(s);
    double value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || value < 0) {
        return std::nullopt;
    }
    return value;
}

std::string show(double v) {
    if (std::floor(v) == v) return std::to_string(static_cast<long long>(v));
    std::string s = std::to_string(v);
    while (s.back() == '0') s.pop_back();
    return s;
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

std::optional<Duration> parse_duration(std::string_view text) {
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
        auto lo = number(cut == std::string_view::npos ? numbers : numbers.substr(0, cut));
        auto hi = cut == std::string_view::npos ? lo : number(numbers.substr(cut + cut_len));
        if (!lo || !hi || *hi < *lo) return std::nullopt;
        return Duration{*lo, *hi, u.unit};
    }
    return std::nullopt;
}

void DurationTotal::add(const Duration& d) {
    auto i = static_cast<std::size_t>(d.unit);
    min[i] += d.min;
    max[i] += d.max;
}

bool DurationTotal::empty() const {
    for (double m : max)
        if (m > 0) return false;
    return true;
}

std::string DurationTotal::format(DigitStyle digits) const {
    std::string out;
    for (int i = 4; i >= 0; --i) {
        if (max[i] <= 0) continue;
        if (!out.empty()) out += ' ';
        out += show(min[i]);
        if (max[i] != min[i]) out += "–" + show(max[i]);
        out += ' ';
        out += unit_name(static_cast<TimeUnit>(i));
    }
    return digits == DigitStyle::thai ? to_thai_digits(out) : out;
}

}  // namespace kmsite::thai
