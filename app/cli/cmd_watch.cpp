// `oversub-cli watch [--rate HZ] [--duration S] [--pid PID] [--findings] [--events FILE|-]`:
// shows the sampler's ticks with no experiment running: per-CPU shares
// always, and with --pid every thread of that process and of all its
// descendants, including those that appear later. With --events, as JSON
// lines (a hello line, then one sample event per tick): the window's idle
// view and "attach to process" read this stream. Without it, for a person:
// a per-PU table redrawn in place on a terminal, one plain line a sample
// elsewhere (watch_screen.h). The loop itself is the engine's
// (watch/watch.h); this file parses the flags, opens the output and prints
// what the loop reports.
//
// Stops cleanly, exit status 0, on SIGINT/SIGTERM, when the reader closes the
// stream (EPIPE), after --duration, or when the watched process tree is gone.
//
// With --pid, at the end the tree's allowed PUs are checked against the
// machine's (analysis/tree_affinity.h): a narrowed tree is reported on
// stderr in one line, "oversub-cli watch: affinity-narrowed: ...", naming
// the pids and the fix. --findings also writes a last watch_done event
// (events/event_watch.h) with the findings to the stream.
//
// With --job (one watch per node of a job, e.g. under srun) the stream is
// JSON lines on stdout unless --events says otherwise, its second line is a
// node event (the node's name and topology, the job's id) and every sample
// carries the node's name, so the streams of all nodes can be written to one
// output and merged (`oversub-cli merge`, export/node_merge.h). --node NAME
// names the node (and implies --job); else $SLURMD_NODENAME, else the host name.

#include "command_registry.h"
#include "engine_reexec.h"
#include "run_output.h"
#include "watch_screen.h"

#include "conductor/poll_fds.h"
#include "events/event.h"
#include "events/sample_line.h"
#include "machine/topology.h"
#include "sampler/proc_file.h"
#include "util/output_file.h"
#include "watch/watch.h"

#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <variant>

#include <climits>
#include <unistd.h>

