#include <cstdio>

#include "check/check.h"
#include "cli/commands.h"
#include "core/core.h"

namespace kmsite::cli {

int run_check(const CheckOptions& o) {
    if (o.format != "text" && o.format != "json") {
        std::fprintf(stderr, "kmsite: error: --format must be text or json\n");
        return 2;
    }
    try {
        check::Options options;
        options.dir = o.dir;
        options.jobs = o.jobs == 0 ? default_jobs() : o.jobs;
        auto findings = check::check_site(options);
        std::string out =
            o.format == "json" ? check::format_json(findings) : check::format_text(findings);
        std::fputs(out.c_str(), stdout);
        if (o.format == "text") {
            std::size_t errors = 0;
            for (const auto& f : findings) errors += f.level == check::Level::error;
            std::fprintf(stderr, "kmsite check: %zu error(s), %zu warning(s) in %s\n", errors,
                         findings.size() - errors, terminal_safe(o.dir).c_str());
        }
        return check::has_errors(findings) ? 1 : 0;
    } catch (const EnvironmentError& e) {
        std::fprintf(stderr, "kmsite: error: %s\n", terminal_safe(e.what()).c_str());
        return 2;
    }
}

}  // namespace kmsite::cli
