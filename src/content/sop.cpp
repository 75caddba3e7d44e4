// Operations manuals: steps read from front matter and checked as a graph, so
// the table, the list and the flowchart drawn from them can never disagree.
#include <cctype>
#include <set>
#include <unordered_map>

#include "content/internal.h"

namespace kmsite::content {

std::size_t Sop::index_of(const std::string& id) const {
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].id == id) return i;
    return steps.size();
}

namespace {

std::optional<StepType> step_type(const std::string& name) {
    if (name == "start") return StepType::start;
    if (name == "task") return StepType::task;
    if (name == "decision") return StepType::decision;
    if (name == "end") return StepType::end;
    return std::nullopt;
}

SopStep read_step(config::Fields& f, const config::Yaml& node, std::size_t index,
                  std::size_t count) {
    SopStep step;
    step.line = f.line_of(node);
    step.id = f.text("id", true).value_or("");
    step.title = f.text("title", true).value_or("");
    step.detail = f.text("detail").value_or("");
    step.standard = f.text("standard").value_or("");
    step.role = f.text("role").value_or("");
    step.next = f.text("next").value_or("");
    step.yes = f.text("yes").value_or("");
    step.no = f.text("no").value_or("");
    step.yes_label = f.text("yes_label").value_or("ใช่");
    step.no_label = f.text("no_label").value_or("ไม่ใช่");
    std::string default_type = index == 0 ? "start" : index + 1 == count ? "end" : "task";
    std::string type = f.text("type").value_or(default_type);
    if (auto t = step_type(type)) {
        step.type = *t;
    } else {
        f.error(f.node("type"), "sop-step-type",
                "step type '" + type + "' must be start, task, decision or end");
    }
    if (auto text = f.text("duration")) {
        step.duration_text = *text;
        thai::NumberError why;
        step.duration = thai::parse_duration(*text, &why);
        if (!step.duration) {
            f.error(f.node("duration"), "sop-duration",
                    "duration '" + *text + "' " + why.en + " / ระยะเวลา: " + why.th);
        }
    }
    f.finish("SOP step");
    return step;
}

// "[title](<file>)": every ASCII punctuation mark of the title escaped (a
// CommonMark escape is valid before any of them), the destination in angle
// brackets so that spaces in Thai file names need no encoding.
std::string markdown_link(const std::string& title, const std::string& dest) {
    std::string out = "[";
    for (char c : title) {
        if (c == '\n' || c == '\r') c = ' ';
        if (std::ispunct(static_cast<unsigned char>(c))) out += '\\';
        out += c;
    }
    out += "](<";
    for (char c : dest) {
        if (c == '<' || c == '>' || c == '\\') out += '\\';
        out += c;
    }
    return out + ">)";
}

// A text item is Markdown for its links, but only inline: "2562. ระเบียบ"
// or "- x" at its start would become a list (and "> x" a quote), so a
// block marker there is escaped to stay text.
std::string inline_only(std::string text) {
    std::size_t start = text.find_first_not_of(" \t");
    if (start == std::string::npos) return "";
    text.erase(0, start);
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits > 0 && digits < text.size() && (text[digits] == '.' || text[digits] == ')'))
        text.insert(digits, "\\");
    else if (std::string_view("-+*>#=|~`_").find(text[0]) != std::string_view::npos)
        text.insert(0, "\\");
    return text;
}

// forms: and references: a list of texts and {title, file} or {title, url}
// entries; a single text is a list of one.
std::vector<SopItem> read_items(config::Fields& f, const std::string& key) {
    std::vector<SopItem> out;
    const config::Yaml& node = f.node(key);
    if (node.is_null()) return out;
    if (node.is_scalar()) {
        if (!node.scalar().empty())
            out.push_back({inline_only(node.scalar()), "", f.line_of(node)});
        return out;
    }
    std::string shape = "'" + key + "' must be a list of texts or {title, file} entries / '" + key +
                        "' ต้องเป็นรายการข้อความ หรือ {title, file}";
    if (!node.is_sequence()) {
        f.error(node, "field-type", shape);
        return out;
    }
    for (const auto& item : node.items()) {
        if (item.is_scalar()) {
            if (!item.scalar().empty())
                out.push_back({inline_only(item.scalar()), "", f.line_of(item)});
            continue;
        }
        if (!item.is_map()) {
            f.error(item, "field-type", shape);
            continue;
        }
        config::Fields entry = f.child(item);
        auto title = entry.text("title", true);
        // "" is a field left empty (a web form's): not given.
        auto file = entry.text("file");
        auto url = entry.text("url");
        if (file && file->empty()) file.reset();
        if (url && url->empty()) url.reset();
        entry.finish(key == "forms" ? "form" : "reference");
        if (!title) continue;
        if (file.has_value() == url.has_value()) {
            entry.error(item, "field-required",
                        "'" + *title +
                            "' needs either 'file' (a file beside the page, such as form.pdf) or "
                            "'url' / ต้องระบุ file (ไฟล์ที่อยู่ข้างหน้านี้ เช่น form.pdf) หรือ url "
                            "อย่างใดอย่างหนึ่ง");
            continue;
        }
        out.push_back({markdown_link(*title, file ? *file : *url), "", f.line_of(item)});
    }
    return out;
}

