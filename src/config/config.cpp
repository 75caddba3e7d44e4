#include "config/config.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "thai/thai.h"

namespace kmsite::config {

std::string why_not_silenced(std::string_view rule) {
    const Message* m = find_message(rule);
    if (!m)
        return "there is no rule '" + std::string(rule) +
               "' (the rule id is in [brackets] after a message) / ไม่มีกฎชื่อ " + std::string(rule);
    if (!m->can_silence)
        return "'" + std::string(rule) +
               "' reports errors or problems that must be fixed; only warnings can be turned off / "
               "กฎ " +
               std::string(rule) + " ปิดไม่ได้ ปิดได้เฉพาะคำเตือน";
    return "";
}

bool set_base_url(SiteConfig& config, std::string url) {
    auto scheme = url.find("://");
    if (scheme == std::string::npos) return false;
    std::string proto = url.substr(0, scheme);
    if (proto != "http" && proto != "https") return false;
    auto path_start = url.find('/', scheme + 3);
    if (path_start == scheme + 3) return false;  // no host
    if (url.back() != '/') url += '/';
    config.fingerprint = Hasher().add(config.fingerprint).add("base_url").add(url).finish();
    config.base_path = path_start == std::string::npos ? "/" : url.substr(path_start);
    config.base_url = url;
    config.base_url_given = true;
    return true;
}

namespace {

// http(s)://host[...] with nothing a URL in an HTML attribute or a YAML file
// must not hold raw (spaces, quotes, angle brackets, control characters).
bool is_http_url(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return false;
    std::string_view proto = url.substr(0, scheme);
    if (proto != "http" && proto != "https") return false;
    std::string_view rest = url.substr(scheme + 3);
    if (rest.empty() || rest[0] == '/' || rest[0] == '{') return false;  // no host
    for (unsigned char c : url)
        if (c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`')
            return false;
    return true;
}

void read_edit_url(Fields& f, SiteConfig& config) {
    auto url = f.text("edit_url");
    if (!url) return;
    if (!is_http_url(*url) || url->find("{path}") == std::string::npos) {
        f.error(f.node("edit_url"), "config-edit-url",
                "edit_url must be an http(s) address with {path} where the page's file goes, "
                "such as https://gitlab.example.go.th/office/portal/-/edit/main/{path} / "
                "edit_url ต้องเป็นที่อยู่ http(s) ที่มี {path} ตรงตำแหน่งของไฟล์หน้าเว็บ เช่น "
                "https://gitlab.example.go.th/office/portal/-/edit/main/{path}");
        return;
    }
    config.edit_url = *url;
}

// A Git repository path as the Git hosts name them: owner/name, or a GitLab
// group path (group/subgroup/name).
bool is_repo_path(std::string_view repo) {
    std::size_t parts = 0;
    std::size_t start = 0;
    while (start <= repo.size()) {
        auto end = repo.find('/', start);
        if (end == std::string_view::npos) end = repo.size();
        std::string_view part = repo.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return false;
        for (char c : part)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
                return false;
        ++parts;
        start = end + 1;
    }
    return parts >= 2;
}

// favicon: and logo: name a file of content/ by its path there, of one of
// `types`. Whether it exists (and is safe) is the site stage's to say; a path
// that leaves content/ is refused here, at its line.
void read_identity_file(Fields& f, const std::string& key,
                        std::initializer_list<std::string_view> types, std::string& out) {
    auto path = f.text(key);
    if (!path) return;
    std::string ext = lower_ascii(extension(*path));
    if (std::find(types.begin(), types.end(), ext) == types.end()) {
        // "an .svg, .png or .ico file"
        std::string names;
        std::size_t n = 0;
        for (auto t : types)
            names += std::string(n++ == 0            ? ""
                                 : n == types.size() ? " or "
                                                     : ", ") +
                     std::string(t);
        f.error(f.node(key), "field-value",
                key + " must be an " + names + " file in content/ / " + key + " ต้องเป็นไฟล์ " +
                    names + " ใน content/");
        return;
    }
    auto normal = normalize_relative(*path);
    if (!normal || normal->empty()) {
        f.error(f.node(key), "path-escape",
                key + ": " + terminal_safe(*path) +
                    " is outside content/; write its path from content/, such as images/" + key +
                    std::string(*types.begin()) + " / ไฟล์ " + key +
                    " ต้องอยู่ในโฟลเดอร์ content/ ให้เขียนที่อยู่นับจาก content/");
        return;
    }
    out = *normal;
}

void read_publish(Fields& f, SiteConfig& config) {
    auto text = f.text("publish");
    if (!text) return;
    std::string why;
    if (!parse_publish_target(*text, why)) {
        f.error(f.node("publish"), "config-publish", why);
        return;
    }
    config.publish = *text;
}

void read_admin(Fields& f, SiteConfig& config) {
    const Yaml& node = f.node("admin");
    if (node.is_null()) return;
    if (!node.is_map()) {
        f.error(node, "field-type",
                "'admin' must be settings such as {backend: gitlab, repo: office/portal} / "
                "admin ต้องเป็นการตั้งค่า เช่น {backend: gitlab, repo: office/portal}");
        return;
    }
    Fields a = f.child(node, "'admin'");
    AdminConfig& admin = config.admin;
    admin.enabled = true;
    auto url_field = [&](const char* key, std::string& out) {
        auto value = a.text(key);
        if (!value) return;
        if (!is_http_url(*value)) {
            a.error(a.node(key), "config-admin",
                    std::string("admin ") + key +
                        " must be an http(s) address such as https://gitlab.example.go.th / " +
                        key + " ต้องเป็นที่อยู่ http(s) เช่น https://gitlab.example.go.th");
            return;
        }
        out = *value;
    };
    // local_backend: true (decap-server's default address) or its address.
    const Yaml& local = a.node("local_backend");
    if (local.is_scalar() && local.is_plain() && !is_http_url(local.scalar())) {
        if (a.boolean("local_backend").value_or(false)) admin.local_backend = default_local_backend;
    } else {
        url_field("local_backend", admin.local_backend);
    }
    static const std::set<std::string> backends = {"github",    "gitlab",      "gitea",
                                                   "bitbucket", "git-gateway", "test-repo"};
    auto backend = a.text("backend");
    if (backend && !backends.count(*backend)) {
        a.error(a.node("backend"), "config-admin",
                "unknown admin backend '" + *backend +
                    "': use gitlab, github, gitea, bitbucket, git-gateway or test-repo / "
                    "ไม่รู้จัก backend นี้ ให้ใช้ gitlab, github, gitea, bitbucket, git-gateway "
                    "หรือ test-repo");
    } else if (backend) {
        admin.backend = *backend;
    } else if (!admin.local_backend.empty()) {
        admin.backend = "proxy";  // only ever through decap-server on this computer
    } else {
        a.error(node, "config-admin",
                "admin needs 'backend' (where pages are saved: gitlab, github...) or "
                "'local_backend: true' / admin ต้องระบุ backend (ที่เก็บหน้าเว็บ เช่น gitlab, github) "
                "หรือ local_backend: true");
    }
    admin.repo = a.text("repo").value_or("");
    bool hosted = admin.backend == "github" || admin.backend == "gitlab" ||
                  admin.backend == "gitea" || admin.backend == "bitbucket";
    if (hosted && admin.repo.empty()) {
        a.error(node, "config-admin",
                "admin backend " + admin.backend +
                    " needs 'repo: owner/name', the repository of the site / backend " +
                    admin.backend + " ต้องระบุ repo: เจ้าของ/ชื่อ ของที่เก็บเว็บไซต์");
    } else if (!admin.repo.empty() && !is_repo_path(admin.repo)) {
        a.error(a.node("repo"), "config-admin",
                "admin repo must look like office/portal (letters, digits, - _ . between /) / "
                "repo ต้องอยู่ในรูป office/portal");
    }
    if (auto branch = a.text("branch")) {
        bool ok = !branch->empty() && branch->find("..") == std::string::npos;
        for (unsigned char c : *branch)
            if (c <= 0x20 || c == 0x7F ||
                std::string_view("~^:?*[\\\"'").find(c) != std::string_view::npos)
                ok = false;
        if (ok)
            admin.branch = *branch;
        else
            a.error(a.node("branch"), "config-admin",
                    "admin branch must be a Git branch name such as main / branch ต้องเป็นชื่อ "
                    "branch ของ Git เช่น main");
    }
    url_field("api_root", admin.api_root);
    url_field("base_url", admin.base_url);
    admin.auth_endpoint = a.text("auth_endpoint").value_or("");
    if (auto type = a.text("auth_type")) {
        if (*type == "pkce" || *type == "implicit")
            admin.auth_type = *type;
        else
            a.error(a.node("auth_type"), "config-admin",
                    "admin auth_type must be pkce or implicit / auth_type ต้องเป็น pkce หรือ "
                    "implicit");
    }
    admin.app_id = a.text("app_id").value_or("");
    if (!admin.auth_type.empty() && admin.app_id.empty())
        a.error(a.node("auth_type"), "config-admin",
                "admin auth_type " + admin.auth_type +
                    " needs app_id, the Application ID of the OAuth application on GitLab / "
                    "ต้องระบุ app_id (Application ID ของแอป OAuth ใน GitLab)");
    admin.editorial_workflow = a.boolean("editorial_workflow").value_or(false);
    a.finish("admin");
}

void read_menu_item(Fields& menu, const Yaml& node, std::vector<MenuItem>& items) {
    if (!node.is_map()) {
        menu.error(node, "field-type", "a menu item must have 'name' and 'url' or 'page'");
        return;
    }
    Fields item = menu.child(node);
    MenuItem m;
    m.line = item.line_of(node);
    m.name = item.text("name", true).value_or("");
    m.name_en = item.text("name_en").value_or("");
    m.url = item.text("url").value_or("");
    m.page = item.text("page").value_or("");
    m.weight = static_cast<int>(item.integer("weight").value_or(0));
    if (m.url.empty() == m.page.empty()) {
        item.error(node, "menu-target",
                   "menu item '" + m.name + "' needs exactly one of 'url' or 'page'");
    }
    item.finish("menu item");
    items.push_back(std::move(m));
}

void read_menus(Fields& fields, SiteConfig& config) {
    const Yaml& menus = fields.mapping("menus", "a mapping of menu names to lists of items");
    for (const auto& [name, line, col, list] : menus.entries()) {
        if (std::find(std::begin(kMenuNames), std::end(kMenuNames), name) == std::end(kMenuNames))
            fields.diagnostics().warning(fields.path(), line, col, "menu-unknown",
                                         "menu '" + name +
                                             "' is not shown: the theme shows the menus main and "
                                             "footer / เมนู '" +
                                             name + "' ไม่แสดงในหน้าเว็บ");
        auto& items = config.menus[name];
        if (!list.is_sequence()) {
            if (!list.is_null())
                fields.error(list, "field-type", "menu '" + name + "' must be a list");
            continue;
        }
        for (const auto& node : list.items()) read_menu_item(fields, node, items);
        std::stable_sort(items.begin(), items.end(),
                         [](const MenuItem& a, const MenuItem& b) { return a.weight < b.weight; });
    }
}

void read_sections(Fields& fields, SiteConfig& config) {
    const Yaml& sections =
        fields.mapping("sections", "a mapping of folder names to their settings");
    for (const auto& entry : sections.entries()) {
        Fields s = fields.child(entry.value, "the settings of section '" + entry.key + "'");
        SectionConfig sc;
        sc.kind = s.text("kind").value_or("");
        if (!sc.kind.empty() && std::find(std::begin(kPageKinds), std::end(kPageKinds), sc.kind) ==
                                    std::end(kPageKinds)) {
            s.error(s.node("kind"), "content-unknown-kind",
                    "section '" + entry.key + "': unknown kind '" + sc.kind +
                        "'; use article, sop, plan, gallery or page / ชนิดของหมวดไม่ถูกต้อง");
        }
        sc.title = s.text("title").value_or(entry.key);
        sc.title_en = s.text("title_en").value_or("");
        s.finish("section");
        config.sections[entry.key] = std::move(sc);
    }
}

void read_contact(Fields& fields, SiteConfig& config) {
    Fields c = fields.child(fields.node("contact"), "'contact'");
    config.contact.address = c.text("address").value_or("");
    config.contact.phone = c.text("phone").value_or("");
    config.contact.email = c.text("email").value_or("");
    config.contact.hours = c.text("hours").value_or("");
    // The contact channels are on every page (DGA AI-17): a typo there is a
    // dead channel everywhere.
    const std::string& email = config.contact.email;
    auto at = email.find('@');
    if (!email.empty() &&
        (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos ||
         email.find('.', at) == std::string::npos || email.back() == '.' ||
         email.find_first_of(" \t<>\"(),;:") != std::string::npos)) {
        c.error(c.node("email"), "field-value",
                "'" + email +
                    "' is not an e-mail address such as km@example.go.th / "
                    "อีเมลไม่ถูกต้อง");
    }
    std::string folded = thai::fold_digits(config.contact.phone);  // ๐-๙ as 0-9
    auto digits = std::count_if(folded.begin(), folded.end(),
                                [](unsigned char ch) { return std::isdigit(ch) != 0; });
    if (!config.contact.phone.empty() && digits < 3) {
        c.error(c.node("phone"), "field-value",
                "'" + config.contact.phone +
                    "' is not a telephone number such as 0 2123 4567 / หมายเลขโทรศัพท์ไม่ถูกต้อง");
    }
    c.finish("contact");
}

void read_required_links(Fields& f, SiteConfig& config) {
    const Yaml& required = f.sequence("required_links", "a list of {name, words}");
    for (const auto& item : required.items()) {
        if (!item.is_map()) {
            f.error(item, "field-type", "each required link needs 'name' and 'words'");
            continue;
        }
        Fields link = f.child(item);
        auto name = link.text("name", true).value_or("");
        auto words = link.text_list("words");
        if (words.empty())
            link.error(item, "field-required", "required link '" + name + "' needs 'words'");
        link.finish("required link");
        config.required_links.emplace_back(name, words);
    }
}

// `warnings: {table-caption: off}`: rules whose warnings the office accepts.
void read_warnings(Fields& f, SiteConfig& config) {
    Fields w = f.child(f.node("warnings"), "'warnings'");
    const Yaml& map = f.node("warnings");
    if (!map.is_map()) return;
    for (const auto& entry : map.entries()) {
        auto state = w.text(entry.key);
        if (!state || (*state != "off" && *state != "on")) {
            w.error(entry.value, "warnings-config",
                    "write '" + entry.key + ": off' (or on) / ให้เขียน " + entry.key + ": off");
            continue;
        }
        if (std::string why = why_not_silenced(entry.key); !why.empty()) {
            w.error(entry.value, "warnings-config", why);
            continue;
        }
        if (*state == "off") config.warnings_off.insert(entry.key);
    }
    w.finish("warnings");
}

void read_fields(Fields& f, SiteConfig& config) {
    config.title = f.text("title", true).value_or(config.title);
    config.title_en = f.text("title_en").value_or("");
    config.short_name = f.text("short_name").value_or("");
    config.description = f.text("description").value_or("");
    config.description_en = f.text("description_en").value_or("");
    config.office = f.text("office").value_or("");
    config.office_en = f.text("office_en").value_or("");
    if (auto url = f.text("base_url")) {
        if (!set_base_url(config, *url)) {
            f.error(f.node("base_url"), "config-base-url",
                    "base_url must look like https://km.example.go.th/");
        }
    }
    config.language = f.text("language").value_or(config.language);
    if (auto langs = f.text_list("languages"); !langs.empty()) config.languages = langs;
    for (const auto& lang : config.languages) {
        // A language tag as in <html lang>: th, en, or th-TH (BCP 47's shape).
        bool ok = lang.size() >= 2;
        std::size_t first = lang.find('-') == std::string::npos ? lang.size() : lang.find('-');
        ok &= first >= 2 && first <= 3;
        for (std::size_t i = 0; i < lang.size() && ok; ++i) {
            unsigned char ch = static_cast<unsigned char>(lang[i]);
            ok = i < first ? std::islower(ch) != 0 : (std::isalnum(ch) || ch == '-');
        }
        if (!ok)
            f.error(f.node("languages"), "field-value",
                    "'" + lang + "' is not a language code such as th or en / รหัสภาษาไม่ถูกต้อง");
    }
    if (std::find(config.languages.begin(), config.languages.end(), config.language) ==
        config.languages.end()) {
        f.error(f.node(f.has("language") ? "language" : "languages"), "field-value",
                "language '" + config.language +
                    "' is not one of languages; list it there / "
                    "ภาษาหลัก (language) ต้องอยู่ในรายการ languages ด้วย");
    }
    if (auto zone = f.text("time_zone")) {
        if (thai::is_time_zone(*zone)) {
            config.time_zone = *zone;
        } else {
            f.error(f.node("time_zone"), "field-value",
                    "unknown time_zone '" + *zone +
                        "': use a name from the time zone database, such as Asia/Bangkok / "
                        "ไม่รู้จักเขตเวลานี้ ให้ใช้ชื่อตามฐานข้อมูลเขตเวลา เช่น Asia/Bangkok");
        }
    }
    config.theme = f.text("theme").value_or(config.theme);
    config.digits = f.text("digits").value_or(config.digits);
    if (config.digits != "thai" && config.digits != "arabic") {
        f.error(f.node("digits"), "field-value", "'digits' must be thai or arabic");
        config.digits = "arabic";
    }
    config.paginate = static_cast<int>(f.integer("paginate", 1, 100000).value_or(config.paginate));
    config.feed_limit =
        static_cast<int>(f.integer("feed_limit", 1, 100000).value_or(config.feed_limit));
    config.raw_html = f.boolean("raw_html").value_or(false);
    config.html_files = f.boolean("html_files").value_or(false);
    config.precompress = f.boolean("precompress").value_or(true);
    read_contact(f, config);
    read_sections(f, config);
    read_menus(f, config);
    read_required_links(f, config);
    read_warnings(f, config);
    read_identity_file(f, "favicon", {".svg", ".png", ".ico"}, config.favicon);
    read_identity_file(f, "logo", {".svg", ".png"}, config.logo);
    read_edit_url(f, config);
    read_admin(f, config);
    read_publish(f, config);
    f.finish("site-config");
}

}  // namespace

const char* const publish_target_forms =
    "git:BRANCH, git:BRANCH@REMOTE, dir:PATH, rsync:[USER@]HOST:PATH, s3:BUCKET/PREFIX";

namespace {

// A branch name Git accepts (git check-ref-format's rules, in short), without
// '@' (which separates the remote).
bool is_branch_name(std::string_view b) {
    if (b.empty() || b.front() == '-' || b.front() == '/' || b.back() == '/' || b.back() == '.' ||
        b.find("..") != std::string_view::npos || b.find("//") != std::string_view::npos ||
        b.find("/.") != std::string_view::npos || b.front() == '.' ||
        (b.size() >= 5 && b.substr(b.size() - 5) == ".lock"))
        return false;
    for (unsigned char c : b)
        if (c <= 0x20 || c == 0x7F ||
            std::string_view("~^:?*[\\@").find(static_cast<char>(c)) != std::string_view::npos)
            return false;
    return true;
}

bool has_control_or_space(std::string_view s) {
    for (unsigned char c : s)
        if (c <= 0x20 || c == 0x7F) return true;
    return false;
}

// BUCKET as S3 names them (3-63 of a-z 0-9 . -, a letter or digit at each
// end), then an optional PREFIX of plain segments: no empty, "." or ".."
// segment, so the prefix names one place and rclone reads no option in it.
bool is_s3_target(std::string_view s) {
    auto slash = s.find('/');
    std::string_view bucket = s.substr(0, slash);
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (bucket.size() < 3 || bucket.size() > 63 || !alnum(bucket.front()) || !alnum(bucket.back()))
        return false;
    for (char c : bucket)
        if (!alnum(c) && c != '.' && c != '-') return false;
    if (slash == std::string_view::npos) return true;
    std::string_view prefix = s.substr(slash + 1);
    if (has_control_or_space(prefix)) return false;
    if (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
    if (prefix.empty()) return true;
    for (std::size_t at = 0;;) {
        auto end = prefix.find('/', at);
        std::string_view seg = prefix.substr(at, end == std::string_view::npos ? end : end - at);
        if (seg.empty() || seg == "." || seg == "..") return false;
        if (end == std::string_view::npos) return true;
        at = end + 1;
    }
}

}  // namespace

std::optional<PublishTarget> parse_publish_target(std::string_view text, std::string& why) {
    PublishTarget t;
    t.text = std::string(text);
    auto colon = text.find(':');
    std::string_view kind = text.substr(0, colon), rest;
    if (colon != std::string_view::npos) rest = text.substr(colon + 1);
    auto bad = [&](const std::string& what) -> std::optional<PublishTarget> {
        why = "'" + terminal_safe(text) + "' is not a publish target: " + what + "; write one of " +
              publish_target_forms +
              " / ปลายทางเผยแพร่ไม่ถูกต้อง ให้เขียนเป็นแบบใดแบบหนึ่ง: " + publish_target_forms;
        return std::nullopt;
    };
    if (colon == std::string_view::npos) return bad("no KIND: before it");
    if (kind == "git") {
        t.kind = PublishTarget::Kind::git;
        auto at = rest.find('@');
        t.branch = std::string(rest.substr(0, at));
        if (at != std::string_view::npos) t.remote = std::string(rest.substr(at + 1));
        if (!is_branch_name(t.branch))
            return bad("'" + terminal_safe(t.branch) + "' is not a branch name");
        if (at != std::string_view::npos &&
            (t.remote.empty() || t.remote.front() == '-' || has_control_or_space(t.remote)))
            return bad("no remote after @");
    } else if (kind == "dir") {
        t.kind = PublishTarget::Kind::dir;
        t.path = std::string(rest);
        if (t.path.empty()) return bad("no folder after dir:");
    } else if (kind == "rsync") {
        t.kind = PublishTarget::Kind::rsync;
        t.path = std::string(rest);
        auto host_end = rest.find(':');
        std::string_view host = rest.substr(0, host_end);
        if (auto at = host.find('@'); at != std::string_view::npos) host = host.substr(at + 1);
        // A host that starts with '-' would be read by rsync as an option.
        if (host_end == std::string_view::npos || host.empty() || rest.front() == '-' ||
            host_end + 1 >= rest.size() || has_control_or_space(rest))
            return bad("rsync: needs [USER@]HOST:PATH");
    } else if (kind == "s3") {
        t.kind = PublishTarget::Kind::s3;
        t.path = std::string(rest);
        if (!is_s3_target(rest)) return bad("s3: needs BUCKET/PREFIX");
    } else {
        return bad("unknown kind '" + terminal_safe(kind) + "'");
    }
    return t;
}

std::string edit_link(const SiteConfig& config, const std::string& source_path) {
    if (config.edit_url.empty()) return "";
    // Everything but the unreserved characters and '/' is encoded, so a file
    // named "ก #1?.md" stays one path and cannot add a query or fragment.
    std::string path = percent_encode(source_path, "!\"#$%&'()*+,:;<=>?@[\\]^`{|}");
    std::string url = config.edit_url;
    for (auto at = url.find("{path}"); at != std::string::npos;
         at = url.find("{path}", at + path.size()))
        url.replace(at, 6, path);
    return url;
}

SiteConfig load_config(const source::SourceTree& tree, Diagnostics& diagnostics) {
    SiteConfig config;
    const source::SourceFile* file = tree.find(config.path);
    if (!file) {
        throw EnvironmentError("no " + config.path +
                               " here: run kmsite in a site folder or pass --source DIR");
    }
    config.fingerprint = digest(file->data());
    if (auto bad = find_invalid_utf8(file->data())) {
        auto pos = position_of(file->data(), *bad);
        diagnostics.error(config.path, pos.line, pos.col, "utf8-invalid",
                          "file is not valid UTF-8; save it as UTF-8 / บันทึกไฟล์เป็น UTF-8");
        return config;
    }
    auto root = parse_yaml(file->data(), config.path, 1, diagnostics);
    if (!root) return config;
    if (!root->is_map()) {
        diagnostics.error(
            config.path, 1, 1, "config-shape",
            "site.yaml must be 'key: value' lines of settings / site.yaml ต้องเป็นบรรทัด ชื่อ: ค่า");
        return config;
    }
    for (const auto& entry : root->entries()) config.lines[entry.key] = entry.line;
    Fields fields(*root, config.path, 1, diagnostics);
    read_fields(fields, config);
    return config;
}

}  // namespace kmsite::config
