#include "compress/compress.h"

#include <brotli/encode.h>
#include <libdeflate.h>

#include <algorithm>
#include <cctype>
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

// gzip is the copy for clients without brotli, and was the larger part of
// a cold build's compression: zlib at level 9 ran at 18.8 MB/s over 3,000
// text files of a 10,000-page build (bench/gen-shared-corpus.sh, 40 MB),
// to 24.98% of the bytes. libdeflate (Debian's, the gzip format with a
// faster match finder) at level 6 makes 25.20% at 96 MB/s; its level 7
// 25.01% at 69 MB/s, 8 24.90% at 36 MB/s. Level 6: 5x less time for 0.9%
// more bytes of the fallback copy.
constexpr int gzip_level = 6;

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
    // One compressor a thread, made once: libdeflate's holds its match
    // finder's tables (about 1 MB), which a file at a time would allocate
    // and clear again.
    struct Compressor {
        libdeflate_compressor* c = libdeflate_alloc_compressor(gzip_level);
        ~Compressor() { libdeflate_free_compressor(c); }
    };
    thread_local Compressor compressor;
    if (!compressor.c) throw std::bad_alloc();
    std::string out(libdeflate_gzip_compress_bound(compressor.c, data.size()), '\0');
    std::size_t size =
        libdeflate_gzip_compress(compressor.c, data.data(), data.size(), out.data(), out.size());
    if (size < 18) throw std::runtime_error("libdeflate: gzip_compress failed");
    out.resize(size);
    // libdeflate writes no name and time 0 already; its OS byte says
    // "unknown" (255). 3 (Unix), as a copy made by zlib or gzip(1) here
    // says; the header's bytes are outside the CRC, which covers the data.
    out[9] = 3;
    return out;
}

int brotli_window(std::size_t size) {
    // The smallest window (2^w - 16 bytes) that holds the whole file, up to
    // the default 4 MB: a 12 KB page needs 2^14, and the encoder sizes its
    // ring buffer by it (6% faster, a few bytes smaller, same output kind).
    int w = BROTLI_MIN_WINDOW_BITS;
    while (w < BROTLI_DEFAULT_WINDOW && (std::size_t{1} << w) - 16 < size) ++w;
    return w;
}

std::string brotli(std::string_view data, int quality) {
    std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
    if (size == 0) return "";  // too large for one call
    std::string out(size, '\0');
    if (!BrotliEncoderCompress(quality, brotli_window(data.size()), BROTLI_MODE_TEXT, data.size(),
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
