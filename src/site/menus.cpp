#include "site/internal.h"

namespace kmsite::site {

void build_menus(Site& site, Diagnostics& diagnostics) {
    const auto& config = site.config;
    for (const auto& [name, items] : config.menus) {
        auto& entries = site.menus[name];
        for (const auto& item : items) {
            MenuEntry e{item.name, item.name_en, "", ""};
            if (!item.page.empty()) {
                auto it =
                    std::find_if(site.pages.begin(), site.pages.end(),
                                 [&](const content::Page& p) { return p.rel_path == item.page; });
                if (it == site.pages.end()) {
                    diagnostics.error(config.path, item.line, 1, "menu-page-missing",
                                      "menu '" + name + "' links to content/" + item.page +
                                          ", which does not exist");
                    continue;
                }
                e.url = it->url;
                e.href = site.href(e.url);
            } else if (item.url.find("://") != std::string::npos ||
                       item.url.rfind("mailto:", 0) == 0 || item.url.rfind("tel:", 0) == 0) {
                e.href = item.url;
            } else {
                std::string_view u = item.url;
                while (!u.empty() && u.front() == '/') u.remove_prefix(1);
                auto normal = normalize_relative(u.empty() ? "." : u);
                if (!normal) {
                    diagnostics.error(config.path, item.line, 1, "path-escape",
                                      "menu link '" + item.url + "' leaves the site");
                    continue;
                }
                e.url = normal->empty() ? "" : *normal + (extension(*normal).empty() ? "/" : "");
                e.href = site.href(e.url);
            }
            entries.push_back(std::move(e));
        }
    }
}

}  // namespace kmsite::site
