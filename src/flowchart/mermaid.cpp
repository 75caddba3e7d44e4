// The Mermaid flowchart subset found in Thai SOP documents. Parsing is a small
// cursor over each statement; every error names its line and column.
#include <cctype>
#include <map>
#include <optional>

#include "flowchart/flowchart.h"

namespace kmsite::flowchart {

namespace {

// A chart is drawn as one column of boxes: beyond a few hundred steps it can
// no longer be read, and edges that skip rows need a lane each. The bounds
// keep the layout's lane search (steps x lanes) small.
constexpr std::size_t max_nodes = 500;
constexpr std::size_t max_edges = 1000;

struct Failure {
    ParseError error;
};

struct Cursor {
    std::string_view s;
    std::size_t pos = 0;
    int line;
    int col_base;  // column of s[0] in its line

    bool done() const { return pos >= s.size(); }
    char peek(std::size_t ahead = 0) const {
        return pos + ahead < s.size() ? s[pos + ahead] : '\0';
    }
    bool starts(std::string_view t) const { return s.substr(pos, t.size()) == t; }
    void skip_spaces() {
        while (!done() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
    }
    // Columns count characters, as editors show them, not UTF-8 bytes.
    [[noreturn]] void fail(const std::string& message) const {
        int chars = 0;
        for (std::size_t i = 0; i < pos && i < s.size(); ++i) {
            chars += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
        }
        throw Failure{{line, col_base + chars, message}};
    }
};

bool id_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

std::string strip_quotes(std::string_view t) {
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
    return std::string(t);
}

// Reads text up to `close`, which must appear before the end of the statement.
std::string until(Cursor& c, std::string_view close) {
    std::size_t end = c.s.find(close, c.pos);
    if (end == std::string_view::npos) c.fail("missing '" + std::string(close) + "'");
    std::string text = strip_quotes(c.s.substr(c.pos, end - c.pos));
    c.pos = end + close.size();
    return text;
}

struct Builder {
    Graph graph;
    std::map<std::string, std::size_t> index;

