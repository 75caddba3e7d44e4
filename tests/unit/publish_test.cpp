#include "publish/publish.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>

#include "compress/compress.h"
#include "test_util.h"

using namespace kmsite;
namespace fs = std::filesystem;

namespace {

std::size_t entries_in(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}

struct stat stat_of(const std::string& path) {
    struct stat st {};
    ::lstat(path.c_str(), &st);
    return st;
}

// One build's output: `files` put, then committed.
publish::WriteStats build(const std::string& out,
                          const std::vector<std::pair<std::string, std::string>>& files) {
    publish::OutputWriter writer(out);
    for (const auto& [path, data] : files) writer.put(path, data);
    return writer.commit();
}

// The same, with the .gz and .br copies on or off.
publish::WriteStats build_copies(const std::string& out,
                                 const std::vector<std::pair<std::string, std::string>>& files,
                                 bool precompress = true, unsigned jobs = 2) {
    publish::OutputWriter writer(out);
    for (const auto& [path, data] : files) writer.put(path, data);
    writer.precompress(precompress, jobs);
    return writer.commit();
}

// A text file of `bytes` bytes that compresses well.
std::string text_of(std::size_t bytes, const std::string& word) {
    std::string s;
    while (s.size() < bytes) s += "<p>" + word + " " + std::to_string(s.size()) + "</p>\n";
    s.resize(bytes);
    return s;
}

mode_t mode_of(const std::string& path) {
    struct stat st {};
    ::lstat(path.c_str(), &st);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("only files whose bytes changed are written; the rest are not touched") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    auto first = build(out, {{"index.html", "home v1"}, {"a/index.html", "a"}, {"gone.html", "x"}});
    CHECK(first.written == 3);
    auto home = stat_of(out + "/index.html"), a = stat_of(out + "/a/index.html");
    auto manifest = stat_of(out + "/" + publish::manifest_name);

    // Nothing changed: no file is written, not even the manifest.
    auto same = build(out, {{"index.html", "home v1"}, {"a/index.html", "a"}, {"gone.html", "x"}});
    CHECK(same.written == 0);
    CHECK(same.unchanged == 3);
    CHECK(stat_of(out + "/index.html").st_ino == home.st_ino);
    CHECK(stat_of(out + "/index.html").st_mtim.tv_nsec == home.st_mtim.tv_nsec);
    CHECK(stat_of(out + "/" + publish::manifest_name).st_ino == manifest.st_ino);
    CHECK(stat_of(out + "/" + publish::manifest_name).st_mtim.tv_nsec == manifest.st_mtim.tv_nsec);

    // One file changed, one no longer made.
    auto next = build(out, {{"index.html", "home v2"}, {"a/index.html", "a"}});
    CHECK(next.written == 1);
    CHECK(next.unchanged == 1);
    CHECK(next.removed == 1);
    CHECK(read_file(out + "/index.html") == "home v2");
    CHECK(stat_of(out + "/index.html").st_ino != home.st_ino);  // replaced by a rename
    CHECK(stat_of(out + "/a/index.html").st_ino == a.st_ino);
    CHECK(stat_of(out + "/a/index.html").st_ctim.tv_nsec == a.st_ctim.tv_nsec);
    CHECK_FALSE(fs::exists(out + "/gone.html"));
    auto text = *read_file(out + "/" + publish::manifest_name);
    CHECK(text.find("\nindex.html\t") != std::string::npos);
    CHECK(text.find("gone.html") == std::string::npos);
    CHECK(entries_in(dir.path) == 1);  // nothing left beside the output
}

TEST_CASE("a file changed in the output since the last build is written again") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    build(out, {{"index.html", "home"}});
    write_file(out + "/index.html", "edited by hand");  // same manifest digest, other bytes
    auto again = build(out, {{"index.html", "home"}});
    CHECK(again.written == 1);
    CHECK(read_file(out + "/index.html") == "home");
    fs::remove(out + "/index.html");
    CHECK(build(out, {{"index.html", "home"}}).written == 1);
    CHECK(read_file(out + "/index.html") == "home");
}

