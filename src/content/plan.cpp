// Plan tables: projects with budgets per fiscal year, from CSV beside the page
// or YAML rows. Totals are computed here; totals the author typed are checked
// against them, so a wrong sum can never be published.
#include <algorithm>

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

// A totals row says so in its project cell, exactly: a project whose name only
// starts with รวม ("รวมพลังสร้างสรรค์") is a project.
bool is_total_label(std::string_view s) {
    std::string h = normalize_header(s);
    for (const char* label : {"รวม", "รวมทั้งสิ้น", "รวมทั้งหมด", "ยอดรวม", "total", "grand total",
                              "subtotal", "sub-total", "sub total"})
        if (h == label) return true;
    return false;
}

// A name that reads like a totals label ("รวมยุทธศาสตร์ที่ 1", "Total 2567").
bool starts_like_total(std::string_view s) {
    std::string h = normalize_header(s);
    return h.rfind("รวม", 0) == 0 || h.rfind("ยอดรวม", 0) == 0 || h.rfind("total", 0) == 0;
}

std::string money(thai::Decimal v) {
    return thai::format_number(v);
}

std::string column_name(Column c) {
    switch (c.kind) {
        case Col::group:
            return "strategy";
        case Col::project:
            return "project";
        case Col::target:
            return "target";
        case Col::indicator:
            return "indicator";
        case Col::source:
            return "source";
        case Col::owner:
            return "owner";
        case Col::total:
            return "total";
        case Col::budget:
            return "budget_" + std::to_string(c.year);
    }
    return "";
}

// A written totals row: the grand total (group empty) or a group's subtotal.
struct WrittenTotals {
    std::vector<std::string> cells;
    int line = 0;
    std::string group;
};

