// Merging analysed pages into the sharded index files.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "core/serial.h"
#include "search/internal.h"

namespace kmsite::search {

namespace {

void put_varint(std::string& out, std::uint32_t v) {
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7F) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

// One varint of `in` at `at`, moving `at` past it; false when it runs off
// the end or past 32 bits (a damaged cache entry).
bool get_varint(std::string_view in, std::size_t& at, std::int32_t& out) {
    std::uint32_t v = 0;
    for (int shift = 0; shift < 35 && at < in.size(); shift += 7) {
        auto b = static_cast<unsigned char>(in[at++]);
        v |= static_cast<std::uint32_t>(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            if (v > 0x7FFFFFFF) return false;
            out = static_cast<std::int32_t>(v);
            return true;
        }
    }
    return false;
}

// Postings of one term (entry_size, term_list).
struct Posting {
    // Being edited (serve's in-place update): the integers themselves.
    std::vector<std::int32_t> ints;
    // Otherwise the same integers as LEB128 varints (every one is >= 0, and
    // most below 128: a byte each where an int takes four; at 100,000 pages
    // the postings are the largest thing a build holds): its own bytes when
    // merged by this build, or a view into IndexState::packed when read
    // back from the cache folder, decoded only when the posting changes or
    // its chunk is made again (most of an index's postings, on most
    // builds, neither), and else written back as they are.
    std::string own;
    std::string_view packed;
    int last_doc = 0;
    int docs = 0;
    std::size_t entry_bytes = 0;  // of its chunk entry as last written; 0: not yet

