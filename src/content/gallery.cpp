// Gallery pages: each image's file, and text alternatives that say something.
#include <algorithm>
#include <array>
#include <map>
#include <regex>

#include "content/internal.h"

namespace kmsite::content {

namespace {

constexpr std::array<std::string_view, 8> picture_extensions = {".png", ".jpg", ".jpeg", ".webp",
                                                                ".gif", ".tif", ".tiff", ".avif"};

GalleryImage read_image(config::Fields& f, const config::Yaml& node, const Page& page,
                        PageReads& tree, bool infographics) {
    config::Fields k = f.child(node);
    GalleryImage image;
    image.line = f.line_of(node);
    image.col = f.col_of(node);
    std::string file = k.text("file", true).value_or("");
    image.alt = std::string(trim_space(k.text("alt").value_or("")));
    image.caption = k.text("caption").value_or("");
    image.credit = k.text("credit").value_or("");
    image.description = k.text("description").value_or("");
    image.infographic = k.boolean("infographic").value_or(infographics);
    k.finish("gallery image");
    if (file.empty()) return image;
    auto path = normalize_relative(join_path(parent_path(page.source_path), file));
    if (!path || path->rfind("content/", 0) != 0) {
        k.error(k.node("file"), "path-escape",
                "image '" + file + "' is outside the content folder");
        return image;
    }
    image.source_path = *path;
    std::string ext = lower_ascii(extension(*path));
    if (std::find(picture_extensions.begin(), picture_extensions.end(), ext) ==
        picture_extensions.end()) {
        k.error(k.node("file"), "gallery-image-type",
                "'" + file + "' is not a picture file (PNG, JPEG, WebP, GIF, TIFF or AVIF)");
    } else if (!tree.find(*path)) {
        k.error(k.node("file"), "gallery-image-missing",
                "image '" + file + "' not found next to the page / ไม่พบไฟล์ภาพ " + *path);
    }
    if (image.alt.empty()) {
        k.error(node, "gallery-alt",
                "image '" + file +
                    "' needs alt: a short text saying what the picture shows / "
                    "ต้องมีข้อความแทนภาพ (alt) ที่บอกว่าภาพแสดงอะไร");
    } else if (auto why = meaningless_alt(image.alt, file); !why.empty()) {
        k.error(k.node("alt"), "gallery-alt",
                "alt '" + image.alt + "' of '" + file + "' is not meaningful: " + why +
                    "; say what the picture shows / ข้อความแทนภาพต้องบอกว่าภาพแสดงอะไร");
    } else if (image.alt.size() > 450) {  // about 150 Thai characters
        k.warning(k.node("alt"), "gallery-alt-long",
                  "alt of '" + file + "' is long; put the details in 'description'");
    }
    if (image.infographic && trim_space(image.description).empty()) {
        k.error(node, "gallery-description",
                "infographic '" + file +
                    "' needs a description: everything it says, as text / "
                    "อินโฟกราฟิกต้องมีคำอธิบาย (description) ที่ถ่ายทอดข้อความทั้งหมดในภาพ");
    }
    // Rendered with the body's links, once every page is known (render_field),
    // and bounded like a page body before cmark-gfm sees it.
    if (!trim_space(image.description).empty()) {
        image.description_line = k.line_of(k.node("description"));
        if (!check_markdown_limits(image.description, k.path(), image.description_line,
                                   k.diagnostics()))
            image.description.clear();
    }
    std::string stem = std::string(file_name(*path));
    image.name = thai::slugify(stem.substr(0, stem.size() - extension(stem).size()));
    return image;
}

}  // namespace

std::vector<GalleryImage> read_gallery(config::Fields& f, const Page& page, PageReads& tree) {
    std::vector<GalleryImage> images;
    bool infographics = f.boolean("infographics").value_or(false);
    const config::Yaml& list = f.node("images");
    if (!list.is_sequence() || list.size() == 0) {
        f.error(list.defined() ? list : f.node("kind"), "gallery-images",
                "a gallery needs 'images': a list of {file, alt, description, caption, credit}");
        return images;
    }
    std::map<std::string, int> alts, names;
    for (const auto& node : list.items()) {
        if (!node.is_map()) {
            f.error(node, "field-type", "each image needs file and alt");
            continue;
        }
        GalleryImage image = read_image(f, node, page, tree, infographics);
        if (!image.alt.empty()) {
            auto [it, fresh] = alts.emplace(image.alt, image.line);
            if (!fresh) {
                f.error(node, "gallery-alt",
                        "alt '" + image.alt + "' is the same as the image at line " +
                            std::to_string(it->second) +
                            "; each picture needs its own / ภาพแต่ละภาพต้องมีข้อความแทนภาพของตัวเอง");
            }
        }
        if (image.name.empty()) image.name = "image";
        if (int n = ++names[image.name]; n > 1) image.name += "-" + std::to_string(n);
        images.push_back(std::move(image));
    }
    return images;
}

}  // namespace kmsite::content
