// admin: the Decap CMS admin at /admin/ (site.yaml's `admin:`), with which
// office staff edit pages in a browser: its page, a config.yml made from the
// site's sections and kinds, and Decap's own script, copied from npm's
// decap-cms package on this machine (no third-party CDN at run time).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "site/site.h"

namespace kmsite::admin {

// Where Decap's script is looked for: $KMSITE_DECAP_CMS (the script, or the
// decap-cms package folder) when set, else node_modules/decap-cms/dist/ in the
// site's folder or any folder above it, as Node finds packages.
inline constexpr const char* decap_env = "KMSITE_DECAP_CMS";
inline constexpr const char* decap_script = "decap-cms/dist/decap-cms.js";

struct Decap {
    std::string path;      // the script found, or the place looked at last
    bool found = false;    // false: the error says what was tried
    std::string identity;  // path, size and modification time: part of a build's input key
};
Decap find_decap(const std::string& source_root);
// The error of an admin without Decap, in Thai and English, with the npm
// command that installs it.
std::string missing_decap_message(const Decap& decap, const std::string& source_root);

// The files of /admin/, site-relative, when site.yaml turns the admin on.
inline constexpr const char* admin_files[] = {"admin/index.html", "admin/config.yml",
                                              "admin/decap-cms.js"};
// Decap's config.yml: the backend of site.yaml's `admin:`, and one folder
// collection per section with the fields of its kind (Thai labels, English
// hints); plans and galleries are folders (index.md with their files beside).
std::string decap_config(const site::Site& site);
// The admin page: Decap's script from the same folder, no inline script (so
// a Content-Security-Policy without 'unsafe-inline' for scripts holds),
// marked noindex so that it is no page of the published site.
std::string index_html(const site::Site& site);
// The Content-Security-Policy /admin/ needs: Decap validates its config with
// generated code ('unsafe-eval'), styles its React components with inline
// <style> ('unsafe-inline'), shows and reads media from blob: and data: URLs,
// and talks to the Git host's API (and to decap-server on this computer).
// Found in Chromium by tests/browser/admin.test.mjs, which fails on any
// violation of it.
std::string content_security_policy(const config::AdminConfig& admin);

}  // namespace kmsite::admin
