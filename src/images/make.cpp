// Making a picture's variants with libvips: decode once, shrunk while loading
// where the format allows, to the largest width; the smaller widths come from
// that copy. Loading is sequential, so a huge picture streams through in
// strips instead of being held whole in memory.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <vips/vips8>

// After vips8: vector.h is not self-contained (vips_vector_set_enabled).
#include <vips/vector.h>

#include "images/internal.h"

namespace kmsite::images {

namespace {

using vips::VImage;

// Changing any encoder setting changes every cache key.
constexpr const char* parameters = "v2 webp:Q80,effort4 jpeg:Q82,progressive png:c9 strip";

struct Format {
    std::string mime, extension;
};

// The original's format where browsers show it; PNG or JPEG otherwise.
Format fallback_format(const std::string& loader, bool alpha) {
    if (loader.find("jpeg") != std::string::npos) return {"image/jpeg", ".jpg"};
    if (loader.find("png") != std::string::npos || loader.find("gif") != std::string::npos)
        return {"image/png", ".png"};
    if (loader.find("webp") != std::string::npos) return {"image/webp", ".webp"};
    return alpha ? Format{"image/png", ".png"} : Format{"image/jpeg", ".jpg"};
}

// Metadata fields removed outright: libvips 8.14's WebP writer ignores
// `strip` and writes the EXIF block (GPS included) it finds on the image.
VImage without_metadata(const VImage& image) {
    VImage clean = image.copy();
    char** fields = vips_image_get_fields(clean.get_image());
    for (char** f = fields; *f; ++f) {
        std::string_view name = *f;
        if (name.rfind("exif-", 0) == 0 || name == "xmp-data" || name == "iptc-data" ||
            name == "icc-profile-data" || name == "orientation")
            vips_image_remove(clean.get_image(), *f);
    }
    g_strfreev(fields);
    return clean;
}

std::uint32_t le32(const std::string& s, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}

// Drops the EXIF and XMP chunks from a WebP file (RIFF container) and their
// flags in the VP8X header: libvips 8.14 writes an EXIF block even when told
// to strip metadata.
std::string drop_webp_metadata(const std::string& webp) {
    if (webp.size() < 12 || webp.compare(0, 4, "RIFF") != 0 || webp.compare(8, 4, "WEBP") != 0)
        return webp;
    std::string out = webp.substr(0, 12);
    for (std::size_t at = 12; at + 8 <= webp.size();) {
        std::size_t size = le32(webp, at + 4);
        std::size_t whole = 8 + size + (size & 1);
        if (at + whole > webp.size()) return webp;  // not a file we understand: leave it
        std::string fourcc = webp.substr(at, 4);
        if (fourcc != "EXIF" && fourcc != "XMP ") out.append(webp, at, whole);
        if (fourcc == "VP8X") out[out.size() - whole + 8] &= static_cast<char>(~0x0C);
        at += whole;
    }
    std::uint32_t riff = static_cast<std::uint32_t>(out.size() - 8);
    for (int i = 0; i < 4; ++i) out[4 + i] = static_cast<char>((riff >> (8 * i)) & 0xFF);
    return out;
}

std::string encode(const vips::VImage& original, const std::string& mime) {
    using vips::VImage;
    VImage image = without_metadata(original);
    VipsBlob* blob = nullptr;
    if (mime == "image/webp") {
        blob = image.webpsave_buffer(
            VImage::option()->set("Q", 80)->set("effort", 4)->set("strip", true));
    } else if (mime == "image/png") {
        blob = image.pngsave_buffer(VImage::option()->set("compression", 9)->set("strip", true));
    } else {
        blob = image.jpegsave_buffer(VImage::option()
                                         ->set("Q", 82)
                                         ->set("strip", true)
                                         ->set("optimize_coding", true)
                                         ->set("interlace", true));
    }
    std::size_t size = 0;
    const char* data = static_cast<const char*>(vips_blob_get(blob, &size));
    std::string out(data, size);
    vips_area_unref(reinterpret_cast<VipsArea*>(blob));
    return mime == "image/webp" ? drop_webp_metadata(out) : out;
}

// The first line of libvips' message, without its operation prefix noise.
std::string vips_message(const vips::VError& e) {
    std::string m = e.what();
    if (auto nl = m.find('\n'); nl != std::string::npos) m.resize(nl);
    return m;
}

std::vector<int> widths_for(int source_width, const std::vector<int>& widths) {
    int largest = std::min(source_width, *std::max_element(widths.begin(), widths.end()));
    std::vector<int> out;
    for (int w : widths)
        if (w < largest) out.push_back(w);
    out.push_back(largest);
    return out;
}

struct Maker {
    const Job& job;
    std::string_view data;
    const Options& options;
    Diagnostics& diagnostics;
    std::string key;

