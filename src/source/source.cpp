#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "core/serial.h"
#include "source/internal.h"

namespace kmsite::source {

struct SourceFile::Unread {
    std::string real_path;
    std::once_flag once;
    std::string data;
    std::string problem;  // why the bytes could not be had, when they could not
};

const std::string& SourceFile::data() const {
    static const std::string empty;
    if (data_) return *data_;
    if (!unread_) return empty;
    Unread& u = *unread_;
    std::call_once(u.once, [&] {
        auto bytes = read_file(u.real_path);
        if (!bytes)
            u.problem = "was removed or cannot be read";
        else if (kmsite::digest(*bytes) != digest)
            u.problem = "changed";
        else
            u.data = std::move(*bytes);
    });
    if (!u.problem.empty())
        throw EnvironmentError(path + " " + u.problem +
                               " while the site was being built; build again / ไฟล์นี้ถูก"
                               "เปลี่ยนระหว่างการสร้างเว็บไซต์ ให้สั่งสร้างอีกครั้ง");
    return u.data;
}

void SourceFile::set_data(std::string bytes) {
    digest = kmsite::digest(bytes);
    data_ = std::make_shared<const std::string>(std::move(bytes));
    unread_.reset();
}

void SourceFile::set_data(std::shared_ptr<const std::string> bytes, const Digest& known) {
    data_ = std::move(bytes);
    digest = known;
    unread_.reset();
}

void SourceFile::set_unread(std::string real_path, const Digest& known) {
    data_.reset();
    digest = known;
    unread_ = std::make_shared<Unread>();
    unread_->real_path = std::move(real_path);
}

void SourceFile::set_read(std::string real_path, std::shared_ptr<const std::string> bytes,
                          const Digest& known) {
    set_unread(std::move(real_path), known);
    data_ = std::move(bytes);
}

void SourceFile::release() {
    if (!unread_) return;
    auto fresh = std::make_shared<Unread>();
    fresh->real_path = unread_->real_path;
    unread_ = std::move(fresh);
    data_.reset();
}

const SourceFile* SourceTree::find(std::string_view path) const {
    auto it = std::lower_bound(files.begin(), files.end(), path,
                               [](const SourceFile& f, std::string_view p) { return f.path < p; });
    return it != files.end() && it->path == path ? &*it : nullptr;
}

std::vector<const SourceFile*> SourceTree::under(std::string_view dir) const {
    std::vector<const SourceFile*> out;
    for (const auto& f : files) {
        if (starts_with_path(f.path, dir) && f.path.size() > dir.size()) out.push_back(&f);
    }
    return out;
}

std::string git_error_text() {
    const git_error* e = git_error_last();
    return e && e->message ? e->message : "unknown libgit2 error";
}

bool valid_name(const std::string& rel_dir, const std::string& name, Diagnostics& diagnostics) {
    // Tab and line breaks are text in a file, never in a name.
    bool control = find_control_char(name) || name.find_first_of("\t\n\r") != std::string::npos;
    if (!control && !find_invalid_utf8(name)) return true;
    diagnostics.error(terminal_safe(join_path(rel_dir, name)), 0, 0, "path-invalid-name",
                      "file or folder name is not valid UTF-8 or holds a control character "
                      "(shown escaped); rename it / ชื่อไฟล์หรือโฟลเดอร์มีอักขระที่ใช้ไม่ได้ "
                      "ให้เปลี่ยนชื่อ");
    return false;
}

bool allowed_link_target(const std::string& rel, const std::string& target,
                         Diagnostics& diagnostics) {
    std::string top = rel.substr(0, rel.find('/'));
    bool hidden = has_hidden_segment(target);
    if (!hidden && top != rel && starts_with_path(target, top)) return true;
    diagnostics.error(
        terminal_safe(rel), 0, 0, "path-escape",
        (hidden ? "symbolic link leads into a hidden file or folder (" + terminal_safe(target) +
                      "), such as .git or .env; it is never published"
                : "symbolic link leads outside " + top + "/ (to " + terminal_safe(target) +
                      "); a link may only point inside its own folder") +
            "; copy the file into " + top +
            "/ instead / ลิงก์สัญลักษณ์ชี้ออกนอกโฟลเดอร์ ให้คัดลอกไฟล์มาไว้ในโฟลเดอร์แทน");
    return false;
}

namespace {

bool is_dated(const SourceOptions& options, std::string_view path) {
    return std::any_of(options.dated.begin(), options.dated.end(),
                       [&](const std::string& d) { return starts_with_path(path, d); });
}

// Files the walk cannot date (history cut short) keep `fallback` if it is set.
void apply_history(git_repository* repo, const git_oid& head, const std::string& prefix,
                   const std::vector<SourceFile*>& wanted, std::int64_t fallback,
                   SourceCache::Impl* cache) {
    std::vector<std::string> paths;
    for (auto* f : wanted) paths.push_back(f->path);
    // Under a cache the answers are read from it in place, not copied.
    std::unordered_map<std::string, GitChange> walked;
    const std::unordered_map<std::string, GitChange>* changes = &walked;
    if (cache) {
        // The walk's answers depend only on the commit it starts from: ask
        // it again only for paths not asked before.
        std::string head_text = git_oid_tostr_s(&head);
        if (cache->history_head != head_text || cache->history_prefix != prefix) {
            cache->history.clear();
            cache->asked.clear();
            cache->history_head = head_text;
            cache->history_prefix = prefix;
        }
        std::vector<std::string> missing;
        for (const auto& p : paths)
            if (!cache->asked.count(p)) missing.push_back(p);
        if (!missing.empty()) {
            auto found = last_changes(repo, head, prefix, missing);
            for (const auto& p : missing) cache->asked[p] = true;
            for (auto& [p, c] : found) cache->history[p] = std::move(c);
        }
        changes = &cache->history;
    } else {
        walked = last_changes(repo, head, prefix, paths);
    }
    for (auto* f : wanted) {
        auto it = changes->find(f->path);
        if (it == changes->end()) {
            if (fallback != 0) f->lastmod = fallback;
            continue;
        }
        f->lastmod = it->second.time;
        f->author = it->second.author;
        f->from_git = true;
    }
}

// Blob ids of every file under `tree`, keyed by path relative to it: one walk,
// rather than a path lookup per file (libgit2 re-reads large trees each time).
void collect_blob_ids(git_repository* repo, git_tree* tree, const std::string& dir,
                      std::unordered_map<std::string, git_oid>& out) {
    for (std::size_t i = 0, n = git_tree_entrycount(tree); i < n; ++i) {
        const git_tree_entry* e = git_tree_entry_byindex(tree, i);
        std::string path = join_path(dir, git_tree_entry_name(e));
        if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
            out.emplace(std::move(path), *git_tree_entry_id(e));
        } else if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
            git_tree* sub = nullptr;
            if (git_tree_lookup(&sub, repo, git_tree_entry_id(e)) == 0) {
                collect_blob_ids(repo, sub, path, out);
                git_tree_free(sub);
            }
        }
    }
}

