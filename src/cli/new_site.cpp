// `kmsite new site DIR`: a new office's portal, from the starter built into
// kmsite (starter/ in the repository, render::embedded_starter()). It builds
// and passes the standards check the moment it is made; the office replaces
// the placeholders ("ชื่อหน่วยงาน", example.go.th) and the example pages.
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "core/core.h"
#include "images/images.h"
#include "render/embedded_theme.h"

namespace kmsite::cli {

namespace fs = std::filesystem;

namespace {

// A new file in a folder made for it (kmsite new's create_new_file).
bool create_file(const fs::path& path, std::string_view data) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    return !ec && create_new_file(path.string(), data);
}

}  // namespace

int run_new_site(const NewOptions& o) {
    return guarded([&] {
        std::vector<std::string> languages = o.languages;
        if (languages.empty()) languages = {"th", "en"};
        bool english = false;
        for (const auto& l : languages) {
            if (l == "en") {
                english = true;
            } else if (l != "th") {
                throw EnvironmentError("--languages takes th, or th,en (got '" + terminal_safe(l) +
                                       "') / ระบุภาษาได้เป็น th หรือ th,en");
            }
        }
        const fs::path dir = o.path;
        std::error_code ec;
        auto status = fs::symlink_status(dir, ec);
        if (fs::exists(status)) {
            if (!fs::is_directory(status) || !fs::is_empty(dir, ec))
                throw EnvironmentError(
                    terminal_safe(dir.string()) +
                    " is not an empty folder: a new site needs a folder of its own; nothing "
                    "was written / โฟลเดอร์นี้มีไฟล์อยู่แล้ว ให้ระบุโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง");
        }
        std::size_t written = 0;
        for (const auto& file : render::embedded_starter()) {
            std::string rel(file.path);
            if (!english && rel.rfind("content/en/", 0) == 0) continue;
            std::string data(file.data);
            if (rel == "site-config/site.yaml" && !english) {
                // A Thai-only office: one language, no English home page.
                std::string from = "languages: [th, en]";
                auto at = data.find(from);
                if (at == std::string::npos)
                    throw std::logic_error("starter site.yaml has no languages line");
                data.replace(at, from.size(), "languages: [th]");
            }
            if (!create_file(dir / rel, data))
                throw EnvironmentError("cannot write " + terminal_safe((dir / rel).string()) +
                                       " / เขียนไฟล์ไม่ได้ ตรวจสิทธิ์ของโฟลเดอร์");
            ++written;
        }
        fs::path picture = dir / "content/galleries/activities/activity-1.png";
        if (!images::draw_sample_picture(picture.string(), "ภาพตัวอย่าง: แทนที่ด้วยภาพกิจกรรมจริง"))
            throw EnvironmentError("cannot draw " + terminal_safe(picture.string()) +
                                   " / สร้างภาพตัวอย่างไม่ได้");
        ++written;
        std::string d = terminal_safe(dir.string());
        std::printf(
            "kmsite: made a new portal in %s (%zu files)\n"
            "\n"
            "Next steps / ขั้นตอนต่อไป:\n"
            "  1. Edit %s/site-config/site.yaml: your office's name, address, base_url.\n"
            "     แก้ site-config/site.yaml ให้เป็นชื่อ ที่อยู่ และที่อยู่เว็บไซต์ของหน่วยงาน\n"
            "  2. Preview while you write:  kmsite serve --source %s\n"
            "     ดูตัวอย่างขณะเขียน แล้วแทนข้อความตัวอย่างในหน้าที่มาตรฐานกำหนด (content/*.md)\n"
            "  3. Add pages:  kmsite new article articles/my-topic --source %s\n"
            "     เพิ่มหน้าใหม่ (article, sop, plan, gallery, page)\n"
            "  4. Build for the web:  kmsite build --source %s   (writes %s/public)\n"
            "     สร้างเว็บไซต์สำหรับเผยแพร่ ระบบตรวจมาตรฐานทุกครั้ง\n",
            d.c_str(), written, d.c_str(), d.c_str(), d.c_str(), d.c_str(), d.c_str());
        return 0;
    });
}

}  // namespace kmsite::cli
