// `kmsite serve`: build, then serve the output on localhost for previewing.
// The server answers only what a production web server following
// publish/nginx.conf would: files of the output, no hidden files (the
// manifest, a .git), nothing through a symbolic link that leaves the output.
#include <fcntl.h>
#include <httplib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "cli/commands.h"
#include "core/core.h"

namespace kmsite::cli {

namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string>& mime_types() {
    static const std::map<std::string, std::string> types{
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".xml", "application/xml; charset=utf-8"},
        {".txt", "text/plain; charset=utf-8"},
        {".csv", "text/csv; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".webp", "image/webp"},
        {".gif", "image/gif"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".pdf", "application/pdf"},
    };
    return types;
}

// The file under `root` that `url_path` (already percent-decoded) names, or
// nullopt when it must not be served: NUL bytes (a "%00" would cut the path
// short at the C boundary), hidden segments, "..", or a real path outside
// the root (a symbolic link out of it).
std::optional<std::string> resolve(const fs::path& root, const std::string& url_path,
                                   bool& folder_without_slash) {
    folder_without_slash = false;
    if (url_path.empty() || url_path[0] != '/' || url_path.find('\0') != std::string::npos)
        return std::nullopt;
    std::string rel = url_path.substr(1);
    for (std::size_t start = 0; start < rel.size();) {
        std::size_t end = std::min(rel.find('/', start), rel.size());
        if (end > start && rel[start] == '.') return std::nullopt;  // .git, .kmsite-manifest, ..
        start = end + 1;
    }
    auto normal = rel.empty() ? std::optional<std::string>("") : normalize_relative(rel);
    if (!normal) return std::nullopt;
    fs::path file = normal->empty() ? root : root / *normal;
    std::error_code ec;
    if (fs::is_directory(file, ec)) {
        // /articles/first must become /articles/first/ for the page's
        // relative links to work, as web servers redirect.
        if (url_path.back() != '/') {
            folder_without_slash = true;
            return std::nullopt;
        }
        file /= "index.html";
    }
    fs::path real = fs::canonical(file, ec);
    if (ec || !fs::is_regular_file(real, ec)) return std::nullopt;
    auto inside = real.lexically_relative(root);
    if (inside.empty() || *inside.begin() == "..") return std::nullopt;
    return real.string();
}

// One byte range of a file of `size` bytes from a Range header, as
// [first, last]. Returns false for anything but a single satisfiable range
// ("bytes=a-b", "bytes=a-", "bytes=-n"): many or overlapping ranges would let
// a small request ask for many copies of a file.
bool single_range(const std::string& header, std::size_t size, std::size_t& first,
                  std::size_t& last) {
    const std::string unit = "bytes=";
    if (header.compare(0, unit.size(), unit) != 0 || size == 0) return false;
    std::string spec = header.substr(unit.size());
    if (spec.find(',') != std::string::npos) return false;
    auto dash = spec.find('-');
    if (dash == std::string::npos) return false;
    std::string a = spec.substr(0, dash), b = spec.substr(dash + 1);
    auto number = [](const std::string& s, std::size_t& v) {
        if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
            return false;
        v = std::stoull(s);
        return true;
    };
    std::size_t x = 0, y = 0;
    if (a.empty()) {  // the last y bytes
        if (!number(b, y) || y == 0) return false;
        first = y >= size ? 0 : size - y;
        last = size - 1;
        return true;
    }
    if (!number(a, x) || x >= size) return false;
    if (b.empty()) {
        y = size - 1;
    } else if (!number(b, y) || y < x) {
        return false;
    }
    first = x;
    last = std::min(y, size - 1);
    return true;
}

// cpp-httplib 0.11 listens with a backlog of 5: a burst of connections (a
// browser opening several, or a client holding many open) overflows it, and
// the kernel drops the next ones' handshakes until a retry a second or more
// later. Calling listen() again on the bound socket raises the backlog (Linux
// allows this); the socket is found among our descriptors by its port.
void widen_backlog(int port) {
    for (int fd = 3; fd < 1024; ++fd) {
        int listening = 0;
        socklen_t len = sizeof listening;
        if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening)
            continue;
        sockaddr_storage addr{};
        socklen_t addr_len = sizeof addr;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &addr_len) != 0) continue;
        int bound =
            addr.ss_family == AF_INET    ? ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port)
            : addr.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                                         : -1;
        if (bound == port) ::listen(fd, SOMAXCONN);
    }
}

}  // namespace

