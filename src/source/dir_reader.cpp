#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>

#include "source/internal.h"

namespace kmsite::source {

namespace fs = std::filesystem;

namespace {

bool ignored_name(const std::string& name) {
    return name.empty() || name[0] == '.' || name.back() == '~';
}

struct DirWalk {
    fs::path root;  // canonical site root
    SourceTree& tree;
    Diagnostics& diagnostics;
    std::set<fs::path> visiting;  // canonical directories on the current path (cycle guard)
    SourceCache::Impl* cache = nullptr;
    std::unordered_map<std::string, CachedFile> next = {};  // the cache after this walk
    bool saw_link = false;

    // Files are read once the walk has found them all (finish): `jobs` at a
    // time, since every read waits on the disk or the page cache.
    struct Pending {
        fs::path real;
        std::string rel;
    };
    std::vector<Pending> pending = {};
    void read_file_at(const fs::path& real, const std::string& rel) {
        pending.push_back({real, rel});
    }

    void finish(unsigned jobs) {
        struct Read {
            SourceFile f;
            bool ok = true, reused = false;
            std::optional<CachedFile> kept;  // the cache's entry for it after this walk
        };
        std::vector<Read> reads(pending.size());
        parallel_for(pending.size(), jobs, [&](std::size_t i, unsigned) {
            const auto& [real, rel] = pending[i];
            Read& r = reads[i];
            struct stat st;
            bool stated = stat(real.c_str(), &st) == 0;
            StatKey key;
            if (stated) {
                key = {static_cast<std::uint64_t>(st.st_ino),
                       static_cast<std::uint64_t>(st.st_size),
                       st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec,
                       st.st_ctim.tv_sec * 1'000'000'000LL + st.st_ctim.tv_nsec};
            }
            r.f.path = rel;
            if (stated) r.f.lastmod = st.st_mtim.tv_sec;
            // A file whose inode, size and times are as they were holds the same
            // bytes: every write moves ctime, which no program can set back.
            if (cache && stated) {
                auto it = cache->files.find(real.string());
                // Racy files, as Git calls them: a write in the same clock tick
                // as our read (file times are coarse, a few ms) could leave the
                // times as they were, so a file changed within a second of the
                // read is read again.
                if (it != cache->files.end() && it->second.stat == key &&
                    key.ctime_ns + 1'000'000'000 < it->second.read_ns) {
                    // serve keeps the bytes; kmsite build knows the digest
                    // from the cache folder and reads the bytes only if a
                    // stage asks for them (a page parsed again, a picture
                    // made): a body edit reads one file, not 10,000.
                    if (it->second.data)
                        r.f.set_data(it->second.data, it->second.digest);
                    else
                        r.f.set_unread(real.string(), it->second.digest);
                    r.reused = true;
                    r.kept = it->second;
                    return;
                }
            }
            timespec now{};
            ::clock_gettime(CLOCK_REALTIME, &now);
            auto data = read_file(real.string());
            if (!data) {
                r.ok = false;
                return;
            }
            auto bytes = std::make_shared<const std::string>(std::move(*data));
            Digest d = digest(*bytes);
            r.f.set_read(real.string(), bytes, d);
            if (cache && stated)
                r.kept = CachedFile{key, cache->keep_files ? std::move(bytes) : nullptr, d,
                                    now.tv_sec * 1'000'000'000LL + now.tv_nsec};
        });
        for (std::size_t i = 0; i < reads.size(); ++i) {
            Read& r = reads[i];
            if (!r.ok) {
                diagnostics.error(pending[i].rel, 0, 0, "source-unreadable", "cannot read file");
                continue;
            }
            if (r.kept) {
                ++(r.reused ? cache->reused : cache->read);
                next.insert_or_assign(pending[i].real.string(), std::move(*r.kept));
            }
            tree.files.push_back(std::move(r.f));
        }
        pending.clear();
    }

    // A symbolic link is followed only to a target inside its own top folder
    // (content/ for content, themes/ for the theme) that is not hidden: .git
    // holds CI credentials, .env secrets, site-config/ the webmaster's settings.
    // `top_real` is that folder's real path; the link's whole chain is resolved.
    std::optional<fs::path> resolve(const fs::path& p, const std::string& rel, bool is_link,
                                    const fs::path& top_real) {
        std::error_code ec;
        fs::path real = fs::canonical(p, ec);
        if (ec) {
            diagnostics.error(terminal_safe(rel), 0, 0, "source-broken-link",
                              "symbolic link points to a missing file");
            return std::nullopt;
        }
        if (is_link) {
            std::string top = rel.substr(0, rel.find('/'));
            auto in_top = real.lexically_relative(top_real);
            std::string target;
            if (!in_top.empty() && *in_top.begin() != "..") {
                // A link to the top folder itself is a cycle, caught by walk().
                target = in_top == "." ? top : join_path(top, in_top.generic_string());
            } else {
                auto in_root = real.lexically_relative(root);
                target = in_root.empty() || *in_root.begin() == ".." ? real.string()
                                                                     : in_root.generic_string();
                if (target == top || target.rfind(top + "/", 0) == 0) target = "../" + target;
            }
            if (!allowed_link_target(rel, target, diagnostics)) return std::nullopt;
        }
        return real;
    }

    void walk(const fs::path& dir, const std::string& rel_dir, const fs::path& top_real) {
        std::vector<fs::directory_entry> entries;
        std::error_code ec;
        for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
             it.increment(ec)) {
            entries.push_back(*it);
        }
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.path() < b.path(); });
        for (const auto& e : entries) {
            std::string name = e.path().filename().string();
            if (ignored_name(name)) continue;
            if (!valid_name(rel_dir, name, diagnostics)) continue;
            std::string rel = join_path(rel_dir, name);
            bool is_link = e.is_symlink(ec);
            if (!is_link) {
                // `dir` is a real path, so a plain entry's path is real too,
                // and its type comes with the directory listing: no
                // canonical() (a readlink per path component) nor stat.
                if (e.is_directory(ec)) {
                    walk(e.path(), rel, top_real);
                } else if (e.is_regular_file(ec)) {
                    read_file_at(e.path(), rel);
                }
                continue;
            }
            saw_link = true;
            auto real = resolve(e.path(), rel, is_link, top_real);
            if (!real) continue;
            if (fs::is_directory(*real, ec)) {
                if (!visiting.insert(*real).second) {
                    diagnostics.error(rel, 0, 0, "source-link-cycle",
                                      "symbolic link makes a directory cycle");
                    continue;
                }
                walk(*real, rel, top_real);
                visiting.erase(*real);
            } else if (fs::is_regular_file(*real, ec)) {
                read_file_at(*real, rel);
            }
        }
    }
};

}  // namespace