// A working-tree file takes its Git date only when its content is what HEAD has;
// edited or new files keep their file time, as the editor sees them.
std::vector<SourceFile*> committed_files(git_repository* repo, const git_oid& head,
                                         const std::string& prefix, const SourceOptions& options,
                                         SourceTree& tree, SourceCache::Impl* cache) {
    std::vector<SourceFile*> out;
    git_commit* commit = nullptr;
    git_tree* root = nullptr;
    if (git_commit_lookup(&commit, repo, &head) != 0) return out;
    std::unordered_map<std::string, git_oid> ids;
    if (git_commit_tree(&root, commit) == 0) {
        for (const auto& dir : options.dated) {
            git_tree_entry* entry = nullptr;
            git_tree* sub = nullptr;
            std::string repo_path = join_path(prefix, dir);
            if (git_tree_entry_bypath(&entry, root, repo_path.c_str()) == 0 &&
                git_tree_entry_type(entry) == GIT_OBJECT_TREE &&
                git_tree_lookup(&sub, repo, git_tree_entry_id(entry)) == 0) {
                collect_blob_ids(repo, sub, dir, ids);
                git_tree_free(sub);
            }
            git_tree_entry_free(entry);
        }
    }
    if (cache && cache->committed_head != std::string(git_oid_tostr_s(&head))) {
        cache->committed.clear();
        cache->committed_head = git_oid_tostr_s(&head);
    }
    for (auto& f : tree.files) {
        auto it = ids.find(f.path);
        if (it == ids.end()) continue;
        // Hashing a file as a Git blob (SHA-1) is slow; whether these bytes
        // are the blob at this HEAD is remembered by their digest.
        Digest d;
        if (cache) {
            d = f.digest;
            auto known = cache->committed.find(f.path);
            if (known != cache->committed.end() && known->second.first == d) {
                if (known->second.second) out.push_back(&f);
                continue;
            }
        }
        git_oid oid;
        const std::string& bytes = f.data();
        bool same = git_odb_hash(&oid, bytes.data(), bytes.size(), GIT_OBJECT_BLOB) == 0 &&
                    git_oid_equal(&oid, &it->second);
        if (cache) cache->committed[f.path] = {d, same};
        if (same) {
            out.push_back(&f);
        }
    }
    git_tree_free(root);
    git_commit_free(commit);
    return out;
}

