// One page at a time, in one pass of the HTML reader.

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>

#include "check/html_reader.h"
#include "check/internal.h"
#include "core/core.h"

namespace kmsite::check {

void add(std::vector<Finding>& out, RuleId rule, std::string page, int line, std::string message) {
    const Rule* r = find_rule(rule.id());
    Finding f;
    f.rule = rule.id();
    f.level = r ? r->level : Level::error;
    f.page = std::move(page);
    f.line = line;
    f.message = std::move(message);
    out.push_back(std::move(f));
}

namespace {

std::string trim(std::string s) {
    auto b = s.find_first_not_of(" \t\r\n");
    auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

bool blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

// Attributes of a start tag, as the rules ask for them.
struct Attrs {
    const HtmlAttributes& list;
    std::optional<std::string> get(std::string_view name) const {
        const std::string* value = list.get(name);
        return value ? std::optional<std::string>(*value) : std::nullopt;
    }
    bool has_class(std::string_view cls) const {
        auto c = get("class");
        if (!c) return false;
        std::string padded = " " + *c + " ";
        return padded.find(" " + std::string(cls) + " ") != std::string::npos;
    }
};

// "© 2569 <agency> Government of Thailand" (DGA AI-05), the year in either digits.
bool copyright_line(const std::string& text) {
    auto at = text.find("©");
    if (at == std::string::npos) return false;
    auto gov = text.find("Government of Thailand", at);
    if (gov == std::string::npos) return false;
    int digits = 0;
    for (std::size_t i = at; i < gov && digits < 4; ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        bool thai_digit = c == 0xE0 && i + 2 < gov &&
                          static_cast<unsigned char>(text[i + 1]) == 0xB9 &&
                          static_cast<unsigned char>(text[i + 2]) >= 0x90 &&
                          static_cast<unsigned char>(text[i + 2]) <= 0x99;
        if (std::isdigit(c) || thai_digit) {
            ++digits;
            if (thai_digit) i += 2;
        } else if (digits > 0) {
            digits = 0;
        }
    }
    return digits == 4;
}

// One pass over a page's parse events (no tree is built). The state is a
// stack of open elements and the few texts the rules need.
struct Scanner final : HtmlHandler {
    Scanner(PageFacts& p, const std::vector<RequiredLink>& r) : page(p), required(&r) {}
    PageFacts& page;
    const std::vector<RequiredLink>* required;
    int tag_line = 0;

    std::vector<std::string> open;  // element names
    int svg_depth = 0;              // inside <svg>: drawings are not the page's structure
    int h1 = 0, mains = 0, last_heading = 0;
    std::set<std::string> duplicate_reported;
    bool contact = false, json_ld = false;
    // <head>
    bool in_head = false, in_title = false;
    int head_line = 0, body_line = 0, html_line = 0, title_line = 0;
    bool viewport = false;
    bool noindex = false;  // <meta name="robots" content="noindex">
    std::string title_text;
    // <body>: the first link, the first element after it, and that element's first div
    bool in_body = false;
    std::optional<std::string> first_link_href;
    int first_link_line = 0;
    bool first_link_done = false;
    std::size_t first_element_depth = 0;  // stack size of the first body element, 0 when not seen
    bool banner = false, banner_decided = false;
    int first_element_line = 0;
    // <a>: text and image alts inside it
    struct OpenLink {
        std::size_t depth;
        std::string href, text;
        bool named;
        int line;
    };
    std::vector<OpenLink> links;
    // <footer>
    int footer_depth = 0;
    std::string footer_text, footer_links;
    // <table>: header cells and caption per open table
    struct OpenTable {
        std::size_t depth;
        int headers = 0;
        bool caption = false;
        int line;
    };
    std::vector<OpenTable> tables;

    int line() const { return tag_line; }
    void report(RuleId rule, int at, std::string message) {
        add(page.findings, rule, page.url, at, std::move(message));
    }

    void resource(std::string_view tag, const Attrs& a, const char* attribute) {
        auto src = a.get(attribute);
        if (!src || src->empty()) return;
        if (src->rfind("http://", 0) == 0) {
            report("http-subresource", line(),
                   std::string(tag) + " loaded over plain http: " + *src);
        }
        if (tag == "script" && (src->rfind("http", 0) == 0 || src->rfind("//", 0) == 0)) {
            report("third-party-script", line(), "script from another site: " + *src);
        }
        page.links.push_back({*src, line(), true});
    }

    void head_element(std::string_view tag, const Attrs& a) {
        if (tag == "title") {
            in_title = true;
            title_line = line();
        }
        if (tag == "meta") {
            if (a.get("http-equiv").value_or("") == "refresh") page.redirect = true;
            std::string name = a.get("name").value_or("");
            if (name == "robots" &&
                lower_ascii(a.get("content").value_or("")).find("noindex") != std::string::npos)
                noindex = true;
            if (name == "description") {
                page.description = trim(a.get("content").value_or(""));
                page.description_line = line();
            } else if (name == "viewport") {
                viewport = true;
                std::string content = a.get("content").value_or("");
                if (content.find("user-scalable=no") != std::string::npos ||
                    content.find("maximum-scale=1") != std::string::npos) {
                    report("meta-viewport", line(), "the viewport forbids zooming: " + content);
                }
            }
        }
        if (tag == "link") {
            std::string rel = a.get("rel").value_or("");
            if (rel == "canonical") page.canonical = a.get("href").value_or("");
            if (rel == "stylesheet") resource(tag, a, "href");
        }
        if (tag == "script") {
            if (a.get("type").value_or("") == "application/ld+json") json_ld = true;
            resource(tag, a, "src");
        }
    }

    void start(std::string_view tag, const HtmlAttributes& attributes, int at) override {
        tag_line = at;
        Attrs a{attributes};
        if (svg_depth > 0 || tag == "svg") {
            ++svg_depth;
            open.emplace_back(tag);
            return;
        }
        if (tag == "html") {
            page.lang = a.get("lang").value_or("");
            html_line = line();
        } else if (tag == "head") {
            in_head = true;
            head_line = line();
        } else if (tag == "body") {
            in_head = false;
            in_body = true;
            body_line = line();
        }
        open.emplace_back(tag);
        if (in_head) {
            head_element(tag, a);
            return;
        }
        if (!in_body) return;
        body_element(tag, a);
    }

    void body_element(std::string_view tag, const Attrs& a) {
        if (auto id = a.get("id")) {
            if (!page.ids.insert(*id).second && duplicate_reported.insert(*id).second) {
                report("duplicate-id", line(), "id \"" + *id + "\" is used more than once");
            }
        }
        // The government banner: the first element after the skip link, or its first div.
        if (!banner_decided) {
            bool is_first_link = tag == "a" && !first_link_done;
            if (first_element_depth == 0 && !is_first_link && open.size() >= 3) {
                first_element_depth = open.size();
                first_element_line = line();
                if (a.has_class("gov-banner")) banner = banner_decided = true;
            } else if (first_element_depth > 0 && open.size() == first_element_depth + 1) {
                banner = tag == "div" && a.has_class("gov-banner");
                banner_decided = true;
            }
        }
        if (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6') {
            int level = tag[1] - '0';
            if (level == 1) ++h1;
            if (last_heading > 0 && level > last_heading + 1) {
                report("heading-order", line(),
                       "h" + std::to_string(level) + " follows h" + std::to_string(last_heading) +
                           "; a level is skipped");
            }
            last_heading = level;
        } else if (tag == "main") {
            ++mains;
        } else if (tag == "footer") {
            ++footer_depth;
        } else if (tag == "img") {
            auto alt = a.get("alt");
            if (!alt)
                report("img-alt", line(), "image without alt text: " + a.get("src").value_or(""));
            if (!a.get("width") || !a.get("height")) {
                report("img-size", line(),
                       "image without width and height: " + a.get("src").value_or(""));
            }
            if (alt && !blank(*alt))
                for (auto& l : links) l.named = true;
            resource(tag, a, "src");
        } else if (tag == "a") {
            auto href = a.get("href");
            if (!first_link_done) {
                first_link_done = true;
                first_link_href = href;
                first_link_line = line();
            }
            if (href) {
                bool named = false;
                for (const char* n : {"aria-label", "aria-labelledby", "title"}) {
                    auto v = a.get(n);
                    named |= v && !blank(*v);
                }
                links.push_back({open.size(), *href, "", named, line()});
                page.links.push_back({*href, line(), false});
                if (href->rfind("tel:", 0) == 0 || href->rfind("mailto:", 0) == 0) contact = true;
                // A language switch leads to another language than the page's own.
                auto other = [&](const char* attr) {
                    auto v = a.get(attr);
                    return v && !v->empty() && v->substr(0, 2) != page.lang.substr(0, 2);
                };
                if (other("hreflang") || other("lang")) page.has_language_link = true;
            }
        } else if (tag == "script") {
            if (a.get("type").value_or("") == "application/ld+json") json_ld = true;
            resource(tag, a, "src");
        } else if (tag == "link" && a.get("rel").value_or("") == "stylesheet") {
            resource(tag, a, "href");
        } else if (tag == "iframe" || tag == "source" || tag == "video" || tag == "audio") {
            resource(tag, a, "src");
        } else if (tag == "table") {
            tables.push_back({open.size(), 0, false, line()});
        } else if (tag == "th" && !tables.empty()) {
            ++tables.back().headers;
        } else if (tag == "caption" && !tables.empty()) {
            tables.back().caption = true;
        }
    }

    void end(std::string_view tag) override {
        if (open.empty()) return;
        std::size_t depth = open.size();
        open.pop_back();
        if (svg_depth > 0) {
            --svg_depth;
            return;
        }
        if (tag == "title") in_title = false;
        if (tag == "head") in_head = false;
        if (tag == "footer" && footer_depth > 0) --footer_depth;
        if (!links.empty() && links.back().depth == depth) {
            const OpenLink& l = links.back();
            if (!l.named && blank(l.text))
                report("link-text", l.line, "link without text: " + l.href);
            if (footer_depth > 0) footer_links += " " + l.text;
            links.pop_back();
        }
        if (!tables.empty() && tables.back().depth == depth) {
            const OpenTable& t = tables.back();
            if (t.headers == 0) report("table-headers", t.line, "table without header cells (th)");
            if (!t.caption) report("table-caption", t.line, "table without a caption");
            tables.pop_back();
        }
        if (first_element_depth == depth && !banner_decided) banner_decided = true;
    }

    void text(std::string_view t) override {
        if (svg_depth > 0) return;
        if (in_title) title_text.append(t);
        for (auto& l : links) l.text.append(t);
        if (footer_depth > 0) footer_text.append(t);
    }
};

void page_rules(Scanner& s) {
    PageFacts& page = s.page;
    static const std::regex lang_tag("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$");
    if (!std::regex_match(page.lang, lang_tag)) {
        s.report("html-lang", s.html_line,
                 page.lang.empty() ? "<html> has no lang"
                                   : "lang \"" + page.lang + "\" is not a language tag");
    }
    if (page.title.empty()) s.report("title-missing", s.head_line, "the page has no <title>");
    if (page.description.empty())
        s.report("meta-description", s.head_line, "no <meta name=\"description\">");
    if (!s.viewport)
        s.report("meta-viewport", s.head_line, "no <meta name=\"viewport\">: not responsive");
    if (s.h1 != 1)
        s.report("h1-count", s.body_line,
                 "the page has " + std::to_string(s.h1) + " h1 headings, not one");
    if (s.mains != 1) {
        s.report("landmark-main", s.body_line,
                 "the page has " + std::to_string(s.mains) + " <main> landmarks, not one");
    }
    // The skip link comes first and leads to an element that exists.
    const auto& href = s.first_link_href;
    if (!href || href->size() < 2 || (*href)[0] != '#' || !page.ids.count(href->substr(1))) {
        s.report("skip-link", s.first_link_line ? s.first_link_line : s.body_line,
                 "the first link is not a skip link to the main content");
    }
    if (!s.banner) {
        s.report(
            "gov-banner", s.first_element_line ? s.first_element_line : s.body_line,
            "the official government banner (class gov-banner) is not the first thing on the page");
    }
    std::string links = s.footer_links;
    std::transform(links.begin(), links.end(), links.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    for (const auto& required : *s.required) {
        bool found =
            std::any_of(required.words.begin(), required.words.end(), [&](const std::string& w) {
                std::string lower = w;
                std::transform(lower.begin(), lower.end(), lower.begin(),
                               [](unsigned char c) { return std::tolower(c); });
                return links.find(lower) != std::string::npos;
            });
        if (!found)
            s.report("footer-links", s.body_line,
                     "no \"" + required.name + "\" link in the footer");
    }
    if (!copyright_line(s.footer_text)) {
        s.report("copyright", s.body_line,
                 "no \"© <year> <agency> Government of Thailand\" line in the footer");
    }
    if (!s.contact)
        s.report("contact-channel", s.body_line, "no telephone or e-mail link on the page");
    if (!s.json_ld) s.report("structured-data", s.head_line, "no schema.org JSON-LD");
}

}  // namespace

const std::vector<RequiredLink>& default_required_links() {
    static const std::vector<RequiredLink> links = {
        {"Contact", {"ติดต่อ", "contact"}},
        {"Terms of Use", {"ข้อกำหนด", "เงื่อนไขการใช้", "terms"}},
        {"Privacy Policy", {"นโยบายคุ้มครองข้อมูลส่วนบุคคล", "นโยบายความเป็นส่วนตัว", "privacy policy"}},
        {"Privacy Notice", {"ประกาศความเป็นส่วนตัว", "ประกาศเกี่ยวกับความเป็นส่วนตัว", "privacy notice"}},
        {"Security Policy", {"ความมั่นคงปลอดภัย", "security"}},
    };
    return links;
}

std::string page_url(const std::string& file) {
    return "/" + (file.size() >= 10 && file.compare(file.size() - 10, 10, "index.html") == 0
                      ? file.substr(0, file.size() - 10)
                      : file);
}

PageFacts scan_page(const std::string& file, std::string_view html,
                    const std::vector<RequiredLink>& required) {
    PageFacts page;
    page.file = file;
    page.url = page_url(file);
    Scanner s(page, required);
    read_html(html, s);
    page.parsed = true;
    page.title = trim(s.title_text);
    page.title_line = s.title_line;
    page.editor = file == "admin/index.html" && s.noindex;
    if (!page.redirect && !page.editor)
        page_rules(s);
    else
        page.findings.clear();
    return page;
}

}  // namespace kmsite::check
