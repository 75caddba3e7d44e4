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
// A time zone ICU knows by this ID ("Asia/Bangkok", "UTC"); false for a typo
// ("Asia/Bankok"), which ICU would otherwise take silently as GMT.
bool is_time_zone(const std::string& id);

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

// ---- numbers -----------------------------------------------------------------

// An exact decimal with two places: satang for money, and the numbers of KPIs
// and durations. It is an integer count of hundredths, so sums are exact
// (0.1 + 0.2 is 0.3, 2^53 + 1 is 2^53 + 1), there is no NaN, infinity or -0,
// and addition reports overflow instead of rounding or wrapping.
class Decimal {
  public:
    constexpr Decimal() = default;
    static constexpr Decimal from_hundredths(std::int64_t h) {
        Decimal d;
        d.h_ = h;
        return d;
    }
    // Any 32-bit whole number fits (times 100) in 64 bits: no overflow possible.
    static constexpr Decimal from_whole(std::int32_t n) {
        return from_hundredths(static_cast<std::int64_t>(n) * 100);
    }
    constexpr std::int64_t hundredths() const { return h_; }
    constexpr bool negative() const { return h_ < 0; }
    // this + other, or nullopt when the sum leaves the 64-bit range.
    std::optional<Decimal> plus(Decimal other) const;
    // Machine form for CSV and JSON: "-1234.5"; no separators, no trailing zeros.
    std::string plain() const;
    friend constexpr auto operator<=>(Decimal, Decimal) = default;

  private:
    std::int64_t h_ = 0;
};

// Why a number was refused, in English and in Thai (for "English / Thai" messages).
struct NumberError {
    std::string en, th;
};

// A number as editors write it: Thai or Arabic digits, an optional leading
// minus, thousands separators in groups of three ("1,234,567"), at most two
// decimal places, spaces around it. Anything else (NaN, infinity, exponents,
// "1,2,3", "1.234", too large for 64 bits of hundredths) is nullopt, with the
// reason in `error`.
std::optional<Decimal> parse_decimal(std::string_view text, NumberError* error = nullptr);
// An amount of money: parse_decimal, also with a trailing "บาท".
std::optional<Decimal> parse_number(std::string_view text, NumberError* error = nullptr);
// Thai number formatting: "5,000,000", "๔๘,๕๐๐", "1,234.5". Exact, for every value.
std::string format_number(Decimal value, DigitStyle digits = DigitStyle::arabic);

// A duration written in a Thai work document: "๑ - ๕ วันทำการ", "3 ชั่วโมง",
// "15 วัน", "1 เดือน". Units are kept apart (a working day is not a calendar
// day), so totals are sums per unit. Each number is at most max_duration.
enum class TimeUnit { minute, hour, working_day, day, month };
struct Duration {
    Decimal min;
    Decimal max;
    TimeUnit unit = TimeUnit::day;
    bool operator==(const Duration&) const = default;
};
constexpr Decimal max_duration = Decimal::from_whole(10000);
std::optional<Duration> parse_duration(std::string_view text, NumberError* error = nullptr);
const char* unit_name(TimeUnit unit);  // Thai: "วันทำการ"

// Sum of durations, one range per unit present, largest unit first:
// "16–30 วันทำการ 6 ชั่วโมง".
struct DurationTotal {
    Decimal min[5];
    Decimal max[5];
    // False (and the total unchanged) when a sum would overflow.
    [[nodiscard]] bool add(const Duration& d);
    bool empty() const;
    std::string format(DigitStyle digits) const;
    bool operator==(const DurationTotal&) const = default;
};

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

// The same year in the other era, for a word of four ASCII digits that is a
// year a Thai government page plausibly states: Buddhist era 2475-2643 gives
// the Christian-era year ("2567" -> "2024"), 1932-2100 the Buddhist-era one.
// Nothing for other words. Search indexes both, so either era finds a page.
std::optional<std::string> other_era_year(std::string_view word);

// A word's spelling key (issue #15 item 4): what is left when the
// differences of Thai spelling variants are taken out, so that ซอฟท์แวร์ and
// ซอฟต์แวร์, แอพพลิเคชั่น and แอปพลิเคชัน, กราฟฟิก and กราฟิก share one.
// Tone marks, maitaikhu and thanthakhat go; consonants that sound alike
// become one (ต ท ถ ธ ฐ ฑ ฒ ฏ, บ ป พ ผ ภ, ซ ศ ษ ส, ...); short i, ue, u
// become long; a letter written twice in a row counts once. Applied to
// normalised words; search.js's spellingKey does the same with the same
// table (kSpelling, checked equal by a unit test).
std::string spelling_key(std::string_view normalized_word);
// U+0E00..U+0E7F each as what spelling_key makes of it ('_': dropped).
inline constexpr std::string_view kSpelling = "฀กคคคคคงจชชสชยดททททนดททททนพพพฟพฟพมยรฤลฦวสสสหลอหฯะัาำีีืืฺูู฻฼฽฾฿เแโใไๅๆ______ํ๎๏๐๑๒๓๔๕๖๗๘๙๚๛๜๝๞๟๠๡๢๣๤๥๦๧๨๩๪๫๬๭๮๯๰๱๲๳๴๵๶๷๸๹๺๻๼๽๾๿";

