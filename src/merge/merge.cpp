#include "merge/merge.h"

#include <tinyxml2.h>

#include <mutex>
#include <set>

#include "compress/compress.h"
#include "publish/publish.h"

namespace kmsite::merge {

namespace {

constexpr std::size_t max_site_file = std::size_t{1} << 30;  // a page, a picture, a CSV
constexpr std::size_t max_sitemap = std::size_t{50} << 20;   // the protocol's limit, uncompressed
constexpr const char* sitemap_ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

// A file of the host's search index (search.h lists them), which the
// merged index replaces; the search page (search/index.html) stays.
bool is_index_file(std::string_view path) {
    if (path.rfind("search/", 0) != 0 || path.size() < 12 ||
        path.substr(path.size() - 5) != ".json")
        return false;
    std::string_view name = path.substr(7);
    return name == "meta.json" || name.rfind("c-", 0) == 0 || name.rfind("f/", 0) == 0 ||
           name.rfind("filter-", 0) == 0 || name.rfind("vocab-", 0) == 0 ||
           name.rfind("v-", 0) == 0;
}

struct Sitemap {
    std::string loc, lastmod;
};

// A W3C datetime as a build writes it ("2026-11-22T05:25:22+07:00"), or ""
// for anything else: it is copied into the index.
std::string datetime_or_empty(const char* text) {
    if (!text) return "";
    std::string s(text);
    if (s.size() < 10 || s.size() > 40) return "";
    for (char c : s)
        if (!((c >= '0' && c <= '9') || c == '-' || c == ':' || c == 'T' || c == '+' || c == 'Z' ||
              c == '.'))
            return "";
    return s;
}

bool http_url(std::string_view url) {
    if (url.size() > 2048 || !(url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0))
        return false;
    for (char c : url)
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7F || c == '\\') return false;
    return true;
}

const char* child_text(const tinyxml2::XMLElement* e, const char* name) {
    const auto* c = e->FirstChildElement(name);
    return c ? c->GetText() : nullptr;
}

// A site's sitemap.xml: a urlset (then the site's sitemap is that file;
// its lastmod the newest of its pages') or a sitemap index (then its
// parts). Returns false with an error on anything else. `bytes` receives
// the file as read (the host's urlset is published again).
bool read_sitemap(const std::string& dir, bool* is_index, std::vector<Sitemap>& parts,
                  std::string& newest, std::string& bytes, Diagnostics& diagnostics) {
    const std::string file = dir + "/sitemap.xml";
    auto data = read_file_beneath(dir, "sitemap.xml", max_sitemap);
    tinyxml2::XMLDocument doc;
    if (!data || doc.Parse(data->data(), data->size()) != tinyxml2::XML_SUCCESS ||
        !doc.RootElement()) {
        diagnostics.error(file, 0, 0, "merge-input",
                          "is missing or is not XML: build the site again / ไม่มีไฟล์หรือไม่ใช่ XML "
                          "ให้สร้างเว็บไซต์นั้นใหม่");
        return false;
    }
    bytes = std::move(*data);
    const auto* root = doc.RootElement();
    std::string name = root->Name();
    *is_index = name == "sitemapindex";
    if (name == "urlset") {
        for (const auto* u = root->FirstChildElement("url"); u; u = u->NextSiblingElement("url"))
            newest = std::max(newest, datetime_or_empty(child_text(u, "lastmod")));
        return true;
    }
    if (!*is_index) {
        diagnostics.error(file, root->GetLineNum(), 0, "merge-input",
                          "is neither a urlset nor a sitemapindex / ไม่ใช่ sitemap");
        return false;
    }
    for (const auto* s = root->FirstChildElement("sitemap"); s;
         s = s->NextSiblingElement("sitemap")) {
        const char* loc = child_text(s, "loc");
        // Any http(s) URL: a merged portal's index lists offices on other
        // hosts, and it may be merged again (a province into a nation).
        if (!loc || !http_url(loc)) {
            diagnostics.error(file, s->GetLineNum(), 0, "merge-input",
                              "lists a sitemap whose address is not an http(s) URL / มี sitemap "
                              "ที่ที่อยู่ไม่ใช่ URL แบบ http(s)");
            return false;
        }
        parts.push_back({loc, datetime_or_empty(child_text(s, "lastmod"))});
    }
    return true;
}

std::string sitemap_index(const std::vector<Sitemap>& sitemaps) {
    tinyxml2::XMLPrinter p;
    p.PushDeclaration("xml version=\"1.0\" encoding=\"UTF-8\"");
    p.OpenElement("sitemapindex");
    p.PushAttribute("xmlns", sitemap_ns);
    for (const auto& s : sitemaps) {
        p.OpenElement("sitemap");
        p.OpenElement("loc");
        p.PushText(s.loc.c_str());
        p.CloseElement();
        if (!s.lastmod.empty()) {
            p.OpenElement("lastmod");
            p.PushText(s.lastmod.c_str());
            p.CloseElement();
        }
        p.CloseElement();
    }
    p.CloseElement();
    return p.CStr();
}

// The host's files as its build wrote them (its manifest), but for what
// the merge makes anew. Returns the paths taken.
std::set<std::string> copy_host(const std::string& host, unsigned jobs, FileSink& out,
                                bool& precompressed, Diagnostics& diagnostics) {
    std::set<std::string> paths;
    auto manifest = read_file_beneath(host, publish::manifest_name, max_sitemap);
    if (!manifest) {
        diagnostics.error(host, 0, 0, "merge-input",
                          "is not the output of `kmsite build` (it has no " +
                              std::string(publish::manifest_name) +
                              "): give the folder a build wrote / ไม่ใช่โฟลเดอร์ผลลัพธ์ของ "
                              "kmsite build");
        return paths;
    }
    if (read_file_beneath(host, publish::pending_name, max_sitemap)) {
        diagnostics.error(host, 0, 0, "merge-input",
                          "holds a build that did not finish: build it again / การสร้างเว็บไซต์"
                          "ในโฟลเดอร์นี้ยังไม่เสร็จ ให้สร้างใหม่");
        return paths;
    }
    // The host's .gz and .br copies are not taken: the merge's output
    // writer makes its own from the merged files (the host's sitemap.xml.gz
    // would be of the host's own sitemap, not of the index that replaces it).
    precompressed = publish::manifest_precompressed(*manifest);
    auto entries = publish::parse_manifest(*manifest);
    std::set<std::string> listed;
    for (const auto& e : entries) listed.insert(e.path);
    std::vector<std::string> files;
    for (auto& e : entries) {
        if (e.path == "sitemap.xml" || is_index_file(e.path)) continue;
        if (auto original = compress::original_of(e.path);
            !original.empty() && listed.count(original) && precompressed)
            continue;
        files.push_back(e.path);
    }
    std::mutex mutex;
    std::vector<std::string> missing;
    parallel_for(files.size(), jobs, [&](std::size_t i, unsigned) {
        auto data = read_file_beneath(host, files[i], max_site_file);
        if (!data) {
            std::lock_guard lock(mutex);
            missing.push_back(files[i]);
            return;
        }
        out.put(files[i], *data);
    });
    for (const auto& m : missing)
        diagnostics.error(host + "/" + m, 0, 0, "merge-input",
                          "is listed by the build but cannot be read (missing, or not a regular "
                          "file): build the site again / ไฟล์ที่การสร้างเว็บไซต์บันทึกไว้หายไป"
                          "หรืออ่านไม่ได้ ให้สร้างเว็บไซต์นั้นใหม่");
    paths.insert(files.begin(), files.end());
    return paths;
}

}  // namespace

