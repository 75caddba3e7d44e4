// The rule registry. WCAG: the success criteria a rule concerns. DGA: the
// controls of DGA's Digital Service Standard (../shared/standards) it checks.
#include "check/check.h"

namespace kmsite::check {

const std::vector<Rule>& rules() {
    static const std::vector<Rule> all = {
        {"img-alt", Level::error, {"1.1.1"}, {"AI-12"}, "images have alternative text"},
        {"img-size",
         Level::warning,
         {},
         {"RS-03"},
         "images declare width and height (no layout shift)"},
        {"link-text", Level::error, {"2.4.4", "4.1.2"}, {"AI-12"}, "links have text"},
        {"heading-order",
         Level::error,
         {"1.3.1", "2.4.6"},
         {"AI-24"},
         "heading levels are not skipped"},
        {"h1-count", Level::error, {"1.3.1", "2.4.6"}, {"AI-24"}, "each page has exactly one h1"},
        {"html-lang",
         Level::error,
         {"3.1.1"},
         {"AI-12", "AI-14"},
         "the page declares its language"},
        {"title-missing", Level::error, {"2.4.2"}, {"AI-20"}, "each page has a title"},
        {"title-duplicate", Level::error, {"2.4.2"}, {"AI-20"}, "page titles are unique"},
        {"meta-description", Level::error, {}, {"AI-21"}, "each page has a meta description"},
        {"meta-description-duplicate",
         Level::warning,
         {},
         {"AI-21"},
         "meta descriptions are unique"},
        {"meta-viewport",
         Level::error,
         {"1.4.4", "1.4.10"},
         {"AI-11"},
         "responsive viewport that allows zoom"},
        {"table-headers", Level::error, {"1.3.1"}, {"AI-12"}, "data tables have header cells"},
        {"table-caption", Level::warning, {"1.3.1"}, {"AI-12"}, "data tables have a caption"},
        {"duplicate-id", Level::error, {"1.3.1", "4.1.2"}, {"AI-12"}, "ids are unique in a page"},
        {"skip-link",
         Level::error,
         {"2.4.1"},
         {"AI-12"},
         "a skip link to the main content comes first"},
        {"landmark-main",
         Level::error,
         {"1.3.1", "2.4.1"},
         {"AI-12"},
         "each page has one main landmark"},
        {"link-broken", Level::error, {}, {"AP-08"}, "internal links lead to pages that exist"},
        {"link-broken-anchor", Level::error, {}, {"AP-08"}, "internal links to #anchors find them"},
        {"resource-missing", Level::error, {}, {"AP-08"}, "images, scripts and styles exist"},
        {"http-subresource", Level::error, {}, {"SP-05"}, "nothing is loaded over plain http://"},
        {"third-party-script",
         Level::error,
         {},
         {"SP-12"},
         "no scripts from other sites (privacy)"},
        {"gov-banner", Level::error, {}, {"AI-03"}, "the official government banner is at the top"},
        {"footer-links",
         Level::error,
         {},
         {"AI-04", "SP-12"},
         "Contact, Terms of Use, Privacy Policy, Privacy Notice and Security Policy links in the "
         "footer"},
        {"copyright", Level::error, {}, {"AI-05"}, "© <year> <agency> Government of Thailand"},
        {"contact-channel", Level::error, {}, {"AI-17", "AI-18"}, "contact channels on every page"},
        {"language-switch",
         Level::error,
         {},
         {"AI-13", "AI-14"},
         "a language switch on every page"},
        {"structured-data", Level::warning, {}, {"AI-25"}, "schema.org JSON-LD describes the page"},
        {"sitemap-missing", Level::error, {}, {"AI-23"}, "sitemap.xml exists"},
        {"robots-missing", Level::error, {}, {"AI-23"}, "robots.txt exists and names the sitemap"},
        {"sitemap-mismatch",
         Level::error,
         {},
         {"AI-23"},
         "sitemap.xml lists exactly the site's pages"},
    };
    return all;
}

const Rule* find_rule(std::string_view id) {
    for (const auto& r : rules())
        if (id == r.id) return &r;
    return nullptr;
}

}  // namespace kmsite::check
