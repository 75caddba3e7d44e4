// search: the build-time search index. Pages are segmented into Thai words
// with ICU, and the index is split so that a query downloads only the chunks
// holding its words plus the fragments of the results it shows.
//
// Files, all under search/ (the client, themes/default/static/js/search.js,
// reads the same format):
//   meta.json            stable name: chunk boundaries, per-document info, filters,
//                        the fragment groups' names
//   c-<hash>.json        term chunks: {"term": [doc postings...]}
//   f/<group>/<doc>.json one fragment per document: url, title, text for excerpts;
//                        a folder per 64 documents, named by their fragments' hash
//   filter-<hash>.json   for each filter (kind, office, fiscal_year, tag): value -> docs
//   vocab-<hash>.json    every term, for browsers that cannot segment Thai themselves
//   v-<hash>.json        spelling variants: key -> the terms that share it (thai::spelling_key)
// Every <hash> is 16 hex digits of the file's bytes (of the group's files for
// f/): no name is ever used for other bytes, so servers may cache them all
// `immutable` but meta.json.
// meta.json also says which site the index is of (title, base URL), which
// `kmsite merge` needs to combine the indexes of several sites.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "site/site.h"

namespace kmsite::search {

// Receives each file as it is made (site-relative path, contents); called from
// several threads at once.
using Writer = std::function<void(const std::string& path, std::string_view data)>;
// Asks the output to keep the file at `path` if it holds the bytes whose
// digest is given (FileSink::keep); false: the caller writes them.
using Keeper = std::function<bool(const std::string& path, const Digest& digest)>;

// What the index of the last build leaves for the next, so that Thai word
// breaking, most of the index's time, runs only for pages that changed
// (keyed by each page's fingerprint, its URL and the settings the analysis
// reads). `kmsite serve` keeps each page's analysis (its words, positions,
// fragment and filters) in memory. Runs of `kmsite build` keep only the
// merged index in the cache folder: a changed page's last analysis is read
// back from the postings, and when pages were added or removed the
// unchanged pages' entries are renumbered rather than analysed again.
class SearchCache {
  public:
    SearchCache();
    ~SearchCache();
    SearchCache(const SearchCache&) = delete;
    SearchCache& operator=(const SearchCache&) = delete;
    std::size_t analysed() const;  // in the last build
    std::size_t reused() const;
    // Term chunks of the last build made anew and kept from the build before
    // (serve updates the index in place when few pages changed).
    std::size_t chunks_made() const;
    std::size_t chunks_kept() const;
    // A single build: the index the last run left in the cache folder `dir`
    // (core/serial.h: files written by another binary, or not whole, are not
    // read).
    void load(const std::string& dir, const Digest& binary);
    void clear();  // forgets every analysis
    // A single build: the index is saved to `dir` once written, and each
    // analysis merged into it as it is made, then let go.
    void save_after_analysis(std::string dir, const Digest& binary);

    struct Impl;  // defined in index.cpp

  private:
    friend class IndexBuilder;
    std::unique_ptr<Impl> impl_;
};

// One site of a merged index.
struct MergedSite {
    std::string title, url;  // as its index says (site.yaml's title and base_url)
    std::size_t docs = 0;
};

// `kmsite merge`: the search indexes of several built sites (their output
// folders, the first the host whose search page uses the result) as one
// index, written through `write` (paths under search/). Pages of a site on
// another origin than the host's are linked by absolute URL; each page is
// in the "site" filter under its site's title. Problems with an input are
// errors in `diagnostics` (nothing is then worth writing); returns the sites.
std::vector<MergedSite> merge_indexes(const std::vector<std::string>& site_dirs, unsigned jobs,
                                      const Writer& write, Diagnostics& diagnostics);

// The index of a site made alongside its pages. The constructor works out
// which pages need analysing (all, or with a cache those whose analysis
// changed); the threads that render the pages call analyse() for each
// document as they finish with it, so that a single build lets each page's
// body go at once (analysed ahead of rendering, on threads of their own,
// the index held 660 MB of bodies at its peak at 100,000 pages); finish()
// merges the analyses and writes the index.
// With `keep`, a file the cache folder's index says is unchanged (a term
// chunk, a fragment) is kept in the output rather than made again (a
// single build with a cache).
class IndexBuilder {
  public:
    IndexBuilder(const site::Site& site, unsigned jobs, Writer write, SearchCache* cache = nullptr,
                 Keeper keep = {});
    ~IndexBuilder();
    IndexBuilder(const IndexBuilder&) = delete;
    IndexBuilder& operator=(const IndexBuilder&) = delete;
    // Analyses site.documents[document] and writes its fragment, if it is a
    // page or an image page; on worker `worker` (below `jobs`), from any
    // number of threads at once for distinct documents. Reads nothing of
    // the page afterwards.
    void analyse(std::size_t document, unsigned worker);
    // Once analyse() was called for every document: merges and writes the
    // index. Returns the number of documents indexed.
    std::size_t finish();

  private:
    struct State;
    std::unique_ptr<State> s_;
};

// Indexes every page of the site at once (IndexBuilder, its analyses on
// `jobs` threads). Returns the number of documents indexed.
std::size_t build_index(const site::Site& site, unsigned jobs, const Writer& write,
                        SearchCache* cache = nullptr, const Keeper& keep = {});

}  // namespace kmsite::search