int run_serve(ServeOptions o) {
    std::string out =
        o.build.out.value_or((std::filesystem::path(o.build.source) / "public").string());
    o.build.out = out;
    if (int code = run_build(o.build); code != 0) return code;

    std::error_code ec;
    fs::path root = fs::canonical(out, ec);
    if (ec) {
        std::fprintf(stderr, "kmsite: error: cannot serve %s\n", terminal_safe(out).c_str());
        return 2;
    }
    httplib::Server server;
    // Slow or idle clients hold a worker each until the read timeout: enough
    // workers, and short timeouts, keep one idle browser tab or a client that
    // connects and sends nothing from blocking everybody else.
    server.new_task_queue = [] { return new httplib::ThreadPool(64); };
    server.set_read_timeout(2, 0);
    server.set_write_timeout(5, 0);
    server.set_keep_alive_timeout(2);
    server.set_keep_alive_max_count(20);
    server.set_payload_max_length(64 * 1024);

    auto handler = [root](const httplib::Request& req, httplib::Response& res) {
        // httplib would apply the request's ranges to whatever body we set;
        // ranges are handled here instead (one bounded range, or 416), so its
        // copy is cleared. The Request object is the server's own, non-const.
        auto& ranges = const_cast<httplib::Request&>(req).ranges;
        ranges.clear();
        bool folder_without_slash = false;
        auto file = resolve(root, req.path, folder_without_slash);
        if (folder_without_slash) {
            res.set_redirect(percent_encode(req.path + "/", "%?#\""), 301);
            return;
        }
        if (!file) {
            res.status = 404;
            return;
        }
        auto data = read_file(*file);
        if (!data) {
            res.status = 404;
            return;
        }
        auto type = mime_types().find(std::string(extension(*file)));
        std::string content_type =
            type == mime_types().end() ? "application/octet-stream" : type->second;
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Accept-Ranges", "bytes");
        if (req.has_header("Range")) {
            std::size_t first = 0, last = 0;
            if (!single_range(req.get_header_value("Range"), data->size(), first, last)) {
                res.status = 416;
                res.set_header("Content-Range", "bytes */" + std::to_string(data->size()));
                return;
            }
            res.status = 206;
            res.set_header("Content-Range", "bytes " + std::to_string(first) + "-" +
                                                std::to_string(last) + "/" +
                                                std::to_string(data->size()));
            res.set_content(data->substr(first, last - first + 1), content_type);
            return;
        }
        res.status = 200;
        res.set_content(std::move(*data), content_type);
    };
    server.Get(".*", handler);
    server.set_error_handler([root](const httplib::Request&, httplib::Response& res) {
        if (res.status != 404) return;
        if (auto page = read_file((root / "404.html").string()))
            res.set_content(*page, "text/html; charset=utf-8");
    });
    std::printf("kmsite: serving %s at http://%s:%d/ (Ctrl+C to stop)\n",
                terminal_safe(out).c_str(), terminal_safe(o.bind).c_str(), o.port);
    std::fflush(stdout);
    if (!server.bind_to_port(o.bind, o.port)) {
        std::fprintf(stderr, "kmsite: error: cannot listen on %s:%d\n",
                     terminal_safe(o.bind).c_str(), o.port);
        return 2;
    }
    widen_backlog(o.port);
    if (!server.listen_after_bind()) {
        std::fprintf(stderr, "kmsite: error: cannot listen on %s:%d\n",
                     terminal_safe(o.bind).c_str(), o.port);
        return 2;
    }
    return 0;
}

}  // namespace kmsite::cli
