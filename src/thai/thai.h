// thai: Thai-language facts the rest of the pipeline needs, built on ICU:
// digit folding, Buddhist-era dates and fiscal years, date parsing, slugs.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kmsite::thai {

enum class DigitStyle { arabic, thai };

// ๐-๙ -> 0-9; everything else unchanged.
std::string fold_digits(std::string_view text);
// 0-9 -> ๐-๙; everything else unchanged.
std::string to_thai_digits(std::string_view text);

// Civil date of an instant in a time zone (dates on a Thai portal are Bangkok dates).
struct CivilDate {
    int year = 0;  // Gregorian
    int month = 0;
    int day = 0;
};
CivilDate civil_date(std::int64_t unix_seconds, const std::string& time_zone);

constexpr int buddhist_year(int gregorian_year) {
    return gregorian_year + 543;
}
// Thai government fiscal year (Buddhist era): FY 2567 runs 1 Oct 2566 - 30 Sep 2567.
int fiscal_year(const CivilDate& date);

// "21 พฤศจิกายน 2569", formatted by ICU's Buddhist calendar.
std::string format_date_thai(std::int64_t unix_seconds, const std::string& time_zone,
                             DigitStyle digits = DigitStyle::arabic);
// "21 November 2026".
std::string format_date_english(std::int64_t unix_seconds, const std::string& time_zone);
// "2026-11-21T10:00:00+07:00" for <time datetime> and feeds.
std::string iso_datetime(std::int64_t unix_seconds, const std::string& time_zone);
// "2026-11-21" for sitemaps.
std::string iso_date(std::int64_t unix_seconds, const std::string& time_zone);
// RFC 822 date for RSS 2.0 ("Sat, 21 Nov 2026 10:00:00 +0700").
std::string rfc822_datetime(std::int64_t unix_seconds, const std::string& time_zone);

// Parses a date written by an editor: ISO ("2024-05-01", "2024-05-01T09:30:00+07:00"),
// or Thai ("1 ต.ค. 2566", "๑ ตุลาคม ๒๕๖๖"). Years above 2400 are Buddhist era.
// A date without a time is midnight in `time_zone`.
std::optional<std::int64_t> parse_date(std::string_view text, const std::string& time_zone);

// URL- and id-friendly form of a title or heading. Thai letters, vowels and tone
// marks are kept (HTML ids and IRIs allow them), Latin is lower-cased, Thai digits
// become Arabic, everything else becomes single hyphens:
// "๑. ขั้นตอน Backup!" -> "1-ขั้นตอน-backup".
std::string slugify(std::string_view text);

// A duration written in a Thai work document: "๑ - ๕ วันทำการ", "3 ชั่วโมง",
// "15 วัน", "1 เดือน". Units are kept apart (a working day is not a calendar
// day), so totals are sums per unit.
enum class TimeUnit { minute, hour, working_day, day, month };
struct Duration {
    double min = 0;
    double max = 0;
    TimeUnit unit = TimeUnit::day;
};
std::optional<Duration> parse_duration(std::string_view text);
const char* unit_name(TimeUnit unit);  // Thai: "วันทำการ"

// Sum of durations, one range per unit present, largest unit first:
// "16–30 วันทำการ 6 ชั่วโมง".
struct DurationTotal {
    double min[5] = {0, 0, 0, 0, 0};
    double max[5] = {0, 0, 0, 0, 0};
    void add(const Duration& d);
    bool empty() const;
    std::string format(DigitStyle digits) const;
};

// Thai number formatting by ICU: "5,000,000", "๔๘,๕๐๐", "1,234.5".
std::string format_number(double value, DigitStyle digits = DigitStyle::arabic);
// Reads a number as editors write it: Thai or Arabic digits, thousands
// separators, spaces, an optional trailing "บาท". Empty text is nullopt.
std::optional<double> parse_number(std::string_view text);

// ---- search text -----------------------------------------------------------

// What search compares: NFC, Thai digits folded to Arabic, Latin lower-cased,
// zero-width characters removed. The browser applies the same steps to queries.
std::string normalize_for_search(std::string_view text);

// Words of normalized text, found by ICU's dictionary-based word breaker (Thai
// has no spaces), each with its position. A dotted abbreviation ("ศธจ.",
// "ผอ.สพท.") also yields its dotless joined form ("ผอสพท") at the position of
// its first part, so it is found with or without the dots.
struct Word {
    std::string text;
    int position = 0;
    bool part = false;  // one part of a dotted abbreviation (also indexed whole)
};
std::vector<Word> segment_words(std::string_view normalized);
// The same words without copies, for the indexer: emit(word, position, part);
// `word` is only valid during the call.
void for_each_word(std::string_view normalized,
                   const std::function<void(std::string_view word, int position, bool part)>& emit);
// The words a query looks up: as segment_words, but a dotted abbreviation only
// in its dotless form. The browser's search script computes the same list.
std::vector<std::string> query_words(std::string_view normalized);

// Thai dictionary order (ก-ฮ, ICU collation): a key whose bytewise order is
// the collation order, so lists sort with plain string comparison.
std::string sort_key(std::string_view text);
// The letter a title is filed under in a ก-ฮ index: its first consonant (a
// leading vowel such as เ or โ is skipped, as dictionaries do), an upper-case
// Latin letter, "0-9" for digits, or "#".
std::string index_letter(std::string_view title);

}  // namespace kmsite::thai