    std::size_t node(const std::string& id, std::optional<std::pair<Shape, std::string>> shape) {
        auto [it, fresh] = index.emplace(id, graph.nodes.size());
        if (fresh) graph.nodes.push_back({id, id, Shape::process});
        Node& n = graph.nodes[it->second];
        if (shape) {
            n.shape = shape->first;
            n.text = shape->second;
        }
        return it->second;
    }
};

std::optional<std::pair<Shape, std::string>> read_shape(Cursor& c) {
    struct Opening {
        std::string_view open, close;
        Shape shape;
    };
    // Longest openings first.
    static const Opening openings[] = {
        {"(((", ")))", Shape::connector}, {"((", "))", Shape::connector},
        {"([", "])", Shape::terminal},    {"[[", "]]", Shape::process},
        {"[(", ")]", Shape::process},     {"{{", "}}", Shape::process},
        {"[/", "/]", Shape::process},     {"[\\", "\\]", Shape::process},
        {"[", "]", Shape::process},       {"(", ")", Shape::process},
        {"{", "}", Shape::decision},      {">", "]", Shape::process},
    };
    for (const auto& o : openings) {
        if (!c.starts(o.open)) continue;
        c.pos += o.open.size();
        return std::pair{o.shape, until(c, o.close)};
    }
    return std::nullopt;
}

std::size_t read_node(Cursor& c, Builder& b) {
    c.skip_spaces();
    std::size_t start = c.pos;
    while (!c.done() && id_char(c.peek()) && !c.starts("--") && !c.starts("-.")) ++c.pos;
    if (c.pos == start) {
        if (static_cast<unsigned char>(c.peek()) >= 0x80) {  // Thai text where an id belongs
            c.fail(
                "expected a node id such as A or Step1; to label an arrow write "
                "A -- ข้อความ --> B or A -->|ข้อความ| B");
        }
        c.fail("expected a node id such as A or Step1");
    }
    std::string id(c.s.substr(start, c.pos - start));
    auto shape = read_shape(c);
    std::size_t index = b.node(id, shape);
    if (b.graph.nodes.size() > max_nodes) {
        c.pos = start;
        c.fail("a flowchart may have at most " + std::to_string(max_nodes) +
               " steps; split it into several charts / ผังขั้นตอนหนึ่งภาพมีได้ไม่เกิน " +
               std::to_string(max_nodes) + " ขั้นตอน แบ่งเป็นหลายภาพ");
    }
    return index;
}

// An edge: -->, ---, ==>, -.->, with an optional label as "-- text -->" or "-->|text|".
std::optional<std::string> read_edge(Cursor& c) {
    std::string label;
    if (c.starts("-->") || c.starts("---") || c.starts("==>") || c.starts("-.->")) {
        c.pos += c.starts("-.->") ? 4 : 3;
        while (c.peek() == '-' || c.peek() == '>') ++c.pos;
    } else if (c.starts("--") || c.starts("==") || c.starts("-.")) {
        bool dotted = c.starts("-.");
        c.pos += 2;
        std::string_view close = dotted ? ".->" : (c.s[c.pos - 1] == '=' ? "==>" : "-->");
        std::size_t end = c.s.find(close, c.pos);
        if (end == std::string_view::npos && !dotted) {
            close = "---";
            end = c.s.find(close, c.pos);
        }
        if (end == std::string_view::npos) c.fail("edge label is not closed with -->");
        label = strip_quotes(c.s.substr(c.pos, end - c.pos));
        c.pos = end + close.size();
    } else {
        c.fail("expected an arrow such as --> after the node");
    }
    c.skip_spaces();
    if (c.peek() == '|') {
        ++c.pos;
        label = until(c, "|");
    }
    return label;
}

// Statements: `A --> B --> C`. Several may share a line with only spaces
// between them (Mermaid allows it, and text copied out of PDFs has it): a
// node id where an arrow could be starts the next statement.
void read_statements(Cursor& c, Builder& b) {
    c.skip_spaces();
    while (!c.done()) {
        std::size_t from = read_node(c, b);
        c.skip_spaces();
        while (!c.done() && (c.peek() == '-' || c.peek() == '=')) {
            auto label = read_edge(c);
            std::size_t to = read_node(c, b);
            b.graph.edges.push_back({from, to, *label});
            if (b.graph.edges.size() > max_edges) {
                c.fail("a flowchart may have at most " + std::to_string(max_edges) +
                       " arrows; split it into several charts / ผังขั้นตอนหนึ่งภาพมีลูกศรได้ไม่เกิน " +
                       std::to_string(max_edges) + " เส้น แบ่งเป็นหลายภาพ");
            }
            from = to;
            c.skip_spaces();
        }
    }
}

}  // namespace

std::variant<Graph, ParseError> parse_mermaid(std::string_view text) {
    Builder b;
    bool header = false;
    int line_no = 0;
    std::size_t start = 0;
    try {
        while (start <= text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string_view::npos) end = text.size();
            std::string_view line = text.substr(start, end - start);
            ++line_no;
            start = end + 1;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            std::size_t indent = line.find_first_not_of(" \t");
            if (indent == std::string_view::npos || line.substr(indent, 2) == "%%") continue;
            // Statements are separated by newlines or ';'.
            std::size_t stmt_start = indent;
            // The column of stmt_start, carried forward from statement to
            // statement (counting from the line start each time was quadratic
            // in the statements on one line).
            std::size_t counted = 0;
            int col = 1;
            while (stmt_start < line.size()) {
                std::size_t stmt_end = line.find(';', stmt_start);
                if (stmt_end == std::string_view::npos) stmt_end = line.size();
                std::string_view stmt = line.substr(stmt_start, stmt_end - stmt_start);
                for (; counted < stmt_start; ++counted) {
                    col += (static_cast<unsigned char>(line[counted]) & 0xC0) != 0x80;
                }
                Cursor c{stmt, 0, line_no, col};
                c.skip_spaces();
                if (!header) {
                    for (std::string_view kw : {"graph", "flowchart"}) {
                        if (c.starts(kw) &&
                            (c.peek(kw.size()) == ' ' || c.peek(kw.size()) == '\0')) {
                            c.pos += kw.size();
                            header = true;
                        }
                    }
                    if (!header)
                        c.fail("a Mermaid flowchart starts with 'graph TD' or 'flowchart TD'");
                    c.skip_spaces();
                    std::size_t dir_start = c.pos;
                    while (!c.done() && c.peek() != ' ') ++c.pos;
                    std::string_view dir = stmt.substr(dir_start, c.pos - dir_start);
                    if (dir != "TD" && dir != "TB") {
                        c.pos = dir_start;
                        c.fail("only top-down charts (graph TD or TB) are drawn; got '" +
                               std::string(dir) + "'");
                    }
                }
                read_statements(c, b);
                stmt_start = stmt_end + 1;
            }
            if (end == text.size()) break;
        }
    } catch (const Failure& f) {
        return f.error;
    }
    if (!header) return ParseError{1, 1, "empty Mermaid block"};
    if (b.graph.nodes.empty()) return ParseError{line_no, 1, "the chart has no nodes"};
    return b.graph;
}

}  // namespace kmsite::flowchart
