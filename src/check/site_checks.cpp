// Rules over the site as a whole: links between pages, duplicate titles,
// the sitemap and robots.txt.

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "check/internal.h"
#include "core/core.h"
#include "core/serial.h"

namespace kmsite::check {

namespace fs = std::filesystem;

namespace {

struct Site {
    std::function<std::optional<std::string>(const std::string&)> read;  // a file of the site
    std::string base_url, base_path = "/";                    // from the home page's canonical link
    std::unordered_set<std::string> files;                    // every file, site-relative
    std::unordered_map<std::string, const PageFacts*> pages;  // by file

    // The file a site path names ("/sop/" -> "sop/index.html"), or "".
    std::string file_for(std::string path) const {
        if (path.rfind(base_path, 0) != 0) return "";
        path = percent_decode(path.substr(base_path.size()));
        if (path.empty() || path.back() == '/')
            return files.count(path + "index.html") ? path + "index.html" : "";
        if (files.count(path)) return path;
        return files.count(path + "/index.html") ? path + "/index.html" : "";
    }
};

// A link as a site path and fragment, or nullopt when it leaves the site.
std::optional<std::pair<std::string, std::string>> internal_target(const Site& site,
                                                                   const PageFacts& from,
                                                                   std::string href) {
    if (href.rfind("mailto:", 0) == 0 || href.rfind("tel:", 0) == 0 || href.rfind("data:", 0) == 0)
        return std::nullopt;
    if (!site.base_url.empty() && href.rfind(site.base_url, 0) == 0) {
        href = site.base_path + href.substr(site.base_url.size());
    } else if (href.find("://") != std::string::npos || href.rfind("//", 0) == 0) {
        return std::nullopt;
    }
    std::string fragment;
    if (auto hash = href.find('#'); hash != std::string::npos) {
        fragment = percent_decode(href.substr(hash + 1));
        href = href.substr(0, hash);
    }
    if (auto q = href.find('?'); q != std::string::npos) href = href.substr(0, q);
    // The page as served: under the base path ("/km/sop/x/"), not as a file.
    std::string self = site.base_path + from.url.substr(1);
    if (href.empty()) return std::pair{self, fragment};
    if (href[0] != '/') {  // relative to the page's folder
        std::string folder = self.substr(0, self.rfind('/') + 1);
        auto normal = normalize_relative(folder.substr(1) + href);
        if (!normal) return std::pair{std::string("/.."), fragment};
        href = "/" + *normal + (href.back() == '/' && !normal->empty() ? "/" : "");
    }
    return std::pair{href, fragment};
}

// Where a link goes, for links that read the same on every page (the menus
// and footer of every page): worked out once per thread, not once per page.
struct Resolved {
    bool internal = false;
    std::string path, fragment, file;
};
using LinkMemo = std::unordered_map<std::string, Resolved>;

// Whether a resolved link looks into the search index's own files (their
// names change with every edit; see FactsCache::Impl::Links).
bool into_search_files(const Site& site, const std::string& path) {
    if (path.rfind(site.base_path, 0) != 0) return false;
    std::string rel = percent_decode(path.substr(site.base_path.size()));
    return rel.rfind("search/", 0) == 0 && rel != "search/" && rel != "search/index.html";
}

void check_links(const Site& site, const PageFacts& page, std::vector<Finding>& out, LinkMemo& memo,
                 bool& search_files) {
    for (const auto& link : page.links) {
        const std::string& href = link.href;
        // Root-relative and absolute links do not depend on the page they are on.
        bool same_everywhere = (href.rfind('/', 0) == 0 && href.rfind("//", 0) != 0) ||
                               href.find("://") != std::string::npos;
        const Resolved* r = nullptr;
        Resolved fresh;
        if (same_everywhere) {
            if (auto it = memo.find(href); it != memo.end()) r = &it->second;
        }
        if (!r) {
            if (auto target = internal_target(site, page, href)) {
                fresh.internal = true;
                fresh.path = std::move(target->first);
                fresh.fragment = std::move(target->second);
                fresh.file = site.file_for(fresh.path);
            }
            r = same_everywhere ? &memo.emplace(href, std::move(fresh)).first->second : &fresh;
        }
        if (!r->internal) continue;
        if (into_search_files(site, r->path)) search_files = true;
        const std::string& path = r->path;
        const std::string& fragment = r->fragment;
        const std::string& file = r->file;
        if (file.empty()) {
            add(out, link.resource ? RuleId("resource-missing") : RuleId("link-broken"), page.url,
                link.line,
                (link.resource ? "missing file: " : "link to a page that does not exist: ") +
                    link.href);
            continue;
        }
        if (fragment.empty() || link.resource) continue;
        auto target_page = site.pages.find(file);
        if (target_page != site.pages.end() && !target_page->second->ids.count(fragment)) {
            add(out, "link-broken-anchor", page.url, link.line,
                "no element with id \"" + fragment + "\" in " + path);
        }
    }
}

using Pages = std::vector<std::shared_ptr<const PageFacts>>;

void check_duplicates(const Pages& pages, std::vector<Finding>& out) {
    std::unordered_map<std::string_view, const PageFacts*> titles, descriptions;
    for (const auto& page : pages) {
        const PageFacts& p = *page;
        if (p.redirect || p.editor || !p.parsed || p.file == "404.html") continue;
        if (!p.title.empty()) {
            auto [it, fresh] = titles.emplace(p.title, &p);
            if (!fresh)
                add(out, "title-duplicate", p.url, p.title_line,
                    "same title as " + it->second->url + ": " + p.title);
        }
        if (!p.description.empty()) {
            auto [it, fresh] = descriptions.emplace(p.description, &p);
            if (!fresh) {
                add(out, "meta-description-duplicate", p.url, p.description_line,
                    "same description as " + it->second->url);
            }
        }
    }
}

void check_sitemap(const Site& site, const Pages& pages, std::vector<Finding>& out) {
    auto robots = site.read("robots.txt");
    if (!robots)
        add(out, "robots-missing", "", 0, "no robots.txt");
    else if (robots->find("Sitemap:") == std::string::npos)
        add(out, "robots-missing", "/robots.txt", 0, "robots.txt does not name the sitemap");
    auto sitemap = site.read("sitemap.xml");
    if (!sitemap) {
        add(out, "sitemap-missing", "", 0, "no sitemap.xml");
        return;
    }
    // <loc> values, by plain search (std::regex is slow on a sitemap of
    // tens of thousands of URLs); a sitemap index pulls in its parts.
    auto locs = [](const std::string& xml, std::string_view parent) {
        std::vector<std::string> out;
        std::string open = "<" + std::string(parent) + ">";
        for (auto at = xml.find(open); at != std::string::npos; at = xml.find(open, at + 1)) {
            auto loc = xml.find("<loc>", at);
            auto end = loc == std::string::npos ? loc : xml.find("</loc>", loc);
            if (end == std::string::npos) break;
            out.push_back(xml.substr(loc + 5, end - loc - 5));
        }
        return out;
    };
    std::vector<std::string> urls = locs(*sitemap, "url");
    for (const auto& loc : locs(*sitemap, "sitemap")) {
        if (loc.rfind(site.base_url, 0) != 0) continue;
        if (auto more = site.read(loc.substr(site.base_url.size()))) {
            auto part = locs(*more, "url");
            urls.insert(urls.end(), part.begin(), part.end());
        }
    }
    std::set<std::string> listed;
    for (const auto& loc : urls) {
        std::string path = loc.rfind(site.base_url, 0) == 0
                               ? site.base_path + loc.substr(site.base_url.size())
                               : loc;
        std::string file = site.file_for(path);
        if (file.empty())
            add(out, "sitemap-mismatch", "/sitemap.xml", 0,
                "sitemap lists a page that does not exist: " + loc);
        else
            listed.insert(file);
    }
    // Numbered list pages (".../page/2/") are reached from their first page.
    auto paginated = [](const std::string& file) {
        auto at = file.rfind("page/");
        if (at == std::string::npos || (at > 0 && file[at - 1] != '/')) return false;
        std::string_view rest = std::string_view(file).substr(at + 5);
        auto slash = rest.find('/');
        return slash != std::string_view::npos && slash > 0 &&
               rest.substr(slash) == "/index.html" &&
               std::all_of(rest.begin(), rest.begin() + slash,
                           [](char c) { return c >= '0' && c <= '9'; });
    };
    for (const auto& page : pages) {
        const PageFacts& p = *page;
        if (p.redirect || p.editor || p.file == "404.html" || paginated(p.file)) continue;
        if (!listed.count(p.file))
            add(out, "sitemap-mismatch", p.url, 0, "page is not in sitemap.xml");
    }
}

}  // namespace

struct FactsCache::Impl {
    using Facts = std::unordered_map<Digest, std::shared_ptr<const PageFacts>, DigestHash>;
    std::mutex mutex;
    // Facts by (file, HTML, required links); replaced wholesale each build,
    // so pages no longer made do not pile up.
    Facts facts, next;
    CacheShards<Facts> shards;  // what the cache folder holds of `facts`
    std::size_t hits = 0, misses = 0;
    // The last build's link checks (serve): a page's links are checked
    // against the site's files, the ids of the pages they name and the base
    // URL. While those are the same, a page whose facts are the same object
    // as last time has the same link findings; an edit that adds a file or
    // changes a page's ids checks every page again.
    // The search index's files are renamed by every edit (their names are
    // hashes of their content): they count only if a page links into them.
    struct Links {
        Pages pages;  // sorted by file
        std::uint64_t files = 0;
        bool search_files = true;  // some page links into search/'s own files
        std::string base_url, base_path;
        std::vector<std::vector<Finding>> findings;  // by page
    } links;
    std::size_t links_reused = 0;
};

template <typename Ar>
void serialize(Ar& ar, Link& l) {
    ar(l.href, l.line, l.resource);
}
template <typename Ar>
void serialize(Ar& ar, Finding& f) {
    ar(f.rule, f.level, f.page, f.line, f.message);
}
template <typename Ar>
void serialize(Ar& ar, PageFacts& p) {
    ar(p.file, p.url, p.redirect, p.editor, p.parsed, p.lang, p.title, p.description, p.canonical,
       p.title_line, p.description_line, p.ids, p.links, p.has_language_link, p.findings);
}

namespace {

// The last check's link findings, kept in the cache folder between runs of
// `kmsite build` (serve keeps them in memory): the file set's digest, the
// base URL, and per page (in order) the key of its facts in the shards and
// its findings. Read back only when every page's facts were read back too.
constexpr std::string_view links_file = "facts-links";

}  // namespace

void FactsCache::save(const std::string& dir, const Digest& binary) const {
    Impl& c = *impl_;
    c.shards.save(dir, "facts", binary, c.facts,
                  [](ByteWriter& w, const Digest& key, const PageFacts& p) { w(key, p); });
    std::unordered_map<const PageFacts*, Digest> key_of;
    key_of.reserve(c.facts.size());
    for (const auto& [key, facts] : c.facts) key_of.emplace(facts.get(), key);
    ByteWriter w;
    bool whole = !c.links.pages.empty() && c.links.findings.size() == c.links.pages.size();
    w(c.links.files, c.links.search_files, c.links.base_url, c.links.base_path);
    w.varint(c.links.pages.size());
    for (std::size_t i = 0; whole && i < c.links.pages.size(); ++i) {
        auto it = key_of.find(c.links.pages[i].get());
        if (it == key_of.end())
            whole = false;  // facts not in the shards: nothing to name
        else
            w(it->second, c.links.findings[i]);
    }
    // An empty body reads back as nothing (a count with no pages after it).
    write_sealed(dir, links_file, binary, whole ? w.bytes() : std::string_view());
}

void FactsCache::load(const std::string& dir, const Digest& binary, unsigned jobs) {
    Impl& c = *impl_;
    c.shards.load(
        dir, "facts", binary, c.facts, [](ByteReader& r, Digest& key, PageFacts& p) { r(key, p); },
        jobs);
    c.links = {};
    auto body = read_sealed(dir, links_file, binary);
    if (!body || body->empty()) return;
    ByteReader r(*body);
    Impl::Links links;
    r(links.files, links.search_files, links.base_url, links.base_path);
    std::size_t count = r.count();
    for (std::size_t i = 0; i < count && r.ok(); ++i) {
        Digest key;
        std::vector<Finding> findings;
        r(key, findings);
        auto it = c.facts.find(key);
        if (!r.ok() || it == c.facts.end()) return;  // a page whose facts are gone
        links.pages.push_back(it->second);
        links.findings.push_back(std::move(findings));
    }
    if (!r.ok() || !r.at_end()) return;
    c.links = std::move(links);
}

void FactsCache::clear() {
    impl_->links = {};
    impl_->facts.clear();
    impl_->next.clear();
    impl_->shards.forget();
}

FactsCache::FactsCache() : impl_(std::make_unique<Impl>()) {}
FactsCache::~FactsCache() = default;
std::size_t FactsCache::hits() const {
    return impl_->hits;
}
std::size_t FactsCache::links_reused() const {
    return impl_->links_reused;
}
std::size_t FactsCache::misses() const {
    return impl_->misses;
}

struct Checker::State {
    Options options;
    FactsCache* cache = nullptr;
    Digest rules_key;  // what else a page's facts depend on: the required links
    std::mutex mutex;
    std::vector<std::shared_ptr<const PageFacts>> pages;
    std::optional<std::vector<std::string>> files;
    std::map<std::string, std::string> texts;  // robots.txt, sitemaps handed over by add_file
};

Checker::Checker(Options options, FactsCache* cache) : state_(std::make_unique<State>()) {
    state_->options = std::move(options);
    state_->cache = cache;
    Hasher h;
    for (const auto& r : state_->options.required_links) {
        h.add(r.name);
        for (const auto& w : r.words) h.add(w);
        h.add(std::int64_t{-1});
    }
    state_->rules_key = h.finish();
    if (cache) {
        std::lock_guard lock(cache->impl_->mutex);
        cache->impl_->hits = cache->impl_->misses = 0;
        cache->impl_->next.clear();
    }
}

Checker::~Checker() = default;

void Checker::scan(const std::string& file, std::string_view html) {
    std::shared_ptr<const PageFacts> page;
    Digest key;
    if (auto* cache = state_->cache) {
        key = Hasher().add(file).add(digest(html)).add(state_->rules_key).finish();
        std::lock_guard lock(cache->impl_->mutex);
        if (auto it = cache->impl_->facts.find(key); it != cache->impl_->facts.end()) {
            page = it->second;
            ++cache->impl_->hits;
            cache->impl_->next.emplace(key, page);
        }
    }
    if (!page) {
        page = std::make_shared<const PageFacts>(
            scan_page(file, html, state_->options.required_links));
        if (auto* cache = state_->cache) {
            std::lock_guard lock(cache->impl_->mutex);
            ++cache->impl_->misses;
            cache->impl_->next.emplace(key, page);
        }
    }
    std::lock_guard lock(state_->mutex);
    state_->pages.push_back(std::move(page));
}

bool Checker::known(const std::string& file, const Digest& html) {
    // The checker reads only pages, robots.txt and the sitemaps: of any
    // other file it needs the name alone (set_files).
    if (extension(file) != ".html")
        return file != "robots.txt" &&
               !(file.rfind("sitemap", 0) == 0 && extension(file) == ".xml");
    auto* cache = state_->cache;
    if (!cache) return false;
    Digest key = Hasher().add(file).add(html).add(state_->rules_key).finish();
    std::shared_ptr<const PageFacts> page;
    {
        std::lock_guard lock(cache->impl_->mutex);
        auto it = cache->impl_->facts.find(key);
        if (it == cache->impl_->facts.end()) return false;
        page = it->second;
        ++cache->impl_->hits;
        cache->impl_->next.emplace(key, page);
    }
    std::lock_guard lock(state_->mutex);
    state_->pages.push_back(std::move(page));
    return true;
}

void Checker::add_file(const std::string& file, std::string_view data) {
    if (extension(file) == ".html") {
        scan(file, data);
    } else if (file == "robots.txt" ||
               (file.rfind("sitemap", 0) == 0 && extension(file) == ".xml")) {
        std::lock_guard lock(state_->mutex);
        state_->texts[file] = std::string(data);
    }
}

void Checker::set_files(std::vector<std::string> files) {
    state_->files = std::move(files);
}

std::vector<Finding> check_site(const Options& options) {
    return Checker(options).finish();
}

std::vector<Finding> Checker::finish() {
    // The cache keeps this build's pages from now on (a build that stops
    // before finish() leaves it as it was).
    if (auto* cache = state_->cache) {
        std::lock_guard lock(cache->impl_->mutex);
        cache->impl_->facts.swap(cache->impl_->next);
        cache->impl_->next.clear();
    }
    const Options& options = state_->options;
    std::error_code ec;
    bool on_disk = !options.dir.empty();
    if (on_disk && (!fs::is_directory(options.dir, ec) ||
                    !fs::exists(fs::path(options.dir) / "index.html", ec))) {
        throw EnvironmentError(options.dir +
                               " is not a built site (no index.html); run kmsite build first");
    }
    Site site;
    site.read = [&](const std::string& file) -> std::optional<std::string> {
        if (auto it = state_->texts.find(file); it != state_->texts.end()) return it->second;
        if (!on_disk) return std::nullopt;
        return read_file(options.dir + "/" + file);
    };
    // Facts are shared with the cache, never copied.
    Pages pages = std::move(state_->pages);
    state_->pages.clear();
    std::set<std::string> scanned;
    for (const auto& p : pages) scanned.insert(p->file);
    std::vector<std::string> html;  // pages still to read
    if (!state_->files)
        state_->files = on_disk ? list_files(options.dir) : std::vector<std::string>{};
    site.files.reserve(state_->files->size());
    for (auto& rel : *state_->files) {
        if (extension(rel) == ".html" && !scanned.count(rel)) html.push_back(rel);
        site.files.insert(std::move(rel));
    }
    std::size_t first = pages.size();
    pages.resize(first + html.size());
    parallel_for(html.size(), options.jobs, [&](std::size_t i, unsigned) {
        auto page = std::make_shared<PageFacts>();
        if (auto data = on_disk ? read_file(options.dir + "/" + html[i]) : std::nullopt) {
            *page = scan_page(html[i], *data, options.required_links);
        } else {
            page->file = html[i];
            page->url = page_url(html[i]);
        }
        pages[first + i] = std::move(page);
    });
    // Pages handed over for a file no longer there were not published.
    std::erase_if(pages, [&](const auto& p) { return !site.files.count(p->file); });
    std::sort(pages.begin(), pages.end(),
              [](const auto& a, const auto& b) { return a->file < b->file; });

    std::vector<Finding> out;
    for (const auto& page : pages) {
        const PageFacts& p = *page;
        site.pages[p.file] = &p;
        if (p.file == "index.html" && !p.canonical.empty()) {
            site.base_url = p.canonical;
            auto scheme = p.canonical.find("://");
            auto path =
                scheme == std::string::npos ? std::string::npos : p.canonical.find('/', scheme + 3);
            site.base_path = path == std::string::npos ? "/" : p.canonical.substr(path);
        }
    }
    std::vector<std::vector<Finding>> link_findings(pages.size());
    std::vector<LinkMemo> memos(std::max(1u, options.jobs));
    FactsCache::Impl::Links* last = state_->cache ? &state_->cache->impl_->links : nullptr;
    // The file set's digest (a sum does not depend on order), without the
    // search index's files unless the last check saw a link into them.
    bool count_search = !last || last->search_files;
    std::uint64_t files = 0;
    for (const auto& f : site.files)
        if (count_search || f.rfind("search/", 0) != 0 || f == "search/index.html")
            files += hash64(f);
    bool same_targets = last && last->files == files && last->base_url == site.base_url &&
                        last->base_path == site.base_path && last->pages.size() == pages.size();
    for (std::size_t i = 0; same_targets && i < pages.size(); ++i) {
        const PageFacts *now = pages[i].get(), *before = last->pages[i].get();
        if (now != before && (now->file != before->file || now->ids != before->ids))
            same_targets = false;
    }
    std::atomic<std::size_t> reused{0};
    // Kept pages linked into search/'s files last time only if the last
    // check says so, and then nothing is kept (count_search).
    std::vector<char> search_files(std::max(1u, options.jobs), 0);
    parallel_for(pages.size(), options.jobs, [&](std::size_t i, unsigned worker) {
        if (pages[i]->redirect) return;
        if (same_targets && pages[i] == last->pages[i]) {
            link_findings[i] = last->findings[i];
            ++reused;
            return;
        }
        bool into = false;
        check_links(site, *pages[i], link_findings[i], memos[worker], into);
        if (into) search_files[worker] = 1;
    });
    if (last) {
        state_->cache->impl_->links_reused = reused;
        // Pages kept from the last check link where they did then.
        bool any =
            std::any_of(search_files.begin(), search_files.end(), [](char c) { return c; }) ||
            (reused > 0 && last->search_files);
        // The digest kept must be of the files the next check will count.
        std::uint64_t kept_files = files;
        if (count_search && !any) {
            kept_files = 0;
            for (const auto& f : site.files)
                if (f.rfind("search/", 0) != 0 || f == "search/index.html") kept_files += hash64(f);
        } else if (!count_search && any) {
            kept_files = 0;  // a page links into search/ now: count them from next time
            for (const auto& f : site.files) kept_files += hash64(f);
        }
        *last = {pages, kept_files, any, site.base_url, site.base_path, link_findings};
    }
    // A site in two languages or more (its pages' <html lang> say so) offers
    // the switch on every page, to the page's translation or the other home
    // page (DGA AI-13, AI-14); a site in Thai only has nothing to switch to.
    // Once the home page links to another language, every page must too.
    std::set<std::string> languages;
    for (const auto& p : pages)
        if (p->parsed && !p->redirect && !p->editor && !p->lang.empty())
            languages.insert(p->lang.substr(0, p->lang.find('-')));
    auto home = site.pages.find("index.html");
    bool multilingual = home != site.pages.end() && home->second->has_language_link;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const PageFacts& p = *pages[i];
        out.insert(out.end(), p.findings.begin(), p.findings.end());
        out.insert(out.end(), link_findings[i].begin(), link_findings[i].end());
        if (p.file == "index.html" && !p.has_language_link && languages.size() > 1) {
            add(out, "language-switch", p.url, 0,
                "the home page has no link to another language (hreflang)");
        } else if (multilingual && p.parsed && !p.redirect && !p.editor && !p.has_language_link) {
            add(out, "language-switch", p.url, 0,
                "no link to the other language (hreflang), which the home page has");
        }
    }
    check_duplicates(pages, out);
    check_sitemap(site, pages, out);
    std::sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.page, a.line, a.rule, a.message) <
               std::tie(b.page, b.line, b.rule, b.message);
    });
    return out;
}

