// ICU's NFC of UTF-8 text, for the thai stage's own files (ICU's headers
// stay inside src/thai).
#pragma once
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <string_view>

namespace kmsite::thai {

// `text` (UTF-8) in NFC, or as it is when ICU cannot normalise it.
inline icu::UnicodeString nfc_of_utf8(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    if (U_FAILURE(status)) return source;
    icu::UnicodeString normalized = nfc->normalize(source, status);
    return U_FAILURE(status) ? source : normalized;
}

}  // namespace kmsite::thai
