// One page at a time, in one pass of the HTML reader.

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "check/html_reader.h"
#include "check/internal.h"
#include "check/vocabulary.h"
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

// White space as HTML defines it (ASCII only: isspace() is a call per byte).
bool blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
    });
}

// Attributes of a start tag, as the rules ask for them.
struct Attrs {
    const HtmlAttributes& list;
    std::optional<std::string> get(std::string_view name) const {
        const std::string* value = list.get(name);
        return value ? std::optional<std::string>(*value) : std::nullopt;
    }
    // The attribute is there with more than white space in it.
    bool filled(std::string_view name) const {
        const std::string* value = list.get(name);
        return value && !blank(*value);
    }
    // A name given by attribute (WAI-ARIA's aria-label, aria-labelledby,
    // then HTML's title): what every control may be named by.
    bool named_by_attribute() const {
        return filled("aria-label") || filled("aria-labelledby") || filled("title");
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

    // What the structure and control rules need to know of an element's
    // name, decided once when it opens: comparing names at every child and
    // every piece of text was a measurable part of a check.
    enum class Shape : unsigned char {
        other,
        list,
        menu,
        dl,
        div,
        li,
        term,
        support,  // list structure
        button,
        frame,
        area,
        marquee,
        blink,
        field,  // controls and motion
        block,
        code  // prose and code, for languages
    };
    static Shape shape_of(std::string_view tag) {
        struct Named {
            std::string_view tag;
            Shape shape;
        };
        static constexpr Named shapes[] = {
            {"ul", Shape::list},          {"ol", Shape::list},
            {"menu", Shape::menu},        {"dl", Shape::dl},
            {"div", Shape::div},          {"li", Shape::li},
            {"dt", Shape::term},          {"dd", Shape::term},
            {"script", Shape::support},   {"template", Shape::support},
            {"button", Shape::button},    {"iframe", Shape::frame},
            {"frame", Shape::frame},      {"area", Shape::area},
            {"marquee", Shape::marquee},  {"blink", Shape::blink},
            {"input", Shape::field},      {"select", Shape::field},
            {"textarea", Shape::field},   {"p", Shape::block},
            {"blockquote", Shape::block}, {"figcaption", Shape::block},
            {"code", Shape::code},        {"pre", Shape::code},
            {"kbd", Shape::code},         {"samp", Shape::code}};
        // Most elements are none of these: a name of another length, or
        // another first letter, is decided without comparing names.
        static constexpr auto first_letters = [] {
            std::array<bool, 256> first{};
            for (const auto& n : shapes) first[static_cast<unsigned char>(n.tag[0])] = true;
            return first;
        }();
        if (tag.empty() || tag.size() > 10 || !first_letters[static_cast<unsigned char>(tag[0])])
            return Shape::other;
        for (const auto& n : shapes)
            if (n.tag.size() == tag.size() && n.tag == tag) return n.shape;
        return Shape::other;
    }
    // The open elements: name, the role a list rule sees (its effective
    // role attribute, "" for none), whether aria-hidden="true" hides it, and
    // whether its structure was reported (once per list).
    struct OpenElement {
        std::string tag;
        std::string_view role;
        bool hidden = false;
        bool reported = false;
        Shape shape = Shape::other;
        bool thai = false;  // its language (its own lang or its parent's) is Thai
        // WAI-ARIA's required context and owned elements: its role for them
        // (its role attribute's, or its HTML element's; "" when generic),
        // whether that role came from a role attribute, the line it opened
        // on, and whether an element it must own was found in it.
        std::string_view arole;
        const RoleNeeds* needs = nullptr;  // of an explicit role that needs owned elements
        int line = 0;
        bool owns_needed = false;
    };
    int owners_open = 0;  // open elements whose explicit role needs owned elements
    // Blocks of text (p, li, td, headings...), for English paragraphs on a
    // Thai page: whether Thai was seen in the block, and how many English
    // words, counted only until the first Thai letter.
    struct OpenBlock {
        std::size_t depth;
        bool thai_lang;
        int line;
        bool has_thai = false;
        int latin = 0;
    };
    std::vector<OpenBlock> blocks;
    int code_depth = 0;                               // inside code, pre, kbd, samp: not prose
    int thai_elsewhere = 0, thai_elsewhere_line = 0;  // lang-mismatch
    int english_blocks = 0, english_block_line = 0;   // lang-unmarked
    // Paragraphs, list items, quotes and captions; not table cells or
    // headings: those hold names and terms (an office's English name),
    // which WCAG 3.1.2 exempts.
    static bool text_block(Shape shape) {
        return shape == Shape::block || shape == Shape::li || shape == Shape::term;
    }
    // Whether a URL is another site's: its host is not the one the page's
    // canonical link names (every absolute URL is, without one).
    bool third_party(const std::string& url) const {
        std::string host = url_host(url);
        return !host.empty() && host != own_host;
    }
    std::string own_host;
    std::vector<OpenElement> open;
    int hidden_depth = 0;  // open elements with aria-hidden="true"
    int svg_depth = 0;     // inside <svg>: drawings are not the page's structure
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
    // <button>: named by an attribute, its text or the alt of a picture in
    // it. Whether there is text, not the text: nested labels and buttons
    // would copy each piece of text once per level.
    struct OpenButton {
        std::size_t depth;
        bool named;
        int line;
    };
    std::vector<OpenButton> buttons;
    // Form fields that need a label, found by the end of the page: a <label>
    // around one (with text) or a <label for> its id names it.
    struct Field {
        std::string id, what;
        int line;
        bool labelled;
    };
    std::vector<Field> fields;
    struct OpenLabel {
        std::size_t depth;
        std::string target;
        bool has_text = false;
        std::vector<std::size_t> fields;  // indexes into `fields` inside it
    };
    std::vector<OpenLabel> labels;
    std::set<std::string> label_targets;  // for= of labels with text
    // <svg role="img">: named by an attribute or by its <title> child
    struct OpenSvg {
        std::size_t depth;
        bool named;
        int line;
        bool in_title = false;
        std::string title;
    };
    std::optional<OpenSvg> svg_image;
    // <footer>
    int footer_depth = 0;
    std::string footer_text, footer_links;
    // <table>: header cells and caption per open table
    struct OpenTable {
        std::size_t depth;
        int headers = 0;
        bool caption = false;
        int line;
        bool layout = false;  // role=presentation|none: not a data table
    };
    std::vector<OpenTable> tables;

    int line() const { return tag_line; }
    void report(RuleId rule, int at, std::string message) {
        add(page.findings, rule, page.url, at, std::move(message));
    }

    // Styles and fonts from another site (SP-12): a stylesheet, or a font
    // preloaded or a connection opened ahead.
    void style_from_elsewhere(const std::string& rel, const Attrs& a) {
        std::string rels = " " + lower_ascii(rel) + " ";
        bool loads = rels.find(" stylesheet ") != std::string::npos ||
                     rels.find(" preconnect ") != std::string::npos ||
                     rels.find(" dns-prefetch ") != std::string::npos ||
                     (rels.find(" preload ") != std::string::npos &&
                      lower_ascii(a.get("as").value_or("")) == "font");
        std::string href = a.get("href").value_or("");
        if (loads && third_party(href))
            report("third-party-style", line(),
                   "styles or fonts from " + url_host(href) + ": " + href);
    }
    void frame_from_elsewhere(std::string_view tag, const std::string& src) {
        if (third_party(src))
            report("third-party-frame", line(),
                   "<" + std::string(tag) + "> from " + url_host(src) + ": " + src);
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
            if (lower_ascii(a.get("http-equiv").value_or("")) == "refresh") {
                // A 0-second refresh is a redirect (kmsite's alias pages): it
                // has no page of its own to check. One with a delay moves or
                // reloads the page under its reader (WCAG 2.2.1).
                auto delay = refresh_delay(a.get("content").value_or(""));
                if (delay && *delay > 0)
                    report(
                        "meta-refresh", line(),
                        "the page refreshes after " + a.get("content").value_or("") + " seconds");
                else if (delay)
                    page.redirect = true;
            }
            std::string name = a.get("name").value_or("");
            if (name == "robots" &&
                lower_ascii(a.get("content").value_or("")).find("noindex") != std::string::npos)
                noindex = true;
            if (name == "description") {
                page.description = std::string(trim_space(a.get("content").value_or("")));
                page.description_line = line();
            } else if (name == "viewport") {
                viewport = true;
                std::string content = a.get("content").value_or("");
                if (auto blocks = viewport_blocks_zoom(content))
                    report("meta-viewport", line(),
                           "the viewport stops zooming to 200% (" + *blocks + "): " + content);
            }
        }
        if (tag == "link") {
            std::string rel = a.get("rel").value_or("");
            if (rel == "canonical") {
                page.canonical = a.get("href").value_or("");
                own_host = url_host(page.canonical);
            }
            if (rel == "stylesheet") resource(tag, a, "href");
            style_from_elsewhere(rel, a);
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
            svg_element(tag, a);
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
        push(tag, a);
        if (in_head) {
            head_element(tag, a);
            return;
        }
        if (!in_body) return;
        body_element(tag, a);
    }

    // The attributes every element is asked for, found in one pass.
    struct Common {
        const std::string *role = nullptr, *lang = nullptr, *hidden = nullptr;
        const std::string* unknown_aria = nullptr;  // the first misspelt aria-*
        bool owns = false, busy = false;            // aria-owns, aria-busy="true"
    } common;

    void push(std::string_view tag, const Attrs& a) {
        common = {};
        // string_view compares sizes first; std::string == "literal" runs
        // memcmp for every attribute of every element.
        using namespace std::string_view_literals;
        for (std::size_t i = 0; i < a.list.count; ++i) {
            const auto& [name, value] = a.list.list[i];
            std::string_view n = name;
            if (n.size() > 5 && n.substr(0, 5) == "aria-"sv) {
                if (n == "aria-hidden"sv)
                    common.hidden = &value;
                else if (n == "aria-owns"sv)
                    common.owns = !blank(value);
                else if (n == "aria-busy"sv)
                    common.busy = lower_ascii(value) == "true";
                else if (!common.unknown_aria && !valid_aria_attribute(n))
                    common.unknown_aria = &name;
            } else if (n == "role"sv) {
                common.role = &value;
            } else if (n == "lang"sv) {
                common.lang = &value;
            }
        }
        OpenElement e;
        e.tag = std::string(tag);
        e.shape = shape_of(tag);
        e.thai = common.lang ? lower_ascii(common.lang->substr(0, 3)).rfind("th", 0) == 0 &&
                                   (common.lang->size() == 2 || (*common.lang)[2] == '-')
                             : !open.empty() && open.back().thai;
        if (common.role) e.role = effective_role(*common.role);
        e.hidden =
            common.hidden && common.hidden->size() == 4 && lower_ascii(*common.hidden) == "true";
        hidden_depth += e.hidden;
        open.push_back(std::move(e));
    }

    void svg_element(std::string_view tag, const Attrs& a) {
        ++svg_depth;
        OpenElement e;
        e.tag = std::string(tag);
        e.thai = !open.empty() && open.back().thai;
        open.push_back(std::move(e));
        if (tag == "svg" && svg_depth == 1 && in_body) {
            std::string_view role = effective_role(a.get("role").value_or(""));
            if (role == "img" || role == "graphics-document")
                svg_image = OpenSvg{open.size(), a.named_by_attribute(), line(), false, {}};
        } else if (tag == "title" && svg_image && open.size() == svg_image->depth + 1) {
            svg_image->in_title = true;
        }
    }

    // What every element of the body is checked for, whatever it is.
    void any_element(std::string_view tag, const Attrs& a) {
        // push() has just read them (common).
        if (common.role && !blank(*common.role) && open.back().role.empty())
            report("aria-roles", line(), "role \"" + *common.role + "\" is not a WAI-ARIA role");
        if (common.unknown_aria)
            report("aria-valid-attr", line(),
                   *common.unknown_aria + " is not a WAI-ARIA attribute");
        if (common.lang && !common.lang->empty())
            if (auto problem = language_tag_problem(*common.lang))
                report("valid-lang", line(), "lang " + *problem);
        if (hidden_depth > 0 && focusable(tag, a))
            report("aria-hidden-focus", line(),
                   "<" + std::string(tag) +
                       "> can take the keyboard's focus inside aria-hidden=\"true\"");
        structure(tag);
        aria_tree(tag);
    }

    // ARIA's tree of roles: an element with an explicit role that needs a
    // context (tab in tablist) finds its nearest ancestor that has a role,
    // looking through generic ones (div, span, role=none); an element whose
    // explicit role needs owned elements (role=list) must have one of them
    // among its descendants with roles. Only explicit roles are judged: the
    // list rules judge HTML's own ul, ol and dl.
    void aria_tree(std::string_view tag) {
        OpenElement& self = open.back();
        self.line = line();
        std::string_view explicit_role = self.role;
        bool removed = explicit_role == "none" || explicit_role == "presentation";
        if (!explicit_role.empty() && !removed && explicit_role != "generic")
            self.arole = explicit_role;
        else if (explicit_role.empty())
            self.arole = implicit_role(tag);
        const RoleNeeds* needs = self.arole.empty() ? nullptr : role_needs(self.arole);
        bool is_explicit = !explicit_role.empty() && !removed;
        if (!self.arole.empty() &&
            (owners_open > 0 || (is_explicit && needs && needs->needs_context()))) {
            OpenElement* parent = nullptr;
            for (std::size_t i = open.size() - 1; i-- > 0;)
                if (!open[i].arole.empty()) {
                    parent = &open[i];
                    break;
                }
            if (is_explicit && needs && needs->needs_context() &&
                !(parent && RoleNeeds::has(needs->context, parent->arole)))
                report("aria-required-parent", line(),
                       "role \"" + std::string(self.arole) + "\" is not inside " +
                           std::string(needs->context[0]) +
                           (needs->context[1].empty() ? "" : " or another role it needs"));
            if (parent && parent->needs && RoleNeeds::has(parent->needs->owned, self.arole))
                parent->owns_needed = true;
        }
        if (is_explicit && needs && needs->needs_owned() && !common.owns && !common.busy) {
            self.needs = needs;
            ++owners_open;
        }
    }

    // Keyboard focus: the elements that take it unless disabled, and any
    // with a tabindex of 0 or more.
    static bool focusable(std::string_view tag, const Attrs& a) {
        if (auto tabindex = a.get("tabindex")) {
            std::string_view t = *tabindex;
            while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
            if (!t.empty() &&
                (t.front() == '-' || std::isdigit(static_cast<unsigned char>(t.front()))))
                return t.front() != '-';
        }
        if (tag == "a" || tag == "area") return a.get("href").has_value();
        if (tag == "button" || tag == "select" || tag == "textarea") return !a.get("disabled");
        if (tag == "input")
            return !a.get("disabled") && lower_ascii(a.get("type").value_or("")) != "hidden";
        if (tag == "iframe" || tag == "summary") return true;
        if (tag == "audio" || tag == "video") return a.get("controls").has_value();
        if (auto editable = a.get("contenteditable")) return lower_ascii(*editable) != "false";
        return false;
    }

    // List and description-list structure (WCAG 1.3.1): what may be
    // directly inside <ul>, <ol> and <dl>, and what must be inside them.
    // A role attribute on the list or the item makes it something else.
    void structure(std::string_view tag) {
        if (open.size() < 2) return;
        OpenElement& self = open.back();
        OpenElement& parent = open[open.size() - 2];
        if (self.shape == Shape::other && parent.shape == Shape::other) return;
        if (self.shape > Shape::support && parent.shape > Shape::support) return;
        bool plain_parent = parent.role.empty() || parent.role == "list";
        bool support = self.shape == Shape::support;
        if (parent.shape == Shape::list && plain_parent && self.shape != Shape::li && !support &&
            !parent.reported) {
            parent.reported = true;
            report("list", line(),
                   "<" + parent.tag + "> holds <" + std::string(tag) + ">, not only <li> items");
        }
        if (self.shape == Shape::li && self.role.empty() && parent.shape != Shape::list &&
            parent.shape != Shape::menu && parent.role != "list" && parent.role != "directory")
            report("listitem", line(), "<li> inside <" + parent.tag + ">, not in a list");
        bool in_dl = parent.shape == Shape::dl && parent.role.empty();
        bool in_dl_group = parent.shape == Shape::div && parent.role.empty() && open.size() >= 3 &&
                           open[open.size() - 3].shape == Shape::dl &&
                           open[open.size() - 3].role.empty();
        if ((in_dl || in_dl_group) && self.shape != Shape::term && !support &&
            !(in_dl && self.shape == Shape::div) && !parent.reported) {
            parent.reported = true;
            report("definition-list", line(),
                   "<dl> holds <" + std::string(tag) + ">, not only <dt> and <dd>");
        }
        if (self.shape == Shape::term && self.role.empty() && !in_dl && !in_dl_group)
            report("dlitem", line(),
                   "<" + std::string(tag) + "> inside <" + parent.tag + ">, not in a <dl>");
    }

    // Controls and embedded content: each needs a name (WCAG 4.1.2, 1.1.1).
    void control(std::string_view tag, const Attrs& a) {
        const Shape shape = open.back().shape;
        if (shape < Shape::button) return;
        if (shape == Shape::button) {
            buttons.push_back({open.size(), a.named_by_attribute(), line()});
        } else if (shape == Shape::frame) {
            if (!a.named_by_attribute())
                report("frame-title", line(),
                       "<" + std::string(tag) + "> without a title: " + a.get("src").value_or(""));
        } else if (shape == Shape::area) {
            if (a.get("href") && !a.filled("alt") && !a.filled("aria-label") &&
                !a.filled("aria-labelledby"))
                report("area-alt", line(), "<area> without alt: " + a.get("href").value_or(""));
        } else if (shape == Shape::marquee) {
            report("marquee", line(), "<marquee> scrolls text that cannot be paused");
        } else if (shape == Shape::blink) {
            report("blink", line(), "<blink> makes text blink");
        }
        if (shape != Shape::field) return;
        if (auto autocomplete = a.get("autocomplete"))
            if (auto problem = autocomplete_problem(*autocomplete))
                report("autocomplete-valid", line(), "autocomplete " + *problem);
        std::string type = tag == "input" ? lower_ascii(a.get("type").value_or("text")) : "";
        if (type == "hidden" || type == "submit" || type == "reset") return;  // named by default
        if (type == "image") {
            if (!a.filled("alt") && !a.named_by_attribute())
                report("input-image-alt", line(),
                       "<input type=image> without alt: " + a.get("src").value_or(""));
            return;
        }
        if (type == "button") {
            if (!a.filled("value") && !a.named_by_attribute())
                report("button-name", line(), "<input type=button> without a value or label");
            return;
        }
        std::string what = "<" + std::string(tag) + (type.empty() ? "" : " type=" + type) + ">";
        fields.push_back({a.get("id").value_or(""), what, line(), a.named_by_attribute()});
        if (!labels.empty()) labels.back().fields.push_back(fields.size() - 1);
    }

    void body_element(std::string_view tag, const Attrs& a) {
        any_element(tag, a);
        control(tag, a);
        if (text_block(open.back().shape))
            blocks.push_back({open.size(), open.back().thai, line()});
        if (open.back().shape == Shape::code) ++code_depth;
        if (tag == "label") labels.push_back({open.size(), a.get("for").value_or(""), false, {}});
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
            if (alt && !blank(*alt)) {
                for (auto& l : links) l.named = true;
                for (auto& b : buttons) b.named = true;
            }
            std::string src = a.get("src").value_or("");
            if (alt)
                if (auto why = meaningless_alt(*alt, src.substr(0, src.find_first_of("?#")));
                    !why.empty())
                    report("img-alt-meaningless", line(),
                           "alt \"" + *alt + "\" of " + src + ": " + why);
            // A 1x1 picture from another site is there to count who reads.
            auto tiny = [&](const char* side) {
                auto v = a.get(side);
                return v && (trim_space(*v) == "0" || trim_space(*v) == "1");
            };
            if (tiny("width") && tiny("height") && third_party(src))
                report("tracking-pixel", line(), "1x1 image from " + url_host(src) + ": " + src);
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
                // hreflang, not lang: a link whose text is in another
                // language (a Thai menu name on an English page) is not a switch.
                if (other("hreflang")) page.has_language_link = true;
            }
        } else if (tag == "script") {
            if (a.get("type").value_or("") == "application/ld+json") json_ld = true;
            resource(tag, a, "src");
        } else if (tag == "link") {
            std::string rel = a.get("rel").value_or("");
            if (rel == "stylesheet") resource(tag, a, "href");
            style_from_elsewhere(rel, a);
        } else if (tag == "iframe" || tag == "source" || tag == "video" || tag == "audio") {
            resource(tag, a, "src");
            if (tag == "iframe") frame_from_elsewhere(tag, a.get("src").value_or(""));
        } else if (tag == "frame" || tag == "embed") {
            frame_from_elsewhere(tag, a.get("src").value_or(""));
        } else if (tag == "object") {
            frame_from_elsewhere(tag, a.get("data").value_or(""));
        } else if (tag == "table") {
            std::string_view role = open.back().role;  // push() found it
            tables.push_back(
                {open.size(), 0, false, line(), role == "presentation" || role == "none"});
        } else if (tag == "th" && !tables.empty()) {
            ++tables.back().headers;
        } else if (tag == "caption" && !tables.empty()) {
            tables.back().caption = true;
        }
    }

    void end(std::string_view tag) override {
        if (open.empty()) return;
        std::size_t depth = open.size();
        hidden_depth -= open.back().hidden;
        const Shape closing = open.back().shape;
        if (const RoleNeeds* needs = open.back().needs) {
            --owners_open;
            if (!open.back().owns_needed)
                report("aria-required-children", open.back().line,
                       "role \"" + std::string(needs->role) + "\" has no " +
                           std::string(needs->owned[0]) +
                           (needs->owned[1].empty() ? "" : " or the like") + " inside it");
        }
        open.pop_back();
        if (svg_depth > 0) {
            --svg_depth;
            if (svg_image && svg_image->in_title && depth == svg_image->depth + 1)
                svg_image->in_title = false;
            if (svg_image && depth == svg_image->depth) {
                if (!svg_image->named && blank(svg_image->title))
                    report("svg-img-alt", svg_image->line,
                           "<svg role=\"img\"> without a <title> or aria-label");
                svg_image.reset();
            }
            return;
        }
        if (closing == Shape::code && code_depth > 0) --code_depth;
        if (!blocks.empty() && blocks.back().depth == depth) {
            const OpenBlock& b = blocks.back();
            // Four English words and no Thai: a paragraph a Thai voice
            // would read wrongly. Fewer are names and terms (KM, SOP).
            if (b.thai_lang && !b.has_thai && b.latin >= 4 && english_blocks++ == 0)
                english_block_line = b.line;
            blocks.pop_back();
        }
        if (!buttons.empty() && buttons.back().depth == depth) {
            const OpenButton& b = buttons.back();
            if (!b.named) report("button-name", b.line, "<button> without text");
            buttons.pop_back();
        }
        if (!labels.empty() && labels.back().depth == depth) {
            OpenLabel& l = labels.back();
            if (l.has_text) {
                for (std::size_t f : l.fields) fields[f].labelled = true;
                if (!l.target.empty()) label_targets.insert(l.target);
            }
            labels.pop_back();
        }
        if (tag == "title") in_title = false;
        if (tag == "head") in_head = false;
        if (tag == "footer" && footer_depth > 0) --footer_depth;
        if (!links.empty() && links.back().depth == depth) {
            const OpenLink& l = links.back();
            if (!l.named && blank(l.text))
                report("link-text", l.line, "link without text: " + l.href);
            else if (!l.named && vague_link_text(l.text))
                report("link-text-vague", l.line,
                       "link text \"" + std::string(trim_space(l.text)) +
                           "\" does not say where it goes: " + l.href);
            if (footer_depth > 0) footer_links += " " + l.text;
            links.pop_back();
        }
        if (!tables.empty() && tables.back().depth == depth) {
            const OpenTable& t = tables.back();
            if (!t.layout && t.headers == 0)
                report("table-headers", t.line, "table without header cells (th)");
            if (!t.layout && !t.caption) report("table-caption", t.line, "table without a caption");
            tables.pop_back();
        }
        if (first_element_depth == depth && !banner_decided) banner_decided = true;
    }

    // Thai in a part marked as another language; English words in a block
    // of a Thai page (WCAG 3.1.2). Thai pages are mostly Thai: a block is
    // scanned only until its first Thai letter.
    void language_of_text(std::string_view t) {
        if (!open.back().thai) {
            if (has_thai(t) && thai_elsewhere++ == 0) thai_elsewhere_line = line();
            return;
        }
        if (blocks.empty()) return;
        OpenBlock& b = blocks.back();
        if (!b.thai_lang || b.has_thai) return;
        if (has_thai(t))
            b.has_thai = true;
        else
            b.latin += latin_words(t);
    }

    void text(std::string_view t) override {
        if (svg_depth > 0) {
            if (svg_image && svg_image->in_title) svg_image->title.append(t);
            return;
        }
        if (in_title) title_text.append(t);
        for (auto& l : links) l.text.append(t);
        if (footer_depth > 0) footer_text.append(t);
        if (blank(t)) return;
        for (auto& b : buttons) b.named = true;
        for (auto& l : labels) l.has_text = true;
        if (in_body && !open.empty() && code_depth == 0) language_of_text(t);
        if (in_body && !open.empty()) {
            OpenElement& e = open.back();
            if (e.shape == Shape::list && (e.role.empty() || e.role == "list") && !e.reported) {
                e.reported = true;
                report("list", line(), "<" + e.tag + "> holds text outside its <li> items");
            } else if (e.shape == Shape::dl && e.role.empty() && !e.reported) {
                e.reported = true;
                report("definition-list", line(), "<dl> holds text outside <dt> and <dd>");
            }
        }
    }
};

void page_rules(Scanner& s) {
    PageFacts& page = s.page;
    if (page.lang.empty()) {
        s.report("html-lang", s.html_line, "<html> has no lang");
    } else if (auto problem = language_tag_problem(page.lang)) {
        s.report("html-lang", s.html_line, "<html> lang " + *problem);
    }
    if (s.thai_elsewhere > 0)
        s.report("lang-mismatch", s.thai_elsewhere_line,
                 std::to_string(s.thai_elsewhere) +
                     " piece(s) of Thai text in parts marked as another language (first here)");
    if (s.english_blocks > 0)
        s.report("lang-unmarked", s.english_block_line,
                 std::to_string(s.english_blocks) +
                     " English paragraph(s) without lang=\"en\" on a Thai page (first here)");
    for (const auto& f : s.fields)
        if (!f.labelled && (f.id.empty() || !s.label_targets.count(f.id)))
            s.report("label", f.line, f.what + " without a label");
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
    page.title = std::string(trim_space(s.title_text));
    page.title_line = s.title_line;
    page.editor = file == "admin/index.html" && s.noindex;
    if (!page.redirect && !page.editor)
        page_rules(s);
    else
        page.findings.clear();
    return page;
}

}  // namespace kmsite::check