void group_site_wide(std::vector<Finding>& findings) {
    // A footer link missing from site.yaml is missing from every page: one
    // finding with a count, where there were once thousands of lines.
    std::map<std::pair<std::string, std::string>, std::size_t> first;
    std::vector<Finding> out;
    out.reserve(findings.size());
    for (auto& f : findings) {
        const Rule* r = find_rule(f.rule);
        if (!r || !r->site_wide) {
            out.push_back(std::move(f));
            continue;
        }
        auto [it, fresh] = first.try_emplace({f.rule, f.message}, out.size());
        if (fresh)
            out.push_back(std::move(f));
        else
            out[it->second].pages += f.pages;
    }
    findings = std::move(out);
}

bool has_errors(const std::vector<Finding>& findings) {
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return f.level == Level::error; });
}

namespace {

std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + json_string(items[i]);
    return out + "]";
}

}  // namespace

std::string finding_location(const Finding& f) {
    // Page paths and messages quote the site's own text: escaped so a
    // file name cannot forge a finding or reach the terminal raw.
    if (!f.source.empty())
        return terminal_safe(f.source) +
               (f.source_line > 0 ? ":" + std::to_string(f.source_line) : std::string()) +
               (f.page.empty() || f.pages > 1
                    ? ""
                    : " (" + terminal_safe(f.page) +
                          (f.source_line == 0 && f.line > 0 ? ":" + std::to_string(f.line) : "") +
                          ")");
    return (f.page.empty() ? std::string("site") : terminal_safe(f.page)) +
           (f.line > 0 ? ":" + std::to_string(f.line) : "");
}

