#include "thai/thai.h"

#include <doctest/doctest.h>

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
    CHECK(d->min == 1);
    CHECK(d->max == 5);
    CHECK(d->unit == TimeUnit::working_day);
    CHECK(parse_duration("3 ชั่วโมง")->unit == TimeUnit::hour);
    CHECK(parse_duration("15 วัน")->unit == TimeUnit::day);
    CHECK(parse_duration("1 เดือน")->unit == TimeUnit::month);
    CHECK(parse_duration("30 นาที")->unit == TimeUnit::minute);
    CHECK(parse_duration("2–3 วัน")->max == 3);
    CHECK(parse_duration("1 ถึง 2 ชั่วโมง")->min == 1);
    CHECK(parse_duration("0.5 วัน")->max == 0.5);
    CHECK_FALSE(parse_duration("เร็วที่สุด"));
    CHECK_FALSE(parse_duration("5 - 1 วัน"));
    CHECK_FALSE(parse_duration("3 สัปดาห์"));
}

TEST_CASE("duration totals are summed per unit, largest unit first") {
    DurationTotal total;
    CHECK(total.empty());
    total.add(*parse_duration("๑ - ๕ วันทำการ"));
    total.add(*parse_duration("3 วันทำการ"));
    total.add(*parse_duration("3 ชั่วโมง"));
    total.add(*parse_duration("1 เดือน"));
    CHECK(total.format(DigitStyle::arabic) == "1 เดือน 4–8 วันทำการ 3 ชั่วโมง");
    CHECK(total.format(DigitStyle::thai) == "๑ เดือน ๔–๘ วันทำการ ๓ ชั่วโมง");
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

TEST_CASE("ICU formats numbers with separators in either digit style") {
    CHECK(format_number(39427500) == "39,427,500");
    CHECK(format_number(48500, DigitStyle::thai) == "๔๘,๕๐๐");
    CHECK(format_number(0.5) == "0.5");
    CHECK(parse_number("๔๘,๕๐๐") == 48500);
    CHECK(parse_number("1,000 บาท") == 1000);
    CHECK_FALSE(parse_number("หนึ่งพัน"));
    CHECK_FALSE(parse_number(""));
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
