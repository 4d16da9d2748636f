// `oversub-cli watch [--rate HZ] [--duration S] [--pid PID] [--findings] [--events FILE|-]`:
// streams the sampler's ticks as JSON lines (a hello line, then one sample
// event per tick) with no experiment running: per-CPU shares always, and with
// --pid every thread of that process and of all its descendants, including
// those that appear later (the tree is rescanned twice a second). The
// window's idle view and "attach to process" read this stream.
//
// Stops cleanly, exit status 0, on SIGINT/SIGTERM, when the reader closes the
// stream (EPIPE), after --duration, or when the watched process tree is gone.
// The first tick only primes the counters (see sampler.h) and is not written.
//
// With --pid, at the end the tree's allowed PUs (read at every rescan) are
// checked against the machine's (analysis/tree_affinity.h): a narrowed tree
// is reported on stderr in one line, "oversub-cli watch: affinity-narrowed:
// ...", naming the pids and the fix. --findings also writes a last
// watch_done event (events/event_watch.h) with the findings to the stream.

#include "command_registry.h"
#include "run_output.h"

#include "analysis/tree_affinity.h"
#include "machine/affinity.h"
#include "topology/cpu_list.h"
#include "events/event.h"
#include "events/event_watch.h"
#include "util/output_file.h"
#include "machine/cgroup.h"
#include "sampler/process_namer.h"
#include "sampler/process_tree.h"
#include "sampler/sampler.h"
#include "machine/topology.h"
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
#include <optional>
#include <sstream>
#include <limits>
#include <string>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

