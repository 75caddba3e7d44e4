// git:BRANCH[@REMOTE]: the output as one commit on a branch of the site's
// own repository, written with libgit2 straight into the object database.
// No checkout, no index, no work tree and no `git` binary are involved, so
// the editor's work tree is never touched and nothing needs a clean state.
#include <git2.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "deploy/deploy.h"

namespace kmsite::deploy {

namespace fs = std::filesystem;

namespace {

// GitHub Pages runs Jekyll over a branch unless this file is at its root;
// Jekyll would drop files and folders starting with '_' or '.'.
constexpr const char* nojekyll = ".nojekyll";

std::string git_error_text() {
    const git_error* e = git_error_last();
    return e && e->message ? e->message : "unknown libgit2 error";
}

[[noreturn]] void git_failed(const std::string& what) {
    throw EnvironmentError(what + ": " + terminal_safe(git_error_text()) + " / " +
                           "การเขียนลง Git ไม่สำเร็จ");
}

template <typename T, void (*Free)(T*)>
struct Freer {
    void operator()(T* p) const { Free(p); }
};
using Repo = std::unique_ptr<git_repository, Freer<git_repository, git_repository_free>>;
using Commit = std::unique_ptr<git_commit, Freer<git_commit, git_commit_free>>;
using Tree = std::unique_ptr<git_tree, Freer<git_tree, git_tree_free>>;
using Odb = std::unique_ptr<git_odb, Freer<git_odb, git_odb_free>>;
using Builder = std::unique_ptr<git_treebuilder, Freer<git_treebuilder, git_treebuilder_free>>;
using Signature = std::unique_ptr<git_signature, Freer<git_signature, git_signature_free>>;
using Remote = std::unique_ptr<git_remote, Freer<git_remote, git_remote_free>>;

struct Blob {
    git_oid id{};
    std::string path;  // in the output; empty for .nojekyll
};

// A folder of the tree to write: files by name, then subfolders.
struct Folder {
    std::map<std::string, git_oid> files;
    std::map<std::string, Folder> folders;
};

git_oid write_tree(git_repository* repo, const Folder& folder) {
    git_treebuilder* raw = nullptr;
    if (git_treebuilder_new(&raw, repo, nullptr) != 0) git_failed("cannot build a tree");
    Builder b(raw);
    for (const auto& [name, id] : folder.files)
        if (git_treebuilder_insert(nullptr, b.get(), name.c_str(), &id, GIT_FILEMODE_BLOB) != 0)
            git_failed("cannot add " + terminal_safe(name) + " to a tree");
    for (const auto& [name, sub] : folder.folders) {
        git_oid id = write_tree(repo, sub);
        if (git_treebuilder_insert(nullptr, b.get(), name.c_str(), &id, GIT_FILEMODE_TREE) != 0)
            git_failed("cannot add " + terminal_safe(name) + "/ to a tree");
    }
    git_oid id{};
    if (git_treebuilder_write(&id, b.get()) != 0) git_failed("cannot write a tree");
    return id;
}

// Every blob of the tip's tree, by path, with its mode.
struct TipFile {
    git_oid id{};
    git_filemode_t mode = GIT_FILEMODE_BLOB;
};
int collect(const char* root, const git_tree_entry* entry, void* payload) {
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    auto& files = *static_cast<std::map<std::string, TipFile>*>(payload);
    files[std::string(root) + git_tree_entry_name(entry)] = {*git_tree_entry_id(entry),
                                                             git_tree_entry_filemode(entry)};
    return 0;
}

struct PushState {
    int attempts = 0;
    std::string rejected;
};

// Credentials from the environment, never from a prompt: KMSITE_GIT_SSH_KEY
// (a private key file; KMSITE_GIT_SSH_PASSPHRASE if it has one) or else the
// SSH agent for ssh:// remotes; KMSITE_GIT_TOKEN (or GIT_PASSWORD) with
// KMSITE_GIT_USER (or GIT_USERNAME, default x-access-token) for https://.
int credentials(git_credential** out, const char* url, const char* user_from_url,
                unsigned int allowed, void* payload) {
    (void)url;
    auto& state = *static_cast<PushState*>(payload);
    // libgit2 asks again after a refused credential: give up, not loop.
    if (++state.attempts > 3) return GIT_EUSER;
    auto env = [](const char* name) -> const char* {
        const char* v = std::getenv(name);
        return v && *v ? v : nullptr;
    };
    // An ssh:// URL without a user: libgit2 asks for one first.
    if (allowed & GIT_CREDENTIAL_USERNAME)
        return git_credential_username_new(out, user_from_url ? user_from_url : "git");
    if (allowed & GIT_CREDENTIAL_SSH_KEY) {
        const char* user = user_from_url ? user_from_url : "git";
        if (const char* key = env("KMSITE_GIT_SSH_KEY")) {
            std::string pub = std::string(key) + ".pub";
            std::error_code ec;
            return git_credential_ssh_key_new(out, user,
                                              fs::exists(pub, ec) ? pub.c_str() : nullptr, key,
                                              env("KMSITE_GIT_SSH_PASSPHRASE"));
        }
        return git_credential_ssh_key_from_agent(out, user);
    }
    if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
        const char* token = env("KMSITE_GIT_TOKEN");
        if (!token) token = env("GIT_PASSWORD");
        if (!token) return GIT_PASSTHROUGH;
        const char* user = env("KMSITE_GIT_USER");
        if (!user) user = env("GIT_USERNAME");
        if (!user) user = user_from_url ? user_from_url : "x-access-token";
        return git_credential_userpass_plaintext_new(out, user, token);
    }
    return GIT_PASSTHROUGH;
}

int push_update(const char* refname, const char* status, void* payload) {
    if (status)
        static_cast<PushState*>(payload)->rejected =
            std::string(refname) + ": " + std::string(status);
    return 0;
}

Remote open_remote(git_repository* repo, const config::PublishTarget& target) {
    git_remote* raw = nullptr;
    // A remote's name, or else a URL or path used as it is.
    if (git_remote_lookup(&raw, repo, target.remote.c_str()) != 0 &&
        git_remote_create_anonymous(&raw, repo, target.remote.c_str()) != 0)
        git_failed("no remote " + terminal_safe(target.remote));
    return Remote(raw);
}

// The remote's tip of the branch, its objects fetched into the repository
// (no ref, no FETCH_HEAD written), or nullopt when the remote has no such
// branch. A CI job's fresh clone has no local publishing branch: without
// this its first commit would have no parent and the push would be refused.
std::optional<git_oid> fetch_remote_tip(git_repository* repo, const config::PublishTarget& target) {
    Remote remote = open_remote(repo, target);
    PushState state;
    git_fetch_options options;
    git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
    options.callbacks.credentials = credentials;
    options.callbacks.payload = &state;
    options.update_fetchhead = 0;
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    std::string want = "refs/heads/" + target.branch;
    char* specs[] = {want.data()};
    git_strarray refspecs = {specs, 1};
    if (git_remote_fetch(remote.get(), &refspecs, &options, nullptr) != 0)
        throw EnvironmentError("cannot fetch " + terminal_safe(target.branch) + " from " +
                               terminal_safe(target.remote) + ": " +
                               terminal_safe(git_error_text()) +
                               "; check the remote and the credentials (KMSITE_GIT_SSH_KEY, "
                               "KMSITE_GIT_TOKEN); nothing was committed / ดึงข้อมูลจาก remote "
                               "ไม่สำเร็จ ยังไม่ได้สร้าง commit");
    // The list of the remote's refs stays readable after the fetch disconnects.
    const git_remote_head** heads = nullptr;
    std::size_t count = 0;
    if (git_remote_ls(&heads, &count, remote.get()) != 0) return std::nullopt;
    for (std::size_t i = 0; i < count; ++i)
        if (want == heads[i]->name) return heads[i]->oid;
    return std::nullopt;
}

void push(git_repository* repo, const config::PublishTarget& target) {
    Remote remote = open_remote(repo, target);
    PushState state;
    git_push_options options;
    git_push_options_init(&options, GIT_PUSH_OPTIONS_VERSION);
    options.callbacks.credentials = credentials;
    options.callbacks.push_update_reference = push_update;
    options.callbacks.payload = &state;
    std::string spec = "refs/heads/" + target.branch + ":refs/heads/" + target.branch;
    char* specs[] = {spec.data()};
    git_strarray refspecs = {specs, 1};
    if (git_remote_push(remote.get(), &refspecs, &options) != 0)
        throw EnvironmentError(
            "cannot push " + terminal_safe(target.branch) + " to " + terminal_safe(target.remote) +
            ": " + terminal_safe(git_error_text()) +
            "; the commit was made locally; check the remote and the credentials "
            "(KMSITE_GIT_SSH_KEY, KMSITE_GIT_TOKEN) / ส่งขึ้น remote ไม่สำเร็จ "
            "commit ถูกสร้างในเครื่องแล้ว ให้ตรวจสอบ remote และข้อมูลยืนยันตัวตน");
    if (!state.rejected.empty())
        throw EnvironmentError("the remote " + terminal_safe(target.remote) + " refused " +
                               terminal_safe(state.rejected) +
                               " (its branch has commits this one lacks?) / remote ปฏิเสธการส่ง");
}

std::string default_message(std::size_t files) {
    std::time_t now = std::time(nullptr);
    char when[64];
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return "kmsite publish: " + std::to_string(files) + " files (" + when + ")";
}

}  // namespace

