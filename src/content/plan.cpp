// Plan tables: projects with budgets per fiscal year, from CSV beside the page
// or YAML rows. Totals are computed here; totals the author typed are checked
// against them, so a wrong sum can never be published.
#include <algorithm>
#include <cmath>

#include "content/csv.h"
#include "content/internal.h"

namespace kmsite::content {

namespace {

enum class Col { group, project, target, indicator, source, owner, total, budget };

struct Column {
    Col kind;
    int year = 0;
};

std::string normalize_header(std::string_view h) {
    std::string s = thai::fold_digits(h);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    while (!s.empty() && s.front() == ' ') s.erase(s.begin());
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::optional<int> year_in(std::string_view s) {
    if (s.size() < 4) return std::nullopt;
    std::string_view digits = s.substr(s.size() - 4);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    int year = std::stoi(std::string(digits));
    return year >= 2400 && year <= 2800 ? std::optional(year) : std::nullopt;
}

// Column names in English (as in the docs) or the Thai headings of the
// government forms the data is usually copied from.
std::optional<Column> column_of(const std::string& raw) {
    std::string h = normalize_header(raw);
    static const std::pair<const char*, Col> names[] = {
        {"strategy", Col::group},       {"group", Col::group},     {"ยุทธศาสตร์", Col::group},
        {"ประเด็นยุทธศาสตร์", Col::group}, {"project", Col::project}, {"โครงการ", Col::project},
        {"target", Col::target},        {"เป้าหมาย", Col::target},  {"indicator", Col::indicator},
        {"ตัวชี้วัด", Col::indicator},      {"source", Col::source},   {"แหล่งงบประมาณ", Col::source},
        {"owner", Col::owner},          {"ผู้รับผิดชอบ", Col::owner},  {"หน่วยงานที่รับผิดชอบ", Col::owner},
        {"total", Col::total},          {"รวม", Col::total},       {"งบประมาณรวม", Col::total},
    };
    for (auto [name, kind] : names)
        if (h == name) return Column{kind};
    for (std::string_view prefix : {"budget_", "budget ", "งบประมาณ ", "งบประมาณ", "ปี ", ""}) {
        if (h.rfind(prefix, 0) != 0) continue;
        std::string_view rest = std::string_view(h).substr(prefix.size());
        if (rest.size() == 4)
            if (auto y = year_in(rest)) return Column{Col::budget, *y};
    }
    return std::nullopt;
}

bool is_total_label(std::string_view s) {
    std::string h = normalize_header(s);
    return h.rfind("รวม", 0) == 0 || h == "total" || h == "grand total";
}

bool same(double a, double b) {
    return std::abs(a - b) < 0.005;
}

std::string money(double v) {
    return thai::format_number(v);
}

// Character column of cell `index` in a record, counting the commas before it.
int column_at(const std::vector<std::string>& cells, std::size_t index) {
    int col = 1;
    for (std::size_t k = 0; k < index && k < cells.size(); ++k) {
        for (unsigned char c : cells[k]) col += (c & 0xC0) != 0x80;
        col += 1;
    }
    return col;
}

struct TableReader {
    std::string path;
    Diagnostics& diagnostics;
    PlanTable table;
    std::vector<Column> columns;
    std::optional<std::pair<std::vector<std::string>, int>> written_totals;  // cells, line

    void error(int line, int col, const std::string& rule, const std::string& message) {
        diagnostics.error(path, line, col, rule, message);
    }

    bool read_header(const std::vector<std::string>& header, int line) {
        bool ok = true, has_project = false;
        for (std::size_t i = 0; i < header.size(); ++i) {
            auto c = column_of(header[i]);
            if (!c) {
                error(line, column_at(header, i), "plan-column-unknown",
                      "unknown column '" + header[i] +
                          "'; use strategy, project, target, indicator, budget_<ปี พ.ศ.>, total, "
                          "source or owner / ไม่รู้จักคอลัมน์นี้");
                ok = false;
                columns.push_back({Col::target});
                continue;
            }
            columns.push_back(*c);
            has_project |= c->kind == Col::project;
            if (c->kind == Col::budget) table.years.push_back(c->year);
        }
        if (!has_project || table.years.empty()) {
            error(line, 1, "plan-columns",
                  "a plan table needs a 'project' column and at least one 'budget_<year>' column");
            ok = false;
        }
        for (auto [kind, name] : {std::pair{Col::target, "target"},
                                  {Col::indicator, "indicator"},
                                  {Col::source, "source"},
                                  {Col::owner, "owner"}}) {
            if (std::any_of(columns.begin(), columns.end(),
                            [&, kind = kind](Column c) { return c.kind == kind; })) {
                table.text_columns.push_back(name);
            }
        }
        return ok;
    }

    void read_row(const std::vector<std::string>& cells, int line) {
        if (cells.size() != columns.size()) {
            error(line, 1, "plan-row-ragged",
                  "this row has " + std::to_string(cells.size()) + " cells but the header has " +
                      std::to_string(columns.size()) + " / จำนวนช่องไม่ตรงกับหัวตาราง");
            return;
        }
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if ((columns[i].kind == Col::project || columns[i].kind == Col::group) &&
                is_total_label(cells[i])) {
                written_totals = std::pair{cells, line};
                return;
            }
        }
        PlanRow row;
        row.line = line;
        std::optional<double> written_total;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const std::string& cell = cells[i];
            switch (columns[i].kind) {
                case Col::group:
                    row.group = cell;
                    break;
                case Col::project:
                    row.project = cell;
                    break;
                case Col::target:
                    row.target = cell;
                    break;
                case Col::indicator:
                    row.indicator = cell;
                    break;
                case Col::source:
                    row.source = cell;
                    break;
                case Col::owner:
                    row.owner = cell;
                    break;
                case Col::total:
                    written_total = number(cell, line, cells, i);
                    break;
                case Col::budget:
                    row.budgets.push_back(number(cell, line, cells, i).value_or(0));
                    break;
            }
        }
        for (double b : row.budgets) row.total += b;
        if (written_total && !same(*written_total, row.total)) {
            error(line, 1, "plan-total-mismatch",
                  "row '" + row.project + "': total is written as " + money(*written_total) +
                      " but its years add up to " + money(row.total) + " / ยอดรวมไม่ตรงกับผลบวก");
        }
        if (row.project.empty())
            error(line, 1, "plan-project-missing", "the row has no project name");
        if (!row.group.empty() &&
            std::none_of(table.groups.begin(), table.groups.end(),
                         [&](const auto& g) { return g.first == row.group; })) {
            table.groups.emplace_back(row.group, row.group);
        }
        table.rows.push_back(std::move(row));
    }

