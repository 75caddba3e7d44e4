#include "thai/thai.h"

#include <doctest/doctest.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <filesystem>
#include <memory>
#include <set>

#include "core/core.h"

using namespace kmsite::thai;

const std::string bkk = "Asia/Bangkok";

TEST_CASE("digits fold both ways") {
    CHECK(fold_digits("ปี ๒๕๖๗ ข้อ 3") == "ปี 2567 ข้อ 3");
    CHECK(to_thai_digits("2567") == "๒๕๖๗");
    CHECK(fold_digits(to_thai_digits("0123456789")) == "0123456789");
}

TEST_CASE("Buddhist-era dates are formatted by ICU in Bangkok time") {
    // 2026-11-21T03:00:00Z is 10:00 in Bangkok.
    std::int64_t t = 1795230000;
    CHECK(format_date_thai(t, bkk) == "21 พฤศจิกายน 2569");
    CHECK(format_date_thai(t, bkk, DigitStyle::thai) == "๒๑ พฤศจิกายน ๒๕๖๙");
    CHECK(format_date_english(t, bkk) == "21 November 2026");
    CHECK(iso_datetime(t, bkk) == "2026-11-21T10:00:00+07:00");
    CHECK(iso_date(t, bkk) == "2026-11-21");
    CHECK(rfc822_datetime(t, bkk) == "Sat, 21 Nov 2026 10:00:00 +0700");
    // 20:00 UTC on 30 Sep is already 1 Oct in Bangkok: a new fiscal year.
    auto d = civil_date(1727726400, bkk);  // 2024-09-30T20:00:00Z
    CHECK(d.month == 10);
    CHECK(d.day == 1);
}

TEST_CASE("fiscal year runs 1 October to 30 September") {
    CHECK(fiscal_year({2023, 10, 1}) == 2567);
    CHECK(fiscal_year({2024, 9, 30}) == 2567);
    CHECK(fiscal_year({2024, 10, 1}) == 2568);
}

TEST_CASE("dates parse from ISO and Thai, with either digits") {
    auto iso = parse_date("2023-10-01", bkk);
    REQUIRE(iso);
    CHECK(iso_datetime(*iso, bkk) == "2023-10-01T00:00:00+07:00");
    CHECK(parse_date("1 ต.ค. 2566", bkk) == iso);
    CHECK(parse_date("๑ ตุลาคม ๒๕๖๖", bkk) == iso);
    CHECK(parse_date("1 ต.ค 2566", bkk) == iso);
    CHECK(parse_date("2566-10-01", bkk) == iso);  // Buddhist-era ISO
    auto with_time = parse_date("2024-05-01T09:30:00+07:00", bkk);
    REQUIRE(with_time);
    CHECK(iso_datetime(*with_time, bkk) == "2024-05-01T09:30:00+07:00");
    CHECK(parse_date("2024-05-01T02:30:00Z", bkk) == with_time);
    CHECK_FALSE(parse_date("31 ก.พ. 2567", bkk));
    CHECK_FALSE(parse_date("2024-13-01", bkk));
    CHECK_FALSE(parse_date("เมื่อวาน", bkk));
}

TEST_CASE("slugs keep Thai, fold digits, lower-case Latin") {
    CHECK(slugify("๑. ขั้นตอน Backup!") == "1-ขั้นตอน-backup");
    CHECK(slugify("  การสำรองข้อมูล (Backup)  ") == "การสำรองข้อมูล-backup");
    CHECK(slugify("ไม้ยมก ๆ และ ฯลฯ") == "ไม้ยมก-ๆ-และ-ฯลฯ");
    CHECK(slugify("...") == "");
}

TEST_CASE("Thai collation orders ก before ข before ฮ, regardless of leading vowels") {
    CHECK(sort_key("กา") < sort_key("ขา"));
    CHECK(sort_key("ขา") < sort_key("ฮา"));
    CHECK(sort_key("เก") < sort_key("ขา"));  // เ is a leading vowel: sorts under ก
}