    void error(RuleId rule, const std::string& message) {
        diagnostics.error(job.page_path, job.line, job.col, rule, job.source_path + ": " + message);
    }

    std::optional<Picture> make() {
        using vips::VImage;
        VipsBlob* blob = vips_blob_new(nullptr, data.data(), data.size());
        struct Unref {
            VipsBlob* b;
            ~Unref() { vips_area_unref(reinterpret_cast<VipsArea*>(b)); }
        } unref{blob};
        VImage probe;
        try {
            probe =
                VImage::new_from_buffer(data.data(), data.size(), "",
                                        VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
        } catch (const vips::VError& e) {
            error("image-unreadable",
                  "not a picture libvips can read (PNG, JPEG, WebP, GIF, TIFF) / "
                  "ไฟล์นี้ไม่ใช่ภาพที่อ่านได้: " +
                      vips_message(e));
            return std::nullopt;
        }
        Picture p;
        p.width = probe.width();
        p.height = probe.height();
        auto pixels = static_cast<std::uint64_t>(p.width) * static_cast<std::uint64_t>(p.height);
        if (pixels > options.large_pixels) {
            diagnostics.warning(job.page_path, job.line, job.col, "image-large",
                                job.source_path + ": " + std::to_string(p.width) + "x" +
                                    std::to_string(p.height) +
                                    " pixels is far more than a web page needs; made smaller "
                                    "copies, but consider committing a smaller file");
        }
        Format fallback = fallback_format(probe.get_string("vips-loader"), probe.has_alpha());
        auto widths = widths_for(p.width, options.widths);
        try {
            VImage largest =
                VImage::thumbnail_buffer(blob, widths.back(),
                                         VImage::option()
                                             ->set("height", 10'000'000)
                                             ->set("size", VIPS_SIZE_DOWN)
                                             ->set("option_string", "fail_on=truncated"))
                    .copy_memory();
            std::string dir = entry_dir(options.cache_dir, key);
            if (!make_directories(dir)) {
                throw EnvironmentError("cannot create the picture cache " + dir);
            }
            for (int w : widths) {
                VImage image =
                    w == largest.width()
                        ? largest
                        : largest.thumbnail_image(w, VImage::option()->set("height", 10'000'000));
                add_variant(p.webp, image, {"image/webp", ".webp"}, dir);
                if (fallback.mime == "image/webp")
                    p.fallback.push_back(p.webp.back());
                else
                    add_variant(p.fallback, image, fallback, dir);
            }
            if (!write_entry(dir, p))
                throw EnvironmentError("cannot write the picture cache " + dir);
        } catch (const vips::VError& e) {
            error("image-damaged",
                  "the picture is damaged or cut short / ไฟล์ภาพเสียหายหรือไม่ครบ: " + vips_message(e));
            return std::nullopt;
        }
        p.ok = true;
        return p;
    }

    void add_variant(std::vector<Variant>& list, const vips::VImage& image, const Format& format,
                     const std::string& dir) {
        std::string bytes = encode(image, format.mime);
        Variant v;
        v.width = image.width();
        v.height = image.height();
        v.mime = format.mime;
        v.bytes = bytes.size();
        v.cache_file = dir + "/" + std::to_string(v.width) + format.extension;
        if (!write_cache_file(v.cache_file, bytes))
            throw EnvironmentError("cannot write the picture cache " + v.cache_file);
        list.push_back(std::move(v));
    }
};

void start_vips() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Problems reach editors as diagnostics, not as libvips' own warnings.
        g_setenv("VIPS_WARNING", "0", FALSE);
        if (VIPS_INIT("kmsite") != 0) throw EnvironmentError("libvips failed to start");
        // Pictures are made one per worker thread; libvips' own threads and
        // its operation cache would only add memory.
        vips_concurrency_set(1);
        vips_cache_set_max(0);
        // No run-time generated SIMD code (liborc): its output depends on
        // the CPU it was generated for, so the same photo gave different
        // bytes on different machines under the same file name, and orc's
        // executable-memory allocator crashed now and then under the
        // sanitizers. libvips' C paths cost about 0.05 s for the example
        // portal's 7 pictures.
        vips_vector_set_enabled(FALSE);
    });
}

}  // namespace