    // Blank and "-" are zero; anything else must be a number.
    std::optional<double> number(const std::string& cell, int line,
                                 const std::vector<std::string>& cells, std::size_t index) {
        std::string t = normalize_header(cell);
        if (t.empty() || t == "-" || t == "–") return 0.0;
        auto v = thai::parse_number(cell);
        if (!v) {
            error(line, column_at(cells, index), "plan-number",
                  "'" + cell +
                      "' is not a number; write amounts like 48,500 or ๔๘,๕๐๐ / ต้องเป็นตัวเลข");
        }
        return v;
    }

    void finish() {
        table.year_totals.assign(table.years.size(), 0);
        for (const auto& row : table.rows) {
            for (std::size_t y = 0; y < row.budgets.size() && y < table.years.size(); ++y) {
                table.year_totals[y] += row.budgets[y];
            }
            table.grand_total += row.total;
        }
        if (!written_totals) return;
        const auto& [cells, line] = *written_totals;
        std::size_t year = 0;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (columns[i].kind != Col::budget && columns[i].kind != Col::total) continue;
            std::string t = normalize_header(cells[i]);
            bool is_year = columns[i].kind == Col::budget;
            double computed = is_year ? table.year_totals[year] : table.grand_total;
            std::string what =
                is_year ? "total for " + std::to_string(table.years[year]) : "grand total";
            if (is_year) ++year;
            if (t.empty() || t == "-") continue;
            auto written = thai::parse_number(cells[i]);
            if (!written) {
                error(line, column_at(cells, i), "plan-number",
                      "'" + cells[i] + "' is not a number");
            } else if (!same(*written, computed)) {
                error(line, column_at(cells, i), "plan-total-mismatch",
                      what + " is written as " + money(*written) + " but the rows add up to " +
                          money(computed) + " / ยอดรวมไม่ตรงกับผลบวกของรายการ");
            }
        }
    }
};

void read_groups(config::Fields& f, const YAML::Node& node, PlanTable& table) {
    if (!node.IsDefined() || node.IsNull()) return;
    if (!node.IsMap()) {
        f.error(node, "field-type",
                "'groups' maps a group id to its title, e.g. \"1\": ยุทธศาสตร์ที่ 1");
        return;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
        std::string id = thai::fold_digits(it->first.Scalar());
        std::string title = it->second.IsScalar() ? it->second.Scalar() : id;
        for (auto& g : table.groups)
            if (thai::fold_digits(g.first) == id) g.second = title;
    }
}

