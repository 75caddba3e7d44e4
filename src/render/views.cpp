#include <algorithm>
#include <map>

#include "flowchart/flowchart.h"
#include "render/internal.h"
#include "thai/thai.h"

namespace kmsite::render {

namespace {

using site::DocKind;
using site::Document;
using site::none;

// Mustache sections treat "" as true, so optional text is set only when present.
void set_text(data& d, const std::string& key, const std::string& value) {
    if (!value.empty()) d.set(key, value);
}

// Helpers bound to one document's language and digit style.
struct View {
    const ViewContext& ctx;
    std::string lang;
    std::string digits;

    const site::Site& site() const { return ctx.site; }

    std::string t(const std::string& key) const {
        for (const std::string& l : {lang, site().config.language}) {
            auto it = ctx.theme.strings.find(l);
            if (it == ctx.theme.strings.end()) continue;
            if (auto s = it->second.find(key); s != it->second.end()) return s->second;
        }
        return key;
    }

    std::string num(const std::string& s) const {
        return digits == "thai" ? thai::to_thai_digits(s) : s;
    }

    data date(std::int64_t seconds) const {
        const auto& tz = site().config.time_zone;
        data d;
        // The day, as shown: a <time datetime> need not say more than its
        // text, and an edit later the same day then changes no list.
        d.set("iso", thai::iso_date(seconds, tz));
        d.set("display", lang == "th"
                             ? thai::format_date_thai(seconds, tz,
                                                      digits == "thai" ? thai::DigitStyle::thai
                                                                       : thai::DigitStyle::arabic)
                             : thai::format_date_english(seconds, tz));
        return d;
    }

    std::string kind_label(content::Kind kind) const {
        return t(std::string("kind_") + content::kind_name(kind));
    }

    data page_item(std::size_t i) const {
        const auto& p = site().pages[i];
        data d;
        d.set("title", p.title);
        d.set("href", site().href(p.url));
        set_text(d, "summary", p.summary);
        d.set("kind", content::kind_name(p.kind));
        d.set("kind_label", kind_label(p.kind));
        d.set("date", date(p.date.value_or(p.lastmod)));
        return d;
    }

    data page_list(const std::vector<std::size_t>& ids) const {
        data list(data::type::list);
        for (auto i : ids) list.push_back(page_item(i));
        return list;
    }

