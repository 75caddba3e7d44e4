#include <map>
#include <set>

#include "content/internal.h"
#include "thai/thai.h"

namespace kmsite::content {

// One table of kind names, config::kPageKinds, in Kind's order: site.yaml's
// sections are checked against the same names.
static_assert(std::size(config::kPageKinds) == static_cast<std::size_t>(Kind::page) + 1);

const char* kind_name(Kind kind) {
    return config::kPageKinds[static_cast<std::size_t>(kind)].data();
}

std::optional<Kind> parse_kind(const std::string& name) {
    for (std::size_t i = 0; i < std::size(config::kPageKinds); ++i)
        if (config::kPageKinds[i] == name) return static_cast<Kind>(i);
    return std::nullopt;
}

namespace {

// Front matter fields each kind adds to the common ones (see docs/editors.md).
const std::map<Kind, std::set<std::string>> kind_fields = {
    {Kind::article, {"km_step", "knowledge_owner", "kpis"}},
    {Kind::sop, {"code", "kpi", "objective", "scope", "steps", "forms", "references"}},
    {Kind::plan, {"rows", "csv", "caption", "groups", "tables"}},
    {Kind::gallery, {"images", "infographics"}},
    {Kind::page, {}},
};

bool is_delimiter(std::string_view line) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    return line == "---";
}

}  // namespace

std::optional<FrontMatterSplit> split_front_matter(const std::string& text, const std::string& path,
                                                   Diagnostics& diagnostics) {
    std::string_view s = text;
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);  // a BOM from Windows editors
    auto first_end = s.find('\n');
    if (!is_delimiter(s.substr(0, first_end))) {
        diagnostics.error(path, 1, 1, "front-matter-missing",
                          "page must start with front matter: a line '---', 'title: ...', and "
                          "'---' / หน้าต้องเริ่มด้วยส่วนหัว --- title: ... ---");
        return std::nullopt;
    }
    FrontMatterSplit out;
    std::size_t pos = first_end == std::string_view::npos ? s.size() : first_end + 1;
    int line = 2;
    while (pos < s.size()) {
        auto end = s.find('\n', pos);
        std::string_view l = s.substr(pos, end == std::string_view::npos ? end : end - pos);
        if (is_delimiter(l)) {
            out.yaml = std::string(s.substr(first_end + 1, pos - first_end - 1));
            out.body = end == std::string_view::npos ? "" : std::string(s.substr(end + 1));
            out.body_line = line + 1;
            return out;
        }
        if (end == std::string_view::npos) break;
        pos = end + 1;
        ++line;
    }
    diagnostics.error(path, 1, 1, "front-matter-unclosed",
                      "front matter opened with '---' is never closed; add a line '---' after it "
                      "/ ส่วนหัวไม่มีบรรทัด --- ปิดท้าย");
    return std::nullopt;
}

namespace {

void read_dates(config::Fields& f, const config::SiteConfig& config, Page& page) {
    for (const char* key : {"date", "lastmod"}) {
        auto value = f.text(key);
        if (!value) continue;
        auto parsed = thai::parse_date(*value, config.time_zone);
        if (!parsed) {
            f.error(f.node(key), "field-type",
                    std::string("'") + key +
                        "' must be a date like 2024-05-01 or 1 ต.ค. 2566 / วันที่ไม่ถูกต้อง");
            continue;
        }
        if (std::string_view(key) == "date") {
            page.date = *parsed;
        } else {
            page.lastmod = *parsed;
        }
    }
}

void read_kind(config::Fields& f, const config::SiteConfig& config, Page& page) {
    auto name = f.text("kind");
    bool from_section = !name;
    if (!name) {
        auto top = page.section.substr(page.section.rfind('/') + 1);
        auto it = config.sections.find(top);
        name = it != config.sections.end() && !it->second.kind.empty() ? it->second.kind : "page";
    }
    if (auto kind = parse_kind(*name)) {
        page.kind = *kind;
    } else if (from_section) {
        page.kind = Kind::page;  // the section's kind is reported once, at its site.yaml line
    } else {
        f.error(f.node("kind"), "content-unknown-kind",
                "unknown kind '" + *name + "'; use article, sop, plan, gallery or page");
    }
}

}  // namespace

