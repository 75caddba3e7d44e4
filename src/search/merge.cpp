// `kmsite merge`'s search half: the published indexes of several built sites
// combined into one, as if one build had indexed all their pages, without
// reading any page again. Each input is read from its output folder (what an
// office's CI publishes), through the same format the browser reads; the
// first site is the host, whose search page will use the merged index.
//
// Streaming: every index lists its terms in order across its chunks, so the
// merge walks all of them at once (a k-way merge), holding one chunk per
// site and the chunk being written; memory does not grow with the sites'
// size but for the filters and per-document info (a few bytes a page).
//
// The inputs come from other offices' builds: every file name is checked
// before it is opened, files are read without following symbolic links,
// every number is checked against the site's document count, and fragment
// URLs must be the root-relative or http(s) URLs a build writes.
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <queue>

#include "search/internal.h"

namespace kmsite::search {

namespace {

// meta.json (4 bytes a page), a chunk (one common word's list takes
// megabytes at 100,000 pages), a filter file.
constexpr std::size_t max_index_file = 64u << 20;
constexpr std::size_t max_fragment_file = 4u << 20;  // one page's excerpt
constexpr std::size_t max_documents = 50'000'000;    // document ids are int32 in the client

// A problem with one input file: reported with the file's path.
struct Bad {
    std::string file;
    std::string message;
};

[[noreturn]] void bad(const std::string& file, const std::string& english,
                      const std::string& thai) {
    throw Bad{file, english + " / " + thai};
}

// A file name meta.json may name: made by a build, never a path.
bool plain_name(std::string_view name) {
    if (name.empty() || name.size() > 128 || name.front() == '.') return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
            return false;
    return name.size() > 5 && name.substr(name.size() - 5) == ".json";
}

// "https://host[:port]" of an http(s) base URL ending in '/', or "" when
// it is not one.
std::string origin_of(std::string_view url) {
    std::size_t scheme = url.rfind("https://", 0) == 0 ? 8 : url.rfind("http://", 0) == 0 ? 7 : 0;
    if (!scheme || url.empty() || url.back() != '/') return "";
    for (char c : url)
        if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\' ||
            c == 0x7F)
            return "";
    std::size_t slash = url.find('/', scheme);
    if (slash == scheme) return "";
    return std::string(url.substr(0, slash));
}

struct Input {
    std::string dir;  // the site's output folder
    std::string meta_file;
    std::size_t docs = 0;
    long long avgdl = 0;
    std::vector<std::pair<std::string, std::string>> chunks;  // first term, file
    std::string docinfo;
    std::vector<std::string> groups;  // fragment groups' tags (fragment_path)
    std::vector<std::pair<std::string, std::string>> filter_files;  // key, file
    std::string title, url, origin;
    std::size_t offset = 0;  // of its first document in the merged index
    std::string prefix;      // put before its root-relative fragment URLs

    // The chunk being read.
    simdjson::dom::parser parser;
    std::size_t chunk = 0;
    simdjson::dom::object::iterator at, end;
    std::string term, last_term;
    bool any_term = false;  // last_term holds one (the first term may be "")
    bool done = false;
};

std::string file_of(const Input& in, std::string_view name) {
    return in.dir + "/search/" + std::string(name);
}

simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& data,
                             const std::string& file) {
    simdjson::dom::element root;
    if (parser.parse(data.data(), data.size(), true).get(root))
        bad(file, "is not valid JSON", "ไม่ใช่ JSON ที่ถูกต้อง");
    return root;
}

std::string read_index_file(const Input& in, std::string_view name, std::size_t limit) {
    std::string relative = "search/" + std::string(name);
    auto data = read_file_beneath(in.dir, relative, limit);
    if (!data)
        bad(in.dir + "/" + relative,
            "cannot be read: missing, too large, or not a regular file (a symbolic link is not "
            "followed); build the site again with this version of kmsite",
            "อ่านไม่ได้ (ไม่มี ใหญ่เกิน หรือไม่ใช่ไฟล์ปกติ) ให้สร้างเว็บไซต์นั้นใหม่ด้วย kmsite รุ่นนี้");
    return std::move(*data);
}

// A member or item that may be missing (a missing one is an error value,
// never an exception: simdjson throws when an error value is converted).
using Field = simdjson::simdjson_result<simdjson::dom::element>;