namespace {

// A load told what changed (serve's watcher): the last walk's files, with
// only the changed paths looked at again. False when it cannot be trusted
// to equal a full walk; the caller then walks everything.
bool read_changes(const SourceOptions& options, const fs::path& root, SourceTree& tree,
                  Diagnostics& diagnostics, SourceCache::Impl& cache) {
    // Problems found go to `diagnostics` only if this load is used.
    if (!cache.walk_reusable || !cache.keep_files || cache.walked_root != root.string() ||
        cache.walked_include != options.include)
        return false;
    std::set<std::string> files = std::move(cache.walked);  // a full walk remakes it if unused
    std::vector<std::string> look;  // changed paths that may hold site files now
    for (const auto& c : *options.changed) {
        if (c.empty()) return false;  // the watcher lost events
        bool site_path = false, skipped = false;
        std::size_t start = 0;
        while (start <= c.size()) {
            auto end = std::min(c.find('/', start), c.size());
            std::string name = c.substr(start, end - start);
            if (start == 0)
                site_path = std::find(options.include.begin(), options.include.end(), name) !=
                            options.include.end();
            if (name == "." || name == "..") return false;
            if (ignored_name(name)) skipped = true;
            start = end + 1;
        }
        if (!site_path || skipped) continue;  // not read by a full walk either
        // Whatever was at the path, or under it, is read again (or is gone).
        for (auto it = files.lower_bound(c); it != files.end();) {
            if (*it != c && it->rfind(c + "/", 0) != 0) break;
            cache.files.erase((root / *it).string());
            it = files.erase(it);
        }
        look.push_back(c);
    }
    // A path under another one looked at is read with it (the merge below
    // also keeps one of any file read twice).
    std::sort(look.begin(), look.end());
    look.erase(std::unique(look.begin(), look.end(),
                           [](const std::string& outer, const std::string& inner) {
                               return inner == outer || inner.rfind(outer + "/", 0) == 0;
                           }),
               look.end());
    Diagnostics found;
    DirWalk walk{root, tree, found, {}, &cache};
    walk.next = std::move(cache.files);
    cache.files.clear();  // so read_file_at reads every changed file
    for (const auto& c : look) {
        fs::path p = root / c;
        struct stat st;
        if (::lstat(p.c_str(), &st) != 0) continue;  // removed
        if (S_ISLNK(st.st_mode)) {
            cache.files = std::move(walk.next);
            return false;
        }
        // Each folder on the way must have a name a full walk accepts.
        auto slash = c.rfind('/');
        std::string dir = slash == std::string::npos ? "" : c.substr(0, slash);
        std::string name = c.substr(slash == std::string::npos ? 0 : slash + 1);
        if (dir.empty()) {
            // A top folder made or replaced.
            if (S_ISDIR(st.st_mode)) walk.walk(p, c, p);
            continue;
        }
        if (!valid_name(dir, name, found)) continue;
        if (S_ISDIR(st.st_mode))
            walk.walk(p, c, root / c.substr(0, c.find('/')));
        else if (S_ISREG(st.st_mode))
            walk.read_file_at(p, c);
    }
    walk.finish(options.jobs);
    // The files read again, and those nothing changed from the cache, in path order.
    std::unordered_map<std::string, std::size_t> fresh;
    for (std::size_t i = 0; i < tree.files.size(); ++i) {
        files.insert(tree.files[i].path);
        fresh.emplace(tree.files[i].path, i);
    }
    std::vector<SourceFile> all;
    all.reserve(files.size());
    for (const auto& rel : files) {
        if (auto f = fresh.find(rel); f != fresh.end()) {
            all.push_back(std::move(tree.files[f->second]));
            continue;
        }
        auto it = walk.next.find((root / rel).string());
        if (it == walk.next.end()) {
            cache.files = std::move(walk.next);
            return false;
        }
        SourceFile f;
        f.path = rel;
        f.set_data(it->second.data, it->second.digest);
        f.lastmod = it->second.stat.mtime_ns / 1'000'000'000;
        ++cache.reused;
        all.push_back(std::move(f));
    }
    tree.files = std::move(all);
    cache.files = std::move(walk.next);
    cache.walked = std::move(files);
    auto problems = found.sorted();
    cache.walk_reusable = !walk.saw_link && problems.empty();
    for (auto& d : problems) diagnostics.report(std::move(d));
    return true;
}

}  // namespace

