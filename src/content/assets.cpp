// Files under content/ that are not pages are published as they are, so the
// ones a browser can run (HTML, SVG with script, XML with a stylesheet) are
// checked here, and pictures and PDFs must be what their extension says: a
// browser that sniffs an "x.png" holding SVG or HTML would run it.
#include <tinyxml2.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "content/internal.h"

namespace kmsite::content {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string local_name(const char* name) {
    std::string n = lower(name ? name : "");
    auto colon = n.rfind(':');
    return colon == std::string::npos ? n : n.substr(colon + 1);
}

bool starts(std::string_view data, std::string_view magic, std::size_t at = 0) {
    return data.size() >= at + magic.size() && data.substr(at, magic.size()) == magic;
}

// What the bytes are, by their signature ("" when none is recognised).
std::string sniff(std::string_view d) {
    using namespace std::string_view_literals;
    if (starts(d, "\x89PNG\r\n\x1a\n"sv)) return "png";
    if (starts(d, "\xFF\xD8\xFF"sv)) return "jpeg";
    if (starts(d, "GIF87a") || starts(d, "GIF89a")) return "gif";
    if (starts(d, "RIFF") && starts(d, "WEBP", 8)) return "webp";
    if (starts(d, "II*\0"sv) || starts(d, "MM\0*"sv)) return "tiff";
    if (starts(d, "ftypavif", 4) || starts(d, "ftypavis", 4)) return "avif";
    if (d.substr(0, 1024).find("%PDF-") != std::string_view::npos) return "pdf";
    std::string head = lower(d.substr(0, 4096));
    if (head.find("<svg") != std::string::npos) return "svg";
    if (head.find("<html") != std::string::npos ||
        head.find("<!doctype html") != std::string::npos ||
        head.find("<script") != std::string::npos)
        return "html";
    return "";
}

struct Expected {
    const char* ext;
    const char* type;
    const char* what;
};
constexpr Expected signatures[] = {
    {".png", "png", "a PNG picture"},    {".jpg", "jpeg", "a JPEG picture"},
    {".jpeg", "jpeg", "a JPEG picture"}, {".gif", "gif", "a GIF picture"},
    {".webp", "webp", "a WebP picture"}, {".tif", "tiff", "a TIFF picture"},
    {".tiff", "tiff", "a TIFF picture"}, {".avif", "avif", "an AVIF picture"},
    {".pdf", "pdf", "a PDF document"},
};

// Files a browser opens as a web page, with the site's origin.
constexpr const char* html_extensions[] = {".html",  ".htm", ".xhtml", ".xht",
                                           ".shtml", ".mht", ".mhtml"};

// Files a browser opens as an XML document (nginx and Apache map them to
// */xml or *+xml types), where XHTML or SVG inside runs script.
constexpr const char* xml_extensions[] = {".xml",  ".rss",  ".atom", ".rdf",  ".xsd", ".kml",
                                          ".gpx",  ".xspf", ".xul",  ".xbl",  ".mml", ".smil",
                                          ".opml", ".wsdl", ".xlf",  ".xliff"};

constexpr const char* xhtml_ns = "http://www.w3.org/1999/xhtml";

struct ActiveCheck {
    const source::SourceFile& file;
    Diagnostics& diagnostics;
    RuleId rule;
    // Links to web pages (<a href="https://...">) are allowed in a picture
    // of content/; a logo, shown with <img> on every page, links nowhere.
    bool links = true;
    bool ok = true;

    void refuse(int line, const std::string& why) {
        ok = false;
        diagnostics.error(file.path, line, 0, rule,
                          why +
                              "; it could run script for anyone who opens it. Remove it, "
                              "or export a plain picture (PNG) / ไฟล์นี้อาจเรียกใช้สคริปต์ได้ "
                              "ให้ลบออกหรือส่งออกเป็นภาพธรรมดา (PNG)");
    }

