// Layout: one column, one node per row, so boxes cannot overlap. An edge to
// the next row is a straight arrow down; every other edge (a skip, a loop back,
// a second branch) leaves the node sideways and runs in a vertical lane beside
// the column. Lanes are assigned so that no two edges share a lane over the
// same rows, and edge labels sit between the column and the first lane, where
// no lane can cross them.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <sstream>

#include "flowchart/flowchart.h"
#include "core/core.h"
#include "flowchart/text_wrap.h"

namespace kmsite::flowchart {

namespace {

constexpr double box_width = 260;
constexpr double line_height = 20;
constexpr double row_gap = 40;
constexpr double margin = 16;
constexpr double lane_gap = 18;
constexpr double connector_radius = 14;
constexpr double entry_offset = 10;  // side entries arrive above the centre, exits leave at it

struct Box {
    double cx = 0, cy = 0, w = 0, h = 0;
    std::vector<std::string> lines;
    Shape shape = Shape::process;
    double top() const { return cy - h / 2; }
    double bottom() const { return cy + h / 2; }
    // Where a horizontal line at cy+dy meets the outline on one side.
    double side_x(double dy, int side) const {
        double half = w / 2, ady = std::min(std::abs(dy), h / 2);
        double x = half;
        switch (shape) {
            case Shape::process:
                break;
            case Shape::terminal: {
                double r = h / 2;
                x = half - r + std::sqrt(std::max(0.0, r * r - ady * ady));
                break;
            }
            case Shape::decision:
                x = half * (1 - ady / (h / 2));
                break;
            case Shape::connector:
                x = std::sqrt(std::max(0.0, connector_radius * connector_radius - ady * ady));
                break;
        }
        return cx + side * x;
    }
};

struct Route {
    std::size_t edge;
    std::size_t from, to;
    int side = 0;  // 0: straight down; +1 right lane; -1 left lane
    int lane = 0;
    double exit_dy = 0;
};

Box measure(const Node& node) {
    Box b;
    b.shape = node.shape;
    if (node.shape == Shape::connector && node.text.empty()) {
        b.w = b.h = connector_radius * 2;
        return b;
    }
    if (b.shape == Shape::connector)
        b.shape = Shape::terminal;  // a labelled circle reads better as an oval
    b.w = box_width;
    if (b.shape == Shape::decision) {
        // The text block must fit inside the diamond: x/a + y/b <= 1.
        b.lines = wrap(node.text, 140);
        double half_text = std::max<double>(1, b.lines.size()) * line_height / 2 + 4;
        b.h = std::max(72.0, 2 * std::ceil(half_text / (1 - 70.0 / (box_width / 2))));
    } else {
        b.lines = wrap(node.text, box_width - 28);
        b.h = std::max(44.0, std::max<double>(1, b.lines.size()) * line_height + 20);
    }
    return b;
}

std::string fmt(double v) {
    std::ostringstream s;
    s << std::round(v * 10) / 10;
    return s.str();
}

// Routes: the first edge to the next row goes down; the rest take lanes,
// alternating right and left, shortest spans nearest the column.
std::vector<Route> plan_routes(const Graph& g) {
    std::vector<Route> routes;
    std::vector<bool> has_down(g.nodes.size(), false);
    std::vector<int> side_exits(g.nodes.size(), 0);
    for (std::size_t e = 0; e < g.edges.size(); ++e) {
        const auto& edge = g.edges[e];
        Route r{e, edge.from, edge.to};
        if (edge.to == edge.from + 1 && !has_down[edge.from]) {
            has_down[edge.from] = true;
        } else {
            int k = side_exits[edge.from]++;
            r.side = k % 2 == 0 ? 1 : -1;
            r.exit_dy = (k / 2) * 12.0;
        }
        routes.push_back(r);
    }
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < routes.size(); ++i)
        if (routes[i].side != 0) order.push_back(i);
    auto span = [&](const Route& r) { return std::max(r.from, r.to) - std::min(r.from, r.to); };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return span(routes[a]) < span(routes[b]);
    });
    // Per side, per lane: the row spans it carries, disjoint, by first row. A
    // span clashes with a lane only if it meets the last span starting at or
    // before its own end, so each test is a logarithmic lookup (a list scan
    // made charts of many steps quadratic).
    std::vector<std::map<std::size_t, std::size_t>> lanes[2];
    auto clashes = [](const std::map<std::size_t, std::size_t>& lane, std::size_t lo,
                      std::size_t hi) {
        auto it = lane.upper_bound(hi);
        return it != lane.begin() && std::prev(it)->second >= lo;
    };
    for (std::size_t i : order) {
        Route& r = routes[i];
        auto& side_lanes = lanes[r.side > 0 ? 0 : 1];
        std::size_t lo = std::min(r.from, r.to), hi = std::max(r.from, r.to);
        std::size_t lane = 0;
        while (lane < side_lanes.size() && clashes(side_lanes[lane], lo, hi)) ++lane;
        if (lane == side_lanes.size()) side_lanes.emplace_back();
        side_lanes[lane].emplace(lo, hi);
        r.lane = static_cast<int>(lane);
    }
    return routes;
}

