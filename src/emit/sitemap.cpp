#include <tinyxml2.h>

#include <algorithm>

#include "emit/internal.h"
#include "thai/thai.h"

namespace kmsite::emit {

namespace {

constexpr std::size_t max_urls_per_sitemap = 50000;  // sitemaps.org protocol limit
constexpr const char* sitemap_ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
constexpr const char* image_ns = "http://www.google.com/schemas/sitemap-image/1.1";

struct Entry {
    std::string loc;
    std::string lastmod;
    std::vector<std::string> images;  // absolute URLs of the pictures the page shows
};

// Gallery pages list all their pictures, an image page its own.
std::vector<std::string> images_of(const site::Site& site, const images::Pictures& pictures,
                                   const site::Document& d) {
    std::vector<std::string> out;
    if (d.kind != site::DocKind::page && d.kind != site::DocKind::image) return out;
    const auto& gallery = site.pages[d.page].gallery;
    for (std::size_t i = 0; i < gallery.size(); ++i) {
        if (d.kind == site::DocKind::image && i != d.image) continue;
        if (const auto* p = images::find_picture(pictures, gallery[i].source_path))
            out.push_back(encode_url(site.absolute(p->largest().url)));
    }
    return out;
}

bool listed(const site::Document& d) {
    return d.kind != site::DocKind::alias && d.kind != site::DocKind::not_found &&
           d.page_number == 1;
}

std::string urlset(const std::vector<Entry>& entries, std::size_t begin, std::size_t end) {
    tinyxml2::XMLPrinter p;
    p.PushDeclaration("xml version=\"1.0\" encoding=\"UTF-8\"");
    p.OpenElement("urlset");
    p.PushAttribute("xmlns", sitemap_ns);
    bool images = std::any_of(entries.begin() + static_cast<long>(begin),
                              entries.begin() + static_cast<long>(end),
                              [](const Entry& e) { return !e.images.empty(); });
    if (images) p.PushAttribute("xmlns:image", image_ns);
    for (std::size_t i = begin; i < end; ++i) {
        p.OpenElement("url");
        p.OpenElement("loc");
        p.PushText(entries[i].loc.c_str());
        p.CloseElement();
        if (!entries[i].lastmod.empty()) {
            p.OpenElement("lastmod");
            p.PushText(entries[i].lastmod.c_str());
            p.CloseElement();
        }
        for (const auto& image : entries[i].images) {
            p.OpenElement("image:image");
            p.OpenElement("image:loc");
            p.PushText(image.c_str());
            p.CloseElement();
            p.CloseElement();
        }
        p.CloseElement();
    }
    p.CloseElement();
    return p.CStr();
}

std::string sitemap_index(const site::Site& site, std::size_t parts, const std::string& lastmod) {
    tinyxml2::XMLPrinter p;
    p.PushDeclaration("xml version=\"1.0\" encoding=\"UTF-8\"");
    p.OpenElement("sitemapindex");
    p.PushAttribute("xmlns", sitemap_ns);
    for (std::size_t k = 1; k <= parts; ++k) {
        p.OpenElement("sitemap");
        p.OpenElement("loc");
        p.PushText(encode_url(site.absolute("sitemap-" + std::to_string(k) + ".xml")).c_str());
        p.CloseElement();
        p.OpenElement("lastmod");
        p.PushText(lastmod.c_str());
        p.CloseElement();
        p.CloseElement();
    }
    p.CloseElement();
    return p.CStr();
}

}  // namespace

void write_sitemaps(const site::Site& site, const images::Pictures& pictures, OutputDir& out) {
    std::vector<Entry> entries;
    for (const auto& d : site.documents) {
        if (!listed(d)) continue;
        auto lastmod = site.document_lastmod(d);
        entries.push_back({encode_url(site.absolute(d.url)),
                           lastmod > 0 ? thai::iso_datetime(lastmod, site.config.time_zone) : "",
                           images_of(site, pictures, d)});
    }
    if (entries.size() <= max_urls_per_sitemap) {
        out.write("sitemap.xml", urlset(entries, 0, entries.size()));
        return;
    }
    std::size_t parts = (entries.size() + max_urls_per_sitemap - 1) / max_urls_per_sitemap;
    for (std::size_t k = 0; k < parts; ++k) {
        std::size_t begin = k * max_urls_per_sitemap;
        std::size_t end = std::min(entries.size(), begin + max_urls_per_sitemap);
        out.write("sitemap-" + std::to_string(k + 1) + ".xml", urlset(entries, begin, end));
    }
    out.write(
        "sitemap.xml",
        sitemap_index(site, parts, thai::iso_datetime(site.newest_lastmod, site.config.time_zone)));
}

}  // namespace kmsite::emit
