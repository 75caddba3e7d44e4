#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <tuple>

#include "emit/internal.h"
#include "search/search.h"

namespace kmsite::emit {

namespace {

// Copies theme and content files that still own their output path (a plan's
// CSV is taken over by its open-data form).
void copy_files(const site::Site& site, const source::SourceTree& tree,
                const std::vector<std::pair<std::string, std::string>>& files, OutputDir& out) {
    for (const auto& [source_path, url] : files) {
        const std::string* owner = site.outputs.owner(url);
        if (owner && *owner != source_path) continue;
        const auto* f = tree.find(source_path);
        // A file the output holds as it is (by its digest) is not read.
        if (f && !out.keep(url, f->digest)) out.write(url, f->data());
    }
}

std::string robots_txt(const site::Site& site) {
    return "User-agent: *\nAllow: /\n\nSitemap: " + encode_url(site.absolute("sitemap.xml")) + "\n";
}

// Root-relative links in bodies ("/tags/") could not be checked before the
// output existed; now every one must name a written file.
void check_site_links(const site::Site& site, const OutputDir& out, Diagnostics& diagnostics) {
    for (const auto& page : site.pages) {
        for (const auto& link : page.site_links) {
            std::string u = link.url;
            std::string base = site.config.base_path.substr(1);
            if (!base.empty() && u.rfind(base, 0) == 0) u = u.substr(base.size());
            bool found = out.exists(site::Site::output_file(u)) ||
                         (!u.empty() && u.back() != '/' && out.exists(u + "/index.html"));
            if (!found) {
                diagnostics.error(page.source_path, link.line, link.col, "link-broken",
                                  "link to /" + link.url +
                                      ", which the site does not have / "
                                      "ลิงก์ไปยังหน้าที่ไม่มีอยู่");
            }
        }
    }
}

// Gallery pictures, from the images stage's cache, in source order.
void write_pictures(const images::Pictures& pictures, OutputDir& out, Diagnostics& diagnostics) {
    std::set<std::string> written;
    std::map<std::string, const images::Picture*> ordered;
    for (const auto& [source, picture] : pictures) ordered.emplace(source, &picture);
    for (const auto& [source, p] : ordered) {
        const images::Picture& picture = *p;
        for (const auto* list : {&picture.webp, &picture.fallback}) {
            for (const auto& v : *list) {
                if (!written.insert(v.url).second) continue;
                auto data = read_file(v.cache_file);
                if (!data) {
                    diagnostics.error(source, 0, 0, "image-cache",
                                      "cannot read " + v.cache_file + " from the picture cache");
                    continue;
                }
                out.write(v.url, *data);
            }
        }
    }
}

}  // namespace

EmitStats emit_site(const site::Site& site, const images::Pictures& pictures,
                    const render::Renderer& renderer, const source::SourceTree& tree,
                    FileSink& sink, unsigned jobs, Diagnostics& diagnostics,
                    const FileHook& on_file, search::SearchCache* search_cache,
                    const std::function<void(std::size_t page)>& drop_body,
                    const ExtraFiles& extra) {
    using clock = std::chrono::steady_clock;
    auto seconds_since = [](clock::time_point t) {
        return std::chrono::duration<double>(clock::now() - t).count();
    };
    EmitStats stats;
    OutputDir out(sink, diagnostics, &site.outputs, &on_file);
    auto started = clock::now();
    // The search index is made from the site, not from the pages' HTML, by
    // the same threads: each page is analysed right after it is rendered,
    // so that a single build can let its body go at once (a body is read
    // by its page's document and its analysis, unless a list or the home
    // page shows it too). The index's files go to the same sink; their order
    // does not matter, since every file has its own path.
    std::vector<std::atomic<int>> readers(drop_body ? site.pages.size() : 0);
    if (drop_body) {
        for (const auto& doc : site.documents) {
            if (doc.page == site::none) continue;
            const content::Page& page = site.pages[doc.page];
            if (page.is_home || page.is_section_index)
                readers[doc.page] += 1 << 20;  // a list's intro
            else if (doc.kind == site::DocKind::page)
                readers[doc.page] += 1;  // rendered and analysed
            else if (doc.kind != site::DocKind::alias && doc.kind != site::DocKind::image)
                readers[doc.page] += 1 << 20;  // shown by a list or the home page: kept
        }
    }
    search::IndexBuilder index(
        site, jobs, [&](const std::string& path, std::string_view data) { out.write(path, data); },
        search_cache,
        [&](const std::string& path, const Digest& digest) { return out.keep(path, digest); });
    parallel_for(site.documents.size(), jobs, [&](std::size_t i, unsigned worker) {
        const auto& doc = site.documents[i];
        std::string file = site::Site::output_file(doc.url);
        // A document whose inputs are those of the last run, and whose file
        // is still in the output as that run left it, is not rendered.
        if (auto known = renderer.known(doc); !known || !out.keep(file, *known))
            out.write(file, renderer.render_shared(doc, worker));
        index.analyse(i, worker);
        if (drop_body && doc.kind == site::DocKind::page && --readers[doc.page] == 0)
            drop_body(doc.page);
    });
    // Merging and writing the index overlaps copying the other files.
    auto finished = std::async(std::launch::async, [&] {
        auto began = clock::now();
        std::size_t indexed = index.finish();
        return std::make_pair(indexed, seconds_since(began));
    });
    stats.pages_seconds = seconds_since(started);
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& s : renderer.static_files()) {
        if (!s.data) {
            files.emplace_back(s.source_path, s.url);
        } else if (const std::string* owner = site.outputs.owner(s.url);
                   !owner || *owner == s.source_path) {  // a stylesheet with hashed url()s
            if (!out.keep(s.url, digest(*s.data))) out.write(s.url, s.data);
        }
    }
    for (const auto& a : site.assets) files.emplace_back(a.source_path, a.url);
    copy_files(site, tree, files, out);
    write_pictures(pictures, out, diagnostics);
    write_open_data(site, out);  // after the assets: a plan's CSV is replaced by its checked form
    started = clock::now();
    std::tie(stats.indexed, stats.search_seconds) = finished.get();
    stats.search_wait_seconds = seconds_since(started);
    write_sitemaps(site, pictures, out);
    write_feeds(site, out);
    out.write("robots.txt", robots_txt(site));
    write_redirects(site, out);
    write_identity(site, tree, renderer.colors(), out, diagnostics);
    for (const auto& [path, data] : extra) out.write(path, data);
    check_site_links(site, out, diagnostics);
    stats.documents = site.documents.size();
    stats.written = out.files();
    stats.files = stats.written.size();
    return stats;
}

}  // namespace kmsite::emit
