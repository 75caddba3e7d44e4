// The theme's static files under content-hashed names, and the {{#asset}}
// references of templates resolved to them (render/render.h, StaticFile).
#include <regex>

#include "render/internal.h"

namespace kmsite::render {

namespace {

// Folders of static/ whose files get hashed names. Pictures (a site's
// favicon or logo) keep theirs: other sites and old pages link to them.
constexpr std::string_view kHashedFolders[] = {"css/", "js/", "fonts/"};

bool hashed_folder(std::string_view name) {
    for (auto folder : kHashedFolders)
        if (name.substr(0, folder.size()) == folder) return true;
    return false;
}

// "css/site.css" + tag -> "css/site.<tag>.css"; a name without an extension
// gets the tag at its end.
std::string tagged_name(const std::string& name, const std::string& tag) {
    std::string_view ext = extension(name);
    return name.substr(0, name.size() - ext.size()) + "." + tag + std::string(ext);
}

// A url() in a stylesheet, relative to the stylesheet's folder, as a path
// in static/ ("../fonts/Loma.woff" from css/ -> "fonts/Loma.woff"); "" for
// absolute, external and data: URLs, which are left as they are.
std::string static_path_of(const std::string& css_name, std::string_view ref) {
    if (ref.empty() || ref.front() == '/' || ref.find(':') != std::string_view::npos ||
        ref.find_first_of("?#") != std::string_view::npos)
        return "";
    std::string joined = std::string(parent_path(css_name)) + "/" + std::string(ref);
    // normalize_relative refuses paths that climb out of static/.
    auto normal = normalize_relative(joined);
    return normal ? *normal : "";
}

// The stylesheet with each url() that names a hashed static file pointed at
// its hashed name (the same relative form, so the stylesheet works from any
// base path).
std::string rewrite_css(const std::string& css_name, const std::string& css,
                        const std::map<std::string, std::string>& url_of) {
    // url( 'x' ) / url("x") / url(x); CSS escapes inside are rare enough in a
    // theme that such a reference is simply left alone.
    static const std::regex url_ref(R"re(url\(\s*(["']?)([^"'()\s\\]+)\1\s*\))re");
    std::string out;
    std::size_t last = 0;
    for (auto it = std::sregex_iterator(css.begin(), css.end(), url_ref);
         it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        std::string ref = m[2];
        auto found = url_of.find(static_path_of(css_name, ref));
        if (found == url_of.end()) continue;
        // Keep the reference's own folder part; swap only the file name.
        std::string replaced = ref.substr(0, ref.size() - file_name(ref).size()) +
                               std::string(file_name(found->second));
        out.append(css, last, static_cast<std::size_t>(m.position(2)) - last);
        out += replaced;
        last = static_cast<std::size_t>(m.position(2) + m.length(2));
    }
    out.append(css, last);
    return out;
}

}  // namespace

void fingerprint_statics(const source::SourceTree& tree, std::vector<StaticFile>& statics) {
    std::map<std::string, std::string> url_of;  // static name -> published url
    // Fonts and scripts first: stylesheets name them, so a stylesheet's
    // hash covers the names of the files it uses.
    auto is_css = [](const StaticFile& f) { return extension(f.name) == ".css"; };
    for (int pass = 0; pass < 2; ++pass) {
        for (auto& f : statics) {
            if (!hashed_folder(f.name) || is_css(f) != (pass == 1)) continue;
            const auto* file = tree.find(f.source_path);
            if (!file) continue;
            std::string_view bytes = file->data();
            if (pass == 1) {
                std::string css = rewrite_css(f.name, std::string(bytes), url_of);
                if (css != bytes) f.data = std::make_shared<const std::string>(std::move(css));
                if (f.data) bytes = *f.data;
            }
            f.url = tagged_name(f.name, content_tag(bytes));
            url_of[f.name] = f.url;
        }
    }
}

std::string resolve_assets(const std::string& text, const std::string& path,
                           const std::vector<StaticFile>& statics, Diagnostics& diagnostics) {
    static const std::regex asset_tag(R"(\{\{#asset\}\}\s*([^{}\s]*)\s*\{\{/asset\}\})");
    std::string out;
    std::size_t last = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), asset_tag);
         it != std::sregex_iterator(); ++it) {
        out.append(text, last, static_cast<std::size_t>(it->position()) - last);
        last = static_cast<std::size_t>(it->position() + it->length());
        std::string name = (*it)[1];
        auto found = std::find_if(statics.begin(), statics.end(),
                                  [&](const StaticFile& f) { return f.name == name; });
        if (found == statics.end()) {
            auto pos = position_of(text, static_cast<std::size_t>(it->position()));
            diagnostics.error(
                path, pos.line, pos.col, "theme-asset-missing",
                "{{#asset}}" + name + "{{/asset}} names no file in the theme's static/");
            continue;
        }
        out += found->url;
    }
    out.append(text, last);
    return out;
}

}  // namespace kmsite::render