TEST_CASE("a first build makes the output and its folders") {
    test::TempDir dir;
    std::string out = dir.str() + "/nested/public";
    build(out, {{"index.html", "new"}, {"a/b/c.txt", "deep"}});
    CHECK(read_file(out + "/index.html") == "new");
    CHECK(read_file(out + "/a/b/c.txt") == "deep");
}

TEST_CASE(
    "a first build into a missing folder and into an existing empty one give the same output") {
    // Into a missing folder the staged tree becomes the output with one
    // rename; an existing folder (a webmaster's, with its owner, mode and
    // ACL) is kept and filled file by file.
    test::TempDir dir;
    std::vector<std::pair<std::string, std::string>> files = {{"index.html", "home"},
                                                              {"a/b/c.txt", "deep"},
                                                              {"a/d.txt", "beside"},
                                                              {"e/f/g/h.html", "x"}};
    std::string fresh = dir.str() + "/fresh", kept = dir.str() + "/kept";
    REQUIRE(fs::create_directory(kept));
    ::chmod(kept.c_str(), 02775);
    auto kept_inode = stat_of(kept).st_ino;
    auto a = build(fresh, files);
    auto b = build(kept, files);
    CHECK(a.written == files.size());
    CHECK(b.written == files.size());
    for (const auto& [path, data] : files) {
        CHECK(read_file(fresh + "/" + path) == data);
        CHECK(read_file(kept + "/" + path) == data);
    }
    CHECK(stat_of(kept).st_ino == kept_inode);
    CHECK(mode_of(kept) == 02775);
    CHECK(entries_in(dir.path) == 2);  // no staging folder left beside them
    for (const std::string& out : {fresh, kept}) {
        publish::OutputWriter again(out);
        CHECK(again.intact());  // each manifest names every file as it is on disk
        for (const auto& [path, data] : files) again.put(path, data);
        auto stats = again.commit();
        CHECK(stats.written == 0);
        CHECK(stats.unchanged == files.size());
    }
    CHECK(entries_in(dir.path) == 2);
}

TEST_CASE("a first build keeps a folder the output has, and the last bytes of a path put twice") {
    // A folder the webmaster made (empty: files in an output without a
    // manifest are taken for an old build's) keeps its inode and mode, and
    // gets kmsite's files.
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    write_file(out + "/.well-known/security.txt", "Contact: mailto:security@example.go.th\n");
    REQUIRE(fs::create_directories(out + "/docs"));
    ::chmod((out + "/docs").c_str(), 02775);
    auto docs_inode = stat_of(out + "/docs").st_ino;
    std::vector<std::pair<std::string, std::string>> files = {{"index.html", "home"},
                                                              {"docs/a/index.html", "a"},
                                                              {"docs/b.html", "b"},
                                                              {"articles/p1/index.html", "p1"},
                                                              {"articles/p2/index.html", "p2"},
                                                              {"articles/p2/photo.txt", "beside"}};
    publish::OutputWriter writer(out);
    for (const auto& [path, data] : files) writer.put(path, data);
    writer.put("articles/p1/index.html", "p1 again");  // staged twice: the last bytes win
    auto stats = writer.commit();
    CHECK(stats.written == files.size());
    CHECK(read_file(out + "/index.html") == "home");
    CHECK(read_file(out + "/docs/a/index.html") == "a");
    CHECK(read_file(out + "/docs/b.html") == "b");
    CHECK(read_file(out + "/articles/p1/index.html") == "p1 again");
    CHECK(read_file(out + "/articles/p2/photo.txt") == "beside");
    CHECK(read_file(out + "/.well-known/security.txt") ==
          "Contact: mailto:security@example.go.th\n");
    CHECK(stat_of(out + "/docs").st_ino == docs_inode);
    CHECK(mode_of(out + "/docs") == 02775);
    CHECK(entries_in(out + "/articles") == 2);
    CHECK(entries_in(dir.path) == 1);  // the staging folder is gone
    publish::OutputWriter again(out);
    CHECK(again.intact());  // the manifest has every file's inode and times as they are
    auto manifest = *read_file(out + "/" + publish::manifest_name);
    CHECK(manifest.find("security.txt") == std::string::npos);
}

