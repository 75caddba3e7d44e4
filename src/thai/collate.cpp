#include <unicode/coll.h>

#include <memory>

#include "thai/thai.h"

namespace kmsite::thai {

std::string sort_key(std::string_view text) {
    // Collators are not thread-safe to share for writing; each thread has one.
    thread_local std::unique_ptr<icu::Collator> collator = [] {
        UErrorCode status = U_ZERO_ERROR;
        return std::unique_ptr<icu::Collator>(
            icu::Collator::createInstance(icu::Locale("th"), status));
    }();
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    int32_t size = collator->getSortKey(s, nullptr, 0);
    std::string key(static_cast<std::size_t>(size), '\0');
    collator->getSortKey(s, reinterpret_cast<uint8_t*>(key.data()), size);
    if (!key.empty() && key.back() == '\0') key.pop_back();
    return key;
}

}  // namespace kmsite::thai
