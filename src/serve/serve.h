// serve: `kmsite serve`. Builds the site in memory with build::Builder,
// serves it from memory (never from or into public/, so drafts and the
// reload script never reach a deploy), watches content/, site-config/ and
// themes/, rebuilds what changed, and makes open pages reload by themselves
// (Server-Sent Events). A build error keeps the last good site and shows
// every error, file:line:col, over the page until it is fixed.
#pragma once

#include <string>

#include <functional>

#include "build/build.h"

namespace kmsite::serve {

struct Options {
    build::Options build;
    std::string bind = "127.0.0.1";
    int port = 1313;
    bool base_url_given = false;  // else pages link to http://<bind>:<port>/
    bool watch = true;            // rebuild on changes (not with --rev)
    bool live_reload = true;      // inject the reload script
    bool open_browser = false;    // xdg-open the home page once serving
    bool quiet = false;
    bool timings = false;  // each build's stage timings and reuse counts
};

// Runs until interrupted. Exit codes: 2 when the port cannot be had or the
// site cannot be read at all; build errors never end the server.
// `timings_line` formats build::Stats for --timings (the CLI's own format).
int run(Options options, const std::function<std::string(const build::Stats&)>& timings_line = {});

}  // namespace kmsite::serve