TEST_CASE("durations parse with Thai or Arabic digits, ranges and units") {
    auto d = parse_duration("๑ - ๕ วันทำการ");
    REQUIRE(d);
    CHECK(d->min == Decimal::from_whole(1));
    CHECK(d->max == Decimal::from_whole(5));
    CHECK(d->unit == TimeUnit::working_day);
    CHECK(parse_duration("3 ชั่วโมง")->unit == TimeUnit::hour);
    CHECK(parse_duration("15 วัน")->unit == TimeUnit::day);
    CHECK(parse_duration("1 เดือน")->unit == TimeUnit::month);
    CHECK(parse_duration("30 นาที")->unit == TimeUnit::minute);
    CHECK(parse_duration("2–3 วัน")->max == Decimal::from_whole(3));
    CHECK(parse_duration("1 ถึง 2 ชั่วโมง")->min == Decimal::from_whole(1));
    CHECK(parse_duration("0.5 วัน")->max == Decimal::from_hundredths(50));
    CHECK_FALSE(parse_duration("เร็วที่สุด"));
    CHECK_FALSE(parse_duration("5 - 1 วัน"));
    CHECK_FALSE(parse_duration("3 สัปดาห์"));
}

TEST_CASE("duration totals are summed per unit, largest unit first") {
    DurationTotal total;
    CHECK(total.empty());
    CHECK(total.add(*parse_duration("๑ - ๕ วันทำการ")));
    CHECK(total.add(*parse_duration("3 วันทำการ")));
    CHECK(total.add(*parse_duration("3 ชั่วโมง")));
    CHECK(total.add(*parse_duration("1 เดือน")));
    CHECK(total.format(DigitStyle::arabic) == "1 เดือน 4–8 วันทำการ 3 ชั่วโมง");
    CHECK(total.format(DigitStyle::thai) == "๑ เดือน ๔–๘ วันทำการ ๓ ชั่วโมง");
    // Halves add up exactly and print without float noise.
    CHECK(total.add(*parse_duration("0.1 ชั่วโมง")));
    CHECK(total.add(*parse_duration("0.2 ชั่วโมง")));
    CHECK(total.format(DigitStyle::arabic) == "1 เดือน 4–8 วันทำการ 3.3 ชั่วโมง");
}

TEST_CASE("durations: NaN, infinity, negative and absurd values are refused with a reason") {
    auto refused = [](const char* text) {
        NumberError why;
        auto d = parse_duration(text, &why);
        CHECK_MESSAGE(!d, text);
        return why.en;
    };
    CHECK(refused("nan วัน").find("is not a number") != std::string::npos);
    CHECK(refused("inf วัน").find("is not a number") != std::string::npos);
    CHECK(refused("1e400 วัน").find("is not a number") != std::string::npos);
    CHECK(refused("-3 วัน") == "has a range without its start or end");
    CHECK(refused("−3 วัน") == "cannot be negative");  // U+2212 minus
    CHECK(refused("9223372036854775807 วัน").find("too large") != std::string::npos);
    CHECK(refused("10001 วัน") == "is longer than 10,000 วัน; check the number");
    CHECK(refused("1 - 99999999 นาที") == "is longer than 10,000 นาที; check the number");
    CHECK(refused("5 - 1 วัน") == "ends before it starts");
    CHECK(refused("0.125 วัน").find("more than 2 decimal places") != std::string::npos);
    CHECK(refused("3 สัปดาห์").find("is not understood") != std::string::npos);
    CHECK(parse_duration("10,000 นาที")->max == max_duration);
    CHECK(parse_duration("-0 วัน") == std::nullopt);  // "-" is the range mark
    CHECK(parse_duration("0 วัน")->max == Decimal());
    // A total cannot overflow silently.
    DurationTotal total;
    total.max[0] = Decimal::from_hundredths(INT64_MAX);
    CHECK_FALSE(total.add(*parse_duration("1 นาที")));
    CHECK(total.max[0] == Decimal::from_hundredths(INT64_MAX));
}

