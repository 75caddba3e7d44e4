#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>

#include "cli/commands.h"
#include "config/config.h"
#include "core/core.h"

namespace {

// More worker threads than this only cost memory (each keeps its own
// renderer state); 4294967295 used to end in std::bad_alloc.
constexpr unsigned max_jobs = 256;

// --jobs N: 0 (all cores) or a positive whole number, clamped to max_jobs.
// Anything else is a usage error (exit 2) that says what is expected.
CLI::Validator jobs_validator() {
    return CLI::Validator(
        [](std::string& value) -> std::string {
            bool digits = !value.empty() && value.size() <= 64 &&
                          value.find_first_not_of("0123456789") == std::string::npos;
            if (!digits) {
                return "--jobs must be a whole number of worker threads, 0 for all cores (got '" +
                       kmsite::terminal_safe(value) +
                       "') / --jobs ต้องเป็นจำนวนเต็มไม่ติดลบ (0 คือใช้ทุกคอร์)";
            }
            std::size_t first = value.find_first_not_of('0');
            std::string_view significant =
                first == std::string::npos ? "0" : std::string_view(value).substr(first);
            if (significant.size() > 6 || std::stoul(std::string(significant)) > max_jobs) {
                std::fprintf(stderr, "kmsite: note: --jobs %s is more than %u; using %u\n",
                             value.c_str(), max_jobs, max_jobs);
                value = std::to_string(max_jobs);
            }
            return {};
        },
        "JOBS");
}

void add_build_flags(CLI::App* cmd, kmsite::cli::BuildOptions& o) {
    cmd->add_option("--source,-s", o.source, "site folder (default: current directory)");
    cmd->add_option("--rev", o.rev, "build this Git revision's tree instead of the working tree");
    cmd->add_option("--out,-o", o.out, "output folder (default: <source>/public)");
    cmd->add_option("--base-url", o.base_url, "override site.yaml's base_url");
    cmd->add_option("--cache-dir", o.cache_dir,
                    "where processed images are kept between builds (default: "
                    "<source>/.kmsite-cache)");
    cmd->add_option("--jobs,-j", o.jobs, "worker threads, at most 256 (default 0: all cores)")
        ->transform(jobs_validator());
    cmd->add_flag("--drafts,-D", o.drafts, "include pages marked draft: true");
    cmd->add_flag("--quiet,-q", o.quiet, "print errors only");
    cmd->add_flag("--timings", o.timings, "print how long each stage took");
    cmd->add_flag("!--no-check", o.check, "skip the standards checker (kmsite check)");
    cmd->add_option_function<std::string>(
           "--precompress", [&o](const std::string& value) { o.precompress = value == "on"; },
           "on (default) or off: .gz and .br copies of text files over 1 KB beside them "
           "(also site.yaml's precompress:)")
        ->check(CLI::IsMember({"on", "off"}));
    cmd->add_option_function<std::vector<std::string>>(
           "--warnings",
           [&o](const std::vector<std::string>& rules) {
               for (const auto& r : rules) o.warnings_off.insert(r.substr(0, r.size() - 4));
           },
           "RULE:off turns off a warning rule the office accepts (also site.yaml's warnings:)")
        ->delimiter(',')
        ->check([](const std::string& value) -> std::string {
            constexpr std::string_view off = ":off";
            if (value.size() <= off.size() ||
                value.compare(value.size() - off.size(), off.size(), off) != 0)
                return "write --warnings=RULE:off, e.g. --warnings=table-caption:off";
            return kmsite::config::why_not_silenced(value.substr(0, value.size() - off.size()));
        });
}

}  // namespace

