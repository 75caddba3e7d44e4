// What the *_perftest programs share: their input, the Markdown files of the
// paths given (a folder is walked, in path order), and a clock.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/core.h"

namespace kmsite::perftest {

// The bytes of every .md file under `paths`; exits with a message when one
// cannot be read or none is found.
inline std::vector<std::string> markdown_inputs(const char* program, int argc, char** argv) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        if (!fs::is_directory(argv[i], ec)) {
            files.emplace_back(argv[i]);
            continue;
        }
        for (const auto& e : fs::recursive_directory_iterator(argv[i], ec))
            if (e.is_regular_file() && e.path().extension() == ".md") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> texts;
    for (const auto& f : files) {
        auto bytes = read_file(f);
        if (!bytes) {
            std::fprintf(stderr, "%s: cannot read %s\n", program, f.c_str());
            std::exit(2);
        }
        texts.push_back(std::move(*bytes));
    }
    if (texts.empty()) {
        std::fprintf(stderr, "usage: %s FOLDER|FILE.md... (no Markdown files found)\n", program);
        std::exit(2);
    }
    return texts;
}

inline double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

inline std::size_t total_bytes(const std::vector<std::string>& texts) {
    std::size_t n = 0;
    for (const auto& t : texts) n += t.size();
    return n;
}

}  // namespace kmsite::perftest
