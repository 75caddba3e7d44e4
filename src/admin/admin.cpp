// The admin page, where Decap's script is found, and the policy /admin/ is
// served with. config.yml is made in decap_config.cpp.
#include "admin/admin.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "core/core.h"

namespace kmsite::admin {

namespace fs = std::filesystem;

namespace {

// What a build's input key holds of the script: a new version installed by
// npm (another size or time) is a new input, without reading 5 MB each build.
std::string identity_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "";
    return path + "|" + std::to_string(st.st_size) + "|" + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec) + "|" + std::to_string(st.st_ino);
}

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// "https://gitlab.example.go.th/api/v4" -> "https://gitlab.example.go.th"
std::string origin_of(const std::string& url) {
    auto scheme = url.find("://");
    if (scheme == std::string::npos) return "";
    auto end = url.find_first_of("/?#", scheme + 3);
    return url.substr(0, end);
}

}  // namespace

Decap find_decap(const std::string& source_root) {
    Decap d;
    if (const char* env = std::getenv(decap_env); env && *env) {
        fs::path p(env);
        std::error_code ec;
        if (fs::is_directory(p, ec)) p /= "dist/decap-cms.js";
        d.path = p.string();
        d.found = is_file(p);
        if (d.found) d.identity = identity_of(d.path);
        return d;
    }
    std::error_code ec;
    fs::path dir = fs::absolute(source_root, ec).lexically_normal();
    for (;;) {
        fs::path candidate = dir / "node_modules" / decap_script;
        if (d.path.empty()) d.path = candidate.string();  // the one npm install would make
        if (is_file(candidate)) {
            d.path = candidate.string();
            d.found = true;
            d.identity = identity_of(d.path);
            return d;
        }
        if (!dir.has_relative_path() || dir == dir.parent_path()) break;
        dir = dir.parent_path();
    }
    return d;
}

std::string missing_decap_message(const Decap& decap, const std::string& source) {
    std::error_code ec;
    const std::string source_root = fs::absolute(source, ec).lexically_normal().string();
    if (const char* env = std::getenv(decap_env); env && *env) {
        return std::string("site.yaml turns on the admin (admin:), but ") + decap_env + " names " +
               decap.path + ", which is not Decap CMS's script: point it at decap-cms/dist/" +
               "decap-cms.js of npm's decap-cms package / " + decap_env + " ไม่ได้ชี้ไปที่ไฟล์ " +
               "decap-cms.js ของแพ็กเกจ decap-cms ให้แก้ให้ชี้ไปที่ decap-cms/dist/decap-cms.js";
    }
    return "site.yaml turns on the admin (admin:), but Decap CMS is not installed: run `npm "
           "install --save-dev decap-cms` in " +
           source_root + " (kmsite looks for node_modules/" + decap_script +
           " there and in the folders above it, or where " + decap_env +
           " says) / เปิดหน้าแก้ไขเนื้อหา (admin:) ไว้ แต่ยังไม่ได้ติดตั้ง Decap CMS ให้สั่ง `npm install "
           "--save-dev decap-cms` ในโฟลเดอร์ " +
           source_root;
}

std::string index_html(const site::Site& site) {
    const auto& c = site.config;
    std::string lang = c.language;
    std::string title = "แก้ไขเนื้อหา | " + c.title;
    // Every value is the site's own text, escaped as everywhere else.
    return "<!DOCTYPE html>\n<html lang=\"" + xml_escape(lang) +
           "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
           "<title>" +
           xml_escape(title) +
           "</title>\n"
           "<link rel=\"cms-config-url\" type=\"text/yaml\" href=\"config.yml\">\n"
           "</head>\n<body>\n"
           "<noscript><p>หน้าแก้ไขเนื้อหาต้องใช้ JavaScript โปรดเปิดใช้ในเบราว์เซอร์ / "
           "The editor needs JavaScript; please turn it on.</p></noscript>\n"
           "<script src=\"decap-cms.js\"></script>\n"
           "</body>\n</html>\n";
}

std::string content_security_policy(const config::AdminConfig& admin) {
    // Where Decap's fetch() goes: the Git host's API (each backend's default
    // when site.yaml gives none) and the OAuth server it trades a code at.
    std::set<std::string> connect;
    auto add = [&](const std::string& url) {
        if (auto o = origin_of(url); !o.empty()) connect.insert(o);
    };
    const std::string& b = admin.backend;
    if (b == "gitlab") {
        add(admin.api_root.empty() ? "https://gitlab.com/api/v4" : admin.api_root);
        add(admin.base_url.empty() ? "https://gitlab.com" : admin.base_url);
    } else if (b == "github") {
        add(admin.api_root.empty() ? "https://api.github.com" : admin.api_root);
        if (!admin.base_url.empty()) add(admin.base_url);
    } else if (b == "gitea") {
        add(admin.api_root.empty() ? "https://try.gitea.io/api/v1" : admin.api_root);
        if (!admin.base_url.empty()) add(admin.base_url);
    } else if (b == "bitbucket") {
        add(admin.api_root.empty() ? "https://api.bitbucket.org/2.0" : admin.api_root);
        add("https://bitbucket.org");
        if (!admin.base_url.empty()) add(admin.base_url);
    }
    if (!admin.local_backend.empty()) add(admin.local_backend);
    // blob: too: Decap reads the pictures an editor picks (and the media it
    // fetched) back from blob: URLs with fetch().
    std::string sources = "'self' blob:";
    for (const auto& o : connect) sources += " " + o;
    return "default-src 'self'; script-src 'self' 'unsafe-eval'; "
           "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
           "connect-src " +
           sources + "; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
}

}  // namespace kmsite::admin