std::optional<PlanTable> read_table(config::Fields& f, const Page& page,
                                    const source::SourceTree& tree, Diagnostics& diagnostics,
                                    std::size_t index) {
    auto csv = f.text("csv");
    YAML::Node rows = f.node("rows");
    std::string caption = f.text("caption").value_or(page.title);
    YAML::Node groups = f.node("groups");
    if (csv && rows.IsDefined()) {
        f.error(rows, "plan-source", "give a table either 'csv' or 'rows', not both");
        return std::nullopt;
    }
    TableReader reader{page.source_path, diagnostics, {}, {}, {}};
    reader.table.caption = caption;
    if (csv) {
        auto path = normalize_relative(join_path(parent_path(page.source_path), *csv));
        if (!path || !starts_with_path(*path, "content")) {
            f.error(f.node("csv"), "path-escape",
                    "csv '" + *csv + "' is outside the content folder");
            return std::nullopt;
        }
        const source::SourceFile* file = tree.find(*path);
        if (!file) {
            f.error(f.node("csv"), "plan-csv-missing",
                    "CSV file not found: " + *path + " / ไม่พบไฟล์ CSV");
            return std::nullopt;
        }
        reader.path = *path;
        reader.table.source_path = *path;
        std::string stem(file_name(*path));
        reader.table.name = stem.substr(0, stem.size() - extension(stem).size());
        if (auto bad = find_invalid_utf8(file->data)) {
            auto pos = position_of(file->data, *bad);
            diagnostics.error(*path, pos.line, pos.col, "utf8-invalid",
                              "CSV is not UTF-8; save it as \"CSV UTF-8\" / บันทึกเป็น CSV UTF-8");
            return std::nullopt;
        }
        std::optional<CsvError> syntax;
        auto records = parse_csv(file->data, syntax);
        if (syntax) {
            diagnostics.error(*path, syntax->line, 1, "plan-csv", syntax->message);
            return std::nullopt;
        }
        if (records.empty()) {
            diagnostics.error(*path, 1, 1, "plan-columns", "the CSV file is empty");
            return std::nullopt;
        }
        if (!reader.read_header(records[0].fields, records[0].line)) return std::nullopt;
        for (std::size_t r = 1; r < records.size(); ++r)
            reader.read_row(records[r].fields, records[r].line);
    } else if (rows.IsSequence()) {
        reader.table.source_path = page.source_path;
        reader.table.name = "table-" + std::to_string(index + 1);
        std::vector<std::string> header;
        for (const auto& row : rows) {
            if (!row.IsMap()) continue;
            for (auto it = row.begin(); it != row.end(); ++it) {
                std::string key = it->first.Scalar();
                if (std::find(header.begin(), header.end(), key) == header.end())
                    header.push_back(key);
            }
        }
        if (!reader.read_header(header, f.line_of(rows))) return std::nullopt;
        for (const auto& row : rows) {
            std::vector<std::string> cells;
            for (const auto& key : header) {
                YAML::Node v = row.IsMap() ? row[key] : YAML::Node();
                cells.push_back(v.IsDefined() && v.IsScalar() ? v.Scalar() : "");
            }
            reader.read_row(cells, f.line_of(row));
        }
    } else {
        return std::nullopt;
    }
    reader.finish();
    read_groups(f, groups, reader.table);
    return reader.table;
}

}  // namespace

std::vector<PlanTable> read_plan_tables(config::Fields& f, const Page& page,
                                        const source::SourceTree& tree, Diagnostics& diagnostics) {
    std::vector<PlanTable> tables;
    YAML::Node list = f.node("tables");
    if (list.IsDefined() && !list.IsNull()) {
        if (!list.IsSequence()) {
            f.error(list, "field-type", "'tables' must be a list of {csv, caption, groups}");
            return tables;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            YAML::Node item = list[i];
            config::Fields item_fields = f.child(item);
            if (auto t = read_table(item_fields, page, tree, diagnostics, i))
                tables.push_back(std::move(*t));
            item_fields.finish("plan table");
        }
        return tables;
    }
    if (auto t = read_table(f, page, tree, diagnostics, 0)) tables.push_back(std::move(*t));
    return tables;
}

}  // namespace kmsite::content
