// The site's identity: the office's logo (site.yaml logo:), the icon of its
// tabs and bookmarks (favicon:, else made from the logo, else drawn from the
// office's initial), /favicon.ico where a PNG or ICO can answer it, and the
// web app manifest. Every file is checked here, before anything is written,
// and each copy kmsite makes is claimed under its own name, so a content
// file can neither stand in for the logo nor replace it.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "site/internal.h"

namespace kmsite::site {

namespace {

constexpr const char* svg_type = "image/svg+xml";
constexpr const char* png_type = "image/png";
// A logo is a few kilobytes as SVG, tens as a PNG of header size.
constexpr std::size_t max_logo_bytes = 200 * 1024;

struct Chooser {
    Site& site;
    const source::SourceTree& tree;
    Diagnostics& diagnostics;

    int line_of(const std::string& key) const {
        auto it = site.config.lines.find(key);
        return it == site.config.lines.end() ? 0 : it->second;
    }

    void error(const std::string& key, RuleId rule, const std::string& message) {
        diagnostics.error(site.config.path, line_of(key), 1, rule, message);
    }

    // The file of content/ that `key` names, when it is published: a file
    // the content stage refused (an SVG with script, a .png that is not
    // one) or left out (a draft's) has already said why at the file, and
    // is named here at site.yaml's line too.
    const content::Asset* find(const std::string& key, const std::string& rel) {
        std::string path = "content/" + rel;
        auto it = std::find_if(site.assets.begin(), site.assets.end(),
                               [&](const content::Asset& a) { return a.source_path == path; });
        if (it != site.assets.end()) return &*it;
        if (!tree.find(path))
            error(key, "config-file-missing",
                  key + ": " + terminal_safe(path) +
                      " is not in content/ (write its path from content/, such as images/" + key +
                      std::string(extension(rel)) + ") / ไม่พบไฟล์ " + terminal_safe(path));
        else
            error(key, "config-logo",
                  key + ": " + terminal_safe(path) +
                      " is not published: see the error reported at that file (or the draft "
                      "it belongs to) / ไฟล์ " +
                      terminal_safe(path) + " ไม่ถูกเผยแพร่ ดูข้อผิดพลาดที่ไฟล์นั้น");
        return nullptr;
    }

    std::optional<images::Size> png(const std::string& key, const content::Asset& asset) {
        std::string why;
        auto size = images::png_size(tree.find(asset.source_path)->data(), why);
        if (!size)
            error(key, "config-logo",
                  key + ": " + terminal_safe(asset.source_path) + " is not a PNG picture: " + why +
                      "; save it again as PNG / ไฟล์นี้ไม่ใช่ภาพ PNG ที่อ่านได้ ให้บันทึกใหม่เป็น PNG");
        return size;
    }

    // Claims `url` for kmsite's copy of `source`, unless it is that very
    // file of content/ (content/logo.svg is already at logo.svg).
    void add(const std::string& url, const std::string& source, IdentityFile::Make make,
             const std::string& who) {
        const std::string* owner = site.outputs.owner(url);
        if (owner && !source.empty() && *owner == source && make == IdentityFile::Make::copy)
            return;
        if (site.outputs.claim(url, who, diagnostics))
            site.identity.files.push_back({url, source, make});
    }

    void choose_logo() {
        const std::string& rel = site.config.logo;
        if (rel.empty()) return;
        const content::Asset* asset = find("logo", rel);
        if (!asset) return;
        Identity& id = site.identity;
        std::string ext = lower_ascii(extension(rel));
        if (ext == ".svg") {
            auto svg = content::check_logo_svg(*tree.find(asset->source_path), diagnostics);
            if (!svg.ok) {
                error("logo", "config-logo",
                      "logo: " + terminal_safe(asset->source_path) +
                          " cannot be shown on every page: see the errors reported at that "
                          "file / ใช้ไฟล์นี้เป็นโลโก้ไม่ได้ ดูข้อผิดพลาดที่ไฟล์นั้น");
                return;
            }
            id.logo_type = svg_type;
            id.logo_width = static_cast<int>(std::lround(svg.width));
            id.logo_height = static_cast<int>(std::lround(svg.height));
        } else {
            auto size = png("logo", *asset);
            if (!size) return;
            id.logo_type = png_type;
            id.logo_width = size->width;
            id.logo_height = size->height;
        }
        // Every page loads the logo (and previews and home screens show it
        // small): a photo-sized export slows the first visit of every page.
        std::size_t bytes = tree.find(asset->source_path)->data().size();
        if (bytes > max_logo_bytes)
            diagnostics.warning(site.config.path, line_of("logo"), 1, "logo-large",
                                "logo: " + terminal_safe(asset->source_path) + " is " +
                                    std::to_string(bytes / 1024) +
                                    " KB, and every page loads it; "
                                    "export it under " +
                                    std::to_string(max_logo_bytes / 1024) + " KB / ไฟล์โลโก้มีขนาด " +
                                    std::to_string(bytes / 1024) +
                                    " KB ซึ่งทุกหน้าต้องโหลด ให้ส่งออกใหม่ให้เล็กกว่า " +
                                    std::to_string(max_logo_bytes / 1024) + " KB");
        id.logo_source = asset->source_path;
        id.logo_url = "logo" + ext;
        add(id.logo_url, id.logo_source, IdentityFile::Make::copy,
            "the logo (logo: in " + site.config.path + ")");
    }