    // CSS in a style element or attribute: no imports, no url() outside the
    // file (url(#gradient) and raster data: URLs are fine), no escapes that
    // could hide either.
    void check_css(std::string_view css, int line) {
        std::string c = lower(css);
        if (c.find('\\') != std::string::npos) return refuse(line, "CSS escape in a style");
        if (c.find("@import") != std::string::npos)
            return refuse(line, "@import loads a stylesheet from elsewhere");
        if (c.find("expression(") != std::string::npos ||
            c.find("javascript:") != std::string::npos)
            return refuse(line, "script in a style");
        for (auto at = c.find("url("); at != std::string::npos; at = c.find("url(", at + 4)) {
            auto end = c.find(')', at);
            std::string_view u = std::string_view(css).substr(
                at + 4, end == std::string::npos ? std::string::npos : end - at - 4);
            while (!u.empty() && std::strchr(" \t\r\n\"'", u.front())) u.remove_prefix(1);
            if (!u.empty() && u.front() == '#') continue;
            if (raster_data_url(u)) continue;
            return refuse(line, "url() in a style refers to another file or site");
        }
    }

    // A reference in an href/src: only inside the file, or a link (<a>) to the web.
    void check_reference(const std::string& element, std::string_view value, int line) {
        std::string_view v = value;
        while (!v.empty() && static_cast<unsigned char>(v.front()) <= 0x20) v.remove_prefix(1);
        if (!v.empty() && v.front() == '#') return;
        if (raster_data_url(v)) return;
        std::string scheme = url_scheme(v);
        if (element == "a" && links && allowed_link_scheme(scheme)) return;
        if (!scheme.empty() && !allowed_link_scheme(scheme))
            return refuse(line, terminal_safe(scheme) + ": URL in <" + element + ">");
        refuse(line, "<" + element + "> refers to another file or site (" +
                         terminal_safe(std::string(v.substr(0, 80))) + ")");
    }

    void check_element(const tinyxml2::XMLElement& e) {
        static const char* const forbidden[] = {
            "script", "foreignobject", "iframe", "embed", "object", "handler", "listener",
            "frame",  "frameset",      "applet", "base",  "meta",   "link"};
        std::string name = local_name(e.Name());
        int line = e.GetLineNum();
        if (std::find(std::begin(forbidden), std::end(forbidden), name) != std::end(forbidden))
            return refuse(line, "<" + name + "> element");
        for (const auto* a = e.FirstAttribute(); a; a = a->Next()) {
            std::string attr = lower(a->Name());
            std::string local = local_name(a->Name());
            std::string_view value = a->Value() ? a->Value() : "";
            if (local.rfind("on", 0) == 0) return refuse(line, "event handler " + attr + "=");
            if ((attr == "xmlns" || attr.rfind("xmlns:", 0) == 0) && value == xhtml_ns)
                return refuse(line, "HTML inside the SVG");
            if (local == "href" || local == "src") check_reference(name, value, line);
            if (local == "style") check_css(value, line);
            if (local == "attributename") {  // <set attributeName="href" to="javascript:...">
                std::string target = local_name(a->Value());
                if (target == "href" || target == "src" || target.rfind("on", 0) == 0)
                    return refuse(line, "animation of " + target);
            }
            if (lower(value).find("url(") != std::string::npos && local != "style")
                check_css(value, line);
            if (!ok) return;
        }
        if (name == "style") {
            for (const auto* n = e.FirstChild(); n; n = n->NextSibling()) {
                if (n->ToText() && n->Value()) check_css(n->Value(), n->GetLineNum());
            }
        }
    }