TEST_CASE("index letters: first consonant, leading vowels skipped, Latin upper-cased") {
    CHECK(index_letter("เครื่องมือ") == "ค");
    CHECK(index_letter("ไฟร์วอลล์") == "ฟ");
    CHECK(index_letter("การเรียนรู้") == "ก");
    CHECK(index_letter("\"โครงการ\"") == "ค");
    CHECK(index_letter("pmss") == "P");
    CHECK(index_letter("๒๕๖๗") == "0-9");
    CHECK(index_letter("—") == "#");
}

TEST_CASE("numbers format exactly with separators in either digit style") {
    CHECK(format_number(Decimal::from_whole(39427500)) == "39,427,500");
    CHECK(format_number(Decimal::from_whole(48500), DigitStyle::thai) == "๔๘,๕๐๐");
    CHECK(format_number(Decimal::from_hundredths(50)) == "0.5");
    CHECK(format_number(Decimal::from_hundredths(123456705)) == "1,234,567.05");
    CHECK(format_number(Decimal::from_whole(-500)) == "-500");
    CHECK(format_number(Decimal::from_whole(100)) == "100");
    CHECK(format_number(Decimal::from_whole(1000)) == "1,000");
    CHECK(format_number(Decimal()) == "0");
    // Past 2^53 (where a double loses whole baht) every digit is still there.
    CHECK(format_number(Decimal::from_hundredths(900719925474099300)) == "9,007,199,254,740,993");
    CHECK(format_number(Decimal::from_hundredths(INT64_MIN)) == "-92,233,720,368,547,758.08");
    CHECK(Decimal::from_hundredths(INT64_MAX).plain() == "92233720368547758.07");
    CHECK(Decimal::from_hundredths(-5).plain() == "-0.05");
    CHECK(Decimal::from_hundredths(1230).plain() == "12.3");
}

TEST_CASE("numbers parse exactly: Thai or Arabic digits, separators, at most 2 places") {
    auto d = [](std::int64_t hundredths) { return Decimal::from_hundredths(hundredths); };
    CHECK(parse_number("๔๘,๕๐๐") == d(4850000));
    CHECK(parse_number("1,000 บาท") == d(100000));
    CHECK(parse_number("1,000บาท") == d(100000));
    CHECK(parse_number(" 1,234,567.89 ") == d(123456789));
    CHECK(parse_number("๑,๒๓๔.๕") == d(123450));
    CHECK(parse_number("0.05") == d(5));
    CHECK(parse_number("007") == d(700));
    CHECK(parse_number("-500") == d(-50000));
    CHECK(parse_number("-0") == Decimal());  // no negative zero
    CHECK(format_number(*parse_number("-0")) == "0");
    CHECK(parse_number("9007199254740993") == d(900719925474099300));  // 2^53 + 1, exact
    CHECK(parse_number("92,233,720,368,547,758.07") == d(INT64_MAX));
    // 0.1 + 0.2 is exactly 0.3, as an editor's typed total says.
    CHECK(parse_number("0.1")->plus(*parse_number("0.2")) == parse_number("0.30"));
    CHECK(Decimal::from_hundredths(INT64_MAX).plus(d(1)) == std::nullopt);
    CHECK(Decimal::from_hundredths(INT64_MIN).plus(d(-1)) == std::nullopt);

    auto refused = [](const char* text) {
        NumberError why;
        auto v = parse_number(text, &why);
        CHECK_MESSAGE(!v, text);
        CHECK_FALSE(why.th.empty());
        return why.en.substr(0, why.en.find(';'));
    };
    for (const char* text : {"nan",   "NaN", ".nan", "inf",    "-inf",  "infinity", ".inf",
                             "1e400", "1e5", "0x10", "หนึ่งพัน",  "1 000", "5.",       ".5",
                             "1.2.3", "+5",  "--5",  "1,000.", "50%",   "1_000",    ","}) {
        CHECK_MESSAGE(refused(text) == "is not a number", text);
    }
    CHECK(refused("") == "is empty");
    CHECK(refused("บาท") == "is empty");
    CHECK(refused("1,2,3") == "has thousands separators in the wrong places");
    CHECK(refused("1234,567") == "has thousands separators in the wrong places");
    CHECK(refused("12,34") == "has thousands separators in the wrong places");
    CHECK(refused(",123") == "has thousands separators in the wrong places");
    CHECK(refused("1.234") == "has more than 2 decimal places");
    CHECK(refused("0.001") == "has more than 2 decimal places");
    CHECK(refused("92233720368547758.08") == "is too large");
    CHECK(refused(("1" + std::string(400, '0')).c_str()) == "is too large");
    CHECK(refused("-92233720368547758.08") == "is too large");
}

