// Private to the search stage.
#pragma once

#include <map>

#include "search/search.h"

namespace kmsite::search {

// Positions kept per term and document: enough to find phrases, bounded so a
// very common word cannot bloat its chunk.
constexpr int max_positions = 32;
// Positions between fields, so a phrase never spans title and body.
constexpr int field_gap = 16;

struct TermStats {
    int title = 0, heading = 0, count = 0;
    std::vector<int> positions;
};

// One page, analysed: its terms, its length in words, its filters, its fragment.
struct DocTerms {
    std::map<std::string, TermStats> terms;
    int length = 0;
    std::string fragment;  // JSON
    std::vector<std::pair<std::string, std::string>> filters;  // key, value
};

DocTerms analyse(const site::Site& site, std::size_t page);

std::string json_string(std::string_view s);
// Short content hash for file names.
std::string short_hash(std::string_view data, std::size_t chars = 12);

}  // namespace kmsite::search
