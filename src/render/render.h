// render: the theme (Mustache templates, interface strings, static files) and
// the HTML of each document the site stage planned.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "site/site.h"
#include "source/source.h"

namespace kmsite::render {

struct StaticFile {
    std::string source_path;  // "themes/default/static/css/site.css"
    std::string url;          // "css/site.css"
};

// The standards report shown on /compliance/ (filled from `kmsite check`).
struct ReportRow {
    std::string id, title;
    std::string status;  // "passed", "failed" or "manual"
    std::string note;
    std::vector<std::string> pages;
};
struct Report {
    bool checked = false;  // false: the build ran with --no-check
    std::size_t errors = 0, warnings = 0;
    std::vector<ReportRow> dga, wcag;
};

class Renderer {
  public:
    // Loads themes/<config.theme> from the source tree; template syntax errors
    // and missing templates are diagnostics.
    Renderer(const site::Site& site, const source::SourceTree& tree, unsigned workers,
             Diagnostics& diagnostics);
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    bool ok() const;
    // HTML of one document. Each worker (0..workers-1) has its own parsed
    // templates, so calls from different workers run in parallel.
    std::string render(const site::Document& doc, unsigned worker) const;
    const std::vector<StaticFile>& static_files() const;
    // The report /compliance/ shows; until set, the page says it was not checked.
    void set_report(Report report);
    // An interface string in a language ("site_feed" -> "ฟีดทั้งเว็บไซต์").
    std::string text(const std::string& lang, const std::string& key) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kmsite::render
