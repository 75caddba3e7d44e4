#include <algorithm>

#include "content/internal.h"
#include "thai/thai.h"

namespace kmsite::content {

namespace {

bool is_segment(std::string_view s) {
    return !s.empty() && s != "." && s != ".." && s.find('/') == std::string_view::npos &&
           s.find('\\') == std::string_view::npos && s.front() != '.';
}

std::string with_dir(std::string_view dir, std::string_view leaf) {
    std::string url = join_path(dir, leaf);
    if (!url.empty()) url += '/';
    return url;
}

void read_aliases(Page& page, config::Fields& fields) {
    const config::Yaml& node = fields.node("aliases");
    for (const auto& alias : fields.text_list("aliases")) {
        std::string_view a = alias;
        while (!a.empty() && a.front() == '/') a.remove_prefix(1);
        auto normal = normalize_relative(a);
        if (!normal || normal->empty()) {
            fields.error(
                node, "path-escape",
                "alias '" + alias + "' leaves the site; write it as a path like /old/page/");
            continue;
        }
        bool is_file = extension(*normal) == ".html";
        page.aliases.push_back(is_file ? *normal : *normal + '/');
    }
}

}  // namespace

bool assign_url(Page& page, const config::SiteConfig& config, config::Fields& fields) {
    std::string_view rest = page.rel_path;
    std::string lang_prefix;
    auto first = rest.substr(0, rest.find('/'));
    if (first != rest && first != config.language &&
        std::find(config.languages.begin(), config.languages.end(), first) !=
            config.languages.end()) {
        page.lang = std::string(first);
        lang_prefix = page.lang;
        rest.remove_prefix(first.size() + 1);
    }
    std::string_view dir = parent_path(rest);
    std::string_view name = file_name(rest);
    std::string_view stem = name.substr(0, name.size() - 3);  // drop ".md"
    std::string top = std::string(dir.substr(0, dir.find('/')));
    page.section = top.empty() ? "" : join_path(lang_prefix, top);

    std::string leaf;
    std::string_view parent = dir;
    if (stem == "_index" || stem == "index") {
        page.is_home = dir.empty();
        page.is_section_index =
            stem == "_index" && !dir.empty() && dir.find('/') == std::string_view::npos;
        parent = parent_path(dir);
        leaf = std::string(file_name(dir));
    } else {
        leaf = thai::slugify(stem);
    }
    bool ok = true;
    if (auto slug = fields.text("slug")) {
        if (!is_segment(*slug) || thai::slugify(*slug).empty()) {
            fields.error(fields.node("slug"), "path-escape",
                         "slug '" + *slug +
                             "' must be one URL segment without '/' or '..' / "
                             "slug ต้องเป็นคำเดียว ไม่มี / หรือ ..");
            ok = false;
        } else if (!page.is_home) {
            leaf = thai::slugify(*slug);
        }
    }
    if (!page.is_home && leaf.empty()) {
        fields.error(config::Yaml(), "content-file-name",
                     "file name gives an empty URL; rename the file or set 'slug'");
        ok = false;
    }
    page.url = page.is_home ? (lang_prefix.empty() ? "" : lang_prefix + '/')
                            : with_dir(join_path(lang_prefix, parent), leaf);
    read_aliases(page, fields);
    return ok;
}

}  // namespace kmsite::content
