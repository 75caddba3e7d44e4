#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <array>
#include <charconv>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "thai/thai.h"

namespace kmsite::thai {

std::optional<std::string> other_era_year(std::string_view word) {
    if (word.size() != 4) return std::nullopt;
    int year = 0;
    for (char c : word) {
        if (c < '0' || c > '9') return std::nullopt;
        year = year * 10 + (c - '0');
    }
    constexpr int first = 1932, last = 2100;  // the constitutional era to the end of the century
    if (year >= buddhist_year(first) && year <= buddhist_year(last))
        return std::to_string(year - buddhist_year(0));
    if (year >= first && year <= last) return std::to_string(buddhist_year(year));
    return std::nullopt;
}

namespace {

std::string to_utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

// ICU formatters are costly to create and not safe to share between threads,
// so each thread keeps its own, keyed by locale, pattern and zone.
icu::SimpleDateFormat& formatter(const char* locale, const char* pattern,
                                 const std::string& time_zone) {
    thread_local std::map<std::string, std::unique_ptr<icu::SimpleDateFormat>> cache;
    std::string key = std::string(locale) + '|' + pattern + '|' + time_zone;
    auto& slot = cache[key];
    if (!slot) {
        UErrorCode status = U_ZERO_ERROR;
        slot = std::make_unique<icu::SimpleDateFormat>(icu::UnicodeString::fromUTF8(pattern),
                                                       icu::Locale(locale), status);
        slot->adoptTimeZone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)));
    }
    return *slot;
}

// A site has far fewer distinct dates than pages, and each page's date is shown
// on every list it appears in, so formatted results are remembered per thread.
std::string format(std::int64_t seconds, const char* locale, const char* pattern,
                   const std::string& tz) {
    thread_local std::unordered_map<std::string, std::string> cache;
    std::string key = std::to_string(seconds) + '|' + locale + '|' + pattern + '|' + tz;
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    icu::UnicodeString out;
    formatter(locale, pattern, tz).format(static_cast<UDate>(seconds) * 1000.0, out);
    if (cache.size() > 100000) cache.clear();  // bound memory on huge histories
    return cache.emplace(std::move(key), to_utf8(out)).first->second;
}

// Calendars are costly to create (time zone data is loaded each time); each
// thread keeps one per zone and resets it before use.
icu::Calendar& calendar(const std::string& time_zone) {
    thread_local std::map<std::string, std::unique_ptr<icu::Calendar>> cache;
    auto& slot = cache[time_zone];
    if (!slot) {
        UErrorCode status = U_ZERO_ERROR;
        slot.reset(new icu::GregorianCalendar(
            icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)), status));
    }
    slot->clear();
    slot->setLenient(true);
    return *slot;
}

}  // namespace

bool is_time_zone(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    std::unique_ptr<icu::TimeZone> zone(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(id)));
    icu::UnicodeString got;
    return zone && zone->getID(got) != icu::UnicodeString(UCAL_UNKNOWN_ZONE_ID);
}

CivilDate civil_date(std::int64_t seconds, const std::string& time_zone) {
    UErrorCode status = U_ZERO_ERROR;
    auto& cal = calendar(time_zone);
    cal.setTime(static_cast<UDate>(seconds) * 1000.0, status);
    return {cal.get(UCAL_YEAR, status), cal.get(UCAL_MONTH, status) + 1,
            cal.get(UCAL_DATE, status)};
}

int fiscal_year(const CivilDate& d) {
    return buddhist_year(d.month >= 10 ? d.year + 1 : d.year);
}

std::string format_date_thai(std::int64_t seconds, const std::string& tz, DigitStyle digits) {
    const char* locale = digits == DigitStyle::thai ? "th_TH@calendar=buddhist;numbers=thai"
                                                    : "th_TH@calendar=buddhist";
    return format(seconds, locale, "d MMMM y", tz);
}

std::string format_date_english(std::int64_t seconds, const std::string& tz) {
    return format(seconds, "en_GB", "d MMMM y", tz);
}

std::string iso_datetime(std::int64_t seconds, const std::string& tz) {
    return format(seconds, "en_US_POSIX", "yyyy-MM-dd'T'HH:mm:ssxxx", tz);
}

std::string iso_date(std::int64_t seconds, const std::string& tz) {
    return format(seconds, "en_US_POSIX", "yyyy-MM-dd", tz);
}