    // Walks the whole document without recursion (a deep file cannot
    // exhaust the stack).
    void walk(const tinyxml2::XMLDocument& doc) {
        std::vector<const tinyxml2::XMLNode*> stack;
        for (const auto* n = doc.LastChild(); n; n = n->PreviousSibling()) stack.push_back(n);
        while (!stack.empty() && ok) {
            const auto* n = stack.back();
            stack.pop_back();
            std::string value = n->Value() ? n->Value() : "";
            if (n->ToUnknown()) {
                // A DOCTYPE's internal subset can declare entities that expand
                // into markup (script) when a browser opens the file.
                if (value.find('[') != std::string::npos ||
                    lower(value).find("entity") != std::string::npos)
                    return refuse(n->GetLineNum(), "DOCTYPE with its own declarations");
            } else if (n->ToDeclaration()) {
                if (lower(value).rfind("xml-stylesheet", 0) == 0)
                    return refuse(n->GetLineNum(), "xml-stylesheet instruction");
            } else if (const auto* e = n->ToElement()) {
                check_element(*e);
            }
            for (const auto* c = n->LastChild(); c; c = c->PreviousSibling()) stack.push_back(c);
        }
    }
};

// A length of an SVG root's width or height in CSS pixels ("120", "120px",
// "1.5e2"); nullopt for percentages, other units or anything else.
std::optional<double> svg_length(const char* text) {
    if (!text) return std::nullopt;
    std::string_view t = text;
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (t.size() > 2 && t.substr(t.size() - 2) == "px") t.remove_suffix(2);
    std::string s(t);
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !(v > 0) || v > 1e6) return std::nullopt;
    return v;
}

bool parse_svg(tinyxml2::XMLDocument& doc, const source::SourceFile& file,
               Diagnostics& diagnostics) {
    if (doc.Parse(file.data().data(), file.data().size()) != tinyxml2::XML_SUCCESS) {
        diagnostics.error(file.path, doc.ErrorLineNum(), 0, "asset-svg-invalid",
                          std::string("SVG file is not well-formed XML (") + doc.ErrorName() +
                              "); export it again from the drawing program / "
                              "ไฟล์ SVG ไม่ถูกต้อง ให้ส่งออกใหม่");
        return false;
    }
    const auto* root = doc.RootElement();
    if (!root || local_name(root->Name()) != "svg") {
        diagnostics.error(file.path, root ? root->GetLineNum() : 1, 0, "asset-svg-invalid",
                          "file named .svg is not an SVG picture / ไฟล์ .svg นี้ไม่ใช่ภาพ SVG");
        return false;
    }
    return true;
}

bool check_svg(const source::SourceFile& file, Diagnostics& diagnostics) {
    tinyxml2::XMLDocument doc;
    if (!parse_svg(doc, file, diagnostics)) return false;
    ActiveCheck check{file, diagnostics, "asset-svg-unsafe"};
    check.walk(doc);
    return check.ok;
}

// XML opened in a browser runs script when it carries HTML or SVG, or
// applies an XSLT stylesheet that produces HTML.
bool check_xml(const source::SourceFile& file, Diagnostics& diagnostics) {
    // What cannot be read cannot be checked: a browser decodes UTF-16 that
    // tinyxml2 does not, so an unreadable file is refused, not waved through.
    tinyxml2::XMLDocument doc;
    if (doc.Parse(file.data().data(), file.data().size()) != tinyxml2::XML_SUCCESS) {
        diagnostics.error(file.path, doc.ErrorLineNum(), 0, "asset-xml-invalid",
                          std::string("XML file cannot be checked: it is not well-formed UTF-8 "
                                      "XML (") +
                              doc.ErrorName() +
                              "); fix it or save it as UTF-8 / ไฟล์ XML ไม่ถูกต้องหรือไม่ใช่ "
                              "UTF-8 จึงตรวจไม่ได้ ให้แก้ไขหรือบันทึกเป็น UTF-8");
        return false;
    }
    ActiveCheck check{file, diagnostics, "asset-xml-active"};
    check.walk(doc);
    if (!check.ok) return false;
    std::vector<const tinyxml2::XMLElement*> stack = {doc.RootElement()};
    while (!stack.empty()) {
        const auto* e = stack.back();
        stack.pop_back();
        if (!e) continue;
        for (const auto* a = e->FirstAttribute(); a; a = a->Next()) {
            std::string attr = lower(a->Name());
            std::string value = a->Value() ? a->Value() : "";
            if ((attr == "xmlns" || attr.rfind("xmlns:", 0) == 0) &&
                (value == xhtml_ns || value == "http://www.w3.org/2000/svg" ||
                 value == "http://www.w3.org/1999/XSL/Transform")) {
                check.refuse(e->GetLineNum(), "XML with HTML, SVG or XSLT (" + value + ")");
                return false;
            }
        }
        for (const auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement())
            stack.push_back(c);
    }
    return true;
}

}  // namespace