// Sums per year and overall, checked for overflow.
struct Sums {
    std::vector<thai::Decimal> years;
    thai::Decimal all;
    bool overflow = false;
    explicit Sums(std::size_t n = 0) : years(n) {}
    void add(const std::vector<thai::Decimal>& budgets, thai::Decimal total) {
        for (std::size_t y = 0; y < budgets.size() && y < years.size(); ++y) {
            auto s = years[y].plus(budgets[y]);
            overflow |= !s;
            if (s) years[y] = *s;
        }
        auto s = all.plus(total);
        overflow |= !s;
        if (s) all = *s;
    }
};

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
    std::optional<std::size_t> group_at, project_at;  // their column indexes
    std::vector<WrittenTotals> written_totals;        // every one is checked

    void error(int line, int col, RuleId rule, const std::string& message) {
        diagnostics.error(path, line, col, rule, message);
    }

    bool read_header(const std::vector<std::string>& header, int line) {
        bool ok = true, has_project = false;
        std::vector<std::optional<Column>> known;
        for (std::size_t i = 0; i < header.size(); ++i) {
            auto c = column_of(header[i]);
            known.push_back(c);
            if (!c) {
                error(line, column_at(header, i), "plan-column-unknown",
                      "unknown column '" + header[i] +
                          "'; use strategy, project, target, indicator, budget_<ปี พ.ศ.>, total, "
                          "source or owner / ไม่รู้จักคอลัมน์นี้");
                ok = false;
                columns.push_back({Col::target});
                continue;
            }
            // Two headings for the same column ("project" and "โครงการ", or one
            // year twice) would lose one of them and give the JSON duplicate keys.
            for (std::size_t k = 0; k < i; ++k) {
                if (known[k] && known[k]->kind == c->kind && known[k]->year == c->year) {
                    error(line, column_at(header, i), "plan-column-duplicate",
                          "column " + std::to_string(i + 1) + " '" + header[i] +
                              "' repeats column " + std::to_string(k + 1) + " '" + header[k] +
                              "' (both are the " + column_name(*c) +
                              " column); keep one of them / คอลัมน์ซ้ำกัน");
                    ok = false;
                    break;
                }
            }
            if (c->kind == Col::group && !group_at) group_at = i;
            if (c->kind == Col::project && !project_at) project_at = i;
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
        // A totals row has a totals label as its project (a subtotal when it
        // names a group), or no project and the label in the group column.
        std::string group = group_at ? normalize_header(cells[*group_at]) : "";
        std::string project = project_at ? normalize_header(cells[*project_at]) : "";
        if (is_total_label(project)) {
            written_totals.push_back({cells, line, group_at ? cells[*group_at] : ""});
            return;
        }
        if (project.empty() && is_total_label(group)) {
            written_totals.push_back({cells, line, ""});
            return;
        }
        PlanRow row;
        row.line = line;
        std::optional<thai::Decimal> written_total;
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
                    row.budgets.push_back(number(cell, line, cells, i).value_or(thai::Decimal()));
                    break;
            }
        }
        for (thai::Decimal b : row.budgets) {
            auto sum = row.total.plus(b);
            if (!sum) {
                error(line, 1, "plan-number",
                      "row '" + row.project +
                          "': the total of its years is too large / ยอดรวมมากเกินไป");
                break;
            }
            row.total = *sum;
        }
        if (written_total && *written_total != row.total) {
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

    // Blank and "-" are zero; anything else must be an amount: exact to the
    // satang, not negative.
    std::optional<thai::Decimal> number(const std::string& cell, int line,
                                        const std::vector<std::string>& cells, std::size_t index) {
        std::string t = normalize_header(cell);
        if (t.empty() || t == "-" || t == "–") return thai::Decimal();
        thai::NumberError why;
        auto v = thai::parse_number(cell, &why);
        if (!v) {
            error(line, column_at(cells, index), "plan-number",
                  "'" + cell + "' " + why.en + " / จำนวนเงิน: " + why.th);
        } else if (v->negative()) {
            error(line, column_at(cells, index), "plan-number",
                  "'" + cell + "' is negative; a budget is 0 or more / งบประมาณติดลบไม่ได้");
            return std::nullopt;
        }
        return v;
    }

    void finish() {
        Sums all(table.years.size());
        std::vector<std::pair<std::string, Sums>> groups;  // in order of appearance
        auto group_sums = [&](const std::string& id) -> Sums& {
            for (auto& [g, sums] : groups)
                if (g == id) return sums;
            return groups.emplace_back(id, Sums(table.years.size())).second;
        };
        for (const auto& row : table.rows) {
            check_total_like_name(row, all, group_sums(row.group));
            all.add(row.budgets, row.total);
            group_sums(row.group).add(row.budgets, row.total);
            if (all.overflow) {
                error(row.line, 1, "plan-number",
                      "the totals of this table are too large (at this row) / "
                      "ยอดรวมของตารางมากเกินไป");
                break;
            }
        }
        table.year_totals = all.years;
        table.grand_total = all.all;
        if (all.overflow) return;
        for (const auto& written : written_totals) {
            if (written.group.empty()) {
                check_written(written, all, "");
                continue;
            }
            std::string id = normalize_header(written.group);
            auto it = std::find_if(groups.begin(), groups.end(),
                                   [&](const auto& g) { return normalize_header(g.first) == id; });
            if (it == groups.end()) {
                error(written.line, 1, "plan-total-group",
                      "a subtotal row for group '" + written.group +
                          "', but no project is in that group / ไม่มีโครงการในกลุ่มนี้");
                continue;
            }
            check_written(written, it->second, " of group '" + written.group + "'");
        }
    }

    // A project named like a totals row whose budgets are exactly the sums of the
    // rows before it (in its group, or in the table) is a totals row with a
    // longer label: counted as a project, it would double the totals.
    void check_total_like_name(const PlanRow& row, const Sums& all, const Sums& group) {
        if (!starts_like_total(row.project) || row.total == thai::Decimal()) return;
        for (const Sums* before : {&group, &all}) {
            if (before->years == row.budgets) {
                error(row.line, 1, "plan-total-label",
                      "row '" + row.project +
                          "' adds up the rows before it but is read as a project; a totals row "
                          "has exactly รวม (or Total) in the project column, with the group in the "
                          "strategy column for a subtotal / แถวยอดรวมให้เขียนคำว่า รวม "
                          "ในช่องโครงการเท่านั้น");
                return;
            }
        }
    }

    void check_written(const WrittenTotals& written, const Sums& sums, const std::string& of) {
        const auto& cells = written.cells;
        std::size_t year = 0;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (columns[i].kind != Col::budget && columns[i].kind != Col::total) continue;
            std::string t = normalize_header(cells[i]);
            bool is_year = columns[i].kind == Col::budget;
            thai::Decimal computed = is_year ? sums.years[year] : sums.all;
            std::string what = (is_year ? "total for " + std::to_string(table.years[year])
                                        : std::string(of.empty() ? "grand total" : "total")) +
                               of;
            if (is_year) ++year;
            if (t.empty() || t == "-") continue;
            thai::NumberError why;
            auto value = thai::parse_number(cells[i], &why);
            if (!value) {
                error(written.line, column_at(cells, i), "plan-number",
                      "'" + cells[i] + "' " + why.en + " / จำนวนเงิน: " + why.th);
            } else if (*value != computed) {
                error(written.line, column_at(cells, i), "plan-total-mismatch",
                      what + " is written as " + money(*value) + " but the rows add up to " +
                          money(computed) + " / ยอดรวมไม่ตรงกับผลบวกของรายการ");
            }
        }
    }
};

