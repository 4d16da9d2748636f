// `oversub-cli watch [--rate HZ] [--duration S] [--pid PID] [--events FILE|-]`:
// streams the sampler's ticks as JSON lines (a hello line, then one sample
// event per tick) with no experiment running: per-CPU shares always, and with
// --pid every thread of that process and of all its descendants, including
// those that appear later (the tree is rescanned twice a second). The
// window's idle view and "attach to process" read this stream.
//
// Stops cleanly, exit status 0, on SIGINT/SIGTERM, when the reader closes the
// stream (EPIPE), after --duration, or when the watched process tree is gone.
// The first tick only primes the counters (see sampler.h) and is not written.

#include "command_registry.h"

#include "events/event.h"
#include "sampler/process_tree.h"
#include "sampler/sampler.h"
#include "util/input_error.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace oversub::cli {
namespace {

struct WatchArgs {
    double rateHz = 10;
    double durationSeconds = 0; // 0: until stopped
    int pid = 0;                // 0: no process, CPUs only
    std::string eventsPath = "-";
};

constexpr double kTreeRescanSeconds = 0.5;

// SIGINT/SIGTERM may land on any thread (OpenBLAS starts its pool at load),
// so the handler only writes a byte to a pipe the loop polls.
int gStopPipeWrite = -1;

void onStopSignal(int) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t ignored = ::write(gStopPipeWrite, &byte, 1);
}

class StopSignals {
public:
    StopSignals() {
        if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("watch: cannot create a pipe");
        gStopPipeWrite = pipe_[1];
        struct sigaction action {};
        action.sa_handler = onStopSignal;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGINT, &action, &oldInt_);
        ::sigaction(SIGTERM, &action, &oldTerm_);
        // A closed reader shows up as EPIPE from write instead of killing us.
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        ::sigaction(SIGPIPE, &ignore, &oldPipe_);
    }
    ~StopSignals() {
        ::sigaction(SIGINT, &oldInt_, nullptr);
        ::sigaction(SIGTERM, &oldTerm_, nullptr);
        ::sigaction(SIGPIPE, &oldPipe_, nullptr);
        gStopPipeWrite = -1;
        ::close(pipe_[0]);
        ::close(pipe_[1]);
    }
    int readFd() const { return pipe_[0]; }

private:
    int pipe_[2] = {-1, -1};
    struct sigaction oldInt_ {}, oldTerm_ {}, oldPipe_ {};
};

// Writes whole lines to a descriptor; false once the reader is gone.
bool writeLine(int fd, const std::string& line) {
    std::string text = line;
    text += '\n';
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EPIPE) return false;
            throw std::runtime_error(std::string("watch: cannot write the event stream: ") + std::strerror(errno));
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

struct FileCloser {
    int fd = -1;
    ~FileCloser() {
        if (fd >= 0) ::close(fd);
    }
};

std::string numberText(double value) {
    std::ostringstream text;
    text << value;
    return text.str();
}

void validate(const WatchArgs& args) {
    if (!(args.rateHz >= 1 && args.rateHz <= 50))
        throw InputError("--rate", numberText(args.rateHz), "1 to 50 samples per second");
    if (!(args.durationSeconds >= 0) || !std::isfinite(args.durationSeconds))
        throw InputError("--duration", numberText(args.durationSeconds), "seconds >= 0 (0: until stopped)");
    if (args.pid < 0) throw InputError("--pid", std::to_string(args.pid), "the id of a running process");
}

