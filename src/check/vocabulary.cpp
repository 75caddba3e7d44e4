// The vocabularies of HTML and WAI-ARIA the page rules look words up in.
#include "check/vocabulary.h"

#include <unicode/uloc.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <vector>

#include "core/core.h"

namespace kmsite::check {

namespace {

// WAI-ARIA 1.2 section 5.4 (non-abstract roles), Graphics ARIA 1.0 and
// DPUB-ARIA 1.1.
constexpr std::string_view kRoles[] = {
    "alert", "alertdialog", "application", "article", "banner", "blockquote", "button", "caption",
    "cell", "checkbox", "code", "columnheader", "combobox", "complementary", "contentinfo",
    "definition", "deletion", "dialog", "directory", "document", "emphasis", "feed", "figure",
    "form", "generic", "grid", "gridcell", "group", "heading", "img", "insertion", "link", "list",
    "listbox", "listitem", "log", "main", "marquee", "math", "menu", "menubar", "menuitem",
    "menuitemcheckbox", "menuitemradio", "meter", "navigation", "none", "note", "option",
    "paragraph", "presentation", "progressbar", "radio", "radiogroup", "region", "row", "rowgroup",
    "rowheader", "scrollbar", "search", "searchbox", "separator", "slider", "spinbutton", "status",
    "strong", "subscript", "superscript", "switch", "tab", "table", "tablist", "tabpanel", "term",
    "textbox", "time", "timer", "toolbar", "tooltip", "tree", "treegrid", "treeitem",
    // Graphics ARIA
    "graphics-document", "graphics-object", "graphics-symbol",
    // DPUB-ARIA
    "doc-abstract", "doc-acknowledgments", "doc-afterword", "doc-appendix", "doc-backlink",
    "doc-biblioentry", "doc-bibliography", "doc-biblioref", "doc-chapter", "doc-colophon",
    "doc-conclusion", "doc-cover", "doc-credit", "doc-credits", "doc-dedication", "doc-endnote",
    "doc-endnotes", "doc-epigraph", "doc-epilogue", "doc-errata", "doc-example", "doc-footnote",
    "doc-foreword", "doc-glossary", "doc-glossref", "doc-index", "doc-introduction", "doc-noteref",
    "doc-notice", "doc-pagebreak", "doc-pagefooter", "doc-pageheader", "doc-pagelist", "doc-part",
    "doc-preface", "doc-prologue", "doc-pullquote", "doc-qna", "doc-subtitle", "doc-tip",
    "doc-toc"};

// WAI-ARIA 1.2 section 6.7 (states and properties), with 1.3's
// aria-description and the braille properties browsers already support.
constexpr std::string_view kAriaAttributes[] = {"aria-activedescendant",
                                                "aria-atomic",
                                                "aria-autocomplete",
                                                "aria-braillelabel",
                                                "aria-brailleroledescription",
                                                "aria-busy",
                                                "aria-checked",
                                                "aria-colcount",
                                                "aria-colindex",
                                                "aria-colindextext",
                                                "aria-colspan",
                                                "aria-controls",
                                                "aria-current",
                                                "aria-describedby",
                                                "aria-description",
                                                "aria-details",
                                                "aria-disabled",
                                                "aria-dropeffect",
                                                "aria-errormessage",
                                                "aria-expanded",
                                                "aria-flowto",
                                                "aria-grabbed",
                                                "aria-haspopup",
                                                "aria-hidden",
                                                "aria-invalid",
                                                "aria-keyshortcuts",
                                                "aria-label",
                                                "aria-labelledby",
                                                "aria-level",
                                                "aria-live",
                                                "aria-modal",
                                                "aria-multiline",
                                                "aria-multiselectable",
                                                "aria-orientation",
                                                "aria-owns",
                                                "aria-placeholder",
                                                "aria-posinset",
                                                "aria-pressed",
                                                "aria-readonly",
                                                "aria-relevant",
                                                "aria-required",
                                                "aria-roledescription",
                                                "aria-rowcount",
                                                "aria-rowindex",
                                                "aria-rowindextext",
                                                "aria-rowspan",
                                                "aria-selected",
                                                "aria-setsize",
                                                "aria-sort",
                                                "aria-valuemax",
                                                "aria-valuemin",
                                                "aria-valuenow",
                                                "aria-valuetext"};

// HTML Living Standard 4.10.18.7.1, autofill field names: those that take no
// contact-type token, then those that may ("home tel").
constexpr std::string_view kFieldNames[] = {"name",
                                            "honorific-prefix",
                                            "given-name",
                                            "additional-name",
                                            "family-name",
                                            "honorific-suffix",
                                            "nickname",
                                            "username",
                                            "new-password",
                                            "current-password",
                                            "one-time-code",
                                            "organization-title",
                                            "organization",
                                            "street-address",
                                            "address-line1",
                                            "address-line2",
                                            "address-line3",
                                            "address-level4",
                                            "address-level3",
                                            "address-level2",
                                            "address-level1",
                                            "country",
                                            "country-name",
                                            "postal-code",
                                            "cc-name",
                                            "cc-given-name",
                                            "cc-additional-name",
                                            "cc-family-name",
                                            "cc-number",
                                            "cc-exp",
                                            "cc-exp-month",
                                            "cc-exp-year",
                                            "cc-csc",
                                            "cc-type",
                                            "transaction-currency",
                                            "transaction-amount",
                                            "language",
                                            "bday",
                                            "bday-day",
                                            "bday-month",
                                            "bday-year",
                                            "sex",
                                            "url",
                                            "photo"};
constexpr std::string_view kContactFieldNames[] = {"tel",
                                                   "tel-country-code",
                                                   "tel-national",
                                                   "tel-area-code",
                                                   "tel-local",
                                                   "tel-local-prefix",
                                                   "tel-local-suffix",
                                                   "tel-extension",
                                                   "email",
                                                   "impp"};
constexpr std::string_view kContactTypes[] = {"home", "work", "mobile", "fax", "pager"};

template <std::size_t N>
bool one_of(const std::string_view (&table)[N], std::string_view word) {
    return std::find(std::begin(table), std::end(table), word) != std::end(table);
}

std::vector<std::string_view> split_spaces(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        std::size_t from = i;
        while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        if (i > from) out.push_back(s.substr(from, i - from));
    }
    return out;
}

bool all_of_class(std::string_view s, int (*is)(int)) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [is](unsigned char c) { return is(c) != 0; });
}

