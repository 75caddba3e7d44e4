#include "flowchart/flowchart.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "flowchart/text_wrap.h"

using namespace kmsite::flowchart;

namespace {

Graph parse_ok(std::string_view text) {
    auto r = parse_mermaid(text);
    if (auto* e = std::get_if<ParseError>(&r))
        FAIL("parse error " << e->line << ":" << e->col << " " << e->message);
    return std::get<Graph>(r);
}

struct Rect {
    double top, bottom;
};

// Vertical extents of every node shape in the SVG.
std::vector<Rect> node_extents(const std::string& svg) {
    std::vector<Rect> out;
    std::regex rect(
        R"re(<rect class="fc-node[^"]*" x="[-\d.]+" y="([-\d.]+)" width="[\d.]+" height="([\d.]+)")re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), rect); it != std::sregex_iterator();
         ++it) {
        double y = std::stod((*it)[1]);
        out.push_back({y, y + std::stod((*it)[2])});
    }
    std::regex poly(
        R"re(<polygon class="fc-node fc-decision" points="[\d.]+,([\d.]+) [\d.]+,[\d.]+ [\d.]+,([\d.]+))re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), poly); it != std::sregex_iterator();
         ++it) {
        out.push_back({std::stod((*it)[1]), std::stod((*it)[2])});
    }
    std::regex circle(
        R"re(<circle class="fc-node fc-connector" cx="[\d.]+" cy="([\d.]+)" r="([\d.]+)")re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), circle);
         it != std::sregex_iterator(); ++it) {
        double cy = std::stod((*it)[1]), r = std::stod((*it)[2]);
        out.push_back({cy - r, cy + r});
    }
    return out;
}

}  // namespace

TEST_CASE("Mermaid subset: shapes, labelled edges, chains, statements on one line") {
    auto g = parse_ok(
        "graph TD\n  A([เริ่ม]) --> B[ทำงาน]\n  B --> C{อนุมัติ?}\n"
        "  C -- \"ไม่ผ่าน\" --> B\n  C -->|ผ่าน| D(สรุป) --> E(())\n");
    REQUIRE(g.nodes.size() == 5);
    CHECK(g.nodes[0].shape == Shape::terminal);
    CHECK(g.nodes[1].shape == Shape::process);
    CHECK(g.nodes[2].shape == Shape::decision);
    CHECK(g.nodes[2].text == "อนุมัติ?");
    CHECK(g.nodes[4].shape == Shape::connector);
    CHECK(g.nodes[4].text.empty());
    REQUIRE(g.edges.size() == 5);
    CHECK(g.edges[2].label == "ไม่ผ่าน");
    CHECK(g.edges[3].label == "ผ่าน");
    auto one_line = parse_ok("graph TD A[ก] --> B[ข] B --> C[ค]; C --> A");
    CHECK(one_line.nodes.size() == 3);
    CHECK(one_line.edges.size() == 3);
}

TEST_CASE("Mermaid errors carry line and character column") {
    auto r = parse_mermaid("graph TD\n  A[ก] --> B[ข\n");
    REQUIRE(std::holds_alternative<ParseError>(r));
    CHECK(std::get<ParseError>(r).line == 2);
    r = parse_mermaid("graph LR\nA-->B");
    REQUIRE(std::holds_alternative<ParseError>(r));
    CHECK(std::get<ParseError>(r).message.find("top-down") != std::string::npos);
    r = parse_mermaid("graph TD\nขั้น --> B");  // ids are ASCII in Mermaid
    REQUIRE(std::holds_alternative<ParseError>(r));
    CHECK(std::get<ParseError>(r).col == 1);
    r = parse_mermaid("graph TD\n  ก[x] --> B");
    CHECK(std::get<ParseError>(r).col == 3);
}

