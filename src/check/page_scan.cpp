// One page at a time, with libxml2's HTML parser (tolerant, with line numbers).
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>

#include "check/internal.h"
#include "core/core.h"

namespace kmsite::check {

void add(std::vector<Finding>& out, const char* rule, std::string page, int line,
         std::string message) {
    const Rule* r = find_rule(rule);
    out.push_back({rule, r ? r->level : Level::error, std::move(page), line, std::move(message)});
}

namespace {

std::string_view name_of(const xmlNode* n) {
    return reinterpret_cast<const char*>(n->name);
}

std::optional<std::string> attr(const xmlNode* n, const char* name) {
    xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
    if (!v) return std::nullopt;
    std::string s(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return s;
}

std::string text_of(const xmlNode* n) {
    xmlChar* v = xmlNodeGetContent(n);
    std::string s = v ? reinterpret_cast<const char*>(v) : "";
    xmlFree(v);
    return s;
}

bool blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

std::string trim(std::string s) {
    auto b = s.find_first_not_of(" \t\r\n");
    auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

bool has_class(const xmlNode* n, std::string_view cls) {
    auto c = attr(n, "class");
    if (!c) return false;
    std::string padded = " " + *c + " ";
    return padded.find(" " + std::string(cls) + " ") != std::string::npos;
}

int line_of(const xmlNode* n) {
    return static_cast<int>(xmlGetLineNo(n));
}

// The name a link has for assistive technology: its text, the alt of images
// in it, or aria-label / aria-labelledby / title.
bool has_accessible_name(const xmlNode* a) {
    if (!blank(text_of(a))) return true;
    for (const char* name : {"aria-label", "aria-labelledby", "title"}) {
        auto v = attr(a, name);
        if (v && !blank(*v)) return true;
    }
    for (const xmlNode* c = a->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (name_of(c) == "img") {
            auto alt = attr(c, "alt");
            if (alt && !blank(*alt)) return true;
        }
        if (has_accessible_name(c)) return true;
    }
    return false;
}

struct Scanner {
    PageFacts& page;
    const std::vector<RequiredLink>* required;
    int h1 = 0, mains = 0, last_heading = 0;
    std::set<std::string> duplicate_reported;
    bool in_footer = false;
    std::string footer_links;  // link texts inside <footer>, joined
    std::string footer_text;
    bool contact = false, json_ld = false;
    const xmlNode* first_body_link = nullptr;

    void report(const char* rule, const xmlNode* n, std::string message) {
        add(page.findings, rule, page.url, n ? line_of(n) : 0, std::move(message));
    }

    void resource(const xmlNode* n, const char* attribute) {
        auto src = attr(n, attribute);
        if (!src || src->empty()) return;
        if (src->rfind("http://", 0) == 0) {
            report("http-subresource", n,
                   std::string(name_of(n)) + " loaded over plain http: " + *src);
        }
        if (name_of(n) == "script" && (src->rfind("http", 0) == 0 || src->rfind("//", 0) == 0)) {
            report("third-party-script", n, "script from another site: " + *src);
        }
        page.links.push_back({*src, line_of(n), true});
    }

    void element(const xmlNode* n) {
        std::string_view tag = name_of(n);
        if (auto id = attr(n, "id")) {
            if (!page.ids.insert(*id).second && duplicate_reported.insert(*id).second) {
                report("duplicate-id", n, "id \"" + *id + "\" is used more than once");
            }
        }
        if (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6') {
            int level = tag[1] - '0';
            if (level == 1) ++h1;
            if (last_heading > 0 && level > last_heading + 1) {
                report("heading-order", n,
                       "h" + std::to_string(level) + " follows h" + std::to_string(last_heading) +
                           "; a level is skipped");
            }
            last_heading = level;
        } else if (tag == "main") {
            ++mains;
        } else if (tag == "img") {
            if (!attr(n, "alt"))
                report("img-alt", n, "image without alt text: " + attr(n, "src").value_or(""));
            if (!attr(n, "width") || !attr(n, "height")) {
                report("img-size", n,
                       "image without width and height: " + attr(n, "src").value_or(""));
            }
            resource(n, "src");
        } else if (tag == "a") {
            if (!first_body_link) first_body_link = n;
            auto href = attr(n, "href");
            if (href) {
                if (!has_accessible_name(n)) report("link-text", n, "link without text: " + *href);
                page.links.push_back({*href, line_of(n), false});
                if (href->rfind("tel:", 0) == 0 || href->rfind("mailto:", 0) == 0) contact = true;
                // A language switch leads to another language than the page's own.
                auto other = [&](const char* a) {
                    auto v = attr(n, a);
                    return v && !v->empty() && v->substr(0, 2) != page.lang.substr(0, 2);
                };
                if (other("hreflang") || other("lang")) page.has_language_link = true;
                if (in_footer) footer_links += " " + text_of(n);
            }
        } else if (tag == "script") {
            if (attr(n, "type").value_or("") == "application/ld+json") json_ld = true;
            resource(n, "src");
        } else if (tag == "link" && attr(n, "rel").value_or("") == "stylesheet") {
            resource(n, "href");
        } else if (tag == "iframe" || tag == "source" || tag == "video" || tag == "audio") {
            resource(n, "src");
        } else if (tag == "table") {
            table(n);
        }
    }

    void table(const xmlNode* t) {
        bool caption = false;
        int headers = 0;
        auto count = [&](auto&& self, const xmlNode* n) -> void {
            for (const xmlNode* c = n->children; c; c = c->next) {
                if (c->type != XML_ELEMENT_NODE || name_of(c) == "table") continue;
                if (name_of(c) == "th") ++headers;
                if (name_of(c) == "caption") caption = true;
                self(self, c);
            }
        };
        count(count, t);
        if (headers == 0) report("table-headers", t, "table without header cells (th)");
        if (!caption) report("table-caption", t, "table without a caption");
    }

    void walk(const xmlNode* n) {
        for (const xmlNode* c = n; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE) continue;
            if (name_of(c) == "svg") continue;  // drawings: their <title> is not the page's
            element(c);
            bool footer = name_of(c) == "footer";
            if (footer) {
                in_footer = true;
                footer_text += " " + text_of(c);
            }
            walk(c->children);
            if (footer) in_footer = false;
        }
    }
};

const xmlNode* child(const xmlNode* n, std::string_view tag) {
    for (const xmlNode* c = n ? n->children : nullptr; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && name_of(c) == tag) return c;
    return nullptr;
}

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

void page_rules(Scanner& s, const xmlNode* html, const xmlNode* head, const xmlNode* body) {
    PageFacts& page = s.page;
    static const std::regex lang_tag("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$");
    if (!std::regex_match(page.lang, lang_tag)) {
        s.report("html-lang", html,
                 page.lang.empty() ? "<html> has no lang"
                                   : "lang \"" + page.lang + "\" is not a language tag");
    }
    if (page.title.empty()) s.report("title-missing", head, "the page has no <title>");
    if (page.description.empty())
        s.report("meta-description", head, "no <meta name=\"description\">");
    bool viewport = false;
    for (const xmlNode* c = head ? head->children : nullptr; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || name_of(c) != "meta" ||
            attr(c, "name").value_or("") != "viewport")
            continue;
        viewport = true;
        std::string content = attr(c, "content").value_or("");
        if (content.find("user-scalable=no") != std::string::npos ||
            content.find("maximum-scale=1") != std::string::npos) {
            s.report("meta-viewport", c, "the viewport forbids zooming: " + content);
        }
    }
    if (!viewport) s.report("meta-viewport", head, "no <meta name=\"viewport\">: not responsive");
    if (s.h1 != 1)
        s.report("h1-count", body,
                 "the page has " + std::to_string(s.h1) + " h1 headings, not one");
    if (s.mains != 1)
        s.report("landmark-main", body,
                 "the page has " + std::to_string(s.mains) + " <main> landmarks, not one");
    // The skip link comes first and leads to an element that exists.
    auto href = s.first_body_link ? attr(s.first_body_link, "href") : std::nullopt;
    if (!href || href->size() < 2 || (*href)[0] != '#' || !page.ids.count(href->substr(1))) {
        s.report("skip-link", s.first_body_link ? s.first_body_link : body,
                 "the first link is not a skip link to the main content");
    }
    // The government banner: the first element after the skip link (or inside it).
    const xmlNode* first = nullptr;
    for (const xmlNode* c = body ? body->children : nullptr; c && !first; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && c != s.first_body_link) first = c;
    }
    bool banner = first && (has_class(first, "gov-banner") ||
                            (child(first, "div") && has_class(child(first, "div"), "gov-banner")));
    if (!banner)
        s.report(
            "gov-banner", first ? first : body,
            "the official government banner (class gov-banner) is not the first thing on the page");
    std::string links = s.footer_links;
    std::transform(links.begin(), links.end(), links.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    for (const auto& required : *s.required) {
        bool found = std::any_of(required.words.begin(), required.words.end(), [&](const std::string& w) {
            std::string lower = w;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            return links.find(lower) != std::string::npos;
        });
        if (!found)
            s.report("footer-links", body,
                     std::string("no \"") + required.name + "\" link in the footer");
    }
    if (!copyright_line(s.footer_text)) {
        s.report("copyright", body,
                 "no \"© <year> <agency> Government of Thailand\" line in the footer");
    }
    if (!s.contact) s.report("contact-channel", body, "no telephone or e-mail link on the page");
    if (!s.json_ld) s.report("structured-data", head, "no schema.org JSON-LD");
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

PageFacts scan_page(const std::string& dir, const std::string& file,
                    const std::vector<RequiredLink>& required) {
    PageFacts page;
    page.file = file;
    page.url = "/" + (file.size() >= 10 && file.compare(file.size() - 10, 10, "index.html") == 0
                          ? file.substr(0, file.size() - 10)
                          : file);
    auto data = read_file(dir + "/" + file);
    if (!data) return page;
    htmlDocPtr doc =
        htmlReadMemory(data->data(), static_cast<int>(data->size()), file.c_str(), "UTF-8",
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_COMPACT | HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
    if (!doc) return page;
    page.parsed = true;
    const xmlNode* html = xmlDocGetRootElement(doc);
    const xmlNode* head = child(html, "head");
    const xmlNode* body = child(html, "body");
    page.lang = attr(html, "lang").value_or("");
    for (const xmlNode* c = head ? head->children : nullptr; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (name_of(c) == "title") {
            page.title = trim(text_of(c));
            page.title_line = line_of(c);
        } else if (name_of(c) == "meta" && attr(c, "http-equiv").value_or("") == "refresh") {
            page.redirect = true;
        } else if (name_of(c) == "meta" && attr(c, "name").value_or("") == "description") {
            page.description = trim(attr(c, "content").value_or(""));
            page.description_line = line_of(c);
        } else if (name_of(c) == "link" && attr(c, "rel").value_or("") == "canonical") {
            page.canonical = attr(c, "href").value_or("");
        }
    }
    if (!page.redirect) {
        Scanner s{page, &required};
        s.walk(head ? head->children : nullptr);
        s.walk(body ? body->children : nullptr);
        page_rules(s, html, head, body);
    }
    xmlFreeDoc(doc);
    return page;
}

}  // namespace kmsite::check
