#include <string>
#include <unordered_map>

#include "core/core.h"
#include "thai/thai.h"

namespace kmsite::thai {

namespace {

struct Entry {
    std::string_view key;
    bool longer = false;
};

// Every spelling and key, and every prefix of one (at a character
// boundary), so that a run of words is followed only while it can still
// become a spelling: most words of a page are no prefix, one lookup each.
const std::unordered_map<std::string_view, Entry>& table() {
    static const auto* map = [] {
        auto* m = new std::unordered_map<std::string_view, Entry>();
        std::string_view rest = kLoanwords;
        while (!rest.empty()) {
            std::size_t end = rest.find(';');
            std::string_view entry = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            std::string_view key = entry.substr(0, entry.find('|'));
            while (!entry.empty()) {
                std::size_t bar = entry.find('|');
                std::string_view form = entry.substr(0, bar);
                entry = bar == std::string_view::npos ? std::string_view() : entry.substr(bar + 1);
                (*m)[form].key = key;
                for (std::size_t at = 1; at < form.size(); ++at)
                    if ((static_cast<unsigned char>(form[at]) & 0xC0) != 0x80)
                        (*m)[form.substr(0, at)].longer = true;
            }
        }
        return m;
    }();
    return *map;
}

}  // namespace

Loanword loanword(std::string_view joined) {
    const auto& t = table();
    auto it = t.find(joined);
    if (it == t.end()) return {};
    return {it->second.key, it->second.longer};
}

}  // namespace kmsite::thai
