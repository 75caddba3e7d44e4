// Tokenizing after the WHATWG HTML syntax, with a small part of its tree
// construction: enough to know which element is open at any point. The
// checker reads tens of thousands of pages per build, so this is one pass
// over the bytes with reused buffers instead of a general-purpose parser.
#include "check/html_reader.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "core/core.h"

namespace kmsite::check {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr std::array<std::string_view, 14> void_elements = {
    "area",  "base", "br",   "col",    "embed", "hr",  "img",
    "input", "link", "meta", "source", "track", "wbr", "param"};
// Elements whose contents are not markup.
constexpr std::array<std::string_view, 6> raw_text = {"script", "style",   "xmp",
                                                      "iframe", "noembed", "noframes"};
constexpr std::array<std::string_view, 2> escapable_raw_text = {"title", "textarea"};
// Starting one of these closes an open <p> (WHATWG "close a p element").
constexpr std::array<std::string_view, 30> closes_p = {
    "address",  "article",    "aside",  "blockquote", "details", "dialog", "div",  "dl",
    "fieldset", "figcaption", "figure", "footer",     "form",    "h1",     "h2",   "h3",
    "h4",       "h5",         "h6",     "header",     "hgroup",  "hr",     "main", "menu",
    "nav",      "ol",         "p",      "pre",        "section", "table"};
// Inline elements a <p> may be closed through; anything else bounds the search.
constexpr std::array<std::string_view, 24> phrasing = {
    "a",    "abbr", "b", "bdi",  "bdo",   "cite", "code",   "data", "dfn", "em",   "i", "kbd",
    "mark", "q",    "s", "samp", "small", "span", "strong", "sub",  "sup", "time", "u", "var"};

// What the reader needs to know of an element, looked up once per tag.
enum TagFlags : unsigned {
    void_element = 1,
    raw_text_element = 2,
    escapable_raw_text_element = 4,
    closes_p_element = 8,
    phrasing_element = 16,
};

unsigned flags_of(std::string_view tag) {
    static const auto table = [] {
        std::unordered_map<std::string_view, unsigned> t;
        auto mark = [&](const auto& names, unsigned flag) {
            for (std::string_view n : names) t[n] |= flag;
        };
        mark(void_elements, void_element);
        mark(raw_text, raw_text_element);
        mark(escapable_raw_text, escapable_raw_text_element);
        mark(closes_p, closes_p_element);
        mark(phrasing, phrasing_element);
        return t;
    }();
    auto it = table.find(tag);
    return it == table.end() ? 0 : it->second;
}

struct Reference {
    std::string_view name, text;
};
constexpr std::array<Reference, 24> named_references = {{
    {"amp", "&"},       {"lt", "<"},       {"gt", ">"},       {"quot", "\""},     {"apos", "'"},
    {"nbsp", "\u00A0"}, {"copy", "©"},     {"reg", "®"},      {"trade", "™"},     {"hellip", "…"},
    {"mdash", "—"},     {"ndash", "–"},    {"laquo", "«"},    {"raquo", "»"},     {"middot", "·"},
    {"times", "×"},     {"bull", "•"},     {"lsquo", "‘"},    {"rsquo", "’"},     {"ldquo", "“"},
    {"rdquo", "”"},     {"shy", "\u00AD"}, {"zwj", "\u200D"}, {"zwnj", "\u200C"},
}};

// Decodes the reference at text[at] == '&' into out; returns the length read,
// 0 when it is not a reference we know.
std::size_t decode_one(std::string_view text, std::size_t at, std::string& out) {
    // Only the next 12 bytes can hold the ';': searching further made a long
    // run of '&' without one quadratic.
    std::size_t semi = text.substr(at + 1, 12).find(';');
    if (semi == std::string_view::npos) return 0;
    semi += at + 1;
    std::string_view body = text.substr(at + 1, semi - at - 1);
    if (body.size() >= 2 && body[0] == '#') {
        bool hex = body[1] == 'x' || body[1] == 'X';
        std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty()) return 0;
        char32_t cp = 0;
        for (char c : digits) {
            int v = c >= '0' && c <= '9'                        ? c - '0'
                    : hex && lower(c) >= 'a' && lower(c) <= 'f' ? lower(c) - 'a' + 10
                                                                : -1;
            if (v < 0) return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
            if (cp > 0x10FFFF) return 0;
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        append_utf8(out, cp);
        return semi - at + 1;
    }
    for (const auto& r : named_references) {
        if (r.name == body) {
            out.append(r.text);
            return semi - at + 1;
        }
    }
    return 0;
}

// Elements nested deeper than this are closed before the next one opens, so
// every walk down the open elements is bounded. Browsers bound the depth of
// the tree the same way (Blink at 512, for the same reason: pathological pages
// made tree construction quadratic); kmsite's own pages nest a few dozen deep.
constexpr std::size_t max_depth = 512;
// Up to this many attributes a start tag's duplicates are found by a scan;
// beyond it, by a hash set (a tag with 100k attributes was quadratic).
constexpr std::size_t attribute_scan_limit = 16;

// '\n' in `text`, eight bytes at a time: every start tag asks for its line,
// and counting byte by byte (std::count is not vectorised at -O2) was a
// third of the reader's time. A byte of v = word ^ 0x0A.. is zero where the
// word has a newline; ((v & 0x7F..) + 0x7F..) | v sets the high bit of
// exactly the bytes that are not zero.
std::size_t count_newlines(std::string_view text) {
    constexpr std::uint64_t newlines = 0x0A0A0A0A0A0A0A0AULL, low7 = 0x7F7F7F7F7F7F7F7FULL;
    std::size_t n = 0, i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        std::uint64_t v = word ^ newlines;
        std::uint64_t nonzero = (((v & low7) + low7) | v) & ~low7;
        // One bit per byte: their sum by a multiply (std::popcount is a
        // library call without -mpopcnt, which the default target lacks).
        n += 8 - static_cast<std::size_t>(((nonzero >> 7) * 0x0101010101010101ULL) >> 56);
    }
    for (; i < text.size(); ++i) n += text[i] == '\n';
    return n;
}

