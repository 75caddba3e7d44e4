#include <chrono>
#include <cstdio>

#include "cli/commands.h"
#include "merge/merge.h"
#include "publish/publish.h"

namespace kmsite::cli {

int run_merge(const MergeOptions& o) {
    auto started = std::chrono::steady_clock::now();
    return guarded([&] {
        for (const auto& site : o.sites) {
            publish::check_output_path(o.out, site);
            publish::check_output_apart(o.out, site);
        }
        publish::OutputWriter writer(o.out);
        merge::Options options;
        options.sites = o.sites;
        options.jobs = o.jobs == 0 ? default_jobs() : o.jobs;
        Diagnostics diagnostics;
        merge::Result result = merge::merge_sites(options, writer, diagnostics);
        for (const auto& d : diagnostics.sorted()) std::fprintf(stderr, "%s\n", d.format().c_str());
        if (diagnostics.has_errors()) {
            std::fprintf(stderr,
                         "kmsite: merge failed with %zu error(s); %s was left unchanged / "
                         "การรวมเว็บไซต์ไม่สำเร็จ โฟลเดอร์ผลลัพธ์ไม่ถูกเปลี่ยน\n",
                         diagnostics.error_count(), terminal_safe(o.out).c_str());
            return 1;
        }
        writer.precompress(result.precompressed, options.jobs);
        publish::WriteStats written = writer.commit();
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!o.quiet) {
            for (const auto& s : result.sites)
                std::printf("kmsite: %6zu pages  %s  %s\n", s.docs, terminal_safe(s.url).c_str(),
                            terminal_safe(s.title).c_str());
            std::printf(
                "kmsite: merged %zu sites into %s in %.2f s: %zu pages in one search index, "
                "%zu sitemaps in sitemap.xml (%zu files written, %zu unchanged, %zu removed) / "
                "รวม %zu เว็บไซต์แล้ว ค้นหาได้ %zu หน้า\n",
                result.sites.size(), terminal_safe(o.out).c_str(), seconds, result.documents,
                result.sitemaps, written.written, written.unchanged, written.removed,
                result.sites.size(), result.documents);
        }
        return 0;
    });
}

}  // namespace kmsite::cli
