#include "external/python_finder.h"

#include "conductor/worker_processes.h"
#include "util/fd_io.h"
#include "util/input_error.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace oversub::external {
namespace {

constexpr size_t kCheckOutputBytes = 4096; // the end of what a failed import printed
constexpr int kCheckPollMs = 50;
// What the child writes when exec fails, followed by its errno.
constexpr char kExecFailed[] = "\x01oversub-exec-failed";

bool isExecutableFile(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// The first `name` on `pathVariable` that is an executable file, as execvp
// would find it (an empty entry is the current directory); "" when none.
std::string searchPath(const std::string& name, const char* pathVariable) {
    const std::string path = pathVariable ? pathVariable : "";
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find(':', start);
        if (end == std::string::npos) end = path.size();
        const std::string dir = end == start ? "." : path.substr(start, end - start);
        const std::string file = dir + "/" + name;
        if (isExecutableFile(file)) return file;
        start = end + 1;
    }
    return "";
}

bool sameFile(const std::string& a, const std::string& b) {
    std::error_code ec;
    return std::filesystem::equivalent(a, b, ec) && !ec;
}

std::string lastLine(const std::string& text) {
    const size_t end = text.find_last_not_of("\r\n \t");
    if (end == std::string::npos) return "";
    const size_t start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1,
                       end + 1 - (start == std::string::npos ? 0 : start + 1));
}

// Lets waitpid see the child even when the process inherited SIGCHLD ignored.
class ChildSignalDefault {
public:
    ChildSignalDefault() {
        struct sigaction dfl {};
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        ::sigaction(SIGCHLD, nullptr, &previous_);
        if (previous_.sa_handler == SIG_IGN) ::sigaction(SIGCHLD, &dfl, nullptr);
    }
    ~ChildSignalDefault() {
        if (previous_.sa_handler == SIG_IGN) ::sigaction(SIGCHLD, &previous_, nullptr);
    }
    ChildSignalDefault(const ChildSignalDefault&) = delete;
    ChildSignalDefault& operator=(const ChildSignalDefault&) = delete;

private:
    struct sigaction previous_ {};
};

// `python -c "import numpy"`: "" when it worked, else why not.
std::string checkNumpy(const std::string& python) {
    ChildSignalDefault childSignal;
    const char* argv[] = {python.c_str(), "-c", "import numpy", nullptr};
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return std::string("cannot be checked: pipe: ") + std::strerror(errno);
    const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0); // an engine killed mid-check takes the check along
        if (devNull >= 0) ::dup2(devNull, STDIN_FILENO);
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(out[1], STDERR_FILENO);
        for (int signal : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT}) ::signal(signal, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execv(argv[0], const_cast<char* const*>(argv));
        const int error = errno;
        (void)!::write(STDOUT_FILENO, kExecFailed, sizeof kExecFailed);
        (void)!::write(STDOUT_FILENO, &error, sizeof error);
        ::_exit(127);
    }
    const int forkError = errno;
    if (devNull >= 0) ::close(devNull);
    ::close(out[1]);
    Fd output(out[0]);
    if (pid < 0) return std::string("cannot be checked: fork: ") + std::strerror(forkError);
    ::fcntl(output.get(), F_SETFL, ::fcntl(output.get(), F_GETFL) | O_NONBLOCK);

    std::string text;
    auto drain = [&] {
        char buffer[4096];
        ssize_t n;
        while ((n = ::read(output.get(), buffer, sizeof buffer)) > 0) {
            text.append(buffer, static_cast<size_t>(n));
            if (text.size() > 2 * kCheckOutputBytes) text.erase(0, text.size() - kCheckOutputBytes);
        }
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(kPythonCheckSeconds);
    int status = 0;
    bool exited = false;
    while (!exited) {
        pollfd p{output.get(), POLLIN, 0};
        ::poll(&p, 1, kCheckPollMs);
        drain();
        pid_t got;
        do got = ::waitpid(pid, &status, WNOHANG);
        while (got < 0 && errno == EINTR);
        if (got == pid || got < 0) exited = true;
        else if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
            char seconds[32];
            std::snprintf(seconds, sizeof seconds, "%g", kPythonCheckSeconds);
            return std::string("did not finish `import numpy` within ") + seconds + " s";
        }
    }
    drain();

    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
    const size_t marker = text.find(kExecFailed, 0, sizeof kExecFailed);
    if (marker != std::string::npos && text.size() >= marker + sizeof kExecFailed + sizeof(int)) {
        int error = 0;
        std::memcpy(&error, text.data() + marker + sizeof kExecFailed, sizeof error);
        return std::string("cannot be run: ") + std::strerror(error);
    }
    if (text.find("No module named 'numpy'") != std::string::npos ||
        text.find("No module named numpy") != std::string::npos)
        return "has no module numpy";
    if (WIFSIGNALED(status))
        return "was killed by " + conductor::signalName(WTERMSIG(status)) + " while importing numpy";
    const std::string said = lastLine(text);
    return "failed to import numpy (exit status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")" +
           (said.empty() ? "" : ": " + said);
}

} // namespace

std::vector<PythonCandidate> pythonCandidates(std::string_view debianPython, const char* pathVariable,
                                              const char* override) {
    std::vector<PythonCandidate> out;
    if (override && *override) {
        const std::string given = override;
        const std::string path = given.find('/') != std::string::npos ? given : searchPath(given, pathVariable);
        out.push_back({path, std::string(kPythonVariable) + "=" + given});
        return out;
    }
    out.push_back({std::string(debianPython), std::string(debianPython)});
    const std::string onPath = searchPath("python3", pathVariable);
    if (onPath.empty()) out.push_back({"", "python3"});
    else if (!sameFile(onPath, std::string(debianPython))) out.push_back({onPath, "python3 on PATH (" + onPath + ")"});
    return out;
}

PythonSearch findPythonWithNumpy(const std::vector<PythonCandidate>& candidates) {
    PythonSearch search;
    for (const PythonCandidate& candidate : candidates) {
        PythonCheck check{candidate, false, ""};
        struct stat st {};
        if (candidate.path.empty()) check.problem = "is not on PATH";
        else if (::stat(candidate.path.c_str(), &st) != 0) check.problem = "does not exist";
        else if (!isExecutableFile(candidate.path)) check.problem = "is not an executable file";
        else check.problem = checkNumpy(candidate.path);
        check.hasNumpy = check.problem.empty();
        search.tried.push_back(check);
        if (check.hasNumpy) {
            search.python = candidate.path;
            break;
        }
    }
    return search;
}

std::string noPythonMessage(const PythonSearch& search) {
    std::string what;
    for (const PythonCheck& check : search.tried)
        if (!check.hasNumpy) what += (what.empty() ? "" : "; ") + check.candidate.label + " " + check.problem;
    if (what.empty()) what = "no Python to try";
    return "no Python with NumPy: " + what + " (apt install python3-numpy, or set " + std::string(kPythonVariable) +
           " to a Python that has NumPy)";
}

const std::string& pythonWithNumpy() {
    static const PythonSearch search =
        findPythonWithNumpy(pythonCandidates(kDebianPython, std::getenv("PATH"), std::getenv(kPythonVariable)));
    if (!search.python) throw InputError("command", noPythonMessage(search));
    return *search.python;
}

} // namespace oversub::external
