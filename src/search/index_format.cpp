// The published index's format (search.h lists its files): how postings,
// chunks, filters and meta.json are written. Shared by the build's index
// (index.cpp) and by `kmsite merge` (merge.cpp), so a merged index is read by
// the same client as a built one.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "search/internal.h"
#include "thai/thai.h"

namespace kmsite::search {

namespace {
constexpr const char* base36 = "0123456789abcdefghijklmnopqrstuvwxyz";
}  // namespace

std::size_t entry_size(const std::vector<std::int32_t>& ints, std::size_t i) {
    return 4 + static_cast<std::size_t>(std::min<std::int32_t>(ints[i + 3], max_positions));
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

std::vector<std::int32_t> term_list(const std::vector<std::int32_t>& ints, int keep) {
    std::vector<std::int32_t> out;
    out.reserve(ints.size() + 1);
    out.push_back(keep);
    for (std::size_t i = 0; i < ints.size(); i += entry_size(ints, i)) {
        auto stored = static_cast<std::ptrdiff_t>(entry_size(ints, i) - 4);
        auto first = ints.begin() + static_cast<std::ptrdiff_t>(i);
        out.insert(out.end(), first, first + 4);
        out.insert(out.end(), first + 4, first + 4 + std::min<std::ptrdiff_t>(stored, keep));
    }
    return out;
}

int positions_kept(std::size_t docs_with_term, std::size_t docs) {
    bool common = static_cast<double>(docs_with_term) > common_share * static_cast<double>(docs);
    return common ? common_positions : max_positions;
}

char length_bucket(int length) {
    int b = static_cast<int>(std::lround(std::log2(length + 1.0) * 4));
    return base36[std::clamp(b, 0, 35)];
}

bool may_cut(std::size_t bytes, std::string_view term, std::size_t entry_bytes) {
    if (bytes >= 4 * chunk_target_bytes) return true;
    if (bytes < chunk_target_bytes / 16) return false;
    return hash64(term) % chunk_target_bytes < entry_bytes;
}

std::string group_tag(const std::vector<Digest>& fragments) {
    Hasher h;
    h.add(static_cast<std::int64_t>(fragments.size()));
    for (const auto& d : fragments) h.add(d);
    return hex64(h.finish().lo);
}

std::string fragment_path(std::string_view group_tag, std::size_t doc) {
    return "search/f/" + std::string(group_tag) + "/" + std::to_string(doc) + ".json";
}

std::string write_filters(const Filters& filters, const Writer& write) {
    std::string filters_json = "{";
    for (const auto& [key, values] : filters) {
        std::string data = "{", listing = "[";
        for (const auto& [value, docs_of] : values) {
            if (data.size() > 1) data += ',', listing += ',';
            std::vector<std::int32_t> deltas;
            deltas.reserve(docs_of.size());
            int prev = 0;
            for (int d : docs_of) deltas.push_back(d - prev), prev = d;
            data += json_string(value);
            data += ':';
            append_ints_json(data, deltas);
            listing += "[" + json_string(value) + "," + std::to_string(docs_of.size()) + "]";
        }
        data += "}";
        listing += "]";
        std::string name = "filter-" + content_tag(data) + ".json";
        write("search/" + name, data);
        if (filters_json.size() > 1) filters_json += ',';
        filters_json +=
            json_string(key) + ":{\"file\":" + json_string(name) + ",\"values\":" + listing + "}";
    }
    return filters_json + "}";
}

std::vector<std::pair<std::string, std::string>> variant_files(
    const std::vector<const std::string*>& terms) {
    std::vector<std::pair<std::string, const std::string*>> pairs;  // key, term
    for (const std::string* term : terms) {
        std::string key = thai::spelling_key(*term);
        if (!key.empty() && key != *term) pairs.emplace_back(std::move(key), term);
    }
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : *a.second < *b.second;
    });
    std::vector<std::pair<std::string, std::string>> files;  // first key, JSON
    std::string data;
    for (std::size_t i = 0; i < pairs.size();) {
        if (data.empty()) {
            files.emplace_back(pairs[i].first, "");
            data = "{";
        } else {
            data += ',';
        }
        data += json_string(pairs[i].first) + ":[";
        std::size_t j = i;
        for (; j < pairs.size() && pairs[j].first == pairs[i].first; ++j)
            data += (j > i ? "," : "") + json_string(*pairs[j].second);
        data += ']';
        i = j;
        // Cut between keys, never inside one: a key's words are in one file.
        if (data.size() >= chunk_target_bytes || i == pairs.size()) {
            files.back().second = data + "}";
            data.clear();
        }
    }
    return files;
}

std::string variants_json(const std::vector<std::pair<std::string, std::string>>& files,
                          const Writer& write) {
    std::string out = "[";
    for (const auto& [first, data] : files) {
        std::string name = "v-" + content_tag(data) + ".json";
        write("search/" + name, data);
        if (out.size() > 1) out += ',';
        out += "[" + json_string(first) + "," + json_string(name) + "]";
    }
    return out + "]";
}

std::string meta_json(const Meta& m) {
    std::string chunks = "[";
    for (const auto& [first, name] : m.chunks) {
        if (chunks.size() > 1) chunks += ',';
        chunks += "[" + json_string(first) + "," + json_string(name) + "]";
    }
    chunks += "]";
    std::string groups = "[";
    for (const auto& g : m.groups) {
        if (groups.size() > 1) groups += ',';
        groups += json_string(g);
    }
    groups += "]";
    return "{\"version\":2,\"docs\":" + std::to_string(m.docs) +
           ",\"avgdl\":" + std::to_string(m.avgdl) + ",\"chunks\":" + chunks +
           ",\"docinfo\":" + json_string(m.docinfo) +
           ",\"group\":" + std::to_string(fragment_group) + ",\"groups\":" + groups +
           ",\"filters\":" + m.filters_json + ",\"vocab\":" + json_string(m.vocab_name) +
           ",\"variants\":" + m.variants_json +
           ",\"site\":{\"title\":" + json_string(m.site_title) +
           ",\"url\":" + json_string(m.site_url) + "}}";
}

}  // namespace kmsite::search
