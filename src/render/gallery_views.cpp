// What gallery templates see: <picture> markup data for each image, and the
// page of one image with its long description and its neighbours.
#include "render/internal.h"

namespace kmsite::render {

namespace {

std::string srcset(const site::Site& site, const std::vector<images::Variant>& variants) {
    std::string out;
    for (const auto& v : variants)
        out += (out.empty() ? "" : ", ") + site.href(v.url) + " " + std::to_string(v.width) + "w";
    return out;
}

// The variant a browser without srcset shows: the widest up to `width`.
const images::Variant& closest(const std::vector<images::Variant>& variants, int width) {
    const images::Variant* best = &variants.front();
    for (const auto& v : variants)
        if (v.width <= width) best = &v;
    return *best;
}

}  // namespace

data picture_view(const ViewContext& ctx, const content::GalleryImage& image,
                  const std::string& sizes, int default_width) {
    const auto& site = ctx.site;
    data d;
    d.set("alt", image.alt);
    const images::Picture* p = images::find_picture(ctx.pictures, image.source_path);
    if (!p) return d;
    const auto& src = closest(p->fallback, default_width);
    d.set("src", site.href(src.url));
    d.set("width", std::to_string(src.width));
    d.set("height", std::to_string(src.height));
    d.set("srcset", srcset(site, p->fallback));
    d.set("webp_srcset", srcset(site, p->webp));
    d.set("sizes", sizes);
    d.set("full_href", site.href(p->largest().url));
    d.set("full_width", std::to_string(p->largest().width));
    d.set("full_height", std::to_string(p->largest().height));
    return d;
}

data gallery_view(const ViewContext& ctx, const content::Page& page) {
    const auto& site = ctx.site;
    data list(data::type::list);
    for (std::size_t i = 0; i < page.gallery.size(); ++i) {
        const auto& image = page.gallery[i];
        data d = picture_view(ctx, image, "(min-width: 48em) 20em, 100vw", 640);
        d.set("href", site.href(page.url + image.name + "/"));
        d.set("position", std::to_string(i + 1));
        if (!image.caption.empty()) d.set("caption", image.caption);
        if (!image.credit.empty()) d.set("credit", image.credit);
        d.set("infographic", image.infographic);
        list.push_back(std::move(d));
    }
    return list;
}

data image_view(const ViewContext& ctx, const content::Page& page, std::size_t index) {
    const auto& site = ctx.site;
    const auto& image = page.gallery[index];
    data d = picture_view(ctx, image, "(min-width: 64em) 60em, 100vw", 1280);
    d.set("title", image_title(image));
    if (!image.caption.empty()) d.set("caption", image.caption);
    if (!image.credit.empty()) d.set("credit", image.credit);
    if (!image.description_html.empty()) d.set("description_html", image.description_html);
    d.set("gallery_title", page.title);
    d.set("gallery_href", site.href(page.url));
    d.set("position", std::to_string(index + 1));
    d.set("count", std::to_string(page.gallery.size()));
    auto neighbour = [&](const char* key, std::size_t i) {
        data n;
        n.set("href", site.href(page.url + page.gallery[i].name + "/"));
        n.set("title", image_title(page.gallery[i]));
        d.set(key, n);
    };
    if (index > 0) neighbour("previous", index - 1);
    if (index + 1 < page.gallery.size()) neighbour("next", index + 1);
    return d;
}

std::string image_title(const content::GalleryImage& image) {
    return image.caption.empty() ? image.alt : image.caption;
}

}  // namespace kmsite::render