void warn_if_shallow(git_repository* repo, Diagnostics& diagnostics) {
    if (git_repository_is_shallow(repo) == 1) {
        diagnostics.warning("", 0, 0, "git-shallow",
                            "shallow clone: pages last changed before the clone's oldest commit "
                            "get that commit's date; fetch full history (git fetch --unshallow) "
                            "for true dates / โคลนแบบตื้น วันที่ปรับปรุงบางหน้าอาจไม่ถูกต้อง");
    }
}

}  // namespace

SourceCache::SourceCache() : impl_(std::make_unique<Impl>()) {}
SourceCache::~SourceCache() = default;
std::size_t SourceCache::read() const {
    return impl_->read;
}
std::size_t SourceCache::reused() const {
    return impl_->reused;
}

void SourceCache::keep_files(bool keep) {
    impl_->keep_files = keep;
    if (!keep)
        for (auto& [path, f] : impl_->files) f.data.reset();
}

namespace {

// v2: binary and sealed (core/serial.h), with each file's stat and digest.
constexpr std::string_view source_cache_kind = "source v2";

}  // namespace

// What stat said of a kept file, both ways (found by ADL: not in the
// unnamed namespace).
template <typename Ar>
void serialize(Ar& ar, StatKey& k) {
    ar(k.ino, k.size, k.mtime_ns, k.ctime_ns);
}

std::string SourceCache::save(const Digest& binary) const {
    const Impl& c = *impl_;
    ByteWriter out;
    out(c.history_head, c.history_prefix, c.committed_head);
    // Sorted, so that the same facts make the same bytes (and the file is
    // not written again).
    auto sorted = [](const auto& map) {
        std::vector<const typename std::decay_t<decltype(map)>::value_type*> v;
        v.reserve(map.size());
        for (const auto& e : map) v.push_back(&e);
        std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->first < b->first; });
        return v;
    };
    auto asked = sorted(c.asked);
    out.varint(asked.size());
    for (const auto* e : asked) {
        auto it = c.history.find(e->first);
        bool found = it != c.history.end();
        out(e->first, found);
        if (found) out(it->second.time, it->second.author);
    }
    auto committed = sorted(c.committed);
    out.varint(committed.size());
    for (const auto* e : committed) out(e->first, e->second.first, e->second.second);
    auto files = sorted(c.files);
    out.varint(files.size());
    for (const auto* e : files) out(e->first, e->second.stat, e->second.digest, e->second.read_ns);
    return seal_cache(source_cache_kind, binary, out.bytes());
}

bool SourceCache::load(std::string_view text, const Digest& binary) {
    auto body = unseal_cache(text, source_cache_kind, binary);
    if (!body) return false;
    ByteReader in(*body);
    Impl fresh;
    fresh.keep_files = impl_->keep_files;
    in(fresh.history_head, fresh.history_prefix, fresh.committed_head);
    for (std::size_t n = in.count(); n > 0 && in.ok(); --n) {
        std::string path;
        bool found = false;
        in(path, found);
        if (found) {
            GitChange change;
            in(change.time, change.author);
            fresh.history.emplace(path, std::move(change));
        }
        fresh.asked.emplace(std::move(path), true);
    }
    for (std::size_t n = in.count(); n > 0 && in.ok(); --n) {
        std::string path;
        std::pair<Digest, bool> v;
        in(path, v.first, v.second);
        fresh.committed.emplace(std::move(path), v);
    }
    std::size_t n = in.count();
    fresh.files.reserve(n);
    for (; n > 0 && in.ok(); --n) {
        std::string path;
        CachedFile f;
        in(path, f.stat, f.digest, f.read_ns);
        fresh.files.emplace(std::move(path), std::move(f));
    }
    if (!in.ok() || !in.at_end()) return false;
    // A cache that keeps bytes (serve) has them from its own reads only.
    if (fresh.keep_files) fresh.files = std::move(impl_->files);
    *impl_ = std::move(fresh);
    return true;
}