    std::string_view varints() const { return own.empty() ? packed : std::string_view(own); }
};

// Appends the varints of `v` to `out`.
void put_varints(std::string& out, const std::vector<std::int32_t>& v) {
    for (std::int32_t x : v) put_varint(out, static_cast<std::uint32_t>(x));
}

// Decodes a posting's varints into `out`; false when they are not a
// posting's (a varint past 31 bits, an entry cut short).
bool get_varints(std::string_view in, std::vector<std::int32_t>& out) {
    out.clear();
    std::size_t at = 0;
    while (at < in.size()) {
        std::int32_t v = 0;
        if (!get_varint(in, at, v)) return false;
        out.push_back(v);
    }
    for (std::size_t i = 0; i < out.size(); i += entry_size(out, i))
        if (i + 4 > out.size() || i + entry_size(out, i) > out.size()) return false;
    return true;
}

// A posting's integers for editing: decoded from its varints first if need
// be (they were checked when read or made).
std::vector<std::int32_t>& unpack(Posting& p) {
    if (p.ints.empty() && !p.varints().empty()) {
        get_varints(p.varints(), p.ints);
        std::string().swap(p.own);
        p.packed = {};
    }
    return p.ints;
}

// A posting's integers to read: `scratch` holds them when they are packed.
const std::vector<std::int32_t>& ints_of(const Posting& p, std::vector<std::int32_t>& scratch) {
    if (!p.ints.empty() || p.varints().empty()) return p.ints;
    get_varints(p.varints(), scratch);
    return scratch;
}

}  // namespace

namespace {

// What meta.json and the fragment's file need of a document, kept in the
// index between runs so that a build reads no analysis of a page that did
// not change.
struct DocSummary {
    int length = 0;
    Digest fragment;  // of the fragment's bytes: names its group, kept in the output when unchanged
    std::vector<std::pair<std::string, std::string>> filters;
};

template <typename Ar>
void serialize(Ar& ar, DocSummary& d) {
    ar(d.length, d.fragment, d.filters);
}

DocSummary summarise(const DocInfo& info) {
    return {info.length, digest(info.fragment), info.filters};
}

// One document's analysis in a compact form: its terms back to back, and
// per term its counts and stored positions. The fragment's text is not part
// of it: a single build writes it once and lets go (at 100,000 pages the
// fragments alone are 650 MB), and makes it again from the page, which costs
// no word breaking, when the output has lost the file (make_fragment).
// serve holds it, to put the same bytes again on every rebuild.
struct Analysis {
    DocSummary summary;
    std::string terms;
    std::vector<std::uint32_t> ends;  // where each term ends in `terms`
    // Per term, as LEB128 varints: title, heading, count, stored, then the
    // stored positions, each as its distance from the one before. Mostly
    // one byte each: a third of the 4-byte ints it replaced, and the
    // analyses of every page are held until merged.
    std::string stats;
    std::shared_ptr<const std::string> fragment;  // serve only; never stored
};

// One term's stats, decoded: title, heading, count, stored, positions.
using TermInts = std::array<std::int32_t, 4 + max_positions>;

// Decodes the stats at `at` into `out`; false when they are malformed.
bool decode_stats(std::string_view in, std::size_t& at, TermInts& out) {
    for (int k = 0; k < 4; ++k)
        if (!get_varint(in, at, out[k]) || out[k] < 0) return false;
    if (out[3] > max_positions) return false;
    std::int32_t position = 0;
    for (int k = 0; k < out[3]; ++k) {
        std::int32_t delta = 0;
        if (!get_varint(in, at, delta) || delta > 0x7FFFFFFF - position) return false;
        position += delta;
        out[4 + k] = position;
    }
    return true;
}

Analysis pack(DocInfo& info, const StringMap<TermStats>& terms) {
    Analysis a;
    a.summary = summarise(info);
    for (const auto& [term, t] : terms) {
        a.terms += term;
        a.ends.push_back(static_cast<std::uint32_t>(a.terms.size()));
        for (int v : {t.title, t.heading, t.count, t.stored})
            put_varint(a.stats, static_cast<std::uint32_t>(v));
        int before = 0;
        for (int k = 0; k < t.stored; ++k) {
            put_varint(a.stats, static_cast<std::uint32_t>(t.positions[k] - before));
            before = t.positions[k];
        }
    }
    return a;
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

using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// The index as the last build left it (serve: in memory; a single build:
// read back from the cache folder): each document's analysis key and
// summary, every term's posting, the terms in order and the chunks written,
// so that an edit updates the postings of the page's terms and remakes only
// the chunks that hold them.
struct IndexState {
    std::vector<Digest> keys;  // by document id
    std::vector<DocSummary> summaries;
    // Serve: each document's analysis. A single build holds only those it read.
    std::vector<std::shared_ptr<const Analysis>> docs;
    StringMap<Posting> postings;
    std::vector<const std::string*> terms;  // keys of `postings`, in order
    struct Chunk {
        std::string first, last;  // terms
        std::size_t terms = 0;
        std::string name;
        std::shared_ptr<const std::string> data;  // null: read back from the cache folder
        Digest digest;                            // of data
    };
    std::vector<Chunk> chunks;
    std::string vocab, vocab_name;
    std::vector<std::pair<std::string, std::string>> variants;  // made with the vocabulary
    std::shared_ptr<const std::string> packed;  // what postings' packed forms point into
};

}  // namespace

struct SearchCache::Impl {
    using Analyses = std::unordered_map<Digest, std::shared_ptr<const Analysis>, DigestHash>;
    std::mutex mutex;
    // Serve: each page's analysis by its key (a single build keeps none:
    // the postings it saves are all the next run needs).
    Analyses analyses, next;
    std::optional<std::pair<std::string, Digest>> save_to;  // folder, binary
    std::size_t analysed = 0, reused = 0;
    std::size_t chunks_made = 0, chunks_kept = 0;
    // Serve's index, or the one the last run left in the cache folder.
    IndexState state;
    // The analysis of `key` in memory; null if none.
    std::shared_ptr<const Analysis> find(const Digest& key);
    void clear();  // forgets every analysis and the index
};

SearchCache::SearchCache() : impl_(std::make_unique<Impl>()) {}
SearchCache::~SearchCache() = default;
std::size_t SearchCache::analysed() const {
    return impl_->analysed;
}
std::size_t SearchCache::reused() const {
    return impl_->reused;
}
std::size_t SearchCache::chunks_made() const {
    return impl_->chunks_made;
}
std::size_t SearchCache::chunks_kept() const {
    return impl_->chunks_kept;
}

namespace {

constexpr std::string_view index_file = "search-index";

// The merged index as the cache folder keeps it between runs of `kmsite
// build`: each document's analysis key and summary, every term's posting in
// term order, and the chunks written (their digests: the output holds their
// bytes).
// With `consume` (a single build, done with the index), each posting is let
// go once written, so the file's bytes grow as the postings shrink.
void save_state(const std::string& dir, const Digest& binary, IndexState& state, bool consume) {
    make_directories(dir);
    // Written as it is made (SealedWriter): with `consume` the postings
    // shrink as the file grows, and no copy of the whole file is held.
    SealedWriter file(dir + "/" + std::string(index_file), index_file, binary);
    ByteWriter& w = file.body();
    w(state.keys, state.summaries);
    w.varint(state.terms.size());
    std::string scratch;
    for (const std::string* term : state.terms) {
        Posting& p = state.postings.find(*term)->second;
        std::string_view packed = p.varints();
        if (!p.ints.empty()) {
            scratch.clear();
            put_varints(scratch, p.ints);
            packed = scratch;
        }
        w(*term, packed);
        w.varint(static_cast<std::uint64_t>(p.last_doc));
        w.varint(static_cast<std::uint64_t>(p.docs));
        w.varint(p.entry_bytes);
        if (consume) {
            std::vector<std::int32_t>().swap(p.ints);
            std::string().swap(p.own);
        }
        file.flush();
    }
    w.varint(state.chunks.size());
    for (const auto& c : state.chunks) {
        w(c.first, c.last, c.name, c.digest);
        w.varint(c.terms);
    }
    file.commit();
}

// A posting read back: whole entries, documents in strictly increasing order
// below `docs`, positions that fit, and the count and last document it
// states. What the next build does with it (renumbering, edits in place,
// positions kept) trusts all of these.
bool well_formed_posting(const std::vector<std::int32_t>& ints, const Posting& p,
                         std::size_t docs) {
    std::int64_t doc = -1, count = 0;
    for (std::size_t i = 0; i < ints.size();) {
        if (i + 4 > ints.size()) return false;
        std::size_t size = entry_size(ints, i);
        if (i + size > ints.size()) return false;
        std::int64_t next = (doc < 0 ? 0 : doc) + ints[i];
        if ((doc >= 0 && ints[i] <= 0) || next >= static_cast<std::int64_t>(docs)) return false;
        doc = next;
        std::int64_t position = 0;
        for (std::size_t k = 4; k < size; ++k) position += ints[i + k];
        if (position > 0x7FFFFFFF) return false;
        ++count;
        i += size;
    }
    return count > 0 && count == p.docs && doc == p.last_doc;
}

// The index read back, or nothing when the file is missing, foreign or not
// whole; every count and reference is checked before it is used.
void load_state(const std::string& dir, const Digest& binary, IndexState& state) {
    state = {};
    auto read = read_sealed(dir, index_file, binary);
    if (!read) return;
    IndexState s;
    s.packed = std::make_shared<const std::string>(std::move(*read));
    ByteReader r(*s.packed);
    std::vector<std::int32_t> scratch;
    r(s.keys, s.summaries);
    if (s.keys.size() != s.summaries.size()) r.fail();
    for (const auto& d : s.summaries)
        if (d.length < 0) r.fail();
    std::size_t terms = r.count();
    for (std::size_t t = 0; t < terms && r.ok(); ++t) {
        std::string term;
        Posting p;
        r(term);
        p.packed = r.view();
        // Checked now, so that unpack() cannot fail later; not kept.
        if (p.packed.empty() || !get_varints(p.packed, scratch)) r.fail();
        p.last_doc = static_cast<int>(r.varint());
        p.docs = static_cast<int>(r.varint());
        p.entry_bytes = r.varint();
        if (r.ok() && !well_formed_posting(scratch, p, s.keys.size())) r.fail();
        // Written in order, each once: the order is checked, not sorted again.
        if (!s.terms.empty() && term <= *s.terms.back()) r.fail();
        if (!r.ok()) break;
        auto it = s.postings.emplace(std::move(term), std::move(p)).first;
        s.terms.push_back(&it->first);
    }
    std::size_t chunks = r.count();
    std::size_t covered = 0;
    for (std::size_t c = 0; c < chunks && r.ok(); ++c) {
        IndexState::Chunk chunk;
        r(chunk.first, chunk.last, chunk.name, chunk.digest);
        chunk.terms = r.varint();
        covered += chunk.terms;
        s.chunks.push_back(std::move(chunk));
    }
    if (!r.ok() || !r.at_end() || covered != s.postings.size()) return;
    state = std::move(s);
}

}  // namespace

void SearchCache::load(const std::string& dir, const Digest& binary) {
    load_state(dir, binary, impl_->state);
}

std::shared_ptr<const Analysis> SearchCache::Impl::find(const Digest& key) {
    std::lock_guard lock(mutex);
    if (auto it = analyses.find(key); it != analyses.end()) return it->second;
    if (auto it = next.find(key); it != next.end()) return it->second;
    return nullptr;
}

void SearchCache::save_after_analysis(std::string dir, const Digest& binary) {
    impl_->save_to.emplace(std::move(dir), binary);
}

void SearchCache::clear() {
    impl_->clear();
}

void SearchCache::Impl::clear() {
    state = {};
    analyses.clear();
    next.clear();
}

namespace {

// Calls f(term, stats) for each term of an analysis, stats pointing at its
// title, heading, count, stored and then the stored positions.
// (Analyses are checked when made or read back, so they decode.)
template <typename F>
void for_each_term(const Analysis& a, F f) {
    std::size_t start = 0, at = 0;
    TermInts ints;
    for (std::uint32_t end : a.ends) {
        std::string_view term(a.terms.data() + start, end - start);
        start = end;
        decode_stats(a.stats, at, ints);
        f(term, static_cast<const std::int32_t*>(ints.data()));
    }
}

std::size_t stats_size(const std::int32_t* stats) {
    return 4 + static_cast<std::size_t>(stats[3]);
}

// One document's entry in a posting: [doc delta, title, heading, count,
// first position, position deltas...].
void append_entry(std::vector<std::int32_t>& out, std::int32_t delta, const std::int32_t* stats) {
    out.push_back(delta);
    out.insert(out.end(), stats, stats + 3);
    int prev = 0;
    for (int k = 0; k < stats[3]; ++k) {
        out.push_back(stats[4 + k] - prev);
        prev = stats[4 + k];
    }
}

// The same entry, as varints.
void append_entry(std::string& out, std::int32_t delta, const std::int32_t* stats) {
    put_varint(out, static_cast<std::uint32_t>(delta));
    for (int k = 0; k < 3; ++k) put_varint(out, static_cast<std::uint32_t>(stats[k]));
    int prev = 0;
    for (int k = 0; k < stats[3]; ++k) {
        put_varint(out, static_cast<std::uint32_t>(stats[4 + k] - prev));
        prev = stats[4 + k];
    }
}

// Puts document `doc`'s entry (stats, or none when null) in its place in a
// posting, in place: the entry after it has its delta adjusted.
void replace_entry(Posting& p, int doc, const std::int32_t* stats) {
    unpack(p);
    std::size_t i = 0;
    int at = 0, before = 0;  // the document at ints[i]; the one before it
    while (i < p.ints.size() && at + p.ints[i] < doc) {
        at += p.ints[i];
        before = at;
        i += entry_size(p.ints, i);
    }
    bool present = i < p.ints.size() && at + p.ints[i] == doc;
    std::size_t old_end = present ? i + entry_size(p.ints, i) : i;
    bool at_end = old_end >= p.ints.size();  // no entry after it
    std::vector<std::int32_t> entry;
    if (stats) append_entry(entry, doc - before, stats);
    // The next entry's delta was from `doc` (present) or from `before`.
    if (old_end < p.ints.size()) {
        int next = (present ? doc : before) + p.ints[old_end];
        p.ints[old_end] = next - (stats ? doc : before);
    }
    p.ints.erase(p.ints.begin() + static_cast<std::ptrdiff_t>(i),
                 p.ints.begin() + static_cast<std::ptrdiff_t>(old_end));
    p.ints.insert(p.ints.begin() + static_cast<std::ptrdiff_t>(i), entry.begin(), entry.end());
    p.docs += (stats ? 1 : 0) - (present ? 1 : 0);
    // The last entry's document moves only when the edit was at the end.
    if (at_end && (present || stats)) p.last_doc = stats ? doc : before;
}

// Appends document `doc`'s entries to `postings`, whose documents so far
// are all before it (merge_all's blocks, and the streaming merge).
void append_doc(StringMap<Posting>& postings, const Analysis& a, int doc) {
    for_each_term(a, [&](std::string_view term, const std::int32_t* stats) {
        auto it = postings.find(term);
        if (it == postings.end()) it = postings.emplace(std::string(term), Posting{}).first;
        Posting& p = it->second;
        append_entry(p.own, doc - p.last_doc, stats);
        p.last_doc = doc;
        ++p.docs;
    });
}

// Every document's postings merged anew (serve, which keeps the analyses):
// blocks of documents on the workers, then joined in order.
void merge_all(const std::vector<std::shared_ptr<const Analysis>>& docs, unsigned jobs,
               StringMap<Posting>& postings) {
    struct Block {
        std::size_t begin = 0, end = 0;
        StringMap<Posting> postings;
    };
    std::size_t block_count =
        std::max<std::size_t>(1, std::min<std::size_t>(docs.size() / 64 + 1, jobs * 4));
    std::vector<Block> blocks(block_count);
    parallel_for(block_count, jobs, [&](std::size_t b, unsigned) {
        Block& block = blocks[b];
        block.begin = docs.size() * b / block_count;
        block.end = docs.size() * (b + 1) / block_count;
        for (std::size_t doc = block.begin; doc < block.end; ++doc)
            append_doc(block.postings, *docs[doc], static_cast<int>(doc));
    });
    postings.clear();
    for (auto& block : blocks) {
        for (auto& [term, part] : block.postings) {
            auto it = postings.find(term);
            if (it == postings.end()) {
                postings.emplace(term, std::move(part));
                continue;
            }
            Posting& whole = it->second;
            // The block's first delta (from document 0) becomes relative.
            std::size_t at = 0;
            std::int32_t first = 0;
            get_varint(part.own, at, first);
            put_varint(whole.own, static_cast<std::uint32_t>(first - whole.last_doc));
            whole.own.append(part.own, at);
            whole.last_doc = part.last_doc;
            whole.docs += part.docs;
        }
        block.postings = {};
    }
}

// The terms of `a` with their stats, for comparing two analyses of a page.
StringMap<TermInts> term_stats(const Analysis& a) {
    StringMap<TermInts> out;
    out.reserve(a.ends.size());
    for_each_term(a, [&](std::string_view term, const std::int32_t* stats) {
        TermInts& t = out[std::string(term)];
        std::copy(stats, stats + stats_size(stats), t.begin());
    });
    return out;
}

// The postings of a build whose documents moved: the last index's entries
// of the documents kept (`old_of_new`: each new document's id there, or -1),
// renumbered, and the entries of those analysed now (`fresh`, numbered
// already), in document order. Kept documents are in the same relative
// order in both, so each posting is one pass over the two.
StringMap<Posting> join_postings(const StringMap<Posting>& last, StringMap<Posting>& fresh,
                                 const std::vector<std::int64_t>& old_of_new) {
    std::vector<std::int64_t> new_of_old;
    for (std::size_t doc = 0; doc < old_of_new.size(); ++doc) {
        if (old_of_new[doc] < 0) continue;
        auto o = static_cast<std::size_t>(old_of_new[doc]);
        if (new_of_old.size() <= o) new_of_old.resize(o + 1, -1);
        new_of_old[o] = static_cast<std::int64_t>(doc);
    }
    StringMap<Posting> out;
    out.reserve(last.size() + fresh.size());
    std::vector<std::int32_t> a_scratch, b_scratch;
    static const std::vector<std::int32_t> none;
    auto join = [&](const std::string& term, const Posting* a, const Posting* b) {
        const auto& x = a ? ints_of(*a, a_scratch) : none;
        const auto& y = b ? ints_of(*b, b_scratch) : none;
        Posting p;
        std::size_t i = 0, j = 0;
        std::int64_t xdoc = 0, ydoc = 0;  // the documents the entries at i and j are of
        auto next_kept = [&] {            // moves i to the next entry of a kept document
            while (i < x.size()) {
                std::int64_t o = xdoc + x[i];
                if (o >= 0 && static_cast<std::size_t>(o) < new_of_old.size() &&
                    new_of_old[static_cast<std::size_t>(o)] >= 0)
                    return;
                xdoc = o;
                i += entry_size(x, i);
            }
        };
        next_kept();
        if (j < y.size()) ydoc += y[j];
        while (i < x.size() || j < y.size()) {
            std::int64_t xnew = -1;
            if (i < x.size()) xnew = new_of_old[static_cast<std::size_t>(xdoc + x[i])];
            bool take_x = i < x.size() && (j >= y.size() || xnew < ydoc);
            const std::vector<std::int32_t>& v = take_x ? x : y;
            std::size_t at = take_x ? i : j;
            std::int64_t doc = take_x ? xnew : ydoc;
            put_varint(p.own, static_cast<std::uint32_t>(doc - p.last_doc));
            std::size_t size = entry_size(v, at);
            for (std::size_t k = 1; k < size; ++k)
                put_varint(p.own, static_cast<std::uint32_t>(v[at + k]));
            p.last_doc = static_cast<int>(doc);
            ++p.docs;
            if (take_x) {
                xdoc += x[i];
                i += size;
                next_kept();
            } else {
                j += size;
                if (j < y.size()) ydoc += y[j];
            }
        }
        if (p.docs > 0) out.emplace(term, std::move(p));
    };
    for (const auto& [term, a] : last) {
        auto it = fresh.find(term);
        join(term, &a, it == fresh.end() ? nullptr : &it->second);
        if (it != fresh.end()) fresh.erase(it);
    }
    for (auto& [term, b] : fresh) join(term, nullptr, &b);
    fresh.clear();
    return out;
}

// The terms and stats of each document of `docs` as the postings hold
// them: a document's entry in a posting is its analysis's stats for the
// term (the positions the analysis stored are those the entry keeps), so
// the last build's analysis of a page that changed is had from the index
// the cache folder keeps, in one pass over it, without keeping analyses.
std::vector<StringMap<TermInts>> stats_from_postings(const IndexState& state,
                                                     const std::vector<std::size_t>& docs,
                                                     std::size_t n, unsigned jobs) {
    std::vector<StringMap<TermInts>> out(docs.size());
    if (docs.empty()) return out;
    std::vector<std::int64_t> slot(n, -1);
    for (std::size_t i = 0; i < docs.size(); ++i) slot[docs[i]] = static_cast<std::int64_t>(i);
    // Blocks of terms on the workers (a read of every posting: 580 MB of
    // varints at 100,000 pages), each into maps of its own, joined after.
    std::vector<const std::string*> listed;  // when the terms are not listed (serve's index)
    if (state.terms.size() != state.postings.size())
        for (const auto& [term, p] : state.postings) listed.push_back(&term);
    const std::vector<const std::string*>& terms = listed.empty() ? state.terms : listed;
    std::size_t blocks =
        std::max<std::size_t>(1, std::min<std::size_t>(terms.size() / 256 + 1, jobs * 4));
    std::vector<std::vector<StringMap<TermInts>>> found(blocks);
    parallel_for(blocks, jobs, [&](std::size_t b, unsigned) {
        std::vector<std::int32_t> scratch;
        auto& mine = found[b];
        for (std::size_t t = terms.size() * b / blocks, end = terms.size() * (b + 1) / blocks;
             t < end; ++t) {
            const std::string& term = *terms[t];
            const auto& ints = ints_of(state.postings.find(term)->second, scratch);
            std::int64_t doc = 0;
            for (std::size_t i = 0; i + 4 <= ints.size(); i += entry_size(ints, i)) {
                doc += ints[i];
                std::size_t stored = entry_size(ints, i) - 4;
                if (doc < 0 || doc >= static_cast<std::int64_t>(n) || slot[doc] < 0 ||
                    i + 4 + stored > ints.size())
                    continue;
                if (mine.empty()) mine.resize(docs.size());
                TermInts& st = mine[static_cast<std::size_t>(slot[doc])][term];
                st.fill(0);
                st[0] = ints[i + 1];
                st[1] = ints[i + 2];
                st[2] = ints[i + 3];
                st[3] = static_cast<std::int32_t>(stored);
                std::int64_t position = 0;  // fits: checked when the index was read
                for (std::size_t k = 0; k < stored; ++k)
                    st[4 + k] = static_cast<std::int32_t>(position += ints[i + 4 + k]);
            }
        }
    });
    for (auto& mine : found)
        for (std::size_t d = 0; d < mine.size(); ++d)
            for (auto& [term, st] : mine[d]) out[d].emplace(term, st);
    return out;
}

// The postings of the last build updated for the documents whose analysis
// changed (`differing`, with their analyses `before` and in `docs` now);
// `changed` receives every term whose posting changed.
void update(IndexState& state, const std::vector<std::size_t>& differing,
            const std::vector<StringMap<TermInts>>& before,
            const std::vector<std::shared_ptr<const Analysis>>& docs, StringSet& changed,
            bool& vocabulary_changed) {
    for (std::size_t i = 0; i < differing.size(); ++i) {
        std::size_t doc = differing[i];
        const auto& was = before[i];
        auto now = term_stats(*docs[doc]);
        auto touch = [&](std::string_view term, const std::int32_t* stats) {
            auto it = state.postings.find(term);
            if (it == state.postings.end()) {
                if (!stats) return;
                it = state.postings.emplace(std::string(term), Posting{}).first;
                vocabulary_changed = true;
            }
            replace_entry(it->second, static_cast<int>(doc), stats);
            changed.emplace(term);
            if (it->second.docs == 0) {
                state.postings.erase(it);
                vocabulary_changed = true;
            }
        };
        for (const auto& [term, stats] : was) {
            auto it = now.find(term);
            if (it == now.end())
                touch(term, nullptr);
            else if (!std::equal(stats.data(), stats.data() + stats_size(stats.data()),
                                 it->second.data(),
                                 it->second.data() + stats_size(it->second.data())))
                touch(term, it->second.data());
        }
        for (const auto& [term, stats] : now)
            if (!was.count(term)) touch(term, stats.data());
    }
}

}  // namespace

struct IndexBuilder::State {
    State(const site::Site& site, unsigned jobs, Writer write, Keeper keep,
          SearchCache::Impl* cache)
        : site(site), jobs(jobs), write(std::move(write)), keep(std::move(keep)), cache(cache) {}
    const site::Site& site;
    unsigned jobs;
    Writer write;
    Keeper keep;
    SearchCache::Impl* cache;
    bool single = false;                       // a single build: works on the cache folder's index
    std::vector<std::size_t> doc_of;           // document -> search document id, or npos
    std::vector<const site::Document*> pages;  // search document id -> page or image page
    std::vector<Digest> keys;
    IndexState local;
    IndexState* state = nullptr;
    bool incremental = false;
    std::vector<std::size_t> differing;
    std::vector<char> need;
    std::vector<StringMap<TermInts>> before;            // of each differing document
    std::vector<std::shared_ptr<const Analysis>> docs;  // made or reused by analyse()
    std::vector<std::optional<DocSummary>> summaries;   // of each document analyse() took
    std::unique_ptr<std::atomic<bool>[]> done;          // analyse() is through with it
    std::vector<StringMap<TermStats>> scratch;          // per worker

