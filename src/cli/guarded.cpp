#include <cstdio>

#include "cli/commands.h"
#include "core/core.h"

namespace kmsite::cli {

int guarded(const std::function<int()>& body) {
    try {
        return body();
    } catch (const EnvironmentError& e) {
        std::fprintf(stderr, "kmsite: error: %s\n", terminal_safe(e.what()).c_str());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kmsite: internal error: %s (please report this)\n",
                     terminal_safe(e.what()).c_str());
        return 2;
    }
}

}  // namespace kmsite::cli