Summary publish_git(const config::PublishTarget& target, const Options& o) {
    static const int init = git_libgit2_init();
    (void)init;
    std::vector<std::string> files = built_files(o.out);

    git_repository* raw_repo = nullptr;
    if (git_repository_open_ext(&raw_repo, o.source.c_str(), 0, nullptr) != 0)
        throw EnvironmentError("the site " + terminal_safe(o.source) +
                               " is not in a Git repository; git: targets write a branch of the "
                               "site's repository (git init, or use dir:) / เว็บไซต์ไม่ได้อยู่ใน "
                               "Git repository ให้ใช้ git init หรือปลายทาง dir:");
    Repo repo(raw_repo);
    std::string ref = "refs/heads/" + target.branch;

    // The branch's tip, if it exists: the local branch's, or the remote's
    // when it has commits the local one lacks (another machine published).
    // A dry run contacts no remote and compares with the local branch.
    Commit tip;
    std::map<std::string, TipFile> tip_files;
    git_oid tip_id{}, local_id{};
    bool has_local = git_reference_name_to_id(&local_id, repo.get(), ref.c_str()) == 0;
    bool has_tip = has_local;
    tip_id = local_id;
    if (!target.remote.empty() && !o.dry_run) {
        if (auto remote_id = fetch_remote_tip(repo.get(), target)) {
            if (!has_local) {
                tip_id = *remote_id;
                has_tip = true;
            } else if (!git_oid_equal(&local_id, &*remote_id) &&
                       git_graph_descendant_of(repo.get(), &local_id, &*remote_id) != 1) {
                if (git_graph_descendant_of(repo.get(), &*remote_id, &local_id) != 1)
                    throw EnvironmentError(
                        terminal_safe(ref) + " and " + terminal_safe(target.remote) +
                        "'s branch have each commits the other lacks; nothing was committed; "
                        "keep one of them (e.g. delete the local branch: git branch -D " +
                        terminal_safe(target.branch) +
                        ") and publish again / branch ในเครื่องและบน remote แยกทางกัน "
                        "ยังไม่ได้สร้าง commit ให้เก็บไว้เพียงฝั่งเดียวแล้วเผยแพร่ใหม่");
                tip_id = *remote_id;
            }
        }
    }
    if (has_tip) {
        git_commit* c = nullptr;
        if (git_commit_lookup(&c, repo.get(), &tip_id) != 0)
            git_failed(terminal_safe(ref) + " does not point at a commit");
        tip.reset(c);
        git_tree* t = nullptr;
        if (git_commit_tree(&t, tip.get()) != 0) git_failed("cannot read the tip's tree");
        Tree tree(t);
        git_tree_walk(tree.get(), GIT_TREEWALK_PRE, collect, &tip_files);
    }

    // Blob ids computed first, without writing: a dry run, or a publish with
    // nothing changed, adds nothing to the object database.
    Summary s;
    std::vector<Blob> blobs;
    std::vector<std::pair<char, std::string>> lines;
    auto compare = [&](const std::string& path, const git_oid& id) {
        auto it = tip_files.find(path);
        if (it == tip_files.end()) {
            ++s.added;
            lines.emplace_back('+', path);
        } else if (git_oid_equal(&it->second.id, &id) && it->second.mode == GIT_FILEMODE_BLOB) {
            ++s.unchanged;
        } else {
            ++s.changed;
            lines.emplace_back('~', path);
        }
    };
    for (const auto& f : files) {
        auto data = read_file((fs::path(o.out) / f).string());
        if (!data) throw Refused("cannot read " + terminal_safe(f) + " in " + terminal_safe(o.out));
        Blob b;
        b.path = f;
        if (git_odb_hash(&b.id, data->data(), data->size(), GIT_OBJECT_BLOB) != 0)
            git_failed("cannot hash " + terminal_safe(f));
        compare(f, b.id);
        blobs.push_back(std::move(b));
    }
    git_oid empty{};
    git_odb_hash(&empty, "", 0, GIT_OBJECT_BLOB);
    {
        auto it = tip_files.find(nojekyll);
        if (it == tip_files.end() || !git_oid_equal(&it->second.id, &empty) ||
            it->second.mode != GIT_FILEMODE_BLOB)
            lines.emplace_back(it == tip_files.end() ? '+' : '~', nojekyll);
    }
    std::vector<std::string> removed;
    std::set<std::string> wanted(files.begin(), files.end());
    wanted.insert(nojekyll);
    for (const auto& [path, f] : tip_files)
        if (!wanted.count(path)) removed.push_back(path);
    s.removed = removed.size();
    for (const auto& r : removed) lines.emplace_back('-', r);
    std::sort(lines.begin(), lines.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });

    if (o.max_deletes && removed.size() > *o.max_deletes)
        throw Refused("publishing would remove " + std::to_string(removed.size()) + " files from " +
                      terminal_safe(ref) + ", more than --max-deletes " +
                      std::to_string(*o.max_deletes) +
                      "; no commit was made; allow more with --max-deletes N if that is right / "
                      "การเผยแพร่จะลบไฟล์ " +
                      std::to_string(removed.size()) +
                      " ไฟล์ เกินกว่าที่ --max-deletes อนุญาต "
                      "จึงไม่ได้สร้าง commit");
    if (o.dry_run) {
        for (const auto& [c, path] : lines)
            std::fprintf(o.log, "%c %s\n", c, terminal_safe(path).c_str());
        return s;
    }

    // The tree is the same when every path has the same blob (and mode):
    // no commit, so publishing twice adds nothing to the branch's history.
    if (tip && lines.empty()) {
        // The remote's tip already holds this tree: the local branch follows it.
        if (!has_local || !git_oid_equal(&local_id, &tip_id)) {
            git_reference* moved = nullptr;
            int made = has_local
                           ? git_reference_create_matching(&moved, repo.get(), ref.c_str(), &tip_id,
                                                           1, &local_id, "kmsite publish")
                           : git_reference_create(&moved, repo.get(), ref.c_str(), &tip_id, 0,
                                                  "kmsite publish");
            if (made != 0) git_failed("cannot move " + terminal_safe(ref));
            git_reference_free(moved);
        }
        if (!target.remote.empty()) push(repo.get(), target);
        s.commit = git_oid_tostr_s(&tip_id);
        return s;
    }

    // Only blobs the repository lacks are written; the rest are already there.
    git_odb* raw_odb = nullptr;
    if (git_repository_odb(&raw_odb, repo.get()) != 0)
        git_failed("cannot open the object database");
    Odb odb(raw_odb);
    Folder root;
    for (const auto& b : blobs) {
        if (!git_odb_exists(odb.get(), &b.id)) {
            auto data = read_file((fs::path(o.out) / b.path).string());
            git_oid written{};
            if (!data || git_odb_write(&written, odb.get(), data->data(), data->size(),
                                       GIT_OBJECT_BLOB) != 0)
                git_failed("cannot write " + terminal_safe(b.path));
            // The file changed since it was hashed: not the build that was checked.
            if (!git_oid_equal(&written, &b.id))
                throw Refused(terminal_safe(b.path) +
                              " changed while publishing; build again / "
                              "ไฟล์เปลี่ยนระหว่างเผยแพร่ ให้สร้างใหม่");
        }
        Folder* folder = &root;
        std::string_view rest = b.path;
        for (auto slash = rest.find('/'); slash != std::string_view::npos; slash = rest.find('/')) {
            folder = &folder->folders[std::string(rest.substr(0, slash))];
            rest = rest.substr(slash + 1);
        }
        folder->files[std::string(rest)] = b.id;
    }
    git_oid written_empty{};
    if (git_odb_write(&written_empty, odb.get(), "", 0, GIT_OBJECT_BLOB) != 0)
        git_failed("cannot write .nojekyll");
    root.files[nojekyll] = empty;
    git_oid tree_id = write_tree(repo.get(), root);
    git_tree* raw_tree = nullptr;
    if (git_tree_lookup(&raw_tree, repo.get(), &tree_id) != 0)
        git_failed("cannot read the new tree");
    Tree tree(raw_tree);

    git_signature* raw_sig = nullptr;
    if (git_signature_default(&raw_sig, repo.get()) != 0 &&
        git_signature_now(&raw_sig, "kmsite", "kmsite@localhost") != 0)
        git_failed("cannot make a signature");
    Signature sig(raw_sig);
    std::string message = o.message.empty() ? default_message(files.size() + 1) : o.message;
    if (message.back() != '\n') message += '\n';
    const git_commit* parents[] = {tip.get()};
    git_oid commit_id{};
    if (git_commit_create(&commit_id, repo.get(), nullptr, sig.get(), sig.get(), nullptr,
                          message.c_str(), tree.get(), tip ? 1 : 0, tip ? parents : nullptr) != 0)
        git_failed("cannot commit to " + terminal_safe(ref));
    // The branch moves only if it is still where it was read: a publish
    // racing another one fails instead of dropping the other's commit.
    git_reference* moved = nullptr;
    std::string log = "kmsite publish";
    int made = has_local ? git_reference_create_matching(&moved, repo.get(), ref.c_str(),
                                                         &commit_id, 1, &local_id, log.c_str())
                         : git_reference_create(&moved, repo.get(), ref.c_str(), &commit_id, 0,
                                                log.c_str());
    if (made != 0) git_failed("cannot move " + terminal_safe(ref) + " (did it change meanwhile?)");
    git_reference_free(moved);
    s.committed = true;
    s.commit = git_oid_tostr_s(&commit_id);
    if (!target.remote.empty()) push(repo.get(), target);
    return s;
}

}  // namespace kmsite::deploy