bool draw_sample_picture(const std::string& path, const std::string& text) {
    using vips::VImage;
    start_vips();
    try {
        VImage canvas = VImage::black(800, 450, VImage::option()->set("bands", 3))
                            .linear({1.0}, {230.0, 238.0, 246.0})
                            .cast(VIPS_FORMAT_UCHAR);
        VImage mask =
            VImage::text(text.c_str(),
                         VImage::option()->set("width", 700)->set("dpi", 144)->set("font", "Loma"));
        VImage ink = VImage::black(mask.width(), mask.height(), VImage::option()->set("bands", 3))
                         .linear({1.0}, {26.0, 77.0, 143.0})
                         .cast(VIPS_FORMAT_UCHAR)
                         .bandjoin(mask)
                         .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
        canvas.composite2(ink, VIPS_BLEND_MODE_OVER, VImage::option()->set("x", 50)->set("y", 200))
            .extract_band(0, VImage::option()->set("n", 3))
            .pngsave(path.c_str(), VImage::option()->set("strip", true));
        return true;
    } catch (const vips::VError&) {
        return false;
    }
}

namespace {

// "galleries/pr/canva-pr-01-640.1a2b3c4d.webp"
std::string variant_url(const Job& job, const std::string& key, const Variant& v) {
    return job.url_prefix + job.name + "-" + std::to_string(v.width) + "." + key.substr(0, 8) +
           std::string(extension(v.cache_file));
}

}  // namespace

Result make_pictures(const std::vector<Job>& jobs, const source::SourceTree& tree,
                     const Options& options, Diagnostics& diagnostics) {
    Result result;
    result.pictures.resize(jobs.size());
    if (jobs.empty()) return result;
    start_vips();
    std::string params = parameters;
    for (int w : options.widths) params += " " + std::to_string(w);
    std::atomic<std::size_t> processed = 0, reused = 0;
    parallel_for(jobs.size(), options.jobs, [&](std::size_t i, unsigned) {
        const Job& job = jobs[i];
        const source::SourceFile* file = tree.find(job.source_path);
        if (!file) return;  // content has reported it
        // Keyed by the digest the source stage knows, so that a picture
        // made before is found without reading its source.
        std::string key = hex64(file->digest.hi) + hex64(hash64(params));
        std::optional<Picture> picture = read_entry(entry_dir(options.cache_dir, key));
        if (picture) {
            ++reused;
        } else {
            picture = Maker{job, file->data(), options, diagnostics, key}.make();
            if (!picture) return;
            ++processed;
        }
        for (auto* list : {&picture->webp, &picture->fallback})
            for (auto& v : *list) v.url = variant_url(job, key, v);
        result.pictures[i] = std::move(*picture);
    });
    result.processed = processed;
    result.reused = reused;
    return result;
}

}  // namespace kmsite::images