void read_groups(config::Fields& f, const config::Yaml& node, PlanTable& table) {
    if (node.is_null()) return;
    if (!node.is_map()) {
        f.error(node, "field-type",
                "'groups' maps a group id to its title, e.g. \"1\": ยุทธศาสตร์ที่ 1");
        return;
    }
    for (const auto& entry : node.entries()) {
        std::string id = thai::fold_digits(entry.key);
        if (!entry.value.is_scalar()) {
            f.error(entry.value, "field-type",
                    "the title of group '" + entry.key + "' must be text / ชื่อกลุ่มต้องเป็นข้อความ");
            continue;
        }
        std::string title = entry.value.scalar();
        for (auto& g : table.groups)
            if (thai::fold_digits(g.first) == id) g.second = title;
    }
}

std::optional<PlanTable> read_table(config::Fields& f, const Page& page,
                                    PageReads& tree, Diagnostics& diagnostics,
                                    std::size_t index) {
    auto csv = f.text("csv");
    const config::Yaml& rows = f.node("rows");
    std::string caption = f.text("caption").value_or(page.title);
    const config::Yaml& groups = f.node("groups");
    if (csv && rows.defined()) {
        f.error(rows, "plan-source", "give a table either 'csv' or 'rows', not both");
        return std::nullopt;
    }
    TableReader reader{page.source_path, diagnostics, {}, {}, {}, {}, {}};
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
        if (auto bad = find_invalid_utf8(file->data())) {
            auto pos = position_of(file->data(), *bad);
            diagnostics.error(*path, pos.line, pos.col, "utf8-invalid",
                              "CSV is not UTF-8; save it as \"CSV UTF-8\" / บันทึกเป็น CSV UTF-8");
            return std::nullopt;
        }
        std::optional<CsvError> syntax;
        // Control characters in cells would reach the page, the JSON and the
        // CSV of the open data; they are left out with a warning, as in pages.
        std::string cleaned;
        std::string_view data = file->data();
        if (find_control_char(data)) {
            cleaned = remove_control_chars(data, *path, 1, Severity::warning, "text-control-char",
                                           diagnostics);
            data = cleaned;
        }
        auto records = parse_csv(data, syntax);
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
    } else if (rows.is_sequence()) {
        reader.table.source_path = page.source_path;
        reader.table.name = "table-" + std::to_string(index + 1);
        std::vector<std::string> header;
        for (const auto& row : rows.items()) {
            if (!row.is_map()) continue;
            for (const auto& entry : row.entries()) {
                const std::string& key = entry.key;
                if (std::find(header.begin(), header.end(), key) == header.end())
                    header.push_back(key);
            }
        }
        if (!reader.read_header(header, f.line_of(rows))) return std::nullopt;
        for (const auto& row : rows.items()) {
            if (!row.is_map()) {
                f.error(row, "field-type",
                        "each row must be 'column: value' pairs / แต่ละแถวต้องเป็น คอลัมน์: ค่า");
                continue;
            }
            std::vector<std::string> cells;
            for (const auto& key : header) {
                const config::Yaml& v = row[key];
                if (!v.is_null() && !v.is_scalar())
                    f.error(v, "field-type",
                            "'" + key + "' must be a number or text, not a " +
                                (v.is_map() ? "mapping" : "list") +
                                " / ค่าในตารางต้องเป็นตัวเลขหรือข้อความ");
                cells.push_back(v.is_scalar() ? v.scalar() : "");
            }
            reader.read_row(cells, f.line_of(row));
        }
    } else {
        if (!rows.is_null())
            f.error(rows, "field-type", "'rows' must be a list of rows / 'rows' ต้องเป็นรายการแถว");
        return std::nullopt;
    }
    reader.finish();
    read_groups(f, groups, reader.table);
    return reader.table;
}

}  // namespace

std::vector<PlanTable> read_plan_tables(config::Fields& f, const Page& page,
                                        PageReads& tree, Diagnostics& diagnostics) {
    std::vector<PlanTable> tables;
    const config::Yaml& list = f.node("tables");
    if (!list.is_null()) {
        if (!list.is_sequence()) {
            f.error(list, "field-type", "'tables' must be a list of {csv, caption, groups}");
            return tables;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            const config::Yaml& item = list.items()[i];
            config::Fields item_fields = f.child(item, "a table with 'csv' or 'rows'");
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
