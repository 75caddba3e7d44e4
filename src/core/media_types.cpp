// The media type of each kind of file a site publishes, for every place that
// names one without a web server's own table: kmsite serve, and object
// storage (kmsite publish s3:), which keeps the type given at upload.
#include <algorithm>
#include <array>
#include <utility>

#include "core/core.h"

namespace kmsite {

namespace {

// Sorted by extension (lower case). Text types carry charset=utf-8, as
// publish/nginx's charset_types adds it: kmsite writes UTF-8 only, and a
// browser left to guess reads Thai text as windows-874.
constexpr std::array<std::pair<std::string_view, std::string_view>, 40> kTypes{{
    {".avif", "image/avif"},
    {".css", "text/css; charset=utf-8"},
    {".csv", "text/csv; charset=utf-8"},
    {".doc", "application/msword"},
    {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {".gif", "image/gif"},
    {".gz", "application/gzip"},  // a download: never sent as Content-Encoding
    {".htm", "text/html; charset=utf-8"},
    {".html", "text/html; charset=utf-8"},
    {".ico", "image/x-icon"},
    {".jpeg", "image/jpeg"},
    {".jpg", "image/jpeg"},
    {".js", "text/javascript; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".md", "text/markdown; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".mp3", "audio/mpeg"},
    {".mp4", "video/mp4"},
    {".odp", "application/vnd.oasis.opendocument.presentation"},
    {".ods", "application/vnd.oasis.opendocument.spreadsheet"},
    {".odt", "application/vnd.oasis.opendocument.text"},
    {".otf", "font/otf"},
    {".pdf", "application/pdf"},
    {".png", "image/png"},
    {".ppt", "application/vnd.ms-powerpoint"},
    {".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {".svg", "image/svg+xml; charset=utf-8"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".webm", "video/webm"},
    {".webmanifest", "application/manifest+json; charset=utf-8"},
    {".webp", "image/webp"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".xls", "application/vnd.ms-excel"},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {".xml", "application/xml; charset=utf-8"},
    {".yaml", "text/yaml; charset=utf-8"},
    {".yml", "text/yaml; charset=utf-8"},  // the admin's config.yml: Decap wants YAML
    {".zip", "application/zip"},
}};

}  // namespace

std::string_view media_type(std::string_view path) {
    static_assert(std::is_sorted(kTypes.begin(), kTypes.end()));
    std::string ext = lower_ascii(extension(path));
    auto it =
        std::lower_bound(kTypes.begin(), kTypes.end(), ext,
                         [](const auto& entry, const std::string& e) { return entry.first < e; });
    if (it != kTypes.end() && it->first == ext) return it->second;
    return "application/octet-stream";
}

}  // namespace kmsite
