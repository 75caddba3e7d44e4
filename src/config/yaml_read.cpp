#include <algorithm>
#include <charconv>

#include "config/config.h"
#include "thai/thai.h"

namespace kmsite::config {

std::optional<YAML::Node> parse_yaml(const std::string& text, const std::string& path,
                                     int first_line, Diagnostics& diagnostics) {
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        // Errors found at the end of the text (an unclosed bracket or quote) are
        // reported on its last line, not past it.
        int last = std::max(0, static_cast<int>(std::count(text.begin(), text.end(), '\n')) - 1);
        int offset = e.mark.is_null() ? 0 : e.mark.line;
        int col = e.mark.is_null() || offset > last ? 1 : e.mark.column + 1;
        int line = first_line + std::min(offset, last);
        diagnostics.error(path, line, col, "yaml-syntax",
                          "YAML syntax error: " + e.msg +
                              " / รูปแบบ YAML ไม่ถูกต้อง (ตรวจเครื่องหมาย : การเยื้อง และเครื่องหมายคำพูด)");
        return std::nullopt;
    }
}

Fields::Fields(YAML::Node map, std::string path, int first_line, Diagnostics& diagnostics)
    : map_(std::move(map)),
      path_(std::move(path)),
      first_line_(first_line),
      diagnostics_(diagnostics) {}

int Fields::line_of(const YAML::Node& node) const {
    return node.IsDefined() && !node.Mark().is_null() ? first_line_ + node.Mark().line
                                                      : first_line_;
}

int Fields::col_of(const YAML::Node& node) const {
    return node.IsDefined() && !node.Mark().is_null() ? node.Mark().column + 1 : 1;
}

void Fields::error(const YAML::Node& at, const std::string& rule, const std::string& message) {
    diagnostics_.error(path_, line_of(at), col_of(at), rule, message);
}

void Fields::error_at_line(int line, const std::string& rule, const std::string& message) {
    diagnostics_.error(path_, line, 1, rule, message);
}

void Fields::warning(const YAML::Node& at, const std::string& rule, const std::string& message) {
    diagnostics_.warning(path_, line_of(at), col_of(at), rule, message);
}

YAML::Node Fields::node(const std::string& key) {
    known_.insert(key);
    return map_[key];
}

void Fields::allow(const std::set<std::string>& keys) {
    known_.insert(keys.begin(), keys.end());
}

std::optional<std::string> Fields::text(const std::string& key, bool required) {
    YAML::Node n = node(key);
    if (!n.IsDefined() || n.IsNull()) {
        if (required) {
            diagnostics_.error(path_, first_line_, 1, "field-required",
                               "'" + key + "' is required / ต้องระบุ '" + key + "'");
        }
        return std::nullopt;
    }
    if (!n.IsScalar()) {
        error(n, "field-type", "'" + key + "' must be text / '" + key + "' ต้องเป็นข้อความ");
        return std::nullopt;
    }
    std::string value = n.Scalar();
    if (required && value.empty()) {
        error(n, "field-required", "'" + key + "' must not be empty / '" + key + "' ต้องไม่ว่าง");
        return std::nullopt;
    }
    return value;
}

std::optional<long long> Fields::integer(const std::string& key) {
    YAML::Node n = node(key);
    if (!n.IsDefined() || n.IsNull()) return std::nullopt;
    std::string digits = n.IsScalar() ? thai::fold_digits(n.Scalar()) : "";
    long long value = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size()) {
        error(n, "field-type",
              "'" + key + "' must be a whole number / '" + key + "' ต้องเป็นจำนวนเต็ม");
        return std::nullopt;
    }
    return value;
}

std::optional<bool> Fields::boolean(const std::string& key) {
    YAML::Node n = node(key);
    if (!n.IsDefined() || n.IsNull()) return std::nullopt;
    bool value = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) {
        error(n, "field-type",
              "'" + key + "' must be true or false / '" + key + "' ต้องเป็น true หรือ false");
        return std::nullopt;
    }
    return value;
}

std::vector<std::string> Fields::text_list(const std::string& key) {
    YAML::Node n = node(key);
    std::vector<std::string> out;
    if (!n.IsDefined() || n.IsNull()) return out;
    if (n.IsScalar()) {
        out.push_back(n.Scalar());
        return out;
    }
    if (!n.IsSequence()) {
        error(n, "field-type", "'" + key + "' must be a list / '" + key + "' ต้องเป็นรายการ");
        return out;
    }
    for (const auto& item : n) {
        if (!item.IsScalar()) {
            error(item, "field-type",
                  "items of '" + key + "' must be text / รายการใน '" + key + "' ต้องเป็นข้อความ");
            continue;
        }
        out.push_back(item.Scalar());
    }
    return out;
}

void Fields::finish(const std::string& what) {
    if (!map_.IsMap()) return;
    for (auto it = map_.begin(); it != map_.end(); ++it) {
        std::string key = it->first.Scalar();
        if (known_.count(key)) continue;
        warning(it->first, "field-unknown",
                "unknown " + what + " field '" + key +
                    "' is ignored (check its spelling) / ไม่รู้จักฟิลด์ '" + key + "'");
    }
}

}  // namespace kmsite::config
