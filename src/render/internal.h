// Private to the render stage.
#pragma once

#include <kainjow/mustache.hpp>
#include <map>

#include "render/render.h"
#include "render/view_data.h"

namespace kmsite::render {

using Template = kainjow::mustache::mustache;
using Strings = std::map<std::string, std::string>;

struct Theme {
    std::string root;                            // "themes/default"
    std::map<std::string, std::string> sources;  // template name -> text, partials expanded
    std::map<std::string, Strings> strings;      // language -> key -> text
    std::vector<StaticFile> statics;
    ThemeColors colors;
};

Theme load_theme(const source::SourceTree& tree, const std::string& name, Diagnostics& diagnostics);

// assets.cpp: gives the static files under css/, js/ and fonts/ their
// content-hashed urls (stylesheets' url() references rewritten first), and
// replaces each {{#asset}}NAME{{/asset}} of a template by NAME's url.
void fingerprint_statics(const source::SourceTree& tree, std::vector<StaticFile>& statics);
std::string resolve_assets(const std::string& text, const std::string& path,
                           const std::vector<StaticFile>& statics, Diagnostics& diagnostics);

// View models: what a template sees for each document.
struct ViewContext {
    const site::Site& site;
    const Theme& theme;
    const images::Pictures& pictures;
    const check::Summary* report = nullptr;
};
// What every template of a language sees: interface strings (t) and base path.
// Built once per language and stacked under each document's own view.
data shared_view(const ViewContext& ctx, const std::string& lang);
std::string document_lang(const ViewContext& ctx, const site::Document& doc);
// The template that renders a document's body ("page", "section", ...).
std::string body_template(const ViewContext& ctx, const site::Document& doc);
data body_view(const ViewContext& ctx, const site::Document& doc);
// The layout around the body: head, header, menus, footer, last-updated
// date; the rendered body goes under "content" once the page is rendered.
data layout_view(const ViewContext& ctx, const site::Document& doc);

// Galleries. A picture's srcset, sizes and fallback; `default_width` picks the
// file browsers without srcset load.
data picture_view(const ViewContext& ctx, const content::GalleryImage& image,
                  const std::string& sizes, int default_width);
// The figures of a gallery page, each linking to its image page.
data gallery_view(const ViewContext& ctx, const content::Page& page);
// One image's page: the picture large, its long description, its neighbours.
data image_view(const ViewContext& ctx, const content::Page& page, std::size_t index);
// An image page's title: its caption, else its alt text.
std::string image_title(const content::GalleryImage& image);

}  // namespace kmsite::render