class Reader {
  public:
    Reader(std::string_view html, HtmlHandler& handler) : html_(html), handler_(handler) {}

    void run() {
        std::size_t text_from = 0;
        while (pos_ < html_.size()) {
            std::size_t lt = html_.find('<', pos_);
            if (lt == std::string_view::npos) break;
            pos_ = lt;
            if (!starts_markup()) {
                ++pos_;  // a '<' that starts nothing is text
                continue;
            }
            emit_text(html_.substr(text_from, lt - text_from));
            markup();
            text_from = pos_;
        }
        emit_text(html_.substr(text_from));
        while (!open_.empty()) pop();
    }

  private:
    std::string_view html_;
    HtmlHandler& handler_;
    std::size_t pos_ = 0;
    std::size_t counted_ = 0;  // newlines are counted up to here
    int line_ = 1;
    std::vector<std::string> open_;
    // How many elements of each name are open, so an end tag or a start tag
    // that closes something (p, li, a...) knows in O(1) whether to look.
    std::unordered_map<std::string, std::size_t> open_count_;
    std::size_t foreign_ = 0;  // open <svg> and <math> elements
    std::unordered_set<std::string> attribute_names_;
    std::string tag_;
    HtmlAttributes attributes_;
    std::string decoded_;

    int line_at(std::size_t at) {
        line_ += static_cast<int>(count_newlines(html_.substr(counted_, at - counted_)));
        counted_ = at;
        return line_;
    }

    void emit_text(std::string_view text) {
        if (text.empty()) return;
        if (text.find('&') == std::string_view::npos) {
            handler_.text(text);
        } else {
            decoded_ = decode_references(text);
            handler_.text(decoded_);
        }
    }

    // At a '<': whether it opens a tag, comment or declaration rather than text.
    bool starts_markup() const {
        std::string_view rest = html_.substr(pos_, 3);
        if (rest.size() < 2) return false;
        if (rest[1] == '!' || rest[1] == '?' || is_alpha(rest[1])) return true;
        return rest.size() == 3 && rest[1] == '/' && is_alpha(rest[2]);
    }

