#include <algorithm>
#include <filesystem>

#include "source/internal.h"

namespace kmsite::source {

namespace fs = std::filesystem;

RepoPtr open_repository(const std::string& root) {
    git_repository* repo = nullptr;
    if (git_repository_open_ext(&repo, root.c_str(), 0, nullptr) != 0) return nullptr;
    return RepoPtr(repo);
}

std::string site_prefix(git_repository* repo, const std::string& root) {
    const char* workdir = git_repository_workdir(repo);
    if (!workdir) return "";
    auto rel = fs::canonical(root).lexically_relative(fs::canonical(workdir)).generic_string();
    return rel == "." ? "" : rel;
}

bool git_tracks(const std::string& root, const std::string& path) {
    static const int init = git_libgit2_init();
    (void)init;
    RepoPtr repo = open_repository(root);
    if (!repo) return false;
    const char* workdir = git_repository_workdir(repo.get());
    std::error_code ec;
    fs::path target = fs::weakly_canonical(fs::absolute(path, ec), ec);
    if (!workdir || ec) return false;
    std::string rel = target.lexically_relative(fs::canonical(workdir, ec)).generic_string();
    if (ec || rel.empty() || rel == "." || rel.rfind("..", 0) == 0) return false;
    bool tracked = false;
    git_index* index = nullptr;
    if (git_repository_index(&index, repo.get()) == 0) {
        std::size_t at = 0;
        for (const std::string& p : {rel, rel + "/"}) {
            if (git_index_find_prefix(&at, index, p.c_str()) != 0) continue;
            const git_index_entry* e = git_index_get_byindex(index, at);
            std::string_view found = e ? e->path : "";
            tracked = tracked || found == rel || found.rfind(rel + "/", 0) == 0;
        }
        git_index_free(index);
    }
    git_object* head = nullptr;
    if (!tracked && git_revparse_single(&head, repo.get(), "HEAD^{tree}") == 0) {
        git_tree_entry* entry = nullptr;
        if (git_tree_entry_bypath(&entry, reinterpret_cast<git_tree*>(head), rel.c_str()) == 0) {
            tracked = true;
            git_tree_entry_free(entry);
        }
        git_object_free(head);
    }
    return tracked;
}

namespace {

struct TreeWalk {
    git_repository* repo;
    git_tree* site_root;  // tree of the site root inside the commit
    SourceTree& tree;
    Diagnostics& diagnostics;

    std::optional<std::string> read_blob(const git_oid* id, const std::string& rel) {
        git_blob* blob = nullptr;
        if (git_blob_lookup(&blob, repo, id) != 0) {
            diagnostics.error(rel, 0, 0, "source-unreadable",
                              "cannot read blob: " + git_error_text());
            return std::nullopt;
        }
        std::string data(static_cast<const char*>(git_blob_rawcontent(blob)),
                         static_cast<std::size_t>(git_blob_rawsize(blob)));
        git_blob_free(blob);
        return data;
    }

    // A committed symlink is followed only to a file inside its own top folder
    // (content/ for content), never into a hidden path such as .git.
    std::optional<std::string> read_link(const git_oid* id, const std::string& rel) {
        auto target = read_blob(id, rel);
        if (!target) return std::nullopt;
        std::optional<std::string> resolved;
        if (!target->empty() && target->front() != '/')
            resolved = normalize_relative(join_path(parent_path(rel), *target));
        if (!allowed_link_target(rel, resolved.value_or("../" + *target), diagnostics))
            return std::nullopt;
        git_tree_entry* entry = nullptr;
        if (git_tree_entry_bypath(&entry, site_root, resolved->c_str()) != 0) {
            diagnostics.error(rel, 0, 0, "source-broken-link",
                              "symbolic link points to a missing file: " + *resolved);
            return std::nullopt;
        }
        std::optional<std::string> data;
        if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB &&
            git_tree_entry_filemode(entry) != GIT_FILEMODE_LINK) {
            data = read_blob(git_tree_entry_id(entry), rel);
        } else {
            diagnostics.error(
                rel, 0, 0, "source-link-unsupported",
                "symbolic link to a directory or link is not followed in --rev builds");
        }
        git_tree_entry_free(entry);
        return data;
    }

    void walk(git_tree* t, const std::string& rel_dir) {
        std::size_t n = git_tree_entrycount(t);
        for (std::size_t i = 0; i < n; ++i) {
            const git_tree_entry* e = git_tree_entry_byindex(t, i);
            std::string name = git_tree_entry_name(e);
            if (name.empty() || name[0] == '.' || name.back() == '~') continue;
            if (!valid_name(rel_dir, name, diagnostics)) continue;
            std::string rel = join_path(rel_dir, name);
            git_filemode_t mode = git_tree_entry_filemode(e);
            if (mode == GIT_FILEMODE_TREE) {
                git_tree* sub = nullptr;
                if (git_tree_lookup(&sub, repo, git_tree_entry_id(e)) == 0) {
                    walk(sub, rel);
                    git_tree_free(sub);
                }
                continue;
            }
            std::optional<std::string> data;
            if (mode == GIT_FILEMODE_LINK) {
                data = read_link(git_tree_entry_id(e), rel);
            } else if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
                data = read_blob(git_tree_entry_id(e), rel);
            }  // submodules (GIT_FILEMODE_COMMIT) are not part of the site
            if (data) {
                tree.files.emplace_back(rel, std::move(*data));
            }
        }
    }
};

}  // namespace

void read_revision(git_repository* repo, const git_oid& commit_id, const std::string& prefix,
                   const SourceOptions& options, SourceTree& tree, Diagnostics& diagnostics) {
    git_commit* commit = nullptr;
    git_tree* top = nullptr;
    if (git_commit_lookup(&commit, repo, &commit_id) != 0 || git_commit_tree(&top, commit) != 0) {
        git_commit_free(commit);
        throw EnvironmentError("cannot read commit: " + git_error_text());
    }
    git_commit_free(commit);
    git_tree* site_root = top;
    if (!prefix.empty()) {
        git_tree_entry* entry = nullptr;
        if (git_tree_entry_bypath(&entry, top, prefix.c_str()) != 0 ||
            git_tree_entry_type(entry) != GIT_OBJECT_TREE ||
            git_tree_lookup(&site_root, repo, git_tree_entry_id(entry)) != 0) {
            git_tree_entry_free(entry);
            git_tree_free(top);
            throw EnvironmentError("the revision has no folder " + prefix);
        }
        git_tree_entry_free(entry);
    }
    TreeWalk walk{repo, site_root, tree, diagnostics};
    for (const auto& dir : options.include) {
        git_tree_entry* entry = nullptr;
        if (git_tree_entry_bypath(&entry, site_root, dir.c_str()) != 0) continue;
        git_tree* sub = nullptr;
        if (git_tree_entry_type(entry) == GIT_OBJECT_TREE &&
            git_tree_lookup(&sub, repo, git_tree_entry_id(entry)) == 0) {
            walk.walk(sub, dir);
            git_tree_free(sub);
        }
        git_tree_entry_free(entry);
    }
    if (site_root != top) git_tree_free(site_root);
    git_tree_free(top);
    std::sort(tree.files.begin(), tree.files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
}

}  // namespace kmsite::source
