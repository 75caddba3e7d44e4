#include "content/csv.h"

namespace kmsite::content {

std::vector<CsvRecord> parse_csv(std::string_view text, std::optional<CsvError>& error) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<CsvRecord> records;
    CsvRecord record;
    std::string field;
    int line = 1;
    record.line = 1;
    bool quoted = false, field_was_quoted = false;
    auto end_field = [&] {
        record.fields.push_back(std::move(field));
        field.clear();
        field_was_quoted = false;
    };
    auto end_record = [&] {
        end_field();
        bool blank = record.fields.size() == 1 && record.fields[0].empty();
        if (!blank) records.push_back(std::move(record));
        record = CsvRecord{};
        record.line = line;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && field.empty() && !field_was_quoted) {
            quoted = field_was_quoted = true;
        } else if (c == '"') {
            error = CsvError{line,
                             "a quote inside an unquoted field; quote the whole field and "
                             "double the quote (\"\")"};
            return records;
        } else if (c == ',') {
            end_field();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            ++line;
            end_record();
        } else {
            field += c;
        }
    }
    if (quoted) {
        error = CsvError{record.line, "a quoted field is never closed"};
        return records;
    }
    if (!field.empty() || !record.fields.empty()) end_record();
    return records;
}

}  // namespace kmsite::content
