// config: the site's configuration (site-config/site.yaml) and the typed YAML
// reading that front matter shares, reporting problems as diagnostics.
#pragma once

#include <climits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
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

// The page kinds, in content::Kind's order (one table: the content stage
// reads kinds with it, and sections in site.yaml are checked against it).
inline constexpr std::string_view kPageKinds[] = {"article", "sop", "plan", "gallery", "page"};
// The menus the theme shows.
inline constexpr std::string_view kMenuNames[] = {"main", "footer"};

struct SectionConfig {
    std::string kind;  // default page kind of the section's pages
    std::string title;
    std::string title_en;
};

struct Contact {
    std::string address, phone, email, hours;
};

// The Decap CMS admin at /admin/ (site.yaml's `admin:`), which lets staff edit
// pages in a browser; its settings become admin/config.yml's backend.
struct AdminConfig {
    bool enabled = false;
    std::string backend;  // Decap's backend name: gitlab, github, gitea, bitbucket,
                          // git-gateway, test-repo; "proxy" when only local_backend is set
    std::string repo;     // owner/name (a GitLab group path may have more parts)
    std::string branch = "main";
    std::string api_root;       // the Git host's API, for a self-hosted GitLab or GitHub
    std::string base_url;       // the OAuth server (Decap's backend.base_url)
    std::string auth_endpoint;  // its authorize path
    std::string auth_type;      // gitlab: pkce or implicit (then app_id is needed)
    std::string app_id;         // the OAuth application id on GitLab
    // Editing the working tree through decap-server (npm) when the admin is
    // opened on this computer: its API URL ("" when off).
    std::string local_backend;
    bool editorial_workflow = false;  // drafts and reviews before publishing
};

struct SiteConfig {
    // What the configuration was made from (site.yaml's bytes, a --base-url):
    // equal fingerprints, equal configurations. Caches key on it.
    Digest fingerprint;
    std::string path = "site-config/site.yaml";
    std::string title = "kmsite";
    std::string title_en;
    // The name under a phone's home-screen icon (the web app manifest);
    // "" for the title.
    std::string short_name;
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
    bool raw_html = false;    // opt in to raw HTML in Markdown
    bool html_files = false;  // opt in to publishing .html (and XML/XSLT) files from content/
    // Write a .gz and a .br copy beside each text file over 1 KB (src/compress);
    // `precompress: false` turns it off (a host that compresses by itself).
    bool precompress = true;
    Contact contact;
    std::map<std::string, SectionConfig> sections;
    std::map<std::string, std::vector<MenuItem>> menus;
    // Footer links every page must have (checked by kmsite check); empty: DGA AI-04's five.
    std::vector<std::pair<std::string, std::vector<std::string>>> required_links;
    // Warning rules the office has decided to accept (`warnings: {RULE: off}`):
    // not printed, and the compliance page says they were turned off.
    std::set<std::string> warnings_off;
    // The line of each top-level key in site.yaml: where a site-wide finding
    // (a missing footer link) points the editor.
    std::map<std::string, int> lines;
    // Where a page's source can be edited on the web: a URL in which {path}
    // stands for the page's source path ("content/sop/backup.md"); "" for none.
    std::string edit_url;
    AdminConfig admin;
    // The site's icon: a file of content/ (SVG, PNG or ICO); "" for one made
    // from the logo, else the one kmsite draws from the office's initial.
    std::string favicon;
    // The office's logo: a file of content/ (SVG or PNG), shown in every
    // page's header; "" for none. Checked by the site stage (site/identity.cpp).
    std::string logo;
    // base_url came from site.yaml or --base-url, not the local default: only
    // then are absolute addresses worth giving to other sites (OpenGraph).
    bool base_url_given = false;
    // Where `kmsite publish` sends the output when no target is given on the
    // command line (the same syntax: git:BRANCH[@REMOTE], dir:PATH, ...); "" for none.
    std::string publish;
};

// A target of `kmsite publish`, parsed from the command line or site.yaml's
// publish: key. Parsed here (not in deploy) so that site.yaml is checked at
// its line by the config stage, which deploy builds on.
struct PublishTarget {
    enum class Kind { git, dir, rsync, s3 };
    Kind kind = Kind::dir;
    std::string branch, remote;  // git: refs/heads/<branch>, and the remote to push to ("": none)
    std::string path;            // dir: the folder; rsync: [USER@]HOST:PATH; s3: BUCKET/PREFIX
    std::string text;            // as written
};
// The accepted forms, for messages (English and Thai).
extern const char* const publish_target_forms;
// nullopt, and `why` set (English / Thai), when `text` is not a target.
std::optional<PublishTarget> parse_publish_target(std::string_view text, std::string& why);

// A rule named in `warnings:` or `--warnings=RULE:off` may be turned off when
// it is a warning; errors cannot be. "" when it may, else why not (Thai and
// English).
std::string why_not_silenced(std::string_view rule);

// The URL edit_url gives for a source path: each path segment percent-encoded
// (Thai file names, spaces), the slashes kept. "" when edit_url is not set.
std::string edit_link(const SiteConfig& config, const std::string& source_path);
// The local backend's default address: decap-server's own default port.
inline constexpr const char* default_local_backend = "http://localhost:8081/api/v1";

// Reads site-config/site.yaml. Throws EnvironmentError when there is none (the
// directory is not a site); broken YAML and wrong fields are diagnostics, and
// the defaults stand in so the rest of the site is still checked.
SiteConfig load_config(const source::SourceTree& tree, Diagnostics& diagnostics);
// Sets base_url and base_path from a URL; false if it is not http(s)://host[/path].
bool set_base_url(SiteConfig& config, std::string url);

// ---- YAML ------------------------------------------------------------------