std::string rfc822_datetime(std::int64_t seconds, const std::string& tz) {
    return format(seconds, "en_US_POSIX", "EEE, dd MMM yyyy HH:mm:ss xx", tz);
}

namespace {

struct MonthName {
    const char* full;
    const char* abbr;
};
constexpr std::array<MonthName, 12> thai_months = {{
    {"มกราคม", "ม.ค."},
    {"กุมภาพันธ์", "ก.พ."},
    {"มีนาคม", "มี.ค."},
    {"เมษายน", "เม.ย."},
    {"พฤษภาคม", "พ.ค."},
    {"มิถุนายน", "มิ.ย."},
    {"กรกฎาคม", "ก.ค."},
    {"สิงหาคม", "ส.ค."},
    {"กันยายน", "ก.ย."},
    {"ตุลาคม", "ต.ค."},
    {"พฤศจิกายน", "พ.ย."},
    {"ธันวาคม", "ธ.ค."},
}};

int thai_month(std::string_view word) {
    for (std::size_t i = 0; i < thai_months.size(); ++i) {
        std::string_view abbr = thai_months[i].abbr;
        if (word == thai_months[i].full || word == abbr ||
            word == abbr.substr(0, abbr.size() - 1)) {  // written without the final dot
            return static_cast<int>(i) + 1;
        }
    }
    return 0;
}

bool read_int(std::string_view s, int& out) {
    if (s.empty()) return false;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
}

std::vector<std::string_view> split_spaces(std::string_view s) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ') ++j;
        if (j > i) words.push_back(s.substr(i, j - i));
        i = j;
    }
    return words;
}

std::optional<std::int64_t> to_instant(int y, int mo, int d, int h, int mi, int s,
                                       std::optional<int> offset_minutes, const std::string& tz) {
    if (y > 2400) y -= 543;  // Buddhist era
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
    UErrorCode status = U_ZERO_ERROR;
    auto& cal = calendar(offset_minutes ? "UTC" : tz);
    cal.setLenient(false);
    cal.set(y, mo - 1, d, h, mi, s);
    UDate ms = cal.getTime(status);
    if (U_FAILURE(status)) return std::nullopt;  // e.g. 31 February
    auto seconds = static_cast<std::int64_t>(ms / 1000.0);
    if (offset_minutes) seconds -= *offset_minutes * 60;
    return seconds;
}

std::optional<std::int64_t> parse_iso(std::string_view s, const std::string& tz) {
    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    if (!read_int(s.substr(0, 4), y) || !read_int(s.substr(5, 2), mo) ||
        !read_int(s.substr(8, 2), d)) {
        return std::nullopt;
    }
    std::optional<int> offset;
    if (s.size() > 10) {
        if ((s[10] != 'T' && s[10] != ' ') || s.size() < 16 || s[13] != ':') return std::nullopt;
        if (!read_int(s.substr(11, 2), h) || !read_int(s.substr(14, 2), mi)) return std::nullopt;
        std::string_view rest = s.substr(16);
        if (rest.size() >= 3 && rest[0] == ':') {
            if (!read_int(rest.substr(1, 2), sec)) return std::nullopt;
            rest = rest.substr(3);
        }
        if (rest == "Z") {
            offset = 0;
        } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
            int oh, om;
            if (!read_int(rest.substr(1, 2), oh) || !read_int(rest.substr(4, 2), om)) {
                return std::nullopt;
            }
            offset = (rest[0] == '-' ? -1 : 1) * (oh * 60 + om);
        } else if (!rest.empty()) {
            return std::nullopt;
        }
    }
    return to_instant(y, mo, d, h, mi, sec, offset, tz);
}

}  // namespace

std::optional<std::int64_t> parse_date(std::string_view text, const std::string& tz) {
    std::string folded = fold_digits(text);
    std::string_view s = folded;
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (auto iso = parse_iso(s, tz)) return iso;
    auto words = split_spaces(s);
    if (words.size() == 3) {
        int d, y, m = thai_month(words[1]);
        if (m != 0 && read_int(words[0], d) && read_int(words[2], y)) {
            return to_instant(y, m, d, 0, 0, 0, std::nullopt, tz);
        }
    }
    return std::nullopt;
}

}  // namespace kmsite::thai
