#include "build/build.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <set>
#include <unordered_map>

#include "admin/admin.h"
#include "compress/compress.h"
#include "config/config.h"
#include "content/content.h"
#include "core/serial.h"
#include "emit/emit.h"
#include "images/images.h"
#include "render/embedded_theme.h"
#include "render/render.h"
#include "site/site.h"
#include "source/source.h"
#include "thai/thai.h"

namespace kmsite::build {

namespace {

// Wall time of each stage.
class StageClock {
  public:
    explicit StageClock(Stats& stats) : stats_(stats) {}
    void lap(const char* stage) {
        auto now = std::chrono::steady_clock::now();
        stats_.timings.push_back({stage, std::chrono::duration<double>(now - last_).count()});
        last_ = now;
    }
    double total() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }

  private:
    Stats& stats_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_ = start_;
};

check::Options check_options(const site::Site& site, unsigned jobs) {
    check::Options options{"", jobs};
    if (!site.config.required_links.empty()) {
        options.required_links.clear();
        for (const auto& [name, words] : site.config.required_links)
            options.required_links.push_back({name, words});
    }
    return options;
}

// The sink emit writes to: counts pages for the progress line, and holds
// back the files that are made again once the checker is done (the
// /compliance/ page), so the output sees each file once.
class BuildSink final : public FileSink {
  public:
    BuildSink(FileSink& next, Progress* progress, std::set<std::string> deferred)
        : next_(next), progress_(progress), deferred_(std::move(deferred)) {}
    void put(const std::string& path, std::string_view data) override {
        if (!pass(path)) return;
        next_.put(path, data);
    }
    void put_shared(const std::string& path, std::shared_ptr<const std::string> data) override {
        if (!pass(path)) return;
        next_.put_shared(path, std::move(data));
    }
    bool keep(const std::string& path, const Digest& digest) override {
        if (deferred_.count(path) || !next_.keep(path, digest)) return false;
        if (progress_ && extension(path) == ".html") ++progress_->done;
        return true;
    }

