#include <array>

#include "core/core.h"

namespace kmsite {

namespace {

// Openings that make a spreadsheet read a cell as a formula or a command (OWASP
// "CSV Injection"). The full-width forms are included because spreadsheets in
// East Asian locales turn them into their ASCII forms on input.
bool formula_like(std::string_view cell) {
    if (cell.empty()) return false;
    switch (cell.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return true;
        default:
            break;
    }
    static constexpr std::array<std::string_view, 4> wide = {
        "\xEF\xBC\x9D",  // U+FF1D ＝
        "\xEF\xBC\x8B",  // U+FF0B ＋
        "\xEF\xBC\x8D",  // U+FF0D －
        "\xEF\xBC\xA0",  // U+FF20 ＠
    };
    for (auto w : wide)
        if (cell.substr(0, w.size()) == w) return true;
    return false;
}

// "-500", "0", "1234.5": what number() accepts as a number.
bool plain_number(std::string_view s) {
    if (!s.empty() && s.front() == '-') s.remove_prefix(1);
    std::size_t digits = 0;
    while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
    if (digits == 0) return false;
    s.remove_prefix(digits);
    if (s.empty()) return true;
    if (s.front() != '.' || s.size() < 2) return false;
    for (char c : s.substr(1))
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

CsvWriter::CsvWriter() : out_("\xEF\xBB\xBF") {}

void CsvWriter::separate() {
    if (!row_start_) out_ += ',';
    row_start_ = false;
}

CsvWriter& CsvWriter::text(std::string_view cell) {
    separate();
    bool formula = formula_like(cell);
    if (!formula && cell.find_first_of(",\"\n\r") == std::string_view::npos) {
        out_ += cell;
        return *this;
    }
    out_ += '"';
    if (formula) out_ += '\'';
    for (char c : cell) {
        if (c == '"') out_ += '"';
        out_ += c;
    }
    out_ += '"';
    return *this;
}

CsvWriter& CsvWriter::number(std::string_view plain) {
    if (!plain_number(plain)) return text(plain);
    separate();
    out_ += plain;
    return *this;
}

void CsvWriter::end_row() {
    out_ += '\n';
    row_start_ = true;
}

}  // namespace kmsite
