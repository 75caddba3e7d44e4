// `kmsite build`: flags in, build::Builder once, the output folder written
// where bytes changed, and what happened printed.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "build/build.h"
#include "cli/commands.h"
#include "publish/publish.h"

namespace kmsite::cli {

build::Options builder_options(const BuildOptions& o) {
    build::Options b;
    b.source = o.source;
    b.rev = o.rev;
    b.base_url = o.base_url;
    b.cache_dir = o.cache_dir;
    b.jobs = o.jobs;
    b.drafts = o.drafts;
    b.check = o.check;
    b.warnings_off = o.warnings_off;
    b.precompress = o.precompress;
    return b;
}

std::string timings_line(const build::Stats& s) {
    std::string line = "kmsite: timings:";
    char buf[256];
    for (std::size_t i = 0; i < s.timings.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s %s %.3f s", i ? "," : "", s.timings[i].stage,
                      s.timings[i].seconds);
        line += buf;
    }
    std::snprintf(buf, sizeof buf, "; total %.3f s\n", s.total_seconds);
    line += buf;
    std::snprintf(buf, sizeof buf,
                  "kmsite: reused: pages parsed %zu, reused %zu; rendered %zu, reused %zu; ",
                  s.pages_parsed, s.pages_reused, s.rendered, s.render_reused);
    line += buf;
    std::snprintf(buf, sizeof buf,
                  "search analysed %zu, reused %zu, chunks made %zu, kept %zu; checked %zu, reused "
                  "%zu, links of %zu kept; ",
                  s.indexed, s.index_reused, s.chunks_made, s.chunks_kept, s.checked,
                  s.check_reused, s.links_reused);
    line += buf;
    std::snprintf(buf, sizeof buf, "images made %zu, reused %zu\n", s.images_made, s.images_reused);
    return line + buf;
}

namespace {

// A one-line progress report on a terminal, redrawn a few times a second
// while a build runs: the stage in Thai and English, and how far it is when
// it counts. Nothing at all when stderr is not a terminal (a log, CI), and
// nothing for a build quicker than a second.
class ProgressLine {
  public:
    ProgressLine(const build::Progress& progress, bool enabled) : progress_(progress) {
        if (!enabled || !::isatty(STDERR_FILENO)) return;
        // KMSITE_PROGRESS_TEST=1 draws at once and often: the pty test sees
        // every stage of a small site without a build that takes seconds.
        if (const char* test = std::getenv("KMSITE_PROGRESS_TEST"); test && *test == '1') {
            delay_ = std::chrono::milliseconds(0);
            every_ = std::chrono::milliseconds(2);
        }
        thread_ = std::thread([this] { run(); });
    }
    ~ProgressLine() { stop(); }
    void stop() {
        if (!thread_.joinable()) return;
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        wake_.notify_all();
        thread_.join();
        if (drawn_) std::fputs("\r\033[K", stderr);
    }

  private:
    struct Label {
        std::string_view stage;
        const char* text;
    };
    static constexpr Label labels[] = {
        {"source", "อ่านไฟล์ / reading files"},  {"content", "อ่านหน้า / reading pages"},
        {"images", "ทำภาพ / making pictures"}, {"pages", "เขียนหน้า / writing pages"},
        {"check", "ตรวจมาตรฐาน / checking"},
    };

    void draw() {
        const char* stage = progress_.stage.load();
        const char* text = stage;
        for (const auto& l : labels)
            if (l.stage == stage) text = l.text;
        std::size_t total = progress_.total, done = std::min<std::size_t>(progress_.done, total);
        if (total > 0)
            std::fprintf(stderr, "\r\033[Kkmsite: %s %zu/%zu (%zu%%)", text, done, total,
                         done * 100 / total);
        else
            std::fprintf(stderr, "\r\033[Kkmsite: %s...", text);
        std::fflush(stderr);
        drawn_ = true;
    }

