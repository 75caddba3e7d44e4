// A recursive inotify watch over the site's source folders, with the bursts
// of events of one save (an editor often writes a temporary file, renames it
// and sets its times) folded into one change.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace kmsite::serve {

class Watcher {
  public:
    // Watches each folder under `root` named in `folders` (content,
    // site-config, themes), and every folder inside them, including ones made
    // later. Folders that do not exist yet are watched once they appear.
    Watcher(std::string root, std::vector<std::string> folders);
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    bool ok() const { return fd_ >= 0; }
    // Blocks until something changed, then until `quiet` passed without a
    // further event (but no longer than `longest`). Returns the changed
    // paths (relative to the root), or nullopt when `stop_after` passed
    // with no change at all.
    std::optional<std::vector<std::string>> wait(std::chrono::milliseconds quiet,
                                                 std::chrono::milliseconds longest,
                                                 std::chrono::milliseconds stop_after);

  private:
    void add_tree(const std::string& rel);
    // Reads what is pending; false when nothing arrived within `timeout`.
    bool read_events(int timeout_ms, std::vector<std::string>& changed);

    std::string root_;
    std::vector<std::string> folders_;
    int fd_ = -1;
    int root_wd_ = -1;
    std::vector<std::pair<int, std::string>> dirs_;  // watch descriptor -> folder (relative)
};

}  // namespace kmsite::serve