    void choose_icon() {
        Identity& id = site.identity;
        const std::string who = "the favicon (generated)";
        const std::string& rel = site.config.favicon;
        if (!rel.empty()) {
            const content::Asset* asset = find("favicon", rel);
            if (!asset) return;
            std::string ext = lower_ascii(extension(rel));
            id.icon_url = asset->url;
            if (ext == ".svg") {
                id.icon_type = svg_type;
            } else if (ext == ".png") {
                auto size = png("favicon", *asset);
                if (!size) return;
                id.icon_type = png_type;
                id.icon_width = size->width;
                id.icon_height = size->height;
                add("favicon.ico", asset->source_path, IdentityFile::Make::ico_from_png, who);
            } else {  // an ICO: browsers read its type from its bytes
                add("favicon.ico", asset->source_path, IdentityFile::Make::copy, who);
            }
            return;
        }
        if (id.logo_type == svg_type) {
            id.icon_url = "favicon.svg";
            id.icon_type = svg_type;
            add(id.icon_url, id.logo_source, IdentityFile::Make::copy, who);
        } else if (id.logo_type == png_type) {
            id.icon_url = id.logo_url;
            id.icon_type = png_type;
            id.icon_width = id.logo_width;
            id.icon_height = id.logo_height;
            add("favicon.ico", id.logo_source, IdentityFile::Make::ico_from_png, who);
        } else if (site.config.logo.empty()) {
            // Browsers asked for /favicon.ico on every visit and logged a 404.
            id.icon_url = "favicon.svg";
            id.icon_type = svg_type;
            add(id.icon_url, "", IdentityFile::Make::drawn_favicon, who);
        }
    }
};

}  // namespace

void choose_identity(Site& site, const source::SourceTree& tree, Diagnostics& diagnostics) {
    site.identity = {};
    Chooser chooser{site, tree, diagnostics};
    chooser.choose_logo();
    chooser.choose_icon();
    site.identity.manifest_url = "manifest.webmanifest";
    chooser.add(site.identity.manifest_url, "", IdentityFile::Make::manifest,
                "the web app manifest (generated)");
}

std::string favicon_svg(const Site& site) {
    const auto& c = site.config;
    std::string name = !c.office.empty() ? c.office : c.title;
    // The first letter: a Thai consonant (not a leading vowel such as เ or โ,
    // nor a mark), or a Latin letter or digit.
    std::string letter = "K";
    for (std::size_t i = 0; i < name.size();) {
        unsigned char b = static_cast<unsigned char>(name[i]);
        std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        if (b < 0x80 && std::isalnum(b)) {
            letter = std::string(1, static_cast<char>(std::toupper(b)));
            break;
        }
        if (len == 3 && i + 2 < name.size() && b == 0xE0 &&
            static_cast<unsigned char>(name[i + 1]) == 0xB8) {
            unsigned char c3 = static_cast<unsigned char>(name[i + 2]);
            if (c3 >= 0x81 && c3 <= 0xAE) {  // ก (U+0E01) to ฮ (U+0E2E)
                letter = name.substr(i, 3);
                break;
            }
        }
        i += len;
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\">"
           "<rect width=\"64\" height=\"64\" rx=\"12\" fill=\"#0b4f8a\"/>"
           "<text x=\"32\" y=\"45\" font-size=\"38\" font-family=\"Loma, sans-serif\" "
           "font-weight=\"700\" text-anchor=\"middle\" fill=\"#fff\">" +
           letter + "</text></svg>\n";
}

}  // namespace kmsite::site
