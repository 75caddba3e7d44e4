#include <atomic>
#include <exception>
#include <thread>

#include "core/core.h"

namespace kmsite {

unsigned default_jobs() {
    unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : n;
}

void parallel_for(std::size_t count, unsigned jobs,
                  const std::function<void(std::size_t, unsigned)>& body) {
    if (jobs <= 1 || count <= 1) {
        for (std::size_t i = 0; i < count; ++i) body(i, 0);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto run = [&](unsigned worker) {
        try {
            for (std::size_t i; (i = next.fetch_add(1)) < count;) body(i, worker);
        } catch (...) {
            std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next = count;
        }
    };
    unsigned threads = static_cast<unsigned>(std::min<std::size_t>(jobs, count));
    std::vector<std::thread> pool;
    for (unsigned w = 1; w < threads; ++w) pool.emplace_back(run, w);
    run(0);
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace kmsite
