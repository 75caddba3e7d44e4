#include <cmark-gfm-core-extensions.h>

#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "content/internal.h"
#include "flowchart/flowchart.h"
#include "thai/thai.h"

namespace kmsite::content {

namespace {

constexpr int parse_options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;
// Raw HTML is neutralised in prepare_document unless the site opts in, so the
// renderer itself can pass through what is left.
constexpr int render_options = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES;

const char* const extension_names[] = {"table", "strikethrough", "autolink", "tagfilter",
                                       "tasklist"};

cmark_llist* extensions() {
    static cmark_llist* list = [] {
        cmark_gfm_core_extensions_ensure_registered();
        cmark_llist* l = nullptr;
        for (const char* name : extension_names) {
            l = cmark_llist_append(cmark_get_default_mem_allocator(), l,
                                   cmark_find_syntax_extension(name));
        }
        return l;
    }();
    return list;
}

std::vector<cmark_node*> nodes_of(cmark_node* doc, std::initializer_list<cmark_node_type> types) {
    std::vector<cmark_node*> out;
    cmark_iter* it = cmark_iter_new(doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER &&
            std::find(types.begin(), types.end(), cmark_node_get_type(n)) != types.end()) {
            out.push_back(n);
        }
    }
    cmark_iter_free(it);
    return out;
}

std::string literal_text(cmark_node* node) {
    std::string out;
    cmark_iter* it = cmark_iter_new(node);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        auto type = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)) {
            if (const char* lit = cmark_node_get_literal(n)) out += lit;
        } else if (ev == CMARK_EVENT_ENTER && type == CMARK_NODE_SOFTBREAK) {
            out += ' ';
        }
    }
    cmark_iter_free(it);
    return out;
}

// Raw HTML becomes visible text, so an editor's pasted markup can neither break
// the page nor run script.
void escape_raw_html(cmark_node* doc) {
    for (cmark_node* n : nodes_of(doc, {CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE})) {
        std::string literal = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
        while (!literal.empty() && literal.back() == '\n') literal.pop_back();
        cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
        cmark_node_set_literal(text, literal.c_str());
        if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK) {
            cmark_node* para = cmark_node_new(CMARK_NODE_PARAGRAPH);
            cmark_node_append_child(para, text);
            text = para;
        }
        cmark_node_replace(n, text);
        cmark_node_free(n);
    }
}

}  // namespace

DocPtr parse_markdown(const std::string& body) {
    cmark_parser* parser = cmark_parser_new(parse_options);
    for (cmark_llist* l = extensions(); l; l = l->next) {
        cmark_parser_attach_syntax_extension(parser, static_cast<cmark_syntax_extension*>(l->data));
    }
    cmark_parser_feed(parser, body.data(), body.size());
    // cmark-gfm adds its extensions' special characters ('~' for strikethrough)
    // to a process-wide table when inline parsing starts in cmark_parser_finish
    // and removes them when it ends, so two finishes at once can strip '~' from
    // each other. Block parsing (feed) stays parallel; finishing is one at a time.
    static std::mutex finish_mutex;
    DocPtr doc;
    {
        std::lock_guard lock(finish_mutex);
        doc.reset(cmark_parser_finish(parser));
    }
    cmark_parser_free(parser);
    return doc;
}

int source_line(cmark_node* node, int body_line) {
    for (cmark_node* n = node; n; n = cmark_node_parent(n)) {
        if (int line = cmark_node_get_start_line(n); line > 0) return body_line + line - 1;
    }
    return body_line;
}

int source_col(cmark_node* node) {
    for (cmark_node* n = node; n; n = cmark_node_parent(n)) {
        if (int col = cmark_node_get_start_column(n); col > 0) return col;
    }
    return 1;
}

namespace {

// ```mermaid blocks become a flowchart drawn now, with its steps as a list
// beside it; invalid charts are errors at their line in the file.
void draw_mermaid_blocks(cmark_node* doc, Page& page, int body_line, Diagnostics& diagnostics) {
    int count = 0;
    for (cmark_node* block : nodes_of(doc, {CMARK_NODE_CODE_BLOCK})) {
        const char* info = cmark_node_get_fence_info(block);
        if (!info || std::string_view(info).substr(0, 7) != "mermaid") continue;
        const char* code = cmark_node_get_literal(block);
        auto parsed = flowchart::parse_mermaid(code ? code : "");
        if (auto* error = std::get_if<flowchart::ParseError>(&parsed)) {
            int fence_line = source_line(block, body_line);
            diagnostics.error(page.source_path, fence_line + error->line, error->col,
                              "mermaid-syntax", "Mermaid flowchart: " + error->message);
            continue;
        }
        const auto& graph = std::get<flowchart::Graph>(parsed);
        bool english = page.lang == "en";
        std::string id = "fc-" + std::to_string(++count);
        std::string title = (english ? "Flowchart: " : "ผังขั้นตอน: ") + graph.nodes.front().text;
        std::string desc = english ? "The same steps are listed as text below the chart."
                                   : "ขั้นตอนเดียวกันนี้มีเป็นข้อความในรายการใต้แผนภาพ";
        std::string html = "<figure class=\"flowchart-figure\">" +
                           flowchart::draw_svg(graph, {id, title, desc}) + "<figcaption>" +
                           (english ? "Flowchart; its steps as text follow."
                                    : "ผังขั้นตอน ลำดับขั้นตอนในรูปแบบข้อความอยู่ถัดไป") +
                           "</figcaption></figure>" + flowchart::describe_html(graph);
        cmark_node* custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
        cmark_node_set_on_enter(custom, html.c_str());
        cmark_node_replace(block, custom);
        cmark_node_free(block);
    }
}

bool is_table(cmark_node* node) {
    return node && std::string_view(cmark_node_get_type_string(node)) == "table";
}

std::string caption_text(cmark_node* para) {
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return "";
    std::string text = literal_text(para);
    for (std::string_view prefix : {"ตาราง:", "Table:"}) {
        if (text.rfind(prefix, 0) != 0) continue;
        std::size_t at = text.find_first_not_of(' ', prefix.size());
        return at == std::string::npos ? "" : text.substr(at);
    }
    return "";
}

}  // namespace