// Issue #15 item 1: what Thai keyboards and old documents type, in the one
// form pages store (search.js does the same; tests/browser/search.test.mjs).
// Issue #15 item 4: variant spellings share a key; other words do not.
TEST_CASE("spelling keys: Thai variant spellings meet, other words stay apart") {
    const std::pair<const char*, const char*> same[] = {
        {"ซอฟต์แวร์", "ซอฟท์แวร์"}, {"แอปพลิเคชัน", "แอพพลิเคชั่น"}, {"กราฟิก", "กราฟฟิก"},
        {"อีเมล", "อีเมล์"},       {"อินเทอร์เน็ต", "อินเตอร์เน็ต"}, {"เว็บไซต์", "เว็บไซท์"},
        {"address", "adress"},
    };
    for (auto [a, b] : same) {
        CAPTURE(a);
        CHECK(spelling_key(a) == spelling_key(b));
    }
    const std::pair<const char*, const char*> apart[] = {
        {"ความรู้", "ความเร็ว"}, {"แผน", "แผล"}, {"เรียน", "เขียน"}, {"1000", "10"}, {"ไก่", "ไข่"}};
    for (auto [a, b] : apart) {
        CAPTURE(a);
        CHECK(spelling_key(a) != spelling_key(b));
    }
    CHECK(spelling_key("1000") == "1000");  // digits are not letters said twice
    CHECK(spelling_key("abc") == "abc");
}

// The string search.js assigns to `var NAME = '...'`, or "" when it has none.
static std::string search_js_table(const std::string& name) {
    auto js =
        kmsite::read_file(std::string(KMSITE_SOURCE_DIR) + "/themes/default/static/js/search.js");
    REQUIRE(js);
    std::string start = "var " + name + " = '";
    auto at = js->find(start);
    if (at == std::string::npos) return "";
    at += start.size();
    return js->substr(at, js->find('\'', at) - at);
}

// The browser computes the same keys (spellings, loanwords): search.js
// carries the same tables.
TEST_CASE("search.js's spelling and loanword tables are thai::kSpelling and kLoanwords") {
    CHECK(search_js_table("SPELL") == kSpelling);
    CHECK(search_js_table("LOAN") == kLoanwords);
}

