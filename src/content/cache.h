// Private to the content stage: what ContentCache keeps.
#pragma once

#include <memory>
#include <unordered_map>

#include "content/internal.h"
#include "core/serial.h"

namespace kmsite::content {

// One Markdown file's result, and everything it depended on.
struct PageEntry {
    Digest key;  // its file, the configuration, drafts on or off
    bool ok = false;
    std::vector<std::pair<std::string, Digest>> reads;  // files it looked up, and their digests
    LinkLog links;                                      // its link lookups and their answers
    std::vector<Diagnostic> diagnostics;                // both passes
    std::shared_ptr<const Page> page;
};

// One file published as it is.
struct AssetEntry {
    Digest key;
    bool ok = false;
    std::vector<Diagnostic> diagnostics;
};

struct ContentCache::Impl {
    using Pages = std::unordered_map<std::string, std::shared_ptr<const PageEntry>>;
    Pages pages;                // by source path
    CacheShards<Pages> shards;  // what the cache folder holds of `pages`
    std::unordered_map<std::string, AssetEntry> assets;
    std::size_t parsed = 0, reused = 0;
    bool assets_changed = false;  // the last build checked an asset, or one went
};

}  // namespace kmsite::content
