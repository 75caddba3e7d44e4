// The preview server. It answers only what a production web server
// following publish/nginx.conf would (files of the site, no hidden files,
// the same security headers), from memory, plus two paths of its own under
// /__kmsite/: the reload script and its event stream.
#include <httplib.h>
#include <malloc.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "live_js.h"
#include "serve/serve.h"
#include "serve/watcher.h"

extern char** environ;

namespace kmsite::serve {

namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string>& mime_types() {
    static const std::map<std::string, std::string> types{
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".webmanifest", "application/manifest+json"},
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
        {".yml", "text/yaml; charset=utf-8"},  // the admin's config.yml: Decap wants yaml
    };
    return types;
}

// The same policy publish/nginx.conf sends, so a preview breaks where the
// deployed site would; the reload script comes from 'self' and passes it.
constexpr const char* kCsp =
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'";

// The site as the last good build left it, in memory.
class MemoryOutput final : public FileSink {
  public:
    MemoryOutput() = default;
    // `base` with some files put again: a preview, without a copy of the site.
    explicit MemoryOutput(std::shared_ptr<const MemoryOutput> base) : base_(std::move(base)) {}
    void put(const std::string& path, std::string_view data) override {
        auto bytes = std::make_shared<const std::string>(data);
        std::lock_guard lock(mutex_);
        files_.insert_or_assign(path, std::move(bytes));
    }
    void put_shared(const std::string& path, std::shared_ptr<const std::string> data) override {
        std::lock_guard lock(mutex_);
        files_.insert_or_assign(path, std::move(data));
    }
    std::shared_ptr<const std::string> get(const std::string& path) const {
        auto it = files_.find(path);
        if (it != files_.end()) return it->second;
        return base_ ? base_->get(path) : nullptr;
    }
    bool has_folder(const std::string& path) const { return get(path + "/index.html") != nullptr; }
    std::size_t size() const {
        std::size_t n = 0;
        for_each([&](const std::string&, const std::shared_ptr<const std::string>&) { ++n; });
        return n;
    }
    // The files whose bytes differ from `before`'s, or that only one holds,
    // sorted. Documents the render cache kept are the same object: most
    // comparisons stop at the pointer.
    std::vector<std::string> changed_since(const MemoryOutput& before) const {
        std::vector<std::string> out;
        auto differs = [&](const std::string& path,
                           const std::shared_ptr<const std::string>& data) {
            auto then = before.get(path);
            if (!then || (then != data && *then != *data)) out.push_back(path);
        };
        if (base_.get() == &before) {  // a preview of `before`: only its own files
            for (const auto& [path, data] : files_) differs(path, data);
        } else {
            for_each(differs);
            before.for_each(
                [&](const std::string& path, const std::shared_ptr<const std::string>&) {
                    if (!get(path)) out.push_back(path);
                });
        }
        std::sort(out.begin(), out.end());
        return out;
    }

  private:
    // Every file once: this output's own, then its base's that it did not replace.
    using Visit =
        std::function<void(const std::string&, const std::shared_ptr<const std::string>&)>;
    void for_each(const Visit& visit) const {
        for (const auto& [path, data] : files_) visit(path, data);
        if (base_)
            base_->for_each(
                [&](const std::string& path, const std::shared_ptr<const std::string>& data) {
                    if (!files_.count(path)) visit(path, data);
                });
    }
    std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const std::string>> files_;
    std::shared_ptr<const MemoryOutput> base_;
};