// ISO 639 two-letter codes, as ICU lists them.
const std::set<std::string>& two_letter_languages() {
    static const std::set<std::string> codes = [] {
        std::set<std::string> out;
        for (const char* const* code = uloc_getISOLanguages(); *code; ++code)
            if (std::string_view(*code).size() == 2) out.insert(*code);
        return out;
    }();
    return codes;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

}  // namespace

bool valid_role(std::string_view role) {
    return one_of(kRoles, role);
}

std::string_view effective_role(std::string_view role_attribute) {
    for (std::string_view token : split_spaces(role_attribute))
        for (std::string_view role : kRoles)
            if (role == token) return role;  // the table's, not the attribute's bytes
    return {};
}

bool valid_aria_attribute(std::string_view name) {
    return one_of(kAriaAttributes, name);
}

const RoleNeeds* role_needs(std::string_view role) {
    // WAI-ARIA 1.2, each role's "Required Context Role" and "Required Owned
    // Elements" (radiogroup's radios are not required since 1.2).
    static constexpr RoleNeeds table[] = {
        {"caption", {"figure", "grid", "table", "treegrid"}, {}},
        {"cell", {"row"}, {}},
        {"columnheader", {"row"}, {}},
        {"gridcell", {"row"}, {}},
        {"listitem", {"directory", "list"}, {}},
        {"menuitem", {"group", "menu", "menubar"}, {}},
        {"menuitemcheckbox", {"group", "menu", "menubar"}, {}},
        {"menuitemradio", {"group", "menu", "menubar"}, {}},
        {"option", {"group", "listbox"}, {}},
        {"row",
         {"grid", "rowgroup", "table", "treegrid"},
         {"cell", "columnheader", "gridcell", "rowheader"}},
        {"rowgroup", {"grid", "table", "treegrid"}, {"row"}},
        {"rowheader", {"row"}, {}},
        {"tab", {"tablist"}, {}},
        {"treeitem", {"group", "tree"}, {}},
        {"feed", {}, {"article"}},
        {"grid", {}, {"row", "rowgroup"}},
        {"list", {}, {"listitem"}},
        {"listbox", {}, {"group", "option"}},
        {"menu", {}, {"group", "menuitem", "menuitemcheckbox", "menuitemradio"}},
        {"menubar", {}, {"group", "menuitem", "menuitemcheckbox", "menuitemradio"}},
        {"table", {}, {"row", "rowgroup"}},
        {"tablist", {}, {"tab"}},
        {"tree", {}, {"group", "treeitem"}},
        {"treegrid", {}, {"row", "rowgroup"}},
    };
    for (const auto& needs : table)
        if (needs.role == role) return &needs;
    return nullptr;
}

