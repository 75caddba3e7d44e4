// `kmsite new KIND PATH`: a page of the right kind with its front matter
// filled in with examples, so that it builds as it is and the editor only
// changes the words.
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "cli/commands.h"
#include "core/core.h"
#include "images/images.h"
#include "thai/thai.h"

namespace kmsite::cli {

namespace fs = std::filesystem;

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

int run_new(const NewOptions& o) {
    static const char* kinds[] = {"article", "sop", "plan", "gallery", "page"};
    if (std::find(std::begin(kinds), std::end(kinds), o.kind) == std::end(kinds)) {
        std::fprintf(stderr,
                     "kmsite: error: unknown kind '%s'; use article, sop, plan, gallery or page\n",
                     o.kind.c_str());
        return 2;
    }
    std::string rel = o.path;
    if (rel.rfind("content/", 0) == 0) rel = rel.substr(8);
    if (extension(rel) != ".md") rel += ".md";
    auto normal = normalize_relative(rel);
    if (!normal || normal->empty()) {
        std::fprintf(stderr,
                     "kmsite: error: '%s' must be a path inside content/, like sop/backup\n",
                     o.path.c_str());
        return 2;
    }
    fs::path file = fs::path(o.source) / "content" / *normal;
    if (fs::exists(file)) {
        std::fprintf(stderr, "kmsite: error: %s already exists; nothing was changed\n",
                     file.c_str());
        return 2;
    }
    std::string stem = file.stem().string();
    std::string csv_name =
        (stem == "index" ? file.parent_path().filename().string() : stem) + ".csv";
    std::string date = thai::iso_date(std::time(nullptr), "Asia/Bangkok");
    if (!write_file(
            file.string(),
            front_matter(
                o.kind, title_from(stem == "index" ? file.parent_path().filename().string() : stem),
                date, csv_name))) {
        std::fprintf(stderr, "kmsite: error: cannot write %s\n", file.c_str());
        return 2;
    }
    std::printf("created %s\n", file.c_str());
    if (o.kind == "gallery") {
        fs::path picture =
            file.parent_path() / (csv_name.substr(0, csv_name.size() - 4) + "-1.png");
        if (!fs::exists(picture)) {
            if (!images::draw_sample_picture(picture.string(), "ภาพตัวอย่าง: แทนที่ด้วยภาพจริง"))
                std::fprintf(stderr, "kmsite: warning: cannot draw %s\n", picture.c_str());
            else
                std::printf("created %s\n", picture.c_str());
        }
    }
    if (o.kind == "plan") {
        fs::path csv = file.parent_path() / csv_name;
        if (!fs::exists(csv)) {
            CsvWriter sample;  // with the BOM, so Excel on Thai Windows opens it as UTF-8
            for (const char* h : {"strategy", "project", "target", "indicator", "budget_2568",
                                  "budget_2569", "source", "owner"})
                sample.text(h);
            sample.end_row();
            sample.text("1").text("โครงการตัวอย่าง").text("เป้าหมายของโครงการ");
            sample.text("ตัวชี้วัดและค่าเป้าหมาย").number("100000").number("120000");
            sample.text("งบประมาณประจำปี").text("หน่วยงานที่รับผิดชอบ").end_row();
            write_file(csv.string(), sample.str());
            std::printf("created %s\n", csv.c_str());
        }
    }
    return 0;
}

}  // namespace kmsite::cli
