#include <atomic>
#include <mutex>
#include <unordered_map>

#include "core/serial.h"
#include "render/internal.h"

namespace kmsite::render {

struct RenderCache::Impl {
    std::mutex mutex;
    // This build's documents (`next`) replace the last build's when the
    // renderer is done, so documents no longer made do not pile up.
    // By input key and by view-data key; an entry found by its input key
    // carries its view-data key along, so the next build can still find it
    // by its view when its inputs changed but not what it shows.
    struct Entry {
        std::shared_ptr<const std::string> html;
        std::optional<Digest> view_key;
    };
    std::unordered_map<Digest, Entry, DigestHash> html, next;
    // Between runs of `kmsite build` only the digest of each document's HTML
    // is kept, by input key (the output folder holds the bytes): a document
    // whose inputs are as they were need not be rendered if the file it
    // made is still in the output (FileSink::keep). HTML is then not kept.
    bool keep_html = true;
    std::unordered_map<Digest, Digest, DigestHash> digests, next_digests;
    bool digests_changed = false;
    const Entry* find(const Digest& key) const {
        if (auto it = html.find(key); it != html.end()) return &it->second;
        if (auto it = next.find(key); it != next.end()) return &it->second;
        return nullptr;
    }
    void keep(const Digest& key, const Entry& e) {
        next.emplace(key, e);
        if (e.view_key) next.emplace(*e.view_key, e);
    }
    std::size_t rendered = 0, reused = 0;
};

RenderCache::RenderCache() : impl_(std::make_unique<Impl>()) {}

void RenderCache::keep_html(bool keep) {
    impl_->keep_html = keep;
}

void RenderCache::save(const std::string& dir, const Digest& binary) const {
    if (!impl_->digests_changed) return;
    ByteWriter w;
    w.varint(impl_->digests.size());
    for (const auto& [key, d] : impl_->digests) w(key, d);
    write_sealed(dir, "render", binary, w.bytes());
}

void RenderCache::load(const std::string& dir, const Digest& binary) {
    auto body = read_sealed(dir, "render", binary);
    if (!body) return;
    ByteReader r(*body);
    decltype(impl_->digests) loaded;
    for (std::size_t n = r.count(); n > 0 && r.ok(); --n) {
        Digest key, d;
        r(key, d);
        loaded.emplace(key, d);
    }
    if (r.ok() && r.at_end()) impl_->digests = std::move(loaded);
}

void RenderCache::clear() {
    impl_->html.clear();
    impl_->next.clear();
    impl_->digests.clear();
    impl_->next_digests.clear();
}
RenderCache::~RenderCache() = default;
std::size_t RenderCache::rendered() const {
    return impl_->rendered;
}
std::size_t RenderCache::reused() const {
    return impl_->reused;
}

namespace {

// The day of `seconds` in the site's time zone as one number (20261203):
// what a document shows of a date (site::Site's dates are seconds).
std::int64_t day_of(const site::Site& site, std::int64_t seconds) {
    auto d = thai::civil_date(seconds, site.config.time_zone);
    return std::int64_t{d.year} * 10000 + d.month * 100 + d.day;
}

// What a list shows of one page (its listing fields), and what a page may
// show of another: the fields lists, the A-Z index, taxonomies, language
// switches and the site map are made from. Not lastmod: an edit moves it, and
// only the documents that show it (the page itself, the lists it is on) need
// to know; they add it.
Digest item_digest(const content::Page& p) {
    Hasher h;
    h.add("item v1");
    h.add(p.source_path).add(p.url).add(p.title).add(p.summary).add(p.description);
    h.add(std::string(content::kind_name(p.kind))).add(p.lang).add(p.section);
    h.add(p.translation_key).add(p.office).add(p.unit).add(p.owner).add(p.author);
    h.add(p.digits).add(std::int64_t{p.weight}).add(std::int64_t{p.draft});
    h.add(std::int64_t{p.is_home}).add(std::int64_t{p.is_section_index});
    h.add(p.date.value_or(-1)).add(std::int64_t{p.fiscal_year.value_or(-1)});
    h.add(std::int64_t{p.article ? p.article->km_step : -1});
    for (const auto& t : p.tags) h.add(t);
    h.add("|");
    for (const auto& a : p.aliases) h.add(a);
    h.add("|");
    h.add(std::int64_t(p.gallery.size()));
    return h.finish();
}

// What every document shows of the site around it (the "chrome"): the
// configuration, the sections (titles, links, descriptions), the menus, each
// language's home, the footer's year. A page's own document adds its
// fingerprint and its translations; a list adds its items. So a title edit
// reaches the lists the page is on, not the 10,000 pages beside it.
Digest chrome_digest(const site::Site& site) {
    Hasher h;
    h.add("chrome v1").add(site.config.fingerprint);
    for (const auto& sec : site.sections) {
        h.add(sec.key).add(sec.lang).add(sec.url).add(sec.title).add(sec.description);
        h.add(std::int64_t{sec.has_az_index});
    }
    h.add("|menus");
    for (const auto& [name, entries] : site.menus) {
        h.add(name);
        for (const auto& e : entries) h.add(e.name).add(e.name_en).add(e.href).add(e.url);
        h.add("|");
    }
    h.add("|homes");
    for (const auto& [lang, url] : site.homes) h.add(lang).add(url);
    h.add(std::int64_t{site.copyright_year});
    return h.finish();
}

// A picture as a page shows it: its files' names and sizes.
void add_picture(Hasher& h, const images::Pictures& pictures, const std::string& source) {
    const images::Picture* p = images::find_picture(pictures, source);
    if (!p) {
        h.add("no picture");
        return;
    }
    h.add(std::int64_t{p->width}).add(std::int64_t{p->height});
    for (const auto* list : {&p->webp, &p->fallback})
        for (const auto& v : *list)
            h.add(v.url).add(std::int64_t{v.width}).add(std::int64_t{v.height}).add(v.mime);
}

}  // namespace

struct Renderer::Impl {
    Impl(const site::Site& s, const images::Pictures& p) : site(s), pictures(p) {}
    const site::Site& site;
    const images::Pictures& pictures;
    Theme theme;
    bool ok = true;
    std::map<std::string, data> shared;  // per language; read-only once built
    check::Summary report;
    RenderCache* cache = nullptr;
    std::atomic<bool> used{false};  // a document was asked for
    Digest templates;               // every template's text
    std::map<std::string, Digest> shared_fingerprints;
    std::vector<Digest> items;  // per page: item_digest
    // Per page: the day (in the site's time zone) of the date a list shows
    // (its date, else its last change) and of its last change. Documents
    // show dates to the day, so their keys hold days, not seconds: a second
    // edit on the same day changes no list's bytes and renders none again.
    std::vector<std::int64_t> shown_day, lastmod_day;
    // What the generated pages that may show any page (home, site map, A-Z)
    // show of dates: every page's day, and the orders made by the full
    // dates (the newest pages first, each section's pages).
    Digest dates;
    Digest listing;  // every page's item digest and the chrome
    Digest chrome;   // what every document shows of the site (chrome_digest)
    // Parsed templates per worker, created on first use by that worker only.
    mutable std::vector<std::map<std::string, std::unique_ptr<Template>>> parsed;

