// Private to the check stage: the vocabularies HTML and WAI-ARIA define, so
// that a rule asks "is this a role?" instead of matching text. Tables, not
// switches: each list is the specification's, in its order.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kmsite::check {

// A WAI-ARIA 1.2 role (with the Graphics and DPUB modules' roles) that a page
// may use: not an abstract role ("widget", "landmark"). Case-sensitive, as
// browsers match roles.
bool valid_role(std::string_view role);
// The first role of a role attribute's space-separated list that is valid
// (browsers take the first they know), as a view of a static table (it
// outlives the attribute); "" when none is.
std::string_view effective_role(std::string_view role_attribute);
// An aria-* attribute WAI-ARIA 1.2 defines (the name is lower-case).
bool valid_aria_attribute(std::string_view name);
// An autocomplete attribute's value: "on", "off", or the autofill detail
// tokens of the HTML standard (section-*, shipping/billing, home/work/
// mobile/fax/pager before a contact field, one field name, webauthn). Empty
// when valid, else what is wrong.
std::optional<std::string> autocomplete_problem(std::string_view value);
// WAI-ARIA 1.2's required context and owned elements. The roles a role
// must be inside (empty: any), and the roles it must own at least one of
// (empty: none required).
struct RoleNeeds {
    std::string_view role;
    std::string_view context[4], owned[4];  // unused places are ""
    static bool has(const std::string_view (&roles)[4], std::string_view role) {
        for (std::string_view r : roles)
            if (!r.empty() && r == role) return true;
        return false;
    }
    bool needs_context() const { return !context[0].empty(); }
    bool needs_owned() const { return !owned[0].empty(); }
};
const RoleNeeds* role_needs(std::string_view role);
// The role an HTML element has without a role attribute, for the elements
// the required context and owned rules meet ("ul" -> "list", "tr" -> "row");
// "" for the others, which those rules look through.
std::string_view implicit_role(std::string_view tag);

// A BCP 47 language tag (RFC 5646's syntax, not its grandfathered tags)
// whose primary language is one ISO 639 names (two letters: ICU's list;
// three letters: any, as ISO 639-3 is larger than any list we carry).
// Empty when valid, else what is wrong.
std::optional<std::string> language_tag_problem(std::string_view tag);
// What a viewport meta's content does to zooming (WCAG 1.4.4): nothing, or
// "user-scalable=no" / "maximum-scale=1.5" when it stops people zooming to
// 200%. Parsed as the CSS Device Adaptation spec's key=value list, numbers as
// numbers ("maximum-scale=10" allows zooming).
std::optional<std::string> viewport_blocks_zoom(std::string_view content);
// A meta refresh's delay in seconds ("5; url=/x" -> 5), or nothing when the
// content does not start with a number.
std::optional<double> refresh_delay(std::string_view content);

// A link text that does not say where the link goes when read alone
// ("คลิกที่นี่", "อ่านต่อ", "click here", "more"), after trimming, folding
// spaces and case, and dropping a trailing "..." or "»".
bool vague_link_text(std::string_view text);
// The host of an absolute or scheme-relative URL ("https://a.go.th/x" ->
// "a.go.th"), lower-cased; "" for a relative URL or another scheme.
std::string url_host(std::string_view url);
// Thai letters, vowels, tone marks or digits (U+0E00..U+0E7F) in `text`.
bool has_thai(std::string_view text);
// Words of two or more ASCII letters only (not URLs, e-mail addresses,
// numbers or codes like "KM-01"), separated by white space.
int latin_words(std::string_view text);

}  // namespace kmsite::check