TEST_CASE("a failed build leaves the output as it was and nothing beside it") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    build(out, {{"index.html", "old"}});
    auto before = stat_of(out + "/index.html");
    {
        publish::OutputWriter writer(out);
        writer.put("index.html", "half");
        writer.put("new.html", "half");
    }  // no commit: the build failed
    CHECK(read_file(out + "/index.html") == "old");
    CHECK(stat_of(out + "/index.html").st_ino == before.st_ino);
    CHECK_FALSE(fs::exists(out + "/new.html"));
    CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("output folders and files get the umask's modes, not 0700") {
    test::TempDir dir;
    for (mode_t mask : {mode_t(022), mode_t(027), mode_t(077)}) {
        std::string out = dir.str() + "/public" + std::to_string(mask);
        mode_t previous = ::umask(mask);
        build(out, {{"a/index.html", "x"}});
        build(out, {{"a/index.html", "y"}, {"b/index.html", "z"}});
        ::umask(previous);
        CHECK(mode_of(out) == (0777 & ~mask));
        CHECK(mode_of(out + "/a") == (0777 & ~mask));
        CHECK(mode_of(out + "/b") == (0777 & ~mask));
        CHECK(mode_of(out + "/a/index.html") == (0666 & ~mask));
        CHECK(mode_of(out + "/b/index.html") == (0666 & ~mask));
        CHECK(mode_of(out + "/" + publish::manifest_name) == (0666 & ~mask));
    }
}

TEST_CASE("stale staging folders are removed, a running build's are not") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    write_file(out + "/index.html", "old");
    // Left by a build killed with kill -9: nobody holds its lock.
    write_file(dir.str() + "/.public.kmsite-dead01/index.html", "half");
    write_file(dir.str() + "/.public.kmsite-dead02.old/index.html", "old site");
    // Another output's staging, and an unrelated hidden folder, are not ours.
    write_file(dir.str() + "/.other.kmsite-abcdef/index.html", "x");
    write_file(dir.str() + "/.publicity/index.html", "x");
    CHECK(publish::remove_stale_staging(out) == 2);
    write_file(dir.str() + "/.public.kmsite-dead03/index.html", "half");
    publish::OutputWriter running(out);  // removes stale ones too
    CHECK_FALSE(fs::exists(dir.str() + "/.public.kmsite-dead03"));
    running.put("index.html", "new");  // stages it: the staging folder is locked
    std::string staging;
    for (const auto& e : fs::directory_iterator(dir.path))
        if (e.path().filename().string().rfind(".public.kmsite-staging-", 0) == 0)
            staging = e.path().string();
    REQUIRE(!staging.empty());
    CHECK_FALSE(fs::exists(dir.str() + "/.public.kmsite-dead01"));
    CHECK_FALSE(fs::exists(dir.str() + "/.public.kmsite-dead02.old"));
    CHECK(fs::exists(dir.str() + "/.other.kmsite-abcdef"));
    CHECK(fs::exists(dir.str() + "/.publicity"));
    // A second build at the same time leaves the first one's staging alone.
    publish::OutputWriter second(out);
    CHECK(fs::exists(staging));
    CHECK(publish::remove_stale_staging(out) == 0);
    running.commit();
    CHECK(read_file(out + "/index.html") == "new");
    CHECK_FALSE(fs::exists(staging));
}