// Every reference must name a step, every step must be reachable from the
// first, decisions need both branches, and ends lead nowhere.
void check_graph(config::Fields& f, Sop& sop) {
    auto& steps = sop.steps;
    auto error = [&](const SopStep& s, RuleId rule, const std::string& message) {
        f.error_at_line(s.line, rule, message);
    };
    std::set<std::string> seen;
    for (auto& s : steps) {
        if (!s.id.empty() && !seen.insert(s.id).second) {
            error(s, "sop-step-id", "step id '" + s.id + "' is used twice");
        }
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
        auto& s = steps[i];
        if ((s.type == StepType::start || s.type == StepType::task) && s.next.empty()) {
            if (i + 1 < steps.size()) {
                s.next = steps[i + 1].id;  // the following step, as an editor would expect
            } else {
                error(s, "sop-step-next",
                      "step '" + s.id +
                          "' has no 'next' and no step follows; "
                          "make the last step type: end");
            }
        }
        if (s.type == StepType::decision && (s.yes.empty() || s.no.empty())) {
            error(s, "sop-decision-branches",
                  "decision '" + s.id + "' needs both 'yes' and 'no' / การตัดสินใจต้องมีทั้ง yes และ no");
        }
        if (s.type == StepType::end && (!s.next.empty() || !s.yes.empty() || !s.no.empty())) {
            error(s, "sop-step-next", "end step '" + s.id + "' must not lead anywhere");
        }
        for (const std::string* ref : {&s.next, &s.yes, &s.no}) {
            if (!ref->empty() && sop.index_of(*ref) == steps.size()) {
                error(s, "sop-step-unknown",
                      "step '" + s.id + "' points to '" + *ref + "', which is not a step id");
            }
        }
    }
    if (steps.empty()) return;
    if (steps.front().type != StepType::start) {
        error(steps.front(), "sop-start", "the first step must be type: start");
    }
    bool has_end = false;
    for (const auto& s : steps) has_end |= s.type == StepType::end;
    if (!has_end) error(steps.back(), "sop-end", "no step is type: end");
    std::vector<bool> reached(steps.size(), false);
    std::vector<std::size_t> stack = {0};
    while (!stack.empty()) {
        std::size_t i = stack.back();
        stack.pop_back();
        if (i >= steps.size() || reached[i]) continue;
        reached[i] = true;
        for (const std::string* ref : {&steps[i].next, &steps[i].yes, &steps[i].no}) {
            if (!ref->empty()) stack.push_back(sop.index_of(*ref));
        }
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (!reached[i]) {
            error(steps[i], "sop-step-unreachable",
                  "no step leads to step '" + steps[i].id + "' / ไม่มีขั้นตอนใดนำมาสู่ขั้นตอนนี้");
        }
    }
}

}  // namespace

Sop read_sop(config::Fields& f) {
    Sop sop;
    sop.code = f.text("code").value_or("");
    sop.kpi = f.text("kpi").value_or("");
    sop.objective = f.text("objective").value_or("");
    sop.scope = f.text("scope").value_or("");
    sop.forms = read_items(f, "forms");
    sop.references = read_items(f, "references");
    const config::Yaml& steps = f.node("steps");
    if (!steps.is_null() && !steps.is_sequence()) {
        f.error(steps, "field-type", "'steps' must be a list of steps");
        return sop;
    }
    if (steps.is_sequence()) {
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const config::Yaml& node = steps.items()[i];
            if (!node.is_map()) {
                f.error(node, "field-type", "each step needs id, title and type");
                continue;
            }
            config::Fields step_fields = f.child(node);
            sop.steps.push_back(read_step(step_fields, node, i, steps.size()));
        }
    }
    check_graph(f, sop);
    for (const auto& s : sop.steps) {
        if (s.duration && !sop.total.add(*s.duration)) {
            f.error_at_line(s.line, "sop-duration",
                            "the total time of the steps is too large / เวลารวมมากเกินไป");
        }
    }
    return sop;
}

}  // namespace kmsite::content