    data link(const std::string& name, const std::string& url) const {
        data d;
        d.set("name", name);
        d.set("href", site().href(url));
        return d;
    }
};

View view_for(const ViewContext& ctx, const Document& doc) {
    std::string digits = ctx.site.config.digits;
    if ((doc.kind == DocKind::page || doc.kind == DocKind::home) && doc.page != none) {
        digits = ctx.site.pages[doc.page].digits;
    }
    return View{ctx, doc.lang.empty() ? ctx.site.config.language : doc.lang, digits};
}

std::string taxonomy_title(const View& v, const site::Taxonomy& tax) {
    return v.t("taxonomy_" + tax.key);
}

std::string term_name(const View& v, const site::Taxonomy& tax, const site::Term& term) {
    return tax.key == "fiscal_year" ? v.num(term.name) : term.name;
}

std::string doc_title(const View& v, const Document& doc) {
    const auto& site = v.site();
    switch (doc.kind) {
        case DocKind::page:
        case DocKind::alias:
            return site.pages[doc.page].title;
        case DocKind::image:
            return image_title(site.pages[doc.page].gallery[doc.image]);
        case DocKind::home:
            return doc.page != none ? site.pages[doc.page].title : site.config.title;
        case DocKind::section:
            return site.sections[doc.section].title;
        case DocKind::taxonomy:
            return taxonomy_title(v, site.taxonomies[doc.taxonomy]);
        case DocKind::term: {
            const auto& tax = site.taxonomies[doc.taxonomy];
            return taxonomy_title(v, tax) + ": " + term_name(v, tax, tax.terms[doc.term]);
        }
        case DocKind::az_index:
            return v.t("az_index") + " " + site.sections[doc.section].title;
        case DocKind::search:
            return v.t("search_title");
        case DocKind::compliance:
            return v.t("compliance_title");
        case DocKind::html_sitemap:
            return v.t("sitemap");
        case DocKind::not_found:
            return v.t("not_found_title");
    }
    return site.config.title;
}

data pagination(const View& v, const Document& doc) {
    data d;
    d.set("show", doc.page_count > 1);
    d.set("current", v.num(std::to_string(doc.page_number)));
    d.set("count", v.num(std::to_string(doc.page_count)));
    std::string first = doc.page_number == 1 ? doc.url : doc.url.substr(0, doc.url.rfind("page/"));
    auto url_of = [&](int n) { return n == 1 ? first : first + "page/" + std::to_string(n) + '/'; };
    if (doc.page_number > 1) d.set("prev", v.site().href(url_of(doc.page_number - 1)));
    if (doc.page_number < doc.page_count) d.set("next", v.site().href(url_of(doc.page_number + 1)));
    // First, last and two either side of the current page: a list of a
    // thousand pages should not print a thousand links on each of them.
    data pages(data::type::list);
    int last_shown = 0;
    for (int n = 1; n <= doc.page_count; ++n) {
        bool shown = n == 1 || n == doc.page_count || std::abs(n - doc.page_number) <= 2;
        if (!shown) continue;
        if (n > last_shown + 1) {
            data gap;
            gap.set("gap", true);
            pages.push_back(std::move(gap));
        }
        last_shown = n;
        data p;
        p.set("number", v.num(std::to_string(n)));
        p.set("href", v.site().href(url_of(n)));
        p.set("current", n == doc.page_number);
        pages.push_back(std::move(p));
    }
    d["pages"] = std::move(pages);
    return d;
}

flowchart::Graph sop_graph(const content::Sop& sop) {
    flowchart::Graph g;
    for (const auto& step : sop.steps) {
        auto shape = step.type == content::StepType::decision ? flowchart::Shape::decision
                     : step.type == content::StepType::task   ? flowchart::Shape::process
                                                              : flowchart::Shape::terminal;
        g.nodes.push_back({step.id, step.title, shape});
    }
    for (std::size_t i = 0; i < sop.steps.size(); ++i) {
        const auto& step = sop.steps[i];
        auto add = [&](const std::string& to, const std::string& label) {
            std::size_t j = sop.index_of(to);
            if (!to.empty() && j < sop.steps.size()) g.edges.push_back({i, j, label});
        };
        add(step.next, "");
        add(step.yes, step.yes_label);
        add(step.no, step.no_label);
    }
    return g;
}

// The SOP's steps once, as table rows, a flowchart and a list: all three come
// from the same checked steps, so they cannot disagree.
void sop_fields(const View& v, const content::Page& p, data& d) {
    const auto& sop = *p.sop;
    set_text(d, "code", sop.code);
    set_text(d, "kpi", sop.kpi);
    set_text(d, "objective", sop.objective);
    set_text(d, "scope", sop.scope);
    thai::DigitStyle digits =
        v.digits == "thai" ? thai::DigitStyle::thai : thai::DigitStyle::arabic;
    if (!sop.total.empty()) d.set("total_time", sop.total.format(digits));
    data steps(data::type::list);
    for (std::size_t i = 0; i < sop.steps.size(); ++i) {
        const auto& step = sop.steps[i];
        data s;
        s.set("number", v.num(std::to_string(i + 1)));
        s.set("id", "step-" + thai::slugify(step.id));
        for (auto [key, value] : {std::pair{"title", &step.title},
                                  {"detail", &step.detail},
                                  {"duration", &step.duration_text},
                                  {"standard", &step.standard},
                                  {"role", &step.role}}) {
            set_text(s, key, *value);
        }
        steps.push_back(std::move(s));
    }
    d["steps"] = std::move(steps);
    d.set("has_steps", !sop.steps.empty());
    if (!sop.steps.empty()) {
        auto graph = sop_graph(sop);
        bool english = v.lang != "th";
        d.set("flowchart", flowchart::draw_svg(
                               graph, {"fc-sop", (english ? "Flowchart: " : "ผังขั้นตอน: ") + p.title,
                                       english ? "The steps are listed as text below the chart."
                                               : "ขั้นตอนทั้งหมดมีเป็นข้อความในรายการใต้แผนภาพ"}));
        d.set("steps_list", flowchart::describe_html(graph));
    }
    for (auto [key, list] : {std::pair{"forms", &sop.forms}, {"references", &sop.references}}) {
        data items(data::type::list);
        for (const auto& item : *list) {
            data entry;
            entry.set("item_html",
                      item.html);  // from render_field: raw HTML escaped, links checked
            items.push_back(std::move(entry));
        }
        d[key] = std::move(items);
        d.set(std::string("has_") + key, !list->empty());
    }
}

data plan_table(const View& v, const content::Page& p, const content::PlanTable& t) {
    thai::DigitStyle digits =
        v.digits == "thai" ? thai::DigitStyle::thai : thai::DigitStyle::arabic;
    auto money = [&](thai::Decimal x) { return thai::format_number(x, digits); };
    data d;
    d.set("caption", t.caption);
    data years(data::type::list), totals(data::type::list);
    for (std::size_t y = 0; y < t.years.size(); ++y) {
        data year;
        year.set("year", v.num(std::to_string(t.years[y])));
        years.push_back(std::move(year));
        data total;
        total.set("value", money(t.year_totals[y]));
        totals.push_back(std::move(total));
    }
    d.set("year_count", std::to_string(t.years.size()));
    d["years"] = std::move(years);
    d["year_totals"] = std::move(totals);
    d.set("grand_total", money(t.grand_total));
    auto has = [&](const char* col) {
        return std::find(t.text_columns.begin(), t.text_columns.end(), col) != t.text_columns.end();
    };
    for (const char* col : {"target", "indicator", "source", "owner"})
        d.set(std::string("has_") + col, has(col));
    // Columns before the budget years (project, target, indicator) label the
    // totals row; all columns span a group heading.
    std::size_t before = 1 + has("target") + has("indicator");
    std::size_t all = before + t.years.size() + 1 + has("source") + has("owner");
    d.set("label_span", std::to_string(before));
    d.set("all_span", std::to_string(all));
    auto row_view = [&](const content::PlanRow& r) {
        data row;
        for (auto [key, value] : {std::pair{"project", &r.project},
                                  {"target", &r.target},
                                  {"indicator", &r.indicator},
                                  {"source", &r.source},
                                  {"owner", &r.owner}}) {
            row.set(key, *value);
        }
        data budgets(data::type::list);
        for (thai::Decimal b : r.budgets) {
            data cell;
            cell.set("value", money(b));
            budgets.push_back(std::move(cell));
        }
        row["budgets"] = std::move(budgets);
        row.set("total", money(r.total));
        return row;
    };
    data groups(data::type::list);
    auto add_group = [&](const std::string& id, const std::string& title) {
        data g;  // explicit keys: a missing one would be looked up in the page's data
        g.set("group_title", title);
        g.set("has_group_title", !title.empty());
        data rows(data::type::list);
        for (const auto& r : t.rows)
            if (r.group == id) rows.push_back(row_view(r));
        g["rows"] = std::move(rows);
        groups.push_back(std::move(g));
    };
    if (t.groups.empty()) add_group("", "");
    for (const auto& [id, title] : t.groups) add_group(id, title);
    d["groups"] = std::move(groups);
    std::string base = v.site().href(p.url);
    d.set("csv", base + t.name + ".csv");
    d.set("json", base + t.name + ".json");
    return d;
}

void article_fields(const View& v, const content::Article& a, data& d) {
    thai::DigitStyle digits =
        v.digits == "thai" ? thai::DigitStyle::thai : thai::DigitStyle::arabic;
    if (a.km_step > 0) {
        std::string name = content::km_steps[a.km_step - 1];
        data step = v.link(name, "km-steps/" + thai::slugify(name) + '/');
        step.set("number", v.num(std::to_string(a.km_step)));
        d["km_step"] = std::move(step);
    }
    set_text(d, "knowledge_owner", a.knowledge_owner);
    data kpis(data::type::list);
    for (const auto& kpi : a.kpis) {
        data k;
        k.set("indicator", kpi.indicator);
        k.set("unit", kpi.unit);
        k.set("target", kpi.target ? thai::format_number(*kpi.target, digits) : "–");
        k.set("result", kpi.result ? thai::format_number(*kpi.result, digits) : "–");
        k.set("met", kpi.target && kpi.result && *kpi.result >= *kpi.target);
        kpis.push_back(std::move(k));
    }
    d["kpis"] = std::move(kpis);
    d.set("has_kpis", !a.kpis.empty());
}

// Kind-specific front matter of articles and plans, shown as data; their own
// issues add validation on top.
void kind_fields(const View& v, const content::Page& p, data& d) {
    if (p.article) article_fields(v, *p.article, d);
    data tables(data::type::list);
    for (const auto& t : p.plan_tables) tables.push_back(plan_table(v, p, t));
    d["plan_tables"] = std::move(tables);
    if (p.sop) sop_fields(v, p, d);
}

data page_body(const View& v, const content::Page& p) {
    const auto& site = v.site();
    data d;
    d.set("title", p.title);
    set_text(d, "description", p.description);
    d.set("body", p.body_html);
    d.set("kind", content::kind_name(p.kind));
    d.set("kind_label", v.kind_label(p.kind));
    if (p.date) d.set("date", v.date(*p.date));
    if (!p.author.empty()) d.set("author", p.author);
    data tags(data::type::list);
    for (const auto& tag : p.tags) tags.push_back(v.link(tag, "tags/" + thai::slugify(tag) + '/'));
    d["tags"] = std::move(tags);
    d.set("has_tags", !p.tags.empty());
    if (!p.office.empty())
        d.set("office", v.link(p.office, "offices/" + thai::slugify(p.office) + '/'));
    set_text(d, "unit", p.unit);
    set_text(d, "owner", p.owner);
    if (p.fiscal_year) {
        d.set("fiscal_year", v.link(v.num(std::to_string(*p.fiscal_year)),
                                    "fiscal-years/" + std::to_string(*p.fiscal_year) + '/'));
    }
    data toc(data::type::list);
    int h2 = 0;
    for (const auto& h : p.headings) {
        if (h.level != 2) continue;
        ++h2;
        data item;
        item.set("id", h.id);
        item.set("text", h.text);
        toc.push_back(std::move(item));
    }
    d["toc"] = std::move(toc);
    d.set("has_toc", h2 >= 3);
    kind_fields(v, p, d);
    if (!p.gallery.empty()) d.set("gallery", gallery_view(v.ctx, p));
    if (!p.section.empty()) {
        auto it = std::find_if(site.sections.begin(), site.sections.end(),
                               [&](const site::Section& s) { return s.key == p.section; });
        if (it != site.sections.end()) d.set("section", v.link(it->title, it->url));
    }
    return d;
}

data section_body(const View& v, const Document& doc) {
    const auto& sec = v.site().sections[doc.section];
    data d;
    d.set("title", sec.title);
    set_text(d, "description", sec.description);
    if (sec.index_page != none) set_text(d, "intro", v.site().pages[sec.index_page].body_html);
    d["items"] = v.page_list(doc.items);
    d.set("has_items", !doc.items.empty());
    d["pagination"] = pagination(v, doc);
    d.set("feed", v.site().href(sec.url + "index.xml"));
    if (sec.has_az_index) d.set("az", v.site().href(sec.url + "a-z/"));
    return d;
}

data taxonomy_body(const View& v, const Document& doc) {
    const auto& tax = v.site().taxonomies[doc.taxonomy];
    data d;
    d.set("title", taxonomy_title(v, tax));
    data terms(data::type::list);
    for (const auto& term : tax.terms) {
        data item = v.link(term_name(v, tax, term), term.url);
        item.set("count", v.num(std::to_string(term.pages.size())));
        terms.push_back(std::move(item));
    }
    d["terms"] = std::move(terms);
    return d;
}

data term_body(const View& v, const Document& doc) {
    const auto& tax = v.site().taxonomies[doc.taxonomy];
    const auto& term = tax.terms[doc.term];
    data d;
    d.set("title", doc_title(v, doc));
    d.set("taxonomy", v.link(taxonomy_title(v, tax), tax.url));
    d.set("count", v.num(std::to_string(term.pages.size())));
    d["items"] = v.page_list(doc.items);
    d["pagination"] = pagination(v, doc);
    return d;
}

// Sections with their first `per_section` pages; `brief` lists titles and
// links only (the site map lists every page, so it stays light).
data sections_overview(const View& v, std::size_t per_section, const std::string& lang,
                       bool brief = false) {
    data list(data::type::list);
    for (const auto& sec : v.site().sections) {
        if (sec.lang != lang) continue;
        data s = v.link(sec.title, sec.url);
        set_text(s, "description", sec.description);
        if (sec.has_az_index) s.set("az", v.site().href(sec.url + "a-z/"));
        std::vector<std::size_t> ids(sec.pages.begin(),
                                     sec.pages.begin() + std::min(per_section, sec.pages.size()));
        if (brief) {
            data items(data::type::list);
            for (auto i : ids) {
                data item;
                item.set("title", v.site().pages[i].title);
                item.set("href", v.site().href(v.site().pages[i].url));
                items.push_back(std::move(item));
            }
            s["items"] = std::move(items);
        } else {
            s["items"] = v.page_list(ids);
        }
        s.set("count", v.num(std::to_string(sec.pages.size())));
        list.push_back(std::move(s));
    }
    return list;
}

data home_body(const View& v, const Document& doc) {
    const auto& site = v.site();
    data d;
    d.set("title", doc_title(v, doc));
    // Each language's home shows the site's description in its language;
    // without one, the site's own, marked as such (WCAG 3.1.2).
    bool english = v.lang != site.config.language;
    if (english && !site.config.description_en.empty()) {
        set_text(d, "description", site.config.description_en);
    } else {
        set_text(d, "description", site.config.description);
        if (english) set_text(d, "description_lang", site.config.language);
    }
    if (doc.page != none) set_text(d, "intro", site.pages[doc.page].body_html);
    std::vector<std::size_t> latest;
    for (auto i : site.by_date) {
        if (site.pages[i].lang == v.lang && latest.size() < 8) latest.push_back(i);
    }
    d["latest"] = v.page_list(latest);
    d["sections"] = sections_overview(v, 4, v.lang);
    return d;
}

// Pages filed under their first letter, in ก-ฮ order, with a letter bar.
data az_body(const View& v, const Document& doc) {
    const auto& sec = v.site().sections[doc.section];
    data d;
    d.set("title", doc_title(v, doc));
    d.set("section", v.link(sec.title, sec.url));
    data letters(data::type::list);
    data current;
    std::string letter;
    data items(data::type::list);
    auto flush = [&] {
        if (letter.empty()) return;
        current.set("letter", letter);
        current.set("anchor", "letter-" + thai::slugify(letter == "0-9" ? "digits"
                                                        : letter == "#" ? "other"
                                                                        : letter));
        current["items"] = std::move(items);
        letters.push_back(std::move(current));
        current = data{};
        items = data(data::type::list);
    };
    for (auto i : doc.items) {
        std::string l = thai::index_letter(v.site().pages[i].title);
        if (l != letter) {
            flush();
            letter = l;
        }
        items.push_back(v.page_item(i));
    }
    flush();
    d["letters"] = std::move(letters);
    return d;
}

// The search page: the form works without JavaScript (it is a GET to this
// page); the client script reads ?q= and fills #search-results.
data search_body(const View& v, const Document& doc) {
    data d;
    d.set("title", doc_title(v, doc));
    data az(data::type::list);
    for (const auto& sec : v.site().sections) {
        if (sec.has_az_index && sec.lang == v.lang)
            az.push_back(v.link(sec.title, sec.url + "a-z/"));
    }
    d["az_indexes"] = std::move(az);
    // Interface strings the script needs, as one JSON attribute.
    std::string strings = "{";
    for (const char* key :
         {"search_found", "search_none", "search_try", "search_more", "search_loading",
          "search_missing", "search_all", "search_filter_kind", "search_filter_office",
          "search_filter_fiscal_year", "search_filter_tag", "search_filter_site", "search_error",
          "kind_article", "kind_sop", "kind_plan", "kind_gallery", "kind_page"}) {
        if (strings.size() > 1) strings += ',';
        strings += json_string(key) + ":" + json_string(v.t(key));
    }
    d.set("strings", strings + "}");
    return d;
}

// The standards report: one table of DGA controls, one of WCAG criteria.
data compliance_body(const View& v, const Document& doc) {
    data d;
    d.set("title", doc_title(v, doc));
    const check::Summary* report = v.ctx.report;
    d.set("checked", report && report->checked);
    if (!report || !report->checked) return d;
    d.set("errors", v.num(std::to_string(report->errors)));
    d.set("warnings", v.num(std::to_string(report->warnings)));
    auto rows = [&](const std::vector<check::Control>& list) {
        data out(data::type::list);
        for (const auto& r : list) {
            data row;
            static constexpr const char* names[] = {"passed", "failed", "review", "manual"};
            const char* status = names[static_cast<int>(r.status)];
            row.set("id", r.id);
            row.set("title", r.title);
            row.set("status", status);
            row.set("status_label", v.t(std::string("compliance_") + status));
            // A control with warnings says how many pages need a look, and
            // one whose warnings the office turned off says which.
            std::string note = r.note;
            auto add = [&](const std::string& text) { note += (note.empty() ? "" : " ") + text; };
            if (r.warned_pages > 0)
                add(v.t("compliance_warned") + " " + v.num(std::to_string(r.warned_pages)) + " " +
                    v.t("compliance_pages"));
            if (!r.silenced.empty()) {
                std::string rules;
                for (const auto& s : r.silenced) rules += (rules.empty() ? "" : ", ") + s;
                add(v.t("compliance_silenced") + " " + rules);
            }
            row.set("note", note);
            data pages(data::type::list);
            for (const auto& p : r.pages) {
                data page;
                page.set("href", v.site().config.base_path + (p.size() > 1 ? p.substr(1) : ""));
                page.set("path", p);
                pages.push_back(std::move(page));
            }
            row["pages"] = std::move(pages);
            out.push_back(std::move(row));
        }
        return out;
    };
    d["dga"] = rows(report->dga);
    d["wcag"] = rows(report->wcag);
    return d;
}

data sitemap_body(const View& v, const Document& doc) {
    const auto& site = v.site();
    data d;
    d.set("title", doc_title(v, doc));
    d["sections"] = sections_overview(v, static_cast<std::size_t>(-1), v.lang, true);
    std::vector<std::size_t> standalone;
    for (std::size_t i = 0; i < site.pages.size(); ++i) {
        if (site.pages[i].section.empty() && site.is_regular(i) && site.pages[i].lang == v.lang) {
            standalone.push_back(i);
        }
    }
    std::sort(standalone.begin(), standalone.end(), [&](std::size_t a, std::size_t b) {
        return site.pages[a].title_key < site.pages[b].title_key;
    });
    d["pages"] = v.page_list(standalone);
    data taxonomies(data::type::list);
    for (const auto& tax : site.taxonomies) {
        if (!tax.terms.empty()) taxonomies.push_back(v.link(taxonomy_title(v, tax), tax.url));
    }
    d["taxonomies"] = std::move(taxonomies);
    return d;
}

data alias_body(const View& v, const Document& doc) {
    const auto& p = v.site().pages[doc.page];
    data d;
    d.set("lang", p.lang);
    d.set("title", p.title);
    d.set("href", v.site().href(p.url));
    d.set("canonical", v.site().absolute(p.url));
    return d;
}

data menu(const View& v, const std::string& name, const Document& doc) {
    data list(data::type::list);
    auto it = v.site().menus.find(name);
    if (it == v.site().menus.end()) return list;
    bool english = v.lang != v.site().config.language;
    for (const auto& e : it->second) {
        data item;
        item.set("name", english && !e.name_en.empty() ? e.name_en : e.name);
        // A name left in the site's language is marked so (WCAG 3.1.2).
        if (english && e.name_en.empty()) item.set("name_lang", v.site().config.language);
        item.set("href", e.href);
        item.set("current",
                 !e.href.empty() && e.url == doc.url && e.href.find("://") == std::string::npos);
        list.push_back(std::move(item));
    }
    return list;
}

data breadcrumbs(const View& v, const Document& doc) {
    const auto& site = v.site();
    data list(data::type::list);
    if (doc.kind == DocKind::home || doc.kind == DocKind::not_found) return list;
    list.push_back(v.link(v.t("home"), v.lang == site.config.language ? "" : v.lang + '/'));
    if (doc.kind == DocKind::page || doc.kind == DocKind::image) {
        const auto& p = site.pages[doc.page];
        for (const auto& sec : site.sections) {
            if (sec.key == p.section) list.push_back(v.link(sec.title, sec.url));
        }
        if (doc.kind == DocKind::image) list.push_back(v.link(p.title, p.url));
    } else if (doc.kind == DocKind::az_index) {
        const auto& sec = site.sections[doc.section];
        list.push_back(v.link(sec.title, sec.url));
    } else if (doc.kind == DocKind::term) {
        const auto& tax = site.taxonomies[doc.taxonomy];
        list.push_back(v.link(taxonomy_title(v, tax), tax.url));
    }
    return list;
}

data alternates(const View& v, const Document& doc) {
    data list(data::type::list);
    if (doc.page == none) return list;
    const auto& p = v.site().pages[doc.page];
    if (p.translation_key.empty()) return list;
    for (auto i : v.site().translations.at(p.translation_key)) {
        const auto& other = v.site().pages[i];
        if (i == doc.page) continue;
        data a;
        a.set("lang", other.lang);
        a.set("href", v.site().href(other.url));
        a.set("absolute", v.site().absolute(other.url));
        a.set("name", v.t("language_" + other.lang));
        list.push_back(std::move(a));
    }
    return list;
}

// A link to every other language of the site (DGA AI-13, AI-14): the page's
// translation when it has one, otherwise that language's home page.
data language_switch(const View& v, const Document& doc) {
    const auto& site = v.site();
    std::map<std::string, std::string> translated;
    if (doc.page != none && !site.pages[doc.page].translation_key.empty()) {
        for (auto i : site.translations.at(site.pages[doc.page].translation_key))
            translated.emplace(site.pages[i].lang, site.pages[i].url);
    }
    data list(data::type::list);
    for (const auto& [lang, home] : site.homes) {
        if (lang == v.lang) continue;
        auto t = translated.find(lang);
        data a;
        a.set("lang", lang);
        a.set("href", site.href(t == translated.end() ? home : t->second));
        a.set("name", v.t("language_" + lang));
        list.push_back(std::move(a));
    }
    return list;
}

// schema.org JSON-LD (DGA AI-25): the office as a GovernmentOrganization, and
// the page as an Article, a HowTo (SOP steps), a Dataset (plan tables) or a WebPage.
std::string json_ld(const View& v, const Document& doc, const std::string& title) {
    const auto& site = v.site();
    const auto& c = site.config;
    std::string org_id = site.absolute("") + "#organization";
    std::string org = "{\"@type\":\"GovernmentOrganization\",\"@id\":" + json_string(org_id) +
                      ",\"name\":" + json_string(c.office.empty() ? c.title : c.office) +
                      ",\"url\":" + json_string(site.absolute(""));
    if (!c.contact.email.empty()) org += ",\"email\":" + json_string(c.contact.email);
    if (!c.contact.phone.empty()) org += ",\"telephone\":" + json_string(c.contact.phone);
    if (!c.contact.address.empty()) org += ",\"address\":" + json_string(c.contact.address);
    org += "}";
    std::string url = site.absolute(doc.url == "404.html" ? "" : doc.url);
    const content::Page* p = doc.kind == DocKind::page ? &site.pages[doc.page] : nullptr;
    std::string page;
    auto common = [&](const char* type, const std::string& name) {
        return std::string("{\"@type\":\"") + type + "\",\"name\":" + json_string(name) +
               ",\"url\":" + json_string(url) + ",\"inLanguage\":" + json_string(v.lang) +
               ",\"publisher\":{\"@id\":" + json_string(org_id) + "}";
    };
    const auto& tz = c.time_zone;
    if (p && p->kind == content::Kind::article) {
        page = common("Article", p->title) + ",\"headline\":" + json_string(p->title) +
               ",\"description\":" + json_string(p->summary) +
               ",\"dateModified\":" + json_string(thai::iso_datetime(p->lastmod, tz));
        if (p->date) page += ",\"datePublished\":" + json_string(thai::iso_datetime(*p->date, tz));
        page += "}";
    } else if (p && p->sop && !p->sop->steps.empty()) {
        page = common("HowTo", p->title) + ",\"description\":" + json_string(p->summary) +
               ",\"step\":[";
        for (std::size_t i = 0; i < p->sop->steps.size(); ++i) {
            const auto& s = p->sop->steps[i];
            page += std::string(i ? "," : "") +
                    "{\"@type\":\"HowToStep\",\"position\":" + std::to_string(i + 1) +
                    ",\"name\":" + json_string(s.title) +
                    ",\"text\":" + json_string(s.detail.empty() ? s.title : s.detail) + "}";
        }
        page += "]}";
    } else if (p && !p->plan_tables.empty()) {
        page = common("Dataset", p->title) + ",\"description\":" + json_string(p->summary) +
               ",\"creator\":{\"@id\":" + json_string(org_id) + "},\"distribution\":[";
        bool first = true;
        for (const auto& t : p->plan_tables) {
            for (auto [ext, type] :
                 {std::pair{".csv", "text/csv"}, {".json", "application/json"}}) {
                page += std::string(first ? "" : ",") +
                        "{\"@type\":\"DataDownload\",\"encodingFormat\":\"" + type +
                        "\",\"contentUrl\":" + json_string(site.absolute(p->url + t.name + ext)) +
                        "}";
                first = false;
            }
        }
        page += "]}";
    } else {
        page = common("WebPage", title) + "}";
    }
    return "{\"@context\":\"https://schema.org\",\"@graph\":[" + org + "," + page + "]}";
}

std::string head_description(const View& v, const Document& doc) {
    const auto& site = v.site();
    if (doc.kind == DocKind::image) {
        const auto& image = site.pages[doc.page].gallery[doc.image];
        return image.alt + " - " + site.pages[doc.page].title;
    }
    if (doc.page != none && !site.pages[doc.page].summary.empty())
        return site.pages[doc.page].summary;
    if (doc.kind == DocKind::section && !site.sections[doc.section].description.empty()) {
        return site.sections[doc.section].description;
    }
    std::string base = doc_title(v, doc);
    return base + " - " +
           (v.lang == site.config.language ? site.config.title : site.config.title_en);
}

// An absolute address for other sites (link previews), percent-encoded as
// the sitemap's are: Thai letters and spaces in file names.
std::string shared_url(const site::Site& site, const std::string& url) {
    return percent_encode(site.absolute(url), R"("<>\^`{|})");
}

// What a link to the document shows when shared (OpenGraph, read by
// Facebook and LINE, and X's card): its title, description, type, address
// and a picture: the document's own (a gallery picture's page, a gallery's
// first picture, the first picture in a page's body; X's wide card), else
// the office's logo when it is a PNG (X's small card). Addresses must be
// absolute, so without a base URL of its own (the local default) the site
// gives none.
void link_preview(const ViewContext& ctx, const Document& doc, const std::string& title,
                  const std::string& description, data& d) {
    const auto& site = ctx.site;
    const auto& config = site.config;
    View v = view_for(ctx, doc);
    d.set("og_title", title);
    d.set("og_description", description);
    d.set("og_type", doc.kind == DocKind::home ? "website" : "article");
    // th -> th_TH, en -> en_US; another tag keeps its region, or has none.
    static const std::map<std::string, std::string> locales = {{"th", "th_TH"}, {"en", "en_US"}};
    auto locale = locales.find(v.lang);
    std::string tag = v.lang;
    std::replace(tag.begin(), tag.end(), '-', '_');
    d.set("og_locale", locale != locales.end() ? locale->second : tag);
    bool english = v.lang != config.language;
    d.set("og_site_name", english && !config.title_en.empty() ? config.title_en : config.title);
    bool image = false;
    if (config.base_url_given) {
        d.set("og_url", shared_url(site, doc.url == "404.html" ? "" : doc.url));
        const content::GalleryImage* shown = nullptr;
        const content::Page* page = doc.page != none ? &site.pages[doc.page] : nullptr;
        if (page && doc.kind == DocKind::image)
            shown = &page->gallery[doc.image];
        else if (page && doc.kind != DocKind::alias && !page->gallery.empty())
            shown = &page->gallery.front();
        const images::Picture* picture =
            shown ? images::find_picture(ctx.pictures, shown->source_path) : nullptr;
        if (picture && !picture->fallback.empty()) {
            const images::Variant& large = picture->largest();
            d.set("og_image", shared_url(site, large.url));
            d.set("og_image_type", large.mime);
            d.set("og_image_width", std::to_string(large.width));
            d.set("og_image_height", std::to_string(large.height));
            d.set("og_image_alt", shown->alt);
            image = true;
        } else if (page && doc.kind != DocKind::alias && !page->image.empty()) {
            d.set("og_image", shared_url(site, page->image));
            image = true;
        } else if (site.identity.logo_type == "image/png") {
            // Not an SVG logo: Facebook, LINE and X show none. A logo is
            // X's small square card, not its wide one, which would crop it.
            const site::Identity& id = site.identity;
            d.set("og_image", shared_url(site, id.logo_url));
            d.set("og_image_type", id.logo_type);
            if (id.logo_width > 0 && id.logo_height > 0) {
                d.set("og_image_width", std::to_string(id.logo_width));
                d.set("og_image_height", std::to_string(id.logo_height));
            }
            d.set("og_image_alt", v.lang == config.language || config.office_en.empty()
                                      ? (config.office.empty() ? config.title : config.office)
                                      : config.office_en);
        }
    }
    d.set("twitter_card", image ? "summary_large_image" : "summary");
}

}  // namespace

std::string document_lang(const ViewContext& ctx, const Document& doc) {
    return view_for(ctx, doc).lang;
}

data shared_view(const ViewContext& ctx, const std::string& lang) {
    data strings;
    for (const std::string& l : {ctx.site.config.language, lang}) {
        auto it = ctx.theme.strings.find(l);
        if (it == ctx.theme.strings.end()) continue;
        for (const auto& [k, v] : it->second) strings.set(k, v);
    }
    data d;
    d["t"] = std::move(strings);
    const auto& config = ctx.site.config;
    d.set("base", config.base_path);
    // Who the site is (site/identity.cpp): the same on every page of a
    // language, so it is here, in the shared view every key holds.
    const site::Identity& id = ctx.site.identity;
    if (!id.icon_url.empty()) {
        d.set("favicon_href", config.base_path + id.icon_url);
        set_text(d, "favicon_type", id.icon_type);
    }
    if (!id.logo_url.empty()) {
        // The office the logo stands for, in the page's language when
        // site.yaml has it so (office_en), else marked as the site's own
        // language, so that a screen reader reads it in Thai.
        bool english = lang != config.language;
        std::string name = english ? config.office_en : "";
        if (name.empty()) name = config.office;
        if (name.empty())
            name = english && !config.title_en.empty() ? config.title_en : config.title;
        bool translated = !english || name == config.office_en || name == config.title_en;
        d.set("logo_src", config.base_path + id.logo_url);
        d.set("logo_alt", name);
        if (!translated) d.set("logo_alt_lang", config.language);
        if (id.logo_width > 0 && id.logo_height > 0) {
            d.set("logo_width", std::to_string(id.logo_width));
            d.set("logo_height", std::to_string(id.logo_height));
        }
    }
    set_text(d, "manifest_href", id.manifest_url.empty() ? "" : config.base_path + id.manifest_url);
    d.set("theme_color", ctx.theme.colors.theme);
    return d;
}

std::string body_template(const ViewContext& ctx, const Document& doc) {
    switch (doc.kind) {
        case DocKind::page: {
            std::string kind = content::kind_name(ctx.site.pages[doc.page].kind);
            return ctx.theme.sources.count(kind) ? kind : "page";
        }
        case DocKind::home:
            return "home";
        case DocKind::section:
            return "section";
        case DocKind::taxonomy:
            return "taxonomy";
        case DocKind::term:
            return "term";
        case DocKind::az_index:
            return "az";
        case DocKind::search:
            return "search";
        case DocKind::compliance:
            return "compliance";
        case DocKind::html_sitemap:
            return "sitemap";
        case DocKind::not_found:
            return "404";
        case DocKind::alias:
            return "alias";
        case DocKind::image:
            return "image";
    }
    return "page";
}

data body_view(const ViewContext& ctx, const Document& doc) {
    View v = view_for(ctx, doc);
    data d;
    switch (doc.kind) {
        case DocKind::page:
            d = page_body(v, ctx.site.pages[doc.page]);
            break;
        case DocKind::home:
            d = home_body(v, doc);
            break;
        case DocKind::section:
            d = section_body(v, doc);
            break;
        case DocKind::taxonomy:
            d = taxonomy_body(v, doc);
            break;
        case DocKind::term:
            d = term_body(v, doc);
            break;
        case DocKind::az_index:
            d = az_body(v, doc);
            break;
        case DocKind::search:
            d = search_body(v, doc);
            break;
        case DocKind::compliance:
            d = compliance_body(v, doc);
            break;
        case DocKind::html_sitemap:
            d = sitemap_body(v, doc);
            break;
        case DocKind::not_found:
            d.set("title", doc_title(v, doc));
            break;
        case DocKind::alias:
            return alias_body(v, doc);
        case DocKind::image:
            d = image_view(ctx, ctx.site.pages[doc.page], doc.image);
            break;
    }
    return d;
}

data layout_view(const ViewContext& ctx, const Document& doc) {
    View v = view_for(ctx, doc);
    const auto& site = ctx.site;
    const auto& config = site.config;
    bool english = v.lang != config.language;
    data d;
    std::string title = doc_title(v, doc);
    if (doc.page_number > 1)
        title += " (" + v.t("page") + " " + v.num(std::to_string(doc.page_number)) + ")";
    std::string site_title = english && !config.title_en.empty() ? config.title_en : config.title;
    d.set("lang", v.lang);
    // A home page is titled by its own page (each language's home differs).
    d.set("head_title", doc.kind == DocKind::home
                            ? (doc.page != none ? site.pages[doc.page].title : site_title)
                            : title + " | " + site_title);
    std::string description = head_description(v, doc);
    if (doc.page_number > 1)
        description += " (" + v.t("page") + " " + v.num(std::to_string(doc.page_number)) + ")";
    d.set("description", description);
    d.set("json_ld", json_ld(v, doc, title));
    d.set("canonical", site.absolute(doc.url == "404.html" ? "" : doc.url));
    d.set("site_title", site_title);
    set_text(d, "site_title_alt", english ? config.title : config.title_en);
    set_text(d, "office", english && !config.office_en.empty() ? config.office_en : config.office);
    if (english && config.office_en.empty() && !config.office.empty())
        d.set("office_lang", config.language);
    d.set("home_href", site.href(english ? v.lang + '/' : ""));
    d.set("menu_main", menu(v, "main", doc));
    d.set("menu_footer", menu(v, "footer", doc));
    d.set("breadcrumbs", breadcrumbs(v, doc));
    d.set("has_breadcrumbs", doc.kind != DocKind::home && doc.kind != DocKind::not_found);
    d.set("alternates", alternates(v, doc));
    d.set("language_switch", language_switch(v, doc));
    d.set("lastmod", v.date(site.document_lastmod(doc)));
    auto year = site.copyright_year;
    d.set("copyright_year", v.num(std::to_string(english ? year : thai::buddhist_year(year))));
    d.set("office_en", config.office_en.empty() ? config.office : config.office_en);
    data contact;
    set_text(contact, "address", config.contact.address);
    set_text(contact, "phone", config.contact.phone);
    std::string dial;  // tel: URLs allow no spaces
    for (char c : thai::fold_digits(config.contact.phone))
        if ((c >= '0' && c <= '9') || c == '+') dial += c;
    set_text(contact, "phone_href", dial);
    set_text(contact, "email", config.contact.email);
    set_text(contact, "hours", config.contact.hours);
    // The address and hours are written in the site's language: on another
    // language's pages they say so (WCAG 3.1.2), for screen readers' voices.
    if (english) set_text(contact, "lang", config.language);
    d.set("contact", contact);
    // "Edit this page": on the documents made from one source file (a page
    // and its pictures' pages), never on generated lists, and only when the
    // site says where sources are edited (site.yaml edit_url).
    if ((doc.kind == DocKind::page || doc.kind == DocKind::image) && doc.page != none)
        set_text(d, "edit_href", config::edit_link(config, site.pages[doc.page].source_path));
    if (doc.kind == DocKind::section) {
        d.set("section_feed", site.href(site.sections[doc.section].url + "index.xml"));
        d.set("section_atom", site.href(site.sections[doc.section].url + "atom.xml"));
    }
    link_preview(ctx, doc, doc.kind == DocKind::home ? site_title : title, description, d);
    return d;
}

}  // namespace kmsite::render