TEST_CASE("only kmsite's own staging names are taken for stale, never a user's folder") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    write_file(out + "/index.html", "old");
    write_file(dir.str() + "/.public.kmsite-backup/index.html", "the user's own copy");
    write_file(dir.str() + "/.public.kmsite-a1b2c3d4e5/index.html", "too long a suffix");
    write_file(dir.str() + "/.public.kmsite-ab_cd-ef/index.html", "not letters and digits");
    write_file(dir.str() + "/.public.kmsite-staging-old/index.html", "not eight characters");
    write_file(dir.str() + "/.public.kmsite-staging-a1b2c3d4/index.html", "a killed build's");
    CHECK(publish::remove_stale_staging(out) == 1);
    CHECK_FALSE(fs::exists(dir.str() + "/.public.kmsite-staging-a1b2c3d4"));
    CHECK(fs::exists(dir.str() + "/.public.kmsite-backup/index.html"));
    CHECK(fs::exists(dir.str() + "/.public.kmsite-a1b2c3d4e5/index.html"));
    CHECK(fs::exists(dir.str() + "/.public.kmsite-ab_cd-ef/index.html"));
    CHECK(fs::exists(dir.str() + "/.public.kmsite-staging-old/index.html"));
}

TEST_CASE("a build killed between the two renames of a fallback swap loses nothing") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    // The live site was renamed aside, and the build died before renaming its
    // staging into place: the output is missing.
    write_file(dir.str() + "/.public.kmsite-previous/index.html", "live site");
    write_file(dir.str() + "/.public.kmsite-previous/.git/HEAD", "ref: refs/heads/gh-pages");
    write_file(dir.str() + "/.public.kmsite-staging-a1b2c3d4/index.html", "new, with kept files");
    CHECK(publish::remove_stale_staging(out) == 1);  // the dead staging only
    CHECK(read_file(out + "/index.html") == "live site");
    CHECK(read_file(out + "/.git/HEAD") == "ref: refs/heads/gh-pages");
    CHECK_FALSE(fs::exists(dir.str() + "/.public.kmsite-previous"));
    // Killed after the second rename: the output is there, the previous one is
    // a leftover.
    write_file(dir.str() + "/.public.kmsite-previous/index.html", "older site");
    CHECK(publish::remove_stale_staging(out) == 1);
    CHECK_FALSE(fs::exists(dir.str() + "/.public.kmsite-previous"));
    CHECK(read_file(out + "/index.html") == "live site");
}

TEST_CASE("files kmsite did not write are never touched") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    build(out, {{"index.html", "v1"}, {"old/index.html", "v1"}});
    write_file(out + "/.git/HEAD", "ref: refs/heads/gh-pages\n");
    write_file(out + "/.git/objects/ab/cdef", "blob");
    write_file(out + "/CNAME", "km.example.go.th\n");
    write_file(out + "/.well-known/security.txt", "Contact: mailto:security@example.go.th\n");
    write_file(out + "/old/notes.txt", "a webmaster's file in a kmsite folder\n");
    fs::create_symlink("index.html", out + "/home.html");
    ::chmod((out + "/.git").c_str(), 0750);
    auto cname = stat_of(out + "/CNAME");
    build(out, {{"index.html", "v2"}});
    CHECK(read_file(out + "/index.html") == "v2");
    CHECK_FALSE(fs::exists(out + "/old/index.html"));
    CHECK(read_file(out + "/.git/HEAD") == "ref: refs/heads/gh-pages\n");
    CHECK(read_file(out + "/.git/objects/ab/cdef") == "blob");
    CHECK(mode_of(out + "/.git") == 0750);
    CHECK(stat_of(out + "/CNAME").st_ino == cname.st_ino);
    CHECK(stat_of(out + "/CNAME").st_ctim.tv_nsec == cname.st_ctim.tv_nsec);
    CHECK(read_file(out + "/.well-known/security.txt") ==
          "Contact: mailto:security@example.go.th\n");
    CHECK(read_file(out + "/old/notes.txt") == "a webmaster's file in a kmsite folder\n");
    CHECK(fs::is_symlink(out + "/home.html"));
    auto manifest = *read_file(out + "/" + publish::manifest_name);
    CHECK(manifest.find("CNAME") == std::string::npos);  // kept, not written
    CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("a kept file at a path the build now writes is refused, output unchanged") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    build(out, {{"index.html", "v1"}});
    write_file(out + "/CNAME", "km.example.go.th\n");
    write_file(out + "/kept.txt", "the webmaster's\n");
    for (const char* clash : {"CNAME/index.html", "kept.txt"}) {
        publish::OutputWriter writer(out);
        writer.put("index.html", "v2");
        writer.put(clash, "a page of the site");
        try {
            writer.commit();
            FAIL("no error");
        } catch (const EnvironmentError& e) {
            CHECK(std::string(e.what()).find(clash) != std::string::npos);
            CHECK(std::string(e.what()).find("did not write") != std::string::npos);
        }
    }
    CHECK(read_file(out + "/index.html") == "v1");
    CHECK(read_file(out + "/CNAME") == "km.example.go.th\n");
    CHECK(read_file(out + "/kept.txt") == "the webmaster's\n");
    CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("an output without a manifest keeps only its hidden entries and CNAME") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    write_file(out + "/index.html", "from kmsite 0.1");
    write_file(out + "/stale/index.html", "from kmsite 0.1");
    write_file(out + "/.git/HEAD", "x");
    write_file(out + "/CNAME", "km.example.go.th\n");
    build(out, {{"index.html", "v2"}});
    CHECK(read_file(out + "/index.html") == "v2");
    CHECK_FALSE(fs::exists(out + "/stale"));
    CHECK(fs::exists(out + "/.git/HEAD"));
    CHECK(fs::exists(out + "/CNAME"));
}