TEST_CASE("loanwords: every spelling normalised, keys Latin, each spelling in one entry") {
    std::set<std::string> seen;
    std::string_view rest = kLoanwords;
    std::size_t entries = 0;
    while (!rest.empty()) {
        std::size_t end = rest.find(';');
        std::string_view entry = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        ++entries;
        std::string_view key = entry.substr(0, entry.find('|'));
        REQUIRE(!key.empty());
        for (char c : key) CHECK_MESSAGE(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')), key);
        while (!entry.empty()) {
            std::size_t bar = entry.find('|');
            std::string form(entry.substr(0, bar));
            entry = bar == std::string_view::npos ? std::string_view() : entry.substr(bar + 1);
            CHECK_MESSAGE(normalize_for_search(form) == form, form);
            CHECK_MESSAGE(form.find(' ') == std::string::npos, form);
            CHECK_MESSAGE(seen.insert(form).second, form);
            CHECK(loanword(form).key == key);
        }
    }
    CHECK(entries >= 60);
    CHECK(loanword("แบ็กอัพ").key == "backup");
    CHECK(loanword("แบ็ก").key.empty());
    CHECK(loanword("แบ็ก").longer);  // cut by segmentation, it goes on with the next word
    CHECK(loanword("แอป").key == "app");
    CHECK(loanword("แอป").longer);  // and แอปพลิเคชัน
    CHECK(loanword("power").longer);
    CHECK(loanword("powerbi").key == "powerbi");
    CHECK(loanword("ข้อมูล").key.empty());
    CHECK_FALSE(loanword("ข้อมูล").longer);
}

TEST_CASE("search normalisation folds keyboard variants of Thai") {
    struct Case {
        const char* typed;
        const char* stored;
        const char* what;
    };
    const Case cases[] = {
        {"กําลัง", "กำลัง", "sara am as nikhahit + sara aa (กําลัง)"},
        {"น้ํา", "น้ำ", "tone, nikhahit, sara aa (น้ํา)"},
        {"นํ้า", "น้ำ", "nikhahit before the tone (นํ้า)"},
        {"น้ำ", "น้ำ", "น้ำ as stored stays"},
        {"ที่", "ที่", "ที่ as stored stays"},
        {"ท่ี", "ที่", "tone before an upper vowel (ท่ี)"},
        {"อยู่", "อยู่", "อยู่ as stored stays"},
        {"อยู่", "อยู่", "tone before a lower vowel (อยู่)"},
        {"เเผน", "แผน", "two sara e for sara ae (เเผน)"},
        {"แผน", "แผน", "แผน as stored stays"},
        {"ความ​รู้", "ความรู้", "a zero-width space inside a word"},
        {"ความ⁠รู้", "ความรู้", "a word joiner inside a word"},
        {"๑,๒๓๔ บาท", "1234 บาท", "Thai digits with a thousands separator"},
        {"12,345,678", "12345678", "Arabic digits with thousands separators"},
        {"1,2,3", "1,2,3", "a list of numbers keeps its commas"},
        {"1,2345", "1,2345", "four digits after a comma: not a separator"},
        {"ข้อ 1, 2", "ข้อ 1, 2", "a comma and a space"},
        {"เทอม 2/2567", "เทอม 2/2567", "nothing to fold"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        CHECK(normalize_for_search(c.typed) == c.stored);
        // The slow path (anything beyond Thai and ASCII) folds the same.
        CHECK(normalize_for_search(std::string(c.typed) + " é") == std::string(c.stored) + " é");
    }
    // Found as the page wrote it: the query's words are the page's.
    CHECK(query_words(normalize_for_search("กําลังคน")) ==
          query_words(normalize_for_search("กำลังคน")));
}

TEST_CASE("search normalisation: the fast path for inert characters agrees with ICU's") {
    // Curly quotes, dashes, bullets, arrows and CJK are copied as they are
    // without ICU; a character that normalisation or lower-casing changes
    // (Greek capitals, a decomposed accent, a compatibility form, invisible
    // characters) sends the whole text the ICU way. A zero-width space at
    // the end forces that way (and is dropped), so each text is compared
    // with its ICU result.
    const char* texts[] = {
        "\u201cความรู้\u201d \u2013 คู่มือ\u2014ปี ๒๕๖๗ \u25cb \u25a1 \u27a1 \u7d1a",
        "\u201cABC\u201d ΣΟΦΙΑ",    // lower-cased
        "\u201cกา\u201d e\u0301",   // composed
        "\u201cกา\u201d ก\u0301",   // a combining mark after Thai
        "\u201cกา\u201d \u212B",    // a singleton decomposition (Angstrom sign)
        "\u201cกา\u201d \uFB01 Ⅻ",  // compatibility forms NFC keeps
        "ข้อมูล\u200Bสารสนเทศ \u00AD \uFEFF “1,234” บาท",
        "\u201cกา\u201d \u2060",  // only an invisible one
        "กํา\u201cกํ่า\u201d ก่ี เเ",
        "\u2022 item \u00A0 nbsp \u3000 ideographic space",
    };
    for (const char* t : texts) {
        CAPTURE(t);
        CHECK(normalize_for_search(t) + " " == normalize_for_search(std::string(t) + " \u200B"));
    }
    CHECK(normalize_for_search("\u201cABC\u201d ΣΟΦΙΑ") == "\u201cabc\u201d σοφια");
    CHECK(normalize_for_search("ข้อ\u200B\u201cดี\u201d") == "ข้อ\u201cดี\u201d");
    // Invalid UTF-8 is left to ICU, which replaces it; it is never copied.
    std::string invalid = normalize_for_search("ก\xE2\x80");
    CHECK(invalid + " " == normalize_for_search("ก\xE2\x80 \u200B"));
    CHECK(invalid.find("\xE2\x80") == std::string::npos);
}

TEST_CASE("search normalisation and segmentation: Thai without spaces, digits, abbreviations") {
    CHECK(normalize_for_search("PMSS ปี ๒๕๖๗\u200B") == "pmss ปี 2567");
    auto words = query_words(normalize_for_search("ไข้หวัดใหญ่ระบาด"));
    CHECK(words == std::vector<std::string>{"ไข้", "หวัด", "ใหญ่", "ระบาด"});
    auto seg = segment_words(normalize_for_search("เสนอ ผอ.สพท. อนุมัติ"));
    std::vector<std::string> texts;
    for (const auto& w : seg) texts.push_back(w.text + "@" + std::to_string(w.position));
    CHECK(texts == std::vector<std::string>{"เสนอ@0", "ผอสพท@1", "ผอ@1", "สพท@2", "อนุมัติ@3"});
    CHECK(query_words(normalize_for_search("ผอ.สพท.")) == std::vector<std::string>{"ผอสพท"});
    CHECK(query_words(normalize_for_search("ศธจ.")) == std::vector<std::string>{"ศธจ"});
    CHECK(query_words(normalize_for_search("ศธจ")) == std::vector<std::string>{"ศธจ"});
}

namespace {

// ICU's words of the whole text at once, with positions and dotted parts as
// for_each_word gives them: what the per-run memo must agree with.
std::vector<std::string> whole_text_words(const std::string& normalized) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale("th"), status));
    UText* text = utext_openUTF8(nullptr, normalized.data(),
                                 static_cast<int64_t>(normalized.size()), &status);
    it->setText(text, status);
    std::vector<std::string> out;
    int position = 0;
    std::string last;  // the last word as given, and where: "สขร" "." "1" also gives "สขร1"
    int last_at = -1;
    int32_t last_end = -1;
    int32_t start = it->first();
    for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
        if (it->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
        std::string w = normalized.substr(start, end - start);
        bool after_dot = last_end >= 0 && (normalized.substr(last_end, start - last_end) == "." ||
                                           (start == last_end && normalized[last_end - 1] == '.'));
        if (after_dot && !last.empty() && (last.back() < '0' || last.back() > '9') &&
            w.find_first_not_of("0123456789") == std::string::npos)
            out.push_back(last + w + "@" + std::to_string(last_at) + "p");
        last_end = end;
        std::vector<std::string> parts;
        std::string joined;
        for (std::size_t from = 0; from < w.size();) {
            std::size_t dot = w.find('.', from);
            if (dot == std::string::npos) dot = w.size();
            if (dot > from) parts.push_back(w.substr(from, dot - from));
            from = dot + 1;
        }
        if (w.find('.') == std::string::npos) {
            last = w, last_at = position;
            out.push_back(w + "@" + std::to_string(position++));
            continue;
        }
        for (const auto& p : parts) joined += p;
        last = joined, last_at = position;
        out.push_back(joined + "@" + std::to_string(position));
        if (parts.size() > 1)
            for (std::size_t i = 0; i < parts.size(); ++i)
                out.push_back(parts[i] + "@" + std::to_string(position + static_cast<int>(i)) +
                              "p");
        position += static_cast<int>(std::max<std::size_t>(1, parts.size()));
    }
    it->setText(icu::UnicodeString());
    utext_close(text);
    return out;
}