// What open pages learn through the event stream: the generation of the
// site served, the files each generation changed (so that a page reloads
// only when something it shows changed), and the errors of the last build.
class Live {
  public:
    // `changed`: the files that differ from the site published before
    // (nullopt: unknown, everything).
    void publish(std::shared_ptr<const MemoryOutput> site, std::vector<std::string> errors,
                 std::optional<std::vector<std::string>> changed = std::nullopt) {
        {
            std::lock_guard lock(mutex_);
            if (site) {
                site_ = std::move(site);
                ++site_generation_;
                history_.push_back({site_generation_, std::move(changed)});
                if (history_.size() > kHistory) history_.pop_front();
            }
            errors_ = std::move(errors);
            ++version_;
        }
        changed_.notify_all();
    }
    std::shared_ptr<const MemoryOutput> site(std::uint64_t* generation) const {
        std::lock_guard lock(mutex_);
        if (generation) *generation = site_generation_;
        return site_;
    }
    // The state as JSON once it differs from `seen` (or after `timeout`,
    // nullopt), for a page of generation `page` (then the one sent): the
    // files changed since that page's site, or null when not known.
    std::optional<std::string> next(std::uint64_t& seen, std::uint64_t& page,
                                    std::chrono::seconds timeout) const {
        std::unique_lock lock(mutex_);
        if (!changed_.wait_for(lock, timeout, [&] { return version_ != seen || stopping_; }))
            return std::nullopt;
        if (stopping_) return std::nullopt;
        seen = version_;
        std::string json = "{\"site\":" + std::to_string(site_generation_) + ",\"errors\":[";
        for (std::size_t i = 0; i < errors_.size(); ++i)
            json += (i ? "," : "") + json_string(errors_[i]);
        json += "],\"changed\":";
        std::set<std::string> files;
        bool known = page > 0 && page <= site_generation_;
        for (std::uint64_t g = page + 1; known && g <= site_generation_; ++g) {
            auto it = std::find_if(history_.begin(), history_.end(),
                                   [&](const auto& h) { return h.first == g; });
            if (it == history_.end() || !it->second)
                known = false;
            else
                files.insert(it->second->begin(), it->second->end());
            if (files.size() > kMostNamed) known = false;
        }
        page = site_generation_;
        if (!known) return json + "null}";
        json += "[";
        bool first = true;
        for (const auto& f : files) {
            json += (first ? "" : ",") + json_string(f);
            first = false;
        }
        return json + "]}";
    }
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
    }

  private:
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    static constexpr std::size_t kHistory = 64, kMostNamed = 2000;
    std::shared_ptr<const MemoryOutput> site_;
    std::uint64_t site_generation_ = 0, version_ = 1;
    std::deque<std::pair<std::uint64_t, std::optional<std::vector<std::string>>>> history_;
    std::vector<std::string> errors_;
    bool stopping_ = false;
};

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

// The site file a request path (already percent-decoded) names: "" for the
// home page, "a/" for a folder's index.html. nullopt for what must not be
// served: NUL bytes, hidden segments (.kmsite-manifest, .git), "..".
std::optional<std::string> site_path(const std::string& url_path) {
    if (url_path.empty() || url_path[0] != '/' || url_path.find('\0') != std::string::npos)
        return std::nullopt;
    std::string rel = url_path.substr(1);
    if (has_hidden_segment(rel) || rel.find("/./") != std::string::npos) return std::nullopt;
    for (std::size_t start = 0; start < rel.size();) {
        std::size_t end = std::min(rel.find('/', start), rel.size());
        if (end > start && rel[start] == '.') return std::nullopt;
        start = end + 1;
    }
    if (rel.empty()) return std::string();
    auto normal = normalize_relative(rel);
    if (!normal) return std::nullopt;
    if (rel.back() == '/') *normal += '/';
    return normal;
}

// The page with the reload script at the end of its body; `file` is the
// file served (the script reloads the page when it, or a file it loaded,
// changed).
std::string with_script(std::string_view html, std::uint64_t generation, const std::string& file) {
    std::string tag = "<script src=\"/__kmsite/live.js\" data-site=\"" +
                      std::to_string(generation) + "\" data-file=\"" +
                      percent_encode(file, "%\"'<>&") + "\"></script>";
    std::size_t at = html.rfind("</body>");
    std::string out;
    out.reserve(html.size() + tag.size());
    if (at == std::string_view::npos) {
        out.append(html);
        out += tag;
    } else {
        out.append(html.substr(0, at));
        out += tag;
        out.append(html.substr(at));
    }
    return out;
}

std::vector<std::string> error_lines(const build::Result& r) {
    std::vector<std::string> lines;
    for (const auto& d : r.diagnostics)
        if (d.severity == Severity::error) lines.push_back(d.format());
    for (const auto& f : r.findings)
        if (f.level == check::Level::error) {
            std::string text = check::format_text({f});
            while (!text.empty() && text.back() == '\n') text.pop_back();
            lines.push_back(text);
        }
    return lines;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void open_in_browser(const std::string& url) {
    const char* argv[] = {"xdg-open", url.c_str(), nullptr};
    pid_t pid = 0;
    if (::posix_spawnp(&pid, "xdg-open", nullptr, nullptr, const_cast<char**>(argv), environ) !=
        0) {
        std::fprintf(stderr,
                     "kmsite: note: cannot open a browser (no xdg-open); visit %s / "
                     "เปิดเบราว์เซอร์เองไม่ได้ ให้เปิดที่อยู่นี้\n",
                     url.c_str());
        return;
    }
    std::thread([pid] { ::waitpid(pid, nullptr, 0); }).detach();
}

}  // namespace

