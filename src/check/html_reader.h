// A streaming HTML reader for the checker: tokenizes a page and keeps the
// open elements balanced (void elements, implied end tags, stray end tags)
// the way a browser would for the cases that matter to the rules. It builds
// no tree and copies text only when it holds character references.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kmsite::check {

// A start tag's attributes: names lower-cased, values with character
// references decoded.
struct HtmlAttributes {
    std::vector<std::pair<std::string, std::string>> list;
    std::size_t count = 0;  // entries in use; `list` keeps its capacity between tags

    const std::string* get(std::string_view name) const {
        for (std::size_t i = 0; i < count; ++i)
            if (list[i].first == name) return &list[i].second;
        return nullptr;
    }
};

class HtmlHandler {
  public:
    virtual ~HtmlHandler() = default;
    // `line` is where the tag starts, counting from 1.
    virtual void start(std::string_view tag, const HtmlAttributes& attributes, int line) = 0;
    // Every start has its end, in order, even when the page leaves it implied.
    virtual void end(std::string_view tag) = 0;
    // Text content, in pieces; not the contents of <script> or <style>.
    virtual void text(std::string_view text) = 0;
};

void read_html(std::string_view html, HtmlHandler& handler);

// Text with character references (&amp; &#3585; &#x0E01; and the common
// named ones) decoded; unknown references stay as written.
std::string decode_references(std::string_view text);

}  // namespace kmsite::check
