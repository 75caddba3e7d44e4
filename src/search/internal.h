// Private to the search stage.
#pragma once

#include <array>
#include <map>
#include <unordered_map>

#include "search/search.h"

namespace kmsite::search {

// Positions kept per term and document: enough to find phrases, bounded so a
// very common word cannot bloat its chunk.
constexpr int max_positions = 16;
// A word in more than this share of pages ("การ", "งาน") keeps fewer positions:
// it is in every phrase's neighbourhood anyway, and would make its chunk huge.
constexpr double common_share = 0.1;
constexpr int common_positions = 4;
// Positions between fields, so a phrase never spans title and body.
constexpr int field_gap = 16;

// Lets maps keyed by std::string be searched with a string_view.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

// A word in one page. Positions are kept inline: a page has hundreds of
// words and a site tens of thousands of pages.
struct TermStats {
    int title = 0, heading = 0, count = 0, stored = 0;
    std::array<int, max_positions> positions;
};

// What the index needs of a page besides its words.
struct DocInfo {
    int length = 0;        // in words
    std::string fragment;  // JSON, written as f/<doc>-<hash>.json
    std::vector<std::pair<std::string, std::string>> filters;  // key, value
};

// Analyses one page: its words go into `terms` (cleared first; reused
// between pages to avoid allocations).
// A page, or one gallery image's page with its long description.
DocInfo analyse(const site::Site& site, const site::Document& doc, StringMap<TermStats>& terms);

// The fragment analyse() makes, alone: no word breaking (for a page whose
// analysis is cached but whose fragment file the output lost).
std::string make_fragment(const site::Site& site, const site::Document& doc);

// Short content hash for file names.
std::string short_hash(std::string_view data, std::size_t chars = 12);

}  // namespace kmsite::search
