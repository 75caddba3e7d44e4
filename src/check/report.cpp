// The compliance report: which controls the automatic checks cover, which
// failed where, and which need a person to look.
#include <algorithm>
#include <map>
#include <set>

#include "check/check.h"

namespace kmsite::check {

namespace {

struct Item {
    const char* id;
    const char* title;
    const char* manual;  // what a person should look at; "" when the rules cover it fully
};

// DGA Digital Service Standard controls that apply to a static portal
// (../shared/standards/README.md), in our words.
const Item dga_items[] = {
    {"AI-01", "ชื่อโดเมนของหน่วยงานรัฐภายใต้ .th", "ตรวจว่าเผยแพร่ที่โดเมน .go.th หรือ .or.th ของหน่วยงาน"},
    {"AI-02", "โลโก้แสดงผลคมชัด ไม่บิดเบี้ยว", "ตรวจโลโก้บนจอความละเอียดสูงและบนโทรศัพท์"},
    {"AI-03", "แถบแสดงความเป็นเว็บไซต์ทางการอยู่บนสุดของหน้า", ""},
    {"AI-04", "ลิงก์ติดต่อ ข้อกำหนดการใช้งาน นโยบายและประกาศความเป็นส่วนตัว นโยบายความมั่นคงปลอดภัย", ""},
    {"AI-05", "ข้อความลิขสิทธิ์ ปี ชื่อหน่วยงาน และ Government of Thailand", ""},
    {"AI-11", "แสดงผลเหมาะกับทุกขนาดหน้าจอ",
     "การตรวจอัตโนมัติดูเพียง meta viewport; เปิดทุกแบบหน้าบนโทรศัพท์จริงและที่ความกว้าง 320 พิกเซล"},
    {"AI-12", "ผ่านเกณฑ์ WCAG", "ตรวจด้วยโปรแกรมอ่านหน้าจอและแป้นพิมพ์ (ดูตาราง WCAG)"},
    {"AI-13", "มีตัวเลือกภาษาที่หน้าแรก", ""},
    {"AI-14", "รองรับภาษาไทยเป็นหลักและภาษาอังกฤษ", ""},
    {"AI-17", "มีช่องทางติดต่อที่ใช้ได้จริง", "ทดลองโทรและส่งอีเมลตามช่องทางที่ระบุ"},
    {"AI-18", "ช่องทางติดต่อเข้าถึงได้จากทุกหน้า", ""},
    {"AI-19", "ใช้ภาษาเข้าใจง่าย ประโยคสั้น แบ่งหัวข้อ", "อ่านทวนเนื้อหาใหม่ก่อนเผยแพร่"},
    {"AI-20", "ชื่อหน้า (title) สื่อความหมายและไม่ซ้ำกัน", ""},
    {"AI-21", "มีคำอธิบายหน้า (meta description)", ""},
    {"AI-22", "ที่อยู่หน้าเว็บ (URL) อ่านเข้าใจง่าย", "ตั้งชื่อไฟล์หรือ slug ให้สื่อความหมาย"},
    {"AI-23", "มี sitemap.xml และ robots.txt", ""},
    {"AI-24", "ใช้หัวข้อ H1 H2 H3 ตามลำดับ", ""},
    {"AI-25", "ใช้ schema.org ระบุประเภทข้อมูล", ""},
    {"AP-08", "ไม่มีลิงก์เสีย", "ลิงก์ไปเว็บไซต์ภายนอกตรวจโดยบุคคลเป็นระยะ"},
    {"SP-05", "สื่อสารผ่าน HTTPS", "ตั้งค่าเครื่องแม่ข่ายให้ใช้ HTTPS (ดู publish/nginx.conf)"},
    {"SP-12", "แสดงนโยบายและประกาศความเป็นส่วนตัว ไม่ติดตามผู้ใช้", ""},
    {"RS-02", "ประเมินการเข้าถึงตาม WCAG อย่างต่อเนื่อง", ""},
    {"RS-03", "ตอบสนองเร็ว", "วัดเวลาโหลดจากเครื่องแม่ข่ายจริง"},
};

const Item wcag_items[] = {
    {"1.1.1", "ข้อความทดแทนสิ่งที่ไม่ใช่ข้อความ", "ตรวจว่าข้อความแทนภาพบอกสิ่งที่ภาพสื่อจริง"},
    {"1.3.1", "ข้อมูลและความสัมพันธ์ (หัวข้อ ตาราง ส่วนของหน้า)",
     "ตรวจว่าข้อความที่ดูเป็นหัวข้อ รายการ หรือตาราง ใช้แท็กที่ตรงกันจริง"},
    {"1.3.5", "ระบุวัตถุประสงค์ของช่องกรอกข้อมูล", "ตรวจว่าช่องกรอกข้อมูลส่วนบุคคลมี autocomplete"},
    {"1.4.3", "ความเปรียบต่างของสี", "ทดสอบด้วย axe-core ใน CI ของ kmsite; ตรวจสีที่ปรับเองในธีม"},
    {"1.4.4", "ขยายตัวอักษรได้ 200%", "ขยายตัวอักษรเป็น 200% ในเบราว์เซอร์แล้วดูว่าไม่มีข้อความถูกตัด"},
    {"1.4.10", "จัดเรียงเนื้อหาใหม่ที่ความกว้าง 320 พิกเซล", "เปิดหน้าที่ความกว้าง 320 พิกเซล ดูว่าไม่ต้องเลื่อนซ้ายขวา"},
    {"2.1.1", "ใช้งานด้วยแป้นพิมพ์ได้", "ลองใช้ทุกหน้าด้วยแป้น Tab และ Enter"},
    {"2.2.1", "ปรับเวลาได้", "ตรวจเวลาจำกัดที่สคริปต์ของหน้าตั้งขึ้น (ถ้ามี)"},
    {"2.2.2", "หยุด ซ่อน หรือพักสิ่งที่เคลื่อนไหวได้", "ตรวจภาพเคลื่อนไหวและวิดีโอที่เล่นเอง"},
    {"2.4.1", "ข้ามไปยังเนื้อหาหลักได้", ""},
    {"2.4.2", "ชื่อหน้า", ""},
    {"2.4.4", "วัตถุประสงค์ของลิงก์", "ตรวจว่าข้อความลิงก์บอกปลายทาง ไม่ใช่ \"คลิกที่นี่\""},
    {"2.4.6", "หัวข้อและป้ายกำกับ", "อ่านว่าหัวข้อและป้ายกำกับบอกเนื้อหาที่ตามมาจริง"},
    {"2.4.7", "มองเห็นตำแหน่งโฟกัส", "ธีมแสดงกรอบโฟกัส; ตรวจเมื่อปรับแต่งธีม"},
    {"3.1.1", "ภาษาของหน้า", ""},
    {"3.1.2", "ภาษาของแต่ละส่วน", "ตรวจว่าข้อความภาษาอื่นในหน้าระบุ lang"},
    {"4.1.2", "ชื่อ บทบาท ค่า ของส่วนควบคุม",
     "ใช้ส่วนควบคุมที่สคริปต์สร้างด้วยโปรแกรมอ่านหน้าจอ (แอตทริบิวต์ที่แต่ละบทบาท ARIA อนุญาตยังไม่ตรวจอัตโนมัติ)"},
};

template <typename Items, typename Tags>
std::vector<Control> judge(const Items& items, const std::vector<Finding>& findings,
                           const std::set<std::string>& silenced, Tags tags_of) {
    std::vector<Control> out;
    for (const auto& item : items) {
        Control c;
        c.id = item.id;
        c.title = item.title;
        c.note = item.manual;
        auto tagged = [&](const Rule& r) {
            const auto& tags = tags_of(r);
            return std::find(tags.begin(), tags.end(), item.id) != tags.end();
        };
        bool covered = false;
        for (const auto& rule : rules()) {
            if (!tagged(rule)) continue;
            covered = true;
            if (silenced.count(std::string(rule.id.id())))
                c.silenced.push_back(std::string(rule.id.id()));
        }
        std::set<std::string> warned;
        for (const auto& f : findings) {
            const Rule* r = find_rule(f.rule);
            if (!r || !tagged(*r)) continue;
            if (f.level != Level::error) {
                // Pages, not findings: a page with ten captionless tables
                // is one page to look at.
                if (f.pages > 1)
                    c.warned_pages += f.pages;
                else if (warned.insert(f.page).second)
                    ++c.warned_pages;
                continue;
            }
            c.status = Status::failed;
            if (c.pages.size() < 5 &&
                std::find(c.pages.begin(), c.pages.end(), f.page) == c.pages.end()) {
                c.pages.push_back(f.page.empty() ? "/" : f.page);
            }
        }
        if (c.status != Status::failed && covered) {
            // Never "passed" with warnings (or with its warnings turned
            // off): a person decides those.
            if (c.warned_pages > 0 || !c.silenced.empty())
                c.status = Status::review;
            else if (std::string_view(item.manual).empty())
                c.status = Status::passed;
        }
        if (c.status == Status::manual && covered)
            c.note = std::string("ตรวจอัตโนมัติผ่านแล้ว; ") + item.manual;
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

Summary summarize(const std::vector<Finding>& findings, const std::set<std::string>& silenced) {
    Summary s;
    for (const auto& f : findings) (f.level == Level::error ? s.errors : s.warnings) += f.pages;
    s.dga = judge(dga_items, findings, silenced,
                  [](const Rule& r) -> const std::vector<std::string>& { return r.dga; });
    s.wcag = judge(wcag_items, findings, silenced,
                   [](const Rule& r) -> const std::vector<std::string>& { return r.wcag; });
    // RS-02 (continuous WCAG evaluation) is met by this very check running on every build.
    for (auto& c : s.dga) {
        if (c.id == "RS-02" && c.status != Status::failed) c.status = Status::passed;
    }
    return s;
}

}  // namespace kmsite::check
