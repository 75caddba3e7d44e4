#include <chrono>
#include <cstdio>
#include <filesystem>

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
        std::fprintf(stderr, "%s\n", d.format().c_str());
    }
}

int fail(const Diagnostics& diagnostics, const BuildOptions& o, const std::string& out) {
    print(diagnostics, o.quiet);
    std::fprintf(stderr,
                 "kmsite: build failed with %zu error(s), %zu warning(s); %s was left unchanged\n",
                 diagnostics.error_count(), diagnostics.warning_count(), out.c_str());
    return 1;
}

}  // namespace

int run_build(const BuildOptions& o) {
    auto started = std::chrono::steady_clock::now();
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
        auto content = content::load_content(tree, config, {o.drafts, jobs}, diagnostics);
        auto site = site::build_site(std::move(config), std::move(content), diagnostics);
        render::Renderer renderer(site, tree, jobs, diagnostics);
        if (diagnostics.has_errors()) return fail(diagnostics, o, out);

        publish::Staging staging(out);
        auto stats = emit::emit_site(site, renderer, tree, staging.path(), jobs, diagnostics);
        if (diagnostics.has_errors()) return fail(diagnostics, o, out);
        staging.commit();
        print(diagnostics, o.quiet);
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!o.quiet) {
            std::printf(
                "kmsite: built %zu pages (%zu files) into %s in %.2f s with %u jobs, %zu "
                "warning(s)\n",
                stats.documents, stats.files, out.c_str(), seconds, jobs,
                diagnostics.warning_count());
        }
        return 0;
    } catch (const EnvironmentError& e) {
        print(diagnostics, o.quiet);
        std::fprintf(stderr, "kmsite: error: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        // A bug, not bad input: say so plainly. The staging directory has been
        // removed on the way out and the previous output is untouched.
        print(diagnostics, o.quiet);
        std::fprintf(stderr, "kmsite: internal error: %s (please report this)\n", e.what());
        return 2;
    }
}

}  // namespace kmsite::cli
