#include "config/config.h"

#include <algorithm>

namespace kmsite::config {

bool set_base_url(SiteConfig& config, std::string url) {
    auto scheme = url.find("://");
    if (scheme == std::string::npos) return false;
    std::string proto = url.substr(0, scheme);
    if (proto != "http" && proto != "https") return false;
    auto path_start = url.find('/', scheme + 3);
    if (path_start == scheme + 3) return false;  // no host
    if (url.back() != '/') url += '/';
    config.base_path = path_start == std::string::npos ? "/" : url.substr(path_start);
    config.base_url = url;
    return true;
}

std::optional<int> integer_in_range(Fields& f, const std::string& key, int lo, int hi) {
    auto value = f.integer(key);
    if (!value) return std::nullopt;
    if (*value < lo || *value > hi) {
        f.error(f.node(key), "field-value",
                "'" + key + "' must be from " + std::to_string(lo) + " to " + std::to_string(hi) +
                    " / '" + key + "' ต้องอยู่ระหว่าง " + std::to_string(lo) + " ถึง " +
                    std::to_string(hi));
        return std::nullopt;
    }
    return static_cast<int>(*value);
}

namespace {

void read_menu_item(Fields item, const YAML::Node& node, std::vector<MenuItem>& items) {
    if (!node.IsMap()) {
        item.error(node, "field-type", "a menu item must have 'name' and 'url' or 'page'");
        return;
    }
    MenuItem m;
    m.line = item.line_of(node);
    m.name = item.text("name", true).value_or("");
    m.name_en = item.text("name_en").value_or("");
    m.url = item.text("url").value_or("");
    m.page = item.text("page").value_or("");
    m.weight = integer_in_range(item, "weight", -max_weight, max_weight).value_or(0);
    if (m.url.empty() == m.page.empty()) {
        item.error(node, "menu-target",
                   "menu item '" + m.name + "' needs exactly one of 'url' or 'page'");
    }
    item.finish("menu item");
    items.push_back(std::move(m));
}

void read_menus(Fields& fields, SiteConfig& config) {
    YAML::Node menus = fields.node("menus");
    if (!menus.IsDefined() || menus.IsNull()) return;
    if (!menus.IsMap()) {
        fields.error(menus, "field-type", "'menus' must map menu names to lists of items");
        return;
    }
    for (auto it = menus.begin(); it != menus.end(); ++it) {
        std::string name = it->first.Scalar();
        YAML::Node list = it->second;  // yaml-cpp's iterator yields temporaries: keep a copy
        auto& items = config.menus[name];
        if (!list.IsSequence()) {
            fields.error(list, "field-type", "menu '" + name + "' must be a list");
            continue;
        }
        for (const auto& node : list) read_menu_item(fields.child(node), node, items);
        std::stable_sort(items.begin(), items.end(),
                         [](const MenuItem& a, const MenuItem& b) { return a.weight < b.weight; });
    }
}

void read_sections(Fields& fields, SiteConfig& config) {
    YAML::Node sections = fields.node("sections");
    if (!sections.IsDefined() || sections.IsNull()) return;
    if (!sections.IsMap()) {
        fields.error(sections, "field-type", "'sections' must map folder names to settings");
        return;
    }
    for (auto it = sections.begin(); it != sections.end(); ++it) {
        Fields s = fields.child(it->second);
        SectionConfig sc;
        sc.kind = s.text("kind").value_or("");
        sc.title = s.text("title").value_or(it->first.Scalar());
        sc.title_en = s.text("title_en").value_or("");
        s.finish("section");
        config.sections[it->first.Scalar()] = std::move(sc);
    }
}

void read_contact(Fields& fields, SiteConfig& config) {
    YAML::Node node = fields.node("contact");
    if (!node.IsDefined() || node.IsNull()) return;
    Fields c = fields.child(node);
    config.contact.address = c.text("address").value_or("");
    config.contact.phone = c.text("phone").value_or("");
    config.contact.email = c.text("email").value_or("");
    config.contact.hours = c.text("hours").value_or("");
    c.finish("contact");
}

void read_fields(Fields& f, SiteConfig& config) {
    config.title = f.text("title", true).value_or(config.title);
    config.title_en = f.text("title_en").value_or("");
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
    config.time_zone = f.text("time_zone").value_or(config.time_zone);
    config.theme = f.text("theme").value_or(config.theme);
    config.digits = f.text("digits").value_or(config.digits);
    if (config.digits != "thai" && config.digits != "arabic") {
        f.error(f.node("digits"), "field-value", "'digits' must be thai or arabic");
        config.digits = "arabic";
    }
    config.paginate = integer_in_range(f, "paginate", 1, 1000).value_or(config.paginate);
    config.feed_limit = integer_in_range(f, "feed_limit", 1, 10000).value_or(config.feed_limit);
    config.raw_html = f.boolean("raw_html").value_or(false);
    read_contact(f, config);
    read_sections(f, config);
    read_menus(f, config);
    YAML::Node required = f.node("required_links");
    if (required.IsDefined() && !required.IsNull()) {
        if (!required.IsSequence()) {
            f.error(required, "field-type", "'required_links' must be a list of {name, words}");
        } else {
            for (const auto& item : required) {
                if (!item.IsMap()) {
                    f.error(item, "field-type", "each required link needs 'name' and 'words'");
                    continue;
                }
                Fields link = f.child(item);
                auto name = link.text("name", true).value_or("");
                auto words = link.text_list("words");
                if (words.empty())
                    link.error(item, "field-required",
                               "required link '" + name + "' needs 'words'");
                link.finish("required link");
                config.required_links.emplace_back(name, words);
            }
        }
    }
    f.finish("site-config");
}

}  // namespace

SiteConfig load_config(const source::SourceTree& tree, Diagnostics& diagnostics) {
    SiteConfig config;
    const source::SourceFile* file = tree.find(config.path);
    if (!file) {
        throw EnvironmentError("no " + config.path +
                               " here: run kmsite in a site folder or pass --source DIR");
    }
    if (auto bad = find_invalid_utf8(file->data)) {
        auto pos = position_of(file->data, *bad);
        diagnostics.error(config.path, pos.line, pos.col, "utf8-invalid",
                          "file is not valid UTF-8; save it as UTF-8 / บันทึกไฟล์เป็น UTF-8");
        return config;
    }
    auto root = parse_yaml(file->data, config.path, 1, diagnostics);
    if (!root) return config;
    if (!root->IsMap()) {
        diagnostics.error(config.path, 1, 1, "config-shape",
                          "site.yaml must be a mapping of settings");
        return config;
    }
    Fields fields(*root, config.path, 1, diagnostics);
    read_fields(fields, config);
    return config;
}

}  // namespace kmsite::config
