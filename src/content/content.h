// content: pages from content/ — front matter, Markdown rendered by cmark-gfm,
// URLs, and internal links rewritten from source paths to page URLs.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/core.h"
#include "source/source.h"
#include "thai/thai.h"

namespace kmsite::content {

enum class Kind { article, sop, plan, gallery, page };
const char* kind_name(Kind kind);
std::optional<Kind> parse_kind(const std::string& name);

struct Heading {
    int level = 2;
    std::string id;
    std::string text;
    bool operator==(const Heading&) const = default;
};

// A root-relative link in the body ("/tags/"), checked once the output exists.
struct SiteLink {
    std::string url;  // without base path or fragment
    int line = 0, col = 0;
    bool operator==(const SiteLink&) const = default;
};

enum class StepType { start, task, decision, end };

// One step of an operations manual (SOP). Steps point at each other by id:
// start/task have `next`, a decision `yes` and `no`, an end nothing.
struct SopStep {
    std::string id, title, detail, duration_text, standard, role;
    StepType type = StepType::task;
    std::string next, yes, no;
    std::string yes_label, no_label;  // default: ใช่ / ไม่ใช่
    std::optional<thai::Duration> duration;
    int line = 0;
    bool operator==(const SopStep&) const = default;
};

// One of an SOP's forms or references: text, in which Markdown links work
// ("[แบบคำขอ](form.pdf)" to a file beside the page, or a web address), or
// `{title, file}` / `{title, url}`, written as such a link. Its HTML is made
// in pass 2 with the body's links, so a missing file is an error at its line.
struct SopItem {
    std::string markdown;
    std::string html;  // inline HTML, set in pass 2
    int line = 0;
    bool operator==(const SopItem&) const = default;
};

struct Sop {
    std::string code, kpi, objective, scope;
    std::vector<SopItem> forms, references;
    std::vector<SopStep> steps;  // in document order; checked: ids resolve, all reachable
    thai::DurationTotal total;
    std::size_t index_of(const std::string& id) const;  // steps.size() when unknown
    bool operator==(const Sop&) const = default;
};

// The seven steps of the government KM process, in order.
extern const char* const km_steps[7];

struct Kpi {
    std::string indicator, unit;
    std::optional<thai::Decimal> target, result;
    int line = 0;
    bool operator==(const Kpi&) const = default;
};

// A KM article's fields: which KM step it documents, whose knowledge it is,
// and the indicators it reports.
struct Article {
    int km_step = 0;  // 1..7; 0 when not given
    std::string knowledge_owner;
    std::vector<Kpi> kpis;
    bool operator==(const Article&) const = default;
};

// One row of a plan table: a project with its budget per fiscal year.
struct PlanRow {
    std::string group;  // e.g. the strategy it belongs to
    std::string project, target, indicator, source, owner;
    std::vector<thai::Decimal> budgets;  // one per year of the table; blank cells are 0
    thai::Decimal total;                 // computed: the sum of budgets
    int line = 0;                        // in the CSV file (or the page, for YAML rows)
    bool operator==(const PlanRow&) const = default;
};

// A plan table from CSV (or YAML rows) with totals computed by the build.
struct PlanTable {
    std::string caption;
    std::string source_path;                // the CSV file, or the page for YAML rows
    std::string name;                       // open-data file name stem: "projects"
    std::vector<int> years;                 // Buddhist era, from budget_<year> columns
    std::vector<std::string> text_columns;  // of target, indicator, source, owner: those present
    std::vector<std::pair<std::string, std::string>> groups;  // id, title; in order of appearance
    std::vector<PlanRow> rows;
    std::vector<thai::Decimal> year_totals;
    thai::Decimal grand_total;
    bool operator==(const PlanTable&) const = default;
};

// One picture of a gallery page. An infographic is text in a picture, so it
// carries that text as a long description.
struct GalleryImage {
    std::string source_path;  // "content/galleries/pr/canva-pr-01.png"
    std::string name;         // slug of the file name: its page is <gallery url><name>/
    std::string alt, caption, credit;
    std::string description;       // Markdown
    std::string description_html;  // rendered like the body, links checked
    int description_line = 0;      // of the description field
    bool infographic = false;
    int line = 0, col = 0;  // of its entry in the front matter
    bool operator==(const GalleryImage&) const = default;
};

struct Page {
    // What the page was made from: its file and every file it read, the
    // configuration, and the answer to each of its link lookups. Equal
    // fingerprints, equal pages; later stages key their caches on it.
    Digest fingerprint;
    std::string source_path;  // "content/sop/backup.md"
    std::string rel_path;     // "sop/backup.md", relative to content/
    Kind kind = Kind::page;
    bool is_home = false;           // content/_index.md (or content/<lang>/_index.md)
    bool is_section_index = false;  // content/<section>/_index.md
    std::string lang;               // "th", "en"
    std::string section;            // "sop", "en/sop"; "" for top-level pages
    std::string url;                // site-relative, "sop/backup/"; "" for the home page