TEST_CASE("the manifest survives odd file names and ignores what it cannot trust") {
    std::vector<publish::ManifestEntry> entries;
    for (const char* name : {"a b/ไทย.html", "100%.html", "new\nline.html", "tab\there.html"}) {
        publish::ManifestEntry e;
        e.path = name;
        e.digest = digest(name);
        e.size = 7;
        e.ino = 12345;
        e.mtime_ns = 1700000000123456789;
        e.ctime_ns = 1700000000987654321;
        e.known = true;
        entries.push_back(e);
    }
    auto back = publish::parse_manifest(publish::manifest_text(entries));
    REQUIRE(back.size() == entries.size());
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
    for (std::size_t i = 0; i < back.size(); ++i) {
        CHECK(back[i].path == entries[i].path);
        CHECK(back[i].digest == entries[i].digest);
        CHECK(back[i].ino == 12345);
        CHECK(back[i].mtime_ns == 1700000000123456789);
        CHECK(back[i].known);
    }
    // Outside the output, hidden, or cut short: never trusted.
    auto odd = publish::parse_manifest(
        "# c\n../../etc/passwd\n/abs\n.git/HEAD\nok.html\nshort.html\t00ff\t1\n"
        "bad.html\tzz000000000000000000000000000000\t1\t2\t3\t4\n");
    REQUIRE(odd.size() == 3);
    CHECK(odd[0].path == "ok.html");
    CHECK_FALSE(odd[0].known);  // a manifest of an older kmsite: paths only
    CHECK_FALSE(odd[1].known);
    CHECK_FALSE(odd[2].known);
}

TEST_CASE("outputs that would destroy the site or unrelated files are refused") {
    test::TempDir dir;
    std::string site = dir.str() + "/site";
    fs::create_directories(site + "/content");
    CHECK_THROWS_AS(publish::check_output_path(site, site), EnvironmentError);
    CHECK_THROWS_AS(publish::check_output_path(dir.str(), site), EnvironmentError);
    CHECK_THROWS_AS(publish::check_output_path(site + "/content/x", site), EnvironmentError);
    write_file(dir.str() + "/docs/letter.txt", "keep");
    CHECK_THROWS_AS(publish::check_output_path(dir.str() + "/docs", site), EnvironmentError);
    CHECK_NOTHROW(publish::check_output_path(site + "/public", site));
    write_file(site + "/public/index.html", "previous build");
    CHECK_NOTHROW(publish::check_output_path(site + "/public", site));
}