int runWatch(const WatchArgs& args) {
    validate(args);
    sampler::Sampler sampler;
    std::vector<int> watched;
    if (args.pid > 0) {
        if (!sampler.watchProcess(args.pid, -1))
            throw InputError("--pid", std::to_string(args.pid), "the id of a running process");
        watched.push_back(args.pid);
    }

    int outFd = STDOUT_FILENO;
    FileCloser eventsFile;
    if (args.eventsPath != "-") {
        eventsFile.fd = ::open(args.eventsPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (eventsFile.fd < 0)
            throw InputError("--events", args.eventsPath,
                             std::string("a writable file or - (") + std::strerror(errno) + ")");
        outFd = eventsFile.fd;
    }

    StopSignals stop;
    if (!writeLine(outFd, events::toJsonLine(events::Hello{events::kSchemaVersion,
                                                           std::string("oversub-cli ") + OVERSUB_VERSION})))
        return 0;

    const int64_t periodNs = static_cast<int64_t>(1e9 / args.rateHz);
    const int64_t startNs = sampler::monotonicNowNs();
    sampler.setStartMonotonicNs(startNs);
    const int64_t endNs = args.durationSeconds > 0 ? startNs + static_cast<int64_t>(args.durationSeconds * 1e9) : 0;
    const int64_t rescanNs = static_cast<int64_t>(kTreeRescanSeconds * 1e9);
    int64_t nextTreeScanNs = startNs;
    int64_t nextTickNs = startNs;
    bool first = true;
    events::Sample sample;
    sample.run = -1;

    for (;;) {
        const int64_t now = sampler::monotonicNowNs();
        if (args.pid > 0 && now >= nextTreeScanNs) {
            for (int pid : sampler::newDescendantsOf(watched, sampler::listProcesses()))
                if (sampler.watchProcess(pid, -1)) watched.push_back(pid);
            nextTreeScanNs = now + rescanNs;
        }
        const sampler::Snapshot& snapshot = sampler.sample();
        if (!first) {
            sample.snapshot = snapshot;
            if (!writeLine(outFd, events::toJsonLine(sample))) return 0;
        }
        first = false;
        if (args.pid > 0) {
            watched = sampler.watchedPids();
            if (watched.empty()) {
                std::cerr << "oversub-cli watch: process " << args.pid << " and its descendants have exited\n";
                return 0;
            }
        }
        if (endNs > 0 && now >= endNs) return 0;

        // Next tick on a fixed grid; after a stall (stopped, overloaded) start again from now.
        nextTickNs += periodNs;
        const int64_t afterSample = sampler::monotonicNowNs();
        if (nextTickNs <= afterSample) nextTickNs = afterSample + periodNs;
        if (endNs > 0 && nextTickNs > endNs) nextTickNs = std::max(endNs, afterSample);
        for (;;) {
            const int64_t left = nextTickNs - sampler::monotonicNowNs();
            if (left <= 0) break;
            // The stream's descriptor with no events still reports POLLERR
            // when a pipe's reader has gone away.
            pollfd fds[2] = {{stop.readFd(), POLLIN, 0}, {outFd, 0, 0}};
            const int timeoutMs = static_cast<int>((left + 999'999) / 1'000'000);
            const int ready = ::poll(fds, 2, timeoutMs);
            if (ready < 0 && errno != EINTR)
                throw std::runtime_error(std::string("watch: poll: ") + std::strerror(errno));
            if (ready > 0 && (fds[0].revents & POLLIN)) return 0;
            if (ready > 0 && (fds[1].revents & (POLLERR | POLLHUP))) return 0;
        }
    }
}

const RegisterCommand registerWatch{
    "watch", 40, [](CLI::App& app) -> std::function<int()> {
        auto args = std::make_shared<WatchArgs>();
        CLI::App* sub = app.add_subcommand(
            "watch", "Stream what every CPU (and, with --pid, every thread of a process tree) is doing, "
                     "as JSON lines: a hello line, then one sample event per tick. Runs until "
                     "SIGINT/SIGTERM, --duration, or the reader closes the stream.");
        sub->add_option("--rate", args->rateHz, "Samples per second, 1 to 50")->default_val(10);
        sub->add_option("--duration", args->durationSeconds, "Stop after this many seconds (0: until stopped)")
            ->default_val(0);
        sub->add_option("--pid", args->pid,
                        "Also sample every thread of this process and of all its descendants, "
                        "following new ones as they appear; stops when they have all exited");
        sub->add_option("--events", args->eventsPath, "Where the JSON lines go: a file, or - for stdout")
            ->default_val("-");
        return [args] { return runWatch(*args); };
    }};

} // namespace
} // namespace oversub::cli
