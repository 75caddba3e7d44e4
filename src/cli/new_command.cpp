// `kmsite new KIND PATH`: a page of the right kind with its front matter
// filled in with examples, so that it builds as it is and the editor only
// changes the words.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "cli/commands.h"
#include "core/core.h"
#include "images/images.h"
#include "thai/thai.h"

namespace kmsite::cli {

namespace fs = std::filesystem;

bool create_new_file(const std::string& path, std::string_view data) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) return false;
    bool ok = ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
    return ::close(fd) == 0 && ok;
}

namespace {

std::string title_from(std::string_view stem) {
    std::string t(stem);
    for (char& c : t)
        if (c == '-' || c == '_') c = ' ';
    return t;
}

std::string front_matter(const std::string& kind, const std::string& title, const std::string& date,
                         const std::string& csv_name) {
    std::string fm = "---\ntitle: \"" + title +
                     "\"\ndescription: \"\"  # หนึ่งถึงสองประโยค สำหรับรายการและเครื่องมือค้นหา\n"
                     "date: " +
                     date + "\n";
    if (kind != "page") fm += "kind: " + kind + "\ntags: []\noffice: \"\"\n# fiscal_year: 2568\n";
    if (kind == "article") {
        fm +=
            "km_step: การบ่งชี้ความรู้  # หนึ่งใน 7 ขั้นตอน เช่น การแบ่งปันแลกเปลี่ยนความรู้\n"
            "knowledge_owner: \"\"\n"
            "kpis:\n  - {indicator: ร้อยละของบุคลากรที่นำความรู้ไปใช้, target: 80, result: 0, unit: "
            "ร้อยละ}\n";
    } else if (kind == "sop") {
        fm +=
            "code: \"\"  # เว้นว่างเพื่อให้ระบบกำหนดรหัสตามหมวดและลำดับ\n"
            "kpi: \"\"\nobjective: \"\"\nscope: \"\"\n"
            "steps:\n"
            "  - {id: s1, title: รับเรื่อง, type: start, duration: \"1 วันทำการ\", role: \"\", next: "
            "s2}\n"
            "  - {id: s2, title: ตรวจสอบเอกสาร, type: task, duration: \"1 - 2 วันทำการ\", standard: "
            "\"\", role: \"\", next: s3}\n"
            "  - {id: s3, title: เสนอผู้บริหารอนุมัติ, type: decision, yes: s4, no: s2, yes_label: อนุมัติ, "
            "no_label: ไม่อนุมัติ}\n"
            "  - {id: s4, title: แจ้งผลและจัดเก็บเอกสาร, type: end, duration: \"1 วันทำการ\"}\n"
            "forms: []\nreferences: []\n";
    } else if (kind == "plan") {
        fm += "csv: " + csv_name +
              "  # ตารางโครงการ: ยอดรวมคำนวณโดยระบบ\n"
              "caption: \"\"\ngroups:\n  \"1\": ประเด็นยุทธศาสตร์ที่ 1\n";
    } else if (kind == "gallery") {
        fm +=
            "images:\n"
            "  - file: " +
            csv_name.substr(0, csv_name.size() - 4) +
            "-1.png  # ไฟล์ภาพข้างหน้านี้\n"
            "    alt: ภาพตัวอย่างที่รอแทนที่ด้วยภาพจริง  # บอกว่าภาพแสดงอะไร สั้น ๆ\n"
            "    caption: \"\"\n"
            "    credit: \"\"\n"
            "    infographic: true  # ภาพที่มีข้อความ: ต้องมี description\n"
            "    description: |\n"
            "      ข้อความทั้งหมดในภาพ เขียนเป็นตัวอักษรเพื่อผู้ที่มองไม่เห็นภาพและเพื่อการค้นหา\n";
    }
    return fm + "---\n\nเขียนเนื้อหาของหน้า “" + title + "” ที่นี่\n";
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
    static const char* kinds[] = {"article", "sop", "plan", "gallery", "page"};
    if (std::find(std::begin(kinds), std::end(kinds), o.kind) == std::end(kinds)) {
        return refuse("unknown kind '" + o.kind +
                      "'; use article, sop, plan, gallery or page / ชนิดหน้าไม่ถูกต้อง");
    }
    std::string rel = o.path;
    if (rel.rfind("content/", 0) == 0) rel = rel.substr(8);
    if (!rel.empty() && rel.back() == '/') {
        return refuse("'" + o.path +
                      "' ends in /: give the page's own name, like galleries/sports-day / "
                      "ระบุชื่อหน้า ไม่ใช่ชื่อโฟลเดอร์ เช่น galleries/sports-day");
    }
    if (extension(rel) == ".md") rel.resize(rel.size() - 3);
    // A gallery's pictures and a plan's CSV live beside the page: those kinds
    // are a folder with index.md in it (a "page bundle", docs/editors.md).
    bool bundle = o.kind == "gallery" || o.kind == "plan";
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
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == '\\';
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
            return refuse(named.string() +
                          " is a folder: name a page inside it, like " + o.path +
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
    std::string csv_name =
        (stem == "index" ? file.parent_path().filename().string() : stem) + ".csv";
    std::string date = thai::iso_date(std::time(nullptr), "Asia/Bangkok");
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec ||
        !create_new_file(
            file.string(),
            front_matter(
                o.kind, title_from(stem == "index" ? file.parent_path().filename().string() : stem),
                date, csv_name))) {
        return refuse("cannot write " + file.string() + ": " +
                      std::strerror(ec ? ec.value() : errno));
    }
    std::printf("created %s\n", terminal_safe(file.string()).c_str());
    if (o.kind == "gallery") {
        fs::path picture =
            file.parent_path() / (csv_name.substr(0, csv_name.size() - 4) + "-1.png");
        if (nothing_at(picture)) {
            if (!images::draw_sample_picture(picture.string(), "ภาพตัวอย่าง: แทนที่ด้วยภาพจริง"))
                std::fprintf(stderr, "kmsite: warning: cannot draw %s\n",
                             terminal_safe(picture.string()).c_str());
            else
                std::printf("created %s\n", terminal_safe(picture.string()).c_str());
        }
    }
    if (o.kind == "plan") {
        fs::path csv = file.parent_path() / csv_name;
        if (nothing_at(csv)) {
            CsvWriter sample;  // with the BOM, so Excel on Thai Windows opens it as UTF-8
            for (const char* h : {"strategy", "project", "target", "indicator", "budget_2568",
                                  "budget_2569", "source", "owner"})
                sample.text(h);
            sample.end_row();
            sample.text("1").text("โครงการตัวอย่าง").text("เป้าหมายของโครงการ");
            sample.text("ตัวชี้วัดและค่าเป้าหมาย").number("100000").number("120000");
            sample.text("งบประมาณประจำปี").text("หน่วยงานที่รับผิดชอบ").end_row();
            if (create_new_file(csv.string(), sample.str()))
                std::printf("created %s\n", terminal_safe(csv.string()).c_str());
        }
    }
    return 0;
}

}  // namespace kmsite::cli