// One node of a parsed YAML document: kmsite's own tree, so no other stage sees
// the parser's headers. Mappings keep their entries in document order, every
// node and key knows its line and column in the file, and scalars remember
// whether they were written plain, so a plain `true` or `null` can be told from
// the quoted strings "true" and "null". Aliases, duplicate keys and non-text
// keys are refused while the tree is built, so none of them appear here.
class Yaml {
  public:
    enum class Kind { missing, null, scalar, sequence, mapping };
    struct Entry;

    Yaml() = default;  // a missing node: what a lookup of an absent key gives

    Kind kind() const { return kind_; }
    // False only for the missing node of an absent key or item.
    bool defined() const { return kind_ != Kind::missing; }
    // Missing, empty, or a plain null / Null / NULL / ~ (YAML 1.2 core schema).
    bool is_null() const { return kind_ == Kind::missing || kind_ == Kind::null; }
    // A non-null scalar (quoted "null" and "" are scalars; a plain null is not).
    bool is_scalar() const { return kind_ == Kind::scalar; }
    bool is_sequence() const { return kind_ == Kind::sequence; }
    bool is_map() const { return kind_ == Kind::mapping; }
    // Written without quotes or block indicators: only such scalars may mean
    // true, false, null or a number.
    bool is_plain() const { return plain_; }

    // The text of a scalar ("" for anything else).
    const std::string& scalar() const { return scalar_; }
    // Absolute 1-based line and column in the file (0 for a missing node).
    int line() const { return line_; }
    int col() const { return col_; }

    // The value of `key` in a mapping; a missing node when absent or not a mapping.
    const Yaml& operator[](std::string_view key) const;
    // A mapping's entry for `key`, or nullptr.
    const Entry* entry(std::string_view key) const;
    // Items of a sequence (empty for anything else).
    const std::vector<Yaml>& items() const { return items_; }
    // Entries of a mapping in document order (empty for anything else).
    const std::vector<Entry>& entries() const { return entries_; }
    // Number of items or entries.
    std::size_t size() const;

  private:
    friend class YamlBuilder;
    Kind kind_ = Kind::missing;
    bool plain_ = false;
    int line_ = 0, col_ = 0;
    std::string scalar_;
    std::vector<Yaml> items_;
    std::vector<Entry> entries_;
    // Key -> entry for larger mappings, so lookups and the duplicate check
    // stay linear in the size of the document.
    std::shared_ptr<const std::unordered_map<std::string, std::size_t>> index_;
};

struct Yaml::Entry {
    std::string key;
    int line = 0, col = 0;  // of the key
    Yaml value;
};

// Parses YAML text that starts at `first_line` of `path`. Syntax errors are
// reported at their true line as `yaml-syntax` and give nullopt. Problems that
// leave the structure readable (a duplicate key, an alias, a control character
// in a value) are reported and the rest of the document is still returned, so
// every problem of a file shows in one run. An empty document is an empty
// mapping.
std::optional<Yaml> parse_yaml(const std::string& text, const std::string& path, int first_line,
                               Diagnostics& diagnostics);

// ---- typed YAML fields -----------------------------------------------------

// Reads the fields of one YAML mapping with their types checked. Every key read
// is remembered, so `finish()` can warn about the keys nobody asked for. Every
// shape mismatch is a diagnostic at the value's line, never an exception.
class Fields {
  public:
    // `map` must outlive the Fields. A required field that is absent is
    // reported at `opening_line` (a front matter's `---`); the fields of a
    // nested mapping report it at the mapping's own line.
    Fields(const Yaml& map, std::string path, int opening_line, Diagnostics& diagnostics);

    std::optional<std::string> text(const std::string& key, bool required = false);
    // Integers accept Thai digits ("๒๕๖๗"); a value outside [min, max] is an
    // error at its line (`field-range`).
    std::optional<long long> integer(const std::string& key, long long min = INT_MIN,
                                     long long max = INT_MAX);
    // true or false (any case of YAML 1.2's core schema); yes/no/on/off are errors.
    std::optional<bool> boolean(const std::string& key);
    // A list of strings; a single string is taken as a list of one.
    std::vector<std::string> text_list(const std::string& key);
    // The raw node (possibly missing), marking the key known.
    const Yaml& node(const std::string& key);
    // The raw node, which must be a mapping, a sequence or absent: a value of
    // another shape is reported (`field-type`, with `what` saying what belongs
    // there) and a missing node is returned, so callers can iterate blindly.
    const Yaml& mapping(const std::string& key, const std::string& what);
    const Yaml& sequence(const std::string& key, const std::string& what);
    void allow(const std::set<std::string>& keys);
    // Fields of a nested node of the same document. A node that is not a
    // mapping is reported (`field-type`, with `what` saying what belongs there)
    // and read as an empty mapping.
    Fields child(const Yaml& map, const std::string& what = "settings") const;

    void error(const Yaml& at, RuleId rule, const std::string& message);
    void error_at_line(int line, RuleId rule, const std::string& message);
    void warning(const Yaml& at, RuleId rule, const std::string& message);
    // Warns once per key that was never read or allowed.
    void finish(const std::string& what);

    const std::string& path() const { return path_; }
    Diagnostics& diagnostics() const { return diagnostics_; }
    // Where a node is; a missing node is placed at the mapping's opening line.
    int line_of(const Yaml& node) const;
    int col_of(const Yaml& node) const;
    // Whether the mapping has `key` at all (even with an empty value).
    bool has(const std::string& key) const { return map_->entry(key) != nullptr; }

  private:
    const Yaml* map_;
    std::string path_;
    int opening_line_;
    int opening_col_ = 1;
    Diagnostics& diagnostics_;
    std::set<std::string> known_;
};

}  // namespace kmsite::config
