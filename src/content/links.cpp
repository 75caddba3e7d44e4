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

struct LinkResolver {
    Page& page;
    const LinkTargets& targets;
    bool raw_html;
    int body_line;
    Diagnostics& diagnostics;

    void error(cmark_node* n, const std::string& rule, const std::string& message) {
        diagnostics.error(page.source_path, source_line(n, body_line), source_col(n), rule,
                          message);
    }
    void warning(cmark_node* n, const std::string& rule, const std::string& message) {
        diagnostics.warning(page.source_path, source_line(n, body_line), source_col(n), rule,
                            message);
    }

    void check_anchor(cmark_node* n, const Page& target, const std::string& fragment) {
        if (fragment.empty() || has_heading(target, thai::fold_digits(percent_decode(fragment))))
            return;
        if (fragment.rfind("fn", 0) == 0) return;  // footnote anchors made by cmark-gfm
        warning(n, "link-broken-anchor",
                "no heading with id '" + fragment + "' in " + target.source_path);
    }

    const Page* page_for(const std::string& path) {
        for (const std::string& candidate :
             {path, path + "/_index.md", path + "/index.md", path + ".md"}) {
            auto it = targets.pages.find(candidate);
            if (it != targets.pages.end()) return it->second;
        }
        return nullptr;
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
        if (auto asset = targets.assets.find(*resolved); asset != targets.assets.end()) {
            cmark_node_set_url(n, (targets.base_path + asset->second + s.suffix).c_str());
            return;
        }
        const Page* target = image ? nullptr : page_for(*resolved);
        if (target) {
            check_anchor(n, *target, s.fragment);
            cmark_node_set_url(n, (targets.base_path + target->url + s.suffix).c_str());
            return;
        }
        if (!image && targets.sections.count(*resolved)) {  // a section's generated list page
            cmark_node_set_url(n, (targets.base_path + *resolved + '/' + s.suffix).c_str());
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

void resolve_links(cmark_node* doc, Page& page, const LinkTargets& targets, bool raw_html,
                   int body_line, Diagnostics& diagnostics) {
    // Links in a page resolve against its folder, so rel_path must be content-relative.
    LinkResolver resolver{page, targets, raw_html, body_line, diagnostics};
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