std::string_view implicit_role(std::string_view tag) {
    // HTML-AAM, for the elements those rules meet (a td is a cell inside a
    // table, where the rules meet it).
    static constexpr std::pair<std::string_view, std::string_view> table[] = {
        {"ul", "list"},        {"ol", "list"},         {"menu", "list"},
        {"li", "listitem"},    {"table", "table"},     {"thead", "rowgroup"},
        {"tbody", "rowgroup"}, {"tfoot", "rowgroup"},  {"tr", "row"},
        {"td", "cell"},        {"th", "columnheader"}, {"select", "listbox"},
        {"option", "option"},  {"optgroup", "group"},  {"fieldset", "group"},
        {"figure", "figure"},  {"article", "article"}, {"details", "group"}};
    if (tag.size() > 8) return {};
    for (const auto& [name, role] : table)
        if (name == tag) return role;
    return {};
}

std::optional<std::string> autocomplete_problem(std::string_view value) {
    std::string lower = lower_ascii(value);
    auto tokens = split_spaces(lower);
    if (tokens.empty()) return std::nullopt;  // an empty attribute is the default
    if (tokens.size() == 1 && (tokens[0] == "on" || tokens[0] == "off")) return std::nullopt;
    std::size_t i = 0;
    if (tokens[i].rfind("section-", 0) == 0) ++i;
    if (i < tokens.size() && (tokens[i] == "shipping" || tokens[i] == "billing")) ++i;
    bool contact_type = i < tokens.size() && one_of(kContactTypes, tokens[i]);
    if (contact_type) ++i;
    if (i == tokens.size()) return "\"" + std::string(value) + "\" names no field";
    std::string_view field = tokens[i];
    bool known = contact_type ? one_of(kContactFieldNames, field)
                              : one_of(kFieldNames, field) || one_of(kContactFieldNames, field);
    if (!known) {
        if (contact_type && one_of(kFieldNames, field))
            return "\"" + std::string(field) + "\" cannot follow \"" + std::string(tokens[i - 1]) +
                   "\"";
        return "\"" + std::string(field) + "\" is not an autofill field name";
    }
    ++i;
    if (i < tokens.size() && tokens[i] == "webauthn") ++i;
    if (i != tokens.size())
        return "\"" + std::string(tokens[i]) + "\" is out of place in \"" + std::string(value) +
               "\"";
    return std::nullopt;
}

