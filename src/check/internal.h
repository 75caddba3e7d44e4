// Private to the check stage.
#pragma once

#include <set>

#include "check/check.h"

namespace kmsite::check {

struct Link {
    std::string href;
    int line = 0;
    bool resource = false;  // img, script, stylesheet: must exist, not just be a page
};

// What one page says about itself, and what is wrong inside it alone.
struct PageFacts {
    std::string file;  // "sop/backup/index.html"
    std::string url;   // "/sop/backup/"
    bool redirect = false;
    // The Decap CMS admin kmsite writes (admin/index.html, marked noindex): a
    // tool for the office's staff, made of Decap's script in the browser, not
    // a page of the published site. Its links are checked; the page rules,
    // the sitemap, duplicate titles and the language switch are not for it.
    // Both the path and the mark: a content page at /admin/ (no noindex) or a
    // noindex page elsewhere is checked like any other.
    bool editor = false;
    bool parsed = false;
    std::string lang, title, description, canonical;
    int title_line = 0, description_line = 0;
    std::set<std::string> ids;
    std::vector<Link> links;
    bool has_language_link = false;  // a link marked with hreflang or another lang
    std::vector<Finding> findings;
};

// "sop/backup/index.html" -> "/sop/backup/"
std::string page_url(const std::string& file);
// `file` is the page's path in the site ("sop/backup/index.html").
PageFacts scan_page(const std::string& file, std::string_view html,
                    const std::vector<RequiredLink>& required);

void add(std::vector<Finding>& out, RuleId rule, std::string page, int line, std::string message);

}  // namespace kmsite::check