std::string_view need_string(Field e, const std::string& file, const char* what) {
    std::string_view s;
    if (e.get_string().get(s)) bad(file, std::string(what) + " is not a string", "ค่าไม่ใช่ข้อความ");
    return s;
}

std::int64_t need_int(Field e, const std::string& file, std::int64_t lo, std::int64_t hi) {
    std::int64_t v = 0;
    if (e.get_int64().get(v) || v < lo || v > hi)
        bad(file, "holds a number out of range", "มีตัวเลขที่อยู่นอกช่วงที่ถูกต้อง");
    return v;
}

// Reads a site's meta.json: what the merge needs, every name checked.
void read_meta(Input& in) {
    in.meta_file = in.dir + "/search/meta.json";
    const std::string& f = in.meta_file;
    std::string data = read_index_file(in, "meta.json", max_index_file);
    simdjson::dom::parser parser;
    simdjson::dom::object meta;
    if (parse(parser, data, f).get_object().get(meta)) bad(f, "is not an object", "ไม่ใช่ออบเจ็กต์");
    std::int64_t version = 0;
    if (meta["version"].get_int64().get(version) || version != 2)
        bad(f, "is not a search index of this version of kmsite; build the site again",
            "ไม่ใช่ดัชนีค้นหาของ kmsite รุ่นนี้ ให้สร้างเว็บไซต์นั้นใหม่");
    in.docs = static_cast<std::size_t>(need_int(meta["docs"], f, 0, max_documents));
    in.avgdl = need_int(meta["avgdl"], f, 0, 1'000'000'000);
    in.docinfo = std::string(need_string(meta["docinfo"], f, "docinfo"));
    if (in.docinfo.size() != in.docs)
        bad(f, "docinfo does not match the number of documents", "docinfo ไม่ตรงกับจำนวนเอกสาร");
    for (char c : in.docinfo)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')))
            bad(f, "docinfo holds a character a build never writes", "docinfo มีอักขระที่ไม่ถูกต้อง");
    // Fragment groups: the size this version writes, and one tag of 16 hex
    // digits per group (a tag becomes a folder name: nothing else may pass).
    if (need_int(meta["group"], f, 1, 1 << 20) != static_cast<std::int64_t>(fragment_group))
        bad(f, "groups fragments other than this version of kmsite; build the site again",
            "จัดกลุ่มไฟล์ย่อยต่างจาก kmsite รุ่นนี้ ให้สร้างเว็บไซต์นั้นใหม่");
    simdjson::dom::array groups;
    if (meta["groups"].get_array().get(groups) ||
        groups.size() != (in.docs + fragment_group - 1) / fragment_group)
        bad(f, "groups does not match the number of documents", "groups ไม่ตรงกับจำนวนเอกสาร");
    for (simdjson::dom::element g : groups) {
        std::string_view tag = need_string(std::move(g), f, "a group's tag");
        if (tag.size() != 16 || !std::all_of(tag.begin(), tag.end(), [](char c) {
                return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            }))
            bad(f, "names a fragment group that is not 16 hex digits", "ชื่อกลุ่มไฟล์ย่อยไม่ถูกต้อง");
        in.groups.emplace_back(tag);
    }
    simdjson::dom::array chunks;
    if (meta["chunks"].get_array().get(chunks)) bad(f, "has no chunk list", "ไม่มีรายการ chunk");
    for (simdjson::dom::element c : chunks) {
        simdjson::dom::array pair;
        if (c.get_array().get(pair) || pair.size() != 2)
            bad(f, "has a chunk entry that is not [term, file]", "รายการ chunk ไม่ถูกต้อง");
        std::string name(need_string(pair.at(1), f, "a chunk's file"));
        if (!plain_name(name))
            bad(f, "names a chunk file that is not a plain name", "ชื่อไฟล์ไม่ถูกต้อง");
        in.chunks.emplace_back(std::string(need_string(pair.at(0), f, "a chunk's term")), name);
    }
    simdjson::dom::object filters;
    if (meta["filters"].get_object().get(filters)) bad(f, "has no filters", "ไม่มีตัวกรอง");
    for (auto [key, value] : filters) {
        // Only the filters a build (or a merge) writes, each once: a list
        // of many keys naming one file would multiply it in the portal.
        static constexpr std::string_view known[] = {"fiscal_year", "kind", "office", "site",
                                                     "tag"};
        if (std::find(std::begin(known), std::end(known), key) == std::end(known))
            bad(f, "has a filter a build never writes: " + std::string(key),
                "มีตัวกรองที่ kmsite ไม่ได้สร้าง");
        std::string name(need_string(value["file"], f, "a filter's file"));
        if (!plain_name(name))
            bad(f, "names a filter file that is not a plain name", "ชื่อไฟล์ไม่ถูกต้อง");
        in.filter_files.emplace_back(std::string(key), name);
    }
    simdjson::dom::object site;
    if (meta["site"].get_object().get(site))
        bad(f, "does not say which site it is of; build the site again with this version of kmsite",
            "ไม่ระบุว่าเป็นดัชนีของเว็บไซต์ใด ให้สร้างเว็บไซต์นั้นใหม่ด้วย kmsite รุ่นนี้");
    in.title = std::string(need_string(site["title"], f, "the site's title"));
    in.url = std::string(need_string(site["url"], f, "the site's URL"));
    in.origin = origin_of(in.url);
    if (in.origin.empty())
        bad(f, "gives a site URL that is not http(s)://host/path/", "URL ของเว็บไซต์ไม่ถูกต้อง");
}

// Moves a site's cursor to its next term, reading its next chunk when the
// current one is done. Terms must rise across the whole index.
void advance(Input& in) {
    while (in.at == in.end) {
        if (in.chunk == in.chunks.size()) {
            in.done = true;
            return;
        }
        const std::string name = in.chunks[in.chunk++].second;
        std::string file = file_of(in, name);
        // The parser keeps its own padded copy; the document it returns
        // lives until the next parse on it.
        std::string data = read_index_file(in, name, max_index_file);
        simdjson::dom::object chunk;
        if (parse(in.parser, data, file).get_object().get(chunk))
            bad(file, "is not an object of terms", "ไม่ใช่ออบเจ็กต์ของคำ");
        in.at = chunk.begin();
        in.end = chunk.end();
    }
    in.term = std::string(in.at.key());
    if (in.any_term && in.term <= in.last_term)
        bad(file_of(in, in.chunks[in.chunk - 1].second), "lists its terms out of order",
            "เรียงคำไม่ถูกต้อง");
    in.last_term = in.term;
    in.any_term = true;
}

// One site's list for the current term, checked: [kept, entries...] with
// document numbers made absolute (entry_size's layout, doc as a number).
struct Decoded {
    int kept = 0;
    std::vector<std::int32_t> entries;  // doc, title, heading, count, positions (min(count, kept))
    std::size_t docs = 0;
};

void decode(const Input& in, Decoded& out) {
    const std::string file = file_of(in, in.chunks[in.chunk - 1].second);
    simdjson::dom::array list;
    if (in.at.value().get_array().get(list) || list.size() == 0)
        bad(file, "holds a term whose postings are not a list", "รายการเอกสารของคำไม่ถูกต้อง");
    out.entries.clear();
    out.docs = 0;
    auto it = list.begin();
    out.kept = static_cast<int>(need_int(*it, file, 0, max_positions));
    ++it;
    std::int64_t doc = -1;
    while (it != list.end()) {
        std::int64_t fields[4];
        for (auto& v : fields) {
            if (it == list.end()) bad(file, "ends a posting early", "รายการเอกสารสั้นเกินไป");
            v = need_int(*it, file, 0, 0x7FFFFFFF);
            ++it;
        }
        doc = (doc < 0 ? 0 : doc) + fields[0];
        if ((out.docs > 0 && fields[0] == 0) || doc >= static_cast<std::int64_t>(in.docs))
            bad(file, "names a document the index does not have", "อ้างถึงเอกสารที่ไม่มีในดัชนี");
        out.entries.push_back(
            static_cast<std::int32_t>(doc + static_cast<std::int64_t>(in.offset)));
        for (int k = 1; k < 4; ++k) out.entries.push_back(static_cast<std::int32_t>(fields[k]));
        std::int64_t stored = std::min<std::int64_t>(fields[3], out.kept), position = 0;
        for (std::int64_t k = 0; k < stored; ++k) {
            if (it == list.end()) bad(file, "ends a posting early", "รายการเอกสารสั้นเกินไป");
            position += need_int(*it, file, 0, 0x7FFFFFFF);
            if (position > 0x7FFFFFFF) bad(file, "holds a number out of range", "มีตัวเลขนอกช่วง");
            out.entries.push_back(static_cast<std::int32_t>(position));
            ++it;
        }
        ++out.docs;
    }
}

// The sites' term lists for one term, as one list of the merged index.
std::vector<std::int32_t> merged_list(const std::vector<Decoded*>& lists, std::size_t total_docs) {
    std::size_t df = 0;
    int keep = max_positions;
    for (const Decoded* d : lists) df += d->docs, keep = std::min(keep, d->kept);
    keep = std::min(keep, positions_kept(df, total_docs));
    std::vector<std::int32_t> out{keep};
    std::int32_t previous = 0;
    for (const Decoded* d : lists) {
        const auto& e = d->entries;
        for (std::size_t i = 0; i < e.size();) {
            std::int32_t count = e[i + 3];
            std::size_t stored = static_cast<std::size_t>(std::min(count, d->kept));
            out.push_back(e[i] - previous);
            previous = e[i];
            out.insert(out.end(), e.begin() + static_cast<long>(i) + 1,
                       e.begin() + static_cast<long>(i) + 4);
            std::int32_t before = 0;
            for (std::size_t k = 0;
                 k < std::min<std::size_t>(stored, static_cast<std::size_t>(keep)); ++k) {
                std::int32_t p = e[i + 4 + k];
                out.push_back(p - before);
                before = p;
            }
            i += 4 + stored;
        }
    }
    return out;
}

// Whether a result may link to `url`: root-relative ("/a/", never "//" or
// "/\\", which browsers read as another host) or http(s), with no control
// character or backslash anywhere.
bool linkable(std::string_view url, bool* root_relative) {
    for (char c : url)
        if (static_cast<unsigned char>(c) < ' ' || c == 0x7F || c == '\\') return false;
    *root_relative = url.size() >= 1 && url[0] == '/' && (url.size() == 1 || url[1] != '/');
    return *root_relative || url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

// One page's fragment in the merged index, written anew from its checked
// fields (a build writes exactly these five strings, in this order, so a
// page's fragment keeps its bytes unless its URL changes): a field twice,
// another field or another type stops the merge; the browser would read a
// second "url" where the merge checked the first, and a title that is not
// a string would break every search that shows it. The URL is made
// absolute when the page is on another origin than the host's.
std::string rewrite_fragment(const Input& in, simdjson::dom::parser& parser,
                             const std::string& data, const std::string& file) {
    static constexpr const char* fields[] = {"url", "title", "kind", "date", "text"};
    simdjson::dom::object f;
    if (parse(parser, data, file).get_object().get(f)) bad(file, "is not an object", "ไม่ใช่ออบเจ็กต์");
    std::string_view values[5];
    bool seen[5] = {};
    for (auto [key, value] : f) {
        auto at = std::find(std::begin(fields), std::end(fields), key);
        if (at == std::end(fields) || seen[at - fields])
            bad(file, "holds a field twice, or one a build never writes",
                "มีช่องข้อมูลซ้ำหรือช่องที่ kmsite ไม่ได้สร้าง");
        seen[at - fields] = true;
        if (value.get_string().get(values[at - fields]))
            bad(file, "holds a field that is not a string", "มีช่องข้อมูลที่ไม่ใช่ข้อความ");
    }
    if (!std::all_of(std::begin(seen), std::end(seen), [](bool b) { return b; }))
        bad(file, "lacks a field a build writes", "ขาดช่องข้อมูลที่ kmsite สร้าง");
    bool root_relative = false;
    if (!linkable(values[0], &root_relative))
        bad(file, "gives a page URL that is neither root-relative nor http(s)",
            "URL ของหน้าไม่ใช่ทั้งแบบเริ่มจากราก (/) และแบบ http(s)");
    std::string url(values[0]);
    if (root_relative) url = in.prefix + url;
    std::string out = "{";
    for (std::size_t k = 0; k < 5; ++k) {
        out += k ? ",\"" : "\"";
        out += fields[k];
        out += "\":";
        out += json_string(k == 0 ? std::string_view(url) : values[k]);
    }
    return out + "}";
}

// Each merged group of fragment_group documents at once: its fragments read
// and rewritten, then written under the group's tag (index_format.cpp).
void merge_fragments(std::vector<Input>& inputs, Meta& meta, unsigned jobs, const Writer& write) {
    std::size_t total = 0;
    for (const auto& in : inputs) total += in.docs;
    meta.docinfo.assign(total, '0');
    std::vector<std::pair<const Input*, std::size_t>> docs;  // merged doc -> site, its doc
    docs.reserve(total);
    for (const auto& in : inputs)
        for (std::size_t d = 0; d < in.docs; ++d) docs.emplace_back(&in, d);
    const std::size_t group_count = (total + fragment_group - 1) / fragment_group;
    meta.groups.assign(group_count, "");
    std::vector<simdjson::dom::parser> parsers(std::max(1u, jobs));
    std::mutex failed_mutex;
    std::optional<Bad> failed;
    parallel_for(group_count, jobs, [&](std::size_t g, unsigned worker) {
        try {
            const std::size_t first = g * fragment_group;
            const std::size_t end = std::min(total, first + fragment_group);
            std::vector<std::string> texts;
            std::vector<Digest> digests;
            for (std::size_t doc = first; doc < end; ++doc) {
                const auto& [in, d] = docs[doc];
                std::string name = fragment_path(in->groups[d / fragment_group], d).substr(7);
                std::string data = read_index_file(*in, name, max_fragment_file);
                texts.push_back(rewrite_fragment(*in, parsers[worker], data, file_of(*in, name)));
                digests.push_back(digest(texts.back()));
                meta.docinfo[doc] = in->docinfo[d];
            }
            meta.groups[g] = group_tag(digests);
            for (std::size_t doc = first; doc < end; ++doc)
                write(fragment_path(meta.groups[g], doc), texts[doc - first]);
        } catch (Bad& b) {
            std::lock_guard lock(failed_mutex);
            if (!failed) failed = std::move(b);
        }
    });
    if (failed) throw *failed;
}

void merge_filters(std::vector<Input>& inputs, Filters& filters) {
    simdjson::dom::parser parser;
    for (const auto& in : inputs) {
        bool has_site = false;
        for (const auto& [key, name] : in.filter_files) {
            has_site |= key == "site";
            std::string file = file_of(in, name);
            std::string data = read_index_file(in, name, max_index_file);
            simdjson::dom::object values;
            if (parse(parser, data, file).get_object().get(values))
                bad(file, "is not an object of values", "ไม่ใช่ออบเจ็กต์ของค่า");
            for (auto [value, list] : values) {
                simdjson::dom::array deltas;
                if (list.get_array().get(deltas))
                    bad(file, "holds a value without a list", "ค่าไม่มีรายการ");
                auto& docs = filters[key][std::string(value)];
                std::int64_t doc = 0;
                bool first = true;
                for (simdjson::dom::element delta : deltas) {
                    std::int64_t step = need_int(std::move(delta), file, first ? 0 : 1, 0x7FFFFFFF);
                    doc += step;
                    first = false;
                    if (doc >= static_cast<std::int64_t>(in.docs))
                        bad(file, "names a document the index does not have",
                            "อ้างถึงเอกสารที่ไม่มีในดัชนี");
                    docs.push_back(static_cast<int>(doc + static_cast<std::int64_t>(in.offset)));
                }
            }
        }
        // A merged index already says which site each page is of: merging it
        // again keeps that (a province's merge inside a national one).
        if (!has_site && in.docs > 0) {
            auto& docs = filters["site"][in.title];
            for (std::size_t d = 0; d < in.docs; ++d)
                docs.push_back(static_cast<int>(in.offset + d));
        }
    }
    // Two sites under one title share its value: their lists are put in order.
    for (auto& [key, values] : filters)
        for (auto& [value, docs] : values) {
            std::sort(docs.begin(), docs.end());
            docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
        }
}

}  // namespace

std::vector<MergedSite> merge_indexes(const std::vector<std::string>& site_dirs, unsigned jobs,
                                      const Writer& write, Diagnostics& diagnostics) {
    std::vector<Input> inputs(site_dirs.size());
    std::vector<MergedSite> sites;
    // Every site's meta.json first, all problems reported at once.
    for (std::size_t i = 0; i < site_dirs.size(); ++i) {
        inputs[i].dir = site_dirs[i];
        try {
            read_meta(inputs[i]);
        } catch (const Bad& b) {
            diagnostics.error(b.file, 0, 0, "merge-input", b.message);
        }
    }
    if (diagnostics.has_errors() || inputs.empty()) return {};
    std::size_t total = 0;
    double total_length = 0;
    for (auto& in : inputs) {
        in.offset = total;
        total += in.docs;
        total_length += static_cast<double>(in.avgdl) * static_cast<double>(in.docs);
        // Pages on the host's origin keep root-relative URLs (their base
        // path is in them); pages elsewhere get their site's origin.
        if (in.origin != inputs.front().origin) in.prefix = in.origin;
        sites.push_back({in.title, in.url, in.docs});
    }
    if (total > max_documents) {
        diagnostics.error(inputs.back().meta_file, 0, 0, "merge-input",
                          "the sites have more pages together than one index can hold / "
                          "รวมกันแล้วมีจำนวนหน้ามากเกินกว่าที่ดัชนีเดียวจะรับได้");
        return {};
    }
    try {
        Meta meta;
        meta.docs = total;
        meta.avgdl = total == 0 ? 0 : std::lround(total_length / static_cast<double>(total));
        meta.site_title = inputs.front().title;
        meta.site_url = inputs.front().url;

        // Terms: the k-way merge, smallest term first; a site's lists for a
        // term follow in site order, so documents stay in increasing order.
        using Head = std::pair<std::string, std::size_t>;  // term, site
        std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            advance(inputs[i]);
            if (!inputs[i].done) heads.emplace(inputs[i].term, i);
        }
        std::vector<Decoded> decoded(inputs.size());
        std::string chunk = "{", vocab = "[";
        std::vector<std::string> all_terms;  // for the spelling variants
        std::string first_term;
        std::size_t bytes = 0;
        auto flush = [&] {
            if (chunk.size() == 1) return;
            chunk += '}';
            std::string name = "c-" + content_tag(chunk) + ".json";
            write("search/" + name, chunk);
            meta.chunks.emplace_back(first_term, name);
            chunk = "{";
            bytes = 0;
        };
        while (!heads.empty()) {
            std::string term = heads.top().first;
            std::vector<std::size_t> from;
            while (!heads.empty() && heads.top().first == term) {
                from.push_back(heads.top().second);
                heads.pop();
            }
            std::sort(from.begin(), from.end());
            std::vector<Decoded*> lists;
            for (std::size_t i : from) {
                decode(inputs[i], decoded[i]);
                lists.push_back(&decoded[i]);
            }
            std::string entry = json_string(term);
            entry += ':';
            append_ints_json(entry, merged_list(lists, total));
            if (chunk.size() == 1)
                first_term = term;
            else
                chunk += ',';
            chunk += entry;
            vocab += (vocab.size() > 1 ? "," : "") + json_string(term);
            all_terms.push_back(term);
            bytes += entry.size() + 1;
            if (may_cut(bytes, term, entry.size())) flush();
            for (std::size_t i : from) {
                ++inputs[i].at;
                advance(inputs[i]);
                if (!inputs[i].done) heads.emplace(inputs[i].term, i);
            }
        }
        flush();
        vocab += ']';
        meta.vocab_name = "vocab-" + content_tag(vocab) + ".json";
        write("search/" + meta.vocab_name, vocab);

        merge_fragments(inputs, meta, jobs, write);
        Filters filters;
        merge_filters(inputs, filters);
        meta.filters_json = write_filters(filters, write);
        std::vector<const std::string*> term_list;
        term_list.reserve(all_terms.size());
        for (const auto& t : all_terms) term_list.push_back(&t);
        meta.variants_json = variants_json(variant_files(term_list), write);
        write("search/meta.json", meta_json(meta));
    } catch (const Bad& b) {
        diagnostics.error(b.file, 0, 0, "merge-input", b.message);
        return {};
    }
    return sites;
}

}  // namespace kmsite::search
