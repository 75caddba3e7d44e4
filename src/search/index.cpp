// Merging analysed pages into the sharded index files.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <mutex>
#include <unordered_map>

#include "core/serial.h"
#include "search/internal.h"

namespace kmsite::search {

namespace {

constexpr std::size_t chunk_target_bytes = 24000;  // a term chunk is cut after this much JSON
constexpr const char* base36 = "0123456789abcdefghijklmnopqrstuvwxyz";

// Postings of one term as flat integers, documents in increasing order:
// [doc delta, title count, heading count, count, first position, position deltas...]
// with at most max_positions positions per document. Chunks write each term as
// [positions kept per document, postings...] (see term_list).
struct Posting {
    std::vector<std::int32_t> ints;
    int last_doc = 0;
    int docs = 0;
};

void append(Posting& p, int doc, const TermStats& t) {
    p.ints.push_back(doc - p.last_doc);
    p.last_doc = doc;
    ++p.docs;
    p.ints.push_back(t.title);
    p.ints.push_back(t.heading);
    p.ints.push_back(t.count);
    int prev = 0;
    for (int k = 0; k < t.stored; ++k) {
        p.ints.push_back(t.positions[k] - prev);
        prev = t.positions[k];
    }
}

void append_ints_json(std::string& out, const std::vector<std::int32_t>& v) {
    out += '[';
    char buf[16];
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v[i]);
        out.append(buf, end);
    }
    out += ']';
}

// A term's list as written: [positions kept per document, postings...], with
// postings trimmed to that many positions (counts stay true).
std::vector<std::int32_t> term_list(const std::vector<std::int32_t>& ints, int keep) {
    std::vector<std::int32_t> out;
    out.reserve(ints.size() + 1);
    out.push_back(keep);
    for (std::size_t i = 0; i < ints.size();) {
        int stored = std::min<int>(ints[i + 3], max_positions);
        out.insert(out.end(), ints.begin() + i, ints.begin() + i + 4);
        out.insert(out.end(), ints.begin() + i + 4, ints.begin() + i + 4 + std::min(stored, keep));
        i += 4 + stored;
    }
    return out;
}

std::string ints_json(const std::vector<std::int32_t>& v) {
    std::string out;
    append_ints_json(out, v);
    return out;
}

// A document's length in words, as one base36 character: four steps per doubling.
char length_bucket(int length) {
    int b = static_cast<int>(std::lround(std::log2(length + 1.0) * 4));
    return base36[std::clamp(b, 0, 35)];
}

}  // namespace

std::string short_hash(std::string_view data, std::size_t chars) {
    return hex64(hash64(data)).substr(0, chars);
}

namespace {

// A contiguous run of pages analysed by one worker, with its own postings
// (document ids absolute, so the first delta is the first document's id).
struct Block {
    std::size_t begin = 0, end = 0;
    StringMap<Posting> postings;
    std::vector<DocInfo> docs;
};

// One document's analysis in a compact form: its terms back to back, and
// per term its counts and stored positions.
struct Analysis {
    DocInfo info;
    std::string terms;
    std::vector<std::uint32_t> ends;  // where each term ends in `terms`
    std::vector<std::int32_t> stats;  // per term: title, heading, count, stored, positions...
};

Analysis pack(DocInfo info, const StringMap<TermStats>& terms) {
    Analysis a;
    a.info = std::move(info);
    for (const auto& [term, t] : terms) {
        a.terms += term;
        a.ends.push_back(static_cast<std::uint32_t>(a.terms.size()));
        a.stats.insert(a.stats.end(), {t.title, t.heading, t.count, t.stored});
        a.stats.insert(a.stats.end(), t.positions.begin(), t.positions.begin() + t.stored);
    }
    return a;
}

template <typename Ar>
void serialize(Ar& ar, Analysis& a) {
    ar(a.info.length, a.info.fragment, a.info.filters, a.terms, a.ends, a.stats);
}

// What a page's analysis depends on: the page, its document and the settings read.
Digest analysis_key(const site::Site& site, const site::Document& d) {
    const content::Page& p = site.pages[d.page];
    return Hasher()
        .add("search")
        .add(p.fingerprint)
        .add(std::int64_t{d.kind == site::DocKind::image})
        .add(static_cast<std::int64_t>(d.image))
        .add(d.url)
        .add(site.config.base_path)
        .add(site.config.time_zone)
        .finish();
}

}  // namespace