void prepare_document(cmark_node* doc, Page& page, bool raw_html, int body_line,
                      Diagnostics& diagnostics) {
    if (!raw_html) escape_raw_html(doc);
    draw_mermaid_blocks(doc, page, body_line, diagnostics);
    // A table without a caption is found here, at its Markdown line, where
    // the editor can add one; the checker, which sees only the built page,
    // would point at a line of HTML (the build drops its duplicate).
    cmark_iter* it = cmark_iter_new(doc);
    for (cmark_event_type e; (e = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        if (e == CMARK_EVENT_ENTER && is_table(n) && caption_text(cmark_node_previous(n)).empty())
            diagnostics.warning(page.source_path, source_line(n, body_line), 1, "table-caption",
                                "table without a caption");
    }
    cmark_iter_free(it);
    // Ids the theme uses itself; a heading never takes them.
    std::unordered_set<std::string> used = {"main", "top", "site-nav", "search-results",
                                            "footnotes"};
    // Where each base's suffix search resumes. Ten thousand headings "a" would
    // otherwise try a-2, a-3, ... from the start each time (quadratic); this
    // way each id is tried once per base that can produce it, and only the
    // base without its last "-N" can.
    std::unordered_map<std::string, int> next_suffix;
    for (cmark_node* h : nodes_of(doc, {CMARK_NODE_HEADING})) {
        int level = cmark_node_get_heading_level(h);
        if (level == 1) {
            diagnostics.warning(page.source_path, source_line(h, body_line), 1, "heading-h1",
                                "the page title is the only level-1 heading; '#' headings in the "
                                "body are shown as level 2 (use '##') / ใช้ ## สำหรับหัวข้อในเนื้อหา");
            level = 2;
            cmark_node_set_heading_level(h, level);
        }
        std::string text = literal_text(h);
        std::string base = thai::slugify(text);
        if (base.empty()) base = "section";
        std::string id = base;
        if (used.count(id)) {
            int& n = next_suffix.try_emplace(base, 2).first->second;
            do {
                id = base + '-' + std::to_string(n++);
            } while (used.count(id));
        }
        used.insert(id);
        page.headings.push_back({level, id, text});
    }
}

namespace {

// Finds a fixed string in one text at positions that only move forward: each
// search resumes where the last one ended, so a whole scan costs one pass
// over the text however many times it is asked.
class ForwardFinder {
  public:
    ForwardFinder(std::string_view text, std::string_view pattern)
        : text_(text), pattern_(pattern) {}
    std::size_t from(std::size_t at) {
        if (!searched_ || (found_ != std::string_view::npos && found_ < at)) {
            found_ = text_.find(pattern_, at);
            searched_ = true;
        }
        return found_;
    }

  private:
    std::string_view text_, pattern_;
    std::size_t found_ = std::string_view::npos;
    bool searched_ = false;
};

}  // namespace

// cmark-gfm renders a task item as a bare disabled checkbox followed by its
// text; a <label> around both gives the checkbox its name (WCAG 4.1.2).
// Built in one pass: inserting into the string in place moved the rest of the
// page for every item (a page of task items took minutes).
std::string label_task_items(std::string html) {
    static constexpr std::string_view box = "<input type=\"checkbox\"";
    static constexpr std::string_view open = "<label class=\"task\">", close = "</label>";
    ForwardFinder boxes(html, box), tag_ends(html, "/>");
    ForwardFinder stops[] = {{html, "</li>"}, {html, "</p>"}, {html, "\n<ul"}, {html, "\n<ol"}};
    std::string out;
    std::size_t copied = 0;
    for (std::size_t at = boxes.from(0); at != std::string::npos; at = boxes.from(at + 1)) {
        std::size_t tag_end = tag_ends.from(at);
        if (tag_end == std::string::npos) break;
        std::size_t end = std::string::npos;
        for (auto& stop : stops) end = std::min(end, stop.from(tag_end));
        if (end == std::string::npos) break;
        if (out.empty()) out.reserve(html.size() + html.size() / 8);
        out.append(html, copied, at - copied).append(open);
        out.append(html, at, end - at).append(close);
        copied = end;
        at = end - 1;  // the next box starts after this item's end
    }
    if (copied == 0) return html;
    out.append(html, copied, std::string::npos);
    out.shrink_to_fit();  // held until the page is rendered: its bytes, no more
    return out;
}

// GFM tables have no caption syntax: a paragraph right before a table that
// starts "ตาราง:" or "Table:" becomes its <caption> (WCAG 1.3.1).
void caption_tables(cmark_node* doc) {
    for (cmark_node* para : nodes_of(doc, {CMARK_NODE_PARAGRAPH})) {
        cmark_node* table = cmark_node_next(para);
        if (!is_table(table)) continue;
        std::string caption = caption_text(para);
        if (caption.empty()) continue;
        char* rendered = cmark_render_html(table, render_options, extensions());
        std::string html(rendered);
        free(rendered);
        std::string escaped;
        for (char c : caption)
            escaped += c == '<'   ? "&lt;"
                       : c == '>' ? "&gt;"
                       : c == '&' ? "&amp;"
                                  : std::string(1, c);
        auto at = html.find("<table>");
        if (at == std::string::npos) continue;
        html.insert(at + 7, "\n<caption>" + escaped + "</caption>");
        cmark_node* block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
        cmark_node_set_on_enter(block, html.c_str());
        cmark_node_replace(table, block);
        cmark_node_free(table);
        cmark_node_unlink(para);
        cmark_node_free(para);
    }
}

std::string render_html(cmark_node* doc, const Page& page) {
    // Headings get their ids by being rendered alone and put back as custom blocks.
    auto headings = nodes_of(doc, {CMARK_NODE_HEADING});
    for (std::size_t i = 0; i < headings.size() && i < page.headings.size(); ++i) {
        cmark_node* h = headings[i];
        char* html = cmark_render_html(h, render_options, extensions());
        std::string tag(html);
        free(html);
        tag.insert(3, " id=\"" + page.headings[i].id + "\"");
        while (!tag.empty() && tag.back() == '\n') tag.pop_back();
        cmark_node* block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
        cmark_node_set_on_enter(block, tag.c_str());
        cmark_node_replace(h, block);
        cmark_node_free(h);
    }
    caption_tables(doc);
    char* html = cmark_render_html(doc, render_options, extensions());
    std::string out(html);
    free(html);
    // Column alignment as classes (the theme styles them) instead of the
    // obsolete align attribute cmark-gfm writes on table cells.
    // One pass: replacing in place moved the rest of the page for every cell.
    // Counted first so that the copy is allocated once at its final size:
    // every page's body is held until its page is rendered, and grown by
    // appends the bodies held 40% more memory than their bytes.
    static constexpr std::string_view align = " align=\"", as_class = " class=\"align-";
    static constexpr std::string_view values[] = {"left\"", "center\"", "right\""};
    auto value_at = [&](std::size_t at) -> std::string_view {
        for (std::string_view a : values)
            if (out.compare(at + align.size(), a.size(), a) == 0) return a;
        return {};
    };
    std::size_t cells = 0;
    for (auto at = out.find(align); at != std::string::npos; at = out.find(align, at + 1))
        cells += !value_at(at).empty();
    if (cells > 0) {
        std::string aligned;
        aligned.reserve(out.size() + cells * (as_class.size() - align.size()));
        std::size_t copied = 0;
        for (auto at = out.find(align); at != std::string::npos; at = out.find(align, at + 1)) {
            std::string_view a = value_at(at);
            if (a.empty()) continue;
            aligned.append(out, copied, at - copied).append(as_class).append(a);
            copied = at + align.size() + a.size();
            at = copied - 1;
        }
        aligned.append(out, copied, std::string::npos);
        out = std::move(aligned);
    }
    return label_task_items(std::move(out));
}

std::string render_field(const std::string& text, Page& page, const LinkTargets& targets, int line,
                         Diagnostics& diagnostics, LinkLog* log) {
    DocPtr doc = parse_markdown(text);
    escape_raw_html(doc.get());  // a field never carries raw HTML, whatever the site allows
    resolve_links(doc.get(), page, targets, false, line, diagnostics, log);
    char* html = cmark_render_html(doc.get(), render_options, extensions());
    std::string out(html);
    free(html);
    return label_task_items(std::move(out));
}

std::string plain_summary(cmark_node* doc, std::size_t max_chars) {
    auto paras = nodes_of(doc, {CMARK_NODE_PARAGRAPH});
    if (paras.empty()) return "";
    std::string text = literal_text(paras.front());
    if (text.size() <= max_chars) return text;
    std::size_t cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "…";
}

}  // namespace kmsite::content