int run(Options o, const std::function<std::string(const build::Stats&)>& timings_line) {
    std::string host = o.bind == "0.0.0.0" || o.bind == "::" ? "localhost" : o.bind;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    std::string url = "http://" + host + ":" + std::to_string(o.port) + "/";
    // Pages link to the preview itself, as `hugo server` does, unless told otherwise.
    if (!o.base_url_given) o.build.base_url = url;

    httplib::Server server;
    // Slow or idle clients hold a worker each until the read timeout: enough
    // workers, and short timeouts, keep one idle browser tab or a client that
    // connects and sends nothing from blocking everybody else. Each open
    // page's event stream holds one worker too.
    server.new_task_queue = [] { return new httplib::ThreadPool(64); };
    server.set_read_timeout(2, 0);
    server.set_write_timeout(5, 0);
    server.set_keep_alive_timeout(2);
    server.set_keep_alive_max_count(20);
    server.set_payload_max_length(64 * 1024);
    // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a
    // second server binds the same port without a word and the two share
    // the requests.
    server.set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    // The port first: a port that is taken is an error before anything is
    // built or said to be served.
    if (!server.bind_to_port(o.bind, o.port)) {
        std::fprintf(stderr,
                     "kmsite: error: cannot listen on %s:%d (is another server using it? "
                     "try --port) / เปิดพอร์ตนี้ไม่ได้ ลองใช้ --port อื่น\n",
                     terminal_safe(o.bind).c_str(), o.port);
        return 2;
    }
    widen_backlog(o.port);

    Live live;
    // The policy the site's /admin/ (Decap CMS) needs, from the last build
    // that succeeded: wider than kCsp (src/admin says why), and for /admin/ only.
    std::mutex admin_mutex;
    std::string admin_csp;
    build::Builder builder(o.build);
    bool first = true;
    // `after`: what changed ("content/a.md and 2 more"), empty for the first build.
    auto rebuild = [&](const std::string& after, std::optional<std::vector<std::string>> changed) {
        std::string why = after.empty() ? "built" : "rebuilt after " + after;
        std::string failed = after.empty() ? "the build" : "the rebuild after " + after;
        auto started = std::chrono::steady_clock::now();
        auto output = std::make_shared<MemoryOutput>();
        std::uint64_t generation = 0;
        auto served = live.site(&generation);
        // The site as it was before the preview: what a failed build leaves.
        auto good = served;
        // A failed build: the errors, over the last site that built (the
        // preview, if one was shown, goes).
        auto publish_failure = [&](std::vector<std::string> errors) {
            if (good != served)
                live.publish(good, std::move(errors), good->changed_since(*served));
            else
                live.publish(nullptr, std::move(errors));
        };
        try {
            // An edit that shows on its own page alone is shown at once; the
            // build that follows makes the rest and tells the pages it changed.
            if (changed && served) {
                if (auto quick = builder.preview(*changed)) {
                    auto shown = std::make_shared<MemoryOutput>(served);
                    for (auto& [file, html] : quick->files)
                        shown->put_shared(file, std::move(html));
                    auto files = shown->changed_since(*served);
                    if (o.timings)
                        std::fprintf(
                            stderr,
                            "kmsite: showed %s in %.1f ms (%zu file(s)); building the rest\n",
                            after.c_str(), seconds_since(started) * 1000, files.size());
                    served = shown;
                    live.publish(std::move(shown), {}, std::move(files));
                }
            }
            build::Result r;
            if (served != good) {
                // The editor sees the page already: the rest is built at a
                // lower priority, so that the browser loading it comes first
                // on a small machine. (On Linux the nice value is a thread's,
                // and the build's worker threads inherit it.)
                std::exception_ptr failure;
                std::thread background([&] {
                    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10);
                    try {
                        r = builder.build(*output, nullptr, std::move(changed));
                    } catch (...) {
                        failure = std::current_exception();
                    }
                });
                background.join();
                if (failure) std::rethrow_exception(failure);
            } else {
                r = builder.build(*output, nullptr, std::move(changed));
            }
            auto errors = error_lines(r);
            // Warnings are listed once, at start-up; rebuilds list errors and
            // count the warnings, so an editor's terminal stays readable.
            std::size_t warnings = 0;
            for (const auto& d : r.diagnostics) {
                bool warning = d.severity == Severity::warning;
                warnings += warning;
                if (warning && (o.quiet || !first)) continue;
                std::fprintf(stderr, "%s\n", d.format().c_str());
            }
            for (const auto& f : r.findings) {
                bool warning = f.level == check::Level::warning;
                warnings += warning;
                if (warning && (o.quiet || !first)) continue;
                std::fputs(check::format_text({f}).c_str(), stderr);
            }
            first = false;
            if (o.timings && timings_line) std::fputs(timings_line(r.stats).c_str(), stderr);
            // The terminal line is printed and flushed before the browsers
            // are told, so whoever sees the page change can read why.
            if (r.ok()) {
                if (!o.quiet)
                    std::printf(
                        "kmsite: %s in %.0f ms: %zu pages (%zu rendered, %zu reused), %zu "
                        "files, %zu warning(s)\n",
                        why.c_str(), seconds_since(started) * 1000, r.stats.documents,
                        r.stats.rendered, r.stats.render_reused, output->size(), warnings);
                std::fflush(stdout);
                {
                    std::lock_guard lock(admin_mutex);
                    admin_csp = r.admin_csp;
                }
                std::optional<std::vector<std::string>> files;
                if (served) files = output->changed_since(*served);
                live.publish(output, {}, std::move(files));
            } else {
                std::printf(
                    "kmsite: %s failed with %zu error(s) in %.0f ms; still serving the last "
                    "site that built (the errors show in the browser) / สร้างไม่สำเร็จ "
                    "ยังแสดงเว็บไซต์ที่สร้างสำเร็จครั้งล่าสุด ดูรายการที่ต้องแก้ได้ในเบราว์เซอร์\n",
                    failed.c_str(), r.errors + (r.findings.empty() ? 0 : 1),
                    seconds_since(started) * 1000);
                std::fflush(stdout);
                publish_failure(std::move(errors));
            }
        } catch (const EnvironmentError& e) {
            publish_failure({std::string("error: ") + e.what()});
            std::fprintf(stderr, "kmsite: error: %s\n", terminal_safe(e.what()).c_str());
        }
        std::fflush(stdout);
        std::fflush(stderr);
        builder.prepare_preview();
        // A build frees millions of small blocks; glibc sorts them out at the
        // next large allocation (malloc_consolidate), which would be the
        // preview of the next edit, tens of milliseconds late. Done now,
        // while the editor reads, and the memory goes back to the system.
        ::malloc_trim(0);
    };
    // Watching starts before the first build, so an edit made while it runs
    // is seen; each rebuild is told what changed, and reads only that.
    std::vector<std::string> folders = {"content", "site-config", "themes"};
    std::unique_ptr<Watcher> watcher;
    if (o.watch) watcher = std::make_unique<Watcher>(o.build.source, folders);
    rebuild("", std::nullopt);

    auto handler = [&](const httplib::Request& req, httplib::Response& res) {
        // httplib would apply the request's ranges to whatever body we set;
        // ranges are handled here instead (one bounded range, or 416), so its
        // copy is cleared. The Request object is the server's own, non-const.
        auto& ranges = const_cast<httplib::Request&>(req).ranges;
        ranges.clear();
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Cache-Control", "no-cache");
        std::uint64_t generation = 0;
        auto site = live.site(&generation);
        auto rel = site_path(req.path);
        // The admin is Decap's application, not a page: its own policy, and
        // no reload script (a rebuild after a save would reload the editor).
        bool admin = false;
        if (rel && (*rel == "admin" || rel->rfind("admin/", 0) == 0)) {
            std::lock_guard lock(admin_mutex);
            if (!admin_csp.empty()) {
                admin = true;
                res.set_header("Content-Security-Policy", admin_csp);
            }
        }
        if (!admin) res.set_header("Content-Security-Policy", kCsp);
        if (!rel) {
            res.status = 404;
            return;
        }
        std::string file = rel->empty() || rel->back() == '/' ? *rel + "index.html" : *rel;
        auto data = site ? site->get(file) : nullptr;
        if (!data && site && !rel->empty() && rel->back() != '/' && site->has_folder(*rel)) {
            // /articles/first must become /articles/first/ for the page's
            // relative links to work, as web servers redirect.
            res.set_redirect(percent_encode(req.path + "/", "%?#\""), 301);
            return;
        }
        if (!data) {
            res.status = 404;
            if (!site) {  // nothing built yet: a page that shows the errors
                res.set_content(with_script("<!DOCTYPE html><html lang=\"th\"><head><meta "
                                            "charset=\"utf-8\"><title>kmsite</title></head><body>"
                                            "</body></html>",
                                            generation, file),
                                "text/html; charset=utf-8");
            }
            return;
        }
        auto type = mime_types().find(std::string(extension(file)));
        std::string content_type =
            type == mime_types().end() ? "application/octet-stream" : type->second;
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
        std::string body = o.live_reload && !admin && extension(file) == ".html"
                               ? with_script(*data, generation, file)
                               : std::string(*data);
        // Every answer is revalidated (no-cache): a page reloaded after an
        // edit fetches again only the files whose bytes changed, and the
        // browser keeps its parsed style sheets, scripts and fonts.
        std::string etag = "\"" + digest(body).hex() + "\"";
        res.set_header("ETag", etag);
        if (req.get_header_value("If-None-Match") == etag) {
            res.status = 304;
            return;
        }
        res.status = 200;
        res.set_content(std::move(body), content_type);
    };
    server.Get("/__kmsite/live.js", [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-cache");
        res.set_content(kLiveJs, "text/javascript; charset=utf-8");
    });
    server.Get("/__kmsite/events", [&](const httplib::Request& req, httplib::Response& res) {
        res.set_header("Cache-Control", "no-cache");
        auto seen = std::make_shared<std::uint64_t>(0);
        // The generation of the site the page came from (0: unknown).
        auto page = std::make_shared<std::uint64_t>(
            std::strtoull(req.get_param_value("site").c_str(), nullptr, 10));
        res.set_chunked_content_provider(
            "text/event-stream", [&live, seen, page](std::size_t, httplib::DataSink& sink) {
                // The current state at once, then each change; a comment
                // every 15 s notices a page that was closed.
                auto state = live.next(*seen, *page, std::chrono::seconds(15));
                std::string message =
                    state ? "event: state\ndata: " + *state + "\n\n" : ": ping\n\n";
                if (!sink.is_writable() || !sink.write(message.data(), message.size()))
                    return false;
                return true;
            });
    });
    server.Get(".*", handler);
    server.set_error_handler([&](const httplib::Request&, httplib::Response& res) {
        if (res.status != 404 || !res.body.empty()) return;
        std::uint64_t generation = 0;
        auto site = live.site(&generation);
        if (auto page = site ? site->get("404.html") : nullptr)
            res.set_content(o.live_reload ? with_script(*page, generation, "404.html") : *page,
                            "text/html; charset=utf-8");
    });

    std::thread watcher_thread;
    std::atomic<bool> stopping{false};
    if (o.watch) {
        watcher_thread = std::thread([&] {
            if (!watcher->ok()) {
                std::fprintf(stderr,
                             "kmsite: note: cannot watch the site for changes (inotify); "
                             "restart serve to see edits / ติดตามการแก้ไขไฟล์ไม่ได้ "
                             "ให้เริ่ม serve ใหม่เพื่อดูการแก้ไข\n");
                return;
            }
            while (!stopping) {
                auto changed =
                    watcher->wait(std::chrono::milliseconds(30), std::chrono::milliseconds(300),
                                  std::chrono::milliseconds(500));
                if (!changed || stopping) continue;
                // Named by the files that are there now: an editor's (or
                // sed's) temporary file is gone by the time it is built.
                std::vector<std::string> named;
                for (const auto& c : *changed) {
                    std::error_code ec;
                    if (!c.empty() && fs::is_regular_file(fs::path(o.build.source) / c, ec))
                        named.push_back(c);
                }
                if (named.empty()) named = *changed;
                std::string what = terminal_safe(named.front());
                if (named.size() > 1) what += " and " + std::to_string(named.size() - 1) + " more";
                rebuild(what, *changed);
            }
        });
    }

    std::printf("kmsite: serving %s at %s (Ctrl+C to stop)%s\n",
                terminal_safe(o.build.source).c_str(), terminal_safe(url).c_str(),
                o.watch ? "; watching content/, site-config/ and themes/ for changes" : "");
    std::fflush(stdout);
    if (o.open_browser) open_in_browser(url);
    bool listened = server.listen_after_bind();
    stopping = true;
    live.stop();
    if (watcher_thread.joinable()) watcher_thread.join();
    if (!listened) {
        std::fprintf(stderr, "kmsite: error: cannot listen on %s:%d / เปิดพอร์ตนี้ไม่ได้\n",
                     terminal_safe(o.bind).c_str(), o.port);
        return 2;
    }
    return 0;
}

}  // namespace kmsite::serve
