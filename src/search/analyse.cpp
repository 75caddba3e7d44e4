// From a page to its search terms: which text counts, and how much.
#include <algorithm>
#include <string>
#include <vector>

#include "search/internal.h"
#include "thai/thai.h"

namespace kmsite::search {

namespace {

constexpr std::size_t fragment_text_bytes = 9000;  // about 3,000 Thai characters

// Visible text of rendered HTML: tags dropped, entities decoded, and SVG left
// out (a flowchart's words are indexed from the SOP steps themselves).
std::string html_text(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size();) {
        char c = html[i];
        if (c == '<') {
            if (html.substr(i, 4) == "<svg") {
                auto end = html.find("</svg>", i);
                i = end == std::string_view::npos ? html.size() : end + 6;
                out += ' ';
                continue;
            }
            auto end = html.find('>', i);
            i = end == std::string_view::npos ? html.size() : end + 1;
            out += ' ';
            continue;
        }
        if (c == '&') {
            static const std::pair<std::string_view, char> entities[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
            bool matched = false;
            for (auto [name, ch] : entities) {
                if (html.substr(i, name.size()) == name) {
                    out += ch;
                    i += name.size();
                    matched = true;
                    break;
                }
            }
            if (matched) continue;
        }
        out += c;
        ++i;
    }
    return out;
}

std::string collapse_spaces(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        bool is_space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (is_space) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string cut_utf8(const std::string& s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return s.substr(0, cut);
}

// The JSON a result shows: where, what, when, and the text its excerpt is cut from.
std::string fragment_json(const site::Site& site, const content::Page& p, const std::string& url,
                          const std::string& title, const std::string& text) {
    auto date = p.date.value_or(p.lastmod);
    return "{\"url\":" + json_string(site.href(url)) + ",\"title\":" + json_string(title) +
           ",\"kind\":" + json_string(content::kind_name(p.kind)) +
           ",\"date\":" + json_string(thai::format_date_thai(date, site.config.time_zone)) +
           ",\"text\":" + json_string(cut_utf8(text, fragment_text_bytes)) + "}";
}

const std::string& image_title(const content::GalleryImage& image) {
    return image.caption.empty() ? image.alt : image.caption;
}

std::string image_text(const content::GalleryImage& image) {
    return collapse_spaces(image.alt + " " + html_text(image.description_html));
}

// A page's fragment, from its visible body text (html_text of its body).
std::string page_fragment(const site::Site& site, const content::Page& p,
                          const std::string& visible) {
    return fragment_json(site, p, p.url, p.title, collapse_spaces(p.description + " " + visible));
}

enum class Field { title, heading, body };

// A four-digit number before one of these is an amount, not a year
// ("2500 บาท"): it gets no other-era form.
constexpr std::string_view kAmountWords[] = {
    "บาท",   "ล้าน", "พัน",  "หมื่น", "แสน",  "คน",   "ราย", "ครั้ง", "ชั่วโมง", "นาที", "วัน",
    "เครื่อง", "แห่ง", "เล่ม", "ชุด",  "หน่วย", "เมตร", "ตัว",  "ฉบับ", "ข้อ",    "หน้า", "%"};
// Years after these are fiscal years (ปีงบประมาณ 2567 runs from 1 October
// 2566 to 30 September 2567): they keep their own era, as the issue asks.
constexpr std::string_view kFiscalWords[] = {"ปีงบประมาณ", "งบประมาณ", "ปีงบ"};

template <std::size_t N>
bool one_of(const std::string_view (&table)[N], std::string_view word) {
    return std::find(std::begin(table), std::end(table), word) != std::end(table);
}

struct Collector {
    StringMap<TermStats>& terms;
    DocInfo& doc;
    int position = 0;

    // `also`: a form of a word at the same place (a year's other era), which
    // does not make the page longer.
    void record(std::string_view w, int at, Field field, bool also = false) {
        auto it = terms.find(w);
        if (it == terms.end()) it = terms.emplace(std::string(w), TermStats{}).first;
        TermStats& t = it->second;
        ++t.count;
        if (field == Field::title) ++t.title;
        if (field == Field::heading) ++t.heading;
        if (t.stored < max_positions) t.positions[t.stored++] = at;
        if (also) return;
        position = std::max(position, at + 1);
        ++doc.length;
    }

    void add(std::string_view text, Field field) {
        int base = position;
        // A year is found by either era (issue #15 item 5): "2567" is also
        // indexed as "2024" at its place, unless the next word makes it an
        // amount or the words before make it a fiscal year.
        std::string pending;
        int pending_at = 0;
        bool fiscal = false, after_fiscal_word = false;
        // Loanwords (issue #15 item 6): runs of words that may still become
        // a spelling of thai::kLoanwords, each with where it began; the key
        // is indexed there when one does ("แบ็ก|อัพ" -> "backup").
        std::vector<std::pair<int, std::string>> runs, next_runs;
        auto loanwords = [&](std::string_view w, int at) {
            next_runs.clear();
            for (auto& [from, joined] : runs) {
                joined += w;
                thai::Loanword found = thai::loanword(joined);
                if (!found.key.empty()) record(found.key, from, field, true);
                if (found.longer) next_runs.emplace_back(from, std::move(joined));
            }
            // A word alone: no copy unless it may begin a longer spelling.
            thai::Loanword found = thai::loanword(w);
            if (!found.key.empty() && found.key != w) record(found.key, at, field, true);
            if (found.longer) next_runs.emplace_back(at, std::string(w));
            runs.swap(next_runs);
        };
        thai::for_each_word(thai::normalize_for_search(text),
                            [&](std::string_view w, int pos, bool) {
                                if (!pending.empty() && !one_of(kAmountWords, w))
                                    record(pending, pending_at, field, true);
                                pending.clear();
                                record(w, base + pos, field);
                                loanwords(w, base + pos);
                                if (auto other = thai::other_era_year(w)) {
                                    fiscal = fiscal || after_fiscal_word;
                                    if (!fiscal) pending = *other, pending_at = base + pos;
                                } else {
                                    fiscal = false;
                                }
                                after_fiscal_word = one_of(kFiscalWords, w);
                            });
        if (!pending.empty()) record(pending, pending_at, field, true);
        position += field_gap;
    }
};

// An image page: found by what the picture says (its long description).
DocInfo analyse_image(const site::Site& site, const site::Document& d,
                      StringMap<TermStats>& terms) {
    const content::Page& p = site.pages[d.page];
    const content::GalleryImage& image = p.gallery[d.image];
    terms.clear();
    DocInfo doc;
    Collector c{terms, doc};
    c.add(image_title(image), Field::title);
    std::string text = image_text(image);
    c.add(text + "\n" + image.credit + "\n" + p.title + " " + p.office, Field::body);
    doc.filters.emplace_back("kind", content::kind_name(p.kind));
    if (!p.office.empty()) doc.filters.emplace_back("office", p.office);
    if (p.fiscal_year) doc.filters.emplace_back("fiscal_year", std::to_string(*p.fiscal_year));
    for (const auto& tag : p.tags) doc.filters.emplace_back("tag", tag);
    doc.fragment = fragment_json(site, p, d.url, image_title(image), text);
    return doc;
}

}  // namespace

std::string make_fragment(const site::Site& site, const site::Document& d) {
    const content::Page& p = site.pages[d.page];
    if (d.kind == site::DocKind::image) {
        const content::GalleryImage& image = p.gallery[d.image];
        return fragment_json(site, p, d.url, image_title(image), image_text(image));
    }
    return page_fragment(site, p, html_text(p.body_html));
}

DocInfo analyse(const site::Site& site, const site::Document& d, StringMap<TermStats>& terms) {
    if (d.kind == site::DocKind::image) return analyse_image(site, d, terms);
    const content::Page& p = site.pages[d.page];
    terms.clear();
    DocInfo doc;
    Collector c{terms, doc};
    c.add(p.title, Field::title);
    for (const auto& h : p.headings) c.add(h.text, Field::heading);
    if (p.sop) {
        c.add(p.sop->code, Field::heading);
        for (const auto& s : p.sop->steps) c.add(s.title, Field::heading);
    }
    const std::string visible = html_text(p.body_html);  // once: terms and fragment
    std::string body = p.description + "\n" + visible;
    if (p.sop) {
        for (const auto& s : p.sop->steps)
            body += "\n" + s.detail + "\n" + s.standard + "\n" + s.role;
        body += "\n" + p.sop->kpi + "\n" + p.sop->objective + "\n" + p.sop->scope;
    }
    if (p.article) {
        for (const auto& k : p.article->kpis) body += "\n" + k.indicator;
        body += "\n" + p.article->knowledge_owner;
    }
    for (const auto& t : p.plan_tables) {
        body += "\n" + t.caption;
        for (int year : t.years) body += " " + std::to_string(year);
        for (const auto& r : t.rows) {
            body += "\n" + r.project + " " + r.target + " " + r.indicator + " " + r.source + " " +
                    r.owner;
        }
    }
    for (const auto& image : p.gallery) body += "\n" + image.alt + " " + image.caption;
    body += "\n" + p.office + " " + p.unit + " " + p.owner;
    for (const auto& tag : p.tags) body += " " + tag;
    c.add(body, Field::body);

    // Filters: by kind (and so section), office, fiscal year and tag.
    doc.filters.emplace_back("kind", content::kind_name(p.kind));
    if (!p.office.empty()) doc.filters.emplace_back("office", p.office);
    if (p.fiscal_year) doc.filters.emplace_back("fiscal_year", std::to_string(*p.fiscal_year));
    for (const auto& tag : p.tags) doc.filters.emplace_back("tag", tag);

    doc.fragment = page_fragment(site, p, visible);
    return doc;
}

}  // namespace kmsite::search