struct SearchCache::Impl {
    using Analyses = std::unordered_map<Digest, std::shared_ptr<const Analysis>, DigestHash>;
    std::mutex mutex;
    Analyses analyses, next;
    CacheShards<Analyses> shards;  // what the cache folder holds of `analyses`
    std::optional<std::pair<std::string, Digest>> save_to;  // folder, binary
    std::size_t analysed = 0, reused = 0;
};

SearchCache::SearchCache() : impl_(std::make_unique<Impl>()) {}
SearchCache::~SearchCache() = default;
std::size_t SearchCache::analysed() const {
    return impl_->analysed;
}
std::size_t SearchCache::reused() const {
    return impl_->reused;
}

namespace {

// An analysis read back must be one the merge can walk: each term's end
// within its text, in order, and each term's stats and positions in range.
bool well_formed(const Analysis& a) {
    std::size_t at = 0, stat = 0;
    for (std::uint32_t end : a.ends) {
        if (end < at || end > a.terms.size() || stat + 4 > a.stats.size()) return false;
        at = end;
        auto stored = a.stats[stat + 3];
        if (stored < 0 || stored > max_positions ||
            stat + 4 + static_cast<std::size_t>(stored) > a.stats.size())
            return false;
        stat += 4 + static_cast<std::size_t>(stored);
    }
    return at == a.terms.size() && stat == a.stats.size();
}

}  // namespace

void SearchCache::save(const std::string& dir, const Digest& binary) const {
    impl_->shards.save(dir, "search", binary, impl_->analyses,
                       [](ByteWriter& w, const Digest& key, const Analysis& a) { w(key, a); });
}

void SearchCache::load(const std::string& dir, const Digest& binary, unsigned jobs) {
    impl_->shards.load(
        dir, "search", binary, impl_->analyses,
        [](ByteReader& r, Digest& key, Analysis& a) {
            r(key, a);
            if (r.ok() && !well_formed(a)) r.fail();
        },
        jobs);
}

void SearchCache::save_after_analysis(std::string dir, const Digest& binary) {
    impl_->save_to.emplace(std::move(dir), binary);
}

void SearchCache::clear() {
    impl_->analyses.clear();
    impl_->next.clear();
    impl_->shards.forget();
}

namespace {

void index_block(const site::Site& site, const std::vector<const site::Document*>& pages,
                 Block& block, const Writer& write, SearchCache::Impl* cache) {
    StringMap<TermStats> terms;
    for (std::size_t doc = block.begin; doc < block.end; ++doc) {
        std::shared_ptr<const Analysis> a;
        Digest key;
        if (cache) {
            key = analysis_key(site, *pages[doc]);
            std::lock_guard lock(cache->mutex);
            if (auto it = cache->analyses.find(key); it != cache->analyses.end()) {
                a = it->second;
                ++cache->reused;
                cache->next.emplace(key, a);
            }
        }
        if (!a) {
            a = std::make_shared<const Analysis>(pack(analyse(site, *pages[doc], terms), terms));
            if (cache) {
                std::lock_guard lock(cache->mutex);
                ++cache->analysed;
                cache->next.emplace(key, a);
            }
        }
        const DocInfo& info = a->info;
        write("search/f/" + std::to_string(doc) + "-" + short_hash(info.fragment, 3) + ".json",
              info.fragment);
        TermStats t;
        std::size_t start = 0, at = 0;
        for (std::size_t i = 0; i < a->ends.size(); ++i) {
            std::string_view term(a->terms.data() + start, a->ends[i] - start);
            start = a->ends[i];
            t.title = a->stats[at];
            t.heading = a->stats[at + 1];
            t.count = a->stats[at + 2];
            t.stored = a->stats[at + 3];
            std::copy_n(a->stats.begin() + static_cast<std::ptrdiff_t>(at + 4), t.stored,
                        t.positions.begin());
            at += 4 + static_cast<std::size_t>(t.stored);
            auto it = block.postings.find(term);
            if (it == block.postings.end())
                it = block.postings.emplace(std::string(term), Posting{}).first;
            append(it->second, static_cast<int>(doc), t);
        }
        DocInfo kept;  // only the fragment's hash is needed from here on
        kept.length = info.length;
        kept.filters = info.filters;
        kept.fragment = short_hash(info.fragment, 3);
        block.docs.push_back(std::move(kept));
    }
}

}  // namespace