Result merge_sites(const Options& o, FileSink& out, Diagnostics& diagnostics) {
    Result result;
    if (o.sites.empty()) return result;
    const std::string& host = o.sites.front();
    auto host_files = copy_host(host, o.jobs, out, result.precompressed, diagnostics);
    std::size_t documents = 0;
    auto sites = search::merge_indexes(
        o.sites, o.jobs,
        [&](const std::string& path, std::string_view data) { out.put(path, data); }, diagnostics);
    for (const auto& s : sites) documents += s.docs;
    if (diagnostics.has_errors()) return result;
    // Each site says itself where it is and what it is called (its build
    // wrote it): two that say the same are worth a look before publishing.
    for (std::size_t i = 0; i < sites.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (sites[i].url == sites[j].url || sites[i].title == sites[j].title)
                diagnostics.warning(o.sites[i] + "/search/meta.json", 0, 0, "merge-same-site",
                                    "says it is " + sites[i].url + " (" + sites[i].title +
                                        "), as " + o.sites[j] +
                                        " does: check that each folder is the office you "
                                        "meant / เว็บไซต์นี้ระบุที่อยู่หรือชื่อเดียวกับอีกเว็บไซต์หนึ่ง "
                                        "ตรวจสอบว่าแต่ละโฟลเดอร์เป็นของหน่วยงานที่ตั้งใจ");

    // The sitemap index: the host's sitemap (its parts, when it is an index
    // already), then every other site's, in the order given.
    std::vector<Sitemap> sitemaps;
    for (std::size_t i = 0; i < o.sites.size(); ++i) {
        bool is_index = false;
        std::vector<Sitemap> parts;
        std::string newest, bytes;
        if (!read_sitemap(o.sites[i], &is_index, parts, newest, bytes, diagnostics)) continue;
        if (is_index) {
            sitemaps.insert(sitemaps.end(), parts.begin(), parts.end());
        } else if (i == 0) {
            // The host's own list moves aside for the index: under a name
            // its build did not use.
            std::string name = "sitemap-1.xml";
            for (int k = 2; host_files.count(name); ++k)
                name = "sitemap-" + std::to_string(k) + ".xml";
            out.put(name, bytes);
            sitemaps.push_back({sites[i].url + name, newest});
        } else {
            sitemaps.push_back({sites[i].url + "sitemap.xml", newest});
        }
    }
    if (diagnostics.has_errors()) return result;
    out.put("sitemap.xml", sitemap_index(sitemaps));
    result.sites = std::move(sites);
    result.documents = documents;
    result.sitemaps = sitemaps.size();
    return result;
}

}  // namespace kmsite::merge