void draw_node(std::ostringstream& svg, const Box& b) {
    std::string x = fmt(b.cx - b.w / 2), y = fmt(b.top()), w = fmt(b.w), h = fmt(b.h);
    switch (b.shape) {
        case Shape::process:
            svg << "<rect class=\"fc-node fc-process\" x=\"" << x << "\" y=\"" << y << "\" width=\""
                << w << "\" height=\"" << h << "\" rx=\"3\"/>";
            break;
        case Shape::terminal:
            svg << "<rect class=\"fc-node fc-terminal\" x=\"" << x << "\" y=\"" << y
                << "\" width=\"" << w << "\" height=\"" << h << "\" rx=\"" << fmt(b.h / 2)
                << "\"/>";
            break;
        case Shape::decision:
            svg << "<polygon class=\"fc-node fc-decision\" points=\"" << fmt(b.cx) << ',' << y
                << ' ' << fmt(b.cx + b.w / 2) << ',' << fmt(b.cy) << ' ' << fmt(b.cx) << ','
                << fmt(b.bottom()) << ' ' << fmt(b.cx - b.w / 2) << ',' << fmt(b.cy) << "\"/>";
            break;
        case Shape::connector:
            svg << "<circle class=\"fc-node fc-connector\" cx=\"" << fmt(b.cx) << "\" cy=\""
                << fmt(b.cy) << "\" r=\"" << fmt(connector_radius) << "\"/>";
            break;
    }
    if (b.lines.empty()) return;
    double first = b.cy - (b.lines.size() - 1) * line_height / 2 + 5;
    svg << "<text class=\"fc-text\" text-anchor=\"middle\">";
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
        svg << "<tspan x=\"" << fmt(b.cx) << "\" y=\"" << fmt(first + i * line_height) << "\">"
            << xml_escape(b.lines[i]) << "</tspan>";
    }
    svg << "</text>";
}

}  // namespace