TEST_CASE("every flowchart of the example portal's SOPs parses and draws one box per row") {
    // The SOPs in content/ carry Mermaid flowcharts as offices write them.
    std::regex fence("```mermaid\n([\\s\\S]*?)```");
    int ok = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(KMSITE_SOURCE_DIR) + "/content/sop")) {
        std::ifstream in(entry.path());
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        for (auto it = std::sregex_iterator(text.begin(), text.end(), fence);
             it != std::sregex_iterator(); ++it) {
            auto r = parse_mermaid((*it)[1].str());
            INFO(entry.path().string());
            REQUIRE(std::holds_alternative<Graph>(r));
            ++ok;
            const auto& g = std::get<Graph>(r);
            std::string svg = draw_svg(g, {"fc", "t", "d"});
            // One box per row: no two nodes share any vertical extent.
            auto boxes = node_extents(svg);
            CHECK(boxes.size() == g.nodes.size());
            std::sort(boxes.begin(), boxes.end(), [](auto a, auto b) { return a.top < b.top; });
            for (std::size_t i = 1; i < boxes.size(); ++i)
                CHECK(boxes[i].top > boxes[i - 1].bottom);
        }
    }
    CHECK(ok >= 5);
    // Written on one line, as flowcharts pasted from a web page arrive.
    auto one_line = parse_mermaid(
        "graph TD A([ตั้งคณะทำงาน]) --> B[วางแผน] B --> C{เสนอผู้บริหาร} C --> D([เผยแพร่]) "
        "C -- ไม่อนุมัติ --> E[ปรับปรุงแผน] E --> B ");
    CHECK(std::holds_alternative<Graph>(one_line));
    // A label outside any label syntax ("C --> ไม่ผ่าน D[...]") is an error that
    // says how to label an arrow.
    auto broken = parse_mermaid(
        "graph TD\nA([เริ่ม]) --> B[ตรวจเอกสาร]\nB --> C{ครบถ้วน}\nC --> ไม่ผ่าน D[แจ้งแก้ไข]\n");
    REQUIRE(std::holds_alternative<ParseError>(broken));
    CHECK(std::get<ParseError>(broken).message.find("to label an arrow") != std::string::npos);
}

TEST_CASE("labels sit between the column and the first lane; lanes do not share rows") {
    // A decision whose "no" loops back while a later step also loops back over it.
    auto g = parse_ok(
        "graph TD\nA([เริ่ม]) --> B[ทำ]\nB --> C{ตรวจ}\nC -- ไม่ผ่านการตรวจสอบ --> B\n"
        "C -- ผ่าน --> D[ส่ง]\nD --> E{ยืนยัน}\nE -- ไม่ยืนยัน --> A\nE -- ยืนยัน --> F([จบ])\n");
    std::string svg = draw_svg(g, {"fc", "t", "d"});
    std::regex lane_path(R"re(d="M([\d.]+),[\d.]+ H([\d.]+) V[\d.]+ H[\d.]+")re");
    std::vector<double> lane_xs;
    double box_right = 0;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), lane_path);
         it != std::sregex_iterator(); ++it) {
        box_right = std::max(box_right, std::stod((*it)[1]));
        lane_xs.push_back(std::stod((*it)[2]));
    }
    REQUIRE(lane_xs.size() == 2);
    CHECK(lane_xs[0] != lane_xs[1]);  // overlapping spans B..C and A..E: separate lanes
    std::regex label(
        R"re(<text class="fc-label" x="([\d.]+)" y="[\d.]+" text-anchor="start">([^<]+)<)re");
    int labels = 0;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), label);
         it != std::sregex_iterator(); ++it, ++labels) {
        double x = std::stod((*it)[1]);
        double end = x + text_width((*it)[2].str()) * 1.1;
        CHECK(end < *std::min_element(lane_xs.begin(), lane_xs.end()));
    }
    CHECK(labels == 2);
    CHECK(svg.find("role=\"img\"") != std::string::npos);
    CHECK(svg.find("<title id=\"fc-title\">t</title>") != std::string::npos);
    CHECK(svg.find("<desc id=\"fc-desc\">d</desc>") != std::string::npos);
}

TEST_CASE("Thai text wraps at word boundaries inside boxes") {
    auto lines = wrap("จัดทำแผนการดำเนินการความมั่นคงปลอดภัยทางไซเบอร์ของสำนักงานเขตพื้นที่การศึกษา", 150);
    REQUIRE(lines.size() > 1);
    for (const auto& l : lines) CHECK(text_width(l) <= 150);
    std::string joined;
    for (const auto& l : lines) joined += l;
    CHECK(joined == "จัดทำแผนการดำเนินการความมั่นคงปลอดภัยทางไซเบอร์ของสำนักงานเขตพื้นที่การศึกษา");
    CHECK(lines[0].find("จัดทำแผน") == 0);       // not cut inside a word
    CHECK(text_width("ก่") == text_width("ก"));  // tone marks take no width
}

TEST_CASE("the text alternative lists every node and where branches go") {
    auto g = parse_ok("graph TD\nA([เริ่ม]) --> B{ตรวจ}\nB -- ผ่าน --> C([จบ])\nB -- ไม่ผ่าน --> A\n");
    std::string html = describe_html(g);
    CHECK(html ==
          "<ol class=\"flowchart-steps\"><li>เริ่ม</li><li>ตรวจ (ถ้าผ่าน ไปที่ขั้นตอนที่ 3; "
          "ถ้าไม่ผ่าน ไปที่ขั้นตอนที่ 1)</li><li>จบ</li></ol>");
}
