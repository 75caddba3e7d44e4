// Internal links are written as paths to source files ("../sop/backup.md",
// "images/chart.png") so they work in any Markdown editor and on the Git host;
// here they become page URLs and are checked.
#include <algorithm>
#include <cctype>

#include "content/internal.h"
#include "thai/thai.h"

namespace kmsite::content {

namespace {

struct SplitUrl {
    std::string path, suffix;  // suffix keeps "?query#fragment"
    std::string fragment;
};

SplitUrl split_url(const std::string& url) {
    auto cut = url.find_first_of("?#");
    SplitUrl s{url.substr(0, cut), cut == std::string::npos ? "" : url.substr(cut), ""};
    auto hash = url.find('#');
    if (hash != std::string::npos) s.fragment = url.substr(hash + 1);
    return s;
}

bool has_heading(const Page& page, const std::string& id) {
    return std::any_of(page.headings.begin(), page.headings.end(),
                       [&](const Heading& h) { return h.id == id; });
}

bool anchor_ok(const Page& target, const std::string& fragment) {
    if (fragment.empty() || has_heading(target, thai::fold_digits(percent_decode(fragment))))
        return true;
    return fragment.rfind("fn", 0) == 0;  // footnote anchors made by cmark-gfm
}

// A picture every link preview can show (not SVG, which none does).
bool is_raster(std::string_view url) {
    static constexpr std::string_view types[] = {".png", ".jpg", ".jpeg", ".gif", ".webp"};
    std::string ext = lower_ascii(extension(url));
    return std::find(std::begin(types), std::end(types), ext) != std::end(types);
}

const Page* page_for(const LinkTargets& targets, const std::string& path) {
    for (const std::string& candidate :
         {path, path + "/_index.md", path + "/index.md", path + ".md"}) {
        auto it = targets.pages.find(candidate);
        if (it != targets.pages.end()) return it->second;
    }
    return nullptr;
}

struct LinkResolver {
    Page& page;
    const LinkTargets& targets;
    bool raw_html;
    int body_line;
    Diagnostics& diagnostics;
    LinkLog* log;

    void error(cmark_node* n, RuleId rule, const std::string& message) {
        diagnostics.error(page.source_path, source_line(n, body_line), source_col(n), rule,
                          message);
    }
    void warning(cmark_node* n, RuleId rule, const std::string& message) {
        diagnostics.warning(page.source_path, source_line(n, body_line), source_col(n), rule,
                            message);
    }

    void check_anchor(cmark_node* n, const Page& target, const std::string& fragment) {
        if (anchor_ok(target, fragment)) return;
        warning(n, "link-broken-anchor",
                "no heading with id '" + fragment + "' in " + target.source_path);
    }

    // `from` is the folder the link is relative to: the page's own, or the
    // content root for links written as "/sop/backup.md".
    void resolve_path(cmark_node* n, const std::string& url, std::string_view from, bool image) {
        SplitUrl s = split_url(url);
        std::string decoded = percent_decode(s.path);
        auto resolved = normalize_relative(join_path(from, decoded));
        if (!resolved) {
            error(
                n, "path-escape",
                "link '" + url + "' points outside the content folder / ลิงก์ชี้ออกนอกโฟลเดอร์ content");
            return;
        }
        LinkLookup lookup{*resolved, s.fragment, image};
        std::string a = answer(targets, lookup);
        if (log) log->emplace_back(lookup, a);
        // The answer is all that is used from here: a cached page whose
        // lookups answer the same would be made the same.
        std::vector<std::string_view> parts;
        for (std::size_t at = 0;;) {
            std::size_t sep = a.find('\x1f', at);
            parts.push_back(std::string_view(a).substr(at, sep == std::string::npos ? sep : sep - at));
            if (sep == std::string::npos) break;
            at = sep + 1;
        }
        if (image && parts[0] == "a" && page.image.empty() && is_raster(parts[1]))
            page.image = std::string(parts[1]);
        if (parts[0] == "a" || parts[0] == "s") {
            cmark_node_set_url(n, (targets.base_path + std::string(parts[1]) + s.suffix).c_str());
            return;
        }
        if (parts[0] == "p") {
            if (parts[3] != "1")
                warning(n, "link-broken-anchor",
                        "no heading with id '" + s.fragment + "' in " + std::string(parts[2]));
            cmark_node_set_url(n, (targets.base_path + std::string(parts[1]) + s.suffix).c_str());
            return;
        }
        if (image) {
            error(n, "image-missing",
                  "image file not found: content/" + *resolved + " / ไม่พบไฟล์รูปภาพ");
        } else {
            error(n, "link-broken",
                  "link to content/" + *resolved +
                      ", which does not exist (or is a draft) / ลิงก์ไปยังหน้าที่ไม่มีอยู่");
        }
    }

