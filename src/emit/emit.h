// emit: makes the files of the built site — pages, theme and content files,
// gallery pictures, sitemap.xml, RSS and Atom feeds, robots.txt, open data,
// the search index — and hands each to a FileSink (a folder, or memory).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "render/render.h"
#include "search/search.h"
#include "site/site.h"
#include "source/source.h"

namespace kmsite::emit {

struct EmitStats {
    std::size_t documents = 0;         // HTML pages
    std::size_t files = 0;             // everything written
    std::vector<std::string> written;  // paths of everything written, in the site
    std::size_t indexed = 0;           // pages in the search index
    double pages_seconds = 0;          // rendering and writing pages
    double search_seconds =
        0;  // merging and writing the search index (its pages' analyses are in pages_seconds)
    double search_wait_seconds = 0;  // of which the other files waited for at the end
};

// Every file goes to `sink`, under a path checked to stay inside the site
// and to have been claimed (site::OutputClaims). After writing, root-relative
// links in page bodies are checked against what was written.
// `on_file`, when given, sees every file as it is written (path in the
// site, bytes), on the writing threads.
struct FileHook {
    std::function<void(const std::string& file, std::string_view data)> made;
    // A page the sink kept as it is (FileSink::keep, with the digest the
    // renderer knew for it), not made again: true when the hook knows it by
    // its digest alone; false has it rendered and handed to `made` after all.
    std::function<bool(const std::string& file, const Digest& digest)> kept;
};
// `drop_body`, when given, is called once for each page whose body HTML
// nothing will read again: its page is rendered, its search analysis made,
// and no other document shows it (a section's intro, the home page). A
// single build lets the body go there (35-77 MB at 10,000 pages), as the
// pages stream through render and search, instead of at the end.
// `extra` files are made by later stages from the site (the Decap CMS admin,
// src/admin) and written as they are; each must have been claimed.
// The redirect maps (emit/redirects.cpp), written by every build: each
// alias as a 301, for Netlify and Cloudflare Pages (`_redirects` at the root)
// and as includes for the nginx, Apache and Caddy recipes in `_kmsite/`, a
// folder the build claims whole (content cannot put a file there, and the
// recipes refuse to serve it or `_redirects`). With no alias they hold no rule,
// so a server's include never points at a missing file.
inline constexpr const char* generated_folder = "_kmsite/";
inline constexpr const char* redirect_files[] = {"_redirects", "_kmsite/redirects.nginx.conf",
                                                 "_kmsite/redirects.apache.conf",
                                                 "_kmsite/redirects.caddy"};

using ExtraFiles = std::vector<std::pair<std::string, std::shared_ptr<const std::string>>>;
EmitStats emit_site(const site::Site& site, const images::Pictures& pictures,
                    const render::Renderer& renderer, const source::SourceTree& tree,
                    FileSink& sink, unsigned jobs, Diagnostics& diagnostics,
                    const FileHook& on_file = {}, search::SearchCache* search_cache = nullptr,
                    const std::function<void(std::size_t page)>& drop_body = {},
                    const ExtraFiles& extra = {});

}  // namespace kmsite::emit
