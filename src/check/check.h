// check: the standards checker. Reads a built site (not the sources) and
// reports what breaks WCAG 2.2 AA or the Thai government website standard,
// each finding tagged with WCAG success criteria and DGA control ids.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/messages.h"

namespace kmsite {
struct Digest;  // core/core.h
}

namespace kmsite::check {

enum class Level { error, warning };

struct Rule {
    RuleId id;  // its text is in the message catalogue (core/messages.h)
    Level level;
    std::vector<std::string> wcag;  // success criteria, e.g. "1.1.1"
    std::vector<std::string> dga;   // DGA Digital Service Standard controls, e.g. "AI-04"
    // The same on every page when it comes from the theme or site.yaml (a
    // missing footer link): reported once, with the pages it affects.
    bool site_wide = false;
};

// Every rule the checker has.
const std::vector<Rule>& rules();
const Rule* find_rule(std::string_view id);

struct Finding {
    std::string rule;
    Level level = Level::error;
    std::string page;  // the page's path in the site, "/sop/backup/"; "" for the whole site
    int line = 0;      // in the built HTML
    std::string message;
    // A site-wide rule's finding stands for this many pages (page is the first).
    std::size_t pages = 1;
    // The file the editor writes that caused it, when the build knows it
    // ("content/sop/backup.md", "site-config/site.yaml"), and the line there
    // (0: unknown). Set by the build, not by the checker, which reads HTML.
    std::string source{};
    int source_line = 0;
};

// A link every page's footer must have, recognised by any of its words
// (Thai or English, case-insensitive).
struct RequiredLink {
    std::string name;
    std::vector<std::string> words;
};
// DGA AI-04: Contact, Terms of Use, Privacy Policy, Privacy Notice, Security Policy.
const std::vector<RequiredLink>& default_required_links();

struct Options {
    std::string dir;  // the built site on disk; "" when a build hands over every file (add_file)
    unsigned jobs = 1;
    std::vector<RequiredLink> required_links = default_required_links();
};

// What the checker learnt from each page, kept between builds (in memory by
// `kmsite serve`, in the cache folder between runs of `kmsite build`): a
// page whose HTML did not change is not read again.
class FactsCache {
  public:
    FactsCache();
    ~FactsCache();
    std::size_t hits() const;
    std::size_t misses() const;
    // Pages whose link findings the last finish() took from the build before
    // (none changed in what their links point at).
    std::size_t links_reused() const;
    // The facts in the cache folder `dir` (core/serial.h: files written by
    // another binary, or not whole, are not read), and back.
    void save(const std::string& dir, const kmsite::Digest& binary) const;
    void load(const std::string& dir, const kmsite::Digest& binary, unsigned jobs = 1);
    void clear();  // forgets every page's facts

  private:
    friend class Checker;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Checking during a build: pages are scanned as they are rendered (from
// memory, on the renderer's threads) and the site as a whole once complete.
class Checker {
  public:
    explicit Checker(Options options, FactsCache* cache = nullptr);
    ~Checker();
    // `file` is the page's path in the site ("sop/backup/index.html"). Safe to
    // call from several threads at once.
    void scan(const std::string& file, std::string_view html);
    // Any file of the site as it is written: pages are scanned, robots.txt
    // and the sitemaps kept for the site rules, the rest only counted.
    void add_file(const std::string& file, std::string_view data);
    // A page that is not made again because its HTML, whose digest is
    // `html`, is already in the output: true when the cache knows its facts
    // (they are then this build's), false when it must be scanned. Any other
    // file the checker does not read (all but robots.txt and the sitemaps)
    // is known.
    bool known(const std::string& file, const kmsite::Digest& html);
    // Every file of the site, as written; finish() lists the directory when
    // it was not told.
    void set_files(std::vector<std::string> files);
    // Scans the pages in options.dir not handed to scan(), then checks the
    // site as a whole. All findings, in a stable order. Throws
    // EnvironmentError if the directory is not a built site.
    std::vector<Finding> finish();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// Checker(options).finish(): a built site read from disk.
std::vector<Finding> check_site(const Options& options);

bool has_errors(const std::vector<Finding>& findings);

// One line of the compliance report (the /compliance/ page): a DGA control or a WCAG criterion.
// `review`: no errors, but warnings on some pages that a person should look at.
enum class Status { passed, failed, review, manual };
struct Control {
    std::string id;     // "AI-04", "1.1.1"
    std::string title;  // in Thai
    Status status = Status::manual;
    std::string note;                   // what was checked, or what a person should look at
    std::vector<std::string> pages;     // where it failed (first few)
    std::size_t warned_pages = 0;       // pages with warnings of its rules
    std::vector<std::string> silenced;  // its warning rules the office turned off
};
struct Summary {
    bool checked = false;  // false: the build ran with --no-check, so nothing is known
    std::vector<Control> dga, wcag;
    std::size_t errors = 0, warnings = 0;
};
// The applicable DGA controls and the WCAG criteria, each passed, failed or
// left for a person, from the findings of check_site.
// `silenced`: warning rules turned off (site.yaml `warnings:`); their
// findings are already gone, and the controls they serve say so.
Summary summarize(const std::vector<Finding>& findings, const std::set<std::string>& silenced = {});
// Site-wide findings (Rule::site_wide) with the same rule and message on
// several pages become one, counting the pages (the build's report; kmsite
// check lists every page).
void group_site_wide(std::vector<Finding>& findings);
// `page:line: error: message [rule] (WCAG 1.1.1; DGA AI-12)`, one per line.
std::string format_text(const std::vector<Finding>& findings);
// Where a finding is: its source file and line when known, else its page.
std::string finding_location(const Finding& f);
// {"findings":[{"rule":..., "severity":..., "page":..., "line":..., "message":..., "wcag":[...],
// "dga":[...]}]}
std::string format_json(const std::vector<Finding>& findings);

}  // namespace kmsite::check