    // Fragments are published by group (fragment_group documents), in a
    // folder named by a hash of the group's fragments (fragment_path): the
    // name of a file changes whenever its bytes could, so servers may keep
    // them `immutable`, and meta.json carries one name per group, not per
    // document. A group's files are written once all its documents have
    // given their fragment: its texts are held until then (only groups in
    // flight: documents come roughly in order). A document not analysed
    // again gives no text: its file is kept by its digest when its group
    // did not change, or made again from its page (no word breaking). A
    // single build must decide that at once, since it lets each page's body
    // go as soon as the page is done: a group whose documents are all
    // unchanged has its name known in advance (`predicted`), and the files
    // the output holds under it are kept; any other gets its text made now.
    struct Group {
        std::mutex mutex;
        std::size_t left = 0;  // documents that have not given their fragment
        std::vector<Digest> digests;
        std::vector<std::shared_ptr<const std::string>> texts;
        std::vector<char> kept;  // kept in the output under `predicted`
        std::string predicted;   // its name when no document changed (single build)
    };
    std::unique_ptr<Group[]> groups;
    std::vector<std::string> group_tags;  // each written once, by its group's last document

    void fragment_ready(std::size_t doc, const Digest& d, std::shared_ptr<const std::string> text) {
        const std::size_t g = doc / fragment_group, first = g * fragment_group;
        Group& group = groups[g];
        bool kept = false;
        if (!text && single) {
            if (!group.predicted.empty() && keep && keep(fragment_path(group.predicted, doc), d))
                kept = true;
            else
                text = std::make_shared<const std::string>(make_fragment(site, *pages[doc]));
        }
        std::vector<Digest> digests;
        std::vector<std::shared_ptr<const std::string>> texts;
        std::vector<char> kept_files;
        {
            std::lock_guard lock(group.mutex);
            group.digests[doc - first] = d;
            group.texts[doc - first] = std::move(text);
            group.kept[doc - first] = kept;
            if (--group.left > 0) return;
            digests = std::move(group.digests);
            texts = std::move(group.texts);
            kept_files = std::move(group.kept);
        }
        std::string tag = group_tag(digests);
        for (std::size_t i = 0; i < digests.size(); ++i) {
            std::string path = fragment_path(tag, first + i);
            if ((kept_files[i] && tag == group.predicted) || (keep && keep(path, digests[i])))
                continue;
            if (texts[i])
                write(path, *texts[i]);
            else  // serve: the page's body is still there
                write(path, make_fragment(site, *pages[first + i]));
        }
        group_tags[g] = std::move(tag);
    }