    void run() {
        std::unique_lock lock(mutex_);
        if (wake_.wait_for(lock, delay_, [&] { return done_; })) return;
        do draw();
        while (!wake_.wait_for(lock, every_, [&] { return done_; }));
    }

    const build::Progress& progress_;
    std::chrono::milliseconds delay_{1000}, every_{200};
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool done_ = false, drawn_ = false;
};

// What the last successful build into an output was made from, kept in the
// cache folder: when the inputs are the same and the output is as it left
// it, there is nothing to do (and its warnings are shown again). Anything
// unreadable, from another output or another kmsite binary is ignored.
struct LastBuild {
    Digest input, manifest;
    std::string out;
    std::string warnings;  // as printed
};
constexpr std::string_view last_build_header = "kmsite last build v1\n";

std::optional<LastBuild> read_last_build(const std::string& path) {
    auto text = read_file(path);
    if (!text || text->rfind(last_build_header, 0) != 0) return std::nullopt;
    std::size_t at = last_build_header.size();
    auto line = [&](std::string_view key) -> std::optional<std::string> {
        std::size_t end = text->find('\n', at);
        if (end == std::string::npos) return std::nullopt;
        std::string_view l(text->data() + at, end - at);
        at = end + 1;
        if (l.substr(0, key.size() + 1) != std::string(key) + " ") return std::nullopt;
        return std::string(l.substr(key.size() + 1));
    };
    LastBuild b;
    auto input = line("input"), manifest = line("manifest"), out = line("out");
    if (!input || !manifest || !out) return std::nullopt;
    auto i = Digest::from_hex(*input), m = Digest::from_hex(*manifest);
    if (!i || !m) return std::nullopt;
    b.input = *i;
    b.manifest = *m;
    b.out = *out;
    b.warnings = text->substr(at);
    return b;
}

std::string absolute_path(const std::string& p) {
    std::error_code ec;
    auto a = std::filesystem::weakly_canonical(std::filesystem::absolute(p), ec);
    return ec ? p : a.string();
}

}  // namespace

