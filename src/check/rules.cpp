// The rule registry. WCAG: the success criteria a rule concerns. DGA: the
// controls of DGA's Digital Service Standard (../shared/standards) it checks.
#include "check/check.h"

namespace kmsite::check {

const std::vector<Rule>& rules() {
    static const std::vector<Rule> all = {
        {"img-alt", Level::error, {"1.1.1"}, {"AI-12"}},
        {"img-size", Level::warning, {}, {"RS-03"}},
        {"link-text", Level::error, {"2.4.4", "4.1.2"}, {"AI-12"}},
        {"heading-order", Level::error, {"1.3.1", "2.4.6"}, {"AI-24"}},
        {"h1-count", Level::error, {"1.3.1", "2.4.6"}, {"AI-24"}},
        {"html-lang", Level::error, {"3.1.1"}, {"AI-12", "AI-14"}, true},
        {"title-missing", Level::error, {"2.4.2"}, {"AI-20"}},
        {"title-duplicate", Level::error, {"2.4.2"}, {"AI-20"}},
        {"meta-description", Level::error, {}, {"AI-21"}},
        {"meta-description-duplicate", Level::warning, {}, {"AI-21"}},
        {"meta-viewport", Level::error, {"1.4.4", "1.4.10"}, {"AI-11"}, true},
        {"table-headers", Level::error, {"1.3.1"}, {"AI-12"}},
        {"table-caption", Level::warning, {"1.3.1"}, {"AI-12"}},
        {"duplicate-id", Level::error, {"1.3.1", "4.1.2"}, {"AI-12"}},
        {"skip-link", Level::error, {"2.4.1"}, {"AI-12"}, true},
        {"landmark-main", Level::error, {"1.3.1", "2.4.1"}, {"AI-12"}, true},
        {"link-broken", Level::error, {}, {"AP-08"}},
        {"link-broken-anchor", Level::error, {}, {"AP-08"}},
        {"resource-missing", Level::error, {}, {"AP-08"}},
        {"http-subresource", Level::error, {}, {"SP-05"}},
        {"third-party-script", Level::error, {}, {"SP-12"}},
        {"gov-banner", Level::error, {}, {"AI-03"}, true},
        {"footer-links", Level::error, {}, {"AI-04", "SP-12"}, true},
        {"copyright", Level::error, {}, {"AI-05"}, true},
        {"contact-channel", Level::error, {}, {"AI-17", "AI-18"}, true},
        {"language-switch", Level::error, {}, {"AI-13", "AI-14"}, true},
        {"structured-data", Level::warning, {}, {"AI-25"}, true},
        {"sitemap-missing", Level::error, {}, {"AI-23"}},
        {"robots-missing", Level::error, {}, {"AI-23"}},
        {"sitemap-mismatch", Level::error, {}, {"AI-23"}},
        // Names, roles and structure that the HTML alone shows (issue #16).
        {"button-name", Level::error, {"4.1.2"}, {"AI-12"}},
        {"input-image-alt", Level::error, {"1.1.1", "4.1.2"}, {"AI-12"}},
        {"label", Level::error, {"1.3.1", "4.1.2"}, {"AI-12"}},
        {"frame-title", Level::error, {"4.1.2"}, {"AI-12"}},
        {"svg-img-alt", Level::error, {"1.1.1"}, {"AI-12"}},
        {"area-alt", Level::error, {"1.1.1", "2.4.4", "4.1.2"}, {"AI-12"}},
        {"aria-roles", Level::error, {"4.1.2"}, {"AI-12"}},
        {"aria-valid-attr", Level::error, {"4.1.2"}, {"AI-12"}},
        {"aria-hidden-focus", Level::error, {"1.3.1", "4.1.2"}, {"AI-12"}},
        {"aria-required-parent", Level::error, {"1.3.1"}, {"AI-12"}},
        {"aria-required-children", Level::error, {"1.3.1"}, {"AI-12"}},
        {"list", Level::error, {"1.3.1"}, {"AI-12"}},
        {"listitem", Level::error, {"1.3.1"}, {"AI-12"}},
        {"definition-list", Level::error, {"1.3.1"}, {"AI-12"}},
        {"dlitem", Level::error, {"1.3.1"}, {"AI-12"}},
        {"marquee", Level::error, {"2.2.2"}, {"AI-12"}},
        {"blink", Level::error, {"2.2.2"}, {"AI-12"}},
        {"meta-refresh", Level::error, {"2.2.1"}, {"AI-12"}},
        {"autocomplete-valid", Level::error, {"1.3.5"}, {"AI-12"}},
        {"valid-lang", Level::error, {"3.1.2"}, {"AI-12", "AI-14"}},
        // What no general tool checks: Thai pages' own defects (issue #16).
        {"img-alt-meaningless", Level::error, {"1.1.1"}, {"AI-12"}},
        {"link-text-vague", Level::warning, {"2.4.4"}, {"AI-12"}},
        {"lang-mismatch", Level::warning, {"3.1.2"}, {"AI-12", "AI-14"}},
        {"lang-unmarked", Level::warning, {"3.1.2"}, {"AI-12", "AI-14"}},
        // Privacy (DGA SP-12): what tells another site who reads the page.
        {"tracking-pixel", Level::error, {}, {"SP-12"}},
        {"third-party-frame", Level::warning, {}, {"SP-12"}},
        {"third-party-style", Level::warning, {}, {"SP-12"}},
    };
    return all;
}

const Rule* find_rule(std::string_view id) {
    for (const auto& r : rules())
        if (id == r.id.id()) return &r;
    return nullptr;
}

}  // namespace kmsite::check