    std::string title, description, office, unit, owner, translation_key;
    // The title's Thai collation key (ICU), for ก-ฮ orders: made here, on
    // the parsing threads and kept with the page, not again on every build.
    std::string title_key;
    std::vector<std::string> tags, aliases;  // aliases are site-relative, like url
    std::optional<int> fiscal_year;          // Buddhist era
    int weight = 0;
    bool draft = false;
    std::string digits;  // "thai" | "arabic"
    std::optional<std::int64_t> date;
    std::int64_t lastmod = 0;
    std::string author;
    std::optional<Article> article;      // kind article
    std::optional<Sop> sop;              // kind sop
    std::vector<PlanTable> plan_tables;  // kind plan
    std::vector<GalleryImage> gallery;   // kind gallery

    std::string body_html;
    std::string summary;  // plain text, for lists and feeds
    std::vector<Heading> headings;
    std::vector<SiteLink> site_links;
    // The first raster picture (PNG, JPEG, GIF, WebP) of content/ that the
    // body shows, site-relative ("articles/chart.png"); "" for none. Link
    // previews (og:image) show it.
    std::string image;
    bool operator==(const Page&) const = default;
};

// A non-Markdown file under content/ published at the same relative path.
struct Asset {
    std::string source_path;  // "content/sop/backup/flow.png"
    std::string url;          // "sop/backup/flow.png"
};

struct ContentSet {
    std::vector<Page> pages;  // sorted by source path
    std::vector<Asset> assets;
};

// Parsed pages kept between builds: in memory by `kmsite serve`, in the
// cache folder between runs of `kmsite build` (save/load). A page is parsed
// again only when its file, a file it read, the configuration, or the answer
// to one of its link lookups changed; otherwise its page and its diagnostics
// are reused.
class ContentCache {
  public:
    ContentCache();
    ~ContentCache();
    ContentCache(const ContentCache&) = delete;
    ContentCache& operator=(const ContentCache&) = delete;
    std::size_t parsed() const;  // in the last build
    std::size_t reused() const;
    // The entries in the cache folder `dir` (core/serial.h: files written
    // by another binary, or not whole, are not read), and back.
    void save(const std::string& dir, const Digest& binary) const;
    void load(const std::string& dir, const Digest& binary, unsigned jobs = 1);
    void clear();  // forgets every entry

  private:
    friend ContentSet load_content(const source::SourceTree&, const config::SiteConfig&,
                                   const struct ContentOptions&, Diagnostics&);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct ContentOptions {
    bool include_drafts = false;
    unsigned jobs = 1;
    ContentCache* cache = nullptr;
    // With a cache: save it to this folder (for `binary`) once the pages are
    // made, then empty it, moving its pages into the set rather than copying
    // them (a single build, which keeps nothing in memory).
    const std::string* save_to = nullptr;
    Digest binary{};
    // A single build: the tree being loaded (the same one), whose Markdown
    // bytes are let go once pass 1 is done and again after each page's pass
    // 2 reads them once more, so that a site's Markdown (750 MB at 100,000
    // pages) is not held beside the HTML pass 2 makes. Files that cannot be
    // read again (a Git revision's) are kept.
    source::SourceTree* let_go_markdown = nullptr;
    // For a progress line: set to twice the Markdown files (two passes),
    // then counted up as each page is parsed and finished.
    std::atomic<std::size_t>* done = nullptr;
    std::atomic<std::size_t>* total = nullptr;
};

// The site's logo when it is an SVG (site.yaml logo:): checked as every SVG
// of content/ is (no script, event handlers, javascript: or other files,
// foreignObject, entity declarations) and, since a logo is a picture shown
// with <img> and links nowhere, without links to web pages either. Problems
// are errors at the file's lines (asset-svg-invalid, asset-svg-unsafe).
// The size comes from the root's width and height in pixels, else its
// viewBox; 0 when neither says.
struct SvgLogo {
    bool ok = false;
    double width = 0, height = 0;
};
SvgLogo check_logo_svg(const source::SourceFile& file, Diagnostics& diagnostics);

ContentSet load_content(const source::SourceTree& tree, const config::SiteConfig& config,
                        const ContentOptions& options, Diagnostics& diagnostics);

// What the links of a page may point at in a published set of pages and
// files, made once for many parse_one() calls. Holds pointers to `pages`,
// which must outlive it and stay where they are.
class LinkIndex {
  public:
    LinkIndex(const std::vector<Page>& pages, const std::vector<Asset>& assets,
              const config::SiteConfig& config);
    ~LinkIndex();
    LinkIndex(const LinkIndex&) = delete;
    LinkIndex& operator=(const LinkIndex&) = delete;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// One Markdown file parsed as load_content would parse it among the pages
// and files of `links` (a published set that holds, or held, this page at
// the same path): serve's quick look at a saved page (build::Builder::
// preview). nullopt when the page has an error or is an unpublished draft;
// a full build says why.
std::optional<Page> parse_one(const source::SourceFile& file, const source::SourceTree& tree,
                              const config::SiteConfig& config, LinkIndex& links,
                              bool include_drafts, Diagnostics& diagnostics);

}  // namespace kmsite::content
