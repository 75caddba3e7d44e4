#include <algorithm>
#include <cctype>
#include <map>

#include "site/internal.h"
#include "thai/thai.h"

namespace kmsite::site {

std::string Site::output_file(const std::string& url) {
    if (url.empty() || url.back() == '/') return url + "index.html";
    return url;
}

bool Site::is_regular(std::size_t i) const {
    return !pages[i].is_home && !pages[i].is_section_index;
}

std::int64_t page_date(const content::Page& page) {
    return page.date.value_or(page.lastmod);
}

std::int64_t Site::document_lastmod(const Document& doc) const {
    auto newest = [&](const std::vector<std::size_t>& ids, std::int64_t floor) {
        for (auto i : ids) floor = std::max(floor, pages[i].lastmod);
        return floor;
    };
    switch (doc.kind) {
        case DocKind::page:
        case DocKind::alias:
        case DocKind::image:
            return pages[doc.page].lastmod;
        case DocKind::section: {
            const auto& sec = sections[doc.section];
            return newest(doc.items, sec.index_page != none ? pages[sec.index_page].lastmod : 0);
        }
        case DocKind::term:
        case DocKind::az_index:  // its section's pages, by title
            return newest(doc.items, 0);
        default:
            return newest_lastmod;
    }
}

std::vector<images::Job> Site::picture_jobs() const {
    std::vector<images::Job> jobs;
    std::set<std::string> seen;
    for (const auto& p : pages) {
        for (const auto& image : p.gallery) {
            if (image.source_path.empty() || !seen.insert(image.source_path).second) continue;
            jobs.push_back(
                {image.source_path, p.url, image.name, p.source_path, image.line, image.col});
        }
    }
    return jobs;
}

namespace {

void sort_by_date(const Site& site, std::vector<std::size_t>& ids) {
    std::stable_sort(ids.begin(), ids.end(), [&](std::size_t a, std::size_t b) {
        auto da = page_date(site.pages[a]), db = page_date(site.pages[b]);
        if (da != db) return da > db;
        return site.pages[a].source_path < site.pages[b].source_path;
    });
}

// Section order: pages with a weight first (lowest first), then newest, then ก-ฮ.
void sort_section(const Site& site, std::vector<std::size_t>& ids) {
    std::vector<std::pair<std::string, std::size_t>> keyed;
    for (auto i : ids) keyed.emplace_back(site.pages[i].title_key, i);
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
        const auto& pa = site.pages[a.second];
        const auto& pb = site.pages[b.second];
        auto wa = std::pair(pa.weight == 0, pa.weight), wb = std::pair(pb.weight == 0, pb.weight);
        if (wa != wb) return wa < wb;
        if (page_date(pa) != page_date(pb)) return page_date(pa) > page_date(pb);
        return a.first < b.first;
    });
    for (std::size_t k = 0; k < ids.size(); ++k) ids[k] = keyed[k].second;
}

// A section of SOPs or articles also gets a ก-ฮ index of its pages.
void sort_by_title(const Site& site, Section& section) {
    std::vector<std::pair<std::string, std::size_t>> keyed;
    for (auto i : section.pages) {
        auto kind = site.pages[i].kind;
        section.has_az_index |= kind == content::Kind::sop || kind == content::Kind::article;
        keyed.emplace_back(site.pages[i].title_key, i);
    }
    std::stable_sort(keyed.begin(), keyed.end());
    for (const auto& [key, i] : keyed) section.by_title.push_back(i);
}

// SOPs without a document code get one from their section and order:
// the third manual in content/sop/ is SOP-03.
void assign_sop_codes(Site& site, const Section& section) {
    std::string prefix = section.key.substr(section.key.rfind('/') + 1);
    std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    int n = 0;
    for (auto i : section.pages) {
        auto& sop = site.pages[i].sop;
        if (!sop) continue;
        ++n;
        if (sop->code.empty()) {
            sop->code = prefix + (n < 10 ? "-0" : "-") + std::to_string(n);
            // The page now holds what its file alone does not say: its
            // fingerprint must say it too (later stages' caches key on it).
            auto& fp = site.pages[i].fingerprint;
            fp = Hasher().add(fp).add("sop-code").add(sop->code).finish();
        }
    }
}

