#include <tinyxml2.h>

#include <algorithm>

#include "emit/internal.h"
#include "thai/thai.h"

namespace kmsite::emit {

namespace {

struct Feed {
    std::string title;
    std::string url;  // site-relative page the feed describes ("", "sop/")
    std::string lang;
    std::vector<std::size_t> pages;  // newest first
};

void text_element(tinyxml2::XMLPrinter& p, const char* name, const std::string& text) {
    p.OpenElement(name);
    p.PushText(text.c_str());
    p.CloseElement();
}

std::int64_t item_date(const content::Page& page) {
    return page.date.value_or(page.lastmod);
}

std::string rss(const site::Site& site, const Feed& feed) {
    const auto& tz = site.config.time_zone;
    tinyxml2::XMLPrinter p;
    p.PushDeclaration("xml version=\"1.0\" encoding=\"UTF-8\"");
    p.OpenElement("rss");
    p.PushAttribute("version", "2.0");
    p.PushAttribute("xmlns:atom", "http://www.w3.org/2005/Atom");
    p.OpenElement("channel");
    text_element(p, "title", feed.title);
    text_element(p, "link", encode_url(site.absolute(feed.url)));
    text_element(p, "description",
                 site.config.description.empty() ? feed.title : site.config.description);
    text_element(p, "language", feed.lang);
    if (!feed.pages.empty()) {
        text_element(p, "lastBuildDate",
                     thai::rfc822_datetime(item_date(site.pages[feed.pages.front()]), tz));
    }
    p.OpenElement("atom:link");
    p.PushAttribute("href", encode_url(site.absolute(feed.url + "index.xml")).c_str());
    p.PushAttribute("rel", "self");
    p.PushAttribute("type", "application/rss+xml");
    p.CloseElement();
    for (auto i : feed.pages) {
        const auto& page = site.pages[i];
        std::string link = encode_url(site.absolute(page.url));
        p.OpenElement("item");
        text_element(p, "title", page.title);
        text_element(p, "link", link);
        text_element(p, "guid", link);
        text_element(p, "pubDate", thai::rfc822_datetime(item_date(page), tz));
        text_element(p, "description", page.summary);
        p.CloseElement();
    }
    p.CloseElement();
    p.CloseElement();
    return p.CStr();
}

std::string atom(const site::Site& site, const Feed& feed) {
    const auto& tz = site.config.time_zone;
    tinyxml2::XMLPrinter p;
    p.PushDeclaration("xml version=\"1.0\" encoding=\"UTF-8\"");
    p.OpenElement("feed");
    p.PushAttribute("xmlns", "http://www.w3.org/2005/Atom");
    p.PushAttribute("xml:lang", feed.lang.c_str());
    text_element(p, "title", feed.title);
    text_element(p, "id", encode_url(site.absolute(feed.url)));
    std::int64_t updated = 0;
    for (auto i : feed.pages) updated = std::max(updated, site.pages[i].lastmod);
    text_element(p, "updated", thai::iso_datetime(updated, tz));
    p.OpenElement("link");
    p.PushAttribute("rel", "self");
    p.PushAttribute("href", encode_url(site.absolute(feed.url + "atom.xml")).c_str());
    p.CloseElement();
    p.OpenElement("link");
    p.PushAttribute("rel", "alternate");
    p.PushAttribute("type", "text/html");
    p.PushAttribute("href", encode_url(site.absolute(feed.url)).c_str());
    p.CloseElement();
    p.OpenElement("author");
    text_element(p, "name", site.config.office.empty() ? site.config.title : site.config.office);
    p.CloseElement();
    for (auto i : feed.pages) {
        const auto& page = site.pages[i];
        std::string link = encode_url(site.absolute(page.url));
        p.OpenElement("entry");
        text_element(p, "title", page.title);
        p.OpenElement("link");
        p.PushAttribute("href", link.c_str());
        p.CloseElement();
        text_element(p, "id", link);
        text_element(p, "updated", thai::iso_datetime(page.lastmod, tz));
        if (page.date) text_element(p, "published", thai::iso_datetime(*page.date, tz));
        if (!page.author.empty()) {
            p.OpenElement("author");
            text_element(p, "name", page.author);
            p.CloseElement();
        }
        p.OpenElement("summary");
        p.PushAttribute("type", "text");
        p.PushText(page.summary.c_str());
        p.CloseElement();
        p.CloseElement();
    }
    p.CloseElement();
    return p.CStr();
}

std::vector<std::size_t> newest_first(const site::Site& site, std::vector<std::size_t> ids) {
    std::stable_sort(ids.begin(), ids.end(), [&](std::size_t a, std::size_t b) {
        return item_date(site.pages[a]) > item_date(site.pages[b]);
    });
    if (ids.size() > static_cast<std::size_t>(site.config.feed_limit)) {
        ids.resize(static_cast<std::size_t>(site.config.feed_limit));
    }
    return ids;
}

}  // namespace

void write_feeds(const site::Site& site, OutputDir& out) {
    std::vector<Feed> feeds;
    std::vector<std::size_t> main_pages;
    for (auto i : site.by_date) {
        if (site.pages[i].lang == site.config.language) main_pages.push_back(i);
    }
    feeds.push_back({site.config.title, "", site.config.language, newest_first(site, main_pages)});
    for (const auto& sec : site.sections) {
        feeds.push_back({sec.title + " - " + site.config.title, sec.url, sec.lang,
                         newest_first(site, sec.pages)});
    }
    for (const auto& feed : feeds) {
        out.write(feed.url + "index.xml", rss(site, feed));
        out.write(feed.url + "atom.xml", atom(site, feed));
    }
}

}  // namespace kmsite::emit
