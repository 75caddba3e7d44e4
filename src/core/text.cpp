#include <cctype>

#include "core/core.h"

namespace kmsite {

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string json_string(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    out.reserve(text.size() + 2);
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            // Valid sequences are copied whole; any other byte becomes U+FFFD,
            // so the output is valid UTF-8 (and valid JSON) whatever the input.
            std::size_t len = utf8_sequence_length(text, i);
            if (len == 0) {
                out += "\\ufffd";
            } else {
                out.append(text.substr(i, len));
                i += len - 1;
            }
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '<':
                out += "\\u003c";
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

std::string percent_encode(std::string_view text, std::string_view also) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (c <= 0x20 || c >= 0x7F || also.find(static_cast<char>(c)) != std::string_view::npos) {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string percent_decode(std::string_view s) {
    auto value = [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(c) - 'a' + 10;
    };
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() &&
            std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(value(s[i + 1]) * 16 + value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string url_scheme(std::string_view url) {
    std::string clean;
    std::size_t i = 0;
    while (i < url.size() && static_cast<unsigned char>(url[i]) <= 0x20) ++i;
    for (; i < url.size(); ++i) {
        char c = url[i];
        if (c == '\t' || c == '\n' || c == '\r') continue;  // browsers drop these anywhere
        if (c == ':') {
            if (clean.empty()) return "";
            return clean;
        }
        // RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). Anything
        // else before the first ':' (a '/', '?', '#', Thai letters) makes it a path.
        bool ok = std::isalpha(static_cast<unsigned char>(c)) ||
                  (!clean.empty() && (std::isdigit(static_cast<unsigned char>(c)) || c == '+' ||
                                      c == '-' || c == '.'));
        if (!ok) return "";
        clean += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return "";
}

bool allowed_link_scheme(std::string_view scheme) {
    return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
}

bool raster_data_url(std::string_view url) {
    if (url_scheme(url) != "data") return false;
    std::string head;
    for (char c : url.substr(0, 32)) {
        if (c == '\t' || c == '\n' || c == '\r' || c == ' ') continue;
        head += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (std::string_view type :
         {"data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"}) {
        if (head.rfind(type, 0) == 0 && head.size() > type.size() &&
            (head[type.size()] == ';' || head[type.size()] == ',')) {
            return true;
        }
    }
    return false;
}

std::string_view trim_space(std::string_view text) {
    auto b = text.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    return text.substr(b, text.find_last_not_of(" \t\r\n") - b + 1);
}

// Why an alt text says nothing about the picture, or "" when it may: the
// file's name, any picture file name, a camera's numbered name, or a word
// for the kind of picture. Galleries (content) and every <img> (check) ask.
std::string meaningless_alt(std::string_view alt, std::string_view file) {
    static constexpr std::string_view picture_extensions[] = {
        ".png", ".jpg", ".jpeg", ".webp", ".gif", ".tif", ".tiff", ".avif", ".svg"};
    static constexpr std::string_view camera_prefixes[] = {"img", "dsc",   "dscn",  "dcim",
                                                           "pxl", "image", "photo", "screenshot"};
    static constexpr std::string_view generic[] = {
        "image", "photo", "picture", "infographic", "graphic",   "รูป",
        "รูปภาพ", "ภาพ",   "ภาพถ่าย",  "อินโฟกราฟิก",   "อินโฟกราฟิค", "ภาพประกอบ"};
    std::string a = lower_ascii(trim_space(alt));
    if (a.empty()) return "";  // decorative: nothing to say
    std::string name = lower_ascii(file_name(file));
    std::string stem = name.substr(0, name.size() - extension(name).size());
    if (a == name || a == stem) return "it is the file name";
    for (auto ext : picture_extensions) {
        if (a.size() > ext.size() && a.compare(a.size() - ext.size(), ext.size(), ext) == 0)
            return "it is a file name";
    }
    // "IMG_1234", "dsc 0042", "photo-7": a prefix, one separator, digits.
    for (auto prefix : camera_prefixes) {
        if (a.compare(0, prefix.size(), prefix) != 0) continue;
        std::size_t at = prefix.size();
        if (at < a.size() && (a[at] == '-' || a[at] == '_' || a[at] == ' ')) ++at;
        if (at < a.size() && a.find_first_not_of("0123456789", at) == std::string::npos)
            return "it is a camera's file name";
    }
    for (auto word : generic)
        if (a == word) return "it names the kind of picture, not what it shows";
    return "";
}

}  // namespace kmsite
