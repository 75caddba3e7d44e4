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

// The published format (index_format.cpp), shared by the build and the merge.
constexpr std::size_t chunk_target_bytes = 24000;  // a term chunk is cut after about this much JSON

// Postings of one term as flat integers, documents in increasing order:
// [doc delta, title count, heading count, count, first position, position deltas...]
// with at most max_positions positions per document. Chunks write each term as
// [positions kept per document, postings...] (see term_list).
// The number of ints of the posting entry at ints[i].
std::size_t entry_size(const std::vector<std::int32_t>& ints, std::size_t i);
void append_ints_json(std::string& out, const std::vector<std::int32_t>& v);
// A term's list as written: [positions kept per document, postings...], with
// postings trimmed to that many positions (counts stay true).
std::vector<std::int32_t> term_list(const std::vector<std::int32_t>& ints, int keep);
// Positions a term's list keeps per document: fewer for a word in more than
// common_share of the documents.
int positions_kept(std::size_t docs_with_term, std::size_t docs);
// A document's length in words, as one base36 character: four steps per doubling.
char length_bucket(int length);
// Whether a chunk ends after this term, its entry `entry_bytes` long, the
// chunk `bytes` long with it. The choice depends on the term and its entry
// only (chance entry_bytes / chunk_target_bytes, drawn from the term's hash),
// not on where the chunk began, so one term's entry growing or a term coming
// or going moves no other boundary: the chunks before and after are the same
// files as before. Chunks average the target; the floor and the ceiling
// (which do depend on the start) are far enough apart that they rarely apply.
bool may_cut(std::size_t bytes, std::string_view term, std::size_t entry_bytes);

// filter key -> value -> documents, in increasing order.
using Filters = std::map<std::string, std::map<std::string, std::vector<int>>>;
// Writes one filter-<hash>.json per key; returns meta.json's "filters" object.
std::string write_filters(const Filters& filters, const Writer& write);

struct Meta {
    std::size_t docs = 0;
    long long avgdl = 0;
    std::vector<std::pair<std::string, std::string>> chunks;  // first term, file name
    std::string docinfo;       // per document: its length, one character (length_bucket)
    std::vector<std::string> groups;  // per fragment group: its tag (group_tag)
    std::string filters_json;  // write_filters'
    std::string vocab_name;
    std::string variants_json = "[]";  // variants_json()'s
    // The site the index is of: `kmsite merge` reads where its pages are
    // (fragments hold root-relative URLs) and what to call it.
    std::string site_title, site_url;
};
std::string meta_json(const Meta& m);

// Spelling variants (thai::spelling_key): for the vocabulary's words whose
// key is not the word itself, key -> words, in files of about
// chunk_target_bytes cut between keys (first key, JSON text). The browser
// looks a query word's key up when the index does not have the word.
std::vector<std::pair<std::string, std::string>> variant_files(
    const std::vector<const std::string*>& terms);
// Writes them as v-<hash>.json; meta.json's "variants": [[first key, file]...].
std::string variants_json(const std::vector<std::pair<std::string, std::string>>& files,
                          const Writer& write);

// Fragments are published in groups of this many documents, each group in
// a folder named by a hash of its fragments: meta.json names each group
// (16 characters per 64 documents) rather than each fragment, and still no
// file name is ever used for other bytes.
inline constexpr std::size_t fragment_group = 64;
// The group's name: 16 hex digits of a hash of its fragments' digests.
std::string group_tag(const std::vector<Digest>& fragments);
// "search/f/<group tag>/<doc>.json"
std::string fragment_path(std::string_view group_tag, std::size_t doc);

}  // namespace kmsite::search