void read_directory(const SourceOptions& options, SourceTree& tree, Diagnostics& diagnostics,
                    SourceCache::Impl* cache) {
    fs::path root = fs::canonical(options.root);
    if (cache && options.changed) {
        if (read_changes(options, root, tree, diagnostics, *cache)) return;
        tree.files.clear();  // not usable: a full walk, from a clean slate
    }
    std::size_t problems = diagnostics.error_count() + diagnostics.warning_count();
    DirWalk walk{root, tree, diagnostics, {}, cache};
    for (const auto& top : options.include) {
        fs::path dir = walk.root / top;
        std::error_code ec;
        if (!fs::exists(dir, ec)) continue;
        // A top folder itself may be a link within the site root (not hidden).
        auto real = walk.resolve(dir, top, false, walk.root);
        if (!real) continue;
        auto in_root = real->lexically_relative(walk.root);
        bool hidden = has_hidden_segment(in_root.generic_string());
        // Nor may it be the root itself or share files with another top folder
        // (content -> site-config would publish the site's settings).
        bool overlaps = in_root == ".";
        if (fs::is_symlink(dir, ec)) {
            walk.saw_link = true;  // its files' real paths are elsewhere
            for (const auto& other : options.include) {
                if (other == top) continue;
                std::error_code other_ec;
                fs::path other_real = fs::canonical(walk.root / other, other_ec);
                if (other_ec) continue;
                auto a = real->lexically_relative(other_real),
                     b = other_real.lexically_relative(*real);
                if ((!a.empty() && *a.begin() != "..") || (!b.empty() && *b.begin() != ".."))
                    overlaps = true;
            }
        }
        if (in_root.empty() || *in_root.begin() == ".." || hidden || overlaps) {
            diagnostics.error(top, 0, 0, "path-escape",
                              "folder " + top +
                                  " is a symbolic link leading outside the site, into a "
                                  "hidden folder, to the site root or into another of the "
                                  "site's folders (" +
                                  terminal_safe(real->string()) +
                                  ") / โฟลเดอร์นี้เป็นลิงก์สัญลักษณ์ที่ชี้ออกนอกเว็บไซต์");
            continue;
        }
        walk.visiting.insert(*real);
        walk.walk(*real, top, *real);
        walk.visiting.erase(*real);
    }
    walk.finish(options.jobs);
    std::sort(tree.files.begin(), tree.files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
    if (cache) {
        cache->files = std::move(walk.next);
        cache->walked.clear();
        for (const auto& f : tree.files) cache->walked.insert(f.path);
        cache->walked_include = options.include;
        cache->walked_root = root.string();
        cache->walk_reusable =
            !walk.saw_link && diagnostics.error_count() + diagnostics.warning_count() == problems;
    }
}

}  // namespace kmsite::source
