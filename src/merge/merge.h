// merge: several offices' built sites as one portal, without rebuilding
// anyone's pages (`kmsite merge`). The first site is the host (a province's
// or a ministry's own portal): its files are the merged output's, except
// that its search index covers every site's pages and its sitemap.xml
// becomes a sitemap index listing every site's sitemaps.
#pragma once

#include <string>
#include <vector>

#include "core/core.h"
#include "search/search.h"

namespace kmsite::merge {

struct Options {
    std::vector<std::string> sites;  // output folders of `kmsite build`, the host first
    unsigned jobs = 1;
};

struct Result {
    std::vector<search::MergedSite> sites;
    std::size_t documents = 0;  // in the merged search index
    std::size_t sitemaps = 0;   // listed in the sitemap index
    // The host was built with .gz and .br copies (its manifest says so):
    // the merged output gets them too, made again for what the merge
    // changes (publish::OutputWriter::precompress).
    bool precompressed = false;
};

// Writes the merged portal to `out`. Problems with an input (not a build's
// output, a damaged index) are errors in `diagnostics`; storage problems
// throw EnvironmentError.
Result merge_sites(const Options& options, FileSink& out, Diagnostics& diagnostics);

}  // namespace kmsite::merge
