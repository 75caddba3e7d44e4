// The output claim table: one owner per output file, checked before writing.
#include <algorithm>
#include <cctype>
#include <set>

#include "site/internal.h"

namespace kmsite::site {

namespace {

std::string fold_case(const std::string& path) {
    std::string out = path;
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool is_content(const std::string& who) {
    return who.rfind("content/", 0) == 0;
}

bool matches(const std::string& file, const std::string& prefix, const std::string& suffix) {
    return file.size() >= prefix.size() + suffix.size() && file.rfind(prefix, 0) == 0 &&
           file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

// Reported at the author's file when one of the two is content (that is the
// file to rename), else at the later claimant.
void OutputClaims::conflict(const std::string& file, const std::string& first,
                            const std::string& second, Diagnostics& diagnostics) const {
    std::string where = is_content(second) ? second : is_content(first) ? first : second;
    diagnostics.error(where, 1, 1, "url-conflict",
                      "/" + file + " is claimed by both " + first + " and " + second +
                          "; rename the content file or change its 'slug' or 'aliases' "
                          "(theme and generated files keep their paths) / "
                          "ไฟล์ผลลัพธ์ซ้ำกัน ให้เปลี่ยนชื่อไฟล์หรือ slug");
}

bool OutputClaims::claim(const std::string& file, const std::string& who,
                         Diagnostics& diagnostics) {
    return claim_file(file, who, true, diagnostics);
}

bool OutputClaims::claim_file(const std::string& file, const std::string& who, bool case_warning,
                              Diagnostics& diagnostics) {
    for (const auto& p : patterns_) {
        if (matches(file, p.prefix, p.suffix)) {
            conflict(file, p.who, who, diagnostics);
            return false;
        }
    }
    auto [it, fresh] = files_.emplace(file, who);
    if (!fresh) {  // even by the same source (an alias naming its own page's URL)
        conflict(file, it->second, who, diagnostics);
        return false;
    }
    // A file where another claim needs a folder ("a" and "a/index.html") cannot
    // both exist on disk.
    auto below = files_.lower_bound(file + "/");
    if (below != files_.end() && below->first.rfind(file + "/", 0) == 0) {
        conflict(file, below->second, who, diagnostics);
        files_.erase(it);
        return false;
    }
    for (std::string_view dir = parent_path(file); !dir.empty(); dir = parent_path(dir)) {
        if (auto up = files_.find(std::string(dir)); up != files_.end()) {
            conflict(up->first, up->second, who, diagnostics);
            files_.erase(it);
            return false;
        }
    }
    // Hosts differ: Windows and macOS shares fold case, so A.png and a.png
    // would overwrite each other there.
    auto [same, first] = folded_.emplace(fold_case(file), file);
    if (!first && same->second != file && case_warning) {
        const std::string& other = files_.at(same->second);
        diagnostics.warning(is_content(who) ? who : other, 1, 1, "url-case-conflict",
                            "/" + file + " (from " + who + ") and /" + same->second + " (from " +
                                other +
                                ") differ only in upper and lower case; some web servers "
                                "treat them as one file / ชื่อไฟล์ต่างกันแค่ตัวพิมพ์เล็กใหญ่");
    }
    return true;
}

bool OutputClaims::claim_pattern(const std::string& prefix, const std::string& suffix,
                                 const std::string& who, Diagnostics& diagnostics) {
    bool ok = true;
    for (const auto& [file, owner] : files_) {
        if (matches(file, prefix, suffix)) {
            conflict(file, owner, who, diagnostics);
            ok = false;
        }
    }
    patterns_.push_back({prefix, suffix, who});
    return ok;
}

bool OutputClaims::take_over(const std::string& file, const std::string& from,
                             const std::string& who, Diagnostics& diagnostics) {
    auto it = files_.find(file);
    if (it != files_.end() && it->second == from) {
        it->second = who;
        return true;
    }
    return claim(file, who, diagnostics);
}

void OutputClaims::claim_alongside(const std::function<bool(std::string_view)>& eligible,
                                   const std::vector<std::string>& suffixes,
                                   const std::function<std::string(const std::string&)>& describe,
                                   Diagnostics& diagnostics) {
    // Taken first: the claims below add to both.
    std::vector<std::string> files;
    for (const auto& [file, who] : files_)
        if (eligible(file)) files.push_back(file);
    std::vector<Pattern> patterns;
    for (const auto& p : patterns_)
        if (eligible(p.suffix)) patterns.push_back(p);
    for (const auto& file : files)
        for (const auto& suffix : suffixes)
            claim_file(file + suffix, describe("/" + file), false, diagnostics);
    for (const auto& p : patterns)
        for (const auto& suffix : suffixes)
            claim_pattern(p.prefix, p.suffix + suffix, describe("/" + p.prefix + "*" + p.suffix),
                          diagnostics);
}

const std::string* OutputClaims::owner(const std::string& file) const {
    if (auto it = files_.find(file); it != files_.end()) return &it->second;
    for (const auto& p : patterns_) {
        if (matches(file, p.prefix, p.suffix)) return &p.who;
    }
    return nullptr;
}

void Site::claim_pictures(const images::Pictures& pictures, Diagnostics& diagnostics) {
    // In source order, so a conflict is reported the same way every build.
    std::map<std::string, const images::Picture*> ordered;
    for (const auto& [source, picture] : pictures) ordered.emplace(source, &picture);
    for (const auto& [source, picture] : ordered) {
        std::set<std::string> seen;
        for (const auto* list : {&picture->webp, &picture->fallback}) {
            for (const auto& v : *list) {
                if (seen.insert(v.url).second) outputs.claim(v.url, source, diagnostics);
            }
        }
    }
}

}  // namespace kmsite::site