    // Reads the tag, comment or declaration at pos_ and moves past it.
    void markup() {
        std::string_view rest = html_.substr(pos_);
        if (rest.substr(0, 4) == "<!--") {
            std::size_t end = html_.find("-->", pos_ + 4);
            pos_ = end == std::string_view::npos ? html_.size() : end + 3;
            return;
        }
        if (rest.substr(0, 9) == "<![CDATA[") {
            std::size_t end = html_.find("]]>", pos_ + 9);
            std::size_t stop = end == std::string_view::npos ? html_.size() : end;
            handler_.text(html_.substr(pos_ + 9, stop - pos_ - 9));
            pos_ = end == std::string_view::npos ? html_.size() : end + 3;
            return;
        }
        if (rest.size() >= 2 && (rest[1] == '!' || rest[1] == '?')) {
            std::size_t end = html_.find('>', pos_);
            pos_ = end == std::string_view::npos ? html_.size() : end + 1;
            return;
        }
        if (rest[1] == '/')
            end_tag();
        else
            start_tag();
    }

    std::size_t read_name(std::size_t at, std::string& out) {
        out.clear();
        while (at < html_.size() && !is_space(html_[at]) && html_[at] != '/' && html_[at] != '>')
            out.push_back(lower(html_[at++]));
        return at;
    }

    std::size_t skip_space(std::size_t at) const {
        while (at < html_.size() && is_space(html_[at])) ++at;
        return at;
    }

    void end_tag() {
        pos_ = read_name(pos_ + 2, tag_);
        std::size_t close = html_.find('>', pos_);
        pos_ = close == std::string_view::npos ? html_.size() : close + 1;
        // A stray end tag is ignored; otherwise everything opened since closes.
        if (open_count(tag_) == 0) return;
        auto match = std::find(open_.rbegin(), open_.rend(), tag_);
        if (match == open_.rend()) return;
        std::size_t keep = static_cast<std::size_t>(open_.rend() - match) - 1;
        while (open_.size() > keep) pop();
    }

    void start_tag() {
        int line = line_at(pos_);
        std::size_t at = read_name(pos_ + 1, tag_);
        bool self_closing = false;
        attributes_.count = 0;
        if (!attribute_names_.empty()) attribute_names_.clear();
        while (true) {
            at = skip_space(at);
            if (at >= html_.size()) break;
            if (html_[at] == '>') {
                ++at;
                break;
            }
            if (html_[at] == '/') {
                self_closing = at + 1 < html_.size() && html_[at + 1] == '>';
                ++at;
                continue;
            }
            at = attribute(at);
        }
        pos_ = at;
        unsigned flags = flags_of(tag_);
        implied_ends(flags);
        if (open_.size() >= max_depth && !(flags & void_element))
            pop();  // the new element becomes the deepest one's sibling
        push(tag_);
        handler_.start(tag_, attributes_, line);
        if ((flags & void_element) || (self_closing && foreign_ > 0)) {
            pop();
        } else if (flags & (raw_text_element | escapable_raw_text_element)) {
            raw_contents(flags & escapable_raw_text_element);
        }
    }

    std::size_t attribute(std::size_t at) {
        if (attributes_.list.size() <= attributes_.count) attributes_.list.emplace_back();
        auto& [name, value] = attributes_.list[attributes_.count];
        name.clear();
        value.clear();
        // The first character may be '=' (a parse error, kept as a name).
        do {
            name.push_back(lower(html_[at++]));
        } while (at < html_.size() && !is_space(html_[at]) && html_[at] != '/' &&
                 html_[at] != '>' && html_[at] != '=');
        at = skip_space(at);
        if (at < html_.size() && html_[at] == '=') {
            at = skip_space(at + 1);
            std::size_t from = at, to;
            if (at < html_.size() && (html_[at] == '"' || html_[at] == '\'')) {
                std::size_t close = html_.find(html_[at], at + 1);
                from = at + 1;
                to = close == std::string_view::npos ? html_.size() : close;
                at = close == std::string_view::npos ? html_.size() : close + 1;
            } else {
                while (at < html_.size() && !is_space(html_[at]) && html_[at] != '>') ++at;
                to = at;
            }
            std::string_view raw = html_.substr(from, to - from);
            if (raw.find('&') == std::string_view::npos)
                value.assign(raw);
            else
                value = decode_references(raw);
        }
        // A repeated attribute keeps its first value, as in a browser.
        if (!seen_attribute(name)) {
            if (!attribute_names_.empty()) attribute_names_.insert(name);
            ++attributes_.count;
        }
        return at;
    }

