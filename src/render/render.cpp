#include <mutex>
#include <unordered_map>

#include "render/internal.h"

namespace kmsite::render {

struct RenderCache::Impl {
    std::mutex mutex;
    // This build's documents (`next`) replace the last build's when the
    // renderer is done, so documents no longer made do not pile up.
    std::unordered_map<Digest, std::shared_ptr<const std::string>, DigestHash> html, next;
    std::size_t rendered = 0, reused = 0;
};

RenderCache::RenderCache() : impl_(std::make_unique<Impl>()) {}
RenderCache::~RenderCache() = default;
std::size_t RenderCache::rendered() const {
    return impl_->rendered;
}
std::size_t RenderCache::reused() const {
    return impl_->reused;
}

struct Renderer::Impl {
    Impl(const site::Site& s, const images::Pictures& p) : site(s), pictures(p) {}
    const site::Site& site;
    const images::Pictures& pictures;
    Theme theme;
    bool ok = true;
    std::map<std::string, data> shared;  // per language; read-only once built
    check::Summary report;
    RenderCache* cache = nullptr;
    Digest templates;                  // every template's text
    std::map<std::string, Digest> shared_fingerprints;
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
    impl_->parsed.resize(std::max(1u, workers));
    impl_->cache = cache;
    if (cache) {
        std::lock_guard lock(cache->impl_->mutex);
        cache->impl_->rendered = cache->impl_->reused = 0;
        cache->impl_->next.clear();
    }
}

Renderer::~Renderer() {
    if (auto* cache = impl_->cache) {
        std::lock_guard lock(cache->impl_->mutex);
        cache->impl_->html.swap(cache->impl_->next);
        cache->impl_->next.clear();
    }
}

bool Renderer::ok() const {
    return impl_->ok;
}

const std::vector<StaticFile>& Renderer::static_files() const {
    return impl_->theme.statics;
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
    std::string name = body_template(ctx, doc);
    data body = body_view(ctx, doc);
    data layout = alias ? data() : layout_view(ctx, doc);
    Digest key;
    RenderCache::Impl* cache = impl_->cache ? impl_->cache->impl_.get() : nullptr;
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
        std::shared_ptr<const std::string> hit;
        if (auto it = cache->html.find(key); it != cache->html.end())
            hit = it->second;
        else if (auto again = cache->next.find(key); again != cache->next.end())
            hit = again->second;
        if (hit) {
            ++cache->reused;
            cache->next.emplace(key, hit);
            return hit;
        }
    }
    std::string html = render_with(name, body.raw());
    if (!alias) {
        layout.set("content", std::move(html));
        html = render_with("base", layout.raw());
    }
    auto shared_html = std::make_shared<const std::string>(std::move(html));
    if (cache) {
        std::lock_guard lock(cache->mutex);
        ++cache->rendered;
        cache->next.emplace(key, shared_html);
    }
    return shared_html;
}

}  // namespace kmsite::render
