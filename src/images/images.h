// images: gallery pictures made light for the web with libvips: responsive
// widths in WebP and in the original's format, metadata stripped, content-
// hashed names, and a cache so unchanged pictures cost nothing on a rebuild.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/core.h"
#include "source/source.h"

namespace kmsite::images {

// One encoded file of a picture.
struct Variant {
    int width = 0, height = 0;
    std::string mime;        // "image/webp", "image/png", "image/jpeg"
    std::string url;         // site-relative: "galleries/pr/canva-pr-01-640.1a2b3c4d.webp"
    std::string cache_file;  // where its bytes are
    std::uint64_t bytes = 0;
};

struct Picture {
    bool ok = false;
    int width = 0, height = 0;      // of the source
    std::vector<Variant> webp;      // narrowest first
    std::vector<Variant> fallback;  // same widths, in the original's format
    const Variant& largest() const { return fallback.back(); }
};

// A picture to make: one per source file.
struct Job {
    std::string source_path;  // "content/galleries/pr/canva-pr-01.png"
    std::string url_prefix;   // "galleries/pr/": where its files go
    std::string name;         // "canva-pr-01"
    // Where the editor named it, for diagnostics.
    std::string page_path;
    int line = 0, col = 0;
};

struct Options {
    std::string cache_dir;  // created when missing
    std::vector<int> widths = {320, 640, 1280};
    unsigned jobs = 1;
    std::uint64_t large_pixels = 50'000'000;  // beyond this, a warning: too big for the web
};

// The made pictures by source path ("content/galleries/pr/a.png"): an input
// of its own to the render and emit stages.
using Pictures = std::unordered_map<std::string, Picture>;
// The made picture of a source file, or nullptr when it failed or is unknown.
const Picture* find_picture(const Pictures& pictures, const std::string& source_path);

struct Result {
    std::vector<Picture> pictures;  // one per job, in order
    std::size_t processed = 0;      // made by libvips in this build
    std::size_t reused = 0;         // taken from the cache
};

// Reads each source from the tree; a file that is missing, not a picture,
// corrupt or truncated is an error at the page and line that named it, and the
// other pictures are still made. Throws EnvironmentError if libvips cannot start.
Result make_pictures(const std::vector<Job>& jobs, const source::SourceTree& tree,
                     const Options& options, Diagnostics& diagnostics);

struct Size {
    int width = 0, height = 0;
};
// A PNG's size from its header, without decoding it: the signature and an
// IHDR chunk first, with a size of at least 1x1. nullopt, and `why` set
// (English), when the bytes are not that.
std::optional<Size> png_size(std::string_view png, std::string& why);
// An ICO file holding `png` whole (sizes of 256 and more are written as 0,
// as the format says): what /favicon.ico answers with.
std::string ico_from_png(std::string_view png, Size size);

// Draws a plain PNG with a line of text, for `kmsite new gallery` to show
// where pictures go. False if it cannot be written.
bool draw_sample_picture(const std::string& path, const std::string& text);

}  // namespace kmsite::images
