// Plan tables as open data: CSV (normalised, with computed totals) and JSON,
// beside the page that shows them.
#include <sstream>

#include "emit/internal.h"

namespace kmsite::emit {

namespace {

// Budgets are exact decimals: printed exactly, as JSON and CSV numbers.
std::string plain_number(thai::Decimal v) {
    return v.plain();
}

std::string table_csv(const content::PlanTable& t) {
    CsvWriter csv;
    csv.text("strategy").text("project").text("target").text("indicator");
    for (int y : t.years) csv.text("budget_" + std::to_string(y));
    csv.text("total").text("source").text("owner");
    csv.end_row();
    for (const auto& r : t.rows) {
        csv.text(r.group).text(r.project).text(r.target).text(r.indicator);
        for (thai::Decimal b : r.budgets) csv.number(plain_number(b));
        csv.number(plain_number(r.total)).text(r.source).text(r.owner);
        csv.end_row();
    }
    csv.text("").text("รวมทั้งสิ้น").text("").text("");
    for (thai::Decimal y : t.year_totals) csv.number(plain_number(y));
    csv.number(plain_number(t.grand_total)).text("").text("");
    csv.end_row();
    return csv.str();
}

std::string table_json(const site::Site& site, const content::Page& page,
                       const content::PlanTable& t) {
    std::ostringstream out;
    out << "{\n  \"title\": " << json_string(page.title)
        << ",\n  \"caption\": " << json_string(t.caption)
        << ",\n  \"page\": " << json_string(encode_url(site.absolute(page.url)))
        << ",\n  \"publisher\": "
        << json_string(site.config.office.empty() ? site.config.title : site.config.office)
        << ",\n  \"currency\": \"THB\",\n  \"fiscal_years\": [";
    for (std::size_t y = 0; y < t.years.size(); ++y) out << (y ? ", " : "") << t.years[y];
    out << "],\n  \"groups\": [";
    for (std::size_t g = 0; g < t.groups.size(); ++g) {
        out << (g ? ", " : "") << "{\"id\": " << json_string(t.groups[g].first)
            << ", \"title\": " << json_string(t.groups[g].second) << "}";
    }
    out << "],\n  \"rows\": [";
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto& r = t.rows[i];
        out << (i ? "," : "") << "\n    {\"group\": " << json_string(r.group)
            << ", \"project\": " << json_string(r.project)
            << ", \"target\": " << json_string(r.target)
            << ", \"indicator\": " << json_string(r.indicator) << ", \"budget\": {";
        for (std::size_t y = 0; y < r.budgets.size(); ++y) {
            out << (y ? ", " : "") << "\"" << t.years[y] << "\": " << plain_number(r.budgets[y]);
        }
        out << "}, \"total\": " << plain_number(r.total)
            << ", \"source\": " << json_string(r.source) << ", \"owner\": " << json_string(r.owner)
            << "}";
    }
    out << "\n  ],\n  \"totals\": {";
    for (std::size_t y = 0; y < t.years.size(); ++y) {
        out << "\"" << t.years[y] << "\": " << plain_number(t.year_totals[y]) << ", ";
    }
    out << "\"all\": " << plain_number(t.grand_total) << "}\n}\n";
    return out.str();
}

}  // namespace

void write_open_data(const site::Site& site, OutputDir& out) {
    for (const auto& page : site.pages) {
        for (const auto& t : page.plan_tables) {
            out.write(page.url + t.name + ".csv", table_csv(t));
            out.write(page.url + t.name + ".json", table_json(site, page, t));
        }
    }
}

}  // namespace kmsite::emit