// English loanwords (issue #15 item 6): a Latin query finds the word as a
// page writes it in Thai script and the reverse (webinar / เว็บบินาร์, Power
// BI / พาวเวอร์บีไอ), through a curated table of the loanwords government
// text uses; transliteration rules would also join unrelated words. Each
// entry is a key (the Latin word, lower case, its words joined: "powerbi")
// and the spellings pages use, every one normalised (normalize_for_search)
// and without spaces. Search indexes the key at the place of any spelling,
// whole or cut into several words, so the key finds them all; search.js
// maps a query's words to keys with the same table (LOAN, checked equal by
// a unit test). Entries ';'-separated, spellings '|'-separated.
inline constexpr std::string_view kLoanwords =
    "webinar|เว็บบินาร์|เว็บินาร์;"
    "ransomware|แรนซัมแวร์|แรนซั่มแวร์;"
    "malware|มัลแวร์;"
    "phishing|ฟิชชิง|ฟิชชิ่ง;"
    "hacker|แฮกเกอร์|แฮ็กเกอร์|แฮคเกอร์;"
    "firewall|ไฟร์วอลล์|ไฟร์วอล;"
    "backup|แบ็กอัพ|แบ็กอัป|แบ็คอัพ|แบคอัพ|แบ็คอัป;"
    "cloud|คลาวด์;"
    "server|เซิร์ฟเวอร์|เซิฟเวอร์;"
    "vpn|วีพีเอ็น;"
    "wifi|ไวไฟ;"
    "ups|ยูพีเอส;"
    "cctv|ซีซีทีวี;"
    "gps|จีพีเอส;"
    "usb|ยูเอสบี;"
    "pdf|พีดีเอฟ;"
    "otp|โอทีพี;"
    "mfa|เอ็มเอฟเอ;"
    "it|ไอที;"
    "ai|เอไอ;"
    "qrcode|คิวอาร์โค้ด|คิวอาร์โค้ต;"
    "password|พาสเวิร์ด|พาสเวิร์ต;"
    "login|ล็อกอิน|ล็อคอิน;"
    "tablet|แท็บเล็ต|แทบเล็ต|แท็บเล็ท;"
    "notebook|โน้ตบุ๊ก|โน้ตบุ๊ค|โน๊ตบุ๊ค;"
    "smartphone|สมาร์ตโฟน|สมาร์ทโฟน;"
    "computer|คอมพิวเตอร์;"
    "printer|พรินเตอร์|ปริ้นเตอร์|พริ้นเตอร์;"
    "scanner|สแกนเนอร์;"
    "router|เราเตอร์;"
    "network|เน็ตเวิร์ก|เน็ตเวิร์ค;"
    "software|ซอฟต์แวร์|ซอฟท์แวร์;"
    "hardware|ฮาร์ดแวร์;"
    "application|แอปพลิเคชัน|แอพพลิเคชั่น|แอปพลิเคชั่น|แอพพลิเคชัน;"
    "app|แอป|แอพ;"
    "chatbot|แชตบอต|แชทบอท|แชทบอต|แชตบอท;"
    "dashboard|แดชบอร์ด;"
    "platform|แพลตฟอร์ม;"
    "database|ดาตาเบส|ดาต้าเบส;"
    "bigdata|บิ๊กดาต้า|บิ๊กดาตา;"
    "blockchain|บล็อกเชน;"
    "cyber|ไซเบอร์;"
    "digital|ดิจิทัล|ดิจิตอล;"
    "online|ออนไลน์;"
    "internet|อินเทอร์เน็ต|อินเตอร์เน็ต|อินเตอร์เน็ท;"
    "website|เว็บไซต์|เว็บไซท์;"
    "web|เว็บ;"
    "email|อีเมล|อีเมล์;"
    "link|ลิงก์|ลิงค์;"
    "file|ไฟล์;"
    "folder|โฟลเดอร์;"
    "download|ดาวน์โหลด;"
    "upload|อัปโหลด|อัพโหลด;"
    "update|อัปเดต|อัพเดท|อัพเดต;"
    "video|วิดีโอ|วีดีโอ;"
    "bluetooth|บลูทูธ;"
    "workshop|เวิร์กช็อป|เวิร์คช็อป;"
    "zoom|ซูม;"
    "line|ไลน์;"
    "facebook|เฟซบุ๊ก|เฟสบุ๊ค|เฟซบุ๊ค;"
    "youtube|ยูทูบ|ยูทูป;"
    "google|กูเกิล|กูเกิ้ล;"
    "microsoft|ไมโครซอฟต์|ไมโครซอฟท์;"
    "excel|เอ็กเซล|เอกซ์เซล;"
    "powerbi|พาวเวอร์บีไอ;"
    "canva|แคนวา;"
    "thaischoollunch|ไทยสคูลลันช์";
struct Loanword {
    std::string_view key;  // the entry's key when `joined` is one of its spellings, else empty
    bool longer = false;   // `joined` begins a longer spelling (or key): keep adding words
};
// `joined`: consecutive words of normalised text, joined without spaces.
Loanword loanword(std::string_view joined);

// Thai dictionary order (ก-ฮ, ICU collation): a key whose bytewise order is
// the collation order, so lists sort with plain string comparison.
std::string sort_key(std::string_view text);
// The letter a title is filed under in a ก-ฮ index: its first consonant (a
// leading vowel such as เ or โ is skipped, as dictionaries do), an upper-case
// Latin letter, "0-9" for digits, or "#".
std::string index_letter(std::string_view title);

}  // namespace kmsite::thai