std::string draw_svg(const Graph& g, const DrawOptions& options) {
    std::vector<Box> boxes;
    for (const auto& n : g.nodes) boxes.push_back(measure(n));
    auto routes = plan_routes(g);

    // Lanes start beyond the widest side label, so labels never meet a lane.
    double label_room[2] = {24, 24};
    int lane_count[2] = {0, 0};
    for (const auto& r : routes) {
        if (r.side == 0) continue;
        int s = r.side > 0 ? 0 : 1;
        // Labels are bold and a little wider than body text: keep a clear gap.
        label_room[s] = std::max(label_room[s], text_width(g.edges[r.edge].label) * 1.1 + 22);
        lane_count[s] = std::max(lane_count[s], r.lane + 1);
    }
    auto side_extent = [&](int s) {
        return lane_count[s] == 0 ? margin
                                  : label_room[s] + (lane_count[s] - 1) * lane_gap + margin;
    };
    double left = side_extent(1), right = side_extent(0);
    double cx = left + box_width / 2;
    double y = margin;
    for (auto& b : boxes) {
        b.cx = cx;
        b.cy = y + b.h / 2;
        y += b.h + row_gap;
    }
    double height = y - row_gap + margin;
    double width = left + box_width + right;
    auto lane_x = [&](const Route& r) {
        int s = r.side > 0 ? 0 : 1;
        return cx + r.side * (box_width / 2 + label_room[s] + r.lane * lane_gap);
    };

    std::ostringstream svg;
    std::string id = xml_escape(options.id);
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flowchart\" viewBox=\"0 0 "
        << fmt(width) << ' ' << fmt(height) << "\" width=\"" << fmt(width) << "\" height=\""
        << fmt(height) << "\" role=\"img\" aria-labelledby=\"" << id << "-title " << id
        << "-desc\">"
        << "<title id=\"" << id << "-title\">" << xml_escape(options.title) << "</title>"
        << "<desc id=\"" << id << "-desc\">" << xml_escape(options.description) << "</desc>"
        << "<defs><marker id=\"" << id << "-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
        << "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path class=\"fc-arrow\" "
        << "d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>";
    std::ostringstream labels;
    svg << "<g class=\"fc-edges\">";
    for (const auto& r : routes) {
        const Box& a = boxes[r.from];
        const Box& b = boxes[r.to];
        const std::string& label = g.edges[r.edge].label;
        svg << "<path class=\"fc-edge\" marker-end=\"url(#" << id << "-arrow)\" d=\"";
        if (r.side == 0) {
            svg << 'M' << fmt(a.cx) << ',' << fmt(a.bottom()) << " V" << fmt(b.top()) << "\"/>";
            if (!label.empty()) {
                labels << "<text class=\"fc-label\" x=\"" << fmt(a.cx + 8) << "\" y=\""
                       << fmt(a.bottom() + 22) << "\">" << xml_escape(label) << "</text>";
            }
            continue;
        }
        double exit_y = a.cy + r.exit_dy, entry_y = b.cy - entry_offset;
        double start_x = a.side_x(r.exit_dy, r.side), end_x = b.side_x(-entry_offset, r.side);
        double lx = lane_x(r);
        svg << 'M' << fmt(start_x) << ',' << fmt(exit_y) << " H" << fmt(lx) << " V" << fmt(entry_y)
            << " H" << fmt(end_x) << "\"/>";
        if (!label.empty()) {
            labels << "<text class=\"fc-label\" x=\"" << fmt(start_x + r.side * 6) << "\" y=\""
                   << fmt(exit_y + 17) << "\" text-anchor=\"" << (r.side > 0 ? "start" : "end")
                   << "\">" << xml_escape(label) << "</text>";
        }
    }
    svg << "</g><g class=\"fc-nodes\">";
    for (const auto& b : boxes) draw_node(svg, b);
    svg << "</g><g class=\"fc-labels\">" << labels.str() << "</g></svg>";
    return svg.str();
}

std::string describe_html(const Graph& g) {
    std::ostringstream out;
    out << "<ol class=\"flowchart-steps\">";
    // Edges by node, found once (a scan of all edges per node was quadratic).
    std::vector<bool> has_in_edge(g.nodes.size(), false);
    std::vector<std::vector<const Edge*>> outgoing(g.nodes.size());
    for (const auto& e : g.edges) {
        if (e.to < g.nodes.size()) has_in_edge[e.to] = true;
        if (e.from < g.nodes.size()) outgoing[e.from].push_back(&e);
    }
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        const auto& n = g.nodes[i];
        bool has_in = has_in_edge[i];
        std::string text = !n.text.empty() ? n.text : !has_in ? "จุดเริ่มต้น" : "จุดสิ้นสุด";
        out << "<li>" << xml_escape(text);
        std::vector<std::string> moves;
        for (const Edge* edge : outgoing[i]) {
            const Edge& e = *edge;
            if (e.to == i + 1 && e.label.empty()) continue;  // simply the next item
            std::string where = "ขั้นตอนที่ " + std::to_string(e.to + 1);
            moves.push_back(e.label.empty() ? "ไปที่" + where
                                            : "ถ้า" + xml_escape(e.label) + " ไปที่" + where);
        }
        if (!moves.empty()) {
            out << " (";
            for (std::size_t k = 0; k < moves.size(); ++k) out << (k ? "; " : "") << moves[k];
            out << ')';
        }
        out << "</li>";
    }
    out << "</ol>";
    return out.str();
}

}  // namespace kmsite::flowchart
