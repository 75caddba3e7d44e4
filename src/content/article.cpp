// KM articles: the KM process step, the knowledge owner and KPI cards.
#include "content/internal.h"

namespace kmsite::content {

const char* const km_steps[7] = {
    "การบ่งชี้ความรู้",
    "การสร้างและแสวงหาความรู้",
    "การจัดความรู้ให้เป็นระบบ",
    "การประมวลและกลั่นกรองความรู้",
    "การเข้าถึงความรู้",
    "การแบ่งปันแลกเปลี่ยนความรู้",
    "การเรียนรู้",
};

namespace {

const char* const km_steps_en[7] = {
    "knowledge identification",
    "knowledge creation and acquisition",
    "knowledge organization",
    "knowledge codification and refinement",
    "knowledge access",
    "knowledge sharing",
    "learning",
};

// Step by number (1-7, either digits), Thai name or English name.
int km_step_of(const std::string& raw) {
    std::string s = thai::fold_digits(raw);
    if (s.size() == 1 && s[0] >= '1' && s[0] <= '7') return s[0] - '0';
    std::string lower;
    for (unsigned char c : s) lower += static_cast<char>(std::tolower(c));
    for (int i = 0; i < 7; ++i) {
        if (s == km_steps[i] || lower == km_steps_en[i]) return i + 1;
    }
    return 0;
}

std::optional<thai::Decimal> kpi_number(config::Fields& f, const char* key) {
    auto text = f.text(key);
    if (!text) return std::nullopt;
    thai::NumberError why;
    auto v = thai::parse_decimal(*text, &why);
    if (!v)
        f.error(f.node(key), "field-type",
                std::string("'") + key + "' must be a number such as 80 or ๘๐: '" + *text + "' " +
                    why.en + " / " + key + ": " + why.th);
    return v;
}

}  // namespace

Article read_article(config::Fields& f) {
    Article a;
    a.knowledge_owner = f.text("knowledge_owner").value_or("");
    // An empty km_step (a web form's cleared choice) is no step, as if unset.
    if (auto step = f.text("km_step"); step && !step->empty()) {
        a.km_step = km_step_of(*step);
        if (a.km_step == 0) {
            std::string all;
            for (int i = 0; i < 7; ++i)
                all += (i ? ", " : "") + std::to_string(i + 1) + " " + km_steps[i];
            f.error(f.node("km_step"), "article-km-step",
                    "km_step '" + *step + "' is not one of the 7 KM steps: " + all);
        }
    }
    const config::Yaml& kpis = f.sequence("kpis", "a list of {indicator, target, result, unit}");
    for (const auto& node : kpis.items()) {
        if (!node.is_map()) {
            f.error(node, "field-type", "each KPI needs indicator, target, result and unit");
            continue;
        }
        config::Fields k = f.child(node);
        Kpi kpi;
        kpi.line = f.line_of(node);
        kpi.indicator = k.text("indicator", true).value_or("");
        kpi.unit = k.text("unit").value_or("");
        kpi.target = kpi_number(k, "target");
        kpi.result = kpi_number(k, "result");
        k.finish("KPI");
        a.kpis.push_back(std::move(kpi));
    }
    return a;
}

}  // namespace kmsite::content
