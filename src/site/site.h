// site: the whole site as data — sections, taxonomies, menus, translations and
// the list of every HTML document to produce, with URL conflicts caught.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config/config.h"
#include "content/content.h"
#include "images/images.h"

namespace kmsite::site {

constexpr std::size_t none = static_cast<std::size_t>(-1);

struct Section {
    std::string key;  // "sop", "en/sop"
    std::string lang;
    std::string url;  // "sop/"
    std::string title;
    std::string description;
    std::size_t index_page = none;      // its _index.md, if any
    std::vector<std::size_t> pages;     // sorted: weight, newest first, then ก-ฮ
    std::vector<std::size_t> by_title;  // ก-ฮ (ICU Thai collation), for its A-Z index
    bool has_az_index = false;          // sections of SOPs and articles get one
};

struct Term {
    std::string name;
    std::string url;
    std::vector<std::size_t> pages;  // newest first
};

struct Taxonomy {
    std::string key;          // "tags", "office", "fiscal_year"
    std::string url;          // "tags/"
    std::vector<Term> terms;  // ก-ฮ (fiscal years newest first)
};

struct MenuEntry {
    std::string name, name_en;
    std::string href;  // ready to use: base path applied, or external
    std::string url;   // site-relative when internal, to mark the current page
    int line = 0;      // of a `url:` item in site.yaml, to check it leads somewhere
};

enum class DocKind {
    page,
    home,
    section,
    taxonomy,
    term,
    az_index,
    search,
    compliance,
    html_sitemap,
    not_found,
    alias,
    image  // one picture of a gallery page, with its long description
};

// One HTML file to write.
struct Document {
    DocKind kind = DocKind::page;
    std::string url;  // site-relative: "sop/", "sop/page/2/", "404.html"
    std::string lang;
    std::size_t page = none;      // page, home (its _index.md), alias target, section index
    std::size_t section = none;   // section
    std::size_t taxonomy = none;  // taxonomy, term
    std::size_t term = none;      // term
    std::size_t image = none;     // image: index in the gallery page's images
    int page_number = 1, page_count = 1;
    std::vector<std::size_t> items;  // pages listed on this document
};

// Who writes each output file. Every writer of the output claims its files
// here before anything is written (pages, theme files, content files, gallery
// pictures, feeds, sitemaps, the search index, open data, robots.txt), and the
// emit stage writes only claimed files; a second claimant of a file is an
// error naming both sources, so content can never replace the theme's
// js/display.js or a generated robots.txt, nor be silently overwritten.
class OutputClaims {
  public:
    // Claims one file (site-relative, "css/site.css") for `who`: a source path
    // ("content/a.md", "themes/default/static/css/site.css") or a description of
    // what generates it. False, with an error, when someone else has it.
    bool claim(const std::string& file, const std::string& who, Diagnostics& diagnostics);
    // Claims every file whose path starts with `prefix` and ends with `suffix`
    // (the search index's "search/*.json", "sitemap-*.xml").
    bool claim_pattern(const std::string& prefix, const std::string& suffix, const std::string& who,
                       Diagnostics& diagnostics);
    // `who` takes over a file that `from` claimed (a plan's CSV, published in
    // its checked form); anyone else holding it is a conflict as usual.
    bool take_over(const std::string& file, const std::string& from, const std::string& who,
                   Diagnostics& diagnostics);
    // Who claimed `file` (exactly or by pattern), or nullptr.
    const std::string* owner(const std::string& file) const;
    // For every file (and pattern) claimed so far that `eligible` accepts,
    // the same name with each suffix, for `describe(file)`: the .gz and .br
    // copies a build makes of its text files (src/compress), so content
    // cannot take a name a web server reads as another file compressed.
    void claim_alongside(const std::function<bool(std::string_view)>& eligible,
                         const std::vector<std::string>& suffixes,
                         const std::function<std::string(const std::string&)>& describe,
                         Diagnostics& diagnostics);