int run_build(const BuildOptions& o) {
    auto started = std::chrono::steady_clock::now();
    std::string out = o.out.value_or((std::filesystem::path(o.source) / "public").string());
    return guarded([&] {
        publish::check_output_path(out, o.source);
        build::Options options = builder_options(o);
        build::CacheFolder cache = build::cache_folder(options);
        const std::string& cache_dir = cache.path;
        std::string last_path = cache_dir + "/last-build";
        auto writer_ptr = std::make_unique<publish::OutputWriter>(out);
        publish::OutputWriter& writer = *writer_ptr;
        // (A cache folder that Git tracks is not read: the Builder warns.)
        std::optional<LastBuild> last;
        if (cache.usable) last = read_last_build(last_path);
        if (last && last->out == absolute_path(out) && last->manifest == writer.manifest_digest())
            options.unchanged_key = last->input;
        // The record is rewritten after each commit. A build killed before
        // that leaves the old record, which no longer matches: the manifest
        // and the journal of a commit (publish::pending_name) read together
        // differ from the manifest it names.
        options.keep = false;  // one build: nothing to keep in memory for
        auto builder = std::make_unique<build::Builder>(options);
        build::Progress progress;
        ProgressLine line(progress, !o.quiet);
        build::Result result = builder->build(writer, &progress);
        // The inputs are the last build's; so is the output only if every
        // file it lists is on disk as kmsite left it (one lstat each, paid
        // only here). If not, a whole build repairs it.
        if (result.status == build::Status::unchanged && !writer.intact()) {
            options.unchanged_key.reset();
            builder = std::make_unique<build::Builder>(options);
            result = builder->build(writer, &progress);
        }
        line.stop();
        // Warnings of both kinds, content and check, are counted alike (a
        // build once printed thousands of check warnings, then "0 warning(s)").
        build::Report said = build::report(result, {o.quiet});
        std::fputs(said.errors.c_str(), stderr);
        if (result.status == build::Status::unchanged) {
            if (!o.quiet) std::fputs(last->warnings.c_str(), stderr);
            double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            if (o.timings) std::fputs(timings_line(result.stats).c_str(), stderr);
            if (!o.quiet)
                std::printf(
                    "kmsite: nothing changed since the last build; %s is up to date (%.2f s)\n",
                    terminal_safe(out).c_str(), seconds);
            return 0;
        }
        std::fputs(said.warnings.c_str(), stderr);
        if (result.status == build::Status::failed) {
            std::fprintf(stderr,
                         "kmsite: build failed with %zu error(s), %zu warning(s); %s was left "
                         "unchanged / สร้างเว็บไซต์ไม่สำเร็จ\n",
                         said.error_count, said.warning_count, terminal_safe(out).c_str());
            return 1;
        }
        if (result.status == build::Status::check_failed) {
            std::fprintf(stderr,
                         "kmsite: the built site fails the standards check with %zu error(s), "
                         "%zu warning(s) (see above; --no-check skips it); %s was left "
                         "unchanged / เว็บไซต์ไม่ผ่านการตรวจมาตรฐาน\n",
                         said.error_count, said.warning_count, terminal_safe(out).c_str());
            return 1;
        }
        auto commit_started = std::chrono::steady_clock::now();
        // The .gz and .br copies are made here, of the files that changed.
        writer.precompress(result.precompress, o.jobs);
        publish::WriteStats written = writer.commit();
        // Committed: the process ends soon, with nothing left to undo.
        // (A builder with a private cache folder removes it when it goes.)
        if (cache.usable)
            keep_until_exit(std::move(builder));
        else
            builder->leave_to_exit();
        keep_until_exit(std::move(writer_ptr));
        // Record what this output was made from, for the next build.
        if (auto manifest = read_file(out + "/" + publish::manifest_name);
            manifest && cache.usable) {
            make_directories(cache_dir);
            std::string tmp = last_path + ".tmp";
            if (write_file(tmp, std::string(last_build_header) + "input " + result.input_key.hex() +
                                    "\nmanifest " + digest(*manifest).hex() + "\nout " +
                                    absolute_path(out) + "\n" +
                                    (o.quiet ? build::report(result).warnings : said.warnings)))
                ::rename(tmp.c_str(), last_path.c_str());
        }
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (o.timings) {
            auto& s = result.stats;
            s.timings.push_back({"write", std::chrono::duration<double>(
                                              std::chrono::steady_clock::now() - commit_started)
                                              .count()});
            s.total_seconds = seconds;
            std::fputs(timings_line(s).c_str(), stderr);
            std::fprintf(stderr,
                         "kmsite: output: %zu written, %zu unchanged, %zu removed; .gz/.br "
                         "copies %zu, made %zu\n",
                         written.written, written.unchanged, written.removed, written.copies,
                         written.copies_made);
        }
        if (!o.quiet) {
            std::printf(
                "kmsite: built %zu pages (%zu files: %zu written, %zu unchanged, %zu removed) "
                "into %s in %.2f s with %u jobs, %zu warning(s)\n",
                result.stats.documents, written.written + written.unchanged, written.written,
                written.unchanged, written.removed, terminal_safe(out).c_str(), seconds,
                o.jobs == 0 ? default_jobs() : o.jobs, said.warning_count);
            if (written.copies > 0)
                std::printf(
                    "kmsite: %zu of the files are .gz/.br copies of text files: %zu made, %zu "
                    "kept / สำเนาบีบอัด .gz/.br ของไฟล์ข้อความ %zu ไฟล์ (ทำใหม่ %zu)\n",
                    written.copies, written.copies_made, written.copies - written.copies_made,
                    written.copies, written.copies_made);
            if (result.stats.images_made + result.stats.images_reused > 0) {
                std::printf("kmsite: %zu gallery images: %zu made, %zu from the cache\n",
                            result.stats.images_made + result.stats.images_reused,
                            result.stats.images_made, result.stats.images_reused);
            }
        }
        return 0;
    });
}

}  // namespace kmsite::cli
