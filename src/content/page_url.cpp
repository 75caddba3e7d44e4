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

// Why an alias cannot be an address of this site, or "". An alias is a
// path of the site where the page used to be (/old/page/): a full address,
// a query or fragment, .. or a backslash would become junk folders in the
// output (public/https:/old.example.go.th/...) or a redirect nobody reaches.
std::string alias_problem(std::string_view a) {
    if (a.empty()) return "it is empty";
    if (!url_scheme(std::string(a)).empty() || a.rfind("//", 0) == 0)
        return "it is a full address; write only its path, like /old/page/";
    if (a.find_first_of("?#") != std::string_view::npos)
        return "it has a query or fragment (? or #), which a static host cannot redirect by";
    if (a.find('\\') != std::string_view::npos) return "it has a backslash; use /";
    for (std::size_t at = 0; at <= a.size();) {
        std::size_t end = std::min(a.find('/', at), a.size());
        std::string_view seg = a.substr(at, end - at);
        if (seg == "..") return "it climbs out with ..";
        if (seg == ".") return "it has a . folder";
        at = end + 1;
    }
    for (unsigned char c : a)
        if (c < 0x20 || c == 0x7F) return "it has a control character";
    // Every alias becomes a rule in the redirect maps (emit/redirects.cpp),
    // whose languages read these as wildcards, variables or quotes: Caddy's
    // path matcher * [ ], placeholders { }, quotes, and a % that is not an
    // escape (escapes were decoded before).
    if (a.find_first_of("*[]{}\"%") != std::string_view::npos)
        return "it has one of * [ ] { } \" %, which web servers read as patterns in redirect "
               "rules";
    if (find_invalid_utf8(a)) return "its %-escapes are not UTF-8 text";
    return "";
}

void read_aliases(Page& page, config::Fields& fields) {
    const config::Yaml& node = fields.node("aliases");
    std::vector<const config::Yaml*> items;
    if (node.is_scalar()) items.push_back(&node);
    for (const auto& item : node.items()) items.push_back(&item);
    if (!node.is_null() && !node.is_scalar() && !node.is_sequence())
        fields.error(node, "field-type", "'aliases' must be a list of paths like /old/page/");
    for (const config::Yaml* item : items) {
        if (!item->is_scalar()) {
            fields.error(*item, "field-type", "each alias must be a path like /old/page/");
            continue;
        }
        // An address copied from a browser's address bar has its Thai as
        // %E0%B8...; servers decode a request before looking for the file, so
        // the alias (a folder in the output) is the decoded path.
        const std::string alias = percent_decode(item->scalar());
        if (std::string why = alias_problem(alias); !why.empty()) {
            fields.error(*item, "alias-invalid",
                         "alias '" + terminal_safe(item->scalar()) + "': " + why +
                             " / ชื่อเดิมของหน้า (aliases) ต้องเป็นที่อยู่ในเว็บไซต์ เช่น /old/page/");
            continue;
        }
        std::string_view a = alias;
        while (!a.empty() && a.front() == '/') a.remove_prefix(1);
        auto normal = normalize_relative(a);
        if (!normal || normal->empty()) {
            fields.error(*item, "alias-invalid",
                         "alias '" + terminal_safe(item->scalar()) +
                             "' is the site's home; write the old page's path, like /old/page/ / "
                             "ต้องเป็นที่อยู่ของหน้าเดิม");
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
