#include <algorithm>
#include <tuple>

#include "site/internal.h"
#include "thai/thai.h"

namespace kmsite::site {

namespace {

struct TaxonomySpec {
    const char* key;
    const char* url;
    std::vector<std::string> (*values)(const content::Page&);
};

const TaxonomySpec specs[] = {
    {"tags", "tags/", [](const content::Page& p) { return p.tags; }},
    {"office", "offices/",
     [](const content::Page& p) {
         return p.office.empty() ? std::vector<std::string>{} : std::vector{p.office};
     }},
    {"fiscal_year", "fiscal-years/",
     [](const content::Page& p) {
         return p.fiscal_year ? std::vector{std::to_string(*p.fiscal_year)}
                              : std::vector<std::string>{};
     }},
    {"km_step", "km-steps/",
     [](const content::Page& p) {
         return p.article && p.article->km_step > 0
                    ? std::vector<std::string>{content::km_steps[p.article->km_step - 1]}
                    : std::vector<std::string>{};
     }},
};

// Position of a KM step in the process, for ordering its terms.
int step_order(const std::string& name) {
    for (int i = 0; i < 7; ++i)
        if (name == content::km_steps[i]) return i;
    return 7;
}

}  // namespace

void build_taxonomies(Site& site) {
    for (const auto& spec : specs) {
        Taxonomy tax{spec.key, spec.url, {}};
        std::map<std::string, Term> by_slug;
        for (std::size_t i : site.by_date) {
            for (const auto& value : spec.values(site.pages[i])) {
                std::string slug = thai::slugify(value);
                if (slug.empty()) continue;
                Term& term = by_slug[slug];
                if (term.name.empty()) {
                    term.name = value;
                    term.url = std::string(spec.url) + slug + '/';
                }
                if (term.pages.empty() || term.pages.back() != i) term.pages.push_back(i);
            }
        }
        for (auto& [slug, term] : by_slug) tax.terms.push_back(std::move(term));
        if (tax.key == "km_step") {
            std::sort(tax.terms.begin(), tax.terms.end(), [](const Term& a, const Term& b) {
                return step_order(a.name) < step_order(b.name);
            });
        } else if (tax.key == "fiscal_year") {
            std::sort(tax.terms.begin(), tax.terms.end(),
                      [](const Term& a, const Term& b) { return a.name > b.name; });
        } else {
            // Each name's collation key once, not twice per comparison.
            std::vector<std::pair<std::string, std::size_t>> keys;
            for (std::size_t i = 0; i < tax.terms.size(); ++i)
                keys.emplace_back(thai::sort_key(tax.terms[i].name), i);
            std::sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
                return std::tie(a.first, tax.terms[a.second].url) <
                       std::tie(b.first, tax.terms[b.second].url);
            });
            std::vector<Term> sorted;
            sorted.reserve(keys.size());
            for (const auto& [key, i] : keys) sorted.push_back(std::move(tax.terms[i]));
            tax.terms = std::move(sorted);
        }
        site.taxonomies.push_back(std::move(tax));
    }
}

}  // namespace kmsite::site