TEST_CASE("a fresh gh-pages checkout is accepted as an output") {
    test::TempDir dir;
    std::string site = dir.str() + "/site";
    write_file(site + "/public/.git/HEAD", "x");
    write_file(site + "/public/CNAME", "km.example.go.th\n");
    CHECK_NOTHROW(publish::check_output_path(site + "/public", site));
    write_file(site + "/public/letter.txt", "keep");
    CHECK_THROWS_AS(publish::check_output_path(site + "/public", site), EnvironmentError);
}

TEST_CASE("a commit's journal names the paths it moves; one cut short leaves them owned") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    build(out, {{"index.html", "home"}, {"a.html", "a"}});
    std::string pending = out + "/" + publish::pending_name;
    CHECK_FALSE(fs::exists(pending));  // gone once the manifest is written
    auto manifest = *read_file(out + "/" + publish::manifest_name);

    // As a commit killed after its journal and one rename leaves it: a new
    // file in place, the manifest not yet rewritten.
    write_file(out + "/new.html", "new");
    write_file(out + "/a.html", "a, half-way");
    write_file(pending, "# journal\nnew.html\na.html\n");
    {
        publish::OutputWriter writer(out);
        CHECK_FALSE(writer.intact());
        CHECK(writer.manifest_digest() != digest(manifest));  // not the recorded build's
        // A file the journal names is not trusted, even with the old digest.
        CHECK_FALSE(writer.keep("a.html", digest("a")));
        CHECK(writer.keep("index.html", digest("home")));
    }
    // The next build owns new.html (it is kmsite's: removed when not made).
    auto next = build(out, {{"index.html", "home"}, {"a.html", "a"}});
    CHECK(next.removed == 1);
    CHECK_FALSE(fs::exists(out + "/new.html"));
    CHECK(read_file(out + "/a.html") == "a");
    CHECK_FALSE(fs::exists(pending));
    CHECK(build(out, {{"index.html", "home"}, {"a.html", "a"}}).written == 0);
}

TEST_CASE("precompressed copies: made beside text files over 1 KB, kept while their file is") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    std::string page = text_of(5000, "หน้า"), css = text_of(3000, "body"), small = text_of(900, "x");
    std::vector<std::pair<std::string, std::string>> files = {
        {"index.html", page}, {"css/site.css", css}, {"small.html", small}, {"a.png", page}};
    auto first = build_copies(out, files);
    CHECK(first.copies == 4);
    CHECK(first.copies_made == 4);
    CHECK(first.written == 8);
    for (const char* path : {"index.html", "css/site.css"}) {
        std::string file = out + "/" + path;
        REQUIRE(fs::exists(file + ".gz"));
        REQUIRE(fs::exists(file + ".br"));
        CHECK(read_file(file + ".gz") == compress::gzip(*read_file(file)));
        CHECK(read_file(file + ".br") ==
              compress::brotli(*read_file(file), compress::brotli_quality(path, 5000)));
    }
    CHECK_FALSE(fs::exists(out + "/small.html.gz"));  // 1 KB or less
    CHECK_FALSE(fs::exists(out + "/a.png.gz"));       // not text
    auto manifest_text = *read_file(out + "/" + publish::manifest_name);
    CHECK(publish::manifest_precompressed(manifest_text));
    CHECK(manifest_text.find("\nindex.html.br\t") != std::string::npos);  // listed like any file
    auto manifest = stat_of(out + "/" + publish::manifest_name);
    auto page_gz = stat_of(out + "/index.html.gz"), css_br = stat_of(out + "/css/site.css.br");

    // Nothing changed: no copy is made again, nothing at all is written.
    auto same = build_copies(out, files);
    CHECK(same.written == 0);
    CHECK(same.copies == 4);
    CHECK(same.copies_made == 0);
    CHECK(stat_of(out + "/" + publish::manifest_name).st_ino == manifest.st_ino);
    CHECK(stat_of(out + "/index.html.gz").st_ino == page_gz.st_ino);

    // One file changed: its copies alone are made again.
    files[0].second = text_of(5000, "หน้าใหม่");
    auto next = build_copies(out, files);
    CHECK(next.written == 3);
    CHECK(next.copies_made == 2);
    CHECK(stat_of(out + "/index.html.gz").st_ino != page_gz.st_ino);
    CHECK(read_file(out + "/index.html.gz") == compress::gzip(files[0].second));
    CHECK(stat_of(out + "/css/site.css.br").st_ino == css_br.st_ino);
    CHECK(stat_of(out + "/css/site.css.br").st_ctim.tv_nsec == css_br.st_ctim.tv_nsec);

    // A copy changed by hand is made again; one deleted too.
    write_file(out + "/css/site.css.br", "edited");
    fs::remove(out + "/css/site.css.gz");
    auto repaired = build_copies(out, files);
    CHECK(repaired.copies_made == 2);
    CHECK(read_file(out + "/css/site.css.gz") == compress::gzip(css));

    // A file no longer made takes its copies with it; one under 1 KB now has none.
    files.erase(files.begin());
    files[0].second = small;
    auto removed = build_copies(out, files);
    CHECK(removed.removed == 5);  // index.html, its two copies, the CSS's two
    for (const char* gone :
         {"index.html", "index.html.gz", "index.html.br", "css/site.css.gz", "css/site.css.br"})
        CHECK_FALSE(fs::exists(out + "/" + gone));
    CHECK(removed.copies == 0);
}