std::string format_text(const std::vector<Finding>& findings) {
    std::string out;
    for (const auto& f : findings) {
        const Rule* r = find_rule(f.rule);
        out += finding_location(f) + (f.level == Level::error ? ": error: " : ": warning: ") +
               terminal_safe(f.message);
        if (f.pages > 1)
            out += " (on " + std::to_string(f.pages) + " pages / พบใน " + std::to_string(f.pages) +
                   " หน้า)";
        out += " [" + terminal_safe(f.rule) + "]";
        std::string tags;
        if (r && !r->wcag.empty()) {
            tags += "WCAG";
            for (const auto& c : r->wcag) tags += " " + c;
        }
        if (r && !r->dga.empty()) {
            tags += tags.empty() ? "DGA" : "; DGA";
            for (const auto& c : r->dga) tags += " " + c;
        }
        out += (tags.empty() ? "" : " (" + tags + ")") + "\n";
    }
    return out;
}

std::string format_json(const std::vector<Finding>& findings) {
    std::string out = "{\"findings\":[";
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const auto& f = findings[i];
        const Rule* r = find_rule(f.rule);
        const Message* m = find_message(f.rule);
        auto text = [&](std::string_view t) { return json_string(std::string(t)); };
        out += (i ? ",\n" : "\n") + std::string("{\"rule\":") + json_string(f.rule) +
               ",\"severity\":" + (f.level == Level::error ? "\"error\"" : "\"warning\"") +
               ",\"page\":" + json_string(f.page) + ",\"line\":" + std::to_string(f.line) +
               ",\"pages\":" + std::to_string(f.pages) + ",\"source\":" + json_string(f.source) +
               ",\"source_line\":" + std::to_string(f.source_line) +
               ",\"message\":" + json_string(f.message) +
               ",\"wcag\":" + json_list(r ? r->wcag : std::vector<std::string>{}) +
               ",\"dga\":" + json_list(r ? r->dga : std::vector<std::string>{});
        if (m)
            out += ",\"th\":" + text(m->th) + ",\"en\":" + text(m->en) +
                   ",\"fix_th\":" + text(m->fix_th) + ",\"fix_en\":" + text(m->fix_en);
        out += "}";
    }
    return out + "\n]}\n";
}

}  // namespace kmsite::check
