// YAML for kmsite: libfyaml (which passes the YAML test suite) turned into
// kmsite's own tree, and the typed field reader on top of it. This is the only
// file that includes <libfyaml.h>.
//
// The tree is built from libfyaml's event API rather than its document API:
// events carry the start mark of every node, collections included, which the
// document API of Debian's 0.7.12 does not expose; and building the tree here
// lets us refuse duplicate keys (naming the first one's line) and aliases
// (whose expansion could be exponential) before any caller sees them.
#include <libfyaml.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "config/config.h"
#include "thai/thai.h"

namespace kmsite::config {

namespace {

const char* const syntax_hint = " / รูปแบบ YAML ไม่ถูกต้อง (ตรวจเครื่องหมาย : การเยื้อง และเครื่องหมายคำพูด)";

const Yaml& missing_node() {
    static const Yaml missing;
    return missing;
}

bool is_plain_null(std::string_view s) {
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// A single-quoted scalar's value from its source text (between the quotes),
// per YAML 1.2 section 7.3.2: two quotes are one quote; a line break with the
// white space around it folds to one space, or to n-1 newlines when n breaks
// run together. Decoded here because Debian's libfyaml 0.7.12 reads runs of
// escaped quotes wrongly ('x''''y' as x''' instead of x''; fixed upstream in
// c0a716e) and then leaks its chunk buffer.
std::string single_quoted_value(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    auto is_white = [](char c) { return c == ' ' || c == '\t'; };
    auto is_break = [](char c) { return c == '\n' || c == '\r'; };
    std::size_t i = 0;
    while (i < raw.size()) {
        char c = raw[i];
        if (c == '\'') {
            out += '\'';
            i += i + 1 < raw.size() && raw[i + 1] == '\'' ? 2 : 1;
        } else if (is_white(c) || is_break(c)) {
            // White space that ends a line goes with the break; elsewhere it stays.
            std::size_t j = i;
            while (j < raw.size() && is_white(raw[j])) ++j;
            if (j == raw.size() || !is_break(raw[j])) {
                out.append(raw.substr(i, j - i));
                i = j;
                continue;
            }
            int breaks = 0;
            while (j < raw.size() && (is_break(raw[j]) || is_white(raw[j]))) {
                if (raw[j] == '\r' && j + 1 < raw.size() && raw[j + 1] == '\n') ++j;
                if (is_break(raw[j])) ++breaks;
                ++j;
            }
            if (breaks == 1)
                out += ' ';
            else
                out.append(static_cast<std::size_t>(breaks - 1), '\n');
            i = j;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

struct ParserDeleter {
    void operator()(fy_parser* p) const { fy_parser_destroy(p); }
};
struct DiagDeleter {
    void operator()(fy_diag* d) const { fy_diag_destroy(d); }
};

}  // namespace

// Builds kmsite's tree from libfyaml's events (a friend of Yaml).
class YamlBuilder {
  public:
    YamlBuilder(fy_parser* parser, const std::string& text, const std::string& path, int first_line,
                Diagnostics& diagnostics)
        : parser_(parser),
          text_(text),
          path_(path),
          first_line_(first_line),
          diagnostics_(diagnostics) {}

    // The first document, or nullopt after a syntax error.
    std::optional<Yaml> document() {
        Yaml root;
        root.kind_ = Yaml::Kind::mapping;  // an empty document reads as an empty mapping
        root.line_ = first_line_;
        root.col_ = 1;
        bool seen_document = false;
        while (Event e = next()) {
            if (e->type == FYET_DOCUMENT_START) {
                if (seen_document) {
                    diagnostics_.error(path_, line_of(e.get()), 1, "yaml-syntax",
                                       "only one YAML document is allowed; remove the second "
                                       "'---' / มีเอกสาร YAML ได้เพียงชุดเดียว");
                    return std::nullopt;
                }
                seen_document = true;
                Event first = next();
                if (!first) return std::nullopt;
                if (first->type == FYET_DOCUMENT_END) continue;
                if (!node(std::move(first), root)) return std::nullopt;
                if (root.kind_ == Yaml::Kind::null) {
                    root = Yaml();
                    root.kind_ = Yaml::Kind::mapping;
                    root.line_ = first_line_;
                    root.col_ = 1;
                }
            }
        }
        if (failed_) return std::nullopt;
        return root;
    }

    bool failed() const { return failed_; }
    bool depth_error() const { return depth_error_; }

  private:
    struct EventDeleter {
        fy_parser* parser;
        void operator()(fy_event* e) const { fy_parser_event_free(parser, e); }
    };
    using Event = std::unique_ptr<fy_event, EventDeleter>;

    Event next() {
        if (failed_) return Event(nullptr, EventDeleter{parser_});
        Event e(fy_parser_parse(parser_), EventDeleter{parser_});
        if (!e && fy_parser_get_stream_error(parser_)) failed_ = true;
        return e;
    }

    int line_of(fy_event* e) const {
        const fy_mark* m = fy_event_start_mark(e);
        return first_line_ + (m ? m->line : 0);
    }
    void place(Yaml& node, fy_event* e) const {
        const fy_mark* m = fy_event_start_mark(e);
        node.line_ = first_line_ + (m ? m->line : 0);
        node.col_ = m ? m->column + 1 : 1;
        // A quoted scalar's mark is at its first character: point at the
        // opening quote, where the editor typed the value.
        if (m && e->type == FYET_SCALAR && m->input_pos > 0 && m->input_pos <= text_.size() &&
            m->column > 0) {
            char before = text_[m->input_pos - 1];
            auto style = fy_event_get_node_style(e);
            if ((style == FYNS_DOUBLE_QUOTED && before == '"') ||
                (style == FYNS_SINGLE_QUOTED && before == '\''))
                --node.col_;
        }
        // An alias's mark is at its name: point at the '*'.
        if (m && e->type == FYET_ALIAS && m->input_pos > 0 && m->input_pos <= text_.size() &&
            m->column > 0 && text_[m->input_pos - 1] == '*') {
            --node.col_;
        }
    }

    // Removes the characters find_control_char finds, reporting the first of
    // them (at its own line in a literal block, where lines map to the file's
    // lines one to one).
    void check_text(std::string& text, int line, int col, bool literal) {
        auto bad = find_control_char(text);
        if (!bad) return;
        if (literal) {
            int breaks =
                static_cast<int>(std::count(text.begin(), text.begin() + bad->offset, '\n'));
            if (breaks > 0) line += breaks, col = 1;
        }
        diagnostics_.report(control_char_diagnostic(path_, line, col, bad->code_point,
                                                    Severity::error, "yaml-control-char"));
        text = without_control_chars(text);
    }

    // Reads the node that starts with `e` into `out`. False on a syntax error.
    // A key keeps its text even when it reads as null (`null: x` has the key "null").
    bool node(Event e, Yaml& out, int depth = 0, bool key = false) {
        place(out, e.get());
        if (depth > max_depth) {
            // Front matter needs a handful of levels; this bounds the recursion.
            diagnostics_.error(path_, out.line_, out.col_, "yaml-syntax",
                               "YAML nested more than " + std::to_string(max_depth) +
                                   " levels deep; flatten it" + syntax_hint);
            depth_error_ = true;
            return false;
        }
        switch (e->type) {
            case FYET_SCALAR: {
                const fy_mark* start = fy_event_start_mark(e.get());
                const fy_mark* end = fy_event_end_mark(e.get());
                const auto style = fy_event_get_node_style(e.get());
                if (style == FYNS_SINGLE_QUOTED && start && end &&
                    start->input_pos <= end->input_pos && end->input_pos <= text_.size()) {
                    out.scalar_ = single_quoted_value(std::string_view(text_).substr(
                        start->input_pos, end->input_pos - start->input_pos));
                } else {
                    std::size_t len = 0;
                    const char* text = fy_token_get_text(e->scalar.value, &len);
                    out.scalar_.assign(text ? text : "", text ? len : 0);
                }
                out.plain_ = style == FYNS_PLAIN || style == FYNS_ANY;
                // An explicit tag such as !!str makes the value text, whatever it looks like.
                if (e->scalar.tag) out.plain_ = false;
                if (!fy_event_start_mark(e.get())) {
                    // An empty value (`title:`) has no token of its own: it
                    // sits where its key or '-' was.
                    out.line_ = last_line_;
                    out.col_ = last_col_;
                }
                check_text(out.scalar_, out.line_, out.col_, style == FYNS_LITERAL);
                out.kind_ = out.plain_ && is_plain_null(out.scalar_) ? Yaml::Kind::null
                                                                     : Yaml::Kind::scalar;
                if (out.kind_ == Yaml::Kind::null && !key) out.scalar_.clear();
                return true;
            }
            case FYET_ALIAS:
                diagnostics_.error(path_, out.line_, out.col_, "yaml-alias",
                                   "aliases (*name) are not supported; write the value out / "
                                   "ไม่รองรับการอ้างอิง *name ให้เขียนค่าเต็ม");
                out.kind_ = Yaml::Kind::null;
                return true;
            case FYET_SEQUENCE_START: {
                out.kind_ = Yaml::Kind::sequence;
                last_line_ = out.line_, last_col_ = out.col_;
                while (Event item = next()) {
                    if (item->type == FYET_SEQUENCE_END) return true;
                    out.items_.emplace_back();
                    if (!node(std::move(item), out.items_.back(), depth + 1)) return false;
                    last_line_ = out.items_.back().line_, last_col_ = out.items_.back().col_;
                }
                return false;
            }
            case FYET_MAPPING_START: {
                out.kind_ = Yaml::Kind::mapping;
                std::unordered_map<std::string, std::size_t> index;
                while (Event key_event = next()) {
                    if (key_event->type == FYET_MAPPING_END) {
                        if (out.entries_.size() > 8)
                            out.index_ = std::make_shared<const decltype(index)>(std::move(index));
                        return true;
                    }
                    Yaml key;
                    if (!node(std::move(key_event), key, depth + 1, true)) return false;
                    Event value_event = next();
                    if (!value_event) return false;
                    last_line_ = key.line_, last_col_ = key.col_;
                    Yaml::Entry entry{key.scalar_, key.line_, key.col_, Yaml()};
                    if (!node(std::move(value_event), entry.value, depth + 1)) return false;
                    if (key.kind_ != Yaml::Kind::scalar && key.kind_ != Yaml::Kind::null) {
                        diagnostics_.error(path_, key.line_, key.col_, "yaml-key",
                                           "a key must be a plain name, not a list or mapping / "
                                           "ชื่อฟิลด์ต้องเป็นข้อความ");
                        continue;
                    }
                    auto [it, fresh] = index.emplace(entry.key, out.entries_.size());
                    if (!fresh) {
                        const Yaml::Entry& first = out.entries_[it->second];
                        diagnostics_.error(path_, key.line_, key.col_, "yaml-duplicate-key",
                                           "'" + entry.key + "' is given twice (first at line " +
                                               std::to_string(first.line) + "); keep one / '" +
                                               entry.key + "' ซ้ำกับบรรทัด " +
                                               std::to_string(first.line) + " ให้เหลือเพียงบรรทัดเดียว");
                        continue;
                    }
                    out.entries_.push_back(std::move(entry));
                }
                return false;
            }
            default:
                return false;
        }
    }

    static constexpr int max_depth = 100;
    fy_parser* parser_;
    const std::string& text_;
    const std::string& path_;
    int first_line_;
    Diagnostics& diagnostics_;
    bool failed_ = false;
    bool depth_error_ = false;
    int last_line_ = 0, last_col_ = 1;  // where an empty value is placed
};

const Yaml& Yaml::operator[](std::string_view key) const {
    const Entry* e = entry(key);
    return e ? e->value : missing_node();
}

const Yaml::Entry* Yaml::entry(std::string_view key) const {
    if (index_) {
        auto it = index_->find(std::string(key));
        return it == index_->end() ? nullptr : &entries_[it->second];
    }
    for (const auto& e : entries_)
        if (e.key == key) return &e;
    return nullptr;
}

std::size_t Yaml::size() const {
    return kind_ == Kind::sequence ? items_.size() : kind_ == Kind::mapping ? entries_.size() : 0;
}

std::optional<Yaml> parse_yaml(const std::string& raw_text, const std::string& path, int first_line,
                               Diagnostics& diagnostics) {
    // Control characters typed into the file itself (not written as
    // escapes): YAML does not allow them, and libfyaml ends the document at a
    // NUL without a word, dropping every field after it.
    const std::string text = find_control_char(raw_text)
                                 ? remove_control_chars(raw_text, path, first_line, Severity::error,
                                                        "yaml-control-char", diagnostics)
                                 : raw_text;
    // Diagnostics are collected, never printed: libfyaml would write them to
    // stderr, where they would interleave with kmsite's own messages.
    // The configuration is made once: fy_diag_cfg_default asks isatty(2)
    // each time, a system call for every page's front matter.
    static const fy_diag_cfg quiet_cfg = [] {
        fy_diag_cfg c;
        fy_diag_cfg_default(&c);
        c.fp = nullptr;
        c.output_fn = [](fy_diag*, void*, const char*, size_t) {};
        c.colorize = false;
        return c;
    }();
    fy_diag_cfg diag_cfg = quiet_cfg;
    std::unique_ptr<fy_diag, DiagDeleter> diag(fy_diag_create(&diag_cfg));
    if (!diag) throw std::bad_alloc();
    fy_diag_set_collect_errors(diag.get(), true);

    // YAML 1.2 by default: `yes`, `no`, `on`, `off` are text, not booleans.
    fy_parse_cfg cfg{};
    cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 |
                                                FYPCF_DISABLE_MMAP_OPT);
    cfg.diag = diag.get();
    std::unique_ptr<fy_parser, ParserDeleter> parser(fy_parser_create(&cfg));
    if (!parser || fy_parser_set_string(parser.get(), text.data(), text.size()) != 0)
        throw std::bad_alloc();

    YamlBuilder builder(parser.get(), text, path, first_line, diagnostics);
    auto root = builder.document();
    if (root || builder.depth_error()) return root;

    // Errors found at the end of the text (an unclosed bracket or quote) are
    // reported on its last line, not past it.
    int last = std::max(0, static_cast<int>(std::count(text.begin(), text.end(), '\n')) - 1);
    void* iter = nullptr;
    bool reported = false;
    while (fy_diag_error* e = fy_diag_errors_iterate(diag.get(), &iter)) {
        if (e->type != FYET_ERROR || reported) continue;
        int offset = std::max(0, e->line - 1);
        int col = offset > last ? 1 : std::max(1, e->column);
        diagnostics.error(
            path, first_line + std::min(offset, last), col, "yaml-syntax",
            std::string("YAML syntax error: ") + (e->msg ? e->msg : "") + syntax_hint);
        reported = true;
    }
    if (!reported && builder.failed()) {
        diagnostics.error(path, first_line + last, 1, "yaml-syntax",
                          std::string("YAML syntax error") + syntax_hint);
    }
    return std::nullopt;
}

// ---- Fields ----------------------------------------------------------------

Fields::Fields(const Yaml& map, std::string path, int opening_line, Diagnostics& diagnostics)
    : map_(&map), path_(std::move(path)), opening_line_(opening_line), diagnostics_(diagnostics) {}

Fields Fields::child(const Yaml& map, const std::string& what) const {
    if (map.is_map()) {
        Fields fields(map, path_, map.line(), diagnostics_);
        fields.opening_col_ = map.col();
        return fields;
    }
    if (map.defined() && !map.is_null()) {
        diagnostics_.error(
            path_, line_of(map), col_of(map), "field-type",
            "expected " + what + " written as 'key: value' lines / ต้องเป็น " + "บรรทัด ชื่อ: ค่า");
    }
    return Fields(missing_node(), path_, map.defined() ? map.line() : opening_line_, diagnostics_);
}

int Fields::line_of(const Yaml& node) const {
    return node.defined() ? node.line() : opening_line_;
}

int Fields::col_of(const Yaml& node) const {
    return node.defined() ? node.col() : opening_col_;
}

void Fields::error(const Yaml& at, RuleId rule, const std::string& message) {
    diagnostics_.error(path_, line_of(at), col_of(at), rule, message);
}

void Fields::error_at_line(int line, RuleId rule, const std::string& message) {
    diagnostics_.error(path_, line, 1, rule, message);
}

void Fields::warning(const Yaml& at, RuleId rule, const std::string& message) {
    diagnostics_.warning(path_, line_of(at), col_of(at), rule, message);
}

const Yaml& Fields::node(const std::string& key) {
    known_.insert(key);
    return (*map_)[key];
}

const Yaml& Fields::mapping(const std::string& key, const std::string& what) {
    const Yaml& n = node(key);
    if (n.is_map()) return n;
    if (!n.is_null()) error(n, "field-type", "'" + key + "' must be " + what);
    return missing_node();
}

const Yaml& Fields::sequence(const std::string& key, const std::string& what) {
    const Yaml& n = node(key);
    if (n.is_sequence()) return n;
    if (!n.is_null()) error(n, "field-type", "'" + key + "' must be " + what);
    return missing_node();
}

void Fields::allow(const std::set<std::string>& keys) {
    known_.insert(keys.begin(), keys.end());
}

std::optional<std::string> Fields::text(const std::string& key, bool required) {
    const Yaml& n = node(key);
    if (!n.defined()) {
        if (required) {
            diagnostics_.error(path_, opening_line_, opening_col_, "field-required",
                               "'" + key + "' is required; add a line '" + key +
                                   ": ...' / ต้องระบุ '" + key + "' ให้เพิ่มบรรทัด " + key + ": ...");
        }
        return std::nullopt;
    }
    if (n.is_null()) {
        if (required) {
            error(n, "field-required", "'" + key + "' must not be empty / '" + key + "' ต้องไม่ว่าง");
        }
        return std::nullopt;
    }
    if (!n.is_scalar()) {
        error(n, "field-type",
              "'" + key + "' must be text, not a " + (n.is_map() ? "mapping" : "list") + " / '" +
                  key + "' ต้องเป็นข้อความ");
        return std::nullopt;
    }
    if (required && n.scalar().empty()) {
        error(n, "field-required", "'" + key + "' must not be empty / '" + key + "' ต้องไม่ว่าง");
        return std::nullopt;
    }
    return n.scalar();
}

std::optional<long long> Fields::integer(const std::string& key, long long min, long long max) {
    const Yaml& n = node(key);
    if (n.is_null()) return std::nullopt;
    // "" is what a web form (the /admin/ editor) writes for a number left
    // empty: not given, like a missing key.
    if (n.is_scalar() && n.scalar().find_first_not_of(" \t") == std::string::npos)
        return std::nullopt;
    std::string digits = n.is_scalar() ? thai::fold_digits(n.scalar()) : "";
    long long value = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc::result_out_of_range ||
        (ec == std::errc() && ptr == digits.data() + digits.size() &&
         (value < min || value > max))) {
        error(n, "field-range",
              "'" + key + "' must be between " + std::to_string(min) + " and " +
                  std::to_string(max) + " / '" + key + "' ต้องอยู่ระหว่าง " + std::to_string(min) +
                  " ถึง " + std::to_string(max));
        return std::nullopt;
    }
    if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size()) {
        error(n, "field-type",
              "'" + key + "' must be a whole number / '" + key + "' ต้องเป็นจำนวนเต็ม");
        return std::nullopt;
    }
    return value;
}

std::optional<bool> Fields::boolean(const std::string& key) {
    const Yaml& n = node(key);
    if (n.is_null()) return std::nullopt;
    // YAML 1.2's core schema: only a plain true or false (in any of its three
    // spellings) is a boolean. yes/no/on/off were booleans in YAML 1.1; they
    // are refused rather than guessed, so `draft: no` cannot publish a draft
    // by surprise.
    if (n.is_scalar() && n.is_plain()) {
        const std::string& s = n.scalar();
        if (s == "true" || s == "True" || s == "TRUE") return true;
        if (s == "false" || s == "False" || s == "FALSE") return false;
    }
    error(n, "field-type",
          "'" + key + "' must be true or false (without quotes; yes and no are not accepted) / '" +
              key + "' ต้องเป็น true หรือ false");
    return std::nullopt;
}

std::vector<std::string> Fields::text_list(const std::string& key) {
    const Yaml& n = node(key);
    std::vector<std::string> out;
    if (n.is_null()) return out;
    if (n.is_scalar()) {
        out.push_back(n.scalar());
        return out;
    }
    if (!n.is_sequence()) {
        error(n, "field-type", "'" + key + "' must be a list / '" + key + "' ต้องเป็นรายการ");
        return out;
    }
    for (const auto& item : n.items()) {
        if (!item.is_scalar()) {
            error(item, "field-type",
                  "items of '" + key + "' must be text / รายการใน '" + key + "' ต้องเป็นข้อความ");
            continue;
        }
        out.push_back(item.scalar());
    }
    return out;
}

void Fields::finish(const std::string& what) {
    for (const auto& e : map_->entries()) {
        if (known_.count(e.key)) continue;
        diagnostics_.warning(path_, e.line, e.col, "field-unknown",
                             "unknown " + what + " field '" + e.key +
                                 "' is ignored (check its spelling) / ไม่รู้จักฟิลด์ '" + e.key + "'");
    }
}

}  // namespace kmsite::config