    void resolve(cmark_node* n) {
        const char* raw = cmark_node_get_url(n);
        std::string url = raw ? raw : "";
        bool image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
        if (url.empty()) return;
        // One rule for every link an author writes (bodies and Markdown fields):
        // relative links, http(s), mailto and tel; raster data: URLs for images.
        // Only a site that opted in to raw HTML (and so trusts its authors with
        // script already) may use other schemes.
        std::string scheme = url_scheme(url);
        if (!scheme.empty() && !allowed_link_scheme(scheme) && !(image && raster_data_url(url))) {
            if (!raw_html) {
                error(n, "link-unsafe",
                      terminal_safe(scheme) +
                          ": links are not allowed in content; use http, https, mailto or tel / "
                          "ลิงก์ชนิดนี้ใช้ไม่ได้ ใช้ได้เฉพาะ http, https, mailto และ tel");
                cmark_node_set_url(n, "");
            }
            return;
        }
        if (!scheme.empty() || url.rfind("//", 0) == 0) return;  // external
        if (url[0] == '#') {
            check_anchor(n, page, url.substr(1));
            return;
        }
        if (url[0] == '/') {
            SplitUrl s = split_url(url);
            if (extension(s.path) == ".md") {
                resolve_path(n, url.substr(1), "", image);
                return;
            }
            page.site_links.push_back({s.path.substr(1), source_line(n, body_line), source_col(n)});
            cmark_node_set_url(n, (targets.base_path + url.substr(1)).c_str());
            return;
        }
        resolve_path(n, url, parent_path(page.rel_path), image);
    }
};

}  // namespace

// An asset ("a", its URL), a page ("p", its URL, its file, whether the
// fragment names one of its headings), a section's list ("s", its URL), or
// nothing ("-"). Fields are separated by U+001F, which no path holds.
std::string answer(const LinkTargets& targets, const LinkLookup& lookup) {
    if (auto asset = targets.assets.find(lookup.path); asset != targets.assets.end())
        return "a\x1f" + asset->second;
    if (const Page* target = lookup.image ? nullptr : page_for(targets, lookup.path)) {
        return "p\x1f" + target->url + "\x1f" + target->source_path + "\x1f" +
               (anchor_ok(*target, lookup.fragment) ? "1" : "0");
    }
    if (!lookup.image && targets.sections.count(lookup.path)) return "s\x1f" + lookup.path + "/";
    return "-";
}

void resolve_links(cmark_node* doc, Page& page, const LinkTargets& targets, bool raw_html,
                   int body_line, Diagnostics& diagnostics, LinkLog* log) {
    // Links in a page resolve against its folder, so rel_path must be content-relative.
    LinkResolver resolver{page, targets, raw_html, body_line, diagnostics, log};
    std::vector<cmark_node*> links;
    cmark_iter* it = cmark_iter_new(doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        auto type = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)) {
            links.push_back(n);
        }
    }
    cmark_iter_free(it);
    for (cmark_node* n : links) resolver.resolve(n);
}

}  // namespace kmsite::content
