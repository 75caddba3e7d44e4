// Merging analysed pages into the sharded index files.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "search/internal.h"

namespace kmsite::search {

namespace {

constexpr std::size_t batch_size = 256;         // pages analysed at once, then merged and freed
constexpr std::size_t chunk_target_bytes = 24000;  // a term chunk is cut after this much JSON
constexpr const char* base36 = "0123456789abcdefghijklmnopqrstuvwxyz";

// Postings of one term as flat integers, documents in increasing order:
// [doc delta, title count, heading count, count, first position, position deltas...]
// with at most max_positions positions per document.
struct Posting {
    std::vector<std::int32_t> ints;
    int last_doc = 0;
};

void append(Posting& p, int doc, const TermStats& t) {
    p.ints.push_back(doc - p.last_doc);
    p.last_doc = doc;
    p.ints.push_back(t.title);
    p.ints.push_back(t.heading);
    p.ints.push_back(t.count);
    int prev = 0;
    for (int pos : t.positions) {
        p.ints.push_back(pos - prev);
        prev = pos;
    }
}

std::string ints_json(const std::vector<std::int32_t>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(v[i]);
    }
    return out + "]";
}

// A document's length in words, as one base36 character: four steps per doubling.
char length_bucket(int length) {
    int b = static_cast<int>(std::lround(std::log2(length + 1.0) * 4));
    return base36[std::clamp(b, 0, 35)];
}

}  // namespace

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += "0123456789abcdef"[c >> 4];
                    out += "0123456789abcdef"[c & 15];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

std::string short_hash(std::string_view data, std::size_t chars) {
    return hex64(hash64(data)).substr(0, chars);
}

std::size_t build_index(const site::Site& site, unsigned jobs, const Writer& write) {
    std::vector<std::size_t> pages;  // document id -> page
    for (const auto& d : site.documents)
        if (d.kind == site::DocKind::page) pages.push_back(d.page);

    std::unordered_map<std::string, Posting> postings;
    std::map<std::string, std::map<std::string, std::vector<int>>> filters;  // key -> value -> docs
    std::string docinfo;  // per document: 3 characters of its fragment hash, 1 of its length
    docinfo.reserve(pages.size() * 4);
    double total_length = 0;
    std::vector<DocTerms> batch;
    for (std::size_t start = 0; start < pages.size(); start += batch_size) {
        std::size_t n = std::min(batch_size, pages.size() - start);
        batch.assign(n, {});
        parallel_for(n, jobs, [&](std::size_t i, unsigned) {
            batch[i] = analyse(site, pages[start + i]);
            std::string id = std::to_string(start + i);
            write("search/f/" + id + "-" + short_hash(batch[i].fragment, 3) + ".json", batch[i].fragment);
        });
        for (std::size_t i = 0; i < n; ++i) {
            int doc = static_cast<int>(start + i);
            DocTerms& d = batch[i];
            for (const auto& [term, stats] : d.terms) append(postings[term], doc, stats);
            for (const auto& [key, value] : d.filters) filters[key][value].push_back(doc);
            docinfo += short_hash(d.fragment, 3);
            docinfo += length_bucket(d.length);
            total_length += d.length;
        }
    }

    std::vector<const std::string*> terms;
    terms.reserve(postings.size());
    for (const auto& [term, p] : postings) terms.push_back(&term);
    std::sort(terms.begin(), terms.end(), [](auto a, auto b) { return *a < *b; });

    // Chunks of consecutive terms; meta.json keeps each chunk's first term.
    std::string chunks_json = "[";
    std::string chunk, first;
    auto flush = [&] {
        if (chunk.empty()) return;
        std::string data = "{" + chunk + "}";
        std::string name = "c-" + short_hash(data) + ".json";
        write("search/" + name, data);
        if (chunks_json.size() > 1) chunks_json += ',';
        chunks_json += "[" + json_string(first) + "," + json_string(name) + "]";
        chunk.clear();
    };
    for (const std::string* term : terms) {
        if (chunk.empty()) first = *term;
        else chunk += ',';
        chunk += json_string(*term) + ":" + ints_json(postings[*term].ints);
        if (chunk.size() >= chunk_target_bytes) flush();
    }
    flush();
    chunks_json += "]";

    std::string vocab = "[";
    for (std::size_t i = 0; i < terms.size(); ++i) vocab += (i ? "," : "") + json_string(*terms[i]);
    vocab += "]";
    std::string vocab_name = "vocab-" + short_hash(vocab) + ".json";
    write("search/" + vocab_name, vocab);

    std::string filters_json = "{";
    for (const auto& [key, values] : filters) {
        std::string data = "{", listing = "[";
        for (const auto& [value, docs] : values) {
            if (data.size() > 1) data += ',', listing += ',';
            std::vector<std::int32_t> deltas;
            int prev = 0;
            for (int d : docs) deltas.push_back(d - prev), prev = d;
            data += json_string(value) + ":" + ints_json(deltas);
            listing += "[" + json_string(value) + "," + std::to_string(docs.size()) + "]";
        }
        data += "}";
        listing += "]";
        std::string name = "filter-" + short_hash(data) + ".json";
        write("search/" + name, data);
        if (filters_json.size() > 1) filters_json += ',';
        filters_json += json_string(key) + ":{\"file\":" + json_string(name) + ",\"values\":" + listing + "}";
    }
    filters_json += "}";

    double avg = pages.empty() ? 0 : total_length / static_cast<double>(pages.size());
    std::string meta = "{\"version\":1,\"docs\":" + std::to_string(pages.size()) +
                       ",\"avgdl\":" + std::to_string(static_cast<long long>(std::lround(avg))) +
                       ",\"chunks\":" + chunks_json + ",\"docinfo\":" + json_string(docinfo) +
                       ",\"filters\":" + filters_json + ",\"vocab\":" + json_string(vocab_name) + "}";
    write("search/meta.json", meta);
    return pages.size();
}

}  // namespace kmsite::search
