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
            } else if (std::string scheme = url_scheme(item.url); !scheme.empty()) {
                // A menu link is on every page: only web, mail and phone links,
                // never javascript:, data: or vbscript:.
                if (!allowed_link_scheme(scheme)) {
                    diagnostics.error(config.path, item.line, 1, "menu-url-unsafe",
                                      "menu '" + name + "' links to a " + terminal_safe(scheme) +
                                          ": URL; use http, https, mailto, tel or a site path "
                                          "such as /about/ / ลิงก์เมนูต้องเป็น http, https, "
                                          "mailto, tel หรือที่อยู่ในเว็บไซต์");
                    continue;
                }
                e.href = item.url;
            } else {
                std::string_view u = item.url;
                while (!u.empty() && u.front() == '/') u.remove_prefix(1);
                // "/search/?q=ภาษี": the path is normalised, the query or
                // fragment kept as written.
                std::string_view suffix = u.substr(std::min(u.find_first_of("?#"), u.size()));
                u.remove_suffix(suffix.size());
                auto normal = normalize_relative(u.empty() ? "." : u);
                if (!normal) {
                    diagnostics.error(config.path, item.line, 1, "path-escape",
                                      "menu link '" + item.url + "' leaves the site");
                    continue;
                }
                e.url = normal->empty() ? "" : *normal + (extension(*normal).empty() ? "/" : "");
                e.url += suffix;
                e.href = site.href(e.url);
                e.line = item.line;
            }
            entries.push_back(std::move(e));
        }
    }
}

void check_menu_urls(const Site& site, Diagnostics& diagnostics) {
    // A menu is on every page: a link in it to a page the site does not
    // have would be a broken link on every page, so it is one error here,
    // at its site.yaml line. Called once every output is claimed (the
    // theme's, the admin's); page addresses (ending in /) only, files are
    // left to the checker.
    for (const auto& [name, entries] : site.menus) {
        for (const auto& e : entries) {
            if (e.line == 0) continue;
            std::string path = e.url.substr(0, e.url.find_first_of("?#"));
            if (!path.empty() && path.back() != '/') continue;
            // Written percent-encoded (/%E0%B8%82.../) or not, the same page.
            if (site.outputs.owner(Site::output_file(percent_decode(path)))) continue;
            diagnostics.error(site.config.path, e.line, 1, "menu-url-missing",
                              "menu '" + name + "' links to /" + e.url +
                                  ", which the site does not have / เมนูลิงก์ไปยังหน้าที่ไม่มีอยู่");
        }
    }
}

}  // namespace kmsite::site
