#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "check/check.h"
#include "cli/commands.h"
#include "config/config.h"
#include "content/content.h"
#include "emit/emit.h"
#include "publish/publish.h"
#include "render/render.h"
#include "site/site.h"
#include "source/source.h"

namespace kmsite::cli {

namespace {

void print(const Diagnostics& diagnostics, bool quiet) {
    for (const auto& d : diagnostics.sorted()) {
        if (quiet && d.severity == Severity::warning) continue;
        std::fprintf(stderr, "%s\n", d.format().c_str());  // format() escapes author text
    }
}

int fail(const Diagnostics& diagnostics, const BuildOptions& o, const std::string& out) {
    print(diagnostics, o.quiet);
    std::fprintf(
        stderr, "kmsite: build failed with %zu error(s), %zu warning(s); %s was left unchanged\n",
        diagnostics.error_count(), diagnostics.warning_count(), terminal_safe(out).c_str());
    return 1;
}

}  // namespace

// Replaces the placeholder /compliance/ page with the checker's results.
void write_report(render::Renderer& renderer, const site::Site& site, const std::string& dir,
                  const std::vector<check::Finding>& findings) {
    auto summary = check::summarize(findings);
    render::Report report;
    report.checked = true;
    report.errors = summary.errors;
    report.warnings = summary.warnings;
    auto convert = [](const std::vector<check::Control>& controls) {
        std::vector<render::ReportRow> rows;
        for (const auto& c : controls) {
            const char* status = c.status == check::Status::passed   ? "passed"
                                 : c.status == check::Status::failed ? "failed"
                                                                     : "manual";
            rows.push_back({c.id, c.title, status, c.note, c.pages});
        }
        return rows;
    };
    report.dga = convert(summary.dga);
    report.wcag = convert(summary.wcag);
    renderer.set_report(std::move(report));
    for (const auto& doc : site.documents) {
        if (doc.kind == site::DocKind::compliance) {
            std::string file = site::Site::output_file(doc.url);
            if (!write_file(dir + "/" + file, renderer.render(doc, 0), false)) {
                int err = errno;
                if (is_storage_error(err)) throw_storage_error(file, err);
                throw EnvironmentError("cannot write " + file + ": " + std::strerror(err));
            }
        }
    }
}

// Wall time of each stage, printed with --timings.
class StageClock {
  public:
    double lap() {
        auto now = std::chrono::steady_clock::now();
        double s = std::chrono::duration<double>(now - last_).count();
        last_ = now;
        return s;
    }
    double total() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }

  private:
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_ = start_;
};

check::Options check_options(const site::Site& site, const std::string& dir, unsigned jobs) {
    check::Options options{dir, jobs};
    if (!site.config.required_links.empty()) {
        options.required_links.clear();
        for (const auto& [name, words] : site.config.required_links)
            options.required_links.push_back({name, words});
    }
    return options;
}

// Gallery pictures, made (or taken from the cache) before pages are rendered,
// since pages carry their sizes.
images::Result make_pictures(site::Site& site, const source::SourceTree& tree,
                             const BuildOptions& o, unsigned jobs, Diagnostics& diagnostics) {
    auto picture_jobs = site.picture_jobs();
    images::Options options;
    options.cache_dir =
        o.cache_dir.value_or((std::filesystem::path(o.source) / ".kmsite-cache").string()) +
        "/images";
    options.jobs = jobs;
    auto result = images::make_pictures(picture_jobs, tree, options, diagnostics);
    for (std::size_t i = 0; i < picture_jobs.size(); ++i)
        site.pictures.emplace(picture_jobs[i].source_path, std::move(result.pictures[i]));
    return result;
}