TEST_CASE("precompressed copies: off removes them; a copy of a build without them is not trusted") {
    test::TempDir dir;
    std::string out = dir.str() + "/public";
    std::string css = text_of(3000, "body");
    build_copies(out, {{"site.css", css}});
    REQUIRE(fs::exists(out + "/site.css.br"));
    auto off = build_copies(out, {{"site.css", css}}, false);
    CHECK(off.removed == 2);
    CHECK(off.copies == 0);
    CHECK_FALSE(fs::exists(out + "/site.css.gz"));
    CHECK_FALSE(publish::manifest_precompressed(*read_file(out + "/" + publish::manifest_name)));

    // Without precompression a build may write a file of a copy's name
    // (content's own site.css.gz). Turned on again, that file is not taken
    // for the copy, though site.css has the manifest's digest still.
    build_copies(out, {{"site.css", css}, {"site.css.gz", "an author's file"}}, false);
    auto on = build_copies(out, {{"site.css", css}});
    CHECK(on.copies_made == 2);
    CHECK(read_file(out + "/site.css.gz") == compress::gzip(css));

    // A file written under a copy's name while copies are made is a bug of
    // the caller (the build claims those names): refused, output unchanged.
    {
        publish::OutputWriter writer(out);
        writer.put("site.css", css);
        writer.put("site.css.gz", "not a copy");
        writer.precompress(true, 2);
        CHECK_THROWS_AS(writer.commit(), EnvironmentError);
    }
    CHECK(read_file(out + "/site.css.gz") == compress::gzip(css));
}

TEST_CASE("precompressed copies: the same output with any number of jobs") {
    test::TempDir dir;
    std::vector<std::pair<std::string, std::string>> files;
    for (int i = 0; i < 40; ++i)
        files.emplace_back("p" + std::to_string(i) + ".html", text_of(1000 + 300 * i, "หน้า"));
    build_copies(dir.str() + "/one", files, true, 1);
    build_copies(dir.str() + "/four", files, true, 4);
    auto listing = [](const std::string& out) {
        std::string all;
        auto paths = list_files(out);
        std::sort(paths.begin(), paths.end());
        for (const auto& p : paths)
            if (p != publish::manifest_name)
                all += p + "\t" + digest(*read_file(out + "/" + p)).hex() + "\n";
        return all;
    };
    CHECK(listing(dir.str() + "/one") == listing(dir.str() + "/four"));
    CHECK(listing(dir.str() + "/one").find("p39.html.br") != std::string::npos);
}
