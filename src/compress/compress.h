// compress: the precompressed copies of the text files a build writes
// (x.html.gz and x.html.br beside x.html), which a web server sends as they
// are to a client that accepts them (nginx's gzip_static and brotli_static)
// instead of compressing the same bytes again for every response. Each copy
// is a pure function of the file's bytes: the same file gives the same copy
// on any thread, with any --jobs, in any build.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kmsite::compress {

// Files of this size or smaller get no copies: the response fits in a
// packet or two either way, and a server (nginx's gzip_min_length 1024)
// does not compress them either.
inline constexpr std::size_t min_size = 1024;

// One content coding: the suffix its copies take ("x.html.gz") and the
// encoder. An empty result means the encoder could not make one.
struct Encoding {
    std::string_view suffix;
    std::string (*encode)(std::string_view data, std::string_view path);
};
// gzip (every client) and brotli (every current browser, over HTTPS).
std::span<const Encoding> encodings();

// A text file, by its extension (HTML, CSS, JS, JSON, XML, SVG, CSV, TXT,
// webmanifest; any letter case): the kinds whose copies are worth making.
bool compressible(std::string_view path);
// Whether `path` gets copies: compressible and over min_size.
bool wanted(std::string_view path, std::size_t size);
// The file a copy is of ("a/x.html.gz" -> "a/x.html"), or "" when `path`
// is not a copy's name (no known suffix, or the rest is not compressible).
std::string original_of(std::string_view path);

// gzip by libdeflate at level 6 (see compress.cpp): no file name,
// modification time 0, OS "Unix", so the bytes depend on the input alone.
std::string gzip(std::string_view data);
// Brotli at `quality` (0-11), text mode, the smallest window that holds
// the input (at most the default 4 MB).
std::string brotli(std::string_view data, int quality);
// The quality kmsite uses for `path` of `size` bytes (see compress.cpp).
int brotli_quality(std::string_view path, std::size_t size);

struct Copy {
    std::string path;  // "x.html.gz"
    std::string data;
};
// The copies of one file: one per encoding that makes it smaller; none when
// the file is not wanted().
std::vector<Copy> copies(std::string_view path, std::string_view data);

}  // namespace kmsite::compress
