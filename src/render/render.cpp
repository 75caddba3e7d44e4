#include "render/internal.h"

namespace kmsite::render {

struct Renderer::Impl {
    Impl(const site::Site& s, const images::Pictures& p) : site(s), pictures(p) {}
    const site::Site& site;
    const images::Pictures& pictures;
    Theme theme;
    bool ok = true;
    std::map<std::string, data> shared;  // per language; read-only once built
    check::Summary report;
    // Parsed templates per worker, created on first use by that worker only.
    mutable std::vector<std::map<std::string, std::unique_ptr<Template>>> parsed;

    Template& get(unsigned worker, const std::string& name) const {
        auto& slot = parsed[worker][name];
        if (!slot) slot = std::make_unique<Template>(theme.sources.at(name));
        return *slot;
    }
};

Renderer::Renderer(const site::Site& site, const images::Pictures& pictures,
                   const source::SourceTree& tree, unsigned workers, Diagnostics& diagnostics)
    : impl_(std::make_unique<Impl>(site, pictures)) {
    std::size_t before = diagnostics.error_count();
    impl_->theme = load_theme(tree, site.config.theme, diagnostics);
    impl_->ok = diagnostics.error_count() == before;
    ViewContext ctx{site, impl_->theme, pictures};
    for (const auto& lang : site.config.languages) impl_->shared[lang] = shared_view(ctx, lang);
    impl_->parsed.resize(std::max(1u, workers));
}

Renderer::~Renderer() = default;

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
    ViewContext ctx{impl_->site, impl_->theme, impl_->pictures, &impl_->report};
    std::string lang = document_lang(ctx, doc);
    auto shared = impl_->shared.find(lang);
    if (shared == impl_->shared.end()) shared = impl_->shared.find(impl_->site.config.language);
    auto render_with = [&](const std::string& name, const data& view) {
        kainjow::mustache::context<std::string> stack(&shared->second);
        stack.push(&view);  // the document's own data is looked up first
        return impl_->get(worker, name).render(stack);
    };
    std::string body = render_with(body_template(ctx, doc), body_view(ctx, doc));
    if (doc.kind == site::DocKind::alias) return body;  // a bare redirect, no layout
    return render_with("base", layout_view(ctx, doc, std::move(body)));
}

}  // namespace kmsite::render
