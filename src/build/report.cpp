// What a build says to the editor: every error where it is, with what to do
// (the catalogue's text, once per rule), then the warnings grouped by rule
// with counts and a few places each, so that 15,000 warnings of two rules
// read as two paragraphs.
#include <map>

#include "build/build.h"

namespace kmsite::build {

namespace {

// "  แก้ไข: ..." in Thai, then the same in English: what is wrong and what to do.
std::string hint(std::string_view rule) {
    const Message* m = find_message(rule);
    if (!m) return "";
    return "    " + std::string(m->th) + " — " + std::string(m->fix_th) + "\n    " +
           std::string(m->en) + ": " + std::string(m->fix_en) + "\n";
}

struct Item {
    std::string rule;
    std::string line;       // as printed, ending in '\n'
    std::size_t count = 1;  // pages a site-wide finding stands for
    bool finding = false;   // the standards check's (kmsite check lists them all)
};

std::vector<Item> items(const Result& r, bool errors) {
    std::vector<Item> out;
    for (const auto& d : r.diagnostics)
        if ((d.severity == Severity::error) == errors) out.push_back({d.rule, d.format() + "\n"});
    for (const auto& f : r.findings)
        if ((f.level == check::Level::error) == errors)
            out.push_back({f.rule, check::format_text({f}), f.pages, true});
    return out;
}

std::string count_text(std::size_t n) {
    // 15243 -> "15,243": the counts an editor reads at 10,000 pages.
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

Report report(const Result& r, const ReportOptions& o) {
    Report out;
    std::map<std::string, bool> hinted;
    for (const auto& e : items(r, true)) {
        out.errors += e.line;
        ++out.error_count;  // a footer link missing on 43 pages is one mistake
        if (!hinted[e.rule]) {
            hinted[e.rule] = true;
            out.errors += hint(e.rule);
        }
    }
    // Warnings: one group per rule, in the order their first one came.
    std::vector<std::string> order;
    std::map<std::string, std::vector<Item>> groups;
    for (auto& w : items(r, false)) {
        ++out.warning_count;
        auto& g = groups[w.rule];
        if (g.empty()) order.push_back(w.rule);
        g.push_back(std::move(w));
    }
    if (o.quiet) return out;
    for (const auto& rule : order) {
        const auto& g = groups[rule];
        std::size_t n = 0;
        for (const auto& w : g) n += w.count;
        if (g.size() > 1) {
            const Message* m = find_message(rule);
            out.warnings += "kmsite: " + count_text(n) + " warnings [" + rule + "]" +
                            (m ? ": " + std::string(m->th) + " / " + std::string(m->en) : "") +
                            "\n";
        }
        for (std::size_t i = 0; i < g.size() && i < o.examples; ++i)
            out.warnings += (g.size() > 1 ? "  " : "") + g[i].line;
        if (g.size() > o.examples)
            out.warnings +=
                "  ... and " + count_text(g.size() - o.examples) + " more / และอีก " +
                count_text(g.size() - o.examples) + " แห่ง" +
                (g.front().finding ? " (kmsite check OUTPUT-FOLDER --format json lists them all)"
                                   : "") +
                "\n";
        out.warnings += hint(rule);
    }
    if (r.silenced > 0) {
        std::string rules;
        for (const auto& s : r.silenced_rules) rules += (rules.empty() ? "" : ", ") + s;
        out.warnings += "kmsite: " + count_text(r.silenced) +
                        " warning(s) not shown: turned off by the site (" + rules +
                        ") / ไม่แสดงคำเตือน " + count_text(r.silenced) + " รายการที่ปิดไว้\n";
    }
    return out;
}

}  // namespace kmsite::build
