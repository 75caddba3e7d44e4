#include "emit/internal.h"

namespace kmsite::emit {

OutputDir::OutputDir(FileSink& sink, Diagnostics& diagnostics, const site::OutputClaims* claims,
                     const FileHook* on_file)
    : sink_(sink), diagnostics_(diagnostics), claims_(claims), on_file_(on_file) {}

bool OutputDir::check(const std::string& rel_path, std::string* normal_out) {
    auto normal = normalize_relative(rel_path);
    if (!normal || normal->empty() || *normal != rel_path) {
        diagnostics_.error(rel_path, 0, 0, "path-escape",
                           "refusing to write outside the output directory");
        return false;
    }
    if (claims_ && !claims_->owner(*normal)) {
        diagnostics_.error(rel_path, 0, 0, "output-unclaimed",
                           "internal error: this output file was not claimed before writing "
                           "(please report this)");
        return false;
    }
    if (has_hidden_segment(*normal)) {  // .kmsite-manifest and the like are the writer's own
        diagnostics_.error(rel_path, 0, 0, "path-escape", "refusing to write a hidden file");
        return false;
    }
    *normal_out = std::move(*normal);
    return true;
}

bool OutputDir::write(const std::string& rel_path, std::string_view data) {
    std::string normal;
    if (!check(rel_path, &normal)) return false;
    if (on_file_ && on_file_->made) on_file_->made(normal, data);
    // A full or broken disk throws EnvironmentError: one message, not one per file.
    sink_.put(normal, data);
    std::lock_guard lock(mutex_);
    written_.insert(std::move(normal));
    return true;
}

bool OutputDir::write(const std::string& rel_path, std::shared_ptr<const std::string> data) {
    std::string normal;
    if (!check(rel_path, &normal)) return false;
    if (on_file_ && on_file_->made) on_file_->made(normal, *data);
    sink_.put_shared(normal, std::move(data));
    std::lock_guard lock(mutex_);
    written_.insert(std::move(normal));
    return true;
}

bool OutputDir::keep(const std::string& rel_path, const Digest& digest) {
    std::string normal;
    if (!check(rel_path, &normal)) return false;
    // The sink first: if it keeps the file but the hook cannot do without its
    // bytes, the caller's put() replaces what the sink planned.
    if (!sink_.keep(normal, digest)) return false;
    if (on_file_ && on_file_->made && !(on_file_->kept && on_file_->kept(normal, digest)))
        return false;
    std::lock_guard lock(mutex_);
    written_.insert(std::move(normal));
    return true;
}

bool OutputDir::exists(const std::string& rel_path) const {
    std::lock_guard lock(mutex_);
    return written_.count(rel_path) > 0;
}

std::vector<std::string> OutputDir::files() const {
    std::lock_guard lock(mutex_);
    return {written_.begin(), written_.end()};
}

std::size_t OutputDir::count() const {
    std::lock_guard lock(mutex_);
    return written_.size();
}

std::string encode_url(const std::string& url) {
    return percent_encode(url, R"("<>\^`{|})");
}

}  // namespace kmsite::emit