void build_sections(Site& site) {
    std::map<std::string, Section> by_key;
    for (std::size_t i = 0; i < site.pages.size(); ++i) {
        const auto& p = site.pages[i];
        if (p.section.empty()) continue;
        Section& s = by_key[p.section];
        if (s.key.empty()) {
            s.key = p.section;
            s.lang = p.lang;
            s.url = p.section + '/';
            std::string top = p.section.substr(p.section.rfind('/') + 1);
            auto it = site.config.sections.find(top);
            bool english = p.lang != site.config.language;
            if (it != site.config.sections.end()) {
                s.title = english && !it->second.title_en.empty() ? it->second.title_en
                                                                  : it->second.title;
            }
            if (s.title.empty()) s.title = top;
        }
        if (p.is_section_index) {
            s.index_page = i;
            s.title = p.title;
            s.description = p.description;
        } else {
            s.pages.push_back(i);
        }
    }
    for (auto& [key, section] : by_key) {
        sort_section(site, section.pages);
        sort_by_title(site, section);
        assign_sop_codes(site, section);
        site.sections.push_back(std::move(section));
    }
}

Document make_doc(DocKind kind, std::string url, std::string lang, std::size_t page = none,
                  std::size_t section = none, std::size_t taxonomy = none,
                  std::size_t term = none) {
    Document d;
    d.kind = kind;
    d.url = std::move(url);
    d.lang = std::move(lang);
    d.page = page;
    d.section = section;
    d.taxonomy = taxonomy;
    d.term = term;
    return d;
}

// Splits `items` into pages of `per_page`, adding one document per page.
void paginate(Site& site, Document base, const std::vector<std::size_t>& items) {
    int per_page = site.config.paginate;
    int count = std::max<int>(1, (static_cast<int>(items.size()) + per_page - 1) / per_page);
    std::string first_url = base.url;
    for (int n = 1; n <= count; ++n) {
        Document d = base;
        d.page_number = n;
        d.page_count = count;
        d.url = n == 1 ? first_url : first_url + "page/" + std::to_string(n) + '/';
        auto begin = items.begin() + std::min<std::size_t>(items.size(), (n - 1) * per_page);
        auto end = items.begin() + std::min<std::size_t>(items.size(), n * per_page);
        d.items.assign(begin, end);
        site.documents.push_back(std::move(d));
    }
}

void plan_documents(Site& site) {
    const std::string& lang = site.config.language;
    bool has_home = false;
    for (std::size_t i = 0; i < site.pages.size(); ++i) {
        const auto& p = site.pages[i];
        if (p.is_home) {
            has_home |= p.lang == lang;
            site.homes.emplace(p.lang, p.url);
            site.documents.push_back(make_doc(DocKind::home, p.url, p.lang, i));
        } else if (!p.is_section_index) {
            site.documents.push_back(make_doc(DocKind::page, p.url, p.lang, i));
        }
        for (std::size_t k = 0; k < p.gallery.size(); ++k) {
            Document d = make_doc(DocKind::image, p.url + p.gallery[k].name + "/", p.lang, i);
            d.image = k;
            site.documents.push_back(std::move(d));
        }
        for (const auto& alias : p.aliases) {
            site.documents.push_back(make_doc(DocKind::alias, alias, p.lang, i));
        }
    }
    if (!has_home) site.documents.push_back(make_doc(DocKind::home, "", lang));
    site.homes.emplace(lang, "");
    for (std::size_t s = 0; s < site.sections.size(); ++s) {
        const auto& sec = site.sections[s];
        Document d = make_doc(DocKind::section, sec.url, sec.lang, sec.index_page, s);
        paginate(site, d, sec.pages);
        if (sec.has_az_index) {
            Document az = make_doc(DocKind::az_index, sec.url + "a-z/", sec.lang, none, s);
            az.items = sec.by_title;
            site.documents.push_back(std::move(az));
        }
    }
    for (std::size_t t = 0; t < site.taxonomies.size(); ++t) {
        const auto& tax = site.taxonomies[t];
        if (tax.terms.empty()) continue;
        site.documents.push_back(make_doc(DocKind::taxonomy, tax.url, lang, none, none, t));
        for (std::size_t k = 0; k < tax.terms.size(); ++k) {
            Document d = make_doc(DocKind::term, tax.terms[k].url, lang, none, none, t, k);
            paginate(site, d, tax.terms[k].pages);
        }
    }
    site.documents.push_back(make_doc(DocKind::search, "search/", lang));
    site.documents.push_back(make_doc(DocKind::compliance, "compliance/", lang));
    site.documents.push_back(make_doc(DocKind::html_sitemap, "sitemap/", lang));
    site.documents.push_back(make_doc(DocKind::not_found, "404.html", lang));
}