namespace oversub::cli {
namespace {

struct WatchArgs {
    double rateHz = 10;
    double durationSeconds = 0; // 0: until stopped
    int pid = 0;                // 0: no process, CPUs only
    bool findings = false;      // write a watch_done event with the findings at the end
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

std::string numberText(double value) {
    std::ostringstream text;
    text << value;
    return text.str();
}

// What the affinity check needs of the attached tree: every process seen,
// in discovery order, with its allowed PUs as last read while it was alive
// (a script may widen its own mask after starting, as the seed's cure does),
// and the most threads that wanted a CPU in one tick.
class AttachedTree {
public:
    void readAffinity(int pid) {
        auto seen = std::find(order_.begin(), order_.end(), pid);
        if (seen == order_.end()) {
            order_.push_back(pid);
            cpusets_.emplace_back();
            seen = order_.end() - 1;
        }
        const auto index = static_cast<size_t>(seen - order_.begin());
        try {
            cpusets_[index] = currentAffinity(pid);
        } catch (const std::system_error&) {
            // Gone since the scan: keep what was read before.
        }
    }
    void countRunnable(const sampler::Snapshot& snapshot) {
        peakRunnable_ = std::max(peakRunnable_, analysis::runnableThreadsIn(snapshot));
    }
    analysis::TreeAffinityEvidence evidence(const CpuSet& machinePus, const CpuSet& usablePus) const {
        analysis::TreeAffinityEvidence e;
        for (size_t i = 0; i < order_.size(); ++i) e.processes.push_back({order_[i], cpusets_[i]});
        e.machinePus = machinePus;
        e.usablePus = usablePus;
        e.peakRunnableThreads = peakRunnable_;
        return e;
    }

private:
    std::vector<int> order_;
    std::vector<CpuSet> cpusets_;
    int peakRunnable_ = 0;
};

// The PUs of the machine and those its cgroup lets any process use.
std::pair<CpuSet, CpuSet> machineAndUsablePus() {
    const CpuSet machine = Topology::load().info().allPus();
    CpuSet usable;
    try {
        const std::string effective = machine::readCgroupLimits().cpusetEffective;
        if (!effective.empty()) usable = parsePlainCpuList(effective);
    } catch (const std::exception&) {
        // No readable cgroup cpuset: every PU of the machine is usable.
    }
    return {machine, usable};
}

// The affinity check of the attached tree: one plain line on stderr for a
// finding, and with --findings a watch_done event on the stream.
void reportTree(const WatchArgs& args, const AttachedTree& tree, double tSeconds, EventsOutput& out,
                bool streamOpen) {
    CpuSet machinePus, usablePus;
    try {
        std::tie(machinePus, usablePus) = machineAndUsablePus();
    } catch (const std::exception& error) {
        std::cerr << "oversub-cli watch: affinity not checked: cannot read the machine's PUs: " << error.what()
                  << '\n';
        return;
    }
    const analysis::TreeAffinityEvidence evidence = tree.evidence(machinePus, usablePus);
    const std::optional<analysis::Finding> finding = analysis::adviseTreeAffinity(evidence);
    if (finding) std::cerr << "oversub-cli watch: " << finding->id << ": " << finding->text << '\n';
    if (!args.findings || !streamOpen) return;
    events::WatchDone done;
    done.tSeconds = tSeconds;
    done.rootPid = args.pid;
    done.machineCpuset = machinePus.toList();
    done.peakRunnableThreads = evidence.peakRunnableThreads;
    for (const auto& p : evidence.processes) done.processes.push_back({p.pid, p.cpuset.toList()});
    if (finding) done.findings.push_back(*finding);
    out.writeLine(events::toJsonLine(done));
}

void validate(const WatchArgs& args) {
    if (!(args.rateHz >= 1 && args.rateHz <= 50))
        throw InputError("--rate", numberText(args.rateHz), "1 to 50 samples per second");
    if (!(args.durationSeconds >= 0) || !std::isfinite(args.durationSeconds))
        throw InputError("--duration", numberText(args.durationSeconds), "seconds >= 0 (0: until stopped)");
    if (args.pid < 0) throw InputError("--pid", std::to_string(args.pid), "the id of a running process");
    if (args.findings && args.pid == 0)
        throw InputError("--findings", "without --pid", "--findings together with --pid PID");
}

// Samples until a stop condition (see the top of the file). False when the
// reader closed the stream.
bool watchLoop(const WatchArgs& args, sampler::Sampler& sampler, std::vector<int> watched, AttachedTree& tree,
               EventsOutput& out, const StopSignals& stop, int64_t startNs) {
    const int64_t periodNs = static_cast<int64_t>(1e9 / args.rateHz);
    sampler.setStartMonotonicNs(startNs);
    const int64_t endNs = args.durationSeconds > 0 ? startNs + static_cast<int64_t>(args.durationSeconds * 1e9) : 0;
    const int64_t rescanNs = static_cast<int64_t>(kTreeRescanSeconds * 1e9);
    int64_t nextTreeScanNs = startNs;
    int64_t nextTickNs = startNs;
    bool first = true;
    events::Sample sample;
    sample.run = -1;
    sampler::ProcessNamer namer;

    for (;;) {
        const int64_t now = sampler::monotonicNowNs();
        if (args.pid > 0 && now >= nextTreeScanNs) {
            for (int pid : sampler::newDescendantsOf(watched, sampler::listProcesses()))
                if (sampler.watchProcess(pid, -1)) watched.push_back(pid);
            for (int pid : watched) tree.readAffinity(pid);
            nextTreeScanNs = now + rescanNs;
        }
        const sampler::Snapshot& snapshot = sampler.sample();
        if (!first) {
            tree.countRunnable(snapshot);
            sample.snapshot = snapshot;
            namer.nameNew(snapshot, sample.newProcesses);
            if (!out.writeLine(events::toJsonLine(sample))) return false;
        }
        first = false;
        if (args.pid > 0) {
            watched = sampler.watchedPids();
            if (watched.empty()) {
                std::cerr << "oversub-cli watch: process " << args.pid << " and its descendants have exited\n";
                return true;
            }
        }
        if (endNs > 0 && now >= endNs) return true;

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
            pollfd fds[2] = {{stop.readFd(), POLLIN, 0}, {out.fd(), 0, 0}};
            const int timeoutMs = static_cast<int>((left + 999'999) / 1'000'000);
            const int ready = ::poll(fds, 2, timeoutMs);
            if (ready < 0 && errno != EINTR)
                throw std::runtime_error(std::string("watch: poll: ") + std::strerror(errno));
            if (ready > 0 && (fds[0].revents & POLLIN)) return true;
            if (ready > 0 && (fds[1].revents & (POLLERR | POLLHUP))) return false;
        }
    }
}

int runWatch(const WatchArgs& args) {
    validate(args);
    sampler::Sampler sampler;
    std::vector<int> watched;
    AttachedTree tree;
    if (args.pid > 0) {
        if (!sampler.watchProcess(args.pid, -1))
            throw InputError("--pid", std::to_string(args.pid), "the id of a running process");
        watched.push_back(args.pid);
    }

    if (args.eventsPath != "-") checkOutputPath("--events", args.eventsPath, OutputWrite::InPlace);
    EventsOutput out(args.eventsPath); // OutputError -> exit 7, path named

    StopSignals stop;
    if (!out.writeLine(events::toJsonLine(events::Hello{events::kSchemaVersion,
                                                        std::string("oversub-cli ") + OVERSUB_VERSION})))
        return 0;

    const int64_t startNs = sampler::monotonicNowNs();
    const bool streamOpen = watchLoop(args, sampler, watched, tree, out, stop, startNs);
    if (args.pid > 0)
        reportTree(args, tree, static_cast<double>(sampler::monotonicNowNs() - startNs) / 1e9, out, streamOpen);
    return 0;
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
                        "following new ones as they appear; stops when they have all exited")
            ->check(CLI::Range(1, std::numeric_limits<int>::max())); // 0 would silently mean "no process"
        sub->add_flag("--findings", args->findings,
                      "With --pid: end the stream with a watch_done event carrying the findings "
                      "(the affinity check of the whole tree, also printed to stderr)");
        sub->add_option("--events", args->eventsPath, "Where the JSON lines go: a file, or - for stdout")
            ->default_val("-");
        return [args] { return runWatch(*args); };
    }};

} // namespace
} // namespace oversub::cli