int main(int argc, char** argv) {
    // Past a file size limit (ulimit -f) write() should fail with EFBIG, which
    // the build reports as a storage error, instead of the signal killing the
    // process without a word.
    std::signal(SIGXFSZ, SIG_IGN);
    CLI::App app{"kmsite: static site generator for Thai government knowledge portals"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "kmsite 0.1.0");

    kmsite::cli::BuildOptions build;
    add_build_flags(app.add_subcommand("build", "build the site into public/"), build);

    kmsite::cli::ServeOptions serve;
    auto* serve_cmd = app.add_subcommand(
        "serve", "preview the site: build in memory, rebuild on every save, reload open pages");
    add_build_flags(serve_cmd, serve.build);
    serve_cmd->add_option("--port,-p", serve.port, "port (default 1313)")
        ->check(CLI::Range(1, 65535));
    serve_cmd->add_option("--bind", serve.bind, "address to listen on (default 127.0.0.1)");
    serve_cmd->add_flag("!--no-reload", serve.live_reload,
                        "do not make open pages reload after a rebuild");
    serve_cmd->add_flag("--open,-O", serve.open_browser, "open the home page in a browser");

    kmsite::cli::NewOptions create;
    auto* new_cmd = app.add_subcommand(
        "new",
        "start a page of a kind (kmsite new sop sop/backup) or a site (kmsite new site DIR)");
    new_cmd->add_option("kind", create.kind, "article, sop, plan, gallery, page, or site")
        ->required();
    new_cmd
        ->add_option("path", create.path,
                     "where in content/, e.g. sop/backup; or the new site's folder")
        ->required();
    new_cmd
        ->add_option("--languages", create.languages,
                     "a new site's languages: th, or th en (default)")
        ->delimiter(',');
    new_cmd->add_option("--source,-s", create.source, "site folder (default: current directory)");

    kmsite::cli::ThemeExportOptions theme_export;
    auto* theme_cmd = app.add_subcommand("theme", "the theme built into kmsite");
    theme_cmd->require_subcommand(1);
    auto* export_cmd = theme_cmd->add_subcommand(
        "export", "write the built-in theme's files out to edit (default: themes/default)");
    export_cmd->add_option("dir", theme_export.dir, "where to write them");
    export_cmd->add_flag("--force", theme_export.force, "replace files already there");

    kmsite::cli::CheckOptions check;
    auto* check_cmd =
        app.add_subcommand("check", "check a built site against WCAG 2.2 AA and DGA's standard");
    check_cmd->add_option("dir", check.dir, "the built site (default: public)");
    check_cmd->add_option("--format", check.format, "text or json");
    check_cmd
        ->add_option("--jobs,-j", check.jobs, "worker threads, at most 256 (default 0: all cores)")
        ->transform(jobs_validator());

    kmsite::cli::MergeOptions merge;
    auto* merge_cmd = app.add_subcommand(
        "merge",
        "combine built sites into one portal: the first site's pages, one search index over "
        "every site's pages, one sitemap index (kmsite merge public ../office-a/public ... "
        "--out portal)");
    merge_cmd->add_option("sites", merge.sites, "output folders of kmsite build, the host first")
        ->required();
    merge_cmd->add_option("--out,-o", merge.out, "where the merged portal goes")->required();
    merge_cmd
        ->add_option("--jobs,-j", merge.jobs, "worker threads, at most 256 (default 0: all cores)")
        ->transform(jobs_validator());
    merge_cmd->add_flag("--quiet,-q", merge.quiet, "print errors only");

    kmsite::cli::PublishOptions publish;
    auto* publish_cmd = app.add_subcommand(
        "publish",
        "publish a built site: git:BRANCH[@REMOTE], dir:PATH, rsync:[USER@]HOST:PATH "
        "(default: site.yaml's publish:)");
    publish_cmd->add_option("target", publish.target,
                            "git:BRANCH, git:BRANCH@REMOTE, dir:PATH, rsync:[USER@]HOST:PATH");
    publish_cmd->add_option("--source,-s", publish.source,
                            "site folder (default: current directory)");
    publish_cmd->add_option("--out,-o", publish.out,
                            "the built output folder (default: <source>/public)");
    publish_cmd->add_flag("--dry-run,-n", publish.dry_run,
                          "list what would change, change nothing");
    publish_cmd->add_option("--max-deletes", publish.max_deletes,
                            "refuse to remove more than N files from the target");
    publish_cmd->add_option("--message,-m", publish.message, "commit message (git: targets)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (app.got_subcommand("build")) return kmsite::cli::run_build(build);
    if (app.got_subcommand("new"))
        return create.kind == "site" ? kmsite::cli::run_new_site(create)
                                     : kmsite::cli::run_new(create);
    if (app.got_subcommand("check")) return kmsite::cli::run_check(check);
    if (app.got_subcommand("merge")) return kmsite::cli::run_merge(merge);
    if (app.got_subcommand("publish")) return kmsite::cli::run_publish(publish);
    if (app.got_subcommand("theme")) return kmsite::cli::run_theme_export(theme_export);
    return kmsite::cli::run_serve(serve);
}
