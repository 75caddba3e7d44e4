#include "serve/watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace kmsite::serve {

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kEvents = IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE |
                                  IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF |
                                  IN_MOVE_SELF;

// Editors' scratch files (vim's .swp and its 4913 probe, emacs' #x# and
// x~, hidden temporaries): a save touches them too, but they are not site
// files, so on their own they start no rebuild.
bool scratch(std::string_view name) {
    if (name.empty() || name[0] == '.' || name[0] == '#' || name.back() == '~') return true;
    if (name == "4913") return true;
    auto ends = [&](std::string_view s) {
        return name.size() >= s.size() && name.substr(name.size() - s.size()) == s;
    };
    return ends(".swp") || ends(".swx") || ends(".tmp");
}

}  // namespace

Watcher::Watcher(std::string root, std::vector<std::string> folders)
    : root_(std::move(root)), folders_(std::move(folders)) {
    fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) return;
    // The root itself, to notice a source folder made or replaced later.
    root_wd_ = ::inotify_add_watch(fd_, root_.c_str(), IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
    for (const auto& f : folders_) add_tree(f);
}

Watcher::~Watcher() {
    if (fd_ >= 0) ::close(fd_);
}

void Watcher::add_tree(const std::string& rel) {
    fs::path top = fs::path(root_) / rel;
    std::error_code ec;
    if (!fs::is_directory(top, ec)) return;
    std::vector<std::string> pending{rel};
    while (!pending.empty()) {
        std::string dir = std::move(pending.back());
        pending.pop_back();
        int wd = ::inotify_add_watch(fd_, (fs::path(root_) / dir).c_str(), kEvents | IN_ONLYDIR);
        if (wd >= 0) {
            auto it = std::find_if(dirs_.begin(), dirs_.end(), [&](auto& d) { return d.first == wd; });
            if (it == dirs_.end())
                dirs_.emplace_back(wd, dir);
            else
                it->second = dir;
        }
        for (auto e = fs::directory_iterator(fs::path(root_) / dir, ec);
             !ec && e != fs::directory_iterator(); e.increment(ec)) {
            std::error_code type_ec;
            if (e->is_directory(type_ec) && !e->is_symlink(type_ec))
                pending.push_back(dir + "/" + e->path().filename().string());
        }
    }
}

bool Watcher::read_events(int timeout_ms, std::vector<std::string>& changed) {
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(&p, 1, timeout_ms);
    if (r <= 0) return false;
    alignas(inotify_event) char buf[64 * 1024];
    bool any = false;
    for (;;) {
        ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) break;
        for (char* at = buf; at < buf + n;) {
            auto* ev = reinterpret_cast<inotify_event*>(at);
            at += sizeof(inotify_event) + ev->len;
            std::string name = ev->len ? std::string(ev->name) : std::string();
            if (ev->mask & IN_Q_OVERFLOW) {  // events were lost: rebuild everything
                changed.push_back("");
                any = true;
                continue;
            }
            if (ev->wd == root_wd_) {
                if (std::find(folders_.begin(), folders_.end(), name) != folders_.end()) {
                    add_tree(name);
                    changed.push_back(name);
                    any = true;
                }
                continue;
            }
            auto dir = std::find_if(dirs_.begin(), dirs_.end(),
                                    [&](auto& d) { return d.first == ev->wd; });
            if (dir == dirs_.end()) continue;
            if (ev->mask & IN_IGNORED) {
                dirs_.erase(dir);
                continue;
            }
            std::string rel = name.empty() ? dir->second : dir->second + "/" + name;
            if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) add_tree(rel);
            if (!name.empty() && scratch(name) && !(ev->mask & IN_ISDIR)) continue;
            changed.push_back(rel);
            any = true;
        }
    }
    return any;
}

std::optional<std::vector<std::string>> Watcher::wait(std::chrono::milliseconds quiet,
                                                      std::chrono::milliseconds longest,
                                                      std::chrono::milliseconds stop_after) {
    std::vector<std::string> changed;
    if (fd_ < 0) return std::nullopt;
    auto deadline = std::chrono::steady_clock::now() + stop_after;
    while (changed.empty()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        read_events(static_cast<int>(left.count()), changed);
    }
    // Debounce: a save is often several writes, a rename and a chmod.
    auto end = std::chrono::steady_clock::now() + longest;
    while (std::chrono::steady_clock::now() < end) {
        if (!read_events(static_cast<int>(quiet.count()), changed)) break;
    }
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    return changed;
}

}  // namespace kmsite::serve