std::optional<std::string> language_tag_problem(std::string_view tag) {
    if (tag.empty()) return "the language is empty";
    std::vector<std::string_view> parts;
    for (std::size_t from = 0;;) {
        std::size_t dash = tag.find('-', from);
        parts.push_back(tag.substr(from, dash == std::string_view::npos ? dash : dash - from));
        if (dash == std::string_view::npos) break;
        from = dash + 1;
    }
    const std::string quoted = "\"" + std::string(tag) + "\"";
    for (auto p : parts)
        if (p.empty() || p.size() > 8 || !all_of_class(p, std::isalnum))
            return quoted + " is not a language tag";
    std::string primary = lower_ascii(parts[0]);
    if (primary == "x" || primary == "i") return std::nullopt;  // private use, grandfathered
    // RFC 5646 leaves room for 4-8 letter languages; none is registered.
    if (!all_of_class(primary, std::isalpha) || primary.size() < 2 || primary.size() > 3)
        return quoted + " does not start with a language code";
    if (primary.size() == 2 && !two_letter_languages().count(primary))
        return quoted + ": \"" + primary + "\" is not an ISO 639 language";
    // The subtags after the language, in the order RFC 5646 allows them.
    std::size_t i = 1;
    int extlangs = 0;
    while (i < parts.size() && extlangs < 3 && parts[i].size() == 3 &&
           all_of_class(parts[i], std::isalpha))
        ++i, ++extlangs;
    if (i < parts.size() && parts[i].size() == 4 && all_of_class(parts[i], std::isalpha)) ++i;
    if (i < parts.size() && ((parts[i].size() == 2 && all_of_class(parts[i], std::isalpha)) ||
                             (parts[i].size() == 3 && all_of_class(parts[i], std::isdigit))))
        ++i;
    while (i < parts.size() &&
           (parts[i].size() >= 5 ||
            (parts[i].size() == 4 && std::isdigit(static_cast<unsigned char>(parts[i][0])))))
        ++i;
    // Extensions and private use: a singleton, then subtags of 2-8 (1-8 after x).
    while (i < parts.size() && parts[i].size() == 1) {
        bool private_use = lower_ascii(parts[i]) == "x";
        std::size_t from = ++i;
        while (i < parts.size() && (parts[i].size() >= 2 || (private_use && !parts[i].empty())))
            ++i;
        if (i == from) return quoted + " is not a language tag";
        if (private_use) i = parts.size();
    }
    if (i != parts.size()) return quoted + ": \"" + std::string(parts[i]) + "\" is out of place";
    return std::nullopt;
}

std::optional<std::string> viewport_blocks_zoom(std::string_view content) {
    // "width=device-width, initial-scale=1": commas, semicolons or spaces
    // between entries; spaces around '='.
    std::optional<std::string> found;
    std::size_t i = 0;
    auto separator = [](char c) {
        return c == ',' || c == ';' || std::isspace(static_cast<unsigned char>(c));
    };
    while (i < content.size()) {
        while (i < content.size() && separator(content[i])) ++i;
        std::size_t key_from = i;
        while (i < content.size() && content[i] != '=' && !separator(content[i])) ++i;
        std::string key = lower_ascii(content.substr(key_from, i - key_from));
        while (i < content.size() && std::isspace(static_cast<unsigned char>(content[i]))) ++i;
        std::string value;
        if (i < content.size() && content[i] == '=') {
            ++i;
            while (i < content.size() && std::isspace(static_cast<unsigned char>(content[i]))) ++i;
            std::size_t value_from = i;
            while (i < content.size() && !separator(content[i])) ++i;
            value = lower_ascii(content.substr(value_from, i - value_from));
        }
        if (key == "user-scalable" && (value == "no" || value == "0")) {
            found = key + "=" + value;
        } else if (key == "maximum-scale" && !value.empty()) {
            char* end = nullptr;
            double scale = std::strtod(value.c_str(), &end);
            // Unparsable or negative: browsers ignore it, zooming stays.
            if (end != value.c_str() && scale >= 0 && scale < 2) found = key + "=" + value;
        }
    }
    return found;
}