std::optional<SourceFile> SourceCache::reread(const SourceOptions& options,
                                              const std::string& path) const {
    const Impl& c = *impl_;
    if (options.rev || !c.walk_reusable || !c.keep_files || !c.walked.count(path) ||
        c.walked_include != options.include)
        return std::nullopt;
    std::error_code ec;
    if (std::filesystem::canonical(options.root, ec).string() != c.walked_root || ec)
        return std::nullopt;
    std::string real = c.walked_root + "/" + path;
    struct stat st;
    if (::lstat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    auto data = read_file(real);
    if (!data) return std::nullopt;
    SourceFile f;
    f.path = path;
    f.set_data(std::move(*data));
    f.lastmod = st.st_mtim.tv_sec;
    if (!is_dated(options, path)) return f;
    RepoPtr repo = open_repository(options.root);
    if (!repo) return f;
    git_oid head;
    if (git_reference_name_to_id(&head, repo.get(), "HEAD") != 0) return f;
    // Bytes that are the blob at HEAD take its date from history: a load.
    git_commit* commit = nullptr;
    git_tree* root = nullptr;
    git_tree_entry* entry = nullptr;
    bool committed = false;
    std::string repo_path = join_path(site_prefix(repo.get(), options.root), path);
    if (git_commit_lookup(&commit, repo.get(), &head) == 0 && git_commit_tree(&root, commit) == 0 &&
        git_tree_entry_bypath(&entry, root, repo_path.c_str()) == 0) {
        git_oid oid;
        committed = git_odb_hash(&oid, f.data().data(), f.data().size(), GIT_OBJECT_BLOB) == 0 &&
                    git_oid_equal(&oid, git_tree_entry_id(entry));
    }
    git_tree_entry_free(entry);
    git_tree_free(root);
    git_commit_free(commit);
    if (committed) return std::nullopt;
    return f;
}

SourceTree load_source(const SourceOptions& options, Diagnostics& diagnostics,
                       SourceCache* source_cache) {
    SourceCache::Impl* cache = source_cache ? source_cache->impl_.get() : nullptr;
    if (cache) cache->read = cache->reused = 0;
    static const int init = git_libgit2_init();
    (void)init;
    struct stat st;
    if (stat(options.root.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        throw EnvironmentError("site directory not found: " + options.root);
    }
    SourceTree tree;
    RepoPtr repo = open_repository(options.root);
    std::string prefix = repo ? site_prefix(repo.get(), options.root) : "";

    if (options.rev) {
        if (!repo)
            throw EnvironmentError("--rev needs a Git repository, but " + options.root +
                                   " is not inside one");
        git_object* obj = nullptr;
        if (git_revparse_single(&obj, repo.get(), options.rev->c_str()) != 0) {
            throw EnvironmentError("unknown revision '" + *options.rev + "': " + git_error_text());
        }
        git_object* commit_obj = nullptr;
        int rc = git_object_peel(&commit_obj, obj, GIT_OBJECT_COMMIT);
        git_object_free(obj);
        if (rc != 0) throw EnvironmentError("'" + *options.rev + "' does not name a commit");
        git_oid head = *git_object_id(commit_obj);
        git_object_free(commit_obj);
        tree.revision = git_oid_tostr_s(&head);
        read_revision(repo.get(), head, prefix, options, tree, diagnostics);
        warn_if_shallow(repo.get(), diagnostics);
        std::vector<SourceFile*> wanted;
        for (auto& f : tree.files) {
            if (is_dated(options, f.path)) wanted.push_back(&f);
        }
        git_commit* commit = nullptr;
        std::int64_t commit_time = 0;
        if (git_commit_lookup(&commit, repo.get(), &head) == 0) {
            commit_time = git_commit_author(commit)->when.time;
            git_commit_free(commit);
        }
        apply_history(repo.get(), head, prefix, wanted, commit_time, nullptr);
        return tree;
    }

    read_directory(options, tree, diagnostics, cache);
    git_oid head;
    if (repo && git_reference_name_to_id(&head, repo.get(), "HEAD") == 0) {
        tree.revision = git_oid_tostr_s(&head);
        warn_if_shallow(repo.get(), diagnostics);
        auto wanted = committed_files(repo.get(), head, prefix, options, tree, cache);
        apply_history(repo.get(), head, prefix, wanted, 0, cache);
    }
    return tree;
}

}  // namespace kmsite::source
