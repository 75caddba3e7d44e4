#include <cstdio>

#include "core/core.h"

namespace kmsite {

std::size_t utf8_decode_at(std::string_view s, std::size_t at, char32_t& code_point) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size();
    if (at >= n) return 0;
    unsigned char c = p[at];
    if (c < 0x80) {
        code_point = c;
        return 1;
    }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (at + len > n) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((p[at + k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[at + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid too.
    static constexpr std::uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    code_point = cp;
    return len;
}

std::size_t utf8_sequence_length(std::string_view s, std::size_t at) {
    char32_t ignored;
    return utf8_decode_at(s, at, ignored);
}

std::optional<std::size_t> find_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = utf8_sequence_length(s, i);
        if (len == 0) return i;
        i += len;
    }
    return std::nullopt;
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string terminal_safe(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    auto byte_escape = [&](unsigned char c) {
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 15];
    };
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c == '\n')
                out += "\\n";
            else if (c == '\r')
                out += "\\r";
            else if (c == '\t')
                out += "\\t";
            else if (c < 0x20 || c == 0x7F)
                byte_escape(c);
            else
                out += static_cast<char>(c);
            ++i;
            continue;
        }
        // Decoded to spot C1 controls (U+0080..U+009F, which some terminals
        // take as escape introducers) and the bidi controls that can make a
        // line read differently from what it says (U+202A..U+202E,
        // U+2066..U+2069, U+200E, U+200F, U+061C).
        char32_t cp = 0;
        std::size_t len = utf8_decode_at(s, i, cp);
        if (len == 0) {
            byte_escape(c);
            ++i;
            continue;
        }
        bool hidden = (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
                      (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
                      cp == 0x061C;
        if (hidden) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "\\u{%x}", static_cast<unsigned>(cp));
            out += buf;
        } else {
            out.append(s.substr(i, len));
        }
        i += len;
    }
    return out;
}

TextPosition position_of(std::string_view text, std::size_t offset) {
    TextPosition pos;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++pos.line;
            pos.col = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++pos.col;
        }
    }
    return pos;
}

void append_utf8(std::string& out, char32_t cp) {
    auto byte = [&](char32_t b) { out.push_back(static_cast<char>(b)); };
    if (cp < 0x80) {
        byte(cp);
    } else if (cp < 0x800) {
        byte(0xC0 | (cp >> 6));
        byte(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        byte(0xE0 | (cp >> 12));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    } else {
        byte(0xF0 | (cp >> 18));
        byte(0x80 | ((cp >> 12) & 0x3F));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    }
}

std::optional<ControlChar> find_control_char(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            return ControlChar{i, 1, c};
        if (c == 0xC2 && i + 1 < s.size()) {
            auto next = static_cast<unsigned char>(s[i + 1]);
            if (next >= 0x80 && next <= 0x9F) return ControlChar{i, 2, next};
        }
        if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF) {
            auto last = static_cast<unsigned char>(s[i + 2]);
            if (last == 0xBE || last == 0xBF)
                return ControlChar{i, 3, last == 0xBE ? 0xFFFEu : 0xFFFFu};
        }
    }
    return std::nullopt;
}

std::string code_point_name(char32_t cp) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out = "U+";
    for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 0xF];
    return out;
}

std::string without_control_chars(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (auto bad = find_control_char(text)) {
        out.append(text.substr(0, bad->offset));
        if (bad->code_point == 0x0B || bad->code_point == 0x0C) out += ' ';
        text.remove_prefix(bad->offset + bad->length);
    }
    out.append(text);
    return out;
}

Diagnostic control_char_diagnostic(const std::string& path, int line, int col, char32_t cp,
                                   Severity severity, RuleId rule) {
    std::string name = code_point_name(cp);
    Diagnostic d;
    d.path = path;
    d.line = line;
    d.col = col;
    d.severity = severity;
    d.rule = std::string(rule.id());
    d.message = severity == Severity::error
                    ? "the text contains the control character " + name +
                          ", which cannot be published; delete it / ข้อความมีอักขระควบคุม " + name +
                          " ที่เผยแพร่ไม่ได้ ให้ลบออก"
                    : "the control character " + name +
                          " (invisible, often pasted from Word or a PDF) is left out of the page; "
                          "delete it from the file / อักขระควบคุม " +
                          name + " ถูกตัดออกจากหน้าเว็บ ให้ลบออกจากไฟล์";
    return d;
}

std::string remove_control_chars(std::string_view text, const std::string& path, int first_line,
                                 Severity severity, RuleId rule, Diagnostics& diagnostics) {
    // A pasted file can hold one on every line: the first lines are named,
    // the rest counted in one more finding.
    constexpr int max_reported = 10;
    std::string out;
    out.reserve(text.size());
    int line = first_line, col = 1, last_line = 0, lines = 0;
    std::optional<Diagnostic> more;
    while (!text.empty()) {
        auto bad = find_control_char(text);
        std::string_view good = text.substr(0, bad ? bad->offset : text.size());
        for (unsigned char c : good) {
            if (c == '\n') {
                ++line, col = 1;
            } else if ((c & 0xC0) != 0x80) {
                ++col;
            }
        }
        out.append(good);
        if (!bad) break;
        if (last_line != line) {
            last_line = line;
            auto d = control_char_diagnostic(path, line, col, bad->code_point, severity, rule);
            if (++lines <= max_reported)
                diagnostics.report(std::move(d));
            else if (!more)
                more = std::move(d);
        }
        if (bad->code_point == 0x0B || bad->code_point == 0x0C) out += ' ';  // as above
        ++col;
        text.remove_prefix(bad->offset + bad->length);
    }
    if (more) {
        std::string n = std::to_string(lines - max_reported);
        more->message = "control characters on " + n +
                        " more line(s) from here, each like the ones above / มีอักขระควบคุมอีก " + n +
                        " บรรทัดนับจากบรรทัดนี้";
        diagnostics.report(std::move(*more));
    }
    return out;
}

}  // namespace kmsite