    bool seen_attribute(const std::string& name) {
        if (attributes_.count <= attribute_scan_limit) return attributes_.get(name) != nullptr;
        if (attribute_names_.empty()) {
            for (std::size_t i = 0; i < attributes_.count; ++i)
                attribute_names_.insert(attributes_.list[i].first);
        }
        return attribute_names_.count(name) > 0;
    }

    std::size_t open_count(const std::string& tag) const {
        auto it = open_count_.find(tag);
        return it == open_count_.end() ? 0 : it->second;
    }

    void push(const std::string& tag) {
        open_.push_back(tag);
        ++open_count_[tag];
        if (tag == "svg" || tag == "math") ++foreign_;
    }

    // <script>, <style>, <title>...: everything up to the matching end tag.
    void raw_contents(bool text) {
        std::string closing = "</" + open_.back();
        std::size_t at = pos_;
        while (true) {
            at = html_.find("</", at);
            if (at == std::string_view::npos) break;
            bool same = at + closing.size() <= html_.size() &&
                        std::equal(closing.begin(), closing.end(), html_.begin() + at,
                                   [](char a, char b) { return a == lower(b); });
            std::size_t after = at + closing.size();
            if (same && (after == html_.size() || is_space(html_[after]) || html_[after] == '>' ||
                         html_[after] == '/'))
                break;
            at += 2;
        }
        std::size_t stop = at == std::string_view::npos ? html_.size() : at;
        if (text) emit_text(html_.substr(pos_, stop - pos_));
        pos_ = stop;
        if (at == std::string_view::npos) pop();  // unterminated: ends with the page
    }

    // Closes what starting tag_ implicitly ends: a list item ends the previous
    // one, a row ends the previous row, a block ends an open paragraph.
    void implied_ends(unsigned flags) {
        auto close_through = [&](std::initializer_list<std::string_view> targets,
                                 std::initializer_list<std::string_view> bounds) {
            if (std::none_of(targets.begin(), targets.end(),
                             [&](std::string_view t) { return open_count(std::string(t)) > 0; }))
                return;
            for (std::size_t i = open_.size(); i-- > 0;) {
                std::string_view e = open_[i];
                if (std::find(bounds.begin(), bounds.end(), e) != bounds.end()) return;
                if (std::find(targets.begin(), targets.end(), e) != targets.end()) {
                    while (open_.size() > i) pop();
                    return;
                }
            }
        };
        if (tag_ == "li") close_through({"li"}, {"ul", "ol", "menu", "table"});
        if (tag_ == "dt" || tag_ == "dd") close_through({"dt", "dd"}, {"dl", "table"});
        if (tag_ == "tr") close_through({"tr"}, {"table", "thead", "tbody", "tfoot"});
        if (tag_ == "td" || tag_ == "th") close_through({"td", "th"}, {"tr", "table"});
        if (tag_ == "thead" || tag_ == "tbody" || tag_ == "tfoot")
            close_through({"thead", "tbody", "tfoot"}, {"table"});
        if (tag_ == "option") close_through({"option"}, {"select", "datalist"});
        // A link inside a link closes the outer one (WHATWG: the adoption
        // agency for "a"), so links never nest and their text is kept once.
        if (tag_ == "a" && open_count(tag_) > 0) {
            while (open_.back() != "a") pop();
            pop();
        }
        if ((flags & closes_p_element) && open_count("p") > 0) {
            for (std::size_t i = open_.size(); i-- > 0;) {
                if (open_[i] == "p") {
                    while (open_.size() > i) pop();
                    break;
                }
                if (!(flags_of(open_[i]) & phrasing_element)) break;
            }
        }
    }

    void pop() {
        handler_.end(open_.back());
        auto it = open_count_.find(open_.back());
        if (--it->second == 0) open_count_.erase(it);
        if (open_.back() == "svg" || open_.back() == "math") --foreign_;
        open_.pop_back();
    }
};

}  // namespace

std::string decode_references(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t from = 0;
    for (std::size_t at = text.find('&'); at != std::string_view::npos;
         at = text.find('&', at + 1)) {
        out.append(text.substr(from, at - from));
        std::size_t used = decode_one(text, at, out);
        if (used == 0) {
            out.push_back('&');
            from = at + 1;
        } else {
            from = at + used;
            at = from - 1;
        }
    }
    out.append(text.substr(from));
    return out;
}

void read_html(std::string_view html, HtmlHandler& handler) {
    Reader(html, handler).run();
}

}  // namespace kmsite::check