    Template& get(unsigned worker, const std::string& name) const {
        auto& slot = parsed[worker][name];
        if (!slot) slot = std::make_unique<Template>(theme.sources.at(name));
        return *slot;
    }
};

Renderer::Renderer(const site::Site& site, const images::Pictures& pictures,
                   const source::SourceTree& tree, unsigned workers, Diagnostics& diagnostics,
                   RenderCache* cache)
    : impl_(std::make_unique<Impl>(site, pictures)) {
    std::size_t before = diagnostics.error_count();
    impl_->theme = load_theme(tree, site.config.theme, diagnostics);
    // Every page of a language is made with the theme's strings of it: a
    // language the theme cannot speak is one error at site.yaml's line.
    for (const auto& lang : site.config.languages) {
        if (impl_->theme.strings.count(lang)) continue;
        auto line = site.config.lines.find("languages");
        diagnostics.error(site.config.path, line == site.config.lines.end() ? 0 : line->second, 1,
                          "config-language",
                          "the theme '" + site.config.theme + "' has no strings for language '" +
                              lang + "' (i18n/" + lang + ".yaml) / ธีมไม่มีข้อความภาษา " + lang);
    }
    impl_->ok = diagnostics.error_count() == before;
    ViewContext ctx{site, impl_->theme, pictures};
    for (const auto& lang : site.config.languages) {
        data shared = shared_view(ctx, lang);
        impl_->shared_fingerprints[lang] = shared.fingerprint();
        impl_->shared[lang] = std::move(shared);
    }
    Hasher h;
    for (const auto& [name, text] : impl_->theme.sources) h.add(name).add(text);
    impl_->templates = h.finish();
    impl_->chrome = chrome_digest(site);
    impl_->items.resize(site.pages.size());
    impl_->shown_day.resize(site.pages.size());
    impl_->lastmod_day.resize(site.pages.size());
    std::unordered_map<std::int64_t, std::int64_t> days;  // pages share dates (commits)
    auto day = [&](std::int64_t seconds) {
        auto [it, fresh] = days.try_emplace(seconds, 0);
        if (fresh) it->second = day_of(site, seconds);
        return it->second;
    };
    for (std::size_t i = 0; i < site.pages.size(); ++i) {
        const auto& p = site.pages[i];
        impl_->items[i] = item_digest(p);
        impl_->shown_day[i] = day(p.date.value_or(p.lastmod));
        impl_->lastmod_day[i] = day(p.lastmod);
    }
    Hasher dates;
    dates.add("dates v1");
    for (auto d : impl_->shown_day) dates.add(d);
    dates.add("|by date");
    for (auto i : site.by_date) dates.add(static_cast<std::int64_t>(i));
    for (const auto& sec : site.sections) {
        dates.add("|section");
        for (auto i : sec.pages) dates.add(static_cast<std::int64_t>(i));
    }
    impl_->dates = dates.finish();
    Hasher listing;
    listing.add("listing v2").add(impl_->chrome);
    for (const auto& d : impl_->items) listing.add(d);
    impl_->listing = listing.finish();
    impl_->parsed.resize(std::max(1u, workers));
    impl_->cache = cache;
    if (cache) {
        std::lock_guard lock(cache->impl_->mutex);
        cache->impl_->rendered = cache->impl_->reused = 0;
        cache->impl_->next.clear();
        cache->impl_->next_digests.clear();
    }
}

Renderer::~Renderer() {
    // A build that stopped before its documents (content errors) leaves the
    // cache as it was, not emptied.
    if (auto* cache = impl_->cache; cache && impl_->used) {
        auto& c = *cache->impl_;
        std::lock_guard lock(c.mutex);
        c.html.swap(c.next);
        c.next.clear();
        if (!c.keep_html) {
            c.digests_changed = c.digests != c.next_digests;
            c.digests.swap(c.next_digests);
            c.next_digests.clear();
        }
    }
}

std::optional<Digest> Renderer::known(const site::Document& doc) const {
    impl_->used = true;
    RenderCache::Impl* cache = impl_->cache ? impl_->cache->impl_.get() : nullptr;
    if (!cache || cache->keep_html) return std::nullopt;
    auto key = input_key(doc);
    if (!key) return std::nullopt;
    std::lock_guard lock(cache->mutex);
    auto it = cache->digests.find(*key);
    if (it == cache->digests.end()) return std::nullopt;
    // Kept for the next run; counted as reused. When the output no longer
    // holds it after all, render_shared() counts it as rendered instead.
    cache->next_digests.insert_or_assign(*key, it->second);
    ++cache->reused;
    return it->second;
}

bool Renderer::ok() const {
    return impl_->ok;
}

const std::vector<StaticFile>& Renderer::static_files() const {
    return impl_->theme.statics;
}

const ThemeColors& Renderer::colors() const {
    return impl_->theme.colors;
}

void Renderer::set_report(check::Summary report) {
    impl_->report = std::move(report);
}

std::string Renderer::text(const std::string& lang, const std::string& key) const {
    for (const std::string& l : {lang, impl_->site.config.language}) {
        auto it = impl_->theme.strings.find(l);
        if (it == impl_->theme.strings.end()) continue;
        if (auto s = it->second.find(key); s != it->second.end()) return s->second;
    }
    return key;
}

std::string Renderer::render(const site::Document& doc, unsigned worker) const {
    return *render_shared(doc, worker);
}

std::shared_ptr<const std::string> Renderer::render_shared(const site::Document& doc,
                                                           unsigned worker) const {
    impl_->used = true;
    ViewContext ctx{impl_->site, impl_->theme, impl_->pictures, &impl_->report};
    std::string lang = document_lang(ctx, doc);
    auto shared = impl_->shared.find(lang);
    if (shared == impl_->shared.end()) shared = impl_->shared.find(impl_->site.config.language);
    auto render_with = [&](const std::string& name, const data::raw_type& view) {
        kainjow::mustache::context<std::string> stack(&shared->second.raw());
        stack.push(&view);  // the document's own data is looked up first
        return impl_->get(worker, name).render(stack);
    };
    bool alias = doc.kind == site::DocKind::alias;  // a bare redirect, no layout
    RenderCache::Impl* fast_cache = impl_->cache ? impl_->cache->impl_.get() : nullptr;
    std::optional<Digest> fast;
    if (fast_cache) fast = input_key(doc);
    if (fast && fast_cache->keep_html) {
        std::lock_guard lock(fast_cache->mutex);
        if (const auto* e = fast_cache->find(*fast)) {
            RenderCache::Impl::Entry entry = *e;
            ++fast_cache->reused;
            fast_cache->keep(*fast, entry);
            return entry.html;
        }
    }
    std::string name = body_template(ctx, doc);
    data body = body_view(ctx, doc);
    data layout = alias ? data() : layout_view(ctx, doc);
    Digest key;
    RenderCache::Impl* cache =
        impl_->cache && impl_->cache->impl_->keep_html ? impl_->cache->impl_.get() : nullptr;
    if (cache) {
        key = Hasher()
                  .add(impl_->templates)
                  .add(impl_->shared_fingerprints.find(shared->first)->second)
                  .add(name)
                  .add(std::int64_t{alias})
                  .add(body.fingerprint())
                  .add(layout.fingerprint())
                  .finish();
        std::lock_guard lock(cache->mutex);
        if (const auto* e = cache->find(key)) {
            RenderCache::Impl::Entry entry{e->html, key};
            ++cache->reused;
            cache->keep(key, entry);
            if (fast) cache->keep(*fast, entry);
            return entry.html;
        }
    }
    std::string html = render_with(name, body.raw());
    if (!alias) {
        layout.set("content", std::move(html));
        html = render_with("base", layout.raw());
    }
    auto shared_html = std::make_shared<const std::string>(std::move(html));
    if (fast_cache && !fast_cache->keep_html) {
        Digest d = digest(*shared_html);
        std::lock_guard lock(fast_cache->mutex);
        ++fast_cache->rendered;
        if (fast) {
            auto [it, fresh] = fast_cache->next_digests.insert_or_assign(*fast, d);
            // known() said reused, but the output did not hold it.
            if (!fresh && fast_cache->reused > 0) --fast_cache->reused;
        }
    }
    if (cache) {
        std::lock_guard lock(cache->mutex);
        ++cache->rendered;
        RenderCache::Impl::Entry entry{shared_html, key};
        cache->keep(key, entry);
        if (fast) cache->keep(*fast, entry);
    }
    return shared_html;
}

// The inputs of a document's HTML without building its view: the templates,
// the language's strings, the site's listing digest, the document itself, and
// the full fingerprint of each page whose own content it shows (a page, its
// alias, an image of its gallery, a section's or the home page's intro).
// Documents that show other things (the search page's interface strings are
// in `shared`, but the compliance page shows the checker's report) return
// nullopt and are keyed by their view data alone.
std::optional<Digest> Renderer::input_key(const site::Document& doc) const {
    using site::DocKind;
    const auto& site = impl_->site;
    // The compliance page shows the checker's report.
    if (doc.kind == DocKind::compliance) return std::nullopt;
    ViewContext ctx{site, impl_->theme, impl_->pictures, &impl_->report};
    std::string lang = document_lang(ctx, doc);
    auto shared = impl_->shared_fingerprints.find(lang);
    if (shared == impl_->shared_fingerprints.end())
        shared = impl_->shared_fingerprints.find(site.config.language);
    Hasher h;
    h.add("document inputs v2").add(impl_->templates).add(shared->second);
    h.add(std::int64_t(doc.kind)).add(doc.url).add(doc.lang);
    for (std::size_t v : {doc.page, doc.section, doc.taxonomy, doc.term, doc.image})
        h.add(static_cast<std::int64_t>(v));
    h.add(std::int64_t{doc.page_number}).add(std::int64_t{doc.page_count});
    auto shown_date = [&](std::size_t i) { return impl_->shown_day[i]; };
    // What the document shows of other pages. A page, its pictures' pages, a
    // section's list and a term's list show the chrome and their own items;
    // the other generated pages (home, taxonomies, A-Z, site map, search,
    // 404) may show any page, so they key on every page's listing fields.
    bool narrow = doc.kind == DocKind::page || doc.kind == DocKind::image ||
                  doc.kind == DocKind::alias || doc.kind == DocKind::section ||
                  doc.kind == DocKind::term;
    h.add(narrow ? impl_->chrome : impl_->listing);
    // The items in order, each with its listing fields and the date a list shows.
    for (auto i : doc.items)
        h.add(static_cast<std::int64_t>(i)).add(impl_->items[i]).add(shown_date(i));
    if (doc.kind == DocKind::term) {
        const auto& term = site.taxonomies[doc.taxonomy].terms[doc.term];
        h.add(site.taxonomies[doc.taxonomy].key).add(site.taxonomies[doc.taxonomy].url);
        h.add(term.name).add(term.url).add(static_cast<std::int64_t>(term.pages.size()));
    }
    // The home page's latest pages and the site map's: every page's date.
    if (!narrow) h.add("|dates").add(impl_->dates);
    bool own_date =
        doc.page != site::none &&
        (doc.kind == DocKind::page || doc.kind == DocKind::alias || doc.kind == DocKind::image);
    h.add("|").add(own_date ? impl_->lastmod_day[doc.page]
                            : day_of(site, site.document_lastmod(doc)));
    auto own = [&](std::size_t i) {
        const auto& p = site.pages[i];
        h.add(p.fingerprint).add(impl_->items[i]).add(p.lastmod);
        for (const auto& image : p.gallery) add_picture(h, impl_->pictures, image.source_path);
        // Its translations, which its language switch and alternates link to.
        if (!p.translation_key.empty()) {
            h.add("|translations");
            for (auto t : site.translations.at(p.translation_key))
                h.add(static_cast<std::int64_t>(t)).add(site.pages[t].lang).add(site.pages[t].url);
        }
    };
    if (doc.page != site::none) own(doc.page);
    if (doc.kind == DocKind::section && site.sections[doc.section].index_page != site::none)
        own(site.sections[doc.section].index_page);
    return h.finish();
}

}  // namespace kmsite::render
