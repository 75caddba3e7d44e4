// `kmsite new KIND PATH`: a page of the right kind with its front matter
// filled in with examples, so that it builds as it is and the editor only
// changes the words.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <set>

#include "cli/commands.h"
#include "config/config.h"
#include "core/core.h"
#include "render/embedded_theme.h"
#include "thai/thai.h"

namespace kmsite::cli {

namespace fs = std::filesystem;

bool create_new_file(const std::string& path, std::string_view data) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) return false;
    bool ok = write_all(fd, data);
    return ::close(fd) == 0 && ok;
}

namespace {

std::string title_from(std::string_view stem) {
    std::string t(stem);
    for (char& c : t)
        if (c == '-' || c == '_') c = ' ';
    return t;
}

// An archetype: the files a new page of one kind starts from, with
// {{title}}, {{date}} and {{name}} (the page's or its folder's name) in their
// names and text. `kind.md` makes a page; a folder `kind/` with index.md in it
// makes a page bundle (the page's folder, with its CSV or pictures beside it).
// Looked up as Hugo does: the site's archetypes/, then its theme's, then the
// theme built into kmsite, so a site can change one kind's start at a time.
struct ArchetypeFile {
    std::string path;  // inside the archetype folder ("index.md", "{{name}}.csv"); "" for kind.md
    std::string data;
};
struct Archetype {
    std::string where;  // for messages
    bool bundle = false;
    std::vector<ArchetypeFile> files;
};

std::optional<Archetype> archetype_in(const fs::path& dir, const std::string& kind) {
    std::error_code ec;
    // Never through a symbolic link: a site's archetypes/article.md linked
    // to a private file would copy it into content/.
    if (fs::is_regular_file(fs::symlink_status(dir / (kind + ".md"), ec))) {
        auto data = read_file((dir / (kind + ".md")).string());
        if (!data) return std::nullopt;
        return Archetype{(dir / (kind + ".md")).string(), false, {{"", std::move(*data)}}};
    }
    fs::path folder = dir / kind;
    if (fs::is_symlink(fs::symlink_status(folder, ec)) ||
        !fs::is_regular_file(fs::symlink_status(folder / "index.md", ec)))
        return std::nullopt;
    Archetype a{folder.string(), true, {}};
    for (auto it = fs::recursive_directory_iterator(folder, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
        auto data = read_file(it->path().string());
        if (!data) continue;
        a.files.push_back(
            {it->path().lexically_relative(folder).generic_string(), std::move(*data)});
    }
    std::sort(a.files.begin(), a.files.end(),
              [](const auto& x, const auto& y) { return x.path < y.path; });
    return a;
}

std::optional<Archetype> embedded_archetype(const std::string& kind) {
    std::string single = "archetypes/" + kind + ".md", folder = "archetypes/" + kind + "/";
    Archetype a{"kmsite's built-in theme (" + single + ")", false, {}};
    for (const auto& f : render::embedded_theme()) {
        if (f.path == single) a.files.push_back({"", std::string(f.data)});
        if (f.path.substr(0, folder.size()) == folder) {
            a.bundle = true;
            a.where = "kmsite's built-in theme (" + folder + ")";
            a.files.push_back({std::string(f.path.substr(folder.size())), std::string(f.data)});
        }
    }
    if (a.files.empty()) return std::nullopt;
    return a;
}

// The theme site.yaml names ("default" when it names none or cannot be read:
// the build says what is wrong with site.yaml, not kmsite new).
std::string theme_of(const fs::path& site) {
    auto text = read_file((site / "site-config" / "site.yaml").string());
    if (!text) return "default";
    Diagnostics ignored;
    auto root = config::parse_yaml(*text, "site-config/site.yaml", 1, ignored);
    if (!root || !root->is_map()) return "default";
    const config::Yaml& theme = (*root)["theme"];
    return theme.is_scalar() && !theme.scalar().empty() ? theme.scalar() : "default";
}

std::optional<Archetype> find_archetype(const fs::path& site, const std::string& kind) {
    if (auto a = archetype_in(site / "archetypes", kind)) return a;
    if (auto a = archetype_in(site / "themes" / theme_of(site) / "archetypes", kind)) return a;
    return embedded_archetype(kind);
}

// Every kind `kmsite new` can make for this site, for the message that lists them.
std::vector<std::string> archetype_names(const fs::path& site) {
    std::set<std::string> names;
    auto add = [&](std::string_view rel) {
        std::string name(rel.substr(0, rel.find('/')));
        if (rel.find('/') == std::string_view::npos && extension(name) == ".md")
            name.resize(name.size() - 3);
        else if (rel.find('/') == std::string_view::npos)
            return;
        names.insert(name);
    };
    for (const auto& f : render::embedded_theme())
        if (f.path.rfind("archetypes/", 0) == 0) add(f.path.substr(11));
    for (const fs::path& dir :
         {site / "archetypes", site / "themes" / theme_of(site) / "archetypes"}) {
        std::error_code ec;
        for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
             it.increment(ec))
            add(it->path().filename().string() + (it->is_directory(ec) ? "/" : ""));
    }
    return {names.begin(), names.end()};
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

}  // namespace

namespace {

int refuse(const std::string& message) {
    std::fprintf(stderr, "kmsite: error: %s\n", terminal_safe(message).c_str());
    return 2;
}

// Why `rel` (inside content/) is not a safe place for a new page, or "".
// The page, its CSV and its picture are written only below content/: a
// folder on the way that is a symbolic link must lead to a folder inside
// content/ too, and nothing (not even a dangling link) may already be at the
// file's path, so kmsite new never writes through a link to elsewhere.
std::string unsafe_reason(const fs::path& site, const std::string& rel) {
    std::error_code ec;
    fs::path content = site / "content";
    fs::path content_real = fs::weakly_canonical(content, ec);
    fs::path site_real = fs::weakly_canonical(site, ec);
    auto inside = [](const fs::path& child, const fs::path& parent) {
        auto r = child.lexically_relative(parent);
        return !r.empty() && *r.begin() != "..";
    };
    if (ec || (content_real != site_real / "content" && !inside(content_real, site_real)))
        return content.string() + " leads outside the site";
    fs::path p = content;
    std::string_view dirs = parent_path(rel);
    std::size_t start = 0;
    while (start < dirs.size()) {
        std::size_t end = dirs.find('/', start);
        if (end == std::string_view::npos) end = dirs.size();
        p /= std::string(dirs.substr(start, end - start));
        start = end + 1;
        auto status = fs::symlink_status(p, ec);
        if (ec || !fs::exists(status)) break;  // the rest is made new, below content/
        if (fs::is_symlink(status)) {
            fs::path target = fs::canonical(p, ec);
            if (ec || !(target == content_real || inside(target, content_real)))
                return p.string() + " is a symbolic link that leads outside content/";
        }
        if (!fs::is_directory(p, ec)) return p.string() + " is not a folder";
    }
    return {};
}

bool nothing_at(const fs::path& p) {
    std::error_code ec;
    return !fs::exists(fs::symlink_status(p, ec));
}

}  // namespace

int run_new(const NewOptions& o) {
    bool plain_name = !o.kind.empty() && std::all_of(o.kind.begin(), o.kind.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    });
    std::optional<Archetype> archetype;
    if (plain_name) archetype = find_archetype(o.source, o.kind);
    if (!archetype) {
        std::string names;
        for (const auto& n : archetype_names(o.source)) names += (names.empty() ? "" : ", ") + n;
        return refuse("unknown kind '" + o.kind + "'; use " + names + " (or add archetypes/" +
                      o.kind + ".md) / ชนิดหน้าไม่ถูกต้อง ใช้ " + names);
    }
    std::string rel = o.path;
    if (rel.rfind("content/", 0) == 0) rel = rel.substr(8);
    if (!rel.empty() && rel.back() == '/') {
        return refuse("'" + o.path +
                      "' ends in /: give the page's own name, like galleries/sports-day / "
                      "ระบุชื่อหน้า ไม่ใช่ชื่อโฟลเดอร์ เช่น galleries/sports-day");
    }
    if (extension(rel) == ".md") rel.resize(rel.size() - 3);
    // A gallery's pictures and a plan's CSV live beside the page: their
    // archetypes are folders, and the page is a folder with index.md in it
    // (a "page bundle", docs/editors.md).
    bool bundle = archetype->bundle;
    if (bundle && file_name(rel) != "index") rel += "/index";
    rel += ".md";
    bool climbs = false;
    for (std::size_t start = 0; start <= rel.size();) {
        std::size_t end = std::min(rel.find('/', start), rel.size());
        climbs |= rel.compare(start, end - start, "..") == 0 && end - start == 2;
        start = end + 1;
    }
    bool bad_text =
        find_invalid_utf8(rel).has_value() || std::any_of(rel.begin(), rel.end(), [](char c) {
            // A quote would end the YAML string the name is written in.
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == '\\' || c == '"';
        });
    auto normal = normalize_relative(rel);
    if (!o.path.empty() && o.path[0] == '/') normal.reset();
    if (climbs || bad_text || !normal || normal->empty()) {
        return refuse("'" + o.path +
                      "' must be a path inside content/, like sop/backup, without .. or a "
                      "leading / / ที่อยู่ของหน้าต้องอยู่ใน content/ เช่น sop/backup");
    }
    fs::path file = fs::path(o.source) / "content" / *normal;
    {
        // `kmsite new page sop` where content/sop/ is a folder: a page there
        // would stand beside the section, not in it.
        std::error_code folder_ec;
        fs::path named = file;
        if (!bundle && fs::is_directory(named.replace_extension(), folder_ec)) {
            return refuse(named.string() + " is a folder: name a page inside it, like " + o.path +
                          "/my-page / ชื่อนี้เป็นโฟลเดอร์ ให้ระบุชื่อหน้าในโฟลเดอร์นั้น");
        }
    }
    if (std::string why = unsafe_reason(o.source, *normal); !why.empty()) {
        return refuse(why +
                      "; kmsite new writes only inside content/, so nothing was changed / "
                      "kmsite new เขียนไฟล์ได้เฉพาะใน content/ ไม่มีการเปลี่ยนแปลงใด ๆ");
    }
    if (!nothing_at(file))
        return refuse(file.string() + " already exists; nothing was changed / มีไฟล์นี้อยู่แล้ว");
    std::string stem = file.stem().string();
    std::string name = stem == "index" ? file.parent_path().filename().string() : stem;
    // The title goes into a double-quoted YAML string: no quote of its own.
    std::string title = replace_all(title_from(name), "\"", "”");
    std::string date = thai::iso_date(std::time(nullptr), "Asia/Bangkok");
    auto fill = [&](std::string text) {
        text = replace_all(std::move(text), "{{title}}", title);
        text = replace_all(std::move(text), "{{date}}", date);
        return replace_all(std::move(text), "{{name}}", name);
    };
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    for (const auto& f : archetype->files) {
        bool page = f.path.empty() || f.path == "index.md";
        fs::path target = page ? file : file.parent_path() / fill(f.path);
        if (!page && !nothing_at(target)) continue;  // a CSV or picture already there stays
        // A file in a subfolder of the archetype: every folder on its way is
        // checked as the page's own were (none may lead outside content/).
        if (!page) {
            std::string rel = join_path(parent_path(*normal), fill(f.path));
            if (std::string why = unsafe_reason(o.source, rel); !why.empty())
                return refuse(why + "; nothing more was written / ไม่มีการเขียนไฟล์เพิ่ม");
        }
        std::error_code dir_ec;
        fs::create_directories(target.parent_path(), dir_ec);
        // Text is filled in; pictures and other binary files are copied as they are.
        bool text =
            !find_invalid_utf8(f.data).has_value() && f.data.find('\0') == std::string::npos;
        if (ec || dir_ec || !create_new_file(target.string(), text ? fill(f.data) : f.data)) {
            return refuse("cannot write " + target.string() + ": " +
                          std::strerror(ec       ? ec.value()
                                        : dir_ec ? dir_ec.value()
                                                 : errno));
        }
        std::printf("created %s\n", terminal_safe(target.string()).c_str());
    }
    return 0;
}

}  // namespace kmsite::cli