  private:
    bool pass(const std::string& path) {
        if (progress_ && extension(path) == ".html") ++progress_->done;
        return !deferred_.count(path);
    }
    FileSink& next_;
    Progress* progress_;
    std::set<std::string> deferred_;
};

// The running binary's digest: a cache written by another build of kmsite
// (another version, another compiler) is never trusted.
const Digest& binary_digest() {
    static const Digest d = [] {
        // Read a block at a time: held whole, the binary was most of a
        // small site's peak memory (120 MB for a new site).
        return digest_file("/proc/self/exe").value_or(Digest{});
    }();
    return d;
}

Digest input_key(const Options& o, const source::SourceTree& tree, const admin::Decap& decap) {
    Hasher h;
    h.add("kmsite inputs v1").add(binary_digest());
    // Decap's script is copied into an admin's output: a new one from npm
    // is a new input even when no source changed.
    h.add(decap.identity);
    h.add(o.rev.value_or("-")).add(o.base_url.value_or("-"));
    h.add(std::int64_t{o.drafts}).add(std::int64_t{o.check}).add(std::int64_t{o.precompress});
    for (const auto& rule : o.warnings_off) h.add(rule);  // the compliance page says so
    h.add(tree.revision);
    for (const auto& f : tree.files) {
        h.add(f.path).add(f.digest).add(f.lastmod).add(f.author);
        h.add(std::int64_t{f.from_git});
    }
    return h.finish();
}

// Whether an edit of a page from `before` to `after` shows on the page's
// own documents alone (the page, its aliases, its pictures' pages): what a
// list, a menu, a language switch, the taxonomies or another page show of
// it is unchanged. Its summary and author show in lists and feeds, which
// the build after the preview makes; its date of change orders lists only
// for a page without a date. The footer's year is checked by the caller.
bool shows_only_itself(const content::Page& before, const content::Page& after) {
    if (before.is_home || before.is_section_index) return false;  // lists themselves
    if (before.lastmod != after.lastmod && !after.date) return false;
    content::Page a = before, b = after;
    for (content::Page* p : {&a, &b}) {
        p->fingerprint = {};
        p->body_html.clear();
        p->summary.clear();
        p->headings.clear();
        p->site_links.clear();
        p->image.clear();  // shown by its own page's head only (og:image)
        p->author.clear();
        p->lastmod = 0;
    }
    return a == b;
}

void finish(Result& result, Diagnostics& diagnostics) {
    result.diagnostics = diagnostics.sorted();
    // Warnings the office accepts are counted, not shown.
    std::erase_if(result.diagnostics, [&](const Diagnostic& d) {
        bool off = d.severity == Severity::warning && result.silenced_rules.count(d.rule);
        result.silenced += off;
        return off;
    });
    result.errors = diagnostics.error_count();
    result.warnings =
        std::count_if(result.diagnostics.begin(), result.diagnostics.end(),
                      [](const Diagnostic& d) { return d.severity == Severity::warning; });
}

// Check findings point at what an editor wrote, not at the built HTML: a
// page's finding at its content file, and a site-wide one (a footer link
// missing on every page) at site.yaml's key that makes it.
void locate_findings(std::vector<check::Finding>& findings, const site::Site& site) {
    struct SiteWide {
        std::string_view rule, key;
    };
    static constexpr SiteWide from_config[] = {
        {"footer-links", "menus"},
        {"contact-channel", "contact"},
        {"copyright", "office"},
        {"language-switch", "languages"},
    };
    std::unordered_map<std::string, std::size_t> page_of;
    for (const auto& doc : site.documents)
        if (doc.page != site::none && doc.kind != site::DocKind::alias)
            page_of.emplace("/" + doc.url, doc.page);
    const auto& config = site.config;
    for (auto& f : findings) {
        for (const auto& w : from_config) {
            if (f.rule != w.rule) continue;
            f.source = config.path;
            auto line = config.lines.find(std::string(w.key));
            f.source_line = line == config.lines.end() ? 0 : line->second;
        }
        if (!f.source.empty() || f.pages > 1) continue;
        if (auto it = page_of.find(f.page); it != page_of.end())
            f.source = site.pages[it->second].source_path;
    }
}

// A problem the content stage found at its Markdown line (a table without a
// caption) is found again by the checker in the built page: the checker's
// finding is dropped, as many times as the source file has the diagnostic.
void drop_found_at_source(std::vector<check::Finding>& findings,
                          const std::vector<Diagnostic>& diagnostics) {
    static constexpr std::string_view both[] = {"table-caption"};
    std::map<std::pair<std::string, std::string>, std::size_t> at_source;
    for (const auto& d : diagnostics)
        for (auto rule : both)
            if (d.rule == rule) ++at_source[{d.path, d.rule}];
    if (at_source.empty()) return;
    std::erase_if(findings, [&](const check::Finding& f) {
        auto it = at_source.find({f.source, f.rule});
        if (it == at_source.end() || it->second == 0) return false;
        --it->second;
        return true;
    });
}

// Findings of warning rules the office turned off are left out, counted.
void silence_findings(Result& result) {
    std::erase_if(result.findings, [&](const check::Finding& f) {
        bool off = f.level == check::Level::warning && result.silenced_rules.count(f.rule);
        result.silenced += off ? f.pages : 0;
        return off;
    });
}

}  // namespace

CacheFolder cache_folder(const Options& o) {
    CacheFolder f;
    f.path = o.cache_dir.value_or((std::filesystem::path(o.source) / ".kmsite-cache").string());
    f.usable = !source::git_tracks(o.source, f.path);
    return f;
}

// What one build made its output from, kept by serve after a build that
// succeeded, for the quick look at the next edit (Builder::preview). On the
// heap from the start: the renderer and emit hold references into it.
struct Made {
    source::SourceTree tree;
    site::Site site;
    images::Pictures pictures;
    // Made for previews (Builder::prepare_preview): a renderer with no
    // cache, so that it does not disturb the render cache's builds (and is
    // never disturbed by them), the pages' link targets, and each page's
    // place by its source path.
    std::unique_ptr<render::Renderer> renderer;
    std::unique_ptr<content::LinkIndex> links;
    std::unordered_map<std::string, std::size_t> page_of;  // source path -> page
};

struct Builder::State {
    Options options;
    unsigned jobs = 1;
    CacheFolder cache;
    std::string private_cache;  // made when `cache` is not usable; removed with the Builder
    ~State() {
        if (!private_cache.empty()) remove_tree(private_cache);
    }
    const std::string& cache_dir() const { return cache.usable ? cache.path : private_cache; }
    // Kept between builds of one process (serve): parsed pages, and what the
    // checker learnt from each page's HTML.
    source::SourceCache source;
    content::ContentCache content;
    render::RenderCache render;
    search::SearchCache search;
    check::FactsCache facts;
    std::unique_ptr<Made> last;  // the last build's, when it succeeded (keep only)
    // A single build's pages and site, let go of with the Builder rather
    // than at the end of build(): a CLI that exits right after need not
    // free them at all (Builder::leave_to_exit).
    std::unique_ptr<Made> spent;
};