std::size_t build_index(const site::Site& site, unsigned jobs, const Writer& write,
                        SearchCache* search_cache) {
    SearchCache::Impl* cache = search_cache ? search_cache->impl_.get() : nullptr;
    if (cache) {
        std::lock_guard lock(cache->mutex);
        cache->analysed = cache->reused = 0;
        cache->next.clear();
    }
    std::vector<const site::Document*> pages;  // document id -> page or image page
    for (const auto& d : site.documents)
        if (d.kind == site::DocKind::page || d.kind == site::DocKind::image) pages.push_back(&d);

    // Blocks in page order, handed out to workers as they free up; merged in order.
    std::size_t block_count =
        std::max<std::size_t>(1, std::min<std::size_t>(pages.size() / 64 + 1, jobs * 4));
    std::vector<Block> blocks(block_count);
    for (std::size_t b = 0; b < block_count; ++b) {
        blocks[b].begin = pages.size() * b / block_count;
        blocks[b].end = pages.size() * (b + 1) / block_count;
    }
    parallel_for(block_count, jobs, [&](std::size_t b, unsigned) {
        index_block(site, pages, blocks[b], write, cache);
    });
    if (cache) {
        std::lock_guard lock(cache->mutex);
        cache->analyses.swap(cache->next);
        cache->next.clear();
    }
    // A single build saves the analyses now and lets go of them before the
    // postings are merged and written.
    if (cache && cache->save_to) {
        search_cache->save(cache->save_to->first, cache->save_to->second);
        search_cache->clear();
    }

    StringMap<Posting> postings;
    std::map<std::string, std::map<std::string, std::vector<int>>> filters;  // key -> value -> docs
    std::string docinfo;  // per document: 3 characters of its fragment hash, 1 of its length
    docinfo.reserve(pages.size() * 4);
    double total_length = 0;
    for (auto& block : blocks) {
        for (auto& [term, part] : block.postings) {
            auto it = postings.find(term);
            if (it == postings.end()) it = postings.emplace(term, Posting{}).first;
            Posting& whole = it->second;
            part.ints[0] -= whole.last_doc;  // the block's first delta becomes relative
            whole.ints.insert(whole.ints.end(), part.ints.begin(), part.ints.end());
            whole.last_doc = part.last_doc;
            whole.docs += part.docs;
        }
        block.postings = {};
        for (std::size_t i = 0; i < block.docs.size(); ++i) {
            const DocInfo& d = block.docs[i];
            int doc = static_cast<int>(block.begin + i);
            for (const auto& [key, value] : d.filters) filters[key][value].push_back(doc);
            docinfo += d.fragment;
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
        if (chunk.empty())
            first = *term;
        else
            chunk += ',';
        chunk += json_string(*term);
        chunk += ':';
        const Posting& p = postings.find(*term)->second;
        bool common = p.docs > common_share * static_cast<double>(pages.size());
        append_ints_json(chunk, term_list(p.ints, common ? common_positions : max_positions));
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
        filters_json +=
            json_string(key) + ":{\"file\":" + json_string(name) + ",\"values\":" + listing + "}";
    }
    filters_json += "}";

    double avg = pages.empty() ? 0 : total_length / static_cast<double>(pages.size());
    std::string meta = "{\"version\":1,\"docs\":" + std::to_string(pages.size()) +
                       ",\"avgdl\":" + std::to_string(static_cast<long long>(std::lround(avg))) +
                       ",\"chunks\":" + chunks_json + ",\"docinfo\":" + json_string(docinfo) +
                       ",\"filters\":" + filters_json + ",\"vocab\":" + json_string(vocab_name) +
                       "}";
    write("search/meta.json", meta);
    return pages.size();
}

}  // namespace kmsite::search
