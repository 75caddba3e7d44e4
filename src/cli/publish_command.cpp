#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "config/config.h"
#include "deploy/deploy.h"
#include "source/source.h"

namespace kmsite::cli {

namespace {

// site.yaml's publish:, checked at its line. Only its own finding is
// printed: the rest of site.yaml is the build's business.
std::optional<std::string> target_from_site(const std::string& source, int& code) {
    std::string path = (std::filesystem::path(source) / "site-config" / "site.yaml").string();
    auto text = read_file(path);
    if (!text) return std::nullopt;
    source::SourceTree tree;
    tree.files.emplace_back("site-config/site.yaml", std::move(*text));
    Diagnostics diagnostics;
    config::SiteConfig site = config::load_config(tree, diagnostics);
    for (const auto& d : diagnostics.sorted()) {
        if (d.rule != "config-publish") continue;
        std::fprintf(stderr, "%s\n", d.format().c_str());
        code = 1;
    }
    if (site.publish.empty()) return std::nullopt;
    return site.publish;
}

}  // namespace

int run_publish(const PublishOptions& o) {
    return guarded([&]() -> int {
        std::optional<std::string> text = o.target;
        if (!text) {
            int code = 0;
            text = target_from_site(o.source, code);
            if (code != 0) return code;
        }
        if (!text) {
            std::fprintf(stderr,
                         "kmsite: error: no target: write one (%s) after kmsite publish, or set "
                         "publish: in site-config/site.yaml / ไม่ได้ระบุปลายทางเผยแพร่ "
                         "ให้ระบุต่อท้ายคำสั่ง หรือตั้ง publish: ใน site.yaml\n",
                         config::publish_target_forms);
            return 2;
        }
        std::string why;
        auto target = config::parse_publish_target(*text, why);
        if (!target) {
            std::fprintf(stderr, "kmsite: error: %s\n", why.c_str());
            return 2;
        }
        deploy::Options options;
        options.source = o.source;
        options.out = o.out.value_or((std::filesystem::path(o.source) / "public").string());
        options.dry_run = o.dry_run;
        options.max_deletes = o.max_deletes;
        options.message = o.message;
        std::string where = terminal_safe(target->text);
        try {
            deploy::Summary s;
            switch (target->kind) {
                case config::PublishTarget::Kind::s3:
                    s = deploy::publish_s3(*target, options);
                    break;
                case config::PublishTarget::Kind::rsync: {
                    int status = deploy::publish_rsync(*target, options);
                    if (status != 0) {
                        std::fprintf(stderr,
                                     "kmsite: error: rsync to %s exited with status %d / rsync "
                                     "ทำงานไม่สำเร็จ\n",
                                     where.c_str(), status);
                        return 2;
                    }
                    std::printf(
                        "kmsite: %s %s / เผยแพร่แล้ว\n",
                        o.dry_run ? "dry run (nothing changed) of rsync to" : "published to",
                        where.c_str());
                    return 0;
                }
                case config::PublishTarget::Kind::git:
                    s = deploy::publish_git(*target, options);
                    break;
                case config::PublishTarget::Kind::dir:
                    s = deploy::publish_dir(*target, options);
                    break;
            }
            if (o.dry_run) {
                std::printf(
                    "kmsite: dry run, nothing changed: %s would get %zu added, %zu changed, "
                    "%zu removed, %zu unchanged / ทดลองเท่านั้น ไม่มีการเปลี่ยนแปลง\n",
                    where.c_str(), s.added, s.changed, s.removed, s.unchanged);
            } else if (target->kind == config::PublishTarget::Kind::git && !s.committed) {
                std::printf(
                    "kmsite: nothing changed: %s is already at %.12s; no commit made / "
                    "ไม่มีอะไรเปลี่ยน ไม่ได้สร้าง commit ใหม่\n",
                    where.c_str(), s.commit.c_str());
            } else {
                std::printf(
                    "kmsite: published to %s%s%.12s: %zu added, %zu changed, %zu removed, "
                    "%zu unchanged / เผยแพร่แล้ว เพิ่ม %zu แก้ไข %zu ลบ %zu ไม่เปลี่ยน %zu\n",
                    where.c_str(), s.committed ? " as commit " : "", s.commit.c_str(), s.added,
                    s.changed, s.removed, s.unchanged, s.added, s.changed, s.removed, s.unchanged);
            }
            return 0;
        } catch (const deploy::Refused& e) {
            std::fprintf(stderr, "kmsite: error: %s\n", e.what());
            return 1;
        }
    });
}

}  // namespace kmsite::cli