SvgLogo check_logo_svg(const source::SourceFile& file, Diagnostics& diagnostics) {
    SvgLogo logo;
    tinyxml2::XMLDocument doc;
    if (!parse_svg(doc, file, diagnostics)) return logo;
    ActiveCheck check{file, diagnostics, "asset-svg-unsafe"};
    check.links = false;
    check.walk(doc);
    logo.ok = check.ok;
    // Its size, for the <img> that shows it: width and height in pixels,
    // else the viewBox's (a logo drawn at "100%" scales to its box).
    const auto* root = doc.RootElement();
    auto w = svg_length(root->Attribute("width")), h = svg_length(root->Attribute("height"));
    if (w && h) {
        logo.width = *w;
        logo.height = *h;
    } else if (const char* box = root->Attribute("viewBox")) {
        std::string b = box;
        std::replace(b.begin(), b.end(), ',', ' ');
        double x = 0, y = 0, bw = 0, bh = 0;
        if (std::sscanf(b.c_str(), "%lf %lf %lf %lf", &x, &y, &bw, &bh) == 4 && bw > 0 && bh > 0 &&
            bw <= 1e6 && bh <= 1e6) {
            logo.width = bw;
            logo.height = bh;
        }
    }
    return logo;
}

bool check_asset(const source::SourceFile& file, const config::SiteConfig& config,
                 Diagnostics& diagnostics) {
    std::string ext = lower(extension(file.path));
    if (std::find(std::begin(html_extensions), std::end(html_extensions), ext) !=
        std::end(html_extensions)) {
        if (config.html_files) return true;
        diagnostics.error(file.path, 0, 0, "asset-html",
                          "HTML files in content/ are not published: they could run script on "
                          "the site. Write the page in Markdown, or set 'html_files: true' in "
                          "site.yaml if every author is trusted / ไฟล์ HTML ใน content/ "
                          "ไม่ถูกเผยแพร่ ให้เขียนเป็น Markdown");
        return false;
    }
    if (ext == ".xsl" || ext == ".xslt" || ext == ".svgz") {
        if (config.html_files && ext != ".svgz") return true;
        diagnostics.error(file.path, 0, 0,
                          ext == ".svgz" ? RuleId("asset-svg-unsafe") : RuleId("asset-xml-active"),
                          ext == ".svgz" ? "compressed SVG cannot be checked; save it as plain "
                                           ".svg / บันทึกเป็น .svg แบบไม่บีบอัด"
                                         : "XSLT stylesheets are not published: they make "
                                           "HTML that can run script / ไม่เผยแพร่ไฟล์ XSLT");
        return false;
    }
    if (ext == ".svg") return check_svg(file, diagnostics);
    if (std::find(std::begin(xml_extensions), std::end(xml_extensions), ext) !=
        std::end(xml_extensions))
        return config.html_files || check_xml(file, diagnostics);
    for (const auto& s : signatures) {
        if (ext != s.ext) continue;
        std::string found = sniff(file.data());
        if (found == s.type) return true;
        diagnostics.error(file.path, 0, 0, "asset-type-mismatch",
                          std::string("file named ") + ext + " is not " + s.what +
                              " (its content is " +
                              (found.empty() ? std::string("something else") : found) +
                              "); save it in the format its name says, or rename it / "
                              "เนื้อหาไฟล์ไม่ตรงกับนามสกุล");
        return false;
    }
    return true;
}

}  // namespace kmsite::content
