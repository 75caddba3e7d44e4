// Private to content: RFC 4180 CSV with line numbers, for plan tables.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kmsite::content {

struct CsvRecord {
    std::vector<std::string> fields;
    int line = 0;  // where the record starts (quoted fields may span lines)
};

struct CsvError {
    int line = 0;
    std::string message;
};

// Records of a CSV text (a UTF-8 BOM is skipped, blank lines are dropped).
// Returns the first syntax error, if any, in `error`.
std::vector<CsvRecord> parse_csv(std::string_view text, std::optional<CsvError>& error);

}  // namespace kmsite::content
