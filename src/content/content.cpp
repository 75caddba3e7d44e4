#include <set>

#include "content/internal.h"

namespace kmsite::content {

namespace {

constexpr std::size_t summary_bytes = 480;  // about 160 Thai characters

}  // namespace

ContentSet load_content(const source::SourceTree& tree, const config::SiteConfig& config,
                        const ContentOptions& options, Diagnostics& diagnostics) {
    ContentSet set;
    std::vector<const source::SourceFile*> markdown;
    for (const auto* file : tree.under("content")) {
        if (extension(file->path) == ".md") {
            markdown.push_back(file);
        } else if (check_asset(*file, config, diagnostics)) {
            set.assets.push_back(
                {file->path, file->path.substr(std::string_view("content/").size())});
        }
    }

    std::vector<ParsedPage> parsed(markdown.size());
    parallel_for(markdown.size(), options.jobs, [&](std::size_t i, unsigned) {
        parsed[i] = parse_page(*markdown[i], tree, config, diagnostics);
    });
    std::erase_if(parsed, [&](const ParsedPage& p) {
        return !p.ok || (p.page.draft && !options.include_drafts);
    });

    // Gallery pictures are published processed (resized, metadata stripped),
    // never as the file the editor committed.
    std::set<std::string> pictures;
    for (const auto& p : parsed)
        for (const auto& image : p.page.gallery) pictures.insert(image.source_path);
    std::erase_if(set.assets, [&](const Asset& a) { return pictures.count(a.source_path) > 0; });

    LinkTargets targets;
    targets.base_path = config.base_path;
    for (const auto& p : parsed) {
        targets.pages.emplace(p.page.rel_path, &p.page);
        if (!p.page.section.empty()) targets.sections.emplace(p.page.section, true);
    }
    for (const auto& a : set.assets) targets.assets.emplace(a.url, a.url);

    // Links are resolved against the finished page table; each page is still
    // touched by one thread only, and targets are read-only here.
    parallel_for(parsed.size(), options.jobs, [&](std::size_t i, unsigned) {
        ParsedPage& p = parsed[i];
        resolve_links(p.doc.get(), p.page, targets, config.raw_html, p.body_line, diagnostics);
        p.page.body_html = render_html(p.doc.get(), p.page);
        for (auto& image : p.page.gallery) {
            if (image.description.find_first_not_of(" \t\r\n") == std::string::npos) continue;
            image.description_html = render_field(image.description, p.page, targets,
                                                  image.description_line, diagnostics);
        }
        p.page.summary = p.page.description.empty() ? plain_summary(p.doc.get(), summary_bytes)
                                                    : p.page.description;
        p.doc.reset();
    });
    set.pages.reserve(parsed.size());
    for (auto& p : parsed) set.pages.push_back(std::move(p.page));
    return set;
}

}  // namespace kmsite::content