// Claims every output file the site plans, before anything is written: two
// claimants of one file is an error naming both (see OutputClaims). The theme's
// files and the gallery pictures are claimed when they are known.
void claim_outputs(Site& site, Diagnostics& diagnostics) {
    auto& claims = site.outputs;
    for (const auto& d : site.documents) {
        std::string who =
            d.page != none ? site.pages[d.page].source_path : "the generated page /" + d.url;
        claims.claim(Site::output_file(d.url), who, diagnostics);
    }
    for (const auto& a : site.assets) claims.claim(a.url, a.source_path, diagnostics);
    // What the emit stage generates (emit/*.cpp, search/index.cpp).
    claims.claim("robots.txt", "robots.txt (generated)", diagnostics);
    claims.claim("sitemap.xml", "the sitemap (generated)", diagnostics);
    claims.claim_pattern("sitemap-", ".xml", "the sitemap (generated)", diagnostics);
    claims.claim_pattern("search/", ".json", "the search index (generated)", diagnostics);
    std::vector<std::pair<std::string, std::string>> feeds = {{"", "the site's feed"}};
    for (const auto& sec : site.sections)
        feeds.emplace_back(sec.url, "the feed of section " + sec.key);
    for (const auto& [url, who] : feeds) {
        claims.claim(url + "index.xml", who + " (generated)", diagnostics);
        claims.claim(url + "atom.xml", who + " (generated)", diagnostics);
    }
    // A plan's open data: its CSV file is published in checked form in place
    // of the file itself; the JSON is new.
    for (const auto& page : site.pages) {
        for (const auto& t : page.plan_tables) {
            std::string who = "open data of " + t.source_path + " (generated)";
            claims.take_over(page.url + t.name + ".csv", t.source_path, who, diagnostics);
            claims.claim(page.url + t.name + ".json", who, diagnostics);
        }
    }
}

}  // namespace

Site build_site(config::SiteConfig config, content::ContentSet content, Diagnostics& diagnostics) {
    Site site;
    site.config = std::move(config);
    site.pages = std::move(content.pages);
    site.assets = std::move(content.assets);
    for (std::size_t i = 0; i < site.pages.size(); ++i) {
        const auto& p = site.pages[i];
        site.newest_lastmod = std::max(site.newest_lastmod, p.lastmod);
        if (!p.translation_key.empty()) site.translations[p.translation_key].push_back(i);
        if (site.is_regular(i)) site.by_date.push_back(i);
    }
    sort_by_date(site, site.by_date);
    // The content stage makes each key; a page made otherwise (a test's) gets it here.
    for (auto& p : site.pages)
        if (p.title_key.empty() && !p.title.empty()) p.title_key = thai::sort_key(p.title);
    site.copyright_year = thai::civil_date(site.newest_lastmod, site.config.time_zone).year;
    build_sections(site);
    build_taxonomies(site);
    build_menus(site, diagnostics);
    plan_documents(site);
    claim_outputs(site, diagnostics);
    std::sort(site.documents.begin(), site.documents.end(),
              [](const Document& a, const Document& b) { return a.url < b.url; });
    return site;
}

}  // namespace kmsite::site
