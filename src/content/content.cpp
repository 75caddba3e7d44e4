#include <algorithm>
#include <atomic>
#include <set>
#include <stdexcept>

#include "content/cache.h"
#include "content/internal.h"

namespace kmsite::content {

namespace {

constexpr std::size_t summary_bytes = 480;  // about 160 Thai characters

// What a page's parse depends on besides the files it reads and its links.
Digest page_key(const source::SourceFile& file, const config::SiteConfig& config, bool drafts) {
    return Hasher()
        .add("page")
        .add(config.fingerprint)
        .add(std::int64_t{drafts})
        .add(file.path)
        .add(file.digest)
        .add(file.lastmod)
        .add(file.author)
        .add(std::int64_t{file.from_git})
        .finish();
}

Digest asset_key(const source::SourceFile& file, const config::SiteConfig& config) {
    return Hasher().add("asset").add(config.fingerprint).add(file.path).add(file.digest).finish();
}

bool reads_unchanged(const PageEntry& e, const source::SourceTree& tree) {
    for (const auto& [path, d] : e.reads) {
        const source::SourceFile* f = tree.find(path);
        if ((f ? f->digest : Digest{}) != d) return false;
    }
    return true;
}

// Diagnostics of one page, collected apart so they can be kept with it.
std::vector<Diagnostic> take(Diagnostics& local) {
    return local.sorted();
}

// A field's HTML without the paragraph around it, for a list item.
std::string render_inline(std::string html) {
    while (!html.empty() && html.back() == '\n') html.pop_back();
    constexpr std::string_view open = "<p>", close = "</p>";
    if (html.size() >= open.size() + close.size() && html.compare(0, open.size(), open) == 0 &&
        html.compare(html.size() - close.size(), close.size(), close) == 0 &&
        html.find(open, open.size()) == std::string::npos)
        html = html.substr(open.size(), html.size() - open.size() - close.size());
    return html;
}

// Pass 2 of one page: its links resolved against `targets`, its HTML, summary
// and sort key, and its fingerprint: everything it was made from (its file's
// key, each file it read, each link's answer).
void finish_page(ParsedPage& p, const source::SourceFile& file, const Digest& key,
                 const std::vector<std::pair<std::string, Digest>>& reads,
                 const LinkTargets& targets, const config::SiteConfig& config, Diagnostics& local,
                 LinkLog& links) {
    if (!p.doc) p.doc = reparse_markdown(file, p.page, config, p.body_line);
    if (!p.doc)
        throw EnvironmentError(file.path +
                               " changed while the site was being built; "
                               "build again / ไฟล์นี้ถูกเปลี่ยนระหว่างการสร้างเว็บไซต์ "
                               "ให้สั่งสร้างอีกครั้ง");
    resolve_links(p.doc.get(), p.page, targets, config.raw_html, p.body_line, local, &links);
    p.page.body_html = render_html(p.doc.get(), p.page);
    for (auto& image : p.page.gallery) {
        if (image.description.find_first_not_of(" \t\r\n") == std::string::npos) continue;
        image.description_html =
            render_field(image.description, p.page, targets, image.description_line, local, &links);
    }
    if (p.page.sop) {
        // Forms and references are links like the body's: resolved against
        // the same targets (a missing form.pdf is an error at its line).
        for (auto* list : {&p.page.sop->forms, &p.page.sop->references})
            for (auto& item : *list)
                item.html = render_inline(
                    render_field(item.markdown, p.page, targets, item.line, local, &links));
    }
    p.page.summary =
        p.page.description.empty() ? plain_summary(p.doc.get(), summary_bytes) : p.page.description;
    p.page.title_key = thai::sort_key(p.page.title);
    p.doc.reset();
    Hasher h;
    h.add(key);
    for (const auto& [path, d] : reads) h.add(path).add(d);
    for (const auto& [lookup, a] : links)
        h.add(lookup.path).add(lookup.fragment).add(std::int64_t{lookup.image}).add(a);
    p.page.fingerprint = h.finish();
}

}  // namespace

ContentCache::ContentCache() : impl_(std::make_unique<Impl>()) {}
ContentCache::~ContentCache() = default;
std::size_t ContentCache::parsed() const {
    return impl_->parsed;
}
std::size_t ContentCache::reused() const {
    return impl_->reused;
}

ContentSet load_content(const source::SourceTree& tree, const config::SiteConfig& config,
                        const ContentOptions& options, Diagnostics& diagnostics) {
    ContentCache::Impl scratch;  // without a cache: the same steps, nothing kept
    ContentCache::Impl& cache = options.cache ? *options.cache->impl_ : scratch;
    ContentSet set;
    std::vector<const source::SourceFile*> markdown, others;
    for (const auto* file : tree.under("content")) {
        if (extension(file->path) == ".md")
            markdown.push_back(file);
        else
            others.push_back(file);
    }

    // Files published as they are: checked once per content and configuration.
    std::vector<AssetEntry> assets(others.size());
    std::atomic<std::size_t> checked{0};
    parallel_for(others.size(), options.jobs, [&](std::size_t i, unsigned) {
        Digest key = asset_key(*others[i], config);
        if (auto it = cache.assets.find(others[i]->path);
            it != cache.assets.end() && it->second.key == key) {
            assets[i] = it->second;
            return;
        }
        Diagnostics local;
        ++checked;
        assets[i].key = key;
        assets[i].ok = check_asset(*others[i], config, local);
        assets[i].diagnostics = take(local);
    });
    for (std::size_t i = 0; i < others.size(); ++i) {
        for (const auto& d : assets[i].diagnostics) diagnostics.report(d);
        if (assets[i].ok)
            set.assets.push_back(
                {others[i]->path, others[i]->path.substr(std::string_view("content/").size())});
    }

    // Pass 1: front matter and Markdown, or the cached page when its file
    // and every file it read are as they were.
    struct Work {
        Digest key;
        std::shared_ptr<const PageEntry> cached;  // reusable once its links are checked
        ParsedPage parsed;
        std::vector<std::pair<std::string, Digest>> reads;
        std::vector<Diagnostic> diagnostics;  // of pass 1
        LinkLog links;
        const Page* page() const { return cached ? cached->page.get() : &parsed.page; }
        bool ok() const { return cached ? cached->ok : parsed.ok; }
    };
    std::vector<Work> work(markdown.size());
    auto parse = [&](std::size_t i) {
        Diagnostics local;
        PageReads reads(tree);
        work[i].cached.reset();
        work[i].parsed = parse_page(*markdown[i], reads, config, local, false);
        work[i].reads = reads.reads();
        work[i].diagnostics = take(local);
    };
    if (options.total) *options.total = 2 * markdown.size();
    auto count = [&] {
        if (options.done) ++*options.done;
    };
    parallel_for(markdown.size(), options.jobs, [&](std::size_t i, unsigned) {
        count();
        work[i].key = page_key(*markdown[i], config, options.include_drafts);
        auto it = cache.pages.find(markdown[i]->path);
        if (it != cache.pages.end() && it->second->key == work[i].key &&
            reads_unchanged(*it->second, tree)) {
            work[i].cached = it->second;
        } else {
            parse(i);
        }
    });
    auto published = [&](const Work& w) {
        return w.ok() && !(w.page()->draft && !options.include_drafts);
    };

    // A draft's files stay unpublished with it: everything in a draft leaf
    // bundle's folder (content/galleries/event/index.md), and every file a
    // draft read (its plan's CSV, its gallery's pictures) that no published
    // page reads too. Otherwise `draft: true` would still publish a draft
    // gallery's original photos, camera data and all, or a draft plan's budget.
    std::set<std::string> withheld, used;
    std::vector<std::string> draft_folders;
    for (const auto& w : work) {
        if (!w.ok()) continue;
        const auto& reads = w.cached ? w.cached->reads : w.reads;
        if (published(w)) {
            for (const auto& r : reads) used.insert(r.first);
        } else if (w.page()->draft) {
            for (const auto& r : reads) withheld.insert(r.first);
            if (file_name(w.page()->source_path) == "index.md")
                draft_folders.emplace_back(parent_path(w.page()->source_path));
        }
    }
    std::erase_if(set.assets, [&](const Asset& a) {
        if (used.count(a.source_path)) return false;
        if (withheld.count(a.source_path)) return true;
        return std::any_of(draft_folders.begin(), draft_folders.end(), [&](const std::string& d) {
            return starts_with_path(a.source_path, d);
        });
    });

    // Gallery pictures are published processed (resized, metadata stripped),
    // never as the file the editor committed.
    std::set<std::string> pictures;
    for (const auto& w : work)
        if (published(w))
            for (const auto& image : w.page()->gallery) pictures.insert(image.source_path);
    std::erase_if(set.assets, [&](const Asset& a) { return pictures.count(a.source_path) > 0; });

    LinkTargets targets;
    targets.base_path = config.base_path;
    for (const auto& w : work) {
        if (!published(w)) continue;
        targets.pages.emplace(w.page()->rel_path, w.page());
        if (!w.page()->section.empty()) targets.sections.emplace(w.page()->section, true);
    }
    for (const auto& a : set.assets) targets.assets.emplace(a.url, a.url);

    // A cached page is still right when each of its links finds what it
    // found before (the page it links to may have moved or lost a heading).
    // Pass 1 of a page depends only on its own inputs, so parsing it again
    // gives the page the targets above were made from.
    parallel_for(work.size(), options.jobs, [&](std::size_t i, unsigned) {
        auto& w = work[i];
        if (!w.cached || !published(w)) return;
        for (const auto& [lookup, old] : w.cached->links) {
            if (answer(targets, lookup) != old) {
                parse(i);
                return;
            }
        }
    });
    // Pass 1 is over: no thread reads a Markdown file's bytes until its own
    // page's pass 2 (a plan's csv: may name a .md file, but only pass 1
    // reads it), so each may go now and again after its page is finished.
    source::SourceTree* let_go = options.let_go_markdown;
    auto writable = [&](std::size_t i) -> source::SourceFile& {
        return let_go->files[static_cast<std::size_t>(markdown[i] - let_go->files.data())];
    };
    if (let_go) {
        if (let_go != &tree) throw std::logic_error("let_go_markdown is not the tree loaded");
        for (std::size_t i = 0; i < markdown.size(); ++i) writable(i).release();
    }
    // Links are resolved against the finished page table; each page is still
    // touched by one thread only, and targets are read-only here.
    parallel_for(work.size(), options.jobs, [&](std::size_t i, unsigned) {
        count();
        auto& w = work[i];
        if (w.cached || !published(w)) return;
        Diagnostics local;
        finish_page(w.parsed, *markdown[i], w.key, w.reads, targets, config, local, w.links);
        if (let_go) writable(i).release();
        for (auto& d : take(local)) w.diagnostics.push_back(std::move(d));
    });

    // Results in source order; the cache keeps exactly this build's pages.
    if (!options.cache) {  // nothing to keep: move, don't copy
        for (auto& w : work) {
            for (const auto& d : w.diagnostics) diagnostics.report(d);
            if (published(w)) set.pages.push_back(std::move(w.parsed.page));
        }
        return set;
    }
    std::unordered_map<std::string, std::shared_ptr<const PageEntry>> next;
    std::vector<const PageEntry*> shown;  // published pages, in source order
    std::size_t parsed = 0, reused = 0;
    for (std::size_t i = 0; i < work.size(); ++i) {
        auto& w = work[i];
        std::shared_ptr<const PageEntry> entry = w.cached;
        if (entry) {
            ++reused;
        } else {
            ++parsed;
            auto e = std::make_shared<PageEntry>();
            e->key = w.key;
            e->ok = w.parsed.ok;
            e->reads = std::move(w.reads);
            e->links = std::move(w.links);
            e->diagnostics = std::move(w.diagnostics);
            // Not a const Page: a single build moves it out (below).
            e->page = std::make_shared<Page>(std::move(w.parsed.page));
            entry = std::move(e);
        }
        for (const auto& d : entry->diagnostics) diagnostics.report(d);
        if (entry->ok && !(entry->page->draft && !options.include_drafts))
            shown.push_back(entry.get());
        next.emplace(markdown[i]->path, std::move(entry));
    }
    cache.assets_changed = checked > 0 || cache.assets.size() != others.size();
    cache.pages = std::move(next);
    cache.assets.clear();
    for (std::size_t i = 0; i < others.size(); ++i)
        cache.assets.emplace(others[i]->path, std::move(assets[i]));
    cache.parsed = parsed;
    cache.reused = reused;
    if (options.save_to) {
        // A single build keeps no cache in memory: once saved, each page
        // moves into the set instead of being copied (every Page in the
        // cache was made non-const, here or by ContentCache::load).
        options.cache->save(*options.save_to, options.binary);
        set.pages.reserve(shown.size());
        for (const PageEntry* e : shown)
            set.pages.push_back(std::move(const_cast<Page&>(*e->page)));
        options.cache->clear();
    } else {
        set.pages.reserve(shown.size());
        for (const PageEntry* e : shown) set.pages.push_back(*e->page);
    }
    return set;
}

struct LinkIndex::Impl {
    LinkTargets targets;
};

LinkIndex::LinkIndex(const std::vector<Page>& pages, const std::vector<Asset>& assets,
                     const config::SiteConfig& config)
    : impl_(std::make_unique<Impl>()) {
    LinkTargets& t = impl_->targets;
    t.base_path = config.base_path;
    for (const auto& p : pages) {
        t.pages.emplace(p.rel_path, &p);
        if (!p.section.empty()) t.sections.emplace(p.section, true);
    }
    for (const auto& a : assets) t.assets.emplace(a.url, a.url);
}

LinkIndex::~LinkIndex() = default;

std::optional<Page> parse_one(const source::SourceFile& file, const source::SourceTree& tree,
                              const config::SiteConfig& config, LinkIndex& index,
                              bool include_drafts, Diagnostics& diagnostics) {
    Diagnostics local;
    PageReads reads(tree);
    ParsedPage parsed = parse_page(file, reads, config, local);
    if (!parsed.ok || local.has_errors() || (parsed.page.draft && !include_drafts))
        return std::nullopt;
    // The targets load_content would make of the same pages: this one as
    // pass 1 left it (its own headings are link targets), for this parse.
    LinkTargets& targets = index.impl_->targets;
    auto& slot = targets.pages[parsed.page.rel_path];
    const Page* before = slot;
    slot = &parsed.page;
    LinkLog links;
    finish_page(parsed, file, page_key(file, config, include_drafts), reads.reads(), targets,
                config, local, links);
    if (before)
        slot = before;  // references into an unordered_map outlive other lookups
    else
        targets.pages.erase(parsed.page.rel_path);
    if (local.has_errors()) return std::nullopt;
    for (auto d : take(local)) diagnostics.report(std::move(d));
    return std::move(parsed.page);
}

}  // namespace kmsite::content