void read_front_matter(config::Fields& f, const config::SiteConfig& config, PageReads& tree,
                       Page& page) {
    page.title = f.text("title", true).value_or("");
    page.description = f.text("description").value_or("");
    page.office = f.text("office").value_or("");
    page.unit = f.text("unit").value_or("");
    page.owner = f.text("owner").value_or("");
    page.translation_key = f.text("translation_key").value_or("");
    page.tags = f.text_list("tags");
    page.draft = f.boolean("draft").value_or(false);
    page.weight = static_cast<int>(f.integer("weight").value_or(0));
    if (auto lang = f.text("lang")) page.lang = *lang;
    if (std::find(config.languages.begin(), config.languages.end(), page.lang) ==
        config.languages.end()) {
        f.error(f.node("lang"), "field-value",
                "language '" + page.lang + "' is not in site.yaml's languages");
    }
    page.digits = f.text("digits").value_or(config.digits);
    if (page.digits != "thai" && page.digits != "arabic") {
        f.error(f.node("digits"), "field-value", "'digits' must be thai or arabic");
        page.digits = config.digits;
    }
    if (auto fy = f.integer("fiscal_year", 0, 9999)) {
        if (*fy < 2400 || *fy > 2800) {
            f.error(
                f.node("fiscal_year"), "field-range",
                "'fiscal_year' is a Buddhist-era year such as 2567 / ปีงบประมาณเป็นปี พ.ศ. เช่น 2567");
        } else {
            page.fiscal_year = static_cast<int>(*fy);
        }
    }
    read_dates(f, config, page);
    read_kind(f, config, page);
    f.node("slug");     // read by assign_url
    f.node("aliases");  // read by assign_url
    f.allow(kind_fields.at(page.kind));
    if (page.kind == Kind::article) page.article = read_article(f);
    if (page.kind == Kind::sop) page.sop = read_sop(f);
    if (page.kind == Kind::plan)
        page.plan_tables = read_plan_tables(f, page, tree, f.diagnostics());
    // A gallery section's own page introduces the section; images are optional there.
    if (page.kind == Kind::gallery && (!(page.is_section_index || page.is_home) || f.has("images")))
        page.gallery = read_gallery(f, page, tree);
    f.finish(std::string(kind_name(page.kind)) + " page");
}

namespace {

// The two passes make a page's tree from its body by the same steps (pass 2
// must find the nodes pass 1 found), so each step is written once.

// Invisible control characters pasted into the text would make the feeds
// ill-formed XML and the page invalid HTML; leaving them out is harmless.
void clean_body(std::string& body, const std::string& path, int body_line,
                Diagnostics& diagnostics) {
    if (find_control_char(body))
        body = remove_control_chars(body, path, body_line, Severity::warning, "text-control-char",
                                    diagnostics);
}

DocPtr body_tree(const std::string& body, Page& page, const config::SiteConfig& config,
                 int body_line, Diagnostics& diagnostics) {
    DocPtr doc = parse_markdown(body);
    prepare_document(doc.get(), page, config.raw_html, body_line, diagnostics);
    return doc;
}

}  // namespace

ParsedPage parse_page(const source::SourceFile& file, PageReads& tree,
                      const config::SiteConfig& config, Diagnostics& diagnostics, bool keep_tree) {
    ParsedPage out;
    Page& page = out.page;
    page.source_path = file.path;
    page.rel_path = file.path.substr(std::string_view("content/").size());
    page.lastmod = file.lastmod;
    page.author = file.author;
    page.lang = config.language;
    if (auto bad = find_invalid_utf8(file.data())) {
        auto pos = position_of(file.data(), *bad);
        diagnostics.error(file.path, pos.line, pos.col, "utf8-invalid",
                          "text is not valid UTF-8 (saved as TIS-620 or Windows-874?); save the "
                          "file as UTF-8 / บันทึกไฟล์ด้วยการเข้ารหัส UTF-8");
        return out;
    }
    auto split = split_front_matter(file.data(), file.path, diagnostics);
    if (!split) return out;
    auto root = config::parse_yaml(split->yaml, file.path, split->yaml_line, diagnostics);
    if (!root) return out;
    if (!root->is_map()) {
        diagnostics.error(file.path, split->yaml_line, 1, "front-matter-shape",
                          "front matter must be 'key: value' lines / ส่วนหัวต้องเป็นบรรทัด ชื่อ: ค่า");
        return out;
    }
    // A required field that is missing is reported at the opening '---'.
    config::Fields fields(*root, file.path, split->yaml_line - 1, diagnostics);
    bool url_ok = assign_url(page, config, fields);
    read_front_matter(fields, config, tree, page);
    out.body_line = split->body_line;
    clean_body(split->body, file.path, out.body_line, diagnostics);
    if (!check_markdown_limits(split->body, file.path, out.body_line, diagnostics)) return out;
    out.doc = body_tree(split->body, page, config, out.body_line, diagnostics);
    out.ok = url_ok && !page.title.empty();
    if (!keep_tree) out.doc.reset();
    return out;
}

DocPtr reparse_markdown(const source::SourceFile& file, const Page& page,
                        const config::SiteConfig& config, int body_line) {
    Diagnostics quiet;  // pass 1 reported them
    auto split = split_front_matter(file.data(), file.path, quiet);
    if (!split) return nullptr;
    clean_body(split->body, file.path, body_line, quiet);
    // A page of its own for what prepare_document writes (the headings):
    // other threads read this page's headings as link targets meanwhile.
    Page scratch;
    scratch.source_path = page.source_path;
    scratch.lang = page.lang;
    return body_tree(split->body, scratch, config, body_line, quiet);
}

}  // namespace kmsite::content
