#include "deploy/deploy.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace kmsite;

namespace {

config::PublishTarget s3(const std::string& text) {
    std::string why;
    auto t = config::parse_publish_target(text, why);
    REQUIRE(t);
    return *t;
}

bool has(const std::vector<std::string>& argv, const std::string& arg) {
    return std::find(argv.begin(), argv.end(), arg) != argv.end();
}

}  // namespace

TEST_CASE("media types: text with charset=utf-8, by extension in any case") {
    CHECK(media_type("index.html") == "text/html; charset=utf-8");
    CHECK(media_type("a/B.CSS") == "text/css; charset=utf-8");
    CHECK(media_type("search/meta.json") == "application/json; charset=utf-8");
    CHECK(media_type("data/plan.csv") == "text/csv; charset=utf-8");
    CHECK(media_type("fonts/Loma.0123456789abcdef.woff") == "font/woff");
    CHECK(media_type("files/report.docx") ==
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    CHECK(media_type("files/data.csv.gz") == "application/gzip");
    CHECK(media_type("README") == "application/octet-stream");
    CHECK(media_type(".hidden") == "application/octet-stream");
    CHECK(media_type("x.unknown") == "application/octet-stream");
}

TEST_CASE("s3 headers: immutable only for hashed names under css, js, fonts, search") {
    const std::string year = "public, max-age=31536000, immutable", day = "public, max-age=86400";
    for (const char* p :
         {"css/site.0123456789abcdef.css", "js/search.fedcba9876543210.js",
          "fonts/Loma.00112233445566ff.woff", "search/c-0123456789abcdef.json",
          "search/vocab-0123456789abcdef.json", "search/filter-0123456789abcdef.json",
          "search/f/0123456789abcdef/12.json"})
        CHECK_MESSAGE(deploy::s3_headers(p).cache_control == year, p);
    for (const char* p : {"css/site.css", "js/search.js", "fonts/Loma.woff", "search/meta.json",
                          "search/c-0123456789ABCDEF.json", "search/c-0123456789abcde.json",
                          "articles/0123456789abcdef.html", "0123456789abcdef/index.html",
                          "css/x0123456789abcdef.css", "index.html", "sitemap.xml", "robots.txt",
                          "favicon.svg", "index.xml", "open-data/plan.csv"})
        CHECK_MESSAGE(deploy::s3_headers(p).cache_control == "no-cache", p);
    for (const char* p : {"images/a.png", "gallery/ภาพ/b.JPG", "g/c.webp", "favicon.ico", "x.avif"})
        CHECK_MESSAGE(deploy::s3_headers(p).cache_control == day, p);
    CHECK(deploy::s3_headers("css/site.0123456789abcdef.css").content_type ==
          "text/css; charset=utf-8");
    CHECK(deploy::s3_headers("articles/a/index.html").content_type == "text/html; charset=utf-8");
}

TEST_CASE("s3 rclone argv: no shell words, no config file, never creates the bucket") {
    auto t = s3("s3:km-bucket/sites/a;$(id)`id`");
    CHECK(deploy::rclone_remote(t) == ":s3:km-bucket/sites/a;$(id)`id`");
    deploy::Options o;
    o.out = "/tmp/out";
    auto up =
        deploy::rclone_upload_argv(t, o, {"text/html; charset=utf-8", "no-cache"}, "/tmp/list");
    const std::vector<std::string> want = {"rclone",
                                           "copy",
                                           "--checksum",
                                           "--no-traverse",
                                           "--files-from-raw",
                                           "/tmp/list",
                                           "--header-upload",
                                           "Content-Type: text/html; charset=utf-8",
                                           "--header-upload",
                                           "Cache-Control: no-cache",
                                           "/tmp/out/",
                                           ":s3:km-bucket/sites/a;$(id)`id`",
                                           "--config",
                                           "/dev/null",
                                           "--s3-no-check-bucket"};
    CHECK(up == want);
    auto del = deploy::rclone_delete_argv(t, o, "/tmp/del");
    CHECK_FALSE(has(del, "--max-delete=3"));
    o.max_deletes = 3;
    del = deploy::rclone_delete_argv(t, o, "/tmp/del");
    CHECK(del[1] == "delete");
    CHECK(has(del, "--max-delete=3"));
    CHECK(has(del, "--no-traverse"));  // else rclone 1.60 skips names in subfolders
    CHECK(del.back() == ":s3:km-bucket/sites/a;$(id)`id`");
    auto remote = deploy::rclone_list_argv(":s3:km-bucket", "");
    CHECK(has(remote, "--fast-list"));
    CHECK(remote.back() == ":s3:km-bucket");
    auto local = deploy::rclone_list_argv("/tmp/out/", "/tmp/built");
    CHECK(has(local, "/tmp/built"));
    CHECK_FALSE(has(local, "--fast-list"));
}

TEST_CASE("s3 rclone environment: the user's settings, completed") {
    const char* env[] = {"PATH=/usr/bin", "AWS_CA_BUNDLE=/etc/ca.pem", "HOME=/root", nullptr};
    CHECK(deploy::rclone_environment(env) == std::vector<std::string>{"PATH=/usr/bin", "HOME=/root",
                                                                      "RCLONE_CA_CERT=/etc/ca.pem",
                                                                      "RCLONE_S3_PROVIDER=AWS"});
    const char* mine[] = {"RCLONE_CA_CERT=/mine.pem", "AWS_CA_BUNDLE=/etc/ca.pem",
                          "RCLONE_S3_ENDPOINT=https://s3.example.go.th", nullptr};
    CHECK(deploy::rclone_environment(mine) ==
          std::vector<std::string>{"RCLONE_CA_CERT=/mine.pem",
                                   "RCLONE_S3_ENDPOINT=https://s3.example.go.th",
                                   "RCLONE_S3_PROVIDER=Other"});
    // AWS's variables turn on env_auth; with none, rclone never looks for
    // an instance role; the user's own choice stays.
    const char* aws[] = {"AWS_ACCESS_KEY_ID=x", "AWS_SECRET_ACCESS_KEY=y", nullptr};
    CHECK(deploy::rclone_environment(aws) ==
          std::vector<std::string>{"AWS_ACCESS_KEY_ID=x", "AWS_SECRET_ACCESS_KEY=y",
                                   "RCLONE_S3_ENV_AUTH=true", "RCLONE_S3_PROVIDER=AWS"});
    const char* keys[] = {"RCLONE_S3_ACCESS_KEY_ID=x", "RCLONE_S3_PROVIDER=Minio", nullptr};
    CHECK(deploy::rclone_environment(keys) ==
          std::vector<std::string>{"RCLONE_S3_ACCESS_KEY_ID=x", "RCLONE_S3_PROVIDER=Minio"});
    const char* off[] = {"AWS_PROFILE=km", "RCLONE_S3_ENV_AUTH=false", "RCLONE_S3_PROVIDER=AWS",
                         nullptr};
    CHECK(deploy::rclone_environment(off) == std::vector<std::string>{"AWS_PROFILE=km",
                                                                      "RCLONE_S3_ENV_AUTH=false",
                                                                      "RCLONE_S3_PROVIDER=AWS"});
}
