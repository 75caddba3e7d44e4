// config: the site's configuration (site-config/site.yaml) and the typed YAML
// reading that front matter shares, reporting problems as diagnostics.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/core.h"
#include "source/source.h"

namespace kmsite::config {

struct MenuItem {
    std::string name;     // Thai
    std::string name_en;  // English
    std::string url;      // site URL ("/about/") or external URL
    std::string page;     // or a content file ("about.md"), resolved by the site stage
    int weight = 0;
    int line = 0;
};

struct SectionConfig {
    std::string kind;  // default page kind of the section's pages
    std::string title;
    std::string title_en;
};

struct Contact {
    std::string address, phone, email, hours;
};

struct SiteConfig {
    std::string path = "site-config/site.yaml";
    std::string title = "kmsite";
    std::string title_en;
    std::string description, description_en;
    std::string office, office_en;
    std::string base_url = "http://localhost:1313/";  // always ends in '/'
    std::string base_path = "/";                      // path part of base_url, ends in '/'
    std::string language = "th";                      // default language
    std::vector<std::string> languages = {"th", "en"};
    std::string time_zone = "Asia/Bangkok";
    std::string theme = "default";
    std::string digits = "arabic";  // "thai" or "arabic": style of generated numbers and dates
    int paginate = 10;
    int feed_limit = 20;
    bool raw_html = false;  // opt in to raw HTML in Markdown
    Contact contact;
    std::map<std::string, SectionConfig> sections;
    std::map<std::string, std::vector<MenuItem>> menus;
    // Footer links every page must have (checked by kmsite check); empty: DGA AI-04's five.
    std::vector<std::pair<std::string, std::vector<std::string>>> required_links;
};

// Reads site-config/site.yaml. Throws EnvironmentError when there is none (the
// directory is not a site); broken YAML and wrong fields are diagnostics, and
// the defaults stand in so the rest of the site is still checked.
SiteConfig load_config(const source::SourceTree& tree, Diagnostics& diagnostics);
// Sets base_url and base_path from a URL; false if it is not http(s)://host[/path].
bool set_base_url(SiteConfig& config, std::string url);

// ---- typed YAML fields -----------------------------------------------------

// Parses YAML text that starts at `first_line` of `path`. On a syntax error,
// reports it at its true line and returns nullopt.
std::optional<YAML::Node> parse_yaml(const std::string& text, const std::string& path,
                                     int first_line, Diagnostics& diagnostics);

// Reads the fields of one YAML mapping with their types checked. Every key read
// is remembered, so `finish()` can warn about the keys nobody asked for.
class Fields {
  public:
    Fields(YAML::Node map, std::string path, int first_line, Diagnostics& diagnostics);

    std::optional<std::string> text(const std::string& key, bool required = false);
    // Integers accept Thai digits ("๒๕๖๗").
    std::optional<long long> integer(const std::string& key);
    std::optional<bool> boolean(const std::string& key);
    // A list of strings; a single string is taken as a list of one.
    std::vector<std::string> text_list(const std::string& key);
    // The raw node (possibly undefined), marking the key known.
    YAML::Node node(const std::string& key);
    void allow(const std::set<std::string>& keys);
    // Fields of a nested mapping of the same document.
    Fields child(YAML::Node map) const {
        return Fields(std::move(map), path_, first_line_, diagnostics_);
    }

    void error(const YAML::Node& at, const std::string& rule, const std::string& message);
    void error_at_line(int line, const std::string& rule, const std::string& message);
    void warning(const YAML::Node& at, const std::string& rule, const std::string& message);
    // Warns once per key that was never read or allowed.
    void finish(const std::string& what);

    const std::string& path() const { return path_; }
    Diagnostics& diagnostics() const { return diagnostics_; }
    int line_of(const YAML::Node& node) const;
    int col_of(const YAML::Node& node) const;

  private:
    YAML::Node map_;
    std::string path_;
    int first_line_;
    Diagnostics& diagnostics_;
    std::set<std::string> known_;
};

// A whole number within [lo, hi] (Thai digits accepted), or nullopt: out of
// range is an error at the field's line, never a wrapped or truncated int.
std::optional<int> integer_in_range(Fields& f, const std::string& key, int lo, int hi);
// Page and menu weights (their order) are within +-max_weight.
constexpr int max_weight = 1000000;

}  // namespace kmsite::config
