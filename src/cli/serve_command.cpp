#include <httplib.h>

#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "core/core.h"

namespace kmsite::cli {

int run_serve(ServeOptions o) {
    std::string out =
        o.build.out.value_or((std::filesystem::path(o.build.source) / "public").string());
    o.build.out = out;
    if (int code = run_build(o.build); code != 0) return code;

    httplib::Server server;
    if (!server.set_mount_point("/", out)) {
        std::fprintf(stderr, "kmsite: error: cannot serve %s\n", out.c_str());
        return 2;
    }
    server.set_file_extension_and_mimetype_mapping("xml", "application/xml; charset=utf-8");
    server.set_file_extension_and_mimetype_mapping("html", "text/html; charset=utf-8");
    server.set_error_handler([out](const httplib::Request&, httplib::Response& res) {
        if (res.status != 404) return;
        if (auto page = read_file(out + "/404.html"))
            res.set_content(*page, "text/html; charset=utf-8");
    });
    std::printf("kmsite: serving %s at http://%s:%d/ (Ctrl+C to stop)\n", out.c_str(),
                o.bind.c_str(), o.port);
    std::fflush(stdout);
    if (!server.listen(o.bind, o.port)) {
        std::fprintf(stderr, "kmsite: error: cannot listen on %s:%d\n", o.bind.c_str(), o.port);
        return 2;
    }
    return 0;
}

}  // namespace kmsite::cli
