#include <algorithm>
#include <tuple>

#include "core/core.h"

namespace kmsite {

std::string Diagnostic::format() const {
    // Paths and messages carry author text (file names, titles): printed
    // through terminal_safe so that neither can forge a line or send escapes.
    std::string out = path.empty() ? std::string("kmsite") : terminal_safe(path);
    if (line > 0) {
        out += ':' + std::to_string(line) + ':' + std::to_string(col > 0 ? col : 1);
    }
    out += severity == Severity::error ? ": error: " : ": warning: ";
    out += terminal_safe(message);
    out += " [" + terminal_safe(rule) + "]";
    return out;
}

void Diagnostics::report(Diagnostic d) {
    std::lock_guard lock(mutex_);
    items_.push_back(std::move(d));
}

void Diagnostics::error(std::string path, int line, int col, RuleId rule, std::string message) {
    report({std::move(path), line, col, Severity::error, std::string(rule.id()), std::move(message)});
}

void Diagnostics::warning(std::string path, int line, int col, RuleId rule,
                          std::string message) {
    report(
        {std::move(path), line, col, Severity::warning, std::string(rule.id()), std::move(message)});
}

std::size_t Diagnostics::error_count() const {
    std::lock_guard lock(mutex_);
    return std::count_if(items_.begin(), items_.end(),
                         [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::size_t Diagnostics::warning_count() const {
    std::lock_guard lock(mutex_);
    return std::count_if(items_.begin(), items_.end(),
                         [](const Diagnostic& d) { return d.severity == Severity::warning; });
}

bool Diagnostics::has_errors() const {
    return error_count() > 0;
}

std::vector<Diagnostic> Diagnostics::sorted() const {
    std::vector<Diagnostic> copy;
    {
        std::lock_guard lock(mutex_);
        copy = items_;
    }
    auto key = [](const Diagnostic& d) {
        return std::tie(d.path, d.line, d.col, d.rule, d.message);
    };
    std::sort(copy.begin(), copy.end(),
              [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
    copy.erase(std::unique(copy.begin(), copy.end(),
                           [&](const Diagnostic& a, const Diagnostic& b) {
                               return key(a) == key(b) && a.severity == b.severity;
                           }),
               copy.end());
    return copy;
}

}  // namespace kmsite
