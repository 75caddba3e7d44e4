// Plan tables as open data: CSV (normalised, with computed totals) and JSON,
// beside the page that shows them.
#include <cmath>
#include <sstream>

#include "emit/internal.h"

namespace kmsite::emit {

namespace {

std::string plain_number(double v) {
    if (std::floor(v) == v && std::abs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    std::ostringstream s;
    s.precision(15);
    s << v;
    return s.str();
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string table_csv(const content::PlanTable& t) {
    std::ostringstream out;
    out << "strategy,project,target,indicator";
    for (int y : t.years) out << ",budget_" << y;
    out << ",total,source,owner\n";
    for (const auto& r : t.rows) {
        out << csv_field(r.group) << ',' << csv_field(r.project) << ',' << csv_field(r.target)
            << ',' << csv_field(r.indicator);
        for (double b : r.budgets) out << ',' << plain_number(b);
        out << ',' << plain_number(r.total) << ',' << csv_field(r.source) << ','
            << csv_field(r.owner) << '\n';
    }
    out << ",รวมทั้งสิ้น,,";
    for (double y : t.year_totals) out << ',' << plain_number(y);
    out << ',' << plain_number(t.grand_total) << ",,\n";
    return out.str();
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
