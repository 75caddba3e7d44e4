// `kmsite serve`: flags in, serve::run (src/serve) does the rest.
#include "build/build.h"
#include "cli/commands.h"
#include "serve/serve.h"

namespace kmsite::cli {

build::Options builder_options(const BuildOptions& o);
std::string timings_line(const build::Stats& s);

int run_serve(ServeOptions o) {
    serve::Options s;
    s.build = builder_options(o.build);
    s.bind = o.bind;
    s.port = o.port;
    s.base_url_given = o.build.base_url.has_value();
    s.watch = !o.build.rev.has_value();
    s.live_reload = o.live_reload;
    s.open_browser = o.open_browser;
    s.quiet = o.build.quiet;
    s.timings = o.build.timings;
    return serve::run(std::move(s), timings_line);
}

}  // namespace kmsite::cli
