// Last-modified dates for every file in one walk over history, as Hugo's gitmap
// does, but comparing trees directly: subtrees whose ids did not change between a
// commit and its first parent are skipped without being read, so a commit costs
// only the folders it touched.
#include <queue>
#include <unordered_set>

#include "source/internal.h"

namespace kmsite::source {

namespace {

struct TreeDeleter {
    void operator()(git_tree* t) const { git_tree_free(t); }
};
using TreePtr = std::unique_ptr<git_tree, TreeDeleter>;

struct HistoryWalk {
    git_repository* repo;
    std::unordered_set<std::string> pending;      // site-relative paths still without a date
    std::unordered_set<std::string> wanted_dirs;  // their ancestor folders
    std::unordered_map<std::string, GitChange> found;

    TreePtr subtree(const git_tree_entry* e) {
        git_tree* sub = nullptr;
        if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE) return nullptr;
        if (git_tree_lookup(&sub, repo, git_tree_entry_id(e)) != 0) return nullptr;
        return TreePtr(sub);
    }

    // Records every pending path that differs between `old_tree` (may be null)
    // and `new_tree`, both at folder `dir`.
    void compare(git_tree* old_tree, git_tree* new_tree, const std::string& dir,
                 const GitChange& change) {
        std::size_t n = git_tree_entrycount(new_tree);
        for (std::size_t i = 0; i < n && !pending.empty(); ++i) {
            const git_tree_entry* e = git_tree_entry_byindex(new_tree, i);
            std::string path =
                dir.empty() ? git_tree_entry_name(e) : dir + '/' + git_tree_entry_name(e);
            const git_tree_entry* old =
                old_tree ? git_tree_entry_byname(old_tree, git_tree_entry_name(e)) : nullptr;
            bool same = old && git_oid_equal(git_tree_entry_id(old), git_tree_entry_id(e)) &&
                        git_tree_entry_filemode(old) == git_tree_entry_filemode(e);
            if (same) continue;
            if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
                if (!wanted_dirs.count(path)) continue;
                TreePtr new_sub = subtree(e);
                TreePtr old_sub = subtree(old);
                if (new_sub) compare(old_sub.get(), new_sub.get(), path, change);
            } else if (pending.erase(path)) {
                found.emplace(path, change);
            }
        }
    }
};

TreePtr site_tree(git_repository* repo, git_commit* commit, const std::string& prefix) {
    git_tree* top = nullptr;
    if (git_commit_tree(&top, commit) != 0) return nullptr;
    if (prefix.empty()) return TreePtr(top);
    git_tree_entry* entry = nullptr;
    git_tree* sub = nullptr;
    if (git_tree_entry_bypath(&entry, top, prefix.c_str()) == 0 &&
        git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
        git_tree_lookup(&sub, repo, git_tree_entry_id(entry));
    }
    git_tree_entry_free(entry);
    git_tree_free(top);
    return TreePtr(sub);
}

}  // namespace

std::unordered_map<std::string, GitChange> last_changes(git_repository* repo, const git_oid& head,
                                                        const std::string& prefix,
                                                        const std::vector<std::string>& paths) {
    HistoryWalk walk{repo, {}, {}, {}};
    for (const auto& p : paths) {
        walk.pending.insert(p);
        for (auto dir = parent_path(p); !dir.empty(); dir = parent_path(dir)) {
            walk.wanted_dirs.emplace(dir);
        }
    }
    if (walk.pending.empty()) return {};
    // Newest commit first, as git_revwalk's GIT_SORT_TIME, but written out so that
    // a missing parent (a shallow clone's boundary) ends that line of history
    // instead of the whole walk.
    using Item = std::pair<git_time_t, std::string>;  // commit time, oid text (tie-break)
    std::priority_queue<Item> queue;
    std::unordered_set<std::string> queued;
    auto enqueue = [&](const git_oid* id) {
        git_commit* c = nullptr;
        std::string key = git_oid_tostr_s(id);
        if (!queued.insert(key).second || git_commit_lookup(&c, repo, id) != 0) return;
        queue.emplace(git_commit_time(c), key);
        git_commit_free(c);
    };
    enqueue(&head);
    while (!walk.pending.empty() && !queue.empty()) {
        git_oid id;
        git_oid_fromstr(&id, queue.top().second.c_str());
        queue.pop();
        git_commit* commit = nullptr;
        if (git_commit_lookup(&commit, repo, &id) != 0) continue;
        const git_signature* author = git_commit_author(commit);
        GitChange change{author->when.time, author->name ? author->name : ""};
        TreePtr now = site_tree(repo, commit, prefix);
        TreePtr before;
        git_commit* parent = nullptr;
        if (git_commit_parentcount(commit) > 0 && git_commit_parent(&parent, commit, 0) == 0) {
            before = site_tree(repo, parent, prefix);
            git_commit_free(parent);
        }
        if (now) walk.compare(before.get(), now.get(), "", change);
        for (unsigned k = 0; k < git_commit_parentcount(commit); ++k) {
            enqueue(git_commit_parent_id(commit, k));
        }
        git_commit_free(commit);
    }
    return std::move(walk.found);
}

}  // namespace kmsite::source
