#include <regex>

#include <algorithm>
#include <cctype>
#include <optional>

#include "config/config.h"
#include "render/embedded_theme.h"
#include "render/internal.h"

namespace kmsite::render {

namespace {

constexpr int max_partial_depth = 8;

// Partials are spliced in once at load time, so rendering never re-parses them.
std::string expand_partials(const std::string& text, const std::string& path,
                            const std::map<std::string, std::string>& partials, int depth,
                            Diagnostics& diagnostics) {
    static const std::regex partial_tag(R"(\{\{>\s*([A-Za-z0-9_\-]+)\s*\}\})");
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), partial_tag);
    std::size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        out.append(text, last, it->position() - last);
        last = it->position() + it->length();
        std::string name = (*it)[1];
        auto found = partials.find(name);
        auto pos = position_of(text, it->position());
        if (found == partials.end()) {
            diagnostics.error(path, pos.line, pos.col, "theme-partial-missing",
                              "partial '" + name + "' not found in partials/");
        } else if (depth >= max_partial_depth) {
            diagnostics.error(path, pos.line, pos.col, "theme-partial-depth",
                              "partials nest too deep (a partial includes itself?)");
        } else {
            out += expand_partials(found->second, path, partials, depth + 1, diagnostics);
        }
    }
    out.append(text, last);
    return out;
}

Strings read_strings(const source::SourceFile& file, Diagnostics& diagnostics) {
    Strings strings;
    auto root = config::parse_yaml(file.data(), file.path, 1, diagnostics);
    if (!root) return strings;
    if (!root->is_map()) {
        diagnostics.error(file.path, 1, 1, "field-type",
                          "a theme's strings must be 'name: text' lines / ต้องเป็นบรรทัด ชื่อ: ข้อความ");
        return strings;
    }
    for (const auto& entry : root->entries()) {
        if (entry.value.is_scalar()) {
            strings[entry.key] = entry.value.scalar();
        } else if (!entry.value.is_null()) {
            diagnostics.error(file.path, entry.value.line(), entry.value.col(), "field-type",
                              "string '" + entry.key + "' must be text / ต้องเป็นข้อความ");
        }
    }
    return strings;
}

// The value of a custom property in a stylesheet ("--brand: #0b4f8a;"),
// when it is a hex colour (#rgb, #rrggbb); what else CSS allows there (a
// var(), a keyword) is left to the default, as is anything a JSON string or
// an HTML attribute would have to escape.
std::optional<std::string> css_color(std::string_view css, std::string_view property) {
    std::string needle = std::string(property) + ":";
    for (auto at = css.find(needle); at != std::string_view::npos;
         at = css.find(needle, at + needle.size())) {
        // The property itself, not the end of a longer name (--brand-dark).
        if (at > 0 && (std::isalnum(static_cast<unsigned char>(css[at - 1])) || css[at - 1] == '-'))
            continue;
        auto start = css.find_first_not_of(" \t", at + needle.size());
        if (start == std::string_view::npos) return std::nullopt;
        auto end = css.find_first_of(";}\n", start);
        std::string_view value =
            css.substr(start, end == std::string_view::npos ? end : end - start);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
            value.remove_suffix(1);
        bool hex = (value.size() == 4 || value.size() == 7) && value[0] == '#' &&
                   std::all_of(value.begin() + 1, value.end(),
                               [](unsigned char c) { return std::isxdigit(c) != 0; });
        if (hex) return lower_ascii(value);
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

Theme load_theme(const source::SourceTree& tree, const std::string& name,
                 Diagnostics& diagnostics) {
    Theme theme;
    theme.root = "themes/" + name;
    std::string templates_dir = theme.root + "/templates";
    std::map<std::string, std::string> partials, templates;
    std::map<std::string, std::string> template_paths;
    for (const auto* f : tree.under(theme.root)) {
        std::string rel = f->path.substr(theme.root.size() + 1);
        if (rel.rfind("templates/partials/", 0) == 0 && extension(rel) == ".mustache") {
            std::string stem(file_name(rel));
            partials[stem.substr(0, stem.size() - 9)] = f->data();
        } else if (rel.rfind("templates/", 0) == 0 && extension(rel) == ".mustache") {
            std::string stem(file_name(rel));
            stem = stem.substr(0, stem.size() - 9);
            templates[stem] = f->data();
            template_paths[stem] = f->path;
        } else if (rel.rfind("i18n/", 0) == 0 && extension(rel) == ".yaml") {
            std::string lang(file_name(rel));
            theme.strings[lang.substr(0, lang.size() - 5)] = read_strings(*f, diagnostics);
        } else if (rel.rfind("static/", 0) == 0) {
            theme.statics.push_back({f->path, rel.substr(7), rel.substr(7), nullptr});
            if (rel == "static/css/site.css") {
                if (auto c = css_color(f->data(), "--brand")) theme.colors.theme = *c;
                if (auto c = css_color(f->data(), "--paper")) theme.colors.background = *c;
            }
        }
    }
    if (templates.empty()) {
        throw EnvironmentError("theme '" + name + "' not found: expected " + templates_dir +
                               "/*.mustache");
    }
    // Every template a document kind renders with; kind templates (article,
    // sop, plan) are optional and fall back to page.
    for (const char* required : {"base", "page", "home", "section", "taxonomy", "term", "az",
                                 "search", "compliance", "sitemap", "404", "alias"}) {
        if (!templates.count(required)) {
            diagnostics.error(templates_dir, 0, 0, "theme-template-missing",
                              std::string("theme has no ") + required + ".mustache");
        }
    }
    fingerprint_statics(tree, theme.statics);
    for (auto& [stem, text] : templates) {
        std::string expanded = resolve_assets(
            expand_partials(text, template_paths[stem], partials, 0, diagnostics),
            template_paths[stem], theme.statics, diagnostics);
        Template check(expanded);
        if (!check.is_valid()) {
            diagnostics.error(template_paths[stem], 0, 0, "theme-template-syntax",
                              "template error: " + check.error_message());
        }
        theme.sources[stem] = std::move(expanded);
    }
    return theme;
}

std::size_t add_embedded_theme(source::SourceTree& tree) {
    const std::string root = "themes/" + std::string(embedded_theme_name) + "/";
    std::vector<source::SourceFile> missing;
    for (const auto& file : embedded_theme()) {
        std::string path = root + std::string(file.path);
        if (!tree.find(path))  // the site's own file wins
            missing.emplace_back(std::move(path), std::string(file.data));
    }
    std::size_t added = missing.size();
    for (auto& f : missing) tree.files.push_back(std::move(f));
    if (added)
        std::sort(tree.files.begin(), tree.files.end(),
                  [](const auto& a, const auto& b) { return a.path < b.path; });
    return added;
}

}  // namespace kmsite::render