Builder::Builder(Options options) : state_(std::make_unique<State>()) {
    state_->options = std::move(options);
    state_->jobs = state_->options.jobs == 0 ? default_jobs() : state_->options.jobs;
    state_->cache = cache_folder(state_->options);
    if (!state_->cache.usable) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "kmsite-cache-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw EnvironmentError("cannot make a private cache folder in " +
                                   std::filesystem::temp_directory_path().string());
        state_->private_cache = pattern;
    }
}

Builder::~Builder() = default;

const Options& Builder::options() const {
    return state_->options;
}

Result Builder::build(FileSink& out, Progress* progress,
                      std::optional<std::vector<std::string>> changed) {
    const Options& o = state_->options;
    unsigned jobs = state_->jobs;
    Result result;
    Stats& stats = result.stats;
    StageClock clock(stats);
    Diagnostics diagnostics;
    auto stage = [&](const char* name) {
        if (!progress) return;
        progress->total = 0;  // a stage that counts sets its own
        progress->done = 0;
        progress->stage = name;
    };

    stage("source");
    // The last build's site is let go before this one is made: a preview
    // shows an edit on top of a site that built, never a failed one.
    state_->last.reset();
    auto made_ptr = std::make_unique<Made>();
    Made& made_from = *made_ptr;
    auto& tree = made_from.tree;
    source::SourceOptions source_options;
    source_options.root = o.source;
    source_options.rev = o.rev;
    source_options.jobs = jobs;
    if (o.keep) source_options.changed = std::move(changed);
    bool keep = o.keep;
    // Git facts (history from HEAD, which files are their blob at HEAD) are
    // small and slow to find again (a SHA-1 of every file), so a single
    // build keeps them in the cache folder; serve also keeps file bytes.
    const std::string& dir = state_->cache_dir();
    if (!state_->cache.usable)
        diagnostics.warning(
            std::filesystem::path(state_->cache.path)
                .lexically_proximate(o.source)
                .generic_string(),
            0, 0, "cache-in-git",
            "this cache folder is committed to Git, so it may come from anyone who can commit: "
            "kmsite neither reads nor writes it (this build used a private one and did all its "
            "work). Run `git rm -r --cached` on it and add it to .gitignore / โฟลเดอร์แคชนี้ถูก"
            "บันทึกไว้ใน Git จึงอาจมาจากผู้ใดก็ได้ที่ commit ได้ kmsite จึงไม่ใช้ ให้ลบออกจาก Git "
            "ด้วย `git rm -r --cached` และเพิ่มไว้ใน .gitignore");
    std::string git_cache = dir + "/source";
    std::optional<std::string> git_before;
    if (!keep) {
        state_->source.keep_files(false);
        if ((git_before = read_file(git_cache))) state_->source.load(*git_before, binary_digest());
    }
    tree = source::load_source(source_options, diagnostics, &state_->source);
    // The theme built into kmsite, under each file the site does not
    // override (a site needs no themes/ folder).
    render::add_embedded_theme(tree);
    if (!keep) {
        std::string now = state_->source.save(binary_digest());
        if (now != git_before.value_or("")) {
            make_directories(dir);
            replace_cache_file(git_cache, now);
        }
    }
    const admin::Decap decap = admin::find_decap(o.source);
    result.input_key = input_key(o, tree, decap);
    if (o.unchanged_key && *o.unchanged_key == result.input_key && !diagnostics.has_errors()) {
        clock.lap("source");
        result.status = Status::unchanged;
        finish(result, diagnostics);
        stats.total_seconds = clock.total();
        return result;
    }
    auto config = config::load_config(tree, diagnostics);
    if (o.base_url && !config::set_base_url(config, *o.base_url))
        throw EnvironmentError("--base-url must look like https://km.example.go.th/");
    result.silenced_rules = config.warnings_off;
    result.silenced_rules.insert(o.warnings_off.begin(), o.warnings_off.end());
    // An admin without Decap's script cannot work: said before anything is
    // made, with the npm command that installs it.
    if (config.admin.enabled && !decap.found)
        throw EnvironmentError(admin::missing_decap_message(decap, o.source));
    clock.lap("source");

    // A single build takes each stage's results of the last run from the
    // cache folder and leaves this run's there, dropping each from memory
    // as soon as its stage is done.
    const bool persist = !keep;

    // The search index and the checker's facts are read from the cache
    // folder on a thread of their own while pages are parsed and the site
    // is put together; they are needed only once pages are written. (The
    // search analyses are read later, and only those the build needs.)
    std::future<void> loading;
    if (persist) {
        loading = std::async(std::launch::async, [this, &dir, check = o.check] {
            state_->search.load(dir, binary_digest());
            if (check) state_->facts.load(dir, binary_digest());
        });
    }

    stage("content");
    if (persist) state_->content.load(dir, binary_digest(), jobs);
    content::ContentOptions content_options{o.drafts, jobs, &state_->content};
    if (persist) {
        content_options.save_to = &dir;
        content_options.binary = binary_digest();
    }
    // A single build lets go of the pages' Markdown as they are parsed (58
    // MB at 10,000 pages); the other files are copied or read by later stages.
    if (persist) content_options.let_go_markdown = &tree;
    if (progress) {
        content_options.done = &progress->done;
        content_options.total = &progress->total;
    }
    auto content = content::load_content(tree, config, content_options, diagnostics);
    stats.pages_parsed = state_->content.parsed();
    stats.pages_reused = state_->content.reused();
    clock.lap("content");
    auto& site = made_from.site;
    site = site::build_site(std::move(config), std::move(content), diagnostics);
    site::choose_identity(site, tree, diagnostics);
    clock.lap("site");

    // Gallery pictures, made (or taken from the cache) before pages are
    // rendered, since pages carry their sizes.
    stage("images");
    auto picture_jobs = site.picture_jobs();
    images::Options image_options;
    image_options.cache_dir = dir + "/images";
    image_options.jobs = jobs;
    auto made = images::make_pictures(picture_jobs, tree, image_options, diagnostics);
    images::Pictures& pictures = made_from.pictures;
    for (std::size_t i = 0; i < picture_jobs.size(); ++i)
        pictures.emplace(picture_jobs[i].source_path, std::move(made.pictures[i]));
    stats.images_made = made.processed;
    stats.images_reused = made.reused;
    clock.lap("images");

    // The render cache's digests (no HTML) live in the cache folder; saved
    // once the renderer is done with them, after the last document.
    struct SaveRender {
        render::RenderCache* cache = nullptr;
        std::string dir;
        ~SaveRender() {
            if (!cache) return;
            cache->save(dir, binary_digest());
            cache->clear();
        }
    } save_render;
    state_->render.keep_html(keep);
    if (persist) {
        state_->render.load(dir, binary_digest());
        save_render.cache = &state_->render;
        save_render.dir = dir;
    }
    auto renderer_ptr = std::make_unique<render::Renderer>(site, pictures, tree, jobs, diagnostics,
                                                           &state_->render);
    render::Renderer& renderer = *renderer_ptr;
    // The last output claims (site::OutputClaims), before anything is written.
    // A hashed theme file's plain name stays the theme's too: no content
    // file may take /js/display.js, which pages cached before the hashed
    // names still load.
    for (const auto& f : renderer.static_files()) {
        site.outputs.claim(f.url, f.source_path, diagnostics);
        if (f.name != f.url) site.outputs.claim(f.name, f.source_path, diagnostics);
    }
    site.claim_pictures(pictures, diagnostics);
    // The redirect maps: servers read them as configuration, so content may
    // neither write them nor anything else in their folder (a file there
    // would be one Include away from the server's configuration).
    const std::string maps = "the redirect maps (generated)";
    site.outputs.claim(emit::redirect_files[0], maps, diagnostics);
    site.outputs.claim_pattern(emit::generated_folder, "", maps, diagnostics);
    // Netlify and Cloudflare Pages read response headers from _headers at
    // the root: a content file there could drop the CSP. kmsite writes none.
    site.outputs.claim("_headers", "host configuration (Netlify, Cloudflare Pages)", diagnostics);
    // The admin's files, made from the site and Decap's script.
    if (site.config.admin.enabled) {
        const std::string who = "the admin (admin: in " + site.config.path + ")";
        for (const char* file : admin::admin_files) site.outputs.claim(file, who, diagnostics);
    }
    // The compressed copies' names are the generator's, for every text
    // file whatever its size: content that has x.css.gz beside x.css is a
    // conflict, not a file a server would send as x.css.
    result.precompress = o.precompress && site.config.precompress;
    if (result.precompress) {
        std::vector<std::string> suffixes;
        for (const auto& encoding : compress::encodings()) suffixes.emplace_back(encoding.suffix);
        site.outputs.claim_alongside(
            compress::compressible, suffixes,
            [&](const std::string& file) {
                return "kmsite's compressed copy of " + file + " (precompress: in " +
                       site.config.path + ")";
            },
            diagnostics);
    }
    site::check_menu_urls(site, diagnostics);
    if (diagnostics.has_errors()) {
        finish(result, diagnostics);
        return result;
    }

    emit::ExtraFiles admin_output;
    if (site.config.admin.enabled) {
        auto script = read_file(decap.path);
        if (!script)
            throw EnvironmentError("cannot read " + decap.path + " / อ่านไฟล์ " + decap.path +
                                   " ไม่ได้");
        admin_output.emplace_back("admin/index.html",
                                  std::make_shared<const std::string>(admin::index_html(site)));
        admin_output.emplace_back("admin/config.yml",
                                  std::make_shared<const std::string>(admin::decap_config(site)));
        admin_output.emplace_back("admin/decap-cms.js",
                                  std::make_shared<const std::string>(std::move(*script)));
        result.admin_csp = admin::content_security_policy(site.config.admin);
    }

    // The standards checker scans each page as it is rendered and then the
    // finished site as a whole, as a webmaster's `kmsite check` would; its
    // errors keep the build from being published.
    stage("pages");
    if (progress) progress->total = site.documents.size();
    if (loading.valid()) loading.get();
    check::Checker checker(check_options(site, jobs), &state_->facts);
    emit::FileHook scan;
    if (o.check) {
        scan.made = [&](const std::string& file, std::string_view data) {
            checker.add_file(file, data);
        };
        scan.kept = [&](const std::string& file, const Digest& html) {
            return checker.known(file, html);
        };
    }
    std::set<std::string> deferred;
    if (o.check)
        for (const auto& doc : site.documents)
            if (doc.kind == site::DocKind::compliance)
                deferred.insert(site::Site::output_file(doc.url));
    BuildSink sink(out, progress, deferred);
    if (persist) state_->search.save_after_analysis(dir, binary_digest());
    // A single build lets each page's body go as soon as it is rendered
    // and analysed: nothing after this stage reads it.
    std::function<void(std::size_t)> drop_body;
    if (persist)
        drop_body = [&site](std::size_t page) { std::string().swap(site.pages[page].body_html); };
    auto emitted = emit::emit_site(site, pictures, renderer, tree, sink, jobs, diagnostics, scan,
                                   &state_->search, drop_body, admin_output);
    stats.documents = emitted.documents;
    stats.files = emitted.files;
    stats.rendered = state_->render.rendered();
    stats.render_reused = state_->render.reused();
    stats.indexed = state_->search.analysed();
    stats.index_reused = state_->search.reused();
    stats.chunks_made = state_->search.chunks_made();
    stats.chunks_kept = state_->search.chunks_kept();
    stats.timings.push_back({"pages", emitted.pages_seconds});
    stats.timings.push_back({"search", emitted.search_seconds});
    clock.lap("other output");
    // The search index is made alongside the pages: only the wait for it
    // at the end is not "other output".
    stats.timings.back().seconds -= emitted.pages_seconds + emitted.search_wait_seconds;
    if (diagnostics.has_errors()) {
        finish(result, diagnostics);
        return result;
    }

    stage("check");
    check::Summary summary;
    if (o.check) {
        checker.set_files(emitted.written);
        result.findings = checker.finish();
        stats.checked = state_->facts.misses();
        stats.check_reused = state_->facts.hits();
        stats.links_reused = state_->facts.links_reused();
        if (persist) {
            state_->facts.save(dir, binary_digest());
            state_->facts.clear();
        }
        // One finding for a problem every page shares (a footer link missing
        // from site.yaml); kmsite check still lists each page.
        check::group_site_wide(result.findings);
        locate_findings(result.findings, site);
        auto so_far = diagnostics.sorted();
        drop_found_at_source(result.findings, so_far);
        silence_findings(result);
        // The compliance page counts what the content stage found of the
        // checker's rules (a table without a caption) as the checker's own.
        std::vector<check::Finding> judged = result.findings;
        for (const auto& d : so_far) {
            if (!check::find_rule(d.rule) || result.silenced_rules.count(d.rule)) continue;
            check::Finding f;
            f.rule = d.rule;
            f.level = d.severity == Severity::error ? check::Level::error : check::Level::warning;
            f.page = f.source = d.path;
            judged.push_back(std::move(f));
        }
        summary = check::summarize(judged, result.silenced_rules);
        summary.checked = true;
    }
    // The /compliance/ page shows the checker's summary: rendered again now
    // that it is known.
    if (o.check) {
        renderer.set_report(std::move(summary));
        for (const auto& doc : site.documents) {
            if (doc.kind == site::DocKind::compliance)
                out.put_shared(site::Site::output_file(doc.url), renderer.render_shared(doc, 0));
        }
    }
    clock.lap("check");
    finish(result, diagnostics);
    result.status =
        o.check && check::has_errors(result.findings) ? Status::check_failed : Status::built;
    renderer_ptr.reset();  // done with the render cache: this build's documents are kept
    if (keep && result.ok())
        state_->last = std::move(made_ptr);
    else if (!keep)
        state_->spent = std::move(made_ptr);
    stats.total_seconds = clock.total();
    return result;
}

