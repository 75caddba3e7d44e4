// emit: writes the built site — pages, theme and content files, sitemap.xml,
// RSS and Atom feeds, robots.txt — into an output directory.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "render/render.h"
#include "site/site.h"
#include "source/source.h"

namespace kmsite::emit {

struct EmitStats {
    std::size_t documents = 0;         // HTML pages
    std::size_t files = 0;             // everything written
    std::vector<std::string> written;  // paths of everything written, in the site
    std::size_t indexed = 0;           // pages in the search index
    double pages_seconds = 0;          // rendering and writing pages
    double search_seconds = 0;         // building and writing the search index
};

// Writes into `out_dir`, which must exist and be empty (publish makes a staging
// directory). Nothing is written outside it. After writing, root-relative links
// in page bodies are checked against what was written.
// `on_page`, when given, sees every rendered page as it is written (path in
// the site, HTML), on the writing threads.
using PageHook = std::function<void(const std::string& file, std::string_view html)>;
EmitStats emit_site(const site::Site& site, const render::Renderer& renderer,
                    const source::SourceTree& tree, const std::string& out_dir, unsigned jobs,
                    Diagnostics& diagnostics, const PageHook& on_page = {});

}  // namespace kmsite::emit
