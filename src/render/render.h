// render: the theme (Mustache templates, interface strings, static files) and
// the HTML of each document the site stage planned.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "check/check.h"
#include "images/images.h"
#include "site/site.h"
#include "source/source.h"

namespace kmsite::render {

// A file of the theme's static/ folder, as published. CSS, JS and fonts
// are published under content-hashed names ("css/site.0123456789abcdef.css")
// that change when, and only when, their bytes do: servers may let browsers
// keep them for a year (publish/ recipes), and a deploy never leaves a
// visitor with a stale theme. Templates name them by their plain path,
// {{#asset}}css/site.css{{/asset}}, which the theme resolves at load time.
struct StaticFile {
    std::string source_path;  // "themes/default/static/css/site.css"
    std::string name;         // "css/site.css": its path in static/
    std::string url;          // "css/site.0123456789abcdef.css", or `name` when not hashed
    // The published bytes when they are not the source file's: a stylesheet
    // whose url() references were rewritten to the hashed names.
    std::shared_ptr<const std::string> data;
};

// The theme's colours, from the custom properties of its stylesheet
// (static/css/site.css: --brand and --paper): the browser's toolbar and a
// home-screen app's splash (the web app manifest, <meta name="theme-color">).
struct ThemeColors {
    std::string theme = "#0b4f8a";       // --brand
    std::string background = "#ffffff";  // --paper
};

// Rendered HTML kept between builds of one process (`kmsite serve`), keyed
// by the fingerprint of the templates and of the document's view data: a
// document is rendered again only when something it shows changed.
class RenderCache {
  public:
    RenderCache();
    ~RenderCache();
    RenderCache(const RenderCache&) = delete;
    RenderCache& operator=(const RenderCache&) = delete;
    std::size_t rendered() const;  // since the last Renderer was made
    std::size_t reused() const;
    // Off for `kmsite build`: no HTML is kept, only each document's input
    // key and the digest of the HTML it made (Renderer::known), which the
    // cache folder keeps between runs (save/load; core/serial.h).
    void keep_html(bool keep);
    void save(const std::string& dir, const Digest& binary) const;
    void load(const std::string& dir, const Digest& binary);
    void clear();

  private:
    friend class Renderer;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

class Renderer {
  public:
    // Loads themes/<config.theme> from the source tree; template syntax errors
    // and missing templates are diagnostics.
    // `pictures` (the images stage's) must outlive the renderer.
    Renderer(const site::Site& site, const images::Pictures& pictures,
             const source::SourceTree& tree, unsigned workers, Diagnostics& diagnostics,
             RenderCache* cache = nullptr);
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    bool ok() const;
    // HTML of one document. Each worker (0..workers-1) has its own parsed
    // templates, so calls from different workers run in parallel.
    std::string render(const site::Document& doc, unsigned worker) const;
    // The same, shared with the cache (no copy of a cached page).
    std::shared_ptr<const std::string> render_shared(const site::Document& doc,
                                                     unsigned worker) const;
    // With a cache that keeps no HTML (RenderCache::keep_html(false)): the
    // digest of the HTML `doc` made in the last run, when its inputs are as
    // they were then. The caller may then keep the file it made (FileSink::
    // keep) instead of rendering it; if it cannot, render_shared() as usual.
    std::optional<Digest> known(const site::Document& doc) const;
    const std::vector<StaticFile>& static_files() const;
    // The checker's summary, which /compliance/ shows; until set, the page
    // says the site was not checked.
    void set_report(check::Summary report);
    const ThemeColors& colors() const;
    // An interface string in a language ("site_feed" -> "ฟีดทั้งเว็บไซต์").
    std::string text(const std::string& lang, const std::string& key) const;

  private:
    std::optional<Digest> input_key(const site::Document& doc) const;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kmsite::render