    // Merged as made: when the postings are merged anew and no analysis
    // is kept for later (a single build, or no cache), each analysis goes
    // into the postings as soon as those of every document before it have
    // (the renderers take documents in order, so few wait), and is let go:
    // at 100,000 pages the analyses together were 600 MB.
    bool stream = false;
    // Documents kept from the last index (a single build whose documents
    // moved): each one's id there, or -1 when it is analysed now.
    bool remapped = false;
    std::vector<std::int64_t> old_of_new;
    StringMap<Posting> fresh;  // merged as made, when streaming
    std::mutex merge_mutex;
    std::size_t frontier = 0;  // documents before it are merged (with merge_mutex)

    void merge_doc(std::size_t doc) {
        if (!docs[doc]) return;  // kept from the last index
        append_doc(fresh, *docs[doc], static_cast<int>(doc));
        docs[doc].reset();
    }
    // Merges the documents ready at the frontier, unless another thread is
    // (a document it leaves is merged by the next call, or by finish()).
    void merge_ready() {
        std::unique_lock lock(merge_mutex, std::try_to_lock);
        if (!lock) return;
        while (frontier < pages.size() && done[frontier].load(std::memory_order_acquire))
            merge_doc(frontier++);
    }
};

IndexBuilder::IndexBuilder(const site::Site& site, unsigned jobs, Writer write,
                           SearchCache* search_cache, Keeper keep)
    : s_(std::make_unique<State>(site, std::max(1u, jobs), std::move(write), std::move(keep),
                                 search_cache ? search_cache->impl_.get() : nullptr)) {
    State& s = *s_;
    SearchCache::Impl* cache = s.cache;
    if (cache) {
        std::lock_guard lock(cache->mutex);
        cache->analysed = cache->reused = 0;
        cache->chunks_made = cache->chunks_kept = 0;
        cache->next.clear();
    }
    s.doc_of.assign(site.documents.size(), std::string::npos);
    for (std::size_t i = 0; i < site.documents.size(); ++i) {
        const auto& d = site.documents[i];
        if (d.kind == site::DocKind::page || d.kind == site::DocKind::image) {
            s.doc_of[i] = s.pages.size();
            s.pages.push_back(&d);
        }
    }

    const std::size_t n = s.pages.size();
    s.keys.resize(n);
    if (cache)
        parallel_for(n, s.jobs, [&](std::size_t doc, unsigned) {
            s.keys[doc] = analysis_key(site, *s.pages[doc]);
        });

    // A single build works on the index the cache folder held and lets go of
    // it when done; serve keeps its own, to update it for the pages that change.
    s.single = cache && cache->save_to;
    if (s.single) s.local = std::move(cache->state);
    s.state = cache && !s.single ? &cache->state : &s.local;
    IndexState& state = *s.state;

    // The postings: the last build's updated for the pages that changed when
    // the documents are the same ones (no page added, removed or moved in
    // the order: their ids would all shift), else merged anew.
    s.incremental = state.keys.size() == n;
    if (s.incremental)
        for (std::size_t doc = 0; doc < n; ++doc)
            if (s.keys[doc] != state.keys[doc]) s.differing.push_back(doc);
    s.incremental = s.incremental && s.differing.size() * 8 < n + 8;

    // The last build's analysis of each page that changed: serve keeps
    // them; a single build reads them from the postings. Every other page's
    // fragment is kept in the output by the digest the index holds.
    s.need.assign(n, 1);
    if (s.single && s.incremental) {
        s.before = stats_from_postings(state, s.differing, n, s.jobs);
        for (std::size_t doc = 0; doc < n; ++doc) s.need[doc] = s.keys[doc] != state.keys[doc];
    } else if (s.incremental) {
        for (std::size_t doc : s.differing) s.before.push_back(term_stats(*state.docs[doc]));
    }
    s.stream = !s.incremental && (!cache || s.single);
    // Pages added, removed or moved in the order shift the documents' ids.
    // A single build then matches the last index's documents to this
    // build's by analysis key: those found in the same relative order keep
    // their entries (renumbered in finish()); only the others are analysed.
    if (s.stream && s.single && !state.keys.empty()) {
        std::unordered_map<Digest, std::size_t, DigestHash> old_of;
        old_of.reserve(state.keys.size());
        for (std::size_t o = 0; o < state.keys.size(); ++o) old_of.emplace(state.keys[o], o);
        s.old_of_new.assign(n, -1);
        std::int64_t last = -1;
        for (std::size_t doc = 0; doc < n; ++doc) {
            auto it = old_of.find(s.keys[doc]);
            if (it == old_of.end() || static_cast<std::int64_t>(it->second) <= last) continue;
            last = static_cast<std::int64_t>(it->second);
            s.old_of_new[doc] = last;
            s.need[doc] = 0;
            s.remapped = true;
        }
    }
    if (s.stream && !s.remapped) {  // merged anew: the last postings are not needed
        state.postings.clear();
        state.terms.clear();
        state.packed.reset();
    }
    s.docs.resize(n);
    s.summaries.resize(n);
    s.done = std::make_unique<std::atomic<bool>[]>(n);
    const std::size_t group_count = (n + fragment_group - 1) / fragment_group;
    s.groups = std::make_unique<State::Group[]>(group_count);
    for (std::size_t g = 0; g < group_count; ++g) {
        const std::size_t first = g * fragment_group, size = std::min(fragment_group, n - first);
        State::Group& group = s.groups[g];
        group.left = size;
        group.digests.resize(size);
        group.texts.resize(size);
        group.kept.resize(size);
        if (!s.single) continue;
        bool unchanged = true;
        for (std::size_t doc = first; doc < first + size && unchanged; ++doc) {
            unchanged = !s.need[doc];
            if (unchanged)
                group.digests[doc - first] =
                    state.summaries[s.remapped ? static_cast<std::size_t>(s.old_of_new[doc]) : doc]
                        .fragment;
        }
        if (unchanged) group.predicted = group_tag(group.digests);
    }
    s.group_tags.resize(group_count);
    s.scratch.resize(s.jobs);
}

IndexBuilder::~IndexBuilder() = default;

// The analysis of a document that `need` names: from the cache (serve's,
// in memory) or made now; its fragment is written here too. A document not
// needed (a single build's, unchanged since the last) is not analysed: its
// fragment is kept in the output by the digest the last index's summary
// gives, or made again from its page (no word breaking) when the output
// lost it (CI keeps the cache folder and starts from an empty output).
void IndexBuilder::analyse(std::size_t document, unsigned worker) {
    State& s = *s_;
    const std::size_t doc = s.doc_of.at(document);
    if (doc == std::string::npos || s.done[doc].load(std::memory_order_acquire)) return;
    SearchCache::Impl* cache = s.cache;
    auto finished = [&] {
        s.done[doc].store(true, std::memory_order_release);
        if (s.stream) s.merge_ready();
    };
    if (!s.need[doc]) {
        const DocSummary& last =
            s.state->summaries[s.remapped ? static_cast<std::size_t>(s.old_of_new[doc]) : doc];
        s.fragment_ready(doc, last.fragment, nullptr);
        finished();
        return;
    }
    std::shared_ptr<const Analysis> a;
    if (cache) a = cache->find(s.keys[doc]);
    if (!a) {
        StringMap<TermStats>& terms = s.scratch.at(worker);
        DocInfo info = search::analyse(s.site, *s.pages[doc], terms);
        Analysis made = pack(info, terms);
        auto text = std::make_shared<const std::string>(std::move(info.fragment));
        if (!s.single) made.fragment = text;
        a = std::make_shared<const Analysis>(std::move(made));
        s.fragment_ready(doc, a->summary.fragment, std::move(text));
        if (cache) {
            std::lock_guard lock(cache->mutex);
            ++cache->analysed;
        }
    } else {
        // Without its text when read back from the cache folder: kept in
        // the output, or made again, by its group.
        s.fragment_ready(doc, a->summary.fragment, a->fragment);
    }
    if (cache && !s.single) {  // serve keeps each analysis for the next build
        std::lock_guard lock(cache->mutex);
        cache->next.emplace(s.keys[doc], a);
    }
    s.summaries[doc] = a->summary;
    s.docs[doc] = std::move(a);
    finished();
}

std::size_t build_index(const site::Site& site, unsigned jobs, const Writer& write,
                        SearchCache* search_cache, const Keeper& keep) {
    IndexBuilder builder(site, jobs, write, search_cache, keep);
    parallel_for(site.documents.size(), std::max(1u, jobs),
                 [&](std::size_t i, unsigned worker) { builder.analyse(i, worker); });
    return builder.finish();
}

std::size_t IndexBuilder::finish() {
    State& s = *s_;
    const site::Site& site = s.site;
    SearchCache::Impl* cache = s.cache;
    const Writer& write = s.write;
    const Keeper& keep = s.keep;
    const bool single = s.single;
    const std::size_t n = s.pages.size();
    IndexState& state = *s.state;
    auto& docs = s.docs;
    auto& keys = s.keys;
    bool incremental = s.incremental;
    unsigned jobs = s.jobs;
    for (std::size_t doc = 0; doc < n; ++doc)
        if (!s.done[doc].load(std::memory_order_acquire))
            throw std::logic_error("IndexBuilder::finish() before every document was analysed");
    if (s.stream) {
        std::lock_guard lock(s.merge_mutex);
        while (s.frontier < n) s.merge_doc(s.frontier++);
        if (s.remapped)
            state.postings = join_postings(state.postings, s.fresh, s.old_of_new);
        else
            state.postings = std::move(s.fresh);
        state.terms.clear();
        state.packed.reset();
    }
    std::vector<DocSummary> summaries(n);
    for (std::size_t doc = 0; doc < n; ++doc) {
        if (s.summaries[doc])
            summaries[doc] = std::move(*s.summaries[doc]);
        else
            summaries[doc] =
                state.summaries[s.remapped ? static_cast<std::size_t>(s.old_of_new[doc]) : doc];
    }
    if (cache) {
        std::lock_guard lock(cache->mutex);
        cache->reused = n - cache->analysed;
        cache->analyses.swap(cache->next);
        cache->next.clear();
    }
    // A single build keeps no analysis: the index it saves is all the next
    // run reads (earlier versions kept every analysis in the cache folder's
    // search-XX files, 600 MB at 100,000 pages: removed).
    if (single) {
        using Shards = CacheShards<SearchCache::Impl::Analyses>;
        for (std::size_t sh = 0; sh < Shards::count; ++sh)
            std::remove((cache->save_to->first + "/" + Shards::file_name("search", sh)).c_str());
        cache->analyses.clear();
    }

    StringSet changed;
    bool vocabulary_changed = !incremental || state.terms.empty();
    if (incremental) {
        update(state, s.differing, s.before, docs, changed, vocabulary_changed);
    } else {
        if (!s.stream) merge_all(docs, jobs, state.postings);
        state.chunks.clear();
    }
    s.before.clear();
    state.keys = std::move(keys);
    state.summaries = std::move(summaries);
    // A single build lets go of every analysis (their fragments and terms,
    // about 11 KB a page) once merged: the chunks are made from the postings.
    if (single)
        docs = {};
    else
        state.docs = std::move(docs);

    if (vocabulary_changed) {
        state.terms.clear();
        state.terms.reserve(state.postings.size());
        for (const auto& [term, p] : state.postings) state.terms.push_back(&term);
        std::sort(state.terms.begin(), state.terms.end(), [](auto a, auto b) { return *a < *b; });
    }

    // Chunks of consecutive terms; meta.json keeps each chunk's first term.
    // A chunk with the same terms as one of the last build, none of whose
    // postings changed, is that chunk again: its text is not made anew.
    std::unordered_map<std::string_view, std::size_t> last_chunks;  // first term -> chunk
    for (std::size_t c = 0; c < state.chunks.size(); ++c)
        last_chunks.emplace(state.chunks[c].first, c);
    std::vector<IndexState::Chunk> chunks;
    std::vector<std::int32_t> scratch;
    auto entry = [&](const std::string& term, Posting& p) {
        std::string text = json_string(term);
        text += ':';
        append_ints_json(text, term_list(ints_of(p, scratch),
                                         positions_kept(static_cast<std::size_t>(p.docs), n)));
        p.entry_bytes = text.size();
        return text;
    };
    std::size_t begin = 0, bytes = 0, kept_chunks = 0;
    bool dirty = false;
    std::vector<std::pair<std::size_t, std::string>> made;  // entries made for this chunk
    auto flush = [&](std::size_t end) {
        if (begin == end) return;
        const std::string& first = *state.terms[begin];
        auto last = last_chunks.find(first);
        bool same = !dirty && last != last_chunks.end() &&
                    state.chunks[last->second].terms == end - begin &&
                    state.chunks[last->second].last == *state.terms[end - 1];
        // A chunk read back from the cache folder has no text: kept only if
        // the output still holds its bytes.
        const auto& was = same ? state.chunks[last->second] : IndexState::Chunk{};
        if (same && !was.data && !(keep && keep("search/" + was.name, was.digest))) same = false;
        if (same) {
            chunks.push_back(was);  // a copy: last_chunks views its terms
            ++kept_chunks;
        } else {
            std::string data = "{";
            std::size_t m = 0;
            for (std::size_t t = begin; t < end; ++t) {
                if (t > begin) data += ',';
                if (m < made.size() && made[m].first == t)
                    data += made[m++].second;
                else
                    data += entry(*state.terms[t], state.postings.find(*state.terms[t])->second);
            }
            data += "}";
            IndexState::Chunk c;
            c.first = first;
            c.last = *state.terms[end - 1];
            c.terms = end - begin;
            c.name = "c-" + content_tag(data) + ".json";
            c.digest = digest(data);
            c.data = std::make_shared<const std::string>(std::move(data));
            chunks.push_back(std::move(c));
        }
        if (chunks.back().data) write("search/" + chunks.back().name, *chunks.back().data);
        // A single build keeps no chunk's text once written (save_state
        // stores none); serve keeps them for the next update.
        if (single) chunks.back().data.reset();
        begin = end;
        bytes = 0;
        dirty = false;
        made.clear();
    };
    for (std::size_t t = 0; t < state.terms.size(); ++t) {
        const std::string& term = *state.terms[t];
        Posting& p = state.postings.find(term)->second;
        if (!incremental || changed.count(term) || !p.entry_bytes) {
            made.emplace_back(t, entry(term, p));
            dirty = true;
        }
        bytes += p.entry_bytes + 1;
        if (may_cut(bytes, term, p.entry_bytes)) flush(t + 1);
    }
    flush(state.terms.size());
    state.chunks = std::move(chunks);
    if (cache) {
        cache->chunks_kept = kept_chunks;
        cache->chunks_made = state.chunks.size() - kept_chunks;
    }
    if (vocabulary_changed || state.vocab.empty()) {
        std::string vocab = "[";
        for (std::size_t i = 0; i < state.terms.size(); ++i)
            vocab += (i ? "," : "") + json_string(*state.terms[i]);
        vocab += "]";
        state.vocab_name = "vocab-" + content_tag(vocab) + ".json";
        state.vocab = std::move(vocab);
        state.variants = variant_files(state.terms);
    }
    write("search/" + state.vocab_name, state.vocab);

    Filters filters;
    Meta meta;
    meta.docs = n;
    meta.docinfo.reserve(n);
    double total_length = 0;
    for (std::size_t doc = 0; doc < n; ++doc) {
        const DocSummary& d = state.summaries[doc];
        for (const auto& [key, value] : d.filters)
            filters[key][value].push_back(static_cast<int>(doc));
        meta.docinfo += length_bucket(d.length);
        total_length += d.length;
    }
    meta.groups = std::move(s.group_tags);
    meta.filters_json = write_filters(filters, write);
    meta.variants_json = variants_json(state.variants, write);
    meta.avgdl = n == 0 ? 0 : std::lround(total_length / static_cast<double>(n));
    for (const auto& c : state.chunks) meta.chunks.emplace_back(c.first, c.name);
    meta.vocab_name = state.vocab_name;
    meta.site_title = site.config.title;
    meta.site_url = site.config.base_url;
    write("search/meta.json", meta_json(meta));
    if (single)  // for the next run: without the chunks' text
        save_state(cache->save_to->first, cache->save_to->second, state, true);
    return n;
}

}  // namespace kmsite::search
