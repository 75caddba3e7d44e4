// Private to the content stage.
#pragma once

#include <cmark-gfm.h>

#include <memory>
#include <unordered_map>

#include "content/content.h"

namespace kmsite::content {

struct NodeDeleter {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using DocPtr = std::unique_ptr<cmark_node, NodeDeleter>;

// The source tree as one page's parse sees it. Every path it looks up (a
// plan's CSV, a gallery's pictures) is recorded, found or not, so that a
// cached parse can tell whether those files changed or appeared.
class PageReads {
  public:
    explicit PageReads(const source::SourceTree& tree) : tree_(tree) {}
    const source::SourceFile* find(std::string_view path) {
        const source::SourceFile* f = tree_.find(path);
        reads_.emplace_back(std::string(path), f ? f->digest : Digest{});
        return f;
    }
    const std::vector<std::pair<std::string, Digest>>& reads() const { return reads_; }

  private:
    const source::SourceTree& tree_;
    std::vector<std::pair<std::string, Digest>> reads_;  // path, digest of its bytes (0: none)
};

// A page between the two passes: parsed, but links not yet resolved.
struct ParsedPage {
    Page page;
    DocPtr doc;
    int body_line = 1;  // line of the file where the Markdown body starts
    bool ok = false;
};

// Pass 1: front matter and Markdown of one file. Without `keep_tree` the
// Markdown's tree is let go once the page's headings are known (a site's
// trees together are twice its Markdown: 140 MB at 10,000 pages), and
// pass 2 parses the body again (reparse_markdown).
ParsedPage parse_page(const source::SourceFile& file, PageReads& tree,
                      const config::SiteConfig& config, Diagnostics& diagnostics,
                      bool keep_tree = true);
// The tree pass 1 made of a page that parsed, made again from its file:
// the same nodes, transformed the same way; its messages were pass 1's.
DocPtr reparse_markdown(const source::SourceFile& file, const Page& page,
                        const config::SiteConfig& config, int body_line);

// Splits "---\n...\n---\n" front matter from the body.
struct FrontMatterSplit {
    std::string yaml;
    std::string body;
    int yaml_line = 2;  // first line of the YAML text
    int body_line = 1;
};
std::optional<FrontMatterSplit> split_front_matter(const std::string& text, const std::string& path,
                                                   Diagnostics& diagnostics);
void read_front_matter(config::Fields& fields, const config::SiteConfig& config, PageReads& tree,
                       Page& page);

// The fields of a kind: article page: KM step, knowledge owner, KPIs.
Article read_article(config::Fields& fields);

// The SOP fields of a kind: sop page, with every step reference checked.
Sop read_sop(config::Fields& fields);

// The tables of a kind: plan page: read from CSV files beside the page (or YAML
// rows), every cell checked, totals computed and compared with written ones.
std::vector<PlanTable> read_plan_tables(config::Fields& fields, const Page& page, PageReads& tree,
                                        Diagnostics& diagnostics);

// The images of a kind: gallery page: files beside the page, each with
// meaningful alt text, infographics with their long description.
std::vector<GalleryImage> read_gallery(config::Fields& fields, const Page& page, PageReads& tree);

// A file published from content/ as it is: HTML refused unless the site opts
// in (html_files), SVG and XML checked for anything that runs or loads, and
// pictures and PDFs checked to be what their extension says. False, with an
// error at the file, when it must not be published.
bool check_asset(const source::SourceFile& file, const config::SiteConfig& config,
                 Diagnostics& diagnostics);

// URL of a page from its path and slug; false (with a diagnostic) if it escapes.
bool assign_url(Page& page, const config::SiteConfig& config, config::Fields& fields);

DocPtr parse_markdown(const std::string& body);
// Pages larger than this are refused before parsing (markdown_limits.cpp).
inline constexpr std::size_t max_markdown_bytes = 1 << 20;
// Refuses, with an error at its line, Markdown that Debian's cmark-gfm would
// parse in quadratic time (deep nesting, thousands of emphasis markers or
// image openers in one paragraph, very wide tables...). Call before parse_markdown.
bool check_markdown_limits(std::string_view body, const std::string& path, int body_line,
                           Diagnostics& diagnostics);
// Escapes raw HTML (unless allowed), collects headings with ids.
void prepare_document(cmark_node* doc, Page& page, bool raw_html, int body_line,
                      Diagnostics& diagnostics);
std::string render_html(cmark_node* doc, const Page& page);
// File line and column of a node (its own, or its nearest block's).
int source_line(cmark_node* node, int body_line);
int source_col(cmark_node* node);
std::string plain_summary(cmark_node* doc, std::size_t max_chars);

// Pass 2 index: what links may point at.
struct LinkTargets {
    std::unordered_map<std::string, const Page*> pages;   // by rel_path ("sop/backup.md")
    std::unordered_map<std::string, std::string> assets;  // rel path -> url
    std::unordered_map<std::string, bool> sections;       // section folders (list pages)
    std::string base_path;
};
// What one link (or image) resolved to. A cached page records each with its
// answer; the page is still right when every lookup answers the same.
struct LinkLookup {
    std::string path;      // content-relative, normalised
    std::string fragment;  // "#..." part, percent-decoded later
    bool image = false;
    bool operator==(const LinkLookup&) const = default;
};
std::string answer(const LinkTargets& targets, const LinkLookup& lookup);
using LinkLog = std::vector<std::pair<LinkLookup, std::string>>;  // lookup, answer
void resolve_links(cmark_node* doc, Page& page, const LinkTargets& targets, bool raw_html,
                   int body_line, Diagnostics& diagnostics, LinkLog* log = nullptr);
// Markdown of a front matter field (a gallery image's long description) as
// HTML, made exactly as the body is: raw HTML shown as text, every link
// resolved and checked by resolve_links (javascript: and the like refused).
// `line` is the field's line in the page, for diagnostics.
std::string render_field(const std::string& text, Page& page, const LinkTargets& targets, int line,
                         Diagnostics& diagnostics, LinkLog* log = nullptr);

}  // namespace kmsite::content