  private:
    // `case_warning`: whether a name that differs from another only in
    // letter case is reported (not again for a copy of a reported file).
    bool claim_file(const std::string& file, const std::string& who, bool case_warning,
                    Diagnostics& diagnostics);
    void conflict(const std::string& file, const std::string& first, const std::string& second,
                  Diagnostics& diagnostics) const;
    struct Pattern {
        std::string prefix, suffix, who;
    };
    std::map<std::string, std::string> files_;
    std::vector<Pattern> patterns_;
    std::map<std::string, std::string> folded_;  // lowercased path -> first spelling
};

// A file of the site's identity that kmsite writes under a name it owns
// (site/identity.cpp claims it; emit writes it).
struct IdentityFile {
    enum class Make {
        copy,           // the bytes of `source` (the logo; an SVG logo as favicon.svg)
        ico_from_png,   // `source`, a PNG, wrapped as an ICO (favicon.ico)
        drawn_favicon,  // favicon_svg(): the office's initial
        manifest,       // the web app manifest (emit/identity.cpp)
    };
    std::string url;     // site-relative: "logo.svg", "favicon.ico"
    std::string source;  // "content/images/logo.png"; "" for what is drawn or made
    Make make = Make::copy;
};

// Who the site is, as browsers and link previews show it: the office's
// logo in every page's header, the icon of its tabs and bookmarks, and the
// web app manifest. Chosen by choose_identity from site.yaml's logo: and
// favicon:.
struct Identity {
    std::string logo_url;                 // kmsite's copy of the logo ("logo.svg"); "" for none
    std::string logo_source;              // "content/images/logo.svg"
    std::string logo_type;                // "image/svg+xml" or "image/png"
    int logo_width = 0, logo_height = 0;  // CSS pixels; an SVG's are 0 when it does not say
    // The icon every page links to (site-relative) and its type ("" when the
    // browser must tell, an ICO); its size, 0 for an SVG (any size).
    std::string icon_url, icon_type;
    int icon_width = 0, icon_height = 0;
    std::string manifest_url;  // "manifest.webmanifest"
    std::vector<IdentityFile> files;
};

struct Site {
    config::SiteConfig config;
    std::vector<content::Page> pages;
    std::vector<content::Asset> assets;
    std::vector<Section> sections;
    std::vector<Taxonomy> taxonomies;
    std::map<std::string, std::vector<MenuEntry>> menus;
    std::map<std::string, std::vector<std::size_t>> translations;  // translation_key -> pages
    std::map<std::string, std::string> homes;  // language -> its home page's URL
    std::vector<std::size_t> by_date;          // regular pages, newest first (home, feeds)
    int copyright_year = 0;                    // Gregorian year of the newest change
    std::vector<Document> documents;           // sorted by url
    std::int64_t newest_lastmod = 0;
    // Every output file and who writes it; build_site claims what it plans,
    // the theme's files and the pictures are claimed once they are known.
    OutputClaims outputs;
    Identity identity;

    std::string href(const std::string& url) const { return config.base_path + url; }
    std::string absolute(const std::string& url) const { return config.base_url + url; }
    // Output file of a site URL: "sop/" -> "sop/index.html".
    static std::string output_file(const std::string& url);
    bool is_regular(std::size_t page) const;
    // Last change of what a document shows (a list: its newest page).
    std::int64_t document_lastmod(const Document& doc) const;
    // What the images stage should make: each gallery picture once.
    std::vector<images::Job> picture_jobs() const;
    // Claims the files of the made pictures (after the images stage).
    void claim_pictures(const images::Pictures& pictures, Diagnostics& diagnostics);
};

Site build_site(config::SiteConfig config, content::ContentSet content, Diagnostics& diagnostics);
// Menu links to site addresses that no output file answers: one error each
// at its site.yaml line. After every output is claimed (build::Builder).
void check_menu_urls(const Site& site, Diagnostics& diagnostics);
// The logo, the icon and the manifest (site/identity.cpp), from site.yaml's
// logo: and favicon: and the files of `tree`: each file checked (an SVG logo
// as content/ pictures are, and without links; a PNG by its header), and
// what kmsite writes for them claimed. A file that is missing, refused or
// unreadable is an error at its site.yaml line. After build_site.
void choose_identity(Site& site, const source::SourceTree& tree, Diagnostics& diagnostics);
// The favicon kmsite draws when there is neither favicon: nor logo: the
// first letter of the office's (or site's) name, white on the theme's blue.
std::string favicon_svg(const Site& site);

}  // namespace kmsite::site