std::optional<double> refresh_delay(std::string_view content) {
    std::string_view s = trim(content);
    std::size_t digits = 0;
    while (digits < s.size() &&
           (std::isdigit(static_cast<unsigned char>(s[digits])) || s[digits] == '.'))
        ++digits;
    if (digits == 0) return std::nullopt;
    return std::strtod(std::string(s.substr(0, digits)).c_str(), nullptr);
}

bool vague_link_text(std::string_view text) {
    // Thai and English, as people write them under lists and buttons.
    static constexpr std::string_view vague[] = {
        "คลิก",        "คลิกที่นี่",   "คลิกที่นี",      "กดที่นี่",       "ที่นี่",       "อ่านต่อ",     "อ่านเพิ่มเติม",
        "เพิ่มเติม",     "ดูเพิ่มเติม", "รายละเอียด",  "ดูรายละเอียด", "ลิงก์",      "ลิ้งค์",       "ลิงค์",
        "คลิกเลย",     "click",   "click here", "here",       "more",     "read more", "see more",
        "learn more", "details", "link",       "this link",  "this page"};
    // Most link texts are neither short nor vague: decided without a copy.
    std::string_view t = trim(text);
    if (t.size() > 48) return false;
    bool plain = std::none_of(t.begin(), t.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || c == '\t' || c == '\n' || c == '\r' || c == '.' ||
               c == ':' || c == '>' || static_cast<unsigned char>(c) == 0xBB ||
               static_cast<unsigned char>(c) == 0xA6;  // », …
    });
    if (plain && t.find("  ") == std::string_view::npos) return one_of(vague, t);
    std::string folded;
    bool space = false;
    for (char c : lower_ascii(t)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !folded.empty();
            continue;
        }
        if (space) folded += ' ';
        space = false;
        folded += c;
    }
    for (std::string_view tail : {"...", "…", "»", ">", ":"}) {
        if (folded.size() > tail.size() &&
            folded.compare(folded.size() - tail.size(), tail.size(), tail) == 0) {
            folded.resize(folded.size() - tail.size());
            while (!folded.empty() && folded.back() == ' ') folded.pop_back();
        }
    }
    return one_of(vague, folded);
}

std::string url_host(std::string_view url) {
    std::size_t from;
    std::string lower = lower_ascii(url.substr(0, 8));
    if (url.rfind("//", 0) == 0)
        from = 2;
    else if (lower.rfind("https://", 0) == 0)
        from = 8;
    else if (lower.rfind("http://", 0) == 0)
        from = 7;
    else
        return "";
    std::size_t to = url.find_first_of("/?#", from);
    std::string_view authority = url.substr(from, to == std::string_view::npos ? to : to - from);
    if (auto at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);  // user@host
    if (auto colon = authority.rfind(':');
        colon != std::string_view::npos && authority.find(']') == std::string_view::npos)
        authority = authority.substr(0, colon);  // host:port
    return lower_ascii(authority);
}

bool has_thai(std::string_view text) {
    // U+0E00..U+0E7F is E0 B8 80..E0 B9 BF in UTF-8.
    for (std::size_t at = text.find('\xE0'); at != std::string_view::npos;
         at = text.find('\xE0', at + 1)) {
        if (at + 1 < text.size() && (text[at + 1] == '\xB8' || text[at + 1] == '\xB9')) return true;
    }
    return false;
}

int latin_words(std::string_view text) {
    int words = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        std::size_t from = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        std::string_view word = text.substr(from, i - from);
        // Punctuation around a word ("(KM)", "policy,") is not part of it.
        while (!word.empty() && std::ispunct(static_cast<unsigned char>(word.back())))
            word.remove_suffix(1);
        while (!word.empty() && std::ispunct(static_cast<unsigned char>(word.front())))
            word.remove_prefix(1);
        if (word.size() >= 2 && all_of_class(word, std::isalpha)) ++words;
    }
    return words;
}

}  // namespace kmsite::check
