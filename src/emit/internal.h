// Private to the emit stage.
#pragma once

#include <algorithm>
#include <mutex>
#include <set>

#include "emit/emit.h"

namespace kmsite::emit {

// The only way emit writes: every path is checked to stay inside the root and,
// given the site's claim table, to have been claimed (site::OutputClaims), so a
// writer that forgot to claim its files fails the build instead of silently
// replacing someone else's.
class OutputDir {
  public:
    OutputDir(FileSink& sink, Diagnostics& diagnostics, const site::OutputClaims* claims = nullptr,
              const FileHook* on_file = nullptr);
    bool write(const std::string& rel_path, std::string_view data);
    bool write(const std::string& rel_path, std::shared_ptr<const std::string> data);
    // The file is made again with the bytes of `digest`: true when the sink
    // still holds them (and the hook knows them), so nothing need be written.
    bool keep(const std::string& rel_path, const Digest& digest);
    bool exists(const std::string& rel_path) const;
    std::size_t count() const;
    std::vector<std::string> files() const;

  private:
    FileSink& sink_;
    Diagnostics& diagnostics_;
    const site::OutputClaims* claims_;
    const FileHook* on_file_;
    bool check(const std::string& rel_path, std::string* normal);

    mutable std::mutex mutex_;
    std::set<std::string> written_;
};

// Percent-encodes what a URL in XML may not hold raw (Thai letters, spaces).
std::string encode_url(const std::string& url);

// One alias as a redirect: decoded site paths with the base path ("/km/old/ก/").
struct Redirect {
    std::string from, to;
};
// Every alias of the site (and a folder alias without its final slash), by path.
std::vector<Redirect> site_redirects(const site::Site& site);
std::string redirects_netlify(const std::vector<Redirect>& redirects);  // _redirects
std::string redirects_nginx(const std::vector<Redirect>& redirects);    // a map block
std::string redirects_apache(const std::vector<Redirect>& redirects);   // RewriteRule lines
std::string redirects_caddy(const std::vector<Redirect>& redirects);    // redir lines
void write_redirects(const site::Site& site, OutputDir& out);

void write_sitemaps(const site::Site& site, const images::Pictures& pictures, OutputDir& out);
void write_open_data(const site::Site& site, OutputDir& out);
void write_feeds(const site::Site& site, OutputDir& out);
// The site's identity files (site::Identity::files): the logo's copy, the
// icons, the web app manifest.
void write_identity(const site::Site& site, const source::SourceTree& tree,
                    const render::ThemeColors& colors, OutputDir& out, Diagnostics& diagnostics);
// The web app manifest (manifest.webmanifest): the site's name, language,
// start address, the theme's colours and the logo and icon.
std::string web_manifest(const site::Site& site, const render::ThemeColors& colors);

}  // namespace kmsite::emit
