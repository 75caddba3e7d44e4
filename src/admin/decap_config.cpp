// Decap's config.yml, made from the site: what an editor can write through
// the admin is what kmsite reads (docs/editors.md), field for field, so a
// page saved in the browser builds as it is.
#include <algorithm>
#include <set>

#include "admin/admin.h"
#include "core/core.h"
#include "thai/thai.h"

namespace kmsite::admin {

namespace {

// A YAML value to print: text (quoted when it has to be), a bare token
// (true, 3), a list or a mapping in the order given.
class Node {
  public:
    enum class Kind { text, token, list, map };
    static Node text(std::string s) { return Node(Kind::text, std::move(s)); }
    static Node token(std::string s) { return Node(Kind::token, std::move(s)); }
    static Node boolean(bool b) { return token(b ? "true" : "false"); }
    static Node list() { return Node(Kind::list, ""); }
    static Node map() { return Node(Kind::map, ""); }

    Node& set(std::string key, Node value) {
        entries_.emplace_back(std::move(key), std::move(value));
        return *this;
    }
    Node& set(std::string key, std::string value) {
        return set(std::move(key), text(std::move(value)));
    }
    Node& set(std::string key, const char* value) { return set(std::move(key), text(value)); }
    Node& push(Node value) {
        items_.push_back(std::move(value));
        return *this;
    }

    void print(std::string& out, int indent) const {
        std::string pad(static_cast<std::size_t>(indent), ' ');
        if (kind_ == Kind::map) {
            for (const auto& [key, value] : entries_) {
                out += pad + key + ":";
                value.print_after_key(out, indent);
            }
        } else if (kind_ == Kind::list) {
            for (const auto& item : items_) {
                out += pad + "-";
                if (item.kind_ == Kind::map && !item.entries_.empty()) {
                    // "- first: x" and the rest of the mapping under it.
                    std::string inner;
                    item.print(inner, indent + 2);
                    out += " " + inner.substr(static_cast<std::size_t>(indent) + 2);
                } else {
                    item.print_after_key(out, indent);
                }
            }
        }
    }

  private:
    Node(Kind kind, std::string value) : kind_(kind), value_(std::move(value)) {}

    void print_after_key(std::string& out, int indent) const {
        switch (kind_) {
            case Kind::text:
                out += " " + quoted(value_) + "\n";
                break;
            case Kind::token:
                out += " " + value_ + "\n";
                break;
            case Kind::list:
                if (items_.empty()) {
                    out += " []\n";
                } else {
                    out += "\n";
                    print(out, indent + 2);
                }
                break;
            case Kind::map:
                if (entries_.empty()) {
                    out += " {}\n";
                } else {
                    out += "\n";
                    print(out, indent + 2);
                }
                break;
        }
    }

    // Plain when a YAML 1.2 reader can only take it as this text (names,
    // paths, slug patterns); otherwise double-quoted, which JSON's escapes
    // make exact for any text.
    static std::string quoted(const std::string& s) {
        static const std::set<std::string> reserved = {"true", "false", "null", "yes", "no",
                                                       "on",   "off",   "y",    "n",   "~"};
        bool plain = !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_');
        for (char c : s)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.' &&
                c != '/')
                plain = false;
        std::string lower = s;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (plain && !reserved.count(lower)) return s;
        return json_string(s);
    }