std::vector<std::string> indexed_words(const std::string& normalized) {
    std::vector<std::string> out;
    for_each_word(normalized, [&](std::string_view w, int position, bool part) {
        out.push_back(std::string(w) + "@" + std::to_string(position) + (part ? "p" : ""));
    });
    return out;
}

}  // namespace

TEST_CASE("a form's code is also indexed without its dot: สขร.1 as สขร1") {
    auto has = [](const std::string& text, const std::string& word) {
        for (const auto& w : segment_words(normalize_for_search(text)))
            if (w.text == word) return w.part;  // an extra form, not a word of the text
        return false;
    };
    CHECK(has("สรุปตามแบบ สขร.1 ทุกเดือน", "สขร1"));
    CHECK(has("ยื่นแบบ ภ.ง.ด.90 ภายในมีนาคม", "ภงด90"));
    CHECK(has("แบบ สขร.๑", "สขร1"));          // Thai digits are folded first
    CHECK_FALSE(has("ข้อ 2.1 และ 3", "213"));  // a number's dot is no abbreviation's
    // The query's words are the text's: the joined form is the index's alone.
    for (const auto& w : query_words(normalize_for_search("แบบ สขร.1"))) CHECK(w != "สขร1");
}

TEST_CASE("the word memo: past its budget it starts again, and a call from inside emit is safe") {
    // About 12 MB of distinct runs: more than a thread's memo holds (16 MB
    // counted with their words and slots), so it forgets and starts again
    // on the way; the words stay ICU's.
    std::string text;
    for (int i = 0; text.size() < (12u << 20); ++i) text += "ความรู้" + std::to_string(i) + "ภาค ";
    std::string n = normalize_for_search(text);
    auto expected = whole_text_words(n);
    CHECK(indexed_words(n) == expected);
    CHECK(indexed_words(n) == expected);
    // A word callback that breaks other text on the same thread (new runs:
    // the thread's memo would grow under the outer loop's words).
    std::string outer = normalize_for_search("ไข้หวัดใหญ่ระบาด เสนอ ผอ.สพท. อนุมัติ");
    std::vector<std::string> got;
    int inner = 0;
    for_each_word(outer, [&](std::string_view w, int position, bool part) {
        got.push_back(std::string(w) + "@" + std::to_string(position) + (part ? "p" : ""));
        for_each_word(normalize_for_search("คำใหม่" + std::to_string(inner++) + " อีกคำหนึ่ง"),
                      [](std::string_view, int, bool) {});
    });
    CHECK(got == whole_text_words(outer));
}

