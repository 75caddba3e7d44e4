#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/core.h"
#include "deploy/internal.h"

extern char** environ;

namespace kmsite::deploy {

int run_program(const std::vector<std::string>& args, const char* package, std::string* output,
                const std::vector<std::string>* environment) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    if (environment) {
        for (const auto& e : *environment) envp.push_back(const_cast<char*>(e.c_str()));
        envp.push_back(nullptr);
    }
    int pipe_fds[2] = {-1, -1};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (output) {
        if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
            throw EnvironmentError("cannot run " + args[0] + ": " + std::strerror(errno));
        posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    }
    pid_t pid = 0;
    int err = ::posix_spawnp(&pid, args[0].c_str(), &actions, nullptr, argv.data(),
                             environment ? envp.data() : environ);
    posix_spawn_file_actions_destroy(&actions);
    if (output) ::close(pipe_fds[1]);
    if (err != 0) {
        if (output) ::close(pipe_fds[0]);
        throw EnvironmentError("cannot run " + args[0] + ": " + std::strerror(err) +
                               "; install it (apt install " + package + ") / เรียกใช้ " + args[0] +
                               " ไม่ได้ ให้ติดตั้งด้วย apt install " + package);
    }
    if (output) {
        char buffer[65536];
        for (;;) {
            ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            output->append(buffer, static_cast<std::size_t>(n));
        }
        ::close(pipe_fds[0]);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace kmsite::deploy
