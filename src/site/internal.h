// Private to the site stage.
#pragma once

#include "site/site.h"

namespace kmsite::site {

void build_taxonomies(Site& site);
void build_menus(Site& site, Diagnostics& diagnostics);
// Date used for ordering and feeds: front matter date, else last modification.
std::int64_t page_date(const content::Page& page);

}  // namespace kmsite::site