    Kind kind_;
    std::string value_;
    std::vector<std::pair<std::string, Node>> entries_;
    std::vector<Node> items_;
};

// One field of an entry. Decap makes every field required unless told, and
// kmsite needs only a title: each optional field says so.
Node field(const std::string& name, const std::string& label, const std::string& widget,
           const std::string& hint, bool required = false) {
    Node f = Node::map();
    f.set("name", name).set("label", label).set("widget", widget);
    if (!required) f.set("required", Node::boolean(false));
    if (!hint.empty()) f.set("hint", hint);
    return f;
}

Node select(const std::string& name, const std::string& label, const std::string& hint,
            const std::vector<std::pair<std::string, std::string>>& options) {
    Node f = field(name, label, "select", hint);
    Node list = Node::list();
    for (const auto& [value, text] : options) {
        Node o = Node::map();
        o.set("label", text).set("value", value);
        list.push(std::move(o));
    }
    f.set("options", std::move(list));
    return f;
}

// A list of plain strings ("forms", "references"): one text box per item.
Node string_list(const std::string& name, const std::string& label, const std::string& hint,
                 const std::string& item_label) {
    Node f = field(name, label, "list", hint);
    f.set("field", field("item", item_label, "string", "", true));
    return f;
}

// The fields every page may use (docs/editors.md), before its kind's own.
std::vector<Node> common_fields() {
    std::vector<Node> out;
    out.push_back(field("title", "ชื่อเรื่อง", "string", "Title (required): the page's heading", true));
    out.push_back(field("description", "คำอธิบายสั้น", "text",
                        "Description: one or two sentences for search engines and lists"));
    Node date = field("date", "วันที่เผยแพร่", "datetime",
                      "Date of publication; the last change comes from Git by itself");
    // Written as 2024-05-01, which kmsite reads; no time of day.
    date.set("format", "YYYY-MM-DD").set("date_format", "DD/MM/YYYY");
    date.set("time_format", Node::boolean(false));
    out.push_back(std::move(date));
    out.push_back(field("tags", "คำสำคัญ", "list", "Tags, separated by commas"));
    out.push_back(field("office", "หน่วยงาน", "string", "Office: builds the office's page"));
    out.push_back(field("unit", "กลุ่มงาน", "string", "Responsible unit"));
    out.push_back(field("owner", "ผู้รับผิดชอบ", "string", "Responsible person"));
    Node fy = field("fiscal_year", "ปีงบประมาณ (พ.ศ.)", "number",
                    "Fiscal year, Buddhist era, such as 2568");
    fy.set("value_type", Node::text("int")).set("min", Node::token("2400"));
    fy.set("max", Node::token("2800"));
    out.push_back(std::move(fy));
    return out;
}

// After the kind's fields: what is rarely needed, then the text itself.
std::vector<Node> closing_fields() {
    std::vector<Node> out;
    out.push_back(field("translation_key", "รหัสคู่แปล", "string",
                        "Translation key: pages in two languages with the same key link to "
                        "each other"));
    Node weight = field("weight", "ลำดับ", "number", "Weight: smaller numbers come first in lists");
    weight.set("value_type", Node::text("int"));
    out.push_back(std::move(weight));
    out.push_back(field("draft", "ฉบับร่าง (ยังไม่เผยแพร่)", "boolean",
                        "Draft: on keeps the page off the website"));
    out.push_back(field("body", "เนื้อหา", "markdown", "The page's text"));
    return out;
}

std::vector<Node> article_fields() {
    std::vector<std::pair<std::string, std::string>> steps;
    for (int i = 0; i < 7; ++i)
        steps.emplace_back(std::to_string(i + 1),
                           std::to_string(i + 1) + " " + content::km_steps[i]);
    std::vector<Node> out;
    out.push_back(select("km_step", "ขั้นตอนการจัดการความรู้", "KM step: one of the 7 steps", steps));
    out.push_back(field("knowledge_owner", "เจ้าของความรู้", "string", "Knowledge owner"));
    Node kpis = field("kpis", "ตัวชี้วัด", "list",
                      "KPIs: each shown as a card, marked when the result reaches the target");
    kpis.set("label_singular", "ตัวชี้วัด");
    kpis.set("summary", "{{fields.indicator}}");
    Node f = Node::list();
    f.push(field("indicator", "ตัวชี้วัด", "string", "Indicator (required)", true));
    f.push(field("target", "ค่าเป้าหมาย", "string", "Target: a number, Thai or Arabic digits"));
    f.push(field("result", "ผลการดำเนินงาน", "string", "Result: a number"));
    f.push(field("unit", "หน่วยนับ", "string", "Unit, such as ร้อยละ"));
    kpis.set("fields", std::move(f));
    out.push_back(std::move(kpis));
    return out;
}

std::vector<Node> sop_fields() {
    std::vector<Node> out;
    out.push_back(field("code", "รหัสเอกสาร", "string",
                        "Code; left empty it becomes the section's name and order, e.g. SOP-03"));
    out.push_back(field("objective", "วัตถุประสงค์", "text", "Objective"));
    out.push_back(field("scope", "ขอบเขต", "text", "Scope"));
    out.push_back(field("kpi", "ตัวชี้วัดที่สำคัญของกระบวนงาน", "text", "The process's KPI"));
    Node steps = field("steps", "ขั้นตอนการปฏิบัติงาน", "list",
                       "Steps: the flowchart and the step table are drawn from them. "
                       "Each needs an id; next (or yes/no for a decision) names the id of the "
                       "step that follows");
    steps.set("label_singular", "ขั้นตอน");
    steps.set("summary", "{{fields.id}}: {{fields.title}}");
    Node f = Node::list();
    f.push(field("id", "รหัสขั้นตอน", "string", "Id (required), such as s1", true));
    f.push(field("title", "ชื่อขั้นตอน", "string", "Title (required)", true));
    f.push(select("type", "ชนิด", "Type; by default the first step starts, the last ends",
                  {{"start", "เริ่มต้น (start)"},
                   {"task", "งาน (task)"},
                   {"decision", "ตัดสินใจ (decision)"},
                   {"end", "สิ้นสุด (end)"}}));
    f.push(field("detail", "รายละเอียดงาน", "text", "Detail"));
    f.push(field("duration", "ระยะเวลา", "string",
                 "Duration, such as ๓ วันทำการ, 1 - 5 วัน, 2 ชั่วโมง, 30 นาที"));
    f.push(field("standard", "มาตรฐานคุณภาพงาน", "string", "Quality standard"));
    f.push(field("role", "ผู้รับผิดชอบ", "string", "Role"));
    f.push(field("next", "ขั้นตอนถัดไป", "string", "Next: the id of the following step"));
    f.push(field("yes", "ถ้าใช่ ไปที่", "string", "Decision: the id of the step when yes"));
    f.push(field("no", "ถ้าไม่ใช่ ไปที่", "string", "Decision: the id of the step when no"));
    f.push(field("yes_label", "ป้ายทางใช่", "string", "Label of the yes branch (default ใช่)"));
    f.push(field("no_label", "ป้ายทางไม่ใช่", "string", "Label of the no branch (default ไม่ใช่)"));
    steps.set("fields", std::move(f));
    out.push_back(std::move(steps));
    out.push_back(string_list("forms", "แบบฟอร์มที่ใช้", "Forms used", "แบบฟอร์ม"));
    out.push_back(string_list("references", "เอกสารอ้างอิง", "References", "เอกสาร"));
    return out;
}

// The budget years a plan's rows offer: every year the site's plans have,
// or, before the first plan, the year of the site's newest change and the next.
std::vector<int> plan_years(const site::Site& site) {
    std::set<int> years;
    for (const auto& p : site.pages)
        for (const auto& t : p.plan_tables) years.insert(t.years.begin(), t.years.end());
    if (years.empty() && site.copyright_year > 0) {
        years.insert(thai::buddhist_year(site.copyright_year));
        years.insert(thai::buddhist_year(site.copyright_year) + 1);
    }
    return {years.begin(), years.end()};
}

std::vector<Node> plan_fields(const site::Site& site) {
    std::vector<Node> out;
    out.push_back(field("csv", "ไฟล์ตารางโครงการ (CSV)", "file",
                        "The projects table as a CSV file (save from Excel as CSV UTF-8), kept "
                        "beside the page; or type the rows below instead"));
    out.push_back(field("caption", "ชื่อตาราง", "string", "Table caption (default: the title)"));
    Node rows = field("rows", "แถวของตาราง", "list",
                      "Rows, for a small table instead of a CSV file. Do not type totals: the "
                      "build adds them up");
    rows.set("label_singular", "โครงการ");
    rows.set("summary", "{{fields.project}}");
    Node f = Node::list();
    f.push(field("strategy", "ประเด็นยุทธศาสตร์", "string", "Strategy: groups the rows"));
    f.push(field("project", "โครงการ", "string", "Project (required)", true));
    f.push(field("target", "เป้าหมาย", "string", "Target"));
    f.push(field("indicator", "ตัวชี้วัดและค่าเป้าหมาย", "string", "Indicator"));
    for (int year : plan_years(site)) {
        std::string y = std::to_string(year);
        f.push(field("budget_" + y, "งบประมาณ " + y + " (บาท)", "string",
                     "Budget " + y + " in baht, such as 1,234,567.50; blank is 0"));
    }
    f.push(field("source", "แหล่งงบประมาณ", "string", "Source of funds"));
    f.push(field("owner", "หน่วยงานที่รับผิดชอบ", "string", "Responsible office"));
    rows.set("fields", std::move(f));
    out.push_back(std::move(rows));
    return out;
}

std::vector<Node> gallery_fields() {
    std::vector<Node> out;
    out.push_back(field("infographics", "ทุกภาพเป็นอินโฟกราฟิก", "boolean",
                        "Infographics: every picture here is an infographic and needs its "
                        "description"));
    Node images = field("images", "ภาพ", "list",
                        "Pictures, kept in the page's folder. Commit the original, never a "
                        "resized copy",
                        true);
    images.set("label_singular", "ภาพ");
    images.set("summary", "{{fields.alt}}");
    images.set("min", Node::token("1"));
    Node f = Node::list();
    Node file = field("file", "ไฟล์ภาพ", "image", "Picture file (required)", true);
    file.set("choose_url", Node::boolean(false));
    f.push(std::move(file));
    f.push(field("alt", "คำอธิบายภาพ (alt)", "string",
                 "Alt text (required): what the picture shows, briefly; not a file name, "
                 "not just \"ภาพ\", and not the same as another picture's",
                 true));
    f.push(field("caption", "คำบรรยายใต้ภาพ", "string", "Caption"));
    f.push(field("credit", "ภาพโดย", "string", "Credit"));
    f.push(field("description", "ข้อความในภาพ (คำบรรยายแบบละเอียด)", "text",
                 "Long description: everything the picture says, as text; required for an "
                 "infographic"));
    images.set("fields", std::move(f));
    out.push_back(std::move(images));
    return out;
}

// One folder collection: the pages of `folder` (content-relative), of `kind`.
Node collection(const site::Site& site, const std::string& name, const std::string& label,
                const std::string& folder, const std::string& kind) {
    Node c = Node::map();
    c.set("name", name).set("label", label);
    c.set("folder", "content" + (folder.empty() ? "" : "/" + folder));
    c.set("create", Node::boolean(true));
    c.set("extension", "md").set("format", "yaml-frontmatter");
    c.set("slug", "{{slug}}");
    // Plans and galleries are folders: the page is index.md, its CSV and
    // pictures lie beside it and are named by file name alone. Other pages
    // keep pictures in images/ beside them; links are relative to the page,
    // as kmsite resolves them.
    bool bundle = kind == "plan" || kind == "gallery";
    if (bundle) {
        c.set("path", "{{slug}}/index");
        c.set("media_folder", "").set("public_folder", "");
    } else {
        c.set("media_folder", "images").set("public_folder", "images");
    }
    std::vector<Node> fields = common_fields();
    std::vector<Node> own = kind == "article"   ? article_fields()
                            : kind == "sop"     ? sop_fields()
                            : kind == "plan"    ? plan_fields(site)
                            : kind == "gallery" ? gallery_fields()
                                                : std::vector<Node>{};
    for (auto& n : own) fields.push_back(std::move(n));
    for (auto& n : closing_fields()) fields.push_back(std::move(n));
    Node list = Node::list();
    for (auto& n : fields) list.push(std::move(n));
    c.set("fields", std::move(list));
    return c;
}

Node backend(const config::AdminConfig& a) {
    Node b = Node::map();
    b.set("name", a.backend);
    if (!a.repo.empty()) b.set("repo", a.repo);
    b.set("branch", a.branch);
    if (a.backend == "proxy") b.set("proxy_url", a.local_backend);
    if (!a.api_root.empty()) b.set("api_root", a.api_root);
    if (!a.base_url.empty()) b.set("base_url", a.base_url);
    if (!a.auth_endpoint.empty()) b.set("auth_endpoint", a.auth_endpoint);
    if (!a.auth_type.empty()) b.set("auth_type", a.auth_type);
    if (!a.app_id.empty()) b.set("app_id", a.app_id);
    // Commit messages in Thai and English, as the site's other text.
    Node messages = Node::map();
    messages.set("create", "สร้าง / Create {{collection}} “{{slug}}”");
    messages.set("update", "แก้ไข / Update {{collection}} “{{slug}}”");
    messages.set("delete", "ลบ / Delete {{collection}} “{{slug}}”");
    messages.set("uploadMedia", "อัปโหลด / Upload “{{path}}”");
    messages.set("deleteMedia", "ลบไฟล์ / Delete “{{path}}”");
    b.set("commit_messages", std::move(messages));
    return b;
}

}  // namespace