void Builder::leave_to_exit() {
    if (state_->spent) keep_until_exit(std::move(state_->spent));
    if (state_->last) keep_until_exit(std::move(state_->last));
}

bool Builder::prepare_preview() {
    Made* m = state_->last.get();
    if (!m) return false;
    if (!m->renderer) {
        Diagnostics ignored;  // the build reported them
        m->renderer = std::make_unique<render::Renderer>(m->site, m->pictures, m->tree, 1, ignored);
        m->links =
            std::make_unique<content::LinkIndex>(m->site.pages, m->site.assets, m->site.config);
        for (std::size_t i = 0; i < m->site.pages.size(); ++i)
            m->page_of.emplace(m->site.pages[i].source_path, i);
    }
    return m->renderer->ok();
}

std::optional<Preview> Builder::preview(const std::vector<std::string>& changed) {
    State& st = *state_;
    const Options& o = st.options;
    if (!o.keep || changed.empty() || !prepare_preview()) return std::nullopt;
    Made& m = *st.last;
    site::Site& site = m.site;
    source::SourceOptions source_options;
    source_options.root = o.source;
    source_options.rev = o.rev;
    std::vector<std::pair<std::size_t, content::Page>> edits;
    for (const auto& path : changed) {
        if (!starts_with_path(path, "content") || extension(path) != ".md") return std::nullopt;
        auto at = m.page_of.find(path);
        const source::SourceFile* before = m.tree.find(path);
        if (at == m.page_of.end() || !before) return std::nullopt;
        auto file = st.source.reread(source_options, path);
        if (!file) return std::nullopt;
        if (file->digest == before->digest) continue;  // written, not changed
        Diagnostics ignored;                           // the build that follows reports everything
        auto page = content::parse_one(*file, m.tree, site.config, *m.links, o.drafts, ignored);
        if (!page) return std::nullopt;
        if (!shows_only_itself(site.pages[at->second], *page)) return std::nullopt;
        edits.emplace_back(at->second, std::move(*page));
    }
    if (edits.empty()) return std::nullopt;
    // Every document shows the year of the site's newest change.
    std::int64_t newest = 0;
    for (std::size_t i = 0; i < site.pages.size(); ++i) {
        std::int64_t lastmod = site.pages[i].lastmod;
        for (const auto& [page, after] : edits)
            if (page == i) lastmod = after.lastmod;
        newest = std::max(newest, lastmod);
    }
    if (thai::civil_date(newest, site.config.time_zone).year != site.copyright_year)
        return std::nullopt;
    std::set<std::size_t> edited;
    for (auto& [page, after] : edits) {
        site.pages[page] = std::move(after);
        edited.insert(page);
    }
    site.newest_lastmod = newest;
    Preview out;
    for (const auto& doc : site.documents) {
        bool own = doc.kind == site::DocKind::page || doc.kind == site::DocKind::alias ||
                   doc.kind == site::DocKind::image;
        if (own && edited.count(doc.page))
            out.files.emplace_back(site::Site::output_file(doc.url),
                                   m.renderer->render_shared(doc, 0));
    }
    return out;
}

}  // namespace kmsite::build
