// emit: writes the built site — pages, theme and content files, sitemap.xml,
// RSS and Atom feeds, robots.txt — into an output directory.
#pragma once

#include <string>

#include "render/render.h"
#include "site/site.h"
#include "source/source.h"

namespace kmsite::emit {

struct EmitStats {
    std::size_t documents = 0;  // HTML pages
    std::size_t files = 0;      // everything written
    std::size_t indexed = 0;    // pages in the search index
    double pages_seconds = 0;   // rendering and writing pages
    double search_seconds = 0;  // building and writing the search index
};

// Writes into `out_dir`, which must exist and be empty (publish makes a staging
// directory). Nothing is written outside it. After writing, root-relative links
// in page bodies are checked against what was written.
EmitStats emit_site(const site::Site& site, const render::Renderer& renderer,
                    const source::SourceTree& tree, const std::string& out_dir, unsigned jobs,
                    Diagnostics& diagnostics);

}  // namespace kmsite::emit
