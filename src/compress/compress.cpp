#include "compress/compress.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <new>
#include <stdexcept>

namespace kmsite::compress {

namespace {

// Brotli's quality is a trade of time for bytes, and the time is paid for
// every byte of every changed file. Measured with Debian's libbrotli 1.0.9
// on this repository's 2-core test machine, over the text files above 1 KB
// of a 1,000-page corpus (bench/gen-corpus.sh: 22.6 MB, mostly 4-16 KB
// pages and search fragments): quality 5 made 25.3% of the bytes at
// 27 MB/s (0.84 s of CPU), quality 11 made 23.4% at 0.5 MB/s (43 s), and
// 6-8 gain under 1% on 5 at up to twice its time; zlib 9 made 27.9% at
// 17 MB/s. So the files whose number grows with the pages (HTML, search
// JSON, sitemaps, feeds, CSV) take quality 5: 11 would make a cold build
// of 10,000 pages spend minutes for 7.5% fewer bytes. The theme's kind of
// file (CSS, JS, SVG, the web manifest) takes 11: a handful, fetched by
// every visitor first, tens of kilobytes in all; past best_max (a large
// drawing, Decap CMS's 5 MB script) it takes 5 too.
constexpr int bulk = 5, best = 11;
constexpr std::size_t best_max = 256 * 1024;

struct Kind {
    std::string_view extension;  // lower case, with the dot
    int brotli_quality;
};
constexpr Kind kinds[] = {
    {".css", best}, {".csv", bulk},         {".htm", bulk}, {".html", bulk},
    {".js", best},  {".json", bulk},        {".mjs", best}, {".svg", best},
    {".txt", bulk}, {".webmanifest", best}, {".xml", bulk},
};

const Kind* kind_of(std::string_view path) {
    std::size_t slash = path.rfind('/');
    std::size_t dot = path.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
        return nullptr;
    std::string ext(path.substr(dot));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& k : kinds)
        if (k.extension == ext) return &k;
    return nullptr;
}

std::string encode_gzip(std::string_view data, std::string_view) {
    return gzip(data);
}

std::string encode_brotli(std::string_view data, std::string_view path) {
    return brotli(data, brotli_quality(path, data.size()));
}

constexpr Encoding table[] = {
    {".gz", encode_gzip},
    {".br", encode_brotli},
};

}  // namespace

std::span<const Encoding> encodings() {
    return table;
}

bool compressible(std::string_view path) {
    return kind_of(path) != nullptr;
}

bool wanted(std::string_view path, std::size_t size) {
    return size > min_size && compressible(path);
}

std::string original_of(std::string_view path) {
    for (const auto& e : table) {
        if (path.size() <= e.suffix.size() ||
            path.substr(path.size() - e.suffix.size()) != e.suffix)
            continue;
        std::string_view rest = path.substr(0, path.size() - e.suffix.size());
        if (compressible(rest)) return std::string(rest);
    }
    return "";
}

int brotli_quality(std::string_view path, std::size_t size) {
    const Kind* k = kind_of(path);
    if (!k || size > best_max) return bulk;
    return k->brotli_quality;
}

std::string gzip(std::string_view data) {
    z_stream z{};
    // windowBits 15 + 16: a gzip wrapper. memLevel 9 and the default
    // strategy: the most zlib can do at level 9.
    int r = deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    if (r == Z_MEM_ERROR) throw std::bad_alloc();
    if (r != Z_OK) throw std::runtime_error("zlib: deflateInit2 failed");
    // A header of our own, so that nothing of the machine gets in: no
    // name, time 0 ("none"), and OS 3 (Unix) whatever zlib was built for.
    gz_header header{};
    header.time = 0;
    header.os = 3;
    deflateSetHeader(&z, &header);
    std::string out(
        deflateBound(&z, static_cast<uLong>(std::min<std::size_t>(data.size(), ULONG_MAX))) + 64,
        '\0');
    std::size_t in_at = 0, out_at = 0;
    for (;;) {
        // zlib counts in uInt: feed and drain at most 1 GB at a time.
        constexpr std::size_t step = 1u << 30;
        std::size_t in_now = std::min(step, data.size() - in_at);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + in_at));
        z.avail_in = static_cast<uInt>(in_now);
        if (out_at == out.size()) out.resize(out.size() * 2);
        std::size_t out_now = std::min(step, out.size() - out_at);
        z.next_out = reinterpret_cast<Bytef*>(out.data() + out_at);
        z.avail_out = static_cast<uInt>(out_now);
        bool last = in_at + in_now == data.size();
        r = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
        in_at += in_now - z.avail_in;
        out_at += out_now - z.avail_out;
        if (r == Z_STREAM_END) break;
        if (r != Z_OK && r != Z_BUF_ERROR) {
            deflateEnd(&z);
            throw std::runtime_error("zlib: deflate failed");
        }
    }
    deflateEnd(&z);
    out.resize(out_at);
    return out;
}

std::string brotli(std::string_view data, int quality) {
    std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
    if (size == 0) return "";  // too large for one call
    std::string out(size, '\0');
    if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                               reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                               reinterpret_cast<std::uint8_t*>(out.data())))
        return "";
    out.resize(size);
    return out;
}

std::vector<Copy> copies(std::string_view path, std::string_view data) {
    std::vector<Copy> out;
    if (!wanted(path, data.size())) return out;
    for (const auto& e : table) {
        std::string bytes = e.encode(data, path);
        if (bytes.empty() || bytes.size() >= data.size()) continue;  // not worth a file
        out.push_back({std::string(path) + std::string(e.suffix), std::move(bytes)});
    }
    return out;
}

}  // namespace kmsite::compress
