// flowchart: top-down flowcharts drawn at build time as accessible inline SVG,
// from SOP steps or from the Mermaid `graph TD` subset that Thai SOP documents
// use. No JavaScript: the picture is in the page, the text alternative beside it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kmsite::flowchart {

enum class Shape {
    terminal,   // start or end: an oval
    process,    // a task: a rectangle
    decision,   // a diamond
    connector,  // a small circle (Mermaid "(( ))")
};

struct Node {
    std::string id;
    std::string text;
    Shape shape = Shape::process;
};

struct Edge {
    std::size_t from = 0, to = 0;
    std::string label;  // "ผ่าน", "ไม่ผ่าน", or empty
};

// Nodes are drawn top to bottom in their order here.
struct Graph {
    std::vector<Node> nodes;
    std::vector<Edge> edges;
};

struct DrawOptions {
    std::string id;           // unique on the page; prefixes the SVG's own ids
    std::string title;        // <title>: what the chart is
    std::string description;  // <desc>: where to find the steps as text
};

// The chart as <svg role="img"> with <title> and <desc>. Boxes never overlap
// (one per row); edges that skip or loop back run in lanes beside the column,
// each in its own lane, with labels placed where no lane passes.
std::string draw_svg(const Graph& graph, const DrawOptions& options);

// An ordered list describing the chart in words, for screen readers and as the
// chart's text alternative: "ถ้า ผ่าน ไปที่ขั้นตอนที่ 5".
std::string describe_html(const Graph& graph);

struct ParseError {
    int line = 1;  // within the Mermaid text, 1-based
    int col = 1;
    std::string message;
};

// Mermaid `graph TD` / `flowchart TD` (also TB): nodes A[..], A(..), A([..]),
// A{..}, A((..)), A(()) and edges -->, ---, -- text -->, -->|text|, chained.
std::variant<Graph, ParseError> parse_mermaid(std::string_view text);

}  // namespace kmsite::flowchart
