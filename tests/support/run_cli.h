#pragma once
// Runs oversub-cli (or any program) as a child process for end-to-end tests:
// feeds stdin, collects stdout and stderr and the exit status. Uses
// posix_spawn and reads both pipes with poll(), so a child that writes a lot
// to either stream (or ignores its stdin) cannot deadlock the test.
//
//   auto r = oversub::test::runCli({"topology", "--json"});
//   EXPECT_EQ(r.exitStatus, 0);

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace oversub::test {

struct CliResult {
    int exitStatus = -1; // WEXITSTATUS, or 128 + signal number, or -1 on timeout
    std::string out, err;
};

namespace detail {

inline void closeFd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// The environment of this process with every KEY named in `extra` ("KEY=value")
// replaced by the given value.
inline std::vector<std::string> mergedEnvironment(const std::vector<std::string>& extra) {
    std::vector<std::string> env;
    for (char** e = environ; e && *e; ++e) {
        std::string entry = *e;
        const std::string key = entry.substr(0, entry.find('='));
        bool overridden = false;
        for (const auto& x : extra)
            if (x.substr(0, x.find('=')) == key) overridden = true;
        if (!overridden) env.push_back(std::move(entry));
    }
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
}

inline std::vector<char*> cStrings(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

} // namespace detail

// Runs `program` with `args` (not including argv[0]); `extraEnv` entries are
// "KEY=value" and override the inherited environment. The child is killed
// (SIGKILL) after `timeoutMs`; exitStatus is then -1.
inline CliResult runProgram(const std::string& program, const std::vector<std::string>& args,
                            const std::string& stdinText = "", const std::vector<std::string>& extraEnv = {},
                            int timeoutMs = 120000) {
    int inPipe[2], outPipe[2], errPipe[2];
    if (::pipe2(inPipe, O_CLOEXEC) != 0 || ::pipe2(outPipe, O_CLOEXEC) != 0 || ::pipe2(errPipe, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("runProgram: pipe: ") + std::strerror(errno));

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, inPipe[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], STDERR_FILENO);

    // The child starts with default signal handling and an empty mask, whatever
    // the test process did with SIGPIPE.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t noSignals, pipeOnly;
    sigemptyset(&noSignals);
    sigemptyset(&pipeOnly);
    sigaddset(&pipeOnly, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &noSignals);
    posix_spawnattr_setsigdefault(&attr, &pipeOnly);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<std::string> argvStrings{program};
    argvStrings.insert(argvStrings.end(), args.begin(), args.end());
    auto envStrings = detail::mergedEnvironment(extraEnv);
    auto argv = detail::cStrings(argvStrings);
    auto envp = detail::cStrings(envStrings);

    pid_t pid = -1;
    const int spawnError = ::posix_spawn(&pid, program.c_str(), &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    detail::closeFd(inPipe[0]);
    detail::closeFd(outPipe[1]);
    detail::closeFd(errPipe[1]);
    if (spawnError != 0) {
        detail::closeFd(inPipe[1]);
        detail::closeFd(outPipe[0]);
        detail::closeFd(errPipe[0]);
        throw std::runtime_error("runProgram: cannot start " + program + ": " + std::strerror(spawnError));
    }

    // A child that exits without reading its stdin must not kill the test
    // with SIGPIPE: block it on this thread while writing, drop it afterwards.
    sigset_t oldMask;
    pthread_sigmask(SIG_BLOCK, &pipeOnly, &oldMask);
    sigset_t pendingBefore;
    sigpending(&pendingBefore);
    const bool pipeWasPending = sigismember(&pendingBefore, SIGPIPE) == 1;

    ::fcntl(inPipe[1], F_SETFL, ::fcntl(inPipe[1], F_GETFL) | O_NONBLOCK);
    if (stdinText.empty()) detail::closeFd(inPipe[1]);

    CliResult result;
    size_t written = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    bool timedOut = false;
    char buffer[65536];
    while (outPipe[0] >= 0 || errPipe[0] >= 0 || inPipe[1] >= 0) {
        pollfd fds[3];
        int n = 0;
        int outSlot = -1, errSlot = -1, inSlot = -1;
        if (outPipe[0] >= 0) {
            outSlot = n;
            fds[n++] = {outPipe[0], POLLIN, 0};
        }
        if (errPipe[0] >= 0) {
            errSlot = n;
            fds[n++] = {errPipe[0], POLLIN, 0};
        }
        if (inPipe[1] >= 0) {
            inSlot = n;
            fds[n++] = {inPipe[1], POLLOUT, 0};
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            timedOut = true;
            break;
        }
        const int ready = ::poll(fds, n, static_cast<int>(left));
        if (ready < 0) {
            if (errno == EINTR) continue;
            break;
        }
        auto drain = [&](int slot, int& fd, std::string& sink) {
            if (slot < 0 || fds[slot].revents == 0) return;
            const ssize_t got = ::read(fd, buffer, sizeof buffer);
            if (got > 0) sink.append(buffer, static_cast<size_t>(got));
            else if (got == 0 || (errno != EINTR && errno != EAGAIN)) detail::closeFd(fd);
        };
        drain(outSlot, outPipe[0], result.out);
        drain(errSlot, errPipe[0], result.err);
        if (inSlot >= 0 && fds[inSlot].revents != 0) {
            const ssize_t put = ::write(inPipe[1], stdinText.data() + written, stdinText.size() - written);
            if (put > 0) written += static_cast<size_t>(put);
            if ((put < 0 && errno != EAGAIN && errno != EINTR) || written == stdinText.size())
                detail::closeFd(inPipe[1]);
        }
    }
    detail::closeFd(inPipe[1]);
    detail::closeFd(outPipe[0]);
    detail::closeFd(errPipe[0]);

    if (!pipeWasPending) {
        sigset_t pending;
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE) == 1) {
            const timespec zero{0, 0};
            sigtimedwait(&pipeOnly, nullptr, &zero);
        }
    }
    pthread_sigmask(SIG_SETMASK, &oldMask, nullptr);

    if (timedOut) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (timedOut) result.exitStatus = -1;
    else if (WIFEXITED(status)) result.exitStatus = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) result.exitStatus = 128 + WTERMSIG(status);
    return result;
}

#ifdef OVERSUB_CLI_PATH
// Runs the oversub-cli built beside the tests.
inline CliResult runCli(const std::vector<std::string>& args, const std::string& stdinText = "",
                        const std::vector<std::string>& extraEnv = {}, int timeoutMs = 120000) {
    return runProgram(OVERSUB_CLI_PATH, args, stdinText, extraEnv, timeoutMs);
}
#endif

} // namespace oversub::test