TEST_CASE("words found run by run (and remembered) are ICU's words of the whole text") {
    std::vector<std::string> texts = {
        "",
        "   ",
        "ไข้หวัดใหญ่ระบาด ไข้หวัดใหญ่ระบาด\nไข้หวัดใหญ่ระบาด",
        "เสนอ ผอ.สพท. อนุมัติ ผอ.สพท.อนุมัติ",
        "ปี 2567 ข้อ 2.1 งบ 1,250,000.50 บาท โทร 02-123-4567",
        "ก \u0E48า ี้ ข",  // tone and vowel marks after a space
        "ก\t\t\u0E31น  \u0E47ค",
        "PMSS, DLTV: KM (knowledge management)... e-mail km@example.go.th",
        "คำ\u00A0คำ กรุงเทพฯ ไปๆ มาๆ ฯลฯ",
        "a.b.c ก.ข.ค. ...",
        "แบบ สขร.1 และ ภ.ง.ด.90 ข้อ 2.1",
    };
    for (const auto& e : std::filesystem::recursive_directory_iterator(
             std::filesystem::path(KMSITE_SOURCE_DIR) / "content")) {
        if (e.path().extension() == ".md") texts.push_back(*kmsite::read_file(e.path().string()));
    }
    REQUIRE(texts.size() > 40);
    std::size_t words = 0;
    for (const auto& t : texts) {
        std::string n = normalize_for_search(t);
        auto expected = whole_text_words(n);
        words += expected.size();
        CHECK_MESSAGE(indexed_words(n) == expected, t.substr(0, 200));
        CHECK(indexed_words(n) == expected);  // again: every run from the memo
    }
    CHECK(words > 10000);
}