std::string decap_config(const site::Site& site) {
    const auto& c = site.config;
    Node root = Node::map();
    root.set("backend", backend(c.admin));
    if (!c.admin.local_backend.empty()) {
        if (c.admin.local_backend == config::default_local_backend) {
            root.set("local_backend", Node::boolean(true));
        } else {
            Node local = Node::map();
            local.set("url", c.admin.local_backend);
            root.set("local_backend", std::move(local));
        }
    }
    if (c.admin.editorial_workflow) root.set("publish_mode", "editorial_workflow");
    root.set("locale", "th");
    root.set("site_url", c.base_url).set("display_url", c.base_url);
    // Pictures inserted outside any page; each collection has its own folder.
    root.set("media_folder", "content/images").set("public_folder", "/images");
    Node collections = Node::list();
    auto kind_of = [&](const std::string& key) {
        auto it = c.sections.find(key);
        return it == c.sections.end() || it->second.kind.empty() ? std::string("page")
                                                                 : it->second.kind;
    };
    for (const auto& [key, section] : c.sections)
        collections.push(collection(site, key, section.title, key, kind_of(key)));
    // The same sections in the site's other languages, where the site has them.
    std::set<std::string> other;
    for (const auto& sec : site.sections) {
        if (sec.lang == c.language) continue;
        std::string last = sec.key.substr(sec.key.rfind('/') + 1);
        if (!c.sections.count(last) || !other.insert(sec.key).second) continue;
        const auto& s = c.sections.at(last);
        std::string name = sec.key;
        std::replace(name.begin(), name.end(), '/', '-');
        std::string label = (s.title_en.empty() ? s.title : s.title_en) + " (" +
                            (sec.lang == "en" ? std::string("ภาษาอังกฤษ") : sec.lang) + ")";
        collections.push(collection(site, name, label, sec.key, kind_of(last)));
    }
    // Pages at the top of content/ (about, contact, the policies).
    collections.push(collection(site, c.sections.count("pages") ? "root-pages" : "pages", "หน้าทั่วไป",
                                "", "page"));
    root.set("collections", std::move(collections));
    std::string out =
        "# Decap CMS settings, made by kmsite from site-config/site.yaml (admin:, sections:).\n"
        "# Do not edit: change site.yaml and build again.\n"
        "# ไฟล์นี้สร้างจาก site-config/site.yaml ทุกครั้งที่สร้างเว็บไซต์ อย่าแก้ไขที่นี่\n";
    root.print(out, 0);
    return out;
}

}  // namespace kmsite::admin
