// What outlives a command: objects handed over to the end of the process.
#include <mutex>
#include <vector>

#include "core/core.h"

namespace kmsite {

void keep_until_exit(void* object) {
    static std::mutex mutex;
    static auto* kept = new std::vector<void*>;  // never freed, so never unreachable
    std::lock_guard lock(mutex);
    kept->push_back(object);
}

}  // namespace kmsite
