// The files of the site's identity (site/identity.cpp chose and claimed
// them): kmsite's copy of the logo, the icon made from it or drawn, the
// /favicon.ico that a PNG or ICO can answer, and the web app manifest.
#include "emit/internal.h"

namespace kmsite::emit {

namespace {

// An icon as a manifest lists it: an SVG fits any size.
std::string manifest_icon(const std::string& src, const std::string& type, int width, int height) {
    std::string icon = "{\"src\":" + json_string(src);
    if (type == "image/svg+xml")
        icon += ",\"sizes\":\"any\"";
    else if (width > 0 && height > 0)
        icon += ",\"sizes\":\"" + std::to_string(width) + "x" + std::to_string(height) + "\"";
    if (!type.empty()) icon += ",\"type\":" + json_string(type);
    return icon + ",\"purpose\":\"any\"}";
}

}  // namespace

std::string web_manifest(const site::Site& site, const render::ThemeColors& colors) {
    const auto& c = site.config;
    const site::Identity& id = site.identity;
    std::vector<std::string> icons;
    if (!id.logo_url.empty())
        icons.push_back(
            manifest_icon(c.base_path + id.logo_url, id.logo_type, id.logo_width, id.logo_height));
    // The icon too, unless it is the logo under another name (favicon.svg).
    bool icon_is_logo =
        id.icon_url == id.logo_url ||
        std::any_of(id.files.begin(), id.files.end(), [&](const auto& f) {
            return f.url == id.icon_url && !f.source.empty() && f.source == id.logo_source;
        });
    if (!id.icon_url.empty() && !icon_is_logo)
        icons.push_back(
            manifest_icon(c.base_path + id.icon_url, id.icon_type, id.icon_width, id.icon_height));
    // "standalone": opened from a phone's home screen, the portal is a window
    // of its own; every page carries its own menu, breadcrumbs and search.
    std::string json = "{\"name\":" + json_string(c.title) + ",\"short_name\":" +
                       json_string(c.short_name.empty() ? c.title : c.short_name);
    if (!c.description.empty()) json += ",\"description\":" + json_string(c.description);
    json += ",\"lang\":" + json_string(c.language) + ",\"dir\":\"ltr\"" +
            ",\"start_url\":" + json_string(c.base_path) +
            ",\"scope\":" + json_string(c.base_path) + ",\"display\":\"standalone\"" +
            ",\"theme_color\":" + json_string(colors.theme) +
            ",\"background_color\":" + json_string(colors.background) + ",\"icons\":[";
    for (std::size_t i = 0; i < icons.size(); ++i) json += (i ? "," : "") + icons[i];
    return json + "]}\n";
}

void write_identity(const site::Site& site, const source::SourceTree& tree,
                    const render::ThemeColors& colors, OutputDir& out, Diagnostics& diagnostics) {
    using Make = site::IdentityFile::Make;
    for (const auto& f : site.identity.files) {
        const source::SourceFile* source = f.source.empty() ? nullptr : tree.find(f.source);
        if (!f.source.empty() && !source) {  // checked by the site stage; gone since?
            diagnostics.error(f.source, 0, 0, "config-file-missing",
                              terminal_safe(f.source) +
                                  " went away during the build; build "
                                  "again / ไฟล์หายไประหว่างสร้างเว็บไซต์ ให้สร้างใหม่อีกครั้ง");
            continue;
        }
        if (f.make == Make::copy) {
            if (!out.keep(f.url, source->digest)) out.write(f.url, source->data());
        } else if (f.make == Make::ico_from_png) {
            std::string why;
            auto size = images::png_size(source->data(), why);
            if (size) out.write(f.url, images::ico_from_png(source->data(), *size));
        } else if (f.make == Make::drawn_favicon) {
            out.write(f.url, site::favicon_svg(site));
        } else {
            out.write(f.url, web_manifest(site, colors));
        }
    }
}

}  // namespace kmsite::emit