namespace oversub::cli {
namespace {

// "1", "50", "2.5": a rate limit as the help shows it.
std::string hertzText(double hz) {
    std::ostringstream text;
    text << hz;
    return text.str();
}

struct WatchArgs {
    watch::WatchOptions options;
    std::string eventsPath; // "": the readable table or lines on stdout
    bool job = false; // one node of a job: JSON lines, a node event, samples tagged
};

// The node's name for --job: Slurm's name for it, else the host name.
std::string defaultNodeName() {
    if (const char* slurm = std::getenv("SLURMD_NODENAME"); slurm && *slurm) return slurm;
    char host[HOST_NAME_MAX + 1] = {};
    if (::gethostname(host, sizeof host - 1) != 0) return "";
    return host;
}

events::NodeInfo nodeInfo(const std::string& node) {
    events::NodeInfo info;
    info.node = node;
    if (const char* job = std::getenv("SLURM_JOB_ID"); job) info.job = job;
    info.topology = topology::toJson(topology::loadTopology("", "").info());
    return info;
}

// The event stream as the watch's sink: false from emit on EPIPE, and the
// stream's descriptor to notice a reader that went away between ticks.
class StreamSink final : public watch::WatchSink {
public:
    explicit StreamSink(EventsOutput& out) : out_(out) {}
    bool emit(const events::Event& event) override {
        // Nearly every line is a sample: written into one string kept from
        // tick to tick (~16 KB for 64 threads) instead of a new one grown
        // from empty each time. The same bytes as toJsonLine.
        if (const auto* sample = std::get_if<events::Sample>(&event)) {
            events::writeSampleLine(*sample, line_);
            return out_.writeLine(line_);
        }
        return out_.writeLine(events::toJsonLine(event));
    }
    int hangupFd() const override { return out_.fd(); }

private:
    EventsOutput& out_;
    std::string line_;
};

// Why the watch ended, when that needs saying, and the tree's affinity check.
void reportWatchEnd(const watch::WatchResult& result) {
    if (!result.message.empty()) std::cerr << "oversub-cli watch: " << result.message << '\n';
    if (!result.affinityNotChecked.empty())
        std::cerr << "oversub-cli watch: affinity not checked: " << result.affinityNotChecked << '\n';
    if (result.finding)
        std::cerr << "oversub-cli watch: " << result.finding->id << ": " << result.finding->text << '\n';
}

int runWatch(WatchArgs args) {
    if (args.job || !args.options.node.empty()) {
        args.job = true;
        if (args.options.node.empty()) args.options.node = defaultNodeName();
        if (args.eventsPath.empty()) args.eventsPath = "-";
    }
    // SIGINT/SIGTERM are read through a signalfd, which needs them blocked
    // in every thread; OpenBLAS starts a pool thread at load that does not
    // block them, and would die of them. Without that pool there is none.
    reexecWithSingleThreadedBlasIfNeeded();
    // The sampler keeps a few /proc files of every watched thread open; a
    // program of thousands of threads needs more descriptors than the usual
    // soft limit of 1024 (past its cap the sampler reopens files for each
    // read instead: sampler/proc_file.h).
    sampler::raiseOpenFileLimit();
    watch::Watch watcher(args.options); // InputError: exit 2, nothing written

    if (args.eventsPath.empty()) {
        const conductor::SignalBlock signals; // as below: a signal from now on ends the watch cleanly
        watch::WatchResult result;
        {
            // Ended (cursor shown, last line closed) before anything more is printed.
            const auto screen = makeScreenSink();
            result = watcher.run(*screen);
        }
        reportWatchEnd(result);
        return 0;
    }
    if (args.eventsPath != "-") checkOutputPath("--events", args.eventsPath, OutputWrite::InPlace);
    EventsOutput out(args.eventsPath); // OutputError -> exit 7, path named

    // From the hello line on: a signal stays pending for the watch, and a
    // reader that closed the stream is an EPIPE, not a SIGPIPE.
    const conductor::SignalBlock signals;
    if (!out.writeLine(
            events::toJsonLine(events::Hello{events::kSchemaVersion, std::string("oversub-cli ") + OVERSUB_VERSION})))
        return 0;
    if (args.job && !out.writeLine(events::toJsonLine(nodeInfo(args.options.node)))) return 0;
    StreamSink sink(out);
    reportWatchEnd(watcher.run(sink));
    return 0;
}

const RegisterCommand registerWatch{
    "watch", 40, [](CLI::App& app) -> std::function<int()> {
        auto args = std::make_shared<WatchArgs>();
        watch::WatchOptions& options = args->options;
        CLI::App* sub = app.add_subcommand(
            "watch", "Show what every CPU (and, with --pid, every thread of a process tree) is doing: "
                     "a per-PU table redrawn in place on a terminal (one plain line a sample when stdout "
                     "is not a terminal), or with --events JSON lines: a hello line, then one sample "
                     "event per tick. Runs until SIGINT/SIGTERM, --duration, or the reader closes the stream.");
        sub->add_option("--rate", options.rateHz,
                        "Samples per second, " + hertzText(watch::kMinRateHz) + " to " + hertzText(watch::kMaxRateHz))
            ->default_val(10);
        sub->add_option("--duration", options.durationSeconds, "Stop after this many seconds (0: until stopped)")
            ->default_val(0);
        sub->add_option("--pid", options.pid,
                        "Also sample every thread of this process and of all its descendants, "
                        "following new ones as they appear; stops when they have all exited")
            ->check(CLI::Range(1, std::numeric_limits<int>::max())); // 0 would silently mean "no process"
        sub->add_flag("--findings", options.findings,
                      "With --pid: end the stream with a watch_done event carrying the findings "
                      "(the affinity check of the whole tree, also printed to stderr)");
        sub->add_option("--events", args->eventsPath,
                        "Write JSON lines instead of the table: to a file, or - for stdout")
            ->check([](const std::string& path) {
                return path.empty() ? std::string("an empty path is not allowed (give a file, or - for stdout)")
                                    : std::string();
            });
        sub->add_flag("--job", args->job,
                      "One node of a job (run one watch per node, e.g. srun --ntasks-per-node=1): JSON lines on "
                      "stdout unless --events says otherwise, a node event with the node's name and topology, "
                      "and every sample tagged with the name, for oversub-cli merge");
        sub->add_option("--node", options.node,
                        "The node's name in a --job stream (implies --job); default $SLURMD_NODENAME, else the "
                        "host name");
        return [args] { return runWatch(*args); };
    }};

} // namespace
} // namespace oversub::cli