int run_build(const BuildOptions& o) {
    StageClock clock;
    unsigned jobs = o.jobs == 0 ? default_jobs() : o.jobs;
    std::string out = o.out.value_or((std::filesystem::path(o.source) / "public").string());
    Diagnostics diagnostics;
    try {
        publish::check_output_path(out, o.source);
        source::SourceOptions source_options;
        source_options.root = o.source;
        source_options.rev = o.rev;
        auto tree = source::load_source(source_options, diagnostics);
        auto config = config::load_config(tree, diagnostics);
        if (o.base_url && !config::set_base_url(config, *o.base_url)) {
            throw EnvironmentError("--base-url must look like https://km.example.go.th/");
        }
        double t_source = clock.lap();
        auto content = content::load_content(tree, config, {o.drafts, jobs}, diagnostics);
        double t_content = clock.lap();
        auto site = site::build_site(std::move(config), std::move(content), diagnostics);
        double t_site = clock.lap();
        auto pictures = make_pictures(site, tree, o, jobs, diagnostics);
        double t_images = clock.lap();
        render::Renderer renderer(site, tree, jobs, diagnostics);
        // The last output claims (site::OutputClaims), before anything is written.
        for (const auto& f : renderer.static_files())
            site.outputs.claim(f.url, f.source_path, diagnostics);
        site.claim_pictures(diagnostics);
        if (diagnostics.has_errors()) return fail(diagnostics, o, out);

        publish::Staging staging(out);
        // The standards checker scans each page as it is rendered and then
        // the finished output as a whole, as a webmaster's `kmsite check`
        // would; its errors keep the build from being published.
        check::Checker checker(check_options(site, staging.path(), jobs));
        emit::PageHook scan_page;
        if (o.check)
            scan_page = [&](const std::string& file, std::string_view html) {
                checker.scan(file, html);
            };
        auto stats =
            emit::emit_site(site, renderer, tree, staging.path(), jobs, diagnostics, scan_page);
        double t_emit = clock.lap();
        if (diagnostics.has_errors()) return fail(diagnostics, o, out);
        double t_check = 0;
        if (o.check) {
            checker.set_files(stats.written);
            auto findings = checker.finish();
            t_check = clock.lap();
            for (const auto& f : findings) {
                if (o.quiet && f.level == check::Level::warning) continue;
                std::fputs(check::format_text({f}).c_str(), stderr);
            }
            if (check::has_errors(findings)) {
                std::fprintf(stderr,
                             "kmsite: the built site fails the standards check (see above; "
                             "--no-check skips it); %s was left unchanged\n",
                             terminal_safe(out).c_str());
                return 1;
            }
            write_report(renderer, site, staging.path(), findings);
        }
        staging.commit(stats.written);
        double t_publish = clock.lap();
        print(diagnostics, o.quiet);
        if (o.timings) {
            std::fprintf(
                stderr,
                "kmsite: timings: source %.3f s, content %.3f s, site %.3f s, images %.3f s "
                "(%zu made, %zu from cache), pages %.3f s, "
                "search index %.3f s (%zu pages), other output %.3f s, check %.3f s, publish %.3f "
                "s\n",
                t_source, t_content, t_site, t_images, pictures.processed, pictures.reused,
                stats.pages_seconds, stats.search_seconds, stats.indexed,
                t_emit - stats.pages_seconds - stats.search_seconds, t_check, t_publish);
        }
        if (!o.quiet) {
            std::printf(
                "kmsite: built %zu pages (%zu files) into %s in %.2f s with %u jobs, %zu "
                "warning(s)\n",
                stats.documents, stats.files, terminal_safe(out).c_str(), clock.total(), jobs,
                diagnostics.warning_count());
            if (!pictures.pictures.empty()) {
                std::printf("kmsite: %zu gallery images: %zu made, %zu from the cache\n",
                            pictures.pictures.size(), pictures.processed, pictures.reused);
            }
        }
        return 0;
    } catch (const EnvironmentError& e) {
        print(diagnostics, o.quiet);
        std::fprintf(stderr, "kmsite: error: %s\n", terminal_safe(e.what()).c_str());
        return 2;
    } catch (const std::exception& e) {
        // A bug, not bad input: say so plainly. The staging directory has been
        // removed on the way out and the previous output is untouched.
        print(diagnostics, o.quiet);
        std::fprintf(stderr, "kmsite: internal error: %s (please report this)\n",
                     terminal_safe(e.what()).c_str());
        return 2;
    }
}

}  // namespace kmsite::cli
