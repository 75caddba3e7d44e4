// ContentCache in the cache folder: every parsed page with what it was made
// from, so that `kmsite build` after an edit parses only the files that
// changed. Each type's fields are listed once (core/serial.h), for both
// directions; a field added to a type and not here is caught by
// content_test's round trip, which compares every page field by field.
#include "content/cache.h"
#include "core/serial.h"

namespace kmsite::thai {

template <typename Ar>
void serialize(Ar& ar, Decimal& d) {
    std::int64_t h = d.hundredths();
    ar(h);
    if constexpr (Ar::reading) d = Decimal::from_hundredths(h);
}
template <typename Ar>
void serialize(Ar& ar, Duration& d) {
    ar(d.min, d.max, d.unit);
}
template <typename Ar>
void serialize(Ar& ar, DurationTotal& d) {
    ar(d.min, d.max);
}

}  // namespace kmsite::thai

namespace kmsite::content {

template <typename Ar>
void serialize(Ar& ar, Heading& h) {
    ar(h.level, h.id, h.text);
}
template <typename Ar>
void serialize(Ar& ar, SiteLink& l) {
    ar(l.url, l.line, l.col);
}
template <typename Ar>
void serialize(Ar& ar, SopStep& s) {
    ar(s.id, s.title, s.detail, s.duration_text, s.standard, s.role, s.type, s.next, s.yes, s.no,
       s.yes_label, s.no_label, s.duration, s.line);
}
template <typename Ar>
void serialize(Ar& ar, SopItem& i) {
    ar(i.markdown, i.html, i.line);
}
template <typename Ar>
void serialize(Ar& ar, Sop& s) {
    ar(s.code, s.kpi, s.objective, s.scope, s.forms, s.references, s.steps, s.total);
}
template <typename Ar>
void serialize(Ar& ar, Kpi& k) {
    ar(k.indicator, k.unit, k.target, k.result, k.line);
}
template <typename Ar>
void serialize(Ar& ar, Article& a) {
    ar(a.km_step, a.knowledge_owner, a.kpis);
}
template <typename Ar>
void serialize(Ar& ar, PlanRow& r) {
    ar(r.group, r.project, r.target, r.indicator, r.source, r.owner, r.budgets, r.total, r.line);
}
template <typename Ar>
void serialize(Ar& ar, PlanTable& t) {
    ar(t.caption, t.source_path, t.name, t.years, t.text_columns, t.groups, t.rows, t.year_totals,
       t.grand_total);
}
template <typename Ar>
void serialize(Ar& ar, GalleryImage& g) {
    ar(g.source_path, g.name, g.alt, g.caption, g.credit, g.description, g.description_html,
       g.description_line, g.infographic, g.line, g.col);
}
template <typename Ar>
void serialize(Ar& ar, Page& p) {
    ar(p.fingerprint, p.source_path, p.rel_path, p.kind, p.is_home, p.is_section_index, p.lang,
       p.section, p.url);
    ar(p.title, p.description, p.office, p.unit, p.owner, p.translation_key, p.title_key, p.tags,
       p.aliases, p.fiscal_year, p.weight, p.draft, p.digits, p.date, p.lastmod, p.author);
    ar(p.article, p.sop, p.plan_tables, p.gallery);
    ar(p.body_html, p.summary, p.headings, p.site_links, p.image);
}
template <typename Ar>
void serialize(Ar& ar, LinkLookup& l) {
    ar(l.path, l.fragment, l.image);
}
template <typename Ar>
void serialize(Ar& ar, AssetEntry& e) {
    ar(e.key, e.ok, e.diagnostics);
}

namespace {

template <typename Ar>
void serialize_entry(Ar& ar, PageEntry& e) {
    ar(e.key, e.ok, e.reads, e.links, e.diagnostics);
}

}  // namespace

// Pages in shards by path; the assets' entries (small) in one file.
void ContentCache::save(const std::string& dir, const Digest& binary) const {
    impl_->shards.save(dir, "content", binary, impl_->pages,
                       [](ByteWriter& w, const std::string& path, const PageEntry& e) {
                           w(path);
                           serialize_entry(w, const_cast<PageEntry&>(e));
                           w(*e.page);
                       });
    if (!impl_->assets_changed) return;
    ByteWriter w;
    w.varint(impl_->assets.size());
    for (const auto& [path, entry] : impl_->assets) w(path, entry);
    write_sealed(dir, "content-assets", binary, w.bytes());
}

void ContentCache::load(const std::string& dir, const Digest& binary, unsigned jobs) {
    impl_->shards.load(
        dir, "content", binary, impl_->pages,
        [](ByteReader& r, std::string& path, PageEntry& e) {
            auto page = std::make_shared<Page>();
            r(path);
            serialize_entry(r, e);
            r(*page);
            e.page = std::move(page);
        },
        jobs);
    auto body = read_sealed(dir, "content-assets", binary);
    if (!body) return;
    ByteReader r(*body);
    decltype(impl_->assets) loaded;
    for (std::size_t n = r.count(); n > 0 && r.ok(); --n) {
        std::string path;
        AssetEntry entry;
        r(path, entry);
        loaded.emplace(std::move(path), std::move(entry));
    }
    if (r.ok() && r.at_end()) impl_->assets = std::move(loaded);
}

void ContentCache::clear() {
    impl_->pages.clear();
    impl_->assets.clear();
    impl_->shards.forget();
}

}  // namespace kmsite::content
